//! Finding where a key path is written, for errors found after parsing.
//!
//! serde keeps no positions, so this searches the text: each key of the path in turn,
//! each after the one before, then optionally a value after the last. It understands
//! just enough of YAML and JSON (quotes, comments, flow maps) for the keys a spec has;
//! when a step is not found it gives up and the error goes without a location.

/// The 1-based line and column of a value (or, without one, of the last key) after the
/// keys `keys`, each found after the previous one. The value is `(text, skip)`: its
/// first occurrence after the keys, or later when `skip` earlier ones belong to other
/// items of the same list.
pub(crate) fn locate(text: &str, keys: &[&str], value: Option<(&str, usize)>) -> Option<(usize, usize)> {
    let mut steps: Vec<Step<'_>> = keys.iter().map(|k| Step::Key(k)).collect();
    if let Some((value, skip)) = value {
        steps.push(Step::Value(value, skip));
    }
    locate_steps(text, &steps)
}

/// One step of a search through the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step<'a> {
    /// The next key of this name.
    Key(&'a str),
    /// The next value of this text, skipping this many earlier ones.
    Value(&'a str, usize),
}

/// The 1-based line and column of the last step, each step found after the previous one.
pub(crate) fn locate_steps(text: &str, steps: &[Step<'_>]) -> Option<(usize, usize)> {
    let mut from = 0;
    let mut found = None;
    for step in steps {
        match *step {
            Step::Key(key) => {
                let at = find_token(text, key, from, true)?;
                found = Some(at);
                from = at + key.len();
            }
            Step::Value(value, skip) => {
                for _ in 0..=skip {
                    let at = find_token(text, value, from, false)?;
                    found = Some(at);
                    from = at + value.len();
                }
            }
        }
    }
    found.map(|at| line_and_column(text, at))
}

/// The byte offset of the first whole-token occurrence of `token` at or after `from`,
/// outside comments; as a key when `key` (followed by `:`, maybe after a quote).
fn find_token(text: &str, token: &str, from: usize, key: bool) -> Option<usize> {
    find_token_with(text, token, from, key, &|at| in_comment(text, at))
}

/// [`find_token`] with the comment test given, so an index can answer it at once.
fn find_token_with(
    text: &str,
    token: &str,
    from: usize,
    key: bool,
    commented: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    if token.is_empty() {
        return None;
    }
    let mut start = from;
    while let Some(i) = text.get(start..)?.find(token) {
        let at = start + i;
        let end = at + token.len();
        start = end;
        let before = text[..at].chars().next_back();
        let after = &text[end..];
        let bounded_before = before.is_none_or(|c| !is_word(c));
        let rest = after.strip_prefix(['"', '\'']).unwrap_or(after);
        let bounded_after = rest.chars().next().is_none_or(|c| !is_word(c));
        if !bounded_before || !bounded_after || commented(at) {
            continue;
        }
        if key && !rest.trim_start_matches([' ', '\t']).starts_with(':') {
            continue;
        }
        return Some(at);
    }
    None
}

/// Characters that continue a name: a match must not be part of a longer one.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/')
}

/// Whether the offset is inside a `#` comment (YAML), judged on its line alone.
fn in_comment(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut quote = None;
    let mut previous = ' ';
    for c in text[line_start..at].chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && previous.is_whitespace() => return true,
            None => {}
        }
        previous = c;
    }
    false
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_and_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Facts about a text computed once, so that locating many findings costs time in
/// proportion to the text, not to the text times the findings: where lines start, where
/// each line's comment starts, and how many characters precede each block of bytes.
pub(crate) struct TextIndex {
    line_starts: Vec<usize>,
    /// Per line, the byte offset of its `#` comment (YAML only).
    comments: Vec<Option<usize>>,
    /// Characters before each [`BLOCK`]-byte block.
    chars_before_block: Vec<usize>,
}

/// Bytes per block of [`TextIndex::chars_before_block`]: a column costs at most this.
const BLOCK: usize = 1_024;

/// The byte offset of the `#` comment of the YAML line starting at byte `start`: a `#`
/// after whitespace (or at the line's start), outside quotes.
fn comment_start(bytes: &[u8], start: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    let mut previous = b' ';
    for (offset, &b) in bytes[start..].iter().enumerate() {
        let i = start + offset;
        match quote {
            _ if b == b'\n' => return None,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'#' && previous.is_ascii_whitespace() => return Some(i),
            None => {}
        }
        previous = b;
    }
    None
}

impl TextIndex {
    /// Indexes `text`; `yaml` says whether `#` starts a comment.
    pub(crate) fn new(text: &str, yaml: bool) -> TextIndex {
        let bytes = text.as_bytes();
        // One simple pass per fact, each of which the compiler can vectorize.
        let mut chars_before_block = Vec::with_capacity(bytes.len() / BLOCK + 2);
        let mut chars = 0usize;
        for block in bytes.chunks(BLOCK) {
            chars_before_block.push(chars);
            chars += block.iter().filter(|&&b| b & 0xC0 != 0x80).count();
        }
        if bytes.len() % BLOCK == 0 {
            chars_before_block.push(chars);
        }
        let mut line_starts = vec![0];
        line_starts.extend(bytes.iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(i, _)| i + 1));
        // JSON has no comments: no line has one.
        let comments = if yaml {
            line_starts.iter().map(|&start| comment_start(bytes, start)).collect()
        } else {
            Vec::new()
        };
        TextIndex { line_starts, comments, chars_before_block }
    }

    /// The 0-based line holding byte `at`.
    fn line_of(&self, at: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= at).saturating_sub(1)
    }

    /// Whether byte `at` is inside a comment.
    pub(crate) fn in_comment(&self, at: usize) -> bool {
        self.comments.get(self.line_of(at)).copied().flatten().is_some_and(|c| c < at)
    }

    /// Characters of `text` before byte `at`.
    fn chars_before(&self, text: &str, at: usize) -> usize {
        let block = at / BLOCK;
        let start = block * BLOCK;
        let before = self.chars_before_block.get(block).copied().unwrap_or_default();
        before + text.as_bytes()[start..at].iter().filter(|&&b| b & 0xC0 != 0x80).count()
    }

    /// The 1-based line and column (in characters) of byte `at`.
    pub(crate) fn line_and_column(&self, text: &str, at: usize) -> (usize, usize) {
        let line = self.line_of(at);
        let start = self.line_starts[line];
        (line + 1, self.chars_before(text, at) - self.chars_before(text, start) + 1)
    }

    /// The first whole-token key `token` in `text[from..end]`, outside comments.
    pub(crate) fn find_key(&self, text: &str, token: &str, from: usize, end: usize) -> Option<usize> {
        let bounded = text.get(..end)?;
        find_token_with(bounded, token, from, true, &|at| self.in_comment(at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "\
stacks:
  s:
    queues:
      # Jobs: a comment
      Dlq: {}
      Jobs: { dead_letter_queue: { queue: Dlqq, max_receive_count: 3 } }
    functions:
      F:
        grants: [ { send: Jobs }, { read_data: \"Jobs\" } ]
";

    #[test]
    fn finds_keys_in_order_and_values_after_them() {
        assert_eq!(locate(YAML, &["stacks", "s", "queues", "Jobs"], None), Some((6, 7)));
        assert_eq!(
            locate(YAML, &["stacks", "s", "queues", "Jobs", "dead_letter_queue"], Some(("Dlqq", 0))),
            Some((6, 43))
        );
        let grants = ["stacks", "s", "functions", "F", "grants"];
        assert_eq!(locate(YAML, &grants, Some(("Jobs", 0))), Some((9, 27)));
        assert_eq!(locate(YAML, &grants, Some(("Jobs", 1))), Some((9, 49)));
        assert_eq!(locate(YAML, &["stacks", "t"], None), None);
    }

    #[test]
    fn the_index_agrees_with_the_direct_search() {
        let index = TextIndex::new(YAML, true);
        for (i, _) in YAML.char_indices() {
            assert_eq!(index.in_comment(i), in_comment(YAML, i), "at {i}");
            assert_eq!(index.line_and_column(YAML, i), line_and_column(YAML, i), "at {i}");
        }
        let long = format!("{}é{}\nb: 1", "a".repeat(3 * BLOCK), "z".repeat(BLOCK));
        let index = TextIndex::new(&long, true);
        for (i, _) in long.char_indices() {
            assert_eq!(index.line_and_column(&long, i), line_and_column(&long, i), "at {i}");
        }
    }

    #[test]
    fn finds_quoted_json_keys() {
        let json = "{\"stacks\": {\"s\": {\"queues\": {\"Jobs\": {}}}}}";
        assert_eq!(locate(json, &["stacks", "s", "queues", "Jobs"], None), Some((1, 31)));
    }
}

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
        if !bounded_before || !bounded_after || in_comment(text, at) {
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
    fn finds_quoted_json_keys() {
        let json = "{\"stacks\": {\"s\": {\"queues\": {\"Jobs\": {}}}}}";
        assert_eq!(locate(json, &["stacks", "s", "queues", "Jobs"], None), Some((1, 31)));
    }
}

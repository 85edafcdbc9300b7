//! A small regular-expression matcher for the `pattern` and `patternProperties` keywords:
//! the subset of ECMA-262 syntax the vendored schemas use, matched by a backtracking
//! machine that remembers the states it has tried, so a match costs at most
//! (program size × text length) steps.

mod parse;

use parse::{Ast, Class, ClassItem};

/// The most instructions a compiled pattern may have (counted repetitions are unrolled).
const MAX_INSTRUCTIONS: usize = 20_000;
/// The most (instruction, position) states one match may visit.
const MAX_STATES: usize = 1 << 26;
/// The most steps one match may take, lookarounds included.
const MAX_STEPS: u64 = 5_000_000;

/// A `pattern` of a JSON Schema, compiled once, on first use (a resource schema has many
/// patterns of properties a template never sets).
///
/// Matching has search semantics, as JSON Schema says: the pattern may match anywhere in
/// the text unless it is anchored with `^` and `$`. A pattern that uses syntax outside the
/// supported subset compiles to an unchecked pattern: [`Pattern::is_match`] then answers
/// `None` rather than guessing.
///
/// ```
/// use formwork_schema::Pattern;
///
/// let bucket = Pattern::new("^[0-9A-Za-z\\.\\-_]*(?<!\\.)$");
/// assert_eq!(bucket.is_match("my-assets"), Some(true));
/// assert_eq!(bucket.is_match("my-assets."), Some(false));
/// assert_eq!(Pattern::new("(a)\\1").is_match("aa"), None);
/// ```
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    compiled: std::sync::OnceLock<Result<Program, String>>,
}

#[derive(Debug, Clone)]
struct Program {
    /// The main program first, then one per lookaround.
    parts: Vec<Vec<Inst>>,
    classes: Vec<Class>,
}

#[derive(Debug, Clone, Copy)]
enum Inst {
    Char(char),
    Any,
    Class(usize),
    Start,
    End,
    WordBoundary { negated: bool },
    Look { part: usize, behind: bool, negated: bool },
    Split(usize, usize),
    Jump(usize),
    Match,
}

impl Pattern {
    /// A pattern, compiled when it is first matched. Never fails: unsupported syntax makes
    /// an unchecked pattern.
    pub fn new(source: &str) -> Pattern {
        Pattern { source: source.to_string(), compiled: std::sync::OnceLock::new() }
    }

    fn compiled(&self) -> &Result<Program, String> {
        self.compiled.get_or_init(|| {
            parse::parse(&self.source).and_then(|ast| {
                let mut program = Program { parts: vec![Vec::new()], classes: Vec::new() };
                program.emit_part(0, &ast)?;
                Ok(program)
            })
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Why the pattern is not checked, if it is not: the first unsupported construct.
    pub fn unsupported(&self) -> Option<&str> {
        self.compiled().as_ref().err().map(String::as_str)
    }

    /// Whether the pattern matches somewhere in `text`; `None` when the pattern is not
    /// supported or the match would take too long to decide.
    pub fn is_match(&self, text: &str) -> Option<bool> {
        let program = self.compiled().as_ref().ok()?;
        let text: Vec<char> = text.chars().collect();
        let mut steps = 0;
        program.run(0, &text, Anchor::Search, &mut steps)
    }
}

/// Where a run starts and ends.
#[derive(Clone, Copy)]
enum Anchor {
    /// At any position, ending anywhere.
    Search,
    /// At this position, ending anywhere (lookahead).
    At(usize),
    /// At this position, ending exactly at that one (lookbehind).
    Between(usize, usize),
}

impl Program {
    fn emit_part(&mut self, part: usize, ast: &Ast) -> Result<(), String> {
        self.emit(part, ast)?;
        self.parts[part].push(Inst::Match);
        Ok(())
    }

    fn push(&mut self, part: usize, inst: Inst) -> Result<usize, String> {
        let total: usize = self.parts.iter().map(Vec::len).sum();
        if total >= MAX_INSTRUCTIONS {
            return Err("a pattern too large to check".into());
        }
        self.parts[part].push(inst);
        Ok(self.parts[part].len() - 1)
    }

    fn next(&self, part: usize) -> usize {
        self.parts[part].len()
    }

    fn patch(&mut self, part: usize, at: usize, inst: Inst) {
        self.parts[part][at] = inst;
    }

    fn emit(&mut self, part: usize, ast: &Ast) -> Result<(), String> {
        match ast {
            Ast::Empty => {}
            Ast::Char(c) => {
                self.push(part, Inst::Char(*c))?;
            }
            Ast::Any => {
                self.push(part, Inst::Any)?;
            }
            Ast::Class(class) => {
                self.classes.push(class.clone());
                self.push(part, Inst::Class(self.classes.len() - 1))?;
            }
            Ast::Start => {
                self.push(part, Inst::Start)?;
            }
            Ast::End => {
                self.push(part, Inst::End)?;
            }
            Ast::WordBoundary { negated } => {
                self.push(part, Inst::WordBoundary { negated: *negated })?;
            }
            Ast::Concat(items) => {
                for item in items {
                    self.emit(part, item)?;
                }
            }
            Ast::Alt(branches) => {
                // split L1, next; L1: a; jump end; next: split L2, ...; last branch falls through
                let mut jumps = Vec::new();
                for (i, branch) in branches.iter().enumerate() {
                    if i + 1 < branches.len() {
                        let split = self.push(part, Inst::Match)?;
                        self.emit(part, branch)?;
                        jumps.push(self.push(part, Inst::Match)?);
                        let next = self.next(part);
                        self.patch(part, split, Inst::Split(split + 1, next));
                    } else {
                        self.emit(part, branch)?;
                    }
                }
                let end = self.next(part);
                for jump in jumps {
                    self.patch(part, jump, Inst::Jump(end));
                }
            }
            Ast::Repeat { ast, min, max, greedy } => self.repeat(part, ast, *min, *max, *greedy)?,
            Ast::Look { ast, behind, negated } => {
                self.parts.push(Vec::new());
                let sub = self.parts.len() - 1;
                self.emit_part(sub, ast)?;
                self.push(part, Inst::Look { part: sub, behind: *behind, negated: *negated })?;
            }
        }
        Ok(())
    }

    fn split(greedy: bool, body: usize, out: usize) -> Inst {
        if greedy {
            Inst::Split(body, out)
        } else {
            Inst::Split(out, body)
        }
    }

    fn repeat(
        &mut self,
        part: usize,
        ast: &Ast,
        min: u32,
        max: Option<u32>,
        greedy: bool,
    ) -> Result<(), String> {
        for _ in 0..min {
            self.emit(part, ast)?;
        }
        match max {
            None => {
                let split = self.push(part, Inst::Match)?;
                self.emit(part, ast)?;
                self.push(part, Inst::Jump(split))?;
                let out = self.next(part);
                self.patch(part, split, Program::split(greedy, split + 1, out));
            }
            Some(max) => {
                let mut splits = Vec::new();
                for _ in min..max {
                    splits.push(self.push(part, Inst::Match)?);
                    self.emit(part, ast)?;
                }
                let out = self.next(part);
                for split in splits {
                    self.patch(part, split, Program::split(greedy, split + 1, out));
                }
            }
        }
        Ok(())
    }

    fn class_matches(&self, class: usize, c: char) -> bool {
        let class = &self.classes[class];
        let hit = class.items.iter().any(|item| match *item {
            ClassItem::Range(lo, hi) => lo <= c && c <= hi,
            ClassItem::Set(set, negated) => set.contains(c) != negated,
        });
        hit != class.negated
    }

    /// Runs one part; `None` when the budget ran out.
    fn run(&self, part: usize, text: &[char], anchor: Anchor, steps: &mut u64) -> Option<bool> {
        let insts = &self.parts[part];
        // The positions this run can use: a lookbehind never looks past its end.
        let (base, limit) = match anchor {
            Anchor::Search => (0, text.len()),
            Anchor::At(pos) => (pos, text.len()),
            Anchor::Between(start, end) => (start, end),
        };
        let width = limit - base + 1;
        let states = insts.len().checked_mul(width)?;
        if states > MAX_STATES {
            return None;
        }
        // Setting up the memory counts against the budget too.
        *steps += (states as u64).div_ceil(64);
        let mut visited = vec![0u64; states.div_ceil(64)];
        let mut stack: Vec<(usize, usize)> = match anchor {
            Anchor::Search => (0..=text.len()).rev().map(|pos| (0, pos)).collect(),
            Anchor::At(pos) | Anchor::Between(pos, _) => vec![(0, pos)],
        };
        let end_at = match anchor {
            Anchor::Between(_, end) => Some(end),
            _ => None,
        };
        while let Some((mut pc, mut pos)) = stack.pop() {
            loop {
                if pos > limit {
                    break;
                }
                let state = pc * width + (pos - base);
                if visited[state / 64] & (1 << (state % 64)) != 0 {
                    break;
                }
                visited[state / 64] |= 1 << (state % 64);
                *steps += 1;
                if *steps > MAX_STEPS {
                    return None;
                }
                let advance = match insts[pc] {
                    Inst::Char(c) => text.get(pos) == Some(&c),
                    Inst::Any => text.get(pos).is_some_and(|&c| c != '\n'),
                    Inst::Class(class) => text.get(pos).is_some_and(|&c| self.class_matches(class, c)),
                    Inst::Start | Inst::End | Inst::WordBoundary { .. } | Inst::Look { .. } => {
                        if self.assert(insts[pc], text, pos, steps)? {
                            pc += 1;
                            continue;
                        }
                        break;
                    }
                    Inst::Split(first, second) => {
                        stack.push((second, pos));
                        pc = first;
                        continue;
                    }
                    Inst::Jump(to) => {
                        pc = to;
                        continue;
                    }
                    Inst::Match => {
                        if end_at.is_none_or(|end| end == pos) {
                            return Some(true);
                        }
                        break;
                    }
                };
                if !advance {
                    break;
                }
                pc += 1;
                pos += 1;
            }
        }
        Some(false)
    }

    /// Whether a zero-width instruction holds at `pos`.
    fn assert(&self, inst: Inst, text: &[char], pos: usize, steps: &mut u64) -> Option<bool> {
        let word = |i: Option<usize>| {
            i.and_then(|i| text.get(i)).is_some_and(|&c| c.is_ascii_alphanumeric() || c == '_')
        };
        Some(match inst {
            Inst::Start => pos == 0,
            Inst::End => pos == text.len(),
            Inst::WordBoundary { negated } => (word(pos.checked_sub(1)) != word(Some(pos))) != negated,
            Inst::Look { part, behind: false, negated } => {
                self.run(part, text, Anchor::At(pos), steps)? != negated
            }
            Inst::Look { part, behind: true, negated } => {
                let mut found = false;
                for start in (0..=pos).rev() {
                    if self.run(part, text, Anchor::Between(start, pos), steps)? {
                        found = true;
                        break;
                    }
                }
                found != negated
            }
            _ => false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, text: &str) -> Option<bool> {
        Pattern::new(pattern).is_match(text)
    }

    #[test]
    fn search_semantics_unless_anchored() {
        assert_eq!(m("b+", "abbbc"), Some(true));
        assert_eq!(m("^b+", "abbbc"), Some(false));
        assert_eq!(m("^a(b|c)*d?$", "abcbc"), Some(true));
        assert_eq!(m("^a(b|c)*d?$", "abcbce"), Some(false));
        assert_eq!(m("", "anything"), Some(true));
    }

    #[test]
    fn counted_and_lazy_repetition() {
        assert_eq!(m("^\\d{12}$", "123456789012"), Some(true));
        assert_eq!(m("^\\d{12}$", "12345678901"), Some(false));
        assert_eq!(m("^a{2,}$", "a"), Some(false));
        assert_eq!(m("^a{2,}$", "aaaa"), Some(true));
        assert_eq!(m("^a{0,2}$", "aaa"), Some(false));
        assert_eq!(m("^a+?b$", "aaab"), Some(true));
    }

    #[test]
    fn empty_loops_terminate() {
        assert_eq!(m("^(a*)*$", "aaaa"), Some(true));
        assert_eq!(m("^(a*)*$", "aaab"), Some(false));
        assert_eq!(m("^(a|a)*b$", &"a".repeat(200)), Some(false));
    }

    #[test]
    fn lookarounds() {
        assert_eq!(m("^(?!aws:)[a-zA-Z+-=._:/]+$", "aws:cloudformation"), Some(false));
        assert_eq!(m("^(?!aws:)[a-zA-Z+-=._:/]+$", "team"), Some(true));
        assert_eq!(m("^(?=[a-z]{3})abc", "abcd"), Some(true));
        assert_eq!(m("x(?<=ax)", "bx"), Some(false));
        assert_eq!(m("x(?<=ax)", "ax"), Some(true));
        assert_eq!(m("(?<!\\.)$", "a."), Some(false));
    }

    #[test]
    fn budget_exhaustion_is_not_a_verdict() {
        let text = "a".repeat(5_000);
        // 5,000 lookbehind probes, each a scan of the text so far: over the step budget.
        assert_eq!(m("(?<!b.*)c", &text), None);
    }
}

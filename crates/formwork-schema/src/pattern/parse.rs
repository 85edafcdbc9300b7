//! The pattern parser: source text → syntax tree, or the reason it is not supported.
//!
//! The dialect is ECMA-262's (which JSON Schema names) where the vendored schemas need
//! it, plus the Python spellings cfn-lint's patterns use (`\Z`, `(?P<name>...)`). Anything
//! else is refused with a reason, so that a pattern is either checked as written or not
//! checked at all.

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Ast {
    /// Matches the empty string.
    Empty,
    /// One character.
    Char(char),
    /// `.`: any character but a line feed.
    Any,
    /// `[...]`, `\d`, `\w`, ...
    Class(Class),
    /// `^` (and `\A`): the start of the text.
    Start,
    /// `$` (and `\Z`, `\z`): the end of the text.
    End,
    /// `\b` (or `\B` when `negated`).
    WordBoundary { negated: bool },
    /// A sequence.
    Concat(Vec<Ast>),
    /// `a|b|c`.
    Alt(Vec<Ast>),
    /// `x*`, `x+`, `x?`, `x{m,n}`, greedy or lazy.
    Repeat { ast: Box<Ast>, min: u32, max: Option<u32>, greedy: bool },
    /// `(?=x)`, `(?!x)`, `(?<=x)`, `(?<!x)`.
    Look { ast: Box<Ast>, behind: bool, negated: bool },
}

/// A character class: ranges and named sets, possibly negated.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Class {
    pub(super) negated: bool,
    pub(super) items: Vec<ClassItem>,
}

/// One member of a class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum ClassItem {
    /// An inclusive range; a single character is a range of one.
    Range(char, char),
    /// A named set, possibly negated (`\D`, `\P{L}`).
    Set(Set, bool),
}

/// The named character sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Set {
    /// `\d`: ASCII digits (ECMA-262).
    Digit,
    /// `\w`: ASCII letters, digits and `_` (ECMA-262).
    Word,
    /// `\s`: white space and line terminators (ECMA-262).
    Space,
    /// `\p{L}`: approximated by Unicode's Alphabetic property, a superset.
    Letter,
    /// `\p{Lu}`: approximated by Unicode's Uppercase property, a superset.
    Uppercase,
    /// `\p{Ll}`: approximated by Unicode's Lowercase property, a superset.
    Lowercase,
    /// `\p{N}`: exactly the number categories (Nd, Nl, No).
    Number,
    /// `\p{Z}`: approximated by Unicode's White_Space property, a superset.
    Separator,
}

impl Set {
    /// Whether the set is approximated by a superset: such a set may only be used where
    /// matching more can only accept more text.
    pub(super) fn is_superset(self) -> bool {
        matches!(self, Set::Letter | Set::Uppercase | Set::Lowercase | Set::Separator)
    }

    pub(super) fn contains(self, c: char) -> bool {
        match self {
            Set::Digit => c.is_ascii_digit(),
            Set::Word => c.is_ascii_alphanumeric() || c == '_',
            Set::Space => c.is_whitespace() || c == '\u{feff}',
            Set::Letter => c.is_alphabetic(),
            Set::Uppercase => c.is_uppercase(),
            Set::Lowercase => c.is_lowercase(),
            Set::Number => c.is_numeric(),
            Set::Separator => c.is_whitespace(),
        }
    }
}

/// Parses a pattern, or says why it is not supported.
pub(super) fn parse(source: &str) -> Result<Ast, String> {
    let mut parser = Parser { chars: source.chars().collect(), pos: 0, negative: false };
    let ast = parser.alternation()?;
    match parser.peek() {
        None => Ok(ast),
        Some(c) => Err(format!("unexpected `{c}` at {}", parser.pos)),
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    /// Inside a negative lookaround, where a superset approximation would reject text.
    negative: bool,
}

enum ClassAtom {
    Char(char),
    Set(Set, bool),
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn eat(&mut self, text: &str) -> bool {
        let n = text.chars().count();
        if self.chars[self.pos..].iter().take(n).copied().eq(text.chars()) {
            self.pos += n;
            true
        } else {
            false
        }
    }

    fn alternation(&mut self) -> Result<Ast, String> {
        let mut branches = vec![self.concatenation()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            branches.push(self.concatenation()?);
        }
        Ok(if branches.len() == 1 { branches.remove(0) } else { Ast::Alt(branches) })
    }

    fn concatenation(&mut self) -> Result<Ast, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Ok(match items.len() {
            0 => Ast::Empty,
            1 => items.remove(0),
            _ => Ast::Concat(items),
        })
    }

    /// `{m}`, `{m,}` or `{m,n}` at the current position, consumed; `None` (nothing
    /// consumed) when the brace is not a quantifier and so stands for itself.
    fn braces(&mut self) -> Option<(u32, Option<u32>)> {
        let start = self.pos;
        self.pos += 1;
        let number = |p: &mut Parser| {
            let from = p.pos;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.pos += 1;
            }
            p.chars[from..p.pos].iter().collect::<String>().parse::<u32>().ok()
        };
        let parsed = (|| {
            let min = number(self)?;
            let max = if self.peek() == Some(',') {
                self.pos += 1;
                if self.peek() == Some('}') {
                    None
                } else {
                    Some(number(self)?)
                }
            } else {
                Some(min)
            };
            (self.bump() == Some('}')).then_some((min, max))
        })();
        if parsed.is_none() {
            self.pos = start;
        }
        parsed
    }

    fn quantified(&mut self, atom: Ast) -> Result<Ast, String> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => match self.braces() {
                Some(bounds) => {
                    self.pos -= 1; // the closing brace is consumed below, like the other quantifiers
                    bounds
                }
                None => return Ok(atom),
            },
            _ => return Ok(atom),
        };
        self.pos += 1;
        if let Some(max) = max {
            if max < min {
                return Err(format!("quantifier {{{min},{max}}} out of order"));
            }
        }
        if matches!(atom, Ast::Start | Ast::End | Ast::WordBoundary { .. } | Ast::Look { .. } | Ast::Empty) {
            return Err("a quantifier on an assertion".into());
        }
        let greedy = if self.peek() == Some('?') {
            self.pos += 1;
            false
        } else {
            true
        };
        if matches!(self.peek(), Some('*' | '+' | '?')) {
            return Err("a quantifier after a quantifier".into());
        }
        Ok(Ast::Repeat { ast: Box::new(atom), min, max, greedy })
    }

    fn atom(&mut self) -> Result<Ast, String> {
        let Some(c) = self.bump() else { return Err("unexpected end".into()) };
        match c {
            '(' => self.group(),
            '[' => self.class().map(Ast::Class),
            '.' => Ok(Ast::Any),
            '^' => Ok(Ast::Start),
            '$' => Ok(Ast::End),
            '\\' => self.escape(),
            '*' | '+' | '?' => Err(format!("nothing to repeat before `{c}`")),
            c => Ok(Ast::Char(c)),
        }
    }

    fn group(&mut self) -> Result<Ast, String> {
        let look = |behind, negated| Some((behind, negated));
        let kind = if self.peek() != Some('?') || self.eat("?:") {
            None
        } else if self.eat("?=") {
            look(false, false)
        } else if self.eat("?!") {
            look(false, true)
        } else if self.eat("?<=") {
            look(true, false)
        } else if self.eat("?<!") {
            look(true, true)
        } else if self.eat("?<") || self.eat("?P<") {
            while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                self.pos += 1;
            }
            if self.bump() != Some('>') {
                return Err("a malformed group name".into());
            }
            None
        } else {
            return Err("an unsupported group `(?`".into());
        };
        let outer = self.negative;
        if let Some((_, true)) = kind {
            self.negative = !self.negative;
        }
        let inner = self.alternation();
        self.negative = outer;
        let inner = inner?;
        if self.bump() != Some(')') {
            return Err("an unclosed group".into());
        }
        Ok(match kind {
            None => inner,
            Some((behind, negated)) => Ast::Look { ast: Box::new(inner), behind, negated },
        })
    }

    fn set(&self, set: Set, negated: bool, class_negated: bool) -> Result<ClassItem, String> {
        // A superset approximation is only sound where matching more accepts more.
        let negative = self.negative ^ negated ^ class_negated;
        if set.is_superset() && negative {
            return Err("an approximated Unicode property in a negated context".into());
        }
        Ok(ClassItem::Set(set, negated))
    }

    fn escape(&mut self) -> Result<Ast, String> {
        let Some(c) = self.peek() else { return Err("a trailing backslash".into()) };
        match c {
            'b' | 'B' => {
                self.pos += 1;
                Ok(Ast::WordBoundary { negated: c == 'B' })
            }
            'A' => {
                self.pos += 1;
                Ok(Ast::Start)
            }
            'Z' | 'z' => {
                self.pos += 1;
                Ok(Ast::End)
            }
            _ => match self.class_escape(false)? {
                ClassAtom::Char(c) => Ok(Ast::Char(c)),
                ClassAtom::Set(set, negated) => {
                    let item = self.set(set, negated, false)?;
                    Ok(Ast::Class(Class { negated: false, items: vec![item] }))
                }
            },
        }
    }

    /// The escape after a backslash, inside or outside a class.
    fn class_escape(&mut self, in_class: bool) -> Result<ClassAtom, String> {
        let Some(c) = self.bump() else { return Err("a trailing backslash".into()) };
        let set = |s| Ok(ClassAtom::Set(s, false));
        let not = |s| Ok(ClassAtom::Set(s, true));
        match c {
            'd' => set(Set::Digit),
            'D' => not(Set::Digit),
            'w' => set(Set::Word),
            'W' => not(Set::Word),
            's' => set(Set::Space),
            'S' => not(Set::Space),
            'p' | 'P' => {
                let set = self.property()?;
                Ok(ClassAtom::Set(set, c == 'P'))
            }
            'n' => Ok(ClassAtom::Char('\n')),
            'r' => Ok(ClassAtom::Char('\r')),
            't' => Ok(ClassAtom::Char('\t')),
            'f' => Ok(ClassAtom::Char('\u{0c}')),
            'v' => Ok(ClassAtom::Char('\u{0b}')),
            'b' if in_class => Ok(ClassAtom::Char('\u{08}')),
            '0' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => Ok(ClassAtom::Char('\0')),
            'x' => self.hex(2).map(ClassAtom::Char),
            'u' if self.peek() == Some('{') => {
                self.pos += 1;
                let from = self.pos;
                while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                    self.pos += 1;
                }
                let digits: String = self.chars[from..self.pos].iter().collect();
                if self.bump() != Some('}') {
                    return Err("a malformed `\\u{...}` escape".into());
                }
                code_point(&digits).map(ClassAtom::Char)
            }
            'u' => self.hex(4).map(ClassAtom::Char),
            c if c.is_ascii_alphanumeric() => Err(format!("an unsupported escape `\\{c}`")),
            c => Ok(ClassAtom::Char(c)),
        }
    }

    fn hex(&mut self, len: usize) -> Result<char, String> {
        let digits: String = (0..len).filter_map(|_| self.bump()).collect();
        if digits.len() != len || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(format!("a malformed hexadecimal escape `{digits}`"));
        }
        code_point(&digits)
    }

    fn property(&mut self) -> Result<Set, String> {
        if self.bump() != Some('{') {
            return Err("a malformed `\\p{...}`".into());
        }
        let from = self.pos;
        while self.peek().is_some_and(|c| c != '}') {
            self.pos += 1;
        }
        let name: String = self.chars[from..self.pos].iter().collect();
        if self.bump() != Some('}') {
            return Err("a malformed `\\p{...}`".into());
        }
        match name.as_str() {
            "L" | "Letter" => Ok(Set::Letter),
            "Lu" | "Uppercase_Letter" => Ok(Set::Uppercase),
            "Ll" | "Lowercase_Letter" => Ok(Set::Lowercase),
            "N" | "Number" => Ok(Set::Number),
            "Z" | "Separator" => Ok(Set::Separator),
            other => Err(format!("an unsupported Unicode property `{other}`")),
        }
    }

    fn class(&mut self) -> Result<Class, String> {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        if self.peek() == Some(']') {
            return Err("a class that starts with `]`".into());
        }
        let mut items = Vec::new();
        loop {
            let Some(c) = self.bump() else { return Err("an unclosed class".into()) };
            if c == ']' {
                break;
            }
            let first = if c == '\\' { self.class_escape(true)? } else { ClassAtom::Char(c) };
            let range_follows = self.peek() == Some('-') && self.peek_at(1).is_some_and(|c| c != ']');
            match first {
                ClassAtom::Set(set, not) => {
                    items.push(self.set(set, not, negated)?);
                    if range_follows {
                        // `[\w-x]`: the dash stands for itself (ECMA-262 Annex B).
                        self.pos += 1;
                        items.push(ClassItem::Range('-', '-'));
                    }
                }
                ClassAtom::Char(lo) if range_follows => {
                    self.pos += 1;
                    let Some(next) = self.bump() else { return Err("an unclosed class".into()) };
                    let second = if next == '\\' { self.class_escape(true)? } else { ClassAtom::Char(next) };
                    match second {
                        ClassAtom::Char(hi) if hi < lo => {
                            return Err(format!("a class range `{lo}-{hi}` out of order"))
                        }
                        ClassAtom::Char(hi) => items.push(ClassItem::Range(lo, hi)),
                        ClassAtom::Set(set, not) => {
                            items.push(ClassItem::Range(lo, lo));
                            items.push(ClassItem::Range('-', '-'));
                            items.push(self.set(set, not, negated)?);
                        }
                    }
                }
                ClassAtom::Char(c) => items.push(ClassItem::Range(c, c)),
            }
        }
        Ok(Class { negated, items })
    }
}

fn code_point(digits: &str) -> Result<char, String> {
    u32::from_str_radix(digits, 16)
        .ok()
        .and_then(char::from_u32)
        .ok_or_else(|| format!("`{digits}` is not a Unicode scalar value"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ranges_dashes_and_escapes_in_classes() {
        let Ast::Class(class) = parse("[a-z0-9-/\\-\\]_]").unwrap() else { panic!() };
        assert_eq!(
            class.items,
            vec![
                ClassItem::Range('a', 'z'),
                ClassItem::Range('0', '9'),
                ClassItem::Range('-', '-'),
                ClassItem::Range('/', '/'),
                ClassItem::Range('-', '-'),
                ClassItem::Range(']', ']'),
                ClassItem::Range('_', '_'),
            ]
        );
        assert_eq!(
            parse("[+-=]").unwrap(),
            Ast::Class(Class { negated: false, items: vec![ClassItem::Range('+', '=')] })
        );
    }

    #[test]
    fn braces_that_are_no_quantifier_stand_for_themselves() {
        assert_eq!(parse("a{").unwrap(), Ast::Concat(vec![Ast::Char('a'), Ast::Char('{')]));
        assert_eq!(parse("{x}").unwrap(), Ast::Concat(vec![Ast::Char('{'), Ast::Char('x'), Ast::Char('}')]));
        assert!(matches!(parse("a{2,3}").unwrap(), Ast::Repeat { min: 2, max: Some(3), greedy: true, .. }));
    }

    #[test]
    fn refuses_what_it_cannot_check() {
        for (source, reason) in [
            ("(a)\\1", "unsupported escape"),
            ("(?i)abc", "unsupported group"),
            ("[^\\p{L}]", "negated context"),
            ("(?!\\p{L})", "negated context"),
            ("\\p{Sc}", "unsupported Unicode property"),
            ("$*", "assertion"),
            ("[]a]", "starts with"),
            ("[z-a]", "out of order"),
            ("\\uD800", "not a Unicode scalar value"),
        ] {
            let err = parse(source).unwrap_err();
            assert!(err.contains(reason), "{source}: {err}");
        }
        assert!(parse("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*").is_ok());
    }
}

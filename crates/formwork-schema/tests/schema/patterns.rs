//! The hand-written pattern engine against `fancy-regex`, on strings generated for every
//! pattern of every vendored schema: strings the pattern matches (drawn from its syntax
//! tree by `regex-syntax`), near misses (each mutated once), and random strings over the
//! pattern's own characters. The two engines must agree on every one.
//!
//! The engine documents a few choices that differ from fancy-regex's defaults (ECMA-262's
//! ASCII `\d` and `\w`, `\p{L}` as Unicode's Alphabetic property, `\p{Z}` as White_Space),
//! so the pattern is translated to those meanings for fancy-regex before comparing.

use formwork_schema::{Pattern, Schema};
use regex_syntax::hir::{Class, Hir, HirKind};

/// A deterministic generator (xorshift64*).
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The pattern with the engine's documented meanings spelt out for fancy-regex.
fn for_fancy(source: &str) -> String {
    let mut out = String::new();
    let mut chars = source.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(e) = chars.next() else {
                    out.push('\\');
                    break;
                };
                let spelt = match (e, in_class) {
                    ('d', false) => "[0-9]",
                    ('d', true) => "0-9",
                    ('D', false) => "[^0-9]",
                    ('w', false) => "[A-Za-z0-9_]",
                    ('w', true) => "A-Za-z0-9_",
                    ('W', false) => "[^A-Za-z0-9_]",
                    ('Z', _) => "\\z",
                    ('b', false) => "(?-u:\\b)",
                    ('B', false) => "(?-u:\\B)",
                    _ => "",
                };
                if !spelt.is_empty() {
                    out.push_str(spelt);
                    continue;
                }
                if e == 'p' || e == 'P' {
                    let mut name = String::new();
                    if chars.peek() == Some(&'{') {
                        chars.next();
                        for n in chars.by_ref() {
                            if n == '}' {
                                break;
                            }
                            name.push(n);
                        }
                    }
                    let property = match name.as_str() {
                        "L" | "Letter" => "Alphabetic",
                        "Lu" => "Uppercase",
                        "Ll" => "Lowercase",
                        "Z" | "Separator" => "White_Space",
                        other => other,
                    };
                    out.push_str(&format!("\\{e}{{{property}}}"));
                    continue;
                }
                out.push('\\');
                out.push(e);
            }
            '[' if in_class => out.push_str("\\["),
            '[' => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                // A `]` first in a class is a literal.
                if chars.peek() == Some(&']') {
                    chars.next();
                    out.push_str("\\]");
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            other => out.push(other),
        }
    }
    out
}

/// A string `hir` matches, choosing at random among alternatives and repetitions.
fn sample(hir: &Hir, random: &mut Random, out: &mut String) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => out.push_str(&String::from_utf8_lossy(&lit.0)),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges = class.ranges();
            if !ranges.is_empty() {
                let r = ranges[random.below(ranges.len())];
                let span = u32::from(r.end()) - u32::from(r.start());
                // Mostly the range's ends and the ASCII part; now and then anywhere in it.
                let pick = match random.below(4) {
                    0 => u32::from(r.start()),
                    1 => u32::from(r.end()),
                    _ => u32::from(r.start()) + (random.next() % u64::from(span.min(300) + 1)) as u32,
                };
                out.push(char::from_u32(pick).unwrap_or(r.start()));
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            if let Some(r) = class.ranges().first() {
                out.push(char::from(r.start()));
            }
        }
        HirKind::Repetition(rep) => {
            let max = rep.max.unwrap_or(rep.min + 3).min(rep.min + 3);
            let n = rep.min + (random.next() % u64::from(max - rep.min + 1)) as u32;
            for _ in 0..n.min(600) {
                sample(&rep.sub, random, out);
            }
        }
        HirKind::Capture(cap) => sample(&cap.sub, random, out),
        HirKind::Concat(items) => items.iter().for_each(|h| sample(h, random, out)),
        HirKind::Alternation(items) => sample(&items[random.below(items.len())], random, out),
    }
}

/// `text` changed once: a character removed, inserted or replaced.
fn mutate(text: &str, alphabet: &[char], random: &mut Random) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let at = random.below(chars.len() + 1);
    let c = alphabet[random.below(alphabet.len())];
    match random.below(3) {
        0 if at < chars.len() => {
            chars.remove(at);
        }
        1 if at < chars.len() => chars[at] = c,
        _ => chars.insert(at, c),
    }
    chars.into_iter().collect()
}

/// Every pattern of every vendored schema, without repeats.
fn vendored_patterns() -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    let mut add = |schema: &Schema| {
        for p in schema.patterns() {
            if !all.iter().any(|a| a == p.as_str()) {
                all.push(p.as_str().to_string());
            }
        }
    };
    for type_name in formwork_schema::resource_types() {
        add(formwork_schema::resource_schema(type_name).expect("a vendored schema"));
    }
    add(&Schema::from_json(formwork_schema::sarif_schema()));
    let spec = std::fs::read_to_string(super::workspace().join("schema/formwork.schema.json")).unwrap();
    add(&Schema::from_json(&serde_json::from_str(&spec).unwrap()));
    all
}

#[test]
fn the_pattern_engine_agrees_with_fancy_regex_on_every_vendored_pattern() {
    let base: Vec<char> = " aZ09-_./:@\t\n\r\u{e9}\u{20ac}\u{1F980}$*".chars().collect();
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let (mut patterns, mut strings, mut positives) = (0, 0, 0);
    let mut not_compared = Vec::new();
    let mut disagreements = Vec::new();
    for source in vendored_patterns() {
        let ours = Pattern::new(&source);
        let translated = for_fancy(&source);
        let fancy = match fancy_regex::Regex::new(&translated) {
            Ok(r) => r,
            Err(e) => {
                not_compared.push(format!("{source}: fancy-regex: {e}"));
                continue;
            }
        };
        patterns += 1;
        let mut alphabet = base.clone();
        alphabet.extend(source.chars().filter(|c| !c.is_control()));
        let mut texts: Vec<String> = Vec::new();
        // Lookarounds are not regular: regex-syntax cannot sample those patterns.
        if let Ok(hir) = regex_syntax::parse(&translated) {
            for _ in 0..60 {
                let mut s = String::new();
                sample(&hir, &mut random, &mut s);
                texts.push(mutate(&s, &alphabet, &mut random));
                texts.push(s);
            }
        }
        for _ in 0..120 {
            let len = random.below(24);
            texts.push((0..len).map(|_| alphabet[random.below(alphabet.len())]).collect());
        }
        for text in &texts {
            let expected = fancy.is_match(text).expect("fancy-regex decides");
            strings += 1;
            positives += usize::from(expected);
            let got = ours.is_match(text);
            if got != Some(expected) {
                disagreements.push(format!("{source:?} on {text:?}: ours {got:?}, fancy-regex {expected}"));
            }
        }
    }
    eprintln!(
        "compared {patterns} patterns on {strings} strings ({positives} matching); not compared: {not_compared:#?}"
    );
    assert!(patterns > 60, "{patterns}");
    assert!(positives * 10 > strings, "too few matching strings to mean much: {positives} of {strings}");
    assert_eq!(not_compared, Vec::<String>::new());
    assert_eq!(
        disagreements.iter().take(20).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "{} in all",
        disagreements.len()
    );
}

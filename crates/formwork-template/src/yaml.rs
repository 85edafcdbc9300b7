//! The YAML writer: block style, CloudFormation's short-form tags (`!Ref`, `!GetAtt`,
//! `!Sub`, ...), and quoting that never lets a string read back as anything else.

use crate::json::long_form;
use crate::template::{Node, TemplateView};
use crate::value::{Intrinsic, Map, Value};

/// Writes a value as block-style YAML with short-form intrinsic tags
/// (`!Ref Queue`, `!GetAtt Queue.Arn`, `!Sub '...'`, `!Join` over a block list).
///
/// Strings are written plain only when no YAML 1.1 or 1.2 reader could take them for
/// another type; otherwise single-quoted, double-quoted when they hold control
/// characters, and as literal blocks when they span lines.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::with_capacity(4096);
    match value {
        Value::Map(m) if !m.is_empty() => write_map(&mut out, m, 0, false),
        Value::List(l) if !l.is_empty() => write_list(&mut out, l, 0, false),
        // A block's lines indented under the document, never at column 0 where a line
        // could read as a new document or end this one (found by fuzzing).
        other => write_inline_or_block(&mut out, other, 2),
    }
    out
}

/// Writes a whole template as [`to_yaml`] would write `template.to_value()`, without
/// copying it first.
pub(crate) fn template_to_yaml(template: &TemplateView<'_>) -> String {
    let mut out = String::with_capacity(64 * 1024);
    write_node_map(&mut out, &template.node_entries(), 0);
    out
}

fn write_node_map(out: &mut String, entries: &[(&str, Node<'_>)], indent: usize) {
    for (k, node) in entries {
        pad(out, indent);
        write_key(out, k, indent);
        match node {
            Node::Owned(v) => write_inline_or_block(out, v, indent + 2),
            Node::Map(m) if m.is_empty() => out.push_str(" {}\n"),
            Node::Map(m) => {
                out.push('\n');
                write_map(out, m, indent + 2, false);
            }
            Node::Entries(e) if e.is_empty() => out.push_str(" {}\n"),
            Node::Entries(e) => {
                out.push('\n');
                write_node_map(out, e, indent + 2);
            }
        }
    }
}

/// YAML readers take an implicit key of at most 1024 characters (YAML 1.2, 7.4.2);
/// longer keys are written under `?` with the value under `:` (found by fuzzing).
const IMPLICIT_KEY_LIMIT: usize = 1024;

/// Writes a mapping key and its `:`, the cursor already at `indent`.
fn write_key(out: &mut String, key: &str, indent: usize) {
    let start = out.len();
    write_scalar(out, key);
    // Characters are never more than bytes: most keys need no count.
    if out.len() - start >= IMPLICIT_KEY_LIMIT && out[start..].chars().count() >= IMPLICIT_KEY_LIMIT {
        out.insert_str(start, "? ");
        out.push('\n');
        pad(out, indent);
    }
    out.push(':');
}

fn pad(out: &mut String, n: usize) {
    crate::json::push_spaces(out, n);
}

/// Writes a map's entries at `indent`; with `inline`, the first entry goes on the line
/// already begun (after a list's dash).
fn write_map(out: &mut String, map: &Map, indent: usize, inline: bool) {
    for (i, (k, v)) in map.iter().enumerate() {
        if i > 0 || !inline {
            pad(out, indent);
        }
        write_key(out, k, indent);
        write_inline_or_block(out, v, indent + 2);
    }
}

/// Writes a list's items at `indent`; with `inline`, the first dash goes on the line
/// already begun.
fn write_list(out: &mut String, items: &[Value], indent: usize, inline: bool) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !inline {
            pad(out, indent);
        }
        out.push('-');
        match item {
            // A nested collection starts on the dash's line.
            Value::Map(m) if !m.is_empty() => {
                out.push(' ');
                write_map(out, m, indent + 2, true);
            }
            Value::List(l) if !l.is_empty() => {
                out.push(' ');
                write_list(out, l, indent + 2, true);
            }
            other => write_inline_or_block(out, other, indent + 2),
        }
    }
}

/// Writes what follows `key:` or `-`: a space and an inline value and a newline, or a
/// newline and a block indented to `indent`.
fn write_inline_or_block(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Null => out.push_str(" null\n"),
        Value::Bool(b) => out.push_str(if *b { " true\n" } else { " false\n" }),
        Value::Int(n) => {
            use std::fmt::Write as _;
            let _ = writeln!(out, " {n}");
        }
        Value::String(s) => write_string(out, s, indent),
        Value::List(l) if l.is_empty() => out.push_str(" []\n"),
        Value::Map(m) if m.is_empty() => out.push_str(" {}\n"),
        Value::List(l) => {
            out.push('\n');
            write_list(out, l, indent, false);
        }
        Value::Map(m) => {
            out.push('\n');
            write_map(out, m, indent, false);
        }
        Value::Fn(f) => write_intrinsic(out, f, indent),
    }
}

fn write_intrinsic(out: &mut String, f: &Intrinsic, indent: usize) {
    match f {
        Intrinsic::GetAtt { resource, attribute } => {
            out.push_str(" !GetAtt ");
            write_scalar(out, &format!("{resource}.{attribute}"));
            out.push('\n');
            return;
        }
        Intrinsic::Ref(target) => {
            out.push_str(" !Ref ");
            write_scalar(out, target);
            out.push('\n');
            return;
        }
        Intrinsic::Sub { template, variables: None } if literal_block_chomp(template).is_none() => {
            out.push_str(" !Sub ");
            write_scalar(out, template);
            out.push('\n');
            return;
        }
        _ => {}
    }
    let (name, args) = long_form(f);
    out.push_str(" !");
    out.push_str(name.strip_prefix("Fn::").unwrap_or(name));
    match &args {
        // Short forms cannot nest directly: an intrinsic argument is written long-form.
        Value::Fn(inner) => {
            let (inner_name, inner_args) = long_form(inner);
            out.push('\n');
            let mut m = Map::new();
            m.insert(inner_name.to_string(), inner_args);
            write_map(out, &m, indent, false);
        }
        other => write_inline_or_block(out, other, indent),
    }
}

fn write_string(out: &mut String, s: &str, indent: usize) {
    if let Some(chomp) = literal_block_chomp(s) {
        out.push_str(" |");
        out.push_str(chomp);
        out.push('\n');
        for line in s.strip_suffix('\n').unwrap_or(s).split('\n') {
            if !line.is_empty() {
                pad(out, indent);
                out.push_str(line);
            }
            out.push('\n');
        }
        return;
    }
    out.push(' ');
    write_scalar(out, s);
    out.push('\n');
}

/// The chomping indicator when `s` reads back exactly from a literal block, else `None`.
fn literal_block_chomp(s: &str) -> Option<&'static str> {
    let body = s.strip_suffix('\n').unwrap_or(s);
    if !body.contains('\n')
        || body.ends_with('\n')
        // A reader takes the block's indentation from its first line with text: that
        // line may not start with a blank (found by fuzzing: "\n x" read back "\nx").
        || body.split('\n').find(|l| !l.is_empty()).is_some_and(|l| l.starts_with([' ', '\t']))
        || s.chars().any(|c| escaped(c) && c != '\n' && c != '\t')
        || body.split('\n').any(|l| l.ends_with([' ', '\t']))
        || s.contains('\u{feff}')
    {
        return None;
    }
    Some(if s.ends_with('\n') { "" } else { "-" })
}

/// Appends a string as one YAML scalar: plain when unambiguous, else quoted.
fn write_scalar(out: &mut String, s: &str) {
    if is_plain_safe(s) {
        out.push_str(s);
    } else {
        out.push_str(&quoted(s));
    }
}

/// A string as one YAML scalar: plain when unambiguous, else quoted.
#[cfg(test)]
fn scalar_string(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// A string quoted: double quotes when it holds a character that must be escaped, else
/// single quotes.
fn quoted(s: &str) -> String {
    if s.chars().any(escaped) {
        return double_quoted(s);
    }
    format!("'{}'", s.replace('\'', "''"))
}

/// Whether a YAML reader refuses `c` unescaped or reads it as something else: control
/// characters (C0, DEL, C1 with NEL), the byte-order mark, the Unicode line and paragraph
/// separators, and the non-characters U+FFFE and U+FFFF (outside YAML's printable set).
fn escaped(c: char) -> bool {
    c.is_control() || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}')
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if escaped(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Words that YAML 1.1 readers (PyYAML, which cfn-lint and SAM use) turn into booleans
/// or null.
const RESERVED_WORDS: [&str; 11] = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "="];

fn is_plain_safe(s: &str) -> bool {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    // Anything that starts like a number (or a date, a sexagesimal, .inf), or with an
    // indicator, is quoted.
    let first_ok = first.is_ascii_alphabetic()
        || first == b'_'
        || first == b'/'
        || (first >= 0x80 && s.chars().next().is_some_and(char::is_alphabetic));
    if !first_ok {
        return false;
    }
    // Past the first character, block-context plain scalars may hold any printable
    // character but `: ` and ` #`, and may not end in a space or `:`.
    let mut prev = 0u8;
    for &b in bytes {
        let ok = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'_' | b'-'
                    | b'.'
                    | b'/'
                    | b':'
                    | b'@'
                    | b'+'
                    | b' '
                    | b'('
                    | b')'
                    | b','
                    | b';'
                    | b'\''
                    | b'*'
                    | b'='
                    | b'!'
                    | b'?'
                    | b'&'
                    | b'%'
                    | b'<'
                    | b'>'
                    | b'['
                    | b']'
                    | b'{'
                    | b'}'
                    | b'|'
                    | b'~'
                    | b'^'
                    | b'$'
                    | b'"'
            );
        if !ok && b < 0x80 {
            return false;
        }
        if (prev == b':' && b == b' ') || (prev == b' ' && b == b'#') {
            return false;
        }
        prev = b;
    }
    if !s.is_ascii() && !s.chars().all(|c| c.is_ascii() || c.is_alphanumeric()) {
        return false;
    }
    if matches!(prev, b' ' | b':') {
        return false;
    }
    // Words that read back as booleans or null are short: check only those.
    !(bytes.len() <= 5 && RESERVED_WORDS.iter().any(|w| s.eq_ignore_ascii_case(w)))
}

impl TemplateView<'_> {
    /// Writes it as YAML, as [`crate::Template::to_yaml`] does.
    pub fn to_yaml(&self) -> String {
        template_to_yaml(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_characters_and_separators_are_escaped() {
        // Found by the writers_roundtrip fuzz target: libyaml refuses a raw U+FFFF.
        assert_eq!(scalar_string("m\\u0000\u{ffff}"), "\"m\\\\u0000\\uFFFF\"");
        assert_eq!(scalar_string("a\u{fffe}"), "\"a\\uFFFE\"");
        assert_eq!(scalar_string("x\u{85}y"), "\"x\\u0085y\"");
        assert_eq!(literal_block_chomp("a\n\u{ffff}\n"), None);
    }

    #[test]
    fn a_key_too_long_to_be_implicit_is_written_explicitly() {
        let long = "k".repeat(IMPLICIT_KEY_LIMIT);
        let short = "k".repeat(IMPLICIT_KEY_LIMIT - 1);
        let v = Value::map([(
            "Paths",
            Value::List(vec![Value::map([
                (long.as_str(), Value::map([("get", 1.into())])),
                (short.as_str(), "x".into()),
            ])]),
        )]);
        assert_eq!(to_yaml(&v), format!("Paths:\n  - ? {long}\n    :\n      get: 1\n    {short}: x\n"));
    }

    #[test]
    fn a_block_whose_first_text_is_indented_is_quoted_instead() {
        assert_eq!(literal_block_chomp("\n x\n"), None);
        assert_eq!(literal_block_chomp("\n\n\tx"), None);
        assert_eq!(literal_block_chomp(" a\nb"), None);
        assert_eq!(literal_block_chomp("\na\n b"), Some("-"));
        assert_eq!(to_yaml(&Value::List(vec![Value::from("\n x")])), "- \"\\n x\"\n");
    }

    #[test]
    fn a_multi_line_string_alone_is_indented_under_the_document() {
        assert_eq!(to_yaml(&Value::from("A\n---\n...\n")), " |\n  A\n  ---\n  ...\n");
    }

    #[test]
    fn quotes_only_what_would_read_back_differently() {
        for plain in [
            "Queue",
            "python3.12",
            "app.handler",
            "/aws/lambda/x",
            "AWS::SQS::Queue",
            "a b",
            "it's fine; really",
        ] {
            assert_eq!(scalar_string(plain), plain);
        }
        for (raw, quoted) in [
            ("", "''"),
            ("2010-09-09", "'2010-09-09'"),
            ("yes", "'yes'"),
            ("No", "'No'"),
            ("10", "'10'"),
            ("*", "'*'"),
            ("a: b", "'a: b'"),
            ("'quoted", "'''quoted'"),
            ("sqs:*", "sqs:*"),
            ("*", "'*'"),
            ("${AWS::Region}", "'${AWS::Region}'"),
            ("tab\there", "\"tab\\there\""),
        ] {
            assert_eq!(scalar_string(raw), quoted, "{raw:?}");
        }
    }

    #[test]
    fn writes_short_form_tags_and_nested_blocks() {
        let v = Value::map([(
            "Resources",
            Value::map([(
                "Fn",
                Value::map([
                    ("Role", Value::get_att("Role", "Arn")),
                    ("Name", Value::ref_("Param")),
                    ("Arn", Value::sub("arn:${AWS::Partition}:x")),
                    (
                        "List",
                        Value::List(vec![Value::map([
                            ("A", 1.into()),
                            ("B", Value::List(vec!["x".into()])),
                        ])]),
                    ),
                    ("Joined", Value::join(",", vec!["a".into(), Value::ref_("B")])),
                    ("Code", Value::from("def f():\n    return 1\n")),
                ]),
            )]),
        )]);
        let expected = "\
Resources:
  Fn:
    Role: !GetAtt Role.Arn
    Name: !Ref Param
    Arn: !Sub arn:${AWS::Partition}:x
    List:
      - A: 1
        B:
          - x
    Joined: !Join
      - ','
      - - a
        - !Ref B
    Code: |
      def f():
          return 1
";
        assert_eq!(to_yaml(&v), expected);
    }
}

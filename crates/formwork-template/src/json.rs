//! The JSON writer: CloudFormation's long-form intrinsics, two-space indentation.

use crate::template::{Node, TemplateView};
use crate::value::{Intrinsic, Value};

/// Writes a value as pretty-printed JSON (two-space indentation, a final newline),
/// with intrinsic functions in their long form (`{"Fn::GetAtt": ["Queue", "Arn"]}`).
pub fn to_json(value: &Value) -> String {
    let mut out = String::with_capacity(4096);
    write_value(&mut out, value, 0);
    out.push('\n');
    out
}

/// Writes a whole template as [`to_json`] would write `template.to_value()`, without
/// copying it first.
pub(crate) fn template_to_json(template: &TemplateView<'_>) -> String {
    let mut out = String::with_capacity(64 * 1024);
    write_node_map(&mut out, &template.node_entries(), 0);
    out.push('\n');
    out
}

fn write_node_map(out: &mut String, entries: &[(&str, Node<'_>)], level: usize) {
    if entries.is_empty() {
        out.push_str("{}");
        return;
    }
    out.push_str("{\n");
    for (i, (k, node)) in entries.iter().enumerate() {
        indent(out, level + 1);
        write_string(out, k);
        out.push_str(": ");
        match node {
            Node::Owned(v) => write_value(out, v, level + 1),
            Node::Map(m) => write_map(out, m.iter().map(|(k, v)| (k.as_str(), v)), level + 1),
            Node::Entries(e) => write_node_map(out, e, level + 1),
        }
        if i + 1 < entries.len() {
            out.push(',');
        }
        out.push('\n');
    }
    indent(out, level);
    out.push('}');
}

const SPACES: &str = "                                                                ";

/// Appends `n` spaces (both writers indent with this).
pub(crate) fn push_spaces(out: &mut String, mut n: usize) {
    while n > SPACES.len() {
        out.push_str(SPACES);
        n -= SPACES.len();
    }
    out.push_str(&SPACES[..n]);
}

fn indent(out: &mut String, level: usize) {
    push_spaces(out, level * 2);
}

fn write_value(out: &mut String, value: &Value, level: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(n) => {
            use std::fmt::Write as _;
            let _ = write!(out, "{n}");
        }
        Value::String(s) => write_string(out, s),
        Value::List(items) => write_list(out, items, level),
        Value::Map(map) => write_map(out, map.iter().map(|(k, v)| (k.as_str(), v)), level),
        Value::Fn(f) => write_intrinsic(out, f, level),
    }
}

fn write_list(out: &mut String, items: &[Value], level: usize) {
    if items.is_empty() {
        out.push_str("[]");
        return;
    }
    out.push_str("[\n");
    for (i, item) in items.iter().enumerate() {
        indent(out, level + 1);
        write_value(out, item, level + 1);
        if i + 1 < items.len() {
            out.push(',');
        }
        out.push('\n');
    }
    indent(out, level);
    out.push(']');
}

fn write_map<'a>(
    out: &mut String,
    entries: impl ExactSizeIterator<Item = (&'a str, &'a Value)>,
    level: usize,
) {
    let len = entries.len();
    if len == 0 {
        out.push_str("{}");
        return;
    }
    out.push_str("{\n");
    for (i, (k, v)) in entries.enumerate() {
        indent(out, level + 1);
        write_string(out, k);
        out.push_str(": ");
        write_value(out, v, level + 1);
        if i + 1 < len {
            out.push(',');
        }
        out.push('\n');
    }
    indent(out, level);
    out.push('}');
}

fn write_intrinsic(out: &mut String, f: &Intrinsic, level: usize) {
    // The two most common, without building their long form.
    match f {
        Intrinsic::Ref(target) => {
            out.push_str("{\n");
            indent(out, level + 1);
            out.push_str("\"Ref\": ");
            write_string(out, target);
            out.push('\n');
            indent(out, level);
            out.push('}');
            return;
        }
        Intrinsic::GetAtt { resource, attribute } => {
            out.push_str("{\n");
            indent(out, level + 1);
            out.push_str("\"Fn::GetAtt\": [\n");
            indent(out, level + 2);
            write_string(out, resource);
            out.push_str(",\n");
            indent(out, level + 2);
            write_string(out, attribute);
            out.push('\n');
            indent(out, level + 1);
            out.push_str("]\n");
            indent(out, level);
            out.push('}');
            return;
        }
        _ => {}
    }
    let (name, args) = long_form(f);
    write_map(out, std::iter::once((name, &args)), level);
}

/// The long-form name and argument of an intrinsic function.
pub(crate) fn long_form(f: &Intrinsic) -> (&'static str, Value) {
    let s = |x: &str| Value::String(x.to_string());
    match f {
        Intrinsic::Ref(target) => ("Ref", s(target)),
        Intrinsic::GetAtt { resource, attribute } => {
            ("Fn::GetAtt", Value::List(vec![s(resource), s(attribute)]))
        }
        Intrinsic::Sub { template, variables } => match variables {
            None => ("Fn::Sub", s(template)),
            Some(vars) => ("Fn::Sub", Value::List(vec![s(template), Value::Map(vars.clone())])),
        },
        Intrinsic::Join { delimiter, values } => {
            ("Fn::Join", Value::List(vec![s(delimiter), Value::List(values.clone())]))
        }
        Intrinsic::Select { index, list } => ("Fn::Select", Value::List(vec![index.clone(), list.clone()])),
        Intrinsic::Split { delimiter, source } => {
            ("Fn::Split", Value::List(vec![s(delimiter), source.clone()]))
        }
        Intrinsic::If { condition, then, otherwise } => {
            ("Fn::If", Value::List(vec![s(condition), then.clone(), otherwise.clone()]))
        }
        Intrinsic::ImportValue(v) => ("Fn::ImportValue", v.clone()),
        Intrinsic::GetAzs(v) => ("Fn::GetAZs", v.clone()),
        Intrinsic::Base64(v) => ("Fn::Base64", v.clone()),
        Intrinsic::FindInMap(a, b, c) => {
            ("Fn::FindInMap", Value::List(vec![a.clone(), b.clone(), c.clone()]))
        }
        Intrinsic::Equals(a, b) => ("Fn::Equals", Value::List(vec![a.clone(), b.clone()])),
        Intrinsic::Not(v) => ("Fn::Not", Value::List(vec![v.clone()])),
        Intrinsic::And(vs) => ("Fn::And", Value::List(vs.clone())),
        Intrinsic::Or(vs) => ("Fn::Or", Value::List(vs.clone())),
        Intrinsic::Condition(name) => ("Condition", s(name)),
    }
}

fn write_string(out: &mut String, s: &str) {
    if !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        out.push('"');
        out.push_str(s);
        out.push('"');
        return;
    }
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

impl TemplateView<'_> {
    /// Writes it as JSON, as [`crate::Template::to_json`] does.
    pub fn to_json(&self) -> String {
        template_to_json(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_long_form_intrinsics_and_escapes() {
        let v = Value::map([
            ("Arn", Value::get_att("Queue", "Arn")),
            ("Text", Value::from("a \"q\"\n\u{1}")),
            ("Empty", Value::List(vec![])),
        ]);
        assert_eq!(
            to_json(&v),
            "{\n  \"Arn\": {\n    \"Fn::GetAtt\": [\n      \"Queue\",\n      \"Arn\"\n    ]\n  },\n  \"Text\": \"a \\\"q\\\"\\n\\u0001\",\n  \"Empty\": []\n}\n"
        );
    }
}

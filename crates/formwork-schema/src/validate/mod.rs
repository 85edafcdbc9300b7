//! The validator: one pass over a document and its compiled schema that collects every
//! violation, with CloudFormation's leniencies as options.

mod collections;

use serde_json::Value as Json;

use crate::error::{ErrorKind, SchemaError};
use crate::options::{Intrinsics, Options, Scalars};
use crate::schema::{JsonType, Keywords, Node, Schema};

/// How deep schemas may nest while one value is checked (`$ref` cycles end here).
const MAX_DEPTH: usize = 256;

/// Whether a JSON value is a CloudFormation intrinsic function in long form.
pub(crate) fn is_intrinsic(value: &Json) -> bool {
    match value {
        Json::Object(map) if map.len() == 1 => map.keys().all(|k| k == "Ref" || k.starts_with("Fn::")),
        _ => false,
    }
}

fn contains_intrinsic(value: &Json) -> bool {
    match value {
        _ if is_intrinsic(value) => true,
        Json::Array(items) => items.iter().any(contains_intrinsic),
        Json::Object(map) => map.values().any(contains_intrinsic),
        _ => false,
    }
}

/// A value as a message shows it: scalars as JSON, containers by kind.
fn describe(value: &Json) -> String {
    match value {
        Json::Array(_) => "an array".into(),
        Json::Object(_) => "an object".into(),
        Json::String(s) if s.chars().count() > 60 => {
            format!("{:?}...", s.chars().take(60).collect::<String>())
        }
        scalar => scalar.to_string(),
    }
}

pub(super) fn names(list: &[String]) -> String {
    list.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

fn scalar_text(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// JSON equality with numbers compared by value (`1 == 1.0`); with lenient scalars, a
/// string equals a number or boolean of the same text.
pub(super) fn equal(a: &Json, b: &Json, lenient: bool) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| equal(x, y, lenient))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w, lenient)))
        }
        (Json::String(_), Json::Number(_) | Json::Bool(_))
        | (Json::Number(_) | Json::Bool(_), Json::String(_))
            if lenient =>
        {
            scalar_text(a) == scalar_text(b)
        }
        _ => a == b,
    }
}

pub(crate) struct Validator<'a> {
    schema: &'a Schema,
    options: &'a Options,
}

impl<'a> Validator<'a> {
    pub(crate) fn new(schema: &'a Schema, options: &'a Options) -> Validator<'a> {
        Validator { schema, options }
    }

    pub(super) fn lenient(&self) -> bool {
        self.options.scalars == Scalars::Lenient
    }

    fn is_type(&self, t: JsonType, value: &Json) -> bool {
        let lenient = self.lenient();
        match (t, value) {
            (JsonType::Null, Json::Null)
            | (JsonType::Boolean, Json::Bool(_))
            | (JsonType::Object, Json::Object(_))
            | (JsonType::Array, Json::Array(_))
            | (JsonType::Number, Json::Number(_))
            | (JsonType::String, Json::String(_)) => true,
            (JsonType::Integer, Json::Number(n)) => {
                n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
            }
            (JsonType::Boolean, Json::String(s)) => {
                lenient && (s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false"))
            }
            (JsonType::Number, Json::String(s)) => lenient && s.parse::<f64>().is_ok_and(f64::is_finite),
            (JsonType::Integer, Json::String(s)) => lenient && s.parse::<i64>().is_ok(),
            (JsonType::String, Json::Number(_) | Json::Bool(_)) => lenient,
            _ => false,
        }
    }

    pub(super) fn error(out: &mut Vec<SchemaError>, path: &str, kind: ErrorKind, message: String) {
        out.push(SchemaError { path: path.to_string(), kind, message });
    }

    /// Checks `value` (at `path`) against `node`, appending what it finds to `out`.
    pub(crate) fn validate(
        &self,
        node: &Node,
        value: &Json,
        path: &str,
        depth: usize,
        out: &mut Vec<SchemaError>,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let k = match node {
            Node::Bool(true) => return,
            Node::Bool(false) => {
                return Validator::error(out, path, ErrorKind::Forbidden, "no value is allowed here".into())
            }
            Node::Keywords(k) => k,
        };
        if self.options.intrinsics == Intrinsics::Accept && is_intrinsic(value) {
            return;
        }
        if let Some(types) = &k.types {
            if !types.iter().any(|t| self.is_type(*t, value)) {
                let expected = types.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(" or ");
                let message = format!("expected {expected}, found {}", describe(value));
                // the other keywords would only repeat this
                return Validator::error(out, path, ErrorKind::Type, message);
            }
        }
        if let Some(reference) = &k.reference {
            match self.schema.resolve(reference) {
                Some(target) => self.validate(target, value, path, depth + 1, out),
                None => Validator::error(
                    out,
                    path,
                    ErrorKind::UnresolvedRef,
                    format!("`$ref` {reference} points nowhere"),
                ),
            }
        }
        self.enumeration(k, value, path, out);
        match value {
            Json::Object(map) => self.object(k, map, path, depth, out),
            Json::Array(items) => self.array(k, items, path, depth, out),
            _ => {}
        }
        self.number(k, value, path, out);
        self.string(k, value, path, out);
        self.combinators(k, value, path, depth, out);
    }

    pub(super) fn passes(&self, node: &Node, value: &Json, path: &str, depth: usize) -> Vec<SchemaError> {
        let mut errors = Vec::new();
        self.validate(node, value, path, depth + 1, &mut errors);
        errors
    }

    fn enumeration(&self, k: &Keywords, value: &Json, path: &str, out: &mut Vec<SchemaError>) {
        let lenient = self.lenient();
        if let Some(allowed) = &k.enumeration {
            if !allowed.iter().any(|a| equal(value, a, lenient)) {
                let mut list: Vec<String> = allowed.iter().take(12).map(|a| a.to_string()).collect();
                if allowed.len() > 12 {
                    list.push(format!("... ({} in all)", allowed.len()));
                }
                let message = format!("{} is not one of {}", describe(value), list.join(", "));
                Validator::error(out, path, ErrorKind::Enum, message);
            }
        }
        if let Some(constant) = &k.constant {
            if !equal(value, constant, lenient) {
                Validator::error(
                    out,
                    path,
                    ErrorKind::Const,
                    format!("{} is not {constant}", describe(value)),
                );
            }
        }
    }

    /// The value as a number, if it is one (or, with lenient scalars, a string holding one
    /// where the schema expects a number).
    fn as_number(&self, k: &Keywords, value: &Json) -> Option<f64> {
        match value {
            Json::Number(n) => n.as_f64(),
            Json::String(s) if self.lenient() => {
                let numeric =
                    k.types.as_ref()?.iter().any(|t| matches!(t, JsonType::Number | JsonType::Integer));
                s.parse::<f64>().ok().filter(|f| numeric && f.is_finite())
            }
            _ => None,
        }
    }

    fn number(&self, k: &Keywords, value: &Json, path: &str, out: &mut Vec<SchemaError>) {
        let Some(n) = self.as_number(k, value) else { return };
        if let Some(min) = k.minimum {
            if n < min.value || (min.exclusive && n == min.value) {
                let bound = if min.exclusive { "more than" } else { "at least" };
                Validator::error(
                    out,
                    path,
                    ErrorKind::Range,
                    format!("{} is out of range: must be {bound} {}", describe(value), min.value),
                );
            }
        }
        if let Some(max) = k.maximum {
            if n > max.value || (max.exclusive && n == max.value) {
                let bound = if max.exclusive { "less than" } else { "at most" };
                Validator::error(
                    out,
                    path,
                    ErrorKind::Range,
                    format!("{} is out of range: must be {bound} {}", describe(value), max.value),
                );
            }
        }
        if let Some(m) = k.multiple_of {
            let q = n / m;
            // A quotient beyond f64 (`1e308 / 0.5`) is no whole multiple that can be told.
            if !q.is_finite() || (q - q.round()).abs() > 1e-9 {
                Validator::error(
                    out,
                    path,
                    ErrorKind::Range,
                    format!("{} is not a multiple of {m}", describe(value)),
                );
            }
        }
    }

    fn string(&self, k: &Keywords, value: &Json, path: &str, out: &mut Vec<SchemaError>) {
        let text = match value {
            Json::String(s) => s.clone(),
            // a number or boolean standing for a string is checked as its text
            Json::Number(_) | Json::Bool(_)
                if self.lenient() && k.types.as_ref().is_some_and(|t| t.contains(&JsonType::String)) =>
            {
                match scalar_text(value) {
                    Some(text) => text,
                    None => return,
                }
            }
            _ => return,
        };
        let len = text.chars().count() as u64;
        if let Some(min) = k.min_length.filter(|min| len < *min) {
            Validator::error(
                out,
                path,
                ErrorKind::Length,
                format!("{} is {len} characters, fewer than the minimum {min}", describe(value)),
            );
        }
        if let Some(max) = k.max_length.filter(|max| len > *max) {
            Validator::error(
                out,
                path,
                ErrorKind::Length,
                format!("{} is {len} characters, more than the maximum {max}", describe(value)),
            );
        }
        if let Some(pattern) = &k.pattern {
            if pattern.is_match(&text) == Some(false) {
                let message =
                    format!("{} does not match the pattern {:?}", describe(value), pattern.as_str());
                Validator::error(out, path, ErrorKind::Pattern, message);
            }
        }
    }

    fn combinators(&self, k: &Keywords, value: &Json, path: &str, depth: usize, out: &mut Vec<SchemaError>) {
        for node in &k.all_of {
            self.validate(node, value, path, depth + 1, out);
        }
        if !k.any_of.is_empty() {
            let results: Vec<Vec<SchemaError>> =
                k.any_of.iter().map(|n| self.passes(n, value, path, depth)).collect();
            if !results.iter().any(Vec::is_empty) {
                self.no_alternative(&results, "anyOf", value, path, out);
            }
        }
        if !k.one_of.is_empty() {
            let results: Vec<Vec<SchemaError>> =
                k.one_of.iter().map(|n| self.passes(n, value, path, depth)).collect();
            let matched = results.iter().filter(|r| r.is_empty()).count();
            if matched == 0 {
                self.no_alternative(&results, "oneOf", value, path, out);
            } else if matched > 1
                // intrinsics can make alternatives indistinguishable until deployment
                && !(self.options.intrinsics == Intrinsics::Accept && contains_intrinsic(value))
            {
                let message = format!(
                    "{} matches {matched} alternatives of `oneOf`, expected exactly one",
                    describe(value)
                );
                Validator::error(out, path, ErrorKind::AmbiguousAlternative, message);
            }
        }
        if let Some(node) = &k.not {
            if self.passes(node, value, path, depth).is_empty() {
                Validator::error(
                    out,
                    path,
                    ErrorKind::Not,
                    format!("{} matches a schema it must not (`not`)", describe(value)),
                );
            }
        }
        if let Some(condition) = &k.condition {
            let branch =
                if self.passes(condition, value, path, depth).is_empty() { &k.then } else { &k.otherwise };
            if let Some(node) = branch {
                self.validate(node, value, path, depth + 1, out);
            }
        }
    }

    /// Reports that no alternative of `anyOf`/`oneOf` matched. When all alternatives but
    /// one reject the value's very type, that one is what the author meant: its own errors
    /// are reported, at their own paths. Otherwise one error names the closest alternative.
    fn no_alternative(
        &self,
        results: &[Vec<SchemaError>],
        keyword: &str,
        value: &Json,
        path: &str,
        out: &mut Vec<SchemaError>,
    ) {
        let wrong_type = |errors: &Vec<SchemaError>| matches!(errors.as_slice(), [e] if e.kind == ErrorKind::Type && e.path == path);
        let candidates: Vec<&Vec<SchemaError>> = results.iter().filter(|r| !wrong_type(r)).collect();
        if let [only] = candidates.as_slice() {
            out.extend(only.iter().cloned());
            return;
        }
        let pool = if candidates.is_empty() { results.iter().collect() } else { candidates };
        // the deepest first error, then the fewest errors
        let closest = pool
            .iter()
            .filter_map(|r| Some((r.first()?, r.len())))
            .min_by_key(|(e, n)| (usize::MAX - e.path.len(), *n));
        let mut message =
            format!("{} matches none of the {} alternatives of `{keyword}`", describe(value), results.len());
        if let Some((e, _)) = closest {
            let at = if e.path == path { String::new() } else { format!("{}: ", e.path) };
            message.push_str(&format!(" (closest: {at}{})", e.message));
        }
        Validator::error(out, path, ErrorKind::NoAlternative, message);
    }
}

impl Schema {
    /// Validates a document with strict JSON semantics ([`Options::json`]): every
    /// violation found, in a deterministic order (an object's missing properties first,
    /// then its properties in document order); empty when the document is valid.
    pub fn validate(&self, document: &Json) -> Vec<SchemaError> {
        self.validate_with(document, &Options::json())
    }

    /// Validates a document with the given options, reporting paths under `""`.
    pub fn validate_with(&self, document: &Json, options: &Options) -> Vec<SchemaError> {
        self.validate_at(document, options, "")
    }

    /// Validates a document that sits at `base` in a larger one (e.g. `/Properties`).
    pub(crate) fn validate_at(&self, document: &Json, options: &Options, base: &str) -> Vec<SchemaError> {
        let mut errors = Vec::new();
        Validator::new(self, options).validate(&self.root, document, base, 0, &mut errors);
        errors
    }
}

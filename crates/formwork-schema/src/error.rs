//! What a validation finds: one [`SchemaError`] per violated keyword, with a path.

use std::fmt;

/// One place where a document does not follow its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// Where: a JSON pointer into the document (`/Properties/MemorySize`, `/runs/0/tool`);
    /// the empty string is the document itself. A missing required property is reported at
    /// the path it should have, an unknown one at the path it has.
    pub path: String,
    /// What kind of violation this is.
    pub kind: ErrorKind,
    /// What is wrong, in words: lowercase, no trailing period.
    pub message: String,
}

/// The kinds of [`SchemaError`], one per family of keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `type`: a value of the wrong type.
    Type,
    /// `additionalProperties: false` (or a schema that rejects it): a property the schema
    /// does not know.
    UnknownProperty,
    /// `required`: a property that must be there is not.
    MissingProperty,
    /// `enum`: a value outside the allowed list.
    Enum,
    /// `const`: a value other than the one allowed.
    Const,
    /// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`.
    Range,
    /// `minLength`, `maxLength`: a string too short or too long.
    Length,
    /// `minItems`, `maxItems`, `minProperties`, `maxProperties`, `contains`.
    Size,
    /// `uniqueItems` and cfn-lint's `uniqueKeys`: repeated items.
    Duplicate,
    /// `pattern`, `propertyNames`: a string or name that does not match.
    Pattern,
    /// `anyOf`, `oneOf`: no alternative matches.
    NoAlternative,
    /// `oneOf`: more than one alternative matches.
    AmbiguousAlternative,
    /// `not`: the value matches a schema it must not.
    Not,
    /// `dependencies`, `dependentRequired`, cfn-lint's `requiredOr` and `requiredXor`: a
    /// property that needs another (or one of several) that is not there.
    Dependency,
    /// cfn-lint's `dependentExcluded` and `requiredXor`: properties that exclude each other.
    Exclusive,
    /// A resource sets a read-only property (one of its schema's `readOnlyProperties`,
    /// which CloudFormation does not pass to the resource provider; cfn-lint's E3040).
    ReadOnly,
    /// `false` as a schema: nothing is allowed here.
    Forbidden,
    /// A `$ref` that points nowhere in the schema: a mistake of the schema, not the document.
    UnresolvedRef,
}

impl ErrorKind {
    /// A short stable name for the kind, e.g. `unknown-property`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Type => "type",
            ErrorKind::UnknownProperty => "unknown-property",
            ErrorKind::MissingProperty => "missing-property",
            ErrorKind::Enum => "enum",
            ErrorKind::Const => "const",
            ErrorKind::Range => "range",
            ErrorKind::Length => "length",
            ErrorKind::Size => "size",
            ErrorKind::Duplicate => "duplicate",
            ErrorKind::Pattern => "pattern",
            ErrorKind::NoAlternative => "no-alternative",
            ErrorKind::AmbiguousAlternative => "ambiguous-alternative",
            ErrorKind::Not => "not",
            ErrorKind::Dependency => "dependency",
            ErrorKind::Exclusive => "exclusive",
            ErrorKind::ReadOnly => "read-only",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::UnresolvedRef => "unresolved-ref",
        }
    }
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "/" } else { &self.path };
        write!(f, "{path}: {} ({})", self.message, self.kind.as_str())
    }
}

impl std::error::Error for SchemaError {}

/// Appends a JSON-pointer segment to `path`, escaping `~` and `/`.
pub(crate) fn child(path: &str, segment: &str) -> String {
    let mut out = String::with_capacity(path.len() + segment.len() + 1);
    out.push_str(path);
    out.push('/');
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_segments_are_escaped() {
        assert_eq!(child("/Tags", "a/b~c"), "/Tags/a~1b~0c");
        let e = SchemaError { path: String::new(), kind: ErrorKind::MissingProperty, message: "x".into() };
        assert_eq!(e.to_string(), "/: x (missing-property)");
    }
}

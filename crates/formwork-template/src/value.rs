//! Template values and the intrinsic functions they may contain.

use indexmap::IndexMap;

/// A mapping of template keys to values, in insertion order.
pub type Map = IndexMap<String, Value>;

/// A value anywhere in a template: plain data or an intrinsic function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A string.
    String(String),
    /// A list.
    List(Vec<Value>),
    /// A mapping, in insertion order.
    Map(Map),
    /// An intrinsic function (`Ref`, `Fn::GetAtt`, `Fn::Sub`, ...).
    Fn(Box<Intrinsic>),
}

/// CloudFormation's intrinsic functions and condition functions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intrinsic {
    /// `Ref`: a resource, a parameter or a pseudo parameter.
    Ref(String),
    /// `Fn::GetAtt`: an attribute of a resource.
    GetAtt {
        /// The resource's logical id.
        resource: String,
        /// The attribute, e.g. `Arn`.
        attribute: String,
    },
    /// `Fn::Sub`: a string with `${...}` placeholders and optional variables.
    Sub {
        /// The string with placeholders.
        template: String,
        /// Variables defined for this substitution only.
        variables: Option<Map>,
    },
    /// `Fn::Join`: values joined with a delimiter.
    Join {
        /// The delimiter.
        delimiter: String,
        /// The values joined.
        values: Vec<Value>,
    },
    /// `Fn::Select`: one element of a list.
    Select {
        /// The index.
        index: Value,
        /// The list.
        list: Value,
    },
    /// `Fn::Split`: a string split into a list.
    Split {
        /// The delimiter.
        delimiter: String,
        /// The string split.
        source: Value,
    },
    /// `Fn::If`: one of two values by a condition.
    If {
        /// The condition's name.
        condition: String,
        /// The value when the condition holds.
        then: Value,
        /// The value when it does not.
        otherwise: Value,
    },
    /// `Fn::ImportValue`: an export of another stack.
    ImportValue(Value),
    /// `Fn::GetAZs`: the availability zones of a region.
    GetAzs(Value),
    /// `Fn::Base64`.
    Base64(Value),
    /// `Fn::FindInMap`.
    FindInMap(Value, Value, Value),
    /// `Fn::Equals` (conditions).
    Equals(Value, Value),
    /// `Fn::Not` (conditions).
    Not(Value),
    /// `Fn::And` (conditions).
    And(Vec<Value>),
    /// `Fn::Or` (conditions).
    Or(Vec<Value>),
    /// `Condition`: a reference to a named condition.
    Condition(String),
}

/// CloudFormation's pseudo parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pseudo {
    /// `AWS::AccountId`
    AccountId,
    /// `AWS::Region`
    Region,
    /// `AWS::Partition`
    Partition,
    /// `AWS::StackName`
    StackName,
    /// `AWS::StackId`
    StackId,
    /// `AWS::URLSuffix`
    UrlSuffix,
    /// `AWS::NotificationARNs`
    NotificationArns,
    /// `AWS::NoValue`
    NoValue,
}

impl Pseudo {
    /// Every pseudo parameter.
    pub const ALL: [Pseudo; 8] = [
        Pseudo::AccountId,
        Pseudo::Region,
        Pseudo::Partition,
        Pseudo::StackName,
        Pseudo::StackId,
        Pseudo::UrlSuffix,
        Pseudo::NotificationArns,
        Pseudo::NoValue,
    ];

    /// The name used with `Ref`, e.g. `AWS::Region`.
    pub fn as_str(self) -> &'static str {
        match self {
            Pseudo::AccountId => "AWS::AccountId",
            Pseudo::Region => "AWS::Region",
            Pseudo::Partition => "AWS::Partition",
            Pseudo::StackName => "AWS::StackName",
            Pseudo::StackId => "AWS::StackId",
            Pseudo::UrlSuffix => "AWS::URLSuffix",
            Pseudo::NotificationArns => "AWS::NotificationARNs",
            Pseudo::NoValue => "AWS::NoValue",
        }
    }

    /// The pseudo parameter of that name, if it is one.
    pub fn from_name(name: &str) -> Option<Pseudo> {
        Pseudo::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

/// A name one value refers to: found by [`Value::references`], borrowed from the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference<'a> {
    /// The logical id, parameter or pseudo parameter named.
    pub target: &'a str,
    /// The attribute, for `Fn::GetAtt` and `${X.Attr}`.
    pub attribute: Option<&'a str>,
}

impl Value {
    /// `Ref` to a resource or parameter.
    pub fn ref_(logical_id: impl Into<String>) -> Value {
        Value::Fn(Box::new(Intrinsic::Ref(logical_id.into())))
    }

    /// `Ref` to a pseudo parameter.
    pub fn pseudo(pseudo: Pseudo) -> Value {
        Value::ref_(pseudo.as_str())
    }

    /// `Fn::GetAtt` of a resource's attribute.
    pub fn get_att(logical_id: impl Into<String>, attribute: impl Into<String>) -> Value {
        Value::Fn(Box::new(Intrinsic::GetAtt { resource: logical_id.into(), attribute: attribute.into() }))
    }

    /// `Fn::Sub` without variables.
    pub fn sub(template: impl Into<String>) -> Value {
        Value::Fn(Box::new(Intrinsic::Sub { template: template.into(), variables: None }))
    }

    /// `Fn::Join`.
    pub fn join(delimiter: impl Into<String>, values: Vec<Value>) -> Value {
        Value::Fn(Box::new(Intrinsic::Join { delimiter: delimiter.into(), values }))
    }

    /// An intrinsic function.
    pub fn intrinsic(intrinsic: Intrinsic) -> Value {
        Value::Fn(Box::new(intrinsic))
    }

    /// A mapping built from pairs, in their order.
    pub fn map<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Map(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// The string, if this is a plain string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is a whole number or a string holding one (CloudFormation
    /// accepts both). A whole number written as a float (`1e5`, `300.0`) counts; one
    /// beyond the 64-bit range saturates to `i64::MIN` or `i64::MAX`, so range checks
    /// still see it as out of range instead of skipping it or seeing it wrapped.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            Value::String(s) => whole_number(s.trim()),
            _ => None,
        }
    }

    /// The boolean, if this is one or the string `true`/`false`.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    /// The mapping, if this is one.
    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The list, if this is one.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// The intrinsic function, if this is one.
    pub fn as_intrinsic(&self) -> Option<&Intrinsic> {
        match self {
            Value::Fn(f) => Some(f),
            _ => None,
        }
    }

    /// The value at `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        let map = self.as_map()?;
        // Most maps of a template are a few keys long: comparing them costs less than
        // hashing the key.
        if map.len() <= 8 {
            map.iter().find_map(|(k, v)| (k == key).then_some(v))
        } else {
            map.get(key)
        }
    }

    /// Calls `visit` with every name this value refers to: `Ref`, `Fn::GetAtt`, the
    /// placeholders of `Fn::Sub` (minus its own variables) and `Condition`, in order.
    pub fn references<'a>(&'a self, visit: &mut dyn FnMut(Reference<'a>)) {
        match self {
            Value::List(items) => items.iter().for_each(|v| v.references(visit)),
            Value::Map(map) => map.values().for_each(|v| v.references(visit)),
            Value::Fn(f) => f.references(visit),
            Value::Null | Value::Bool(_) | Value::Int(_) | Value::String(_) => {}
        }
    }
}

impl Intrinsic {
    fn references<'a>(&'a self, visit: &mut dyn FnMut(Reference<'a>)) {
        match self {
            Intrinsic::Ref(target) => visit(Reference { target, attribute: None }),
            Intrinsic::GetAtt { resource, attribute } => {
                visit(Reference { target: resource, attribute: Some(attribute) })
            }
            Intrinsic::Sub { template, variables } => {
                if let Some(vars) = variables {
                    vars.values().for_each(|v| v.references(visit));
                }
                for placeholder in sub_placeholders(template) {
                    if variables.as_ref().is_some_and(|v| v.contains_key(placeholder)) {
                        continue;
                    }
                    let (target, attribute) = match placeholder.split_once('.') {
                        Some((t, a)) if Pseudo::from_name(placeholder).is_none() => (t, Some(a)),
                        _ => (placeholder, None),
                    };
                    visit(Reference { target, attribute });
                }
            }
            Intrinsic::Join { values, .. } | Intrinsic::And(values) | Intrinsic::Or(values) => {
                values.iter().for_each(|v| v.references(visit))
            }
            Intrinsic::Select { index, list } => {
                index.references(visit);
                list.references(visit);
            }
            Intrinsic::Split { source, .. } => source.references(visit),
            Intrinsic::If { condition, then, otherwise } => {
                visit(Reference { target: condition, attribute: None });
                then.references(visit);
                otherwise.references(visit);
            }
            Intrinsic::ImportValue(v) | Intrinsic::GetAzs(v) | Intrinsic::Base64(v) | Intrinsic::Not(v) => {
                v.references(visit)
            }
            Intrinsic::FindInMap(a, b, c) => {
                a.references(visit);
                b.references(visit);
                c.references(visit);
            }
            Intrinsic::Equals(a, b) => {
                a.references(visit);
                b.references(visit);
            }
            Intrinsic::Condition(name) => visit(Reference { target: name, attribute: None }),
        }
    }
}

/// The placeholders of a `Fn::Sub` string: `${Name}` and `${Name.Attr}`; `${!Literal}`
/// is an escape and names nothing.
pub(crate) fn sub_placeholders(template: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let name = after[..end].trim();
                if !name.starts_with('!') && !name.is_empty() {
                    found.push(name);
                }
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    found
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::String(s.clone())
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Value {
                Value::Int(i64::from(n))
            }
        }
    )*};
}
from_int!(i8, i16, i32, i64, u8, u16, u32);

impl From<Map> for Value {
    fn from(m: Map) -> Value {
        Value::Map(m)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Value {
        Value::List(items.into_iter().map(Into::into).collect())
    }
}

/// `text` as a whole number: an integer, or a float with no fractional part; saturating
/// beyond the 64-bit range.
fn whole_number(text: &str) -> Option<i64> {
    if let Ok(n) = text.parse::<i64>() {
        return Some(n);
    }
    // Only what YAML and JSON call numbers: no `inf`, `nan` or `infinity` spelt out.
    if !text.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E')) {
        return None;
    }
    let f: f64 = text.parse().ok()?;
    // `as` saturates at the bounds of i64; infinities (`1e999`) saturate too.
    (f.is_infinite() || f.fract() == 0.0).then_some(f as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_written_as_floats_or_beyond_64_bits_are_numbers() {
        let n = |s: &str| Value::String(s.into()).as_i64();
        assert_eq!(n("300"), Some(300));
        assert_eq!(n("100000.0"), Some(100_000));
        assert_eq!(n("1e5"), Some(100_000));
        assert_eq!(n("99999999999999999999"), Some(i64::MAX));
        assert_eq!(n("-99999999999999999999"), Some(i64::MIN));
        assert_eq!(n("1e999"), Some(i64::MAX));
        assert_eq!(n("1.5"), None);
        assert_eq!(n("nan"), None);
        assert_eq!(n("inf"), None);
        assert_eq!(n("ten"), None);
    }

    #[test]
    fn sub_placeholders_skip_escapes_and_variables() {
        let v = Value::Fn(Box::new(Intrinsic::Sub {
            template: "arn:${AWS::Partition}:sqs:${Queue.QueueName}:${!Literal}:${Own}".into(),
            variables: Some(Map::from([("Own".to_string(), Value::ref_("Param"))])),
        }));
        let mut seen = Vec::new();
        v.references(&mut |r| seen.push((r.target, r.attribute)));
        assert_eq!(seen, vec![("Param", None), ("AWS::Partition", None), ("Queue", Some("QueueName")),]);
    }
}

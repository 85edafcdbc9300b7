//! Values with a syntax of their own: durations, runtimes, log retention, environment
//! values, and maps that refuse a key twice. Each checks itself while it is read, so a
//! bad one is reported at its exact line and column.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use formwork::construct::{AttributeKind, LogRetention};
use formwork::runtime::Lifecycle;
use formwork::{Duration, Runtime};
use indexmap::IndexMap;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use crate::suggest::closest;

/// A duration: whole seconds, or text like `90s`, `15m`, `2h`, `14d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DurationValue(pub(crate) Duration);

const DURATION_EXPECTED: &str =
    "a duration: whole seconds (90) or a whole number with a unit (90s, 15m, 2h, 14d)";

impl<'de> Deserialize<'de> for DurationValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DurationValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(DURATION_EXPECTED)
            }

            fn visit_u64<E: de::Error>(self, n: u64) -> Result<DurationValue, E> {
                Ok(DurationValue(Duration::secs(n)))
            }

            fn visit_i64<E: de::Error>(self, n: i64) -> Result<DurationValue, E> {
                u64::try_from(n)
                    .map(|n| DurationValue(Duration::secs(n)))
                    .map_err(|_| E::custom(format!("invalid duration `{n}`; it cannot be negative")))
            }

            fn visit_f64<E: de::Error>(self, n: f64) -> Result<DurationValue, E> {
                Err(E::custom(format!(
                    "invalid duration `{n}`; durations are whole seconds, minutes, hours or days"
                )))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<DurationValue, E> {
                Duration::parse(text).map(DurationValue).ok_or_else(|| {
                    E::custom(format!("invalid duration `{text}`; expected {DURATION_EXPECTED}"))
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl JsonSchema for DurationValue {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A duration: whole seconds (`90`), or a whole number with a unit: `90s`, `15m`, `2h`, `14d`.",
            "anyOf": [
                { "type": "integer", "minimum": 0 },
                { "type": "string", "pattern": "^[0-9]+[smhd]?$" }
            ]
        })
    }
}

/// A Lambda runtime identifier, e.g. `python3.13`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RuntimeName(pub(crate) Runtime);

/// Why `name` is not a runtime, with the likeliest fix.
fn runtime_problem(name: &str) -> String {
    if let Some(lifecycle) = Lifecycle::of(name) {
        let successor = lifecycle.successor.map(|s| format!("; its successor is `{s}`")).unwrap_or_default();
        return format!("runtime `{name}` is retired: Lambda no longer creates functions with it{successor}");
    }
    let names = Runtime::ALL.iter().map(|r| r.as_str());
    match closest(name, names.clone()) {
        Some(s) => format!("unknown runtime `{name}`; did you mean `{s}`?"),
        None => format!("unknown runtime `{name}`; expected one of {}", names.collect::<Vec<_>>().join(", ")),
    }
}

impl<'de> Deserialize<'de> for RuntimeName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RuntimeName;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Lambda runtime identifier such as python3.13")
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<RuntimeName, E> {
                Runtime::from_name(name).map(RuntimeName).ok_or_else(|| E::custom(runtime_problem(name)))
            }
        }
        deserializer.deserialize_str(V)
    }
}

impl JsonSchema for RuntimeName {
    fn schema_name() -> Cow<'static, str> {
        "Runtime".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = Runtime::ALL.iter().map(|r| r.as_str()).collect();
        json_schema!({
            "description": "A Lambda runtime identifier.",
            "type": "string",
            "enum": names
        })
    }
}

/// How long a function's log events are kept: a number of days CloudWatch Logs offers,
/// or `forever`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LogRetentionValue(pub(crate) LogRetention);

/// Every retention a spec can name, by days.
const RETENTIONS: [(u64, LogRetention); 10] = [
    (1, LogRetention::OneDay),
    (7, LogRetention::OneWeek),
    (14, LogRetention::TwoWeeks),
    (30, LogRetention::OneMonth),
    (90, LogRetention::ThreeMonths),
    (180, LogRetention::SixMonths),
    (365, LogRetention::OneYear),
    (731, LogRetention::TwoYears),
    (1827, LogRetention::FiveYears),
    (3653, LogRetention::TenYears),
];

const RETENTION_EXPECTED: &str = "1, 7, 14, 30, 90, 180, 365, 731, 1827 or 3653 (days), or `forever`";

impl<'de> Deserialize<'de> for LogRetentionValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LogRetentionValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a log retention: {RETENTION_EXPECTED}")
            }

            fn visit_u64<E: de::Error>(self, days: u64) -> Result<LogRetentionValue, E> {
                RETENTIONS.iter().find(|(d, _)| *d == days).map(|(_, r)| LogRetentionValue(*r)).ok_or_else(
                    || E::custom(format!("invalid log retention `{days}`; expected {RETENTION_EXPECTED}")),
                )
            }

            fn visit_i64<E: de::Error>(self, days: i64) -> Result<LogRetentionValue, E> {
                match u64::try_from(days) {
                    Ok(days) => self.visit_u64(days),
                    Err(_) => Err(E::custom(format!(
                        "invalid log retention `{days}`; expected {RETENTION_EXPECTED}"
                    ))),
                }
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<LogRetentionValue, E> {
                if text == "forever" {
                    Ok(LogRetentionValue(LogRetention::Forever))
                } else {
                    Err(E::custom(format!("invalid log retention `{text}`; expected {RETENTION_EXPECTED}")))
                }
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl JsonSchema for LogRetentionValue {
    fn schema_name() -> Cow<'static, str> {
        "LogRetention".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let days: Vec<u64> = RETENTIONS.iter().map(|(d, _)| *d).collect();
        json_schema!({
            "description": "How long log events are kept: a number of days, or `forever`.",
            "anyOf": [
                { "type": "integer", "enum": days },
                { "type": "string", "const": "forever" }
            ]
        })
    }
}

/// The value of an environment variable: text, or a value of a construct of the stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EnvValueSpec {
    /// Literal text (numbers and booleans are taken as their text).
    Text(String),
    /// A construct's name, ARN or URL, by its id.
    Reference(AttributeKind, String),
}

/// Reads a map of exactly one entry, `{ key: value }`, whose key is one of `keys`; gives
/// the key's index in `keys` and the value. (serde_yaml reads enums from `!tag value`
/// only; the spec writes them as one-entry maps, which this reads in YAML and JSON alike.)
pub(crate) fn single_entry<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    mut map: A,
    keys: &[&'static str],
    what: &str,
) -> Result<(usize, T), A::Error> {
    let expected = || keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
    let Some(key) = map.next_key::<String>()? else {
        return Err(de::Error::custom(format!("empty {what}; expected one key of {}", expected())));
    };
    let Some(index) = keys.iter().position(|k| *k == key) else {
        return Err(de::Error::custom(format!("unknown {what} `{key}`, expected one of {}", expected())));
    };
    let value = map.next_value()?;
    if let Some(other) = map.next_key::<String>()? {
        return Err(de::Error::custom(format!("a {what} has one key, `{key}`, but `{other}` follows it")));
    }
    Ok((index, value))
}

/// The keys of an environment reference, and what each gives.
const ENV_REFERENCE_KEYS: [(&str, AttributeKind); 3] =
    [("name_of", AttributeKind::Name), ("arn_of", AttributeKind::Arn), ("url_of", AttributeKind::Url)];

impl<'de> Deserialize<'de> for EnvValueSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = EnvValueSpec;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text, or one of { name_of: ID }, { arn_of: ID }, { url_of: ID }")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<EnvValueSpec, E> {
                Ok(EnvValueSpec::Text(text.to_string()))
            }

            fn visit_bool<E: de::Error>(self, b: bool) -> Result<EnvValueSpec, E> {
                Ok(EnvValueSpec::Text(b.to_string()))
            }

            fn visit_u64<E: de::Error>(self, n: u64) -> Result<EnvValueSpec, E> {
                Ok(EnvValueSpec::Text(n.to_string()))
            }

            fn visit_i64<E: de::Error>(self, n: i64) -> Result<EnvValueSpec, E> {
                Ok(EnvValueSpec::Text(n.to_string()))
            }

            fn visit_f64<E: de::Error>(self, n: f64) -> Result<EnvValueSpec, E> {
                Err(E::custom(format!(
                    "write the decimal number `{n}` in quotes, so the variable gets exactly the text written"
                )))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<EnvValueSpec, A::Error> {
                let keys = ENV_REFERENCE_KEYS.map(|(k, _)| k);
                let (i, id) = single_entry(map, &keys, "reference")?;
                Ok(EnvValueSpec::Reference(ENV_REFERENCE_KEYS[i].1, id))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// An environment variable's value that is another construct's.
#[derive(JsonSchema)]
#[allow(dead_code)] // only its schema is used; `EnvValueSpec` reads the value
enum EnvReference {
    /// The name of a construct (`Ref` of a table, function, bucket, stream or API; `QueueName` of a queue; `TopicName` of a topic), by its id, or `stack/id` in another stack.
    #[schemars(rename = "name_of")]
    Name(String),
    /// The ARN of a construct (`Fn::GetAtt X.Arn`, or `Ref` where that is the ARN), by its id, or `stack/id` in another stack.
    #[schemars(rename = "arn_of")]
    Arn(String),
    /// The URL of a queue (`Ref`), a REST API's stage or an HTTP API's endpoint (`ApiEndpoint`), by its id, or `stack/id` in another stack.
    #[schemars(rename = "url_of")]
    Url(String),
}

impl JsonSchema for EnvValueSpec {
    fn schema_name() -> Cow<'static, str> {
        "EnvironmentValue".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let reference = generator.subschema_for::<EnvReference>();
        json_schema!({
            "description": "An environment variable's value: text (numbers and booleans are taken as their text), or a value of a construct of the stack.",
            "anyOf": [
                { "type": "string" },
                { "type": "integer" },
                { "type": "boolean" },
                reference
            ]
        })
    }
}

/// A map, in file order, that refuses the same key twice (YAML and JSON parsers would
/// otherwise keep only the last).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UniqueMap<V>(pub(crate) IndexMap<String, V>);

impl<V> Default for UniqueMap<V> {
    fn default() -> Self {
        UniqueMap(IndexMap::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for UniqueMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = UniqueMap<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UniqueMap<V>, A::Error> {
                let mut entries = IndexMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    if entries.contains_key(&key) {
                        return Err(de::Error::custom(format!(
                            "duplicate key `{key}`; each key may appear once"
                        )));
                    }
                    let value = map.next_value()?;
                    entries.insert(key, value);
                }
                Ok(UniqueMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

impl<V: JsonSchema> JsonSchema for UniqueMap<V> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        <IndexMap<String, V>>::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <IndexMap<String, V>>::json_schema(generator)
    }
}

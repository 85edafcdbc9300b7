//! Reading JSON that refuses a key written twice in one object, as YAML does: serde_json
//! alone keeps the last one and drops the other without a word. [`UniqueYaml`] reads the
//! document and checks it in one pass; [`UniqueKeys`], the check alone, is what the tests
//! hold it to.

#[cfg(test)]
use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Deserializes any JSON value, failing on the first duplicate key (with serde_json's
/// line and column of where it is written). Holds nothing.
#[cfg(test)]
pub(crate) struct UniqueKeys;

#[cfg(test)]
impl<'de> Deserialize<'de> for UniqueKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(UniqueKeysVisitor)
    }
}

#[cfg(test)]
struct UniqueKeysVisitor;

#[cfg(test)]
impl<'de> Visitor<'de> for UniqueKeysVisitor {
    type Value = UniqueKeys;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }

    fn visit_unit<E: de::Error>(self) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<UniqueKeys, A::Error> {
        while seq.next_element::<UniqueKeys>()?.is_some() {}
        Ok(UniqueKeys)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UniqueKeys, A::Error> {
        let mut seen = BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                // Right after the key: serde_json's position is where it is written.
                return Err(de::Error::custom(format!(
                    "duplicate key `{key}`; a JSON object names each key once"
                )));
            }
            map.next_value::<UniqueKeys>()?;
            seen.insert(key);
        }
        Ok(UniqueKeys)
    }
}

/// Deserializes JSON into YAML's document type, failing on the first duplicate key just as
/// [`UniqueKeys`] does (same message, same position): the check and the document in one
/// pass over the text.
pub(crate) struct UniqueYaml(pub(crate) serde_yaml::Value);

impl<'de> Deserialize<'de> for UniqueYaml {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(UniqueYamlVisitor).map(UniqueYaml)
    }
}

struct UniqueYamlVisitor;

impl<'de> Visitor<'de> for UniqueYamlVisitor {
    type Value = serde_yaml::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<serde_yaml::Value, E> {
        Ok(serde_yaml::Value::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<serde_yaml::Value, E> {
        Ok(serde_yaml::Value::Number(n.into()))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<serde_yaml::Value, E> {
        Ok(serde_yaml::Value::Number(n.into()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<serde_yaml::Value, E> {
        Ok(serde_yaml::Value::Number(n.into()))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<serde_yaml::Value, E> {
        Ok(serde_yaml::Value::String(s.to_string()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<serde_yaml::Value, E> {
        Ok(serde_yaml::Value::String(s))
    }

    fn visit_unit<E: de::Error>(self) -> Result<serde_yaml::Value, E> {
        Ok(serde_yaml::Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<serde_yaml::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(UniqueYaml(item)) = seq.next_element::<UniqueYaml>()? {
            items.push(item);
        }
        Ok(serde_yaml::Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<serde_yaml::Value, A::Error> {
        let mut out = serde_yaml::Mapping::new();
        while let Some(key) = map.next_key::<String>()? {
            let key = serde_yaml::Value::String(key);
            if out.contains_key(&key) {
                // Right after the key: serde_json's position is where it is written.
                let name = key.as_str().unwrap_or_default();
                return Err(de::Error::custom(format!(
                    "duplicate key `{name}`; a JSON object names each key once"
                )));
            }
            let UniqueYaml(value) = map.next_value::<UniqueYaml>()?;
            out.insert(key, value);
        }
        Ok(serde_yaml::Value::Mapping(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One pass gives what the two passes gave: the check's error, or the document.
    #[test]
    fn the_yaml_document_and_the_check_agree_with_two_passes() {
        let texts = [
            r#"{"Resources": {"A": {"Type": "X", "Properties": {"N": 1, "F": 1.5, "M": -2, "B": true, "Z": null, "L": [1, "a", {}]}}}}"#,
            r#"{"a": 1, "b": {"c": 2, "c": 3}}"#,
            r#"{"a": 1, "a": 2}"#,
            r#"{"a": [1, 2,]}"#,
            r#"[{"x": 18446744073709551615}, 1e400]"#,
        ];
        for text in texts {
            let two = serde_json::from_str::<UniqueKeys>(text).and_then(|_| {
                let json: serde_json::Value = serde_json::from_str(text)?;
                Ok(serde_yaml::to_value(json).expect("JSON converts"))
            });
            let one = serde_json::from_str::<UniqueYaml>(text).map(|d| d.0);
            match (two, one) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text}"),
                (a, b) => panic!("{text}: {a:?} vs {b:?}"),
            }
        }
    }
}

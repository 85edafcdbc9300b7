//! What the fuzz targets share: a decoder that turns fuzz bytes into structured values,
//! and the reading of short-form YAML tags back into long-form JSON.

use formwork_template::{Intrinsic, Map, Value};
use serde_json::Value as Json;

/// Reads choices, numbers and strings off the fuzz input; zeros once it runs out.
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    /// The decoder over `data`.
    pub fn new(data: &'a [u8]) -> Bytes<'a> {
        Bytes { data }
    }

    /// Whether any input is left.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// One byte.
    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((b, rest)) => {
                self.data = rest;
                *b
            }
            None => 0,
        }
    }

    /// A number below `n` (at least 1).
    pub fn below(&mut self, n: usize) -> usize {
        usize::from(self.byte()) % n.max(1)
    }

    /// Eight bytes as a number.
    pub fn i64(&mut self) -> i64 {
        let mut b = [0u8; 8];
        for x in &mut b {
            *x = self.byte();
        }
        i64::from_le_bytes(b)
    }

    /// Up to `max` bytes.
    pub fn bytes(&mut self, max: usize) -> &'a [u8] {
        let n = self.below(max + 1).min(self.data.len());
        let (head, rest) = self.data.split_at(n);
        self.data = rest;
        head
    }

    /// A string of up to `max` bytes, lossily decoded; sometimes one that YAML readers
    /// like to take for something else.
    pub fn string(&mut self, max: usize) -> String {
        const TRICKY: [&str; 24] = [
            "", "true", "no", "~", "null", "1e5", "0x1F", "0o17", "012", "-", "- x", ": x", "a: b", "#c", "'q'",
            "\"d\"", "!Ref x", "&a", "*a", "|", ">", "%x", "@", "\u{feff}x",
        ];
        match self.below(4) {
            0 => TRICKY[self.below(TRICKY.len())].to_string(),
            _ => String::from_utf8_lossy(self.bytes(max)).into_owned(),
        }
    }

    /// A name of letters and digits (logical ids, attributes), never empty.
    pub fn name(&mut self) -> String {
        let n = 1 + self.below(8);
        (0..n).map(|_| char::from(b"ABCQabcxyz019"[self.below(13)])).collect()
    }

    /// A template value, at most `depth` levels deep.
    pub fn value(&mut self, depth: usize) -> Value {
        let kinds = if depth == 0 { 4 } else { 8 };
        match self.below(kinds) {
            0 => Value::Null,
            1 => Value::Bool(self.byte() % 2 == 0),
            2 => Value::Int(self.i64()),
            3 => Value::String(self.string(40)),
            4 => Value::List((0..self.below(4)).map(|_| self.value(depth - 1)).collect()),
            5 => Value::Map(self.map(depth - 1)),
            _ => Value::intrinsic(self.intrinsic(depth - 1)),
        }
    }

    fn map(&mut self, depth: usize) -> Map {
        (0..self.below(4)).map(|_| (self.string(20), self.value(depth))).collect()
    }

    fn values(&mut self, depth: usize) -> Vec<Value> {
        (0..self.below(4)).map(|_| self.value(depth)).collect()
    }

    /// An intrinsic function with arguments at most `depth` levels deep.
    pub fn intrinsic(&mut self, depth: usize) -> Intrinsic {
        match self.below(16) {
            0 => Intrinsic::Ref(self.name()),
            1 => Intrinsic::GetAtt { resource: self.name(), attribute: self.name() },
            2 => Intrinsic::Sub {
                template: self.string(40),
                variables: (self.byte() % 2 == 0).then(|| self.map(depth)),
            },
            3 => Intrinsic::Join { delimiter: self.string(4), values: self.values(depth) },
            4 => Intrinsic::Select { index: self.value(depth), list: self.value(depth) },
            5 => Intrinsic::Split { delimiter: self.string(4), source: self.value(depth) },
            6 => Intrinsic::If { condition: self.name(), then: self.value(depth), otherwise: self.value(depth) },
            7 => Intrinsic::ImportValue(self.value(depth)),
            8 => Intrinsic::GetAzs(self.value(depth)),
            9 => Intrinsic::Base64(self.value(depth)),
            10 => Intrinsic::FindInMap(self.value(depth), self.value(depth), self.value(depth)),
            11 => Intrinsic::Equals(self.value(depth), self.value(depth)),
            12 => Intrinsic::Not(self.value(depth)),
            13 => Intrinsic::And(self.values(depth)),
            14 => Intrinsic::Or(self.values(depth)),
            _ => Intrinsic::Condition(self.name()),
        }
    }
}

/// A YAML document as JSON, short-form tags in their long form: `!Ref x` is
/// `{"Ref": x}`, `!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}`, `!X y` is `{"Fn::X": y}`.
pub fn yaml_to_json(v: &serde_yaml::Value) -> Json {
    use serde_yaml::Value as Yaml;
    match v {
        Yaml::Null => Json::Null,
        Yaml::Bool(b) => Json::Bool(*b),
        Yaml::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Json::from(i),
            (None, Some(u)) => Json::from(u),
            _ => serde_json::Number::from_f64(n.as_f64().unwrap_or(f64::NAN)).map_or(Json::Null, Json::Number),
        },
        Yaml::String(s) => Json::String(s.clone()),
        Yaml::Sequence(items) => Json::Array(items.iter().map(yaml_to_json).collect()),
        Yaml::Mapping(m) => Json::Object(
            m.iter()
                .map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) => s.clone(),
                        other => format!("{other:?}"),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        Yaml::Tagged(t) => {
            let tag = t.tag.to_string();
            let name = tag.trim_start_matches('!');
            let long = if matches!(name, "Ref" | "Condition") { name.to_string() } else { format!("Fn::{name}") };
            let arg = match (name, &t.value) {
                ("GetAtt", Yaml::String(s)) => match s.split_once('.') {
                    Some((r, a)) => Json::Array(vec![Json::from(r), Json::from(a)]),
                    None => Json::from(s.as_str()),
                },
                (_, value) => yaml_to_json(value),
            };
            let mut map = serde_json::Map::new();
            map.insert(long, arg);
            Json::Object(map)
        }
    }
}

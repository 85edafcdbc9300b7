//! A JSON Schema compiled for validation: keywords read once into typed fields, patterns
//! compiled, `$ref` kept as a pointer resolved against the root when it is used.

use std::borrow::Cow;

use indexmap::IndexMap;
use serde_json::Value as Json;

use crate::pattern::Pattern;

pub(crate) mod compact;

/// A compiled JSON Schema (drafts 4 to 2020-12, the keywords listed in the crate docs),
/// or a compiled CloudFormation resource schema.
///
/// Keywords it does not know, and keywords whose value has the wrong shape, are ignored:
/// compiling never fails, so a schema is only as strict as the keywords it is understood by.
#[derive(Debug, Clone)]
pub struct Schema {
    pub(crate) root: Node,
    type_name: Option<String>,
    read_only: Vec<String>,
    create_only: Vec<String>,
}

/// A string of a compiled schema: borrowed from the compact form of a vendored schema
/// (no allocation when it is decoded), owned when compiled from JSON.
pub(crate) type Text = Cow<'static, str>;

/// The schemas under names (`properties`, `definitions`), in schema order.
pub(crate) type NodeMap = IndexMap<Text, Node, BuildNameHasher>;

/// Hashes the names of a [`NodeMap`]: several times cheaper than the default SipHash on
/// short property names. The names are the schema's, not a document's, so there is no
/// flooding to guard against.
pub(crate) type BuildNameHasher = formwork_template::hash::BuildFastHasher;

/// One schema position: `true`, `false`, or an object of keywords.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    Bool(bool),
    Keywords(Box<Keywords>),
}

/// The types of a `type` keyword: a single type (most schemas) borrowed from a static
/// table, a list of several owned.
pub(crate) type Types = Cow<'static, [JsonType]>;

/// The JSON types of the `type` keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonType {
    Null,
    Boolean,
    Object,
    Array,
    Number,
    Integer,
    String,
}

impl JsonType {
    fn from_name(name: &str) -> Option<JsonType> {
        Some(match name {
            "null" => JsonType::Null,
            "boolean" => JsonType::Boolean,
            "object" => JsonType::Object,
            "array" => JsonType::Array,
            "number" => JsonType::Number,
            "integer" => JsonType::Integer,
            "string" => JsonType::String,
            _ => return None,
        })
    }

    /// Every type, in declaration order.
    pub(crate) const ALL: [JsonType; 7] = [
        JsonType::Null,
        JsonType::Boolean,
        JsonType::Object,
        JsonType::Array,
        JsonType::Number,
        JsonType::Integer,
        JsonType::String,
    ];

    /// This type alone, as a `type` keyword's list (borrowed: no allocation).
    pub(crate) fn alone(self) -> Types {
        static ALL: [JsonType; 7] = JsonType::ALL;
        Types::Borrowed(std::slice::from_ref(&ALL[self as usize]))
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Object => "object",
            JsonType::Array => "array",
            JsonType::Number => "number",
            JsonType::Integer => "integer",
            JsonType::String => "string",
        }
    }
}

/// A lower or upper bound, inclusive or not.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bound {
    pub(crate) value: f64,
    pub(crate) exclusive: bool,
}

/// `items`: one schema for every item, or one per position (drafts 4 to 2019-09).
#[derive(Debug, Clone)]
pub(crate) enum Items {
    Each(Node),
    Tuple(Vec<Node>),
}

/// The keywords of one schema object.
#[derive(Debug, Clone, Default)]
pub(crate) struct Keywords {
    pub(crate) types: Option<Types>,
    pub(crate) properties: NodeMap,
    pub(crate) pattern_properties: Vec<(Pattern, Node)>,
    pub(crate) additional_properties: Option<Node>,
    pub(crate) property_names: Option<Node>,
    pub(crate) required: Vec<Text>,
    pub(crate) min_properties: Option<u64>,
    pub(crate) max_properties: Option<u64>,
    pub(crate) enumeration: Option<Vec<Json>>,
    pub(crate) constant: Option<Json>,
    pub(crate) items: Option<Items>,
    pub(crate) prefix_items: Vec<Node>,
    pub(crate) additional_items: Option<Node>,
    pub(crate) contains: Option<Node>,
    pub(crate) min_items: Option<u64>,
    pub(crate) max_items: Option<u64>,
    pub(crate) unique_items: bool,
    pub(crate) unique_keys: Vec<String>,
    pub(crate) min_length: Option<u64>,
    pub(crate) max_length: Option<u64>,
    pub(crate) pattern: Option<Pattern>,
    pub(crate) minimum: Option<Bound>,
    pub(crate) maximum: Option<Bound>,
    pub(crate) multiple_of: Option<f64>,
    pub(crate) all_of: Vec<Node>,
    pub(crate) any_of: Vec<Node>,
    pub(crate) one_of: Vec<Node>,
    pub(crate) not: Option<Node>,
    pub(crate) condition: Option<Node>,
    pub(crate) then: Option<Node>,
    pub(crate) otherwise: Option<Node>,
    pub(crate) dependent_required: Vec<(String, Vec<String>)>,
    pub(crate) dependent_schemas: Vec<(String, Node)>,
    pub(crate) dependent_excluded: Vec<(String, Vec<String>)>,
    pub(crate) required_or: Option<Vec<String>>,
    pub(crate) required_xor: Option<Vec<String>>,
    pub(crate) reference: Option<Text>,
    definitions: NodeMap,
    defs: NodeMap,
}

impl Schema {
    /// Compiles a schema from its JSON. A CloudFormation resource schema's `typeName`,
    /// `readOnlyProperties` and `createOnlyProperties` are kept too.
    ///
    /// ```
    /// use formwork_schema::Schema;
    /// use serde_json::json;
    ///
    /// let schema = Schema::from_json(&json!({"type": "object", "required": ["name"]}));
    /// assert_eq!(schema.validate(&json!({})).len(), 1);
    /// ```
    pub fn from_json(json: &Json) -> Schema {
        let type_name = json.get("typeName").and_then(Json::as_str).map(str::to_string);
        let read_only = strings(json.get("readOnlyProperties")).unwrap_or_default();
        let create_only = strings(json.get("createOnlyProperties")).unwrap_or_default();
        Schema { root: Node::compile(json), type_name, read_only, create_only }
    }

    /// The resource type a CloudFormation resource schema describes (`typeName`).
    pub fn type_name(&self) -> Option<&str> {
        self.type_name.as_deref()
    }

    /// A CloudFormation resource schema's `readOnlyProperties`: JSON pointers such as
    /// `/properties/Arn`.
    pub fn read_only_properties(&self) -> &[String] {
        &self.read_only
    }

    /// A CloudFormation resource schema's `createOnlyProperties`: JSON pointers such as
    /// `/properties/QueueName`. Changing one makes CloudFormation replace the resource.
    pub fn create_only_properties(&self) -> &[String] {
        &self.create_only
    }

    /// Every `pattern` and `patternProperties` pattern in the schema, in schema order:
    /// [`Pattern::unsupported`] says which of them are not checked.
    pub fn patterns(&self) -> Vec<&Pattern> {
        let mut out = Vec::new();
        self.root.patterns(&mut |p| out.push(p));
        out
    }

    /// The schema a `$ref` points to: `#`, `#/definitions/...`, `#/$defs/...`, or any
    /// pointer through keywords that hold schemas (`#/properties/A/items`).
    pub(crate) fn resolve(&self, reference: &str) -> Option<&Node> {
        let pointer = reference.strip_prefix('#')?;
        let mut node = &self.root;
        // A URI fragment: percent-decoded first, then the pointer's `~1` and `~0`.
        let mut segments =
            pointer.split('/').skip(1).map(|s| percent_decoded(s).replace("~1", "/").replace("~0", "~"));
        while let Some(keyword) = segments.next() {
            let Node::Keywords(k) = node else { return None };
            let index = |segment: Option<String>, len: usize| -> Option<usize> {
                segment?.parse::<usize>().ok().filter(|i| *i < len)
            };
            node = match keyword.as_str() {
                "definitions" => k.definitions.get(segments.next()?.as_str())?,
                "$defs" => k.defs.get(segments.next()?.as_str())?,
                "properties" => k.properties.get(segments.next()?.as_str())?,
                "patternProperties" => {
                    let name = segments.next()?;
                    &k.pattern_properties.iter().find(|(p, _)| p.as_str() == name)?.1
                }
                "items" => match k.items.as_ref()? {
                    Items::Each(node) => node,
                    Items::Tuple(list) => &list[index(segments.next(), list.len())?],
                },
                "prefixItems" => &k.prefix_items[index(segments.next(), k.prefix_items.len())?],
                "allOf" => &k.all_of[index(segments.next(), k.all_of.len())?],
                "anyOf" => &k.any_of[index(segments.next(), k.any_of.len())?],
                "oneOf" => &k.one_of[index(segments.next(), k.one_of.len())?],
                "not" => k.not.as_ref()?,
                "if" => k.condition.as_ref()?,
                "then" => k.then.as_ref()?,
                "else" => k.otherwise.as_ref()?,
                "additionalProperties" => k.additional_properties.as_ref()?,
                "additionalItems" => k.additional_items.as_ref()?,
                "contains" => k.contains.as_ref()?,
                "propertyNames" => k.property_names.as_ref()?,
                _ => return None,
            };
        }
        Some(node)
    }
}

fn strings(json: Option<&Json>) -> Option<Vec<String>> {
    let list = json?.as_array()?;
    Some(list.iter().filter_map(Json::as_str).map(str::to_string).collect())
}

fn count(json: Option<&Json>) -> Option<u64> {
    let json = json?;
    json.as_u64().or_else(|| json.as_f64().filter(|f| *f >= 0.0 && f.fract() == 0.0).map(|f| f as u64))
}

fn schemas(json: Option<&Json>) -> Vec<Node> {
    json.and_then(Json::as_array).map(|list| list.iter().map(Node::compile).collect()).unwrap_or_default()
}

fn schema_map(json: Option<&Json>) -> NodeMap {
    let Some(map) = json.and_then(Json::as_object) else { return NodeMap::default() };
    map.iter().map(|(name, schema)| (Text::Owned(name.clone()), Node::compile(schema))).collect()
}

fn texts(json: Option<&Json>) -> Vec<Text> {
    let list = json.and_then(Json::as_array).map(Vec::as_slice).unwrap_or_default();
    list.iter().filter_map(Json::as_str).map(|s| Text::Owned(s.to_string())).collect()
}

fn string_lists(json: Option<&Json>) -> Vec<(String, Vec<String>)> {
    let Some(map) = json.and_then(Json::as_object) else { return Vec::new() };
    map.iter().filter_map(|(name, list)| Some((name.clone(), strings(Some(list))?))).collect()
}

/// How many keywords [`Node::compile`] reads.
const KEYWORDS: usize = 42;

/// The slot of each keyword [`Node::compile`] reads (a `match` on the name: cheaper than a
/// hash lookup per keyword, and than a search through a list).
fn keyword_slot(name: &str) -> Option<usize> {
    Some(match name {
        "type" => 0,
        "properties" => 1,
        "patternProperties" => 2,
        "additionalProperties" => 3,
        "propertyNames" => 4,
        "required" => 5,
        "minProperties" => 6,
        "maxProperties" => 7,
        "enum" => 8,
        "const" => 9,
        "items" => 10,
        "prefixItems" => 11,
        "additionalItems" => 12,
        "contains" => 13,
        "minItems" => 14,
        "maxItems" => 15,
        "uniqueItems" => 16,
        "uniqueKeys" => 17,
        "minLength" => 18,
        "maxLength" => 19,
        "pattern" => 20,
        "minimum" => 21,
        "exclusiveMinimum" => 22,
        "maximum" => 23,
        "exclusiveMaximum" => 24,
        "multipleOf" => 25,
        "allOf" => 26,
        "anyOf" => 27,
        "oneOf" => 28,
        "not" => 29,
        "if" => 30,
        "then" => 31,
        "else" => 32,
        "dependentRequired" => 33,
        "dependentSchemas" => 34,
        "dependencies" => 35,
        "dependentExcluded" => 36,
        "requiredOr" => 37,
        "requiredXor" => 38,
        "$ref" => 39,
        "definitions" => 40,
        "$defs" => 41,
        _ => return None,
    })
}

impl Node {
    pub(crate) fn compile(json: &Json) -> Node {
        let Some(map) = json.as_object() else {
            // `true`, `false`; anything else is no schema and allows everything
            return Node::Bool(json.as_bool().unwrap_or(true));
        };
        // One pass over the object's members, instead of a hash lookup per keyword.
        let mut slots: [Option<&Json>; KEYWORDS] = [None; KEYWORDS];
        for (name, value) in map {
            if let Some(i) = keyword_slot(name) {
                slots[i] = Some(value);
            }
        }
        let get = |name: &str| {
            let slot = keyword_slot(name);
            debug_assert!(slot.is_some(), "`{name}` is missing from KEYWORDS");
            slot.and_then(|i| slots[i])
        };
        let one = |name: &str| get(name).map(Node::compile);
        let bound = |inclusive: &str, exclusive: &str| {
            let draft4 = get(exclusive).and_then(Json::as_bool).unwrap_or(false);
            let inclusive =
                get(inclusive).and_then(Json::as_f64).map(|value| Bound { value, exclusive: draft4 });
            let exclusive =
                get(exclusive).and_then(Json::as_f64).map(|value| Bound { value, exclusive: true });
            (inclusive, exclusive)
        };
        let (minimum, exclusive_minimum) = bound("minimum", "exclusiveMinimum");
        let (maximum, exclusive_maximum) = bound("maximum", "exclusiveMaximum");
        let types = match get("type") {
            Some(Json::String(name)) => JsonType::from_name(name).map(JsonType::alone),
            Some(Json::Array(names)) => Some(Types::Owned(
                names.iter().filter_map(Json::as_str).filter_map(JsonType::from_name).collect(),
            )),
            _ => None,
        };
        let items = match get("items") {
            Some(Json::Array(list)) => Some(Items::Tuple(list.iter().map(Node::compile).collect())),
            Some(schema) => Some(Items::Each(Node::compile(schema))),
            None => None,
        };
        // draft 4's `dependencies` holds both lists of names and schemas
        let mut dependent_required = string_lists(get("dependentRequired"));
        let mut dependent_schemas: Vec<(String, Node)> = schema_map(get("dependentSchemas"))
            .into_iter()
            .map(|(name, node)| (name.into_owned(), node))
            .collect();
        if let Some(deps) = get("dependencies").and_then(Json::as_object) {
            for (name, dep) in deps {
                match dep {
                    Json::Array(_) => {
                        dependent_required.push((name.clone(), strings(Some(dep)).unwrap_or_default()))
                    }
                    schema => dependent_schemas.push((name.clone(), Node::compile(schema))),
                }
            }
        }
        let pattern_properties = get("patternProperties")
            .and_then(Json::as_object)
            .map(|m| m.iter().map(|(p, s)| (Pattern::new(p), Node::compile(s))).collect())
            .unwrap_or_default();
        Node::Keywords(Box::new(Keywords {
            types,
            properties: schema_map(get("properties")),
            pattern_properties,
            additional_properties: one("additionalProperties"),
            property_names: one("propertyNames"),
            required: texts(get("required")),
            min_properties: count(get("minProperties")),
            max_properties: count(get("maxProperties")),
            enumeration: get("enum").and_then(Json::as_array).cloned(),
            constant: get("const").cloned(),
            items,
            prefix_items: schemas(get("prefixItems")),
            additional_items: one("additionalItems"),
            contains: one("contains"),
            min_items: count(get("minItems")),
            max_items: count(get("maxItems")),
            unique_items: get("uniqueItems").and_then(Json::as_bool).unwrap_or(false),
            unique_keys: strings(get("uniqueKeys")).unwrap_or_default(),
            min_length: count(get("minLength")),
            max_length: count(get("maxLength")),
            pattern: get("pattern").and_then(Json::as_str).map(Pattern::new),
            minimum: tighter(minimum, exclusive_minimum, |a, b| a > b),
            maximum: tighter(maximum, exclusive_maximum, |a, b| a < b),
            multiple_of: get("multipleOf").and_then(Json::as_f64).filter(|m| *m > 0.0),
            all_of: schemas(get("allOf")),
            any_of: schemas(get("anyOf")),
            one_of: schemas(get("oneOf")),
            not: one("not"),
            condition: one("if"),
            then: one("then"),
            otherwise: one("else"),
            dependent_required,
            dependent_schemas,
            dependent_excluded: string_lists(get("dependentExcluded")),
            required_or: strings(get("requiredOr")),
            required_xor: strings(get("requiredXor")),
            reference: get("$ref").and_then(Json::as_str).map(|r| Text::Owned(r.to_string())),
            definitions: schema_map(get("definitions")),
            defs: schema_map(get("$defs")),
        }))
    }

    /// Calls `visit` with every pattern in this schema and the schemas under it.
    pub(crate) fn patterns<'a>(&'a self, visit: &mut dyn FnMut(&'a Pattern)) {
        let Node::Keywords(k) = self else { return };
        k.pattern.iter().for_each(&mut *visit);
        for (pattern, node) in &k.pattern_properties {
            visit(pattern);
            node.patterns(visit);
        }
        let items: &[Node] = match &k.items {
            Some(Items::Each(node)) => std::slice::from_ref(node),
            Some(Items::Tuple(list)) => list,
            None => &[],
        };
        let singles = [
            &k.additional_properties,
            &k.property_names,
            &k.additional_items,
            &k.contains,
            &k.not,
            &k.condition,
            &k.then,
            &k.otherwise,
        ];
        let nodes = k.properties.values().chain(items).chain(&k.prefix_items).chain(&k.all_of);
        let nodes = nodes.chain(&k.any_of).chain(&k.one_of).chain(singles.into_iter().flatten());
        let nodes = nodes.chain(k.dependent_schemas.iter().map(|(_, n)| n));
        for node in nodes.chain(k.definitions.values()).chain(k.defs.values()) {
            node.patterns(visit);
        }
    }
}

/// The stricter of an inclusive and an exclusive bound (`pick(a, b)`: a is stricter than b).
fn tighter(
    inclusive: Option<Bound>,
    exclusive: Option<Bound>,
    stricter: fn(f64, f64) -> bool,
) -> Option<Bound> {
    match (inclusive, exclusive) {
        (Some(i), Some(e)) => Some(if stricter(i.value, e.value) { i } else { e }),
        (i, e) => i.or(e),
    }
}

/// `text` with `%XX` escapes decoded (as a URI fragment has them); an escape that is not
/// two hex digits, or bytes that are not UTF-8, stay as written.
fn percent_decoded(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

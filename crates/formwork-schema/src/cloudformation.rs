//! The vendored CloudFormation resource schemas: lookup by type, resource validation and
//! the `Fn::GetAtt` attributes of each type.

use std::sync::OnceLock;

use formwork_template::Resource;
use serde_json::{Map, Value as Json};

use crate::error::{child, ErrorKind, SchemaError};
use crate::options::Options;
use crate::schema::{compact, Items, JsonType, Node, Schema, Text};
use crate::vendored::{RESOURCE_SCHEMAS, RESOURCE_TYPES};

mod compiled;

/// Types whose every scalar property is an `Fn::GetAtt` attribute, beyond the schema's
/// `readOnlyProperties` (CloudFormation's behaviour for these older types, as cfn-lint
/// models it): e.g. `QueueName` of a queue, `TopicName` of a topic, `VpcId` of a group.
const GET_ATT_EVERY_PROPERTY: &[&str] = &["AWS::EC2::SecurityGroup", "AWS::SNS::Topic", "AWS::SQS::Queue"];

struct Entry {
    schema: Schema,
    attributes: Vec<Text>,
}

fn entry(type_name: &str) -> Option<&'static Entry> {
    static ENTRIES: [OnceLock<Entry>; RESOURCE_SCHEMAS.len()] =
        [const { OnceLock::new() }; RESOURCE_SCHEMAS.len()];
    let index = RESOURCE_SCHEMAS.binary_search_by(|(name, _)| (*name).cmp(type_name)).ok()?;
    Some(ENTRIES[index].get_or_init(|| {
        let (name, text) = RESOURCE_SCHEMAS[index];
        // The compiled form, schema and attributes, decoded without parsing JSON; the JSON
        // only if that form is stale (which the test `compiled_schemas_are_fresh` reports).
        let (schema, attributes) = compact::schema_at(compiled::RESOURCE_SCHEMAS_COMPILED, index)
            .filter(|(schema, _)| schema.type_name() == Some(name))
            .unwrap_or_else(|| {
                // the vendored files are checked by this crate's tests: a failure here is a bug
                let json: Json =
                    serde_json::from_str(text).expect("vendored resource schemas are valid JSON");
                let schema = Schema::from_json(&json);
                let attributes = attributes_of(name, &schema).into_iter().map(Text::Owned).collect();
                (schema, attributes)
            });
        Entry { schema, attributes }
    }))
}

/// The CloudFormation resource types whose schemas are vendored, sorted.
pub fn resource_types() -> impl Iterator<Item = &'static str> {
    RESOURCE_SCHEMAS.iter().map(|(name, _)| *name)
}

/// Whether CloudFormation has a resource type of this name: every type the schema
/// source publishes a schema for, vendored here or not (about 1,900 names).
///
/// ```
/// assert!(formwork_schema::is_resource_type("AWS::SSM::Document"));
/// assert!(!formwork_schema::is_resource_type("AWS::SQS::Queu"));
/// ```
pub fn is_resource_type(type_name: &str) -> bool {
    // The vendored types, a short list, are the ones asked about most.
    RESOURCE_SCHEMAS.binary_search_by(|(name, _)| (*name).cmp(type_name)).is_ok()
        || is_line_of_sorted(RESOURCE_TYPES, type_name)
}

/// Whether `needle` is a whole line of `sorted`, whose lines are in byte order: a binary
/// search over the text itself, so a lookup costs no list of its 1,900 lines.
fn is_line_of_sorted(sorted: &str, needle: &str) -> bool {
    let bytes = sorted.as_bytes();
    // Both ends are line starts (or the end of the text).
    let (mut low, mut high) = (0, bytes.len());
    while low < high {
        let middle = low + (high - low) / 2;
        let start = bytes[low..middle].iter().rposition(|&b| b == b'\n').map_or(low, |i| low + i + 1);
        let end = bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| start + i);
        match sorted[start..end].cmp(needle) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => low = (end + 1).min(bytes.len()),
            std::cmp::Ordering::Greater => high = start,
        }
    }
    false
}

/// Every CloudFormation resource type name, sorted (see [`is_resource_type`]).
pub fn all_resource_types() -> &'static [&'static str] {
    static TYPES: OnceLock<Vec<&'static str>> = OnceLock::new();
    TYPES.get_or_init(|| RESOURCE_TYPES.lines().filter(|l| !l.is_empty()).collect())
}

/// The vendored resource schema of a type (`AWS::Lambda::Function`), compiled on first
/// use; `None` for a type that is not vendored (see [`resource_types`]).
pub fn resource_schema(type_name: &str) -> Option<&'static Schema> {
    entry(type_name).map(|e| &e.schema)
}

/// The `Fn::GetAtt` attributes of a type: its schema's `readOnlyProperties`, with nested
/// properties joined by dots (`/properties/Endpoint/Address` → `Endpoint.Address`), and,
/// for the few older types where CloudFormation allows it (queues, topics, security
/// groups), every other scalar property too. `None` for a type that is not vendored.
///
/// ```
/// let attributes = formwork_schema::attributes("AWS::Lambda::Function").unwrap();
/// assert!(attributes.contains(&"Arn"));
/// assert!(!attributes.contains(&"MemorySize"));
/// ```
pub fn attributes(type_name: &str) -> Option<Vec<&'static str>> {
    entry(type_name).map(|e| e.attributes.iter().map(|a| &**a).collect())
}

/// The properties of a type that CloudFormation cannot change in place (its schema's
/// `createOnlyProperties`): changing one replaces the resource. Nested properties are
/// joined by dots (`/properties/KeySchema` → `KeySchema`, `/properties/A/B` → `A.B`).
/// `None` for a type that is not vendored.
///
/// ```
/// let create_only = formwork_schema::create_only_properties("AWS::SQS::Queue").unwrap();
/// assert_eq!(create_only, ["FifoQueue", "QueueName"]);
/// ```
pub fn create_only_properties(type_name: &str) -> Option<Vec<String>> {
    let schema = resource_schema(type_name)?;
    Some(
        schema
            .create_only_properties()
            .iter()
            .filter_map(|p| p.strip_prefix("/properties/"))
            .map(|p| p.replace('/', "."))
            .collect(),
    )
}

/// Checks a resource's `Properties` against the schema of its type: unknown properties,
/// wrong types, values out of range or outside an enum, strings that do not match their
/// pattern, missing required properties, and read-only properties that are set. Paths
/// start at `/Properties`. Intrinsic functions are accepted wherever a value may stand,
/// and scalars are typed as leniently as CloudFormation does ([`Options::cloudformation`]).
/// A type that is not vendored yields nothing.
///
/// ```
/// use formwork_schema::ErrorKind;
/// use formwork_template::{Resource, Value};
///
/// let queue = Resource::new("AWS::SQS::Queue")
///     .property("VisibilityTimeout", 50_000)
///     .property("QueueName", Value::sub("${AWS::StackName}-jobs"));
/// let errors = formwork_schema::validate_resource(&queue);
/// assert_eq!(errors.len(), 1);
/// assert_eq!(errors[0].path, "/Properties/VisibilityTimeout");
/// assert_eq!(errors[0].kind, ErrorKind::Range);
/// ```
pub fn validate_resource(resource: &Resource) -> Vec<SchemaError> {
    // What the schema sees of a resource does not depend on what its intrinsic functions
    // say (they are accepted wherever a value may stand), so resources that differ only
    // there (the hundreds of alike functions and queues of a large app) are checked once.
    type Seen = std::collections::HashMap<u64, Vec<SchemaError>, formwork_template::hash::BuildFastHasher>;
    static SEEN: std::sync::OnceLock<std::sync::Mutex<Seen>> = std::sync::OnceLock::new();
    let key = shape(resource);
    let seen = SEEN.get_or_init(Default::default);
    if let Some(hit) = seen.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return hit;
    }
    let errors = validate_uncached(resource);
    if let Ok(mut m) = seen.lock() {
        if m.len() < 16_384 {
            m.insert(key, errors.clone());
        }
    }
    errors
}

/// A hash of everything the schema checks can see: the type, and the properties with
/// every intrinsic function's content left out.
fn shape(resource: &Resource) -> u64 {
    use formwork_template::hash::{BuildFastHasher, FastHasher};
    use std::hash::{BuildHasher, Hash, Hasher};
    fn value(v: &formwork_template::Value, h: &mut FastHasher) {
        use formwork_template::Value as V;
        match v {
            V::Null => 0u8.hash(h),
            V::Bool(b) => (1u8, b).hash(h),
            V::Int(n) => (2u8, n).hash(h),
            V::String(s) => (3u8, s).hash(h),
            V::List(items) => {
                (4u8, items.len()).hash(h);
                items.iter().for_each(|i| value(i, h));
            }
            V::Map(m) => {
                (5u8, m.len()).hash(h);
                for (k, v) in m {
                    k.hash(h);
                    value(v, h);
                }
            }
            V::Fn(_) => 6u8.hash(h),
        }
    }
    let mut h = BuildFastHasher.build_hasher();
    resource.resource_type.hash(&mut h);
    resource.properties.len().hash(&mut h);
    for (k, v) in &resource.properties {
        k.hash(&mut h);
        value(v, &mut h);
    }
    h.finish()
}

fn validate_uncached(resource: &Resource) -> Vec<SchemaError> {
    let Some(schema) = resource_schema(&resource.resource_type) else { return Vec::new() };
    let properties: Map<String, Json> =
        resource.properties.iter().map(|(name, value)| (name.clone(), crate::to_json_value(value))).collect();
    let properties = Json::Object(properties);
    let mut errors = schema.validate_at(&properties, &Options::cloudformation(), "/Properties");
    for pointer in schema.read_only_properties() {
        let Some(relative) = pointer.strip_prefix("/properties/") else { continue };
        let mut value = &properties;
        let mut path = String::from("/Properties");
        let found = relative.split('/').all(|name| {
            path = child(&path, name);
            match value.get(name) {
                Some(inner) => {
                    value = inner;
                    true
                }
                None => false,
            }
        });
        if found {
            let message = format!(
                "`{}` is read-only: CloudFormation does not pass it to the resource",
                relative.replace('/', ".")
            );
            errors.push(SchemaError { path, kind: ErrorKind::ReadOnly, message });
        }
    }
    errors
}

pub(crate) fn attributes_of(type_name: &str, schema: &Schema) -> Vec<String> {
    let mut out: Vec<String> = schema
        .read_only_properties()
        .iter()
        .filter_map(|p| p.strip_prefix("/properties/"))
        .map(|p| p.replace('/', "."))
        .collect();
    if GET_ATT_EVERY_PROPERTY.contains(&type_name) {
        if let Node::Keywords(root) = &schema.root {
            for (name, node) in &root.properties {
                scalar_paths(schema, node, name, 0, &mut out);
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|a| seen.insert(a.clone()));
    out
}

/// The `Fn::GetAtt` names under one property: the property itself when it is a scalar or a
/// list of scalars, its sub-properties when it is an object; nothing for lists of objects.
fn scalar_paths(schema: &Schema, node: &Node, name: &str, depth: usize, out: &mut Vec<String>) {
    let Some(k) = resolved(schema, node, depth) else { return };
    let types = k.types.as_deref().unwrap_or(&[]);
    if types.contains(&JsonType::Object) {
        for (sub, node) in &k.properties {
            scalar_paths(schema, node, &format!("{name}.{sub}"), depth + 1, out);
        }
    } else if types.contains(&JsonType::Array) {
        let item = match &k.items {
            Some(Items::Each(item)) => resolved(schema, item, depth),
            _ => None,
        };
        let nested = item.and_then(|i| i.types.as_deref()).unwrap_or(&[]);
        if !nested.iter().any(|t| matches!(t, JsonType::Object | JsonType::Array)) {
            out.push(name.to_string());
        }
    } else {
        out.push(name.to_string());
    }
}

/// The keywords of a node, following `$ref`s that stand alone.
fn resolved<'a>(schema: &'a Schema, node: &'a Node, depth: usize) -> Option<&'a crate::schema::Keywords> {
    let Node::Keywords(k) = node else { return None };
    match (&k.reference, &k.types) {
        (Some(reference), None) if depth < 16 => resolved(schema, schema.resolve(reference)?, depth + 1),
        _ => Some(k),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs<'a>(json: &'a Json, out: &mut Vec<&'a str>) {
        match json {
            Json::Object(map) => {
                out.extend(map.get("$ref").and_then(Json::as_str));
                map.values().for_each(|v| refs(v, out));
            }
            Json::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn the_text_search_finds_exactly_the_lines() {
        let all = all_resource_types();
        assert!(all.iter().all(|t| is_resource_type(t)));
        for text in ["", "a", "a\nb\n", "a\nb\nc", "b\nd\nf\n"] {
            let lines: Vec<&str> = text.lines().collect();
            for needle in ["", "a", "b", "c", "d", "e", "f", "g", "aa"] {
                assert_eq!(is_line_of_sorted(text, needle), lines.contains(&needle), "{text:?} {needle:?}");
            }
        }
        for near in
            ["AWS::Lambda::Functio", "AWS::Lambda::Functionn", "AWS::Lambda::Function\n", "", "A", "ZZZ"]
        {
            assert!(!is_resource_type(near), "{near:?}");
        }
    }

    #[test]
    fn the_type_list_is_sorted_and_holds_every_vendored_type() {
        let all = all_resource_types();
        assert!(all.len() > 1_500, "{}", all.len());
        assert!(all.windows(2).all(|w| w[0] < w[1]));
        assert!(resource_types().all(is_resource_type));
        assert!(!is_resource_type("AWS::Lambda::Functions"));
    }

    #[test]
    fn every_vendored_schema_parses_and_every_ref_resolves() {
        let mut checked = 0;
        let sarif = (("SARIF", crate::sarif_schema().clone()), Schema::from_json(crate::sarif_schema()));
        let resources = RESOURCE_SCHEMAS.iter().map(|(name, text)| {
            let json: Json = serde_json::from_str(text).unwrap();
            assert_eq!(json["typeName"], *name);
            ((*name, json), resource_schema(name).unwrap().clone())
        });
        for ((name, json), schema) in resources.chain([sarif]) {
            let mut found = Vec::new();
            refs(&json, &mut found);
            for reference in found {
                assert!(schema.resolve(reference).is_some(), "{name}: {reference}");
                checked += 1;
            }
        }
        assert!(checked > 300, "{checked}");
    }
}

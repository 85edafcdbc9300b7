//! A compact binary form of compiled schemas, so that the vendored resource schemas are
//! used without parsing their JSON: every keyword as [`Node::compile`] left it (strings,
//! numbers and nested schemas written in order, behind a mask of the keywords present).
//!
//! The vendored form (schemas/cloudformation/compiled.bin) is generated from the JSON
//! files by the test `compiled_schemas_are_fresh`, which fails when it is stale.
//!
//! Layout: a count of schemas, then each schema's byte length, then the schemas. Numbers
//! are LEB128 varints, except floats (8 bytes, little-endian). A schema starts with the
//! text of all its strings, one after another in the order they are read (its byte length,
//! then UTF-8, checked once); a string is then its byte length, taken from that text, so
//! decoding a vendored schema borrows its strings instead of allocating them. Then comes
//! the type name (flag, string), the read-only and create-only pointers (count, strings),
//! the root node, and last a list of strings stored with the schema (for a resource
//! schema, its type's `Fn::GetAtt` attributes as `attributes_of` computes them). A node is
//! `0` (false), `1` (true), or `2`, a varint mask of the [`Keywords`] fields present (bit
//! i: field i in declaration order) and those fields in order.

use serde_json::{Map, Number, Value as Json};

use super::{Bound, Items, JsonType, Keywords, Node, NodeMap, Schema, Text, Types};
use crate::pattern::Pattern;

/// The bits of the keyword mask, one per [`Keywords`] field, in declaration order.
mod bit {
    pub(super) const TYPES: u64 = 1 << 0;
    pub(super) const PROPERTIES: u64 = 1 << 1;
    pub(super) const PATTERN_PROPERTIES: u64 = 1 << 2;
    pub(super) const ADDITIONAL_PROPERTIES: u64 = 1 << 3;
    pub(super) const PROPERTY_NAMES: u64 = 1 << 4;
    pub(super) const REQUIRED: u64 = 1 << 5;
    pub(super) const MIN_PROPERTIES: u64 = 1 << 6;
    pub(super) const MAX_PROPERTIES: u64 = 1 << 7;
    pub(super) const ENUMERATION: u64 = 1 << 8;
    pub(super) const CONSTANT: u64 = 1 << 9;
    pub(super) const ITEMS: u64 = 1 << 10;
    pub(super) const PREFIX_ITEMS: u64 = 1 << 11;
    pub(super) const ADDITIONAL_ITEMS: u64 = 1 << 12;
    pub(super) const CONTAINS: u64 = 1 << 13;
    pub(super) const MIN_ITEMS: u64 = 1 << 14;
    pub(super) const MAX_ITEMS: u64 = 1 << 15;
    pub(super) const UNIQUE_ITEMS: u64 = 1 << 16;
    pub(super) const UNIQUE_KEYS: u64 = 1 << 17;
    pub(super) const MIN_LENGTH: u64 = 1 << 18;
    pub(super) const MAX_LENGTH: u64 = 1 << 19;
    pub(super) const PATTERN: u64 = 1 << 20;
    pub(super) const MINIMUM: u64 = 1 << 21;
    pub(super) const MAXIMUM: u64 = 1 << 22;
    pub(super) const MULTIPLE_OF: u64 = 1 << 23;
    pub(super) const ALL_OF: u64 = 1 << 24;
    pub(super) const ANY_OF: u64 = 1 << 25;
    pub(super) const ONE_OF: u64 = 1 << 26;
    pub(super) const NOT: u64 = 1 << 27;
    pub(super) const CONDITION: u64 = 1 << 28;
    pub(super) const THEN: u64 = 1 << 29;
    pub(super) const OTHERWISE: u64 = 1 << 30;
    pub(super) const DEPENDENT_REQUIRED: u64 = 1 << 31;
    pub(super) const DEPENDENT_SCHEMAS: u64 = 1 << 32;
    pub(super) const DEPENDENT_EXCLUDED: u64 = 1 << 33;
    pub(super) const REQUIRED_OR: u64 = 1 << 34;
    pub(super) const REQUIRED_XOR: u64 = 1 << 35;
    pub(super) const REFERENCE: u64 = 1 << 36;
    pub(super) const DEFINITIONS: u64 = 1 << 37;
    pub(super) const DEFS: u64 = 1 << 38;
}

/// The `index`th schema of a compact file and the texts stored with it (a resource type's
/// `Fn::GetAtt` attributes); `None` when the bytes are not a well-formed compact file (a
/// stale or damaged file: the caller falls back to the JSON).
pub(crate) fn schema_at(file: &'static [u8], index: usize) -> Option<(Schema, Vec<Text>)> {
    let mut header = Reader { bytes: file, pos: 0, text: "", text_pos: 0, keep: Text::Borrowed };
    let count = header.len()?;
    let (mut start, mut len) = (0usize, None);
    for i in 0..count {
        let this = header.len()?;
        match i.cmp(&index) {
            std::cmp::Ordering::Less => start = start.checked_add(this)?,
            std::cmp::Ordering::Equal => len = Some(this),
            std::cmp::Ordering::Greater => {}
        }
    }
    let from = header.pos.checked_add(start)?;
    let to = from.checked_add(len?)?;
    Reader::new(file.get(from..to)?, Text::Borrowed)?.schema()
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// The schema's strings, and where the next one starts.
    text: &'a str,
    text_pos: usize,
    /// How a string of `text` becomes a [`Text`]: borrowed when `text` lives as long as
    /// the program (the vendored form), copied otherwise.
    keep: fn(&'a str) -> Text,
}

impl<'a> Reader<'a> {
    /// A reader of one schema's bytes, past the text of its strings.
    fn new(bytes: &'a [u8], keep: fn(&'a str) -> Text) -> Option<Reader<'a>> {
        let mut reader = Reader { bytes, pos: 0, text: "", text_pos: 0, keep };
        let len = reader.len()?;
        let end = reader.pos.checked_add(len)?;
        reader.text = std::str::from_utf8(bytes.get(reader.pos..end)?).ok()?;
        reader.pos = end;
        Some(reader)
    }

    /// The whole schema and the texts after it, and only if every byte and every string
    /// was used.
    fn schema(mut self) -> Option<(Schema, Vec<Text>)> {
        let schema = self.schema_fields()?;
        let texts = self.texts()?;
        (self.pos == self.bytes.len() && self.text_pos == self.text.len()).then_some((schema, texts))
    }

    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    #[inline]
    fn varint(&mut self) -> Option<u64> {
        // most numbers here (lengths, counts, masks) are under 128: one byte
        if let Some(&b) = self.bytes.get(self.pos).filter(|b| **b < 0x80) {
            self.pos += 1;
            return Some(u64::from(b));
        }
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.varint()?).ok()
    }

    fn eight(&mut self) -> Option<[u8; 8]> {
        let end = self.pos.checked_add(8)?;
        let bytes: [u8; 8] = self.bytes.get(self.pos..end)?.try_into().ok()?;
        self.pos = end;
        Some(bytes)
    }

    fn f64(&mut self) -> Option<f64> {
        self.eight().map(f64::from_le_bytes)
    }

    /// How many items a list may still hold: at least one byte each.
    fn room(&self, count: usize) -> usize {
        count.min(self.bytes.len().saturating_sub(self.pos))
    }

    fn str(&mut self) -> Option<&'a str> {
        let len = self.len()?;
        let end = self.text_pos.checked_add(len)?;
        let text = self.text.get(self.text_pos..end)?;
        self.text_pos = end;
        Some(text)
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }

    fn text(&mut self) -> Option<Text> {
        self.str().map(self.keep)
    }

    fn texts(&mut self) -> Option<Vec<Text>> {
        self.list(Self::text)
    }

    /// A list of `count` items read by `item`; the capacity is bounded by the bytes left,
    /// so a damaged count cannot ask for a huge allocation.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let count = self.len()?;
        let mut out = Vec::with_capacity(self.room(count));
        for _ in 0..count {
            out.push(item(self)?);
        }
        Some(out)
    }

    fn strings(&mut self) -> Option<Vec<String>> {
        self.list(Self::string)
    }

    fn nodes(&mut self) -> Option<Vec<Node>> {
        self.list(Self::node)
    }

    fn node_map(&mut self) -> Option<NodeMap> {
        let count = self.len()?;
        let mut out = NodeMap::with_capacity_and_hasher(self.room(count), Default::default());
        for _ in 0..count {
            let name = self.text()?;
            out.insert(name, self.node()?);
        }
        Some(out)
    }

    fn bound(&mut self) -> Option<Bound> {
        let value = self.f64()?;
        Some(Bound { value, exclusive: self.byte()? != 0 })
    }

    fn json(&mut self) -> Option<Json> {
        Some(match self.byte()? {
            0 => Json::Null,
            1 => Json::Bool(false),
            2 => Json::Bool(true),
            3 => Json::Number(self.varint()?.into()),
            4 => Json::Number(i64::from_le_bytes(self.eight()?).into()),
            5 => Json::Number(Number::from_f64(self.f64()?)?),
            6 => Json::String(self.string()?),
            7 => Json::Array(self.list(Self::json)?),
            8 => {
                let count = self.len()?;
                let mut map = Map::with_capacity(self.room(count));
                for _ in 0..count {
                    let name = self.string()?;
                    map.insert(name, self.json()?);
                }
                Json::Object(map)
            }
            _ => return None,
        })
    }

    fn schema_fields(&mut self) -> Option<Schema> {
        let type_name = match self.byte()? {
            0 => None,
            1 => Some(self.string()?),
            _ => return None,
        };
        let read_only = self.strings()?;
        let create_only = self.strings()?;
        Some(Schema { root: self.node()?, type_name, read_only, create_only })
    }

    fn node(&mut self) -> Option<Node> {
        match self.byte()? {
            0 => return Some(Node::Bool(false)),
            1 => return Some(Node::Bool(true)),
            2 => {}
            _ => return None,
        }
        let mask = self.varint()?;
        let has = |b: u64| mask & b != 0;
        // filled in place: a `Keywords` is about a kilobyte
        let mut k = Box::<Keywords>::default();
        if has(bit::TYPES) {
            let one = |r: &mut Self| JsonType::ALL.get(usize::from(r.byte()?)).copied();
            // most lists are one type, borrowed as `Node::compile` borrows it
            k.types = Some(match self.len()? {
                1 => one(self)?.alone(),
                count => Types::Owned((0..count).map(|_| one(self)).collect::<Option<_>>()?),
            });
        }
        if has(bit::PROPERTIES) {
            k.properties = self.node_map()?;
        }
        if has(bit::PATTERN_PROPERTIES) {
            k.pattern_properties = self.list(|r| Some((Pattern::new(r.str()?), r.node()?)))?;
        }
        if has(bit::ADDITIONAL_PROPERTIES) {
            k.additional_properties = Some(self.node()?);
        }
        if has(bit::PROPERTY_NAMES) {
            k.property_names = Some(self.node()?);
        }
        if has(bit::REQUIRED) {
            k.required = self.texts()?;
        }
        if has(bit::MIN_PROPERTIES) {
            k.min_properties = Some(self.varint()?);
        }
        if has(bit::MAX_PROPERTIES) {
            k.max_properties = Some(self.varint()?);
        }
        if has(bit::ENUMERATION) {
            k.enumeration = Some(self.list(Self::json)?);
        }
        if has(bit::CONSTANT) {
            k.constant = Some(self.json()?);
        }
        if has(bit::ITEMS) {
            k.items = Some(match self.byte()? {
                0 => Items::Each(self.node()?),
                1 => Items::Tuple(self.nodes()?),
                _ => return None,
            });
        }
        if has(bit::PREFIX_ITEMS) {
            k.prefix_items = self.nodes()?;
        }
        if has(bit::ADDITIONAL_ITEMS) {
            k.additional_items = Some(self.node()?);
        }
        if has(bit::CONTAINS) {
            k.contains = Some(self.node()?);
        }
        if has(bit::MIN_ITEMS) {
            k.min_items = Some(self.varint()?);
        }
        if has(bit::MAX_ITEMS) {
            k.max_items = Some(self.varint()?);
        }
        k.unique_items = has(bit::UNIQUE_ITEMS);
        if has(bit::UNIQUE_KEYS) {
            k.unique_keys = self.strings()?;
        }
        if has(bit::MIN_LENGTH) {
            k.min_length = Some(self.varint()?);
        }
        if has(bit::MAX_LENGTH) {
            k.max_length = Some(self.varint()?);
        }
        if has(bit::PATTERN) {
            k.pattern = Some(Pattern::new(self.str()?));
        }
        if has(bit::MINIMUM) {
            k.minimum = Some(self.bound()?);
        }
        if has(bit::MAXIMUM) {
            k.maximum = Some(self.bound()?);
        }
        if has(bit::MULTIPLE_OF) {
            k.multiple_of = Some(self.f64()?);
        }
        if has(bit::ALL_OF) {
            k.all_of = self.nodes()?;
        }
        if has(bit::ANY_OF) {
            k.any_of = self.nodes()?;
        }
        if has(bit::ONE_OF) {
            k.one_of = self.nodes()?;
        }
        if has(bit::NOT) {
            k.not = Some(self.node()?);
        }
        if has(bit::CONDITION) {
            k.condition = Some(self.node()?);
        }
        if has(bit::THEN) {
            k.then = Some(self.node()?);
        }
        if has(bit::OTHERWISE) {
            k.otherwise = Some(self.node()?);
        }
        let named_lists = |r: &mut Self| r.list(|r| Some((r.string()?, r.strings()?)));
        if has(bit::DEPENDENT_REQUIRED) {
            k.dependent_required = named_lists(self)?;
        }
        if has(bit::DEPENDENT_SCHEMAS) {
            k.dependent_schemas = self.list(|r| Some((r.string()?, r.node()?)))?;
        }
        if has(bit::DEPENDENT_EXCLUDED) {
            k.dependent_excluded = named_lists(self)?;
        }
        if has(bit::REQUIRED_OR) {
            k.required_or = Some(self.strings()?);
        }
        if has(bit::REQUIRED_XOR) {
            k.required_xor = Some(self.strings()?);
        }
        if has(bit::REFERENCE) {
            k.reference = Some(self.text()?);
        }
        if has(bit::DEFINITIONS) {
            k.definitions = self.node_map()?;
        }
        if has(bit::DEFS) {
            k.defs = self.node_map()?;
        }
        Some(Node::Keywords(k))
    }
}

/// The compact file of these schemas and the texts stored with each, in this order (see
/// the module docs).
#[cfg(test)]
pub(crate) fn file_of(schemas: &[(Schema, Vec<String>)]) -> Vec<u8> {
    let bodies: Vec<Vec<u8>> = schemas
        .iter()
        .map(|(schema, texts)| {
            let mut w = Writer::default();
            w.schema(schema);
            w.strings(texts);
            let mut body = Writer::default();
            body.varint(w.text.len() as u64);
            body.out.extend_from_slice(w.text.as_bytes());
            body.out.extend_from_slice(&w.out);
            body.out
        })
        .collect();
    let mut w = Writer::default();
    w.varint(bodies.len() as u64);
    for body in &bodies {
        w.varint(body.len() as u64);
    }
    bodies.iter().for_each(|b| w.out.extend_from_slice(b));
    w.out
}

#[cfg(test)]
#[derive(Default)]
struct Writer {
    out: Vec<u8>,
    /// The strings, written before `out`.
    text: String,
}

#[cfg(test)]
impl Writer {
    fn varint(&mut self, mut value: u64) {
        loop {
            let low = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.out.push(low);
                return;
            }
            self.out.push(low | 0x80);
        }
    }

    fn str(&mut self, text: &str) {
        self.varint(text.len() as u64);
        self.text.push_str(text);
    }

    fn f64(&mut self, value: f64) {
        self.out.extend_from_slice(&value.to_le_bytes());
    }

    fn list<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        self.varint(items.len() as u64);
        items.iter().for_each(|i| item(self, i));
    }

    fn strings(&mut self, items: &[impl AsRef<str>]) {
        self.list(items, |w, s| w.str(s.as_ref()));
    }

    fn nodes(&mut self, items: &[Node]) {
        self.list(items, Self::node);
    }

    fn node_map(&mut self, map: &NodeMap) {
        self.varint(map.len() as u64);
        for (name, node) in map {
            self.str(name);
            self.node(node);
        }
    }

    fn bound(&mut self, bound: &Bound) {
        self.f64(bound.value);
        self.out.push(u8::from(bound.exclusive));
    }

    fn json(&mut self, json: &Json) {
        match json {
            Json::Null => self.out.push(0),
            Json::Bool(b) => self.out.push(1 + u8::from(*b)),
            Json::Number(n) => {
                if let Some(u) = n.as_u64() {
                    self.out.push(3);
                    self.varint(u);
                } else if let Some(i) = n.as_i64() {
                    self.out.push(4);
                    self.out.extend_from_slice(&i.to_le_bytes());
                } else {
                    self.out.push(5);
                    self.f64(n.as_f64().unwrap_or(f64::NAN));
                }
            }
            Json::String(s) => {
                self.out.push(6);
                self.str(s);
            }
            Json::Array(items) => {
                self.out.push(7);
                self.list(items, Self::json);
            }
            Json::Object(map) => {
                self.out.push(8);
                self.varint(map.len() as u64);
                for (name, value) in map {
                    self.str(name);
                    self.json(value);
                }
            }
        }
    }

    fn schema(&mut self, schema: &Schema) {
        match &schema.type_name {
            None => self.out.push(0),
            Some(name) => {
                self.out.push(1);
                self.str(name);
            }
        }
        self.strings(&schema.read_only);
        self.strings(&schema.create_only);
        self.node(&schema.root);
    }

    fn node(&mut self, node: &Node) {
        let k = match node {
            Node::Bool(b) => return self.out.push(u8::from(*b)),
            Node::Keywords(k) => k,
        };
        self.out.push(2);
        // Destructured, so that a field added to `Keywords` fails to compile here until
        // it is written (and read back) too.
        let Keywords {
            types,
            properties,
            pattern_properties,
            additional_properties,
            property_names,
            required,
            min_properties,
            max_properties,
            enumeration,
            constant,
            items,
            prefix_items,
            additional_items,
            contains,
            min_items,
            max_items,
            unique_items,
            unique_keys,
            min_length,
            max_length,
            pattern,
            minimum,
            maximum,
            multiple_of,
            all_of,
            any_of,
            one_of,
            not,
            condition,
            then,
            otherwise,
            dependent_required,
            dependent_schemas,
            dependent_excluded,
            required_or,
            required_xor,
            reference,
            definitions,
            defs,
        } = &**k;
        let present = [
            (bit::TYPES, types.is_some()),
            (bit::PROPERTIES, !properties.is_empty()),
            (bit::PATTERN_PROPERTIES, !pattern_properties.is_empty()),
            (bit::ADDITIONAL_PROPERTIES, additional_properties.is_some()),
            (bit::PROPERTY_NAMES, property_names.is_some()),
            (bit::REQUIRED, !required.is_empty()),
            (bit::MIN_PROPERTIES, min_properties.is_some()),
            (bit::MAX_PROPERTIES, max_properties.is_some()),
            (bit::ENUMERATION, enumeration.is_some()),
            (bit::CONSTANT, constant.is_some()),
            (bit::ITEMS, items.is_some()),
            (bit::PREFIX_ITEMS, !prefix_items.is_empty()),
            (bit::ADDITIONAL_ITEMS, additional_items.is_some()),
            (bit::CONTAINS, contains.is_some()),
            (bit::MIN_ITEMS, min_items.is_some()),
            (bit::MAX_ITEMS, max_items.is_some()),
            (bit::UNIQUE_ITEMS, *unique_items),
            (bit::UNIQUE_KEYS, !unique_keys.is_empty()),
            (bit::MIN_LENGTH, min_length.is_some()),
            (bit::MAX_LENGTH, max_length.is_some()),
            (bit::PATTERN, pattern.is_some()),
            (bit::MINIMUM, minimum.is_some()),
            (bit::MAXIMUM, maximum.is_some()),
            (bit::MULTIPLE_OF, multiple_of.is_some()),
            (bit::ALL_OF, !all_of.is_empty()),
            (bit::ANY_OF, !any_of.is_empty()),
            (bit::ONE_OF, !one_of.is_empty()),
            (bit::NOT, not.is_some()),
            (bit::CONDITION, condition.is_some()),
            (bit::THEN, then.is_some()),
            (bit::OTHERWISE, otherwise.is_some()),
            (bit::DEPENDENT_REQUIRED, !dependent_required.is_empty()),
            (bit::DEPENDENT_SCHEMAS, !dependent_schemas.is_empty()),
            (bit::DEPENDENT_EXCLUDED, !dependent_excluded.is_empty()),
            (bit::REQUIRED_OR, required_or.is_some()),
            (bit::REQUIRED_XOR, required_xor.is_some()),
            (bit::REFERENCE, reference.is_some()),
            (bit::DEFINITIONS, !definitions.is_empty()),
            (bit::DEFS, !defs.is_empty()),
        ];
        self.varint(present.iter().filter(|(_, p)| *p).fold(0, |mask, (b, _)| mask | b));
        if let Some(types) = types {
            self.list(types, |w, t| w.out.push(*t as u8));
        }
        if !properties.is_empty() {
            self.node_map(properties);
        }
        if !pattern_properties.is_empty() {
            self.list(pattern_properties, |w, (p, n)| {
                w.str(p.as_str());
                w.node(n);
            });
        }
        let one = |w: &mut Self, node: &Option<Node>| node.iter().for_each(|n| w.node(n));
        let count = |w: &mut Self, n: &Option<u64>| n.iter().for_each(|n| w.varint(*n));
        one(self, additional_properties);
        one(self, property_names);
        if !required.is_empty() {
            self.strings(required);
        }
        count(self, min_properties);
        count(self, max_properties);
        if let Some(values) = enumeration {
            self.list(values, Self::json);
        }
        if let Some(value) = constant {
            self.json(value);
        }
        match items {
            Some(Items::Each(node)) => {
                self.out.push(0);
                self.node(node);
            }
            Some(Items::Tuple(list)) => {
                self.out.push(1);
                self.nodes(list);
            }
            None => {}
        }
        if !prefix_items.is_empty() {
            self.nodes(prefix_items);
        }
        one(self, additional_items);
        one(self, contains);
        count(self, min_items);
        count(self, max_items);
        if !unique_keys.is_empty() {
            self.strings(unique_keys);
        }
        count(self, min_length);
        count(self, max_length);
        if let Some(p) = pattern {
            self.str(p.as_str());
        }
        minimum.iter().for_each(|b| self.bound(b));
        maximum.iter().for_each(|b| self.bound(b));
        multiple_of.iter().for_each(|m| self.f64(*m));
        for list in [all_of, any_of, one_of] {
            if !list.is_empty() {
                self.nodes(list);
            }
        }
        for node in [not, condition, then, otherwise] {
            one(self, node);
        }
        let named_lists = |w: &mut Self, lists: &[(String, Vec<String>)]| {
            w.list(lists, |w, (name, list)| {
                w.str(name);
                w.strings(list);
            })
        };
        if !dependent_required.is_empty() {
            named_lists(self, dependent_required);
        }
        if !dependent_schemas.is_empty() {
            self.list(dependent_schemas, |w, (name, node)| {
                w.str(name);
                w.node(node);
            });
        }
        if !dependent_excluded.is_empty() {
            named_lists(self, dependent_excluded);
        }
        required_or.iter().for_each(|l| self.strings(l));
        required_xor.iter().for_each(|l| self.strings(l));
        reference.iter().for_each(|r| self.str(r));
        for map in [definitions, defs] {
            if !map.is_empty() {
                self.node_map(map);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A schema with every keyword the compiler reads, several of them in both their forms.
    fn every_keyword() -> Json {
        serde_json::json!({
            "typeName": "Test::Every::Keyword",
            "readOnlyProperties": ["/properties/Id"],
            "createOnlyProperties": ["/properties/Name", "/properties/Nested/Deep"],
            "type": ["object", "null"],
            "properties": {
                "Id": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-z]+$"},
                "Name": {"$ref": "#/definitions/Name"},
                "Nested": {"type": "object", "properties": {"Deep": {"type": "integer", "minimum": -3,
                    "exclusiveMaximum": 10, "multipleOf": 0.5}}, "additionalProperties": false},
                "List": {"type": "array", "items": {"type": "number"}, "minItems": 1, "maxItems": 9,
                    "uniqueItems": true, "contains": {"const": 3}, "uniqueKeys": ["Key"]},
                "Tuple": {"items": [{"type": "string"}, true], "additionalItems": false},
                "Prefix": {"prefixItems": [{"enum": [1, -2, 2.5, "x", null, true, [1], {"a": {}}]}]},
                "Draft4": {"minimum": 0, "exclusiveMinimum": true, "maximum": 5, "exclusiveMaximum": true},
                "Big": {"maximum": 18446744073709551615u64, "minimum": -9223372036854775808i64},
                "Choice": {"anyOf": [{"type": "string"}], "oneOf": [true, false], "allOf": [{}],
                    "not": {"type": "boolean"}},
                "When": {"if": {"required": ["A"]}, "then": {"required": ["B"]}, "else": {"minProperties": 1,
                    "maxProperties": 4}}
            },
            "patternProperties": {"^x-": {"type": "string"}},
            "propertyNames": {"maxLength": 20},
            "required": ["Id"],
            "dependentRequired": {"A": ["B", "C"]},
            "dependentSchemas": {"B": {"required": ["A"]}},
            "dependencies": {"C": ["A"], "D": {"required": ["E"]}},
            "dependentExcluded": {"E": ["F"]},
            "requiredOr": ["A", "B"],
            "requiredXor": ["C", "D"],
            "definitions": {"Name": {"type": "string", "enum": ["a", "b"]}},
            "$defs": {"Other": {"const": {"k": [1.5, "v"]}}}
        })
    }

    /// A compact file of the every-keyword schema, with two attributes, for the program's
    /// life (the decoder borrows from it).
    fn every_keyword_file() -> (Schema, &'static [u8]) {
        let schema = Schema::from_json(&every_keyword());
        let file = file_of(&[(schema.clone(), vec!["Id".into(), "Nested.Deep".into()])]);
        (schema, Box::leak(file.into_boxed_slice()))
    }

    #[test]
    fn every_keyword_survives_the_round_trip() {
        let (schema, file) = every_keyword_file();
        let (decoded, texts) = schema_at(file, 0).expect("decodes");
        assert_eq!(format!("{decoded:?}"), format!("{schema:?}"));
        assert_eq!(texts, ["Id", "Nested.Deep"]);
        // every keyword field is set in this schema: a field the codec dropped would show
        let Node::Keywords(root) = &decoded.root else { panic!("keywords") };
        assert!(root.dependent_required.len() == 2 && root.dependent_schemas.len() == 2);
        assert!(decoded.resolve("#/$defs/Other").is_some());
        let document = serde_json::json!({"Id": "ABC", "List": [1, 1], "Big": 1e30, "x-a": 1, "A": 1});
        assert_eq!(decoded.validate(&document), schema.validate(&document));
        assert!(schema.validate(&document).len() >= 5, "{:?}", schema.validate(&document));
        assert!(schema_at(file, 1).is_none());
    }

    #[test]
    fn a_damaged_file_decodes_to_nothing() {
        let (_, file) = every_keyword_file();
        let mut header = Reader { bytes: file, pos: 0, text: "", text_pos: 0, keep: Text::Borrowed };
        assert_eq!(header.len(), Some(1));
        let len = header.len().unwrap();
        let body = &file[header.pos..];
        assert_eq!(body.len(), len);
        let read = |bytes: &'static [u8]| Reader::new(bytes, Text::Borrowed).and_then(Reader::schema);
        assert!(read(body).is_some());
        for end in 0..body.len() {
            assert!(read(&body[..end]).is_none(), "{end}");
        }
        let mut flipped = body.to_vec();
        for i in 0..flipped.len() {
            flipped[i] ^= 0xff;
            // any answer but a panic
            let _ = Reader::new(&flipped, |s| Text::Owned(s.to_string())).and_then(Reader::schema);
            flipped[i] ^= 0xff;
        }
        assert!(schema_at(&file[..file.len() - 1], 0).is_none());
        assert!(schema_at(&[], 0).is_none());
    }
}

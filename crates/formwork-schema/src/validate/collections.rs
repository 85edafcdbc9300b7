//! The keywords of objects and arrays: properties, required and dependent properties,
//! items, sizes and uniqueness.

use serde_json::{Map, Value as Json};

use super::{equal, names, Validator};
use crate::error::{child, ErrorKind, SchemaError};
use crate::schema::{Items, Keywords, Node};

impl Validator<'_> {
    pub(super) fn object(
        &self,
        k: &Keywords,
        map: &Map<String, Json>,
        path: &str,
        depth: usize,
        out: &mut Vec<SchemaError>,
    ) {
        for name in &k.required {
            if !map.contains_key(&**name) {
                Validator::error(
                    out,
                    &child(path, name),
                    ErrorKind::MissingProperty,
                    format!("missing required property `{name}`"),
                );
            }
        }
        for (name, value) in map {
            let at = child(path, name);
            let mut known = false;
            if let Some(node) = k.properties.get(name.as_str()) {
                known = true;
                self.validate(node, value, &at, depth + 1, out);
            }
            for (pattern, node) in &k.pattern_properties {
                match pattern.is_match(name) {
                    Some(true) => {
                        known = true;
                        self.validate(node, value, &at, depth + 1, out);
                    }
                    // cannot tell whether the pattern covers this name: do not call it unknown
                    None => known = true,
                    Some(false) => {}
                }
            }
            match &k.additional_properties {
                Some(Node::Bool(false)) if !known => Validator::error(
                    out,
                    &at,
                    ErrorKind::UnknownProperty,
                    format!("unknown property `{name}`"),
                ),
                Some(node) if !known => self.validate(node, value, &at, depth + 1, out),
                _ => {}
            }
            if let Some(node) = &k.property_names {
                for mut e in self.passes(node, &Json::String(name.clone()), &at, depth) {
                    e.message = format!("property name: {}", e.message);
                    out.push(e);
                }
            }
        }
        let size = map.len() as u64;
        if let Some(min) = k.min_properties.filter(|min| size < *min) {
            Validator::error(
                out,
                path,
                ErrorKind::Size,
                format!("{size} properties, fewer than the minimum {min}"),
            );
        }
        if let Some(max) = k.max_properties.filter(|max| size > *max) {
            Validator::error(
                out,
                path,
                ErrorKind::Size,
                format!("{size} properties, more than the maximum {max}"),
            );
        }
        for (name, needed) in &k.dependent_required {
            if map.contains_key(name) {
                for other in needed.iter().filter(|o| !map.contains_key(*o)) {
                    let message = format!("`{other}` is required when `{name}` is set");
                    Validator::error(out, &child(path, other), ErrorKind::Dependency, message);
                }
            }
        }
        for (name, node) in &k.dependent_schemas {
            if map.contains_key(name) {
                self.validate(node, &Json::Object(map.clone()), path, depth + 1, out);
            }
        }
        for (name, excluded) in &k.dependent_excluded {
            if map.contains_key(name) {
                for other in excluded.iter().filter(|o| map.contains_key(*o)) {
                    let message = format!("`{other}` cannot be set together with `{name}`");
                    Validator::error(out, &child(path, other), ErrorKind::Exclusive, message);
                }
            }
        }
        if let Some(any) = &k.required_or {
            if !any.iter().any(|n| map.contains_key(n)) {
                Validator::error(
                    out,
                    path,
                    ErrorKind::Dependency,
                    format!("one of {} is required", names(any)),
                );
            }
        }
        if let Some(one) = &k.required_xor {
            let set: Vec<String> = one.iter().filter(|n| map.contains_key(*n)).cloned().collect();
            match set.len() {
                0 => Validator::error(
                    out,
                    path,
                    ErrorKind::Dependency,
                    format!("one of {} is required", names(one)),
                ),
                1 => {}
                _ => {
                    let message = format!("only one of {} may be set, found {}", names(one), names(&set));
                    Validator::error(out, path, ErrorKind::Exclusive, message)
                }
            }
        }
    }

    pub(super) fn array(
        &self,
        k: &Keywords,
        items: &[Json],
        path: &str,
        depth: usize,
        out: &mut Vec<SchemaError>,
    ) {
        let (positional, rest): (&[Node], Option<&Node>) = match (&k.items, k.prefix_items.as_slice()) {
            (Some(Items::Tuple(list)), []) => (list, k.additional_items.as_ref()),
            (Some(Items::Each(node)), prefix) => (prefix, Some(node)),
            (_, prefix) => (prefix, None),
        };
        for (i, item) in items.iter().enumerate() {
            let at = child(path, &i.to_string());
            match positional.get(i).or(rest) {
                Some(Node::Bool(false)) => {
                    let message = format!("{} items at most, found item {i}", positional.len());
                    Validator::error(out, &at, ErrorKind::Size, message)
                }
                Some(node) => self.validate(node, item, &at, depth + 1, out),
                None => {}
            }
        }
        let len = items.len() as u64;
        if let Some(min) = k.min_items.filter(|min| len < *min) {
            Validator::error(
                out,
                path,
                ErrorKind::Size,
                format!("{len} items, fewer than the minimum {min}"),
            );
        }
        if let Some(max) = k.max_items.filter(|max| len > *max) {
            Validator::error(out, path, ErrorKind::Size, format!("{len} items, more than the maximum {max}"));
        }
        let lenient = self.lenient();
        if k.unique_items {
            for (j, item) in items.iter().enumerate() {
                if let Some(i) = items[..j].iter().position(|earlier| equal(earlier, item, lenient)) {
                    let message = format!("item {j} repeats item {i}");
                    Validator::error(out, &child(path, &j.to_string()), ErrorKind::Duplicate, message);
                }
            }
        }
        if !k.unique_keys.is_empty() {
            let key = |item: &Json| -> Option<Json> {
                let map = item.as_object()?;
                k.unique_keys
                    .iter()
                    .map(|name| map.get(name).cloned())
                    .collect::<Option<Vec<Json>>>()
                    .map(Json::Array)
            };
            let keys: Vec<Option<Json>> = items.iter().map(key).collect();
            for (j, this) in keys.iter().enumerate() {
                let Some(this) = this else { continue };
                let earlier =
                    keys[..j].iter().position(|e| e.as_ref().is_some_and(|e| equal(e, this, lenient)));
                if let Some(i) = earlier {
                    let message = format!("item {j} repeats the {} of item {i}", names(&k.unique_keys));
                    Validator::error(out, &child(path, &j.to_string()), ErrorKind::Duplicate, message);
                }
            }
        }
        if let Some(node) = &k.contains {
            if !items.iter().any(|item| self.passes(node, item, path, depth).is_empty()) {
                Validator::error(out, path, ErrorKind::Size, "no item matches `contains`".into());
            }
        }
    }
}

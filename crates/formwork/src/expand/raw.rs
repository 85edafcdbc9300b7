//! The escape hatch in the expansion: raw resources as given, and property overrides
//! applied to the finished template (see `construct/raw.rs`).

use formwork_template::{DeletionPolicy, Map, Resource, Value};

use formwork_rules::catalog;

use super::Expander;
use crate::construct::RawResource;

impl Expander<'_> {
    /// A raw resource, written as given.
    pub(super) fn raw(&mut self, raw: &RawResource) {
        let path = self.path("resource", &raw.id);
        let mut r = Resource::new(raw.resource_type.as_str());
        match &raw.properties {
            Value::Map(m) => r.properties = m.clone(),
            Value::Null => {}
            _ => self.finding(
                &catalog::RESOURCE_SCHEMA,
                &raw.id,
                format!("{path} / properties"),
                format!("the properties of raw resource `{}` are not a map", raw.id),
                "pass the properties as `Value::map([(\"Name\", value), ...])`".into(),
            ),
        }
        r.depends_on = raw.depends_on.clone();
        r.deletion_policy = raw.deletion_policy();
        r.update_replace_policy = raw.deletion_policy();
        self.insert(raw.id.clone(), r, path);
    }

    /// Applies every override of the stack: the functions' own, then the stack's.
    pub(super) fn overrides(&mut self) {
        let stack = self.stack;
        for f in &stack.functions {
            let origin = self.path("function", &f.id);
            for (role, path, value) in &f.overrides {
                let id = format!("{}{}", f.id, role.as_deref().unwrap_or(""));
                self.apply(&id, path, value, &origin);
            }
        }
        for o in &stack.overrides {
            let origin = format!("stack {}", stack.name);
            self.apply(&o.logical_id, &o.path, &o.value, &origin);
        }
    }

    fn apply(&mut self, id: &str, path: &str, value: &Value, origin: &str) {
        let at = format!("{origin} / override {id} {path}");
        let Some(r) = self.template.resources.get_mut(id) else {
            self.finding(
                &catalog::OVERRIDE_TARGET,
                id,
                at,
                format!("the override of `{path}` names `{id}`, which the template does not have"),
                "name a logical id of the template: the construct's id, or its id and the derived resource's role (`WorkerRole`)".into(),
            );
            return;
        };
        if let Err(why) = set(r, path, value) {
            self.finding(
                &catalog::OVERRIDE_TARGET,
                id,
                at,
                format!("the override of `{id}` at `{path}` cannot be applied: {why}"),
                "use `Properties.X.Y` (list items by index), `Metadata.X`, `DeletionPolicy` or `UpdateReplacePolicy`".into(),
            );
        }
    }
}

/// Sets (or, for `Value::Null`, removes) the value at `path` in a resource.
fn set(r: &mut Resource, path: &str, value: &Value) -> Result<(), String> {
    let (section, rest) = path.split_once('.').unwrap_or((path, ""));
    match (section, rest) {
        ("DeletionPolicy" | "UpdateReplacePolicy", "") => {
            let policy = match value {
                Value::Null => None,
                v => Some(match v.as_str() {
                    Some("Delete") => DeletionPolicy::Delete,
                    Some("Retain") => DeletionPolicy::Retain,
                    Some("Snapshot") => DeletionPolicy::Snapshot,
                    _ => return Err(format!("{section} is `Delete`, `Retain` or `Snapshot`")),
                }),
            };
            if section == "DeletionPolicy" {
                r.deletion_policy = policy;
            } else {
                r.update_replace_policy = policy;
            }
            Ok(())
        }
        ("Properties", rest) if !rest.is_empty() => set_in_map(&mut r.properties, rest, value),
        ("Metadata", rest) if !rest.is_empty() => set_in_map(&mut r.metadata, rest, value),
        _ => Err(format!("`{path}` is not a path formwork can override")),
    }
}

fn set_in_map(map: &mut Map, path: &str, value: &Value) -> Result<(), String> {
    let (key, rest) = match path.split_once('.') {
        Some((k, r)) => (k, Some(r)),
        None => (path, None),
    };
    if key.is_empty() {
        return Err("a path segment is empty".into());
    }
    match rest {
        None if *value == Value::Null => {
            map.shift_remove(key);
            Ok(())
        }
        None => {
            map.insert(key.to_string(), value.clone());
            Ok(())
        }
        Some(rest) => {
            let child = map.entry(key.to_string()).or_insert_with(|| Value::Map(Map::new()));
            set_in_value(child, key, rest, value)
        }
    }
}

fn set_in_value(current: &mut Value, name: &str, path: &str, value: &Value) -> Result<(), String> {
    match current {
        Value::Map(m) => set_in_map(m, path, value),
        Value::List(items) => {
            let (index, rest) = match path.split_once('.') {
                Some((i, r)) => (i, Some(r)),
                None => (path, None),
            };
            let Ok(i) = index.parse::<usize>() else {
                return Err(format!("`{name}` is a list, and `{index}` is not an index"));
            };
            let len = items.len();
            let Some(item) = items.get_mut(i) else {
                return Err(format!("`{name}` has {len} items, and {i} is past its end"));
            };
            match rest {
                None if *value == Value::Null => {
                    items.remove(i);
                    Ok(())
                }
                None => {
                    *item = value.clone();
                    Ok(())
                }
                Some(rest) => set_in_value(item, index, rest, value),
            }
        }
        _ => Err(format!("`{name}` is not a map or a list")),
    }
}

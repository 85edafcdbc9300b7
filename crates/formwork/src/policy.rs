//! "Why does it have this permission": every function's role, each action and resource
//! it holds, and the construct, grant, event source or dead-letter queue that put it
//! there — from the source map expansion keeps.

use formwork_template::{to_json as write_json, Intrinsic, Value};

use crate::expand::Expanded;

/// A resource expression as people read it: `Orders.Arn`, `Alerts`, `*`.
fn shown(resource: &Value) -> String {
    match resource {
        Value::String(s) => s.clone(),
        Value::Fn(f) => match f.as_ref() {
            Intrinsic::Ref(id) => id.clone(),
            Intrinsic::GetAtt { resource, attribute } => format!("{resource}.{attribute}"),
            Intrinsic::ImportValue(Value::String(name)) => format!("import {name}"),
            Intrinsic::Sub { template, .. } => template.clone(),
            other => format!("{other:?}"),
        },
        other => format!("{other:?}"),
    }
}

/// One line per permission, grouped by function.
pub fn to_text(stacks: &[Expanded]) -> String {
    let mut out = String::new();
    for e in stacks {
        for (role, permissions) in &e.sources.permissions {
            let owner =
                e.sources.constructs.get(role).cloned().unwrap_or_else(|| format!("stack {}", e.stack));
            out.push_str(&format!("{owner} (role {role})\n"));
            let width_a = permissions.iter().map(|p| p.action.len()).max().unwrap_or(0);
            let width_r = permissions.iter().map(|p| shown(&p.resource).len()).max().unwrap_or(0);
            for p in permissions {
                out.push_str(&format!(
                    "  {:width_a$}  {:width_r$}  {}\n",
                    p.action,
                    shown(&p.resource),
                    p.reason,
                    width_a = width_a,
                    width_r = width_r
                ));
            }
            out.push('\n');
        }
    }
    out
}

/// The same as JSON: `{"roles": [{"stack", "construct", "role", "permissions": [...]}]}`.
pub fn to_json(stacks: &[Expanded]) -> String {
    let mut roles = Vec::new();
    for e in stacks {
        for (role, permissions) in &e.sources.permissions {
            let owner = e.sources.constructs.get(role).cloned().unwrap_or_default();
            let perms = permissions
                .iter()
                .map(|p| {
                    Value::map([
                        ("action", Value::from(p.action.as_str())),
                        ("resource", p.resource.clone()),
                        ("reason", Value::from(p.reason.as_str())),
                    ])
                })
                .collect();
            roles.push(Value::map([
                ("stack", Value::from(e.stack.as_str())),
                ("construct", Value::from(owner)),
                ("role", Value::from(role.as_str())),
                ("permissions", Value::List(perms)),
            ]));
        }
    }
    write_json(&Value::map([("roles", Value::List(roles))]))
}

//! Rules on IAM policies: wildcard actions and unscoped resources.

use formwork_iam::is_unscopable;
use formwork_template::{Template, Value};

use super::catalog;
use super::finding::Finding;

/// Policy documents of a resource, with the property path each sits at.
fn documents<'t>(resource_type: &str, props: &'t formwork_template::Map) -> Vec<(String, &'t Value)> {
    match resource_type {
        "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" => props
            .get("Policies")
            .and_then(Value::as_list)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.get("PolicyDocument").map(|d| (format!("Policies.{i}"), d)))
            .collect(),
        "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" | "AWS::IAM::RolePolicy" => {
            props.get("PolicyDocument").map(|d| vec![("PolicyDocument".to_string(), d)]).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

fn strings(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::List(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

pub(super) fn check(template: &Template, out: &mut Vec<Finding>) {
    for (id, r) in &template.resources {
        for (prop, doc) in documents(&r.resource_type, &r.properties) {
            let statements: Vec<&Value> = match doc.get("Statement") {
                Some(Value::List(items)) => items.iter().collect(),
                Some(one @ Value::Map(_)) => vec![one],
                _ => Vec::new(),
            };
            for st in statements {
                if st.get("Effect").and_then(Value::as_str) != Some("Allow") {
                    continue;
                }
                let actions = strings(st.get("Action"));
                let wild: Vec<&str> = actions.iter().copied().filter(|a| a.contains('*')).collect();
                if !wild.is_empty() {
                    out.push(Finding::new(
                        &catalog::IAM_WILDCARD_ACTION,
                        id,
                        Some(&prop),
                        format!(
                            "policy of `{id}` allows the wildcard action{} {}",
                            if wild.len() == 1 { "" } else { "s" },
                            wild.join(", ")
                        ),
                        "list the exact actions needed (grants on constructs do this for you)".into(),
                    ));
                }
                let resources = strings(st.get("Resource"));
                if resources.contains(&"*") {
                    let scopable: Vec<&str> = actions.iter().copied().filter(|a| !is_unscopable(a)).collect();
                    if !scopable.is_empty() {
                        out.push(Finding::new(
                            &catalog::IAM_WILDCARD_RESOURCE,
                            id,
                            Some(&prop),
                            format!(
                                "policy of `{id}` allows {} on every resource (`*`)",
                                scopable.join(", ")
                            ),
                            "scope the statement to the ARNs of the resources used".into(),
                        ));
                    }
                }
            }
        }
    }
}

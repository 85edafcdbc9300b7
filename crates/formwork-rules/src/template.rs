//! Template-wide rules: logical ids, references, resource count.

use formwork_template::{Pseudo, Template};

use super::catalog;
use super::finding::Finding;

/// CloudFormation's limit on resources per template.
pub const MAX_RESOURCES: usize = 500;
/// CloudFormation's limit on a logical id's length.
pub const MAX_LOGICAL_ID: usize = 255;

/// Whether a `Ref`-style name (no attribute) or a `GetAtt` target exists in the template.
fn known(template: &Template, target: &str, attribute: Option<&str>) -> bool {
    template.resources.contains_key(target)
        || (attribute.is_none()
            && (template.parameters.contains_key(target)
                || Pseudo::from_name(target).is_some()
                || template.conditions.contains_key(target)))
}

pub(super) fn check(template: &Template, out: &mut Vec<Finding>) {
    for (name, output) in &template.outputs {
        output.value.references(&mut |r| {
            if !known(template, r.target, r.attribute) {
                out.push(Finding::global(
                    &catalog::DANGLING_REFERENCE,
                    format!("output `{name}` refers to `{}`, which is not in this template", r.target),
                    "refer only to resources and parameters defined in the same template".into(),
                ));
            }
        });
    }
    for id in template.resources.keys() {
        if id.is_empty() || id.len() > MAX_LOGICAL_ID || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
            out.push(Finding::new(
                &catalog::LOGICAL_ID,
                id,
                None,
                format!("logical id `{id}` is not 1–255 characters of A–Z, a–z and 0–9"),
                "use only letters and digits in construct ids".into(),
            ));
        }
    }
    if template.resources.len() > MAX_RESOURCES {
        out.push(Finding::global(
            &catalog::RESOURCE_COUNT,
            format!(
                "template has {} resources; CloudFormation accepts at most {MAX_RESOURCES}",
                template.resources.len()
            ),
            "let formwork move functions into overflow stacks with `Stack::auto_split()` (the spec key `auto_split: true`), or split the app into more stacks".into(),
        ));
    }
    for (id, resource) in &template.resources {
        let mut check_ref = |target: &str, attribute: Option<&str>, via: &str| {
            if !known(template, target, attribute) {
                let shown = match attribute {
                    Some(a) => format!("{target}.{a}"),
                    None => target.to_string(),
                };
                out.push(Finding::new(
                    &catalog::DANGLING_REFERENCE,
                    id,
                    Some(via),
                    format!("`{shown}` is not a resource, parameter or condition of this template"),
                    "refer only to resources and parameters defined in the same template".into(),
                ));
            }
        };
        for (name, value) in &resource.properties {
            value.references(&mut |r| check_ref(r.target, r.attribute, name));
        }
        for dep in &resource.depends_on {
            if !template.resources.contains_key(dep) {
                out.push(Finding::new(
                    &catalog::DANGLING_REFERENCE,
                    id,
                    None,
                    format!("`DependsOn` names `{dep}`, which is not a resource of this template"),
                    "depend only on resources defined in the same template".into(),
                ));
            }
        }
    }
}

//! Template checks beyond references: each resource against its official CloudFormation
//! schema, `Fn::GetAtt` attributes, dependency cycles, and section limits.

use formwork_template::Template;

use super::catalog;
use super::finding::Finding;

/// CloudFormation's limits on outputs and parameters per template.
pub const MAX_OUTPUTS: usize = 200;
/// See [`MAX_OUTPUTS`].
pub const MAX_PARAMETERS: usize = 200;
/// CloudFormation's limit on a template's description, in bytes.
pub const MAX_DESCRIPTION_BYTES: usize = 1_024;

pub(super) fn check(template: &Template, out: &mut Vec<Finding>) {
    #[cfg(feature = "schema")]
    schemas(template, out);
    cycles(template, out);
    limits(template, out);
}

/// Each resource of a type whose schema formwork carries, against that schema; and
/// every `Fn::GetAtt` (and `${X.Attr}`) against the attributes of its target's type.
#[cfg(feature = "schema")]
fn schemas(template: &Template, out: &mut Vec<Finding>) {
    for (id, r) in &template.resources {
        unknown_type(id, &r.resource_type, out);
        let lowered = r.metadata.contains_key(super::sam_input::LOWERED);
        for e in formwork_schema::validate_resource(r).into_iter().filter(|_| !lowered) {
            let property = e.path.strip_prefix("/Properties/").map(|p| p.replace('/', "."));
            out.push(Finding::new(
                &catalog::RESOURCE_SCHEMA,
                id,
                property.as_deref(),
                format!("{} `{id}`: {} at {}", r.resource_type, e.message, e.path),
                "correct the property as the resource's CloudFormation schema requires".into(),
            ));
        }
        let mut check = |target: &str, attribute: &str, via: &str| {
            let Some(t) = template.resources.get(target) else { return };
            let Some(known) = formwork_schema::attributes(&t.resource_type) else { return };
            if !known.contains(&attribute) {
                out.push(Finding::new(
                    &catalog::GETATT_ATTRIBUTE,
                    id,
                    Some(via),
                    format!("`{target}` ({}) has no attribute `{attribute}`", t.resource_type),
                    format!("use one of: {}", known.join(", ")),
                ));
            }
        };
        for (name, value) in &r.properties {
            value.references(&mut |reference| {
                if let Some(attribute) = reference.attribute {
                    check(reference.target, attribute, name);
                }
            });
        }
    }
}

/// An `AWS::` type CloudFormation does not have (SAM's `AWS::Serverless::` types are
/// lowered before the rules run; `Custom::` and registry types are not judged).
#[cfg(feature = "schema")]
fn unknown_type(id: &str, resource_type: &str, out: &mut Vec<Finding>) {
    if !resource_type.starts_with("AWS::")
        || resource_type.starts_with("AWS::Serverless::")
        || formwork_schema::is_resource_type(resource_type)
    {
        return;
    }
    let help =
        match formwork_iam::closest(resource_type, formwork_schema::all_resource_types().iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "use a type from CloudFormation's resource type reference".into(),
        };
    out.push(Finding::new(
        &catalog::UNKNOWN_RESOURCE_TYPE,
        id,
        None,
        format!("`{id}` has type `{resource_type}`, which CloudFormation does not have"),
        help,
    ));
}

/// The indexes of the resources a resource depends on: references and `DependsOn`.
fn edges(template: &Template, index: usize) -> Vec<usize> {
    let Some((_, r)) = template.resources.get_index(index) else { return Vec::new() };
    let mut deps: Vec<usize> =
        r.depends_on.iter().filter_map(|d| template.resources.get_index_of(d)).collect();
    for v in r.properties.values() {
        v.references(&mut |reference| {
            if let Some(i) = template.resources.get_index_of(reference.target) {
                if !deps.contains(&i) {
                    deps.push(i);
                }
            }
        });
    }
    deps
}

fn cycles(template: &Template, out: &mut Vec<Finding>) {
    // Iterative depth-first search; colours: 0 new, 1 on the path, 2 done.
    let n = template.resources.len();
    let mut colour = vec![0u8; n];
    let id = |i: usize| template.resources.get_index(i).map_or("", |(k, _)| k.as_str());
    for start in 0..n {
        if colour[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, Vec<usize>, usize)> = vec![(start, edges(template, start), 0)];
        colour[start] = 1;
        while let Some((node, deps, next)) = stack.last_mut() {
            if let Some(&d) = deps.get(*next) {
                *next += 1;
                match colour[d] {
                    0 => {
                        colour[d] = 1;
                        stack.push((d, edges(template, d), 0));
                    }
                    1 => {
                        let from = stack.iter().position(|(n, _, _)| *n == d).unwrap_or(0);
                        let mut path: Vec<&str> = stack[from..].iter().map(|(n, _, _)| id(*n)).collect();
                        path.push(id(d));
                        out.push(Finding::new(
                            &catalog::DEPENDENCY_CYCLE,
                            id(d),
                            None,
                            format!("resources depend on each other in a cycle: {}", path.join(" → ")),
                            "break the cycle: remove a DependsOn, or refer to one side by a value known in advance (a name, an ARN built with Fn::Sub)".into(),
                        ));
                        return;
                    }
                    _ => {}
                }
            } else {
                colour[*node] = 2;
                stack.pop();
            }
        }
    }
}

fn limits(template: &Template, out: &mut Vec<Finding>) {
    for (what, count, max) in [
        ("outputs", template.outputs.len(), MAX_OUTPUTS),
        ("parameters", template.parameters.len(), MAX_PARAMETERS),
    ] {
        if count > max {
            out.push(Finding::global(
                &catalog::TEMPLATE_LIMITS,
                format!("template has {count} {what}; CloudFormation accepts at most {max}"),
                "split the stack".into(),
            ));
        }
    }
    if let Some(d) = &template.description {
        if d.len() > MAX_DESCRIPTION_BYTES {
            out.push(Finding::global(
                &catalog::TEMPLATE_LIMITS,
                format!("template description is {} bytes; CloudFormation accepts at most {MAX_DESCRIPTION_BYTES}", d.len()),
                "shorten the stack's description".into(),
            ));
        }
    }
}

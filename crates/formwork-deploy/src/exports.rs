//! Exports that never deadlock. CloudFormation refuses to remove an export that another
//! stack still imports ("cannot be deleted as it is in use by ..."). When a deploy drops
//! an export that a deployed stack of the same app still imports, the importing stack
//! goes first when it is part of the deploy and stops importing; otherwise the export is
//! kept (same name, same value) for one more deploy, and deploy says so.

use formwork::expand::Expanded;
use formwork_template::{Output, Template, Value};

use crate::aws::{message, request_error, Aws};
use crate::error::Error;
use crate::naming::stack_name;

/// An export a deployed stack has and its new template drops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dropped {
    /// The exporting stack (model name).
    pub(crate) stack: String,
    /// The export's name.
    pub(crate) export: String,
    /// The output that exports it, in the deployed stack.
    pub(crate) output_key: String,
    /// The deployed value.
    pub(crate) value: String,
    /// The stacks of the app (model names) whose deployed templates import it.
    pub(crate) importers: Vec<String>,
}

/// What to do about dropped exports.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct ExportPlan {
    /// The deploy order, importers moved before the stacks whose exports they stop using.
    pub(crate) order: Vec<String>,
    /// Exports kept for one more deploy.
    pub(crate) kept: Vec<Dropped>,
    /// (importer, exporter, export): the importer is deployed first.
    pub(crate) first: Vec<(String, String, String)>,
}

/// Plans the deploy of the stacks `order` (model names, dependency order) when
/// `dropped` exports are still imported. `depends_on(s)`: the stacks `s`'s new template
/// imports from. `imports_after(s, export)`: whether `s`'s new template still imports it.
pub(crate) fn plan(
    order: &[String],
    depends_on: &dyn Fn(&str) -> Vec<String>,
    imports_after: &dyn Fn(&str, &str) -> bool,
    dropped: &[Dropped],
) -> ExportPlan {
    // `before` holds (a, b): a is deployed before b
    let mut before: Vec<(String, String)> = Vec::new();
    for s in order {
        for d in depends_on(s) {
            if order.contains(&d) && &d != s {
                before.push((d, s.clone()));
            }
        }
    }
    let mut plan = ExportPlan::default();
    for d in dropped {
        let mut keep = false;
        let mut added = Vec::new();
        for importer in &d.importers {
            let stops = order.contains(importer) && !imports_after(importer, &d.export);
            if !stops || importer == &d.stack {
                keep = true;
                continue;
            }
            let edge = (importer.clone(), d.stack.clone());
            let mut trial = before.clone();
            trial.push(edge.clone());
            if sort(order, &trial).is_some() {
                before.push(edge);
                added.push(importer.clone());
            } else {
                keep = true;
            }
        }
        if keep {
            // the export stays, so no importer needs to go first for it
            before.retain(|(a, b)| !(b == &d.stack && added.contains(a) && !was_needed(a, b, depends_on)));
            plan.kept.push(d.clone());
        } else {
            plan.first.extend(added.into_iter().map(|i| (i, d.stack.clone(), d.export.clone())));
        }
    }
    plan.order = sort(order, &before).unwrap_or_else(|| order.to_vec());
    plan
}

fn was_needed(a: &str, b: &str, depends_on: &dyn Fn(&str) -> Vec<String>) -> bool {
    depends_on(b).iter().any(|d| d == a)
}

/// `order` sorted so that every (a, b) of `before` has a first; among the stacks that
/// are ready, the one earliest in `order`. `None` on a cycle.
fn sort(order: &[String], before: &[(String, String)]) -> Option<Vec<String>> {
    let mut placed: Vec<String> = Vec::with_capacity(order.len());
    while placed.len() < order.len() {
        let next = order.iter().find(|s| {
            !placed.contains(s) && before.iter().filter(|(_, b)| b == *s).all(|(a, _)| placed.contains(a))
        })?;
        placed.push(next.clone());
    }
    Some(placed)
}

/// Whether `text` (a template body) names `export` as a whole: the export name followed by
/// something that cannot continue it (export names are `[A-Za-z0-9:-]`).
pub(crate) fn mentions(text: &str, export: &str) -> bool {
    text.match_indices(export).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + export.len()..].chars().next();
        let continues =
            |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':');
        !continues(before) && !continues(after)
    })
}

/// The exports of the deployed stacks in `selected` that their new templates drop, with
/// the app's deployed stacks that still import each.
pub(crate) async fn dropped_exports(
    aws: &Aws,
    app: &str,
    all: &[Expanded],
    selected: &[&Expanded],
) -> Result<Vec<Dropped>, Error> {
    let mut dropped = Vec::new();
    for e in selected {
        let name = stack_name(app, &e.stack);
        let response = match aws.cloudformation.describe_stacks().stack_name(&name).send().await {
            Ok(r) => r,
            Err(err) if message(&err).contains("does not exist") => continue,
            Err(err) => return Err(request_error("DescribeStacks", format!("stack `{name}`"), &err)),
        };
        let new_exports = exports_of(&e.template);
        for stack in response.stacks() {
            for o in stack.outputs() {
                let Some(export) = o.export_name() else { continue };
                if new_exports.iter().any(|n| n == export) {
                    continue;
                }
                dropped.push(Dropped {
                    stack: e.stack.clone(),
                    export: export.to_string(),
                    output_key: o.output_key().unwrap_or_default().to_string(),
                    value: o.output_value().unwrap_or_default().to_string(),
                    importers: Vec::new(),
                });
            }
        }
    }
    if dropped.is_empty() {
        return Ok(dropped);
    }
    for other in all {
        let name = stack_name(app, &other.stack);
        let body = match aws.cloudformation.get_template().stack_name(&name).send().await {
            Ok(r) => r.template_body().unwrap_or_default().to_string(),
            Err(err) if message(&err).contains("does not exist") => continue,
            Err(err) => return Err(request_error("GetTemplate", format!("stack `{name}`"), &err)),
        };
        for d in dropped.iter_mut().filter(|d| d.stack != other.stack) {
            if mentions(&body, &d.export) {
                d.importers.push(other.stack.clone());
            }
        }
    }
    dropped.retain(|d| !d.importers.is_empty());
    Ok(dropped)
}

/// The export names of a template's outputs.
pub(crate) fn exports_of(template: &Template) -> Vec<String> {
    template
        .outputs
        .values()
        .filter_map(|o| o.export_name.as_ref().and_then(Value::as_str).map(str::to_string))
        .collect()
}

/// Adds the kept exports of `stack` to its template, with the deployed values.
pub(crate) fn keep(template: &mut Template, stack: &str, kept: &[Dropped]) {
    for d in kept.iter().filter(|d| d.stack == stack) {
        let key = if template.outputs.contains_key(&d.output_key) {
            format!("{}Kept", d.output_key)
        } else {
            d.output_key.clone()
        };
        template.outputs.insert(
            key,
            Output::new(Value::from(d.value.as_str()))
                .description(format!(
                    "kept for one more deploy: imported by {}; the next deploy removes it",
                    d.importers.join(", ")
                ))
                .export_name(Value::from(d.export.as_str())),
        );
    }
}

/// What deploy says about the plan, one line each.
pub(crate) fn notes(plan: &ExportPlan) -> Vec<String> {
    let mut out = Vec::new();
    for (importer, exporter, export) in &plan.first {
        out.push(format!(
            "stack {importer} goes before stack {exporter}: it stops importing {export}, which {exporter} no longer exports"
        ));
    }
    for d in &plan.kept {
        out.push(format!(
            "keeping export {export} of stack {stack} for one more deploy: stack {who} still imports it; deploy {who} without it, then deploy again to remove it",
            export = d.export,
            stack = d.stack,
            who = d.importers.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn dropped(stack: &str, export: &str, importers: &[&str]) -> Dropped {
        Dropped {
            stack: stack.into(),
            export: export.into(),
            output_key: "JobsArn".into(),
            value: "arn:aws:sqs:us-east-1:123456789012:jobs".into(),
            importers: names(importers),
        }
    }

    #[test]
    fn an_importer_that_stops_importing_goes_first() {
        let order = names(&["queues", "consumer"]);
        let d = [dropped("queues", "app-queues-JobsArn", &["consumer"])];
        let p = plan(&order, &|_| Vec::new(), &|_, _| false, &d);
        assert_eq!(p.order, ["consumer", "queues"]);
        assert!(p.kept.is_empty());
        assert_eq!(p.first, [("consumer".into(), "queues".into(), "app-queues-JobsArn".into())]);
        assert_eq!(
            notes(&p),
            ["stack consumer goes before stack queues: it stops importing app-queues-JobsArn, which queues no longer exports"]
        );
    }

    #[test]
    fn an_importer_outside_the_deploy_keeps_the_export() {
        let order = names(&["queues"]);
        let d = [dropped("queues", "app-queues-JobsArn", &["consumer"])];
        let p = plan(&order, &|_| Vec::new(), &|_, _| false, &d);
        assert_eq!(p.order, ["queues"]);
        assert_eq!(p.kept, d);
        let mut t = Template::new();
        keep(&mut t, "queues", &p.kept);
        let o = &t.outputs["JobsArn"];
        assert_eq!(o.export_name, Some(Value::from("app-queues-JobsArn")));
        assert_eq!(o.value, Value::from("arn:aws:sqs:us-east-1:123456789012:jobs"));
        assert!(
            notes(&p)[0].starts_with("keeping export app-queues-JobsArn of stack queues for one more deploy")
        );
    }

    #[test]
    fn moving_the_importer_first_against_a_new_dependency_keeps_the_export_instead() {
        // consumer now imports something else from queues, so it must come after queues:
        // it cannot also go first, and the dropped export stays one more deploy
        let order = names(&["queues", "consumer"]);
        let d = [dropped("queues", "app-queues-OldArn", &["consumer"])];
        let deps = |s: &str| if s == "consumer" { names(&["queues"]) } else { Vec::new() };
        let p = plan(&order, &deps, &|_, _| false, &d);
        assert_eq!(p.order, ["queues", "consumer"]);
        assert_eq!(p.kept.len(), 1);
        assert!(p.first.is_empty());
    }

    #[test]
    fn an_importer_that_still_imports_keeps_the_export() {
        let order = names(&["queues", "consumer"]);
        let d = [dropped("queues", "app-queues-JobsArn", &["consumer"])];
        let p = plan(&order, &|_| Vec::new(), &|_, _| true, &d);
        assert_eq!(p.kept.len(), 1);
        assert_eq!(p.order, order);
    }

    #[test]
    fn export_names_are_matched_whole() {
        assert!(mentions("{\"Fn::ImportValue\": \"app-q-Jobs\"}", "app-q-Jobs"));
        assert!(mentions("!ImportValue app-q-Jobs\n", "app-q-Jobs"));
        assert!(!mentions("!ImportValue app-q-JobsArn\n", "app-q-Jobs"));
        assert!(!mentions("!ImportValue my-app-q-Jobs\n", "app-q-Jobs"));
    }
}

//! Living with findings: suppressions that carry a reason (per-rule severity is the
//! app's: `App::severity`).
//!
//! A suppression is written into the template's metadata, so reviewers see it and the
//! same template validates the same way later, whoever runs the rules:
//!
//! - a formwork rule on a construct: `Metadata: {formwork: {suppressions: [{rule, reason}]}}`
//!   on every resource the construct made; on the whole app: the same under the
//!   template's own `Metadata`;
//! - a checkov check: `Metadata: {checkov: {skip: [{id, comment}]}}`;
//! - a cfn-lint rule: `Metadata: {cfn-lint: {config: {ignore_checks: [id]}}}`.

use formwork_template::{Map, Resource, Template, Value};

/// Which tool a suppression speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// A formwork rule (`FW203`).
    Formwork,
    /// A checkov check (`CKV_AWS_115`).
    Checkov,
    /// A cfn-lint rule (`W3011`).
    CfnLint,
}

/// One reasoned suppression: a rule of a tool, switched off for one construct or for
/// the whole app, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub(crate) tool: Tool,
    pub(crate) rule: String,
    pub(crate) reason: String,
    pub(crate) construct: Option<String>,
}

impl Suppression {
    /// Suppresses formwork rule `code` (e.g. `FW203`), for the reason given.
    pub fn rule(code: impl Into<String>, reason: impl Into<String>) -> Suppression {
        Suppression { tool: Tool::Formwork, rule: code.into(), reason: reason.into(), construct: None }
    }

    /// Suppresses a checkov check (e.g. `CKV_AWS_115`) by writing checkov's own skip
    /// metadata, with the reason as its comment.
    pub fn checkov(id: impl Into<String>, reason: impl Into<String>) -> Suppression {
        Suppression { tool: Tool::Checkov, rule: id.into(), reason: reason.into(), construct: None }
    }

    /// Suppresses a cfn-lint rule (e.g. `W3011`) by writing cfn-lint's own
    /// `ignore_checks` metadata; the reason is kept in formwork's metadata beside it.
    pub fn cfn_lint(id: impl Into<String>, reason: impl Into<String>) -> Suppression {
        Suppression { tool: Tool::CfnLint, rule: id.into(), reason: reason.into(), construct: None }
    }

    /// Limits it to the construct with this id (of the stack it is given to).
    #[must_use]
    pub fn on(mut self, construct_id: impl Into<String>) -> Suppression {
        self.construct = Some(construct_id.into());
        self
    }

    /// The rule or check it suppresses.
    pub fn rule_id(&self) -> &str {
        &self.rule
    }

    /// Why.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The construct id it is limited to (see [`Suppression::on`]), if any.
    pub fn construct(&self) -> Option<&str> {
        self.construct.as_deref()
    }
}

/// The metadata key formwork writes under.
pub const METADATA_KEY: &str = "formwork";

/// Writes the app's and the stack's suppressions into an expanded stack's template.
/// `constructs` maps logical ids to construct paths (`stack s / queue Jobs`). Returns the
/// suppressions that matched no construct.
pub fn apply(
    template: &mut Template,
    constructs: &indexmap::IndexMap<String, String>,
    app: &[Suppression],
    stack: &[Suppression],
) -> Vec<Suppression> {
    let mut unused = Vec::new();
    for s in app.iter().chain(stack) {
        match &s.construct {
            None => add(&mut template.metadata, s),
            Some(id) => {
                // `stack s / <kind> <id>[ / ...]`: every resource the construct made.
                let ids: Vec<String> = constructs
                    .iter()
                    .filter(|(_, path)| {
                        path.split(" / ")
                            .nth(1)
                            .and_then(|c| c.rsplit_once(' '))
                            .is_some_and(|(_, cid)| cid == id)
                    })
                    .map(|(logical, _)| logical.clone())
                    .collect();
                if ids.is_empty() && stack.contains(s) {
                    unused.push(s.clone());
                }
                for logical in ids {
                    if let Some(r) = template.resources.get_mut(&logical) {
                        add_to_resource(r, s);
                    }
                }
            }
        }
    }
    unused
}

fn add_to_resource(r: &mut Resource, s: &Suppression) {
    add(&mut r.metadata, s);
}

fn list_at<'m>(metadata: &'m mut Map, path: &[&str]) -> &'m mut Vec<Value> {
    let mut map = metadata;
    for key in &path[..path.len() - 1] {
        let entry = map.entry((*key).to_string()).or_insert_with(|| Value::Map(Map::new()));
        if !matches!(entry, Value::Map(_)) {
            *entry = Value::Map(Map::new());
        }
        let Value::Map(inner) = entry else { unreachable!("made a map just above") };
        map = inner;
    }
    let last = path[path.len() - 1].to_string();
    let entry = map.entry(last).or_insert_with(|| Value::List(Vec::new()));
    if !matches!(entry, Value::List(_)) {
        *entry = Value::List(Vec::new());
    }
    let Value::List(list) = entry else { unreachable!("made a list just above") };
    list
}

fn push_unique(list: &mut Vec<Value>, v: Value) {
    if !list.contains(&v) {
        list.push(v);
    }
}

fn add(metadata: &mut Map, s: &Suppression) {
    let record =
        Value::map([("rule", Value::from(s.rule.as_str())), ("reason", Value::from(s.reason.as_str()))]);
    match s.tool {
        Tool::Formwork => push_unique(list_at(metadata, &[METADATA_KEY, "suppressions"]), record),
        Tool::Checkov => push_unique(
            list_at(metadata, &["checkov", "skip"]),
            Value::map([("id", Value::from(s.rule.as_str())), ("comment", Value::from(s.reason.as_str()))]),
        ),
        Tool::CfnLint => {
            push_unique(
                list_at(metadata, &["cfn-lint", "config", "ignore_checks"]),
                Value::from(s.rule.as_str()),
            );
            push_unique(list_at(metadata, &[METADATA_KEY, "cfn-lint-suppressions"]), record);
        }
    }
}

/// The formwork suppressions recorded in a metadata map: (rule, reason).
pub fn recorded(metadata: &Map) -> Vec<(String, String)> {
    metadata
        .get(METADATA_KEY)
        .and_then(|m| m.get("suppressions"))
        .and_then(Value::as_list)
        .unwrap_or_default()
        .iter()
        .filter_map(|v| {
            Some((
                v.get("rule")?.as_str()?.to_string(),
                v.get("reason").and_then(Value::as_str).unwrap_or("").to_string(),
            ))
        })
        .collect()
}

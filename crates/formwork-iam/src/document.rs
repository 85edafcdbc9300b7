//! Policy documents and their statements.

use std::fmt;

use formwork_template::{Map, Value};

use crate::action::Action;
use crate::wildcard::WildcardOptIn;

/// The policy language version every document is written with.
pub const POLICY_VERSION: &str = "2012-10-17";

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Effect {
    /// `Allow`
    Allow,
    /// `Deny`
    Deny,
}

impl Effect {
    /// The name IAM uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who a statement of a resource or trust policy applies to.
#[derive(Debug, Clone, PartialEq)]
pub enum Principal {
    /// `{"Service": "lambda.amazonaws.com"}`
    Service(String),
    /// `{"AWS": <account or role ARN>}`
    Aws(Value),
    /// `{"Federated": <identity provider>}`
    Federated(String),
    /// `"*"`: anyone (with conditions, for resource policies).
    Any,
}

impl Principal {
    fn key(&self) -> &'static str {
        match self {
            Principal::Service(_) => "Service",
            Principal::Aws(_) | Principal::Any => "AWS",
            Principal::Federated(_) => "Federated",
        }
    }

    fn value(&self) -> Value {
        match self {
            Principal::Service(s) | Principal::Federated(s) => Value::from(s.as_str()),
            Principal::Aws(v) => v.clone(),
            Principal::Any => Value::from("*"),
        }
    }
}

/// One statement.
///
/// Build one with [`Statement::new`] and its setters (or the shorthands
/// [`Statement::allow`] and [`Statement::assume_role_by_service`]); every setter records,
/// none checks. The checks run on the document: [`crate::check_policy`].
///
/// ```
/// # #[cfg(feature = "typed-actions")] {
/// use formwork_iam::actions::{Dynamodb, Iam};
/// use formwork_iam::{Effect, Statement};
/// use formwork_template::Value;
///
/// let read = Statement::new(Effect::Allow)
///     .actions([Dynamodb::GetItem, Dynamodb::Query])
///     .resource(Value::get_att("Orders", "Arn"));
/// assert_eq!(read.actions, ["dynamodb:GetItem", "dynamodb:Query"]);
///
/// let pass = Statement::new(Effect::Allow)
///     .action(Iam::PassRole)
///     .resource(Value::get_att("WorkerRole", "Arn"))
///     .condition("StringEquals", "iam:PassedToService", "lambda.amazonaws.com");
/// assert!(pass.to_value().get("Condition").is_some());
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Statement {
    /// `Sid`. Default: none.
    pub sid: Option<String>,
    /// `Effect`.
    pub effect: Effect,
    /// `Principal` (trust and resource policies only). Default: none.
    pub principals: Vec<Principal>,
    /// `Action`, written sorted and without duplicates.
    pub actions: Vec<String>,
    /// `NotAction`, written sorted and without duplicates. Default: none.
    pub not_actions: Vec<String>,
    /// `Resource`; empty for trust policies.
    pub resources: Vec<Value>,
    /// `NotResource`. Default: none.
    pub not_resources: Vec<Value>,
    /// `Condition`: operator → key → value.
    pub condition: Map,
    /// Why this statement may use wildcards: set by [`Statement::allow_wildcard`], kept
    /// out of the document (IAM has no place for it) and returned by
    /// [`Statement::wildcard_opt_in`] so the caller can keep it in the template's metadata.
    pub wildcard_reason: Option<String>,
}

impl Statement {
    /// An empty statement with this effect: add actions, resources and conditions with
    /// the setters.
    pub fn new(effect: Effect) -> Statement {
        Statement {
            sid: None,
            effect,
            principals: Vec::new(),
            actions: Vec::new(),
            not_actions: Vec::new(),
            resources: Vec::new(),
            not_resources: Vec::new(),
            condition: Map::new(),
            wildcard_reason: None,
        }
    }

    /// An `Allow` statement of these actions on these resources. Actions are sorted
    /// and deduplicated. The names are not checked here; the policy checks report the
    /// ones the catalog does not know.
    pub fn allow<A: Into<String>>(
        actions: impl IntoIterator<Item = A>,
        resources: impl IntoIterator<Item = Value>,
    ) -> Statement {
        let mut s = Statement::new(Effect::Allow);
        s.actions = actions.into_iter().map(Into::into).collect();
        sort(&mut s.actions);
        s.resources = resources.into_iter().collect();
        s
    }

    /// A trust statement letting an AWS service assume the role.
    pub fn assume_role_by_service(service: impl Into<String>) -> Statement {
        let mut s = Statement::new(Effect::Allow).principal(Principal::Service(service.into()));
        s.actions = vec!["sts:AssumeRole".into()];
        s
    }

    /// Sets `Sid`. Default: none.
    #[must_use]
    pub fn sid(mut self, sid: impl Into<String>) -> Statement {
        self.sid = Some(sid.into());
        self
    }

    /// Adds one action to `Action`.
    #[must_use]
    pub fn action(self, action: impl Into<Action>) -> Statement {
        self.actions([action])
    }

    /// Adds actions to `Action` (kept sorted and without duplicates).
    #[must_use]
    pub fn actions(mut self, actions: impl IntoIterator<Item = impl Into<Action>>) -> Statement {
        self.actions.extend(actions.into_iter().map(|a| String::from(a.into())));
        sort(&mut self.actions);
        self
    }

    /// Adds one action to `NotAction`. On an `Allow` statement this grants everything
    /// else, which the checks report.
    #[must_use]
    pub fn not_action(self, action: impl Into<Action>) -> Statement {
        self.not_actions([action])
    }

    /// Adds actions to `NotAction` (kept sorted and without duplicates).
    #[must_use]
    pub fn not_actions(mut self, actions: impl IntoIterator<Item = impl Into<Action>>) -> Statement {
        self.not_actions.extend(actions.into_iter().map(|a| String::from(a.into())));
        sort(&mut self.not_actions);
        self
    }

    /// Adds a resource to `Resource`: an ARN string, `"*"` or an expression such as
    /// `Value::get_att("Jobs", "Arn")`.
    #[must_use]
    pub fn resource(mut self, resource: impl Into<Value>) -> Statement {
        self.resources.push(resource.into());
        self
    }

    /// Adds resources to `Resource`, in order.
    #[must_use]
    pub fn resources(mut self, resources: impl IntoIterator<Item = impl Into<Value>>) -> Statement {
        self.resources.extend(resources.into_iter().map(Into::into));
        self
    }

    /// Adds a resource to `NotResource`. On an `Allow` statement this grants every other
    /// resource, which the checks report.
    #[must_use]
    pub fn not_resource(mut self, resource: impl Into<Value>) -> Statement {
        self.not_resources.push(resource.into());
        self
    }

    /// Adds resources to `NotResource`, in order.
    #[must_use]
    pub fn not_resources(mut self, resources: impl IntoIterator<Item = impl Into<Value>>) -> Statement {
        self.not_resources.extend(resources.into_iter().map(Into::into));
        self
    }

    /// Adds a principal to `Principal`. Default: none (identity policies have none).
    #[must_use]
    pub fn principal(mut self, principal: Principal) -> Statement {
        if !self.principals.contains(&principal) {
            self.principals.push(principal);
        }
        self
    }

    /// Adds a condition: `operator` (`StringEquals`, `ArnLike`, ...) → `key` → `value`.
    /// A second value for the same operator and key makes a list of both.
    #[must_use]
    pub fn condition(
        mut self,
        operator: impl Into<String>,
        key: impl Into<String>,
        value: impl Into<Value>,
    ) -> Statement {
        let value = value.into();
        let keys = self.condition.entry(operator.into()).or_insert_with(|| Value::Map(Map::new()));
        if let Value::Map(keys) = keys {
            let key = key.into();
            match keys.get_mut(&key) {
                None => {
                    keys.insert(key, value);
                }
                Some(Value::List(values)) => {
                    if !values.contains(&value) {
                        values.push(value);
                    }
                }
                Some(existing) if *existing != value => {
                    let first = std::mem::replace(existing, Value::Null);
                    *existing = Value::List(vec![first, value]);
                }
                Some(_) => {}
            }
        }
        self
    }

    /// Lets this statement use `*` in its actions or resources, for this reason. The
    /// checks accept the wildcards of statements whose every action an opt-in covers;
    /// the reason is kept: see [`Statement::wildcard_opt_in`].
    #[must_use]
    pub fn allow_wildcard(mut self, reason: impl Into<String>) -> Statement {
        self.wildcard_reason = Some(reason.into());
        self
    }

    /// The wildcard opt-in of this statement (its actions and the reason), if it has one:
    /// for the caller to write into the template's metadata.
    pub fn wildcard_opt_in(&self) -> Option<WildcardOptIn> {
        self.wildcard_reason.as_ref().map(|reason| WildcardOptIn::new(self.actions.iter().cloned(), reason))
    }

    /// The statement as a template value. A single action or resource is written as a
    /// list all the same, so that adding one never reshapes the document.
    pub fn to_value(&self) -> Value {
        self.clone().into_value()
    }

    /// [`Statement::to_value`], moving the statement's resources and conditions into the
    /// value instead of copying them.
    pub fn into_value(self) -> Value {
        let mut m = Map::with_capacity(4);
        if let Some(sid) = self.sid {
            m.insert("Sid".into(), Value::String(sid));
        }
        m.insert("Effect".into(), Value::from(self.effect.as_str()));
        if let Some(principal) = principal_value(&self.principals) {
            m.insert("Principal".into(), principal);
        }
        let not_actions = (!self.not_actions.is_empty())
            .then(|| Value::List(self.not_actions.into_iter().map(Value::String).collect()));
        if !self.actions.is_empty() || not_actions.is_none() {
            m.insert("Action".into(), Value::List(self.actions.into_iter().map(Value::String).collect()));
        }
        if let Some(not_actions) = not_actions {
            m.insert("NotAction".into(), not_actions);
        }
        if !self.resources.is_empty() {
            m.insert("Resource".into(), Value::List(self.resources));
        }
        if !self.not_resources.is_empty() {
            m.insert("NotResource".into(), Value::List(self.not_resources));
        }
        if !self.condition.is_empty() {
            m.insert("Condition".into(), Value::Map(self.condition));
        }
        Value::Map(m)
    }
}

fn sort(actions: &mut Vec<String>) {
    actions.sort();
    actions.dedup();
}

/// `"*"` for anyone alone; otherwise a map of kind → one value or a list, kinds in the
/// order first given.
fn principal_value(principals: &[Principal]) -> Option<Value> {
    match principals {
        [] => None,
        [Principal::Any] => Some(Value::from("*")),
        _ => {
            let mut by_kind: Vec<(&str, Vec<Value>)> = Vec::new();
            for p in principals {
                match by_kind.iter_mut().find(|(k, _)| *k == p.key()) {
                    Some((_, values)) => values.push(p.value()),
                    None => by_kind.push((p.key(), vec![p.value()])),
                }
            }
            Some(Value::map(by_kind.into_iter().map(|(k, mut values)| {
                let v = if values.len() == 1 { values.remove(0) } else { Value::List(values) };
                (k, v)
            })))
        }
    }
}

/// A policy document.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PolicyDocument {
    /// The statements, in order.
    pub statements: Vec<Statement>,
}

impl PolicyDocument {
    /// A document of these statements.
    pub fn new(statements: Vec<Statement>) -> PolicyDocument {
        PolicyDocument { statements }
    }

    /// The wildcard opt-ins of its statements, in order.
    pub fn wildcard_opt_ins(&self) -> Vec<WildcardOptIn> {
        self.statements.iter().filter_map(Statement::wildcard_opt_in).collect()
    }

    /// The document as a template value.
    pub fn to_value(&self) -> Value {
        self.clone().into_value()
    }

    /// [`PolicyDocument::to_value`], moving the statements into the value instead of
    /// copying them.
    pub fn into_value(self) -> Value {
        Value::map([
            ("Version", Value::from(POLICY_VERSION)),
            ("Statement", Value::List(self.statements.into_iter().map(Statement::into_value).collect())),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_statement_keeps_its_shape() {
        let v = Statement::assume_role_by_service("lambda.amazonaws.com").to_value();
        assert_eq!(v.get("Principal"), Some(&Value::map([("Service", Value::from("lambda.amazonaws.com"))])));
        assert_eq!(v.get("Action"), Some(&Value::List(vec!["sts:AssumeRole".into()])));
        assert_eq!(v.get("Resource"), None);
    }

    #[test]
    fn principals_group_by_kind() {
        let v = Statement::new(Effect::Allow)
            .principal(Principal::Service("lambda.amazonaws.com".into()))
            .principal(Principal::Service("edgelambda.amazonaws.com".into()))
            .principal(Principal::Aws(Value::from("arn:aws:iam::123456789012:root")))
            .to_value();
        assert_eq!(
            v.get("Principal"),
            Some(&Value::map([
                ("Service", Value::from(vec!["lambda.amazonaws.com", "edgelambda.amazonaws.com"])),
                ("AWS", Value::from("arn:aws:iam::123456789012:root")),
            ]))
        );
        let anyone = Statement::new(Effect::Allow).principal(Principal::Any).to_value();
        assert_eq!(anyone.get("Principal"), Some(&Value::from("*")));
    }

    #[test]
    fn conditions_merge_values_of_one_key() {
        let s = Statement::new(Effect::Allow)
            .condition("StringEquals", "iam:PassedToService", "lambda.amazonaws.com")
            .condition("StringEquals", "iam:PassedToService", "states.amazonaws.com")
            .condition("StringEquals", "iam:PassedToService", "states.amazonaws.com");
        assert_eq!(
            s.condition.get("StringEquals").and_then(|m| m.get("iam:PassedToService")),
            Some(&Value::from(vec!["lambda.amazonaws.com", "states.amazonaws.com"]))
        );
    }

    #[test]
    fn not_action_replaces_action_in_the_document() {
        let v = Statement::new(Effect::Deny)
            .not_action(Action::unchecked("iam:GetRole"))
            .not_resource("arn:aws:s3:::b")
            .to_value();
        assert!(v.get("Action").is_none());
        assert_eq!(v.get("NotAction"), Some(&Value::from(vec!["iam:GetRole"])));
        assert_eq!(v.get("NotResource"), Some(&Value::from(vec!["arn:aws:s3:::b"])));
    }
}

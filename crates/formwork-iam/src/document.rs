//! Policy documents and their statements.

use formwork_template::{Map, Value};

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

/// Who a statement of a resource or trust policy applies to.
#[derive(Debug, Clone, PartialEq)]
pub enum Principal {
    /// `{"Service": "lambda.amazonaws.com"}`
    Service(String),
    /// `{"AWS": <account or role ARN>}`
    Aws(Value),
}

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// `Sid`.
    pub sid: Option<String>,
    /// `Effect`.
    pub effect: Effect,
    /// `Principal` (trust and resource policies only).
    pub principal: Option<Principal>,
    /// `Action`, written sorted and without duplicates.
    pub actions: Vec<String>,
    /// `Resource`; empty for trust policies.
    pub resources: Vec<Value>,
    /// `Condition`: operator → key → value.
    pub condition: Map,
}

impl Statement {
    /// An `Allow` statement of these actions on these resources. Actions are sorted
    /// and deduplicated.
    pub fn allow<A: Into<String>>(
        actions: impl IntoIterator<Item = A>,
        resources: impl IntoIterator<Item = Value>,
    ) -> Statement {
        let mut actions: Vec<String> = actions.into_iter().map(Into::into).collect();
        actions.sort();
        actions.dedup();
        Statement {
            sid: None,
            effect: Effect::Allow,
            principal: None,
            actions,
            resources: resources.into_iter().collect(),
            condition: Map::new(),
        }
    }

    /// A trust statement letting an AWS service assume the role.
    pub fn assume_role_by_service(service: impl Into<String>) -> Statement {
        Statement {
            sid: None,
            effect: Effect::Allow,
            principal: Some(Principal::Service(service.into())),
            actions: vec!["sts:AssumeRole".into()],
            resources: Vec::new(),
            condition: Map::new(),
        }
    }

    /// The statement as a template value. A single action or resource is written as a
    /// list all the same, so that adding one never reshapes the document.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        if let Some(sid) = &self.sid {
            m.insert("Sid".into(), Value::from(sid.as_str()));
        }
        m.insert("Effect".into(), Value::from(self.effect.as_str()));
        if let Some(p) = &self.principal {
            let principal = match p {
                Principal::Service(s) => Value::map([("Service", Value::from(s.as_str()))]),
                Principal::Aws(v) => Value::map([("AWS", v.clone())]),
            };
            m.insert("Principal".into(), principal);
        }
        m.insert("Action".into(), Value::List(self.actions.iter().map(Value::from).collect()));
        if !self.resources.is_empty() {
            m.insert("Resource".into(), Value::List(self.resources.clone()));
        }
        if !self.condition.is_empty() {
            m.insert("Condition".into(), Value::Map(self.condition.clone()));
        }
        Value::Map(m)
    }
}

/// A policy document.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyDocument {
    /// The statements, in order.
    pub statements: Vec<Statement>,
}

impl PolicyDocument {
    /// A document of these statements.
    pub fn new(statements: Vec<Statement>) -> PolicyDocument {
        PolicyDocument { statements }
    }

    /// The document as a template value.
    pub fn to_value(&self) -> Value {
        Value::map([
            ("Version", Value::from(POLICY_VERSION)),
            ("Statement", Value::List(self.statements.iter().map(Statement::to_value).collect())),
        ])
    }
}

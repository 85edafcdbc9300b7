//! The problems the policy checks find, as data.

use std::fmt;

use formwork_template::{Intrinsic, Value};

use crate::catalog::ResourceType;

/// One problem in a policy document. `statement` is the index of the statement in the
/// document's `Statement` list.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PolicyIssue {
    /// An action name that is not `service:Action`.
    MalformedAction {
        /// The statement.
        statement: usize,
        /// The name as written.
        action: String,
    },
    /// An action of a service the catalog does not know.
    UnknownService {
        /// The statement.
        statement: usize,
        /// The action as written.
        action: String,
        /// The closest service prefix, if one is close.
        suggestion: Option<String>,
    },
    /// An action the catalog does not know, or a pattern that matches none.
    UnknownAction {
        /// The statement.
        statement: usize,
        /// The action as written.
        action: String,
        /// The closest action, `service:Action`, if one is close.
        suggestion: Option<String>,
    },
    /// A wildcard action (`*`, `sqs:*`, `s3:Get*`) in an `Allow` statement without an
    /// opt-in; wildcards that match only unscopable actions are wildcards all the same.
    WildcardAction {
        /// The statement.
        statement: usize,
        /// The pattern as written.
        action: String,
        /// How many actions the catalog has that it matches (more may come).
        matched: usize,
    },
    /// `Resource: "*"` in an `Allow` statement with actions that accept resource ARNs, and
    /// no opt-in.
    WildcardResource {
        /// The statement.
        statement: usize,
        /// The actions (as written) that could have been scoped.
        actions: Vec<String>,
    },
    /// An action that acts on none of the statement's resources: none of its resource
    /// types is a type of any of them (only reported when every resource's type is known).
    ActionResourceMismatch {
        /// The statement.
        statement: usize,
        /// The action as written.
        action: String,
        /// The resource types it accepts; empty when it accepts only `*`.
        accepted: Vec<ResourceType>,
        /// The resource types of the statement's resources.
        given: Vec<ResourceType>,
        /// Whether other actions of the statement act on its resources.
        reach: MismatchReach,
    },
    /// A resource that none of the statement's actions acts on, while some of them act on
    /// others of its resources.
    UnusedResource {
        /// The statement.
        statement: usize,
        /// The resource as written.
        resource: Value,
        /// Its resource types.
        resource_types: Vec<ResourceType>,
    },
    /// A resource that is not an ARN (`Ref` of a queue is the queue's URL).
    ResourceNotArn {
        /// The statement.
        statement: usize,
        /// The resource as written.
        resource: Value,
        /// What it is instead, e.g. `the queue URL`.
        what: &'static str,
    },
    /// `Allow` with `NotAction`: every action not listed, including ones AWS adds later.
    AllowWithNotAction {
        /// The statement.
        statement: usize,
    },
    /// `Allow` with `NotResource`: every resource not listed.
    AllowWithNotResource {
        /// The statement.
        statement: usize,
    },
    /// An action that lets the holder raise its own permissions.
    PrivilegeEscalation {
        /// The statement.
        statement: usize,
        /// The action as written.
        action: String,
        /// How.
        kind: Escalation,
    },
    /// A policy above IAM's size limit.
    PolicyTooLarge {
        /// Which limit.
        policy: PolicyKind,
        /// The estimated size in characters, as IAM counts them (no whitespace).
        size: usize,
        /// The limit.
        limit: usize,
    },
}

/// How an action lets its holder raise its own permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Escalation {
    /// `*`: every action.
    AllActions,
    /// `iam:*`: every IAM action.
    AllIamActions,
    /// `iam:PassRole` on `*` or a wildcard ARN: hand any role to a service.
    PassRoleOnAnyRole,
    /// `iam:PassRole` without an `iam:PassedToService` condition: hand a role to any
    /// service.
    PassRoleToAnyService,
    /// An action of access level "Permissions management" (`iam:PutRolePolicy`,
    /// `iam:AttachRolePolicy`, `iam:CreatePolicyVersion`, ...) not scoped to specific ARNs.
    PermissionsManagement,
}

/// Whether an action that acts on none of a statement's resources leaves the statement
/// granting anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MismatchReach {
    /// Other actions act on the resources — of the same statement, or of another `Allow`
    /// statement of the document on the same resources: this one is dead weight, and the
    /// policy still grants what they allow.
    DeadAction,
    /// No action of the statement acts on any of its resources, and no other statement of
    /// the document grants anything on them: the grant is broken, and the caller gets
    /// `AccessDenied`.
    WholeStatement,
}

/// Which size limit a policy is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    /// All inline policies of one role together.
    RoleInline,
    /// One managed policy.
    Managed,
}

impl PolicyIssue {
    /// A stable name for the kind of issue, e.g. `unknown-action`.
    pub fn name(&self) -> &'static str {
        match self {
            PolicyIssue::MalformedAction { .. } => "malformed-action",
            PolicyIssue::UnknownService { .. } => "unknown-service",
            PolicyIssue::UnknownAction { .. } => "unknown-action",
            PolicyIssue::WildcardAction { .. } => "wildcard-action",
            PolicyIssue::WildcardResource { .. } => "wildcard-resource",
            PolicyIssue::ActionResourceMismatch { .. } => "action-resource-mismatch",
            PolicyIssue::UnusedResource { .. } => "unused-resource",
            PolicyIssue::ResourceNotArn { .. } => "resource-not-arn",
            PolicyIssue::AllowWithNotAction { .. } => "allow-with-not-action",
            PolicyIssue::AllowWithNotResource { .. } => "allow-with-not-resource",
            PolicyIssue::PrivilegeEscalation { .. } => "privilege-escalation",
            PolicyIssue::PolicyTooLarge { .. } => "policy-too-large",
        }
    }

    /// The index of the statement it is about; `None` for the size of a whole policy.
    pub fn statement(&self) -> Option<usize> {
        match self {
            PolicyIssue::MalformedAction { statement, .. }
            | PolicyIssue::UnknownService { statement, .. }
            | PolicyIssue::UnknownAction { statement, .. }
            | PolicyIssue::WildcardAction { statement, .. }
            | PolicyIssue::WildcardResource { statement, .. }
            | PolicyIssue::ActionResourceMismatch { statement, .. }
            | PolicyIssue::UnusedResource { statement, .. }
            | PolicyIssue::ResourceNotArn { statement, .. }
            | PolicyIssue::AllowWithNotAction { statement }
            | PolicyIssue::AllowWithNotResource { statement }
            | PolicyIssue::PrivilegeEscalation { statement, .. } => Some(*statement),
            PolicyIssue::PolicyTooLarge { .. } => None,
        }
    }
}

fn list(types: &[ResourceType]) -> String {
    let mut names: Vec<String> = types.iter().map(ToString::to_string).collect();
    names.dedup();
    names.join(", ")
}

fn did_you_mean(f: &mut fmt::Formatter<'_>, suggestion: &Option<String>) -> fmt::Result {
    match suggestion {
        Some(s) => write!(f, " (did you mean `{s}`?)"),
        None => Ok(()),
    }
}

/// A resource as a reader would write it: `!GetAtt Jobs.Arn`, `!Ref Param`, the string.
pub fn describe_resource(resource: &Value) -> String {
    match resource {
        Value::String(s) => s.clone(),
        Value::Fn(f) => match &**f {
            Intrinsic::Ref(id) => format!("!Ref {id}"),
            Intrinsic::GetAtt { resource, attribute } => format!("!GetAtt {resource}.{attribute}"),
            Intrinsic::Sub { template, .. } => format!("!Sub {template}"),
            Intrinsic::Join { delimiter, values } => {
                let parts: Vec<String> = values.iter().map(describe_resource).collect();
                parts.join(delimiter)
            }
            _ => "(an expression)".into(),
        },
        _ => "(not a string)".into(),
    }
}

impl fmt::Display for PolicyIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyIssue::MalformedAction { action, .. } => {
                write!(f, "`{action}` is not an action name: expected `service:Action`")
            }
            PolicyIssue::UnknownService { action, suggestion, .. } => {
                let service = action.split_once(':').map_or(action.as_str(), |(s, _)| s);
                write!(f, "unknown service `{service}` in `{action}`")?;
                did_you_mean(f, suggestion)
            }
            PolicyIssue::UnknownAction { action, suggestion, .. } => {
                if crate::glob::is_pattern(action) {
                    write!(f, "`{action}` matches no action")
                } else {
                    write!(f, "unknown action `{action}`")?;
                    did_you_mean(f, suggestion)
                }
            }
            PolicyIssue::WildcardAction { action, matched, .. } => {
                write!(f, "wildcard action `{action}` allows {matched} actions today and any AWS adds later")
            }
            PolicyIssue::WildcardResource { actions, .. } => {
                let listed: Vec<String> = actions.iter().map(|a| format!("`{a}`")).collect();
                let (verb, pronoun) = if actions.len() == 1 { ("is", "it accepts") } else { ("are", "they accept") };
                write!(f, "{} {verb} allowed on every resource (`*`) though {pronoun} resource ARNs", listed.join(", "))
            }
            PolicyIssue::ActionResourceMismatch { action, accepted, given, .. } if accepted.is_empty() => {
                write!(f, "`{action}` accepts no resource ARN, only `*`, but is given {}", list(given))
            }
            PolicyIssue::ActionResourceMismatch { action, accepted, given, .. } => {
                write!(f, "`{action}` acts on {}, not on the statement's {}", list(accepted), list(given))
            }
            PolicyIssue::UnusedResource { resource, resource_types, .. } => write!(
                f,
                "resource `{}` ({}) is used by none of the statement's actions",
                describe_resource(resource),
                list(resource_types)
            ),
            PolicyIssue::ResourceNotArn { resource, what, .. } => {
                write!(f, "resource `{}` is {what}, not an ARN", describe_resource(resource))
            }
            PolicyIssue::AllowWithNotAction { .. } => {
                write!(f, "`Allow` with `NotAction` allows every action not listed, including ones AWS adds later")
            }
            PolicyIssue::AllowWithNotResource { .. } => {
                write!(f, "`Allow` with `NotResource` allows every resource not listed")
            }
            PolicyIssue::PrivilegeEscalation { action, kind, .. } => match kind {
                Escalation::AllActions => write!(f, "`{action}` allows every action, changing permissions included"),
                Escalation::AllIamActions => write!(f, "`{action}` allows changing any permission in the account"),
                Escalation::PassRoleOnAnyRole => {
                    write!(f, "`{action}` can pass any role: the resource is not a specific role ARN")
                }
                Escalation::PassRoleToAnyService => {
                    write!(f, "`{action}` can pass roles to any service: no `iam:PassedToService` condition")
                }
                Escalation::PermissionsManagement => write!(
                    f,
                    "`{action}` manages permissions (access level Permissions management) on resources that are not specific ARNs"
                ),
            },
            PolicyIssue::PolicyTooLarge { policy, size, limit } => write!(
                f,
                "{} about {size} characters, above IAM's limit of {limit}",
                match policy {
                    PolicyKind::RoleInline => "the role's inline policies are",
                    PolicyKind::Managed => "the managed policy is",
                }
            ),
        }
    }
}

//! The IAM policy language for formwork: policy documents and statements written as
//! template values, an action catalog from AWS's service authorization data, typed
//! actions generated from it, and checks that read a policy instead of trusting it.
//!
//! - [`Statement`] and [`PolicyDocument`]: effect, actions (typed, parsed or written),
//!   resources (ARNs or template expressions), conditions, principals, and an explicit,
//!   reasoned wildcard opt-in ([`Statement::allow_wildcard`]) that is kept.
//! - [`catalog`]: every action, its [`AccessLevel`](catalog::AccessLevel), the resource
//!   types it accepts and their ARN formats.
//! - [`actions`]: `Sqs::SendMessage` and 19,500 more, one enum per service.
//! - [`Action`]: a typed action, or a string checked against the catalog
//!   ([`Action::parse`], with a did-you-mean suggestion).
//! - [`check_policy`]: unknown services and actions, wildcards, actions whose resource
//!   types do not match the resources given, `Allow` with `NotAction`/`NotResource`,
//!   privilege escalation; [`check_role_policies`] and [`check_managed_policy`]: size.
//!   Each returns [`PolicyIssue`]s, data with fields.
//!
//! ```
//! use formwork_iam::{check_policy, CheckOptions, PolicyDocument, PolicyIssue, Statement};
//! use formwork_template::Value;
//!
//! let doc = PolicyDocument::new(vec![
//!     Statement::allow(["sqs:SendMessage"], [Value::get_att("Jobs", "Arn")]),
//!     Statement::allow(["sqs:SendMesage"], [Value::from("*")]),
//! ]);
//! assert_eq!(doc.statements[0].actions, vec!["sqs:SendMessage".to_string()]);
//!
//! let types = |id: &str| (id == "Jobs").then_some("AWS::SQS::Queue");
//! let issues = check_policy(&doc.to_value(), &CheckOptions::new().resource_types(&types));
//! assert_eq!(
//!     issues,
//!     [PolicyIssue::UnknownAction {
//!         statement: 1,
//!         action: "sqs:SendMesage".into(),
//!         suggestion: Some("sqs:SendMessage".into()),
//!     }]
//! );
//! ```

mod action;
#[cfg(feature = "typed-actions")]
pub mod actions;
mod arn;
pub mod catalog;
mod check;
mod document;
mod glob;
mod issue;
mod resolve;
mod size;
mod suggest;
mod unscopable;
mod wildcard;

pub use action::{Action, UnknownAction, UnknownActionKind};
pub use arn::resource_types_of_arn;
pub use check::{check_policy, CheckOptions};
pub use document::{Effect, PolicyDocument, Principal, Statement, POLICY_VERSION};
pub use issue::{describe_resource, Escalation, MismatchReach, PolicyIssue, PolicyKind};
pub use resolve::{known_returns, resolve_resource, returns, ResolvedResource, ResourceTypes, Returns};
pub use size::{
    check_managed_policy, check_role_policies, policy_size, MANAGED_POLICY_LIMIT, RESOLVED_ARN_ESTIMATE,
    RESOLVED_NAME_ESTIMATE, ROLE_INLINE_POLICIES_LIMIT,
};
pub use suggest::closest;
pub use unscopable::{is_unscopable, UNSCOPABLE_ACTIONS};
pub use wildcard::{WildcardOptIn, WILDCARD_METADATA_KEY};

/// The README's examples, run as doctests.
#[cfg(all(doctest, feature = "typed-actions"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

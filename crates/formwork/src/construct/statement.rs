//! Hand-made IAM statements for a function's own role: typed or checked actions on
//! resources named by a handle's attribute, a literal ARN, or an ARN spelt from parts
//! with the pseudo parameters, so that one template works in every region and account.

use formwork_iam::{Action, Effect};
use formwork_template::Value;

use super::{Attribute, BucketRef, Handle};

/// An ARN spelt from its parts, with the partition, region and account left to
/// CloudFormation's pseudo parameters: `Arn::new("ssm", "parameter/app/*")` is
/// `!Sub arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/app/*`.
///
/// ```
/// use formwork::prelude::*;
///
/// assert_eq!(
///     Arn::new("ssm", "parameter/app/*").to_string(),
///     "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/app/*"
/// );
/// assert_eq!(Arn::global("iam", "role/deployer").to_string(), "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/deployer");
/// assert_eq!(Arn::partition_only("s3", "shared-assets/*").to_string(), "arn:${AWS::Partition}:s3:::shared-assets/*");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Arn {
    service: String,
    region: bool,
    account: bool,
    resource: String,
}

impl Arn {
    /// A regional resource of this account: `arn:<partition>:<service>:<region>:<account>:<resource>`.
    pub fn new(service: impl Into<String>, resource: impl Into<String>) -> Arn {
        Arn { service: service.into(), region: true, account: true, resource: resource.into() }
    }

    /// A resource of this account with no region in its ARN (IAM, CloudFront):
    /// `arn:<partition>:<service>::<account>:<resource>`.
    pub fn global(service: impl Into<String>, resource: impl Into<String>) -> Arn {
        Arn { service: service.into(), region: false, account: true, resource: resource.into() }
    }

    /// A resource whose ARN names neither region nor account (S3 buckets and objects):
    /// `arn:<partition>:<service>:::<resource>`.
    pub fn partition_only(service: impl Into<String>, resource: impl Into<String>) -> Arn {
        Arn { service: service.into(), region: false, account: false, resource: resource.into() }
    }

    /// The template value: an `Fn::Sub` of the pseudo parameters.
    pub fn to_value(&self) -> Value {
        Value::sub(self.to_string())
    }
}

impl std::fmt::Display for Arn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let region = if self.region { "${AWS::Region}" } else { "" };
        let account = if self.account { "${AWS::AccountId}" } else { "" };
        write!(f, "arn:${{AWS::Partition}}:{}:{region}:{account}:{}", self.service, self.resource)
    }
}

/// One `Resource` of a hand-made [`Statement`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PolicyResource {
    /// A handle's attribute, e.g. `queue.arn()`: resolved like a grant's, so it follows
    /// the construct across stacks and to an existing resource's ARN.
    Attribute(Attribute),
    /// Objects of a bucket under a key pattern ([`BucketRef::objects`]).
    Objects(Handle, String),
    /// A literal ARN, written as given.
    Literal(String),
    /// An ARN spelt from parts with the pseudo parameters.
    Arn(Arn),
    /// Any template value, e.g. an `Fn::ImportValue` of another app's export.
    Value(Value),
}

impl From<Value> for PolicyResource {
    fn from(v: Value) -> PolicyResource {
        PolicyResource::Value(v)
    }
}

impl From<Attribute> for PolicyResource {
    fn from(a: Attribute) -> PolicyResource {
        PolicyResource::Attribute(a)
    }
}

impl From<Arn> for PolicyResource {
    fn from(a: Arn) -> PolicyResource {
        PolicyResource::Arn(a)
    }
}

impl From<&str> for PolicyResource {
    fn from(s: &str) -> PolicyResource {
        PolicyResource::Literal(s.to_string())
    }
}

impl From<String> for PolicyResource {
    fn from(s: String) -> PolicyResource {
        PolicyResource::Literal(s)
    }
}

impl BucketRef {
    /// The bucket's objects whose keys match `pattern` (`uploads/*`), for a hand-made
    /// [`Statement`]: `<bucket ARN>/<pattern>`.
    pub fn objects(&self, pattern: impl Into<String>) -> PolicyResource {
        PolicyResource::Objects(self.0.clone(), pattern.into())
    }
}

/// A hand-made statement for a function's own role ([`Function::statement`](super::Function::statement)),
/// for a permission no grant covers. Actions are typed (`Ssm::GetParameter`) or checked
/// strings ([`Action::parse`]); resources are handles' attributes, literal ARNs or
/// [`Arn`]s. It goes through the same policy checks as the statements formwork writes
/// (FW401–FW408), and `policy` lists it as `statement N of function F`.
///
/// ```
/// use formwork::prelude::*;
/// use formwork::iam::actions::{Kms, Ssm};
///
/// let config = Statement::allow([Ssm::GetParameter, Ssm::GetParametersByPath], [Arn::new("ssm", "parameter/app/*")]);
/// let decrypt = Statement::allow([Kms::Decrypt], ["arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]);
/// assert_eq!(config.actions(), ["ssm:GetParameter", "ssm:GetParametersByPath"]);
/// # let _ = decrypt;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub(crate) effect: Effect,
    pub(crate) actions: Vec<String>,
    pub(crate) resources: Vec<PolicyResource>,
    pub(crate) conditions: Vec<(String, String, Value)>,
    pub(crate) wildcard_reason: Option<String>,
}

impl Statement {
    /// `Allow` these actions on these resources. Actions are sorted and deduplicated.
    pub fn allow(
        actions: impl IntoIterator<Item = impl Into<Action>>,
        resources: impl IntoIterator<Item = impl Into<PolicyResource>>,
    ) -> Statement {
        Statement::with(Effect::Allow, actions, resources)
    }

    /// `Deny` these actions on these resources, e.g. to fence off part of what a grant
    /// allows.
    pub fn deny(
        actions: impl IntoIterator<Item = impl Into<Action>>,
        resources: impl IntoIterator<Item = impl Into<PolicyResource>>,
    ) -> Statement {
        Statement::with(Effect::Deny, actions, resources)
    }

    fn with(
        effect: Effect,
        actions: impl IntoIterator<Item = impl Into<Action>>,
        resources: impl IntoIterator<Item = impl Into<PolicyResource>>,
    ) -> Statement {
        let mut actions: Vec<String> = actions.into_iter().map(|a| String::from(a.into())).collect();
        actions.sort();
        actions.dedup();
        Statement {
            effect,
            actions,
            resources: resources.into_iter().map(Into::into).collect(),
            conditions: Vec::new(),
            wildcard_reason: None,
        }
    }

    /// Adds a condition (`Condition.<operator>.<key>`), e.g.
    /// `.condition("StringEquals", "kms:ViaService", "secretsmanager.eu-west-1.amazonaws.com")`;
    /// a second value for the same operator and key makes a list. Default: none.
    #[must_use]
    pub fn condition(
        mut self,
        operator: impl Into<String>,
        key: impl Into<String>,
        value: impl Into<Value>,
    ) -> Statement {
        self.conditions.push((operator.into(), key.into(), value.into()));
        self
    }

    /// Lets the statement name `*` as its resource, for this reason, which is kept in the
    /// role's metadata (`formwork:unscoped`) where reviewers see it; without it, FW402
    /// reports scopable actions on `*`. Default: no opt-in.
    #[must_use]
    pub fn allow_wildcard(mut self, reason: impl Into<String>) -> Statement {
        self.wildcard_reason = Some(reason.into());
        self
    }

    /// `Allow` or `Deny`.
    pub fn effect(&self) -> Effect {
        self.effect
    }

    /// The actions, sorted.
    pub fn actions(&self) -> &[String] {
        &self.actions
    }

    /// The resources, in order.
    pub fn resources(&self) -> &[PolicyResource] {
        &self.resources
    }
}

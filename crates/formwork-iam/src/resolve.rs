//! What a `Resource` entry of a statement names: the IAM resource types of a literal ARN,
//! of `Fn::GetAtt X.Arn` / `Ref X` of a template resource whose CloudFormation type the
//! caller knows, and of `Fn::Sub` / `Fn::Join` strings built from those.

use std::collections::BTreeMap;
use std::collections::HashMap;

use formwork_template::{IndexMap, Intrinsic, Pseudo, Template, Value};

use crate::arn::{self, Pattern};
use crate::catalog::ResourceType;

/// Tells the checks the CloudFormation type of a template resource, so that
/// `Fn::GetAtt Jobs.Arn` can be known to be an SQS queue's ARN.
///
/// Implemented for [`Template`] (its resources), for maps of logical id → type, for
/// closures `Fn(&str) -> Option<&'static str>`, and for `()` (knows no resource).
pub trait ResourceTypes {
    /// The CloudFormation type (`AWS::SQS::Queue`) of the resource with this logical id.
    fn cloudformation_type(&self, logical_id: &str) -> Option<&str>;
}

impl ResourceTypes for Template {
    fn cloudformation_type(&self, logical_id: &str) -> Option<&str> {
        self.resources.get(logical_id).map(|r| r.resource_type.as_str())
    }
}

impl ResourceTypes for () {
    fn cloudformation_type(&self, _: &str) -> Option<&str> {
        None
    }
}

impl ResourceTypes for IndexMap<String, String> {
    fn cloudformation_type(&self, logical_id: &str) -> Option<&str> {
        self.get(logical_id).map(String::as_str)
    }
}

impl ResourceTypes for BTreeMap<String, String> {
    fn cloudformation_type(&self, logical_id: &str) -> Option<&str> {
        self.get(logical_id).map(String::as_str)
    }
}

impl ResourceTypes for HashMap<String, String> {
    fn cloudformation_type(&self, logical_id: &str) -> Option<&str> {
        self.get(logical_id).map(String::as_str)
    }
}

impl<F: Fn(&str) -> Option<&'static str>> ResourceTypes for F {
    fn cloudformation_type(&self, logical_id: &str) -> Option<&str> {
        self(logical_id)
    }
}

/// What `Ref` or `Fn::GetAtt` of a resource returns, as far as IAM cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returns {
    /// An ARN; `example` is one like it (the checks find its resource types from it).
    Arn {
        /// An ARN of the same shape.
        example: &'static str,
    },
    /// Not an ARN: a name, a URL, an id.
    NotArn {
        /// What it is, e.g. `the queue URL`.
        what: &'static str,
    },
}

/// `None` stands for `Ref`.
type ReturnsRow = (&'static str, Option<&'static str>, Returns);

const fn arn(example: &'static str) -> Returns {
    Returns::Arn { example }
}

const fn not_arn(what: &'static str) -> Returns {
    Returns::NotArn { what }
}

/// What `Ref` (attribute `None`) and `Fn::GetAtt` return, per CloudFormation type. Source:
/// the "Return values" section of each type's page in the CloudFormation User Guide.
const RETURNS: &[ReturnsRow] = &[
    ("AWS::DynamoDB::GlobalTable", None, not_arn("the table name")),
    ("AWS::DynamoDB::GlobalTable", Some("Arn"), arn("arn:aws:dynamodb:us-east-1:123456789012:table/Name")),
    (
        "AWS::DynamoDB::GlobalTable",
        Some("StreamArn"),
        arn("arn:aws:dynamodb:us-east-1:123456789012:table/Name/stream/2024-01-01T00:00:00.000"),
    ),
    ("AWS::DynamoDB::Table", None, not_arn("the table name")),
    ("AWS::DynamoDB::Table", Some("Arn"), arn("arn:aws:dynamodb:us-east-1:123456789012:table/Name")),
    (
        "AWS::DynamoDB::Table",
        Some("StreamArn"),
        arn("arn:aws:dynamodb:us-east-1:123456789012:table/Name/stream/2024-01-01T00:00:00.000"),
    ),
    ("AWS::Events::EventBus", None, not_arn("the event bus name")),
    ("AWS::Events::EventBus", Some("Arn"), arn("arn:aws:events:us-east-1:123456789012:event-bus/name")),
    ("AWS::Events::EventBus", Some("Name"), not_arn("the event bus name")),
    ("AWS::Events::Rule", None, not_arn("the rule name")),
    ("AWS::Events::Rule", Some("Arn"), arn("arn:aws:events:us-east-1:123456789012:rule/name")),
    ("AWS::IAM::Role", None, not_arn("the role name")),
    ("AWS::IAM::Role", Some("Arn"), arn("arn:aws:iam::123456789012:role/name")),
    ("AWS::IAM::Role", Some("RoleId"), not_arn("the role id")),
    ("AWS::KMS::Key", None, not_arn("the key id")),
    (
        "AWS::KMS::Key",
        Some("Arn"),
        arn("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
    ),
    ("AWS::KMS::Key", Some("KeyId"), not_arn("the key id")),
    ("AWS::Kinesis::Stream", None, not_arn("the stream name")),
    ("AWS::Kinesis::Stream", Some("Arn"), arn("arn:aws:kinesis:us-east-1:123456789012:stream/name")),
    ("AWS::KinesisFirehose::DeliveryStream", None, not_arn("the delivery stream name")),
    (
        "AWS::KinesisFirehose::DeliveryStream",
        Some("Arn"),
        arn("arn:aws:firehose:us-east-1:123456789012:deliverystream/name"),
    ),
    ("AWS::Lambda::Alias", None, arn("arn:aws:lambda:us-east-1:123456789012:function:name:alias")),
    ("AWS::Lambda::Function", None, not_arn("the function name")),
    ("AWS::Lambda::Function", Some("Arn"), arn("arn:aws:lambda:us-east-1:123456789012:function:name")),
    ("AWS::Lambda::LayerVersion", None, arn("arn:aws:lambda:us-east-1:123456789012:layer:name:1")),
    ("AWS::Lambda::Version", None, arn("arn:aws:lambda:us-east-1:123456789012:function:name:1")),
    ("AWS::Lambda::Version", Some("Version"), not_arn("the version number")),
    ("AWS::Logs::LogGroup", None, not_arn("the log group name")),
    // The log group's ARN ends in `:*`, so it covers the group's streams as well.
    ("AWS::Logs::LogGroup", Some("Arn"), arn("arn:aws:logs:us-east-1:123456789012:log-group:name:*")),
    ("AWS::S3::Bucket", None, not_arn("the bucket name")),
    ("AWS::S3::Bucket", Some("Arn"), arn("arn:aws:s3:::name")),
    ("AWS::S3::Bucket", Some("DomainName"), not_arn("the bucket's domain name")),
    ("AWS::SNS::Topic", None, arn("arn:aws:sns:us-east-1:123456789012:name")),
    ("AWS::SNS::Topic", Some("TopicArn"), arn("arn:aws:sns:us-east-1:123456789012:name")),
    ("AWS::SNS::Topic", Some("TopicName"), not_arn("the topic name")),
    ("AWS::SQS::Queue", None, not_arn("the queue URL")),
    ("AWS::SQS::Queue", Some("Arn"), arn("arn:aws:sqs:us-east-1:123456789012:name")),
    ("AWS::SQS::Queue", Some("QueueName"), not_arn("the queue name")),
    ("AWS::SQS::Queue", Some("QueueUrl"), not_arn("the queue URL")),
    ("AWS::SSM::Parameter", None, not_arn("the parameter name")),
    (
        "AWS::SecretsManager::Secret",
        None,
        arn("arn:aws:secretsmanager:us-east-1:123456789012:secret:name-AbCdEf"),
    ),
    (
        "AWS::SecretsManager::Secret",
        Some("Id"),
        arn("arn:aws:secretsmanager:us-east-1:123456789012:secret:name-AbCdEf"),
    ),
    ("AWS::Serverless::Function", None, not_arn("the function name")),
    ("AWS::Serverless::Function", Some("Arn"), arn("arn:aws:lambda:us-east-1:123456789012:function:name")),
    (
        "AWS::StepFunctions::StateMachine",
        None,
        arn("arn:aws:states:us-east-1:123456789012:stateMachine:name"),
    ),
    (
        "AWS::StepFunctions::StateMachine",
        Some("Arn"),
        arn("arn:aws:states:us-east-1:123456789012:stateMachine:name"),
    ),
    ("AWS::StepFunctions::StateMachine", Some("Name"), not_arn("the state machine name")),
];

/// What `Ref` (`attribute` `None`) or `Fn::GetAtt` (`Some("Arn")`) of a resource of this
/// CloudFormation type returns, if formwork knows.
///
/// ```
/// use formwork_iam::{returns, Returns};
///
/// assert_eq!(returns("AWS::SQS::Queue", None), Some(Returns::NotArn { what: "the queue URL" }));
/// assert!(matches!(returns("AWS::SNS::Topic", None), Some(Returns::Arn { .. })));
/// ```
pub fn returns(cloudformation_type: &str, attribute: Option<&str>) -> Option<Returns> {
    RETURNS.iter().find(|(t, a, _)| *t == cloudformation_type && *a == attribute).map(|(_, _, r)| *r)
}

/// The CloudFormation types and attributes [`returns`] knows: (type, attribute or `None`
/// for `Ref`, what it returns).
pub fn known_returns() -> impl Iterator<Item = (&'static str, Option<&'static str>, Returns)> {
    RETURNS.iter().copied()
}

/// What one entry of a statement's `Resource` names.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResolvedResource {
    /// `"*"`: every resource.
    Everything,
    /// An ARN of one of these resource types (several when it could be any of them).
    Types(Vec<ResourceType>),
    /// A value that is not an ARN (`Ref` of a queue is its URL).
    NotArn {
        /// What it is, e.g. `the queue URL`.
        what: &'static str,
    },
    /// Not known before deployment (a parameter, an import, a resource type formwork does
    /// not know).
    Unknown,
}

/// What a `Resource` entry names. See [`ResourceTypes`] for how template resources are
/// known.
///
/// ```
/// use formwork_iam::{resolve_resource, ResolvedResource};
/// use formwork_template::Value;
///
/// let types = |id: &str| (id == "Orders").then_some("AWS::DynamoDB::Table");
/// let ResolvedResource::Types(t) = resolve_resource(&Value::get_att("Orders", "Arn"), &types) else {
///     panic!("a table ARN")
/// };
/// assert_eq!(t.iter().map(|t| t.name()).collect::<Vec<_>>(), ["table"]);
/// ```
pub fn resolve_resource(resource: &Value, types: &dyn ResourceTypes) -> ResolvedResource {
    match resource {
        Value::String(s) if s == "*" => ResolvedResource::Everything,
        Value::Fn(f) => match &**f {
            Intrinsic::Ref(id) => returned(types, id, None),
            Intrinsic::GetAtt { resource, attribute } => returned(types, resource, Some(attribute)),
            _ => of_pattern(pattern(resource, types)),
        },
        _ => of_pattern(pattern(resource, types)),
    }
}

fn returned(types: &dyn ResourceTypes, id: &str, attribute: Option<&str>) -> ResolvedResource {
    let Some(t) = types.cloudformation_type(id) else { return ResolvedResource::Unknown };
    match returns(t, attribute) {
        Some(Returns::Arn { example }) => of_pattern(Some(Pattern::literal(example))),
        Some(Returns::NotArn { what }) => ResolvedResource::NotArn { what },
        None => ResolvedResource::Unknown,
    }
}

fn of_pattern(p: Option<Pattern>) -> ResolvedResource {
    match p {
        Some(p) if p.is_arn() => match arn::resource_types(&p) {
            t if t.is_empty() => ResolvedResource::Unknown,
            t => ResolvedResource::Types(t),
        },
        _ => ResolvedResource::Unknown,
    }
}

/// Whether a `Resource` entry names one resource (or a deploy-time value that is one):
/// no written wildcard in the resource part of its ARN, and not `*`.
pub(crate) fn is_specific(resource: &Value, types: &dyn ResourceTypes) -> bool {
    match resource {
        Value::String(s) => s != "*" && !Pattern::literal(s).resource_has_wildcard(),
        Value::Fn(f) if matches!(&**f, Intrinsic::Ref(_) | Intrinsic::GetAtt { .. }) => true,
        _ => pattern(resource, types).is_some_and(|p| !p.resource_has_wildcard()),
    }
}

/// The ARN pattern a `Resource` entry stands for, as far as it can be known: written text
/// as is, deploy-time parts as variables, and an ARN attribute at the very start replaced
/// by an example ARN of the same type. `None` when it cannot be written as one string.
fn pattern(value: &Value, types: &dyn ResourceTypes) -> Option<Pattern> {
    let mut p = Pattern::default();
    push(&mut p, value, types)?;
    Some(p)
}

fn push(p: &mut Pattern, value: &Value, types: &dyn ResourceTypes) -> Option<()> {
    match value {
        Value::String(s) => p.push_str(s),
        Value::Int(n) => p.push_str(&n.to_string()),
        Value::Fn(f) => match &**f {
            Intrinsic::Ref(id) => push_reference(p, id, None, types),
            Intrinsic::GetAtt { resource, attribute } => push_reference(p, resource, Some(attribute), types),
            Intrinsic::Sub { template, variables } => {
                let mut rest = template.as_str();
                while let Some(start) = rest.find("${") {
                    p.push_str(&rest[..start]);
                    let after = &rest[start + 2..];
                    let end = after.find('}')?;
                    let name = after[..end].trim();
                    rest = &after[end + 1..];
                    if let Some(literal) = name.strip_prefix('!') {
                        p.push_str(&format!("${{{literal}}}"));
                    } else if let Some(v) = variables.as_ref().and_then(|vars| vars.get(name)) {
                        push(p, v, types)?;
                    } else {
                        match name.split_once('.') {
                            Some((id, attribute)) if Pseudo::from_name(name).is_none() => {
                                push_reference(p, id, Some(attribute), types)
                            }
                            _ => push_reference(p, name, None, types),
                        }
                    }
                }
                p.push_str(rest);
            }
            Intrinsic::Join { delimiter, values } => {
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        p.push_str(delimiter);
                    }
                    push(p, v, types)?;
                }
            }
            _ => p.push_var(),
        },
        _ => return None,
    }
    Some(())
}

/// `Ref` or `Fn::GetAtt` inside a string: an example ARN when it starts the string and
/// returns one, else a deploy-time part.
fn push_reference(p: &mut Pattern, id: &str, attribute: Option<&str>, types: &dyn ResourceTypes) {
    if p.is_empty() {
        let returned = types.cloudformation_type(id).and_then(|t| returns(t, attribute));
        if let Some(Returns::Arn { example }) = returned {
            p.push_str(example);
            return;
        }
    }
    p.push_var();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(id: &str) -> Option<&'static str> {
        match id {
            "Jobs" => Some("AWS::SQS::Queue"),
            "Orders" => Some("AWS::DynamoDB::Table"),
            "Uploads" => Some("AWS::S3::Bucket"),
            "Logs" => Some("AWS::Logs::LogGroup"),
            _ => None,
        }
    }

    fn names(v: &Value) -> Vec<String> {
        match resolve_resource(v, &types) {
            ResolvedResource::Types(t) => {
                let mut n: Vec<String> = t.iter().map(|t| t.to_string()).collect();
                n.sort();
                n.dedup();
                n
            }
            other => vec![format!("{other:?}")],
        }
    }

    #[test]
    fn every_example_arn_has_a_resource_type() {
        for (t, a, r) in known_returns() {
            if let Returns::Arn { example } = r {
                assert!(!arn::resource_types(&Pattern::literal(example)).is_empty(), "{t} {a:?} {example}");
            }
        }
    }

    #[test]
    fn attributes_subs_and_joins_resolve() {
        assert!(names(&Value::get_att("Jobs", "Arn")).contains(&"sqs queue".into()));
        assert_eq!(
            resolve_resource(&Value::ref_("Jobs"), &types),
            ResolvedResource::NotArn { what: "the queue URL" }
        );
        assert_eq!(names(&Value::get_att("Orders", "StreamArn")), ["dynamodb stream"]);
        let objects = Value::sub("${Uploads.Arn}/*");
        assert!(
            names(&objects).contains(&"s3 object".into()) && !names(&objects).contains(&"s3 bucket".into())
        );
        let joined = Value::join("", vec![Value::get_att("Uploads", "Arn"), "/*".into()]);
        assert_eq!(names(&joined), names(&objects));
        let index = Value::sub(
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Orders}/index/*",
        );
        assert_eq!(names(&index), ["dynamodb index"]);
        assert_eq!(resolve_resource(&Value::ref_("Param"), &types), ResolvedResource::Unknown);
        assert_eq!(resolve_resource(&Value::sub("${Param}"), &types), ResolvedResource::Unknown);
    }

    #[test]
    fn specific_means_no_written_wildcard() {
        assert!(is_specific(&Value::get_att("Jobs", "Arn"), &types));
        assert!(is_specific(
            &Value::sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Name}"),
            &types
        ));
        assert!(!is_specific(&Value::from("*"), &types));
        assert!(!is_specific(&Value::from("arn:aws:iam::123456789012:role/*"), &types));
        assert!(is_specific(&Value::from("arn:*:iam::123456789012:role/deployer"), &types));
    }
}

//! Resources the app uses but does not create: named by ARN or by name, added to a stack
//! like any construct, and handed out as the same handle types as the app's own, so that
//! grants, event sources, dead-letter queues, destinations, statements and environment
//! values take them. They write no CloudFormation resource; their values are the ARN as
//! given, or spelt from the name with the partition, region and account pseudo parameters.

use std::marker::PhantomData;

use formwork_template::Value;

use super::{AttributeKind, ConstructKind, Handle};
use super::{
    Bucket, Function, KmsKey, Layer, Parameter, Queue, Secret, Stream, Table, TableRef, Topic, TopicRef,
};
use super::{BucketRef, FunctionRef, KmsKeyRef, LayerRef, ParameterRef, QueueRef, SecretRef, StreamRef};
use super::{Construct, Stack};

/// How an existing resource is named.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reference {
    /// Its full ARN, written as given.
    Arn(String),
    /// Its name in the deploying account and region.
    Name(String),
}

/// An existing resource as a stack records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingResource {
    pub(crate) id: String,
    pub(crate) kind: ConstructKind,
    pub(crate) reference: Reference,
    pub(crate) stream_arn: Option<String>,
    pub(crate) kms_key: Option<KmsKeyRef>,
}

impl ExistingResource {
    /// Its id (the handle's).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What kind of resource it is.
    pub fn kind(&self) -> ConstructKind {
        self.kind
    }

    /// How it is named.
    pub fn reference(&self) -> &Reference {
        &self.reference
    }

    /// The ARN of its KMS key, when one was named.
    pub(crate) fn key(&self) -> Option<&KmsKeyRef> {
        self.kms_key.as_ref()
    }

    /// Its name: as given, or the last part of its ARN.
    fn name(&self) -> String {
        match &self.reference {
            Reference::Name(n) => n.clone(),
            Reference::Arn(arn) => name_in_arn(self.kind, arn),
        }
    }

    /// The value of one of its attributes, valid in any stack of the app.
    pub(crate) fn value(&self, attribute: AttributeKind) -> Value {
        let name = self.name();
        match attribute {
            AttributeKind::Name => Value::from(name),
            AttributeKind::Arn => match &self.reference {
                Reference::Arn(arn) => Value::from(arn.as_str()),
                Reference::Name(_) => Value::sub(arn_of_name(self.kind, &name)),
            },
            AttributeKind::Url => match (&self.reference, self.kind) {
                (Reference::Arn(arn), ConstructKind::Queue) => {
                    let parts: Vec<&str> = arn.splitn(6, ':').collect();
                    match parts.as_slice() {
                        [_, _, _, region, account, name] => {
                            Value::sub(format!("https://sqs.{region}.${{AWS::URLSuffix}}/{account}/{name}"))
                        }
                        _ => Value::from(arn.as_str()),
                    }
                }
                (Reference::Name(_), ConstructKind::Queue) => Value::sub(format!(
                    "https://sqs.${{AWS::Region}}.${{AWS::URLSuffix}}/${{AWS::AccountId}}/{name}"
                )),
                _ => Value::from(name),
            },
            // Only raw resources' handles ask for these, and they never name an existing
            // resource; its name is the closest meaning.
            AttributeKind::Ref | AttributeKind::GetAtt(_) => Value::from(name),
        }
    }

    /// The ARN of a table's stream, when it was given.
    pub(crate) fn stream_arn(&self) -> Option<Value> {
        self.stream_arn.as_deref().map(Value::from)
    }

    /// The ARN an IAM policy names it by: a secret given by name ends in `-??????`,
    /// the six characters Secrets Manager appends to its ARN.
    pub(crate) fn policy_arn(&self) -> Value {
        match (&self.reference, self.kind) {
            (Reference::Name(name), ConstructKind::Secret) => {
                Value::sub(format!("{}-??????", arn_of_name(self.kind, name)))
            }
            _ => self.value(AttributeKind::Arn),
        }
    }
}

/// The ARN of a resource of this kind and name in the deploying account and region,
/// as an `Fn::Sub` template.
fn arn_of_name(kind: ConstructKind, name: &str) -> String {
    let regional = |service: &str, resource: String| {
        format!("arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:{resource}")
    };
    match kind {
        ConstructKind::Queue => regional("sqs", name.to_string()),
        ConstructKind::Topic => regional("sns", name.to_string()),
        ConstructKind::Table => regional("dynamodb", format!("table/{name}")),
        ConstructKind::Bucket => format!("arn:${{AWS::Partition}}:s3:::{name}"),
        ConstructKind::Stream => regional("kinesis", format!("stream/{name}")),
        ConstructKind::Function => regional("lambda", format!("function:{name}")),
        ConstructKind::Secret => regional("secretsmanager", format!("secret:{name}")),
        ConstructKind::Parameter => regional("ssm", format!("parameter/{}", name.trim_start_matches('/'))),
        ConstructKind::Key => regional("kms", format!("key/{name}")),
        _ => name.to_string(),
    }
}

/// The name inside an ARN: what follows the resource type.
fn name_in_arn(kind: ConstructKind, arn: &str) -> String {
    let resource = arn.splitn(6, ':').nth(5).unwrap_or(arn);
    let name = match kind {
        ConstructKind::Table | ConstructKind::Stream | ConstructKind::Key => {
            resource.split_once('/').map_or(resource, |(_, n)| n)
        }
        ConstructKind::Parameter => {
            return resource.strip_prefix("parameter").unwrap_or(resource).to_string()
        }
        ConstructKind::Function | ConstructKind::Secret => {
            resource.split_once(':').map_or(resource, |(_, n)| n)
        }
        _ => resource,
    };
    name.to_string()
}

/// A resource the app does not create, as a construct: add it to a stack to get a handle
/// of the same type as the app's own (`Queue::existing` gives a [`QueueRef`]).
///
/// ```
/// use formwork::prelude::*;
///
/// let mut app = App::new("reports");
/// let stack = app.stack("reports");
/// let orders = stack.add(Table::from_name("Orders"));
/// let jobs = stack.add(Queue::existing("Jobs", "arn:aws:sqs:eu-west-1:123456789012:jobs"));
/// stack.add(
///     Function::new("Report", Runtime::Python313, "app.handler", Code::inline("def handler(e, c): pass"))
///         .grant(orders.read_data())
///         .event_source(SqsSource::new(&jobs)),
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing<H> {
    resource: ExistingResource,
    handle: PhantomData<fn() -> H>,
}

impl<H> Existing<H> {
    fn new(id: String, kind: ConstructKind, reference: Reference) -> Existing<H> {
        Existing {
            resource: ExistingResource { id, kind, reference, stream_arn: None, kms_key: None },
            handle: PhantomData,
        }
    }

    fn by_name(kind: ConstructKind, name: String) -> Existing<H> {
        let id: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
        Existing::new(id, kind, Reference::Name(name))
    }
}

impl Existing<TableRef> {
    /// The ARN of the table's stream (`arn:…:table/Orders/stream/<label>`), so that a
    /// [`StreamSource::dynamodb`](super::StreamSource::dynamodb) can read it. Default:
    /// none (reading the stream is reported).
    #[must_use]
    pub fn stream_arn(mut self, arn: impl Into<String>) -> Existing<TableRef> {
        self.resource.stream_arn = Some(arn.into());
        self
    }
}

impl Existing<SecretRef> {
    /// The KMS key the secret is encrypted with, so that `read()` grants `kms:Decrypt`
    /// on it. Default: the AWS managed key `aws/secretsmanager` (no grant needed).
    #[must_use]
    pub fn kms_key(mut self, key: &KmsKeyRef) -> Existing<SecretRef> {
        self.resource.kms_key = Some(key.clone());
        self
    }
}

impl Existing<ParameterRef> {
    /// The KMS key of a `SecureString` parameter, so that `read()` grants `kms:Decrypt`
    /// on it. Default: none (a `String` parameter, or the AWS managed key `aws/ssm`).
    #[must_use]
    pub fn kms_key(mut self, key: &KmsKeyRef) -> Existing<ParameterRef> {
        self.resource.kms_key = Some(key.clone());
        self
    }
}

macro_rules! existing {
    ($construct:ident, $handle:ident, $kind:ident, $what:literal, $arn:literal) => {
        impl $construct {
            #[doc = concat!("An existing ", $what, " this app does not create, by its ARN (`", $arn, "`).")]
            /// `id` names it in paths and messages; no resource is written for it.
            pub fn existing(id: impl Into<String>, arn: impl Into<String>) -> Existing<$handle> {
                Existing::new(id.into(), ConstructKind::$kind, Reference::Arn(arn.into()))
            }
        }

        impl Construct for Existing<$handle> {
            type Handle = $handle;
            fn add_to(self, stack: &mut Stack) -> $handle {
                let handle = Handle {
                    kind: ConstructKind::$kind,
                    stack: stack.name.clone(),
                    id: self.resource.id.clone(),
                };
                stack.extra.existing.push(self.resource);
                $handle(handle)
            }
        }
    };
}

macro_rules! from_name {
    ($construct:ident, $handle:ident, $kind:ident, $what:literal) => {
        impl $construct {
            #[doc = concat!("An existing ", $what, " of the deploying account and region, by its name; its ARN is spelt")]
            /// with the partition, region and account pseudo parameters, so one template
            /// works everywhere. Its id is the name's ASCII letters and digits.
            pub fn from_name(name: impl Into<String>) -> Existing<$handle> {
                Existing::by_name(ConstructKind::$kind, name.into())
            }
        }
    };
}

existing!(Queue, QueueRef, Queue, "queue", "arn:aws:sqs:<region>:<account>:<name>");
existing!(Topic, TopicRef, Topic, "topic", "arn:aws:sns:<region>:<account>:<name>");
existing!(Table, TableRef, Table, "table", "arn:aws:dynamodb:<region>:<account>:table/<name>");
existing!(Bucket, BucketRef, Bucket, "bucket", "arn:aws:s3:::<name>");
existing!(Stream, StreamRef, Stream, "Kinesis stream", "arn:aws:kinesis:<region>:<account>:stream/<name>");
existing!(Function, FunctionRef, Function, "function", "arn:aws:lambda:<region>:<account>:function:<name>");
existing!(
    Layer,
    LayerRef,
    Layer,
    "layer version",
    "arn:aws:lambda:<region>:<account>:layer:<name>:<version>"
);
existing!(
    Secret,
    SecretRef,
    Secret,
    "secret",
    "arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>"
);
existing!(
    Parameter,
    ParameterRef,
    Parameter,
    "SSM parameter",
    "arn:aws:ssm:<region>:<account>:parameter/<name>"
);
existing!(KmsKey, KmsKeyRef, Key, "KMS key", "arn:aws:kms:<region>:<account>:key/<key id>");
from_name!(Queue, QueueRef, Queue, "queue");
from_name!(Topic, TopicRef, Topic, "topic");
from_name!(Table, TableRef, Table, "table");
from_name!(Bucket, BucketRef, Bucket, "bucket");
from_name!(Stream, StreamRef, Stream, "Kinesis stream");
from_name!(Function, FunctionRef, Function, "function");
from_name!(Secret, SecretRef, Secret, "secret");
from_name!(Parameter, ParameterRef, Parameter, "SSM parameter");

#[cfg(test)]
mod tests {
    use super::*;

    fn existing(kind: ConstructKind, reference: Reference) -> ExistingResource {
        ExistingResource { id: "X".into(), kind, reference, stream_arn: None, kms_key: None }
    }

    #[test]
    fn names_come_out_of_arns() {
        let table = existing(
            ConstructKind::Table,
            Reference::Arn("arn:aws:dynamodb:eu-west-1:1:table/Orders".into()),
        );
        assert_eq!(table.value(AttributeKind::Name), Value::from("Orders"));
        let f = existing(
            ConstructKind::Function,
            Reference::Arn("arn:aws:lambda:eu-west-1:1:function:Resize".into()),
        );
        assert_eq!(f.value(AttributeKind::Name), Value::from("Resize"));
        let p = existing(
            ConstructKind::Parameter,
            Reference::Arn("arn:aws:ssm:eu-west-1:1:parameter/app/db".into()),
        );
        assert_eq!(p.value(AttributeKind::Name), Value::from("/app/db"));
        let q = existing(ConstructKind::Queue, Reference::Arn("arn:aws:sqs:eu-west-1:1:jobs".into()));
        assert_eq!(q.value(AttributeKind::Url), Value::sub("https://sqs.eu-west-1.${AWS::URLSuffix}/1/jobs"));
    }

    #[test]
    fn names_spell_arns_with_pseudo_parameters() {
        let p = existing(ConstructKind::Parameter, Reference::Name("/app/db".into()));
        assert_eq!(
            p.value(AttributeKind::Arn),
            Value::sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/app/db")
        );
        let s = existing(ConstructKind::Secret, Reference::Name("db".into()));
        assert_eq!(
            s.policy_arn(),
            Value::sub(
                "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:db-??????"
            )
        );
        let b = existing(ConstructKind::Bucket, Reference::Name("assets".into()));
        assert_eq!(b.value(AttributeKind::Arn), Value::sub("arn:${AWS::Partition}:s3:::assets"));
    }
}

//! The constructs users write: functions, queues, topics, tables, buckets, streams,
//! layers and APIs, the event sources that invoke functions, and grants. Builders are
//! infallible: setters record, and validation finds every problem later in one pass.
//! References between constructs are typed handles.

mod api;
mod bucket;
mod events;
mod existing;
mod extra;
mod function;
mod grant;
mod invoke;
mod layer;
mod pollers;
mod queue;
mod raw;
mod secrets;
mod settings;
mod stack;
mod statement;
mod storage;

pub use api::{HttpApi, RestApi};
pub use bucket::{Bucket, BucketEncryption, Stream, StreamMode};
pub use events::{
    ApiRoute, ApiTarget, EventRule, EventSource, Method, RuleTrigger, S3Source, Schedule, SnsSource,
    SqsSource, StartingPosition, StreamOrigin, StreamSource,
};
pub use existing::{Existing, ExistingResource, Reference};
pub use extra::ExtraConstructs;
pub use function::{
    Code, DeadLetterTarget, EnvValue, Function, FunctionLayer, RustCode, DEFAULT_ALIAS, DEFAULT_MEMORY,
    DEFAULT_TIMEOUT, RUST_HANDLER,
};
pub use grant::{Grant, GrantIntent};
pub use invoke::{
    Destination, FailedBatchTarget, FunctionUrl, InvokeMode, InvokePermission, Principal, Text, UrlAuth,
};
pub use layer::{Layer, LayerContent};
pub use queue::{Queue, QueueEncryption, Topic};
pub use raw::{Override, RawResource, ResourceRef};
pub use secrets::{KmsKey, Parameter, Secret};
pub use settings::{Architecture, LogFormat, LogLevel, LogRetention, SystemLogLevel, Tracing, Vpc};
pub use stack::{Construct, Stack};
pub use statement::{Arn, PolicyResource, Statement};
pub use storage::{AttributeType, Key, StreamView, Table};

/// What to do with a stateful resource's data when the stack stops managing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RemovalPolicy {
    /// Keep the resource and its data (`DeletionPolicy: Retain` and
    /// `UpdateReplacePolicy: Retain`). The default for queues and tables.
    #[default]
    Retain,
    /// Delete it with the stack.
    Delete,
}

/// The kinds of resource a handle can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourceKind {
    /// An SQS queue.
    Queue,
    /// An SNS topic.
    Topic,
    /// A DynamoDB table.
    Table,
    /// A Lambda function.
    Function,
}

impl ResourceKind {
    /// The word used in paths and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Queue => "queue",
            ResourceKind::Topic => "topic",
            ResourceKind::Table => "table",
            ResourceKind::Function => "function",
        }
    }
}

/// Every kind of construct a handle can point at: the four of [`ResourceKind`] and the
/// buckets, streams, layers, APIs, secrets, parameters and keys added since.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConstructKind {
    /// An SQS queue.
    Queue,
    /// An SNS topic.
    Topic,
    /// A DynamoDB table.
    Table,
    /// A Lambda function.
    Function,
    /// An S3 bucket.
    Bucket,
    /// A Kinesis data stream.
    Stream,
    /// A Lambda layer.
    Layer,
    /// An API Gateway REST API.
    RestApi,
    /// An API Gateway HTTP API.
    HttpApi,
    /// A Secrets Manager secret.
    Secret,
    /// An SSM parameter.
    Parameter,
    /// A KMS key.
    Key,
    /// A raw CloudFormation resource ([`RawResource`]).
    Resource,
}

impl ConstructKind {
    /// The word used in paths and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            ConstructKind::Queue => "queue",
            ConstructKind::Topic => "topic",
            ConstructKind::Table => "table",
            ConstructKind::Function => "function",
            ConstructKind::Bucket => "bucket",
            ConstructKind::Stream => "stream",
            ConstructKind::Layer => "layer",
            ConstructKind::RestApi => "rest_api",
            ConstructKind::HttpApi => "http_api",
            ConstructKind::Secret => "secret",
            ConstructKind::Parameter => "parameter",
            ConstructKind::Key => "kms_key",
            ConstructKind::Resource => "resource",
        }
    }
}

impl From<ResourceKind> for ConstructKind {
    fn from(kind: ResourceKind) -> ConstructKind {
        match kind {
            ResourceKind::Queue => ConstructKind::Queue,
            ResourceKind::Topic => ConstructKind::Topic,
            ResourceKind::Table => ConstructKind::Table,
            ResourceKind::Function => ConstructKind::Function,
        }
    }
}

/// Where a construct lives: its stack and its id (which is its logical id).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Handle {
    pub(crate) kind: ConstructKind,
    pub(crate) stack: String,
    pub(crate) id: String,
}

impl Handle {
    /// The construct's id, which is also its logical id in the template.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The stack it was added to.
    pub fn stack(&self) -> &str {
        &self.stack
    }

    /// What kind of construct it is.
    pub fn kind(&self) -> ConstructKind {
        self.kind
    }
}

/// A value of a construct that a function can be given, e.g. in an environment variable.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Attribute {
    pub(crate) target: Handle,
    pub(crate) kind: AttributeKind,
}

/// Which value of a construct an [`Attribute`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttributeKind {
    /// Its name (`Ref` of a table or function; `QueueName` of a queue; `TopicName`).
    Name,
    /// Its ARN.
    Arn,
    /// A queue's URL (`Ref` of a queue).
    Url,
    /// What `Ref` returns (raw resources, [`ResourceRef::ref_`]).
    Ref,
    /// One `Fn::GetAtt` attribute (raw resources, [`ResourceRef::get_att`]).
    GetAtt(&'static str),
}

macro_rules! handle_type {
    ($(#[$doc:meta])* $name:ident, $kind:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(pub(crate) Handle);

        impl $name {
            /// The underlying handle.
            pub fn handle(&self) -> &Handle {
                &self.0
            }

            /// Its ARN, e.g. for an environment variable.
            pub fn arn(&self) -> Attribute {
                Attribute { target: self.0.clone(), kind: AttributeKind::Arn }
            }

            /// Its name, e.g. for an environment variable.
            pub fn name(&self) -> Attribute {
                Attribute { target: self.0.clone(), kind: AttributeKind::Name }
            }
        }
    };
}

handle_type!(
    /// A queue added to a stack.
    QueueRef,
    Queue
);
handle_type!(
    /// A topic added to a stack.
    TopicRef,
    Topic
);
handle_type!(
    /// A table added to a stack.
    TableRef,
    Table
);
handle_type!(
    /// A function added to a stack.
    FunctionRef,
    Function
);
handle_type!(
    /// A bucket added to a stack.
    BucketRef,
    Bucket
);
handle_type!(
    /// A Kinesis stream added to a stack.
    StreamRef,
    Stream
);
handle_type!(
    /// A layer added to a stack. Its ARN is the published version's.
    LayerRef,
    Layer
);
handle_type!(
    /// A REST API added to a stack. Its name is its id (`Ref`).
    RestApiRef,
    RestApi
);
handle_type!(
    /// An HTTP API added to a stack. Its name is its id (`Ref`).
    HttpApiRef,
    HttpApi
);

handle_type!(
    /// A Secrets Manager secret added to a stack (new or existing). Its ARN is what
    /// `GetSecretValue` takes as `SecretId`: a new secret's full ARN (`Ref`; its
    /// `name()` is that ARN too, as the secret has no fixed name), an existing one's as
    /// given, or for one named by `Secret::from_name`, the partial ARN without the six
    /// characters Secrets Manager appends (which `GetSecretValue` also accepts; grants
    /// name it with `-??????`).
    SecretRef,
    Secret
);
handle_type!(
    /// An SSM parameter added to a stack (new or existing). Its name is what
    /// `GetParameter` takes.
    ParameterRef,
    Parameter
);
handle_type!(
    /// A KMS key added to a stack (new or existing).
    KmsKeyRef,
    Key
);

impl RestApiRef {
    /// The URL of its stage, `https://<id>.execute-api.<region>.amazonaws.com/<stage>`.
    pub fn url(&self) -> Attribute {
        Attribute { target: self.0.clone(), kind: AttributeKind::Url }
    }
}

impl HttpApiRef {
    /// Its endpoint URL (`ApiEndpoint`).
    pub fn url(&self) -> Attribute {
        Attribute { target: self.0.clone(), kind: AttributeKind::Url }
    }
}

impl QueueRef {
    /// Its URL, which the SQS API calls take.
    pub fn url(&self) -> Attribute {
        Attribute { target: self.0.clone(), kind: AttributeKind::Url }
    }
}

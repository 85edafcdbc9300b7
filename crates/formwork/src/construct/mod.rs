//! The constructs users write: functions, queues, topics, tables, their event sources and
//! grants. Builders are infallible: setters record, and validation finds every problem
//! later in one pass. References between constructs are typed handles.

mod function;
mod grant;
mod queue;
mod storage;

pub use function::{
    Architecture, Code, DeadLetterTarget, EnvValue, Function, LogRetention, SqsSource, Tracing,
    DEFAULT_MEMORY, DEFAULT_TIMEOUT,
};
pub use grant::{Grant, GrantIntent};
pub use queue::{Queue, QueueEncryption, Topic};
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

/// Where a construct lives: its stack and its id (which is its logical id).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Handle {
    pub(crate) kind: ResourceKind,
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

    /// What kind of resource it is.
    pub fn kind(&self) -> ResourceKind {
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

impl QueueRef {
    /// Its URL, which the SQS API calls take.
    pub fn url(&self) -> Attribute {
        Attribute { target: self.0.clone(), kind: AttributeKind::Url }
    }
}

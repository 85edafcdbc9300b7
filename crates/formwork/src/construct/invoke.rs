//! How a function is invoked beyond its event sources: asynchronous invocation settings
//! and destinations, function URLs and resource-based permissions.

use super::{Attribute, BucketRef, FunctionRef, QueueRef, TopicRef};
use crate::units::Duration;

/// Where the record of an asynchronous invocation goes (`DestinationConfig`): each
/// target adds exactly the one scoped statement it needs to the function's role.
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let failed = stack.add(Queue::new("Failed"));
/// stack.add(function("Ingest").on_success(Destination::default_event_bus()).on_failure(&failed));
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("events:PutEvents"), "{template}");
/// assert!(template.contains(":event-bus/default"), "{template}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// A standard SQS queue (`sqs:SendMessage`).
    Queue(QueueRef),
    /// A standard SNS topic (`sns:Publish`).
    Topic(TopicRef),
    /// Another function (`lambda:InvokeFunction`).
    Function(FunctionRef),
    /// An EventBridge event bus, by ARN (`events:PutEvents`).
    EventBus(String),
    /// The account's default EventBridge bus in the stack's region (`events:PutEvents`).
    DefaultEventBus,
    /// An S3 bucket, on failure only (`s3:PutObject` on its objects, `s3:ListBucket`).
    Bucket(BucketRef),
}

impl Destination {
    /// The handle it names, when it names a construct.
    pub(crate) fn handle(&self) -> Option<&super::Handle> {
        match self {
            Destination::Queue(q) => Some(&q.0),
            Destination::Topic(t) => Some(&t.0),
            Destination::Function(f) => Some(&f.0),
            Destination::Bucket(b) => Some(&b.0),
            Destination::EventBus(_) | Destination::DefaultEventBus => None,
        }
    }

    /// An event bus given by its ARN.
    pub fn event_bus(arn: impl Into<String>) -> Destination {
        Destination::EventBus(arn.into())
    }

    /// The account's default event bus.
    pub fn default_event_bus() -> Destination {
        Destination::DefaultEventBus
    }
}

impl From<&QueueRef> for Destination {
    fn from(q: &QueueRef) -> Destination {
        Destination::Queue(q.clone())
    }
}

impl From<&TopicRef> for Destination {
    fn from(t: &TopicRef) -> Destination {
        Destination::Topic(t.clone())
    }
}

impl From<&FunctionRef> for Destination {
    fn from(f: &FunctionRef) -> Destination {
        Destination::Function(f.clone())
    }
}

impl From<&BucketRef> for Destination {
    fn from(b: &BucketRef) -> Destination {
        Destination::Bucket(b.clone())
    }
}

/// Where a stream source sends the record of a batch it discards: a queue, a topic or
/// a bucket (`DestinationConfig.OnFailure`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailedBatchTarget {
    /// A standard SQS queue (`sqs:SendMessage`).
    Queue(QueueRef),
    /// A standard SNS topic (`sns:Publish`).
    Topic(TopicRef),
    /// An S3 bucket (`s3:PutObject` on its objects, `s3:ListBucket`).
    Bucket(BucketRef),
}

impl From<&QueueRef> for FailedBatchTarget {
    fn from(q: &QueueRef) -> FailedBatchTarget {
        FailedBatchTarget::Queue(q.clone())
    }
}

impl From<&TopicRef> for FailedBatchTarget {
    fn from(t: &TopicRef) -> FailedBatchTarget {
        FailedBatchTarget::Topic(t.clone())
    }
}

impl From<&BucketRef> for FailedBatchTarget {
    fn from(b: &BucketRef) -> FailedBatchTarget {
        FailedBatchTarget::Bucket(b.clone())
    }
}

impl From<FailedBatchTarget> for Destination {
    fn from(t: FailedBatchTarget) -> Destination {
        match t {
            FailedBatchTarget::Queue(q) => Destination::Queue(q),
            FailedBatchTarget::Topic(t) => Destination::Topic(t),
            FailedBatchTarget::Bucket(b) => Destination::Bucket(b),
        }
    }
}

/// Asynchronous invocation settings (`AWS::Lambda::EventInvokeConfig`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct AsyncInvoke {
    pub(crate) retry_attempts: Option<u32>,
    pub(crate) max_event_age: Option<Duration>,
    pub(crate) on_success: Option<Destination>,
    pub(crate) on_failure: Option<Destination>,
}

impl AsyncInvoke {
    pub(crate) fn is_set(&self) -> bool {
        *self != AsyncInvoke::default()
    }
}

/// Who may call a function URL (`AuthType`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlAuth {
    /// Callers sign requests with SigV4 and need `lambda:InvokeFunctionUrl` (`AWS_IAM`).
    Iam,
    /// Anyone on the internet (`NONE`), with the reason it is meant to be public.
    Public {
        /// Why the URL is public; kept in the template's metadata.
        reason: String,
    },
}

/// Whether a function URL buffers or streams responses (`InvokeMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InvokeMode {
    /// The whole response at once, up to 6 MB (`BUFFERED`), the default. Not written.
    #[default]
    Buffered,
    /// Streamed as it is written (`RESPONSE_STREAM`).
    ResponseStream,
}

/// A dedicated HTTPS endpoint for the function (`AWS::Lambda::Url`); invocations are
/// synchronous.
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// stack.add(function("Webhook").url(FunctionUrl::iam()));
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("Type: AWS::Lambda::Url"), "{template}");
/// assert!(template.contains("AuthType: AWS_IAM"), "{template}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionUrl {
    pub(crate) auth: UrlAuth,
    pub(crate) invoke_mode: InvokeMode,
}

impl FunctionUrl {
    /// A URL that only signed (IAM) requests may call (`AuthType: AWS_IAM`).
    pub fn iam() -> FunctionUrl {
        FunctionUrl { auth: UrlAuth::Iam, invoke_mode: InvokeMode::default() }
    }

    /// A URL anyone may call (`AuthType: NONE`), adding the public permissions it needs.
    /// The reason is required and kept in the function's metadata; validation still
    /// warns (`FW122`) so the choice stays visible.
    pub fn public(reason: impl Into<String>) -> FunctionUrl {
        FunctionUrl { auth: UrlAuth::Public { reason: reason.into() }, invoke_mode: InvokeMode::default() }
    }

    /// How responses are returned. Default: [`InvokeMode::Buffered`].
    #[must_use]
    pub fn invoke_mode(mut self, mode: InvokeMode) -> FunctionUrl {
        self.invoke_mode = mode;
        self
    }
}

/// A literal string or a value of another construct (its ARN, say), resolved at deploy
/// time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// Literal text.
    Literal(String),
    /// A construct's name, ARN or URL.
    Attribute(Attribute),
    /// The id of the account the stack is deployed to (`AWS::AccountId`).
    ThisAccount,
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::Literal(s.to_string())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::Literal(s)
    }
}

impl From<Attribute> for Text {
    fn from(a: Attribute) -> Text {
        Text::Attribute(a)
    }
}

/// Who a resource-based permission lets invoke the function (`Principal`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// An AWS service, e.g. `events.amazonaws.com`: must be limited by a source ARN.
    Service(String),
    /// An AWS account id, e.g. `123456789012`.
    Account(String),
    /// An IAM role or user ARN.
    Arn(String),
}

/// A statement of the function's resource-based policy (`AWS::Lambda::Permission`,
/// action `lambda:InvokeFunction`).
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let permission = InvokePermission::service("FromSes", "ses.amazonaws.com")
///     .source_arn("arn:aws:ses:eu-west-1:123456789012:receipt-rule-set/inbound:receipt-rule/store")
///     .from_this_account();
/// let failed = stack.add(Queue::new("Failed"));
/// stack.add(function("Inbound").allow_invoke(permission).dead_letter_queue(&failed));
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("Principal: ses.amazonaws.com"), "{template}");
/// assert!(template.contains("SourceAccount: !Ref AWS::AccountId"), "{template}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvokePermission {
    pub(crate) id: String,
    pub(crate) principal: Principal,
    pub(crate) source_arn: Option<Text>,
    pub(crate) source_account: Option<Text>,
}

impl InvokePermission {
    /// Lets an AWS service invoke the function; give it a [`InvokePermission::source_arn`]
    /// (validation requires one, `FW124`). `id` names the permission within the
    /// function: its logical id is the function's id, `id` and `Permission`.
    pub fn service(id: impl Into<String>, service: impl Into<String>) -> InvokePermission {
        InvokePermission::new(id.into(), Principal::Service(service.into()))
    }

    /// Lets another AWS account invoke the function.
    pub fn account(id: impl Into<String>, account_id: impl Into<String>) -> InvokePermission {
        InvokePermission::new(id.into(), Principal::Account(account_id.into()))
    }

    /// Lets an IAM role or user (by ARN) invoke the function.
    pub fn arn(id: impl Into<String>, arn: impl Into<String>) -> InvokePermission {
        InvokePermission::new(id.into(), Principal::Arn(arn.into()))
    }

    fn new(id: String, principal: Principal) -> InvokePermission {
        InvokePermission { id, principal, source_arn: None, source_account: None }
    }

    /// Only requests on behalf of this resource (`SourceArn`), e.g. a topic's
    /// `arn()`. Default: none.
    #[must_use]
    pub fn source_arn(mut self, arn: impl Into<Text>) -> InvokePermission {
        self.source_arn = Some(arn.into());
        self
    }

    /// Only requests from resources of this account (`SourceAccount`); needed with
    /// ARNs that carry no account, such as S3 buckets'. Default: none.
    #[must_use]
    pub fn source_account(mut self, account_id: impl Into<Text>) -> InvokePermission {
        self.source_account = Some(account_id.into());
        self
    }

    /// Only requests from resources of the account the stack is deployed to
    /// (`SourceAccount: !Ref AWS::AccountId`). Default: none.
    #[must_use]
    pub fn from_this_account(self) -> InvokePermission {
        self.source_account(Text::ThisAccount)
    }
}

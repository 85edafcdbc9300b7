//! Queues and topics.

use super::{QueueRef, RemovalPolicy};
use crate::units::Duration;

/// How a queue's messages are encrypted at rest.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum QueueEncryption {
    /// SSE-SQS, keys managed by SQS (`SqsManagedSseEnabled: true`). The default.
    #[default]
    SqsManaged,
    /// A KMS key (`KmsMasterKeyId`), e.g. `alias/aws/sqs` or a key ARN.
    Kms(String),
}

/// An SQS queue (`AWS::SQS::Queue`), standard or FIFO.
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let failed = stack.add(Queue::new("Failed").retention(Duration::days(14)));
/// let jobs = stack.add(Queue::new("Jobs").visibility_timeout(Duration::secs(60)).dead_letter_queue(&failed, 5));
/// stack.add(function("Worker").timeout(Duration::secs(10)).event_source(SqsSource::new(&jobs)));
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("Type: AWS::SQS::Queue"), "{template}");
/// assert!(template.contains("VisibilityTimeout: 60"), "{template}");
/// assert!(template.contains("maxReceiveCount: 5"), "{template}");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Queue {
    pub(crate) id: String,
    pub(crate) fifo: bool,
    pub(crate) content_based_deduplication: bool,
    pub(crate) visibility_timeout: Option<Duration>,
    pub(crate) retention: Option<Duration>,
    pub(crate) delay: Option<Duration>,
    pub(crate) dead_letter_queue: Option<(QueueRef, u32)>,
    pub(crate) encryption: QueueEncryption,
    pub(crate) removal_policy: RemovalPolicy,
}

impl Queue {
    /// A standard queue. `id` is its logical id.
    pub fn new(id: impl Into<String>) -> Queue {
        Queue {
            id: id.into(),
            fifo: false,
            content_based_deduplication: false,
            visibility_timeout: None,
            retention: None,
            delay: None,
            dead_letter_queue: None,
            encryption: QueueEncryption::default(),
            removal_policy: RemovalPolicy::default(),
        }
    }

    /// Makes it a FIFO queue (`FifoQueue: true`). Default: standard.
    #[must_use]
    pub fn fifo(mut self) -> Queue {
        self.fifo = true;
        self
    }

    /// Deduplicates FIFO messages by content (`ContentBasedDeduplication: true`).
    /// Default: off.
    #[must_use]
    pub fn content_based_deduplication(mut self) -> Queue {
        self.content_based_deduplication = true;
        self
    }

    /// How long a received message stays hidden (`VisibilityTimeout`), 0 s to 12 h.
    /// Default: 30 s (set by SQS; not written).
    #[must_use]
    pub fn visibility_timeout(mut self, timeout: Duration) -> Queue {
        self.visibility_timeout = Some(timeout);
        self
    }

    /// How long messages are kept (`MessageRetentionPeriod`), 60 s to 14 days.
    /// Default: 4 days (set by SQS; not written).
    #[must_use]
    pub fn retention(mut self, retention: Duration) -> Queue {
        self.retention = Some(retention);
        self
    }

    /// Delays every message (`DelaySeconds`), 0 to 900 s. Default: 0.
    #[must_use]
    pub fn delay(mut self, delay: Duration) -> Queue {
        self.delay = Some(delay);
        self
    }

    /// Moves a message to `dlq` after it was received `max_receive_count` times
    /// (`RedrivePolicy`). Default: none.
    #[must_use]
    pub fn dead_letter_queue(mut self, dlq: &QueueRef, max_receive_count: u32) -> Queue {
        self.dead_letter_queue = Some((dlq.clone(), max_receive_count));
        self
    }

    /// Encryption at rest. Default: [`QueueEncryption::SqsManaged`].
    #[must_use]
    pub fn encryption(mut self, encryption: QueueEncryption) -> Queue {
        self.encryption = encryption;
        self
    }

    /// What happens to the queue and its messages when the stack stops managing it.
    /// Default: [`RemovalPolicy::Retain`].
    #[must_use]
    pub fn removal_policy(mut self, policy: RemovalPolicy) -> Queue {
        self.removal_policy = policy;
        self
    }
}

/// An SNS topic (`AWS::SNS::Topic`).
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let events = stack.add(Topic::new("OrderEvents"));
/// stack.add(function("Announcer").env("TOPIC_ARN", events.arn()).grant(events.publish()));
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("Type: AWS::SNS::Topic"), "{template}");
/// assert!(template.contains("sns:Publish"), "{template}");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    pub(crate) id: String,
    pub(crate) kms_key: String,
}

impl Topic {
    /// A topic encrypted with the AWS managed key `alias/aws/sns`. `id` is its logical id.
    pub fn new(id: impl Into<String>) -> Topic {
        Topic { id: id.into(), kms_key: "alias/aws/sns".into() }
    }

    /// The KMS key that encrypts messages at rest (`KmsMasterKeyId`). Default:
    /// `alias/aws/sns`. SNS topics are not encrypted at all unless a key is set.
    #[must_use]
    pub fn kms_key(mut self, key: impl Into<String>) -> Topic {
        self.kms_key = key.into();
        self
    }
}

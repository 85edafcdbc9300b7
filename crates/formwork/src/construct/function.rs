//! Lambda functions, their code, environment, dead-letter queue and SQS event sources.

use std::path::PathBuf;

use indexmap::IndexMap;

use super::{Attribute, Grant, QueueRef, TopicRef};
use crate::runtime::Runtime;
use crate::units::{Duration, Megabytes};

/// Where a function's code comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    /// A local directory, packaged as a deterministic zip named by its SHA-256. A
    /// relative path is resolved against the app's root (see `App::root`).
    Dir(PathBuf),
    /// Source text of a single-file Python or Node.js handler, written into the template
    /// (`Code.ZipFile`; SAM `InlineCode`), at most 4,096 characters.
    Inline(String),
}

impl Code {
    /// Code from a local directory.
    pub fn dir(path: impl Into<PathBuf>) -> Code {
        Code::Dir(path.into())
    }

    /// Inline source of a small Python or Node.js handler; Lambda stores it as
    /// `index.py` or `index.js`, so the handler is `index.<function>`.
    pub fn inline(source: impl Into<String>) -> Code {
        Code::Inline(source.into())
    }
}

/// The instruction set a function runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Architecture {
    /// `x86_64`, the default.
    #[default]
    X86_64,
    /// `arm64` (Graviton): about 20% cheaper per GB-second.
    Arm64,
}

impl Architecture {
    /// The name Lambda uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }
}

/// AWS X-Ray tracing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tracing {
    /// Trace requests that arrive sampled (`PassThrough`), the default. Not written.
    #[default]
    PassThrough,
    /// Sample and trace requests (`Active`). Adds `xray:PutTraceSegments` and
    /// `xray:PutTelemetryRecords`, which cannot be scoped to a resource.
    Active,
}

/// How long a function's log events are kept (`RetentionInDays` of its log group).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum LogRetention {
    /// 1 day
    OneDay,
    /// 1 week
    OneWeek,
    /// 2 weeks
    TwoWeeks,
    /// 30 days, the default.
    #[default]
    OneMonth,
    /// 90 days
    ThreeMonths,
    /// 6 months (180 days)
    SixMonths,
    /// 1 year (365 days)
    OneYear,
    /// 2 years (731 days)
    TwoYears,
    /// 5 years (1,827 days)
    FiveYears,
    /// 10 years (3,653 days)
    TenYears,
    /// Never expire (no `RetentionInDays`).
    Forever,
}

impl LogRetention {
    /// The number of days, `None` for [`LogRetention::Forever`].
    pub fn days(self) -> Option<u32> {
        Some(match self {
            LogRetention::OneDay => 1,
            LogRetention::OneWeek => 7,
            LogRetention::TwoWeeks => 14,
            LogRetention::OneMonth => 30,
            LogRetention::ThreeMonths => 90,
            LogRetention::SixMonths => 180,
            LogRetention::OneYear => 365,
            LogRetention::TwoYears => 731,
            LogRetention::FiveYears => 1827,
            LogRetention::TenYears => 3653,
            LogRetention::Forever => return None,
        })
    }
}

/// The value of an environment variable: text, or a value of another construct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvValue {
    /// Literal text.
    Text(String),
    /// A construct's name, ARN or URL, resolved at deploy time.
    Attribute(Attribute),
}

impl From<&str> for EnvValue {
    fn from(s: &str) -> EnvValue {
        EnvValue::Text(s.to_string())
    }
}

impl From<String> for EnvValue {
    fn from(s: String) -> EnvValue {
        EnvValue::Text(s)
    }
}

impl From<Attribute> for EnvValue {
    fn from(a: Attribute) -> EnvValue {
        EnvValue::Attribute(a)
    }
}

/// Where a function's failed asynchronous events go: an SQS queue or an SNS topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeadLetterTarget {
    /// An SQS queue (`sqs:SendMessage` is granted on it).
    Queue(QueueRef),
    /// An SNS topic (`sns:Publish` is granted on it).
    Topic(TopicRef),
}

impl From<&QueueRef> for DeadLetterTarget {
    fn from(q: &QueueRef) -> DeadLetterTarget {
        DeadLetterTarget::Queue(q.clone())
    }
}

impl From<&TopicRef> for DeadLetterTarget {
    fn from(t: &TopicRef) -> DeadLetterTarget {
        DeadLetterTarget::Topic(t.clone())
    }
}

/// An SQS queue as an event source: Lambda polls it and invokes the function with
/// batches (`AWS::Lambda::EventSourceMapping`). Grants `sqs:ReceiveMessage`,
/// `sqs:DeleteMessage` and `sqs:GetQueueAttributes` on that queue only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqsSource {
    pub(crate) queue: QueueRef,
    pub(crate) batch_size: Option<u32>,
    pub(crate) batching_window: Option<Duration>,
    pub(crate) report_batch_item_failures: bool,
    pub(crate) maximum_concurrency: Option<u32>,
}

impl SqsSource {
    /// Polls this queue.
    pub fn new(queue: &QueueRef) -> SqsSource {
        SqsSource {
            queue: queue.clone(),
            batch_size: None,
            batching_window: None,
            report_batch_item_failures: false,
            maximum_concurrency: None,
        }
    }

    /// Records per invocation (`BatchSize`), 1 to 10,000 (10 for FIFO queues); above 10
    /// needs a batching window. Default: 10.
    #[must_use]
    pub fn batch_size(mut self, size: u32) -> SqsSource {
        self.batch_size = Some(size);
        self
    }

    /// How long to gather records before invoking (`MaximumBatchingWindowInSeconds`),
    /// 0 to 300 s. Default: 0.
    #[must_use]
    pub fn batching_window(mut self, window: Duration) -> SqsSource {
        self.batching_window = Some(window);
        self
    }

    /// Lets the function return the messages that failed, so only those are retried
    /// (`FunctionResponseTypes: [ReportBatchItemFailures]`). Default: off.
    #[must_use]
    pub fn report_batch_item_failures(mut self) -> SqsSource {
        self.report_batch_item_failures = true;
        self
    }

    /// The most concurrent invocations this source may cause
    /// (`ScalingConfig.MaximumConcurrency`), 2 to 1,000. Default: unlimited.
    #[must_use]
    pub fn maximum_concurrency(mut self, n: u32) -> SqsSource {
        self.maximum_concurrency = Some(n);
        self
    }
}

/// A Lambda function (`AWS::Lambda::Function` with its own role and log group).
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    pub(crate) id: String,
    pub(crate) runtime: Runtime,
    pub(crate) handler: String,
    pub(crate) code: Code,
    pub(crate) function_name: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) memory: Megabytes,
    pub(crate) timeout: Duration,
    pub(crate) architecture: Architecture,
    pub(crate) ephemeral_storage: Option<Megabytes>,
    pub(crate) environment: IndexMap<String, EnvValue>,
    pub(crate) reserved_concurrency: Option<u32>,
    pub(crate) dead_letter: Option<DeadLetterTarget>,
    pub(crate) log_retention: LogRetention,
    pub(crate) tracing: Tracing,
    pub(crate) sqs_sources: Vec<SqsSource>,
    pub(crate) grants: Vec<Grant>,
}

/// Lambda's default memory size, in MB.
pub const DEFAULT_MEMORY: Megabytes = Megabytes(128);
/// Lambda's default timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::secs(3);

impl Function {
    /// A function: its logical id, runtime, handler (`file.function` for most runtimes)
    /// and code.
    pub fn new(id: impl Into<String>, runtime: Runtime, handler: impl Into<String>, code: Code) -> Function {
        Function {
            id: id.into(),
            runtime,
            handler: handler.into(),
            code,
            function_name: None,
            description: None,
            memory: DEFAULT_MEMORY,
            timeout: DEFAULT_TIMEOUT,
            architecture: Architecture::default(),
            ephemeral_storage: None,
            environment: IndexMap::new(),
            reserved_concurrency: None,
            dead_letter: None,
            log_retention: LogRetention::default(),
            tracing: Tracing::default(),
            sqs_sources: Vec::new(),
            grants: Vec::new(),
        }
    }

    /// A fixed function name (`FunctionName`), 1 to 64 of `[a-zA-Z0-9_-]`. Default:
    /// generated by CloudFormation.
    #[must_use]
    pub fn function_name(mut self, name: impl Into<String>) -> Function {
        self.function_name = Some(name.into());
        self
    }

    /// `Description`, at most 256 characters. Default: none.
    #[must_use]
    pub fn description(mut self, text: impl Into<String>) -> Function {
        self.description = Some(text.into());
        self
    }

    /// Memory (`MemorySize`), 128 to 10,240 MB. Default: 128 MB.
    #[must_use]
    pub fn memory(mut self, size: Megabytes) -> Function {
        self.memory = size;
        self
    }

    /// Timeout (`Timeout`), 1 to 900 s. Default: 3 s.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Function {
        self.timeout = timeout;
        self
    }

    /// Instruction set (`Architectures`). Default: [`Architecture::X86_64`].
    #[must_use]
    pub fn architecture(mut self, architecture: Architecture) -> Function {
        self.architecture = architecture;
        self
    }

    /// Size of `/tmp` (`EphemeralStorage.Size`), 512 to 10,240 MB. Default: 512 MB.
    #[must_use]
    pub fn ephemeral_storage(mut self, size: Megabytes) -> Function {
        self.ephemeral_storage = Some(size);
        self
    }

    /// Sets an environment variable (`Environment.Variables`); setting a key again
    /// replaces its value. Keys and values together must stay within 4 KB. Default: none.
    #[must_use]
    pub fn env(mut self, key: impl Into<String>, value: impl Into<EnvValue>) -> Function {
        self.environment.insert(key.into(), value.into());
        self
    }

    /// Reserves concurrency for this function and caps it there
    /// (`ReservedConcurrentExecutions`); 0 throttles every invocation. Default: none
    /// (the function shares the account's unreserved pool).
    #[must_use]
    pub fn reserved_concurrency(mut self, n: u32) -> Function {
        self.reserved_concurrency = Some(n);
        self
    }

    /// Where failed asynchronous invocations go (`DeadLetterConfig.TargetArn`): a queue
    /// or a topic handle. Grants exactly `sqs:SendMessage` or `sns:Publish` on it.
    /// Default: none.
    #[must_use]
    pub fn dead_letter_queue(mut self, target: impl Into<DeadLetterTarget>) -> Function {
        self.dead_letter = Some(target.into());
        self
    }

    /// How long its log group keeps events. Default: [`LogRetention::OneMonth`].
    #[must_use]
    pub fn log_retention(mut self, retention: LogRetention) -> Function {
        self.log_retention = retention;
        self
    }

    /// X-Ray tracing (`TracingConfig.Mode`). Default: [`Tracing::PassThrough`].
    #[must_use]
    pub fn tracing(mut self, tracing: Tracing) -> Function {
        self.tracing = tracing;
        self
    }

    /// Adds an SQS event source. Default: none.
    #[must_use]
    pub fn event_source(mut self, source: SqsSource) -> Function {
        self.sqs_sources.push(source);
        self
    }

    /// Grants a permission on another construct (`table.read_data()`, `queue.send()`,
    /// `topic.publish()`). The same grant twice adds nothing.
    #[must_use]
    pub fn grant(mut self, grant: Grant) -> Function {
        if !self.grants.contains(&grant) {
            self.grants.push(grant);
        }
        self
    }
}

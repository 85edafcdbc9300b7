//! The spec file as written: plain data read by serde, whose doc comments are the JSON
//! Schema's descriptions. Names are not resolved here; `resolve` does that.

use formwork::construct::{Architecture, AttributeType, QueueEncryption, RemovalPolicy, StreamView, Tracing};
use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::values::{single_entry, DurationValue, EnvValueSpec, LogRetentionValue, RuntimeName, UniqueMap};

/// A formwork app: its stacks, and the Lambda functions, queues, topics and tables in each. Ids are CloudFormation logical ids; references name constructs of the same stack by id.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "formwork spec")]
#[serde(expecting = "a spec: a map with `stacks` and optionally `app`, `account_concurrency`")]
pub(crate) struct Spec {
    /// The JSON Schema this file follows, for editors. Ignored.
    #[serde(rename = "$schema")]
    #[allow(dead_code)] // read only to be accepted
    pub(crate) schema: Option<String>,
    /// The app's name. Default: the spec file's name without its extension.
    pub(crate) app: Option<String>,
    /// The account's Lambda concurrency limit, of which reserved concurrency must leave 100 unreserved. Default: 1000.
    pub(crate) account_concurrency: Option<u32>,
    /// The stacks by name, each deployed as one template, in this order.
    pub(crate) stacks: UniqueMap<StackSpec>,
    /// Suppressions for the whole app, each with its reason (written into the templates).
    #[serde(default)]
    pub(crate) suppressions: Vec<SuppressionSpec>,
    /// Rule severities changed for this app, e.g. `{ FW203: error }`.
    #[serde(default)]
    pub(crate) severity: UniqueMap<SeveritySpec>,
    /// Whether code folders may lie outside the spec file's folder (an absolute `code:` or one climbing out with `..`). Default: `refuse` (rule FW135).
    pub(crate) code_outside_root: Option<OutsideRootSpec>,
    /// Which symlinks in code folders are packaged: `inside` (to files inside the folder; a link pointing outside is rule FW135) or `follow` (anywhere). Default: `inside`.
    pub(crate) symlinks: Option<SymlinksSpec>,
}

/// Whether code may come from outside the app's folder.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "CodeOutsideRoot")]
pub(crate) enum OutsideRootSpec {
    /// Refused with rule FW135.
    Refuse,
    /// Allowed.
    Allow,
}

/// Which symlinks in code folders are packaged.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "Symlinks")]
pub(crate) enum SymlinksSpec {
    /// Links to files inside the code folder; others are rule FW135.
    Inside,
    /// Links wherever they point.
    Follow,
}

/// One reasoned suppression: exactly one of `rule`, `checkov` or `cfn_lint`, an optional
/// construct id (`on`), and the reason, which is required and written into the template.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Suppression")]
#[serde(expecting = "a suppression: { rule: FW203, on: Jobs, reason: why }")]
pub(crate) struct SuppressionSpec {
    /// A formwork rule code, e.g. `FW203`.
    pub(crate) rule: Option<String>,
    /// A checkov check id, e.g. `CKV_AWS_115` (written as checkov's own skip metadata).
    pub(crate) checkov: Option<String>,
    /// A cfn-lint rule id, e.g. `W3011` (written as cfn-lint's `ignore_checks`).
    pub(crate) cfn_lint: Option<String>,
    /// The id of the construct it applies to. Default: the whole stack (or app).
    pub(crate) on: Option<String>,
    /// Why the rule does not apply here.
    pub(crate) reason: String,
}

/// A rule's severity.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "Severity")]
pub(crate) enum SeveritySpec {
    /// Fails validation.
    Error,
    /// Reported, does not fail validation (unless `--deny warnings`).
    Warning,
}

/// One stack: what one template deploys. Its constructs are added in this order: tables, topics, queues, functions, each in file order.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Stack")]
#[serde(expecting = "a stack: a map of `tables`, `topics`, `queues` and `functions`")]
pub(crate) struct StackSpec {
    /// The template's `Description`, at most 1,024 bytes. Default: none.
    pub(crate) description: Option<String>,
    /// DynamoDB tables by id.
    #[serde(default)]
    pub(crate) tables: UniqueMap<TableSpec>,
    /// SNS topics by id (a topic with no settings may be left empty).
    #[serde(default)]
    pub(crate) topics: UniqueMap<Option<TopicSpec>>,
    /// SQS queues by id (a queue with no settings may be left empty).
    #[serde(default)]
    pub(crate) queues: UniqueMap<Option<QueueSpec>>,
    /// Lambda functions by id.
    #[serde(default)]
    pub(crate) functions: UniqueMap<FunctionSpec>,
    /// Suppressions on this stack's constructs, each with its reason.
    #[serde(default)]
    pub(crate) suppressions: Vec<SuppressionSpec>,
}

/// A DynamoDB table (`AWS::DynamoDB::Table`), billed on demand.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Table")]
#[serde(expecting = "a table: a map with `partition_key` and optional settings")]
pub(crate) struct TableSpec {
    /// The partition key (`KeySchema` `HASH`).
    pub(crate) partition_key: KeySpec,
    /// The sort key (`KeySchema` `RANGE`). Default: none.
    pub(crate) sort_key: Option<KeySpec>,
    /// Turns on the table's stream, carrying this view of each change (`StreamSpecification`). Default: no stream.
    pub(crate) stream: Option<StreamSpec>,
    /// Point-in-time recovery (`PointInTimeRecoverySpecification`). Default: true.
    pub(crate) point_in_time_recovery: Option<bool>,
    /// What happens to the table and its items when the stack stops managing it. Default: retain.
    pub(crate) removal_policy: Option<RemovalPolicySpec>,
}

/// A key attribute of a table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Key")]
#[serde(expecting = "a key: { name: NAME, type: string|number|binary }")]
pub(crate) struct KeySpec {
    /// The attribute's name.
    pub(crate) name: String,
    /// The attribute's type.
    #[serde(rename = "type")]
    pub(crate) attribute_type: AttributeTypeSpec,
}

/// The type of a key attribute.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "AttributeType")]
#[serde(expecting = "`string`, `number` or `binary`")]
pub(crate) enum AttributeTypeSpec {
    /// `S`
    String,
    /// `N`
    Number,
    /// `B`
    Binary,
}

impl From<AttributeTypeSpec> for AttributeType {
    fn from(t: AttributeTypeSpec) -> AttributeType {
        match t {
            AttributeTypeSpec::String => AttributeType::String,
            AttributeTypeSpec::Number => AttributeType::Number,
            AttributeTypeSpec::Binary => AttributeType::Binary,
        }
    }
}

/// What a table's stream carries.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "StreamView")]
#[serde(expecting = "`keys_only`, `new_image`, `old_image` or `new_and_old_images`")]
pub(crate) enum StreamSpec {
    /// Only the keys of the changed item (`KEYS_ONLY`).
    KeysOnly,
    /// The item after the change (`NEW_IMAGE`).
    NewImage,
    /// The item before the change (`OLD_IMAGE`).
    OldImage,
    /// The item before and after the change (`NEW_AND_OLD_IMAGES`).
    NewAndOldImages,
}

impl From<StreamSpec> for StreamView {
    fn from(s: StreamSpec) -> StreamView {
        match s {
            StreamSpec::KeysOnly => StreamView::KeysOnly,
            StreamSpec::NewImage => StreamView::NewImage,
            StreamSpec::OldImage => StreamView::OldImage,
            StreamSpec::NewAndOldImages => StreamView::NewAndOldImages,
        }
    }
}

/// What to do with a stateful resource's data when the stack stops managing it.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "RemovalPolicy")]
#[serde(expecting = "`retain` or `delete`")]
pub(crate) enum RemovalPolicySpec {
    /// Keep the resource and its data (`DeletionPolicy` and `UpdateReplacePolicy`: `Retain`).
    Retain,
    /// Delete it with the stack.
    Delete,
}

impl From<RemovalPolicySpec> for RemovalPolicy {
    fn from(p: RemovalPolicySpec) -> RemovalPolicy {
        match p {
            RemovalPolicySpec::Retain => RemovalPolicy::Retain,
            RemovalPolicySpec::Delete => RemovalPolicy::Delete,
        }
    }
}

/// An SNS topic (`AWS::SNS::Topic`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Topic")]
#[serde(expecting = "a topic: a map of optional settings, or nothing")]
pub(crate) struct TopicSpec {
    /// The KMS key that encrypts messages at rest (`KmsMasterKeyId`). Default: `alias/aws/sns`.
    pub(crate) kms_key: Option<String>,
}

/// An SQS queue (`AWS::SQS::Queue`), standard or FIFO.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Queue")]
#[serde(expecting = "a queue: a map of optional settings, or nothing")]
pub(crate) struct QueueSpec {
    /// How long a received message stays hidden (`VisibilityTimeout`), 0 s to 12 h. Default: 30 s.
    pub(crate) visibility_timeout: Option<DurationValue>,
    /// How long messages are kept (`MessageRetentionPeriod`), 60 s to 14 days. Default: 4 days.
    pub(crate) retention: Option<DurationValue>,
    /// Delays every message (`DelaySeconds`), 0 to 900 s. Default: 0.
    pub(crate) delay: Option<DurationValue>,
    /// A FIFO queue (`FifoQueue`). Default: false.
    pub(crate) fifo: Option<bool>,
    /// Deduplicate FIFO messages by content (`ContentBasedDeduplication`). Default: false.
    pub(crate) content_based_deduplication: Option<bool>,
    /// Where messages go after too many receives (`RedrivePolicy`). Default: none.
    pub(crate) dead_letter_queue: Option<RedriveSpec>,
    /// Encryption at rest. Default: `sqs_managed`.
    pub(crate) encryption: Option<EncryptionSpec>,
    /// What happens to the queue and its messages when the stack stops managing it. Default: retain.
    pub(crate) removal_policy: Option<RemovalPolicySpec>,
}

/// A queue's dead-letter queue.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Redrive")]
#[serde(expecting = "a dead-letter queue: { queue: ID, max_receive_count: N }")]
pub(crate) struct RedriveSpec {
    /// The id of a queue of this stack.
    pub(crate) queue: String,
    /// How many times a message is received before it is moved (`maxReceiveCount`), 1 to 1,000.
    pub(crate) max_receive_count: u32,
}

/// How a queue's messages are encrypted at rest.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(rename_all = "snake_case")]
#[schemars(rename = "QueueEncryption")]
pub(crate) enum EncryptionSpec {
    /// SSE-SQS, keys managed by SQS (`SqsManagedSseEnabled`).
    SqsManaged,
    /// A KMS key (`KmsMasterKeyId`), e.g. `alias/aws/sqs` or a key ARN.
    Kms(String),
}

impl From<EncryptionSpec> for QueueEncryption {
    fn from(e: EncryptionSpec) -> QueueEncryption {
        match e {
            EncryptionSpec::SqsManaged => QueueEncryption::SqsManaged,
            EncryptionSpec::Kms(key) => QueueEncryption::Kms(key),
        }
    }
}

/// A Lambda function (`AWS::Lambda::Function`) with its own role and log group.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Function")]
#[serde(expecting = "a function: a map with `runtime`, `handler`, `code` and optional settings")]
pub(crate) struct FunctionSpec {
    /// The runtime (`Runtime`).
    pub(crate) runtime: RuntimeName,
    /// The handler (`Handler`), `file.function` for most runtimes.
    pub(crate) handler: String,
    /// The directory of the function's code, relative to the spec file's folder; packaged as a deterministic zip.
    pub(crate) code: String,
    /// `Description`, at most 256 characters. Default: none.
    pub(crate) description: Option<String>,
    /// A fixed function name (`FunctionName`), 1 to 64 of `[a-zA-Z0-9_-]`. Default: generated by CloudFormation.
    pub(crate) function_name: Option<String>,
    /// Memory in MB (`MemorySize`), 128 to 10,240. Default: 128.
    pub(crate) memory: Option<u32>,
    /// Timeout (`Timeout`), 1 to 900 s. Default: 3 s.
    pub(crate) timeout: Option<DurationValue>,
    /// Instruction set (`Architectures`). Default: `x86_64`.
    pub(crate) architecture: Option<ArchitectureSpec>,
    /// Size of `/tmp` in MB (`EphemeralStorage`), 512 to 10,240. Default: 512.
    pub(crate) ephemeral_storage: Option<u32>,
    /// Environment variables (`Environment.Variables`), in this order; keys and values together at most 4 KB. Default: none.
    #[serde(default)]
    pub(crate) environment: UniqueMap<EnvValueSpec>,
    /// Concurrency reserved for this function and capped there (`ReservedConcurrentExecutions`); 0 throttles every invocation. Default: none.
    pub(crate) reserved_concurrency: Option<u32>,
    /// Where failed asynchronous invocations go (`DeadLetterConfig`): the id of a queue or a topic of this stack. Default: none.
    pub(crate) dead_letter_queue: Option<String>,
    /// How long the function's log group keeps events. Default: 30 days.
    pub(crate) log_retention: Option<LogRetentionValue>,
    /// X-Ray tracing (`TracingConfig`). Default: `pass_through`.
    pub(crate) tracing: Option<TracingSpec>,
    /// Retries of a failed asynchronous invocation (`MaximumRetryAttempts`), 0 to 2. Default: 2 (set by Lambda).
    pub(crate) retry_attempts: Option<u32>,
    /// How long an asynchronous event may wait (`MaximumEventAgeInSeconds`), 60 s to 6 h. Default: 6 h (set by Lambda).
    pub(crate) max_event_age: Option<DurationValue>,
    /// Where successful asynchronous invocations are recorded: the id of a queue, topic or function of this stack. Default: none.
    pub(crate) on_success: Option<String>,
    /// Where failed asynchronous invocations go: the id of a queue, topic or function of this stack. Default: none.
    pub(crate) on_failure: Option<String>,
    /// Provisioned concurrency, on the alias `live` of a published version (`ProvisionedConcurrencyConfig`); at most the reserved concurrency. Default: none.
    pub(crate) provisioned_concurrency: Option<u32>,
    /// EventBridge schedules that invoke the function, by rule id: `{ every: 1h }` or `{ cron: "0 6 * * ? *" }`. Default: none.
    #[serde(default)]
    pub(crate) schedules: UniqueMap<ScheduleSpec>,
    /// Event sources. Default: none.
    #[serde(default)]
    pub(crate) events: Vec<EventSpec>,
    /// Permissions on constructs of this stack, each an exact, scoped IAM statement. Default: none.
    #[serde(default)]
    pub(crate) grants: Vec<GrantSpec>,
}

/// The instruction set a function runs on.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[schemars(rename = "Architecture")]
#[serde(expecting = "`x86_64` or `arm64`")]
pub(crate) enum ArchitectureSpec {
    /// x86-64.
    #[serde(rename = "x86_64")]
    X86_64,
    /// Graviton (about 20% cheaper per GB-second).
    #[serde(rename = "arm64")]
    Arm64,
}

impl From<ArchitectureSpec> for Architecture {
    fn from(a: ArchitectureSpec) -> Architecture {
        match a {
            ArchitectureSpec::X86_64 => Architecture::X86_64,
            ArchitectureSpec::Arm64 => Architecture::Arm64,
        }
    }
}

/// AWS X-Ray tracing.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "Tracing")]
#[serde(expecting = "`active` or `pass_through`")]
pub(crate) enum TracingSpec {
    /// Sample and trace requests (`Active`); adds the X-Ray write actions, which cannot be scoped to a resource.
    Active,
    /// Trace only requests that arrive sampled (`PassThrough`).
    PassThrough,
}

impl From<TracingSpec> for Tracing {
    fn from(t: TracingSpec) -> Tracing {
        match t {
            TracingSpec::Active => Tracing::Active,
            TracingSpec::PassThrough => Tracing::PassThrough,
        }
    }
}

/// An SQS queue as an event source (`AWS::Lambda::EventSourceMapping`); grants receiving and deleting on that queue only.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "SqsEvent")]
#[serde(expecting = "an event source: { sqs: QUEUE, ... }")]
pub(crate) struct EventSpec {
    /// The id of the queue to poll, in this stack.
    pub(crate) sqs: String,
    /// Records per invocation (`BatchSize`), 1 to 10,000 (10 for FIFO queues); above 10 needs a batching window. Default: 10.
    pub(crate) batch_size: Option<u32>,
    /// How long to gather records before invoking (`MaximumBatchingWindowInSeconds`), 0 to 300 s. Default: 0.
    pub(crate) batching_window: Option<DurationValue>,
    /// Let the function report which messages failed, so only those are retried (`FunctionResponseTypes`). Default: false.
    pub(crate) report_batch_item_failures: Option<bool>,
    /// The most concurrent invocations this source may cause (`ScalingConfig.MaximumConcurrency`), 2 to 1,000. Default: unlimited.
    pub(crate) maximum_concurrency: Option<u32>,
}

/// An EventBridge schedule: exactly one of `every` (a rate) or `cron` (the six fields of a cron expression).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Schedule")]
#[serde(expecting = "a schedule: { every: 1h } or { cron: \"0 6 * * ? *\" }")]
pub(crate) struct ScheduleSpec {
    /// Invoke at this rate (`rate(...)`), e.g. `15m`, `1h`, `1d`.
    pub(crate) every: Option<DurationValue>,
    /// Invoke on this cron expression's six fields (`cron(...)`), in UTC.
    pub(crate) cron: Option<String>,
}

/// A permission for the function on one construct of this stack, by id.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(rename_all = "snake_case")]
#[schemars(rename = "Grant")]
pub(crate) enum GrantSpec {
    /// Read a table's items.
    ReadData(String),
    /// Write a table's items.
    WriteData(String),
    /// Read and write a table's items.
    ReadWriteData(String),
    /// Send messages to a queue.
    Send(String),
    /// Receive and delete a queue's messages.
    Consume(String),
    /// Publish to a topic.
    Publish(String),
}

/// The grant keys, in [`GrantSpec`]'s order.
const GRANT_KEYS: [&str; 6] = ["read_data", "write_data", "read_write_data", "send", "consume", "publish"];

impl<'de> Deserialize<'de> for GrantSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = GrantSpec;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a grant such as { read_data: TABLE }, { send: QUEUE }, { publish: TOPIC }")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<GrantSpec, A::Error> {
                let (i, id) = single_entry(map, &GRANT_KEYS, "grant")?;
                Ok(match i {
                    0 => GrantSpec::ReadData(id),
                    1 => GrantSpec::WriteData(id),
                    2 => GrantSpec::ReadWriteData(id),
                    3 => GrantSpec::Send(id),
                    4 => GrantSpec::Consume(id),
                    _ => GrantSpec::Publish(id),
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for EncryptionSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = EncryptionSpec;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`sqs_managed` or { kms: KEY }")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<EncryptionSpec, E> {
                match text {
                    "sqs_managed" => Ok(EncryptionSpec::SqsManaged),
                    other => Err(E::custom(format!(
                        "unknown encryption `{other}`, expected `sqs_managed` or {{ kms: KEY }}"
                    ))),
                }
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<EncryptionSpec, A::Error> {
                let (_, key) = single_entry(map, &["kms"], "encryption")?;
                Ok(EncryptionSpec::Kms(key))
            }
        }
        deserializer.deserialize_any(V)
    }
}

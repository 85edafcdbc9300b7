//! The spec file as written: plain data read by serde, whose doc comments are the JSON
//! Schema's descriptions. Names are not resolved here; `resolve` does that.

use formwork::construct::{
    Architecture, AttributeType, ConstructKind, GrantIntent, QueueEncryption, RemovalPolicy, StreamView,
    Tracing,
};
use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::values::{single_entry, DurationValue, EnvValueSpec, LogRetentionValue, RuntimeName, UniqueMap};

/// A formwork app: its stacks, and the functions, queues, topics, tables, buckets, streams, layers and APIs in each. Ids are CloudFormation logical ids; references name constructs of the same stack by id, or of another stack as `stack/id`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "formwork spec")]
#[serde(expecting = "a spec: a map with `stacks` and optionally `app`, `account_concurrency`")]
pub(crate) struct Spec {
    /// The JSON Schema this file follows, for editors; ignored by formwork. Default: none.
    #[serde(rename = "$schema")]
    #[allow(dead_code)] // read only to be accepted
    pub(crate) schema: Option<String>,
    /// The app's name. Default: the spec file's name without its extension.
    pub(crate) app: Option<String>,
    /// The account's Lambda concurrency limit, of which reserved concurrency must leave 100 unreserved. Default: 1000.
    pub(crate) account_concurrency: Option<u32>,
    /// The stacks by name, each deployed as one template, in this order.
    pub(crate) stacks: UniqueMap<StackParts>,
    /// Suppressions for the whole app, each with its reason (written into the templates' `Metadata`). Default: none.
    #[serde(default)]
    pub(crate) suppressions: Vec<SuppressionSpec>,
    /// Rule severities changed for this app, e.g. `{ FW203: error }`. Default: each rule's own.
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
    /// A formwork rule code, e.g. `FW203` (kept in the `Metadata`). Default: none.
    pub(crate) rule: Option<String>,
    /// A checkov check id, e.g. `CKV_AWS_115` (written as checkov's own skip `Metadata`). Default: none.
    pub(crate) checkov: Option<String>,
    /// A cfn-lint rule id, e.g. `W3011` (written as cfn-lint's `Metadata` `ignore_checks`). Default: none.
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

/// Declares the construct sections of a stack once: the field of [`StackSpec`] (whose doc
/// comment is the schema's description), the [`Section`] and its key, the kind of
/// construct it holds and the schema definition of its entries. A new kind of construct
/// is one line here, one arm in `resolve::add_section` and its own spec type.
macro_rules! stack_sections {
    ($( $(#[$doc:meta])* $key:ident: $ty:ty => $variant:ident, $kind:ident, $definition:literal; )*) => {
        /// One stack: what one template deploys. Its constructs are added section by section in the order the sections are written, and within a section in file order; a stack written as a list of such maps adds them part by part (so constructs of different kinds can interleave).
        #[derive(Debug, Default, JsonSchema)]
        #[serde(deny_unknown_fields)]
        #[schemars(rename = "Stack")]
        pub(crate) struct StackSpec {
            /// The template's `Description`, at most 1,024 bytes. Default: none.
            pub(crate) description: Option<String>,
            $(
                $(#[$doc])*
                #[serde(default)]
                pub(crate) $key: UniqueMap<$ty>,
            )*
            /// Suppressions on this stack's constructs, each with its reason (written into the `Metadata`). Default: none.
            #[serde(default)]
            pub(crate) suppressions: Vec<SuppressionSpec>,
            /// Overrides of values of the synthesized resources (`Stack::override_property`), applied in both targets after expansion: the escape hatch for a property formwork does not set, and the last resort; one that names no resource or path is FW525. Default: none.
            #[serde(default)]
            pub(crate) overrides: Vec<StackOverrideSpec>,
            /// Whether functions move into overflow stacks when the stack would exceed 500 resources (`Stack::auto_split`); stateful resources never move. Default: false.
            #[serde(default)]
            pub(crate) auto_split: bool,
            /// The construct sections in the order they are written.
            #[serde(skip)]
            #[schemars(skip)]
            pub(crate) order: Vec<Section>,
        }

        /// A section of a stack that holds constructs.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Section {
            $( $variant, )*
        }

        impl Section {
            /// Every section, by its key.
            pub(crate) const ALL: &'static [(&'static str, Section)] = &[$( (stringify!($key), Section::$variant), )*];

            /// The kind of construct the section holds.
            pub(crate) fn kind(self) -> ConstructKind {
                match self {
                    $( Section::$variant => ConstructKind::$kind, )*
                }
            }

            /// The schema definition of the section's entries.
            pub(crate) fn definition(self) -> &'static str {
                match self {
                    $( Section::$variant => $definition, )*
                }
            }
        }

        /// The keys of a stack, for messages.
        const STACK_KEYS: &[&str] = &["description", $( stringify!($key), )* "suppressions", "overrides", "auto_split"];

        impl StackSpec {
            /// The ids of one section, in file order.
            pub(crate) fn ids(&self, section: Section) -> Vec<&str> {
                match section {
                    $( Section::$variant => self.$key.0.keys().map(String::as_str).collect(), )*
                }
            }

            /// Reads one key's value into its field; false for a key that is not a section.
            fn read_section<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
                match key {
                    $( stringify!($key) => self.$key = map.next_value()?, )*
                    _ => return Ok(false),
                }
                Ok(true)
            }
        }
    };
}

stack_sections! {
    /// DynamoDB tables (`AWS::DynamoDB::Table`) by id, which is the logical id. Default: none.
    tables: TableSpec => Tables, Table, "Table";
    /// SNS topics (`AWS::SNS::Topic`) by id (a topic with no settings may be left empty). Default: none.
    topics: Option<TopicSpec> => Topics, Topic, "Topic";
    /// SQS queues (`AWS::SQS::Queue`) by id (a queue with no settings may be left empty). Default: none.
    queues: Option<QueueSpec> => Queues, Queue, "Queue";
    /// S3 buckets (`AWS::S3::Bucket`) by id (a bucket with no settings may be left empty). Default: none.
    buckets: Option<BucketSpec> => Buckets, Bucket, "Bucket";
    /// Kinesis data streams (`AWS::Kinesis::Stream`) by id (a stream with no settings may be left empty). Default: none.
    streams: Option<StreamSpecKinesis> => Streams, Stream, "KinesisStream";
    /// Lambda layers (`AWS::Lambda::LayerVersion`) by id. Default: none.
    layers: LayerSpec => Layers, Layer, "Layer";
    /// API Gateway REST APIs (`AWS::ApiGateway::RestApi`) by id; routes are function events. Default: none.
    rest_apis: Option<RestApiSpec> => RestApis, RestApi, "RestApi";
    /// API Gateway HTTP APIs (`AWS::ApiGatewayV2::Api`) by id; routes are function events. Default: none.
    http_apis: Option<HttpApiSpec> => HttpApis, HttpApi, "HttpApi";
    /// KMS keys (`AWS::KMS::Key`) by id, symmetric, rotated yearly and kept when the stack is deleted (a key with no settings may be left empty). Default: none.
    kms_keys: Option<KmsKeySpec> => KmsKeys, Key, "KmsKey";
    /// Secrets Manager secrets (`AWS::SecretsManager::Secret`) by id, with a generated value (a secret with no settings may be left empty). Default: none.
    secrets: Option<SecretSpec> => Secrets, Secret, "Secret";
    /// SSM parameters of type `String` (`AWS::SSM::Parameter`) by id. Default: none.
    parameters: ParameterSpec => Parameters, Parameter, "Parameter";
    /// Resources this app uses but does not create, by id: `{ kind: table, name: Orders }` or `{ kind: queue, arn: ARN }`. No resource is written for them; they are referred to like the app's own (grants, event sources, destinations, `arn_of`). Default: none.
    existing: ExistingSpec => Existing, Resource, "Existing";
    /// Raw CloudFormation resources formwork does not model, by logical id: the escape hatch, and the last resort (`Stack::resource`). Checked against the type's resource schema (FW510), references (FW503) and attributes (FW511). Default: none.
    resources: RawResourceSpec => Resources, Resource, "RawResource";
    /// Lambda functions (`AWS::Lambda::Function`) by id. Default: none.
    functions: FunctionSpec => Functions, Function, "Function";
}

impl Section {
    /// The key of the section in a stack.
    pub(crate) fn key(self) -> &'static str {
        Section::ALL.iter().find(|(_, s)| *s == self).map_or("", |(k, _)| k)
    }
}

impl<'de> Deserialize<'de> for StackSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(StackVisitor)
    }
}

struct StackVisitor;

impl<'de> Visitor<'de> for StackVisitor {
    type Value = StackSpec;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a stack: a map of `tables`, `queues`, `functions` and the other sections")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StackSpec, A::Error> {
        let mut stack = StackSpec::default();
        let mut seen: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                return Err(de::Error::custom(format!("duplicate field `{key}`")));
            }
            match key.as_str() {
                "description" => stack.description = map.next_value()?,
                "suppressions" => stack.suppressions = map.next_value()?,
                "auto_split" => stack.auto_split = map.next_value()?,
                "overrides" => stack.overrides = map.next_value()?,
                other => {
                    if !stack.read_section(other, &mut map)? {
                        return Err(de::Error::unknown_field(other, STACK_KEYS));
                    }
                    if let Some((_, section)) = Section::ALL.iter().find(|(k, _)| *k == other) {
                        stack.order.push(*section);
                    }
                }
            }
            seen.push(key);
        }
        Ok(stack)
    }
}

/// A stack as written: one map, or a list of maps added one after the other.
#[derive(Debug)]
pub(crate) struct StackParts(pub(crate) Vec<StackSpec>);

impl<'de> Deserialize<'de> for StackParts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StackParts;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a stack: a map of `tables`, `queues`, `functions` and the other sections, or a list of such maps")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<StackParts, A::Error> {
                StackVisitor.visit_map(map).map(|s| StackParts(vec![s]))
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<StackParts, A::Error> {
                let mut parts = Vec::new();
                while let Some(part) = seq.next_element::<StackSpec>()? {
                    parts.push(part);
                }
                Ok(StackParts(parts))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl JsonSchema for StackParts {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "StackParts".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let stack = generator.subschema_for::<StackSpec>();
        schemars::json_schema!({
            "description": "A stack: one map of sections, or a list of them whose constructs are added part by part, in order.",
            "anyOf": [stack, { "type": "array", "items": stack }]
        })
    }
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
    /// The runtime (`Runtime`). Default: none; required, except for a container image, which has none, and Rust code, whose runtime is `provided.al2023`.
    pub(crate) runtime: Option<RuntimeName>,
    /// The handler (`Handler`), `file.function` for most runtimes. Default: none; required, except for a container image, which has none, and Rust code, whose handler is `bootstrap`.
    pub(crate) handler: Option<String>,
    /// The code (`Code`): a directory relative to the spec file's folder (packaged as a deterministic zip), or `{ inline: SOURCE }`, `{ s3: { bucket, key, version } }`, `{ image: URI }` (`PackageType: Image`).
    pub(crate) code: CodeSpec,
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
    /// Size of `/tmp` in MB (`EphemeralStorage.Size`), 512 to 10,240. Default: 512.
    pub(crate) ephemeral_storage: Option<u32>,
    /// Environment variables (`Environment.Variables`), in this order; keys and values together at most 4 KB. Default: none.
    #[serde(default)]
    pub(crate) environment: UniqueMap<EnvValueSpec>,
    /// Concurrency reserved for this function and capped there (`ReservedConcurrentExecutions`); 0 throttles every invocation. Default: none.
    pub(crate) reserved_concurrency: Option<u32>,
    /// Where failed asynchronous invocations go (`DeadLetterConfig.TargetArn`): the id of a queue or a topic. Default: none.
    pub(crate) dead_letter_queue: Option<String>,
    /// How long the function's log group keeps events (`RetentionInDays`). Default: 30 days.
    pub(crate) log_retention: Option<LogRetentionValue>,
    /// The log format (`LoggingConfig.LogFormat`). Default: `text`.
    pub(crate) log_format: Option<LogFormatSpec>,
    /// The least severe application log level kept (`LoggingConfig.ApplicationLogLevel`); needs `log_format: json`. Default: `info` (set by Lambda; not written).
    pub(crate) application_log_level: Option<LogLevelSpec>,
    /// The least severe platform log level kept (`LoggingConfig.SystemLogLevel`); needs `log_format: json`. Default: `info` (set by Lambda; not written).
    pub(crate) system_log_level: Option<SystemLogLevelSpec>,
    /// X-Ray tracing (`TracingConfig.Mode`). Default: `pass_through`.
    pub(crate) tracing: Option<TracingSpec>,
    /// Retries of a failed asynchronous invocation (`EventInvokeConfig.MaximumRetryAttempts`), 0 to 2. Default: 2 (set by Lambda).
    pub(crate) retry_attempts: Option<u32>,
    /// How long an asynchronous event may wait (`EventInvokeConfig.MaximumEventAgeInSeconds`), 60 s to 6 h. Default: 6 h (set by Lambda).
    pub(crate) max_event_age: Option<DurationValue>,
    /// Where successful asynchronous invocations are recorded (`DestinationConfig.OnSuccess`): the id of a queue, topic or function, `default_event_bus`, or an event bus ARN. Default: none.
    pub(crate) on_success: Option<String>,
    /// Where failed asynchronous invocations go (`DestinationConfig.OnFailure`): the id of a queue, topic, function or bucket, `default_event_bus`, or an event bus ARN. Default: none.
    pub(crate) on_failure: Option<String>,
    /// Layers (`Layers`), in order, at most 5: ids of layers, or layer version ARNs (`arn:...`). Default: none.
    #[serde(default)]
    pub(crate) layers: Vec<String>,
    /// Publishes a version on every deployment and points an alias of this name at it (`AWS::Lambda::Version`, `AWS::Lambda::Alias`; SAM `AutoPublishAlias`). Default: none, or `live` with provisioned concurrency.
    pub(crate) alias: Option<String>,
    /// Provisioned concurrency on the alias (`ProvisionedConcurrencyConfig`); at most the reserved concurrency. Default: none.
    pub(crate) provisioned_concurrency: Option<u32>,
    /// Snapshots each published version's initialized environment (`SnapStart.ApplyOn: PublishedVersions`). Default: false.
    pub(crate) snap_start: Option<bool>,
    /// An HTTPS endpoint for the function (`AWS::Lambda::Url`; SAM `FunctionUrlConfig`). Default: none.
    pub(crate) url: Option<UrlSpec>,
    /// Statements of the function's resource-based policy (`AWS::Lambda::Permission`), by id, for invokers that are not event sources of this app. Default: none.
    #[serde(default)]
    pub(crate) allow_invoke: UniqueMap<PermissionSpec>,
    /// Runs the function in a VPC (`VpcConfig`), with the network interface permissions it needs. Default: outside any VPC.
    pub(crate) vpc: Option<VpcSpec>,
    /// EventBridge schedules that invoke the function (`AWS::Events::Rule` `ScheduleExpression`), by rule id, added before `events`: `{ every: 1h }` or `{ cron: "0 6 * * ? *" }`. Default: none.
    #[serde(default)]
    pub(crate) schedules: UniqueMap<ScheduleSpec>,
    /// Event sources, in order: each names exactly one of `sqs`, `kinesis`, `dynamodb`, `sns`, `s3`, `schedule`, `rule`, `rest_api` or `http_api`, with that source's settings. Default: none.
    #[serde(default)]
    pub(crate) events: Vec<EventSpec>,
    /// Permissions on constructs, each an exact, scoped statement of the function role's `Policies` on the construct's ARN. Default: none.
    #[serde(default)]
    pub(crate) grants: Vec<GrantSpec>,
    /// Hand-made statements of the function role's `Policies` (`Function::statement`), for permissions no grant covers; checked like generated ones (FW401-FW408). Default: none.
    #[serde(default)]
    pub(crate) statements: Vec<StatementSpec>,
    /// Overrides of values of the function's synthesized resources (`Function::override_property`, `override_resource`), in both targets: the escape hatch, and the last resort. Default: none.
    #[serde(default)]
    pub(crate) overrides: Vec<FunctionOverrideSpec>,
}

/// Where a function's code comes from.
#[derive(Debug, Clone)]
pub(crate) enum CodeSpec {
    Dir(String),
    Inline(String),
    S3 { bucket: String, key: String, version: Option<String> },
    Image(String),
    Rust { package: String, bin: Option<String> },
}

/// A Rust binary crate of the app's workspace, built for Lambda into a `bootstrap` zip.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "RustCode")]
pub(crate) struct RustCodeSpec {
    /// The crate's package name (`Code::rust`).
    pub(crate) package: String,
    /// The binary of that package (`Code::rust_bin`). Default: the package's only binary.
    pub(crate) bin: Option<String>,
}

/// A zip in S3.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "S3Object")]
pub(crate) struct S3ObjectSpec {
    /// The bucket (`S3Bucket`).
    pub(crate) bucket: String,
    /// The object key (`S3Key`).
    pub(crate) key: String,
    /// The object version, for versioned buckets (`S3ObjectVersion`). Default: none.
    pub(crate) version: Option<String>,
}

/// The schema of a function's code.
#[derive(JsonSchema)]
#[allow(dead_code)] // only its schema is used
#[schemars(rename = "CodeSource")]
enum CodeSchema {
    /// Inline source of a single-file Python or Node.js handler (`Code.ZipFile`; SAM `InlineCode`), at most 4,096 characters; the handler is `index.<function>`.
    #[schemars(rename = "inline")]
    Inline(String),
    /// A zip already in S3 (`Code.S3Bucket`, `S3Key`, `S3ObjectVersion`).
    #[schemars(rename = "s3")]
    S3(S3ObjectSpec),
    /// A container image in ECR (`PackageType: Image`, `Code.ImageUri`); such a function has no runtime, handler or layers.
    #[schemars(rename = "image")]
    Image(String),
    /// A Rust binary crate of the app's workspace (`Function::rust`): runtime `provided.al2023`, handler `bootstrap`, built for the function's architecture; such a function has no `runtime` or `handler` in the spec.
    #[schemars(rename = "rust")]
    Rust(RustCodeSpec),
}

impl JsonSchema for CodeSpec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Code".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let other = generator.subschema_for::<CodeSchema>();
        schemars::json_schema!({
            "description": "The function's code (`Code`): a directory relative to the spec file's folder, packaged as a deterministic zip named by its SHA-256; or inline source, a zip in S3, or a container image.",
            "anyOf": [{ "type": "string", "minLength": 1 }, other]
        })
    }
}

impl<'de> Deserialize<'de> for CodeSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CodeSpec;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a code directory, or one of { inline: SOURCE }, { s3: { bucket, key } }, { image: URI }, { rust: { package, bin } }",
                )
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<CodeSpec, E> {
                Ok(CodeSpec::Dir(text.to_string()))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CodeSpec, A::Error> {
                let Some(key) = map.next_key::<String>()? else {
                    return Err(de::Error::custom(
                        "empty code; expected one key of `inline`, `s3`, `image`, `rust`",
                    ));
                };
                let code = match key.as_str() {
                    "inline" => CodeSpec::Inline(map.next_value()?),
                    "image" => CodeSpec::Image(map.next_value()?),
                    "rust" => {
                        let r: RustCodeSpec = map.next_value()?;
                        CodeSpec::Rust { package: r.package, bin: r.bin }
                    }
                    "s3" => {
                        let o: S3ObjectSpec = map.next_value()?;
                        CodeSpec::S3 { bucket: o.bucket, key: o.key, version: o.version }
                    }
                    other => {
                        return Err(de::Error::custom(format!(
                            "unknown code `{other}`, expected one of `inline`, `s3`, `image`, `rust`"
                        )))
                    }
                };
                if let Some(other) = map.next_key::<String>()? {
                    return Err(de::Error::custom(format!(
                        "code has one key, `{key}`, but `{other}` follows it"
                    )));
                }
                Ok(code)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// The format of a function's logs.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "LogFormat")]
pub(crate) enum LogFormatSpec {
    /// Plain text lines (not written).
    Text,
    /// Structured JSON (`JSON`), which allows log levels.
    Json,
}

/// An application log level.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "LogLevel")]
pub(crate) enum LogLevelSpec {
    /// `TRACE`
    Trace,
    /// `DEBUG`
    Debug,
    /// `INFO`
    Info,
    /// `WARN`
    Warn,
    /// `ERROR`
    Error,
    /// `FATAL`
    Fatal,
}

/// A Lambda platform log level.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "SystemLogLevel")]
pub(crate) enum SystemLogLevelSpec {
    /// `DEBUG`
    Debug,
    /// `INFO`
    Info,
    /// `WARN`
    Warn,
}

/// Who may call a function URL.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "UrlAuth")]
pub(crate) enum UrlAuthSpec {
    /// Signed requests only (`AuthType: AWS_IAM`).
    Iam,
    /// Anyone (`AuthType: NONE`); needs `reason`, kept in the function's metadata, and still warns (FW122).
    Public,
}

/// Whether a function URL buffers or streams responses.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "InvokeMode")]
pub(crate) enum InvokeModeSpec {
    /// The whole response at once, up to 6 MB (`BUFFERED`; not written).
    Buffered,
    /// Streamed as it is written (`RESPONSE_STREAM`).
    ResponseStream,
}

/// A function URL.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "FunctionUrl")]
#[serde(expecting = "a function URL: { auth: iam } or { auth: public, reason: WHY }")]
pub(crate) struct UrlSpec {
    /// Who may call it (`AuthType`).
    pub(crate) auth: UrlAuthSpec,
    /// Why a public URL is public, kept in the function's `Metadata`. Default: none; required with `auth: public`.
    pub(crate) reason: Option<String>,
    /// How responses are returned (`InvokeMode`). Default: `buffered`.
    pub(crate) invoke_mode: Option<InvokeModeSpec>,
}

/// A statement of a function's resource-based policy: exactly one of `service`, `account` or `arn`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "InvokePermission")]
#[serde(expecting = "a permission: { service: events.amazonaws.com, source_arn: ARN }")]
pub(crate) struct PermissionSpec {
    /// An AWS service principal, e.g. `events.amazonaws.com` (`Principal`); needs `source_arn` (FW124). Default: none.
    pub(crate) service: Option<String>,
    /// An AWS account id (`Principal`). Default: none.
    pub(crate) account: Option<String>,
    /// An IAM role or user ARN (`Principal`). Default: none.
    pub(crate) arn: Option<String>,
    /// Only requests on behalf of this resource (`SourceArn`): text or `{ arn_of: ID }`. Default: none.
    pub(crate) source_arn: Option<EnvValueSpec>,
    /// Only requests from resources of this account (`SourceAccount`). Default: none.
    pub(crate) source_account: Option<EnvValueSpec>,
    /// Only requests from the account the stack is deployed to (`SourceAccount: !Ref AWS::AccountId`). Default: false.
    pub(crate) from_this_account: Option<bool>,
}

/// Where in a VPC a function runs.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Vpc")]
#[serde(expecting = "a VPC: { subnets: [...], security_groups: [...] }")]
pub(crate) struct VpcSpec {
    /// Subnet ids (`VpcConfig.SubnetIds`), text or construct values; at least two in different zones for availability.
    pub(crate) subnets: Vec<EnvValueSpec>,
    /// Security group ids (`VpcConfig.SecurityGroupIds`).
    pub(crate) security_groups: Vec<EnvValueSpec>,
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

/// An event source of a function: exactly one of the source keys (`sqs`, `kinesis`, `dynamodb`, `sns`, `s3`, `schedule`, `rule`, `rest_api`, `http_api`) and the settings that source takes.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Event")]
#[serde(
    expecting = "an event source: { sqs: QUEUE, ... }, { kinesis: STREAM, starting_position: latest }, { sns: TOPIC }, ..."
)]
pub(crate) struct EventSpec {
    /// An SQS queue to poll, by id (`AWS::Lambda::EventSourceMapping`); grants receiving and deleting on that queue only. Default: none.
    pub(crate) sqs: Option<String>,
    /// A Kinesis stream to read, by id (`AWS::Lambda::EventSourceMapping`); needs `starting_position`. Default: none.
    pub(crate) kinesis: Option<String>,
    /// A table whose DynamoDB stream to read, by id (the table needs `stream`); needs `starting_position`. Default: none.
    pub(crate) dynamodb: Option<String>,
    /// An SNS topic to subscribe to, by id (`AWS::SNS::Subscription` and a permission scoped to the topic). Default: none.
    pub(crate) sns: Option<String>,
    /// A bucket of this stack whose object notifications invoke the function, by id (`NotificationConfiguration`). Default: none.
    pub(crate) s3: Option<String>,
    /// An EventBridge schedule, by rule id (`AWS::Events::Rule` `ScheduleExpression`); needs `every` or `cron`. Default: none.
    pub(crate) schedule: Option<String>,
    /// An EventBridge rule on the default bus, by rule id (`AWS::Events::Rule` `EventPattern`); needs `pattern`. Default: none.
    pub(crate) rule: Option<String>,
    /// A REST API route (`AWS::ApiGateway::RestApi` `Body` path and `AWS::Lambda::Permission`), by the API's id; needs `method` and `path`. Default: none.
    pub(crate) rest_api: Option<String>,
    /// An HTTP API route (`AWS::ApiGatewayV2::Api` `Body` path and `AWS::Lambda::Permission`), by the API's id; needs `method` and `path`. Default: none.
    pub(crate) http_api: Option<String>,
    /// Pollers: records per invocation (`BatchSize`), 1 to 10,000 (10 for FIFO queues). Default: 10 for SQS, 100 for streams.
    pub(crate) batch_size: Option<u32>,
    /// Pollers: how long to gather records before invoking (`MaximumBatchingWindowInSeconds`), 0 to 300 s. Default: 0.
    pub(crate) batching_window: Option<DurationValue>,
    /// Pollers: let the function report the failed records, so only those are retried (`FunctionResponseTypes`). Default: false.
    pub(crate) report_batch_item_failures: Option<bool>,
    /// SQS: the most concurrent invocations this source may cause (`ScalingConfig.MaximumConcurrency`), 2 to 1,000. Default: unlimited.
    pub(crate) maximum_concurrency: Option<u32>,
    /// Pollers: event filters, JSON patterns (`FilterCriteria.Filters[].Pattern`), at most 20. Default: none (every record).
    #[serde(default)]
    pub(crate) filters: Vec<String>,
    /// Streams: where a new mapping starts reading (`StartingPosition`): `latest`, `trim_horizon` or `{ at_timestamp: UNIX_SECONDS }` (Kinesis). Default: none; required for streams.
    pub(crate) starting_position: Option<StartingPositionSpec>,
    /// Streams: split a failing batch and retry each half (`BisectBatchOnFunctionError`). Default: false.
    pub(crate) bisect_on_error: Option<bool>,
    /// Streams: skip records older than this (`MaximumRecordAgeInSeconds`), 60 s to 7 days. Default: no limit.
    pub(crate) maximum_record_age: Option<DurationValue>,
    /// Streams: retries of a failing batch (`MaximumRetryAttempts`), 0 to 10,000. Default: until the records expire.
    pub(crate) retry_attempts: Option<u32>,
    /// Streams: batches processed at once per shard (`ParallelizationFactor`), 1 to 10. Default: 1.
    pub(crate) parallelization: Option<u32>,
    /// Streams: aggregate over windows of this length (`TumblingWindowInSeconds`), 0 to 900 s. Default: none.
    pub(crate) tumbling_window: Option<DurationValue>,
    /// Streams: where a record of each discarded batch goes (`DestinationConfig.OnFailure`): the id of a queue, topic or bucket. Default: none.
    pub(crate) on_failure: Option<String>,
    /// SNS: only messages whose attributes match this JSON policy (`FilterPolicy`). Default: every message.
    pub(crate) filter_policy: Option<String>,
    /// S3: the event types (`LambdaConfigurations[].Event`), one entry each. Default: `[s3:ObjectCreated:*]`.
    #[serde(default)]
    pub(crate) events: Vec<String>,
    /// S3: only keys starting with this (`Filter.S3Key.Rules` `prefix`). Default: any key.
    pub(crate) prefix: Option<String>,
    /// S3: only keys ending with this (`Filter.S3Key.Rules` `suffix`). Default: any key.
    pub(crate) suffix: Option<String>,
    /// Schedules: invoke at this rate (`ScheduleExpression: rate(...)`), whole minutes, hours or days. Default: none.
    pub(crate) every: Option<DurationValue>,
    /// Schedules: invoke on this cron expression's six fields (`ScheduleExpression: cron(...)`), in UTC. Default: none.
    pub(crate) cron: Option<String>,
    /// Rules: the JSON event pattern of the default bus (`EventPattern`). Default: none; required for rules.
    pub(crate) pattern: Option<String>,
    /// Rules and schedules: `Description`, at most 512 characters. Default: none.
    pub(crate) description: Option<String>,
    /// Rules and schedules: a fixed JSON event to pass instead of the matched one (`Targets[].Input`). Default: the event.
    pub(crate) input: Option<String>,
    /// Rules and schedules: create the rule switched off (`State: DISABLED`). Default: false.
    pub(crate) disabled: Option<bool>,
    /// API routes: the HTTP method (the OpenAPI operation of the API's `Body`). Default: none; required for routes.
    pub(crate) method: Option<MethodSpec>,
    /// API routes: the path, e.g. `/orders/{id}` (a path of the API's `Body`). Default: none; required for routes.
    pub(crate) path: Option<String>,
}

impl EventSpec {
    /// The source keys, in the struct's order.
    pub(crate) const SOURCES: [&'static str; 9] =
        ["sqs", "kinesis", "dynamodb", "sns", "s3", "schedule", "rule", "rest_api", "http_api"];

    /// The source keys given, with their ids.
    pub(crate) fn sources(&self) -> Vec<(&'static str, &str)> {
        let all = [
            &self.sqs,
            &self.kinesis,
            &self.dynamodb,
            &self.sns,
            &self.s3,
            &self.schedule,
            &self.rule,
            &self.rest_api,
            &self.http_api,
        ];
        Self::SOURCES.iter().zip(all).filter_map(|(k, v)| v.as_deref().map(|v| (*k, v))).collect()
    }

    /// The settings given, by key.
    pub(crate) fn settings(&self) -> Vec<&'static str> {
        let given = [
            ("batch_size", self.batch_size.is_some()),
            ("batching_window", self.batching_window.is_some()),
            ("report_batch_item_failures", self.report_batch_item_failures.is_some()),
            ("maximum_concurrency", self.maximum_concurrency.is_some()),
            ("filters", !self.filters.is_empty()),
            ("starting_position", self.starting_position.is_some()),
            ("bisect_on_error", self.bisect_on_error.is_some()),
            ("maximum_record_age", self.maximum_record_age.is_some()),
            ("retry_attempts", self.retry_attempts.is_some()),
            ("parallelization", self.parallelization.is_some()),
            ("tumbling_window", self.tumbling_window.is_some()),
            ("on_failure", self.on_failure.is_some()),
            ("filter_policy", self.filter_policy.is_some()),
            ("events", !self.events.is_empty()),
            ("prefix", self.prefix.is_some()),
            ("suffix", self.suffix.is_some()),
            ("every", self.every.is_some()),
            ("cron", self.cron.is_some()),
            ("pattern", self.pattern.is_some()),
            ("description", self.description.is_some()),
            ("input", self.input.is_some()),
            ("disabled", self.disabled.is_some()),
            ("method", self.method.is_some()),
            ("path", self.path.is_some()),
        ];
        given.iter().filter(|(_, g)| *g).map(|(k, _)| *k).collect()
    }

    /// The settings a source takes.
    pub(crate) fn allowed(source: &str) -> &'static [&'static str] {
        const STREAM: &[&str] = &[
            "batch_size",
            "batching_window",
            "report_batch_item_failures",
            "filters",
            "starting_position",
            "bisect_on_error",
            "maximum_record_age",
            "retry_attempts",
            "parallelization",
            "tumbling_window",
            "on_failure",
        ];
        const RULE: &[&str] = &["description", "input", "disabled"];
        match source {
            "sqs" => &[
                "batch_size",
                "batching_window",
                "report_batch_item_failures",
                "maximum_concurrency",
                "filters",
            ],
            "kinesis" | "dynamodb" => STREAM,
            "sns" => &["filter_policy"],
            "s3" => &["events", "prefix", "suffix"],
            "schedule" => &["every", "cron", "description", "input", "disabled"],
            "rule" => &["pattern", "description", "input", "disabled"],
            "rest_api" | "http_api" => &["method", "path"],
            _ => RULE,
        }
    }
}

/// Where in a stream a new mapping starts reading.
#[derive(Debug, Clone, Copy, JsonSchema)]
#[schemars(rename = "StartingPosition")]
#[schemars(rename_all = "snake_case")]
pub(crate) enum StartingPositionSpec {
    /// Only records added after the mapping is created (`LATEST`).
    Latest,
    /// The oldest record still in the stream (`TRIM_HORIZON`).
    TrimHorizon,
    /// Records from this Unix time in seconds (`AT_TIMESTAMP`; Kinesis only).
    AtTimestamp(u64),
}

impl<'de> Deserialize<'de> for StartingPositionSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StartingPositionSpec;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`latest`, `trim_horizon` or { at_timestamp: SECONDS }")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<StartingPositionSpec, E> {
                match text {
                    "latest" => Ok(StartingPositionSpec::Latest),
                    "trim_horizon" => Ok(StartingPositionSpec::TrimHorizon),
                    other => Err(E::custom(format!(
                        "unknown starting position `{other}`, expected `latest`, `trim_horizon` or {{ at_timestamp: SECONDS }}"
                    ))),
                }
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<StartingPositionSpec, A::Error> {
                let (_, seconds) = single_entry(map, &["at_timestamp"], "starting position")?;
                Ok(StartingPositionSpec::AtTimestamp(seconds))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// An HTTP method of an API route.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
#[schemars(rename = "Method")]
pub(crate) enum MethodSpec {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
    /// Any method.
    Any,
}

/// An EventBridge schedule: exactly one of `every` (a rate) or `cron` (the six fields of a cron expression).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Schedule")]
#[serde(expecting = "a schedule: { every: 1h } or { cron: \"0 6 * * ? *\" }")]
pub(crate) struct ScheduleSpec {
    /// Invoke at this rate (`ScheduleExpression: rate(...)`), e.g. `15m`, `1h`, `1d`. Default: none; one of `every` and `cron` is required.
    pub(crate) every: Option<DurationValue>,
    /// Invoke on this cron expression's six fields (`ScheduleExpression: cron(...)`), in UTC. Default: none; one of `every` and `cron` is required.
    pub(crate) cron: Option<String>,
    /// `Description`, at most 512 characters. Default: none.
    pub(crate) description: Option<String>,
    /// A fixed JSON event to pass (`Targets[].Input`). Default: the scheduled event.
    pub(crate) input: Option<String>,
    /// Create the rule switched off (`State: DISABLED`). Default: false.
    pub(crate) disabled: Option<bool>,
}

/// A permission for the function on one construct, by id: `{ read_data: Orders }`.
#[derive(Debug, Clone)]
pub(crate) struct GrantSpec {
    pub(crate) intent: GrantIntent,
    pub(crate) target: String,
}

/// Every grant, by its key (the intent's name) and the kind of construct it is on.
/// `read` is one key for two intents: the reader gives `ReadSecret`, and the target's
/// kind decides (a parameter's is `ReadParameter`).
pub(crate) const GRANTS: [(GrantIntent, ConstructKind); 14] = [
    (GrantIntent::ReadData, ConstructKind::Table),
    (GrantIntent::WriteData, ConstructKind::Table),
    (GrantIntent::ReadWriteData, ConstructKind::Table),
    (GrantIntent::Send, ConstructKind::Queue),
    (GrantIntent::Consume, ConstructKind::Queue),
    (GrantIntent::Publish, ConstructKind::Topic),
    (GrantIntent::ReadObjects, ConstructKind::Bucket),
    (GrantIntent::WriteObjects, ConstructKind::Bucket),
    (GrantIntent::ReadWriteObjects, ConstructKind::Bucket),
    (GrantIntent::PutRecords, ConstructKind::Stream),
    (GrantIntent::ReadSecret, ConstructKind::Secret),
    (GrantIntent::ReadParameter, ConstructKind::Parameter),
    (GrantIntent::Decrypt, ConstructKind::Key),
    (GrantIntent::Encrypt, ConstructKind::Key),
];

/// The schema of a grant.
#[derive(JsonSchema)]
#[allow(dead_code)] // only its schema is used; `GrantSpec` reads the value
#[schemars(rename = "Grant")]
#[schemars(rename_all = "snake_case")]
enum GrantSchema {
    /// Read a table's items: `dynamodb:BatchGetItem`, `ConditionCheckItem`, `DescribeTable`, `GetItem`, `Query`, `Scan` on its ARN.
    ReadData(String),
    /// Write a table's items: `dynamodb:BatchWriteItem`, `DeleteItem`, `DescribeTable`, `PutItem`, `UpdateItem` on its ARN.
    WriteData(String),
    /// Read and write a table's items.
    ReadWriteData(String),
    /// Send messages to a queue: `sqs:SendMessage`, `GetQueueAttributes`, `GetQueueUrl`.
    Send(String),
    /// Receive and delete a queue's messages.
    Consume(String),
    /// Publish to a topic: `sns:Publish`.
    Publish(String),
    /// Read a bucket's objects: `s3:GetObject` on its objects, `s3:ListBucket` on it.
    ReadObjects(String),
    /// Write and delete a bucket's objects: `s3:PutObject`, `DeleteObject`, `AbortMultipartUpload`.
    WriteObjects(String),
    /// Read, write and delete a bucket's objects.
    ReadWriteObjects(String),
    /// Put records on a Kinesis stream: `kinesis:PutRecord`, `PutRecords`, `ListShards`, `DescribeStreamSummary`.
    PutRecords(String),
    /// Read a secret (`secretsmanager:GetSecretValue`, `DescribeSecret`) or an SSM parameter (`ssm:GetParameter`, `GetParameters`), and `kms:Decrypt` on its key when it names one.
    Read(String),
    /// Decrypt with a KMS key: `kms:Decrypt` on its ARN.
    Decrypt(String),
    /// Encrypt with a KMS key: `kms:Encrypt`, `kms:GenerateDataKey` on its ARN.
    Encrypt(String),
}

impl JsonSchema for GrantSpec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "GrantEntry".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        GrantSchema::json_schema(generator)
    }
}

impl<'de> Deserialize<'de> for GrantSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = GrantSpec;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a grant such as { read_data: TABLE }, { send: QUEUE }, { publish: TOPIC }")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<GrantSpec, A::Error> {
                let keys = GRANTS.map(|(i, _)| i.as_str());
                let (i, target) = single_entry(map, &keys, "grant")?;
                Ok(GrantSpec { intent: GRANTS[i].0, target })
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

/// An S3 bucket (`AWS::S3::Bucket`): encrypted, every kind of public access blocked, kept when the stack is deleted.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Bucket")]
#[serde(expecting = "a bucket: a map of optional settings, or nothing")]
pub(crate) struct BucketSpec {
    /// A fixed, globally unique bucket name (`BucketName`). Default: generated by CloudFormation, or `<stack>-<id>-<account>-<region>` for a bucket that notifies a function of its stack.
    pub(crate) name: Option<String>,
    /// Keep every version of every object (`VersioningConfiguration`). Default: false.
    pub(crate) versioned: Option<bool>,
    /// Encryption at rest (`BucketEncryption`): `s3_managed` (`AES256`) or `{ kms: KEY }` (`aws:kms`). Default: `s3_managed`.
    pub(crate) encryption: Option<BucketEncryptionSpec>,
    /// Delete objects this long after they were created (`LifecycleConfiguration`), whole days. Default: kept until deleted.
    pub(crate) expire_objects_after: Option<DurationValue>,
    /// What happens to the bucket and its objects when the stack stops managing it (`DeletionPolicy`). Default: retain.
    pub(crate) removal_policy: Option<RemovalPolicySpec>,
}

/// How a bucket's objects are encrypted at rest.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(rename_all = "snake_case")]
#[schemars(rename = "BucketEncryption")]
pub(crate) enum BucketEncryptionSpec {
    /// SSE-S3 (`SSEAlgorithm: AES256`).
    S3Managed,
    /// SSE-KMS with this key id, alias or ARN (`SSEAlgorithm: aws:kms`).
    Kms(String),
}

impl<'de> Deserialize<'de> for BucketEncryptionSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = BucketEncryptionSpec;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`s3_managed` or { kms: KEY }")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<BucketEncryptionSpec, E> {
                match text {
                    "s3_managed" => Ok(BucketEncryptionSpec::S3Managed),
                    other => Err(E::custom(format!(
                        "unknown encryption `{other}`, expected `s3_managed` or {{ kms: KEY }}"
                    ))),
                }
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<BucketEncryptionSpec, A::Error> {
                let (_, key) = single_entry(map, &["kms"], "encryption")?;
                Ok(BucketEncryptionSpec::Kms(key))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A Kinesis data stream (`AWS::Kinesis::Stream`), encrypted and kept when the stack is deleted.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "KinesisStream")]
#[serde(expecting = "a stream: a map of optional settings, or nothing")]
pub(crate) struct StreamSpecKinesis {
    /// Capacity mode (`StreamModeDetails`): `on_demand` or `{ provisioned: SHARDS }` (`ShardCount`). Default: `on_demand`.
    pub(crate) mode: Option<StreamModeSpec>,
    /// How long records are kept (`RetentionPeriodHours`), 24 hours to 365 days, whole hours. Default: 24 h (set by Kinesis; not written).
    pub(crate) retention: Option<DurationValue>,
    /// The KMS key that encrypts records (`StreamEncryption.KeyId`). Default: `alias/aws/kinesis`.
    pub(crate) kms_key: Option<String>,
    /// What happens to the stream and its records when the stack stops managing it (`DeletionPolicy`). Default: retain.
    pub(crate) removal_policy: Option<RemovalPolicySpec>,
}

/// How a Kinesis stream's capacity is provisioned.
#[derive(Debug, Clone, Copy, JsonSchema)]
#[schemars(rename_all = "snake_case")]
#[schemars(rename = "StreamMode")]
pub(crate) enum StreamModeSpec {
    /// Scales with traffic (`ON_DEMAND`).
    OnDemand,
    /// A fixed number of shards (`PROVISIONED`, `ShardCount`).
    Provisioned(u32),
}

impl<'de> Deserialize<'de> for StreamModeSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StreamModeSpec;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`on_demand` or { provisioned: SHARDS }")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<StreamModeSpec, E> {
                match text {
                    "on_demand" => Ok(StreamModeSpec::OnDemand),
                    other => Err(E::custom(format!(
                        "unknown stream mode `{other}`, expected `on_demand` or {{ provisioned: SHARDS }}"
                    ))),
                }
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<StreamModeSpec, A::Error> {
                let (_, shards) = single_entry(map, &["provisioned"], "stream mode")?;
                Ok(StreamModeSpec::Provisioned(shards))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A Lambda layer version (`AWS::Lambda::LayerVersion`), kept when replaced or deleted: exactly one of `dir` or `s3`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Layer")]
#[serde(expecting = "a layer: { dir: DIRECTORY } or { s3: { bucket, key } } and optional settings")]
pub(crate) struct LayerSpec {
    /// The layer's directory, relative to the spec file's folder, packaged as a deterministic zip (`Content`); its top-level folders are mounted under `/opt`. Default: none; exactly one of `dir` and `s3` is required.
    pub(crate) dir: Option<String>,
    /// A zip already in S3 (`Content.S3Bucket`, `S3Key`). Default: none; exactly one of `dir` and `s3` is required.
    pub(crate) s3: Option<LayerS3Spec>,
    /// Runtimes the layer works with (`CompatibleRuntimes`), at most 15. Default: none listed (any).
    #[serde(default)]
    pub(crate) compatible_runtimes: Vec<RuntimeName>,
    /// Instruction sets the layer works with (`CompatibleArchitectures`). Default: none listed (any).
    #[serde(default)]
    pub(crate) compatible_architectures: Vec<ArchitectureSpec>,
    /// `Description`, at most 256 characters. Default: none.
    pub(crate) description: Option<String>,
    /// `LicenseInfo`, e.g. an SPDX identifier. Default: none.
    pub(crate) license: Option<String>,
}

/// A layer zip in S3.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "LayerS3Object")]
pub(crate) struct LayerS3Spec {
    /// The bucket (`S3Bucket`).
    pub(crate) bucket: String,
    /// The object key (`S3Key`).
    pub(crate) key: String,
}

/// An API Gateway REST API (`AWS::ApiGateway::RestApi` from an OpenAPI body, a deployment and a stage); its routes are function events `{ rest_api: ID, method: GET, path: /x }`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "RestApi")]
#[serde(expecting = "a REST API: a map of optional settings, or nothing")]
pub(crate) struct RestApiSpec {
    /// The stage name (`StageName`), letters, digits, `-` and `_`. Default: `prod`.
    pub(crate) stage: Option<String>,
    /// `Description`. Default: none.
    pub(crate) description: Option<String>,
}

/// An API Gateway HTTP API (`AWS::ApiGatewayV2::Api` from an OpenAPI body, with the auto-deployed `$default` stage); its routes are function events `{ http_api: ID, method: GET, path: /x }`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "HttpApi")]
#[serde(expecting = "an HTTP API: a map of optional settings, or nothing")]
pub(crate) struct HttpApiSpec {
    /// `Description`. Default: none.
    pub(crate) description: Option<String>,
}

/// A KMS key (`AWS::KMS::Key`): symmetric, rotated yearly (`EnableKeyRotation`), with KMS's default key policy.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "KmsKey")]
#[serde(expecting = "a KMS key: a map of optional settings, or nothing")]
pub(crate) struct KmsKeySpec {
    /// `Description`. Default: none.
    pub(crate) description: Option<String>,
    /// What happens to the key when the stack stops managing it: retained, or scheduled for deletion after KMS's 30-day waiting period (`DeletionPolicy`). Default: retain.
    pub(crate) removal_policy: Option<RemovalPolicySpec>,
}

/// A Secrets Manager secret (`AWS::SecretsManager::Secret`) whose value Secrets Manager generates (`GenerateSecretString`); give a function its ARN with `{ arn_of: ID }` and the right to read it with `{ read: ID }`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Secret")]
#[serde(expecting = "a secret: a map of optional settings, or nothing")]
pub(crate) struct SecretSpec {
    /// `Description`. Default: none.
    pub(crate) description: Option<String>,
    /// The id of the KMS key that encrypts it (`KmsKeyId`); `{ read: ID }` then also grants `kms:Decrypt` on that key. Default: the AWS managed key `aws/secretsmanager`.
    pub(crate) kms_key: Option<String>,
    /// Length of the generated value (`GenerateSecretString.PasswordLength`), 1 to 4,096. Default: 32 (set by Secrets Manager; not written).
    pub(crate) length: Option<u32>,
    /// What happens to the secret when the stack stops managing it (`DeletionPolicy`). Default: retain.
    pub(crate) removal_policy: Option<RemovalPolicySpec>,
}

/// An SSM parameter of type `String` (`AWS::SSM::Parameter`) with a fixed name, for configuration (CloudFormation cannot create `SecureString` parameters; use a secret for secret values).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Parameter")]
#[serde(expecting = "a parameter: { name: /app/config, value: TEXT }")]
pub(crate) struct ParameterSpec {
    /// The parameter's name (`Name`), e.g. `/app/config`.
    pub(crate) name: String,
    /// The parameter's value (`Value`).
    pub(crate) value: String,
    /// `Description`. Default: none.
    pub(crate) description: Option<String>,
}

/// The kind of an existing resource.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "ExistingKind")]
pub(crate) enum ExistingKindSpec {
    /// An SQS queue (`Queue::existing`, `Queue::from_name`).
    Queue,
    /// An SNS topic.
    Topic,
    /// A DynamoDB table.
    Table,
    /// An S3 bucket.
    Bucket,
    /// A Kinesis data stream.
    Stream,
    /// A Lambda function.
    Function,
    /// A Lambda layer version (by ARN only).
    Layer,
    /// A Secrets Manager secret.
    Secret,
    /// An SSM parameter.
    Parameter,
    /// A KMS key (by ARN only).
    KmsKey,
}

impl ExistingKindSpec {
    /// The kind of construct it stands for.
    pub(crate) fn kind(self) -> ConstructKind {
        match self {
            ExistingKindSpec::Queue => ConstructKind::Queue,
            ExistingKindSpec::Topic => ConstructKind::Topic,
            ExistingKindSpec::Table => ConstructKind::Table,
            ExistingKindSpec::Bucket => ConstructKind::Bucket,
            ExistingKindSpec::Stream => ConstructKind::Stream,
            ExistingKindSpec::Function => ConstructKind::Function,
            ExistingKindSpec::Layer => ConstructKind::Layer,
            ExistingKindSpec::Secret => ConstructKind::Secret,
            ExistingKindSpec::Parameter => ConstructKind::Parameter,
            ExistingKindSpec::KmsKey => ConstructKind::Key,
        }
    }
}

/// A resource this app uses but does not create: its kind and exactly one of `arn` or `name`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Existing")]
#[serde(expecting = "an existing resource: { kind: table, name: Orders } or { kind: queue, arn: ARN }")]
pub(crate) struct ExistingSpec {
    /// What kind of resource it is.
    pub(crate) kind: ExistingKindSpec,
    /// Its full ARN, written as given (`Queue::existing(id, arn)`). Default: none; exactly one of `arn` and `name` is required.
    pub(crate) arn: Option<String>,
    /// Its name in the deploying account and region; its ARN is spelt with the partition, region and account pseudo parameters (`Queue::from_name`), and its id must be the name's ASCII letters and digits (`ops-alerts` is `opsalerts`). Not for layers and KMS keys. Default: none; exactly one of `arn` and `name` is required.
    pub(crate) name: Option<String>,
    /// A table's stream ARN (`Existing<TableRef>::stream_arn`), so that a `dynamodb` event can read it. Default: none.
    pub(crate) stream_arn: Option<String>,
    /// The id of the KMS key a secret or parameter is encrypted with (`Existing<SecretRef>::kms_key`), so that `{ read: ID }` also grants `kms:Decrypt` on it. Default: none (the AWS managed key).
    pub(crate) kms_key: Option<String>,
}

/// A raw CloudFormation resource, written as given.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "RawResource")]
#[serde(expecting = "a resource: { type: AWS::Service::Type, properties: { ... } }")]
pub(crate) struct RawResourceSpec {
    /// The CloudFormation type (`Type`), e.g. `AWS::CloudWatch::Alarm`.
    #[serde(rename = "type")]
    pub(crate) resource_type: String,
    /// `Properties`, written as given; intrinsics as `{ Ref: Id }`, `{ Fn::GetAtt: [Id, Arn] }`, `{ Fn::Sub: ... }` (or YAML's short tags). Default: none.
    pub(crate) properties: Option<TemplateValueSpec>,
    /// Logical ids added to its `DependsOn` (`RawResource::depends_on`). Default: none.
    #[serde(default)]
    pub(crate) depends_on: Vec<String>,
    /// `DeletionPolicy` and `UpdateReplacePolicy` (`RawResource::removal_policy`). Default: neither is written (CloudFormation deletes it).
    pub(crate) removal_policy: Option<RemovalPolicySpec>,
}

/// Any template value, as YAML or JSON; intrinsic functions in their long (`{ Fn::GetAtt: [...] }`) or short (`!GetAtt`) form.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct TemplateValueSpec(pub(crate) serde_yaml::Value);

impl JsonSchema for TemplateValueSpec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TemplateValue".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Any CloudFormation template value, written as given; intrinsic functions in their long form (`{ \"Fn::GetAtt\": [Id, Arn] }`) or, in YAML, their short tags."
        })
    }
}

impl TemplateValueSpec {
    /// The template value.
    pub(crate) fn value(&self) -> formwork::template::Value {
        crate::template::convert(&self.0)
    }
}

/// An override of one value of a synthesized resource of the stack.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "StackOverride")]
#[serde(expecting = "an override: { resource: WorkerRole, path: Properties.X, value: VALUE }")]
pub(crate) struct StackOverrideSpec {
    /// The logical id of the resource: a construct's id for its primary resource (`Worker`), or that id and the derived resource's role (`WorkerRole`, `WorkerLogGroup`).
    pub(crate) resource: String,
    /// `Properties.A.B` (list items by index), `Metadata.A`, `DeletionPolicy` or `UpdateReplacePolicy`.
    pub(crate) path: String,
    /// The new value; `null` removes the property.
    pub(crate) value: TemplateValueSpec,
}

/// An override of one value of a function's synthesized resources.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "FunctionOverride")]
#[serde(expecting = "an override: { path: Properties.X, value: VALUE } and optionally `resource: Role`")]
pub(crate) struct FunctionOverrideSpec {
    /// The role of the derived resource (`Role` for `WorkerRole`, `LogGroup`, `Url`, `AliasLive`, or an event source's id; `Function::override_resource`). Default: the function itself (`Function::override_property`).
    pub(crate) resource: Option<String>,
    /// `Properties.A.B` (list items by index), `Metadata.A`, `DeletionPolicy` or `UpdateReplacePolicy`.
    pub(crate) path: String,
    /// The new value; `null` removes the property.
    pub(crate) value: TemplateValueSpec,
}

/// A hand-made IAM statement of a function's role: exactly one of `allow` or `deny`, and its resources.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Statement")]
#[serde(expecting = "a statement: { allow: [ssm:GetParameter], resources: [{ arn_of: ID }, ARN] }")]
pub(crate) struct StatementSpec {
    /// `Effect: Allow` on these actions (`Statement::allow`), e.g. `ssm:GetParameter`; checked against IAM's action catalog. Default: none; exactly one of `allow` and `deny` is required.
    pub(crate) allow: Option<Vec<String>>,
    /// `Effect: Deny` on these actions (`Statement::deny`), e.g. to fence off part of what a grant allows. Default: none; exactly one of `allow` and `deny` is required.
    pub(crate) deny: Option<Vec<String>>,
    /// The statement's `Resource`s: a literal ARN, `{ arn_of: ID }` (a construct's ARN, new or existing), `{ objects_of: BUCKET, pattern: "uploads/*" }`, `{ arn: { service: ssm, resource: "parameter/app/*" } }` (spelt with the partition, region and account pseudo parameters) or `{ value: TEMPLATE VALUE }` (e.g. an `Fn::ImportValue`).
    pub(crate) resources: Vec<PolicyResourceSpec>,
    /// Conditions (`Statement::condition`, `Condition.<operator>.<key>`), in order. Default: none.
    #[serde(default)]
    pub(crate) conditions: Vec<ConditionSpec>,
    /// Lets the statement name `*` as its resource, for this reason, kept in the role's metadata (`formwork:unscoped`; `Statement::allow_wildcard`). Default: no opt-in (FW402 reports scopable actions on `*`).
    pub(crate) allow_wildcard: Option<String>,
}

/// A condition of a hand-made statement.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Condition")]
#[serde(expecting = "a condition: { operator: StringEquals, key: aws:SourceAccount, value: TEXT }")]
pub(crate) struct ConditionSpec {
    /// The condition operator, e.g. `StringEquals`.
    pub(crate) operator: String,
    /// The condition key, e.g. `kms:ViaService`.
    pub(crate) key: String,
    /// The value, or a list of values.
    pub(crate) value: OneOrMany,
}

/// One text or a list of texts.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "TextOrList")]
pub(crate) enum OneOrMany {
    /// One value.
    One(String),
    /// Several values.
    Many(Vec<String>),
}

/// One `Resource` of a hand-made statement.
#[derive(Debug, Clone)]
pub(crate) enum PolicyResourceSpec {
    Literal(String),
    ArnOf(String),
    Objects { bucket: String, pattern: String },
    Arn(ArnPartsSpec),
    Value(TemplateValueSpec),
}

/// An ARN spelt from parts, with the partition, region and account pseudo parameters.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ArnParts")]
pub(crate) struct ArnPartsSpec {
    /// The service, e.g. `ssm`.
    pub(crate) service: String,
    /// The resource part, e.g. `parameter/app/*`.
    pub(crate) resource: String,
    /// Which of region and account the ARN names (`Arn::new`, `Arn::global`, `Arn::partition_only`). Default: `regional`.
    pub(crate) scope: Option<ArnScopeSpec>,
}

/// Which parts an ARN names besides its partition.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "ArnScope")]
pub(crate) enum ArnScopeSpec {
    /// Region and account: `arn:<partition>:<service>:<region>:<account>:<resource>`.
    Regional,
    /// The account only (IAM, CloudFront): `arn:<partition>:<service>::<account>:<resource>`.
    Global,
    /// Neither (S3): `arn:<partition>:<service>:::<resource>`.
    PartitionOnly,
}

/// The schema of a statement's resource in map form.
#[derive(JsonSchema)]
#[allow(dead_code)] // only its schema is used
#[schemars(rename = "PolicyResourceForm")]
#[schemars(rename_all = "snake_case")]
enum PolicyResourceSchema {
    /// The ARN of a construct of the app, new or existing, by id (or `stack/id`).
    ArnOf(String),
    /// Objects of a bucket under a key pattern: `{ objects_of: BUCKET, pattern: "uploads/*" }` (`<bucket ARN>/<pattern>`).
    ObjectsOf(String),
    /// An ARN spelt from its parts with the pseudo parameters.
    Arn(ArnPartsSpec),
    /// Any template value, e.g. `{ Fn::ImportValue: other-app-QueueArn }` (`PolicyResource::Value`).
    Value(TemplateValueSpec),
}

impl JsonSchema for PolicyResourceSpec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PolicyResource".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let form = generator.subschema_for::<PolicyResourceSchema>();
        let objects = schemars::json_schema!({
            "type": "object",
            "description": "Objects of a bucket under a key pattern (`<bucket ARN>/<pattern>`).",
            "properties": {
                "objects_of": { "type": "string", "description": "The id of a bucket, new or existing." },
                "pattern": { "type": "string", "description": "The key pattern, e.g. `uploads/*`." }
            },
            "required": ["objects_of", "pattern"],
            "additionalProperties": false
        });
        schemars::json_schema!({
            "description": "One `Resource` of a statement: a literal ARN, `{ arn_of: ID }`, `{ objects_of: BUCKET, pattern: P }`, `{ arn: { service, resource } }` or `{ value: TEMPLATE VALUE }`.",
            "anyOf": [{ "type": "string", "minLength": 1 }, objects, form]
        })
    }
}

impl<'de> Deserialize<'de> for PolicyResourceSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = PolicyResourceSpec;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ARN, or one of { arn_of: ID }, { objects_of: BUCKET, pattern: P }, { arn: { service, resource } }")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<PolicyResourceSpec, E> {
                Ok(PolicyResourceSpec::Literal(text.to_string()))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PolicyResourceSpec, A::Error> {
                let Some(key) = map.next_key::<String>()? else {
                    return Err(de::Error::custom(
                        "empty resource; expected `arn_of`, `objects_of`, `arn` or `value`",
                    ));
                };
                let found = match key.as_str() {
                    "arn_of" => PolicyResourceSpec::ArnOf(map.next_value()?),
                    "arn" => PolicyResourceSpec::Arn(map.next_value()?),
                    "value" => PolicyResourceSpec::Value(map.next_value()?),
                    "objects_of" | "pattern" => {
                        let first: String = map.next_value()?;
                        let Some(second) = map.next_key::<String>()? else {
                            return Err(de::Error::custom("`objects_of` needs `pattern`, e.g. { objects_of: Uploads, pattern: \"in/*\" }"));
                        };
                        let other: String = map.next_value()?;
                        match (key.as_str(), second.as_str()) {
                            ("objects_of", "pattern") => {
                                PolicyResourceSpec::Objects { bucket: first, pattern: other }
                            }
                            ("pattern", "objects_of") => {
                                PolicyResourceSpec::Objects { bucket: other, pattern: first }
                            }
                            _ => {
                                return Err(de::Error::custom(format!(
                                "unknown field `{second}` of an `objects_of` resource, expected `pattern`"
                            )))
                            }
                        }
                    }
                    other => {
                        return Err(de::Error::custom(format!(
                        "unknown resource `{other}`, expected one of `arn_of`, `objects_of`, `arn`, `value`"
                    )))
                    }
                };
                if let Some(other) = map.next_key::<String>()? {
                    return Err(de::Error::custom(format!(
                        "a resource has one form, but `{other}` follows it"
                    )));
                }
                Ok(found)
            }
        }
        deserializer.deserialize_any(V)
    }
}

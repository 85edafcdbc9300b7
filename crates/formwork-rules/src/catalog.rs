//! The rule catalog: every rule's stable code, name, default severity and summary.
//! Codes are never reused; a retired rule keeps its code out of use.

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The template would fail to deploy or would be wrong: nothing is written.
    Error,
    /// Deploys, but is probably not what was meant.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rule {
    /// Stable code, e.g. `FW101`.
    pub code: &'static str,
    /// Short kebab-case name.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// What it checks, in one line.
    pub summary: &'static str,
    /// Why it matters.
    pub rationale: &'static str,
    /// How to fix what it finds.
    pub fix: &'static str,
}

macro_rules! rules {
    ($($ident:ident = $code:literal $name:literal $sev:ident $summary:literal $rationale:literal $fix:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $ident: Rule = Rule {
                code: $code,
                name: $name,
                severity: Severity::$sev,
                summary: $summary,
                rationale: $rationale,
                fix: $fix,
            };
        )*
        /// Every rule, by code.
        pub const ALL: &[Rule] = &[$($ident),*];
    };
}

rules! {
    MEMORY_RANGE = "FW101" "memory-range" Error
        "function memory is outside 128–10,240 MB"
        "Lambda rejects memory outside 128–10,240 MB when the function is created or updated; memory above 10,240 MB is allowed only with Lambda Managed Instances, and no external linter catches 10,241–32,768 on a normal function."
        "Set `memory` between 128 and 10,240 MB. CPU scales with memory, so raise it for CPU-bound work rather than the timeout.";
    TIMEOUT_RANGE = "FW102" "timeout-range" Error
        "function timeout is outside 1–900 s"
        "Lambda accepts timeouts of 1 to 900 seconds (15 minutes); longer runs need Step Functions or a container service."
        "Set `timeout` between 1 and 900 s; split longer work into steps.";
    EPHEMERAL_STORAGE_RANGE = "FW103" "ephemeral-storage-range" Error
        "function ephemeral storage is outside 512–10,240 MB"
        "`/tmp` can be 512 to 10,240 MB; other values fail at deploy time."
        "Set `ephemeral_storage` between 512 and 10,240 MB, or leave it at the 512 MB default.";
    ENV_KEY_PATTERN = "FW104" "env-key-pattern" Error
        "an environment variable name does not match `[a-zA-Z][a-zA-Z0-9_]+`"
        "Lambda requires environment variable names to match `[a-zA-Z][a-zA-Z0-9_]+`: a letter first, at least two characters."
        "Rename the variable: letters, digits and `_`, starting with a letter.";
    ENV_KEY_RESERVED = "FW105" "env-key-reserved" Error
        "an environment variable name is reserved by Lambda"
        "Lambda sets 18 variables itself (`AWS_REGION`, `_HANDLER`, `AWS_LAMBDA_FUNCTION_NAME`, credentials, ...) and rejects functions that define them."
        "Choose another name; read the value Lambda provides instead of setting it.";
    ENV_SIZE = "FW106" "env-size" Error
        "environment variables exceed 4 KB in total"
        "All environment variables of a function, names and values together, may take at most 4 KB; a larger set fails at deploy time. Values resolved at deploy time (`!Ref`) are not counted, so this is a lower bound."
        "Move large values to SSM Parameter Store, Secrets Manager or a file shipped with the code.";
    FUNCTION_NAME = "FW107" "function-name" Error
        "function name is not 1–64 characters of `[a-zA-Z0-9_-]`"
        "Function names are 1 to 64 characters of letters, digits, `-` and `_`."
        "Shorten or rename the function, or leave `function_name` unset and let CloudFormation generate a name.";
    HANDLER_FORMAT = "FW108" "handler-format" Error
        "handler is empty, longer than 128 characters or contains whitespace"
        "Lambda requires a handler of at most 128 characters without whitespace, in the runtime's form (`file.function` for Python and Node.js)."
        "Name the handler as the runtime expects, e.g. `app.handler`.";
    RUNTIME_DEPRECATED = "FW109" "runtime-deprecated" Warning
        "runtime is deprecated"
        "A deprecated runtime gets no more security patches, and AWS blocks creating and then updating functions with it on announced dates."
        "Move to the successor runtime named in the message before creation is blocked.";
    RUNTIME_BLOCKED = "FW110" "runtime-blocked" Error
        "runtime can no longer be used to create or update functions"
        "After the announced dates Lambda refuses to create (and later to update) functions with the runtime: the deployment fails."
        "Move to the successor runtime named in the message.";
    RUNTIME_UNKNOWN = "FW111" "runtime-unknown" Error
        "runtime is not a Lambda runtime"
        "The runtime identifier is not one CloudFormation accepts, so the deployment fails."
        "Use an identifier from the `Runtime` enum, such as `python3.13` or `nodejs24.x`.";
    DESCRIPTION_LENGTH = "FW112" "description-length" Error
        "function description is longer than 256 characters"
        "Function descriptions are limited to 256 characters."
        "Shorten the description.";
    CODE_MISSING = "FW113" "code-missing" Error
        "function code directory cannot be packaged"
        "A function whose code directory is missing or empty cannot be packaged, so there is nothing to deploy."
        "Point `Code::dir` at an existing directory with the handler's files; relative paths resolve against `App::root` (spec files: the spec's folder).";
    INLINE_CODE = "FW114" "inline-code" Error
        "inline code is larger than 4,096 characters or its runtime is not Python or Node.js"
        "CloudFormation writes `Code.ZipFile` into `index.py` or `index.js`; only Python and Node.js runtimes can run it, and the source may be at most 4,096 characters."
        "Keep inline handlers small and in Python or Node.js; package anything larger with `Code::dir`.";
    LAYER_COUNT = "FW115" "layer-count" Error
        "function uses more than 5 layers"
        "Lambda accepts at most five layers per function; a sixth fails the deployment."
        "Merge layers, or move rarely used libraries into the function's own package.";
    LAYER_INCOMPATIBLE = "FW116" "layer-incompatible" Error
        "a layer does not list the function's runtime or architecture as compatible"
        "A layer version that names compatible runtimes or architectures can only be added to functions with one of them; Lambda rejects the function otherwise, and native code built for another runtime or instruction set would not load anyway."
        "Add the function's runtime (and architecture) to the layer's `compatible_runtime` list, or use a layer built for it.";
    IMAGE_SETTINGS = "FW117" "image-settings" Error
        "container image function sets a handler, runtime or layers"
        "A function deployed as a container image (`PackageType: Image`) takes its runtime and entry point from the image; Lambda rejects a `Handler`, `Runtime` or `Layers` on it."
        "Remove the handler, runtime and layers (build them into the image), or deploy a zip instead.";
    PROVISIONED_ABOVE_RESERVED = "FW118" "provisioned-above-reserved" Error
        "provisioned concurrency exceeds the function's reserved concurrency"
        "Provisioned concurrency is drawn from the function's reserved concurrency when one is set; asking for more than is reserved fails the deployment."
        "Lower `provisioned_concurrency` to at most `reserved_concurrency`, or raise the reservation.";
    CODE_SIZE = "FW119" "code-size" Error
        "function code is larger than 50 MB zipped or 250 MB unzipped with its layers"
        "Lambda accepts a deployment package of at most 50 MB zipped for direct upload and 250 MB unzipped including every layer; larger code fails to deploy. formwork measures the real files it packages."
        "Remove what the function does not need (tests, docs, unused dependencies), move large dependencies into a layer within the 250 MB total, or ship a container image (up to 10 GB).";
    SNAPSTART_UNSUPPORTED = "FW120" "snapstart-unsupported" Error
        "SnapStart on a runtime or setup that does not support it"
        "SnapStart works for Java 11 and later, Python 3.12 and later and .NET 8 and later, on zip packages without provisioned concurrency or EFS and with the default 512 MB of ephemeral storage; other combinations are rejected."
        "Turn SnapStart off, or move the function to a supported runtime and setup.";
    LOG_LEVEL_FORMAT = "FW121" "log-level-format" Error
        "log levels are set without the JSON log format"
        "`ApplicationLogLevel` and `SystemLogLevel` filter structured logs only; Lambda rejects them when `LogFormat` is not `JSON`."
        "Set `log_format(LogFormat::Json)`, or remove the log levels.";
    PUBLIC_URL = "FW122" "public-url" Warning
        "function URL allows unauthenticated access"
        "A URL with `AuthType: NONE` lets anyone on the internet invoke the function and run up its cost; it should be a deliberate, documented choice."
        "Use `FunctionUrl::iam()` and sign requests, or keep `FunctionUrl::public(reason)` and check the function authenticates its callers itself.";
    VPC_CONFIG = "FW123" "vpc-config" Error
        "VPC configuration lacks subnets or security groups"
        "A function attached to a VPC needs at least one subnet and one security group to place its network interfaces in; with either list empty Lambda rejects the configuration."
        "Give the VPC configuration at least one subnet (two in different zones for availability) and one security group.";
    INVOKE_PERMISSION_SOURCE = "FW124" "invoke-permission-source" Error
        "an AWS service may invoke a function without a source ARN or source account"
        "A permission for a service principal without `SourceArn` lets that service invoke the function on behalf of any resource, in any account (the confused deputy problem); ARNs without an account, such as S3 buckets', also need `SourceAccount`."
        "Limit the permission with `source_arn` (and `from_this_account` for S3).";
    SECRET_IN_ENVIRONMENT = "FW130" "secret-in-environment" Error
        "an environment variable holds what looks like a credential"
        "Environment variables are part of the template and of the function's configuration: anyone who can read either (`lambda:GetFunctionConfiguration`, the stack's template, a CI log) reads the value. formwork recognizes AWS access key ids (`AKIA…`, `ASIA…`), AWS secret access keys (40 characters beside an access key or under a name with SECRET), private key blocks and GitHub, Slack, Stripe live and Google API tokens."
        "Keep the value in a Secrets Manager secret, pass its ARN in the variable, grant the function `secretsmanager:GetSecretValue` on it and read it at start-up; an AWS key is not needed at all, the function's role gives credentials. Rotate the exposed credential.";
    CODE_OUTSIDE = "FW135" "code-outside" Error
        "a code folder lies outside the app's root, or a symlink in it points outside the folder"
        "Everything in a code folder is zipped and uploaded by `deploy`. A code path that is absolute or climbs out of the app (`../../../etc`), or a symlink to `/etc/shadow` in a function's folder, would ship files from anywhere on the machine."
        "Move the code inside the app's folder and replace the symlink by the file; if the files are meant to come from there, opt in with `App::code_outside_root(CodeOutsideRoot::Allow)` or `App::symlinks(Links::Follow)` (`code_outside_root: allow` and `symlinks: follow` in a spec file).";
    RUST_BUILD = "FW140" "rust-build" Error
        "a Rust function's crate could not be built for Lambda"
        "`Code::rust` builds a binary crate of the workspace with `cargo zigbuild` for the function's architecture against glibc 2.34, the version of `provided.al2023`; when the build fails, or zig, cargo-zigbuild or the target's standard library is missing, there is no `bootstrap` to deploy."
        "Follow the command in the message: install the tools (`python3 -m venv ~/.cache/formwork/zig && ~/.cache/formwork/zig/bin/pip install ziglang cargo-zigbuild`), add the target (`rustup target add aarch64-unknown-linux-gnu` for arm64), or fix the errors cargo reports.";
    RUST_RUNTIME = "FW141" "rust-runtime" Error
        "a Rust function does not use an OS-only runtime"
        "A Rust binary is started as the custom runtime's `bootstrap`; only the OS-only runtimes (`provided.al2023`, `provided.al2`) run it, and any other runtime looks for a handler the zip does not have."
        "Create the function with `Function::rust(id, Code::rust(package))`, which sets `provided.al2023` and the handler `bootstrap`.";
    DLQ_TARGET = "FW201" "dlq-target" Error
        "dead-letter target is not the ARN of an SQS queue or SNS topic"
        "Lambda's `DeadLetterConfig.TargetArn` must be the ARN of an SQS queue or SNS topic. `!Ref` of a queue is its URL, which the deployment rejects; no external tool catches this."
        "Use `!GetAtt Queue.Arn` for a queue or `!Ref Topic` for a topic; with formwork's builders pass the queue or topic handle.";
    SQS_VISIBILITY_BELOW_TIMEOUT = "FW202" "sqs-visibility-below-timeout" Error
        "queue visibility timeout is shorter than its consumer's timeout"
        "Lambda refuses to create an SQS event source mapping when the queue's visibility timeout is shorter than the function's timeout: a message would reappear while it is still being processed."
        "Raise the queue's `visibility_timeout` to the value in the message: 6 × the function's timeout + the batching window, which AWS recommends (FW203), and at least the timeout, which Lambda requires.";
    SQS_VISIBILITY_RECOMMENDED = "FW203" "sqs-visibility-recommended" Warning
        "queue visibility timeout is below 6 × consumer timeout + batching window"
        "AWS recommends a visibility timeout of at least six times the function's timeout plus the batching window, so that retries after throttling do not deliver a message twice while it is still in flight."
        "Raise the queue's `visibility_timeout` to the value in the message.";
    SQS_BATCH_WITHOUT_WINDOW = "FW204" "sqs-batch-without-window" Error
        "SQS batch size above 10 without a batching window"
        "For standard queues a batch size above 10 requires `MaximumBatchingWindowInSeconds` of at least 1 s; otherwise the mapping is rejected. No external tool catches this."
        "Set `batching_window` to at least 1 s and, where the message says so, raise the queue's visibility timeout to 6 × the function's timeout + the window (FW203); or lower `batch_size` to 10.";
    SQS_FIFO_BATCH = "FW205" "sqs-fifo-batch" Error
        "FIFO queue source with batch size above 10 or a batching window"
        "FIFO queues deliver at most 10 messages per batch and take no batching window."
        "Set `batch_size` to 10 or less and remove `batching_window`.";
    ESM_RANGE = "FW206" "event-source-range" Error
        "an event source mapping setting is outside its allowed range"
        "Event source mapping settings have fixed ranges: SQS batch size 1–10,000, batching window 0–300 s, SQS maximum concurrency 2–1,000, and no starting position for SQS."
        "Bring the setting named in the message into its range.";
    QUEUE_RANGE = "FW207" "queue-range" Error
        "a queue setting is outside its allowed range"
        "SQS accepts a visibility timeout of 0 s to 12 h, a retention of 60 s to 14 days and a delay of 0 to 900 s."
        "Bring the setting named in the message into its range.";
    QUEUE_REDRIVE = "FW208" "queue-redrive" Error
        "queue redrive policy is invalid (type mismatch or maxReceiveCount)"
        "A queue's redrive dead-letter queue must be of the same type (FIFO with FIFO, standard with standard), and `maxReceiveCount` must be 1 to 1,000."
        "Give the queue a dead-letter queue of its own type and a receive count of at least 1.";
    QUEUE_DLQ_RETENTION = "FW209" "queue-dlq-retention" Warning
        "a queue's DLQ keeps messages no longer than the queue itself"
        "A message's age counts from when it was first sent, not from when it moved to the dead-letter queue; a DLQ that keeps messages no longer than its source can drop them as soon as they arrive."
        "Give the dead-letter queue a longer retention than its source, e.g. 14 days.";
    ASYNC_INVOKE_RANGE = "FW210" "async-invoke-range" Error
        "an asynchronous invocation setting is outside its allowed range"
        "Lambda retries a failed asynchronous invocation 0 to 2 times and keeps an event 60 to 21,600 seconds (6 hours); other values are rejected."
        "Set `retry_attempts` between 0 and 2 and `max_event_age` between 60 s and 6 h.";
    ASYNC_WITHOUT_FAILURE_TARGET = "FW211" "async-without-failure-target" Warning
        "an asynchronously invoked function has neither a dead-letter queue nor an on-failure destination"
        "Events that fail every attempt, or wait longer than the maximum event age, are dropped without a trace when there is nowhere to send them."
        "Add `on_failure(...)` (a queue, topic, function, event bus or bucket) or `dead_letter_queue(...)`.";
    DESTINATION_TARGET = "FW212" "destination-target" Error
        "a destination is not the ARN of a supported target"
        "Destinations must be ARNs: of a standard SQS queue, a standard SNS topic, a Lambda function, an EventBridge bus, or (on failure only) an S3 bucket. `!Ref` of a queue is its URL and FIFO queues and topics are not supported; Lambda only reports the failure at run time (`DestinationDeliveryFailures`)."
        "Use `!GetAtt Queue.Arn`, `!Ref Topic`, `!GetAtt Function.Arn`, an event bus ARN or `!GetAtt Bucket.Arn`; with formwork's builders pass the handle.";
    STREAM_SOURCE_RANGE = "FW213" "stream-source-range" Error
        "a stream event source setting is outside its allowed range"
        "Kinesis and DynamoDB stream mappings accept a batch size of 1–10,000, a batching window of 0–300 s, a maximum record age of -1 or 60–604,800 s, -1 to 10,000 retries, a parallelization factor of 1–10 and a tumbling window of 0–900 s."
        "Bring the setting named in the message into its range.";
    STREAM_STARTING_POSITION = "FW214" "stream-starting-position" Error
        "a stream event source has no starting position"
        "Kinesis and DynamoDB stream mappings must say where to start reading (`LATEST`, `TRIM_HORIZON` or, for Kinesis, `AT_TIMESTAMP`); without one the mapping is rejected."
        "Set the starting position (`StreamSource::kinesis(&stream, StartingPosition::Latest)`).";
    FILTER_COUNT = "FW215" "filter-count" Error
        "an event source mapping has more than 20 filters"
        "An event source mapping accepts at most 20 filter patterns (`FilterCriteria.Filters`)."
        "Combine patterns: one pattern can match several values of a field.";
    DYNAMODB_STREAM_DISABLED = "FW216" "dynamodb-stream-disabled" Error
        "an event source reads the stream of a table that has none"
        "A table's `StreamArn` exists only when its `StreamSpecification` is set; a mapping that reads it fails to deploy."
        "Turn the table's stream on with `Table::stream(StreamView::...)`.";
    S3_NOTIFICATION_ORDER = "FW217" "s3-notification-order" Error
        "a bucket notifies a function without waiting for the permission that allows it"
        "S3 checks that it may invoke the function when the notification is created: the bucket must depend on the function's permission (`DependsOn`), and that permission must name the bucket's ARN without referring to the bucket, or the stack has a circular dependency."
        "Give the function a permission for `s3.amazonaws.com` whose `SourceArn` spells the bucket's ARN from its name, and make the bucket `DependsOn` it; formwork's `S3Source` does both.";
    S3_SOURCE_STACK = "FW218" "s3-source-stack" Error
        "an S3 source's bucket is in another stack than its function"
        "A bucket's notifications are part of the bucket resource and must wait for the function's permission; across stacks that ordering cannot be expressed."
        "Put the function and the bucket in the same stack.";
    EVENT_JSON = "FW219" "event-json" Error
        "an event pattern, filter or input is not valid JSON"
        "Event patterns, filter policies, filter criteria and rule inputs are JSON documents; invalid JSON fails the deployment or never matches."
        "Write the text as a JSON object, e.g. {\"source\": [\"aws.s3\"]}.";
    API_ROUTE_STACK = "FW220" "api-route-stack" Error
        "an API route's API is in another stack than its function"
        "An API's routes are part of its definition (its OpenAPI body), which must name the functions it invokes; formwork writes the body in the API's stack, so the function must be there too."
        "Put the function in the API's stack.";
    SCHEDULE_EXPRESSION = "FW221" "schedule-expression" Error
        "a schedule expression is not a valid rate() or cron() expression"
        "EventBridge accepts `rate(N unit)` with a whole N of at least 1 and the unit singular for 1 (`minute`, `hour`, `day`) and plural otherwise, or `cron()` with six fields; a rate in seconds or a five-field cron fails the deployment."
        "Use `Schedule::rate` with whole minutes, hours or days, or a six-field `Schedule::cron`.";
    RESERVED_CONCURRENCY_TOTAL = "FW301" "reserved-concurrency-total" Error
        "reserved concurrency leaves less than 100 unreserved in the account"
        "An account must keep at least 100 concurrent executions unreserved; a deployment that reserves more fails with \"decreases account's UnreservedConcurrentExecution below its minimum value\". The default account limit is 1,000."
        "Lower the `reserved_concurrency` of the functions named in the message, or raise the account's limit with AWS and say so with `App::account_concurrency` (or `--account-concurrency`).";
    IAM_WILDCARD_ACTION = "FW401" "iam-wildcard-action" Error
        "policy allows a wildcard action"
        "A wildcard action (`*`, `sqs:*`) grants every current and future action of a service, including destructive and permission-changing ones."
        "List the exact actions needed; grants on constructs (`table.read_data()`, `queue.send()`) do this for you.";
    IAM_WILDCARD_RESOURCE = "FW402" "iam-wildcard-resource" Error
        "policy allows scopable actions on every resource"
        "`Resource: \"*\"` grants the actions on every resource of the account. Only actions that accept no resource ARN (such as `xray:PutTraceSegments`) legitimately need it."
        "Scope the statement to the ARNs of the resources used.";
    IAM_UNKNOWN_ACTION = "FW403" "iam-unknown-action" Error
        "a policy names an action or service IAM does not have"
        "IAM accepts a misspelt action silently and grants nothing, so the function fails at run time with AccessDenied; the action catalog (AWS's service authorization data) knows every real one."
        "Use the spelling in the message's suggestion, or a typed action (`formwork_iam::actions`) that cannot be misspelt.";
    IAM_RESOURCE_MISMATCH = "FW404" "iam-resource-mismatch" Error
        "a policy grants an action on resources it cannot act on"
        "Each action accepts certain resource types (`sqs:SendMessage` a queue, not a table); granting it on another type grants nothing, and `Ref` of a queue is its URL, not an ARN. An action that acts on none of its statement's resources, beside other actions of the policy that do act on them, is dead weight (a warning); a statement whose resources no action of the policy acts on is a broken grant (an error: the caller gets AccessDenied)."
        "Grant the action on the ARN of a resource of the type it accepts.";
    IAM_UNUSED_RESOURCE = "FW405" "iam-unused-resource" Warning
        "a policy statement lists a resource none of its actions acts on"
        "A resource no action in the statement applies to is dead weight, and usually a sign that an action was forgotten or the wrong resource was named."
        "Remove the resource from the statement, or add the action it was meant for.";
    IAM_ALLOW_NOT = "FW406" "iam-allow-not" Error
        "an Allow statement uses NotAction or NotResource"
        "`Allow` with `NotAction` or `NotResource` grants everything except what is listed, including every action and resource AWS adds later."
        "List what is allowed with `Action` and `Resource` instead.";
    IAM_ESCALATION = "FW407" "iam-privilege-escalation" Error
        "a policy lets its holder raise its own privileges"
        "`iam:*`, `iam:PassRole` on any role or to any service, and permission-management actions not scoped to specific ARNs let code write its own permissions or hand a stronger role to a service."
        "Scope `iam:PassRole` to specific role ARNs with an `iam:PassedToService` condition, and permission-management actions to specific ARNs.";
    IAM_POLICY_SIZE = "FW408" "iam-policy-size" Error
        "a role's inline policies exceed 10,240 characters, or a managed policy 6,144"
        "IAM rejects the role or policy when its policies are larger than these limits (counted without whitespace)."
        "Split the permissions over managed policies, or grant less.";
    LOGICAL_ID = "FW501" "logical-id" Error
        "logical id is not 1–255 alphanumeric characters"
        "CloudFormation logical ids must be 1 to 255 alphanumeric characters."
        "Use only letters and digits in construct ids.";
    LOGICAL_ID_COLLISION = "FW502" "logical-id-collision" Error
        "two constructs would have the same logical id"
        "Two constructs that expand to the same logical id would overwrite each other; formwork keeps the first and reports the second instead of renaming either silently."
        "Rename one of the constructs.";
    DANGLING_REFERENCE = "FW503" "dangling-reference" Error
        "a reference names no resource, parameter or condition of the template"
        "A `Ref`, `Fn::GetAtt`, `Fn::Sub` placeholder or `DependsOn` that names nothing in the template fails when the stack is created."
        "Refer only to resources, parameters and conditions of the same template; add the missing construct to the stack.";
    RESOURCE_COUNT = "FW504" "resource-count" Error
        "template has more than 500 resources"
        "CloudFormation accepts at most 500 resources per template."
        "Call `Stack::auto_split()` (spec: `auto_split: true`) so that functions move into overflow stacks, or split the app into more stacks yourself; stateful resources (queues, tables, buckets, ...) never move automatically.";
    TEMPLATE_SIZE = "FW505" "template-size" Warning
        "template body is larger than 51,200 bytes (above 1,000,000 bytes: error)"
        "CloudFormation takes template bodies of up to 51,200 bytes directly and up to 1,000,000 bytes from S3; larger templates cannot be deployed at all."
        "Deploy large templates from S3 (`sam deploy` and `aws cloudformation deploy --s3-bucket` do this), or split the stack.";
    CROSS_STACK_REFERENCE = "FW506" "cross-stack-reference" Error
        "a construct refers to a stack the app does not have"
        "A handle from another app, or to a stack that was never created, cannot be resolved: there is no template to export it from."
        "Add the construct to a stack of this app; handles between stacks of one app are exported and imported automatically.";
    STACK_CYCLE = "FW507" "stack-cycle" Error
        "stacks import values from each other in a cycle"
        "Cross-stack references make the importing stack depend on the exporting one; two stacks that import from each other can never be deployed, because each must exist first."
        "Move the constructs both stacks use into one of them, or into a third stack that both import from.";
    SUPPRESSION_WITHOUT_REASON = "FW508" "suppression-without-reason" Error
        "a suppression gives no reason"
        "A suppressed finding is a decision someone has to be able to review later; without the reason the decision cannot be checked or revisited."
        "Say why the rule does not apply here, in the suppression's reason.";
    UNUSED_SUPPRESSION = "FW509" "unused-suppression" Warning
        "a suppression covers no finding"
        "A suppression that no longer matches a finding (the construct was renamed, or the problem was fixed) hides nothing today but would silently hide a new problem tomorrow."
        "Remove the suppression, or point it at the construct and rule it was meant for.";
    RESOURCE_SCHEMA = "FW510" "resource-schema" Error
        "a resource does not match its CloudFormation resource schema"
        "CloudFormation rejects a resource whose properties break its type's schema (unknown properties, wrong types, values out of range, missing required ones); checking every resource against the official schema catches a synthesis bug before anyone deploys it."
        "Correct the property named in the message; for resources formwork wrote, please report it as a bug.";
    GETATT_ATTRIBUTE = "FW511" "getatt-attribute" Error
        "Fn::GetAtt names an attribute the resource type does not have"
        "CloudFormation fails the stack when `Fn::GetAtt` (or `${X.Attr}` in `Fn::Sub`) asks for an attribute the target's type does not return."
        "Use one of the attributes listed in the message.";
    DEPENDENCY_CYCLE = "FW512" "dependency-cycle" Error
        "resources depend on each other in a cycle"
        "References and `DependsOn` order the creation of resources; a cycle (for example a bucket notification that needs a permission that needs the bucket) cannot be created at all."
        "Break the cycle: drop a `DependsOn`, or refer to one side by a value known in advance (a name, or an ARN built with `Fn::Sub`).";
    TEMPLATE_LIMITS = "FW513" "template-limits" Error
        "template has more than 200 outputs or parameters, or a description above 1,024 bytes"
        "CloudFormation rejects templates beyond these limits."
        "Split the stack, or shorten its description.";
    HANDLE_KIND = "FW520" "handle-kind" Error
        "a handle names a construct of another kind"
        "A handle made from an id (`stack.table_ref(\"Jobs\")`) carries the kind its caller expected; when the id belongs to a construct of another kind, every permission and reference built from it is wrong, and the template would fail at deploy time or grant actions that act on nothing."
        "Use the handle of the construct's own kind, or the id of a construct of the kind meant.";
    EXISTING_UNSUPPORTED = "FW521" "existing-resource-unsupported" Error
        "an existing resource is used where only a resource the app creates can be"
        "A resource the app does not create cannot be changed by its template: an existing bucket's notifications belong to whoever owns it, and an existing table's stream ARN carries a label only its owner knows."
        "Give what is missing (`Table::from_name(..).stream_arn(..)`), or let the resource's owner configure it.";
    OVERRIDE_TARGET = "FW525" "override-target" Error
        "a property override names a resource or path the template does not have"
        "An override (`override_property`, `override_resource`) changes the synthesized template after expansion; one whose resource is not there, or whose path runs through a value that is not a map or a list, would silently change nothing."
        "Name the logical id as the template has it (the construct's id, or its id and the derived resource's role, e.g. `WorkerRole`) and a path that starts with `Properties.` or `Metadata.`, or is `DeletionPolicy` or `UpdateReplacePolicy`.";
    UNKNOWN_RESOURCE_TYPE = "FW526" "unknown-resource-type" Error
        "a resource's type is not a CloudFormation resource type"
        "CloudFormation rejects the whole stack when one resource's `Type` names no resource type; a misspelt type in a raw resource (`Stack::resource`) is otherwise found only at deploy time. formwork knows every type CloudFormation publishes a schema for."
        "Spell the type as CloudFormation does (the message suggests the closest one), e.g. `AWS::SSM::Parameter`.";
    STACK_NAME = "FW540" "stack-name" Error
        "a stack name is not 1 to 128 letters, digits and hyphens starting with a letter"
        "CloudFormation accepts only such stack names, and the name becomes the template's file name: `../victim` or an absolute path would write outside the output folder."
        "Name the stack with letters, digits and hyphens, starting with a letter.";
    FINDING_LIMIT = "FW541" "finding-limit" Warning
        "more than 10,000 findings: the rest are counted, not reported"
        "A report is bounded so that a pathological template cannot make formwork's output, time or memory grow without limit; the count of what was left out is still given, and it is an error when any of those findings was."
        "Fix the reported problems (often one mistake repeated) and validate again.";
    UNKNOWN_RULE = "FW560" "unknown-rule" Error
        "a severity change names a rule formwork does not have"
        "A severity change for a misspelt rule code changes nothing: the rule keeps its own severity, and a warning the app meant to make an error passes unnoticed."
        "Use the code the message suggests, or one `formwork rules` lists.";
    ROLE_LACKS_SOURCE = "FW601" "role-lacks-source-permissions" Error
        "an execution role does not allow reading its function's event source"
        "Lambda polls an event source with the function's execution role; without the read actions on that queue or stream the mapping fails to create or never receives records. cfn-lint and checkov do not compare the role with its event sources."
        "Grant the role the read actions named in the message on the source's ARN (formwork's event sources do this for you).";
    ROLE_LACKS_DLQ = "FW602" "role-lacks-dlq-permission" Error
        "an execution role does not allow sending to its function's dead-letter target"
        "Lambda sends failed asynchronous events to the dead-letter queue or topic with the function's execution role; without `sqs:SendMessage` or `sns:Publish` on it, failed events are lost."
        "Allow `sqs:SendMessage` on the queue's ARN, or `sns:Publish` on the topic's ARN.";
    SAM_DLQ_TYPE = "FW603" "sam-dlq-type" Error
        "a SAM function's DeadLetterQueue Type does not match its target"
        "SAM uses `DeadLetterQueue.Type` to choose the permission it adds (`sqs:SendMessage` for SQS, `sns:Publish` for SNS); a Type that does not match the target leaves the function unable to deliver failed events."
        "Set `Type: SQS` for a queue's ARN and `Type: SNS` for a topic's ARN.";
}

/// The full text of a rule, as `explain CODE` prints it.
pub fn explain(rule: &Rule) -> String {
    format!(
        "{code} {name} ({severity} by default)\n\n{summary}.\n\nwhy: {rationale}\n\nfix: {fix}\n",
        code = rule.code,
        name = rule.name,
        severity = rule.severity.as_str(),
        summary = capitalized(rule.summary),
        rationale = rule.rationale,
        fix = rule.fix,
    )
}

/// Every rule as a Markdown document: what `docs/rules.md` holds.
pub fn markdown() -> String {
    let mut out = String::from(
        "# formwork rules\n\n<!-- generated from crates/formwork-rules/src/catalog.rs by \
         `cargo run -p formwork-cli -- rules > docs/rules.md`; a test fails when it is stale -->\n\n\
         Every finding carries one of these codes. Codes are stable and never reused; \
         `formwork explain CODE` (or `explain CODE` on any app binary) prints one entry.\n\n\
         | code | name | default severity | checks |\n|---|---|---|---|\n",
    );
    for r in ALL {
        out.push_str(&format!(
            "| [{0}](#{1}) | {2} | {3} | {4} |\n",
            r.code,
            r.code.to_lowercase(),
            r.name,
            r.severity.as_str(),
            r.summary
        ));
    }
    for r in ALL {
        out.push_str(&format!(
            "\n## {}\n\n**{}** · {} by default\n\n{}.\n\n**Why.** {}\n\n**Fix.** {}\n",
            r.code,
            r.name,
            r.severity.as_str(),
            capitalized(r.summary),
            r.rationale,
            r.fix
        ));
    }
    out
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The rule with this code (case-insensitive) or name.
pub fn rule(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter().find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert_ne!(a.code, b.code);
                assert_ne!(a.name, b.name);
            }
        }
        assert_eq!(rule("FW204").map(|r| r.name), Some("sqs-batch-without-window"));
    }
}

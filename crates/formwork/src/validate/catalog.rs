//! The rule catalog: every rule's stable code, name, default severity and summary.
//! Codes are never reused; a retired rule keeps its code out of use.

use super::finding::Severity;

/// One rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    DLQ_TARGET = "FW201" "dlq-target" Error
        "dead-letter target is not the ARN of an SQS queue or SNS topic"
        "Lambda's `DeadLetterConfig.TargetArn` must be the ARN of an SQS queue or SNS topic. `!Ref` of a queue is its URL, which the deployment rejects; no external tool catches this."
        "Use `!GetAtt Queue.Arn` for a queue or `!Ref Topic` for a topic; with formwork's builders pass the queue or topic handle.";
    SQS_VISIBILITY_BELOW_TIMEOUT = "FW202" "sqs-visibility-below-timeout" Error
        "queue visibility timeout is shorter than its consumer's timeout"
        "Lambda refuses to create an SQS event source mapping when the queue's visibility timeout is shorter than the function's timeout: a message would reappear while it is still being processed."
        "Raise the queue's `visibility_timeout` to at least the function's timeout (AWS recommends 6 × timeout + batching window).";
    SQS_VISIBILITY_RECOMMENDED = "FW203" "sqs-visibility-recommended" Warning
        "queue visibility timeout is below 6 × consumer timeout + batching window"
        "AWS recommends a visibility timeout of at least six times the function's timeout plus the batching window, so that retries after throttling do not deliver a message twice while it is still in flight."
        "Raise the queue's `visibility_timeout` to the value in the message.";
    SQS_BATCH_WITHOUT_WINDOW = "FW204" "sqs-batch-without-window" Error
        "SQS batch size above 10 without a batching window"
        "For standard queues a batch size above 10 requires `MaximumBatchingWindowInSeconds` of at least 1 s; otherwise the mapping is rejected. No external tool catches this."
        "Set `batching_window` to at least 1 s, or lower `batch_size` to 10.";
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
    RESERVED_CONCURRENCY_TOTAL = "FW301" "reserved-concurrency-total" Error
        "reserved concurrency leaves less than 100 unreserved in the account"
        "An account must keep at least 100 concurrent executions unreserved; a deployment that reserves more fails with \"decreases account's UnreservedConcurrentExecution below its minimum value\". The default account limit is 1,000."
        "Lower `reserved_concurrency`, or raise the account's limit with AWS and pass `--account-concurrency`.";
    IAM_WILDCARD_ACTION = "FW401" "iam-wildcard-action" Error
        "policy allows a wildcard action"
        "A wildcard action (`*`, `sqs:*`) grants every current and future action of a service, including destructive and permission-changing ones."
        "List the exact actions needed; grants on constructs (`table.read_data()`, `queue.send()`) do this for you.";
    IAM_WILDCARD_RESOURCE = "FW402" "iam-wildcard-resource" Error
        "policy allows scopable actions on every resource"
        "`Resource: \"*\"` grants the actions on every resource of the account. Only actions that accept no resource ARN (such as `xray:PutTraceSegments`) legitimately need it."
        "Scope the statement to the ARNs of the resources used.";
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
        "Split the app into more stacks.";
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
        "# formwork rules\n\n<!-- generated from crates/formwork/src/validate/catalog.rs by \
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

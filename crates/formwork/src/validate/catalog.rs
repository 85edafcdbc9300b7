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
}

macro_rules! rules {
    ($($ident:ident = $code:literal $name:literal $sev:ident $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $ident: Rule = Rule {
                code: $code,
                name: $name,
                severity: Severity::$sev,
                summary: $summary,
            };
        )*
        /// Every rule, by code.
        pub const ALL: &[Rule] = &[$($ident),*];
    };
}

rules! {
    MEMORY_RANGE = "FW101" "memory-range" Error
        "function memory is outside 128–10,240 MB";
    TIMEOUT_RANGE = "FW102" "timeout-range" Error
        "function timeout is outside 1–900 s";
    EPHEMERAL_STORAGE_RANGE = "FW103" "ephemeral-storage-range" Error
        "function ephemeral storage is outside 512–10,240 MB";
    ENV_KEY_PATTERN = "FW104" "env-key-pattern" Error
        "an environment variable name does not match [a-zA-Z][a-zA-Z0-9_]+";
    ENV_KEY_RESERVED = "FW105" "env-key-reserved" Error
        "an environment variable name is reserved by Lambda";
    ENV_SIZE = "FW106" "env-size" Error
        "environment variables exceed 4 KB in total";
    FUNCTION_NAME = "FW107" "function-name" Error
        "function name is not 1–64 characters of [a-zA-Z0-9_-]";
    HANDLER_FORMAT = "FW108" "handler-format" Error
        "handler is empty, longer than 128 characters or contains whitespace";
    RUNTIME_DEPRECATED = "FW109" "runtime-deprecated" Warning
        "runtime is deprecated";
    RUNTIME_BLOCKED = "FW110" "runtime-blocked" Error
        "runtime can no longer be used to create or update functions";
    RUNTIME_UNKNOWN = "FW111" "runtime-unknown" Error
        "runtime is not a Lambda runtime";
    DESCRIPTION_LENGTH = "FW112" "description-length" Error
        "function description is longer than 256 characters";
    CODE_MISSING = "FW113" "code-missing" Error
        "function code directory cannot be packaged";
    DLQ_TARGET = "FW201" "dlq-target" Error
        "dead-letter target is not the ARN of an SQS queue or SNS topic";
    SQS_VISIBILITY_BELOW_TIMEOUT = "FW202" "sqs-visibility-below-timeout" Error
        "queue visibility timeout is shorter than its consumer's timeout";
    SQS_VISIBILITY_RECOMMENDED = "FW203" "sqs-visibility-recommended" Warning
        "queue visibility timeout is below 6 × consumer timeout + batching window";
    SQS_BATCH_WITHOUT_WINDOW = "FW204" "sqs-batch-without-window" Error
        "SQS batch size above 10 without a batching window";
    SQS_FIFO_BATCH = "FW205" "sqs-fifo-batch" Error
        "FIFO queue source with batch size above 10 or a batching window";
    ESM_RANGE = "FW206" "event-source-range" Error
        "an event source mapping setting is outside its allowed range";
    QUEUE_RANGE = "FW207" "queue-range" Error
        "a queue setting is outside its allowed range";
    QUEUE_REDRIVE = "FW208" "queue-redrive" Error
        "queue redrive policy is invalid (type mismatch or maxReceiveCount)";
    QUEUE_DLQ_RETENTION = "FW209" "queue-dlq-retention" Warning
        "a queue's DLQ keeps messages no longer than the queue itself";
    RESERVED_CONCURRENCY_TOTAL = "FW301" "reserved-concurrency-total" Error
        "reserved concurrency leaves less than 100 unreserved in the account";
    IAM_WILDCARD_ACTION = "FW401" "iam-wildcard-action" Error
        "policy allows a wildcard action";
    IAM_WILDCARD_RESOURCE = "FW402" "iam-wildcard-resource" Error
        "policy allows scopable actions on every resource";
    LOGICAL_ID = "FW501" "logical-id" Error
        "logical id is not 1–255 alphanumeric characters";
    LOGICAL_ID_COLLISION = "FW502" "logical-id-collision" Error
        "two constructs would have the same logical id";
    DANGLING_REFERENCE = "FW503" "dangling-reference" Error
        "a reference names no resource, parameter or condition of the template";
    RESOURCE_COUNT = "FW504" "resource-count" Error
        "template has more than 500 resources";
    TEMPLATE_SIZE = "FW505" "template-size" Warning
        "template body is larger than 51,200 bytes (above 1,000,000 bytes: error)";
    CROSS_STACK_REFERENCE = "FW506" "cross-stack-reference" Error
        "a construct refers to a construct in another stack";
}

/// The rule with this code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    ALL.iter().find(|r| r.code == code)
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

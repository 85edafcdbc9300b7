//! Actions that accept no resource ARN and so legitimately need `Resource: "*"`.

/// Actions whose service authorization data lists no resource type: they can only be
/// granted on `*`. Source: AWS Service Authorization Reference (the "Resource types"
/// column is empty for each), as summarised in FACTS.md (2026-11-29).
pub const UNSCOPABLE_ACTIONS: &[&str] = &[
    "dynamodb:ListStreams",
    "dynamodb:ListTables",
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeVpcs",
    "kinesis:ListStreams",
    "sns:ListTopics",
    "sqs:ListQueues",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "xray:PutTelemetryRecords",
    "xray:PutTraceSegments",
];

/// Whether `action` (`service:Action`, compared case-insensitively as IAM does) can
/// only be granted on `*`.
pub fn is_unscopable(action: &str) -> bool {
    UNSCOPABLE_ACTIONS.iter().any(|a| a.eq_ignore_ascii_case(action))
}

//! Actions that accept no resource ARN and so legitimately need `Resource: "*"`.

use crate::catalog;

/// Examples of actions that accept no resource type and so can only be granted on `*`
/// (the ones Lambda functions meet most). The catalog is the full list: see
/// [`is_unscopable`]; a test checks that it agrees with every entry here.
pub const UNSCOPABLE_ACTIONS: &[&str] = &[
    "dynamodb:ListStreams",
    "dynamodb:ListTables",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSubnets",
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
/// only be granted on `*`: the catalog lists no resource type for it. `false` for actions
/// the catalog does not know and for patterns.
///
/// ```
/// assert!(formwork_iam::is_unscopable("xray:PutTraceSegments"));
/// assert!(!formwork_iam::is_unscopable("sqs:SendMessage"));
/// ```
pub fn is_unscopable(action: &str) -> bool {
    catalog::action(action).is_some_and(|a| a.is_unscopable())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_agree_with_the_catalog() {
        for a in UNSCOPABLE_ACTIONS {
            assert!(is_unscopable(a), "{a}");
        }
    }
}

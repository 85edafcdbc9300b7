//! Policy size as IAM counts it: the characters of the JSON document without whitespace,
//! after CloudFormation has replaced every intrinsic function by its value.

use formwork_template::{Intrinsic, Pseudo, Value};

use crate::issue::{PolicyIssue, PolicyKind};

/// IAM's limit on all inline policies of one role together, in characters (docs/facts.md, IAM).
pub const ROLE_INLINE_POLICIES_LIMIT: usize = 10_240;

/// IAM's limit on one managed policy, in characters (docs/facts.md, IAM).
pub const MANAGED_POLICY_LIMIT: usize = 6_144;

/// Characters assumed for `Ref` of a resource or parameter and for `Fn::GetAtt` of an ARN:
/// an ARN with a name CloudFormation generates (`arn:aws:sqs:ap-southeast-2:123456789012:`
/// is 42, `stack-LogicalId-1A2B3C4D5E6F7` about 40 more).
pub const RESOLVED_ARN_ESTIMATE: usize = 96;

/// Characters assumed for any other value known only at deployment: a name, an id.
pub const RESOLVED_NAME_ESTIMATE: usize = 64;

/// The estimated size of a policy document in characters as IAM counts them: the JSON
/// without whitespace, each intrinsic function counted as the value it resolves to
/// (pseudo parameters at their longest commercial value, other references by
/// [`RESOLVED_ARN_ESTIMATE`] and [`RESOLVED_NAME_ESTIMATE`]).
///
/// ```
/// use formwork_iam::{policy_size, PolicyDocument, Statement};
/// use formwork_template::Value;
///
/// let doc = PolicyDocument::new(vec![Statement::allow(["sqs:SendMessage"], [Value::from("*")])]);
/// let minified = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:SendMessage"],"Resource":["*"]}]}"#;
/// assert_eq!(policy_size(&doc.to_value()), minified.len());
/// ```
pub fn policy_size(document: &Value) -> usize {
    size(document)
}

/// The inline policies of one role (their `PolicyDocument`s) against
/// [`ROLE_INLINE_POLICIES_LIMIT`], together.
pub fn check_role_policies<'a>(documents: impl IntoIterator<Item = &'a Value>) -> Option<PolicyIssue> {
    let size: usize = documents.into_iter().map(policy_size).sum();
    (size > ROLE_INLINE_POLICIES_LIMIT).then_some(PolicyIssue::PolicyTooLarge {
        policy: PolicyKind::RoleInline,
        size,
        limit: ROLE_INLINE_POLICIES_LIMIT,
    })
}

/// One managed policy's document against [`MANAGED_POLICY_LIMIT`].
pub fn check_managed_policy(document: &Value) -> Option<PolicyIssue> {
    let size = policy_size(document);
    (size > MANAGED_POLICY_LIMIT).then_some(PolicyIssue::PolicyTooLarge {
        policy: PolicyKind::Managed,
        size,
        limit: MANAGED_POLICY_LIMIT,
    })
}

fn size(v: &Value) -> usize {
    match v {
        Value::Null => 4,
        Value::Bool(b) => {
            if *b {
                4
            } else {
                5
            }
        }
        Value::Int(n) => n.to_string().len(),
        Value::String(s) => 2 + text(s),
        Value::List(items) => 2 + items.iter().map(size).sum::<usize>() + items.len().saturating_sub(1),
        Value::Map(m) => {
            2 + m.iter().map(|(k, v)| 2 + text(k) + 1 + size(v)).sum::<usize>() + m.len().saturating_sub(1)
        }
        Value::Fn(f) => match &**f {
            Intrinsic::If { then, otherwise, .. } => size(then).max(size(otherwise)),
            _ => 2 + resolved(v),
        },
    }
}

/// Characters of a JSON string's content, escapes included.
fn text(s: &str) -> usize {
    s.chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
            c if (c as u32) < 0x20 => 6,
            _ => 1,
        })
        .sum()
}

/// Characters of the string a value resolves to (without quotes).
fn resolved(v: &Value) -> usize {
    match v {
        Value::String(s) => text(s),
        Value::Int(n) => n.to_string().len(),
        Value::Fn(f) => match &**f {
            Intrinsic::Ref(name) => reference(name, None),
            Intrinsic::GetAtt { attribute, .. } => reference("", Some(attribute)),
            Intrinsic::Sub { template, variables } => {
                let mut n = 0;
                let mut rest = template.as_str();
                while let Some(start) = rest.find("${") {
                    n += text(&rest[..start]);
                    let after = &rest[start + 2..];
                    let Some(end) = after.find('}') else { break };
                    let name = after[..end].trim();
                    rest = &after[end + 1..];
                    n += match (name.strip_prefix('!'), variables.as_ref().and_then(|vars| vars.get(name))) {
                        (Some(literal), _) => 3 + text(literal),
                        (None, Some(v)) => resolved(v),
                        (None, None) => match name.split_once('.') {
                            Some((_, attribute)) if Pseudo::from_name(name).is_none() => {
                                reference("", Some(attribute))
                            }
                            _ => reference(name, None),
                        },
                    };
                }
                n + text(rest)
            }
            Intrinsic::Join { delimiter, values } => {
                values.iter().map(resolved).sum::<usize>() + text(delimiter) * values.len().saturating_sub(1)
            }
            Intrinsic::If { then, otherwise, .. } => resolved(then).max(resolved(otherwise)),
            _ => RESOLVED_NAME_ESTIMATE,
        },
        other => size(other),
    }
}

fn reference(name: &str, attribute: Option<&str>) -> usize {
    match (Pseudo::from_name(name), attribute) {
        (Some(Pseudo::AccountId), _) => 12,
        (Some(Pseudo::Region), _) => 14,    // ap-southeast-2
        (Some(Pseudo::Partition), _) => 10, // aws-us-gov
        (Some(Pseudo::UrlSuffix), _) => 16, // amazonaws.com.cn
        (Some(Pseudo::NoValue), _) => 0,
        (Some(_), _) => RESOLVED_NAME_ESTIMATE,
        (None, Some(a)) if !a.ends_with("Arn") => RESOLVED_NAME_ESTIMATE,
        (None, _) => RESOLVED_ARN_ESTIMATE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intrinsics_count_as_their_estimated_values() {
        assert_eq!(size(&Value::get_att("Jobs", "Arn")), 2 + RESOLVED_ARN_ESTIMATE);
        assert_eq!(size(&Value::get_att("Jobs", "QueueName")), 2 + RESOLVED_NAME_ESTIMATE);
        let sub = Value::sub("arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:jobs");
        assert_eq!(size(&sub), 2 + "arn::sqs:::jobs".len() + 10 + 14 + 12);
        assert_eq!(size(&Value::join("/", vec!["a".into(), "b".into()])), 2 + 3);
        assert_eq!(size(&Value::from("a\"b")), 2 + 4);
    }
}

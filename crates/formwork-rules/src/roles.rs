//! Rules that compare what a function needs with what its execution role allows: the
//! read actions of its event sources and the send action of its dead-letter target.
//! Only roles defined in the same template are judged, and a finding is made only when
//! no statement could grant the action: an unresolvable resource counts as granting.

use std::collections::HashMap;

use formwork_template::{Intrinsic, Template, Value};

use super::catalog::{self, Rule};
use super::finding::Finding;
use super::referenced;

/// Read actions an event source mapping needs on its source, by source resource type.
/// What AWS's own execution policies for each source grant (docs/facts.md).
const SOURCE_ACTIONS: [(&str, &[&str], &str); 3] = [
    (
        "AWS::SQS::Queue",
        &["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
        "AWSLambdaSQSQueueExecutionRole",
    ),
    (
        "AWS::Kinesis::Stream",
        &["kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream", "kinesis:ListShards"],
        "AWSLambdaKinesisExecutionRole",
    ),
    (
        "AWS::DynamoDB::Table",
        &["dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream"],
        "AWSLambdaDynamoDBExecutionRole",
    ),
];

/// One Allow statement's actions and resources.
struct Grant {
    actions: Vec<String>,
    resources: Vec<Value>,
}

/// What a role allows, or `None` when it cannot be known from the template (a role
/// outside it, or a managed policy whose content is not known).
struct RoleView {
    grants: Vec<Grant>,
    managed: Vec<String>,
}

/// Policy documents attached to roles by separate policy resources, by role id, and
/// event source mappings by the function they feed: gathered once per template.
struct Index<'t> {
    attached: HashMap<&'t str, Vec<&'t Value>>,
    mappings: HashMap<&'t str, Vec<&'t formwork_template::Resource>>,
}

impl<'t> Index<'t> {
    fn new(template: &'t Template) -> Index<'t> {
        let mut attached: HashMap<&str, Vec<&Value>> = HashMap::new();
        let mut mappings: HashMap<&str, Vec<&formwork_template::Resource>> = HashMap::new();
        for r in template.resources.values() {
            match r.resource_type.as_str() {
                "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" | "AWS::IAM::RolePolicy" => {
                    let Some(doc) = r.properties.get("PolicyDocument") else { continue };
                    for key in ["Roles", "RoleName"] {
                        let named: Vec<&Value> = match r.properties.get(key) {
                            Some(Value::List(items)) => items.iter().collect(),
                            Some(v) => vec![v],
                            None => Vec::new(),
                        };
                        for v in named {
                            if let Some(Intrinsic::Ref(id)) = v.as_intrinsic() {
                                attached.entry(id.as_str()).or_default().push(doc);
                            }
                        }
                    }
                }
                "AWS::Lambda::EventSourceMapping" => {
                    if let Some((fid, _)) =
                        r.properties.get("FunctionName").and_then(|v| referenced(template, v))
                    {
                        mappings.entry(fid).or_default().push(r);
                    }
                }
                _ => {}
            }
        }
        Index { attached, mappings }
    }
}

fn role_of(
    template: &Template,
    index: &Index<'_>,
    function: &formwork_template::Resource,
) -> Option<(String, RoleView)> {
    let role_value = function.properties.get("Role")?;
    let (role_id, role) = referenced(template, role_value)?;
    if role.resource_type != "AWS::IAM::Role" {
        return None;
    }
    let mut grants = Vec::new();
    let mut documents: Vec<&Value> = role
        .properties
        .get("Policies")
        .and_then(Value::as_list)
        .unwrap_or_default()
        .iter()
        .filter_map(|p| p.get("PolicyDocument"))
        .collect();
    documents.extend(index.attached.get(role_id).into_iter().flatten().copied());
    for doc in documents {
        let statements: Vec<&Value> = match doc.get("Statement") {
            Some(Value::List(items)) => items.iter().collect(),
            Some(one) => vec![one],
            None => Vec::new(),
        };
        for st in statements {
            if st.get("Effect").and_then(Value::as_str) != Some("Allow") {
                continue;
            }
            grants.push(Grant { actions: strings(st.get("Action")), resources: values(st.get("Resource")) });
        }
    }
    let managed = match role.properties.get("ManagedPolicyArns") {
        Some(Value::List(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| "(expression)".into()))
            .collect(),
        _ => Vec::new(),
    };
    Some((role_id.to_string(), RoleView { grants, managed }))
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::List(items)) => items.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

fn values(v: Option<&Value>) -> Vec<Value> {
    match v {
        Some(Value::List(items)) => items.clone(),
        Some(one) => vec![one.clone()],
        None => Vec::new(),
    }
}

/// IAM action matching: case-insensitive, `*` and `?` wildcards.
pub(crate) fn action_matches(pattern: &str, action: &str) -> bool {
    fn matches(p: &[u8], a: &[u8]) -> bool {
        match (p.first(), a.first()) {
            (None, None) => true,
            (Some(b'*'), _) => matches(&p[1..], a) || (!a.is_empty() && matches(p, &a[1..])),
            (Some(b'?'), Some(_)) => matches(&p[1..], &a[1..]),
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => matches(&p[1..], &a[1..]),
            _ => false,
        }
    }
    matches(pattern.as_bytes(), action.as_bytes())
}

/// Whether a statement's resource could be `target`. Only a reference to another
/// resource, or the URL of the same queue, is known not to be.
fn resource_could_be(resource: &Value, target: &Value) -> bool {
    if resource == target {
        return true;
    }
    // A topic's ARN is both `Ref` and `GetAtt .TopicArn`.
    let same = |a: &str, b: &str, attribute: &str| a == b && attribute == "TopicArn";
    match (resource.as_intrinsic(), target.as_intrinsic()) {
        (Some(Intrinsic::Ref(_)), Some(Intrinsic::Ref(_))) => false,
        (Some(Intrinsic::Ref(a)), Some(Intrinsic::GetAtt { resource: b, attribute }))
        | (Some(Intrinsic::GetAtt { resource: a, attribute }), Some(Intrinsic::Ref(b))) => {
            same(a, b, attribute)
        }
        (Some(Intrinsic::GetAtt { .. }), Some(Intrinsic::GetAtt { .. })) => false,
        _ => true,
    }
}

/// Whether the role may do `action` on `target`. `None` when the role's content is not
/// fully known.
fn allows(role: &RoleView, action: &str, target: &Value, managed_grant: Option<&str>) -> Option<bool> {
    if role.managed.iter().any(|m| managed_grant.is_some_and(|g| m.ends_with(g))) {
        return Some(true);
    }
    let granted = role.grants.iter().any(|g| {
        g.actions.iter().any(|a| action_matches(a, action))
            && g.resources.iter().any(|r| resource_could_be(r, target))
    });
    if granted {
        Some(true)
    } else if role.managed.is_empty() {
        Some(false)
    } else {
        None
    }
}

fn report(out: &mut Vec<Finding>, rule: &Rule, function: &str, role: &str, missing: &[&str], what: String) {
    out.push(Finding::new(
        rule,
        role,
        Some("Policies"),
        format!(
            "execution role `{role}` of `{function}` does not allow {} on {what}",
            missing.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
        ),
        format!("add a statement allowing {} on {what}", missing.join(", ")),
    ));
}

pub(super) fn check(template: &Template, out: &mut Vec<Finding>) {
    let index = Index::new(template);
    for (fid, function) in &template.resources {
        if function.resource_type != "AWS::Lambda::Function" {
            continue;
        }
        let Some((role_id, role)) = role_of(template, &index, function) else {
            continue;
        };
        // Dead-letter target.
        if let Some(target) = function.properties.get("DeadLetterConfig").and_then(|d| d.get("TargetArn")) {
            let action = match referenced(template, target) {
                Some((_, r)) if r.resource_type == "AWS::SNS::Topic" => Some("sns:Publish"),
                // `!Ref Queue` is its URL: FW201 reports that target, not the role.
                Some((_, r))
                    if r.resource_type == "AWS::SQS::Queue"
                        && matches!(target.as_intrinsic(), Some(Intrinsic::GetAtt { .. })) =>
                {
                    Some("sqs:SendMessage")
                }
                _ => None,
            };
            if let Some(action) = action {
                if allows(&role, action, target, None) == Some(false) {
                    let shown =
                        referenced(template, target).map(|(id, _)| format!("its dead-letter target `{id}`"));
                    report(
                        out,
                        &catalog::ROLE_LACKS_DLQ,
                        fid,
                        &role_id,
                        &[action],
                        shown.unwrap_or_default(),
                    );
                }
            }
        }
        // Event sources.
        for m in index.mappings.get(fid.as_str()).into_iter().flatten() {
            let Some(source) = m.properties.get("EventSourceArn") else {
                continue;
            };
            let Some((source_id, source_resource)) = referenced(template, source) else {
                continue;
            };
            let Some((_, needed, managed)) =
                SOURCE_ACTIONS.iter().find(|(t, _, _)| *t == source_resource.resource_type)
            else {
                continue;
            };
            let missing: Vec<&str> = needed
                .iter()
                .copied()
                .filter(|a| allows(&role, a, source, Some(managed)) == Some(false))
                .collect();
            if !missing.is_empty() {
                report(
                    out,
                    &catalog::ROLE_LACKS_SOURCE,
                    fid,
                    &role_id,
                    &missing,
                    format!("its event source `{source_id}`"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_actions_case_insensitively() {
        assert!(action_matches("sqs:*", "sqs:ReceiveMessage"));
        assert!(action_matches("SQS:receive*", "sqs:ReceiveMessage"));
        assert!(action_matches("*", "kinesis:GetRecords"));
        assert!(!action_matches("sqs:Send*", "sqs:ReceiveMessage"));
        assert!(action_matches("sqs:?eceiveMessage", "sqs:ReceiveMessage"));
    }

    #[test]
    fn a_reference_to_another_resource_cannot_be_the_target() {
        let q = Value::get_att("Q", "Arn");
        assert!(resource_could_be(&Value::from("*"), &q));
        assert!(resource_could_be(&Value::get_att("Q", "Arn"), &q));
        assert!(!resource_could_be(&Value::get_att("Other", "Arn"), &q));
        assert!(!resource_could_be(&Value::ref_("Q"), &q), "Ref of a queue is its URL");
        assert!(resource_could_be(&Value::sub("arn:aws:sqs:${AWS::Region}:1:q"), &q));
    }
}

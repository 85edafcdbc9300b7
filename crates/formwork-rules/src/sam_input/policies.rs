//! The execution role SAM makes for a function or state machine without a `Role`: its
//! `Policies` (inline statements, AWS managed policies by name or ARN, and SAM policy
//! templates expanded from aws-sam-translator's `policy_templates.json`), the managed
//! policies its pull events need, and the statements its dead-letter target and
//! destinations need.

use formwork_iam::{WildcardOptIn, WILDCARD_METADATA_KEY};
#[cfg(feature = "schema")]
use formwork_template::Map;
use formwork_template::{Intrinsic, Resource, Value};

use super::{trust, Lowering};

/// The managed policy SAM attaches for each pull event type.
const EVENT_POLICIES: [(&str, &str); 5] = [
    ("SQS", "service-role/AWSLambdaSQSQueueExecutionRole"),
    ("Kinesis", "service-role/AWSLambdaKinesisExecutionRole"),
    ("DynamoDB", "service-role/AWSLambdaDynamoDBExecutionRole"),
    ("MSK", "service-role/AWSLambdaMSKExecutionRole"),
    ("DocumentDB", "service-role/AWSLambdaBasicExecutionRole"),
];

fn aws_managed(name: &str) -> Value {
    Value::from(format!("arn:aws:iam::aws:policy/{name}"))
}

/// What a role's `Policies` property becomes.
#[derive(Default)]
struct Parts {
    managed: Vec<Value>,
    inline: Vec<Value>,
    opt_ins: Vec<WildcardOptIn>,
}

/// `<id>Role` for a function: basic execution, tracing, its `Policies`, its pull
/// events' managed policies, its dead-letter target and destinations.
pub(super) fn function_role(l: &mut Lowering<'_>, id: &str, r: &Resource) {
    let p = &r.properties;
    let mut parts = Parts::default();
    parts.managed.push(aws_managed("service-role/AWSLambdaBasicExecutionRole"));
    if p.get("Tracing").and_then(Value::as_str) == Some("Active") {
        parts.managed.push(aws_managed("AWSXrayWriteOnlyAccess"));
    }
    if p.get("VpcConfig").is_some() {
        parts.managed.push(aws_managed("service-role/AWSLambdaVPCAccessExecutionRole"));
    }
    read_policies(id, p.get("Policies"), &mut parts);
    for spec in p.get("Events").and_then(Value::as_map).into_iter().flatten().map(|(_, s)| s) {
        let kind = spec.get("Type").and_then(Value::as_str).unwrap_or("");
        if let Some((_, policy)) = EVENT_POLICIES.iter().find(|(t, _)| *t == kind) {
            let arn = aws_managed(policy);
            if !parts.managed.contains(&arn) {
                parts.managed.push(arn);
            }
        }
    }
    if let Some(dlq) = p.get("DeadLetterQueue") {
        let declared = dlq.get("Type").and_then(Value::as_str);
        let action = match declared {
            Some("SNS") => "sns:Publish",
            _ => "sqs:SendMessage",
        };
        // A `Type` that does not match the target is reported once, as FW603.
        let mismatched =
            dlq.get("TargetArn").is_some_and(|t| super::dlq_type(l.src, id, declared, t).is_some());
        if let Some(target) = dlq.get("TargetArn").filter(|_| !mismatched) {
            parts
                .inline
                .push(inline(format!("{id}RolePolicy{}", parts.inline.len()), vec![allow(action, target)]));
        }
    }
    let destinations = p.get("EventInvokeConfig").and_then(|c| c.get("DestinationConfig"));
    for on in ["OnSuccess", "OnFailure"] {
        let Some(d) = destinations.and_then(|d| d.get(on)) else { continue };
        let (action, target) = match (d.get("Type").and_then(Value::as_str), d.get("Destination")) {
            (Some("SQS"), Some(t)) => ("sqs:SendMessage", t.clone()),
            (Some("SQS"), None) => {
                ("sqs:SendMessage", Value::get_att(format!("{id}EventInvokeConfig{on}Queue"), "Arn"))
            }
            (Some("SNS"), Some(t)) => ("sns:publish", t.clone()),
            (Some("SNS"), None) => ("sns:publish", Value::ref_(format!("{id}EventInvokeConfig{on}Topic"))),
            (Some("Lambda"), Some(t)) => ("lambda:InvokeFunction", t.clone()),
            (Some("EventBridge"), Some(t)) => ("events:PutEvents", t.clone()),
            _ => continue,
        };
        parts.inline.push(inline(format!("{id}EventInvokeConfig{on}Policy"), vec![allow(action, &target)]));
    }
    role(l, &format!("{id}Role"), "lambda.amazonaws.com", r, parts);
}

/// `<id>Role` for a state machine: its `Policies` only.
pub(super) fn state_machine_role(l: &mut Lowering<'_>, id: &str, r: &Resource) {
    let mut parts = Parts::default();
    read_policies(id, r.properties.get("Policies"), &mut parts);
    role(l, &format!("{id}Role"), "states.amazonaws.com", r, parts);
}

fn role(l: &mut Lowering<'_>, role_id: &str, service: &str, r: &Resource, parts: Parts) {
    let p = &r.properties;
    let mut role = Resource::new("AWS::IAM::Role").property(
        "AssumeRolePolicyDocument",
        p.get("AssumeRolePolicyDocument").cloned().unwrap_or_else(|| trust(service)),
    );
    if !parts.managed.is_empty() {
        role.properties.insert("ManagedPolicyArns".into(), Value::List(parts.managed));
    }
    if !parts.inline.is_empty() {
        role.properties.insert("Policies".into(), Value::List(parts.inline));
    }
    for (from, to) in [("PermissionsBoundary", "PermissionsBoundary"), ("RolePath", "Path")] {
        if let Some(v) = p.get(from) {
            role.properties.insert(to.into(), v.clone());
        }
    }
    if !parts.opt_ins.is_empty() {
        role.metadata.insert(WILDCARD_METADATA_KEY.into(), WildcardOptIn::to_metadata(&parts.opt_ins));
    }
    l.add(role_id.to_string(), role, Some(r));
}

fn allow(action: &str, resource: &Value) -> Value {
    Value::map([
        ("Effect", Value::from("Allow")),
        ("Action", Value::from(action)),
        ("Resource", resource.clone()),
    ])
}

fn inline(name: String, statements: Vec<Value>) -> Value {
    Value::map([
        ("PolicyName", Value::from(name)),
        (
            "PolicyDocument",
            Value::map([("Version", Value::from("2012-10-17")), ("Statement", Value::List(statements))]),
        ),
    ])
}

/// SAM's `Policies`: one item or a list of them.
fn read_policies(id: &str, policies: Option<&Value>, parts: &mut Parts) {
    let items: Vec<&Value> = match policies {
        Some(Value::List(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    for (i, item) in items.into_iter().enumerate() {
        match item {
            Value::String(name) if name.starts_with("arn:") => parts.managed.push(item.clone()),
            Value::String(name) => parts.managed.push(aws_managed(name)),
            Value::Map(m) if m.contains_key("Statement") => {
                parts.inline.push(Value::map([
                    ("PolicyName", Value::from(format!("{id}RolePolicy{i}"))),
                    ("PolicyDocument", item.clone()),
                ]));
            }
            Value::Map(m) if m.len() == 1 => {
                let Some((name, params)) = m.iter().next() else { continue };
                if let Some((document, wildcards)) = expand_template(name, params) {
                    if !wildcards.is_empty() {
                        parts.opt_ins.push(WildcardOptIn::new(
                            wildcards,
                            format!("SAM policy template {name} is written with these wildcards"),
                        ));
                    }
                    parts.inline.push(Value::map([
                        ("PolicyName", Value::from(format!("{id}RolePolicy{i}"))),
                        ("PolicyDocument", document),
                    ]));
                }
            }
            Value::Fn(f) if matches!(&**f, Intrinsic::If { .. }) => {
                // `Fn::If` over policies: both branches may apply.
                if let Intrinsic::If { then, otherwise, .. } = &**f {
                    for branch in [then, otherwise] {
                        read_policies(id, Some(branch), parts);
                    }
                }
            }
            Value::Fn(_) => parts.managed.push(item.clone()),
            _ => {}
        }
    }
}

/// A SAM policy template expanded with its parameters, and the actions it grants on `*`.
#[cfg(feature = "schema")]
fn expand_template(name: &str, params: &Value) -> Option<(Value, Vec<String>)> {
    use std::sync::OnceLock;
    static TABLE: OnceLock<Option<serde_json::Value>> = OnceLock::new();
    let table = TABLE
        .get_or_init(|| serde_json::from_str(include_str!("../../data/sam/policy_templates.json")).ok())
        .as_ref()?;
    let definition = table.get("Templates")?.get(name)?.get("Definition")?;
    let params: Map = params.as_map().cloned().unwrap_or_default();
    let document = from_json(definition, &params);
    let mut wildcards = Vec::new();
    // A statement with a wildcard resource or action is opted in as a whole (an opt-in
    // covers a statement only when it covers each of its actions).
    for st in document.get("Statement").and_then(Value::as_list).unwrap_or_default() {
        let actions: Vec<String> = match st.get("Action") {
            Some(Value::List(items)) => items.iter().filter_map(Value::as_str).map(str::to_string).collect(),
            Some(Value::String(a)) => vec![a.clone()],
            _ => Vec::new(),
        };
        let star = match st.get("Resource") {
            Some(Value::String(s)) => s == "*",
            Some(Value::List(items)) => items.iter().any(|r| r.as_str() == Some("*")),
            _ => false,
        };
        if star || actions.iter().any(|a| a.contains('*')) {
            wildcards.extend(actions);
        }
    }
    Some((document, wildcards))
}

/// Without the `schema` feature (no JSON parser), policy templates are not expanded.
#[cfg(not(feature = "schema"))]
fn expand_template(_name: &str, _params: &Value) -> Option<(Value, Vec<String>)> {
    None
}

/// A policy template's JSON as a template value, with `{"Ref": Parameter}` replaced by
/// the value the function gives the parameter.
#[cfg(feature = "schema")]
fn from_json(v: &serde_json::Value, params: &Map) -> Value {
    use serde_json::Value as J;
    match v {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => n.as_i64().map_or_else(|| Value::String(n.to_string()), Value::Int),
        J::String(s) => Value::String(s.clone()),
        J::Array(items) => Value::List(items.iter().map(|i| from_json(i, params)).collect()),
        J::Object(m) => {
            if let (1, Some(J::String(target))) = (m.len(), m.get("Ref")) {
                return params.get(target).cloned().unwrap_or_else(|| Value::ref_(target.as_str()));
            }
            if let (1, Some(J::Array(args))) = (m.len(), m.get("Fn::Sub")) {
                let template = args.first().and_then(J::as_str).unwrap_or_default().to_string();
                let variables = args.get(1).map(|vars| match from_json(vars, params) {
                    Value::Map(m) => m,
                    _ => Map::new(),
                });
                return Value::intrinsic(Intrinsic::Sub { template, variables });
            }
            if let (1, Some(J::String(template))) = (m.len(), m.get("Fn::Sub")) {
                return Value::sub(template.as_str());
            }
            Value::Map(m.iter().map(|(k, v)| (k.clone(), from_json(v, params))).collect())
        }
    }
}

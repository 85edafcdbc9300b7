//! The SAM target: the expanded CloudFormation rendered compactly, as
//! `AWS::Serverless::Function` with its events. Roles, log groups, queues and tables stay
//! as they are; the function's role is passed explicitly, so SAM never attaches its
//! managed policies (whose `Resource` is `*`).

use std::collections::HashSet;

use formwork_template::{Intrinsic, Map, Template, Value};

use crate::expand::ASSETS_BUCKET_PARAMETER;
use crate::validate::referenced;

/// The transform that makes a template SAM.
pub const SAM_TRANSFORM: &str = "AWS::Serverless-2016-10-31";

/// Properties of an SQS event source mapping that SAM's `SQS` event carries.
const SQS_EVENT_PROPERTIES: [&str; 6] = [
    "BatchSize",
    "MaximumBatchingWindowInSeconds",
    "FunctionResponseTypes",
    "ScalingConfig",
    "Enabled",
    "FilterCriteria",
];

/// Renders a plain CloudFormation template as SAM. `asset_dir` is the folder, relative
/// to the template, that holds the code assets (`CodeUri: <asset_dir>/<sha256>.zip`).
pub fn to_sam(template: &Template, asset_dir: &str) -> Template {
    let mut out = template.clone();
    out.transform = Some(SAM_TRANSFORM.to_string());
    let mut folded: HashSet<String> = HashSet::new();
    let mut code_params: HashSet<String> = HashSet::new();

    for (id, r) in &template.resources {
        if r.resource_type != "AWS::Lambda::Function" {
            continue;
        }
        let mut props = Map::new();
        for (name, value) in &r.properties {
            match name.as_str() {
                "Code" => match code_uri(template, value, asset_dir, &mut code_params) {
                    Some(uri) => {
                        props.insert("CodeUri".into(), uri);
                    }
                    None => {
                        props.insert(
                            "InlineCode".into(),
                            value.get("ZipFile").cloned().unwrap_or(Value::Null),
                        );
                    }
                },
                "DeadLetterConfig" => {
                    let target = value.get("TargetArn").cloned().unwrap_or(Value::Null);
                    let kind = dlq_type(template, &target);
                    props.insert(
                        "DeadLetterQueue".into(),
                        Value::map([("Type", Value::from(kind)), ("TargetArn", target)]),
                    );
                }
                "TracingConfig" => {
                    if let Some(mode) = value.get("Mode") {
                        props.insert("Tracing".into(), mode.clone());
                    }
                }
                _ => {
                    props.insert(name.clone(), value.clone());
                }
            }
        }
        let mut events = Map::new();
        for (mid, m) in &template.resources {
            if let Some(event) = sqs_event(template, id, m) {
                let key = mid.strip_prefix(id.as_str()).filter(|k| !k.is_empty()).unwrap_or(mid);
                events.insert(key.to_string(), event);
                folded.insert(mid.clone());
            }
        }
        if !events.is_empty() {
            props.insert("Events".into(), Value::Map(events));
        }
        if let Some(function) = out.resources.get_mut(id) {
            function.resource_type = "AWS::Serverless::Function".into();
            function.properties = props;
        }
    }
    out.resources.retain(|id, _| !folded.contains(id));
    let still_used = referenced_parameters(&out);
    out.parameters.retain(|name, _| {
        !(code_params.contains(name) || name == ASSETS_BUCKET_PARAMETER) || still_used.contains(name)
    });
    out
}

/// `CodeUri` for an S3 code location whose key is a parameter defaulting to an asset file.
fn code_uri(template: &Template, code: &Value, asset_dir: &str, used: &mut HashSet<String>) -> Option<Value> {
    let key = code.get("S3Key")?;
    let file = match key.as_intrinsic() {
        Some(Intrinsic::Ref(param)) => {
            let default = template.parameters.get(param)?.default.as_ref()?.as_str()?.to_string();
            used.insert(param.clone());
            default
        }
        _ => key.as_str()?.to_string(),
    };
    Some(Value::from(format!("{asset_dir}/{file}")))
}

fn dlq_type(template: &Template, target: &Value) -> &'static str {
    match referenced(template, target) {
        Some((_, r)) if r.resource_type == "AWS::SNS::Topic" => "SNS",
        Some(_) => "SQS",
        None => match target.as_str() {
            Some(arn) if arn.split(':').nth(2) == Some("sns") => "SNS",
            _ => "SQS",
        },
    }
}

/// The SAM `SQS` event for mapping `m` if it feeds `function` from a queue of this
/// template and carries nothing SAM's event cannot say.
fn sqs_event(template: &Template, function: &str, m: &formwork_template::Resource) -> Option<Value> {
    if m.resource_type != "AWS::Lambda::EventSourceMapping"
        || !m.depends_on.is_empty()
        || m.condition.is_some()
    {
        return None;
    }
    let target = m.properties.get("FunctionName")?;
    if target.as_intrinsic() != Some(&Intrinsic::Ref(function.to_string())) {
        return None;
    }
    let source = m.properties.get("EventSourceArn")?;
    let (_, queue) = referenced(template, source)?;
    if queue.resource_type != "AWS::SQS::Queue" {
        return None;
    }
    let mut props = Map::new();
    props.insert("Queue".into(), source.clone());
    for (name, value) in &m.properties {
        match name.as_str() {
            "FunctionName" | "EventSourceArn" => {}
            n if SQS_EVENT_PROPERTIES.contains(&n) => {
                props.insert(name.clone(), value.clone());
            }
            _ => return None,
        }
    }
    Some(Value::map([("Type", Value::from("SQS")), ("Properties", Value::Map(props))]))
}

fn referenced_parameters(template: &Template) -> HashSet<String> {
    let mut used = HashSet::new();
    for r in template.resources.values() {
        for v in r.properties.values() {
            v.references(&mut |r| {
                used.insert(r.target);
            });
        }
    }
    for o in template.outputs.values() {
        o.value.references(&mut |r| {
            used.insert(r.target);
        });
    }
    used
}

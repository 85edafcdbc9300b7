//! Hand-written SAM templates: the parts of `AWS::Serverless::Function` that the rules
//! judge, lowered to the plain CloudFormation they stand for, so one set of rules serves
//! both. This is not a SAM transform: what the rules do not read is left out.

use formwork_template::{Resource, Template, Value};

use super::catalog;
use super::finding::Finding;
use super::referenced;

/// `AWS::Serverless::Function` properties that keep their name on `AWS::Lambda::Function`.
const SAME_PROPERTIES: [&str; 12] = [
    "FunctionName",
    "Description",
    "Runtime",
    "Handler",
    "Role",
    "MemorySize",
    "Timeout",
    "Architectures",
    "EphemeralStorage",
    "Environment",
    "ReservedConcurrentExecutions",
    "LoggingConfig",
];

/// SAM event types that become event source mappings, and their source property.
const PULL_EVENTS: [(&str, &str); 3] = [("SQS", "Queue"), ("Kinesis", "Stream"), ("DynamoDB", "Stream")];

/// Metadata key marking a resource lowered from SAM: it is incomplete (SAM adds the
/// role and code location), so its schema is not checked.
pub(crate) const LOWERED: &str = "formwork:lowered-from-sam";

/// Whether the template uses the SAM transform.
pub fn is_sam(template: &Template) -> bool {
    template.transform.as_deref().is_some_and(|t| t.starts_with("AWS::Serverless"))
}

/// The template with every `AWS::Serverless::Function` lowered to an
/// `AWS::Lambda::Function` and one `AWS::Lambda::EventSourceMapping` per pull event, and
/// findings about SAM-only properties (a `DeadLetterQueue` whose `Type` does not match
/// its target).
pub fn lower(template: &Template) -> (Template, Vec<Finding>) {
    lower_with_origins(template).0
}

/// A lowered mapping's origin: the function and the name of its event.
pub(crate) type Origins = Vec<(String, String, String)>;

/// [`lower`], plus where each lowered mapping came from: (mapping id, function id, event).
pub(crate) fn lower_with_origins(template: &Template) -> ((Template, Vec<Finding>), Origins) {
    let mut out = template.clone();
    let mut findings = Vec::new();
    let mut mappings = Vec::new();
    let mut origins = Vec::new();
    for (id, r) in &template.resources {
        if r.resource_type != "AWS::Serverless::Function" {
            continue;
        }
        let mut f = Resource::new("AWS::Lambda::Function");
        for name in SAME_PROPERTIES {
            if let Some(v) = r.properties.get(name) {
                f.properties.insert(name.into(), v.clone());
            }
        }
        if let Some(code) = r.properties.get("InlineCode") {
            f.properties.insert("Code".into(), Value::map([("ZipFile", code.clone())]));
        }
        if let Some(mode) = r.properties.get("Tracing") {
            f.properties.insert("TracingConfig".into(), Value::map([("Mode", mode.clone())]));
        }
        if let Some(dlq) = r.properties.get("DeadLetterQueue") {
            if let Some(target) = dlq.get("TargetArn") {
                f.properties.insert("DeadLetterConfig".into(), Value::map([("TargetArn", target.clone())]));
                if let Some(finding) = dlq_type(template, id, dlq.get("Type").and_then(Value::as_str), target)
                {
                    findings.push(finding);
                }
            }
        }
        for (event, spec) in r.properties.get("Events").and_then(Value::as_map).into_iter().flatten() {
            let kind = spec.get("Type").and_then(Value::as_str).unwrap_or("");
            let Some((_, source_key)) = PULL_EVENTS.iter().find(|(t, _)| *t == kind) else {
                continue;
            };
            let props = spec.get("Properties").and_then(Value::as_map).cloned().unwrap_or_default();
            let mut m =
                Resource::new("AWS::Lambda::EventSourceMapping").property("FunctionName", Value::ref_(id));
            for (k, v) in props {
                let key = if k == *source_key { "EventSourceArn".to_string() } else { k };
                m.properties.insert(key, v);
            }
            origins.push((format!("{id}{event}"), id.clone(), event.clone()));
            mappings.push((format!("{id}{event}"), m));
        }
        f.metadata = r.metadata.clone();
        f.metadata.insert(LOWERED.into(), Value::Bool(true));
        out.resources.insert(id.clone(), f);
    }
    for (id, m) in mappings {
        out.resources.entry(id).or_insert(m);
    }
    ((out, findings), origins)
}

/// A finding about a lowered mapping, moved to the SAM event it came from.
pub(crate) fn relocate(f: &mut Finding, origins: &Origins, template: &Template) {
    let Some((_, function, event)) = origins.iter().find(|(m, _, _)| Some(m) == f.resource.as_ref()) else {
        return;
    };
    let source_key = template.resources[function.as_str()]
        .properties
        .get("Events")
        .and_then(|e| e.get(event))
        .and_then(|e| e.get("Type"))
        .and_then(Value::as_str)
        .and_then(|t| PULL_EVENTS.iter().find(|(k, _)| *k == t))
        .map_or("Queue", |(_, key)| *key);
    let property = match f.property.as_deref() {
        Some("EventSourceArn") => source_key.to_string(),
        Some(p) => p.to_string(),
        None => String::new(),
    };
    f.resource = Some(function.clone());
    f.property = Some(if property.is_empty() {
        format!("Events.{event}")
    } else {
        format!("Events.{event}.Properties.{property}")
    });
}

fn dlq_type(template: &Template, id: &str, declared: Option<&str>, target: &Value) -> Option<Finding> {
    let actual = match referenced(template, target) {
        Some((_, r)) if r.resource_type == "AWS::SQS::Queue" => "SQS",
        Some((_, r)) if r.resource_type == "AWS::SNS::Topic" => "SNS",
        Some(_) => return None,
        None => match target.as_str().and_then(|arn| arn.split(':').nth(2)) {
            Some("sqs") => "SQS",
            Some("sns") => "SNS",
            _ => return None,
        },
    };
    let declared = declared.unwrap_or("(none)");
    (declared != actual).then(|| {
        Finding::new(
            &catalog::SAM_DLQ_TYPE,
            id,
            Some("DeadLetterQueue"),
            format!(
                "`DeadLetterQueue` of `{id}` has `Type: {declared}` but its target is an {actual} {}",
                if actual == "SQS" { "queue" } else { "topic" }
            ),
            format!("set `Type: {actual}`"),
        )
    })
}

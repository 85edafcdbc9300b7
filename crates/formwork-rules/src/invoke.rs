//! Rules on asynchronous invocation: `EventInvokeConfig` ranges, destinations and their
//! targets, and functions invoked asynchronously with nowhere to send failed events.

use std::collections::BTreeSet;

use formwork_template::{Intrinsic, Resource, Template, Value};

use super::catalog;
use super::finding::Finding;
use super::targets::function_of;
use super::{int_prop, referenced};

/// `MaximumRetryAttempts` of asynchronous invocation: 0–2 (docs/facts.md).
pub const ASYNC_RETRY_ATTEMPTS: (i64, i64) = (0, 2);
/// `MaximumEventAgeInSeconds`: 60–21,600 s (docs/facts.md).
pub const ASYNC_EVENT_AGE_SECS: (i64, i64) = (60, 21_600);

/// Service principals that invoke functions asynchronously (AWS Lambda documentation,
/// "Invoking Lambda with events from other AWS services").
pub const ASYNC_PRINCIPALS: [&str; 9] = [
    "s3.amazonaws.com",
    "sns.amazonaws.com",
    "events.amazonaws.com",
    "ses.amazonaws.com",
    "iot.amazonaws.com",
    "logs.amazonaws.com",
    "config.amazonaws.com",
    "codecommit.amazonaws.com",
    "lambda.alarms.cloudwatch.amazonaws.com",
];

pub(super) fn check(template: &Template, out: &mut Vec<Finding>) {
    for (id, r) in &template.resources {
        match r.resource_type.as_str() {
            "AWS::Lambda::EventInvokeConfig" => {
                ranges(id, r, out);
                for key in ["OnSuccess", "OnFailure"] {
                    let target = r
                        .properties
                        .get("DestinationConfig")
                        .and_then(|d| d.get(key))
                        .and_then(|d| d.get("Destination"));
                    if let Some(target) = target {
                        destination(template, id, target, Use::Async { on_success: key == "OnSuccess" }, out);
                    }
                }
            }
            "AWS::Lambda::EventSourceMapping" => {
                let target = r
                    .properties
                    .get("DestinationConfig")
                    .and_then(|d| d.get("OnFailure"))
                    .and_then(|d| d.get("Destination"));
                if let Some(target) = target {
                    destination(template, id, target, Use::Mapping, out);
                }
            }
            _ => {}
        }
    }
    without_failure_target(template, out);
}

fn ranges(id: &str, r: &Resource, out: &mut Vec<Finding>) {
    for (prop, (lo, hi), what, unit) in [
        ("MaximumRetryAttempts", ASYNC_RETRY_ATTEMPTS, "retry attempts", ""),
        ("MaximumEventAgeInSeconds", ASYNC_EVENT_AGE_SECS, "maximum event age", " s"),
    ] {
        if let Some(v) = int_prop(r, prop).filter(|v| *v < lo || *v > hi) {
            out.push(Finding::new(
                &catalog::ASYNC_INVOKE_RANGE,
                id,
                Some(prop),
                format!("{what} of `{id}` is {v}{unit}; Lambda accepts {lo} to {hi}{unit}"),
                format!("set the {what} between {lo} and {hi}{unit}"),
            ));
        }
    }
}

/// Where a destination is used.
#[derive(Clone, Copy)]
enum Use {
    /// An asynchronous invocation destination.
    Async { on_success: bool },
    /// An event source mapping's on-failure destination.
    Mapping,
}

/// The kind of target an ARN expression names, or why it is wrong.
fn target_kind(template: &Template, target: &Value) -> Result<Option<&'static str>, String> {
    let resolved = referenced(template, target);
    match (target.as_intrinsic(), resolved) {
        (Some(Intrinsic::Ref(_)), Some((tid, r))) => match r.resource_type.as_str() {
            "AWS::SNS::Topic" => fifo_topic(tid, r).map(|()| Some("topic")),
            "AWS::SQS::Queue" => Err(format!("`!Ref {tid}` is the queue's URL, not its ARN")),
            "AWS::Lambda::Function" => Err(format!("`!Ref {tid}` is the function's name, not its ARN")),
            "AWS::S3::Bucket" => Err(format!("`!Ref {tid}` is the bucket's name, not its ARN")),
            "AWS::Events::EventBus" => Err(format!("`!Ref {tid}` is the event bus's name, not its ARN")),
            "AWS::Lambda::Alias" | "AWS::Lambda::Version" => Ok(Some("function")),
            t => Err(format!("`{tid}` is a {t}, not a destination")),
        },
        (Some(Intrinsic::GetAtt { attribute, .. }), Some((tid, r))) => {
            match (r.resource_type.as_str(), attribute.as_str()) {
                ("AWS::SQS::Queue", "Arn") => fifo_queue(tid, r).map(|()| Some("queue")),
                ("AWS::SNS::Topic", "TopicArn") => fifo_topic(tid, r).map(|()| Some("topic")),
                ("AWS::Lambda::Function", "Arn") => Ok(Some("function")),
                ("AWS::S3::Bucket", "Arn") => Ok(Some("bucket")),
                ("AWS::Events::EventBus", "Arn") => Ok(Some("event bus")),
                (t, a) => Err(format!("`{tid}.{a}` of a {t} is not a destination ARN")),
            }
        }
        (None, _) => match target.as_str() {
            Some(s) if s.starts_with("https://") => Err(format!("`{s}` is a queue URL, not an ARN")),
            Some(s) => {
                let parts: Vec<&str> = s.split(':').collect();
                if parts.len() < 6 || parts[0] != "arn" {
                    return Err(format!("`{s}` is not an ARN"));
                }
                let fifo = s.ends_with(".fifo");
                match parts[2] {
                    "sqs" | "sns" if fifo => Err(format!(
                        "`{s}` is a FIFO {}, which Lambda cannot deliver to",
                        if parts[2] == "sqs" { "queue" } else { "topic" }
                    )),
                    "sqs" => Ok(Some("queue")),
                    "sns" => Ok(Some("topic")),
                    "lambda" => Ok(Some("function")),
                    "events" => Ok(Some("event bus")),
                    "s3" => Ok(Some("bucket")),
                    other => Err(format!("`{s}` is an ARN of {other}, not a destination")),
                }
            }
            None => Err("the destination is not an ARN".into()),
        },
        // Parameters, imports and built strings cannot be judged here.
        _ => Ok(None),
    }
}

fn fifo_queue(id: &str, q: &Resource) -> Result<(), String> {
    if q.properties.get("FifoQueue").and_then(Value::as_bool) == Some(true) {
        return Err(format!("`{id}` is a FIFO queue, which Lambda cannot deliver to"));
    }
    Ok(())
}

fn fifo_topic(id: &str, t: &Resource) -> Result<(), String> {
    if t.properties.get("FifoTopic").and_then(Value::as_bool) == Some(true) {
        return Err(format!("`{id}` is a FIFO topic, which Lambda cannot deliver to"));
    }
    Ok(())
}

fn destination(template: &Template, id: &str, target: &Value, used: Use, out: &mut Vec<Finding>) {
    let problem = match (target_kind(template, target), used) {
        (Err(why), _) => Some(why),
        (Ok(Some("bucket")), Use::Async { on_success: true }) => {
            Some("an S3 bucket can only receive failed invocations".to_string())
        }
        (Ok(Some(kind @ ("function" | "event bus"))), Use::Mapping) => {
            Some(format!("a stream's discarded batches cannot go to a {kind}; use a queue, topic or bucket"))
        }
        _ => None,
    };
    let Some(why) = problem else {
        return;
    };
    let (prop, setter) = match used {
        Use::Async { on_success: true } => ("DestinationConfig.OnSuccess", "on_success"),
        Use::Async { on_success: false } => ("DestinationConfig.OnFailure", "on_failure"),
        Use::Mapping => ("DestinationConfig.OnFailure", "on_failure"),
    };
    out.push(Finding::new(
        &catalog::DESTINATION_TARGET,
        id,
        Some(prop),
        format!("destination of `{id}` is wrong: {why}"),
        format!("give {setter} the ARN of a standard queue or topic, a function, an event bus or (on failure) a bucket; with formwork's builders pass the handle"),
    ));
}

/// The functions something in the template invokes asynchronously, by logical id.
pub(crate) fn invoked_async(template: &Template) -> BTreeSet<&str> {
    let mut found = BTreeSet::new();
    let mut add = |v: Option<&Value>| {
        if let Some(f) = v.and_then(|v| function_of(template, v)) {
            found.insert(f);
        }
    };
    for r in template.resources.values() {
        let p = &r.properties;
        match r.resource_type.as_str() {
            "AWS::Lambda::EventInvokeConfig" => add(p.get("FunctionName")),
            "AWS::Lambda::Permission"
                if p.get("Principal")
                    .and_then(Value::as_str)
                    .is_some_and(|pr| ASYNC_PRINCIPALS.contains(&pr)) =>
            {
                add(p.get("FunctionName"))
            }
            "AWS::SNS::Subscription" if p.get("Protocol").and_then(Value::as_str) == Some("lambda") => {
                add(p.get("Endpoint"))
            }
            "AWS::Events::Rule" => {
                for t in p.get("Targets").and_then(Value::as_list).unwrap_or_default() {
                    add(t.get("Arn"));
                }
            }
            "AWS::Scheduler::Schedule" => add(p.get("Target").and_then(|t| t.get("Arn"))),
            "AWS::Logs::SubscriptionFilter" => add(p.get("DestinationArn")),
            "AWS::S3::Bucket" => {
                let configs = p.get("NotificationConfiguration").and_then(|n| n.get("LambdaConfigurations"));
                for c in configs.and_then(Value::as_list).unwrap_or_default() {
                    add(c.get("Function"));
                }
            }
            _ => {}
        }
    }
    found
}

fn without_failure_target(template: &Template, out: &mut Vec<Finding>) {
    let invoked = invoked_async(template);
    // Functions with an on-failure destination, gathered once (not per function).
    let with_on_failure: std::collections::BTreeSet<&str> = template
        .resources
        .values()
        .filter(|r| {
            r.resource_type == "AWS::Lambda::EventInvokeConfig"
                && r.properties.get("DestinationConfig").and_then(|d| d.get("OnFailure")).is_some()
        })
        .filter_map(|r| r.properties.get("FunctionName").and_then(|v| function_of(template, v)))
        .collect();
    for (id, f) in &template.resources {
        let id = id.as_str();
        if !invoked.contains(id) {
            continue;
        }
        if f.properties.get("DeadLetterConfig").and_then(|d| d.get("TargetArn")).is_some() {
            continue;
        }
        if !with_on_failure.contains(id) {
            out.push(Finding::new(
                &catalog::ASYNC_WITHOUT_FAILURE_TARGET,
                id,
                None,
                format!("`{id}` is invoked asynchronously but has neither a dead-letter queue nor an on-failure destination; events that fail every retry are lost"),
                "add on_failure(...) with a queue, topic, function, event bus or bucket, or dead_letter_queue(...)".into(),
            ));
        }
    }
}

//! Rules on SQS queues and on the event source mappings that consume them.

use formwork_template::{Resource, Template, Value};

use super::catalog;
use super::finding::Finding;
use super::{int_prop, referenced};

/// SQS's default visibility timeout, in seconds.
pub const DEFAULT_VISIBILITY_SECS: i64 = 30;
/// SQS's default retention, in seconds (4 days).
pub const DEFAULT_RETENTION_SECS: i64 = 345_600;
/// Lambda's default function timeout, in seconds.
pub const DEFAULT_FUNCTION_TIMEOUT_SECS: i64 = 3;
/// Visibility timeout: 0 s – 12 h.
pub const VISIBILITY_SECS: (i64, i64) = (0, 43_200);
/// Retention: 60 s – 14 days.
pub const RETENTION_SECS: (i64, i64) = (60, 1_209_600);
/// Delay: 0–900 s.
pub const DELAY_SECS: (i64, i64) = (0, 900);
/// Redrive `maxReceiveCount`: 1–1,000.
pub const MAX_RECEIVE_COUNT: (i64, i64) = (1, 1_000);
/// SQS batch size: 1–10,000; above 10 needs a batching window.
pub const SQS_BATCH: (i64, i64) = (1, 10_000);
/// The largest SQS batch without a batching window, and the largest FIFO batch.
pub const SQS_BATCH_WITHOUT_WINDOW: i64 = 10;
/// Batching window: 0–300 s.
pub const BATCHING_WINDOW_SECS: (i64, i64) = (0, 300);
/// SQS `ScalingConfig.MaximumConcurrency`: 2–1,000.
pub const MAXIMUM_CONCURRENCY: (i64, i64) = (2, 1_000);
/// AWS's recommended visibility timeout is this many times the function timeout, plus
/// the batching window.
pub const VISIBILITY_TIMEOUT_FACTOR: i64 = 6;

fn is_fifo(q: &Resource) -> bool {
    q.properties.get("FifoQueue").and_then(Value::as_bool) == Some(true)
}

fn out_of(v: i64, (lo, hi): (i64, i64)) -> bool {
    v < lo || v > hi
}

pub(super) fn check(template: &Template, out: &mut Vec<Finding>) {
    for (id, r) in &template.resources {
        match r.resource_type.as_str() {
            "AWS::SQS::Queue" => queue(template, id, r, out),
            "AWS::Lambda::EventSourceMapping" => mapping(template, id, r, out),
            _ => {}
        }
    }
}

fn queue(template: &Template, id: &str, q: &Resource, out: &mut Vec<Finding>) {
    for (prop, bounds, what) in [
        ("VisibilityTimeout", VISIBILITY_SECS, "visibility timeout"),
        ("MessageRetentionPeriod", RETENTION_SECS, "retention"),
        ("DelaySeconds", DELAY_SECS, "delay"),
    ] {
        if let Some(v) = int_prop(q, prop).filter(|v| out_of(*v, bounds)) {
            out.push(Finding::new(
                &catalog::QUEUE_RANGE,
                id,
                Some(prop),
                format!("{what} of queue `{id}` is {v} s; SQS accepts {} to {} s", bounds.0, bounds.1),
                format!("set the {what} between {} and {} s", bounds.0, bounds.1),
            ));
        }
    }
    let Some(redrive) = q.properties.get("RedrivePolicy") else {
        return;
    };
    if let Some(n) = redrive.get("maxReceiveCount").and_then(Value::as_i64) {
        if out_of(n, MAX_RECEIVE_COUNT) {
            out.push(Finding::new(
                &catalog::QUEUE_REDRIVE,
                id,
                Some("RedrivePolicy"),
                format!("maxReceiveCount of queue `{id}` is {n}; SQS accepts 1 to 1,000"),
                "receive a message at least once before moving it to the dead-letter queue".into(),
            ));
        }
    }
    let Some((dlq_id, dlq)) = redrive
        .get("deadLetterTargetArn")
        .and_then(|v| referenced(template, v))
        .filter(|(_, r)| r.resource_type == "AWS::SQS::Queue")
    else {
        return;
    };
    if is_fifo(q) != is_fifo(dlq) {
        let kind = |fifo| if fifo { "FIFO" } else { "standard" };
        out.push(Finding::new(
            &catalog::QUEUE_REDRIVE,
            id,
            Some("RedrivePolicy"),
            format!(
                "queue `{id}` is {} but its dead-letter queue `{dlq_id}` is {}",
                kind(is_fifo(q)),
                kind(is_fifo(dlq))
            ),
            "a FIFO queue needs a FIFO dead-letter queue, a standard queue a standard one".into(),
        ));
    }
    let source_keep = int_prop(q, "MessageRetentionPeriod").unwrap_or(DEFAULT_RETENTION_SECS);
    let dlq_keep = int_prop(dlq, "MessageRetentionPeriod").unwrap_or(DEFAULT_RETENTION_SECS);
    if dlq_keep <= source_keep && !is_fifo(q) {
        out.push(Finding::new(
            &catalog::QUEUE_DLQ_RETENTION,
            id,
            Some("RedrivePolicy"),
            format!(
                "dead-letter queue `{dlq_id}` keeps messages {dlq_keep} s, no longer than `{id}` ({source_keep} s); a message's age counts from its first enqueue, so it may expire as soon as it is moved"
            ),
            if source_keep < RETENTION_SECS.1 {
                format!("give `{dlq_id}` a retention of {} s (14 days, the longest SQS keeps)", RETENTION_SECS.1)
            } else {
                // The source already keeps messages as long as SQS allows: shorten it.
                format!(
                    "shorten `{id}`'s retention to {} s (13 days) and give `{dlq_id}` {} s (14 days)",
                    RETENTION_SECS.1 - 86_400,
                    RETENTION_SECS.1
                )
            },
        ));
    }
}

fn mapping(template: &Template, id: &str, m: &Resource, out: &mut Vec<Finding>) {
    let Some((queue_id, q)) = m
        .properties
        .get("EventSourceArn")
        .and_then(|v| referenced(template, v))
        .filter(|(_, r)| r.resource_type == "AWS::SQS::Queue")
    else {
        return;
    };
    let batch = int_prop(m, "BatchSize");
    let window = int_prop(m, "MaximumBatchingWindowInSeconds");
    let concurrency =
        m.properties.get("ScalingConfig").and_then(|s| s.get("MaximumConcurrency")).and_then(Value::as_i64);
    // The function itself, or the one behind the alias or version the mapping invokes.
    let consumer = m
        .properties
        .get("FunctionName")
        .and_then(|v| super::targets::function_of(template, v))
        .and_then(|id| template.resources.get_key_value(id))
        .map(|(id, r)| (id.as_str(), r))
        .filter(|(_, r)| r.resource_type == "AWS::Lambda::Function");
    let timeout = consumer.and_then(|(_, f)| int_prop(f, "Timeout")).unwrap_or(DEFAULT_FUNCTION_TIMEOUT_SECS);
    let visibility = int_prop(q, "VisibilityTimeout").unwrap_or(DEFAULT_VISIBILITY_SECS);
    // What the visibility timeout must be for a batching window of `w` seconds (FW203),
    // said only when the queue's is shorter, so that following one help does not lead
    // into the next finding.
    let visibility_for = |w: i64| {
        let needed = recommended_visibility(timeout, w);
        match consumer {
            Some(_) if visibility < needed => {
                format!(" and raise the visibility timeout of `{queue_id}` to at least {needed} s")
            }
            _ => String::new(),
        }
    };
    for (prop, value, bounds, what) in [
        ("BatchSize", batch, SQS_BATCH, "batch size"),
        ("MaximumBatchingWindowInSeconds", window, BATCHING_WINDOW_SECS, "batching window"),
        ("ScalingConfig", concurrency, MAXIMUM_CONCURRENCY, "maximum concurrency"),
    ] {
        if let Some(v) = value.filter(|v| out_of(*v, bounds)) {
            let fixed = v.clamp(bounds.0, bounds.1);
            let mut help = format!("set the {what} to {fixed} (Lambda accepts {} to {})", bounds.0, bounds.1);
            if prop == "BatchSize"
                && fixed > SQS_BATCH_WITHOUT_WINDOW
                && window.unwrap_or(0) < 1
                && !is_fifo(q)
            {
                help.push_str(&format!(" with a batching window of at least 1 s{}", visibility_for(1)));
            }
            if prop == "MaximumBatchingWindowInSeconds" {
                help.push_str(&visibility_for(fixed));
            }
            out.push(Finding::new(
                &catalog::ESM_RANGE,
                id,
                Some(prop),
                format!(
                    "{what} of the SQS source `{id}` is {v}; Lambda accepts {} to {}",
                    bounds.0, bounds.1
                ),
                help,
            ));
        }
    }
    if m.properties.contains_key("StartingPosition") {
        out.push(Finding::new(
            &catalog::ESM_RANGE,
            id,
            Some("StartingPosition"),
            format!("the SQS source `{id}` sets a starting position, which only streams take"),
            "remove StartingPosition from SQS event sources".into(),
        ));
    }
    let batch_size = batch.unwrap_or(10);
    let window_secs = window.unwrap_or(0);
    if is_fifo(q) {
        // Each wrong setting is named on its own: a batch of 10 with a window is wrong
        // only because of the window.
        if batch_size > SQS_BATCH_WITHOUT_WINDOW {
            out.push(Finding::new(
                &catalog::SQS_FIFO_BATCH,
                id,
                Some("BatchSize"),
                format!(
                    "FIFO queue `{queue_id}` is read in batches of {batch_size}; FIFO sources take at most {SQS_BATCH_WITHOUT_WINDOW}"
                ),
                format!("set the batch size to {SQS_BATCH_WITHOUT_WINDOW} or less"),
            ));
        }
        if window_secs > 0 {
            out.push(Finding::new(
                &catalog::SQS_FIFO_BATCH,
                id,
                Some("MaximumBatchingWindowInSeconds"),
                format!(
                    "FIFO queue `{queue_id}` is read with a {window_secs} s batching window; FIFO sources take no batching window"
                ),
                "remove the batching window: a FIFO source delivers each batch as soon as it has one".into(),
            ));
        }
    } else if batch_size > SQS_BATCH_WITHOUT_WINDOW && window_secs < 1 {
        out.push(Finding::new(
            &catalog::SQS_BATCH_WITHOUT_WINDOW,
            id,
            Some("BatchSize"),
            format!("batch size {batch_size} of the SQS source `{id}` needs a batching window; without one Lambda rejects batches above 10"),
            format!(
                "set batching_window to at least 1 s{}, or lower the batch size to {SQS_BATCH_WITHOUT_WINDOW}",
                visibility_for(1)
            ),
        ));
    }

    let Some((function_id, _)) = consumer else {
        return;
    };
    let recommended = recommended_visibility(timeout, window_secs);
    if visibility < timeout {
        out.push(Finding::new(
            &catalog::SQS_VISIBILITY_BELOW_TIMEOUT,
            queue_id,
            Some("VisibilityTimeout"),
            format!(
                "visibility timeout of `{queue_id}` is {visibility} s, shorter than the {timeout} s timeout of its consumer `{function_id}`; the mapping fails to deploy"
            ),
            // The recommendation, not the bare minimum, so the fix does not lead into FW203.
            format!("set the queue's visibility timeout to {recommended} s (6 × timeout + batching window; at least {timeout} s is required)"),
        ));
    } else if visibility < recommended {
        out.push(Finding::new(
            &catalog::SQS_VISIBILITY_RECOMMENDED,
            queue_id,
            Some("VisibilityTimeout"),
            format!(
                "visibility timeout of `{queue_id}` is {visibility} s; with consumer `{function_id}` timing out after {timeout} s and a {window_secs} s window, messages may be received again while still in flight"
            ),
            format!("set the queue's visibility timeout to at least {recommended} s (6 × timeout + batching window)"),
        ));
    }
}

/// AWS's recommended visibility timeout for a consumer's timeout and batching window,
/// in seconds (saturating: the numbers come from the template).
pub fn recommended_visibility(timeout_secs: i64, window_secs: i64) -> i64 {
    VISIBILITY_TIMEOUT_FACTOR.saturating_mul(timeout_secs).saturating_add(window_secs)
}

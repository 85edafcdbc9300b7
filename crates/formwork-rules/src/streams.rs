//! Rules on Kinesis and DynamoDB stream event sources, and on the filters of every
//! event source mapping.

use formwork_template::{Intrinsic, Resource, Template, Value};

use super::catalog;
use super::finding::Finding;
use super::{int_prop, referenced};
use crate::json;

/// Stream batch size: 1–10,000 (docs/facts.md; default 100).
pub const STREAM_BATCH: (i64, i64) = (1, 10_000);
/// Batching window: 0–300 s.
pub const STREAM_BATCHING_WINDOW_SECS: (i64, i64) = (0, 300);
/// `MaximumRecordAgeInSeconds`: -1 (no limit) or 60–604,800 s.
pub const MAXIMUM_RECORD_AGE_SECS: (i64, i64) = (60, 604_800);
/// `MaximumRetryAttempts` of streams: -1 (until expiry) to 10,000.
pub const STREAM_RETRY_ATTEMPTS: (i64, i64) = (-1, 10_000);
/// `ParallelizationFactor`: 1–10.
pub const PARALLELIZATION_FACTOR: (i64, i64) = (1, 10);
/// `TumblingWindowInSeconds`: 0–900 s.
pub const TUMBLING_WINDOW_SECS: (i64, i64) = (0, 900);
/// Filters per event source mapping: at most 20.
pub const MAX_FILTERS: usize = 20;

/// What kind of stream a mapping reads, if it reads one.
fn stream_kind(template: &Template, m: &Resource) -> Option<(&'static str, Option<(String, bool)>)> {
    let source = m.properties.get("EventSourceArn")?;
    match (source.as_intrinsic(), referenced(template, source)) {
        (Some(Intrinsic::GetAtt { attribute, .. }), Some((id, r))) => {
            match (r.resource_type.as_str(), attribute.as_str()) {
                ("AWS::Kinesis::Stream", "Arn") => Some(("Kinesis", None)),
                ("AWS::DynamoDB::Table", "StreamArn") => Some((
                    "DynamoDB",
                    Some((id.to_string(), r.properties.contains_key("StreamSpecification"))),
                )),
                _ => None,
            }
        }
        (None, _) => {
            let arn = source.as_str()?;
            match arn.split(':').nth(2)? {
                "kinesis" => Some(("Kinesis", None)),
                "dynamodb" if arn.contains("/stream/") => Some(("DynamoDB", None)),
                _ => None,
            }
        }
        _ => None,
    }
}

pub(super) fn check(template: &Template, out: &mut Vec<Finding>) {
    for (id, m) in &template.resources {
        if m.resource_type != "AWS::Lambda::EventSourceMapping" {
            continue;
        }
        filters(id, m, out);
        let Some((kind, table)) = stream_kind(template, m) else {
            continue;
        };
        ranges(id, m, kind, out);
        if !m.properties.contains_key("StartingPosition") {
            out.push(Finding::new(
                &catalog::STREAM_STARTING_POSITION,
                id,
                Some("StartingPosition"),
                format!("the {kind} source `{id}` has no starting position"),
                "set StartingPosition to LATEST or TRIM_HORIZON".into(),
            ));
        }
        if let Some((table, false)) = table {
            out.push(Finding::new(
                &catalog::DYNAMODB_STREAM_DISABLED,
                id,
                Some("EventSourceArn"),
                format!("`{id}` reads the stream of table `{table}`, which has no stream"),
                format!("turn on the stream of `{table}` (Table::stream, StreamSpecification)"),
            ));
        }
    }
}

fn ranges(id: &str, m: &Resource, kind: &str, out: &mut Vec<Finding>) {
    let checks: [(&str, (i64, i64), &str, bool); 6] = [
        ("BatchSize", STREAM_BATCH, "batch size", false),
        ("MaximumBatchingWindowInSeconds", STREAM_BATCHING_WINDOW_SECS, "batching window", false),
        ("MaximumRecordAgeInSeconds", MAXIMUM_RECORD_AGE_SECS, "maximum record age", true),
        ("MaximumRetryAttempts", STREAM_RETRY_ATTEMPTS, "retry attempts", false),
        ("ParallelizationFactor", PARALLELIZATION_FACTOR, "parallelization factor", false),
        ("TumblingWindowInSeconds", TUMBLING_WINDOW_SECS, "tumbling window", false),
    ];
    for (prop, (lo, hi), what, minus_one_ok) in checks {
        let Some(v) = int_prop(m, prop) else {
            continue;
        };
        if (v >= lo && v <= hi) || (minus_one_ok && v == -1) {
            continue;
        }
        let allowed = if minus_one_ok { format!("-1 or {lo} to {hi}") } else { format!("{lo} to {hi}") };
        out.push(Finding::new(
            &catalog::STREAM_SOURCE_RANGE,
            id,
            Some(prop),
            format!("{what} of the {kind} source `{id}` is {v}; Lambda accepts {allowed}"),
            format!("set the {what} to {allowed}"),
        ));
    }
}

fn filters(id: &str, m: &Resource, out: &mut Vec<Finding>) {
    let list = m
        .properties
        .get("FilterCriteria")
        .and_then(|f| f.get("Filters"))
        .and_then(Value::as_list)
        .unwrap_or_default();
    if list.len() > MAX_FILTERS {
        out.push(Finding::new(
            &catalog::FILTER_COUNT,
            id,
            Some("FilterCriteria"),
            format!("`{id}` has {} filters; an event source mapping takes at most {MAX_FILTERS}", list.len()),
            "combine patterns: one pattern can match several values of a field".into(),
        ));
    }
    for pattern in list.iter().filter_map(|f| f.get("Pattern")).filter_map(Value::as_str) {
        if let Err(why) = json::parse(pattern).and_then(object) {
            out.push(Finding::new(
                &catalog::EVENT_JSON,
                id,
                Some("FilterCriteria"),
                format!("filter pattern `{pattern}` of `{id}` is not a JSON object: {why}"),
                "write the pattern as a JSON object, e.g. {\"body\": {\"type\": [\"order\"]}}".into(),
            ));
        }
    }
}

/// A parsed document that must be an object.
pub(super) fn object(v: Value) -> Result<Value, String> {
    match v {
        Value::Map(_) => Ok(v),
        _ => Err("it is not an object".into()),
    }
}

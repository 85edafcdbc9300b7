//! Rules on services that push events to functions: S3 notifications and the permission
//! they wait for, EventBridge schedules, and the JSON documents of rules and
//! subscriptions.

use formwork_template::{Template, Value};

use super::catalog;
use super::finding::Finding;
use super::streams::object;
use super::targets::function_of;
use crate::json;

pub(super) fn check(template: &Template, out: &mut Vec<Finding>) {
    for (id, r) in &template.resources {
        match r.resource_type.as_str() {
            "AWS::S3::Bucket" => notifications(template, id, r, out),
            "AWS::Events::Rule" => {
                if let Some(expr) = r.properties.get("ScheduleExpression").and_then(Value::as_str) {
                    if let Err(why) = schedule_expression(expr) {
                        out.push(Finding::new(
                            &catalog::SCHEDULE_EXPRESSION,
                            id,
                            Some("ScheduleExpression"),
                            format!("schedule `{expr}` of `{id}` is invalid: {why}"),
                            "write rate(1 hour), rate(5 minutes) or a six-field cron(0 6 * * ? *)".into(),
                        ));
                    }
                }
                if let Some(pattern) = r.properties.get("EventPattern").and_then(Value::as_str) {
                    json_document(id, "EventPattern", "event pattern", pattern, true, out);
                }
                for t in r.properties.get("Targets").and_then(Value::as_list).unwrap_or_default() {
                    if let Some(input) = t.get("Input").and_then(Value::as_str) {
                        json_document(id, "Targets", "rule input", input, false, out);
                    }
                }
            }
            "AWS::SNS::Subscription" => {
                if let Some(policy) = r.properties.get("FilterPolicy").and_then(Value::as_str) {
                    json_document(id, "FilterPolicy", "filter policy", policy, true, out);
                }
            }
            _ => {}
        }
    }
}

fn json_document(id: &str, prop: &str, what: &str, text: &str, must_be_object: bool, out: &mut Vec<Finding>) {
    let parsed = json::parse(text);
    let result = if must_be_object { parsed.and_then(object) } else { parsed };
    if let Err(why) = result {
        out.push(Finding::new(
            &catalog::EVENT_JSON,
            id,
            Some(prop),
            format!("{what} of `{id}` is not valid JSON: {why}"),
            "write it as a JSON document".into(),
        ));
    }
}

/// Checks `rate(N unit)` and `cron(six fields)`.
pub fn schedule_expression(expr: &str) -> Result<(), String> {
    if let Some(inner) = expr.strip_prefix("rate(").and_then(|s| s.strip_suffix(')')) {
        let mut words = inner.split_whitespace();
        let (Some(n), Some(unit), None) = (words.next(), words.next(), words.next()) else {
            return Err("a rate is a number and a unit".into());
        };
        let n: u64 = n.parse().map_err(|_| format!("`{n}` is not a whole number"))?;
        if n == 0 {
            return Err("the rate must be at least 1".into());
        }
        let singular = matches!(unit, "minute" | "hour" | "day");
        let plural = matches!(unit, "minutes" | "hours" | "days");
        return match (n == 1, singular, plural) {
            (true, true, _) | (false, _, true) => Ok(()),
            (true, false, true) => {
                Err(format!("a rate of 1 takes the singular `{}`", unit.trim_end_matches('s')))
            }
            (false, true, _) => Err(format!("a rate of {n} takes the plural `{unit}s`")),
            _ => Err(format!("`{unit}` is not minute(s), hour(s) or day(s)")),
        };
    }
    if let Some(inner) = expr.strip_prefix("cron(").and_then(|s| s.strip_suffix(')')) {
        let fields = inner.split_whitespace().count();
        return if fields == 6 {
            Ok(())
        } else {
            Err(format!("a cron expression has six fields (minutes hours day-of-month month day-of-week year), not {fields}"))
        };
    }
    Err("it is neither rate(...) nor cron(...)".into())
}

/// Each function a bucket notifies must have a permission for S3 that the bucket waits
/// for, and that permission must not refer to the bucket (a circular dependency).
fn notifications(
    template: &Template,
    id: &str,
    bucket: &formwork_template::Resource,
    out: &mut Vec<Finding>,
) {
    let configs =
        bucket.properties.get("NotificationConfiguration").and_then(|n| n.get("LambdaConfigurations"));
    for c in configs.and_then(Value::as_list).unwrap_or_default() {
        let Some(function) = c.get("Function").and_then(|v| function_of(template, v)) else {
            continue;
        };
        let permissions: Vec<(&String, &formwork_template::Resource)> = template
            .resources
            .iter()
            .filter(|(_, p)| {
                p.resource_type == "AWS::Lambda::Permission"
                    && p.properties.get("Principal").and_then(Value::as_str) == Some("s3.amazonaws.com")
                    && p.properties.get("FunctionName").and_then(|v| function_of(template, v))
                        == Some(function)
            })
            .collect();
        let problem = if permissions.is_empty() {
            Some(format!("no permission lets S3 invoke `{function}`"))
        } else if let Some((pid, _)) = permissions.iter().find(|(_, p)| refers_to(p, id)) {
            Some(format!(
                "permission `{pid}` refers to `{id}`, which must wait for it: a circular dependency"
            ))
        } else if !permissions.iter().any(|(pid, _)| bucket.depends_on.contains(pid)) {
            Some(format!(
                "`{id}` does not depend on `{}`; S3 may check the notification before the permission exists",
                permissions[0].0
            ))
        } else {
            None
        };
        if let Some(why) = problem {
            out.push(Finding::new(
                &catalog::S3_NOTIFICATION_ORDER,
                id,
                Some("NotificationConfiguration"),
                format!("notification of `{id}` to `{function}` cannot deploy reliably: {why}"),
                "spell the bucket's ARN from its name in the permission's SourceArn and make the bucket DependsOn the permission (S3Source does both)".into(),
            ));
        }
    }
}

fn refers_to(r: &formwork_template::Resource, id: &str) -> bool {
    let mut found = false;
    for v in r.properties.values() {
        v.references(&mut |reference| found |= reference.target == id);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_expressions() {
        for ok in ["rate(1 hour)", "rate(5 minutes)", "rate(2 days)", "cron(0 6 * * ? *)"] {
            assert_eq!(schedule_expression(ok), Ok(()), "{ok}");
        }
        for bad in [
            "rate(1 hours)",
            "rate(5 minute)",
            "rate(0 days)",
            "rate(30 seconds)",
            "cron(0 6 * * ?)",
            "daily",
        ] {
            assert!(schedule_expression(bad).is_err(), "{bad}");
        }
    }
}

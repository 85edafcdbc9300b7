//! Event sources: mappings for pollers (SQS, Kinesis, DynamoDB streams) with the read
//! actions they need; subscriptions, rules and permissions for pushers (SNS, S3,
//! EventBridge, API Gateway), each permission limited to its source's ARN.

use formwork_template::{Intrinsic, Map, Resource, Value};

use formwork_rules::catalog;
use formwork_rules::json;

use super::function::Parts;
use super::invoke::service_permission;
use super::Expander;
use crate::construct::{
    ApiRoute, ApiTarget, EventRule, EventSource, FailedBatchTarget, Function, Method, RuleTrigger, S3Source,
    SnsSource, SqsSource, StartingPosition, StreamOrigin, StreamSource,
};

/// Actions an SQS event source mapping needs on its queue (what AWS's own
/// AWSLambdaSQSQueueExecutionRole grants, scoped to the one queue).
pub const SQS_SOURCE_ACTIONS: [&str; 3] =
    ["sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"];

/// Actions a Kinesis event source mapping needs on its stream (docs/facts.md; what
/// AWSLambdaKinesisExecutionRole grants, scoped to the one stream). docs/facts.md also lists
/// `kinesis:SubscribeToShard`, but AWS's service data says it acts only on a stream
/// *consumer* ARN (enhanced fan-out, which formwork does not set up), so on the stream's
/// ARN it would grant nothing (rule FW404 says so).
pub const KINESIS_SOURCE_ACTIONS: [&str; 5] = [
    "kinesis:DescribeStream",
    "kinesis:DescribeStreamSummary",
    "kinesis:GetRecords",
    "kinesis:GetShardIterator",
    "kinesis:ListShards",
];

/// Actions a DynamoDB stream event source mapping needs on the stream's ARN (docs/facts.md).
pub const DYNAMODB_STREAM_ACTIONS: [&str; 3] =
    ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"];

/// The DynamoDB stream action that accepts no resource ARN (docs/facts.md).
pub const DYNAMODB_LIST_STREAMS: &str = "dynamodb:ListStreams";

impl Expander<'_> {
    pub(super) fn event_source(&mut self, f: &Function, source: &EventSource, parts: &mut Parts) {
        let named = match source {
            EventSource::Sqs(s) => Some(&s.queue.0),
            EventSource::Stream(s) => Some(match &s.origin {
                StreamOrigin::Kinesis(k) => &k.0,
                StreamOrigin::DynamoDb(t) => &t.0,
            }),
            EventSource::Sns(s) => Some(&s.topic.0),
            EventSource::S3(s) => Some(&s.bucket.0),
            EventSource::Api(r) => Some(match &r.api {
                ApiTarget::Rest(a) => &a.0,
                ApiTarget::Http(a) => &a.0,
            }),
            EventSource::Rule(_) => None,
        };
        if let Some(handle) = named {
            let path = match source {
                EventSource::Api(r) => {
                    format!("{} / event_source {} {}", parts.path, r.method.as_str(), r.path)
                }
                _ => format!("{} / event_source {}", parts.path, handle.id),
            };
            if self.kind_mismatch(handle, &f.id, &path) {
                return; // a handle of another kind: reported once, nothing built from it
            }
        }
        match source {
            EventSource::Sqs(s) => self.sqs_source(f, s, parts),
            EventSource::Stream(s) => self.stream_source(f, s, parts),
            EventSource::Sns(s) => self.sns_source(f, s, parts),
            EventSource::S3(s) => self.s3_source(f, s, parts),
            EventSource::Rule(r) => self.rule_source(f, r, parts),
            EventSource::Api(r) => self.api_source(f, r, parts),
        }
    }

    fn sqs_source(&mut self, f: &Function, source: &SqsSource, parts: &mut Parts) {
        let queue_id = source.queue.0.id.clone();
        let source_path = format!("{} / event_source {queue_id}", parts.path);
        let arn = self.arn_of(&source.queue.0, &f.id, &source_path);
        for action in SQS_SOURCE_ACTIONS {
            parts.need(action, arn.clone(), format!("event_source {queue_id} (SQS polling)"));
        }
        let mut m = Resource::new("AWS::Lambda::EventSourceMapping")
            .property("FunctionName", parts.name.clone())
            .property("EventSourceArn", arn)
            .maybe_property("BatchSize", source.batch_size)
            .maybe_property(
                "MaximumBatchingWindowInSeconds",
                source.batching_window.map(|d| d.as_secs_i64()),
            );
        if source.report_batch_item_failures {
            m = m.property("FunctionResponseTypes", Value::List(vec!["ReportBatchItemFailures".into()]));
        }
        if let Some(n) = source.maximum_concurrency {
            m = m.property("ScalingConfig", Value::map([("MaximumConcurrency", Value::from(n))]));
        }
        if let Some(filters) = self.filter_criteria(&source.filters) {
            m = m.property("FilterCriteria", filters);
        }
        parts.add(format!("{}{}", f.id, queue_id), m, source_path);
    }

    fn stream_source(&mut self, f: &Function, source: &StreamSource, parts: &mut Parts) {
        let (handle, kind) = match &source.origin {
            StreamOrigin::Kinesis(s) => (&s.0, "Kinesis"),
            StreamOrigin::DynamoDb(t) => (&t.0, "DynamoDB stream"),
        };
        let source_id = handle.id.clone();
        let source_path = format!("{} / event_source {source_id}", parts.path);
        let reason = format!("event_source {source_id} ({kind} polling)");
        let arn = match &source.origin {
            StreamOrigin::Kinesis(_) => {
                let arn = self.arn_of(handle, &f.id, &source_path);
                for action in KINESIS_SOURCE_ACTIONS {
                    parts.need(action, arn.clone(), reason.clone());
                }
                arn
            }
            StreamOrigin::DynamoDb(_) => {
                let arn = self.stream_arn_of_table(handle, &f.id, &source_path);
                for action in DYNAMODB_STREAM_ACTIONS {
                    parts.need(action, arn.clone(), reason.clone());
                }
                parts.need(
                    DYNAMODB_LIST_STREAMS,
                    Value::from("*"),
                    format!("event_source {source_id} (dynamodb:ListStreams accepts no resource ARN)"),
                );
                arn
            }
        };
        let mut m = Resource::new("AWS::Lambda::EventSourceMapping")
            .property("FunctionName", parts.name.clone())
            .property("EventSourceArn", arn)
            .property("StartingPosition", source.starting_position.as_str());
        if let StartingPosition::AtTimestamp(t) = source.starting_position {
            m = m.property("StartingPositionTimestamp", Value::Int(i64::try_from(t).unwrap_or(i64::MAX)));
        }
        m = m.maybe_property("BatchSize", source.batch_size).maybe_property(
            "MaximumBatchingWindowInSeconds",
            source.batching_window.map(|d| d.as_secs_i64()),
        );
        if source.bisect_on_error {
            m = m.property("BisectBatchOnFunctionError", true);
        }
        m = m
            .maybe_property("MaximumRecordAgeInSeconds", source.maximum_record_age.map(|d| d.as_secs_i64()))
            .maybe_property("MaximumRetryAttempts", source.retry_attempts.map(i64::from))
            .maybe_property("ParallelizationFactor", source.parallelization)
            .maybe_property("TumblingWindowInSeconds", source.tumbling_window.map(|d| d.as_secs_i64()));
        if source.report_batch_item_failures {
            m = m.property("FunctionResponseTypes", Value::List(vec!["ReportBatchItemFailures".into()]));
        }
        if let Some(filters) = self.filter_criteria(&source.filters) {
            m = m.property("FilterCriteria", filters);
        }
        let on_failure =
            source.on_failure.as_ref().map(|t| (t, crate::construct::Destination::from(t.clone())));
        let target_path = format!("{source_path} / on_failure");
        let on_failure = on_failure
            .filter(|(_, d)| !d.handle().is_some_and(|h| self.kind_mismatch(h, &f.id, &target_path)));
        if let Some((target, destination)) = on_failure {
            let d = self.destination(&destination, &f.id, &target_path);
            let what = match target {
                FailedBatchTarget::Queue(_) => "queue",
                FailedBatchTarget::Topic(_) => "topic",
                FailedBatchTarget::Bucket(_) => "bucket",
            };
            for (action, resource) in d.needs {
                parts.need(
                    action,
                    resource,
                    format!("event_source {source_id} on_failure {what} {}", d.label),
                );
            }
            m = m.property(
                "DestinationConfig",
                Value::map([("OnFailure", Value::map([("Destination", d.arn)]))]),
            );
        }
        parts.add(format!("{}{}", f.id, source_id), m, source_path);
    }

    /// A table's `StreamArn`, imported when the table is in another stack.
    fn stream_arn_of_table(
        &mut self,
        table: &crate::construct::Handle,
        from_id: &str,
        from_path: &str,
    ) -> Value {
        if let Some(existing) = super::reach::existing_of(self.app, self.stack, table) {
            if let Some(arn) = existing.stream_arn() {
                return arn;
            }
            self.finding(
                &catalog::EXISTING_UNSUPPORTED,
                from_id,
                from_path.to_string(),
                format!("the stream ARN of existing table `{}` is not known", table.id),
                format!(
                    "give it: `Table::from_name(\"{}\").stream_arn(\"arn:…:table/{}/stream/<label>\")`",
                    table.id, table.id
                ),
            );
            return Value::from("");
        }
        if table.stack == self.stack.name {
            return Value::get_att(&table.id, "StreamArn");
        }
        // Cross-stack: the exporting stack exports the table's ARN; the stream's ARN is
        // an attribute of its own, which handles do not carry, so this is reported.
        self.finding(
            &catalog::CROSS_STACK_REFERENCE,
            from_id,
            from_path.to_string(),
            format!(
                "the stream of table `{}` in stack `{}` cannot be read from another stack",
                table.id, table.stack
            ),
            "put the function in the table's stack".into(),
        );
        Value::get_att(&table.id, "StreamArn")
    }

    /// `FilterCriteria` of a mapping: each pattern as JSON text (validation checks it).
    fn filter_criteria(&mut self, patterns: &[String]) -> Option<Value> {
        if patterns.is_empty() {
            return None;
        }
        let filters = patterns.iter().map(|p| Value::map([("Pattern", Value::from(p.as_str()))])).collect();
        Some(Value::map([("Filters", Value::List(filters))]))
    }

    /// JSON text as a structured template value; text that is not JSON stays text, for
    /// validation to report (FW219) where it sits in the template.
    fn json_value(text: &str) -> Value {
        json::parse(text).unwrap_or_else(|_| Value::from(text))
    }

    fn sns_source(&mut self, f: &Function, source: &SnsSource, parts: &mut Parts) {
        let topic_id = source.topic.0.id.clone();
        let source_path = format!("{} / event_source {topic_id}", parts.path);
        let topic_arn = self.arn_of(&source.topic.0, &f.id, &source_path);
        let mut subscription = Resource::new("AWS::SNS::Subscription")
            .property("Protocol", "lambda")
            .property("Endpoint", parts.arn.clone())
            .property("TopicArn", topic_arn.clone());
        if let Some(policy) = &source.filter_policy {
            subscription = subscription.property("FilterPolicy", Self::json_value(policy));
        }
        let permission = service_permission(parts, "sns.amazonaws.com", topic_arn);
        parts.add(format!("{}{}", f.id, topic_id), subscription, source_path.clone());
        parts.add(format!("{}{}Permission", f.id, topic_id), permission, source_path);
    }

    fn s3_source(&mut self, f: &Function, source: &S3Source, parts: &mut Parts) {
        let bucket = &source.bucket.0;
        let source_path = format!("{} / event_source {}", parts.path, bucket.id);
        if super::reach::existing_of(self.app, self.stack, bucket).is_some() {
            self.finding(
                &catalog::EXISTING_UNSUPPORTED,
                &f.id,
                source_path,
                format!("bucket `{}` is not created by this app, so its notifications cannot be set here", bucket.id),
                "let the bucket's owner add the notification (and an `allow_invoke` permission here), or use EventBridge".into(),
            );
            return;
        }
        if bucket.stack != self.stack.name {
            self.finding(
                &catalog::S3_SOURCE_STACK,
                &f.id,
                source_path,
                format!(
                    "bucket `{}` is in stack `{}`; its notifications can only invoke functions of its own stack",
                    bucket.id, bucket.stack
                ),
                "put the function in the bucket's stack, or the bucket in the function's".into(),
            );
            return;
        }
        let id = format!("{}{}Permission", f.id, bucket.id);
        if parts.resources.iter().any(|(rid, _, _)| *rid == id) {
            return; // one permission per bucket, however many notifications
        }
        let Some(arn) = self.bucket_arn_text(&bucket.id) else {
            return; // a bucket never added: its handle dangles (reported as FW503)
        };
        let permission = service_permission(parts, "s3.amazonaws.com", arn)
            .property("SourceAccount", Value::pseudo(formwork_template::Pseudo::AccountId));
        parts.add(id, permission, source_path);
    }

    fn rule_source(&mut self, f: &Function, rule: &EventRule, parts: &mut Parts) {
        let rule_id = format!("{}{}", f.id, rule.id);
        let path = format!("{} / event_source {}", parts.path, rule.id);
        let mut r = Resource::new("AWS::Events::Rule");
        if let Some(d) = &rule.description {
            r = r.property("Description", d.as_str());
        }
        r = match &rule.trigger {
            RuleTrigger::Pattern(p) => r.property("EventPattern", Self::json_value(p)),
            RuleTrigger::Schedule(s) => r.property("ScheduleExpression", s.expression()),
        };
        if !rule.enabled {
            r = r.property("State", "DISABLED");
        }
        let mut target = Map::new();
        target.insert("Arn".into(), parts.arn.clone());
        target.insert("Id".into(), Value::from(truncate(&format!("{rule_id}Target"), 64)));
        if let Some(input) = &rule.input {
            target.insert("Input".into(), Value::from(input.as_str()));
        }
        r = r.property("Targets", Value::List(vec![Value::Map(target)]));
        let permission = service_permission(parts, "events.amazonaws.com", Value::get_att(&rule_id, "Arn"));
        parts.add(rule_id.clone(), r, path.clone());
        parts.add(format!("{rule_id}Permission"), permission, path);
    }

    fn api_source(&mut self, f: &Function, route: &ApiRoute, parts: &mut Parts) {
        let handle = match &route.api {
            ApiTarget::Rest(a) => &a.0,
            ApiTarget::Http(a) => &a.0,
        };
        let path = format!("{} / event_source {} {}", parts.path, route.method.as_str(), route.path);
        if handle.stack != self.stack.name {
            self.finding(
                &catalog::API_ROUTE_STACK,
                &f.id,
                path,
                format!(
                    "API `{}` is in stack `{}`; its routes can only invoke functions of its own stack",
                    handle.id, handle.stack
                ),
                "put the function in the API's stack".into(),
            );
            return;
        }
        let method = match route.method {
            Method::Any => "*",
            m => m.as_str(),
        };
        let source_arn = Value::sub(format!(
            "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{}}}/*/{method}{}",
            handle.id,
            permission_path(&route.path)
        ));
        let permission = service_permission(parts, "apigateway.amazonaws.com", source_arn);
        parts.add(format!("{}{}{}Permission", f.id, handle.id, route.name()), permission, path);
    }
}

/// The path of an execute-api ARN: path parameters (`{id}`, `{proxy+}`) match anything.
pub(super) fn permission_path(path: &str) -> String {
    let parts: Vec<&str> = path
        .split('/')
        .map(|segment| if segment.starts_with('{') && segment.ends_with('}') { "*" } else { segment })
        .collect();
    let joined = parts.join("/");
    if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// The `Fn::Sub` placeholder naming what an integration invokes: `Fn.Arn` or the alias.
pub(super) fn invocation_placeholder(arn: &Value) -> String {
    match arn.as_intrinsic() {
        Some(Intrinsic::GetAtt { resource, attribute }) => format!("{resource}.{attribute}"),
        Some(Intrinsic::Ref(id)) => id.clone(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_paths_match_parameters() {
        assert_eq!(permission_path("/orders/{id}"), "/orders/*");
        assert_eq!(permission_path("/orders"), "/orders");
        assert_eq!(permission_path("/{proxy+}"), "/*");
    }
}

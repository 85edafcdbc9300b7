//! A function: its log group, execution role (exactly the permissions its features
//! need), the function itself and its event source mappings.

use std::collections::BTreeSet;

use formwork_iam::{PolicyDocument, Statement};
use formwork_template::{DeletionPolicy, Map, Parameter, Resource, Value};

use super::{AssetRef, Expander, Permission, ASSETS_BUCKET_PARAMETER};
use crate::construct::{Code, DeadLetterTarget, EnvValue, Function, Tracing};
use crate::validate::catalog;

/// One permission a function needs and why: an action on a resource.
#[derive(Debug, Clone, PartialEq)]
struct Need {
    action: &'static str,
    resource: Value,
    reason: String,
}

/// Statements from needs: one per distinct action set, resources in first-seen order,
/// actions sorted and deduplicated.
fn statements(needs: &[Need]) -> Vec<Statement> {
    let mut by_resource: Vec<(Value, BTreeSet<&'static str>)> = Vec::new();
    for need in needs {
        match by_resource.iter_mut().find(|(r, _)| *r == need.resource) {
            Some((_, actions)) => {
                actions.insert(need.action);
            }
            None => by_resource.push((need.resource.clone(), BTreeSet::from([need.action]))),
        }
    }
    let mut grouped: Vec<(BTreeSet<&'static str>, Vec<Value>)> = Vec::new();
    for (resource, actions) in by_resource {
        match grouped.iter_mut().find(|(a, _)| *a == actions) {
            Some((_, resources)) => resources.push(resource),
            None => grouped.push((actions, vec![resource])),
        }
    }
    grouped.into_iter().map(|(actions, resources)| Statement::allow(actions, resources)).collect()
}

/// Actions an SQS event source mapping needs on its queue (what AWS's own
/// AWSLambdaSQSQueueExecutionRole grants, scoped to the one queue).
const SQS_SOURCE_ACTIONS: [&str; 3] = ["sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"];

/// Actions X-Ray tracing needs; neither accepts a resource ARN.
const TRACING_ACTIONS: [&str; 2] = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"];

impl Expander<'_> {
    pub(super) fn function(&mut self, f: &Function) {
        let path = self.path("function", &f.id);
        let log_group_id = format!("{}LogGroup", f.id);
        let role_id = format!("{}Role", f.id);
        let mut needs: Vec<Need> = ["logs:CreateLogStream", "logs:PutLogEvents"]
            .into_iter()
            .map(|action| Need {
                action,
                resource: Value::get_att(&log_group_id, "Arn"),
                reason: format!("writes to its log group {log_group_id}"),
            })
            .collect();

        // Kept like other data when the stack goes (as CDK does); events still expire.
        let mut log_group = Resource::new("AWS::Logs::LogGroup").retention(Some(DeletionPolicy::Retain));
        if let Some(days) = f.log_retention.days() {
            log_group = log_group.property("RetentionInDays", days);
        }
        self.insert(log_group_id.clone(), log_group, path.clone());

        let mut props = Map::new();
        let mut set = |k: &str, v: Value| {
            props.insert(k.to_string(), v);
        };
        if let Some(name) = &f.function_name {
            set("FunctionName", Value::from(name.as_str()));
        }
        if let Some(d) = &f.description {
            set("Description", Value::from(d.as_str()));
        }
        set("Runtime", Value::from(f.runtime.as_str()));
        set("Handler", Value::from(f.handler.as_str()));
        let code = self.code(f, &path);
        props.insert("Code".into(), code);
        props.insert("Role".into(), Value::get_att(&role_id, "Arn"));
        props.insert("MemorySize".into(), Value::from(f.memory.get()));
        props.insert("Timeout".into(), Value::Int(f.timeout.as_secs() as i64));
        if f.architecture != Default::default() {
            props.insert("Architectures".into(), Value::List(vec![f.architecture.as_str().into()]));
        }
        if let Some(size) = f.ephemeral_storage {
            props.insert("EphemeralStorage".into(), Value::map([("Size", Value::from(size.get()))]));
        }
        if !f.environment.is_empty() {
            let mut vars = Map::new();
            for (k, v) in &f.environment {
                let value = match v {
                    EnvValue::Text(s) => Value::from(s.as_str()),
                    EnvValue::Attribute(a) => self.attribute(a, &f.id, &format!("{path} / env {k}")),
                };
                vars.insert(k.clone(), value);
            }
            props.insert("Environment".into(), Value::map([("Variables", Value::Map(vars))]));
        }
        if let Some(n) = f.reserved_concurrency {
            props.insert("ReservedConcurrentExecutions".into(), Value::from(n));
        }
        if let Some(target) = &f.dead_letter {
            let dlq_path = format!("{path} / dead_letter_queue");
            let (handle, action) = match target {
                DeadLetterTarget::Queue(q) => (&q.0, "sqs:SendMessage"),
                DeadLetterTarget::Topic(t) => (&t.0, "sns:Publish"),
            };
            let arn = self.arn_of(handle, &f.id, &dlq_path);
            needs.push(Need {
                action,
                resource: arn.clone(),
                reason: format!("dead_letter_queue {}", handle.id),
            });
            props.insert("DeadLetterConfig".into(), Value::map([("TargetArn", arn)]));
        }
        if f.tracing == Tracing::Active {
            props.insert("TracingConfig".into(), Value::map([("Mode", Value::from("Active"))]));
            for action in TRACING_ACTIONS {
                needs.push(Need {
                    action,
                    resource: Value::from("*"),
                    reason: "tracing Active (X-Ray accepts no resource ARN)".into(),
                });
            }
        }
        props.insert("LoggingConfig".into(), Value::map([("LogGroup", Value::ref_(&log_group_id))]));

        for grant in &f.grants {
            let grant_path = format!("{path} / grant {} {}", grant.intent.as_str(), grant.target.id);
            let arn = self.arn_of(&grant.target, &f.id, &grant_path);
            for action in grant.intent.actions() {
                needs.push(Need {
                    action,
                    resource: arn.clone(),
                    reason: format!("grant {} {}", grant.intent.as_str(), grant.target.id),
                });
            }
        }

        let mut mappings = Vec::new();
        for source in &f.sqs_sources {
            let queue_id = source.queue.0.id.clone();
            let source_path = format!("{path} / event_source {queue_id}");
            let arn = self.arn_of(&source.queue.0, &f.id, &source_path);
            for action in SQS_SOURCE_ACTIONS {
                needs.push(Need {
                    action,
                    resource: arn.clone(),
                    reason: format!("event_source {queue_id} (SQS polling)"),
                });
            }
            let mut m = Resource::new("AWS::Lambda::EventSourceMapping")
                .property("FunctionName", Value::ref_(&f.id))
                .property("EventSourceArn", arn)
                .maybe_property("BatchSize", source.batch_size)
                .maybe_property(
                    "MaximumBatchingWindowInSeconds",
                    source.batching_window.map(|d| d.as_secs() as i64),
                );
            if source.report_batch_item_failures {
                m = m.property("FunctionResponseTypes", Value::List(vec!["ReportBatchItemFailures".into()]));
            }
            if let Some(n) = source.maximum_concurrency {
                m = m.property("ScalingConfig", Value::map([("MaximumConcurrency", Value::from(n))]));
            }
            mappings.push((format!("{}{}", f.id, queue_id), m, source_path));
        }

        let mut role = Resource::new("AWS::IAM::Role")
            .property(
                "AssumeRolePolicyDocument",
                PolicyDocument::new(vec![Statement::assume_role_by_service("lambda.amazonaws.com")])
                    .to_value(),
            )
            .property(
                "Policies",
                Value::List(vec![Value::map([
                    ("PolicyName", Value::from(format!("{}Policy", f.id))),
                    ("PolicyDocument", PolicyDocument::new(statements(&needs)).to_value()),
                ])]),
            );
        if f.tracing == Tracing::Active {
            role.metadata.insert(
                "formwork:unscoped".into(),
                Value::map([(
                    "xray:PutTelemetryRecords, xray:PutTraceSegments",
                    Value::from(
                        "X-Ray accepts no resource ARN for these actions; required by active tracing",
                    ),
                )]),
            );
        }
        self.sources.permissions.insert(
            role_id.clone(),
            needs
                .iter()
                .map(|n| Permission {
                    action: n.action.to_string(),
                    resource: n.resource.clone(),
                    reason: n.reason.clone(),
                })
                .collect(),
        );
        self.insert(role_id, role, path.clone());

        let mut function = Resource::new("AWS::Lambda::Function");
        function.properties = props;
        self.insert(f.id.clone(), function, path);
        for (id, mapping, source_path) in mappings {
            self.insert(id, mapping, source_path);
        }
    }

    /// The `Code` property: the packaged zip's S3 location, through parameters.
    fn code(&mut self, f: &Function, path: &str) -> Value {
        let dir = match &f.code {
            Code::Dir(dir) => dir,
            Code::Inline(source) => return Value::map([("ZipFile", Value::from(source.as_str()))]),
        };
        let resolved = self.app.root.join(dir);
        let key = match self.assets.get(&resolved) {
            Some(AssetRef::Packaged { file_name, sha256 }) => {
                let param = format!("Asset{}Key", &sha256[..16]);
                self.template.parameters.entry(param.clone()).or_insert_with(|| {
                    Parameter::string(format!("S3 key of the code asset {file_name}"))
                        .default_value(file_name.as_str())
                });
                Value::ref_(param)
            }
            Some(AssetRef::Failed(why)) => {
                self.finding(
                    &catalog::CODE_MISSING,
                    &f.id,
                    format!("{path} / code"),
                    format!("code of `{}` cannot be packaged: {why}", f.id),
                    "point Code::dir at an existing directory with the handler's files (relative paths resolve against App::root)".into(),
                );
                Value::from("missing.zip")
            }
            None => Value::from("missing.zip"),
        };
        if !self.template.parameters.contains_key(ASSETS_BUCKET_PARAMETER) {
            self.template.parameters.shift_insert(
                0,
                ASSETS_BUCKET_PARAMETER.to_string(),
                Parameter::string("S3 bucket the code assets written next to this template are uploaded to"),
            );
        }
        Value::map([("S3Bucket", Value::ref_(ASSETS_BUCKET_PARAMETER)), ("S3Key", key)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_group_by_resource_then_by_action_set() {
        let a = Value::get_att("A", "Arn");
        let b = Value::get_att("B", "Arn");
        let need =
            |action, resource: &Value| Need { action, resource: resource.clone(), reason: String::new() };
        let needs = [
            need("sqs:SendMessage", &a),
            need("sqs:SendMessage", &b),
            need("logs:PutLogEvents", &Value::get_att("L", "Arn")),
            need("sqs:SendMessage", &a),
        ];
        let s = statements(&needs);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].actions, vec!["sqs:SendMessage".to_string()]);
        assert_eq!(s[0].resources, vec![a, b]);
        assert_eq!(s[1].actions, vec!["logs:PutLogEvents".to_string()]);
    }
}

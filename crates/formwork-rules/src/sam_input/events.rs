//! The events of SAM functions and state machines: event source mappings for pull
//! sources, subscriptions, rules and schedules, and the permissions that let each
//! service invoke the function, under the transform's logical ids (`<Function><Event>`,
//! `<Function><Event>Permission`, ...).

use formwork_template::{Intrinsic, Map, Pseudo, Resource, Value};

use super::{alphanumeric, trust, written, Lowering};

/// Pull event types, and the property that names their source.
const PULL_EVENTS: [(&str, &str); 7] = [
    ("SQS", "Queue"),
    ("Kinesis", "Stream"),
    ("DynamoDB", "Stream"),
    ("MSK", "Stream"),
    ("MQ", "Broker"),
    ("DocumentDB", "Cluster"),
    ("SelfManagedKafka", ""),
];

/// The property that names a pull event's source.
pub(super) fn source_key(kind: &str) -> Option<&'static str> {
    PULL_EVENTS.iter().find(|(t, _)| *t == kind).map(|(_, k)| *k).filter(|k| !k.is_empty())
}

fn permission(function: &Value, principal: &str, source_arn: Option<&Value>) -> Resource {
    Resource::new("AWS::Lambda::Permission")
        .property("Action", "lambda:InvokeFunction")
        .property("FunctionName", function.clone())
        .property("Principal", principal)
        .maybe_property("SourceArn", source_arn.cloned())
}

/// An `execute-api` ARN of an API: `arn:...:execute-api:<region>:<account>:<api><rest>`.
pub(super) fn execute_api(api: Value, rest: &str) -> Value {
    Value::intrinsic(Intrinsic::Sub {
        template: format!(
            "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{__ApiId__}}{rest}"
        ),
        variables: Some(Map::from_iter([("__ApiId__".to_string(), api)])),
    })
}

/// A SAM resource's events, by name.
fn events_of(r: &Resource) -> impl Iterator<Item = (&String, &Value)> {
    r.properties.get("Events").and_then(Value::as_map).into_iter().flatten()
}

/// The events of function `id`; `target` is what invokes it (the function, or its alias).
pub(super) fn function_events(l: &mut Lowering<'_>, id: &str, r: &Resource, target: &Value) {
    for (event, spec) in r.properties.get("Events").and_then(Value::as_map).into_iter().flatten() {
        let kind = spec.get("Type").and_then(Value::as_str).unwrap_or("");
        let props = spec.get("Properties").and_then(Value::as_map).cloned().unwrap_or_default();
        let name = format!("{id}{event}");
        let perm = format!("{name}Permission");
        match kind {
            _ if PULL_EVENTS.iter().any(|(t, _)| *t == kind) => {
                let m = mapping(target, kind, props);
                l.origins.push((name.clone(), id.to_string(), event.clone()));
                l.add(name, m, Some(r));
            }
            "S3" => {
                let bucket = props.get("Bucket").map(bucket_arn);
                let p = permission(target, "s3.amazonaws.com", bucket.as_ref())
                    .property("SourceAccount", Value::pseudo(Pseudo::AccountId));
                l.add(perm, p, Some(r));
            }
            "SNS" => sns(l, &name, r, target, &props),
            "Api" => {
                let api = l.api_id(props.get("RestApiId"));
                let suffix = match &api {
                    Some(api) => {
                        let stage = l.src.resources.get(api).and_then(|a| a.properties.get("StageName"));
                        written(stage).map_or_else(|| "Stage".to_string(), |s| alphanumeric(&s))
                    }
                    None => {
                        if props.get("RestApiId").is_none() {
                            l.implicit_rest.push(id.to_string());
                        }
                        "Prod".to_string()
                    }
                };
                let api = props.get("RestApiId").cloned().unwrap_or_else(|| Value::ref_("ServerlessRestApi"));
                let method = props.get("Method").and_then(Value::as_str).map_or("*".into(), |m| {
                    if m.eq_ignore_ascii_case("any") {
                        "*".to_string()
                    } else {
                        m.to_ascii_uppercase()
                    }
                });
                let path = props.get("Path").and_then(Value::as_str).unwrap_or("/*");
                let arn = execute_api(api, &format!("/*/{method}{path}"));
                l.add(
                    format!("{perm}{suffix}"),
                    permission(target, "apigateway.amazonaws.com", Some(&arn)),
                    Some(r),
                );
            }
            "HttpApi" => {
                if props.get("ApiId").is_none() {
                    l.implicit_http.push(id.to_string());
                }
                // An event without a path is the API's default route: its permission
                // covers the function's other routes on that API, which get none.
                let api = props.get("ApiId");
                let catch_all = events_of(r).any(|(_, s)| {
                    s.get("Type").and_then(Value::as_str) == Some("HttpApi")
                        && s.get("Properties").and_then(|p| p.get("ApiId")) == api
                        && s.get("Properties").and_then(|p| p.get("Path")).is_none()
                });
                if !catch_all || props.get("Path").is_none() {
                    let api = api.cloned().unwrap_or_else(|| Value::ref_("ServerlessHttpApi"));
                    let arn = execute_api(api, "/*");
                    l.add(perm, permission(target, "apigateway.amazonaws.com", Some(&arn)), Some(r));
                }
            }
            "Schedule" | "CloudWatchEvent" | "EventBridgeRule" => {
                rule(l, &name, r, target, kind, &props);
                let arn = Value::get_att(&name, "Arn");
                l.add(perm, permission(target, "events.amazonaws.com", Some(&arn)), Some(r));
            }
            "ScheduleV2" => schedule_v2(l, &name, r, target, &props),
            "CloudWatchLogs" => {
                let filter = Resource::new("AWS::Logs::SubscriptionFilter")
                    .property("DestinationArn", target.clone())
                    .maybe_property("LogGroupName", props.get("LogGroupName").cloned())
                    .maybe_property("FilterPattern", props.get("FilterPattern").cloned());
                l.add(name.clone(), filter, Some(r));
                let group = props.get("LogGroupName").cloned().unwrap_or(Value::Null);
                let arn = Value::intrinsic(Intrinsic::Sub {
                    template: "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${__LogGroupName__}:*".into(),
                    variables: Some(Map::from_iter([("__LogGroupName__".to_string(), group)])),
                });
                l.add(perm, permission(target, "logs.amazonaws.com", Some(&arn)), Some(r));
            }
            "IoTRule" => {
                let rule = Resource::new("AWS::IoT::TopicRule");
                l.add(name.clone(), rule, Some(r));
                let arn = Value::intrinsic(Intrinsic::Sub {
                    template: "arn:${AWS::Partition}:iot:${AWS::Region}:${AWS::AccountId}:rule/${RuleName}"
                        .into(),
                    variables: Some(Map::from_iter([("RuleName".to_string(), Value::ref_(&name))])),
                });
                l.add(perm, permission(target, "iot.amazonaws.com", Some(&arn)), Some(r));
            }
            "AlexaSkill" => l.add(perm, permission(target, "alexa-appkit.amazon.com", None), Some(r)),
            "Cognito" => {
                // One permission for all of a function's Cognito triggers.
                let perm = format!("{id}CognitoPermission");
                let pool = match props.get("UserPool").and_then(Value::as_intrinsic) {
                    Some(Intrinsic::Ref(pool)) => Some(Value::get_att(pool, "Arn")),
                    _ => None,
                };
                l.add(perm, permission(target, "cognito-idp.amazonaws.com", pool.as_ref()), Some(r));
            }
            _ => {}
        }
    }
}

/// A bucket's ARN from its name (a `Ref` of it, or the name written out).
fn bucket_arn(bucket: &Value) -> Value {
    match bucket.as_str() {
        Some(name) => Value::from(format!("arn:aws:s3:::{name}")),
        None => Value::join("", vec![Value::from("arn:aws:s3:::"), bucket.clone()]),
    }
}

/// A pull event as an event source mapping.
fn mapping(target: &Value, kind: &str, props: Map) -> Resource {
    let key = source_key(kind).unwrap_or("");
    let mut m = Resource::new("AWS::Lambda::EventSourceMapping").property("FunctionName", target.clone());
    for (k, mut v) in props {
        let name = if !key.is_empty() && k == key { "EventSourceArn".to_string() } else { k };
        // `Type` of an on-failure destination is SAM's own; CloudFormation has none.
        if name == "DestinationConfig" {
            if let Value::Map(d) = &mut v {
                if let Some(Value::Map(on)) = d.get_mut("OnFailure") {
                    on.shift_remove("Type");
                }
            }
        }
        m.properties.insert(name, v);
    }
    m
}

/// An SNS event: a subscription and a permission, or with `SqsSubscription` a queue
/// (unless one is given), its policy and a mapping from it.
fn sns(l: &mut Lowering<'_>, name: &str, r: &Resource, target: &Value, props: &Map) {
    let topic = props.get("Topic").cloned().unwrap_or(Value::Null);
    let sqs = props.get("SqsSubscription");
    let via_queue = match sqs {
        Some(Value::Bool(b)) => *b,
        Some(Value::Map(_)) => true,
        _ => false,
    };
    if !via_queue {
        let sub = Resource::new("AWS::SNS::Subscription")
            .property("Protocol", "lambda")
            .property("Endpoint", target.clone())
            .property("TopicArn", topic.clone())
            .maybe_property("FilterPolicy", props.get("FilterPolicy").cloned());
        l.add(name.to_string(), sub, Some(r));
        l.add(format!("{name}Permission"), permission(target, "sns.amazonaws.com", Some(&topic)), Some(r));
        return;
    }
    let queue_arn = match sqs.and_then(|s| s.get("QueueArn")) {
        Some(arn) => arn.clone(),
        None => {
            l.add(format!("{name}Queue"), Resource::new("AWS::SQS::Queue"), Some(r));
            Value::get_att(format!("{name}Queue"), "Arn")
        }
    };
    let queue_url =
        sqs.and_then(|s| s.get("QueueUrl")).cloned().unwrap_or_else(|| Value::ref_(format!("{name}Queue")));
    let policy = Resource::new("AWS::SQS::QueuePolicy").property("Queues", Value::List(vec![queue_url]));
    let policy_id = sqs
        .and_then(|s| s.get("QueuePolicyLogicalId"))
        .and_then(Value::as_str)
        .map_or_else(|| format!("{name}QueuePolicy"), str::to_string);
    l.add(policy_id, policy, Some(r));
    let sub = Resource::new("AWS::SNS::Subscription")
        .property("Protocol", "sqs")
        .property("Endpoint", queue_arn.clone())
        .property("TopicArn", topic);
    l.add(name.to_string(), sub, Some(r));
    let mut m = Resource::new("AWS::Lambda::EventSourceMapping")
        .property("FunctionName", target.clone())
        .property("EventSourceArn", queue_arn);
    if let Some(size) = sqs.and_then(|s| s.get("BatchSize")) {
        m.properties.insert("BatchSize".into(), size.clone());
    }
    l.add(format!("{name}EventSourceMapping"), m, Some(r));
}

/// A rule (schedule or event pattern) targeting `target`, with the queue SAM makes for
/// a `DeadLetterConfig` of `Type: SQS`.
fn rule(l: &mut Lowering<'_>, name: &str, r: &Resource, target: &Value, kind: &str, props: &Map) {
    let mut rule = Resource::new("AWS::Events::Rule");
    let key = if kind == "Schedule" { "Schedule" } else { "Pattern" };
    let to = if kind == "Schedule" { "ScheduleExpression" } else { "EventPattern" };
    if let Some(v) = props.get(key) {
        rule.properties.insert(to.into(), v.clone());
    }
    for k in ["EventBusName", "State", "Description", "Name"] {
        if let Some(v) = props.get(k) {
            rule.properties.insert(k.into(), v.clone());
        }
    }
    let mut t = Map::new();
    t.insert("Arn".into(), target.clone());
    t.insert("Id".into(), Value::from(format!("{name}Target")));
    for k in ["Input", "InputPath", "RetryPolicy", "InputTransformer"] {
        if let Some(v) = props.get(k) {
            t.insert(k.into(), v.clone());
        }
    }
    if let Some(dlq) = dead_letter(l, name, r, props) {
        t.insert("DeadLetterConfig".into(), Value::map([("Arn", dlq)]));
    }
    rule.properties.insert("Targets".into(), Value::List(vec![Value::Map(t)]));
    l.add(name.to_string(), rule, Some(r));
}

/// The dead-letter queue of a rule or schedule: the one given, or `<name>Queue`.
fn dead_letter(l: &mut Lowering<'_>, name: &str, r: &Resource, props: &Map) -> Option<Value> {
    let d = props.get("DeadLetterConfig")?;
    if let Some(arn) = d.get("Arn") {
        return Some(arn.clone());
    }
    if d.get("Type").and_then(Value::as_str) != Some("SQS") {
        return None;
    }
    let queue = d
        .get("QueueLogicalId")
        .and_then(Value::as_str)
        .map_or_else(|| format!("{name}Queue"), str::to_string);
    l.add(queue.clone(), Resource::new("AWS::SQS::Queue"), Some(r));
    if !name.is_empty() {
        let policy =
            Resource::new("AWS::SQS::QueuePolicy").property("Queues", Value::List(vec![Value::ref_(&queue)]));
        l.add(format!("{name}QueuePolicy"), policy, Some(r));
    }
    Some(Value::get_att(queue, "Arn"))
}

/// `ScheduleV2`: an EventBridge Scheduler schedule and, without `RoleArn`, its role.
fn schedule_v2(l: &mut Lowering<'_>, name: &str, r: &Resource, target: &Value, props: &Map) {
    let role = match props.get("RoleArn") {
        Some(arn) => arn.clone(),
        None => {
            let role = Resource::new("AWS::IAM::Role")
                .property("AssumeRolePolicyDocument", trust("scheduler.amazonaws.com"));
            l.add(format!("{name}Role"), role, Some(r));
            Value::get_att(format!("{name}Role"), "Arn")
        }
    };
    let mut t = Map::new();
    t.insert("Arn".into(), target.clone());
    t.insert("RoleArn".into(), role);
    if let Some(dlq) = props.get("DeadLetterConfig").and_then(|d| d.get("Arn")) {
        t.insert("DeadLetterConfig".into(), Value::map([("Arn", dlq.clone())]));
    } else if props.get("DeadLetterConfig").and_then(|d| d.get("Type")).and_then(Value::as_str) == Some("SQS")
    {
        l.add(format!("{name}Queue"), Resource::new("AWS::SQS::Queue"), Some(r));
        t.insert(
            "DeadLetterConfig".into(),
            Value::map([("Arn", Value::get_att(format!("{name}Queue"), "Arn"))]),
        );
    }
    let mut s = Resource::new("AWS::Scheduler::Schedule").property("Target", Value::Map(t));
    for k in ["ScheduleExpression", "FlexibleTimeWindow", "State", "Description", "GroupName", "Name"] {
        if let Some(v) = props.get(k) {
            s.properties.insert(k.into(), v.clone());
        }
    }
    l.add(name.to_string(), s, Some(r));
}

/// The events of state machine `id`: rules, schedules and API routes, each with a role
/// that lets the service start an execution.
pub(super) fn state_machine_events(l: &mut Lowering<'_>, id: &str, r: &Resource) {
    let target = Value::ref_(id);
    for (event, spec) in r.properties.get("Events").and_then(Value::as_map).into_iter().flatten() {
        let kind = spec.get("Type").and_then(Value::as_str).unwrap_or("");
        let props = spec.get("Properties").and_then(Value::as_map).cloned().unwrap_or_default();
        let name = format!("{id}{event}");
        let service = match kind {
            "Schedule" | "CloudWatchEvent" | "EventBridgeRule" => {
                rule(l, &name, r, &target, kind, &props);
                "events.amazonaws.com"
            }
            "ScheduleV2" => {
                schedule_v2(l, &name, r, &target, &props);
                continue;
            }
            "Api" => {
                if props.get("RestApiId").is_none() {
                    l.implicit_rest.push(id.to_string());
                }
                "apigateway.amazonaws.com"
            }
            _ => continue,
        };
        if props.get("RoleArn").is_none() {
            let role = Resource::new("AWS::IAM::Role").property("AssumeRolePolicyDocument", trust(service));
            l.add(format!("{name}Role"), role, Some(r));
        }
    }
}

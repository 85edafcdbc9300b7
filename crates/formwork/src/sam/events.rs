//! A function's events, asynchronous settings, alias and URL in SAM's form, recognized
//! in the expanded graph; only what SAM would generate exactly the same way is folded.

use formwork_template::{Intrinsic, Map, Resource, Template, Value};

use formwork_rules::referenced;

use super::{is_ref, Invoked};

/// Properties of a mapping that SAM's `SQS` event carries.
const SQS_EVENT_PROPERTIES: [&str; 6] = [
    "BatchSize",
    "MaximumBatchingWindowInSeconds",
    "FunctionResponseTypes",
    "ScalingConfig",
    "Enabled",
    "FilterCriteria",
];

/// Properties of a mapping that SAM's `Kinesis` and `DynamoDB` events carry.
const STREAM_EVENT_PROPERTIES: [&str; 14] = [
    "StartingPosition",
    "StartingPositionTimestamp",
    "BatchSize",
    "MaximumBatchingWindowInSeconds",
    "BisectBatchOnFunctionError",
    "MaximumRecordAgeInSeconds",
    "MaximumRetryAttempts",
    "ParallelizationFactor",
    "TumblingWindowInSeconds",
    "FunctionResponseTypes",
    "FilterCriteria",
    "DestinationConfig",
    "Enabled",
    "KmsKeyArn",
];

/// A resource without condition, dependencies or policies, which SAM's generated
/// resources never have.
fn plain(r: &Resource) -> bool {
    r.condition.is_none()
        && r.depends_on.is_empty()
        && r.deletion_policy.is_none()
        && r.update_replace_policy.is_none()
}

/// The alias a function publishes on every deployment, when SAM's `AutoPublishAlias`
/// writes the same: (name, alias id, version id).
pub(super) fn published_alias(template: &Template, function: &str) -> Option<(String, String, String)> {
    use formwork_template::DeletionPolicy;
    for (alias_id, a) in &template.resources {
        if a.resource_type != "AWS::Lambda::Alias" || !is_ref(a.properties.get("FunctionName")?, function) {
            continue;
        }
        let name = a.properties.get("Name")?.as_str()?;
        let allowed = ["Name", "FunctionName", "FunctionVersion", "ProvisionedConcurrencyConfig"];
        if !plain(a)
            || a.properties.keys().any(|k| !allowed.contains(&k.as_str()))
            || !name.chars().all(|c| c.is_ascii_alphanumeric())
            || *alias_id != format!("{function}Alias{name}")
        {
            return None;
        }
        let Some(Intrinsic::GetAtt { resource: version_id, attribute }) =
            a.properties.get("FunctionVersion")?.as_intrinsic()
        else {
            return None;
        };
        let v = template.resources.get(version_id)?;
        let version_ok = v.resource_type == "AWS::Lambda::Version"
            && attribute == "Version"
            && v.properties.len() == 1
            && is_ref(v.properties.get("FunctionName")?, function)
            && v.deletion_policy == Some(DeletionPolicy::Retain)
            && v.update_replace_policy.is_none()
            && v.condition.is_none()
            && v.depends_on.is_empty();
        // No other resource may use the version itself: SAM renames it.
        let used_elsewhere = template
            .resources
            .iter()
            .any(|(id, r)| id != alias_id && r.properties.values().any(|p| mentions(p, version_id)));
        if !version_ok || used_elsewhere {
            return None;
        }
        return Some((name.to_string(), alias_id.clone(), version_id.clone()));
    }
    None
}

fn mentions(v: &Value, id: &str) -> bool {
    let mut found = false;
    v.references(&mut |r| found |= r.target == id);
    found
}

/// SAM's `Type` for a destination ARN.
fn destination_type(template: &Template, arn: &Value) -> Option<&'static str> {
    let t = match referenced(template, arn) {
        Some((_, r)) => match r.resource_type.as_str() {
            "AWS::SQS::Queue" => "SQS",
            "AWS::SNS::Topic" => "SNS",
            "AWS::Lambda::Function" => "Lambda",
            "AWS::S3::Bucket" => "S3Bucket",
            "AWS::Events::EventBus" => "EventBridge",
            _ => return None,
        },
        None => {
            let text = match arn.as_intrinsic() {
                Some(Intrinsic::Sub { template, variables: None }) => template.as_str(),
                _ => arn.as_str()?,
            };
            match text.split(':').nth(2)? {
                "sqs" => "SQS",
                "sns" => "SNS",
                "lambda" => "Lambda",
                "events" => "EventBridge",
                "s3" => "S3Bucket",
                _ => return None,
            }
        }
    };
    Some(t)
}

/// The function's `EventInvokeConfig` when SAM writes the same resource: for the
/// function (or its alias), with destinations (without any SAM adds an empty
/// `DestinationConfig`, so such a config stays plain).
pub(super) fn event_invoke_config(template: &Template, inv: &Invoked) -> Option<(Value, String)> {
    let qualifier = inv.alias.as_ref().map_or("$LATEST", |(name, _)| name.as_str());
    for (id, r) in &template.resources {
        if r.resource_type != "AWS::Lambda::EventInvokeConfig"
            || !r.properties.get("FunctionName").is_some_and(|v| is_ref(v, &inv.function))
        {
            continue;
        }
        let depends_ok = match &inv.alias {
            Some((_, alias_id)) => r.depends_on.iter().all(|d| d == alias_id),
            None => r.depends_on.is_empty(),
        };
        if r.properties.get("Qualifier").and_then(Value::as_str) != Some(qualifier)
            || !depends_ok
            || r.condition.is_some()
        {
            return None;
        }
        let destinations = r.properties.get("DestinationConfig")?.as_map()?;
        let mut config = Map::new();
        let mut sam_destinations = Map::new();
        for (key, value) in destinations {
            let arn = value.get("Destination")?;
            let kind = destination_type(template, arn)?;
            sam_destinations
                .insert(key.clone(), Value::map([("Type", Value::from(kind)), ("Destination", arn.clone())]));
        }
        if sam_destinations.is_empty() {
            return None;
        }
        for (name, value) in &r.properties {
            match name.as_str() {
                "FunctionName" | "Qualifier" => {}
                "MaximumRetryAttempts" | "MaximumEventAgeInSeconds" => {
                    config.insert(name.clone(), value.clone());
                }
                "DestinationConfig" => {
                    config.insert(name.clone(), Value::Map(sam_destinations.clone()));
                }
                _ => return None,
            }
        }
        return Some((Value::Map(config), id.clone()));
    }
    None
}

/// The function's `FunctionUrlConfig`, with the ids of the URL and, for a public URL,
/// the two permissions SAM generates for it.
pub(super) fn function_url(template: &Template, inv: &Invoked) -> Option<(Value, Vec<String>)> {
    let (url_id, url) = template.resources.iter().find(|(_, r)| {
        r.resource_type == "AWS::Lambda::Url"
            && r.properties.get("TargetFunctionArn").is_some_and(|v| inv.is_arn(v))
    })?;
    if !plain(url)
        || url
            .properties
            .keys()
            .any(|k| !["TargetFunctionArn", "AuthType", "InvokeMode", "Cors"].contains(&k.as_str()))
    {
        return None;
    }
    let mut config = Map::new();
    for (name, value) in &url.properties {
        if name != "TargetFunctionArn" {
            config.insert(name.clone(), value.clone());
        }
    }
    let mut ids = vec![url_id.clone()];
    if url.properties.get("AuthType").and_then(Value::as_str) == Some("NONE") {
        let expected: [&[(&str, Value)]; 2] = [
            &[
                ("Action", Value::from("lambda:InvokeFunctionUrl")),
                ("Principal", Value::from("*")),
                ("FunctionUrlAuthType", Value::from("NONE")),
            ],
            &[
                ("Action", Value::from("lambda:InvokeFunction")),
                ("Principal", Value::from("*")),
                ("InvokedViaFunctionUrl", Value::from(true)),
            ],
        ];
        for props in expected {
            let (id, _) = template.resources.iter().find(|(_, r)| {
                r.resource_type == "AWS::Lambda::Permission"
                    && plain(r)
                    && r.properties.len() == props.len() + 1
                    && r.properties.get("FunctionName").is_some_and(|v| inv.is_name(v))
                    && props.iter().all(|(k, v)| r.properties.get(*k) == Some(v))
            })?;
            ids.push(id.clone());
        }
    }
    Some((Value::Map(config), ids))
}

/// The event key of a resource made for a function: its id without the function's.
fn event_key(function: &str, id: &str) -> String {
    id.strip_prefix(function).filter(|k| !k.is_empty()).unwrap_or(id).to_string()
}

/// The permission letting `principal` invoke the function from `source_arn`, when it is
/// exactly what SAM generates for an event (id `<event resource id>Permission`).
fn event_permission<'t>(
    template: &'t Template,
    inv: &Invoked,
    id: &str,
    principal: &str,
    source_arn: &Value,
) -> Option<&'t Resource> {
    let p = template.resources.get(id)?;
    let ok = p.resource_type == "AWS::Lambda::Permission"
        && plain(p)
        && p.properties.len() == 4
        && p.properties.get("Action").and_then(Value::as_str) == Some("lambda:InvokeFunction")
        && p.properties.get("FunctionName").is_some_and(|v| inv.is_name(v))
        && p.properties.get("Principal").and_then(Value::as_str) == Some(principal)
        && p.properties.get("SourceArn") == Some(source_arn);
    ok.then_some(p)
}

/// Every event of the function SAM can express: (key, event, resources it replaces).
pub(super) fn events(template: &Template, inv: &Invoked) -> Vec<(String, Value, Vec<String>)> {
    let mut out = Vec::new();
    for (id, r) in &template.resources {
        let found = match r.resource_type.as_str() {
            "AWS::Lambda::EventSourceMapping" => {
                mapping_event(template, inv, r).map(|e| (e, vec![id.clone()]))
            }
            "AWS::SNS::Subscription" => sns_event(template, inv, id, r),
            "AWS::Events::Rule" => rule_event(template, inv, id, r),
            _ => None,
        };
        if let Some((event, ids)) = found {
            out.push((event_key(&inv.function, id), event, ids));
        }
    }
    out
}

/// The `SQS`, `Kinesis` or `DynamoDB` event for a mapping of this function.
fn mapping_event(template: &Template, inv: &Invoked, m: &Resource) -> Option<Value> {
    if !plain(m) || !inv.is_name(m.properties.get("FunctionName")?) {
        return None;
    }
    let source = m.properties.get("EventSourceArn")?;
    let (_, origin) = referenced(template, source)?;
    let (kind, key, allowed): (&str, &str, &[&str]) =
        match (origin.resource_type.as_str(), source.as_intrinsic()) {
            ("AWS::SQS::Queue", _) => ("SQS", "Queue", &SQS_EVENT_PROPERTIES),
            ("AWS::Kinesis::Stream", _) => ("Kinesis", "Stream", &STREAM_EVENT_PROPERTIES),
            ("AWS::DynamoDB::Table", Some(Intrinsic::GetAtt { attribute, .. }))
                if attribute == "StreamArn" =>
            {
                ("DynamoDB", "Stream", &STREAM_EVENT_PROPERTIES)
            }
            _ => return None,
        };
    let mut props = Map::new();
    props.insert(key.into(), source.clone());
    for (name, value) in &m.properties {
        match name.as_str() {
            "FunctionName" | "EventSourceArn" => {}
            n if allowed.contains(&n) => {
                props.insert(name.clone(), value.clone());
            }
            _ => return None,
        }
    }
    Some(Value::map([("Type", Value::from(kind)), ("Properties", Value::Map(props))]))
}

/// The `SNS` event for a subscription of this function and its permission.
fn sns_event(template: &Template, inv: &Invoked, id: &str, s: &Resource) -> Option<(Value, Vec<String>)> {
    if !plain(s)
        || s.properties.get("Protocol").and_then(Value::as_str) != Some("lambda")
        || !inv.is_arn(s.properties.get("Endpoint")?)
    {
        return None;
    }
    let topic = s.properties.get("TopicArn")?;
    referenced(template, topic).filter(|(_, r)| r.resource_type == "AWS::SNS::Topic")?;
    let permission_id = format!("{id}Permission");
    event_permission(template, inv, &permission_id, "sns.amazonaws.com", topic)?;
    let mut props = Map::new();
    props.insert("Topic".into(), topic.clone());
    for (name, value) in &s.properties {
        match name.as_str() {
            "Protocol" | "Endpoint" | "TopicArn" => {}
            "FilterPolicy" | "FilterPolicyScope" | "Region" => {
                props.insert(name.clone(), value.clone());
            }
            _ => return None,
        }
    }
    let event = Value::map([("Type", Value::from("SNS")), ("Properties", Value::Map(props))]);
    Some((event, vec![id.to_string(), permission_id]))
}

/// The `Schedule` or `EventBridgeRule` event for a rule whose one target is this
/// function, and its permission.
fn rule_event(template: &Template, inv: &Invoked, id: &str, r: &Resource) -> Option<(Value, Vec<String>)> {
    let targets = r.properties.get("Targets")?.as_list()?;
    let [target] = targets else {
        return None;
    };
    if !plain(r) || !inv.is_arn(target.get("Arn")?) {
        return None;
    }
    let target = target.as_map()?;
    if target.keys().any(|k| !["Arn", "Id", "Input"].contains(&k.as_str())) {
        return None;
    }
    let permission_id = format!("{id}Permission");
    event_permission(template, inv, &permission_id, "events.amazonaws.com", &Value::get_att(id, "Arn"))?;
    let mut props = Map::new();
    let kind = if let Some(expr) = r.properties.get("ScheduleExpression") {
        props.insert("Schedule".into(), expr.clone());
        "Schedule"
    } else {
        props.insert("Pattern".into(), r.properties.get("EventPattern")?.clone());
        "EventBridgeRule"
    };
    for (name, value) in &r.properties {
        match (name.as_str(), kind) {
            ("ScheduleExpression" | "EventPattern" | "Targets", _) => {}
            ("State", _) | ("Description", "Schedule") => {
                props.insert(name.clone(), value.clone());
            }
            _ => return None,
        }
    }
    if let Some(input) = target.get("Input") {
        props.insert("Input".into(), input.clone());
    }
    let event = Value::map([("Type", Value::from(kind)), ("Properties", Value::Map(props))]);
    Some((event, vec![id.to_string(), permission_id]))
}

//! `AWS::Serverless::Function`: the function, its role, version and alias
//! (`AutoPublishAlias`), URL, asynchronous invocation settings, CodeDeploy group
//! (`DeploymentPreference`) and events.

use formwork_template::{Resource, Value};

use super::{alias_name, dlq_type, events, hash10, literal, pick, policies, Lowering};

/// `AWS::Serverless::Function` properties that keep their name on `AWS::Lambda::Function`.
const SAME_PROPERTIES: [&str; 23] = [
    "FunctionName",
    "Description",
    "Runtime",
    "Handler",
    "MemorySize",
    "Timeout",
    "Architectures",
    "EphemeralStorage",
    "Environment",
    "ReservedConcurrentExecutions",
    "LoggingConfig",
    "Layers",
    "VpcConfig",
    "KmsKeyArn",
    "PackageType",
    "ImageConfig",
    "CodeSigningConfigArn",
    "FileSystemConfigs",
    "SnapStart",
    "RuntimeManagementConfig",
    "RecursiveLoop",
    "TenancyConfig",
    "CapacityProviderConfig",
];

/// Lowers one function and everything SAM makes of it.
pub(super) fn lower(l: &mut Lowering<'_>, id: &str, r: &Resource) {
    let p = &r.properties;
    let mut f = Resource::new("AWS::Lambda::Function");
    f.properties = pick(p, &SAME_PROPERTIES);
    if let Some(code) = p.get("InlineCode") {
        f.properties.insert("Code".into(), Value::map([("ZipFile", code.clone())]));
    } else if let Some(image) = p.get("ImageUri") {
        f.properties.insert("Code".into(), Value::map([("ImageUri", image.clone())]));
    } else if let Some(code) = p.get("CodeUri") {
        f.properties.insert("Code".into(), code_location(code));
    }
    if let Some(mode) = p.get("Tracing") {
        f.properties.insert("TracingConfig".into(), Value::map([("Mode", mode.clone())]));
    }
    if let Some(dlq) = p.get("DeadLetterQueue") {
        if let Some(target) = dlq.get("TargetArn") {
            f.properties.insert("DeadLetterConfig".into(), Value::map([("TargetArn", target.clone())]));
            if let Some(finding) = dlq_type(l.src, id, dlq.get("Type").and_then(Value::as_str), target) {
                l.findings.push(finding);
            }
        }
    }
    let own_role = p.get("Role").filter(|role| !may_be_absent(role));
    let role = own_role.cloned().unwrap_or_else(|| Value::get_att(format!("{id}Role"), "Arn"));
    f.properties.insert("Role".into(), role);
    f.metadata = r.metadata.clone();
    f.depends_on.clone_from(&r.depends_on);
    f.condition.clone_from(&r.condition);
    f.deletion_policy = r.deletion_policy;
    f.update_replace_policy = r.update_replace_policy;
    l.add(id.to_string(), f, None);
    if own_role.is_none() {
        policies::function_role(l, id, r);
    }

    // AutoPublishAlias: a version and an alias; `X.Version` and `X.Alias` name them.
    let alias = alias(l, id, r);
    let target = alias.clone().map_or_else(|| Value::ref_(id), Value::ref_);
    if let Some(url) = p.get("FunctionUrlConfig") {
        // The URL itself: `lambda:InvokeFunctionUrl`; since 2025 also `lambda:InvokeFunction`
        // through the URL (`<Function>URLInvokeAllowPublicAccess`).
        let mut u = Resource::new("AWS::Lambda::Url").property("TargetFunctionArn", target.clone());
        for (k, v) in url.as_map().into_iter().flatten() {
            u.properties.insert(k.clone(), v.clone());
        }
        l.add(format!("{id}Url"), u, Some(r));
        if url.get("AuthType").and_then(Value::as_str) == Some("NONE") {
            let permission = Resource::new("AWS::Lambda::Permission")
                .property("Action", "lambda:InvokeFunctionUrl")
                .property("FunctionName", target.clone())
                .property("Principal", "*")
                .property("FunctionUrlAuthType", "NONE");
            l.add(format!("{id}UrlPublicPermissions"), permission, Some(r));
            let invoke = Resource::new("AWS::Lambda::Permission")
                .property("Action", "lambda:InvokeFunction")
                .property("FunctionName", target.clone())
                .property("Principal", "*")
                .property("InvokedViaFunctionUrl", Value::Bool(true));
            l.add(format!("{id}URLInvokeAllowPublicAccess"), invoke, Some(r));
        }
    }
    if let Some(config) = p.get("EventInvokeConfig") {
        invoke_config(l, id, r, config, alias.is_some());
    }
    if let (Some(_), Some(preference)) = (&alias, p.get("DeploymentPreference")) {
        deployment_preference(l, id, r, preference);
    }
    events::function_events(l, id, r, &target);
}

/// `CodeUri` as a function's `Code`: `s3://bucket/key` or `{Bucket, Key, Version}`.
pub(super) fn code_location(code: &Value) -> Value {
    match code {
        Value::String(uri) => {
            // A local path is what `sam package` uploads: its key is all that is known.
            match uri.strip_prefix("s3://").and_then(|rest| rest.split_once('/')) {
                Some((bucket, key)) => {
                    Value::map([("S3Bucket", Value::from(bucket)), ("S3Key", Value::from(key))])
                }
                None => Value::map([("S3Key", Value::from(uri.as_str()))]),
            }
        }
        Value::Map(m) => {
            let mut out = formwork_template::Map::new();
            for (from, to) in [("Bucket", "S3Bucket"), ("Key", "S3Key"), ("Version", "S3ObjectVersion")] {
                if let Some(v) = m.get(from) {
                    out.insert(to.into(), v.clone());
                }
            }
            Value::Map(out)
        }
        other => other.clone(),
    }
}

/// The version and alias of `AutoPublishAlias`; the alias's logical id.
fn alias(l: &mut Lowering<'_>, id: &str, r: &Resource) -> Option<String> {
    let p = &r.properties;
    let name_value = p.get("AutoPublishAlias")?;
    let name = literal(l.src, Some(name_value)).unwrap_or_default();
    let hash_input =
        [p.get("CodeUri"), p.get("InlineCode"), p.get("ImageUri"), p.get("AutoPublishCodeSha256")];
    let hashed: Vec<&Value> = hash_input.iter().flatten().copied().collect();
    let version_id = format!("{id}Version{}", hash10(&hashed));
    let version = Resource::new("AWS::Lambda::Version").property("FunctionName", Value::ref_(id));
    l.add(version_id.clone(), version, Some(r));
    let alias_id = format!("{id}Alias{}", alias_name(&name));
    let mut alias = Resource::new("AWS::Lambda::Alias")
        .property("Name", name_value.clone())
        .property("FunctionName", Value::ref_(id))
        .property("FunctionVersion", Value::get_att(&version_id, "Version"));
    if let Some(pc) = p.get("ProvisionedConcurrencyConfig") {
        alias.properties.insert("ProvisionedConcurrencyConfig".into(), pc.clone());
    }
    l.add(alias_id.clone(), alias, Some(r));
    l.rename(format!("{id}.Alias"), alias_id.clone());
    l.rename(format!("{id}.Version"), version_id);
    Some(alias_id)
}

/// `EventInvokeConfig`: retries, event age and destinations; a destination of `Type`
/// SQS or SNS without a `Destination` gets a queue or topic of its own.
fn invoke_config(l: &mut Lowering<'_>, id: &str, r: &Resource, config: &Value, aliased: bool) {
    let mut c = Resource::new("AWS::Lambda::EventInvokeConfig")
        .property("FunctionName", Value::ref_(id))
        .property("Qualifier", if aliased { Value::from("live") } else { Value::from("$LATEST") });
    for key in ["MaximumEventAgeInSeconds", "MaximumRetryAttempts"] {
        if let Some(v) = config.get(key) {
            c.properties.insert(key.into(), v.clone());
        }
    }
    let mut destinations = formwork_template::Map::new();
    for on in ["OnSuccess", "OnFailure"] {
        let Some(d) = config.get("DestinationConfig").and_then(|d| d.get(on)) else { continue };
        let kind = d.get("Type").and_then(Value::as_str).unwrap_or("");
        let given = d.get("Destination").filter(|dest| !may_be_absent(dest));
        let destination = match (given, kind) {
            (Some(dest), _) => dest.clone(),
            (None, "SQS") => {
                let q = format!("{id}EventInvokeConfig{on}Queue");
                l.add(q.clone(), Resource::new("AWS::SQS::Queue"), Some(r));
                Value::get_att(q, "Arn")
            }
            (None, "SNS") => {
                let t = format!("{id}EventInvokeConfig{on}Topic");
                l.add(t.clone(), Resource::new("AWS::SNS::Topic"), Some(r));
                Value::ref_(t)
            }
            (None, _) => continue,
        };
        destinations.insert(on.into(), Value::map([("Destination", destination)]));
    }
    if !destinations.is_empty() {
        c.properties.insert("DestinationConfig".into(), Value::Map(destinations));
    }
    l.add(format!("{id}EventInvokeConfig"), c, Some(r));
}

/// `DeploymentPreference`: a CodeDeploy application shared by every function, its
/// service role (unless one is given) and a deployment group per function.
fn deployment_preference(l: &mut Lowering<'_>, id: &str, r: &Resource, preference: &Value) {
    if preference.get("Enabled").and_then(Value::as_bool) == Some(false) {
        return;
    }
    let application = Resource::new("AWS::CodeDeploy::Application").property("ComputePlatform", "Lambda");
    l.add("ServerlessDeploymentApplication".into(), application, None);
    let role = match preference.get("Role") {
        Some(role) => role.clone(),
        None => {
            let role = Resource::new("AWS::IAM::Role")
                .property("AssumeRolePolicyDocument", super::trust("codedeploy.amazonaws.com"))
                .property(
                    "ManagedPolicyArns",
                    Value::List(vec![Value::sub(
                        "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSCodeDeployRoleForLambda",
                    )]),
                );
            l.add("CodeDeployServiceRole".into(), role, None);
            Value::get_att("CodeDeployServiceRole", "Arn")
        }
    };
    let mut group = Resource::new("AWS::CodeDeploy::DeploymentGroup")
        .property("ApplicationName", Value::ref_("ServerlessDeploymentApplication"))
        .property("ServiceRoleArn", role);
    if let Some(alarms) = preference.get("Alarms") {
        group.properties.insert("AlarmConfiguration".into(), Value::map([("Alarms", alarms.clone())]));
    }
    l.add(format!("{id}DeploymentGroup"), group, Some(r));
}

/// Whether a value is `AWS::NoValue`, or an `Fn::If` one of whose branches is: SAM then
/// makes what the property would otherwise name (a role, a destination queue).
pub(super) fn may_be_absent(v: &Value) -> bool {
    use formwork_template::Intrinsic;
    match v.as_intrinsic() {
        Some(Intrinsic::Ref(name)) => name == "AWS::NoValue",
        Some(Intrinsic::If { then, otherwise, .. }) => may_be_absent(then) || may_be_absent(otherwise),
        _ => false,
    }
}

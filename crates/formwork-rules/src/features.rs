//! Rules on a function's features beyond its basic settings: layers, container images,
//! provisioned concurrency, SnapStart, log levels, VPC placement, URLs and the
//! resource-based permissions that let others invoke it.

use std::collections::BTreeSet;

use formwork_template::{Template, Value};

use super::catalog;
use super::finding::Finding;
use super::targets::{function_of, snap_start_runtime};
use super::{int_prop, referenced};

/// Layers per function: at most 5 (docs/facts.md).
pub const MAX_LAYERS: usize = 5;
/// The instruction set of a function that names none.
pub const DEFAULT_ARCHITECTURE: &str = "x86_64";
/// The `/tmp` size SnapStart requires: the default, 512 MB.
pub const SNAPSTART_EPHEMERAL_MB: i64 = 512;

pub(super) fn check(template: &Template, out: &mut Vec<Finding>) {
    // Functions with provisioned concurrency on an alias or version, gathered once.
    let with_provisioned: BTreeSet<&str> = template
        .resources
        .values()
        .filter(|a| {
            matches!(a.resource_type.as_str(), "AWS::Lambda::Alias" | "AWS::Lambda::Version")
                && a.properties.contains_key("ProvisionedConcurrencyConfig")
        })
        .filter_map(|a| a.properties.get("FunctionName").and_then(|v| function_of(template, v)))
        .collect();
    for (id, r) in &template.resources {
        match r.resource_type.as_str() {
            "AWS::Lambda::Function" => function(template, &with_provisioned, id, r, out),
            "AWS::Lambda::Alias" | "AWS::Lambda::Version" => provisioned(template, id, r, out),
            "AWS::Lambda::Url" => public_url(template, id, r, out),
            "AWS::Lambda::Permission" => permission_source(id, r, out),
            _ => {}
        }
    }
}

fn function(
    template: &Template,
    provisioned: &BTreeSet<&str>,
    id: &str,
    r: &formwork_template::Resource,
    out: &mut Vec<Finding>,
) {
    let p = &r.properties;
    let layers = p.get("Layers").and_then(Value::as_list).unwrap_or_default();
    if layers.len() > MAX_LAYERS {
        out.push(Finding::new(
            &catalog::LAYER_COUNT,
            id,
            Some("Layers"),
            format!("`{id}` uses {} layers; Lambda allows at most {MAX_LAYERS}", layers.len()),
            "merge layers, or move rarely used libraries into the function's package".into(),
        ));
    }
    let runtime = p.get("Runtime").and_then(Value::as_str);
    let architecture = p
        .get("Architectures")
        .and_then(Value::as_list)
        .and_then(|a| a.first())
        .and_then(Value::as_str)
        .unwrap_or(DEFAULT_ARCHITECTURE);
    for layer in layers {
        let Some((layer_id, l)) =
            referenced(template, layer).filter(|(_, l)| l.resource_type == "AWS::Lambda::LayerVersion")
        else {
            continue;
        };
        let listed = |key: &str| -> Option<Vec<&str>> {
            let items = l.properties.get(key)?.as_list()?;
            Some(items.iter().filter_map(Value::as_str).collect())
        };
        if let (Some(rt), Some(runtimes)) = (runtime, listed("CompatibleRuntimes")) {
            if !runtimes.contains(&rt) {
                out.push(Finding::new(
                    &catalog::LAYER_INCOMPATIBLE,
                    id,
                    Some("Layers"),
                    format!("layer `{layer_id}` lists runtimes {} but `{id}` runs {rt}", runtimes.join(", ")),
                    format!(
                        "add {rt} to the compatible runtimes of `{layer_id}`, or use a layer built for it"
                    ),
                ));
            }
        }
        if let Some(architectures) = listed("CompatibleArchitectures") {
            if !architectures.contains(&architecture) {
                out.push(Finding::new(
                    &catalog::LAYER_INCOMPATIBLE,
                    id,
                    Some("Layers"),
                    format!(
                        "layer `{layer_id}` lists architectures {} but `{id}` runs on {architecture}",
                        architectures.join(", ")
                    ),
                    format!("build `{layer_id}` for {architecture} and list it, or change the function's architecture"),
                ));
            }
        }
    }
    let image = p.get("PackageType").and_then(Value::as_str) == Some("Image");
    if image {
        // One finding per property, each at its own path (handler, runtime, layers).
        for (key, what, help) in [
            ("Handler", "a handler", "remove the handler: the image's CMD (or ENTRYPOINT) names it"),
            ("Runtime", "a runtime", "remove the runtime: the image's base image brings it"),
            ("Layers", "layers", "remove the layers: copy their contents into the image when it is built"),
        ] {
            if p.contains_key(key) {
                out.push(Finding::new(
                    &catalog::IMAGE_SETTINGS,
                    id,
                    Some(key),
                    format!("`{id}` is a container image but sets {what} ({key}), which Lambda rejects"),
                    help.into(),
                ));
            }
        }
    }
    if p.get("SnapStart").and_then(|s| s.get("ApplyOn")).and_then(Value::as_str) == Some("PublishedVersions")
    {
        snap_start(provisioned.contains(id), r, image, runtime, out, id);
    }
    let logging = p.get("LoggingConfig");
    let json = logging.and_then(|l| l.get("LogFormat")).and_then(Value::as_str) == Some("JSON");
    for level in ["ApplicationLogLevel", "SystemLogLevel"] {
        if !json && logging.and_then(|l| l.get(level)).is_some() {
            out.push(Finding::new(
                &catalog::LOG_LEVEL_FORMAT,
                id,
                Some("LoggingConfig"),
                format!("`{id}` sets {level} but its logs are not JSON"),
                "set log_format(LogFormat::Json), or remove the log level".into(),
            ));
        }
    }
    if let Some(vpc) = p.get("VpcConfig") {
        // Missing counts as empty; an expression (a parameter list) cannot be judged.
        let count = |key: &str| match vpc.get(key) {
            None => Some(0),
            Some(v) => v.as_list().map(<[Value]>::len),
        };
        // Both empty detaches the function from any VPC, which is allowed.
        let missing = match (count("SubnetIds"), count("SecurityGroupIds")) {
            (Some(0), Some(1..)) => Some("subnets"),
            (Some(1..), Some(0)) => Some("security groups"),
            _ => None,
        };
        if let Some(missing) = missing {
            out.push(Finding::new(
                &catalog::VPC_CONFIG,
                id,
                Some("VpcConfig"),
                format!("VPC configuration of `{id}` has no {missing}"),
                "give at least one subnet and one security group".into(),
            ));
        }
    }
}

fn snap_start(
    provisioned: bool,
    r: &formwork_template::Resource,
    image: bool,
    runtime: Option<&str>,
    out: &mut Vec<Finding>,
    id: &str,
) {
    let storage = r.properties.get("EphemeralStorage").and_then(|e| e.get("Size")).and_then(Value::as_i64);
    let why = if image {
        Some("a container image".to_string())
    } else if let Some(rt) = runtime.filter(|rt| !snap_start_runtime(rt)) {
        Some(format!("runtime {rt}"))
    } else if provisioned {
        Some("provisioned concurrency".to_string())
    } else if storage.is_some_and(|s| s > SNAPSTART_EPHEMERAL_MB) {
        Some(format!("{} MB of ephemeral storage", storage.unwrap_or_default()))
    } else if r.properties.contains_key("FileSystemConfigs") {
        Some("an EFS file system".to_string())
    } else {
        None
    };
    if let Some(why) = why {
        out.push(Finding::new(
            &catalog::SNAPSTART_UNSUPPORTED,
            id,
            Some("SnapStart"),
            format!("SnapStart cannot be used on `{id}` with {why}"),
            "turn SnapStart off, or use Java 11+, Python 3.12+ or .NET 8+ on a zip package without provisioned concurrency, EFS or extra /tmp".into(),
        ));
    }
}

fn provisioned(template: &Template, id: &str, r: &formwork_template::Resource, out: &mut Vec<Finding>) {
    let Some(n) = r
        .properties
        .get("ProvisionedConcurrencyConfig")
        .and_then(|c| c.get("ProvisionedConcurrentExecutions"))
        .and_then(Value::as_i64)
    else {
        return;
    };
    let Some(function) = r.properties.get("FunctionName").and_then(|v| function_of(template, v)) else {
        return;
    };
    let reserved = template.resources.get(function).and_then(|f| int_prop(f, "ReservedConcurrentExecutions"));
    if let Some(reserved) = reserved.filter(|reserved| n > *reserved) {
        out.push(Finding::new(
            &catalog::PROVISIONED_ABOVE_RESERVED,
            id,
            Some("ProvisionedConcurrencyConfig"),
            format!("`{id}` provisions {n} concurrent executions but `{function}` reserves only {reserved}"),
            format!("lower provisioned concurrency to at most {reserved}, or raise the reserved concurrency"),
        ));
    }
}

fn public_url(template: &Template, id: &str, r: &formwork_template::Resource, out: &mut Vec<Finding>) {
    if r.properties.get("AuthType").and_then(Value::as_str) != Some("NONE") {
        return;
    }
    let function = r.properties.get("TargetFunctionArn").and_then(|v| function_of(template, v));
    let reason = function
        .and_then(|f| template.resources.get(f))
        .and_then(|f| f.metadata.get("formwork:public-url"))
        .and_then(Value::as_str);
    let because = reason.map(|r| format!(" (reason given: {r})")).unwrap_or_default();
    out.push(Finding::new(
        &catalog::PUBLIC_URL,
        id,
        Some("AuthType"),
        format!(
            "URL `{id}` lets anyone on the internet invoke {}{because}",
            function.unwrap_or("its function")
        ),
        "use FunctionUrl::iam() and sign requests, unless the function authenticates callers itself".into(),
    ));
}

fn permission_source(id: &str, r: &formwork_template::Resource, out: &mut Vec<Finding>) {
    let Some(principal) = r.properties.get("Principal").and_then(Value::as_str) else {
        return;
    };
    if !principal.ends_with(".amazonaws.com") {
        return;
    }
    let source_arn = r.properties.get("SourceArn");
    let s3_arn = source_arn.is_some_and(|arn| arn_text(arn).contains(":s3:::"));
    let why = if source_arn.is_none() {
        Some(format!(
            "`{principal}` may invoke it on behalf of any resource, in any account, without a SourceArn"
        ))
    } else if (principal == "s3.amazonaws.com" || s3_arn) && !r.properties.contains_key("SourceAccount") {
        Some("an S3 bucket's ARN names no account, so SourceAccount is needed too".to_string())
    } else {
        None
    };
    if let Some(why) = why {
        out.push(Finding::new(
            &catalog::INVOKE_PERMISSION_SOURCE,
            id,
            Some("SourceArn"),
            format!("permission `{id}` is too broad: {why}"),
            "limit it with source_arn (and from_this_account for S3)".into(),
        ));
    }
}

/// The literal text of an ARN expression, with `Fn::Sub` placeholders left in.
fn arn_text(v: &Value) -> String {
    use formwork_template::Intrinsic;
    match (v.as_str(), v.as_intrinsic()) {
        (Some(s), _) => s.to_string(),
        (_, Some(Intrinsic::Sub { template, .. })) => template.clone(),
        (_, Some(Intrinsic::Join { values, .. })) => values.iter().map(arn_text).collect(),
        _ => String::new(),
    }
}

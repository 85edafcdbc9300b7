//! The SAM target: the expanded CloudFormation rendered compactly. Functions become
//! `AWS::Serverless::Function` with the events, asynchronous settings, alias and URL
//! SAM can say for them; layers and APIs become their serverless forms. Whatever SAM
//! would render differently stays a plain resource (S3 notifications, whose permission
//! SAM writes without a `SourceArn`, always do). Roles, log groups, queues and tables
//! stay as they are; the function's role is passed explicitly, so SAM never attaches its
//! managed policies (whose `Resource` is `*`).

mod api;
mod events;

use indexmap::IndexMap;
use std::collections::{HashMap, HashSet};

use formwork_template::{Intrinsic, Map, Resource, Template, Value};

use formwork_rules::referenced;

use crate::expand::ASSETS_BUCKET_PARAMETER;

/// The transform that makes a template SAM.
pub const SAM_TRANSFORM: &str = "AWS::Serverless-2016-10-31";

/// What a function is invoked through: itself, or the alias SAM will publish for it.
pub(crate) struct Invoked {
    /// The function's logical id.
    function: String,
    /// The alias folded into `AutoPublishAlias`: (name, logical id).
    alias: Option<(String, String)>,
}

impl Invoked {
    /// Whether `v` names what invokers call, as a `FunctionName`.
    fn is_name(&self, v: &Value) -> bool {
        match &self.alias {
            Some((_, alias_id)) => is_ref(v, alias_id),
            None => is_ref(v, &self.function),
        }
    }

    /// Whether `v` is the ARN invokers call.
    fn is_arn(&self, v: &Value) -> bool {
        match &self.alias {
            Some((_, alias_id)) => is_ref(v, alias_id),
            None => {
                v.as_intrinsic()
                    == Some(&Intrinsic::GetAtt { resource: self.function.clone(), attribute: "Arn".into() })
                    || is_ref(v, &self.function)
            }
        }
    }
}

fn is_ref(v: &Value, id: &str) -> bool {
    matches!(v.as_intrinsic(), Some(Intrinsic::Ref(r)) if r == id)
}

/// Renders a plain CloudFormation template as SAM. `asset_dir` is the folder, relative
/// to the template, that holds the code assets (`CodeUri: <asset_dir>/<sha256>.zip`).
pub fn to_sam(template: &Template, asset_dir: &str) -> Template {
    let overlay = overlay(template, asset_dir);
    let mut out = template.clone();
    out.transform = Some(SAM_TRANSFORM.to_string());
    for (id, r) in overlay.replaced {
        out.resources.insert(id, r);
    }
    out.resources.retain(|id, _| !overlay.folded.contains(id));
    out.parameters.retain(|name, _| overlay.parameters.contains(name));
    out
}

/// Writes the SAM rendering of a template as YAML or JSON without copying the
/// resources it keeps as they are: byte for byte what writing [`to_sam`]'s result gives.
pub(crate) fn sam_text(template: &Template, asset_dir: &str, json: bool) -> String {
    let overlay = overlay(template, asset_dir);
    let mut view = template.view();
    view.transform = Some(SAM_TRANSFORM);
    view.parameters.retain(|(name, _)| overlay.parameters.contains(*name));
    let mut resources: Vec<(&str, &Resource)> = Vec::with_capacity(template.resources.len());
    for (id, r) in &template.resources {
        if overlay.folded.contains(id) {
            continue;
        }
        resources.push((id.as_str(), overlay.replaced.get(id).unwrap_or(r)));
    }
    for (id, r) in &overlay.replaced {
        if !template.resources.contains_key(id) && !overlay.folded.contains(id) {
            resources.push((id.as_str(), r));
        }
    }
    view.resources = resources;
    if json {
        view.to_json()
    } else {
        view.to_yaml()
    }
}

/// What SAM changes in a template: resources replaced (or added), resources folded into
/// a function or API, and the parameters that stay.
struct Overlay {
    replaced: IndexMap<String, Resource>,
    folded: HashSet<String>,
    parameters: HashSet<String>,
}

fn overlay(template: &Template, asset_dir: &str) -> Overlay {
    let mut replaced: IndexMap<String, Resource> = IndexMap::new();
    let mut folded: HashSet<String> = HashSet::new();
    let mut code_params: HashSet<String> = HashSet::new();

    for (id, r) in &template.resources {
        if r.resource_type == "AWS::Lambda::LayerVersion" {
            if let Some(layer) = layer_version(template, r, asset_dir, &mut code_params) {
                replaced.insert(id.clone(), layer);
            }
        }
    }

    let invoked: Vec<Invoked> = template
        .resources
        .iter()
        .filter(|(_, r)| r.resource_type == "AWS::Lambda::Function" && sam_says_the_same(r))
        .map(|(id, _)| Invoked { function: id.clone(), alias: None })
        .map(|mut inv| {
            if let Some((name, alias_id, version_id)) = events::published_alias(template, &inv.function) {
                folded.insert(alias_id.clone());
                folded.insert(version_id);
                inv.alias = Some((name, alias_id));
            }
            inv
        })
        .collect();
    let mut api_events: HashMap<String, Vec<(String, Value)>> = HashMap::new();
    for (api_id, serverless) in api::fold_apis(template, &invoked, &mut api_events, &mut folded) {
        replaced.insert(api_id, serverless);
    }

    for inv in &invoked {
        let id = &inv.function;
        let r = &template.resources[id];
        let mut props = Map::new();
        for (name, value) in &r.properties {
            match name.as_str() {
                "Code" => match code_uri(template, value, asset_dir, &mut code_params) {
                    Some((key, uri)) => {
                        props.insert(key.into(), uri);
                    }
                    None => {
                        props.insert(name.clone(), value.clone());
                    }
                },
                "DeadLetterConfig" => {
                    let target = value.get("TargetArn").cloned().unwrap_or(Value::Null);
                    let kind = dlq_type(template, &target);
                    props.insert(
                        "DeadLetterQueue".into(),
                        Value::map([("Type", Value::from(kind)), ("TargetArn", target)]),
                    );
                }
                "TracingConfig" => {
                    if let Some(mode) = value.get("Mode") {
                        props.insert("Tracing".into(), mode.clone());
                    }
                }
                _ => {
                    props.insert(name.clone(), value.clone());
                }
            }
        }
        if let Some((name, alias_id)) = &inv.alias {
            props.insert("AutoPublishAlias".into(), Value::from(name.as_str()));
            if let Some(pc) = template.resources[alias_id].properties.get("ProvisionedConcurrencyConfig") {
                props.insert("ProvisionedConcurrencyConfig".into(), pc.clone());
            }
        }
        if let Some((config, eic_id)) = events::event_invoke_config(template, inv) {
            props.insert("EventInvokeConfig".into(), config);
            folded.insert(eic_id);
        }
        if let Some((config, ids)) = events::function_url(template, inv) {
            props.insert("FunctionUrlConfig".into(), config);
            folded.extend(ids);
        }
        let mut events_map = Map::new();
        for (key, event, ids) in events::events(template, inv) {
            events_map.insert(key, event);
            folded.extend(ids);
        }
        for (key, event) in api_events.remove(id).unwrap_or_default() {
            events_map.insert(key, event);
        }
        if !events_map.is_empty() {
            props.insert("Events".into(), Value::Map(events_map));
        }
        let mut function = r.clone();
        function.resource_type = "AWS::Serverless::Function".into();
        function.properties = props;
        replaced.insert(id.clone(), function);
    }
    // Parameters that only located code now located by CodeUri go, unless still used.
    let mut still_used = HashSet::new();
    let mut used = |v: &Value| {
        v.references(&mut |reference| {
            still_used.insert(reference.target.to_string());
        })
    };
    for (id, r) in &template.resources {
        if folded.contains(id) {
            continue;
        }
        let r = replaced.get(id).unwrap_or(r);
        r.properties.values().for_each(&mut used);
    }
    for (id, r) in &replaced {
        if !template.resources.contains_key(id) && !folded.contains(id) {
            r.properties.values().for_each(&mut used);
        }
    }
    template.outputs.values().for_each(|o| used(&o.value));
    let parameters = template
        .parameters
        .keys()
        .filter(|name| {
            !(code_params.contains(*name) || *name == ASSETS_BUCKET_PARAMETER) || still_used.contains(*name)
        })
        .cloned()
        .collect();
    Overlay { replaced, folded, parameters }
}

/// `AWS::Lambda::Function` properties that `AWS::Serverless::Function` takes with the
/// same name and shape; `Code`, `DeadLetterConfig` and `TracingConfig` are translated.
const SAM_FUNCTION_PROPERTIES: [&str; 25] = [
    "Architectures",
    "Code",
    "CodeSigningConfigArn",
    "DeadLetterConfig",
    "Description",
    "Environment",
    "EphemeralStorage",
    "FileSystemConfigs",
    "FunctionName",
    "Handler",
    "ImageConfig",
    "KmsKeyArn",
    "Layers",
    "LoggingConfig",
    "MemorySize",
    "PackageType",
    "RecursiveLoop",
    "ReservedConcurrentExecutions",
    "Role",
    "Runtime",
    "RuntimeManagementConfig",
    "SnapStart",
    "Timeout",
    "TracingConfig",
    "VpcConfig",
];

/// Whether SAM can say the whole function: a property it would write differently
/// (`Tags`, a list in CloudFormation and a map in SAM) or does not know, as an
/// override can add, keeps the function and everything folded into it plain.
fn sam_says_the_same(r: &Resource) -> bool {
    r.properties.keys().all(|k| SAM_FUNCTION_PROPERTIES.contains(&k.as_str()))
}

/// An asset location (`S3Bucket: !Ref AssetsBucket`, `S3Key: !Ref Asset…Key`) as the
/// local path SAM packages, or a literal S3 object as `{Bucket, Key, Version}`;
/// `None` for anything else (inline code, images, other expressions).
fn asset_uri(
    template: &Template,
    location: &Value,
    asset_dir: &str,
    used: &mut HashSet<String>,
) -> Option<Value> {
    let bucket = location.get("S3Bucket")?;
    let key = location.get("S3Key")?;
    if is_ref(bucket, ASSETS_BUCKET_PARAMETER) {
        let Some(Intrinsic::Ref(param)) = key.as_intrinsic() else {
            return None;
        };
        let default = template.parameters.get(param)?.default.as_ref()?.as_str()?.to_string();
        used.insert(param.clone());
        return Some(Value::from(format!("{asset_dir}/{default}")));
    }
    let (bucket, key) = (bucket.as_str()?, key.as_str()?);
    let mut m = Map::new();
    m.insert("Bucket".into(), Value::from(bucket));
    m.insert("Key".into(), Value::from(key));
    if let Some(v) = location.get("S3ObjectVersion") {
        m.insert("Version".into(), v.clone());
    }
    Some(Value::Map(m))
}

/// The SAM property for a function's `Code`: `CodeUri`, `InlineCode` or `ImageUri`.
fn code_uri(
    template: &Template,
    code: &Value,
    asset_dir: &str,
    used: &mut HashSet<String>,
) -> Option<(&'static str, Value)> {
    if let Some(source) = code.get("ZipFile") {
        return Some(("InlineCode", source.clone()));
    }
    if let Some(uri) = code.get("ImageUri") {
        return Some(("ImageUri", uri.clone()));
    }
    asset_uri(template, code, asset_dir, used).map(|uri| ("CodeUri", uri))
}

/// `AWS::Serverless::LayerVersion` for a layer version SAM renders the same way: its
/// content a packaged asset or an S3 object, kept on deletion (SAM's default).
fn layer_version(
    template: &Template,
    r: &Resource,
    asset_dir: &str,
    used: &mut HashSet<String>,
) -> Option<Resource> {
    use formwork_template::DeletionPolicy;
    if r.deletion_policy != Some(DeletionPolicy::Retain) || r.update_replace_policy.is_some() {
        return None;
    }
    let mut probe = HashSet::new();
    let uri = asset_uri(template, r.properties.get("Content")?, asset_dir, &mut probe)?;
    used.extend(probe);
    let mut out = Resource::new("AWS::Serverless::LayerVersion");
    out.condition = r.condition.clone();
    out.depends_on = r.depends_on.clone();
    out.metadata = r.metadata.clone();
    for (name, value) in &r.properties {
        if name == "Content" {
            out.properties.insert("ContentUri".into(), uri.clone());
        } else {
            out.properties.insert(name.clone(), value.clone());
        }
    }
    Some(out)
}

fn dlq_type(template: &Template, target: &Value) -> &'static str {
    match referenced(template, target) {
        Some((_, r)) if r.resource_type == "AWS::SNS::Topic" => "SNS",
        Some(_) => "SQS",
        None => match target.as_str() {
            Some(arn) if arn.split(':').nth(2) == Some("sns") => "SNS",
            _ => "SQS",
        },
    }
}

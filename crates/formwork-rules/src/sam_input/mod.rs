//! Hand-written SAM templates lowered to the plain CloudFormation the rules read, with
//! the logical ids the SAM transform gives its resources (`<Function>Role`,
//! `ServerlessRestApi`, `<Api><Stage>Stage`, `<Function>Alias<Name>`, ...), so one set of
//! rules serves both and references to SAM's implicit resources resolve. Every
//! `AWS::Serverless::*` type and every event type becomes the resources the transform
//! makes of it; the properties the rules read are carried over, the rest is left out.
//! Logical ids the transform derives from a content hash (`<Function>Version<hash>`,
//! `<Api>Deployment<hash>`, `<Layer><hash>`) get a hash of formwork's own.

mod api;
mod domain;
mod events;
mod function;
mod others;
mod policies;

use formwork_template::{Intrinsic, Map, Resource, Template, Value};
use indexmap::IndexMap;

use super::catalog;
use super::finding::Finding;
use super::referenced;

/// Metadata key marking a resource lowered from SAM: it is incomplete (only what the
/// rules read is carried over), so its schema is not checked.
pub const LOWERED_METADATA_KEY: &str = "formwork:lowered-from-sam";
pub(crate) use LOWERED_METADATA_KEY as LOWERED;

/// Metadata key under which a template reader keeps a resource's embedded SAM
/// `Connectors` (a resource attribute, beside `Properties`), for the lowering to read.
pub const CONNECTORS_METADATA_KEY: &str = "formwork:sam-connectors";

/// Template metadata key under which a template reader keeps SAM's `Globals` (which
/// also apply to the implicit `ServerlessRestApi` and `ServerlessHttpApi`).
pub const GLOBALS_METADATA_KEY: &str = "formwork:sam-globals";

/// Whether the template uses the SAM transform, or has `AWS::Serverless::*` resources
/// (which only the transform can deploy).
pub fn is_sam(template: &Template) -> bool {
    template.transform.as_deref().is_some_and(|t| t.starts_with("AWS::Serverless"))
        || template.resources.values().any(|r| r.resource_type.starts_with("AWS::Serverless::"))
}

/// The template with every `AWS::Serverless::*` resource lowered to the CloudFormation
/// resources the SAM transform makes of it, under the transform's logical ids, and every
/// reference to SAM's implicit resources (`MyFunction.Alias`, `MyApi.Stage`, ...)
/// pointed at them; and findings about SAM-only properties (a `DeadLetterQueue` whose
/// `Type` does not match its target). Resources of other types are kept as they are.
pub fn lower(template: &Template) -> (Template, Vec<Finding>) {
    lower_with_origins(template).0
}

/// Where lowered resources came from: (lowered id, SAM resource id, event name), the
/// event name empty for resources made from the SAM resource itself (its role, alias,
/// permissions, ...).
pub(crate) type Origins = Vec<(String, String, String)>;

/// What lowering builds: the resources, findings, and names to rewrite in references.
pub(super) struct Lowering<'t> {
    /// The SAM template.
    src: &'t Template,
    /// The lowered resources, in the order they are made.
    resources: IndexMap<String, Resource>,
    findings: Vec<Finding>,
    origins: Origins,
    /// References to rewrite: `MyFunction.Alias` → `MyFunctionAliaslive`, `MyLayer` →
    /// `MyLayer<hash>`.
    renames: Vec<(String, String)>,
    /// Functions and state machines whose `Api` events have no `RestApiId`.
    implicit_rest: Vec<String>,
    /// Functions whose `HttpApi` events have no `ApiId`.
    implicit_http: Vec<String>,
    /// The SAM resource being lowered.
    current: String,
}

impl<'t> Lowering<'t> {
    /// Adds a resource made by lowering `from`, unless the template already has one with
    /// that id (the template's own wins). It inherits `from`'s condition.
    fn add(&mut self, id: String, mut r: Resource, from: Option<&Resource>) {
        if let Some(from) = from {
            if r.condition.is_none() {
                r.condition.clone_from(&from.condition);
            }
        }
        r.metadata.insert(LOWERED.into(), Value::Bool(true));
        if self.src.resources.get(&id).is_some_and(|own| !own.resource_type.starts_with("AWS::Serverless::"))
        {
            return;
        }
        if id != self.current && !self.current.is_empty() && !self.resources.contains_key(&id) {
            self.origins.push((id.clone(), self.current.clone(), String::new()));
        }
        self.resources.entry(id).or_insert(r);
    }

    fn rename(&mut self, from: String, to: String) {
        self.renames.push((from, to));
    }

    /// The API a `RestApiId`/`ApiId` names: its logical id when it is a `Ref` of a
    /// resource of the template, or that resource's logical id written out.
    fn api_id(&self, value: Option<&Value>) -> Option<String> {
        match value? {
            // SAM also takes the API's logical id written out.
            Value::String(id) if self.src.resources.contains_key(id) => Some(id.clone()),
            v => match v.as_intrinsic()? {
                Intrinsic::Ref(id) if self.src.resources.contains_key(id) => Some(id.clone()),
                _ => None,
            },
        }
    }
}

/// [`lower`], plus where each lowered mapping came from: (mapping id, function id, event).
pub(crate) fn lower_with_origins(template: &Template) -> ((Template, Vec<Finding>), Origins) {
    let mut l = Lowering {
        src: template,
        resources: IndexMap::new(),
        findings: Vec::new(),
        origins: Vec::new(),
        renames: Vec::new(),
        implicit_rest: Vec::new(),
        implicit_http: Vec::new(),
        current: String::new(),
    };
    for (id, r) in &template.resources {
        l.current.clone_from(id);
        #[cfg(feature = "schema")]
        sam_schema(id, r, &mut l.findings);
        match r.resource_type.as_str() {
            "AWS::Serverless::Function" => function::lower(&mut l, id, r),
            "AWS::Serverless::Api" => api::rest(&mut l, id, r),
            "AWS::Serverless::HttpApi" => api::http(&mut l, id, r),
            "AWS::Serverless::WebSocketApi" => api::websocket(&mut l, id, r),
            "AWS::Serverless::SimpleTable" => others::simple_table(&mut l, id, r),
            "AWS::Serverless::LayerVersion" => others::layer(&mut l, id, r),
            "AWS::Serverless::StateMachine" => others::state_machine(&mut l, id, r),
            "AWS::Serverless::Application" => others::application(&mut l, id, r),
            "AWS::Serverless::Connector" => others::connector(&mut l, id, r),
            "AWS::Serverless::GraphQLApi" => others::graphql(&mut l, id, r),
            "AWS::Serverless::CapacityProvider" => others::capacity_provider(&mut l, id, r),
            _ => {
                l.resources.insert(id.clone(), r.clone());
            }
        }
        // Connectors embedded in a resource: `<Source><Connector>`.
        if let Some(embedded) = r.metadata.get(CONNECTORS_METADATA_KEY).and_then(Value::as_map) {
            for (name, spec) in embedded {
                others::embedded_connector(&mut l, id, name, spec, r);
            }
        }
    }
    l.current.clear();
    api::implicit(&mut l);
    let Lowering { resources, findings, origins, renames, .. } = l;
    let mut out = template.clone();
    out.metadata.shift_remove(GLOBALS_METADATA_KEY);
    out.resources = resources;
    for r in out.resources.values_mut() {
        for v in r.properties.values_mut() {
            rewrite(v, &renames);
        }
        for d in &mut r.depends_on {
            if let Some((_, to)) = renames.iter().find(|(from, _)| from == d) {
                d.clone_from(to);
            }
        }
    }
    for o in out.outputs.values_mut() {
        rewrite(&mut o.value, &renames);
        if let Some(e) = &mut o.export_name {
            rewrite(e, &renames);
        }
    }
    ((out, findings), origins)
}

/// An `AWS::Serverless::*` resource against SAM's own schema (FW510). A violation of a
/// property of the resource itself (unknown, missing, of the wrong type) is an error: the
/// transform rejects those too. One deeper inside (an event's or an authorizer's
/// properties) is a warning: there the transform accepts more than SAM's schema says
/// (properties it reads but the schema lacks, a list where the schema wants one value).
#[cfg(feature = "schema")]
fn sam_schema(id: &str, r: &Resource, out: &mut Vec<Finding>) {
    for e in formwork_schema::validate_sam_resource(r) {
        let property = e.path.strip_prefix("/Properties/").map(|p| p.replace('/', "."));
        let mut finding = Finding::new(
            &catalog::RESOURCE_SCHEMA,
            id,
            property.as_deref(),
            format!("{} `{id}`: {} at {}", r.resource_type, e.message, e.path),
            "correct the property as SAM's schema for the resource type requires".into(),
        );
        if property.as_deref().is_some_and(|p| p.contains('.')) {
            finding.severity = super::catalog::Severity::Warning;
        }
        out.push(finding);
    }
}

/// Points `Ref`s, `Fn::GetAtt`s and `Fn::Sub` placeholders at the renamed resources.
fn rewrite(v: &mut Value, renames: &[(String, String)]) {
    let renamed = |name: &str| renames.iter().find(|(from, _)| from == name).map(|(_, to)| to.clone());
    match v {
        Value::List(items) => items.iter_mut().for_each(|i| rewrite(i, renames)),
        Value::Map(map) => map.values_mut().for_each(|i| rewrite(i, renames)),
        Value::Fn(f) => match &mut **f {
            Intrinsic::Ref(target) => {
                if let Some(to) = renamed(target) {
                    *target = to;
                }
            }
            Intrinsic::GetAtt { resource, attribute } => {
                // `!GetAtt MyFunction.Alias.Arn` style names are not SAM; `MyLayer.Arn` is.
                let whole = format!("{resource}.{attribute}");
                if let Some((prefix, rest)) = attribute.split_once('.') {
                    if let Some(to) = renamed(&format!("{resource}.{prefix}")) {
                        *resource = to;
                        *attribute = rest.to_string();
                        return;
                    }
                }
                if renamed(&whole).is_none() {
                    if let Some(to) = renamed(resource) {
                        *resource = to;
                    }
                }
            }
            Intrinsic::Sub { template, variables } => {
                if let Some(vars) = variables {
                    vars.values_mut().for_each(|i| rewrite(i, renames));
                }
                *template = rewrite_placeholders(template, &renamed);
            }
            Intrinsic::Join { values, .. } | Intrinsic::And(values) | Intrinsic::Or(values) => {
                values.iter_mut().for_each(|i| rewrite(i, renames))
            }
            Intrinsic::Select { index, list } => {
                rewrite(index, renames);
                rewrite(list, renames);
            }
            Intrinsic::If { then, otherwise, .. } => {
                rewrite(then, renames);
                rewrite(otherwise, renames);
            }
            Intrinsic::Split { source: a, .. }
            | Intrinsic::ImportValue(a)
            | Intrinsic::GetAzs(a)
            | Intrinsic::Base64(a)
            | Intrinsic::Not(a) => rewrite(a, renames),
            Intrinsic::FindInMap(a, b, c) => {
                rewrite(a, renames);
                rewrite(b, renames);
                rewrite(c, renames);
            }
            Intrinsic::Equals(a, b) => {
                rewrite(a, renames);
                rewrite(b, renames);
            }
            Intrinsic::Condition(_) => {}
        },
        Value::Null | Value::Bool(_) | Value::Int(_) | Value::String(_) => {}
    }
}

/// `${MyFunction.Alias}` → `${MyFunctionAliaslive}`, `${MyLayer}` → `${MyLayer<hash>}`,
/// `${MyLayer.Arn}` → `${MyLayer<hash>.Arn}`; `${!Literal}` stays.
fn rewrite_placeholders(template: &str, renamed: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start + 2]);
        rest = &rest[start + 2..];
        let Some(end) = rest.find('}') else { break };
        let name = &rest[..end];
        let replaced = renamed(name).or_else(|| {
            let (head, tail) = name.split_once('.')?;
            renamed(head).map(|to| format!("{to}.{tail}"))
        });
        out.push_str(replaced.as_deref().unwrap_or(name));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Ten hexadecimal digits derived from a value (FNV-1a over its JSON text), standing for
/// the content hash the transform appends to some logical ids.
fn hash10(parts: &[&Value]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in formwork_template::to_json(p).bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")[..10].to_string()
}

/// A literal string, or the default of the parameter a `Ref` names (what SAM resolves
/// names from).
fn literal(template: &Template, v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Fn(f) => match &**f {
            Intrinsic::Ref(p) => template.parameters.get(p)?.default.as_ref()?.as_str().map(str::to_string),
            _ => None,
        },
        _ => None,
    }
}

/// Letters and digits only, as SAM keeps of a name in a logical id.
fn alphanumeric(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// An alias name in a logical id: SAM writes `-` as `D` and `_` as `U`.
fn alias_name(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c {
            '-' => Some('D'),
            '_' => Some('U'),
            c if c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// A literal string as written (parameters are not resolved), as SAM names stages.
fn written(v: Option<&Value>) -> Option<String> {
    v?.as_str().map(str::to_string)
}

/// An `AssumeRolePolicyDocument` for one service principal.
fn trust(service: &str) -> Value {
    Value::map([
        ("Version", Value::from("2012-10-17")),
        (
            "Statement",
            Value::List(vec![Value::map([
                ("Effect", Value::from("Allow")),
                ("Action", Value::List(vec![Value::from("sts:AssumeRole")])),
                ("Principal", Value::map([("Service", Value::List(vec![Value::from(service)]))])),
            ])]),
        ),
    ])
}

/// A property map with only the keys listed that are set.
fn pick(props: &Map, keys: &[&str]) -> Map {
    keys.iter().filter_map(|k| props.get(*k).map(|v| ((*k).to_string(), v.clone()))).collect()
}

/// A finding about a lowered mapping, moved to the SAM event it came from.
pub(crate) fn relocate(f: &mut Finding, origins: &Origins, template: &Template) {
    let Some((_, function, event)) = origins.iter().find(|(m, _, _)| Some(m) == f.resource.as_ref()) else {
        return;
    };
    if event.is_empty() {
        // Made from the SAM resource: a role's statements come from its `Policies`.
        let policies = f
            .property
            .as_deref()
            .is_some_and(|p| p.starts_with("Policies") || p.starts_with("ManagedPolicyArns"));
        f.resource = Some(function.clone());
        f.property = policies.then(|| "Policies".to_string());
        return;
    }
    let source_key = template
        .resources
        .get(function.as_str())
        .and_then(|r| r.properties.get("Events"))
        .and_then(|e| e.get(event))
        .and_then(|e| e.get("Type"))
        .and_then(Value::as_str)
        .and_then(events::source_key)
        .unwrap_or("Queue");
    let property = match f.property.as_deref() {
        Some("EventSourceArn") => source_key.to_string(),
        Some(p) => p.to_string(),
        None => String::new(),
    };
    f.resource = Some(function.clone());
    f.property = Some(if property.is_empty() {
        format!("Events.{event}")
    } else {
        format!("Events.{event}.Properties.{property}")
    });
}

fn dlq_type(template: &Template, id: &str, declared: Option<&str>, target: &Value) -> Option<Finding> {
    let actual = match referenced(template, target) {
        Some((_, r)) if r.resource_type == "AWS::SQS::Queue" => "SQS",
        Some((_, r)) if r.resource_type == "AWS::SNS::Topic" => "SNS",
        Some(_) => return None,
        None => match target.as_str().and_then(|arn| arn.split(':').nth(2)) {
            Some("sqs") => "SQS",
            Some("sns") => "SNS",
            _ => return None,
        },
    };
    let declared = declared.unwrap_or("(none)");
    (declared != actual).then(|| {
        Finding::new(
            &catalog::SAM_DLQ_TYPE,
            id,
            Some("DeadLetterQueue"),
            format!(
                "`DeadLetterQueue` of `{id}` has `Type: {declared}` but its target is an {actual} {}",
                if actual == "SQS" { "queue" } else { "topic" }
            ),
            format!("set `Type: {actual}`"),
        )
    })
}

//! A CloudFormation template from its JSON text (intrinsic functions in their long form,
//! as formwork's JSON writer and CloudFormation's own `GetTemplate` write them), for
//! comparing a deployed or previously written template with a new one.

use formwork_template::{DeletionPolicy, Intrinsic, Map, Output, Parameter, Resource, Template, Value};
use serde_json::Value as Json;

/// Reads a template from JSON text.
///
/// ```
/// let t = formwork_insight::template_from_json(r#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue",
///     "Properties": {"RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["D", "Arn"]}}}}}}"#).unwrap();
/// assert_eq!(t.resources["Q"].resource_type, "AWS::SQS::Queue");
/// ```
pub fn template_from_json(text: &str) -> Result<Template, String> {
    let json: Json = serde_json::from_str(text).map_err(|e| format!("not a JSON template: {e}"))?;
    let root = json.as_object().ok_or("a template is a JSON object")?;
    let mut t = Template::new();
    t.transform = root.get("Transform").and_then(Json::as_str).map(str::to_string);
    t.description = root.get("Description").and_then(Json::as_str).map(str::to_string);
    if let Some(Value::Map(m)) = root.get("Metadata").map(value) {
        t.metadata = m;
    }
    if let Some(Value::Map(m)) = root.get("Conditions").map(value) {
        t.conditions = m;
    }
    for (name, p) in root.get("Parameters").and_then(Json::as_object).into_iter().flatten() {
        let mut param = Parameter::string(p.get("Description").and_then(Json::as_str).unwrap_or_default());
        param.parameter_type = p.get("Type").and_then(Json::as_str).unwrap_or("String").to_string();
        param.description = p.get("Description").and_then(Json::as_str).map(str::to_string);
        param.default = p.get("Default").map(value);
        t.parameters.insert(name.clone(), param);
    }
    let resources = root.get("Resources").and_then(Json::as_object).ok_or("a template has Resources")?;
    for (id, r) in resources {
        let kind =
            r.get("Type").and_then(Json::as_str).ok_or_else(|| format!("resource {id} has no Type"))?;
        let mut resource = Resource::new(kind);
        if let Some(Value::Map(props)) = r.get("Properties").map(value) {
            resource.properties = props;
        }
        resource.condition = r.get("Condition").and_then(Json::as_str).map(str::to_string);
        resource.depends_on = match r.get("DependsOn") {
            Some(Json::String(s)) => vec![s.clone()],
            Some(Json::Array(list)) => list.iter().filter_map(Json::as_str).map(str::to_string).collect(),
            _ => Vec::new(),
        };
        let policy = |k: &str| match r.get(k).and_then(Json::as_str) {
            Some("Retain") => Some(DeletionPolicy::Retain),
            Some("Snapshot") => Some(DeletionPolicy::Snapshot),
            Some("Delete") => Some(DeletionPolicy::Delete),
            _ => None,
        };
        resource.deletion_policy = policy("DeletionPolicy");
        resource.update_replace_policy = policy("UpdateReplacePolicy");
        if let Some(Value::Map(m)) = r.get("Metadata").map(value) {
            resource.metadata = m;
        }
        t.resources.insert(id.clone(), resource);
    }
    for (id, o) in root.get("Outputs").and_then(Json::as_object).into_iter().flatten() {
        t.outputs.insert(
            id.clone(),
            Output::new(o.get("Value").map(value).unwrap_or(Value::Null))
                .maybe_description(o.get("Description").and_then(Json::as_str).map(str::to_string))
                .maybe_export_name(o.get("Export").and_then(|e| e.get("Name")).map(value)),
        );
    }
    Ok(t)
}

/// A JSON value as a template value, with `{"Ref": ...}` and `{"Fn::...": ...}` read as
/// intrinsic functions.
fn value(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::String(n.to_string()),
        },
        Json::String(s) => Value::String(s.clone()),
        Json::Array(items) => Value::List(items.iter().map(value).collect()),
        Json::Object(map) => {
            if map.len() == 1 {
                if let Some(f) = map.iter().next().and_then(|(k, v)| intrinsic(k, v)) {
                    return Value::Fn(Box::new(f));
                }
            }
            Value::Map(map.iter().map(|(k, v)| (k.clone(), value(v))).collect::<Map>())
        }
    }
}

fn intrinsic(key: &str, arg: &Json) -> Option<Intrinsic> {
    let list = |n: usize| arg.as_array().filter(|a| a.len() == n);
    let text = |j: &Json| j.as_str().map(str::to_string);
    Some(match key {
        "Ref" => Intrinsic::Ref(text(arg)?),
        "Fn::GetAtt" => match arg {
            Json::String(s) => {
                let (resource, attribute) = s.split_once('.')?;
                Intrinsic::GetAtt { resource: resource.into(), attribute: attribute.into() }
            }
            _ => {
                let a = list(2)?;
                Intrinsic::GetAtt { resource: text(&a[0])?, attribute: text(&a[1])? }
            }
        },
        "Fn::Sub" => match arg {
            Json::String(s) => Intrinsic::Sub { template: s.clone(), variables: None },
            _ => {
                let a = list(2)?;
                let Value::Map(vars) = value(&a[1]) else { return None };
                Intrinsic::Sub { template: text(&a[0])?, variables: Some(vars) }
            }
        },
        "Fn::Join" => {
            let a = list(2)?;
            Intrinsic::Join { delimiter: text(&a[0])?, values: a[1].as_array()?.iter().map(value).collect() }
        }
        "Fn::Select" => {
            let a = list(2)?;
            Intrinsic::Select { index: value(&a[0]), list: value(&a[1]) }
        }
        "Fn::Split" => {
            let a = list(2)?;
            Intrinsic::Split { delimiter: text(&a[0])?, source: value(&a[1]) }
        }
        "Fn::If" => {
            let a = list(3)?;
            Intrinsic::If { condition: text(&a[0])?, then: value(&a[1]), otherwise: value(&a[2]) }
        }
        "Fn::ImportValue" => Intrinsic::ImportValue(value(arg)),
        "Fn::GetAZs" => Intrinsic::GetAzs(value(arg)),
        "Fn::Base64" => Intrinsic::Base64(value(arg)),
        "Fn::FindInMap" => {
            let a = list(3)?;
            Intrinsic::FindInMap(value(&a[0]), value(&a[1]), value(&a[2]))
        }
        "Fn::Equals" => {
            let a = list(2)?;
            Intrinsic::Equals(value(&a[0]), value(&a[1]))
        }
        "Fn::Not" => Intrinsic::Not(value(arg.as_array()?.first()?)),
        "Fn::And" => Intrinsic::And(arg.as_array()?.iter().map(value).collect()),
        "Fn::Or" => Intrinsic::Or(arg.as_array()?.iter().map(value).collect()),
        "Condition" => Intrinsic::Condition(text(arg)?),
        _ => return None,
    })
}

//! APIs in SAM's form: a REST or HTTP API whose OpenAPI body is exactly what SAM would
//! generate from `Api` / `HttpApi` events becomes `AWS::Serverless::Api` or
//! `AWS::Serverless::HttpApi`, and each route an event of the function it invokes.

use std::collections::{HashMap, HashSet};

use formwork_template::{Intrinsic, Map, Resource, Template, Value};

use super::{is_ref, Invoked};

/// One route of an API body: method (lower case or `x-amazon-apigateway-any-method`),
/// path and the function it invokes.
struct Route<'a> {
    method: String,
    path: String,
    invoked: &'a Invoked,
}

/// The routes of a body SAM would write the same way, or `None`.
fn routes<'a>(body: &Value, invoked: &'a [Invoked], http: bool) -> Option<Vec<Route<'a>>> {
    let body = body.as_map()?;
    if body.keys().any(|k| !["info", "paths", "openapi"].contains(&k.as_str())) {
        return None;
    }
    let info = body.get("info")?.as_map()?;
    let title_ok = info.get("title").is_some_and(|t| is_ref(t, "AWS::StackName"));
    let info_keys: &[&str] = if http { &["version", "title", "description"] } else { &["version", "title"] };
    if !title_ok || info.keys().any(|k| !info_keys.contains(&k.as_str())) {
        return None;
    }
    let mut out = Vec::new();
    for (path, item) in body.get("paths")?.as_map()? {
        for (method, op) in item.as_map()? {
            let op = op.as_map()?;
            if op.len() != 2 || op.get("responses")?.as_map().is_none_or(|m| !m.is_empty()) {
                return None;
            }
            let integration = op.get("x-amazon-apigateway-integration")?.as_map()?;
            let mut expected = vec!["httpMethod", "type", "uri"];
            if http {
                expected.push("payloadFormatVersion");
            }
            if integration.len() != expected.len()
                || integration.get("httpMethod")?.as_str()? != "POST"
                || integration.get("type")?.as_str()? != "aws_proxy"
                || (http && integration.get("payloadFormatVersion")?.as_str()? != "2.0")
            {
                return None;
            }
            let Some(Intrinsic::Sub { template: uri, variables: None }) =
                integration.get("uri")?.as_intrinsic()
            else {
                return None;
            };
            let inv = invoked.iter().find(|inv| *uri == integration_uri(inv))?;
            out.push(Route { method: method.clone(), path: path.clone(), invoked: inv });
        }
    }
    Some(out)
}

/// The integration URI SAM writes for a function (or its alias).
fn integration_uri(inv: &Invoked) -> String {
    let target = match &inv.alias {
        Some((_, alias_id)) => alias_id.clone(),
        None => format!("{}.Arn", inv.function),
    };
    format!("arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{target}}}/invocations")
}

/// The method as written in the permission's ARN and in SAM events.
fn method_name(method: &str) -> (&str, String) {
    if method == "x-amazon-apigateway-any-method" {
        ("*", "ANY".into())
    } else {
        ("", method.to_uppercase())
    }
}

/// The permission for a route, as expansion writes it: `<function><api><route>Permission`.
fn route_permission<'t>(
    template: &'t Template,
    api: &str,
    route: &Route<'_>,
) -> Option<(&'t String, &'t Resource)> {
    let (star, method) = method_name(&route.method);
    let arn_method = if star.is_empty() { method.as_str() } else { star };
    let expected = Value::sub(format!(
        "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api}}}/*/{arn_method}{}",
        permission_path(&route.path)
    ));
    template.resources.iter().find(|(_, p)| {
        p.resource_type == "AWS::Lambda::Permission"
            && p.condition.is_none()
            && p.depends_on.is_empty()
            && p.properties.len() == 4
            && p.properties.get("Action").and_then(Value::as_str) == Some("lambda:InvokeFunction")
            && p.properties.get("Principal").and_then(Value::as_str) == Some("apigateway.amazonaws.com")
            && p.properties.get("FunctionName").is_some_and(|v| route.invoked.is_name(v))
            && p.properties.get("SourceArn") == Some(&expected)
    })
}

fn permission_path(path: &str) -> String {
    path.split('/')
        .map(|s| if s.starts_with('{') && s.ends_with('}') { "*" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// The event key of a route: the API's id and the route's words, as expansion names
/// its permission.
fn event_key(api: &str, method: &str, path: &str) -> String {
    let mut out = api.to_string();
    let words = std::iter::once(method.to_lowercase())
        .chain(path.split(|c: char| !c.is_ascii_alphanumeric()).map(str::to_string));
    for word in words {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// Folds every API SAM can express; returns the serverless resources replacing them
/// and records each function's route events.
pub(super) fn fold_apis(
    template: &Template,
    invoked: &[Invoked],
    events: &mut HashMap<String, Vec<(String, Value)>>,
    folded: &mut HashSet<String>,
) -> Vec<(String, Resource)> {
    let mut out = Vec::new();
    for (id, r) in &template.resources {
        let http = match r.resource_type.as_str() {
            "AWS::ApiGateway::RestApi" => false,
            "AWS::ApiGatewayV2::Api" => true,
            _ => continue,
        };
        if let Some((serverless, ids, route_events)) = fold_api(template, invoked, id, r, http) {
            folded.extend(ids);
            for (function, key, event) in route_events {
                events.entry(function).or_default().push((key, event));
            }
            out.push((id.clone(), serverless));
        }
    }
    out
}

type Folded = (Resource, Vec<String>, Vec<(String, String, Value)>);

fn fold_api(template: &Template, invoked: &[Invoked], id: &str, r: &Resource, http: bool) -> Option<Folded> {
    if r.condition.is_some() || !r.depends_on.is_empty() || r.deletion_policy.is_some() {
        return None;
    }
    let body = r.properties.get("Body")?;
    let allowed: &[&str] = if http { &["Body"] } else { &["Body", "Name", "Description"] };
    if r.properties.keys().any(|k| !allowed.contains(&k.as_str())) {
        return None;
    }
    let routes = routes(body, invoked, http)?;
    let mut ids = Vec::new();
    let mut serverless =
        Resource::new(if http { "AWS::Serverless::HttpApi" } else { "AWS::Serverless::Api" });
    serverless.metadata = r.metadata.clone();
    if http {
        let (stage_id, _) = template.resources.iter().find(|(_, s)| {
            s.resource_type == "AWS::ApiGatewayV2::Stage"
                && s.properties.len() == 3
                && s.properties.get("ApiId").is_some_and(|v| is_ref(v, id))
                && s.properties.get("StageName").and_then(Value::as_str) == Some("$default")
                && s.properties.get("AutoDeploy").and_then(Value::as_bool) == Some(true)
        })?;
        ids.push(stage_id.clone());
        if let Some(d) = body.get("info").and_then(|i| i.get("description")) {
            serverless.properties.insert("Description".into(), d.clone());
        }
    } else {
        let (deployment_id, _) = template.resources.iter().find(|(_, d)| {
            d.resource_type == "AWS::ApiGateway::Deployment"
                && d.properties.get("RestApiId").is_some_and(|v| is_ref(v, id))
                && d.properties.keys().all(|k| k == "RestApiId" || k == "Description")
        })?;
        let (stage_id, stage) = template.resources.iter().find(|(_, s)| {
            s.resource_type == "AWS::ApiGateway::Stage"
                && s.properties.len() == 3
                && s.properties.get("RestApiId").is_some_and(|v| is_ref(v, id))
                && s.properties.get("DeploymentId").is_some_and(|v| is_ref(v, deployment_id))
        })?;
        let stage_name = stage.properties.get("StageName")?.as_str()?;
        ids.push(deployment_id.clone());
        ids.push(stage_id.clone());
        let mut props = Map::new();
        if let Some(name) = r.properties.get("Name") {
            props.insert("Name".into(), name.clone());
        }
        props.insert("StageName".into(), Value::from(stage_name));
        if let Some(d) = r.properties.get("Description") {
            props.insert("Description".into(), d.clone());
        }
        props.insert("OpenApiVersion".into(), Value::from(crate::expand::OPENAPI_VERSION));
        serverless.properties = props;
    }
    let mut route_events = Vec::new();
    for route in &routes {
        let (permission_id, _) = route_permission(template, id, route)?;
        ids.push(permission_id.clone());
        let (_, method) = method_name(&route.method);
        let key = event_key(id, &method, &route.path);
        let mut props = Map::new();
        props.insert((if http { "ApiId" } else { "RestApiId" }).into(), Value::ref_(id));
        props.insert("Path".into(), Value::from(route.path.as_str()));
        props.insert("Method".into(), Value::from(method.to_lowercase()));
        let event = Value::map([
            ("Type", Value::from(if http { "HttpApi" } else { "Api" })),
            ("Properties", Value::Map(props)),
        ]);
        route_events.push((route.invoked.function.clone(), key, event));
    }
    Some((serverless, ids, route_events))
}

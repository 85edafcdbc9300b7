//! `AWS::Serverless::Api`, `HttpApi` and `WebSocketApi`, and the implicit
//! `ServerlessRestApi` and `ServerlessHttpApi` that function events without an API
//! make: each API with its deployment and stage, authorizer permissions and usage plan.

use formwork_template::{Map, Resource, Value};

use super::domain::{domain, ApiKind};
use super::{alphanumeric, hash10, literal, pick, written, Lowering};

/// `AWS::Serverless::Api` properties that keep their name on `AWS::ApiGateway::RestApi`.
const REST_SAME: [&str; 8] = [
    "Name",
    "Description",
    "EndpointConfiguration",
    "BinaryMediaTypes",
    "MinimumCompressionSize",
    "Mode",
    "FailOnWarnings",
    "DisableExecuteApiEndpoint",
];

/// Upper-cases the first letter: `connect` → `Connect`.
fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// An explicit REST API.
pub(super) fn rest(l: &mut Lowering<'_>, id: &str, r: &Resource) {
    let p = &r.properties;
    let mut api = Resource::new("AWS::ApiGateway::RestApi");
    api.properties = pick(p, &REST_SAME);
    if let Some(body) = p.get("DefinitionBody") {
        api.properties.insert("Body".into(), body.clone());
    }
    api.depends_on.clone_from(&r.depends_on);
    l.add(id.to_string(), api, Some(r));
    let stage_name = written(p.get("StageName"));
    let stage_id = match &stage_name {
        Some(name) => format!("{id}{}Stage", alphanumeric(name)),
        None => format!("{id}Stage"),
    };
    rest_deployment(l, id, &stage_id, p.get("StageName").cloned().unwrap_or(Value::Null), r);
    rest_extras(l, id, p, Some(r));
}

/// What a REST API's properties (or, for `ServerlessRestApi`, `Globals.Api`) add: its
/// domain, authorizer permissions and usage plan.
fn rest_extras(l: &mut Lowering<'_>, id: &str, p: &Map, r: Option<&Resource>) {
    domain(l, id, p.get("Domain"), ApiKind::Rest, r);
    let disabled =
        p.get("Auth").and_then(|a| a.get("DisableFunctionDefaultPermissions")).and_then(Value::as_bool);
    for (name, auth) in authorizers(p).filter(|_| disabled != Some(true)) {
        if auth.get("DisableFunctionDefaultPermissions").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        if let Some(function) = auth.get("FunctionArn") {
            l.add(format!("{id}{name}AuthorizerPermission"), authorizer_permission(id, function), r);
        }
    }
    if let Some(plan) = p.get("Auth").and_then(|a| a.get("UsagePlan")) {
        let prefix = match literal(l.src, plan.get("CreateUsagePlan")).as_deref() {
            Some("PER_API") => id.to_string(),
            Some("SHARED") => "Serverless".to_string(),
            _ => return,
        };
        l.add(format!("{prefix}UsagePlan"), Resource::new("AWS::ApiGateway::UsagePlan"), r);
        l.add(format!("{prefix}ApiKey"), Resource::new("AWS::ApiGateway::ApiKey"), r);
        l.add(format!("{prefix}UsagePlanKey"), Resource::new("AWS::ApiGateway::UsagePlanKey"), r);
    }
}

/// A REST API's deployment and stage; `X.Stage` and `X.Deployment` name them.
fn rest_deployment(l: &mut Lowering<'_>, id: &str, stage_id: &str, stage_name: Value, r: &Resource) {
    let hashed: Vec<&Value> = r.properties.values().collect();
    let deployment_id = format!("{id}Deployment{}", hash10(&hashed));
    let deployment = Resource::new("AWS::ApiGateway::Deployment").property("RestApiId", Value::ref_(id));
    l.add(deployment_id.clone(), deployment, Some(r));
    let mut stage = Resource::new("AWS::ApiGateway::Stage")
        .property("RestApiId", Value::ref_(id))
        .property("DeploymentId", Value::ref_(&deployment_id))
        .property("StageName", stage_name);
    for key in ["TracingEnabled", "MethodSettings", "Variables", "CacheClusterEnabled", "AccessLogSetting"] {
        if let Some(v) = r.properties.get(key) {
            stage.properties.insert(key.into(), v.clone());
        }
    }
    l.add(stage_id.to_string(), stage, Some(r));
    l.rename(format!("{id}.Stage"), stage_id.to_string());
    l.rename(format!("{id}.Deployment"), deployment_id);
}

/// An explicit HTTP API.
pub(super) fn http(l: &mut Lowering<'_>, id: &str, r: &Resource) {
    let p = &r.properties;
    let mut api = Resource::new("AWS::ApiGatewayV2::Api");
    api.properties = pick(p, &["Name", "Description", "DisableExecuteApiEndpoint", "CorsConfiguration"]);
    if let Some(body) = p.get("DefinitionBody") {
        api.properties.insert("Body".into(), body.clone());
    }
    api.depends_on.clone_from(&r.depends_on);
    l.add(id.to_string(), api, Some(r));
    let stage_id = match (p.get("StageName"), written(p.get("StageName"))) {
        (None, _) => format!("{id}ApiGatewayDefaultStage"),
        (Some(_), Some(name)) if name == "$default" => format!("{id}ApiGatewayDefaultStage"),
        (Some(_), Some(name)) => format!("{id}{}Stage", alphanumeric(&name)),
        (Some(_), None) => format!("{id}Stage"),
    };
    let stage = Resource::new("AWS::ApiGatewayV2::Stage")
        .property("ApiId", Value::ref_(id))
        .property("StageName", p.get("StageName").cloned().unwrap_or_else(|| Value::from("$default")))
        .property("AutoDeploy", Value::Bool(true))
        .maybe_property("AccessLogSettings", p.get("AccessLogSettings").cloned());
    l.add(stage_id.clone(), stage, Some(r));
    l.rename(format!("{id}.Stage"), stage_id);
    http_extras(l, id, p, Some(r));
}

/// What an HTTP API's properties (or, for `ServerlessHttpApi`, `Globals.HttpApi`) add:
/// its domain and the authorizer permissions asked for.
fn http_extras(l: &mut Lowering<'_>, id: &str, p: &Map, r: Option<&Resource>) {
    domain(l, id, p.get("Domain"), ApiKind::V2, r);
    // HTTP APIs grant their Lambda authorizers only when asked to.
    for (name, auth) in authorizers(p) {
        let enabled = auth.get("EnableFunctionDefaultPermissions").and_then(Value::as_bool) == Some(true);
        if let (Some(function), true) = (auth.get("FunctionArn"), enabled) {
            l.add(format!("{id}{name}AuthorizerPermission"), authorizer_permission(id, function), r);
        }
    }
}

/// An API's `Auth.Authorizers`, by name.
fn authorizers(p: &Map) -> impl Iterator<Item = (&String, &Value)> {
    p.get("Auth").and_then(|a| a.get("Authorizers")).and_then(Value::as_map).into_iter().flatten()
}

fn authorizer_permission(api: &str, function: &Value) -> Resource {
    Resource::new("AWS::Lambda::Permission")
        .property("Action", "lambda:InvokeFunction")
        .property("FunctionName", function.clone())
        .property("Principal", "apigateway.amazonaws.com")
        .property("SourceArn", super::events::execute_api(Value::ref_(api), "/authorizers/*"))
}

/// A WebSocket API: per route an integration, a route and a permission; one stage.
pub(super) fn websocket(l: &mut Lowering<'_>, id: &str, r: &Resource) {
    let p = &r.properties;
    let mut api = Resource::new("AWS::ApiGatewayV2::Api").property("ProtocolType", "WEBSOCKET");
    api.properties
        .extend(pick(p, &["Name", "Description", "RouteSelectionExpression", "DisableExecuteApiEndpoint"]));
    l.add(id.to_string(), api, Some(r));
    for (route, spec) in p.get("Routes").and_then(Value::as_map).into_iter().flatten() {
        let name = capitalized(&alphanumeric(route));
        let function = spec.get("FunctionArn").cloned().unwrap_or(Value::Null);
        let integration = Resource::new("AWS::ApiGatewayV2::Integration")
            .property("ApiId", Value::ref_(id))
            .property("IntegrationType", "AWS_PROXY");
        l.add(format!("{id}{name}Integration"), integration, Some(r));
        let route_resource = Resource::new("AWS::ApiGatewayV2::Route")
            .property("ApiId", Value::ref_(id))
            .property("RouteKey", route.as_str())
            .property(
                "Target",
                Value::join("/", vec!["integrations".into(), Value::ref_(format!("{id}{name}Integration"))]),
            );
        l.add(format!("{id}{name}Route"), route_resource, Some(r));
        let permission = Resource::new("AWS::Lambda::Permission")
            .property("Action", "lambda:InvokeFunction")
            .property("FunctionName", function)
            .property("Principal", "apigateway.amazonaws.com")
            .property("SourceArn", super::events::execute_api(Value::ref_(id), &format!("/*/{route}")));
        l.add(format!("{id}{name}Permission"), permission, Some(r));
    }
    // A Lambda authorizer on `$connect`, and the permission to call it unless a role does.
    if let Some(auth) = p.get("Auth").filter(|a| a.get("AuthType").and_then(Value::as_str) == Some("CUSTOM"))
    {
        if let Some(function) = auth.get("AuthArn") {
            let authorizer = Resource::new("AWS::ApiGatewayV2::Authorizer")
                .property("ApiId", Value::ref_(id))
                .property("AuthorizerType", "REQUEST");
            l.add(format!("{id}ConnectAuthorizer"), authorizer, Some(r));
            if auth.get("InvokeRole").is_none() && function.as_str().is_none() {
                l.add(format!("{id}AuthorizerPermission"), authorizer_permission(id, function), Some(r));
            }
        }
    }
    let stage_name = literal(l.src, p.get("StageName")).unwrap_or_else(|| "default".into());
    let stage_id = format!("{id}{}Stage", capitalized(&alphanumeric(&stage_name)));
    let stage = Resource::new("AWS::ApiGatewayV2::Stage")
        .property("ApiId", Value::ref_(id))
        .property("StageName", stage_name);
    l.add(stage_id.clone(), stage, Some(r));
    l.rename(format!("{id}.Stage"), stage_id);
    domain(l, id, p.get("Domain"), ApiKind::V2, Some(r));
}

/// `ServerlessRestApi` and `ServerlessHttpApi`, when events without an API need them.
pub(super) fn implicit(l: &mut Lowering<'_>) {
    if !l.implicit_rest.is_empty() {
        let rest = Resource::new("AWS::ApiGateway::RestApi");
        l.add("ServerlessRestApi".into(), rest, None);
        let users: Vec<Value> = l.implicit_rest.iter().map(|f| Value::from(f.as_str())).collect();
        let mut marker = Resource::new("");
        marker.properties = Map::from_iter([("Users".to_string(), Value::List(users))]);
        rest_deployment(l, "ServerlessRestApi", "ServerlessRestApiProdStage", Value::from("Prod"), &marker);
        let globals = globals(l, "Api");
        rest_extras(l, "ServerlessRestApi", &globals, None);
    }
    if !l.implicit_http.is_empty() {
        l.add("ServerlessHttpApi".into(), Resource::new("AWS::ApiGatewayV2::Api"), None);
        let stage = Resource::new("AWS::ApiGatewayV2::Stage")
            .property("ApiId", Value::ref_("ServerlessHttpApi"))
            .property("StageName", "$default")
            .property("AutoDeploy", Value::Bool(true));
        l.add("ServerlessHttpApiApiGatewayDefaultStage".into(), stage, None);
        l.rename("ServerlessHttpApi.Stage".into(), "ServerlessHttpApiApiGatewayDefaultStage".into());
        let globals = globals(l, "HttpApi");
        http_extras(l, "ServerlessHttpApi", &globals, None);
    }
}

/// A `Globals` section as the template reader kept it (for the implicit APIs).
fn globals(l: &Lowering<'_>, section: &str) -> Map {
    l.src
        .metadata
        .get(super::GLOBALS_METADATA_KEY)
        .and_then(|g| g.get(section))
        .and_then(Value::as_map)
        .cloned()
        .unwrap_or_default()
}

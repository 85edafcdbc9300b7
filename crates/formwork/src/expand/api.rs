//! API Gateway APIs: each defined by an OpenAPI body built from the routes functions of
//! the stack declare, as SAM writes it, with a deployment and stage.

use formwork_template::{to_json, Map, Resource, Value};

use super::events::invocation_placeholder;
use super::resources::invoke_arn;
use super::Expander;
use crate::construct::{ApiTarget, EventSource, HttpApi, Method, RestApi};

/// The OpenAPI version of the bodies: 3.0, with which SAM adds no extra `Stage` stage.
pub const OPENAPI_VERSION: &str = "3.0";

impl Expander<'_> {
    /// The routes of this stack's functions on the API `api`: (method, path, the
    /// integration's `Fn::Sub` placeholder for the function or its alias).
    fn routes_of(&self, api: &str, rest: bool) -> Vec<(Method, String, String)> {
        let mut out = Vec::new();
        for f in &self.stack.functions {
            for source in &f.event_sources {
                let EventSource::Api(route) = source else {
                    continue;
                };
                let handle = match (&route.api, rest) {
                    (ApiTarget::Rest(a), true) => &a.0,
                    (ApiTarget::Http(a), false) => &a.0,
                    _ => continue,
                };
                if handle.id == api && handle.stack == self.stack.name {
                    out.push((route.method, route.path.clone(), invocation_placeholder(&invoke_arn(f))));
                }
            }
        }
        out
    }

    /// The OpenAPI body: `paths` with one proxy integration per route (and, for HTTP
    /// APIs, the description, where SAM puts it).
    fn api_body(&self, routes: &[(Method, String, String)], http: bool, description: Option<&str>) -> Value {
        let mut paths = Map::new();
        for (method, path, target) in routes {
            let uri = format!(
                "arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{target}}}/invocations"
            );
            let mut integration = Map::new();
            integration.insert("httpMethod".into(), Value::from("POST"));
            integration.insert("type".into(), Value::from("aws_proxy"));
            integration.insert("uri".into(), Value::sub(uri));
            if http {
                integration.insert("payloadFormatVersion".into(), Value::from("2.0"));
            }
            let operation = Value::map([
                ("x-amazon-apigateway-integration", Value::Map(integration)),
                ("responses", Value::Map(Map::new())),
            ]);
            let key = match method {
                Method::Any => "x-amazon-apigateway-any-method".to_string(),
                m => m.as_str().to_lowercase(),
            };
            let item = paths.entry(path.clone()).or_insert_with(|| Value::Map(Map::new()));
            if let Value::Map(ops) = item {
                ops.insert(key, operation);
            }
        }
        let mut info = Map::new();
        info.insert("version".into(), Value::from("1.0"));
        if let Some(d) = description {
            info.insert("description".into(), Value::from(d));
        }
        info.insert("title".into(), Value::ref_("AWS::StackName"));
        Value::map([
            ("info", Value::Map(info)),
            ("paths", Value::Map(paths)),
            ("openapi", Value::from(OPENAPI_VERSION)),
        ])
    }

    pub(super) fn rest_api(&mut self, api: &RestApi) {
        let path = self.path("rest_api", &api.id);
        let routes = self.routes_of(&api.id, true);
        let body = self.api_body(&routes, false, None);
        let hash = formwork_asset::sha256_hex(to_json(&body).as_bytes());
        let r = Resource::new("AWS::ApiGateway::RestApi")
            .property("Name", Value::sub(format!("${{AWS::StackName}}-{}", api.id)))
            .maybe_property("Description", api.description.as_deref())
            .property("Body", body);
        self.insert(api.id.clone(), r, path.clone());
        // A deployment is immutable: a new body needs a new one, hence the hash in its id.
        let deployment_id = format!("{}Deployment{}", api.id, &hash[..10]);
        let deployment = Resource::new("AWS::ApiGateway::Deployment")
            .property("Description", format!("{} deployment {}", api.id, &hash[..10]))
            .property("RestApiId", Value::ref_(&api.id));
        self.insert(deployment_id.clone(), deployment, path.clone());
        let stage_id = format!("{}{}Stage", api.id, super::function::id_part(&api.stage));
        let stage = Resource::new("AWS::ApiGateway::Stage")
            .property("DeploymentId", Value::ref_(&deployment_id))
            .property("RestApiId", Value::ref_(&api.id))
            .property("StageName", api.stage.as_str());
        self.insert(stage_id, stage, path);
    }

    pub(super) fn http_api(&mut self, api: &HttpApi) {
        let path = self.path("http_api", &api.id);
        let routes = self.routes_of(&api.id, false);
        let body = self.api_body(&routes, true, api.description.as_deref());
        let r = Resource::new("AWS::ApiGatewayV2::Api").property("Body", body);
        self.insert(api.id.clone(), r, path.clone());
        let stage = Resource::new("AWS::ApiGatewayV2::Stage")
            .property("ApiId", Value::ref_(&api.id))
            .property("StageName", "$default")
            .property("AutoDeploy", true);
        self.insert(format!("{}ApiGatewayDefaultStage", api.id), stage, path);
    }
}

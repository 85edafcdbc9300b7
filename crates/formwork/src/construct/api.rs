//! API Gateway APIs whose routes invoke functions ([`ApiRoute`](super::ApiRoute)).

/// An API Gateway REST API (`AWS::ApiGateway::RestApi` defined by an OpenAPI body, with
/// a deployment and a stage). Routes are added on functions with `ApiRoute::rest`.
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let api = stack.add(RestApi::new("ShopApi").stage("v1").description("The shop"));
/// stack.add(function("Orders").event_source(ApiRoute::rest(&api, Method::Get, "/orders/{id}")));
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("Type: AWS::ApiGateway::RestApi"), "{template}");
/// assert!(template.contains("StageName: v1"), "{template}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestApi {
    pub(crate) id: String,
    pub(crate) stage: String,
    pub(crate) description: Option<String>,
}

impl RestApi {
    /// A REST API deployed to the stage `prod`. `id` is its logical id.
    pub fn new(id: impl Into<String>) -> RestApi {
        RestApi { id: id.into(), stage: "prod".into(), description: None }
    }

    /// The stage name (`StageName`), letters, digits, `-` and `_`. Default: `prod`.
    #[must_use]
    pub fn stage(mut self, name: impl Into<String>) -> RestApi {
        self.stage = name.into();
        self
    }

    /// `Description`. Default: none.
    #[must_use]
    pub fn description(mut self, text: impl Into<String>) -> RestApi {
        self.description = Some(text.into());
        self
    }
}

/// An API Gateway HTTP API (`AWS::ApiGatewayV2::Api` defined by an OpenAPI body, with
/// the auto-deployed `$default` stage). Routes are added on functions with
/// `ApiRoute::http`.
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let api = stack.add(HttpApi::new("ShopApi").description("The shop"));
/// stack.add(function("Orders").event_source(ApiRoute::http(&api, Method::Post, "/orders")));
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("Type: AWS::ApiGatewayV2::Api"), "{template}");
/// assert!(template.contains("${ShopApi}/*/POST/orders"), "{template}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpApi {
    pub(crate) id: String,
    pub(crate) description: Option<String>,
}

impl HttpApi {
    /// An HTTP API. `id` is its logical id.
    pub fn new(id: impl Into<String>) -> HttpApi {
        HttpApi { id: id.into(), description: None }
    }

    /// `Description`. Default: none.
    #[must_use]
    pub fn description(mut self, text: impl Into<String>) -> HttpApi {
        self.description = Some(text.into());
        self
    }
}

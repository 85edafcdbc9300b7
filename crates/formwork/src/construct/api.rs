//! API Gateway APIs whose routes invoke functions ([`ApiRoute`](super::ApiRoute)).

/// An API Gateway REST API (`AWS::ApiGateway::RestApi` defined by an OpenAPI body, with
/// a deployment and a stage). Routes are added on functions with `ApiRoute::rest`.
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

//! The connection to AWS: the SDK's standard credential and region chain (environment,
//! profile files and SSO, `credential_process`, web identity, container and instance
//! roles), `--profile`, `--region` and `--endpoint-url`, over rustls with ring, with
//! time limits on every request.

use std::time::Duration;

use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_cloudformation::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};

use crate::error::Error;

/// Time to open a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Time for one attempt of a request (an asset of up to 50 MB included).
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(180);
/// Time for a request with all its retries.
const OPERATION_TIMEOUT: Duration = Duration::from_secs(600);

/// Where to connect and as whom.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AwsOptions {
    /// `--profile`: the named profile of `~/.aws/config`. Default: `AWS_PROFILE`, then
    /// `default`.
    pub profile: Option<String>,
    /// `--region`. Default: `AWS_REGION`, then the profile's region.
    pub region: Option<String>,
    /// `--endpoint-url`: one endpoint for every service (a local emulator). Default:
    /// AWS's own endpoints.
    pub endpoint_url: Option<String>,
}

impl AwsOptions {
    /// The default profile, region and endpoints.
    pub fn new() -> AwsOptions {
        AwsOptions::default()
    }

    /// The named profile of `~/.aws/config`. Default: `AWS_PROFILE`, then `default`.
    #[must_use]
    pub fn profile(self, profile: impl Into<String>) -> AwsOptions {
        self.maybe_profile(Some(profile.into()))
    }

    /// [`profile`](AwsOptions::profile) from an `Option`.
    #[must_use]
    pub fn maybe_profile(mut self, profile: Option<String>) -> AwsOptions {
        self.profile = profile;
        self
    }

    /// The region. Default: `AWS_REGION`, then the profile's region.
    #[must_use]
    pub fn region(self, region: impl Into<String>) -> AwsOptions {
        self.maybe_region(Some(region.into()))
    }

    /// [`region`](AwsOptions::region) from an `Option`.
    #[must_use]
    pub fn maybe_region(mut self, region: Option<String>) -> AwsOptions {
        self.region = region;
        self
    }

    /// One endpoint for every service (a local emulator). Default: AWS's own endpoints.
    #[must_use]
    pub fn endpoint_url(self, url: impl Into<String>) -> AwsOptions {
        self.maybe_endpoint_url(Some(url.into()))
    }

    /// [`endpoint_url`](AwsOptions::endpoint_url) from an `Option`.
    #[must_use]
    pub fn maybe_endpoint_url(mut self, url: Option<String>) -> AwsOptions {
        self.endpoint_url = url;
        self
    }
}

/// The clients deploy and destroy use.
#[derive(Debug, Clone)]
pub(crate) struct Aws {
    pub(crate) cloudformation: aws_sdk_cloudformation::Client,
    pub(crate) s3: aws_sdk_s3::Client,
    pub(crate) sts: aws_sdk_sts::Client,
    pub(crate) region: String,
    pub(crate) endpoint_url: Option<String>,
}

/// Loads the SDK configuration: credentials are resolved lazily, on the first request.
pub async fn load_config(options: &AwsOptions) -> SdkConfig {
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
        .build_https();
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .operation_attempt_timeout(ATTEMPT_TIMEOUT)
        .operation_timeout(OPERATION_TIMEOUT)
        .build();
    let mut loader =
        aws_config::defaults(BehaviorVersion::latest()).http_client(http).timeout_config(timeouts);
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &options.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(url) = &options.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    loader.load().await
}

impl Aws {
    pub(crate) async fn connect(options: &AwsOptions) -> Result<Aws, Error> {
        let config = load_config(options).await;
        let region = config.region().ok_or(Error::NoRegion)?.to_string();
        // A custom endpoint serves buckets under its own host, not as subdomains.
        let s3_config = aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(options.endpoint_url.is_some())
            .build();
        Ok(Aws {
            cloudformation: aws_sdk_cloudformation::Client::new(&config),
            s3: aws_sdk_s3::Client::from_conf(s3_config),
            sts: aws_sdk_sts::Client::new(&config),
            region,
            endpoint_url: options.endpoint_url.clone(),
        })
    }
}

/// The service's code and message, or why the request could not be made.
pub(crate) fn message<E, R>(e: &SdkError<E, R>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    match e.as_service_error() {
        Some(service) => match (service.code(), service.message()) {
            (Some(code), Some(message)) => format!("{code}: {message}"),
            (Some(code), None) => code.to_string(),
            (None, Some(message)) => message.to_string(),
            (None, None) => DisplayErrorContext(e).to_string(),
        },
        None => {
            let text = chain(e);
            if text.contains("no credentials found") {
                format!("{text}\n  = help: sign in (aws sso login, aws configure), pass --profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
            } else {
                text
            }
        }
    }
}

/// An error and its sources, each once: `dispatch failure: io error: connection refused`.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(e);
    while let Some(error) = next {
        let text = error.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = error.source();
    }
    parts.join(": ")
}

/// An [`Error::Request`] for a failed SDK call.
pub(crate) fn request_error<E, R>(
    operation: &'static str,
    target: impl Into<String>,
    e: &SdkError<E, R>,
) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    Error::Request { operation, target: target.into(), message: message(e) }
}

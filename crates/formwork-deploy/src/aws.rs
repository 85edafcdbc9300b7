//! The connection to AWS: the SDK's standard credential and region chain (environment,
//! profile files and SSO, `credential_process`, web identity, container and instance
//! roles), `--profile`, `--region` and `--endpoint-url`, over rustls with ring, with
//! time limits on every request.

use std::time::Duration;

use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_cloudformation::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};

use crate::diagnose::{self, chain};
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
        let env = diagnose::process_env;
        diagnose::check_profile(options.profile.as_deref(), &env)?;
        let config = load_config(options).await;
        let region = config.region().ok_or(Error::NoRegion)?.to_string();
        // Resolve credentials now, so that a missing source is reported as such and not
        // as the failure of whichever request comes first.
        if let Some(provider) = config.credentials_provider() {
            use aws_credential_types::provider::ProvideCredentials;
            provider
                .provide_credentials()
                .await
                .map_err(|e| diagnose::credentials_error(&e, options.profile.as_deref(), &env))?;
        }
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
            let unreachable = match e {
                SdkError::DispatchFailure(d) => d.is_io() || d.is_timeout(),
                SdkError::TimeoutError(_) => true,
                _ => false,
            };
            if unreachable {
                format!("the endpoint cannot be reached: {text}\n  = help: check the network connection and any proxy (HTTPS_PROXY); with --endpoint-url, check that a server listens at that address")
            } else if text.contains("no credentials found") {
                format!("{text}\n  = help: sign in (aws sso login, aws configure), pass --profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
            } else {
                text
            }
        }
    }
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
    if let Some(service) = e.as_service_error() {
        if service.code().is_some_and(diagnose::is_access_denied) {
            let text = service.message().unwrap_or_default().to_string();
            let (action, resource) = diagnose::denied_action(&text);
            return Error::AccessDenied { operation, target: target.into(), action, resource, message: text };
        }
    }
    Error::Request { operation, target: target.into(), message: message(e) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_cloudformation::error::{ConnectorError, ErrorMetadata};
    use aws_sdk_cloudformation::operation::describe_stacks::DescribeStacksError;
    use aws_smithy_runtime_api::http::{Response, StatusCode};
    use aws_smithy_types::body::SdkBody;

    fn service_error(code: &str, message: &str) -> SdkError<DescribeStacksError, Response> {
        let meta = ErrorMetadata::builder().code(code).message(message).build();
        let response = Response::new(StatusCode::try_from(403).unwrap(), SdkBody::empty());
        SdkError::service_error(DescribeStacksError::generic(meta), response)
    }

    #[test]
    fn access_denied_names_the_action_and_resource_aws_gave() {
        let e = service_error(
            "AccessDenied",
            "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudformation:DescribeStacks on resource: arn:aws:cloudformation:us-east-1:123456789012:stack/app-jobs/* because no identity-based policy allows the cloudformation:DescribeStacks action",
        );
        let err = request_error("DescribeStacks", "stack `app-jobs`", &e);
        let Error::AccessDenied { action, resource, .. } = &err else { panic!("{err:?}") };
        assert_eq!(action.as_deref(), Some("cloudformation:DescribeStacks"));
        assert_eq!(
            resource.as_deref(),
            Some("arn:aws:cloudformation:us-east-1:123456789012:stack/app-jobs/*")
        );
        let text = err.to_string();
        assert!(text.starts_with("DescribeStacks for stack `app-jobs` was denied: cloudformation:DescribeStacks on arn:aws:cloudformation:us-east-1:123456789012:stack/app-jobs/* is not allowed\n"), "{text}");
        assert!(text.contains("= help: the credentials in use need a policy that allows cloudformation:DescribeStacks on arn:"), "{text}");
        assert_eq!(err.exit_code(), crate::error::EXIT_FAILED);
        // S3 says less: the operation is still named, and the message passed on
        let bare = request_error("PutObject", "s3://b/k", &service_error("AccessDenied", "Access Denied"));
        assert!(
            bare.to_string().starts_with("PutObject for s3://b/k was denied\n  = AWS: Access Denied\n"),
            "{bare}"
        );
        // other service errors stay requests
        let other = request_error("DescribeStacks", "stack `x`", &service_error("ValidationError", "bad"));
        assert!(matches!(other, Error::Request { .. }));
    }

    #[test]
    fn an_unreachable_endpoint_says_so() {
        let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "connection refused");
        let e: SdkError<DescribeStacksError, Response> =
            SdkError::dispatch_failure(ConnectorError::io(Box::new(refused)));
        let text = request_error("DescribeStacks", "stack `x`", &e).to_string();
        assert!(text.contains("the endpoint cannot be reached: "), "{text}");
        assert!(text.contains("connection refused"), "{text}");
        assert!(text.contains("--endpoint-url, check that a server listens"), "{text}");
        let e: SdkError<DescribeStacksError, Response> =
            SdkError::dispatch_failure(ConnectorError::timeout("connect timed out".into()));
        assert!(request_error("DescribeStacks", "stack `x`", &e).to_string().contains("cannot be reached"));
    }
}

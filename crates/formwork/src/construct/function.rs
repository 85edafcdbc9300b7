//! Lambda functions: code, settings, environment, dead-letter queue, event sources,
//! asynchronous invocation, layers, versions and aliases, URLs and permissions.

use std::path::PathBuf;

use indexmap::IndexMap;

use formwork_rules::runtime::Runtime;

use super::events::EventSource;
use super::invoke::{AsyncInvoke, Destination, FunctionUrl, InvokePermission};
use super::settings::{Architecture, LogFormat, LogLevel, LogRetention, SystemLogLevel, Tracing, Vpc};
use super::{Attribute, Grant, LayerRef, QueueRef, Statement, TopicRef};
use crate::units::{Duration, Megabytes};

/// Where a function's code comes from.
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// stack.add(Function::new("FromS3", Runtime::Python313, "app.handler", Code::s3("my-artifacts", "app.zip")));
/// stack.add(Function::new("Inline", Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass")));
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("S3Bucket: my-artifacts"), "{template}");
/// assert!(template.contains("ZipFile:"), "{template}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    /// A local directory, packaged as a deterministic zip named by its SHA-256. A
    /// relative path is resolved against the app's root (see `App::root`).
    Dir(PathBuf),
    /// Source text of a single-file Python or Node.js handler, written into the template
    /// (`Code.ZipFile`; SAM `InlineCode`), at most 4,096 characters.
    Inline(String),
    /// A zip already in S3 (`Code.S3Bucket`, `S3Key`, `S3ObjectVersion`).
    S3 {
        /// The bucket.
        bucket: String,
        /// The object key.
        key: String,
        /// The object version, for versioned buckets.
        version: Option<String>,
    },
    /// A container image in ECR (`PackageType: Image`, `Code.ImageUri`); such a
    /// function has no runtime, handler or layers.
    Image(String),
    /// A binary crate of the app's Cargo workspace, built for Lambda when assets are
    /// packaged and shipped as the `bootstrap` of a deterministic zip (see
    /// [`crate::rust`]).
    Rust(RustCode),
}

/// A binary crate of the app's Cargo workspace to build for Lambda: [`Code::rust`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RustCode {
    pub(crate) package: String,
    pub(crate) bin: Option<String>,
}

impl RustCode {
    /// The Cargo package (`cargo build -p <package>`).
    pub fn package(&self) -> &str {
        &self.package
    }

    /// The binary target, when the package has several (`--bin <bin>`).
    pub fn bin(&self) -> Option<&str> {
        self.bin.as_deref()
    }
}

impl Code {
    /// Code from a local directory.
    pub fn dir(path: impl Into<PathBuf>) -> Code {
        Code::Dir(path.into())
    }

    /// Inline source of a small Python or Node.js handler; Lambda stores it as
    /// `index.py` or `index.js`, so the handler is `index.<function>`.
    pub fn inline(source: impl Into<String>) -> Code {
        Code::Inline(source.into())
    }

    /// A zip already uploaded to S3.
    pub fn s3(bucket: impl Into<String>, key: impl Into<String>) -> Code {
        Code::S3 { bucket: bucket.into(), key: key.into(), version: None }
    }

    /// A version of a zip in a versioned S3 bucket.
    pub fn s3_version(bucket: impl Into<String>, key: impl Into<String>, version: impl Into<String>) -> Code {
        Code::S3 { bucket: bucket.into(), key: key.into(), version: Some(version.into()) }
    }

    /// A container image, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.4`;
    /// use it with [`Function::from_image`].
    pub fn image(uri: impl Into<String>) -> Code {
        Code::Image(uri.into())
    }

    /// The only binary of a package of the app's Cargo workspace (the workspace that
    /// holds `App::root`), built when assets are packaged with `cargo zigbuild --release`
    /// for the function's architecture against glibc 2.34, stripped, and zipped as an
    /// executable `bootstrap`. Use it with [`Function::rust`], which also sets the
    /// `provided.al2023` runtime and the handler.
    pub fn rust(package: impl Into<String>) -> Code {
        Code::Rust(RustCode { package: package.into(), bin: None })
    }

    /// One binary (`--bin <bin>`) of a package with several; otherwise as [`Code::rust`].
    pub fn rust_bin(package: impl Into<String>, bin: impl Into<String>) -> Code {
        Code::Rust(RustCode { package: package.into(), bin: Some(bin.into()) })
    }
}

/// The value of an environment variable: text, or a value of another construct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvValue {
    /// Literal text.
    Text(String),
    /// A construct's name, ARN or URL, resolved at deploy time.
    Attribute(Attribute),
}

impl From<&str> for EnvValue {
    fn from(s: &str) -> EnvValue {
        EnvValue::Text(s.to_string())
    }
}

impl From<String> for EnvValue {
    fn from(s: String) -> EnvValue {
        EnvValue::Text(s)
    }
}

impl From<Attribute> for EnvValue {
    fn from(a: Attribute) -> EnvValue {
        EnvValue::Attribute(a)
    }
}

/// Where a function's failed asynchronous events go: an SQS queue or an SNS topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeadLetterTarget {
    /// An SQS queue (`sqs:SendMessage` is granted on it).
    Queue(QueueRef),
    /// An SNS topic (`sns:Publish` is granted on it).
    Topic(TopicRef),
}

impl From<&QueueRef> for DeadLetterTarget {
    fn from(q: &QueueRef) -> DeadLetterTarget {
        DeadLetterTarget::Queue(q.clone())
    }
}

impl From<&TopicRef> for DeadLetterTarget {
    fn from(t: &TopicRef) -> DeadLetterTarget {
        DeadLetterTarget::Topic(t.clone())
    }
}

/// A layer a function uses: one of this app, or an existing layer version's ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FunctionLayer {
    /// A layer construct of this app.
    Layer(LayerRef),
    /// An existing layer version, by ARN.
    Arn(String),
}

/// A Lambda function (`AWS::Lambda::Function` with its own role and log group).
///
/// ```
/// use formwork::prelude::*;
///
/// let mut app = App::new("images");
/// let stack = app.stack("images");
/// let failed = stack.add(Queue::new("Failed"));
/// stack.add(
///     Function::new("Resize", Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"))
///         .memory(Megabytes(1_024))
///         .timeout(Duration::secs(30))
///         .architecture(Architecture::Arm64)
///         .dead_letter_queue(&failed),
/// );
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// assert!(out.templates[0].text.contains("MemorySize: 1024"), "{}", out.templates[0].text);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    pub(crate) id: String,
    pub(crate) runtime: Option<Runtime>,
    pub(crate) handler: Option<String>,
    pub(crate) code: Code,
    pub(crate) function_name: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) memory: Megabytes,
    pub(crate) timeout: Duration,
    pub(crate) architecture: Architecture,
    pub(crate) ephemeral_storage: Option<Megabytes>,
    pub(crate) environment: IndexMap<String, EnvValue>,
    pub(crate) reserved_concurrency: Option<u32>,
    pub(crate) dead_letter: Option<DeadLetterTarget>,
    pub(crate) log_retention: LogRetention,
    pub(crate) log_format: LogFormat,
    pub(crate) application_log_level: Option<LogLevel>,
    pub(crate) system_log_level: Option<SystemLogLevel>,
    pub(crate) tracing: Tracing,
    pub(crate) event_sources: Vec<EventSource>,
    pub(crate) invoke: AsyncInvoke,
    pub(crate) layers: Vec<FunctionLayer>,
    pub(crate) alias: Option<String>,
    pub(crate) provisioned_concurrency: Option<u32>,
    pub(crate) snap_start: bool,
    pub(crate) url: Option<FunctionUrl>,
    pub(crate) permissions: Vec<InvokePermission>,
    pub(crate) vpc: Option<Vpc>,
    pub(crate) grants: Vec<Grant>,
    pub(crate) statements: Vec<Statement>,
    /// Overrides of its resources: (derived resource's role, e.g. `Role`, or none for the
    /// function itself; path; value).
    pub(crate) overrides: Vec<(Option<String>, String, formwork_template::Value)>,
}

/// Lambda's default memory size, in MB.
pub const DEFAULT_MEMORY: Megabytes = Megabytes(128);
/// Lambda's default timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::secs(3);
/// The handler [`Function::rust`] sets: the name of the executable in the zip.
pub const RUST_HANDLER: &str = "bootstrap";
/// The alias published when provisioned concurrency is set without [`Function::alias`].
pub const DEFAULT_ALIAS: &str = "live";

impl Function {
    /// A function: its logical id, runtime, handler (`file.function` for most runtimes)
    /// and code.
    pub fn new(id: impl Into<String>, runtime: Runtime, handler: impl Into<String>, code: Code) -> Function {
        Function::with(id.into(), Some(runtime), Some(handler.into()), code)
    }

    /// A function whose code is a Rust binary crate of the app's workspace ([`Code::rust`]
    /// or [`Code::rust_bin`]): runtime `provided.al2023` (`Runtime::ProvidedAl2023`) and
    /// handler `bootstrap`, which the custom runtime ignores but CloudFormation requires.
    pub fn rust(id: impl Into<String>, code: Code) -> Function {
        Function::with(id.into(), Some(Runtime::ProvidedAl2023), Some(RUST_HANDLER.to_string()), code)
    }

    /// A function packaged as a container image (`PackageType: Image`): no runtime,
    /// handler or layers; the image's own entry point runs.
    pub fn from_image(id: impl Into<String>, image_uri: impl Into<String>) -> Function {
        Function::with(id.into(), None, None, Code::Image(image_uri.into()))
    }

    fn with(id: String, runtime: Option<Runtime>, handler: Option<String>, code: Code) -> Function {
        Function {
            id,
            runtime,
            handler,
            code,
            function_name: None,
            description: None,
            memory: DEFAULT_MEMORY,
            timeout: DEFAULT_TIMEOUT,
            architecture: Architecture::default(),
            ephemeral_storage: None,
            environment: IndexMap::new(),
            reserved_concurrency: None,
            dead_letter: None,
            log_retention: LogRetention::default(),
            log_format: LogFormat::default(),
            application_log_level: None,
            system_log_level: None,
            tracing: Tracing::default(),
            event_sources: Vec::new(),
            invoke: AsyncInvoke::default(),
            layers: Vec::new(),
            alias: None,
            provisioned_concurrency: None,
            snap_start: false,
            url: None,
            permissions: Vec::new(),
            vpc: None,
            grants: Vec::new(),
            statements: Vec::new(),
            overrides: Vec::new(),
        }
    }

    /// Overrides one value of the function's `AWS::Lambda::Function` resource, in both
    /// targets: the escape hatch for a property formwork does not set, and the last
    /// resort. `path` is `Properties.X.Y` (list items by index), `Metadata.X`,
    /// `DeletionPolicy` or `UpdateReplacePolicy`; `Value::Null` removes the property.
    /// Checked against the function's CloudFormation schema (FW510) like the rest; an
    /// override whose path cannot be followed is FW525. Default: none.
    ///
    /// ```
    /// use formwork::prelude::*;
    /// use formwork::template::Value;
    ///
    /// let f = Function::new("Worker", Runtime::Python313, "app.handler", Code::dir("src"))
    ///     .override_property("Properties.RuntimeManagementConfig.UpdateRuntimeOn", "FunctionUpdate")
    ///     .override_resource("Role", "Properties.MaxSessionDuration", Value::from(7200));
    /// ```
    #[must_use]
    pub fn override_property(
        mut self,
        path: impl Into<String>,
        value: impl Into<formwork_template::Value>,
    ) -> Function {
        self.overrides.push((None, path.into(), value.into()));
        self
    }

    /// Overrides one value of a resource expansion derives from the function, named by
    /// its role: the logical id is the function's id followed by `role` (`Role` for
    /// `WorkerRole`, `LogGroup`, `Url`, `AliasLive`, or a source's id for its mapping,
    /// as in the template). Otherwise as [`Function::override_property`]. Default: none.
    #[must_use]
    pub fn override_resource(
        mut self,
        role: impl Into<String>,
        path: impl Into<String>,
        value: impl Into<formwork_template::Value>,
    ) -> Function {
        self.overrides.push((Some(role.into()), path.into(), value.into()));
        self
    }

    /// A fixed function name (`FunctionName`), 1 to 64 of `[a-zA-Z0-9_-]`. Default:
    /// generated by CloudFormation.
    #[must_use]
    pub fn function_name(mut self, name: impl Into<String>) -> Function {
        self.function_name = Some(name.into());
        self
    }

    /// `Description`, at most 256 characters. Default: none.
    #[must_use]
    pub fn description(mut self, text: impl Into<String>) -> Function {
        self.description = Some(text.into());
        self
    }

    /// Memory (`MemorySize`), 128 to 10,240 MB. Default: 128 MB.
    #[must_use]
    pub fn memory(mut self, size: Megabytes) -> Function {
        self.memory = size;
        self
    }

    /// Timeout (`Timeout`), 1 to 900 s. Default: 3 s.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Function {
        self.timeout = timeout;
        self
    }

    /// Instruction set (`Architectures`). Default: [`Architecture::X86_64`].
    #[must_use]
    pub fn architecture(mut self, architecture: Architecture) -> Function {
        self.architecture = architecture;
        self
    }

    /// Size of `/tmp` (`EphemeralStorage.Size`), 512 to 10,240 MB. Default: 512 MB.
    #[must_use]
    pub fn ephemeral_storage(mut self, size: Megabytes) -> Function {
        self.ephemeral_storage = Some(size);
        self
    }

    /// Sets an environment variable (`Environment.Variables`); setting a key again
    /// replaces its value. Keys and values together must stay within 4 KB. Default: none.
    #[must_use]
    pub fn env(mut self, key: impl Into<String>, value: impl Into<EnvValue>) -> Function {
        self.environment.insert(key.into(), value.into());
        self
    }

    /// Reserves concurrency for this function and caps it there
    /// (`ReservedConcurrentExecutions`); 0 throttles every invocation. Default: none
    /// (the function shares the account's unreserved pool).
    #[must_use]
    pub fn reserved_concurrency(mut self, n: u32) -> Function {
        self.reserved_concurrency = Some(n);
        self
    }

    /// Where failed asynchronous invocations go (`DeadLetterConfig.TargetArn`): a queue
    /// or a topic handle. Grants exactly `sqs:SendMessage` or `sns:Publish` on it.
    /// Default: none.
    #[must_use]
    pub fn dead_letter_queue(mut self, target: impl Into<DeadLetterTarget>) -> Function {
        self.dead_letter = Some(target.into());
        self
    }

    /// How long its log group keeps events. Default: [`LogRetention::OneMonth`].
    #[must_use]
    pub fn log_retention(mut self, retention: LogRetention) -> Function {
        self.log_retention = retention;
        self
    }

    /// X-Ray tracing (`TracingConfig.Mode`). Default: [`Tracing::PassThrough`].
    #[must_use]
    pub fn tracing(mut self, tracing: Tracing) -> Function {
        self.tracing = tracing;
        self
    }

    /// Adds an event source: [`SqsSource`](super::SqsSource),
    /// [`StreamSource`](super::StreamSource), [`SnsSource`](super::SnsSource),
    /// [`S3Source`](super::S3Source), [`EventRule`](super::EventRule) or
    /// [`ApiRoute`](super::ApiRoute). Each brings the scoped permission it needs: read
    /// actions on the source for pollers, a resource-based permission limited to the
    /// source's ARN for pushers. Default: none.
    #[must_use]
    pub fn event_source(mut self, source: impl Into<EventSource>) -> Function {
        self.event_sources.push(source.into());
        self
    }

    /// How often Lambda retries a failed asynchronous invocation
    /// (`EventInvokeConfig.MaximumRetryAttempts`), 0 to 2. Default: 2.
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let failed = stack.add(Queue::new("Failed"));
    /// stack.add(function("Ingest").retry_attempts(0).on_failure(&failed));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("Type: AWS::Lambda::EventInvokeConfig"), "{template}");
    /// assert!(template.contains("MaximumRetryAttempts: 0"), "{template}");
    /// ```
    #[must_use]
    pub fn retry_attempts(mut self, n: u32) -> Function {
        self.invoke.retry_attempts = Some(n);
        self
    }

    /// How long Lambda keeps an asynchronous event it could not yet process
    /// (`EventInvokeConfig.MaximumEventAgeInSeconds`), 60 s to 6 hours. Default: 6 hours.
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let failed = stack.add(Queue::new("Failed"));
    /// stack.add(function("Ingest").max_event_age(Duration::hours(1)).on_failure(&failed));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("MaximumEventAgeInSeconds: 3600"), "{template}");
    /// ```
    #[must_use]
    pub fn max_event_age(mut self, age: Duration) -> Function {
        self.invoke.max_event_age = Some(age);
        self
    }

    /// Where the record of each successful asynchronous invocation goes
    /// (`DestinationConfig.OnSuccess`): a queue, topic, function or event bus. Grants
    /// exactly the action that target needs on its ARN. Default: none.
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let results = stack.add(Topic::new("Results"));
    /// let failed = stack.add(Queue::new("Failed"));
    /// stack.add(function("Ingest").on_success(&results).on_failure(&failed));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("OnSuccess:"), "{template}");
    /// assert!(template.contains("Destination: !Ref Results"), "{template}");
    /// assert!(template.contains("sns:Publish"), "{template}");
    /// ```
    #[must_use]
    pub fn on_success(mut self, target: impl Into<Destination>) -> Function {
        self.invoke.on_success = Some(target.into());
        self
    }

    /// Where the record of each asynchronous invocation that failed every attempt goes
    /// (`DestinationConfig.OnFailure`): a queue, topic, function, event bus or bucket.
    /// Grants exactly the action that target needs on its ARN. Unlike a dead-letter
    /// queue, the record carries the error as well as the event. Default: none.
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let failed = stack.add(Queue::new("Failed"));
    /// stack.add(function("Ingest").on_failure(&failed));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("OnFailure:"), "{template}");
    /// assert!(template.contains("Destination: !GetAtt Failed.Arn"), "{template}");
    /// assert!(template.contains("sqs:SendMessage"), "{template}");
    /// ```
    #[must_use]
    pub fn on_failure(mut self, target: impl Into<Destination>) -> Function {
        self.invoke.on_failure = Some(target.into());
        self
    }

    /// Uses a layer of this app (`Layers`, at most 5 in all, in order). Default: none.
    #[must_use]
    pub fn layer(mut self, layer: &LayerRef) -> Function {
        self.layers.push(FunctionLayer::Layer(layer.clone()));
        self
    }

    /// Uses an existing layer version by its ARN (`Layers`). Default: none.
    #[must_use]
    pub fn layer_arn(mut self, arn: impl Into<String>) -> Function {
        self.layers.push(FunctionLayer::Arn(arn.into()));
        self
    }

    /// Publishes a version on every deployment and points an alias of this name at it
    /// (`AWS::Lambda::Version`, `AWS::Lambda::Alias`; SAM `AutoPublishAlias`).
    /// Event sources, asynchronous settings and the URL then invoke the alias.
    /// Default: none, unless provisioned concurrency is set (alias `live`).
    #[must_use]
    pub fn alias(mut self, name: impl Into<String>) -> Function {
        self.alias = Some(name.into());
        self
    }

    /// Keeps this many execution environments initialized on the alias
    /// (`ProvisionedConcurrencyConfig`); publishes a version and the alias `live`
    /// unless [`Function::alias`] names another. At most the reserved concurrency, when
    /// that is set. Default: none.
    #[must_use]
    pub fn provisioned_concurrency(mut self, n: u32) -> Function {
        self.provisioned_concurrency = Some(n);
        self
    }

    /// Snapshots the initialized environment of each published version and resumes
    /// from it (`SnapStart.ApplyOn: PublishedVersions`), for Java 11+, Python 3.12+ and
    /// .NET 8+. Only versions benefit: combine with [`Function::alias`]. Default: off.
    #[must_use]
    pub fn snap_start(mut self) -> Function {
        self.snap_start = true;
        self
    }

    /// Gives the function an HTTPS endpoint (`AWS::Lambda::Url`; SAM
    /// `FunctionUrlConfig`): [`FunctionUrl::iam`], or [`FunctionUrl::public`] with a
    /// reason. Default: none.
    #[must_use]
    pub fn url(mut self, url: FunctionUrl) -> Function {
        self.url = Some(url);
        self
    }

    /// Adds a statement to the function's resource-based policy
    /// (`AWS::Lambda::Permission`), for invokers that are not event sources of this
    /// app. Default: none.
    #[must_use]
    pub fn allow_invoke(mut self, permission: InvokePermission) -> Function {
        self.permissions.push(permission);
        self
    }

    /// Runs the function in a VPC (`VpcConfig`), adding the network interface
    /// permissions it needs. Default: outside any VPC.
    #[must_use]
    pub fn vpc(mut self, vpc: Vpc) -> Function {
        self.vpc = Some(vpc);
        self
    }

    /// The log format (`LoggingConfig.LogFormat`). Default: [`LogFormat::Text`].
    #[must_use]
    pub fn log_format(mut self, format: LogFormat) -> Function {
        self.log_format = format;
        self
    }

    /// The least severe application log level kept
    /// (`LoggingConfig.ApplicationLogLevel`); needs [`LogFormat::Json`]. Default: `INFO`
    /// (set by Lambda; not written).
    #[must_use]
    pub fn application_log_level(mut self, level: LogLevel) -> Function {
        self.application_log_level = Some(level);
        self
    }

    /// The least severe platform log level kept (`LoggingConfig.SystemLogLevel`);
    /// needs [`LogFormat::Json`]. Default: `INFO` (set by Lambda; not written).
    #[must_use]
    pub fn system_log_level(mut self, level: SystemLogLevel) -> Function {
        self.system_log_level = Some(level);
        self
    }

    /// Grants a permission on another construct (`table.read_data()`, `queue.send()`,
    /// `topic.publish()`). The same grant twice adds nothing.
    #[must_use]
    pub fn grant(mut self, grant: Grant) -> Function {
        if !self.grants.contains(&grant) {
            self.grants.push(grant);
        }
        self
    }

    /// Adds a hand-made statement to this function's own role, for a permission no
    /// grant covers (`Statement::allow([Ssm::GetParameter], [Arn::new("ssm",
    /// "parameter/app/*")])`). It is checked like the statements formwork writes
    /// (FW401–FW408, located at `statement N` of this function) and `policy` lists it as
    /// `statement N of function <id>`. Default: none.
    #[must_use]
    pub fn statement(mut self, statement: Statement) -> Function {
        self.statements.push(statement);
        self
    }
}

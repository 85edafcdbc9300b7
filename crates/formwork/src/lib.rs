//! formwork: typed AWS Lambda applications, synthesized into validated, least-privilege
//! AWS SAM or CloudFormation templates, byte-for-byte deterministic.
//!
//! The pipeline: builders record a model ([`App`], [`Stack`], constructs), each code
//! folder is packaged ([`expand::package_assets`]), [`expand()`] turns the model into the
//! complete CloudFormation graph (a pure function: it reads no files), [`validate()`] runs
//! every coded rule over that graph in one pass, and [`App::synthesize`], which runs them
//! all, renders the target (plain CloudFormation, or SAM) as YAML or JSON.
//!
//! This crate is the one users depend on, and the facade of the others: the rules are
//! formwork-rules (here as `formwork::validate`, with [`Finding`], [`Report`],
//! [`RuleCode`] and [`Severity`] at the root, and [`report`], [`runtime`], [`suppress`]),
//! the template document formwork-template ([`template`]), the IAM policy language
//! formwork-iam ([`iam`]).
//!
//! ```
//! use formwork::prelude::*;
//!
//! let mut app = App::new("orders").root(env!("CARGO_MANIFEST_DIR"));
//! let stack = app.stack("orders");
//! let table = stack.add(Table::new("Orders", Key::new("id", AttributeType::String)));
//! let jobs = stack.add(Queue::new("OrderJobs").visibility_timeout(Duration::secs(60)));
//! stack.add(
//!     Function::new("ProcessOrder", Runtime::Python312, "app.handler", Code::dir("src"))
//!         .memory(Megabytes(512))
//!         .timeout(Duration::secs(10))
//!         .env("TABLE_NAME", table.name())
//!         .event_source(SqsSource::new(&jobs).batch_size(10))
//!         .grant(table.read_data()),
//! );
//! let today = Date::parse("2026-11-29").unwrap();
//! let out = app.synthesize(&SynthOptions::new(today).target(Target::Sam).format(Format::Yaml));
//! assert!(!out.report.has_errors(), "{}", out.report);
//! assert!(out.templates[0].text.contains("Type: AWS::Serverless::Function"));
//! ```

mod app;
mod assets;
pub mod build;
#[cfg(feature = "cli")]
pub mod cli;
pub mod construct;
pub mod expand;
mod handler_config;
pub mod policy;
pub mod rust;
mod sam;
mod synth;
mod units;
pub mod write;

pub use app::{App, CodeOutsideRoot, Links};
/// The `cost`, `graph` and `diff` commands (formwork-insight) on the command line.
#[cfg(feature = "insight")]
pub use cli::insight;
pub use construct::{Construct, Stack};
pub use expand::expand;
/// The coded rules (formwork-rules): [`validate()`], the rule catalog, findings and
/// reports, over plain CloudFormation templates, whoever wrote them.
pub use formwork_rules as validate;
pub use formwork_rules::{report, runtime, suppress};
pub use formwork_rules::{
    validate, Date, Finding, Report, RuleCode, Severity, SourceLocations, DEFAULT_ACCOUNT_CONCURRENCY,
};
/// The IAM policy language, the action catalog and typed actions (formwork-iam), with
/// the hand-made [`Statement`](iam::Statement) a function's role takes and the
/// [`Arn`](iam::Arn) and [`PolicyResource`](iam::PolicyResource) it names resources by.
/// (formwork-iam's own statement type, for whole policy documents, is
/// [`PolicyStatement`](iam::PolicyStatement) here.)
pub mod iam {
    pub use crate::construct::{Arn, PolicyResource, Statement};
    pub use formwork_iam::Statement as PolicyStatement;
    pub use formwork_iam::*;
    pub use formwork_template::Value;
}
pub use formwork_rules::Runtime;
/// The template document (formwork-template): `Value` for raw resources
/// ([`Stack::resource`]) and property overrides ([`Stack::override_property`]).
pub use formwork_template as template;
pub use sam::{to_sam, SAM_TRANSFORM};
pub use synth::{
    is_valid_stack_name, render, Format, RenderedTemplate, SynthOptions, Synthesis, Target,
    MAX_INLINE_TEMPLATE_BYTES, MAX_TEMPLATE_BYTES, STACK_NAME_MAX,
};
pub use units::{Duration, Megabytes};
pub use write::{write_atomic, ASSET_DIR};

/// Everything an app's `main` needs, in one import.
pub mod prelude {
    pub use crate::construct::{
        ApiRoute, Architecture, AttributeType, Bucket, BucketEncryption, Code, Destination, EventRule,
        Function, FunctionUrl, HttpApi, InvokeMode, InvokePermission, Key, Layer, LogFormat, LogLevel,
        LogRetention, Method, Queue, QueueEncryption, RawResource, RemovalPolicy, RestApi, S3Source,
        Schedule, SnsSource, SqsSource, StartingPosition, Stream, StreamMode, StreamSource, StreamView,
        SystemLogLevel, Table, Topic, Tracing, Vpc,
    };
    pub use crate::construct::{Arn, KmsKey, Parameter, PolicyResource, Secret, Statement};
    pub use crate::iam::{Action, Value};
    pub use crate::{App, Date, Duration, Format, Megabytes, Runtime, SynthOptions, Target};
    pub use formwork_rules::suppress::Suppression;
}

/// The README's Rust code, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;

//! Function settings that are plain values: instruction set, tracing, logging and VPC
//! placement.

use super::invoke::Text;

/// The instruction set a function runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Architecture {
    /// `x86_64`, the default.
    #[default]
    X86_64,
    /// `arm64` (Graviton): about 20% cheaper per GB-second.
    Arm64,
}

impl Architecture {
    /// The name Lambda uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }
}

/// AWS X-Ray tracing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tracing {
    /// Trace requests that arrive sampled (`PassThrough`), the default. Not written.
    #[default]
    PassThrough,
    /// Sample and trace requests (`Active`). Adds `xray:PutTraceSegments` and
    /// `xray:PutTelemetryRecords`, which cannot be scoped to a resource.
    Active,
}

/// How long a function's log events are kept (`RetentionInDays` of its log group).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum LogRetention {
    /// 1 day
    OneDay,
    /// 1 week
    OneWeek,
    /// 2 weeks
    TwoWeeks,
    /// 30 days, the default.
    #[default]
    OneMonth,
    /// 90 days
    ThreeMonths,
    /// 6 months (180 days)
    SixMonths,
    /// 1 year (365 days)
    OneYear,
    /// 2 years (731 days)
    TwoYears,
    /// 5 years (1,827 days)
    FiveYears,
    /// 10 years (3,653 days)
    TenYears,
    /// Never expire (no `RetentionInDays`).
    Forever,
}

impl LogRetention {
    /// The number of days, `None` for [`LogRetention::Forever`].
    pub fn days(self) -> Option<u32> {
        Some(match self {
            LogRetention::OneDay => 1,
            LogRetention::OneWeek => 7,
            LogRetention::TwoWeeks => 14,
            LogRetention::OneMonth => 30,
            LogRetention::ThreeMonths => 90,
            LogRetention::SixMonths => 180,
            LogRetention::OneYear => 365,
            LogRetention::TwoYears => 731,
            LogRetention::FiveYears => 1827,
            LogRetention::TenYears => 3653,
            LogRetention::Forever => return None,
        })
    }
}

/// The format of a function's logs (`LoggingConfig.LogFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Plain text lines, the default. Not written.
    #[default]
    Text,
    /// Structured JSON, which allows log levels (`JSON`).
    Json,
}

/// The least severe application log level kept (`LoggingConfig.ApplicationLogLevel`);
/// JSON logs only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    /// `TRACE`
    Trace,
    /// `DEBUG`
    Debug,
    /// `INFO`
    Info,
    /// `WARN`
    Warn,
    /// `ERROR`
    Error,
    /// `FATAL`
    Fatal,
}

impl LogLevel {
    /// The name Lambda uses.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Trace => "TRACE",
            LogLevel::Debug => "DEBUG",
            LogLevel::Info => "INFO",
            LogLevel::Warn => "WARN",
            LogLevel::Error => "ERROR",
            LogLevel::Fatal => "FATAL",
        }
    }
}

/// The least severe Lambda platform log level kept (`LoggingConfig.SystemLogLevel`);
/// JSON logs only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemLogLevel {
    /// `DEBUG`
    Debug,
    /// `INFO`
    Info,
    /// `WARN`
    Warn,
}

impl SystemLogLevel {
    /// The name Lambda uses.
    pub fn as_str(self) -> &'static str {
        match self {
            SystemLogLevel::Debug => "DEBUG",
            SystemLogLevel::Info => "INFO",
            SystemLogLevel::Warn => "WARN",
        }
    }
}

/// Where in a VPC a function runs (`VpcConfig`). Lambda creates network interfaces in
/// the subnets, which the role must allow: `ec2:CreateNetworkInterface`,
/// `DeleteNetworkInterface`, `AssignPrivateIpAddresses` and `UnassignPrivateIpAddresses`
/// scoped to the account's network interfaces (and those subnets and security groups),
/// plus `ec2:DescribeNetworkInterfaces` and `DescribeSubnets`, which accept no ARN.
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let vpc = Vpc::new(["subnet-0a1b2c3d"], ["sg-0a1b2c3d"]);
/// stack.add(function("Private").vpc(vpc));
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("VpcConfig:"), "{template}");
/// assert!(template.contains("subnet-0a1b2c3d"), "{template}");
/// assert!(template.contains("ec2:CreateNetworkInterface"), "{template}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vpc {
    pub(crate) subnets: Vec<Text>,
    pub(crate) security_groups: Vec<Text>,
}

impl Vpc {
    /// Runs in these subnets with these security groups (ids such as `subnet-0abc`
    /// and `sg-0abc`); give at least two subnets in different zones for availability.
    pub fn new<S: Into<Text>, G: Into<Text>>(
        subnets: impl IntoIterator<Item = S>,
        security_groups: impl IntoIterator<Item = G>,
    ) -> Vpc {
        Vpc {
            subnets: subnets.into_iter().map(Into::into).collect(),
            security_groups: security_groups.into_iter().map(Into::into).collect(),
        }
    }
}

//! formwork-rules: formwork's coded rules, in one pass over plain CloudFormation templates,
//! so the same rules run on templates formwork did not write. Every finding is collected;
//! none stops the others.
//!
//! It reads only CloudFormation (formwork-template): the rule [`catalog`], [`Finding`]s and
//! their [`Report`], suppressions recorded in template metadata ([`suppress`]), the Lambda
//! [`Runtime`]s and their lifecycle dates ([`runtime`]), hand-written SAM lowered to the
//! CloudFormation it stands for ([`sam_input`]), and the JSON and SARIF report writers
//! ([`report`]). A [`SourceMap`] from the model that wrote a template, when there is one,
//! makes findings name the constructs the user wrote.

pub mod catalog;
mod code;
mod date;
pub mod features;
mod finding;
pub mod function;
mod iam;
pub mod invoke;
pub mod json;
pub mod push;
pub mod report;
mod roles;
pub mod runtime;
pub mod sam_input;
pub mod secrets;
mod sources;
pub mod sqs;
pub mod streams;
pub mod structure;
pub mod suppress;
mod targets;
pub mod template;

use formwork_template::{Resource, Template, Value};

pub use catalog::{Rule, Severity};
pub use code::{RuleCode, UnknownRule};
pub use date::Date;
pub use finding::{Finding, Region, Report, MAX_FINDINGS};
pub use runtime::Runtime;
pub use sources::{Permission, SourceLocations, SourceMap};

/// AWS's default concurrency limit for an account in a region.
pub const DEFAULT_ACCOUNT_CONCURRENCY: u32 = 1_000;

/// One template to validate, with the source map of the model it came from, if any.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct StackInput<'a> {
    /// The stack's name.
    pub name: &'a str,
    /// Its CloudFormation template (plain, not SAM).
    pub template: &'a Template,
    /// Where its resources came from; `None` for templates formwork did not write.
    pub sources: Option<&'a SourceMap>,
}

/// What rules need besides the templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Settings {
    /// The day runtime lifecycles are judged on.
    pub today: Date,
    /// The account's concurrency limit.
    pub account_concurrency: u32,
}

impl<'a> StackInput<'a> {
    /// A template formwork did not write (no source map): findings name template paths.
    pub fn new(name: &'a str, template: &'a Template) -> StackInput<'a> {
        StackInput { name, template, sources: None }
    }

    /// Where the template's resources came from, so findings name the constructs the
    /// user wrote. Default: none.
    #[must_use]
    pub fn sources(mut self, sources: &'a SourceMap) -> StackInput<'a> {
        self.sources = Some(sources);
        self
    }
}

impl Settings {
    /// Judges runtime lifecycles on `today`, against an account concurrency limit of
    /// [`DEFAULT_ACCOUNT_CONCURRENCY`].
    pub fn new(today: Date) -> Settings {
        Settings { today, account_concurrency: DEFAULT_ACCOUNT_CONCURRENCY }
    }

    /// The account's concurrency limit, which reserved concurrency is checked against.
    /// Default: [`DEFAULT_ACCOUNT_CONCURRENCY`] (1,000).
    #[must_use]
    pub fn account_concurrency(mut self, limit: u32) -> Settings {
        self.account_concurrency = limit;
        self
    }
}

/// Runs every rule over the stacks of one app (deployed to one account and region).
///
/// ```
/// use formwork_rules::{validate, Settings, StackInput};
/// use formwork_rules::Date;
/// use formwork_template::{Resource, Template};
///
/// let mut template = Template::new();
/// template.resources.insert(
///     "Worker".into(),
///     Resource::new("AWS::Lambda::Function")
///         .property("Runtime", "python3.13")
///         .property("Handler", "index.handler")
///         .property("Code", formwork_template::Value::map([("ZipFile", "def handler(e, c): pass".into())]))
///         .property("MemorySize", 20_000),
/// );
/// let settings = Settings::new(Date::parse("2026-11-29").unwrap());
/// let found = validate(&[StackInput::new("hand", &template)], &settings);
/// let memory = found.iter().find(|f| f.code == "FW101").expect("memory above 10,240 MB");
/// assert_eq!((memory.resource.as_deref(), memory.property.as_deref()), (Some("Worker"), Some("MemorySize")));
/// ```
pub fn validate(stacks: &[StackInput<'_>], settings: &Settings) -> Vec<Finding> {
    let mut all = Vec::new();
    for stack in stacks {
        let mut found = Vec::new();
        template::check(stack.template, &mut found);
        structure::check(stack.template, &mut found);
        function::check(stack.template, settings, &mut found);
        secrets::check(stack.template, &mut found);
        sqs::check(stack.template, &mut found);
        iam::check(stack.template, &mut found);
        roles::check(stack.template, &mut found);
        features::check(stack.template, &mut found);
        invoke::check(stack.template, &mut found);
        streams::check(stack.template, &mut found);
        push::check(stack.template, &mut found);
        // A schema violation that a specific rule already explains is said once, by that rule.
        let explained: std::collections::BTreeSet<(Option<String>, Option<String>)> = found
            .iter()
            .filter(|f| f.code != catalog::RESOURCE_SCHEMA.code)
            .map(|f| (f.resource.clone(), top(&f.property)))
            .collect();
        found.retain(|f| {
            f.code != catalog::RESOURCE_SCHEMA.code
                || !explained.contains(&(f.resource.clone(), top(&f.property)))
        });
        suppressions(stack.template, &mut found);
        for f in &mut found {
            f.stack = stack.name.to_string();
            f.path = locate(stack, f);
        }
        all.extend(found);
    }
    let mut totals = function::check_reserved_total(stacks, settings);
    for f in &mut totals {
        f.suppressed = stacks.iter().find_map(|s| {
            crate::suppress::recorded(&s.template.metadata)
                .into_iter()
                .find(|(rule, _)| rule == f.code)
                .map(|(_, r)| r)
        });
    }
    all.extend(totals);
    all
}

/// The top-level property of a property path (`Environment.Variables.X` → `Environment`).
fn top(property: &Option<String>) -> Option<String> {
    property.as_ref().map(|p| p.split('.').next().unwrap_or(p).to_string())
}

/// Marks the findings a suppression in the template's metadata covers (on their
/// resource, or template-wide), and reports suppressions without a reason or without
/// a finding to cover.
fn suppressions(template: &Template, found: &mut Vec<Finding>) {
    let template_wide = crate::suppress::recorded(&template.metadata);
    let mut used: Vec<(Option<String>, String)> = Vec::new();
    for f in found.iter_mut() {
        let own = f
            .resource
            .as_ref()
            .and_then(|r| template.resources.get(r))
            .map(|r| crate::suppress::recorded(&r.metadata))
            .unwrap_or_default();
        if let Some((rule, reason)) = own.iter().find(|(rule, _)| rule == f.code) {
            used.push((f.resource.clone(), rule.clone()));
            f.suppressed = Some(reason.clone());
        } else if let Some((rule, reason)) = template_wide.iter().find(|(rule, _)| rule == f.code) {
            used.push((None, rule.clone()));
            f.suppressed = Some(reason.clone());
        }
    }
    let mut extra = Vec::new();
    let mut reported: Vec<(String, String)> = Vec::new();
    let mut judge = |resource: Option<&str>, rule: &str, reason: &str| {
        let id = resource.unwrap_or("");
        if reason.trim().is_empty() && !reported.contains(&(rule.to_string(), String::new())) {
            reported.push((rule.to_string(), String::new()));
            extra.push(Finding::new(
                &catalog::SUPPRESSION_WITHOUT_REASON,
                id,
                None,
                format!(
                    "the suppression of {rule}{} gives no reason",
                    resource.map(|r| format!(" on `{r}`")).unwrap_or_default()
                ),
                "say why the rule does not apply here".into(),
            ));
        }
        let is_rule = catalog::rule(rule).is_some_and(|r| r.code == rule);
        let covered = used.iter().any(|(r, code)| r.as_deref() == resource && code == rule);
        // A construct's suppression lands on every resource it made; it is used when
        // any of them needed it, so only rules that are unknown or template-wide ones
        // covering nothing are reported, plus construct ones covering nothing at all.
        let covered_anywhere = used.iter().any(|(_, code)| code == rule);
        // One construct's suppression sits on each resource it made: report it once.
        let first = !reported.contains(&(rule.to_string(), reason.to_string()));
        if first && (!is_rule || (!covered && (resource.is_none() || !covered_anywhere))) {
            reported.push((rule.to_string(), reason.to_string()));
            extra.push(Finding::new(
                &catalog::UNUSED_SUPPRESSION,
                id,
                None,
                if is_rule {
                    format!(
                        "the suppression of {rule}{} covers no finding",
                        resource.map(|r| format!(" on `{r}`")).unwrap_or_default()
                    )
                } else {
                    match rule.parse::<RuleCode>() {
                        Err(UnknownRule { suggestion: Some(s), .. }) => {
                            format!("the suppression names `{rule}`, which is not a formwork rule; did you mean `{s}`?")
                        }
                        _ => format!("the suppression names `{rule}`, which is not a formwork rule"),
                    }
                },
                "remove it, or point it at the construct and rule it was meant for".into(),
            ));
        }
    };
    for (rule, reason) in &template_wide {
        judge(None, rule, reason);
    }
    for (id, r) in &template.resources {
        for (rule, reason) in crate::suppress::recorded(&r.metadata) {
            judge(Some(id), &rule, &reason);
        }
    }
    for f in &mut extra {
        if f.resource.as_deref() == Some("") {
            f.resource = None;
        }
    }
    found.extend(extra);
}

/// Validates one template that formwork did not write (plain CloudFormation or SAM):
/// SAM functions are first lowered to the CloudFormation they stand for.
pub fn validate_template(name: &str, template: &Template, settings: &Settings) -> Report {
    // A plain CloudFormation template is checked as it is, not copied.
    let ((lowered, mut findings), origins) = if sam_input::is_sam(template) {
        let ((lowered, findings), origins) = sam_input::lower_with_origins(template);
        ((std::borrow::Cow::Owned(lowered), findings), origins)
    } else {
        ((std::borrow::Cow::Borrowed(template), Vec::new()), Vec::new())
    };
    let input = StackInput { name, template: &lowered, sources: None };
    findings.extend(validate(&[input], settings));
    for f in &mut findings {
        sam_input::relocate(f, &origins, template);
        f.stack = name.to_string();
        f.path = match (&f.resource, &f.property) {
            (Some(r), Some(p)) => format!("stack {name}: Resources/{r}/Properties/{}", p.replace('.', "/")),
            (Some(r), None) => format!("stack {name}: Resources/{r}"),
            _ => format!("stack {name}"),
        };
    }
    Report::new(findings)
}

/// Where the user wrote what a finding is about.
fn locate(stack: &StackInput<'_>, f: &Finding) -> String {
    let Some(id) = &f.resource else {
        return format!("stack {}", stack.name);
    };
    if let Some(prop) = &f.property {
        if let Some(path) = stack.sources.and_then(|s| s.parts.get(&format!("{id}/{prop}"))) {
            return path.clone();
        }
    }
    let construct = stack.sources.and_then(|s| s.constructs.get(id));
    let resource_type = stack.template.resources.get(id).map(|r| r.resource_type.as_str()).unwrap_or("");
    match (construct, &f.property) {
        (Some(path), Some(prop)) => format!("{path} / {}", user_field(resource_type, prop)),
        (Some(path), None) => path.clone(),
        (None, Some(prop)) => {
            format!("stack {}: Resources/{id}/Properties/{}", stack.name, prop.replace('.', "/"))
        }
        (None, None) => format!("stack {}: Resources/{id}", stack.name),
    }
}

/// The builder setter a template property comes from.
fn user_field(resource_type: &str, property: &str) -> String {
    let (top, rest) = property.split_once('.').unwrap_or((property, ""));
    let field = match (resource_type, top) {
        ("AWS::Lambda::Function", "MemorySize") => "memory",
        ("AWS::Lambda::Function", "Timeout") => "timeout",
        ("AWS::Lambda::Function", "EphemeralStorage") => "ephemeral_storage",
        ("AWS::Lambda::Function", "FunctionName") => "function_name",
        ("AWS::Lambda::Function", "Handler") => "handler",
        ("AWS::Lambda::Function", "Runtime") => "runtime",
        ("AWS::Lambda::Function", "Description") => "description",
        ("AWS::Lambda::Function", "DeadLetterConfig") => "dead_letter_queue",
        ("AWS::Lambda::Function", "ReservedConcurrentExecutions") => "reserved_concurrency",
        ("AWS::Lambda::Function", "Code") => "code",
        ("AWS::Lambda::Function", "Layers") => "layers",
        ("AWS::Lambda::Function", "PackageType") => "code",
        ("AWS::Lambda::Function", "SnapStart") => "snap_start",
        ("AWS::Lambda::Function", "LoggingConfig") => "logging",
        ("AWS::Lambda::Function", "VpcConfig") => "vpc",
        ("AWS::Lambda::Function", "Architectures") => "architecture",
        ("AWS::Lambda::EventInvokeConfig", "MaximumRetryAttempts") => "retry_attempts",
        ("AWS::Lambda::EventInvokeConfig", "MaximumEventAgeInSeconds") => "max_event_age",
        ("AWS::Lambda::EventInvokeConfig", "DestinationConfig") => match rest {
            "OnSuccess" => "on_success",
            _ => "on_failure",
        },
        ("AWS::Lambda::EventSourceMapping", "DestinationConfig") => "on_failure",
        ("AWS::Lambda::EventSourceMapping", "StartingPosition") => "starting_position",
        ("AWS::Lambda::EventSourceMapping", "MaximumRecordAgeInSeconds") => "maximum_record_age",
        ("AWS::Lambda::EventSourceMapping", "MaximumRetryAttempts") => "retry_attempts",
        ("AWS::Lambda::EventSourceMapping", "ParallelizationFactor") => "parallelization",
        ("AWS::Lambda::EventSourceMapping", "TumblingWindowInSeconds") => "tumbling_window",
        ("AWS::Lambda::EventSourceMapping", "FilterCriteria") => "filter",
        ("AWS::Lambda::EventSourceMapping", "EventSourceArn") => "source",
        ("AWS::Lambda::Alias" | "AWS::Lambda::Version", "ProvisionedConcurrencyConfig") => {
            "provisioned_concurrency"
        }
        ("AWS::Lambda::Url", _) => "auth",
        ("AWS::Lambda::Permission", _) => "source_arn",
        ("AWS::Events::Rule", "ScheduleExpression") => "schedule",
        ("AWS::Events::Rule", "EventPattern") => "pattern",
        ("AWS::Events::Rule", "Targets") => "input",
        ("AWS::SNS::Subscription", "FilterPolicy") => "filter_policy",
        ("AWS::S3::Bucket", "NotificationConfiguration") => "notifications",
        ("AWS::Lambda::Function", "Environment") => {
            return match rest.strip_prefix("Variables.") {
                Some(key) => format!("env {key}"),
                None => "env".into(),
            }
        }
        ("AWS::Lambda::EventSourceMapping", "BatchSize") => "batch_size",
        ("AWS::Lambda::EventSourceMapping", "MaximumBatchingWindowInSeconds") => "batching_window",
        ("AWS::Lambda::EventSourceMapping", "ScalingConfig") => "maximum_concurrency",
        ("AWS::SQS::Queue", "VisibilityTimeout") => "visibility_timeout",
        ("AWS::SQS::Queue", "MessageRetentionPeriod") => "retention",
        ("AWS::SQS::Queue", "DelaySeconds") => "delay",
        ("AWS::SQS::Queue", "RedrivePolicy") => "dead_letter_queue",
        ("AWS::IAM::Role", _) => "permissions",
        _ => return property.to_string(),
    };
    field.to_string()
}

/// The resource a `Ref X` or `Fn::GetAtt X.*` names, with its id.
pub fn referenced<'t>(template: &'t Template, value: &Value) -> Option<(&'t str, &'t Resource)> {
    use formwork_template::Intrinsic;
    let id = match value.as_intrinsic()? {
        Intrinsic::Ref(id) => id,
        Intrinsic::GetAtt { resource, .. } => resource,
        _ => return None,
    };
    template.resources.get_key_value(id).map(|(k, r)| (k.as_str(), r))
}

/// A literal whole-number property.
pub(crate) fn int_prop(r: &Resource, name: &str) -> Option<i64> {
    r.properties.get(name).and_then(Value::as_i64)
}

/// The README's example, run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

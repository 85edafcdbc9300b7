//! Validation: one pass of coded rules over expanded CloudFormation templates, so the
//! same rules run on templates formwork did not write. Every finding is collected; none
//! stops the others.

pub mod catalog;
mod finding;
pub mod function;
mod iam;
mod roles;
pub mod sam_input;
pub mod sqs;
pub mod template;

use formwork_template::{Resource, Template, Value};

pub use catalog::Rule;
pub use finding::{Finding, Report, Severity};

use crate::date::Date;
use crate::expand::SourceMap;

/// One template to validate, with the source map of the model it came from, if any.
#[derive(Debug, Clone, Copy)]
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
pub struct Settings {
    /// The day runtime lifecycles are judged on.
    pub today: Date,
    /// The account's concurrency limit.
    pub account_concurrency: u32,
}

/// Runs every rule over the stacks of one app (deployed to one account and region).
pub fn validate(stacks: &[StackInput<'_>], settings: &Settings) -> Vec<Finding> {
    let mut all = Vec::new();
    for stack in stacks {
        let mut found = Vec::new();
        template::check(stack.template, &mut found);
        function::check(stack.template, settings, &mut found);
        sqs::check(stack.template, &mut found);
        iam::check(stack.template, &mut found);
        roles::check(stack.template, &mut found);
        for f in &mut found {
            f.stack = stack.name.to_string();
            f.path = locate(stack, f);
        }
        all.extend(found);
    }
    all.extend(function::check_reserved_total(stacks, settings));
    all
}

/// Validates one template that formwork did not write (plain CloudFormation or SAM):
/// SAM functions are first lowered to the CloudFormation they stand for.
pub fn validate_template(name: &str, template: &Template, settings: &Settings) -> Report {
    let ((lowered, mut findings), origins) = if sam_input::is_sam(template) {
        sam_input::lower_with_origins(template)
    } else {
        ((template.clone(), Vec::new()), Vec::new())
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
pub(crate) fn referenced<'t>(template: &'t Template, value: &Value) -> Option<(&'t str, &'t Resource)> {
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

//! Rules on `AWS::Lambda::Function`: sizes, names, environment, runtime lifecycle,
//! dead-letter target, reserved concurrency.

use formwork_template::{Intrinsic, Template, Value};

use super::catalog;
use super::finding::Finding;
use super::{int_prop, referenced, Settings, StackInput};
use crate::runtime::{Lifecycle, LifecycleStage};

/// Memory: 128–10,240 MB (docs/facts.md; up to 32,768 only with capacity providers).
pub const MEMORY_MB: (i64, i64) = (128, 10_240);
/// Timeout: 1–900 s.
pub const TIMEOUT_SECS: (i64, i64) = (1, 900);
/// Ephemeral storage: 512–10,240 MB.
pub const EPHEMERAL_MB: (i64, i64) = (512, 10_240);
/// Environment variables: keys and values together at most 4 KB.
pub const ENV_TOTAL_BYTES: usize = 4_096;
/// Function names: at most 64 characters.
pub const FUNCTION_NAME_MAX: usize = 64;
/// Handlers: at most 128 characters.
pub const HANDLER_MAX: usize = 128;
/// Descriptions: at most 256 characters.
pub const DESCRIPTION_MAX: usize = 256;
/// Inline code (`Code.ZipFile`): at most 4,096 characters.
pub const INLINE_CODE_MAX: usize = 4_096;
/// Concurrency the account must keep unreserved.
pub const UNRESERVED_MINIMUM: u32 = 100;

/// Environment variable names Lambda sets itself and refuses (docs/facts.md, 18 keys).
pub const RESERVED_ENV_KEYS: [&str; 18] = [
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API",
    "LAMBDA_TASK_ROOT",
    "LAMBDA_RUNTIME_DIR",
];

/// A numeric property with the range Lambda accepts.
struct Limit {
    rule: catalog::Rule,
    property: &'static str,
    bounds: (i64, i64),
    what: &'static str,
    unit: &'static str,
}

const LIMITS: [Limit; 3] = [
    Limit {
        rule: catalog::MEMORY_RANGE,
        property: "MemorySize",
        bounds: MEMORY_MB,
        what: "memory",
        unit: "MB",
    },
    Limit {
        rule: catalog::TIMEOUT_RANGE,
        property: "Timeout",
        bounds: TIMEOUT_SECS,
        what: "timeout",
        unit: "s",
    },
    Limit {
        rule: catalog::EPHEMERAL_STORAGE_RANGE,
        property: "EphemeralStorage",
        bounds: EPHEMERAL_MB,
        what: "ephemeral storage",
        unit: "MB",
    },
];

fn range(out: &mut Vec<Finding>, id: &str, limit: &Limit, value: Option<&Value>) {
    let Limit { rule, property, bounds: (lo, hi), what, unit } = limit;
    let Some(value) = value else { return };
    if let Some(number) = value.as_i64().filter(|v| v < lo || v > hi) {
        // As written: `1e5` or a number beyond 64 bits reads as the template has it.
        let v = match value {
            Value::String(s) => s.trim().to_string(),
            other => other.as_i64().unwrap_or_default().to_string(),
        };
        out.push(Finding::new(
            rule,
            id,
            Some(property),
            format!("{what} of `{id}` is {v} {unit}; Lambda accepts {lo} to {hi} {unit}"),
            // The nearest allowed value, so the help names one value that passes.
            format!("set {what} to {} {unit} (Lambda accepts {lo} to {hi} {unit})", number.clamp(*lo, *hi)),
        ));
    }
}

pub(super) fn check(template: &Template, settings: &Settings, out: &mut Vec<Finding>) {
    for (id, r) in &template.resources {
        if r.resource_type != "AWS::Lambda::Function" {
            continue;
        }
        let id = id.as_str();
        for limit in &LIMITS {
            let value = match limit.property {
                "EphemeralStorage" => r.properties.get("EphemeralStorage").and_then(|v| v.get("Size")),
                name => r.properties.get(name),
            };
            range(out, id, limit, value);
        }
        environment(id, r.properties.get("Environment"), out);
        if let Some(name) = r.properties.get("FunctionName").and_then(Value::as_str) {
            let ok = !name.is_empty()
                && name.len() <= FUNCTION_NAME_MAX
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !ok {
                out.push(Finding::new(
                    &catalog::FUNCTION_NAME,
                    id,
                    Some("FunctionName"),
                    format!("function name `{name}` is not 1 to {FUNCTION_NAME_MAX} characters of letters, digits, `-` and `_`"),
                    "shorten the name or remove other characters; or leave it unset and let CloudFormation name the function".into(),
                ));
            }
        }
        if let Some(handler) = r.properties.get("Handler").and_then(Value::as_str) {
            if handler.is_empty() || handler.len() > HANDLER_MAX || handler.chars().any(char::is_whitespace) {
                out.push(Finding::new(
                    &catalog::HANDLER_FORMAT,
                    id,
                    Some("Handler"),
                    format!("handler `{handler}` must be 1 to {HANDLER_MAX} characters without whitespace"),
                    "name the handler as the runtime expects, e.g. `app.handler` (file app.py or app.js, function handler)".into(),
                ));
            }
        }
        if let Some(d) = r.properties.get("Description").and_then(Value::as_str) {
            if d.chars().count() > DESCRIPTION_MAX {
                out.push(Finding::new(
                    &catalog::DESCRIPTION_LENGTH,
                    id,
                    Some("Description"),
                    format!(
                        "description of `{id}` has {} characters; at most {DESCRIPTION_MAX} are allowed",
                        d.chars().count()
                    ),
                    "shorten the description".into(),
                ));
            }
        }
        if let Some(runtime) = r.properties.get("Runtime").and_then(Value::as_str) {
            lifecycle(id, runtime, settings, out);
        }
        if let Some(source) = r.properties.get("Code").and_then(|c| c.get("ZipFile")).and_then(Value::as_str)
        {
            let runtime = r.properties.get("Runtime").and_then(Value::as_str).unwrap_or("");
            let len = source.chars().count();
            let problem = if len > INLINE_CODE_MAX {
                Some(format!(
                    "inline code of `{id}` has {len} characters; at most {INLINE_CODE_MAX} are allowed"
                ))
            } else if !(runtime.starts_with("python") || runtime.starts_with("nodejs")) {
                Some(format!("inline code of `{id}` needs a Python or Node.js runtime, not `{runtime}`"))
            } else {
                None
            };
            if let Some(message) = problem {
                out.push(Finding::new(
                    &catalog::INLINE_CODE,
                    id,
                    Some("Code"),
                    message,
                    "package the code from a directory with Code::dir".into(),
                ));
            }
        }
        if let Some(target) = r.properties.get("DeadLetterConfig").and_then(|v| v.get("TargetArn")) {
            dead_letter(template, id, target, out);
        }
    }
}

fn environment(id: &str, env: Option<&Value>, out: &mut Vec<Finding>) {
    let Some(vars) = env.and_then(|e| e.get("Variables")).and_then(Value::as_map) else {
        return;
    };
    let mut total = 0;
    for (key, value) in vars {
        let prop = format!("Environment.Variables.{key}");
        let mut chars = key.chars();
        let pattern_ok = key.len() >= 2
            && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !pattern_ok {
            out.push(Finding::new(
                &catalog::ENV_KEY_PATTERN,
                id,
                Some(&prop),
                format!("environment variable name `{key}` does not match [a-zA-Z][a-zA-Z0-9_]+"),
                "start with a letter, use only letters, digits and `_`, at least 2 characters".into(),
            ));
        }
        if RESERVED_ENV_KEYS.contains(&key.as_str()) {
            out.push(Finding::new(
                &catalog::ENV_KEY_RESERVED,
                id,
                Some(&prop),
                format!("environment variable `{key}` is reserved by Lambda"),
                "choose another name; Lambda sets this variable itself".into(),
            ));
        }
        total += key.len() + value.as_str().map_or(0, str::len);
    }
    if total > ENV_TOTAL_BYTES {
        out.push(Finding::new(
            &catalog::ENV_SIZE,
            id,
            Some("Environment"),
            format!("environment variables of `{id}` take {total} bytes (names and literal values); Lambda allows {ENV_TOTAL_BYTES}"),
            "move large values to SSM Parameter Store or a file in the code".into(),
        ));
    }
}

fn lifecycle(id: &str, runtime: &str, settings: &Settings, out: &mut Vec<Finding>) {
    let Some(life) = Lifecycle::of(runtime) else {
        if crate::runtime::is_known(runtime) {
            return; // accepted, with no lifecycle published yet
        }
        out.push(Finding::new(
            &catalog::RUNTIME_UNKNOWN,
            id,
            Some("Runtime"),
            format!("`{runtime}` is not a Lambda runtime"),
            "use a current runtime identifier such as python3.13 or nodejs24.x".into(),
        ));
        return;
    };
    let successor = life.successor.map_or_else(|| "a supported runtime".to_string(), |s| format!("`{s}`"));
    let (rule, message) = match life.stage(settings.today) {
        LifecycleStage::Supported => return,
        LifecycleStage::Deprecated(d) => (
            &catalog::RUNTIME_DEPRECATED,
            format!(
                "runtime `{runtime}` is deprecated since {d}{}",
                life.creation_blocked
                    .map(|b| format!("; creating functions with it is blocked from {b}"))
                    .unwrap_or_default()
            ),
        ),
        LifecycleStage::CreationBlocked(d) => (
            &catalog::RUNTIME_BLOCKED,
            format!("runtime `{runtime}` cannot be used to create functions since {d}"),
        ),
        LifecycleStage::UpdateBlocked(d) => (
            &catalog::RUNTIME_BLOCKED,
            format!("runtime `{runtime}` cannot be used to create or update functions since {d}"),
        ),
    };
    out.push(Finding::new(rule, id, Some("Runtime"), message, format!("move to {successor}")));
}

/// The DLQ must be the ARN of an SQS queue or SNS topic: `!GetAtt Queue.Arn`, `!Ref Topic`
/// or a literal ARN. `!Ref Queue` is the queue's URL and fails at deploy time.
fn dead_letter(template: &Template, id: &str, target: &Value, out: &mut Vec<Finding>) {
    let problem = match (target.as_intrinsic(), referenced(template, target)) {
        (Some(Intrinsic::Ref(_)), Some((tid, r))) if r.resource_type == "AWS::SQS::Queue" => {
            Some(format!("`!Ref {tid}` is the queue's URL, not its ARN"))
        }
        (Some(Intrinsic::Ref(_)), Some((_, r))) if r.resource_type == "AWS::SNS::Topic" => None,
        (Some(Intrinsic::GetAtt { attribute, .. }), Some((tid, r))) => {
            match (r.resource_type.as_str(), attribute.as_str()) {
                ("AWS::SQS::Queue", "Arn") | ("AWS::SNS::Topic", "TopicArn") => None,
                (t, a) => Some(format!("`{tid}.{a}` of a {t} is not an SQS queue or SNS topic ARN")),
            }
        }
        (Some(_), Some((tid, r))) => {
            Some(format!("`{tid}` is a {}, not an SQS queue or SNS topic", r.resource_type))
        }
        (None, _) => match target.as_str() {
            Some(s) if is_queue_or_topic_arn(s) => None,
            Some(s) => Some(format!("`{s}` is not an SQS queue or SNS topic ARN")),
            None => Some("the target is not an ARN".to_string()),
        },
        // Parameters, imports and other expressions cannot be judged here.
        (Some(_), None) => None,
    };
    if let Some(why) = problem {
        out.push(Finding::new(
            &catalog::DLQ_TARGET,
            id,
            Some("DeadLetterConfig"),
            format!("dead-letter target of `{id}` is wrong: {why}"),
            "use the queue's ARN (`!GetAtt Queue.Arn`) or the topic's ARN (`!Ref Topic`)".into(),
        ));
    }
}

fn is_queue_or_topic_arn(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    parts.len() >= 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && (parts[2] == "sqs" || parts[2] == "sns")
}

/// All reserved concurrency of the app's functions must leave 100 unreserved. The
/// finding is located at the function that reserves the most and names every one.
pub(super) fn check_reserved_total(stacks: &[StackInput<'_>], settings: &Settings) -> Vec<Finding> {
    let mut total: i64 = 0;
    // (stack index, function id, reservation)
    let mut functions: Vec<(usize, &str, i64)> = Vec::new();
    for (index, stack) in stacks.iter().enumerate() {
        for (id, r) in &stack.template.resources {
            if r.resource_type == "AWS::Lambda::Function" {
                if let Some(n) = int_prop(r, "ReservedConcurrentExecutions") {
                    // Saturating: two huge reservations must not wrap into a small total.
                    total = total.saturating_add(n);
                    functions.push((index, id, n));
                }
            }
        }
    }
    let limit = i64::from(settings.account_concurrency.saturating_sub(UNRESERVED_MINIMUM));
    if total <= limit {
        return Vec::new();
    }
    // Text only for the finding, not for every function of every app. Largest first;
    // the sort is stable, so equal reservations keep the app's order.
    functions.sort_by_key(|f| std::cmp::Reverse(f.2));
    let shown = MAX_LISTED.min(functions.len());
    let mut listed: Vec<String> = functions[..shown].iter().map(|(_, id, n)| format!("{id} {n}")).collect();
    if functions.len() > shown {
        listed.push(format!("and {} more", functions.len() - shown));
    }
    let excess = total.saturating_sub(limit);
    let needed = total.saturating_add(i64::from(UNRESERVED_MINIMUM));
    let (stack_index, id, _) = functions[0];
    let stack = &stacks[stack_index];
    let mut f = Finding::new(
        &catalog::RESERVED_CONCURRENCY_TOTAL,
        id,
        Some("ReservedConcurrentExecutions"),
        format!(
            "functions reserve {total} concurrent executions ({}); an account limit of {} allows at most {limit}",
            listed.join(", "),
            settings.account_concurrency
        ),
        format!(
            "lower reserved_concurrency by {excess} in total, or raise the account's limit with AWS to at least {needed} and say so with App::account_concurrency({needed}) or --account-concurrency {needed}"
        ),
    );
    f.stack = stack.name.to_string();
    f.path = super::locate(stack, &f);
    vec![f]
}

/// How many functions FW301's message names before it says "and N more".
const MAX_LISTED: usize = 10;

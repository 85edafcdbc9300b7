//! From the spec as written to a [`formwork::App`]: every name checked against the
//! constructs of its stack (all problems collected), then the app built through the
//! same builder calls a Rust program would make, for the settings the spec sets only.

use std::path::Path;

use formwork::construct::{
    ApiRoute, Attribute, AttributeKind, Bucket, BucketEncryption, Code, ConstructKind, Destination, EnvValue,
    EventRule, EventSource, FailedBatchTarget, Function, FunctionUrl, HttpApi, InvokeMode, InvokePermission,
    Key, KmsKey, Layer, LogFormat, LogLevel, Method, Queue, RestApi, S3Source, Schedule, SnsSource,
    SqsSource, StartingPosition, Stream, StreamMode, StreamSource, SystemLogLevel, Table, Text, Topic, Vpc,
};
use formwork::construct::{Arn, Parameter, PolicyResource, RawResource, Secret, Statement};
use formwork::{App, Megabytes, Stack};
use indexmap::IndexMap;

use crate::error::{ErrorKind, SpecError, SpecErrors};
use crate::locate::locate;
use crate::raw::{
    ArnScopeSpec, ExistingSpec, KmsKeySpec, OneOrMany, ParameterSpec, PolicyResourceSpec, RawResourceSpec,
    SecretSpec, StatementSpec,
};
use crate::raw::{
    BucketEncryptionSpec, BucketSpec, CodeSpec, EventSpec, FunctionSpec, GrantSpec, HttpApiSpec,
    InvokeModeSpec, LayerSpec, LogFormatSpec, LogLevelSpec, MethodSpec, QueueSpec, RestApiSpec, Section,
    Spec, StackSpec, StartingPositionSpec, StreamModeSpec, StreamSpecKinesis, SystemLogLevelSpec, TableSpec,
    TopicSpec, UrlAuthSpec, GRANTS,
};
use crate::suggest::closest;
use crate::values::EnvValueSpec;

/// The ids of one stack's constructs and their kinds, in the order they are added.
type Ids = IndexMap<String, ConstructKind>;

/// The ids of every stack, by stack name.
type AllIds = IndexMap<String, Ids>;

/// The message for a rule code or name that is no formwork rule.
fn not_a_rule(unknown: &formwork::validate::UnknownRule) -> String {
    match unknown.suggestion {
        Some(s) => format!("`{}` is not a formwork rule; did you mean `{s}`?", unknown.given),
        None => format!("`{}` is not a formwork rule; `formwork rules` lists them", unknown.given),
    }
}

/// Checks every reference of `spec`, then builds the app.
pub(crate) fn resolve(spec: Spec, text: &str, file: &Path) -> Result<App, SpecErrors> {
    let mut checker = Checker { text, file, errors: Vec::new() };
    checker.check_suppressions(&spec.suppressions, &[], "");
    for code in spec.severity.0.keys() {
        if let Err(unknown) = code.parse::<formwork::validate::RuleCode>() {
            checker.errors.push(
                SpecError::new(ErrorKind::Reference, file, not_a_rule(&unknown))
                    .at(crate::locate::locate(text, &["severity", code], None))
                    .path(format!("severity.{code}")),
            );
        }
    }
    let mut all = AllIds::new();
    for (name, parts) in &spec.stacks.0 {
        let ids = checker.index(name, &parts.0);
        all.insert(name.clone(), ids);
    }
    for (name, parts) in &spec.stacks.0 {
        for part in &parts.0 {
            checker.check_stack(name, part, &all);
        }
    }
    if !checker.errors.is_empty() {
        return Err(SpecErrors::new(checker.errors));
    }
    let places = crate::places::places(text, file);
    Ok(build(spec, file, &all).located(places))
}

/// Where a name is written: its key path for messages, and what to search for to find
/// its line.
struct Site<'a> {
    path: String,
    keys: Vec<&'a str>,
    /// How many mentions of the same name in earlier items of the same list to skip.
    skip: usize,
}

impl<'a> Site<'a> {
    fn new(stack: &'a str, list: &'a str, id: &'a str) -> Site<'a> {
        Site { path: format!("stacks.{stack}.{list}.{id}"), keys: vec!["stacks", stack, list, id], skip: 0 }
    }

    /// A key below this one, shown in the path as `.key` or, with an index, `.key[i]`.
    fn key(&self, key: &'a str, index: Option<usize>) -> Site<'a> {
        let mut keys = self.keys.clone();
        keys.push(key);
        let shown = match index {
            Some(i) => format!("{}.{key}[{i}]", self.path),
            None => format!("{}.{key}", self.path),
        };
        Site { path: shown, keys, skip: 0 }
    }

    /// A suffix shown in the path but not searched for (it may repeat in the text).
    fn shown(mut self, suffix: &str) -> Site<'a> {
        self.path.push_str(suffix);
        self
    }

    /// Skips `n` earlier mentions of the name when locating it.
    fn skipping(mut self, n: usize) -> Site<'a> {
        self.skip = n;
        self
    }
}

struct Checker<'a> {
    text: &'a str,
    file: &'a Path,
    errors: Vec<SpecError>,
}

/// The constructs of a part of a stack, by section, in the order the sections are written.
fn sections(stack: &StackSpec) -> Vec<(Section, Vec<&str>)> {
    stack.order.iter().map(|section| (*section, stack.ids(*section))).collect()
}

/// Splits a reference into its stack and id: `Jobs` is in `current`, `other/Jobs` in `other`.
fn split_reference<'a>(current: &'a str, reference: &'a str) -> (&'a str, &'a str) {
    match reference.split_once('/') {
        Some((stack, id)) => (stack, id),
        None => (current, reference),
    }
}

impl Checker<'_> {
    fn error(&mut self, kind: ErrorKind, site: &Site<'_>, value: Option<&str>, message: String) {
        let location = locate(self.text, &site.keys, value.map(|v| (v, site.skip)));
        self.errors.push(SpecError::new(kind, self.file, message).path(site.path.clone()).at(location));
    }

    /// The stack's ids in add order; reports an id used twice.
    fn index(&mut self, stack_name: &str, parts: &[StackSpec]) -> Ids {
        let mut ids = Ids::new();
        for part in parts {
            for (section, names) in sections(part) {
                for id in names {
                    match ids.get(id) {
                        Some(first) => {
                            let message = format!(
                                "`{id}` is already the id of a {} in this stack; ids are logical ids and must be unique in a stack",
                                word(*first)
                            );
                            self.error(
                                ErrorKind::DuplicateId,
                                &Site::new(stack_name, section.key(), id),
                                None,
                                message,
                            );
                        }
                        None => {
                            let kind = match section {
                                Section::Existing => {
                                    part.existing.0.get(id).map_or(section.kind(), |e| e.kind.kind())
                                }
                                _ => section.kind(),
                            };
                            ids.insert(id.to_string(), kind);
                        }
                    }
                }
            }
        }
        ids
    }

    fn check_suppressions(
        &mut self,
        suppressions: &[crate::raw::SuppressionSpec],
        keys: &[&str],
        shown: &str,
    ) {
        for (i, s) in suppressions.iter().enumerate() {
            let named = [&s.rule, &s.checkov, &s.cfn_lint].iter().filter(|x| x.is_some()).count();
            let problem = if named != 1 {
                Some("a suppression names exactly one of `rule`, `checkov` or `cfn_lint`".to_string())
            } else if let Some(code) = &s.rule {
                code.parse::<formwork::validate::RuleCode>().err().map(|unknown| not_a_rule(&unknown))
            } else {
                None
            };
            if let Some(message) = problem {
                let mut k = keys.to_vec();
                k.push("suppressions");
                self.errors.push(
                    SpecError::new(ErrorKind::Reference, self.file, message)
                        .at(crate::locate::locate(self.text, &k, None))
                        .path(format!("{shown}suppressions[{i}]")),
                );
            }
        }
    }

    /// A problem with a value that is not a reference, at `site`.
    fn problem(&mut self, site: &Site<'_>, message: String) {
        self.error(ErrorKind::Reference, site, None, message);
    }

    fn check_stack(&mut self, stack_name: &str, stack: &StackSpec, all: &AllIds) {
        use ConstructKind::Queue as Q;
        self.check_suppressions(
            &stack.suppressions,
            &["stacks", stack_name],
            &format!("stacks.{stack_name}."),
        );
        let here = Here { stack: stack_name, all };
        for (id, queue) in &stack.queues.0 {
            if let Some(redrive) = queue.as_ref().and_then(|q| q.dead_letter_queue.as_ref()) {
                let site = Site::new(stack_name, "queues", id).key("dead_letter_queue", None).shown(".queue");
                self.reference(&here, &redrive.queue, &[Q], &site);
            }
        }
        for (id, layer) in &stack.layers.0 {
            if layer.dir.is_some() == layer.s3.is_some() {
                self.problem(
                    &Site::new(stack_name, "layers", id),
                    format!("layer `{id}` needs exactly one of `dir` or `s3`"),
                );
            }
        }
        for (id, secret) in &stack.secrets.0 {
            if let Some(key) = secret.as_ref().and_then(|s| s.kms_key.as_ref()) {
                let site = Site::new(stack_name, "secrets", id).key("kms_key", None);
                self.reference(&here, key, &[ConstructKind::Key], &site);
            }
        }
        for (id, resource) in &stack.resources.0 {
            if let Some(properties) = &resource.properties {
                let site = Site::new(stack_name, "resources", id).key("properties", None);
                for message in crate::template::tag_problems(&properties.0) {
                    self.problem(&site, message);
                }
            }
        }
        for (i, o) in stack.overrides.iter().enumerate() {
            let site = Site {
                path: format!("stacks.{stack_name}.overrides[{i}]"),
                keys: vec!["stacks", stack_name, "overrides"],
                skip: 0,
            };
            for message in crate::template::tag_problems(&o.value.0) {
                self.problem(&site, message);
            }
        }
        for (id, existing) in &stack.existing.0 {
            self.check_existing(id, existing, &here, &Site::new(stack_name, "existing", id));
        }
        for (id, function) in &stack.functions.0 {
            let site = Site::new(stack_name, "functions", id);
            self.check_function(id, function, &here, &site);
        }
    }

    fn check_existing(&mut self, id: &str, existing: &ExistingSpec, here: &Here<'_>, site: &Site<'_>) {
        use ConstructKind::{Key, Layer, Parameter, Secret, Table};
        let kind = existing.kind.kind();
        match (&existing.arn, &existing.name) {
            (Some(_), None) => {}
            (None, Some(name)) => {
                if matches!(kind, Key | Layer) {
                    self.problem(
                        &site.key("name", None),
                        format!("an existing {} is named by its ARN only; write `arn:`", word(kind)),
                    );
                } else {
                    let derived: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
                    if derived != id {
                        self.problem(
                            site,
                            format!(
                                "an existing resource given by name has the name's ASCII letters and digits as its id: `{derived}`, not `{id}` (or give its `arn:` and any id)"
                            ),
                        );
                    }
                }
            }
            _ => self.problem(site, format!("existing `{id}` needs exactly one of `arn` or `name`")),
        }
        if existing.stream_arn.is_some() && kind != Table {
            self.problem(
                &site.key("stream_arn", None),
                "only an existing table has a `stream_arn`".to_string(),
            );
        }
        if let Some(key) = &existing.kms_key {
            if matches!(kind, Secret | Parameter) {
                self.reference(here, key, &[Key], &site.key("kms_key", None));
            } else {
                self.problem(
                    &site.key("kms_key", None),
                    "only an existing secret or parameter names its `kms_key`".to_string(),
                );
            }
        }
    }

    /// Checks a function's hand-made statements: one effect, known actions, and
    /// resources that name constructs of the right kind.
    fn check_statements(&mut self, function: &FunctionSpec, here: &Here<'_>, site: &Site<'_>) {
        for (i, statement) in function.statements.iter().enumerate() {
            let at = site.key("statements", Some(i));
            let actions = match (&statement.allow, &statement.deny) {
                (Some(actions), None) | (None, Some(actions)) => actions,
                _ => {
                    self.problem(&at, "a statement names exactly one of `allow` or `deny`".to_string());
                    continue;
                }
            };
            if actions.is_empty() {
                self.problem(&at, "a statement needs at least one action".to_string());
            }
            for action in actions {
                if let Err(unknown) = formwork::iam::Action::parse(action) {
                    self.error(ErrorKind::Reference, &at, Some(action), unknown.to_string());
                }
            }
            if statement.resources.is_empty() {
                self.problem(&at, "a statement needs at least one resource".to_string());
            }
            for (j, resource) in statement.resources.iter().enumerate() {
                let r = at.key("resources", Some(j));
                match resource {
                    PolicyResourceSpec::ArnOf(target) => self.reference(here, target, &POLICY_KINDS, &r),
                    PolicyResourceSpec::Objects { bucket, .. } => {
                        self.reference(here, bucket, &[ConstructKind::Bucket], &r)
                    }
                    PolicyResourceSpec::Value(v) => {
                        for message in crate::template::tag_problems(&v.0) {
                            self.problem(&r, message);
                        }
                    }
                    PolicyResourceSpec::Literal(_) | PolicyResourceSpec::Arn(_) => {}
                }
            }
        }
    }

    fn check_function(&mut self, id: &str, function: &FunctionSpec, here: &Here<'_>, site: &Site<'_>) {
        use ConstructKind::{
            Bucket as B, Function as F, HttpApi, Layer as L, Queue as Q, RestApi, Stream as S, Table as T,
            Topic as N,
        };
        let image = matches!(function.code, CodeSpec::Image(_));
        if image {
            for (key, given) in [
                ("runtime", function.runtime.is_some()),
                ("handler", function.handler.is_some()),
                ("layers", !function.layers.is_empty()),
            ] {
                if given {
                    self.problem(
                        &site.key(key, None),
                        format!("function `{id}` runs a container image, which has no `{key}`; remove it"),
                    );
                }
            }
        } else if matches!(function.code, CodeSpec::Rust { .. }) {
            for (key, given) in
                [("runtime", function.runtime.is_some()), ("handler", function.handler.is_some())]
            {
                if given {
                    self.problem(
                        &site.key(key, None),
                        format!(
                            "function `{id}` runs Rust code, whose runtime is `provided.al2023` and handler `bootstrap`; remove `{key}`"
                        ),
                    );
                }
            }
        } else {
            for (key, given) in
                [("runtime", function.runtime.is_some()), ("handler", function.handler.is_some())]
            {
                if !given {
                    self.problem(
                        site,
                        format!(
                            "function `{id}` needs `{key}` (only a container image or Rust code has none)"
                        ),
                    );
                }
            }
        }
        let all_kinds = POLICY_KINDS;
        for (key, value) in &function.environment.0 {
            let at = site.key("environment", None).key(key, None);
            self.env_reference(id, value, &all_kinds, here, &at);
        }
        if let Some(vpc) = &function.vpc {
            for value in vpc.subnets.iter().chain(&vpc.security_groups) {
                self.env_reference(id, value, &all_kinds, here, &site.key("vpc", None));
            }
        }
        for (pid, permission) in &function.allow_invoke.0 {
            let at = site.key("allow_invoke", None).key(pid, None);
            let principals = [&permission.service, &permission.account, &permission.arn];
            if principals.iter().filter(|p| p.is_some()).count() != 1 {
                self.problem(
                    &at,
                    format!("permission `{pid}` names exactly one of `service`, `account` or `arn`"),
                );
            }
            for value in [&permission.source_arn, &permission.source_account].into_iter().flatten() {
                self.env_reference(id, value, &all_kinds, here, &at);
            }
            if permission.source_account.is_some() && permission.from_this_account == Some(true) {
                self.problem(
                    &at,
                    format!("permission `{pid}` sets both `source_account` and `from_this_account`"),
                );
            }
        }
        if let Some(url) = &function.url {
            if matches!(url.auth, UrlAuthSpec::Public) != url.reason.is_some() {
                self.problem(
                    &site.key("url", None),
                    "a public URL needs its `reason`, and only a public URL takes one".to_string(),
                );
            }
        }
        if let Some(target) = &function.dead_letter_queue {
            self.reference(here, target, &[Q, N], &site.key("dead_letter_queue", None));
        }
        for (key, target, kinds) in [
            ("on_success", &function.on_success, &[Q, N, F][..]),
            ("on_failure", &function.on_failure, &[Q, N, F, B][..]),
        ] {
            if let Some(target) = target {
                if target != "default_event_bus" && !target.starts_with("arn:") {
                    self.reference(here, target, kinds, &site.key(key, None));
                }
            }
        }
        for (i, layer) in function.layers.iter().enumerate() {
            if !layer.starts_with("arn:") {
                let earlier = function.layers[..i].iter().filter(|l| *l == layer).count();
                self.reference(here, layer, &[L], &site.key("layers", Some(i)).skipping(earlier));
            }
        }
        for (rule, schedule) in &function.schedules.0 {
            if schedule.every.is_some() == schedule.cron.is_some() {
                let at = site.key("schedules", None);
                self.errors.push(
                    SpecError::new(
                        ErrorKind::Reference,
                        self.file,
                        format!("schedule `{rule}` needs exactly one of `every` or `cron`"),
                    )
                    .at(locate(self.text, &at.keys, None))
                    .path(format!("{}.{rule}", at.path)),
                );
            }
        }
        for (i, event) in function.events.iter().enumerate() {
            let sources = event.sources();
            let at = site.key("events", Some(i));
            let [(source, target)] = sources.as_slice() else {
                self.problem(
                    &at,
                    format!(
                        "an event names exactly one source of `{}`; this one names {}",
                        EventSpec::SOURCES.join("`, `"),
                        sources.len()
                    ),
                );
                continue;
            };
            let allowed = EventSpec::allowed(source);
            for setting in event.settings() {
                if !allowed.contains(&setting) {
                    self.problem(
                        &at,
                        format!(
                            "a `{source}` event does not take `{setting}`; it takes `{}`",
                            allowed.join("`, `")
                        ),
                    );
                }
            }
            let needs: &[(&str, bool)] = match *source {
                "kinesis" | "dynamodb" => &[("starting_position", event.starting_position.is_some())],
                "schedule" => &[("every or cron", event.every.is_some() != event.cron.is_some())],
                "rule" => &[("pattern", event.pattern.is_some())],
                "rest_api" | "http_api" => {
                    &[("method", event.method.is_some()), ("path", event.path.is_some())]
                }
                _ => &[],
            };
            for (what, ok) in needs {
                if !ok {
                    self.problem(&at, format!("a `{source}` event needs `{what}`"));
                }
            }
            let kind = match *source {
                "sqs" => Some(Q),
                "kinesis" => Some(S),
                "dynamodb" => Some(T),
                "sns" => Some(N),
                "s3" => Some(B),
                "rest_api" => Some(RestApi),
                "http_api" => Some(HttpApi),
                _ => None,
            };
            if let Some(kind) = kind {
                let earlier = function.events[..i]
                    .iter()
                    .filter(|e| e.sources().iter().any(|(_, t)| t == target))
                    .count();
                let at = site.key("events", Some(i)).shown(&format!(".{source}")).skipping(earlier);
                self.reference(here, target, &[kind], &at);
            }
            if let Some(target) = &event.on_failure {
                self.reference(here, target, &[Q, N, B], &site.key("events", Some(i)).shown(".on_failure"));
            }
        }
        for (i, grant) in function.grants.iter().enumerate() {
            let kinds = grant_kinds(grant);
            let earlier = function.grants[..i].iter().filter(|g| g.target == grant.target).count();
            let at = site.key("grants", Some(i)).skipping(earlier);
            self.reference(here, &grant.target, &kinds, &at);
        }
        self.check_statements(function, here, site);
        for (i, o) in function.overrides.iter().enumerate() {
            for message in crate::template::tag_problems(&o.value.0) {
                self.problem(&site.key("overrides", Some(i)), message);
            }
        }
    }

    /// Checks an environment-like value: text, or a reference to a construct.
    fn env_reference(
        &mut self,
        id: &str,
        value: &EnvValueSpec,
        all_kinds: &[ConstructKind],
        here: &Here<'_>,
        at: &Site<'_>,
    ) {
        use ConstructKind::{Function as F, HttpApi, Queue as Q, RestApi};
        let EnvValueSpec::Reference(attribute, target) = value else {
            return;
        };
        let allowed: &[ConstructKind] = match attribute {
            AttributeKind::Url => &[Q, RestApi, HttpApi],
            AttributeKind::Name | AttributeKind::Arn => all_kinds,
            // Raw resources' `Ref` and `GetAtt`: a spec's environment names constructs only.
            AttributeKind::Ref | AttributeKind::GetAtt(_) => &[],
        };
        if target == id && here.kind_of(target) == Some(F) {
            self.error(
                ErrorKind::Reference,
                at,
                Some(target),
                format!(
                    "function `{id}` cannot refer to itself: CloudFormation rejects the circular dependency; Lambda sets AWS_LAMBDA_FUNCTION_NAME in every function's environment"
                ),
            );
            return;
        }
        self.reference(here, target, allowed, at);
    }

    /// Checks that `name` is the id of a construct of one of the `allowed` kinds, in this
    /// stack or (written `stack/id`) in another stack of the app.
    fn reference(&mut self, here: &Here<'_>, name: &str, allowed: &[ConstructKind], site: &Site<'_>) {
        let (stack, id) = split_reference(here.stack, name);
        let Some(ids) = here.all.get(stack) else {
            let stacks = here.all.keys().map(String::as_str);
            let hint = closest(stack, stacks).map(|c| format!("; did you mean `{c}`?")).unwrap_or_default();
            self.error(
                ErrorKind::Reference,
                site,
                Some(name),
                format!("unknown stack `{stack}` in `{name}`{hint}"),
            );
            return;
        };
        let candidates = ids.iter().filter(|(_, kind)| allowed.contains(kind)).map(|(id, _)| id.as_str());
        let wanted = describe(allowed);
        let message = match ids.get(id) {
            Some(kind) if allowed.contains(kind) => return,
            Some(kind) => {
                let hint =
                    closest(id, candidates).map(|c| format!("; did you mean `{c}`?")).unwrap_or_default();
                format!("`{name}` is a {}, not a {wanted}{hint}", word(*kind))
            }
            None => {
                let candidates: Vec<&str> = candidates.collect();
                let hint = match closest(id, candidates.iter().copied()) {
                    Some(c) => format!("; did you mean `{c}`?"),
                    None if candidates.is_empty() => format!("; the stack has no {wanted}"),
                    None => match candidates.as_slice() {
                        [only] => format!("; the stack's only {wanted} is `{only}`"),
                        many => {
                            format!("; the stack's {} are `{}`", describe_plural(allowed), many.join("`, `"))
                        }
                    },
                };
                format!("unknown {wanted} `{name}`{hint}")
            }
        };
        self.error(ErrorKind::Reference, site, Some(name), message);
    }
}

/// The stack being checked and the ids of every stack.
struct Here<'a> {
    stack: &'a str,
    all: &'a AllIds,
}

impl Here<'_> {
    fn kind_of(&self, name: &str) -> Option<ConstructKind> {
        let (stack, id) = split_reference(self.stack, name);
        self.all.get(stack).and_then(|ids| ids.get(id)).copied()
    }
}

/// The word for a kind in messages: `queue`, `REST API`.
fn word(kind: ConstructKind) -> &'static str {
    match kind {
        ConstructKind::RestApi => "REST API",
        ConstructKind::HttpApi => "HTTP API",
        ConstructKind::Key => "KMS key",
        ConstructKind::Resource => "raw resource",
        other => other.as_str(),
    }
}

/// `queue`, `queue or topic`, `table, queue or topic`.
fn describe(kinds: &[ConstructKind]) -> String {
    let words: Vec<&str> = kinds.iter().map(|k| word(*k)).collect();
    match words.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// `queues`, `queues and topics`, `tables, queues and topics`.
fn describe_plural(kinds: &[ConstructKind]) -> String {
    let words: Vec<String> = kinds.iter().map(|k| format!("{}s", word(*k))).collect();
    match words.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The kinds of construct a grant may be on (`read` is on a secret or a parameter).
fn grant_kinds(grant: &GrantSpec) -> Vec<ConstructKind> {
    let key = grant.intent.as_str();
    GRANTS.iter().filter(|(i, _)| i.as_str() == key).map(|(_, k)| *k).collect()
}

/// The kinds of construct whose ARN a statement's `arn_of` may name.
const POLICY_KINDS: [ConstructKind; 12] = [
    ConstructKind::Table,
    ConstructKind::Queue,
    ConstructKind::Topic,
    ConstructKind::Function,
    ConstructKind::Bucket,
    ConstructKind::Stream,
    ConstructKind::Layer,
    ConstructKind::RestApi,
    ConstructKind::HttpApi,
    ConstructKind::Secret,
    ConstructKind::Parameter,
    ConstructKind::Key,
];

/// The app, built from a spec whose references are all known to be good.
fn build(spec: Spec, file: &Path, all: &AllIds) -> App {
    let name = spec.app.unwrap_or_else(|| default_name(file));
    let root = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut app = App::new(name).root(root);
    if let Some(limit) = spec.account_concurrency {
        app = app.account_concurrency(limit);
    }
    if let Some(access) = spec.code_outside_root {
        app = app.code_outside_root(match access {
            crate::raw::OutsideRootSpec::Refuse => formwork::CodeOutsideRoot::Refuse,
            crate::raw::OutsideRootSpec::Allow => formwork::CodeOutsideRoot::Allow,
        });
    }
    if let Some(links) = spec.symlinks {
        app = app.symlinks(match links {
            crate::raw::SymlinksSpec::Inside => formwork::Links::Inside,
            crate::raw::SymlinksSpec::Follow => formwork::Links::Follow,
        });
    }
    for s in spec.suppressions {
        app = app.suppress(suppression(s));
    }
    for (code, level) in spec.severity.0 {
        app = app.severity(
            code,
            match level {
                crate::raw::SeveritySpec::Error => formwork::validate::Severity::Error,
                crate::raw::SeveritySpec::Warning => formwork::validate::Severity::Warning,
            },
        );
    }
    // Every stack exists from the start, in file order, so references to a later stack work.
    for stack_name in spec.stacks.0.keys() {
        app.stack(stack_name.as_str());
    }
    for (stack_name, parts) in spec.stacks.0 {
        for mut part in parts.0 {
            if let Some(text) = part.description.take() {
                app.stack(stack_name.as_str()).set_description(text);
            }
            if part.auto_split {
                app.stack(stack_name.as_str()).auto_split();
            }
            for section in part.order.clone() {
                add_section(&mut app, all, &stack_name, &mut part, section);
            }
            for s in std::mem::take(&mut part.suppressions) {
                app.stack(stack_name.as_str()).suppress(suppression(s));
            }
            for o in std::mem::take(&mut part.overrides) {
                app.stack(stack_name.as_str()).override_property(&o.resource, &o.path, o.value.value());
            }
        }
    }
    app
}

/// Adds the constructs of one section of a part of a stack, in file order.
fn add_section(app: &mut App, all: &AllIds, stack_name: &str, part: &mut StackSpec, section: Section) {
    macro_rules! add_all {
        ($field:ident, |$id:ident, $spec:ident| $make:expr) => {
            for ($id, $spec) in std::mem::take(&mut part.$field.0) {
                // Handles are made from the app as it is so far.
                let construct = $make;
                app.stack(stack_name).add(construct);
            }
        };
    }
    match section {
        Section::Tables => add_all!(tables, |id, spec| table(id, spec)),
        Section::Topics => add_all!(topics, |id, spec| topic(id, spec.unwrap_or_default())),
        Section::Queues => {
            add_all!(queues, |id, spec| queue(Refs::new(app, stack_name, all), id, spec.unwrap_or_default()))
        }
        Section::Buckets => add_all!(buckets, |id, spec| bucket(id, spec.unwrap_or_default())),
        Section::Streams => add_all!(streams, |id, spec| stream(id, spec.unwrap_or_default())),
        Section::Layers => add_all!(layers, |id, spec| layer(id, spec)),
        Section::RestApis => add_all!(rest_apis, |id, spec| rest_api(id, spec.unwrap_or_default())),
        Section::HttpApis => add_all!(http_apis, |id, spec| http_api(id, spec.unwrap_or_default())),
        Section::KmsKeys => add_all!(kms_keys, |id, spec| kms_key(id, spec.unwrap_or_default())),
        Section::Secrets => {
            add_all!(secrets, |id, spec| secret(
                Refs::new(app, stack_name, all),
                id,
                spec.unwrap_or_default()
            ))
        }
        Section::Parameters => add_all!(parameters, |id, spec| parameter(id, spec)),
        Section::Existing => {
            for (id, spec) in std::mem::take(&mut part.existing.0) {
                add_existing(app, all, stack_name, id, spec);
            }
        }
        Section::Resources => add_all!(resources, |id, spec| raw_resource(id, spec)),
        Section::Functions => {
            add_all!(functions, |id, spec| function(Refs::new(app, stack_name, all), id, spec))
        }
    }
}

fn kms_key(id: String, spec: KmsKeySpec) -> KmsKey {
    let mut k = KmsKey::new(id);
    if let Some(text) = spec.description {
        k = k.description(text);
    }
    if let Some(p) = spec.removal_policy {
        k = k.removal_policy(p.into());
    }
    k
}

fn secret(refs: Refs<'_>, id: String, spec: SecretSpec) -> Secret {
    let mut s = Secret::new(id);
    if let Some(text) = spec.description {
        s = s.description(text);
    }
    if let Some(key) = spec.kms_key {
        s = s.kms_key(&refs.key(&key));
    }
    if let Some(length) = spec.length {
        s = s.length(length);
    }
    if let Some(p) = spec.removal_policy {
        s = s.removal_policy(p.into());
    }
    s
}

fn parameter(id: String, spec: ParameterSpec) -> Parameter {
    let mut p = Parameter::new(id, spec.name, spec.value);
    if let Some(text) = spec.description {
        p = p.description(text);
    }
    p
}

fn raw_resource(id: String, spec: RawResourceSpec) -> RawResource {
    let properties =
        spec.properties.map_or_else(|| formwork::template::Value::map::<String>([]), |p| p.value());
    let mut r = RawResource::new(id, spec.resource_type, properties);
    for d in spec.depends_on {
        r = r.depends_on(d);
    }
    if let Some(p) = spec.removal_policy {
        r = r.removal_policy(p.into());
    }
    r
}

/// Adds an existing resource, by ARN or by name, with the settings of its kind.
fn add_existing(app: &mut App, all: &AllIds, stack_name: &str, id: String, spec: ExistingSpec) {
    use crate::raw::ExistingKindSpec as K;
    macro_rules! by {
        ($ty:ident) => {
            match (spec.arn, spec.name) {
                (Some(arn), _) => $ty::existing(id, arn),
                (None, name) => $ty::from_name(name.unwrap_or(id)),
            }
        };
    }
    let key = spec.kms_key.as_deref().map(|k| Refs::new(app, stack_name, all).key(k));
    let stack = app.stack(stack_name);
    match spec.kind {
        K::Queue => drop(stack.add(by!(Queue))),
        K::Topic => drop(stack.add(by!(Topic))),
        K::Table => {
            let stream_arn = spec.stream_arn;
            let mut t = by!(Table);
            if let Some(arn) = stream_arn {
                t = t.stream_arn(arn);
            }
            drop(stack.add(t));
        }
        K::Bucket => drop(stack.add(by!(Bucket))),
        K::Stream => drop(stack.add(by!(Stream))),
        K::Function => drop(stack.add(by!(Function))),
        K::Secret => {
            let mut s = by!(Secret);
            if let Some(key) = &key {
                s = s.kms_key(key);
            }
            drop(stack.add(s));
        }
        K::Parameter => {
            let mut p = by!(Parameter);
            if let Some(key) = &key {
                p = p.kms_key(key);
            }
            drop(stack.add(p));
        }
        // The checker made sure these have an ARN.
        K::Layer => drop(stack.add(Layer::existing(id, spec.arn.unwrap_or_default()))),
        K::KmsKey => drop(stack.add(KmsKey::existing(id, spec.arn.unwrap_or_default()))),
    }
}

/// Handles to constructs by reference (`Jobs` in the current stack, `other/Jobs` in another).
#[derive(Clone, Copy)]
struct Refs<'a> {
    app: &'a App,
    stack: &'a str,
    all: &'a AllIds,
}

impl<'a> Refs<'a> {
    fn new(app: &'a App, stack: &'a str, all: &'a AllIds) -> Refs<'a> {
        Refs { app, stack, all }
    }

    /// The stack a reference is in, and its id there.
    fn at<'r>(&self, reference: &'r str) -> (&'a Stack, &'r str)
    where
        'a: 'r,
    {
        let (stack, id) = split_reference(self.stack, reference);
        let found = self.app.stacks().iter().find(|s| s.name() == stack);
        // The checker made sure every referenced stack exists; all are created up front.
        (found.unwrap_or(&self.app.stacks()[0]), id)
    }

    fn queue(&self, r: &str) -> formwork::construct::QueueRef {
        let (s, id) = self.at(r);
        s.queue_ref(id)
    }

    fn topic(&self, r: &str) -> formwork::construct::TopicRef {
        let (s, id) = self.at(r);
        s.topic_ref(id)
    }

    fn table(&self, r: &str) -> formwork::construct::TableRef {
        let (s, id) = self.at(r);
        s.table_ref(id)
    }

    fn function(&self, r: &str) -> formwork::construct::FunctionRef {
        let (s, id) = self.at(r);
        s.function_ref(id)
    }

    fn bucket(&self, r: &str) -> formwork::construct::BucketRef {
        let (s, id) = self.at(r);
        s.bucket_ref(id)
    }

    fn stream(&self, r: &str) -> formwork::construct::StreamRef {
        let (s, id) = self.at(r);
        s.stream_ref(id)
    }

    fn layer(&self, r: &str) -> formwork::construct::LayerRef {
        let (s, id) = self.at(r);
        s.layer_ref(id)
    }

    fn rest_api(&self, r: &str) -> formwork::construct::RestApiRef {
        let (s, id) = self.at(r);
        s.rest_api_ref(id)
    }

    fn http_api(&self, r: &str) -> formwork::construct::HttpApiRef {
        let (s, id) = self.at(r);
        s.http_api_ref(id)
    }

    fn secret(&self, r: &str) -> formwork::construct::SecretRef {
        let (s, id) = self.at(r);
        s.secret_ref(id)
    }

    fn parameter(&self, r: &str) -> formwork::construct::ParameterRef {
        let (s, id) = self.at(r);
        s.parameter_ref(id)
    }

    fn key(&self, r: &str) -> formwork::construct::KmsKeyRef {
        let (s, id) = self.at(r);
        s.kms_key_ref(id)
    }

    /// The kind of the construct a reference names (known to exist).
    fn kind(&self, r: &str) -> ConstructKind {
        let (stack, id) = split_reference(self.stack, r);
        self.all.get(stack).and_then(|ids| ids.get(id)).copied().unwrap_or(ConstructKind::Queue)
    }

    /// The name, ARN or URL of the construct a reference names.
    fn attribute(&self, r: &str, attribute: AttributeKind) -> Attribute {
        macro_rules! pick {
            ($h:expr) => {{
                let h = $h;
                match attribute {
                    AttributeKind::Name => h.name(),
                    _ => h.arn(),
                }
            }};
            ($h:expr, url) => {{
                let h = $h;
                match attribute {
                    AttributeKind::Name => h.name(),
                    AttributeKind::Arn => h.arn(),
                    AttributeKind::Url => h.url(),
                    // The check allows these on no construct the spec has.
                    AttributeKind::Ref | AttributeKind::GetAtt(_) => h.name(),
                }
            }};
        }
        match self.kind(r) {
            ConstructKind::Queue => pick!(self.queue(r), url),
            ConstructKind::Topic => pick!(self.topic(r)),
            ConstructKind::Table => pick!(self.table(r)),
            ConstructKind::Function => pick!(self.function(r)),
            ConstructKind::Bucket => pick!(self.bucket(r)),
            ConstructKind::Stream => pick!(self.stream(r)),
            ConstructKind::Layer => pick!(self.layer(r)),
            ConstructKind::RestApi => pick!(self.rest_api(r), url),
            ConstructKind::Secret => pick!(self.secret(r)),
            ConstructKind::Parameter => pick!(self.parameter(r)),
            ConstructKind::Key => pick!(self.key(r)),
            _ => pick!(self.http_api(r), url),
        }
    }

    /// Text: literal, or a construct's value.
    fn text(&self, value: EnvValueSpec) -> Text {
        match value {
            EnvValueSpec::Text(text) => Text::Literal(text),
            EnvValueSpec::Reference(attribute, target) => Text::Attribute(self.attribute(&target, attribute)),
        }
    }
}

/// A checked suppression spec (exactly one tool named) as the builder's value.
fn suppression(spec: crate::raw::SuppressionSpec) -> formwork::suppress::Suppression {
    use formwork::suppress::Suppression;
    let s = match (spec.rule, spec.checkov, spec.cfn_lint) {
        (Some(rule), _, _) => Suppression::rule(rule, spec.reason),
        (None, Some(id), _) => Suppression::checkov(id, spec.reason),
        (None, None, Some(id)) => Suppression::cfn_lint(id, spec.reason),
        (None, None, None) => Suppression::rule("", spec.reason),
    };
    match spec.on {
        Some(id) => s.on(id),
        None => s,
    }
}

/// The file's name without its extension, or `app`.
fn default_name(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "app".to_string())
}

fn table(id: String, spec: TableSpec) -> Table {
    let key = |k: crate::raw::KeySpec| Key::new(k.name, k.attribute_type.into());
    let mut table = Table::new(id, key(spec.partition_key));
    if let Some(sort_key) = spec.sort_key {
        table = table.sort_key(key(sort_key));
    }
    if let Some(view) = spec.stream {
        table = table.stream(view.into());
    }
    if spec.point_in_time_recovery == Some(false) {
        table = table.without_point_in_time_recovery();
    }
    if let Some(policy) = spec.removal_policy {
        table = table.removal_policy(policy.into());
    }
    table
}

fn topic(id: String, spec: TopicSpec) -> Topic {
    let mut topic = Topic::new(id);
    if let Some(key) = spec.kms_key {
        topic = topic.kms_key(key);
    }
    topic
}

fn queue(refs: Refs<'_>, id: String, spec: QueueSpec) -> Queue {
    let mut queue = Queue::new(id);
    if spec.fifo == Some(true) {
        queue = queue.fifo();
    }
    if spec.content_based_deduplication == Some(true) {
        queue = queue.content_based_deduplication();
    }
    if let Some(d) = spec.visibility_timeout {
        queue = queue.visibility_timeout(d.0);
    }
    if let Some(d) = spec.retention {
        queue = queue.retention(d.0);
    }
    if let Some(d) = spec.delay {
        queue = queue.delay(d.0);
    }
    if let Some(redrive) = spec.dead_letter_queue {
        queue = queue.dead_letter_queue(&refs.queue(&redrive.queue), redrive.max_receive_count);
    }
    if let Some(encryption) = spec.encryption {
        queue = queue.encryption(encryption.into());
    }
    if let Some(policy) = spec.removal_policy {
        queue = queue.removal_policy(policy.into());
    }
    queue
}

fn bucket(id: String, spec: BucketSpec) -> Bucket {
    let mut bucket = Bucket::new(id);
    if let Some(name) = spec.name {
        bucket = bucket.name(name);
    }
    if spec.versioned == Some(true) {
        bucket = bucket.versioned();
    }
    if let Some(encryption) = spec.encryption {
        bucket = bucket.encryption(match encryption {
            BucketEncryptionSpec::S3Managed => BucketEncryption::S3Managed,
            BucketEncryptionSpec::Kms(key) => BucketEncryption::Kms(key),
        });
    }
    if let Some(age) = spec.expire_objects_after {
        bucket = bucket.expire_objects_after(age.0);
    }
    if let Some(policy) = spec.removal_policy {
        bucket = bucket.removal_policy(policy.into());
    }
    bucket
}

fn stream(id: String, spec: StreamSpecKinesis) -> Stream {
    let mut stream = Stream::new(id);
    if let Some(mode) = spec.mode {
        stream = stream.mode(match mode {
            StreamModeSpec::OnDemand => StreamMode::OnDemand,
            StreamModeSpec::Provisioned(n) => StreamMode::Provisioned(n),
        });
    }
    if let Some(retention) = spec.retention {
        stream = stream.retention(retention.0);
    }
    if let Some(key) = spec.kms_key {
        stream = stream.kms_key(key);
    }
    if let Some(policy) = spec.removal_policy {
        stream = stream.removal_policy(policy.into());
    }
    stream
}

fn layer(id: String, spec: LayerSpec) -> Layer {
    let mut layer = match (spec.dir, spec.s3) {
        (Some(dir), _) => Layer::new(id, dir),
        (None, Some(s3)) => Layer::from_s3(id, s3.bucket, s3.key),
        // The checker insists on exactly one of the two.
        (None, None) => Layer::new(id, ""),
    };
    for runtime in spec.compatible_runtimes {
        layer = layer.compatible_runtime(runtime.0);
    }
    for architecture in spec.compatible_architectures {
        layer = layer.compatible_architecture(architecture.into());
    }
    if let Some(text) = spec.description {
        layer = layer.description(text);
    }
    if let Some(license) = spec.license {
        layer = layer.license(license);
    }
    layer
}

fn rest_api(id: String, spec: RestApiSpec) -> RestApi {
    let mut api = RestApi::new(id);
    if let Some(stage) = spec.stage {
        api = api.stage(stage);
    }
    if let Some(text) = spec.description {
        api = api.description(text);
    }
    api
}

fn http_api(id: String, spec: HttpApiSpec) -> HttpApi {
    let mut api = HttpApi::new(id);
    if let Some(text) = spec.description {
        api = api.description(text);
    }
    api
}

fn function(refs: Refs<'_>, id: String, spec: FunctionSpec) -> Function {
    let mut f = match (spec.code, spec.runtime, spec.handler) {
        (CodeSpec::Image(uri), _, _) => Function::from_image(id, uri),
        (CodeSpec::Rust { package, bin }, _, _) => Function::rust(
            id,
            match bin {
                Some(bin) => Code::rust_bin(package, bin),
                None => Code::rust(package),
            },
        ),
        (code, runtime, handler) => {
            let code = match code {
                CodeSpec::Dir(dir) => Code::dir(dir),
                CodeSpec::Inline(source) => Code::inline(source),
                CodeSpec::S3 { bucket, key, version: None } => Code::s3(bucket, key),
                CodeSpec::S3 { bucket, key, version: Some(v) } => Code::s3_version(bucket, key, v),
                CodeSpec::Image(uri) => Code::image(uri),
                CodeSpec::Rust { package, .. } => Code::rust(package),
            };
            // The checker insists on both for code that is not an image.
            let runtime = runtime.map_or(formwork::Runtime::ALL[0], |r| r.0);
            Function::new(id, runtime, handler.unwrap_or_default(), code)
        }
    };
    if let Some(name) = spec.function_name {
        f = f.function_name(name);
    }
    if let Some(text) = spec.description {
        f = f.description(text);
    }
    if let Some(mb) = spec.memory {
        f = f.memory(Megabytes(mb));
    }
    if let Some(d) = spec.timeout {
        f = f.timeout(d.0);
    }
    if let Some(architecture) = spec.architecture {
        f = f.architecture(architecture.into());
    }
    if let Some(mb) = spec.ephemeral_storage {
        f = f.ephemeral_storage(Megabytes(mb));
    }
    for (key, value) in spec.environment.0 {
        let value = match value {
            EnvValueSpec::Text(text) => EnvValue::Text(text),
            EnvValueSpec::Reference(attribute, target) => {
                EnvValue::Attribute(refs.attribute(&target, attribute))
            }
        };
        f = f.env(key, value);
    }
    if let Some(n) = spec.reserved_concurrency {
        f = f.reserved_concurrency(n);
    }
    if let Some(target) = spec.dead_letter_queue {
        f = match refs.kind(&target) {
            ConstructKind::Topic => f.dead_letter_queue(&refs.topic(&target)),
            _ => f.dead_letter_queue(&refs.queue(&target)),
        };
    }
    if let Some(retention) = spec.log_retention {
        f = f.log_retention(retention.0);
    }
    if let Some(format) = spec.log_format {
        f = f.log_format(match format {
            LogFormatSpec::Text => LogFormat::Text,
            LogFormatSpec::Json => LogFormat::Json,
        });
    }
    if let Some(level) = spec.application_log_level {
        f = f.application_log_level(match level {
            LogLevelSpec::Trace => LogLevel::Trace,
            LogLevelSpec::Debug => LogLevel::Debug,
            LogLevelSpec::Info => LogLevel::Info,
            LogLevelSpec::Warn => LogLevel::Warn,
            LogLevelSpec::Error => LogLevel::Error,
            LogLevelSpec::Fatal => LogLevel::Fatal,
        });
    }
    if let Some(level) = spec.system_log_level {
        f = f.system_log_level(match level {
            SystemLogLevelSpec::Debug => SystemLogLevel::Debug,
            SystemLogLevelSpec::Info => SystemLogLevel::Info,
            SystemLogLevelSpec::Warn => SystemLogLevel::Warn,
        });
    }
    if let Some(tracing) = spec.tracing {
        f = f.tracing(tracing.into());
    }
    if let Some(n) = spec.retry_attempts {
        f = f.retry_attempts(n);
    }
    if let Some(age) = spec.max_event_age {
        f = f.max_event_age(age.0);
    }
    let destination = |target: &str| -> Destination {
        if target == "default_event_bus" {
            return Destination::default_event_bus();
        }
        if target.starts_with("arn:") {
            return Destination::event_bus(target);
        }
        match refs.kind(target) {
            ConstructKind::Topic => (&refs.topic(target)).into(),
            ConstructKind::Function => (&refs.function(target)).into(),
            ConstructKind::Bucket => (&refs.bucket(target)).into(),
            _ => (&refs.queue(target)).into(),
        }
    };
    if let Some(target) = &spec.on_success {
        f = f.on_success(destination(target));
    }
    if let Some(target) = &spec.on_failure {
        f = f.on_failure(destination(target));
    }
    for layer in &spec.layers {
        f = if layer.starts_with("arn:") { f.layer_arn(layer) } else { f.layer(&refs.layer(layer)) };
    }
    if let Some(alias) = spec.alias {
        f = f.alias(alias);
    }
    if let Some(n) = spec.provisioned_concurrency {
        f = f.provisioned_concurrency(n);
    }
    if spec.snap_start == Some(true) {
        f = f.snap_start();
    }
    if let Some(url) = spec.url {
        let mut u = match (url.auth, url.reason) {
            (UrlAuthSpec::Public, reason) => FunctionUrl::public(reason.unwrap_or_default()),
            (UrlAuthSpec::Iam, _) => FunctionUrl::iam(),
        };
        if let Some(mode) = url.invoke_mode {
            u = u.invoke_mode(match mode {
                InvokeModeSpec::Buffered => InvokeMode::Buffered,
                InvokeModeSpec::ResponseStream => InvokeMode::ResponseStream,
            });
        }
        f = f.url(u);
    }
    for (pid, p) in spec.allow_invoke.0 {
        let mut permission = match (p.service, p.account, p.arn) {
            (Some(service), _, _) => InvokePermission::service(pid, service),
            (None, Some(account), _) => InvokePermission::account(pid, account),
            (None, None, arn) => InvokePermission::arn(pid, arn.unwrap_or_default()),
        };
        if let Some(arn) = p.source_arn {
            permission = permission.source_arn(refs.text(arn));
        }
        if let Some(account) = p.source_account {
            permission = permission.source_account(refs.text(account));
        }
        if p.from_this_account == Some(true) {
            permission = permission.from_this_account();
        }
        f = f.allow_invoke(permission);
    }
    if let Some(vpc) = spec.vpc {
        let subnets: Vec<Text> = vpc.subnets.into_iter().map(|v| refs.text(v)).collect();
        let groups: Vec<Text> = vpc.security_groups.into_iter().map(|v| refs.text(v)).collect();
        f = f.vpc(Vpc::new(subnets, groups));
    }
    for (rule, schedule) in spec.schedules.0 {
        let when = match (schedule.every, schedule.cron) {
            (Some(every), _) => Schedule::rate(every.0),
            (None, Some(cron)) => Schedule::cron(cron),
            (None, None) => continue, // reported by the checker
        };
        let mut r = EventRule::schedule(rule, when);
        if let Some(text) = schedule.description {
            r = r.description(text);
        }
        if let Some(input) = schedule.input {
            r = r.input(input);
        }
        if schedule.disabled == Some(true) {
            r = r.disabled();
        }
        f = f.event_source(r);
    }
    for event in spec.events {
        if let Some(source) = event_source(refs, event) {
            f = f.event_source(source);
        }
    }
    for grant in spec.grants {
        f = f.grant(construct_grant(refs, &grant));
    }
    for s in spec.statements {
        f = f.statement(statement(refs, s));
    }
    for o in spec.overrides {
        f = match o.resource {
            Some(role) => f.override_resource(role, o.path, o.value.value()),
            None => f.override_property(o.path, o.value.value()),
        };
    }
    f
}

/// The builder value of a checked event entry.
fn event_source(refs: Refs<'_>, e: EventSpec) -> Option<EventSource> {
    if let Some(queue) = &e.sqs {
        let mut s = SqsSource::new(&refs.queue(queue));
        if let Some(n) = e.batch_size {
            s = s.batch_size(n);
        }
        if let Some(window) = e.batching_window {
            s = s.batching_window(window.0);
        }
        if e.report_batch_item_failures == Some(true) {
            s = s.report_batch_item_failures();
        }
        if let Some(n) = e.maximum_concurrency {
            s = s.maximum_concurrency(n);
        }
        for filter in e.filters {
            s = s.filter(filter);
        }
        return Some(s.into());
    }
    if e.kinesis.is_some() || e.dynamodb.is_some() {
        let start = match e.starting_position {
            Some(StartingPositionSpec::TrimHorizon) => StartingPosition::TrimHorizon,
            Some(StartingPositionSpec::AtTimestamp(t)) => StartingPosition::AtTimestamp(t),
            _ => StartingPosition::Latest,
        };
        let mut s = match (&e.kinesis, &e.dynamodb) {
            (Some(stream), _) => StreamSource::kinesis(&refs.stream(stream), start),
            (None, Some(table)) => StreamSource::dynamodb(&refs.table(table), start),
            (None, None) => return None,
        };
        if let Some(n) = e.batch_size {
            s = s.batch_size(n);
        }
        if let Some(window) = e.batching_window {
            s = s.batching_window(window.0);
        }
        if e.bisect_on_error == Some(true) {
            s = s.bisect_on_error();
        }
        if e.report_batch_item_failures == Some(true) {
            s = s.report_batch_item_failures();
        }
        if let Some(age) = e.maximum_record_age {
            s = s.maximum_record_age(age.0);
        }
        if let Some(n) = e.retry_attempts {
            s = s.retry_attempts(n);
        }
        if let Some(n) = e.parallelization {
            s = s.parallelization(n);
        }
        if let Some(window) = e.tumbling_window {
            s = s.tumbling_window(window.0);
        }
        for filter in e.filters {
            s = s.filter(filter);
        }
        if let Some(target) = &e.on_failure {
            let target: FailedBatchTarget = match refs.kind(target) {
                ConstructKind::Topic => (&refs.topic(target)).into(),
                ConstructKind::Bucket => (&refs.bucket(target)).into(),
                _ => (&refs.queue(target)).into(),
            };
            s = s.on_failure(target);
        }
        return Some(s.into());
    }
    if let Some(topic) = &e.sns {
        let mut s = SnsSource::new(&refs.topic(topic));
        if let Some(policy) = e.filter_policy {
            s = s.filter_policy(policy);
        }
        return Some(s.into());
    }
    if let Some(bucket) = &e.s3 {
        let mut s = S3Source::new(&refs.bucket(bucket));
        for event in e.events {
            s = s.event(event);
        }
        if let Some(prefix) = e.prefix {
            s = s.prefix(prefix);
        }
        if let Some(suffix) = e.suffix {
            s = s.suffix(suffix);
        }
        return Some(s.into());
    }
    let rule = match (e.schedule, e.rule) {
        (Some(id), _) => {
            let when = match (e.every, e.cron) {
                (Some(every), _) => Schedule::rate(every.0),
                (None, cron) => Schedule::cron(cron.unwrap_or_default()),
            };
            Some(EventRule::schedule(id, when))
        }
        (None, Some(id)) => Some(EventRule::pattern(id, e.pattern.unwrap_or_default())),
        (None, None) => None,
    };
    if let Some(mut rule) = rule {
        if let Some(text) = e.description {
            rule = rule.description(text);
        }
        if let Some(input) = e.input {
            rule = rule.input(input);
        }
        if e.disabled == Some(true) {
            rule = rule.disabled();
        }
        return Some(rule.into());
    }
    let method = match e.method? {
        MethodSpec::Get => Method::Get,
        MethodSpec::Post => Method::Post,
        MethodSpec::Put => Method::Put,
        MethodSpec::Patch => Method::Patch,
        MethodSpec::Delete => Method::Delete,
        MethodSpec::Head => Method::Head,
        MethodSpec::Options => Method::Options,
        MethodSpec::Any => Method::Any,
    };
    let path = e.path.unwrap_or_default();
    match (&e.rest_api, &e.http_api) {
        (Some(api), _) => Some(ApiRoute::rest(&refs.rest_api(api), method, path).into()),
        (None, Some(api)) => Some(ApiRoute::http(&refs.http_api(api), method, path).into()),
        (None, None) => None,
    }
}

/// The grant a spec names (every intent has a spec form; `read` goes by its target's kind).
fn construct_grant(refs: Refs<'_>, grant: &GrantSpec) -> formwork::construct::Grant {
    use formwork::construct::GrantIntent as I;
    let t = grant.target.as_str();
    match grant.intent {
        I::ReadData => refs.table(t).read_data(),
        I::WriteData => refs.table(t).write_data(),
        I::ReadWriteData => refs.table(t).read_write_data(),
        I::Send => refs.queue(t).send(),
        I::Consume => refs.queue(t).consume(),
        I::Publish => refs.topic(t).publish(),
        I::ReadObjects => refs.bucket(t).read_objects(),
        I::WriteObjects => refs.bucket(t).write_objects(),
        I::ReadWriteObjects => refs.bucket(t).read_write_objects(),
        I::PutRecords => refs.stream(t).put_records(),
        I::ReadSecret | I::ReadParameter => match refs.kind(t) {
            ConstructKind::Parameter => refs.parameter(t).read(),
            _ => refs.secret(t).read(),
        },
        I::Decrypt => refs.key(t).decrypt(),
        I::Encrypt => refs.key(t).encrypt(),
    }
}

/// The builder value of a checked statement.
fn statement(refs: Refs<'_>, spec: StatementSpec) -> Statement {
    let (deny, actions) = match (spec.allow, spec.deny) {
        (_, Some(actions)) => (true, actions),
        (actions, None) => (false, actions.unwrap_or_default()),
    };
    // The checker made sure every action parses.
    let actions: Vec<formwork::iam::Action> =
        actions.iter().filter_map(|a| formwork::iam::Action::parse(a).ok()).collect();
    let resources: Vec<PolicyResource> = spec
        .resources
        .into_iter()
        .map(|r| match r {
            PolicyResourceSpec::Literal(arn) => PolicyResource::from(arn),
            PolicyResourceSpec::ArnOf(target) => {
                PolicyResource::from(refs.attribute(&target, AttributeKind::Arn))
            }
            PolicyResourceSpec::Objects { bucket, pattern } => refs.bucket(&bucket).objects(pattern),
            PolicyResourceSpec::Arn(parts) => PolicyResource::from(match parts.scope {
                None | Some(ArnScopeSpec::Regional) => Arn::new(parts.service, parts.resource),
                Some(ArnScopeSpec::Global) => Arn::global(parts.service, parts.resource),
                Some(ArnScopeSpec::PartitionOnly) => Arn::partition_only(parts.service, parts.resource),
            }),
            PolicyResourceSpec::Value(v) => PolicyResource::from(v.value()),
        })
        .collect();
    let mut s = if deny { Statement::deny(actions, resources) } else { Statement::allow(actions, resources) };
    for c in spec.conditions {
        let values = match c.value {
            OneOrMany::One(v) => vec![v],
            OneOrMany::Many(vs) => vs,
        };
        for v in values {
            s = s.condition(c.operator.clone(), c.key.clone(), formwork::template::Value::from(v));
        }
    }
    if let Some(reason) = spec.allow_wildcard {
        s = s.allow_wildcard(reason);
    }
    s
}

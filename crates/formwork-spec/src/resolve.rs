//! From the spec as written to a [`formwork::App`]: every name checked against the
//! constructs of its stack (all problems collected), then the app built through the
//! same builder calls a Rust program would make, for the settings the spec sets only.

use std::path::Path;

use formwork::construct::{
    Attribute, AttributeKind, Code, EnvValue, Function, Grant, Key, Queue, ResourceKind, SqsSource, Table,
    Topic,
};
use formwork::{App, Megabytes, Stack};
use indexmap::IndexMap;

use crate::error::{ErrorKind, SpecError, SpecErrors};
use crate::locate::locate;
use crate::raw::{FunctionSpec, GrantSpec, QueueSpec, Spec, StackSpec, TableSpec, TopicSpec};
use crate::suggest::closest;
use crate::values::EnvValueSpec;

/// The ids of one stack's constructs and their kinds, in the order they are added.
type Ids = IndexMap<String, ResourceKind>;

/// Checks every reference of `spec`, then builds the app.
pub(crate) fn resolve(spec: Spec, text: &str, file: &Path) -> Result<App, SpecErrors> {
    let mut checker = Checker { text, file, errors: Vec::new() };
    checker.check_suppressions(&spec.suppressions, &[], "");
    for code in spec.severity.0.keys() {
        if formwork::validate::catalog::rule(code).is_none() {
            checker.errors.push(
                SpecError::new(
                    ErrorKind::Reference,
                    file,
                    format!("`{code}` is not a formwork rule; `formwork rules` lists them"),
                )
                .at(crate::locate::locate(text, &["severity", code], None))
                .path(format!("severity.{code}")),
            );
        }
    }
    let mut all_ids = Vec::with_capacity(spec.stacks.0.len());
    for (name, stack) in &spec.stacks.0 {
        let ids = checker.index(name, stack);
        checker.check_stack(name, stack, &ids);
        all_ids.push(ids);
    }
    if !checker.errors.is_empty() {
        return Err(SpecErrors::new(checker.errors));
    }
    Ok(build(spec, file, &all_ids))
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

impl Checker<'_> {
    fn error(&mut self, kind: ErrorKind, site: &Site<'_>, value: Option<&str>, message: String) {
        let location = locate(self.text, &site.keys, value.map(|v| (v, site.skip)));
        self.errors.push(SpecError::new(kind, self.file, message).path(site.path.clone()).at(location));
    }

    /// The stack's ids in add order; reports an id used twice.
    fn index(&mut self, stack_name: &str, stack: &StackSpec) -> Ids {
        let mut ids = Ids::new();
        let lists = [
            ("tables", ResourceKind::Table, keys(&stack.tables.0)),
            ("topics", ResourceKind::Topic, keys(&stack.topics.0)),
            ("queues", ResourceKind::Queue, keys(&stack.queues.0)),
            ("functions", ResourceKind::Function, keys(&stack.functions.0)),
        ];
        for (list, kind, names) in lists {
            for id in names {
                match ids.get(id) {
                    Some(first) => {
                        let message = format!(
                            "`{id}` is already the id of a {} in this stack; ids are logical ids and must be unique in a stack",
                            first.as_str()
                        );
                        self.error(ErrorKind::DuplicateId, &Site::new(stack_name, list, id), None, message);
                    }
                    None => {
                        ids.insert(id.to_string(), kind);
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
                formwork::validate::catalog::rule(code)
                    .is_none()
                    .then(|| format!("`{code}` is not a formwork rule; `formwork rules` lists them"))
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

    fn check_stack(&mut self, stack_name: &str, stack: &StackSpec, ids: &Ids) {
        self.check_suppressions(
            &stack.suppressions,
            &["stacks", stack_name],
            &format!("stacks.{stack_name}."),
        );
        for (id, queue) in &stack.queues.0 {
            if let Some(redrive) = queue.as_ref().and_then(|q| q.dead_letter_queue.as_ref()) {
                let site = Site::new(stack_name, "queues", id).key("dead_letter_queue", None).shown(".queue");
                self.reference(ids, &redrive.queue, &[ResourceKind::Queue], &site);
            }
        }
        for (id, function) in &stack.functions.0 {
            let site = Site::new(stack_name, "functions", id);
            self.check_function(id, function, ids, &site);
        }
    }

    fn check_function(&mut self, id: &str, function: &FunctionSpec, ids: &Ids, site: &Site<'_>) {
        use ResourceKind::{Function as F, Queue as Q, Table as T, Topic as N};
        for (key, value) in &function.environment.0 {
            let EnvValueSpec::Reference(attribute, target) = value else {
                continue;
            };
            let at = site.key("environment", None).key(key, None);
            let allowed: &[ResourceKind] = match attribute {
                AttributeKind::Url => &[Q],
                AttributeKind::Name | AttributeKind::Arn => &[T, Q, N, F],
            };
            if target == id && ids.get(target) == Some(&F) {
                self.error(
                    ErrorKind::Reference,
                    &at,
                    Some(target),
                    format!(
                        "function `{id}` cannot refer to itself: CloudFormation rejects the circular dependency; Lambda sets AWS_LAMBDA_FUNCTION_NAME in every function's environment"
                    ),
                );
                continue;
            }
            self.reference(ids, target, allowed, &at);
        }
        if let Some(target) = &function.dead_letter_queue {
            self.reference(ids, target, &[Q, N], &site.key("dead_letter_queue", None));
        }
        for (key, target) in [("on_success", &function.on_success), ("on_failure", &function.on_failure)] {
            if let Some(target) = target {
                self.reference(ids, target, &[Q, N, F], &site.key(key, None));
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
            let earlier = function.events[..i].iter().filter(|e| e.sqs == event.sqs);
            let at = site.key("events", Some(i)).shown(".sqs").skipping(earlier.count());
            self.reference(ids, &event.sqs, &[Q], &at);
        }
        for (i, grant) in function.grants.iter().enumerate() {
            let (target, kind) = grant_target(grant);
            let earlier = function.grants[..i].iter().filter(|g| grant_target(g).0 == target);
            let at = site.key("grants", Some(i)).skipping(earlier.count());
            self.reference(ids, target, &[kind], &at);
        }
    }

    /// Checks that `name` is the id of a construct of one of the `allowed` kinds.
    fn reference(&mut self, ids: &Ids, name: &str, allowed: &[ResourceKind], site: &Site<'_>) {
        let candidates = ids.iter().filter(|(_, kind)| allowed.contains(kind)).map(|(id, _)| id.as_str());
        let wanted = describe(allowed);
        let message = match ids.get(name) {
            Some(kind) if allowed.contains(kind) => return,
            Some(kind) => {
                let hint =
                    closest(name, candidates).map(|c| format!("; did you mean `{c}`?")).unwrap_or_default();
                format!("`{name}` is a {}, not a {wanted}{hint}", kind.as_str())
            }
            None => {
                let candidates: Vec<&str> = candidates.collect();
                let hint = match closest(name, candidates.iter().copied()) {
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

fn keys<V>(map: &IndexMap<String, V>) -> Vec<&str> {
    map.keys().map(String::as_str).collect()
}

/// `queue`, `queue or topic`, `table, queue or topic`.
fn describe(kinds: &[ResourceKind]) -> String {
    let words: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
    match words.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// `queues`, `queues and topics`, `tables, queues and topics`.
fn describe_plural(kinds: &[ResourceKind]) -> String {
    let words: Vec<String> = kinds.iter().map(|k| format!("{}s", k.as_str())).collect();
    match words.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The id a grant names and the kind of construct it needs.
fn grant_target(grant: &GrantSpec) -> (&str, ResourceKind) {
    match grant {
        GrantSpec::ReadData(t) | GrantSpec::WriteData(t) | GrantSpec::ReadWriteData(t) => {
            (t, ResourceKind::Table)
        }
        GrantSpec::Send(q) | GrantSpec::Consume(q) => (q, ResourceKind::Queue),
        GrantSpec::Publish(t) => (t, ResourceKind::Topic),
    }
}

/// The app, built from a spec whose references are all known to be good.
fn build(spec: Spec, file: &Path, all_ids: &[Ids]) -> App {
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
    for ((stack_name, stack_spec), ids) in spec.stacks.0.into_iter().zip(all_ids) {
        let stack = app.stack(stack_name);
        if let Some(text) = stack_spec.description {
            stack.set_description(text);
        }
        for (id, table_spec) in stack_spec.tables.0 {
            stack.add(table(id, table_spec));
        }
        for (id, topic_spec) in stack_spec.topics.0 {
            stack.add(topic(id, topic_spec.unwrap_or_default()));
        }
        for (id, queue_spec) in stack_spec.queues.0 {
            let queue = queue(stack, id, queue_spec.unwrap_or_default());
            stack.add(queue);
        }
        for (id, function_spec) in stack_spec.functions.0 {
            let function = function(stack, ids, id, function_spec);
            stack.add(function);
        }
        for s in stack_spec.suppressions {
            stack.suppress(suppression(s));
        }
    }
    app
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

fn queue(stack: &Stack, id: String, spec: QueueSpec) -> Queue {
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
        queue = queue.dead_letter_queue(&stack.queue_ref(&redrive.queue), redrive.max_receive_count);
    }
    if let Some(encryption) = spec.encryption {
        queue = queue.encryption(encryption.into());
    }
    if let Some(policy) = spec.removal_policy {
        queue = queue.removal_policy(policy.into());
    }
    queue
}

fn function(stack: &Stack, ids: &Ids, id: String, spec: FunctionSpec) -> Function {
    let mut f = Function::new(id, spec.runtime.0, spec.handler, Code::dir(spec.code));
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
                let kind = ids.get(&target).copied().unwrap_or(ResourceKind::Queue);
                EnvValue::Attribute(construct_attribute(stack, kind, &target, attribute))
            }
        };
        f = f.env(key, value);
    }
    if let Some(n) = spec.reserved_concurrency {
        f = f.reserved_concurrency(n);
    }
    if let Some(target) = spec.dead_letter_queue {
        f = match ids.get(&target) {
            Some(ResourceKind::Topic) => f.dead_letter_queue(&stack.topic_ref(&target)),
            _ => f.dead_letter_queue(&stack.queue_ref(&target)),
        };
    }
    if let Some(retention) = spec.log_retention {
        f = f.log_retention(retention.0);
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
    let destination = |target: &str| -> formwork::construct::Destination {
        match ids.get(target) {
            Some(ResourceKind::Topic) => (&stack.topic_ref(target)).into(),
            Some(ResourceKind::Function) => (&stack.function_ref(target)).into(),
            _ => (&stack.queue_ref(target)).into(),
        }
    };
    if let Some(target) = &spec.on_success {
        f = f.on_success(destination(target));
    }
    if let Some(target) = &spec.on_failure {
        f = f.on_failure(destination(target));
    }
    if let Some(n) = spec.provisioned_concurrency {
        f = f.provisioned_concurrency(n);
    }
    for (rule, schedule) in spec.schedules.0 {
        let when = match (schedule.every, schedule.cron) {
            (Some(every), _) => formwork::construct::Schedule::rate(every.0),
            (None, Some(cron)) => formwork::construct::Schedule::cron(cron),
            (None, None) => continue, // reported by the checker
        };
        f = f.event_source(formwork::construct::EventRule::schedule(rule, when));
    }
    for event in spec.events {
        let mut source = SqsSource::new(&stack.queue_ref(&event.sqs));
        if let Some(n) = event.batch_size {
            source = source.batch_size(n);
        }
        if let Some(window) = event.batching_window {
            source = source.batching_window(window.0);
        }
        if event.report_batch_item_failures == Some(true) {
            source = source.report_batch_item_failures();
        }
        if let Some(n) = event.maximum_concurrency {
            source = source.maximum_concurrency(n);
        }
        f = f.event_source(source);
    }
    for grant in spec.grants {
        f = f.grant(construct_grant(stack, &grant));
    }
    f
}

/// The name, ARN or URL of the construct `id` of kind `kind`.
fn construct_attribute(stack: &Stack, kind: ResourceKind, id: &str, attribute: AttributeKind) -> Attribute {
    let (name, arn, url) = match kind {
        ResourceKind::Queue => {
            let q = stack.queue_ref(id);
            (q.name(), q.arn(), Some(q.url()))
        }
        ResourceKind::Topic => {
            let t = stack.topic_ref(id);
            (t.name(), t.arn(), None)
        }
        ResourceKind::Table => {
            let t = stack.table_ref(id);
            (t.name(), t.arn(), None)
        }
        ResourceKind::Function => {
            let f = stack.function_ref(id);
            (f.name(), f.arn(), None)
        }
    };
    match attribute {
        AttributeKind::Name => name,
        AttributeKind::Arn => arn,
        // Only queues have a URL, which the check made sure of.
        AttributeKind::Url => url.unwrap_or(name),
    }
}

fn construct_grant(stack: &Stack, grant: &GrantSpec) -> Grant {
    match grant {
        GrantSpec::ReadData(t) => stack.table_ref(t).read_data(),
        GrantSpec::WriteData(t) => stack.table_ref(t).write_data(),
        GrantSpec::ReadWriteData(t) => stack.table_ref(t).read_write_data(),
        GrantSpec::Send(q) => stack.queue_ref(q).send(),
        GrantSpec::Consume(q) => stack.queue_ref(q).consume(),
        GrantSpec::Publish(t) => stack.topic_ref(t).publish(),
    }
}

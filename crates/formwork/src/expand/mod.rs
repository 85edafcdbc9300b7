//! Expansion: a pure function from the model to the complete plain CloudFormation graph
//! of each stack, with a source map from every resource back to the construct that made it.

mod api;
mod code;
mod events;
mod function;
mod invoke;
mod raw;
mod reach;
mod resources;
pub mod split;

pub use crate::assets::{
    package_assets, package_assets_given, AssetRef, AssetRefs, MAX_UNZIPPED_BYTES, MAX_ZIPPED_BYTES,
};
pub use api::OPENAPI_VERSION;
pub use events::{
    DYNAMODB_LIST_STREAMS, DYNAMODB_STREAM_ACTIONS, KINESIS_SOURCE_ACTIONS, SQS_SOURCE_ACTIONS,
};
pub use formwork_rules::{Permission, SourceMap};
pub use resources::generated_bucket_prefix;

use formwork_template::{Intrinsic, Output, Resource, Template, Value};

use formwork_rules::catalog::{self, Rule};
use formwork_rules::Finding;

use crate::app::App;
use crate::assets::RUST_FIX_SEPARATOR;
use crate::construct::Stack;
use crate::construct::{Attribute, AttributeKind, ConstructKind, Handle, ResourceKind};

/// The name of the template parameter that holds the assets' S3 bucket.
pub const ASSETS_BUCKET_PARAMETER: &str = "AssetsBucket";

/// One stack, expanded.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Expanded {
    /// The stack's name.
    pub stack: String,
    /// The complete CloudFormation template.
    pub template: Template,
    /// Where each resource came from.
    pub sources: SourceMap,
    /// Problems found while expanding (collisions, cross-stack references, missing code).
    pub findings: Vec<Finding>,
    /// Values this stack imports from other stacks of the app.
    pub imports: Vec<Import>,
}

impl Expanded {
    /// The stacks this one imports from, which must be deployed before it.
    pub fn depends_on(&self) -> Vec<&str> {
        let mut stacks: Vec<&str> = self.imports.iter().map(|i| i.stack.as_str()).collect();
        stacks.sort_unstable();
        stacks.dedup();
        stacks
    }
}

/// Expands every stack of the app. A construct used from another stack is exported by
/// its own stack (an output with an export name) and imported where it is used. Stacks
/// that opted into [`Stack::auto_split`](crate::Stack::auto_split) and exceed 500
/// resources come out split (see [`split`]).
///
/// Expansion is a pure function of the model and `assets`, the app's code as packaged
/// beforehand ([`package_assets`]): it reads no files and builds nothing, so code without
/// a reference there is reported (FW113 for a folder, FW140 for a Rust package).
pub fn expand(app: &App, assets: &AssetRefs) -> Vec<Expanded> {
    split::split(app, expand_whole(app, assets))
}

/// The references with every code folder and Rust package of the app: expansion reads
/// no files, so code the caller did not package is reported (FW113, FW140) instead.
fn unpackaged(app: &App, given: &AssetRefs) -> AssetRefs {
    let mut refs = given.clone();
    for (written, resolved) in crate::assets::code_dirs(app) {
        refs.entry(resolved).or_insert_with(|| {
            AssetRef::Failed(format!(
                "{} was not packaged: expand() reads no files; package the app's code first with formwork::expand::package_assets",
                written.display()
            ))
        });
    }
    // Expansion is pure: it never builds a Rust crate. One the caller did not build is
    // reported (FW140) instead.
    for (key, code, _) in crate::rust::crates_of(app) {
        refs.entry(key).or_insert_with(|| {
            AssetRef::Failed(format!(
                "the Rust package `{}` was not built: expand() does not build Rust code{RUST_FIX_SEPARATOR}synthesize with App::synthesize, or pass the package's asset from formwork::expand::package_assets",
                code.package
            ))
        });
    }
    refs
}

/// [`expand`] without splitting: one expanded stack per stack of the app, in order.
pub(crate) fn expand_whole(app: &App, assets: &AssetRefs) -> Vec<Expanded> {
    let assets = unpackaged(app, assets);
    let mut stacks: Vec<Expanded> =
        app.stacks.iter().map(|stack| Expander::new(app, stack, &assets).run()).collect();
    let imports: Vec<Import> = stacks.iter().flat_map(|e| e.imports.clone()).collect();
    for import in imports {
        let Some(owner) = stacks.iter_mut().find(|e| e.stack == import.stack) else {
            continue;
        };
        owner.template.outputs.entry(import.output.clone()).or_insert_with(|| {
            Output::new(import.value.clone())
                .description(format!("exported for {}", import.from_path))
                .export_name(import.export.as_str())
        });
    }
    if let Some(cycle) = stack_cycle(&stacks) {
        let mut f = Finding::global(
            &catalog::STACK_CYCLE,
            format!("stacks import from each other in a cycle: {}", cycle.join(" → ")),
            "move the constructs that both stacks use into one of them, or into a third stack".into(),
        );
        f.path = format!("stack {}", cycle[0]);
        f.stack = cycle[0].clone();
        stacks[0].findings.push(f);
    }
    stacks
}

/// A cycle of stacks importing from each other, if there is one (first stack repeated
/// at the end).
fn stack_cycle(stacks: &[Expanded]) -> Option<Vec<String>> {
    fn visit<'a>(
        name: &'a str,
        stacks: &'a [Expanded],
        path: &mut Vec<&'a str>,
        done: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|p| *p == name) {
            let mut cycle: Vec<String> = path[start..].iter().map(|s| s.to_string()).collect();
            cycle.push(name.to_string());
            return Some(cycle);
        }
        if done.contains(&name) {
            return None;
        }
        path.push(name);
        if let Some(e) = stacks.iter().find(|e| e.stack == name) {
            for dep in e.depends_on() {
                if let Some(c) = visit(dep, stacks, path, done) {
                    return Some(c);
                }
            }
        }
        path.pop();
        done.push(name);
        None
    }
    let mut done = Vec::new();
    stacks.iter().find_map(|e| visit(&e.stack, stacks, &mut Vec::new(), &mut done))
}

pub(crate) struct Expander<'a> {
    app: &'a App,
    stack: &'a Stack,
    assets: &'a AssetRefs,
    template: Template,
    sources: SourceMap,
    findings: Vec<Finding>,
    imports: Vec<Import>,
    /// Values of handles whose id names a construct of another kind: the permissions
    /// they would bring are left out (the handle is reported once, FW520).
    mismatched: Vec<Value>,
}

impl<'a> Expander<'a> {
    fn new(app: &'a App, stack: &'a Stack, assets: &'a AssetRefs) -> Expander<'a> {
        let mut template = Template::new();
        template.description = stack.description.clone();
        Expander {
            app,
            stack,
            assets,
            template,
            sources: SourceMap::default(),
            findings: Vec::new(),
            imports: Vec::new(),
            mismatched: Vec::new(),
        }
    }

    fn run(mut self) -> Expanded {
        let mut extra = self.stack.extra.order.iter().peekable();
        for (position, &(kind, index)) in self.stack.order.iter().enumerate() {
            while let Some(&(_, kind, index)) = extra.next_if(|(p, _, _)| *p <= position) {
                self.extra(kind, index);
            }
            match kind {
                ResourceKind::Queue => self.queue(&self.stack.queues[index]),
                ResourceKind::Topic => self.topic(&self.stack.topics[index]),
                ResourceKind::Table => self.table(&self.stack.tables[index]),
                ResourceKind::Function => self.function(&self.stack.functions[index]),
            }
        }
        for &(_, kind, index) in extra {
            self.extra(kind, index);
        }
        self.existing_ids();
        self.overrides();
        for f in &mut self.findings {
            f.stack = self.stack.name.clone();
        }
        Expanded {
            stack: self.stack.name.clone(),
            template: self.template,
            sources: self.sources,
            findings: self.findings,
            imports: self.imports,
        }
    }

    /// Expands a bucket, stream, layer or API.
    fn extra(&mut self, kind: ConstructKind, index: usize) {
        let extra = &self.stack.extra;
        match kind {
            ConstructKind::Bucket => self.bucket(&extra.buckets[index]),
            ConstructKind::Stream => self.stream(&extra.streams[index]),
            ConstructKind::Layer => self.layer(&extra.layers[index]),
            ConstructKind::RestApi => self.rest_api(&extra.rest_apis[index]),
            ConstructKind::HttpApi => self.http_api(&extra.http_apis[index]),
            ConstructKind::Secret => self.secret(&extra.secrets[index]),
            ConstructKind::Parameter => self.parameter(&extra.parameters[index]),
            ConstructKind::Key => self.kms_key(&extra.keys[index]),
            ConstructKind::Resource => self.raw(&extra.raw[index]),
            _ => {}
        }
    }

    /// The path of a construct of this stack.
    fn path(&self, kind: &str, id: &str) -> String {
        format!("stack {} / {kind} {id}", self.stack.name)
    }

    /// Adds a resource; a logical id already taken is a finding and the first one stays.
    fn insert(&mut self, id: String, resource: Resource, construct_path: String) {
        if self.template.resources.contains_key(&id) {
            let first = self.sources.constructs.get(&id).cloned().unwrap_or_default();
            let mut f = Finding::new(
                &catalog::LOGICAL_ID_COLLISION,
                &id,
                None,
                format!("logical id `{id}` is made by both `{first}` and `{construct_path}`"),
                "rename one of the constructs".into(),
            );
            f.path = construct_path;
            self.findings.push(f);
            return;
        }
        self.sources.constructs.insert(id.clone(), construct_path);
        self.template.resources.insert(id, resource);
    }

    /// A finding about a construct, located at `path / field`.
    fn finding(&mut self, rule: &Rule, resource: &str, path: String, message: String, help: String) {
        let mut f = Finding::new(rule, resource, None, message, help);
        f.path = path;
        self.findings.push(f);
    }

    /// The value of an attribute of a construct: a local reference, or an import of the
    /// export that the construct's own stack will carry.
    fn value_of(&mut self, target: &Handle, kind: AttributeKind, from_id: &str, from_path: &str) -> Value {
        let wrong_kind = self.kind_mismatch(target, from_id, from_path);
        let value = self.value_in_stack(target, kind, from_id, from_path);
        if wrong_kind {
            self.mismatched.push(value.clone());
        }
        value
    }

    fn value_in_stack(
        &mut self,
        target: &Handle,
        kind: AttributeKind,
        from_id: &str,
        from_path: &str,
    ) -> Value {
        if let Some(existing) = reach::existing_of(self.app, self.stack, target) {
            return existing.value(kind);
        }
        let local = local_value(self.app, target, kind);
        if target.stack == self.stack.name {
            // A bucket that notifies functions is named in advance and referred to by
            // that name: a `Ref` or `GetAtt` from a function's role or environment
            // would close a cycle through the permission the bucket waits for.
            if target.kind == ConstructKind::Bucket && kind != AttributeKind::Url {
                if let Some(spelled) = self.bucket_spelled(&target.id, kind) {
                    return spelled;
                }
            }
            return local;
        }
        if !self.app.stacks.iter().any(|s| s.name == target.stack) {
            self.finding(
                &catalog::CROSS_STACK_REFERENCE,
                from_id,
                from_path.to_string(),
                format!(
                    "{} `{}` belongs to stack `{}`, which this app does not have",
                    target.kind.as_str(),
                    target.id,
                    target.stack
                ),
                "add the construct to a stack of this app".into(),
            );
            return local;
        }
        let export = export_name(&self.app.name, &target.stack, &target.id, kind);
        if !self.imports.iter().any(|i| i.export == export) {
            self.imports.push(Import {
                stack: target.stack.clone(),
                output: format!("{}{}", target.id, kind.suffix()),
                export: export.clone(),
                value: local,
                from_path: from_path.to_string(),
            });
        }
        Value::intrinsic(Intrinsic::ImportValue(Value::from(export)))
    }

    /// The ARN of a handle's resource.
    fn arn_of(&mut self, target: &Handle, from_id: &str, from_path: &str) -> Value {
        self.value_of(target, AttributeKind::Arn, from_id, from_path)
    }

    /// The value of an attribute of a construct.
    fn attribute(&mut self, attr: &Attribute, from_id: &str, from_path: &str) -> Value {
        self.value_of(&attr.target, attr.kind, from_id, from_path)
    }
}

/// What `Ref`/`GetAtt` gives a construct's attribute within its own stack.
fn local_value(app: &App, target: &Handle, kind: AttributeKind) -> Value {
    let id = target.id.as_str();
    match (target.kind, kind) {
        (ConstructKind::Topic | ConstructKind::Layer, AttributeKind::Arn) => Value::ref_(id),
        (ConstructKind::Layer, AttributeKind::Name | AttributeKind::Url) => Value::from(id),
        (ConstructKind::RestApi | ConstructKind::HttpApi, AttributeKind::Arn) => Value::sub(format!(
            "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{id}}}"
        )),
        (ConstructKind::RestApi, AttributeKind::Url) => Value::sub(format!(
            "https://${{{id}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{}",
            stage_of(app, target)
        )),
        (ConstructKind::HttpApi, AttributeKind::Url) => Value::get_att(id, "ApiEndpoint"),
        (ConstructKind::Secret, _) => Value::ref_(id),
        (ConstructKind::Parameter, AttributeKind::Arn) => {
            let slash = if parameter_name(app, target).starts_with('/') { "" } else { "/" };
            Value::sub(format!(
                "arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter{slash}${{{id}}}"
            ))
        }
        (_, AttributeKind::Ref) => Value::ref_(id),
        (_, AttributeKind::GetAtt(attribute)) => Value::get_att(id, attribute),
        (_, AttributeKind::Arn) => Value::get_att(id, "Arn"),
        (ConstructKind::Queue, AttributeKind::Name) => Value::get_att(id, "QueueName"),
        (ConstructKind::Topic, AttributeKind::Name) => Value::get_att(id, "TopicName"),
        (_, AttributeKind::Url | AttributeKind::Name) => Value::ref_(id),
    }
}

/// The name of a parameter of the app (empty when the handle names none).
fn parameter_name(app: &App, target: &Handle) -> String {
    app.stacks
        .iter()
        .filter(|s| s.name == target.stack)
        .flat_map(|s| s.extra.parameters.iter())
        .find(|p| p.id == target.id)
        .map_or_else(String::new, |p| p.name.clone())
}

/// The stage name of a REST API (`prod` when the handle names no API of the app).
fn stage_of(app: &App, target: &Handle) -> String {
    app.stacks
        .iter()
        .filter(|s| s.name == target.stack)
        .flat_map(|s| s.extra.rest_apis.iter())
        .find(|a| a.id == target.id)
        .map_or_else(|| "prod".to_string(), |a| a.stage.clone())
}

impl AttributeKind {
    /// The suffix of its output's logical id and export name (letters and digits only).
    fn suffix(self) -> String {
        match self {
            AttributeKind::Arn => "Arn".into(),
            AttributeKind::Name => "Name".into(),
            AttributeKind::Url => "Url".into(),
            AttributeKind::Ref => "Ref".into(),
            AttributeKind::GetAtt(attribute) => {
                attribute.chars().filter(char::is_ascii_alphanumeric).collect()
            }
        }
    }
}

/// The export name of a construct's attribute: `<app>-<stack>-<id>-<Attr>`, with any
/// character CloudFormation does not allow in export names replaced by `-`.
pub fn export_name(app: &str, stack: &str, id: &str, kind: AttributeKind) -> String {
    format!("{app}-{stack}-{id}-{}", kind.suffix())
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == ':' || c == '-' { c } else { '-' })
        .collect()
}

/// A value one stack imports from another.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Import {
    /// The exporting stack.
    pub stack: String,
    /// The output's logical id in the exporting stack.
    pub output: String,
    /// The export name.
    pub export: String,
    /// The value, as the exporting stack spells it.
    pub value: Value,
    /// Where the importing construct was written.
    pub from_path: String,
}

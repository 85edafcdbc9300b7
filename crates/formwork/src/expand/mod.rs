//! Expansion: a pure function from the model to the complete plain CloudFormation graph
//! of each stack, with a source map from every resource back to the construct that made it.

mod function;
mod resources;

use std::path::PathBuf;

use formwork_template::{Resource, Template, Value};
use indexmap::IndexMap;

use crate::app::{App, Stack};
use crate::construct::{Attribute, AttributeKind, Handle, ResourceKind};
use crate::validate::catalog::{self, Rule};
use crate::validate::Finding;

/// A code asset as expansion needs it: the zip's file name, or why it could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetRef {
    /// The packaged zip.
    Packaged {
        /// `<sha256>.zip`
        file_name: String,
        /// The zip's SHA-256, lowercase hex.
        sha256: String,
    },
    /// Packaging failed: the message says why.
    Failed(String),
}

/// The code assets of an app, by resolved directory.
pub type AssetRefs = IndexMap<PathBuf, AssetRef>;

/// The name of the template parameter that holds the assets' S3 bucket.
pub const ASSETS_BUCKET_PARAMETER: &str = "AssetsBucket";

/// Where each resource of a stack came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// Logical id → the construct's path, e.g. `stack orders / function ProcessOrder`.
    pub constructs: IndexMap<String, String>,
}

/// One stack, expanded.
#[derive(Debug, Clone, PartialEq)]
pub struct Expanded {
    /// The stack's name.
    pub stack: String,
    /// The complete CloudFormation template.
    pub template: Template,
    /// Where each resource came from.
    pub sources: SourceMap,
    /// Problems found while expanding (collisions, cross-stack references, missing code).
    pub findings: Vec<Finding>,
}

/// Expands every stack of the app.
pub fn expand(app: &App, assets: &AssetRefs) -> Vec<Expanded> {
    app.stacks.iter().map(|stack| Expander::new(app, stack, assets).run()).collect()
}

pub(crate) struct Expander<'a> {
    app: &'a App,
    stack: &'a Stack,
    assets: &'a AssetRefs,
    template: Template,
    sources: SourceMap,
    findings: Vec<Finding>,
}

impl<'a> Expander<'a> {
    fn new(app: &'a App, stack: &'a Stack, assets: &'a AssetRefs) -> Expander<'a> {
        let mut template = Template::new();
        template.description = stack.description.clone();
        Expander { app, stack, assets, template, sources: SourceMap::default(), findings: Vec::new() }
    }

    fn run(mut self) -> Expanded {
        for &(kind, index) in &self.stack.order {
            match kind {
                ResourceKind::Queue => self.queue(&self.stack.queues[index]),
                ResourceKind::Topic => self.topic(&self.stack.topics[index]),
                ResourceKind::Table => self.table(&self.stack.tables[index]),
                ResourceKind::Function => self.function(&self.stack.functions[index]),
            }
        }
        for f in &mut self.findings {
            f.stack = self.stack.name.clone();
        }
        Expanded {
            stack: self.stack.name.clone(),
            template: self.template,
            sources: self.sources,
            findings: self.findings,
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

    /// The target's logical id, after checking that it lives in this stack.
    fn local_id(&mut self, target: &Handle, from_id: &str, from_path: &str) -> String {
        if target.stack != self.stack.name {
            self.finding(
                &catalog::CROSS_STACK_REFERENCE,
                from_id,
                from_path.to_string(),
                format!(
                    "{} `{}` is in stack `{}`, not in `{}`",
                    target.kind.as_str(),
                    target.id,
                    target.stack,
                    self.stack.name
                ),
                "add both constructs to the same stack; cross-stack references are not supported yet".into(),
            );
        }
        target.id.clone()
    }

    /// The ARN of a handle's resource.
    fn arn_of(&mut self, target: &Handle, from_id: &str, from_path: &str) -> Value {
        let id = self.local_id(target, from_id, from_path);
        match target.kind {
            ResourceKind::Topic => Value::ref_(id),
            _ => Value::get_att(id, "Arn"),
        }
    }

    /// The value of an attribute of a construct.
    fn attribute(&mut self, attr: &Attribute, from_id: &str, from_path: &str) -> Value {
        let id = self.local_id(&attr.target, from_id, from_path);
        match (attr.target.kind, attr.kind) {
            (_, AttributeKind::Arn) => self.arn_of(&attr.target, from_id, from_path),
            (ResourceKind::Queue, AttributeKind::Url) => Value::ref_(id),
            (ResourceKind::Queue, AttributeKind::Name) => Value::get_att(id, "QueueName"),
            (ResourceKind::Topic, AttributeKind::Name) => Value::get_att(id, "TopicName"),
            (ResourceKind::Table | ResourceKind::Function, _) => Value::ref_(id),
            (ResourceKind::Topic, AttributeKind::Url) => Value::ref_(id),
        }
    }
}

//! The app as a diagram: event sources → functions → the resources they touch, failure
//! paths (dead-letter queues, on-failure destinations, queue redrives) as dashed edges,
//! stacks as groups; rendered as Mermaid or Graphviz DOT, the same bytes on every run.

use formwork_template::{Resource, Value};

use crate::refs::{one_or_many, Resolver, Target};
use crate::Stacks;

/// What a node of the diagram is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NodeKind {
    /// `AWS::Lambda::Function`.
    Function,
    /// `AWS::SQS::Queue`.
    Queue,
    /// `AWS::SNS::Topic`.
    Topic,
    /// `AWS::DynamoDB::Table`.
    Table,
    /// `AWS::S3::Bucket`.
    Bucket,
    /// `AWS::Kinesis::Stream`.
    Stream,
    /// `AWS::ApiGateway::RestApi`.
    RestApi,
    /// `AWS::ApiGatewayV2::Api`.
    HttpApi,
    /// `AWS::Lambda::Url`.
    FunctionUrl,
    /// `AWS::Events::Rule`.
    Rule,
    /// `AWS::Scheduler::Schedule`.
    Schedule,
}

impl NodeKind {
    /// The node kind of a resource type, if the diagram shows it.
    pub fn of(resource_type: &str) -> Option<NodeKind> {
        Some(match resource_type {
            "AWS::Lambda::Function" => NodeKind::Function,
            "AWS::SQS::Queue" => NodeKind::Queue,
            "AWS::SNS::Topic" => NodeKind::Topic,
            "AWS::DynamoDB::Table" => NodeKind::Table,
            "AWS::S3::Bucket" => NodeKind::Bucket,
            "AWS::Kinesis::Stream" => NodeKind::Stream,
            "AWS::ApiGateway::RestApi" => NodeKind::RestApi,
            "AWS::ApiGatewayV2::Api" => NodeKind::HttpApi,
            "AWS::Lambda::Url" => NodeKind::FunctionUrl,
            "AWS::Events::Rule" => NodeKind::Rule,
            "AWS::Scheduler::Schedule" => NodeKind::Schedule,
            _ => return None,
        })
    }

    /// The word shown under the node's name: `function`, `queue`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Function => "function",
            NodeKind::Queue => "queue",
            NodeKind::Topic => "topic",
            NodeKind::Table => "table",
            NodeKind::Bucket => "bucket",
            NodeKind::Stream => "stream",
            NodeKind::RestApi => "REST API",
            NodeKind::HttpApi => "HTTP API",
            NodeKind::FunctionUrl => "function URL",
            NodeKind::Rule => "rule",
            NodeKind::Schedule => "schedule",
        }
    }
}

/// One node: a resource of a stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The resource's logical id.
    pub id: String,
    /// What it is.
    pub kind: NodeKind,
}

/// A stack and its nodes, in template order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The stack's name.
    pub stack: String,
    /// Its nodes.
    pub nodes: Vec<Node>,
}

/// An end of an edge: the stack's index in [`Graph::groups`] and the logical id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct End {
    /// Index of the stack in [`Graph::groups`].
    pub group: usize,
    /// The resource's logical id.
    pub id: String,
}

/// What an edge means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EdgeKind {
    /// An event source invokes a function.
    Trigger,
    /// A function reads, writes, sends to or invokes a resource (from its role's
    /// statements and its environment).
    Access,
    /// Where failed events go: a dead-letter queue, an on-failure destination, a
    /// queue's redrive target. Drawn dashed.
    Failure,
    /// An on-success destination.
    Success,
}

/// One edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// Where it starts.
    pub from: End,
    /// Where it ends.
    pub to: End,
    /// What it means.
    pub kind: EdgeKind,
    /// Its label: `batch 10`, `writes`, `DLQ`, ...
    pub label: String,
}

/// The diagram of an app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graph {
    /// The stacks, in the app's order.
    pub groups: Vec<Group>,
    /// The edges, in the order the templates name them.
    pub edges: Vec<Edge>,
}

/// The output format of [`Graph::render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GraphFormat {
    /// Mermaid `flowchart LR`: renders in GitHub and most markdown viewers (the default).
    #[default]
    Mermaid,
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
}

impl GraphFormat {
    /// `mermaid` or `dot`.
    pub fn parse(text: &str) -> Option<GraphFormat> {
        match text {
            "mermaid" => Some(GraphFormat::Mermaid),
            "dot" => Some(GraphFormat::Dot),
            _ => None,
        }
    }
}

/// Builds the diagram of an app's templates.
///
/// ```
/// use formwork_template::{Resource, Template, Value};
///
/// let mut template = Template::new();
/// template.resources.insert("Jobs".into(), Resource::new("AWS::SQS::Queue"));
/// template.resources.insert("Worker".into(), Resource::new("AWS::Lambda::Function"));
/// template.resources.insert(
///     "WorkerJobs".into(),
///     Resource::new("AWS::Lambda::EventSourceMapping")
///         .property("EventSourceArn", Value::get_att("Jobs", "Arn"))
///         .property("FunctionName", Value::ref_("Worker")),
/// );
/// let stacks = [("app".to_string(), template)].into_iter().collect();
/// let graph = formwork_insight::graph::graph(&stacks);
/// assert_eq!(graph.edges.len(), 1);
/// assert!(graph.to_mermaid().contains("n0_Jobs -->|events| n0_Worker"));
/// ```
pub fn graph(stacks: &Stacks) -> Graph {
    let resolver = Resolver::new(stacks);
    let groups = stacks
        .iter()
        .map(|(name, template)| Group {
            stack: name.clone(),
            nodes: template
                .resources
                .iter()
                .filter_map(|(id, r)| Some(Node { id: id.clone(), kind: NodeKind::of(&r.resource_type)? }))
                .collect(),
        })
        .collect();
    let mut b = Builder { resolver: &resolver, edges: Vec::new() };
    for stack in 0..stacks.len() {
        b.stack(stack);
    }
    Graph { groups, edges: b.edges }
}

struct Builder<'a> {
    resolver: &'a Resolver<'a>,
    edges: Vec<Edge>,
}

impl Builder<'_> {
    fn is(&self, t: &Target, kind: NodeKind) -> bool {
        self.resolver
            .template(t.stack)
            .resources
            .get(&t.id)
            .is_some_and(|r| NodeKind::of(&r.resource_type) == Some(kind))
    }

    fn shown(&self, t: &Target) -> bool {
        self.resolver
            .template(t.stack)
            .resources
            .get(&t.id)
            .is_some_and(|r| NodeKind::of(&r.resource_type).is_some())
    }

    /// An alias or version stands for its function.
    fn canonical(&self, t: &Target) -> Target {
        let template = self.resolver.template(t.stack);
        match template.resources.get(&t.id) {
            Some(r) if matches!(r.resource_type.as_str(), "AWS::Lambda::Alias" | "AWS::Lambda::Version") => {
                self.prop(t.stack, r, "FunctionName").unwrap_or_else(|| t.clone())
            }
            _ => t.clone(),
        }
    }

    fn edge(&mut self, from: &Target, to: &Target, kind: EdgeKind, label: impl Into<String>) {
        let (from, to) = (&self.canonical(from), &self.canonical(to));
        if !self.shown(from) || !self.shown(to) || from == to {
            return;
        }
        let from = End { group: from.stack, id: from.id.clone() };
        let to = End { group: to.stack, id: to.id.clone() };
        let label = label.into();
        if let Some(e) = self.edges.iter_mut().find(|e| e.from == from && e.to == to && e.kind == kind) {
            if !e.label.split(", ").any(|l| l == label) {
                e.label = format!("{}, {label}", e.label);
            }
            return;
        }
        self.edges.push(Edge { from, to, kind, label });
    }

    fn prop(&self, stack: usize, r: &Resource, name: &str) -> Option<Target> {
        r.properties.get(name).and_then(|v| self.resolver.target(stack, v))
    }

    fn stack(&mut self, stack: usize) {
        let template = self.resolver.template(stack);
        // triggers and failure paths first, so access edges can leave them out
        for (id, r) in &template.resources {
            let here = Target { stack, id: id.clone() };
            match r.resource_type.as_str() {
                "AWS::Lambda::EventSourceMapping" => {
                    let (Some(source), Some(function)) =
                        (self.prop(stack, r, "EventSourceArn"), self.prop(stack, r, "FunctionName"))
                    else {
                        continue;
                    };
                    let label = match r.properties.get("BatchSize").and_then(Value::as_i64) {
                        Some(n) => format!("batch {n}"),
                        None => "events".into(),
                    };
                    self.edge(&source, &function, EdgeKind::Trigger, label);
                    let failure = r.properties.get("DestinationConfig").and_then(|d| d.get("OnFailure"));
                    if let Some(to) = failure
                        .and_then(|f| f.get("Destination"))
                        .and_then(|v| self.resolver.target(stack, v))
                    {
                        self.edge(&function, &to, EdgeKind::Failure, "on failure");
                    }
                }
                "AWS::SNS::Subscription" => {
                    if let (Some(topic), Some(to)) =
                        (self.prop(stack, r, "TopicArn"), self.prop(stack, r, "Endpoint"))
                    {
                        self.edge(&topic, &to, EdgeKind::Trigger, "subscription");
                    }
                }
                "AWS::S3::Bucket" => {
                    let configs = r
                        .properties
                        .get("NotificationConfiguration")
                        .and_then(|n| n.get("LambdaConfigurations"));
                    for c in one_or_many(configs) {
                        if let Some(to) = c.get("Function").and_then(|v| self.resolver.target(stack, v)) {
                            let label =
                                c.get("Event").and_then(Value::as_str).unwrap_or("events").to_string();
                            self.edge(&here, &to, EdgeKind::Trigger, label);
                        }
                    }
                }
                "AWS::Events::Rule" => {
                    let label = match r.properties.get("ScheduleExpression").and_then(Value::as_str) {
                        Some(s) => s.to_string(),
                        None => "event pattern".into(),
                    };
                    for t in one_or_many(r.properties.get("Targets")) {
                        if let Some(to) = t.get("Arn").and_then(|v| self.resolver.target(stack, v)) {
                            self.edge(&here, &to, EdgeKind::Trigger, label.clone());
                        }
                    }
                }
                "AWS::Scheduler::Schedule" => {
                    let label =
                        r.properties.get("ScheduleExpression").and_then(Value::as_str).unwrap_or("schedule");
                    if let Some(to) = r.properties.get("Target").and_then(|t| t.get("Arn")) {
                        for to in self.resolver.targets(stack, to) {
                            self.edge(&here, &to, EdgeKind::Trigger, label);
                        }
                    }
                }
                "AWS::Lambda::Url" => {
                    if let Some(to) = self.prop(stack, r, "TargetFunctionArn") {
                        let auth = r.properties.get("AuthType").and_then(Value::as_str).unwrap_or("HTTPS");
                        self.edge(&here, &to, EdgeKind::Trigger, auth);
                    }
                }
                "AWS::ApiGateway::Method" => {
                    let (Some(api), Some(integration)) = (
                        self.prop(stack, r, "RestApiId"),
                        r.properties.get("Integration").and_then(|i| i.get("Uri")),
                    ) else {
                        continue;
                    };
                    let method = r.properties.get("HttpMethod").and_then(Value::as_str).unwrap_or("ANY");
                    let path = self.rest_path(stack, r.properties.get("ResourceId"));
                    for to in self.resolver.targets(stack, integration) {
                        if self.is(&to, NodeKind::Function) {
                            self.edge(&api, &to, EdgeKind::Trigger, format!("{method} {path}"));
                        }
                    }
                }
                "AWS::ApiGatewayV2::Integration" => {
                    let (Some(api), Some(to)) =
                        (self.prop(stack, r, "ApiId"), self.prop(stack, r, "IntegrationUri"))
                    else {
                        continue;
                    };
                    let mut routes: Vec<&str> = template
                        .resources
                        .values()
                        .filter(|route| route.resource_type == "AWS::ApiGatewayV2::Route")
                        .filter(|route| {
                            route
                                .properties
                                .get("Target")
                                .is_some_and(|t| self.resolver.targets(stack, t).contains(&here))
                        })
                        .filter_map(|route| route.properties.get("RouteKey").and_then(Value::as_str))
                        .collect();
                    if routes.is_empty() {
                        routes.push("route");
                    }
                    for route in routes {
                        self.edge(&api, &to, EdgeKind::Trigger, route);
                    }
                }
                "AWS::Lambda::Permission" => {
                    // APIs defined by an OpenAPI body name their functions only here
                    if r.properties.get("Principal").and_then(Value::as_str)
                        != Some("apigateway.amazonaws.com")
                    {
                        continue;
                    }
                    let (Some(function), Some(arn)) =
                        (self.prop(stack, r, "FunctionName"), r.properties.get("SourceArn"))
                    else {
                        continue;
                    };
                    let route = match arn.as_intrinsic() {
                        Some(formwork_template::Intrinsic::Sub { template: text, .. }) => route_of(text),
                        _ => None,
                    };
                    for api in self.resolver.targets(stack, arn) {
                        if self.is(&api, NodeKind::RestApi) || self.is(&api, NodeKind::HttpApi) {
                            self.edge(
                                &api,
                                &function,
                                EdgeKind::Trigger,
                                route.clone().unwrap_or_else(|| "route".into()),
                            );
                        }
                    }
                }
                "AWS::SQS::Queue" => {
                    let redrive =
                        r.properties.get("RedrivePolicy").and_then(|p| p.get("deadLetterTargetArn"));
                    if let Some(to) = redrive.and_then(|v| self.resolver.target(stack, v)) {
                        let label = match r
                            .properties
                            .get("RedrivePolicy")
                            .and_then(|p| p.get("maxReceiveCount"))
                            .and_then(Value::as_i64)
                        {
                            Some(n) => format!("redrive after {n}"),
                            None => "redrive".into(),
                        };
                        self.edge(&here, &to, EdgeKind::Failure, label);
                    }
                }
                "AWS::Lambda::Function" => {
                    let dlq = r.properties.get("DeadLetterConfig").and_then(|d| d.get("TargetArn"));
                    if let Some(to) = dlq.and_then(|v| self.resolver.target(stack, v)) {
                        self.edge(&here, &to, EdgeKind::Failure, "DLQ");
                    }
                }
                "AWS::Lambda::EventInvokeConfig" => {
                    let Some(function) = self.prop(stack, r, "FunctionName") else { continue };
                    let config = r.properties.get("DestinationConfig");
                    let on = |key: &str| config.and_then(|c| c.get(key)).and_then(|c| c.get("Destination"));
                    if let Some(to) = on("OnFailure").and_then(|v| self.resolver.target(stack, v)) {
                        self.edge(&function, &to, EdgeKind::Failure, "on failure");
                    }
                    if let Some(to) = on("OnSuccess").and_then(|v| self.resolver.target(stack, v)) {
                        self.edge(&function, &to, EdgeKind::Success, "on success");
                    }
                }
                _ => {}
            }
        }
        for (id, r) in &template.resources {
            if r.resource_type == "AWS::Lambda::Function" {
                self.access(stack, id, r);
            }
        }
    }

    /// The path of a REST API resource (`/orders/{id}`), from its `PathPart`s.
    fn rest_path(&self, stack: usize, resource: Option<&Value>) -> String {
        let template = self.resolver.template(stack);
        let mut parts = Vec::new();
        let mut at = resource.and_then(|v| self.resolver.target(stack, v));
        while let Some(t) = at.take() {
            let Some(r) = template.resources.get(&t.id) else { break };
            if r.resource_type != "AWS::ApiGateway::Resource" || parts.len() > 64 {
                break;
            }
            if let Some(p) = r.properties.get("PathPart").and_then(Value::as_str) {
                parts.push(p.to_string());
            }
            at = self.prop(stack, r, "ParentId");
        }
        parts.reverse();
        format!("/{}", parts.join("/"))
    }

    /// Edges from a function to what its role's statements and its environment name,
    /// leaving out what a trigger or failure edge already shows.
    fn access(&mut self, stack: usize, id: &str, function: &Resource) {
        let template = self.resolver.template(stack);
        let me = Target { stack, id: id.to_string() };
        let drawn: Vec<End> = self
            .edges
            .iter()
            .filter(|e| matches!(e.kind, EdgeKind::Trigger | EdgeKind::Failure | EdgeKind::Success))
            .filter_map(|e| {
                let mine = End { group: stack, id: id.to_string() };
                if e.to == mine {
                    Some(e.from.clone())
                } else if e.from == mine {
                    Some(e.to.clone())
                } else {
                    None
                }
            })
            .collect();
        let mut documents: Vec<&Value> = Vec::new();
        if let Some(role) = self.prop(stack, function, "Role").filter(|r| r.stack == stack) {
            if let Some(r) = template.resources.get(&role.id) {
                for p in one_or_many(r.properties.get("Policies")) {
                    documents.extend(p.get("PolicyDocument"));
                }
            }
            for r in template.resources.values() {
                if matches!(r.resource_type.as_str(), "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy")
                    && one_or_many(r.properties.get("Roles"))
                        .iter()
                        .any(|v| self.resolver.target(stack, v).as_ref() == Some(&role))
                {
                    documents.extend(r.properties.get("PolicyDocument"));
                }
            }
        }
        for document in documents {
            for statement in one_or_many(document.get("Statement")) {
                if statement.get("Effect").and_then(Value::as_str) != Some("Allow") {
                    continue;
                }
                let actions: Vec<&str> =
                    one_or_many(statement.get("Action")).iter().filter_map(|a| a.as_str()).collect();
                let Some(resources) = statement.get("Resource") else { continue };
                for to in self.resolver.targets(stack, resources) {
                    if drawn.contains(&End { group: to.stack, id: to.id.clone() }) {
                        continue;
                    }
                    for verb in verbs(&actions) {
                        self.edge(&me, &to, EdgeKind::Access, verb);
                    }
                }
            }
        }
        if let Some(vars) = function.properties.get("Environment").and_then(|e| e.get("Variables")) {
            for to in self.resolver.targets(stack, vars) {
                let already = self.edges.iter().any(|e| {
                    e.from == End { group: stack, id: id.to_string() }
                        && e.to == End { group: to.stack, id: to.id.clone() }
                });
                if !already && !drawn.contains(&End { group: to.stack, id: to.id.clone() }) {
                    self.edge(&me, &to, EdgeKind::Access, "env");
                }
            }
        }
    }
}

/// `POST /customers/*/orders` from an execute-api ARN
/// (`arn:...:execute-api:...:${Api}/<stage>/<METHOD>/<path>`).
fn route_of(arn: &str) -> Option<String> {
    let (_, rest) = arn.split_once("}/")?;
    let mut parts = rest.splitn(3, '/');
    let _stage = parts.next()?;
    let method = parts.next()?;
    let path = parts.next().unwrap_or("");
    let method = if method == "*" { "ANY" } else { method };
    Some(format!("{method} /{path}"))
}

/// What a statement's actions do to their resource, as the diagram says it.
fn verbs(actions: &[&str]) -> Vec<&'static str> {
    let mut out = Vec::new();
    for action in actions {
        let name = action.split_once(':').map_or(*action, |(_, n)| n);
        let verb = match name {
            "SendMessage" => "sends",
            "Publish" => "publishes",
            "InvokeFunction" => "invokes",
            "PutEvents" => "puts events",
            _ if ["Get", "Describe", "List", "Query", "Scan", "BatchGet", "Receive", "ConditionCheck"]
                .iter()
                .any(|p| name.starts_with(p)) =>
            {
                "reads"
            }
            _ => "writes",
        };
        if !out.contains(&verb) {
            out.push(verb);
        }
    }
    out.sort_unstable_by_key(|v| {
        ["reads", "writes", "sends", "publishes", "invokes", "puts events"].iter().position(|x| x == v)
    });
    out
}

fn node_id(group: usize, id: &str) -> String {
    // logical ids are alphanumeric (CloudFormation's rule), so this is a valid identifier
    // in both formats; anything else in a hand-written template is replaced
    let clean: String = id.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    format!("n{group}_{clean}")
}

fn escape_mermaid(text: &str) -> String {
    text.replace('"', "#quot;").replace('|', "#124;")
}

fn escape_dot(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

impl Graph {
    /// The diagram in the chosen format.
    pub fn render(&self, format: GraphFormat) -> String {
        match format {
            GraphFormat::Mermaid => self.to_mermaid(),
            GraphFormat::Dot => self.to_dot(),
        }
    }

    /// Mermaid `flowchart LR`: one `subgraph` per stack; functions rounded, queues as
    /// subroutines, topics as hexagons, tables, buckets and streams as cylinders, entry
    /// points (APIs, URLs, rules, schedules) as parallelograms; failure edges dashed.
    pub fn to_mermaid(&self) -> String {
        let mut out = String::from("flowchart LR\n");
        for (g, group) in self.groups.iter().enumerate() {
            out.push_str(&format!("  subgraph s{g}[\"stack {}\"]\n", escape_mermaid(&group.stack)));
            for node in &group.nodes {
                let label = format!("{}<br/><i>{}</i>", escape_mermaid(&node.id), node.kind.as_str());
                let (open, close) = match node.kind {
                    NodeKind::Function => ("(", ")"),
                    NodeKind::Queue => ("[[", "]]"),
                    NodeKind::Topic => ("{{", "}}"),
                    NodeKind::Table | NodeKind::Bucket | NodeKind::Stream => ("[(", ")]"),
                    NodeKind::RestApi
                    | NodeKind::HttpApi
                    | NodeKind::FunctionUrl
                    | NodeKind::Rule
                    | NodeKind::Schedule => ("[/", "/]"),
                };
                out.push_str(&format!("    {}{open}\"{label}\"{close}\n", node_id(g, &node.id)));
            }
            out.push_str("  end\n");
        }
        for e in &self.edges {
            let arrow = match e.kind {
                EdgeKind::Failure => "-.->",
                _ => "-->",
            };
            out.push_str(&format!(
                "  {} {arrow}|{}| {}\n",
                node_id(e.from.group, &e.from.id),
                escape_mermaid(&e.label),
                node_id(e.to.group, &e.to.id)
            ));
        }
        out
    }

    /// Graphviz DOT: one `cluster` subgraph per stack, failure edges dashed.
    pub fn to_dot(&self) -> String {
        let mut out = String::from("digraph app {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
        for (g, group) in self.groups.iter().enumerate() {
            out.push_str(&format!(
                "  subgraph cluster_{g} {{\n    label=\"stack {}\";\n",
                escape_dot(&group.stack)
            ));
            for node in &group.nodes {
                let shape = match node.kind {
                    NodeKind::Function => "box, style=rounded",
                    NodeKind::Queue => "box3d",
                    NodeKind::Topic => "hexagon",
                    NodeKind::Table | NodeKind::Bucket | NodeKind::Stream => "cylinder",
                    NodeKind::RestApi
                    | NodeKind::HttpApi
                    | NodeKind::FunctionUrl
                    | NodeKind::Rule
                    | NodeKind::Schedule => "parallelogram",
                };
                out.push_str(&format!(
                    "    {} [label=\"{}\\n{}\", shape={shape}];\n",
                    node_id(g, &node.id),
                    escape_dot(&node.id),
                    node.kind.as_str()
                ));
            }
            out.push_str("  }\n");
        }
        for e in &self.edges {
            let style = match e.kind {
                EdgeKind::Failure => ", style=dashed",
                _ => "",
            };
            out.push_str(&format!(
                "  {} -> {} [label=\"{}\"{style}];\n",
                node_id(e.from.group, &e.from.id),
                node_id(e.to.group, &e.to.id),
                escape_dot(&e.label)
            ));
        }
        out.push_str("}\n");
        out
    }
}

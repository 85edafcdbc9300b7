//! A function: its log group, execution role (exactly the permissions its features
//! need), the function itself, its version and alias, and what invokes it.

use std::collections::BTreeSet;

use formwork_iam::{PolicyDocument, Statement};
use formwork_template::{to_json, DeletionPolicy, Map, Resource, Value};

use super::{Expander, Permission};
use crate::construct::{Code, DeadLetterTarget, EnvValue, Function, FunctionLayer, LogFormat, Text, Tracing};

/// One permission a function needs and why: an action on a resource.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Need {
    pub(super) action: &'static str,
    pub(super) resource: Value,
    pub(super) reason: String,
}

/// Statements from needs: one per distinct action set, resources in first-seen order,
/// actions sorted and deduplicated.
fn statements(needs: &[Need]) -> Vec<Statement> {
    let mut by_resource: Vec<(Value, BTreeSet<&'static str>)> = Vec::new();
    for need in needs {
        match by_resource.iter_mut().find(|(r, _)| *r == need.resource) {
            Some((_, actions)) => {
                actions.insert(need.action);
            }
            None => by_resource.push((need.resource.clone(), BTreeSet::from([need.action]))),
        }
    }
    let mut grouped: Vec<(BTreeSet<&'static str>, Vec<Value>)> = Vec::new();
    for (resource, actions) in by_resource {
        match grouped.iter_mut().find(|(a, _)| *a == actions) {
            Some((_, resources)) => resources.push(resource),
            None => grouped.push((actions, vec![resource])),
        }
    }
    grouped.into_iter().map(|(actions, resources)| Statement::allow(actions, resources)).collect()
}

/// Actions X-Ray tracing needs; neither accepts a resource ARN.
const TRACING_ACTIONS: [&str; 2] = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"];

/// Network interface actions a function in a VPC needs on the account's network
/// interfaces (what AWSLambdaVPCAccessExecutionRole grants, scoped).
const VPC_INTERFACE_ACTIONS: [&str; 4] = [
    "ec2:AssignPrivateIpAddresses",
    "ec2:CreateNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:UnassignPrivateIpAddresses",
];

/// VPC actions that accept no resource ARN.
const VPC_DESCRIBE_ACTIONS: [&str; 2] = ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"];

/// A function being expanded: what its features add besides the function resource.
pub(super) struct Parts {
    /// Its construct path.
    pub(super) path: String,
    /// What invokers name in `FunctionName`: `Ref` of the function, or of its alias.
    pub(super) name: Value,
    /// What invokers name as an ARN: the function's `Arn`, or `Ref` of its alias.
    pub(super) arn: Value,
    /// The alias's name and logical id, when one is published.
    pub(super) alias: Option<(String, String)>,
    /// Every permission the role needs.
    pub(super) needs: Vec<Need>,
    /// Resources made for the function, inserted after it, with their construct paths.
    pub(super) resources: Vec<(String, Resource, String)>,
    /// Metadata for the function resource.
    pub(super) metadata: Map,
}

impl Parts {
    /// Records a need.
    pub(super) fn need(&mut self, action: &'static str, resource: Value, reason: impl Into<String>) {
        self.needs.push(Need { action, resource, reason: reason.into() });
    }

    /// Adds a resource made for the function.
    pub(super) fn add(&mut self, id: String, resource: Resource, path: String) {
        self.resources.push((id, resource, path));
    }
}

/// The objects of a bucket, `<bucket ARN>/*`, from the bucket's ARN expression.
pub(super) fn objects_of(bucket_arn: &Value) -> Value {
    use formwork_template::Intrinsic;
    match bucket_arn.as_intrinsic() {
        Some(Intrinsic::GetAtt { resource, attribute }) => {
            Value::sub(format!("${{{resource}.{attribute}}}/*"))
        }
        Some(Intrinsic::Sub { template, variables: None }) => Value::sub(format!("{template}/*")),
        _ => Value::join("", vec![bucket_arn.clone(), "/*".into()]),
    }
}

/// A logical-id-safe form of a name: its ASCII letters and digits.
pub(super) fn id_part(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).collect()
}

impl Expander<'_> {
    pub(super) fn function(&mut self, f: &Function) {
        let path = self.path("function", &f.id);
        let log_group_id = format!("{}LogGroup", f.id);
        let role_id = format!("{}Role", f.id);
        let alias = super::resources::alias_of(f);
        let (name, arn) = match &alias {
            Some((_, alias_id)) => (Value::ref_(alias_id), Value::ref_(alias_id)),
            None => (Value::ref_(&f.id), Value::get_att(&f.id, "Arn")),
        };
        // Only this function's own uses of mismatched handles leave permissions out.
        self.mismatched.clear();
        let mut parts = Parts {
            path: path.clone(),
            name,
            arn,
            alias: alias.clone(),
            needs: Vec::new(),
            resources: Vec::new(),
            metadata: Map::new(),
        };
        for action in ["logs:CreateLogStream", "logs:PutLogEvents"] {
            parts.need(
                action,
                Value::get_att(&log_group_id, "Arn"),
                format!("writes to its log group {log_group_id}"),
            );
        }

        // Kept like other data when the stack goes (as CDK does); events still expire.
        let mut log_group = Resource::new("AWS::Logs::LogGroup").retention(Some(DeletionPolicy::Retain));
        if let Some(days) = f.log_retention.days() {
            log_group = log_group.property("RetentionInDays", days);
        }
        self.insert(log_group_id.clone(), log_group, path.clone());

        let mut props = Map::new();
        let mut set = |k: &str, v: Value| {
            props.insert(k.to_string(), v);
        };
        if let Some(name) = &f.function_name {
            set("FunctionName", Value::from(name.as_str()));
        }
        if let Some(d) = &f.description {
            set("Description", Value::from(d.as_str()));
        }
        if matches!(f.code, Code::Image(_)) {
            set("PackageType", Value::from("Image"));
        }
        if let Some(runtime) = f.runtime {
            set("Runtime", Value::from(runtime.as_str()));
        }
        if let Some(handler) = &f.handler {
            set("Handler", Value::from(handler.as_str()));
        }
        let code = self.code(f, &path);
        props.insert("Code".into(), code);
        self.code_size(f, &path);
        props.insert("Role".into(), Value::get_att(&role_id, "Arn"));
        props.insert("MemorySize".into(), Value::from(f.memory.get()));
        props.insert("Timeout".into(), Value::Int(f.timeout.as_secs_i64()));
        if f.architecture != Default::default() {
            props.insert("Architectures".into(), Value::List(vec![f.architecture.as_str().into()]));
        }
        if let Some(size) = f.ephemeral_storage {
            props.insert("EphemeralStorage".into(), Value::map([("Size", Value::from(size.get()))]));
        }
        if !f.environment.is_empty() {
            let mut vars = Map::new();
            for (k, v) in &f.environment {
                let value = match v {
                    EnvValue::Text(s) => Value::from(s.as_str()),
                    EnvValue::Attribute(a) => self.attribute(a, &f.id, &format!("{path} / env {k}")),
                };
                vars.insert(k.clone(), value);
            }
            props.insert("Environment".into(), Value::map([("Variables", Value::Map(vars))]));
        }
        if let Some(n) = f.reserved_concurrency {
            props.insert("ReservedConcurrentExecutions".into(), Value::from(n));
        }
        if !f.layers.is_empty() {
            let layers = self.layers(f, &path);
            props.insert("Layers".into(), Value::List(layers));
        }
        let dead_letter = f.dead_letter.as_ref().map(|target| match target {
            DeadLetterTarget::Queue(q) => (&q.0, "sqs:SendMessage"),
            DeadLetterTarget::Topic(t) => (&t.0, "sns:Publish"),
        });
        let dlq_path = format!("{path} / dead_letter_queue");
        if let Some((handle, action)) = dead_letter.filter(|(h, _)| !self.kind_mismatch(h, &f.id, &dlq_path))
        {
            let arn = self.arn_of(handle, &f.id, &dlq_path);
            parts.need(action, arn.clone(), format!("dead_letter_queue {}", handle.id));
            props.insert("DeadLetterConfig".into(), Value::map([("TargetArn", arn)]));
        }
        if f.tracing == Tracing::Active {
            props.insert("TracingConfig".into(), Value::map([("Mode", Value::from("Active"))]));
            for action in TRACING_ACTIONS {
                parts.need(action, Value::from("*"), "tracing Active (X-Ray accepts no resource ARN)");
            }
        }
        if let Some(vpc) = &f.vpc {
            let vpc_path = format!("{path} / vpc");
            let subnets: Vec<Value> = vpc.subnets.iter().map(|s| self.text(s, &f.id, &vpc_path)).collect();
            let groups: Vec<Value> =
                vpc.security_groups.iter().map(|s| self.text(s, &f.id, &vpc_path)).collect();
            let interfaces =
                Value::sub("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:network-interface/*");
            for action in VPC_INTERFACE_ACTIONS {
                parts.need(action, interfaces.clone(), "vpc (Lambda's network interfaces)");
            }
            for (kind, ids) in [("subnet", &subnets), ("security-group", &groups)] {
                for id in ids {
                    let arn = Value::join(
                        "",
                        vec![
                            Value::sub(format!(
                                "arn:${{AWS::Partition}}:ec2:${{AWS::Region}}:${{AWS::AccountId}}:{kind}/"
                            )),
                            id.clone(),
                        ],
                    );
                    parts.need(
                        "ec2:CreateNetworkInterface",
                        arn,
                        format!("vpc ({kind} the interfaces are created in)"),
                    );
                }
            }
            for action in VPC_DESCRIBE_ACTIONS {
                parts.need(action, Value::from("*"), "vpc (EC2 describe actions accept no resource ARN)");
            }
            props.insert(
                "VpcConfig".into(),
                Value::map([("SubnetIds", Value::List(subnets)), ("SecurityGroupIds", Value::List(groups))]),
            );
        }
        if f.snap_start {
            props.insert("SnapStart".into(), Value::map([("ApplyOn", Value::from("PublishedVersions"))]));
        }
        let mut logging = Map::new();
        if f.log_format == LogFormat::Json {
            logging.insert("LogFormat".into(), Value::from("JSON"));
        }
        if let Some(level) = f.application_log_level {
            logging.insert("ApplicationLogLevel".into(), Value::from(level.as_str()));
        }
        if let Some(level) = f.system_log_level {
            logging.insert("SystemLogLevel".into(), Value::from(level.as_str()));
        }
        logging.insert("LogGroup".into(), Value::ref_(&log_group_id));
        props.insert("LoggingConfig".into(), Value::Map(logging));

        for grant in &f.grants {
            let grant_path = format!("{path} / grant {} {}", grant.intent.as_str(), grant.target.id);
            if self.kind_mismatch(&grant.target, &f.id, &grant_path) {
                continue;
            }
            let arn = self.grant_arn(&grant.target, &f.id, &grant_path);
            self.key_needs(f, grant.intent, &grant.target, &mut parts);
            let reason = format!("grant {} {}", grant.intent.as_str(), grant.target.id);
            for action in grant.intent.actions() {
                let resource = if crate::construct::GrantIntent::on_objects(action) {
                    objects_of(&arn)
                } else {
                    arn.clone()
                };
                parts.need(action, resource, reason.clone());
            }
        }

        for source in &f.event_sources {
            self.event_source(f, source, &mut parts);
        }
        self.async_invoke(f, &mut parts);
        self.function_url(f, &mut parts);
        self.invoke_permissions(f, &mut parts);

        let mismatched = std::mem::take(&mut self.mismatched);
        parts.needs.retain(|n| !mismatched.iter().any(|m| *m == n.resource || objects_of(m) == n.resource));
        let hand_made = self.hand_made(f, &parts);
        let generated = statements(&parts.needs);
        for (i, (_, statement_path, _)) in hand_made.iter().enumerate() {
            let index = generated.len().saturating_add(i);
            self.sources.parts.insert(
                format!("{role_id}/Policies.0.PolicyDocument.Statement.{index}"),
                statement_path.clone(),
            );
        }
        let mut document = generated;
        let mut listed_by_hand = Vec::new();
        for (statement, _, listed) in hand_made {
            document.push(statement);
            listed_by_hand.extend(listed);
        }
        let role = self.role(f, document, &parts.needs);
        let mut permissions: Vec<Permission> = std::mem::take(&mut parts.needs)
            .into_iter()
            .map(|n| Permission::new(n.action.to_string(), n.resource, n.reason))
            .collect();
        permissions.extend(listed_by_hand);
        self.sources.permissions.insert(role_id.clone(), permissions);
        self.insert(role_id, role, path.clone());

        // Only a function with an alias publishes versions, named by their properties.
        let version_hash = alias
            .as_ref()
            .map(|_| formwork_asset::sha256_hex(to_json(&Value::Map(props.clone())).as_bytes()))
            .unwrap_or_default();
        let mut function = Resource::new("AWS::Lambda::Function");
        function.properties = props;
        function.metadata = std::mem::take(&mut parts.metadata);
        self.insert(f.id.clone(), function, path.clone());
        if let Some((alias_name, alias_id)) = &alias {
            let version_id = format!("{}Version{}", f.id, &version_hash[..10]);
            let version = Resource::new("AWS::Lambda::Version").property("FunctionName", Value::ref_(&f.id));
            let mut version = version;
            // As SAM does: an old version stays, so a rollback or a caller pinned to it works.
            version.deletion_policy = Some(DeletionPolicy::Retain);
            self.insert(version_id.clone(), version, format!("{path} / alias {alias_name}"));
            let alias_resource = Resource::new("AWS::Lambda::Alias")
                .property("Name", alias_name.as_str())
                .property("FunctionName", Value::ref_(&f.id))
                .property("FunctionVersion", Value::get_att(&version_id, "Version"))
                .maybe_property(
                    "ProvisionedConcurrencyConfig",
                    f.provisioned_concurrency
                        .map(|n| Value::map([("ProvisionedConcurrentExecutions", Value::from(n))])),
                );
            let alias_path = format!("{path} / alias {alias_name}");
            self.insert(alias_id.clone(), alias_resource, alias_path);
        }
        for (id, resource, resource_path) in parts.resources {
            self.insert(id, resource, resource_path);
        }
    }

    /// The execution role: assumable by Lambda, one inline policy of the statements the
    /// needs make, and the reasons for any action granted on `*` in its metadata.
    fn role(&self, f: &Function, document: Vec<Statement>, needs: &[Need]) -> Resource {
        let opt_ins: Vec<(String, Value)> = document
            .iter()
            .filter_map(Statement::wildcard_opt_in)
            .map(|o| (o.metadata_key(), Value::from(o.reason)))
            .collect();
        let mut role = Resource::new("AWS::IAM::Role")
            .property(
                "AssumeRolePolicyDocument",
                PolicyDocument::new(vec![Statement::assume_role_by_service("lambda.amazonaws.com")])
                    .into_value(),
            )
            .property(
                "Policies",
                Value::List(vec![Value::map([
                    ("PolicyName", Value::from(format!("{}Policy", f.id))),
                    ("PolicyDocument", PolicyDocument::new(document).into_value()),
                ])]),
            );
        let mut unscoped: Vec<(String, Vec<&'static str>)> = Vec::new();
        for need in needs.iter().filter(|n| n.resource.as_str() == Some("*")) {
            let reason = unscoped_reason(need);
            match unscoped.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, actions)) if !actions.contains(&need.action) => actions.push(need.action),
                Some(_) => {}
                None => unscoped.push((reason, vec![need.action])),
            }
        }
        if !unscoped.is_empty() || !opt_ins.is_empty() {
            let mut entries: Vec<(String, Value)> = unscoped
                .into_iter()
                .map(|(reason, mut actions)| {
                    actions.sort_unstable();
                    (actions.join(", "), Value::from(reason))
                })
                .collect();
            entries.extend(opt_ins);
            role.metadata.insert("formwork:unscoped".into(), Value::map(entries));
        }
        role
    }

    /// The `Layers` list: layer constructs by `Ref` (their version ARN), existing ARNs as
    /// written.
    fn layers(&mut self, f: &Function, path: &str) -> Vec<Value> {
        let mut out = Vec::new();
        for layer in &f.layers {
            match layer {
                FunctionLayer::Layer(l) => {
                    let layer_path = format!("{path} / layer {}", l.0.id);
                    out.push(self.arn_of(&l.0, &f.id, &layer_path));
                }
                FunctionLayer::Arn(arn) => out.push(Value::from(arn.as_str())),
            }
        }
        out
    }

    /// A literal or a construct's value.
    pub(super) fn text(&mut self, text: &Text, from_id: &str, from_path: &str) -> Value {
        match text {
            Text::Literal(s) => Value::from(s.as_str()),
            Text::Attribute(a) => self.attribute(a, from_id, from_path),
            Text::ThisAccount => Value::pseudo(formwork_template::Pseudo::AccountId),
        }
    }
}

/// The reason recorded for an action granted on `*`. X-Ray's wording is kept as it was
/// first written, so existing templates do not change.
fn unscoped_reason(need: &Need) -> String {
    if TRACING_ACTIONS.contains(&need.action) {
        return "X-Ray accepts no resource ARN for these actions; required by active tracing".into();
    }
    need.reason.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_group_by_resource_then_by_action_set() {
        let a = Value::get_att("A", "Arn");
        let b = Value::get_att("B", "Arn");
        let need =
            |action, resource: &Value| Need { action, resource: resource.clone(), reason: String::new() };
        let needs = [
            need("sqs:SendMessage", &a),
            need("sqs:SendMessage", &b),
            need("logs:PutLogEvents", &Value::get_att("L", "Arn")),
            need("sqs:SendMessage", &a),
        ];
        let s = statements(&needs);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].actions, vec!["sqs:SendMessage".to_string()]);
        assert_eq!(s[0].resources, vec![a, b]);
        assert_eq!(s[1].actions, vec!["logs:PutLogEvents".to_string()]);
    }

    #[test]
    fn objects_of_a_bucket() {
        assert_eq!(objects_of(&Value::get_att("B", "Arn")), Value::sub("${B.Arn}/*"));
    }
}

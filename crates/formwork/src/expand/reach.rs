//! What lets an app reach past its own constructs: secrets, parameters and keys it
//! creates, resources it does not create (their values, with no resource written),
//! handles checked by kind, and the statements a function's author writes by hand.

use formwork_iam::Effect;
use formwork_template::{Resource, Value};

use formwork_rules::{catalog, Finding};

use super::function::{objects_of, Parts};
use super::resources::retention;
use super::{Expander, Permission};
use crate::app::App;
use crate::construct::Stack;
use crate::construct::{
    AttributeKind, ConstructKind, ExistingResource, Function, GrantIntent, Handle, KmsKey, KmsKeyRef,
    Parameter, PolicyResource, Secret,
};

/// The stack of this name: `current` itself (no search) when it is that one.
fn stack_named<'a>(app: &'a App, current: &'a Stack, name: &str) -> Option<&'a Stack> {
    if current.name == name {
        return Some(current);
    }
    app.stacks.iter().find(|s| s.name == name)
}

/// The kind of the construct with this id in this stack, if there is one.
fn kind_in(s: &Stack, id: &str) -> Option<ConstructKind> {
    own_kind(s, id).or_else(|| s.extra.existing(id).map(|e| e.kind))
}

/// Whether the stack has a construct of this kind and id (new or existing).
fn has(s: &Stack, kind: ConstructKind, id: &str) -> bool {
    let x = &s.extra;
    let own = match kind {
        ConstructKind::Queue => s.queues.iter().any(|c| c.id == id),
        ConstructKind::Topic => s.topics.iter().any(|c| c.id == id),
        ConstructKind::Table => s.tables.iter().any(|c| c.id == id),
        ConstructKind::Function => s.functions.iter().any(|c| c.id == id),
        ConstructKind::Bucket => x.buckets.iter().any(|c| c.id == id),
        ConstructKind::Stream => x.streams.iter().any(|c| c.id == id),
        ConstructKind::Layer => x.layers.iter().any(|c| c.id == id),
        ConstructKind::RestApi => x.rest_apis.iter().any(|c| c.id == id),
        ConstructKind::HttpApi => x.http_apis.iter().any(|c| c.id == id),
        ConstructKind::Secret => x.secrets.iter().any(|c| c.id == id),
        ConstructKind::Parameter => x.parameters.iter().any(|c| c.id == id),
        ConstructKind::Key => x.keys.iter().any(|c| c.id == id),
        ConstructKind::Resource => x.raw.iter().any(|c| c.id == id),
    };
    own || x.existing(id).is_some_and(|e| e.kind == kind)
}

/// The kind of the construct the stack creates with this id, if there is one.
fn own_kind(s: &Stack, id: &str) -> Option<ConstructKind> {
    let x = &s.extra;
    let found = [
        (s.queues.iter().any(|c| c.id == id), ConstructKind::Queue),
        (s.topics.iter().any(|c| c.id == id), ConstructKind::Topic),
        (s.tables.iter().any(|c| c.id == id), ConstructKind::Table),
        (s.functions.iter().any(|c| c.id == id), ConstructKind::Function),
        (x.buckets.iter().any(|c| c.id == id), ConstructKind::Bucket),
        (x.streams.iter().any(|c| c.id == id), ConstructKind::Stream),
        (x.layers.iter().any(|c| c.id == id), ConstructKind::Layer),
        (x.rest_apis.iter().any(|c| c.id == id), ConstructKind::RestApi),
        (x.http_apis.iter().any(|c| c.id == id), ConstructKind::HttpApi),
        (x.secrets.iter().any(|c| c.id == id), ConstructKind::Secret),
        (x.parameters.iter().any(|c| c.id == id), ConstructKind::Parameter),
        (x.keys.iter().any(|c| c.id == id), ConstructKind::Key),
        (x.raw.iter().any(|c| c.id == id), ConstructKind::Resource),
    ];
    found.iter().find(|(hit, _)| *hit).map(|(_, k)| *k)
}

/// The existing resource a handle names, if it names one of the app.
pub(super) fn existing_of<'a>(
    app: &'a App,
    current: &'a Stack,
    target: &Handle,
) -> Option<&'a ExistingResource> {
    let stack = stack_named(app, current, &target.stack)?;
    if stack.extra.existing.is_empty() {
        return None;
    }
    stack.extra.existing(&target.id).filter(|e| e.kind == target.kind)
}

/// `a` or `an` and the kind's name, for messages.
fn a_kind(kind: ConstructKind) -> String {
    let word = kind.as_str().replace('_', " ");
    let article = if word.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {word}")
}

impl Expander<'_> {
    /// Reports a handle whose id names a construct of another kind (`stack.table_ref`
    /// of a queue's id), once per use; `true` when it does.
    pub(super) fn kind_mismatch(&mut self, target: &Handle, from_id: &str, from_path: &str) -> bool {
        let Some(stack) = stack_named(self.app, self.stack, &target.stack) else { return false };
        if has(stack, target.kind, &target.id) {
            return false;
        }
        let Some(actual) = kind_in(stack, &target.id) else { return false };
        if actual == target.kind {
            return false;
        }
        let message = format!(
            "`{}` is {}, not {}, in stack `{}`",
            target.id,
            a_kind(actual),
            a_kind(target.kind),
            target.stack
        );
        if !self.findings.iter().any(|f| f.path == from_path && f.message == message) {
            self.finding(
                &catalog::HANDLE_KIND,
                from_id,
                from_path.to_string(),
                message,
                format!(
                    "use the {0} handle `stack.{0}_ref(\"{1}\")` where a {0} is meant, or name a {2} by its own id",
                    actual.as_str(),
                    target.id,
                    target.kind.as_str().replace('_', " ")
                ),
            );
        }
        true
    }

    /// Reports an existing resource whose id another construct of the stack also has:
    /// handles to either would be ambiguous.
    pub(super) fn existing_ids(&mut self) {
        let stack = self.stack;
        for (i, e) in stack.extra.existing.iter().enumerate() {
            let earlier = stack.extra.existing[..i].iter().find(|o| o.id == e.id).map(|o| o.kind);
            let Some(other) = earlier.or_else(|| own_kind(stack, &e.id)) else { continue };
            let mut f = Finding::global(
                &catalog::LOGICAL_ID_COLLISION,
                format!(
                    "`{}` names both an existing {} and {} of this stack",
                    e.id,
                    e.kind.as_str(),
                    a_kind(other)
                ),
                "give the existing resource another id (`X::existing(id, arn)`)".into(),
            );
            f.path = self.path(&format!("existing {}", e.kind.as_str()), &e.id);
            self.findings.push(f);
        }
    }

    pub(super) fn secret(&mut self, s: &Secret) {
        let path = self.path("secret", &s.id);
        let mut generate = formwork_template::Map::new();
        if let Some(n) = s.length {
            generate.insert("PasswordLength".into(), Value::from(n));
        }
        let mut r = Resource::new("AWS::SecretsManager::Secret")
            .maybe_property("Description", s.description.as_deref().map(Value::from))
            .property("GenerateSecretString", Value::Map(generate));
        if let Some(key) = &s.kms_key {
            let arn = self.arn_of(&key.0, &s.id, &format!("{path} / kms_key"));
            r = r.property("KmsKeyId", arn);
        }
        let r = r.retention(retention(s.removal_policy));
        self.insert(s.id.clone(), r, path);
    }

    pub(super) fn parameter(&mut self, p: &Parameter) {
        let path = self.path("parameter", &p.id);
        let r = Resource::new("AWS::SSM::Parameter")
            .property("Name", p.name.as_str())
            .property("Type", "String")
            .property("Value", p.value.as_str())
            .maybe_property("Description", p.description.as_deref().map(Value::from));
        self.insert(p.id.clone(), r, path);
    }

    pub(super) fn kms_key(&mut self, k: &KmsKey) {
        let path = self.path("kms_key", &k.id);
        let r = Resource::new("AWS::KMS::Key")
            .maybe_property("Description", k.description.as_deref().map(Value::from))
            .property("EnableKeyRotation", true)
            .retention(retention(k.removal_policy));
        self.insert(k.id.clone(), r, path);
    }

    /// The KMS key a secret or parameter names, if any.
    fn key_of(&self, target: &Handle) -> Option<KmsKeyRef> {
        if let Some(e) = existing_of(self.app, self.stack, target) {
            return e.key().cloned();
        }
        let stack = stack_named(self.app, self.stack, &target.stack)?;
        match target.kind {
            ConstructKind::Secret => stack.extra.secrets.iter().find(|s| s.id == target.id)?.kms_key.clone(),
            _ => None,
        }
    }

    /// The ARN a grant scopes its actions to: the resource's own, or for a secret given
    /// by name, its ARN with the six characters Secrets Manager appends.
    pub(super) fn grant_arn(&mut self, target: &Handle, from_id: &str, from_path: &str) -> Value {
        match existing_of(self.app, self.stack, target) {
            Some(e) => e.policy_arn(),
            None => self.arn_of(target, from_id, from_path),
        }
    }

    /// `kms:Decrypt` on the key of a secret or parameter that is read.
    pub(super) fn key_needs(
        &mut self,
        f: &Function,
        intent: GrantIntent,
        target: &Handle,
        parts: &mut Parts,
    ) {
        if !matches!(intent, GrantIntent::ReadSecret | GrantIntent::ReadParameter) {
            return;
        }
        let Some(key) = self.key_of(target) else { return };
        let path = format!("{} / grant read {}", parts.path, target.id);
        let arn = self.arn_of(&key.0, &f.id, &path);
        parts.need("kms:Decrypt", arn, format!("grant read {} (its KMS key {})", target.id, key.0.id));
    }

    /// The hand-made statements of a function as policy statements, with what `policy`
    /// lists for each: one permission per action and resource. A statement with a
    /// resource of the wrong kind is left out (the handle is reported).
    pub(super) fn hand_made(
        &mut self,
        f: &Function,
        parts: &Parts,
    ) -> Vec<(formwork_iam::Statement, String, Vec<Permission>)> {
        let mut out = Vec::new();
        for (i, s) in f.statements.iter().enumerate() {
            let n = i.saturating_add(1);
            let path = format!("{} / statement {n}", parts.path);
            let reason = match s.effect {
                Effect::Allow => format!("statement {n} of function {}", f.id),
                Effect::Deny => format!("statement {n} of function {} (Deny)", f.id),
            };
            let mut resources = Vec::new();
            let mut wrong_kind = false;
            for r in &s.resources {
                let value = match r {
                    PolicyResource::Attribute(a) if self.kind_mismatch(&a.target, &f.id, &path) => {
                        wrong_kind = true;
                        continue;
                    }
                    PolicyResource::Objects(bucket, _) if self.kind_mismatch(bucket, &f.id, &path) => {
                        wrong_kind = true;
                        continue;
                    }
                    PolicyResource::Attribute(a) => {
                        match (a.kind, existing_of(self.app, self.stack, &a.target)) {
                            (AttributeKind::Arn, Some(e)) => e.policy_arn(),
                            _ => self.attribute(a, &f.id, &path),
                        }
                    }
                    PolicyResource::Objects(bucket, pattern) => {
                        let arn = self.arn_of(bucket, &f.id, &path);
                        objects_under(&arn, pattern)
                    }
                    PolicyResource::Literal(arn) => Value::from(arn.as_str()),
                    PolicyResource::Arn(arn) => arn.to_value(),
                    PolicyResource::Value(v) => v.clone(),
                };
                resources.push(value);
            }
            if wrong_kind {
                continue;
            }
            let mut statement = formwork_iam::Statement::new(s.effect);
            statement.actions = s.actions.clone();
            statement.resources = resources;
            for (operator, key, value) in &s.conditions {
                statement = statement.condition(operator.as_str(), key.as_str(), value.clone());
            }
            statement.wildcard_reason = s.wildcard_reason.clone();
            let permissions = statement
                .actions
                .iter()
                .flat_map(|a| {
                    statement.resources.iter().map(|r| Permission::new(a.clone(), r.clone(), reason.clone()))
                })
                .collect();
            out.push((statement, path, permissions));
        }
        out
    }
}

/// `<bucket ARN>/<pattern>`.
fn objects_under(bucket_arn: &Value, pattern: &str) -> Value {
    let all = objects_of(bucket_arn);
    match all.as_intrinsic() {
        Some(formwork_template::Intrinsic::Sub { template, variables: None }) => {
            Value::sub(format!("{}{pattern}", template.trim_end_matches('*')))
        }
        _ => match bucket_arn {
            Value::String(s) => Value::from(format!("{s}/{pattern}")),
            _ => Value::join("", vec![bucket_arn.clone(), Value::from(format!("/{pattern}"))]),
        },
    }
}

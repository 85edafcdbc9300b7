//! What changes between two versions of an app's templates, as a reviewer reads it:
//! resources added, removed and modified property by property, whether CloudFormation
//! replaces a modified resource (from the resource schemas' `createOnlyProperties`),
//! outputs and exports, and a separate section for IAM: statements and principals added
//! or removed.

use formwork_template::{to_json, Template, Value};
use indexmap::IndexMap;

use crate::refs::{one_or_many, shown};
use crate::Stacks;

/// Whether CloudFormation replaces a modified resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replacement {
    /// Every changed property can be updated in place.
    No,
    /// A create-only property (or the type) changes: a new physical resource is created
    /// and the old one deleted (or kept, by its `UpdateReplacePolicy`).
    Yes,
    /// The type's schema is not vendored, so it is not known.
    Unknown,
}

impl Replacement {
    /// `no`, `yes` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Replacement::No => "no",
            Replacement::Yes => "yes",
            Replacement::Unknown => "unknown",
        }
    }
}

/// One changed property: its path (`Properties.MemorySize`, `DeletionPolicy`) and its
/// values before and after (`None`: absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyChange {
    /// `MemorySize`, `Environment.Variables.TABLE_NAME`, or an attribute such as
    /// `DeletionPolicy`.
    pub path: String,
    /// The value before.
    pub before: Option<Value>,
    /// The value after.
    pub after: Option<Value>,
    /// Whether changing it replaces the resource (a create-only property).
    pub replaces: bool,
}

/// What happens to one resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResourceChange {
    /// New in the new templates.
    Added {
        /// Its type.
        resource_type: String,
    },
    /// Gone from the new templates: CloudFormation deletes it unless its
    /// `DeletionPolicy` is `Retain`.
    Removed {
        /// Its type.
        resource_type: String,
        /// Whether it is retained (`DeletionPolicy: Retain`).
        retained: bool,
    },
    /// In both, different.
    Modified {
        /// Its type (the new one, when it changes).
        resource_type: String,
        /// Whether CloudFormation replaces it.
        replacement: Replacement,
        /// The changed properties, in template order.
        properties: Vec<PropertyChange>,
    },
}

/// One IAM grant: who may do what on what, and from which resource of the template.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Grant {
    /// The resource that holds the statement: a role, a policy, a queue policy, a
    /// Lambda permission, ...
    pub holder: String,
    /// `Allow` or `Deny`.
    pub effect: String,
    /// The action, e.g. `sqs:SendMessage`.
    pub action: String,
    /// The resource as written (`Orders.Arn`, `*`), or the function of a Lambda permission.
    pub resource: String,
    /// The principal of a resource policy or trust policy (`sns.amazonaws.com`), empty for
    /// an identity policy.
    pub principal: String,
    /// The statement's condition as JSON, empty when it has none.
    pub condition: String,
}

/// What changes in one stack.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StackDiff {
    /// Whether the stack is new or gone as a whole.
    pub status: StackStatus,
    /// Resource changes by logical id, in template order (removed ones last).
    pub resources: IndexMap<String, ResourceChange>,
    /// Outputs added (`+`), removed (`-`) or changed (`~`), with their export names.
    pub outputs: Vec<OutputChange>,
    /// IAM grants the new templates add.
    pub grants_added: Vec<Grant>,
    /// IAM grants the new templates remove.
    pub grants_removed: Vec<Grant>,
    /// Parameters added or removed (`+Name`, `-Name`).
    pub parameters: Vec<String>,
}

/// Whether a stack is new, gone or in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StackStatus {
    /// In both versions.
    #[default]
    Both,
    /// Only in the new templates.
    Added,
    /// Only in the old templates.
    Removed,
}

/// A changed output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputChange {
    /// `+`, `-` or `~`.
    pub sign: char,
    /// The output's logical id.
    pub id: String,
    /// Its export name, when it is exported (the new one, or the old one when removed).
    pub export: Option<String>,
}

/// What changes between two versions of an app.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diff {
    /// Per stack, in the new templates' order then removed stacks; stacks without
    /// changes are left out.
    pub stacks: IndexMap<String, StackDiff>,
}

impl Diff {
    /// Whether anything changes: the exit status of `diff` is 1 when it does, 0 when not.
    pub fn has_changes(&self) -> bool {
        !self.stacks.is_empty()
    }
}

/// Compares the old templates of an app with the new ones.
///
/// ```
/// use formwork_template::{Resource, Template};
/// use formwork_insight::diff::{diff, Replacement, ResourceChange};
///
/// let queue = |name: &str| Resource::new("AWS::SQS::Queue").property("QueueName", name);
/// let mut old = Template::new();
/// old.resources.insert("Jobs".into(), queue("jobs"));
/// let mut new = Template::new();
/// new.resources.insert("Jobs".into(), queue("jobs-v2"));
/// let d = diff(&[("app".to_string(), old)].into_iter().collect(), &[("app".to_string(), new)].into_iter().collect());
/// let ResourceChange::Modified { replacement, .. } = &d.stacks["app"].resources["Jobs"] else { unreachable!() };
/// assert_eq!(*replacement, Replacement::Yes); // QueueName is create-only
/// ```
pub fn diff(old: &Stacks, new: &Stacks) -> Diff {
    let empty = Template::new();
    let mut out = Diff::default();
    for (name, after) in new {
        let (before, status) = match old.get(name) {
            Some(t) => (t, StackStatus::Both),
            None => (&empty, StackStatus::Added),
        };
        let mut d = stack_diff(before, after);
        d.status = status;
        if status != StackStatus::Both || !is_empty(&d) {
            out.stacks.insert(name.clone(), d);
        }
    }
    for (name, before) in old {
        if !new.contains_key(name) {
            let mut d = stack_diff(before, &empty);
            d.status = StackStatus::Removed;
            out.stacks.insert(name.clone(), d);
        }
    }
    out
}

fn is_empty(d: &StackDiff) -> bool {
    d.resources.is_empty()
        && d.outputs.is_empty()
        && d.grants_added.is_empty()
        && d.grants_removed.is_empty()
        && d.parameters.is_empty()
}

fn stack_diff(before: &Template, after: &Template) -> StackDiff {
    let mut d = StackDiff::default();
    for (id, r) in &after.resources {
        match before.resources.get(id) {
            None => {
                d.resources
                    .insert(id.clone(), ResourceChange::Added { resource_type: r.resource_type.clone() });
            }
            Some(old) if old == r => {}
            Some(old) => {
                let mut properties = Vec::new();
                map_changes("", &old.properties, &r.properties, &mut properties);
                let attrs = [
                    (
                        "DeletionPolicy",
                        old.deletion_policy.map(|p| p.as_str()),
                        r.deletion_policy.map(|p| p.as_str()),
                    ),
                    (
                        "UpdateReplacePolicy",
                        old.update_replace_policy.map(|p| p.as_str()),
                        r.update_replace_policy.map(|p| p.as_str()),
                    ),
                    ("Condition", old.condition.as_deref(), r.condition.as_deref()),
                ];
                for (name, b, a) in attrs {
                    if a != b {
                        properties.push(PropertyChange {
                            path: name.into(),
                            before: b.map(Value::from),
                            after: a.map(Value::from),
                            replaces: false,
                        });
                    }
                }
                if old.depends_on != r.depends_on {
                    let list = |v: &[String]| {
                        (!v.is_empty())
                            .then(|| Value::List(v.iter().map(|s| Value::from(s.as_str())).collect()))
                    };
                    properties.push(PropertyChange {
                        path: "DependsOn".into(),
                        before: list(&old.depends_on),
                        after: list(&r.depends_on),
                        replaces: false,
                    });
                }
                let type_changed = old.resource_type != r.resource_type;
                if properties.is_empty() && !type_changed {
                    continue;
                }
                let create_only = formwork_schema::create_only_properties(&r.resource_type);
                for p in &mut properties {
                    let path = p.path.strip_prefix("Properties.");
                    p.replaces = match (&create_only, path) {
                        (Some(list), Some(path)) => {
                            list.iter().any(|c| path == c || path.starts_with(&format!("{c}.")))
                        }
                        _ => false,
                    };
                }
                let replacement = if type_changed || properties.iter().any(|p| p.replaces) {
                    Replacement::Yes
                } else if create_only.is_none()
                    && properties.iter().any(|p| p.path.starts_with("Properties."))
                {
                    Replacement::Unknown
                } else {
                    Replacement::No
                };
                d.resources.insert(
                    id.clone(),
                    ResourceChange::Modified {
                        resource_type: r.resource_type.clone(),
                        replacement,
                        properties,
                    },
                );
            }
        }
    }
    for (id, r) in &before.resources {
        if !after.resources.contains_key(id) {
            let retained = r.deletion_policy == Some(formwork_template::DeletionPolicy::Retain);
            d.resources.insert(
                id.clone(),
                ResourceChange::Removed { resource_type: r.resource_type.clone(), retained },
            );
        }
    }
    let export = |o: &formwork_template::Output| o.export_name.as_ref().map(shown);
    for (id, o) in &after.outputs {
        match before.outputs.get(id) {
            None => d.outputs.push(OutputChange { sign: '+', id: id.clone(), export: export(o) }),
            Some(old) if old != o => {
                d.outputs.push(OutputChange { sign: '~', id: id.clone(), export: export(o) })
            }
            Some(_) => {}
        }
    }
    for (id, o) in &before.outputs {
        if !after.outputs.contains_key(id) {
            d.outputs.push(OutputChange { sign: '-', id: id.clone(), export: export(o) });
        }
    }
    for name in after.parameters.keys().filter(|p| !before.parameters.contains_key(*p)) {
        d.parameters.push(format!("+{name}"));
    }
    for name in before.parameters.keys().filter(|p| !after.parameters.contains_key(*p)) {
        d.parameters.push(format!("-{name}"));
    }
    let (old_grants, new_grants) = (grants(before), grants(after));
    // both lists are sorted and free of repeats
    d.grants_added = new_grants.iter().filter(|g| old_grants.binary_search(g).is_err()).cloned().collect();
    d.grants_removed = old_grants.iter().filter(|g| new_grants.binary_search(g).is_err()).cloned().collect();
    d
}

/// Every leaf that differs between `a` and `b` under `path`; maps are compared key by
/// key, everything else (lists, intrinsic functions, scalars) as a whole.
fn changes(path: &str, a: &Value, b: &Value, out: &mut Vec<PropertyChange>) {
    match (a, b) {
        (Value::Map(x), Value::Map(y)) => map_changes(path, x, y, out),
        _ if a != b => out.push(PropertyChange {
            path: path.to_string(),
            before: Some(a.clone()),
            after: Some(b.clone()),
            replaces: false,
        }),
        _ => {}
    }
}

/// [`changes`] of two mappings, key by key; `path` is empty for a resource's `Properties`.
fn map_changes(
    path: &str,
    x: &formwork_template::Map,
    y: &formwork_template::Map,
    out: &mut Vec<PropertyChange>,
) {
    let join =
        |key: &str| if path.is_empty() { format!("Properties.{key}") } else { format!("{path}.{key}") };
    for (k, vb) in y {
        match x.get(k) {
            Some(va) if va == vb => {}
            Some(va) => changes(&join(k), va, vb, out),
            None => out.push(PropertyChange {
                path: join(k),
                before: None,
                after: Some(vb.clone()),
                replaces: false,
            }),
        }
    }
    for (k, va) in x {
        if !y.contains_key(k) {
            out.push(PropertyChange {
                path: join(k),
                before: Some(va.clone()),
                after: None,
                replaces: false,
            });
        }
    }
}

/// Every grant a template's policies, trust policies, resource policies and Lambda
/// permissions make, sorted.
pub fn grants(template: &Template) -> Vec<Grant> {
    let mut out = Vec::new();
    for (id, r) in &template.resources {
        let p = &r.properties;
        match r.resource_type.as_str() {
            "AWS::IAM::Role" => {
                if let Some(doc) = p.get("AssumeRolePolicyDocument") {
                    statements(id, doc, &mut out);
                }
                for policy in one_or_many(p.get("Policies")) {
                    if let Some(doc) = policy.get("PolicyDocument") {
                        statements(id, doc, &mut out);
                    }
                }
            }
            "AWS::IAM::Policy"
            | "AWS::IAM::ManagedPolicy"
            | "AWS::SQS::QueuePolicy"
            | "AWS::SNS::TopicPolicy"
            | "AWS::S3::BucketPolicy" => {
                if let Some(doc) = p.get("PolicyDocument") {
                    statements(id, doc, &mut out);
                }
            }
            "AWS::Lambda::Permission" => {
                let text = |k: &str| p.get(k).map(shown).unwrap_or_default();
                let mut condition = Vec::new();
                for k in ["SourceArn", "SourceAccount", "FunctionUrlAuthType"] {
                    if let Some(v) = p.get(k) {
                        condition.push(format!("{k}={}", shown(v)));
                    }
                }
                out.push(Grant {
                    holder: id.clone(),
                    effect: "Allow".into(),
                    action: text("Action"),
                    resource: text("FunctionName"),
                    principal: text("Principal"),
                    condition: condition.join(" "),
                });
            }
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

fn statements(holder: &str, document: &Value, out: &mut Vec<Grant>) {
    for s in one_or_many(document.get("Statement")) {
        let effect = s.get("Effect").and_then(Value::as_str).unwrap_or("Allow").to_string();
        let principals: Vec<String> = match s.get("Principal") {
            None => vec![String::new()],
            Some(Value::Map(m)) => m
                .iter()
                .flat_map(|(kind, v)| {
                    one_or_many(Some(v)).into_iter().map(move |v| format!("{kind}:{}", shown(v)))
                })
                .collect(),
            Some(v) => vec![shown(v)],
        };
        let actions: Vec<String> = match s.get("Action").or(s.get("NotAction")) {
            Some(v) => {
                let not = if s.get("Action").is_none() { "not " } else { "" };
                one_or_many(Some(v)).into_iter().map(|a| format!("{not}{}", shown(a))).collect()
            }
            None => vec![String::new()],
        };
        let resources: Vec<String> = match s.get("Resource").or(s.get("NotResource")) {
            Some(v) => one_or_many(Some(v)).into_iter().map(shown).collect(),
            None => vec![String::new()],
        };
        let condition = s.get("Condition").map(to_json).map(|c| compact(&c)).unwrap_or_default();
        for principal in &principals {
            for action in &actions {
                for resource in &resources {
                    out.push(Grant {
                        holder: holder.to_string(),
                        effect: effect.clone(),
                        action: action.clone(),
                        resource: resource.clone(),
                        principal: principal.clone(),
                        condition: condition.clone(),
                    });
                }
            }
        }
    }
}

/// Whether a property holds policy documents, whose changes the IAM section lists.
fn is_policy(path: &str) -> bool {
    ["Policies", "PolicyDocument", "AssumeRolePolicyDocument"]
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}.")))
}

/// JSON text on one line.
fn compact(json: &str) -> String {
    json.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

/// A value on one line, cut at 80 characters.
fn short(value: Option<&Value>) -> String {
    let Some(v) = value else { return "(none)".into() };
    let text = match v {
        Value::List(_) | Value::Map(_) => compact(&to_json(v)),
        other => shown(other),
    };
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(79).collect::<String>())
    } else {
        text
    }
}

impl Diff {
    /// The diff as a reviewer reads it: per stack, `+` added, `-` removed, `~` modified
    /// with each property's old and new value and whether it replaces the resource,
    /// outputs, then the IAM changes.
    pub fn to_text(&self) -> String {
        if self.stacks.is_empty() {
            return "no changes\n".into();
        }
        let mut out = String::new();
        let (mut added, mut modified, mut replaced, mut removed) = (0usize, 0usize, 0usize, 0usize);
        for (name, d) in &self.stacks {
            let status = match d.status {
                StackStatus::Both => "",
                StackStatus::Added => " (new stack)",
                StackStatus::Removed => " (stack removed)",
            };
            out.push_str(&format!("stack {name}{status}\n"));
            for (id, change) in &d.resources {
                match change {
                    ResourceChange::Added { resource_type } => {
                        added += 1;
                        out.push_str(&format!("  + {id}  {resource_type}\n"));
                    }
                    ResourceChange::Removed { resource_type, retained } => {
                        removed += 1;
                        let kept = if *retained { "  (retained: DeletionPolicy Retain)" } else { "" };
                        out.push_str(&format!("  - {id}  {resource_type}{kept}\n"));
                    }
                    ResourceChange::Modified { resource_type, replacement, properties } => {
                        modified += 1;
                        if *replacement == Replacement::Yes {
                            replaced += 1;
                        }
                        out.push_str(&format!(
                            "  ~ {id}  {resource_type}  (replacement: {})\n",
                            replacement.as_str()
                        ));
                        for p in properties {
                            let mark = if p.replaces { "  [replaces]" } else { "" };
                            let name = p.path.strip_prefix("Properties.").unwrap_or(&p.path);
                            if is_policy(name) && (!d.grants_added.is_empty() || !d.grants_removed.is_empty())
                            {
                                out.push_str(&format!("      {name}: statements changed, see IAM below\n"));
                                continue;
                            }
                            out.push_str(&format!(
                                "      {}: {} → {}{mark}\n",
                                p.path.strip_prefix("Properties.").unwrap_or(&p.path),
                                short(p.before.as_ref()),
                                short(p.after.as_ref())
                            ));
                        }
                    }
                }
            }
            for p in &d.parameters {
                out.push_str(&format!("  {} parameter {}\n", &p[..1], &p[1..]));
            }
            for o in &d.outputs {
                let export = o.export.as_deref().map(|e| format!("  (export {e})")).unwrap_or_default();
                out.push_str(&format!("  {} output {}{export}\n", o.sign, o.id));
            }
            if !d.grants_added.is_empty() || !d.grants_removed.is_empty() {
                out.push_str("  IAM\n");
                for (sign, g) in
                    d.grants_added.iter().map(|g| ('+', g)).chain(d.grants_removed.iter().map(|g| ('-', g)))
                {
                    out.push_str(&format!("    {sign} {}\n", grant_text(g)));
                }
            }
        }
        out.push_str(&format!(
            "{added} to add, {modified} to modify ({replaced} replaced), {removed} to remove\n"
        ));
        out
    }

    /// The same as JSON: `{"changes": bool, "stacks": {name: {...}}}`.
    pub fn to_json(&self) -> String {
        let opt = |v: &Option<Value>| v.clone().unwrap_or(Value::Null);
        let grant = |g: &Grant| {
            Value::map([
                ("holder", Value::from(g.holder.as_str())),
                ("effect", Value::from(g.effect.as_str())),
                ("action", Value::from(g.action.as_str())),
                ("resource", Value::from(g.resource.as_str())),
                ("principal", Value::from(g.principal.as_str())),
                ("condition", Value::from(g.condition.as_str())),
            ])
        };
        let mut stacks = formwork_template::Map::new();
        for (name, d) in &self.stacks {
            let mut resources = formwork_template::Map::new();
            for (id, change) in &d.resources {
                let v = match change {
                    ResourceChange::Added { resource_type } => Value::map([
                        ("change", Value::from("add")),
                        ("type", Value::from(resource_type.as_str())),
                    ]),
                    ResourceChange::Removed { resource_type, retained } => Value::map([
                        ("change", Value::from("remove")),
                        ("type", Value::from(resource_type.as_str())),
                        ("retained", Value::Bool(*retained)),
                    ]),
                    ResourceChange::Modified { resource_type, replacement, properties } => Value::map([
                        ("change", Value::from("modify")),
                        ("type", Value::from(resource_type.as_str())),
                        ("replacement", Value::from(replacement.as_str())),
                        (
                            "properties",
                            Value::List(
                                properties
                                    .iter()
                                    .map(|p| {
                                        Value::map([
                                            ("path", Value::from(p.path.as_str())),
                                            ("before", opt(&p.before)),
                                            ("after", opt(&p.after)),
                                            ("replaces", Value::Bool(p.replaces)),
                                        ])
                                    })
                                    .collect(),
                            ),
                        ),
                    ]),
                };
                resources.insert(id.clone(), v);
            }
            let status = match d.status {
                StackStatus::Both => "modified",
                StackStatus::Added => "added",
                StackStatus::Removed => "removed",
            };
            stacks.insert(
                name.clone(),
                Value::map([
                    ("status", Value::from(status)),
                    ("resources", Value::Map(resources)),
                    (
                        "outputs",
                        Value::List(
                            d.outputs
                                .iter()
                                .map(|o| {
                                    Value::map([
                                        ("change", Value::from(o.sign.to_string())),
                                        ("id", Value::from(o.id.as_str())),
                                        ("export", o.export.as_deref().map_or(Value::Null, Value::from)),
                                    ])
                                })
                                .collect(),
                        ),
                    ),
                    (
                        "parameters",
                        Value::List(d.parameters.iter().map(|p| Value::from(p.as_str())).collect()),
                    ),
                    ("iam_added", Value::List(d.grants_added.iter().map(grant).collect())),
                    ("iam_removed", Value::List(d.grants_removed.iter().map(grant).collect())),
                ]),
            );
        }
        to_json(&Value::map([("changes", Value::Bool(self.has_changes())), ("stacks", Value::Map(stacks))]))
    }
}

/// `Allow sqs:SendMessage on FailedJobs.Arn  (WorkerRole)`, with the principal and the
/// condition when the grant has them.
fn grant_text(g: &Grant) -> String {
    let mut s = format!("{} {}", g.effect, g.action);
    // A trust policy names no resource: the role it sits on is the resource.
    if !g.resource.is_empty() {
        s.push_str(&format!(" on {}", g.resource));
    }
    if !g.principal.is_empty() {
        s.push_str(&format!(" to {}", g.principal));
    }
    if !g.condition.is_empty() {
        s.push_str(&format!(" when {}", g.condition));
    }
    s.push_str(&format!("  ({})", g.holder));
    s
}

//! Automatic stack splitting ([`Stack::auto_split`](crate::Stack::auto_split)): when a
//! stack that opted in would exceed CloudFormation's 500 resources, its functions, each
//! with every resource derived from it (role, log group, mappings, permissions, version,
//! alias, URL, subscriptions), move into overflow stacks `<stack>-overflow-<n>`. Stateful
//! resources (queues, topics, tables, buckets, streams, secrets, keys, parameters, and
//! anything else kept with `DeletionPolicy: Retain` except a function's own log group
//! and versions) never move, and neither does a function that a resource outside it
//! refers to (a bucket's notification, an API, another function's destination), so no
//! stack ever imports from its own overflow.
//!
//! Assignment walks the stack's resources in the order the author added them and decides
//! each function when it is reached, from what came before it only: a function stays
//! while the stack, with it, holds at most [`KEPT_RESOURCES`]; after that, functions fill
//! the overflow stacks in order, each up to 500. So the result is deterministic, and
//! adding a construct at the end moves no existing function. The room left above
//! [`KEPT_RESOURCES`] is for stateful resources added later, which stay where they are.
//!
//! A moved resource's references to the stack it left become `Fn::ImportValue` of an
//! export the stack now carries (`<app>-<stack>-<id>-<Attribute or Ref>`); the parameters
//! it uses (the code assets') are copied.

use formwork_template::{Intrinsic, Map, Output, Template, Value};
use indexmap::{IndexMap, IndexSet};

use formwork_rules::template::MAX_RESOURCES;

use super::{Expanded, Import, SourceMap};
use crate::app::App;

/// How many resources a stack keeps before its functions start moving to overflow
/// stacks: 100 below the limit, as room for stateful resources added later.
pub const KEPT_RESOURCES: usize = MAX_RESOURCES - 100;

/// Types that hold data and never move.
const STATEFUL: [&str; 9] = [
    "AWS::SQS::Queue",
    "AWS::SNS::Topic",
    "AWS::DynamoDB::Table",
    "AWS::S3::Bucket",
    "AWS::Kinesis::Stream",
    "AWS::SecretsManager::Secret",
    "AWS::KMS::Key",
    "AWS::SSM::Parameter",
    "AWS::Lambda::LayerVersion",
];

/// Retained types that may move with their function: its log group (the moved function
/// gets a new one; the old one is kept with its events) and its published versions.
const RETAINED_BUT_MOVABLE: [&str; 2] = ["AWS::Logs::LogGroup", "AWS::Lambda::Version"];

/// The name of overflow stack `n` (from 1) of `stack`.
pub fn overflow_name(stack: &str, n: usize) -> String {
    format!("{stack}-overflow-{n}")
}

/// Splits every stack that opted in and exceeds the limit; other stacks pass unchanged.
/// Overflow stacks follow the stack they came from.
pub(crate) fn split(app: &App, stacks: Vec<Expanded>) -> Vec<Expanded> {
    let mut out = Vec::with_capacity(stacks.len());
    for e in stacks {
        let opted = app.stacks.iter().any(|s| s.name == e.stack && s.auto_split);
        if opted && e.template.resources.len() > MAX_RESOURCES {
            out.extend(split_one(&app.name, e));
        } else {
            out.push(e);
        }
    }
    out
}

/// The function a resource was derived from: `stack s / function F` of its path.
fn unit_of<'a>(sources: &'a SourceMap, stack: &str, id: &str) -> Option<&'a str> {
    let path = sources.constructs.get(id)?;
    let prefix = format!("stack {stack} / function ");
    let rest = path.strip_prefix(&prefix)?;
    let end = prefix.len() + rest.find(" / ").unwrap_or(rest.len());
    Some(&path[..end])
}

/// Calls `visit` with every logical id a value refers to (`Ref`, `Fn::GetAtt`, `Fn::Sub`
/// placeholders), without allocating: this runs over every resource of a split stack.
fn each_target<'v>(v: &'v Value, visit: &mut dyn FnMut(&'v str)) {
    match v {
        Value::List(items) => items.iter().for_each(|i| each_target(i, visit)),
        Value::Map(m) => m.values().for_each(|i| each_target(i, visit)),
        Value::Fn(f) => match f.as_ref() {
            Intrinsic::Ref(target) => visit(target),
            Intrinsic::GetAtt { resource, .. } => visit(resource),
            Intrinsic::Sub { template, variables } => {
                if let Some(vars) = variables {
                    vars.values().for_each(|i| each_target(i, visit));
                }
                let mut rest = template.as_str();
                while let Some(start) = rest.find("${") {
                    let after = &rest[start + 2..];
                    let Some(end) = after.find('}') else { break };
                    let name = after[..end].trim();
                    visit(name.split_once('.').map_or(name, |(t, _)| t));
                    rest = &after[end + 1..];
                }
            }
            Intrinsic::Join { values, .. } | Intrinsic::And(values) | Intrinsic::Or(values) => {
                values.iter().for_each(|i| each_target(i, visit))
            }
            Intrinsic::Select { index, list } => {
                each_target(index, visit);
                each_target(list, visit);
            }
            Intrinsic::Split { source, .. } => each_target(source, visit),
            Intrinsic::If { then, otherwise, .. } => {
                each_target(then, visit);
                each_target(otherwise, visit);
            }
            Intrinsic::ImportValue(v) | Intrinsic::GetAzs(v) | Intrinsic::Base64(v) | Intrinsic::Not(v) => {
                each_target(v, visit)
            }
            Intrinsic::FindInMap(a, b, c) => {
                each_target(a, visit);
                each_target(b, visit);
                each_target(c, visit);
            }
            Intrinsic::Equals(a, b) => {
                each_target(a, visit);
                each_target(b, visit);
            }
            Intrinsic::Condition(_) => {}
        },
        Value::Null | Value::Bool(_) | Value::Int(_) | Value::String(_) => {}
    }
}

fn split_one(app: &str, mut main: Expanded) -> Vec<Expanded> {
    let stack = main.stack.clone();
    let t = &main.template;
    // Units: function path → its resources, in template order.
    let mut units: IndexMap<&str, Vec<&str>> = IndexMap::new();
    for id in t.resources.keys() {
        if let Some(unit) = unit_of(&main.sources, &stack, id) {
            units.entry(unit).or_default().push(id.as_str());
        }
    }
    let unit_by_id: IndexMap<&str, &str> =
        units.iter().flat_map(|(u, ids)| ids.iter().map(move |id| (*id, *u))).collect();
    let mut movable: IndexSet<&str> = units
        .iter()
        .filter(|(_, ids)| {
            let resources = || ids.iter().filter_map(|id| t.resources.get(*id));
            resources().any(|r| r.resource_type == "AWS::Lambda::Function")
                && resources().all(|r| {
                    !STATEFUL.contains(&r.resource_type.as_str())
                        && (r.deletion_policy != Some(formwork_template::DeletionPolicy::Retain)
                            || RETAINED_BUT_MOVABLE.contains(&r.resource_type.as_str()))
                })
        })
        .map(|(u, _)| *u)
        .collect();
    // A unit something outside it refers to stays.
    let mut pinned: Vec<&str> = Vec::new();
    for (id, r) in &t.resources {
        let own = unit_by_id.get(id.as_str()).copied();
        let mut check = |target: &str| {
            if let Some(&unit) = unit_by_id.get(target) {
                if own != Some(unit) {
                    pinned.push(unit);
                }
            }
        };
        r.depends_on.iter().for_each(|d| check(d));
        r.properties.values().for_each(|v| each_target(v, &mut check));
    }
    for unit in pinned {
        movable.shift_remove(unit);
    }
    // Walk in order: each function decided from what came before it.
    let mut kept = 0usize;
    let mut overflow: Vec<usize> = Vec::new();
    let mut placed: IndexMap<&str, usize> = IndexMap::new(); // unit → overflow index
    let mut seen: IndexSet<&str> = IndexSet::new();
    for id in t.resources.keys() {
        match unit_by_id.get(id.as_str()).copied().filter(|u| movable.contains(*u)) {
            Some(unit) => {
                if !seen.insert(unit) {
                    continue;
                }
                let size = units[unit].len();
                if kept.saturating_add(size) <= KEPT_RESOURCES {
                    kept = kept.saturating_add(size);
                    continue;
                }
                if overflow.last().is_none_or(|n| n.saturating_add(size) > MAX_RESOURCES) {
                    overflow.push(0);
                }
                let index = overflow.len() - 1;
                overflow[index] = overflow[index].saturating_add(size);
                placed.insert(unit, index);
            }
            None => kept = kept.saturating_add(1),
        }
    }
    if placed.is_empty() {
        return vec![main];
    }
    let placed: IndexMap<String, usize> = placed.into_iter().map(|(u, i)| (u.to_string(), i)).collect();
    let moved_ids: IndexMap<String, usize> = units
        .iter()
        .filter_map(|(u, ids)| placed.get(*u).map(|i| ids.iter().map(move |id| (id.to_string(), *i))))
        .flatten()
        .collect();

    let mut parts: Vec<Expanded> = (0..overflow.len())
        .map(|n| Expanded {
            stack: overflow_name(&stack, n + 1),
            template: {
                let mut t = Template::new();
                t.description =
                    Some(format!("Functions of stack {stack} moved out by auto_split (overflow {})", n + 1));
                t
            },
            sources: SourceMap::default(),
            findings: Vec::new(),
            imports: Vec::new(),
        })
        .collect();
    let mut exports: Vec<Import> = Vec::new();
    // One pass over the resources (removing one by one would shift the rest each time).
    let mut moved = Vec::with_capacity(moved_ids.len());
    let mut stay = IndexMap::with_capacity(main.template.resources.len());
    for (id, r) in std::mem::take(&mut main.template.resources) {
        match moved_ids.get(&id) {
            Some(&n) => moved.push((id, n, r)),
            None => {
                stay.insert(id, r);
            }
        }
    }
    main.template.resources = stay;
    let mut paths: IndexMap<String, String> = IndexMap::with_capacity(moved.len());
    let mut permissions = IndexMap::new();
    main.sources.constructs.retain(|id, path| {
        let stays = !moved_ids.contains_key(id);
        if !stays {
            paths.insert(id.clone(), std::mem::take(path));
        }
        stays
    });
    main.sources.permissions.retain(|id, p| {
        let stays = !moved_ids.contains_key(id);
        if !stays {
            permissions.insert(id.clone(), std::mem::take(p));
        }
        stays
    });
    for (id, n, mut r) in moved {
        let path = paths.swap_remove(&id).unwrap_or_default();
        let local = |target: &str| moved_ids.get(target) == Some(&n);
        r.depends_on.retain(|d| local(d));
        let part = &mut parts[n];
        let mut rewrite = Rewrite {
            app,
            stack: &stack,
            main: &main.template,
            local: &local,
            imports: Vec::new(),
            parameters: Vec::new(),
            from_path: &path,
        };
        for v in r.properties.values_mut() {
            rewrite.value(v);
        }
        for p in rewrite.parameters {
            if let Some(param) = main.template.parameters.get(&p) {
                part.template.parameters.entry(p).or_insert_with(|| param.clone());
            }
        }
        for i in rewrite.imports {
            if !part.imports.iter().any(|x| x.export == i.export) {
                part.imports.push(i.clone());
            }
            exports.push(i);
        }
        if let Some(p) = permissions.swap_remove(&id) {
            part.sources.permissions.insert(id.clone(), p);
        }
        part.sources.constructs.insert(id.clone(), path);
        part.template.resources.insert(id.clone(), r);
    }
    // Imports of other stacks go where they are used now (several functions may share
    // one, recorded once by the first).
    let earlier = std::mem::take(&mut main.imports);
    main.imports = earlier.iter().filter(|i| uses(&main.template, &i.export)).cloned().collect();
    for part in &mut parts {
        for i in earlier.iter().filter(|i| uses(&part.template, &i.export)) {
            if !part.imports.iter().any(|x| x.export == i.export) {
                part.imports.push(i.clone());
            }
        }
    }
    for i in exports {
        main.template.outputs.entry(i.output.clone()).or_insert_with(|| {
            Output::new(i.value.clone())
                .description(format!("exported for {}", i.from_path))
                .export_name(Value::from(i.export.as_str()))
        });
    }
    let mut all = vec![main];
    all.extend(parts);
    all
}

/// Whether a template's resources import the export `name`.
fn uses(t: &Template, name: &str) -> bool {
    fn walk(v: &Value, name: &str) -> bool {
        match v {
            Value::List(items) => items.iter().any(|i| walk(i, name)),
            Value::Map(m) => m.values().any(|i| walk(i, name)),
            Value::Fn(f) => match f.as_ref() {
                Intrinsic::ImportValue(v) => v.as_str() == Some(name) || walk(v, name),
                Intrinsic::Sub { variables: Some(vars), .. } => vars.values().any(|i| walk(i, name)),
                Intrinsic::Join { values, .. } => values.iter().any(|i| walk(i, name)),
                Intrinsic::Select { list, .. } => walk(list, name),
                Intrinsic::If { then, otherwise, .. } => walk(then, name) || walk(otherwise, name),
                Intrinsic::Base64(v) => walk(v, name),
                _ => false,
            },
            _ => false,
        }
    }
    t.resources.values().any(|r| r.properties.values().any(|v| walk(v, name)))
}

/// Rewrites a moved resource's references to its old stack into imports.
struct Rewrite<'a> {
    app: &'a str,
    stack: &'a str,
    main: &'a Template,
    local: &'a dyn Fn(&str) -> bool,
    imports: Vec<Import>,
    parameters: Vec<String>,
    from_path: &'a str,
}

impl Rewrite<'_> {
    /// The import standing for `target`'s attribute (`None`: `Ref`), or `None` when the
    /// name stays as it is (a resource moved alongside, a pseudo parameter) or is a
    /// parameter, which is copied.
    fn import(&mut self, target: &str, attribute: Option<&str>) -> Option<Value> {
        if (self.local)(target) || target.starts_with("AWS::") {
            return None;
        }
        if self.main.parameters.contains_key(target) {
            self.parameters.push(target.to_string());
            return None;
        }
        if !self.main.resources.contains_key(target) {
            return None; // a dangling reference stays dangling, and is reported
        }
        let suffix: String = match attribute {
            None => "Ref".into(),
            Some(a) => a.chars().filter(char::is_ascii_alphanumeric).collect(),
        };
        let value = match attribute {
            None => Value::ref_(target),
            Some(a) => Value::get_att(target, a),
        };
        // An export the stack already carries for this value serves the overflow too.
        let existing = self.main.outputs.iter().find_map(|(id, o)| match &o.export_name {
            Some(name) if o.value == value => name.as_str().map(|n| (id.clone(), n.to_string())),
            _ => None,
        });
        if let Some((output, export)) = existing {
            self.imports.push(Import {
                stack: self.stack.to_string(),
                output,
                export: export.clone(),
                value,
                from_path: self.from_path.to_string(),
            });
            return Some(Value::intrinsic(Intrinsic::ImportValue(Value::from(export))));
        }
        let export: String = format!("{}-{}-{target}-{suffix}", self.app, self.stack)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == ':' || c == '-' { c } else { '-' })
            .collect();
        let mut output = format!("{target}{suffix}");
        // An output of that id with another value (a resource `AB` and `A`'s `BArn`)
        // gets a distinct id.
        while self.main.outputs.get(&output).is_some_and(|o| o.value != value) {
            output.push('X');
        }
        self.imports.push(Import {
            stack: self.stack.to_string(),
            output,
            export: export.clone(),
            value,
            from_path: self.from_path.to_string(),
        });
        Some(Value::intrinsic(Intrinsic::ImportValue(Value::from(export))))
    }

    fn value(&mut self, v: &mut Value) {
        match v {
            Value::List(items) => items.iter_mut().for_each(|i| self.value(i)),
            Value::Map(m) => m.values_mut().for_each(|i| self.value(i)),
            Value::Fn(f) => {
                let replaced = match f.as_mut() {
                    Intrinsic::Ref(target) => {
                        let target = target.clone();
                        self.import(&target, None)
                    }
                    Intrinsic::GetAtt { resource, attribute } => {
                        let (resource, attribute) = (resource.clone(), attribute.clone());
                        self.import(&resource, Some(&attribute))
                    }
                    Intrinsic::Sub { template, variables } => {
                        self.sub(template, variables);
                        None
                    }
                    other => {
                        self.intrinsic(other);
                        None
                    }
                };
                if let Some(r) = replaced {
                    *v = r;
                }
            }
            Value::Null | Value::Bool(_) | Value::Int(_) | Value::String(_) => {}
        }
    }

    fn intrinsic(&mut self, f: &mut Intrinsic) {
        match f {
            Intrinsic::Join { values, .. } | Intrinsic::And(values) | Intrinsic::Or(values) => {
                values.iter_mut().for_each(|v| self.value(v))
            }
            Intrinsic::Select { index, list } => {
                self.value(index);
                self.value(list);
            }
            Intrinsic::Split { source, .. } => self.value(source),
            Intrinsic::If { then, otherwise, .. } => {
                self.value(then);
                self.value(otherwise);
            }
            Intrinsic::ImportValue(v) | Intrinsic::GetAzs(v) | Intrinsic::Base64(v) | Intrinsic::Not(v) => {
                self.value(v)
            }
            Intrinsic::FindInMap(a, b, c) => {
                self.value(a);
                self.value(b);
                self.value(c);
            }
            Intrinsic::Equals(a, b) => {
                self.value(a);
                self.value(b);
            }
            Intrinsic::Ref(_)
            | Intrinsic::GetAtt { .. }
            | Intrinsic::Sub { .. }
            | Intrinsic::Condition(_) => {}
        }
    }

    /// `${X}` and `${X.Attr}` placeholders naming the old stack become variables bound
    /// to imports (`${XAttr}`).
    fn sub(&mut self, template: &mut String, variables: &mut Option<Map>) {
        if let Some(vars) = variables.as_mut() {
            vars.values_mut().for_each(|v| self.value(v));
        }
        let mut text = String::with_capacity(template.len());
        let mut rest = template.as_str();
        while let Some(start) = rest.find("${") {
            text.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                rest = &rest[start..];
                break;
            };
            let name = after[..end].trim();
            let bound = variables.as_ref().is_some_and(|v| v.contains_key(name));
            let (target, attribute) = match name.split_once('.') {
                Some((t, a)) => (t, Some(a)),
                None => (name, None),
            };
            let import = if name.starts_with('!') || bound { None } else { self.import(target, attribute) };
            match import {
                Some(value) => {
                    let variable: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
                    variables.get_or_insert_with(Map::new).insert(variable.clone(), value);
                    text.push_str(&format!("${{{variable}}}"));
                }
                None => text.push_str(&rest[start..start + 2 + end + 1]),
            }
            rest = &after[end + 1..];
        }
        text.push_str(rest);
        *template = text;
    }
}

//! Which resources a template value names: `Ref`, `Fn::GetAtt`, `Fn::Sub` placeholders,
//! imports of another stack's export, and bucket ARNs spelt out from a bucket's name.

use formwork_template::{Intrinsic, Template, Value};
use indexmap::IndexMap;

use crate::Stacks;

/// A resource of the app: its stack's index and its logical id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Target {
    pub(crate) stack: usize,
    pub(crate) id: String,
}

/// Resolves values to the resources they name, across the stacks of one app.
pub(crate) struct Resolver<'a> {
    stacks: Vec<&'a Template>,
    /// Export name → the resource its output names.
    exports: IndexMap<String, Target>,
    /// Per stack: a bucket's name as written (`image-pipeline-uploads-${AWS::AccountId}`)
    /// → its logical id, to recognise `arn:${AWS::Partition}:s3:::<name>` in policies.
    bucket_names: Vec<Vec<(String, String)>>,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(stacks: &'a Stacks) -> Resolver<'a> {
        let list: Vec<&Template> = stacks.values().collect();
        let mut exports = IndexMap::new();
        for (index, template) in list.iter().enumerate() {
            for output in template.outputs.values() {
                let Some(Value::String(name)) = &output.export_name else { continue };
                if let Some(id) = first_local(&output.value, template) {
                    exports.insert(name.clone(), Target { stack: index, id });
                }
            }
        }
        let bucket_names = list
            .iter()
            .map(|t| {
                t.resources
                    .iter()
                    .filter(|(_, r)| r.resource_type == "AWS::S3::Bucket")
                    .filter_map(|(id, r)| {
                        let name = match r.properties.get("BucketName")? {
                            Value::String(s) => s.clone(),
                            Value::Fn(f) => match f.as_ref() {
                                Intrinsic::Sub { template, variables: None } => template.clone(),
                                _ => return None,
                            },
                            _ => return None,
                        };
                        Some((name, id.clone()))
                    })
                    .collect()
            })
            .collect();
        Resolver { stacks: list, exports, bucket_names }
    }

    /// The template of stack `index`.
    pub(crate) fn template(&self, index: usize) -> &'a Template {
        self.stacks[index]
    }

    /// Every resource `value` (found in stack `stack`) names, in order, without repeats.
    pub(crate) fn targets(&self, stack: usize, value: &Value) -> Vec<Target> {
        let mut out = Vec::new();
        self.collect(stack, value, &mut out);
        let mut seen = std::collections::BTreeSet::new();
        out.retain(|t| seen.insert(t.clone()));
        out
    }

    /// The first resource `value` names, if any.
    pub(crate) fn target(&self, stack: usize, value: &Value) -> Option<Target> {
        self.targets(stack, value).into_iter().next()
    }

    fn collect(&self, stack: usize, value: &Value, out: &mut Vec<Target>) {
        let template = self.stacks[stack];
        match value {
            Value::Fn(f) => match f.as_ref() {
                Intrinsic::ImportValue(Value::String(name)) => {
                    if let Some(t) = self.exports.get(name) {
                        out.push(t.clone());
                    }
                }
                Intrinsic::Sub { template: text, .. } => {
                    for (name, id) in &self.bucket_names[stack] {
                        if text.contains(&format!(":s3:::{name}")) {
                            out.push(Target { stack, id: id.clone() });
                        }
                    }
                    value.references(&mut |r| {
                        if template.resources.contains_key(r.target) {
                            out.push(Target { stack, id: r.target.to_string() });
                        }
                    });
                }
                _ => value.references(&mut |r| {
                    if template.resources.contains_key(r.target) {
                        out.push(Target { stack, id: r.target.to_string() });
                    }
                }),
            },
            Value::List(items) => items.iter().for_each(|v| self.collect(stack, v, out)),
            Value::Map(map) => map.values().for_each(|v| self.collect(stack, v, out)),
            Value::Null | Value::Bool(_) | Value::Int(_) | Value::String(_) => {}
        }
    }
}

/// The first resource of `template` that `value` refers to.
fn first_local(value: &Value, template: &Template) -> Option<String> {
    let mut found = None;
    value.references(&mut |r| {
        if found.is_none() && template.resources.contains_key(r.target) {
            found = Some(r.target.to_string());
        }
    });
    found
}

/// A value as people read it: `Orders.Arn`, `Alerts`, `import app-s-X`, a string.
pub(crate) fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Int(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        Value::Fn(f) => match f.as_ref() {
            Intrinsic::Ref(id) => id.clone(),
            Intrinsic::GetAtt { resource, attribute } => format!("{resource}.{attribute}"),
            Intrinsic::ImportValue(Value::String(name)) => format!("import {name}"),
            Intrinsic::Sub { template, .. } => template.clone(),
            _ => formwork_template::to_json(value),
        },
        Value::List(_) | Value::Map(_) => formwork_template::to_json(value),
    }
}

/// The strings or values of a property that may be one value or a list of them.
pub(crate) fn one_or_many(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::List(items)) => items.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    }
}

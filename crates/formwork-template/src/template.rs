//! The template's sections: parameters, conditions, resources and outputs.

use indexmap::IndexMap;

use crate::value::{Map, Value};

/// The only template format version CloudFormation knows.
pub const FORMAT_VERSION: &str = "2010-09-09";

/// A CloudFormation (or SAM) template. Every section keeps author order.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Template {
    /// `Transform`, e.g. `AWS::Serverless-2016-10-31`.
    pub transform: Option<String>,
    /// `Description`.
    pub description: Option<String>,
    /// `Metadata`.
    pub metadata: Map,
    /// `Parameters`.
    pub parameters: IndexMap<String, Parameter>,
    /// `Conditions`: condition functions by name.
    pub conditions: Map,
    /// `Resources`, by logical id.
    pub resources: IndexMap<String, Resource>,
    /// `Outputs`.
    pub outputs: IndexMap<String, Output>,
}

/// What happens to a resource's physical object when the resource is deleted or
/// replaced (`DeletionPolicy`, `UpdateReplacePolicy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeletionPolicy {
    /// `Delete`
    Delete,
    /// `Retain`
    Retain,
    /// `Snapshot`
    Snapshot,
}

impl DeletionPolicy {
    /// The name CloudFormation uses.
    pub fn as_str(self) -> &'static str {
        match self {
            DeletionPolicy::Delete => "Delete",
            DeletionPolicy::Retain => "Retain",
            DeletionPolicy::Snapshot => "Snapshot",
        }
    }
}

/// One resource.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Resource {
    /// `Type`, e.g. `AWS::Lambda::Function`.
    pub resource_type: String,
    /// `Condition`.
    pub condition: Option<String>,
    /// `DependsOn`.
    pub depends_on: Vec<String>,
    /// `Properties`.
    pub properties: Map,
    /// `DeletionPolicy`.
    pub deletion_policy: Option<DeletionPolicy>,
    /// `UpdateReplacePolicy`.
    pub update_replace_policy: Option<DeletionPolicy>,
    /// `Metadata`.
    pub metadata: Map,
}

impl Resource {
    /// A resource of this type with no properties.
    pub fn new(resource_type: impl Into<String>) -> Resource {
        Resource {
            resource_type: resource_type.into(),
            condition: None,
            depends_on: Vec::new(),
            properties: Map::new(),
            deletion_policy: None,
            update_replace_policy: None,
            metadata: Map::new(),
        }
    }

    /// Sets a property (after those already set).
    #[must_use]
    pub fn property(mut self, name: impl Into<String>, value: impl Into<Value>) -> Resource {
        self.properties.insert(name.into(), value.into());
        self
    }

    /// Sets a property when `value` is `Some`.
    #[must_use]
    pub fn maybe_property<V: Into<Value>>(self, name: &str, value: Option<V>) -> Resource {
        match value {
            Some(v) => self.property(name, v),
            None => self,
        }
    }

    /// Sets both `DeletionPolicy` and `UpdateReplacePolicy`.
    #[must_use]
    pub fn retention(mut self, policy: Option<DeletionPolicy>) -> Resource {
        self.deletion_policy = policy;
        self.update_replace_policy = policy;
        self
    }

    /// The resource as it is written in the template.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("Type".into(), Value::from(self.resource_type.as_str()));
        if let Some(c) = &self.condition {
            m.insert("Condition".into(), Value::from(c.as_str()));
        }
        match self.depends_on.as_slice() {
            [] => {}
            [one] => {
                m.insert("DependsOn".into(), Value::from(one.as_str()));
            }
            many => {
                m.insert("DependsOn".into(), Value::from(many.to_vec()));
            }
        }
        if let Some(p) = self.deletion_policy {
            m.insert("DeletionPolicy".into(), Value::from(p.as_str()));
        }
        if let Some(p) = self.update_replace_policy {
            m.insert("UpdateReplacePolicy".into(), Value::from(p.as_str()));
        }
        if !self.metadata.is_empty() {
            m.insert("Metadata".into(), Value::Map(self.metadata.clone()));
        }
        if !self.properties.is_empty() {
            m.insert("Properties".into(), Value::Map(self.properties.clone()));
        }
        Value::Map(m)
    }
}

/// One parameter.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Parameter {
    /// `Type`, e.g. `String`.
    pub parameter_type: String,
    /// `Description`.
    pub description: Option<String>,
    /// `Default`.
    pub default: Option<Value>,
}

impl Parameter {
    /// A parameter of this `Type` (e.g. `Number`), with no description or default.
    pub fn new(parameter_type: impl Into<String>) -> Parameter {
        Parameter { parameter_type: parameter_type.into(), description: None, default: None }
    }

    /// Sets `Description`. Default: none.
    #[must_use]
    pub fn description(self, text: impl Into<String>) -> Parameter {
        self.maybe_description(Some(text.into()))
    }

    /// [`description`](Parameter::description) from an `Option`.
    #[must_use]
    pub fn maybe_description(mut self, text: Option<String>) -> Parameter {
        self.description = text;
        self
    }

    /// Sets `Default` from an `Option`; `None` leaves it unset.
    #[must_use]
    pub fn maybe_default_value(mut self, value: Option<Value>) -> Parameter {
        self.default = value;
        self
    }

    /// A `String` parameter with a description.
    pub fn string(description: impl Into<String>) -> Parameter {
        Parameter { parameter_type: "String".into(), description: Some(description.into()), default: None }
    }

    /// Sets `Default`.
    #[must_use]
    pub fn default_value(mut self, value: impl Into<Value>) -> Parameter {
        self.default = Some(value.into());
        self
    }

    fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("Type".into(), Value::from(self.parameter_type.as_str()));
        if let Some(d) = &self.description {
            m.insert("Description".into(), Value::from(d.as_str()));
        }
        if let Some(d) = &self.default {
            m.insert("Default".into(), d.clone());
        }
        Value::Map(m)
    }
}

/// One output.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Output {
    /// `Description`.
    pub description: Option<String>,
    /// `Value`.
    pub value: Value,
    /// `Export.Name`.
    pub export_name: Option<Value>,
}

impl Output {
    /// An output of this `Value`, with no description and no export.
    pub fn new(value: impl Into<Value>) -> Output {
        Output { description: None, value: value.into(), export_name: None }
    }

    /// Sets `Description`. Default: none.
    #[must_use]
    pub fn description(self, text: impl Into<String>) -> Output {
        self.maybe_description(Some(text.into()))
    }

    /// [`description`](Output::description) from an `Option`.
    #[must_use]
    pub fn maybe_description(mut self, text: Option<String>) -> Output {
        self.description = text;
        self
    }

    /// Exports the value under this name (`Export.Name`). Default: not exported.
    #[must_use]
    pub fn export_name(self, name: impl Into<Value>) -> Output {
        self.maybe_export_name(Some(name.into()))
    }

    /// [`export_name`](Output::export_name) from an `Option`.
    #[must_use]
    pub fn maybe_export_name(mut self, name: Option<Value>) -> Output {
        self.export_name = name;
        self
    }

    fn to_value(&self) -> Value {
        let mut m = Map::new();
        if let Some(d) = &self.description {
            m.insert("Description".into(), Value::from(d.as_str()));
        }
        m.insert("Value".into(), self.value.clone());
        if let Some(name) = &self.export_name {
            m.insert("Export".into(), Value::map([("Name", name.clone())]));
        }
        Value::Map(m)
    }
}

/// A part of a template as the writers see it, borrowed where it can be.
pub(crate) enum Node<'a> {
    /// A small value made for writing (a type name, a policy word).
    Owned(Value),
    /// A mapping of the template.
    Map(&'a Map),
    /// A mapping assembled for writing, its values borrowed.
    Entries(Vec<(&'a str, Node<'a>)>),
}

impl Resource {
    /// The resource's entries as [`Resource::to_value`] orders them, borrowed.
    pub(crate) fn node_entries(&self) -> Vec<(&str, Node<'_>)> {
        let mut e: Vec<(&str, Node<'_>)> = Vec::with_capacity(7);
        e.push(("Type", Node::Owned(Value::from(self.resource_type.as_str()))));
        if let Some(c) = &self.condition {
            e.push(("Condition", Node::Owned(Value::from(c.as_str()))));
        }
        match self.depends_on.as_slice() {
            [] => {}
            [one] => e.push(("DependsOn", Node::Owned(Value::from(one.as_str())))),
            many => e.push(("DependsOn", Node::Owned(Value::from(many.to_vec())))),
        }
        if let Some(p) = self.deletion_policy {
            e.push(("DeletionPolicy", Node::Owned(Value::from(p.as_str()))));
        }
        if let Some(p) = self.update_replace_policy {
            e.push(("UpdateReplacePolicy", Node::Owned(Value::from(p.as_str()))));
        }
        if !self.metadata.is_empty() {
            e.push(("Metadata", Node::Map(&self.metadata)));
        }
        if !self.properties.is_empty() {
            e.push(("Properties", Node::Map(&self.properties)));
        }
        e
    }
}

/// A template to write whose parts are borrowed from elsewhere: a template with some
/// resources replaced or left out can be written without copying the rest.
#[derive(Debug, Clone)]
pub struct TemplateView<'a> {
    /// `Transform`.
    pub transform: Option<&'a str>,
    /// `Description`.
    pub description: Option<&'a str>,
    /// `Metadata`.
    pub metadata: &'a Map,
    /// `Parameters`.
    pub parameters: Vec<(&'a str, &'a Parameter)>,
    /// `Conditions`.
    pub conditions: &'a Map,
    /// `Resources`, in order.
    pub resources: Vec<(&'a str, &'a Resource)>,
    /// `Outputs`.
    pub outputs: &'a IndexMap<String, Output>,
}

impl<'a> TemplateView<'a> {
    /// The entries as [`Template::to_value`] orders them.
    pub(crate) fn node_entries(&self) -> Vec<(&'a str, Node<'a>)> {
        let mut e: Vec<(&str, Node<'_>)> = Vec::with_capacity(8);
        e.push(("AWSTemplateFormatVersion", Node::Owned(Value::from(FORMAT_VERSION))));
        if let Some(t) = self.transform {
            e.push(("Transform", Node::Owned(Value::from(t))));
        }
        if let Some(d) = self.description {
            e.push(("Description", Node::Owned(Value::from(d))));
        }
        if !self.metadata.is_empty() {
            e.push(("Metadata", Node::Map(self.metadata)));
        }
        if !self.parameters.is_empty() {
            let params = self.parameters.iter().map(|(k, p)| (*k, Node::Owned(p.to_value()))).collect();
            e.push(("Parameters", Node::Entries(params)));
        }
        if !self.conditions.is_empty() {
            e.push(("Conditions", Node::Map(self.conditions)));
        }
        let resources = self.resources.iter().map(|(k, r)| (*k, Node::Entries(r.node_entries()))).collect();
        e.push(("Resources", Node::Entries(resources)));
        if !self.outputs.is_empty() {
            let outputs = self.outputs.iter().map(|(k, o)| (k.as_str(), Node::Owned(o.to_value()))).collect();
            e.push(("Outputs", Node::Entries(outputs)));
        }
        e
    }
}

impl Template {
    /// The whole template as a view.
    pub fn view(&self) -> TemplateView<'_> {
        TemplateView {
            transform: self.transform.as_deref(),
            description: self.description.as_deref(),
            metadata: &self.metadata,
            parameters: self.parameters.iter().map(|(k, p)| (k.as_str(), p)).collect(),
            conditions: &self.conditions,
            resources: self.resources.iter().map(|(k, r)| (k.as_str(), r)).collect(),
            outputs: &self.outputs,
        }
    }

    /// The template as YAML: what [`crate::to_yaml`] writes for [`Template::to_value`],
    /// without copying the template first.
    pub fn to_yaml(&self) -> String {
        self.view().to_yaml()
    }

    /// The template as JSON: what [`crate::to_json`] writes for [`Template::to_value`],
    /// without copying the template first.
    pub fn to_json(&self) -> String {
        self.view().to_json()
    }

    /// An empty template.
    pub fn new() -> Template {
        Template::default()
    }

    /// The whole document as a value, with its sections in CloudFormation's customary order.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("AWSTemplateFormatVersion".into(), Value::from(FORMAT_VERSION));
        if let Some(t) = &self.transform {
            m.insert("Transform".into(), Value::from(t.as_str()));
        }
        if let Some(d) = &self.description {
            m.insert("Description".into(), Value::from(d.as_str()));
        }
        if !self.metadata.is_empty() {
            m.insert("Metadata".into(), Value::Map(self.metadata.clone()));
        }
        if !self.parameters.is_empty() {
            let params = self.parameters.iter().map(|(k, p)| (k.clone(), p.to_value())).collect();
            m.insert("Parameters".into(), Value::Map(params));
        }
        if !self.conditions.is_empty() {
            m.insert("Conditions".into(), Value::Map(self.conditions.clone()));
        }
        let resources = self.resources.iter().map(|(k, r)| (k.clone(), r.to_value())).collect();
        m.insert("Resources".into(), Value::Map(resources));
        if !self.outputs.is_empty() {
            let outputs = self.outputs.iter().map(|(k, o)| (k.clone(), o.to_value())).collect();
            m.insert("Outputs".into(), Value::Map(outputs));
        }
        Value::Map(m)
    }
}

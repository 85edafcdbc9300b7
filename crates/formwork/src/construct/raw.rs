//! The escape hatch, and the last resort: raw CloudFormation resources formwork does not
//! model ([`RawResource`], [`Stack::resource`]) and property overrides on the resources it
//! does write ([`Override`], [`Stack::override_property`], [`Function::override_property`]).
//!
//! Both are checked like everything else: a raw resource against its type's vendored
//! CloudFormation schema (FW510) and the list of every type (FW526), its references
//! (FW503) and attributes (FW511); an override that names no resource or runs into a
//! value it cannot descend into is FW525. What they cannot give is what the typed
//! constructs give: least-privilege grants, cross-resource rules and a path in your terms.
//! Reach for them only for what formwork does not model yet.
//!
//! [`Function::override_property`]: super::Function::override_property

use formwork_template::{DeletionPolicy, Value};

use super::{Attribute, AttributeKind, ConstructKind, Handle, RemovalPolicy};
use super::{Construct, Stack};

/// Any CloudFormation resource, written as given: `Type`, `Properties` (a map of
/// template values) and optionally `DependsOn` and deletion policies.
///
/// ```
/// use formwork::prelude::*;
/// use formwork::template::Value;
///
/// let mut app = App::new("alarms");
/// let stack = app.stack("alarms");
/// let jobs = stack.add(Queue::new("Jobs"));
/// let alarm = stack.resource(
///     "JobsBacklog",
///     "AWS::CloudWatch::Alarm",
///     Value::map([
///         ("Namespace", Value::from("AWS/SQS")),
///         ("MetricName", Value::from("ApproximateNumberOfMessagesVisible")),
///         ("Dimensions", Value::List(vec![Value::map([
///             ("Name", Value::from("QueueName")),
///             ("Value", Value::get_att("Jobs", "QueueName")),
///         ])])),
///         ("Statistic", Value::from("Maximum")),
///         ("Period", Value::from(60)),
///         ("EvaluationPeriods", Value::from(5)),
///         ("Threshold", Value::from(1000)),
///         ("ComparisonOperator", Value::from("GreaterThanThreshold")),
///     ]),
/// );
/// stack.add(
///     Function::new("Worker", Runtime::Python313, "app.handler", Code::inline("def handler(e, c): pass"))
///         .env("ALARM_ARN", alarm.get_att("Arn"))
///         .event_source(SqsSource::new(&jobs)),
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RawResource {
    pub(crate) id: String,
    pub(crate) resource_type: String,
    pub(crate) properties: Value,
    pub(crate) depends_on: Vec<String>,
    pub(crate) removal: Option<RemovalPolicy>,
}

impl RawResource {
    /// A resource: its logical id, its CloudFormation type (`AWS::SSM::Parameter`) and
    /// its `Properties`, a map of template values (`Value::map([...])`; refer to other
    /// resources with `Value::ref_("Id")` and `Value::get_att("Id", "Arn")`).
    pub fn new(id: impl Into<String>, resource_type: impl Into<String>, properties: Value) -> RawResource {
        RawResource {
            id: id.into(),
            resource_type: resource_type.into(),
            properties,
            depends_on: Vec::new(),
            removal: None,
        }
    }

    /// Adds a logical id to its `DependsOn`. Default: none (references order it already).
    #[must_use]
    pub fn depends_on(mut self, id: impl Into<String>) -> RawResource {
        self.depends_on.push(id.into());
        self
    }

    /// What happens to it when the stack stops managing it (`DeletionPolicy` and
    /// `UpdateReplacePolicy`). Default: neither is written (CloudFormation deletes it).
    #[must_use]
    pub fn removal_policy(mut self, policy: RemovalPolicy) -> RawResource {
        self.removal = Some(policy);
        self
    }

    pub(crate) fn deletion_policy(&self) -> Option<DeletionPolicy> {
        self.removal.map(|p| match p {
            RemovalPolicy::Retain => DeletionPolicy::Retain,
            RemovalPolicy::Delete => DeletionPolicy::Delete,
        })
    }
}

/// A raw resource added to a stack.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResourceRef(pub(crate) Handle);

impl ResourceRef {
    /// The underlying handle.
    pub fn handle(&self) -> &Handle {
        &self.0
    }

    /// What `Ref` returns for it (its name, id or ARN, depending on the type).
    pub fn ref_(&self) -> Attribute {
        Attribute { target: self.0.clone(), kind: AttributeKind::Ref }
    }

    /// One of its `Fn::GetAtt` attributes, e.g. `"Arn"`; an attribute its type does not
    /// have is reported (FW511).
    pub fn get_att(&self, attribute: &'static str) -> Attribute {
        Attribute { target: self.0.clone(), kind: AttributeKind::GetAtt(attribute) }
    }
}

impl Construct for RawResource {
    type Handle = ResourceRef;
    fn add_to(self, stack: &mut Stack) -> ResourceRef {
        let handle = Handle { kind: ConstructKind::Resource, stack: stack.name.clone(), id: self.id.clone() };
        let position = stack.order.len();
        let index = stack.extra.raw.len();
        stack.extra.order.push((position, ConstructKind::Resource, index));
        stack.extra.raw.push(self);
        ResourceRef(handle)
    }
}

/// A change to one resource of the synthesized template, applied after expansion and
/// before validation, in both targets.
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// stack.add(function("Worker"));
/// stack.override_property("Worker", "Properties.MemorySize", 512);
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("MemorySize: 512"), "{template}");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// The logical id of the resource it changes.
    pub(crate) logical_id: String,
    /// `Properties.A.B` (list items by index: `Properties.Tags.0.Value`),
    /// `Metadata.A`, `DeletionPolicy` or `UpdateReplacePolicy`.
    pub(crate) path: String,
    /// The new value; `Value::Null` removes the property.
    pub(crate) value: Value,
}

impl Override {
    /// An override of the resource `logical_id` at `path` (see [`Stack::override_property`]).
    pub fn new(logical_id: impl Into<String>, path: impl Into<String>, value: impl Into<Value>) -> Override {
        Override { logical_id: logical_id.into(), path: path.into(), value: value.into() }
    }
}

impl Stack {
    /// Adds a raw CloudFormation resource (see [`RawResource`]): the escape hatch for a
    /// resource formwork does not model, and the last resort. Returns a handle whose
    /// [`ResourceRef::ref_`] and [`ResourceRef::get_att`] other constructs can use, e.g.
    /// in environment values, from this stack or another (through an export).
    pub fn resource(
        &mut self,
        id: impl Into<String>,
        resource_type: impl Into<String>,
        properties: Value,
    ) -> ResourceRef {
        self.add(RawResource::new(id, resource_type, properties))
    }

    /// Overrides one value of the synthesized resource `logical_id`, in both targets: the
    /// escape hatch for a property formwork does not set, and the last resort.
    /// `logical_id` is a construct's id for its primary resource (`Worker`), or that id
    /// and the derived resource's role for the resources expansion adds (`WorkerRole`,
    /// `WorkerLogGroup`, `Worker<Queue>` for an SQS mapping). `path` is
    /// `Properties.X.Y` (list items by index), `Metadata.X`, `DeletionPolicy` or
    /// `UpdateReplacePolicy`; a `Value::Null` value removes the property. The result is
    /// validated like the rest of the template; an override whose resource or path does
    /// not exist is FW525. In the SAM target, a function with a property SAM would
    /// render differently stays a plain `AWS::Lambda::Function`.
    pub fn override_property(&mut self, logical_id: &str, path: &str, value: impl Into<Value>) {
        self.overrides.push(Override::new(logical_id, path, value));
    }
}

//! The CloudFormation template document: values with typed intrinsic functions, the
//! template's sections in author order, and writers for JSON and for YAML with
//! CloudFormation's short-form tags.
//!
//! This crate knows nothing about Lambda. Output is byte-for-byte deterministic: every
//! map is an [`IndexMap`] and keeps the order in which it was built.
//!
//! ```
//! use formwork_template::{Resource, Template, Value};
//!
//! let mut template = Template::new();
//! template.resources.insert(
//!     "Jobs".into(),
//!     Resource::new("AWS::SQS::Queue").property("VisibilityTimeout", 60),
//! );
//! template.resources.insert(
//!     "Reader".into(),
//!     Resource::new("AWS::SNS::Topic").property("DisplayName", Value::get_att("Jobs", "QueueName")),
//! );
//! let yaml = formwork_template::to_yaml(&template.to_value());
//! assert!(yaml.contains("DisplayName: !GetAtt Jobs.QueueName\n"));
//! ```

pub mod hash;
mod json;
pub mod suggest;
mod template;
mod value;
mod yaml;

pub use indexmap::IndexMap;
pub use json::to_json;
pub use template::{DeletionPolicy, Output, Parameter, Resource, Template, TemplateView, FORMAT_VERSION};
pub use value::{Intrinsic, Map, Pseudo, Reference, Value};
pub use yaml::to_yaml;

//! Schemas for what formwork writes and reads: the official CloudFormation resource
//! schemas of the types formwork emits (vendored from cfn-lint, MIT-0), the SARIF 2.1.0
//! schema (vendored from OASIS), and a small JSON Schema validator written for them.
//!
//! - [`validate_resource`] checks a resource's `Properties` against its type's schema;
//!   [`attributes`] lists the `Fn::GetAtt` attributes of a type.
//! - [`validate_json`] checks any JSON document against any schema, e.g. a spec file
//!   against `schema/formwork.schema.json`, or a report against [`sarif_schema`].
//!
//! The validator supports `type`, `properties`, `patternProperties`,
//! `additionalProperties`, `propertyNames`, `required`, `minProperties`/`maxProperties`,
//! `enum`, `const`, `items` (schema or list), `prefixItems`, `additionalItems`,
//! `contains`, `minItems`/`maxItems`, `uniqueItems`, `minLength`/`maxLength`, `minimum`/
//! `maximum`/`exclusiveMinimum`/`exclusiveMaximum` (draft 4's boolean form too),
//! `multipleOf`, `pattern` (a subset of ECMA-262 regular expressions: see [`Pattern`]),
//! `allOf`/`anyOf`/`oneOf`/`not`, `if`/`then`/`else`, `dependencies`,
//! `dependentRequired`, `dependentSchemas`, local `$ref` (`#`, `#/definitions/...`,
//! `#/$defs/...`), and cfn-lint's `requiredOr`, `requiredXor`, `dependentExcluded` and
//! `uniqueKeys`. `format` and everything else are ignored: a document that passes is
//! valid as far as these keywords go, no further.
//!
//! ```
//! use formwork_schema::ErrorKind;
//! use formwork_template::{Resource, Value};
//!
//! let function = Resource::new("AWS::Lambda::Function")
//!     .property("Role", Value::get_att("WorkerRole", "Arn"))
//!     .property("Code", Value::map([("ZipFile", Value::from("def handler(e, c): pass"))]))
//!     .property("Handler", "index.handler")
//!     .property("Runtime", "python3.13")
//!     .property("Memory", 256);
//! let errors = formwork_schema::validate_resource(&function);
//! assert_eq!(errors.len(), 1);
//! assert_eq!((errors[0].path.as_str(), errors[0].kind), ("/Properties/Memory", ErrorKind::UnknownProperty));
//! ```

mod cloudformation;
mod convert;
mod error;
mod options;
mod pattern;
mod sam;
mod schema;
mod validate;
mod vendored;

use std::sync::OnceLock;

/// The README's examples, run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

pub use cloudformation::{
    all_resource_types, attributes, create_only_properties, is_resource_type, resource_schema,
    resource_types, validate_resource,
};
pub use convert::to_json_value;
pub use error::{ErrorKind, SchemaError};
pub use options::{Intrinsics, Options, Scalars};
pub use pattern::Pattern;
pub use sam::{sam_resource_types, validate_sam_resource};
pub use schema::Schema;

/// Checks a JSON document against a JSON Schema with plain JSON semantics
/// ([`Options::json`]): every violation found, in a deterministic order (missing
/// properties first, then each property in document order); empty when valid.
///
/// The schema is compiled on each call; compile it once with [`Schema::from_json`] to
/// check many documents.
///
/// ```
/// use serde_json::json;
///
/// let schema = json!({
///     "type": "object",
///     "properties": {"memory": {"type": "integer", "minimum": 128}},
///     "additionalProperties": false
/// });
/// assert!(formwork_schema::validate_json(&schema, &json!({"memory": 256})).is_empty());
/// let errors = formwork_schema::validate_json(&schema, &json!({"memory": 64, "memroy": 1}));
/// let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
/// assert_eq!(paths, ["/memory", "/memroy"]);
/// ```
pub fn validate_json(schema: &serde_json::Value, document: &serde_json::Value) -> Vec<SchemaError> {
    Schema::from_json(schema).validate(document)
}

/// The SARIF 2.1.0 JSON schema (OASIS, SARIF v2.1.0 Errata 01), vendored unmodified.
///
/// ```
/// use serde_json::json;
///
/// let log = json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "formwork"}}, "results": []}]});
/// assert!(formwork_schema::validate_json(formwork_schema::sarif_schema(), &log).is_empty());
/// ```
pub fn sarif_schema() -> &'static serde_json::Value {
    static SARIF: OnceLock<serde_json::Value> = OnceLock::new();
    SARIF.get_or_init(|| {
        // checked by this crate's tests: a failure here is a bug
        serde_json::from_str(include_str!("../schemas/sarif/sarif-schema-2.1.0.json"))
            .expect("the vendored SARIF schema is valid JSON")
    })
}

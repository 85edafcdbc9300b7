//! The IAM policy language: policy documents, statements, principals and conditions,
//! written as template values; and the few facts about actions that least privilege
//! needs (which actions cannot be scoped to a resource).
//!
//! ```
//! use formwork_iam::{PolicyDocument, Statement};
//! use formwork_template::Value;
//!
//! let doc = PolicyDocument::new(vec![
//!     Statement::allow(["sqs:SendMessage"], [Value::get_att("Jobs", "Arn")]),
//! ]);
//! assert_eq!(doc.statements[0].actions, vec!["sqs:SendMessage".to_string()]);
//! ```

mod document;
mod unscopable;

pub use document::{Effect, PolicyDocument, Principal, Statement, POLICY_VERSION};
pub use unscopable::{is_unscopable, UNSCOPABLE_ACTIONS};

//! What a reviewer wants to know about synthesized CloudFormation before it is deployed:
//!
//! - [`cost`]: a monthly cost estimate from a workload, or the cost of a million requests
//!   per function when there is none, with vendored list prices per region;
//! - [`graph`]: the app as a diagram (event sources → functions → the resources they
//!   touch, failure paths dashed, stacks as groups) in Mermaid or Graphviz DOT;
//! - [`diff`]: what changes between two versions of an app's templates, property by
//!   property, whether CloudFormation replaces a resource, and what IAM gains or loses.
//!
//! Everything reads plain CloudFormation templates ([`formwork_template::Template`]), so it
//! works on what formwork writes and on hand-written templates alike. Each analysis is a
//! function returning a value, with a human and a JSON renderer; nothing here prints.

mod read;
mod refs;

pub mod cost;
pub mod diff;
pub mod graph;

pub use read::template_from_json;

use formwork_template::Template;
use indexmap::IndexMap;

/// The templates of an app, by stack name, in the app's order.
pub type Stacks = IndexMap<String, Template>;

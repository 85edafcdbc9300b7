//! Wildcard opt-ins: the explicit, reasoned permission for a statement to use `*`, kept
//! in the template's metadata so that the reason travels with the template.

use formwork_template::{Map, Value};

/// The metadata key (on the resource that holds the policy) under which opt-ins are kept:
/// a map of the actions, comma-separated, to the reason.
pub const WILDCARD_METADATA_KEY: &str = "formwork:unscoped";

/// Permission for the statements of these actions to use `*`, and why.
///
/// ```
/// use formwork_iam::WildcardOptIn;
/// use formwork_template::Value;
///
/// let opt_in = WildcardOptIn::new(["xray:PutTraceSegments"], "X-Ray accepts no resource ARN");
/// let metadata = WildcardOptIn::to_metadata(&[opt_in.clone()]);
/// assert_eq!(metadata.get("xray:PutTraceSegments"), Some(&Value::from("X-Ray accepts no resource ARN")));
/// assert_eq!(WildcardOptIn::from_metadata(&metadata), vec![opt_in]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WildcardOptIn {
    /// The actions (or action patterns) it covers, as written in the statement.
    pub actions: Vec<String>,
    /// Why they need `*`.
    pub reason: String,
}

impl WildcardOptIn {
    /// An opt-in for these actions, for this reason.
    pub fn new<A: Into<String>>(
        actions: impl IntoIterator<Item = A>,
        reason: impl Into<String>,
    ) -> WildcardOptIn {
        WildcardOptIn { actions: actions.into_iter().map(Into::into).collect(), reason: reason.into() }
    }

    /// Whether it covers this action as written (compared case-insensitively).
    pub fn covers(&self, action: &str) -> bool {
        self.actions.iter().any(|a| a.eq_ignore_ascii_case(action))
    }

    /// The metadata key of this opt-in: its actions joined with `, `.
    pub fn metadata_key(&self) -> String {
        self.actions.join(", ")
    }

    /// The metadata value for [`WILDCARD_METADATA_KEY`]: each opt-in's actions → reason.
    pub fn to_metadata(opt_ins: &[WildcardOptIn]) -> Value {
        Value::Map(
            opt_ins.iter().map(|o| (o.metadata_key(), Value::from(o.reason.as_str()))).collect::<Map>(),
        )
    }

    /// The opt-ins written by [`WildcardOptIn::to_metadata`]; entries of another shape are
    /// skipped.
    pub fn from_metadata(value: &Value) -> Vec<WildcardOptIn> {
        let Some(map) = value.as_map() else { return Vec::new() };
        map.iter()
            .filter_map(|(actions, reason)| {
                let reason = reason.as_str()?;
                let actions = actions.split(',').map(str::trim).filter(|a| !a.is_empty());
                Some(WildcardOptIn::new(actions, reason))
            })
            .collect()
    }
}

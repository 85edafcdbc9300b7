//! Where findings point: the source map from each resource of an expanded template to the
//! construct that made it, and the places in a spec file where those constructs are written.

use formwork_template::Value;
use indexmap::IndexMap;

/// Where each resource of a stack came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SourceMap {
    /// Logical id → the construct's path, e.g. `stack orders / function ProcessOrder`.
    pub constructs: IndexMap<String, String>,
    /// Role logical id → every permission expansion gave it, with the reason.
    pub permissions: IndexMap<String, Vec<Permission>>,
    /// `<logical id>/<property path>` → the construct path of what wrote that part, for
    /// parts written by something more specific than the resource's construct (a
    /// hand-made statement: `Policies.0.PolicyDocument.Statement.3` →
    /// `stack s / function F / statement 1`).
    pub parts: IndexMap<String, String>,
}

/// One action on one resource that a role holds, and which feature put it there.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Permission {
    /// The action, e.g. `sqs:SendMessage`.
    pub action: String,
    /// The resource (an ARN expression, or `*`).
    pub resource: Value,
    /// Why: `grant read_data Orders`, `event_source Jobs (SQS polling)`, ...
    pub reason: String,
}

impl Permission {
    /// `action` on `resource`, held for `reason`.
    pub fn new(action: impl Into<String>, resource: Value, reason: impl Into<String>) -> Permission {
        Permission { action: action.into(), resource, reason: reason.into() }
    }
}

/// Where an app's constructs and settings are written in the file it was read from (a
/// spec file): each finding about them names that file, line and column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceLocations {
    /// The file, as it was given.
    pub file: String,
    /// Paths as findings name them (`stack s / function F / memory`), each with the
    /// 1-based line and column where it is written. A finding takes the place of the
    /// longest of these paths that its own path starts with.
    pub places: indexmap::IndexMap<String, (usize, usize)>,
}

impl SourceLocations {
    /// The place of a finding's path: that of the longest known path it starts with.
    pub fn place_of(&self, path: &str) -> Option<(usize, usize)> {
        let mut candidate = path;
        loop {
            if let Some(place) = self.places.get(candidate) {
                return Some(*place);
            }
            candidate = &candidate[..candidate.rfind(" / ")?];
        }
    }

    /// Gives each finding whose path is known its file, line and column: its region, and
    /// a path of the form `file:line:column (construct path)`.
    pub fn locate(&self, findings: &mut [crate::Finding]) {
        for f in findings {
            if f.region.is_some() {
                continue;
            }
            let place = self.place_of(&f.path).or_else(|| self.place_of(&format!("stack {}", f.stack)));
            if let Some((line, column)) = place {
                f.region = Some(crate::Region { file: self.file.clone(), line, column });
                f.path = format!("{}:{line}:{column} ({})", self.file, f.path);
            }
        }
    }
}

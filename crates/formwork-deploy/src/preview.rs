//! A change set the way reviewers read it: each resource added (`+`), modified (`~`,
//! with whether it is replaced and which properties change) or removed (`-`, with
//! whether its deletion policy keeps it).

use aws_sdk_cloudformation::types::{self as cfn, ChangeAction, PolicyAction, Replacement as CfnReplacement};

/// What happens to a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Created.
    Add,
    /// Updated in place or replaced.
    Modify,
    /// Deleted (or kept, by its deletion policy).
    Remove,
    /// Imported into the stack.
    Import,
    /// Decided while the change set runs (a macro or a nested stack).
    Dynamic,
    /// An action this version does not know, as CloudFormation spelled it.
    Other(String),
}

impl Action {
    /// The sign in the preview: `+`, `~`, `-`, `<` (import), `?` (dynamic or unknown).
    pub fn sign(&self) -> char {
        match self {
            Action::Add => '+',
            Action::Modify => '~',
            Action::Remove => '-',
            Action::Import => '<',
            Action::Dynamic | Action::Other(_) => '?',
        }
    }
}

/// Whether a modified resource is replaced (a new physical resource, the old one deleted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replacement {
    /// `True`: replaced.
    True,
    /// `False`: updated in place.
    False,
    /// `Conditional`: depends on values known only while updating.
    Conditional,
    /// The change set does not say.
    Unknown,
}

impl Replacement {
    /// The word CloudFormation uses (`True`, `False`, `Conditional`), or `unknown`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Replacement::True => "True",
            Replacement::False => "False",
            Replacement::Conditional => "Conditional",
            Replacement::Unknown => "unknown",
        }
    }
}

/// One resource's change, from a change set.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResourceChange {
    /// The logical id.
    pub logical_id: String,
    /// The resource type.
    pub resource_type: String,
    /// What happens to it.
    pub action: Action,
    /// For a modification: whether it is replaced.
    pub replacement: Option<Replacement>,
    /// For a removal: whether the resource itself is kept (`DeletionPolicy: Retain`).
    pub retained: bool,
    /// For a modification: the properties that change, in the change set's order.
    pub properties: Vec<String>,
}

/// The resource changes of a change set, in its order; changes that are not about a
/// resource (hooks) are left out.
pub fn resource_changes(changes: &[cfn::Change]) -> Vec<ResourceChange> {
    changes.iter().filter_map(|c| c.resource_change()).map(resource_change).collect()
}

fn resource_change(rc: &cfn::ResourceChange) -> ResourceChange {
    let action = match rc.action() {
        Some(ChangeAction::Add) => Action::Add,
        Some(ChangeAction::Modify) => Action::Modify,
        Some(ChangeAction::Remove) => Action::Remove,
        Some(ChangeAction::Import) => Action::Import,
        Some(ChangeAction::Dynamic) => Action::Dynamic,
        Some(other) => Action::Other(other.as_str().to_string()),
        None => Action::Other("unknown".to_string()),
    };
    let replacement = (action == Action::Modify).then(|| match rc.replacement() {
        Some(CfnReplacement::True) => Replacement::True,
        Some(CfnReplacement::False) => Replacement::False,
        Some(CfnReplacement::Conditional) => Replacement::Conditional,
        _ => Replacement::Unknown,
    });
    let mut properties: Vec<String> = Vec::new();
    for detail in rc.details() {
        if let Some(name) = detail.target().and_then(|t| t.name()) {
            if !properties.iter().any(|p| p == name) {
                properties.push(name.to_string());
            }
        }
    }
    ResourceChange {
        logical_id: rc.logical_resource_id().unwrap_or("?").to_string(),
        resource_type: rc.resource_type().unwrap_or("?").to_string(),
        retained: action == Action::Remove && matches!(rc.policy_action(), Some(PolicyAction::Retain)),
        action,
        replacement,
        properties,
    }
}

/// The preview: one line per resource, ids and types in aligned columns, then a summary
/// line. Every line starts with two spaces.
///
/// ```text
///   + Orders  AWS::DynamoDB::Table
///   ~ Worker  AWS::Lambda::Function  (replacement: False) MemorySize
///   - Old     AWS::SQS::Queue        (kept: DeletionPolicy Retain)
///   1 to add, 1 to modify (0 replaced), 1 to remove
/// ```
pub fn render(changes: &[ResourceChange]) -> String {
    let id_width = changes.iter().map(|c| c.logical_id.len()).max().unwrap_or(0);
    let type_width = changes.iter().map(|c| c.resource_type.len()).max().unwrap_or(0);
    let mut text = String::new();
    for c in changes {
        let mut note = String::new();
        if let Some(r) = &c.replacement {
            note.push_str(&format!("(replacement: {})", r.as_str()));
        }
        if c.retained {
            note.push_str("(kept: DeletionPolicy Retain)");
        }
        if let Action::Other(name) = &c.action {
            note.push_str(&format!("({name})"));
        }
        if !c.properties.is_empty() && c.action == Action::Modify {
            note.push(' ');
            note.push_str(&c.properties.join(", "));
        }
        let line = format!(
            "  {} {:id_width$}  {:type_width$}  {note}",
            c.action.sign(),
            c.logical_id,
            c.resource_type
        );
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text.push_str(&format!("  {}\n", summary(changes)));
    text
}

/// `2 to add, 1 to modify (1 replaced), 0 to remove`, and the imports and dynamic
/// changes when there are any.
pub fn summary(changes: &[ResourceChange]) -> String {
    let count = |a: &Action| changes.iter().filter(|c| &c.action == a).count();
    let replaced = changes.iter().filter(|c| c.replacement == Some(Replacement::True)).count();
    let mut text = format!(
        "{} to add, {} to modify ({replaced} replaced), {} to remove",
        count(&Action::Add),
        count(&Action::Modify),
        count(&Action::Remove)
    );
    let kept = changes.iter().filter(|c| c.retained).count();
    if kept > 0 {
        text.push_str(&format!(" ({kept} kept)"));
    }
    let imports = count(&Action::Import);
    if imports > 0 {
        text.push_str(&format!(", {imports} to import"));
    }
    let other = changes.iter().filter(|c| matches!(c.action, Action::Dynamic | Action::Other(_))).count();
    if other > 0 {
        text.push_str(&format!(", {other} decided while deploying"));
    }
    text
}

//! Actions: typed constants checked by the compiler (`Sqs::SendMessage`), or strings
//! checked against the catalog when they are parsed.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use crate::catalog::{self, ActionInfo};
use crate::{glob, suggest};

/// One IAM action, `service:Action`, or a pattern of them (`s3:Get*`, `*`).
///
/// Made from the typed actions of [`crate::actions`] (a misspelled one does not
/// compile), by [`Action::parse`] (checked against the catalog, with a suggestion when
/// the name is unknown) or, for an action newer than the vendored catalog, by
/// [`Action::unchecked`].
///
/// ```
/// # #[cfg(feature = "typed-actions")] {
/// use formwork_iam::actions::Sqs;
/// use formwork_iam::Action;
///
/// assert_eq!(Action::parse("sqs:sendmessage")?, Action::from(Sqs::SendMessage));
/// let typo = Action::parse("sqs:SendMesage").unwrap_err();
/// assert_eq!(typo.suggestion(), Some("sqs:SendMessage"));
/// # }
/// # Ok::<(), formwork_iam::UnknownAction>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Action(Cow<'static, str>);

impl Action {
    /// A name the generated constants know to be in the catalog.
    #[cfg_attr(not(feature = "typed-actions"), allow(dead_code))]
    pub(crate) const fn typed(name: &'static str) -> Action {
        Action(Cow::Borrowed(name))
    }

    /// The action or action pattern of that name, if the catalog knows it: an action
    /// (compared case-insensitively and returned in AWS's spelling), or a pattern with `*`
    /// and `?` that matches at least one action.
    pub fn parse(name: &str) -> Result<Action, UnknownAction> {
        match lookup(name) {
            Lookup::Action(info) => Ok(Action(Cow::Owned(info.full_name()))),
            Lookup::Pattern(_) => Ok(Action(Cow::Owned(name.to_string()))),
            Lookup::Unknown(kind) => Err(UnknownAction { action: name.to_string(), kind }),
        }
    }

    /// An action the vendored catalog does not know yet, taken as written. The policy
    /// checks still report it as unknown, so a suppression with a reason is needed there.
    pub fn unchecked(name: impl Into<String>) -> Action {
        Action(Cow::Owned(name.into()))
    }

    /// The name, e.g. `sqs:SendMessage`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The service prefix, e.g. `sqs` (the whole name when it has no `:`).
    pub fn service(&self) -> &str {
        self.0.split_once(':').map_or(&*self.0, |(s, _)| s)
    }

    /// The name after the prefix, e.g. `SendMessage` (empty when there is no `:`).
    pub fn name(&self) -> &str {
        self.0.split_once(':').map_or("", |(_, a)| a)
    }

    /// Whether it is a pattern (`*` or `?` in it) rather than one action.
    pub fn is_pattern(&self) -> bool {
        glob::is_pattern(&self.0)
    }

    /// Its catalog entry; `None` for patterns and unknown actions.
    pub fn info(&self) -> Option<ActionInfo> {
        catalog::action(&self.0)
    }

    /// Every catalog action it stands for: itself, or every action a pattern matches.
    pub fn expand(&self) -> Vec<ActionInfo> {
        catalog::matching_actions(&self.0)
    }
}

impl fmt::Debug for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Action({:?})", self.as_str())
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Action {
    type Err = UnknownAction;

    fn from_str(s: &str) -> Result<Action, UnknownAction> {
        Action::parse(s)
    }
}

impl AsRef<str> for Action {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<Action> for String {
    fn from(a: Action) -> String {
        a.0.into_owned()
    }
}

impl From<&Action> for String {
    fn from(a: &Action) -> String {
        a.0.to_string()
    }
}

impl From<&Action> for Action {
    fn from(a: &Action) -> Action {
        a.clone()
    }
}

/// An action name the catalog does not know: returned by [`Action::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownAction {
    action: String,
    kind: UnknownActionKind,
}

/// Why an action name is not in the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnknownActionKind {
    /// Not of the form `service:Action`.
    Malformed,
    /// No service has that prefix.
    UnknownService {
        /// The closest prefix, if one is close.
        suggestion: Option<String>,
    },
    /// The service has no action of that name.
    UnknownAction {
        /// The closest action of the service (`service:Action`), if one is close.
        suggestion: Option<String>,
    },
    /// A pattern that matches no action.
    NoMatch,
}

impl UnknownAction {
    /// The name as given.
    pub fn action(&self) -> &str {
        &self.action
    }

    /// Why it is unknown.
    pub fn kind(&self) -> &UnknownActionKind {
        &self.kind
    }

    /// The name probably meant: a service prefix or a whole action name.
    pub fn suggestion(&self) -> Option<&str> {
        match &self.kind {
            UnknownActionKind::UnknownService { suggestion }
            | UnknownActionKind::UnknownAction { suggestion } => suggestion.as_deref(),
            UnknownActionKind::Malformed | UnknownActionKind::NoMatch => None,
        }
    }
}

impl fmt::Display for UnknownAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = &self.action;
        match &self.kind {
            UnknownActionKind::Malformed => {
                write!(f, "`{a}` is not an action name: expected `service:Action`")
            }
            UnknownActionKind::UnknownService { suggestion } => {
                let service = a.split_once(':').map_or(a.as_str(), |(s, _)| s);
                write!(f, "unknown service `{service}` in `{a}`")?;
                did_you_mean(f, suggestion)
            }
            UnknownActionKind::UnknownAction { suggestion } => {
                write!(f, "unknown action `{a}`")?;
                did_you_mean(f, suggestion)
            }
            UnknownActionKind::NoMatch => write!(f, "`{a}` matches no action"),
        }
    }
}

fn did_you_mean(f: &mut fmt::Formatter<'_>, suggestion: &Option<String>) -> fmt::Result {
    match suggestion {
        Some(s) => write!(f, " (did you mean `{s}`?)"),
        None => Ok(()),
    }
}

impl std::error::Error for UnknownAction {}

/// What the catalog says about a written action name.
pub(crate) enum Lookup {
    /// One action.
    Action(ActionInfo),
    /// A pattern, with the (non-empty) list of actions it matches.
    Pattern(Vec<ActionInfo>),
    /// Not in the catalog.
    Unknown(UnknownActionKind),
}

pub(crate) fn lookup(name: &str) -> Lookup {
    if name == "*" {
        return Lookup::Pattern(catalog::matching_actions(name));
    }
    let Some((prefix, action)) = name.split_once(':') else {
        return Lookup::Unknown(UnknownActionKind::Malformed);
    };
    let well_formed =
        |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_*?".contains(c));
    if !well_formed(prefix) || !well_formed(action) {
        return Lookup::Unknown(UnknownActionKind::Malformed);
    }
    if glob::is_pattern(name) {
        let matched = catalog::matching_actions(name);
        if !matched.is_empty() {
            return Lookup::Pattern(matched);
        }
        if !glob::is_pattern(prefix) && catalog::service(prefix).is_none() {
            return unknown_service(prefix);
        }
        return Lookup::Unknown(UnknownActionKind::NoMatch);
    }
    // The same few actions recur in every statement of a large app: look each up once.
    type Seen = std::collections::HashMap<String, ActionInfo, formwork_template::hash::BuildFastHasher>;
    static SEEN: std::sync::OnceLock<std::sync::Mutex<Seen>> = std::sync::OnceLock::new();
    let seen = SEEN.get_or_init(Default::default);
    if let Some(hit) = seen.lock().ok().and_then(|m| m.get(name).copied()) {
        return Lookup::Action(hit);
    }
    let Some(service) = catalog::service(prefix) else { return unknown_service(prefix) };
    match service.action(action) {
        Some(info) => {
            if let Ok(mut m) = seen.lock() {
                if m.len() < 4_096 {
                    m.insert(name.to_string(), info);
                }
            }
            Lookup::Action(info)
        }
        None => {
            let suggestion = suggest::closest(action, service.actions().map(|a| a.name()))
                .map(|a| format!("{}:{a}", service.prefix()));
            Lookup::Unknown(UnknownActionKind::UnknownAction { suggestion })
        }
    }
}

fn unknown_service(prefix: &str) -> Lookup {
    let suggestion = suggest::closest(prefix, catalog::services().map(|s| s.prefix())).map(str::to_string);
    Lookup::Unknown(UnknownActionKind::UnknownService { suggestion })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_canonicalises_known_names_and_keeps_patterns() {
        assert_eq!(Action::parse("SQS:sendmessage").map(|a| a.to_string()), Ok("sqs:SendMessage".into()));
        assert_eq!(Action::parse("s3:Get*").map(|a| a.to_string()), Ok("s3:Get*".into()));
        assert!(Action::parse("*").is_ok());
    }

    #[test]
    fn unknown_names_say_why_and_suggest() {
        let e = Action::parse("sqs:SendMesage").unwrap_err();
        assert_eq!(e.suggestion(), Some("sqs:SendMessage"));
        assert_eq!(e.to_string(), "unknown action `sqs:SendMesage` (did you mean `sqs:SendMessage`?)");
        let e = Action::parse("dynamo:GetItem").unwrap_err();
        assert_eq!(e.kind(), &UnknownActionKind::UnknownService { suggestion: Some("dynamodb".into()) });
        assert_eq!(Action::parse("SendMessage").unwrap_err().kind(), &UnknownActionKind::Malformed);
        assert_eq!(Action::parse("sqs:Frob*").unwrap_err().kind(), &UnknownActionKind::NoMatch);
        assert_eq!(Action::parse("sqs: SendMessage").unwrap_err().kind(), &UnknownActionKind::Malformed);
    }
}

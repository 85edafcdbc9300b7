//! Typed actions: every action of every service as an enum variant, generated from the
//! catalog, so that a misspelled action does not compile.
//!
//! Each service is an enum named after its prefix (`dynamodb` → [`Dynamodb`],
//! `execute-api` → [`ExecuteApi`]) whose variants are its actions, spelled as AWS spells
//! them: `Dynamodb::GetItem` is `dynamodb:GetItem`. Each variant's documentation gives the
//! action's access level and the resource types it accepts, so a service's page in rustdoc
//! is its list of actions. Every enum implements [`ServiceAction`], so it converts into an
//! [`Action`], and has `as_str()`; the statement setters take either.
//!
//! ```
//! use formwork_iam::actions::{Dynamodb, Sqs};
//! use formwork_iam::{Action, Effect, Statement};
//!
//! let s = Statement::new(Effect::Allow)
//!     .actions([Dynamodb::GetItem, Dynamodb::Query])
//!     .action(Sqs::SendMessage);
//! assert_eq!(s.actions, ["dynamodb:GetItem", "dynamodb:Query", "sqs:SendMessage"]);
//! assert_eq!(Action::from(Sqs::SendMessage), Action::parse("sqs:sendmessage")?);
//! assert_eq!(Sqs::SendMessage.as_str(), "sqs:SendMessage");
//! # Ok::<(), formwork_iam::UnknownAction>(())
//! ```
//!
//! The enums are `#[non_exhaustive]`: AWS adds actions, and a refresh of the catalog adds
//! variants. Actions that only cfn-lint's data knows, in lower case, have no variant when
//! no CloudFormation resource schema shows how AWS spells them: name them with
//! [`Action::parse`](crate::Action::parse), which checks them against the catalog all the
//! same.
//!
//! The enums are `Copy` and `Debug` (which prints the action's name); compare and hash
//! actions as [`Action`]s. They are variants rather than one constant per
//! action, derive no more than that, and share one `From` impl, because each derive, impl
//! and constant body is work for the compiler times 443 services and 19,544 actions: see
//! the crate README for the measurements. This module is the default cargo feature `typed-actions`; a build
//! script that never names an action can do without it (`default-features = false`).
//!
//! `generated.rs` is written by the test `generated_actions_are_fresh` (with
//! `FORMWORK_IAM_REGENERATE=1`), which `scripts/refresh-iam-catalog.py` runs; without the
//! variable the test fails when the file is stale.

#[rustfmt::skip]
mod generated;

pub use generated::*;

use crate::Action;

/// What every service enum of this module is: an action with a name. Sealed: only the
/// generated enums implement it.
pub trait ServiceAction: Copy + sealed::Sealed {
    /// The action's name, e.g. `sqs:SendMessage`.
    fn as_str(self) -> &'static str;
}

/// One `From` for all the enums (rather than one per enum, which the compiler would have
/// to check against each other).
impl<A: ServiceAction> From<A> for Action {
    #[inline]
    fn from(action: A) -> Action {
        Action::typed(action.as_str())
    }
}

mod sealed {
    #[allow(unreachable_pub)]
    pub trait Sealed {}
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use crate::catalog::{self, ActionInfo};

    /// `dynamodb` → `Dynamodb`, `execute-api` → `ExecuteApi`.
    fn type_name(prefix: &str) -> String {
        prefix
            .split(['-', '_'])
            .map(|w| {
                let mut c = w.chars();
                c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
            })
            .collect()
    }

    /// Whether an action's spelling is known and makes an identifier.
    fn typed(a: &ActionInfo) -> bool {
        let name = a.name();
        name.starts_with(|c: char| c.is_ascii_uppercase()) && name.chars().all(|c| c.is_ascii_alphanumeric())
    }

    fn doc(a: ActionInfo) -> String {
        let level = a.access_level().map_or("access level not published".to_string(), |l| l.to_string());
        let types: Vec<String> = a
            .resource_types()
            .map(|t| {
                let note = match (t.is_required(), t.is_newly_listed()) {
                    (true, _) => " (required)",
                    (false, true) => " (newly listed, optional)",
                    (false, false) => "",
                };
                format!("`{}`{note}", t.resource_type().name())
            })
            .collect();
        let resources = match (types.is_empty(), a.is_unscopable()) {
            (true, _) => "no resource type, so only `\"Resource\": \"*\"`".to_string(),
            (false, true) => format!("resource types {}; granted on `*` all the same", types.join(", ")),
            (false, false) => format!("resource types {}", types.join(", ")),
        };
        format!("`{}`: {level}; {resources}.", a.full_name())
    }

    fn render() -> String {
        let mut out = String::new();
        out.push_str("//! Generated from data/iam-catalog.tsv by the test `generated_actions_are_fresh`; do not edit.\n\n");
        out.push_str("use std::fmt;\n\nuse super::{sealed, ServiceAction};\n");
        let mut names = std::collections::BTreeSet::new();
        for service in catalog::services() {
            let actions: Vec<ActionInfo> = service.actions().filter(typed).collect();
            if actions.is_empty() {
                continue;
            }
            let name = type_name(service.prefix());
            assert!(names.insert(name.clone()), "two services named {name}");
            let (prefix, first) = (service.prefix(), actions[0].full_name());
            let _ = write!(
                out,
                "\n/// {} (`{prefix}`): {} actions.\n#[doc(alias = \"{prefix}\")]\n\
                 #[derive(Clone, Copy)]\n#[non_exhaustive]\npub enum {name} {{\n",
                service.name(),
                actions.len(),
            );
            for a in &actions {
                let _ = writeln!(out, "    /// {}\n    {},", doc(*a), a.name());
            }
            let _ = write!(out, "}}\n\nimpl {name} {{\n    const NAMES: &'static [&'static str] = &[\n");
            for a in &actions {
                let _ = writeln!(out, "        \"{}\",", a.full_name());
            }
            let _ = write!(
                out,
                "    ];\n\n    /// The action's name, e.g. `{first}`.\n    #[inline]\n    pub fn as_str(self) -> &'static str {{\n        \
                 Self::NAMES[self as usize]\n    }}\n}}\n\nimpl sealed::Sealed for {name} {{}}\n\n\
                 impl ServiceAction for {name} {{\n    #[inline]\n    fn as_str(self) -> &'static str {{\n        \
                 Self::as_str(self)\n    }}\n}}\n\n\
                 impl fmt::Debug for {name} {{\n    #[inline]\n    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {{\n        \
                 f.write_str(self.as_str())\n    }}\n}}\n"
            );
        }
        out
    }

    #[test]
    fn generated_actions_are_fresh() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/actions/generated.rs");
        let expected = render();
        if std::env::var_os("FORMWORK_IAM_REGENERATE").is_some() {
            std::fs::write(&path, &expected).expect("write src/actions/generated.rs");
            return;
        }
        let actual = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            actual == expected,
            "src/actions/generated.rs is stale: run scripts/refresh-iam-catalog.py, or \
             FORMWORK_IAM_REGENERATE=1 cargo test -p formwork-iam --lib generated_actions_are_fresh"
        );
    }

    #[test]
    fn type_names_follow_the_prefix() {
        assert_eq!(type_name("dynamodb"), "Dynamodb");
        assert_eq!(type_name("execute-api"), "ExecuteApi");
        assert_eq!(type_name("s3"), "S3");
    }
}

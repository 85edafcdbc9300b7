//! Rule codes as a type: a code a user writes (a severity change, a suppression, `explain`)
//! is checked against the catalog, and a misspelt one is an error that names the nearest
//! rule.

use std::fmt;
use std::str::FromStr;

use super::catalog::{self, Rule};

/// The code of a rule of the [catalog](catalog::ALL), e.g. `FW203`. Parsed from the
/// code (any case) or the rule's name (`sqs-visibility-recommended`).
///
/// ```
/// use formwork_rules::RuleCode;
///
/// let code: RuleCode = "fw203".parse()?;
/// assert_eq!(code.as_str(), "FW203");
/// assert_eq!(code.rule().name, "sqs-visibility-recommended");
///
/// let typo = "FW2033".parse::<RuleCode>().unwrap_err();
/// assert_eq!(typo.to_string(), "no rule `FW2033`; did you mean `FW203`?");
/// # Ok::<(), formwork_rules::UnknownRule>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleCode(&'static str);

impl RuleCode {
    /// The code, as the catalog spells it.
    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// The rule it names.
    pub fn rule(self) -> &'static Rule {
        catalog::ALL.iter().find(|r| r.code == self.0).unwrap_or(&catalog::ALL[0])
    }
}

impl From<&'static Rule> for RuleCode {
    fn from(rule: &'static Rule) -> RuleCode {
        RuleCode(rule.code)
    }
}

impl FromStr for RuleCode {
    type Err = UnknownRule;

    fn from_str(text: &str) -> Result<RuleCode, UnknownRule> {
        match catalog::rule(text) {
            Some(rule) => Ok(RuleCode(rule.code)),
            None => {
                let names = catalog::ALL.iter().flat_map(|r| [r.code, r.name]);
                let suggestion = formwork_template::suggest::closest(text, names)
                    .and_then(catalog::rule)
                    .map(|r| if text.to_ascii_uppercase().starts_with("FW") { r.code } else { r.name });
                Err(UnknownRule { given: text.to_string(), suggestion })
            }
        }
    }
}

impl fmt::Display for RuleCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// A code or name that is not a rule of the catalog, with the nearest one, if any is close.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnknownRule {
    /// What was written.
    pub given: String,
    /// The nearest rule code (or name, when a name was written).
    pub suggestion: Option<&'static str>,
}

impl fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.suggestion {
            Some(s) => write!(f, "no rule `{}`; did you mean `{s}`?", self.given),
            None => write!(f, "no rule `{}`; `formwork rules` lists them all", self.given),
        }
    }
}

impl std::error::Error for UnknownRule {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_parse_and_typos_get_the_nearest_rule() {
        assert_eq!("FW101".parse::<RuleCode>().map(RuleCode::as_str), Ok("FW101"));
        assert_eq!("memory-range".parse::<RuleCode>().map(RuleCode::as_str), Ok("FW101"));
        let typo = "FW1011".parse::<RuleCode>().unwrap_err();
        assert_eq!(typo.suggestion, Some("FW101"));
        let name = "memory-rnage".parse::<RuleCode>().unwrap_err();
        assert_eq!(name.to_string(), "no rule `memory-rnage`; did you mean `memory-range`?");
        let far = "nothing-like-it".parse::<RuleCode>().unwrap_err();
        assert_eq!(far.to_string(), "no rule `nothing-like-it`; `formwork rules` lists them all");
    }
}

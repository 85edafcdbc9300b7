//! Findings: what a rule reports, where, and how to fix it.

use std::fmt;

use super::catalog::{Rule, Severity};

/// One problem found by a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Finding {
    /// The rule's stable code, e.g. `FW101`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// The stack whose template it is in.
    pub stack: String,
    /// The resource's logical id, when it concerns one resource.
    pub resource: Option<String>,
    /// The property within that resource, e.g. `MemorySize` or `Environment.Variables.KEY`.
    pub property: Option<String>,
    /// Where the user wrote it: `stack orders / function ProcessOrder / memory`, or the
    /// template path for resources formwork did not make.
    pub path: String,
    /// What is wrong (lowercase, no trailing period).
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// The reason it was suppressed, when a suppression in the template's metadata
    /// covers it; suppressed findings are listed but do not count.
    pub suppressed: Option<String>,
    /// The file, line and column, when the finding is about a file that was read.
    pub region: Option<Region>,
}

/// A place in a file: 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Region {
    /// The file, as given on the command line.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl Region {
    /// A place in `file`: 1-based `line` and `column`.
    pub fn new(file: impl Into<String>, line: usize, column: usize) -> Region {
        Region { file: file.into(), line, column }
    }
}

impl Finding {
    /// A finding of `rule` about one resource's property.
    pub fn new(
        rule: &Rule,
        resource: &str,
        property: Option<&str>,
        message: String,
        help: String,
    ) -> Finding {
        Finding {
            code: rule.code,
            severity: rule.severity,
            stack: String::new(),
            resource: Some(resource.to_string()),
            property: property.map(str::to_string),
            path: String::new(),
            message,
            help,
            suppressed: None,
            region: None,
        }
    }

    /// A finding of `rule` about a whole stack or app.
    pub fn global(rule: &Rule, message: String, help: String) -> Finding {
        Finding {
            code: rule.code,
            severity: rule.severity,
            stack: String::new(),
            resource: None,
            property: None,
            path: String::new(),
            message,
            help,
            suppressed: None,
            region: None,
        }
    }

    /// Whether it is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Finding {
    /// rustc's layout: `error[FW101]: message`, ` --> path`, ` = help: ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}[{}]: {}", self.severity.as_str(), self.code, self.message)?;
        writeln!(f, "  --> {}", self.path)?;
        write!(f, "   = help: {}", self.help)
    }
}

/// The most findings one report holds; see [`Report::new`].
pub const MAX_FINDINGS: usize = 10_000;

/// Every finding of one run, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Report {
    /// The findings that count: errors first, then warnings, each in the order found.
    pub findings: Vec<Finding>,
    /// Findings a reasoned suppression covers, in the order found.
    pub suppressed: Vec<Finding>,
}

impl Report {
    /// A report of these findings, errors first; suppressed ones are kept apart.
    ///
    /// At most [`MAX_FINDINGS`] findings (and as many suppressed ones) are kept, errors
    /// first; beyond that one FW541 finding says how many more there were (an error when
    /// any of them was one), so a pathological input cannot make the report unbounded.
    pub fn new(findings: Vec<Finding>) -> Report {
        let (mut suppressed, mut findings): (Vec<Finding>, Vec<Finding>) =
            findings.into_iter().partition(|f| f.suppressed.is_some());
        findings.sort_by_key(|f| f.severity);
        if findings.len() > MAX_FINDINGS {
            let dropped = findings.split_off(MAX_FINDINGS);
            let mut f = Finding::global(
                &super::catalog::FINDING_LIMIT,
                format!("{} more findings are not reported; at most {MAX_FINDINGS} are", dropped.len()),
                "fix the reported problems and validate again".into(),
            );
            if dropped.iter().any(Finding::is_error) {
                f.severity = Severity::Error;
            }
            f.path = "app".into();
            findings.push(f);
        }
        suppressed.truncate(MAX_FINDINGS);
        Report { findings, suppressed }
    }

    /// Changes severities: each `(code, severity)` sets that rule's findings, and with
    /// `deny_warnings` every remaining warning becomes an error.
    pub fn apply_severities(&mut self, overrides: &[(String, Severity)], deny_warnings: bool) {
        for f in &mut self.findings {
            if let Some((_, s)) = overrides.iter().rev().find(|(code, _)| code.eq_ignore_ascii_case(f.code)) {
                f.severity = *s;
            }
            if deny_warnings {
                f.severity = Severity::Error;
            }
        }
        self.findings.sort_by_key(|f| f.severity);
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.findings.iter().filter(|f| f.is_error()).count()
    }

    /// The number of warnings.
    pub fn warning_count(&self) -> usize {
        self.findings.len() - self.error_count()
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// The codes of all findings, in order (handy in tests).
    pub fn codes(&self) -> Vec<&'static str> {
        self.findings.iter().map(|f| f.code).collect()
    }

    /// The summary line, e.g. `2 errors, 1 warning` (and `, 1 suppressed`).
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut text =
            format!("{}, {}", plural(self.error_count(), "error"), plural(self.warning_count(), "warning"));
        if !self.suppressed.is_empty() {
            text.push_str(&format!(", {} suppressed", self.suppressed.len()));
        }
        text
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in &self.findings {
            writeln!(f, "{finding}\n")?;
        }
        for s in &self.suppressed {
            writeln!(
                f,
                "suppressed[{}]: {}\n  --> {}\n   = reason: {}\n",
                s.code,
                s.message,
                s.path,
                s.suppressed.as_deref().unwrap_or("")
            )?;
        }
        Ok(())
    }
}

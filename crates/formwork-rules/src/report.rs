//! Reports for machines: JSON, and SARIF 2.1.0 (what code-scanning services ingest).
//! The human form is `Report`'s `Display`, laid out like rustc's diagnostics.

use formwork_template::{to_json, Value};

use crate::{catalog, Finding, Report, Severity};

/// The format of a validation report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportFormat {
    /// rustc-like text. The default.
    #[default]
    Human,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0.
    Sarif,
}

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";
/// The schema of that SARIF version.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn finding_value(f: &Finding) -> Value {
    let opt = |v: &Option<String>| v.as_deref().map_or(Value::Null, Value::from);
    let mut pairs = vec![
        ("code", Value::from(f.code)),
        ("name", catalog::rule(f.code).map_or(Value::Null, |r| Value::from(r.name))),
        ("severity", Value::from(f.severity.as_str())),
        ("stack", Value::from(f.stack.as_str())),
        ("resource", opt(&f.resource)),
        ("property", opt(&f.property)),
        ("path", Value::from(f.path.as_str())),
    ];
    if let Some(r) = &f.region {
        pairs.push((
            "region",
            Value::map([
                ("file", Value::from(r.file.as_str())),
                ("line", Value::Int(r.line as i64)),
                ("column", Value::Int(r.column as i64)),
            ]),
        ));
    }
    pairs.push(("message", Value::from(f.message.as_str())));
    pairs.push(("help", Value::from(f.help.as_str())));
    if let Some(reason) = &f.suppressed {
        pairs.push(("suppressed", Value::from(reason.as_str())));
    }
    Value::map(pairs)
}

/// The report as JSON: `{"summary": {...}, "findings": [...], "suppressed": [...]}`.
pub fn to_json_report(report: &Report) -> String {
    let doc = Value::map([
        (
            "summary",
            Value::map([
                ("errors", Value::Int(report.error_count() as i64)),
                ("warnings", Value::Int(report.warning_count() as i64)),
                ("suppressed", Value::Int(report.suppressed.len() as i64)),
            ]),
        ),
        ("findings", Value::List(report.findings.iter().map(finding_value).collect())),
        ("suppressed", Value::List(report.suppressed.iter().map(finding_value).collect())),
    ]);
    to_json(&doc)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn sarif_result(f: &Finding) -> Value {
    let index =
        catalog::ALL.iter().position(|r| r.code == f.code).map_or(Value::Int(-1), |i| Value::Int(i as i64));
    let mut location = vec![(
        "logicalLocations",
        Value::List(vec![Value::map([
            ("fullyQualifiedName", Value::from(f.path.as_str())),
            ("kind", Value::from(if f.resource.is_some() { "resource" } else { "module" })),
        ])]),
    )];
    if let Some(r) = &f.region {
        location.insert(
            0,
            (
                "physicalLocation",
                Value::map([
                    ("artifactLocation", Value::map([("uri", Value::from(r.file.as_str()))])),
                    (
                        "region",
                        Value::map([
                            ("startLine", Value::Int(r.line as i64)),
                            ("startColumn", Value::Int(r.column as i64)),
                        ]),
                    ),
                ]),
            ),
        );
    }
    let mut pairs = vec![
        ("ruleId", Value::from(f.code)),
        ("ruleIndex", index),
        ("level", Value::from(level(f.severity))),
        ("message", Value::map([("text", Value::from(format!("{} (help: {})", f.message, f.help)))])),
        ("locations", Value::List(vec![Value::map(location)])),
    ];
    if let Some(reason) = &f.suppressed {
        pairs.push((
            "suppressions",
            Value::List(vec![Value::map([
                ("kind", Value::from("inSource")),
                ("justification", Value::from(reason.as_str())),
            ])]),
        ));
    }
    Value::map(pairs)
}

/// The report as a SARIF 2.1.0 log with one run: every rule of the catalog as the
/// tool's rules, every finding as a result (suppressed ones with their justification).
pub fn to_sarif(report: &Report) -> String {
    let rules = catalog::ALL
        .iter()
        .map(|r| {
            Value::map([
                ("id", Value::from(r.code)),
                ("name", Value::from(r.name)),
                ("shortDescription", Value::map([("text", Value::from(r.summary))])),
                ("fullDescription", Value::map([("text", Value::from(r.rationale))])),
                ("help", Value::map([("text", Value::from(r.fix))])),
                ("defaultConfiguration", Value::map([("level", Value::from(level(r.severity)))])),
            ])
        })
        .collect();
    let results = report.findings.iter().chain(&report.suppressed).map(sarif_result).collect();
    let doc = Value::map([
        ("$schema", Value::from(SARIF_SCHEMA)),
        ("version", Value::from(SARIF_VERSION)),
        (
            "runs",
            Value::List(vec![Value::map([
                (
                    "tool",
                    Value::map([(
                        "driver",
                        Value::map([
                            ("name", Value::from("formwork")),
                            ("version", Value::from(env!("CARGO_PKG_VERSION"))),
                            ("rules", Value::List(rules)),
                        ]),
                    )]),
                ),
                ("results", Value::List(results)),
            ])]),
        ),
    ]);
    to_json(&doc)
}

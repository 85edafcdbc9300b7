//! Living with findings: reasoned suppressions written into the template, severity
//! changes, `--deny warnings`, and machine-readable reports.

use formwork::prelude::*;
use formwork::validate::Severity;

const TODAY: &str = "2026-11-29";

fn options() -> SynthOptions {
    SynthOptions::new(Date::parse(TODAY).unwrap()).target(Target::CloudFormation).format(Format::Yaml)
}

/// A queue whose visibility timeout is below AWS's recommendation (FW203, a warning).
fn app() -> App {
    let mut app = App::new("living").root(env!("CARGO_MANIFEST_DIR"));
    let s = app.stack("living");
    let q = s.add(Queue::new("Jobs").visibility_timeout(Duration::secs(40)));
    s.add(
        Function::new("Worker", Runtime::Python312, "app.handler", Code::dir("tests/fixtures/handler"))
            .timeout(Duration::secs(10))
            .event_source(SqsSource::new(&q)),
    );
    app
}

fn run(app: &App, args: &[&str]) -> (u8, String, String) {
    let args: Vec<String> = std::iter::once("living").chain(args.iter().copied()).map(String::from).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = app.run(&args, &mut out, &mut err);
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

#[test]
fn a_suppression_on_a_construct_is_listed_and_written_into_the_template() {
    let mut a = app();
    a.stack("living").suppress(
        Suppression::rule("FW203", "the worker is idempotent; a redelivery is harmless").on("Jobs"),
    );
    let out = a.synthesize(&options());
    assert_eq!(out.report.codes(), Vec::<&str>::new());
    assert_eq!(out.report.suppressed.len(), 1);
    assert_eq!(out.report.suppressed[0].code, "FW203");
    assert_eq!(out.report.summary(), "0 errors, 0 warnings, 1 suppressed");
    let yaml = &out.templates[0].text;
    assert!(
        yaml.contains("  Jobs:\n    Type: AWS::SQS::Queue\n    DeletionPolicy: Retain\n    UpdateReplacePolicy: Retain\n    Metadata:\n      formwork:\n        suppressions:\n          - rule: FW203\n            reason: the worker is idempotent; a redelivery is harmless\n"),
        "{yaml}"
    );
    assert!(out.report.to_string().contains("suppressed[FW203]"));
}

#[test]
fn a_suppression_needs_a_reason_and_a_finding_to_cover() {
    let mut a = app();
    a.stack("living").suppress(Suppression::rule("FW203", " ").on("Jobs"));
    a.stack("living").suppress(Suppression::rule("FW101", "nothing to hide").on("Worker"));
    a.stack("living").suppress(Suppression::rule("FW203", "typo").on("Jbos"));
    let report = a.synthesize(&options()).report;
    let mut codes = report.codes();
    codes.sort();
    assert_eq!(codes, ["FW508", "FW509", "FW509"], "{report}");
}

#[test]
fn checkov_and_cfn_lint_suppressions_use_their_own_metadata() {
    let mut a = app();
    a.stack("living").suppress(
        Suppression::checkov("CKV_AWS_115", "concurrency is managed by the queue's consumer limit")
            .on("Worker"),
    );
    a.stack("living").suppress(Suppression::cfn_lint("I3013", "the default retention is wanted").on("Jobs"));
    let yaml = a.synthesize(&options()).templates[0].text.clone();
    assert!(yaml.contains("      checkov:\n        skip:\n          - id: CKV_AWS_115\n            comment: concurrency is managed by the queue's consumer limit\n"), "{yaml}");
    assert!(
        yaml.contains("      cfn-lint:\n        config:\n          ignore_checks:\n            - I3013\n"),
        "{yaml}"
    );
}

#[test]
fn severities_can_be_raised_in_the_app_and_on_the_command_line() {
    let strict = app().severity("FW203", Severity::Error);
    assert_eq!(strict.synthesize(&options()).report.error_count(), 1);
    let (code, _, err) = run(&app(), &["validate", "--today", TODAY]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning[FW203]"));
    let (code, _, err) = run(&app(), &["validate", "--today", TODAY, "--severity", "FW203=error"]);
    assert_eq!(code, 1);
    assert!(err.contains("error[FW203]"), "{err}");
    let (code, _, _) = run(&app(), &["validate", "--today", TODAY, "--deny", "warnings"]);
    assert_eq!(code, 1);
    let (code, _, err) = run(&app(), &["synth", "--deny", "warnings"]);
    assert_eq!(code, 1);
    assert!(err.ends_with("nothing written\n"), "{err}");
    let (code, _, err) = run(&app(), &["validate", "--severity", "FW999=error"]);
    assert_eq!(code, 2);
    assert!(err.contains("no rule `FW999`"));
}

#[test]
fn json_and_sarif_reports_go_to_stdout() {
    let (code, out, err) = run(&app(), &["validate", "--today", TODAY, "--format", "json"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.starts_with("{\n  \"summary\": {\n    \"errors\": 0,\n    \"warnings\": 1,\n    \"suppressed\": 0\n  },\n  \"findings\": [\n    {\n      \"code\": \"FW203\",\n      \"name\": \"sqs-visibility-recommended\",\n      \"severity\": \"warning\","), "{out}");
    let (code, out, _) = run(&app(), &["validate", "--today", TODAY, "--format", "sarif"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"version\": \"2.1.0\""));
    assert!(out.contains("\"ruleId\": \"FW203\""));
    assert!(
        out.contains("\"fullyQualifiedName\": \"stack living / queue Jobs / visibility_timeout\""),
        "{out}"
    );
}

// ---- build scripts ----

#[test]
fn a_build_writes_only_what_changed_and_says_so_to_cargo() {
    use formwork::build::{build, BuildOptions, BuildOutcome};
    let temp = crate::support::temp_dir();
    let dir = temp.path().join("out");
    let options = BuildOptions::new().out_dir(&dir).today(Date::parse(TODAY).unwrap());
    let (mut cargo, mut report) = (Vec::new(), Vec::new());
    let outcome = build(&app(), &options, &mut cargo, &mut report);
    let cargo = String::from_utf8(cargo).unwrap();
    let BuildOutcome::Built { written, .. } = outcome else { panic!("{}", String::from_utf8_lossy(&report)) };
    assert_eq!(written.len(), 2, "the template and one asset: {written:?}");
    assert!(
        cargo.contains(&format!(
            "cargo:rerun-if-changed={}/tests/fixtures/handler\n",
            env!("CARGO_MANIFEST_DIR")
        )),
        "{cargo}"
    );
    assert!(cargo.contains("cargo:warning=warning[FW203]: visibility timeout of `Jobs` is 40 s"), "{cargo}");
    let help = cargo.lines().skip_while(|l| !l.contains("[FW203]")).nth(1).unwrap_or_default();
    assert!(help.starts_with("cargo:warning=  = help: "), "the help follows its warning: {cargo}");
    assert_eq!(help, "cargo:warning=  = help: set the queue's visibility timeout to at least 60 s (6 × timeout + batching window)");
    let again = build(&app(), &options, &mut Vec::new(), &mut Vec::new());
    assert_eq!(again, BuildOutcome::Built { dir: dir.clone(), written: vec![] });
}

#[test]
fn a_build_watches_layer_folders_too() {
    use formwork::build::{build, BuildOptions};
    let temp = crate::support::temp_dir();
    let mut with_layer = app();
    let stack = with_layer.stack("living");
    let layer = stack.add(Layer::new("Shared", "tests/fixtures"));
    stack.add(
        Function::new("Uses", Runtime::Python313, "app.handler", Code::dir("tests/fixtures/handler"))
            .timeout(Duration::secs(10))
            .layer(&layer),
    );
    let options = BuildOptions::new().out_dir(temp.path()).today(Date::parse(TODAY).unwrap());
    let mut cargo = Vec::new();
    build(&with_layer, &options, &mut cargo, &mut Vec::new());
    let cargo = String::from_utf8(cargo).unwrap();
    let watched: Vec<&str> =
        cargo.lines().filter_map(|l| l.strip_prefix("cargo:rerun-if-changed=")).collect();
    let root = env!("CARGO_MANIFEST_DIR");
    assert_eq!(
        watched,
        [format!("{root}/tests/fixtures/handler"), format!("{root}/tests/fixtures")],
        "{cargo}"
    );
}

#[test]
fn a_bad_model_fails_the_build_with_the_whole_report() {
    use formwork::build::{build, BuildOptions, BuildOutcome};
    let temp = crate::support::temp_dir();
    let dir = temp.path().join("out");
    let mut bad = app();
    bad.stack("living").add(
        Function::new("Huge", Runtime::Python312, "app.handler", Code::dir("tests/fixtures/handler"))
            .memory(Megabytes(20_000))
            .timeout(Duration::secs(1_000)),
    );
    let options = BuildOptions::new().out_dir(&dir).today(Date::parse(TODAY).unwrap());
    let mut report = Vec::new();
    assert_eq!(build(&bad, &options, &mut Vec::new(), &mut report), BuildOutcome::Failed);
    let report = String::from_utf8(report).unwrap();
    assert!(
        report.contains("error[FW101]")
            && report.contains("error[FW102]")
            && report.contains("warning[FW203]"),
        "{report}"
    );
    assert!(report.ends_with("error: 2 errors, 1 warning; formwork wrote nothing\n"), "{report}");
    assert!(!dir.exists());
    let strict = options.deny_warnings();
    assert_eq!(build(&app(), &strict, &mut Vec::new(), &mut Vec::new()), BuildOutcome::Failed);
}

#[test]
fn write_to_refuses_a_report_with_errors() {
    let temp = crate::support::temp_dir();
    let dir = temp.path().join("out");
    let mut bad = app();
    bad.stack("living").add(
        Function::new("Huge", Runtime::Python312, "app.handler", Code::dir("tests/fixtures/handler"))
            .memory(Megabytes(20_000)),
    );
    let refused = bad.synthesize(&options()).write_to(&dir).unwrap_err();
    assert_eq!(refused.kind(), std::io::ErrorKind::InvalidInput);
    assert_eq!(refused.to_string(), "the report has errors (1 error, 1 warning); nothing written");
    assert!(!dir.exists());
    let written = app().synthesize(&options()).write_to(&dir).unwrap();
    assert_eq!(written.len(), 2, "the template and one asset: {written:?}");
}

#[test]
fn a_misspelt_severity_code_is_an_error_that_names_the_nearest_rule() {
    let out = app().severity("FW2033", Severity::Error).synthesize(&options());
    let unknown: Vec<_> = out.report.findings.iter().filter(|f| f.code == "FW560").collect();
    assert_eq!(unknown.len(), 1, "{}", out.report);
    assert_eq!(unknown[0].message, "the severity change for `FW2033` names no rule");
    assert_eq!(unknown[0].help, "did you mean `FW203`?");
    assert_eq!(unknown[0].path, "severity FW2033");
    let by_name = app().severity("sqs-visibility-recommended", Severity::Error).synthesize(&options());
    assert_eq!(by_name.report.codes(), ["FW203"]);
    assert!(by_name.report.has_errors(), "a rule named by its name changes severity too");
}

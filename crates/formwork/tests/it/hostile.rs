//! Regression tests built from the minimal hostile inputs that once made the rules panic
//! (debug) or wrap (release): numbers from a template are checked or saturating.

use formwork::validate::{validate, Finding, Settings, StackInput};
use formwork::Date;
use formwork_template::{Resource, Template, Value};

use crate::support::TODAY;

fn findings(template: &Template) -> Vec<Finding> {
    let input = StackInput::new("hand", template);
    let settings = Settings::new(Date::parse(TODAY).unwrap()).account_concurrency(1_000);
    validate(&[input], &settings)
}

fn with_code(template: &Template, code: &str) -> Vec<Finding> {
    findings(template).into_iter().filter(|f| f.code == code).collect()
}

fn function(runtime: &str) -> Resource {
    Resource::new("AWS::Lambda::Function")
        .property("Runtime", runtime)
        .property("Handler", "app.handler")
        .property("Role", Value::get_att("Role", "Arn"))
        .property("Code", Value::map([("ZipFile", Value::from("x"))]))
}

#[test]
fn reserved_concurrency_near_i64_max_does_not_wrap_below_the_limit() {
    let mut t = Template::new();
    for id in ["A", "B"] {
        t.resources.insert(
            id.into(),
            function("python3.13").property("ReservedConcurrentExecutions", Value::Int(i64::MAX)),
        );
    }
    let found = with_code(&t, "FW301");
    assert_eq!(found.len(), 1, "{:?}", findings(&t));
    assert!(found[0].message.contains(&format!("reserve {}", i64::MAX)), "{}", found[0].message);
}

#[test]
fn a_huge_consumer_timeout_saturates_the_visibility_recommendation() {
    let mut t = Template::new();
    t.resources.insert("Jobs".into(), Resource::new("AWS::SQS::Queue").property("VisibilityTimeout", 30));
    t.resources.insert("Worker".into(), function("python3.13").property("Timeout", Value::Int(i64::MAX)));
    t.resources.insert(
        "WorkerJobs".into(),
        Resource::new("AWS::Lambda::EventSourceMapping")
            .property("FunctionName", Value::ref_("Worker"))
            .property("EventSourceArn", Value::get_att("Jobs", "Arn"))
            .property("MaximumBatchingWindowInSeconds", Value::Int(i64::MAX)),
    );
    let below = with_code(&t, "FW202");
    assert_eq!(below.len(), 1, "{:?}", findings(&t));
    assert!(below[0].help.contains(&format!("timeout to {} s", i64::MAX)), "{}", below[0].help);
    assert!(!below[0].help.contains("-"), "{}", below[0].help);
    assert_eq!(with_code(&t, "FW102").len(), 1);
}

#[test]
fn a_negative_timeout_gives_no_negative_recommendation() {
    let mut t = Template::new();
    t.resources.insert("Jobs".into(), Resource::new("AWS::SQS::Queue").property("VisibilityTimeout", -5));
    t.resources.insert("Worker".into(), function("python3.13").property("Timeout", -1));
    t.resources.insert(
        "WorkerJobs".into(),
        Resource::new("AWS::Lambda::EventSourceMapping")
            .property("FunctionName", Value::ref_("Worker"))
            .property("EventSourceArn", Value::get_att("Jobs", "Arn")),
    );
    for f in findings(&t).iter().filter(|f| f.code.starts_with("FW20")) {
        assert!(!f.help.contains("recommends -"), "{}", f.help);
    }
}

#[test]
fn snapstart_on_a_runtime_with_a_huge_version_is_judged_without_overflow() {
    for (runtime, supported) in
        [("java99999999", true), ("java99999999999999999999", false), ("python3.99999999", true)]
    {
        let mut t = Template::new();
        t.resources.insert(
            "F".into(),
            function(runtime)
                .property("SnapStart", Value::map([("ApplyOn", Value::from("PublishedVersions"))])),
        );
        assert_eq!(with_code(&t, "FW120").is_empty(), supported, "{runtime}: {:?}", findings(&t));
    }
}

#[test]
fn whole_numbers_written_as_floats_or_beyond_64_bits_reach_the_range_rules() {
    for (property, text, code) in [
        ("Timeout", "100000.0", "FW102"),
        ("Timeout", "1e5", "FW102"),
        ("MemorySize", "1e5", "FW101"),
        ("Timeout", "99999999999999999999", "FW102"),
        ("Timeout", "-99999999999999999999", "FW102"),
    ] {
        let mut t = Template::new();
        t.resources.insert("F".into(), function("python3.13").property(property, Value::from(text)));
        let found = with_code(&t, code);
        assert_eq!(found.len(), 1, "{property}: {text}: {:?}", findings(&t));
        assert!(found[0].message.contains(text), "{}", found[0].message);
    }
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("formwork-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn synth_of(app: &formwork::App) -> formwork::Synthesis {
    crate::support::synth(app)
}

/// The names in `dir`, sorted.
fn listing(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn stack_names_that_are_not_cloudformation_names_are_fw540() {
    for bad in ["../victim", "/tmp/abs", "a/b", "", "1st", "with space", "dot.ted", &"a".repeat(129)] {
        let mut app = formwork::App::new("hostile");
        app.stack(bad);
        let codes = synth_of(&app).report.codes();
        assert!(codes.contains(&"FW540"), "{bad:?}: {codes:?}");
    }
    let mut app = formwork::App::new("fine");
    app.stack("orders-Prod2");
    app.stack("a".repeat(128));
    assert!(!synth_of(&app).report.codes().contains(&"FW540"));
}

#[test]
fn nothing_is_written_outside_the_out_folder() {
    let dir = temp_dir("escape");
    let out = dir.join("out");
    let mut app = formwork::App::new("hostile");
    app.stack("../victim");
    let mut synthesis = synth_of(&app);
    // A report with errors is not written at all; even were the finding dropped, the
    // writer refuses the name.
    assert_eq!(synthesis.write_to(&out).unwrap_err().kind(), std::io::ErrorKind::InvalidInput);
    synthesis.report.findings.clear();
    let err = synthesis.write_to(&out).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("../victim.yaml"), "{err}");
    assert!(!dir.join("victim.yaml").exists());
    synthesis.templates[0].file_name = "/tmp/formwork-hostile-absolute.yaml".into();
    assert!(synthesis.write_to(&out).is_err());
    assert!(!std::path::Path::new("/tmp/formwork-hostile-absolute.yaml").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_new_set_replaces_the_old_one_and_only_files_formwork_wrote_are_removed() {
    let dir = temp_dir("sets");
    let mut old = formwork::App::new("sets");
    for name in ["alpha", "beta", "gamma"] {
        old.stack(name);
    }
    synth_of(&old).write_to(&dir).unwrap();
    assert_eq!(listing(&dir), [".formwork-manifest", "alpha.yaml", "beta.yaml", "gamma.yaml"]);
    std::fs::write(dir.join("notes.yaml"), "mine").unwrap();
    // What a killed run leaves: a temporary file of a process that has gone, and an
    // uncommitted staging folder.
    std::fs::write(dir.join(".alpha.yaml.tmp-4194304"), "half").unwrap();
    std::fs::create_dir(dir.join(formwork::write::STAGING_DIR)).unwrap();
    std::fs::write(dir.join(formwork::write::STAGING_DIR).join("alpha.yaml"), "half").unwrap();

    let mut new = formwork::App::new("sets");
    for name in ["alpha", "delta"] {
        new.stack(name);
    }
    let written = synth_of(&new).write_to(&dir).unwrap();
    assert_eq!(written, [dir.join("alpha.yaml"), dir.join("delta.yaml")]);
    assert_eq!(listing(&dir), [".formwork-manifest", "alpha.yaml", "delta.yaml", "notes.yaml"]);
    assert_eq!(std::fs::read_to_string(dir.join("notes.yaml")).unwrap(), "mine");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_committed_set_left_by_a_killed_run_is_finished_by_the_next() {
    let dir = temp_dir("commit");
    let mut old = formwork::App::new("sets");
    old.stack("alpha");
    old.stack("beta");
    synth_of(&old).write_to(&dir).unwrap();
    // As if killed after the commit, with one of two templates moved into place.
    let staging = dir.join(formwork::write::STAGING_DIR);
    std::fs::create_dir(&staging).unwrap();
    std::fs::write(dir.join("alpha.yaml"), "new alpha").unwrap();
    std::fs::write(staging.join("gamma.yaml"), "new gamma").unwrap();
    std::fs::write(staging.join(formwork::write::MANIFEST), "template alpha.yaml\ntemplate gamma.yaml\n")
        .unwrap();
    formwork::write::recover(&dir).unwrap();
    assert_eq!(listing(&dir), [".formwork-manifest", "alpha.yaml", "gamma.yaml"]);
    assert_eq!(std::fs::read_to_string(dir.join("gamma.yaml")).unwrap(), "new gamma");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_io_error_names_the_file_that_failed() {
    let dir = temp_dir("io");
    let mut app = formwork::App::new("io");
    app.stack("alpha");
    std::fs::create_dir_all(dir.join("alpha.yaml").join("occupied")).unwrap();
    let err = synth_of(&app).write_to(&dir).unwrap_err();
    assert!(err.to_string().contains(&dir.join("alpha.yaml").display().to_string()), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn code_app(code: &str, configure: impl FnOnce(formwork::App) -> formwork::App) -> formwork::App {
    use formwork::prelude::*;
    let mut app = configure(App::new("code").root(env!("CARGO_MANIFEST_DIR")));
    app.stack("code").add(Function::new("F", Runtime::Python313, "app.handler", Code::dir(code)));
    app
}

#[test]
fn code_outside_the_app_root_needs_an_opt_in() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/handler");
    for code in ["../../crates/formwork/tests/fixtures/handler", fixture] {
        let refused = crate::support::with_code(&code_app(code, |a| a), "FW135");
        assert_eq!(refused.len(), 1, "{code}");
        assert!(refused[0].message.contains("outside the app's root"), "{}", refused[0].message);
        let allowed = code_app(code, |a| a.code_outside_root(formwork::CodeOutsideRoot::Allow));
        assert!(crate::support::codes(&allowed).is_empty(), "{code}: {:?}", crate::support::codes(&allowed));
    }
    // Climbing out and back in stays inside.
    assert!(crate::support::codes(&code_app("tests/../tests/fixtures/handler", |a| a)).is_empty());
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_a_code_folder_is_a_finding_unless_followed_on_purpose() {
    let dir = temp_dir("symlink");
    std::fs::create_dir_all(dir.join("app/code")).unwrap();
    std::fs::write(dir.join("app/code/app.py"), "def handler(e, c): pass\n").unwrap();
    std::fs::write(dir.join("secret"), "s3cr3t").unwrap();
    std::os::unix::fs::symlink(dir.join("secret"), dir.join("app/code/secret")).unwrap();
    let build = |links| {
        use formwork::prelude::*;
        let mut app = App::new("links").root(dir.join("app")).symlinks(links);
        app.stack("links").add(Function::new("F", Runtime::Python313, "app.handler", Code::dir("code")));
        app
    };
    let refused = crate::support::with_code(&build(formwork::Links::Inside), "FW135");
    assert_eq!(refused.len(), 1);
    assert!(refused[0].message.contains("symlink secret in code points outside"), "{}", refused[0].message);
    let synthesis = synth_of(&build(formwork::Links::Follow));
    assert!(synthesis.report.codes().is_empty(), "{:?}", synthesis.report.codes());
    assert_eq!(synthesis.assets.len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_report_holds_at_most_ten_thousand_findings_and_counts_the_rest() {
    let many = |n: usize, code: &formwork::validate::Rule| -> Vec<Finding> {
        (0..n).map(|i| Finding::global(code, format!("finding {i}"), String::new())).collect()
    };
    let catalog = formwork::validate::catalog::ALL;
    let error = catalog.iter().find(|r| r.code == "FW101").unwrap();
    let warning = catalog.iter().find(|r| r.code == "FW203").unwrap();
    let mut findings = many(10_000, warning);
    findings.extend(many(50, error));
    let report = formwork::validate::Report::new(findings);
    assert_eq!(report.findings.len(), formwork::validate::MAX_FINDINGS + 1);
    let last = report.findings.last().unwrap();
    assert_eq!((last.code, last.severity), ("FW541", formwork::validate::Severity::Warning));
    assert!(last.message.starts_with("50 more findings"), "{}", last.message);
    assert_eq!(report.error_count(), 50, "errors are kept first");

    let report = formwork::validate::Report::new(many(10_010, error));
    let last = report.findings.last().unwrap();
    assert_eq!((last.code, last.severity), ("FW541", formwork::validate::Severity::Error));
    assert!(formwork::validate::Report::new(many(10_000, error)).findings.iter().all(|f| f.code == "FW101"));
}

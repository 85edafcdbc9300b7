//! The `formwork` command, run in-process: what it prints, writes and exits with.

use std::fs;
use std::path::{Path, PathBuf};

#[path = "cli/hostile.rs"]
mod hostile;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/queue-worker/app.yaml");

/// What one run did.
struct Run {
    code: u8,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let args: Vec<String> =
        std::iter::once("formwork").chain(args.iter().copied()).map(String::from).collect();
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let code = formwork_cli::run(&args, &mut stdout, &mut stderr);
    Run {
        code,
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// A fresh directory under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("formwork-cli-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("a temporary directory");
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn synth_prints_the_example_as_cloudformation() {
    let r = run(&["synth", EXAMPLE, "--today", "2026-11-29"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Type: AWS::Lambda::Function"), "{}", r.stdout);
    assert!(r.stdout.contains("Type: AWS::Lambda::EventSourceMapping"));
    assert!(!r.stdout.contains("AWS::Serverless"));
}

#[test]
fn synth_prints_the_example_as_sam() {
    let r = run(&["synth", EXAMPLE, "--target", "sam", "--today", "2026-11-29"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Type: AWS::Serverless::Function"), "{}", r.stdout);
    assert!(r.stdout.contains("Transform: AWS::Serverless-2016-10-31"));
}

#[test]
fn synth_writes_templates_and_assets_to_out() {
    let dir = TempDir::new("out");
    let out = dir.path().join("build");
    let out_arg = out.to_string_lossy().into_owned();
    let r = run(&["synth", EXAMPLE, "--format", "json", "--out", &out_arg, "--today", "2026-11-29"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let template = fs::read_to_string(out.join("queue-worker.json")).expect("the template");
    assert!(template.contains("\"AWS::Lambda::Function\""));
    let assets = fs::read_dir(out.join("assets")).expect("the assets").count();
    assert_eq!(assets, 1);
}

#[test]
fn validate_reports_without_writing() {
    let r = run(&["validate", EXAMPLE, "--today", "2026-11-29"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("validated 1 stack"), "{}", r.stderr);
}

#[test]
fn validation_errors_exit_1_and_write_nothing() {
    let dir = TempDir::new("invalid");
    fs::create_dir_all(dir.path().join("src")).expect("a code directory");
    fs::write(dir.path().join("src/app.py"), "def handler(event, context):\n    pass\n")
        .expect("the handler");
    let spec = dir.path().join("big.yaml");
    fs::write(
        &spec,
        "stacks:
  big:
    functions:
      Huge:
        runtime: python3.13
        handler: app.handler
        code: src
        memory: 20000
",
    )
    .expect("the spec");
    let out = dir.path().join("out");
    let (spec_arg, out_arg) = (spec.to_string_lossy(), out.to_string_lossy());
    let r = run(&["synth", &spec_arg, "--out", &out_arg, "--today", "2026-11-29"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("FW101"), "{}", r.stderr);
    assert!(r.stderr.contains("nothing written"), "{}", r.stderr);
    let written = fs::read_dir(&out).map(|d| d.count()).unwrap_or(0);
    assert_eq!(written, 0, "nothing may be written");
}

#[test]
fn spec_errors_exit_1_with_a_count() {
    let dir = TempDir::new("spec-errors");
    let spec = dir.path().join("app.yaml");
    fs::write(
        &spec,
        "stacks:
  s:
    queues:
      Jobs:
    functions:
      Worker:
        runtime: python3.13
        handler: app.handler
        code: src
        events: [{ sqs: Job }]
        grants: [{ publish: Alerts }]
",
    )
    .expect("the spec");
    let spec_arg = spec.to_string_lossy().into_owned();
    let r = run(&["validate", &spec_arg]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stderr);
    assert!(lines[0].starts_with(&format!("error: {spec_arg}:10:")), "{}", lines[0]);
    assert!(lines[0].ends_with("unknown queue `Job`; did you mean `Jobs`?"), "{}", lines[0]);
    assert!(lines[1].contains("unknown topic `Alerts`"), "{}", lines[1]);
    assert_eq!(lines[2], format!("error: 2 problems in {spec_arg}; nothing written"));
}

#[test]
fn a_missing_file_exits_2() {
    let r = run(&["synth", "no/such/app.yaml"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "error: no/such/app.yaml: cannot read the spec file: no such file\n");
}

#[test]
fn usage_errors_exit_2() {
    let r = run(&["synth", EXAMPLE, "--frobnicate"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("error: unknown option `--frobnicate`"), "{}", r.stderr);
    assert!(r.stderr.contains("usage: formwork <command> SPEC [options]"));

    for args in [&["synth"][..], &["deploy", EXAMPLE], &[], &["schema", "extra"]] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty());
    }
}

#[test]
fn help_goes_to_stdout() {
    for flag in ["--help", "-h"] {
        let r = run(&[flag]);
        assert_eq!(r.code, 0);
        assert!(r.stdout.starts_with("usage: formwork <command> SPEC [options]"));
        assert!(r.stdout.contains("formwork schema"), "{}", r.stdout);
        assert!(r.stderr.is_empty());
    }
}

#[test]
fn schema_prints_the_json_schema() {
    let r = run(&["schema"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, formwork_spec::schema());
    assert!(r.stdout.starts_with("{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\""));
    assert!(r.stdout.contains("\"Function\": {"));
}

// ---- templates formwork did not write ----

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/templates/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The codes `formwork validate` reports on a hand-written template, and its exit status.
fn template_codes(name: &str) -> (u8, Vec<String>) {
    let r = run(&["validate", &fixture(name), "--today", "2026-11-29"]);
    let codes = r
        .stderr
        .lines()
        .filter_map(|l| {
            l.split_once('[').and_then(|(_, rest)| rest.split_once(']')).map(|(c, _)| c.to_string())
        })
        .collect();
    (r.code, codes)
}

#[test]
fn good_hand_written_templates_have_no_findings() {
    for name in ["good.yaml", "sam-good.yaml"] {
        let r = run(&["validate", &fixture(name), "--today", "2026-11-29"]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert!(r.stderr.ends_with(": 0 errors, 0 warnings\n"), "{name}: {}", r.stderr);
    }
}

/// The defects cfn-lint and checkov miss, each caught in a template written by hand.
#[test]
fn each_defect_is_caught_in_a_hand_written_template() {
    for (name, expected) in [
        ("memory-above-limit.yaml", vec!["FW101"]),
        ("dlq-queue-url.yaml", vec!["FW201"]),
        ("batch-without-window.yaml", vec!["FW204"]),
        ("role-cannot-read-source.yaml", vec!["FW601"]),
        ("sam-dlq-type-mismatch.yaml", vec!["FW603"]),
        ("sam-globals-and-events.yaml", vec!["FW102", "FW204", "FW202"]),
    ] {
        assert_eq!(template_codes(name), (1, expected.iter().map(|c| c.to_string()).collect()), "{name}");
    }
}

#[test]
fn template_findings_point_at_file_line_and_column() {
    let r = run(&["validate", &fixture("memory-above-limit.yaml"), "--today", "2026-11-29"]);
    let file = fixture("memory-above-limit.yaml");
    assert!(
        r.stderr.contains(&format!("  --> {file}:42:7 (Resources/Worker/Properties/MemorySize)\n")),
        "{}",
        r.stderr
    );
    let r = run(&["validate", &fixture("sam-globals-and-events.yaml"), "--today", "2026-11-29"]);
    assert!(
        r.stderr.contains("(Resources/Worker/Properties/Events/Jobs/Properties/BatchSize)"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_template_cannot_be_synthesized_and_a_broken_one_is_located() {
    let r = run(&["synth", &fixture("good.yaml")]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is a CloudFormation template, not a spec"), "{}", r.stderr);
    let dir = TempDir::new("broken-template");
    let broken = dir.path().join("broken.yaml");
    fs::write(&broken, "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: [unclosed\n").unwrap();
    let r = run(&["validate", broken.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with(&format!("error: {}:", broken.display())), "{}", r.stderr);
}

#[test]
fn sarif_reports_pass_the_sarif_2_1_0_schema() {
    for name in ["sam-globals-and-events.yaml", "good.yaml"] {
        let r = run(&["validate", &fixture(name), "--format", "sarif", "--today", "2026-11-29"]);
        let doc: serde_json::Value = serde_json::from_str(&r.stdout).expect("SARIF is JSON");
        let errors = formwork_schema::validate_json(formwork_schema::sarif_schema(), &doc);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        let results = doc["runs"][0]["results"].as_array().unwrap();
        if name == "good.yaml" {
            assert!(results.is_empty());
        } else {
            let first = &results[0];
            assert_eq!(first["ruleId"], "FW102");
            assert_eq!(first["level"], "error");
            let region = &first["locations"][0]["physicalLocation"]["region"];
            assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(14), Some(3)));
        }
    }
}

#[test]
fn json_reports_carry_codes_and_locations() {
    let r =
        run(&["validate", &fixture("memory-above-limit.yaml"), "--format", "json", "--today", "2026-11-29"]);
    assert_eq!(r.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["summary"]["errors"], 1);
    assert_eq!(doc["findings"][0]["code"], "FW101");
    assert_eq!(doc["findings"][0]["region"]["line"], 42);
}

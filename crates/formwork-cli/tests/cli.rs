//! The `formwork` command, run in-process: what it prints, writes and exits with.

use std::fs;
use std::path::Path;

#[path = "cli/getting_started.rs"]
mod getting_started;
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

/// A fresh temporary directory, removed when dropped.
struct TempDir(tempfile::TempDir);

impl TempDir {
    fn new(_purpose: &str) -> TempDir {
        TempDir(tempfile::tempdir().expect("a temporary directory"))
    }

    fn path(&self) -> &Path {
        self.0.path()
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
fn usage_errors_exit_2_with_the_problem_and_one_line_pointing_at_help() {
    let r = run(&["synth", EXAMPLE, "--frobnicate"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: unexpected argument '--frobnicate' found\n\n  tip: a similar argument exists: '--format'\n\n\
         For more information, try '--help'.\n"
    );

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
        assert!(r.stdout.contains("Usage: formwork [OPTIONS] <COMMAND>"), "{}", r.stdout);
        assert!(r.stdout.contains("  schema "), "{}", r.stdout);
        assert!(r.stderr.is_empty());
    }
    let r = run(&["synth", "--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Usage: formwork synth [OPTIONS] <SPEC>"), "{}", r.stdout);
}

#[test]
fn version_target_equals_and_explain_help_behave_as_rust_users_expect() {
    let r = run(&["--version"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, concat!("formwork ", env!("CARGO_PKG_VERSION"), "\n")));
    let r = run(&["synth", EXAMPLE, "--target=sam", "--today=2026-11-29"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Type: AWS::Serverless::Function"), "{}", r.stdout);
    let r = run(&["explain", "--help"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Usage: formwork explain [OPTIONS] <CODE>"), "{}", r.stdout);
    let r = run(&["synth", EXAMPLE, "--format", "sarif"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert!(r.stderr.contains("invalid value 'sarif' for '--format <FORMAT>'"), "{}", r.stderr);
    let r = run(&["synht", EXAMPLE]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("tip: a similar subcommand exists: 'synth'"), "{}", r.stderr);
}

#[test]
fn completions_include_the_spec_commands() {
    for shell in ["bash", "zsh", "fish"] {
        let r = run(&["completions", shell]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.contains("schema") && r.stdout.contains("account-concurrency"), "{shell}");
    }
}

#[test]
fn stdout_synth_of_an_app_with_code_says_where_the_assets_are() {
    for target in ["cloudformation", "sam"] {
        let r = run(&["synth", EXAMPLE, "--target", target, "--today", "2026-11-29"]);
        assert_eq!(r.code, 0);
        assert_eq!(
            r.stderr,
            "note: the template refers to 1 code asset that only `--out DIR` writes (to DIR/assets/)\n"
        );
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
    for name in ["good.yaml", "sam-good.yaml", "sam-implicit-references.yaml"] {
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
        ("sam-policies-wildcard.yaml", vec!["FW401", "FW402", "FW407"]),
        // The SQS event of a function with AutoPublishAlias invokes the alias.
        ("sam-alias-visibility.yaml", vec!["FW202"]),
        ("sam-secret-in-environment.yaml", vec!["FW130", "FW130"]),
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

/// A spec with two rule findings: memory above 10,240 MB (FW101, at line 11) and an SQS
/// batch above 10 without a batching window (FW204, the event entry at line 14).
const LOCATED_SPEC: &str = "\
stacks:
  s:
    queues:
      Jobs: { visibility_timeout: 180s }
    functions:
      Worker:
        runtime: python3.13
        handler: app.handler
        code: src
        timeout: 30s
        memory: 20000
        events:
          - sqs: Jobs
            batch_size: 50
";

fn located_spec(dir: &TempDir) -> String {
    fs::create_dir_all(dir.path().join("src")).expect("a code folder");
    fs::write(dir.path().join("src/app.py"), "def handler(event, context):\n    return None\n")
        .expect("code");
    let spec = dir.path().join("app.yaml");
    fs::write(&spec, LOCATED_SPEC).expect("the spec");
    spec.to_string_lossy().into_owned()
}

#[test]
fn rule_findings_on_a_spec_name_its_lines_in_the_human_report() {
    let dir = TempDir::new("located-human");
    let spec = located_spec(&dir);
    let r = run(&["validate", &spec, "--today", "2026-11-29"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("  --> {spec}:11:9 (stack s / function Worker / memory)")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!(
            "  --> {spec}:14:13 (stack s / function Worker / event_source Jobs / batch_size)"
        )),
        "{}",
        r.stderr
    );
    let synth = run(&["synth", &spec, "--today", "2026-11-29"]);
    assert_eq!(synth.code, 1);
    assert!(synth.stderr.contains(&format!("{spec}:11:9")), "{}", synth.stderr);
}

#[test]
fn rule_findings_on_a_spec_carry_their_region_in_json_and_sarif() {
    let dir = TempDir::new("located-json");
    let spec = located_spec(&dir);
    let r = run(&["validate", &spec, "--today", "2026-11-29", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let regions: Vec<(String, i64, i64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_string(),
                f["region"]["line"].as_i64().unwrap_or(-1),
                f["region"]["column"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert!(regions.contains(&("FW101".into(), 11, 9)), "{regions:?}");
    assert!(regions.contains(&("FW204".into(), 14, 13)), "{regions:?}");
    for f in report["findings"].as_array().expect("findings") {
        assert_eq!(f["region"]["file"].as_str(), Some(spec.as_str()));
    }

    let r = run(&["validate", &spec, "--today", "2026-11-29", "--format", "sarif"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let sarif: serde_json::Value = serde_json::from_str(&r.stdout).expect("SARIF");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let at = |code: &str| -> (i64, i64, String) {
        let result = results.iter().find(|x| x["ruleId"] == code).expect("a result of the rule");
        let physical = &result["locations"][0]["physicalLocation"];
        (
            physical["region"]["startLine"].as_i64().unwrap_or(-1),
            physical["region"]["startColumn"].as_i64().unwrap_or(-1),
            physical["artifactLocation"]["uri"].as_str().unwrap_or_default().to_string(),
        )
    };
    assert_eq!(at("FW101"), (11, 9, spec.clone()));
    assert_eq!(at("FW204"), (14, 13, spec.clone()));
}

#[test]
fn init_writes_a_project_that_synthesizes_and_refuses_to_overwrite_it() {
    let dir = TempDir::new("init");
    let project = dir.path().join("shop-jobs");
    let project_arg = project.to_string_lossy().into_owned();
    let r = run(&["init", &project_arg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("wrote ") && r.stderr.contains("app.yaml"), "{}", r.stderr);
    let spec = project.join("app.yaml").to_string_lossy().into_owned();
    let out = dir.path().join("out").to_string_lossy().into_owned();
    let synth = run(&[
        "synth",
        &spec,
        "--target",
        "sam",
        "--out",
        &out,
        "--deny",
        "warnings",
        "--today",
        "2026-11-29",
    ]);
    assert_eq!(synth.code, 0, "{}", synth.stderr);
    let template = fs::read_to_string(dir.path().join("out/shop-jobs.yaml")).expect("the template");
    assert!(template.contains("AWS::Serverless::Function"), "{template}");
    let again = run(&["init", &project_arg]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("exists already"), "{}", again.stderr);
}

/// The README shows what `validate` prints for the SAM fixtures, verbatim.
#[test]
fn readme_shows_the_sam_validations_as_printed() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let clean = run(&["validate", &fixture("sam-implicit-references.yaml"), "--today", "2026-11-29"]);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    let shown = clean.stderr.replace(&fixture(""), "crates/formwork-cli/tests/fixtures/templates/");
    assert!(readme.contains(&shown), "README lacks:\n{shown}");
    let caught = run(&["validate", &fixture("sam-policies-wildcard.yaml"), "--today", "2026-11-29"]);
    let shown = caught.stderr.replace(&fixture(""), "crates/formwork-cli/tests/fixtures/templates/");
    let first_two: Vec<&str> = shown.split("\n\n").take(2).collect();
    assert!(readme.contains(&first_two.join("\n\n")), "README lacks:\n{}", first_two.join("\n\n"));
}

/// AWS CDK's own output for three units of the fleet app (`bench/cdk/app.js`,
/// aws-cdk-lib 2.276.0, `FLEET_UNITS=3`): no error. `grantReadData` adds the table's
/// stream actions in a statement of their own on the table: dead weight, a warning each.
#[test]
fn a_cdk_synthesized_fleet_has_no_error() {
    let r = run(&["validate", &fixture("cdk-fleet-3.json"), "--today", "2026-11-29"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (_, codes) = template_codes("cdk-fleet-3.json");
    assert_eq!(codes, ["FW404"; 6]);
    assert!(r.stderr.contains("warning[FW404]"), "{}", r.stderr);
    assert!(r.stderr.ends_with(": 0 errors, 6 warnings\n"), "{}", r.stderr);
}

/// `formwork lower` prints what `validate` reads: the SAM resources as the transform's
/// CloudFormation, under its logical ids, in YAML or JSON.
#[test]
fn lower_prints_the_cloudformation_a_sam_template_stands_for() {
    let yaml = run(&["lower", &fixture("sam-implicit-references.yaml")]);
    assert_eq!(yaml.code, 0, "{}", yaml.stderr);
    assert!(
        !yaml.stdout.contains("Transform") && !yaml.stdout.contains("AWS::Serverless::"),
        "{}",
        yaml.stdout
    );
    for expected in [
        "  HelloWorldFunctionRole:\n    Type: AWS::IAM::Role\n",
        "  HelloWorldFunctionAliaslive:\n    Type: AWS::Lambda::Alias\n",
        "  ServerlessRestApiProdStage:\n    Type: AWS::ApiGateway::Stage\n",
        "    Value: !Ref HelloWorldFunctionAliaslive\n",
    ] {
        assert!(yaml.stdout.contains(expected), "{expected} in\n{}", yaml.stdout);
    }
    let json = run(&["lower", &fixture("sam-implicit-references.yaml"), "--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    assert!(
        json.stdout.contains("\"HelloWorldFunctionUrl\": {\n      \"Type\": \"AWS::Lambda::Url\""),
        "{}",
        json.stdout
    );
    // A plain CloudFormation template comes back as it was read.
    let plain = run(&["lower", &fixture("good.yaml")]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert!(plain.stdout.contains("Type: AWS::Lambda::Function"), "{}", plain.stdout);
    // An unreadable file is a usage error; a broken template exits 1.
    assert_eq!(run(&["lower", "no-such-file.yaml"]).code, 2);
    let dir = TempDir::new("lower-broken");
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "Resources:\n  X:\n    Properties: {}\n").unwrap();
    let r = run(&["lower", broken.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("no `Type`"), "{}", r.stderr);
}

#[test]
fn graph_prints_mermaid_by_default_and_dot_on_request() {
    let r = run(&["graph", EXAMPLE]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("flowchart LR\n"), "{}", r.stdout);
    assert!(r.stdout.contains("n0_OrderJobs -->|batch 10| n0_Worker"), "{}", r.stdout);
    let r = run(&["graph", EXAMPLE, "--format", "dot"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("n0_Worker -> n0_FailedJobs [label=\"DLQ\", style=dashed];"), "{}", r.stdout);
    let r = run(&["graph", EXAMPLE, "--format", "svg"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid value 'svg' for '--format <FORMAT>'"), "{}", r.stderr);
}

#[test]
fn cost_per_million_without_a_workload_and_monthly_with_one() {
    let r = run(&["cost", EXAMPLE]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("queue-worker / Worker  Lambda  $100.20  1M requests × 30 s at 256 MB arm64"),
        "{}",
        r.stdout
    );
    let dir = TempDir::new("cost");
    let workload = dir.path().join("workload.yaml");
    fs::write(&workload, "functions: { Worker: { requests: 3000000, duration_ms: 120 } }\nqueues: { OrderJobs: { requests: 9000000 } }\n").unwrap();
    let r = run(&["cost", EXAMPLE, "--workload", workload.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // $1.80 Lambda + $3.60 SQS − free tier ($0.20 requests, $1.20 GB-s, $0.40 SQS)
    assert!(r.stdout.contains("  total") && r.stdout.contains("$3.60\n"), "{}", r.stdout);
    let r = run(&["cost", EXAMPLE, "--workload", workload.to_str().unwrap(), "--format", "json"]);
    assert!(r.stdout.contains("\"total_usd\": \"3.60\""), "{}", r.stdout);
    fs::write(&workload, "functions: { Wroker: { requests: 1 } }\n").unwrap();
    let r = run(&["cost", EXAMPLE, "--workload", workload.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("functions.Wroker: the app has no function of that name"), "{}", r.stderr);
    let r = run(&["cost", EXAMPLE, "--region", "mars-north-1"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("prices exist for us-east-1"), "{}", r.stderr);
}

#[test]
fn diff_against_an_out_folder_exits_0_unchanged_and_1_changed() {
    let dir = TempDir::new("diff");
    let out = dir.path().join("out");
    let r = run(&["synth", EXAMPLE, "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(&["diff", EXAMPLE, out.to_str().unwrap()]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "no changes\n"), "{}", r.stderr);
    let file = out.join("queue-worker.yaml");
    let text = fs::read_to_string(&file).unwrap().replace("MemorySize: 256", "MemorySize: 128");
    fs::write(&file, text).unwrap();
    let r = run(&["diff", EXAMPLE, out.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("  ~ Worker  AWS::Lambda::Function  (replacement: no)\n      MemorySize: 128 → 256\n"),
        "{}",
        r.stdout
    );
    let r = run(&["diff", EXAMPLE, file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("\"changes\": true"), "{}", r.stdout);
    let r = run(&["diff", EXAMPLE]);
    assert_eq!(r.code, 2);
}

/// The fenced block of the README that follows `after`.
fn readme_block(after: &str, fence: &str) -> String {
    let readme = include_str!("../../../README.md");
    let at = readme.find(after).unwrap_or_else(|| panic!("README has no {after:?}"));
    let start = readme[at..].find(&format!("```{fence}\n")).map(|i| at + i + fence.len() + 4).unwrap();
    let end = readme[start..].find("```\n").map(|i| start + i).unwrap();
    readme[start..end].to_string()
}

#[test]
fn the_readme_shows_the_real_output_of_cost_graph_and_diff() {
    let workload = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/queue-worker/workload.yaml");
    let r = run(&["cost", EXAMPLE, "--workload", workload]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(readme_block("-- cost examples/queue-worker/app.yaml --workload", "text"), r.stdout);
    let r = run(&["graph", EXAMPLE]);
    assert_eq!(readme_block("-- graph examples/queue-worker/app.yaml`:", "mermaid"), r.stdout);
    // the README's edit, made on a copy of the spec that points at the same code
    let dir = TempDir::new("readme-diff");
    let before = dir.path().join("before");
    assert_eq!(run(&["synth", EXAMPLE, "--out", before.to_str().unwrap()]).code, 0);
    let code = Path::new(EXAMPLE).parent().unwrap().join("functions/worker");
    let edited = fs::read_to_string(EXAMPLE)
        .unwrap()
        .replace("memory: 256", "memory: 512")
        .replace(
            "          - write_data: Orders",
            "          - write_data: Orders\n          - read_data: Orders",
        )
        .replace("code: functions/worker", &format!("code: {}", code.display()))
        // the copy's code lies outside its folder, which needs saying
        .replace("app: queue-worker\n", "app: queue-worker\ncode_outside_root: allow\n");
    let spec = dir.path().join("app.yaml");
    fs::write(&spec, edited).unwrap();
    let r = run(&["diff", spec.to_str().unwrap(), before.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(readme_block("-- diff examples/queue-worker/app.yaml out/before", "text"), r.stdout);
}

#[test]
fn graph_and_diff_read_hand_written_templates() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/templates");
    let template = format!("{fixtures}/dlq-queue-url.yaml");
    let r = run(&["graph", &template]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("subgraph s0[\"stack dlq-queue-url\"]"), "{}", r.stdout);
    assert!(r.stdout.contains("n0_Jobs -->|batch 50| n0_Worker"), "{}", r.stdout);
    let r = run(&["diff", &template, &template]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "no changes\n"), "{}", r.stderr);
    let dir = TempDir::new("template-diff");
    let edited = dir.path().join("dlq-queue-url.yaml");
    fs::write(&edited, fs::read_to_string(&template).unwrap().replace("BatchSize: 50", "BatchSize: 5"))
        .unwrap();
    let r = run(&["diff", &template, edited.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("BatchSize: 5 → 50"), "{}", r.stdout);
}

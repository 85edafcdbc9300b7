//! `App::run`: commands, exit status, what is written and what is not.

use formwork::prelude::*;

fn app(memory: u32) -> App {
    let mut app = App::new("cli").root(env!("CARGO_MANIFEST_DIR"));
    let s = app.stack("first");
    let q = s.add(Queue::new("Jobs").visibility_timeout(Duration::secs(60)));
    s.add(
        Function::new("Worker", Runtime::Python312, "app.handler", Code::dir("tests/fixtures/handler"))
            .memory(Megabytes(memory))
            .timeout(Duration::secs(10))
            .event_source(SqsSource::new(&q)),
    );
    app
}

fn two_stacks() -> App {
    let mut app = App::new("cli");
    app.stack("a").add(Queue::new("A"));
    app.stack("b").add(Queue::new("B"));
    app
}

fn run(app: &App, args: &[&str]) -> (u8, String, String) {
    let args: Vec<String> = std::iter::once("cli").chain(args.iter().copied()).map(String::from).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = app.run(&args, &mut out, &mut err);
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

#[test]
fn synth_prints_one_template_to_stdout() {
    let (code, out, err) = run(&app(512), &["synth", "--target", "sam", "--today", "2026-11-29"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n"),
        "{out}"
    );
    let (code, out, _) = run(&app(512), &["synth", "--format", "json"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\","), "{out}");
}

#[test]
fn errors_exit_1_and_write_nothing() {
    let temp = crate::support::temp_dir();
    let dir = temp.path().join("out");
    let (code, out, err) = run(&app(20_000), &["synth", "--out", dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert!(err.contains("error[FW101]: memory of `Worker` is 20000 MB"), "{err}");
    assert!(err.ends_with("error: 1 error, 0 warnings; nothing written\n"), "{err}");
    assert!(!dir.exists());
}

#[test]
fn a_failed_run_leaves_the_last_good_templates_untouched() {
    let temp = crate::support::temp_dir();
    let dir = temp.path().join("out");
    let out = dir.to_str().unwrap();
    assert_eq!(run(&app(512), &["synth", "--out", out]).0, 0);
    let template = dir.join("first.yaml");
    let good = std::fs::read_to_string(&template).unwrap();
    assert!(good.contains("MemorySize: 512\n"));
    let assets: Vec<_> =
        std::fs::read_dir(dir.join("assets")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(assets.len(), 1);
    assert!(assets[0].to_string_lossy().ends_with(".zip"));
    assert_eq!(run(&app(20_000), &["synth", "--out", out]).0, 1);
    assert_eq!(std::fs::read_to_string(&template).unwrap(), good);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != formwork::write::MANIFEST)
        .collect();
    assert_eq!(leftovers, Vec::<String>::new());
}

#[test]
fn validate_reports_without_writing() {
    let (code, out, err) = run(&app(512), &["validate"]);
    assert_eq!((code, out.as_str()), (0, ""));
    assert_eq!(err, "validated 1 stack: 0 errors, 0 warnings\n");
    let (code, _, err) = run(&app(64), &["validate"]);
    assert_eq!(code, 1);
    assert!(err.contains("--> stack first / function Worker / memory"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["synth", "--target", "terraform"][..],
        &["synth", "--frobnicate"],
        &["deploy"],
        &[],
        &["synth", "--out"],
        &["synth", "--today", "yesterday"],
    ] {
        let (code, _, err) = run(&app(512), args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.starts_with("error: ") || args.is_empty(), "{err}");
    }
    let (code, out, _) = run(&app(512), &["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("synth "), "{out}");
}

#[test]
fn a_usage_error_is_the_problem_and_one_line_pointing_at_help() {
    let (code, out, err) = run(&app(512), &["synth", "--target", "terraform"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "error: invalid value 'terraform' for '--target <TARGET>': expected sam or cloudformation\n\n\
         For more information, try '--help'.\n"
    );
}

#[test]
fn version_is_printed() {
    for flag in ["--version", "-V"] {
        let (code, out, err) = run(&app(512), &[flag]);
        assert_eq!((code, err.as_str()), (0, ""));
        assert_eq!(out, format!("cli (formwork {})\n", env!("CARGO_PKG_VERSION")));
    }
}

#[test]
fn options_take_their_value_after_an_equals_sign_or_a_space() {
    let (code, joined, _) = run(&app(512), &["synth", "--target=sam", "--format=json", "--today=2026-11-29"]);
    assert_eq!(code, 0);
    let (_, apart, _) =
        run(&app(512), &["synth", "--target", "sam", "--format", "json", "--today", "2026-11-29"]);
    assert_eq!(joined, apart);
    assert!(joined.contains("\"AWS::Serverless::Function\""), "{joined}");
}

#[test]
fn each_command_has_its_own_help() {
    let (code, out, err) = run(&app(512), &["explain", "--help"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.contains("Usage: cli explain [OPTIONS] <CODE>"), "{out}");
    let (code, out, _) = run(&app(512), &["validate", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("--format <FORMAT>") && out.contains("--severity <CODE=LEVEL>"), "{out}");
    assert!(!out.contains("--out"), "validate writes nothing: {out}");
}

#[test]
fn a_typo_gets_a_suggestion() {
    let (code, _, err) = run(&app(512), &["synht"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: unrecognized subcommand 'synht'"), "{err}");
    assert!(err.contains("a similar subcommand exists: 'synth'"), "{err}");
    let (code, _, err) = run(&app(512), &["validate", "--stak", "first"]);
    assert_eq!(code, 2);
    assert!(err.contains("a similar argument exists: '--stack'"), "{err}");
}

#[test]
fn option_values_are_checked_per_command() {
    // sarif is a report format: validate prints reports, synth writes templates
    let (code, out, err) = run(&app(512), &["synth", "--format", "sarif"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("invalid value 'sarif' for '--format <FORMAT>'"), "{err}");
    let (code, out, _) = run(&app(512), &["validate", "--format", "sarif", "--today", "2026-11-29"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"version\": \"2.1.0\""), "{out}");
    let (code, _, err) = run(&app(512), &["validate", "--format", "yaml"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&app(512), &["synth", "--severity", "FW999=error"]);
    assert_eq!(code, 2);
    assert!(err.contains("no rule `FW999`"), "{err}");
}

#[test]
fn completions_are_printed_for_each_shell() {
    for (shell, marker) in [("bash", "_cli()"), ("zsh", "#compdef cli"), ("fish", "complete -c cli")] {
        let (code, out, err) = run(&app(512), &["completions", shell]);
        assert_eq!((code, err.as_str()), (0, ""), "{shell}");
        assert!(out.contains(marker), "{shell}: {out}");
        assert!(out.contains("validate"), "{shell}");
    }
    assert_eq!(run(&app(512), &["completions", "tcsh"]).0, 2);
}

#[test]
fn reports_are_coloured_only_when_asked() {
    let (code, _, plain) = run(&app(64), &["validate", "--color=never"]);
    assert_eq!(code, 1);
    assert!(!plain.contains('\x1b'), "{plain}");
    assert!(plain.contains("error[FW101]"), "{plain}");
    // without --color, App::run writes to buffers, never a terminal
    assert_eq!(run(&app(64), &["validate"]).2, plain);
    let (code, _, coloured) = run(&app(64), &["validate", "--color", "always"]);
    assert_eq!(code, 1);
    assert!(coloured.contains("\x1b[1;31merror[FW101]\x1b[0m"), "{coloured}");
    let stripped = coloured
        .replace("\x1b[1;31m", "")
        .replace("\x1b[1;34m", "")
        .replace("\x1b[1m", "")
        .replace("\x1b[0m", "");
    assert_eq!(stripped, plain);
    assert_eq!(run(&app(64), &["validate", "--color", "sometimes"]).0, 2);
}

#[test]
fn arguments_that_are_not_utf8_do_not_panic() {
    use std::os::unix::ffi::OsStringExt;
    let bad = std::ffi::OsString::from_vec(vec![b's', 0xff, b'x']);
    let args = [std::ffi::OsString::from("cli"), "synth".into(), "--stack".into(), bad.clone()];
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(app(512).run(args, &mut out, &mut err), 2);
    assert!(String::from_utf8_lossy(&err).contains("invalid UTF-8"), "{}", String::from_utf8_lossy(&err));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(app(512).run([std::ffi::OsString::from("cli"), bad], &mut out, &mut err), 2);
}

#[test]
fn stack_narrows_the_validation_report() {
    let mut app = two_stacks();
    app.stack("b").add(
        Function::new("Tiny", Runtime::Python312, "app.handler", Code::dir("tests/fixtures/handler"))
            .memory(Megabytes(64)),
    );
    let app = app.root(env!("CARGO_MANIFEST_DIR"));
    let (code, _, err) = run(&app, &["validate", "--today", "2026-11-29"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error[FW101]"), "{err}");
    let (code, _, err) = run(&app, &["validate", "--stack", "a", "--today", "2026-11-29"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "validated 1 stack: 0 errors, 0 warnings\n");
    assert_eq!(run(&app, &["validate", "--stack", "b", "--today", "2026-11-29"]).0, 1);
}

#[test]
fn stdout_synth_says_where_the_code_assets_are() {
    for target in ["cloudformation", "sam"] {
        let (code, out, err) = run(&app(512), &["synth", "--target", target, "--today", "2026-11-29"]);
        assert_eq!(code, 0);
        assert!(!out.is_empty());
        assert_eq!(
            err,
            "note: the template refers to 1 code asset that only `--out DIR` writes (to DIR/assets/)\n"
        );
    }
    let (code, _, err) = run(&two_stacks(), &["synth", "--stack", "a"]);
    assert_eq!((code, err.as_str()), (0, ""), "no code, no note");
}

#[test]
fn several_stacks_need_out_or_stack() {
    let (code, _, err) = run(&two_stacks(), &["synth"]);
    assert_eq!(code, 2);
    assert!(err.contains("the app has 2 stacks (a, b)"), "{err}");
    let (code, out, _) = run(&two_stacks(), &["synth", "--stack", "b"]);
    assert_eq!(code, 0);
    assert!(out.contains("  B:\n    Type: AWS::SQS::Queue\n"), "{out}");
    let (code, _, err) = run(&two_stacks(), &["synth", "--stack", "c"]);
    assert_eq!(code, 2);
    assert!(err.contains("no stack `c`"), "{err}");
}

#[test]
fn account_concurrency_can_be_raised_on_the_command_line() {
    let mut a = app(512);
    a = a.account_concurrency(200);
    let greedy = {
        let mut g = a.clone();
        g.stack("first").add(
            Function::new("Greedy", Runtime::Python312, "app.handler", Code::dir("tests/fixtures/handler"))
                .reserved_concurrency(150),
        );
        g
    };
    assert_eq!(run(&greedy, &["validate"]).0, 1);
    assert_eq!(run(&greedy, &["validate", "--account-concurrency", "250"]).0, 0);
}

#[test]
fn explain_prints_a_rule_and_rules_lists_them_all() {
    let (code, out, _) = run(&app(512), &["explain", "FW204"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("FW204 sqs-batch-without-window (error by default)\n\nSQS batch size above 10 without a batching window.\n\nwhy: "), "{out}");
    assert_eq!(run(&app(512), &["explain", "sqs-batch-without-window"]).1, out);
    let (code, _, err) = run(&app(512), &["explain", "FW999"]);
    assert_eq!(code, 2);
    assert_eq!(err, "error: no rule `FW999`; `rules` lists them all\n");
    let (code, out, _) = run(&app(512), &["rules"]);
    assert_eq!(code, 0);
    assert_eq!(out.matches("\n## FW").count(), formwork::validate::catalog::ALL.len());
}

#[test]
fn policy_says_why_each_permission_is_there() {
    let (code, out, _) = run(&app(512), &["policy"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("stack first / function Worker (role WorkerRole)\n"), "{out}");
    assert!(
        out.contains("  sqs:ReceiveMessage      Jobs.Arn            event_source Jobs (SQS polling)\n"),
        "{out}"
    );
    let (code, out, _) = run(&app(512), &["policy", "--format", "json"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"reason\": \"writes to its log group WorkerLogGroup\""), "{out}");
}

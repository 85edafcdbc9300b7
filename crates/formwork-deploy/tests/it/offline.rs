//! Everything that needs no AWS endpoint: change-set rendering from the SDK's types,
//! dependency order, names, and the command line's refusals.

use aws_sdk_cloudformation::types::{
    Change, ChangeAction, ChangeType, PolicyAction, Replacement, RequiresRecreation, ResourceAttribute,
    ResourceChange, ResourceChangeDetail, ResourceTargetDefinition,
};
use formwork::prelude::*;
use formwork_deploy::naming::stack_name;
use formwork_deploy::order::{deploy_order, destroy_order};
use formwork_deploy::preview::{render, resource_changes, Action, Replacement as Replaced};
use formwork_deploy::{
    run_with, Error, FailedResource, Terminal, EXIT_FAILED, EXIT_INVALID, EXIT_OK, EXIT_USAGE,
};

use crate::support::{args, options, two_stack_app};

fn change(action: ChangeAction, id: &str, kind: &str) -> ResourceChange {
    ResourceChange::builder().action(action).logical_resource_id(id).resource_type(kind).build()
}

fn detail(property: &str) -> ResourceChangeDetail {
    ResourceChangeDetail::builder()
        .target(
            ResourceTargetDefinition::builder()
                .attribute(ResourceAttribute::Properties)
                .name(property)
                .requires_recreation(RequiresRecreation::Never)
                .build(),
        )
        .build()
}

fn wrap(rc: ResourceChange) -> Change {
    Change::builder().r#type(ChangeType::Resource).resource_change(rc).build()
}

#[test]
fn a_change_set_reads_as_added_modified_and_removed_resources() {
    let changes = vec![
        wrap(change(ChangeAction::Add, "Worker", "AWS::Lambda::Function")),
        wrap(
            ResourceChange::builder()
                .action(ChangeAction::Modify)
                .logical_resource_id("Jobs")
                .resource_type("AWS::SQS::Queue")
                .replacement(Replacement::False)
                .details(detail("VisibilityTimeout"))
                .details(detail("MessageRetentionPeriod"))
                .details(detail("VisibilityTimeout"))
                .build(),
        ),
        wrap(
            ResourceChange::builder()
                .action(ChangeAction::Modify)
                .logical_resource_id("Orders")
                .resource_type("AWS::DynamoDB::Table")
                .replacement(Replacement::True)
                .details(detail("KeySchema"))
                .build(),
        ),
        wrap(change(ChangeAction::Modify, "WorkerRole", "AWS::IAM::Role")),
        wrap(
            ResourceChange::builder()
                .action(ChangeAction::Remove)
                .logical_resource_id("Old")
                .resource_type("AWS::SQS::Queue")
                .policy_action(PolicyAction::Retain)
                .build(),
        ),
        wrap(change(ChangeAction::Remove, "OldLogGroup", "AWS::Logs::LogGroup")),
    ];
    let parsed = resource_changes(&changes);
    assert_eq!(parsed[0].action, Action::Add);
    assert_eq!(parsed[1].replacement, Some(Replaced::False));
    assert_eq!(parsed[1].properties, ["VisibilityTimeout", "MessageRetentionPeriod"]);
    assert_eq!(parsed[2].replacement, Some(Replaced::True));
    assert_eq!(parsed[3].replacement, Some(Replaced::Unknown));
    assert!(parsed[4].retained && !parsed[5].retained);
    assert_eq!(
        render(&parsed),
        "  + Worker       AWS::Lambda::Function
  ~ Jobs         AWS::SQS::Queue        (replacement: False) VisibilityTimeout, MessageRetentionPeriod
  ~ Orders       AWS::DynamoDB::Table   (replacement: True) KeySchema
  ~ WorkerRole   AWS::IAM::Role         (replacement: unknown)
  - Old          AWS::SQS::Queue        (kept: DeletionPolicy Retain)
  - OldLogGroup  AWS::Logs::LogGroup
  1 to add, 3 to modify (1 replaced), 2 to remove (1 kept)
"
    );
}

#[test]
fn changes_that_are_not_about_resources_are_left_out() {
    let hook = Change::builder().r#type(ChangeType::from("HookInvocation")).build();
    assert!(resource_changes(&[hook]).is_empty());
    assert_eq!(render(&[]), "  0 to add, 0 to modify (0 replaced), 0 to remove\n");
}

#[test]
fn stacks_deploy_after_the_stacks_they_import_from_and_are_destroyed_before_them() {
    // `consumer` is created first but reads a queue of `queues`.
    let synthesis = two_stack_app("fw-order").synthesize(&options());
    assert!(!synthesis.report.has_errors(), "{}", synthesis.report);
    let names: Vec<&str> = synthesis.expanded.iter().map(|e| e.stack.as_str()).collect();
    assert_eq!(names, ["consumer", "queues"]);
    assert_eq!(synthesis.expanded[0].depends_on(), ["queues"]);
    assert_eq!(deploy_order(&synthesis.expanded), ["queues", "consumer"]);
    assert_eq!(destroy_order(&synthesis.expanded), ["consumer", "queues"]);
}

#[test]
fn a_chain_of_stacks_is_ordered_and_independent_stacks_keep_the_app_order() {
    let mut app = App::new("chain");
    app.stack("c");
    app.stack("solo").add(Queue::new("Alone"));
    app.stack("b");
    let table = app.stack("a").add(Table::new("Items", Key::new("id", AttributeType::String)));
    let topic = app.stack("b").add(Topic::new("Changes"));
    app.stack("b").add(
        Function::new(
            "Writer",
            Runtime::Python313,
            "index.handler",
            Code::inline("def handler(e, c):\n    pass\n"),
        )
        .grant(table.write_data()),
    );
    app.stack("c").add(
        Function::new(
            "Notifier",
            Runtime::Python313,
            "index.handler",
            Code::inline("def handler(e, c):\n    pass\n"),
        )
        .grant(topic.publish()),
    );
    let synthesis = app.synthesize(&options());
    assert!(!synthesis.report.has_errors(), "{}", synthesis.report);
    assert_eq!(deploy_order(&synthesis.expanded), ["solo", "a", "b", "c"]);
    assert_eq!(destroy_order(&synthesis.expanded), ["c", "b", "a", "solo"]);
}

#[test]
fn stack_names_join_the_app_and_the_stack() {
    assert_eq!(stack_name("queue-worker", "queue-worker"), "queue-worker-queue-worker");
    assert_eq!(stack_name("fleet", "fleet-2"), "fleet-fleet-2");
}

fn run(app: &App, line: &str) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_with(app, args(line), Terminal::none(), &mut out, &mut err);
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

#[test]
fn without_a_terminal_deploy_and_destroy_need_yes_and_touch_nothing() {
    let app = queue_worker::app();
    for command in ["deploy", "destroy"] {
        let (code, out, err) = run(&app, &format!("queue-worker {command} --region us-east-1"));
        assert_eq!(code, EXIT_USAGE, "{err}");
        assert!(err.contains("pass --yes"), "{err}");
        assert!(out.is_empty());
    }
}

/// An app whose function asks for more memory than Lambda has (FW101).
fn broken_app() -> App {
    let mut app = App::new("broken");
    app.stack("broken").add(
        Function::new(
            "Huge",
            Runtime::Python313,
            "index.handler",
            Code::inline("def handler(e, c):\n    pass\n"),
        )
        .memory(Megabytes(20_000)),
    );
    app
}

#[test]
fn a_model_with_errors_is_not_deployed() {
    let app = broken_app();
    // No endpoint is contacted: validation comes first.
    let (code, _, err) =
        run(&app, "broken deploy --yes --region us-east-1 --endpoint-url http://127.0.0.1:9");
    assert_eq!(code, EXIT_INVALID, "{err}");
    assert!(err.contains("error[FW101]"), "{err}");
    assert!(err.contains("nothing deployed"), "{err}");
}

#[test]
fn other_commands_behave_as_app_main_and_help_lists_deploy() {
    let app = queue_worker::app();
    let (code, out, err) = run(&app, "queue-worker synth --today 2026-11-29");
    assert_eq!(code, EXIT_OK, "{err}");
    assert!(out.contains("AWS::Lambda::Function"));
    let (code, out, _) = run(&app, "queue-worker --help");
    assert_eq!(code, EXIT_OK);
    assert!(out.contains("synth") && out.contains("deploy") && out.contains("destroy"), "{out}");
    let (code, out, _) = run(&app, "queue-worker deploy --help");
    assert_eq!(code, EXIT_OK);
    assert!(out.contains("--endpoint-url <URL>") && out.contains("--target <TARGET>"), "{out}");
    assert!(!out.contains("--out"), "deploy writes no files: {out}");
    let (code, _, err) = run(&app, "queue-worker deploy --yes --stack nope --region us-east-1");
    assert_eq!(code, EXIT_USAGE);
    assert!(err.contains("no stack `nope`"), "{err}");
    let (code, _, err) = run(&app, "queue-worker deploy --bogus");
    assert_eq!(code, EXIT_USAGE);
    assert!(err.starts_with("error: unexpected argument '--bogus' found"), "{err}");
    let (code, _, err) = run(&app, "queue-worker deploy --yes --format sarif");
    assert_eq!(code, EXIT_USAGE, "deploy prints no report in SARIF: {err}");
}

#[test]
fn an_unreachable_endpoint_is_a_failed_request_not_a_hang() {
    crate::support::aws_env();
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    let (code, _, err) = run(
        &queue_worker::app(),
        "queue-worker destroy --yes --region us-east-1 --endpoint-url http://127.0.0.1:9",
    );
    assert_eq!(code, EXIT_FAILED, "{err}");
    assert!(err.contains("DescribeStacks"), "{err}");
    assert!(err.contains("the endpoint cannot be reached"), "{err}");
    assert!(err.contains("check that a server listens at that address"), "{err}");
}

#[test]
fn a_profile_that_does_not_exist_is_named_with_the_files_and_the_fix() {
    crate::support::aws_env();
    // The test environment points the shared files at a path that does not exist.
    let (code, out, err) = run(
        &queue_worker::app(),
        "queue-worker deploy --yes --profile dev --region us-east-1 --endpoint-url http://127.0.0.1:9",
    );
    assert_eq!(code, EXIT_USAGE, "{out}{err}");
    assert!(err.contains("profile `dev` (from --profile) is not in "), "{err}");
    assert!(err.contains("formwork-deploy-no-aws-config"), "the files looked in are named: {err}");
    assert!(err.contains("aws configure --profile dev"), "{err}");
    assert!(!err.contains("IMDS"), "{err}");
}

#[test]
fn a_failed_stack_names_its_first_failing_resource() {
    let e = Error::StackFailed {
        stack: "orders-orders".into(),
        status: "UPDATE_ROLLBACK_COMPLETE".into(),
        resource: Some(Box::new(FailedResource::new(
            "Worker",
            "AWS::Lambda::Function",
            "UPDATE_FAILED",
            "Resource handler returned message: \"Memory size 20000 is invalid\"",
        ))),
        reason: None,
    };
    assert_eq!(e.exit_code(), EXIT_FAILED);
    assert_eq!(
        e.to_string(),
        "stack `orders-orders` failed and settled in UPDATE_ROLLBACK_COMPLETE; first failure: Worker (AWS::Lambda::Function) UPDATE_FAILED: Resource handler returned message: \"Memory size 20000 is invalid\""
    );
    assert_eq!(Error::Declined.exit_code(), EXIT_USAGE);
}

#[cfg(feature = "spec")]
#[test]
fn the_formwork_binary_deploys_spec_files_and_refuses_templates() {
    use formwork::cli::{Cli, Parsed, Style};
    use formwork_deploy::{run_spec_with, subcommands};
    let run_spec = |line: &str| {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let cli = subcommands(Some("SPEC"))
            .into_iter()
            .fold(Cli::new("formwork", "0", Some("SPEC")), Cli::subcommand);
        let code = match cli.parse(args(line), Style::Plain, &mut out, &mut err) {
            Parsed::Run(invocation) => run_spec_with(&invocation, Terminal::none(), &mut out, &mut err),
            Parsed::Exit(code) => Some(code),
        };
        (code, String::from_utf8(err).unwrap())
    };
    assert_eq!(run_spec("formwork synth x.yaml").0, None);
    let (code, err) = run_spec("formwork deploy /nonexistent/app.yaml --yes");
    assert_eq!(code, Some(EXIT_USAGE), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("t.yaml");
    std::fs::write(
        &template,
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n",
    )
    .unwrap();
    let (code, err) = run_spec(&format!("formwork deploy {} --yes", template.display()));
    assert_eq!(code, Some(EXIT_USAGE), "{err}");
    assert!(err.contains("takes a spec file"), "{err}");
    let spec = dir.path().join("bad.yaml");
    std::fs::write(&spec, "app: bad\nstacks:\n  bad:\n    queues:\n      Q: { visibility_timout: 30s }\n")
        .unwrap();
    let (code, err) = run_spec(&format!("formwork deploy {} --yes", spec.display()));
    assert_eq!(code, Some(EXIT_INVALID), "{err}");
    assert!(err.contains("nothing deployed"), "{err}");
}

#[test]
fn a_missing_region_says_how_to_give_one() {
    crate::support::aws_env();
    // no --region, and none from the environment or the (absent) profile files
    std::env::remove_var("AWS_REGION");
    std::env::remove_var("AWS_DEFAULT_REGION");
    let (code, out, err) =
        run(&queue_worker::app(), "queue-worker deploy --yes --endpoint-url http://127.0.0.1:9");
    assert_eq!(code, EXIT_USAGE, "{out}{err}");
    assert!(err.contains("no region: pass --region, set AWS_REGION, or give your profile one"), "{err}");
    assert!(err.contains("aws configure set region"), "{err}");
}

#[test]
fn diff_deployed_is_an_option_of_diff_with_deploys_aws_options() {
    let app = queue_worker::app();
    let (code, out, _) = run(&app, "queue-worker diff --help");
    assert_eq!(code, EXIT_OK);
    for option in
        ["[DIR|TEMPLATE]", "--deployed", "--profile <NAME>", "--region <REGION>", "--endpoint-url <URL>"]
    {
        assert!(out.contains(option), "`{option}` not in:\n{out}");
    }
    // One of a folder (or template) and --deployed; the AWS options only with --deployed.
    let (code, _, err) = run(&app, "queue-worker diff");
    assert_eq!(code, EXIT_USAGE, "{err}");
    assert!(err.contains("required arguments were not provided:\n  <DIR|TEMPLATE>"), "{err}");
    let (code, _, err) = run(&app, "queue-worker diff out --deployed");
    assert_eq!(code, EXIT_USAGE, "{err}");
    assert!(err.contains("cannot be used with"), "{err}");
    let (code, _, err) = run(&app, "queue-worker diff out --region us-east-1");
    assert_eq!(code, EXIT_USAGE, "{err}");
    assert!(err.contains("--region goes with --deployed"), "{err}");
    // Without --deployed, diff is formwork's: a missing folder is an I/O error.
    let (code, _, err) = run(&app, "queue-worker diff /nonexistent/out");
    assert_eq!(code, EXIT_USAGE, "{err}");
    assert!(err.contains("/nonexistent/out"), "{err}");
    let (code, _, err) = run(&app, "queue-worker diff --deployed --stack nope --region us-east-1");
    assert_eq!(code, EXIT_USAGE);
    assert!(err.contains("no stack `nope`"), "{err}");
}

#[test]
fn diff_deployed_names_an_unreachable_endpoint_and_a_missing_profile_as_deploy_does() {
    crate::support::aws_env();
    let app = queue_worker::app();
    let (code, out, err) =
        run(&app, "queue-worker diff --deployed --region us-east-1 --endpoint-url http://127.0.0.1:9");
    assert_eq!(code, EXIT_FAILED, "{out}{err}");
    assert!(out.is_empty(), "no diff on stdout: {out}");
    assert!(
        err.contains("error: DescribeStacks for stack `queue-worker-queue-worker` failed: the endpoint cannot be reached"),
        "{err}"
    );
    assert!(err.contains("check that a server listens at that address"), "{err}");
    let (code, _, err) = run(
        &app,
        "queue-worker diff --deployed --profile dev --region us-east-1 --endpoint-url http://127.0.0.1:9",
    );
    assert_eq!(code, EXIT_USAGE, "{err}");
    assert!(err.contains("profile `dev` (from --profile) is not in "), "{err}");
    assert!(err.contains("aws configure --profile dev"), "{err}");
}

#[test]
fn diff_deployed_of_a_model_with_errors_contacts_nothing() {
    let app = broken_app();
    let (code, out, err) =
        run(&app, "broken diff --deployed --region us-east-1 --endpoint-url http://127.0.0.1:9");
    assert_eq!(code, EXIT_INVALID, "{err}");
    assert!(err.contains("error[FW101]") && !err.contains("DescribeStacks"), "{err}");
    assert!(out.is_empty());
}

#[cfg(feature = "spec")]
#[test]
fn the_formwork_binary_diffs_spec_files_against_the_deployed_stacks_and_refuses_templates() {
    use formwork::cli::{Cli, Parsed, Style};
    use formwork_deploy::{add_to, run_spec_with};
    crate::support::aws_env();
    let run_spec = |line: &str| {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let cli = formwork::insight::subcommands(Some("SPEC"))
            .into_iter()
            .fold(Cli::new("formwork", "0", Some("SPEC")), Cli::subcommand);
        let code = match add_to(cli).parse(args(line), Style::Plain, &mut out, &mut err) {
            Parsed::Run(invocation) => run_spec_with(&invocation, Terminal::none(), &mut out, &mut err),
            Parsed::Exit(code) => Some(code),
        };
        (code, String::from_utf8(err).unwrap())
    };
    // `diff DIR` is not deploy's.
    assert_eq!(run_spec("formwork diff app.yaml out").0, None);
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("t.yaml");
    std::fs::write(&template, "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n").unwrap();
    let (code, err) = run_spec(&format!("formwork diff {} --deployed", template.display()));
    assert_eq!(code, Some(EXIT_USAGE), "{err}");
    assert!(err.contains("diff --deployed takes a spec file"), "{err}");
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/queue-worker/app.yaml");
    let (code, err) = run_spec(&format!(
        "formwork diff {} --deployed --region us-east-1 --endpoint-url http://127.0.0.1:9",
        spec.display()
    ));
    assert_eq!(code, Some(EXIT_FAILED), "{err}");
    assert!(err.contains("the endpoint cannot be reached"), "{err}");
}

//! The spec file end to end: it resolves into the same app as the Rust builders, and
//! every kind of mistake is reported with its place and a likely fix.

use std::path::{Path, PathBuf};

use formwork::construct::{
    Architecture, AttributeType, Code, Function, Key, LogRetention, Queue, QueueEncryption, RemovalPolicy,
    SqsSource, StreamView, Table, Topic, Tracing,
};
use formwork::{App, Date, Duration, Format, Megabytes, Runtime, SynthOptions, Target};
use formwork_spec::{from_str, load, schema, ErrorKind, SpecErrors};

#[path = "spec/hostile.rs"]
mod hostile;

const EXAMPLE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/queue-worker");
const SCHEMA_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema/formwork.schema.json");

/// Every target and format, rendered on a fixed day.
fn templates(app: &App) -> Vec<String> {
    let today = Date::parse("2026-11-29").expect("a valid date");
    let mut out = Vec::new();
    for target in [Target::CloudFormation, Target::Sam] {
        for format in [Format::Yaml, Format::Json] {
            let synthesis = app.synthesize(&SynthOptions { target, format, today });
            assert!(!synthesis.report.has_errors(), "{}", synthesis.report);
            for t in synthesis.templates {
                out.push(format!("# {}\n{}", t.file_name, t.text));
            }
            for (name, bytes) in synthesis.assets {
                out.push(format!("# asset {name}: {} bytes", bytes.len()));
            }
        }
    }
    out
}

/// A spec that must not resolve: its errors.
fn errors_of(text: &str, file: &str) -> SpecErrors {
    match from_str(text, Path::new(file)) {
        Ok(app) => panic!("expected errors, got an app with {} stacks", app.stacks().len()),
        Err(e) => e,
    }
}

/// The one error of a spec that must have exactly one.
fn only_error(text: &str) -> formwork_spec::SpecError {
    let errors = errors_of(text, "app.yaml");
    assert_eq!(errors.len(), 1, "{errors}");
    errors.errors()[0].clone()
}

/// A spec with one function; `extra` is more of its fields, each line indented by 8.
fn function_spec(extra: &str) -> String {
    format!(
        "stacks:
  s:
    functions:
      Worker:
        runtime: python3.13
        handler: app.handler
        code: src
{extra}"
    )
}

#[test]
fn example_spec_synthesizes_the_same_templates_as_the_rust_example() {
    let spec = load(&Path::new(EXAMPLE_DIR).join("app.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let rust = queue_worker::app();
    assert_eq!(spec.name(), rust.name());
    let names = |app: &App| -> Vec<String> { app.stacks().iter().map(|s| s.name().to_string()).collect() };
    assert_eq!(names(&spec), names(&rust));
    let (from_spec, from_rust) = (templates(&spec), templates(&rust));
    assert_eq!(from_spec.len(), 8, "4 templates, 4 asset lines");
    assert!(from_spec[0].contains("Type: AWS::Lambda::Function"));
    assert_eq!(from_spec, from_rust);
}

#[test]
fn a_json_spec_gives_the_same_app() {
    let json = r#"{
  "$schema": "../../schema/formwork.schema.json",
  "app": "queue-worker",
  "stacks": {
    "queue-worker": {
      "tables": { "Orders": { "partition_key": { "name": "orderId", "type": "string" } } },
      "queues": {
        "FailedJobs": { "retention": "14d" },
        "OrderJobs": {
          "visibility_timeout": 180,
          "retention": "4d",
          "dead_letter_queue": { "queue": "FailedJobs", "max_receive_count": 5 }
        }
      },
      "functions": {
        "Worker": {
          "runtime": "python3.13",
          "handler": "app.handler",
          "code": "functions/worker",
          "description": "Stores each order from the OrderJobs queue in the Orders table",
          "memory": 256,
          "timeout": "30s",
          "architecture": "arm64",
          "environment": { "TABLE_NAME": { "name_of": "Orders" } },
          "reserved_concurrency": 10,
          "dead_letter_queue": "FailedJobs",
          "events": [{ "sqs": "OrderJobs", "batch_size": 10, "report_batch_item_failures": true }],
          "grants": [{ "write_data": "Orders" }]
        }
      }
    }
  }
}"#;
    let file = PathBuf::from(EXAMPLE_DIR).join("app.json");
    let app = from_str(json, &file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(templates(&app), templates(&queue_worker::app()));
}

#[test]
fn every_field_calls_its_builder_setter() {
    let spec = "
app: kitchen-sink
account_concurrency: 3000
stacks:
  sink:
    description: every field once
    tables:
      Orders:
        partition_key: { name: pk, type: string }
        sort_key: { name: sk, type: number }
        stream: new_and_old_images
        point_in_time_recovery: false
        removal_policy: delete
      Blobs: { partition_key: { name: id, type: binary }, stream: keys_only }
    topics:
      Alerts: { kms_key: alias/custom }
      Plain:
    queues:
      Jobs:
        visibility_timeout: 15m
        retention: 2d
        delay: 5
        fifo: true
        content_based_deduplication: true
        dead_letter_queue: { queue: Dead, max_receive_count: 3 }
        encryption: { kms: alias/aws/sqs }
        removal_policy: delete
      Dead: { fifo: true, retention: 14d, encryption: sqs_managed }
      Other:
    functions:
      Worker:
        runtime: python3.12
        handler: app.handler
        code: functions/worker
        description: does everything
        function_name: sink-worker
        memory: 1024
        timeout: 1m
        architecture: x86_64
        ephemeral_storage: 2048
        environment:
          TABLE: { name_of: Orders }
          TABLE_ARN: { arn_of: Orders }
          JOBS_URL: { url_of: Jobs }
          ALERTS: { arn_of: Alerts }
          HELPER: { name_of: Helper }
          MODE: fast
          RETRIES: 3
          VERBOSE: false
        reserved_concurrency: 50
        dead_letter_queue: Alerts
        log_retention: forever
        tracing: active
        events:
          - sqs: Jobs
            batch_size: 10
            batching_window: 20s
            report_batch_item_failures: true
            maximum_concurrency: 5
        grants:
          - read_data: Orders
          - write_data: Blobs
          - read_write_data: Orders
          - send: Other
          - consume: Other
          - publish: Plain
      Helper:
        runtime: nodejs22.x
        handler: index.handler
        code: functions/worker
        log_retention: 7
        tracing: pass_through
        dead_letter_queue: Other
";
    let from_spec =
        from_str(spec, &Path::new(EXAMPLE_DIR).join("sink.yaml")).unwrap_or_else(|e| panic!("{e}"));

    let mut app = App::new("kitchen-sink").root(EXAMPLE_DIR).account_concurrency(3000);
    let stack = app.stack("sink");
    stack.set_description("every field once");
    let orders = stack.add(
        Table::new("Orders", Key::new("pk", AttributeType::String))
            .sort_key(Key::new("sk", AttributeType::Number))
            .stream(StreamView::NewAndOldImages)
            .without_point_in_time_recovery()
            .removal_policy(RemovalPolicy::Delete),
    );
    let blobs =
        stack.add(Table::new("Blobs", Key::new("id", AttributeType::Binary)).stream(StreamView::KeysOnly));
    let alerts = stack.add(Topic::new("Alerts").kms_key("alias/custom"));
    let plain = stack.add(Topic::new("Plain"));
    let dead = stack.queue_ref("Dead");
    let jobs = stack.add(
        Queue::new("Jobs")
            .visibility_timeout(Duration::minutes(15))
            .retention(Duration::days(2))
            .delay(Duration::secs(5))
            .fifo()
            .content_based_deduplication()
            .dead_letter_queue(&dead, 3)
            .encryption(QueueEncryption::Kms("alias/aws/sqs".into()))
            .removal_policy(RemovalPolicy::Delete),
    );
    stack
        .add(Queue::new("Dead").fifo().retention(Duration::days(14)).encryption(QueueEncryption::SqsManaged));
    let other = stack.add(Queue::new("Other"));
    let helper = stack.function_ref("Helper");
    stack.add(
        Function::new("Worker", Runtime::Python312, "app.handler", Code::dir("functions/worker"))
            .description("does everything")
            .function_name("sink-worker")
            .memory(Megabytes(1024))
            .timeout(Duration::minutes(1))
            .architecture(Architecture::X86_64)
            .ephemeral_storage(Megabytes(2048))
            .env("TABLE", orders.name())
            .env("TABLE_ARN", orders.arn())
            .env("JOBS_URL", jobs.url())
            .env("ALERTS", alerts.arn())
            .env("HELPER", helper.name())
            .env("MODE", "fast")
            .env("RETRIES", "3")
            .env("VERBOSE", "false")
            .reserved_concurrency(50)
            .dead_letter_queue(&alerts)
            .log_retention(LogRetention::Forever)
            .tracing(Tracing::Active)
            .event_source(
                SqsSource::new(&jobs)
                    .batch_size(10)
                    .batching_window(Duration::secs(20))
                    .report_batch_item_failures()
                    .maximum_concurrency(5),
            )
            .grant(orders.read_data())
            .grant(blobs.write_data())
            .grant(orders.read_write_data())
            .grant(other.send())
            .grant(other.consume())
            .grant(plain.publish()),
    );
    stack.add(
        Function::new(
            "Helper",
            Runtime::from_name("nodejs22.x").expect("a known runtime"),
            "index.handler",
            Code::dir("functions/worker"),
        )
        .log_retention(LogRetention::OneWeek)
        .tracing(Tracing::PassThrough)
        .dead_letter_queue(&other),
    );

    let today = Date::parse("2026-11-29").expect("a valid date");
    for target in [Target::CloudFormation, Target::Sam] {
        let options = SynthOptions { target, format: Format::Yaml, today };
        let (a, b) = (from_spec.synthesize(&options), app.synthesize(&options));
        assert_eq!(a.templates, b.templates);
        assert_eq!(a.report, b.report);
    }
}

#[test]
fn the_app_is_named_after_the_file_unless_the_spec_names_it() {
    let app = from_str("stacks: {}", Path::new("dir/orders.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(app.name(), "orders");
    assert_eq!(app.root_dir(), Path::new("dir"));
    let app = from_str("app: shop\nstacks: {}", Path::new("orders.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(app.name(), "shop");
}

#[test]
fn an_unknown_field_is_located_with_a_suggestion() {
    let e = only_error(&function_spec("        memroy: 256\n"));
    assert_eq!(e.kind(), ErrorKind::Parse);
    assert_eq!((e.line(), e.column()), (Some(8), Some(9)));
    assert_eq!(e.key_path(), Some("stacks.s.functions.Worker"));
    assert!(e.message().starts_with("unknown field `memroy`, expected one of `runtime`"), "{e}");
    assert!(e.message().ends_with("; did you mean `memory`?"), "{e}");
    assert!(
        e.to_string().starts_with("app.yaml:8:9: stacks.s.functions.Worker: unknown field `memroy`"),
        "{e}"
    );
}

#[test]
fn an_unknown_reference_names_the_closest_id() {
    let spec = "
stacks:
  s:
    tables:
      Orders: { partition_key: { name: id, type: string } }
    queues:
      Jobs:
      FailedJobs:
      Retry: { dead_letter_queue: { queue: FailedJob, max_receive_count: 3 } }
";
    let e = only_error(spec);
    assert_eq!(e.kind(), ErrorKind::Reference);
    assert_eq!(e.key_path(), Some("stacks.s.queues.Retry.dead_letter_queue.queue"));
    assert_eq!(e.message(), "unknown queue `FailedJob`; did you mean `FailedJobs`?");
    assert_eq!((e.line(), e.column()), (Some(9), Some(44)));
}

#[test]
fn every_reference_error_is_reported_at_once() {
    let spec = "
stacks:
  s:
    tables:
      Orders: { partition_key: { name: id, type: string } }
    queues:
      Jobs: { dead_letter_queue: { queue: Dlq, max_receive_count: 3 } }
    functions:
      Worker:
        runtime: python3.13
        handler: app.handler
        code: src
        environment:
          TABLE: { name_of: Ordres }
          URL: { url_of: Orders }
          SELF: { arn_of: Worker }
        dead_letter_queue: Orders
        events: [{ sqs: Job }]
        grants:
          - send: Jobs
          - read_data: Jobs
          - publish: Alerts
      Other:
        runtime: python3.13
        handler: app.handler
        code: src
        dead_letter_queue: Nowhere
";
    let errors = errors_of(spec, "app.yaml");
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "app.yaml:7:43: stacks.s.queues.Jobs.dead_letter_queue.queue: unknown queue `Dlq`; the stack's only queue is `Jobs`",
            "app.yaml:14:29: stacks.s.functions.Worker.environment.TABLE: unknown table, queue, topic or function `Ordres`; did you mean `Orders`?",
            "app.yaml:15:26: stacks.s.functions.Worker.environment.URL: `Orders` is a table, not a queue",
            "app.yaml:16:27: stacks.s.functions.Worker.environment.SELF: function `Worker` cannot refer to itself: CloudFormation rejects the circular dependency; Lambda sets AWS_LAMBDA_FUNCTION_NAME in every function's environment",
            "app.yaml:17:28: stacks.s.functions.Worker.dead_letter_queue: `Orders` is a table, not a queue or topic",
            "app.yaml:18:25: stacks.s.functions.Worker.events[0].sqs: unknown queue `Job`; did you mean `Jobs`?",
            "app.yaml:21:24: stacks.s.functions.Worker.grants[1]: `Jobs` is a queue, not a table",
            "app.yaml:22:22: stacks.s.functions.Worker.grants[2]: unknown topic `Alerts`; the stack has no topic",
            "app.yaml:27:28: stacks.s.functions.Other.dead_letter_queue: unknown queue or topic `Nowhere`; the stack's only queue or topic is `Jobs`",
        ]
    );
    assert!(errors.iter().all(|e| e.kind() == ErrorKind::Reference));
}

#[test]
fn ids_are_unique_in_a_stack() {
    let spec = "
stacks:
  s:
    tables:
      Orders: { partition_key: { name: id, type: string } }
    queues:
      Orders:
";
    let e = only_error(spec);
    assert_eq!(e.kind(), ErrorKind::DuplicateId);
    assert_eq!(e.line(), Some(7));
    assert!(e.message().starts_with("`Orders` is already the id of a table"), "{e}");

    let e = only_error("stacks:\n  s:\n    queues:\n      Q:\n      Q:\n");
    assert_eq!(e.kind(), ErrorKind::Parse);
    assert!(e.message().starts_with("duplicate key `Q`"), "{e}");
}

#[test]
fn bad_durations_are_explained() {
    let e = only_error(&function_spec("        timeout: 30 seconds\n"));
    assert_eq!(e.kind(), ErrorKind::Parse);
    assert_eq!(e.line(), Some(8));
    assert_eq!(e.key_path(), Some("stacks.s.functions.Worker.timeout"));
    assert!(
        e.message().starts_with("invalid duration `30 seconds`; expected a duration: whole seconds (90)"),
        "{e}"
    );

    let e = only_error(&function_spec("        timeout: -5\n"));
    assert_eq!(e.message(), "invalid duration `-5`; it cannot be negative");
    let e = only_error(&function_spec("        timeout: 2.5\n"));
    assert!(e.message().starts_with("invalid duration `2.5`"), "{e}");

    for good in ["90", "90s", "15m", "2h", "\"14d\""] {
        let spec = function_spec(&format!("        timeout: {good}\n"));
        assert!(from_str(&spec, Path::new("app.yaml")).is_ok(), "{good}");
    }
}

#[test]
fn bad_runtimes_are_explained() {
    let spec = function_spec("").replace("python3.13", "python3.31");
    let e = only_error(&spec);
    assert_eq!(e.kind(), ErrorKind::Parse);
    assert_eq!((e.line(), e.column()), (Some(5), Some(18)));
    assert_eq!(e.message(), "unknown runtime `python3.31`; did you mean `python3.11`?");

    let e = only_error(&function_spec("").replace("python3.13", "cobol"));
    assert!(e.message().starts_with("unknown runtime `cobol`; expected one of "), "{e}");
    assert!(e.message().contains("python3.13"), "{e}");

    let e = only_error(&function_spec("").replace("python3.13", "python2.7"));
    assert!(
        e.message().starts_with("runtime `python2.7` is retired: Lambda no longer creates functions with it"),
        "{e}"
    );
}

#[test]
fn other_bad_values_are_explained() {
    let e = only_error(&function_spec("        log_retention: 5\n"));
    assert!(e.message().starts_with("invalid log retention `5`; expected 1, 7, 14"), "{e}");

    let e = only_error(&function_spec("        architecture: amd64\n"));
    assert!(e.message().starts_with("unknown variant `amd64`, expected `x86_64` or `arm64`"), "{e}");

    let e = only_error(&function_spec("        grants: [ { reed_data: T } ]\n"));
    assert!(e.message().ends_with("; did you mean `read_data`?"), "{e}");

    let e = only_error(&function_spec("        environment: { A: { name_off: T } }\n"));
    assert!(e.message().ends_with("; did you mean `name_of`?"), "{e}");

    let e = only_error(&function_spec("        environment: { A: { name_of: T, arn_of: T } }\n"));
    assert!(e.message().contains("has one key"), "{e}");

    let e = only_error(&function_spec("        environment: { RATE: 1.5 }\n"));
    assert!(e.message().contains("in quotes"), "{e}");

    let e = only_error(&function_spec("        memory: -1\n"));
    assert!(e.message().starts_with("invalid type: integer `-1`, expected u32"), "{e}");
}

#[test]
fn json_errors_are_located() {
    let errors = errors_of("{\n  \"stacks\": {},\n  \"ap\": \"x\"\n}\n", "app.json");
    assert_eq!(errors.len(), 1);
    let e = &errors.errors()[0];
    assert_eq!(e.line(), Some(3));
    assert!(e.message().starts_with("unknown field `ap`"), "{e}");
    assert!(e.message().ends_with("did you mean `app`?"), "{e}");
    assert!(e.to_string().starts_with("app.json:3:"), "{e}");

    let errors = errors_of("{ \"stacks\": {}, }", "app.json");
    assert!(errors.to_string().starts_with("app.json:1:"), "{errors}");
}

#[test]
fn an_empty_or_unreadable_file_is_an_error() {
    let e = only_error("# nothing yet\n");
    assert_eq!(e.to_string(), "app.yaml: the spec is empty; it needs at least `stacks`");

    let missing = Path::new(EXAMPLE_DIR).join("no-such-spec.yaml");
    let errors = load(&missing).map(|_| ()).expect_err("a missing file");
    assert!(errors.is_read_error());
    assert_eq!(errors.errors()[0].kind(), ErrorKind::Read);
    assert!(errors.to_string().ends_with("cannot read the spec file: no such file"), "{errors}");
}

#[test]
fn the_committed_schema_is_up_to_date() {
    let generated = schema();
    assert_eq!(generated, schema(), "the schema is deterministic");
    assert!(generated.ends_with("}\n"));
    let committed = std::fs::read_to_string(SCHEMA_FILE).unwrap_or_default();
    assert!(
        committed == generated,
        "schema/formwork.schema.json is stale or missing; regenerate it with\n    \
         cargo run -p formwork-cli -- schema > schema/formwork.schema.json"
    );
}

#[test]
fn suppressions_and_severities_in_a_spec() {
    let text = r#"
severity: { FW203: error }
suppressions:
  - { checkov: CKV_AWS_115, on: Worker, reason: scales freely on purpose }
stacks:
  s:
    queues:
      Jobs: { visibility_timeout: 40s }
    functions:
      Worker:
        runtime: python3.13
        handler: app.handler
        code: functions/worker
        timeout: 10s
        events: [{ sqs: Jobs }]
    suppressions:
      - { rule: FW203, on: Jobs, reason: the worker is idempotent }
"#;
    let file =
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/queue-worker/s.yaml"));
    let app = formwork_spec::from_str(text, file).unwrap();
    let options = formwork::SynthOptions {
        target: formwork::Target::CloudFormation,
        format: formwork::Format::Yaml,
        today: formwork::Date::parse("2026-11-29").unwrap(),
    };
    let out = app.synthesize(&options);
    assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    assert_eq!(out.report.suppressed.iter().map(|f| f.code).collect::<Vec<_>>(), ["FW203"]);
    assert!(out.templates[0]
        .text
        .contains("          - id: CKV_AWS_115\n            comment: scales freely on purpose\n"));

    let bad = text
        .replace("rule: FW203", "rule: FW999")
        .replace("{ checkov: CKV_AWS_115,", "{ checkov: CKV_AWS_115, rule: FW101,");
    let errors = formwork_spec::from_str(&bad, file).unwrap_err();
    let messages: Vec<String> = errors.iter().map(|e| e.message().to_string()).collect();
    assert_eq!(
        messages,
        [
            "a suppression names exactly one of `rule`, `checkov` or `cfn_lint`",
            "`FW999` is not a formwork rule; `formwork rules` lists them"
        ],
        "{errors}"
    );
}

#[test]
fn async_configuration_provisioned_concurrency_and_schedules() {
    use formwork::prelude::*;
    let text = r#"
stacks:
  s:
    topics:
      Failures:
    queues:
      Done: { retention: 4d }
    functions:
      Report:
        runtime: python3.13
        handler: app.handler
        code: functions/worker
        reserved_concurrency: 4
        provisioned_concurrency: 1
        retry_attempts: 1
        max_event_age: 1h
        on_success: Done
        on_failure: Failures
        schedules:
          Daily: { cron: "0 6 * * ? *" }
          Hourly: { every: 1h }
"#;
    let file =
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/queue-worker/s.yaml"));
    let from_spec = formwork_spec::from_str(text, file).unwrap();
    let mut rust = App::new("s").root(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/queue-worker"));
    let stack = rust.stack("s");
    let failures = stack.add(Topic::new("Failures"));
    let done = stack.add(Queue::new("Done").retention(Duration::days(4)));
    stack.add(
        Function::new("Report", Runtime::Python313, "app.handler", Code::dir("functions/worker"))
            .reserved_concurrency(4)
            .retry_attempts(1)
            .max_event_age(Duration::hours(1))
            .on_success(&done)
            .on_failure(&failures)
            .provisioned_concurrency(1)
            .event_source(formwork::construct::EventRule::schedule(
                "Daily",
                formwork::construct::Schedule::cron("0 6 * * ? *"),
            ))
            .event_source(formwork::construct::EventRule::schedule(
                "Hourly",
                formwork::construct::Schedule::rate(Duration::hours(1)),
            )),
    );
    assert_eq!(templates(&from_spec), templates(&rust));
    let options =
        SynthOptions { target: Target::Sam, format: Format::Yaml, today: Date::parse("2026-11-29").unwrap() };
    let out = from_spec.synthesize(&options);
    assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    assert!(out.templates[0].text.contains("Schedule: cron(0 6 * * ? *)"), "{}", out.templates[0].text);

    let bad = text
        .replace("on_failure: Failures", "on_failure: Failurs")
        .replace("{ every: 1h }", "{ every: 1h, cron: \"x\" }");
    let errors = formwork_spec::from_str(&bad, file).unwrap_err();
    let messages: Vec<String> = errors.iter().map(|e| e.message().to_string()).collect();
    assert_eq!(messages.len(), 2, "{errors}");
    assert!(messages.iter().any(|m| m.contains("`Failurs`") && m.contains("Failures")), "{errors}");
    assert!(
        messages.iter().any(|m| m == "schedule `Hourly` needs exactly one of `every` or `cron`"),
        "{errors}"
    );
}

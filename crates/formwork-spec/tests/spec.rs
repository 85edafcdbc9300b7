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
            let synthesis = app.synthesize(&SynthOptions::new(today).target(target).format(format));
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
        let options = SynthOptions::new(today).target(target).format(Format::Yaml);
        let (a, b) = (from_spec.synthesize(&options), app.synthesize(&options));
        assert_eq!(a.templates, b.templates);
        // The same findings, the spec's located at its lines.
        let unlocated = |r: &formwork::validate::Report| -> Vec<(String, String, String)> {
            r.findings.iter().map(|f| (f.code.to_string(), f.message.clone(), f.path.clone())).collect()
        };
        assert_eq!(a.report.findings.len(), b.report.findings.len());
        for (from_spec, from_rust) in unlocated(&a.report).iter().zip(unlocated(&b.report)) {
            assert_eq!((&from_spec.0, &from_spec.1), (&from_rust.0, &from_rust.1));
            assert!(from_spec.2.ends_with(&format!(":57:13 ({})", from_rust.2)), "{}", from_spec.2);
        }
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
            "app.yaml:14:29: stacks.s.functions.Worker.environment.TABLE: unknown table, queue, topic, function, bucket, stream, layer, REST API, HTTP API, secret, parameter or KMS key `Ordres`; did you mean `Orders`?",
            "app.yaml:15:26: stacks.s.functions.Worker.environment.URL: `Orders` is a table, not a queue, REST API or HTTP API",
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
    let options = formwork::SynthOptions::new(formwork::Date::parse("2026-11-29").unwrap())
        .target(formwork::Target::CloudFormation)
        .format(formwork::Format::Yaml);
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

    let misspelt = text.replace("severity: { FW203: error }", "severity: { FW2033: error }");
    let errors = formwork_spec::from_str(&misspelt, file).unwrap_err();
    let found: Vec<(String, Option<usize>)> =
        errors.iter().map(|e| (e.message().to_string(), e.line())).collect();
    assert_eq!(
        found,
        [("`FW2033` is not a formwork rule; did you mean `FW203`?".to_string(), Some(2))],
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
        SynthOptions::new(Date::parse("2026-11-29").unwrap()).target(Target::Sam).format(Format::Yaml);
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

/// Every construct and setting added beyond the first model, each once, against the same
/// builder calls: buckets, streams, layers, APIs, every event source, URLs, permissions,
/// VPC, logging, images, inline and S3 code, destinations and a cross-stack handle.
#[test]
fn every_construct_calls_its_builder_setters() {
    use formwork::construct::{
        ApiRoute, Bucket, BucketEncryption, Destination, EventRule, FunctionUrl, HttpApi, InvokeMode,
        InvokePermission, Layer, LogFormat, LogLevel, Method, RestApi, S3Source, Schedule, SnsSource,
        StartingPosition, Stream, StreamMode, StreamSource, SystemLogLevel, Vpc,
    };
    let spec = r#"
app: parity
stacks:
  shared:
    tables:
      Shared: { partition_key: { name: id, type: string }, stream: new_image }
  edge:
    - buckets:
        Uploads:
          name: parity-uploads
          versioned: true
          encryption: { kms: alias/uploads }
          expire_objects_after: 7d
          removal_policy: delete
        Archive: { encryption: s3_managed }
      streams:
        Clicks: { mode: { provisioned: 2 }, retention: 48h, kms_key: alias/clicks, removal_policy: delete }
        Views: { mode: on_demand }
      tables:
        Local: { partition_key: { name: id, type: string }, stream: keys_only }
    - topics:
        Events:
      queues:
        Dead:
      layers:
        Libs:
          dir: functions/worker
          compatible_runtimes: [python3.12, python3.13]
          compatible_architectures: [arm64, x86_64]
          description: shared libraries
          license: MIT
        Remote: { s3: { bucket: artifacts, key: layers/remote.zip } }
      rest_apis:
        Rest: { stage: v2, description: the REST API }
      http_apis:
        Http: { description: the HTTP API }
    - functions:
        Api:
          runtime: python3.13
          handler: app.handler
          code: functions/worker
          layers: [Libs, "arn:aws:lambda:eu-west-1:123456789012:layer:ext:3", Remote]
          log_format: json
          application_log_level: debug
          system_log_level: info
          alias: prod
          snap_start: true
          url: { auth: public, reason: a public webhook, invoke_mode: response_stream }
          allow_invoke:
            Partner: { account: "210987654321" }
            Bus: { service: events.amazonaws.com, source_arn: { arn_of: Events }, from_this_account: true }
            Role: { arn: "arn:aws:iam::123456789012:role/caller", source_account: "123456789012" }
          vpc:
            subnets: [subnet-0a, subnet-0b]
            security_groups: [{ arn_of: Events }]
          on_success: default_event_bus
          on_failure: Archive
          events:
            - { http_api: Http, method: POST, path: /orders }
            - { rest_api: Rest, method: GET, path: "/orders/{id}" }
            - { rule: Changed, pattern: '{"source": ["shop"]}', description: on change, input: '{"a": 1}', disabled: true }
            - { schedule: Hourly, every: 1h }
            - { sns: Events, filter_policy: '{"kind": ["order"]}' }
            - { s3: Uploads, events: ["s3:ObjectCreated:Put", "s3:ObjectRemoved:*"], prefix: in/, suffix: .csv }
            - { kinesis: Clicks, starting_position: { at_timestamp: 1700000000 }, filters: ['{"a": [1]}', '{"b": [2]}'] }
            - { dynamodb: Local, starting_position: latest, on_failure: Archive }
          grants:
            - read_objects: Uploads
            - read_write_objects: Archive
            - put_records: Views
            - read_data: shared/Shared
        Image:
          code: { image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1 }
          on_success: Api
          on_failure: "arn:aws:events:eu-west-1:123456789012:event-bus/orders"
          dead_letter_queue: Dead
        Inline:
          runtime: python3.12
          handler: index.handler
          code: { inline: "def handler(e, c):\n    return 1\n" }
          environment: { API_URL: { url_of: Rest }, HTTP_URL: { url_of: Http }, BUS: { name_of: Clicks }, LAYER: { arn_of: Libs } }
        Zipped:
          runtime: python3.12
          handler: app.handler
          code: { s3: { bucket: artifacts, key: app.zip, version: v3 } }
        Plain:
          runtime: python3.12
          handler: app.handler
          code: { s3: { bucket: artifacts, key: app.zip } }
"#;
    let from_spec =
        from_str(spec, &Path::new(EXAMPLE_DIR).join("parity.yaml")).unwrap_or_else(|e| panic!("{e}"));

    let mut app = App::new("parity").root(EXAMPLE_DIR);
    let shared = app
        .stack("shared")
        .add(Table::new("Shared", Key::new("id", AttributeType::String)).stream(StreamView::NewImage));
    let edge = app.stack("edge");
    let uploads = edge.add(
        Bucket::new("Uploads")
            .name("parity-uploads")
            .versioned()
            .encryption(BucketEncryption::Kms("alias/uploads".into()))
            .expire_objects_after(Duration::days(7))
            .removal_policy(RemovalPolicy::Delete),
    );
    let archive = edge.add(Bucket::new("Archive").encryption(BucketEncryption::S3Managed));
    let clicks = edge.add(
        Stream::new("Clicks")
            .mode(StreamMode::Provisioned(2))
            .retention(Duration::hours(48))
            .kms_key("alias/clicks")
            .removal_policy(RemovalPolicy::Delete),
    );
    let views = edge.add(Stream::new("Views").mode(StreamMode::OnDemand));
    let local =
        edge.add(Table::new("Local", Key::new("id", AttributeType::String)).stream(StreamView::KeysOnly));
    let events = edge.add(Topic::new("Events"));
    let dead = edge.add(Queue::new("Dead"));
    let libs = edge.add(
        Layer::new("Libs", "functions/worker")
            .compatible_runtime(Runtime::Python312)
            .compatible_runtime(Runtime::Python313)
            .compatible_architecture(Architecture::Arm64)
            .compatible_architecture(Architecture::X86_64)
            .description("shared libraries")
            .license("MIT"),
    );
    let remote = edge.add(Layer::from_s3("Remote", "artifacts", "layers/remote.zip"));
    let rest = edge.add(RestApi::new("Rest").stage("v2").description("the REST API"));
    let http = edge.add(HttpApi::new("Http").description("the HTTP API"));
    let api = edge.function_ref("Api");
    edge.add(
        Function::new("Api", Runtime::Python313, "app.handler", Code::dir("functions/worker"))
            .layer(&libs)
            .layer_arn("arn:aws:lambda:eu-west-1:123456789012:layer:ext:3")
            .layer(&remote)
            .log_format(LogFormat::Json)
            .application_log_level(LogLevel::Debug)
            .system_log_level(SystemLogLevel::Info)
            .alias("prod")
            .snap_start()
            .url(FunctionUrl::public("a public webhook").invoke_mode(InvokeMode::ResponseStream))
            .allow_invoke(InvokePermission::account("Partner", "210987654321"))
            .allow_invoke(
                InvokePermission::service("Bus", "events.amazonaws.com")
                    .source_arn(events.arn())
                    .from_this_account(),
            )
            .allow_invoke(
                InvokePermission::arn("Role", "arn:aws:iam::123456789012:role/caller")
                    .source_account("123456789012"),
            )
            .vpc(Vpc::new(["subnet-0a", "subnet-0b"], [events.arn()]))
            .on_success(Destination::default_event_bus())
            .on_failure(&archive)
            .event_source(ApiRoute::http(&http, Method::Post, "/orders"))
            .event_source(ApiRoute::rest(&rest, Method::Get, "/orders/{id}"))
            .event_source(
                EventRule::pattern("Changed", r#"{"source": ["shop"]}"#)
                    .description("on change")
                    .input(r#"{"a": 1}"#)
                    .disabled(),
            )
            .event_source(EventRule::schedule("Hourly", Schedule::rate(Duration::hours(1))))
            .event_source(SnsSource::new(&events).filter_policy(r#"{"kind": ["order"]}"#))
            .event_source(
                S3Source::new(&uploads)
                    .event("s3:ObjectCreated:Put")
                    .event("s3:ObjectRemoved:*")
                    .prefix("in/")
                    .suffix(".csv"),
            )
            .event_source(
                StreamSource::kinesis(&clicks, StartingPosition::AtTimestamp(1_700_000_000))
                    .filter(r#"{"a": [1]}"#)
                    .filter(r#"{"b": [2]}"#),
            )
            .event_source(StreamSource::dynamodb(&local, StartingPosition::Latest).on_failure(&archive))
            .grant(uploads.read_objects())
            .grant(archive.read_write_objects())
            .grant(views.put_records())
            .grant(shared.read_data()),
    );
    edge.add(
        Function::from_image("Image", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1")
            .on_success(&api)
            .on_failure(Destination::event_bus("arn:aws:events:eu-west-1:123456789012:event-bus/orders"))
            .dead_letter_queue(&dead),
    );
    edge.add(
        Function::new(
            "Inline",
            Runtime::Python312,
            "index.handler",
            Code::inline("def handler(e, c):\n    return 1\n"),
        )
        .env("API_URL", rest.url())
        .env("HTTP_URL", http.url())
        .env("BUS", clicks.name())
        .env("LAYER", libs.arn()),
    );
    edge.add(Function::new(
        "Zipped",
        Runtime::Python312,
        "app.handler",
        Code::s3_version("artifacts", "app.zip", "v3"),
    ));
    edge.add(Function::new("Plain", Runtime::Python312, "app.handler", Code::s3("artifacts", "app.zip")));

    let today = Date::parse("2026-11-29").expect("a valid date");
    for target in [Target::CloudFormation, Target::Sam] {
        for format in [Format::Yaml, Format::Json] {
            let options = SynthOptions::new(today).target(target).format(format);
            let (a, b) = (from_spec.synthesize(&options), app.synthesize(&options));
            assert_eq!(a.templates, b.templates);
            assert_eq!(a.assets, b.assets);
            assert_eq!(a.report.codes(), b.report.codes());
        }
    }
    let synthesis =
        from_spec.synthesize(&SynthOptions::new(today).target(Target::CloudFormation).format(Format::Yaml));
    let edge = &synthesis.templates[1].text;
    for made in [
        "AWS::Lambda::Url",
        "AWS::Kinesis::Stream",
        "AWS::Lambda::LayerVersion",
        "AWS::Events::Rule",
        "ImageUri",
    ] {
        assert!(edge.contains(made), "{made} in {edge}");
    }
    assert!(
        synthesis.templates[1].text.contains("Fn::ImportValue") || edge.contains("!ImportValue"),
        "{edge}"
    );
    assert_eq!(synthesis.report.codes(), ["FW122"], "{}", synthesis.report);
}

#[test]
fn event_url_permission_layer_and_image_mistakes_are_reported_together() {
    let spec = r#"stacks:
  s:
    queues:
      Jobs:
    streams:
      Clicks:
    layers:
      Both: { dir: a, s3: { bucket: b, key: c } }
    functions:
      F:
        runtime: python3.13
        handler: app.handler
        code: src
        url: { auth: public }
        allow_invoke:
          Nobody: { source_account: "1" }
        events:
          - { sqs: Jobs, sns: Jobs }
          - { sqs: Jobs, starting_position: latest }
          - { kinesis: Clicks }
          - { sqs: other/Jobs }
      G:
        runtime: python3.13
        code: { image: repo/app:1 }
      H:
        handler: app.handler
        code: src
"#;
    let errors = errors_of(spec, "app.yaml");
    let messages: Vec<String> = errors.iter().map(|e| e.message().to_string()).collect();
    let expected = [
        "layer `Both` needs exactly one of `dir` or `s3`",
        "a public URL needs its `reason`, and only a public URL takes one",
        "permission `Nobody` names exactly one of `service`, `account` or `arn`",
        "an event names exactly one source of `sqs`, `kinesis`, `dynamodb`, `sns`, `s3`, `schedule`, `rule`, `rest_api`, `http_api`; this one names 2",
        "a `sqs` event does not take `starting_position`; it takes `batch_size`, `batching_window`, `report_batch_item_failures`, `maximum_concurrency`, `filters`",
        "a `kinesis` event needs `starting_position`",
        "unknown stack `other` in `other/Jobs`",
        "function `G` runs a container image, which has no `runtime`; remove it",
        "function `H` needs `runtime` (only a container image or Rust code has none)",
    ];
    for e in expected {
        assert!(messages.iter().any(|m| m == e), "missing {e:?} in {messages:#?}");
    }
    assert_eq!(messages.len(), expected.len(), "{messages:#?}");
    assert!(errors.iter().all(|e| e.line().is_some()), "{errors}");
}

#[test]
fn a_correct_spec_of_the_same_shapes_has_no_error() {
    let spec = r#"stacks:
  s:
    queues:
      Jobs:
    streams:
      Clicks:
    layers:
      One: { dir: src }
    functions:
      F:
        runtime: python3.13
        handler: app.handler
        code: src
        layers: [One]
        url: { auth: public, reason: a webhook }
        allow_invoke:
          Partner: { account: "123456789012" }
        events:
          - { sqs: Jobs }
          - { kinesis: Clicks, starting_position: latest }
          - { sqs: s/Jobs }
      G:
        code: { image: repo/app:1 }
"#;
    assert!(from_str(spec, Path::new("app.yaml")).is_ok());
}

/// Rule findings on a JSON spec, and on a queue and an environment variable, point at
/// the key that caused them.
#[test]
fn rule_findings_are_located_in_json_specs_too() {
    let json = r#"{
  "stacks": {
    "s": {
      "queues": { "Jobs": { "visibility_timeout": 10 } },
      "functions": {
        "Worker": {
          "runtime": "python3.13",
          "handler": "app.handler",
          "code": "functions/worker",
          "timeout": 30,
          "environment": { "AWS_REGION": "x" },
          "events": [{ "sqs": "Jobs" }]
        }
      }
    }
  }
}"#;
    let file = Path::new(EXAMPLE_DIR).join("located.json");
    let app = from_str(json, &file).unwrap_or_else(|e| panic!("{e}"));
    let today = Date::parse("2026-11-29").expect("a valid date");
    let synthesis =
        app.synthesize(&SynthOptions::new(today).target(Target::CloudFormation).format(Format::Yaml));
    let located: Vec<(&str, usize, usize)> = synthesis
        .report
        .findings
        .iter()
        .filter_map(|f| f.region.as_ref().map(|r| (f.code, r.line, r.column)))
        .collect();
    // FW202: the queue's visibility timeout, shorter than its consumer's timeout.
    assert!(located.contains(&("FW202", 4, 30)), "{located:?}\n{}", synthesis.report);
    // FW105: a reserved environment variable name.
    assert!(located.contains(&("FW105", 11, 29)), "{located:?}\n{}", synthesis.report);
    assert!(synthesis.report.findings.iter().all(|f| f.region.is_some()), "{}", synthesis.report);
}

#[test]
fn auto_split_is_a_stack_key() {
    let spec = "
app: split
stacks:
  big:
    auto_split: true
    queues:
      Jobs:
  small:
    queues:
      Other:
";
    let app = formwork_spec::from_str(spec, Path::new("app.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let split: Vec<bool> = app.stacks().iter().map(|s| s.is_auto_split()).collect();
    assert_eq!(split, [true, false]);
}

/// Secrets, parameters, keys, existing resources, raw resources, overrides and hand-made
/// statements: each section and setting is the builder call a Rust program would make.
#[test]
fn issue_10_constructs_call_their_builder_setters() {
    use formwork::construct::{Bucket, Layer, StartingPosition, Stream, StreamSource};
    use formwork::iam::Value;
    use formwork::prelude::{Arn, KmsKey, Parameter, Secret, Statement};
    let spec = r#"
app: hatch
stacks:
  s:
    existing:
      Partner: { kind: queue, arn: "arn:aws:sqs:eu-west-1:123456789012:partner-jobs" }
      Orders: { kind: table, name: Orders, stream_arn: "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2026-01-01T00:00:00.000" }
      shareduploads: { kind: bucket, name: shared-uploads }
      clicks: { kind: stream, name: clicks }
      resize: { kind: function, name: resize }
      opsalerts: { kind: topic, name: ops-alerts }
      Ext: { kind: layer, arn: "arn:aws:lambda:eu-west-1:123456789012:layer:ext:3" }
      TeamKey: { kind: kms_key, arn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }
      dbpassword: { kind: secret, name: db-password, kms_key: TeamKey }
      Flags: { kind: parameter, arn: "arn:aws:ssm:eu-west-1:123456789012:parameter/app/flags", kms_key: TeamKey }
    kms_keys:
      Own: { description: this app's key, removal_policy: delete }
      Plain:
    secrets:
      Token: { description: the token, kms_key: Own, length: 48, removal_policy: delete }
      Bare:
    parameters:
      Settings: { name: /hatch/settings, value: '{"a":1}', description: the settings }
    queues:
      Jobs:
    resources:
      JobsBacklog:
        type: AWS::CloudWatch::Alarm
        properties:
          Namespace: AWS/SQS
          MetricName: ApproximateNumberOfMessagesVisible
          Dimensions: [{ Name: QueueName, Value: { "Fn::GetAtt": [Jobs, QueueName] } }]
          Statistic: Maximum
          Period: 60
          EvaluationPeriods: 5
          Threshold: 1000
          ComparisonOperator: GreaterThanThreshold
        depends_on: [Jobs]
        removal_policy: delete
    overrides:
      - { resource: Jobs, path: Properties.MaximumMessageSize, value: 1024 }
    functions:
      Worker:
        runtime: python3.13
        handler: app.handler
        code: functions/worker
        layers: [Ext]
        environment:
          TOKEN: { arn_of: Token }
          SETTINGS: { name_of: Settings }
          FLAGS: { name_of: Flags }
          KEY: { arn_of: Own }
          RESIZE: { name_of: resize }
        on_failure: opsalerts
        events:
          - { sqs: Partner }
          - { dynamodb: Orders, starting_position: latest }
          - { kinesis: clicks, starting_position: trim_horizon }
        grants:
          - read: Token
          - read: Settings
          - read: dbpassword
          - read: Flags
          - decrypt: Own
          - encrypt: Plain
          - read_objects: shareduploads
        statements:
          - allow: [sqs:SendMessage]
            resources: [{ arn_of: Partner }]
          - allow: [s3:GetObject]
            resources: [{ objects_of: shareduploads, pattern: "in/*" }]
          - allow: [ssm:GetParameter, ssm:GetParametersByPath]
            resources: [{ arn: { service: ssm, resource: "parameter/hatch/*" } }]
            conditions:
              - { operator: StringEquals, key: "aws:RequestedRegion", value: [eu-west-1, eu-central-1] }
          - allow: [iam:GetRole]
            resources: [{ arn: { service: iam, resource: role/deployer, scope: global } }]
          - allow: [s3:ListBucket]
            resources: [{ arn: { service: s3, resource: shared-assets, scope: partition_only } }]
          - deny: [dynamodb:DeleteItem]
            resources: ["arn:aws:dynamodb:eu-west-1:123456789012:table/Audit", { value: { "Fn::ImportValue": other-AuditArn } }]
          - allow: [cloudwatch:PutMetricData]
            resources: ["*"]
            allow_wildcard: PutMetricData takes no resource
        overrides:
          - { path: Metadata.team, value: payments }
          - { resource: Role, path: Properties.MaxSessionDuration, value: 7200 }
"#;
    let from_spec =
        from_str(spec, &Path::new(EXAMPLE_DIR).join("hatch.yaml")).unwrap_or_else(|e| panic!("{e}"));

    let mut app = App::new("hatch").root(EXAMPLE_DIR);
    let s = app.stack("s");
    let partner = s.add(Queue::existing("Partner", "arn:aws:sqs:eu-west-1:123456789012:partner-jobs"));
    let orders =
        s.add(Table::from_name("Orders").stream_arn(
            "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2026-01-01T00:00:00.000",
        ));
    let uploads = s.add(Bucket::from_name("shared-uploads"));
    let clicks = s.add(Stream::from_name("clicks"));
    let resize = s.add(Function::from_name("resize"));
    let alerts = s.add(Topic::from_name("ops-alerts"));
    let ext = s.add(Layer::existing("Ext", "arn:aws:lambda:eu-west-1:123456789012:layer:ext:3"));
    let team_key = s.add(KmsKey::existing(
        "TeamKey",
        "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    ));
    let db_password = s.add(Secret::from_name("db-password").kms_key(&team_key));
    let flags = s.add(
        Parameter::existing("Flags", "arn:aws:ssm:eu-west-1:123456789012:parameter/app/flags")
            .kms_key(&team_key),
    );
    let own = s.add(KmsKey::new("Own").description("this app's key").removal_policy(RemovalPolicy::Delete));
    let plain = s.add(KmsKey::new("Plain"));
    let token = s.add(
        Secret::new("Token")
            .description("the token")
            .kms_key(&own)
            .length(48)
            .removal_policy(RemovalPolicy::Delete),
    );
    s.add(Secret::new("Bare"));
    let settings =
        s.add(Parameter::new("Settings", "/hatch/settings", r#"{"a":1}"#).description("the settings"));
    s.add(Queue::new("Jobs"));
    s.add(
        formwork::construct::RawResource::new(
            "JobsBacklog",
            "AWS::CloudWatch::Alarm",
            Value::map([
                ("Namespace", Value::from("AWS/SQS")),
                ("MetricName", Value::from("ApproximateNumberOfMessagesVisible")),
                (
                    "Dimensions",
                    Value::List(vec![Value::map([
                        ("Name", Value::from("QueueName")),
                        ("Value", Value::get_att("Jobs", "QueueName")),
                    ])]),
                ),
                ("Statistic", Value::from("Maximum")),
                ("Period", Value::from(60)),
                ("EvaluationPeriods", Value::from(5)),
                ("Threshold", Value::from(1000)),
                ("ComparisonOperator", Value::from("GreaterThanThreshold")),
            ]),
        )
        .depends_on("Jobs")
        .removal_policy(RemovalPolicy::Delete),
    );
    s.add(
        Function::new("Worker", Runtime::Python313, "app.handler", Code::dir("functions/worker"))
            .layer(&ext)
            .env("TOKEN", token.arn())
            .env("SETTINGS", settings.name())
            .env("FLAGS", flags.name())
            .env("KEY", own.arn())
            .env("RESIZE", resize.name())
            .on_failure(&alerts)
            .event_source(SqsSource::new(&partner))
            .event_source(StreamSource::dynamodb(&orders, StartingPosition::Latest))
            .event_source(StreamSource::kinesis(&clicks, StartingPosition::TrimHorizon))
            .grant(token.read())
            .grant(settings.read())
            .grant(db_password.read())
            .grant(flags.read())
            .grant(own.decrypt())
            .grant(plain.encrypt())
            .grant(uploads.read_objects())
            .statement(Statement::allow(
                [formwork::iam::Action::parse("sqs:SendMessage").unwrap()],
                [partner.arn()],
            ))
            .statement(Statement::allow(
                [formwork::iam::Action::parse("s3:GetObject").unwrap()],
                [uploads.objects("in/*")],
            ))
            .statement(
                Statement::allow(
                    ["ssm:GetParameter", "ssm:GetParametersByPath"]
                        .map(|a| formwork::iam::Action::parse(a).unwrap()),
                    [Arn::new("ssm", "parameter/hatch/*")],
                )
                .condition("StringEquals", "aws:RequestedRegion", "eu-west-1")
                .condition("StringEquals", "aws:RequestedRegion", "eu-central-1"),
            )
            .statement(Statement::allow(
                [formwork::iam::Action::parse("iam:GetRole").unwrap()],
                [Arn::global("iam", "role/deployer")],
            ))
            .statement(Statement::allow(
                [formwork::iam::Action::parse("s3:ListBucket").unwrap()],
                [Arn::partition_only("s3", "shared-assets")],
            ))
            .statement(Statement::deny(
                [formwork::iam::Action::parse("dynamodb:DeleteItem").unwrap()],
                [
                    formwork::prelude::PolicyResource::from(
                        "arn:aws:dynamodb:eu-west-1:123456789012:table/Audit",
                    ),
                    formwork::prelude::PolicyResource::from(Value::intrinsic(
                        formwork::template::Intrinsic::ImportValue(Value::from("other-AuditArn")),
                    )),
                ],
            ))
            .statement(
                Statement::allow([formwork::iam::Action::parse("cloudwatch:PutMetricData").unwrap()], ["*"])
                    .allow_wildcard("PutMetricData takes no resource"),
            )
            .override_property("Metadata.team", "payments")
            .override_resource("Role", "Properties.MaxSessionDuration", 7200),
    );
    s.override_property("Jobs", "Properties.MaximumMessageSize", 1024);

    let (spec_templates, rust_templates) = (templates(&from_spec), templates(&app));
    assert_eq!(spec_templates, rust_templates);
    let template = &spec_templates[0];
    for expected in [
        "AWS::SecretsManager::Secret",
        "AWS::SSM::Parameter",
        "AWS::KMS::Key",
        "AWS::CloudWatch::Alarm",
        "MaximumMessageSize: 1024",
        "MaxSessionDuration: 7200",
        "parameter/hatch/*",
        "secret:db-password-??????",
        "PutMetricData takes no resource",
        "Effect: Deny",
        "!ImportValue other-AuditArn",
    ] {
        assert!(template.contains(expected), "{expected} missing:\n{template}");
    }
}

/// A wrong name inside a hand-made statement, or an existing resource that cannot be
/// what it says, is reported where it is written.
#[test]
fn statement_and_existing_mistakes_are_located() {
    let spec = "
stacks:
  s:
    queues:
      Jobs:
    existing:
      opsalerts: { kind: topic, name: ops-alerts-2 }
      TeamKey: { kind: kms_key, name: team }
      Both: { kind: queue }
    functions:
      Worker:
        runtime: python3.13
        handler: app.handler
        code: src
        statements:
          - allow: [sqs:SendMessage]
            resources: [{ arn_of: Jbos }]
          - allow: [s3:GetObject]
            resources: [{ objects_of: Jobs, pattern: \"in/*\" }]
          - allow: [sqs:SendMesage]
            resources: [\"*\"]
          - allow: [sqs:SendMessage]
            deny: [sqs:SendMessage]
            resources: [\"*\"]
";
    let errors = errors_of(spec, "app.yaml");
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let expect = |needle: &str| {
        assert!(shown.iter().any(|e| e.contains(needle)), "no error with {needle:?}: {shown:#?}");
    };
    expect("app.yaml:17:35: stacks.s.functions.Worker.statements[0].resources[0]: unknown table, queue");
    expect("`Jbos`; did you mean `Jobs`?");
    expect("app.yaml:19:39: stacks.s.functions.Worker.statements[1].resources[0]: `Jobs` is a queue, not a bucket");
    expect("app.yaml:20:21: stacks.s.functions.Worker.statements[2]: unknown action `sqs:SendMesage` (did you mean `sqs:SendMessage`?)");
    expect("stacks.s.functions.Worker.statements[3]: a statement names exactly one of `allow` or `deny`");
    expect("stacks.s.existing.opsalerts: an existing resource given by name has the name's ASCII letters and digits as its id: `opsalerts2`");
    expect("stacks.s.existing.TeamKey.name: an existing KMS key is named by its ARN only");
    expect("stacks.s.existing.Both: existing `Both` needs exactly one of `arn` or `name`");
    assert_eq!(shown.len(), 7, "{shown:#?}");
}

/// Raw resources and overrides read from JSON as from YAML, and an unknown short tag in a
/// template value is an error at its place, with the closest tag.
#[test]
fn raw_resources_in_json_and_unknown_tags() {
    let json = r#"{ "app": "raw", "stacks": { "s": {
  "queues": { "Jobs": null },
  "resources": { "Backlog": { "type": "AWS::CloudWatch::Alarm", "properties": {
    "Namespace": "AWS/SQS", "MetricName": "ApproximateNumberOfMessagesVisible",
    "Dimensions": [{ "Name": "QueueName", "Value": { "Fn::GetAtt": ["Jobs", "QueueName"] } }],
    "Statistic": "Maximum", "Period": 60, "EvaluationPeriods": 5, "Threshold": 1000,
    "ComparisonOperator": "GreaterThanThreshold" } } },
  "overrides": [{ "resource": "Jobs", "path": "Properties.MaximumMessageSize", "value": 2048 }]
} } }"#;
    let app = from_str(json, Path::new("app.json")).unwrap_or_else(|e| panic!("{e}"));
    let template = &templates(&app)[0];
    assert!(template.contains("Type: AWS::CloudWatch::Alarm"), "{template}");
    assert!(template.contains("!GetAtt Jobs.QueueName"), "{template}");
    assert!(template.contains("MaximumMessageSize: 2048"), "{template}");

    let yaml = "
stacks:
  s:
    resources:
      Backlog:
        type: AWS::SNS::Topic
        properties: { TopicName: !Sbu '${AWS::StackName}-backlog' }
";
    let e = only_error(yaml);
    assert_eq!(e.key_path(), Some("stacks.s.resources.Backlog.properties"));
    assert!(e.message().contains("unknown tag `!Sbu`") && e.message().contains("`!Sub`"), "{}", e.message());
    assert_eq!(e.line(), Some(7));
}

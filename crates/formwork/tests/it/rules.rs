//! Every rule fires on a bad model or template and stays quiet on a good one; tests
//! assert on codes and values.

use formwork::construct::{DeadLetterTarget, QueueRef};
use formwork::prelude::*;
use formwork::validate::{validate, Finding, Settings, Severity, StackInput};
use formwork::Stack;
use formwork_template::{Parameter, Resource, Template, Value};

const TODAY: &str = "2026-11-29";

fn today() -> Date {
    Date::parse(TODAY).unwrap()
}

fn options(day: &str) -> SynthOptions {
    SynthOptions::new(Date::parse(day).unwrap()).target(Target::CloudFormation).format(Format::Yaml)
}

/// An app with one stack built by `build`.
fn app(build: impl FnOnce(&mut Stack)) -> App {
    let mut app = App::new("test").root(env!("CARGO_MANIFEST_DIR"));
    build(app.stack("test"));
    app
}

fn function(id: &str) -> Function {
    Function::new(id, Runtime::Python312, "app.handler", Code::dir("tests/fixtures/handler"))
}

/// The codes found on `day`.
fn codes_on(app: &App, day: &str) -> Vec<&'static str> {
    app.synthesize(&options(day)).report.codes()
}

fn codes(app: &App) -> Vec<&'static str> {
    codes_on(app, TODAY)
}

fn findings(app: &App) -> Vec<Finding> {
    app.synthesize(&options(TODAY)).report.findings
}

/// The codes found in a hand-written template.
fn template_codes(template: &Template) -> Vec<&'static str> {
    let input = StackInput::new("hand", template);
    let settings = Settings::new(today()).account_concurrency(1_000);
    let mut codes: Vec<_> = validate(&[input], &settings).iter().map(|f| f.code).collect();
    codes.sort();
    codes
}

#[test]
fn a_good_app_has_no_findings() {
    let a = app(|s| {
        let t = s.add(Table::new("Orders", Key::new("id", AttributeType::String)));
        let dlq = s.add(Queue::new("Dlq").retention(Duration::days(14)));
        let q = s.add(Queue::new("Jobs").visibility_timeout(Duration::secs(61)).dead_letter_queue(&dlq, 3));
        s.add(
            function("Worker")
                .memory(Megabytes(10_240))
                .timeout(Duration::secs(10))
                .ephemeral_storage(Megabytes(512))
                .env("TABLE", t.name())
                .reserved_concurrency(900)
                .dead_letter_queue(&dlq)
                .tracing(Tracing::Active)
                .event_source(
                    SqsSource::new(&q)
                        .batch_size(100)
                        .batching_window(Duration::secs(0))
                        .batching_window(Duration::secs(1)),
                )
                .grant(t.read_data()),
        );
    });
    assert_eq!(codes(&a), Vec::<&str>::new(), "{}", app_report(&a));
}

fn app_report(a: &App) -> String {
    a.synthesize(&options(TODAY)).report.to_string()
}

#[test]
fn memory_timeout_and_storage_ranges() {
    let a = app(|s| {
        s.add(
            function("Low")
                .memory(Megabytes(127))
                .timeout(Duration::secs(0))
                .ephemeral_storage(Megabytes(511)),
        );
        s.add(
            function("High")
                .memory(Megabytes(10_241))
                .timeout(Duration::secs(901))
                .ephemeral_storage(Megabytes(10_241)),
        );
        s.add(
            function("Edge")
                .memory(Megabytes(128))
                .timeout(Duration::secs(900))
                .ephemeral_storage(Megabytes(10_240)),
        );
    });
    let found = findings(&a);
    let at = |code: &str| -> Vec<String> {
        found.iter().filter(|f| f.code == code).map(|f| f.path.clone()).collect()
    };
    assert_eq!(at("FW101"), ["stack test / function Low / memory", "stack test / function High / memory"]);
    assert_eq!(at("FW102"), ["stack test / function Low / timeout", "stack test / function High / timeout"]);
    assert_eq!(at("FW103").len(), 2);
    let high = found.iter().find(|f| f.code == "FW101" && f.resource.as_deref() == Some("High")).unwrap();
    assert_eq!(high.message, "memory of `High` is 10241 MB; Lambda accepts 128 to 10240 MB");
}

#[test]
fn environment_keys_and_size() {
    let a = app(|s| {
        s.add(
            function("Env")
                .env("1BAD", "x")
                .env("A", "x")
                .env("bad-key", "x")
                .env("AWS_REGION", "eu-west-1")
                .env("GOOD_KEY", "x"),
        );
        s.add(function("Big").env("BLOB", "x".repeat(4_093)));
        s.add(function("Fits").env("BLOB", "x".repeat(4_092)));
    });
    let found = findings(&a);
    let keys: Vec<&str> =
        found.iter().filter(|f| f.code == "FW104").map(|f| f.path.rsplit(' ').next().unwrap()).collect();
    assert_eq!(keys, ["1BAD", "A", "bad-key"]);
    let reserved: Vec<&Finding> = found.iter().filter(|f| f.code == "FW105").collect();
    assert_eq!(reserved.len(), 1);
    assert_eq!(reserved[0].path, "stack test / function Env / env AWS_REGION");
    let size: Vec<_> =
        found.iter().filter(|f| f.code == "FW106").map(|f| f.resource.clone().unwrap()).collect();
    assert_eq!(size, ["Big"]);
}

#[test]
fn function_name_handler_and_description() {
    let a = app(|s| {
        s.add(function("Named").function_name("x".repeat(65)));
        s.add(function("Dotted").function_name("has.dot"));
        s.add(function("Fine").function_name("orders-worker_1"));
        s.add(Function::new(
            "Spaced",
            Runtime::Python312,
            "app handler",
            Code::dir("tests/fixtures/handler"),
        ));
        s.add(function("Long").description("d".repeat(257)));
    });
    let mut c = codes(&a);
    c.sort();
    assert_eq!(c, ["FW107", "FW107", "FW108", "FW112"]);
}

#[test]
fn runtime_lifecycle_is_judged_on_the_given_day() {
    let a = app(|s| {
        s.add(Function::new("Old", Runtime::Python39, "app.handler", Code::dir("tests/fixtures/handler")));
        s.add(function("Current"));
    });
    assert_eq!(codes_on(&a, "2025-12-14"), Vec::<&str>::new());
    assert_eq!(codes_on(&a, "2025-12-15"), ["FW109"]);
    assert_eq!(codes_on(&a, "2027-02-01"), ["FW110"]);
    let warning = &a.synthesize(&options(TODAY)).report.findings[0];
    assert_eq!(warning.help, "move to `python3.14`");
    assert!(warning.message.contains("deprecated since 2025-12-15"), "{}", warning.message);
}

#[test]
fn missing_code_directory_is_reported() {
    let a = app(|s| {
        s.add(Function::new("Lost", Runtime::Python312, "app.handler", Code::dir("no/such/dir")));
    });
    let found = findings(&a);
    assert_eq!(found.iter().map(|f| f.code).collect::<Vec<_>>(), ["FW113"]);
    assert_eq!(found[0].path, "stack test / function Lost / code");
    assert!(found[0].message.contains("no/such/dir does not exist"), "{}", found[0].message);
}

#[test]
fn sqs_visibility_timeout_against_consumer() {
    let below = app(|s| {
        let q = s.add(Queue::new("Jobs").visibility_timeout(Duration::secs(20)));
        s.add(function("W").timeout(Duration::secs(30)).event_source(SqsSource::new(&q)));
    });
    let found = findings(&below);
    assert_eq!(found.iter().map(|f| f.code).collect::<Vec<_>>(), ["FW202"]);
    assert_eq!(found[0].path, "stack test / queue Jobs / visibility_timeout");

    let short = app(|s| {
        // default visibility 30 s; 6 × 10 s + 5 s window = 65 s recommended
        let q = s.add(Queue::new("Jobs"));
        s.add(
            function("W")
                .timeout(Duration::secs(10))
                .event_source(SqsSource::new(&q).batching_window(Duration::secs(5))),
        );
    });
    let found = findings(&short);
    assert_eq!(found.iter().map(|f| f.code).collect::<Vec<_>>(), ["FW203"]);
    assert!(found[0].help.contains("at least 65 s"), "{}", found[0].help);

    let ok = app(|s| {
        let q = s.add(Queue::new("Jobs").visibility_timeout(Duration::secs(65)));
        s.add(
            function("W")
                .timeout(Duration::secs(10))
                .event_source(SqsSource::new(&q).batching_window(Duration::secs(5))),
        );
    });
    assert_eq!(codes(&ok), Vec::<&str>::new());
}

#[test]
fn sqs_batch_rules() {
    let a = app(|s| {
        let q = s.add(Queue::new("Jobs").visibility_timeout(Duration::minutes(10)));
        let fifo = s.add(Queue::new("Ordered").fifo().visibility_timeout(Duration::minutes(10)));
        s.add(function("NoWindow").event_source(SqsSource::new(&q).batch_size(11)));
        s.add(
            function("Windowed")
                .event_source(SqsSource::new(&q).batch_size(11).batching_window(Duration::secs(1))),
        );
        s.add(function("Ten").event_source(SqsSource::new(&q).batch_size(10)));
        s.add(function("FifoBig").event_source(SqsSource::new(&fifo).batch_size(11)));
        s.add(function("FifoWindow").event_source(SqsSource::new(&fifo).batching_window(Duration::secs(2))));
        s.add(function("FifoOk").event_source(SqsSource::new(&fifo).batch_size(10)));
        s.add(function("Ranges").event_source(
            SqsSource::new(&q).batch_size(10_001).batching_window(Duration::secs(301)).maximum_concurrency(1),
        ));
    });
    let found = findings(&a);
    let by = |code: &str| -> Vec<String> {
        found.iter().filter(|f| f.code == code).map(|f| f.resource.clone().unwrap()).collect()
    };
    assert_eq!(by("FW204"), ["NoWindowJobs"]);
    assert_eq!(by("FW205"), ["FifoBigOrdered", "FifoWindowOrdered"]);
    assert_eq!(by("FW206"), ["RangesJobs", "RangesJobs", "RangesJobs"]);
    assert_eq!(found.len(), 6, "{found:#?}");
}

#[test]
fn queue_settings_and_redrive() {
    let a = app(|s| {
        let std_dlq = s.add(Queue::new("StdDlq").retention(Duration::days(1)));
        let fifo_dlq = s.add(Queue::new("FifoDlq").fifo().retention(Duration::days(14)));
        s.add(
            Queue::new("Short")
                .retention(Duration::secs(59))
                .visibility_timeout(Duration::hours(13))
                .delay(Duration::secs(901)),
        );
        s.add(Queue::new("Mismatch").dead_letter_queue(&fifo_dlq, 3));
        s.add(Queue::new("Zero").retention(Duration::hours(1)).dead_letter_queue(&std_dlq, 0));
        s.add(Queue::new("Expiring").retention(Duration::days(2)).dead_letter_queue(&std_dlq, 3));
    });
    let found = findings(&a);
    let by = |code: &str| -> Vec<String> {
        found.iter().filter(|f| f.code == code).map(|f| f.resource.clone().unwrap()).collect()
    };
    assert_eq!(by("FW207"), ["Short", "Short", "Short"]);
    assert_eq!(by("FW208"), ["Mismatch", "Zero"]);
    assert_eq!(by("FW209"), ["Expiring"]);
}

#[test]
fn reserved_concurrency_must_leave_100_unreserved() {
    let build = |limit: u32| {
        app(|s| {
            s.add(function("A").reserved_concurrency(500));
            s.add(function("B").reserved_concurrency(401));
        })
        .account_concurrency(limit)
    };
    let found = findings(&build(1_000));
    assert_eq!(found.iter().map(|f| f.code).collect::<Vec<_>>(), ["FW301"]);
    assert!(found[0].message.contains("901"), "{}", found[0].message);
    assert_eq!(codes(&build(1_001)), Vec::<&str>::new());
}

#[test]
fn logical_ids_collisions_and_foreign_handles() {
    let mut foreign = App::new("foreign");
    let elsewhere: QueueRef = foreign.stack("other").add(Queue::new("Elsewhere"));
    let mut a = App::new("test").root(env!("CARGO_MANIFEST_DIR"));
    let s = a.stack("test");
    s.add(Queue::new("Bad-Id"));
    s.add(Queue::new("WorkerRole"));
    s.add(function("Worker").dead_letter_queue(DeadLetterTarget::Queue(elsewhere.clone())));
    let dangling = s.queue_ref("Nope");
    s.add(function("Other").dead_letter_queue(&dangling));
    let found = findings(&a);
    let mut c: Vec<_> = found.iter().map(|f| f.code).collect();
    c.sort();
    // the id, the collision (Worker's role is not added), the foreign DLQ (no such stack)
    // and its reference to an id this stack lacks, the dangling DLQ in Other's policy and
    // in its DeadLetterConfig
    assert_eq!(c, ["FW501", "FW502", "FW503", "FW503", "FW503", "FW506"]);
    let collision = found.iter().find(|f| f.code == "FW502").unwrap();
    assert_eq!(collision.message, "logical id `WorkerRole` is made by both `stack test / queue WorkerRole` and `stack test / function Worker`");
}

#[test]
fn resource_count_and_template_size() {
    let a = app(|s| {
        for i in 0..501 {
            s.add(Queue::new(format!("Queue{i}")));
        }
    });
    let mut c = codes(&a);
    c.dedup();
    assert_eq!(c, ["FW504", "FW505"]);
    let small = app(|s| {
        s.add(Queue::new("One"));
    });
    assert_eq!(codes(&small), Vec::<&str>::new());
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let a = app(|s| {
        let q = s.add(Queue::new("Jobs").visibility_timeout(Duration::secs(5)));
        s.add(
            function("Bad")
                .memory(Megabytes(20_000))
                .timeout(Duration::secs(1_000))
                .env("AWS_REGION", "x")
                .reserved_concurrency(950)
                .event_source(SqsSource::new(&q).batch_size(50)),
        );
    });
    let report = a.synthesize(&options(TODAY)).report;
    let mut c = report.codes();
    c.sort();
    assert_eq!(c, ["FW101", "FW102", "FW105", "FW202", "FW204", "FW301"]);
    assert_eq!(report.summary(), "6 errors, 0 warnings");
    let text = report.to_string();
    assert!(text.contains("error[FW101]: memory of `Bad` is 20000 MB; Lambda accepts 128 to 10240 MB\n  --> stack test / function Bad / memory\n   = help: set memory to 10240 MB (Lambda accepts 128 to 10240 MB)\n"), "{text}");
}

// ---- hand-written templates: the same rules on templates formwork did not write ----

fn hand_template(dlq_target: Value, statement: Value) -> Template {
    let mut t = Template::new();
    t.parameters.insert("Bucket".into(), Parameter::string("code"));
    t.resources.insert("Dlq".into(), Resource::new("AWS::SQS::Queue"));
    t.resources.insert("Alerts".into(), Resource::new("AWS::SNS::Topic"));
    t.resources.insert(
        "Role".into(),
        Resource::new("AWS::IAM::Role")
            .property(
                "AssumeRolePolicyDocument",
                formwork_iam::PolicyDocument::new(vec![formwork_iam::Statement::assume_role_by_service(
                    "lambda.amazonaws.com",
                )])
                .to_value(),
            )
            .property(
                "Policies",
                Value::List(vec![Value::map([
                    ("PolicyName", Value::from("hand")),
                    (
                        "PolicyDocument",
                        Value::map([("Statement", Value::List(vec![statement, dlq_statements()]))]),
                    ),
                ])]),
            ),
    );
    t.resources.insert(
        "Fn".into(),
        Resource::new("AWS::Lambda::Function")
            .property("Runtime", "python3.12")
            .property("Handler", "app.handler")
            .property("Role", Value::get_att("Role", "Arn"))
            .property("Code", Value::map([("S3Bucket", Value::ref_("Bucket")), ("S3Key", "k.zip".into())]))
            .property("DeadLetterConfig", Value::map([("TargetArn", dlq_target)])),
    );
    t
}

/// What the role needs for either dead-letter target of the hand-written function.
fn dlq_statements() -> Value {
    Value::map([
        ("Effect", "Allow".into()),
        ("Action", Value::List(vec!["sqs:SendMessage".into(), "sns:Publish".into()])),
        ("Resource", Value::List(vec![Value::get_att("Dlq", "Arn"), Value::ref_("Alerts")])),
    ])
}

fn allow(action: &str, resource: Value) -> Value {
    Value::map([("Effect", "Allow".into()), ("Action", action.into()), ("Resource", resource)])
}

#[test]
fn dlq_given_as_queue_url_is_caught_in_hand_written_templates() {
    let good = allow("sqs:SendMessage", Value::get_att("Dlq", "Arn"));
    assert_eq!(
        template_codes(&hand_template(Value::get_att("Dlq", "Arn"), good.clone())),
        Vec::<&str>::new()
    );
    assert_eq!(template_codes(&hand_template(Value::ref_("Alerts"), good.clone())), Vec::<&str>::new());
    assert_eq!(
        template_codes(&hand_template("arn:aws:sqs:us-east-1:123456789012:dlq".into(), good.clone())),
        Vec::<&str>::new()
    );
    assert_eq!(template_codes(&hand_template(Value::ref_("Dlq"), good.clone())), ["FW201"]);
    assert_eq!(
        template_codes(&hand_template("https://sqs.us-east-1.amazonaws.com/1/dlq".into(), good.clone())),
        ["FW201"]
    );
    assert_eq!(template_codes(&hand_template(Value::get_att("Role", "Arn"), good)), ["FW201"]);
}

#[test]
fn wildcards_in_policies() {
    let dlq = || Value::get_att("Dlq", "Arn");
    assert_eq!(template_codes(&hand_template(dlq(), allow("sqs:*", dlq()))), ["FW401"]);
    assert_eq!(template_codes(&hand_template(dlq(), allow("sqs:SendMessage", "*".into()))), ["FW402"]);
    assert_eq!(
        template_codes(&hand_template(dlq(), allow("xray:PutTraceSegments", "*".into()))),
        Vec::<&str>::new()
    );
    assert_eq!(template_codes(&hand_template(dlq(), allow("*", "*".into()))), ["FW401", "FW402", "FW407"]);
}

#[test]
fn unknown_runtime_and_dangling_references_in_hand_written_templates() {
    let mut t =
        hand_template(Value::get_att("Dlq", "Arn"), allow("sqs:SendMessage", Value::get_att("Dlq", "Arn")));
    let f = t.resources.get_mut("Fn").unwrap();
    f.properties.insert("Runtime".into(), "python9.9".into());
    f.properties.insert(
        "Environment".into(),
        Value::map([("Variables", Value::map([("QUEUE", Value::ref_("Missing"))]))]),
    );
    let input = StackInput::new("hand", &t);
    let found = validate(&[input], &Settings::new(today()).account_concurrency(1_000));
    let summary: Vec<(&str, &str)> = found.iter().map(|f| (f.code, f.path.as_str())).collect();
    assert_eq!(
        summary,
        [
            ("FW503", "stack hand: Resources/Fn/Properties/Environment"),
            ("FW111", "stack hand: Resources/Fn/Properties/Runtime"),
        ]
    );
    // a runtime AWS retired long ago is blocked, not unknown
    t.resources.get_mut("Fn").unwrap().properties.insert("Runtime".into(), "python2.7".into());
    t.resources.get_mut("Fn").unwrap().properties.shift_remove("Environment");
    assert_eq!(template_codes(&t), ["FW110"]);
}

#[test]
fn handles_across_stacks_become_exports_and_imports() {
    let mut a = App::new("shop").root(env!("CARGO_MANIFEST_DIR"));
    let table = a.stack("data").add(Table::new("Orders", Key::new("id", AttributeType::String)));
    a.stack("workers").add(function("Reader").env("TABLE", table.name()).grant(table.read_data()));
    let out = a.synthesize(&options(TODAY));
    assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    let data = &out.expanded[0];
    let workers = &out.expanded[1];
    assert_eq!(workers.depends_on(), ["data"]);
    let outputs: Vec<(&str, Option<&Value>)> =
        data.template.outputs.iter().map(|(k, o)| (k.as_str(), o.export_name.as_ref())).collect();
    assert_eq!(
        outputs,
        [
            ("OrdersName", Some(&Value::from("shop-data-Orders-Name"))),
            ("OrdersArn", Some(&Value::from("shop-data-Orders-Arn"))),
        ]
    );
    let yaml = &out.templates[1].text;
    assert!(yaml.contains("TABLE: !ImportValue shop-data-Orders-Name\n"), "{yaml}");
    assert!(yaml.contains("- !ImportValue shop-data-Orders-Arn\n"), "{yaml}");
}

#[test]
fn stacks_importing_from_each_other_are_a_cycle() {
    let mut a = App::new("loop").root(env!("CARGO_MANIFEST_DIR"));
    let qa = a.stack("a").add(Queue::new("QA"));
    let qb = a.stack("b").add(Queue::new("QB"));
    a.stack("a").add(function("FA").grant(qb.send()));
    a.stack("b").add(function("FB").grant(qa.send()));
    let found = findings(&a);
    assert_eq!(found.iter().map(|f| f.code).collect::<Vec<_>>(), ["FW507"]);
    assert_eq!(found[0].message, "stacks import from each other in a cycle: a → b → a");
}

#[test]
fn inline_code_needs_python_or_nodejs_and_fits_4096_characters() {
    let inline =
        |id: &str, runtime, source: String| Function::new(id, runtime, "index.handler", Code::inline(source));
    let a = app(|s| {
        s.add(inline("Small", Runtime::Python312, "def handler(e, c):\n    return 1\n".into()));
        s.add(inline("Node", Runtime::Nodejs24, "exports.handler = async () => 1;".into()));
        s.add(inline("Big", Runtime::Python312, "#".repeat(4_097)));
        s.add(inline("Java", Runtime::Java21, "class X {}".into()));
    });
    let found = findings(&a);
    let hits: Vec<(&str, &str)> = found.iter().map(|f| (f.code, f.resource.as_deref().unwrap())).collect();
    assert_eq!(hits, [("FW114", "Big"), ("FW114", "Java")]);
    let sam = a.synthesize(&options(TODAY).target(Target::Sam)).templates[0].text.clone();
    assert!(sam.contains("      InlineCode: |\n        def handler(e, c):\n            return 1\n"), "{sam}");
}

#[test]
fn policies_are_checked_against_the_action_catalog() {
    let dlq = || Value::get_att("Dlq", "Arn");
    let codes_for = |st: Value| template_codes(&hand_template(dlq(), st));
    // quiet on a right one
    assert_eq!(codes_for(allow("sqs:SendMessage", dlq())), Vec::<&str>::new());
    // a misspelt action
    assert_eq!(codes_for(allow("sqs:SendMesage", dlq())), ["FW403"]);
    // an action on a resource type it cannot act on: a queue action on a topic, and on a URL
    assert_eq!(codes_for(allow("sqs:SendMessage", Value::ref_("Alerts"))), ["FW404"]);
    assert_eq!(codes_for(allow("sqs:SendMessage", Value::ref_("Dlq"))), ["FW404"]);
    // a resource none of the statement's actions acts on
    let two = Value::map([
        ("Effect", "Allow".into()),
        ("Action", "sqs:SendMessage".into()),
        ("Resource", Value::List(vec![dlq(), Value::ref_("Alerts")])),
    ]);
    assert_eq!(codes_for(two), ["FW405"]);
    // Allow with NotAction
    let not_action =
        Value::map([("Effect", "Allow".into()), ("NotAction", "iam:*".into()), ("Resource", dlq())]);
    assert_eq!(codes_for(not_action), ["FW406"]);
    // iam:PassRole on any role
    // on any role, and to any service (no iam:PassedToService condition)
    assert_eq!(codes_for(allow("iam:PassRole", "*".into())), ["FW402", "FW407", "FW407"]);
}

#[test]
fn an_action_that_fits_no_resource_is_an_error_alone_and_a_warning_beside_ones_that_fit() {
    let severities = |st: Value| {
        let template = hand_template(Value::get_att("Dlq", "Arn"), st);
        let input = StackInput::new("hand", &template);
        let settings = Settings::new(today()).account_concurrency(1_000);
        validate(&[input], &settings).iter().map(|f| (f.code, f.severity)).collect::<Vec<_>>()
    };
    let with = |actions: &[&str]| {
        Value::map([
            ("Effect", "Allow".into()),
            ("Action", Value::List(actions.iter().map(|a| Value::from(*a)).collect())),
            ("Resource", "arn:aws:dynamodb:us-east-1:123456789012:table/Orders".into()),
        ])
    };
    // A queue action beside a table action on a table: dead weight.
    assert_eq!(severities(with(&["dynamodb:GetItem", "sqs:SendMessage"])), [("FW404", Severity::Warning)]);
    // Only a queue action on the table, and no other statement grants anything on it:
    // a broken grant.
    assert_eq!(severities(with(&["sqs:SendMessage"])), [("FW404", Severity::Error)]);
    // A queue action on the queue the role's other statement already sends to: dead weight.
    let on_dlq = Value::map([
        ("Effect", "Allow".into()),
        ("Action", "sns:Publish".into()),
        ("Resource", Value::get_att("Dlq", "Arn")),
    ]);
    assert_eq!(severities(on_dlq), [("FW404", Severity::Warning)]);
}

#[test]
fn a_role_s_inline_policies_have_a_size_limit() {
    let many: Vec<Value> =
        (0..400).map(|i| format!("arn:aws:sqs:us-east-1:123456789012:queue-number-{i}").into()).collect();
    let big = Value::map([
        ("Effect", "Allow".into()),
        ("Action", "sqs:SendMessage".into()),
        ("Resource", Value::List(many)),
    ]);
    assert_eq!(template_codes(&hand_template(Value::get_att("Dlq", "Arn"), big)), ["FW408"]);
}

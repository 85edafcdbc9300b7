//! Every rule of the catalog fires on a bad case and stays quiet on its near miss.
//!
//! `CASES` maps each code to a pair of cases; the test runs both and asserts that the
//! code is among the firing case's findings and not among the quiet one's. A rule in
//! `catalog::ALL` without an entry fails the test, naming the code. To add a rule: add a
//! line `("FWnnn", fires, quiet)` to `CASES`, usually a change of one property of the
//! base template (`Case::Template`) or a small app (`Case::App`).

use formwork::expand::{expand, package_assets, AssetRef, AssetRefs};
use formwork::prelude::*;
use formwork::validate::{catalog, validate_template, Finding, Report, Settings, Severity};
use formwork::CodeOutsideRoot;
use formwork_template::{Resource, Template, Value};

use crate::support::{self, function, set, template_codes};

/// A way to produce findings: a change to the base template, validated without a
/// source map, or an app, synthesized.
#[derive(Clone, Copy)]
enum Case {
    /// Changes [`base`]'s expanded template, then validates it.
    Template(fn(&mut Template)),
    /// Synthesizes this app.
    App(fn() -> App),
    /// Validates this hand-written template (plain CloudFormation or SAM).
    Hand(fn() -> Template),
    /// Any other way to the codes found.
    Codes(fn() -> Vec<&'static str>),
}

impl Case {
    fn codes(self) -> Vec<&'static str> {
        match self {
            Case::Template(change) => {
                let mut t = support::template(&base());
                change(&mut t);
                template_codes(&t)
            }
            Case::App(app) => support::codes(&app()),
            Case::Hand(template) => {
                let settings = Settings::new(Date::parse(support::TODAY).unwrap());
                validate_template("hand", &template(), &settings).codes()
            }
            Case::Codes(codes) => codes(),
        }
    }
}

/// The base with the queue's visibility timeout changed.
fn with_visibility(secs: u64) -> App {
    support::app(|s| {
        let failed = s.add(Queue::new("Failed").retention(Duration::days(14)));
        let jobs =
            s.add(Queue::new("Jobs").visibility_timeout(Duration::secs(secs)).dead_letter_queue(&failed, 5));
        s.add(
            function("Worker")
                .timeout(Duration::secs(30))
                .dead_letter_queue(&failed)
                .event_source(SqsSource::new(&jobs).batch_size(10)),
        );
    })
}

/// The base: a function with an SQS source and a dead-letter queue, free of findings.
fn base() -> App {
    support::app(|s| {
        let failed = s.add(Queue::new("Failed").retention(Duration::days(14)));
        let jobs =
            s.add(Queue::new("Jobs").visibility_timeout(Duration::secs(180)).dead_letter_queue(&failed, 5));
        s.add(
            function("Worker")
                .timeout(Duration::secs(30))
                .dead_letter_queue(&failed)
                .event_source(SqsSource::new(&jobs).batch_size(10)),
        );
    })
}

/// Adds a resource to the template.
fn add(t: &mut Template, id: &str, resource: Resource) {
    t.resources.insert(id.to_string(), resource);
}

/// A function URL of the base's function with this auth type.
fn url(t: &mut Template, auth: &str) {
    add(
        t,
        "WorkerUrl",
        Resource::new("AWS::Lambda::Url")
            .property("TargetFunctionArn", Value::get_att("Worker", "Arn"))
            .property("AuthType", auth),
    );
}

/// An SNS permission to invoke the base's function, limited to a topic or not.
fn sns_permission(t: &mut Template, source: Option<Value>) {
    let mut permission = Resource::new("AWS::Lambda::Permission")
        .property("Action", "lambda:InvokeFunction")
        .property("FunctionName", Value::ref_("Worker"))
        .property("Principal", "sns.amazonaws.com");
    if let Some(source) = source {
        permission = permission.property("SourceArn", source);
    }
    add(t, "WorkerFromSns", permission);
    add(t, "Topic", Resource::new("AWS::SNS::Topic"));
}

/// `n` layer ARNs.
fn layers(n: usize) -> Value {
    Value::List(
        (0..n).map(|i| Value::from(format!("arn:aws:lambda:us-east-1:123456789012:layer:l{i}:1"))).collect(),
    )
}

/// Removes a property of a resource.
fn unset(t: &mut Template, id: &str, property: &str) {
    t.resources.get_mut(id).expect("the resource").properties.shift_remove(property);
}

/// A managed policy with one statement allowing `action` on `resource`.
fn policy(t: &mut Template, statement: Value) {
    let document =
        Value::map([("Version", Value::from("2012-10-17")), ("Statement", Value::List(vec![statement]))]);
    add(
        t,
        "Extra",
        Resource::new("AWS::IAM::ManagedPolicy")
            .property("PolicyDocument", document)
            .property("Roles", Value::List(vec![Value::ref_("WorkerRole")])),
    );
}

/// An `Allow` statement.
fn allow(actions: &[&str], resources: Vec<Value>) -> Value {
    Value::map([
        ("Effect", Value::from("Allow")),
        ("Action", Value::List(actions.iter().map(|a| Value::from(*a)).collect())),
        ("Resource", Value::List(resources)),
    ])
}

const QUEUE_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:q";
const TABLE_ARN: &str = "arn:aws:dynamodb:us-east-1:123456789012:table/t";

/// A Kinesis stream read by the base's function, with these mapping properties.
fn kinesis(t: &mut Template, settings: &[(&str, Value)]) {
    add(t, "S", Resource::new("AWS::Kinesis::Stream").property("ShardCount", 1));
    let mut mapping = Resource::new("AWS::Lambda::EventSourceMapping")
        .property("FunctionName", Value::ref_("Worker"))
        .property("EventSourceArn", Value::get_att("S", "Arn"));
    for (k, v) in settings {
        mapping = mapping.property(*k, v.clone());
    }
    add(t, "WorkerS", mapping);
}

/// `n` filters on the base's SQS mapping.
fn filters(n: usize) -> Value {
    let filter = Value::map([("Pattern", Value::from("{\"body\": [\"x\"]}"))]);
    Value::map([("Filters", Value::List(vec![filter; n]))])
}

/// A table, with a stream or not, read by the base's function through its stream.
fn table_stream(t: &mut Template, stream: bool) {
    let mut table = Resource::new("AWS::DynamoDB::Table")
        .property("BillingMode", "PAY_PER_REQUEST")
        .property(
            "KeySchema",
            Value::List(vec![Value::map([
                ("AttributeName", Value::from("id")),
                ("KeyType", Value::from("HASH")),
            ])]),
        )
        .property(
            "AttributeDefinitions",
            Value::List(vec![Value::map([
                ("AttributeName", Value::from("id")),
                ("AttributeType", Value::from("S")),
            ])]),
        );
    if stream {
        table =
            table.property("StreamSpecification", Value::map([("StreamViewType", Value::from("NEW_IMAGE"))]));
    }
    add(t, "T", table);
    add(
        t,
        "WorkerT",
        Resource::new("AWS::Lambda::EventSourceMapping")
            .property("FunctionName", Value::ref_("Worker"))
            .property("EventSourceArn", Value::get_att("T", "StreamArn"))
            .property("StartingPosition", "LATEST"),
    );
}

/// A bucket notifying the base's function, waiting for the permission or not.
fn bucket_notifying(t: &mut Template, waits: bool) {
    add(
        t,
        "P",
        Resource::new("AWS::Lambda::Permission")
            .property("Action", "lambda:InvokeFunction")
            .property("FunctionName", Value::ref_("Worker"))
            .property("Principal", "s3.amazonaws.com")
            .property("SourceAccount", Value::ref_("AWS::AccountId")),
    );
    let lambda = Value::map([
        ("Event", Value::from("s3:ObjectCreated:*")),
        ("Function", Value::get_att("Worker", "Arn")),
    ]);
    let mut bucket = Resource::new("AWS::S3::Bucket").property(
        "NotificationConfiguration",
        Value::map([("LambdaConfigurations", Value::List(vec![lambda]))]),
    );
    if waits {
        bucket.depends_on.push("P".into());
    }
    add(t, "B", bucket);
}

/// `n` more queues.
fn queues(t: &mut Template, n: usize) {
    for i in 0..n {
        add(t, &format!("Q{i}"), Resource::new("AWS::SQS::Queue"));
    }
}

/// An app whose stack `a` has a function with a DLQ in stack `b`, and, when `cycle`,
/// the other way round too.
fn two_stacks(cycle: bool) -> App {
    let mut app = App::new("test").root(env!("CARGO_MANIFEST_DIR"));
    let qa = app.stack("a").add(Queue::new("Qa"));
    let qb = app.stack("b").add(Queue::new("Qb"));
    app.stack("a").add(function("Fa").dead_letter_queue(&qb));
    if cycle {
        app.stack("b").add(function("Fb").dead_letter_queue(&qa));
    }
    app
}

/// A SAM function with a dead-letter queue of this `Type`.
fn sam_dlq(kind: &str) -> Template {
    let mut t = Template::new();
    t.transform = Some("AWS::Serverless-2016-10-31".into());
    t.resources.insert("Q".into(), Resource::new("AWS::SQS::Queue"));
    t.resources.insert(
        "F".into(),
        Resource::new("AWS::Serverless::Function")
            .property("Runtime", "python3.13")
            .property("Handler", "app.handler")
            .property("CodeUri", "src/")
            .property(
                "DeadLetterQueue",
                Value::map([("Type", Value::from(kind)), ("TargetArn", Value::get_att("Q", "Arn"))]),
            ),
    );
    t
}

/// The codes the expansion finds when the function's code zips to `zipped` bytes.
fn code_size(zipped: u64) -> Vec<&'static str> {
    let app = one(function("F"));
    let (refs, _) = package_assets(&app);
    let mut measured = AssetRefs::new();
    for (dir, r) in refs {
        let AssetRef::Measured { file_name, sha256, unzipped_bytes, .. } = r else { panic!("{r:?}") };
        measured.insert(dir, AssetRef::Measured { file_name, sha256, zipped_bytes: zipped, unzipped_bytes });
    }
    expand(&app, &measured)[0].findings.iter().map(|f| f.code).collect()
}

/// An on-failure destination of the base's function.
fn on_failure(t: &mut Template, destination: Value) {
    let config = Value::map([("OnFailure", Value::map([("Destination", destination)]))]);
    add(
        t,
        "WorkerEventInvokeConfig",
        Resource::new("AWS::Lambda::EventInvokeConfig")
            .property("FunctionName", Value::ref_("Worker"))
            .property("Qualifier", "$LATEST")
            .property("DestinationConfig", config),
    );
}

/// A function notified by a bucket of its own stack, or of another.
fn bucket_source(same_stack: bool) -> App {
    let mut app = App::new("test").root(env!("CARGO_MANIFEST_DIR"));
    let bucket = app.stack(if same_stack { "compute" } else { "data" }).add(Bucket::new("Uploads"));
    let failed = app.stack("compute").add(Queue::new("Failed"));
    app.stack("compute").add(function("Resize").on_failure(&failed).event_source(S3Source::new(&bucket)));
    app
}

/// A function behind a route of an API of its own stack, or of another.
fn api_route(same_stack: bool) -> App {
    let mut app = App::new("test").root(env!("CARGO_MANIFEST_DIR"));
    let api = app.stack(if same_stack { "compute" } else { "edge" }).add(RestApi::new("Shop"));
    app.stack("compute").add(function("Orders").event_source(ApiRoute::rest(&api, Method::Get, "/orders")));
    app
}

/// An app of one function.
fn one(function: Function) -> App {
    support::app(|s| {
        s.add(function);
    })
}

/// Removes `action` from every statement of the role's inline policy.
fn revoke(t: &mut Template, role: &str, action: &str) {
    let role = t.resources.get_mut(role).expect("the role");
    let Some(Value::List(policies)) = role.properties.get_mut("Policies") else { panic!("no policies") };
    for policy in policies {
        let Value::Map(policy) = policy else { continue };
        let Some(Value::Map(document)) = policy.get_mut("PolicyDocument") else { continue };
        let Some(Value::List(statements)) = document.get_mut("Statement") else { continue };
        for statement in statements.iter_mut() {
            let Value::Map(statement) = statement else { continue };
            if let Some(Value::List(actions)) = statement.get_mut("Action") {
                actions.retain(|a| a.as_str() != Some(action));
            }
        }
        statements.retain(|s| s.get("Action").and_then(Value::as_list).is_none_or(|a| !a.is_empty()));
    }
}

/// A function with this value in its environment variable `PAYMENT_KEY`.
fn payment_key(value: &str) -> App {
    one(function("F").env("PAYMENT_KEY", value))
}

/// A function granted reading a queue through a handle of a table, or consuming it
/// through a handle of a queue.
fn queue_handle(as_table: bool) -> App {
    support::app(|s| {
        s.add(Queue::new("Jobs"));
        if as_table {
            let jobs = s.table_ref("Jobs");
            s.add(function("Reader").grant(jobs.read_data()));
        } else {
            let jobs = s.queue_ref("Jobs");
            s.add(function("Reader").grant(jobs.consume()));
        }
    })
}

/// A function reading the stream of an existing table, whose stream ARN is given or not.
fn existing_stream(given: bool) -> App {
    support::app(|s| {
        let mut orders = Table::from_name("Orders");
        if given {
            orders = orders.stream_arn(
                "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2026-01-01T00:00:00.000",
            );
        }
        let orders = s.add(orders);
        s.add(function("Worker").event_source(StreamSource::dynamodb(&orders, StartingPosition::Latest)));
    })
}

/// A function overriding a property of its derived resource called `derived`.
fn override_derived(derived: &str) -> App {
    one(function("F").override_resource(derived, "Properties.MaxSessionDuration", Value::from(7200)))
}

/// A raw SSM parameter of this resource type.
fn raw_parameter(resource_type: &str) -> App {
    support::app(|s| {
        let value = Value::map([("Type", Value::from("String")), ("Value", Value::from("on"))]);
        s.resource("Flag", resource_type, value);
    })
}

/// A function whose code folder climbs out of the app's root, refused or allowed.
fn code_outside(access: CodeOutsideRoot) -> App {
    let mut app = App::new("test").root(env!("CARGO_MANIFEST_DIR")).code_outside_root(access);
    app.stack("test").add(Function::new(
        "F",
        Runtime::Python313,
        "app.handler",
        Code::dir("../../crates/formwork/tests/fixtures/handler"),
    ));
    app
}

/// An app of one function in a stack of this name.
fn stack_named(name: &str) -> App {
    let mut app = App::new("test").root(env!("CARGO_MANIFEST_DIR"));
    app.stack(name).add(function("F"));
    app
}

/// The codes of a report of `n` warnings.
fn report_of(n: usize) -> Vec<&'static str> {
    let warning = catalog::ALL.iter().find(|r| r.code == "FW203").expect("FW203");
    Report::new((0..n).map(|i| Finding::global(warning, format!("finding {i}"), String::new())).collect())
        .codes()
}

/// An app of one Rust function (`Code::rust`) on this runtime and handler.
fn rust_function(runtime: Runtime, handler: &str) -> App {
    one(Function::new("Api", runtime, handler, Code::rust("api-handler")))
}

/// The codes the expansion finds, with the app's Rust crates built (as packaged
/// stand-ins, so nothing is built) or not.
fn rust_codes(app: &App, built: bool) -> Vec<&'static str> {
    let mut assets = AssetRefs::new();
    if built {
        for (key, ..) in formwork::rust::crates_of(app) {
            let sha256 = "ab".repeat(32);
            assets.insert(key, AssetRef::Packaged { file_name: format!("{sha256}.zip"), sha256 });
        }
    }
    expand(app, &assets).iter().flat_map(|e| e.findings.iter().map(|f| f.code)).collect()
}

/// Each rule's firing case and its quiet near miss.
const CASES: &[(&str, Case, Case)] = &[
    (
        "FW101",
        Case::Template(|t| set(t, "Worker", "MemorySize", Value::from(10_241))),
        Case::Template(|t| set(t, "Worker", "MemorySize", Value::from(10_240))),
    ),
    (
        "FW102",
        Case::Template(|t| set(t, "Worker", "Timeout", Value::from(901))),
        Case::Template(|t| set(t, "Worker", "Timeout", Value::from(900))),
    ),
    (
        "FW103",
        Case::Template(|t| set(t, "Worker", "EphemeralStorage", Value::map([("Size", Value::from(511))]))),
        Case::Template(|t| set(t, "Worker", "EphemeralStorage", Value::map([("Size", Value::from(512))]))),
    ),
    (
        "FW104",
        Case::App(|| one(function("F").env("1BAD", "x"))),
        Case::App(|| one(function("F").env("GOOD_1", "x"))),
    ),
    (
        "FW105",
        Case::App(|| one(function("F").env("AWS_REGION", "x"))),
        Case::App(|| one(function("F").env("MY_REGION", "x"))),
    ),
    (
        "FW106",
        Case::App(|| one(function("F").env("BIG", "x".repeat(4_094)))),
        Case::App(|| one(function("F").env("BIG", "x".repeat(4_093)))),
    ),
    (
        "FW108",
        Case::Template(|t| set(t, "Worker", "Handler", Value::from("app. handler"))),
        Case::Template(|t| set(t, "Worker", "Handler", Value::from("app.handler"))),
    ),
    (
        "FW109",
        Case::Template(|t| set(t, "Worker", "Runtime", Value::from("python3.10"))),
        Case::Template(|t| set(t, "Worker", "Runtime", Value::from("python3.12"))),
    ),
    (
        "FW110",
        Case::Template(|t| set(t, "Worker", "Runtime", Value::from("go1.x"))),
        Case::Template(|t| set(t, "Worker", "Runtime", Value::from("python3.13"))),
    ),
    (
        "FW111",
        Case::Template(|t| set(t, "Worker", "Runtime", Value::from("python2.8"))),
        Case::Template(|t| set(t, "Worker", "Runtime", Value::from("python3.14"))),
    ),
    (
        "FW112",
        Case::Template(|t| set(t, "Worker", "Description", Value::from("d".repeat(257)))),
        Case::Template(|t| set(t, "Worker", "Description", Value::from("d".repeat(256)))),
    ),
    (
        "FW107",
        Case::Template(|t| set(t, "Worker", "FunctionName", Value::from("worker one"))),
        Case::Template(|t| set(t, "Worker", "FunctionName", Value::from("worker-one"))),
    ),
    (
        "FW113",
        Case::App(|| {
            one(Function::new("F", Runtime::Python313, "app.handler", Code::dir("tests/fixtures/none")))
        }),
        Case::App(|| one(function("F"))),
    ),
    (
        "FW114",
        Case::App(|| {
            one(Function::new("F", Runtime::Python313, "index.handler", Code::inline("#".repeat(4_097))))
        }),
        Case::App(|| {
            one(Function::new("F", Runtime::Python313, "index.handler", Code::inline("#".repeat(4_096))))
        }),
    ),
    (
        "FW115",
        Case::Template(|t| set(t, "Worker", "Layers", layers(6))),
        Case::Template(|t| set(t, "Worker", "Layers", layers(5))),
    ),
    (
        "FW116",
        Case::App(|| {
            support::app(|s| {
                let layer =
                    s.add(Layer::new("Shared", "tests/fixtures").compatible_runtime(Runtime::Python312));
                s.add(function("F").layer(&layer));
            })
        }),
        Case::App(|| {
            support::app(|s| {
                let layer =
                    s.add(Layer::new("Shared", "tests/fixtures").compatible_runtime(Runtime::Python313));
                s.add(function("F").layer(&layer));
            })
        }),
    ),
    (
        "FW117",
        Case::Template(|t| set(t, "Worker", "PackageType", Value::from("Image"))),
        Case::Template(|t| set(t, "Worker", "PackageType", Value::from("Zip"))),
    ),
    (
        "FW118",
        Case::App(|| one(function("F").reserved_concurrency(5).alias("live").provisioned_concurrency(6))),
        Case::App(|| one(function("F").reserved_concurrency(5).alias("live").provisioned_concurrency(5))),
    ),
    (
        "FW120",
        Case::Template(|t| {
            set(t, "Worker", "Runtime", Value::from("nodejs22.x"));
            set(t, "Worker", "SnapStart", Value::map([("ApplyOn", Value::from("PublishedVersions"))]));
        }),
        Case::Template(|t| {
            set(t, "Worker", "Runtime", Value::from("java21"));
            set(t, "Worker", "SnapStart", Value::map([("ApplyOn", Value::from("PublishedVersions"))]));
        }),
    ),
    (
        "FW121",
        Case::Template(|t| {
            let config = [("LogFormat", Value::from("Text")), ("ApplicationLogLevel", Value::from("INFO"))];
            set(t, "Worker", "LoggingConfig", Value::map(config));
        }),
        Case::Template(|t| {
            let config = [("LogFormat", Value::from("JSON")), ("ApplicationLogLevel", Value::from("INFO"))];
            set(t, "Worker", "LoggingConfig", Value::map(config));
        }),
    ),
    ("FW122", Case::Template(|t| url(t, "NONE")), Case::Template(|t| url(t, "AWS_IAM"))),
    (
        "FW123",
        Case::Template(|t| {
            let vpc =
                [("SubnetIds", Value::List(vec![])), ("SecurityGroupIds", Value::List(vec!["sg-1".into()]))];
            set(t, "Worker", "VpcConfig", Value::map(vpc));
        }),
        Case::Template(|t| {
            let vpc = [
                ("SubnetIds", Value::List(vec!["subnet-1".into()])),
                ("SecurityGroupIds", Value::List(vec!["sg-1".into()])),
            ];
            set(t, "Worker", "VpcConfig", Value::map(vpc));
        }),
    ),
    (
        "FW124",
        Case::Template(|t| sns_permission(t, None)),
        Case::Template(|t| sns_permission(t, Some(Value::ref_("Topic")))),
    ),
    ("FW119", Case::Codes(|| code_size(50 * 1024 * 1024 + 1)), Case::Codes(|| code_size(50 * 1024 * 1024))),
    (
        "FW201",
        Case::Template(|t| {
            set(t, "Worker", "DeadLetterConfig", Value::map([("TargetArn", Value::ref_("Failed"))]))
        }),
        Case::Template(|t| {
            set(t, "Worker", "DeadLetterConfig", Value::map([("TargetArn", Value::get_att("Failed", "Arn"))]))
        }),
    ),
    (
        "FW202",
        Case::Template(|t| set(t, "Jobs", "VisibilityTimeout", Value::from(29))),
        Case::Template(|t| set(t, "Jobs", "VisibilityTimeout", Value::from(180))),
    ),
    (
        "FW203",
        Case::Template(|t| set(t, "Jobs", "VisibilityTimeout", Value::from(179))),
        Case::Template(|t| set(t, "Jobs", "VisibilityTimeout", Value::from(180))),
    ),
    (
        "FW204",
        Case::Template(|t| set(t, "WorkerJobs", "BatchSize", Value::from(11))),
        Case::Template(|t| set(t, "WorkerJobs", "BatchSize", Value::from(10))),
    ),
    (
        "FW205",
        Case::Template(|t| {
            set(t, "Jobs", "FifoQueue", Value::from(true));
            set(t, "WorkerJobs", "BatchSize", Value::from(11));
        }),
        Case::Template(|t| set(t, "Jobs", "FifoQueue", Value::from(true))),
    ),
    (
        "FW206",
        Case::Template(|t| {
            set(t, "WorkerJobs", "ScalingConfig", Value::map([("MaximumConcurrency", Value::from(1))]))
        }),
        Case::Template(|t| {
            set(t, "WorkerJobs", "ScalingConfig", Value::map([("MaximumConcurrency", Value::from(2))]))
        }),
    ),
    (
        "FW207",
        Case::Template(|t| set(t, "Jobs", "DelaySeconds", Value::from(901))),
        Case::Template(|t| set(t, "Jobs", "DelaySeconds", Value::from(900))),
    ),
    (
        "FW208",
        Case::Template(|t| {
            let redrive = [
                ("deadLetterTargetArn", Value::get_att("Failed", "Arn")),
                ("maxReceiveCount", Value::from(0)),
            ];
            set(t, "Jobs", "RedrivePolicy", Value::map(redrive));
        }),
        Case::Template(|t| {
            let redrive = [
                ("deadLetterTargetArn", Value::get_att("Failed", "Arn")),
                ("maxReceiveCount", Value::from(1)),
            ];
            set(t, "Jobs", "RedrivePolicy", Value::map(redrive));
        }),
    ),
    (
        "FW209",
        Case::Template(|t| set(t, "Failed", "MessageRetentionPeriod", Value::from(345_600))),
        Case::Template(|t| set(t, "Failed", "MessageRetentionPeriod", Value::from(345_601))),
    ),
    (
        "FW210",
        Case::App(|| one(function("F").retry_attempts(3))),
        Case::App(|| one(function("F").retry_attempts(2))),
    ),
    (
        "FW211",
        Case::Template(|t| {
            unset(t, "Worker", "DeadLetterConfig");
            sns_permission(t, Some(Value::ref_("Topic")));
        }),
        Case::Template(|t| sns_permission(t, Some(Value::ref_("Topic")))),
    ),
    (
        "FW212",
        Case::Template(|t| on_failure(t, Value::ref_("Failed"))),
        Case::Template(|t| on_failure(t, Value::get_att("Failed", "Arn"))),
    ),
    (
        "FW213",
        Case::Template(|t| {
            kinesis(t, &[("StartingPosition", "LATEST".into()), ("ParallelizationFactor", 11.into())]);
        }),
        Case::Template(|t| {
            kinesis(t, &[("StartingPosition", "LATEST".into()), ("ParallelizationFactor", 10.into())]);
        }),
    ),
    (
        "FW214",
        Case::Template(|t| kinesis(t, &[])),
        Case::Template(|t| kinesis(t, &[("StartingPosition", "LATEST".into())])),
    ),
    (
        "FW215",
        Case::Template(|t| set(t, "WorkerJobs", "FilterCriteria", filters(21))),
        Case::Template(|t| set(t, "WorkerJobs", "FilterCriteria", filters(20))),
    ),
    ("FW216", Case::Template(|t| table_stream(t, false)), Case::Template(|t| table_stream(t, true))),
    ("FW217", Case::Template(|t| bucket_notifying(t, false)), Case::Template(|t| bucket_notifying(t, true))),
    ("FW218", Case::App(|| bucket_source(false)), Case::App(|| bucket_source(true))),
    (
        "FW219",
        Case::Template(|t| {
            let filter = Value::map([("Pattern", Value::from("{\"body\": "))]);
            set(t, "WorkerJobs", "FilterCriteria", Value::map([("Filters", Value::List(vec![filter]))]));
        }),
        Case::Template(|t| set(t, "WorkerJobs", "FilterCriteria", filters(1))),
    ),
    ("FW220", Case::App(|| api_route(false)), Case::App(|| api_route(true))),
    (
        "FW221",
        Case::Template(|t| {
            add(
                t,
                "Every",
                Resource::new("AWS::Events::Rule").property("ScheduleExpression", "rate(5 minute)"),
            )
        }),
        Case::Template(|t| {
            add(
                t,
                "Every",
                Resource::new("AWS::Events::Rule").property("ScheduleExpression", "rate(5 minutes)"),
            )
        }),
    ),
    (
        "FW301",
        Case::App(|| one(function("F").reserved_concurrency(901))),
        Case::App(|| one(function("F").reserved_concurrency(900))),
    ),
    (
        "FW401",
        Case::Template(|t| policy(t, allow(&["sqs:*"], vec![QUEUE_ARN.into()]))),
        Case::Template(|t| policy(t, allow(&["sqs:SendMessage"], vec![QUEUE_ARN.into()]))),
    ),
    (
        "FW402",
        Case::Template(|t| policy(t, allow(&["sqs:SendMessage"], vec!["*".into()]))),
        Case::Template(|t| policy(t, allow(&["sqs:SendMessage"], vec![QUEUE_ARN.into()]))),
    ),
    (
        "FW403",
        Case::Template(|t| policy(t, allow(&["sqs:SendMesage"], vec![QUEUE_ARN.into()]))),
        Case::Template(|t| policy(t, allow(&["sqs:SendMessage"], vec![QUEUE_ARN.into()]))),
    ),
    (
        "FW404",
        Case::Template(|t| policy(t, allow(&["sqs:SendMessage"], vec![TABLE_ARN.into()]))),
        Case::Template(|t| policy(t, allow(&["sqs:SendMessage"], vec![QUEUE_ARN.into()]))),
    ),
    (
        "FW405",
        Case::Template(|t| policy(t, allow(&["sqs:SendMessage"], vec![QUEUE_ARN.into(), TABLE_ARN.into()]))),
        Case::Template(|t| policy(t, allow(&["sqs:SendMessage"], vec![QUEUE_ARN.into()]))),
    ),
    (
        "FW406",
        Case::Template(|t| {
            let statement = Value::map([
                ("Effect", Value::from("Allow")),
                ("NotAction", Value::List(vec!["sqs:DeleteQueue".into()])),
                ("Resource", Value::List(vec![QUEUE_ARN.into()])),
            ]);
            policy(t, statement);
        }),
        Case::Template(|t| policy(t, allow(&["sqs:SendMessage"], vec![QUEUE_ARN.into()]))),
    ),
    (
        "FW407",
        Case::Template(|t| policy(t, allow(&["iam:PassRole"], vec!["*".into()]))),
        Case::Template(|t| policy(t, allow(&["iam:GetRole"], vec!["*".into()]))),
    ),
    (
        "FW408",
        Case::Template(|t| {
            let arns = (0..200).map(|i| Value::from(format!("{QUEUE_ARN}{i}"))).collect();
            policy(t, allow(&["sqs:SendMessage"], arns));
        }),
        Case::Template(|t| {
            let arns = (0..20).map(|i| Value::from(format!("{QUEUE_ARN}{i}"))).collect();
            policy(t, allow(&["sqs:SendMessage"], arns));
        }),
    ),
    (
        "FW501",
        Case::Template(|t| add(t, "Bad-Id", Resource::new("AWS::SQS::Queue"))),
        Case::Template(|t| add(t, "GoodId", Resource::new("AWS::SQS::Queue"))),
    ),
    (
        "FW502",
        Case::App(|| {
            support::app(|s| {
                s.add(Queue::new("Same"));
                s.add(Topic::new("Same"));
            })
        }),
        Case::App(|| {
            support::app(|s| {
                s.add(Queue::new("Same"));
                s.add(Topic::new("Other"));
            })
        }),
    ),
    (
        "FW503",
        Case::Template(|t| set(t, "Worker", "Description", Value::ref_("Nothing"))),
        Case::Template(|t| set(t, "Worker", "Description", Value::ref_("Jobs"))),
    ),
    ("FW504", Case::Template(|t| queues(t, 495)), Case::Template(|t| queues(t, 494))),
    (
        "FW505",
        Case::App(|| {
            support::app(|s| {
                for i in 0..14 {
                    s.add(function(&format!("F{i}")).env("BIG", "x".repeat(4_000)));
                }
            })
        }),
        Case::App(|| {
            support::app(|s| {
                for i in 0..2 {
                    s.add(function(&format!("F{i}")).env("BIG", "x".repeat(4_000)));
                }
            })
        }),
    ),
    (
        "FW506",
        Case::App(|| {
            let mut other = App::new("other");
            let queue = other.stack("elsewhere").add(Queue::new("Q"));
            one(function("F").dead_letter_queue(&queue))
        }),
        Case::App(|| {
            support::app(|s| {
                let queue = s.add(Queue::new("Q"));
                s.add(function("F").dead_letter_queue(&queue));
            })
        }),
    ),
    ("FW507", Case::App(|| two_stacks(true)), Case::App(|| two_stacks(false))),
    (
        "FW508",
        Case::App(|| base().suppress(Suppression::rule("FW203", " ").on("Jobs"))),
        Case::App(|| base().suppress(Suppression::rule("FW203", "a reason").on("Jobs"))),
    ),
    (
        "FW509",
        Case::App(|| base().suppress(Suppression::rule("FW203", "a reason").on("Jobs"))),
        Case::App(|| with_visibility(60).suppress(Suppression::rule("FW203", "a reason").on("Jobs"))),
    ),
    (
        "FW510",
        Case::Template(|t| set(t, "Jobs", "Bogus", Value::from(1))),
        Case::Template(|t| set(t, "Jobs", "DelaySeconds", Value::from(1))),
    ),
    (
        "FW511",
        Case::Template(|t| set(t, "Worker", "Description", Value::get_att("Jobs", "Nope"))),
        Case::Template(|t| set(t, "Worker", "Description", Value::get_att("Jobs", "QueueName"))),
    ),
    (
        "FW512",
        Case::Template(|t| {
            t.resources.get_mut("Jobs").unwrap().depends_on.push("Failed".into());
            t.resources.get_mut("Failed").unwrap().depends_on.push("Jobs".into());
        }),
        Case::Template(|t| t.resources.get_mut("Jobs").unwrap().depends_on.push("Failed".into())),
    ),
    (
        "FW513",
        Case::Template(|t| t.description = Some("d".repeat(1_025))),
        Case::Template(|t| t.description = Some("d".repeat(1_024))),
    ),
    (
        "FW560",
        Case::App(|| base().severity("FW2033", Severity::Error)),
        Case::App(|| base().severity("sqs-visibility-recommended", Severity::Error)),
    ),
    (
        "FW601",
        Case::Template(|t| revoke(t, "WorkerRole", "sqs:ReceiveMessage")),
        Case::Template(|t| revoke(t, "WorkerRole", "sqs:GetQueueUrl")),
    ),
    ("FW603", Case::Hand(|| sam_dlq("SNS")), Case::Hand(|| sam_dlq("SQS"))),
    (
        "FW602",
        Case::Template(|t| revoke(t, "WorkerRole", "sqs:SendMessage")),
        Case::Template(|t| revoke(t, "WorkerRole", "sqs:GetQueueUrl")),
    ),
    (
        "FW130",
        Case::App(|| payment_key("sk_live_51Hx0123456789abcdefABCDEF")),
        Case::App(|| payment_key("sk_test_51Hx0123456789abcdefABCDEF")),
    ),
    ("FW520", Case::App(|| queue_handle(true)), Case::App(|| queue_handle(false))),
    ("FW521", Case::App(|| existing_stream(false)), Case::App(|| existing_stream(true))),
    ("FW525", Case::App(|| override_derived("Rol")), Case::App(|| override_derived("Role"))),
    (
        "FW526",
        Case::App(|| raw_parameter("AWS::SSM::Paramter")),
        Case::App(|| raw_parameter("AWS::SSM::Parameter")),
    ),
    (
        "FW135",
        Case::App(|| code_outside(CodeOutsideRoot::Refuse)),
        Case::App(|| code_outside(CodeOutsideRoot::Allow)),
    ),
    ("FW540", Case::App(|| stack_named("dot.ted")), Case::App(|| stack_named("dot-ted"))),
    ("FW541", Case::Codes(|| report_of(10_001)), Case::Codes(|| report_of(10_000))),
    (
        "FW140",
        Case::Codes(|| rust_codes(&rust_function(Runtime::ProvidedAl2023, "bootstrap"), false)),
        Case::Codes(|| rust_codes(&rust_function(Runtime::ProvidedAl2023, "bootstrap"), true)),
    ),
    (
        "FW141",
        Case::Codes(|| rust_codes(&rust_function(Runtime::Python313, "app.handler"), true)),
        Case::Codes(|| rust_codes(&rust_function(Runtime::ProvidedAl2023, "app.handler"), true)),
    ),
];

#[test]
fn the_base_case_has_no_findings() {
    assert_eq!(support::codes(&base()), Vec::<&str>::new());
    assert_eq!(Case::Template(|_| {}).codes(), Vec::<&str>::new());
}

#[test]
fn every_rule_fires_on_its_case_and_stays_quiet_on_its_near_miss() {
    let mut problems = Vec::new();
    for rule in catalog::ALL {
        let entries: Vec<_> = CASES.iter().filter(|(code, _, _)| *code == rule.code).collect();
        match entries.as_slice() {
            [] => problems.push(format!(
                "{} ({}) has no entry in CASES of crates/formwork/tests/it/coverage.rs: add a case that fires it and one that does not",
                rule.code, rule.name
            )),
            [(_, fires, quiet)] => {
                let (fired, quiet) = (fires.codes(), quiet.codes());
                if !fired.contains(&rule.code) {
                    problems.push(format!("{} does not fire on its case (found {fired:?})", rule.code));
                }
                if quiet.contains(&rule.code) {
                    problems.push(format!("{} fires on its quiet case (found {quiet:?})", rule.code));
                }
            }
            _ => problems.push(format!("{} has more than one entry in CASES", rule.code)),
        }
    }
    for (code, _, _) in CASES {
        if catalog::ALL.iter().all(|r| r.code != *code) {
            problems.push(format!("{code} has an entry in CASES but is not in the catalog"));
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

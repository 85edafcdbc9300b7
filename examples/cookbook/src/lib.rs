//! The cookbook: the ten shapes of Lambda app users build most, one function each.
//! `docs/cookbook.md` shows each function's code (from its `pub fn` line to its closing
//! brace) and its synthesized SAM template; a test regenerates the page and fails when
//! it is stale (`UPDATE_COOKBOOK=1 cargo test -p cookbook` rewrites it). Every recipe
//! synthesizes without a finding.
//!
//! `cargo run -p cookbook -- queue-worker synth --target sam` synthesizes one recipe.

use formwork::prelude::*;

/// One recipe of the cookbook.
#[derive(Debug, Clone, Copy)]
pub struct Recipe {
    /// Its name: the anchor in the cookbook and the binary's first argument.
    pub name: &'static str,
    /// Its heading in the cookbook.
    pub title: &'static str,
    /// Its model.
    pub app: fn() -> App,
}

/// Every recipe, in the cookbook's order.
pub const RECIPES: [Recipe; 10] = [
    Recipe { name: "queue-worker", title: "Queue worker", app: queue_worker },
    Recipe { name: "api-table", title: "API and table", app: api_table },
    Recipe { name: "s3-trigger", title: "S3 trigger", app: s3_trigger },
    Recipe { name: "sns-fan-out", title: "SNS fan-out", app: sns_fan_out },
    Recipe { name: "schedule", title: "Schedule", app: schedule },
    Recipe { name: "stream-consumer", title: "Stream consumer", app: stream_consumer },
    Recipe {
        name: "async-destinations",
        title: "Async invocation with destinations",
        app: async_destinations,
    },
    Recipe { name: "secrets", title: "Secrets, parameters and keys", app: secrets },
    Recipe { name: "existing-resources", title: "Resources the app does not own", app: existing_resources },
    Recipe { name: "multi-stack", title: "Several stacks", app: multi_stack },
];

/// The model of the recipe of that name.
pub fn recipe(name: &str) -> Option<App> {
    RECIPES.iter().find(|r| r.name == name).map(|r| (r.app)())
}

/// Work arrives on an SQS queue and a function handles it in batches: the shape for
/// anything that may be slow, bursty or retried. Lambda polls the queue with the
/// function's role, which gets exactly the actions polling needs, on that queue only.
/// The queue's visibility timeout is 6 × the function's timeout (AWS's advice, rule
/// FW203); a message that fails five times moves to the dead-letter queue; reporting
/// batch item failures retries only the failed messages of a batch; reserved
/// concurrency caps what the worker can do to the table.
pub fn queue_worker() -> App {
    let mut app = App::new("queue-worker").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("queue-worker");
    let jobs_table = stack.add(Table::new("Jobs", Key::new("id", AttributeType::String)));
    let failed = stack.add(Queue::new("FailedJobs").retention(Duration::days(14)));
    let jobs = stack
        .add(Queue::new("JobQueue").visibility_timeout(Duration::secs(180)).dead_letter_queue(&failed, 5));
    stack.add(
        Function::new("Worker", Runtime::Python313, "app.handler", Code::dir("functions/worker"))
            .timeout(Duration::secs(30))
            .reserved_concurrency(10)
            .env("TABLE_NAME", jobs_table.name())
            .event_source(SqsSource::new(&jobs).batch_size(10).report_batch_item_failures())
            .grant(jobs_table.write_data()),
    );
    app
}

/// An HTTP API in front of a function that reads and writes a DynamoDB table: the shape
/// of most CRUD services. Each route is its own event source, and the permission API
/// Gateway gets names that API, method and path only. An HTTP API is cheaper and faster
/// than a REST API; use `RestApi` and `ApiRoute::rest` when you need REST-only features.
pub fn api_table() -> App {
    let mut app = App::new("api-table").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("api-table");
    let orders = stack.add(Table::new("Orders", Key::new("id", AttributeType::String)));
    let api = stack.add(HttpApi::new("OrdersApi").description("The orders service"));
    stack.add(
        Function::new("OrderService", Runtime::Python313, "app.handler", Code::dir("functions/orders"))
            .memory(Megabytes(256))
            .timeout(Duration::secs(10))
            .reserved_concurrency(20)
            .env("TABLE_NAME", orders.name())
            .event_source(ApiRoute::http(&api, Method::Get, "/orders/{id}"))
            .event_source(ApiRoute::http(&api, Method::Post, "/orders"))
            .grant(orders.read_write_data()),
    );
    app
}

/// A function that runs when objects land in a bucket: image thumbnails, file imports,
/// virus scans. S3 invokes the function asynchronously, allowed by a permission scoped
/// to the bucket; the prefix and suffix filters keep the function from seeing its own
/// output or unrelated files. The function reads from one bucket and writes to another:
/// writing into the bucket that triggers it would invoke it again, forever.
pub fn s3_trigger() -> App {
    let mut app = App::new("s3-trigger").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("s3-trigger");
    let uploads = stack.add(Bucket::new("Uploads").expire_objects_after(Duration::days(30)));
    let thumbnails = stack.add(Bucket::new("Thumbnails"));
    let failed = stack.add(Queue::new("FailedUploads").retention(Duration::days(14)));
    stack.add(
        Function::new("MakeThumbnail", Runtime::Python313, "app.handler", Code::dir("functions/thumbnails"))
            .memory(Megabytes(1024))
            .timeout(Duration::secs(60))
            .reserved_concurrency(10)
            .env("THUMBNAILS_BUCKET", thumbnails.name())
            .event_source(S3Source::new(&uploads).prefix("images/").suffix(".jpg"))
            .dead_letter_queue(&failed)
            .grant(uploads.read_objects())
            .grant(thumbnails.write_objects()),
    );
    app
}

/// One event, several independent consumers: an SNS topic with a function subscribed
/// per concern, each with its own filter policy, role and dead-letter queue. Adding a
/// consumer changes nothing for the others. The publisher needs only `publish()` on the
/// topic.
pub fn sns_fan_out() -> App {
    let mut app = App::new("sns-fan-out").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("sns-fan-out");
    let orders = stack.add(Topic::new("OrderEvents"));
    let failed = stack.add(Queue::new("FailedOrderEvents").retention(Duration::days(14)));
    stack.add(
        Function::new("Billing", Runtime::Python313, "app.handler", Code::dir("functions/billing"))
            .timeout(Duration::secs(10))
            .reserved_concurrency(5)
            .event_source(SnsSource::new(&orders))
            .dead_letter_queue(&failed),
    );
    stack.add(
        Function::new("Shipping", Runtime::Python313, "app.handler", Code::dir("functions/shipping"))
            .timeout(Duration::secs(10))
            .reserved_concurrency(5)
            .event_source(SnsSource::new(&orders).filter_policy(r#"{"status": ["paid"]}"#))
            .dead_letter_queue(&failed),
    );
    app
}

/// A function that runs on a clock: reports, clean-ups, syncs. An EventBridge schedule
/// (`rate(...)` or `cron(...)`, in UTC) invokes it asynchronously; `retry_attempts` and
/// `on_failure` decide what happens to a run that fails, and reserved concurrency of 1
/// keeps two runs from overlapping.
pub fn schedule() -> App {
    let mut app = App::new("schedule").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("schedule");
    let reports = stack.add(Bucket::new("Reports"));
    let alerts = stack.add(Topic::new("ReportAlerts"));
    stack.add(
        Function::new("DailyReport", Runtime::Python313, "app.handler", Code::dir("functions/report"))
            .timeout(Duration::minutes(5))
            .reserved_concurrency(1)
            .env("REPORTS_BUCKET", reports.name())
            .event_source(
                EventRule::schedule("EveryMorning", Schedule::cron("0 6 * * ? *"))
                    .description("The daily report, at 06:00 UTC"),
            )
            .retry_attempts(1)
            .on_failure(&alerts)
            .grant(reports.write_objects()),
    );
    app
}

/// Records in order, per shard: clickstreams, change data capture, logs. Lambda polls a
/// Kinesis stream (or a DynamoDB table's stream, `StreamSource::dynamodb`) with the
/// function's role. A failing batch is split in two until the bad record is found,
/// retried at most three times, and then described on a queue, so one poison record
/// cannot stop its shard for the whole retention period.
pub fn stream_consumer() -> App {
    let mut app = App::new("stream-consumer").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("stream-consumer");
    let clicks = stack.add(Stream::new("Clicks").retention(Duration::hours(48)));
    let failed = stack.add(Queue::new("FailedClicks").retention(Duration::days(14)));
    stack.add(
        Function::new("CountClicks", Runtime::Python313, "app.handler", Code::dir("functions/clicks"))
            .timeout(Duration::secs(30))
            .reserved_concurrency(4)
            .event_source(
                StreamSource::kinesis(&clicks, StartingPosition::Latest)
                    .batch_size(100)
                    .bisect_on_error()
                    .retry_attempts(3)
                    .report_batch_item_failures()
                    .on_failure(&failed),
            ),
    );
    app
}

/// A function other code invokes asynchronously (`InvocationType: Event`), whose
/// outcome goes somewhere without the caller waiting: results to a topic, failures
/// (after the retries, or when an event is too old) to a queue. The role gets
/// `sns:Publish` and `sqs:SendMessage` on exactly those two; the caller needs
/// `lambda:InvokeFunction` on the function (`allow_invoke` grants it to another
/// service or account).
pub fn async_destinations() -> App {
    let mut app = App::new("async-destinations").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("async-destinations");
    let results = stack.add(Topic::new("IngestResults"));
    let failed = stack.add(Queue::new("FailedIngests").retention(Duration::days(14)));
    stack.add(
        Function::new("Ingest", Runtime::Python313, "app.handler", Code::dir("functions/ingest"))
            .timeout(Duration::secs(60))
            .reserved_concurrency(10)
            .retry_attempts(2)
            .max_event_age(Duration::hours(1))
            .on_success(&results)
            .on_failure(&failed),
    );
    app
}

/// Credentials and settings a function reads at run time, never in its environment: a
/// Secrets Manager secret (generated, encrypted with the app's own KMS key) and an SSM
/// parameter. The environment carries only their ARN and name; `read()` grants
/// `GetSecretValue` / `GetParameter` on each and `kms:Decrypt` on the key the secret
/// is encrypted with.
pub fn secrets() -> App {
    let mut app = App::new("secrets").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("secrets");
    let key = stack.add(KmsKey::new("AppKey").description("Encrypts the partner API token"));
    let token = stack.add(Secret::new("PartnerToken").description("The partner API's token").kms_key(&key));
    let settings = stack.add(Parameter::new("ExportSettings", "/secrets/export", r#"{"currency":"EUR"}"#));
    stack.add(
        Function::new("Export", Runtime::Python313, "app.handler", Code::dir("functions/export"))
            .timeout(Duration::secs(30))
            .reserved_concurrency(1)
            .env("TOKEN_SECRET", token.arn())
            .env("SETTINGS", settings.name())
            .grant(token.read())
            .grant(settings.read()),
    );
    app
}

/// A function that uses what other teams or stacks own: a table, a queue and a topic
/// that exist already. `from_name` spells the ARN with the deploying account and region,
/// so one template works everywhere; `existing` takes a full ARN. No resource is written
/// for them, but grants, event sources and destinations scope to their ARNs as to the
/// app's own.
pub fn existing_resources() -> App {
    let mut app = App::new("existing-resources").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("existing-resources");
    let orders = stack.add(Table::from_name("Orders"));
    let jobs = stack.add(Queue::existing("Jobs", "arn:aws:sqs:eu-west-1:123456789012:report-jobs"));
    let alerts = stack.add(Topic::from_name("ops-alerts"));
    stack.add(
        Function::new("Report", Runtime::Python313, "app.handler", Code::dir("functions/reports-api"))
            .timeout(Duration::secs(30))
            .reserved_concurrency(2)
            .env("TABLE_NAME", orders.name())
            .event_source(SqsSource::new(&jobs))
            .dead_letter_queue(&alerts)
            .grant(orders.read_data()),
    );
    app
}

/// Data in one stack, code in another: the data stack (tables, buckets) changes rarely
/// and keeps its resources when the code stack is deleted or replaced. A handle from one
/// stack works in another: formwork exports the value from the stack that owns it and
/// imports it where it is used, so the data stack is deployed first.
pub fn multi_stack() -> App {
    let mut app = App::new("multi-stack").root(env!("CARGO_MANIFEST_DIR"));
    let orders = app.stack("data").add(Table::new("Orders", Key::new("id", AttributeType::String)));
    let api = app.stack("api").add(HttpApi::new("ReportsApi"));
    app.stack("api").add(
        Function::new("Reports", Runtime::Python313, "app.handler", Code::dir("functions/reports-api"))
            .timeout(Duration::secs(10))
            .reserved_concurrency(5)
            .env("TABLE_NAME", orders.name())
            .event_source(ApiRoute::http(&api, Method::Get, "/reports"))
            .grant(orders.read_data()),
    );
    app
}

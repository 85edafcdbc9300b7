//! The scheduled-report app: every morning an EventBridge schedule invokes a report
//! function that totals the previous day's orders and writes the report to a bucket.
//! The function publishes a version on each deployment and keeps one environment
//! warm on its `live` alias (provisioned concurrency), which the schedule and an
//! IAM-authenticated function URL (for reports on demand) invoke. Its logs are JSON with
//! a log level; a run that fails every retry is announced on a topic.

use formwork::prelude::*;

/// The app's model.
pub fn app() -> App {
    let mut app = App::new("scheduled-report").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("scheduled-report");
    let orders = stack.add(
        Table::new("Orders", Key::new("day", AttributeType::String))
            .sort_key(Key::new("orderId", AttributeType::String)),
    );
    let reports = stack.add(Bucket::new("Reports").versioned());
    let failures = stack.add(Topic::new("ReportFailures"));
    stack.add(
        Function::new("DailyReport", Runtime::Python313, "app.handler", Code::dir("functions/report"))
            .description("Totals yesterday's orders into a report in the Reports bucket")
            .memory(Megabytes(512))
            .timeout(Duration::minutes(5))
            .architecture(Architecture::Arm64)
            .reserved_concurrency(2)
            .provisioned_concurrency(1)
            .log_format(LogFormat::Json)
            .application_log_level(LogLevel::Info)
            .system_log_level(SystemLogLevel::Warn)
            .env("TABLE_NAME", orders.name())
            .env("REPORT_BUCKET", reports.name())
            .event_source(
                EventRule::schedule("Daily", Schedule::cron("0 6 * * ? *"))
                    .description("Yesterday's order report, every day at 06:00 UTC"),
            )
            .url(FunctionUrl::iam())
            .retry_attempts(2)
            .max_event_age(Duration::hours(2))
            .on_failure(&failures)
            .grant(orders.read_data())
            .grant(reports.write_objects()),
    );
    app
}

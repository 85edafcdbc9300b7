//! The stream-ingest app: click events arrive on a Kinesis stream; an ingest function
//! stores each as a session event, splitting a failing batch to isolate the bad record
//! and reporting the records that failed, with the batches it gives up on recorded in a
//! queue. The table's own stream feeds an aggregator that counts new events per page in
//! one-minute tumbling windows.

use formwork::prelude::*;

/// The app's model.
pub fn app() -> App {
    let mut app = App::new("stream-ingest").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("stream-ingest");
    let clicks = stack.add(Stream::new("Clicks").retention(Duration::days(2)));
    let sessions = stack.add(
        Table::new("SessionEvents", Key::new("sessionId", AttributeType::String))
            .sort_key(Key::new("sequence", AttributeType::String))
            .stream(StreamView::NewImage),
    );
    let page_views = stack.add(Table::new("PageViews", Key::new("page", AttributeType::String)));
    let discarded = stack.add(Queue::new("DiscardedBatches").retention(Duration::days(14)));
    let alerts = stack.add(Topic::new("AggregationFailures"));
    stack.add(
        Function::new("Ingest", Runtime::Python313, "app.handler", Code::dir("functions/ingest"))
            .description("Stores each click event of the Clicks stream in SessionEvents")
            .memory(Megabytes(256))
            .timeout(Duration::secs(30))
            .architecture(Architecture::Arm64)
            .reserved_concurrency(20)
            .env("TABLE_NAME", sessions.name())
            .event_source(
                StreamSource::kinesis(&clicks, StartingPosition::TrimHorizon)
                    .batch_size(200)
                    .batching_window(Duration::secs(5))
                    .bisect_on_error()
                    .report_batch_item_failures()
                    .maximum_record_age(Duration::hours(6))
                    .retry_attempts(5)
                    .parallelization(2)
                    .on_failure(&discarded),
            )
            .grant(sessions.write_data()),
    );
    stack.add(
        Function::new("Aggregate", Runtime::Python313, "app.handler", Code::dir("functions/aggregate"))
            .description("Counts new session events per page in one-minute windows")
            .timeout(Duration::secs(30))
            .architecture(Architecture::Arm64)
            .reserved_concurrency(5)
            .env("TABLE_NAME", page_views.name())
            .event_source(
                StreamSource::dynamodb(&sessions, StartingPosition::Latest)
                    .batch_size(500)
                    .tumbling_window(Duration::secs(60))
                    .filter(r#"{"eventName": ["INSERT"]}"#)
                    .retry_attempts(3)
                    .on_failure(&alerts),
            )
            .grant(page_views.write_data()),
    );
    app
}

//! The order-events app: payments arrive in order on a FIFO queue; a worker records them
//! in a table and publishes an event to a topic; a notifier, invoked asynchronously,
//! sends failed events to an alerts topic and is traced with X-Ray.

use formwork::prelude::*;

/// The app's model.
pub fn app() -> App {
    let mut app = App::new("order-events").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("order-events");
    let payments = stack.add(
        Table::new("Payments", Key::new("orderId", AttributeType::String))
            .sort_key(Key::new("sequence", AttributeType::Number))
            .stream(StreamView::NewAndOldImages),
    );
    let events = stack.add(Topic::new("OrderEvents"));
    let alerts = stack.add(Topic::new("Alerts"));
    let failed = stack.add(Queue::new("PaymentFailures").fifo().retention(Duration::days(14)));
    let incoming = stack.add(
        Queue::new("PaymentRequests")
            .fifo()
            .content_based_deduplication()
            .visibility_timeout(Duration::secs(120))
            .retention(Duration::days(4))
            .dead_letter_queue(&failed, 3),
    );
    let notices = stack.add(Queue::new("Notices").retention(Duration::days(1)));
    stack.add(
        Function::new("PaymentWorker", Runtime::Nodejs24, "index.handler", Code::dir("functions/payments"))
            .memory(Megabytes(512))
            .timeout(Duration::secs(20))
            .reserved_concurrency(5)
            .env("TABLE_NAME", payments.name())
            .env("TOPIC_ARN", events.arn())
            .event_source(
                SqsSource::new(&incoming).batch_size(10).report_batch_item_failures().maximum_concurrency(5),
            )
            .grant(payments.read_write_data())
            .grant(events.publish()),
    );
    stack.add(
        Function::new("Notifier", Runtime::Python314, "app.handler", Code::dir("functions/notify"))
            .timeout(Duration::secs(10))
            .reserved_concurrency(2)
            .tracing(Tracing::Active)
            .log_retention(LogRetention::OneWeek)
            .env("NOTICES_URL", notices.url())
            .dead_letter_queue(&alerts)
            .grant(notices.send()),
    );
    app
}

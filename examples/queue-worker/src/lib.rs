//! The queue-worker app: orders arrive on an SQS queue, a Python function writes each
//! one to a DynamoDB table, and messages that keep failing land in a dead-letter queue.

use formwork::prelude::*;

/// The app's model. `examples/queue-worker/app.yaml` describes the same app as a spec file.
pub fn app() -> App {
    let mut app = App::new("queue-worker").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("queue-worker");
    let orders = stack.add(Table::new("Orders", Key::new("orderId", AttributeType::String)));
    let failed = stack.add(Queue::new("FailedJobs").retention(Duration::days(14)));
    let jobs = stack.add(
        Queue::new("OrderJobs")
            // AWS's recommendation: 6 × the consumer's timeout + its batching window.
            .visibility_timeout(Duration::secs(180))
            .retention(Duration::days(4))
            .dead_letter_queue(&failed, 5),
    );
    stack.add(
        Function::new("Worker", Runtime::Python313, "app.handler", Code::dir("functions/worker"))
            .description("Stores each order from the OrderJobs queue in the Orders table")
            .memory(Megabytes(256))
            .timeout(Duration::secs(30))
            .architecture(Architecture::Arm64)
            .env("TABLE_NAME", orders.name())
            .reserved_concurrency(10)
            .dead_letter_queue(&failed)
            .event_source(SqsSource::new(&jobs).batch_size(10).report_batch_item_failures())
            .grant(orders.write_data()),
    );
    app
}

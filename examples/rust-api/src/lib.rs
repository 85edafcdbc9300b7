//! The rust-api app: an HTTP API route that reads an order and an SQS consumer that
//! checks each order id it receives, both Rust handlers of the `rust-api-handler` crate
//! in this folder, reading the `Orders` DynamoDB table; ids that stay unknown after
//! three tries end in the `UnknownOrders` queue. The handlers' configuration
//! (the `TABLE_NAME` variable) is generated from this model by the handler crate's
//! `build.rs`, so renaming it here is a compile error there.

use formwork::prelude::*;

/// The handler crate: one binary per function.
pub const HANDLER_PACKAGE: &str = "rust-api-handler";

/// The app's model.
pub fn app() -> App {
    let mut app = App::new("rust-api").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("rust-api");
    let orders = stack.add(Table::new("Orders", Key::new("id", AttributeType::String)));
    let api = stack.add(HttpApi::new("OrdersApi").description("Reads orders"));
    let unknown = stack.add(Queue::new("UnknownOrders").retention(Duration::days(14)));
    let checks = stack.add(
        Queue::new("OrderChecks")
            // AWS's recommendation: 6 × the consumer's timeout + its batching window.
            .visibility_timeout(Duration::secs(60))
            .retention(Duration::days(4))
            .dead_letter_queue(&unknown, 3),
    );
    stack.add(
        Function::rust("GetOrder", Code::rust_bin(HANDLER_PACKAGE, "get-order"))
            .description("Returns the order named in the path from the Orders table")
            .memory(Megabytes(128))
            .timeout(Duration::secs(5))
            .reserved_concurrency(20)
            .env("TABLE_NAME", orders.name())
            .event_source(ApiRoute::http(&api, Method::Get, "/orders/{id}"))
            .grant(orders.read_data()),
    );
    stack.add(
        Function::rust("CheckOrders", Code::rust_bin(HANDLER_PACKAGE, "check-orders"))
            .description("Reports each order id from the OrderChecks queue that the Orders table lacks")
            .memory(Megabytes(128))
            .timeout(Duration::secs(10))
            .reserved_concurrency(5)
            .env("TABLE_NAME", orders.name())
            .event_source(SqsSource::new(&checks).batch_size(10).report_batch_item_failures())
            .grant(orders.read_data()),
    );
    app
}

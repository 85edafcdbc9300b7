//! The orders-api app: an API Gateway REST API whose routes create, read and list
//! orders through one Python function (handler → controller → business logic), which
//! stores them in a DynamoDB table. Invocations are synchronous; the function's reserved
//! concurrency caps what the API can make it cost, and each route's permission names
//! that API, method and path only.

use formwork::prelude::*;

/// The app's model.
pub fn app() -> App {
    let mut app = App::new("orders-api").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("orders-api");
    let orders = stack.add(
        Table::new("Orders", Key::new("customerId", AttributeType::String))
            .sort_key(Key::new("orderId", AttributeType::String)),
    );
    let api = stack.add(RestApi::new("OrdersApi").stage("v1").description("Orders of customers"));
    stack.add(
        Function::new("OrdersHandler", Runtime::Python313, "app.handler", Code::dir("functions/orders"))
            .description("Creates and reads orders for the Orders API")
            .memory(Megabytes(256))
            .timeout(Duration::secs(10))
            .architecture(Architecture::Arm64)
            .reserved_concurrency(50)
            .tracing(Tracing::Active)
            .env("TABLE_NAME", orders.name())
            .event_source(ApiRoute::rest(&api, Method::Post, "/customers/{customerId}/orders"))
            .event_source(ApiRoute::rest(&api, Method::Get, "/customers/{customerId}/orders"))
            .event_source(ApiRoute::rest(&api, Method::Get, "/customers/{customerId}/orders/{orderId}"))
            .grant(orders.read_write_data()),
    );
    app
}

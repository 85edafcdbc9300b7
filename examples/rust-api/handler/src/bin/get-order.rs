//! The `GetOrder` function: `GET /orders/{id}` of the HTTP API.

use aws_lambda_events::apigw::ApiGatewayV2httpRequest;
use lambda_runtime::{service_fn, Error, LambdaEvent};
use rust_api_handler::config::get_order::Config;
use rust_api_handler::dynamo::DynamoOrders;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    // Read once at cold start: a missing variable stops here, named.
    let config = Config::from_env()?;
    let orders = DynamoOrders::new(config.table_name).await;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<ApiGatewayV2httpRequest>| {
        let orders = orders.clone();
        async move { Ok::<_, Error>(rust_api_handler::get_order(&orders, &event.payload).await) }
    }))
    .await
}

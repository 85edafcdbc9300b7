//! The `CheckOrders` function: the SQS consumer of the `OrderChecks` queue.

use aws_lambda_events::sqs::SqsEvent;
use lambda_runtime::{service_fn, Error, LambdaEvent};
use rust_api_handler::config::check_orders::Config;
use rust_api_handler::dynamo::DynamoOrders;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    // Read once at cold start: a missing variable stops here, named.
    let config = Config::from_env()?;
    let orders = DynamoOrders::new(config.table_name).await;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| {
        let orders = orders.clone();
        async move { Ok::<_, Error>(rust_api_handler::check_orders(&orders, &event.payload).await) }
    }))
    .await
}

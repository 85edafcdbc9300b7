//! The Orders table in DynamoDB.

use aws_config::BehaviorVersion;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};

use crate::{Error, Order, Orders};

/// The Orders table read through the AWS SDK, with the function's role.
#[derive(Debug, Clone)]
pub struct DynamoOrders {
    client: aws_sdk_dynamodb::Client,
    table: String,
}

impl DynamoOrders {
    /// A client for `table`, configured from the Lambda environment (region, role).
    pub async fn new(table: String) -> DynamoOrders {
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
            .build_https();
        let config = aws_config::defaults(BehaviorVersion::latest()).http_client(http).load().await;
        DynamoOrders { client: aws_sdk_dynamodb::Client::new(&config), table }
    }
}

impl Orders for DynamoOrders {
    async fn get(&self, id: &str) -> Result<Option<Order>, Error> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("id", AttributeValue::S(id.to_string()))
            .send()
            .await?;
        Ok(out.item.map(|item| {
            item.into_iter().filter_map(|(k, v)| v.as_s().ok().map(|s| (k, s.clone()))).collect()
        }))
    }
}

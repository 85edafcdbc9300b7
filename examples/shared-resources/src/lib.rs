//! The shared-resources app: every night a function sends the previous day's orders to
//! a partner's API. The orders live in another team's table and failures go to the
//! operations team's topic — resources this app uses but does not create. The partner's
//! API token is a secret of this app, encrypted with its own KMS key; the export's
//! settings are an SSM parameter. Two permissions no grant covers (querying the table's
//! `byDay` index, reading the feature flags under `/shared-resources/flags`) are
//! hand-made statements.

use formwork::iam::actions::{Dynamodb, Ssm};
use formwork::prelude::*;

/// The app's model.
pub fn app() -> App {
    let mut app = App::new("shared-resources").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("shared-resources");
    // Owned by other teams: referred to by name, so the template works in every region.
    let orders = stack.add(Table::from_name("Orders"));
    let alerts = stack.add(Topic::from_name("ops-alerts"));
    // Owned by this app.
    let key = stack.add(KmsKey::new("ExportKey").description("Encrypts the partner API token"));
    let token = stack.add(
        Secret::new("PartnerApiToken")
            .description("Token for the partner's order API; rotate it by hand for now")
            .kms_key(&key),
    );
    let settings = stack.add(
        Parameter::new(
            "ExportSettings",
            "/shared-resources/export",
            r#"{"endpoint":"https://partner.example/orders","currency":"EUR"}"#,
        )
        .description("Where the export sends orders, and in which currency"),
    );
    stack.add(
        Function::new("NightlyExport", Runtime::Python313, "app.handler", Code::dir("functions/export"))
            .description("Sends yesterday's orders to the partner's API")
            .memory(Megabytes(256))
            .timeout(Duration::minutes(2))
            .architecture(Architecture::Arm64)
            .reserved_concurrency(1)
            .env("ORDERS_TABLE", orders.name())
            .env("TOKEN_SECRET", token.arn())
            .env("SETTINGS", settings.name())
            .event_source(
                EventRule::schedule("Nightly", Schedule::cron("30 1 * * ? *"))
                    .description("Yesterday's orders, every night at 01:30 UTC"),
            )
            .on_failure(&alerts)
            .grant(orders.read_data())
            .grant(token.read())
            .grant(settings.read())
            .statement(Statement::allow(
                [Dynamodb::Query],
                [Arn::new("dynamodb", "table/Orders/index/byDay")],
            ))
            .statement(Statement::allow(
                [Ssm::GetParametersByPath],
                [Arn::new("ssm", "parameter/shared-resources/flags")],
            )),
    );
    app
}

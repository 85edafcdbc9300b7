//! The fleet app: N identical units sharing one DynamoDB table, the app the benchmarks in
//! `bench/` and `crates/formwork-bench` synthesize side by side with AWS CDK and
//! troposphere.
//!
//! A unit is one Python function (512 MB, 10 s, reserved concurrency 5, inline code, the
//! table's name in `TABLE_NAME`), its own dead-letter queue, its own SQS source queue read
//! in batches of 10, and read access to the shared table: six resources (function, role,
//! log group, two queues, mapping). The queues hold messages, so where they live is the
//! app's decision: a stack holds the queues of [`UNITS_PER_STACK`] units (the table stays
//! in the first stack, the others refer to it across stacks). Everything else is
//! formwork's: each stack opts into `auto_split`, which moves the functions that do not
//! fit under CloudFormation's 500 resources into overflow stacks (`fleet-overflow-1`,
//! `fleet-2-overflow-1`, ...) and wires what they use through exports.

use formwork::construct::TableRef;
use formwork::prelude::*;
use formwork::Stack;

/// Units when `FLEET_UNITS` is not set.
pub const DEFAULT_UNITS: usize = 80;
/// Resources one unit adds: function, role, log group, dead-letter queue, source queue and
/// event source mapping.
pub const RESOURCES_PER_UNIT: usize = 6;
/// Units whose queues one stack holds: 200 queues, beside which `auto_split` keeps the
/// functions of the first 66 units (up to 400 resources) and moves the other 34 into an
/// overflow stack, so that every template stays under 500 resources.
pub const UNITS_PER_STACK: usize = 100;
/// Concurrency each function reserves.
pub const RESERVED_CONCURRENCY: u32 = 5;

/// Every unit's handler: looks up each message's body as a key of the shared table.
/// Inline, as in the CDK and troposphere apps of `bench/`, so all three do the same work.
pub const HANDLER_SOURCE: &str = r#"import os

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    return [TABLE.get_item(Key={"id": r["body"]}).get("Item") for r in event["Records"]]
"#;

/// The number of units from the `FLEET_UNITS` environment variable, [`DEFAULT_UNITS`]
/// when it is unset.
pub fn units_from_env() -> Result<usize, String> {
    match std::env::var("FLEET_UNITS") {
        Err(std::env::VarError::NotPresent) => Ok(DEFAULT_UNITS),
        Err(std::env::VarError::NotUnicode(_)) => Err("FLEET_UNITS is not a whole number".into()),
        Ok(text) => match text.trim().parse::<usize>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(format!("FLEET_UNITS must be a whole number of at least 1, not `{text}`")),
        },
    }
}

/// How many stacks of the model `units` units need (overflow stacks come on top).
pub fn stack_count(units: usize) -> usize {
    units.div_ceil(UNITS_PER_STACK).max(1)
}

/// The name of stack `index` (from 0): `fleet`, then `fleet-2`, `fleet-3`, ...
pub fn stack_name(index: usize) -> String {
    match index {
        0 => "fleet".to_string(),
        i => format!("fleet-{}", i + 1),
    }
}

/// The account concurrency limit the fleet needs: every function reserves
/// [`RESERVED_CONCURRENCY`] and AWS keeps 100 unreserved, so AWS's default of 1,000 holds
/// 180 units; a larger fleet states the raised limit (a quota increase) it is deployed
/// with, rounded up to a thousand.
pub fn account_concurrency(units: usize) -> u32 {
    let needed = units as u64 * u64::from(RESERVED_CONCURRENCY) + 100;
    let rounded = needed.div_ceil(1_000) * 1_000;
    u32::try_from(rounded.max(u64::from(formwork::DEFAULT_ACCOUNT_CONCURRENCY))).unwrap_or(u32::MAX)
}

/// The fleet's model with `units` units (numbered from 1).
pub fn app(units: usize) -> App {
    let mut app = App::new("fleet").account_concurrency(account_concurrency(units));
    let table = app.stack(stack_name(0)).add(Table::new("Shared", Key::new("id", AttributeType::String)));
    for s in 0..stack_count(units) {
        let stack = app.stack(stack_name(s));
        stack.auto_split();
        let first = s * UNITS_PER_STACK + 1;
        let last = units.min((s + 1) * UNITS_PER_STACK);
        for i in first..=last {
            add_unit(stack, i, &table);
        }
    }
    app
}

/// Unit `i`: `Worker<i>` with its dead-letter queue `Dlq<i>` and source queue `Jobs<i>`.
fn add_unit(stack: &mut Stack, i: usize, table: &TableRef) {
    let dlq = stack.add(Queue::new(format!("Dlq{i}")).retention(Duration::days(14)));
    let jobs = stack.add(
        Queue::new(format!("Jobs{i}"))
            // AWS's recommendation: 6 × the consumer's timeout.
            .visibility_timeout(Duration::secs(60))
            // SQS's default, written out (cfn-lint I3013 asks for an explicit retention).
            .retention(Duration::days(4)),
    );
    stack.add(
        Function::new(
            format!("Worker{i}"),
            Runtime::Python312,
            "index.handler",
            Code::inline(HANDLER_SOURCE),
        )
        .memory(Megabytes(512))
        .timeout(Duration::secs(10))
        .env("TABLE_NAME", table.name())
        .reserved_concurrency(RESERVED_CONCURRENCY)
        .dead_letter_queue(&dlq)
        .event_source(SqsSource::new(&jobs).batch_size(10))
        .grant(table.read_data()),
    );
}

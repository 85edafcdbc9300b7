//! A monthly cost estimate of an app before it is deployed: Lambda's pricing model
//! (requests, GB-seconds by architecture and volume tier, ephemeral storage above 512 MB,
//! provisioned concurrency, the free tier) and the request prices of SQS, SNS, DynamoDB
//! on-demand, API Gateway, EventBridge and Kinesis, from the vendored price file of a
//! region ([`Prices`]).
//!
//! With a [`Workload`] (requests and durations per month) [`estimate`] prices a month of
//! it; without one, [`per_million`] prices a million requests of each function at its
//! configured memory, with its timeout as the duration (an upper bound).

mod prices;
mod workload;

pub use prices::{regions, Price, Prices};
pub use workload::{FunctionLoad, Workload, WorkloadError};

use formwork_template::{Resource, Value};

use crate::refs::one_or_many;
use crate::Stacks;

/// Hours in a month, as AWS's pricing examples count them.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// Lambda's default memory (`MemorySize`), in MB.
const DEFAULT_MEMORY_MB: i64 = 128;
/// Lambda's default timeout (`Timeout`), in seconds.
const DEFAULT_TIMEOUT_S: i64 = 3;
/// Ephemeral storage included in the price, in MB.
const FREE_EPHEMERAL_MB: i64 = 512;

/// What an estimate does not count, whatever the workload says.
pub const NOT_COUNTED: &[&str] = &[
    "data transfer",
    "CloudWatch Logs ingestion and storage, metrics and alarms",
    "X-Ray traces",
    "Lambda's extra requests for asynchronous events above 256 KB, response streaming, SnapStart",
    "SNS deliveries (priced per protocol: HTTP, email, SMS, mobile push) and FIFO topics",
    "DynamoDB storage, backups and point-in-time recovery, streams reads, global table \
     replication, the Standard-IA table class, provisioned capacity",
    "S3 storage and requests",
    "KMS requests",
    "API Gateway caching, WebSocket APIs and the 12-month free tier of new accounts",
    "EventBridge Pipes, API destinations, archive and replay, cross-account delivery",
    "Kinesis on-demand streams, extended retention and enhanced fan-out",
    "volume tiers of SQS FIFO queues",
    "resources the workload does not mention",
];

/// Whether the monthly free tier is subtracted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FreeTier {
    /// Subtract it, once for the whole app, as if the app were the account's only use
    /// (the default).
    #[default]
    Apply,
    /// Leave it out (an account that uses it up elsewhere).
    Skip,
}

/// One line of an estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The stack, empty for lines about the whole app (free tier, volume tiers).
    pub stack: String,
    /// The resource's logical id, or what the line is (`free tier`).
    pub resource: String,
    /// `Lambda`, `SQS`, ...
    pub service: &'static str,
    /// What is priced: `3,000,000 requests × 120 ms at 1,536 MB arm64`.
    pub quantity: String,
    /// US dollars (negative for the free tier).
    pub usd: f64,
}

/// An estimate: its lines, total, assumptions and what it leaves out.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// The region whose prices were used.
    pub region: String,
    /// The price file's date.
    pub as_of: String,
    /// Whether this is a month of a workload or a million requests per function.
    pub per_million: bool,
    /// The lines.
    pub items: Vec<Item>,
    /// The sum of the lines, in US dollars.
    pub total_usd: f64,
    /// How the numbers were made.
    pub assumptions: Vec<String>,
    /// What is not in the numbers.
    pub not_counted: Vec<String>,
}

/// A Lambda function as the estimate reads it from its template.
struct Fn<'a> {
    stack: &'a str,
    id: &'a str,
    memory_mb: i64,
    timeout_s: i64,
    arm64: bool,
    ephemeral_mb: i64,
    provisioned: i64,
}

fn functions(stacks: &Stacks) -> Vec<Fn<'_>> {
    let mut out = Vec::new();
    for (stack, template) in stacks {
        for (id, r) in &template.resources {
            if r.resource_type != "AWS::Lambda::Function" {
                continue;
            }
            let int = |k: &str, default: i64| r.properties.get(k).and_then(Value::as_i64).unwrap_or(default);
            let arm64 =
                one_or_many(r.properties.get("Architectures")).iter().any(|a| a.as_str() == Some("arm64"));
            let ephemeral_mb = r
                .properties
                .get("EphemeralStorage")
                .and_then(|e| e.get("Size"))
                .and_then(Value::as_i64)
                .unwrap_or(FREE_EPHEMERAL_MB);
            let provisioned = template
                .resources
                .values()
                .filter(|a| matches!(a.resource_type.as_str(), "AWS::Lambda::Alias" | "AWS::Lambda::Version"))
                .filter(|a| names(a, "FunctionName", id))
                .filter_map(|a| {
                    a.properties
                        .get("ProvisionedConcurrencyConfig")
                        .and_then(|p| p.get("ProvisionedConcurrentExecutions"))
                        .and_then(Value::as_i64)
                })
                .fold(0i64, i64::saturating_add);
            out.push(Fn {
                stack,
                id,
                memory_mb: int("MemorySize", DEFAULT_MEMORY_MB).max(0),
                timeout_s: int("Timeout", DEFAULT_TIMEOUT_S).max(0),
                arm64,
                ephemeral_mb,
                provisioned: provisioned.max(0),
            });
        }
    }
    out
}

/// Whether property `key` of `r` refers to resource `id`.
fn names(r: &Resource, key: &str, id: &str) -> bool {
    let mut hit = false;
    if let Some(v) = r.properties.get(key) {
        v.references(&mut |x| hit |= x.target == id);
    }
    hit
}

fn gb(mb: i64) -> f64 {
    mb as f64 / 1024.0
}

fn arch(f: &Fn<'_>) -> &'static str {
    if f.arm64 {
        "arm64"
    } else {
        "x86_64"
    }
}

/// Looks a price up; the vendored files have every name this module asks for (a test
/// checks it), so a missing one prices at zero rather than failing.
fn price<'p>(prices: &'p Prices, name: &str) -> std::borrow::Cow<'p, Price> {
    match prices.get(name) {
        Some(p) => std::borrow::Cow::Borrowed(p),
        None => std::borrow::Cow::Owned(Price {
            usd: 0.0,
            tiers: Vec::new(),
            free_per_month: 0.0,
            unit: String::new(),
            source: String::new(),
            as_of: String::new(),
        }),
    }
}

/// What a million requests of each function cost at its configured memory and
/// architecture, each running for its full timeout (an upper bound), without the free
/// tier; provisioned concurrency is priced for a whole month on its own line.
pub fn per_million(stacks: &Stacks, prices: &Prices) -> Estimate {
    let mut items = Vec::new();
    let million = 1_000_000.0;
    for f in functions(stacks) {
        let seconds = million * f.timeout_s as f64;
        let gbs = seconds * gb(f.memory_mb);
        let duration = price(prices, &format!("lambda_duration_{}", arch(&f))).usd;
        let mut usd = million * price(prices, "lambda_request").usd + gbs * duration;
        let extra = (f.ephemeral_mb - FREE_EPHEMERAL_MB).max(0);
        usd += seconds * gb(extra) * price(prices, "lambda_ephemeral_storage").usd;
        items.push(Item {
            stack: f.stack.to_string(),
            resource: f.id.to_string(),
            service: "Lambda",
            quantity: format!(
                "1M requests × {} s at {} MB {}{}",
                f.timeout_s,
                thousands(f.memory_mb as f64),
                arch(&f),
                if extra > 0 {
                    format!(", {} MB /tmp", thousands(f.ephemeral_mb as f64))
                } else {
                    String::new()
                }
            ),
            usd,
        });
        if f.provisioned > 0 {
            items.push(provisioned_item(&f, prices, HOURS_PER_MONTH));
        }
    }
    let total_usd = items.iter().map(|i| i.usd).sum();
    Estimate {
        region: prices.region.clone(),
        as_of: prices.as_of.clone(),
        per_million: true,
        items,
        total_usd,
        assumptions: vec![
            "each function: one million requests, each running for its full timeout (an upper bound)".into(),
            "no free tier; first volume tier".into(),
            "provisioned concurrency: allocated for a whole month (730 hours)".into(),
            "give a workload file (--workload FILE) for a monthly estimate".into(),
        ],
        not_counted: not_counted(prices, stacks),
    }
}

fn provisioned_item(f: &Fn<'_>, prices: &Prices, hours: f64) -> Item {
    let gbs = f.provisioned as f64 * gb(f.memory_mb) * hours * 3600.0;
    let (usd, note) = match prices.get(&format!("lambda_provisioned_{}", arch(f))) {
        Some(p) => (gbs * p.usd, String::new()),
        None => (0.0, format!(" (not counted: no {} price in the file)", arch(f))),
    };
    Item {
        stack: f.stack.to_string(),
        resource: f.id.to_string(),
        service: "Lambda",
        quantity: format!(
            "provisioned concurrency {} × {} h at {} MB{note}",
            f.provisioned,
            thousands(hours),
            thousands(f.memory_mb as f64)
        ),
        usd,
    }
}

fn not_counted(prices: &Prices, stacks: &Stacks) -> Vec<String> {
    let mut out: Vec<String> = NOT_COUNTED.iter().map(|s| s.to_string()).collect();
    if functions(stacks).iter().any(|f| f.arm64 && f.provisioned > 0)
        && prices.get("lambda_provisioned_arm64").is_none()
    {
        out.push("provisioned concurrency of arm64 functions (its price is not in the price file)".into());
    }
    out
}

/// A line that corrects a month priced at the first tier of `name` for the volume tiers
/// above it, when `units` reach them (tiers apply to the account's total of a region).
fn volume_tier_item(
    prices: &Prices,
    name: &str,
    units: f64,
    service: &'static str,
    what: &str,
) -> Option<Item> {
    let p = price(prices, name);
    let flat = units * p.usd;
    let tiered = p.cost(units);
    (tiered < flat).then(|| Item {
        stack: String::new(),
        resource: "volume tiers".into(),
        service,
        quantity: format!("{} {what}", thousands(units)),
        usd: tiered - flat,
    })
}

/// `12,000 requests`, or `12,000 requests × 4 (256 KB in 64 KB chunks)` when a payload
/// is billed as several requests.
fn chunked_quantity(load: &workload::ResourceLoad, noun: &str, chunk_kb: u64) -> String {
    let billed = load.chunked(chunk_kb);
    let plain = format!("{} {noun}", thousands(load.requests as f64));
    match load.payload_kb {
        Some(kb) if billed > load.requests => format!(
            "{plain} × {} ({} KB in {chunk_kb} KB chunks)",
            billed / load.requests.max(1),
            thousands(kb as f64)
        ),
        _ => plain,
    }
}

/// A month of `workload` on the app's templates.
pub fn estimate(
    stacks: &Stacks,
    workload: &Workload,
    prices: &Prices,
    free_tier: FreeTier,
) -> Result<Estimate, WorkloadError> {
    workload.check(stacks)?;
    let mut items = Vec::new();
    let mut requests_total = 0.0;
    let mut gbs_by_arch = [0.0f64, 0.0]; // x86_64, arm64 (on-demand duration)
    for f in functions(stacks) {
        let Some(load) = workload.function(f.stack, f.id) else { continue };
        let requests = load.requests as f64;
        let duration_ms =
            load.duration_ms.unwrap_or(u64::try_from(f.timeout_s).unwrap_or(0).saturating_mul(1000)) as f64;
        let seconds = requests * duration_ms / 1000.0;
        let gbs = seconds * gb(f.memory_mb);
        requests_total += requests;
        let on_provisioned = f.provisioned > 0;
        let (duration_name, duration_usd) = if on_provisioned {
            match prices.get(&format!("lambda_provisioned_duration_{}", arch(&f))) {
                Some(p) => ("provisioned duration", gbs * p.usd),
                None => ("provisioned duration (not counted: no price)", 0.0),
            }
        } else {
            gbs_by_arch[usize::from(f.arm64)] += gbs;
            ("duration", gbs * price(prices, &format!("lambda_duration_{}", arch(&f))).usd)
        };
        let extra = (f.ephemeral_mb - FREE_EPHEMERAL_MB).max(0);
        let storage = seconds * gb(extra) * price(prices, "lambda_ephemeral_storage").usd;
        let usd = requests * price(prices, "lambda_request").usd + duration_usd + storage;
        items.push(Item {
            stack: f.stack.to_string(),
            resource: f.id.to_string(),
            service: "Lambda",
            quantity: format!(
                "{} requests × {} ms at {} MB {} ({} GB-s {duration_name}{})",
                thousands(requests),
                thousands(duration_ms),
                thousands(f.memory_mb as f64),
                arch(&f),
                thousands(gbs),
                if extra > 0 {
                    format!(", {} MB /tmp", thousands(f.ephemeral_mb as f64))
                } else {
                    String::new()
                }
            ),
            usd,
        });
        if on_provisioned {
            items.push(provisioned_item(&f, prices, load.provisioned_hours.unwrap_or(HOURS_PER_MONTH)));
        }
    }
    // volume tiers beyond the first, over the month's on-demand GB-seconds per architecture
    for (i, (name, arch)) in
        [("lambda_duration_x86_64", "x86_64"), ("lambda_duration_arm64", "arm64")].iter().enumerate()
    {
        items.extend(volume_tier_item(prices, name, gbs_by_arch[i], "Lambda", &format!("GB-s {arch}")));
    }
    // billed requests (payload chunks counted) by price, for the tiers and the free tier
    let (mut sqs_standard, mut sqs_fifo, mut sns_publishes) = (0.0, 0.0, 0.0);
    let (mut rest_requests, mut http_requests, mut scheduler_invocations) = (0.0, 0.0, 0.0);
    for (stack, template) in stacks {
        for (id, r) in &template.resources {
            let Some(load) = workload.resource(stack, id) else { continue };
            let p = &r.properties;
            let (service, quantity, usd) = match r.resource_type.as_str() {
                "AWS::SQS::Queue" => {
                    let fifo = p.get("FifoQueue").and_then(Value::as_bool).unwrap_or(false);
                    let billed = load.chunked(64) as f64;
                    let name = if fifo {
                        sqs_fifo += billed;
                        "sqs_fifo_request"
                    } else {
                        sqs_standard += billed;
                        "sqs_standard_request"
                    };
                    (
                        "SQS",
                        format!(
                            "{}{}",
                            chunked_quantity(&load, "requests", 64),
                            if fifo { " (FIFO)" } else { "" }
                        ),
                        billed * price(prices, name).usd,
                    )
                }
                "AWS::SNS::Topic" => {
                    let billed = load.chunked(64) as f64;
                    sns_publishes += billed;
                    (
                        "SNS",
                        chunked_quantity(&load, "publishes", 64),
                        billed * price(prices, "sns_publish").usd,
                    )
                }
                "AWS::DynamoDB::Table" => {
                    if p.get("BillingMode").and_then(Value::as_str) != Some("PAY_PER_REQUEST") {
                        ("DynamoDB", "provisioned capacity (not counted)".into(), 0.0)
                    } else {
                        let usd = load.reads as f64 * price(prices, "dynamodb_read_request_unit").usd
                            + load.writes as f64 * price(prices, "dynamodb_write_request_unit").usd;
                        (
                            "DynamoDB",
                            format!(
                                "{} read and {} write request units, on-demand",
                                thousands(load.reads as f64),
                                thousands(load.writes as f64)
                            ),
                            usd,
                        )
                    }
                }
                "AWS::ApiGateway::RestApi" => {
                    // REST API requests are not billed by payload size
                    rest_requests += load.requests as f64;
                    (
                        "API Gateway",
                        format!("{} REST requests", thousands(load.requests as f64)),
                        load.requests as f64 * price(prices, "apigateway_rest_request").usd,
                    )
                }
                "AWS::ApiGatewayV2::Api" => {
                    if p.get("ProtocolType").and_then(Value::as_str) == Some("WEBSOCKET") {
                        ("API Gateway", "WebSocket API (not counted)".into(), 0.0)
                    } else {
                        let billed = load.chunked(512) as f64;
                        http_requests += billed;
                        (
                            "API Gateway",
                            chunked_quantity(&load, "HTTP API requests", 512),
                            billed * price(prices, "apigateway_http_request").usd,
                        )
                    }
                }
                "AWS::Events::Rule" => {
                    let billed = load.chunked(64) as f64;
                    (
                        "EventBridge",
                        chunked_quantity(&load, "custom events", 64),
                        billed * price(prices, "eventbridge_custom_event").usd,
                    )
                }
                "AWS::Scheduler::Schedule" => {
                    scheduler_invocations += load.requests as f64;
                    (
                        "EventBridge",
                        format!("{} scheduler invocations", thousands(load.requests as f64)),
                        load.requests as f64 * price(prices, "scheduler_invocation").usd,
                    )
                }
                "AWS::Kinesis::Stream" => {
                    let on_demand =
                        p.get("StreamModeDetails").and_then(|m| m.get("StreamMode")).and_then(Value::as_str)
                            == Some("ON_DEMAND");
                    if on_demand {
                        ("Kinesis", "on-demand stream (not counted)".into(), 0.0)
                    } else {
                        let shards = p.get("ShardCount").and_then(Value::as_i64).unwrap_or(1).max(0) as f64;
                        let usd = shards * HOURS_PER_MONTH * price(prices, "kinesis_shard_hour").usd
                            + load.requests as f64 * price(prices, "kinesis_put_payload_unit").usd;
                        (
                            "Kinesis",
                            format!(
                                "{} shard × 730 h, {} PUT payload units",
                                thousands(shards),
                                thousands(load.requests as f64)
                            ),
                            usd,
                        )
                    }
                }
                _ => continue,
            };
            items.push(Item { stack: stack.clone(), resource: id.clone(), service, quantity, usd });
        }
    }
    items.extend(volume_tier_item(prices, "sqs_standard_request", sqs_standard, "SQS", "standard requests"));
    items.extend(volume_tier_item(
        prices,
        "apigateway_rest_request",
        rest_requests,
        "API Gateway",
        "REST requests",
    ));
    items.extend(volume_tier_item(
        prices,
        "apigateway_http_request",
        http_requests,
        "API Gateway",
        "HTTP API requests",
    ));
    if free_tier == FreeTier::Apply {
        let request = price(prices, "lambda_request");
        let free_requests = requests_total.min(request.free_per_month);
        // the free GB-seconds go to x86_64 first, the dearer architecture
        let mut free_gbs = price(prices, "lambda_duration_free").free_per_month;
        let mut free_usd = free_requests * request.usd;
        for (i, name) in ["lambda_duration_x86_64", "lambda_duration_arm64"].iter().enumerate() {
            let used = gbs_by_arch[i].min(free_gbs);
            free_gbs -= used;
            free_usd += used * price(prices, name).usd;
        }
        // SQS's free requests are shared by both queue types: FIFO first, the dearer
        let sqs = price(prices, "sqs_standard_request");
        let fifo_free = sqs_fifo.min(sqs.free_per_month);
        free_usd += fifo_free * price(prices, "sqs_fifo_request").usd;
        free_usd += sqs_standard.min(sqs.free_per_month - fifo_free) * sqs.usd;
        let sns = price(prices, "sns_publish");
        free_usd += sns_publishes.min(sns.free_per_month) * sns.usd;
        let scheduler = price(prices, "scheduler_invocation");
        free_usd += scheduler_invocations.min(scheduler.free_per_month) * scheduler.usd;
        if free_usd > 0.0 {
            items.push(Item {
                stack: String::new(),
                resource: "free tier".into(),
                service: "all",
                quantity:
                    "Lambda 1M requests and 400,000 GB-s; SQS 1M requests; SNS 1M publishes; Scheduler 14M"
                        .into(),
                usd: -free_usd,
            });
        }
    }
    let total_usd = items.iter().map(|i| i.usd).sum::<f64>().max(0.0);
    let mut assumptions = vec![
        "a function without a duration in the workload runs for its full timeout".into(),
        "a function with provisioned concurrency serves every request from it".into(),
    ];
    if free_tier == FreeTier::Apply {
        assumptions.push("free tier applied once, as if this app were the account's only use".into());
    }
    Ok(Estimate {
        region: prices.region.clone(),
        as_of: prices.as_of.clone(),
        per_million: false,
        items,
        total_usd,
        assumptions,
        not_counted: not_counted(prices, stacks),
    })
}

/// `1234567.8` → `1,234,568`; below 10, one decimal is kept (`0.5`).
fn thousands(n: f64) -> String {
    if n.abs() < 10.0 && n.fract() != 0.0 {
        return format!("{n:.1}");
    }
    let whole = format!("{:.0}", n.abs());
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Dollars as people read them: `$1,234.57`, `-$0.40`, `<$0.01`.
pub fn usd(amount: f64) -> String {
    if amount > 0.0 && amount < 0.005 {
        return "<$0.01".into();
    }
    let cents = (amount.abs() * 100.0).round();
    let dollars = (cents / 100.0).trunc();
    let rest = cents - dollars * 100.0;
    let sign = if amount < 0.0 && cents > 0.0 { "-" } else { "" };
    format!("{sign}${}.{:02}", thousands(dollars), rest as u64)
}

impl Estimate {
    /// A table: one line per priced resource, the total, then the assumptions and what is
    /// not counted.
    pub fn to_text(&self) -> String {
        let mut out = if self.per_million {
            format!(
                "cost per million requests of each function, {} prices of {} (USD)\n",
                self.region, self.as_of
            )
        } else {
            format!("monthly cost estimate, {} prices of {} (USD)\n", self.region, self.as_of)
        };
        let name = |i: &Item| {
            if i.stack.is_empty() {
                i.resource.clone()
            } else {
                format!("{} / {}", i.stack, i.resource)
            }
        };
        let w_name = self.items.iter().map(|i| name(i).chars().count()).max().unwrap_or(0);
        let w_service = self.items.iter().map(|i| i.service.len()).max().unwrap_or(0);
        let w_usd =
            self.items.iter().map(|i| usd(i.usd).len()).chain([usd(self.total_usd).len()]).max().unwrap_or(0);
        for i in &self.items {
            out.push_str(&format!(
                "  {:w_name$}  {:w_service$}  {:>w_usd$}  {}\n",
                name(i),
                i.service,
                usd(i.usd),
                i.quantity
            ));
        }
        if !self.per_million {
            out.push_str(&format!(
                "  {:w_name$}  {:w_service$}  {:>w_usd$}\n",
                "total",
                "",
                usd(self.total_usd)
            ));
        }
        for a in &self.assumptions {
            out.push_str(&format!("assumed: {a}\n"));
        }
        out.push_str("not counted:\n");
        for n in &self.not_counted {
            out.push_str(&format!("  - {n}\n"));
        }
        out
    }

    /// The same as JSON.
    pub fn to_json(&self) -> String {
        let items = self
            .items
            .iter()
            .map(|i| {
                Value::map([
                    ("stack", Value::from(i.stack.as_str())),
                    ("resource", Value::from(i.resource.as_str())),
                    ("service", Value::from(i.service)),
                    ("quantity", Value::from(i.quantity.as_str())),
                    ("usd", Value::from(format!("{:.6}", i.usd))),
                ])
            })
            .collect();
        let strings = |v: &[String]| Value::List(v.iter().map(|s| Value::from(s.as_str())).collect());
        formwork_template::to_json(&Value::map([
            ("region", Value::from(self.region.as_str())),
            ("prices_as_of", Value::from(self.as_of.as_str())),
            ("currency", Value::from("USD")),
            ("kind", Value::from(if self.per_million { "per_million_requests" } else { "monthly" })),
            ("items", Value::List(items)),
            ("total_usd", Value::from(format!("{:.2}", self.total_usd))),
            ("assumptions", strings(&self.assumptions)),
            ("not_counted", strings(&self.not_counted)),
        ]))
    }
}

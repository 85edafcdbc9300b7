//! formwork-insight on the examples' templates and on AWS's own pricing examples.

use formwork::{App, Date, Format, SynthOptions, Target};
use formwork_insight::cost::{self, FreeTier, FunctionLoad, Prices, Workload};
use formwork_insight::diff::{self, Replacement, ResourceChange};
use formwork_insight::graph::{self, EdgeKind, GraphFormat};
use formwork_insight::Stacks;
use formwork_template::{Resource, Template, Value};

fn stacks(app: &App) -> Stacks {
    let options = SynthOptions::new(Date::parse("2026-11-29").unwrap())
        .target(Target::CloudFormation)
        .format(Format::Yaml);
    let out = app.synthesize(&options);
    assert!(!out.report.has_errors(), "{}", out.report);
    out.expanded.into_iter().map(|e| (e.stack, e.template)).collect()
}

fn one(name: &str, template: Template) -> Stacks {
    [(name.to_string(), template)].into_iter().collect()
}

fn us_east_1() -> Prices {
    Prices::region("us-east-1").expect("the vendored us-east-1 price file parses")
}

/// A template with one function, as the Lambda pricing examples describe it.
fn function(memory_mb: i64, arm64: bool) -> Stacks {
    let mut t = Template::new();
    let arch = if arm64 { "arm64" } else { "x86_64" };
    t.resources.insert(
        "Fn".into(),
        Resource::new("AWS::Lambda::Function")
            .property("MemorySize", memory_mb)
            .property("Timeout", 900)
            .property("Architectures", Value::List(vec![Value::from(arch)])),
    );
    one("app", t)
}

fn cents(usd: f64) -> i64 {
    (usd * 100.0).round() as i64
}

// ---- cost ----

/// AWS's worked example, reproduced to the cent: the AWS Lambda pricing page
/// (https://aws.amazon.com/lambda/pricing/), "Example 1" of the page as stored from its
/// 100 ms billing era: "If you allocated 512MB of memory to your function, executed it 3
/// million times in one month, and it ran for 1 second each time": 1,500,000 GB-s − 400,000
/// free tier GB-s = 1,100,000 GB-s × $0.00001667 = $18.34; 3M − 1M free requests = 2M ×
/// $0.2/M = $0.40; "Total charges = ... $18.34 + $0.40 = $18.74 per month". The page rounds
/// the GB-second price to $0.00001667; at today's $0.0000166667 the compute is $18.33.
#[test]
fn lambda_page_example_1_512_mb_3m_requests_with_free_tier() {
    let stacks = function(512, false);
    let workload = Workload::default().function_load(
        "Fn",
        FunctionLoad { requests: 3_000_000, duration_ms: Some(1000), provisioned_hours: None },
    );
    // the page's own rounded price reproduces its total to the cent
    let page = us_east_1_with(
        "lambda_duration_x86_64",
        r#"{ "tiers": [[null, 0.00001667]], "unit": "GB-second", "source": "https://aws.amazon.com/lambda/pricing/", "as_of": "page example" }"#,
    );
    let e = cost::estimate(&stacks, &workload, &page, FreeTier::Apply).unwrap();
    let free = e.items.iter().find(|i| i.resource == "free tier").unwrap().usd;
    let gross = e.items.iter().find(|i| i.resource == "Fn").unwrap().usd;
    // compute after the free tier, as the page states it: $18.34
    assert_eq!(cents(gross + free - 2_000_000.0 * 0.0000002), 1834);
    assert_eq!(cents(e.total_usd), 1874);
    assert!(e.to_text().contains("$18.74\n"), "{}", e.to_text());
    let e = cost::estimate(&stacks, &workload, &us_east_1(), FreeTier::Apply).unwrap();
    let gross = e.items.iter().find(|i| i.resource == "Fn").unwrap().usd;
    assert!((gross - (3.0 * 0.2 + 1_500_000.0 * 0.0000166667)).abs() < 1e-9, "{gross}");
    let free = e.items.iter().find(|i| i.resource == "free tier").unwrap().usd;
    assert!((free + (0.2 + 400_000.0 * 0.0000166667)).abs() < 1e-9, "{free}");
    assert_eq!(cents(e.total_usd), 1873); // $18.33 compute + $0.40 requests
}

/// arm64 at the documented unit prices (the Lambda page's current worked examples, such as
/// its mobile-backend example, were not in the stored copies of the page, so this checks
/// the unit prices only): 3M requests × 120 ms × 1,536 MB = 540,000 GB-s ×
/// $0.0000133334 = $7.20, and 3M × $0.20/M = $0.60, without the free tier.
#[test]
fn arm64_duration_and_requests_at_the_first_tier() {
    let stacks = function(1536, true);
    let workload = Workload::default().function_load(
        "Fn",
        FunctionLoad { requests: 3_000_000, duration_ms: Some(120), provisioned_hours: None },
    );
    let e = cost::estimate(&stacks, &workload, &us_east_1(), FreeTier::Skip).unwrap();
    assert_eq!(e.items.len(), 1);
    assert!(e.items[0].quantity.contains("540,000 GB-s"), "{}", e.items[0].quantity);
    assert!((e.total_usd - (540_000.0 * 0.0000133334 + 0.6)).abs() < 1e-9, "{}", e.total_usd);
    assert!(e.to_text().contains("$7.80"), "{}", e.to_text());
}

/// Ephemeral storage above 512 MB, by the page's formula: 1M requests × 1 s with 2,048 MB
/// of /tmp bill 1.5 GB × 1,000,000 s × $0.0000000309 = $0.04635 on top of 128 MB of
/// x86_64 compute (125,000 GB-s × $0.0000166667) and $0.20 of requests.
#[test]
fn ephemeral_storage_above_512_mb_is_billed() {
    let mut t = Template::new();
    t.resources.insert(
        "Fn".into(),
        Resource::new("AWS::Lambda::Function")
            .property("EphemeralStorage", Value::map([("Size", Value::Int(2048))])),
    );
    let workload = Workload::default().function_load(
        "Fn",
        FunctionLoad { requests: 1_000_000, duration_ms: Some(1000), provisioned_hours: None },
    );
    let e = cost::estimate(&one("app", t), &workload, &us_east_1(), FreeTier::Skip).unwrap();
    let expected = 0.2 + 125_000.0 * 0.0000166667 + 1.5 * 1_000_000.0 * 0.0000000309;
    assert!((e.total_usd - expected).abs() < 1e-9, "{} vs {expected}", e.total_usd);
}

/// Provisioned concurrency: 10 environments of 1 GB allocated for 100 hours cost
/// 10 × 1 × 360,000 s × $0.0000041667; requests served by them pay the provisioned
/// duration price ($0.0000097222) instead of the on-demand one, and no free tier.
#[test]
fn provisioned_concurrency_allocation_and_duration() {
    let mut t = Template::new();
    t.resources.insert("Fn".into(), Resource::new("AWS::Lambda::Function").property("MemorySize", 1024));
    t.resources.insert(
        "FnLive".into(),
        Resource::new("AWS::Lambda::Alias").property("FunctionName", Value::ref_("Fn")).property(
            "ProvisionedConcurrencyConfig",
            Value::map([("ProvisionedConcurrentExecutions", Value::Int(10))]),
        ),
    );
    let workload = Workload::default().function_load(
        "Fn",
        FunctionLoad { requests: 1_000_000, duration_ms: Some(100), provisioned_hours: Some(100.0) },
    );
    let e = cost::estimate(&one("app", t), &workload, &us_east_1(), FreeTier::Apply).unwrap();
    let allocation = 10.0 * 360_000.0 * 0.0000041667;
    let duration = 100_000.0 * 0.0000097222;
    let requests_after_free = 0.0; // 1M requests: all in the free tier
    let expected = allocation + duration + requests_after_free;
    assert!((e.total_usd - expected).abs() < 1e-9, "{} vs {expected}\n{}", e.total_usd, e.to_text());
}

/// Provisioned concurrency on arm64 has its own prices ($0.0000033334 allocated,
/// $0.0000077778 duration): 2 environments of 2 GB for the whole month (730 h) serving
/// 500,000 requests of 200 ms.
#[test]
fn provisioned_concurrency_on_arm64() {
    let mut t = Template::new();
    t.resources.insert(
        "Fn".into(),
        Resource::new("AWS::Lambda::Function")
            .property("MemorySize", 2048)
            .property("Architectures", Value::List(vec![Value::from("arm64")])),
    );
    t.resources.insert(
        "FnLive".into(),
        Resource::new("AWS::Lambda::Alias").property("FunctionName", Value::ref_("Fn")).property(
            "ProvisionedConcurrencyConfig",
            Value::map([("ProvisionedConcurrentExecutions", Value::Int(2))]),
        ),
    );
    let workload = Workload::default().function_load(
        "Fn",
        FunctionLoad { requests: 500_000, duration_ms: Some(200), provisioned_hours: None },
    );
    let e = cost::estimate(&one("app", t), &workload, &us_east_1(), FreeTier::Skip).unwrap();
    let allocation = 2.0 * 2.0 * 730.0 * 3600.0 * 0.0000033334;
    let duration = 500_000.0 * 0.2 * 2.0 * 0.0000077778;
    let expected = allocation + duration + 500_000.0 * 0.0000002;
    assert!((e.total_usd - expected).abs() < 1e-9, "{} vs {expected}\n{}", e.total_usd, e.to_text());
    assert!(!e.not_counted.iter().any(|n| n.contains("arm64")), "{:?}", e.not_counted);
}

#[test]
fn duration_tiers_apply_above_six_billion_gb_seconds() {
    let p = us_east_1();
    let x86 = p.get("lambda_duration_x86_64").unwrap();
    let cost = x86.cost(7_000_000_000.0);
    let expected = 6_000_000_000.0 * 0.0000166667 + 1_000_000_000.0 * 0.000015;
    assert!((cost - expected).abs() < 1e-3, "{cost} vs {expected}");
    let arm = p.get("lambda_duration_arm64").unwrap();
    let cost = arm.cost(20_000_000_000.0);
    let expected = 7.5e9 * 0.0000133334 + 11.25e9 * 0.0000120001 + 1.25e9 * 0.0000106667;
    assert!((cost - expected).abs() < 1e-3, "{cost} vs {expected}");
}

#[test]
fn request_prices_of_the_other_services() {
    let mut t = Template::new();
    t.resources.insert("Jobs".into(), Resource::new("AWS::SQS::Queue"));
    t.resources.insert("Ordered".into(), Resource::new("AWS::SQS::Queue").property("FifoQueue", true));
    t.resources.insert("Alerts".into(), Resource::new("AWS::SNS::Topic"));
    t.resources.insert(
        "Orders".into(),
        Resource::new("AWS::DynamoDB::Table").property("BillingMode", "PAY_PER_REQUEST"),
    );
    t.resources.insert("Rest".into(), Resource::new("AWS::ApiGateway::RestApi"));
    t.resources
        .insert("Http".into(), Resource::new("AWS::ApiGatewayV2::Api").property("ProtocolType", "HTTP"));
    t.resources.insert("Bus".into(), Resource::new("AWS::Events::Rule"));
    t.resources.insert("Clicks".into(), Resource::new("AWS::Kinesis::Stream").property("ShardCount", 2));
    let workload: Workload = Workload::from_json(&serde_json::json!({
        "queues": { "Jobs": { "requests": 2_000_000 }, "Ordered": { "requests": 1_000_000 } },
        "topics": { "Alerts": { "publishes": 1_000_000 } },
        "tables": { "Orders": { "reads": 8_000_000, "writes": 1_000_000 } },
        "apis": { "Rest": { "requests": 1_000_000 }, "Http": { "requests": 1_000_000 } },
        "rules": { "Bus": { "events": 1_000_000 } },
        "streams": { "Clicks": { "put_units": 1_000_000 } }
    }))
    .unwrap();
    let e = cost::estimate(&one("app", t), &workload, &us_east_1(), FreeTier::Skip).unwrap();
    let by = |id: &str| cents(e.items.iter().find(|i| i.resource == id).unwrap().usd * 100.0);
    // in hundredths of a cent
    assert_eq!(by("Jobs"), 8000); // 2M × $0.40/M
    assert_eq!(by("Ordered"), 5000); // 1M × $0.50/M (FIFO)
    assert_eq!(by("Alerts"), 5000); // 1M × $0.50/M
    assert_eq!(by("Orders"), 16250); // 8M × $0.125/M + 1M × $0.625/M (on-demand since Nov 2024)
    assert_eq!(by("Rest"), 35000); // 1M × $3.50/M
    assert_eq!(by("Http"), 10000); // 1M × $1.00/M
    assert_eq!(by("Bus"), 10000); // 1M × $1.00/M
    assert_eq!(by("Clicks"), 219140); // 2 shards × 730 h × $0.015 + 1M × $0.014/M
    assert!(!e.items.iter().any(|i| i.resource == "volume tiers"), "{}", e.to_text());
}

/// Payloads are billed in chunks: each 64 KB of an SQS request, SNS publish or EventBridge
/// event and each 512 KB of an HTTP API request is one request; REST requests are not
/// chunked.
#[test]
fn large_payloads_are_billed_in_chunks() {
    let mut t = Template::new();
    t.resources.insert("Jobs".into(), Resource::new("AWS::SQS::Queue"));
    t.resources.insert("Alerts".into(), Resource::new("AWS::SNS::Topic"));
    t.resources
        .insert("Http".into(), Resource::new("AWS::ApiGatewayV2::Api").property("ProtocolType", "HTTP"));
    t.resources.insert("Rest".into(), Resource::new("AWS::ApiGateway::RestApi"));
    t.resources.insert("Bus".into(), Resource::new("AWS::Events::Rule"));
    let workload: Workload = Workload::from_json(&serde_json::json!({
        "queues": { "Jobs": { "requests": 1_000_000, "payload_kb": 256 } },
        "topics": { "Alerts": { "publishes": 1_000_000, "payload_kb": 65 } },
        "apis": { "Http": { "requests": 1_000_000, "payload_kb": 513 }, "Rest": { "requests": 1_000_000, "payload_kb": 600 } },
        "rules": { "Bus": { "events": 1_000_000, "payload_kb": 64 } }
    }))
    .unwrap();
    let e = cost::estimate(&one("app", t), &workload, &us_east_1(), FreeTier::Skip).unwrap();
    let item = |id: &str| e.items.iter().find(|i| i.resource == id).unwrap();
    assert_eq!(cents(item("Jobs").usd), 160); // 4 chunks × 1M × $0.40/M
    assert_eq!(item("Jobs").quantity, "1,000,000 requests × 4 (256 KB in 64 KB chunks)");
    assert_eq!(cents(item("Alerts").usd), 100); // 2 chunks × 1M × $0.50/M
    assert_eq!(cents(item("Http").usd), 200); // 2 × 512 KB chunks × 1M × $1.00/M
    assert_eq!(cents(item("Rest").usd), 350); // not chunked
    assert_eq!(cents(item("Bus").usd), 100); // exactly one chunk
    assert_eq!(item("Bus").quantity, "1,000,000 custom events");
}

/// API Gateway's volume tiers, from AWS's API Gateway private APIs whitepaper (Cost
/// optimization, Table 4, us-east-1): REST $3.50/M for the first 333 million a month, then
/// $2.80/M; HTTP $1.00/M for the first 300 million, then $0.90/M. SQS standard: $0.40/M up
/// to 100 billion, then $0.30/M.
#[test]
fn volume_tiers_of_api_gateway_and_sqs() {
    let mut t = Template::new();
    t.resources.insert("Rest".into(), Resource::new("AWS::ApiGateway::RestApi"));
    t.resources
        .insert("Http".into(), Resource::new("AWS::ApiGatewayV2::Api").property("ProtocolType", "HTTP"));
    let workload: Workload = Workload::from_json(&serde_json::json!({
        "apis": { "Rest": { "requests": 400_000_000u64 }, "Http": { "requests": 350_000_000u64 } }
    }))
    .unwrap();
    let e = cost::estimate(&one("app", t), &workload, &us_east_1(), FreeTier::Skip).unwrap();
    // 333M × $3.50/M + 67M × $2.80/M = $1,165.50 + $187.60; 300M × $1.00/M + 50M × $0.90/M
    assert_eq!(cents(e.total_usd), 135_310 + 34_500, "{}", e.to_text());
    let tiers: Vec<_> =
        e.items.iter().filter(|i| i.resource == "volume tiers").map(|i| cents(i.usd)).collect();
    assert_eq!(tiers, [-4690, -500], "{}", e.to_text()); // 67M × $0.70/M, 50M × $0.10/M
    let sqs = us_east_1();
    let standard = sqs.get("sqs_standard_request").unwrap();
    // 100 billion × $0.40/M + 50 billion × $0.30/M = $40,000 + $15,000
    assert_eq!(cents(standard.cost(150e9)), 5_500_000);
}

/// SQS's one million free requests a month are shared by standard and FIFO queues; the
/// estimate gives them to FIFO first (the dearer).
#[test]
fn sqs_free_requests_are_shared_by_both_queue_types() {
    let mut t = Template::new();
    t.resources.insert("Jobs".into(), Resource::new("AWS::SQS::Queue"));
    t.resources.insert("Ordered".into(), Resource::new("AWS::SQS::Queue").property("FifoQueue", true));
    let workload: Workload = Workload::from_json(&serde_json::json!({
        "queues": { "Jobs": { "requests": 2_000_000 }, "Ordered": { "requests": 600_000 } }
    }))
    .unwrap();
    let e = cost::estimate(&one("app", t), &workload, &us_east_1(), FreeTier::Apply).unwrap();
    // free: 600,000 FIFO × $0.50/M + 400,000 standard × $0.40/M = $0.46
    let free = e.items.iter().find(|i| i.resource == "free tier").unwrap().usd;
    assert!((free + 0.46).abs() < 1e-9, "{free}");
    assert!((e.total_usd - (0.8 + 0.3 - 0.46)).abs() < 1e-9, "{}", e.to_text());
}

#[test]
fn per_million_prices_each_function_at_its_timeout() {
    let e = cost::per_million(&stacks(&queue_worker::app()), &us_east_1());
    assert_eq!(e.items.len(), 1);
    // 1M × $0.20/M + 1M × 30 s × 0.25 GB × $0.0000133334 (arm64)
    assert!((e.items[0].usd - (0.2 + 7_500_000.0 * 0.0000133334)).abs() < 1e-6);
    let text = e.to_text();
    assert!(
        text.contains("queue-worker / Worker  Lambda  $100.20  1M requests × 30 s at 256 MB arm64"),
        "{text}"
    );
    assert!(text.contains("full timeout (an upper bound)"), "{text}");
    assert!(text.contains("  - data transfer\n"), "{text}");
    assert!(e.to_json().contains("\"kind\": \"per_million_requests\""), "{}", e.to_json());
}

#[test]
fn a_workload_naming_what_the_app_lacks_is_refused() {
    let w = Workload::from_json(&serde_json::json!({ "functions": { "Wroker": { "requests": 1 } }, "queues": { "Orders": { "requests": 1 } } })).unwrap();
    let err = cost::estimate(&stacks(&queue_worker::app()), &w, &us_east_1(), FreeTier::Apply).unwrap_err();
    assert_eq!(
        err.problems,
        [
            "functions.Wroker: the app has no function of that name",
            "queues.Orders: the app has no queue of that name"
        ]
    );
    let err = Workload::from_json(
        &serde_json::json!({ "functions": { "Worker": { "requets": 1, "duration_ms": -1 } }, "lambdas": {} }),
    )
    .unwrap_err();
    assert_eq!(err.problems.len(), 3, "{err}");
}

#[test]
fn the_price_file_has_every_price_the_estimate_reads_with_a_source_and_date() {
    let p = us_east_1();
    for name in [
        "lambda_request",
        "lambda_duration_x86_64",
        "lambda_duration_arm64",
        "lambda_duration_free",
        "lambda_ephemeral_storage",
        "lambda_provisioned_x86_64",
        "lambda_provisioned_duration_x86_64",
        "lambda_provisioned_arm64",
        "lambda_provisioned_duration_arm64",
        "sqs_standard_request",
        "sqs_fifo_request",
        "sns_publish",
        "dynamodb_write_request_unit",
        "dynamodb_read_request_unit",
        "apigateway_rest_request",
        "apigateway_http_request",
        "eventbridge_custom_event",
        "scheduler_invocation",
        "kinesis_shard_hour",
        "kinesis_put_payload_unit",
    ] {
        let price = p.get(name).unwrap_or_else(|| panic!("{name} is missing"));
        assert!(price.source.starts_with("https://aws.amazon.com/"), "{name}");
        assert!(!price.as_of.is_empty(), "{name}");
    }
    // every price says what it was checked against
    let file: serde_json::Value =
        serde_json::from_str(include_str!("../data/prices/us-east-1.json")).unwrap();
    for (name, entry) in file["prices"].as_object().unwrap() {
        let checked = entry["checked"].as_array().unwrap_or_else(|| panic!("{name} has no checked list"));
        assert!(
            !checked.is_empty() && checked.iter().all(|c| c.as_str().is_some_and(|c| c.len() > 20)),
            "{name}"
        );
    }
    // the figures of the Lambda pricing table in docs/facts.md
    assert_eq!(p.get("lambda_request").unwrap().usd, 0.0000002);
    assert_eq!(p.get("lambda_request").unwrap().free_per_month, 1_000_000.0);
    assert_eq!(p.get("lambda_duration_free").unwrap().free_per_month, 400_000.0);
    assert_eq!(
        p.get("lambda_duration_x86_64").unwrap().tiers,
        [(Some(6e9), 0.0000166667), (Some(15e9), 0.000015), (None, 0.0000133334)]
    );
    assert_eq!(
        p.get("lambda_duration_arm64").unwrap().tiers[..2],
        [(Some(7.5e9), 0.0000133334), (Some(18.75e9), 0.0000120001)]
    );
    assert_eq!(p.get("lambda_provisioned_x86_64").unwrap().usd, 0.0000041667);
    assert_eq!(p.get("lambda_provisioned_duration_x86_64").unwrap().usd, 0.0000097222);
    assert_eq!(p.get("lambda_duration_x86_64").unwrap().usd, 0.0000166667);
    assert_eq!(p.get("lambda_duration_arm64").unwrap().usd, 0.0000133334);
    assert_eq!(p.get("lambda_ephemeral_storage").unwrap().usd, 0.0000000309);
    assert_eq!(cost::usd(1234.567), "$1,234.57");
    assert_eq!(cost::usd(-0.4), "-$0.40");
    assert_eq!(cost::usd(0.001), "<$0.01");
}

fn us_east_1_with(name: &str, entry: &str) -> Prices {
    let text = include_str!("../data/prices/us-east-1.json");
    let mut json: serde_json::Value = serde_json::from_str(text).unwrap();
    json["prices"][name] = serde_json::from_str(entry).unwrap();
    Prices::from_json(&json.to_string()).unwrap()
}

// ---- graph ----

#[test]
fn queue_worker_graph_in_mermaid() {
    let g = graph::graph(&stacks(&queue_worker::app()));
    assert_eq!(
        g.to_mermaid(),
        r#"flowchart LR
  subgraph s0["stack queue-worker"]
    n0_Orders[("Orders<br/><i>table</i>")]
    n0_FailedJobs[["FailedJobs<br/><i>queue</i>"]]
    n0_OrderJobs[["OrderJobs<br/><i>queue</i>"]]
    n0_Worker("Worker<br/><i>function</i>")
  end
  n0_OrderJobs -.->|redrive after 5| n0_FailedJobs
  n0_Worker -.->|DLQ| n0_FailedJobs
  n0_OrderJobs -->|batch 10| n0_Worker
  n0_Worker -->|reads, writes| n0_Orders
"#
    );
}

#[test]
fn image_pipeline_graph_has_triggers_destinations_and_access() {
    let g = graph::graph(&stacks(&image_pipeline::app()));
    let edge = |from: &str, to: &str| {
        g.edges.iter().find(|e| e.from.id == from && e.to.id == to).map(|e| (e.kind, e.label.as_str()))
    };
    assert_eq!(edge("Uploads", "Thumbnailer"), Some((EdgeKind::Trigger, "s3:ObjectCreated:*")));
    assert_eq!(edge("ThumbnailCreated", "Indexer"), Some((EdgeKind::Trigger, "subscription")));
    assert_eq!(edge("Thumbnailer", "FailedImages"), Some((EdgeKind::Failure, "on failure")));
    assert_eq!(edge("Thumbnailer", "ThumbnailDlq"), Some((EdgeKind::Failure, "DLQ")));
    assert_eq!(edge("Thumbnailer", "ThumbnailCreated"), Some((EdgeKind::Success, "on success")));
    assert_eq!(edge("Thumbnailer", "Thumbnails"), Some((EdgeKind::Access, "writes")));
    assert_eq!(edge("Indexer", "Images"), Some((EdgeKind::Access, "reads, writes"))); // DescribeTable reads
    let dot = g.to_dot();
    assert!(dot.contains("n0_Thumbnailer -> n0_FailedImages [label=\"on failure\", style=dashed];"), "{dot}");
    assert!(dot.contains("subgraph cluster_0 {"), "{dot}");
    assert_eq!(dot, graph::graph(&stacks(&image_pipeline::app())).render(GraphFormat::Dot), "deterministic");
}

#[test]
fn api_routes_and_cross_stack_imports_are_edges() {
    let g = graph::graph(&stacks(&orders_api::app()));
    assert!(
        g.edges.iter().any(|e| e.kind == EdgeKind::Trigger && e.label.contains(' ') && e.label.contains('/')),
        "{:?}",
        g.edges
    );
    let fleet = graph::graph(&stacks(&fleet::app(120)));
    assert!(fleet.groups.len() > 1);
    let shared =
        fleet.edges.iter().filter(|e| e.to.group == 0 && e.to.id == "Shared" && e.from.group > 0).count();
    assert!(shared > 0, "functions of other stacks reach the shared table through imports");
}

/// Every example's diagram in docs/examples.md is the current one. To rewrite the file:
/// `FORMWORK_UPDATE_DOCS=1 cargo test -p formwork-insight --test it examples_doc`.
#[test]
fn examples_doc_is_current() {
    let examples: Vec<(&str, &str, App)> = vec![
        ("queue-worker", "SQS → function → DynamoDB, with a dead-letter queue", queue_worker::app()),
        ("order-events", "A FIFO source and an SNS dead-letter topic", order_events::app()),
        ("orders-api", "A REST API in front of a function and a table", orders_api::app()),
        ("image-pipeline", "S3 uploads, async retries and destinations, SNS fan-out", image_pipeline::app()),
        ("stream-ingest", "Kinesis and DynamoDB stream consumers", stream_ingest::app()),
        (
            "scheduled-report",
            "A schedule, provisioned concurrency on an alias, a function URL",
            scheduled_report::app(),
        ),
        ("build-script", "An app synthesized by its own build script", build_script::app()),
    ];
    let mut doc = String::from(
        "# The examples, drawn\n\n<!-- Generated by `FORMWORK_UPDATE_DOCS=1 cargo test -p formwork-insight --test it examples_doc`; a test fails when it is stale. -->\n\nEach diagram is `formwork graph` (or `cargo run -p <example> -- graph`) of an example in\n`examples/`: event sources → functions → the resources they touch, failure paths dashed,\none box per stack. The fleet example is left out: 80 functions make a diagram nobody reads.\n",
    );
    for (name, about, app) in examples {
        let mermaid = graph::graph(&stacks(&app)).to_mermaid();
        doc.push_str(&format!("\n## {name}\n\n{about}.\n\n```mermaid\n{mermaid}```\n"));
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples.md");
    if std::env::var_os("FORMWORK_UPDATE_DOCS").is_some() {
        std::fs::write(path, &doc).unwrap();
    }
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(on_disk == doc, "docs/examples.md is stale: run FORMWORK_UPDATE_DOCS=1 cargo test -p formwork-insight --test it examples_doc");
}

// ---- diff ----

#[test]
fn no_change_is_no_change() {
    let s = stacks(&queue_worker::app());
    let d = diff::diff(&s, &s);
    assert!(!d.has_changes());
    assert_eq!(d.to_text(), "no changes\n");
}

#[test]
fn diff_reads_like_a_review() {
    let old = stacks(&queue_worker::app());
    let mut new = old.clone();
    let t = new.get_mut("queue-worker").unwrap();
    t.resources.get_mut("Worker").unwrap().properties.insert("MemorySize".into(), Value::Int(512));
    t.resources.get_mut("Orders").unwrap().properties.insert("TableName".into(), Value::from("orders-v2"));
    t.resources.shift_remove("FailedJobs");
    t.resources.insert(
        "WorkerTopicPermission".into(),
        Resource::new("AWS::Lambda::Permission")
            .property("Action", "lambda:InvokeFunction")
            .property("FunctionName", Value::ref_("Worker"))
            .property("Principal", "sns.amazonaws.com"),
    );
    let d = diff::diff(&old, &new);
    assert!(d.has_changes());
    let s = &d.stacks["queue-worker"];
    let ResourceChange::Modified { replacement, properties, .. } = &s.resources["Worker"] else { panic!() };
    assert_eq!(*replacement, Replacement::No);
    assert_eq!(properties[0].path, "Properties.MemorySize");
    assert_eq!(
        (properties[0].before.clone(), properties[0].after.clone()),
        (Some(Value::Int(256)), Some(Value::Int(512)))
    );
    let ResourceChange::Modified { replacement, .. } = &s.resources["Orders"] else { panic!() };
    assert_eq!(*replacement, Replacement::Yes, "TableName is create-only");
    assert_eq!(
        s.resources["FailedJobs"],
        ResourceChange::Removed { resource_type: "AWS::SQS::Queue".into(), retained: true }
    );
    let text = d.to_text();
    for line in [
        "stack queue-worker\n",
        "  ~ Orders  AWS::DynamoDB::Table  (replacement: yes)\n      TableName: (none) → orders-v2  [replaces]\n",
        "  ~ Worker  AWS::Lambda::Function  (replacement: no)\n      MemorySize: 256 → 512\n",
        "  + WorkerTopicPermission  AWS::Lambda::Permission\n",
        "  - FailedJobs  AWS::SQS::Queue  (retained: DeletionPolicy Retain)\n",
        "  IAM\n    + Allow lambda:InvokeFunction on Worker to sns.amazonaws.com  (WorkerTopicPermission)\n",
        "1 to add, 2 to modify (1 replaced), 1 to remove\n",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    assert!(d.to_json().contains("\"replacement\": \"yes\""), "{}", d.to_json());
}

#[test]
fn iam_section_lists_statements_added_and_removed() {
    let old = stacks(&queue_worker::app());
    let new_app = {
        use formwork::prelude::*;
        let mut app = App::new("queue-worker");
        let stack = app.stack("queue-worker");
        let orders = stack.add(Table::new("Orders", Key::new("orderId", AttributeType::String)));
        stack.add(
            Function::new(
                "Worker",
                Runtime::Python313,
                "app.handler",
                Code::inline("def handler(e, c): pass"),
            )
            .grant(orders.read_data()),
        );
        app
    };
    let d = diff::diff(&old, &stacks(&new_app));
    let s = &d.stacks["queue-worker"];
    let added: Vec<&str> = s.grants_added.iter().map(|g| g.action.as_str()).collect();
    let removed: Vec<&str> = s.grants_removed.iter().map(|g| g.action.as_str()).collect();
    assert!(added.contains(&"dynamodb:GetItem"), "{added:?}");
    assert!(removed.contains(&"dynamodb:PutItem"), "{removed:?}");
    assert!(removed.contains(&"sqs:ReceiveMessage"), "{removed:?}");
    assert!(
        !added.contains(&"sts:AssumeRole") && !removed.contains(&"sts:AssumeRole"),
        "the trust policy is unchanged"
    );
}

#[test]
fn stacks_added_and_removed() {
    let s = stacks(&queue_worker::app());
    let d = diff::diff(&Stacks::new(), &s);
    assert_eq!(d.stacks["queue-worker"].status, diff::StackStatus::Added);
    let d = diff::diff(&s, &Stacks::new());
    assert_eq!(d.stacks["queue-worker"].status, diff::StackStatus::Removed);
    assert!(d.to_text().contains("stack queue-worker (stack removed)"));
}

#[test]
fn a_trust_policy_grant_names_its_principal_and_no_empty_resource() {
    let d = diff::diff(&Stacks::new(), &stacks(&queue_worker::app()));
    let text = d.to_text();
    assert!(
        text.contains("    + Allow sts:AssumeRole to Service:lambda.amazonaws.com  (WorkerRole)\n"),
        "{text}"
    );
    assert!(!text.contains(" on  "), "{text}");
}

#[test]
fn json_templates_read_back_as_written() {
    for app in [
        queue_worker::app(),
        image_pipeline::app(),
        orders_api::app(),
        scheduled_report::app(),
        fleet::app(120),
    ] {
        for (name, template) in stacks(&app) {
            let read = formwork_insight::template_from_json(&template.to_json()).unwrap();
            assert!(read == template, "{name} reads back differently");
        }
    }
}

fn run_app(app: &App, line: &str) -> (u8, String, String) {
    let args: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = app.run(&args, &mut out, &mut err);
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

#[test]
fn app_binaries_run_cost_graph_and_diff() {
    let app = queue_worker::app();
    let (code, out, err) = run_app(&app, "queue-worker graph --format dot");
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("digraph app {"), "{out}");
    let (code, out, _) = run_app(&app, "queue-worker cost");
    assert_eq!(code, 0);
    assert!(out.contains("$100.20"), "{out}");
    let dir = std::env::temp_dir().join(format!("formwork-insight-app-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let workload = dir.join("workload.json");
    std::fs::write(&workload, r#"{"functions": {"Worker": {"requests": 3000000, "duration_ms": 120}}}"#)
        .unwrap();
    let (code, out, err) =
        run_app(&app, &format!("queue-worker cost --workload {} --no-free-tier", workload.display()));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("queue-worker / Worker  Lambda  $1.80"), "{out}");
    let out_dir = dir.join("out");
    let (code, _, err) =
        run_app(&app, &format!("queue-worker synth --format json --out {}", out_dir.display()));
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run_app(&app, &format!("queue-worker diff {}", out_dir.display()));
    assert_eq!((code, out.as_str()), (0, "no changes\n"), "{err}");
    let changed = {
        use formwork::prelude::*;
        let mut app = queue_worker::app();
        app.stack("queue-worker").add(Topic::new("Alerts"));
        app
    };
    let (code, out, _) = run_app(&changed, &format!("queue-worker diff {}", out_dir.display()));
    assert_eq!(code, 1);
    assert!(out.contains("  + Alerts  AWS::SNS::Topic\n"), "{out}");
    let (code, _, err) = run_app(&app, "queue-worker diff");
    assert_eq!(code, 2);
    assert!(err.contains("the following required arguments were not provided"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

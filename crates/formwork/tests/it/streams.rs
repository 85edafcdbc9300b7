//! Kinesis and DynamoDB stream sources: the mapping, the exact read actions on the
//! stream's ARN, and the rules FW213–FW216.

use formwork::prelude::*;
use formwork_template::Value;

use crate::support::*;

fn kinesis_app(source: impl FnOnce(&StreamRef) -> StreamSource) -> App {
    app(|s| {
        let stream = s.add(Stream::new("Clicks"));
        s.add(function("Reader").event_source(source(&stream)));
    })
}

use formwork::construct::StreamRef;

#[test]
fn kinesis_source_reads_the_stream_with_five_scoped_actions() {
    let a = app(|s| {
        let stream =
            s.add(Stream::new("Clicks").mode(StreamMode::Provisioned(2)).retention(Duration::days(3)));
        let q = s.add(Queue::new("Discarded"));
        s.add(
            function("Reader").event_source(
                StreamSource::kinesis(&stream, StartingPosition::TrimHorizon)
                    .batch_size(500)
                    .batching_window(Duration::secs(10))
                    .bisect_on_error()
                    .maximum_record_age(Duration::hours(1))
                    .retry_attempts(3)
                    .parallelization(4)
                    .tumbling_window(Duration::secs(30))
                    .report_batch_item_failures()
                    .filter(r#"{"data": {"kind": ["click"]}}"#)
                    .on_failure(&q),
            ),
        );
    });
    assert_eq!(codes(&a), Vec::<&str>::new());
    let t = template(&a);
    let stream = resource(&t, "Clicks");
    assert_eq!(stream.properties["ShardCount"], Value::Int(2));
    assert_eq!(stream.properties["RetentionPeriodHours"], Value::Int(72));
    assert_eq!(stream.properties["StreamEncryption"].get("KeyId"), Some(&Value::from("alias/aws/kinesis")));
    let m = &resource(&t, "ReaderClicks").properties;
    assert_eq!(m["EventSourceArn"], Value::get_att("Clicks", "Arn"));
    assert_eq!(m["StartingPosition"], Value::from("TRIM_HORIZON"));
    for (k, v) in [
        ("BatchSize", 500),
        ("MaximumBatchingWindowInSeconds", 10),
        ("MaximumRecordAgeInSeconds", 3600),
        ("MaximumRetryAttempts", 3),
        ("ParallelizationFactor", 4),
        ("TumblingWindowInSeconds", 30),
    ] {
        assert_eq!(m[k], Value::Int(v), "{k}");
    }
    assert_eq!(m["BisectBatchOnFunctionError"], Value::Bool(true));
    assert_eq!(
        m["DestinationConfig"].get("OnFailure").unwrap().get("Destination"),
        Some(&Value::get_att("Discarded", "Arn"))
    );
    assert_eq!(
        statements(&t, "ReaderRole")[1],
        (
            [
                "kinesis:DescribeStream",
                "kinesis:DescribeStreamSummary",
                "kinesis:GetRecords",
                "kinesis:GetShardIterator",
                "kinesis:ListShards",
            ]
            .map(String::from)
            .to_vec(),
            vec![Value::get_att("Clicks", "Arn")]
        )
    );
    assert_eq!(allowed(&t, "ReaderRole", "sqs:SendMessage"), [Value::get_att("Discarded", "Arn")]);
}

#[test]
fn dynamodb_stream_source_scopes_all_but_list_streams() {
    let a = app(|s| {
        let table =
            s.add(Table::new("Orders", Key::new("id", AttributeType::String)).stream(StreamView::NewImage));
        let topic = s.add(Topic::new("Discarded"));
        s.add(
            function("Reader")
                .event_source(StreamSource::dynamodb(&table, StartingPosition::Latest).on_failure(&topic)),
        );
    });
    assert_eq!(codes(&a), Vec::<&str>::new());
    let t = template(&a);
    assert_eq!(
        resource(&t, "ReaderOrders").properties["EventSourceArn"],
        Value::get_att("Orders", "StreamArn")
    );
    for action in ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"] {
        assert_eq!(allowed(&t, "ReaderRole", action), [Value::get_att("Orders", "StreamArn")], "{action}");
    }
    assert_eq!(allowed(&t, "ReaderRole", "dynamodb:ListStreams"), [Value::from("*")]);
    assert_eq!(allowed(&t, "ReaderRole", "sns:Publish"), [Value::ref_("Discarded")]);
    let reason =
        resource(&t, "ReaderRole").metadata["formwork:unscoped"].get("dynamodb:ListStreams").cloned();
    assert_eq!(
        reason,
        Some(Value::from("event_source Orders (dynamodb:ListStreams accepts no resource ARN)"))
    );
}

#[test]
fn stream_setting_ranges() {
    let bad = kinesis_app(|s| {
        StreamSource::kinesis(s, StartingPosition::Latest)
            .batch_size(10_001)
            .batching_window(Duration::secs(301))
            .maximum_record_age(Duration::secs(59))
            .retry_attempts(10_001)
            .parallelization(11)
            .tumbling_window(Duration::secs(901))
    });
    let fields: Vec<String> =
        with_code(&bad, "FW213").iter().map(|f| f.path.rsplit(" / ").next().unwrap().to_string()).collect();
    assert_eq!(
        fields,
        [
            "batch_size",
            "batching_window",
            "maximum_record_age",
            "retry_attempts",
            "parallelization",
            "tumbling_window"
        ]
    );
    let edges = kinesis_app(|s| {
        StreamSource::kinesis(s, StartingPosition::Latest)
            .batch_size(10_000)
            .batching_window(Duration::secs(300))
            .maximum_record_age(Duration::days(7))
            .retry_attempts(0)
            .parallelization(10)
            .tumbling_window(Duration::secs(900))
    });
    assert_eq!(codes(&edges), Vec::<&str>::new());
    // -1 (no limit) is allowed for the record age and the retries in hand-written templates.
    let mut t = template(&edges);
    set(&mut t, "ReaderClicks", "MaximumRecordAgeInSeconds", Value::Int(-1));
    set(&mut t, "ReaderClicks", "MaximumRetryAttempts", Value::Int(-1));
    assert_eq!(template_codes(&t), Vec::<&str>::new());
    set(&mut t, "ReaderClicks", "MaximumRetryAttempts", Value::Int(-2));
    assert_eq!(template_codes(&t), ["FW213"]);
}

#[test]
fn streams_need_a_starting_position() {
    let good = template(&kinesis_app(|s| StreamSource::kinesis(s, StartingPosition::Latest)));
    assert_eq!(template_codes(&good), Vec::<&str>::new());
    let mut t = good.clone();
    t.resources.get_mut("ReaderClicks").unwrap().properties.shift_remove("StartingPosition");
    assert_eq!(template_codes(&t), ["FW214"]);
}

#[test]
fn at_most_twenty_filters_of_valid_json() {
    let twenty = kinesis_app(|s| {
        (0..20).fold(StreamSource::kinesis(s, StartingPosition::Latest), |src, i| {
            src.filter(format!(r#"{{"n": [{i}]}}"#))
        })
    });
    assert_eq!(codes(&twenty), Vec::<&str>::new());
    let too_many = kinesis_app(|s| {
        (0..21).fold(StreamSource::kinesis(s, StartingPosition::Latest), |src, i| {
            src.filter(format!(r#"{{"n": [{i}]}}"#))
        })
    });
    assert_eq!(codes(&too_many), ["FW215"]);
    let broken = kinesis_app(|s| StreamSource::kinesis(s, StartingPosition::Latest).filter("{\"data\": "));
    let found = with_code(&broken, "FW219");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "stack test / function Reader / event_source Clicks / filter");
    let sqs_filters = app(|s| {
        let q = s.add(Queue::new("Jobs").visibility_timeout(Duration::secs(30)));
        s.add(function("Worker").event_source((0..21).fold(SqsSource::new(&q), |src, _| src.filter("{}"))));
    });
    assert_eq!(codes(&sqs_filters), ["FW215"]);
}

#[test]
fn a_table_read_as_a_stream_needs_its_stream() {
    let a = app(|s| {
        let table = s.add(Table::new("Orders", Key::new("id", AttributeType::String)));
        s.add(function("Reader").event_source(StreamSource::dynamodb(&table, StartingPosition::Latest)));
    });
    let found = with_code(&a, "FW216");
    assert_eq!(found.len(), 1, "{:?}", codes(&a));
    assert_eq!(found[0].path, "stack test / function Reader / event_source Orders / source");
}

#[test]
fn sam_renders_stream_events() {
    let a = app(|s| {
        let stream = s.add(Stream::new("Clicks"));
        let table =
            s.add(Table::new("Orders", Key::new("id", AttributeType::String)).stream(StreamView::KeysOnly));
        s.add(
            function("Reader")
                .event_source(StreamSource::kinesis(&stream, StartingPosition::Latest).bisect_on_error())
                .event_source(StreamSource::dynamodb(&table, StartingPosition::TrimHorizon)),
        );
    });
    let sam = formwork::to_sam(&template(&a), "assets");
    let events = &resource(&sam, "Reader").properties["Events"];
    let clicks = events.get("Clicks").unwrap();
    assert_eq!(clicks.get("Type"), Some(&Value::from("Kinesis")));
    assert_eq!(clicks.get("Properties").unwrap().get("Stream"), Some(&Value::get_att("Clicks", "Arn")));
    assert_eq!(events.get("Orders").unwrap().get("Type"), Some(&Value::from("DynamoDB")));
    assert!(!sam.resources.contains_key("ReaderClicks") && !sam.resources.contains_key("ReaderOrders"));
}

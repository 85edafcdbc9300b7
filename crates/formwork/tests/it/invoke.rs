//! Asynchronous invocation: `EventInvokeConfig`, destinations and their grants, and the
//! rules FW210 (ranges), FW211 (no failure target) and FW212 (destination targets).

use formwork::prelude::*;
use formwork_template::Value;

use crate::support::*;

#[test]
fn invoke_config_with_every_kind_of_destination_and_its_one_grant() {
    let a = app(|s| {
        let q = s.add(Queue::new("Done"));
        let t = s.add(Topic::new("Failed"));
        let b = s.add(Bucket::new("Records"));
        let other = s.add(function("Other").reserved_concurrency(1));
        s.add(
            function("Fn")
                .retry_attempts(0)
                .max_event_age(Duration::minutes(10))
                .on_success(&q)
                .on_failure(&t),
        );
        s.add(function("ToFunction").on_success(&other).on_failure(&b));
        s.add(function("ToBus").on_success(Destination::default_event_bus()).on_failure(&q));
        let _ = t;
    });
    let t = template(&a);
    let config = resource(&t, "FnEventInvokeConfig");
    assert_eq!(config.properties["FunctionName"], Value::ref_("Fn"));
    assert_eq!(config.properties["Qualifier"], Value::from("$LATEST"));
    assert_eq!(config.properties["MaximumRetryAttempts"], Value::Int(0));
    assert_eq!(config.properties["MaximumEventAgeInSeconds"], Value::Int(600));
    let dest = &config.properties["DestinationConfig"];
    assert_eq!(dest.get("OnSuccess").unwrap().get("Destination"), Some(&Value::get_att("Done", "Arn")));
    assert_eq!(dest.get("OnFailure").unwrap().get("Destination"), Some(&Value::ref_("Failed")));

    assert_eq!(allowed(&t, "FnRole", "sqs:SendMessage"), [Value::get_att("Done", "Arn")]);
    assert_eq!(allowed(&t, "FnRole", "sns:Publish"), [Value::ref_("Failed")]);
    assert_eq!(allowed(&t, "ToFunctionRole", "lambda:InvokeFunction"), [Value::get_att("Other", "Arn")]);
    assert_eq!(allowed(&t, "ToFunctionRole", "s3:PutObject"), [Value::sub("${Records.Arn}/*")]);
    assert_eq!(allowed(&t, "ToFunctionRole", "s3:ListBucket"), [Value::get_att("Records", "Arn")]);
    assert_eq!(
        allowed(&t, "ToBusRole", "events:PutEvents"),
        [Value::sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default")]
    );
    // No destination, no statement: the plain function's role has only its logs.
    assert!(allowed(&t, "OtherRole", "sqs:SendMessage").is_empty());
    assert!(!t.resources.contains_key("OtherEventInvokeConfig"));
    assert_eq!(codes(&a), Vec::<&str>::new());

    let permissions = &synth(&a).expanded[0].sources.permissions["ToFunctionRole"];
    let reasons: Vec<&str> = permissions.iter().map(|p| p.reason.as_str()).collect();
    assert!(reasons.contains(&"on_success Other") && reasons.contains(&"on_failure Records"), "{reasons:?}");
}

#[test]
fn retry_attempts_and_event_age_ranges() {
    let a = app(|s| {
        let q = s.add(Queue::new("Failed"));
        s.add(function("High").retry_attempts(3).max_event_age(Duration::hours(7)).on_failure(&q));
        s.add(function("Low").max_event_age(Duration::secs(59)).on_failure(&q));
        s.add(function("Edges").retry_attempts(2).max_event_age(Duration::secs(60)).on_failure(&q));
        s.add(function("Top").retry_attempts(0).max_event_age(Duration::secs(21_600)).on_failure(&q));
    });
    let found = with_code(&a, "FW210");
    let paths: Vec<&str> = found.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "stack test / function High / async invocation / retry_attempts",
            "stack test / function High / async invocation / max_event_age",
            "stack test / function Low / async invocation / max_event_age",
        ]
    );
    assert_eq!(found[0].message, "retry attempts of `HighEventInvokeConfig` is 3; Lambda accepts 0 to 2");
    assert_eq!(
        found[1].message,
        "maximum event age of `HighEventInvokeConfig` is 25200 s; Lambda accepts 60 to 21600 s"
    );
}

#[test]
fn asynchronously_invoked_functions_need_somewhere_to_send_failures() {
    let a = app(|s| {
        let topic = s.add(Topic::new("Events"));
        let q = s.add(Queue::new("Failed"));
        s.add(function("Lost").event_source(SnsSource::new(&topic)));
        s.add(function("WithDlq").dead_letter_queue(&q).event_source(SnsSource::new(&topic)));
        s.add(function("WithDestination").on_failure(&q).event_source(SnsSource::new(&topic)));
        s.add(function("Retries").retry_attempts(1));
        s.add(function("Synchronous"));
    });
    let found = with_code(&a, "FW211");
    let who: Vec<&str> = found.iter().map(|f| f.resource.as_deref().unwrap()).collect();
    assert_eq!(who, ["Lost", "Retries"]);
    assert_eq!(found[0].path, "stack test / function Lost");
    assert_eq!(found[0].severity, formwork::validate::Severity::Warning);
}

#[test]
fn every_push_source_counts_as_asynchronous() {
    let a = app(|s| {
        let b = s.add(Bucket::new("Uploads"));
        s.add(function("FromS3").event_source(S3Source::new(&b)));
        s.add(
            function("FromRule")
                .event_source(EventRule::schedule("Hourly", Schedule::rate(Duration::hours(1)))),
        );
        let api = s.add(RestApi::new("Api"));
        s.add(function("FromApi").event_source(ApiRoute::rest(&api, Method::Get, "/")));
    });
    let who: Vec<String> = with_code(&a, "FW211").into_iter().filter_map(|f| f.resource).collect();
    assert_eq!(who, ["FromS3", "FromRule"]);
}

#[test]
fn destinations_must_be_arns_of_supported_targets() {
    let base = app(|s| {
        let q = s.add(Queue::new("Failed"));
        s.add(Queue::new("Ordered").fifo());
        s.add(Bucket::new("Records"));
        let stream = s.add(Stream::new("Clicks"));
        s.add(function("Fn").retry_attempts(1).on_failure(&q));
        s.add(
            function("Reader")
                .event_source(StreamSource::kinesis(&stream, StartingPosition::Latest).on_failure(&q)),
        );
    });
    let good = template(&base);
    assert_eq!(template_codes(&good), Vec::<&str>::new());
    let on_failure = |t: &mut formwork_template::Template, id: &str, key: &str, v: Value| {
        let r = t.resources.get_mut(id).unwrap();
        let Some(Value::Map(config)) = r.properties.get_mut("DestinationConfig") else { panic!("{id}") };
        config.insert(key.to_string(), Value::map([("Destination", v)]));
    };
    for (target, key, id) in [
        (Value::ref_("Failed"), "OnFailure", "FnEventInvokeConfig"),
        (Value::get_att("Ordered", "Arn"), "OnFailure", "FnEventInvokeConfig"),
        (Value::get_att("Records", "Arn"), "OnSuccess", "FnEventInvokeConfig"),
        (
            Value::from("https://sqs.us-east-1.amazonaws.com/123456789012/failed"),
            "OnFailure",
            "FnEventInvokeConfig",
        ),
        (Value::from("arn:aws:sqs:us-east-1:123456789012:failed.fifo"), "OnFailure", "FnEventInvokeConfig"),
        (Value::get_att("Fn", "Arn"), "OnFailure", "ReaderClicks"),
    ] {
        let mut t = good.clone();
        on_failure(&mut t, id, key, target.clone());
        assert_eq!(template_codes(&t), ["FW212"], "{target:?} as {key} of {id}");
    }
    for target in [Value::get_att("Records", "Arn"), Value::from("arn:aws:sns:us-east-1:123456789012:alerts")]
    {
        let mut t = good.clone();
        on_failure(&mut t, "FnEventInvokeConfig", "OnFailure", target.clone());
        assert_eq!(template_codes(&t), Vec::<&str>::new(), "{target:?}");
    }
}

#[test]
fn an_alias_is_what_asynchronous_settings_configure() {
    let a = app(|s| {
        let q = s.add(Queue::new("Failed"));
        s.add(function("Fn").alias("live").retry_attempts(1).on_failure(&q));
    });
    let t = template(&a);
    let config = resource(&t, "FnEventInvokeConfig");
    assert_eq!(config.properties["Qualifier"], Value::from("live"));
    assert_eq!(config.depends_on, ["FnAliaslive"]);
}

#[test]
fn sam_folds_invoke_config_with_destination_types() {
    let a = app(|s| {
        let q = s.add(Queue::new("Failed"));
        let t = s.add(Topic::new("Done"));
        s.add(function("Fn").retry_attempts(1).on_success(&t).on_failure(&q));
        s.add(function("NoDestination").retry_attempts(1));
    });
    let sam = formwork::to_sam(&template(&a), "assets");
    let props = &resource(&sam, "Fn").properties;
    let config = &props["EventInvokeConfig"];
    assert_eq!(config.get("MaximumRetryAttempts"), Some(&Value::Int(1)));
    let dest = config.get("DestinationConfig").unwrap();
    assert_eq!(dest.get("OnSuccess").unwrap().get("Type"), Some(&Value::from("SNS")));
    assert_eq!(dest.get("OnFailure").unwrap().get("Type"), Some(&Value::from("SQS")));
    assert!(!sam.resources.contains_key("FnEventInvokeConfig"));
    // Without destinations SAM would add an empty DestinationConfig: the config stays plain.
    assert!(sam.resources.contains_key("NoDestinationEventInvokeConfig"));
    assert!(!resource(&sam, "NoDestination").properties.contains_key("EventInvokeConfig"));
}

//! Services that push events: SNS subscriptions, S3 notifications, EventBridge rules and
//! schedules; each permission limited to its source; rules FW217, FW218, FW219, FW221.

use formwork::prelude::*;
use formwork_template::{Pseudo, Value};

use crate::support::*;

#[test]
fn sns_subscription_and_a_permission_for_that_topic_only() {
    let a = app(|s| {
        let topic = s.add(Topic::new("Orders"));
        let q = s.add(Queue::new("Failed"));
        s.add(
            function("Notify")
                .on_failure(&q)
                .event_source(SnsSource::new(&topic).filter_policy(r#"{"kind": ["created"]}"#)),
        );
    });
    assert_eq!(codes(&a), Vec::<&str>::new());
    let t = template(&a);
    let sub = &resource(&t, "NotifyOrders").properties;
    assert_eq!(sub["Protocol"], Value::from("lambda"));
    assert_eq!(sub["Endpoint"], Value::get_att("Notify", "Arn"));
    assert_eq!(sub["TopicArn"], Value::ref_("Orders"));
    assert_eq!(sub["FilterPolicy"], Value::map([("kind", Value::List(vec!["created".into()]))]));
    let p = &resource(&t, "NotifyOrdersPermission").properties;
    assert_eq!(p["Principal"], Value::from("sns.amazonaws.com"));
    assert_eq!(p["SourceArn"], Value::ref_("Orders"));
    assert_eq!(p["FunctionName"], Value::ref_("Notify"));
}

#[test]
fn s3_notifications_wait_for_a_permission_that_names_the_bucket_without_referring_to_it() {
    let a = app(|s| {
        let b = s.add(Bucket::new("Uploads"));
        let q = s.add(Queue::new("Failed"));
        s.add(
            function("Resize")
                .on_failure(&q)
                .env("BUCKET", b.name())
                .grant(b.read_objects())
                .event_source(S3Source::new(&b).prefix("in/").suffix(".png"))
                .event_source(S3Source::new(&b).event("s3:ObjectRemoved:*")),
        );
    });
    assert_eq!(codes(&a), Vec::<&str>::new(), "{}", synth(&a).report);
    let t = template(&a);
    let bucket = resource(&t, "Uploads");
    assert_eq!(bucket.depends_on, ["ResizeUploadsPermission"]);
    let name = Value::sub("test-uploads-${AWS::AccountId}-${AWS::Region}");
    assert_eq!(bucket.properties["BucketName"], name);
    let configs = bucket.properties["NotificationConfiguration"]
        .get("LambdaConfigurations")
        .unwrap()
        .as_list()
        .unwrap();
    assert_eq!(configs.len(), 2);
    assert_eq!(configs[0].get("Event"), Some(&Value::from("s3:ObjectCreated:*")));
    assert_eq!(configs[0].get("Function"), Some(&Value::get_att("Resize", "Arn")));
    assert_eq!(configs[1].get("Event"), Some(&Value::from("s3:ObjectRemoved:*")));
    let p = &resource(&t, "ResizeUploadsPermission").properties;
    let arn = Value::sub("arn:${AWS::Partition}:s3:::test-uploads-${AWS::AccountId}-${AWS::Region}");
    assert_eq!(p["SourceArn"], arn);
    assert_eq!(p["SourceAccount"], Value::pseudo(Pseudo::AccountId));
    // The function refers to the bucket by that name too, or the role would close a cycle.
    assert_eq!(allowed(&t, "ResizeRole", "s3:ListBucket"), [arn]);
    assert_eq!(
        allowed(&t, "ResizeRole", "s3:GetObject"),
        [Value::sub("arn:${AWS::Partition}:s3:::test-uploads-${AWS::AccountId}-${AWS::Region}/*")]
    );
    assert_eq!(
        resource(&t, "Resize").properties["Environment"].get("Variables").unwrap().get("BUCKET"),
        Some(&name)
    );
    // Buckets encrypt, block public access and are kept.
    assert!(bucket.properties.contains_key("BucketEncryption"));
    assert!(bucket.properties.contains_key("PublicAccessBlockConfiguration"));
    assert_eq!(bucket.deletion_policy, Some(formwork_template::DeletionPolicy::Retain));
    // SAM would write the permission without a SourceArn: the notification stays plain.
    let sam = formwork::to_sam(&t, "assets");
    assert!(sam.resources.contains_key("ResizeUploadsPermission"));
    assert!(resource(&sam, "Resize").properties.get("Events").is_none());
}

#[test]
fn a_notification_that_cannot_deploy_is_caught_in_hand_written_templates() {
    let good = template(&app(|s| {
        let b = s.add(Bucket::new("Uploads").name("my-uploads"));
        let q = s.add(Queue::new("Failed"));
        s.add(function("Resize").on_failure(&q).event_source(S3Source::new(&b)));
    }));
    assert_eq!(template_codes(&good), Vec::<&str>::new());
    assert_eq!(
        resource(&good, "ResizeUploadsPermission").properties["SourceArn"],
        Value::sub("arn:${AWS::Partition}:s3:::my-uploads")
    );

    let mut no_wait = good.clone();
    no_wait.resources.get_mut("Uploads").unwrap().depends_on.clear();
    assert_eq!(template_codes(&no_wait), ["FW217"]);

    let mut cycle = good.clone();
    set(&mut cycle, "ResizeUploadsPermission", "SourceArn", Value::get_att("Uploads", "Arn"));
    assert!(template_codes(&cycle).contains(&"FW217"), "{:?}", template_codes(&cycle));

    let mut no_permission = good.clone();
    no_permission.resources.shift_remove("ResizeUploadsPermission");
    no_permission.resources.get_mut("Uploads").unwrap().depends_on.clear();
    assert_eq!(template_codes(&no_permission), ["FW217"]);
}

#[test]
fn a_bucket_of_another_stack_cannot_notify() {
    let mut a = App::new("test").root(env!("CARGO_MANIFEST_DIR"));
    let b = a.stack("data").add(Bucket::new("Uploads"));
    let q = a.stack("compute").add(Queue::new("Failed"));
    a.stack("compute").add(function("Resize").on_failure(&q).event_source(S3Source::new(&b)));
    let found = with_code(&a, "FW218");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "stack compute / function Resize / event_source Uploads");
}

#[test]
fn eventbridge_rules_and_schedules() {
    let a = app(|s| {
        let q = s.add(Queue::new("Failed"));
        s.add(
            function("React")
                .on_failure(&q)
                .event_source(
                    EventRule::pattern("Ec2", r#"{"source": ["aws.ec2"]}"#).description("EC2 changes"),
                )
                .event_source(
                    EventRule::schedule("Nightly", Schedule::cron("0 2 * * ? *"))
                        .input(r#"{"mode": "full"}"#)
                        .disabled(),
                ),
        );
    });
    assert_eq!(codes(&a), Vec::<&str>::new());
    let t = template(&a);
    let rule = &resource(&t, "ReactEc2").properties;
    assert_eq!(rule["EventPattern"], Value::map([("source", Value::List(vec!["aws.ec2".into()]))]));
    assert_eq!(rule["Targets"].as_list().unwrap()[0].get("Arn"), Some(&Value::get_att("React", "Arn")));
    let nightly = &resource(&t, "ReactNightly").properties;
    assert_eq!(nightly["ScheduleExpression"], Value::from("cron(0 2 * * ? *)"));
    assert_eq!(nightly["State"], Value::from("DISABLED"));
    assert_eq!(
        nightly["Targets"].as_list().unwrap()[0].get("Input"),
        Some(&Value::from(r#"{"mode": "full"}"#))
    );
    let p = &resource(&t, "ReactNightlyPermission").properties;
    assert_eq!(p["Principal"], Value::from("events.amazonaws.com"));
    assert_eq!(p["SourceArn"], Value::get_att("ReactNightly", "Arn"));

    let sam = formwork::to_sam(&t, "assets");
    let events = &resource(&sam, "React").properties["Events"];
    let nightly = events.get("Nightly").unwrap();
    assert_eq!(nightly.get("Type"), Some(&Value::from("Schedule")));
    assert_eq!(nightly.get("Properties").unwrap().get("State"), Some(&Value::from("DISABLED")));
    assert!(
        !sam.resources.contains_key("ReactNightly") && !sam.resources.contains_key("ReactNightlyPermission")
    );
    // SAM's EventBridgeRule event has no description: that rule stays plain.
    assert!(events.get("Ec2").is_none());
    assert!(sam.resources.contains_key("ReactEc2") && sam.resources.contains_key("ReactEc2Permission"));
    let plain = app(|s| {
        let q = s.add(Queue::new("Failed"));
        s.add(
            function("React")
                .on_failure(&q)
                .event_source(EventRule::pattern("Ec2", r#"{"source": ["aws.ec2"]}"#)),
        );
    });
    let sam = formwork::to_sam(&template(&plain), "assets");
    let ec2 = resource(&sam, "React").properties["Events"].get("Ec2").cloned().unwrap();
    assert_eq!(ec2.get("Type"), Some(&Value::from("EventBridgeRule")));
}

#[test]
fn schedule_expressions_are_checked() {
    let schedule = |s: Schedule| {
        app(|st| {
            let q = st.add(Queue::new("Failed"));
            st.add(function("Tick").on_failure(&q).event_source(EventRule::schedule("Tick", s)));
        })
    };
    assert_eq!(codes(&schedule(Schedule::rate(Duration::minutes(1)))), Vec::<&str>::new());
    assert_eq!(codes(&schedule(Schedule::rate(Duration::days(3)))), Vec::<&str>::new());
    assert_eq!(codes(&schedule(Schedule::rate(Duration::secs(30)))), ["FW221"]);
    assert_eq!(codes(&schedule(Schedule::cron("0 6 * * ?"))), ["FW221"]);
    let found = with_code(&schedule(Schedule::cron("0 6 * * ?")), "FW221");
    assert_eq!(found[0].path, "stack test / function Tick / event_source Tick / schedule");
}

#[test]
fn event_documents_must_be_json() {
    let a = app(|s| {
        let q = s.add(Queue::new("Failed"));
        let topic = s.add(Topic::new("Orders"));
        s.add(
            function("Fn")
                .on_failure(&q)
                .event_source(EventRule::pattern("Bad", "{source: aws.ec2}"))
                .event_source(EventRule::schedule("Input", Schedule::rate(Duration::hours(1))).input("{"))
                .event_source(SnsSource::new(&topic).filter_policy("[1")),
        );
    });
    let paths: Vec<String> = with_code(&a, "FW219").into_iter().map(|f| f.path).collect();
    assert_eq!(
        paths,
        [
            "stack test / function Fn / event_source Bad / pattern",
            "stack test / function Fn / event_source Input / input",
            "stack test / function Fn / event_source Orders / filter_policy",
        ]
    );
}

//! Existing resources (by ARN or by name) used as handles everywhere; secrets,
//! parameters and KMS keys with their grants; handles checked by kind.

use formwork::prelude::*;
use formwork_template::Value;

use crate::support::{allowed, app, codes, function, resource, template, with_code};

fn sub(s: &str) -> Value {
    Value::sub(s)
}

#[test]
fn existing_resources_by_name_scope_grants_with_pseudo_parameters() {
    let app = app(|stack| {
        let orders = stack.add(Table::from_name("Orders"));
        let alerts = stack.add(Topic::from_name("alerts"));
        let jobs = stack.add(Queue::from_name("jobs"));
        let assets = stack.add(Bucket::from_name("shared-assets"));
        let feed = stack.add(Stream::from_name("feed"));
        let resize = stack.add(Function::from_name("resize"));
        stack.add(
            function("Worker")
                .env("ORDERS", orders.name())
                .env("JOBS_URL", jobs.url())
                .grant(orders.read_data())
                .grant(assets.read_objects())
                .grant(feed.put_records())
                .dead_letter_queue(&alerts)
                .on_success(&resize)
                .event_source(SqsSource::new(&jobs)),
        );
    });
    assert_eq!(codes(&app), Vec::<&str>::new());
    let t = template(&app);
    let ids: Vec<&String> = t.resources.keys().collect();
    assert!(
        !ids.iter()
            .any(|id| ["Orders", "alerts", "jobs", "sharedassets", "feed", "resize"].contains(&id.as_str())),
        "{ids:?}"
    );
    let p = "arn:${AWS::Partition}";
    let ra = "${AWS::Region}:${AWS::AccountId}";
    assert_eq!(
        allowed(&t, "WorkerRole", "dynamodb:GetItem"),
        [sub(&format!("{p}:dynamodb:{ra}:table/Orders"))]
    );
    assert_eq!(allowed(&t, "WorkerRole", "s3:GetObject"), [sub(&format!("{p}:s3:::shared-assets/*"))]);
    assert_eq!(
        allowed(&t, "WorkerRole", "kinesis:PutRecord"),
        [sub(&format!("{p}:kinesis:{ra}:stream/feed"))]
    );
    assert_eq!(allowed(&t, "WorkerRole", "sns:Publish"), [sub(&format!("{p}:sns:{ra}:alerts"))]);
    assert_eq!(
        allowed(&t, "WorkerRole", "lambda:InvokeFunction"),
        [sub(&format!("{p}:lambda:{ra}:function:resize"))]
    );
    assert_eq!(allowed(&t, "WorkerRole", "sqs:ReceiveMessage"), [sub(&format!("{p}:sqs:{ra}:jobs"))]);
    let env = resource(&t, "Worker").properties["Environment"].get("Variables").unwrap().clone();
    assert_eq!(env.get("ORDERS"), Some(&Value::from("Orders")));
    assert_eq!(
        env.get("JOBS_URL"),
        Some(&sub("https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/jobs"))
    );
}

#[test]
fn existing_resources_by_arn_are_written_as_given() {
    let arn = "arn:aws:sqs:eu-west-1:123456789012:jobs";
    let app = app(|stack| {
        let jobs = stack.add(Queue::existing("Jobs", arn));
        let layer =
            stack.add(Layer::existing("Shared", "arn:aws:lambda:eu-west-1:123456789012:layer:shared:3"));
        stack.add(function("Worker").grant(jobs.send()).layer(&layer).env("JOBS", jobs.name()));
    });
    assert_eq!(codes(&app), Vec::<&str>::new());
    let t = template(&app);
    assert_eq!(allowed(&t, "WorkerRole", "sqs:SendMessage"), [Value::from(arn)]);
    let props = &resource(&t, "Worker").properties;
    assert_eq!(
        props["Layers"],
        Value::List(vec![Value::from("arn:aws:lambda:eu-west-1:123456789012:layer:shared:3")])
    );
    assert_eq!(props["Environment"].get("Variables").unwrap().get("JOBS"), Some(&Value::from("jobs")));
}

#[test]
fn an_existing_table_stream_needs_its_arn() {
    let stream = "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2026-01-01T00:00:00.000";
    let given = app(|stack| {
        let orders = stack.add(Table::from_name("Orders").stream_arn(stream));
        stack.add(function("Worker").event_source(StreamSource::dynamodb(&orders, StartingPosition::Latest)));
    });
    assert_eq!(codes(&given), Vec::<&str>::new());
    assert_eq!(allowed(&template(&given), "WorkerRole", "dynamodb:GetRecords"), [Value::from(stream)]);
    let missing = app(|stack| {
        let orders = stack.add(Table::from_name("Orders"));
        stack.add(function("Worker").event_source(StreamSource::dynamodb(&orders, StartingPosition::Latest)));
    });
    let found = with_code(&missing, "FW521");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, "stack test / function Worker / event_source Orders");
}

#[test]
fn an_existing_bucket_cannot_notify() {
    let app = app(|stack| {
        let assets = stack.add(Bucket::from_name("shared-assets"));
        stack.add(function("Worker").event_source(S3Source::new(&assets)));
    });
    assert_eq!(codes(&app), ["FW521"]);
}

#[test]
fn secrets_read_with_their_key() {
    let app = app(|stack| {
        let key = stack.add(KmsKey::new("AppKey"));
        let db = stack.add(Secret::new("DbPassword").kms_key(&key));
        let config = stack.add(Parameter::new("Config", "/app/config", "{}"));
        stack.add(
            function("Worker")
                .env("DB_SECRET", db.arn())
                .env("CONFIG", config.name())
                .grant(db.read())
                .grant(config.read())
                .grant(key.encrypt()),
        );
    });
    assert_eq!(codes(&app), Vec::<&str>::new());
    let t = template(&app);
    assert_eq!(resource(&t, "DbPassword").resource_type, "AWS::SecretsManager::Secret");
    assert_eq!(resource(&t, "DbPassword").properties["KmsKeyId"], Value::get_att("AppKey", "Arn"));
    assert_eq!(resource(&t, "Config").resource_type, "AWS::SSM::Parameter");
    assert_eq!(resource(&t, "AppKey").resource_type, "AWS::KMS::Key");
    assert_eq!(allowed(&t, "WorkerRole", "secretsmanager:GetSecretValue"), [Value::ref_("DbPassword")]);
    assert_eq!(allowed(&t, "WorkerRole", "secretsmanager:DescribeSecret"), [Value::ref_("DbPassword")]);
    assert_eq!(allowed(&t, "WorkerRole", "kms:Decrypt"), [Value::get_att("AppKey", "Arn")]);
    assert_eq!(allowed(&t, "WorkerRole", "kms:GenerateDataKey"), [Value::get_att("AppKey", "Arn")]);
    assert_eq!(
        allowed(&t, "WorkerRole", "ssm:GetParameter"),
        [sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${Config}")]
    );
    let env = resource(&t, "Worker").properties["Environment"].get("Variables").unwrap().clone();
    assert_eq!(env.get("DB_SECRET"), Some(&Value::ref_("DbPassword")));
    assert_eq!(env.get("CONFIG"), Some(&Value::ref_("Config")));
}

#[test]
fn existing_secrets_and_parameters_read_with_their_key() {
    let key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let app = app(|stack| {
        let key = stack.add(KmsKey::existing("TeamKey", key_arn));
        let db = stack.add(Secret::from_name("prod/db").kms_key(&key));
        let flag = stack.add(Parameter::from_name("/team/flag").kms_key(&key));
        stack.add(function("Worker").env("DB_SECRET", db.arn()).grant(db.read()).grant(flag.read()));
    });
    assert_eq!(codes(&app), Vec::<&str>::new());
    let t = template(&app);
    assert_eq!(
        allowed(&t, "WorkerRole", "secretsmanager:GetSecretValue"),
        [sub("arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:prod/db-??????")]
    );
    assert_eq!(
        allowed(&t, "WorkerRole", "ssm:GetParameters"),
        [sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/team/flag")]
    );
    assert_eq!(allowed(&t, "WorkerRole", "kms:Decrypt"), [Value::from(key_arn)]);
}

#[test]
fn a_handle_of_the_wrong_kind_is_one_located_error() {
    let app = app(|stack| {
        stack.add(Queue::new("Jobs"));
        let jobs = stack.table_ref("Jobs");
        stack.add(function("Reader").grant(jobs.read_data()));
    });
    let found = crate::support::findings(&app);
    assert_eq!(found.iter().map(|f| f.code).collect::<Vec<_>>(), ["FW520"], "{found:?}");
    assert_eq!(found[0].path, "stack test / function Reader / grant read_data Jobs");
    assert!(found[0].message.contains("`Jobs` is a queue, not a table"), "{}", found[0].message);
}

#[test]
fn a_handle_of_the_right_kind_stays_quiet() {
    let app = app(|stack| {
        stack.add(Queue::new("Jobs"));
        let jobs = stack.queue_ref("Jobs");
        stack.add(function("Reader").grant(jobs.consume()));
    });
    assert!(with_code(&app, "FW520").is_empty());
}

#[test]
fn an_existing_resource_may_not_share_an_id() {
    let clash = app(|stack| {
        stack.add(Queue::new("Jobs"));
        stack.add(Topic::from_name("Jobs"));
    });
    let found = with_code(&clash, "FW502");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, "stack test / existing topic Jobs");
    assert!(found[0].message.contains("an existing topic and a queue"), "{}", found[0].message);
    let apart = app(|stack| {
        stack.add(Queue::new("Jobs"));
        stack.add(Topic::from_name("JobAlerts"));
    });
    assert!(with_code(&apart, "FW502").is_empty());
}

#[test]
fn an_existing_resource_is_used_from_another_stack_without_an_export() {
    let mut app = App::new("test").root(env!("CARGO_MANIFEST_DIR"));
    let feed = app
        .stack("shared")
        .add(Stream::existing("Feed", "arn:aws:kinesis:eu-west-1:123456789012:stream/feed"));
    let alerts = app.stack("shared").add(Topic::from_name("alerts"));
    app.stack("workers").add(
        function("Reader")
            .event_source(StreamSource::kinesis(&feed, StartingPosition::Latest))
            .event_source(SnsSource::new(&alerts))
            .dead_letter_queue(&alerts),
    );
    let out = crate::support::synth(&app);
    assert_eq!(out.report.codes(), Vec::<&str>::new());
    assert!(out.expanded.iter().all(|e| e.imports.is_empty() && e.template.outputs.is_empty()));
    let t = &out.expanded[1].template;
    assert_eq!(
        allowed(t, "ReaderRole", "kinesis:GetRecords"),
        [Value::from("arn:aws:kinesis:eu-west-1:123456789012:stream/feed")]
    );
    assert_eq!(
        resource(t, "Readeralerts").properties["TopicArn"],
        sub("arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:alerts")
    );
}

#[test]
fn the_new_grants_name_actions_the_catalog_knows() {
    use formwork::construct::GrantIntent;
    for intent in
        [GrantIntent::ReadSecret, GrantIntent::ReadParameter, GrantIntent::Decrypt, GrantIntent::Encrypt]
    {
        for action in intent.actions() {
            let parsed = Action::parse(action).unwrap_or_else(|e| panic!("{action}: {e:?}"));
            assert_eq!(parsed.as_str(), *action, "spelt as AWS spells it");
        }
    }
}

#[test]
fn a_wrong_handle_leaves_out_only_its_own_permissions() {
    use formwork::iam::actions::Dynamodb;
    let app = app(|stack| {
        let jobs = stack.add(Queue::new("Jobs"));
        let wrong = stack.table_ref("Jobs");
        stack.add(
            function("Reader")
                .statement(Statement::allow([Dynamodb::GetItem], [wrong.arn()]))
                .grant(jobs.send()),
        );
        stack.add(function("Writer").grant(jobs.send()));
    });
    let found = crate::support::findings(&app);
    assert_eq!(found.iter().map(|f| f.code).collect::<Vec<_>>(), ["FW520"], "{found:?}");
    assert_eq!(found[0].path, "stack test / function Reader / statement 1");
    let t = template(&app);
    assert_eq!(allowed(&t, "ReaderRole", "sqs:SendMessage"), [Value::get_att("Jobs", "Arn")]);
    assert_eq!(allowed(&t, "WriterRole", "sqs:SendMessage"), [Value::get_att("Jobs", "Arn")]);
}

#[test]
fn a_wrong_handle_as_an_event_source_or_dead_letter_queue_is_one_error_each() {
    let app = app(|stack| {
        stack.add(Table::new("Orders", Key::new("id", AttributeType::String)));
        let wrong = stack.queue_ref("Orders");
        stack.add(function("Reader").event_source(SqsSource::new(&wrong)).dead_letter_queue(&wrong));
    });
    let found = crate::support::findings(&app);
    let paths: Vec<(&str, &str)> = found.iter().map(|f| (f.code, f.path.as_str())).collect();
    assert_eq!(
        paths,
        [
            ("FW520", "stack test / function Reader / dead_letter_queue"),
            ("FW520", "stack test / function Reader / event_source Orders")
        ],
        "{found:?}"
    );
}

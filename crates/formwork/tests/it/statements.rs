//! Hand-made IAM statements on a function's own role: typed and checked actions,
//! resources from handles, literal ARNs and ARNs spelt with pseudo parameters; checked
//! like generated statements, located at the statement, listed by `policy`.

use formwork::iam::actions::{Dynamodb, Iam, Kms, Sqs, Ssm, S3};
use formwork::prelude::*;
use formwork_template::Value;

use crate::support::{allowed, app, codes, function, synth, template, with_code};

#[test]
fn the_issue_form_compiles_and_reports_fw404_at_the_function() {
    let app = app(|stack| {
        let jobs = stack.add(Queue::new("Jobs"));
        stack.add(
            Function::new("Reader", Runtime::Python313, "app.handler", Code::dir("tests/fixtures/handler"))
                .statement(Statement::allow([Dynamodb::GetItem], [jobs.arn()])),
        );
    });
    let found = with_code(&app, "FW404");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, "stack test / function Reader / statement 1");
    assert!(found[0].message.contains("dynamodb:GetItem"), "{}", found[0].message);
}

#[test]
fn a_well_scoped_statement_is_written_and_stays_quiet() {
    let app = app(|stack| {
        let jobs = stack.add(Queue::new("Jobs"));
        let uploads = stack.add(Bucket::new("Uploads"));
        stack.add(
            function("Reader")
                .statement(Statement::allow([Sqs::SendMessage], [jobs.arn()]))
                .statement(Statement::allow(
                    [Ssm::GetParameter, Ssm::GetParameters],
                    [Arn::new("ssm", "parameter/app/*")],
                ))
                .statement(Statement::allow([S3::GetObject], [uploads.objects("incoming/*")]))
                .statement(Statement::allow(
                    [Action::parse("kms:decrypt").unwrap()],
                    ["arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
                )),
        );
    });
    assert_eq!(codes(&app), Vec::<&str>::new());
    let t = template(&app);
    assert_eq!(allowed(&t, "ReaderRole", "sqs:SendMessage"), [Value::get_att("Jobs", "Arn")]);
    assert_eq!(
        allowed(&t, "ReaderRole", "ssm:GetParameter"),
        [Value::sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/app/*")]
    );
    assert_eq!(allowed(&t, "ReaderRole", "s3:GetObject"), [Value::sub("${Uploads.Arn}/incoming/*")]);
    assert_eq!(
        allowed(&t, "ReaderRole", Kms::Decrypt.as_str()),
        [Value::from("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")]
    );
}

#[test]
fn policy_lists_each_statement_with_its_provenance() {
    let app = app(|stack| {
        let jobs = stack.add(Queue::new("Jobs"));
        stack.add(
            function("Reader")
                .grant(jobs.send())
                .statement(Statement::allow([Ssm::GetParameter], [Arn::new("ssm", "parameter/app/db")]))
                .statement(Statement::allow([Sqs::PurgeQueue], [jobs.arn()])),
        );
    });
    let text = formwork::policy::to_text(&synth(&app).expanded);
    let line = |action: &str| text.lines().find(|l| l.contains(action)).unwrap_or_default().to_string();
    assert!(line("ssm:GetParameter").ends_with("statement 1 of function Reader"), "{text}");
    assert!(line("sqs:PurgeQueue").ends_with("statement 2 of function Reader"), "{text}");
    assert!(line("sqs:SendMessage").ends_with("grant send Jobs"), "{text}");
}

#[test]
fn hand_made_statements_meet_every_policy_rule() {
    let app = app(|stack| {
        stack.add(
            function("Wide")
                .statement(Statement::allow(
                    [Action::parse("s3:*").unwrap()],
                    [Arn::partition_only("s3", "b/*")],
                ))
                .statement(Statement::allow([Ssm::GetParameter], ["*"]))
                .statement(Statement::allow(
                    [Action::unchecked("ssm:GetParameterz")],
                    [Arn::new("ssm", "parameter/x")],
                ))
                .statement(Statement::allow([Iam::PassRole], [Arn::global("iam", "role/*")])),
        );
    });
    let found = synth(&app).report.findings;
    let at = |code: &str| found.iter().find(|f| f.code == code).map(|f| f.path.clone());
    assert_eq!(at("FW401").as_deref(), Some("stack test / function Wide / statement 1"));
    assert_eq!(at("FW402").as_deref(), Some("stack test / function Wide / statement 2"));
    assert_eq!(at("FW403").as_deref(), Some("stack test / function Wide / statement 3"));
    assert!(
        found.iter().any(|f| f.code == "FW407" && f.path == "stack test / function Wide / statement 4"),
        "{found:?}"
    );
}

#[test]
fn a_deny_statement_is_written_as_deny() {
    let app = app(|stack| {
        let orders = stack.add(Table::new("Orders", Key::new("id", AttributeType::String)));
        stack.add(
            function("Reader")
                .grant(orders.read_data())
                .statement(Statement::deny([Dynamodb::Scan], [orders.arn()])),
        );
    });
    assert_eq!(codes(&app), Vec::<&str>::new());
    let t = template(&app);
    let doc = t.resources["ReaderRole"].properties["Policies"].as_list().unwrap()[0]
        .get("PolicyDocument")
        .unwrap()
        .clone();
    let last = doc.get("Statement").unwrap().as_list().unwrap().last().unwrap().clone();
    assert_eq!(last.get("Effect"), Some(&Value::from("Deny")));
}

#[test]
fn arns_from_parts_spell_the_pseudo_parameters() {
    assert_eq!(
        Arn::new("ssm", "parameter/app/*").to_value(),
        Value::sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/app/*")
    );
    assert_eq!(
        Arn::global("iam", "role/x").to_string(),
        "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/x"
    );
}

#[test]
fn a_wildcard_needs_a_reason_that_is_kept() {
    let wide = |statement: Statement| app(|stack| drop(stack.add(function("Reader").statement(statement))));
    let bare = wide(Statement::allow([Action::parse("bedrock:InvokeModel").unwrap()], ["*"]));
    assert_eq!(codes(&bare), ["FW402"]);
    let reasoned = wide(
        Statement::allow([Action::parse("bedrock:InvokeModel").unwrap()], ["*"])
            .allow_wildcard("the model is chosen per request from the catalog"),
    );
    assert_eq!(codes(&reasoned), Vec::<&str>::new());
    let t = template(&reasoned);
    assert_eq!(
        t.resources["ReaderRole"].metadata["formwork:unscoped"].get("bedrock:InvokeModel"),
        Some(&Value::from("the model is chosen per request from the catalog"))
    );
}

#[test]
fn conditions_and_template_values_are_written() {
    let app = app(|stack| {
        stack.add(
            function("Reader").statement(
                Statement::allow(
                    [Kms::Decrypt],
                    [Value::intrinsic(formwork_template::Intrinsic::ImportValue(Value::from("keys-KeyArn")))],
                )
                .condition(
                    "StringEquals",
                    "kms:ViaService",
                    "secretsmanager.eu-west-1.amazonaws.com",
                ),
            ),
        );
    });
    assert_eq!(codes(&app), Vec::<&str>::new());
    let t = template(&app);
    let doc = t.resources["ReaderRole"].properties["Policies"].as_list().unwrap()[0]
        .get("PolicyDocument")
        .unwrap()
        .clone();
    let last = doc.get("Statement").unwrap().as_list().unwrap().last().unwrap().clone();
    assert_eq!(
        last.get("Condition").and_then(|c| c.get("StringEquals")).and_then(|c| c.get("kms:ViaService")),
        Some(&Value::from("secretsmanager.eu-west-1.amazonaws.com"))
    );
    assert_eq!(
        last.get("Resource"),
        Some(&Value::List(vec![Value::intrinsic(formwork_template::Intrinsic::ImportValue(Value::from(
            "keys-KeyArn"
        )))]))
    );
}

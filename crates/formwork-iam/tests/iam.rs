//! The policy language end to end: the catalog against what formwork grants, typed and
//! parsed actions, the statement builder, and every policy check on a bad and a good
//! policy.

use formwork_iam::catalog::{self, AccessLevel};
use formwork_iam::{
    check_managed_policy, check_policy, check_role_policies, policy_size, Action, CheckOptions, Effect,
    Escalation, MismatchReach, PolicyDocument, PolicyIssue, PolicyKind, Principal, Statement,
    UnknownActionKind, WildcardOptIn, MANAGED_POLICY_LIMIT, ROLE_INLINE_POLICIES_LIMIT,
    WILDCARD_METADATA_KEY,
};
use formwork_template::{Resource, Template, Value};

/// A template with one resource of each kind the tests point at.
fn template() -> Template {
    let mut t = Template::new();
    for (id, kind) in [
        ("Jobs", "AWS::SQS::Queue"),
        ("Alerts", "AWS::SNS::Topic"),
        ("Orders", "AWS::DynamoDB::Table"),
        ("WorkerLogGroup", "AWS::Logs::LogGroup"),
        ("WorkerRole", "AWS::IAM::Role"),
        ("Uploads", "AWS::S3::Bucket"),
    ] {
        t.resources.insert(id.into(), Resource::new(kind));
    }
    t
}

fn check(statements: Vec<Statement>) -> Vec<PolicyIssue> {
    let t = template();
    check_policy(&PolicyDocument::new(statements).to_value(), &CheckOptions::new().resource_types(&t))
}

fn names(issues: &[PolicyIssue]) -> Vec<&'static str> {
    issues.iter().map(PolicyIssue::name).collect()
}

const TABLE_ARN: &str = "arn:aws:dynamodb:us-east-1:123456789012:table/Orders";
const QUEUE_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:jobs";

// --- the catalog ---

#[test]
fn every_action_formwork_grants_is_in_the_catalog_with_its_access_level() {
    use AccessLevel::{Read, Write};
    let expected = [
        ("logs:CreateLogStream", Write),
        ("logs:PutLogEvents", Write),
        ("sqs:SendMessage", Write),
        ("sqs:ReceiveMessage", Read),
        ("sqs:DeleteMessage", Write),
        ("sqs:GetQueueAttributes", Read),
        ("sqs:GetQueueUrl", Read),
        ("sqs:ChangeMessageVisibility", Write),
        ("sns:Publish", Write),
        ("xray:PutTraceSegments", Write),
        ("xray:PutTelemetryRecords", Write),
        ("dynamodb:BatchGetItem", Read),
        ("dynamodb:ConditionCheckItem", Read),
        ("dynamodb:DescribeTable", Read),
        ("dynamodb:GetItem", Read),
        ("dynamodb:Query", Read),
        ("dynamodb:Scan", Read),
        ("dynamodb:BatchWriteItem", Write),
        ("dynamodb:DeleteItem", Write),
        ("dynamodb:PutItem", Write),
        ("dynamodb:UpdateItem", Write),
    ];
    for (name, level) in expected {
        let info = catalog::action(name).unwrap_or_else(|| panic!("{name} is not in the catalog"));
        assert_eq!(info.full_name(), name, "spelling");
        assert_eq!(info.access_level(), Some(level), "{name}");
        assert_eq!(Action::parse(name).map(String::from).as_deref(), Ok(name));
    }
    for name in ["xray:PutTraceSegments", "xray:PutTelemetryRecords"] {
        assert!(formwork_iam::is_unscopable(name), "{name}");
    }
    for name in ["sqs:SendMessage", "logs:CreateLogStream", "dynamodb:GetItem"] {
        assert!(!formwork_iam::is_unscopable(name), "{name}");
    }
}

#[test]
fn the_catalog_is_complete_enough_to_trust() {
    let services = catalog::services().count();
    let actions: usize = catalog::services().map(|s| s.actions().count()).sum();
    assert!(services > 400, "{services} services");
    assert!(actions > 17_000, "{actions} actions");
    let levels = catalog::services().flat_map(|s| s.actions()).filter(|a| a.access_level().is_some()).count();
    assert!(levels > 17_000, "{levels} actions with an access level");
    let table = catalog::service("dynamodb").and_then(|s| s.resource_type("table")).expect("dynamodb table");
    assert_eq!(
        table.arn_formats().collect::<Vec<_>>(),
        ["arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}"]
    );
    let iam = catalog::action("iam:PutRolePolicy").expect("iam:PutRolePolicy");
    assert_eq!(iam.access_level(), Some(AccessLevel::PermissionsManagement));
    assert!(iam.resource_types().any(|t| t.resource_type().name() == "role" && t.is_required()));
}

#[test]
fn literal_arns_get_resource_types_from_the_catalog() {
    let of = |arn: &str| {
        formwork_iam::resource_types_of_arn(arn).iter().map(|t| t.to_string()).collect::<Vec<_>>()
    };
    assert_eq!(of(TABLE_ARN), ["dynamodb table"]);
    assert!(of(QUEUE_ARN).contains(&"sqs queue".to_string()));
    assert!(of("not an arn").is_empty());
}

// --- actions ---

#[cfg(feature = "typed-actions")]
#[test]
fn typed_actions_are_the_catalog_names() {
    use formwork_iam::actions::{Dynamodb, Iam, Logs, Sns, Sqs, Xray};
    let typed: [Action; 13] = [
        Logs::CreateLogStream.into(),
        Logs::PutLogEvents.into(),
        Sqs::SendMessage.into(),
        Sqs::ReceiveMessage.into(),
        Sqs::DeleteMessage.into(),
        Sqs::GetQueueAttributes.into(),
        Sqs::GetQueueUrl.into(),
        Sqs::ChangeMessageVisibility.into(),
        Sns::Publish.into(),
        Xray::PutTraceSegments.into(),
        Xray::PutTelemetryRecords.into(),
        Dynamodb::GetItem.into(),
        Iam::PassRole.into(),
    ];
    for a in typed {
        assert_eq!(Action::parse(a.as_str()), Ok(a.clone()));
        assert_eq!(a.info().map(|i| i.full_name()).as_deref(), Some(a.as_str()));
    }
    assert_eq!(Sqs::SendMessage.as_str(), "sqs:SendMessage");
    assert_eq!(format!("{:?}", Dynamodb::GetItem), "dynamodb:GetItem");
    let s = Statement::new(Effect::Allow).actions([Sqs::SendMessage, Sqs::GetQueueUrl]).action(Sns::Publish);
    assert_eq!(s.actions, ["sns:Publish", "sqs:GetQueueUrl", "sqs:SendMessage"]);
}

#[test]
fn string_actions_are_checked_against_the_catalog() {
    let e = Action::parse("dynamodb:GetItems").unwrap_err();
    assert_eq!(e.suggestion(), Some("dynamodb:GetItem"));
    assert_eq!(e.to_string(), "unknown action `dynamodb:GetItems` (did you mean `dynamodb:GetItem`?)");
    let e = Action::parse("sqss:SendMessage").unwrap_err();
    assert_eq!(e.kind(), &UnknownActionKind::UnknownService { suggestion: Some("sqs".into()) });
    assert_eq!(Action::parse("s3:Get*").map(|a| a.is_pattern()), Ok(true));
    assert!(Action::parse("s3:Get*").is_ok_and(|a| a.expand().len() > 10));
    let brand_new = Action::unchecked("sqs:SendMessageToTheFuture");
    assert_eq!(brand_new.service(), "sqs");
    assert!(brand_new.info().is_none());
}

// --- the statement builder ---

#[test]
fn statements_keep_their_old_shape_and_gain_builders() {
    let old = Statement::allow(
        ["sqs:SendMessage", "sqs:GetQueueUrl", "sqs:SendMessage"],
        [Value::get_att("Jobs", "Arn")],
    );
    assert_eq!(old.actions, ["sqs:GetQueueUrl", "sqs:SendMessage"]);
    let built = Statement::new(Effect::Allow)
        .actions([
            Action::parse("sqs:SendMessage").expect("known"),
            Action::parse("sqs:GetQueueUrl").expect("known"),
        ])
        .resource(Value::get_att("Jobs", "Arn"));
    assert_eq!(built, old);
    assert_eq!(built.to_value(), old.to_value());

    let trust = Statement::assume_role_by_service("lambda.amazonaws.com");
    assert_eq!(trust.principals, [Principal::Service("lambda.amazonaws.com".into())]);
    let v = Statement::new(Effect::Deny)
        .sid("NoDeletes")
        .not_action(Action::parse("dynamodb:GetItem").expect("known"))
        .not_resources([TABLE_ARN])
        .condition("Bool", "aws:SecureTransport", "false")
        .to_value();
    assert_eq!(v.get("Sid"), Some(&Value::from("NoDeletes")));
    assert_eq!(v.get("NotAction"), Some(&Value::from(vec!["dynamodb:GetItem"])));
    assert_eq!(v.get("NotResource"), Some(&Value::from(vec![TABLE_ARN])));
    assert!(v.get("Condition").is_some());
}

#[test]
fn wildcard_opt_ins_are_kept_and_read_back() {
    let traced = Statement::allow(["xray:PutTraceSegments", "xray:PutTelemetryRecords"], [Value::from("*")])
        .allow_wildcard("X-Ray accepts no resource ARN for these actions; required by active tracing");
    let doc = PolicyDocument::new(vec![traced, Statement::allow(["sns:Publish"], [Value::ref_("Alerts")])]);
    let opt_ins = doc.wildcard_opt_ins();
    assert_eq!(opt_ins.len(), 1);
    let metadata = WildcardOptIn::to_metadata(&opt_ins);
    assert_eq!(
        metadata,
        Value::map([(
            "xray:PutTelemetryRecords, xray:PutTraceSegments",
            Value::from("X-Ray accepts no resource ARN for these actions; required by active tracing")
        )])
    );
    assert_eq!(WildcardOptIn::from_metadata(&metadata), opt_ins);
    assert_eq!(WILDCARD_METADATA_KEY, "formwork:unscoped");
}

// --- the checks, each on a bad and a good policy ---

#[test]
fn a_policy_like_formworks_own_is_clean() {
    let issues = check(vec![
        Statement::allow(
            ["logs:CreateLogStream", "logs:PutLogEvents"],
            [Value::get_att("WorkerLogGroup", "Arn")],
        ),
        Statement::allow(["xray:PutTelemetryRecords", "xray:PutTraceSegments"], [Value::from("*")]),
        Statement::allow(
            [
                "sqs:ChangeMessageVisibility",
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
                "sqs:ReceiveMessage",
            ],
            [Value::get_att("Jobs", "Arn")],
        ),
        Statement::allow(["sns:Publish"], [Value::ref_("Alerts")]),
        Statement::allow(["dynamodb:GetItem", "dynamodb:Query"], [Value::get_att("Orders", "Arn")]),
        Statement::allow(["s3:GetObject", "s3:PutObject"], [Value::sub("${Uploads.Arn}/*")]),
        Statement::allow(["dynamodb:ListStreams"], [Value::from("*")]),
    ]);
    assert_eq!(issues, []);
}

#[test]
fn trust_and_resource_policies_are_clean() {
    let trust = check(vec![Statement::assume_role_by_service("lambda.amazonaws.com")]);
    assert_eq!(trust, []);
    let queue_policy = check(vec![Statement::new(Effect::Allow)
        .principal(Principal::Service("sns.amazonaws.com".into()))
        .action(Action::parse("sqs:SendMessage").expect("known"))
        .resource(Value::get_att("Jobs", "Arn"))
        .condition("ArnEquals", "aws:SourceArn", Value::ref_("Alerts"))]);
    assert_eq!(queue_policy, []);
}

#[test]
fn send_message_on_a_table_is_a_mismatch_and_on_a_queue_is_not() {
    let on_table = check(vec![Statement::allow(["sqs:SendMessage"], [Value::from(TABLE_ARN)])]);
    let [PolicyIssue::ActionResourceMismatch { statement: 0, action, accepted, given, reach }] =
        &on_table[..]
    else {
        panic!("{on_table:?}")
    };
    assert_eq!(action, "sqs:SendMessage");
    assert_eq!(*reach, MismatchReach::WholeStatement);
    assert_eq!(accepted.iter().map(|t| t.to_string()).collect::<Vec<_>>(), ["sqs queue"]);
    assert_eq!(given.iter().map(|t| t.to_string()).collect::<Vec<_>>(), ["dynamodb table"]);
    assert_eq!(
        on_table[0].to_string(),
        "`sqs:SendMessage` acts on sqs queue, not on the statement's dynamodb table"
    );

    assert_eq!(check(vec![Statement::allow(["sqs:SendMessage"], [Value::from(QUEUE_ARN)])]), []);
    let attribute = check(vec![Statement::allow(["sqs:SendMessage"], [Value::get_att("Orders", "Arn")])]);
    assert_eq!(names(&attribute), ["action-resource-mismatch"]);
    assert_eq!(check(vec![Statement::allow(["sqs:SendMessage"], [Value::get_att("Jobs", "Arn")])]), []);
}

#[test]
fn a_stream_action_beside_table_actions_is_dead_weight_not_a_broken_statement() {
    // CDK's `grantReadData` puts stream actions in the table's statement.
    let cdk = check(vec![Statement::allow(
        ["dynamodb:GetItem", "dynamodb:GetRecords", "dynamodb:Query"],
        [Value::from(TABLE_ARN)],
    )]);
    let [PolicyIssue::ActionResourceMismatch { action, reach, .. }] = &cdk[..] else { panic!("{cdk:?}") };
    assert_eq!(action, "dynamodb:GetRecords");
    assert_eq!(*reach, MismatchReach::DeadAction);
    // No action fits: the statement grants nothing.
    let none = check(vec![Statement::allow(
        ["dynamodb:GetRecords", "dynamodb:GetShardIterator"],
        [Value::from(TABLE_ARN)],
    )]);
    assert_eq!(names(&none), ["action-resource-mismatch", "action-resource-mismatch"]);
    assert!(none.iter().all(|i| matches!(
        i,
        PolicyIssue::ActionResourceMismatch { reach: MismatchReach::WholeStatement, .. }
    )));
    // CDK 2's `grantReadData`: the stream actions in a statement of their own on the
    // table, beside the one that reads its items: dead weight, not a broken grant.
    let cdk2 = check(vec![
        Statement::allow(["dynamodb:GetItem", "dynamodb:Query"], [Value::from(TABLE_ARN)]),
        Statement::allow(["dynamodb:GetRecords", "dynamodb:GetShardIterator"], [Value::from(TABLE_ARN)]),
    ]);
    assert_eq!(names(&cdk2), ["action-resource-mismatch", "action-resource-mismatch"]);
    assert!(cdk2.iter().all(|i| matches!(
        i,
        PolicyIssue::ActionResourceMismatch { statement: 1, reach: MismatchReach::DeadAction, .. }
    )));
    // The same statement beside one on another table is still broken.
    let other = check(vec![
        Statement::allow(
            ["dynamodb:GetItem"],
            [Value::from("arn:aws:dynamodb:us-east-1:123456789012:table/Other")],
        ),
        Statement::allow(["dynamodb:GetRecords"], [Value::from(TABLE_ARN)]),
    ]);
    assert!(matches!(
        &other[..],
        [PolicyIssue::ActionResourceMismatch { statement: 1, reach: MismatchReach::WholeStatement, .. }]
    ));
}

#[test]
fn mismatches_need_every_resource_known_and_name_unused_resources() {
    // One right resource among two: the action fits, the table is unused.
    let two =
        check(vec![Statement::allow(["sqs:SendMessage"], [Value::from(QUEUE_ARN), Value::from(TABLE_ARN)])]);
    assert_eq!(names(&two), ["unused-resource"]);
    // A resource of unknown type: nothing can be said.
    let unknown = check(vec![Statement::allow(
        ["sqs:SendMessage"],
        [Value::from(TABLE_ARN), Value::ref_("QueueArnParam")],
    )]);
    assert_eq!(unknown, []);
    // An unscopable action on a specific ARN.
    let xray = check(vec![Statement::allow(["xray:PutTraceSegments"], [Value::from(QUEUE_ARN)])]);
    let [PolicyIssue::ActionResourceMismatch { accepted, .. }] = &xray[..] else { panic!("{xray:?}") };
    assert!(accepted.is_empty());
    // CloudWatch Logs: a wildcard over a group's streams names the group too.
    let streams = Value::sub(
        "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${Name}:log-stream:*",
    );
    assert_eq!(check(vec![Statement::allow(["logs:FilterLogEvents"], [streams])]), []);
    // A stream action on the table's stream, not the table.
    let stream =
        check(vec![Statement::allow(["dynamodb:GetRecords"], [Value::get_att("Orders", "StreamArn")])]);
    assert_eq!(stream, []);
    let table = check(vec![Statement::allow(["dynamodb:GetRecords"], [Value::get_att("Orders", "Arn")])]);
    assert_eq!(names(&table), ["action-resource-mismatch"]);
}

#[test]
fn a_queue_url_is_not_an_arn() {
    let issues = check(vec![Statement::allow(["sqs:SendMessage"], [Value::ref_("Jobs")])]);
    assert_eq!(
        issues,
        [PolicyIssue::ResourceNotArn { statement: 0, resource: Value::ref_("Jobs"), what: "the queue URL" }]
    );
    assert_eq!(issues[0].to_string(), "resource `!Ref Jobs` is the queue URL, not an ARN");
}

#[test]
fn unknown_services_and_actions_are_reported_with_suggestions() {
    let issues = check(vec![Statement::allow(
        ["dynamo:GetItem", "sqs:SendMesage", "SendMessage", "sqs:Frob*", "sqs:SendMessage"],
        [Value::get_att("Jobs", "Arn")],
    )]);
    assert_eq!(
        issues,
        [
            PolicyIssue::MalformedAction { statement: 0, action: "SendMessage".into() },
            PolicyIssue::UnknownService {
                statement: 0,
                action: "dynamo:GetItem".into(),
                suggestion: Some("dynamodb".into())
            },
            PolicyIssue::UnknownAction { statement: 0, action: "sqs:Frob*".into(), suggestion: None },
            PolicyIssue::UnknownAction {
                statement: 0,
                action: "sqs:SendMesage".into(),
                suggestion: Some("sqs:SendMessage".into())
            },
        ]
    );
    assert_eq!(check(vec![Statement::allow(["SQS:sendmessage"], [Value::get_att("Jobs", "Arn")])]), []);
}

#[test]
fn wildcard_actions_are_reported_even_when_they_match_only_unscopable_actions() {
    let issues = check(vec![Statement::allow(["xray:PutT*"], [Value::from("*")])]);
    assert_eq!(
        issues,
        [PolicyIssue::WildcardAction { statement: 0, action: "xray:PutT*".into(), matched: 2 }]
    );
    let sqs = check(vec![Statement::allow(["sqs:*"], [Value::get_att("Jobs", "Arn")])]);
    assert_eq!(names(&sqs), ["wildcard-action"]);
    let everywhere = check(vec![Statement::allow(["sqs:*"], [Value::from("*")])]);
    assert_eq!(names(&everywhere), ["wildcard-action", "wildcard-resource", "privilege-escalation"]);
    let exact = check(vec![Statement::allow(["xray:PutTraceSegments"], [Value::from("*")])]);
    assert_eq!(exact, []);
}

#[test]
fn wildcard_resources_are_reported_unless_every_action_is_unscopable() {
    let issues =
        check(vec![Statement::allow(["sqs:SendMessage", "xray:PutTraceSegments"], [Value::from("*")])]);
    assert_eq!(
        issues,
        [PolicyIssue::WildcardResource { statement: 0, actions: vec!["sqs:SendMessage".into()] }]
    );
    assert_eq!(
        issues[0].to_string(),
        "`sqs:SendMessage` is allowed on every resource (`*`) though it accepts resource ARNs"
    );
    let unscopable =
        check(vec![Statement::allow(["sqs:ListQueues", "xray:PutTraceSegments"], [Value::from("*")])]);
    assert_eq!(unscopable, []);
    // Newer data lists an optional `dataset` type; the established list says `*`.
    let metrics = check(vec![Statement::allow(["cloudwatch:PutMetricData"], [Value::from("*")])]);
    assert_eq!(metrics, []);
    let put = catalog::action("cloudwatch:PutMetricData").expect("known");
    assert!(put.is_unscopable() && put.resource_types().all(|t| t.is_newly_listed() && !t.is_required()));
}

#[test]
fn opt_ins_accept_the_wildcards_of_the_statements_they_cover() {
    let statement = Statement::allow(["sqs:SendMessage", "sqs:Get*"], [Value::from("*")])
        .allow_wildcard("the queue is created by another team's stack at run time");
    let doc = PolicyDocument::new(vec![statement]);
    let without = check_policy(&doc.to_value(), &CheckOptions::new());
    assert_eq!(names(&without), ["wildcard-action", "wildcard-resource"]);
    let opt_ins = doc.wildcard_opt_ins();
    let with = check_policy(&doc.to_value(), &CheckOptions::new().opt_ins(&opt_ins));
    assert_eq!(with, []);
    // An opt-in for other actions does not cover this statement.
    let other = [WildcardOptIn::new(["sqs:SendMessage"], "only this one")];
    assert_eq!(names(&check_policy(&doc.to_value(), &CheckOptions::new().opt_ins(&other))), names(&without));
}

#[test]
fn allow_with_not_action_or_not_resource_is_reported_and_deny_is_not() {
    let send = || Action::parse("sqs:SendMessage").expect("known");
    let allow = check(vec![
        Statement::new(Effect::Allow).not_action(send()).resource(QUEUE_ARN),
        Statement::new(Effect::Allow).action(send()).not_resource(QUEUE_ARN),
    ]);
    assert_eq!(
        allow,
        [
            PolicyIssue::AllowWithNotAction { statement: 0 },
            PolicyIssue::AllowWithNotResource { statement: 1 }
        ]
    );
    let deny = check(vec![
        Statement::new(Effect::Deny).not_action(send()).resource(QUEUE_ARN),
        Statement::new(Effect::Deny).action(send()).not_resource(QUEUE_ARN),
    ]);
    assert_eq!(deny, []);
}

fn escalations(issues: &[PolicyIssue]) -> Vec<(String, Escalation)> {
    issues
        .iter()
        .filter_map(|i| match i {
            PolicyIssue::PrivilegeEscalation { action, kind, .. } => Some((action.clone(), *kind)),
            _ => None,
        })
        .collect()
}

#[test]
fn pass_role_needs_a_specific_role_and_a_passed_to_service_condition() {
    let open = check(vec![Statement::allow(["iam:PassRole"], [Value::from("*")])]);
    assert_eq!(
        escalations(&open),
        [
            ("iam:PassRole".into(), Escalation::PassRoleOnAnyRole),
            ("iam:PassRole".into(), Escalation::PassRoleToAnyService)
        ]
    );
    let no_condition = check(vec![Statement::allow(["iam:PassRole"], [Value::get_att("WorkerRole", "Arn")])]);
    assert_eq!(escalations(&no_condition), [("iam:PassRole".into(), Escalation::PassRoleToAnyService)]);
    let pattern_role =
        check(vec![Statement::allow(["iam:PassRole"], [Value::from("arn:aws:iam::123456789012:role/*")])
            .condition("StringEquals", "iam:PassedToService", "lambda.amazonaws.com")]);
    assert_eq!(escalations(&pattern_role), [("iam:PassRole".into(), Escalation::PassRoleOnAnyRole)]);
    let scoped = check(vec![Statement::allow(["iam:PassRole"], [Value::get_att("WorkerRole", "Arn")])
        .condition("StringEquals", "iam:PassedToService", "lambda.amazonaws.com")]);
    assert_eq!(scoped, []);
}

#[test]
fn iam_star_everything_and_unscoped_policy_writing_are_escalation() {
    let star = check(vec![Statement::allow(["*"], [Value::from("*")])]);
    assert!(escalations(&star).contains(&("*".into(), Escalation::AllActions)));
    let iam = check(vec![Statement::allow(["iam:*"], [Value::get_att("WorkerRole", "Arn")])]);
    assert!(escalations(&iam).contains(&("iam:*".into(), Escalation::AllIamActions)));
    for action in ["iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:CreatePolicyVersion"] {
        let unscoped = check(vec![Statement::allow([action], [Value::from("*")])]);
        assert_eq!(
            escalations(&unscoped),
            [(action.to_string(), Escalation::PermissionsManagement)],
            "{action}"
        );
    }
    let scoped = check(vec![Statement::allow(["iam:PutRolePolicy"], [Value::get_att("WorkerRole", "Arn")])]);
    assert_eq!(scoped, []);
}

#[test]
fn statements_under_fn_if_are_checked_in_both_branches() {
    let doc = Value::map([
        ("Version", Value::from("2012-10-17")),
        (
            "Statement",
            Value::List(vec![Value::intrinsic(formwork_template::Intrinsic::If {
                condition: "Tracing".into(),
                then: Statement::allow(["sqs:SendMesage"], [Value::from(QUEUE_ARN)]).to_value(),
                otherwise: Value::pseudo(formwork_template::Pseudo::NoValue),
            })]),
        ),
    ]);
    assert_eq!(names(&check_policy(&doc, &CheckOptions::new())), ["unknown-action"]);
}

// --- size ---

fn statements(n: usize) -> PolicyDocument {
    PolicyDocument::new(
        (0..n)
            .map(|i| Statement::allow(["sqs:SendMessage"], [Value::get_att(format!("Queue{i}"), "Arn")]))
            .collect(),
    )
}

#[test]
fn role_inline_policies_are_held_to_10240_characters_together() {
    let small = statements(10).to_value();
    assert!(policy_size(&small) < 2_000, "{}", policy_size(&small));
    assert_eq!(check_role_policies([&small, &small]), None);
    let big = statements(60).to_value();
    let size = policy_size(&big);
    assert!(size > ROLE_INLINE_POLICIES_LIMIT / 2 && size < ROLE_INLINE_POLICIES_LIMIT, "{size}");
    assert_eq!(
        check_role_policies([&big, &big]),
        Some(PolicyIssue::PolicyTooLarge {
            policy: PolicyKind::RoleInline,
            size: 2 * size,
            limit: ROLE_INLINE_POLICIES_LIMIT
        })
    );
}

#[test]
fn managed_policies_are_held_to_6144_characters() {
    let small = statements(10).to_value();
    assert_eq!(check_managed_policy(&small), None);
    let big = statements(60).to_value();
    let issue = check_managed_policy(&big).expect("too large");
    assert!(matches!(
        issue,
        PolicyIssue::PolicyTooLarge { policy: PolicyKind::Managed, limit: MANAGED_POLICY_LIMIT, .. }
    ));
    assert!(issue.to_string().starts_with("the managed policy is about "), "{issue}");
}

#[test]
fn template_resources_resolve_to_their_iam_resource_types() {
    use formwork_iam::{resolve_resource, ResolvedResource};
    let types = |id: &str| -> Option<&'static str> {
        Some(match id {
            "Queue" => "AWS::SQS::Queue",
            "Topic" => "AWS::SNS::Topic",
            "Table" => "AWS::DynamoDB::Table",
            "Function" => "AWS::Lambda::Function",
            "Logs" => "AWS::Logs::LogGroup",
            "Bucket" => "AWS::S3::Bucket",
            "Stream" => "AWS::Kinesis::Stream",
            "Bus" => "AWS::Events::EventBus",
            "Machine" => "AWS::StepFunctions::StateMachine",
            "Key" => "AWS::KMS::Key",
            "Role" => "AWS::IAM::Role",
            "Secret" => "AWS::SecretsManager::Secret",
            "Parameter" => "AWS::SSM::Parameter",
            _ => return None,
        })
    };
    let of = |v: Value| match resolve_resource(&v, &types) {
        ResolvedResource::Types(t) => {
            let mut names: Vec<String> = t.iter().map(|t| t.to_string()).collect();
            names.sort();
            names.dedup();
            names
        }
        other => vec![format!("{other:?}")],
    };
    let has = |v: Value, want: &str| {
        let got = of(v.clone());
        assert!(got.iter().any(|g| g == want), "{v:?}: {got:?} lacks {want}");
    };
    has(Value::get_att("Queue", "Arn"), "sqs queue");
    has(Value::ref_("Topic"), "sns topic");
    has(Value::get_att("Table", "Arn"), "dynamodb table");
    assert_eq!(of(Value::get_att("Table", "StreamArn")), ["dynamodb stream"]);
    has(Value::get_att("Function", "Arn"), "lambda function");
    has(Value::get_att("Logs", "Arn"), "logs log-group");
    has(Value::get_att("Logs", "Arn"), "logs log-stream");
    has(Value::get_att("Bucket", "Arn"), "s3 bucket");
    has(Value::sub("${Bucket.Arn}/*"), "s3 object");
    has(Value::get_att("Stream", "Arn"), "kinesis stream");
    has(Value::get_att("Bus", "Arn"), "events event-bus");
    has(Value::ref_("Machine"), "states statemachine");
    has(Value::get_att("Key", "Arn"), "kms key");
    has(Value::get_att("Role", "Arn"), "iam role");
    has(Value::ref_("Secret"), "secretsmanager Secret");
    has(
        Value::sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${Parameter}"),
        "ssm parameter",
    );
    for (v, what) in [
        (Value::ref_("Queue"), "the queue URL"),
        (Value::ref_("Table"), "the table name"),
        (Value::ref_("Bucket"), "the bucket name"),
        (Value::ref_("Function"), "the function name"),
        (Value::ref_("Parameter"), "the parameter name"),
    ] {
        assert_eq!(resolve_resource(&v, &types), ResolvedResource::NotArn { what }, "{v:?}");
    }
}

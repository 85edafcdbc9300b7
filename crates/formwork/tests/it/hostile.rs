//! Regression tests built from the minimal hostile inputs that once made the rules panic
//! (debug) or wrap (release): numbers from a template are checked or saturating.

use formwork::validate::{validate, Finding, Settings, StackInput};
use formwork::Date;
use formwork_template::{Resource, Template, Value};

use crate::support::TODAY;

fn findings(template: &Template) -> Vec<Finding> {
    let input = StackInput { name: "hand", template, sources: None };
    let settings = Settings { today: Date::parse(TODAY).unwrap(), account_concurrency: 1_000 };
    validate(&[input], &settings)
}

fn with_code(template: &Template, code: &str) -> Vec<Finding> {
    findings(template).into_iter().filter(|f| f.code == code).collect()
}

fn function(runtime: &str) -> Resource {
    Resource::new("AWS::Lambda::Function")
        .property("Runtime", runtime)
        .property("Handler", "app.handler")
        .property("Role", Value::get_att("Role", "Arn"))
        .property("Code", Value::map([("ZipFile", Value::from("x"))]))
}

#[test]
fn reserved_concurrency_near_i64_max_does_not_wrap_below_the_limit() {
    let mut t = Template::new();
    for id in ["A", "B"] {
        t.resources.insert(
            id.into(),
            function("python3.13").property("ReservedConcurrentExecutions", Value::Int(i64::MAX)),
        );
    }
    let found = with_code(&t, "FW301");
    assert_eq!(found.len(), 1, "{:?}", findings(&t));
    assert!(found[0].message.contains(&format!("reserve {}", i64::MAX)), "{}", found[0].message);
}

#[test]
fn a_huge_consumer_timeout_saturates_the_visibility_recommendation() {
    let mut t = Template::new();
    t.resources.insert("Jobs".into(), Resource::new("AWS::SQS::Queue").property("VisibilityTimeout", 30));
    t.resources.insert("Worker".into(), function("python3.13").property("Timeout", Value::Int(i64::MAX)));
    t.resources.insert(
        "WorkerJobs".into(),
        Resource::new("AWS::Lambda::EventSourceMapping")
            .property("FunctionName", Value::ref_("Worker"))
            .property("EventSourceArn", Value::get_att("Jobs", "Arn"))
            .property("MaximumBatchingWindowInSeconds", Value::Int(i64::MAX)),
    );
    let below = with_code(&t, "FW202");
    assert_eq!(below.len(), 1, "{:?}", findings(&t));
    assert!(below[0].help.contains(&format!("AWS recommends {} s", i64::MAX)), "{}", below[0].help);
    assert!(!below[0].help.contains("-"), "{}", below[0].help);
    assert_eq!(with_code(&t, "FW102").len(), 1);
}

#[test]
fn a_negative_timeout_gives_no_negative_recommendation() {
    let mut t = Template::new();
    t.resources.insert("Jobs".into(), Resource::new("AWS::SQS::Queue").property("VisibilityTimeout", -5));
    t.resources.insert("Worker".into(), function("python3.13").property("Timeout", -1));
    t.resources.insert(
        "WorkerJobs".into(),
        Resource::new("AWS::Lambda::EventSourceMapping")
            .property("FunctionName", Value::ref_("Worker"))
            .property("EventSourceArn", Value::get_att("Jobs", "Arn")),
    );
    for f in findings(&t).iter().filter(|f| f.code.starts_with("FW20")) {
        assert!(!f.help.contains("recommends -"), "{}", f.help);
    }
}

#[test]
fn snapstart_on_a_runtime_with_a_huge_version_is_judged_without_overflow() {
    for (runtime, supported) in
        [("java99999999", true), ("java99999999999999999999", false), ("python3.99999999", true)]
    {
        let mut t = Template::new();
        t.resources.insert(
            "F".into(),
            function(runtime)
                .property("SnapStart", Value::map([("ApplyOn", Value::from("PublishedVersions"))])),
        );
        assert_eq!(with_code(&t, "FW120").is_empty(), supported, "{runtime}: {:?}", findings(&t));
    }
}

#[test]
fn whole_numbers_written_as_floats_or_beyond_64_bits_reach_the_range_rules() {
    for (property, text, code) in [
        ("Timeout", "100000.0", "FW102"),
        ("Timeout", "1e5", "FW102"),
        ("MemorySize", "1e5", "FW101"),
        ("Timeout", "99999999999999999999", "FW102"),
        ("Timeout", "-99999999999999999999", "FW102"),
    ] {
        let mut t = Template::new();
        t.resources.insert("F".into(), function("python3.13").property(property, Value::from(text)));
        let found = with_code(&t, code);
        assert_eq!(found.len(), 1, "{property}: {text}: {:?}", findings(&t));
        assert!(found[0].message.contains(text), "{}", found[0].message);
    }
}

//! Template structure: resource schemas, GetAtt attributes, dependency cycles, limits.

use formwork::validate::{validate, Settings, StackInput};
use formwork::Date;
use formwork_template::{Output, Parameter, Resource, Template, Value};

fn codes(template: &Template) -> Vec<&'static str> {
    let input = StackInput::new("t", template);
    let settings = Settings::new(Date::parse("2026-11-29").unwrap()).account_concurrency(1_000);
    let mut c: Vec<_> = validate(&[input], &settings).iter().map(|f| f.code).collect();
    c.sort();
    c
}

fn queue(props: &[(&str, Value)]) -> Resource {
    let mut r = Resource::new("AWS::SQS::Queue");
    for (k, v) in props {
        r.properties.insert((*k).to_string(), v.clone());
    }
    r
}

#[test]
fn resources_are_checked_against_their_schema() {
    let mut t = Template::new();
    t.resources.insert("Good".into(), queue(&[("VisibilityTimeout", 30.into())]));
    assert_eq!(codes(&t), Vec::<&str>::new());
    t.resources.insert("Typo".into(), queue(&[("VisibiltyTimeout", 30.into())]));
    t.resources.insert("Wrong".into(), queue(&[("FifoQueue", "maybe".into())]));
    assert_eq!(codes(&t), ["FW510", "FW510"]);
}

#[test]
fn getatt_attributes_must_exist() {
    let mut t = Template::new();
    t.resources.insert("Q".into(), queue(&[]));
    t.resources.insert(
        "Topic".into(),
        Resource::new("AWS::SNS::Topic").property("DisplayName", Value::get_att("Q", "QueueName")),
    );
    assert_eq!(codes(&t), Vec::<&str>::new());
    t.resources.insert(
        "Other".into(),
        Resource::new("AWS::SNS::Topic").property("DisplayName", Value::get_att("Q", "Name")),
    );
    assert_eq!(codes(&t), ["FW511"]);
}

#[test]
fn dependency_cycles_are_found() {
    let mut t = Template::new();
    let mut a = queue(&[]);
    a.depends_on = vec!["B".into()];
    let b = Resource::new("AWS::SNS::Topic").property("DisplayName", Value::get_att("A", "QueueName"));
    t.resources.insert("A".into(), a);
    t.resources.insert("B".into(), b);
    let input = StackInput::new("t", &t);
    let settings = Settings::new(Date::parse("2026-11-29").unwrap()).account_concurrency(1_000);
    let found = validate(&[input], &settings);
    assert_eq!(found.iter().map(|f| f.code).collect::<Vec<_>>(), ["FW512"]);
    assert_eq!(found[0].message, "resources depend on each other in a cycle: A → B → A");
}

#[test]
fn outputs_parameters_and_description_have_limits() {
    let mut t = Template::new();
    t.resources.insert("Q".into(), queue(&[]));
    for i in 0..201 {
        t.outputs.insert(format!("O{i}"), Output::new(Value::ref_("Q")));
        t.parameters.insert(format!("P{i}"), Parameter::string("p"));
    }
    t.description = Some("d".repeat(1_025));
    assert_eq!(codes(&t), ["FW513", "FW513", "FW513"]);
}

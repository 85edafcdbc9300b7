//! The template writers: the borrowed fast path writes exactly what the value path does.

use formwork_template::{
    to_json, to_yaml, DeletionPolicy, Intrinsic, Output, Parameter, Resource, Template, Value,
};

fn sample() -> Template {
    let mut t = Template::new();
    t.transform = Some("AWS::Serverless-2016-10-31".into());
    t.description = Some("every section: it's all here".into());
    t.metadata.insert("Owner".into(), "team".into());
    t.parameters.insert("Bucket".into(), Parameter::string("where code goes").default_value("b"));
    t.conditions
        .insert("IsProd".into(), Value::intrinsic(Intrinsic::Equals(Value::ref_("Bucket"), "prod".into())));
    let mut q = Resource::new("AWS::SQS::Queue")
        .property("VisibilityTimeout", 60)
        .retention(Some(DeletionPolicy::Retain));
    q.depends_on = vec!["Other".into()];
    q.condition = Some("IsProd".into());
    q.metadata.insert("formwork".into(), Value::map([("note", Value::from("a: b"))]));
    t.resources.insert("Jobs".into(), q);
    t.resources.insert(
        "Other".into(),
        Resource::new("AWS::SNS::Topic")
            .property("DisplayName", Value::get_att("Jobs", "QueueName"))
            .property(
                "Tags",
                Value::List(vec![Value::map([
                    ("Key", "k".into()),
                    ("Value", Value::sub("${AWS::Region}-x")),
                ])]),
            )
            .property("Empty", Value::Map(Default::default()))
            .property("Code", "def f():\n    return \"q\"\n"),
    );
    t.resources.insert("Bare".into(), Resource::new("AWS::SNS::Topic"));
    t.outputs
        .insert("JobsUrl".into(), Output::new(Value::ref_("Jobs")).description("url").export_name("x-Jobs"));
    t
}

#[test]
fn borrowed_writers_match_the_value_writers() {
    let t = sample();
    assert_eq!(t.to_yaml(), to_yaml(&t.to_value()));
    assert_eq!(t.to_json(), to_json(&t.to_value()));
    let empty = Template::new();
    assert_eq!(empty.to_yaml(), to_yaml(&empty.to_value()));
    assert_eq!(empty.to_json(), to_json(&empty.to_value()));
}

//! The escape hatch: raw resources and property overrides, in both targets, checked
//! like everything else (FW503, FW510, FW511, FW525, FW526).

use formwork::prelude::*;
use formwork::template::Value;

use crate::support::{app, codes, findings, function, options, resource, synth, template};

fn parameter(value: &str) -> Value {
    Value::map([("Type", Value::from("String")), ("Value", Value::from(value))])
}

#[test]
fn a_raw_resource_is_written_as_given_and_can_be_referred_to() {
    let a = app(|s| {
        let p = s.resource("Flag", "AWS::SSM::Parameter", parameter("on"));
        s.add(function("Reader").env("FLAG_NAME", p.ref_()).env("FLAG_ARN", p.get_att("Arn")));
    });
    assert_eq!(codes(&a), Vec::<&str>::new(), "{}", synth(&a).report);
    let t = template(&a);
    assert_eq!(resource(&t, "Flag").resource_type, "AWS::SSM::Parameter");
    assert_eq!(resource(&t, "Flag").properties["Value"], Value::from("on"));
    let env = resource(&t, "Reader").properties["Environment"].get("Variables").cloned().unwrap();
    assert_eq!(env.get("FLAG_NAME"), Some(&Value::ref_("Flag")));
    assert_eq!(env.get("FLAG_ARN"), Some(&Value::get_att("Flag", "Arn")));
    let sam = a.synthesize(&options(Target::Sam));
    assert!(!sam.report.has_errors(), "{}", sam.report);
    assert!(
        sam.templates[0].text.contains("  Flag:\n    Type: AWS::SSM::Parameter\n"),
        "{}",
        sam.templates[0].text
    );
}

#[test]
fn a_raw_resource_in_another_stack_is_imported() {
    let mut a = App::new("test").root(env!("CARGO_MANIFEST_DIR"));
    let p = a.stack("shared").resource("Flag", "AWS::SSM::Parameter", parameter("on"));
    a.stack("app").add(function("Reader").env("FLAG", p.ref_()));
    let out = synth(&a);
    assert!(!out.report.has_errors(), "{}", out.report);
    assert_eq!(out.expanded[1].depends_on(), ["shared"]);
    assert!(
        out.templates[0].text.contains("Export:\n      Name: test-shared-Flag-Ref"),
        "{}",
        out.templates[0].text
    );
    assert!(
        out.templates[1].text.contains("FLAG: !ImportValue test-shared-Flag-Ref"),
        "{}",
        out.templates[1].text
    );
}

#[test]
fn raw_resources_are_checked_against_schemas_types_references_and_attributes() {
    let a = app(|s| {
        // no `Type`, and a property SSM parameters do not have
        s.resource(
            "Partial",
            "AWS::SSM::Parameter",
            Value::map([("Value", Value::from("x")), ("Colour", Value::from("red"))]),
        );
        s.resource("Typo", "AWS::SSM::Paramter", parameter("x"));
        s.resource(
            "Dangling",
            "AWS::SSM::Parameter",
            Value::map([("Type", Value::from("String")), ("Value", Value::ref_("Nowhere"))]),
        );
        let ok = s.resource("Fine", "AWS::SSM::Parameter", parameter("x"));
        s.add(function("Reader").env("COLOUR", ok.get_att("Colour")));
        // types outside AWS's namespace are not judged
        s.resource(
            "Thing",
            "Custom::Thing",
            Value::map([("ServiceToken", Value::from("arn:aws:lambda:eu-west-1:123456789012:function:t"))]),
        );
    });
    let found = findings(&a);
    let mut at: Vec<(&str, String)> = found.iter().map(|f| (f.code, f.path.clone())).collect();
    at.sort();
    assert_eq!(
        at,
        [
            ("FW503", "stack test / resource Dangling / Value".to_string()),
            ("FW510", "stack test / resource Partial / Colour".to_string()),
            ("FW510", "stack test / resource Partial / Type".to_string()),
            ("FW511", "stack test / function Reader / env".to_string()),
            ("FW526", "stack test / resource Typo".to_string()),
        ],
        "{found:#?}"
    );
    let typo = found.iter().find(|f| f.code == "FW526").unwrap();
    assert_eq!(typo.help, "did you mean `AWS::SSM::Parameter`?");
}

#[test]
fn overrides_land_in_both_targets_on_the_construct_and_its_derived_resources() {
    let a = app(|s| {
        let q = s.add(Queue::new("Jobs").visibility_timeout(Duration::secs(60)));
        s.add(
            function("Worker")
                .timeout(Duration::secs(10))
                .event_source(SqsSource::new(&q))
                .override_property("Properties.RuntimeManagementConfig.UpdateRuntimeOn", "FunctionUpdate")
                .override_resource("Role", "Properties.MaxSessionDuration", Value::from(7200))
                .override_resource("LogGroup", "DeletionPolicy", "Delete"),
        );
        s.override_property("Jobs", "Properties.KmsMasterKeyId", "alias/aws/sqs");
        s.override_property("Jobs", "Properties.VisibilityTimeout", Value::Null);
        s.override_property("Jobs", "Properties.VisibilityTimeout", Value::from(60));
    });
    assert_eq!(codes(&a), Vec::<&str>::new(), "{}", synth(&a).report);
    let t = template(&a);
    let worker = &resource(&t, "Worker").properties;
    assert_eq!(
        worker["RuntimeManagementConfig"],
        Value::map([("UpdateRuntimeOn", Value::from("FunctionUpdate"))])
    );
    assert_eq!(resource(&t, "WorkerRole").properties["MaxSessionDuration"], Value::from(7200));
    assert_eq!(resource(&t, "WorkerLogGroup").deletion_policy.map(|p| p.as_str()), Some("Delete"));
    assert_eq!(resource(&t, "Jobs").properties["KmsMasterKeyId"], Value::from("alias/aws/sqs"));
    let sam = a.synthesize(&options(Target::Sam));
    let text = &sam.templates[0].text;
    // SAM says RuntimeManagementConfig the same way: the function still folds.
    assert!(text.contains("Type: AWS::Serverless::Function"), "{text}");
    assert!(text.contains("RuntimeManagementConfig:\n        UpdateRuntimeOn: FunctionUpdate"), "{text}");
    assert!(text.contains("MaxSessionDuration: 7200"), "{text}");
    assert!(text.contains("KmsMasterKeyId: alias/aws/sqs"), "{text}");
}

#[test]
fn a_function_with_a_property_sam_says_differently_stays_plain_in_sam() {
    let tags =
        Value::List(vec![Value::map([("Key", Value::from("team")), ("Value", Value::from("orders"))])]);
    let a = app(|s| {
        let q = s.add(Queue::new("Jobs").visibility_timeout(Duration::secs(60)));
        s.add(
            function("Worker")
                .timeout(Duration::secs(10))
                .event_source(SqsSource::new(&q))
                .override_property("Properties.Tags", tags.clone()),
        );
    });
    let sam = a.synthesize(&options(Target::Sam));
    assert!(!sam.report.has_errors(), "{}", sam.report);
    let text = &sam.templates[0].text;
    assert!(!text.contains("AWS::Serverless::Function"), "{text}");
    assert!(text.contains("  Worker:\n    Type: AWS::Lambda::Function\n"), "{text}");
    assert!(text.contains("  WorkerJobs:\n    Type: AWS::Lambda::EventSourceMapping\n"), "{text}");
    assert_eq!(resource(&template(&a), "Worker").properties["Tags"], tags);
}

#[test]
fn an_override_that_cannot_apply_or_breaks_the_schema_is_reported() {
    let a = app(|s| {
        s.add(
            function("Worker")
                .override_property("Properties.Handler.Inner", "x")
                .override_property("Colour", "red")
                .override_resource("Rol", "Properties.MaxSessionDuration", Value::from(7200))
                .override_property("Properties.Layers.3", "arn:aws:lambda:eu-west-1:123456789012:layer:l:1")
                .override_property("Properties.MemorySize", "lots"),
        );
    });
    let found = findings(&a);
    let codes: Vec<&str> = found.iter().map(|f| f.code).collect();
    // A missing `Layers` is made a map on the way to `3`, which its schema then refuses.
    assert_eq!(codes, ["FW525", "FW525", "FW525", "FW510", "FW510"], "{found:#?}");
    assert_eq!(found[0].path, "stack test / function Worker / override Worker Properties.Handler.Inner");
    assert!(found[0].message.contains("`Handler` is not a map or a list"), "{}", found[0].message);
    assert!(
        found[2].message.contains("names `WorkerRol`, which the template does not have"),
        "{}",
        found[2].message
    );
    let mut schema: Vec<&str> = found[3..].iter().map(|f| f.path.as_str()).collect();
    schema.sort();
    assert_eq!(schema, ["stack test / function Worker / layers", "stack test / function Worker / memory"]);
}

//! The YAML and JSON writers: a template value built from the fuzz input, written both
//! ways, parses back with serde_json and serde_yaml to exactly that value (intrinsics in
//! their long form).
#![no_main]

use formwork_fuzz::{yaml_to_json, Bytes};
use formwork_template::{Resource, Template};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = Bytes::new(data);
    let value = input.value(6);
    let expected = formwork_schema::to_json_value(&value);

    let json = formwork_template::to_json(&value);
    let from_json: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("serde_json rejects {json:?}: {e}"));
    assert_eq!(from_json, expected, "JSON writer:\n{json}");

    let yaml = formwork_template::to_yaml(&value);
    let from_yaml: serde_yaml::Value =
        serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("serde_yaml rejects {yaml:?}: {e}"));
    assert_eq!(yaml_to_json(&from_yaml), expected, "YAML writer:\n{yaml}");

    // The same value inside a whole template, under a property.
    let key = input.string(20);
    let mut template = Template::new();
    template.resources.insert("R".into(), Resource::new("AWS::SQS::Queue").property(key.as_str(), value));
    let json = template.to_json();
    let from_json: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("serde_json rejects the template {json:?}: {e}"));
    assert_eq!(from_json["Resources"]["R"]["Properties"][&key], expected);
    let yaml = template.to_yaml();
    let from_yaml: serde_yaml::Value =
        serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("serde_yaml rejects the template {yaml:?}: {e}"));
    assert_eq!(yaml_to_json(&from_yaml)["Resources"]["R"]["Properties"][&key], expected);
});

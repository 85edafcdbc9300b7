//! The two hand-written writers against reference parsers: every example's YAML output,
//! parsed by serde_yaml (short-form tags turned into their long forms), is the same
//! document as its JSON output parsed by serde_json.

use formwork::{Date, Format, SynthOptions};
use serde_json::{Map, Value as Json};
use serde_yaml::Value as Yaml;

use super::{examples, TARGETS, TODAY};

/// A YAML value as JSON: `!Ref x` becomes `{"Ref": x}`, `!GetAtt A.B` becomes
/// `{"Fn::GetAtt": ["A", "B"]}`, `!Name x` becomes `{"Fn::Name": x}`.
pub(crate) fn to_json(v: &Yaml) -> Json {
    match v {
        Yaml::Null => Json::Null,
        Yaml::Bool(b) => Json::Bool(*b),
        Yaml::Number(n) => {
            if let Some(i) = n.as_i64() {
                Json::from(i)
            } else if let Some(u) = n.as_u64() {
                Json::from(u)
            } else {
                serde_json::Number::from_f64(n.as_f64().unwrap_or(f64::NAN)).map_or(Json::Null, Json::Number)
            }
        }
        Yaml::String(s) => Json::String(s.clone()),
        Yaml::Sequence(items) => Json::Array(items.iter().map(to_json).collect()),
        Yaml::Mapping(m) => Json::Object(
            m.iter()
                .map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) => s.clone(),
                        other => serde_yaml::to_string(other).unwrap().trim_end().to_string(),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
        Yaml::Tagged(t) => {
            let name = t.tag.to_string();
            let name = name.trim_start_matches('!');
            let long =
                if matches!(name, "Ref" | "Condition") { name.to_string() } else { format!("Fn::{name}") };
            let arg = match (name, &t.value) {
                ("GetAtt", Yaml::String(s)) => {
                    let (resource, attribute) = s.split_once('.').expect("!GetAtt Resource.Attribute");
                    Json::Array(vec![Json::from(resource), Json::from(attribute)])
                }
                (_, value) => to_json(value),
            };
            Json::Object(Map::from_iter([(long, arg)]))
        }
    }
}

#[test]
fn yaml_output_parses_to_the_same_document_as_json_output_for_every_example() {
    let today = Date::parse(TODAY).unwrap();
    let mut compared = 0;
    for (name, app) in examples() {
        for target in TARGETS {
            // Rust functions get stand-in zips, as in the snapshots: this compares the writers.
            let given = super::rust_stand_ins(&app);
            let yaml =
                app.synthesize_with(&SynthOptions::new(today).target(target).format(Format::Yaml), &given);
            let json =
                app.synthesize_with(&SynthOptions::new(today).target(target).format(Format::Json), &given);
            assert_eq!(yaml.templates.len(), json.templates.len());
            for (y, j) in yaml.templates.iter().zip(&json.templates) {
                let from_yaml: Yaml = serde_yaml::from_str(&y.text).unwrap_or_else(|e| {
                    panic!("{name} {}: serde_yaml rejects {}: {e}", target.as_str(), y.file_name)
                });
                let from_json: Json = serde_json::from_str(&j.text).unwrap_or_else(|e| {
                    panic!("{name} {}: serde_json rejects {}: {e}", target.as_str(), j.file_name)
                });
                assert_eq!(to_json(&from_yaml), from_json, "{name} {} {}", target.as_str(), y.stack);
                compared += 1;
            }
        }
    }
    assert!(compared >= 14, "every example, both targets: {compared}");
}

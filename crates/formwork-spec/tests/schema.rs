//! The JSON Schema editors complete spec files with: every example spec follows it, specs
//! with mistakes do not, and every field says what it sets and its default.

use std::path::Path;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");

fn schema() -> serde_json::Value {
    serde_json::from_str(&formwork_spec::schema()).expect("the schema is JSON")
}

/// A YAML spec as the JSON document the schema describes.
fn document(yaml: &str) -> serde_json::Value {
    serde_yaml::from_str(yaml).expect("well-formed YAML")
}

#[test]
fn every_example_spec_follows_the_schema() {
    let schema = formwork_schema::Schema::from_json(&schema());
    let mut checked = 0;
    for entry in std::fs::read_dir(EXAMPLES).expect("the examples") {
        let spec = entry.expect("an entry").path().join("app.yaml");
        if !spec.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&spec).expect("the spec");
        let errors = schema.validate(&document(&text));
        assert!(errors.is_empty(), "{}: {errors:?}", spec.display());
        checked += 1;
    }
    assert_eq!(checked, 10, "every example has a spec");
}

/// A valid function, with `extra` lines (indented by 8) added to it.
fn with_function(extra: &str) -> String {
    format!(
        "stacks:\n  s:\n    queues:\n      Jobs:\n    functions:\n      F:\n        runtime: python3.13\n        handler: app.handler\n        code: src\n{extra}"
    )
}

#[test]
fn the_schema_rejects_mistakes() {
    let schema = formwork_schema::Schema::from_json(&schema());
    assert!(schema.validate(&document(&with_function(""))).is_empty(), "the base spec is valid");
    let invalid = [
        ("a misspelt field", with_function("        memroy: 256\n"), "/stacks/s/functions/F"),
        (
            "a retired runtime",
            with_function("").replace("python3.13", "python2.7"),
            "/stacks/s/functions/F/runtime",
        ),
        (
            "an unknown architecture",
            with_function("        architecture: arm\n"),
            "/stacks/s/functions/F/architecture",
        ),
        (
            "a duration with a word",
            with_function("        timeout: 30 seconds\n"),
            "/stacks/s/functions/F/timeout",
        ),
        ("a memory size as text", with_function("        memory: 256MB\n"), "/stacks/s/functions/F/memory"),
        (
            "an unknown grant",
            with_function("        grants: [{ write: Jobs }]\n"),
            "/stacks/s/functions/F/grants/0",
        ),
        (
            "an unknown event setting",
            with_function("        events: [{ sqs: Jobs, batchsize: 5 }]\n"),
            "/stacks/s/functions/F/events/0",
        ),
        ("an unknown section", "stacks:\n  s:\n    lambdas: {}\n".to_string(), "/stacks/s"),
        (
            "a bad log level",
            with_function("        application_log_level: verbose\n"),
            "/stacks/s/functions/F/application_log_level",
        ),
        (
            "a bad retention",
            with_function("        log_retention: 10\n"),
            "/stacks/s/functions/F/log_retention",
        ),
        ("a missing key", "stacks:\n  s:\n    tables:\n      T: {}\n".to_string(), "/stacks/s/tables/T"),
        (
            "a statement with an unknown resource form",
            with_function(
                "        statements: [{ allow: [sqs:SendMessage], resources: [{ queue: Jobs }] }]\n",
            ),
            "/stacks/s/functions/F/statements/0/resources/0",
        ),
        (
            "a statement with a misspelt field",
            with_function("        statements: [{ allow: [sqs:SendMessage], resource: [\"*\"] }]\n"),
            "/stacks/s/functions/F/statements/0",
        ),
        (
            "an existing resource of an unknown kind",
            "stacks:\n  s:\n    existing:\n      Jobs: { kind: sqs, name: Jobs }\n".to_string(),
            "/stacks/s/existing/Jobs/kind",
        ),
        (
            "a raw resource without its type",
            "stacks:\n  s:\n    resources:\n      Alarm: { properties: {} }\n".to_string(),
            "/stacks/s/resources/Alarm",
        ),
        (
            "a parameter without its value",
            "stacks:\n  s:\n    parameters:\n      P: { name: /app/x }\n".to_string(),
            "/stacks/s/parameters/P",
        ),
        (
            "a bad HTTP method",
            with_function("        events: [{ http_api: A, method: FETCH, path: / }]\n"),
            "/stacks/s/functions/F/events/0/method",
        ),
    ];
    for (what, text, path) in invalid {
        let errors = schema.validate(&document(&text));
        assert!(!errors.is_empty(), "{what}: accepted");
        assert!(errors.iter().any(|e| e.path.starts_with(path)), "{what}: {errors:?}");
        // And the spec reader refuses it too.
        assert!(
            formwork_spec::from_str(&text, Path::new("app.yaml")).is_err(),
            "{what}: the reader accepted it"
        );
    }
}

/// Every object property of the schema, with the object's `required` list.
fn properties<'a>(
    node: &'a serde_json::Value,
    at: &str,
    out: &mut Vec<(String, &'a serde_json::Value, bool, bool)>,
) {
    match node {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                let required: Vec<&str> = map
                    .get("required")
                    .and_then(|r| r.as_array())
                    .map(|r| r.iter().filter_map(|x| x.as_str()).collect())
                    .unwrap_or_default();
                let closed = map.get("additionalProperties") == Some(&serde_json::Value::Bool(false));
                for (key, value) in props {
                    out.push((
                        format!("{at}.{key}"),
                        value,
                        required.contains(&key.as_str()) || props.len() == 1,
                        closed,
                    ));
                }
            }
            for (key, value) in map {
                match (key.as_str(), value) {
                    // The property schemas, by name (a field may itself be named `properties`).
                    ("properties", serde_json::Value::Object(props)) => {
                        for (name, schema) in props {
                            properties(schema, &format!("{at}/properties/{name}"), out);
                        }
                    }
                    _ => properties(value, &format!("{at}/{key}"), out),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                properties(item, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_field_is_closed_described_and_states_its_default() {
    let schema = schema();
    let mut all = Vec::new();
    properties(&schema, "", &mut all);
    assert!(all.len() > 100, "{} properties", all.len());
    for (path, property, required, closed) in &all {
        assert!(*closed, "{path}: its object allows unknown properties");
        let description = property["description"].as_str().unwrap_or_default();
        assert!(!description.is_empty(), "{path} has no description");
        assert!(
            *required || description.contains("Default"),
            "{path} does not state its default: {description}"
        );
    }
    let defs = &schema["$defs"];
    let runtimes = defs["Runtime"]["enum"].as_array().expect("runtimes are an enum");
    assert!(runtimes.iter().any(|r| r == "python3.13"));
    assert_eq!(defs["Architecture"]["enum"], serde_json::json!(["x86_64", "arm64"]));
    let duration = defs["Duration"].to_string();
    assert!(duration.contains("\"pattern\":\"^[0-9]+[smhd]?$\""), "{duration}");
    // The CloudFormation property each function setting sets is named in its description.
    for (key, property) in defs["Function"]["properties"].as_object().expect("function properties") {
        let description = property["description"].as_str().unwrap_or_default();
        assert!(description.contains('`'), "Function.{key} names no template property: {description}");
    }
}

//! Regression tests from hostile spec files and templates: numbers beyond 64 bits,
//! pathological nesting, unknown tags, duplicate keys.

use std::path::Path;
use std::time::{Duration as Elapsed, Instant};

use formwork::{Date, Format, SynthOptions, Target};
use formwork_spec::{from_str, parse_template};

use super::function_spec;

fn synth_report(text: &str) -> formwork::validate::Report {
    let app = from_str(text, Path::new("app.yaml")).expect("the spec resolves");
    let today = Date::parse("2026-11-29").expect("a valid date");
    app.synthesize(&SynthOptions::new(today).target(Target::CloudFormation).format(Format::Yaml)).report
}

#[test]
fn a_spec_timeout_beyond_i64_saturates_instead_of_wrapping() {
    let spec = format!(
        "{}\n    queues:\n      Jobs: {{ visibility_timeout: 30s }}\n",
        function_spec("        timeout: 18446744073709551615\n        events: [{ sqs: Jobs }]")
    );
    let report = synth_report(&spec);
    let timeout: Vec<_> = report.findings.iter().filter(|f| f.code == "FW102").collect();
    assert_eq!(timeout.len(), 1, "{report}");
    assert!(timeout[0].message.contains(&i64::MAX.to_string()), "{}", timeout[0].message);
    for f in &report.findings {
        assert!(
            !f.message.contains(" -") && !f.help.contains(" -"),
            "{}: {} / {}",
            f.code,
            f.message,
            f.help
        );
    }
}

#[test]
fn thirty_nested_single_key_flow_maps_read_in_linear_time() {
    let nested = format!("{}x{}", "{a: ".repeat(30), "}".repeat(30));
    let text = format!("Metadata:\n  M: {nested}\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n");
    let started = Instant::now();
    let template = parse_template(&text, Path::new("t.yaml")).expect("a template");
    assert!(started.elapsed() < Elapsed::from_secs(2), "took {:?}", started.elapsed());
    assert_eq!(template.resources.len(), 1);
}

fn template_errors(text: &str, file: &str) -> Vec<String> {
    match parse_template(text, Path::new(file)) {
        Ok(_) => panic!("expected errors for {text}"),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn unknown_tags_are_errors_with_the_nearest_known_tag() {
    for (tag, hint) in [("!Foo", None), ("!GetAt", Some("!GetAtt")), ("!Reff", Some("!Ref"))] {
        let text = format!(
            "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: {tag} Missing\n"
        );
        let errors = template_errors(&text, "t.yaml");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains(&format!("unknown tag `{tag}`")), "{}", errors[0]);
        assert!(errors[0].contains("t.yaml:5:18"), "{}", errors[0]);
        match hint {
            Some(h) => assert!(errors[0].contains(&format!("did you mean `{h}`?")), "{}", errors[0]),
            None => assert!(!errors[0].contains("did you mean"), "{}", errors[0]),
        }
    }
    let known = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub '${AWS::StackName}-q'\n";
    assert!(parse_template(known, Path::new("t.yaml")).is_ok());
}

#[test]
fn a_duplicate_key_in_a_json_template_is_an_error_as_in_yaml() {
    let json = "{\"Resources\": {\n  \"Q\": {\"Type\": \"AWS::SQS::Queue\"},\n  \"Q\": {\"Type\": \"AWS::SNS::Topic\"}\n}}";
    let errors = template_errors(json, "t.json");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("duplicate key `Q`"), "{}", errors[0]);
    assert!(errors[0].contains("t.json:3:"), "{}", errors[0]);
    let yaml = "Resources:\n  Q: {Type: AWS::SQS::Queue}\n  Q: {Type: AWS::SNS::Topic}\n";
    assert!(template_errors(yaml, "t.yaml")[0].contains("duplicate"));
    let nested =
        "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"A\": 1, \"A\": 2}}}}";
    assert!(template_errors(nested, "t.json")[0].contains("duplicate key `A`"));
}

/// A template of `n` functions with a timeout of 0 s each (one finding apiece), on one
/// line as JSON or one resource per few lines as YAML.
fn many_findings(n: usize, json: bool) -> String {
    let mut out = String::new();
    if json {
        out.push_str("{\"Resources\": {");
        for i in 0..n {
            let sep = if i == 0 { "" } else { ", " };
            out.push_str(&format!(
                "{sep}\"F{i}\": {{\"Type\": \"AWS::Lambda::Function\", \"Properties\": {{\"Timeout\": 0, \"Runtime\": \"python3.13\"}}}}"
            ));
        }
        out.push_str("}}");
    } else {
        out.push_str("Resources:\n");
        for i in 0..n {
            out.push_str(&format!(
                "  # F{i}: a comment\n  F{i}:\n    Type: AWS::Lambda::Function\n    Properties: {{Runtime: python3.13, Timeout: 0}}\n"
            ));
        }
    }
    out
}

#[test]
fn the_locator_finds_every_resource_and_property_as_the_direct_search_does() {
    for json in [false, true] {
        let text = many_findings(50, json);
        let file = Path::new(if json { "t.json" } else { "t.yaml" });
        let template = parse_template(&text, file).expect("a template");
        let locator = formwork_spec::TemplateLocator::new(&text, file, &template);
        for id in template.resources.keys() {
            for property in [None, Some("Timeout"), Some("MemorySize")] {
                let direct = formwork_spec::locate_resource(&text, id, property);
                assert!(direct.is_some());
                assert_eq!(locator.locate(id, property), direct, "{id} {property:?} json={json}");
            }
        }
        assert_eq!(locator.locate("Missing", None), None);
    }
}

#[test]
fn locating_thousands_of_findings_on_one_long_line_is_linear() {
    let text = many_findings(20_000, true);
    assert!(text.len() > 1_500_000);
    let file = Path::new("t.json");
    let template = parse_template(&text, file).expect("a template");
    let started = Instant::now();
    let locator = formwork_spec::TemplateLocator::new(&text, file, &template);
    let last = locator.locate("F19999", Some("Timeout")).expect("located");
    for id in template.resources.keys() {
        assert!(locator.locate(id, Some("Timeout")).is_some());
    }
    // Searching from the start for each of 20,000 findings took minutes.
    assert!(started.elapsed() < Elapsed::from_secs(10), "took {:?}", started.elapsed());
    assert_eq!(last.0, 1);
    assert_eq!(&text[last.1 - 2..last.1 + "Timeout".len() - 1], "\"Timeout");
}

#[test]
fn inputs_above_the_size_limit_are_refused_with_a_clear_error() {
    let dir = std::env::temp_dir().join(format!("formwork-spec-large-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("huge.yaml");
    let limit = usize::try_from(formwork_spec::MAX_INPUT_BYTES).unwrap();
    let mut text = String::from("Resources:\n  Q: {Type: AWS::SQS::Queue}\n#");
    text.push_str(&"x".repeat(limit));
    std::fs::write(&file, &text).unwrap();
    let errors = formwork_spec::read_input(&file).unwrap_err();
    assert!(errors.to_string().contains("formwork reads files of at most 33554432 bytes"), "{errors}");
    assert!(formwork_spec::load(&file).is_err());
    text.truncate(limit);
    std::fs::write(&file, &text).unwrap();
    assert_eq!(formwork_spec::read_input(&file).unwrap().len(), limit);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn nesting_beyond_the_limit_is_a_clear_error() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    for (file, text) in [
        (
            "t.yaml",
            format!("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Metadata:\n      M: {}\n", deep(200)),
        ),
        (
            "t.json",
            format!(
                "{{\"Resources\": {{\"Q\": {{\"Type\": \"AWS::SQS::Queue\", \"Metadata\": {}}}}}}}",
                deep(200)
            ),
        ),
    ] {
        let errors = template_errors(&text, file);
        assert!(errors[0].contains("at most 128 levels"), "{}", errors[0]);
    }
    let ok = format!("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Metadata:\n      M: {}\n", deep(100));
    assert!(parse_template(&ok, Path::new("t.yaml")).is_ok());
    // A spec file's depth is bounded by its types: deeper input is a type error first.
    let spec = format!("stacks:\n  s:\n    description: {}\n", deep(200));
    assert!(from_str(&spec, Path::new("app.yaml")).is_err());
}

#[test]
fn problems_beyond_a_thousand_are_counted_not_listed() {
    let mut text = String::from("Resources:\n");
    for i in 0..1_200 {
        text.push_str(&format!(
            "  Q{i}:\n    Type: AWS::SQS::Queue\n    Properties: {{QueueName: !Nope x}}\n"
        ));
    }
    let errors = template_errors(&text, "t.yaml");
    assert_eq!(errors.len(), 1_001);
    assert!(errors[1_000].contains("200 more problems are not reported"), "{}", errors[1_000]);
}

#[test]
fn a_route_path_longer_than_a_yaml_implicit_key_reads_back() {
    // Found by the spec_synth fuzz target: an API path becomes a key of the OpenAPI body,
    // and YAML readers refuse implicit keys of 1024 characters or more.
    let path = format!("/{}", "a".repeat(1100));
    let spec = format!(
        "app: a\nstacks:\n  s:\n    rest_apis:\n      Api: {{ stage: v1 }}\n    functions:\n      F:\n        \
         runtime: python3.13\n        handler: app.handler\n        code: functions/f\n        \
         events:\n          - {{ rest_api: Api, method: GET, path: \"{path}\" }}\n"
    );
    let app = from_str(&spec, Path::new("no-such-folder/app.yaml")).expect("the spec resolves");
    let today = Date::parse("2026-11-29").expect("a valid date");
    for target in [Target::CloudFormation, Target::Sam] {
        let synthesis = app.synthesize(&SynthOptions::new(today).target(target).format(Format::Yaml));
        let api = synthesis.templates.iter().find(|t| t.text.contains(&path)).expect("the path is written");
        if target == Target::CloudFormation {
            assert!(api.text.contains(&format!("? {path}\n")), "{}", api.text);
        }
        let read = parse_template(&api.text, Path::new("t.yaml")).unwrap_or_else(|e| {
            panic!("{target:?}: {}", e.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
        });
        assert!(!read.resources.is_empty());
    }
}

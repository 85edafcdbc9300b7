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
    app.synthesize(&SynthOptions { target: Target::CloudFormation, format: Format::Yaml, today }).report
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

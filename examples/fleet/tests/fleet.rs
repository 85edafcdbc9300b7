//! The fleet example: stack layout, cross-stack references and a clean validation report.

use fleet::{account_concurrency, app, stack_count, UNITS_PER_STACK};
use formwork::prelude::*;

fn synthesize(units: usize, target: Target) -> formwork::Synthesis {
    let today = Date::parse("2026-11-29").unwrap();
    app(units).synthesize(&SynthOptions::new(today).target(target).format(Format::Yaml))
}

#[test]
fn a_stack_holds_the_queues_of_100_units() {
    assert_eq!(UNITS_PER_STACK, 100);
    assert_eq!([1, 80, 100, 101, 10_000].map(stack_count), [1, 1, 1, 2, 100]);
    let names: Vec<String> = app(101).stacks().iter().map(|s| s.name().to_string()).collect();
    assert_eq!(names, ["fleet", "fleet-2"]);
}

#[test]
fn account_concurrency_covers_every_reservation() {
    assert_eq!([1, 180, 181, 10_000].map(account_concurrency), [1_000, 1_000, 2_000, 51_000]);
}

#[test]
fn eighty_units_are_one_stack_of_481_resources_without_errors() {
    for target in [Target::CloudFormation, Target::Sam] {
        let out = synthesize(80, target);
        assert!(!out.report.has_errors(), "{}", out.report);
        // The one warning: the template is larger than CloudFormation takes inline.
        assert_eq!(out.report.codes(), ["FW505"], "{}", out.report);
        assert_eq!(out.templates.len(), 1);
    }
    let out = synthesize(80, Target::CloudFormation);
    assert_eq!(out.expanded[0].template.resources.len(), 1 + 80 * fleet::RESOURCES_PER_UNIT);
    let text = &out.templates[0].text;
    assert!(text.contains("ZipFile: |"), "the code is inline");
    assert!(text.contains("TABLE_NAME: !Ref Shared"));
    assert!(text.contains("ReservedConcurrentExecutions: 5"));
}

#[test]
fn above_500_resources_auto_split_moves_functions_into_an_overflow_stack() {
    // 100 units: 601 resources. The 200 queues and the table stay, with the functions of
    // the first 66 units (465 resources); the other 34 functions move (136 resources).
    for target in [Target::CloudFormation, Target::Sam] {
        let out = synthesize(UNITS_PER_STACK, target);
        assert!(!out.report.has_errors(), "{}", out.report);
        let names: Vec<&str> = out.templates.iter().map(|t| t.stack.as_str()).collect();
        assert_eq!(names, ["fleet", "fleet-overflow-1"]);
    }
    let out = synthesize(UNITS_PER_STACK, Target::CloudFormation);
    let sizes: Vec<usize> = out.expanded.iter().map(|e| e.template.resources.len()).collect();
    assert_eq!(sizes, [1 + 200 + 66 * 4, 34 * 4]);
    let overflow = &out.expanded[1];
    assert_eq!(overflow.depends_on(), ["fleet"]);
    assert!(
        overflow.template.resources.contains_key("Worker67")
            && !overflow.template.resources.contains_key("Jobs67")
    );
    let text = &out.templates[1].text;
    assert!(text.contains("TABLE_NAME: !ImportValue fleet-fleet-Shared-Ref"), "{text}");
    assert!(text.contains("TargetArn: !ImportValue fleet-fleet-Dlq67-Arn"), "{text}");
}

#[test]
fn later_stacks_import_the_shared_table() {
    let out = synthesize(2 * UNITS_PER_STACK + 1, Target::CloudFormation);
    assert!(!out.report.has_errors(), "{}", out.report);
    let names: Vec<&str> = out.expanded.iter().map(|e| e.stack.as_str()).collect();
    assert_eq!(names, ["fleet", "fleet-overflow-1", "fleet-2", "fleet-2-overflow-1", "fleet-3"]);
    for e in &out.expanded {
        assert!(e.template.resources.len() <= 500, "{} has {}", e.stack, e.template.resources.len());
    }
    assert!(out.expanded[0].depends_on().is_empty());
    assert_eq!(out.expanded[3].depends_on(), ["fleet", "fleet-2"]);
    assert_eq!(out.expanded[4].depends_on(), ["fleet"]);
    assert_eq!(out.expanded[4].template.resources.len(), 6);
    assert!(out.templates[4].text.contains("!ImportValue"), "{}", out.templates[4].text);
    assert!(out.templates[0].text.contains("Export:"));
}

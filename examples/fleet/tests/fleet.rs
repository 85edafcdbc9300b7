//! The fleet example: stack layout, cross-stack references and a clean validation report.

use fleet::{account_concurrency, app, stack_count, UNITS_PER_STACK};
use formwork::prelude::*;

fn synthesize(units: usize, target: Target) -> formwork::Synthesis {
    let today = Date::parse("2026-11-29").unwrap();
    app(units).synthesize(&SynthOptions::new(today).target(target).format(Format::Yaml))
}

#[test]
fn units_fill_stacks_up_to_the_resource_limit() {
    assert_eq!(UNITS_PER_STACK, 83);
    assert_eq!([1, 80, 83, 84, 10_000].map(stack_count), [1, 1, 1, 2, 121]);
    let names: Vec<String> = app(84).stacks().iter().map(|s| s.name().to_string()).collect();
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
fn later_stacks_import_the_shared_table() {
    let out = synthesize(2 * UNITS_PER_STACK + 1, Target::CloudFormation);
    assert!(!out.report.has_errors(), "{}", out.report);
    assert_eq!(out.templates.len(), 3);
    for e in &out.expanded {
        assert!(e.template.resources.len() <= 500, "{} has {}", e.stack, e.template.resources.len());
    }
    assert_eq!(out.expanded[0].template.resources.len(), 1 + UNITS_PER_STACK * 6);
    assert!(out.expanded[0].depends_on().is_empty());
    assert_eq!(out.expanded[2].depends_on(), ["fleet"]);
    assert_eq!(out.expanded[2].template.resources.len(), 6);
    assert!(out.templates[2].text.contains("!ImportValue"), "{}", out.templates[2].text);
    assert!(out.templates[0].text.contains("Export:"));
}

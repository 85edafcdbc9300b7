//! `Stack::auto_split`: functions move into overflow stacks when a stack would exceed
//! 500 resources; stateful resources never move; the split is deterministic and stable
//! under appending; cross-stack values go through exports.

use formwork::expand::Expanded;
use formwork::prelude::*;
use formwork::Stack;

use crate::support::{function, options, synth};

/// A stack `big` with a shared table and `n` units: a queue `Jobs<i>` (stateful) and a
/// function `Worker<i>` reading it and the table (role, log group, function, mapping).
fn units(s: &mut Stack, from: usize, to: usize) {
    let table = s.table_ref("Shared");
    for i in from..=to {
        let q = s.add(Queue::new(format!("Jobs{i}")).visibility_timeout(Duration::secs(60)));
        s.add(
            function(&format!("Worker{i}"))
                .timeout(Duration::secs(10))
                .env("TABLE_NAME", table.name())
                .event_source(SqsSource::new(&q))
                .grant(table.read_data()),
        );
    }
}

fn big(n: usize, split: bool) -> App {
    let mut a = App::new("test").root(env!("CARGO_MANIFEST_DIR"));
    let s = a.stack("big");
    if split {
        s.auto_split();
    }
    s.add(Table::new("Shared", Key::new("id", AttributeType::String)));
    units(s, 1, n);
    a
}

/// Which stack each resource ended up in.
fn placement(expanded: &[Expanded]) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = expanded
        .iter()
        .flat_map(|e| e.template.resources.keys().map(|id| (id.clone(), e.stack.clone())))
        .collect();
    all.sort();
    all
}

#[test]
fn without_auto_split_fw504_names_it() {
    let out = synth(&big(100, false));
    assert_eq!(out.report.codes().first(), Some(&"FW504"), "{}", out.report);
    assert!(out.report.findings[0].help.contains("Stack::auto_split()"), "{}", out.report.findings[0].help);
}

#[test]
fn functions_move_and_stateful_resources_stay() {
    let out = synth(&big(100, true));
    assert!(!out.report.has_errors(), "{}", out.report);
    let names: Vec<&str> = out.expanded.iter().map(|e| e.stack.as_str()).collect();
    assert_eq!(names, ["big", "big-overflow-1"]);
    let (main, overflow) = (&out.expanded[0], &out.expanded[1]);
    for e in &out.expanded {
        assert!(e.template.resources.len() <= 500, "{}: {}", e.stack, e.template.resources.len());
    }
    // Every queue and the table stay; the first 79 units fit in 400 resources and stay.
    for (id, r) in &overflow.template.resources {
        assert!(
            [
                "AWS::Lambda::Function",
                "AWS::IAM::Role",
                "AWS::Logs::LogGroup",
                "AWS::Lambda::EventSourceMapping"
            ]
            .contains(&r.resource_type.as_str()),
            "{id} is {}",
            r.resource_type
        );
    }
    assert_eq!(main.template.resources.len(), 1 + 100 + 79 * 4);
    assert_eq!(overflow.template.resources.len(), 21 * 4);
    assert!(
        main.template.resources.contains_key("Worker79")
            && overflow.template.resources.contains_key("Worker80")
    );
    assert_eq!(overflow.sources.constructs["Worker80Role"], "stack big / function Worker80");
    // Wired through exports: the overflow imports the table and its queues from `big`.
    assert_eq!(overflow.depends_on(), ["big"]);
    let text = &out.templates[1].text;
    assert!(text.contains("TABLE_NAME: !ImportValue test-big-Shared-Ref"), "{text}");
    assert!(text.contains("EventSourceArn: !ImportValue test-big-Jobs80-Arn"), "{text}");
    assert!(out.templates[0].text.contains("Name: test-big-Jobs80-Arn"), "{}", out.templates[0].text);
    assert!(!out.templates[0].text.contains("ImportValue"));
    // The role's statements name the imported ARNs, and the role is still checked.
    assert!(!text.contains("Jobs80.Arn") && !text.contains("!GetAtt Shared"), "{text}");
    let sam = big(100, true).synthesize(&options(Target::Sam));
    assert!(!sam.report.has_errors(), "{}", sam.report);
    assert_eq!(sam.templates.len(), 2);
    assert!(sam.templates[1].text.contains("Type: AWS::Serverless::Function"), "{}", sam.templates[1].text);
}

#[test]
fn appending_moves_no_existing_function_and_the_split_is_deterministic() {
    let before = placement(&synth(&big(100, true)).expanded);
    let mut more = big(100, true);
    let s = more.stack("big");
    units(s, 101, 140);
    s.add(Queue::new("Late"));
    s.add(Topic::new("LateTopic"));
    let after = placement(&synth(&more).expanded);
    for (id, stack) in &before {
        let now = after.iter().find(|(i, _)| i == id).map(|(_, s)| s);
        assert_eq!(now, Some(stack), "{id} moved");
    }
    assert!(after.contains(&("Late".to_string(), "big".to_string())));
    assert!(after.contains(&("Worker140".to_string(), "big-overflow-1".to_string())));
    let (a, b) = (synth(&big(100, true)), synth(&big(100, true)));
    assert_eq!(a.templates, b.templates);
}

#[test]
fn overflow_stacks_fill_up_to_the_limit_in_order() {
    let mut a = App::new("test").root(env!("CARGO_MANIFEST_DIR"));
    let s = a.stack("wide");
    s.auto_split();
    for i in 1..=300 {
        s.add(function(&format!("Fn{i}")));
    }
    let out = synth(&a);
    assert!(!out.report.has_errors(), "{}", out.report);
    let sizes: Vec<(&str, usize)> =
        out.expanded.iter().map(|e| (e.stack.as_str(), e.template.resources.len())).collect();
    // 133 functions of 3 resources stay (399), 166 fill the first overflow (498), 1 the next.
    assert_eq!(sizes, [("wide", 399), ("wide-overflow-1", 498), ("wide-overflow-2", 3)]);
}

#[test]
fn stateful_resources_never_move_even_when_the_stack_stays_too_big() {
    let out = synth(&big(220, true));
    let main = &out.expanded[0];
    assert_eq!(main.stack, "big");
    let queues = main.template.resources.values().filter(|r| r.resource_type == "AWS::SQS::Queue").count();
    assert_eq!(queues, 220);
    let f = out.report.findings.iter().find(|f| f.code == "FW504").expect("the stack is still too big");
    assert_eq!(f.stack, "big");
    assert!(f.help.contains("stateful resources never move"), "{}", f.help);
}

#[test]
fn rules_still_see_a_moved_function_with_its_queue_and_referenced_functions_stay() {
    let mut a = big(100, true);
    let s = a.stack("big");
    // a consumer whose timeout exceeds its queue's visibility: FW202 across the split
    let q = s.add(Queue::new("Slow").visibility_timeout(Duration::secs(5)));
    s.add(function("SlowWorker").timeout(Duration::secs(30)).event_source(SqsSource::new(&q)));
    // a function a bucket notifies stays with the bucket
    let bucket = s.add(Bucket::new("Uploads"));
    s.add(function("OnUpload").event_source(S3Source::new(&bucket)));
    let out = synth(&a);
    let errors: Vec<&str> = out.report.findings.iter().filter(|f| f.is_error()).map(|f| f.code).collect();
    assert_eq!(errors, ["FW202"], "{}", out.report);
    let at = placement(&out.expanded);
    assert!(at.contains(&("SlowWorker".to_string(), "big-overflow-1".to_string())));
    assert!(at.contains(&("OnUpload".to_string(), "big".to_string())));
}

//! docs/cookbook.md is generated from this crate: each recipe's doc comment, its code and
//! its synthesized SAM template. The test fails when the committed page differs;
//! `UPDATE_COOKBOOK=1 cargo test -p cookbook` rewrites it.

use formwork::{App, Date, Format, SynthOptions, Target};

const SOURCE: &str = include_str!("../src/lib.rs");
const PAGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/cookbook.md");

/// Runtime lifecycle rules are judged on a fixed day, so the page does not age.
fn today() -> Date {
    Date::parse("2026-11-29").expect("a valid date")
}

/// The templates of one synthesis, each headed by its file name; panics on any finding.
fn synth(name: &str, app: &App, target: Target, format: Format) -> String {
    let out = app.synthesize(&SynthOptions::new(today()).target(target).format(format));
    assert_eq!(out.report.codes(), Vec::<&str>::new(), "{name} {target:?} {format:?}: {}", out.report);
    out.templates.iter().map(|t| format!("# {}\n{}", t.file_name, t.text)).collect()
}

/// A recipe's doc comment (as one paragraph per blank-line-separated block) and its
/// code, from the `pub fn` line to the closing brace at the start of a line.
fn doc_and_code(function: &str) -> (String, String) {
    let lines: Vec<&str> = SOURCE.lines().collect();
    let signature = format!("pub fn {function}() -> App {{");
    let start = lines
        .iter()
        .position(|l| *l == signature)
        .unwrap_or_else(|| panic!("src/lib.rs has no `{signature}`"));
    let end = start + lines[start..].iter().position(|l| *l == "}").expect("the closing brace");
    let mut doc: Vec<&str> = lines[..start]
        .iter()
        .rev()
        .take_while(|l| l.starts_with("///"))
        .map(|l| l.trim_start_matches("///").trim_start())
        .collect();
    doc.reverse();
    assert!(!doc.is_empty(), "`{function}` needs a doc comment: the cookbook's paragraph");
    let code = lines[start..=end].iter().map(|l| format!("{l}\n")).collect();
    (doc.join("\n"), code)
}

fn page() -> String {
    let mut out = String::from(
        "# Cookbook\n\n\
         <!-- generated from examples/cookbook (src/lib.rs and the synthesized templates): do not edit;\n     \
         `UPDATE_COOKBOOK=1 cargo test -p cookbook` rewrites it, and a test fails when it is stale -->\n\n\
         The ten shapes of Lambda app built most often, each as a compiled function of\n\
         `examples/cookbook/src/lib.rs` (which starts with `use formwork::prelude::*;`) and the SAM\n\
         template it synthesizes, without a finding. `cargo run -p cookbook -- NAME synth --target sam\n\
         --out out/NAME` writes a recipe's template and code zips; `--target cloudformation` writes the\n\
         plain CloudFormation instead. Copy a recipe into your app's `main` and rename what you need.\n\n",
    );
    for r in cookbook::RECIPES {
        out.push_str(&format!("- [{}](#{}) (`{}`)\n", r.title, r.name, r.name));
    }
    for cookbook::Recipe { name, title, app } in cookbook::RECIPES {
        let (doc, code) = doc_and_code(&name.replace('-', "_"));
        let template = synth(name, &app(), Target::Sam, Format::Yaml);
        out.push_str(&format!(
            "\n<a id=\"{name}\"></a>\n\n## {title}\n\n{doc}\n\n```rust\n{code}```\n\n\
             `cargo run -p cookbook -- {name} synth --target sam --out out/{name}` writes:\n\n\
             ```yaml\n{template}```\n"
        ));
    }
    out
}

#[test]
fn docs_cookbook_md_is_up_to_date() {
    let expected = page();
    if std::env::var_os("UPDATE_COOKBOOK").is_some() {
        std::fs::write(PAGE, &expected).expect("docs/cookbook.md written");
    }
    let committed = std::fs::read_to_string(PAGE).unwrap_or_default();
    assert!(
        committed == expected,
        "docs/cookbook.md is stale: run `UPDATE_COOKBOOK=1 cargo test -p cookbook`"
    );
}

#[test]
fn every_recipe_synthesizes_without_a_finding_for_both_targets_and_formats() {
    for cookbook::Recipe { name, app, .. } in cookbook::RECIPES {
        for target in [Target::Sam, Target::CloudFormation] {
            for format in [Format::Yaml, Format::Json] {
                let text = synth(name, &app(), target, format);
                assert!(text.contains("AWS::Lambda::Function") || text.contains("AWS::Serverless::Function"));
            }
        }
    }
}

#[test]
fn recipes_are_found_by_name_and_unique() {
    let mut names: Vec<&str> = cookbook::RECIPES.iter().map(|r| r.name).collect();
    for name in &names {
        assert_eq!(cookbook::recipe(name).map(|a| !a.stacks().is_empty()), Some(true), "{name}");
    }
    assert!(cookbook::recipe("no-such-recipe").is_none());
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cookbook::RECIPES.len());
}

/// What the cookbook promises about each shape, read from its template.
#[test]
fn recipes_show_what_their_paragraphs_say() {
    let sam = |name: &str| synth(name, &cookbook::recipe(name).expect("a recipe"), Target::Sam, Format::Yaml);
    assert!(sam("queue-worker").contains("FunctionResponseTypes:\n              - ReportBatchItemFailures"));
    assert!(sam("api-table").contains("Type: HttpApi"));
    assert!(sam("s3-trigger").contains("Value: images/"));
    assert!(sam("sns-fan-out").contains("FilterPolicy:"));
    assert!(sam("schedule").contains("cron(0 6 * * ? *)"));
    assert!(sam("stream-consumer").contains("BisectBatchOnFunctionError: true"));
    let destinations = sam("async-destinations");
    assert!(destinations.contains("MaximumRetryAttempts: 2") && destinations.contains("OnSuccess:"));
    assert!(sam("secrets").contains("secretsmanager:GetSecretValue"));
    assert!(!sam("existing-resources").contains("AWS::DynamoDB::Table"), "existing tables are not created");
    let stacks = sam("multi-stack");
    assert!(stacks.contains("Export:") && stacks.contains("!ImportValue"), "{stacks}");
}

/// The binary CI runs: `list` names every recipe, a recipe runs formwork's command line,
/// and an unknown recipe is a usage error that names the recipes.
#[test]
fn the_binary_lists_and_runs_recipes() {
    let bin = env!("CARGO_BIN_EXE_cookbook");
    let list = std::process::Command::new(bin).arg("list").output().expect("the binary runs");
    assert!(list.status.success());
    let names: Vec<String> = String::from_utf8_lossy(&list.stdout).lines().map(str::to_string).collect();
    assert_eq!(names, cookbook::RECIPES.iter().map(|r| r.name.to_string()).collect::<Vec<_>>());
    let run = std::process::Command::new(bin)
        .args(["schedule", "synth", "--target", "sam", "--deny", "warnings"])
        .output()
        .expect("the binary runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(String::from_utf8_lossy(&run.stdout).contains("cron(0 6 * * ? *)"));
    let unknown = std::process::Command::new(bin).arg("nope").output().expect("the binary runs");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("queue-worker"));
}

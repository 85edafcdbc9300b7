//! Every example's templates, for both targets and both formats, as insta snapshots of
//! the exact emitted text in the top-level `snapshots/` folder.

#[path = "examples/writers.rs"]
mod writers;

use std::path::Path;

use formwork::expand::{AssetRef, AssetRefs};
use formwork::{App, Date, Format, SynthOptions, Target};

/// Runtime lifecycle rules are judged on a fixed day, so snapshots do not age.
const TODAY: &str = "2026-11-29";

const TARGETS: [Target; 2] = [Target::Sam, Target::CloudFormation];
const FORMATS: [Format; 2] = [Format::Yaml, Format::Json];

fn snapshot_dir() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../snapshots")
}

/// The examples: name and model.
fn examples() -> Vec<(&'static str, App)> {
    vec![
        ("queue-worker", queue_worker::app()),
        ("order-events", order_events::app()),
        ("orders-api", orders_api::app()),
        ("image-pipeline", image_pipeline::app()),
        ("stream-ingest", stream_ingest::app()),
        ("scheduled-report", scheduled_report::app()),
        ("build-script", build_script::app()),
        ("shared-resources", shared_resources::app()),
        ("rust-api", rust_api::app()),
    ]
}

/// Stand-ins for the `bootstrap` zips of Rust functions, so the snapshots do not build
/// them. The real zip's hash depends on the toolchain (rustc, zig) as well as on the
/// source, and the repository pins no toolchain: a snapshot holding it would break on
/// every machine with another stable Rust. Each stand-in is the SHA-256 of a text that
/// names the package, binary and architecture. The real zips are checked by
/// `cargo test -p rust-api --features lambda-build` (ELF, glibc 2.34, same hash twice).
fn rust_stand_ins(app: &App) -> AssetRefs {
    let mut refs = AssetRefs::new();
    for (key, code, architecture) in formwork::rust::crates_of(app) {
        let name = format!("{} {} {}", code.package(), code.bin().unwrap_or(""), architecture.as_str());
        let sha256 = formwork_asset::sha256_hex(format!("stand-in for {name}").as_bytes());
        refs.insert(key, AssetRef::Packaged { file_name: format!("{sha256}.zip"), sha256 });
    }
    refs
}

fn snapshot_name(example: &str, target: Target, format: Format) -> String {
    format!("{example}@{}.{}", target.as_str(), format.extension())
}

fn synth(app: &App, target: Target, format: Format) -> String {
    let today = Date::parse(TODAY).unwrap();
    let out =
        app.synthesize_with(&SynthOptions::new(today).target(target).format(format), &rust_stand_ins(app));
    assert!(!out.report.has_errors(), "{}", out.report);
    assert_eq!(out.report.findings, [], "examples should be free of warnings too");
    out.templates.iter().map(|t| format!("# {}\n{}", t.file_name, t.text)).collect()
}

#[test]
fn every_example_target_and_format() {
    for (name, app) in examples() {
        for target in TARGETS {
            for format in FORMATS {
                let text = synth(&app, target, format);
                insta::with_settings!({
                    snapshot_path => snapshot_dir(),
                    prepend_module_to_snapshot => false,
                    omit_expression => true,
                    description => format!("cargo run -p {name} -- synth --target {} --format {}", target.as_str(), format.extension()),
                }, {
                    insta::assert_snapshot!(snapshot_name(name, target, format), text);
                });
            }
        }
    }
}

#[test]
fn synthesis_is_byte_for_byte_repeatable() {
    for (_, app) in examples() {
        for target in TARGETS {
            let a = synth(&app, target, Format::Yaml);
            let b = synth(&app.clone(), target, Format::Yaml);
            assert_eq!(a, b);
        }
    }
}

/// A snapshot no test writes any more is a stale file: it must be deleted.
#[test]
fn no_unreferenced_snapshots() {
    let mut expected: Vec<String> = Vec::new();
    for (name, _) in examples() {
        for target in TARGETS {
            for format in FORMATS {
                expected.push(format!("{}.snap", snapshot_name(name, target, format)));
            }
        }
    }
    for entry in std::fs::read_dir(Path::new(snapshot_dir())).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        if file.ends_with(".snap") {
            assert!(expected.contains(&file), "snapshots/{file} belongs to no example: delete it");
        }
    }
}

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap()
}

/// The README's Rust app is the queue-worker example's code, which is compiled and
/// snapshot-tested; so the README cannot drift from code that works.
#[test]
fn readme_shows_the_example_code_verbatim() {
    let source = include_str!("../../../examples/queue-worker/src/lib.rs");
    let body: String = source
        .lines()
        .skip_while(|l| l.starts_with("//!") || l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(
        readme().contains(&format!("```rust\n{body}```\n")),
        "README.md must show examples/queue-worker/src/lib.rs (without its //! lines) verbatim"
    );
}

#[test]
fn readme_lists_every_rule() {
    let readme = readme();
    for rule in formwork::validate::catalog::ALL {
        let row = format!("| {} | {} | {} |", rule.code, rule.severity.as_str(), rule.summary);
        assert!(readme.contains(&row), "README.md lacks the row `{row}`");
    }
}

#[test]
fn readme_shows_the_example_spec_verbatim() {
    let spec = include_str!("../../../examples/queue-worker/app.yaml");
    assert!(
        readme().contains(&format!("```yaml\n{spec}```\n")),
        "README.md must show examples/queue-worker/app.yaml verbatim"
    );
}

#[test]
fn docs_rules_md_is_up_to_date() {
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md")).unwrap();
    assert!(
        committed == formwork::validate::catalog::markdown(),
        "docs/rules.md is stale: run `cargo run -p formwork-cli -- rules > docs/rules.md`"
    );
}

/// The SAM text is written from an overlay on the CloudFormation template; `to_sam`
/// builds the same SAM template as a value. Both must say the same.
#[test]
fn the_sam_overlay_writes_what_to_sam_builds() {
    let today = Date::parse(TODAY).unwrap();
    for (name, app) in examples() {
        let out = app.synthesize_with(
            &SynthOptions::new(today).target(Target::Sam).format(Format::Yaml),
            &rust_stand_ins(&app),
        );
        for (expanded, rendered) in out.expanded.iter().zip(&out.templates) {
            let built = formwork::to_sam(&expanded.template, formwork::ASSET_DIR);
            assert_eq!(built.to_yaml(), rendered.text, "{name}");
        }
    }
}

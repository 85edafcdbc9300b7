//! Every example's `app.yaml` synthesizes byte for byte the templates and assets of its
//! Rust program, for both targets and both formats; fleet's spec is generated from the
//! fleet crate's own constants and checked for staleness.

use std::path::{Path, PathBuf};

use formwork::expand::{AssetRef, AssetRefs};
use formwork::{App, Date, Format, SynthOptions, Target};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");

/// Every template and asset of every target and format, on a fixed day.
fn outputs(app: &App) -> Vec<(String, Vec<u8>)> {
    let today = Date::parse("2026-11-29").expect("a valid date");
    let mut out = Vec::new();
    for target in [Target::CloudFormation, Target::Sam] {
        for format in [Format::Yaml, Format::Json] {
            let options = SynthOptions::new(today).target(target).format(format);
            let synthesis = app.synthesize_with(&options, &rust_stand_ins(app));
            assert!(!synthesis.report.has_errors(), "{}", synthesis.report);
            let kind = format!("{target:?}/{format:?}");
            for t in synthesis.templates {
                out.push((format!("{kind}/{}", t.file_name), t.text.into_bytes()));
            }
            for (name, bytes) in synthesis.assets {
                out.push((format!("{kind}/assets/{name}"), bytes));
            }
        }
    }
    out
}

/// Stand-ins for the `bootstrap` zips of Rust functions, so that the test builds none
/// (the real zips depend on the toolchain; `cargo test -p rust-api --features
/// lambda-build` checks them): one made-up hash per package, binary and architecture,
/// the same for the spec and its Rust twin.
fn rust_stand_ins(app: &App) -> AssetRefs {
    let mut refs = AssetRefs::new();
    for (i, (key, _code, _architecture)) in formwork::rust::crates_of(app).into_iter().enumerate() {
        let sha256 = format!("{:064x}", i + 1);
        refs.insert(key, AssetRef::Packaged { file_name: format!("{sha256}.zip"), sha256 });
    }
    refs
}

fn spec_of(example: &str) -> PathBuf {
    Path::new(EXAMPLES).join(example).join("app.yaml")
}

fn assert_same(example: &str, rust: &App) {
    let spec = formwork_spec::load(&spec_of(example)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(spec.name(), rust.name());
    let (from_spec, from_rust) = (outputs(&spec), outputs(rust));
    assert!(from_rust.len() >= 4, "{example}: {} outputs", from_rust.len());
    assert_eq!(from_spec.len(), from_rust.len(), "{example}: the same number of templates and assets");
    for ((name_a, a), (name_b, b)) in from_spec.iter().zip(&from_rust) {
        assert_eq!(name_a, name_b, "{example}");
        assert!(a == b, "{example}: {name_a} differs:\n{}", first_difference(a, b));
    }
}

/// The first differing line of two outputs, for the failure message.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n  spec: {x}\n  rust: {y}", i + 1);
        }
    }
    format!("lengths {} and {}", a.len(), b.len())
}

#[test]
fn every_example_has_a_spec() {
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(EXAMPLES).expect("the examples") {
        let dir = entry.expect("an entry").path();
        // The cookbook is ten small apps in one crate, shown in Rust (docs/cookbook.md).
        if dir.ends_with("cookbook") {
            continue;
        }
        if dir.join("Cargo.toml").is_file() && !dir.join("app.yaml").is_file() {
            missing.push(dir.display().to_string());
        }
    }
    assert!(missing.is_empty(), "examples without app.yaml: {missing:?}");
}

#[test]
fn queue_worker() {
    assert_same("queue-worker", &queue_worker::app());
}

#[test]
fn order_events() {
    assert_same("order-events", &order_events::app());
}

#[test]
fn orders_api() {
    assert_same("orders-api", &orders_api::app());
}

#[test]
fn scheduled_report() {
    assert_same("scheduled-report", &scheduled_report::app());
}

#[test]
fn stream_ingest() {
    assert_same("stream-ingest", &stream_ingest::app());
}

#[test]
fn image_pipeline() {
    assert_same("image-pipeline", &image_pipeline::app());
}

#[test]
fn build_script() {
    assert_same("build-script", &build_script::app());
}

#[test]
fn rust_api() {
    assert_same("rust-api", &rust_api::app());
}

#[test]
fn shared_resources() {
    assert_same("shared-resources", &shared_resources::app());
}

#[test]
fn fleet_at_its_default_size() {
    assert_same("fleet", &fleet::app(fleet::DEFAULT_UNITS));
}

/// fleet's spec, written out unit by unit from the fleet crate's constants: a stack
/// written as a list of parts, so each unit's queues and function are added in the
/// order the Rust program adds them. The handler's source is written once and reused
/// through a YAML anchor.
fn fleet_spec(units: usize) -> String {
    assert_eq!(fleet::stack_count(units), 1, "one stack at the default size");
    let mut out = String::from(
        "# yaml-language-server: $schema=../../schema/formwork.schema.json\n\
         #\n\
         # The fleet app as a spec file, at its default size: the same app as src/lib.rs\n\
         # (`fleet::app(DEFAULT_UNITS)`), which synthesizes the same templates. Generated from\n\
         # the fleet crate's constants by crates/formwork-spec/tests/examples.rs; rewrite it with\n\
         #   FORMWORK_WRITE_FLEET_SPEC=1 cargo test -p formwork-spec --test examples fleet\n\
         #\n\
         #   cargo run -p formwork-cli -- synth examples/fleet/app.yaml --target sam\n",
    );
    out.push_str("app: fleet\n");
    out.push_str(&format!("account_concurrency: {}\n", fleet::account_concurrency(units)));
    out.push_str("stacks:\n  fleet:\n");
    out.push_str("    - tables:\n        Shared: { partition_key: { name: id, type: string } }\n");
    for i in 1..=units {
        out.push_str(&format!("    - queues:\n        Dlq{i}: {{ retention: 14d }}\n"));
        out.push_str(&format!("        Jobs{i}: {{ visibility_timeout: 60s, retention: 4d }}\n"));
        out.push_str(&format!("      functions:\n        Worker{i}:\n"));
        out.push_str("          runtime: python3.12\n          handler: index.handler\n");
        if i == 1 {
            out.push_str("          code: &handler\n            inline: |\n");
            for line in fleet::HANDLER_SOURCE.lines() {
                if line.is_empty() {
                    out.push('\n');
                } else {
                    out.push_str(&format!("              {line}\n"));
                }
            }
        } else {
            out.push_str("          code: *handler\n");
        }
        out.push_str("          memory: 512\n          timeout: 10s\n");
        out.push_str("          environment: { TABLE_NAME: { name_of: Shared } }\n");
        out.push_str(&format!("          reserved_concurrency: {}\n", fleet::RESERVED_CONCURRENCY));
        out.push_str(&format!("          dead_letter_queue: Dlq{i}\n"));
        out.push_str(&format!("          events: [{{ sqs: Jobs{i}, batch_size: 10 }}]\n"));
        out.push_str("          grants: [{ read_data: Shared }]\n");
    }
    out
}

#[test]
fn fleet_spec_is_generated_from_the_fleet_crate() {
    let expected = fleet_spec(fleet::DEFAULT_UNITS);
    let file = spec_of("fleet");
    if std::env::var_os("FORMWORK_WRITE_FLEET_SPEC").is_some() {
        std::fs::write(&file, &expected).expect("fleet's app.yaml is writable");
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == expected,
        "examples/fleet/app.yaml is stale; rewrite it with\n    FORMWORK_WRITE_FLEET_SPEC=1 cargo test -p formwork-spec --test examples fleet"
    );
}

/// The README's spec with an API route and a stream source synthesizes without errors.
#[test]
fn the_readmes_api_and_stream_spec_synthesizes() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).expect("README");
    let start =
        readme.find("```yaml\napp: shop\n").expect("the README shows the shop spec") + "```yaml\n".len();
    let spec = &readme[start..start + readme[start..].find("```").expect("the block ends")];
    let dir = std::env::temp_dir().join(format!("formwork-readme-spec-{}", std::process::id()));
    for function in ["api", "audit"] {
        std::fs::create_dir_all(dir.join("functions").join(function)).expect("a code folder");
        std::fs::write(
            dir.join("functions").join(function).join("app.py"),
            "def handler(e, c):\n    return e\n",
        )
        .expect("code");
    }
    let app = formwork_spec::from_str(spec, &dir.join("app.yaml"));
    let result = app.map(|app| {
        let today = Date::parse("2026-11-29").expect("a valid date");
        let synthesis = app.synthesize(&SynthOptions::new(today).target(Target::Sam).format(Format::Yaml));
        (synthesis.report.has_errors(), synthesis.report.to_string(), synthesis.templates[0].text.clone())
    });
    let _ = std::fs::remove_dir_all(&dir);
    let (errors, report, template) = result.unwrap_or_else(|e| panic!("{e}"));
    assert!(!errors, "{report}");
    assert!(template.contains("AWS::Serverless::HttpApi"), "{template}");
    assert!(template.contains("StartingPosition: LATEST"), "{template}");
    assert!(template.contains("ssm:GetParameter"), "{template}");
}

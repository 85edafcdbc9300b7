//! examples/rust-api against moto: its two Rust handlers built with cargo zigbuild (as
//! synthesis builds them: zig and cargo-zigbuild must be installed, see the README),
//! packaged as `bootstrap` zips, uploaded, and deployed; the functions read back with
//! the custom runtime and the code synthesis made.

use super::{template, Session};

/// The name of the first file of a zip (its first local file header).
fn first_entry(zip: &[u8]) -> Option<&str> {
    if zip.get(..4)? != b"PK\x03\x04" {
        return None;
    }
    let length = usize::from(u16::from_le_bytes([*zip.get(26)?, *zip.get(27)?]));
    std::str::from_utf8(zip.get(30..30 + length)?).ok()
}

#[test]
fn rust_api_deploys_its_rust_handlers_as_bootstrap_zips() {
    let Some(mut s) = Session::start("rust-api") else { return };
    let app = rust_api::app();
    let synthesis = app.synthesize(&crate::support::options());
    if synthesis.report.has_errors() {
        let why = format!("the handlers did not build:\n{}", synthesis.report);
        // Without zig (FW140 names the command that installs it) the test is skipped,
        // as without moto; tests/moto.sh requires both.
        let only_the_build =
            synthesis.report.findings.iter().filter(|f| f.is_error()).all(|f| f.code == "FW140");
        if only_the_build && std::env::var_os("FORMWORK_REQUIRE_MOTO").is_none() {
            eprintln!("skipped rust-api: {why}");
            return;
        }
        panic!("{why}");
    }
    let expected = template(&app, "rust-api");
    let functions: Vec<(&String, &formwork_template::Resource)> =
        expected.resources.iter().filter(|(_, r)| r.resource_type == "AWS::Lambda::Function").collect();
    assert_eq!(functions.len(), 2);
    for (id, f) in &functions {
        assert_eq!(f.properties.get("Runtime").and_then(|v| v.as_str()), Some("provided.al2023"), "{id}");
        assert_eq!(f.properties.get("Handler").and_then(|v| v.as_str()), Some("bootstrap"), "{id}");
    }
    // Each function's asset is a zip that holds `bootstrap`.
    assert_eq!(synthesis.assets.len(), 2, "one zip per handler binary");
    for (name, zip) in &synthesis.assets {
        assert_eq!(first_entry(zip), Some("bootstrap"), "{name}");
    }

    let out = s.deploy(&app);
    assert!(out.contains("2 uploaded, 0 already there"), "{out}");
    for line in ["+ GetOrder", "+ CheckOrders", "+ Orders", "+ OrdersApi", "+ CheckOrdersOrderChecks"] {
        assert!(out.contains(line), "`{line}` not in:\n{out}");
    }
    assert!(out.contains("CREATE_COMPLETE"), "{out}");
    let checked = s.check("rust-api-rust-api", &expected);
    // Runtime and handler as Lambda reports them, and the code is the zip synthesis made
    // (Lambda's CodeSha256 against the zip's name, its SHA-256).
    for (id, _) in &functions {
        for property in ["Runtime", "Handler", "Code", "MemorySize", "Environment"] {
            let value = format!("{id}.{property}");
            assert!(checked.compared.contains(&value), "{value} was not compared: {checked:?}");
        }
    }
    assert!(checked.compared.iter().any(|c| c == "CheckOrdersOrderChecks.EventSourceArn"), "{checked:?}");
    s.destroy(&app);
    assert!(!s.stack_exists("rust-api-rust-api"));
}

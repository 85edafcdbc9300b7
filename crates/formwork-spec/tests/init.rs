//! `formwork init`: the project it writes synthesizes cleanly as written.

use std::path::PathBuf;

use formwork::{Date, Format, SynthOptions, Target};

/// A fresh folder under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("formwork-init-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_new_project_synthesizes_without_a_single_finding() {
    let dir = TempDir::new("Order Jobs");
    let written = formwork_spec::init(&dir.0).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<String> =
        written.iter().map(|p| p.strip_prefix(&dir.0).expect("inside").display().to_string()).collect();
    assert_eq!(names, ["app.yaml", "functions/worker/app.py", "functions/worker/test_app.py", "README.md"]);
    let readme = std::fs::read_to_string(dir.0.join("README.md")).expect("the README");
    assert!(readme.contains("formwork synth app.yaml --target sam --out out"), "{readme}");
    assert!(readme.contains("python3 -m unittest discover -s functions/worker"), "{readme}");

    let app = formwork_spec::load(&dir.0.join("app.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(app.name(), format!("formwork-init-{}-order-jobs", std::process::id()));
    let today = Date::parse("2026-11-29").expect("a date");
    for target in [Target::Sam, Target::CloudFormation] {
        for format in [Format::Yaml, Format::Json] {
            let synthesis = app.synthesize(&SynthOptions::new(today).target(target).format(format));
            assert!(synthesis.report.findings.is_empty(), "{}", synthesis.report);
            assert_eq!(synthesis.templates.len(), 1);
            assert_eq!(synthesis.assets.len(), 1, "the worker's code");
            assert!(synthesis.templates[0].text.contains("ReportBatchItemFailures"));
        }
    }
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let dir = TempDir::new("existing");
    std::fs::create_dir_all(dir.0.join("functions/worker")).expect("a folder");
    std::fs::write(dir.0.join("README.md"), "mine\n").expect("a file");
    let e = formwork_spec::init(&dir.0).expect_err("README.md is there");
    assert!(matches!(e, formwork_spec::InitError::Exists(ref p) if p.ends_with("README.md")), "{e}");
    assert!(!dir.0.join("app.yaml").exists());
    assert_eq!(std::fs::read_to_string(dir.0.join("README.md")).expect("kept"), "mine\n");
}

//! The README's "Getting started", followed literally in a temporary folder, and the
//! crates `formwork new` writes: each is built with cargo against this checkout and
//! synthesized.
//!
//! The builds share the workspace's target folder (found from this test's own path) and
//! run `--offline` with a copy of the workspace's `Cargo.lock`, so they reuse what is
//! already downloaded and built: the first run compiles formwork once more for the new
//! crate (its features differ from the workspace's), later runs only the crate itself.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{run, TempDir};

/// This checkout's root.
fn checkout() -> PathBuf {
    std::fs::canonicalize(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).expect("the checkout")
}

/// The target folder this test was built into (`<target>/debug/deps/cli-<hash>`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test's path");
    exe.ancestors().nth(3).expect("the target folder").to_path_buf()
}

/// What a cargo command did.
struct Cargo {
    ok: bool,
    stdout: String,
    stderr: String,
}

/// Runs cargo in `dir` with `args`, offline, into the workspace's target folder.
fn cargo(dir: &Path, args: &[&str]) -> Cargo {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(program)
        .current_dir(dir)
        .args(args)
        .env("CARGO_TARGET_DIR", target_dir())
        // the test runs under cargo: its package's variables are not the new crate's
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("CARGO_PKG_NAME")
        .output()
        .expect("cargo runs");
    Cargo {
        ok: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Builds the crate in `dir` as the README's `cargo run` would, and checks it compiles
/// without a warning. The workspace's lock file pins the versions already built.
fn build_app_crate(dir: &Path) {
    std::fs::copy(checkout().join("Cargo.lock"), dir.join("Cargo.lock")).expect("the lock file");
    let build = cargo(dir, &["build", "--offline", "--message-format", "short"]);
    assert!(build.ok, "cargo build failed:\n{}", build.stderr);
    let warnings: Vec<&str> = build.stderr.lines().filter(|l| l.contains("warning")).collect();
    assert!(warnings.is_empty(), "the crate builds with warnings:\n{}", build.stderr);
}

/// `cargo run -- ARGS` in `dir`, as the README writes it (quietly and offline): the exit
/// status and what the app printed on stderr.
fn cargo_run(dir: &Path, args: &[&str]) -> (bool, String) {
    let mut all = vec!["run", "-q", "--offline", "--"];
    all.extend_from_slice(args);
    let r = cargo(dir, &all);
    (r.ok, r.stderr + &r.stdout)
}

/// Checks what `synth --target sam --out out` wrote for the app `name` in `dir`: its SAM
/// template, pointing at the one code zip written beside it.
fn assert_synthesized(dir: &Path, name: &str) {
    let template = std::fs::read_to_string(dir.join(format!("out/{name}.yaml"))).expect("the template");
    assert!(template.contains("Transform: AWS::Serverless-2016-10-31"), "{template}");
    assert!(template.contains("Type: AWS::Serverless::Function"), "{template}");
    assert!(template.contains("Type: AWS::DynamoDB::Table"), "{template}");
    let zips: Vec<String> = std::fs::read_dir(dir.join("out/assets"))
        .expect("the assets folder")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(zips.len(), 1, "{zips:?}");
    assert!(zips[0].ends_with(".zip"), "{zips:?}");
    assert!(template.contains(&format!("CodeUri: assets/{}", zips[0])), "{template}");
}

/// The README's section under `heading`, up to the next `## ` heading.
fn readme_section(heading: &str) -> String {
    let readme = std::fs::read_to_string(checkout().join("README.md")).expect("the README");
    let start = readme.find(&format!("\n{heading}\n")).unwrap_or_else(|| panic!("no `{heading}`"));
    let rest = &readme[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    rest[..end].to_string()
}

/// The fenced code blocks of `text`: (info string, body).
fn code_blocks(text: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in text.lines() {
        match open.take() {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    open = Some((info.to_string(), String::new()));
                }
            }
            Some((info, body)) if line == "```" => blocks.push((info, body)),
            Some((info, mut body)) => {
                body.push_str(line);
                body.push('\n');
                open = Some((info, body));
            }
        }
    }
    assert!(open.is_none(), "an unclosed code block");
    blocks
}

/// The README's getting-started blocks, by what they are.
struct GettingStarted {
    /// `cargo new`, `cd` and `mkdir` lines.
    setup: Vec<String>,
    /// The dependency line(s) for `Cargo.toml`.
    dependency: String,
    /// `src/main.rs`.
    main_rs: String,
    /// `functions/worker/app.py`.
    handler: String,
    /// The `cargo run -- ...` commands that synthesize and validate.
    commands: Vec<String>,
    /// What those commands print.
    output: String,
}

fn getting_started() -> GettingStarted {
    let section = readme_section("## Getting started");
    let mut gs = GettingStarted {
        setup: Vec::new(),
        dependency: String::new(),
        main_rs: String::new(),
        handler: String::new(),
        commands: Vec::new(),
        output: String::new(),
    };
    for (info, body) in code_blocks(&section) {
        let lines = || body.lines().map(|l| l.split(" #").next().unwrap_or("").trim().to_string());
        match info.as_str() {
            "sh" if body.starts_with("cargo new ") => gs.setup = lines().collect(),
            "sh" if body.contains("cargo run -- synth") && gs.commands.is_empty() => {
                gs.commands = lines().collect()
            }
            // deploying needs an AWS account; `formwork new` is tested below
            "sh" if body.contains("-- deploy") || body.contains("-- new ") => {}
            "toml" => gs.dependency = body,
            "rust,no_run" => gs.main_rs = body,
            // a fragment compiled by the README's doctests
            "rust" => assert!(body.contains("Code::dir(\"functions/"), "{body}"),
            "python" => gs.handler = body,
            "text" => gs.output = body,
            other => {
                panic!("the getting-started section has a block this test does not follow: {other}\n{body}")
            }
        }
    }
    assert!(!gs.setup.is_empty() && !gs.commands.is_empty() && !gs.output.is_empty(), "blocks missing");
    gs
}

#[test]
fn the_readme_getting_started_works_as_written() {
    let gs = getting_started();
    let tmp = TempDir::new("getting-started");
    let mut dir = tmp.path().to_path_buf();
    for line in &gs.setup {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["cargo", "new", name] => {
                let r = cargo(&dir, &["new", name]);
                assert!(r.ok, "cargo new failed:\n{}", r.stderr);
            }
            ["cd", folder] => dir = dir.join(folder),
            ["mkdir", "-p", folder] => std::fs::create_dir_all(dir.join(folder)).expect("a folder"),
            _ => panic!("a setup line this test does not follow: {line}"),
        }
    }
    // the dependency, pointed at this checkout instead of `../formwork`
    assert!(gs.dependency.contains("path = \"../formwork/crates/formwork\""), "{}", gs.dependency);
    let dependency = gs.dependency.replace("\"../formwork/", &format!("\"{}/", checkout().display()));
    let manifest = dir.join("Cargo.toml");
    let before = std::fs::read_to_string(&manifest).expect("cargo new's Cargo.toml");
    assert!(before.trim_end().ends_with("[dependencies]"), "{before}");
    std::fs::write(&manifest, before + &dependency).expect("Cargo.toml");
    std::fs::write(dir.join("src/main.rs"), &gs.main_rs).expect("main.rs");
    std::fs::write(dir.join("functions/worker/app.py"), &gs.handler).expect("app.py");

    build_app_crate(&dir);
    let mut printed = String::new();
    for command in &gs.commands {
        let args =
            command.strip_prefix("cargo run -- ").unwrap_or_else(|| panic!("not `cargo run --`: {command}"));
        let args: Vec<&str> = args.split_whitespace().collect();
        let (ok, output) = cargo_run(&dir, &args);
        assert!(ok, "`{command}` failed:\n{output}");
        printed.push_str(&output);
    }
    assert_eq!(printed, gs.output, "the README shows other output than the commands print");
    assert_synthesized(&dir, "myapp");

    // From another folder, the code folder is still found: that is what `root` is for.
    let elsewhere = cargo(
        tmp.path(),
        &[
            "run",
            "-q",
            "--offline",
            "--manifest-path",
            "myapp/Cargo.toml",
            "--",
            "validate",
            "--deny",
            "warnings",
        ],
    );
    assert!(elsewhere.ok, "{}", elsewhere.stderr);
}

#[test]
fn formwork_new_writes_the_readme_crate_and_it_synthesizes() {
    let gs = getting_started();
    let tmp = TempDir::new("new-rust");
    // Not `myapp`: both crates build into one target folder, where a binary's name is
    // its crate's, and the tests run at the same time.
    let dir = tmp.path().join("newapp");
    let checkout = checkout();
    let r = run(&["new", &dir.display().to_string(), "--path", &checkout.display().to_string()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("next: cd "), "{}", r.stderr);
    // The same crate as the README's, so the two cannot drift apart.
    let read = |path: &str| std::fs::read_to_string(dir.join(path)).expect(path);
    let main_rs = gs.main_rs.replace("\"myapp\"", "\"newapp\"");
    assert_ne!(main_rs, gs.main_rs, "the README's app is named myapp");
    assert_eq!(read("src/main.rs"), main_rs);
    assert_eq!(read("functions/worker/app.py"), gs.handler);
    let manifest = read("Cargo.toml");
    assert!(manifest.contains("name = \"newapp\""), "{manifest}");
    let library = checkout.join("crates/formwork");
    let line = manifest.lines().find(|l| l.starts_with("formwork = ")).expect("the dependency");
    let written = line.split('"').nth(1).expect("a path");
    assert_eq!(std::fs::canonicalize(dir.join(written)).ok(), Some(library), "{line}");

    build_app_crate(&dir);
    let (ok, output) = cargo_run(&dir, &["synth", "--target", "sam", "--out", "out", "--deny", "warnings"]);
    assert!(ok, "{output}");
    assert_eq!(output, "wrote 1 template and 1 asset to out (0 errors, 0 warnings)\n");
    assert_synthesized(&dir, "newapp");

    // Again into the same folder: refused, nothing changed.
    let again = run(&["new", &dir.display().to_string(), "--path", &checkout.display().to_string()]);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(again.stderr.contains("exists already"), "{}", again.stderr);
    assert_eq!(read("src/main.rs"), main_rs);
}

#[test]
fn formwork_new_kind_spec_writes_a_spec_project_that_synthesizes() {
    let tmp = TempDir::new("new-spec");
    let dir = tmp.path().join("jobs");
    let r = run(&["new", &dir.display().to_string(), "--kind", "spec"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let spec = dir.join("app.yaml");
    assert!(dir.join("functions/worker/app.py").is_file());
    let out = dir.join("out");
    let synth = run(&[
        "synth",
        &spec.display().to_string(),
        "--target",
        "sam",
        "--deny",
        "warnings",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(synth.code, 0, "{}", synth.stderr);
    assert!(synth.stderr.contains("(0 errors, 0 warnings)"), "{}", synth.stderr);
    assert!(out.join("jobs.yaml").is_file());

    // `--path` belongs to the Rust crate; a name must start with a letter.
    let path = run(&["new", &tmp.path().join("x").display().to_string(), "--kind", "spec", "--path", "."]);
    assert_eq!(path.code, 2, "{}", path.stderr);
    let digit = run(&["new", &tmp.path().join("9lives").display().to_string()]);
    assert_eq!(digit.code, 2, "{}", digit.stderr);
    assert!(digit.stderr.contains("starting with a letter"), "{}", digit.stderr);
    assert!(!tmp.path().join("9lives").exists());
}

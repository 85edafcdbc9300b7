//! `formwork new NAME [--kind rust|spec] [--path DIR]`: a new project in the folder
//! `NAME` — a Rust app crate (the default; the README's getting-started crate) or a spec
//! project (what `formwork init` writes).

use std::fmt;
use std::path::{Component, Path, PathBuf};

/// The kind of project `formwork new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// A binary crate whose `main` builds the model with formwork's builders.
    #[default]
    Rust,
    /// A spec file (`app.yaml`), synthesized by the `formwork` binary.
    Spec,
}

/// Where the Rust crate's formwork dependency comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dependency {
    /// A formwork clone (the folder holding `crates/formwork`), by path.
    Clone(PathBuf),
    /// The published crate, by version.
    Published,
}

impl Dependency {
    /// The clone this binary was built from, when it is still there; otherwise the
    /// published crate.
    pub fn default_for_this_binary() -> Dependency {
        let clone = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        match std::fs::canonicalize(&clone) {
            Ok(clone) if is_clone(&clone) => Dependency::Clone(clone),
            _ => Dependency::Published,
        }
    }
}

/// Why a project could not be written.
#[derive(Debug)]
pub enum NewError {
    /// The folder's name does not start with a letter, so it names no crate or stack.
    Name(String),
    /// `--path` names no formwork clone.
    NotAClone(PathBuf),
    /// A file of the project is already there; nothing was written.
    Exists(PathBuf),
    /// A folder or file could not be written.
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for NewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NewError::Name(name) => write!(
                f,
                "`{name}` cannot name a crate and a stack: use letters, digits and hyphens, starting with a letter"
            ),
            NewError::NotAClone(dir) => write!(
                f,
                "{} is not a formwork clone: it has no crates/formwork/Cargo.toml",
                dir.display()
            ),
            NewError::Exists(path) => write!(
                f,
                "{} exists already; `new` writes only into a folder without these files",
                path.display()
            ),
            NewError::Io(path, e) => write!(f, "cannot write {}: {e}", path.display()),
        }
    }
}

impl std::error::Error for NewError {}

impl From<formwork_spec::InitError> for NewError {
    fn from(e: formwork_spec::InitError) -> NewError {
        match e {
            formwork_spec::InitError::Exists(path) => NewError::Exists(path),
            formwork_spec::InitError::Io(path, e) => NewError::Io(path, e),
        }
    }
}

/// Whether `dir` holds formwork's library crate.
fn is_clone(dir: &Path) -> bool {
    dir.join("crates/formwork/Cargo.toml").is_file()
}

/// Writes a new project of `kind` into `dir` (created if needed), named after the
/// folder; the Rust crate depends on formwork through `dependency`. Refuses, writing
/// nothing, when any of its files is already there. Returns the files written.
pub fn create(dir: &Path, kind: Kind, dependency: &Dependency) -> Result<Vec<PathBuf>, NewError> {
    let name = formwork_spec::project_name(dir);
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(NewError::Name(name));
    }
    if kind == Kind::Spec {
        return Ok(formwork_spec::init(dir)?);
    }
    if let Dependency::Clone(clone) = dependency {
        if !is_clone(clone) {
            return Err(NewError::NotAClone(clone.clone()));
        }
    }
    // Every file is checked before the first is written.
    let placeholder = rust_files(&name, "");
    if let Some((path, _)) = placeholder.iter().find(|(path, _)| dir.join(path).exists()) {
        return Err(NewError::Exists(dir.join(path)));
    }
    std::fs::create_dir_all(dir).map_err(|e| NewError::Io(dir.to_path_buf(), e))?;
    let line = dependency_line(dir, dependency);
    let mut written = Vec::new();
    for (path, text) in rust_files(&name, &line) {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| NewError::Io(parent.to_path_buf(), e))?;
        }
        std::fs::write(&path, text).map_err(|e| NewError::Io(path.clone(), e))?;
        written.push(path);
    }
    Ok(written)
}

/// The `formwork = ...` line of the crate in `dir`, with a comment saying where it
/// points. A clone is named relative to the crate when both paths are known.
fn dependency_line(dir: &Path, dependency: &Dependency) -> String {
    match dependency {
        Dependency::Clone(clone) => {
            let library = clone.join("crates/formwork");
            let library = std::fs::canonicalize(&library).unwrap_or(library);
            let shown =
                std::fs::canonicalize(dir).ok().and_then(|dir| relative(&dir, &library)).unwrap_or(library);
            let shown = shown.to_string_lossy().replace('\\', "/");
            format!(
                "# formwork from a clone, by path (`formwork new --path DIR` names another; a git\n\
                 # dependency, `formwork = {{ git = \"URL\" }}`, works too, and `formwork = \"0.1\"`\n\
                 # once the crates are published).\n\
                 formwork = {{ path = \"{}\" }}\n",
                shown.replace('"', "\\\"")
            )
        }
        Dependency::Published => {
            "# formwork from the registry; until it is published, point at a clone instead:\n\
             # `formwork = { path = \"../formwork/crates/formwork\" }` (`formwork new --path DIR`).\n\
             formwork = \"0.1\"\n"
                .to_string()
        }
    }
}

/// `to` relative to `from`, both absolute; `None` when they share no folder but the
/// root (then the absolute path reads better).
fn relative(from: &Path, to: &Path) -> Option<PathBuf> {
    let from: Vec<Component<'_>> = from.components().collect();
    let to: Vec<Component<'_>> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common < 2 {
        return None;
    }
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for part in &to[common..] {
        path.push(part);
    }
    Some(path)
}

/// The README's getting-started `src/main.rs`, for the app `name`.
pub const MAIN_RS: &str = r#"use formwork::prelude::*;

fn main() -> std::process::ExitCode {
    app().main()
}

/// Jobs arrive on a queue, a Python function stores each one in a table, and jobs that
/// keep failing land in a dead-letter queue.
fn app() -> App {
    // Code folders are relative to the root, the crate's folder: `cargo run` finds
    // `functions/worker` from wherever it is started.
    let mut app = App::new("{name}").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("{name}");
    let results = stack.add(Table::new("Results", Key::new("jobId", AttributeType::String)));
    let failed = stack.add(Queue::new("FailedJobs").retention(Duration::days(14)));
    let jobs = stack.add(
        Queue::new("Jobs")
            // at least 6 × the worker's timeout, so a job is not handed out twice
            .visibility_timeout(Duration::secs(60))
            .dead_letter_queue(&failed, 5),
    );
    stack.add(
        Function::new("Worker", Runtime::Python313, "app.handler", Code::dir("functions/worker"))
            .timeout(Duration::secs(10))
            .env("TABLE_NAME", results.name())
            .event_source(SqsSource::new(&jobs).batch_size(10).report_batch_item_failures())
            .grant(results.write_data()),
    );
    app
}
"#;

/// The README's getting-started handler, `functions/worker/app.py`.
pub const HANDLER_PY: &str = r#"import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    """Stores each job of an SQS batch; reports only the messages that failed."""
    failures = []
    for record in event["Records"]:
        try:
            job = json.loads(record["body"])
            table.put_item(Item={"jobId": str(job["id"]), "task": str(job["task"])})
        except (ValueError, KeyError, TypeError):
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
"#;

/// The Rust crate's files, relative to its folder, with their text; `dependency` is the
/// `formwork = ...` line of `Cargo.toml`, with its comment.
pub fn rust_files(name: &str, dependency: &str) -> Vec<(PathBuf, String)> {
    let manifest = format!(
        "[package]
name = \"{name}\"
version = \"0.1.0\"
edition = \"2024\"
publish = false

[dependencies]
{dependency}"
    );
    let readme = format!(
        "# {name}

A Lambda app written in Rust with formwork: `src/main.rs` builds the model (a queue of
jobs, its dead-letter queue, a table, and the Python function in `functions/worker` that
stores each job), and `cargo run` gives it formwork's command line.

```sh
cargo run -- synth --target sam --out out   # out/{name}.yaml and the code zip in out/assets/
cargo run -- validate                       # every rule, nothing written
cargo run -- policy                         # each permission of each function, and why
cargo run -- --help
```

`sam deploy --guided --template-file out/{name}.yaml` deploys what `synth` wrote.
"
    );
    vec![
        (PathBuf::from("Cargo.toml"), manifest),
        (PathBuf::from("src/main.rs"), MAIN_RS.replace("{name}", name)),
        (PathBuf::from("functions/worker/app.py"), HANDLER_PY.to_string()),
        (PathBuf::from("README.md"), readme),
        (PathBuf::from(".gitignore"), "/target\n/out\n".to_string()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_made_relative_to_the_crate() {
        assert_eq!(
            relative(Path::new("/work/myapp"), Path::new("/work/formwork/crates/formwork")),
            Some(PathBuf::from("../formwork/crates/formwork"))
        );
        assert_eq!(relative(Path::new("/a/b/c"), Path::new("/a/b/c/d")), Some(PathBuf::from("d")));
        assert_eq!(relative(Path::new("/x"), Path::new("/y/z")), None);
    }

    #[test]
    fn by_default_the_crate_depends_on_the_clone_this_binary_was_built_from() {
        let Dependency::Clone(clone) = Dependency::default_for_this_binary() else {
            panic!("built inside a clone, the default is that clone");
        };
        assert!(clone.join("crates/formwork-cli/src/new.rs").is_file(), "{}", clone.display());
        let line = dependency_line(&clone.join("crates"), &Dependency::Clone(clone.clone()));
        assert!(line.ends_with("formwork = { path = \"formwork\" }\n"), "{line}");
        let published = dependency_line(&clone, &Dependency::Published);
        assert!(published.ends_with("formwork = \"0.1\"\n"), "{published}");
    }

    #[test]
    fn a_name_must_start_with_a_letter() {
        let dir = std::env::temp_dir().join("2fast");
        let e = create(&dir, Kind::Rust, &Dependency::Published).expect_err("a digit first");
        assert!(matches!(e, NewError::Name(ref n) if n == "2fast"), "{e}");
        assert!(!dir.exists(), "nothing is written");
    }
}

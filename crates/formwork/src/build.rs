//! Synthesizing from a build script: `formwork::build` in `build.rs`.
//!
//! ```no_run
//! // build.rs
//! use formwork::prelude::*;
//!
//! fn main() {
//!     let mut app = App::new("orders").root(env!("CARGO_MANIFEST_DIR"));
//!     app.stack("orders").add(Queue::new("Jobs"));
//!     formwork::build::run(&app, &formwork::build::BuildOptions::default());
//! }
//! ```
//!
//! Warnings become `cargo:warning=` lines (the finding, then its help); errors fail the build with the whole report;
//! each template is written to `OUT_DIR` (or the folder given) only when its text
//! changed, so nothing downstream rebuilds for nothing; `cargo:rerun-if-changed` lines
//! cover every packaged folder (function code and layer content) and, for each Rust
//! function (`Code::rust`), its crate's folder, its `Cargo.toml` and the workspace's
//! `Cargo.lock` (found with `cargo pkgid`), so a changed handler rebuilds its asset.
//!
//! A handler crate's build script asks for its function's configuration instead
//! ([`write_handler_config`]): a typed module with one field per environment variable,
//! so renaming or removing a variable in the app is a compile error in the handler.
//!
//! ```no_run
//! // build.rs of a handler crate
//! use formwork::build::write_handler_config;
//!
//! fn main() {
//!     let app = formwork::App::new("orders"); // the app's model, e.g. `my_app::app()`
//!     write_handler_config(&app, "orders", "Api");
//! }
//! // src/lib.rs of the handler crate:
//! // pub mod config { include!(concat!(env!("OUT_DIR"), "/formwork_api.rs")); }
//! ```

use std::io::Write;
use std::path::{Path, PathBuf};

pub use crate::handler_config::{
    file_stem, handler_config, HandlerConfig, HandlerConfigError, HandlerVariable, VariableKind,
    VariableTarget,
};

use formwork_rules::Date;

use crate::app::App;
use crate::synth::{Format, SynthOptions, Target};
use crate::write::write_atomic;

/// How a build script synthesizes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct BuildOptions {
    /// The kind of template. Default: CloudFormation.
    pub target: Target,
    /// Its format. Default: YAML.
    pub format: Format,
    /// Where templates and assets go. Default: the `OUT_DIR` cargo gives build scripts.
    pub out_dir: Option<PathBuf>,
    /// The day runtime lifecycles are judged on. Default: today (UTC).
    pub today: Option<Date>,
    /// Whether warnings fail the build too. Default: no.
    pub deny_warnings: bool,
}

impl BuildOptions {
    /// CloudFormation as YAML into `OUT_DIR`, judged on today's date, warnings allowed.
    pub fn new() -> BuildOptions {
        BuildOptions::default()
    }

    /// The kind of template. Default: [`Target::CloudFormation`].
    #[must_use]
    pub fn target(mut self, target: Target) -> BuildOptions {
        self.target = target;
        self
    }

    /// Its text format. Default: [`Format::Yaml`].
    #[must_use]
    pub fn format(mut self, format: Format) -> BuildOptions {
        self.format = format;
        self
    }

    /// Where templates and assets go. Default: the `OUT_DIR` cargo gives build scripts.
    #[must_use]
    pub fn out_dir(self, dir: impl Into<PathBuf>) -> BuildOptions {
        self.maybe_out_dir(Some(dir.into()))
    }

    /// [`out_dir`](BuildOptions::out_dir) from an `Option`; `None` means `OUT_DIR`.
    #[must_use]
    pub fn maybe_out_dir(mut self, dir: Option<PathBuf>) -> BuildOptions {
        self.out_dir = dir;
        self
    }

    /// The day runtime lifecycles are judged on. Default: today (UTC).
    #[must_use]
    pub fn today(self, today: Date) -> BuildOptions {
        self.maybe_today(Some(today))
    }

    /// [`today`](BuildOptions::today) from an `Option`; `None` means today (UTC).
    #[must_use]
    pub fn maybe_today(mut self, today: Option<Date>) -> BuildOptions {
        self.today = today;
        self
    }

    /// Makes warnings fail the build too. Default: only errors fail it.
    #[must_use]
    pub fn deny_warnings(mut self) -> BuildOptions {
        self.deny_warnings = true;
        self
    }
}

/// What a build did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildOutcome {
    /// Templates are up to date in this folder; `written` lists those that changed.
    Built {
        /// The folder.
        dir: PathBuf,
        /// The files whose content changed (written), templates first.
        written: Vec<PathBuf>,
    },
    /// Validation failed; nothing was written.
    Failed,
}

/// Synthesizes from a build script and exits the process with status 1 when the model
/// has errors (after printing the whole report), so the build fails.
///
/// ```
/// use formwork::build::{run, BuildOptions};
/// use formwork::prelude::*;
///
/// let mut app = App::new("orders");
/// app.stack("orders").add(Queue::new("Jobs"));
/// let out = std::env::temp_dir().join(format!("formwork-doc-build-{}", std::process::id()));
/// run(&app, &BuildOptions::new().out_dir(&out).today(Date::parse("2026-11-29").unwrap()));
/// assert!(out.join("orders.yaml").is_file());
/// # std::fs::remove_dir_all(&out).unwrap();
/// ```
pub fn run(app: &App, options: &BuildOptions) {
    let outcome = build(app, options, &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    if outcome == BuildOutcome::Failed {
        std::process::exit(1);
    }
}

/// [`run`] without exiting: cargo instructions go to `cargo`, the report to `report`.
pub fn build(
    app: &App,
    options: &BuildOptions,
    cargo: &mut dyn Write,
    report: &mut dyn Write,
) -> BuildOutcome {
    for path in watched_paths(app) {
        let _ = writeln!(cargo, "cargo:rerun-if-changed={}", path.display());
    }
    let synth_options = SynthOptions {
        target: options.target,
        format: options.format,
        today: options.today.unwrap_or_else(Date::today_utc),
    };
    let mut synthesis = app.synthesize(&synth_options);
    synthesis.report.apply_severities(&[], options.deny_warnings);
    for f in synthesis.report.findings.iter().filter(|f| !f.is_error()) {
        let _ =
            writeln!(cargo, "cargo:warning={}[{}]: {} ({})", f.severity.as_str(), f.code, f.message, f.path);
        // one instruction per line: a newline in the help would end the instruction
        let _ = writeln!(cargo, "cargo:warning=  = help: {}", f.help.replace(['\n', '\r'], " "));
    }
    if synthesis.report.has_errors() {
        let _ = write!(report, "{}", synthesis.report);
        let _ = writeln!(report, "error: {}; formwork wrote nothing", synthesis.report.summary());
        return BuildOutcome::Failed;
    }
    let dir = options
        .out_dir
        .clone()
        .or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("."));
    let mut written = Vec::new();
    let files = synthesis.templates.iter().map(|t| (dir.join(&t.file_name), t.text.as_bytes())).chain(
        synthesis
            .assets
            .iter()
            .map(|(name, bytes)| (dir.join(crate::ASSET_DIR).join(name), bytes.as_slice())),
    );
    for (path, bytes) in files {
        match write_if_changed(&path, bytes) {
            Ok(true) => written.push(path),
            Ok(false) => {}
            Err(e) => {
                let _ = writeln!(report, "error: cannot write {}: {e}", path.display());
                return BuildOutcome::Failed;
            }
        }
    }
    BuildOutcome::Built { dir, written }
}

/// What the build script reruns for, each once: every packaged folder (function code,
/// layer content) and, for each Rust function's crate, its folder, its `Cargo.toml` and
/// the workspace's `Cargo.lock`, so a changed handler rebuilds its asset.
fn watched_paths(app: &App) -> Vec<PathBuf> {
    let mut watched: Vec<PathBuf> = Vec::new();
    let mut watch = |path: PathBuf| {
        if !watched.contains(&path) {
            watched.push(path);
        }
    };
    for (_, dir) in crate::assets::code_dirs(app) {
        watch(dir);
    }
    let crates = crate::rust::crates_of(app);
    if let (Some(workspace), false) = (crate::rust::workspace_root(&app.root), crates.is_empty()) {
        for (_, code, _) in crates {
            // A package cargo cannot find fails the asset's build with a finding; the lock
            // file is still watched, so adding the package reruns the script.
            if let Some(dir) = package_dir(&workspace, &code.package) {
                watch(dir.join("Cargo.toml"));
                watch(dir);
            }
        }
        watch(workspace.join("Cargo.lock"));
    }
    watched
}

/// The folder of package `package` of the workspace at `workspace`, as `cargo pkgid`
/// names it (`path+file:///…/handler#name@0.1.0`); `None` when cargo does not know it.
fn package_dir(workspace: &Path, package: &str) -> Option<PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = std::process::Command::new(cargo)
        .current_dir(workspace)
        .args(["pkgid", "--quiet", "-p", package])
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let id = String::from_utf8(output.stdout).ok()?;
    let url = id.trim().strip_prefix("path+").unwrap_or(id.trim());
    let path = url.strip_prefix("file://")?.split('#').next()?;
    Some(PathBuf::from(percent_decode(path)?))
}

/// `%20` and the like decoded, as in a `file://` URL's path; `None` for a broken escape.
fn percent_decode(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()
}

/// For a handler crate's `build.rs`: writes the configuration of function `function` of
/// stack `stack` into `OUT_DIR` as `formwork_<function>.rs` (see [`HandlerConfig::to_rust`];
/// `include!` it) and `formwork_<function>.json` ([`HandlerConfig::to_json`]), the id in
/// lower case. On an unknown stack or function it prints the error and exits with status
/// 1, so the build fails.
pub fn write_handler_config(app: &App, stack: &str, function: &str) {
    let dir = std::env::var_os("OUT_DIR").map_or_else(|| PathBuf::from("."), PathBuf::from);
    if let Err(e) = write_handler_config_to(app, stack, function, &dir) {
        eprintln!("error: formwork cannot write the configuration of `{function}`: {e}");
        std::process::exit(1);
    }
}

/// [`write_handler_config`] into `dir`, without exiting: returns the two paths written
/// (each file is rewritten only when its text changed).
///
/// # Errors
///
/// An unknown stack or function, a variable that cannot be a Rust field, or an I/O error.
pub fn write_handler_config_to(
    app: &App,
    stack: &str,
    function: &str,
    dir: &Path,
) -> Result<[PathBuf; 2], Box<dyn std::error::Error>> {
    let config = handler_config(app, stack, function)?;
    Ok(crate::handler_config::write(&config, dir)?)
}

/// Writes `bytes` to `path` unless it already holds them; says whether it wrote.
fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    write_atomic(path, bytes).map(|()| true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    #[test]
    fn a_rust_function_reruns_for_its_crate_its_manifest_and_the_lock_file() {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
        let root = workspace.join("examples/rust-api");
        let mut app = App::new("watch").root(&root);
        let stack = app.stack("watch");
        for (id, bin) in [("GetOrder", "get-order"), ("CheckOrders", "check-orders")] {
            stack.add(Function::rust(id, Code::rust_bin("rust-api-handler", bin)));
        }
        stack.add(Function::new("Py", Runtime::Python313, "index.handler", Code::dir("src")));
        let handler = workspace.join("examples/rust-api/handler");
        // Both binaries are one crate: its paths once.
        assert_eq!(
            watched_paths(&app),
            [root.join("src"), handler.join("Cargo.toml"), handler, workspace.join("Cargo.lock")],
        );
    }

    #[test]
    fn an_unknown_package_still_watches_the_lock_file() {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
        let mut app = App::new("watch").root(&workspace);
        app.stack("watch").add(Function::rust("F", Code::rust("no-such-package-here")));
        assert_eq!(watched_paths(&app), [workspace.join("Cargo.lock")]);
        assert_eq!(percent_decode("/a%20b/c"), Some("/a b/c".into()));
        assert_eq!(percent_decode("/a%2"), None);
    }
}

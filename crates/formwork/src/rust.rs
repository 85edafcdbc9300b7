//! Rust functions: a binary crate of the app's Cargo workspace built for Lambda's
//! `provided.al2023` runtime and packaged as the deterministic `bootstrap` zip.
//!
//! The build runs when assets are packaged ([`crate::expand::package_assets`], called by
//! [`App::synthesize`](crate::App::synthesize)), never inside `expand`, which stays pure.
//! It spawns `cargo zigbuild` as a process, so the library gains no dependency:
//!
//! ```text
//! cargo zigbuild --release -p <package> [--bin <bin>] \
//!     --target <arch>-unknown-linux-gnu.2.34 --target-dir <workspace>/target/lambda
//! ```
//!
//! - **Why zig**: the host's glibc is usually newer than the 2.34 of `provided.al2023`,
//!   and a binary linked against it fails at cold start with `GLIBC_2.xx not found`.
//!   `cargo zigbuild` links against glibc 2.34's symbol versions on any host, without
//!   Docker, and `zig` and `cargo-zigbuild` both install from PyPI.
//! - **Where the tools are found**: `cargo-zigbuild` on `PATH`, or in the virtual
//!   environment `~/.cache/formwork/zig` that the README's command creates
//!   ([`ZIG_INSTALL`]). The Rust standard library for the target must be installed
//!   (`rustup target add aarch64-unknown-linux-gnu` for arm64).
//! - **Reproducible**: symbols are stripped, debug info is off, and the workspace and
//!   `CARGO_HOME` paths are remapped (`--remap-path-prefix`) so the binary does not name
//!   the machine's folders; the zip itself is written by `formwork-asset` (fixed
//!   timestamps, mode 0755 for `bootstrap`). The same sources, lock file and toolchain
//!   give the same zip.
//! - **Incremental**: the build has its own target folder, so cargo's own incremental
//!   checks make an unchanged crate a no-op, and the host build's artefacts are untouched.
//!
//! A failure is a [`RustBuildError`], which synthesis reports as rule FW140 on the
//! function that uses the crate.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use formwork_asset::{Asset, FileEntry};

use crate::app::App;
use crate::construct::{Architecture, Code, RustCode};

/// The glibc version Lambda's `provided.al2023` runtime has; binaries are linked against it.
pub const GLIBC_VERSION: &str = "2.34";

/// The command that installs `zig` and `cargo-zigbuild` where formwork looks for them.
pub const ZIG_INSTALL: &str =
    "python3 -m venv ~/.cache/formwork/zig && ~/.cache/formwork/zig/bin/pip install ziglang cargo-zigbuild";

/// The folder below the workspace's target folder that Lambda builds use.
pub const TARGET_SUBDIR: &str = "lambda";

/// The name of the executable in the zip: what the custom runtime starts.
pub const BOOTSTRAP: &str = "bootstrap";

/// The Rust target triple for a Lambda architecture.
pub fn target_triple(architecture: Architecture) -> &'static str {
    match architecture {
        Architecture::X86_64 => "x86_64-unknown-linux-gnu",
        Architecture::Arm64 => "aarch64-unknown-linux-gnu",
    }
}

/// Why a Rust function could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RustBuildErrorKind {
    /// No Cargo workspace (a `Cargo.toml`) holds the app's root.
    NoWorkspace,
    /// `cargo-zigbuild` (or `zig`) is not installed.
    ZigMissing,
    /// The Rust standard library for the architecture's target is not installed.
    TargetMissing,
    /// `cargo` or `cargo zigbuild` could not be started.
    Spawn,
    /// The build ran and failed.
    BuildFailed,
    /// The build succeeded but the expected binary is not there.
    NoBinary,
    /// The binary could not be read or zipped.
    Package,
}

/// A Rust function that could not be built: what failed and the command that fixes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustBuildError {
    /// What failed.
    pub kind: RustBuildErrorKind,
    /// What happened, lowercase, for a finding's message.
    pub message: String,
    /// What to do about it, for a finding's help line.
    pub fix: String,
}

impl RustBuildError {
    fn new(kind: RustBuildErrorKind, message: String, fix: impl Into<String>) -> RustBuildError {
        RustBuildError { kind, message, fix: fix.into() }
    }
}

impl fmt::Display for RustBuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; {}", self.message, self.fix)
    }
}

impl std::error::Error for RustBuildError {}

/// Every Rust crate the app's functions use, each once, in order: the key of its asset
/// (`App::root` joined with [`asset_key`]), the crate, and the architecture it is built for.
pub fn crates_of(app: &App) -> Vec<(PathBuf, RustCode, Architecture)> {
    let mut crates: Vec<(PathBuf, RustCode, Architecture)> = Vec::new();
    for stack in &app.stacks {
        for f in &stack.functions {
            if let Code::Rust(code) = &f.code {
                let key = app.root.join(asset_key(code, f.architecture));
                if !crates.iter().any(|(k, ..)| *k == key) {
                    crates.push((key, code.clone(), f.architecture));
                }
            }
        }
    }
    crates
}

/// The key of a Rust function's asset among the app's [`AssetRefs`](crate::expand::AssetRefs),
/// relative to `App::root` like a code directory: not a real folder, but unique per
/// package, binary and architecture.
pub fn asset_key(code: &RustCode, architecture: Architecture) -> PathBuf {
    let mut key = Path::new("[rust]").join(&code.package);
    if let Some(bin) = &code.bin {
        key = key.join(bin);
    }
    key.join(architecture.as_str())
}

/// The Cargo workspace that holds `dir`: the outermost folder above it whose
/// `Cargo.toml` has a `[workspace]` table, or else the nearest folder with a `Cargo.toml`.
pub fn workspace_root(dir: &Path) -> Option<PathBuf> {
    // Absolute, so that a relative root (a spec file's folder, `examples/x`) neither ends
    // in an empty path nor remaps the build's paths differently from an absolute one.
    let absolute = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let dir = absolute.as_path();
    let mut nearest = None;
    let mut workspace = None;
    for d in dir.ancestors() {
        let manifest = d.join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            continue;
        };
        nearest.get_or_insert_with(|| d.to_path_buf());
        if text.lines().any(|l| l.trim() == "[workspace]") {
            workspace = Some(d.to_path_buf());
        }
    }
    workspace.or(nearest)
}

/// Where `cargo-zigbuild` is: `PATH`, or `~/.cache/formwork/zig/bin`. Returns the folder
/// to put first on the child's `PATH` (so `python3 -m ziglang` finds zig) when found there.
fn find_zigbuild() -> Option<Option<PathBuf>> {
    let on_path = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("cargo-zigbuild").is_file()));
    if on_path {
        return Some(None);
    }
    let home = std::env::var_os("HOME")?;
    let venv = PathBuf::from(home).join(".cache/formwork/zig/bin");
    venv.join("cargo-zigbuild").is_file().then_some(Some(venv))
}

fn cargo_command() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Whether the Rust standard library for `triple` is installed in the sysroot.
fn target_installed(triple: &str) -> Result<bool, RustBuildError> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = Command::new(&rustc).args(["--print", "sysroot"]).output().map_err(|e| {
        RustBuildError::new(
            RustBuildErrorKind::Spawn,
            format!("cannot run rustc: {e}"),
            "install a Rust toolchain with rustup",
        )
    })?;
    let sysroot = String::from_utf8_lossy(&out.stdout).trim().to_string();
    Ok(Path::new(&sysroot).join("lib/rustlib").join(triple).join("lib").is_dir())
}

/// Builds the package's binary for the architecture and zips it as `bootstrap`.
///
/// `root` is the app's root (`App::root`); the build runs in the workspace that holds it.
///
/// # Errors
///
/// A [`RustBuildError`] naming the command that fixes it when the workspace, `zig`,
/// `cargo-zigbuild` or the target's standard library is missing, and cargo's own
/// errors when the build fails.
pub fn build(root: &Path, code: &RustCode, architecture: Architecture) -> Result<Asset, RustBuildError> {
    use RustBuildErrorKind as K;
    let package = &code.package;
    let Some(workspace) = workspace_root(root) else {
        return Err(RustBuildError::new(
            K::NoWorkspace,
            format!("no Cargo.toml above {} holds the package `{package}`", root.display()),
            "set App::root to a folder of the Cargo workspace that has the package",
        ));
    };
    let triple = target_triple(architecture);
    if !target_installed(triple)? {
        return Err(RustBuildError::new(
            K::TargetMissing,
            format!("the Rust standard library for {triple} ({}) is not installed", architecture.as_str()),
            format!("run `rustup target add {triple}`"),
        ));
    }
    let Some(venv) = find_zigbuild() else {
        return Err(RustBuildError::new(
            K::ZigMissing,
            format!(
                "cargo-zigbuild is not installed; it links `{package}` against glibc {GLIBC_VERSION}, the version of Lambda's provided.al2023"
            ),
            format!("run `{ZIG_INSTALL}`"),
        ));
    };
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace.join("target"), PathBuf::from)
        .join(TARGET_SUBDIR);
    let mut command = Command::new(cargo_command());
    command
        .current_dir(&workspace)
        .args(["zigbuild", "--release", "--quiet", "-p", package])
        .arg("--target")
        .arg(format!("{triple}.{GLIBC_VERSION}"))
        .arg("--target-dir")
        .arg(&target_dir);
    if let Some(bin) = &code.bin {
        command.args(["--bin", bin]);
    }
    command
        .env("CARGO_ENCODED_RUSTFLAGS", remap_flags(&workspace))
        .env("CARGO_PROFILE_RELEASE_STRIP", "symbols")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "false")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("CARGO_TARGET_DIR");
    if let Some(venv) = venv {
        let mut paths = vec![venv];
        if let Some(p) = std::env::var_os("PATH") {
            paths.extend(std::env::split_paths(&p));
        }
        if let Ok(joined) = std::env::join_paths(paths) {
            command.env("PATH", joined);
        }
    }
    let output = command.output().map_err(|e| {
        RustBuildError::new(
            K::Spawn,
            format!("cannot run cargo zigbuild for `{package}`: {e}"),
            format!("check that cargo is installed, then run `{ZIG_INSTALL}`"),
        )
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        let tail = tail[tail.len().saturating_sub(12)..].join("\n    ");
        return Err(RustBuildError::new(
            K::BuildFailed,
            format!(
                "cargo zigbuild -p {package} --target {triple}.{GLIBC_VERSION} failed ({}):\n    {tail}",
                output.status
            ),
            "fix the errors cargo reports (run the command in the workspace to see them all)",
        ));
    }
    let bin = code.bin.as_deref().unwrap_or(package);
    let binary = target_dir.join(triple).join("release").join(bin);
    let contents = std::fs::read(&binary).map_err(|e| {
        RustBuildError::new(
            K::NoBinary,
            format!("the build of `{package}` left no binary at {}: {e}", binary.display()),
            "name the binary with Code::rust_bin(package, bin) when it is not called like the package",
        )
    })?;
    formwork_asset::package_files(vec![FileEntry::new(BOOTSTRAP, contents).executable()]).map_err(|e| {
        RustBuildError::new(K::Package, format!("cannot zip `{package}`: {e}"), "report this as a bug")
    })
}

/// `--remap-path-prefix` for the workspace and `CARGO_HOME`, separated as
/// `CARGO_ENCODED_RUSTFLAGS` wants (0x1f), so the binary names neither folder.
fn remap_flags(workspace: &Path) -> OsString {
    let mut flags: Vec<OsString> = Vec::new();
    let mut remap = |from: &Path, to: &str| {
        let mut flag = OsString::from("--remap-path-prefix=");
        flag.push(from);
        flag.push("=");
        flag.push(to);
        flags.push(flag);
    };
    remap(workspace, "/workspace");
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    if let Some(home) = cargo_home {
        remap(&home, "/cargo");
    }
    let mut joined = OsString::new();
    for (i, f) in flags.iter().enumerate() {
        if i > 0 {
            joined.push("\u{1f}");
        }
        joined.push(f);
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triples_per_architecture() {
        assert_eq!(target_triple(Architecture::X86_64), "x86_64-unknown-linux-gnu");
        assert_eq!(target_triple(Architecture::Arm64), "aarch64-unknown-linux-gnu");
    }

    #[test]
    fn asset_keys_differ_by_package_bin_and_architecture() {
        let a = RustCode { package: "h".into(), bin: None };
        let b = RustCode { package: "h".into(), bin: Some("api".into()) };
        let keys = [
            asset_key(&a, Architecture::X86_64),
            asset_key(&a, Architecture::Arm64),
            asset_key(&b, Architecture::X86_64),
        ];
        assert_eq!(keys[0], Path::new("[rust]/h/x86_64"));
        assert_ne!(keys[0], keys[1]);
        assert_eq!(keys[2], Path::new("[rust]/h/api/x86_64"));
    }

    #[test]
    fn workspace_root_is_the_outermost_workspace() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = workspace_root(here).unwrap();
        assert!(root.join("crates").is_dir(), "{}", root.display());
        // A relative folder (a spec file's) gives the same, absolute root, never "".
        let relative = Path::new("src");
        assert_eq!(workspace_root(relative), workspace_root(&here.join("src")));
        assert!(workspace_root(relative).is_some_and(|r| r.is_absolute()));
        assert_eq!(workspace_root(Path::new("/")), None);
    }

    #[test]
    fn a_missing_workspace_is_an_error_naming_the_fix() {
        let code = RustCode { package: "h".into(), bin: None };
        let e = build(Path::new("/"), &code, Architecture::X86_64).unwrap_err();
        assert_eq!(e.kind, RustBuildErrorKind::NoWorkspace);
        assert!(e.fix.contains("App::root"), "{e}");
    }

    #[test]
    fn remapped_folders_are_separated_for_cargo() {
        let flags = remap_flags(Path::new("/w")).into_string().unwrap();
        let parts: Vec<&str> = flags.split('\u{1f}').collect();
        assert_eq!(parts[0], "--remap-path-prefix=/w=/workspace");
        assert!(parts.len() <= 2 && parts.iter().all(|p| p.starts_with("--remap-path-prefix=")));
    }
}

//! Code assets: every code directory of an app — functions' and layers' — packaged as
//! a deterministic zip and measured, and Rust packages built, before expansion (the only
//! step of synthesis that reads files or runs a program); expansion then checks the
//! deployment package size limits on these measurements.

use std::path::{Component, Path, PathBuf};

use formwork_asset::Asset;
use indexmap::IndexMap;

use crate::app::{App, CodeOutsideRoot};
use crate::construct::{Code, FunctionLayer, LayerContent, RustCode};

/// A code asset as expansion needs it: the zip's file name, or why it could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetRef {
    /// The packaged zip.
    Packaged {
        /// `<sha256>.zip`
        file_name: String,
        /// The zip's SHA-256, lowercase hex.
        sha256: String,
    },
    /// The packaged zip, with its sizes (what [`package_assets`] makes).
    Measured {
        /// `<sha256>.zip`
        file_name: String,
        /// The zip's SHA-256, lowercase hex.
        sha256: String,
        /// The zip's size in bytes.
        zipped_bytes: u64,
        /// The files' total size in bytes.
        unzipped_bytes: u64,
    },
    /// Packaging failed: the message says why.
    Failed(String),
    /// Packaging was refused (rule FW135): the folder lies outside the app's root, or a
    /// symlink in it points outside it, without the user's opt-in. The message says which.
    Refused(String),
}

/// The code assets of an app, by resolved directory.
pub type AssetRefs = IndexMap<PathBuf, AssetRef>;

/// Largest zipped deployment package Lambda accepts by direct upload: 50 MB (docs/facts.md).
pub const MAX_ZIPPED_BYTES: u64 = 50 * 1024 * 1024;
/// Largest unzipped package, the function's code and all its layers: 250 MB (docs/facts.md).
pub const MAX_UNZIPPED_BYTES: u64 = 250 * 1024 * 1024;

/// Every code directory of the app, in order: functions' code, then layers' content,
/// each as written and resolved against the app's root.
pub(crate) fn code_dirs(app: &App) -> Vec<(PathBuf, PathBuf)> {
    let mut dirs = Vec::new();
    for stack in &app.stacks {
        for f in &stack.functions {
            if let Code::Dir(dir) = &f.code {
                dirs.push((dir.clone(), app.root.join(dir)));
            }
        }
        for l in &stack.extra.layers {
            if let LayerContent::Dir(dir) = &l.content {
                dirs.push((dir.clone(), app.root.join(dir)));
            }
        }
    }
    dirs
}

fn package(app: &App, written: &Path, resolved: &Path) -> (AssetRef, Option<Vec<u8>>) {
    if app.code_outside_root == CodeOutsideRoot::Refuse && !inside_root(&app.root, written) {
        let why = format!(
            "{} lies outside the app's root folder; its files would be zipped and uploaded",
            written.display()
        );
        return (AssetRef::Refused(why), None);
    }
    match formwork_asset::package_dir_with(resolved, app.links) {
        Err(e) if e.kind == formwork_asset::AssetErrorKind::LinkOutside => {
            let link = e.path.strip_prefix(resolved).unwrap_or(&e.path);
            let why = format!(
                "symlink {} in {} points outside the folder; it is not packaged",
                link.display(),
                written.display()
            );
            (AssetRef::Refused(why), None)
        }
        Ok(asset) => measured(asset),
        Err(e) => (AssetRef::Failed(shown_error(&e, written)), None),
    }
}

/// Whether the code path `dir`, as written, stays inside `root`: relative, never
/// climbing above it, and (when both exist) really inside it once symlinks are resolved.
pub(crate) fn inside_root(root: &Path, dir: &Path) -> bool {
    let mut depth = 0usize;
    for part in dir.components() {
        match part {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    let root = if root.as_os_str().is_empty() { Path::new(".") } else { root };
    match (std::fs::canonicalize(root), std::fs::canonicalize(root.join(dir))) {
        (Ok(root), Ok(dir)) => dir.starts_with(root),
        // A folder that does not exist is reported by packaging.
        _ => true,
    }
}

fn measured(Asset { bytes, sha256, unpacked_size, .. }: Asset) -> (AssetRef, Option<Vec<u8>>) {
    (
        AssetRef::Measured {
            file_name: format!("{sha256}.zip"),
            sha256,
            zipped_bytes: bytes.len() as u64,
            unzipped_bytes: unpacked_size,
        },
        Some(bytes),
    )
}

/// Builds a Rust crate and zips it as `bootstrap`; a failure is kept as the message
/// and fix of rule FW140, separated by [`RUST_FIX_SEPARATOR`].
fn package_rust(
    root: &Path,
    code: &RustCode,
    architecture: crate::construct::Architecture,
) -> (AssetRef, Option<Vec<u8>>) {
    match crate::rust::build(root, code, architecture) {
        Ok(asset) => measured(asset),
        Err(e) => (AssetRef::Failed(format!("{}{RUST_FIX_SEPARATOR}{}", e.message, e.fix)), None),
    }
}

/// Separates the message from the fix in the [`AssetRef::Failed`] of a Rust crate.
pub(crate) const RUST_FIX_SEPARATOR: &str = "\u{0}";

/// The asset error with the path as the user wrote it, not as resolved.
fn shown_error(e: &formwork_asset::AssetError, written: &Path) -> String {
    use formwork_asset::AssetErrorKind as K;
    let shown = written.display();
    match e.kind {
        K::NotFound => format!("directory {shown} does not exist"),
        K::NotADirectory => format!("{shown} is not a directory"),
        K::Empty => format!("directory {shown} contains no files"),
        _ => e.to_string(),
    }
}

/// Packages every code directory of the app (functions' and layers'), each once, with
/// its sizes: the references expansion reads and the zip files to write, by name.
pub fn package_assets(app: &App) -> (AssetRefs, Vec<(String, Vec<u8>)>) {
    package_assets_given(app, &AssetRefs::new())
}

/// [`package_assets`] except for the code whose key is in `given`: those references are
/// kept as they are, and nothing is packaged or built for them.
pub fn package_assets_given(app: &App, given: &AssetRefs) -> (AssetRefs, Vec<(String, Vec<u8>)>) {
    let mut refs = given.clone();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (written, resolved) in code_dirs(app) {
        if refs.contains_key(&resolved) {
            continue;
        }
        let (r, bytes) = package(app, &written, &resolved);
        if let (AssetRef::Measured { file_name, .. }, Some(bytes)) = (&r, bytes) {
            if !files.iter().any(|(n, _)| n == file_name) {
                files.push((file_name.clone(), bytes));
            }
        }
        refs.insert(resolved, r);
    }
    for (key, code, architecture) in crate::rust::crates_of(app) {
        if refs.contains_key(&key) {
            continue;
        }
        let (r, bytes) = package_rust(&app.root, &code, architecture);
        if let (AssetRef::Measured { file_name, .. }, Some(bytes)) = (&r, bytes) {
            if !files.iter().any(|(n, _)| n == file_name) {
                files.push((file_name.clone(), bytes));
            }
        }
        refs.insert(key, r);
    }
    (refs, files)
}

/// Measures the code the caller packaged without sizes ([`AssetRef::Packaged`]) by
/// packaging its folder again, so the size limits are checked on the real files.
pub(crate) fn measure_given(app: &App, refs: &mut AssetRefs) {
    for (written, resolved) in code_dirs(app) {
        if matches!(refs.get(&resolved), Some(AssetRef::Packaged { .. })) {
            let (r, _) = package(app, &written, &resolved);
            refs.insert(resolved, r);
        }
    }
}

/// The sizes of a packaged directory: (zipped, unzipped) bytes.
pub(crate) fn sizes(refs: &AssetRefs, resolved: &Path) -> Option<(u64, u64)> {
    match refs.get(resolved)? {
        AssetRef::Measured { zipped_bytes, unzipped_bytes, .. } => Some((*zipped_bytes, *unzipped_bytes)),
        _ => None,
    }
}

/// The unzipped size of a function's layers that are constructs of the app with a
/// packaged directory; layers given by ARN are not counted (their size is unknown).
pub(crate) fn layers_unzipped(app: &App, refs: &AssetRefs, layers: &[FunctionLayer]) -> u64 {
    let mut total = 0;
    for layer in layers {
        let FunctionLayer::Layer(l) = layer else {
            continue;
        };
        let found = app.stacks.iter().filter(|s| s.name == l.0.stack).find_map(|s| s.extra.layer(&l.0.id));
        if let Some(LayerContent::Dir(dir)) = found.map(|l| &l.content) {
            total += sizes(refs, &app.root.join(dir)).map_or(0, |(_, unzipped)| unzipped);
        }
    }
    total
}

/// Bytes as megabytes with one decimal, for messages.
pub(crate) fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

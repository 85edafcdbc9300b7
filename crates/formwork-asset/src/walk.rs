//! Collecting the files below a code directory, applying the skip rules.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{AssetError, AssetErrorKind};
use crate::Links;

/// A file found on disk, not yet read.
pub(crate) struct DiskFile {
    /// Path relative to the code directory, '/'-separated.
    pub(crate) rel: String,
    /// Path to read the contents from (the code directory joined with `rel`).
    pub(crate) abs: PathBuf,
    /// Whether any execute bit is set on the file (or a symlink's target).
    pub(crate) executable: bool,
}

/// Whether an entry named `name` is left out of the archive.
fn is_skipped(name: &[u8], is_dir: bool) -> bool {
    name.starts_with(b".") || (is_dir && name == b"__pycache__") || (!is_dir && name.ends_with(b".pyc"))
}

/// Returns every file below `root` (recursively), unsorted.
pub(crate) fn collect(root: &Path, links: Links) -> Result<Vec<DiskFile>, AssetError> {
    let mut out = Vec::new();
    // Links are judged against the directory's real path, its own links resolved.
    let inside = match links {
        Links::Inside => Some(fs::canonicalize(root).map_err(|e| AssetError::io(&e, root))?),
        Links::Follow => None,
    };
    visit(root, "", inside.as_deref(), &mut out)?;
    Ok(out)
}

fn visit(dir: &Path, prefix: &str, inside: Option<&Path>, out: &mut Vec<DiskFile>) -> Result<(), AssetError> {
    let entries = fs::read_dir(dir).map_err(|e| AssetError::io(&e, dir))?;
    for entry in entries {
        let entry = entry.map_err(|e| AssetError::io(&e, dir))?;
        let abs = entry.path();
        let name = entry.file_name();
        if name.as_encoded_bytes().starts_with(b".") {
            // Checked before following symlinks: editors leave dangling
            // hidden links such as `.#handler.py` around.
            continue;
        }
        // `file_type` does not follow symlinks.
        let file_type = entry.file_type().map_err(|e| AssetError::io(&e, &abs))?;
        let (is_dir, metadata) = if file_type.is_symlink() {
            // Follow links to files; skip links to directories (no cycles).
            let target = fs::metadata(&abs).map_err(|e| AssetError::io(&e, &abs))?;
            if target.is_dir() {
                continue;
            }
            if let Some(root) = inside {
                let real = fs::canonicalize(&abs).map_err(|e| AssetError::io(&e, &abs))?;
                if !real.starts_with(root) {
                    return Err(AssetError::new(AssetErrorKind::LinkOutside, abs));
                }
            }
            (false, target)
        } else if file_type.is_dir() {
            let metadata = entry.metadata().map_err(|e| AssetError::io(&e, &abs))?;
            (true, metadata)
        } else {
            let metadata = entry.metadata().map_err(|e| AssetError::io(&e, &abs))?;
            (false, metadata)
        };
        if is_skipped(name.as_encoded_bytes(), is_dir) {
            continue;
        }
        let Some(name) = name.to_str() else {
            return Err(AssetError::new(AssetErrorKind::InvalidPath, abs));
        };
        let rel = format!("{prefix}{name}");
        if is_dir {
            visit(&abs, &format!("{rel}/"), inside, out)?;
            continue;
        }
        if !metadata.is_file() {
            // Sockets, FIFOs and device nodes are not code.
            continue;
        }
        if rel.len() > usize::from(u16::MAX) {
            return Err(AssetError::new(AssetErrorKind::InvalidPath, abs));
        }
        if metadata.len() >= u64::from(u32::MAX) {
            return Err(AssetError::new(AssetErrorKind::TooLarge, abs));
        }
        out.push(DiskFile { rel, abs, executable: is_executable(&metadata) });
    }
    Ok(())
}

#[cfg(unix)]
fn is_executable(metadata: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_metadata: &fs::Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::is_skipped;

    #[test]
    fn skip_rules() {
        assert!(is_skipped(b".git", true));
        assert!(is_skipped(b".env", false));
        assert!(is_skipped(b"__pycache__", true));
        assert!(is_skipped(b"mod.pyc", false));
        assert!(!is_skipped(b"__pycache__", false));
        assert!(!is_skipped(b"lib.pyc", true));
        assert!(!is_skipped(b"handler.py", false));
        assert!(!is_skipped(b"node_modules", true));
    }
}

//! The error type returned by packaging.

use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong while packaging an asset.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetErrorKind {
    /// The code directory does not exist.
    NotFound,
    /// The code path exists but is not a directory.
    NotADirectory,
    /// There are no files to package (after skipping hidden files,
    /// `__pycache__` directories and `*.pyc` files).
    Empty,
    /// Reading the directory or a file failed with this I/O error kind.
    Io(std::io::ErrorKind),
    /// A file name cannot be stored: it is not valid UTF-8, or (for
    /// [`package_files`](crate::package_files)) it is not a normalized
    /// relative path, is a duplicate, or is longer than 65535 bytes.
    InvalidPath,
    /// The archive would need zip64: more than 65535 entries, or a size or
    /// offset that does not fit in 32 bits.
    TooLarge,
    /// A symlink below the code directory points at a file outside it (the
    /// path is the link's).
    LinkOutside,
}

/// An error from [`package_dir`](crate::package_dir) or
/// [`package_files`](crate::package_files).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AssetError {
    /// What went wrong.
    pub kind: AssetErrorKind,
    /// The file or directory concerned (for in-memory files, the entry's
    /// relative path; empty when the error concerns the whole file list).
    pub path: PathBuf,
}

impl AssetError {
    /// Builds an error for `path`.
    pub(crate) fn new(kind: AssetErrorKind, path: impl Into<PathBuf>) -> Self {
        Self { kind, path: path.into() }
    }

    /// Builds an [`AssetErrorKind::Io`] error from an I/O error.
    pub(crate) fn io(err: &std::io::Error, path: &Path) -> Self {
        Self::new(AssetErrorKind::Io(err.kind()), path)
    }
}

impl fmt::Display for AssetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        let no_path = self.path.as_os_str().is_empty();
        match self.kind {
            AssetErrorKind::NotFound => write!(f, "code directory {path} does not exist"),
            AssetErrorKind::NotADirectory => write!(f, "code path {path} is not a directory"),
            AssetErrorKind::Empty if no_path => f.write_str("no files to package"),
            AssetErrorKind::Empty => write!(f, "code directory {path} contains no files"),
            AssetErrorKind::Io(kind) => write!(f, "cannot read {path}: {kind}"),
            AssetErrorKind::InvalidPath => write!(
                f,
                "file name {path} cannot be stored in a zip archive \
                 (it must be a normalized relative UTF-8 path)"
            ),
            AssetErrorKind::TooLarge if no_path => {
                f.write_str("asset is too large for a zip archive without zip64")
            }
            AssetErrorKind::TooLarge => {
                write!(f, "{path} is too large for a zip archive without zip64")
            }
            AssetErrorKind::LinkOutside => write!(
                f,
                "symlink {path} points outside the code directory; it is not packaged without an explicit opt-in"
            ),
        }
    }
}

impl std::error::Error for AssetError {}

//! Deterministic, content-hashed zip assets for formwork.
//!
//! This crate owns turning a Lambda function's local code directory (or a
//! list of in-memory files) into a zip archive whose bytes depend only on
//! the files' relative paths, contents and executable bits — never on
//! directory listing order, timestamps, owners or the machine doing the
//! packaging. The archive is named by its SHA-256 ([`Asset::file_name`]), so
//! an unchanged function produces an unchanged asset and an unchanged
//! template.
//!
//! It depends only on std and `miniz_oxide` (raw DEFLATE); SHA-256 and
//! CRC-32 are implemented here.
//!
//! # What gets packaged ([`package_dir`])
//!
//! - Every regular file below the directory, recursively. Directories get
//!   no entries of their own; empty directories therefore vanish.
//! - Skipped: hidden files and directories (name starts with `.`),
//!   directories named `__pycache__`, and files whose name ends in `.pyc`.
//!   The skip rules apply to entries *below* the directory, not to the
//!   directory passed in.
//! - Symlinks: a symlink to a file inside the directory is followed and
//!   stored as a regular file with the target's contents and executable bit;
//!   one whose target lies outside the directory is an error
//!   ([`AssetErrorKind::LinkOutside`]), unless [`Links::Follow`] is passed to
//!   [`package_dir_with`]: a link to `/etc/shadow` must not slip into a zip
//!   that is uploaded. A symlink to a directory is skipped (this rules out
//!   cycles). A dangling symlink is an error ([`AssetErrorKind::Io`] with
//!   [`std::io::ErrorKind::NotFound`]).
//! - Sockets, FIFOs and device nodes are skipped.
//! - File names must be valid UTF-8 ([`AssetErrorKind::InvalidPath`]).
//!
//! [`package_files`] takes the files as given: no skip rules, but each path
//! must be a normalized relative '/'-separated path (no empty, `.` or `..`
//! components, no leading or trailing '/', no NUL) and unique.
//!
//! # Determinism rules
//!
//! - Entries are sorted by their relative path, compared as bytes of the
//!   '/'-separated UTF-8 string.
//! - Every entry has the fixed DOS timestamp 1980-01-01 00:00:00.
//! - "Version made by" is Unix, spec 2.0 (`3 << 8 | 20`); "version needed"
//!   is 2.0.
//! - External attributes hold the Unix mode in the high 16 bits: `0o100644`
//!   for a regular file, or `0o100755` when any execute bit is set on the
//!   source file (Unix only; elsewhere files are never executable). For
//!   [`package_files`] the [`FileEntry::executable`] flag decides.
//! - No extra fields, no comments, no data descriptors (CRC and sizes are in
//!   the local header). The general purpose flag is 0, or has only bit 11
//!   (UTF-8) set when the name is non-ASCII.
//! - Compression is raw DEFLATE (method 8) from
//!   `miniz_oxide::deflate::compress_to_vec` at level 6; when that is not
//!   smaller than the original the data is stored (method 0). Empty files
//!   are stored. The `miniz_oxide` version is pinned by `Cargo.lock`; a
//!   different version could, in principle, produce different bytes.
//! - Standard layout: local headers and data, central directory, end of
//!   central directory record with no comment. No zip64: more than 65535
//!   entries, or any size or offset of `u32::MAX` or more, is
//!   [`AssetErrorKind::TooLarge`].
//!
//! ```
//! use formwork_asset::{package_files, FileEntry};
//!
//! # fn main() -> Result<(), formwork_asset::AssetError> {
//! let handler = b"export const handler = async () => 'ok';\n";
//! let asset = package_files(vec![FileEntry::new("index.mjs", handler.to_vec())])?;
//! assert_eq!(asset.file_count, 1);
//! assert_eq!(asset.file_name(), format!("{}.zip", asset.sha256));
//! # Ok(())
//! # }
//! ```

mod crc32;
mod error;
mod sha256;
mod walk;
mod zip;

use std::fs;
use std::path::{Path, PathBuf};

pub use error::{AssetError, AssetErrorKind};

use zip::{ZipWriter, MAX_ENTRIES};

/// A packaged directory: the zip bytes and their SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Asset {
    /// The zip archive, byte-for-byte deterministic for the same files.
    pub bytes: Vec<u8>,
    /// Lowercase hex SHA-256 of `bytes` (64 chars).
    pub sha256: String,
    /// Total uncompressed size of all file entries, in bytes.
    pub unpacked_size: u64,
    /// Number of file entries.
    pub file_count: usize,
}

impl Asset {
    /// `<sha256>.zip`
    pub fn file_name(&self) -> String {
        format!("{}.zip", self.sha256)
    }

    fn from_writer(writer: ZipWriter, whole: &Path) -> Result<Self, AssetError> {
        let file_count = writer.entries();
        let unpacked_size = writer.unpacked_size();
        let bytes = writer.finish().map_err(|_| AssetError::new(AssetErrorKind::TooLarge, whole))?;
        Ok(Self { sha256: sha256_hex(&bytes), bytes, unpacked_size, file_count })
    }
}

/// One in-memory file for [`package_files`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FileEntry {
    /// Relative path inside the archive, with '/' separators (for example
    /// `lib/util.py`).
    pub path: String,
    /// The file's contents.
    pub contents: Vec<u8>,
    /// Whether the file is stored with mode `0o100755` instead of
    /// `0o100644`.
    pub executable: bool,
}

impl FileEntry {
    /// A regular file (mode `0o100644`) at `path` inside the archive.
    pub fn new(path: impl Into<String>, contents: impl Into<Vec<u8>>) -> FileEntry {
        FileEntry { path: path.into(), contents: contents.into(), executable: false }
    }

    /// Stores the file as executable (mode `0o100755`). Default: not executable.
    #[must_use]
    pub fn executable(mut self) -> FileEntry {
        self.executable = true;
        self
    }
}

/// Packages every regular file below `dir` (recursively).
///
/// See the [crate documentation](crate) for which files are included and
/// how the archive is laid out.
///
/// # Errors
///
/// [`AssetErrorKind::NotFound`] if `dir` does not exist,
/// [`AssetErrorKind::NotADirectory`] if it is not a directory,
/// [`AssetErrorKind::Empty`] if no files remain after the skip rules,
/// [`AssetErrorKind::InvalidPath`] for a non-UTF-8 file name,
/// [`AssetErrorKind::TooLarge`] if zip64 would be needed,
/// [`AssetErrorKind::LinkOutside`] for a symlink to a file outside `dir`, and
/// [`AssetErrorKind::Io`] when reading fails.
pub fn package_dir(dir: &Path) -> Result<Asset, AssetError> {
    package_dir_with(dir, Links::Inside)
}

/// Which symlinks below a code directory are followed into the zip.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Links {
    /// Links to files inside the directory; a link pointing outside it is
    /// [`AssetErrorKind::LinkOutside`] (the default).
    #[default]
    Inside,
    /// Links to files anywhere: the user vouches for what they point at.
    Follow,
}

/// [`package_dir`], saying which symlinks are followed.
///
/// # Errors
///
/// As [`package_dir`].
pub fn package_dir_with(dir: &Path, links: Links) -> Result<Asset, AssetError> {
    let metadata = fs::metadata(dir).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            AssetError::new(AssetErrorKind::NotFound, dir)
        } else {
            AssetError::io(&e, dir)
        }
    })?;
    if !metadata.is_dir() {
        return Err(AssetError::new(AssetErrorKind::NotADirectory, dir));
    }
    let mut files = walk::collect(dir, links)?;
    if files.is_empty() {
        return Err(AssetError::new(AssetErrorKind::Empty, dir));
    }
    if files.len() > MAX_ENTRIES {
        return Err(AssetError::new(AssetErrorKind::TooLarge, dir));
    }
    files.sort_unstable_by(|a, b| a.rel.cmp(&b.rel));

    let mut writer = ZipWriter::new();
    for file in files {
        let data = fs::read(&file.abs).map_err(|e| AssetError::io(&e, &file.abs))?;
        writer
            .add(&file.rel, &data, file.executable)
            .map_err(|_| AssetError::new(AssetErrorKind::TooLarge, &file.abs))?;
    }
    Asset::from_writer(writer, dir)
}

/// Packages the given in-memory files (relative path with '/' separators,
/// contents, executable bit).
///
/// The files are sorted by path; the skip rules of [`package_dir`] do not
/// apply. Packaging the same files as a directory gives the same bytes.
///
/// # Errors
///
/// [`AssetErrorKind::Empty`] for an empty list (with an empty `path`),
/// [`AssetErrorKind::InvalidPath`] for a path that is empty, absolute,
/// contains empty, `.` or `..` components or NUL, is longer than 65535
/// bytes, or occurs twice, and [`AssetErrorKind::TooLarge`] if zip64 would
/// be needed.
pub fn package_files(mut files: Vec<FileEntry>) -> Result<Asset, AssetError> {
    if files.is_empty() {
        return Err(AssetError::new(AssetErrorKind::Empty, PathBuf::new()));
    }
    if let Some(bad) = files.iter().find(|f| !is_valid_archive_path(&f.path)) {
        return Err(AssetError::new(AssetErrorKind::InvalidPath, &bad.path));
    }
    files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    if let Some(pair) = files.windows(2).find(|w| w[0].path == w[1].path) {
        return Err(AssetError::new(AssetErrorKind::InvalidPath, &pair[0].path));
    }
    if files.len() > MAX_ENTRIES {
        return Err(AssetError::new(AssetErrorKind::TooLarge, PathBuf::new()));
    }

    let mut writer = ZipWriter::new();
    for file in &files {
        writer
            .add(&file.path, &file.contents, file.executable)
            .map_err(|_| AssetError::new(AssetErrorKind::TooLarge, &file.path))?;
    }
    Asset::from_writer(writer, Path::new(""))
}

/// Whether `path` is a normalized relative '/'-separated path that fits in
/// a zip header.
fn is_valid_archive_path(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= usize::from(u16::MAX)
        && !path.contains('\0')
        && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

/// Lowercase hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    sha256::to_hex(&sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::is_valid_archive_path;

    #[test]
    fn archive_path_validation() {
        for ok in ["a", "a/b.py", "bin/bootstrap", "caf\u{e9}/x", "a..b/.c"] {
            assert!(is_valid_archive_path(ok), "{ok}");
        }
        for bad in ["", "/a", "a/", "a//b", "./a", "a/../b", "..", "a\0b"] {
            assert!(!is_valid_archive_path(bad), "{bad:?}");
        }
        assert!(!is_valid_archive_path(&"x".repeat(65_536)));
    }
}

//! Shared helpers: unique temporary directories and a small, strict reader
//! of zip headers used to inspect the archives.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use formwork_asset::FileEntry;

/// A unique temporary directory, removed when dropped (even on panic).
pub(crate) struct TempDir(tempfile::TempDir);

impl TempDir {
    pub(crate) fn new(_purpose: &str) -> Self {
        Self(tempfile::tempdir().expect("a temporary directory"))
    }

    pub(crate) fn path(&self) -> &Path {
        self.0.path()
    }

    /// Writes `contents` to `rel` below the temp dir, creating parents.
    pub(crate) fn write(&self, rel: &str, contents: &[u8]) -> PathBuf {
        let path = self.0.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap();
        path
    }
}

/// One entry as read back from the central directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) version_made_by: u16,
    pub(crate) flags: u16,
    pub(crate) method: u16,
    pub(crate) time: u16,
    pub(crate) date: u16,
    pub(crate) crc: u32,
    pub(crate) compressed_size: u32,
    pub(crate) size: u32,
    pub(crate) mode: u32,
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// A small, strict reader used only to inspect header fields; it checks that
/// local headers agree with the central directory and that nothing is left
/// over.
pub(crate) fn read_entries(bytes: &[u8]) -> Vec<Entry> {
    let end = bytes.len() - 22;
    assert_eq!(u32_at(bytes, end), 0x0605_4b50, "end record at the very end");
    assert_eq!(u16_at(bytes, end + 20), 0, "no archive comment");
    let count = usize::from(u16_at(bytes, end + 10));
    assert_eq!(u16_at(bytes, end + 8), u16_at(bytes, end + 10));
    let cd_size = u32_at(bytes, end + 12) as usize;
    let cd_offset = u32_at(bytes, end + 16) as usize;
    assert_eq!(cd_offset + cd_size, end, "central directory ends at the end record");

    let mut entries = Vec::new();
    let mut at = cd_offset;
    let mut expected_local = 0usize;
    for _ in 0..count {
        assert_eq!(u32_at(bytes, at), 0x0201_4b50);
        let name_len = usize::from(u16_at(bytes, at + 28));
        assert_eq!(u16_at(bytes, at + 30), 0, "no extra field");
        assert_eq!(u16_at(bytes, at + 32), 0, "no comment");
        let local = u32_at(bytes, at + 42) as usize;
        assert_eq!(local, expected_local, "entries are contiguous");
        let entry = Entry {
            name: String::from_utf8(bytes[at + 46..at + 46 + name_len].to_vec()).unwrap(),
            version_made_by: u16_at(bytes, at + 4),
            flags: u16_at(bytes, at + 8),
            method: u16_at(bytes, at + 10),
            time: u16_at(bytes, at + 12),
            date: u16_at(bytes, at + 14),
            crc: u32_at(bytes, at + 16),
            compressed_size: u32_at(bytes, at + 20),
            size: u32_at(bytes, at + 24),
            mode: u32_at(bytes, at + 38) >> 16,
        };
        // The local header repeats bytes 6..30 of the central header.
        assert_eq!(u32_at(bytes, local), 0x0403_4b50);
        assert_eq!(&bytes[local + 4..local + 28], &bytes[at + 6..at + 30]);
        assert_eq!(u16_at(bytes, local + 28), 0, "no local extra field");
        expected_local = local + 30 + name_len + entry.compressed_size as usize;
        at += 46 + name_len;
        entries.push(entry);
    }
    assert_eq!(expected_local, cd_offset, "data ends where the directory starts");
    assert_eq!(at, end);
    entries
}

pub(crate) fn names(bytes: &[u8]) -> Vec<String> {
    read_entries(bytes).into_iter().map(|e| e.name).collect()
}

pub(crate) fn entry(path: &str, contents: &[u8], executable: bool) -> FileEntry {
    let file = FileEntry::new(path, contents);
    if executable {
        file.executable()
    } else {
        file
    }
}

pub(crate) fn set_mtime(path: &Path, secs_since_epoch: u64) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(secs_since_epoch)).unwrap();
}

#[cfg(unix)]
pub(crate) fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

pub(crate) fn handler_source() -> Vec<u8> {
    b"import json\n\ndef handler(event, context):\n    return {'statusCode': 200, 'body': json.dumps(event)}\n"
        .repeat(4)
}

//! Integration tests for `formwork-asset`: determinism, skip rules, modes,
//! errors, and validation of the archive with independent zip readers.

#[path = "asset/readers.rs"]
mod readers;
#[path = "asset/reference.rs"]
mod reference;
#[path = "asset/support.rs"]
mod support;

use std::fs;
use std::path::Path;

use formwork_asset::{
    package_dir, package_dir_with, package_files, sha256_hex, AssetErrorKind, FileEntry, Links,
};

#[cfg(unix)]
use support::set_mode;
use support::{entry, handler_source, names, read_entries, set_mtime, TempDir};

// ---------------------------------------------------------------------------
// Hashing
// ---------------------------------------------------------------------------

#[test]
fn sha256_hex_known_vectors() {
    assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_eq!(
        sha256_hex(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    );
    assert_eq!(
        sha256_hex(&vec![b'a'; 1_000_000]),
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    );
}

#[test]
fn asset_metadata_matches_bytes() {
    let asset =
        package_files(vec![entry("a.txt", b"hello", false), entry("b/c.py", &handler_source(), false)])
            .unwrap();
    assert_eq!(asset.sha256, sha256_hex(&asset.bytes));
    assert_eq!(asset.sha256.len(), 64);
    assert_eq!(asset.file_name(), format!("{}.zip", asset.sha256));
    assert_eq!(asset.file_count, 2);
    assert_eq!(asset.unpacked_size, 5 + handler_source().len() as u64);
}

/// Pins the exact bytes for an archive whose entries are all stored (so the
/// hash does not depend on the DEFLATE implementation). Any change here
/// changes every deployed asset's name.
#[test]
fn golden_hash_of_stored_archive() {
    let asset = package_files(vec![
        entry("a", b"x", false),
        entry("bin/run", b"#!", true),
        entry("empty", b"", false),
    ])
    .unwrap();
    let entries = read_entries(&asset.bytes);
    assert!(entries.iter().all(|e| e.method == 0));
    // 3 local headers, names twice ("a", "bin/run", "empty"), data, 3
    // central headers, end record.
    assert_eq!(asset.bytes.len(), 3 * 30 + 2 * 13 + 3 + 3 * 46 + 22);
    assert_eq!(asset.sha256, GOLDEN_STORED_SHA256);
}

/// Cross-checked against an archive assembled field by field with Python's
/// `struct` module from the zip specification.
const GOLDEN_STORED_SHA256: &str = "5c49dfeba77f53daa650bae55923e6410502bdad9e8a2d40e85088fee6c40834";

// ---------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------

#[test]
fn same_directory_twice_gives_identical_bytes() {
    let dir = TempDir::new("twice");
    dir.write("handler.py", &handler_source());
    dir.write("lib/util.py", b"def util():\n    return 1\n");
    dir.write("lib/data/table.json", b"{\"k\": [1, 2, 3]}\n");
    let first = package_dir(dir.path()).unwrap();
    let second = package_dir(dir.path()).unwrap();
    assert_eq!(first, second);
    assert_eq!(names(&first.bytes), ["handler.py", "lib/data/table.json", "lib/util.py"]);
}

#[test]
fn creation_order_and_mtimes_do_not_change_the_bytes() {
    let files: [(&str, &[u8]); 5] = [
        ("handler.py", b"def handler(e, c):\n    return 'ok'\n"),
        ("a.txt", b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        ("lib/z.py", b"Z = 26\n"),
        ("lib/a/b.py", b"B = 2\n"),
        ("lib.py", b"# lib.py sorts before lib/ because '.' < '/'\n"),
    ];
    let forward = TempDir::new("forward");
    for (i, (rel, contents)) in files.iter().enumerate() {
        let path = forward.write(rel, contents);
        set_mtime(&path, 1_000_000_000 + i as u64 * 3600);
    }
    let backward = TempDir::new("backward");
    for (i, (rel, contents)) in files.iter().enumerate().rev() {
        let path = backward.write(rel, contents);
        set_mtime(&path, 1_700_000_000 - i as u64 * 86_400);
    }
    let a = package_dir(forward.path()).unwrap();
    let b = package_dir(backward.path()).unwrap();
    assert_eq!(a.bytes, b.bytes);
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(names(&a.bytes), ["a.txt", "handler.py", "lib.py", "lib/a/b.py", "lib/z.py"]);
    for e in read_entries(&a.bytes) {
        assert_eq!(e.time, 0, "00:00:00");
        assert_eq!(e.date, 0x0021, "1980-01-01");
        assert_eq!(e.version_made_by, (3 << 8) | 20);
        assert_eq!(e.flags, 0);
    }

    // Touching a file again changes nothing either.
    set_mtime(&forward.path().join("handler.py"), 42);
    assert_eq!(package_dir(forward.path()).unwrap().bytes, a.bytes);
}

#[test]
fn package_files_matches_package_dir() {
    let dir = TempDir::new("same-as-files");
    dir.write("b.py", b"B = 1\n");
    dir.write("a/x.py", &handler_source());
    let from_dir = package_dir(dir.path()).unwrap();
    let from_files =
        package_files(vec![entry("b.py", b"B = 1\n", false), entry("a/x.py", &handler_source(), false)])
            .unwrap();
    assert_eq!(from_dir, from_files);
}

#[test]
fn contents_change_the_hash() {
    let a = package_files(vec![entry("f", b"one", false)]).unwrap();
    let b = package_files(vec![entry("f", b"two", false)]).unwrap();
    let c = package_files(vec![entry("g", b"one", false)]).unwrap();
    let d = package_files(vec![entry("f", b"one", true)]).unwrap();
    let hashes = [&a.sha256, &b.sha256, &c.sha256, &d.sha256];
    for (i, x) in hashes.iter().enumerate() {
        for y in &hashes[i + 1..] {
            assert_ne!(x, y);
        }
    }
}

// ---------------------------------------------------------------------------
// What is included
// ---------------------------------------------------------------------------

#[test]
fn hidden_files_and_python_caches_are_skipped() {
    let dir = TempDir::new("skip");
    dir.write("handler.py", b"x = 1\n");
    dir.write("sub/mod.py", b"y = 2\n");
    dir.write(".env", b"SECRET=1\n");
    dir.write(".git/config", b"[core]\n");
    dir.write("sub/.hidden", b"h\n");
    dir.write("sub/.cache/deep.py", b"d\n");
    dir.write("__pycache__/handler.cpython-312.pyc", b"\0\0");
    dir.write("sub/__pycache__/mod.cpython-312.pyc", b"\0\0");
    dir.write("stale.pyc", b"\0\0");
    dir.write("keep.pyc.txt", b"not bytecode\n");
    fs::create_dir_all(dir.path().join("empty/nested")).unwrap();
    let asset = package_dir(dir.path()).unwrap();
    assert_eq!(names(&asset.bytes), ["handler.py", "keep.pyc.txt", "sub/mod.py"]);
    assert_eq!(asset.file_count, 3);
}

#[test]
fn compression_is_deflate_only_when_smaller() {
    let asset = package_files(vec![
        entry("big.txt", &b"formwork ".repeat(1000), false),
        entry("tiny", b"q", false),
        entry("empty", b"", false),
    ])
    .unwrap();
    let entries = read_entries(&asset.bytes);
    let by_name = |n: &str| entries.iter().find(|e| e.name == n).unwrap().clone();
    let big = by_name("big.txt");
    assert_eq!(big.method, 8);
    assert!(big.compressed_size < big.size);
    assert_eq!(big.size, 9000);
    let tiny = by_name("tiny");
    assert_eq!((tiny.method, tiny.compressed_size, tiny.size), (0, 1, 1));
    let empty = by_name("empty");
    assert_eq!((empty.method, empty.compressed_size, empty.size, empty.crc), (0, 0, 0, 0));
    assert_eq!(asset.unpacked_size, 9001);
}

#[test]
fn non_ascii_names_set_the_utf8_flag() {
    let asset =
        package_files(vec![entry("caf\u{e9}.txt", b"1", false), entry("plain.txt", b"2", false)]).unwrap();
    let entries = read_entries(&asset.bytes);
    assert_eq!(entries[0].name, "caf\u{e9}.txt");
    assert_eq!(entries[0].flags, 1 << 11);
    assert_eq!(entries[1].flags, 0);
}

#[test]
fn executable_flag_is_recorded_for_in_memory_files() {
    let asset = package_files(vec![
        entry("bootstrap", b"#!/bin/sh\nexec ./app\n", true),
        entry("config.json", b"{}", false),
    ])
    .unwrap();
    let modes: Vec<u32> = read_entries(&asset.bytes).iter().map(|e| e.mode).collect();
    assert_eq!(modes, [0o100_755, 0o100_644]);
}

#[cfg(unix)]
#[test]
fn executable_bit_is_recorded_from_disk() {
    let dir = TempDir::new("exec");
    let bootstrap = dir.write("bootstrap", b"#!/bin/sh\nexec ./app\n");
    let only_group_exec = dir.write("bin/tool", b"#!/bin/sh\n");
    let plain = dir.write("data.txt", b"data\n");
    set_mode(&bootstrap, 0o700);
    set_mode(&only_group_exec, 0o610);
    set_mode(&plain, 0o600);
    let entries = read_entries(&package_dir(dir.path()).unwrap().bytes);
    let modes: Vec<(&str, u32)> = entries.iter().map(|e| (e.name.as_str(), e.mode)).collect();
    assert_eq!(modes, [("bin/tool", 0o100_755), ("bootstrap", 0o100_755), ("data.txt", 0o100_644)]);
}

#[cfg(unix)]
#[test]
fn symlinks_to_files_are_followed_and_to_directories_skipped() {
    use std::os::unix::fs::symlink;
    let outside = TempDir::new("link-target");
    let target = outside.write("shared.py", b"SHARED = True\n");
    set_mode(&target, 0o755);
    fs::create_dir_all(outside.path().join("pkg")).unwrap();
    outside.write("pkg/inner.py", b"I = 1\n");

    let dir = TempDir::new("links");
    dir.write("handler.py", b"import shared\n");
    symlink(&target, dir.path().join("shared.py")).unwrap();
    symlink(outside.path().join("pkg"), dir.path().join("pkg")).unwrap();
    // A cycle back to the root must not recurse.
    symlink(dir.path(), dir.path().join("loop")).unwrap();
    // Dangling hidden links (editor lock files) are ignored.
    symlink("/nonexistent/formwork", dir.path().join(".#handler.py")).unwrap();

    // By default a link to a file outside the directory is refused, naming the link.
    let err = package_dir(dir.path()).unwrap_err();
    assert_eq!(err.kind, AssetErrorKind::LinkOutside);
    assert_eq!(err.path, dir.path().join("shared.py"));
    assert!(err.to_string().contains("points outside the code directory"), "{err}");

    let asset = package_dir_with(dir.path(), Links::Follow).unwrap();
    let entries = read_entries(&asset.bytes);
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["handler.py", "shared.py"]);
    assert_eq!(entries[1].mode, 0o100_755);

    let expected = package_files(vec![
        entry("handler.py", b"import shared\n", false),
        entry("shared.py", b"SHARED = True\n", true),
    ])
    .unwrap();
    assert_eq!(asset, expected);

    // A dangling, visible link is an I/O error naming the link.
    symlink("/nonexistent/formwork", dir.path().join("gone.py")).unwrap();
    let err = package_dir_with(dir.path(), Links::Follow).unwrap_err();
    assert_eq!(err.kind, AssetErrorKind::Io(std::io::ErrorKind::NotFound));
    assert_eq!(err.path, dir.path().join("gone.py"));
}

#[cfg(unix)]
#[test]
fn links_inside_the_directory_are_followed_and_a_link_to_etc_shadow_is_refused() {
    use std::os::unix::fs::symlink;
    let dir = TempDir::new("inner-links");
    dir.write("lib/util.py", b"U = 1\n");
    symlink("lib/util.py", dir.path().join("util.py")).unwrap();
    let asset = package_dir(dir.path()).unwrap();
    assert_eq!(names(&asset.bytes), ["lib/util.py", "util.py"]);

    symlink("/etc/shadow", dir.path().join("secrets")).unwrap();
    symlink("../../../../../../../../etc/passwd", dir.path().join("lib/passwd")).unwrap();
    let err = package_dir(dir.path()).unwrap_err();
    assert_eq!(err.kind, AssetErrorKind::LinkOutside, "{err}");
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

#[test]
fn missing_directory_is_not_found() {
    let dir = TempDir::new("missing");
    let missing = dir.path().join("functions/worker");
    let err = package_dir(&missing).unwrap_err();
    assert_eq!(err.kind, AssetErrorKind::NotFound);
    assert_eq!(err.path, missing);
    assert_eq!(err.to_string(), format!("code directory {} does not exist", missing.display()));

    let relative = package_dir(Path::new("functions/worker-that-does-not-exist")).unwrap_err();
    assert_eq!(relative.to_string(), "code directory functions/worker-that-does-not-exist does not exist");
}

#[test]
fn a_file_is_not_a_directory() {
    let dir = TempDir::new("not-dir");
    let file = dir.write("handler.py", b"x\n");
    let err = package_dir(&file).unwrap_err();
    assert_eq!(err.kind, AssetErrorKind::NotADirectory);
    assert_eq!(err.path, file);
    assert!(err.to_string().ends_with("is not a directory"));
}

#[test]
fn empty_directory_is_empty() {
    let dir = TempDir::new("empty");
    let err = package_dir(dir.path()).unwrap_err();
    assert_eq!(err.kind, AssetErrorKind::Empty);
    assert_eq!(err.path, dir.path());
    assert_eq!(err.to_string(), format!("code directory {} contains no files", dir.path().display()));

    // Only skipped files still counts as empty.
    dir.write(".gitignore", b"*\n");
    dir.write("__pycache__/x.pyc", b"\0");
    fs::create_dir_all(dir.path().join("empty-subdir")).unwrap();
    assert_eq!(package_dir(dir.path()).unwrap_err().kind, AssetErrorKind::Empty);

    let err = package_files(Vec::new()).unwrap_err();
    assert_eq!(err.kind, AssetErrorKind::Empty);
    assert_eq!(err.to_string(), "no files to package");
}

#[test]
fn invalid_in_memory_paths_are_rejected() {
    for bad in ["", "/etc/passwd", "../escape", "a//b", "a/./b", "dir/"] {
        let err = package_files(vec![entry("ok", b"1", false), entry(bad, b"2", false)]).unwrap_err();
        assert_eq!(err.kind, AssetErrorKind::InvalidPath, "{bad:?}");
        assert_eq!(err.path, Path::new(bad));
    }
    let err = package_files(vec![entry("dup", b"1", false), entry("dup", b"2", false)]).unwrap_err();
    assert_eq!(err.kind, AssetErrorKind::InvalidPath);
    assert_eq!(err.path, Path::new("dup"));
}

#[cfg(target_os = "linux")]
#[test]
fn non_utf8_file_names_are_invalid() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = TempDir::new("non-utf8");
    dir.write("ok.py", b"1\n");
    let bad = dir.path().join(OsStr::from_bytes(b"bad-\xff.py"));
    if fs::write(&bad, b"2\n").is_err() {
        eprintln!("filesystem rejects non-UTF-8 names; skipping");
        return;
    }
    let err = package_dir(dir.path()).unwrap_err();
    assert_eq!(err.kind, AssetErrorKind::InvalidPath);
    assert_eq!(err.path, bad);
}

#[test]
fn too_many_entries_is_too_large() {
    let files: Vec<FileEntry> = (0..65_536).map(|i| entry(&format!("f{i:05}"), b"", false)).collect();
    let err = package_files(files).unwrap_err();
    assert_eq!(err.kind, AssetErrorKind::TooLarge);

    // Exactly 65535 entries still fits.
    let files: Vec<FileEntry> = (0..65_535).map(|i| entry(&format!("f{i:05}"), b"", false)).collect();
    assert_eq!(package_files(files).unwrap().file_count, 65_535);
}

#[test]
fn errors_are_std_errors() {
    fn assert_error<E: std::error::Error + Send + Sync + 'static>(_: &E) {}
    let err = package_files(Vec::new()).unwrap_err();
    assert_error(&err);
}

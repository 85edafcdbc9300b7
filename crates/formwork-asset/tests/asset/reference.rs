//! Differential tests against the well-known implementations: SHA-256 against `sha2`,
//! CRC-32 against `crc32fast`, and every archive read back by the `zip` crate.

use std::io::Read;

use formwork_asset::{package_files, sha256_hex, FileEntry};
use sha2::{Digest, Sha256};

/// A deterministic generator (xorshift64*), so a failure replays.
pub(crate) struct Bytes(u64);

impl Bytes {
    pub(crate) fn new(seed: u64) -> Bytes {
        Bytes(seed | 1)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    /// `len` bytes: random, or runs of a few letters (compressible), by turns.
    pub(crate) fn fill(&mut self, len: usize) -> Vec<u8> {
        let compressible = self.next() % 2 == 0;
        (0..len)
            .map(|i| if compressible { b"abcab\n"[(i / 7 + self.below(2)) % 6] } else { self.next() as u8 })
            .collect()
    }
}

fn sha2_hex(data: &[u8]) -> String {
    Sha256::digest(data).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn sha256_agrees_with_sha2_on_every_length_around_the_block_size() {
    let mut gen = Bytes::new(0x5EED);
    // Every length up to three blocks, where padding goes wrong, then some large ones.
    for len in (0..=200).chain([447, 448, 511, 512, 1_000, 4_095, 4_096, 65_537, 1 << 20]) {
        let data = gen.fill(len);
        assert_eq!(sha256_hex(&data), sha2_hex(&data), "length {len}");
    }
}

/// Random entries: names with folders and non-ASCII letters, contents of every kind.
fn random_files(gen: &mut Bytes) -> Vec<FileEntry> {
    let count = 1 + gen.below(12);
    let parts = ["src", "lib", "caf\u{e9}", "deep", "x", "\u{1F980}"];
    let mut files: Vec<FileEntry> = Vec::new();
    for i in 0..count {
        let depth = gen.below(3);
        let mut path: Vec<String> = (0..depth).map(|_| parts[gen.below(parts.len())].to_string()).collect();
        path.push(format!("f{i}.{}", ["py", "js", "txt", "bin"][gen.below(4)]));
        let len = [0, 1, 100, 5_000, 70_000][gen.below(5)];
        let contents = gen.fill(len);
        let entry = FileEntry::new(path.join("/"), contents);
        files.push(if gen.below(2) == 0 { entry.executable() } else { entry });
    }
    files
}

#[test]
fn archives_read_back_by_the_zip_crate_with_crc32fast_checksums() {
    let mut gen = Bytes::new(0xC0FFEE);
    for round in 0..60 {
        let mut files = random_files(&mut gen);
        let asset = package_files(files.clone()).unwrap();
        assert_eq!(asset.sha256, sha2_hex(&asset.bytes));
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&asset.bytes)).expect("a zip archive");
        files.sort_by(|a, b| a.path.cmp(&b.path));
        assert_eq!(archive.len(), files.len(), "round {round}");
        for (i, expected) in files.iter().enumerate() {
            let mut entry = archive.by_index(i).unwrap();
            assert_eq!(entry.name(), expected.path, "round {round}");
            assert_eq!(
                entry.crc32(),
                crc32fast::hash(&expected.contents),
                "round {round}: {}",
                expected.path
            );
            assert_eq!(entry.size(), expected.contents.len() as u64);
            let mode = if expected.executable { 0o100_755 } else { 0o100_644 };
            assert_eq!(entry.unix_mode(), Some(mode), "round {round}: {}", expected.path);
            let mut data = Vec::new();
            // Reading to the end makes the zip crate check the CRC itself.
            entry.read_to_end(&mut data).unwrap();
            assert_eq!(data, expected.contents, "round {round}: {}", expected.path);
        }
    }
}

const PYTHON_READ: &str = r#"
import hashlib, sys, zipfile
for path in sys.argv[1:]:
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None, path
        for info in z.infolist():
            print("%s|%08x|%o|%s" % (info.filename, info.CRC, info.external_attr >> 16,
                                    hashlib.sha256(z.read(info)).hexdigest()))
"#;

#[test]
fn random_archives_read_back_by_python_zipfile() {
    let dir = std::env::temp_dir().join(format!("formwork-asset-python-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut gen = Bytes::new(0xB0B);
    let mut paths = Vec::new();
    let mut expected = Vec::new();
    for round in 0..20 {
        let mut files = random_files(&mut gen);
        let asset = package_files(files.clone()).unwrap();
        let path = dir.join(format!("{round}.zip"));
        std::fs::write(&path, &asset.bytes).unwrap();
        paths.push(path);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        for f in files {
            let mode = if f.executable { "100755" } else { "100644" };
            expected.push(format!(
                "{}|{:08x}|{mode}|{}",
                f.path,
                crc32fast::hash(&f.contents),
                sha2_hex(&f.contents)
            ));
        }
    }
    let output = std::process::Command::new("python3").arg("-c").arg(PYTHON_READ).args(&paths).output();
    let _ = std::fs::remove_dir_all(&dir);
    let output = match output {
        Ok(output) => output,
        Err(err) => return crate::readers::missing_tool("python3", &err),
    };
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
}

//! The asset packer: files built from the fuzz input, packaged, and read back by the
//! `zip` crate (names, modes, contents, CRC-32 against crc32fast), the archive's name
//! checked against sha2.
#![no_main]

use std::io::Read;

use formwork_asset::{package_files, FileEntry};
use formwork_fuzz::Bytes;
use libfuzzer_sys::fuzz_target;
use sha2::Digest;

fuzz_target!(|data: &[u8]| {
    let mut input = Bytes::new(data);
    let mut files = Vec::new();
    for _ in 0..input.below(6) {
        let parts = 1 + input.below(3);
        let path: Vec<String> = (0..parts).map(|_| input.string(12)).collect();
        let contents = input.bytes(4_096).to_vec();
        let entry = FileEntry::new(path.join("/"), contents);
        files.push(if input.byte() % 2 == 0 { entry.executable() } else { entry });
    }
    let Ok(asset) = package_files(files.clone()) else { return };
    let hex: String = sha2::Sha256::digest(&asset.bytes).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(asset.sha256, hex);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&asset.bytes)).expect("the zip crate reads it");
    assert_eq!(archive.len(), files.len());
    for (i, expected) in files.iter().enumerate() {
        let mut entry = archive.by_index(i).expect("an entry");
        assert_eq!(entry.name(), expected.path);
        assert_eq!(entry.crc32(), crc32fast::hash(&expected.contents));
        assert_eq!(entry.unix_mode(), Some(if expected.executable { 0o100_755 } else { 0o100_644 }));
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("the data, CRC checked");
        assert_eq!(data, expected.contents);
    }
});

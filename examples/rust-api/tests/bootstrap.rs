//! The real `bootstrap` zips of the rust-api functions: built with cargo zigbuild, each
//! holds one executable `bootstrap`, an x86-64 ELF whose glibc symbol versions are all
//! at most 2.34 (what Lambda's provided.al2023 has), and rebuilding the handler crate
//! gives the same zip. Needs zig and cargo-zigbuild, so it runs with
//! `cargo test -p rust-api --features lambda-build` (CI does; see the README).
#![cfg(feature = "lambda-build")]

use std::path::Path;

use formwork::construct::Architecture;
use formwork_asset::Asset;

/// x86-64 in `e_machine`.
const EM_X86_64: u16 = 0x3e;
/// `SHT_GNU_verneed`: the versions a binary needs from its shared libraries.
const SHT_GNU_VERNEED: u32 = 0x6fff_fffe;
/// The newest glibc provided.al2023 has.
const MAX_GLIBC: (u32, u32) = (2, 34);

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes(b[at..at + 2].try_into().unwrap())
}
fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}
fn u64_at(b: &[u8], at: usize) -> usize {
    usize::try_from(u64::from_le_bytes(b[at..at + 8].try_into().unwrap())).unwrap()
}

/// The zip's entries as (name, Unix mode, contents), read from the central directory.
fn unzip(zip: &[u8]) -> Vec<(String, u32, Vec<u8>)> {
    let end = (0..zip.len() - 21).rev().find(|&i| u32_at(zip, i) == 0x0605_4b50).expect("no end record");
    let count = usize::from(u16_at(zip, end + 10));
    let mut at = u32_at(zip, end + 16) as usize;
    let mut entries = Vec::new();
    for _ in 0..count {
        assert_eq!(u32_at(zip, at), 0x0201_4b50, "central header");
        let method = u16_at(zip, at + 10);
        let compressed = u32_at(zip, at + 20) as usize;
        let name_len = usize::from(u16_at(zip, at + 28));
        let extra_len = usize::from(u16_at(zip, at + 30));
        let comment_len = usize::from(u16_at(zip, at + 32));
        let mode = u32_at(zip, at + 38) >> 16;
        let local = u32_at(zip, at + 42) as usize;
        let name = String::from_utf8(zip[at + 46..at + 46 + name_len].to_vec()).unwrap();
        let data_at =
            local + 30 + usize::from(u16_at(zip, local + 26)) + usize::from(u16_at(zip, local + 28));
        let raw = &zip[data_at..data_at + compressed];
        let contents = match method {
            0 => raw.to_vec(),
            8 => miniz_oxide::inflate::decompress_to_vec(raw).unwrap(),
            m => panic!("compression method {m}"),
        };
        entries.push((name, mode, contents));
        at += 46 + name_len + extra_len + comment_len;
    }
    entries
}

/// The ELF's machine and every glibc version it needs (`GLIBC_2.xx` from `.gnu.version_r`).
fn elf_glibc_versions(elf: &[u8]) -> (u16, Vec<(u32, u32)>) {
    assert_eq!(&elf[..4], b"\x7fELF", "not an ELF file");
    assert_eq!(elf[4], 2, "not a 64-bit ELF");
    assert_eq!(elf[5], 1, "not little-endian");
    let e_type = u16_at(elf, 16);
    assert!(e_type == 2 || e_type == 3, "not an executable (e_type {e_type})");
    let machine = u16_at(elf, 18);
    let shoff = u64_at(elf, 0x28);
    let shentsize = usize::from(u16_at(elf, 0x3a));
    let shnum = usize::from(u16_at(elf, 0x3c));
    let section = |i: usize| shoff + i * shentsize;
    let mut versions = Vec::new();
    for i in 0..shnum {
        let sh = section(i);
        if u32_at(elf, sh + 4) != SHT_GNU_VERNEED {
            continue;
        }
        let offset = u64_at(elf, sh + 0x18);
        let strtab = u64_at(elf, section(u32_at(elf, sh + 0x28) as usize) + 0x18);
        let name = |at: usize| {
            let s = &elf[strtab + at..];
            String::from_utf8_lossy(&s[..s.iter().position(|&b| b == 0).unwrap()]).into_owned()
        };
        let mut need = offset;
        loop {
            let count = u16_at(elf, need + 2);
            let mut aux = need + u32_at(elf, need + 8) as usize;
            for _ in 0..count {
                let n = name(u32_at(elf, aux + 8) as usize);
                if let Some(v) = n.strip_prefix("GLIBC_") {
                    let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap());
                    versions.push((parts.next().unwrap(), parts.next().unwrap_or(0)));
                }
                aux += u32_at(elf, aux + 12) as usize;
            }
            let next = u32_at(elf, need + 12) as usize;
            if next == 0 {
                break;
            }
            need += next;
        }
    }
    versions.sort_unstable();
    versions.dedup();
    (machine, versions)
}

fn build_all() -> Vec<(String, Asset)> {
    let app = rust_api::app();
    formwork::rust::crates_of(&app)
        .into_iter()
        .map(|(_, code, architecture)| {
            assert_eq!(architecture, Architecture::X86_64);
            let asset =
                formwork::rust::build(app.root_dir(), &code, architecture).unwrap_or_else(|e| panic!("{e}"));
            (code.bin().unwrap_or(code.package()).to_string(), asset)
        })
        .collect()
}

#[test]
fn each_zip_holds_an_executable_x86_64_bootstrap_for_glibc_2_34_and_rebuilds_the_same() {
    let first = build_all();
    assert_eq!(first.len(), 2);
    for (bin, asset) in &first {
        let entries = unzip(&asset.bytes);
        assert_eq!(entries.len(), 1, "{bin}");
        let (name, mode, elf) = &entries[0];
        assert_eq!(name, "bootstrap", "{bin}");
        assert_eq!(*mode, 0o100_755, "{bin}: bootstrap must be executable");
        let (machine, glibc) = elf_glibc_versions(elf);
        assert_eq!(machine, EM_X86_64, "{bin}");
        assert!(!glibc.is_empty(), "{bin}: no GLIBC_ version needs found; the parser would pass anything");
        let newest = *glibc.last().unwrap();
        assert!(newest <= MAX_GLIBC, "{bin} needs GLIBC_{}.{}; provided.al2023 has 2.34", newest.0, newest.1);
        eprintln!(
            "{bin}: {} bytes zipped, {} unzipped, glibc up to {}.{}",
            asset.bytes.len(),
            asset.unpacked_size,
            newest.0,
            newest.1
        );
    }
    // Touch the handler crate so cargo compiles it again (its dependencies stay built),
    // then the zips must be the same bytes.
    let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("handler/src/lib.rs");
    let file = std::fs::File::options().append(true).open(&lib).unwrap();
    file.set_modified(std::time::SystemTime::now()).unwrap();
    let second = build_all();
    for ((bin, a), (_, b)) in first.iter().zip(&second) {
        assert_eq!(a.sha256, b.sha256, "{bin}: a second build gave another zip");
    }
}

/// The parser on the host's own test binary: every x86-64 glibc binary needs the
/// baseline GLIBC_2.2.5; and where objdump is installed, both list the same versions.
#[test]
fn the_glibc_parser_reads_a_real_binary() {
    let exe = std::env::current_exe().unwrap();
    let (machine, versions) = elf_glibc_versions(&std::fs::read(&exe).unwrap());
    assert_eq!(machine, EM_X86_64);
    assert!(versions.contains(&(2, 2)), "{versions:?}");
    if let Ok(out) = std::process::Command::new("objdump").arg("-T").arg(&exe).output() {
        let text = String::from_utf8_lossy(&out.stdout);
        let mut theirs: Vec<(u32, u32)> = text
            .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
            .filter_map(|w| w.strip_prefix("GLIBC_"))
            .filter_map(|v| {
                let mut p = v.split('.').map(|p| p.parse::<u32>().ok());
                Some((p.next()??, p.next().flatten().unwrap_or(0)))
            })
            .collect();
        theirs.sort_unstable();
        theirs.dedup();
        assert_eq!(versions, theirs);
    }
}

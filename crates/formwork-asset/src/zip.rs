//! A minimal, deterministic zip writer (no zip64, no extra fields).

use crate::crc32::crc32;

/// DEFLATE level handed to `miniz_oxide`. Changing it changes every hash.
const DEFLATE_LEVEL: u8 = 6;
/// Compression method: stored.
const METHOD_STORED: u16 = 0;
/// Compression method: DEFLATE.
const METHOD_DEFLATE: u16 = 8;
/// "Version made by": host system Unix (3), spec version 2.0.
const VERSION_MADE_BY: u16 = (3 << 8) | 20;
/// "Version needed to extract": 2.0 (DEFLATE).
const VERSION_NEEDED: u16 = 20;
/// General purpose flag bit 11: the file name is UTF-8.
const FLAG_UTF8: u16 = 1 << 11;
/// DOS time 00:00:00.
const DOS_TIME: u16 = 0;
/// DOS date 1980-01-01: (year - 1980) << 9 | month << 5 | day.
const DOS_DATE: u16 = (1 << 5) | 1;
/// Unix mode of a regular, non-executable file.
const MODE_FILE: u32 = 0o100_644;
/// Unix mode of a regular, executable file.
const MODE_EXECUTABLE: u32 = 0o100_755;

const LOCAL_HEADER_SIG: u32 = 0x0403_4b50;
const CENTRAL_HEADER_SIG: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIR_SIG: u32 = 0x0605_4b50;

/// Largest entry count representable without zip64.
pub(crate) const MAX_ENTRIES: usize = u16::MAX as usize;

/// A size or offset needed zip64; the caller knows which path to blame.
#[derive(Debug)]
pub(crate) struct Zip64Needed;

/// Converts a size or offset to the 32-bit field value. `u32::MAX` itself is
/// rejected because readers treat it as "look in the zip64 extra field".
fn field32(value: usize) -> Result<u32, Zip64Needed> {
    match u32::try_from(value) {
        Ok(v) if v != u32::MAX => Ok(v),
        _ => Err(Zip64Needed),
    }
}

/// Builds the archive in memory, one entry at a time, in the order given.
pub(crate) struct ZipWriter {
    out: Vec<u8>,
    central: Vec<u8>,
    entries: usize,
    unpacked_size: u64,
}

impl ZipWriter {
    pub(crate) fn new() -> Self {
        Self { out: Vec::new(), central: Vec::new(), entries: 0, unpacked_size: 0 }
    }

    /// Appends one file. `name` must already be validated (non-empty,
    /// '/'-separated, at most 65535 bytes).
    pub(crate) fn add(&mut self, name: &str, data: &[u8], executable: bool) -> Result<(), Zip64Needed> {
        if self.entries >= MAX_ENTRIES {
            return Err(Zip64Needed);
        }
        let name_len = u16::try_from(name.len()).map_err(|_| Zip64Needed)?;
        let uncompressed_size = field32(data.len())?;
        let offset = field32(self.out.len())?;
        let crc = crc32(data);

        let deflated = if data.is_empty() {
            None
        } else {
            Some(miniz_oxide::deflate::compress_to_vec(data, DEFLATE_LEVEL)).filter(|d| d.len() < data.len())
        };
        let (method, payload) = match &deflated {
            Some(d) => (METHOD_DEFLATE, d.as_slice()),
            None => (METHOD_STORED, data),
        };
        let compressed_size = field32(payload.len())?;
        let flags = if name.is_ascii() { 0 } else { FLAG_UTF8 };
        let mode = if executable { MODE_EXECUTABLE } else { MODE_FILE };

        // Fields shared by the local and central headers, from "version
        // needed to extract" through "file name length".
        let mut common = Vec::with_capacity(24);
        put16(&mut common, VERSION_NEEDED);
        put16(&mut common, flags);
        put16(&mut common, method);
        put16(&mut common, DOS_TIME);
        put16(&mut common, DOS_DATE);
        put32(&mut common, crc);
        put32(&mut common, compressed_size);
        put32(&mut common, uncompressed_size);
        put16(&mut common, name_len);

        // Local file header + data.
        put32(&mut self.out, LOCAL_HEADER_SIG);
        self.out.extend_from_slice(&common);
        put16(&mut self.out, 0); // extra field length
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(payload);

        // Central directory header.
        let c = &mut self.central;
        put32(c, CENTRAL_HEADER_SIG);
        put16(c, VERSION_MADE_BY);
        c.extend_from_slice(&common);
        put16(c, 0); // extra field length
        put16(c, 0); // file comment length
        put16(c, 0); // disk number start
        put16(c, 0); // internal file attributes
        put32(c, mode << 16); // external file attributes
        put32(c, offset);
        c.extend_from_slice(name.as_bytes());

        self.entries += 1;
        self.unpacked_size += data.len() as u64;
        Ok(())
    }

    /// Number of entries added so far.
    pub(crate) fn entries(&self) -> usize {
        self.entries
    }

    /// Total uncompressed size of the entries added so far.
    pub(crate) fn unpacked_size(&self) -> u64 {
        self.unpacked_size
    }

    /// Appends the central directory and end record; returns the archive.
    pub(crate) fn finish(mut self) -> Result<Vec<u8>, Zip64Needed> {
        let entries = u16::try_from(self.entries).map_err(|_| Zip64Needed)?;
        let central_offset = field32(self.out.len())?;
        let central_size = field32(self.central.len())?;
        // The end record itself must also start below the 32-bit limit.
        field32(self.out.len() + self.central.len())?;

        self.out.append(&mut self.central);
        let out = &mut self.out;
        put32(out, END_OF_CENTRAL_DIR_SIG);
        put16(out, 0); // number of this disk
        put16(out, 0); // disk where the central directory starts
        put16(out, entries); // entries on this disk
        put16(out, entries); // total entries
        put32(out, central_size);
        put32(out, central_offset);
        put16(out, 0); // comment length
        Ok(self.out)
    }
}

fn put16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dos_date_is_1980_01_01() {
        assert_eq!(DOS_DATE, 0x0021);
        assert_eq!(VERSION_MADE_BY, 0x0314);
    }

    #[test]
    fn single_stored_entry_layout() {
        let mut w = ZipWriter::new();
        w.add("a", b"x", false).unwrap();
        let bytes = w.finish().unwrap();
        // local header 30 + name 1 + data 1, central 46 + 1, end record 22
        assert_eq!(bytes.len(), 30 + 1 + 1 + 46 + 1 + 22);
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        assert_eq!(&bytes[8..10], &[0, 0], "stored");
        assert_eq!(&bytes[14..18], &crc32(b"x").to_le_bytes());
        assert_eq!(&bytes[32..36], b"PK\x01\x02");
        let ext = u32::from_le_bytes(bytes[32 + 38..32 + 42].try_into().unwrap());
        assert_eq!(ext >> 16, 0o100_644);
        let end = &bytes[bytes.len() - 22..];
        assert_eq!(&end[..4], b"PK\x05\x06");
        assert_eq!(&end[16..20], &32u32.to_le_bytes(), "central offset");
    }

    #[test]
    fn field32_rejects_the_zip64_sentinel() {
        assert!(field32(u32::MAX as usize - 1).is_ok());
        assert!(field32(u32::MAX as usize).is_err());
    }

    #[test]
    fn utf8_flag_only_for_non_ascii_names() {
        let mut w = ZipWriter::new();
        w.add("ascii.txt", b"1", false).unwrap();
        let bytes = w.finish().unwrap();
        assert_eq!(&bytes[6..8], &[0, 0]);

        let mut w = ZipWriter::new();
        w.add("caf\u{e9}.txt", b"1", false).unwrap();
        let bytes = w.finish().unwrap();
        assert_eq!(&bytes[6..8], &FLAG_UTF8.to_le_bytes());
    }
}

//! What IAM and Lambda return, decoded: policy documents (URL-encoded, or moto's
//! Python text) and code digests (base64 of the SHA-256 that names an asset).

/// A policy document as IAM returns it: URL-encoded JSON (AWS), plain JSON, or — moto
/// 5.2 for roles made by CloudFormation — a Python dict's text with single quotes.
pub(crate) fn policy_json(text: &str) -> Option<serde_json::Value> {
    let decoded = percent_decode(text);
    serde_json::from_str(&decoded).ok().or_else(|| serde_json::from_str(&decoded.replace('\'', "\"")).ok())
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (
            bytes[i],
            bytes.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()),
        ) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(crate) fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect()
}

pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn helpers_decode_what_iam_and_lambda_return() {
    assert_eq!(base64(&unhex("0ee48f")), "DuSP");
    assert_eq!(base64(b"ab"), "YWI=");
    assert_eq!(policy_json("%7B%22a%22%3A1%7D"), Some(serde_json::json!({"a": 1})));
    assert_eq!(policy_json("{'a': ['b']}"), Some(serde_json::json!({"a": ["b"]})));
}

//! Wildcard matching of IAM action patterns: `*` for any run of characters, `?` for one,
//! compared case-insensitively as IAM compares action names.

/// Whether `text` matches `pattern`.
pub(crate) fn matches(pattern: &str, text: &str) -> bool {
    let p: Vec<u8> = pattern.bytes().map(|c| c.to_ascii_lowercase()).collect();
    let t: Vec<u8> = text.bytes().map(|c| c.to_ascii_lowercase()).collect();
    // Greedy matching with backtracking to the last `*`: linear in practice.
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < t.len() {
        if i < p.len() && (p[i] == b'?' || p[i] == t[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == b'*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == b'*')
}

/// Whether a name has wildcards.
pub(crate) fn is_pattern(name: &str) -> bool {
    name.contains(['*', '?'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_and_question_marks() {
        assert!(matches("Get*", "GetItem"));
        assert!(matches("get*", "GetItem"));
        assert!(matches("*Item", "GetItem"));
        assert!(matches("G?tItem", "GetItem"));
        assert!(matches("*", ""));
        assert!(matches("*Policy*", "PutRolePolicy"));
        assert!(!matches("Get*", "PutItem"));
        assert!(!matches("GetItem", "GetItems"));
        assert!(!matches("G?Item", "GetItem"));
    }
}

//! Did-you-mean suggestions: the closest name by edit distance.

/// The candidate closest to `word` (compared case-insensitively), if one is close enough
/// to be a likely misspelling: at most a third of the word's length in edits (one at
/// least, four at most). Ties go to the first candidate.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word: Vec<u8> = word.bytes().map(|c| c.to_ascii_lowercase()).collect();
    let limit = (word.len() / 3).clamp(1, 4);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let d = distance(&word, candidate);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance, with `a` already in lower case.
fn distance(a: &[u8], b: &str) -> usize {
    let b: Vec<u8> = b.bytes().map(|c| c.to_ascii_lowercase()).collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_suggested_and_far_ones_are_not() {
        assert_eq!(closest("SendMesage", ["ReceiveMessage", "SendMessage"]), Some("SendMessage"));
        assert_eq!(closest("dynamo", ["dynamodb", "ds"]), Some("dynamodb"));
        assert_eq!(closest("getitem", ["GetItem"]), Some("GetItem"));
        assert_eq!(closest("Frobnicate", ["SendMessage"]), None);
    }
}

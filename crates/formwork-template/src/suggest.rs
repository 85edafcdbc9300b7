//! "Did you mean ...?": the closest of a set of names to a misspelt one. The one
//! suggestion function of formwork, shared by the IAM action checks, the spec file's
//! names and the rule codes a user names.

/// The edit distance between `a` and `b`: insertions, deletions, substitutions and
/// swaps of two neighbouring characters each count 1 (optimal string alignment).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the table: two back, one back, current.
    let mut two_back: Vec<usize> = vec![0; b.len() + 1];
    let mut one_back: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (one_back[j] + 1).min(current[j - 1] + 1).min(one_back[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(two_back[j - 2] + 1);
            }
            current[j] = best;
        }
        std::mem::swap(&mut two_back, &mut one_back);
        std::mem::swap(&mut one_back, &mut current);
    }
    one_back[b.len()]
}

/// The candidate closest to `name`, if it is close enough to be a likely misspelling:
/// at most a third of the longer name's characters differ (one may in names of two or
/// more characters), ignoring case. Ties go to the candidate closest with case, then to the first.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let folded = name.to_lowercase();
    let mut best: Option<((usize, usize), &'a str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let d = distance(&folded, &candidate.to_lowercase());
        let longer = name.chars().count().max(candidate.chars().count());
        let limit = if longer < 2 { 0 } else { (longer / 3).max(1) };
        if d > limit {
            continue;
        }
        let key = (d, distance(name, candidate));
        if best.is_none_or(|(k, _)| key < k) {
            best = Some((key, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_edits_and_swaps() {
        assert_eq!(distance("memory", "memory"), 0);
        assert_eq!(distance("memroy", "memory"), 1);
        assert_eq!(distance("Ordrs", "Orders"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggests_iam_names_whatever_their_case() {
        assert_eq!(closest("SendMesage", ["ReceiveMessage", "SendMessage"]), Some("SendMessage"));
        assert_eq!(closest("dynamo", ["dynamodb", "ds"]), Some("dynamodb"));
        assert_eq!(closest("getitem", ["GetItem"]), Some("GetItem"));
        assert_eq!(closest("Frobnicate", ["SendMessage"]), None);
        assert_eq!(closest("FW10", ["FW101", "FW201"]), Some("FW101"));
    }

    #[test]
    fn suggests_only_close_names() {
        let names = ["Orders", "OrderJobs", "FailedJobs"];
        assert_eq!(closest("Ordrs", names), Some("Orders"));
        assert_eq!(closest("orderjobs", names), Some("OrderJobs"));
        assert_eq!(closest("FailedJob", names), Some("FailedJobs"));
        assert_eq!(closest("Alerts", names), None);
        assert_eq!(closest("ab", ["ba"]), Some("ba"));
        assert_eq!(closest("Q", ["X"]), None);
    }
}

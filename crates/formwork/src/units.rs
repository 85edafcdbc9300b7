//! Units as types: durations and sizes, so `timeout(900)` cannot mean milliseconds.

/// A length of time, whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration(u64);

impl Duration {
    /// `n` seconds.
    pub const fn secs(n: u64) -> Duration {
        Duration(n)
    }

    /// `n` minutes (saturating at `u64::MAX` seconds, like the hours and days).
    pub const fn minutes(n: u64) -> Duration {
        Duration(n.saturating_mul(60))
    }

    /// `n` hours (saturating at `u64::MAX` seconds).
    pub const fn hours(n: u64) -> Duration {
        Duration(n.saturating_mul(3_600))
    }

    /// `n` days (saturating at `u64::MAX` seconds).
    pub const fn days(n: u64) -> Duration {
        Duration(n.saturating_mul(86_400))
    }

    /// The length in whole seconds.
    pub const fn as_secs(self) -> u64 {
        self.0
    }

    /// The length in whole seconds as a template number, saturating at `i64::MAX` (a
    /// value beyond it is still out of every range a rule checks, never negative).
    pub const fn as_secs_i64(self) -> i64 {
        if self.0 > i64::MAX as u64 {
            i64::MAX
        } else {
            self.0 as i64
        }
    }

    /// Parses `90`, `90s`, `15m`, `2h` or `14d`.
    pub fn parse(text: &str) -> Option<Duration> {
        let text = text.trim();
        let (digits, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
            Some(i) => text.split_at(i),
            None => (text, "s"),
        };
        let n: u64 = digits.parse().ok()?;
        let factor = match unit {
            "s" => 1,
            "m" => 60,
            "h" => 3_600,
            "d" => 86_400,
            _ => return None,
        };
        n.checked_mul(factor).map(Duration)
    }
}

/// A size in megabytes (MiB, as Lambda counts memory and storage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Megabytes(pub u32);

impl Megabytes {
    /// The size in megabytes.
    pub const fn get(self) -> u32 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_durations_with_units() {
        assert_eq!(Duration::parse("90"), Some(Duration::secs(90)));
        assert_eq!(Duration::parse("15m"), Some(Duration::minutes(15)));
        assert_eq!(Duration::parse("14d"), Some(Duration::days(14)));
        assert_eq!(Duration::parse("2h").map(Duration::as_secs), Some(7_200));
        assert_eq!(Duration::parse("10 s"), None);
        assert_eq!(Duration::parse("ms"), None);
        assert_eq!(Duration::parse("99999999999999999999d"), None);
        assert_eq!(Duration::parse("999999999999999999d"), None, "overflows u64 seconds");
        assert_eq!(Duration::days(u64::MAX).as_secs(), u64::MAX);
    }
}

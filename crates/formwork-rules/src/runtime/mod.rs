//! Lambda runtimes and their lifecycle dates (deprecation, creation block, update block).

mod data;

pub use data::Runtime;

use crate::date::Date;

/// Where a runtime stands in its lifecycle on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LifecycleStage {
    /// Supported.
    Supported,
    /// Deprecated on the given day: no more security patches.
    Deprecated(Date),
    /// New functions cannot use it since the given day.
    CreationBlocked(Date),
    /// Existing functions cannot be updated since the given day.
    UpdateBlocked(Date),
}

/// The lifecycle AWS published for one runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Lifecycle {
    /// The runtime's identifier.
    pub name: &'static str,
    /// The day it is (or was) deprecated.
    pub deprecated: Option<Date>,
    /// The day creating functions with it is (or was) blocked.
    pub creation_blocked: Option<Date>,
    /// The day updating functions with it is (or was) blocked.
    pub update_blocked: Option<Date>,
    /// The runtime AWS names as its successor.
    pub successor: Option<&'static str>,
}

impl Lifecycle {
    /// The lifecycle of a runtime identifier, if AWS has published one.
    pub fn of(name: &str) -> Option<Lifecycle> {
        let day = |d: Option<(i32, u8, u8)>| d.and_then(|(y, m, d)| Date::new(y, m, d));
        data::LIFECYCLE.iter().find(|row| row.0 == name).map(|&(name, dep, create, update, successor)| {
            Lifecycle {
                name,
                deprecated: day(dep),
                creation_blocked: day(create),
                update_blocked: day(update),
                successor,
            }
        })
    }

    /// The stage on `today`.
    pub fn stage(&self, today: Date) -> LifecycleStage {
        let reached = |d: Option<Date>| d.filter(|d| *d <= today);
        if let Some(d) = reached(self.update_blocked) {
            LifecycleStage::UpdateBlocked(d)
        } else if let Some(d) = reached(self.creation_blocked) {
            LifecycleStage::CreationBlocked(d)
        } else if let Some(d) = reached(self.deprecated) {
            LifecycleStage::Deprecated(d)
        } else {
            LifecycleStage::Supported
        }
    }
}

/// Whether CloudFormation accepts this runtime identifier at all (current or retired).
pub fn is_known(name: &str) -> bool {
    data::ACCEPTED.contains(&name) || Lifecycle::of(name).is_some()
}

impl Runtime {
    /// The runtime of that identifier, if it is one a function can still be created with.
    pub fn from_name(name: &str) -> Option<Runtime> {
        Runtime::ALL.iter().copied().find(|r| r.as_str() == name)
    }

    /// Its published lifecycle.
    pub fn lifecycle(self) -> Option<Lifecycle> {
        Lifecycle::of(self.as_str())
    }
}

impl std::fmt::Display for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycle_stages_follow_the_published_dates() {
        let d = |s| Date::parse(s).unwrap();
        let py39 = Runtime::Python39.lifecycle().unwrap();
        assert_eq!(py39.stage(d("2025-12-14")), LifecycleStage::Supported);
        assert_eq!(py39.stage(d("2026-11-29")), LifecycleStage::Deprecated(d("2025-12-15")));
        assert_eq!(py39.stage(d("2027-02-01")), LifecycleStage::CreationBlocked(d("2027-02-01")));
        assert_eq!(py39.stage(d("2027-03-03")), LifecycleStage::UpdateBlocked(d("2027-03-03")));
        assert_eq!(py39.successor, Some("python3.14"));
        assert_eq!(Runtime::Python312.lifecycle().unwrap().stage(d("2026-11-29")), LifecycleStage::Supported);
    }

    #[test]
    fn every_variant_round_trips_and_has_a_lifecycle() {
        for r in Runtime::ALL {
            assert_eq!(Runtime::from_name(r.as_str()), Some(*r));
            assert!(r.lifecycle().is_some(), "{r}");
        }
        assert_eq!(Runtime::from_name("python2.7"), None);
        assert!(is_known("python2.7") && is_known("nodejs24.x") && !is_known("python9.9"));
    }
}

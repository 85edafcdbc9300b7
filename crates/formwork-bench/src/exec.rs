//! `formwork-bench --exec REPORT CMD ARGS...`: runs one command as `bench/run.py` times
//! it, and writes `<wall ns> <peak RSS KiB> <exit code>` to REPORT.
//!
//! A launcher of its own because a child's peak RSS counts the memory of the process it
//! was forked from until it calls exec: forked from Python (about 15 MiB) every small
//! command would seem to need 15 MiB. This launcher holds about 2 MiB, like
//! `/usr/bin/time`, and unlike `/usr/bin/time` it measures wall time in nanoseconds
//! around the child alone.

use std::process::Command;
use std::time::Instant;

/// Runs the command; returns the launcher's exit status (the child's, or 2).
pub(crate) fn exec(args: &[String]) -> u8 {
    let [report, program, rest @ ..] = args else {
        eprintln!("error: --exec takes a report file and a command");
        return 2;
    };
    let started = Instant::now();
    let status = Command::new(program).args(rest).status();
    let wall = started.elapsed();
    let status = match status {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot run {program}: {e}");
            return 2;
        }
    };
    let code = status.code().unwrap_or(128);
    let line = format!("{} {} {code}\n", wall.as_nanos(), children_max_rss_kib());
    if let Err(e) = std::fs::write(report, line) {
        eprintln!("error: cannot write {report}: {e}");
        return 2;
    }
    u8::try_from(code).unwrap_or(1)
}

/// The largest peak RSS of the children waited for, in KiB (`getrusage(RUSAGE_CHILDREN)`).
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn children_max_rss_kib() -> i64 {
    /// `struct timeval` on 64-bit Linux.
    #[repr(C)]
    struct Timeval {
        _sec: i64,
        _usec: i64,
    }
    /// `struct rusage` on 64-bit Linux: two times, then 14 longs, `ru_maxrss` first.
    #[repr(C)]
    struct Rusage {
        _utime: Timeval,
        _stime: Timeval,
        longs: [i64; 14],
    }
    extern "C" {
        fn getrusage(who: i32, usage: *mut Rusage) -> i32;
    }
    const RUSAGE_CHILDREN: i32 = -1;
    let mut usage = Rusage {
        _utime: Timeval { _sec: 0, _usec: 0 },
        _stime: Timeval { _sec: 0, _usec: 0 },
        longs: [0; 14],
    };
    // SAFETY: `usage` is a valid, writable `struct rusage` for this target.
    let rc = unsafe { getrusage(RUSAGE_CHILDREN, &mut usage) };
    if rc == 0 {
        usage.longs[0]
    } else {
        0
    }
}

/// Not measured off 64-bit Linux.
#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn children_max_rss_kib() -> i64 {
    0
}

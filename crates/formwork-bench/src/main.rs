//! `formwork-bench`: how the formwork library's time and memory grow with N, the number of
//! units of the fleet example, through the whole pipeline in memory: model → expand →
//! validate → render CloudFormation and SAM (YAML) → bytes.
//!
//! ```text
//! formwork-bench [--units 1,100,1000,10000] [--runs 11] [--check]
//! formwork-bench --templates [--mb 1,2,4,8,16]   `formwork validate` on 1-16 MB templates
//! formwork-bench --exec REPORT CMD ARGS...        times one command for bench/run.py
//! formwork-bench --insight [--units 80] [--runs 21] graph, cost and diff of the fleet
//! formwork-bench --child N RUNS [--once]          one N, one line of results (internal);
//!                                                  --once: the pipeline once, for profilers
//! ```
//!
//! Each N runs in a child process of its own, so that its peak RSS (`VmHWM`) is its own.
//! Exit status: 0, 1 when `--check` finds a target missed, 2 on a usage error.

mod alloc;
mod exec;
mod insight;
mod measure;
mod templates;

use std::io::Write;
use std::process::{Command, ExitCode};

use measure::Summary;

/// Units measured when `--units` is not given.
const DEFAULT_UNITS: [usize; 4] = [1, 100, 1_000, 10_000];
/// Timed runs per N when `--runs` is not given.
const DEFAULT_RUNS: usize = 11;
/// The N whose time per unit the others are compared with.
const BASELINE_UNITS: usize = 100;
/// Target: time per unit at the largest N at most this many times that at N = 100.
const MAX_PER_UNIT_RATIO: f64 = 1.5;
/// Target: 10,000 units in under this many seconds (the performance issue's).
const MAX_SECS_AT_10K: f64 = 0.5;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("--child") => child(&args[1..]),
        Some("--exec") => exec::exec(&args[1..]),
        Some("--insight") => insight::run(&args[1..]),
        Some("--templates") => templates::run(&args[1..]),
        Some("-h" | "--help") => {
            let _ = write!(std::io::stdout(), "{}", usage());
            0
        }
        _ => parent(&args),
    };
    ExitCode::from(code)
}

fn usage() -> &'static str {
    "usage: formwork-bench [--units 1,100,1000,10000] [--runs 11] [--check]

Times the formwork library on the fleet example (examples/fleet) with N units:
model -> expand -> validate -> CloudFormation and SAM (YAML) -> bytes, in memory.
Each N runs in its own child process: a warm-up, then the timed runs; medians are shown.

  --units LIST   comma-separated unit counts (default 1,100,1000,10000)
  --runs R       timed runs per N (default 11; fewer for large N, about 10 s per N at most)
  --check        exit 1 when time per unit at the largest N exceeds 1.5 x that at N=100,
                 or 10,000 units take 0.5 s or more

formwork-bench --templates [--mb 1,2,4,8,16] [--runs 5] [--check]
  times `formwork validate FILE --format json` on generated templates of each size in MB,
  clean and finding-heavy (two findings per function); --check: exit 1 when the time per
  MB at the largest size exceeds 1.5 x that at the smallest
"
}

fn parent(args: &[String]) -> u8 {
    let mut units: Vec<usize> = DEFAULT_UNITS.to_vec();
    let mut runs = DEFAULT_RUNS;
    let mut check = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let parsed = match arg.as_str() {
            "--units" => iter
                .next()
                .and_then(|v| v.split(',').map(|n| n.trim().parse().ok().filter(|n| *n > 0)).collect())
                .map(|list| units = list),
            "--runs" => iter.next().and_then(|v| v.parse().ok().filter(|r| *r > 0)).map(|r| runs = r),
            "--check" => {
                check = true;
                Some(())
            }
            _ => None,
        };
        if parsed.is_none() {
            let _ = write!(std::io::stderr(), "error: bad argument `{arg}`\n\n{}", usage());
            return 2;
        }
    }
    let Ok(exe) = std::env::current_exe() else {
        let _ = writeln!(std::io::stderr(), "error: cannot find this program's path");
        return 2;
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "formwork library, fleet example: model -> expand -> validate -> CloudFormation + SAM (YAML) -> bytes"
    );
    let _ = writeln!(out, "median of up to {runs} runs after a warm-up; each N in its own process\n");
    let mut rows: Vec<Summary> = Vec::new();
    for &n in &units {
        let output = Command::new(&exe).args(["--child", &n.to_string(), &runs.to_string()]).output();
        let row = output
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| Summary::parse(String::from_utf8_lossy(&o.stdout).trim()));
        match row {
            Some(row) => rows.push(row),
            None => {
                let _ = writeln!(std::io::stderr(), "error: the run with N = {n} failed");
                return 2;
            }
        }
    }
    let _ = write!(out, "{}", measure::table(&rows, BASELINE_UNITS));
    let mut missed = Vec::new();
    let baseline = rows.iter().find(|r| r.units == BASELINE_UNITS);
    if let (Some(base), Some(largest)) = (baseline, rows.iter().max_by_key(|r| r.units)) {
        let ratio = largest.per_unit_ns() / base.per_unit_ns();
        let ok = ratio <= MAX_PER_UNIT_RATIO;
        let _ = writeln!(
            out,
            "\ntarget: time per unit at N = {} <= {MAX_PER_UNIT_RATIO} x N = {BASELINE_UNITS}: {ratio:.2} x, {}",
            largest.units,
            if ok { "met" } else { "MISSED" }
        );
        if !ok {
            missed.push("per-unit growth");
        }
    }
    if let Some(big) = rows.iter().find(|r| r.units == 10_000) {
        let secs = big.total.median_secs();
        let ok = secs < MAX_SECS_AT_10K;
        let _ = writeln!(
            out,
            "target: 10,000 units in under {MAX_SECS_AT_10K} s: {secs:.3} s, {}",
            if ok { "met" } else { "MISSED" }
        );
        if !ok {
            missed.push("10,000 units");
        }
    }
    if check && !missed.is_empty() {
        let _ = writeln!(std::io::stderr(), "error: targets missed: {}", missed.join(", "));
        return 1;
    }
    0
}

fn child(args: &[String]) -> u8 {
    let units = args.first().and_then(|a| a.parse::<usize>().ok()).filter(|n| *n > 0);
    let runs = args.get(1).and_then(|a| a.parse::<usize>().ok()).filter(|r| *r > 0);
    let (Some(units), Some(runs)) = (units, runs) else {
        let _ = writeln!(std::io::stderr(), "error: --child takes N and RUNS");
        return 2;
    };
    if args.iter().any(|a| a == "--once") {
        let bytes = measure::once(units);
        let _ = writeln!(std::io::stdout(), "units={units} bytes={bytes}");
        return 0;
    }
    match measure::measure(units, runs) {
        Ok(summary) => {
            let _ = writeln!(std::io::stdout(), "{}", summary.to_line());
            0
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            1
        }
    }
}

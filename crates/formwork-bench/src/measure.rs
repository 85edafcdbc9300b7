//! One N measured: the pipeline, its phases timed, medians, heap and RSS peaks, and the
//! line and table they are reported as.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use formwork::expand::AssetRefs;
use formwork::validate::{validate, Finding, Settings, Severity, StackInput};
use formwork::{expand, render, Date, Format, SynthOptions, Target};

use crate::alloc;

/// The day runtime lifecycles are judged on: fixed, so every run does the same work.
const TODAY: &str = "2026-11-29";
/// One N's timed runs stop once they have taken this long (at least three are made).
const BUDGET: Duration = Duration::from_secs(10);
/// Fewest timed runs.
const MIN_RUNS: usize = 3;

/// The phases of one run.
const PHASES: [&str; 6] = ["model", "expand", "validate", "cfn", "sam", "drop"];

/// One run: how long each phase took, and what it made.
struct Run {
    phases: [Duration; 6],
    /// Heap bytes live after each phase (counted runs only).
    live: [usize; 6],
    stacks: usize,
    resources: usize,
    bytes: usize,
    errors: usize,
    warnings: usize,
}

impl Run {
    fn total(&self) -> Duration {
        self.phases.iter().sum()
    }
}

fn options(target: Target) -> SynthOptions {
    let today = Date::parse(TODAY).expect("TODAY is a valid date");
    SynthOptions::new(today).target(target).format(Format::Yaml)
}

/// The whole library pipeline once, in memory, with each phase timed.
fn run(units: usize) -> Run {
    let cfn_options = options(Target::CloudFormation);
    let sam_options = options(Target::Sam);
    let t0 = Instant::now();
    let app = black_box(fleet::app(units));
    let t1 = Instant::now();
    let mut live = [0; 6];
    live[0] = alloc::live();
    // The fleet's code is inline: there are no assets to package.
    let expanded = expand(&app, &AssetRefs::new());
    let t2 = Instant::now();
    live[1] = alloc::live();
    let inputs: Vec<StackInput<'_>> =
        expanded.iter().map(|e| StackInput::new(&e.stack, &e.template).sources(&e.sources)).collect();
    let settings = Settings::new(cfn_options.today).account_concurrency(fleet::account_concurrency(units));
    let mut findings: Vec<Finding> = expanded.iter().flat_map(|e| e.findings.iter().cloned()).collect();
    findings.extend(validate(&inputs, &settings));
    let t3 = Instant::now();
    live[2] = alloc::live();
    let cfn: Vec<_> = expanded.iter().map(|e| render(&e.stack, &e.template, &cfn_options)).collect();
    let t4 = Instant::now();
    live[3] = alloc::live();
    let sam: Vec<_> = expanded.iter().map(|e| render(&e.stack, &e.template, &sam_options)).collect();
    let t5 = Instant::now();
    live[4] = alloc::live();
    let bytes = cfn.iter().chain(&sam).map(|t| black_box(t.text.as_bytes()).len()).sum();
    let stacks = expanded.len();
    let resources = expanded.iter().map(|e| e.template.resources.len()).sum();
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    let warnings = findings.len() - errors;
    drop(inputs);
    drop((cfn, sam, findings, expanded, app));
    let t6 = Instant::now();
    live[5] = alloc::live();
    Run {
        phases: [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5],
        live,
        stacks,
        resources,
        bytes,
        errors,
        warnings,
    }
}

/// The pipeline above must be the one `App::synthesize` runs: same CloudFormation text.
fn same_as_synthesize(units: usize) -> Result<(), String> {
    let app = fleet::app(units);
    let options = options(Target::CloudFormation);
    let synthesis = app.synthesize(&options);
    let expanded = expand(&app, &AssetRefs::new());
    let ours: Vec<String> = expanded.iter().map(|e| render(&e.stack, &e.template, &options).text).collect();
    let theirs: Vec<String> = synthesis.templates.into_iter().map(|t| t.text).collect();
    if ours != theirs {
        return Err(format!("N = {units}: the benchmark's pipeline renders other text than App::synthesize"));
    }
    if synthesis.report.has_errors() {
        return Err(format!("N = {units}: the fleet has validation errors:\n{}", synthesis.report));
    }
    Ok(())
}

/// Median and minimum of some durations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Stat {
    median_ns: u64,
    min_ns: u64,
}

impl Stat {
    fn of(mut samples: Vec<Duration>) -> Stat {
        samples.sort_unstable();
        let ns = |d: Duration| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        let mid = samples.len() / 2;
        let median = if samples.len() % 2 == 1 {
            ns(samples[mid])
        } else {
            (ns(samples[mid - 1]) + ns(samples[mid])) / 2
        };
        Stat { median_ns: median, min_ns: samples.first().map_or(0, |d| ns(*d)) }
    }

    /// The median in seconds.
    pub(crate) fn median_secs(&self) -> f64 {
        self.median_ns as f64 / 1e9
    }

    fn median_ms(&self) -> f64 {
        self.median_ns as f64 / 1e6
    }
}

/// Everything measured for one N.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Summary {
    /// N.
    pub(crate) units: usize,
    stacks: usize,
    resources: usize,
    bytes: usize,
    errors: usize,
    warnings: usize,
    runs: usize,
    /// The whole pipeline.
    pub(crate) total: Stat,
    phases: [Stat; 6],
    heap_peak_bytes: usize,
    /// Heap bytes live after each phase, from the counted run.
    heap_live: [usize; 6],
    allocations: usize,
    vm_hwm_kib: usize,
}

impl Summary {
    /// Median nanoseconds per unit.
    pub(crate) fn per_unit_ns(&self) -> f64 {
        self.total.median_ns as f64 / self.units as f64
    }

    /// One line of `key=value` pairs, for the parent process.
    pub(crate) fn to_line(&self) -> String {
        let mut line = format!(
            "units={} stacks={} resources={} bytes={} errors={} warnings={} runs={} heap={} allocations={} hwm={} total={},{}",
            self.units,
            self.stacks,
            self.resources,
            self.bytes,
            self.errors,
            self.warnings,
            self.runs,
            self.heap_peak_bytes,
            self.allocations,
            self.vm_hwm_kib,
            self.total.median_ns,
            self.total.min_ns,
        );
        for (name, stat) in PHASES.iter().zip(&self.phases) {
            let _ = write!(line, " {name}={},{}", stat.median_ns, stat.min_ns);
        }
        let live: Vec<String> = self.heap_live.iter().map(usize::to_string).collect();
        let _ = write!(line, " live={}", live.join(","));
        line
    }

    /// Reads [`Summary::to_line`] back.
    pub(crate) fn parse(line: &str) -> Option<Summary> {
        let get = |key: &str| -> Option<&str> {
            line.split(' ').find_map(|kv| kv.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
        };
        let num = |key: &str| get(key)?.parse::<usize>().ok();
        let stat = |key: &str| {
            let (median, min) = get(key)?.split_once(',')?;
            Some(Stat { median_ns: median.parse().ok()?, min_ns: min.parse().ok()? })
        };
        let mut phases = [Stat { median_ns: 0, min_ns: 0 }; 6];
        for (slot, name) in phases.iter_mut().zip(PHASES) {
            *slot = stat(name)?;
        }
        let mut heap_live = [0; 6];
        for (slot, text) in heap_live.iter_mut().zip(get("live")?.split(',')) {
            *slot = text.parse().ok()?;
        }
        Some(Summary {
            heap_live,
            units: num("units")?,
            stacks: num("stacks")?,
            resources: num("resources")?,
            bytes: num("bytes")?,
            errors: num("errors")?,
            warnings: num("warnings")?,
            runs: num("runs")?,
            total: stat("total")?,
            phases,
            heap_peak_bytes: num("heap")?,
            allocations: num("allocations")?,
            vm_hwm_kib: num("hwm")?,
        })
    }
}

/// Runs the pipeline exactly once, for profilers (`--child N 1 --once`).
pub(crate) fn once(units: usize) -> usize {
    black_box(run(units)).bytes
}

/// Measures N: checks the pipeline once, warms up, times up to `runs` runs, and counts the
/// heap of one more.
pub(crate) fn measure(units: usize, runs: usize) -> Result<Summary, String> {
    same_as_synthesize(units)?;
    let started = Instant::now();
    let mut samples: Vec<Run> = Vec::with_capacity(runs);
    black_box(run(units));
    let fit = (BUDGET.as_nanos() / started.elapsed().as_nanos().max(1)) as usize;
    let runs = runs.min(fit.max(MIN_RUNS));
    for _ in 0..runs {
        samples.push(run(units));
    }
    let (counted, heap) = alloc::count(|| run(units));
    let last = samples.last().ok_or("no runs")?;
    let mut phases = [Stat { median_ns: 0, min_ns: 0 }; 6];
    for (i, slot) in phases.iter_mut().enumerate() {
        *slot = Stat::of(samples.iter().map(|r| r.phases[i]).collect());
    }
    Ok(Summary {
        units,
        stacks: last.stacks,
        resources: last.resources,
        bytes: last.bytes,
        errors: last.errors,
        warnings: last.warnings,
        runs,
        total: Stat::of(samples.iter().map(Run::total).collect()),
        phases,
        heap_peak_bytes: heap.peak_bytes,
        heap_live: counted.live,
        allocations: heap.allocations,
        vm_hwm_kib: vm_hwm_kib().unwrap_or(0),
    })
}

/// This process's peak resident set size, from `/proc/self/status` (0 where there is none).
fn vm_hwm_kib() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The results as a table, time per unit compared with that at `baseline` units.
pub(crate) fn table(rows: &[Summary], baseline: usize) -> String {
    let base = rows.iter().find(|r| r.units == baseline).map(Summary::per_unit_ns);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:>6} {:>6} {:>6} {:>4} {:>10} {:>9} {:>7} {:>9} {:>8} {:>10} {:>8} {:>9} {:>4}",
        "N",
        "stacks",
        "res.",
        "runs",
        "median ms",
        "µs/unit",
        "×N=100",
        "heap MiB",
        "RSS MiB",
        "allocs",
        "out MB",
        "findings",
        ""
    );
    for r in rows {
        let ratio = base.map_or_else(|| "-".to_string(), |b| format!("{:.2}", r.per_unit_ns() / b));
        let _ = writeln!(
            out,
            "{:>6} {:>6} {:>6} {:>4} {:>10.3} {:>9.1} {:>7} {:>9.1} {:>8.1} {:>10} {:>8.2} {:>4}E {:>3}W",
            r.units,
            r.stacks,
            r.resources,
            r.runs,
            r.total.median_ms(),
            r.per_unit_ns() / 1e3,
            ratio,
            r.heap_peak_bytes as f64 / 1_048_576.0,
            r.vm_hwm_kib as f64 / 1024.0,
            r.allocations,
            r.bytes as f64 / 1e6,
            r.errors,
            r.warnings,
        );
    }
    let _ =
        writeln!(out, "\nmedian ms per phase (model = building the App; cfn, sam = rendering YAML text):");
    let _ = write!(out, "{:>6}", "N");
    for name in PHASES {
        let _ = write!(out, " {name:>9}");
    }
    let _ = writeln!(out);
    for r in rows {
        let _ = write!(out, "{:>6}", r.units);
        for stat in &r.phases {
            let _ = write!(out, " {:>9.3}", stat.median_ms());
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "\nheap MiB live after each phase (what the pipeline holds at that point):");
    let _ = write!(out, "{:>6}", "N");
    for name in PHASES {
        let _ = write!(out, " {name:>9}");
    }
    let _ = writeln!(out);
    for r in rows {
        let _ = write!(out, "{:>6}", r.units);
        for bytes in &r.heap_live {
            let _ = write!(out, " {:>9.1}", *bytes as f64 / 1_048_576.0);
        }
        let _ = writeln!(out);
    }
    out
}

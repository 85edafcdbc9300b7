//! `formwork-bench --insight`: the time of `graph`, `cost` and `diff` (formwork-insight)
//! on the fleet example's synthesized templates, after synthesis (which is measured by
//! the main benchmark).

use std::io::Write;
use std::time::Instant;

use formwork::{Date, Format, SynthOptions, Target};
use formwork_insight::cost::{self, FreeTier, FunctionLoad, Prices, Workload};
use formwork_insight::graph::{self, GraphFormat};
use formwork_insight::{diff, Stacks};

/// One row of the table: the command, what is timed, and the work.
type Row<'a> = (&'static str, &'static str, Box<dyn FnMut() -> usize + 'a>);

/// Units of the fleet when `--units` is not given: the fleet example's own default.
const DEFAULT_UNITS: usize = 80;
/// Timed runs when `--runs` is not given.
const DEFAULT_RUNS: usize = 21;

fn stacks(units: usize) -> Stacks {
    let options = SynthOptions::new(Date::parse("2026-11-29").unwrap_or_else(Date::today_utc))
        .target(Target::CloudFormation)
        .format(Format::Yaml);
    fleet::app(units).synthesize(&options).expanded.into_iter().map(|e| (e.stack, e.template)).collect()
}

/// Median of `runs` timed runs of `f` after one warm-up, in milliseconds, and the size of
/// what it produced (so the work cannot be optimised away).
fn time(runs: usize, mut f: impl FnMut() -> usize) -> (f64, usize) {
    let size = f();
    let mut samples: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    (samples[samples.len() / 2], size)
}

/// Runs the insight benchmark: `--units N`, `--runs R`.
pub(crate) fn run(args: &[String]) -> u8 {
    let mut units = DEFAULT_UNITS;
    let mut runs = DEFAULT_RUNS;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let ok = match arg.as_str() {
            "--units" => it.next().and_then(|v| v.parse().ok()).filter(|n| *n > 0).map(|n| units = n),
            "--runs" => it.next().and_then(|v| v.parse().ok()).filter(|n| *n > 0).map(|n| runs = n),
            _ => None,
        };
        if ok.is_none() {
            let _ = writeln!(
                std::io::stderr(),
                "error: bad argument `{arg}`; usage: formwork-bench --insight [--units 80] [--runs 21]"
            );
            return 2;
        }
    }
    let new = stacks(units);
    let resources: usize = new.values().map(|t| t.resources.len()).sum();
    // the same fleet with every function's memory doubled, as the "previous" templates
    let mut old = new.clone();
    for t in old.values_mut() {
        for r in t.resources.values_mut().filter(|r| r.resource_type == "AWS::Lambda::Function") {
            r.properties.insert("MemorySize".into(), formwork_template::Value::Int(1024));
        }
    }
    let Some(prices) = Prices::region("us-east-1") else { return 2 };
    let mut workload = Workload::default();
    for t in new.values() {
        for (id, r) in &t.resources {
            if r.resource_type == "AWS::Lambda::Function" {
                let load =
                    FunctionLoad { requests: 1_000_000, duration_ms: Some(200), provisioned_hours: None };
                workload = workload.function_load(id.clone(), load);
            }
        }
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "formwork-insight on the fleet example, N = {units} ({resources} resources, {} stacks)",
        new.len()
    );
    let _ = writeln!(out, "median of {runs} runs after a warm-up, templates already synthesized\n");
    let _ = writeln!(out, "| command | what is timed | median | output |");
    let _ = writeln!(out, "|---|---|---|---|");
    let rows: [Row<'_>; 5] = [
        ("graph", "graph + Mermaid text", Box::new(|| graph::graph(&new).render(GraphFormat::Mermaid).len())),
        (
            "graph --format dot",
            "graph + DOT text",
            Box::new(|| graph::graph(&new).render(GraphFormat::Dot).len()),
        ),
        (
            "cost",
            "per million requests + text",
            Box::new(|| cost::per_million(&new, &prices).to_text().len()),
        ),
        (
            "cost --workload",
            "monthly estimate + text",
            Box::new(|| {
                cost::estimate(&new, &workload, &prices, FreeTier::Apply).map_or(0, |e| e.to_text().len())
            }),
        ),
        ("diff", "every function changed + text", Box::new(|| diff::diff(&old, &new).to_text().len())),
    ];
    for (command, what, mut f) in rows {
        let (ms, size) = time(runs, &mut f);
        let _ = writeln!(out, "| `{command}` | {what} | {ms:.2} ms | {size} bytes |");
    }
    0
}

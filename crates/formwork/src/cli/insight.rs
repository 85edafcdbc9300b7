//! `cost`, `graph` and `diff`: what an app costs, looks like and changes, before it is
//! deployed (crates/formwork-insight, behind the default `insight` feature). The same
//! commands for `App::main()` (through [`crate::cli::execute`]) and for the `formwork`
//! binary, which adds [`subcommands`] to its command line and calls [`run`] with readers
//! that take YAML too.
//!
//! ```text
//! <app> cost [--workload FILE] [--region R] [--no-free-tier] [--format human|json] [--stack NAME]
//! <app> graph [--format mermaid|dot] [--stack NAME]
//! <app> diff DIR|TEMPLATE [--format human|json] [--stack NAME]
//! ```
//!
//! Exit status: 0 done (`diff`: no change); 1 `diff` found changes, the model has errors
//! or the workload names what the app lacks; 2 usage or I/O error.

use std::io::Write;
use std::path::{Path, PathBuf};

use formwork_insight::cost::{self, FreeTier, Prices, Workload};
use formwork_insight::graph::GraphFormat;
use formwork_insight::Stacks;
use formwork_template::Template;

use super::clap::{self, Arg, ArgAction};
use super::{model_args, Command, Invocation, EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::{App, Format, Target};

/// The commands of this module.
pub const INSIGHT_COMMANDS: &[&str] = &["cost", "graph", "diff"];

/// How files are read: the library reads JSON; the `formwork` binary passes readers that
/// take YAML too.
pub struct Readers<'a> {
    /// A template file (one of a previous `--out` folder, or one given).
    pub template: &'a dyn Fn(&Path) -> Result<Template, String>,
    /// A workload file.
    pub workload: &'a dyn Fn(&Path) -> Result<Workload, Vec<String>>,
}

fn read_json_template(path: &Path) -> Result<Template, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if !text.trim_start().starts_with('{') {
        return Err(format!(
            "{} is not JSON: an app binary reads JSON templates (synth --format json --out DIR); the formwork binary reads YAML too",
            path.display()
        ));
    }
    formwork_insight::template_from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_json_workload(path: &Path) -> Result<Workload, Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| vec![format!("cannot read it: {e}")])?;
    if !text.trim_start().starts_with('{') {
        return Err(vec![
            "an app binary reads JSON workload files; the formwork binary reads YAML too".into()
        ]);
    }
    Workload::from_json_text(&text).map_err(|e| e.problems)
}

impl Readers<'static> {
    /// JSON templates and workloads.
    pub fn json() -> Readers<'static> {
        Readers { template: &read_json_template, workload: &read_json_workload }
    }
}

/// The `cost`, `graph` and `diff` commands, for [`crate::cli::Cli::subcommand`]; `input`
/// names the positional input of the `formwork` binary (`SPEC`), `None` for an app binary.
pub fn subcommands(input: Option<&'static str>) -> Vec<clap::Command> {
    let with_input = |cmd: clap::Command| match input {
        Some(name) => cmd.arg(super::input_arg(name)),
        None => cmd,
    };
    let format = |values: &'static [&'static str], help: &'static str| {
        Arg::new("format")
            .long("format")
            .value_name("FORMAT")
            .value_parser(clap::builder::PossibleValuesParser::new(values.iter().copied()))
            .help(help)
    };
    let cost = with_input(clap::Command::new("cost"))
        .about("a monthly cost estimate from a workload file, or each function's cost per million requests")
        .arg(
            Arg::new("workload")
                .long("workload")
                .value_name("FILE")
                .value_parser(clap::value_parser!(PathBuf))
                .help(
                    "requests and durations a month, per resource [default: a million requests per function]",
                ),
        )
        .arg(Arg::new("region").long("region").value_name("REGION").help("whose prices [default: us-east-1]"))
        .arg(
            Arg::new("no-free-tier")
                .long("no-free-tier")
                .action(ArgAction::SetTrue)
                .help("leave the monthly free tier out"),
        )
        .arg(format(&["human", "json"], "output format [default: human]"))
        .args(model_args());
    let graph = with_input(clap::Command::new("graph"))
        .about("the app as a diagram: event sources, functions, what they touch, failure paths")
        .arg(format(&["mermaid", "dot"], "diagram format [default: mermaid]"))
        .args(model_args());
    let diff = with_input(clap::Command::new("diff"))
        .about("what changes against an earlier --out folder or a template; exit 1 when something does")
        .arg(
            Arg::new("against")
                .value_name("DIR|TEMPLATE")
                .required(true)
                .value_parser(clap::value_parser!(PathBuf))
                .help("a folder of <stack>.yaml|json templates, or one template"),
        )
        .arg(format(&["human", "json"], "output format [default: human]"))
        .args(model_args());
    vec![cost, graph, diff]
}

struct Args {
    other: Option<PathBuf>,
    format: Option<String>,
    workload: Option<PathBuf>,
    region: String,
    free_tier: FreeTier,
}

impl Args {
    fn from(inv: &Invocation) -> Args {
        let m = &inv.matches;
        let get = |id: &str| m.try_get_one::<String>(id).ok().flatten().cloned();
        let path = |id: &str| m.try_get_one::<PathBuf>(id).ok().flatten().cloned();
        Args {
            other: path("against"),
            format: get("format"),
            workload: path("workload"),
            region: get("region").unwrap_or_else(|| "us-east-1".into()),
            free_tier: if m.try_get_one::<bool>("no-free-tier").ok().flatten() == Some(&true) {
                FreeTier::Skip
            } else {
                FreeTier::Apply
            },
        }
    }
}

/// The name of `inv`'s command when it is `cost`, `graph` or `diff`.
fn insight_command(inv: &Invocation) -> Option<&str> {
    match &inv.command {
        Command::Other(name) if INSIGHT_COMMANDS.contains(&name.as_str()) => Some(name),
        _ => None,
    }
}

/// Runs `cost`, `graph` or `diff` on `app`; `None` for any other command.
pub fn run(
    app: &App,
    inv: &Invocation,
    readers: &Readers<'_>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Option<u8> {
    insight_command(inv)?;
    if let Some(problem) = inv.unknown_stack(app) {
        let _ = writeln!(stderr, "{problem}");
        return Some(EXIT_USAGE);
    }
    let stacks = match synthesize(app, inv, stderr) {
        Ok(s) => s,
        Err(code) => return Some(code),
    };
    run_on(&stacks, inv, readers, stdout, stderr)
}

/// Runs `cost`, `graph` or `diff` on templates (a hand-written template, for the
/// `formwork` binary); `None` for any other command.
pub fn run_on(
    stacks: &Stacks,
    inv: &Invocation,
    readers: &Readers<'_>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Option<u8> {
    let name = insight_command(inv)?;
    let a = Args::from(inv);
    Some(match name {
        "graph" => graph(&a, stacks, stdout, stderr),
        "cost" => cost(&a, stacks, readers, stdout, stderr),
        _ => diff(&a, stacks, readers, stdout, stderr),
    })
}

/// The app's CloudFormation templates, by stack (only `--stack`'s when given); errors
/// are reported and end the run.
fn synthesize(app: &App, inv: &Invocation, stderr: &mut dyn Write) -> Result<Stacks, u8> {
    let options = inv.synth_options().target(Target::CloudFormation).format(Format::Yaml);
    let out = app.synthesize(&options);
    if out.report.has_errors() {
        let _ = write!(stderr, "{}", super::human_report(&out.report, inv.style));
        return Err(EXIT_INVALID);
    }
    Ok(out
        .expanded
        .into_iter()
        .filter(|e| inv.stack.as_ref().is_none_or(|s| s == &e.stack))
        .map(|e| (e.stack, e.template))
        .collect())
}

fn graph(a: &Args, stacks: &Stacks, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let format = match a.format.as_deref() {
        None => GraphFormat::Mermaid,
        Some(f) => match GraphFormat::parse(f) {
            Some(f) => f,
            None => {
                let _ = writeln!(stderr, "error: unknown graph format `{f}`; expected mermaid or dot");
                return EXIT_USAGE;
            }
        },
    };
    write_out(stdout, stderr, &formwork_insight::graph::graph(stacks).render(format))
}

fn json_format(a: &Args, stderr: &mut dyn Write) -> Result<bool, u8> {
    match a.format.as_deref() {
        None | Some("human") => Ok(false),
        Some("json") => Ok(true),
        Some(f) => {
            let _ = writeln!(stderr, "error: unknown format `{f}`; expected human or json");
            Err(EXIT_USAGE)
        }
    }
}

fn cost(
    a: &Args,
    stacks: &Stacks,
    readers: &Readers<'_>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let json = match json_format(a, stderr) {
        Ok(j) => j,
        Err(code) => return code,
    };
    let Some(prices) = Prices::region(&a.region) else {
        let known: Vec<&str> = cost::regions().collect();
        let _ = writeln!(
            stderr,
            "error: no price file for region `{}`; prices exist for {}",
            a.region,
            known.join(", ")
        );
        return EXIT_USAGE;
    };
    let estimate = match &a.workload {
        None => cost::per_million(stacks, &prices),
        Some(file) => {
            let estimate = (readers.workload)(file)
                .and_then(|w| cost::estimate(stacks, &w, &prices, a.free_tier).map_err(|e| e.problems));
            match estimate {
                Ok(e) => e,
                Err(problems) => {
                    for p in problems {
                        let _ = writeln!(stderr, "error: {}: {p}", file.display());
                    }
                    return EXIT_INVALID;
                }
            }
        }
    };
    write_out(stdout, stderr, &if json { estimate.to_json() } else { estimate.to_text() })
}

fn diff(
    a: &Args,
    stacks: &Stacks,
    readers: &Readers<'_>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let json = match json_format(a, stderr) {
        Ok(j) => j,
        Err(code) => return code,
    };
    let Some(other) = &a.other else { return EXIT_USAGE };
    let old = match read_templates(other, stacks, readers) {
        Ok(old) => old,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            return EXIT_USAGE;
        }
    };
    let d = formwork_insight::diff::diff(&old, stacks);
    let code = write_out(stdout, stderr, &if json { d.to_json() } else { d.to_text() });
    match (code, d.has_changes()) {
        (EXIT_OK, true) => EXIT_INVALID,
        (code, _) => code,
    }
}

/// The templates to compare with: every `<stack>.yaml|yml|json` of a folder, or one
/// template file (compared with the app's only stack, or the stack its name names).
fn read_templates(path: &Path, new: &Stacks, readers: &Readers<'_>) -> Result<Stacks, String> {
    let stem = |file: &Path| file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut out = Stacks::new();
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json"))
            .collect();
        files.sort();
        for file in files {
            out.insert(stem(&file), (readers.template)(&file)?);
        }
        if out.is_empty() {
            return Err(format!("{} holds no .yaml or .json template", path.display()));
        }
    } else {
        let name = match new.keys().next() {
            Some(only) if new.len() == 1 => only.clone(),
            _ => stem(path),
        };
        out.insert(name, (readers.template)(path)?);
    }
    Ok(out)
}

/// Writes `text` to stdout; a failed write (a closed pipe) is an I/O error.
fn write_out(stdout: &mut dyn Write, stderr: &mut dyn Write, text: &str) -> u8 {
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(stderr, "error: cannot write to stdout: {e}");
            EXIT_USAGE
        }
    }
}

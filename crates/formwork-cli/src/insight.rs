//! `formwork cost`, `formwork graph` and `formwork diff` on a spec file: the app is
//! synthesized to CloudFormation in memory and read by formwork-insight.
//!
//! ```text
//! formwork cost SPEC [--workload FILE] [--region R] [--no-free-tier] [--format human|json]
//! formwork graph SPEC [--format mermaid|dot]
//! formwork diff SPEC DIR|TEMPLATE [--format human|json]
//! ```
//!
//! Exit status: 0 done (`diff`: no change); 1 `diff` found changes, or the spec has
//! errors; 2 usage or I/O error.

use std::io::Write;
use std::path::{Path, PathBuf};

use formwork::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use formwork::{Date, Format, SynthOptions, Target};
use formwork_insight::cost::{self, FreeTier, Prices, Workload};
use formwork_insight::graph::GraphFormat;
use formwork_insight::Stacks;

/// The commands this module answers.
const COMMANDS: &[&str] = &["cost", "graph", "diff"];

/// The usage lines of these commands.
pub(crate) fn usage(program: &str) -> String {
    format!(
        "review before deploy:
  {program} cost SPEC [--workload FILE] [--region R] [--no-free-tier] [--format human|json]
      monthly cost from a workload file, or each function's cost per million requests
  {program} graph SPEC [--format mermaid|dot]
      the app as a diagram (Mermaid by default)
  {program} diff SPEC DIR|TEMPLATE [--format human|json]
      what changes against the templates of a previous --out folder or one template;
      exit status 1 when something changes, 0 when nothing does
"
    )
}

struct Args {
    command: String,
    spec: PathBuf,
    other: Option<PathBuf>,
    format: Option<String>,
    workload: Option<PathBuf>,
    region: String,
    free_tier: FreeTier,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut it = args.iter();
    let command = it.next().cloned().unwrap_or_default();
    let mut positional = Vec::new();
    let mut a = Args {
        command: command.clone(),
        spec: PathBuf::new(),
        other: None,
        format: None,
        workload: None,
        region: "us-east-1".into(),
        free_tier: FreeTier::Apply,
    };
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--format" => a.format = Some(value("--format")?),
            "--workload" if command == "cost" => a.workload = Some(PathBuf::from(value("--workload")?)),
            "--region" if command == "cost" => a.region = value("--region")?,
            "--no-free-tier" if command == "cost" => a.free_tier = FreeTier::Skip,
            s if s.starts_with('-') => return Err(format!("unknown option `{s}` for `{command}`")),
            s => positional.push(PathBuf::from(s)),
        }
    }
    let wanted = if command == "diff" { 2 } else { 1 };
    if positional.len() != wanted {
        return Err(match command.as_str() {
            "diff" => "`diff` takes a spec file and the folder or template to compare with".into(),
            _ => format!("`{command}` takes one spec file"),
        });
    }
    a.spec = positional.remove(0);
    a.other = positional.pop();
    Ok(a)
}

/// Runs `cost`, `graph` or `diff` when `args` (without the program name) is one of them.
pub(crate) fn run(
    args: &[String],
    program: &str,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Option<u8> {
    if !COMMANDS.contains(&args.first()?.as_str()) {
        return None;
    }
    if args.iter().any(|a| a == "-h" || a == "--help") {
        return Some(write_out(stdout, stderr, &usage(program)));
    }
    let a = match parse(args) {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}\n  (see `{program} --help`)");
            return Some(EXIT_USAGE);
        }
    };
    let stacks = match synthesize(&a.spec, stderr) {
        Ok(s) => s,
        Err(code) => return Some(code),
    };
    Some(match a.command.as_str() {
        "graph" => graph(&a, &stacks, stdout, stderr),
        "cost" => cost(&a, &stacks, stdout, stderr),
        _ => diff(&a, &stacks, stdout, stderr),
    })
}

/// The spec's CloudFormation templates, by stack; errors are reported and end the run.
fn synthesize(spec: &Path, stderr: &mut dyn Write) -> Result<Stacks, u8> {
    let app = match formwork_spec::load(spec) {
        Ok(app) => app,
        Err(errors) => {
            for e in &errors {
                let _ = writeln!(stderr, "error: {e}");
            }
            return Err(if errors.is_read_error() { EXIT_USAGE } else { EXIT_INVALID });
        }
    };
    let options =
        SynthOptions { target: Target::CloudFormation, format: Format::Yaml, today: Date::today_utc() };
    let out = app.synthesize(&options);
    if out.report.has_errors() {
        let _ = write!(stderr, "{}", out.report);
        return Err(EXIT_INVALID);
    }
    Ok(out.expanded.into_iter().map(|e| (e.stack, e.template)).collect())
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

fn cost(a: &Args, stacks: &Stacks, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
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
            let text = match std::fs::read_to_string(file) {
                Ok(t) => t,
                Err(e) => {
                    let _ = writeln!(stderr, "error: cannot read {}: {e}", file.display());
                    return EXIT_USAGE;
                }
            };
            let value: Result<serde_json::Value, String> = if file.extension().is_some_and(|e| e == "json") {
                serde_json::from_str(&text).map_err(|e| e.to_string())
            } else {
                serde_yaml::from_str(&text).map_err(|e| e.to_string())
            };
            let workload = value
                .map_err(|e| vec![e])
                .and_then(|v| Workload::from_json(&v).map_err(|e| e.problems))
                .and_then(|w| cost::estimate(stacks, &w, &prices, a.free_tier).map_err(|e| e.problems));
            match workload {
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

fn diff(a: &Args, stacks: &Stacks, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let json = match json_format(a, stderr) {
        Ok(j) => j,
        Err(code) => return code,
    };
    let Some(other) = &a.other else { return EXIT_USAGE };
    let old = match read_templates(other, stacks) {
        Ok(old) => old,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            return EXIT_USAGE;
        }
    };
    let d = formwork_insight::diff::diff(&old, stacks);
    let code = write_out(stdout, stderr, &if json { d.to_json() } else { d.to_text() });
    if code != EXIT_OK {
        return code;
    }
    if d.has_changes() {
        EXIT_INVALID
    } else {
        EXIT_OK
    }
}

/// The templates to compare with: every `<stack>.yaml|json` in a folder, or one template
/// file (compared with the app's only stack, or the stack its file name names).
fn read_templates(path: &Path, new: &Stacks) -> Result<Stacks, String> {
    let read = |file: &Path| -> Result<formwork_template::Template, String> {
        let text =
            std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        formwork_spec::parse_template(&text, file)
            .map_err(|errors| errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))
    };
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
            out.insert(stem(&file), read(&file)?);
        }
        if out.is_empty() {
            return Err(format!("{} holds no .yaml or .json template", path.display()));
        }
    } else {
        let name = match new.keys().next() {
            Some(only) if new.len() == 1 => only.clone(),
            _ => stem(path),
        };
        out.insert(name, read(path)?);
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

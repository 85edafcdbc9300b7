//! The command line every app binary gets from [`App::main`]: `synth` and `validate`,
//! with `--target`, `--format`, `--out`. The `formwork` binary reuses it for spec files.
//!
//! Exit status: 0 written or valid (warnings allowed), 1 validation errors (nothing
//! written), 2 usage or I/O error.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::app::App;
use crate::date::Date;
use crate::report::ReportFormat;
use crate::synth::{Format, SynthOptions, Target};
use crate::validate::{Report, Severity};

/// Exit status: success.
pub const EXIT_OK: u8 = 0;
/// Exit status: validation errors; nothing was written.
pub const EXIT_INVALID: u8 = 1;
/// Exit status: usage or I/O error.
pub const EXIT_USAGE: u8 = 2;

/// What to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Validate, then write the templates.
    Synth,
    /// Validate only.
    Validate,
    /// Print every function's permissions and why it has each.
    Policy,
    /// Print usage.
    Help,
}

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// The command.
    pub command: Command,
    /// The positional input file (the `formwork` binary's spec file).
    pub input: Option<PathBuf>,
    /// `--target`.
    pub target: Target,
    /// `--format`.
    pub format: Format,
    /// `--out`.
    pub out: Option<PathBuf>,
    /// `--stack`.
    pub stack: Option<String>,
    /// `--today`.
    pub today: Option<Date>,
    /// `--account-concurrency`.
    pub account_concurrency: Option<u32>,
    /// The report's format (`--format human|json|sarif` with `validate`).
    pub report: ReportFormat,
    /// `--severity CODE=error|warning`, in order.
    pub severities: Vec<(String, Severity)>,
    /// `--deny warnings`.
    pub deny_warnings: bool,
}

impl Invocation {
    /// The synthesis options it asks for (today by the clock unless `--today`).
    pub fn synth_options(&self) -> SynthOptions {
        SynthOptions {
            target: self.target,
            format: self.format,
            today: self.today.unwrap_or_else(Date::today_utc),
        }
    }

    /// The error to print when `--stack` names a stack the app does not have.
    pub fn unknown_stack(&self, app: &App) -> Option<String> {
        let name = self.stack.as_ref()?;
        if app.stacks.iter().any(|s| &s.name == name) {
            return None;
        }
        let names: Vec<&str> = app.stacks.iter().map(|s| s.name.as_str()).collect();
        Some(format!("error: no stack `{name}`; the app has: {}", names.join(", ")))
    }
}

/// The usage text; `program` is the binary's name and `input` names the positional
/// argument, if the binary takes one.
pub fn usage(program: &str, input: Option<&str>) -> String {
    let arg = input.map(|i| format!(" {i}")).unwrap_or_default();
    format!(
        "usage: {program} <command>{arg} [options]

commands:
  synth      validate, then write the templates (to stdout without --out)
  validate   validate only; print every finding
  policy     every function's permissions, and which construct put each there
             (--format json for JSON)
  explain    explain CODE: what a rule checks, why, and how to fix it
  rules      every rule, as Markdown (docs/rules.md)

options:
  --target sam|cloudformation   template kind (default: cloudformation)
  --format yaml|json            template format (default: yaml)
  --format human|json|sarif     with validate: the report's format (default: human)
  --severity CODE=error|warning change a rule's severity (repeatable)
  --deny warnings               treat every warning as an error
  --out DIR                     write DIR/<stack>.<format> and DIR/assets/
  --stack NAME                  only this stack (needed on stdout when there are several)
  --today YYYY-MM-DD            judge runtime lifecycles on this day (default: today, UTC)
  --account-concurrency N       the account's concurrency limit (default: the app's, 1000)
  -h, --help                    print this help

exit status: 0 ok (warnings allowed), 1 validation errors (nothing written), 2 usage or I/O error
"
    )
}

/// Parses the arguments after the program name. `takes_input` says whether a positional
/// input file is expected after the command.
pub fn parse(args: &[String], takes_input: bool) -> Result<Invocation, String> {
    let mut inv = Invocation {
        command: Command::Help,
        input: None,
        target: Target::default(),
        format: Format::default(),
        out: None,
        stack: None,
        today: None,
        account_concurrency: None,
        report: ReportFormat::Human,
        severities: Vec::new(),
        deny_warnings: false,
    };
    let mut iter = args.iter();
    let mut command = None;
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| iter.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "-h" | "--help" | "help" => return Ok(inv),
            "--target" => {
                inv.target = match value("--target")?.as_str() {
                    "sam" => Target::Sam,
                    "cloudformation" | "cfn" => Target::CloudFormation,
                    other => return Err(format!("unknown target `{other}`; expected sam or cloudformation")),
                }
            }
            "--format" => match value("--format")?.as_str() {
                "yaml" | "yml" => inv.format = Format::Yaml,
                // a JSON template for synth, a JSON report for validate
                "json" => {
                    inv.format = Format::Json;
                    inv.report = ReportFormat::Json;
                }
                "human" => inv.report = ReportFormat::Human,
                "sarif" => inv.report = ReportFormat::Sarif,
                other => {
                    return Err(format!(
                        "unknown format `{other}`; expected yaml or json (templates), human, json or sarif (reports)"
                    ))
                }
            },
            "--severity" => {
                let text = value("--severity")?;
                let (code, level) = text
                    .split_once('=')
                    .ok_or_else(|| format!("`{text}` is not CODE=error or CODE=warning"))?;
                let rule = crate::validate::catalog::rule(code).ok_or_else(|| format!("no rule `{code}`"))?;
                let severity = match level {
                    "error" => Severity::Error,
                    "warning" => Severity::Warning,
                    other => return Err(format!("unknown severity `{other}`; expected error or warning")),
                };
                inv.severities.push((rule.code.to_string(), severity));
            }
            "--deny" => match value("--deny")?.as_str() {
                "warnings" => inv.deny_warnings = true,
                other => return Err(format!("`--deny {other}`: only `--deny warnings` exists")),
            },
            "--out" => inv.out = Some(PathBuf::from(value("--out")?)),
            "--stack" => inv.stack = Some(value("--stack")?),
            "--today" => {
                let text = value("--today")?;
                inv.today = Some(
                    Date::parse(&text).ok_or_else(|| format!("`{text}` is not a date like 2026-11-29"))?,
                );
            }
            "--account-concurrency" => {
                let text = value("--account-concurrency")?;
                inv.account_concurrency =
                    Some(text.parse().map_err(|_| format!("`{text}` is not a whole number"))?);
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
            word if command.is_none() => {
                command = Some(match word {
                    "synth" => Command::Synth,
                    "validate" => Command::Validate,
                    "policy" => Command::Policy,
                    other => return Err(format!("unknown command `{other}`; expected synth, validate, policy, explain or rules")),
                })
            }
            word if takes_input && inv.input.is_none() => inv.input = Some(PathBuf::from(word)),
            word => return Err(format!("unexpected argument `{word}`")),
        }
    }
    inv.command = command.ok_or("no command given")?;
    if takes_input && inv.input.is_none() {
        return Err("no input file given".into());
    }
    Ok(inv)
}

/// Handles the commands that need no app: `explain CODE` and `rules`. Returns `None`
/// when `args` (after the program name) is another command.
pub fn catalog_command(args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> Option<u8> {
    use crate::validate::catalog;
    let code = match args {
        [cmd] if cmd == "rules" => {
            return Some(if stdout.write_all(catalog::markdown().as_bytes()).is_ok() {
                EXIT_OK
            } else {
                EXIT_USAGE
            });
        }
        [cmd, code] if cmd == "explain" => code,
        [cmd, ..] if cmd == "explain" => {
            let _ = writeln!(stderr, "error: explain takes one rule code, e.g. `explain FW204`");
            return Some(EXIT_USAGE);
        }
        [cmd, ..] if cmd == "rules" => {
            let _ = writeln!(stderr, "error: rules takes no arguments");
            return Some(EXIT_USAGE);
        }
        _ => return None,
    };
    Some(match catalog::rule(code) {
        Some(rule) => {
            if stdout.write_all(catalog::explain(rule).as_bytes()).is_ok() {
                EXIT_OK
            } else {
                EXIT_USAGE
            }
        }
        None => {
            let _ = writeln!(stderr, "error: no rule `{code}`; `rules` lists them all");
            EXIT_USAGE
        }
    })
}

/// Runs a parsed invocation on an app; reports go to `stderr`, a template without
/// `--out` to `stdout`. Returns the exit status.
pub fn execute(app: &App, inv: &Invocation, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    // Copy the app only to change it.
    let changed;
    let app = match inv.account_concurrency {
        Some(n) => {
            let mut copy = app.clone();
            copy.account_concurrency = n;
            changed = copy;
            &changed
        }
        None => app,
    };
    if let Some(problem) = inv.unknown_stack(app) {
        let _ = writeln!(stderr, "{problem}");
        return EXIT_USAGE;
    }
    let mut synthesis = app.synthesize(&inv.synth_options());
    if let Some(name) = &inv.stack {
        synthesis.templates.retain(|t| &t.stack == name);
    }
    synthesis.report.apply_severities(&inv.severities, inv.deny_warnings);
    if inv.command == Command::Policy {
        let text = match inv.report {
            ReportFormat::Json => crate::policy::to_json(&synthesis.expanded),
            _ => crate::policy::to_text(&synthesis.expanded),
        };
        return if stdout.write_all(text.as_bytes()).is_ok() { EXIT_OK } else { EXIT_USAGE };
    }
    if inv.command == Command::Validate {
        let n = synthesis.templates.len();
        let what = format!("{n} stack{}", if n == 1 { "" } else { "s" });
        return finish_validate(&synthesis.report, inv, &what, stdout, stderr);
    }
    let _ = write!(stderr, "{}", synthesis.report);
    if synthesis.report.has_errors() {
        let _ = writeln!(stderr, "error: {}; nothing written", synthesis.report.summary());
        return EXIT_INVALID;
    }
    match &inv.out {
        Some(dir) => match synthesis.write_to(dir) {
            Ok(paths) => {
                let _ = writeln!(
                    stderr,
                    "wrote {} template{} and {} asset{} to {} ({})",
                    synthesis.templates.len(),
                    if synthesis.templates.len() == 1 { "" } else { "s" },
                    synthesis.assets.len(),
                    if synthesis.assets.len() == 1 { "" } else { "s" },
                    dir.display(),
                    synthesis.report.summary()
                );
                debug_assert!(paths.len() >= synthesis.templates.len());
                EXIT_OK
            }
            Err(e) => {
                let _ = writeln!(stderr, "error: cannot write to {}: {e}", dir.display());
                EXIT_USAGE
            }
        },
        None => match synthesis.templates.as_slice() {
            [one] => {
                if stdout.write_all(one.text.as_bytes()).is_err() {
                    return EXIT_USAGE;
                }
                EXIT_OK
            }
            many => {
                let names: Vec<&str> = many.iter().map(|t| t.stack.as_str()).collect();
                let _ = writeln!(
                    stderr,
                    "error: the app has {} stacks ({}); pass --out DIR, or --stack NAME to print one",
                    many.len(),
                    names.join(", ")
                );
                EXIT_USAGE
            }
        },
    }
}

/// Prints a validation report in the invocation's format (human on `stderr`, JSON or
/// SARIF on `stdout`) and returns the exit status. `what` names what was validated.
pub fn finish_validate(
    report: &Report,
    inv: &Invocation,
    what: &str,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let written = match inv.report {
        ReportFormat::Human => {
            let _ = write!(stderr, "{report}");
            if report.has_errors() {
                let _ = writeln!(stderr, "error: {} in {what}", report.summary());
            } else {
                let _ = writeln!(stderr, "validated {what}: {}", report.summary());
            }
            Ok(())
        }
        ReportFormat::Json => stdout.write_all(crate::report::to_json_report(report).as_bytes()),
        ReportFormat::Sarif => stdout.write_all(crate::report::to_sarif(report).as_bytes()),
    };
    if written.is_err() {
        EXIT_USAGE
    } else if report.has_errors() {
        EXIT_INVALID
    } else {
        EXIT_OK
    }
}

impl App {
    /// Runs the command line for this app with the process's arguments and returns the
    /// exit status; call it at the end of `main`.
    pub fn main(self) -> ExitCode {
        let args: Vec<String> = std::env::args().collect();
        let code = self.run(&args, &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
        ExitCode::from(code)
    }

    /// Runs the command line with these arguments (the first is the program name).
    pub fn run(&self, args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
        let program = args
            .first()
            .and_then(|p| std::path::Path::new(p).file_name())
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.name.clone());
        let rest = args.get(1..).unwrap_or_default();
        if let Some(code) = catalog_command(rest, stdout, stderr) {
            return code;
        }
        #[cfg(feature = "insight")]
        if let Some(code) = crate::insight::insight_command(
            self,
            rest,
            &program,
            &crate::insight::Readers::json(),
            stdout,
            stderr,
        ) {
            return code;
        }
        match parse(rest, false) {
            Ok(inv) if inv.command == Command::Help => {
                let _ = write!(stdout, "{}", usage(&program, None));
                #[cfg(feature = "insight")]
                let _ = write!(stdout, "\n{}", crate::insight::insight_usage(&program, None));
                EXIT_OK
            }
            Ok(inv) => execute(self, &inv, stdout, stderr),
            Err(e) => {
                let _ = writeln!(stderr, "error: {e}\n\n{}", usage(&program, None));
                EXIT_USAGE
            }
        }
    }
}

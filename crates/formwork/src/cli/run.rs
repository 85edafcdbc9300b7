//! Running a parsed command on an app: `synth`, `validate`, `policy`; and
//! [`App::main`], which parses the process's arguments and runs them.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use formwork_rules::report::ReportFormat;
use formwork_rules::{Report, Severity};

use super::style::{human_report, summary};
use super::{Cli, Command, Invocation, Parsed, Style, EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::app::App;

/// Runs a parsed `synth`, `validate` or `policy` on an app; reports go to `stderr`, a
/// template without `--out` to `stdout`. Returns the exit status ([`EXIT_USAGE`] for a
/// [`Command::Other`], which its crate runs).
pub fn execute(app: &App, inv: &Invocation, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    execute_then(app, inv, stdout, stderr, drop)
}

/// [`execute`], handing the synthesis to `done` when the command is finished with it.
/// [`App::main`] passes [`std::mem::forget`]: the process exits right after, and freeing
/// the expanded model's many small allocations one by one took a tenth of a large app's
/// synth.
fn execute_then(
    app: &App,
    inv: &Invocation,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
    done: fn(crate::Synthesis),
) -> u8 {
    #[cfg(feature = "insight")]
    if let Some(code) = super::insight::run(app, inv, &super::insight::Readers::json(), stdout, stderr) {
        return code;
    }
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
    let code = finish(&mut synthesis, inv, stdout, stderr);
    done(synthesis);
    code
}

/// The command's output from a synthesis: a policy, a validation report, or the
/// templates written.
fn finish(
    synthesis: &mut crate::Synthesis,
    inv: &Invocation,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    match &inv.command {
        Command::Synth => {}
        Command::Policy => {
            let text = match inv.report {
                ReportFormat::Json => crate::policy::to_json(&synthesis.expanded),
                _ => crate::policy::to_text(&synthesis.expanded),
            };
            return if stdout.write_all(text.as_bytes()).is_ok() { EXIT_OK } else { EXIT_USAGE };
        }
        Command::Validate => {
            inv.narrow(&mut synthesis.report);
            let n = synthesis.templates.len();
            let what = format!("{n} stack{}", if n == 1 { "" } else { "s" });
            return finish_validate(&synthesis.report, inv, &what, stdout, stderr);
        }
        Command::Other(name) => {
            let _ = writeln!(stderr, "error: `{name}` is not a command of this binary");
            return EXIT_USAGE;
        }
    }
    let _ = write!(stderr, "{}", human_report(&synthesis.report, inv.style));
    if synthesis.report.has_errors() {
        let line = format!("error: {}; nothing written", synthesis.report.summary());
        let _ = writeln!(stderr, "{}", summary(inv.style, Severity::Error, &line));
        return EXIT_INVALID;
    }
    match &inv.out {
        Some(dir) => match synthesis.write_to(dir) {
            Ok(_) => {
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
                EXIT_OK
            }
            Err(e) => {
                let _ = writeln!(stderr, "error: cannot write to {}: {e}", dir.display());
                EXIT_USAGE
            }
        },
        None => match synthesis.templates.as_slice() {
            [one] => {
                let assets =
                    synthesis.assets.iter().filter(|(name, _)| one.text.contains(name.as_str())).count();
                if assets > 0 {
                    let _ = writeln!(
                        stderr,
                        "note: the template refers to {assets} code asset{} that only `--out DIR` writes (to DIR/assets/)",
                        if assets == 1 { "" } else { "s" }
                    );
                }
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
            let _ = write!(stderr, "{}", human_report(report, inv.style));
            if report.has_errors() {
                let line = format!("error: {} in {what}", report.summary());
                let _ = writeln!(stderr, "{}", summary(inv.style, Severity::Error, &line));
            } else {
                let _ = writeln!(stderr, "validated {what}: {}", report.summary());
            }
            Ok(())
        }
        ReportFormat::Json => stdout.write_all(formwork_rules::report::to_json_report(report).as_bytes()),
        ReportFormat::Sarif => stdout.write_all(formwork_rules::report::to_sarif(report).as_bytes()),
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
    /// exit status; call it at the end of `main`. Arguments need not be UTF-8.
    pub fn main(self) -> ExitCode {
        let args: Vec<OsString> = std::env::args_os().collect();
        let (stdout, stderr) = (&mut std::io::stdout().lock(), &mut std::io::stderr().lock());
        let code = match Cli::for_app(&self.name).parse(args, Style::detect(), stdout, stderr) {
            Parsed::Exit(code) => code,
            Parsed::Run(inv) => execute_then(&self, &inv, stdout, stderr, std::mem::forget),
        };
        // The process ends here: the model goes with it, as the synthesis did.
        std::mem::forget(self);
        ExitCode::from(code)
    }

    /// Runs the command line with these arguments (the first is the program name);
    /// reports are plain unless `--color always`. Returns the exit status.
    pub fn run<I, T>(&self, args: I, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        self.run_styled(args, Style::Plain, stdout, stderr)
    }

    /// [`App::run`], with the style `--color auto` means.
    pub fn run_styled<I, T>(&self, args: I, auto: Style, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        match Cli::for_app(&self.name).parse(args, auto, stdout, stderr) {
            Parsed::Exit(code) => code,
            Parsed::Run(inv) => execute(self, &inv, stdout, stderr),
        }
    }
}

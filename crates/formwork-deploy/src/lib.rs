//! formwork-deploy: from a formwork app to running CloudFormation stacks, and back.
//!
//! `deploy` synthesizes and validates the app (refusing on errors, as `synth` does),
//! uploads the content-hashed code assets to S3 (skipping those already there), and
//! creates or updates each stack through a change set, in dependency order: it prints
//! the change set (each resource added, modified — replaced or not — or removed), asks,
//! executes it and shows the stack's events until it settles. `destroy` deletes the
//! stacks in reverse order; CloudFormation keeps resources whose `DeletionPolicy` is
//! `Retain`. Both use the official AWS SDK for Rust, which is why they live here and not
//! in `formwork`, the lean library that build scripts compile.
//!
//! An app binary opts in by depending on this crate and ending `main` with
//! [`main`] instead of `App::main()`; every other command behaves as before:
//!
//! ```no_run
//! use formwork::prelude::*;
//!
//! fn main() -> std::process::ExitCode {
//!     let mut app = App::new("orders");
//!     app.stack("orders").add(Queue::new("Jobs"));
//!     formwork_deploy::main(app) // synth, validate, ..., deploy, destroy
//! }
//! ```
//!
//! The `formwork` binary routes `formwork deploy SPEC` here when it is built with its
//! `deploy` feature (this crate's `spec` feature provides `run_spec`).

mod assets;
mod aws;
pub mod cli;
mod console;
mod deploy;
mod destroy;
mod diagnose;
mod error;
mod exports;
pub mod naming;
pub mod order;
pub mod preview;
mod stack;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use formwork::App;

pub use aws::{load_config, AwsOptions};
pub use cli::{is_deploy_command, usage};
pub use console::Terminal;
pub use error::{Error, FailedResource, EXIT_FAILED, EXIT_INVALID, EXIT_OK, EXIT_USAGE};

/// Runs the app's command line with the process's arguments: `deploy` and `destroy`
/// here, every other command as `App::main()` runs it. Call it at the end of `main`.
pub fn main(app: App) -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let code = run(&app, &args, &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    ExitCode::from(code)
}

/// Runs the command line `args` (the first is the program's name) on an app, looking
/// at the process's terminal; returns the exit status.
pub fn run(app: &App, args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    run_with(app, args, Terminal::detect(), stdout, stderr)
}

/// [`run`], with the terminal given: [`Terminal::none`] prints plain lines and never
/// asks (so `deploy` needs `--yes`).
pub fn run_with(
    app: &App,
    args: &[String],
    terminal: Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let program = program_name(args).unwrap_or_else(|| app.name().to_string());
    let rest = args.get(1..).unwrap_or_default();
    if matches!(rest, [one] if one == "-h" || one == "--help" || one == "help") {
        let text = format!("{}\n{}", formwork::cli::usage(&program, None), usage(&program, None));
        return if stdout.write_all(text.as_bytes()).is_ok() { EXIT_OK } else { EXIT_USAGE };
    }
    if !is_deploy_command(rest) {
        return app.run(args, stdout, stderr);
    }
    match cli::parse(rest, false) {
        Ok(command) if command.help => {
            if stdout.write_all(usage(&program, None).as_bytes()).is_ok() {
                EXIT_OK
            } else {
                EXIT_USAGE
            }
        }
        Ok(command) => cli::execute(app, &command, terminal, stdout, stderr),
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}\n\n{}", usage(&program, None));
            EXIT_USAGE
        }
    }
}

/// `formwork deploy SPEC` and `formwork destroy SPEC`: runs them when `args` (the first
/// is the program's name) is one of them, and returns `None` for any other command.
/// Problems in the spec file exit 1 (2 when it cannot be read), as for `synth`.
#[cfg(feature = "spec")]
pub fn run_spec(args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> Option<u8> {
    run_spec_with(args, Terminal::detect(), stdout, stderr)
}

/// [`run_spec`], with the terminal given.
#[cfg(feature = "spec")]
pub fn run_spec_with(
    args: &[String],
    terminal: Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Option<u8> {
    let rest = args.get(1..).unwrap_or_default();
    if !is_deploy_command(rest) {
        return None;
    }
    let program = program_name(args).unwrap_or_else(|| "formwork".to_string());
    let command = match cli::parse(rest, true) {
        Ok(command) if command.help => {
            let written = stdout.write_all(usage(&program, Some("SPEC")).as_bytes());
            return Some(if written.is_ok() { EXIT_OK } else { EXIT_USAGE });
        }
        Ok(command) => command,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}\n\n{}", usage(&program, Some("SPEC")));
            return Some(EXIT_USAGE);
        }
    };
    let spec = command.invocation.input.clone().unwrap_or_default();
    if std::fs::read_to_string(&spec).is_ok_and(|text| formwork_spec::is_template(&text, &spec)) {
        let _ = writeln!(
            stderr,
            "error: {} is a CloudFormation template; deploy takes a spec file (or an app binary)",
            spec.display()
        );
        return Some(EXIT_USAGE);
    }
    match formwork_spec::load(&spec) {
        Ok(app) => Some(cli::execute(&app, &command, terminal, stdout, stderr)),
        Err(errors) => {
            for e in errors.iter() {
                let _ = writeln!(stderr, "error: {e}");
            }
            if errors.is_read_error() {
                return Some(EXIT_USAGE);
            }
            let n = errors.len();
            let s = if n == 1 { "" } else { "s" };
            let _ = writeln!(stderr, "error: {n} problem{s} in {}; nothing deployed", spec.display());
            Some(EXIT_INVALID)
        }
    }
}

fn program_name(args: &[String]) -> Option<String> {
    args.first().and_then(|p| Path::new(p).file_name()).map(|p| p.to_string_lossy().into_owned())
}

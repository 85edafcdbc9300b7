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
//! `diff --deployed` compares the app with its deployed stacks: each stack's template as
//! deployed (CloudFormation's `GetTemplate`) against what deploy would send now, through
//! the same diff as `diff DIR` (exit 0 no change, 1 changes).
//!
//! The `formwork` binary routes `formwork deploy SPEC` here when it is built with its
//! `deploy` feature: it adds [`subcommands`] (and `diff --deployed`: [`add_to`]) to its
//! command line and hands their invocations to `run_spec` (this crate's `spec` feature).

mod assets;
mod aws;
pub mod cli;
mod console;
mod deploy;
mod deployed;
mod destroy;
mod diagnose;
mod error;
mod exports;
pub mod naming;
pub mod order;
pub mod preview;
mod stack;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

#[cfg(feature = "spec")]
use formwork::cli::Invocation;
use formwork::cli::{Cli, Parsed};
use formwork::App;

pub use aws::{load_config, AwsOptions};
pub use cli::{add_to, subcommands};
pub use console::Terminal;
pub use error::{Error, FailedResource, EXIT_FAILED, EXIT_INVALID, EXIT_OK, EXIT_USAGE};

/// Runs the app's command line with the process's arguments: `deploy`, `destroy` and
/// `diff --deployed` here, every other command as `App::main()` runs it. Call it at the end of `main`.
pub fn main(app: App) -> ExitCode {
    let code = run(&app, std::env::args_os(), &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    ExitCode::from(code)
}

/// Runs the command line `args` (the first is the program's name) on an app, looking
/// at the process's terminal; returns the exit status.
pub fn run<I, T>(app: &App, args: I, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    run_with(app, args, Terminal::detect(), stdout, stderr)
}

/// [`run`], with the terminal given: [`Terminal::none`] prints plain lines and never
/// asks (so `deploy` needs `--yes`).
pub fn run_with<I, T>(
    app: &App,
    args: I,
    terminal: Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = cli::add_to(Cli::for_app(app.name()));
    let invocation = match cli.parse(args, terminal.style(), stdout, stderr) {
        Parsed::Exit(code) => return code,
        Parsed::Run(invocation) => invocation,
    };
    match cli::Command::from_invocation(&invocation) {
        None => formwork::cli::execute(app, &invocation, stdout, stderr),
        Some(Ok(command)) => cli::execute(app, &command, terminal, stdout, stderr),
        Some(Err(problem)) => usage_error(&problem, stderr),
    }
}

/// Prints a usage error that clap could not see, as clap prints its own.
fn usage_error(problem: &str, stderr: &mut dyn Write) -> u8 {
    let _ = writeln!(stderr, "error: {problem}\n\nFor more information, try '--help'.");
    EXIT_USAGE
}

/// `formwork deploy SPEC`, `formwork destroy SPEC` and `formwork diff SPEC --deployed` as
/// parsed by the `formwork` binary's command line (with [`add_to`]): runs them and
/// returns `None` for any other command. Problems in the spec file exit 1 (2 when it
/// cannot be read), as for `synth`.
#[cfg(feature = "spec")]
pub fn run_spec(invocation: &Invocation, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Option<u8> {
    run_spec_with(invocation, Terminal::detect(), stdout, stderr)
}

/// [`run_spec`], with the terminal given.
#[cfg(feature = "spec")]
pub fn run_spec_with(
    invocation: &Invocation,
    terminal: Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Option<u8> {
    let command = match cli::Command::from_invocation(invocation)? {
        Ok(command) => command,
        Err(problem) => return Some(usage_error(&problem, stderr)),
    };
    let spec = command.invocation.input.clone().unwrap_or_default();
    if std::fs::read_to_string(&spec).is_ok_and(|text| formwork_spec::is_template(&text, &spec)) {
        let _ = writeln!(
            stderr,
            "error: {} is a CloudFormation template; {} takes a spec file (or an app binary)",
            spec.display(),
            command.verb()
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

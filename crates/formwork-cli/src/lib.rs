//! The `formwork` command: synthesize and validate spec files, and print their JSON
//! Schema. The command line is `formwork::cli`'s, with a spec file (`SPEC`) after each
//! command, plus `schema` (and `deploy`, `destroy` with the `deploy` feature).
//!
//! ```text
//! formwork synth SPEC [--target sam|cloudformation] [--format yaml|json] [--out DIR]
//!                     [--stack NAME] [--today YYYY-MM-DD] [--account-concurrency N]
//! formwork validate SPEC [--format human|json|sarif] [...]
//! formwork schema
//! formwork completions bash|zsh|fish
//! ```
//!
//! Exit status: 0 written or valid (warnings allowed); 1 validation errors or problems in
//! the spec file, nothing written; 2 usage error, or a file that cannot be read or
//! written.

use std::ffi::OsString;
use std::io::Write;
use std::path::Path;

use formwork::cli::{
    clap, execute, write_out, Cli, Command, Invocation, Parsed, Style, EXIT_INVALID, EXIT_USAGE,
};

/// The positional argument's name in help.
const INPUT: &str = "SPEC";

/// The `formwork` command line: the shared commands with a spec file, `schema`, and
/// `deploy` and `destroy` with the `deploy` feature.
pub fn cli() -> Cli {
    let cli = Cli::new("formwork", env!("CARGO_PKG_VERSION"), Some(INPUT))
        .map(|c| {
            c.about("synthesize and validate spec files into CloudFormation or SAM templates").after_help(
                "SPEC is a YAML spec file, or JSON when its name ends in .json; code directories in it are \
                 relative to its folder. Problems in it exit 1, like validation errors.\n\n\
                 Exit status: 0 ok (warnings allowed), 1 validation errors or problems in the spec file \
                 (nothing written), 2 usage or I/O error, 3 a failed deployment",
            )
        })
        .subcommand(clap::Command::new("schema").about("print the JSON Schema of spec files, for editors"));
    #[cfg(feature = "deploy")]
    let cli = formwork_deploy::cli::subcommands(Some(INPUT)).into_iter().fold(cli, Cli::subcommand);
    cli
}

/// Runs the command line `args` (the first is the program's name) and returns the exit
/// status. Templates and the schema go to `stdout`; reports and errors to `stderr`.
/// Reports are plain unless `--color always`.
pub fn run<I, T>(args: I, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    run_styled(args, Style::Plain, stdout, stderr)
}

/// [`run`], with the style `--color auto` means.
pub fn run_styled<I, T>(args: I, auto: Style, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let invocation = match cli().parse(args, auto, stdout, stderr) {
        Parsed::Exit(code) => return code,
        Parsed::Run(invocation) => invocation,
    };
    match &invocation.command {
        Command::Other(name) if name == "schema" => {
            return write_out(stdout, stderr, &formwork_spec::schema())
        }
        #[cfg(feature = "deploy")]
        Command::Other(name) if name == "deploy" || name == "destroy" => {
            return formwork_deploy::run_spec(&invocation, stdout, stderr).unwrap_or(EXIT_USAGE)
        }
        _ => {}
    }
    let Some(spec) = invocation.input.as_deref() else {
        // every command but `schema` takes a spec file
        let _ = writeln!(stderr, "error: no input file given\n\nFor more information, try '--help'.");
        return EXIT_USAGE;
    };
    if let Ok(text) = std::fs::read_to_string(spec) {
        if formwork_spec::is_template(&text, spec) {
            return validate_template(spec, &text, &invocation, stdout, stderr);
        }
    }
    match formwork_spec::load(spec) {
        Ok(app) => execute(&app, &invocation, stdout, stderr),
        Err(errors) => {
            for e in &errors {
                let _ = writeln!(stderr, "error: {e}");
            }
            if errors.is_read_error() {
                return EXIT_USAGE;
            }
            let n = errors.len();
            let _ = writeln!(
                stderr,
                "error: {n} problem{} in {}; nothing written",
                if n == 1 { "" } else { "s" },
                spec.display()
            );
            EXIT_INVALID
        }
    }
}

/// `formwork validate TEMPLATE`: the rules on a CloudFormation or SAM template that
/// formwork did not write. Findings are located at the file's line and column.
fn validate_template(
    file: &Path,
    text: &str,
    invocation: &Invocation,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    if invocation.command != Command::Validate {
        let _ = writeln!(
            stderr,
            "error: {} is a CloudFormation template, not a spec; `validate` checks templates, `synth` builds them from specs",
            file.display()
        );
        return EXIT_USAGE;
    }
    let template = match formwork_spec::parse_template(text, file) {
        Ok(t) => t,
        Err(errors) => {
            for e in &errors {
                let _ = writeln!(stderr, "error: {e}");
            }
            return EXIT_INVALID;
        }
    };
    let name = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let settings =
        formwork::validate::Settings::new(invocation.today.unwrap_or_else(formwork::Date::today_utc))
            .account_concurrency(
                invocation.account_concurrency.unwrap_or(formwork::DEFAULT_ACCOUNT_CONCURRENCY),
            );
    let mut report = formwork::validate::validate_template(&name, &template, &settings);
    for f in report.findings.iter_mut().chain(report.suppressed.iter_mut()) {
        if let Some(resource) = &f.resource {
            let in_template = match &f.property {
                Some(p) => format!("Resources/{resource}/Properties/{}", p.replace('.', "/")),
                None => format!("Resources/{resource}"),
            };
            let located = formwork_spec::locate_resource(text, resource, f.property.as_deref());
            f.path = match located {
                Some((line, column)) => format!("{}:{line}:{column} ({in_template})", file.display()),
                None => format!("{} ({in_template})", file.display()),
            };
            f.region = located.map(|(line, column)| {
                formwork::validate::Region::new(file.display().to_string(), line, column)
            });
        } else {
            f.path = file.display().to_string();
        }
    }
    report.apply_severities(&invocation.severities, invocation.deny_warnings);
    formwork::cli::finish_validate(&report, invocation, &file.display().to_string(), stdout, stderr)
}

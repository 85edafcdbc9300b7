//! The `formwork` command: synthesize and validate spec files, and print their JSON
//! Schema.
//!
//! ```text
//! formwork synth SPEC [--target sam|cloudformation] [--format yaml|json] [--out DIR]
//!                     [--stack NAME] [--today YYYY-MM-DD] [--account-concurrency N]
//! formwork validate SPEC [same options]
//! formwork schema
//! ```
//!
//! Exit status: 0 written or valid (warnings allowed); 1 validation errors or problems in
//! the spec file, nothing written; 2 usage error, or a file that cannot be read or
//! written.

use std::io::Write;
use std::path::Path;

use formwork::cli::{execute, parse, usage, Command, EXIT_INVALID, EXIT_OK, EXIT_USAGE};

/// The program's name when the arguments do not give one.
const PROGRAM: &str = "formwork";

/// Runs the command line `args` (the first is the program's name) and returns the exit
/// status. Templates and the schema go to `stdout`; reports and errors to `stderr`.
pub fn run(args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let program = args
        .first()
        .and_then(|p| Path::new(p).file_name())
        .map_or_else(|| PROGRAM.to_string(), |p| p.to_string_lossy().into_owned());
    let rest = args.get(1..).unwrap_or_default();
    #[cfg(feature = "deploy")]
    if let Some(code) = formwork_deploy::run_spec(args, stdout, stderr) {
        return code;
    }
    if let Some(code) = formwork::cli::catalog_command(rest, stdout, stderr) {
        return code;
    }
    if rest.first().map(String::as_str) == Some("schema") {
        return schema(&rest[1..], &program, stdout, stderr);
    }
    let invocation = match parse(rest, true) {
        Ok(invocation) => invocation,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}\n\n{}", help(&program));
            return EXIT_USAGE;
        }
    };
    if invocation.command == Command::Help {
        return write_out(stdout, stderr, &help(&program));
    }
    let Some(spec) = invocation.input.as_deref() else {
        // `parse` insists on an input for synth and validate.
        let _ = writeln!(stderr, "error: no input file given\n\n{}", help(&program));
        return EXIT_USAGE;
    };
    if let Ok(text) = formwork_spec::read_input(spec) {
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
    invocation: &formwork::cli::Invocation,
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
    let settings = formwork::validate::Settings {
        today: invocation.today.unwrap_or_else(formwork::Date::today_utc),
        account_concurrency: invocation.account_concurrency.unwrap_or(formwork::DEFAULT_ACCOUNT_CONCURRENCY),
    };
    let mut report = formwork::validate::validate_template(&name, &template, &settings);
    let locator = formwork_spec::TemplateLocator::new(text, file, &template);
    for f in report.findings.iter_mut().chain(report.suppressed.iter_mut()) {
        if let Some(resource) = &f.resource {
            let in_template = match &f.property {
                Some(p) => format!("Resources/{resource}/Properties/{}", p.replace('.', "/")),
                None => format!("Resources/{resource}"),
            };
            let located = locator.locate(resource, f.property.as_deref());
            f.path = match located {
                Some((line, column)) => format!("{}:{line}:{column} ({in_template})", file.display()),
                None => format!("{} ({in_template})", file.display()),
            };
            f.region = located.map(|(line, column)| formwork::validate::Region {
                file: file.display().to_string(),
                line,
                column,
            });
        } else {
            f.path = file.display().to_string();
        }
    }
    report.apply_severities(&invocation.severities, invocation.deny_warnings);
    formwork::cli::finish_validate(&report, invocation, &file.display().to_string(), stdout, stderr)
}

/// `formwork schema`: the JSON Schema of spec files.
fn schema(args: &[String], program: &str, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    match args.first().map(String::as_str) {
        None => write_out(stdout, stderr, &formwork_spec::schema()),
        Some("-h" | "--help") => write_out(stdout, stderr, &help(program)),
        Some(other) => {
            let _ = writeln!(
                stderr,
                "error: unexpected argument `{other}`; `schema` takes none\n\n{}",
                help(program)
            );
            EXIT_USAGE
        }
    }
}

/// The shared usage text, plus what is particular to spec files.
fn help(program: &str) -> String {
    #[cfg(feature = "deploy")]
    let deploy = format!("\n{}", formwork_deploy::cli::usage(program, Some("SPEC")));
    #[cfg(not(feature = "deploy"))]
    let deploy = String::from("\n(deploy and destroy: build with `--features deploy`)\n");
    format!(
        "{}
spec files:
  SPEC is a YAML spec file, or JSON when its name ends in .json; code directories in it
  are relative to its folder. Problems in it exit 1, like validation errors.
  {program} schema   print the JSON Schema of spec files, for editors
{deploy}",
        usage(program, Some("SPEC"))
    )
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

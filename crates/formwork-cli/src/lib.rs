//! The `formwork` command: synthesize and validate spec files, and print their JSON
//! Schema. The command line is `formwork::cli`'s, with a spec file (`SPEC`) after each
//! command, plus `schema` (and `deploy`, `destroy` with the `deploy` feature).
//!
//! ```text
//! formwork synth SPEC [--target sam|cloudformation] [--format yaml|json] [--out DIR]
//!                     [--stack NAME] [--today YYYY-MM-DD] [--account-concurrency N]
//! formwork validate SPEC [--format human|json|sarif] [...]
//! formwork lower TEMPLATE [--format yaml|json]
//! formwork cost SPEC [--workload FILE] [--region R] [--no-free-tier] [--format human|json]
//! formwork graph SPEC|TEMPLATE [--format mermaid|dot]
//! formwork diff SPEC|TEMPLATE DIR|TEMPLATE [--format human|json]
//! formwork diff SPEC --deployed [--profile P] [--region R] [--endpoint-url URL]   (deploy feature)
//! formwork schema
//! formwork init [DIR]
//! formwork new NAME [--kind rust|spec] [--path DIR]
//! formwork completions bash|zsh|fish
//! ```
//!
//! `diff` exits 1 when something changes, 0 when nothing does.
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
use formwork::insight::Readers;

pub mod new;

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
        .subcommand(clap::Command::new("schema").about("print the JSON Schema of spec files, for editors"))
        .subcommand(
            clap::Command::new("init")
                .about("write a new spec project: app.yaml, a handler with its test, a README")
                .arg(
                    clap::Arg::new("dir")
                        .value_name("DIR")
                        .value_parser(clap::value_parser!(std::path::PathBuf))
                        .help(
                            "the project's folder, created if needed; the app is named after it [default: .]",
                        ),
                ),
        )
        .subcommand(new_command())
        .subcommand(lower_command());
    let cli = formwork::insight::subcommands(Some(INPUT)).into_iter().fold(cli, Cli::subcommand);
    #[cfg(feature = "deploy")]
    let cli = formwork_deploy::add_to(cli);
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
        Command::Other(name) if name == "init" => return init(&invocation, stderr),
        Command::Other(name) if name == "new" => return new_project(&invocation, stderr),
        Command::Other(name) if name == "lower" => return lower(&invocation, stdout, stderr),
        #[cfg(feature = "deploy")]
        Command::Other(name) if name == "deploy" || name == "destroy" => {
            return formwork_deploy::run_spec(&invocation, stdout, stderr).unwrap_or(EXIT_USAGE)
        }
        // `diff --deployed`; any other `diff` goes on below
        #[cfg(feature = "deploy")]
        Command::Other(name) if name == "diff" => {
            if let Some(code) = formwork_deploy::run_spec(&invocation, stdout, stderr) {
                return code;
            }
        }
        _ => {}
    }
    let Some(spec) = invocation.input.as_deref() else {
        // every command but `schema` takes a spec file
        let _ = writeln!(stderr, "error: no input file given\n\nFor more information, try '--help'.");
        return EXIT_USAGE;
    };
    let readers = Readers { template: &read_template, workload: &read_workload };
    if let Ok(text) = formwork_spec::read_input(spec) {
        if let Some(parsed) = formwork_spec::read_template(&text, spec) {
            // `graph`, `cost` and `diff` read a hand-written template as it is
            if let (Ok(template), false) = (&parsed, invocation.command == Command::Validate) {
                let name = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                let stacks = [(name, template.clone())].into_iter().collect();
                if let Some(code) = formwork::insight::run_on(&stacks, &invocation, &readers, stdout, stderr)
                {
                    return code;
                }
            }
            return validate_template(spec, &text, parsed, &invocation, stdout, stderr);
        }
    }
    match formwork_spec::load(spec) {
        Ok(app) => formwork::insight::run(&app, &invocation, &readers, stdout, stderr)
            .unwrap_or_else(|| execute(&app, &invocation, stdout, stderr)),
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

/// `formwork init [DIR]`: a new spec project, named after its folder.
fn init(invocation: &Invocation, stderr: &mut dyn Write) -> u8 {
    let dir = invocation.matches.get_one::<std::path::PathBuf>("dir").cloned().unwrap_or_else(|| ".".into());
    match formwork_spec::init(&dir) {
        Ok(written) => {
            for path in &written {
                let _ = writeln!(stderr, "wrote {}", path.display());
            }
            let _ = writeln!(
                stderr,
                "next: formwork synth {} --target sam --out out",
                dir.join("app.yaml").display()
            );
            formwork::cli::EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            EXIT_USAGE
        }
    }
}

/// `formwork new NAME [--kind rust|spec] [--path DIR]`.
fn new_command() -> clap::Command {
    clap::Command::new("new")
        .about("write a new project: a Rust app crate (the default) or a spec project")
        .after_help(
            "The Rust crate is the README's getting-started app: Cargo.toml, src/main.rs (a queue, its \
             dead-letter queue, a table and a Python function), functions/worker/app.py, a README and a \
             .gitignore; `cargo run -- synth --target sam --out out` in it synthesizes without a finding. \
             The spec project is what `formwork init` writes.",
        )
        .arg(
            clap::Arg::new("name")
                .value_name("NAME")
                .required(true)
                .value_parser(clap::value_parser!(std::path::PathBuf))
                .help("the project's folder, created if needed; the crate and the app are named after it"),
        )
        .arg(clap::Arg::new("kind").long("kind").value_name("KIND").value_parser(["rust", "spec"]).help(
            "rust: a binary crate that builds the app with formwork's builders; spec: an app.yaml \
                       for the formwork binary [default: rust]",
        ))
        .arg(
            clap::Arg::new("path")
                .long("path")
                .value_name("DIR")
                .value_parser(clap::value_parser!(std::path::PathBuf))
                .help(
                    "the formwork clone the crate depends on, by path [default: the clone this binary \
                       was built from, else the published crate]",
                ),
        )
}

/// `formwork new NAME`: a Rust app crate or a spec project.
fn new_project(invocation: &Invocation, stderr: &mut dyn Write) -> u8 {
    let matches = &invocation.matches;
    let Some(dir) = matches.get_one::<std::path::PathBuf>("name").cloned() else {
        let _ = writeln!(stderr, "error: no NAME given\n\nFor more information, try '--help'.");
        return EXIT_USAGE;
    };
    let kind = match matches.get_one::<String>("kind").map(String::as_str) {
        Some("spec") => new::Kind::Spec,
        _ => new::Kind::Rust,
    };
    let path = matches.get_one::<std::path::PathBuf>("path");
    if kind == new::Kind::Spec && path.is_some() {
        let _ = writeln!(
            stderr,
            "error: --path is for --kind rust (a spec project needs only the formwork binary)\n\n\
             For more information, try '--help'."
        );
        return EXIT_USAGE;
    }
    let dependency = match path {
        Some(path) => new::Dependency::Clone(std::path::absolute(path).unwrap_or_else(|_| path.clone())),
        None => new::Dependency::default_for_this_binary(),
    };
    match new::create(&dir, kind, &dependency) {
        Ok(written) => {
            for path in &written {
                let _ = writeln!(stderr, "wrote {}", path.display());
            }
            let next = match kind {
                new::Kind::Rust => {
                    format!("cd {} && cargo run -- synth --target sam --out out", dir.display())
                }
                new::Kind::Spec => {
                    format!("formwork synth {} --target sam --out out", dir.join("app.yaml").display())
                }
            };
            let _ = writeln!(stderr, "next: {next}");
            formwork::cli::EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            EXIT_USAGE
        }
    }
}

/// `formwork lower TEMPLATE`: its own positional argument and `--format yaml|json`.
fn lower_command() -> clap::Command {
    clap::Command::new("lower")
        .about("print the CloudFormation a SAM or CloudFormation template stands for, as validate reads it")
        .after_help(
            "SAM resources are lowered to the resources the SAM transform makes of them, under the \
             transform's logical ids (MyFunctionRole, ServerlessRestApi, MyFunctionAliaslive, ...); \
             logical ids the transform derives from a content hash get a hash of formwork's own.",
        )
        .arg(
            clap::Arg::new("input")
                .value_name("TEMPLATE")
                .required(true)
                .value_parser(clap::value_parser!(std::path::PathBuf))
                .help("a SAM or CloudFormation template, YAML or JSON"),
        )
        .arg(
            clap::Arg::new("format")
                .long("format")
                .value_name("FORMAT")
                .value_parser(["yaml", "json"])
                .help("yaml (short-form tags) or json [default: yaml]"),
        )
}

/// `formwork lower TEMPLATE`: the lowered template on stdout; problems reading it exit 1
/// (2 when the file cannot be read).
fn lower(invocation: &Invocation, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let Some(file) = invocation.input.as_deref() else {
        let _ = writeln!(stderr, "error: no input file given\n\nFor more information, try '--help'.");
        return EXIT_USAGE;
    };
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            let _ = writeln!(stderr, "error: cannot read {}: {e}", file.display());
            return EXIT_USAGE;
        }
    };
    match formwork_spec::lower_template(&text, file) {
        Ok(template) => {
            let out = match invocation.format {
                formwork::Format::Json => template.to_json(),
                _ => template.to_yaml(),
            };
            write_out(stdout, stderr, &out)
        }
        Err(errors) => {
            for e in &errors {
                let _ = writeln!(stderr, "error: {e}");
            }
            EXIT_INVALID
        }
    }
}

/// A template of an earlier `--out` folder, YAML or JSON.
fn read_template(file: &Path) -> Result<formwork_template::Template, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    formwork_spec::parse_template(&text, file)
        .map_err(|errors| errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))
}

/// A workload file, YAML or JSON (by its extension).
fn read_workload(file: &Path) -> Result<formwork_insight::cost::Workload, Vec<String>> {
    let text = std::fs::read_to_string(file).map_err(|e| vec![format!("cannot read it: {e}")])?;
    let value: serde_json::Value = if file.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).map_err(|e| vec![e.to_string()])?
    } else {
        serde_yaml::from_str(&text).map_err(|e| vec![e.to_string()])?
    };
    formwork_insight::cost::Workload::from_json(&value).map_err(|e| e.problems)
}

/// `formwork validate TEMPLATE`: the rules on a CloudFormation or SAM template that
/// formwork did not write. Findings are located at the file's line and column.
fn validate_template(
    file: &Path,
    text: &str,
    parsed: Result<formwork_template::Template, formwork_spec::SpecErrors>,
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
    let template = match parsed {
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

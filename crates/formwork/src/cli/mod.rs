//! The command line shared by every app binary ([`App::main`](crate::App::main)), the
//! `formwork` binary and `formwork-deploy`: `synth`, `validate`, `policy`, `explain`,
//! `rules` and `completions`, on clap's builder API. Behind the default `cli` feature, so
//! a build script that turns default features off compiles no argument parser.
//!
//! Exit status: [`EXIT_OK`] 0 written or valid (warnings allowed), [`EXIT_INVALID`] 1
//! validation errors (nothing written), [`EXIT_USAGE`] 2 usage or I/O error; deploy adds
//! 3 for a failed deployment.
//!
//! # Adding a command
//!
//! A crate that adds a command builds a [`clap::Command`] from the shared argument groups
//! ([`synth_args`], [`model_args`], [`rule_args`], [`input_arg`], ...), hands it to
//! [`Cli::subcommand`], and runs it when [`Cli::parse`] returns an [`Invocation`] whose
//! [`command`](Invocation::command) is [`Command::Other`] with its name. The shared
//! options are already read into the invocation; its own are in
//! [`matches`](Invocation::matches). Help, `--version`, suggestions for typos, usage
//! errors and shell completions need nothing more.
//!
//! ```
//! use formwork::cli::{self, clap, Cli, Command, Parsed};
//! use formwork::prelude::*;
//!
//! let mut app = App::new("orders");
//! app.stack("orders").add(Queue::new("Jobs"));
//!
//! let count = clap::Command::new("count").about("count the stacks").args(cli::model_args());
//! let cli = Cli::for_app("orders").subcommand(count);
//! let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
//! let code = match cli.parse(["orders", "count"], cli::Style::Plain, &mut stdout, &mut stderr) {
//!     Parsed::Exit(code) => code,
//!     Parsed::Run(inv) if inv.command == Command::Other("count".into()) => {
//!         stdout.extend(format!("{}\n", app.stacks().len()).bytes());
//!         cli::EXIT_OK
//!     }
//!     Parsed::Run(inv) => cli::execute(&app, &inv, &mut stdout, &mut stderr),
//! };
//! assert_eq!((code, stdout), (0, b"1\n".to_vec()));
//! ```

#[cfg(feature = "insight")]
pub mod insight;
mod run;
mod style;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

pub use clap;
use clap::builder::PossibleValuesParser;
use clap::{Arg, ArgAction, ArgMatches};

pub use run::{execute, finish_validate};
pub use style::{human_report, Color, Style};

use formwork_rules::report::ReportFormat;
use formwork_rules::Date;
use formwork_rules::{catalog, Report, Severity};

use crate::app::App;
use crate::synth::{Format, SynthOptions, Target};

/// Exit status: success.
pub const EXIT_OK: u8 = 0;
/// Exit status: validation errors; nothing was written.
pub const EXIT_INVALID: u8 = 1;
/// Exit status: usage or I/O error.
pub const EXIT_USAGE: u8 = 2;

/// What the exit statuses mean, for the end of `--help`.
const EXIT_HELP: &str =
    "Exit status: 0 ok (warnings allowed), 1 validation errors (nothing written), 2 usage or I/O error";

/// Which command an [`Invocation`] runs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Command {
    /// Validate, then write the templates.
    Synth,
    /// Validate only.
    Validate,
    /// Print every function's permissions and why it has each.
    Policy,
    /// A command another crate added with [`Cli::subcommand`], by name.
    Other(String),
}

/// A parsed command line: the command, and the options the commands share.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Invocation {
    /// The command.
    pub command: Command,
    /// The positional input file (the `formwork` binary's spec file).
    pub input: Option<PathBuf>,
    /// `--target`. Default: CloudFormation.
    pub target: Target,
    /// `--format yaml|json`: the template's format. Default: YAML.
    pub format: Format,
    /// `--out`. Default: none (the template goes to stdout).
    pub out: Option<PathBuf>,
    /// `--stack`. Default: every stack.
    pub stack: Option<String>,
    /// `--today`. Default: none (today, UTC).
    pub today: Option<Date>,
    /// `--account-concurrency`. Default: none (the app's).
    pub account_concurrency: Option<u32>,
    /// `--format human|json|sarif`: the report's format. Default: human.
    pub report: ReportFormat,
    /// `--severity CODE=error|warning`, in order, with the rule's canonical code.
    pub severities: Vec<(String, Severity)>,
    /// `--deny warnings`. Default: no.
    pub deny_warnings: bool,
    /// Whether human reports are coloured (`--color`, `NO_COLOR`, a terminal).
    pub style: Style,
    /// The command's own matches, for the options a [`Command::Other`] adds.
    pub matches: ArgMatches,
}

impl Invocation {
    /// An invocation of `command` with every option at its default.
    pub fn new(command: Command) -> Invocation {
        Invocation {
            command,
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
            style: Style::Plain,
            matches: ArgMatches::default(),
        }
    }

    /// Reads the shared options from a command's matches; options the command does not
    /// define keep their defaults.
    pub fn from_matches(command: Command, matches: &ArgMatches, style: Style) -> Invocation {
        let mut inv = Invocation::new(command);
        inv.input = get(matches, "input");
        inv.target = get(matches, "target").unwrap_or_default();
        inv.out = get(matches, "out");
        inv.stack = get(matches, "stack");
        inv.today = get(matches, "today");
        inv.account_concurrency = get(matches, "account-concurrency");
        match get::<String>(matches, "format").as_deref() {
            Some("yaml" | "yml") => inv.format = Format::Yaml,
            // a JSON template for synth, a JSON report for validate and policy
            Some("json") => {
                inv.format = Format::Json;
                inv.report = ReportFormat::Json;
            }
            Some("sarif") => inv.report = ReportFormat::Sarif,
            _ => {}
        }
        inv.severities = matches
            .try_get_many::<(String, Severity)>("severity")
            .ok()
            .flatten()
            .map(|values| values.cloned().collect())
            .unwrap_or_default();
        inv.deny_warnings = get::<String>(matches, "deny").is_some();
        inv.style = match get::<Color>(matches, "color") {
            Some(color) => color.resolve(style),
            None => style,
        };
        inv.matches = matches.clone();
        inv
    }

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

    /// Keeps only the findings about the `--stack` stack (and those about the whole app),
    /// so `validate --stack a` is not failed by another stack's findings.
    pub fn narrow(&self, report: &mut Report) {
        if let Some(name) = &self.stack {
            let keep = |f: &formwork_rules::Finding| f.stack.is_empty() || &f.stack == name;
            report.findings.retain(keep);
            report.suppressed.retain(keep);
        }
    }
}

/// A value of an option the matches may not define.
fn get<T: Clone + Send + Sync + 'static>(matches: &ArgMatches, id: &str) -> Option<T> {
    matches.try_get_one::<T>(id).ok().flatten().cloned()
}

/// The positional input file, named `name` in help (`SPEC`).
pub fn input_arg(name: &'static str) -> Arg {
    Arg::new("input")
        .value_name(name)
        .required(true)
        .value_parser(clap::value_parser!(PathBuf))
        .help("the spec file (YAML, or JSON when its name ends in .json), or a template to validate")
}

/// `--target sam|cloudformation`.
pub fn target_arg() -> Arg {
    Arg::new("target")
        .long("target")
        .value_name("TARGET")
        .value_parser(|text: &str| match text {
            "sam" => Ok(Target::Sam),
            "cloudformation" | "cfn" => Ok(Target::CloudFormation),
            _ => Err("expected sam or cloudformation"),
        })
        .help("template kind: sam or cloudformation [default: cloudformation]")
}

/// `--format yaml|json`: a template's format.
pub fn template_format_arg() -> Arg {
    format_arg(&["yaml", "yml", "json"], "template format: yaml or json [default: yaml]")
}

/// `--format human|json|sarif`: a validation report's format.
pub fn report_format_arg() -> Arg {
    format_arg(&["human", "json", "sarif"], "report format [default: human]")
}

/// `--format` with these values.
fn format_arg(values: &'static [&'static str], help: &'static str) -> Arg {
    Arg::new("format")
        .long("format")
        .value_name("FORMAT")
        .value_parser(PossibleValuesParser::new(values.iter().copied()))
        .help(help)
}

/// `--out DIR`.
pub fn out_arg() -> Arg {
    Arg::new("out").long("out").value_name("DIR").value_parser(clap::value_parser!(PathBuf)).help(
        "write DIR/<stack>.<format> and the code assets to DIR/assets/ [default: the template to stdout]",
    )
}

/// `--stack NAME`, `--today YYYY-MM-DD`, `--account-concurrency N`: which stacks, and the
/// facts the rules are judged on.
pub fn model_args() -> [Arg; 3] {
    [
        Arg::new("stack")
            .long("stack")
            .value_name("NAME")
            .help("only this stack (needed on stdout when there are several)"),
        Arg::new("today")
            .long("today")
            .value_name("YYYY-MM-DD")
            .value_parser(|text: &str| Date::parse(text).ok_or("not a date like 2026-11-29"))
            .help("judge runtime lifecycles on this day [default: today, UTC]"),
        Arg::new("account-concurrency")
            .long("account-concurrency")
            .value_name("N")
            .value_parser(clap::value_parser!(u32))
            .help("the account's concurrency limit [default: the app's, 1000]"),
    ]
}

/// `--severity CODE=error|warning` (repeatable) and `--deny warnings`.
pub fn rule_args() -> [Arg; 2] {
    [
        Arg::new("severity")
            .long("severity")
            .value_name("CODE=LEVEL")
            .action(ArgAction::Append)
            .value_parser(parse_severity)
            .help("change a rule's severity to error or warning (repeatable)"),
        Arg::new("deny")
            .long("deny")
            .value_name("WHAT")
            .value_parser(["warnings"])
            .help("`--deny warnings`: treat every warning as an error"),
    ]
}

/// `--target`, `--format yaml|json` and [`model_args`] and [`rule_args`]: what `synth`
/// and `deploy` share.
pub fn synth_args() -> Vec<Arg> {
    let mut args = vec![target_arg(), template_format_arg()];
    args.extend(model_args());
    args.extend(rule_args());
    args
}

/// Reads `CODE=error|warning`, with a known rule code or name.
fn parse_severity(text: &str) -> Result<(String, Severity), String> {
    let (code, level) = text.split_once('=').ok_or("expected CODE=error or CODE=warning")?;
    let rule = catalog::rule(code).ok_or_else(|| unknown_rule(code))?;
    let severity = match level {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        other => return Err(format!("unknown severity `{other}`; expected error or warning")),
    };
    Ok((rule.code.to_string(), severity))
}

/// The outcome of [`Cli::parse`].
#[derive(Debug)]
pub enum Parsed {
    /// The command line was handled (help, version, a usage error, `explain`, `rules`,
    /// `completions`): exit with this status.
    Exit(u8),
    /// A command to run on an app.
    Run(Box<Invocation>),
}

/// The command line: the shared commands plus those other crates add.
#[derive(Debug, Clone)]
pub struct Cli {
    command: clap::Command,
    input: Option<&'static str>,
}

impl Cli {
    /// The command line of the app binary of the app `name`: no input file;
    /// `--version` prints the app's name and formwork's version.
    pub fn for_app(name: &str) -> Cli {
        let cli = Cli::new(name.to_string(), concat!("(formwork ", env!("CARGO_PKG_VERSION"), ")"), None)
            .map(|c| c.about("synthesize, validate and explain this app's CloudFormation or SAM templates"));
        #[cfg(feature = "insight")]
        let cli = insight::subcommands(None).into_iter().fold(cli, Cli::subcommand);
        cli
    }

    /// A command line named `name` (in help; usage shows the program's own name) at
    /// `version`; `input` names the positional input file of `synth`, `validate` and
    /// `policy`, if they take one.
    pub fn new(
        name: impl Into<clap::builder::Str>,
        version: impl Into<clap::builder::Str>,
        input: Option<&'static str>,
    ) -> Cli {
        let with_input = |cmd: clap::Command| match input {
            Some(name) => cmd.arg(input_arg(name)),
            None => cmd,
        };
        let synth = clap::Command::new("synth")
            .about("validate, then write the templates (to stdout without --out)")
            .args(synth_args())
            .arg(out_arg());
        let validate = clap::Command::new("validate")
            .about("validate only; print every finding")
            .arg(target_arg())
            .arg(report_format_arg())
            .args(model_args())
            .args(rule_args());
        let policy = clap::Command::new("policy")
            .about("every function's permissions, and which construct put each there")
            .arg(target_arg())
            .arg(format_arg(&["human", "json"], "output format [default: human]"))
            .args(model_args());
        let command = clap::Command::new(name)
            .version(version)
            .propagate_version(true)
            .subcommand_required(true)
            .arg_required_else_help(true)
            .after_help(EXIT_HELP)
            .arg(
                Arg::new("color")
                    .long("color")
                    .value_name("WHEN")
                    .global(true)
                    .value_parser(|text: &str| match text {
                        "auto" => Ok(Color::Auto),
                        "always" => Ok(Color::Always),
                        "never" => Ok(Color::Never),
                        _ => Err("expected auto, always or never"),
                    })
                    .help(
                        "colour human reports: auto (on a terminal, unless NO_COLOR is set), always, never",
                    ),
            )
            .subcommand(with_input(synth))
            .subcommand(with_input(validate))
            .subcommand(with_input(policy))
            .subcommand(
                clap::Command::new("explain").about("what a rule checks, why, and how to fix it").arg(
                    Arg::new("code")
                        .value_name("CODE")
                        .required(true)
                        .help("a rule code or name, e.g. FW204"),
                ),
            )
            .subcommand(clap::Command::new("rules").about("every rule, as Markdown (docs/rules.md)"))
            .subcommand(
                clap::Command::new("completions").about("print a shell completion script").arg(
                    Arg::new("shell")
                        .value_name("SHELL")
                        .required(true)
                        .value_parser(clap::value_parser!(clap_complete::Shell)),
                ),
            );
        Cli { command, input }
    }

    /// Adds a command, built from the shared argument groups and its own.
    #[must_use]
    pub fn subcommand(mut self, command: clap::Command) -> Cli {
        self.command = self.command.subcommand(command);
        self
    }

    /// Changes the whole clap command, e.g. to add text to the help.
    #[must_use]
    pub fn map(mut self, f: impl FnOnce(clap::Command) -> clap::Command) -> Cli {
        self.command = f(self.command);
        self
    }

    /// The name of the positional input file, if the commands take one.
    pub fn input(&self) -> Option<&'static str> {
        self.input
    }

    /// Parses `args` (the first is the program's name). Help and `--version` go to
    /// `stdout`; a usage error (the problem, and one line pointing at `--help`) to
    /// `stderr`. `explain`, `rules` and `completions` run here. `auto` is the style of
    /// human reports under `--color auto`.
    pub fn parse<I, T>(
        mut self,
        args: I,
        auto: Style,
        stdout: &mut dyn Write,
        stderr: &mut dyn Write,
    ) -> Parsed
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let matches = match self.command.try_get_matches_from_mut(args) {
            Ok(matches) => matches,
            Err(e) => return Parsed::Exit(usage_error(&e, stdout, stderr)),
        };
        let Some((name, sub)) = matches.subcommand() else {
            // `subcommand_required` makes this unreachable; say so rather than panic.
            let _ = writeln!(stderr, "error: no command given\n\nFor more information, try '--help'.");
            return Parsed::Exit(EXIT_USAGE);
        };
        let command = match name {
            "synth" => Command::Synth,
            "validate" => Command::Validate,
            "policy" => Command::Policy,
            "explain" => {
                let code = get::<String>(sub, "code").unwrap_or_default();
                return Parsed::Exit(explain(&code, stdout, stderr));
            }
            "rules" => return Parsed::Exit(write_out(stdout, stderr, &catalog::markdown())),
            "completions" => {
                let Some(shell) = get::<clap_complete::Shell>(sub, "shell") else {
                    return Parsed::Exit(EXIT_USAGE);
                };
                let bin = self.command.get_bin_name().unwrap_or(self.command.get_name()).to_string();
                let mut script = Vec::new();
                clap_complete::generate(shell, &mut self.command, bin, &mut script);
                return Parsed::Exit(write_out(stdout, stderr, &String::from_utf8_lossy(&script)));
            }
            other => Command::Other(other.to_string()),
        };
        Parsed::Run(Box::new(Invocation::from_matches(command, sub, auto)))
    }
}

/// Prints a clap error: help and version to `stdout` (exit 0), a usage error to
/// `stderr` as the problem and one line pointing at `--help` (exit 2).
fn usage_error(e: &clap::Error, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    use clap::error::ErrorKind;
    let text = e.render().to_string();
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => write_out(stdout, stderr, &text),
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = write!(stderr, "{text}");
            EXIT_USAGE
        }
        _ => {
            // clap adds a usage paragraph between the problem and the pointer at --help.
            let mut kept = Vec::new();
            let mut in_usage = false;
            for line in text.lines() {
                if line.starts_with("Usage:") {
                    in_usage = true;
                } else if in_usage && line.is_empty() {
                    in_usage = false;
                    continue;
                }
                if !in_usage {
                    kept.push(line);
                }
            }
            let _ = writeln!(stderr, "{}", kept.join("\n").trim_end());
            EXIT_USAGE
        }
    }
}

/// What to say about a code that names no rule: the nearest rule, or where the list is.
fn unknown_rule(code: &str) -> String {
    match code.parse::<formwork_rules::RuleCode>() {
        Err(formwork_rules::UnknownRule { suggestion: Some(s), .. }) => {
            format!("no rule `{code}`; did you mean `{s}`?")
        }
        _ => format!("no rule `{code}`; `rules` lists them all"),
    }
}

/// `explain CODE`.
fn explain(code: &str, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    match catalog::rule(code) {
        Some(rule) => write_out(stdout, stderr, &catalog::explain(rule)),
        None => {
            let _ = writeln!(stderr, "error: {}", unknown_rule(code));
            EXIT_USAGE
        }
    }
}

/// Writes `text` to stdout; a failed write (a closed pipe) is an I/O error.
pub fn write_out(stdout: &mut dyn Write, stderr: &mut dyn Write, text: &str) -> u8 {
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(stderr, "error: cannot write to stdout: {e}");
            EXIT_USAGE
        }
    }
}

//! The `deploy` and `destroy` commands: added to formwork's command line
//! ([`formwork::cli::Cli::subcommand`]) with the synthesis options they share with `synth`
//! and their own, and running them; and `diff --deployed`, which compares the app with
//! its deployed stacks ([`add_to`] adds it to `diff`).

use std::io::Write;
use std::time::Duration;

use formwork::cli::clap::{self, Arg, ArgAction};
use formwork::cli::{Cli, Invocation, EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use formwork::App;

use crate::aws::AwsOptions;
use crate::console::{Console, Terminal};
use crate::order::{deploy_order, destroy_order};
use crate::{deploy, destroy};

/// Longest wait for one stack when `--timeout` is not given.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// Which command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Deploy,
    Destroy,
    /// `diff --deployed`.
    Diff,
}

/// A parsed `deploy`, `destroy` or `diff --deployed` command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Command {
    pub(crate) kind: Kind,
    /// The options shared with `synth` (and the spec file, for the `formwork` binary).
    pub(crate) invocation: Invocation,
    pub(crate) aws: AwsOptions,
    pub(crate) bucket: Option<String>,
    pub(crate) yes: bool,
    pub(crate) dry_run: bool,
    pub(crate) timeout: Duration,
    /// `diff --format json`.
    pub(crate) json: bool,
}

/// Adds `deploy` and `destroy` ([`subcommands`]) to a command line, and `--deployed`
/// with its AWS options to its `diff` (when it has one): `diff --deployed` compares the
/// app with its deployed stacks instead of a folder or a template.
pub fn add_to(cli: Cli) -> Cli {
    let cli = subcommands(cli.input()).into_iter().fold(cli, Cli::subcommand);
    cli.map(|c| if c.find_subcommand("diff").is_some() { c.mut_subcommand("diff", deployed_diff) } else { c })
}

/// `diff`'s `DIR|TEMPLATE` made optional and `--deployed`, `--profile`, `--region` and
/// `--endpoint-url` added.
fn deployed_diff(diff: clap::Command) -> clap::Command {
    diff.about("what changes against an earlier --out folder, a template, or the deployed stacks (--deployed); exit 1 when something does")
        .mut_arg("against", |a| a.required(false).required_unless_present("deployed"))
        .arg(
            Arg::new("deployed")
                .long("deployed")
                .action(ArgAction::SetTrue)
                .conflicts_with("against")
                .help("compare with the deployed stacks (<app>-<stack>), read with GetTemplate"),
        )
        .args(aws_args())
}

/// `--profile`, `--region`, `--endpoint-url`.
fn aws_args() -> [Arg; 3] {
    [
        Arg::new("profile")
            .long("profile")
            .value_name("NAME")
            .help("AWS profile [default: AWS_PROFILE, then `default`]"),
        Arg::new("region")
            .long("region")
            .value_name("REGION")
            .help("AWS region [default: AWS_REGION, then the profile's region]"),
        Arg::new("endpoint-url")
            .long("endpoint-url")
            .value_name("URL")
            .help("one endpoint for every AWS service, e.g. a local emulator"),
    ]
}

/// The `deploy` and `destroy` commands, to add to a [`formwork::cli::Cli`]; `input`
/// names the positional spec file, if the binary takes one.
pub fn subcommands(input: Option<&'static str>) -> [clap::Command; 2] {
    let [profile, region, endpoint_url] = aws_args();
    let aws = [
        profile,
        region,
        endpoint_url,
        Arg::new("yes")
            .long("yes")
            .short('y')
            .action(ArgAction::SetTrue)
            .help("do not ask before changing anything (needed without a terminal)"),
        Arg::new("dry-run")
            .long("dry-run")
            .action(ArgAction::SetTrue)
            .help("print the change sets, or what destroy deletes; change nothing"),
        Arg::new("timeout")
            .long("timeout")
            .value_name("DURATION")
            .value_parser(parse_duration)
            .help("longest wait for one stack: 90s, 30m, 1h [default: 30m]"),
        // only to say that `synth --out` is the command that writes files
        formwork::cli::out_arg().hide(true),
    ];
    let with_input = |cmd: clap::Command| match input {
        Some(name) => cmd.arg(formwork::cli::input_arg(name)),
        None => cmd,
    };
    let deploy = clap::Command::new("deploy")
        .about("synthesize, validate, upload the code assets and deploy each stack through a change set")
        .args(formwork::cli::synth_args())
        .args(aws.clone())
        .arg(
            Arg::new("bucket")
                .long("bucket")
                .value_name("NAME")
                .help("an existing bucket for the code assets [default: formwork-assets-<account>-<region>, created when missing]"),
        )
        .after_help(EXIT_HELP);
    let destroy = clap::Command::new("destroy")
        .about("delete the stacks in reverse dependency order, keeping retained resources")
        .args(formwork::cli::model_args())
        .args(aws)
        .after_help(EXIT_HELP);
    [with_input(deploy), with_input(destroy)]
}

/// What the exit statuses of deploy and destroy mean, for the end of their help.
const EXIT_HELP: &str = "CloudFormation stack names are <app>-<stack>.

Exit status: 0 done, no changes, or previewed; 1 validation errors (nothing deployed); \
2 usage or I/O error, or not confirmed; 3 AWS refused a request, a stack failed and was \
rolled back, or a wait ran out of time";

/// Parses a duration with [`formwork::Duration::parse`]: `90` or `90s`, `30m`, `1h`, `1d`.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let seconds = formwork::Duration::parse(text)
        .ok_or_else(|| format!("`{text}` is not a duration like 90s, 30m or 1h"))?
        .as_secs();
    if seconds == 0 {
        return Err("must be longer than 0s".into());
    }
    Ok(Duration::from_secs(seconds))
}

impl Command {
    /// `deploy`, `destroy` or `diff --deployed`, for messages.
    pub(crate) fn verb(&self) -> &'static str {
        match self.kind {
            Kind::Deploy => "deploy",
            Kind::Destroy => "destroy",
            Kind::Diff => "diff --deployed",
        }
    }

    /// The `deploy`, `destroy` or `diff --deployed` command of a parsed invocation; `None`
    /// for another command (`diff DIR` included), an error message for a mistake clap
    /// cannot see.
    pub(crate) fn from_invocation(invocation: &Invocation) -> Option<Result<Command, String>> {
        let kind = match &invocation.command {
            formwork::cli::Command::Other(name) if name == "deploy" => Kind::Deploy,
            formwork::cli::Command::Other(name) if name == "destroy" => Kind::Destroy,
            formwork::cli::Command::Other(name) if name == "diff" => {
                let m = &invocation.matches;
                if m.try_get_one::<bool>("deployed").ok().flatten() == Some(&true) {
                    Kind::Diff
                } else if let Some(aws) =
                    ["profile", "region", "endpoint-url"].into_iter().find(|id| m.contains_id(id))
                {
                    return Some(Err(format!("--{aws} goes with --deployed; diff DIR|TEMPLATE reads files")));
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        if invocation.out.is_some() {
            return Some(Err(
                "deploy and destroy write no files; `synth --out DIR` writes the templates".into()
            ));
        }
        let m = &invocation.matches;
        let text = |id: &str| m.try_get_one::<String>(id).ok().flatten().cloned();
        let flag = |id: &str| m.try_get_one::<bool>(id).ok().flatten().copied().unwrap_or(false);
        Some(Ok(Command {
            kind,
            invocation: invocation.clone(),
            aws: AwsOptions {
                profile: text("profile"),
                region: text("region"),
                endpoint_url: text("endpoint-url"),
            },
            bucket: text("bucket"),
            yes: flag("yes"),
            dry_run: flag("dry-run"),
            timeout: m.try_get_one::<Duration>("timeout").ok().flatten().copied().unwrap_or(DEFAULT_TIMEOUT),
            // (deploy's `--format` is the template's)
            json: kind == Kind::Diff && text("format").as_deref() == Some("json"),
        }))
    }
}

/// Runs a parsed command on an app; returns the exit status.
pub(crate) fn execute(
    app: &App,
    command: &Command,
    terminal: Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    if command.kind == Kind::Diff {
        return diff(app, command, stdout, stderr);
    }
    let mut console = Console::new(stdout, stderr, terminal);
    let verb = command.verb();
    if !command.yes && !command.dry_run && !terminal.interactive {
        console.warn(&format!(
            "error: {verb} asks before it changes anything, and there is no terminal to ask on; pass --yes to {verb} without asking, or --dry-run to see what it would do"
        ));
        return EXIT_USAGE;
    }
    let inv = &command.invocation;
    let mut app = app.clone();
    if let Some(n) = inv.account_concurrency {
        app = app.account_concurrency(n);
    }
    if let Some(problem) = inv.unknown_stack(&app) {
        console.warn(&problem);
        return EXIT_USAGE;
    }
    let mut synthesis = app.synthesize(&inv.synth_options());
    let selected = |order: Vec<String>| -> Vec<String> {
        order.into_iter().filter(|s| inv.stack.as_ref().is_none_or(|only| only == s)).collect()
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            console.warn(&format!("error: cannot start the async runtime: {e}"));
            return EXIT_USAGE;
        }
    };
    let result = match command.kind {
        Kind::Deploy => {
            synthesis.report.apply_severities(&inv.severities, inv.deny_warnings);
            console.report(&formwork::cli::human_report(&synthesis.report, inv.style));
            if synthesis.report.has_errors() {
                console.warn(&format!("error: {}; nothing deployed", synthesis.report.summary()));
                return EXIT_INVALID;
            }
            let settings = deploy::Settings {
                aws: command.aws.clone(),
                bucket: command.bucket.clone(),
                yes: command.yes,
                dry_run: command.dry_run,
                timeout: command.timeout,
                target: inv.target,
                format: inv.format,
            };
            let order = selected(deploy_order(&synthesis.expanded));
            runtime.block_on(deploy::deploy(app.name(), &synthesis, &order, &settings, &mut console))
        }
        // (`diff` returned above)
        Kind::Destroy | Kind::Diff => {
            let settings = destroy::Settings {
                aws: command.aws.clone(),
                yes: command.yes,
                dry_run: command.dry_run,
                timeout: command.timeout,
            };
            let order = selected(destroy_order(&synthesis.expanded));
            runtime.block_on(destroy::destroy(
                app.name(),
                &synthesis.expanded,
                &order,
                &settings,
                &mut console,
            ))
        }
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => {
            console.end_status();
            console.warn(&format!("error: {e}"));
            e.exit_code()
        }
    }
}

/// `diff --deployed`: the app's templates (errors in the model end it, as for `diff`)
/// against the deployed ones; exit 0 when nothing changes, 1 when something does, and
/// deploy's statuses for what goes wrong on the way.
fn diff(app: &App, command: &Command, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let inv = &command.invocation;
    if let Some(problem) = inv.unknown_stack(app) {
        let _ = writeln!(stderr, "{problem}");
        return EXIT_USAGE;
    }
    let options = inv.synth_options().target(formwork::Target::CloudFormation).format(formwork::Format::Yaml);
    let synthesis = app.synthesize(&options);
    if synthesis.report.has_errors() {
        let _ = write!(stderr, "{}", formwork::cli::human_report(&synthesis.report, inv.style));
        return EXIT_INVALID;
    }
    let stacks: Vec<&formwork::expand::Expanded> = synthesis
        .expanded
        .iter()
        .filter(|e| inv.stack.as_ref().is_none_or(|only| only == &e.stack))
        .collect();
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            let _ = writeln!(stderr, "error: cannot start the async runtime: {e}");
            return EXIT_USAGE;
        }
    };
    let sides = match runtime.block_on(crate::deployed::sides(app.name(), &stacks, &command.aws, stderr)) {
        Ok(sides) => sides,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            return e.exit_code();
        }
    };
    let d = formwork_insight::diff::diff(&sides.deployed, &sides.new);
    let text = if command.json { d.to_json() } else { d.to_text() };
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) if d.has_changes() => EXIT_INVALID,
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(stderr, "error: cannot write to stdout: {e}");
            EXIT_USAGE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use formwork::cli::{Cli, Parsed, Style};

    fn parse(line: &str, input: Option<&'static str>) -> Result<Command, String> {
        let cli = subcommands(input).into_iter().fold(Cli::new("t", "0", input), Cli::subcommand);
        let args = std::iter::once("t").chain(line.split_whitespace());
        let (mut out, mut err) = (Vec::new(), Vec::new());
        match cli.parse(args, Style::Plain, &mut out, &mut err) {
            Parsed::Run(inv) => Command::from_invocation(&inv).unwrap_or(Err("not deploy".into())),
            Parsed::Exit(code) => Err(format!("exit {code}: {}", String::from_utf8_lossy(&err))),
        }
    }

    #[test]
    fn deploy_options_are_read_and_the_rest_goes_to_formwork() {
        let c = parse(
            "deploy --stack api --profile dev --region eu-west-1 --endpoint-url http://127.0.0.1:5000 --bucket b --yes --dry-run --timeout 5m --today 2026-11-29 --target=sam",
            None,
        )
        .unwrap();
        assert_eq!(c.kind, Kind::Deploy);
        assert_eq!(c.aws.profile.as_deref(), Some("dev"));
        assert_eq!(c.aws.region.as_deref(), Some("eu-west-1"));
        assert_eq!(c.aws.endpoint_url.as_deref(), Some("http://127.0.0.1:5000"));
        assert_eq!(c.bucket.as_deref(), Some("b"));
        assert!(c.yes && c.dry_run);
        assert_eq!(c.timeout, Duration::from_secs(300));
        assert_eq!(c.invocation.stack.as_deref(), Some("api"));
        assert_eq!(c.invocation.target, formwork::Target::Sam);
        assert_eq!(c.invocation.today, formwork::Date::parse("2026-11-29"));
        let c = parse("destroy --yes", None).unwrap();
        assert_eq!((c.kind, c.timeout, c.yes, c.dry_run), (Kind::Destroy, DEFAULT_TIMEOUT, true, false));
    }

    #[test]
    fn mistakes_are_usage_errors() {
        assert!(parse("deploy --out dir", None).unwrap_err().contains("synth --out"));
        assert!(parse("deploy --timeout soon", None).is_err());
        assert!(parse("deploy --timeout 0", None).unwrap_err().contains("longer than 0s"));
        assert!(parse("deploy --region", None).unwrap_err().contains("a value is required"));
        assert!(parse("destroy --bucket b", None).is_err());
        assert!(parse("destroy --target sam", None).is_err());
        assert!(parse("deploy", Some("SPEC")).unwrap_err().contains("<SPEC>"));
        assert_eq!(
            parse("deploy app.yaml --yes", Some("SPEC")).unwrap().invocation.input,
            Some("app.yaml".into())
        );
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert!(parse_duration("99999999999999999h").is_err(), "an overflow is a mistake, not a panic");
    }
}

//! The `deploy` and `destroy` command lines: their own options, the synthesis options
//! they share with `synth` (parsed by [`formwork::cli::parse`]), and running them.

use std::io::Write;
use std::time::Duration;

use formwork::cli::{Invocation, EXIT_INVALID, EXIT_OK, EXIT_USAGE};
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
}

/// A parsed `deploy` or `destroy` command line.
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
    /// `-h` or `--help`.
    pub(crate) help: bool,
}

/// Whether the arguments after the program's name are a `deploy` or `destroy` command.
pub fn is_deploy_command(args: &[String]) -> bool {
    matches!(args.first().map(String::as_str), Some("deploy" | "destroy"))
}

/// The usage of `deploy` and `destroy`, to follow the usage of the other commands.
/// `input` names the positional argument, if the binary takes one.
pub fn usage(program: &str, input: Option<&str>) -> String {
    let arg = input.map(|i| format!(" {i}")).unwrap_or_default();
    format!(
        "deploy and destroy:
  {program} deploy{arg} [--stack NAME] [--profile P] [--region R] [--endpoint-url URL]
      [--bucket NAME] [--yes] [--dry-run] [--timeout 30m] [--target ...] [--today ...]
             synthesize and validate (refusing on errors, as synth does), upload the
             code assets to S3, then create or update each stack through a change set,
             in dependency order: print the change set, ask, execute, watch it settle
  {program} destroy{arg} [--stack NAME] [--profile P] [--region R] [--endpoint-url URL]
      [--yes] [--dry-run] [--timeout 30m]
             delete the stacks in reverse dependency order; resources whose
             DeletionPolicy is Retain, and the assets bucket, are kept

  --profile NAME        AWS profile (default: AWS_PROFILE, then `default`)
  --region REGION       AWS region (default: AWS_REGION, then the profile's region)
  --endpoint-url URL    one endpoint for every AWS service, e.g. a local emulator
  --bucket NAME         an existing bucket for the code assets (default:
                        formwork-assets-<account>-<region>, created when missing)
  --yes                 do not ask before changing anything (needed without a terminal)
  --dry-run             print the change sets, or what destroy deletes; change nothing
  --timeout DURATION    longest wait for one stack: 90s, 30m, 1h (default: 30m)
  CloudFormation stack names are <app>-<stack>.

exit status of deploy and destroy: 0 done, no changes, or previewed; 1 validation
errors (nothing deployed); 2 usage or I/O error, or not confirmed; 3 AWS refused a
request, a stack failed and was rolled back, or a wait ran out of time
"
    )
}

/// Parses a duration: `90` or `90s`, `30m`, `1h`.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let (number, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, "s"),
    };
    let n: u64 = number.parse().map_err(|_| format!("`{text}` is not a duration like 90s, 30m or 1h"))?;
    let seconds = match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        _ => return Err(format!("`{text}` is not a duration like 90s, 30m or 1h")),
    };
    if seconds == 0 {
        return Err("--timeout must be longer than 0s".into());
    }
    Ok(Duration::from_secs(seconds))
}

/// Parses the arguments after the program's name, which start with `deploy` or
/// `destroy`. `takes_input` says whether a spec file follows the command.
pub(crate) fn parse(args: &[String], takes_input: bool) -> Result<Command, String> {
    let kind = match args.first().map(String::as_str) {
        Some("deploy") => Kind::Deploy,
        Some("destroy") => Kind::Destroy,
        _ => return Err("expected deploy or destroy".into()),
    };
    let mut command = Command {
        kind,
        invocation: formwork::cli::parse(&["synth".to_string()], false)?,
        aws: AwsOptions::default(),
        bucket: None,
        yes: false,
        dry_run: false,
        timeout: DEFAULT_TIMEOUT,
        help: false,
    };
    // formwork's own parser reads the options `synth` has; the rest are read here.
    let mut shared = vec!["synth".to_string()];
    let mut iter = args[1..].iter();
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| iter.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => command.help = true,
            "--profile" => command.aws.profile = Some(value("--profile")?),
            "--region" => command.aws.region = Some(value("--region")?),
            "--endpoint-url" => command.aws.endpoint_url = Some(value("--endpoint-url")?),
            "--bucket" if kind == Kind::Deploy => command.bucket = Some(value("--bucket")?),
            "--yes" | "-y" => command.yes = true,
            "--dry-run" => command.dry_run = true,
            "--timeout" => command.timeout = parse_duration(&value("--timeout")?)?,
            "--out" => {
                return Err("deploy and destroy write no files; `synth --out DIR` writes the templates".into())
            }
            _ => shared.push(arg.clone()),
        }
    }
    if command.help {
        return Ok(command);
    }
    command.invocation = formwork::cli::parse(&shared, takes_input)?;
    if kind == Kind::Destroy && command.invocation.target != formwork::Target::default() {
        return Err("destroy takes no --target: it deletes the stacks whatever template made them".into());
    }
    Ok(command)
}

/// Runs a parsed command on an app; returns the exit status.
pub(crate) fn execute(
    app: &App,
    command: &Command,
    terminal: Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let mut console = Console::new(stdout, stderr, terminal);
    let verb = if command.kind == Kind::Deploy { "deploy" } else { "destroy" };
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
            console.report(&synthesis.report.to_string());
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
        Kind::Destroy => {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn deploy_options_are_read_and_the_rest_goes_to_formwork() {
        let c = parse(
            &args("deploy --stack api --profile dev --region eu-west-1 --endpoint-url http://127.0.0.1:5000 --bucket b --yes --dry-run --timeout 5m --today 2026-11-29 --target sam"),
            false,
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
    }

    #[test]
    fn mistakes_are_usage_errors() {
        assert!(parse(&args("deploy --out dir"), false).unwrap_err().contains("synth --out"));
        assert!(parse(&args("deploy --timeout soon"), false).is_err());
        assert!(parse(&args("deploy --timeout 0"), false).is_err());
        assert!(parse(&args("deploy --region"), false).unwrap_err().contains("needs a value"));
        assert!(parse(&args("destroy --bucket b"), false).is_err());
        assert!(parse(&args("destroy --target sam"), false).is_err());
        assert!(parse(&args("deploy"), true).unwrap_err().contains("input"));
        assert_eq!(
            parse(&args("deploy app.yaml --yes"), true).unwrap().invocation.input,
            Some("app.yaml".into())
        );
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
    }
}

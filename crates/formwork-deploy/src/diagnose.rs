//! Errors that name their cause: a profile that does not exist (and where it was looked
//! for), credentials no source could give (and which sources were tried), an endpoint
//! that cannot be reached, and access denied (which action on which resource, when AWS
//! says), each with the command that fixes it.

use std::path::PathBuf;

use aws_credential_types::provider::error::CredentialsError;

use crate::error::Error;

/// The environment as the SDK reads it (a closure, so tests can give their own).
pub(crate) type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment.
pub(crate) fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The shared config and credentials files, where the SDK looks for them.
pub(crate) fn profile_files(env: Env<'_>) -> (PathBuf, PathBuf) {
    let home = env("HOME").or_else(|| env("USERPROFILE")).unwrap_or_default();
    let aws = PathBuf::from(home).join(".aws");
    let config = env("AWS_CONFIG_FILE").map_or_else(|| aws.join("config"), PathBuf::from);
    let credentials =
        env("AWS_SHARED_CREDENTIALS_FILE").map_or_else(|| aws.join("credentials"), PathBuf::from);
    (config, credentials)
}

/// A profile found in the files: its name and the keys of its section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Profile {
    pub(crate) name: String,
    pub(crate) keys: Vec<String>,
}

/// The profiles of a config file (`[profile NAME]`, `[default]`) or a credentials file
/// (`[NAME]`), in file order; the same name twice is merged.
pub(crate) fn profiles(text: &str, config_file: bool) -> Vec<Profile> {
    let mut out: Vec<Profile> = Vec::new();
    let mut current: Option<usize> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.starts_with(';') || line.is_empty() {
            continue;
        }
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let header = header.trim();
            let name = if config_file {
                match header.strip_prefix("profile ") {
                    Some(n) => Some(n.trim()),
                    None if header == "default" => Some("default"),
                    None => None, // [sso-session x], [services x]
                }
            } else {
                Some(header)
            };
            current = name.map(|n| match out.iter().position(|p| p.name == n) {
                Some(i) => i,
                None => {
                    out.push(Profile { name: n.to_string(), keys: Vec::new() });
                    out.len() - 1
                }
            });
            continue;
        }
        if let (Some(i), Some((key, _))) = (current, line.split_once('=')) {
            out[i].keys.push(key.trim().to_string());
        }
    }
    out
}

/// The profile the SDK will use, and what named it: `--profile`, or `AWS_PROFILE`.
pub(crate) fn chosen_profile(option: Option<&str>, env: Env<'_>) -> Option<(String, &'static str)> {
    match option {
        Some(p) => Some((p.to_string(), "--profile")),
        None => env("AWS_PROFILE").map(|p| (p, "AWS_PROFILE")),
    }
}

/// Checks that a profile named by `--profile` or `AWS_PROFILE` exists in the config or
/// credentials file (the SDK would otherwise fall through to instance metadata and fail
/// with a message about it).
pub(crate) fn check_profile(option: Option<&str>, env: Env<'_>) -> Result<(), Error> {
    let Some((name, named_by)) = chosen_profile(option, env) else { return Ok(()) };
    let (config, credentials) = profile_files(env);
    let read = |p: &PathBuf| std::fs::read_to_string(p).unwrap_or_default();
    let mut known: Vec<String> = profiles(&read(&config), true).into_iter().map(|p| p.name).collect();
    for p in profiles(&read(&credentials), false) {
        if !known.contains(&p.name) {
            known.push(p.name);
        }
    }
    if known.contains(&name) {
        return Ok(());
    }
    Err(Error::ProfileNotFound { profile: name, named_by, files: vec![config, credentials], known })
}

/// Why no credentials could be had, with the sources tried and the command that fixes it.
pub(crate) fn credentials_error(e: &CredentialsError, option: Option<&str>, env: Env<'_>) -> Error {
    let profile = chosen_profile(option, env).map(|(p, _)| p);
    let (config, credentials) = profile_files(env);
    let set = |v: &str| if env(v).is_some() { "set" } else { "not set" };
    let shown = profile.as_deref().unwrap_or("default");
    let mut tried = vec![
        format!("environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY ({})", set("AWS_ACCESS_KEY_ID")),
        format!("profile `{shown}` in {} and {}", config.display(), credentials.display()),
        format!("web identity token (AWS_WEB_IDENTITY_TOKEN_FILE {})", set("AWS_WEB_IDENTITY_TOKEN_FILE")),
        format!(
            "container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI {}, AWS_CONTAINER_CREDENTIALS_FULL_URI {})",
            set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
            set("AWS_CONTAINER_CREDENTIALS_FULL_URI")
        ),
    ];
    if env("AWS_EC2_METADATA_DISABLED").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        tried.push("EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)".into());
    } else {
        tried.push("EC2 instance metadata (IMDS)".into());
    }
    let cause = chain(e);
    let sso = {
        let text = std::fs::read_to_string(&config).unwrap_or_default();
        let keys =
            profiles(&text, true).into_iter().find(|p| p.name == shown).map(|p| p.keys).unwrap_or_default();
        keys.iter().any(|k| k.starts_with("sso_")) || cause.to_ascii_lowercase().contains("sso")
    };
    let flag = profile.as_deref().map(|p| format!(" --profile {p}")).unwrap_or_default();
    let help = if sso {
        format!("sign in again: aws sso login{flag}")
    } else if matches!(e, CredentialsError::ProviderTimedOut(_)) {
        "a credential source did not answer in time; check the network, or give credentials another way (aws configure, AWS_ACCESS_KEY_ID)".into()
    } else {
        format!("store keys for it with `aws configure{flag}`, set up single sign-on with `aws configure sso{flag}`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
    };
    Error::Credentials { profile, tried, cause, help }
}

/// An error and its sources, each once: `dispatch failure: io error: connection refused`.
pub(crate) fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(e);
    while let Some(error) = next {
        let text = error.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = error.source();
    }
    parts.join(": ")
}

/// Whether a service error code means access denied.
pub(crate) fn is_access_denied(code: &str) -> bool {
    matches!(
        code,
        "AccessDenied"
            | "AccessDeniedException"
            | "UnauthorizedOperation"
            | "AuthorizationError"
            | "Forbidden"
    )
}

/// The action and resource an access-denied message names, when it names them:
/// `User: arn:... is not authorized to perform: cloudformation:CreateChangeSet on
/// resource: arn:aws:cloudformation:...:stack/x/* because ...`.
pub(crate) fn denied_action(message: &str) -> (Option<String>, Option<String>) {
    let after = |marker: &str| {
        message.split_once(marker).map(|(_, rest)| {
            rest.trim_start().split(|c: char| c.is_whitespace() || c == ',').next().unwrap_or("").to_string()
        })
    };
    let action = after("not authorized to perform:").filter(|a| a.contains(':'));
    let resource = after("on resource:").filter(|r| !r.is_empty());
    (action, resource)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn profiles_of_config_and_credentials_files() {
        let config = "[default]\nregion = eu-west-1\n\n[profile dev]\nsso_session = corp\nsso_account_id = 1\n[sso-session corp]\nsso_start_url = https://x\n";
        let names: Vec<String> = profiles(config, true).into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["default", "dev"]);
        assert_eq!(profiles(config, true)[1].keys, ["sso_session", "sso_account_id"]);
        let credentials = "[ci]\naws_access_key_id = AKIA\n";
        assert_eq!(profiles(credentials, false)[0].name, "ci");
    }

    #[test]
    fn a_missing_profile_names_itself_the_files_and_the_profiles_there_are() {
        let dir = std::env::temp_dir().join(format!("formwork-diagnose-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let config = dir.join("config");
        std::fs::write(&config, "[profile staging]\nregion = eu-west-1\n").unwrap();
        let config_path: &'static str = Box::leak(config.display().to_string().into_boxed_str());
        let missing: &'static str = Box::leak(dir.join("none").display().to_string().into_boxed_str());
        let pairs: &'static [(&'static str, &'static str)] = Box::leak(
            vec![("AWS_CONFIG_FILE", config_path), ("AWS_SHARED_CREDENTIALS_FILE", missing)]
                .into_boxed_slice(),
        );
        let env = env_of(pairs);
        let e = check_profile(Some("dev"), &env).unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with("profile `dev` (from --profile) is not in "), "{text}");
        assert!(text.contains(config_path) && text.contains(missing), "{text}");
        assert!(text.contains("profiles there: staging"), "{text}");
        assert!(text.contains("aws configure --profile dev"), "{text}");
        assert!(text.contains("aws configure sso --profile dev"), "{text}");
        assert!(check_profile(Some("staging"), &env).is_ok());
        assert!(check_profile(None, &env).is_ok(), "no profile named: the SDK's chain decides");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn credentials_errors_list_the_sources_tried_and_the_fix() {
        let env = env_of(&[("AWS_EC2_METADATA_DISABLED", "true"), ("HOME", "/home/u")]);
        let e = credentials_error(
            &CredentialsError::not_loaded("no providers in chain provided credentials"),
            Some("dev"),
            &env,
        );
        let Error::Credentials { profile, tried, help, .. } = &e else { panic!("{e:?}") };
        assert_eq!(profile.as_deref(), Some("dev"));
        assert_eq!(tried.len(), 5);
        assert!(tried[0].ends_with("(not set)"), "{tried:?}");
        assert_eq!(tried[1], "profile `dev` in /home/u/.aws/config and /home/u/.aws/credentials");
        assert_eq!(tried[4], "EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)");
        assert!(help.contains("aws configure --profile dev"), "{help}");
        let text = e.to_string();
        assert!(text.contains("no credentials for profile `dev`"), "{text}");
        assert!(text.contains("\n  tried: environment variables"), "{text}");

        let sso = credentials_error(
            &CredentialsError::provider_error("the SSO session has expired or is invalid"),
            Some("dev"),
            &env,
        );
        assert!(sso.to_string().contains("aws sso login --profile dev"), "{sso}");
        let slow =
            credentials_error(&CredentialsError::provider_timed_out(Duration::from_secs(5)), None, &env);
        assert!(slow.to_string().contains("did not answer in time"), "{slow}");
    }

    #[test]
    fn access_denied_names_the_action_and_the_resource() {
        let message = "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudformation:CreateChangeSet on resource: arn:aws:cloudformation:eu-west-1:123456789012:stack/app-jobs/* because no identity-based policy allows the cloudformation:CreateChangeSet action";
        assert_eq!(
            denied_action(message),
            (
                Some("cloudformation:CreateChangeSet".into()),
                Some("arn:aws:cloudformation:eu-west-1:123456789012:stack/app-jobs/*".into())
            )
        );
        assert_eq!(denied_action("Access Denied"), (None, None));
        assert!(is_access_denied("AccessDenied") && !is_access_denied("ValidationError"));
    }
}

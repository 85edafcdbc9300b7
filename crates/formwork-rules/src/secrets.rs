//! Credentials written into functions' environment variables (FW130): AWS access keys,
//! private keys and the common API token formats. A value in the template is readable by
//! anyone who can read the template, the stack or the function's configuration.
//!
//! Hand-written matchers over bytes (no regular expression crate in the library): each
//! looks for a fixed prefix and the characters its format allows after it, bounded on
//! both sides so that a prefix inside a longer word is not a match.

use formwork_template::Value;
use formwork_template::{Intrinsic, Template};

use super::catalog;
use super::finding::Finding;

/// The kinds of credential FW130 recognizes, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// `AKIA…` (long-term) or `ASIA…` (temporary) followed by 16 upper-case letters or digits.
    AwsAccessKeyId,
    /// 40 characters of `[A-Za-z0-9/+]` with upper, lower and digits, under a name that
    /// says secret or beside an access key id.
    AwsSecretAccessKey,
    /// A PEM block `-----BEGIN … PRIVATE KEY-----`.
    PrivateKey,
    /// `ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` + 36 characters, or `github_pat_` + 22 or more.
    GitHubToken,
    /// `xoxb-`, `xoxp-`, `xoxa-`, `xoxr-`, `xoxs-` + 10 or more characters.
    SlackToken,
    /// `sk_live_` or `rk_live_` + 16 or more characters (test keys are not secrets).
    StripeLiveKey,
    /// `AIza` + 35 characters.
    GoogleApiKey,
}

impl Credential {
    /// What it is, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Credential::AwsAccessKeyId => "an AWS access key id",
            Credential::AwsSecretAccessKey => "an AWS secret access key",
            Credential::PrivateKey => "a private key",
            Credential::GitHubToken => "a GitHub token",
            Credential::SlackToken => "a Slack token",
            Credential::StripeLiveKey => "a Stripe live secret key",
            Credential::GoogleApiKey => "a Google API key",
        }
    }
}

fn upper_or_digit(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

fn token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Whether `text` holds `prefix` at a word start, followed by at least `min` (and, when
/// `exact`, exactly `min`) characters that `allowed` accepts.
fn prefixed(text: &str, prefix: &str, allowed: fn(u8) -> bool, min: usize, exact: bool) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find(prefix)) {
        let start = from + found;
        let after = start + prefix.len();
        from = start + 1;
        if start > 0 && token_char(bytes[start - 1]) {
            continue;
        }
        let run = bytes[after..].iter().take_while(|b| allowed(**b)).count();
        let ends_word = bytes.get(after + run).is_none_or(|b| !token_char(*b));
        if run >= min && (!exact || run == min) && ends_word {
            return true;
        }
    }
    false
}

/// Whether the whole value has the shape of an AWS secret access key.
fn secret_key_shaped(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 40
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'/' || *c == b'+')
        && b.iter().any(u8::is_ascii_uppercase)
        && b.iter().any(u8::is_ascii_lowercase)
        && b.iter().any(u8::is_ascii_digit)
}

fn access_key_id(value: &str) -> bool {
    ["AKIA", "ASIA"].iter().any(|p| prefixed(value, p, upper_or_digit, 16, true))
}

/// The credential a value looks like, if any. `name` is the variable's name;
/// `beside_access_key` says whether another variable of the function holds an access key id.
pub fn detect(name: &str, value: &str, beside_access_key: bool) -> Option<Credential> {
    if access_key_id(value) {
        return Some(Credential::AwsAccessKeyId);
    }
    let named_secret = name.to_ascii_uppercase().contains("SECRET");
    if secret_key_shaped(value) && (named_secret || beside_access_key) {
        return Some(Credential::AwsSecretAccessKey);
    }
    if value.contains("-----BEGIN ") && value.contains("PRIVATE KEY-----") {
        return Some(Credential::PrivateKey);
    }
    let github = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"].iter().any(|p| prefixed(value, p, alnum, 36, true))
        || prefixed(value, "github_pat_", |b| alnum(b) || b == b'_', 22, false);
    if github {
        return Some(Credential::GitHubToken);
    }
    let slack = ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"]
        .iter()
        .any(|p| prefixed(value, p, |b| alnum(b) || b == b'-', 10, false));
    if slack {
        return Some(Credential::SlackToken);
    }
    if ["sk_live_", "rk_live_"].iter().any(|p| prefixed(value, p, alnum, 16, false)) {
        return Some(Credential::StripeLiveKey);
    }
    if prefixed(value, "AIza", |b| alnum(b) || b == b'_' || b == b'-', 35, true) {
        return Some(Credential::GoogleApiKey);
    }
    None
}

/// The literal text of a value: a string, or the template string of a `Fn::Sub`.
fn literal(value: &Value) -> Option<&str> {
    if let Some(s) = value.as_str() {
        return Some(s);
    }
    match value.as_intrinsic()? {
        Intrinsic::Sub { template, .. } => Some(template.as_str()),
        _ => None,
    }
}

pub(super) fn check(template: &Template, out: &mut Vec<Finding>) {
    for (id, r) in &template.resources {
        if r.resource_type != "AWS::Lambda::Function" {
            continue;
        }
        let Some(vars) =
            r.properties.get("Environment").and_then(|e| e.get("Variables")).and_then(Value::as_map)
        else {
            continue;
        };
        let beside_access_key = vars.values().filter_map(literal).any(access_key_id);
        for (key, value) in vars {
            let Some(text) = literal(value) else { continue };
            let Some(kind) = detect(key, text, beside_access_key) else { continue };
            out.push(Finding::new(
                &catalog::SECRET_IN_ENVIRONMENT,
                id,
                Some(&format!("Environment.Variables.{key}")),
                format!(
                    "environment variable `{key}` of `{id}` holds what looks like {}; anyone who can read the template, the stack or the function's configuration can read it",
                    kind.describe()
                ),
                "store the value in a Secrets Manager secret, put the secret's ARN in this variable and grant the function `secretsmanager:GetSecretValue` on that secret (an AWS key: use the function's role instead); then rotate the exposed credential".into(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Made-up values in each format; none is a real credential.
    const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    #[test]
    fn each_format_is_recognized_and_named() {
        use Credential::*;
        let cases: &[(&str, &str, Credential)] = &[
            ("KEY", "AKIAIOSFODNN7EXAMPLE", AwsAccessKeyId),
            ("KEY", "ASIAY34FZKBOKMUTVV7A", AwsAccessKeyId),
            ("CREDS", "id=AKIAIOSFODNN7EXAMPLE;", AwsAccessKeyId),
            ("AWS_SECRET", SECRET_KEY, AwsSecretAccessKey),
            ("DB_SECRET_KEY", SECRET_KEY, AwsSecretAccessKey),
            ("PEM", "-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----", PrivateKey),
            ("PEM", "-----BEGIN PRIVATE KEY-----abc", PrivateKey),
            ("PEM", "-----BEGIN OPENSSH PRIVATE KEY-----", PrivateKey),
            ("GH", "ghp_0123456789abcdefghijABCDEFGHIJ012345", GitHubToken),
            ("GH", "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", GitHubToken),
            ("SLACK", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", SlackToken),
            ("SLACK", "xoxp-1234567890-abcdef", SlackToken),
            ("STRIPE", "sk_live_51Hx0123456789abcdefABCDEF", StripeLiveKey),
            ("STRIPE", "rk_live_0123456789abcdefXYZ", StripeLiveKey),
            ("MAPS", "AIzaSyA0123456789abcdefghijklmnopqrstuv", GoogleApiKey),
        ];
        for (name, value, kind) in cases {
            assert_eq!(detect(name, value, false), Some(*kind), "{name}={value}");
        }
        // The secret key shape alone counts beside an access key id.
        assert_eq!(detect("OTHER", SECRET_KEY, true), Some(AwsSecretAccessKey));
        assert_eq!(detect("OTHER", SECRET_KEY, false), None);
    }

    #[test]
    fn realistic_values_that_are_not_secrets_pass() {
        let quiet: &[(&str, &str)] = &[
            ("QUEUE_ARN", "arn:aws:sqs:eu-west-1:123456789012:OrderJobs"),
            ("ROLE", "arn:aws:iam::123456789012:role/service-role/AKIA-importer"),
            ("SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf"),
            ("SECRET_NAME", "prod/orders/database"),
            ("SECRET_ID", "0123456789abcdef0123456789abcdef01234567"),
            ("TABLE_NAME", "orders-table"),
            ("API_URL", "https://api.example.com/v1/orders?limit=10"),
            ("BUCKET", "s3://my-bucket/uploads/2026/"),
            ("STRIPE_KEY", "sk_test_51Hx0123456789abcdefABCDEF"),
            ("STRIPE_PUBLISHABLE", "pk_live_51Hx0123456789abcdefABCDEF"),
            ("REQUEST_ID", "6f1c1a9e-3b2d-4c1e-9a7b-2d4e5f6a7b8c"),
            ("COMMIT", "9fceb02d0ae598e95dc970b74767f19372d61af8"),
            ("LOG_LEVEL", "INFO"),
            ("POWERTOOLS_SERVICE_NAME", "orders"),
            ("PREFIX", "AKIA"),
            ("LONGER", "XAKIAIOSFODNN7EXAMPLE"),
            ("LONGER2", "AKIAIOSFODNN7EXAMPLEX"),
            ("GH_ORG", "ghp_short"),
            ("SLACK_CHANNEL", "#xoxb-alerts"),
            ("PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----\nMIIB...\n-----END PUBLIC KEY-----"),
            ("SECRET_PLACEHOLDER", "REPLACE_ME_WITH_A_SECRET_ARN_FROM_ENVIRONMENT"),
            ("BASE64_CONFIG", "eyJ0YWJsZSI6Im9yZGVycyIsInJlZ2lvbiI6ImV1In0="),
            ("MAPS_REGION", "AIza-short"),
        ];
        for (name, value) in quiet {
            assert_eq!(detect(name, value, false), None, "{name}={value}");
        }
    }
}

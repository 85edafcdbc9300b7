//! FW130: credentials in environment variables, in synthesized templates and in
//! templates written by hand.

use formwork::prelude::*;
use formwork_template::Value;

use crate::support::{app, findings, function, set, template, template_codes};

#[test]
fn a_credential_in_an_environment_value_is_an_error_at_its_key() {
    let a = app(|s| {
        let t = s.add(Table::new("Orders", Key::new("id", AttributeType::String)));
        s.add(
            function("Leaky")
                .env("TABLE_NAME", t.name())
                .env("TABLE_ARN", t.arn())
                .env("STRIPE_KEY", "sk_live_51Hx0123456789abcdefABCDEF")
                .env("SIGNING_KEY", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----")
                .env("DOCS_URL", "https://docs.example.com/orders"),
        );
    });
    let found = findings(&a);
    let at: Vec<(&str, &str)> = found.iter().map(|f| (f.code, f.path.as_str())).collect();
    assert_eq!(
        at,
        [
            ("FW130", "stack test / function Leaky / env STRIPE_KEY"),
            ("FW130", "stack test / function Leaky / env SIGNING_KEY")
        ]
    );
    assert!(found[0].message.contains("a Stripe live secret key"), "{}", found[0].message);
    assert!(found[1].message.contains("a private key"), "{}", found[1].message);
    assert!(!found[0].message.contains("sk_live_51Hx"), "the message must not repeat the secret");
    assert!(found[0].help.contains("Secrets Manager secret"), "{}", found[0].help);
}

#[test]
fn an_aws_key_pair_is_caught_by_its_shape_and_its_neighbour() {
    let a = app(|s| {
        s.add(
            function("Pair")
                .env("KEY_ID", "AKIAIOSFODNN7EXAMPLE")
                .env("KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        );
        // The same 40 characters alone, under a name that does not say secret: quiet.
        s.add(function("Alone").env("CHECKSUM", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    });
    let found = findings(&a);
    let what: Vec<(&str, bool)> =
        found.iter().map(|f| (f.path.as_str(), f.message.contains("secret access key"))).collect();
    assert_eq!(
        what,
        [("stack test / function Pair / env KEY_ID", false), ("stack test / function Pair / env KEY", true)]
    );
}

#[test]
fn hand_written_templates_are_checked_too_and_sub_strings_count() {
    let mut t = template(&app(|s| {
        s.add(function("Hand").env("MODE", "live"));
    }));
    assert_eq!(template_codes(&t), Vec::<&str>::new());
    let env = |k: &str, v: Value| Value::map([("Variables", Value::map([(k, v)]))]);
    set(
        &mut t,
        "Hand",
        "Environment",
        env("HOOK", Value::sub("https://hooks.slack.com/?t=xoxb-0123456789-abcdefABCDEF&r=${AWS::Region}")),
    );
    assert_eq!(template_codes(&t), ["FW130"]);
    set(
        &mut t,
        "Hand",
        "Environment",
        env("HOOK", Value::sub("arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:alerts")),
    );
    assert_eq!(template_codes(&t), Vec::<&str>::new());
}

/// The hand-written matchers against regular expressions for the same formats
/// (regex-lite as the reference), over generated values: prefixes dropped into runs of
/// characters drawn from the formats' own alphabets, next to separators.
#[test]
fn the_matchers_agree_with_regular_expressions() {
    use formwork::validate::secrets::{detect, Credential};
    use regex_lite::Regex;
    // Word boundaries as the matchers see them: not after or before [A-Za-z0-9_-].
    let edge = |body: &str| Regex::new(&format!("(?:^|[^A-Za-z0-9_-]){body}(?:$|[^A-Za-z0-9_-])")).unwrap();
    let reference: Vec<(Credential, Vec<Regex>)> = vec![
        (Credential::AwsAccessKeyId, vec![edge("(?:AKIA|ASIA)[A-Z0-9]{16}")]),
        (
            Credential::PrivateKey,
            vec![Regex::new("-----BEGIN ").unwrap(), Regex::new("PRIVATE KEY-----").unwrap()],
        ),
        (Credential::GitHubToken, vec![edge("(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})")]),
        (Credential::SlackToken, vec![edge("xox[bpars]-[A-Za-z0-9-]{10,}")]),
        (Credential::StripeLiveKey, vec![edge("[sr]k_live_[A-Za-z0-9]{16,}")]),
        (Credential::GoogleApiKey, vec![edge("AIza[A-Za-z0-9_-]{35}")]),
    ];
    let expected = |value: &str| {
        reference.iter().find(|(_, all)| all.iter().all(|r| r.is_match(value))).map(|(kind, _)| *kind)
    };
    let prefixes = [
        "AKIA",
        "ASIA",
        "ghp_",
        "gho_",
        "github_pat_",
        "xoxb-",
        "xoxs-",
        "sk_live_",
        "rk_live_",
        "AIza",
        "-----BEGIN ",
        "PRIVATE KEY-----",
        "",
    ];
    let alphabets =
        ["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "abcdefXYZ0123456789", "aZ09_-", "a-b", " :/=.;"];
    // A fixed linear congruential generator: the same values on every run.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |bound: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(state >> 33).unwrap_or(0) % bound
    };
    let mut fired = 0;
    for _ in 0..4_000 {
        let mut value = String::new();
        for _ in 0..=next(3) {
            let alphabet = alphabets[next(alphabets.len())].as_bytes();
            for _ in 0..next(3) {
                value.push(alphabet[next(alphabet.len())] as char);
            }
            value.push_str(prefixes[next(prefixes.len())]);
            // runs around the lengths the formats need: 10, 16, 22, 35, 36
            let run = [9, 10, 15, 16, 17, 21, 22, 34, 35, 36, 37][next(11)];
            let alphabet = alphabets[next(alphabets.len() - 1)].as_bytes();
            for _ in 0..run {
                value.push(alphabet[next(alphabet.len())] as char);
            }
        }
        let found = detect("VALUE", &value, false);
        assert_eq!(found, expected(&value), "{value:?}");
        fired += usize::from(found.is_some());
    }
    assert!(fired > 200, "the generator must produce matches too: {fired}");
}

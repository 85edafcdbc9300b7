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

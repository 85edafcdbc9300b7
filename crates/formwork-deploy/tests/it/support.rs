//! Helpers the tests share: argument lists, apps, temporary folders and the AWS
//! environment the tests run in.

use std::sync::Once;

use formwork::prelude::*;

/// Splits a command line at spaces.
pub(crate) fn args(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_string).collect()
}

/// Synthesis options with a fixed day.
pub(crate) fn options() -> SynthOptions {
    SynthOptions::new(Date::parse("2026-11-29").unwrap()).target(Target::CloudFormation).format(Format::Yaml)
}

/// Inline Python code for test functions.
pub(crate) const HANDLER: &str = "def handler(event, context):\n    return None\n";

/// Two stacks: `consumer` (created first) holds a function that reads the `Jobs` queue
/// of `queues`, so `queues` must be deployed first and destroyed last.
pub(crate) fn two_stack_app(name: &str) -> App {
    let mut app = App::new(name);
    app.stack("consumer");
    let jobs = app
        .stack("queues")
        .add(Queue::new("Jobs").visibility_timeout(Duration::secs(60)).retention(Duration::days(4)));
    app.stack("consumer").add(
        Function::new("Consumer", Runtime::Python313, "index.handler", Code::inline(HANDLER))
            .timeout(Duration::secs(10))
            .event_source(SqsSource::new(&jobs).batch_size(5)),
    );
    app
}

/// Makes the SDK use fixed test credentials and nothing of the machine's: no profile
/// files, no instance metadata (which would be a request off this machine). Set once,
/// before any test makes a client.
pub(crate) fn aws_env() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let none = std::env::temp_dir().join("formwork-deploy-no-aws-config");
        for var in
            ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_DEFAULT_PROFILE", "AWS_ROLE_ARN"]
        {
            std::env::remove_var(var);
        }
        std::env::set_var("AWS_ACCESS_KEY_ID", "testing");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "testing");
        std::env::set_var("AWS_CONFIG_FILE", &none);
        std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", &none);
        std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
    });
}

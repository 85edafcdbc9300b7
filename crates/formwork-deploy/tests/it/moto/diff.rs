//! `diff --deployed` against moto: a stack not yet deployed is all added, a deployed one
//! compares equal, and an edit of the app shows property by property, IAM included;
//! the same for a stack deployed as SAM.

use formwork_deploy::{EXIT_INVALID, EXIT_OK};

use super::{queue_worker_edited, Session};

/// The edit of the README's diff example: more memory, and a grant that adds statements.
const EDITS: [(&str, &str); 2] = [
    ("memory: 256", "memory: 512"),
    ("          - write_data: Orders", "          - write_data: Orders\n          - read_data: Orders"),
];

#[test]
fn diff_against_the_deployed_stack_shows_what_a_deploy_would_change() {
    let Some(s) = Session::start("diff --deployed") else { return };
    let app = queue_worker::app();

    // Not deployed yet: the whole stack is new.
    let (code, out, err) = s.diff(&app, "diff --deployed");
    assert_eq!(code, EXIT_INVALID, "{out}{err}");
    assert!(
        err.contains("comparing app queue-worker with its deployed stacks in us-east-1 at http://127.0.0.1:"),
        "{err}"
    );
    assert!(err.contains("stack queue-worker (queue-worker-queue-worker): not deployed"), "{err}");
    assert!(out.starts_with("stack queue-worker (new stack)\n"), "{out}");
    for line in ["  + Worker  AWS::Lambda::Function\n", "  + Orders  AWS::DynamoDB::Table\n", "  IAM\n"] {
        assert!(out.contains(line), "`{line}` not in:\n{out}");
    }
    assert!(out.ends_with("7 to add, 0 to modify (0 replaced), 0 to remove\n"), "{out}");

    // Deployed: nothing changes, exit 0.
    s.deploy(&app);
    let (code, out, err) = s.diff(&app, "diff --deployed");
    assert_eq!((code, out.as_str()), (EXIT_OK, "no changes\n"), "{err}");
    assert!(
        err.contains("stack queue-worker (queue-worker-queue-worker): CREATE_COMPLETE, CloudFormation"),
        "{err}"
    );

    // Edited: the memory property by property, the grant in the IAM section.
    let (edited, _copy) = queue_worker_edited(&EDITS);
    let (code, out, err) = s.diff(&edited, "diff --deployed");
    assert_eq!(code, EXIT_INVALID, "{out}{err}");
    let expected = "\
stack queue-worker
  ~ WorkerRole  AWS::IAM::Role  (replacement: no)
      Policies: statements changed, see IAM below
  ~ Worker  AWS::Lambda::Function  (replacement: no)
      MemorySize: 256 → 512
  IAM
    + Allow dynamodb:BatchGetItem on Orders.Arn  (WorkerRole)
    + Allow dynamodb:ConditionCheckItem on Orders.Arn  (WorkerRole)
    + Allow dynamodb:GetItem on Orders.Arn  (WorkerRole)
    + Allow dynamodb:Query on Orders.Arn  (WorkerRole)
    + Allow dynamodb:Scan on Orders.Arn  (WorkerRole)
0 to add, 2 to modify (0 replaced), 0 to remove
";
    assert_eq!(out, expected);
    // The same as JSON.
    let (code, out, err) = s.diff(&edited, "diff --deployed --format json");
    assert_eq!(code, EXIT_INVALID, "{out}{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["changes"], true, "{out}");
    let worker = &json["stacks"]["queue-worker"]["resources"]["Worker"];
    assert_eq!(worker["properties"][0]["after"], 512, "{out}");
    assert_eq!(json["stacks"]["queue-worker"]["iam_added"].as_array().map(Vec::len), Some(5), "{out}");

    // What is deployed did not change: the diff only reads.
    assert!(s.deploy(&app).contains("no changes"), "the deployed stack was left as it was");
    s.destroy(&app);

    // Deployed as SAM: compared SAM with SAM (the template as sent, not as transformed).
    let (code, out, err) = s.run(&app, "deploy --yes --target sam");
    assert_eq!(code, EXIT_OK, "{out}{err}");
    let (code, out, err) = s.diff(&app, "diff --deployed");
    assert_eq!((code, out.as_str()), (EXIT_OK, "no changes\n"), "{err}");
    assert!(err.contains("stack queue-worker (queue-worker-queue-worker): CREATE_COMPLETE, SAM"), "{err}");
    let (code, out, err) = s.diff(&edited, "diff --deployed");
    assert_eq!(code, EXIT_INVALID, "{out}{err}");
    // No schema says what SAM replaces.
    assert!(
        out.contains(
            "  ~ Worker  AWS::Serverless::Function  (replacement: unknown)\n      MemorySize: 256 → 512\n"
        ),
        "{out}"
    );
    assert!(out.contains("    + Allow dynamodb:GetItem on Orders.Arn  (WorkerRole)\n"), "{out}");
    s.destroy(&app);
}

#[test]
fn a_create_only_change_against_the_deployed_stack_is_a_replacement() {
    use formwork::prelude::*;
    let Some(s) = Session::start("diff --deployed, replacement") else { return };
    let app = |fifo: bool| {
        let mut app = App::new("fw-diff");
        let queue = Queue::new("Jobs").visibility_timeout(Duration::secs(60)).retention(Duration::days(4));
        app.stack("jobs").add(if fifo { queue.fifo() } else { queue });
        app
    };
    s.deploy(&app(false));
    let (code, out, err) = s.diff(&app(true), "diff --deployed --stack jobs");
    assert_eq!(code, EXIT_INVALID, "{out}{err}");
    assert!(out.contains("  ~ Jobs  AWS::SQS::Queue  (replacement: yes)\n"), "{out}");
    assert!(out.contains("      FifoQueue: (none) → true  [replaces]\n"), "FifoQueue is create-only: {out}");
    assert!(out.ends_with("0 to add, 1 to modify (1 replaced), 0 to remove\n"), "{out}");
    s.destroy(&app(false));
}

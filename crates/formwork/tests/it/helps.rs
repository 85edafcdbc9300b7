//! Help texts agree with each other: for every rule whose help names a concrete value,
//! the value is read back from the help, applied to the fixture that fired the rule, and
//! the result must raise no finding at all, so following one help never leads into the
//! next finding.

use formwork::prelude::*;

use crate::support::{app, codes, findings, function};

/// The whole numbers in a help text, in order (`6001`, `1`, `10` from
/// "at least 1 s and ... 6001 s, or ... 10").
fn numbers(help: &str) -> Vec<u32> {
    help.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).map(|s| s.parse().unwrap()).collect()
}

/// The one finding of `code` an app raises (and nothing else), and its help's numbers.
fn fires(a: &App, code: &str) -> Vec<u32> {
    let found = findings(a);
    assert_eq!(found.iter().map(|f| f.code).collect::<Vec<_>>(), [code], "{found:#?}");
    numbers(&found[0].help)
}

fn quiet(a: &App) {
    assert_eq!(codes(a), Vec::<&str>::new(), "{}", crate::support::synth(a).report);
}

/// A function with settings applied, as FW101–FW103 fixtures.
fn sized(memory: u32, timeout: u64, storage: u32) -> App {
    app(|s| {
        s.add(
            function("F")
                .memory(Megabytes(memory))
                .timeout(Duration::secs(timeout))
                .ephemeral_storage(Megabytes(storage)),
        );
    })
}

#[test]
fn function_ranges_name_the_nearest_allowed_value() {
    for (memory, timeout, storage, code) in [
        (20_000, 10, 512, "FW101"),
        (100, 10, 512, "FW101"),
        (512, 1_000, 512, "FW102"),
        (512, 0, 512, "FW102"),
        (512, 10, 20_000, "FW103"),
        (512, 10, 100, "FW103"),
    ] {
        let fix = fires(&sized(memory, timeout, storage), code)[0];
        let fixed = match code {
            "FW101" => sized(fix, timeout, storage),
            "FW102" => sized(memory, u64::from(fix), storage),
            _ => sized(memory, timeout, fix),
        };
        quiet(&fixed);
    }
}

/// A standard queue read by a function: visibility, timeout, batch size, window.
fn consumer(visibility: u64, timeout: u64, batch: u32, window: Option<u64>) -> App {
    app(|s| {
        let q = s.add(Queue::new("Jobs").visibility_timeout(Duration::secs(visibility)));
        let mut source = SqsSource::new(&q).batch_size(batch);
        if let Some(w) = window {
            source = source.batching_window(Duration::secs(w));
        }
        s.add(function("Worker").timeout(Duration::secs(timeout)).event_source(source));
    })
}

#[test]
fn visibility_helps_name_the_recommended_value() {
    // FW202: below the timeout; the help names 6 × 30 = 180, not the bare 30.
    let fix = fires(&consumer(20, 30, 10, None), "FW202")[0];
    assert_eq!(fix, 180);
    quiet(&consumer(u64::from(fix), 30, 10, None));
    // FW203: below 6 × timeout + window.
    let fix = fires(&consumer(40, 10, 10, Some(5)), "FW203")[0];
    assert_eq!(fix, 65);
    quiet(&consumer(u64::from(fix), 10, 10, Some(5)));
}

#[test]
fn following_fw204_on_the_queue_worker_does_not_lead_into_fw203() {
    // The queue-worker example with a batch of 50: 180 s visibility, 30 s timeout.
    let help = fires(&consumer(180, 30, 50, None), "FW204");
    let (window, visibility, batch) = (help[0], help[1], help[2]);
    assert_eq!((window, visibility, batch), (1, 181, 10));
    quiet(&consumer(u64::from(visibility), 30, 50, Some(u64::from(window))));
    quiet(&consumer(180, 30, batch, None));
    // Where the queue already allows the window, the help does not ask for more.
    let help = findings(&consumer(600, 30, 50, None))[0].help.clone();
    assert_eq!(help, "set batching_window to at least 1 s, or lower the batch size to 10");
}

/// A FIFO queue read with a batch size and an optional window.
fn fifo(batch: u32, window: Option<u64>) -> App {
    app(|s| {
        let q = s.add(Queue::new("Ordered").fifo().visibility_timeout(Duration::secs(600)));
        let mut source = SqsSource::new(&q).batch_size(batch);
        if let Some(w) = window {
            source = source.batching_window(Duration::secs(w));
        }
        s.add(function("Worker").timeout(Duration::secs(10)).event_source(source));
    })
}

#[test]
fn fw205_names_what_is_wrong() {
    let fix = fires(&fifo(11, None), "FW205")[0];
    quiet(&fifo(fix, None));
    // A batch of 10 with a window: only the window is wrong, and the help says so.
    let found = findings(&fifo(10, Some(2)));
    assert_eq!(found.iter().map(|f| f.code).collect::<Vec<_>>(), ["FW205"]);
    assert_eq!(found[0].path, "stack test / function Worker / event_source Ordered / batching_window");
    assert!(
        found[0].message.contains("2 s batching window; FIFO sources take no batching window"),
        "{}",
        found[0].message
    );
    assert!(numbers(&found[0].help).is_empty(), "{}", found[0].help);
    quiet(&fifo(10, None));
    // Both wrong: two findings, each at its own setting.
    let both: Vec<String> = findings(&fifo(11, Some(2))).into_iter().map(|f| f.path).collect();
    assert_eq!(
        both,
        [
            "stack test / function Worker / event_source Ordered / batch_size",
            "stack test / function Worker / event_source Ordered / batching_window"
        ]
    );
}

#[test]
fn fw206_helps_carry_the_settings_the_value_needs() {
    // A batch above 10,000 on a standard queue without a window: 10,000 needs a window,
    // and a 1 s window needs 6 × 10 + 1 = 61 s of visibility.
    let found = findings(&consumer(60, 10, 10_001, None));
    assert_eq!(found.iter().map(|f| f.code).collect::<Vec<_>>(), ["FW206", "FW204"]);
    let help = numbers(&found[0].help);
    let (batch, window, visibility) = (help[0], help[3], help[4]);
    assert_eq!((batch, window, visibility), (10_000, 1, 61));
    quiet(&consumer(u64::from(visibility), 10, batch, Some(u64::from(window))));
    // A window above 300 s: 300 s, and the visibility that goes with it.
    let found = findings(&consumer(60, 10, 100, Some(301)));
    assert_eq!(found.iter().map(|f| f.code).collect::<Vec<_>>(), ["FW206", "FW203"]);
    let help = numbers(&found[0].help);
    let (window, visibility) = (help[0], help[3]);
    assert_eq!((window, visibility), (300, 360));
    quiet(&consumer(u64::from(visibility), 10, 100, Some(u64::from(window))));
}

/// A queue with a retention and a dead-letter queue with its own.
fn redrive(source_days: u64, dlq_secs: u64, source_secs: Option<u64>) -> App {
    app(|s| {
        let dlq = s.add(Queue::new("Dlq").retention(Duration::secs(dlq_secs)));
        let keep = source_secs.unwrap_or(source_days * 86_400);
        s.add(Queue::new("Jobs").retention(Duration::secs(keep)).dead_letter_queue(&dlq, 3));
    })
}

#[test]
fn fw209_names_a_retention_that_is_possible() {
    let fix = fires(&redrive(2, 86_400, None), "FW209")[0];
    assert_eq!(fix, 1_209_600);
    quiet(&redrive(2, u64::from(fix), None));
    // The source already keeps 14 days, the most SQS allows: the help shortens it.
    let help = fires(&redrive(14, 1_209_600, None), "FW209");
    let (source, dlq) = (help[0], help[2]);
    quiet(&redrive(0, u64::from(dlq), Some(u64::from(source))));
}

fn reserving(limit: u32, b: u32) -> App {
    app(|s| {
        s.add(function("A").reserved_concurrency(500));
        s.add(function("B").reserved_concurrency(b));
    })
    .account_concurrency(limit)
}

#[test]
fn fw301_points_at_the_functions_and_names_both_fixes() {
    let found = findings(&reserving(1_000, 401));
    assert_eq!(found.iter().map(|f| f.code).collect::<Vec<_>>(), ["FW301"]);
    assert_eq!(found[0].path, "stack test / function A / reserved_concurrency");
    assert!(found[0].message.contains("(A 500, B 401)"), "{}", found[0].message);
    assert!(found[0].help.contains("App::account_concurrency(1001)"), "{}", found[0].help);
    assert!(found[0].help.contains("--account-concurrency 1001"), "{}", found[0].help);
    let help = numbers(&found[0].help);
    let (lower_by, limit) = (help[0], help[1]);
    quiet(&reserving(1_000, 401 - lower_by));
    quiet(&reserving(limit, 401));
}

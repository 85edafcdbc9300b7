//! deploy and destroy against a real CloudFormation endpoint on loopback: moto's server
//! (moto[server] from PyPI). Each test starts its own server on a free port and kills it
//! at the end; without `moto_server` the tests say they were skipped and pass, unless
//! `FORMWORK_REQUIRE_MOTO` is set (as `tests/moto.sh` sets it), when they fail.
//!
//! What moto 5.2 does not do, and so is not checked here, is listed in the README of
//! this crate; each test also prints the template properties it could not compare.

mod check;
mod decode;
mod diff;
mod rust_api;
mod server;

use std::path::Path;

use formwork::App;
use formwork_deploy::{run_with, Terminal, EXIT_FAILED, EXIT_OK};
use formwork_template::Template;

use crate::support::{args, aws_env, options, two_stack_app};
use check::{check_stack, queue_attributes, Checked, Clients};
use server::Moto;

/// A server, a runtime for the read-back clients, and the clients.
struct Session {
    moto: Moto,
    runtime: tokio::runtime::Runtime,
    clients: Clients,
    unchecked: std::collections::BTreeSet<String>,
    name: &'static str,
}

impl Session {
    fn start(name: &'static str) -> Option<Session> {
        aws_env();
        let moto = match Moto::start() {
            Ok(moto) => moto,
            Err(why) if std::env::var_os("FORMWORK_REQUIRE_MOTO").is_some() => panic!("{why}"),
            Err(why) => {
                eprintln!("skipped {name}: {why}");
                return None;
            }
        };
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let clients = runtime.block_on(Clients::new(&moto.url()));
        Some(Session { moto, runtime, clients, unchecked: Default::default(), name })
    }

    /// Runs `<app> <command> [options]` against the server, with plain output.
    fn run(&self, app: &App, command: &str) -> (u8, String, String) {
        self.run_at(app, command, &self.moto.url())
    }

    /// [`Session::run`] with the endpoint given.
    fn run_at(&self, app: &App, command: &str, endpoint: &str) -> (u8, String, String) {
        let line = format!(
            "{} {command} --endpoint-url {endpoint} --region us-east-1 --today 2026-11-29 --timeout 120s",
            app.name(),
        );
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run_with(app, args(&line), Terminal::none(), &mut out, &mut err);
        (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
    }

    /// Runs `<app> <command> [options]` against the server without `--timeout` (for
    /// `diff`, which does not wait), with plain output.
    fn diff(&self, app: &App, command: &str) -> (u8, String, String) {
        let line = format!(
            "{} {command} --endpoint-url {} --region us-east-1 --today 2026-11-29",
            app.name(),
            self.moto.url()
        );
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run_with(app, args(&line), Terminal::none(), &mut out, &mut err);
        (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
    }

    /// Deploys with `--yes` and expects success.
    fn deploy(&self, app: &App) -> String {
        let (code, out, err) = self.run(app, "deploy --yes");
        assert_eq!(code, EXIT_OK, "deploy of {} failed:\n{out}\n{err}", app.name());
        out
    }

    /// Destroys with `--yes` and expects success.
    fn destroy(&self, app: &App) -> String {
        let (code, out, err) = self.run(app, "destroy --yes");
        assert_eq!(code, EXIT_OK, "destroy of {} failed:\n{out}\n{err}", app.name());
        out
    }

    /// Reads the deployed stack back and compares it with the template.
    fn check(&mut self, stack: &str, template: &Template) -> Checked {
        let checked = self.runtime.block_on(check_stack(&self.clients, stack, template));
        assert!(!checked.compared.is_empty());
        self.unchecked.extend(checked.unchecked.iter().map(|u| format!("{stack}: {u}")));
        checked
    }

    fn stack_exists(&self, stack: &str) -> bool {
        let described =
            self.runtime.block_on(self.clients.cloudformation.describe_stacks().stack_name(stack).send());
        described.is_ok_and(|d| {
            d.stacks().iter().any(|s| s.stack_status().is_some_and(|s| s.as_str() != "DELETE_COMPLETE"))
        })
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.unchecked.is_empty() {
            let list: Vec<&str> = self.unchecked.iter().map(String::as_str).collect();
            eprintln!("{}: not compared with the model on moto:\n  {}", self.name, list.join("\n  "));
        }
    }
}

/// The expanded template of stack `stack` of `app`.
fn template(app: &App, stack: &str) -> Template {
    let synthesis = app.synthesize(&options());
    assert!(!synthesis.report.has_errors(), "{}", synthesis.report);
    synthesis.expanded.into_iter().find(|e| e.stack == stack).unwrap().template
}

/// Position of `needle` in `text`, for asserting order.
fn at(text: &str, needle: &str) -> usize {
    text.find(needle).unwrap_or_else(|| panic!("`{needle}` not in:\n{text}"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The queue-worker app of `examples/queue-worker/app.yaml` (the same app as
/// `queue_worker::app()`) with its worker's memory changed, and the folder it was
/// copied to (removed when dropped).
fn queue_worker_with_memory(megabytes: u32) -> (App, tempfile::TempDir) {
    queue_worker_edited(&[("memory: 256", &format!("memory: {megabytes}"))])
}

/// The queue-worker app of `examples/queue-worker/app.yaml` with each `(from, to)` of
/// `edits` replaced in the spec, and the folder it was copied to (removed when dropped).
fn queue_worker_edited(edits: &[(&str, &str)]) -> (App, tempfile::TempDir) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/queue-worker");
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    copy_dir(&example.join("functions"), &dir.join("functions"));
    let mut spec = std::fs::read_to_string(example.join("app.yaml")).unwrap();
    for (from, to) in edits {
        assert!(spec.contains(from), "`{from}` not in the spec");
        spec = spec.replace(from, to);
    }
    std::fs::write(dir.join("app.yaml"), spec).unwrap();
    (formwork_spec::load(&dir.join("app.yaml")).unwrap(), temp)
}

#[test]
fn queue_worker_deploys_updates_and_is_destroyed_keeping_what_it_retains() {
    let Some(mut s) = Session::start("queue-worker") else { return };
    let app = queue_worker::app();
    let stack = "queue-worker-queue-worker";
    let expected = template(&app, "queue-worker");

    let out = s.deploy(&app);
    for line in ["+ Orders", "+ Worker", "+ WorkerRole", "+ WorkerOrderJobs", "7 to add, 0 to modify"] {
        assert!(out.contains(line), "`{line}` not in:\n{out}");
    }
    assert!(out.contains("1 uploaded, 0 already there"), "{out}");
    assert!(out.contains("CREATE_COMPLETE (7/7 resources"), "{out}");
    let checked = s.check(stack, &expected);
    for value in [
        "Worker.MemorySize",
        "Worker.Timeout",
        "Worker.ReservedConcurrentExecutions",
        "Worker.Environment",
        "Worker.Code",
        "Worker.Role",
        "WorkerOrderJobs.EventSourceArn",
        "WorkerOrderJobs.BatchSize",
        "WorkerOrderJobs.FunctionResponseTypes",
        "WorkerRole.Policies.WorkerPolicy",
        "OrderJobs.RedrivePolicy",
        "OrderJobs.VisibilityTimeout",
    ] {
        assert!(checked.compared.iter().any(|c| c == value), "{value} was not compared: {checked:?}");
    }

    // Again, unchanged: nothing to upload, an empty change set.
    let out = s.deploy(&app);
    assert!(out.contains("0 uploaded, 1 already there"), "{out}");
    assert!(out.contains("no changes"), "{out}");

    // A preview of a change changes nothing and leaves no change set behind.
    let (bigger, _copy) = queue_worker_with_memory(512);
    let (code, out, err) = s.run(&bigger, "deploy --dry-run");
    assert_eq!(code, EXIT_OK, "{out}{err}");
    assert!(out.contains("~ Worker") && out.contains("1 to modify"), "{out}");
    assert!(out.contains("nothing was changed"), "{out}");
    s.check(stack, &expected);
    let sets =
        s.runtime.block_on(s.clients.cloudformation.list_change_sets().stack_name(stack).send()).unwrap();
    // (AWS deletes a stack's change sets once one is executed; moto keeps them.)
    let pending =
        sets.summaries().iter().filter(|c| c.execution_status().is_some_and(|e| e.as_str() == "AVAILABLE"));
    assert_eq!(pending.count(), 0, "{:?}", sets.summaries());

    // The update itself.
    let updated = template(&bigger, "queue-worker");
    assert_ne!(updated.resources["Worker"], expected.resources["Worker"]);
    let out = s.deploy(&bigger);
    assert!(out.contains("update change set") && out.contains("~ Worker"), "{out}");
    assert!(!out.contains("+ ") && !out.contains("- "), "only modifications: {out}");
    assert!(out.contains("UPDATE_COMPLETE"), "{out}");
    let checked = s.check(stack, &updated);
    assert!(checked.compared.iter().any(|c| c == "Worker.MemorySize"));

    // Destroy: the stack and what it does not retain go; the queues (Retain) stay.
    let physical = s.runtime.block_on(s.clients.physical_ids(stack));
    let out = s.destroy(&bigger);
    let retained: Vec<&String> = updated
        .resources
        .iter()
        .filter(|(_, r)| r.deletion_policy == Some(formwork_template::DeletionPolicy::Retain))
        .map(|(id, _)| id)
        .collect();
    assert!(out.contains(&format!("keeps {} (DeletionPolicy: Retain)", retained.len())), "{out}");
    for id in &retained {
        assert!(out.contains(&format!("    {id}  ")), "{id} not listed as kept:\n{out}");
    }
    assert!(out.contains("DELETE_COMPLETE"), "{out}");
    assert!(!s.stack_exists(stack));
    let function =
        s.runtime.block_on(s.clients.lambda.get_function().function_name(&physical["Worker"]).send());
    assert!(function.is_err(), "the function outlived its stack");
    let role = s.runtime.block_on(s.clients.iam.get_role().role_name(&physical["WorkerRole"]).send());
    assert!(role.is_err(), "the role outlived its stack");
    for queue in ["OrderJobs", "FailedJobs"] {
        assert!(
            s.runtime.block_on(queue_attributes(&s.clients, &physical[queue])).is_some(),
            "{queue} was not kept"
        );
    }
    // Destroying again finds nothing to do.
    assert!(s.destroy(&bigger).contains("not deployed"));
}

#[test]
fn stream_and_image_examples_deploy_as_modelled() {
    let Some(mut s) = Session::start("stream-ingest, image-pipeline") else { return };
    for app in [stream_ingest::app(), image_pipeline::app()] {
        let name = app.name().to_string();
        let stack = format!("{name}-{name}");
        let out = s.deploy(&app);
        assert!(out.contains("CREATE_COMPLETE"), "{out}");
        let checked = s.check(&stack, &template(&app, &name));
        assert!(
            checked.compared.iter().any(|c| c.ends_with(".EventSourceArn") || c.ends_with(".Code")),
            "{checked:?}"
        );
        s.destroy(&app);
        assert!(!s.stack_exists(&stack));
    }
}

#[test]
fn stacks_deploy_in_dependency_order_and_are_destroyed_in_reverse() {
    let Some(mut s) = Session::start("two stacks") else { return };
    let app = two_stack_app("fw-multi");
    let (code, out, err) = s.run(&app, "deploy --yes");
    assert!(
        at(&out, "stack queues (fw-multi-queues)") < at(&out, "stack consumer (fw-multi-consumer)"),
        "{out}"
    );
    assert!(at(&out, "CREATE_COMPLETE") < at(&out, "stack consumer"), "queues settles first:\n{out}");
    s.check("fw-multi-queues", &template(&app, "queues"));
    if code == EXIT_OK {
        let checked = s.check("fw-multi-consumer", &template(&app, "consumer"));
        // The mapping's queue is an import from the other stack.
        assert!(checked.compared.iter().any(|c| c == "ConsumerJobs.EventSourceArn"), "{checked:?}");
    } else {
        // moto 5.2 registers a stack's exports only when the stack is made by
        // CreateStack, not by a change set, so the import cannot resolve there.
        assert_eq!(code, EXIT_FAILED);
        assert!(err.contains("No export named fw-multi-queues-Jobs-Arn"), "{out}\n{err}");
        s.unchecked
            .insert("fw-multi-consumer: Fn::ImportValue (moto exports nothing from change sets)".into());
    }

    let out = s.destroy(&app);
    assert!(
        at(&out, "stack consumer (fw-multi-consumer)") < at(&out, "stack queues (fw-multi-queues)"),
        "{out}"
    );
    assert!(!s.stack_exists("fw-multi-consumer") && !s.stack_exists("fw-multi-queues"));
}

#[test]
fn a_failed_deploy_exits_3_and_a_rerun_after_the_fix_deploys() {
    use formwork::prelude::*;
    let Some(s) = Session::start("failure and rerun") else { return };
    let app = |fifo: bool| {
        let mut app = App::new("fw-rerun");
        let stack = app.stack("jobs");
        let queue = Queue::new("Jobs").visibility_timeout(Duration::secs(60)).retention(Duration::days(4));
        let jobs = stack.add(if fifo { queue.fifo() } else { queue });
        stack.add(
            Function::new(
                "Worker",
                Runtime::Python313,
                "index.handler",
                Code::inline(crate::support::HANDLER),
            )
            .timeout(Duration::secs(10))
            .event_source(SqsSource::new(&jobs).batch_size(10)),
        );
        app
    };
    // moto 5.2 cannot create a FIFO queue without a name (AWS names it `<...>.fifo`
    // itself): the execution fails, as a deployment fails on AWS.
    let (code, out, err) = s.run(&app(true), "deploy --yes");
    assert_eq!(code, EXIT_FAILED, "{out}{err}");
    assert!(out.contains("+ Jobs"), "the change set was shown first:\n{out}");
    assert!(err.contains("error: ExecuteChangeSet for stack `fw-rerun-jobs` failed"), "{err}");
    assert!(err.contains(".fifo"), "moto's reason is passed on: {err}");

    // After the fix, the same command deploys the stack.
    let out = s.deploy(&app(false));
    assert!(out.contains("create change set") && out.contains("CREATE_COMPLETE"), "{out}");
    s.destroy(&app(false));
    assert!(!s.stack_exists("fw-rerun-jobs"));
}

#[test]
fn a_template_too_large_to_send_inline_is_read_from_the_bucket() {
    let Some(mut s) = Session::start("large template") else { return };
    // 20 units of the fleet: 121 resources, about 56 KB of YAML.
    let app = fleet::app(20);
    let expected = template(&app, "fleet");
    // moto reads a template URL path-style only when its host says `localhost`.
    let endpoint = s.moto.url().replace("127.0.0.1", "localhost");
    let (code, out, err) = s.run_at(&app, "deploy --yes", &endpoint);
    assert_eq!(code, EXIT_OK, "{out}{err}");
    assert!(err.contains("warning[FW505]"), "the size is a warning: {err}");
    assert!(
        out.contains(
            "inline) uploaded to s3://formwork-assets-123456789012-us-east-1/templates/fleet-fleet-"
        ),
        "{out}"
    );
    assert!(
        out.contains(&format!("CREATE_COMPLETE ({n}/{n} resources", n = expected.resources.len())),
        "{out}"
    );
    s.check("fleet-fleet", &expected);
    let (code, out, err) = s.run_at(&app, "destroy --yes", &endpoint);
    assert_eq!(code, EXIT_OK, "{out}{err}");
    assert!(!s.stack_exists("fleet-fleet"));
}

#[test]
fn a_dropped_export_that_is_still_imported_waits_for_its_importer() {
    use aws_sdk_cloudformation::types::Capability;
    use formwork::prelude::*;
    let Some(s) = Session::start("dropped export") else { return };
    let s = s;
    // Version 1, made by CreateStack: moto registers exports only for stacks made so.
    let v1 = two_stack_app("fw-exports");
    for stack in ["queues", "consumer"] {
        let body = template(&v1, stack).to_json();
        let created = s.runtime.block_on(
            s.clients
                .cloudformation
                .create_stack()
                .stack_name(format!("fw-exports-{stack}"))
                .template_body(body)
                .capabilities(Capability::CapabilityIam)
                .send(),
        );
        created.unwrap_or_else(|e| panic!("CreateStack {stack}: {e:?}"));
    }
    let exports = |s: &Session| -> Vec<String> {
        let d = s
            .runtime
            .block_on(s.clients.cloudformation.describe_stacks().stack_name("fw-exports-queues").send());
        d.unwrap().stacks()[0].outputs().iter().filter_map(|o| o.export_name().map(str::to_string)).collect()
    };
    assert_eq!(exports(&s), ["fw-exports-queues-Jobs-Arn"]);
    // Version 2: the consumer no longer reads the queue, so the queue's export goes.
    let v2 = {
        let mut app = App::new("fw-exports");
        app.stack("consumer").add(
            Function::new(
                "Consumer",
                Runtime::Python313,
                "index.handler",
                Code::inline(crate::support::HANDLER),
            )
            .timeout(Duration::secs(10)),
        );
        app.stack("queues")
            .add(Queue::new("Jobs").visibility_timeout(Duration::secs(60)).retention(Duration::days(4)));
        app
    };
    // Only the exporting stack: its importer is not part of the deploy, so the export stays.
    let (code, out, err) = s.run(&v2, "deploy --yes --stack queues");
    assert_eq!(code, EXIT_OK, "{out}{err}");
    assert!(
        out.contains("keeping export fw-exports-queues-Jobs-Arn of stack queues for one more deploy: stack consumer still imports it"),
        "{out}"
    );
    assert_eq!(exports(&s), ["fw-exports-queues-Jobs-Arn"], "the export is still there");
    // Both stacks: the consumer stops importing first, then the export is removed.
    let (code, out, err) = s.run(&v2, "deploy --yes");
    assert_eq!(code, EXIT_OK, "{out}{err}");
    assert!(
        out.contains(
            "stack consumer goes before stack queues: it stops importing fw-exports-queues-Jobs-Arn"
        ),
        "{out}"
    );
    assert!(
        at(&out, "stack consumer (fw-exports-consumer)") < at(&out, "stack queues (fw-exports-queues)"),
        "{out}"
    );
    // moto 5.2 leaves a stack's outputs as they were when a change set updates it, so
    // the export's removal itself cannot be seen here.
    let mut s = s;
    s.unchecked
        .insert("fw-exports-queues: the export's removal (moto keeps outputs on change-set updates)".into());
    s.destroy(&v2);
}

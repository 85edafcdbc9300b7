//! Hostile spec files and killed runs: nothing is written outside `--out`, and the out
//! folder always holds a whole set of templates.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::{run, TempDir};

#[test]
fn a_stack_named_to_climb_out_of_out_is_an_error_and_nothing_is_written() {
    let dir = TempDir::new("victim");
    fs::create_dir_all(dir.path().join("work")).unwrap();
    for name in ["../victim", "/tmp/formwork-victim"] {
        let spec = dir.path().join("work/app.yaml");
        fs::write(&spec, format!("stacks:\n  {name:?}:\n    queues: {{ Q: {{}} }}\n")).unwrap();
        let out = dir.path().join("work/out");
        let r = run(&["synth", spec.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains("error[FW540]"), "{}", r.stderr);
        assert!(!dir.path().join("work/victim.yaml").exists());
        assert!(!Path::new("/tmp/formwork-victim.yaml").exists());
        assert!(!out.exists());
    }
}

#[test]
fn code_from_outside_the_spec_folder_needs_the_opt_in() {
    let dir = TempDir::new("outside");
    fs::create_dir_all(dir.path().join("app")).unwrap();
    fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
    fs::write(dir.path().join("elsewhere/app.py"), "def handler(e, c): pass\n").unwrap();
    let spec = dir.path().join("app/app.yaml");
    let function =
        "    functions:\n      F: { runtime: python3.13, handler: app.handler, code: ../elsewhere }\n";
    fs::write(&spec, format!("stacks:\n  s:\n{function}")).unwrap();
    let r = run(&["validate", spec.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("error[FW135]"), "{}", r.stderr);
    fs::write(&spec, format!("code_outside_root: allow\nstacks:\n  s:\n{function}")).unwrap();
    let r = run(&["validate", spec.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// A spec of `stacks` stacks, one with a function, whose templates say `which`.
fn spec(stacks: &[String], which: &str) -> String {
    let mut out = String::from("stacks:\n");
    for (i, s) in stacks.iter().enumerate() {
        out.push_str(&format!("  {s}:\n    description: the {which} set\n    queues:\n      Q{i}: {{}}\n"));
        if i == 0 {
            out.push_str(
                "    functions:\n      F: { runtime: python3.13, handler: app.handler, code: code }\n",
            );
        }
    }
    out
}

/// The visible templates of `dir`: file name → text.
fn templates(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = fs::read_dir(dir) else { return BTreeMap::new() };
    entries
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .map(|n| {
            let text = fs::read_to_string(dir.join(&n)).unwrap();
            (n, text)
        })
        .collect()
}

/// The hidden leftovers of `dir`: everything starting with `.` but the manifest.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.extend(
        fs::read_dir(dir.join("assets"))
            .map(|entries| {
                entries.map(|e| format!("assets/{}", e.unwrap().file_name().to_string_lossy())).collect()
            })
            .unwrap_or_else(|_| Vec::new()),
    );
    names.retain(|n| n.contains("/.") || (n.starts_with('.') && n != ".formwork-manifest"));
    names.sort();
    names
}

/// A small xorshift generator, seeded from the clock (printed, to replay a failure).
struct Random(u64);

impl Random {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

#[test]
fn a_synth_killed_at_random_points_leaves_a_whole_old_or_new_set() {
    let dir = TempDir::new("killed");
    fs::create_dir_all(dir.path().join("code")).unwrap();
    fs::write(dir.path().join("code/app.py"), "def handler(e, c): pass\n").unwrap();
    let old_stacks: Vec<String> = (0..12).map(|i| format!("a{i}")).collect();
    let new_stacks: Vec<String> =
        (0..8).map(|i| format!("a{i}")).chain((0..6).map(|i| format!("b{i}"))).collect();
    let specs = [
        (dir.path().join("old.yaml"), spec(&old_stacks, "old")),
        (dir.path().join("new.yaml"), spec(&new_stacks, "new")),
    ];
    for (path, text) in &specs {
        fs::write(path, text).unwrap();
    }
    let synth = |which: usize, out: &Path| {
        Command::new(env!("CARGO_BIN_EXE_formwork"))
            .args(["synth", specs[which].0.to_str().unwrap(), "--out", out.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the formwork binary runs")
    };
    // The two whole sets, each written by an uninterrupted run, and how long one takes.
    let mut sets = Vec::new();
    let mut slowest = Duration::ZERO;
    for which in 0..2 {
        let out = dir.path().join(format!("set{which}"));
        let started = Instant::now();
        assert!(synth(which, &out).wait().unwrap().success());
        slowest = slowest.max(started.elapsed());
        sets.push(templates(&out));
    }
    assert_eq!(sets[0].len(), 12);
    assert_eq!(sets[1].len(), 14);

    let seed = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    eprintln!("kill test seed {seed}; an uninterrupted run takes up to {slowest:?}");
    let mut random = Random(seed);
    let out = dir.path().join("out");
    let window = u64::try_from(slowest.as_micros()).unwrap_or(u64::MAX).max(1_000) * 5 / 4;
    // The folder starts with the old set; each round aims at the other one.
    assert!(synth(0, &out).wait().unwrap().success());
    let (mut reached, mut whole, mut pending) = (0, 0, 0);
    for round in 0..40 {
        let target = (round + 1) % 2;
        let mut child = synth(target, &out);
        std::thread::sleep(Duration::from_micros(random.next(window)));
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        let now = templates(&out);
        let staging = out.join(".formwork-staging");
        if now == sets[target] {
            reached += 1;
        } else if sets.contains(&now) {
            whole += 1;
        } else {
            // Only after a commit may the folder be between sets: the staging folder then
            // holds a committed manifest and, with what was moved already, a whole set (this
            // run's, or the one a killed run committed, which this run finishes first).
            assert!(
                staging.join(".formwork-manifest").exists(),
                "round {round} (seed {seed}): a mixed set {:?}",
                now.keys()
            );
            let staged = templates(&staging);
            let completes = |set: &BTreeMap<String, String>| {
                let mut finished: BTreeMap<String, String> = now
                    .iter()
                    .filter(|(n, _)| set.contains_key(*n))
                    .map(|(n, t)| (n.clone(), t.clone()))
                    .collect();
                finished.extend(staged.clone());
                finished == *set
            };
            assert!(
                sets.iter().any(completes),
                "round {round} (seed {seed}): {:?} + staged {:?}",
                now.keys(),
                staged.keys()
            );
            pending += 1;
        }
    }
    eprintln!("of 40 kills, {reached} left the new set, {whole} the previous one, {pending} a committed set still to switch");
    // The next run finishes or undoes what the last kill left, and leaves nothing behind.
    assert!(synth(1, &out).wait().unwrap().success());
    assert_eq!(templates(&out), sets[1]);
    assert_eq!(leftovers(&out), Vec::<String>::new());
    let assets: Vec<_> = fs::read_dir(out.join("assets")).unwrap().collect();
    assert_eq!(assets.len(), 1, "only the asset of the current set");
}

//! `formwork init`: a new spec-based project that synthesizes cleanly as written — a
//! spec, a handler folder with a tiny handler and its test, and a README with the
//! commands to synthesize and to test it.

use std::fmt;
use std::path::{Path, PathBuf};

/// Why a project could not be written.
#[derive(Debug)]
pub enum InitError {
    /// A file of the project is already there; nothing was written.
    Exists(PathBuf),
    /// A folder or file could not be written.
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InitError::Exists(path) => {
                write!(
                    f,
                    "{} exists already; `init` writes only into a folder without these files",
                    path.display()
                )
            }
            InitError::Io(path, e) => write!(f, "cannot write {}: {e}", path.display()),
        }
    }
}

impl std::error::Error for InitError {}

/// The app's name for a project folder: its name in lower case, with every run of
/// characters other than letters and digits as one `-`; `app` when nothing is left.
pub fn project_name(dir: &Path) -> String {
    let folder =
        std::path::absolute(dir).ok().and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()));
    let mut name = String::new();
    for c in folder.unwrap_or_default().chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-').to_string();
    if name.is_empty() {
        "app".to_string()
    } else {
        name
    }
}

/// The project's files, relative to its folder, with their text.
pub fn project_files(name: &str) -> Vec<(PathBuf, String)> {
    let spec = format!(
        "# The {name} app: a queue of jobs and a Python function that works through them.
# Editors complete and check this file with formwork's JSON Schema (`formwork schema`).
#
#   formwork synth app.yaml --target sam --out out   # the SAM template and code assets
#   formwork validate app.yaml                        # the rules, nothing written
app: {name}
stacks:
  {name}:
    queues:
      FailedJobs:
        retention: 14d
      Jobs:
        # At least 6 × the worker's timeout, so a job is not handed out twice.
        visibility_timeout: 60s
        dead_letter_queue: {{ queue: FailedJobs, max_receive_count: 5 }}
    functions:
      Worker:
        runtime: python3.13
        handler: app.handler
        code: functions/worker
        description: Works through the jobs of the Jobs queue
        timeout: 10s
        architecture: arm64
        reserved_concurrency: 5
        events:
          - {{ sqs: Jobs, batch_size: 10, report_batch_item_failures: true }}
"
    );
    let handler = r#""""Works through jobs from SQS, reporting only the messages that failed."""

import json


def work(job):
    """Does one job; raises ValueError for a job that cannot be done."""
    if "task" not in job:
        raise ValueError("a job needs a task")
    return f"done: {job['task']}"


def handler(event, context):
    failures = []
    for record in event.get("Records", []):
        try:
            print(work(json.loads(record["body"])))
        except (ValueError, TypeError, KeyError):
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
"#;
    let test = r#""""Tests of the worker's handler: python3 -m unittest discover -s functions/worker"""

import json
import unittest

import app


def record(message_id, job):
    return {"messageId": message_id, "body": json.dumps(job)}


class Handler(unittest.TestCase):
    def test_reports_only_the_failed_messages(self):
        event = {"Records": [record("m1", {"task": "a"}), record("m2", {}), record("m3", {"task": "b"})]}
        self.assertEqual(app.handler(event, None), {"batchItemFailures": [{"itemIdentifier": "m2"}]})

    def test_a_job_is_done(self):
        self.assertEqual(app.work({"task": "x"}), "done: x")


if __name__ == "__main__":
    unittest.main()
"#;
    let readme = format!(
        "# {name}

A Lambda app described by `app.yaml`, a formwork spec: a queue of jobs, its dead-letter
queue, and a Python function in `functions/worker` that works through them.

```sh
formwork synth app.yaml --target sam --out out       # writes out/{name}.yaml and out/assets/
python3 -m unittest discover -s functions/worker      # runs the handler's tests
```

`sam deploy --template-file out/{name}.yaml` deploys what `synth` wrote; `formwork validate
app.yaml` checks the spec without writing anything.
"
    );
    vec![
        (PathBuf::from("app.yaml"), spec),
        (PathBuf::from("functions/worker/app.py"), handler.to_string()),
        (PathBuf::from("functions/worker/test_app.py"), test.to_string()),
        (PathBuf::from("README.md"), readme),
    ]
}

/// Writes a new project into `dir` (created if needed), named after the folder. Refuses,
/// writing nothing, when any of its files is already there. Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    let files = project_files(&project_name(dir));
    if let Some((path, _)) = files.iter().find(|(path, _)| dir.join(path).exists()) {
        return Err(InitError::Exists(dir.join(path)));
    }
    let mut written = Vec::with_capacity(files.len());
    for (path, text) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| InitError::Io(parent.to_path_buf(), e))?;
        }
        std::fs::write(&path, text).map_err(|e| InitError::Io(path.clone(), e))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_folder() {
        assert_eq!(project_name(Path::new("/tmp/My Orders_App")), "my-orders-app");
        assert_eq!(project_name(Path::new("/tmp/--")), "app");
        assert_eq!(project_name(Path::new("/srv/jobs2")), "jobs2");
    }
}

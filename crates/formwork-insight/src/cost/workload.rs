//! The workload file: what a month of the app's traffic looks like.
//!
//! ```yaml
//! functions:                 # per function: requests a month, average duration
//!   Worker: { requests: 3000000, duration_ms: 120 }
//!   Report: { requests: 720, duration_ms: 4000, provisioned_hours: 240 }
//! queues:  { OrderJobs: { requests: 9000000 } }     # SQS requests (send, receive, delete)
//! topics:  { Alerts: { publishes: 100000, payload_kb: 100 } }
//! tables:  { Orders: { reads: 5000000, writes: 3000000 } }   # request units, on-demand
//! apis:    { OrdersApi: { requests: 2000000 } }     # REST or HTTP API requests
//! rules:   { Nightly: { events: 30 } }              # custom events published, EventBridge
//! schedules: { Hourly: { invocations: 720 } }       # EventBridge Scheduler
//! streams: { Clicks: { put_units: 1000000 } }       # PUT payload units (25 KB)
//! ```
//!
//! `payload_kb` (queues, topics, apis, rules; optional) is the average size of a request's
//! payload in KB: AWS bills each 64 KB of an SQS request, SNS publish or EventBridge event,
//! and each 512 KB of an HTTP API request, as one request. Without it a request is one
//! chunk. Table reads and writes are request units as DynamoDB counts them (a write of up
//! to 1 KB is one unit; a strongly consistent read of up to 4 KB is one, an eventually
//! consistent one half; transactions count double).
//!
//! A resource is named by its logical id, or `stack/LogicalId` when several stacks have
//! one of that name. Numbers are whole and non-negative.

use indexmap::IndexMap;
use serde_json::Value as Json;

use crate::Stacks;

/// A function's month.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FunctionLoad {
    /// Invocations a month.
    pub requests: u64,
    /// Average duration in milliseconds; `None`: its timeout (an upper bound).
    pub duration_ms: Option<u64>,
    /// Hours its provisioned concurrency is allocated; `None`: the whole month (730).
    pub provisioned_hours: Option<f64>,
}

/// Another resource's month: requests, or read and write request units for a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct ResourceLoad {
    pub(crate) requests: u64,
    pub(crate) reads: u64,
    pub(crate) writes: u64,
    /// Average payload of a request in KB, where the service bills by payload chunks.
    pub(crate) payload_kb: Option<u64>,
}

impl ResourceLoad {
    /// The requests as billed when each `chunk_kb` of a payload counts as one request.
    pub(crate) fn chunked(&self, chunk_kb: u64) -> u64 {
        let per_request = match self.payload_kb {
            Some(kb) if chunk_kb > 0 => kb.div_ceil(chunk_kb).max(1),
            _ => 1,
        };
        self.requests.saturating_mul(per_request)
    }
}

/// A workload file that cannot be read, or names what the app does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadError {
    /// Every problem, one a line.
    pub problems: Vec<String>,
}

impl std::fmt::Display for WorkloadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.problems.join("\n"))
    }
}

impl std::error::Error for WorkloadError {}

/// The sections of a workload file: name, resource type(s), fields (first is `requests`).
const SECTIONS: &[(&str, &[&str], &[&str])] = &[
    ("functions", &["AWS::Lambda::Function"], &["requests", "duration_ms", "provisioned_hours"]),
    ("queues", &["AWS::SQS::Queue"], &["requests", "payload_kb"]),
    ("topics", &["AWS::SNS::Topic"], &["publishes", "payload_kb"]),
    ("tables", &["AWS::DynamoDB::Table"], &["reads", "writes"]),
    ("apis", &["AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api"], &["requests", "payload_kb"]),
    ("rules", &["AWS::Events::Rule"], &["events", "payload_kb"]),
    ("schedules", &["AWS::Scheduler::Schedule"], &["invocations"]),
    ("streams", &["AWS::Kinesis::Stream"], &["put_units"]),
];

/// A month of traffic, by resource.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Workload {
    functions: IndexMap<String, FunctionLoad>,
    resources: IndexMap<String, (usize, ResourceLoad)>,
}

impl Workload {
    /// Reads a workload from its JSON value (a YAML file read into JSON works the same).
    pub fn from_json(json: &Json) -> Result<Workload, WorkloadError> {
        let mut problems = Vec::new();
        let mut w = Workload::default();
        let Some(top) = json.as_object() else {
            return Err(WorkloadError {
                problems: vec!["a workload is a mapping of sections (functions, queues, ...)".into()],
            });
        };
        for (section, entries) in top {
            let Some(index) = SECTIONS.iter().position(|(s, _, _)| s == section) else {
                let known: Vec<&str> = SECTIONS.iter().map(|(s, _, _)| *s).collect();
                problems.push(format!("unknown section `{section}`; expected one of {}", known.join(", ")));
                continue;
            };
            let fields = SECTIONS[index].2;
            let Some(entries) = entries.as_object() else {
                problems.push(format!("`{section}` maps names to their load"));
                continue;
            };
            for (name, load) in entries {
                let Some(load) = load.as_object() else {
                    problems.push(format!(
                        "{section}.{name}: expected a mapping such as {{ {}: 1000000 }}",
                        fields[0]
                    ));
                    continue;
                };
                let mut values = [None::<f64>; 3];
                for (key, v) in load {
                    match fields.iter().position(|f| f == key) {
                        Some(i) => match v.as_f64().filter(|n| *n >= 0.0 && n.is_finite()) {
                            Some(n) => values[i] = Some(n),
                            None => problems
                                .push(format!("{section}.{name}.{key}: expected a non-negative number")),
                        },
                        None => problems.push(format!(
                            "{section}.{name}: unknown field `{key}`; expected {}",
                            fields.join(", ")
                        )),
                    }
                }
                let whole = |v: Option<f64>| v.map(|n| n.round() as u64);
                if index == 0 {
                    w.functions.insert(
                        name.clone(),
                        FunctionLoad {
                            requests: whole(values[0]).unwrap_or(0),
                            duration_ms: whole(values[1]),
                            provisioned_hours: values[2],
                        },
                    );
                } else if section == "tables" {
                    let load = ResourceLoad {
                        requests: 0,
                        reads: whole(values[0]).unwrap_or(0),
                        writes: whole(values[1]).unwrap_or(0),
                        payload_kb: None,
                    };
                    w.resources.insert(name.clone(), (index, load));
                } else {
                    let load = ResourceLoad {
                        requests: whole(values[0]).unwrap_or(0),
                        reads: 0,
                        writes: 0,
                        payload_kb: whole(values[1]),
                    };
                    w.resources.insert(name.clone(), (index, load));
                }
            }
        }
        if problems.is_empty() {
            Ok(w)
        } else {
            Err(WorkloadError { problems })
        }
    }

    /// Reads a workload from JSON text.
    pub fn from_json_text(text: &str) -> Result<Workload, WorkloadError> {
        let json: Json = serde_json::from_str(text)
            .map_err(|e| WorkloadError { problems: vec![format!("not JSON: {e}")] })?;
        Workload::from_json(&json)
    }

    /// Adds a function's month (for building workloads in code).
    #[must_use]
    pub fn function_load(mut self, name: impl Into<String>, load: FunctionLoad) -> Workload {
        self.functions.insert(name.into(), load);
        self
    }

    /// The month of function `id` in stack `stack`.
    pub fn function(&self, stack: &str, id: &str) -> Option<FunctionLoad> {
        self.functions.get(&format!("{stack}/{id}")).or_else(|| self.functions.get(id)).copied()
    }

    pub(crate) fn resource(&self, stack: &str, id: &str) -> Option<ResourceLoad> {
        self.resources.get(&format!("{stack}/{id}")).or_else(|| self.resources.get(id)).map(|(_, l)| *l)
    }

    /// Every name must be a resource of its section's type in the app.
    pub(crate) fn check(&self, stacks: &Stacks) -> Result<(), WorkloadError> {
        let mut problems = Vec::new();
        let names = self
            .functions
            .keys()
            .map(|k| (0usize, k))
            .chain(self.resources.iter().map(|(k, (i, _))| (*i, k)));
        for (section, name) in names {
            let (stack, id) = match name.split_once('/') {
                Some((s, i)) => (Some(s), i),
                None => (None, name.as_str()),
            };
            let (section_name, types, _) = SECTIONS[section];
            let found = stacks
                .iter()
                .filter(|(s, _)| stack.is_none_or(|want| want == s.as_str()))
                .filter_map(|(_, t)| t.resources.get(id))
                .any(|r| types.contains(&r.resource_type.as_str()));
            if !found {
                problems.push(format!(
                    "{section_name}.{name}: the app has no {} of that name",
                    section_name.trim_end_matches('s')
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(WorkloadError { problems })
        }
    }
}

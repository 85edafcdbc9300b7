//! Reads a deployed stack back through the SDK and compares it with the model's
//! expanded template: every function (runtime, handler, memory, timeout, description,
//! role, environment, reserved concurrency, code), every event source mapping and every
//! role's trust and inline policies. What cannot be compared is listed, not skipped
//! silently.

use std::collections::BTreeMap;

use formwork_template::{Intrinsic, Template, Value};

use super::decode::{base64, policy_json, unhex};

/// The SDK clients the checks read with.
pub(crate) struct Clients {
    pub(crate) cloudformation: aws_sdk_cloudformation::Client,
    pub(crate) lambda: aws_sdk_lambda::Client,
    pub(crate) iam: aws_sdk_iam::Client,
    pub(crate) sqs: aws_sdk_sqs::Client,
}

impl Clients {
    pub(crate) async fn new(endpoint: &str) -> Clients {
        let config = formwork_deploy::load_config(
            &formwork_deploy::AwsOptions::new().region("us-east-1").endpoint_url(endpoint),
        )
        .await;
        Clients {
            cloudformation: aws_sdk_cloudformation::Client::new(&config),
            lambda: aws_sdk_lambda::Client::new(&config),
            iam: aws_sdk_iam::Client::new(&config),
            sqs: aws_sdk_sqs::Client::new(&config),
        }
    }

    /// Logical id → physical id of a stack's resources.
    pub(crate) async fn physical_ids(&self, stack: &str) -> BTreeMap<String, String> {
        let resources =
            self.cloudformation.describe_stack_resources().stack_name(stack).send().await.unwrap();
        resources
            .stack_resources()
            .iter()
            .filter_map(|r| {
                Some((r.logical_resource_id()?.to_string(), r.physical_resource_id()?.to_string()))
            })
            .collect()
    }
}

/// What was compared with the model, and what could not be.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    /// `Worker.MemorySize`, ... (one entry per value compared).
    pub(crate) compared: Vec<String>,
    /// `Worker.Architectures (moto ignores it)`, ...
    pub(crate) unchecked: Vec<String>,
}

/// What a template value should look like once deployed.
enum Expect {
    Exact(String),
    /// Contains this physical name (an ARN built from it).
    Contains(String),
    Unknown,
}

struct Context<'a> {
    template: &'a Template,
    region: &'a str,
    account: &'a str,
    physical: &'a BTreeMap<String, String>,
    exports: &'a BTreeMap<String, String>,
}

impl Context<'_> {
    /// The last part of a physical id: a queue URL's name, an ARN's resource.
    fn name_of(&self, logical: &str) -> Option<String> {
        let id = self.physical.get(logical)?;
        Some(id.rsplit(['/', ':']).next().unwrap_or(id).to_string())
    }

    /// A `Fn::Sub` string: the name of the first resource it names, or the whole string
    /// when it names only pseudo parameters.
    fn substitute(&self, template: &str) -> Expect {
        let mut text = template.to_string();
        for placeholder in template.split("${").skip(1).filter_map(|r| r.split('}').next()) {
            let logical = placeholder.split('.').next().unwrap_or(placeholder);
            let value = match placeholder {
                "AWS::Partition" => "aws".to_string(),
                "AWS::Region" => self.region.to_string(),
                "AWS::AccountId" => self.account.to_string(),
                "AWS::URLSuffix" => "amazonaws.com".to_string(),
                _ => return self.name_of(logical).map_or(Expect::Unknown, Expect::Contains),
            };
            text = text.replace(&format!("${{{placeholder}}}"), &value);
        }
        Expect::Exact(text)
    }

    /// Whether `actual` is what `expected` becomes; `None` when that is unknown.
    fn satisfies(&self, expected: &Value, actual: &str) -> Option<bool> {
        match self.expect(expected) {
            Expect::Exact(e) => Some(actual == e),
            Expect::Contains(name) => Some(actual.contains(&name)),
            Expect::Unknown => None,
        }
    }

    fn expect(&self, value: &Value) -> Expect {
        match value {
            Value::String(s) => Expect::Exact(s.clone()),
            Value::Int(n) => Expect::Exact(n.to_string()),
            Value::Fn(f) => match &**f {
                Intrinsic::Ref(name) => match self.template.parameters.get(name) {
                    Some(p) => p
                        .default
                        .as_ref()
                        .and_then(Value::as_str)
                        .map_or(Expect::Unknown, |d| Expect::Exact(d.into())),
                    None => self.physical.get(name).map_or(Expect::Unknown, |id| Expect::Exact(id.clone())),
                },
                Intrinsic::GetAtt { resource, .. } => {
                    self.name_of(resource).map_or(Expect::Unknown, Expect::Contains)
                }
                Intrinsic::ImportValue(Value::String(name)) => {
                    self.exports.get(name).map_or(Expect::Unknown, |v| Expect::Exact(v.clone()))
                }
                Intrinsic::Sub { template, variables: None } => self.substitute(template),
                _ => Expect::Unknown,
            },
            _ => Expect::Unknown,
        }
    }

    /// Asserts that `actual` is what `expected` becomes; `false` when that is unknown.
    fn matches(&self, what: &str, expected: &Value, actual: Option<&str>) -> bool {
        match self.expect(expected) {
            Expect::Exact(e) => assert_eq!(actual, Some(e.as_str()), "{what}"),
            Expect::Contains(name) => {
                let actual = actual
                    .unwrap_or_else(|| panic!("{what}: nothing deployed, expected a value naming {name}"));
                assert!(actual.contains(&name), "{what}: `{actual}` does not name `{name}`");
            }
            Expect::Unknown => return false,
        }
        true
    }
}

impl Context<'_> {
    /// Asserts that `actual` contains what `expected` becomes; `false` when unknown.
    fn within(&self, what: &str, expected: &Value, actual: Option<&str>) -> bool {
        let name = match self.expect(expected) {
            Expect::Exact(name) | Expect::Contains(name) => name,
            Expect::Unknown => return false,
        };
        let actual =
            actual.unwrap_or_else(|| panic!("{what}: nothing deployed, expected a value naming {name}"));
        assert!(actual.contains(&name), "{what}: `{actual}` does not name `{name}`");
        true
    }
}

/// Compares the deployed stack `stack` with `template`.
pub(crate) async fn check_stack(clients: &Clients, stack: &str, template: &Template) -> Checked {
    let physical = clients.physical_ids(stack).await;
    let exports: BTreeMap<String, String> = clients
        .cloudformation
        .list_exports()
        .send()
        .await
        .unwrap()
        .exports()
        .iter()
        .filter_map(|e| Some((e.name()?.to_string(), e.value()?.to_string())))
        .collect();
    let stacks = clients.cloudformation.describe_stacks().stack_name(stack).send().await.unwrap();
    let stack_id = stacks.stacks()[0].stack_id().unwrap().to_string();
    // arn:aws:cloudformation:<region>:<account>:stack/...
    let parts: Vec<&str> = stack_id.split(':').collect();
    let cx =
        Context { template, region: parts[3], account: parts[4], physical: &physical, exports: &exports };
    let mut checked = Checked::default();
    for (id, resource) in &template.resources {
        if !physical.contains_key(id) {
            checked.unchecked.push(format!(
                "{id} ({}): moto's CloudFormation lists no physical resource for it",
                resource.resource_type
            ));
            continue;
        }
        let props = &resource.properties;
        match resource.resource_type.as_str() {
            "AWS::Lambda::Function" => function(clients, &cx, id, props, &mut checked).await,
            "AWS::Lambda::EventSourceMapping" => mapping(clients, &cx, id, props, &mut checked).await,
            "AWS::IAM::Role" => role(clients, &cx, id, props, &mut checked).await,
            "AWS::SQS::Queue" => queue(clients, &cx, id, props, &mut checked).await,
            _ => checked.compared.push(format!("{id} exists")),
        }
    }
    checked
}

async fn function(
    clients: &Clients,
    cx: &Context<'_>,
    id: &str,
    props: &formwork_template::Map,
    checked: &mut Checked,
) {
    let name = &cx.physical[id];
    let got = clients.lambda.get_function().function_name(name).send().await.unwrap();
    let config = got.configuration().unwrap();
    for (key, value) in props {
        let what = format!("{id}.{key}");
        let done = match key.as_str() {
            "Runtime" => cx.matches(&what, value, config.runtime().map(|r| r.as_str())),
            "Handler" => cx.matches(&what, value, config.handler()),
            "Description" => cx.matches(&what, value, config.description()),
            "Role" => cx.matches(&what, value, config.role()),
            "MemorySize" => cx.matches(&what, value, Some(&config.memory_size().unwrap_or(128).to_string())),
            "Timeout" => cx.matches(&what, value, Some(&config.timeout().unwrap_or(3).to_string())),
            "ReservedConcurrentExecutions" => {
                let reserved = got.concurrency().and_then(|c| c.reserved_concurrent_executions());
                cx.matches(&what, value, reserved.map(|n| n.to_string()).as_deref())
            }
            "Environment" => {
                let vars = config.environment().and_then(|e| e.variables());
                let expected = value.get("Variables").and_then(Value::as_map).into_iter().flatten();
                let mut all = true;
                for (var, v) in expected {
                    let actual = vars.and_then(|m| m.get(var)).map(String::as_str);
                    all &= cx.matches(&format!("{what}.{var}"), v, actual);
                }
                all
            }
            "Code" => match value.get("S3Key").map(|k| cx.expect(k)) {
                // The zip's name is its SHA-256: Lambda's CodeSha256 is the same digest.
                Some(Expect::Exact(file)) => {
                    let hex = file.trim_end_matches(".zip");
                    assert_eq!(
                        config.code_sha256(),
                        Some(base64(&unhex(hex)).as_str()),
                        "{what}: the code is not {file}"
                    );
                    true
                }
                _ => false,
            },
            _ => false,
        };
        if done {
            checked.compared.push(what);
        } else {
            checked
                .unchecked
                .push(format!("{what} (moto's CloudFormation ignores it, or it has no read-back)"));
        }
    }
}

async fn mapping(
    clients: &Clients,
    cx: &Context<'_>,
    id: &str,
    props: &formwork_template::Map,
    checked: &mut Checked,
) {
    let uuid = &cx.physical[id];
    let m = clients.lambda.get_event_source_mapping().uuid(uuid).send().await.unwrap();
    let num = |n: Option<i32>| n.map(|n| n.to_string());
    for (key, value) in props {
        let what = format!("{id}.{key}");
        let done = match key.as_str() {
            // A name given, an ARN returned.
            "FunctionName" => cx.within(&what, value, m.function_arn()),
            "EventSourceArn" => cx.matches(&what, value, m.event_source_arn()),
            "BatchSize" => cx.matches(&what, value, num(m.batch_size()).as_deref()),
            "MaximumBatchingWindowInSeconds" => {
                cx.matches(&what, value, num(m.maximum_batching_window_in_seconds()).as_deref())
            }
            "ParallelizationFactor" => cx.matches(&what, value, num(m.parallelization_factor()).as_deref()),
            "MaximumRetryAttempts" => cx.matches(&what, value, num(m.maximum_retry_attempts()).as_deref()),
            "MaximumRecordAgeInSeconds" => {
                cx.matches(&what, value, num(m.maximum_record_age_in_seconds()).as_deref())
            }
            "TumblingWindowInSeconds" => {
                cx.matches(&what, value, num(m.tumbling_window_in_seconds()).as_deref())
            }
            "StartingPosition" => cx.matches(&what, value, m.starting_position().map(|p| p.as_str())),
            "BisectBatchOnFunctionError" => {
                assert_eq!(value.as_bool(), m.bisect_batch_on_function_error(), "{what}");
                true
            }
            "FunctionResponseTypes" => {
                let actual: Vec<&str> = m.function_response_types().iter().map(|t| t.as_str()).collect();
                let expected: Vec<&str> =
                    value.as_list().unwrap_or_default().iter().filter_map(Value::as_str).collect();
                assert_eq!(actual, expected, "{what}");
                true
            }
            "FilterCriteria" => {
                let actual: Vec<&str> = m
                    .filter_criteria()
                    .map(|f| f.filters())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|f| f.pattern())
                    .collect();
                let expected: Vec<&str> = value
                    .get("Filters")
                    .and_then(Value::as_list)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|f| f.get("Pattern").and_then(Value::as_str))
                    .collect();
                assert_eq!(actual, expected, "{what}");
                true
            }
            "DestinationConfig" => match value.get("OnFailure").and_then(|o| o.get("Destination")) {
                Some(d) => {
                    let actual =
                        m.destination_config().and_then(|c| c.on_failure()).and_then(|o| o.destination());
                    cx.matches(&what, d, actual)
                }
                None => false,
            },
            "ScalingConfig" => match value.get("MaximumConcurrency") {
                Some(n) => cx.matches(
                    &what,
                    n,
                    num(m.scaling_config().and_then(|s| s.maximum_concurrency())).as_deref(),
                ),
                None => false,
            },
            _ => false,
        };
        if done {
            checked.compared.push(what);
        } else {
            checked.unchecked.push(format!("{what} (no read-back compared)"));
        }
    }
}

async fn role(
    clients: &Clients,
    cx: &Context<'_>,
    id: &str,
    props: &formwork_template::Map,
    checked: &mut Checked,
) {
    let name = &cx.physical[id];
    if let Some(trust) = props.get("AssumeRolePolicyDocument") {
        let got = clients.iam.get_role().role_name(name).send().await.unwrap();
        let actual = got.role().and_then(|r| r.assume_role_policy_document()).map(policy_json);
        match actual {
            Some(Some(doc)) => {
                compare_document(cx, &format!("{id}.AssumeRolePolicyDocument"), trust, &doc);
                checked.compared.push(format!("{id}.AssumeRolePolicyDocument"));
            }
            _ => checked.unchecked.push(format!("{id}.AssumeRolePolicyDocument (not readable back)")),
        }
    }
    let listed = clients.iam.list_role_policies().role_name(name).send().await.unwrap();
    let expected = props.get("Policies").and_then(Value::as_list).unwrap_or_default();
    assert_eq!(listed.policy_names().len(), expected.len(), "{id}: inline policies");
    for policy in expected {
        let policy_name = policy.get("PolicyName").and_then(Value::as_str).unwrap();
        let got =
            clients.iam.get_role_policy().role_name(name).policy_name(policy_name).send().await.unwrap();
        let doc = policy_json(got.policy_document())
            .unwrap_or_else(|| panic!("{id}: policy {policy_name} is not JSON"));
        let what = format!("{id}.Policies.{policy_name}");
        compare_document(cx, &what, policy.get("PolicyDocument").unwrap(), &doc);
        checked.compared.push(what);
    }
    for key in props.keys().filter(|k| !matches!(k.as_str(), "AssumeRolePolicyDocument" | "Policies")) {
        checked.unchecked.push(format!("{id}.{key} (no read-back compared)"));
    }
}

async fn queue(
    clients: &Clients,
    cx: &Context<'_>,
    id: &str,
    props: &formwork_template::Map,
    checked: &mut Checked,
) {
    let attributes =
        queue_attributes(clients, &cx.physical[id]).await.unwrap_or_else(|| panic!("{id}: no such queue"));
    for (key, value) in props {
        let what = format!("{id}.{key}");
        let done = match key.as_str() {
            "VisibilityTimeout"
            | "MessageRetentionPeriod"
            | "DelaySeconds"
            | "MaximumMessageSize"
            | "ReceiveMessageWaitTimeSeconds"
            | "KmsMasterKeyId"
            | "KmsDataKeyReusePeriodSeconds" => {
                cx.matches(&what, value, attributes.get(key).map(String::as_str))
            }
            "FifoQueue" | "ContentBasedDeduplication" | "SqsManagedSseEnabled" => {
                let actual = attributes.get(key).map(|v| v.to_ascii_lowercase());
                assert_eq!(actual, value.as_bool().map(|b| b.to_string()), "{what}");
                true
            }
            "RedrivePolicy" => {
                let actual: serde_json::Value =
                    serde_json::from_str(attributes.get(key).map_or("{}", String::as_str)).unwrap();
                let target = value.get("deadLetterTargetArn").unwrap();
                cx.matches(
                    &format!("{what}.deadLetterTargetArn"),
                    target,
                    actual["deadLetterTargetArn"].as_str(),
                );
                let count = actual["maxReceiveCount"]
                    .as_i64()
                    .or_else(|| actual["maxReceiveCount"].as_str()?.parse().ok());
                assert_eq!(
                    count,
                    value.get("maxReceiveCount").and_then(Value::as_i64),
                    "{what}.maxReceiveCount"
                );
                true
            }
            _ => false,
        };
        if done {
            checked.compared.push(what);
        } else {
            checked.unchecked.push(format!("{what} (no read-back compared)"));
        }
    }
}

/// A queue's attributes by name, or `None` when there is no such queue.
pub(crate) async fn queue_attributes(clients: &Clients, url: &str) -> Option<BTreeMap<String, String>> {
    let got = clients
        .sqs
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(aws_sdk_sqs::types::QueueAttributeName::All)
        .send()
        .await
        .ok()?;
    Some(got.attributes()?.iter().map(|(k, v)| (k.as_str().to_string(), v.clone())).collect())
}

/// Compares a policy document statement by statement: effect, actions (as sets),
/// principals' services and each resource.
fn compare_document(cx: &Context<'_>, what: &str, expected: &Value, actual: &serde_json::Value) {
    let expected = expected.get("Statement").and_then(Value::as_list).unwrap();
    let actual =
        actual["Statement"].as_array().unwrap_or_else(|| panic!("{what}: no statements in {actual}"));
    assert_eq!(actual.len(), expected.len(), "{what}: statements");
    for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
        let what = format!("{what}.Statement[{i}]");
        assert_eq!(e.get("Effect").and_then(Value::as_str), a["Effect"].as_str(), "{what}.Effect");
        assert_eq!(strings(e.get("Action")), json_strings(&a["Action"]), "{what}.Action");
        if let Some(services) = e.get("Principal").and_then(|p| p.get("Service")) {
            assert_eq!(strings(Some(services)), json_strings(&a["Principal"]["Service"]), "{what}.Principal");
        }
        let resources: Vec<&Value> = match e.get("Resource") {
            Some(Value::List(list)) => list.iter().collect(),
            Some(one) => vec![one],
            None => Vec::new(),
        };
        let actual_resources = json_strings(&a["Resource"]);
        assert_eq!(actual_resources.len(), resources.len(), "{what}.Resource: {actual_resources:?}");
        for r in resources {
            let found = actual_resources.iter().map(|a| cx.satisfies(r, a)).collect::<Vec<_>>();
            assert!(
                found.iter().any(|f| *f != Some(false)),
                "{what}.Resource: nothing in {actual_resources:?} is {r:?}"
            );
        }
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    let mut list: Vec<String> = match value {
        Some(Value::List(l)) => l.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        Some(v) => v.as_str().map(str::to_string).into_iter().collect(),
        None => Vec::new(),
    };
    list.sort();
    list
}

fn json_strings(value: &serde_json::Value) -> Vec<String> {
    let mut list: Vec<String> = match value {
        serde_json::Value::Array(a) => a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        serde_json::Value::String(s) => vec![s.clone()],
        _ => Vec::new(),
    };
    list.sort();
    list
}

//! Queues, topics, tables, buckets, streams and layers.

use formwork_template::{DeletionPolicy, Map, Resource, Value};

use super::Expander;
use crate::construct::AttributeKind;
use crate::construct::{
    Bucket, BucketEncryption, EventSource, Function, Layer, Queue, QueueEncryption, RemovalPolicy, S3Source,
    Stream, StreamMode, Table, Topic, DEFAULT_ALIAS,
};

pub(super) fn retention(policy: RemovalPolicy) -> Option<DeletionPolicy> {
    match policy {
        RemovalPolicy::Retain => Some(DeletionPolicy::Retain),
        RemovalPolicy::Delete => Some(DeletionPolicy::Delete),
    }
}

impl Expander<'_> {
    pub(super) fn queue(&mut self, q: &Queue) {
        let path = self.path("queue", &q.id);
        let mut r = Resource::new("AWS::SQS::Queue");
        if q.fifo {
            r = r.property("FifoQueue", true);
        }
        if q.content_based_deduplication {
            r = r.property("ContentBasedDeduplication", true);
        }
        r = r
            .maybe_property("VisibilityTimeout", q.visibility_timeout.map(|d| d.as_secs_i64()))
            .maybe_property("MessageRetentionPeriod", q.retention.map(|d| d.as_secs_i64()))
            .maybe_property("DelaySeconds", q.delay.map(|d| d.as_secs_i64()));
        let redrive =
            q.dead_letter_queue.as_ref().filter(|(dlq, _)| !self.kind_mismatch(&dlq.0, &q.id, &path));
        if let Some((dlq, max_receive_count)) = redrive {
            let arn = self.arn_of(&dlq.0, &q.id, &path);
            r = r.property(
                "RedrivePolicy",
                Value::map([
                    ("deadLetterTargetArn", arn),
                    ("maxReceiveCount", Value::from(*max_receive_count)),
                ]),
            );
        }
        r = match &q.encryption {
            QueueEncryption::SqsManaged => r.property("SqsManagedSseEnabled", true),
            QueueEncryption::Kms(key) => r.property("KmsMasterKeyId", key.as_str()),
        };
        let r = r.retention(retention(q.removal_policy));
        self.insert(q.id.clone(), r, path);
    }

    pub(super) fn topic(&mut self, t: &Topic) {
        let path = self.path("topic", &t.id);
        let r = Resource::new("AWS::SNS::Topic").property("KmsMasterKeyId", t.kms_key.as_str());
        self.insert(t.id.clone(), r, path);
    }

    pub(super) fn table(&mut self, t: &Table) {
        let path = self.path("table", &t.id);
        let mut keys = vec![(&t.partition_key, "HASH")];
        if let Some(sort) = &t.sort_key {
            keys.push((sort, "RANGE"));
        }
        let attributes = keys
            .iter()
            .map(|(k, _)| {
                Value::map([
                    ("AttributeName", Value::from(k.name.as_str())),
                    ("AttributeType", Value::from(k.attribute_type.as_str())),
                ])
            })
            .collect::<Vec<_>>();
        let schema = keys
            .iter()
            .map(|(k, role)| {
                Value::map([("AttributeName", Value::from(k.name.as_str())), ("KeyType", Value::from(*role))])
            })
            .collect::<Vec<_>>();
        let mut r = Resource::new("AWS::DynamoDB::Table")
            .property("BillingMode", "PAY_PER_REQUEST")
            .property("AttributeDefinitions", Value::List(attributes))
            .property("KeySchema", Value::List(schema));
        if let Some(view) = t.stream {
            r = r.property(
                "StreamSpecification",
                Value::map([("StreamViewType", Value::from(view.as_str()))]),
            );
        }
        if t.point_in_time_recovery {
            r = r.property(
                "PointInTimeRecoverySpecification",
                Value::map([("PointInTimeRecoveryEnabled", Value::from(true))]),
            );
        }
        let r = r.retention(retention(t.removal_policy));
        self.insert(t.id.clone(), r, path);
    }
}

impl Expander<'_> {
    /// The functions of this stack whose S3 sources notify from `bucket`, each with the
    /// ARN to invoke, the notification settings and its permission's logical id.
    fn notifications_of(&self, bucket: &str) -> Vec<(Value, &S3Source, String)> {
        let mut out = Vec::new();
        for f in &self.stack.functions {
            for source in &f.event_sources {
                let EventSource::S3(s) = source else {
                    continue;
                };
                if s.bucket.0.id == bucket && s.bucket.0.stack == self.stack.name {
                    out.push((invoke_arn(f), s, format!("{}{}Permission", f.id, bucket)));
                }
            }
        }
        out
    }

    /// A bucket's name as the template spells it: the name given, or — for a bucket
    /// that notifies functions — `<stack>-<id>-<account>-<region>`, so that a
    /// permission can name the bucket's ARN without referring to the bucket.
    fn bucket_name(&self, b: &Bucket) -> Option<Value> {
        if let Some(name) = &b.name {
            return Some(Value::from(name.as_str()));
        }
        if self.notifications_of(&b.id).is_empty() {
            return None;
        }
        Some(Value::sub(format!(
            "{}-${{AWS::AccountId}}-${{AWS::Region}}",
            generated_bucket_prefix(&self.stack.name, &b.id)
        )))
    }

    /// The name or ARN of a bucket of this stack that notifies functions, spelled from
    /// its name; `None` for other buckets, which are referred to as usual.
    pub(super) fn bucket_spelled(&self, id: &str, kind: AttributeKind) -> Option<Value> {
        let b = self.stack.extra.bucket(id)?;
        if self.notifications_of(id).is_empty() {
            return None;
        }
        match kind {
            AttributeKind::Arn => self.bucket_arn_text(id),
            _ => self.bucket_name(b),
        }
    }

    /// The ARN of the bucket with this id, spelled from its name (see `bucket_name`);
    /// `None` when the stack has no such bucket.
    pub(super) fn bucket_arn_text(&self, id: &str) -> Option<Value> {
        let b = self.stack.extra.bucket(id)?;
        Some(match self.bucket_name(b)? {
            Value::String(name) => Value::sub(format!("arn:${{AWS::Partition}}:s3:::{name}")),
            other => match other.as_intrinsic() {
                Some(formwork_template::Intrinsic::Sub { template, .. }) => {
                    Value::sub(format!("arn:${{AWS::Partition}}:s3:::{template}"))
                }
                _ => Value::join("", vec![Value::sub("arn:${AWS::Partition}:s3:::"), other]),
            },
        })
    }

    pub(super) fn bucket(&mut self, b: &Bucket) {
        let path = self.path("bucket", &b.id);
        let mut r = Resource::new("AWS::S3::Bucket").maybe_property("BucketName", self.bucket_name(b));
        let by_default = match &b.encryption {
            BucketEncryption::S3Managed => Value::map([("SSEAlgorithm", Value::from("AES256"))]),
            BucketEncryption::Kms(key) => Value::map([
                ("SSEAlgorithm", Value::from("aws:kms")),
                ("KMSMasterKeyID", Value::from(key.as_str())),
            ]),
        };
        r = r.property(
            "BucketEncryption",
            Value::map([(
                "ServerSideEncryptionConfiguration",
                Value::List(vec![Value::map([("ServerSideEncryptionByDefault", by_default)])]),
            )]),
        );
        r = r.property(
            "PublicAccessBlockConfiguration",
            Value::map([
                ("BlockPublicAcls", Value::from(true)),
                ("BlockPublicPolicy", Value::from(true)),
                ("IgnorePublicAcls", Value::from(true)),
                ("RestrictPublicBuckets", Value::from(true)),
            ]),
        );
        if b.versioned {
            r = r.property("VersioningConfiguration", Value::map([("Status", Value::from("Enabled"))]));
        }
        if let Some(age) = b.expiration {
            let days = i64::try_from(age.as_secs().div_ceil(86_400).max(1)).unwrap_or(i64::MAX);
            r = r.property(
                "LifecycleConfiguration",
                Value::map([(
                    "Rules",
                    Value::List(vec![Value::map([
                        ("Id", Value::from("ExpireObjects")),
                        ("Status", Value::from("Enabled")),
                        ("ExpirationInDays", Value::Int(days)),
                    ])]),
                )]),
            );
        }
        let notifications = self.notifications_of(&b.id);
        if !notifications.is_empty() {
            let mut configs = Vec::new();
            let mut depends_on: Vec<String> = Vec::new();
            for (arn, source, permission) in notifications {
                for event in source.event_types() {
                    let mut c = Map::new();
                    c.insert("Event".into(), Value::from(event));
                    c.insert("Function".into(), arn.clone());
                    let mut rules = Vec::new();
                    for (name, value) in [("prefix", &source.prefix), ("suffix", &source.suffix)] {
                        if let Some(v) = value {
                            rules.push(Value::map([
                                ("Name", Value::from(name)),
                                ("Value", Value::from(v.as_str())),
                            ]));
                        }
                    }
                    if !rules.is_empty() {
                        c.insert(
                            "Filter".into(),
                            Value::map([("S3Key", Value::map([("Rules", Value::List(rules))]))]),
                        );
                    }
                    configs.push(Value::Map(c));
                }
                if !depends_on.contains(&permission) {
                    depends_on.push(permission);
                }
            }
            r = r.property(
                "NotificationConfiguration",
                Value::map([("LambdaConfigurations", Value::List(configs))]),
            );
            r.depends_on = depends_on;
        }
        let r = r.retention(retention(b.removal_policy));
        self.insert(b.id.clone(), r, path);
    }

    pub(super) fn stream(&mut self, s: &Stream) {
        let path = self.path("stream", &s.id);
        let mut r = Resource::new("AWS::Kinesis::Stream");
        r = match s.mode {
            StreamMode::OnDemand => {
                r.property("StreamModeDetails", Value::map([("StreamMode", Value::from("ON_DEMAND"))]))
            }
            StreamMode::Provisioned(shards) => r
                .property("StreamModeDetails", Value::map([("StreamMode", Value::from("PROVISIONED"))]))
                .property("ShardCount", shards),
        };
        r = r.maybe_property(
            "RetentionPeriodHours",
            s.retention.map(|d| i64::try_from(d.as_secs().div_ceil(3_600)).unwrap_or(i64::MAX)),
        );
        r = r.property(
            "StreamEncryption",
            Value::map([("EncryptionType", Value::from("KMS")), ("KeyId", Value::from(s.kms_key.as_str()))]),
        );
        let r = r.retention(retention(s.removal_policy));
        self.insert(s.id.clone(), r, path);
    }

    pub(super) fn layer(&mut self, l: &Layer) {
        let path = self.path("layer", &l.id);
        let content = self.layer_content(&l.content, &l.id, &path);
        let mut r = Resource::new("AWS::Lambda::LayerVersion")
            .property("LayerName", l.id.as_str())
            .maybe_property("Description", l.description.as_deref())
            .property("Content", content);
        if !l.runtimes.is_empty() {
            r = r.property(
                "CompatibleRuntimes",
                Value::List(l.runtimes.iter().map(|rt| rt.as_str().into()).collect()),
            );
        }
        if !l.architectures.is_empty() {
            r = r.property(
                "CompatibleArchitectures",
                Value::List(l.architectures.iter().map(|a| a.as_str().into()).collect()),
            );
        }
        r = r.maybe_property("LicenseInfo", l.license.as_deref());
        // Kept, as SAM keeps layer versions: functions still pinned to an old version work.
        r.deletion_policy = Some(DeletionPolicy::Retain);
        self.insert(l.id.clone(), r, path);
    }
}

/// What a function's invokers call: its alias when it publishes one, else itself.
pub(super) fn invoke_arn(f: &Function) -> Value {
    match alias_of(f) {
        Some((_, alias_id)) => Value::ref_(alias_id),
        None => Value::get_att(&f.id, "Arn"),
    }
}

/// The alias a function publishes, if any: (name, logical id).
pub(super) fn alias_of(f: &Function) -> Option<(String, String)> {
    let name = f.alias.clone().or_else(|| f.provisioned_concurrency.map(|_| DEFAULT_ALIAS.to_string()))?;
    let id = format!("{}Alias{}", f.id, super::function::id_part(&name));
    Some((name, id))
}

/// The lower-case prefix of a generated bucket name: `<stack>-<id>`, at most 34
/// characters so that the account id and the longest region still fit in 63.
pub fn generated_bucket_prefix(stack: &str, id: &str) -> String {
    let raw = format!("{stack}-{id}").to_ascii_lowercase();
    let mut out: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    out.truncate(34);
    out.trim_matches('-').to_string()
}

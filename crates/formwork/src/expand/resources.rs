//! Queues, topics and tables.

use formwork_template::{DeletionPolicy, Resource, Value};

use super::Expander;
use crate::construct::{Queue, QueueEncryption, RemovalPolicy, Table, Topic};

fn retention(policy: RemovalPolicy) -> Option<DeletionPolicy> {
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
            .maybe_property("VisibilityTimeout", q.visibility_timeout.map(|d| d.as_secs() as i64))
            .maybe_property("MessageRetentionPeriod", q.retention.map(|d| d.as_secs() as i64))
            .maybe_property("DelaySeconds", q.delay.map(|d| d.as_secs() as i64));
        if let Some((dlq, max_receive_count)) = &q.dead_letter_queue {
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

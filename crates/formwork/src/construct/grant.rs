//! Grants by intent: each is an explicit, documented action list on one resource.

use super::{BucketRef, Handle, QueueRef, StreamRef, TableRef, TopicRef};

/// What a grant lets a function do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GrantIntent {
    /// Read a table's items.
    ReadData,
    /// Write a table's items.
    WriteData,
    /// Read and write a table's items.
    ReadWriteData,
    /// Send messages to a queue.
    Send,
    /// Receive and delete a queue's messages.
    Consume,
    /// Publish to a topic.
    Publish,
    /// Read a bucket's objects.
    ReadObjects,
    /// Write and delete a bucket's objects.
    WriteObjects,
    /// Read, write and delete a bucket's objects.
    ReadWriteObjects,
    /// Put records on a Kinesis stream.
    PutRecords,
    /// Read a Secrets Manager secret's value.
    ReadSecret,
    /// Read an SSM parameter.
    ReadParameter,
    /// Decrypt with a KMS key.
    Decrypt,
    /// Encrypt with a KMS key.
    Encrypt,
}

impl GrantIntent {
    /// The name used in paths and the spec file.
    pub fn as_str(self) -> &'static str {
        match self {
            GrantIntent::ReadData => "read_data",
            GrantIntent::WriteData => "write_data",
            GrantIntent::ReadWriteData => "read_write_data",
            GrantIntent::Send => "send",
            GrantIntent::Consume => "consume",
            GrantIntent::Publish => "publish",
            GrantIntent::ReadObjects => "read_objects",
            GrantIntent::WriteObjects => "write_objects",
            GrantIntent::ReadWriteObjects => "read_write_objects",
            GrantIntent::PutRecords => "put_records",
            GrantIntent::ReadSecret | GrantIntent::ReadParameter => "read",
            GrantIntent::Decrypt => "decrypt",
            GrantIntent::Encrypt => "encrypt",
        }
    }

    /// The actions it grants, sorted.
    pub fn actions(self) -> &'static [&'static str] {
        match self {
            GrantIntent::ReadData => &[
                "dynamodb:BatchGetItem",
                "dynamodb:ConditionCheckItem",
                "dynamodb:DescribeTable",
                "dynamodb:GetItem",
                "dynamodb:Query",
                "dynamodb:Scan",
            ],
            GrantIntent::WriteData => &[
                "dynamodb:BatchWriteItem",
                "dynamodb:DeleteItem",
                "dynamodb:DescribeTable",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
            ],
            GrantIntent::ReadWriteData => &[
                "dynamodb:BatchGetItem",
                "dynamodb:BatchWriteItem",
                "dynamodb:ConditionCheckItem",
                "dynamodb:DeleteItem",
                "dynamodb:DescribeTable",
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:Query",
                "dynamodb:Scan",
                "dynamodb:UpdateItem",
            ],
            GrantIntent::Send => &["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
            GrantIntent::Consume => &[
                "sqs:ChangeMessageVisibility",
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
                "sqs:GetQueueUrl",
                "sqs:ReceiveMessage",
            ],
            GrantIntent::Publish => &["sns:Publish"],
            GrantIntent::ReadObjects => &["s3:GetObject", "s3:ListBucket"],
            GrantIntent::WriteObjects => &["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject"],
            GrantIntent::ReadWriteObjects => &[
                "s3:AbortMultipartUpload",
                "s3:DeleteObject",
                "s3:GetObject",
                "s3:ListBucket",
                "s3:PutObject",
            ],
            GrantIntent::PutRecords => &[
                "kinesis:DescribeStreamSummary",
                "kinesis:ListShards",
                "kinesis:PutRecord",
                "kinesis:PutRecords",
            ],
            GrantIntent::ReadSecret => &["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
            GrantIntent::ReadParameter => &["ssm:GetParameter", "ssm:GetParameters"],
            GrantIntent::Decrypt => &["kms:Decrypt"],
            GrantIntent::Encrypt => &["kms:Encrypt", "kms:GenerateDataKey"],
        }
    }

    /// Whether `action` applies to the objects of a bucket (`<bucket ARN>/*`) rather
    /// than to the bucket itself.
    pub fn on_objects(action: &str) -> bool {
        action.starts_with("s3:") && action != "s3:ListBucket"
    }
}

/// Permission for a function to use one resource in one way. Made by the resource's
/// handle (`table.read_data()`, `queue.send()`, ...); given with `Function::grant`. The
/// same grant twice adds nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Grant {
    pub(crate) target: Handle,
    pub(crate) intent: GrantIntent,
}

impl Grant {
    /// What it lets the function do.
    pub fn intent(&self) -> GrantIntent {
        self.intent
    }

    /// The resource it is for.
    pub fn target(&self) -> &Handle {
        &self.target
    }
}

impl TableRef {
    /// Read items: `dynamodb:BatchGetItem`, `ConditionCheckItem`, `DescribeTable`,
    /// `GetItem`, `Query`, `Scan` on this table.
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let orders = stack.add(Table::new("Orders", Key::new("id", AttributeType::String)));
    /// stack.add(function("Reader").grant(orders.read_data()));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("dynamodb:GetItem"), "{template}");
    /// assert!(template.contains("dynamodb:Query"), "{template}");
    /// assert!(template.contains("!GetAtt Orders.Arn"), "{template}");
    /// ```
    pub fn read_data(&self) -> Grant {
        self.grant(GrantIntent::ReadData)
    }

    /// Write items: `dynamodb:BatchWriteItem`, `DeleteItem`, `DescribeTable`, `PutItem`,
    /// `UpdateItem` on this table.
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let orders = stack.add(Table::new("Orders", Key::new("id", AttributeType::String)));
    /// stack.add(function("Writer").grant(orders.write_data()));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("dynamodb:PutItem"), "{template}");
    /// assert!(template.contains("dynamodb:BatchWriteItem"), "{template}");
    /// ```
    pub fn write_data(&self) -> Grant {
        self.grant(GrantIntent::WriteData)
    }

    /// Both [`TableRef::read_data`] and [`TableRef::write_data`].
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let orders = stack.add(Table::new("Orders", Key::new("id", AttributeType::String)));
    /// stack.add(function("Api").grant(orders.read_write_data()));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("dynamodb:GetItem"), "{template}");
    /// assert!(template.contains("dynamodb:UpdateItem"), "{template}");
    /// ```
    pub fn read_write_data(&self) -> Grant {
        self.grant(GrantIntent::ReadWriteData)
    }

    fn grant(&self, intent: GrantIntent) -> Grant {
        Grant { target: self.0.clone(), intent }
    }
}

impl QueueRef {
    /// Send messages: `sqs:SendMessage`, `GetQueueAttributes`, `GetQueueUrl` on this queue.
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let jobs = stack.add(Queue::new("Jobs"));
    /// stack.add(function("Producer").env("JOBS_URL", jobs.url()).grant(jobs.send()));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("sqs:SendMessage"), "{template}");
    /// assert!(template.contains("!GetAtt Jobs.Arn"), "{template}");
    /// ```
    pub fn send(&self) -> Grant {
        Grant { target: self.0.clone(), intent: GrantIntent::Send }
    }

    /// Consume messages by polling: `sqs:ReceiveMessage`, `DeleteMessage`,
    /// `ChangeMessageVisibility`, `GetQueueAttributes`, `GetQueueUrl` on this queue.
    /// (An event source mapping brings its own, narrower grant.)
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let jobs = stack.add(Queue::new("Jobs"));
    /// stack.add(function("Drainer").grant(jobs.consume()));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("sqs:ReceiveMessage"), "{template}");
    /// assert!(template.contains("sqs:DeleteMessage"), "{template}");
    /// ```
    pub fn consume(&self) -> Grant {
        Grant { target: self.0.clone(), intent: GrantIntent::Consume }
    }
}

impl TopicRef {
    /// Publish: `sns:Publish` on this topic.
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let events = stack.add(Topic::new("Events"));
    /// stack.add(function("Announcer").env("TOPIC_ARN", events.arn()).grant(events.publish()));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("sns:Publish"), "{template}");
    /// assert!(template.contains("!Ref Events"), "{template}");
    /// ```
    pub fn publish(&self) -> Grant {
        Grant { target: self.0.clone(), intent: GrantIntent::Publish }
    }
}

impl BucketRef {
    /// Read objects: `s3:GetObject` on this bucket's objects and `s3:ListBucket` on the
    /// bucket (so a missing key reads as 404, not 403).
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let uploads = stack.add(Bucket::new("Uploads"));
    /// stack.add(function("Reader").grant(uploads.read_objects()));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("s3:GetObject"), "{template}");
    /// assert!(template.contains("s3:ListBucket"), "{template}");
    /// assert!(template.contains("${Uploads.Arn}/*"), "{template}");
    /// ```
    pub fn read_objects(&self) -> Grant {
        Grant { target: self.0.clone(), intent: GrantIntent::ReadObjects }
    }

    /// Write objects: `s3:PutObject`, `DeleteObject`, `AbortMultipartUpload` on this
    /// bucket's objects.
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let reports = stack.add(Bucket::new("Reports"));
    /// stack.add(function("Writer").grant(reports.write_objects()));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("s3:PutObject"), "{template}");
    /// assert!(template.contains("${Reports.Arn}/*"), "{template}");
    /// ```
    pub fn write_objects(&self) -> Grant {
        Grant { target: self.0.clone(), intent: GrantIntent::WriteObjects }
    }

    /// Both [`BucketRef::read_objects`] and [`BucketRef::write_objects`].
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let files = stack.add(Bucket::new("Files"));
    /// stack.add(function("Editor").grant(files.read_write_objects()));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("s3:GetObject"), "{template}");
    /// assert!(template.contains("s3:PutObject"), "{template}");
    /// ```
    pub fn read_write_objects(&self) -> Grant {
        Grant { target: self.0.clone(), intent: GrantIntent::ReadWriteObjects }
    }
}

impl StreamRef {
    /// Put records: `kinesis:PutRecord`, `PutRecords`, `ListShards`,
    /// `DescribeStreamSummary` on this stream. (A stream event source brings its own
    /// read grant.)
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let clicks = stack.add(Stream::new("Clicks"));
    /// stack.add(function("Tracker").env("STREAM", clicks.name()).grant(clicks.put_records()));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("kinesis:PutRecords"), "{template}");
    /// assert!(template.contains("!GetAtt Clicks.Arn"), "{template}");
    /// ```
    pub fn put_records(&self) -> Grant {
        Grant { target: self.0.clone(), intent: GrantIntent::PutRecords }
    }
}

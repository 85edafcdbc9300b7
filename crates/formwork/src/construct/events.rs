//! Event sources: what invokes a function and how. Pollers (SQS, Kinesis, DynamoDB
//! streams) become event source mappings read with the function's role; pushers (SNS,
//! S3, EventBridge, API Gateway) get a resource-based permission scoped to their ARN.

use super::invoke::FailedBatchTarget;
use super::{BucketRef, HttpApiRef, QueueRef, RestApiRef, StreamRef, TableRef, TopicRef};
use crate::units::Duration;

/// Anything [`Function::event_source`](super::Function::event_source) takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventSource {
    /// An SQS queue, polled.
    Sqs(SqsSource),
    /// A Kinesis stream or a DynamoDB table's stream, polled.
    Stream(StreamSource),
    /// An SNS topic subscription (asynchronous).
    Sns(SnsSource),
    /// S3 object notifications (asynchronous).
    S3(S3Source),
    /// An EventBridge rule: an event pattern or a schedule (asynchronous).
    Rule(EventRule),
    /// An API Gateway route (synchronous).
    Api(ApiRoute),
}

macro_rules! into_source {
    ($($ty:ident => $variant:ident),*) => {$(
        impl From<$ty> for EventSource {
            fn from(s: $ty) -> EventSource {
                EventSource::$variant(s)
            }
        }
    )*};
}
into_source!(SqsSource => Sqs, StreamSource => Stream, SnsSource => Sns, S3Source => S3, EventRule => Rule, ApiRoute => Api);

/// An SQS queue as an event source: Lambda polls it and invokes the function with
/// batches (`AWS::Lambda::EventSourceMapping`). Grants `sqs:ReceiveMessage`,
/// `sqs:DeleteMessage` and `sqs:GetQueueAttributes` on that queue only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqsSource {
    pub(crate) queue: QueueRef,
    pub(crate) batch_size: Option<u32>,
    pub(crate) batching_window: Option<Duration>,
    pub(crate) report_batch_item_failures: bool,
    pub(crate) maximum_concurrency: Option<u32>,
    pub(crate) filters: Vec<String>,
}

impl SqsSource {
    /// Polls this queue.
    pub fn new(queue: &QueueRef) -> SqsSource {
        SqsSource {
            queue: queue.clone(),
            batch_size: None,
            batching_window: None,
            report_batch_item_failures: false,
            maximum_concurrency: None,
            filters: Vec::new(),
        }
    }

    /// Records per invocation (`BatchSize`), 1 to 10,000 (10 for FIFO queues); above 10
    /// needs a batching window. Default: 10.
    #[must_use]
    pub fn batch_size(mut self, size: u32) -> SqsSource {
        self.batch_size = Some(size);
        self
    }

    /// How long to gather records before invoking (`MaximumBatchingWindowInSeconds`),
    /// 0 to 300 s. Default: 0.
    #[must_use]
    pub fn batching_window(mut self, window: Duration) -> SqsSource {
        self.batching_window = Some(window);
        self
    }

    /// Lets the function return the messages that failed, so only those are retried
    /// (`FunctionResponseTypes: [ReportBatchItemFailures]`). Default: off.
    #[must_use]
    pub fn report_batch_item_failures(mut self) -> SqsSource {
        self.report_batch_item_failures = true;
        self
    }

    /// The most concurrent invocations this source may cause
    /// (`ScalingConfig.MaximumConcurrency`), 2 to 1,000. Default: unlimited.
    #[must_use]
    pub fn maximum_concurrency(mut self, n: u32) -> SqsSource {
        self.maximum_concurrency = Some(n);
        self
    }

    /// Adds an event filter, a JSON pattern such as `{"body": {"type": ["order"]}}`
    /// (`FilterCriteria.Filters[].Pattern`); at most 20. Default: none (every message).
    #[must_use]
    pub fn filter(mut self, pattern: impl Into<String>) -> SqsSource {
        self.filters.push(pattern.into());
        self
    }
}

/// Where in a stream a new mapping starts reading (`StartingPosition`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartingPosition {
    /// Only records added after the mapping is created (`LATEST`).
    Latest,
    /// The oldest record still in the stream (`TRIM_HORIZON`).
    TrimHorizon,
    /// Records from this Unix time in seconds (`AT_TIMESTAMP`; Kinesis only).
    AtTimestamp(u64),
}

impl StartingPosition {
    /// The name Lambda uses.
    pub fn as_str(self) -> &'static str {
        match self {
            StartingPosition::Latest => "LATEST",
            StartingPosition::TrimHorizon => "TRIM_HORIZON",
            StartingPosition::AtTimestamp(_) => "AT_TIMESTAMP",
        }
    }
}

/// The stream a [`StreamSource`] reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamOrigin {
    /// A Kinesis data stream.
    Kinesis(StreamRef),
    /// A DynamoDB table's stream (the table needs `Table::stream`).
    DynamoDb(TableRef),
}

/// A Kinesis stream or a DynamoDB table stream as an event source
/// (`AWS::Lambda::EventSourceMapping`). Grants the stream's read actions on its ARN only
/// (`kinesis:DescribeStream`, `DescribeStreamSummary`, `GetRecords`, `GetShardIterator`,
/// `ListShards`, `SubscribeToShard`; or `dynamodb:DescribeStream`, `GetRecords`,
/// `GetShardIterator`, plus `dynamodb:ListStreams`, which accepts no resource ARN).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamSource {
    pub(crate) origin: StreamOrigin,
    pub(crate) starting_position: StartingPosition,
    pub(crate) batch_size: Option<u32>,
    pub(crate) batching_window: Option<Duration>,
    pub(crate) bisect_on_error: bool,
    pub(crate) maximum_record_age: Option<Duration>,
    pub(crate) retry_attempts: Option<u32>,
    pub(crate) parallelization: Option<u32>,
    pub(crate) tumbling_window: Option<Duration>,
    pub(crate) report_batch_item_failures: bool,
    pub(crate) filters: Vec<String>,
    pub(crate) on_failure: Option<FailedBatchTarget>,
}

impl StreamSource {
    /// Reads a Kinesis data stream from `start`.
    pub fn kinesis(stream: &StreamRef, start: StartingPosition) -> StreamSource {
        StreamSource::new(StreamOrigin::Kinesis(stream.clone()), start)
    }

    /// Reads a DynamoDB table's stream from `start` (the table needs `Table::stream`).
    pub fn dynamodb(table: &TableRef, start: StartingPosition) -> StreamSource {
        StreamSource::new(StreamOrigin::DynamoDb(table.clone()), start)
    }

    fn new(origin: StreamOrigin, starting_position: StartingPosition) -> StreamSource {
        StreamSource {
            origin,
            starting_position,
            batch_size: None,
            batching_window: None,
            bisect_on_error: false,
            maximum_record_age: None,
            retry_attempts: None,
            parallelization: None,
            tumbling_window: None,
            report_batch_item_failures: false,
            filters: Vec::new(),
            on_failure: None,
        }
    }

    /// Records per invocation (`BatchSize`), 1 to 10,000. Default: 100.
    #[must_use]
    pub fn batch_size(mut self, size: u32) -> StreamSource {
        self.batch_size = Some(size);
        self
    }

    /// How long to gather records before invoking (`MaximumBatchingWindowInSeconds`),
    /// 0 to 300 s. Default: 0.
    #[must_use]
    pub fn batching_window(mut self, window: Duration) -> StreamSource {
        self.batching_window = Some(window);
        self
    }

    /// Splits a failing batch in two and retries each half, isolating a bad record
    /// (`BisectBatchOnFunctionError: true`). Default: off.
    #[must_use]
    pub fn bisect_on_error(mut self) -> StreamSource {
        self.bisect_on_error = true;
        self
    }

    /// Skips records older than this (`MaximumRecordAgeInSeconds`), 60 s to 7 days.
    /// Default: no limit (-1).
    #[must_use]
    pub fn maximum_record_age(mut self, age: Duration) -> StreamSource {
        self.maximum_record_age = Some(age);
        self
    }

    /// Retries a failing batch at most this often (`MaximumRetryAttempts`), 0 to
    /// 10,000. Default: until the records expire (-1).
    #[must_use]
    pub fn retry_attempts(mut self, n: u32) -> StreamSource {
        self.retry_attempts = Some(n);
        self
    }

    /// Batches processed at once per shard (`ParallelizationFactor`), 1 to 10.
    /// Default: 1.
    #[must_use]
    pub fn parallelization(mut self, factor: u32) -> StreamSource {
        self.parallelization = Some(factor);
        self
    }

    /// Aggregates state over windows of this length (`TumblingWindowInSeconds`), 0 to
    /// 900 s. Default: none.
    #[must_use]
    pub fn tumbling_window(mut self, window: Duration) -> StreamSource {
        self.tumbling_window = Some(window);
        self
    }

    /// Lets the function return the first record that failed, so the batch is retried
    /// from there (`FunctionResponseTypes: [ReportBatchItemFailures]`). Default: off.
    #[must_use]
    pub fn report_batch_item_failures(mut self) -> StreamSource {
        self.report_batch_item_failures = true;
        self
    }

    /// Adds an event filter, a JSON pattern (`FilterCriteria.Filters[].Pattern`); at
    /// most 20. Default: none (every record).
    #[must_use]
    pub fn filter(mut self, pattern: impl Into<String>) -> StreamSource {
        self.filters.push(pattern.into());
        self
    }

    /// Where a record of each discarded batch goes
    /// (`DestinationConfig.OnFailure.Destination`): a queue, a topic or a bucket. Grants
    /// `sqs:SendMessage`, `sns:Publish`, or `s3:PutObject` and `s3:ListBucket` on it.
    /// Default: none (discarded batches are lost).
    #[must_use]
    pub fn on_failure(mut self, target: impl Into<FailedBatchTarget>) -> StreamSource {
        self.on_failure = Some(target.into());
        self
    }
}

/// An SNS topic as an event source: the function subscribes to it
/// (`AWS::SNS::Subscription`, protocol `lambda`) and the topic may invoke it
/// (`AWS::Lambda::Permission` with the topic's ARN as `SourceArn`). Invocations are
/// asynchronous.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnsSource {
    pub(crate) topic: TopicRef,
    pub(crate) filter_policy: Option<String>,
}

impl SnsSource {
    /// Subscribes to this topic.
    pub fn new(topic: &TopicRef) -> SnsSource {
        SnsSource { topic: topic.clone(), filter_policy: None }
    }

    /// Only messages whose attributes match this JSON policy, e.g.
    /// `{"kind": ["order"]}` (`FilterPolicy`). Default: every message.
    #[must_use]
    pub fn filter_policy(mut self, policy: impl Into<String>) -> SnsSource {
        self.filter_policy = Some(policy.into());
        self
    }
}

/// An S3 bucket's object notifications as an event source: the bucket's
/// `NotificationConfiguration` names the function, and a permission lets S3 invoke it,
/// limited to that bucket (`SourceArn`) and this account (`SourceAccount`). The bucket
/// waits for the permission (`DependsOn`), which names the bucket's ARN without
/// referring to the bucket, so the two deploy without a circular dependency.
/// Invocations are asynchronous.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Source {
    pub(crate) bucket: BucketRef,
    pub(crate) events: Vec<String>,
    pub(crate) prefix: Option<String>,
    pub(crate) suffix: Option<String>,
}

impl S3Source {
    /// Notifications of this bucket.
    pub fn new(bucket: &BucketRef) -> S3Source {
        S3Source { bucket: bucket.clone(), events: Vec::new(), prefix: None, suffix: None }
    }

    /// Adds an S3 event type, e.g. `s3:ObjectCreated:*` or `s3:ObjectRemoved:Delete`
    /// (one `LambdaConfigurations` entry each). Default: `s3:ObjectCreated:*`.
    #[must_use]
    pub fn event(mut self, event: impl Into<String>) -> S3Source {
        self.events.push(event.into());
        self
    }

    /// Only keys starting with this (`Filter.S3Key.Rules` `prefix`). Default: any key.
    #[must_use]
    pub fn prefix(mut self, prefix: impl Into<String>) -> S3Source {
        self.prefix = Some(prefix.into());
        self
    }

    /// Only keys ending with this (`Filter.S3Key.Rules` `suffix`). Default: any key.
    #[must_use]
    pub fn suffix(mut self, suffix: impl Into<String>) -> S3Source {
        self.suffix = Some(suffix.into());
        self
    }

    /// The event types, with the default filled in.
    pub(crate) fn event_types(&self) -> Vec<String> {
        if self.events.is_empty() {
            vec!["s3:ObjectCreated:*".to_string()]
        } else {
            self.events.clone()
        }
    }
}

/// When a scheduled rule fires (`ScheduleExpression`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Schedule {
    /// Every so often: `rate(5 minutes)`.
    Rate(Duration),
    /// A cron expression of six fields, e.g. `0 6 * * ? *` for 06:00 UTC every day.
    Cron(String),
}

impl Schedule {
    /// Every `every` (whole minutes, hours or days).
    pub fn rate(every: Duration) -> Schedule {
        Schedule::Rate(every)
    }

    /// A six-field cron expression (minutes, hours, day of month, month, day of week,
    /// year), in UTC.
    pub fn cron(fields: impl Into<String>) -> Schedule {
        Schedule::Cron(fields.into())
    }

    /// The expression EventBridge takes: `rate(1 hour)`, `cron(0 6 * * ? *)`.
    pub fn expression(&self) -> String {
        match self {
            Schedule::Cron(fields) => format!("cron({fields})"),
            Schedule::Rate(d) => {
                let s = d.as_secs();
                let (n, unit) = if s % 86_400 == 0 && s > 0 {
                    (s / 86_400, "day")
                } else if s % 3_600 == 0 && s > 0 {
                    (s / 3_600, "hour")
                } else {
                    (s / 60, "minute")
                };
                format!("rate({n} {unit}{})", if n == 1 { "" } else { "s" })
            }
        }
    }
}

/// What makes an [`EventRule`] fire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleTrigger {
    /// Events on the default bus matching a JSON pattern (`EventPattern`).
    Pattern(String),
    /// A schedule (`ScheduleExpression`).
    Schedule(Schedule),
}

/// An EventBridge rule that invokes the function (`AWS::Events::Rule` with the function
/// as its target, and a permission limited to the rule's ARN). Invocations are
/// asynchronous.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRule {
    pub(crate) id: String,
    pub(crate) trigger: RuleTrigger,
    pub(crate) description: Option<String>,
    pub(crate) input: Option<String>,
    pub(crate) enabled: bool,
}

impl EventRule {
    /// A rule matching events on the default bus. `id` names it within the function:
    /// the rule's logical id is the function's id followed by `id`.
    pub fn pattern(id: impl Into<String>, pattern: impl Into<String>) -> EventRule {
        EventRule::new(id.into(), RuleTrigger::Pattern(pattern.into()))
    }

    /// A rule that fires on a schedule (see [`EventRule::pattern`] for `id`).
    pub fn schedule(id: impl Into<String>, schedule: Schedule) -> EventRule {
        EventRule::new(id.into(), RuleTrigger::Schedule(schedule))
    }

    fn new(id: String, trigger: RuleTrigger) -> EventRule {
        EventRule { id, trigger, description: None, input: None, enabled: true }
    }

    /// `Description`, at most 512 characters. Default: none.
    #[must_use]
    pub fn description(mut self, text: impl Into<String>) -> EventRule {
        self.description = Some(text.into());
        self
    }

    /// A fixed JSON event to pass instead of the matched one (`Targets[].Input`).
    /// Default: the event itself.
    #[must_use]
    pub fn input(mut self, json: impl Into<String>) -> EventRule {
        self.input = Some(json.into());
        self
    }

    /// Creates the rule switched off (`State: DISABLED`). Default: enabled.
    #[must_use]
    pub fn disabled(mut self) -> EventRule {
        self.enabled = false;
        self
    }
}

/// An HTTP method of an API route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
    /// Any method (`ANY`).
    Any,
}

impl Method {
    /// The upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Any => "ANY",
        }
    }
}

/// The API a route belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiTarget {
    /// A REST API.
    Rest(RestApiRef),
    /// An HTTP API.
    Http(HttpApiRef),
}

/// A route of an API Gateway API that invokes the function through a proxy
/// integration; the permission names that API's execution ARN, method and path only.
/// Invocations are synchronous.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRoute {
    pub(crate) api: ApiTarget,
    pub(crate) method: Method,
    pub(crate) path: String,
}

impl ApiRoute {
    /// A route of a REST API, e.g. `ApiRoute::rest(&api, Method::Get, "/orders/{id}")`.
    pub fn rest(api: &RestApiRef, method: Method, path: impl Into<String>) -> ApiRoute {
        ApiRoute { api: ApiTarget::Rest(api.clone()), method, path: path.into() }
    }

    /// A route of an HTTP API, e.g. `ApiRoute::http(&api, Method::Post, "/orders")`.
    pub fn http(api: &HttpApiRef, method: Method, path: impl Into<String>) -> ApiRoute {
        ApiRoute { api: ApiTarget::Http(api.clone()), method, path: path.into() }
    }

    /// The route's name for logical ids: `GET /orders/{id}` → `GetOrdersId`.
    pub(crate) fn name(&self) -> String {
        let mut out = pascal(&self.method.as_str().to_lowercase());
        for part in self.path.split(|c: char| !c.is_ascii_alphanumeric()) {
            out.push_str(&pascal(part));
        }
        out
    }
}

/// `orders` → `Orders`.
fn pascal(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_expressions() {
        assert_eq!(Schedule::rate(Duration::hours(1)).expression(), "rate(1 hour)");
        assert_eq!(Schedule::rate(Duration::minutes(5)).expression(), "rate(5 minutes)");
        assert_eq!(Schedule::rate(Duration::days(2)).expression(), "rate(2 days)");
        assert_eq!(Schedule::cron("0 6 * * ? *").expression(), "cron(0 6 * * ? *)");
    }
}

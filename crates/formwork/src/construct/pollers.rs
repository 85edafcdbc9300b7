//! Event sources Lambda polls with the function's role: SQS queues, Kinesis streams and
//! DynamoDB table streams (`AWS::Lambda::EventSourceMapping`).

use super::invoke::FailedBatchTarget;
use super::{QueueRef, StreamRef, TableRef};
use crate::units::Duration;

/// An SQS queue as an event source: Lambda polls it and invokes the function with
/// batches (`AWS::Lambda::EventSourceMapping`). Grants `sqs:ReceiveMessage`,
/// `sqs:DeleteMessage` and `sqs:GetQueueAttributes` on that queue only.
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let jobs = stack.add(Queue::new("Jobs").visibility_timeout(Duration::secs(60)));
/// let source = SqsSource::new(&jobs).batch_size(10).report_batch_item_failures();
/// stack.add(function("Worker").timeout(Duration::secs(10)).event_source(source));
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("Type: AWS::Lambda::EventSourceMapping"), "{template}");
/// assert!(template.contains("BatchSize: 10"), "{template}");
/// assert!(template.contains("sqs:ReceiveMessage"), "{template}");
/// ```
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
/// `ListShards`; or `dynamodb:DescribeStream`, `GetRecords`,
/// `GetShardIterator`, plus `dynamodb:ListStreams`, which accepts no resource ARN).
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let clicks = stack.add(Stream::new("Clicks"));
/// let orders = stack.add(Table::new("Orders", Key::new("id", AttributeType::String)).stream(StreamView::NewImage));
/// let failed = stack.add(Queue::new("Failed"));
/// stack.add(
///     function("Consumer")
///         .event_source(StreamSource::kinesis(&clicks, StartingPosition::Latest).on_failure(&failed))
///         .event_source(StreamSource::dynamodb(&orders, StartingPosition::TrimHorizon).on_failure(&failed)),
/// );
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("StartingPosition: LATEST"), "{template}");
/// assert!(template.contains("StartingPosition: TRIM_HORIZON"), "{template}");
/// assert!(template.contains("kinesis:GetRecords"), "{template}");
/// assert!(template.contains("dynamodb:GetRecords"), "{template}");
/// ```
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
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let clicks = stack.add(Stream::new("Clicks"));
    /// let failed = stack.add(Queue::new("FailedClicks"));
    /// let source = StreamSource::kinesis(&clicks, StartingPosition::Latest).retry_attempts(3).on_failure(&failed);
    /// stack.add(function("Consumer").event_source(source));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("DestinationConfig:"), "{template}");
    /// assert!(template.contains("MaximumRetryAttempts: 3"), "{template}");
    /// assert!(template.contains("sqs:SendMessage"), "{template}");
    /// ```
    #[must_use]
    pub fn on_failure(mut self, target: impl Into<FailedBatchTarget>) -> StreamSource {
        self.on_failure = Some(target.into());
        self
    }
}

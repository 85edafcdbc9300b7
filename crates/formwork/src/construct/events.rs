//! Event sources: what invokes a function and how. Pollers (SQS, Kinesis, DynamoDB
//! streams) become event source mappings read with the function's role; pushers (SNS,
//! S3, EventBridge, API Gateway) get a resource-based permission scoped to their ARN.

pub use super::pollers::{SqsSource, StartingPosition, StreamOrigin, StreamSource};
use super::{BucketRef, HttpApiRef, RestApiRef, TopicRef};
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

/// An SNS topic as an event source: the function subscribes to it
/// (`AWS::SNS::Subscription`, protocol `lambda`) and the topic may invoke it
/// (`AWS::Lambda::Permission` with the topic's ARN as `SourceArn`). Invocations are
/// asynchronous.
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let orders = stack.add(Topic::new("Orders"));
/// let failed = stack.add(Queue::new("Failed"));
/// stack.add(
///     function("Billing")
///         .event_source(SnsSource::new(&orders).filter_policy(r#"{"status": ["paid"]}"#))
///         .dead_letter_queue(&failed),
/// );
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("Type: AWS::SNS::Subscription"), "{template}");
/// assert!(template.contains("Protocol: lambda"), "{template}");
/// assert!(template.contains("FilterPolicy:"), "{template}");
/// ```
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
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let uploads = stack.add(Bucket::new("Uploads"));
/// let failed = stack.add(Queue::new("Failed"));
/// stack.add(
///     function("Thumbnail")
///         .event_source(S3Source::new(&uploads).prefix("images/").suffix(".jpg"))
///         .dead_letter_queue(&failed)
///         .grant(uploads.read_objects()),
/// );
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("LambdaConfigurations:"), "{template}");
/// assert!(template.contains("Event: s3:ObjectCreated:*"), "{template}");
/// assert!(template.contains("Value: images/"), "{template}");
/// ```
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
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let failed = stack.add(Queue::new("Failed"));
/// stack.add(
///     function("Report")
///         .event_source(EventRule::schedule("Hourly", Schedule::rate(Duration::hours(1))))
///         .event_source(EventRule::schedule("Morning", Schedule::cron("0 6 * * ? *")))
///         .on_failure(&failed),
/// );
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("ScheduleExpression: rate(1 hour)"), "{template}");
/// assert!(template.contains("ScheduleExpression: cron(0 6 * * ? *)"), "{template}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Schedule {
    /// Every so often: `rate(5 minutes)`.
    Rate(Duration),
    /// A cron expression of six fields, e.g. `0 6 * * ? *` for 06:00 UTC every day.
    Cron(String),
}

impl Schedule {
    /// Every `every`: whole minutes, hours or days (EventBridge's units; anything else is
    /// reported by validation, FW221).
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
                } else if s % 60 == 0 {
                    (s / 60, "minute")
                } else {
                    // EventBridge has no rate in seconds: written as asked, validation
                    // reports it (FW221) instead of rounding it silently.
                    (s, "second")
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
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let failed = stack.add(Queue::new("Failed"));
/// let rule = EventRule::pattern("Launched", r#"{"source": ["aws.ec2"]}"#).description("New instances");
/// stack.add(function("Audit").event_source(rule).on_failure(&failed));
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("Type: AWS::Events::Rule"), "{template}");
/// assert!(template.contains("EventPattern:"), "{template}");
/// assert!(template.contains("Description: New instances"), "{template}");
/// ```
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
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let api = stack.add(HttpApi::new("Shop"));
/// stack.add(function("GetOrder").event_source(ApiRoute::http(&api, Method::Get, "/orders/{id}")));
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("Principal: apigateway.amazonaws.com"), "{template}");
/// assert!(template.contains("${Shop}/*/GET/orders/*"), "{template}");
/// ```
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
        assert_eq!(Schedule::rate(Duration::secs(90)).expression(), "rate(90 seconds)");
    }
}

//! One CloudFormation stack: its state, its change sets, and watching an operation on it
//! until it settles, printing each new stack event once, oldest first.

use std::time::{Duration, Instant};

use aws_sdk_cloudformation::types::{
    Capability, Change, ChangeSetStatus, ChangeSetType, Parameter, StackEvent, StackResource, Tag,
};

use crate::aws::{message, request_error, Aws};
use crate::console::Console;
use crate::error::{Error, FailedResource};

/// How often a stack or a change set is looked at while waiting.
const POLL: Duration = Duration::from_secs(2);
/// Time for CloudFormation to work out a change set.
const CHANGE_SET_TIMEOUT: Duration = Duration::from_secs(300);
/// Pages of events read at one look (100 events each).
const MAX_EVENT_PAGES: usize = 10;

/// A deployed stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StackInfo {
    /// Its ARN, which still names it after it is deleted.
    pub(crate) id: String,
    /// e.g. `UPDATE_COMPLETE`.
    pub(crate) status: String,
    /// Why it is in that status, when CloudFormation says.
    pub(crate) reason: Option<String>,
    /// Its outputs, key and value.
    pub(crate) outputs: Vec<(String, String)>,
}

/// The stack of that name or ARN; `None` when there is none (or it is deleted).
pub(crate) async fn describe(aws: &Aws, name: &str) -> Result<Option<StackInfo>, Error> {
    let response = match aws.cloudformation.describe_stacks().stack_name(name).send().await {
        Ok(r) => r,
        Err(e) if message(&e).contains("does not exist") => return Ok(None),
        Err(e) => return Err(request_error("DescribeStacks", format!("stack `{name}`"), &e)),
    };
    let Some(stack) = response.stacks().first() else {
        return Ok(None);
    };
    let status = stack.stack_status().map(|s| s.as_str().to_string()).unwrap_or_default();
    if status == "DELETE_COMPLETE" {
        return Ok(None);
    }
    Ok(Some(StackInfo {
        id: stack.stack_id().unwrap_or(name).to_string(),
        status,
        reason: stack.stack_status_reason().map(str::to_string),
        outputs: stack
            .outputs()
            .iter()
            .map(|o| {
                (
                    o.output_key().unwrap_or_default().to_string(),
                    o.output_value().unwrap_or_default().to_string(),
                )
            })
            .collect(),
    }))
}

/// What deploy does with a stack, given its status (`None`: no such stack).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Create it: there is no such stack.
    Create,
    /// It holds nothing: its creation failed and was rolled back (CloudFormation takes
    /// no change set for it), or it only holds the change sets of an earlier run that
    /// was stopped or failed before it created anything (`REVIEW_IN_PROGRESS`). Delete
    /// it, then create it.
    Recreate,
    /// Update it.
    Update,
    /// An operation is going on.
    Busy,
    /// A failed rollback or deletion: a person has to look.
    Stuck(&'static str),
}

/// The plan for a stack in this status.
pub(crate) fn plan(status: Option<&str>) -> Plan {
    match status {
        None => Plan::Create,
        Some("ROLLBACK_COMPLETE" | "REVIEW_IN_PROGRESS") => Plan::Recreate,
        Some(s) if s.ends_with("_IN_PROGRESS") => Plan::Busy,
        Some("ROLLBACK_FAILED") => Plan::Stuck("its rollback failed; delete it (destroy) and deploy again"),
        Some("UPDATE_ROLLBACK_FAILED") => Plan::Stuck(
            "its update rollback failed; continue the rollback (aws cloudformation continue-update-rollback) and deploy again",
        ),
        Some("DELETE_FAILED") => Plan::Stuck("its deletion failed; run destroy again, or look at its events"),
        Some(_) => Plan::Update,
    }
}

/// Whether a stack in this status has finished what it was doing.
pub(crate) fn settled(status: &str) -> bool {
    !status.ends_with("_IN_PROGRESS")
}

/// Where the template comes from.
pub(crate) enum TemplateSource {
    /// Sent with the request (up to 51,200 bytes).
    Body(String),
    /// Read by CloudFormation from S3.
    Url(String),
}

/// A change set to make.
pub(crate) struct ChangeSetRequest {
    pub(crate) stack: String,
    pub(crate) name: String,
    pub(crate) create: bool,
    pub(crate) template: TemplateSource,
    pub(crate) parameters: Vec<(String, String)>,
    pub(crate) tags: Vec<(String, String)>,
}

/// A change set CloudFormation made.
pub(crate) enum ChangeSet {
    /// Changes to review and execute, and the ARN of the stack they are for.
    Ready { id: String, stack_id: String, changes: Vec<Change> },
    /// The template and parameters are what is deployed: nothing to do.
    Empty { id: String },
}

/// Creates a change set and waits for CloudFormation to work it out.
pub(crate) async fn create_change_set(aws: &Aws, request: ChangeSetRequest) -> Result<ChangeSet, Error> {
    let stack = request.stack.clone();
    let mut call = aws
        .cloudformation
        .create_change_set()
        .stack_name(&request.stack)
        .change_set_name(&request.name)
        .change_set_type(if request.create { ChangeSetType::Create } else { ChangeSetType::Update })
        .description("formwork deploy")
        .capabilities(Capability::CapabilityIam)
        .capabilities(Capability::CapabilityAutoExpand);
    call = match request.template {
        TemplateSource::Body(body) => call.template_body(body),
        TemplateSource::Url(url) => call.template_url(url),
    };
    for (key, value) in request.parameters {
        call = call.parameters(Parameter::builder().parameter_key(key).parameter_value(value).build());
    }
    for (key, value) in request.tags {
        call = call.tags(Tag::builder().key(key).value(value).build());
    }
    let created =
        call.send().await.map_err(|e| request_error("CreateChangeSet", format!("stack `{stack}`"), &e))?;
    let id = created.id().unwrap_or(&request.name).to_string();
    let stack_id = created.stack_id().unwrap_or(&request.stack).to_string();
    let started = Instant::now();
    loop {
        let described = aws
            .cloudformation
            .describe_change_set()
            .change_set_name(&id)
            .stack_name(&stack)
            .send()
            .await
            .map_err(|e| request_error("DescribeChangeSet", format!("stack `{stack}`"), &e))?;
        match described.status() {
            Some(ChangeSetStatus::CreateComplete) => {
                let mut changes = described.changes().to_vec();
                let mut token = described.next_token().map(str::to_string);
                while let Some(next) = token {
                    let page = aws
                        .cloudformation
                        .describe_change_set()
                        .change_set_name(&id)
                        .stack_name(&stack)
                        .next_token(next)
                        .send()
                        .await
                        .map_err(|e| request_error("DescribeChangeSet", format!("stack `{stack}`"), &e))?;
                    changes.extend(page.changes().iter().cloned());
                    token = page.next_token().map(str::to_string);
                }
                return Ok(ChangeSet::Ready { id, stack_id, changes });
            }
            Some(ChangeSetStatus::Failed) => {
                let reason = described.status_reason().unwrap_or("no reason given").to_string();
                if is_no_change(&reason) {
                    return Ok(ChangeSet::Empty { id });
                }
                delete_change_set(aws, &id, &stack).await;
                return Err(Error::ChangeSet { stack, reason });
            }
            _ => {}
        }
        if started.elapsed() > CHANGE_SET_TIMEOUT {
            delete_change_set(aws, &id, &stack).await;
            return Err(Error::Timeout { stack, waiting_for: "the change set", waited: started.elapsed() });
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Whether a failed change set's reason says there was nothing to change.
pub(crate) fn is_no_change(reason: &str) -> bool {
    reason.contains("didn't contain changes") || reason.contains("No updates are to be performed")
}

/// Deletes a change set, as well as it can (it may be gone already).
pub(crate) async fn delete_change_set(aws: &Aws, id: &str, stack: &str) {
    let _ = aws.cloudformation.delete_change_set().change_set_name(id).stack_name(stack).send().await;
}

/// The stack's resources; empty when CloudFormation cannot list them.
pub(crate) async fn resources(aws: &Aws, stack: &str) -> Vec<StackResource> {
    match aws.cloudformation.describe_stack_resources().stack_name(stack).send().await {
        Ok(r) => r.stack_resources().to_vec(),
        Err(_) => Vec::new(),
    }
}

/// The id of the stack's newest event: events after it belong to what comes next.
pub(crate) async fn newest_event(aws: &Aws, stack: &str) -> Result<Option<String>, Error> {
    let page = aws
        .cloudformation
        .describe_stack_events()
        .stack_name(stack)
        .send()
        .await
        .map_err(|e| request_error("DescribeStackEvents", format!("stack `{stack}`"), &e))?;
    Ok(page.stack_events().first().and_then(|e| e.event_id()).map(str::to_string))
}

/// Watches one operation on a stack: new events, resources done, the first failure.
pub(crate) struct Watch {
    /// The stack's name, as events name the stack itself.
    pub(crate) name: String,
    /// The stack's ARN.
    pub(crate) id: String,
    /// The newest event already seen.
    last_seen: Option<String>,
    /// Resources that reached a final status.
    done: Vec<String>,
    /// Resources the operation touches.
    total: usize,
    /// The first resource that failed.
    pub(crate) first_failure: Option<Box<FailedResource>>,
    started: Instant,
}

impl Watch {
    pub(crate) fn new(name: &str, id: &str, fence: Option<String>, total: usize) -> Watch {
        Watch {
            name: name.to_string(),
            id: id.to_string(),
            last_seen: fence,
            done: Vec::new(),
            total,
            first_failure: None,
            started: Instant::now(),
        }
    }

    /// Waits until the stack settles (or is gone), printing events as they come.
    /// `None` means the stack no longer exists.
    pub(crate) async fn wait(
        &mut self,
        aws: &Aws,
        console: &mut Console<'_>,
        limit: Duration,
        waiting_for: &'static str,
    ) -> Result<Option<StackInfo>, Error> {
        loop {
            let info = describe(aws, &self.id).await?;
            self.read_events(aws, console).await?;
            let status = info.as_ref().map_or("gone", |i| i.status.as_str()).to_string();
            if info.as_ref().is_none_or(|i| settled(&i.status)) {
                console.end_status();
                return Ok(info);
            }
            console.status(self.status_line(&status));
            if self.started.elapsed() > limit {
                console.end_status();
                return Err(Error::Timeout {
                    stack: self.name.clone(),
                    waiting_for,
                    waited: self.started.elapsed(),
                });
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// `queue-worker-queue-worker  UPDATE_IN_PROGRESS  3/7 resources  0:42`
    fn status_line(&self, status: &str) -> String {
        let secs = self.started.elapsed().as_secs();
        format!(
            "{}  {status}  {}/{} resources  {}:{:02}",
            self.name,
            self.done.len().min(self.total),
            self.total,
            secs / 60,
            secs % 60
        )
    }

    /// `CREATE_COMPLETE (7/7 resources, 0:12)`: how the operation ended. On success every
    /// resource counts as done (some endpoints report no resource events).
    pub(crate) fn summary(&self, status: &str, success: bool) -> String {
        let secs = self.started.elapsed().as_secs();
        let done = if success { self.total } else { self.done.len().min(self.total) };
        format!("{status} ({done}/{} resources, {}:{:02})", self.total, secs / 60, secs % 60)
    }

    async fn read_events(&mut self, aws: &Aws, console: &mut Console<'_>) -> Result<(), Error> {
        let mut fresh: Vec<StackEvent> = Vec::new();
        let mut token: Option<String> = None;
        'pages: for _ in 0..MAX_EVENT_PAGES {
            let page = match aws
                .cloudformation
                .describe_stack_events()
                .stack_name(&self.id)
                .set_next_token(token)
                .send()
                .await
            {
                Ok(page) => page,
                // A stack deleted a moment ago may be unknown by name on some endpoints.
                Err(e) if message(&e).contains("does not exist") => break,
                Err(e) => {
                    return Err(request_error("DescribeStackEvents", format!("stack `{}`", self.name), &e))
                }
            };
            for event in page.stack_events() {
                if event.event_id().is_some() && event.event_id() == self.last_seen.as_deref() {
                    break 'pages;
                }
                fresh.push(event.clone());
            }
            token = page.next_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        if let Some(newest) = fresh.first().and_then(|e| e.event_id()) {
            self.last_seen = Some(newest.to_string());
        }
        for event in fresh.iter().rev() {
            self.record(event);
            console.say(&self.event_line(event, console.terminal().live));
        }
        Ok(())
    }

    fn record(&mut self, event: &StackEvent) {
        let id = event.logical_resource_id().unwrap_or_default();
        let status = event.resource_status().map(|s| s.as_str()).unwrap_or_default();
        if id == self.name || id.is_empty() {
            return;
        }
        let finished =
            status.ends_with("_COMPLETE") || status.ends_with("_FAILED") || status.ends_with("_SKIPPED");
        if finished && !self.done.iter().any(|d| d == id) {
            self.done.push(id.to_string());
        }
        if status.ends_with("_FAILED") {
            let reason = event.resource_status_reason().unwrap_or("no reason given");
            let secondary = reason.contains("cancelled");
            if self.first_failure.is_none() || (!secondary && self.first_failure_is_secondary()) {
                self.first_failure = Some(Box::new(FailedResource {
                    logical_id: id.to_string(),
                    resource_type: event.resource_type().unwrap_or_default().to_string(),
                    status: status.to_string(),
                    reason: reason.to_string(),
                }));
            }
        }
    }

    fn first_failure_is_secondary(&self) -> bool {
        self.first_failure.as_ref().is_some_and(|f| f.reason.contains("cancelled"))
    }

    /// `  21:04:09  CREATE_COMPLETE  Worker  AWS::Lambda::Function`, with the reason
    /// after a failure; without a terminal the count of resources done leads the line.
    fn event_line(&self, event: &StackEvent, live: bool) -> String {
        let secs = event.timestamp().map_or(0, |t| t.secs()).rem_euclid(86_400);
        let time = format!("{:02}:{:02}:{:02}", secs / 3600, secs % 3600 / 60, secs % 60);
        let status = event.resource_status().map(|s| s.as_str()).unwrap_or("?");
        let id = event.logical_resource_id().unwrap_or("?");
        let kind = event.resource_type().unwrap_or_default();
        let mut line = if live {
            format!("  {time}  {status:<20} {id}  {kind}")
        } else {
            format!("  [{}/{}] {time} {status} {id} {kind}", self.done.len().min(self.total), self.total)
        };
        if let Some(reason) = event.resource_status_reason().filter(|_| status.contains("FAILED")) {
            line.push_str(&format!(": {reason}"));
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_stack_status_has_a_plan() {
        assert_eq!(plan(None), Plan::Create);
        assert_eq!(plan(Some("REVIEW_IN_PROGRESS")), Plan::Recreate);
        assert_eq!(plan(Some("ROLLBACK_COMPLETE")), Plan::Recreate);
        assert_eq!(plan(Some("CREATE_COMPLETE")), Plan::Update);
        assert_eq!(plan(Some("UPDATE_ROLLBACK_COMPLETE")), Plan::Update);
        assert_eq!(plan(Some("UPDATE_IN_PROGRESS")), Plan::Busy);
        assert_eq!(plan(Some("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")), Plan::Busy);
        assert!(matches!(plan(Some("UPDATE_ROLLBACK_FAILED")), Plan::Stuck(_)));
        assert!(matches!(plan(Some("DELETE_FAILED")), Plan::Stuck(_)));
    }

    #[test]
    fn an_empty_change_set_is_recognized_by_its_reason() {
        assert!(is_no_change(
            "The submitted information didn't contain changes. Submit different information to create a change set."
        ));
        assert!(is_no_change("No updates are to be performed."));
        assert!(!is_no_change("Template format error: Unresolved resource dependencies [Jobs]"));
    }
}

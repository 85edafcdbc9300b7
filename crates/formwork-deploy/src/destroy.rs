//! `destroy`: the app's stacks deleted in reverse dependency order. CloudFormation keeps
//! each resource whose `DeletionPolicy` is `Retain`; destroy says which, with their
//! physical ids, so they can be found (or deleted by hand) later. The assets bucket is
//! kept too.

use std::time::Duration;

use formwork::expand::Expanded;
use formwork_template::DeletionPolicy;

use crate::aws::{request_error, Aws, AwsOptions};
use crate::console::Console;
use crate::error::Error;
use crate::naming::stack_name;
use crate::stack::{describe, newest_event, resources, settled, Watch};

/// How to destroy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Settings {
    pub(crate) aws: AwsOptions,
    pub(crate) yes: bool,
    pub(crate) dry_run: bool,
    pub(crate) timeout: Duration,
}

/// Destroys the stacks named in `order` (model names, in destroy order).
pub(crate) async fn destroy(
    app: &str,
    expanded: &[Expanded],
    order: &[String],
    settings: &Settings,
    console: &mut Console<'_>,
) -> Result<(), Error> {
    let aws = Aws::connect(&settings.aws).await?;
    let at = aws.endpoint_url.as_deref().map(|u| format!(" at {u}")).unwrap_or_default();
    console.say(&format!("destroying the stacks of app {app} in {}{at}", aws.region));
    let mut deleted = 0;
    for model in order {
        let name = stack_name(app, model);
        let Some(info) = describe(&aws, &name).await? else {
            console.say(&format!("\nstack {model} ({name}): not deployed"));
            continue;
        };
        console.say(&format!("\nstack {model} ({name}), {}", info.status));
        // A stack that only holds change sets (REVIEW_IN_PROGRESS) is waiting, not busy.
        if !settled(&info.status) && info.status != "REVIEW_IN_PROGRESS" {
            return Err(Error::Blocked {
                stack: name,
                status: info.status,
                help: "an operation is going on; wait for it to end, then destroy again",
            });
        }
        let policies = expanded.iter().find(|e| &e.stack == model).map(|e| &e.template.resources);
        let kept_by = |logical: &str| {
            policies
                .and_then(|r| r.get(logical))
                .and_then(|r| r.deletion_policy)
                .filter(|p| *p == DeletionPolicy::Retain)
                .is_some()
        };
        let listed = resources(&aws, &info.id).await;
        let kept: Vec<[&str; 3]> = listed
            .iter()
            .filter(|r| kept_by(r.logical_resource_id().unwrap_or_default()))
            .map(|r| {
                [
                    r.logical_resource_id().unwrap_or_default(),
                    r.resource_type().unwrap_or_default(),
                    r.physical_resource_id().unwrap_or_default(),
                ]
            })
            .collect();
        let width = |i: usize| kept.iter().map(|k| k[i].len()).max().unwrap_or(0);
        let (id_width, type_width) = (width(0), width(1));
        let kept: Vec<String> = kept
            .iter()
            .map(|[id, kind, physical]| format!("    {id:id_width$}  {kind:type_width$}  {physical}"))
            .collect();
        console.say(&format!(
            "  deletes {} resource(s) and keeps {} (DeletionPolicy: Retain){}",
            listed.len() - kept.len(),
            kept.len(),
            if kept.is_empty() { "" } else { ":" }
        ));
        for line in &kept {
            console.say(line);
        }
        if settings.dry_run {
            continue;
        }
        if !settings.yes && !console.confirm(&format!("destroy stack {name}?"))? {
            return Err(Error::Declined);
        }
        let fence = newest_event(&aws, &info.id).await?;
        aws.cloudformation
            .delete_stack()
            .stack_name(&info.id)
            .send()
            .await
            .map_err(|e| request_error("DeleteStack", format!("stack `{name}`"), &e))?;
        let mut watch = Watch::new(&name, &info.id, fence, listed.len());
        match watch.wait(&aws, console, settings.timeout, "the deletion").await? {
            None => {
                console.say(&format!("  {}", watch.summary("DELETE_COMPLETE", true)));
                deleted += 1;
            }
            Some(after) => {
                return Err(Error::StackFailed {
                    stack: name,
                    status: after.status,
                    resource: watch.first_failure.take(),
                    reason: after.reason,
                })
            }
        }
    }
    console.say(&if settings.dry_run {
        "\nnothing was deleted (--dry-run)".to_string()
    } else {
        format!("\ndone: {deleted} stack(s) deleted; the assets bucket is kept")
    });
    Ok(())
}

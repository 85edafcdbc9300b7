//! `deploy`: the code assets to S3, then each stack, in dependency order, through a
//! change set that is printed, confirmed, executed and watched until it settles.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use formwork::expand::{Expanded, ASSETS_BUCKET_PARAMETER};
use formwork::{Format, Synthesis, Target, MAX_INLINE_TEMPLATE_BYTES};
use formwork_template::Template;

use crate::assets::{resolve_bucket, upload, upload_template};
use crate::aws::{request_error, Aws, AwsOptions};
use crate::console::Console;
use crate::error::Error;
use crate::exports;
use crate::naming::{change_set_name, stack_name, template_key, template_url};
use crate::preview::{render, resource_changes, Action, ResourceChange};
use crate::stack::{
    create_change_set, delete_change_set, describe, newest_event, plan, ChangeSet, ChangeSetRequest, Plan,
    TemplateSource, Watch,
};

/// How to deploy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Settings {
    pub(crate) aws: AwsOptions,
    /// `--bucket`.
    pub(crate) bucket: Option<String>,
    /// `--yes`.
    pub(crate) yes: bool,
    /// `--dry-run`.
    pub(crate) dry_run: bool,
    /// `--timeout`: the longest wait for one stack.
    pub(crate) timeout: Duration,
    /// `--target`.
    pub(crate) target: Target,
    /// `--format`.
    pub(crate) format: Format,
}

/// What happened to one stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Deployed,
    Unchanged,
    Previewed,
}

/// The asset file names a template's `Asset…Key` parameters default to.
pub(crate) fn asset_files(template: &Template) -> Vec<&str> {
    template
        .parameters
        .iter()
        .filter(|(name, _)| name.starts_with("Asset") && name.ends_with("Key"))
        .filter_map(|(_, p)| p.default.as_ref().and_then(|d| d.as_str()))
        .collect()
}

/// The template text of a stack for the target: the synthesized CloudFormation, or
/// SAM with each `CodeUri` pointing at its object in the bucket.
fn template_text(
    synthesis: &Synthesis,
    e: &Expanded,
    settings: &Settings,
    bucket: Option<&str>,
) -> (String, Template) {
    match settings.target {
        Target::CloudFormation => {
            let text = synthesis.templates.iter().find(|t| t.stack == e.stack).map(|t| t.text.clone());
            let text = text.unwrap_or_else(|| render_value(&e.template, settings.format));
            (text, e.template.clone())
        }
        Target::Sam => {
            let sam = formwork::to_sam(&e.template, &format!("s3://{}", bucket.unwrap_or("assets")));
            (render_value(&sam, settings.format), sam)
        }
    }
}

fn render_value(template: &Template, format: Format) -> String {
    let value = template.to_value();
    match format {
        Format::Yaml => formwork_template::to_yaml(&value),
        Format::Json => formwork_template::to_json(&value),
    }
}

/// Deploys the stacks named in `order` (model names, in deploy order).
pub(crate) async fn deploy(
    app: &str,
    synthesis: &Synthesis,
    order: &[String],
    settings: &Settings,
    console: &mut Console<'_>,
) -> Result<(), Error> {
    let aws = Aws::connect(&settings.aws).await?;
    let selected: Vec<&Expanded> =
        order.iter().filter_map(|name| synthesis.expanded.iter().find(|e| &e.stack == name)).collect();
    // exports the new templates drop while a deployed stack still imports them
    let dropped = exports::dropped_exports(&aws, app, &synthesis.expanded, &selected).await?;
    let export_plan = if dropped.is_empty() {
        exports::ExportPlan { order: order.to_vec(), ..Default::default() }
    } else {
        let find = |s: &str| synthesis.expanded.iter().find(|e| e.stack == s);
        let depends_on = |s: &str| {
            find(s).map(|e| e.depends_on().into_iter().map(str::to_string).collect()).unwrap_or_default()
        };
        let imports_after =
            |s: &str, export: &str| find(s).is_some_and(|e| e.imports.iter().any(|i| i.export == export));
        exports::plan(order, &depends_on, &imports_after, &dropped)
    };
    let stacks: Vec<&Expanded> = export_plan
        .order
        .iter()
        .filter_map(|name| synthesis.expanded.iter().find(|e| &e.stack == name))
        .collect();
    let at = aws.endpoint_url.as_deref().map(|u| format!(" at {u}")).unwrap_or_default();
    console.say(&format!(
        "{} {} stack{} of app {app} in {}{at}",
        if settings.dry_run { "previewing" } else { "deploying" },
        stacks.len(),
        if stacks.len() == 1 { "" } else { "s" },
        aws.region
    ));

    // Every zip the selected stacks refer to, each once.
    let known = synthesis.assets.iter();
    let known: Vec<(&str, &[u8])> = known.map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let mut needed: Vec<(&str, &[u8])> = Vec::new();
    for e in &stacks {
        for file in asset_files(&e.template) {
            if needed.iter().any(|(n, _)| *n == file) {
                continue;
            }
            match known.iter().find(|(n, _)| *n == file) {
                Some(asset) => needed.push(*asset),
                None => console.warn(&format!(
                    "warning: stack `{}` refers to asset {file}, which synthesis did not make",
                    e.stack
                )),
            }
        }
    }
    let large = stacks
        .iter()
        .any(|e| template_text(synthesis, e, settings, None).0.len() > MAX_INLINE_TEMPLATE_BYTES);
    let bucket = if !needed.is_empty() || large {
        Some(resolve_bucket(&aws, settings.bucket.as_deref(), !settings.dry_run, console).await?)
    } else {
        None
    };
    if let (Some(bucket), false) = (&bucket, needed.is_empty()) {
        if settings.dry_run {
            console
                .say(&format!("{} code asset(s) for s3://{bucket}; --dry-run uploads nothing", needed.len()));
        } else {
            let done = upload(&aws, bucket, &needed, console).await?;
            console.say(&format!(
                "code assets in s3://{bucket}: {} uploaded, {} already there",
                done.uploaded, done.present
            ));
        }
    }

    for note in exports::notes(&export_plan) {
        console.say(&note);
    }
    let mut outcomes = Vec::new();
    for e in &stacks {
        let (mut text, mut template) = template_text(synthesis, e, settings, bucket.as_deref());
        if export_plan.kept.iter().any(|d| d.stack == e.stack) {
            exports::keep(&mut template, &e.stack, &export_plan.kept);
            text = render_value(&template, settings.format);
        }
        let mut parameters = Vec::new();
        if let (true, Some(bucket)) = (template.parameters.contains_key(ASSETS_BUCKET_PARAMETER), &bucket) {
            parameters.push((ASSETS_BUCKET_PARAMETER.to_string(), bucket.clone()));
        }
        let resources = template
            .resources
            .iter()
            .map(|(id, r)| ResourceChange {
                logical_id: id.clone(),
                resource_type: r.resource_type.clone(),
                action: Action::Add,
                replacement: None,
                retained: false,
                properties: Vec::new(),
            })
            .collect();
        let input =
            StackInput { app, stack: &e.stack, text, resources, parameters, bucket: bucket.as_deref() };
        outcomes.push(deploy_stack(&aws, input, settings, console).await?);
    }
    let count = |o: Outcome| outcomes.iter().filter(|x| **x == o).count();
    console.say(&match (settings.dry_run, count(Outcome::Deployed)) {
        (true, _) => format!("\npreviewed {} stack(s); nothing was changed", outcomes.len()),
        (false, n) => format!("\ndone: {n} stack(s) deployed, {} unchanged", count(Outcome::Unchanged)),
    });
    Ok(())
}

struct StackInput<'a> {
    app: &'a str,
    stack: &'a str,
    text: String,
    /// Every resource, as added: the preview of a stack made anew without a change set.
    resources: Vec<ResourceChange>,
    parameters: Vec<(String, String)>,
    bucket: Option<&'a str>,
}

async fn deploy_stack(
    aws: &Aws,
    input: StackInput<'_>,
    settings: &Settings,
    console: &mut Console<'_>,
) -> Result<Outcome, Error> {
    let name = stack_name(input.app, input.stack);
    console.say(&format!("\nstack {} ({name})", input.stack));
    let existing = describe(aws, &name).await?;
    let blocked = |status: &str, help: &'static str| Error::Blocked {
        stack: name.clone(),
        status: status.to_string(),
        help,
    };
    let create = match plan(existing.as_ref().map(|s| s.status.as_str())) {
        Plan::Create => true,
        Plan::Update => false,
        Plan::Busy => {
            let status = existing.as_ref().map_or("", |s| s.status.as_str());
            return Err(blocked(status, "an operation is going on; wait for it to end, then deploy again"));
        }
        Plan::Stuck(help) => return Err(blocked(existing.as_ref().map_or("", |s| s.status.as_str()), help)),
        Plan::Recreate => {
            let (old, status) =
                existing.as_ref().map_or((name.clone(), ""), |s| (s.id.clone(), s.status.as_str()));
            if settings.dry_run {
                console.say(&format!(
                    "  {status}: it holds nothing, so deploy deletes it and creates it again:"
                ));
                console.say(&render(&input.resources));
                return Ok(Outcome::Previewed);
            }
            console.say(&format!("  {status}: it holds nothing; deleting it to create it again"));
            let fence = newest_event(aws, &old).await?;
            aws.cloudformation
                .delete_stack()
                .stack_name(&old)
                .send()
                .await
                .map_err(|e| request_error("DeleteStack", format!("stack `{name}`"), &e))?;
            Watch::new(&name, &old, fence, 0).wait(aws, console, settings.timeout, "the deletion").await?;
            true
        }
    };

    let extension = settings.format.extension();
    let template = if input.text.len() > MAX_INLINE_TEMPLATE_BYTES {
        let bucket = input.bucket.unwrap_or_default();
        let key = template_key(&name, extension, &input.text);
        upload_template(aws, bucket, &key, &input.text).await?;
        console.say(&format!(
            "  template of {} bytes (above {MAX_INLINE_TEMPLATE_BYTES} inline) uploaded to s3://{bucket}/{key}",
            input.text.len()
        ));
        TemplateSource::Url(template_url(aws.endpoint_url.as_deref(), bucket, &aws.region, &key))
    } else {
        TemplateSource::Body(input.text)
    };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let request = ChangeSetRequest {
        stack: name.clone(),
        name: change_set_name(now),
        create,
        template,
        parameters: input.parameters,
        tags: vec![
            ("formwork:app".to_string(), input.app.to_string()),
            ("formwork:stack".to_string(), input.stack.to_string()),
        ],
    };
    let (id, stack_id, changes) = match create_change_set(aws, request).await? {
        ChangeSet::Empty { id } => {
            delete_change_set(aws, &id, &name).await;
            console.say("  no changes");
            return Ok(Outcome::Unchanged);
        }
        ChangeSet::Ready { id, stack_id, changes } => (id, stack_id, changes),
    };
    let changes = resource_changes(&changes);
    console.say(&format!("  {} change set:", if create { "create" } else { "update" }));
    console.say(&render(&changes));

    let abandon = |aws: &Aws| {
        let (id, name, stack_id) = (id.clone(), name.clone(), stack_id.clone());
        let aws = aws.clone();
        async move {
            delete_change_set(&aws, &id, &name).await;
            if create {
                // The stack exists only to hold the change set (REVIEW_IN_PROGRESS).
                let _ = aws.cloudformation.delete_stack().stack_name(&stack_id).send().await;
            }
        }
    };
    if settings.dry_run {
        abandon(aws).await;
        return Ok(Outcome::Previewed);
    }
    if !settings.yes && !console.confirm(&format!("deploy these changes to stack {name}?"))? {
        abandon(aws).await;
        return Err(Error::Declined);
    }

    let fence = newest_event(aws, &stack_id).await?;
    aws.cloudformation
        .execute_change_set()
        .change_set_name(&id)
        .stack_name(&name)
        .send()
        .await
        .map_err(|e| request_error("ExecuteChangeSet", format!("stack `{name}`"), &e))?;
    let mut watch = Watch::new(&name, &stack_id, fence, changes.len());
    let settled = watch.wait(aws, console, settings.timeout, "the deployment").await?;
    match settled {
        Some(info)
            if matches!(info.status.as_str(), "CREATE_COMPLETE" | "UPDATE_COMPLETE" | "IMPORT_COMPLETE") =>
        {
            console.say(&format!("  {}", watch.summary(&info.status, true)));
            for (key, value) in &info.outputs {
                console.say(&format!("  output {key} = {value}"));
            }
            Ok(Outcome::Deployed)
        }
        Some(info) => Err(Error::StackFailed {
            stack: name,
            status: info.status,
            resource: watch.first_failure.take(),
            reason: info.reason,
        }),
        None => Err(Error::StackFailed {
            stack: name,
            status: "DELETE_COMPLETE".into(),
            resource: watch.first_failure.take(),
            reason: Some("the stack was deleted after its creation failed".into()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use formwork::{Date, SynthOptions};

    fn settings(target: Target) -> Settings {
        Settings {
            aws: AwsOptions::default(),
            bucket: None,
            yes: true,
            dry_run: false,
            timeout: Duration::from_secs(60),
            target,
            format: Format::Yaml,
        }
    }

    #[test]
    fn cloudformation_takes_the_bucket_as_a_parameter_and_sam_names_the_objects() {
        let today = Date::parse("2026-11-29").unwrap();
        let options = SynthOptions::new(today).target(Target::CloudFormation).format(Format::Yaml);
        let synthesis = queue_worker::app().synthesize(&options);
        let e = &synthesis.expanded[0];
        let files = asset_files(&e.template);
        assert_eq!(files.len(), 1);
        assert!(synthesis.assets.iter().any(|(name, _)| name == files[0]));

        let (text, template) = template_text(&synthesis, e, &settings(Target::CloudFormation), Some("b"));
        assert_eq!(text, synthesis.templates[0].text);
        assert!(template.parameters.contains_key(ASSETS_BUCKET_PARAMETER));

        let (text, template) = template_text(&synthesis, e, &settings(Target::Sam), Some("b"));
        assert!(text.contains(&format!("CodeUri: s3://b/{}", files[0])), "{text}");
        assert!(text.contains("Transform: AWS::Serverless-2016-10-31"));
        assert!(!template.parameters.contains_key(ASSETS_BUCKET_PARAMETER));
    }
}

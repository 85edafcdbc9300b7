//! `diff --deployed`: the app compared with its deployed stacks, by the same diff as
//! `diff DIR` (resources property by property, replacement, outputs, IAM).
//!
//! Each stack's template is read back with `GetTemplate` at stage `Original`: what deploy
//! sent. The `Processed` stage differs only for SAM, where it is the SAM transform's
//! output, whose logical ids and hashes formwork's own expansion does not share; so a SAM
//! stack is compared SAM with SAM (the app rendered as deploy renders it, with the code
//! bucket the deployed template names), and a CloudFormation stack with the app's
//! CloudFormation. A stack that is not deployed (none, or one that holds nothing:
//! `REVIEW_IN_PROGRESS`, `ROLLBACK_COMPLETE`) shows as a new stack, every resource added.

use std::io::Write;
use std::path::Path;

use aws_sdk_cloudformation::types::TemplateStage;
use formwork::expand::Expanded;
use formwork::SAM_TRANSFORM;
use formwork_insight::Stacks;
use formwork_template::{Template, Value};

use crate::aws::{request_error, Aws, AwsOptions};
use crate::error::Error;
use crate::naming::stack_name;
use crate::stack::describe;

/// The two sides of the diff: the deployed templates (only of stacks that are deployed)
/// and what deploy would send now, each by model stack name.
#[derive(Debug, Default)]
pub(crate) struct Sides {
    pub(crate) deployed: Stacks,
    pub(crate) new: Stacks,
}

/// Reads the deployed template of each of `stacks` of app `app` and pairs it with the
/// app's template of the same kind; says on `notes` which stack is compared with what.
pub(crate) async fn sides(
    app: &str,
    stacks: &[&Expanded],
    options: &AwsOptions,
    notes: &mut dyn Write,
) -> Result<Sides, Error> {
    let aws = Aws::connect(options).await?;
    let at = aws.endpoint_url.as_deref().map(|u| format!(" at {u}")).unwrap_or_default();
    let _ = writeln!(notes, "comparing app {app} with its deployed stacks in {}{at}", aws.region);
    let mut sides = Sides::default();
    for e in stacks {
        let name = stack_name(app, &e.stack);
        let status = describe(&aws, &name).await?.map(|s| s.status);
        let deployed = match status.as_deref() {
            None | Some("REVIEW_IN_PROGRESS" | "ROLLBACK_COMPLETE") => {
                let why = status.map(|s| format!(" ({s}: it holds nothing)")).unwrap_or_default();
                let _ = writeln!(notes, "  stack {} ({name}): not deployed{why}", e.stack);
                sides.new.insert(e.stack.clone(), e.template.clone());
                continue;
            }
            Some(status) => {
                let template = get_template(&aws, &name).await?;
                let kind = if is_sam(&template) { "SAM" } else { "CloudFormation" };
                let _ = writeln!(notes, "  stack {} ({name}): {status}, {kind}", e.stack);
                template
            }
        };
        let new = if is_sam(&deployed) {
            let bucket = code_bucket(&deployed).unwrap_or_else(|| "assets".into());
            formwork::to_sam(&e.template, &format!("s3://{bucket}"))
        } else {
            e.template.clone()
        };
        sides.deployed.insert(e.stack.clone(), deployed);
        sides.new.insert(e.stack.clone(), new);
    }
    Ok(sides)
}

/// The template stack `name` was deployed with (stage `Original`).
async fn get_template(aws: &Aws, name: &str) -> Result<Template, Error> {
    let response = aws
        .cloudformation
        .get_template()
        .stack_name(name)
        .template_stage(TemplateStage::Original)
        .send()
        .await
        .map_err(|e| request_error("GetTemplate", format!("stack `{name}`"), &e))?;
    let body = response.template_body().unwrap_or_default();
    parse(name, body).map_err(|message| Error::Request {
        operation: "GetTemplate",
        target: format!("stack `{name}`"),
        message: format!("its template cannot be read: {message}"),
    })
}

/// A deployed template's text, JSON or YAML with short-form tags.
fn parse(name: &str, body: &str) -> Result<Template, String> {
    let extension = if body.trim_start().starts_with('{') { "json" } else { "yaml" };
    let file = format!("{name}.{extension}");
    formwork_spec::parse_template(body, Path::new(&file))
        .map_err(|errors| errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))
}

/// Whether the template is SAM (its `Transform` names the SAM transform).
fn is_sam(template: &Template) -> bool {
    template.transform.as_deref() == Some(SAM_TRANSFORM)
}

/// The bucket a SAM template's code lies in: that of its first `CodeUri` or `ContentUri`
/// of the form `s3://<bucket>/<key>`.
fn code_bucket(template: &Template) -> Option<String> {
    template.resources.values().find_map(|r| {
        ["CodeUri", "ContentUri"].iter().find_map(|p| {
            let uri = r.properties.get(*p).and_then(Value::as_str)?;
            let (bucket, _) = uri.strip_prefix("s3://")?.split_once('/')?;
            Some(bucket.to_string())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use formwork::{Date, Format, SynthOptions, Target};

    #[test]
    fn a_sam_template_is_read_back_with_its_code_bucket() {
        let today = Date::parse("2026-11-29").unwrap();
        let synthesis = queue_worker::app()
            .synthesize(&SynthOptions::new(today).target(Target::CloudFormation).format(Format::Yaml));
        let cfn = &synthesis.expanded[0].template;
        let sam = formwork::to_sam(cfn, "s3://my-assets");
        for text in [sam.to_yaml(), sam.to_json()] {
            let read = parse("queue-worker-queue-worker", &text).unwrap();
            assert!(is_sam(&read));
            assert_eq!(code_bucket(&read).as_deref(), Some("my-assets"));
            assert_eq!(read, sam, "read back as written");
        }
        let read = parse("s", &synthesis.templates[0].text).unwrap();
        assert!(!is_sam(&read));
        assert_eq!(code_bucket(&read), None);
        assert_eq!(&read, cfn);
        let broken = parse("s", "Resources: [").unwrap_err();
        assert!(broken.contains("s.yaml"), "{broken}");
    }
}

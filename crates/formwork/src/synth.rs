//! Synthesis: the whole pipeline from the model to template text and asset bytes, and
//! writing them atomically.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use formwork_template::Template;

use crate::app::App;
use crate::date::Date;
use crate::expand::{expand, AssetRefs, Expanded};
use crate::validate::{catalog, validate, Finding, Report, Settings, StackInput};

/// The folder, next to the templates, that holds code assets.
pub const ASSET_DIR: &str = "assets";
/// Largest template body CloudFormation accepts inline.
pub const MAX_INLINE_TEMPLATE_BYTES: usize = 51_200;
/// Largest template body CloudFormation accepts from S3.
pub const MAX_TEMPLATE_BYTES: usize = 1_000_000;

/// Which kind of template to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Target {
    /// Plain CloudFormation: every resource spelled out. The default.
    #[default]
    CloudFormation,
    /// AWS SAM: `AWS::Serverless::Function` with its events.
    Sam,
}

impl Target {
    /// `cloudformation` or `sam`.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::CloudFormation => "cloudformation",
            Target::Sam => "sam",
        }
    }
}

/// The text format of templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// YAML with short-form intrinsic tags. The default.
    #[default]
    Yaml,
    /// JSON.
    Json,
}

impl Format {
    /// The file extension: `yaml` or `json`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Yaml => "yaml",
            Format::Json => "json",
        }
    }
}

/// How to synthesize.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthOptions {
    /// The kind of template.
    pub target: Target,
    /// Its text format.
    pub format: Format,
    /// The day runtime lifecycles are judged on.
    pub today: Date,
}

/// One stack's template, rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedTemplate {
    /// The stack's name.
    pub stack: String,
    /// `<stack>.yaml` or `<stack>.json`.
    pub file_name: String,
    /// The template text.
    pub text: String,
}

/// Everything one synthesis produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Synthesis {
    /// Every finding.
    pub report: Report,
    /// The templates, one per stack, in stack order.
    pub templates: Vec<RenderedTemplate>,
    /// The code assets the templates refer to, by file name.
    pub assets: Vec<(String, Vec<u8>)>,
    /// The expanded stacks (plain CloudFormation), for inspection.
    pub expanded: Vec<Expanded>,
}

impl App {
    /// Packages the code (building Rust crates, see [`crate::rust`]), expands, validates
    /// and renders every stack. Never fails: problems are findings in the report.
    pub fn synthesize(&self, options: &SynthOptions) -> Synthesis {
        self.synthesize_with(options, &AssetRefs::new())
    }

    /// [`App::synthesize`] with some assets given: code whose key is in `given` (a
    /// resolved directory, or `App::root` joined with [`crate::rust::asset_key`]) is
    /// neither packaged nor built, and its zip is not among the returned assets. Tests
    /// use it to synthesize an app with Rust functions without building them.
    pub fn synthesize_with(&self, options: &SynthOptions, given: &AssetRefs) -> Synthesis {
        let (refs, assets) = crate::expand::package_assets_given(self, given);
        let mut expanded = expand(self, &refs);
        let mut findings: Vec<Finding> = expanded.iter().flat_map(|e| e.findings.clone()).collect();
        for (e, stack) in expanded.iter_mut().zip(&self.stacks) {
            let unused = crate::suppress::apply(
                &mut e.template,
                &e.sources.constructs,
                &self.suppressions,
                &stack.suppressions,
            );
            for s in unused {
                let mut f = Finding::global(
                    &catalog::UNUSED_SUPPRESSION,
                    format!(
                        "the suppression of {} on `{}` names no construct of stack `{}`",
                        s.rule_id(),
                        s.construct.as_deref().unwrap_or(""),
                        e.stack
                    ),
                    "point it at the id of a construct of this stack".into(),
                );
                f.stack = e.stack.clone();
                f.path = format!("stack {}", e.stack);
                findings.push(f);
            }
        }
        let inputs: Vec<StackInput<'_>> = expanded
            .iter()
            .map(|e| StackInput { name: &e.stack, template: &e.template, sources: Some(&e.sources) })
            .collect();
        let settings = Settings { today: options.today, account_concurrency: self.account_concurrency };
        findings.extend(validate(&inputs, &settings));
        let templates: Vec<RenderedTemplate> =
            expanded.iter().map(|e| render(&e.stack, &e.template, options)).collect();
        for t in &templates {
            findings.extend(size_finding(t));
        }
        let mut report = Report::new(findings);
        report.apply_severities(&self.severities, false);
        Synthesis { report, templates, assets, expanded }
    }
}

/// Renders one stack's template for the target and format.
pub fn render(stack: &str, template: &Template, options: &SynthOptions) -> RenderedTemplate {
    let write = |t: &Template| match options.format {
        Format::Yaml => t.to_yaml(),
        Format::Json => t.to_json(),
    };
    let text = match options.target {
        Target::CloudFormation => write(template),
        Target::Sam => crate::sam::sam_text(template, ASSET_DIR, options.format == Format::Json),
    };
    RenderedTemplate {
        stack: stack.to_string(),
        file_name: format!("{stack}.{}", options.format.extension()),
        text,
    }
}

fn size_finding(t: &RenderedTemplate) -> Option<Finding> {
    let bytes = t.text.len();
    if bytes <= MAX_INLINE_TEMPLATE_BYTES {
        return None;
    }
    let mut f = Finding::global(
        &catalog::TEMPLATE_SIZE,
        format!(
            "template of stack `{}` is {bytes} bytes; CloudFormation takes at most {MAX_INLINE_TEMPLATE_BYTES} bytes inline and {MAX_TEMPLATE_BYTES} from S3",
            t.stack
        ),
        "deploy it from S3 (sam deploy and aws cloudformation deploy --s3-bucket do this), or split the stack".into(),
    );
    if bytes > MAX_TEMPLATE_BYTES {
        f.severity = crate::validate::Severity::Error;
    }
    f.stack = t.stack.clone();
    f.path = format!("stack {}", t.stack);
    Some(f)
}

impl Synthesis {
    /// Writes the templates as `DIR/<stack>.<ext>` and the assets as
    /// `DIR/assets/<sha256>.zip`. Each file is written to a temporary name and renamed, so
    /// a failure leaves the previous files whole. Returns the paths written.
    pub fn write_to(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        if !self.assets.is_empty() {
            let asset_dir = dir.join(ASSET_DIR);
            fs::create_dir_all(&asset_dir)?;
            for (name, bytes) in &self.assets {
                let path = asset_dir.join(name);
                // Content-hashed: an existing file of the same name and size is this one.
                let same = fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64);
                if !same {
                    write_atomic(&path, bytes)?;
                }
                written.push(path);
            }
        } else {
            fs::create_dir_all(dir)?;
        }
        for t in &self.templates {
            let path = dir.join(&t.file_name);
            write_atomic(&path, t.text.as_bytes())?;
            written.push(path);
        }
        Ok(written)
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let result = fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

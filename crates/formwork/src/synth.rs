//! Synthesis: the whole pipeline from the model to template text and asset bytes, and
//! writing them atomically.

use std::io;
use std::path::{Path, PathBuf};

use formwork_template::Template;

use formwork_rules::Date;
use formwork_rules::{catalog, validate, Finding, Report, Settings, StackInput};

use crate::app::App;
use crate::expand::{expand_whole, split, AssetRefs, Expanded};
use crate::write::ASSET_DIR;

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
#[non_exhaustive]
pub struct SynthOptions {
    /// The kind of template.
    pub target: Target,
    /// Its text format.
    pub format: Format,
    /// The day runtime lifecycles are judged on.
    pub today: Date,
}

impl SynthOptions {
    /// Synthesizes CloudFormation as YAML, judging runtime lifecycles on `today`.
    pub fn new(today: Date) -> SynthOptions {
        SynthOptions { target: Target::default(), format: Format::default(), today }
    }

    /// The kind of template. Default: [`Target::CloudFormation`].
    #[must_use]
    pub fn target(mut self, target: Target) -> SynthOptions {
        self.target = target;
        self
    }

    /// Its text format. Default: [`Format::Yaml`].
    #[must_use]
    pub fn format(mut self, format: Format) -> SynthOptions {
        self.format = format;
        self
    }
}

/// One stack's template, rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
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
#[non_exhaustive]
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
    ///
    /// ```
    /// use formwork::prelude::*;
    ///
    /// let mut app = App::new("orders");
    /// app.stack("orders").add(
    ///     Function::new("Big", Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"))
    ///         .memory(Megabytes(20_000)),
    /// );
    /// let today = Date::parse("2026-11-29").unwrap();
    /// let out = app.synthesize(&SynthOptions::new(today).target(Target::Sam).format(Format::Json));
    /// assert_eq!(out.report.codes(), ["FW101"]);
    /// assert!(out.report.has_errors());
    /// assert!(out.write_to(&std::env::temp_dir()).is_err(), "a report with errors is not written");
    /// ```
    pub fn synthesize(&self, options: &SynthOptions) -> Synthesis {
        self.synthesize_with(options, &AssetRefs::new())
    }

    /// [`App::synthesize`] with some assets given: code whose key is in `given` (a
    /// resolved directory, or `App::root` joined with [`crate::rust::asset_key`]) is
    /// neither packaged nor built, and its zip is not among the returned assets. Tests
    /// use it to synthesize an app with Rust functions without building them.
    pub fn synthesize_with(&self, options: &SynthOptions, given: &AssetRefs) -> Synthesis {
        // Packaging (the only step that reads files or builds code) comes first;
        // expansion is a pure function of the model and these references.
        let (mut refs, assets) = crate::assets::package_assets_given(self, given);
        crate::assets::measure_given(self, &mut refs);
        // Every rule reads the whole stack, before a split moves functions away from
        // the queues and tables they use; the split stacks are then checked again for
        // what splitting can change (references, resource and output counts).
        let mut expanded = expand_whole(self, &refs);
        let mut findings: Vec<Finding> = expanded.iter().flat_map(|e| e.findings.clone()).collect();
        for (e, stack) in expanded.iter_mut().zip(&self.stacks) {
            let unused = formwork_rules::suppress::apply(
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
                        s.construct().unwrap_or(""),
                        e.stack
                    ),
                    "point it at the id of a construct of this stack".into(),
                );
                f.stack = e.stack.clone();
                f.path = format!("stack {}", e.stack);
                findings.push(f);
            }
        }
        let inputs: Vec<StackInput<'_>> =
            expanded.iter().map(|e| StackInput::new(&e.stack, &e.template).sources(&e.sources)).collect();
        let settings = Settings::new(options.today).account_concurrency(self.account_concurrency);
        let splitting: Vec<String> = expanded
            .iter()
            .filter(|e| self.stacks.iter().any(|s| s.name == e.stack && s.auto_split))
            .filter(|e| e.template.resources.len() > formwork_rules::template::MAX_RESOURCES)
            .map(|e| e.stack.clone())
            .collect();
        findings.extend(
            validate(&inputs, &settings)
                .into_iter()
                .filter(|f| !(f.code == catalog::RESOURCE_COUNT.code && splitting.contains(&f.stack))),
        );
        let expanded = split::split(self, expanded);
        let parts: Vec<StackInput<'_>> = expanded
            .iter()
            .filter(|e| {
                splitting.iter().any(|s| e.stack == *s || e.stack.starts_with(&format!("{s}-overflow-")))
            })
            .map(|e| StackInput::new(&e.stack, &e.template).sources(&e.sources))
            .collect();
        let recheck =
            [catalog::DANGLING_REFERENCE.code, catalog::RESOURCE_COUNT.code, catalog::TEMPLATE_LIMITS.code];
        findings.extend(validate(&parts, &settings).into_iter().filter(|f| recheck.contains(&f.code)));
        for f in findings.iter_mut().filter(|f| f.code == catalog::RESOURCE_COUNT.code) {
            if splitting.contains(&f.stack) {
                f.help = "auto_split moved every function it could; stateful resources never move: put some of them in another stack".into();
            }
        }
        findings.extend(self.stacks.iter().filter_map(|s| stack_name_finding(&s.name)));
        let templates: Vec<RenderedTemplate> =
            expanded.iter().map(|e| render(&e.stack, &e.template, options)).collect();
        for t in &templates {
            findings.extend(size_finding(t));
        }
        for (code, _) in &self.severities {
            if let Err(unknown) = code.parse::<formwork_rules::RuleCode>() {
                let mut f = Finding::global(
                    &catalog::UNKNOWN_RULE,
                    format!("the severity change for `{code}` names no rule"),
                    match unknown.suggestion {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "use a code `formwork rules` lists".into(),
                    },
                );
                f.path = format!("severity {code}");
                findings.push(f);
            }
        }
        if let Some(locations) = &self.locations {
            locations.locate(&mut findings);
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

/// Longest stack name CloudFormation accepts.
pub const STACK_NAME_MAX: usize = 128;

/// Whether `name` is a stack name CloudFormation accepts: 1 to 128 ASCII letters,
/// digits and hyphens, starting with a letter. Such a name is also a safe file name.
pub fn is_valid_stack_name(name: &str) -> bool {
    name.len() <= STACK_NAME_MAX
        && name.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// FW540 for a stack name that is not valid (and would become a file name).
fn stack_name_finding(name: &str) -> Option<Finding> {
    if is_valid_stack_name(name) {
        return None;
    }
    let shown: String = name.chars().take(STACK_NAME_MAX).flat_map(char::escape_debug).collect();
    let mut f = Finding::global(
        &catalog::STACK_NAME,
        format!("stack name `{shown}` is not 1 to {STACK_NAME_MAX} letters, digits and hyphens starting with a letter"),
        "name the stack with letters, digits and hyphens, starting with a letter (it becomes the template's file name)"
            .into(),
    );
    f.stack = name.to_string();
    f.path = format!("stack {shown}");
    Some(f)
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
        f.severity = formwork_rules::Severity::Error;
    }
    f.stack = t.stack.clone();
    f.path = format!("stack {}", t.stack);
    Some(f)
}

impl Synthesis {
    /// Writes the templates as `DIR/<stack>.<ext>` and the assets as
    /// `DIR/assets/<sha256>.zip`, as one set: the templates are staged in
    /// `DIR/.formwork-staging` and switched into place only once all are written, so a
    /// failed or killed run leaves the previous set (or is finished by the next run).
    /// Templates and assets of the previous set that this one does not have are removed;
    /// `DIR/.formwork-manifest` lists what formwork wrote, and nothing else is touched.
    /// A file name that is not a plain name inside `DIR` is refused. Errors name the
    /// file that failed. Returns the paths written.
    ///
    /// # Errors
    ///
    /// Refuses, writing nothing, when the report has errors (an error of kind
    /// [`io::ErrorKind::InvalidInput`]); otherwise any I/O error of creating or writing
    /// the files, naming the file.
    pub fn write_to(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        if self.report.has_errors() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("the report has errors ({}); nothing written", self.report.summary()),
            ));
        }
        let templates: Vec<(&str, &[u8])> =
            self.templates.iter().map(|t| (t.file_name.as_str(), t.text.as_bytes())).collect();
        let assets: Vec<(&str, &[u8])> =
            self.assets.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
        crate::write::write_set(dir, ASSET_DIR, &templates, &assets)
    }
}

//! The app and its stacks: the whole model, as the user built it.

use std::path::{Path, PathBuf};

use formwork_rules::suppress::Suppression;
use formwork_rules::{RuleCode, Severity, SourceLocations, DEFAULT_ACCOUNT_CONCURRENCY};

use crate::construct::Stack;

/// An application: one or more stacks deployed together.
///
/// ```
/// use formwork::prelude::*;
///
/// let mut app = App::new("orders");
/// let jobs = app.stack("orders").add(Queue::new("Jobs").visibility_timeout(Duration::secs(60)));
/// app.stack("orders").add(
///     Function::new("Worker", Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"))
///         .timeout(Duration::secs(10))
///         .event_source(SqsSource::new(&jobs)),
/// );
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// assert_eq!(out.templates[0].file_name, "orders.yaml");
/// ```
#[derive(Debug, Clone)]
pub struct App {
    pub(crate) name: String,
    pub(crate) root: PathBuf,
    pub(crate) account_concurrency: u32,
    pub(crate) stacks: Vec<Stack>,
    /// Suppressions for the whole app (see `suppress.rs`).
    pub(crate) suppressions: Vec<Suppression>,
    /// Severity changes for rules (see `suppress.rs`).
    pub(crate) severities: Vec<(String, formwork_rules::Severity)>,
    /// Where the app was written, when it was read from a file.
    pub(crate) locations: Option<SourceLocations>,
    /// Whether code folders may lie outside `root`.
    pub(crate) code_outside_root: CodeOutsideRoot,
    /// Which symlinks in code folders are followed into the zip.
    pub(crate) links: Links,
}

/// Whether code folders may lie outside the app's root directory ([`App::root`]).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CodeOutsideRoot {
    /// A code path that is absolute or climbs out of the root (`../../etc`) is
    /// refused with rule FW135 (the default): its files would be zipped and uploaded.
    #[default]
    Refuse,
    /// Code may come from anywhere on the machine.
    Allow,
}

pub use formwork_asset::Links;

impl App {
    /// An app. Relative code paths resolve against the current directory unless
    /// [`App::root`] says otherwise.
    pub fn new(name: impl Into<String>) -> App {
        App {
            name: name.into(),
            root: PathBuf::new(),
            account_concurrency: DEFAULT_ACCOUNT_CONCURRENCY,
            stacks: Vec::new(),
            suppressions: Vec::new(),
            severities: Vec::new(),
            locations: None,
            code_outside_root: CodeOutsideRoot::Refuse,
            links: Links::Inside,
        }
    }

    /// Records where the app was written (see [`SourceLocations`]), so that findings
    /// name the file, line and column; the spec file reader sets it. Default: none
    /// (findings name construct paths only).
    #[must_use]
    pub fn located(mut self, locations: SourceLocations) -> App {
        self.locations = Some(locations);
        self
    }

    /// The directory relative code paths resolve against; examples pass
    /// `env!("CARGO_MANIFEST_DIR")`. Default: the current directory.
    #[must_use]
    pub fn root(mut self, dir: impl Into<PathBuf>) -> App {
        self.root = dir.into();
        self
    }

    /// Whether code folders may lie outside the app's root: an absolute code path or
    /// one that climbs out of it (`../other`). Default: [`CodeOutsideRoot::Refuse`]
    /// (rule FW135). Sets no template property.
    #[must_use]
    pub fn code_outside_root(mut self, access: CodeOutsideRoot) -> App {
        self.code_outside_root = access;
        self
    }

    /// Which symlinks in code folders are followed into the zip. Default:
    /// [`Links::Inside`]: a symlink pointing outside its code folder (at
    /// `/etc/shadow`, say) is refused with rule FW135 instead of being packaged and
    /// uploaded. Sets no template property.
    #[must_use]
    pub fn symlinks(mut self, links: Links) -> App {
        self.links = links;
        self
    }

    /// The account's concurrency limit, which all reserved concurrency must leave 100
    /// of. Default: 1,000.
    #[must_use]
    pub fn account_concurrency(mut self, limit: u32) -> App {
        self.account_concurrency = limit;
        self
    }

    /// The app's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The root directory for relative code paths.
    pub fn root_dir(&self) -> &Path {
        &self.root
    }

    /// The stack of that name, created empty the first time.
    pub fn stack(&mut self, name: impl Into<String>) -> &mut Stack {
        let name = name.into();
        let index = match self.stacks.iter().position(|s| s.name == name) {
            Some(i) => i,
            None => {
                self.stacks.push(Stack::new(name));
                self.stacks.len() - 1
            }
        };
        &mut self.stacks[index]
    }

    /// The stacks, in the order they were created.
    pub fn stacks(&self) -> &[Stack] {
        &self.stacks
    }
}

impl App {
    /// Adds a suppression for the whole app (one given `on` a construct applies to
    /// constructs of that id in every stack). The reason is required and written into
    /// the templates.
    #[must_use]
    pub fn suppress(mut self, suppression: Suppression) -> App {
        self.suppressions.push(suppression);
        self
    }

    /// Changes a formwork rule's severity for this app (e.g. make FW203 an error). The
    /// rule is named by its code or its name; a name that is no rule is reported by
    /// synthesis as an error (`FW560`) that suggests the nearest rule. Default: each
    /// rule's own severity.
    #[must_use]
    pub fn severity(mut self, code: impl AsRef<str>, severity: Severity) -> App {
        let code = code.as_ref();
        let canonical =
            code.parse::<RuleCode>().map_or_else(|_| code.to_string(), |c| c.as_str().to_string());
        self.severities.push((canonical, severity));
        self
    }
}

//! The app and its stacks: the whole model, as the user built it.

use std::path::{Path, PathBuf};

use formwork_rules::suppress::Suppression;
use formwork_rules::{RuleCode, Severity, SourceLocations, DEFAULT_ACCOUNT_CONCURRENCY};

use crate::construct::{
    Function, FunctionRef, Handle, Queue, QueueRef, ResourceKind, Table, TableRef, Topic, TopicRef,
};

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

/// One stack: what one template deploys. [`Stack::add`] returns a typed handle to what
/// it added, the only way other constructs can refer to it.
///
/// ```
/// use formwork::prelude::*;
///
/// let mut app = App::new("shop");
/// let stack = app.stack("data");
/// stack.set_description("Tables and queues");
/// let orders = stack.add(Table::new("Orders", Key::new("id", AttributeType::String)));
/// let failed = stack.add(Queue::new("Failed"));
/// stack.add(
///     Function::new("Api", Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"))
///         .dead_letter_queue(&failed)
///         .grant(orders.read_data()),
/// );
/// assert_eq!(stack.name(), "data");
/// ```
#[derive(Debug, Clone)]
pub struct Stack {
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) queues: Vec<Queue>,
    pub(crate) topics: Vec<Topic>,
    pub(crate) tables: Vec<Table>,
    pub(crate) functions: Vec<Function>,
    /// Every construct in the order it was added: (kind, index in its list).
    pub(crate) order: Vec<(ResourceKind, usize)>,
    /// Buckets, streams, layers and APIs (see `construct::ExtraConstructs`).
    pub(crate) extra: crate::construct::ExtraConstructs,
    /// Suppressions on this stack's constructs (see `suppress.rs`).
    pub(crate) suppressions: Vec<Suppression>,
    /// Property overrides on the synthesized resources (see `construct/raw.rs`).
    pub(crate) overrides: Vec<crate::construct::Override>,
    /// Whether functions may move into overflow stacks (see `expand/split.rs`).
    pub(crate) auto_split: bool,
}

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

impl Stack {
    fn new(name: String) -> Stack {
        Stack {
            name,
            description: None,
            queues: Vec::new(),
            topics: Vec::new(),
            tables: Vec::new(),
            functions: Vec::new(),
            order: Vec::new(),
            extra: Default::default(),
            suppressions: Vec::new(),
            overrides: Vec::new(),
            auto_split: false,
        }
    }

    /// The stack's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Sets the template's `Description` (at most 1,024 bytes). Default: none.
    pub fn set_description(&mut self, text: impl Into<String>) {
        self.description = Some(text.into());
    }

    /// Lets the stack split itself when it would exceed CloudFormation's 500 resources:
    /// functions, each with its role, policies, log group, mappings, permissions,
    /// versions and aliases, move into overflow stacks `<stack>-overflow-<n>`, which
    /// import what they use from this stack through exports. Stateful resources (queues,
    /// topics, tables, buckets, streams, secrets, keys, parameters, anything retained)
    /// never move, nor does a function that another resource refers to. Each function
    /// is placed from what was added before it (it stays while the stack, with it, holds
    /// at most 400 resources), so the split is deterministic and adding constructs at the
    /// end moves no existing function; the first split itself moves the functions past
    /// that point. A moved function is a new function with a new log group (the old one
    /// is retained). Default: off (a stack above 500 resources is FW504).
    pub fn auto_split(&mut self) {
        self.auto_split = true;
    }

    /// Whether [`Stack::auto_split`] was called.
    pub fn is_auto_split(&self) -> bool {
        self.auto_split
    }

    /// Adds a construct and returns its handle.
    pub fn add<C: Construct>(&mut self, construct: C) -> C::Handle {
        construct.add_to(self)
    }

    /// A handle to the queue with this id in this stack, added or still to be added.
    /// A handle to an id that is never added is reported by validation (`FW503`).
    pub fn queue_ref(&self, id: &str) -> QueueRef {
        QueueRef(self.handle(ResourceKind::Queue, id))
    }

    /// A handle to the topic with this id in this stack (see [`Stack::queue_ref`]).
    pub fn topic_ref(&self, id: &str) -> TopicRef {
        TopicRef(self.handle(ResourceKind::Topic, id))
    }

    /// A handle to the table with this id in this stack (see [`Stack::queue_ref`]).
    pub fn table_ref(&self, id: &str) -> TableRef {
        TableRef(self.handle(ResourceKind::Table, id))
    }

    /// A handle to the function with this id in this stack (see [`Stack::queue_ref`]).
    pub fn function_ref(&self, id: &str) -> FunctionRef {
        FunctionRef(self.handle(ResourceKind::Function, id))
    }

    /// Whether a construct of this kind and id has been added.
    pub fn contains(&self, kind: ResourceKind, id: &str) -> bool {
        match kind {
            ResourceKind::Queue => self.queues.iter().any(|c| c.id == id),
            ResourceKind::Topic => self.topics.iter().any(|c| c.id == id),
            ResourceKind::Table => self.tables.iter().any(|c| c.id == id),
            ResourceKind::Function => self.functions.iter().any(|c| c.id == id),
        }
    }

    fn handle(&self, kind: ResourceKind, id: &str) -> Handle {
        Handle { kind: kind.into(), stack: self.name.clone(), id: id.to_string() }
    }
}

/// Something that can be added to a stack.
pub trait Construct {
    /// The handle other constructs refer to it by.
    type Handle;
    /// Adds it to `stack`.
    fn add_to(self, stack: &mut Stack) -> Self::Handle;
}

macro_rules! construct {
    ($ty:ty, $handle:ident, $list:ident, $kind:ident) => {
        impl Construct for $ty {
            type Handle = $handle;
            fn add_to(self, stack: &mut Stack) -> $handle {
                let handle = stack.handle(ResourceKind::$kind, &self.id);
                stack.order.push((ResourceKind::$kind, stack.$list.len()));
                stack.$list.push(self);
                $handle(handle)
            }
        }
    };
}

construct!(Queue, QueueRef, queues, Queue);
construct!(Topic, TopicRef, topics, Topic);
construct!(Table, TableRef, tables, Table);
construct!(Function, FunctionRef, functions, Function);

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

impl Stack {
    /// Adds a suppression to this stack: on one construct with
    /// [`Suppression::on`], otherwise on the whole stack.
    pub fn suppress(&mut self, suppression: Suppression) {
        self.suppressions.push(suppression);
    }
}

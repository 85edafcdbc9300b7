//! The app and its stacks: the whole model, as the user built it.

use std::path::{Path, PathBuf};

use crate::construct::{
    Function, FunctionRef, Handle, Queue, QueueRef, ResourceKind, Table, TableRef, Topic, TopicRef,
};

/// AWS's default concurrency limit for an account in a region.
pub const DEFAULT_ACCOUNT_CONCURRENCY: u32 = 1_000;

/// An application: one or more stacks deployed together.
#[derive(Debug, Clone)]
pub struct App {
    pub(crate) name: String,
    pub(crate) root: PathBuf,
    pub(crate) account_concurrency: u32,
    pub(crate) stacks: Vec<Stack>,
    /// Suppressions for the whole app (see `suppress.rs`).
    pub(crate) suppressions: Vec<crate::suppress::Suppression>,
    /// Severity changes for rules (see `suppress.rs`).
    pub(crate) severities: Vec<(String, crate::validate::Severity)>,
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
    /// refused with rule FW541 (the default): its files would be zipped and uploaded.
    #[default]
    Refuse,
    /// Code may come from anywhere on the machine.
    Allow,
}

pub use formwork_asset::Links;

/// One stack: what one template deploys.
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
    pub(crate) suppressions: Vec<crate::suppress::Suppression>,
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
            code_outside_root: CodeOutsideRoot::Refuse,
            links: Links::Inside,
        }
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
    /// (rule FW541). Sets no template property.
    #[must_use]
    pub fn code_outside_root(mut self, access: CodeOutsideRoot) -> App {
        self.code_outside_root = access;
        self
    }

    /// Which symlinks in code folders are followed into the zip. Default:
    /// [`Links::Inside`]: a symlink pointing outside its code folder (at
    /// `/etc/shadow`, say) is refused with rule FW541 instead of being packaged and
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

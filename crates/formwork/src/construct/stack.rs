//! A stack: what one template deploys, and the constructs added to it.

use formwork_rules::suppress::Suppression;

use super::{Function, FunctionRef, Handle, Queue, QueueRef, ResourceKind, Table, TableRef, Topic, TopicRef};

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
    pub(crate) extra: super::ExtraConstructs,
    /// Suppressions on this stack's constructs (see `suppress.rs`).
    pub(crate) suppressions: Vec<Suppression>,
    /// Property overrides on the synthesized resources (see `construct/raw.rs`).
    pub(crate) overrides: Vec<super::Override>,
    /// Whether functions may move into overflow stacks (see `expand/split.rs`).
    pub(crate) auto_split: bool,
}

impl Stack {
    pub(crate) fn new(name: String) -> Stack {
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

impl Stack {
    /// Adds a suppression to this stack: on one construct with
    /// [`Suppression::on`], otherwise on the whole stack.
    pub fn suppress(&mut self, suppression: Suppression) {
        self.suppressions.push(suppression);
    }
}

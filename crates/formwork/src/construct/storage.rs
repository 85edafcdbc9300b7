//! DynamoDB tables.

use super::RemovalPolicy;

/// The type of a key attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttributeType {
    /// `S`
    String,
    /// `N`
    Number,
    /// `B`
    Binary,
}

impl AttributeType {
    /// The letter DynamoDB uses.
    pub fn as_str(self) -> &'static str {
        match self {
            AttributeType::String => "S",
            AttributeType::Number => "N",
            AttributeType::Binary => "B",
        }
    }
}

/// A key attribute: its name and type.
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let partition = Key::new("customerId", AttributeType::String);
/// let sort = Key::new("placedAt", AttributeType::Number);
/// let orders = stack.add(Table::new("Orders", partition).sort_key(sort));
/// stack.add(function("Reader").grant(orders.read_data()));
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("AttributeName: placedAt"), "{template}");
/// assert!(template.contains("KeyType: RANGE"), "{template}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    pub(crate) name: String,
    pub(crate) attribute_type: AttributeType,
}

impl Key {
    /// A key attribute.
    pub fn new(name: impl Into<String>, attribute_type: AttributeType) -> Key {
        Key { name: name.into(), attribute_type }
    }
}

/// What a table's stream carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StreamView {
    /// `KEYS_ONLY`
    KeysOnly,
    /// `NEW_IMAGE`
    NewImage,
    /// `OLD_IMAGE`
    OldImage,
    /// `NEW_AND_OLD_IMAGES`
    NewAndOldImages,
}

impl StreamView {
    /// The name DynamoDB uses.
    pub fn as_str(self) -> &'static str {
        match self {
            StreamView::KeysOnly => "KEYS_ONLY",
            StreamView::NewImage => "NEW_IMAGE",
            StreamView::OldImage => "OLD_IMAGE",
            StreamView::NewAndOldImages => "NEW_AND_OLD_IMAGES",
        }
    }
}

/// A DynamoDB table (`AWS::DynamoDB::Table`) billed on demand (`PAY_PER_REQUEST`).
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let orders = stack.add(
///     Table::new("Orders", Key::new("id", AttributeType::String)).stream(StreamView::NewImage),
/// );
/// stack.add(function("Api").env("TABLE_NAME", orders.name()).grant(orders.read_write_data()));
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("Type: AWS::DynamoDB::Table"), "{template}");
/// assert!(template.contains("StreamViewType: NEW_IMAGE"), "{template}");
/// assert!(template.contains("BillingMode: PAY_PER_REQUEST"), "{template}");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub(crate) id: String,
    pub(crate) partition_key: Key,
    pub(crate) sort_key: Option<Key>,
    pub(crate) stream: Option<StreamView>,
    pub(crate) point_in_time_recovery: bool,
    pub(crate) removal_policy: RemovalPolicy,
}

impl Table {
    /// A table with this partition key. `id` is its logical id.
    pub fn new(id: impl Into<String>, partition_key: Key) -> Table {
        Table {
            id: id.into(),
            partition_key,
            sort_key: None,
            stream: None,
            point_in_time_recovery: true,
            removal_policy: RemovalPolicy::default(),
        }
    }

    /// Adds a sort key (`KeySchema` `RANGE`). Default: none.
    #[must_use]
    pub fn sort_key(mut self, key: Key) -> Table {
        self.sort_key = Some(key);
        self
    }

    /// Turns on the table's stream (`StreamSpecification`). Default: off.
    #[must_use]
    pub fn stream(mut self, view: StreamView) -> Table {
        self.stream = Some(view);
        self
    }

    /// Turns off point-in-time recovery, which is on by default
    /// (`PointInTimeRecoverySpecification`).
    #[must_use]
    pub fn without_point_in_time_recovery(mut self) -> Table {
        self.point_in_time_recovery = false;
        self
    }

    /// What happens to the table and its items when the stack stops managing it.
    /// Default: [`RemovalPolicy::Retain`].
    #[must_use]
    pub fn removal_policy(mut self, policy: RemovalPolicy) -> Table {
        self.removal_policy = policy;
        self
    }
}

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

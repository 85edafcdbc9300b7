//! How a validation treats CloudFormation's conventions: intrinsic functions and scalar
//! coercions.

/// How a validation treats CloudFormation's conventions. [`Options::json`] (the default) is
/// plain JSON Schema; [`Options::cloudformation`] is what [`validate_resource`] uses.
///
/// [`validate_resource`]: crate::validate_resource
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub(crate) intrinsics: Intrinsics,
    pub(crate) scalars: Scalars,
}

/// What an object such as `{"Ref": "Queue"}` or `{"Fn::GetAtt": [...]}` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intrinsics {
    /// Ordinary data, checked like any other object.
    AsData,
    /// A CloudFormation intrinsic function (an object with the single key `Ref` or
    /// `Fn::...`): it stands for a value CloudFormation resolves at deployment, so it is
    /// accepted wherever any value may stand, and nothing inside it is checked.
    Accept,
}

/// Whether scalars of one JSON type may stand for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalars {
    /// JSON Schema's types exactly: `"5"` is not an integer.
    Strict,
    /// CloudFormation's conversions: a string holding a number is a number (and is
    /// range-checked as one), `"true"`/`"false"` are booleans, and numbers and booleans
    /// are strings (checked against lengths and patterns as their text).
    Lenient,
}

impl Options {
    /// Plain JSON Schema: intrinsics are data, scalars are strict.
    pub fn json() -> Options {
        Options { intrinsics: Intrinsics::AsData, scalars: Scalars::Strict }
    }

    /// CloudFormation: intrinsics accepted anywhere, scalars lenient.
    pub fn cloudformation() -> Options {
        Options { intrinsics: Intrinsics::Accept, scalars: Scalars::Lenient }
    }

    /// Sets how intrinsic functions are treated. Default: [`Intrinsics::AsData`].
    #[must_use]
    pub fn intrinsics(mut self, intrinsics: Intrinsics) -> Options {
        self.intrinsics = intrinsics;
        self
    }

    /// Sets how scalars are typed. Default: [`Scalars::Strict`].
    #[must_use]
    pub fn scalars(mut self, scalars: Scalars) -> Options {
        self.scalars = scalars;
        self
    }
}

impl Default for Options {
    fn default() -> Options {
        Options::json()
    }
}

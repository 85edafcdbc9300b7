//! The errors a spec file can have: where each is, what kind it is, what is wrong.

use std::fmt;
use std::path::{Path, PathBuf};

/// What kind of problem a [`SpecError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read.
    Read,
    /// The text is not well-formed YAML or JSON, or does not follow the schema: an
    /// unknown field, a missing one, a value of the wrong type, a bad duration or runtime.
    Parse,
    /// A name that should refer to a construct of the same stack does not, or refers to
    /// one of the wrong kind.
    Reference,
    /// Two constructs of one stack share an id (ids are logical ids, unique per stack).
    DuplicateId,
}

/// One problem in a spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub(crate) kind: ErrorKind,
    pub(crate) file: PathBuf,
    pub(crate) line: Option<usize>,
    pub(crate) column: Option<usize>,
    pub(crate) path: Option<String>,
    pub(crate) message: String,
}

impl SpecError {
    pub(crate) fn new(kind: ErrorKind, file: &Path, message: impl Into<String>) -> SpecError {
        SpecError {
            kind,
            file: file.to_path_buf(),
            line: None,
            column: None,
            path: None,
            message: message.into(),
        }
    }

    #[must_use]
    pub(crate) fn at(mut self, location: Option<(usize, usize)>) -> SpecError {
        if let Some((line, column)) = location {
            self.line = Some(line);
            self.column = Some(column);
        }
        self
    }

    #[must_use]
    pub(crate) fn path(mut self, path: impl Into<String>) -> SpecError {
        self.path = Some(path.into());
        self
    }

    /// What kind of problem it is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The spec file, as it was given.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The line of the problem, counting from 1, when known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The column of the problem, counting from 1, when known.
    pub fn column(&self) -> Option<usize> {
        self.column
    }

    /// Where in the spec's structure the problem is, when known, e.g.
    /// `stacks.orders.functions.Worker.grants[0]`.
    pub fn key_path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// What is wrong, without the file, location or key path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// `app.yaml:12:5: stacks.orders.functions.Worker: unknown field ...`; the location and
/// the key path are left out when unknown.
impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        f.write_str(": ")?;
        if let Some(path) = &self.path {
            write!(f, "{path}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for SpecError {}

/// Every problem found in one spec file, in the order they appear; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecErrors {
    errors: Vec<SpecError>,
}

impl SpecErrors {
    /// The errors, sorted by line (errors without a line keep their place at the end).
    pub(crate) fn new(mut errors: Vec<SpecError>) -> SpecErrors {
        errors.sort_by_key(|e| (e.line.is_none(), e.line, e.column));
        SpecErrors { errors }
    }

    pub(crate) fn one(error: SpecError) -> SpecErrors {
        SpecErrors { errors: vec![error] }
    }

    /// The errors.
    pub fn errors(&self) -> &[SpecError] {
        &self.errors
    }

    /// How many there are (at least one).
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// Always false: there is at least one error. Present for the usual pairing with
    /// [`SpecErrors::len`].
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Whether the file itself could not be read (an I/O problem rather than a problem
    /// with its content).
    pub fn is_read_error(&self) -> bool {
        self.errors.iter().any(|e| e.kind == ErrorKind::Read)
    }

    /// An iterator over the errors.
    pub fn iter(&self) -> std::slice::Iter<'_, SpecError> {
        self.errors.iter()
    }
}

/// One error per line.
impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecErrors {}

impl IntoIterator for SpecErrors {
    type Item = SpecError;
    type IntoIter = std::vec::IntoIter<SpecError>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.into_iter()
    }
}

impl<'a> IntoIterator for &'a SpecErrors {
    type Item = &'a SpecError;
    type IntoIter = std::slice::Iter<'a, SpecError>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

//! Why a deploy or a destroy stopped, as values with the facts a message needs, and the
//! exit status each one means.

use std::fmt;
use std::time::Duration;

/// Exit status: deployed, destroyed, nothing to change, or the preview of `--dry-run`.
pub const EXIT_OK: u8 = formwork::cli::EXIT_OK;
/// Exit status: the model has validation errors; nothing was deployed.
pub const EXIT_INVALID: u8 = formwork::cli::EXIT_INVALID;
/// Exit status: usage or I/O error, or the confirmation was refused or not given.
pub const EXIT_USAGE: u8 = formwork::cli::EXIT_USAGE;
/// Exit status: AWS refused a request, a stack failed (and was rolled back), or a wait
/// ran out of time.
pub const EXIT_FAILED: u8 = 3;

/// A resource whose operation failed, as a stack event reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FailedResource {
    /// The logical id, e.g. `Worker`.
    pub logical_id: String,
    /// The resource type, e.g. `AWS::Lambda::Function`.
    pub resource_type: String,
    /// The status, e.g. `CREATE_FAILED`.
    pub status: String,
    /// CloudFormation's reason.
    pub reason: String,
}

impl FailedResource {
    /// The resource `logical_id` of `resource_type` that ended in `status`, for `reason`.
    pub fn new(
        logical_id: impl Into<String>,
        resource_type: impl Into<String>,
        status: impl Into<String>,
        reason: impl Into<String>,
    ) -> FailedResource {
        FailedResource {
            logical_id: logical_id.into(),
            resource_type: resource_type.into(),
            status: status.into(),
            reason: reason.into(),
        }
    }
}

/// Why a deploy or a destroy stopped.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// An AWS request failed.
    Request {
        /// The operation, e.g. `CreateChangeSet`.
        operation: &'static str,
        /// What it was about: a stack, a bucket, an object.
        target: String,
        /// The service's code and message, or why the request could not be sent.
        message: String,
    },
    /// A change set could not be created (CloudFormation's reason says why).
    ChangeSet {
        /// The CloudFormation stack name.
        stack: String,
        /// CloudFormation's reason.
        reason: String,
    },
    /// A stack operation failed; CloudFormation rolled the stack back (or tried to).
    StackFailed {
        /// The CloudFormation stack name.
        stack: String,
        /// The status the stack settled in, e.g. `UPDATE_ROLLBACK_COMPLETE`.
        status: String,
        /// The first resource that failed, when an event named one.
        resource: Option<Box<FailedResource>>,
        /// The stack's own status reason.
        reason: Option<String>,
    },
    /// A stack is in a state that does not allow the operation.
    Blocked {
        /// The CloudFormation stack name.
        stack: String,
        /// Its status.
        status: String,
        /// What to do about it.
        help: &'static str,
    },
    /// A wait ran out of time; the operation may still be going on in CloudFormation.
    Timeout {
        /// The CloudFormation stack name.
        stack: String,
        /// What was being waited for.
        waiting_for: &'static str,
        /// How long it waited.
        waited: Duration,
    },
    /// A named assets bucket does not exist or belongs to someone else.
    Bucket {
        /// The bucket.
        bucket: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// No region was given and none is configured.
    NoRegion,
    /// The profile named by `--profile` or `AWS_PROFILE` is in neither shared file.
    ProfileNotFound {
        /// The profile's name.
        profile: String,
        /// What named it: `--profile` or `AWS_PROFILE`.
        named_by: &'static str,
        /// The files looked in: the config file, then the credentials file.
        files: Vec<std::path::PathBuf>,
        /// The profiles those files have.
        known: Vec<String>,
    },
    /// No credential source gave credentials.
    Credentials {
        /// The profile named, if one was.
        profile: Option<String>,
        /// The sources tried, in the SDK's order, with what was found of each.
        tried: Vec<String>,
        /// The SDK's reason.
        cause: String,
        /// The command or setting that fixes it.
        help: String,
    },
    /// AWS denied a request: the caller's policies do not allow it.
    AccessDenied {
        /// The operation, e.g. `CreateChangeSet`.
        operation: &'static str,
        /// What it was about.
        target: String,
        /// The IAM action denied, when AWS names it.
        action: Option<String>,
        /// The resource it was denied on, when AWS names it.
        resource: Option<String>,
        /// AWS's message.
        message: String,
    },
    /// The user did not confirm.
    Declined,
    /// Reading the answer or writing the output failed.
    Io(std::io::Error),
}

impl Error {
    /// The exit status this error means: [`EXIT_USAGE`] for a missing region, profile or
    /// credentials, a refusal or an I/O error, [`EXIT_FAILED`] for the rest.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::NoRegion
            | Error::ProfileNotFound { .. }
            | Error::Credentials { .. }
            | Error::Declined
            | Error::Io(_) => EXIT_USAGE,
            _ => EXIT_FAILED,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Request { operation, target, message } => {
                write!(f, "{operation} for {target} failed: {message}")
            }
            Error::ChangeSet { stack, reason } => {
                write!(f, "CloudFormation could not make a change set for stack `{stack}`: {reason}")
            }
            Error::StackFailed { stack, status, resource, reason } => {
                write!(f, "stack `{stack}` failed and settled in {status}")?;
                if let Some(r) = resource {
                    write!(f, "; first failure: {} ({}) {}: {}", r.logical_id, r.resource_type, r.status, r.reason)?;
                } else if let Some(reason) = reason {
                    write!(f, ": {reason}")?;
                }
                Ok(())
            }
            Error::Blocked { stack, status, help } => write!(f, "stack `{stack}` is {status}; {help}"),
            Error::Timeout { stack, waiting_for, waited } => write!(
                f,
                "gave up after {}s waiting for {waiting_for} of stack `{stack}`; CloudFormation goes on, so check the stack's events before running again",
                waited.as_secs()
            ),
            Error::Bucket { bucket, reason } => write!(f, "cannot use bucket `{bucket}`: {reason}"),
            Error::NoRegion => write!(
                f,
                "no region: pass --region, set AWS_REGION, or give your profile one\n  = help: aws configure set region eu-west-1 [--profile NAME]"
            ),
            Error::ProfileNotFound { profile, named_by, files, known } => {
                let files: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
                write!(f, "profile `{profile}` (from {named_by}) is not in {}", files.join(" or "))?;
                if known.is_empty() {
                    write!(f, "; those files have no profiles")?;
                } else {
                    write!(f, "; profiles there: {}", known.join(", "))?;
                }
                write!(
                    f,
                    "\n  = help: create it with `aws configure --profile {profile}` (access keys) or `aws configure sso --profile {profile}` (single sign-on), or pass another --profile"
                )
            }
            Error::Credentials { profile, tried, cause, help } => {
                match profile {
                    Some(p) => write!(f, "no credentials for profile `{p}`: {cause}")?,
                    None => write!(f, "no credentials: {cause}")?,
                }
                for source in tried {
                    write!(f, "\n  tried: {source}")?;
                }
                write!(f, "\n  = help: {help}")
            }
            Error::AccessDenied { operation, target, action, resource, message } => {
                write!(f, "{operation} for {target} was denied")?;
                match (action, resource) {
                    (Some(a), Some(r)) => write!(f, ": {a} on {r} is not allowed")?,
                    (Some(a), None) => write!(f, ": {a} is not allowed")?,
                    _ => {}
                }
                write!(f, "\n  = AWS: {message}")?;
                let action = action.clone().unwrap_or_else(|| format!("the action behind {operation}"));
                let on = resource.as_deref().map(|r| format!(" on {r}")).unwrap_or_default();
                write!(f, "\n  = help: the credentials in use need a policy that allows {action}{on}; ask an administrator, or deploy with --profile of a role that has it")
            }
            Error::Declined => write!(f, "not confirmed; nothing was changed"),
            Error::Io(e) => write!(f, "cannot read the answer or write the output: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::Io(e)
    }
}

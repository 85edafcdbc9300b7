//! Policy checks: pure functions over a policy document as a template value, so they run
//! on documents formwork wrote and on hand-written templates alike. Each returns every
//! issue it finds, as data.

use formwork_template::{Intrinsic, Pseudo, Value};

use crate::action::{lookup, Lookup, UnknownActionKind};
use crate::catalog::{AccessLevel, ActionInfo, ResourceType};
use crate::issue::{Escalation, MismatchReach, PolicyIssue};
use crate::resolve::{is_specific, resolve_resource, ResolvedResource, ResourceTypes};
use crate::wildcard::WildcardOptIn;

/// What the checks know besides the document: the CloudFormation types of the template's
/// resources (so `Fn::GetAtt Jobs.Arn` has a resource type) and the wildcard opt-ins.
///
/// Defaults: no resource is known (only literal ARNs get a type), no opt-ins.
#[derive(Clone, Copy)]
pub struct CheckOptions<'a> {
    types: &'a dyn ResourceTypes,
    opt_ins: &'a [WildcardOptIn],
}

impl<'a> CheckOptions<'a> {
    /// The defaults: no resource types known, no opt-ins.
    pub fn new() -> CheckOptions<'a> {
        CheckOptions { types: &(), opt_ins: &[] }
    }

    /// Where the CloudFormation types of template resources come from, e.g. the
    /// [`formwork_template::Template`] the policy is in. Default: nowhere.
    #[must_use]
    pub fn resource_types(mut self, types: &'a dyn ResourceTypes) -> CheckOptions<'a> {
        self.types = types;
        self
    }

    /// The wildcard opt-ins that apply (for example those read back from the template's
    /// metadata with [`WildcardOptIn::from_metadata`]). Default: none.
    #[must_use]
    pub fn opt_ins(mut self, opt_ins: &'a [WildcardOptIn]) -> CheckOptions<'a> {
        self.opt_ins = opt_ins;
        self
    }
}

impl Default for CheckOptions<'_> {
    fn default() -> Self {
        CheckOptions::new()
    }
}

impl std::fmt::Debug for CheckOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckOptions").field("opt_ins", &self.opt_ins).finish_non_exhaustive()
    }
}

/// Every issue of a policy document (`{"Version": ..., "Statement": [...]}`), statement by
/// statement: unknown services and actions, wildcards without an opt-in, actions whose
/// resource types do not match the resources given, resources that are not ARNs, `Allow`
/// with `NotAction` or `NotResource`, and privilege escalation. Size is checked apart:
/// [`crate::check_role_policies`], [`crate::check_managed_policy`].
///
/// ```
/// use formwork_iam::{check_policy, CheckOptions, PolicyDocument, PolicyIssue, Statement};
/// use formwork_template::Value;
///
/// let types = |id: &str| (id == "Orders").then_some("AWS::DynamoDB::Table");
/// let doc = PolicyDocument::new(vec![Statement::allow(["sqs:SendMessage"], [Value::get_att("Orders", "Arn")])]);
/// let issues = check_policy(&doc.to_value(), &CheckOptions::new().resource_types(&types));
/// assert!(matches!(&issues[..], [PolicyIssue::ActionResourceMismatch { .. }]));
/// ```
pub fn check_policy(document: &Value, options: &CheckOptions<'_>) -> Vec<PolicyIssue> {
    let mut out = Vec::new();
    let statements = statements(document);
    for (index, statement) in &statements {
        check_statement(*index, statement, options, &mut out);
    }
    // A statement whose actions act on none of its resources is dead weight, not a broken
    // grant, when another Allow statement of the document grants actions that do act on
    // every one of those resources (CDK puts a table's stream actions in a statement of
    // their own on the table's ARN, beside the one that reads its items).
    let broken: Vec<usize> = out
        .iter()
        .filter_map(|i| match i {
            PolicyIssue::ActionResourceMismatch {
                statement, reach: MismatchReach::WholeStatement, ..
            } => Some(*statement),
            _ => None,
        })
        .collect();
    let covered_elsewhere = |index: usize| {
        let Some((_, st)) = statements.iter().find(|(i, _)| *i == index) else { return false };
        let mine = entries(st.get("Resource"));
        !mine.is_empty()
            && statements.iter().any(|(j, other)| {
                *j != index
                    && !broken.contains(j)
                    && other.get("Effect").and_then(Value::as_str) == Some("Allow")
                    && !strings(other.get("Action")).is_empty()
                    && mine.iter().all(|r| entries(other.get("Resource")).contains(r))
            })
    };
    for issue in &mut out {
        if let PolicyIssue::ActionResourceMismatch { statement, reach, .. } = issue {
            if *reach == MismatchReach::WholeStatement && covered_elsewhere(*statement) {
                *reach = MismatchReach::DeadAction;
            }
        }
    }
    out
}

/// The statements of a document with their index; both branches of a statement-level
/// `Fn::If` count, under the index of the `Fn::If`.
fn statements(document: &Value) -> Vec<(usize, &Value)> {
    let list: Vec<&Value> = match document.get("Statement") {
        Some(Value::List(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for (i, st) in list.into_iter().enumerate() {
        match st.as_intrinsic() {
            Some(Intrinsic::If { then, otherwise, .. }) => {
                for branch in [then, otherwise] {
                    if branch.as_map().is_some() {
                        out.push((i, branch));
                    }
                }
            }
            _ => out.push((i, st)),
        }
    }
    out
}

/// The string entries of `Action`-like values (one string or a list; expressions skipped).
fn strings(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::List(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The entries of `Resource`-like values (one value or a list; `AWS::NoValue` skipped).
fn entries(v: Option<&Value>) -> Vec<&Value> {
    let no_value =
        |v: &&Value| !matches!(v.as_intrinsic(), Some(Intrinsic::Ref(r)) if r == Pseudo::NoValue.as_str());
    match v {
        Some(Value::List(items)) => items.iter().filter(no_value).collect(),
        Some(one) => [one].into_iter().filter(no_value).collect(),
        None => Vec::new(),
    }
}

/// An action of the statement as the catalog knows it.
struct Known<'v> {
    written: &'v str,
    /// The actions it stands for (one, or every one a pattern matches).
    actions: Vec<ActionInfo>,
    pattern: bool,
    /// Every resource type any of its actions accepts, in catalog order, each once: read
    /// from the catalog on first use and kept, as each resource of the statement is
    /// checked against it.
    accepted: std::cell::OnceCell<Vec<ResourceType>>,
}

impl<'v> Known<'v> {
    fn new(written: &'v str, actions: Vec<ActionInfo>, pattern: bool) -> Known<'v> {
        Known { written, actions, pattern, accepted: std::cell::OnceCell::new() }
    }

    /// Every resource type any of its actions accepts.
    fn accepted(&self) -> &[ResourceType] {
        self.accepted.get_or_init(|| {
            let mut out: Vec<ResourceType> = Vec::new();
            for a in &self.actions {
                for t in a.resource_types() {
                    if !out.contains(&t.resource_type()) {
                        out.push(t.resource_type());
                    }
                }
            }
            out
        })
    }

    fn accepts_any_of(&self, types: &[ResourceType]) -> bool {
        if self.pattern {
            // Often hundreds of actions, of which the first few answer.
            self.actions.iter().any(|a| a.resource_types().any(|t| types.contains(&t.resource_type())))
        } else {
            self.accepted().iter().any(|t| types.contains(t))
        }
    }
}

fn check_statement(index: usize, st: &Value, options: &CheckOptions<'_>, out: &mut Vec<PolicyIssue>) {
    let actions = strings(st.get("Action"));
    let not_actions = strings(st.get("NotAction"));
    let mut known: Vec<Known<'_>> = Vec::new();
    let mut all_known = true;
    for (written, listed) in actions.iter().map(|a| (*a, true)).chain(not_actions.iter().map(|a| (*a, false)))
    {
        match lookup(written) {
            Lookup::Action(info) if listed => known.push(Known::new(written, vec![info], false)),
            Lookup::Pattern(matched) if listed => known.push(Known::new(written, matched, true)),
            Lookup::Action(_) | Lookup::Pattern(_) => {}
            Lookup::Unknown(kind) => {
                all_known &= !listed;
                out.push(unknown(index, written, kind));
            }
        }
    }
    if st.get("Effect").and_then(Value::as_str) != Some("Allow") {
        return;
    }
    if st.get("NotAction").is_some() {
        out.push(PolicyIssue::AllowWithNotAction { statement: index });
    }
    if st.get("NotResource").is_some() {
        out.push(PolicyIssue::AllowWithNotResource { statement: index });
    }
    let resources = entries(st.get("Resource"));
    let opted_in = !actions.is_empty() && actions.iter().all(|a| options.opt_ins.iter().any(|o| o.covers(a)));

    if !opted_in {
        for k in known.iter().filter(|k| k.pattern) {
            out.push(PolicyIssue::WildcardAction {
                statement: index,
                action: k.written.to_string(),
                matched: k.actions.len(),
            });
        }
        if resources.iter().any(|r| r.as_str() == Some("*")) {
            let scopable: Vec<String> = known
                .iter()
                .filter(|k| k.actions.iter().any(|a| !a.is_unscopable()))
                .map(|k| k.written.to_string())
                .collect();
            if !scopable.is_empty() {
                out.push(PolicyIssue::WildcardResource { statement: index, actions: scopable });
            }
        }
    }

    let resolved: Vec<(&Value, ResolvedResource)> =
        resources.iter().map(|r| (*r, resolve_resource(r, options.types))).collect();
    for (resource, r) in &resolved {
        if let ResolvedResource::NotArn { what } = r {
            out.push(PolicyIssue::ResourceNotArn { statement: index, resource: (*resource).clone(), what });
        }
    }
    mismatches(index, &known, all_known, &resolved, out);
    escalation(index, st, &known, &resources, options, out);
}

fn unknown(statement: usize, written: &str, kind: UnknownActionKind) -> PolicyIssue {
    let action = written.to_string();
    match kind {
        UnknownActionKind::Malformed => PolicyIssue::MalformedAction { statement, action },
        UnknownActionKind::UnknownService { suggestion } => {
            PolicyIssue::UnknownService { statement, action, suggestion }
        }
        UnknownActionKind::UnknownAction { suggestion } => {
            PolicyIssue::UnknownAction { statement, action, suggestion }
        }
        UnknownActionKind::NoMatch => PolicyIssue::UnknownAction { statement, action, suggestion: None },
    }
}

/// Actions that act on none of the resources, and resources no action acts on; only when
/// every resource's type is known.
fn mismatches(
    index: usize,
    known: &[Known<'_>],
    all_known: bool,
    resolved: &[(&Value, ResolvedResource)],
    out: &mut Vec<PolicyIssue>,
) {
    let mut per_resource: Vec<(&Value, &[ResourceType])> = Vec::new();
    for (resource, r) in resolved {
        match r {
            ResolvedResource::Types(t) => per_resource.push((resource, t)),
            _ => return,
        }
    }
    if per_resource.is_empty() {
        return;
    }
    let given: Vec<ResourceType> =
        per_resource.iter().flat_map(|(_, t)| t.iter().copied()).fold(Vec::new(), |mut v, t| {
            if !v.contains(&t) {
                v.push(t);
            }
            v
        });
    let fits = |k: &Known<'_>| per_resource.iter().any(|(_, t)| k.accepts_any_of(t));
    let some_action_fits = known.iter().any(fits);
    let reach = if some_action_fits { MismatchReach::DeadAction } else { MismatchReach::WholeStatement };
    for k in known.iter().filter(|k| !fits(k)) {
        out.push(PolicyIssue::ActionResourceMismatch {
            statement: index,
            action: k.written.to_string(),
            accepted: k.accepted().to_vec(),
            given: given.clone(),
            reach,
        });
    }
    if some_action_fits && all_known {
        for (resource, types) in per_resource {
            if !known.iter().any(|k| k.accepts_any_of(types)) {
                out.push(PolicyIssue::UnusedResource {
                    statement: index,
                    resource: resource.clone(),
                    resource_types: types.to_vec(),
                });
            }
        }
    }
}

fn has_condition_key(st: &Value, key: &str) -> bool {
    st.get("Condition").and_then(Value::as_map).is_some_and(|ops| {
        ops.values().filter_map(Value::as_map).any(|keys| keys.keys().any(|k| k.eq_ignore_ascii_case(key)))
    })
}

fn escalation(
    index: usize,
    st: &Value,
    known: &[Known<'_>],
    resources: &[&Value],
    options: &CheckOptions<'_>,
    out: &mut Vec<PolicyIssue>,
) {
    let specific = !resources.is_empty() && resources.iter().all(|r| is_specific(r, options.types));
    let mut push = |action: &str, kind| {
        out.push(PolicyIssue::PrivilegeEscalation { statement: index, action: action.to_string(), kind })
    };
    for k in known {
        if k.written == "*" {
            push(k.written, Escalation::AllActions);
            continue;
        }
        if k.written.eq_ignore_ascii_case("iam:*") {
            push(k.written, Escalation::AllIamActions);
            continue;
        }
        let pass_role = |a: &ActionInfo| a.service().prefix() == "iam" && a.name() == "PassRole";
        if k.actions.iter().any(pass_role) {
            if !specific {
                push(k.written, Escalation::PassRoleOnAnyRole);
            }
            if !has_condition_key(st, "iam:PassedToService") {
                push(k.written, Escalation::PassRoleToAnyService);
            }
        }
        // iam:PassRole is "Permissions management" itself; the findings above say more.
        let manages =
            |a: &ActionInfo| a.access_level() == Some(AccessLevel::PermissionsManagement) && !pass_role(a);
        if !specific && k.actions.iter().any(manages) {
            push(k.written, Escalation::PermissionsManagement);
        }
    }
}

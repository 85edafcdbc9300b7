//! Rules on IAM policies, generated or hand-written, through formwork-iam's checks over
//! the action catalog: unknown actions, wildcards, actions on the wrong resources,
//! `Allow` with `NotAction`/`NotResource`, privilege escalation, policy size.

use formwork_iam::{
    check_managed_policy, check_policy, check_role_policies, CheckOptions, MismatchReach, PolicyIssue,
    WildcardOptIn, WILDCARD_METADATA_KEY,
};
use formwork_template::{Map, Template, Value};

use super::catalog::Severity;
use super::catalog::{self, Rule};
use super::finding::Finding;

/// Policy documents of a resource, with the property path each sits at.
fn documents<'t>(resource_type: &str, props: &'t Map) -> Vec<(String, &'t Value)> {
    match resource_type {
        "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" => props
            .get("Policies")
            .and_then(Value::as_list)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.get("PolicyDocument").map(|d| (format!("Policies.{i}"), d)))
            .collect(),
        "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" | "AWS::IAM::RolePolicy" => {
            props.get("PolicyDocument").map(|d| vec![("PolicyDocument".to_string(), d)]).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// The rule a policy issue belongs to.
fn rule_of(issue: &PolicyIssue) -> &'static Rule {
    match issue {
        PolicyIssue::WildcardAction { .. } => &catalog::IAM_WILDCARD_ACTION,
        PolicyIssue::WildcardResource { .. } => &catalog::IAM_WILDCARD_RESOURCE,
        PolicyIssue::MalformedAction { .. }
        | PolicyIssue::UnknownService { .. }
        | PolicyIssue::UnknownAction { .. } => &catalog::IAM_UNKNOWN_ACTION,
        PolicyIssue::ActionResourceMismatch { .. } | PolicyIssue::ResourceNotArn { .. } => {
            &catalog::IAM_RESOURCE_MISMATCH
        }
        PolicyIssue::UnusedResource { .. } => &catalog::IAM_UNUSED_RESOURCE,
        PolicyIssue::AllowWithNotAction { .. } | PolicyIssue::AllowWithNotResource { .. } => {
            &catalog::IAM_ALLOW_NOT
        }
        PolicyIssue::PrivilegeEscalation { .. } => &catalog::IAM_ESCALATION,
        PolicyIssue::PolicyTooLarge { .. } => &catalog::IAM_POLICY_SIZE,
        _ => &catalog::IAM_UNKNOWN_ACTION,
    }
}

fn help(issue: &PolicyIssue) -> String {
    match issue {
        PolicyIssue::UnknownAction { suggestion: Some(s), .. } | PolicyIssue::UnknownService { suggestion: Some(s), .. } => {
            format!("did you mean `{s}`?")
        }
        PolicyIssue::WildcardAction { .. } => "list the exact actions needed (grants on constructs do this for you)".into(),
        PolicyIssue::WildcardResource { .. } => {
            "scope the statement to the ARNs of the resources used, or opt in with Statement::allow_wildcard(reason)".into()
        }
        PolicyIssue::PolicyTooLarge { .. } => "split the permissions over managed policies, or grant less".into(),
        _ => rule_of(issue).fix.to_string(),
    }
}

pub(super) fn check(template: &Template, out: &mut Vec<Finding>) {
    for (id, r) in &template.resources {
        let docs = documents(&r.resource_type, &r.properties);
        if docs.is_empty() {
            continue;
        }
        let opt_ins =
            r.metadata.get(WILDCARD_METADATA_KEY).map(WildcardOptIn::from_metadata).unwrap_or_default();
        let options = CheckOptions::new().resource_types(template).opt_ins(&opt_ins);
        for (prop, doc) in &docs {
            for issue in check_policy(doc, &options) {
                let at = match issue.statement() {
                    Some(n) => format!("{prop}.PolicyDocument.Statement.{n}"),
                    None => prop.clone(),
                };
                let mut finding = Finding::new(
                    rule_of(&issue),
                    id,
                    Some(&at),
                    format!("policy of `{id}`: {issue}"),
                    help(&issue),
                );
                // An action beside others of the policy that do act on the resources is
                // dead weight: the policy still grants what it was written for.
                if matches!(
                    issue,
                    PolicyIssue::ActionResourceMismatch { reach: MismatchReach::DeadAction, .. }
                ) {
                    finding.severity = Severity::Warning;
                    finding.message.push_str(
                        " (other actions of the policy act on the same resources: this one is dead weight)",
                    );
                    finding.help = "remove the action, or grant it on a resource of the type it accepts in its own statement".into();
                }
                out.push(finding);
            }
        }
        let size = if r.resource_type == "AWS::IAM::ManagedPolicy" {
            docs.first().and_then(|(_, d)| check_managed_policy(d))
        } else {
            check_role_policies(docs.iter().map(|(_, d)| *d))
        };
        if let Some(issue) = size {
            let prop = docs[0].0.split('.').next().unwrap_or("Policies").to_string();
            out.push(Finding::new(
                rule_of(&issue),
                id,
                Some(&prop),
                format!("policy of `{id}`: {issue}"),
                help(&issue),
            ));
        }
    }
}

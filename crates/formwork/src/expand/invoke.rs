//! Asynchronous invocation settings and destinations, function URLs and the function's
//! resource-based permissions.

use formwork_template::{Resource, Value};

use super::function::{objects_of, Parts};
use super::Expander;
use crate::construct::{Destination, Function, InvokeMode, Principal, UrlAuth};

/// The action a destination needs, and on what: one or two needs.
pub(super) struct DestinationNeeds {
    /// The ARN written in the template.
    pub(super) arn: Value,
    /// (action, resource) pairs the role needs.
    pub(super) needs: Vec<(&'static str, Value)>,
    /// The handle id or ARN, for reasons.
    pub(super) label: String,
}

impl Expander<'_> {
    /// The ARN and the scoped needs of a destination.
    pub(super) fn destination(
        &mut self,
        target: &Destination,
        from_id: &str,
        from_path: &str,
    ) -> DestinationNeeds {
        let handle_needs = |arn: &Value, action: &'static str| vec![(action, arn.clone())];
        match target {
            Destination::Queue(q) => {
                let arn = self.arn_of(&q.0, from_id, from_path);
                DestinationNeeds { needs: handle_needs(&arn, "sqs:SendMessage"), arn, label: q.0.id.clone() }
            }
            Destination::Topic(t) => {
                let arn = self.arn_of(&t.0, from_id, from_path);
                DestinationNeeds { needs: handle_needs(&arn, "sns:Publish"), arn, label: t.0.id.clone() }
            }
            Destination::Function(f) => {
                let arn = self.arn_of(&f.0, from_id, from_path);
                DestinationNeeds {
                    needs: handle_needs(&arn, "lambda:InvokeFunction"),
                    arn,
                    label: f.0.id.clone(),
                }
            }
            Destination::EventBus(bus) => {
                let arn = Value::from(bus.as_str());
                DestinationNeeds { needs: handle_needs(&arn, "events:PutEvents"), arn, label: bus.clone() }
            }
            Destination::DefaultEventBus => {
                let arn = Value::sub(
                    "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default",
                );
                DestinationNeeds {
                    needs: handle_needs(&arn, "events:PutEvents"),
                    arn,
                    label: "the default event bus".into(),
                }
            }
            Destination::Bucket(b) => {
                let arn = self.arn_of(&b.0, from_id, from_path);
                // Lambda's documentation asks for both: objects are written, and the
                // bucket is listed to check it.
                let needs = vec![("s3:PutObject", objects_of(&arn)), ("s3:ListBucket", arn.clone())];
                DestinationNeeds { needs, arn, label: b.0.id.clone() }
            }
        }
    }

    /// `AWS::Lambda::EventInvokeConfig` for the function (or its alias) when any
    /// asynchronous setting is made, with the scoped grant of each destination.
    pub(super) fn async_invoke(&mut self, f: &Function, parts: &mut Parts) {
        if !f.invoke.is_set() {
            return;
        }
        let mut destinations = formwork_template::Map::new();
        for (key, setter, target) in [
            ("OnSuccess", "on_success", &f.invoke.on_success),
            ("OnFailure", "on_failure", &f.invoke.on_failure),
        ] {
            let Some(target) = target else {
                continue;
            };
            let path = format!("{} / {setter}", parts.path);
            if target.handle().is_some_and(|h| self.kind_mismatch(h, &f.id, &path)) {
                continue;
            }
            let d = self.destination(target, &f.id, &path);
            for (action, resource) in d.needs {
                parts.need(action, resource, format!("{setter} {}", d.label));
            }
            destinations.insert(key.into(), Value::map([("Destination", d.arn)]));
        }
        let qualifier = match &parts.alias {
            Some((name, _)) => name.clone(),
            None => "$LATEST".to_string(),
        };
        let mut config = Resource::new("AWS::Lambda::EventInvokeConfig")
            .property("FunctionName", Value::ref_(&f.id))
            .property("Qualifier", qualifier.as_str())
            .maybe_property("MaximumRetryAttempts", f.invoke.retry_attempts)
            .maybe_property("MaximumEventAgeInSeconds", f.invoke.max_event_age.map(|d| d.as_secs_i64()));
        if !destinations.is_empty() {
            config = config.property("DestinationConfig", Value::Map(destinations));
        }
        if let Some((_, alias_id)) = &parts.alias {
            // The qualifier names the alias as text, so the order must be explicit.
            config.depends_on.push(alias_id.clone());
        }
        let path = format!("{} / async invocation", parts.path);
        parts.add(format!("{}EventInvokeConfig", f.id), config, path);
    }

    /// `AWS::Lambda::Url`, and for a public URL the two permissions anyone needs to call
    /// it, with the reason kept in the function's metadata.
    pub(super) fn function_url(&mut self, f: &Function, parts: &mut Parts) {
        let Some(url) = &f.url else {
            return;
        };
        let path = format!("{} / url", parts.path);
        let auth = match &url.auth {
            UrlAuth::Iam => "AWS_IAM",
            UrlAuth::Public { .. } => "NONE",
        };
        let mut r = Resource::new("AWS::Lambda::Url")
            .property("TargetFunctionArn", parts.arn.clone())
            .property("AuthType", auth);
        if url.invoke_mode == InvokeMode::ResponseStream {
            r = r.property("InvokeMode", "RESPONSE_STREAM");
        }
        parts.add(format!("{}Url", f.id), r, path.clone());
        if let UrlAuth::Public { reason } = &url.auth {
            parts.metadata.insert("formwork:public-url".into(), Value::from(reason.as_str()));
            let url_permission = Resource::new("AWS::Lambda::Permission")
                .property("Action", "lambda:InvokeFunctionUrl")
                .property("FunctionName", parts.name.clone())
                .property("Principal", "*")
                .property("FunctionUrlAuthType", "NONE");
            parts.add(format!("{}UrlPublicPermission", f.id), url_permission, path.clone());
            // Since October 2025 a public URL also needs lambda:InvokeFunction, limited to
            // calls through the URL.
            let invoke_permission = Resource::new("AWS::Lambda::Permission")
                .property("Action", "lambda:InvokeFunction")
                .property("FunctionName", parts.name.clone())
                .property("Principal", "*")
                .property("InvokedViaFunctionUrl", true);
            parts.add(format!("{}UrlPublicInvokePermission", f.id), invoke_permission, path);
        }
    }

    /// The statements the user added to the function's resource-based policy.
    pub(super) fn invoke_permissions(&mut self, f: &Function, parts: &mut Parts) {
        for p in &f.permissions {
            let path = format!("{} / allow_invoke {}", parts.path, p.id);
            let principal = match &p.principal {
                Principal::Service(s) | Principal::Account(s) | Principal::Arn(s) => Value::from(s.as_str()),
            };
            let mut r = Resource::new("AWS::Lambda::Permission")
                .property("Action", "lambda:InvokeFunction")
                .property("FunctionName", parts.name.clone())
                .property("Principal", principal);
            if let Some(arn) = &p.source_arn {
                r = r.property("SourceArn", self.text(arn, &f.id, &path));
            }
            if let Some(account) = &p.source_account {
                r = r.property("SourceAccount", self.text(account, &f.id, &path));
            }
            parts.add(format!("{}{}Permission", f.id, p.id), r, path);
        }
    }
}

/// A resource-based permission for an AWS service to invoke the function (or alias).
pub(super) fn service_permission(parts: &Parts, principal: &str, source_arn: Value) -> Resource {
    Resource::new("AWS::Lambda::Permission")
        .property("Action", "lambda:InvokeFunction")
        .property("FunctionName", parts.name.clone())
        .property("Principal", principal)
        .property("SourceArn", source_arn)
}

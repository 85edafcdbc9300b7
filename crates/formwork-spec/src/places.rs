//! Where each construct and setting of a spec is written, keyed the way findings name
//! them (`stack s / function F / memory`), so that a finding on a synthesized app points
//! at the spec's line and column.

use std::path::Path;

use formwork::SourceLocations;
use serde_yaml::Value;

use crate::locate::{locate_steps, Step};
use crate::parity::setter_of;
use crate::raw::Section;

/// The places of `text`'s stacks, constructs and settings.
pub(crate) fn places(text: &str, file: &Path) -> SourceLocations {
    let mut out = Places {
        text,
        locations: SourceLocations { file: file.display().to_string(), ..Default::default() },
    };
    let Ok(root) = serde_yaml::from_str::<Value>(text) else {
        return out.locations;
    };
    let Some(stacks) = root.get("stacks").and_then(Value::as_mapping) else {
        return out.locations;
    };
    for (name, stack) in stacks {
        let Some(name) = name.as_str() else { continue };
        let stack_path = format!("stack {name}");
        out.put(&stack_path, &[Step::Key("stacks"), Step::Key(name)]);
        let parts: Vec<&Value> = match stack {
            Value::Sequence(items) => items.iter().collect(),
            other => vec![other],
        };
        for part in parts {
            let Some(part) = part.as_mapping() else { continue };
            for &(section_key, section) in Section::ALL {
                let Some(constructs) = part.get(section_key).and_then(Value::as_mapping) else { continue };
                for (id, body) in constructs {
                    let Some(id) = id.as_str() else { continue };
                    let path = format!("{stack_path} / {} {id}", section.kind().as_str());
                    let keys = [Step::Key("stacks"), Step::Key(name), Step::Key(section_key), Step::Key(id)];
                    out.put(&path, &keys);
                    if let Some(body) = body.as_mapping() {
                        out.construct(&path, &keys, section.definition(), body);
                    }
                }
            }
        }
    }
    out.locations
}

/// A scalar's text.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The id part of a reference (`other/Jobs` → `Jobs`).
fn id_of(reference: &str) -> &str {
    reference.rsplit_once('/').map_or(reference, |(_, id)| id)
}

struct Places<'t> {
    text: &'t str,
    locations: SourceLocations,
}

impl Places<'_> {
    /// Records `path` at the place the steps lead to, unless it is known already.
    fn put(&mut self, path: &str, steps: &[Step<'_>]) {
        if self.locations.places.contains_key(path) {
            return;
        }
        if let Some(place) = locate_steps(self.text, steps) {
            self.locations.places.insert(path.to_string(), place);
        }
    }

    fn construct(&mut self, path: &str, keys: &[Step<'_>], definition: &str, body: &serde_yaml::Mapping) {
        for (key, value) in body {
            let Some(key) = key.as_str() else { continue };
            let mut at: Vec<Step<'_>> = keys.to_vec();
            at.push(Step::Key(key));
            let setter = setter_of(definition, key);
            match (definition, key) {
                ("Function", "environment") => {
                    self.put(&format!("{path} / env"), &at);
                    for (k, _) in value.as_mapping().into_iter().flatten() {
                        if let Some(k) = k.as_str() {
                            let mut here = at.clone();
                            here.push(Step::Key(k));
                            self.put(&format!("{path} / env {k}"), &here);
                        }
                    }
                }
                ("Function", "events") => self.events(path, &at, value),
                ("Function", "schedules") => {
                    for (rule, body) in value.as_mapping().into_iter().flatten() {
                        let Some(rule) = rule.as_str() else { continue };
                        let mut here = at.clone();
                        here.push(Step::Key(rule));
                        let rule_path = format!("{path} / event_source {rule}");
                        self.put(&rule_path, &here);
                        for (k, _) in body.as_mapping().into_iter().flatten() {
                            if let Some(k) = k.as_str() {
                                let mut deeper = here.clone();
                                deeper.push(Step::Key(k));
                                self.put(&format!("{rule_path} / {}", rule_setting(k)), &deeper);
                            }
                        }
                    }
                }
                ("Function", "grants") => {
                    let items = value.as_sequence().cloned().unwrap_or_default();
                    for (i, item) in items.iter().enumerate() {
                        let Some((intent, target)) = item.as_mapping().and_then(|m| m.iter().next()) else {
                            continue;
                        };
                        let (Some(intent), Some(target)) = (intent.as_str(), target.as_str()) else {
                            continue;
                        };
                        let skip = items[..i].iter().filter(|g| mentions(g, target)).count();
                        let mut here = at.clone();
                        here.push(Step::Value(target, skip));
                        self.put(&format!("{path} / grant {intent} {}", id_of(target)), &here);
                    }
                }
                ("Function", "layers") => {
                    let items = value.as_sequence().cloned().unwrap_or_default();
                    for (i, item) in items.iter().enumerate() {
                        let Some(layer) = item.as_str() else { continue };
                        let skip = items[..i].iter().filter(|l| l.as_str() == Some(layer)).count();
                        let mut here = at.clone();
                        here.push(Step::Value(layer, skip));
                        self.put(&format!("{path} / layer {}", id_of(layer)), &here);
                    }
                    self.put(&format!("{path} / layers"), &at);
                }
                ("Function", "allow_invoke") => {
                    for (id, body) in value.as_mapping().into_iter().flatten() {
                        let Some(id) = id.as_str() else { continue };
                        let mut here = at.clone();
                        here.push(Step::Key(id));
                        let permission = format!("{path} / allow_invoke {id}");
                        self.put(&permission, &here);
                        for (k, _) in body.as_mapping().into_iter().flatten() {
                            if let Some(k) = k.as_str() {
                                let mut deeper = here.clone();
                                deeper.push(Step::Key(k));
                                self.put(&format!("{permission} / {k}"), &deeper);
                            }
                        }
                    }
                }
                ("Function", "alias") => {
                    if let Some(name) = value.as_str() {
                        self.put(&format!("{path} / alias {name}"), &at);
                    }
                }
                ("Function", "provisioned_concurrency") => {
                    let alias = body
                        .get("alias")
                        .and_then(Value::as_str)
                        .unwrap_or(formwork::construct::DEFAULT_ALIAS)
                        .to_string();
                    self.put(&format!("{path} / alias {alias} / provisioned_concurrency"), &at);
                    self.put(&format!("{path} / provisioned_concurrency"), &at);
                }
                ("Function", "log_format" | "application_log_level" | "system_log_level") => {
                    self.put(&format!("{path} / {setter}"), &at);
                    self.put(&format!("{path} / logging"), &at);
                }
                ("Function", "retry_attempts" | "max_event_age" | "on_success" | "on_failure") => {
                    self.put(&format!("{path} / {setter}"), &at);
                    self.put(&format!("{path} / async invocation / {setter}"), &at);
                    self.put(&format!("{path} / async invocation"), &at);
                }
                ("Function", "url") => {
                    self.put(&format!("{path} / url"), &at);
                    self.put(&format!("{path} / url / auth"), &at);
                }
                ("Function", "code") => {
                    self.put(&format!("{path} / code"), &at);
                    self.put(&format!("{path} / runtime"), &at);
                }
                ("Layer", "dir" | "s3") => self.put(&format!("{path} / content"), &at),
                _ => self.put(&format!("{path} / {setter}"), &at),
            }
        }
    }

    /// Each event entry, as `event_source <label>`, and its settings.
    fn events(&mut self, path: &str, at: &[Step<'_>], value: &Value) {
        let items = value.as_sequence().cloned().unwrap_or_default();
        for (i, item) in items.iter().enumerate() {
            let Some(entry) = item.as_mapping() else { continue };
            let source = crate::raw::EventSpec::SOURCES
                .iter()
                .find_map(|k| entry.get(*k).and_then(Value::as_str).map(|v| (*k, v.to_string())));
            let Some((source, target)) = source else { continue };
            let (label, token) = if source == "rest_api" || source == "http_api" {
                let method = entry.get("method").and_then(scalar).unwrap_or_default();
                let route = entry.get("path").and_then(scalar).unwrap_or_default();
                (format!("{method} {route}"), route)
            } else {
                (id_of(&target).to_string(), target.clone())
            };
            let skip = items[..i].iter().filter(|e| mentions(e, &token)).count();
            let mut here = at.to_vec();
            here.push(Step::Value(&token, skip));
            let source_path = format!("{path} / event_source {label}");
            self.put(&source_path, &here);
            for (k, _) in entry {
                let Some(k) = k.as_str() else { continue };
                if k == source || ((source == "rest_api" || source == "http_api") && k == "path") {
                    continue;
                }
                let mut deeper = here.clone();
                deeper.push(Step::Key(k));
                let setting = setter_of("Event", k);
                let setting =
                    if source == "schedule" || source == "rule" { rule_setting(setting) } else { setting };
                self.put(&format!("{source_path} / {setting}"), &deeper);
                if k == "on_failure" {
                    self.put(&format!("{source_path} / destination"), &deeper);
                }
            }
        }
    }
}

/// How findings name a setting of a rule: `every` and `cron` are its `schedule`.
fn rule_setting(key: &str) -> &str {
    match key {
        "every" | "cron" => "schedule",
        other => other,
    }
}

/// Whether a list entry mentions `token` as a value.
fn mentions(entry: &Value, token: &str) -> bool {
    match entry {
        Value::Mapping(m) => m.values().any(|v| scalar(v).as_deref() == Some(token)),
        other => scalar(other).as_deref() == Some(token),
    }
}

//! The spec form of every public setter of the Rust builders. The table is what the
//! spec reader uses to name a finding's place (findings name setters, a spec names
//! keys), and a test checks it against the builders' source and the schema, so a new
//! setter without a spec form fails the build's tests.

/// Every public setter of the builders in `formwork::construct`: (builder type, setter,
/// the schema definition that holds its spec key, the spec key).
pub(crate) const SETTERS: &[(&str, &str, &str, &str)] = &[
    ("Function", "function_name", "Function", "function_name"),
    ("Function", "description", "Function", "description"),
    ("Function", "memory", "Function", "memory"),
    ("Function", "timeout", "Function", "timeout"),
    ("Function", "architecture", "Function", "architecture"),
    ("Function", "ephemeral_storage", "Function", "ephemeral_storage"),
    ("Function", "env", "Function", "environment"),
    ("Function", "reserved_concurrency", "Function", "reserved_concurrency"),
    ("Function", "dead_letter_queue", "Function", "dead_letter_queue"),
    ("Function", "log_retention", "Function", "log_retention"),
    ("Function", "tracing", "Function", "tracing"),
    ("Function", "event_source", "Function", "events"),
    ("Function", "retry_attempts", "Function", "retry_attempts"),
    ("Function", "max_event_age", "Function", "max_event_age"),
    ("Function", "on_success", "Function", "on_success"),
    ("Function", "on_failure", "Function", "on_failure"),
    ("Function", "layer", "Function", "layers"),
    ("Function", "layer_arn", "Function", "layers"),
    ("Function", "alias", "Function", "alias"),
    ("Function", "provisioned_concurrency", "Function", "provisioned_concurrency"),
    ("Function", "snap_start", "Function", "snap_start"),
    ("Function", "url", "Function", "url"),
    ("Function", "allow_invoke", "Function", "allow_invoke"),
    ("Function", "vpc", "Function", "vpc"),
    ("Function", "log_format", "Function", "log_format"),
    ("Function", "application_log_level", "Function", "application_log_level"),
    ("Function", "system_log_level", "Function", "system_log_level"),
    ("Function", "grant", "Function", "grants"),
    ("SqsSource", "batch_size", "Event", "batch_size"),
    ("SqsSource", "batching_window", "Event", "batching_window"),
    ("SqsSource", "report_batch_item_failures", "Event", "report_batch_item_failures"),
    ("SqsSource", "maximum_concurrency", "Event", "maximum_concurrency"),
    ("SqsSource", "filter", "Event", "filters"),
    ("StreamSource", "batch_size", "Event", "batch_size"),
    ("StreamSource", "batching_window", "Event", "batching_window"),
    ("StreamSource", "bisect_on_error", "Event", "bisect_on_error"),
    ("StreamSource", "maximum_record_age", "Event", "maximum_record_age"),
    ("StreamSource", "retry_attempts", "Event", "retry_attempts"),
    ("StreamSource", "parallelization", "Event", "parallelization"),
    ("StreamSource", "tumbling_window", "Event", "tumbling_window"),
    ("StreamSource", "report_batch_item_failures", "Event", "report_batch_item_failures"),
    ("StreamSource", "filter", "Event", "filters"),
    ("StreamSource", "on_failure", "Event", "on_failure"),
    ("SnsSource", "filter_policy", "Event", "filter_policy"),
    ("S3Source", "event", "Event", "events"),
    ("S3Source", "prefix", "Event", "prefix"),
    ("S3Source", "suffix", "Event", "suffix"),
    ("EventRule", "description", "Event", "description"),
    ("EventRule", "input", "Event", "input"),
    ("EventRule", "disabled", "Event", "disabled"),
    ("FunctionUrl", "invoke_mode", "FunctionUrl", "invoke_mode"),
    ("InvokePermission", "source_arn", "InvokePermission", "source_arn"),
    ("InvokePermission", "source_account", "InvokePermission", "source_account"),
    ("InvokePermission", "from_this_account", "InvokePermission", "from_this_account"),
    ("RestApi", "stage", "RestApi", "stage"),
    ("RestApi", "description", "RestApi", "description"),
    ("HttpApi", "description", "HttpApi", "description"),
    ("Bucket", "name", "Bucket", "name"),
    ("Bucket", "versioned", "Bucket", "versioned"),
    ("Bucket", "encryption", "Bucket", "encryption"),
    ("Bucket", "expire_objects_after", "Bucket", "expire_objects_after"),
    ("Bucket", "removal_policy", "Bucket", "removal_policy"),
    ("Stream", "mode", "KinesisStream", "mode"),
    ("Stream", "retention", "KinesisStream", "retention"),
    ("Stream", "kms_key", "KinesisStream", "kms_key"),
    ("Stream", "removal_policy", "KinesisStream", "removal_policy"),
    ("Layer", "compatible_runtime", "Layer", "compatible_runtimes"),
    ("Layer", "compatible_architecture", "Layer", "compatible_architectures"),
    ("Layer", "description", "Layer", "description"),
    ("Layer", "license", "Layer", "license"),
    ("Queue", "fifo", "Queue", "fifo"),
    ("Queue", "content_based_deduplication", "Queue", "content_based_deduplication"),
    ("Queue", "visibility_timeout", "Queue", "visibility_timeout"),
    ("Queue", "retention", "Queue", "retention"),
    ("Queue", "delay", "Queue", "delay"),
    ("Queue", "dead_letter_queue", "Queue", "dead_letter_queue"),
    ("Queue", "encryption", "Queue", "encryption"),
    ("Queue", "removal_policy", "Queue", "removal_policy"),
    ("Topic", "kms_key", "Topic", "kms_key"),
    ("Table", "sort_key", "Table", "sort_key"),
    ("Table", "stream", "Table", "stream"),
    ("Table", "without_point_in_time_recovery", "Table", "point_in_time_recovery"),
    ("Table", "removal_policy", "Table", "removal_policy"),
    ("Function", "statement", "Function", "statements"),
    ("Function", "override_property", "Function", "overrides"),
    ("Function", "override_resource", "Function", "overrides"),
    ("Statement", "condition", "Statement", "conditions"),
    ("Statement", "allow_wildcard", "Statement", "allow_wildcard"),
    ("Secret", "description", "Secret", "description"),
    ("Secret", "kms_key", "Secret", "kms_key"),
    ("Secret", "length", "Secret", "length"),
    ("Secret", "removal_policy", "Secret", "removal_policy"),
    ("Parameter", "description", "Parameter", "description"),
    ("KmsKey", "description", "KmsKey", "description"),
    ("KmsKey", "removal_policy", "KmsKey", "removal_policy"),
    ("Existing<TableRef>", "stream_arn", "Existing", "stream_arn"),
    ("Existing<SecretRef>", "kms_key", "Existing", "kms_key"),
    ("Existing<ParameterRef>", "kms_key", "Existing", "kms_key"),
    ("RawResource", "depends_on", "RawResource", "depends_on"),
    ("RawResource", "removal_policy", "RawResource", "removal_policy"),
];

/// The setter a spec key of a schema definition stands for, as findings name it
/// (`environment` → `env`); the key itself when the table has none.
pub(crate) fn setter_of<'k>(definition: &str, key: &'k str) -> &'k str {
    SETTERS.iter().find(|(_, _, d, k)| *d == definition && *k == key).map_or(key, |(_, setter, _, _)| setter)
}

#[cfg(test)]
mod tests {
    use super::SETTERS;

    /// (builder type, setter) of every public method taking `self` and returning the
    /// builder, in `formwork/src/construct/*.rs`.
    fn builder_setters() -> Vec<(String, String)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../formwork/src/construct");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("the construct sources")
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .collect();
        files.sort();
        let mut found = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("a source file");
            let mut builder: Option<String> = None;
            let mut lines = text.lines();
            while let Some(line) = lines.next() {
                if let Some(rest) = line.strip_prefix("impl ") {
                    builder = rest.strip_suffix(" {").filter(|t| !t.contains(' ')).map(str::to_string);
                    continue;
                }
                let Some(first) = line.trim_start().strip_prefix("pub fn ") else {
                    continue;
                };
                // A signature rustfmt wrapped runs on to the line that opens the body.
                let mut rest = first.to_string();
                while !rest.contains('{') && !rest.ends_with(';') {
                    let Some(next) = lines.next() else { break };
                    rest.push_str(next.trim());
                }
                let rest = rest.as_str();
                let Some((name, signature)) = rest.split_once('(') else {
                    continue;
                };
                let name = name.split('<').next().unwrap_or(name);
                let signature = signature.trim_start();
                let takes_self = signature.starts_with("mut self") || signature.starts_with("self");
                if let Some(ty) = &builder {
                    if takes_self && signature.contains(&format!("-> {ty}")) {
                        found.push((ty.clone(), name.to_string()));
                    }
                }
            }
        }
        found
    }

    #[test]
    fn every_builder_setter_has_a_spec_key() {
        let setters = builder_setters();
        assert!(setters.len() > 60, "the scan found only {} setters", setters.len());
        assert!(setters.contains(&("Function".to_string(), "memory".to_string())));
        let missing: Vec<String> = setters
            .iter()
            .filter(|(ty, name)| !SETTERS.iter().any(|(t, n, _, _)| t == ty && n == name))
            .map(|(ty, name)| format!("{ty}::{name}"))
            .collect();
        assert!(
            missing.is_empty(),
            "setters without a spec form (add the key to formwork-spec's raw types and to SETTERS): {missing:?}"
        );
        let stale: Vec<String> = SETTERS
            .iter()
            .filter(|(t, n, _, _)| !setters.iter().any(|(ty, name)| ty == t && name == n))
            .map(|(t, n, _, _)| format!("{t}::{n}"))
            .collect();
        assert!(stale.is_empty(), "SETTERS names setters the builders no longer have: {stale:?}");
    }

    #[test]
    fn every_spec_key_of_the_table_is_in_the_schema() {
        let schema: serde_json::Value = serde_json::from_str(&crate::schema()).expect("the schema is JSON");
        for (ty, setter, definition, key) in SETTERS {
            let property = &schema["$defs"][definition]["properties"][key];
            assert!(property.is_object(), "{ty}::{setter}: the schema's {definition} has no `{key}`");
            let description = property["description"].as_str().unwrap_or_default();
            assert!(!description.is_empty(), "{definition}.{key} has no description");
        }
    }
}

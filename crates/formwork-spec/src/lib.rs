//! The formwork spec file: the same model as formwork's Rust builders, written in YAML
//! or JSON, for people who do not write Rust.
//!
//! A spec is read in two steps. First serde reads the text into plain data that mirrors
//! the file (the JSON Schema from [`schema`] describes exactly that data), stopping at
//! the first malformed value with its line and column. Then every name that refers to
//! another construct is checked against its stack, all problems are collected, and the
//! app is built through the same builder calls a Rust program would make: a spec and a
//! program that set the same things synthesize identical templates.
//!
//! ```
//! use std::path::Path;
//!
//! let spec = r#"
//! stacks:
//!   orders:
//!     tables:
//!       Orders: { partition_key: { name: id, type: string } }
//!     queues:
//!       OrderJobs: { visibility_timeout: 60s }
//!     functions:
//!       ProcessOrder:
//!         runtime: python3.12
//!         handler: app.handler
//!         code: functions/process
//!         timeout: 10s
//!         environment: { TABLE_NAME: { name_of: Orders } }
//!         events: [{ sqs: OrderJobs, batch_size: 10 }]
//!         grants: [{ read_data: Orders }]
//! "#;
//! let app = formwork_spec::from_str(spec, Path::new("orders.yaml"))?;
//! assert_eq!(app.name(), "orders");
//! assert_eq!(app.stacks()[0].name(), "orders");
//! # Ok::<(), formwork_spec::SpecErrors>(())
//! ```

mod error;
mod init;
mod locate;
mod parity;
mod places;
mod raw;
mod resolve;
mod suggest;
mod template;
mod unique;
mod values;

use std::path::Path;

use formwork::App;
use schemars::generate::SchemaSettings;

pub use error::{ErrorKind, SpecError, SpecErrors};
pub use init::{init, project_files, project_name, InitError};
pub use template::{
    is_template, locate_resource, lower_template, parse_template, read_template, TemplateLocator,
};

use crate::raw::Spec;

/// Reads and resolves a spec file: JSON when its extension is `.json`, YAML otherwise.
/// Code directories are relative to the file's folder; the app's name defaults to the
/// file's name without its extension.
///
/// A file that cannot be read gives one error of kind [`ErrorKind::Read`].
pub fn load(path: &Path) -> Result<App, SpecErrors> {
    let text = read_input(path)?;
    from_str(&text, path)
}

/// The largest spec file or template formwork reads: 32 MiB. CloudFormation itself takes
/// templates of at most 1 MB; the limit only keeps a mistaken or hostile input from
/// taking the machine's memory.
pub const MAX_INPUT_BYTES: u64 = 32 << 20;

/// The deepest nesting of lists and mappings a spec file or template may have: 128
/// levels (the YAML and JSON readers' own limit; deeper input is an error, "recursion
/// limit exceeded", at the line and column where it goes too deep).
pub const MAX_NESTING: usize = 128;

/// Reads a spec file or template as UTF-8 text of at most [`MAX_INPUT_BYTES`]. A file
/// that cannot be read gives one error of kind [`ErrorKind::Read`] naming it; a larger
/// file or one that is not UTF-8, one of kind [`ErrorKind::Parse`].
pub fn read_input(path: &Path) -> Result<String, SpecErrors> {
    use std::io::Read;
    let too_large = |size: u64| {
        SpecErrors::one(SpecError::new(
            ErrorKind::Parse,
            path,
            format!(
                "the file is {size} bytes; formwork reads files of at most {MAX_INPUT_BYTES} bytes (32 MiB)"
            ),
        ))
    };
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|file| {
        if let Ok(m) = file.metadata() {
            if m.is_file() && m.len() > MAX_INPUT_BYTES {
                return Ok(Some(m.len()));
            }
        }
        // Bounded even when the size is not known in advance (a pipe, a device).
        file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes).map(|_| None)
    });
    match read {
        Ok(Some(size)) => return Err(too_large(size)),
        Ok(None) if bytes.len() as u64 > MAX_INPUT_BYTES => return Err(too_large(bytes.len() as u64)),
        Ok(None) => {}
        Err(e) => return Err(read_error(path, &e)),
    }
    String::from_utf8(bytes).map_err(|e| {
        SpecErrors::one(SpecError::new(
            ErrorKind::Parse,
            path,
            format!("the file is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()),
        ))
    })
}

/// A read error naming the file.
fn read_error(path: &Path, e: &std::io::Error) -> SpecErrors {
    let reason = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            // "Is a directory (os error 21)" → "is a directory"
            let text = e.to_string();
            let text = text.split(" (os error").next().unwrap_or_default();
            let mut chars = text.chars();
            chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
        }
    };
    SpecErrors::one(SpecError::new(ErrorKind::Read, path, format!("cannot read the spec file: {reason}")))
}

/// Resolves a spec from its text. `file` is where the text came from: it names the file
/// in messages, picks the format (JSON for `.json`, YAML otherwise), and gives the app's
/// default name and the folder code directories are relative to, as in [`load`].
pub fn from_str(text: &str, file: &Path) -> Result<App, SpecErrors> {
    let spec = parse(text, file).map_err(SpecErrors::one)?;
    resolve::resolve(spec, text, file)
}

/// The JSON Schema (draft 2020-12) of spec files, as pretty-printed JSON with a final
/// newline. The same on every call and every machine; `schema/formwork.schema.json` in
/// the repository is this text.
pub fn schema() -> String {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<Spec>();
    let mut value = schema.to_value();
    describe_single_keys(&mut value);
    // The document's own keywords first, then the properties and definitions.
    if let serde_json::Value::Object(map) = &mut value {
        let mut ordered = serde_json::Map::new();
        for key in ["$schema", "title", "description"] {
            if let Some(v) = map.remove(key) {
                ordered.insert(key.to_string(), v);
            }
        }
        ordered.append(map);
        *map = ordered;
    }
    format!("{value:#}\n")
}

/// Gives the one property of each one-key alternative (`{ kms: KEY }`, `{ read_data: ID }`)
/// the alternative's description, so that every property an editor completes has one.
fn describe_single_keys(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            let description = map.get("description").cloned();
            if let (Some(description), Some(serde_json::Value::Object(properties))) =
                (description, map.get_mut("properties"))
            {
                if properties.len() == 1 {
                    for property in properties.values_mut() {
                        if let serde_json::Value::Object(p) = property {
                            p.entry("description").or_insert(description.clone());
                        }
                    }
                }
            }
            // A closed set of names is an `enum`, which every editor completes; each
            // name's own description joins the set's.
            let names: Option<Vec<(serde_json::Value, String)>> = map.get("oneOf").and_then(|alternatives| {
                alternatives
                    .as_array()?
                    .iter()
                    .map(|a| {
                        let name = a.get("const").filter(|c| c.is_string())?.clone();
                        let text =
                            a.get("description").and_then(|d| d.as_str()).unwrap_or_default().to_string();
                        Some((name, text))
                    })
                    .collect()
            });
            if let Some(names) = names.filter(|n| !n.is_empty()) {
                let listed: Vec<String> = names
                    .iter()
                    .map(|(name, text)| format!("`{}`: {text}", name.as_str().unwrap_or_default()))
                    .collect();
                let description =
                    map.get("description").and_then(|d| d.as_str()).unwrap_or_default().to_string();
                map.remove("oneOf");
                map.insert("type".to_string(), serde_json::Value::from("string"));
                map.insert(
                    "enum".to_string(),
                    serde_json::Value::Array(names.into_iter().map(|(n, _)| n).collect()),
                );
                map.insert(
                    "description".to_string(),
                    serde_json::Value::from(format!("{description} {}", listed.join(" ")).trim().to_string()),
                );
            }
            for v in map.values_mut() {
                describe_single_keys(v);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(describe_single_keys),
        _ => {}
    }
}

/// Reads the text into the spec's plain data.
fn parse(text: &str, file: &Path) -> Result<Spec, SpecError> {
    let json = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if json {
        serde_json::from_str(text).map_err(|e| {
            let location = (e.line() > 0).then(|| (e.line(), e.column()));
            serde_error(file, &e.to_string(), location)
        })
    } else if text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---"
    }) {
        // serde_yaml would say "EOF while parsing a value".
        Err(SpecError::new(ErrorKind::Parse, file, "the spec is empty; it needs at least `stacks`"))
    } else {
        serde_yaml::from_str(text).map_err(|e| {
            let location = e.location().map(|l| (l.line(), l.column()));
            serde_error(file, &e.to_string(), location)
        })
    }
}

/// The readers' "recursion limit exceeded", with the limit said.
pub(crate) fn with_nesting_limit(message: &str) -> String {
    if message.contains("recursion limit exceeded") {
        format!("{message}; formwork reads at most {MAX_NESTING} levels of nested lists and mappings")
    } else {
        message.to_string()
    }
}

/// A serde error as a [`SpecError`]: the location taken out of the message and kept as
/// data, serde_yaml's key path likewise, and a suggestion for a misspelt name.
fn serde_error(file: &Path, text: &str, location: Option<(usize, usize)>) -> SpecError {
    // The location is kept as data, so out of the text it goes (libyaml puts it
    // mid-sentence: "found ... at line 2 column 1, while scanning ...").
    let unlocated = match location {
        Some((line, column)) => text.replacen(&format!(" at line {line} column {column}"), "", 1),
        None => text.to_string(),
    };
    let mut message = unlocated.as_str();
    // serde_yaml writes `path.to.key: message`; a message itself never starts with a
    // word followed by `: `.
    let mut path = None;
    if let Some((head, rest)) = message.split_once(": ") {
        if !head.is_empty() && !head.contains(char::is_whitespace) && !head.contains('`') {
            path = Some(head.to_string());
            message = rest;
        }
    }
    let error =
        SpecError::new(ErrorKind::Parse, file, with_suggestion(&with_nesting_limit(message))).at(location);
    match path {
        Some(p) => error.path(p),
        None => error,
    }
}

/// serde's "unknown field `memroy`, expected one of `a`, `b`" (and the like for
/// variants, grants, references), with "; did you mean `memory`?" added when one of the
/// expected names is close.
fn with_suggestion(message: &str) -> String {
    let Some(start) = message.find("unknown ") else {
        return message.to_string();
    };
    let mut quoted = message[start..].split('`');
    let (Some(_), Some(name), Some(rest)) = (quoted.next(), quoted.next(), quoted.next()) else {
        return message.to_string();
    };
    if !rest.contains("expected") {
        return message.to_string();
    }
    match suggest::closest(name, quoted.step_by(2)) {
        Some(s) => format!("{message}; did you mean `{s}`?"),
        None => message.to_string(),
    }
}

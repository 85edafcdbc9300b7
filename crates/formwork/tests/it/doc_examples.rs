//! Every construct, event source, grant and async-invocation setter in
//! `src/construct/` has a doc example (run by `cargo test --doc`): the test reads the
//! source, so a new construct or grant without one fails here.

use std::path::Path;

const CONSTRUCT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/construct");

/// Built by macros (`Table::from_name`, `Queue::existing`) rather than by a constructor
/// in their own `impl` block, yet constructs users write.
const CONSTRUCTED_ELSEWHERE: [&str; 1] = ["Existing"];

/// Setters of asynchronous invocation that take no destination.
const ASYNC_SETTERS: [&str; 2] = ["retry_attempts", "max_event_age"];

/// An item that needs an example: where it is and what it is.
#[derive(Debug)]
struct Item {
    file: String,
    line: usize,
    what: String,
    has_example: bool,
}

/// Whether the doc comment above line `i` (past its attributes) holds a code block.
fn documented_with_example(lines: &[&str], i: usize) -> bool {
    let mut j = i;
    while j > 0 && lines[j - 1].trim_start().starts_with("#[") {
        j -= 1;
    }
    let mut has = false;
    while j > 0 && lines[j - 1].trim_start().starts_with("///") {
        j -= 1;
        has |= lines[j].trim_start().trim_start_matches("///").trim_start().starts_with("```");
    }
    has
}

/// The type an `impl` line is for: `impl<H> Existing<H> {` → `Existing`.
fn impl_type(line: &str) -> Option<String> {
    let rest = line.strip_prefix("impl")?;
    let rest = match rest.strip_prefix('<') {
        Some(generics) => &generics[generics.find('>')? + 1..],
        None => rest,
    };
    let rest = rest.trim_start();
    if rest.contains(" for ") {
        return None;
    }
    Some(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect())
}

/// The name of the item declared on this line (`pub struct Queue {` → `Queue`).
fn declared(line: &str, keyword: &str) -> Option<String> {
    let rest = line.strip_prefix(keyword)?;
    Some(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect())
}

/// Every item of one file that needs an example.
fn items_of(file: &str, text: &str) -> Vec<Item> {
    let lines: Vec<&str> = text.lines().collect();
    let mut types: Vec<(String, usize)> = Vec::new();
    let mut constructed: Vec<String> = Vec::new();
    let mut items = Vec::new();
    let mut current_impl: Option<String> = None;
    for (i, line) in lines.iter().enumerate() {
        if let Some(name) = declared(line, "pub struct ").or_else(|| declared(line, "pub enum ")) {
            types.push((name, i));
        }
        if line.starts_with("impl") {
            current_impl = impl_type(line);
        } else if line.starts_with('}') {
            current_impl = None;
        }
        let Some(ty) = &current_impl else { continue };
        let Some(name) = declared(line.trim_start(), "pub fn ") else { continue };
        // The signature, which may span lines, up to the body's brace.
        let signature: String = lines[i..]
            .iter()
            .take_while(|l| !l.ends_with('{'))
            .chain(lines[i..].iter().find(|l| l.ends_with('{')))
            .copied()
            .collect();
        if signature.contains(&format!("-> {ty} {{")) {
            constructed.push(ty.clone());
        }
        let need = if signature.contains("-> Grant {") {
            Some(format!("grant {ty}::{name}"))
        } else if signature.contains("Into<Destination>") || signature.contains("Into<FailedBatchTarget>") {
            Some(format!("destination {ty}::{name}"))
        } else if ty == "Function" && ASYNC_SETTERS.contains(&name.as_str()) {
            Some(format!("async invocation {ty}::{name}"))
        } else {
            None
        };
        if let Some(what) = need {
            items.push(Item {
                file: file.to_string(),
                line: i + 1,
                what,
                has_example: documented_with_example(&lines, i),
            });
        }
    }
    for (name, i) in types {
        if constructed.contains(&name) || CONSTRUCTED_ELSEWHERE.contains(&name.as_str()) {
            items.push(Item {
                file: file.to_string(),
                line: i + 1,
                what: format!("construct {name}"),
                has_example: documented_with_example(&lines, i),
            });
        }
    }
    items
}

fn all_items() -> Vec<Item> {
    let mut items = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(Path::new(CONSTRUCT_DIR))
        .expect("src/construct")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("a source file");
        let name = path.file_name().expect("a file name").to_string_lossy().into_owned();
        items.extend(items_of(&name, &text));
    }
    items
}

#[test]
fn every_construct_event_source_grant_and_destination_has_a_doc_example() {
    let items = all_items();
    let whats: Vec<&str> = items.iter().map(|i| i.what.as_str()).collect();
    // The reader finds what it must: if these are missing, the parser is broken.
    for expected in [
        "construct Function",
        "construct Queue",
        "construct Topic",
        "construct Table",
        "construct Bucket",
        "construct Stream",
        "construct Layer",
        "construct RestApi",
        "construct HttpApi",
        "construct Secret",
        "construct Parameter",
        "construct KmsKey",
        "construct Statement",
        "construct Arn",
        "construct Existing",
        "construct RawResource",
        "construct SqsSource",
        "construct SnsSource",
        "construct S3Source",
        "construct StreamSource",
        "construct EventRule",
        "construct Schedule",
        "construct ApiRoute",
        "construct Destination",
        "grant TableRef::read_data",
        "grant QueueRef::send",
        "grant SecretRef::read",
        "grant ParameterRef::read",
        "grant KmsKeyRef::encrypt",
        "destination Function::on_success",
        "destination Function::on_failure",
        "destination StreamSource::on_failure",
        "async invocation Function::retry_attempts",
        "async invocation Function::max_event_age",
    ] {
        assert!(whats.contains(&expected), "the reader did not find `{expected}` in {whats:?}");
    }
    assert!(whats.iter().filter(|w| w.starts_with("grant ")).count() >= 14, "{whats:?}");
    let missing: Vec<String> = items
        .iter()
        .filter(|i| !i.has_example)
        .map(|i| format!("src/construct/{}:{}: {}", i.file, i.line, i.what))
        .collect();
    assert!(
        missing.is_empty(),
        "these need a doc example (a ``` block in their doc comment):\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_reader_tells_an_example_from_prose() {
    let text = "/// A thing.\n///\n/// ```\n/// let x = 1;\n/// ```\n#[derive(Debug)]\npub struct Thing {\n}\n\nimpl Thing {\n    /// New.\n    pub fn new() -> Thing {\n        Thing {}\n    }\n}\n\n/// Plain.\npub struct Bare;\n\nimpl Bare {\n    /// Multi-line\n    pub fn new(\n        x: u32,\n    ) -> Bare {\n        Bare\n    }\n\n    /// Grants.\n    pub fn read(&self) -> Grant {\n    }\n}\n";
    let items = items_of("t.rs", text);
    let summary: Vec<(&str, bool)> = items.iter().map(|i| (i.what.as_str(), i.has_example)).collect();
    assert_eq!(summary, [("grant Bare::read", false), ("construct Thing", true), ("construct Bare", false)]);
}

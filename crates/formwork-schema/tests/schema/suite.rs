//! The validator against the official JSON-Schema-Test-Suite (vendored in `tests/suite`,
//! MIT; see its README): every test of every file for the keywords the validator claims,
//! except the few listed in `SKIPPED` with the reason.

use std::path::Path;

use formwork_schema::Schema;
use serde_json::Value as Json;

/// Why the `$id` tests are skipped.
const IDS: &str = "only local `$ref` pointers are supported; `$id`, base URIs, anchors, URNs and remote schemas are not (no vendored schema uses them)";

/// (file, test group description, test description or "*"), and why it is skipped.
const SKIPPED: &[(&str, &str, &str, &str)] = &[
    ("ref", "ref overrides any sibling keywords", "*", "draft 7 ignores keywords beside `$ref`; the validator applies them, as the vendored CloudFormation schemas expect"),
    ("ref", "$ref prevents a sibling $id from changing the base uri", "*", IDS),
    ("ref", "remote ref, containing refs itself", "*", IDS),
    ("ref", "Recursive references between schemas", "*", IDS),
    ("ref", "Location-independent identifier", "*", IDS),
    ("ref", "Reference an anchor with a non-relative URI", "*", IDS),
    ("ref", "Location-independent identifier with base URI change in subschema", "*", IDS),
    ("ref", "refs with relative uris and defs", "*", IDS),
    ("ref", "relative refs with absolute uris and defs", "*", IDS),
    ("ref", "$id must be resolved against nearest parent, not just immediate parent", "*", IDS),
    ("ref", "simple URN base URI with $ref via the URN", "*", IDS),
    ("ref", "URN base URI with URN and JSON pointer ref", "*", IDS),
    ("ref", "URN base URI with URN and anchor ref", "*", IDS),
    ("ref", "ref to if", "*", IDS),
    ("ref", "ref to then", "*", IDS),
    ("ref", "ref to else", "*", IDS),
    ("ref", "ref with absolute-path-reference", "*", IDS),
];

/// The index of the skip that covers this test, if one does.
fn skipped(file: &str, group: &str, test: &str) -> Option<usize> {
    SKIPPED.iter().position(|(f, g, t, _)| *f == file && *g == group && (*t == "*" || *t == test))
}

#[test]
fn the_validator_passes_the_json_schema_test_suite_for_the_keywords_it_claims() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/suite/draft7");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let (mut passed, mut skips) = (0, 0);
    let mut used = vec![false; SKIPPED.len()];
    let mut failures = Vec::new();
    for path in &files {
        let file = path.file_stem().unwrap().to_string_lossy().into_owned();
        let groups: Json = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for group in groups.as_array().unwrap() {
            let description = group["description"].as_str().unwrap();
            let schema = Schema::from_json(&group["schema"]);
            for test in group["tests"].as_array().unwrap() {
                let name = test["description"].as_str().unwrap();
                if let Some(i) = skipped(&file, description, name) {
                    used[i] = true;
                    skips += 1;
                    continue;
                }
                let valid = schema.validate(&test["data"]).is_empty();
                if valid == test["valid"].as_bool().unwrap() {
                    passed += 1;
                } else {
                    failures.push(format!("{file}: {description}: {name}: expected valid={}", !valid));
                }
            }
        }
    }
    eprintln!("JSON-Schema-Test-Suite draft 7: {passed} passed, {skips} skipped, {} failed", failures.len());
    assert_eq!(failures, Vec::<String>::new());
    let stale: Vec<_> = SKIPPED.iter().zip(&used).filter(|(_, u)| !**u).map(|(s, _)| s.1).collect();
    assert_eq!(stale, Vec::<&str>::new(), "skips that match no test");
    assert!(passed > 500, "{passed}");
}

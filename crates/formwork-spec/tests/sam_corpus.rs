//! aws-sam-translator's own transform tests (vendored in `tests/corpora/sam-translator`):
//! how many SAM templates formwork lowers to the same resources, by logical id and type,
//! as the transform does; and every template, the ones the transform rejects included,
//! is read and lowered without a panic.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use formwork_spec::lower_template;

/// Inputs (of the 543 the transform accepts and whose output the corpus has) whose lowering has exactly the transform's
/// (logical id, type) pairs. A floor: raise it when the lowering improves, never lower it.
const IDENTICAL_FLOOR: usize = 539;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpora/sam-translator")
}

/// The transform appends a content hash to some logical ids (`<Function>Version<hash>`,
/// `<Api>Deployment<hash>`, `<Layer><hash>`, `ApiGatewayDomainName<hash>`,
/// `RecordSetGroup<hash>`): both sides are compared without it.
fn normalized(id: &str, resource_type: &str) -> String {
    let hashed = matches!(
        resource_type,
        "AWS::Lambda::Version"
            | "AWS::ApiGateway::Deployment"
            | "AWS::Lambda::LayerVersion"
            | "AWS::ApiGateway::DomainName"
            | "AWS::ApiGateway::DomainNameV2"
            | "AWS::ApiGatewayV2::DomainName"
            | "AWS::Route53::RecordSetGroup"
            | "AWS::ApiGateway::DomainNameAccessAssociation"
    );
    let bytes = id.as_bytes();
    if hashed
        && bytes.len() > 10
        && bytes[bytes.len() - 10..].iter().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    {
        format!("{}<hash>", &id[..id.len() - 10])
    } else {
        id.to_string()
    }
}

type Pairs = BTreeSet<(String, String)>;

fn expected() -> Vec<(String, Pairs)> {
    let text = std::fs::read_to_string(corpus().join("expected.tsv")).expect("expected.tsv");
    let mut out: Vec<(String, Pairs)> = Vec::new();
    for line in text.lines() {
        let mut cols = line.split('\t');
        let (Some(input), Some(id), Some(ty)) = (cols.next(), cols.next(), cols.next()) else { continue };
        if out.last().is_none_or(|(name, _)| name != input) {
            out.push((input.to_string(), Pairs::new()));
        }
        if let Some((_, pairs)) = out.last_mut() {
            pairs.insert((normalized(id, ty), ty.to_string()));
        }
    }
    out
}

fn lowered(input: &str) -> Option<Pairs> {
    let path = corpus().join("input").join(format!("{input}.yaml"));
    let text = std::fs::read_to_string(&path).ok()?;
    let template = lower_template(&text, &path).ok()?;
    Some(
        template
            .resources
            .iter()
            .map(|(id, r)| (normalized(id, &r.resource_type), r.resource_type.clone()))
            .collect(),
    )
}

#[test]
fn sam_templates_lower_to_the_transform_s_logical_ids() {
    let expected = expected();
    // 544 inputs the transform accepts; one (translate_always_deploy) has no output in the corpus.
    assert_eq!(expected.len(), 543, "inputs the transform accepts, with an output");
    let mut identical = 0;
    let mut report = String::new();
    for (input, pairs) in &expected {
        match lowered(input) {
            Some(got) if &got == pairs => identical += 1,
            Some(got) => {
                let missing: Vec<_> = pairs.difference(&got).map(|(id, _)| id.as_str()).collect();
                let extra: Vec<_> = got.difference(pairs).map(|(id, _)| id.as_str()).collect();
                report.push_str(&format!("{input}: missing {missing:?} extra {extra:?}\n"));
            }
            None => report.push_str(&format!("{input}: not read\n")),
        }
    }
    if std::env::var_os("FORMWORK_SAM_CORPUS_REPORT").is_some() {
        eprintln!("{report}");
    }
    eprintln!("lowered identically: {identical} of {}", expected.len());
    assert!(identical >= IDENTICAL_FLOOR, "{identical} < floor {IDENTICAL_FLOOR}\n{report}");
}

#[test]
fn every_input_is_read_and_lowered_without_a_panic() {
    let mut read = 0;
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(corpus().join("input"))
        .expect("input folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    inputs.sort();
    for path in &inputs {
        let text = std::fs::read_to_string(path).expect("readable");
        // Either a template or errors with a place: never a panic.
        if let Ok(template) = lower_template(&text, path) {
            assert!(!template.resources.is_empty() || text.contains("Resources"), "{}", path.display());
        }
        read += 1;
    }
    assert_eq!(read, 831);
}

/// The README's SAM example: references to implicit resources resolve to the lowered
/// ones, and policy templates become the role's statements.
#[test]
fn implicit_references_and_policy_templates_are_lowered() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../formwork-cli/tests/fixtures/templates/sam-implicit-references.yaml");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let t = lower_template(&text, &path).expect("lowers");
    let types: Vec<(&str, &str)> =
        t.resources.iter().map(|(id, r)| (id.as_str(), r.resource_type.as_str())).collect();
    for expected in [
        ("HelloWorldFunction", "AWS::Lambda::Function"),
        ("HelloWorldFunctionRole", "AWS::IAM::Role"),
        ("HelloWorldFunctionAliaslive", "AWS::Lambda::Alias"),
        ("HelloWorldFunctionUrl", "AWS::Lambda::Url"),
        ("HelloWorldFunctionHelloPermissionProd", "AWS::Lambda::Permission"),
        ("ServerlessRestApi", "AWS::ApiGateway::RestApi"),
        ("ServerlessRestApiProdStage", "AWS::ApiGateway::Stage"),
        ("ServerlessHttpApi", "AWS::ApiGatewayV2::Api"),
        ("ClickFunctionStream", "AWS::Lambda::EventSourceMapping"),
        ("GraphResolverSourceLambdaDataSource", "AWS::AppSync::DataSource"),
    ] {
        assert!(types.contains(&expected), "{expected:?} in {types:?}");
    }
    // `!Ref HelloWorldFunction.Alias` names the alias, `.Version` the version.
    let compact =
        |v: &formwork_template::Value| formwork_template::to_json(v).split_whitespace().collect::<String>();
    assert_eq!(t.outputs["Alias"].value, formwork_template::Value::ref_("HelloWorldFunctionAliaslive"));
    let version = compact(&t.outputs["Version"].value);
    assert!(version.starts_with(r#"{"Ref":"HelloWorldFunctionVersion"#), "{version}");
    // DynamoDBReadPolicy, expanded with the table's name.
    let role = compact(&t.resources["HelloWorldFunctionRole"].to_value());
    assert!(role.contains(r#""dynamodb:GetItem""#), "{role}");
    assert!(role.contains(r#""tableName":{"Ref":"Orders"}"#), "{role}");
    // The Kinesis event's on-failure `Type` is SAM's own: CloudFormation's mapping has none.
    let mapping = compact(&t.resources["ClickFunctionStream"].to_value());
    assert!(
        mapping.contains(r#""OnFailure":{"Destination""#) && !mapping.contains(r#""Type":"SQS""#),
        "{mapping}"
    );
}

/// Error inputs the transform rejects that `formwork validate` reports at least one error
/// on (from SAM's schema, or any rule). A floor: raise it, never lower it.
const ERROR_INPUTS_CAUGHT_FLOOR: usize = 161;
/// Of those, the ones SAM's schema alone reports an error on.
const ERROR_INPUTS_SAM_SCHEMA_FLOOR: usize = 25;

fn is_sam_schema(f: &formwork::validate::Finding) -> bool {
    f.code == "FW510" && f.message.starts_with("AWS::Serverless::")
}

#[test]
fn templates_the_transform_rejects_get_an_error_and_accepted_ones_no_sam_schema_error() {
    let settings = formwork::validate::Settings::new(formwork::Date::parse("2026-11-29").expect("a date"));
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(corpus().join("input"))
        .expect("input folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    inputs.sort();
    let (mut errors, mut caught, mut by_schema, mut alarms) = (0, 0, 0, Vec::new());
    for path in &inputs {
        let text = std::fs::read_to_string(path).expect("readable");
        let name = path.file_stem().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let report = formwork_spec::parse_template(&text, path)
            .map(|t| formwork::validate::validate_template("corpus", &t, &settings));
        if name.starts_with("error_") {
            errors += 1;
            // A template that cannot be read is an error too.
            caught += usize::from(report.as_ref().map_or(true, |r| r.findings.iter().any(|f| f.is_error())));
            by_schema += usize::from(
                report.as_ref().is_ok_and(|r| r.findings.iter().any(|f| f.is_error() && is_sam_schema(f))),
            );
        } else if let Ok(r) = &report {
            let found = r.findings.iter().filter(|f| f.is_error() && is_sam_schema(f));
            alarms.extend(found.map(|f| format!("{name} {}", f.resource.as_deref().unwrap_or_default())));
        }
    }
    eprintln!("error inputs with at least one error: {caught} of {errors} ({by_schema} from SAM's schema)");
    assert_eq!(errors, 287);
    assert!(caught >= ERROR_INPUTS_CAUGHT_FLOOR, "{caught} < floor {ERROR_INPUTS_CAUGHT_FLOOR}");
    assert!(
        by_schema >= ERROR_INPUTS_SAM_SCHEMA_FLOOR,
        "{by_schema} < floor {ERROR_INPUTS_SAM_SCHEMA_FLOOR}"
    );
    // Of the templates the transform accepts, SAM's schema rejects only these two
    // functions, whose `Tracing` ("Hi", 123) Lambda would reject when deployed.
    assert_eq!(
        alarms,
        [
            "function_with_tracing RandomValueTracingFunction",
            "function_with_tracing NumberValueTracingFunction"
        ]
    );
}

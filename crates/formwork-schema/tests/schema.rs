//! formwork-schema's integration tests: resource validation, attributes, the pattern
//! subset on the vendored schemas' own patterns, the spec file's JSON Schema, SARIF, the
//! validator's keywords, and the vendored files themselves.

#[path = "schema/patterns.rs"]
mod patterns;
#[path = "schema/suite.rs"]
mod suite;

use std::path::{Path, PathBuf};

use formwork_schema::{attributes, validate_json, validate_resource, ErrorKind, Pattern, SchemaError};
use formwork_template::{Intrinsic, Pseudo, Resource, Value};
use serde_json::{json, Value as Json};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn found(errors: &[SchemaError]) -> Vec<(&str, ErrorKind)> {
    errors.iter().map(|e| (e.path.as_str(), e.kind)).collect()
}

/// A complete function of the kind formwork emits.
fn function() -> Resource {
    Resource::new("AWS::Lambda::Function")
        .property(
            "Code",
            Value::map([("S3Bucket", Value::ref_("AssetsBucket")), ("S3Key", Value::ref_("AssetKey"))]),
        )
        .property("Role", Value::get_att("WorkerRole", "Arn"))
        .property("Handler", "app.handler")
        .property("Runtime", "python3.13")
        .property("MemorySize", 256)
        .property("Timeout", 30)
        .property("Architectures", vec!["arm64"])
        .property("ReservedConcurrentExecutions", 10)
        .property(
            "Environment",
            Value::map([("Variables", Value::map([("TABLE_NAME", Value::ref_("Orders"))]))]),
        )
        .property("LoggingConfig", Value::map([("LogGroup", Value::ref_("WorkerLogGroup"))]))
        .property("TracingConfig", Value::map([("Mode", Value::from("Active"))]))
        .property("DeadLetterConfig", Value::map([("TargetArn", Value::get_att("FailedJobs", "Arn"))]))
}

#[test]
fn a_complete_function_passes() {
    assert_eq!(validate_resource(&function()), vec![]);
}

#[test]
fn wrong_types_unknown_and_missing_properties_and_enums_have_their_paths() {
    let f = function().property("MemorySize", "abc");
    assert_eq!(found(&validate_resource(&f)), [("/Properties/MemorySize", ErrorKind::Type)]);
    assert_eq!(validate_resource(&f)[0].message, "expected integer, found \"abc\"");

    let f = function().property("Memory", 256);
    assert_eq!(found(&validate_resource(&f)), [("/Properties/Memory", ErrorKind::UnknownProperty)]);

    let mut f = function();
    f.properties.shift_remove("Code");
    f.properties.shift_remove("Role");
    assert_eq!(
        found(&validate_resource(&f)),
        [("/Properties/Code", ErrorKind::MissingProperty), ("/Properties/Role", ErrorKind::MissingProperty)]
    );

    let f = function().property("PackageType", "Tar");
    let errors = validate_resource(&f);
    assert_eq!(found(&errors), [("/Properties/PackageType", ErrorKind::Enum)]);
    assert_eq!(errors[0].message, "\"Tar\" is not one of \"Image\", \"Zip\"");
}

#[test]
fn nested_ranges_lengths_and_patterns_are_checked() {
    let f = function()
        .property("MemorySize", 64)
        .property("EphemeralStorage", Value::map([("Size", Value::Int(40_000))]))
        .property("Role", "arn:aws:iam::12345:role/short-account")
        .property("Code", Value::map([("S3Bucket", Value::from("assets.")), ("S3Key", Value::from(""))]));
    assert_eq!(
        found(&validate_resource(&f)),
        [
            ("/Properties/Code/S3Bucket", ErrorKind::Pattern),
            ("/Properties/Code/S3Key", ErrorKind::Length),
            ("/Properties/Role", ErrorKind::Pattern),
            ("/Properties/MemorySize", ErrorKind::Range),
            ("/Properties/EphemeralStorage/Size", ErrorKind::Range),
        ]
    );
}

#[test]
fn cloudformation_scalars_are_lenient_but_still_checked() {
    let f = function().property("MemorySize", "512").property("Timeout", "900");
    assert_eq!(validate_resource(&f), vec![]);
    let f = function().property("MemorySize", "99999");
    assert_eq!(found(&validate_resource(&f)), [("/Properties/MemorySize", ErrorKind::Range)]);
    let queue = Resource::new("AWS::SQS::Queue").property("FifoQueue", "true").property("DelaySeconds", "5");
    assert_eq!(validate_resource(&queue), vec![]);
}

#[test]
fn intrinsics_pass_wherever_a_value_may_stand() {
    let cond = |then: Value| {
        Value::intrinsic(Intrinsic::If {
            condition: "Big".into(),
            then,
            otherwise: Value::pseudo(Pseudo::NoValue),
        })
    };
    let f = function()
        .property("MemorySize", Value::ref_("Memory"))
        .property("Timeout", cond(Value::Int(900)))
        .property("Architectures", Value::ref_("Architectures"))
        .property(
            "Layers",
            vec![Value::sub("arn:${AWS::Partition}:lambda:${AWS::Region}:123456789012:layer:x:1")],
        )
        .property("Environment", cond(Value::from("not even an object")))
        .property("Code", Value::intrinsic(Intrinsic::ImportValue(Value::from("SharedCode"))))
        .property(
            "Role",
            Value::intrinsic(Intrinsic::FindInMap(
                "Roles".into(),
                Value::pseudo(Pseudo::Region),
                "Arn".into(),
            )),
        );
    assert_eq!(validate_resource(&f), vec![]);
    // ... but a plain value beside them is still checked
    let f = f.property("PackageType", "Tar");
    assert_eq!(found(&validate_resource(&f)), [("/Properties/PackageType", ErrorKind::Enum)]);
}

#[test]
fn read_only_properties_are_reported_and_unknown_types_pass() {
    let queue = Resource::new("AWS::SQS::Queue").property("Arn", "arn:aws:sqs:eu-west-1:123456789012:q");
    assert_eq!(found(&validate_resource(&queue)), [("/Properties/Arn", ErrorKind::ReadOnly)]);
    let custom = Resource::new("Custom::Thing").property("Anything", 1);
    assert_eq!(validate_resource(&custom), vec![]);
    assert!(formwork_schema::resource_schema("AWS::Serverless::Function").is_none());
}

#[test]
fn other_vendored_types_check_their_rules() {
    // cfn-lint's requiredOr: a rule needs a pattern or a schedule
    let rule = Resource::new("AWS::Events::Rule").property("State", "ENABLED");
    assert_eq!(found(&validate_resource(&rule)), [("/Properties", ErrorKind::Dependency)]);
    // DynamoDB's if/then: a local index needs a sort key
    let key = |name: &str, kind: &str| {
        Value::map([("AttributeName", Value::from(name)), ("KeyType", Value::from(kind))])
    };
    let attribute =
        |name: &str| Value::map([("AttributeName", Value::from(name)), ("AttributeType", Value::from("S"))]);
    let index = Value::map([
        ("IndexName", Value::from("ByDate")),
        ("KeySchema", Value::List(vec![key("pk", "HASH"), key("date", "RANGE")])),
        ("Projection", Value::map([("ProjectionType", Value::from("ALL"))])),
    ]);
    let table = Resource::new("AWS::DynamoDB::Table")
        .property("BillingMode", "PAY_PER_REQUEST")
        .property("KeySchema", Value::List(vec![key("pk", "HASH")]))
        .property("AttributeDefinitions", Value::List(vec![attribute("pk"), attribute("date")]))
        .property("LocalSecondaryIndexes", Value::List(vec![index]));
    assert_eq!(found(&validate_resource(&table)), [("/Properties/KeySchema", ErrorKind::Size)]);
    // DynamoDB's prefixItems: the first key is the HASH key
    let table = table.property("KeySchema", Value::List(vec![key("pk", "RANGE"), key("date", "HASH")]));
    assert_eq!(
        found(&validate_resource(&table)),
        [
            ("/Properties/KeySchema/0/KeyType", ErrorKind::Const),
            ("/Properties/KeySchema/1/KeyType", ErrorKind::Const)
        ]
    );
}

#[test]
fn attributes_come_from_the_schemas() {
    let queue = attributes("AWS::SQS::Queue").unwrap();
    for a in ["Arn", "QueueName", "QueueUrl"] {
        assert!(queue.contains(&a), "{a} in {queue:?}");
    }
    assert!(!queue.contains(&"Tags"), "a list of objects is no attribute: {queue:?}");
    let table = attributes("AWS::DynamoDB::Table").unwrap();
    assert_eq!(table, ["Arn", "StreamArn"]);
    let function = attributes("AWS::Lambda::Function").unwrap();
    assert_eq!(
        function,
        ["SnapStartResponse", "SnapStartResponse.ApplyOn", "SnapStartResponse.OptimizationStatus", "Arn"]
    );
    assert_eq!(attributes("AWS::SNS::Topic").unwrap()[0], "TopicArn");
    assert!(attributes("AWS::SNS::Topic").unwrap().contains(&"TopicName"));
    assert_eq!(attributes("AWS::Lambda::Url").unwrap(), ["FunctionUrl", "FunctionArn"]);
    assert_eq!(attributes("AWS::Nope::Nothing"), None);
    for type_name in formwork_schema::resource_types() {
        assert!(attributes(type_name).is_some(), "{type_name}");
    }
}

#[test]
fn the_pattern_subset_works_on_the_schemas_own_patterns() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "^arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$",
            &["arn:aws:iam::123456789012:role/service/worker", "arn:aws-cn:iam::123456789012:role/x"],
            &["arn:aws:iam::12345678901:role/x", "arn:aws:iam::123456789012:user/x", "arn:aws:iam::123456789012:role"],
        ),
        ("^[0-9A-Za-z\\.\\-_]*(?<!\\.)$", &["my-assets_1.prod", ""], &["my-assets.", "my assets"]),
        (
            "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$",
            &["team: platform/é", "Ünïcode 42", ""],
            &["semi;colon", "tab\u{1}"],
        ),
        ("^(?!aws:)[a-zA-Z+-=._:/]+$", &["team", "a:b/c"], &["aws:cloudformation:stack-name", "white space"]),
        (
            "(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?",
            &["worker", "arn:aws:lambda:eu-west-1:123456789012:function:worker:$LATEST"],
            // unanchored: any name character anywhere matches
            &["::"],
        ),
        ("^(\\$LATEST(\\.PUBLISHED)?|[0-9]*)$", &["$LATEST", "$LATEST.PUBLISHED", "12", ""], &["LATEST", "1a"]),
        ("^[a-zA-Z0-9-_]*$", &["a-b_c"], &["a.b"]),
        ("^[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*$", &["Stores each order\n\tfrom ÿ"], &["emoji \u{1F600}"]),
        ("^(rate\\(.+\\)|cron\\(.+\\))?$", &["rate(5 minutes)", "cron(0 12 * * ? *)", ""], &["every 5 minutes"]),
        ("^[.\\-_/#A-Za-z0-9]{1,512}\\Z", &["/aws/lambda/worker"], &["/aws/lambda/worker!", ""]),
        ("^(?!\\s*$).+$", &["x"], &["   ", ""]),
        ("^(^(?!(system\\x2e)))(^[_a-zA-Z0-9])([^$]*)$", &["user.name"], &["system.name", "$x"]),
        ("^[a-z,A-Z,0-9,. _\\-:/()#,@[\\]+=&;\\{\\}!$*]*$", &["a [b] {c}!"], &["a%b"]),
    ];
    for (source, matching, other) in cases {
        let pattern = Pattern::new(source);
        assert_eq!(pattern.unsupported(), None, "{source}");
        for text in *matching {
            assert_eq!(pattern.is_match(text), Some(true), "{source} should match {text:?}");
        }
        for text in *other {
            assert_eq!(pattern.is_match(text), Some(false), "{source} should not match {text:?}");
        }
    }
}

#[test]
fn every_vendored_pattern_is_checked() {
    let mut unsupported = Vec::new();
    let mut total = 0;
    for type_name in formwork_schema::resource_types() {
        for pattern in formwork_schema::resource_schema(type_name).unwrap().patterns() {
            total += 1;
            if let Some(reason) = pattern.unsupported() {
                unsupported.push(format!("{type_name}: {} ({reason})", pattern.as_str()));
            }
        }
    }
    let sarif = formwork_schema::Schema::from_json(formwork_schema::sarif_schema());
    for pattern in sarif.patterns() {
        total += 1;
        assert_eq!(pattern.unsupported(), None, "{}", pattern.as_str());
    }
    assert!(total > 100, "{total}");
    assert_eq!(unsupported, Vec::<String>::new());
}

fn spec_schema() -> Json {
    let text = std::fs::read_to_string(workspace().join("schema/formwork.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn queue_worker_spec() -> Json {
    let text = std::fs::read_to_string(workspace().join("examples/queue-worker/app.yaml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

#[test]
fn the_spec_schema_accepts_the_example_and_rejects_mistakes() {
    let schema = spec_schema();
    let spec = queue_worker_spec();
    assert_eq!(validate_json(&schema, &spec), vec![]);

    let mut unknown = spec.clone();
    unknown["stacks"]["queue-worker"]["functions"]["Worker"]["memroy"] = json!(512);
    assert_eq!(
        found(&validate_json(&schema, &unknown)),
        [("/stacks/queue-worker/functions/Worker/memroy", ErrorKind::UnknownProperty)]
    );

    let mut wrong = spec.clone();
    wrong["stacks"]["queue-worker"]["functions"]["Worker"]["memory"] = json!("lots");
    assert_eq!(
        found(&validate_json(&schema, &wrong)),
        [("/stacks/queue-worker/functions/Worker/memory", ErrorKind::Type)]
    );

    let mut duration = spec.clone();
    duration["stacks"]["queue-worker"]["queues"]["OrderJobs"]["visibility_timeout"] = json!("3 minutes");
    // anyOf [Queue, null] and [Duration, null], then Duration's anyOf [integer, string]:
    // only one alternative takes a string, so its error is the one reported
    let errors = validate_json(&schema, &duration);
    assert_eq!(
        found(&errors),
        [("/stacks/queue-worker/queues/OrderJobs/visibility_timeout", ErrorKind::Pattern)]
    );
    assert_eq!(errors[0].message, "\"3 minutes\" does not match the pattern \"^[0-9]+[smhd]?$\"");

    let mut policy = spec.clone();
    policy["stacks"]["queue-worker"]["tables"]["Orders"]["removal_policy"] = json!("keep");
    let errors = validate_json(&schema, &policy);
    assert_eq!(found(&errors), [("/stacks/queue-worker/tables/Orders/removal_policy", ErrorKind::Enum)]);
    assert!(
        errors[0].message.contains("\"keep\"") && errors[0].message.contains("retain"),
        "{}",
        errors[0].message
    );
}

#[test]
fn sarif_logs_are_checked_against_the_sarif_schema() {
    let sarif = formwork_schema::sarif_schema();
    let log = json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {"name": "formwork", "rules": [{"id": "FW101", "shortDescription": {"text": "memory"}}]}},
            "results": [{
                "ruleId": "FW101",
                "level": "error",
                "message": {"text": "memory out of range"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": "app.yaml"},
                    "region": {"startLine": 3, "startColumn": 1}
                }}]
            }]
        }]
    });
    assert_eq!(validate_json(sarif, &log), vec![]);

    let mut unversioned = log.clone();
    unversioned.as_object_mut().unwrap().remove("version");
    assert_eq!(found(&validate_json(sarif, &unversioned)), [("/version", ErrorKind::MissingProperty)]);

    let mut bad = log.clone();
    bad["runs"][0]["results"][0]["level"] = json!("fatal");
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = json!(0);
    assert_eq!(
        found(&validate_json(sarif, &bad)),
        [
            ("/runs/0/results/0/level", ErrorKind::Enum),
            ("/runs/0/results/0/locations/0/physicalLocation/region/startLine", ErrorKind::Range),
        ]
    );
}

#[test]
fn the_validator_knows_its_keywords() {
    let check = |schema: Json, doc: Json| {
        found(&validate_json(&schema, &doc)).into_iter().map(|(p, k)| (p.to_string(), k)).collect::<Vec<_>>()
    };
    let none: Vec<(String, ErrorKind)> = vec![];
    let one = |p: &str, k| vec![(p.to_string(), k)];

    // draft 4's boolean exclusiveMinimum and 2020-12's numeric one
    assert_eq!(check(json!({"minimum": 1, "exclusiveMinimum": true}), json!(1)), one("", ErrorKind::Range));
    assert_eq!(check(json!({"exclusiveMaximum": 10}), json!(10)), one("", ErrorKind::Range));
    assert_eq!(check(json!({"multipleOf": 0.5}), json!(2.5)), none);
    assert_eq!(check(json!({"type": "integer"}), json!(3.0)), none);
    assert_eq!(check(json!({"type": "integer"}), json!("3")), one("", ErrorKind::Type));
    // if / then / else
    let conditional =
        json!({"if": {"required": ["fifo"]}, "then": {"required": ["group"]}, "else": {"maxProperties": 1}});
    assert_eq!(check(conditional.clone(), json!({"fifo": true})), one("/group", ErrorKind::MissingProperty));
    assert_eq!(check(conditional, json!({"a": 1, "b": 2})), one("", ErrorKind::Size));
    // dependencies (both forms), dependentRequired
    let deps =
        json!({"dependencies": {"a": ["b"], "c": {"required": ["d"]}}, "dependentRequired": {"e": ["f"]}});
    assert_eq!(
        check(deps, json!({"a": 1, "c": 1, "e": 1})),
        vec![
            ("/f".to_string(), ErrorKind::Dependency),
            ("/b".to_string(), ErrorKind::Dependency),
            ("/d".to_string(), ErrorKind::MissingProperty)
        ]
    );
    // prefixItems with items for the rest; tuple items with additionalItems
    let tuple = json!({"prefixItems": [{"type": "string"}], "items": {"type": "integer"}});
    assert_eq!(check(tuple, json!(["a", 1, "b"])), one("/2", ErrorKind::Type));
    let old_tuple = json!({"items": [{"type": "string"}], "additionalItems": false});
    assert_eq!(check(old_tuple, json!(["a", 1])), one("/1", ErrorKind::Size));
    // uniqueItems compares numbers by value
    assert_eq!(check(json!({"uniqueItems": true}), json!([1, 1.0])), one("/1", ErrorKind::Duplicate));
    // oneOf: none, or more than one
    let either = json!({"oneOf": [{"type": "integer"}, {"minimum": 0}]});
    assert_eq!(check(either.clone(), json!(-1)), none);
    assert_eq!(check(either.clone(), json!(1)), one("", ErrorKind::AmbiguousAlternative));
    // only one alternative takes a fraction: its error is the one reported
    assert_eq!(check(either, json!(-0.5)), one("", ErrorKind::Range));
    let strings = json!({"anyOf": [{"const": "a"}, {"const": "b"}]});
    assert_eq!(check(strings, json!("c")), one("", ErrorKind::NoAlternative));
    assert_eq!(check(json!({"not": {"const": "x"}}), json!("x")), one("", ErrorKind::Not));
    // $ref to definitions and $defs, nested pointers, and a dangling one
    let refs = json!({
        "$defs": {"A": {"type": "string"}},
        "definitions": {"B": {"properties": {"c": {"type": "boolean"}}}},
        "properties": {"a": {"$ref": "#/$defs/A"}, "b": {"$ref": "#/definitions/B"}, "c": {"$ref": "#/definitions/B/properties/c"}, "d": {"$ref": "#/nowhere"}}
    });
    assert_eq!(
        check(refs, json!({"a": 1, "b": {"c": 1}, "c": "no", "d": 1})),
        vec![
            ("/a".to_string(), ErrorKind::Type),
            ("/b/c".to_string(), ErrorKind::Type),
            ("/c".to_string(), ErrorKind::Type),
            ("/d".to_string(), ErrorKind::UnresolvedRef)
        ]
    );
    // patternProperties, propertyNames, boolean schemas
    let names = json!({"patternProperties": {"^x-": true}, "additionalProperties": false, "propertyNames": {"maxLength": 4}});
    assert_eq!(
        check(names, json!({"x-ab": 1, "y": 2, "x-long": 3})),
        vec![("/y".to_string(), ErrorKind::UnknownProperty), ("/x-long".to_string(), ErrorKind::Length)]
    );
    assert_eq!(check(json!({"properties": {"a": false}}), json!({"a": 1})), one("/a", ErrorKind::Forbidden));
    // intrinsics are plain data outside CloudFormation
    assert_eq!(check(json!({"type": "integer"}), json!({"Ref": "Memory"})), one("", ErrorKind::Type));
}

/// The formwork examples' snapshots (top-level `snapshots/`): every resource formwork emits
/// there follows its schema.
#[test]
fn the_emitted_templates_follow_the_resource_schemas() {
    let dir = workspace().join("snapshots");
    let mut resources = 0;
    let mut errors = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    // both targets: SAM's own types are not vendored, everything else is the same
    for path in entries.iter().filter(|p| p.to_string_lossy().ends_with(".json.snap")) {
        let text = std::fs::read_to_string(path).unwrap();
        // after the insta header, one "# name.json" line before each template
        let body = text.splitn(3, "---\n").nth(2).unwrap();
        for template in body.split("\n# ").map(|t| t.split_once('\n').unwrap().1) {
            let template: Json = serde_json::from_str(template).unwrap();
            for (id, resource) in template["Resources"].as_object().unwrap() {
                let mut r = Resource::new(resource["Type"].as_str().unwrap());
                for (name, value) in
                    resource.get("Properties").and_then(Json::as_object).into_iter().flatten()
                {
                    r = r.property(name.as_str(), from_json(value));
                }
                resources += usize::from(formwork_schema::resource_schema(&r.resource_type).is_some());
                errors.extend(
                    validate_resource(&r).into_iter().map(|e| format!("{}: {id}{e}", path.display())),
                );
            }
        }
    }
    assert!(resources > 20, "resources of vendored types: {resources}");
    assert_eq!(errors, Vec::<String>::new());
}

/// JSON as a template value, intrinsics left in their long form as plain maps (which the
/// validator recognises just the same).
fn from_json(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Int(n.as_i64().unwrap()),
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(items) => Value::List(items.iter().map(from_json).collect()),
        Json::Object(map) => Value::map(map.iter().map(|(k, v)| (k.as_str(), from_json(v)))),
    }
}

#[test]
fn the_vendored_files_are_listed_compact_and_sorted() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/cloudformation");
    let notice = std::fs::read_to_string(dir.join("NOTICE")).unwrap();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    let types: Vec<&str> = formwork_schema::resource_types().collect();
    assert!(types.windows(2).all(|w| w[0] < w[1]), "sorted for binary search");
    assert_eq!(files.len(), types.len());
    fn sorted(json: &Json) -> bool {
        match json {
            Json::Object(map) => {
                map.keys().zip(map.keys().skip(1)).all(|(a, b)| a < b) && map.values().all(sorted)
            }
            Json::Array(items) => items.iter().all(sorted),
            _ => true,
        }
    }
    for type_name in types {
        let file = format!("{}.json", type_name.to_lowercase().replace("::", "-"));
        assert!(files.contains(&file), "{file}");
        assert!(
            notice.contains(&format!("{type_name} -> {file} <- cfnlint/data/schemas/resources/")),
            "{type_name}"
        );
        let text = std::fs::read_to_string(dir.join(&file)).unwrap();
        let json: Json = serde_json::from_str(&text).unwrap();
        assert_eq!(json["typeName"], type_name);
        assert!(sorted(&json), "{file}: keys not sorted");
        assert_eq!(format!("{}\n", serde_json::to_string(&json).unwrap()), text, "{file}: not compact");
        assert!(!text.contains("\"description\""), "{file}: not trimmed");
    }
}

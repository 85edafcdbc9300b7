//! Function features: layers (FW115, FW116), container images (FW117), versions,
//! aliases and provisioned concurrency (FW118), package sizes on the real files (FW119),
//! SnapStart (FW120), JSON logs (FW121), VPC placement (FW123), resource-based
//! permissions (FW124) and code from S3.

use formwork::expand::{expand, AssetRef, AssetRefs};
use formwork::prelude::*;
use formwork_template::{DeletionPolicy, Value};

use crate::support::*;

fn layer(id: &str) -> Layer {
    Layer::new(id, "tests/fixtures/handler").compatible_runtime(Runtime::Python313)
}

#[test]
fn layers_from_a_folder_and_by_arn() {
    let a = app(|s| {
        let shared =
            s.add(layer("Shared").compatible_architecture(Architecture::Arm64).description("shared code"));
        s.add(function("Fn").architecture(Architecture::Arm64).layer(&shared).layer_arn(
            "arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-arm64:7",
        ));
    });
    assert_eq!(codes(&a), Vec::<&str>::new());
    let out = synth(&a);
    let t = &out.expanded[0].template;
    let l = resource(t, "Shared");
    assert_eq!(l.resource_type, "AWS::Lambda::LayerVersion");
    assert_eq!(l.properties["LayerName"], Value::from("Shared"));
    assert_eq!(l.properties["CompatibleRuntimes"], Value::List(vec!["python3.13".into()]));
    assert_eq!(l.properties["CompatibleArchitectures"], Value::List(vec!["arm64".into()]));
    assert_eq!(l.deletion_policy, Some(DeletionPolicy::Retain));
    assert_eq!(l.properties["Content"].get("S3Bucket"), Some(&Value::ref_("AssetsBucket")));
    let layers = resource(t, "Fn").properties["Layers"].as_list().unwrap().to_vec();
    assert_eq!(layers[0], Value::ref_("Shared"));
    assert!(layers[1].as_str().unwrap().ends_with(":7"));
    // The layer's folder is packaged: its zip is among the files to write.
    let files: Vec<&String> = out.assets.iter().map(|(n, _)| n).collect();
    let Some(formwork_template::Intrinsic::Ref(param)) =
        l.properties["Content"].get("S3Key").unwrap().as_intrinsic()
    else {
        panic!("the layer's key is a parameter")
    };
    let file = t.parameters[param].default.as_ref().unwrap().as_str().unwrap().to_string();
    assert!(files.contains(&&file), "{file} not in {files:?}");

    let sam = formwork::to_sam(t, "assets");
    let serverless = resource(&sam, "Shared");
    assert_eq!(serverless.resource_type, "AWS::Serverless::LayerVersion");
    assert_eq!(serverless.properties["ContentUri"], Value::from(format!("assets/{file}")));
}

#[test]
fn at_most_five_layers_each_compatible_with_the_function() {
    let five = app(|s| {
        let layers: Vec<_> = (0..5).map(|i| s.add(layer(&format!("L{i}")))).collect();
        s.add(layers.iter().fold(function("Fn"), |f, l| f.layer(l)));
    });
    assert_eq!(codes(&five), Vec::<&str>::new());
    let six = app(|s| {
        let layers: Vec<_> = (0..5).map(|i| s.add(layer(&format!("L{i}")))).collect();
        s.add(
            layers
                .iter()
                .fold(function("Fn"), |f, l| f.layer(l))
                .layer_arn("arn:aws:lambda:us-east-1:1:layer:x:1"),
        );
    });
    let found = with_code(&six, "FW115");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "stack test / function Fn / layers");

    let incompatible = app(|s| {
        let node = s.add(Layer::new("Node", "tests/fixtures/handler").compatible_runtime(Runtime::Nodejs24));
        let x86 = s.add(layer("X86").compatible_architecture(Architecture::X86_64));
        s.add(function("Fn").architecture(Architecture::Arm64).layer(&node).layer(&x86));
    });
    let messages: Vec<String> = with_code(&incompatible, "FW116").into_iter().map(|f| f.message).collect();
    assert_eq!(
        messages,
        [
            "layer `Node` lists runtimes nodejs24.x but `Fn` runs python3.13",
            "layer `X86` lists architectures x86_64 but `Fn` runs on arm64",
        ]
    );
}

#[test]
fn container_images_take_no_handler_runtime_or_layers() {
    let a = app(|s| {
        s.add(
            Function::from_image("Image", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1")
                .memory(Megabytes(1024)),
        );
    });
    assert_eq!(codes(&a), Vec::<&str>::new());
    let t = template(&a);
    let f = &resource(&t, "Image").properties;
    assert_eq!(f["PackageType"], Value::from("Image"));
    assert_eq!(
        f["Code"],
        Value::map([("ImageUri", Value::from("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1"))])
    );
    assert!(!f.contains_key("Handler") && !f.contains_key("Runtime"));
    let sam = formwork::to_sam(&t, "assets");
    assert_eq!(resource(&sam, "Image").properties["ImageUri"], f["Code"].get("ImageUri").cloned().unwrap());

    let wrong = app(|s| {
        let l = s.add(layer("L"));
        s.add(Function::new("Image", Runtime::Python313, "app.handler", Code::image("repo/app:1")).layer(&l));
    });
    let found = with_code(&wrong, "FW117");
    let paths: Vec<&str> = found.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "stack test / function Image / handler",
            "stack test / function Image / runtime",
            "stack test / function Image / layers"
        ]
    );
    assert_eq!(
        found[2].message,
        "`Image` is a container image but sets layers (Layers), which Lambda rejects"
    );
}

#[test]
fn provisioned_concurrency_publishes_a_version_and_an_alias() {
    let a = app(|s| {
        s.add(function("Fn").reserved_concurrency(5).provisioned_concurrency(5));
    });
    assert_eq!(codes(&a), Vec::<&str>::new());
    let t = template(&a);
    let alias = &resource(&t, "FnAliaslive").properties;
    assert_eq!(alias["Name"], Value::from("live"));
    assert_eq!(
        alias["ProvisionedConcurrencyConfig"].get("ProvisionedConcurrentExecutions"),
        Some(&Value::Int(5))
    );
    let version_id =
        t.resources.iter().find(|(_, r)| r.resource_type == "AWS::Lambda::Version").unwrap().0.clone();
    assert!(version_id.starts_with("FnVersion") && version_id.len() == "FnVersion".len() + 10);
    assert_eq!(alias["FunctionVersion"], Value::get_att(&version_id, "Version"));
    // A change to the function publishes a new version: the version's id follows it.
    let changed = template(&app(|s| {
        s.add(function("Fn").reserved_concurrency(5).provisioned_concurrency(5).memory(Megabytes(256)));
    }));
    assert!(!changed.resources.contains_key(&version_id));

    let sam = formwork::to_sam(&t, "assets");
    let f = &resource(&sam, "Fn").properties;
    assert_eq!(f["AutoPublishAlias"], Value::from("live"));
    assert!(f.contains_key("ProvisionedConcurrencyConfig"));
    assert!(!sam.resources.contains_key("FnAliaslive") && !sam.resources.contains_key(&version_id));

    let above = app(|s| {
        s.add(function("Fn").reserved_concurrency(2).provisioned_concurrency(3));
    });
    let found = with_code(&above, "FW118");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "stack test / function Fn / alias live / provisioned_concurrency");
    // Without a reservation there is nothing to exceed.
    assert_eq!(
        codes(&app(|s| {
            s.add(function("Fn").provisioned_concurrency(3));
        })),
        Vec::<&str>::new()
    );
}

/// Expansion reads no files: a code folder or layer folder the caller did not package
/// is reported (FW113) with the step that was missed, and packaging it first clears it.
#[test]
fn expand_reports_code_it_was_not_given_instead_of_packaging_it() {
    let a = app(|s| {
        let l = s.add(layer("Deps"));
        s.add(function("Fn").layer(&l));
    });
    let unpackaged = &expand(&a, &AssetRefs::new())[0];
    let missing: Vec<(&str, &str)> =
        unpackaged.findings.iter().map(|f| (f.code, f.resource.as_deref().unwrap_or(""))).collect();
    assert_eq!(missing, [("FW113", "Deps"), ("FW113", "Fn")], "{:?}", unpackaged.findings);
    assert!(unpackaged.findings[0].message.contains("was not packaged: expand() reads no files"));
    let (refs, _) = formwork::expand::package_assets(&a);
    assert_eq!(expand(&a, &refs)[0].findings.iter().map(|f| f.code).collect::<Vec<_>>(), Vec::<&str>::new());
}

#[test]
fn package_sizes_are_measured_on_the_real_files() {
    let a = app(|s| {
        let l = s.add(layer("Deps"));
        s.add(function("Fn").layer(&l));
    });
    let (refs, files) = formwork::expand::package_assets(&a);
    assert_eq!(refs.len(), 1, "the function and the layer share one folder");
    assert_eq!(files.len(), 1);
    let fixture = std::fs::metadata(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/handler/app.py"))
        .unwrap()
        .len();
    match refs.values().next().unwrap() {
        AssetRef::Measured { unzipped_bytes, zipped_bytes, .. } => {
            assert_eq!(*unzipped_bytes, fixture);
            assert!(*zipped_bytes > 0);
        }
        other => panic!("{other:?}"),
    }
    let findings_with = |zipped: u64, unzipped: u64| -> Vec<String> {
        let mut measured = AssetRefs::new();
        for (dir, r) in &refs {
            let AssetRef::Measured { file_name, sha256, .. } = r else { unreachable!() };
            measured.insert(
                dir.clone(),
                AssetRef::Measured {
                    file_name: file_name.clone(),
                    sha256: sha256.clone(),
                    zipped_bytes: zipped,
                    unzipped_bytes: unzipped,
                },
            );
        }
        expand(&a, &measured)[0]
            .findings
            .iter()
            .filter(|f| f.code == "FW119")
            .map(|f| f.message.clone())
            .collect()
    };
    const MB: u64 = 1024 * 1024;
    assert_eq!(findings_with(50 * MB, 125 * MB), Vec::<String>::new());
    assert_eq!(
        findings_with(50 * MB + 1, 10 * MB),
        ["code of `Fn` is 50.0 MB zipped; Lambda accepts at most 50.0 MB by direct upload"]
    );
    // The layer counts: 130 MB of code and 130 MB of layer exceed 250 MB together.
    assert_eq!(
        findings_with(10 * MB, 130 * MB),
        ["code of `Fn` is 260.0 MB unzipped with its layers (130.0 MB of its own); Lambda accepts at most 250.0 MB"]
    );
}

#[test]
fn snap_start_needs_a_supported_runtime_and_setup() {
    let ok = app(|s| {
        s.add(function("Fn").snap_start().alias("live"));
    });
    assert_eq!(codes(&ok), Vec::<&str>::new());
    assert_eq!(
        resource(&template(&ok), "Fn").properties["SnapStart"],
        Value::map([("ApplyOn", Value::from("PublishedVersions"))])
    );
    let node = app(|s| {
        s.add(
            Function::new("Fn", Runtime::Nodejs24, "index.handler", Code::dir("tests/fixtures/handler"))
                .snap_start(),
        );
    });
    let messages: Vec<String> = with_code(&node, "FW120").into_iter().map(|f| f.message).collect();
    assert_eq!(messages, ["SnapStart cannot be used on `Fn` with runtime nodejs24.x"]);
    let provisioned = app(|s| {
        s.add(function("Fn").snap_start().provisioned_concurrency(1));
    });
    assert_eq!(codes(&provisioned), ["FW120"]);
    let storage = app(|s| {
        s.add(function("Fn").snap_start().ephemeral_storage(Megabytes(1024)));
    });
    assert_eq!(codes(&storage), ["FW120"]);
}

#[test]
fn json_logs_with_levels() {
    let json = app(|s| {
        s.add(
            function("Fn")
                .log_format(LogFormat::Json)
                .application_log_level(LogLevel::Debug)
                .system_log_level(SystemLogLevel::Warn),
        );
    });
    assert_eq!(codes(&json), Vec::<&str>::new());
    let logging = resource(&template(&json), "Fn").properties["LoggingConfig"].clone();
    assert_eq!(logging.get("LogFormat"), Some(&Value::from("JSON")));
    assert_eq!(logging.get("ApplicationLogLevel"), Some(&Value::from("DEBUG")));
    assert_eq!(logging.get("SystemLogLevel"), Some(&Value::from("WARN")));
    assert_eq!(logging.get("LogGroup"), Some(&Value::ref_("FnLogGroup")));
    let text = app(|s| {
        s.add(function("Fn").application_log_level(LogLevel::Info));
    });
    let found = with_code(&text, "FW121");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "stack test / function Fn / logging");
}

#[test]
fn vpc_placement_and_the_network_interface_permissions_it_needs() {
    let a = app(|s| {
        s.add(function("Fn").vpc(Vpc::new(["subnet-0a", "subnet-0b"], ["sg-01"])));
    });
    assert_eq!(codes(&a), Vec::<&str>::new(), "{}", synth(&a).report);
    let t = template(&a);
    let vpc = &resource(&t, "Fn").properties["VpcConfig"];
    assert_eq!(vpc.get("SubnetIds"), Some(&Value::List(vec!["subnet-0a".into(), "subnet-0b".into()])));
    let interfaces =
        Value::sub("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:network-interface/*");
    assert_eq!(allowed(&t, "FnRole", "ec2:DeleteNetworkInterface"), std::slice::from_ref(&interfaces));
    let create = allowed(&t, "FnRole", "ec2:CreateNetworkInterface");
    assert_eq!(create.len(), 4, "network interfaces, two subnets and a security group: {create:?}");
    assert_eq!(create[0], interfaces);
    assert_eq!(allowed(&t, "FnRole", "ec2:DescribeNetworkInterfaces"), [Value::from("*")]);
    assert!(resource(&t, "FnRole").metadata["formwork:unscoped"]
        .get("ec2:DescribeNetworkInterfaces, ec2:DescribeSubnets")
        .is_some());

    let no_groups = app(|s| {
        s.add(function("Fn").vpc(Vpc::new(["subnet-0a"], Vec::<&str>::new())));
    });
    let found = with_code(&no_groups, "FW123");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].message, "VPC configuration of `Fn` has no security groups");
}

#[test]
fn resource_policies_for_services_need_a_source() {
    let a = app(|s| {
        let topic = s.add(Topic::new("Partner"));
        let q = s.add(Queue::new("Failed"));
        s.add(
            function("Fn")
                .on_failure(&q)
                .allow_invoke(
                    InvokePermission::service("FromTopic", "sns.amazonaws.com").source_arn(topic.arn()),
                )
                .allow_invoke(
                    InvokePermission::service("FromBucket", "s3.amazonaws.com")
                        .source_arn("arn:aws:s3:::partner-drop")
                        .from_this_account(),
                )
                .allow_invoke(InvokePermission::account("Partner", "123456789012")),
        );
    });
    assert_eq!(codes(&a), Vec::<&str>::new());
    let t = template(&a);
    assert_eq!(resource(&t, "FnFromTopicPermission").properties["SourceArn"], Value::ref_("Partner"));
    assert_eq!(resource(&t, "FnPartnerPermission").properties["Principal"], Value::from("123456789012"));

    let open = app(|s| {
        let q = s.add(Queue::new("Failed"));
        s.add(
            function("Fn")
                .on_failure(&q)
                .allow_invoke(InvokePermission::service("Any", "events.amazonaws.com"))
                .allow_invoke(
                    InvokePermission::service("Bucket", "s3.amazonaws.com").source_arn("arn:aws:s3:::drop"),
                ),
        );
    });
    let paths: Vec<String> = with_code(&open, "FW124").into_iter().map(|f| f.path).collect();
    assert_eq!(
        paths,
        [
            "stack test / function Fn / allow_invoke Any / source_arn",
            "stack test / function Fn / allow_invoke Bucket / source_arn"
        ]
    );
}

#[test]
fn code_from_s3() {
    let a = app(|s| {
        s.add(Function::new(
            "Fn",
            Runtime::Python313,
            "app.handler",
            Code::s3_version("artifacts", "fn.zip", "v3"),
        ));
    });
    assert_eq!(codes(&a), Vec::<&str>::new());
    let t = template(&a);
    let code = &resource(&t, "Fn").properties["Code"];
    assert_eq!(code.get("S3ObjectVersion"), Some(&Value::from("v3")));
    assert!(!t.parameters.contains_key("AssetsBucket"));
    let sam = formwork::to_sam(&t, "assets");
    assert_eq!(
        resource(&sam, "Fn").properties["CodeUri"],
        Value::map([
            ("Bucket", Value::from("artifacts")),
            ("Key", Value::from("fn.zip")),
            ("Version", Value::from("v3"))
        ])
    );
}

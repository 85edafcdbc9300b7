//! Rust functions (`Code::rust`): the rules FW140 and FW141, and the handler
//! configuration a handler crate's build script generates from the model.

use formwork::build::{handler_config, HandlerConfigError, VariableKind};
use formwork::expand::{AssetRef, AssetRefs};
use formwork::prelude::*;

use crate::support::{app, options};

fn rust_app(function: Function) -> App {
    app(|s| {
        let orders = s.add(Table::new("Orders", Key::new("id", AttributeType::String)));
        let jobs = s.add(Queue::new("Jobs"));
        s.add(
            function
                .env("TABLE_NAME", orders.name())
                .env("JOBS_URL", jobs.url())
                .env("type", "plain")
                .grant(orders.read_data()),
        );
    })
}

/// The app's Rust crates as packaged stand-ins, so nothing is built.
fn stand_ins(app: &App) -> AssetRefs {
    formwork::rust::crates_of(app)
        .into_iter()
        .map(|(key, ..)| {
            let sha256 = "ab".repeat(32);
            (key, AssetRef::Packaged { file_name: format!("{sha256}.zip"), sha256 })
        })
        .collect()
}

fn codes_with_stand_ins(app: &App) -> Vec<&'static str> {
    app.synthesize_with(&options(Target::CloudFormation), &stand_ins(app)).report.codes()
}

#[test]
fn function_rust_sets_the_os_only_runtime_and_the_bootstrap_handler() {
    let app = rust_app(Function::rust("Api", Code::rust("api-handler")));
    let out = app.synthesize_with(&options(Target::CloudFormation), &stand_ins(&app));
    assert_eq!(out.report.codes(), Vec::<&str>::new());
    let f = &out.expanded[0].template.resources["Api"].properties;
    assert_eq!(f["Runtime"].as_str(), Some("provided.al2023"));
    assert_eq!(f["Handler"].as_str(), Some("bootstrap"));
    assert!(out.expanded[0].template.parameters.contains_key("AssetababababababababKey"));
    // A stand-in is given, so nothing was built and no zip is returned.
    assert!(out.assets.is_empty());
}

#[test]
fn rust_code_on_another_runtime_is_fw141() {
    let app = rust_app(Function::new("Api", Runtime::Python313, "app.handler", Code::rust("api-handler")));
    assert_eq!(codes_with_stand_ins(&app), ["FW141"]);
    let app = rust_app(Function::new("Api", Runtime::ProvidedAl2023, "main", Code::rust("api-handler")));
    assert_eq!(codes_with_stand_ins(&app), Vec::<&str>::new());
}

#[test]
fn a_crate_outside_any_workspace_is_fw140_naming_the_fix() {
    let mut app = App::new("test").root("/nonexistent-formwork-root/app");
    app.stack("test").add(Function::rust("Api", Code::rust("api-handler")));
    let out = app.synthesize(&options(Target::CloudFormation));
    let f: Vec<_> = out.report.findings.iter().filter(|f| f.code == "FW140").collect();
    assert_eq!(f.len(), 1, "{}", out.report);
    assert!(
        f[0].message.starts_with("code of `Api` cannot be built: no Cargo.toml above"),
        "{}",
        f[0].message
    );
    assert!(f[0].help.contains("App::root"), "{}", f[0].help);
    assert_eq!(f[0].path, "stack test / function Api / code");
}

#[test]
fn expand_alone_never_builds_and_says_so() {
    let app = rust_app(Function::rust("Api", Code::rust("api-handler")));
    let expanded = formwork::expand(&app, &AssetRefs::new());
    let f: Vec<_> = expanded[0].findings.iter().filter(|f| f.code == "FW140").collect();
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("was not built: expand() does not build Rust code"), "{}", f[0].message);
    assert!(f[0].help.contains("App::synthesize"), "{}", f[0].help);
}

#[test]
fn one_build_per_package_binary_and_architecture() {
    let app = app(|s| {
        s.add(Function::rust("A", Code::rust_bin("h", "a")));
        s.add(Function::rust("A2", Code::rust_bin("h", "a")));
        s.add(Function::rust("B", Code::rust_bin("h", "a")).architecture(Architecture::Arm64));
        s.add(Function::rust("C", Code::rust("h")));
    });
    let crates = formwork::rust::crates_of(&app);
    let names: Vec<String> = crates
        .iter()
        .map(|(_, c, a)| format!("{}/{}/{}", c.package(), c.bin().unwrap_or("-"), a.as_str()))
        .collect();
    assert_eq!(names, ["h/a/x86_64", "h/a/arm64", "h/-/x86_64"]);
}

#[test]
fn the_handler_configuration_lists_the_models_variables() {
    let app = rust_app(Function::rust("Api", Code::rust("api-handler")));
    let config = handler_config(&app, "test", "Api").unwrap();
    let vars: Vec<(&str, &str, VariableKind)> =
        config.variables.iter().map(|v| (v.name.as_str(), v.field.as_str(), v.kind)).collect();
    assert_eq!(
        vars,
        [
            ("TABLE_NAME", "table_name", VariableKind::Name),
            ("JOBS_URL", "jobs_url", VariableKind::Url),
            ("type", "r#type", VariableKind::Text)
        ]
    );
    let rust = config.to_rust();
    assert!(
        rust.contains(
            "    /// `TABLE_NAME`: the name of table `Orders` (stack `test`).\n    pub table_name: String,\n"
        ),
        "{rust}"
    );
    assert!(
        rust.contains(
            "pub const VARIABLES: &'static [&'static str] = &[\"TABLE_NAME\", \"JOBS_URL\", \"type\"];"
        ),
        "{rust}"
    );
    assert!(
        rust.contains(
            "            jobs_url: lookup(\"JOBS_URL\").ok_or(MissingVariable { name: \"JOBS_URL\" })?,"
        ),
        "{rust}"
    );
    assert_eq!(
        config.to_json(),
        concat!(
            "{\n  \"stack\": \"test\",\n  \"function\": \"Api\",\n  \"variables\": [\n",
            "    { \"name\": \"TABLE_NAME\", \"kind\": \"name\", \"of\": { \"kind\": \"table\", \"stack\": \"test\", \"id\": \"Orders\" } },\n",
            "    { \"name\": \"JOBS_URL\", \"kind\": \"url\", \"of\": { \"kind\": \"queue\", \"stack\": \"test\", \"id\": \"Jobs\" } },\n",
            "    { \"name\": \"type\", \"kind\": \"text\", \"text\": \"plain\" }\n  ]\n}\n"
        )
    );
}

#[test]
fn handler_configuration_errors_name_what_is_wrong() {
    let app = rust_app(Function::rust("Api", Code::rust("api-handler")));
    assert_eq!(
        handler_config(&app, "nope", "Api").unwrap_err(),
        HandlerConfigError::UnknownStack { stack: "nope".into() }
    );
    assert_eq!(
        handler_config(&app, "test", "Apx").unwrap_err().to_string(),
        "stack `test` has no function `Apx` (it has: Api)"
    );
    let clash = app_with_env(&[("TABLE", "a"), ("table", "b")]);
    assert_eq!(
        handler_config(&clash, "test", "F").unwrap_err().to_string(),
        "environment variable `table` cannot be a Rust field: `TABLE` becomes the same field `table`"
    );
    for bad in ["9LIVES", "A-B", "SELF"] {
        let app = app_with_env(&[(bad, "x")]);
        assert!(
            matches!(handler_config(&app, "test", "F"), Err(HandlerConfigError::BadName { ref name, .. }) if name == bad),
            "{bad}"
        );
    }
}

fn app_with_env(vars: &[(&str, &str)]) -> App {
    app(|s| {
        let mut f = Function::rust("F", Code::rust("h"));
        for (k, v) in vars {
            f = f.env(*k, *v);
        }
        s.add(f);
    })
}

#[test]
fn write_handler_config_writes_both_files_only_when_changed() {
    let dir = std::env::temp_dir().join(format!("formwork-handler-config-{}", std::process::id()));
    let app = rust_app(Function::rust("Api", Code::rust("api-handler")));
    let [rust, json] = formwork::build::write_handler_config_to(&app, "test", "Api", &dir).unwrap();
    assert_eq!(rust, dir.join("formwork_api.rs"));
    assert_eq!(json, dir.join("formwork_api.json"));
    let before = std::fs::metadata(&rust).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    formwork::build::write_handler_config_to(&app, "test", "Api", &dir).unwrap();
    assert_eq!(std::fs::metadata(&rust).unwrap().modified().unwrap(), before);
    assert!(formwork::build::write_handler_config_to(&app, "test", "Nope", &dir).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}

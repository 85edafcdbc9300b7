//! Helpers shared by the tests of Lambda capabilities: small apps, their expanded
//! templates, and validation of templates changed by hand.

use formwork::prelude::*;
use formwork::validate::{validate, Finding, Settings, StackInput};
use formwork::{Stack, Synthesis};
use formwork_template::{Resource, Template, Value};

pub(crate) const TODAY: &str = "2026-11-29";

pub(crate) fn options(target: Target) -> SynthOptions {
    SynthOptions::new(Date::parse(TODAY).unwrap()).target(target).format(Format::Yaml)
}

/// A fresh temporary directory, removed when the value is dropped.
pub(crate) fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// An app with one stack `test` built by `build`.
pub(crate) fn app(build: impl FnOnce(&mut Stack)) -> App {
    let mut app = App::new("test").root(env!("CARGO_MANIFEST_DIR"));
    build(app.stack("test"));
    app
}

/// A small Python function with code from the test fixtures.
pub(crate) fn function(id: &str) -> Function {
    Function::new(id, Runtime::Python313, "app.handler", Code::dir("tests/fixtures/handler"))
}

pub(crate) fn synth(app: &App) -> Synthesis {
    app.synthesize(&options(Target::CloudFormation))
}

/// The codes of every finding.
pub(crate) fn codes(app: &App) -> Vec<&'static str> {
    synth(app).report.codes()
}

pub(crate) fn findings(app: &App) -> Vec<Finding> {
    synth(app).report.findings
}

/// The findings of one code.
pub(crate) fn with_code(app: &App, code: &str) -> Vec<Finding> {
    findings(app).into_iter().filter(|f| f.code == code).collect()
}

/// The expanded CloudFormation template of the app's first stack.
pub(crate) fn template(app: &App) -> Template {
    synth(app).expanded[0].template.clone()
}

pub(crate) fn resource<'t>(t: &'t Template, id: &str) -> &'t Resource {
    t.resources
        .get(id)
        .unwrap_or_else(|| panic!("no resource {id} in {:?}", t.resources.keys().collect::<Vec<_>>()))
}

/// The role's statements as (actions, resources).
pub(crate) fn statements(t: &Template, role: &str) -> Vec<(Vec<String>, Vec<Value>)> {
    let policies = resource(t, role).properties["Policies"].as_list().unwrap();
    let doc = policies[0].get("PolicyDocument").unwrap();
    doc.get("Statement")
        .unwrap()
        .as_list()
        .unwrap()
        .iter()
        .map(|s| {
            let actions = s
                .get("Action")
                .unwrap()
                .as_list()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().to_string())
                .collect();
            (actions, s.get("Resource").unwrap().as_list().unwrap().to_vec())
        })
        .collect()
}

/// The resources a role allows `action` on.
pub(crate) fn allowed(t: &Template, role: &str, action: &str) -> Vec<Value> {
    statements(t, role)
        .into_iter()
        .filter(|(a, _)| a.iter().any(|x| x == action))
        .flat_map(|(_, r)| r)
        .collect()
}

/// The sorted codes of a template validated without a source map.
pub(crate) fn template_codes(template: &Template) -> Vec<&'static str> {
    let input = StackInput::new("hand", template);
    let settings = Settings::new(Date::parse(TODAY).unwrap()).account_concurrency(1_000);
    let mut codes: Vec<_> = validate(&[input], &settings).iter().map(|f| f.code).collect();
    codes.sort();
    codes
}

/// Sets a property of a resource of the template.
pub(crate) fn set(t: &mut Template, id: &str, property: &str, value: Value) {
    t.resources.get_mut(id).unwrap().properties.insert(property.to_string(), value);
}

//! Reading CloudFormation and SAM templates that formwork did not write, YAML (with
//! short-form tags such as `!Ref` and `!GetAtt`) or JSON, into formwork's template
//! document, so the same rules run on them.

use std::collections::BTreeMap;
use std::path::Path;

use formwork_template::{Intrinsic, Map, Output, Parameter, Resource, Template, Value};

use crate::error::{ErrorKind, SpecError, SpecErrors};
use crate::locate::{locate, TextIndex};

/// Whether `text` is a template rather than a spec: a mapping with a `Resources` key.
pub fn is_template(text: &str, file: &Path) -> bool {
    read_template(text, file).is_some()
}

/// [`parse_template`] when `text` is a template rather than a spec ([`is_template`]), else
/// `None`: the two in one, reading the text once.
pub fn read_template(text: &str, file: &Path) -> Option<Result<Template, SpecErrors>> {
    match generic(text, file) {
        Ok(root @ serde_yaml::Value::Mapping(_))
            if root.as_mapping().is_some_and(|m| m.contains_key("Resources")) =>
        {
            Some(from_root(text, file, &root))
        }
        Ok(_) => None,
        // Not well-formed: judge by the text, so a broken template gets template errors.
        Err(e) => {
            let looks = text.lines().any(|l| {
                let l = l.trim_start_matches([' ', '{']);
                ["Resources:", "\"Resources\"", "AWSTemplateFormatVersion", "\"AWSTemplateFormatVersion\""]
                    .iter()
                    .any(|k| l.starts_with(k))
            });
            looks.then(|| Err(SpecErrors::one(e)))
        }
    }
}

/// The most problems [`parse_template`] reports; beyond them, one error counts the rest.
const MAX_PROBLEMS: usize = 1_000;
/// How many of them get a line and column (each costs a search of the text).
const LOCATED_PROBLEMS: usize = 50;

/// Parses a template. Errors carry the file, line and column.
pub fn parse_template(text: &str, file: &Path) -> Result<Template, SpecErrors> {
    let root = generic(text, file).map_err(SpecErrors::one)?;
    from_root(text, file, &root)
}

/// The template of a document already read.
fn from_root(text: &str, file: &Path, root: &serde_yaml::Value) -> Result<Template, SpecErrors> {
    let mut problems = Vec::new();
    let template = convert_template(root, &mut problems);
    if problems.is_empty() {
        Ok(template)
    } else {
        let more = problems.len().saturating_sub(MAX_PROBLEMS);
        problems.truncate(MAX_PROBLEMS);
        if more > 0 {
            problems.push((
                vec![],
                format!("{more} more problems are not reported; at most {MAX_PROBLEMS} are"),
                None,
            ));
        }
        let errors = problems
            .into_iter()
            .enumerate()
            .map(|(i, (keys, message, written))| {
                let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
                let value = written.as_deref().map(|w| (w, 0));
                // Each search may read the whole text: only the first few are located.
                let at = (i < LOCATED_PROBLEMS)
                    .then(|| locate(text, &key_refs, value).or_else(|| locate(text, &key_refs, None)))
                    .flatten();
                SpecError::new(ErrorKind::Parse, file, message).at(at).path(keys.join("."))
            })
            .collect();
        Err(SpecErrors::new(errors))
    }
}

/// Parses a template and lowers its SAM resources (when it uses the SAM transform) to
/// the CloudFormation formwork's rules read, with the transform's logical ids: what
/// `formwork lower` prints. A plain CloudFormation template comes back as it was read.
///
/// ```
/// # use std::path::Path;
/// let text = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Hello:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.13\n      Handler: app.handler\n      InlineCode: 'def handler(e, c): pass'\n";
/// let lowered = formwork_spec::lower_template(text, Path::new("template.yaml"))?;
/// assert_eq!(lowered.resources["Hello"].resource_type, "AWS::Lambda::Function");
/// assert_eq!(lowered.resources["HelloRole"].resource_type, "AWS::IAM::Role");
/// # Ok::<(), formwork_spec::SpecErrors>(())
/// ```
pub fn lower_template(text: &str, file: &Path) -> Result<Template, SpecErrors> {
    let template = parse_template(text, file)?;
    if !formwork::validate::sam_input::is_sam(&template) {
        return Ok(template);
    }
    let (mut lowered, _) = formwork::validate::sam_input::lower(&template);
    lowered.transform = None;
    for r in lowered.resources.values_mut() {
        r.metadata.shift_remove(formwork::validate::sam_input::LOWERED_METADATA_KEY);
        r.metadata.shift_remove(formwork::validate::sam_input::CONNECTORS_METADATA_KEY);
    }
    Ok(lowered)
}

/// Finds where resources and their properties are written in a template's text. Built
/// once per template in time linear in the text; each lookup then searches only the
/// text of its own resource, so locating every finding of a large template stays linear.
#[derive(Debug)]
pub struct TemplateLocator<'t> {
    text: &'t str,
    index: TextIndex,
    /// Each resource's key offset and the end of its text (where the next one starts).
    resources: BTreeMap<&'t str, (usize, usize)>,
}

impl std::fmt::Debug for TextIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TextIndex")
    }
}

/// Resources not found in a row before the locator stops looking for more (each miss
/// costs a scan to the end of the text).
const LOCATOR_MISSES: usize = 3;

impl<'t> TemplateLocator<'t> {
    /// Indexes `text`, the source of `template` (as read by [`parse_template`] from
    /// `file`, whose extension tells JSON from YAML).
    pub fn new(text: &'t str, file: &Path, template: &'t Template) -> TemplateLocator<'t> {
        let json = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let index = TextIndex::new(text, !json);
        let mut starts: Vec<(&'t str, usize)> = Vec::new();
        if let Some(section) = index.find_key(text, "Resources", 0, text.len()) {
            let mut from = section + "Resources".len();
            let mut misses = 0;
            for id in template.resources.keys() {
                match index.find_key(text, id, from, text.len()) {
                    Some(at) => {
                        starts.push((id.as_str(), at));
                        from = at + id.len();
                        misses = 0;
                    }
                    None => {
                        misses += 1;
                        if misses >= LOCATOR_MISSES {
                            break;
                        }
                    }
                }
            }
        }
        let mut resources = BTreeMap::new();
        for (i, (id, at)) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(text.len(), |(_, next)| *next);
            resources.insert(*id, (*at, end));
        }
        TemplateLocator { text, index, resources }
    }

    /// The 1-based line and column of a resource's property (`Code.S3Key` for a nested
    /// one), or of the resource itself when the property is not written there.
    pub fn locate(&self, resource: &str, property: Option<&str>) -> Option<(usize, usize)> {
        let &(start, end) = self.resources.get(resource)?;
        let mut found = start;
        if let Some(p) = property {
            let mut from = start + resource.len();
            for key in std::iter::once("Properties").chain(p.split('.')) {
                let Some(at) = self.index.find_key(self.text, key, from, end) else {
                    // Not written there (a SAM global, a default): the resource it is.
                    found = start;
                    break;
                };
                found = at;
                from = at + key.len();
            }
        }
        Some(self.index.line_and_column(self.text, found))
    }
}

/// The line and column where a resource (and optionally one of its properties) is
/// written in the template's text, when it can be found. Searches the whole text on each
/// call: to locate many findings, build a [`TemplateLocator`] once.
pub fn locate_resource(text: &str, resource: &str, property: Option<&str>) -> Option<(usize, usize)> {
    let mut keys = vec!["Resources", resource];
    if let Some(p) = property {
        keys.push("Properties");
        keys.extend(p.split('.'));
    }
    locate(text, &keys, None).or_else(|| locate(text, &keys[..2], None))
}

fn generic(text: &str, file: &Path) -> Result<serde_yaml::Value, SpecError> {
    // JSON is YAML, but serde_json's messages and positions are better for JSON files.
    if file.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
        let json_error = |e: serde_json::Error| {
            SpecError::new(ErrorKind::Parse, file, strip_location(&e.to_string()))
                .at(Some((e.line(), e.column())))
        };
        // serde_json keeps the last of two equal keys without a word; YAML refuses them,
        // and so does this first pass over JSON.
        // Straight into YAML's document type (no JSON document in between), refusing
        // duplicate keys in the same pass.
        return serde_json::from_str::<crate::unique::UniqueYaml>(text).map(|d| d.0).map_err(json_error);
    }
    serde_yaml::from_str(text).map_err(|e| {
        let location = e.location().map(|l| (l.line(), l.column()));
        SpecError::new(ErrorKind::Parse, file, strip_location(&e.to_string())).at(location)
    })
}

fn strip_location(message: &str) -> String {
    crate::with_nesting_limit(&unlocated(message))
}

fn unlocated(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => {
            let rest = &message[i + " at line ".len()..];
            let tail = rest.find(',').map(|j| &rest[j..]).unwrap_or("");
            format!("{}{tail}", &message[..i])
        }
        None => message.to_string(),
    }
}

/// What is wrong, under which keys, and optionally the text written there.
type Problems = Vec<(Vec<String>, String, Option<String>)>;

/// The short-form tags CloudFormation knows, as `!Name`.
const KNOWN_TAGS: [&str; 20] = [
    "Ref",
    "Condition",
    "GetAtt",
    "Sub",
    "Join",
    "Select",
    "Split",
    "If",
    "ImportValue",
    "GetAZs",
    "Base64",
    "FindInMap",
    "Equals",
    "Not",
    "And",
    "Or",
    "Cidr",
    "Transform",
    "Length",
    "ToJsonString",
];

/// Where conversion is (the section or resource, for locating a problem) and what it
/// found wrong so far.
struct Reader<'p> {
    problems: &'p mut Problems,
    at: Vec<String>,
}

fn convert_template(root: &serde_yaml::Value, problems: &mut Problems) -> Template {
    let mut t = Template::new();
    let mut reader = Reader { problems, at: Vec::new() };
    let Some(top) = root.as_mapping() else {
        reader.problems.push((vec![], "a template is a mapping with a `Resources` section".into(), None));
        return t;
    };
    for (key, value) in top {
        let Some(key) = key.as_str() else { continue };
        let here = vec![key.to_string()];
        reader.at = here.clone();
        match key {
            "Transform" => {
                t.transform = match value {
                    serde_yaml::Value::String(s) => Some(s.clone()),
                    serde_yaml::Value::Sequence(items) => {
                        items.iter().find_map(|i| i.as_str().map(str::to_string))
                    }
                    _ => None,
                }
            }
            "Description" => t.description = value.as_str().map(str::to_string),
            "Metadata" => t.metadata = reader.map_of(value),
            "Conditions" => t.conditions = reader.map_of(value),
            "Parameters" => {
                for (name, p) in mapping(value) {
                    let param = Parameter::new(p.get("Type").and_then(|v| v.as_str()).unwrap_or("String"))
                        .maybe_description(p.get("Description").and_then(|v| v.as_str()).map(str::to_string))
                        .maybe_default_value(p.get("Default").map(|v| reader.convert(v)));
                    t.parameters.insert(name, param);
                }
            }
            "Resources" => {
                if value.as_mapping().is_none() {
                    reader.problems.push((
                        here,
                        "`Resources` must be a mapping of logical ids to resources".into(),
                        None,
                    ));
                    continue;
                }
                for (id, r) in mapping(value) {
                    reader.at = vec!["Resources".into(), id.clone()];
                    match reader.resource(r) {
                        Ok(res) => {
                            t.resources.insert(id, res);
                        }
                        Err(why) => reader.problems.push((vec!["Resources".into(), id], why, None)),
                    }
                }
            }
            "Outputs" => {
                for (name, o) in mapping(value) {
                    reader.at = vec!["Outputs".into(), name.clone()];
                    let value = o.get("Value").map(|v| reader.convert(v)).unwrap_or(Value::Null);
                    let export = o.get("Export").and_then(|e| e.get("Name")).map(|v| reader.convert(v));
                    let output = Output::new(value)
                        .maybe_description(o.get("Description").and_then(|v| v.as_str()).map(str::to_string))
                        .maybe_export_name(export);
                    t.outputs.insert(name, output);
                }
            }
            _ => {}
        }
    }
    if let Some(globals) = root.get("Globals").filter(|g| g.is_mapping()) {
        reader.at = vec!["Globals".into()];
        let converted = reader.convert(globals);
        t.metadata.insert(formwork::validate::sam_input::GLOBALS_METADATA_KEY.into(), converted);
    }
    for (section, resource_type) in GLOBAL_SECTIONS {
        if let Some(globals) = root.get("Globals").and_then(|g| g.get(section)) {
            reader.at = vec!["Globals".into(), section.into()];
            let globals = reader.map_of(globals);
            apply_globals(&mut t, resource_type, &globals);
        }
    }
    t
}

/// SAM's `Globals` sections and the resource type each applies to.
const GLOBAL_SECTIONS: [(&str, &str); 8] = [
    ("Function", "AWS::Serverless::Function"),
    ("Api", "AWS::Serverless::Api"),
    ("HttpApi", "AWS::Serverless::HttpApi"),
    ("SimpleTable", "AWS::Serverless::SimpleTable"),
    ("StateMachine", "AWS::Serverless::StateMachine"),
    ("LayerVersion", "AWS::Serverless::LayerVersion"),
    ("CapacityProvider", "AWS::Serverless::CapacityProvider"),
    ("WebSocketApi", "AWS::Serverless::WebSocketApi"),
];

/// SAM's `Globals`: each global property applies to every resource of its section's
/// type that does not set it; mappings (`Environment.Variables`, ...) merge, the
/// resource's own keys winning.
fn apply_globals(t: &mut Template, resource_type: &str, globals: &Map) {
    fn merge(own: &mut Value, global: &Value) {
        if let (Value::Map(own), Value::Map(global)) = (own, global) {
            for (k, g) in global {
                match own.get_mut(k) {
                    Some(o) => merge(o, g),
                    None => {
                        own.insert(k.clone(), g.clone());
                    }
                }
            }
        }
    }
    for r in t.resources.values_mut().filter(|r| r.resource_type == resource_type) {
        for (k, g) in globals {
            match r.properties.get_mut(k) {
                Some(own) => merge(own, g),
                None => {
                    r.properties.insert(k.clone(), g.clone());
                }
            }
        }
    }
}

fn mapping(value: &serde_yaml::Value) -> Vec<(String, &serde_yaml::Value)> {
    value
        .as_mapping()
        .map(|m| m.iter().filter_map(|(k, v)| Some((scalar_key(k)?, v))).collect())
        .unwrap_or_default()
}

fn scalar_key(k: &serde_yaml::Value) -> Option<String> {
    match k {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl Reader<'_> {
    fn map_of(&mut self, value: &serde_yaml::Value) -> Map {
        mapping(value).into_iter().map(|(k, v)| (k, self.convert(v))).collect()
    }

    fn resource(&mut self, r: &serde_yaml::Value) -> Result<Resource, String> {
        let Some(resource_type) = r.get("Type").and_then(|t| t.as_str()) else {
            return Err("the resource has no `Type`".into());
        };
        let mut res = Resource::new(resource_type);
        res.properties = r.get("Properties").map(|p| self.map_of(p)).unwrap_or_default();
        res.metadata = r.get("Metadata").map(|m| self.map_of(m)).unwrap_or_default();
        // SAM's embedded connectors sit beside `Properties`; the SAM lowering reads them here.
        if let Some(connectors) = r.get("Connectors").filter(|c| c.is_mapping()) {
            let connectors = self.convert(connectors);
            res.metadata.insert(formwork::validate::sam_input::CONNECTORS_METADATA_KEY.into(), connectors);
        }
        res.condition = r.get("Condition").and_then(|c| c.as_str()).map(str::to_string);
        res.depends_on = match r.get("DependsOn") {
            Some(serde_yaml::Value::String(s)) => vec![s.clone()],
            Some(serde_yaml::Value::Sequence(items)) => {
                items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect()
            }
            _ => Vec::new(),
        };
        let policy = |key: &str| {
            r.get(key).and_then(|p| p.as_str()).and_then(|p| match p {
                "Delete" => Some(formwork_template::DeletionPolicy::Delete),
                "Retain" | "RetainExceptOnCreate" => Some(formwork_template::DeletionPolicy::Retain),
                "Snapshot" => Some(formwork_template::DeletionPolicy::Snapshot),
                _ => None,
            })
        };
        res.deletion_policy = policy("DeletionPolicy");
        res.update_replace_policy = policy("UpdateReplacePolicy");
        Ok(res)
    }

    /// A YAML value as a template value; `!Tag x` and `{"Fn::X": x}` become intrinsics.
    fn convert(&mut self, v: &serde_yaml::Value) -> Value {
        match v {
            serde_yaml::Value::Null => Value::Null,
            serde_yaml::Value::Bool(b) => Value::Bool(*b),
            serde_yaml::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::String(n.to_string()),
            },
            serde_yaml::Value::String(s) => Value::String(s.clone()),
            serde_yaml::Value::Sequence(items) => {
                Value::List(items.iter().map(|i| self.convert(i)).collect())
            }
            serde_yaml::Value::Mapping(m) => {
                // Each value is converted once: converting a single-key mapping's value again
                // after it turned out not to be an intrinsic doubles the work at every level.
                let map: Map =
                    m.iter().filter_map(|(k, v)| Some((scalar_key(k)?, self.convert(v)))).collect();
                if m.len() == 1 && m.keys().next().is_some_and(serde_yaml::Value::is_string) {
                    if let Some((name, arg)) = map.iter().next() {
                        if let Some(f) = intrinsic(name, arg) {
                            return f;
                        }
                    }
                }
                Value::Map(map)
            }
            serde_yaml::Value::Tagged(tagged) => {
                let tag = tagged.tag.to_string();
                let name = tag.trim_start_matches('!');
                if !KNOWN_TAGS.contains(&name) {
                    let hint = match crate::suggest::closest(name, KNOWN_TAGS) {
                        Some(known) if name.len() <= 64 => format!("; did you mean `!{known}`?"),
                        _ => String::new(),
                    };
                    self.problems.push((
                        self.at.clone(),
                        format!("unknown tag `!{name}`: CloudFormation would reject it{hint}"),
                        Some(tag.clone()),
                    ));
                }
                let long = if matches!(name, "Ref" | "Condition") {
                    name.to_string()
                } else {
                    format!("Fn::{name}")
                };
                let arg = self.convert(&tagged.value);
                // `!GetAtt Resource.Attribute` is written as one dotted string.
                let arg = match (name, &arg) {
                    ("GetAtt", Value::String(s)) => match s.split_once('.') {
                        Some((r, a)) => Value::List(vec![Value::from(r), Value::from(a)]),
                        None => arg,
                    },
                    _ => arg,
                };
                intrinsic(&long, &arg).unwrap_or(arg)
            }
        }
    }
}

/// The intrinsic function `name` applied to `arg`, if `name` is one and `arg` fits it.
fn intrinsic(name: &str, arg: &Value) -> Option<Value> {
    let text = |v: &Value| v.as_str().map(str::to_string);
    let list = |v: &Value| v.as_list().map(<[Value]>::to_vec);
    let f = match name {
        "Ref" => Intrinsic::Ref(text(arg)?),
        "Condition" => Intrinsic::Condition(text(arg)?),
        "Fn::GetAtt" => {
            let items = list(arg)?;
            let resource = text(items.first()?)?;
            let attribute = items.get(1..)?.iter().map(text).collect::<Option<Vec<_>>>()?.join(".");
            Intrinsic::GetAtt { resource, attribute }
        }
        "Fn::Sub" => match arg {
            Value::String(s) => Intrinsic::Sub { template: s.clone(), variables: None },
            Value::List(items) => Intrinsic::Sub {
                template: text(items.first()?)?,
                variables: items.get(1).and_then(Value::as_map).cloned(),
            },
            _ => return None,
        },
        "Fn::Join" => {
            let items = list(arg)?;
            Intrinsic::Join { delimiter: text(items.first()?)?, values: list(items.get(1)?)? }
        }
        "Fn::Select" => {
            let items = list(arg)?;
            Intrinsic::Select { index: items.first()?.clone(), list: items.get(1)?.clone() }
        }
        "Fn::Split" => {
            let items = list(arg)?;
            Intrinsic::Split { delimiter: text(items.first()?)?, source: items.get(1)?.clone() }
        }
        "Fn::If" => {
            let items = list(arg)?;
            Intrinsic::If {
                condition: text(items.first()?)?,
                then: items.get(1)?.clone(),
                otherwise: items.get(2)?.clone(),
            }
        }
        "Fn::ImportValue" => Intrinsic::ImportValue(arg.clone()),
        "Fn::GetAZs" => Intrinsic::GetAzs(arg.clone()),
        "Fn::Base64" => Intrinsic::Base64(arg.clone()),
        "Fn::FindInMap" => {
            let items = list(arg)?;
            Intrinsic::FindInMap(items.first()?.clone(), items.get(1)?.clone(), items.get(2)?.clone())
        }
        "Fn::Equals" => {
            let items = list(arg)?;
            Intrinsic::Equals(items.first()?.clone(), items.get(1)?.clone())
        }
        "Fn::Not" => Intrinsic::Not(list(arg)?.first()?.clone()),
        "Fn::And" => Intrinsic::And(list(arg)?),
        "Fn::Or" => Intrinsic::Or(list(arg)?),
        _ => return None,
    };
    Some(Value::intrinsic(f))
}

/// A YAML value of a spec (a raw resource's properties, an override's value) as a
/// template value; `!Tag x` and `{"Fn::X": x}` become intrinsics. The checker reports
/// unknown tags first (`tag_problems`), so a value built here has none.
pub(crate) fn convert(v: &serde_yaml::Value) -> Value {
    let mut problems = Problems::new();
    Reader { problems: &mut problems, at: Vec::new() }.convert(v)
}

/// What is wrong with a spec's template value: its unknown tags, each with a suggestion.
pub(crate) fn tag_problems(v: &serde_yaml::Value) -> Vec<String> {
    let mut problems = Problems::new();
    Reader { problems: &mut problems, at: Vec::new() }.convert(v);
    problems.into_iter().map(|(_, message, _)| message).collect()
}

//! One source of truth for a handler's configuration: the environment variables a
//! function's model gives it, as a typed Rust module (for the handler crate's
//! `build.rs`) and as JSON (for Python and Node.js handlers).

use std::fmt;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::app::App;
use crate::construct::{AttributeKind, EnvValue};

/// What an environment variable holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum VariableKind {
    /// Literal text written in the model.
    Text,
    /// A construct's name (a table's or topic's name, a queue's name).
    Name,
    /// A construct's ARN.
    Arn,
    /// A queue's URL.
    Url,
    /// A raw resource's `Ref` or one of its attributes ([`crate::construct::ResourceRef`]).
    Value,
}

impl VariableKind {
    /// `text`, `name`, `arn`, `url` or `value`.
    pub fn as_str(self) -> &'static str {
        match self {
            VariableKind::Text => "text",
            VariableKind::Name => "name",
            VariableKind::Arn => "arn",
            VariableKind::Url => "url",
            VariableKind::Value => "value",
        }
    }
}

/// The construct an environment variable names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableTarget {
    /// What kind of construct (`table`, `queue`, ...).
    pub kind: &'static str,
    /// Its stack.
    pub stack: String,
    /// Its id, which is also its logical id.
    pub id: String,
}

/// One environment variable a function receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandlerVariable {
    /// The variable's name, e.g. `TABLE_NAME`.
    pub name: String,
    /// The field of the generated Rust struct, e.g. `table_name`.
    pub field: String,
    /// What it holds.
    pub kind: VariableKind,
    /// The construct it names; `None` for literal text.
    pub target: Option<VariableTarget>,
    /// The literal text, for [`VariableKind::Text`].
    pub text: Option<String>,
}

/// The configuration a function's handler receives, read from the app's model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandlerConfig {
    /// The function's stack.
    pub stack: String,
    /// The function's id.
    pub function: String,
    /// Its environment variables, in the order the model gives them.
    pub variables: Vec<HandlerVariable>,
}

/// Why a handler's configuration could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HandlerConfigError {
    /// The app has no stack of this name.
    UnknownStack {
        /// The stack asked for.
        stack: String,
    },
    /// The stack has no function of this id.
    UnknownFunction {
        /// The stack.
        stack: String,
        /// The function asked for.
        function: String,
        /// The functions the stack has.
        known: Vec<String>,
    },
    /// A variable's name cannot become a Rust field, or two become the same field.
    BadName {
        /// The variable.
        name: String,
        /// Why.
        reason: String,
    },
}

impl fmt::Display for HandlerConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandlerConfigError::UnknownStack { stack } => write!(f, "the app has no stack `{stack}`"),
            HandlerConfigError::UnknownFunction { stack, function, known } => {
                write!(f, "stack `{stack}` has no function `{function}` (it has: {})", known.join(", "))
            }
            HandlerConfigError::BadName { name, reason } => {
                write!(f, "environment variable `{name}` cannot be a Rust field: {reason}")
            }
        }
    }
}

impl std::error::Error for HandlerConfigError {}

/// The environment variables function `function` of stack `stack` receives, from the
/// app's model: what a handler's `build.rs` turns into a typed module.
///
/// # Errors
///
/// An unknown stack or function, or variable names that cannot be Rust fields.
pub fn handler_config(app: &App, stack: &str, function: &str) -> Result<HandlerConfig, HandlerConfigError> {
    let s = app
        .stacks
        .iter()
        .find(|s| s.name == stack)
        .ok_or_else(|| HandlerConfigError::UnknownStack { stack: stack.to_string() })?;
    let f =
        s.functions.iter().find(|f| f.id == function).ok_or_else(|| HandlerConfigError::UnknownFunction {
            stack: stack.to_string(),
            function: function.to_string(),
            known: s.functions.iter().map(|f| f.id.clone()).collect(),
        })?;
    let mut variables: Vec<HandlerVariable> = Vec::new();
    for (name, value) in &f.environment {
        let field = field_name(name)?;
        if let Some(other) = variables.iter().find(|v| v.field == field) {
            return Err(HandlerConfigError::BadName {
                name: name.clone(),
                reason: format!("`{}` becomes the same field `{field}`", other.name),
            });
        }
        let (kind, target, text) = match value {
            EnvValue::Text(t) => (VariableKind::Text, None, Some(t.clone())),
            EnvValue::Attribute(a) => {
                let kind = match a.kind {
                    AttributeKind::Name => VariableKind::Name,
                    AttributeKind::Arn => VariableKind::Arn,
                    AttributeKind::Url => VariableKind::Url,
                    AttributeKind::Ref | AttributeKind::GetAtt(_) => VariableKind::Value,
                };
                let target = VariableTarget {
                    kind: a.target.kind.as_str(),
                    stack: a.target.stack.clone(),
                    id: a.target.id.clone(),
                };
                (kind, Some(target), None)
            }
        };
        variables.push(HandlerVariable { name: name.clone(), field, kind, target, text });
    }
    Ok(HandlerConfig { stack: stack.to_string(), function: function.to_string(), variables })
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// `TABLE_NAME` → `table_name`; a keyword gets the raw prefix (`r#type`).
fn field_name(name: &str) -> Result<String, HandlerConfigError> {
    let bad =
        |reason: &str| HandlerConfigError::BadName { name: name.to_string(), reason: reason.to_string() };
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return Err(bad("it must start with a letter or `_`")),
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(bad("only letters, digits and `_` are allowed"));
    }
    let field = name.to_ascii_lowercase();
    if field == "_" || ["self", "super", "crate"].contains(&field.as_str()) {
        return Err(bad("it is reserved in Rust"));
    }
    Ok(if KEYWORDS.contains(&field.as_str()) { format!("r#{field}") } else { field })
}

impl HandlerVariable {
    /// What the variable holds, in words: `the name of table Orders (stack api)`.
    pub fn describe(&self) -> String {
        match (&self.target, &self.text) {
            (Some(t), _) => {
                format!("the {} of {} `{}` (stack `{}`)", self.kind.as_str(), t.kind, t.id, t.stack)
            }
            (None, Some(text)) => format!("the text {text:?}"),
            (None, None) => "text".to_string(),
        }
    }
}

impl HandlerConfig {
    /// A Rust module: `Config` with one `String` field per variable, `Config::from_env()`
    /// to read them once at cold start, and `MissingVariable` naming a variable that is
    /// not set. Meant for `include!` from `OUT_DIR`; see [`crate::build::write_handler_config`].
    pub fn to_rust(&self) -> String {
        let (stack, function) = (&self.stack, &self.function);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "// Generated by formwork from the model of function `{function}` in stack `{stack}`."
        );
        let _ = writeln!(out, "// Do not edit: change the app; the handler's build regenerates this file.\n");
        let _ = writeln!(
            out,
            "/// The environment of function `{function}` (stack `{stack}`), read once at cold start."
        );
        let _ = writeln!(out, "#[derive(Debug, Clone, PartialEq, Eq)]");
        let _ = writeln!(out, "pub struct Config {{");
        for v in &self.variables {
            let _ = writeln!(out, "    /// `{}`: {}.", v.name, v.describe().replace('\n', " "));
            let _ = writeln!(out, "    pub {}: String,", v.field);
        }
        let _ = writeln!(out, "}}\n");
        let _ = writeln!(out, "/// An environment variable the model of `{function}` gives is not set.");
        let _ = writeln!(out, "#[derive(Debug, Clone, Copy, PartialEq, Eq)]");
        let _ = writeln!(out, "pub struct MissingVariable {{");
        let _ = writeln!(out, "    /// The variable's name.");
        let _ = writeln!(out, "    pub name: &'static str,");
        let _ = writeln!(out, "}}\n");
        let _ = writeln!(out, "impl ::std::fmt::Display for MissingVariable {{");
        let _ =
            writeln!(out, "    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {{");
        let _ = writeln!(
            out,
            "        write!(f, \"environment variable {{}} is not set; the model of function `{function}` in stack `{stack}` gives it: deploy the template synthesized from that model\", self.name)"
        );
        let _ = writeln!(out, "    }}\n}}\n");
        let _ = writeln!(out, "impl ::std::error::Error for MissingVariable {{}}\n");
        let _ = writeln!(out, "impl Config {{");
        let _ = writeln!(out, "    /// The names of the variables, in the model's order.");
        let names: Vec<String> = self.variables.iter().map(|v| format!("{:?}", v.name)).collect();
        let _ =
            writeln!(out, "    pub const VARIABLES: &'static [&'static str] = &[{}];\n", names.join(", "));
        let _ = writeln!(out, "    /// Reads every variable from the process environment.");
        let _ =
            writeln!(out, "    ///\n    /// # Errors\n    ///\n    /// The first variable that is not set.");
        let _ = writeln!(out, "    pub fn from_env() -> ::std::result::Result<Config, MissingVariable> {{");
        let _ = writeln!(out, "        Config::from_lookup(|name| ::std::env::var(name).ok())");
        let _ = writeln!(out, "    }}\n");
        let _ = writeln!(out, "    /// Reads every variable through `lookup` (tests pass a map).");
        let _ = writeln!(
            out,
            "    ///\n    /// # Errors\n    ///\n    /// The first variable `lookup` does not have."
        );
        let _ = writeln!(out, "    pub fn from_lookup(");
        let _ = writeln!(out, "        mut lookup: impl FnMut(&str) -> Option<String>,");
        let _ = writeln!(out, "    ) -> ::std::result::Result<Config, MissingVariable> {{");
        if self.variables.is_empty() {
            let _ = writeln!(out, "        let _ = &mut lookup;");
        }
        let _ = writeln!(out, "        Ok(Config {{");
        for v in &self.variables {
            let _ = writeln!(
                out,
                "            {}: lookup({:?}).ok_or(MissingVariable {{ name: {:?} }})?,",
                v.field, v.name, v.name
            );
        }
        let _ = writeln!(out, "        }})\n    }}\n}}");
        out
    }

    /// The same list as JSON, for handlers in other languages:
    /// `{"stack", "function", "variables": [{"name", "kind", "of": {"kind", "stack", "id"}}]}`,
    /// with `"text"` instead of `"of"` for literal values.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{{");
        let _ = writeln!(out, "  \"stack\": {},", json_string(&self.stack));
        let _ = writeln!(out, "  \"function\": {},", json_string(&self.function));
        let _ = write!(out, "  \"variables\": [");
        for (i, v) in self.variables.iter().enumerate() {
            let _ = write!(
                out,
                "{}\n    {{ \"name\": {}, \"kind\": {}",
                if i == 0 { "" } else { "," },
                json_string(&v.name),
                json_string(v.kind.as_str())
            );
            if let Some(t) = &v.target {
                let _ = write!(
                    out,
                    ", \"of\": {{ \"kind\": {}, \"stack\": {}, \"id\": {} }}",
                    json_string(t.kind),
                    json_string(&t.stack),
                    json_string(&t.id)
                );
            }
            if let Some(text) = &v.text {
                let _ = write!(out, ", \"text\": {}", json_string(text));
            }
            let _ = write!(out, " }}");
        }
        let _ = writeln!(out, "{}]\n}}", if self.variables.is_empty() { "" } else { "\n  " });
        out
    }
}

/// `s` as a JSON string, written by the template's own JSON writer (the one that is
/// fuzzed and checked against serde_json).
fn json_string(s: &str) -> String {
    let mut text = formwork_template::to_json(&formwork_template::Value::from(s));
    text.pop(); // the writer's closing newline
    text
}

/// The file names [`crate::build::write_handler_config`] writes for a function:
/// `formwork_<function>.rs` and `formwork_<function>.json`, the id in lower case.
pub fn file_stem(function: &str) -> String {
    format!("formwork_{}", function.to_ascii_lowercase())
}

/// Writes the Rust module and the JSON for a function into `dir`, each only when its
/// text changed; returns their paths.
pub(crate) fn write(config: &HandlerConfig, dir: &Path) -> std::io::Result<[PathBuf; 2]> {
    if !config.function.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("function id `{}` is not alphanumeric", config.function),
        ));
    }
    let stem = file_stem(&config.function);
    let rust = dir.join(format!("{stem}.rs"));
    let json = dir.join(format!("{stem}.json"));
    std::fs::create_dir_all(dir)?;
    for (path, text) in [(&rust, config.to_rust()), (&json, config.to_json())] {
        if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
            continue;
        }
        crate::write::write_atomic(path, text.as_bytes())?;
    }
    Ok([rust, json])
}

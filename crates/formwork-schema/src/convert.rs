//! Template values as JSON: what the validator reads.

use formwork_template::{Intrinsic, Value};
use serde_json::{Map, Value as Json};

/// A template value as JSON, with intrinsic functions in their long form
/// (`{"Fn::GetAtt": ["Queue", "Arn"]}`), as the JSON template writer spells them.
///
/// ```
/// use formwork_template::Value;
/// use serde_json::json;
///
/// let value = Value::map([("Arn", Value::get_att("Queue", "Arn")), ("Size", Value::Int(3))]);
/// assert_eq!(
///     formwork_schema::to_json_value(&value),
///     json!({"Arn": {"Fn::GetAtt": ["Queue", "Arn"]}, "Size": 3})
/// );
/// ```
pub fn to_json_value(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(n) => Json::from(*n),
        Value::String(s) => Json::String(s.clone()),
        Value::List(items) => Json::Array(items.iter().map(to_json_value).collect()),
        Value::Map(map) => Json::Object(map.iter().map(|(k, v)| (k.clone(), to_json_value(v))).collect()),
        Value::Fn(f) => {
            let (name, argument) = long_form(f);
            let mut map = Map::new();
            map.insert(name.to_string(), argument);
            Json::Object(map)
        }
    }
}

fn list(items: impl IntoIterator<Item = Json>) -> Json {
    Json::Array(items.into_iter().collect())
}

fn text(s: &str) -> Json {
    Json::String(s.to_string())
}

fn values(items: &[Value]) -> Json {
    Json::Array(items.iter().map(to_json_value).collect())
}

/// The long-form name and argument of an intrinsic function.
fn long_form(f: &Intrinsic) -> (&'static str, Json) {
    let j = to_json_value;
    match f {
        Intrinsic::Ref(target) => ("Ref", text(target)),
        Intrinsic::GetAtt { resource, attribute } => ("Fn::GetAtt", list([text(resource), text(attribute)])),
        Intrinsic::Sub { template, variables: None } => ("Fn::Sub", text(template)),
        Intrinsic::Sub { template, variables: Some(vars) } => {
            ("Fn::Sub", list([text(template), j(&Value::Map(vars.clone()))]))
        }
        Intrinsic::Join { delimiter, values: items } => ("Fn::Join", list([text(delimiter), values(items)])),
        Intrinsic::Select { index, list: from } => ("Fn::Select", list([j(index), j(from)])),
        Intrinsic::Split { delimiter, source } => ("Fn::Split", list([text(delimiter), j(source)])),
        Intrinsic::If { condition, then, otherwise } => {
            ("Fn::If", list([text(condition), j(then), j(otherwise)]))
        }
        Intrinsic::ImportValue(v) => ("Fn::ImportValue", j(v)),
        Intrinsic::GetAzs(v) => ("Fn::GetAZs", j(v)),
        Intrinsic::Base64(v) => ("Fn::Base64", j(v)),
        Intrinsic::FindInMap(a, b, c) => ("Fn::FindInMap", list([j(a), j(b), j(c)])),
        Intrinsic::Equals(a, b) => ("Fn::Equals", list([j(a), j(b)])),
        Intrinsic::Not(v) => ("Fn::Not", list([j(v)])),
        Intrinsic::And(items) => ("Fn::And", values(items)),
        Intrinsic::Or(items) => ("Fn::Or", values(items)),
        Intrinsic::Condition(name) => ("Condition", text(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use formwork_template::{Map as TemplateMap, Pseudo};

    /// The conversion agrees with the template's own JSON writer for every intrinsic.
    #[test]
    fn agrees_with_the_json_writer() {
        let s = |x: &str| Value::from(x);
        let every = Value::List(vec![
            Value::ref_("Queue"),
            Value::pseudo(Pseudo::Region),
            Value::get_att("Queue", "Arn"),
            Value::sub("${AWS::StackName}-x"),
            Value::intrinsic(Intrinsic::Sub {
                template: "${A}".into(),
                variables: Some(TemplateMap::from([("A".to_string(), s("a"))])),
            }),
            Value::join(",", vec![s("a"), Value::ref_("B")]),
            Value::intrinsic(Intrinsic::Select {
                index: Value::Int(0),
                list: Value::intrinsic(Intrinsic::GetAzs(s(""))),
            }),
            Value::intrinsic(Intrinsic::Split { delimiter: ",".into(), source: s("a,b") }),
            Value::intrinsic(Intrinsic::If {
                condition: "C".into(),
                then: s("a"),
                otherwise: Value::pseudo(Pseudo::NoValue),
            }),
            Value::intrinsic(Intrinsic::ImportValue(s("Export"))),
            Value::intrinsic(Intrinsic::Base64(s("x"))),
            Value::intrinsic(Intrinsic::FindInMap(s("M"), s("K"), s("V"))),
            Value::intrinsic(Intrinsic::Equals(s("a"), s("b"))),
            Value::intrinsic(Intrinsic::Not(Value::intrinsic(Intrinsic::Condition("C".into())))),
            Value::intrinsic(Intrinsic::And(vec![Value::Bool(true), Value::Null])),
            Value::intrinsic(Intrinsic::Or(vec![Value::Int(-1)])),
        ]);
        let written: Json = serde_json::from_str(&formwork_template::to_json(&every)).unwrap();
        assert_eq!(to_json_value(&every), written);
    }
}

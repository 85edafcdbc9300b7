//! Which function a reference names: directly (`Ref`, `Fn::GetAtt .Arn`), through an
//! alias or version of it, or in a `Fn::Sub` string such as an API integration URI.

use formwork_template::{Intrinsic, Template, Value};

use super::referenced;

/// The logical id of the function `v` names, if it names one of the template's.
pub(crate) fn function_of<'t>(template: &'t Template, v: &Value) -> Option<&'t str> {
    function_of_depth(template, v, 0)
}

fn function_of_depth<'t>(template: &'t Template, v: &Value, depth: u8) -> Option<&'t str> {
    if depth > 3 {
        return None;
    }
    if let Some(Intrinsic::Sub { template: text, variables: None }) = v.as_intrinsic() {
        let mut found = None;
        v.references(&mut |r| {
            if found.is_none() {
                found = Some((r.target, r.attribute));
            }
        });
        let (target, attribute) = found?;
        let single = text.matches("${").count() - text.matches("${AWS::").count() == 1;
        if !single {
            return None;
        }
        let inner = match attribute {
            Some(a) => Value::get_att(target, a),
            None => Value::ref_(target),
        };
        return function_of_depth(template, &inner, depth + 1);
    }
    let (id, r) = referenced(template, v)?;
    match r.resource_type.as_str() {
        "AWS::Lambda::Function" => match v.as_intrinsic() {
            Some(Intrinsic::GetAtt { attribute, .. }) if attribute != "Arn" => None,
            _ => Some(id),
        },
        "AWS::Lambda::Alias" | "AWS::Lambda::Version" => {
            function_of_depth(template, r.properties.get("FunctionName")?, depth + 1)
        }
        _ => None,
    }
}

/// Whether a runtime identifier is one SnapStart supports: Java 11 and later, Python
/// 3.12 and later, .NET 8 and later (AWS Lambda documentation, 2026-11).
pub(crate) fn snap_start_runtime(runtime: &str) -> bool {
    // (major, minor), compared as a pair: no arithmetic on digits the template wrote.
    let version = |prefix: &str| -> Option<(u32, u32)> {
        let rest = runtime.strip_prefix(prefix)?;
        let major: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let minor: String = rest.chars().skip(major.len() + 1).take_while(char::is_ascii_digit).collect();
        Some((major.parse().ok()?, minor.parse().unwrap_or(0)))
    };
    if let Some(v) = version("java") {
        return v >= (11, 0);
    }
    if let Some(v) = version("python") {
        return v >= (3, 12);
    }
    if let Some(v) = version("dotnet") {
        return v >= (8, 0);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snap_start_runtimes() {
        for yes in [
            "java11",
            "java17",
            "java21",
            "java25",
            "python3.12",
            "python3.13",
            "python3.14",
            "dotnet8",
            "dotnet10",
        ] {
            assert!(snap_start_runtime(yes), "{yes}");
        }
        for no in
            ["java8", "java8.al2", "python3.11", "python3.9", "nodejs22.x", "dotnet6", "provided.al2023"]
        {
            assert!(!snap_start_runtime(no), "{no}");
        }
    }
}

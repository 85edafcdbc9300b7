//! The template reader and every rule: arbitrary bytes as a YAML and as a JSON template,
//! validated, each finding located in the text, as `formwork validate FILE` does.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let settings = formwork::validate::Settings::new(formwork::Date::parse("2026-11-29").expect("a date"));
    for name in ["t.yaml", "t.json"] {
        let file = Path::new(name);
        let _ = formwork_spec::is_template(text, file);
        let Ok(template) = formwork_spec::parse_template(text, file) else { continue };
        let report = formwork::validate::validate_template("t", &template, &settings);
        let locator = formwork_spec::TemplateLocator::new(text, file, &template);
        for f in report.findings.iter().chain(&report.suppressed) {
            if let Some(resource) = &f.resource {
                if let Some((line, column)) = locator.locate(resource, f.property.as_deref()) {
                    assert!(line >= 1 && column >= 1);
                }
            }
        }
        let _ = formwork::report::to_json_report(&report);
        let _ = formwork::report::to_sarif(&report);
    }
});

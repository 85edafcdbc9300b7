//! The spec reader and synthesis: arbitrary bytes as a YAML and as a JSON spec file,
//! resolved into an app and synthesized for both targets and formats, in memory.
#![no_main]

use std::path::Path;

use formwork::{Date, Format, SynthOptions, Target};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let today = Date::parse("2026-11-29").expect("a date");
    // A folder that does not exist: code directories are findings, never read.
    for name in ["no-such-folder/app.yaml", "no-such-folder/app.json"] {
        let Ok(app) = formwork_spec::from_str(text, Path::new(name)) else { continue };
        for target in [Target::CloudFormation, Target::Sam] {
            for format in [Format::Yaml, Format::Json] {
                let synthesis = app.synthesize(&SynthOptions::new(today).target(target).format(format));
                for t in &synthesis.templates {
                    // What formwork writes, it can read again.
                    let file = Path::new(if format == Format::Json { "t.json" } else { "t.yaml" });
                    if let Err(e) = formwork_spec::parse_template(&t.text, file) {
                        panic!("formwork cannot read its own {}: {e}\n{}", t.file_name, t.text);
                    }
                }
            }
        }
    }
});

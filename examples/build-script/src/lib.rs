//! The build-script example: `build.rs` synthesizes the template of [`app`] at build
//! time, and [`TEMPLATE`] embeds it, so the crate cannot build with a model that fails
//! validation.

mod model;

pub use model::app;

/// The CloudFormation template the build script wrote (YAML).
pub const TEMPLATE: &str = include_str!(concat!(env!("OUT_DIR"), "/build-script.yaml"));

#[cfg(test)]
mod tests {
    use formwork::{Date, Format, SynthOptions, Target};

    #[test]
    fn the_embedded_template_is_the_model_synthesized() {
        let options =
            SynthOptions::new(Date::today_utc()).target(Target::CloudFormation).format(Format::Yaml);
        let synthesis = super::app().synthesize(&options);
        assert_eq!(super::TEMPLATE, synthesis.templates[0].text);
    }
}

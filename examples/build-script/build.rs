//! Synthesizes and validates this crate's template at build time: warnings become
//! `cargo:warning=` lines, errors fail the build with formwork's whole report, and the
//! template in `OUT_DIR` is rewritten only when it changes.

#[allow(unreachable_pub)] // the model is public in the library, private here
#[path = "src/model.rs"]
mod model;

fn main() {
    println!("cargo:rerun-if-changed=src/model.rs");
    formwork::build::run(&model::app(), &formwork::build::BuildOptions::default());
}

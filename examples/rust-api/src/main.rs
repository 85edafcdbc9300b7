//! `cargo run -p rust-api -- synth --target sam --out DIR` (builds the Rust handlers first)

fn main() -> std::process::ExitCode {
    rust_api::app().main()
}

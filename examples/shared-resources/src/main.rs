//! `cargo run -p shared-resources -- synth --target sam --out DIR`

fn main() -> std::process::ExitCode {
    shared_resources::app().main()
}

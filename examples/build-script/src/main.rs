//! `cargo run -p build-script -- synth --target sam --out DIR`; the template the build
//! script wrote is `build_script::TEMPLATE`.

fn main() -> std::process::ExitCode {
    build_script::app().main()
}

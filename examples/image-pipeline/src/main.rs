//! `cargo run -p image-pipeline -- synth --target sam --out DIR`

fn main() -> std::process::ExitCode {
    image_pipeline::app().main()
}

//! `cargo run -p scheduled-report -- synth --target sam --out DIR`

fn main() -> std::process::ExitCode {
    scheduled_report::app().main()
}

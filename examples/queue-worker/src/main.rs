//! `cargo run -p queue-worker -- synth --target sam --out DIR`

fn main() -> std::process::ExitCode {
    queue_worker::app().main()
}

//! `cargo run -p stream-ingest -- synth --target sam --out DIR`

fn main() -> std::process::ExitCode {
    stream_ingest::app().main()
}

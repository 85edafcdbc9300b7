//! `cargo run -p orders-api -- synth --target sam --out DIR`

fn main() -> std::process::ExitCode {
    orders_api::app().main()
}

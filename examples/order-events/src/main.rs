//! `cargo run -p order-events -- synth --target sam --out DIR`

fn main() -> std::process::ExitCode {
    order_events::app().main()
}

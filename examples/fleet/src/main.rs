//! `FLEET_UNITS=80 cargo run -p fleet -- synth --target sam --format yaml --out DIR`

use std::process::ExitCode;

fn main() -> ExitCode {
    match fleet::units_from_env() {
        Ok(units) => fleet::app(units).main(),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(formwork::cli::EXIT_USAGE)
        }
    }
}

//! `formwork`: synthesize and validate spec files. See the library for the commands.

use std::process::ExitCode;

fn main() -> ExitCode {
    let code = formwork_cli::run_styled(
        std::env::args_os(),
        formwork::cli::Style::detect(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}

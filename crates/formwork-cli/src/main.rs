//! `formwork`: synthesize and validate spec files. See the library for the commands.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = Vec::new();
    for arg in std::env::args_os() {
        match arg.into_string() {
            Ok(arg) => args.push(arg),
            Err(arg) => {
                eprintln!("error: argument `{}` is not UTF-8", arg.to_string_lossy());
                return ExitCode::from(formwork::cli::EXIT_USAGE);
            }
        }
    }
    let code = formwork_cli::run(&args, &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    ExitCode::from(code)
}

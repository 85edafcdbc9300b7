//! `cargo run -p cookbook -- RECIPE synth --target sam --out DIR` runs formwork's command
//! line for one recipe; `cargo run -p cookbook -- list` names them.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<OsString> = std::env::args_os().collect();
    let name = args.get(1).and_then(|a| a.to_str()).unwrap_or("").to_string();
    let (mut stdout, mut stderr) = (std::io::stdout().lock(), std::io::stderr().lock());
    if name == "list" {
        for recipe in cookbook::RECIPES {
            if writeln!(stdout, "{}", recipe.name).is_err() {
                return ExitCode::from(2);
            }
        }
        return ExitCode::SUCCESS;
    }
    let Some(app) = cookbook::recipe(&name) else {
        let names: Vec<&str> = cookbook::RECIPES.iter().map(|r| r.name).collect();
        let _ = writeln!(
            stderr,
            "usage: cookbook list | cookbook RECIPE COMMAND... (recipes: {})",
            names.join(", ")
        );
        return ExitCode::from(2);
    };
    args.remove(1);
    args[0] = format!("cookbook {name}").into();
    ExitCode::from(app.run(args, &mut stdout, &mut stderr))
}

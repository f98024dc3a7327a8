//! The `newsidx` binary: parse the command line, run the command, map the
//! outcome to an exit code. Everything else lives in the library.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = newsidx::cli::Cli::parse();
    match newsidx::commands::run(cli) {
        Ok(code) => code.into(),
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("newsidx: {err}");
            err.exit_code().into()
        }
    }
}

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
            // One line, even for a path with a newline in it.
            eprintln!(
                "newsidx: {}",
                newsidx::output::escape_controls(&err.to_string())
            );
            err.exit_code().into()
        }
    }
}

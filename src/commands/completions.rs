//! `newsidx completions SHELL`: the shell completion script, generated
//! from the command-line definitions by clap_complete.

use crate::Result;
use crate::cli::CompletionsArgs;
use crate::error::Exit;
use std::io::Write;

/// Runs `newsidx completions`: writes the script on stdout.
///
/// # Errors
/// I/O errors writing stdout.
pub fn run(args: CompletionsArgs) -> Result<Exit> {
    let mut out = super::stdout();
    crate::cli::write_completions(args.shell, &mut out)?;
    out.flush()?;
    Ok(Exit::Success)
}

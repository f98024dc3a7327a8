//! `newsidx man [COMMAND]`: the man page, generated from the command-line
//! definitions by clap_mangen.

use crate::cli::ManArgs;
use crate::error::Exit;
use crate::{Error, Result};
use std::io::Write;

/// Runs `newsidx man`: writes the page (roff) on stdout.
///
/// # Errors
/// [`Error::Usage`] for an unknown command; I/O errors writing stdout.
pub fn run(args: ManArgs) -> Result<Exit> {
    let mut out = super::stdout();
    if let Err(names) = crate::cli::write_man(args.command.as_deref(), &mut out)? {
        return Err(Error::Usage(format!(
            "man: no command {:?}; one of: {}",
            args.command.unwrap_or_default(),
            names.join(", ")
        )));
    }
    out.flush()?;
    Ok(Exit::Success)
}

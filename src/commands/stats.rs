//! `newsidx stats`: what the index holds.

use super::Context;
use crate::cli::StatsArgs;
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::search::aggregate;
use crate::{Error, Result, output};
use std::io::Write;

/// Runs `newsidx stats`.
///
/// # Errors
/// `--limit 0`, no index, I/O errors writing stdout.
pub fn run(ctx: &Context, args: StatsArgs) -> Result<Exit> {
    if args.limit == 0 {
        return Err(Error::Usage("--limit must be at least 1".into()));
    }
    let index = NewsIndex::open(&ctx.index)?;
    let stats = aggregate::stats(&index, args.limit)?;
    let mut out = super::stdout();
    output::research::stats(&mut out, &stats, args.format.into())?;
    out.flush()?;
    Ok(Exit::Success)
}

//! `newsidx speakers`: speaker identities with variants and counts.

use super::Context;
use crate::cli::SpeakersArgs;
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::search::aggregate;
use crate::{Result, output};
use std::io::Write;

/// Runs `newsidx speakers`.
///
/// # Errors
/// No index, bad dates, `--limit 0`, I/O errors writing stdout.
pub fn run(ctx: &Context, args: SpeakersArgs) -> Result<Exit> {
    let filters = super::filters(&args.filters)?;
    let index = NewsIndex::open(&ctx.index)?;
    let query = super::research_query(args.query);
    let result = aggregate::speakers(&index, &query, &filters, args.limit)?;
    super::warn(ctx, &result.warnings);
    let mut out = super::stdout();
    output::research::speakers(&mut out, &result, args.format.into())?;
    out.flush()?;
    Ok(Exit::Success)
}

//! `newsidx count`: matching articles (and quotations).

use super::Context;
use crate::cli::CountArgs;
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::search::aggregate;
use crate::{Result, output};
use std::io::Write;

/// Runs `newsidx count`.
///
/// # Errors
/// No index, bad dates, I/O errors writing stdout.
pub fn run(ctx: &Context, args: CountArgs) -> Result<Exit> {
    let filters = super::filters(&args.filters)?;
    let index = NewsIndex::open(&ctx.index)?;
    let query = super::research_query(args.query);
    let counts = aggregate::count(&index, &query, &filters, args.quotes)?;
    super::warn(ctx, &counts.warnings);
    let mut out = super::stdout();
    output::research::counts(&mut out, &counts, args.format.into())?;
    out.flush()?;
    Ok(Exit::Success)
}

//! `newsidx top`: most frequent handles or speakers, characteristic terms.

use super::Context;
use crate::cli::{TopArgs, TopWhat};
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::search::aggregate::{self, TopKind};
use crate::{Result, output};
use std::io::Write;

/// Runs `newsidx top`.
///
/// # Errors
/// No index, bad dates, `--limit 0`, I/O errors writing stdout.
pub fn run(ctx: &Context, args: TopArgs) -> Result<Exit> {
    let filters = super::filters(&args.filters)?;
    let index = NewsIndex::open(&ctx.index)?;
    let kind = match args.what {
        TopWhat::Handles => TopKind::Handles,
        TopWhat::Speakers => TopKind::Speakers,
        TopWhat::Terms => TopKind::Terms,
    };
    let query = super::research_query(args.query);
    let top = aggregate::top(&index, &query, &filters, kind, args.limit)?;
    super::warn(ctx, &top.warnings);
    let mut out = super::stdout();
    output::research::top(&mut out, &top, args.format.into())?;
    out.flush()?;
    Ok(Exit::Success)
}

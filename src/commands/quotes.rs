//! `newsidx quotes`: individual quotations that match, with speakers.

use super::Context;
use crate::cli::QuotesArgs;
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::search::quotes::{QuotesRequest, search_quotes};
use crate::{Error, Result, output};
use std::io::Write;

/// Runs `newsidx quotes`.
///
/// # Errors
/// No index, bad dates, I/O errors writing stdout.
pub fn run(ctx: &Context, args: QuotesArgs) -> Result<Exit> {
    let filters = super::filters(&args.filters)?;
    if args.limit == 0 {
        return Err(Error::Usage("--limit must be at least 1".into()));
    }
    let index = NewsIndex::open(&ctx.index)?;
    let req = QuotesRequest {
        query: args.query,
        filters,
        limit: args.limit,
        offset: args.offset,
        sort: args.sort.into(),
    };
    let result = search_quotes(&index, &req)?;
    if !ctx.quiet {
        for w in &result.warnings {
            eprintln!("newsidx: warning: {w}");
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    output::quotes::quotes_result(
        &mut out,
        &result,
        args.format.into(),
        super::stdout_style(ctx),
    )?;
    out.flush()?;
    Ok(Exit::Success)
}

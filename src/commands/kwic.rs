//! `newsidx kwic`: keyword-in-context lines.

use super::Context;
use crate::cli::{KwicArgs, KwicSortArg};
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::search::kwic::{self, KwicRequest, KwicSort};
use crate::{Error, Result, output};
use std::io::Write;

/// The widest context `--width` accepts, in characters.
pub const MAX_WIDTH: usize = 1000;

/// Runs `newsidx kwic`.
///
/// # Errors
/// No index, bad dates, `--width` outside 1..=[`MAX_WIDTH`], a query without body words, I/O
/// errors writing stdout.
pub fn run(ctx: &Context, args: KwicArgs) -> Result<Exit> {
    let filters = super::filters(&args.filters)?;
    if !(1..=MAX_WIDTH).contains(&args.width) {
        return Err(Error::Usage(format!(
            "--width must be from 1 to {MAX_WIDTH} characters (got {})",
            args.width
        )));
    }
    if args.limit == Some(0) {
        return Err(Error::Usage("--limit must be at least 1".into()));
    }
    let index = NewsIndex::open(&ctx.index)?;
    let req = KwicRequest {
        query: args.query,
        filters,
        width: args.width,
        limit: args.limit,
        sort: match args.sort {
            KwicSortArg::Date => KwicSort::Date,
            KwicSortArg::Left => KwicSort::Left,
            KwicSortArg::Right => KwicSort::Right,
        },
    };
    let k = kwic::kwic(&index, &req)?;
    super::warn(ctx, &k.warnings);
    let mut out = super::stdout();
    output::research::kwic(
        &mut out,
        &k,
        args.width,
        args.format.into(),
        super::stdout_style(ctx),
    )?;
    out.flush()?;
    Ok(Exit::Success)
}

//! `newsidx kwic`: keyword-in-context lines.

use super::Context;
use crate::cli::{KwicArgs, KwicSortArg};
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::search::kwic::{self, KwicRequest, KwicSort};
use crate::{Error, Result, output};
use std::io::Write;

/// Runs `newsidx kwic`.
///
/// # Errors
/// No index, bad dates, `--width 0`, a query without body words, I/O
/// errors writing stdout.
pub fn run(ctx: &Context, args: KwicArgs) -> Result<Exit> {
    let filters = super::filters(&args.filters)?;
    if args.width == 0 {
        return Err(Error::Usage("--width must be at least 1".into()));
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
        super::stdout_style(),
    )?;
    out.flush()?;
    Ok(Exit::Success)
}

//! `newsidx timeline`: matching articles per period.

use super::Context;
use crate::cli::{PeriodArg, TimelineArgs};
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::search::aggregate::{self, Period};
use crate::{Result, output};
use std::io::Write;

/// Runs `newsidx timeline`.
///
/// # Errors
/// No index, bad dates, too many periods, I/O errors writing stdout.
pub fn run(ctx: &Context, args: TimelineArgs) -> Result<Exit> {
    let filters = super::filters(&args.filters)?;
    let index = NewsIndex::open(&ctx.index)?;
    let by = match args.by {
        PeriodArg::Day => Period::Day,
        PeriodArg::Week => Period::Week,
        PeriodArg::Month => Period::Month,
        PeriodArg::Year => Period::Year,
    };
    let query = super::research_query(args.query);
    let t = aggregate::timeline(&index, &query, &filters, by, args.normalize)?;
    super::warn(ctx, &t.warnings);
    let mut out = super::stdout();
    output::research::timeline(&mut out, &t, args.format.into())?;
    out.flush()?;
    Ok(Exit::Success)
}

//! `newsidx export`: every matching article, streamed.

use super::Context;
use crate::Result;
use crate::cli::{ExportArgs, ExportFormatArg, ExportSortArg};
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::output::Format;
use crate::output::research::ExportWriter;
use crate::search::export::{Document, export_fields};
use crate::search::{query, scan};
use std::ops::ControlFlow;

/// Runs `newsidx export`.
///
/// # Errors
/// No index, bad dates, unknown `--fields`, I/O errors writing stdout
/// (a closed pipe ends the export quietly).
pub fn run(ctx: &Context, args: ExportArgs) -> Result<Exit> {
    let filters = super::filters(&args.filters)?;
    let fields = export_fields(&args.fields)?;
    let index = NewsIndex::open(&ctx.index)?;
    let searcher = scan::searcher(&index)?;
    let (q, warnings) = query::build(&index, &super::research_query(args.query), &filters)?;
    super::warn(ctx, &warnings);
    let format = match args.format {
        ExportFormatArg::Jsonl => Format::Jsonl,
        ExportFormatArg::Csv => Format::Csv,
        ExportFormatArg::Json => Format::Json,
    };
    let mut out = ExportWriter::new(super::stdout(), format, fields)?;
    let write = |doc| {
        out.write(&Document::from_doc(&index, &doc))?;
        Ok(ControlFlow::Continue(()))
    };
    match args.sort {
        ExportSortArg::Index => scan::for_each_doc(&searcher, q.as_ref(), write)?,
        ExportSortArg::Date => scan::for_each_doc_by_date(&searcher, q.as_ref(), write)?,
    }
    let n = out.finish()?;
    if ctx.verbose {
        eprintln!("newsidx: exported {n} articles");
    }
    Ok(Exit::Success)
}

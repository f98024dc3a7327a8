//! `newsidx export`: every matching article, streamed — as JSON lines, CSV
//! or JSON, or for a distributed engine (`--to quickwit|elasticsearch`).

use super::Context;
use crate::Result;
use crate::cli::{EngineArg, ExportArgs, ExportFormatArg, ExportSortArg};
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::output::Format;
use crate::output::engines::{Engine, EngineDoc, EngineWriter};
use crate::output::research::ExportWriter;
use crate::search::export::{Document, export_fields};
use crate::search::{query, scan};
use std::ops::ControlFlow;

/// Runs `newsidx export`.
///
/// # Errors
/// No index, bad dates, unknown `--fields`, `--split-every 0`, I/O errors
/// writing the output (a closed pipe ends the export quietly).
pub fn run(ctx: &Context, args: ExportArgs) -> Result<Exit> {
    let filters = super::filters(&args.filters)?;
    let fields = export_fields(&args.fields)?;
    let index = NewsIndex::open(&ctx.index)?;
    let searcher = scan::searcher(&index)?;
    let (q, warnings) = query::build(&index, &super::research_query(args.query), &filters)?;
    super::warn(ctx, &warnings);
    let each = |write: &mut dyn FnMut(&Document) -> Result<()>| {
        let visit = |doc| {
            write(&Document::from_doc(&index, &doc))?;
            Ok(ControlFlow::Continue(()))
        };
        match args.sort {
            ExportSortArg::Index => scan::for_each_doc(&searcher, q.as_ref(), visit),
            ExportSortArg::Date => scan::for_each_doc_by_date(&searcher, q.as_ref(), visit),
        }
    };
    let (n, files) = match args.to {
        Some(engine) => {
            let engine = match engine {
                EngineArg::Quickwit => Engine::Quickwit,
                EngineArg::Elasticsearch => Engine::Elasticsearch {
                    index: args.es_index.clone(),
                },
            };
            let mut out = match args.split_every {
                Some(n) => EngineWriter::split(engine, n, &args.output)?,
                None => EngineWriter::new(engine, super::stdout()),
            };
            each(&mut |d| out.write(&EngineDoc::from(d)))?;
            (out.written as u64, out.finish()?)
        }
        None => {
            let format = match args.format {
                ExportFormatArg::Jsonl => Format::Jsonl,
                ExportFormatArg::Csv => Format::Csv,
                ExportFormatArg::Json => Format::Json,
            };
            let mut out = ExportWriter::new(super::stdout(), format, fields)?;
            each(&mut |d| out.write(d))?;
            (out.finish()?, Vec::new())
        }
    };
    if !ctx.quiet && !files.is_empty() {
        eprintln!(
            "newsidx: exported {n} articles into {} files: {} … {}",
            files.len(),
            files[0].display(),
            files[files.len() - 1].display()
        );
    } else if ctx.verbose {
        eprintln!("newsidx: exported {n} articles");
    }
    Ok(Exit::Success)
}

//! `newsidx export`: every matching article, streamed — as JSON lines, CSV
//! or JSON, or for a distributed engine (`--to quickwit|elasticsearch`),
//! written or pushed to a running node (`--url`).

use super::Context;
use crate::Result;
use crate::cli::{EngineArg, ExportArgs, ExportFormatArg, ExportSortArg};
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::output::Format;
use crate::output::engines::{self, Engine, EngineDoc, EngineWriter, QuotationDoc};
use crate::output::push::{Pusher, Target};
use crate::output::research::ExportWriter;
use crate::search::export::{Document, export_fields};
use crate::search::identity::IdentityTable;
use crate::search::{query, scan};
use std::io::Write;
use std::ops::ControlFlow;
use std::time::Duration;

/// Runs `newsidx export`.
///
/// # Errors
/// No index, bad dates, unknown `--fields`, `--split-every 0`, an
/// `--output` prefix inside the index directory, I/O errors
/// writing the output (a closed pipe ends the export quietly); with
/// `--url`: the engine unreachable, refusing the index or rejecting a
/// document ([`crate::Error::Engine`]).
pub fn run(ctx: &Context, args: ExportArgs) -> Result<Exit> {
    if args.split_every.is_some() {
        let mut first = args.output.clone().into_os_string();
        first.push("-00001.ndjson");
        super::refuse_inside_index(&ctx.index, "--output", &args.output, first.as_ref())?;
    }
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
    let Some(engine) = args.to else {
        let format = match args.format {
            ExportFormatArg::Jsonl => Format::Jsonl,
            ExportFormatArg::Csv => Format::Csv,
            ExportFormatArg::Json => Format::Json,
        };
        let mut out = ExportWriter::new(super::stdout(), format, fields)?;
        each(&mut |d| out.write(d))?;
        let n = out.finish()?;
        if ctx.verbose {
            eprintln!("newsidx: exported {n} articles");
        }
        return Ok(Exit::Success);
    };
    let table = IdentityTable::build(&searcher)?;
    let default_index = if args.quotations {
        engines::QUICKWIT_QUOTATIONS_INDEX
    } else {
        engines::QUICKWIT_ARTICLES_INDEX
    };
    let engine = match engine {
        EngineArg::Quickwit => Engine::Quickwit,
        EngineArg::Elasticsearch => Engine::Elasticsearch {
            index: args
                .es_index
                .clone()
                .unwrap_or_else(|| default_index.to_string()),
        },
    };
    let what = if args.quotations {
        "quotations"
    } else {
        "articles"
    };
    // Every engine document of the export, with its `_id`.
    let documents = |sink: &mut dyn FnMut(&[u8]) -> Result<()>| {
        let mut n = 0u64;
        each(&mut |d| {
            if args.quotations {
                for (i, qt) in d.quotations(&table).iter().enumerate() {
                    let id = format!("{}-{}", d.key, i + 1);
                    sink(&engines::ndjson(&engine, &id, &QuotationDoc::from(qt))?)?;
                    n += 1;
                }
            } else {
                sink(&engines::ndjson(
                    &engine,
                    &d.key,
                    &EngineDoc::new(d, &table),
                )?)?;
                n += 1;
            }
            Ok(())
        })?;
        Ok::<u64, crate::Error>(n)
    };
    if let Some(url) = &args.url {
        let url = url.trim_end_matches('/');
        let (name, config) = match (&engine, args.quotations) {
            (Engine::Quickwit, false) => {
                (default_index.to_string(), engines::QUICKWIT_ARTICLES_CONFIG)
            }
            (Engine::Quickwit, true) => (
                default_index.to_string(),
                engines::QUICKWIT_QUOTATIONS_CONFIG,
            ),
            (Engine::Elasticsearch { index }, false) => {
                (index.clone(), engines::ES_ARTICLES_MAPPING)
            }
            (Engine::Elasticsearch { index }, true) => {
                (index.clone(), engines::ES_QUOTATIONS_MAPPING)
            }
        };
        let target = Target {
            engine: engine.clone(),
            url: url.to_string(),
            index: name.clone(),
        };
        let mut pusher = Pusher::new(target, Duration::from_millis(500))?;
        if args.create_index {
            pusher.create_index(config)?;
        }
        let sent = documents(&mut |lines| pusher.add(lines))?;
        let summary = pusher.finish()?;
        let engine_name = match engine {
            Engine::Quickwit => "Quickwit",
            Engine::Elasticsearch { .. } => "Elasticsearch",
        };
        let mut out = super::stdout();
        writeln!(
            out,
            "pushed {sent} {what} to {engine_name} index {name} at {url}: {} ingested, 0 rejected, {} batches ({} bytes), {} retries",
            summary.ingested, summary.batches, summary.bytes, summary.retries
        )?;
        out.flush()?;
        return Ok(Exit::Success);
    }
    let mut out = match args.split_every {
        Some(n) => EngineWriter::split(engine.clone(), n, &args.output)?,
        None => EngineWriter::new(engine.clone(), super::stdout()),
    };
    let n = documents(&mut |lines| out.write_lines(lines))?;
    let files = out.finish()?;
    if !ctx.quiet && !files.is_empty() {
        eprintln!(
            "newsidx: exported {n} {what} into {} files: {} … {}",
            files.len(),
            crate::output::one_line(&files[0]),
            crate::output::one_line(&files[files.len() - 1])
        );
    } else if ctx.verbose {
        eprintln!("newsidx: exported {n} {what}");
    }
    Ok(Exit::Success)
}

//! `newsidx parse`: what ingest would extract, without an index.

use super::Context;
use crate::Result;
use crate::cli::ParseArgs;
use crate::error::Exit;
use crate::output::{self, ParsedArticle};
use crate::source::{RecordDate, formats, walk};
use std::io::Write;

/// Runs `newsidx parse`.
///
/// # Errors
/// A missing input path; I/O errors writing stdout. Unreadable files,
/// skipped records and dates not understood are reported on stderr (the
/// same lines as `ingest`; none with `--quiet`).
pub fn run(ctx: &Context, args: ParseArgs) -> Result<Exit> {
    let list = walk::expand(&args.paths, formats::is_article_file)?;
    let note = |line: &str| {
        if !ctx.quiet {
            eprintln!("newsidx: {line}");
        }
    };
    for dir in &list.empty_dirs {
        if !ctx.quiet {
            eprintln!("{}", super::no_files_note(dir));
        }
    }
    for s in &list.skipped {
        note(&s.to_string());
    }
    let opts = formats::ReadOptions::default();
    let mut rows = Vec::new();
    for path in &list.files {
        match formats::read_all(path, &opts) {
            Ok((records, skips)) => {
                for s in &skips {
                    note(&s.to_string());
                }
                for r in records {
                    if let Some(m) = &r.meta
                        && let RecordDate::Unparseable(raw) = &m.date
                    {
                        note(&super::bad_date_line(&r.path, r.record, raw));
                    }
                    let a = r.article();
                    rows.push(ParsedArticle {
                        path: output::display_path(&r.path.to_string_lossy()),
                        record: r.record,
                        date: a.date,
                        title: a.title,
                        handles: a.handles,
                        tweets: a.tweets,
                        quotes: a.quotes,
                        speakers: a.speakers,
                    });
                }
            }
            Err(skip) => note(&skip.to_string()),
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    output::parsed(&mut out, &rows, args.format.into())?;
    out.flush()?;
    Ok(Exit::Success)
}

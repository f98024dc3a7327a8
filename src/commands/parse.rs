//! `newsidx parse`: what ingest would extract, without an index.

use super::Context;
use crate::Result;
use crate::cli::ParseArgs;
use crate::error::Exit;
use crate::output::{self, ParsedArticle};
use crate::source::{formats, walk};
use std::io::Write;

/// Runs `newsidx parse`.
///
/// # Errors
/// A missing input path; I/O errors writing stdout. Unreadable files are
/// reported on stderr and skipped.
pub fn run(ctx: &Context, args: ParseArgs) -> Result<Exit> {
    let list = walk::expand(&args.paths, formats::is_article_file)?;
    let mut failed = list.skipped.len();
    for s in &list.skipped {
        eprintln!("newsidx: {s}");
    }
    let opts = formats::ReadOptions::default();
    let mut rows = Vec::new();
    for path in &list.files {
        match formats::read_all(path, &opts) {
            Ok((records, skips)) => {
                failed += skips.len();
                for s in &skips {
                    eprintln!("newsidx: {s}");
                }
                for r in records {
                    let a = r.article();
                    rows.push(ParsedArticle {
                        path: output::display_path(&r.path.to_string_lossy()),
                        date: a.date,
                        title: a.title,
                        handles: a.handles,
                        tweets: a.tweets,
                        quotes: a.quotes,
                        speakers: a.speakers,
                    });
                }
            }
            Err(skip) => {
                failed += 1;
                if !ctx.quiet {
                    eprintln!("newsidx: {skip}");
                }
            }
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    output::parsed(&mut out, &rows, args.format.into())?;
    out.flush()?;
    let _ = failed;
    Ok(Exit::Success)
}

//! `newsidx parse`: what ingest would extract, without an index.

use super::Context;
use super::ingest::{self, LineCap, LineKind};
use crate::Result;
use crate::cli::ParseArgs;
use crate::error::Exit;
use crate::output::{self, ParsedArticle};
use crate::source::{formats, walk};
use std::io::Write;
use std::path::Path;

/// Runs `newsidx parse`.
///
/// # Errors
/// A bad `--max-file-size` or `--field`; a missing input path; I/O errors
/// writing stdout. Unreadable files, skipped records and dates not
/// understood are reported on stderr (the same lines as `ingest`, capped
/// per file the same way; none with `--quiet`).
pub fn run(ctx: &Context, args: ParseArgs) -> Result<Exit> {
    let opts = ingest::read_options(&args.read)?;
    let sep = if args.null { b'\0' } else { b'\n' };
    let list = walk::expand_list(&args.paths, formats::is_article_file, Some(&ctx.index), sep)?;
    let cap = LineCap::new(ctx.verbose);
    let note = |path: &Path, kind: LineKind, line: &str| {
        if !ctx.quiet && cap.show(path, kind) {
            eprintln!("newsidx: {line}");
        }
    };
    for dir in &list.empty_dirs {
        if !ctx.quiet {
            eprintln!("{}", super::no_files_note(dir));
        }
    }
    for s in &list.skipped {
        note(&s.path, LineKind::Skip, &s.to_string());
    }
    let mut rows = Vec::new();
    for path in &list.files {
        match formats::read_all(path, &opts) {
            Ok((records, skips)) => {
                for s in &skips {
                    note(&s.path, LineKind::Skip, &s.to_string());
                }
                for r in records {
                    if let Some(raw) = r.bad_date() {
                        note(
                            &r.path,
                            LineKind::BadDate,
                            &super::bad_date_line(&r.path, r.record, &raw),
                        );
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
            Err(skip) => note(&skip.path, LineKind::Skip, &skip.to_string()),
        }
    }
    if !ctx.quiet {
        for line in cap.hidden_lines("newsidx ingest --report FILE lists all") {
            eprintln!("{line}");
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    output::parsed(&mut out, &rows, args.format.into())?;
    out.flush()?;
    Ok(Exit::Success)
}

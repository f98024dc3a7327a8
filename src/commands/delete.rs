//! `newsidx delete`: remove documents by key, by path or by query.

use super::Context;
use crate::cli::DeleteArgs;
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::search::select;
use crate::{Error, Result, output};
use std::io::Write;

/// Runs `newsidx delete`.
///
/// # Errors
/// No index; a key or path that matches no document (nothing is deleted
/// then); a bad query or date; a locked or read-only index; I/O errors.
pub fn run(ctx: &Context, args: DeleteArgs) -> Result<Exit> {
    if let Some(q) = &args.query
        && q.trim().is_empty()
    {
        // Research commands read a blank query as "every article": here
        // that must be asked for in so many words.
        return Err(Error::Usage(format!(
            "delete --query {q:?}: the query is blank; nothing deleted: to delete every document, pass --query '*'"
        )));
    }
    let filters = super::filters(&args.filters)?;
    let index = NewsIndex::open(&ctx.index)?;
    let sel = match &args.query {
        Some(q) => {
            let (sel, warnings) =
                select::by_query(&index, &super::research_query(Some(q.clone())), &filters)?;
            if crate::search::query::has_no_word(&warnings) {
                // `--query '- -'`: refused, never read as "every document".
                return Err(Error::Usage(format!(
                    "delete --query {q:?}: the query {} (only operators, excluded words or punctuation); nothing deleted",
                    crate::search::query::NO_WORD
                )));
            }
            super::warn(ctx, &warnings);
            sel
        }
        None => {
            let f = &args.filters;
            if f.since.is_some()
                || f.until.is_some()
                || !f.handle.is_empty()
                || !f.speaker.is_empty()
                || !f.source.is_empty()
            {
                return Err(Error::Usage(
                    "delete: --since, --until, --handle, --speaker and --source select with --query only".into(),
                ));
            }
            let sel = select::by_names(&index, &args.ids)?;
            if !sel.unmatched.is_empty() {
                return Err(Error::NotFound(format!(
                    "no document with key or path {} in {}; nothing deleted",
                    sel.unmatched
                        .iter()
                        .map(|n| format!("{n:?}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    index.path.display()
                )));
            }
            sel
        }
    };
    let total = if args.dry_run || sel.delete.is_empty() {
        None
    } else {
        let keys: Vec<String> = sel
            .delete
            .iter()
            .filter_map(|s| s.keys.first().cloned())
            .collect();
        Some(crate::index::delete::delete(&index, &keys)?)
    };
    let mut out = super::stdout();
    output::deleted::deleted(&mut out, &sel, args.dry_run, args.format.into())?;
    out.flush()?;
    if !ctx.quiet {
        for s in &sel.kept {
            let paths: Vec<String> = s
                .paths
                .iter()
                .map(|p| output::escape_controls(&output::display_path(p)))
                .collect();
            eprintln!(
                "newsidx: kept {}: one article for {} identical copies, not all named ({}); name every copy to delete it",
                s.keys.first().map_or("", String::as_str),
                s.paths.len(),
                paths.join(", ")
            );
        }
        let n = sel.delete.len();
        let docs = if n == 1 { "document" } else { "documents" };
        match total {
            None if args.dry_run => {
                eprintln!("newsidx: --dry-run: would delete {n} {docs}; nothing deleted")
            }
            None => eprintln!("newsidx: nothing to delete"),
            Some(t) => eprintln!("newsidx: deleted {n} {docs}; documents in index {t}"),
        }
    }
    Ok(Exit::Success)
}

//! `newsidx show`: one stored article in full.

use super::Context;
use crate::cli::ShowArgs;
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::search::{export, scan};
use crate::{Error, Result, output};
use std::io::Write;

/// Runs `newsidx show`.
///
/// # Errors
/// No index; no document with that key or path, or a path holding several
/// documents (the error lists their keys); I/O errors writing stdout.
pub fn run(ctx: &Context, args: ShowArgs) -> Result<Exit> {
    let index = NewsIndex::open(&ctx.index)?;
    let searcher = scan::searcher(&index)?;
    let docs = export::lookup(&index, &searcher, &args.id)?;
    if docs.len() > 1 {
        let keys: Vec<&str> = docs.iter().map(|d| d.key.as_str()).collect();
        return Err(Error::Usage(format!(
            "{} holds {} articles; show one by key ({}) or as {}:RECORD",
            args.id,
            docs.len(),
            keys.join(", "),
            args.id
        )));
    }
    let mut out = super::stdout();
    output::research::document(&mut out, &docs[0], args.format.into())?;
    out.flush()?;
    Ok(Exit::Success)
}

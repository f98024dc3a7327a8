//! The list of `newsidx delete`.

use super::{Format, display_path, join, structured};
use crate::search::select::{Selected, Selection};
use std::io::Write;

/// The JSON document of `newsidx delete`.
#[derive(serde::Serialize)]
struct Whole<'a> {
    dry_run: bool,
    deleted: &'a [Selected],
    kept: &'a [Selected],
}

/// Writes the documents of `sel.delete` (deleted, or that would be with
/// `dry_run`).
///
/// Text: `KEY  DATE  PATH` per document (`----------` for no date; `(+N
/// copies)` after the path of a shared one). JSON: `{"dry_run", "deleted":
/// [{"keys", "paths", "date", "title"}], "kept": [...]}`; JSON lines: one
/// deleted document per line; CSV: `key,date,paths,title`.
///
/// # Errors
/// I/O errors of `w`.
pub fn deleted(
    w: &mut impl Write,
    sel: &Selection,
    dry_run: bool,
    format: Format,
) -> crate::Result<()> {
    let whole = Whole {
        dry_run,
        deleted: &sel.delete,
        kept: &sel.kept,
    };
    let date = |s: &Selected| s.date.map(|d| d.to_string());
    match format {
        Format::Text => {
            for s in &sel.delete {
                let copies = match s.paths.len() {
                    0 | 1 => String::new(),
                    2 => " (+1 copy)".to_string(),
                    n => format!(" (+{} copies)", n - 1),
                };
                writeln!(
                    w,
                    "{}  {}  {}{copies}",
                    s.keys.first().map_or("", String::as_str),
                    date(s).unwrap_or_else(|| "-".repeat(10)),
                    super::escape_controls(&display_path(
                        s.paths.first().map_or("", String::as_str)
                    )),
                )?;
            }
        }
        _ => structured(
            w,
            format,
            &whole,
            &sel.delete,
            &["key", "date", "paths", "title"],
            |s| {
                vec![
                    s.keys.first().cloned().unwrap_or_default(),
                    date(s).unwrap_or_default(),
                    join(&s.paths),
                    s.title.clone().unwrap_or_default(),
                ]
            },
        )?,
    }
    Ok(())
}

//! Removing documents from the index (`newsidx delete`).

use super::NewsIndex;
use crate::Result;
use tantivy::{IndexWriter, Term};

/// Writer memory for a deletion, in bytes (tantivy's minimum is 15 MB).
const DELETE_BUDGET: usize = 20_000_000;

/// Deletes the documents holding each of `keys` (a document's first key
/// names it) and commits. Returns the number of documents in the index
/// afterwards.
///
/// # Errors
/// [`crate::Error::Locked`] while an ingest runs, [`crate::Error::ReadOnly`]
/// for a directory that cannot be written, [`crate::Error::IndexWrite`]
/// for other write failures (the last commit is then intact).
pub fn delete(index: &NewsIndex, keys: &[String]) -> Result<u64> {
    let err = |e| super::write_error(&index.path, e);
    let mut writer: IndexWriter = index
        .index
        .writer_with_num_threads(1, DELETE_BUDGET)
        .map_err(err)?;
    for k in keys {
        writer.delete_term(Term::from_field_text(index.fields.key, k));
    }
    writer.commit().map_err(err)?;
    writer.wait_merging_threads().map_err(err)?;
    Ok(index.reader()?.searcher().num_docs())
}

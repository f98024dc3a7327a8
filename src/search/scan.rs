//! Visiting every document that matches a query, segment by segment, in
//! constant memory: the basis of `export`, `kwic`, `count --quotes` and
//! `top terms`.

use crate::Result;
use crate::index::NewsIndex;
use std::ops::ControlFlow;
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocSet, Searcher, TERMINATED, TantivyDocument};

/// Calls `visit` with the stored document of every live document matching
/// `query`, in index order (segment by segment, then by document id).
/// `visit` returns [`ControlFlow::Break`] to stop early (e.g. a closed pipe
/// or a reached limit).
///
/// Memory is constant: one document at a time, plus the stores' block cache.
///
/// # Errors
/// tantivy errors building the query's weight or reading a stored
/// document; the first error returned by `visit`.
pub fn for_each_doc(
    searcher: &Searcher,
    query: &dyn Query,
    mut visit: impl FnMut(TantivyDocument) -> Result<ControlFlow<()>>,
) -> Result<()> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    for segment in searcher.segment_readers() {
        let store = segment.get_store_reader(16)?;
        let alive = segment.alive_bitset();
        let mut scorer = weight.scorer(segment, 1.0)?;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                let stored: TantivyDocument = store.get(doc)?;
                if visit(stored)?.is_break() {
                    return Ok(());
                }
            }
            doc = scorer.advance();
        }
    }
    Ok(())
}

/// The number of live documents matching `query` (tantivy's `Count`).
///
/// # Errors
/// tantivy errors.
pub fn count(searcher: &Searcher, query: &dyn Query) -> Result<u64> {
    Ok(searcher.search(query, &tantivy::collector::Count)? as u64)
}

/// A reader's searcher on the last commit of `index`.
///
/// # Errors
/// tantivy errors opening the segments.
pub fn searcher(index: &NewsIndex) -> Result<Searcher> {
    Ok(index.reader()?.searcher())
}

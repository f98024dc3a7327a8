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

/// Like [`for_each_doc`], but oldest first (undated documents last; equal
/// dates by document key), so that the output does not depend on how the
/// index is segmented.
///
/// Memory: 24 bytes per matching document (date, key, address) are held
/// to sort them; the documents themselves are still read one at a time.
///
/// # Errors
/// As [`for_each_doc`].
pub fn for_each_doc_by_date(
    searcher: &Searcher,
    query: &dyn Query,
    mut visit: impl FnMut(TantivyDocument) -> Result<ControlFlow<()>>,
) -> Result<()> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut order: Vec<(i64, u64, u32, u32)> = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let dates = segment.fast_fields().date("date")?;
        let keys = segment.fast_fields().str("key")?;
        let alive = segment.alive_bitset();
        let mut scorer = weight.scorer(segment, 1.0)?;
        let mut doc = scorer.doc();
        let mut buf = String::new();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                let date = dates
                    .first(doc)
                    .map_or(i64::MAX, |d| d.into_timestamp_secs());
                buf.clear();
                if let Some(k) = &keys
                    && let Some(o) = k.term_ords(doc).next()
                {
                    k.ord_to_str(o, &mut buf)?;
                }
                let key = u64::from_str_radix(&buf, 16).unwrap_or(u64::MAX);
                order.push((date, key, ord as u32, doc));
            }
            doc = scorer.advance();
        }
    }
    order.sort_unstable();
    let stores = searcher
        .segment_readers()
        .iter()
        .map(|s| s.get_store_reader(16))
        .collect::<std::io::Result<Vec<_>>>()?;
    for (_, _, seg, doc) in order {
        let stored: TantivyDocument = stores[seg as usize].get(doc)?;
        if visit(stored)?.is_break() {
            break;
        }
    }
    Ok(())
}

//! Choosing documents to delete: by key, by path (a file or everything
//! under a directory) or by query. Selects only; the deletion itself is
//! [`crate::index::delete`].

use super::query::{self, Filters};
use super::scan;
use crate::Result;
use crate::index::NewsIndex;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, TantivyDocument, Term};

/// A document chosen for deletion, as listed by `newsidx delete`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Selected {
    /// Its keys, one per copy (the first is the document's key).
    pub keys: Vec<String>,
    /// Its source paths, the n-th for the n-th key.
    pub paths: Vec<String>,
    /// Its date.
    pub date: Option<NaiveDate>,
    /// Its title.
    pub title: Option<String>,
}

/// What a selection found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Selection {
    /// Documents every copy of which was named: to delete. In key order.
    pub delete: Vec<Selected>,
    /// Documents with some copies named and others not (identical
    /// articles under other paths): kept, since their other copies
    /// remain.
    pub kept: Vec<Selected>,
    /// Names (keys or paths) that matched no document.
    pub unmatched: Vec<String>,
}

impl Selected {
    fn from_doc(index: &NewsIndex, doc: &TantivyDocument) -> Selected {
        let f = &index.fields;
        let all = |field| {
            doc.get_all(field)
                .filter_map(|v| tantivy::schema::Value::as_str(&v).map(str::to_string))
                .collect::<Vec<_>>()
        };
        let first = |field| {
            doc.get_first(field)
                .and_then(|v| tantivy::schema::Value::as_str(&v).map(str::to_string))
        };
        Selected {
            keys: all(f.key),
            paths: all(f.path),
            date: doc
                .get_first(f.date)
                .and_then(|v| tantivy::schema::Value::as_datetime(&v))
                .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
                .map(|d| d.date_naive()),
            title: first(f.title),
        }
    }
}

/// The stored paths at or under `root` (compared component by component,
/// so `a/b` does not take `a/bc`), from the path terms of every segment.
fn paths_under(index: &NewsIndex, searcher: &Searcher, root: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(index.fields.path)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            if let Ok(p) = std::str::from_utf8(stream.key())
                && Path::new(p).starts_with(root)
            {
                out.push(p.to_string());
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Where a path named on the command line is stored: canonical when it
/// still exists, else made absolute (a deleted file or directory).
fn stored_form(name: &str) -> PathBuf {
    Path::new(name)
        .canonicalize()
        .or_else(|_| std::path::absolute(name))
        .unwrap_or_else(|_| PathBuf::from(name))
}

/// Selects the documents named by `names`: each a document key, or a path
/// (a file: its documents; a directory: every document under it). A
/// document is deleted when each of its copies is named (by key, or by a
/// path at or under a named one); otherwise it is kept and listed.
///
/// # Errors
/// tantivy errors.
pub fn by_names(index: &NewsIndex, names: &[String]) -> Result<Selection> {
    let searcher = scan::searcher(index)?;
    let f = &index.fields;
    let mut terms: Vec<Term> = Vec::new();
    let mut keys = std::collections::HashSet::new();
    let mut roots = Vec::new();
    let mut unmatched = Vec::new();
    for name in names {
        let key = Term::from_field_text(f.key, name.trim());
        // A live document (doc_freq also counts deleted ones until a
        // merge: a key deleted a moment ago is not found again).
        let live =
            tantivy::query::TermQuery::new(key.clone(), tantivy::schema::IndexRecordOption::Basic);
        if searcher.search(&live, &tantivy::collector::Count)? > 0 {
            keys.insert(name.trim().to_string());
            terms.push(key);
            continue;
        }
        let root = stored_form(name);
        let paths = paths_under(index, &searcher, &root)?;
        if paths.is_empty() {
            unmatched.push(name.clone());
        }
        terms.extend(paths.iter().map(|p| Term::from_field_text(f.path, p)));
        roots.push(root);
    }
    let named =
        |k: &str, p: &str| keys.contains(k) || roots.iter().any(|r| Path::new(p).starts_with(r));
    let mut sel = collect(index, &searcher, &terms_query(terms), |s| {
        s.keys.iter().zip(&s.paths).all(|(k, p)| named(k, p))
    })?;
    sel.unmatched = unmatched;
    Ok(sel)
}

/// Selects every document matching `query` and `filters` (search syntax;
/// all its copies).
///
/// # Errors
/// [`crate::Error::Usage`] for a bad query or date; tantivy errors.
pub fn by_query(
    index: &NewsIndex,
    query_text: &str,
    filters: &Filters,
) -> Result<(Selection, Vec<String>)> {
    let searcher = scan::searcher(index)?;
    let (q, warnings) = query::build(index, query_text, filters)?;
    Ok((collect(index, &searcher, q.as_ref(), |_| true)?, warnings))
}

fn terms_query(terms: Vec<Term>) -> BooleanQuery {
    BooleanQuery::new(
        terms
            .into_iter()
            .map(|t| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(t, IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect(),
    )
}

fn collect(
    index: &NewsIndex,
    searcher: &Searcher,
    q: &dyn Query,
    whole: impl Fn(&Selected) -> bool,
) -> Result<Selection> {
    let mut found = BTreeMap::new();
    scan::for_each_doc(searcher, q, |doc| {
        let s = Selected::from_doc(index, &doc);
        found.insert(s.keys.first().cloned().unwrap_or_default(), s);
        Ok(ControlFlow::Continue(()))
    })?;
    let mut sel = Selection::default();
    for (_, s) in found {
        if whole(&s) {
            sel.delete.push(s);
        } else {
            sel.kept.push(s);
        }
    }
    Ok(sel)
}

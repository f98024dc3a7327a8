//! Whole stored documents: [`Document`] (every field of one article), the
//! export field list, looking a document up by key or path, and the
//! quotations of a document as `newsidx quotes` lists them ([`Quotation`]).

use super::identity::IdentityTable;
use crate::article::{Quote, Tweet};
use crate::index::NewsIndex;
use crate::{Error, Result};
use chrono::NaiveDate;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

/// Every stored field of one article.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Stable document key (16 hex digits).
    pub key: String,
    /// Source path(s), absolute; several when syndicated copies were merged.
    pub paths: Vec<String>,
    /// The record number in its file of each path's copy (the n-th for the
    /// n-th path): the line of a JSON lines/CSV record, the element of a
    /// JSON array; `None` for a one-article file.
    pub records: Vec<Option<u64>>,
    /// Article date; `None` when the article has none.
    pub date: Option<NaiveDate>,
    /// Headline, when the input had one.
    pub title: Option<String>,
    /// The article text.
    pub body: String,
    /// `@handles`, first-seen case.
    pub handles: Vec<String>,
    /// Quoted speakers and tweet authors.
    pub speakers: Vec<String>,
    /// Quotations with speaker and byte offsets into `body`.
    pub quotes: Vec<Quote>,
    /// Embedded tweets.
    pub tweets: Vec<Tweet>,
    /// The article's URL (JSON/CSV inputs).
    pub url: Option<String>,
    /// Outlet or publisher (JSON/CSV inputs).
    pub source: Option<String>,
}

/// The fields `export --fields` accepts, in output order.
pub const EXPORT_FIELDS: &[&str] = &[
    "key", "date", "path", "record", "title", "source", "url", "handles", "speakers", "quotes",
    "tweets", "body",
];

/// Checks a `--fields` list against [`EXPORT_FIELDS`]; an empty list means
/// all fields. The result keeps the user's order, each field once.
///
/// # Errors
/// [`Error::Usage`] naming the unknown field and the valid ones.
pub fn export_fields(wanted: &[String]) -> Result<Vec<&'static str>> {
    if wanted.is_empty() {
        return Ok(EXPORT_FIELDS.to_vec());
    }
    let mut out: Vec<&'static str> = Vec::new();
    for w in wanted {
        let w = w.trim();
        let f = EXPORT_FIELDS
            .iter()
            .find(|f| f.eq_ignore_ascii_case(w))
            .ok_or_else(|| {
                Error::Usage(format!(
                    "unknown field {w:?} for --fields; valid: {}",
                    EXPORT_FIELDS.join(",")
                ))
            })?;
        if !out.contains(f) {
            out.push(f);
        }
    }
    Ok(out)
}

impl Document {
    /// Reads every stored field of `doc`. Malformed `quotes`/`tweets` JSON
    /// reads as empty lists.
    pub fn from_doc(index: &NewsIndex, doc: &TantivyDocument) -> Document {
        let f = &index.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let all = |field| {
            doc.get_all(field)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect::<Vec<_>>()
        };
        Document {
            key: text(f.key).unwrap_or_default(),
            paths: all(f.path),
            records: crate::index::document::members(f, doc)
                .into_iter()
                .map(|(_, _, r)| r)
                .collect(),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
                .map(|d| d.date_naive()),
            title: text(f.title),
            body: text(f.body).unwrap_or_default(),
            handles: all(f.handle),
            speakers: all(f.speaker),
            quotes: text(f.quotes)
                .and_then(|s| serde_json::from_str(&s).ok())
                .unwrap_or_default(),
            tweets: text(f.tweets)
                .and_then(|s| serde_json::from_str(&s).ok())
                .unwrap_or_default(),
            url: text(f.url),
            source: text(f.source),
        }
    }

    /// The first source path (empty when there is none).
    pub fn path(&self) -> &str {
        self.paths.first().map_or("", String::as_str)
    }

    /// The record number of the first path's copy (`None` for a
    /// one-article file).
    pub fn record(&self) -> Option<u64> {
        self.records.first().copied().flatten()
    }
}

/// The documents whose key is `id`, or whose path is `id` (as stored, or
/// `id` made absolute). A JSON-lines or CSV file holds several documents,
/// so a path may name several; they come in index order. `PATH:RECORD`
/// names the one document of record RECORD of that file.
///
/// # Errors
/// [`Error::NotFound`] when nothing matches; tantivy errors.
pub fn lookup(index: &NewsIndex, searcher: &Searcher, id: &str) -> Result<Vec<Document>> {
    let f = &index.fields;
    let mut candidates: Vec<Term> = vec![Term::from_field_text(f.key, id.trim())];
    candidates.push(Term::from_field_text(f.path, id));
    if let Ok(abs) = std::path::Path::new(id).canonicalize() {
        candidates.push(Term::from_field_text(f.path, &abs.to_string_lossy()));
    }
    for term in candidates {
        let q = TermQuery::new(term, IndexRecordOption::Basic);
        let top = searcher.search(&q, &TopDocs::with_limit(10_000).order_by_score())?;
        if !top.is_empty() {
            let mut addrs: Vec<_> = top.into_iter().map(|(_, a)| a).collect();
            addrs.sort();
            return addrs
                .into_iter()
                .map(|a| Ok(Document::from_doc(index, &searcher.doc(a)?)))
                .collect();
        }
    }
    // PATH:RECORD, as text output shows a record of a multi-record file.
    if let Some((path, n)) = id.rsplit_once(':')
        && let Ok(n) = n.parse::<u64>()
    {
        let mut paths = vec![path.to_string()];
        if let Ok(abs) = std::path::Path::new(path).canonicalize() {
            paths.push(abs.to_string_lossy().into_owned());
        }
        for p in paths {
            let q = TermQuery::new(Term::from_field_text(f.path, &p), IndexRecordOption::Basic);
            let top = searcher.search(&q, &TopDocs::with_limit(100_000).order_by_score())?;
            for (_, a) in top {
                let doc = searcher.doc(a)?;
                let member = crate::index::document::members(f, &doc)
                    .into_iter()
                    .any(|(_, mp, r)| mp == p && r == Some(n));
                if member {
                    return Ok(vec![Document::from_doc(index, &doc)]);
                }
            }
        }
        return Err(Error::NotFound(format!(
            "no record {n} of {path:?} in {} (a record is the line of a JSON lines or CSV record, or the element of a JSON array; see `record` in search output)",
            index.path.display()
        )));
    }
    Err(Error::NotFound(format!(
        "no document with key or path {id:?} in {}",
        index.path.display()
    )))
}

/// One attributed quotation or embedded tweet of an article, as
/// `newsidx quotes` lists it (the unit of `export --quotations`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quotation {
    /// The canonical name of the speaker's identity (see
    /// [`super::identity`]).
    pub speaker: String,
    /// `quote` (in quotation marks in the body) or `tweet` (embedded tweet).
    pub kind: &'static str,
    /// The quotation or tweet text.
    pub text: String,
    /// The article's date; `None` when it has none.
    pub date: Option<NaiveDate>,
    /// The article's document key.
    pub key: String,
    /// The article's first source path.
    pub path: String,
}

impl Document {
    /// The attributed quotations and tweets of this article, in body order
    /// (quotations, then tweets), speakers resolved by `table` exactly as
    /// `newsidx quotes` does.
    pub fn quotations(&self, table: &IdentityTable) -> Vec<Quotation> {
        super::quotes::attributed(&self.quotes, &self.tweets, &self.speakers)
            .into_iter()
            .map(|(speaker, kind, text)| Quotation {
                speaker: table.canonical(&speaker),
                kind,
                text,
                date: self.date,
                key: self.key.clone(),
                path: self.path().to_string(),
            })
            .collect()
    }

    /// The speaker identities of this article: each speaker's canonical
    /// name (see [`super::identity`]), each once, in first-seen order — the
    /// values `newsidx top speakers` counts.
    pub fn speaker_identities(&self, table: &IdentityTable) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in &self.speakers {
            let c = table.canonical(s);
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}

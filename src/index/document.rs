//! [`Article`] → tantivy document: the only bridge between the two.

use super::schema::Fields;
use crate::article::{Article, HeaderStatus};
use crate::source::{RecordMeta, SourceRecord};
use chrono::NaiveDate;
use tantivy::schema::Value;
use tantivy::{DateTime, TantivyDocument};

/// Extra metadata of a record, from structured inputs (JSON/CSV).
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// The article's URL.
    pub url: Option<String>,
    /// The outlet or publisher.
    pub source: Option<String>,
}

impl From<&RecordMeta> for Meta {
    fn from(m: &RecordMeta) -> Meta {
        Meta {
            url: m.url.clone(),
            source: m.source.clone(),
        }
    }
}

/// The tantivy document for `article`, read from `record` (one member: the
/// record's key and path).
///
/// The date becomes UTC midnight of the article's day; quotations and tweets
/// are stored as JSON arrays (`[{speaker, text, start, end}]`,
/// `[{author, handle, date, text}]`).
pub fn to_document(
    f: &Fields,
    record: &SourceRecord,
    article: &Article,
    meta: &Meta,
) -> TantivyDocument {
    let mut doc = base_document(f, &record.hash, article, meta);
    add_member(
        f,
        &mut doc,
        &record.key,
        &record.path.to_string_lossy(),
        record.record,
    );
    doc
}

/// The document of an article without its members (no `key`, no `path`):
/// identical copies of an article share it, and [`add_member`] adds the
/// key and path of each copy.
pub fn base_document(f: &Fields, hash: &str, article: &Article, meta: &Meta) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(f.hash, hash);
    if let Some(d) = article.date {
        let ts = d
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
            .and_utc()
            .timestamp();
        doc.add_date(f.date, DateTime::from_timestamp_secs(ts));
    }
    if let Some(t) = &article.title {
        doc.add_text(f.title, t);
        if let Some(fa) = f.title_apart
            && !article.body.contains(t.trim())
        {
            doc.add_text(fa, "1");
        }
    }
    doc.add_text(f.body, &article.body);
    for h in &article.handles {
        doc.add_text(f.handle, h);
    }
    for s in &article.speakers {
        doc.add_text(f.speaker, s);
    }
    // Quotation texts, and tweet texts (a tweet quotes its author).
    for q in &article.quotes {
        doc.add_text(f.quote, &q.text);
    }
    for t in &article.tweets {
        doc.add_text(f.quote, &t.text);
    }
    doc.add_text(
        f.quotes,
        serde_json::to_string(&article.quotes).expect("quotes serialise"),
    );
    doc.add_text(
        f.tweets,
        serde_json::to_string(&article.tweets).expect("tweets serialise"),
    );
    if let Some(u) = &meta.url {
        doc.add_text(f.url, u);
    }
    if let Some(s) = &meta.source {
        doc.add_text(f.source, s);
    }
    doc
}

/// Adds one copy (document key, source path and record number, `None`
/// for a one-article file) to a document. They are added together, so the
/// n-th stored `key` belongs to the n-th stored `path` and `record` (see
/// [`members`]); a one-article file stores record 0.
pub fn add_member(
    f: &Fields,
    doc: &mut TantivyDocument,
    key: &str,
    path: &str,
    record: Option<u64>,
) {
    doc.add_text(f.key, key);
    doc.add_text(f.path, path);
    if let Some(r) = f.record {
        doc.add_u64(r, record.unwrap_or(0));
    }
}

/// The (key, path, record) triples of a stored document, in stored order
/// (record `None` for a one-article file, and in an index made before
/// record numbers were stored).
pub fn members(f: &Fields, doc: &TantivyDocument) -> Vec<(String, String, Option<u64>)> {
    let keys = doc
        .get_all(f.key)
        .filter_map(|v| v.as_str().map(str::to_string));
    let paths = doc
        .get_all(f.path)
        .filter_map(|v| v.as_str().map(str::to_string));
    let mut records = f
        .record
        .map(|r| {
            doc.get_all(r)
                .filter_map(|v| v.as_u64())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter();
    keys.zip(paths)
        .map(|(k, p)| (k, p, records.next().filter(|&n| n > 0)))
        .collect()
}

/// The base document (see [`base_document`]) of a stored document, rebuilt
/// from its stored date, title, body, URL and source: extraction runs again
/// on the stored body, which gives the same handles, quotes and speakers as
/// when it was first indexed.
pub fn rebuild_base(f: &Fields, doc: &TantivyDocument) -> TantivyDocument {
    let text = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let date: Option<NaiveDate> = doc
        .get_first(f.date)
        .and_then(|v| v.as_datetime())
        .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
        .map(|d| d.date_naive());
    let status = if date.is_some() {
        HeaderStatus::Ok
    } else {
        HeaderStatus::Missing
    };
    let article = Article::from_parts(
        date,
        status,
        text(f.title),
        text(f.body).unwrap_or_default(),
    );
    let meta = Meta {
        url: text(f.url),
        source: text(f.source),
    };
    base_document(f, &text(f.hash).unwrap_or_default(), &article, &meta)
}

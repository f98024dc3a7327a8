//! [`Article`] → tantivy document: the only bridge between the two.

use super::schema::Fields;
use crate::article::Article;
use crate::source::SourceRecord;
use tantivy::{DateTime, TantivyDocument};

/// Extra metadata of a record, from structured inputs (JSON/CSV).
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// The article's URL.
    pub url: Option<String>,
    /// The outlet or publisher.
    pub source: Option<String>,
}

/// The tantivy document for `article`, read from `record`.
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
    let mut doc = TantivyDocument::new();
    doc.add_text(f.key, &record.key);
    doc.add_text(f.path, record.path.to_string_lossy());
    doc.add_text(f.hash, &record.hash);
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

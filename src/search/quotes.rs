//! Quotations as results: `newsidx quotes`.
//!
//! Articles are first matched in the index (the query on the `quote`
//! field, plus filters); their stored quotations and embedded tweets (a
//! tweet is a quotation of its author) are then ranked one by one with BM25
//! in a small in-memory index that has the same schema and analyzers, so
//! quotation ranking and highlighting behave exactly like article search.

use super::hits::{hit_from_doc, page};
use super::identity::IdentityTable;
use super::query::{self, Filters, Sort};
use crate::Result;
use crate::article::{Quote, Tweet, names};
use crate::index::NewsIndex;
use chrono::NaiveDate;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;
use tantivy::{IndexWriter, TantivyDocument};

/// Articles considered per quotation search (the best-scoring ones).
pub const MAX_CANDIDATE_ARTICLES: usize = 50_000;

/// A quotations search.
#[derive(Debug, Clone)]
pub struct QuotesRequest {
    /// Words to find inside quotations (query syntax as `search`); empty for all.
    pub query: String,
    /// Article filters; `speakers` also applies to each quotation's speaker.
    pub filters: Filters,
    /// Quotations to return (≥ 1).
    pub limit: usize,
    /// Quotations to skip.
    pub offset: usize,
    /// Relevance or date order.
    pub sort: Sort,
}

/// One matching quotation.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteHit {
    /// 1-based rank (offset included).
    pub rank: usize,
    /// BM25 score of the quotation text (0 when sorted by date).
    pub score: f32,
    /// Who said it: the canonical name of the speaker's identity (see
    /// [`super::identity`]).
    pub speaker: String,
    /// `quote` (in quotation marks in the body) or `tweet` (an embedded tweet).
    pub kind: &'static str,
    /// The quotation text, with the matched words in `highlights`.
    pub text: String,
    /// Matched words as `[start, end)` byte offsets into `text`.
    pub highlights: Vec<[usize; 2]>,
    /// Date of the article.
    pub date: Option<NaiveDate>,
    /// Source path of the article.
    pub path: String,
    /// Record number of the article in that file (`None`: a one-article file).
    pub record: Option<u64>,
    /// Document key of the article.
    pub key: String,
}

/// The result of a quotations search.
#[derive(Debug, Clone, Serialize)]
pub struct QuotesResult {
    /// Matching quotations among the candidate articles.
    pub total: usize,
    /// The requested page.
    pub quotes: Vec<QuoteHit>,
    /// Query warnings (lenient parsing).
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// Every attributed quotation and tweet of an article, with the speaker
/// written as in the article's merged speaker list.
pub fn attributed(
    quotes: &[Quote],
    tweets: &[Tweet],
    speakers: &[String],
) -> Vec<(String, &'static str, String)> {
    let canonical = |name: &str| {
        speakers
            .iter()
            .find(|s| names::same_person(s, name))
            .cloned()
            .unwrap_or_else(|| name.to_string())
    };
    let mut out: Vec<(String, &'static str, String)> = quotes
        .iter()
        .filter_map(|q| {
            q.speaker
                .as_deref()
                .map(|s| (canonical(s), "quote", q.text.clone()))
        })
        .collect();
    out.extend(
        tweets
            .iter()
            .map(|t| (canonical(&t.author), "tweet", t.text.clone())),
    );
    out
}

/// Runs a quotations search on the last commit of `index`.
///
/// # Errors
/// [`crate::Error::Usage`] for a bad `date:` in the query; tantivy errors.
pub fn search_quotes(index: &NewsIndex, req: &QuotesRequest) -> Result<QuotesResult> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let (query, mut warnings) =
        query::build_for(index, &req.query, &req.filters, &[index.fields.quote])?;
    let table = IdentityTable::build(&searcher)?;
    let candidates = searcher.search(
        &*query,
        &TopDocs::with_limit(MAX_CANDIDATE_ARTICLES).order_by_score(),
    )?;

    // One document per quotation in a RAM index with the same schema.
    let ram = NewsIndex::in_ram();
    let f = &ram.fields;
    let mut writer: IndexWriter = ram.index.writer_with_num_threads(1, 20_000_000)?;
    for (_, addr) in &candidates {
        let doc: TantivyDocument = searcher.doc(*addr)?;
        let article = hit_from_doc(index, &doc, 0.0);
        let quotes: Vec<Quote> = stored_json(&doc, index.fields.quotes);
        let tweets: Vec<Tweet> = stored_json(&doc, index.fields.tweets);
        for (speaker, kind, text) in attributed(&quotes, &tweets, &article.speakers) {
            let speaker = table.canonical(&speaker);
            let mut q = TantivyDocument::new();
            crate::index::document::add_member(
                f,
                &mut q,
                &article.key,
                &article.path,
                article.record,
            );
            q.add_text(f.hash, kind);
            if let Some(d) = article.date {
                q.add_date(f.date, query::midnight(d));
            }
            q.add_text(f.body, &text);
            q.add_text(f.quote, &text);
            q.add_text(f.speaker, &speaker);
            writer.add_document(q)?;
        }
    }
    writer.commit()?;
    let ram_reader = ram.reader()?;
    let ram_searcher = ram_reader.searcher();
    // Quotations carry their identity's canonical name: a full name typed
    // as one of its variants ("Martin T. Sosnoff" for "Martin Sosnoff")
    // is looked for under that name. A one-word filter keeps matching every
    // speaker with that word ("Lawson").
    let ram_filters = Filters {
        handles: Vec::new(),
        speakers: req
            .filters
            .speakers
            .iter()
            .map(|s| {
                if s.trim().contains(' ') {
                    table.canonical(s)
                } else {
                    s.clone()
                }
            })
            .collect(),
        ..req.filters.clone()
    };
    let (ram_query, _) = query::build_for(&ram, &req.query, &ram_filters, &[ram.fields.quote])?;
    let (top, total) = page(&ram_searcher, &*ram_query, req.sort, req.limit, req.offset)?;
    let mut snippets = SnippetGenerator::create(&ram_searcher, &*ram_query, f.quote)?;
    let mut quotes = Vec::with_capacity(top.len());
    for (i, (score, addr)) in top.into_iter().enumerate() {
        let doc: TantivyDocument = ram_searcher.doc(addr)?;
        let hit = hit_from_doc(&ram, &doc, score);
        let text = doc
            .get_first(f.body)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let kind = match doc.get_first(f.hash).and_then(|v| v.as_str()) {
            Some("tweet") => "tweet",
            _ => "quote",
        };
        quotes.push(QuoteHit {
            rank: req.offset + i + 1,
            score,
            speaker: hit.speakers.first().cloned().unwrap_or_default(),
            kind,
            highlights: highlights_in(&mut snippets, &text),
            text,
            date: hit.date,
            path: hit.path,
            record: hit.record,
            key: hit.key,
        });
    }
    if candidates.len() == MAX_CANDIDATE_ARTICLES {
        warnings.push(format!(
            "only the {MAX_CANDIDATE_ARTICLES} best-matching articles were searched for quotations; narrow the query or filters"
        ));
    }
    Ok(QuotesResult {
        total,
        quotes,
        warnings,
    })
}

/// Highlight ranges of the query's words over the whole quotation text.
fn highlights_in(snippets: &mut SnippetGenerator, text: &str) -> Vec<[usize; 2]> {
    snippets.set_max_num_chars(text.len().max(1));
    let s = snippets.snippet(text);
    let shift = s.fragment_range().start;
    s.highlighted()
        .iter()
        .map(|r| [r.start + shift, r.end + shift])
        .collect()
}

pub(crate) fn stored_json<T: serde::de::DeserializeOwned>(
    doc: &TantivyDocument,
    field: tantivy::schema::Field,
) -> Vec<T> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default()
}

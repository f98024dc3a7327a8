//! Running a [`SearchRequest`] and turning tantivy's results into plain
//! [`Hit`]s.

use super::export::Document;
use super::kwic::{Patterns, news_analyzer};
use super::query::{self, SearchRequest, Sort};
use crate::Result;
use crate::index::NewsIndex;
use chrono::NaiveDate;
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::schema::Value;
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument};

/// One matching article, ready for output.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based rank in the whole result list (offset included).
    pub rank: usize,
    /// BM25 score (0 when sorted by date).
    pub score: f32,
    /// Stable document key.
    pub key: String,
    /// Source path (the first one when syndicated copies were merged).
    pub path: String,
    /// Record number in that file (JSON lines/CSV line, JSON array
    /// element); `None` for a one-article file.
    pub record: Option<u64>,
    /// Article date; `None` when the article has none.
    pub date: Option<NaiveDate>,
    /// Headline, when the input had one.
    pub title: Option<String>,
    /// Every source path of the article (several when identical copies
    /// were found under different paths), sorted.
    pub paths: Vec<String>,
    /// The article's URL, when the input had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The outlet or publisher, when the input had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// `@handles` (first-seen case).
    pub handles: Vec<String>,
    /// Quoted speakers.
    pub speakers: Vec<String>,
    /// The best-matching passage of the body.
    pub snippet: Snippet,
}

/// A passage of the body with the matched words marked.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Snippet {
    /// The passage (newlines turned into spaces).
    pub text: String,
    /// Highlighted ranges as `[start, end)` **byte** offsets into `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// The result of a search: the total number of matching articles and the
/// requested page of hits.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    /// Matching articles in the whole index.
    pub total: usize,
    /// The hits of the requested page, in order.
    pub hits: Vec<Hit>,
    /// Warnings about the query (lenient parsing).
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// Runs `req` on the last commit of `index`.
///
/// # Errors
/// [`crate::Error::Usage`] for a bad `date:` in the query; tantivy errors.
pub fn search(index: &NewsIndex, req: &SearchRequest) -> Result<SearchResult> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let fields = query::article_fields(index, &searcher)?;
    let (query, mut warnings) = query::build_for(index, &req.query, &req.filters, &fields)?;
    let (top, total) = page(&searcher, &*query, req.sort, req.limit, req.offset)?;
    if total == 0
        && let Some(line) = query::did_you_mean(index, &searcher, &req.query, &fields)?
    {
        warnings.push(line);
    }
    finish(index, &searcher, &*query, req, top, total, warnings)
}

/// One page of matches of `query`: `(score, address)` pairs in `sort`
/// order (score 0 when sorted by date) and the total number of matches.
///
/// `limit` and `offset` are clamped to the number of documents, since
/// tantivy allocates `limit + offset` slots.
///
/// # Errors
/// tantivy errors.
pub fn page(
    searcher: &Searcher,
    query: &dyn tantivy::query::Query,
    sort: Sort,
    limit: usize,
    offset: usize,
) -> Result<(Vec<(f32, DocAddress)>, usize)> {
    let docs = searcher.num_docs() as usize;
    let limit = limit.clamp(1, docs.max(1));
    let offset = offset.min(docs);
    let top = TopDocs::with_limit(limit).and_offset(offset);
    Ok(match sort {
        Sort::Score => searcher.search(query, &(top.order_by_score(), Count))?,
        Sort::DateAsc | Sort::DateDesc => {
            let order = if sort == Sort::DateAsc {
                Order::Asc
            } else {
                Order::Desc
            };
            let (top, total) = searcher.search(
                query,
                &(top.order_by_fast_field::<DateTime>("date", order), Count),
            )?;
            (top.into_iter().map(|(_, a)| (0.0, a)).collect(), total)
        }
    })
}

fn finish(
    index: &NewsIndex,
    searcher: &Searcher,
    query: &dyn tantivy::query::Query,
    req: &SearchRequest,
    top: Vec<(f32, DocAddress)>,
    total: usize,
    warnings: Vec<String>,
) -> Result<SearchResult> {
    let f = &index.fields;
    let patterns = Patterns::from_query(query, &[f.body]);
    let mut analyzer = news_analyzer(index);
    let mut hits = Vec::with_capacity(top.len());
    for (score, addr) in top {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let mut hit = hit_from_doc(index, &doc, score);
        let body = doc
            .get_first(f.body)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        hit.snippet =
            best_passage(&patterns, &mut analyzer, body, SNIPPET_BYTES).unwrap_or_else(|| {
                // Matched through another field (handle:, speaker:, a filter):
                // show the opening of the body, unhighlighted.
                Snippet {
                    text: opening(&doc, f.body, SNIPPET_BYTES),
                    highlights: Vec::new(),
                }
            });
        hits.push(hit);
    }
    if req.sort == Sort::Score {
        // Deterministic order for equal scores: newest first, then path.
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| b.date.cmp(&a.date))
                .then_with(|| a.path.cmp(&b.path))
        });
    }
    for (i, h) in hits.iter_mut().enumerate() {
        h.rank = req.offset + i + 1;
    }
    Ok(SearchResult {
        total,
        hits,
        warnings,
    })
}

/// Length of a snippet, in bytes (about 200 characters of English).
const SNIPPET_BYTES: usize = 200;
/// Bytes of an article looked at for its snippet (1 MiB).
const SNIPPET_SCAN_BYTES: usize = 1 << 20;
/// Matches weighed when choosing the snippet's passage.
const SNIPPET_MAX_MATCHES: usize = 256;

/// The passage of about `max` bytes of `text` centred on its best match
/// of `patterns`, every match inside it highlighted (a phrase as one
/// range); `None` when nothing matches.
///
/// Matches are found as `kwic` finds them (the `news` analyzer over the
/// text, phrases as consecutive terms). The best match is the one whose
/// passage holds the most distinct matched words or phrases; ties go to
/// the longer match (a phrase before a single word), then the earlier.
/// The passage starts and ends at spaces when it does not reach the
/// text's ends; newlines become spaces. Only the first MiB of `text` and
/// its first 256 matches are looked at, so a huge article costs no more
/// than a large one.
pub fn best_passage(
    patterns: &Patterns,
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    text: &str,
    max: usize,
) -> Option<Snippet> {
    // Bounded work on huge articles: the passage is chosen among the first
    // matches of the first MiB (the scoring below is quadratic in them).
    let mut cut = text.len().min(SNIPPET_SCAN_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let text = &text[..cut];
    let mut spans = patterns.find(analyzer, text);
    spans.truncate(SNIPPET_MAX_MATCHES);
    let window = |&(s, e): &(usize, usize)| {
        let centre = (s + e) / 2;
        let start = centre
            .saturating_sub(max / 2)
            .min(text.len().saturating_sub(max));
        (start, (start + max).min(text.len()))
    };
    let (best, _) = spans.iter().enumerate().max_by(|(i, a), (j, b)| {
        let score = |span: &(usize, usize)| {
            let (ws, we) = window(span);
            let mut distinct: Vec<String> = spans
                .iter()
                .filter(|(s, e)| *s >= ws && *e <= we)
                .map(|&(s, e)| text[s..e].to_lowercase())
                .collect();
            distinct.sort();
            distinct.dedup();
            (distinct.len(), span.1 - span.0)
        };
        score(a).cmp(&score(b)).then(j.cmp(i))
    })?;
    let (s, e) = spans[best];
    let (mut start, mut end) = window(&spans[best]);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    if start > 0
        && let Some(sp) = text[start..s].find(char::is_whitespace)
    {
        start += sp + 1;
    }
    if end < text.len()
        && let Some(sp) = text[e..end].rfind(char::is_whitespace)
    {
        end = e + sp;
    }
    let highlights = spans
        .iter()
        .filter(|(a, b)| *a >= start && *b <= end)
        .map(|&(a, b)| [a - start, b - start])
        .collect();
    Some(Snippet {
        text: text[start..end].replace('\n', " "),
        highlights,
    })
}

/// The first `max` bytes (or fewer, ending at a word) of a stored text
/// field, newlines turned into spaces.
fn opening(doc: &TantivyDocument, field: tantivy::schema::Field, max: usize) -> String {
    let text = doc
        .get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    if text.len() <= max {
        return text.replace('\n', " ");
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end]
        .rfind(' ')
        .filter(|&i| i > max / 2)
        .unwrap_or(end);
    text[..cut].replace('\n', " ")
}

/// The stored fields of `doc` as a [`Hit`] (rank 0, empty snippet).
pub fn hit_from_doc(index: &NewsIndex, doc: &TantivyDocument, score: f32) -> Hit {
    let d = Document::from_doc(index, doc);
    Hit {
        rank: 0,
        score,
        path: d.path().to_string(),
        record: d.record(),
        key: d.key,
        date: d.date,
        title: d.title,
        paths: d.paths,
        url: d.url,
        source: d.source,
        handles: d.handles,
        speakers: d.speakers,
        snippet: Snippet::default(),
    }
}

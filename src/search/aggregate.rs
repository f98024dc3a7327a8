//! Aggregations over the matching articles: counts, timelines, top handles,
//! speakers and characteristic terms, index statistics.
//!
//! Timelines and top handles/speakers run tantivy's aggregations on fast
//! fields (`date_histogram` on `date`, `terms` on the `handle` and `speaker`
//! columns); quotation counts and characteristic terms read the stored
//! documents of the matching articles, one at a time.

use super::identity::{self, IdentityTable};
use super::query::{self, Filters};
use super::quotes::{attributed, stored_json};
use super::scan;
use crate::article::{Quote, Tweet};
use crate::index::NewsIndex;
use crate::index::tokenizer::NewsTokenizer;
use crate::{Error, Result};
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::ControlFlow;
use std::sync::Arc;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::AggregationResults;
use tantivy::aggregation::{AggContextParams, AggregationCollector, AggregationLimitsGuard};
use tantivy::query::{AllQuery, Query};
use tantivy::schema::Value as _;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, Stemmer, StopWordFilter,
    TextAnalyzer,
};
use tantivy::{Searcher, Term};

/// Most periods a timeline may have (a guard against `--by day` over
/// centuries).
pub const MAX_PERIODS: usize = 100_000;

/// Runs a JSON aggregation request and returns the result as JSON.
fn aggregate(
    index: &NewsIndex,
    searcher: &Searcher,
    query: &dyn Query,
    req: Value,
) -> Result<Value> {
    let aggs: Aggregations = serde_json::from_value(req)?;
    let limits = AggregationLimitsGuard::new(None, Some(u32::MAX));
    let collector = AggregationCollector::from_aggs(
        aggs,
        AggContextParams::new(limits, index.index.tokenizers().clone()),
    );
    let res: AggregationResults = searcher.search(query, &collector)?;
    Ok(serde_json::to_value(res)?)
}

/// Articles per day (dated articles only) matching `query`, from a
/// `date_histogram` with a one-day interval.
fn day_counts(
    index: &NewsIndex,
    searcher: &Searcher,
    query: &dyn Query,
) -> Result<BTreeMap<NaiveDate, u64>> {
    let res = aggregate(
        index,
        searcher,
        query,
        json!({"days": {"date_histogram": {"field": "date", "fixed_interval": "1d", "min_doc_count": 1}}}),
    )?;
    let mut out = BTreeMap::new();
    for b in res["days"]["buckets"].as_array().into_iter().flatten() {
        let (Some(ms), Some(n)) = (b["key"].as_f64(), b["doc_count"].as_u64()) else {
            continue;
        };
        if let Some(d) = chrono::DateTime::from_timestamp_millis(ms as i64) {
            *out.entry(d.date_naive()).or_insert(0) += n;
        }
    }
    Ok(out)
}

/// Calendar periods of a timeline (UTC days; weeks start on Monday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// One day.
    Day,
    /// An ISO week, Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

impl Period {
    /// The first day of the period containing `d`.
    pub fn start(self, d: NaiveDate) -> NaiveDate {
        match self {
            Period::Day => d,
            Period::Week => d - Duration::days(d.weekday().num_days_from_monday() as i64),
            Period::Month => d.with_day(1).expect("day 1 exists"),
            Period::Year => NaiveDate::from_ymd_opt(d.year(), 1, 1).expect("Jan 1 exists"),
        }
    }

    /// The first day of the period after the one starting at `start`.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Period::Day => start + Duration::days(1),
            Period::Week => start + Duration::days(7),
            Period::Month => start + chrono::Months::new(1),
            Period::Year => start + chrono::Months::new(12),
        }
    }

    /// The period's label: `2024-03-05`, `2024-W10` (ISO week), `2024-03`, `2024`.
    pub fn label(self, start: NaiveDate) -> String {
        match self {
            Period::Day => start.format("%Y-%m-%d").to_string(),
            Period::Week => start.format("%G-W%V").to_string(),
            Period::Month => start.format("%Y-%m").to_string(),
            Period::Year => start.format("%Y").to_string(),
        }
    }
}

/// One period of a timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineRow {
    /// The period's label (see [`Period::label`]).
    pub period: String,
    /// First day of the period.
    pub start: NaiveDate,
    /// Last day of the period.
    pub end: NaiveDate,
    /// Matching articles dated in the period.
    pub articles: u64,
    /// With `--normalize`: all articles of the index dated in the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// With `--normalize`: `articles / total` (0 when `total` is 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
}

/// Matching articles per period.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    /// The period size.
    pub by: Period,
    /// Matching articles (dated or not).
    pub matched: u64,
    /// Matching articles without a date (in no period).
    pub undated: u64,
    /// Every period from the first to the last matching article (extended
    /// to `--since`/`--until` when given), empty periods included.
    pub rows: Vec<TimelineRow>,
    /// Warnings about the query (lenient parsing).
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// Matching articles per period of size `by`; with `normalize`, also the
/// number of all articles of each period and the share.
///
/// # Errors
/// [`Error::Usage`] for a bad `date:` or a range of more than
/// [`MAX_PERIODS`] periods; tantivy errors.
pub fn timeline(
    index: &NewsIndex,
    query: &str,
    filters: &Filters,
    by: Period,
    normalize: bool,
) -> Result<Timeline> {
    let searcher = scan::searcher(index)?;
    let (q, warnings) = query::build(index, query, filters)?;
    let matched = scan::count(&searcher, q.as_ref())?;
    let days = day_counts(index, &searcher, q.as_ref())?;
    let dated: u64 = days.values().sum();
    let first = days
        .keys()
        .next()
        .copied()
        .into_iter()
        .chain(filters.since)
        .min();
    let last = days
        .keys()
        .next_back()
        .copied()
        .into_iter()
        .chain(filters.until)
        .max();
    let mut counts: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    for (d, n) in &days {
        *counts.entry(by.start(*d)).or_insert(0) += n;
    }
    let totals = if normalize {
        let mut t: BTreeMap<NaiveDate, u64> = BTreeMap::new();
        for (d, n) in day_counts(index, &searcher, &AllQuery)? {
            *t.entry(by.start(d)).or_insert(0) += n;
        }
        Some(t)
    } else {
        None
    };
    let mut rows = Vec::new();
    if let (Some(first), Some(last)) = (first, last) {
        let mut p = by.start(first);
        while p <= last {
            if rows.len() >= MAX_PERIODS {
                return Err(Error::Usage(format!(
                    "the timeline would have more than {MAX_PERIODS} periods; use a larger --by or narrow --since/--until"
                )));
            }
            let next = by.next(p);
            let articles = counts.get(&p).copied().unwrap_or(0);
            let total = totals.as_ref().map(|t| t.get(&p).copied().unwrap_or(0));
            rows.push(TimelineRow {
                period: by.label(p),
                start: p,
                end: next.pred_opt().unwrap_or(next),
                articles,
                total,
                share: total.map(|t| {
                    if t == 0 {
                        0.0
                    } else {
                        articles as f64 / t as f64
                    }
                }),
            });
            p = next;
        }
    }
    Ok(Timeline {
        by,
        matched,
        undated: matched.saturating_sub(dated),
        rows,
        warnings,
    })
}

/// What `top` ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TopKind {
    /// `@handles` (case variants merged).
    Handles,
    /// Quoted speaker identities (see [`identity`]).
    Speakers,
    /// Words characteristic of the matching articles.
    Terms,
}

/// One ranked value of `top`.
#[derive(Debug, Clone, Serialize)]
pub struct TopRow {
    /// 1-based rank.
    pub rank: usize,
    /// The handle (most frequent case variant), speaker name, or word (its
    /// most frequent lower-case spelling in the matching articles).
    pub value: String,
    /// Matching articles with this value.
    pub articles: u64,
    /// Terms only: articles of the whole index with the word.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corpus_articles: Option<u64>,
    /// Terms only: log-likelihood (G²) of the word's over-representation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// The result of `top`.
#[derive(Debug, Clone, Serialize)]
pub struct Top {
    /// What was ranked.
    pub kind: TopKind,
    /// Matching articles.
    pub matched: u64,
    /// Articles in the index (the reference corpus of `terms`).
    pub corpus: u64,
    /// The ranked values, best first.
    pub rows: Vec<TopRow>,
    /// Warnings about the query (lenient parsing).
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// The `limit` most frequent handles or speakers or the most
/// characteristic terms of the articles matching `query` and `filters`.
///
/// Handles: a `terms` aggregation on the field's fast column (all values,
/// exact counts); values differing only in case are merged and shown in
/// their most frequent spelling. Speakers: per identity, see
/// [`top_speakers`]. Ties: alphabetical.
///
/// Terms: see [`characteristic_terms`].
///
/// # Errors
/// [`Error::Usage`] for `limit` 0 or a bad `date:`; tantivy errors.
pub fn top(
    index: &NewsIndex,
    query: &str,
    filters: &Filters,
    kind: TopKind,
    limit: usize,
) -> Result<Top> {
    if limit == 0 {
        return Err(Error::Usage("--limit must be at least 1".into()));
    }
    let searcher = scan::searcher(index)?;
    let (q, warnings) = query::build(index, query, filters)?;
    let matched = scan::count(&searcher, q.as_ref())?;
    let rows = match kind {
        TopKind::Handles => top_values(index, &searcher, q.as_ref(), "handle", true, limit)?,
        TopKind::Speakers => top_speakers(&searcher, q.as_ref(), limit)?,
        TopKind::Terms => characteristic_terms(index, &searcher, q.as_ref(), matched, limit)?,
    };
    Ok(Top {
        kind,
        matched,
        corpus: searcher.num_docs(),
        rows,
        warnings,
    })
}

/// The `limit` speaker identities (see [`identity`]) quoted in the most
/// articles matching `query`; an article counts once per identity. Ties:
/// alphabetical.
///
/// # Errors
/// tantivy errors.
pub fn top_speakers(searcher: &Searcher, query: &dyn Query, limit: usize) -> Result<Vec<TopRow>> {
    let table = Arc::new(IdentityTable::build(searcher)?);
    let t = table.clone();
    let stats = identity::name_stats(searcher, query, Arc::new(move |s: &str| t.canonical(s)))?;
    let mut rows: Vec<TopRow> = stats
        .into_iter()
        .map(|(value, st)| TopRow {
            rank: 0,
            value,
            articles: st.articles,
            corpus_articles: None,
            score: None,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.articles
            .cmp(&a.articles)
            .then_with(|| a.value.to_lowercase().cmp(&b.value.to_lowercase()))
            .then_with(|| a.value.cmp(&b.value))
    });
    rows.truncate(limit);
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    Ok(rows)
}

/// Top values of a text fast field by matching articles.
pub(crate) fn top_values(
    index: &NewsIndex,
    searcher: &Searcher,
    query: &dyn Query,
    field: &str,
    fold_case: bool,
    limit: usize,
) -> Result<Vec<TopRow>> {
    let res = aggregate(
        index,
        searcher,
        query,
        json!({"top": {"terms": {"field": field, "size": 10_000_000, "segment_size": 10_000_000}}}),
    )?;
    // merged key → (count, spelling → count)
    let mut merged: HashMap<String, (u64, BTreeMap<String, u64>)> = HashMap::new();
    for b in res["top"]["buckets"].as_array().into_iter().flatten() {
        let (Some(v), Some(n)) = (b["key"].as_str(), b["doc_count"].as_u64()) else {
            continue;
        };
        let k = if fold_case {
            v.to_lowercase()
        } else {
            v.to_string()
        };
        let e = merged.entry(k).or_default();
        e.0 += n;
        *e.1.entry(v.to_string()).or_insert(0) += n;
    }
    let mut rows: Vec<TopRow> = merged
        .into_values()
        .map(|(n, spellings)| {
            let value = spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(s, _)| s.clone())
                .unwrap_or_default();
            TopRow {
                rank: 0,
                value,
                articles: n,
                corpus_articles: None,
                score: None,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.articles
            .cmp(&a.articles)
            .then_with(|| a.value.to_lowercase().cmp(&b.value.to_lowercase()))
            .then_with(|| a.value.cmp(&b.value))
    });
    rows.truncate(limit);
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    Ok(rows)
}

/// One row of `newsidx speakers`.
#[derive(Debug, Clone, Serialize)]
pub struct SpeakerRow {
    /// The identity's canonical name.
    pub speaker: String,
    /// Every spelling of the identity in the index.
    pub variants: Vec<String>,
    /// Matching articles quoting the identity (each counted once).
    pub articles: u64,
    /// Attributed quotations and tweets of the identity in those articles.
    pub quotations: u64,
    /// Earliest date of those articles.
    pub first: Option<NaiveDate>,
    /// Latest date of those articles.
    pub last: Option<NaiveDate>,
}

/// The result of `newsidx speakers`.
#[derive(Debug, Clone, Serialize)]
pub struct Speakers {
    /// Matching articles.
    pub matched: u64,
    /// Identities quoted in them (before `limit`).
    pub total: usize,
    /// The identities, by articles (descending), then name.
    pub speakers: Vec<SpeakerRow>,
    /// Query warnings (lenient parsing).
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// The speaker identities of the articles matching `query` and `filters`,
/// with their variants, article and quotation counts and date ranges; at
/// most `limit` rows.
///
/// # Errors
/// [`Error::Usage`] for `limit` 0 or a bad `date:`; tantivy errors.
pub fn speakers(
    index: &NewsIndex,
    query: &str,
    filters: &Filters,
    limit: usize,
) -> Result<Speakers> {
    if limit == 0 {
        return Err(Error::Usage("--limit must be at least 1".into()));
    }
    let searcher = scan::searcher(index)?;
    let table = Arc::new(IdentityTable::build(&searcher)?);
    let (q, warnings) = query::build(index, query, filters)?;
    let matched = scan::count(&searcher, q.as_ref())?;
    let t = table.clone();
    let stats = identity::name_stats(
        &searcher,
        q.as_ref(),
        Arc::new(move |s: &str| t.canonical(s)),
    )?;
    let f = &index.fields;
    let mut quotations: HashMap<String, u64> = HashMap::new();
    scan::for_each_doc(&searcher, q.as_ref(), |doc| {
        let quotes: Vec<Quote> = stored_json(&doc, f.quotes);
        let tweets: Vec<Tweet> = stored_json(&doc, f.tweets);
        let names: Vec<String> = doc
            .get_all(f.speaker)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        for (speaker, _, _) in attributed(&quotes, &tweets, &names) {
            *quotations.entry(table.canonical(&speaker)).or_insert(0) += 1;
        }
        Ok(ControlFlow::Continue(()))
    })?;
    let mut rows: Vec<SpeakerRow> = stats
        .into_iter()
        .map(|(speaker, st)| SpeakerRow {
            variants: table
                .get(&speaker)
                .map(|i| i.variants.clone())
                .unwrap_or_else(|| vec![speaker.clone()]),
            quotations: quotations.get(&speaker).copied().unwrap_or(0),
            speaker,
            articles: st.articles,
            first: st.first,
            last: st.last,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.articles
            .cmp(&a.articles)
            .then_with(|| a.speaker.to_lowercase().cmp(&b.speaker.to_lowercase()))
            .then_with(|| a.speaker.cmp(&b.speaker))
    });
    let total = rows.len();
    rows.truncate(limit);
    Ok(Speakers {
        matched,
        total,
        speakers: rows,
        warnings,
    })
}

/// Words left out of `top terms`: English function words and reporting
/// verbs (compared lower-cased, before stemming).
pub const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "said",
    "same",
    "say",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// The `news` analyzer without stop words (same stems as the index).
fn terms_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(NewsTokenizer)
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(
            STOPWORDS.iter().map(|s| s.to_string()),
        ))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// `x · ln x`, 0 for 0.
fn xlnx(x: f64) -> f64 {
    if x > 0.0 { x * x.ln() } else { 0.0 }
}

/// Dunning's log-likelihood ratio (G²) of a 2×2 table: `a` of `n1`
/// matching articles and `b` of `n2` other articles contain the word.
pub fn log_likelihood(a: f64, n1: f64, b: f64, n2: f64) -> f64 {
    let (c, d) = (n1 - a, n2 - b);
    let n = n1 + n2;
    2.0 * (xlnx(a) + xlnx(b) + xlnx(c) + xlnx(d) + xlnx(n)
        - xlnx(a + b)
        - xlnx(c + d)
        - xlnx(a + c)
        - xlnx(b + d))
}

/// Words most characteristic of the articles matching `query` compared to
/// the whole index: body words (stemmed like the index, stop words, numbers
/// and one-letter words left out) found in at least 2 matching articles and
/// relatively more frequent in them than in the rest of the index, ranked
/// by Dunning's log-likelihood G² on article counts. Ties: more matching
/// articles, then alphabetical.
///
/// # Errors
/// tantivy errors reading documents.
pub fn characteristic_terms(
    index: &NewsIndex,
    searcher: &Searcher,
    query: &dyn Query,
    matched: u64,
    limit: usize,
) -> Result<Vec<TopRow>> {
    let mut analyzer = terms_analyzer();
    let body = index.fields.body;
    // stem → (articles, spelling → occurrences)
    let mut stats: HashMap<String, (u64, HashMap<String, u64>)> = HashMap::new();
    scan::for_each_doc(searcher, query, |doc| {
        let text = doc
            .get_first(body)
            .and_then(|v| tantivy::schema::Value::as_str(&v))
            .unwrap_or_default()
            .to_string();
        let mut seen: HashSet<String> = HashSet::new();
        let mut stream = analyzer.token_stream(&text);
        while let Some(t) = stream.next() {
            let surface = text[t.offset_from..t.offset_to].to_lowercase();
            if surface.chars().count() < 2 || surface.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            let e = stats.entry(t.text.clone()).or_default();
            if seen.insert(t.text.clone()) {
                e.0 += 1;
            }
            *e.1.entry(surface).or_insert(0) += 1;
        }
        Ok(ControlFlow::Continue(()))
    })?;
    let n = searcher.num_docs() as f64;
    let n1 = matched as f64;
    let n2 = n - n1;
    let mut rows = Vec::new();
    for (stem, (a, spellings)) in stats {
        if a < 2 {
            continue;
        }
        let df = searcher
            .doc_freq(&Term::from_field_text(body, &stem))?
            .max(a);
        let b = (df - a) as f64;
        let (a_f, p1) = (a as f64, a as f64 / n1.max(1.0));
        let p2 = if n2 > 0.0 { b / n2 } else { 0.0 };
        if n2 <= 0.0 || p1 <= p2 {
            continue;
        }
        let value = spellings
            .into_iter()
            .max_by(|x, y| x.1.cmp(&y.1).then_with(|| y.0.cmp(&x.0)))
            .map(|(s, _)| s)
            .unwrap_or(stem);
        rows.push(TopRow {
            rank: 0,
            value,
            articles: a,
            corpus_articles: Some(df),
            score: Some(log_likelihood(a_f, n1, b.min(n2), n2)),
        });
    }
    rows.sort_by(|x, y| {
        y.score
            .unwrap_or(0.0)
            .total_cmp(&x.score.unwrap_or(0.0))
            .then_with(|| y.articles.cmp(&x.articles))
            .then_with(|| x.value.cmp(&y.value))
    });
    rows.truncate(limit);
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
        r.score = r.score.map(|s| (s * 1000.0).round() / 1000.0);
    }
    Ok(rows)
}

/// The result of `count`.
#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    /// Matching articles.
    pub articles: u64,
    /// With `--quotes`: matching quotations in the matching articles
    /// (see [`count`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quotations: Option<u64>,
    /// Warnings about the query (lenient parsing).
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// Counts the articles matching `query` and `filters`; with `quotes`, also
/// the matching quotations, exactly as `newsidx quotes` finds them (see
/// [`super::quotes::search_quotes`]): attributed quotations and embedded
/// tweets whose text matches the query, of articles that pass the filters.
///
/// # Errors
/// [`Error::Usage`] for a bad `date:`; tantivy errors.
pub fn count(index: &NewsIndex, query: &str, filters: &Filters, quotes: bool) -> Result<Counts> {
    let searcher = scan::searcher(index)?;
    let (q, mut warnings) = query::build(index, query, filters)?;
    let articles = scan::count(&searcher, q.as_ref())?;
    if articles == 0 {
        let fields = query::article_fields(index, &searcher)?;
        if let Some(line) = query::did_you_mean(index, &searcher, query, &fields)? {
            warnings.push(line);
        }
    }
    let quotations = if quotes {
        let found = super::quotes::search_quotes(
            index,
            &super::quotes::QuotesRequest {
                query: query.to_string(),
                filters: filters.clone(),
                limit: 1,
                offset: 0,
                sort: super::Sort::Score,
            },
        )?;
        for w in found.warnings {
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
        Some(found.total as u64)
    } else {
        None
    };
    Ok(Counts {
        articles,
        quotations,
        warnings,
    })
}

/// Articles of one year.
#[derive(Debug, Clone, Serialize)]
pub struct YearCount {
    /// The year.
    pub year: i32,
    /// Articles dated in it.
    pub articles: u64,
}

/// What `stats` reports about an index.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// The index directory.
    pub index: String,
    /// Live documents.
    pub documents: u64,
    /// Deleted documents not yet merged away.
    pub deleted: u64,
    /// Documents without a date.
    pub undated: u64,
    /// Earliest article date.
    pub first_date: Option<NaiveDate>,
    /// Latest article date.
    pub last_date: Option<NaiveDate>,
    /// Articles per year, every year from the first to the last.
    pub years: Vec<YearCount>,
    /// Bytes of the segment files.
    pub size_bytes: u64,
    /// Number of segments.
    pub segments: usize,
    /// Most frequent speakers (article counts).
    pub top_speakers: Vec<TopRow>,
    /// Most frequent handles (article counts, case variants merged).
    pub top_handles: Vec<TopRow>,
}

/// Statistics of the whole index, with the `top` most frequent speakers and
/// handles.
///
/// # Errors
/// tantivy errors.
pub fn stats(index: &NewsIndex, top: usize) -> Result<Stats> {
    let searcher = scan::searcher(index)?;
    let documents = searcher.num_docs();
    let days = day_counts(index, &searcher, &AllQuery)?;
    let dated: u64 = days.values().sum();
    let mut per_year: BTreeMap<i32, u64> = BTreeMap::new();
    for (d, n) in &days {
        *per_year.entry(d.year()).or_insert(0) += n;
    }
    let years = match (per_year.keys().next(), per_year.keys().next_back()) {
        (Some(&a), Some(&b)) => (a..=b)
            .map(|year| YearCount {
                year,
                articles: per_year.get(&year).copied().unwrap_or(0),
            })
            .collect(),
        _ => Vec::new(),
    };
    let segments = searcher.segment_readers();
    let top = top.max(1);
    Ok(Stats {
        index: index.path.display().to_string(),
        documents,
        deleted: segments.iter().map(|s| s.num_deleted_docs() as u64).sum(),
        undated: documents.saturating_sub(dated),
        first_date: days.keys().next().copied(),
        last_date: days.keys().next_back().copied(),
        years,
        size_bytes: searcher.space_usage()?.total().get_bytes(),
        segments: segments.len(),
        top_speakers: top_speakers(&searcher, &AllQuery, top)?,
        top_handles: top_values(index, &searcher, &AllQuery, "handle", true, top)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods() {
        assert_eq!(Period::Week.start(d("2024-03-10")), d("2024-03-04"));
        assert_eq!(Period::Week.label(d("2024-12-30")), "2025-W01");
        assert_eq!(Period::Month.next(d("2024-01-01")), d("2024-02-01"));
        assert_eq!(Period::Year.label(d("2024-01-01")), "2024");
    }

    #[test]
    fn log_likelihood_is_zero_without_difference() {
        assert!(log_likelihood(5.0, 10.0, 5.0, 10.0).abs() < 1e-9);
        assert!(log_likelihood(9.0, 10.0, 1.0, 10.0) > 10.0);
    }
}

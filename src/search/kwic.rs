//! Keyword in context: where a query's words and phrases occur in article
//! bodies.
//!
//! The query's positive body terms and phrases ([`Patterns`]) are read from
//! the query tree; each body is run through the index's `news` analyzer and
//! the token sequences equal to a pattern are the matches, so stemming
//! matches exactly as search does ("embassies" finds "embassy").

use super::export::Document;
use super::query::{self, Filters};
use super::scan;
use crate::Result;
use crate::index::NewsIndex;
use crate::index::schema::NEWS_ANALYZER;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BinaryHeap, VecDeque};
use std::ops::ControlFlow;
use tantivy::Term;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;

/// The analyzed token sequences a query looks for in one text field
/// (each a term, or the terms of a phrase in order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Patterns {
    /// Sequences of analyzed terms (e.g. `["trade", "deficit"]`).
    pub seqs: Vec<Vec<String>>,
}

impl Patterns {
    /// Whether the query names no term of the field.
    pub fn is_empty(&self) -> bool {
        self.seqs.is_empty()
    }

    /// The positive terms and phrases of `query` on any of `fields`.
    /// Clauses under `-`/`MustNot` are ignored; boosted clauses are read
    /// as single terms.
    pub fn from_query(query: &dyn Query, fields: &[Field]) -> Patterns {
        let mut p = Patterns::default();
        collect(query, fields, &mut p.seqs);
        p.seqs.sort();
        p.seqs.dedup();
        p
    }

    /// Byte spans `[start, end)` of the matches in `text`, analyzed with
    /// `analyzer`, in order; overlapping matches are merged into the first.
    pub fn find(&self, analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        self.find_each(analyzer, text, |s, e| {
            out.push((s, e));
            ControlFlow::Continue(())
        });
        out
    }

    /// Calls `each` with the byte spans `[start, end)` of the matches in
    /// `text`, in order, overlapping matches merged into the first, until
    /// it returns `Break`. The text is analyzed as a stream: memory is a
    /// window of as many tokens as the longest pattern, whatever the
    /// length of `text`, and nothing after the last span wanted is read.
    pub fn find_each(
        &self,
        analyzer: &mut TextAnalyzer,
        text: &str,
        mut each: impl FnMut(usize, usize) -> ControlFlow<()>,
    ) {
        let longest = self.seqs.iter().map(Vec::len).max().unwrap_or(0);
        if longest == 0 {
            return;
        }
        // Tokens (position, text, from, to) whose position is within
        // `longest` of the first one's.
        let mut window: VecDeque<(usize, String, usize, usize)> = VecDeque::new();
        let mut pending: Option<(usize, usize)> = None;
        // Matches starting at the window's first token; false once `each` said stop.
        let mut first_token = |window: &VecDeque<(usize, String, usize, usize)>,
                               pending: &mut Option<(usize, usize)>|
         -> bool {
            let (pos, word, from, _) = &window[0];
            for seq in &self.seqs {
                if seq.first() != Some(word) {
                    continue;
                }
                let mut end = window[0].3;
                let ok = seq.iter().enumerate().skip(1).all(|(k, w)| {
                    // The last token at that position, as a phrase query sees it.
                    window
                        .iter()
                        .rev()
                        .find(|t| t.0 == pos + k)
                        .is_some_and(|t| {
                            end = t.3;
                            t.1 == *w
                        })
                });
                if !ok {
                    continue;
                }
                match pending {
                    Some(p) if *from < p.1 => p.1 = p.1.max(end),
                    _ => {
                        if let Some((s, e)) = pending.replace((*from, end))
                            && each(s, e).is_break()
                        {
                            *pending = None;
                            return false;
                        }
                    }
                }
            }
            true
        };
        let mut stream = analyzer.token_stream(text);
        while let Some(t) = stream.next() {
            window.push_back((t.position, t.text.clone(), t.offset_from, t.offset_to));
            while window.front().is_some_and(|f| t.position >= f.0 + longest) {
                if !first_token(&window, &mut pending) {
                    return;
                }
                window.pop_front();
            }
        }
        while !window.is_empty() {
            if !first_token(&window, &mut pending) {
                return;
            }
            window.pop_front();
        }
        if let Some((s, e)) = pending {
            let _ = each(s, e);
        }
    }
}

fn collect(q: &dyn Query, fields: &[Field], out: &mut Vec<Vec<String>>) {
    let text = |t: &Term| t.value().as_str().map(str::to_string);
    if let Some(b) = q.downcast_ref::<BooleanQuery>() {
        for (occur, sub) in b.clauses() {
            if *occur != Occur::MustNot {
                collect(sub.as_ref(), fields, out);
            }
        }
    } else if let Some(p) = q.downcast_ref::<PhraseQuery>() {
        if fields.contains(&p.field()) {
            let seq: Vec<String> = p.phrase_terms().iter().filter_map(text).collect();
            if !seq.is_empty() {
                out.push(seq);
            }
        }
    } else if let Some(t) = q.downcast_ref::<TermQuery>() {
        if fields.contains(&t.term().field())
            && let Some(w) = text(t.term())
        {
            out.push(vec![w]);
        }
    } else {
        // Boosts and other wrappers: their terms, one by one.
        q.query_terms(&mut |t, _| {
            if fields.contains(&t.field())
                && let Some(w) = text(t)
            {
                out.push(vec![w]);
            }
        });
    }
}

/// Orders of concordance lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KwicSort {
    /// Oldest first (undated last), then path, then position in the text.
    Date,
    /// By the words left of the match, nearest first: the word just before
    /// the match, then the one before it, … (words are runs of letters and
    /// digits, lower-cased; punctuation is ignored); ties by date and path.
    Left,
    /// By the words of the match, then the words right of it, in order
    /// (lower-cased, punctuation ignored); ties by date and path.
    Right,
}

/// A concordance request.
#[derive(Debug, Clone)]
pub struct KwicRequest {
    /// The query string (its body words and phrases are the matches).
    pub query: String,
    /// Filters.
    pub filters: Filters,
    /// Characters of context on each side (≥ 1).
    pub width: usize,
    /// At most this many lines (`None`: all).
    pub limit: Option<usize>,
    /// Order of lines.
    pub sort: KwicSort,
}

/// One keyword-in-context line.
#[derive(Debug, Clone, Serialize)]
pub struct KwicLine {
    /// Article date.
    pub date: Option<NaiveDate>,
    /// Source path of the article.
    pub path: String,
    /// Record number of the article in that file (`None`: a one-article file).
    pub record: Option<u64>,
    /// Document key.
    pub key: String,
    /// Up to `width` characters before the match (whitespace collapsed).
    pub left: String,
    /// The matched text as written.
    #[serde(rename = "match")]
    pub hit: String,
    /// Up to `width` characters after the match (whitespace collapsed).
    pub right: String,
    /// Byte offset of the match in the body.
    pub offset: usize,
}

/// The lines of a concordance, with the query's warnings.
#[derive(Debug, Clone, Serialize)]
pub struct Kwic {
    /// Lines, in the requested order (limit applied).
    pub lines: Vec<KwicLine>,
    /// Lines before the limit was applied; `None` when the limit stopped
    /// the reading early (`--sort date` with `--limit`), so they were not
    /// all counted.
    pub total: Option<usize>,
    /// Warnings about the query (lenient parsing).
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// The `news` analyzer of `index`.
pub fn news_analyzer(index: &NewsIndex) -> TextAnalyzer {
    index
        .index
        .tokenizers()
        .get(NEWS_ANALYZER)
        .expect("news analyzer registered")
}

/// Runs a concordance: every match of the query's body words and phrases
/// in every matching article.
///
/// # Errors
/// [`crate::Error::Usage`] when the query has no word or phrase to look for
/// in the body (e.g. only `speaker:` or `handle:`); tantivy errors.
pub fn kwic(index: &NewsIndex, req: &KwicRequest) -> Result<Kwic> {
    let searcher = scan::searcher(index)?;
    let (q, warnings) = query::build(index, &req.query, &req.filters)?;
    let f = &index.fields;
    let patterns = Patterns::from_query(q.as_ref(), &[f.body, f.quote]);
    if patterns.is_empty() {
        return Err(crate::Error::Usage(format!(
            "kwic: the query {:?} has no word or phrase to find in article bodies",
            req.query
        )));
    }
    let mut analyzer = news_analyzer(index);
    let width = req.width.max(1);
    let date_sort = req.sort == KwicSort::Date;
    // The best `limit` lines so far (all of them without a limit); the
    // worst on top, to be dropped when a better one comes.
    let mut best: BinaryHeap<Ranked> = BinaryHeap::new();
    let mut total = 0usize;
    let mut counted_all = true;
    scan::for_each_doc(&searcher, q.as_ref(), |doc| {
        let d = Document::from_doc(index, &doc);
        let full = |best: &BinaryHeap<Ranked>| req.limit.is_some_and(|n| best.len() >= n);
        // In date order a document's lines are consecutive: once the
        // limit is reached, a document after the worst line kept adds none.
        if date_sort
            && full(&best)
            && best.peek().is_some_and(|w| {
                (d.date.is_none(), d.date, d.path()) > (w.order.1, w.order.2, w.order.3.as_str())
            })
        {
            counted_all = false;
            return Ok(ControlFlow::Continue(()));
        }
        let mut in_doc = 0;
        patterns.find_each(&mut analyzer, &d.body, |s, e| {
            total += 1;
            in_doc += 1;
            let key = match req.sort {
                KwicSort::Date => Vec::new(),
                KwicSort::Left => words(&d.body[..s]).rev().take(SORT_WORDS).collect(),
                KwicSort::Right => words(&d.body[s..e])
                    .chain(words(&d.body[e..]).take(SORT_WORDS))
                    .collect(),
            };
            let order = (key, d.date.is_none(), d.date, d.path().to_string(), s);
            if full(&best) && best.peek().is_some_and(|w| order >= w.order) {
                // Not among the best: in date order, neither is any later
                // match of this document.
                if date_sort {
                    counted_all = false;
                    return ControlFlow::Break(());
                }
                return ControlFlow::Continue(());
            }
            best.push(Ranked {
                order,
                line: KwicLine {
                    date: d.date,
                    path: d.path().to_string(),
                    record: d.record(),
                    key: d.key.clone(),
                    left: left_context(&d.body[..s], width),
                    hit: collapse(&d.body[s..e]),
                    right: right_context(&d.body[e..], width),
                    offset: s,
                },
            });
            if req.limit.is_some_and(|n| best.len() > n) {
                best.pop();
            }
            if date_sort && req.limit.is_some_and(|n| in_doc >= n) {
                counted_all = false;
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        });
        Ok(ControlFlow::Continue(()))
    })?;
    let lines: Vec<KwicLine> = best.into_sorted_vec().into_iter().map(|r| r.line).collect();
    Ok(Kwic {
        lines,
        total: counted_all.then_some(total),
        warnings,
    })
}

/// A line with its place in the requested order: the sort words, then
/// undated last, date, path and byte offset.
struct Ranked {
    order: (Vec<String>, bool, Option<NaiveDate>, String, usize),
    line: KwicLine,
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.order == other.order
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.order.cmp(&other.order)
    }
}

/// How many words next to the match `--sort left|right` compares before
/// falling back to date and path.
const SORT_WORDS: usize = 8;

/// The words of `text` (runs of letters and digits), lower-cased, in order;
/// reversible, so that the words left of a match come nearest first.
fn words(text: &str) -> impl DoubleEndedIterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// `text` with every run of whitespace turned into one space.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The last `width` characters of `before` (whitespace collapsed, leading
/// space kept when the match follows a space).
fn left_context(before: &str, width: usize) -> String {
    let tail_start = before
        .char_indices()
        .rev()
        .nth(width * 2)
        .map_or(0, |(i, _)| i);
    let mut s = collapse(&before[tail_start..]);
    if before.ends_with(char::is_whitespace) {
        s.push(' ');
    }
    let n = s.chars().count();
    s.chars().skip(n.saturating_sub(width)).collect()
}

/// The first `width` characters of `after` (whitespace collapsed, leading
/// space kept).
fn right_context(after: &str, width: usize) -> String {
    let head_end = after
        .char_indices()
        .nth(width * 2)
        .map_or(after.len(), |(i, _)| i);
    let mut s = String::new();
    if after.starts_with(char::is_whitespace) {
        s.push(' ');
    }
    s.push_str(&collapse(&after[..head_end]));
    s.chars().take(width).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts() {
        assert_eq!(left_context("one  two\nthree ", 8), "o three ");
        assert_eq!(left_context("ab", 8), "ab");
        assert_eq!(right_context(", four five six", 6), ", four");
        assert_eq!(right_context(" x", 6), " x");
    }

    #[test]
    fn finds_terms_and_phrases_with_stemming() {
        let index = NewsIndex::in_ram();
        let mut a = news_analyzer(&index);
        let p = Patterns {
            seqs: vec![
                vec!["embassi".into()],
                vec!["trade".into(), "deficit".into()],
            ],
        };
        let text = "Embassies and the trade  deficit; trade talks at the embassy.";
        let spans: Vec<&str> = p
            .find(&mut a, text)
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(spans, ["Embassies", "trade  deficit", "embassy"]);
    }
}

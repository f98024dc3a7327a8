//! Query strings and filters → a tantivy [`Query`].
//!
//! User text goes through [`rewrite`] before tantivy's query parser sees it,
//! so that ordinary text never fails to parse: apostrophes (`minister's`),
//! unknown `word:` prefixes (`Update: port`, URLs), plain dates in
//! `date:2019-12-31`, and field aliases (`speakers:`, `handles:`).

use super::identity::{ExactSpeakers, IdentityTable};
use crate::index::NewsIndex;
use crate::index::schema::NAME_ANALYZER;
use crate::{Error, Result};
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::ops::Bound;
use std::sync::LazyLock;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DateTime, Searcher, Term};

/// Fields a user may name in a query, and aliases mapped to them.
const FIELDS: &[(&str, &str)] = &[
    ("body", "body"),
    ("title", "title"),
    ("handle", "handle"),
    ("handles", "handle"),
    ("speaker", "speaker"),
    ("speakers", "speaker"),
    ("quote", "quote"),
    ("quotes", "quote"),
    ("date", "date"),
    ("source", "source"),
    ("url", "url"),
    ("key", "key"),
];

/// Order of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// BM25 score, best first; ties by date (newest first), then path.
    Score,
    /// Oldest first (undated articles last).
    DateAsc,
    /// Newest first (undated articles last).
    DateDesc,
}

/// Filters shared by every command that takes a query. All given filters
/// must hold.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// First day included.
    pub since: Option<NaiveDate>,
    /// Last day included.
    pub until: Option<NaiveDate>,
    /// Handles (without `@`, any case); every one must be present.
    pub handles: Vec<String>,
    /// Speaker names or name parts; every one must match a speaker.
    pub speakers: Vec<String>,
    /// Sources (outlets), whole names in any case; a document must have one
    /// of them (none given: no source filter).
    pub sources: Vec<String>,
}

/// A search to run.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query string (see `newsidx search --help`).
    pub query: String,
    /// Filters.
    pub filters: Filters,
    /// Hits to return (≥ 1).
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Order.
    pub sort: Sort,
}

/// Which end of a period a partial date stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateBound {
    /// The first day (`2019` → 2019-01-01).
    Start,
    /// The last day (`2019-02` → 2019-02-28).
    End,
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into the first or last day it
/// covers.
///
/// # Errors
/// [`Error::Usage`] naming the accepted forms, for anything else
/// (`10/03/2024`, `2024-02-30`).
pub fn parse_date_bound(s: &str, bound: DateBound) -> Result<NaiveDate> {
    let bad = || {
        Error::Usage(format!(
            "invalid date {s:?}: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019, 2019-12, 2019-12-31)"
        ))
    };
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str, len: std::ops::RangeInclusive<usize>| -> Result<u32> {
        if len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) {
            p.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let date = match parts.as_slice() {
        [y] => {
            let y = num(y, 4..=4)? as i32;
            match bound {
                DateBound::Start => NaiveDate::from_ymd_opt(y, 1, 1),
                DateBound::End => NaiveDate::from_ymd_opt(y, 12, 31),
            }
        }
        [y, m] => {
            let (y, m) = (num(y, 4..=4)? as i32, num(m, 1..=2)?);
            let first = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?;
            match bound {
                DateBound::Start => Some(first),
                DateBound::End => first
                    .checked_add_months(chrono::Months::new(1))
                    .and_then(|d| d.pred_opt()),
            }
        }
        [y, m, d] => NaiveDate::from_ymd_opt(num(y, 4..=4)? as i32, num(m, 1..=2)?, num(d, 1..=2)?),
        _ => None,
    };
    date.ok_or_else(bad)
}

/// UTC midnight of `day` as a tantivy date. Days outside what tantivy can
/// represent (nanoseconds in an `i64`: 1678 to 2261) are clamped to its
/// range instead of overflowing.
pub fn midnight(day: NaiveDate) -> DateTime {
    let lo = NaiveDate::from_ymd_opt(1678, 1, 1).expect("valid date");
    let hi = NaiveDate::from_ymd_opt(2261, 12, 31).expect("valid date");
    let day = day.clamp(lo, hi);
    DateTime::from_timestamp_secs(
        day.and_hms_opt(0, 0, 0)
            .expect("midnight")
            .and_utc()
            .timestamp(),
    )
}

/// RFC 3339 UTC midnight of `day` (`2019-12-31T00:00:00Z`): how dates are
/// written for tantivy's query parser and for the engines' exports.
pub fn rfc3339_midnight(day: NaiveDate) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        day.year(),
        day.month(),
        day.day()
    )
}

static DATE_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bdate:\s*([\[{])\s*(\S+?)\s+TO\s+(\S+?)\s*([\]}])").unwrap()
});
static DATE_ONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bdate:\s*([^\s\[{()]+)").unwrap());

/// Rewrites a user query so that tantivy's parser accepts ordinary text;
/// see the module documentation. Operators (`AND`, `OR`, `-`, `+`,
/// parentheses, `"phrases"`) pass through unchanged.
///
/// # Errors
/// [`Error::Usage`] for a `date:` value that is not a date.
pub fn rewrite(q: &str) -> Result<String> {
    rewrite_with_warnings(q).map(|(text, _)| text)
}

/// [`rewrite`], also returning a warning for each `word:value` whose
/// `word` is not a field (it is searched as plain words).
///
/// # Errors
/// [`Error::Usage`] for a `date:` value that is not a date, or a reversed
/// `date:[A TO B]` range.
pub fn rewrite_with_warnings(q: &str) -> Result<(String, Vec<String>)> {
    let mut warnings = Vec::new();
    // Dates first: `date:2019-12-31` and `date:[2019-12-01 TO 2019-12-31]`.
    let mut err = None;
    let q = DATE_RANGE.replace_all(q, |c: &regex::Captures| {
        let lo = if &c[2] == "*" {
            Ok("*".to_string())
        } else {
            parse_date_bound(&c[2], DateBound::Start).map(rfc3339_midnight)
        };
        let hi = if &c[3] == "*" {
            Ok("*".to_string())
        } else {
            parse_date_bound(&c[3], DateBound::End).map(rfc3339_midnight)
        };
        match (lo, hi) {
            (Ok(lo), Ok(hi)) if lo != "*" && hi != "*" && lo > hi => {
                err = Some(Error::Usage(format!(
                    "date range {} TO {} is reversed: put the earlier date first",
                    &c[2], &c[3]
                )));
                String::new()
            }
            (Ok(lo), Ok(hi)) => format!("date:{}{lo} TO {hi}{}", &c[1], &c[4]),
            (Err(e), _) | (_, Err(e)) => {
                err = Some(e);
                String::new()
            }
        }
    });
    let q = DATE_ONE.replace_all(&q, |c: &regex::Captures| {
        match (
            parse_date_bound(&c[1], DateBound::Start),
            parse_date_bound(&c[1], DateBound::End),
        ) {
            (Ok(lo), Ok(hi)) => format!(
                "date:[{} TO {}]",
                rfc3339_midnight(lo),
                rfc3339_midnight(hi)
            ),
            (Err(e), _) | (_, Err(e)) => {
                err = Some(e);
                String::new()
            }
        }
    });
    if let Some(e) = err {
        return Err(e);
    }
    let mut out = String::with_capacity(q.len() + 8);
    let mut chars = q.char_indices().peekable();
    let mut word = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' if q[i + 1..].contains('"') => {
                flush_word(&mut word, &mut out, Some('"'), &mut warnings);
                out.push('"');
                for (_, c) in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    out.push(if c == '\\' { ' ' } else { c });
                }
                out.push('"');
                // Phrase suffixes: `"big emb"*` (prefix), `"a b"~2` (slop), `^2`.
                while let Some(&(_, c)) = chars.peek() {
                    if matches!(c, '*' | '~' | '^' | '.') || c.is_ascii_digit() {
                        out.push(c);
                        chars.next();
                    } else {
                        break;
                    }
                }
            }
            // An unbalanced quotation mark is ignored (see `unbalanced`).
            '"' => {
                flush_word(&mut word, &mut out, Some(' '), &mut warnings);
                out.push(' ');
            }
            '[' | '{' if word.ends_with(':') => {
                word.push(c);
                for (_, c) in chars.by_ref() {
                    word.push(c);
                    if c == ']' || c == '}' {
                        break;
                    }
                }
                out.push_str(&word);
                word.clear();
            }
            '(' | ')' => {
                flush_word(&mut word, &mut out, Some(c), &mut warnings);
                out.push(c);
            }
            c if c.is_whitespace() => {
                flush_word(&mut word, &mut out, Some(c), &mut warnings);
                out.push(' ');
            }
            c => word.push(c),
        }
    }
    flush_word(&mut word, &mut out, None, &mut warnings);
    Ok((tidy_operators(&out), warnings))
}

/// Rewrites one bare word of a query (see [`rewrite`]); `next` is the
/// character that follows it (a `"` after `speaker:` keeps the field).
fn flush_word(word: &mut String, out: &mut String, next: Option<char>, warnings: &mut Vec<String>) {
    if word.is_empty() {
        return;
    }
    let w = std::mem::take(word);
    let (sign, rest) = match w.chars().next() {
        Some(c @ ('-' | '+')) if w.len() > 1 => (Some(c), &w[1..]),
        _ => (None, w.as_str()),
    };
    let (field, value) = match rest.split_once(':') {
        Some((f, v)) => {
            let known = FIELDS
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(f))
                .map(|&(_, canon)| canon);
            match known {
                Some(canon) => (Some(canon), v),
                None => {
                    // Not a field: the colon is text (`Update: port`, URLs).
                    if !v.is_empty() && !v.starts_with("//") && !f.is_empty() {
                        let names: Vec<&str> = FIELDS.iter().map(|&(n, _)| n).collect();
                        warnings.push(format!(
                            "{f:?} is not a field ({}); searched `{f}` and `{v}` as words",
                            names.join(", ")
                        ));
                    }
                    let text = rest.replace(':', " ");
                    let mut words = text.split_whitespace().peekable();
                    while let Some(part) = words.next() {
                        let mut tmp = String::new();
                        if let Some(s) = sign {
                            tmp.push(s);
                        }
                        tmp.push_str(part);
                        flush_word(&mut tmp, out, Some(' '), warnings);
                        if words.peek().is_some() {
                            out.push(' ');
                        }
                    }
                    return;
                }
            }
        }
        None => (None, rest),
    };
    if let Some(s) = sign {
        out.push(s);
    }
    if let Some(f) = field {
        out.push_str(f);
        out.push(':');
        if value.is_empty() && next == Some('"') {
            return;
        }
    }
    let value = if field == Some("handle") {
        value.trim_start_matches('@')
    } else {
        value
    };
    let value = value.trim_matches(['\'', '’']);
    // Suffixes of tantivy's syntax: `word^2` (boost), `word*` (prefix);
    // `word~1` (fuzzy) is not supported and is searched as `word`.
    let (value, suffix) = split_suffix(value, warnings);
    if value.is_empty() {
        return;
    }
    let special = |c: char| {
        matches!(
            c,
            '+' | '^' | '`' | ':' | '{' | '}' | '\'' | '[' | ']' | '!' | '\\' | '*' | '’' | '~'
        )
    };
    if value.contains(special) || value.starts_with('-') {
        out.push('"');
        out.extend(value.chars().map(|c| if c == '\\' { ' ' } else { c }));
        out.push('"');
    } else {
        out.push_str(value);
    }
    out.push_str(suffix);
}

/// Splits a trailing `^N` boost off a word (kept for tantivy's parser:
/// `oil^2`), and drops a `~N` fuzzy marker or a `*` prefix marker with a
/// warning (tantivy's parser has no fuzzy syntax, and its prefix syntax
/// needs a phrase of two words or more: `"big emb"*`).
fn split_suffix<'a>(value: &'a str, warnings: &mut Vec<String>) -> (&'a str, &'a str) {
    if let Some((base, n)) = value.rsplit_once('^')
        && !base.is_empty()
        && !n.is_empty()
        && n.parse::<f32>().is_ok_and(|b| b.is_finite() && b > 0.0)
    {
        return (base, &value[base.len()..]);
    }
    if let Some((base, n)) = value.rsplit_once('~')
        && !base.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
    {
        warnings.push(format!(
            "fuzzy matching ({value}) is not supported; searched {base:?} exactly"
        ));
        return (base, "");
    }
    match value.strip_suffix('*') {
        Some(base) if !base.is_empty() && !base.contains('*') => {
            warnings.push(format!(
                "prefix search on one word ({value}) is not supported; searched {base:?} (stemmed); for a phrase prefix write \"big emb\"*"
            ));
            (base, "")
        }
        _ => (value, ""),
    }
}

/// Removes operators that have nothing to join: `AND`/`OR` at the start or
/// end of the query or of a group, doubled operators (`oil AND OR gas`),
/// `NOT` with nothing after it; `AND NOT x` becomes `NOT x` (tantivy's
/// parser reads the former as matching nothing).
fn tidy_operators(text: &str) -> String {
    let mut tokens: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut in_phrase = false;
    let mut in_range = false;
    let flush = |cur: &mut String, tokens: &mut Vec<String>| {
        if !cur.is_empty() {
            tokens.push(std::mem::take(cur));
        }
    };
    for c in text.chars() {
        match c {
            '"' => {
                in_phrase = !in_phrase;
                cur.push(c);
            }
            '[' | '{' if !in_phrase => {
                in_range = true;
                cur.push(c);
            }
            ']' | '}' if !in_phrase => {
                in_range = false;
                cur.push(c);
            }
            '(' | ')' if !in_phrase && !in_range => {
                flush(&mut cur, &mut tokens);
                tokens.push(c.to_string());
            }
            c if c.is_whitespace() && !in_phrase && !in_range => flush(&mut cur, &mut tokens),
            c => cur.push(c),
        }
    }
    flush(&mut cur, &mut tokens);
    let binary = |t: Option<&String>| matches!(t.map(String::as_str), Some("AND" | "OR"));
    let is_op = |t: Option<&String>| matches!(t.map(String::as_str), Some("AND" | "OR" | "NOT"));
    let mut changed = true;
    while changed {
        changed = false;
        let mut kept: Vec<String> = Vec::with_capacity(tokens.len());
        for i in 0..tokens.len() {
            let t = &tokens[i];
            let prev = kept.last();
            let next = tokens.get(i + 1);
            let drop = match t.as_str() {
                "AND" | "OR" => {
                    prev.is_none()
                        || prev.is_some_and(|p| p == "(")
                        || is_op(prev)
                        || next.is_none()
                        || next.is_some_and(|n| n == ")")
                        || binary(next)
                        || (t == "AND" && next.is_some_and(|n| n == "NOT"))
                }
                "NOT" => next.is_none() || next.is_some_and(|n| n == ")") || is_op(next),
                _ => false,
            };
            if drop {
                changed = true;
            } else {
                kept.push(t.clone());
            }
        }
        tokens = kept;
    }
    let mut out = String::with_capacity(text.len());
    for t in &tokens {
        if !out.is_empty() && !out.ends_with('(') && t != ")" {
            out.push(' ');
        }
        out.push_str(t);
    }
    out
}

/// Whether a rewritten query has at least one term that is not excluded
/// (a query of only `-term`s matches nothing).
fn has_positive_term(text: &str) -> bool {
    // Each phrase becomes one placeholder word, keeping a `-` before it.
    let flat: String = text
        .split('"')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { "P" } else { part })
        .collect();
    let mut negate_next = false;
    for word in flat.split(|c: char| c.is_whitespace() || c == '(' || c == ')') {
        match word {
            "" | "AND" | "OR" => {}
            "NOT" => negate_next = true,
            w if w.starts_with('-') || negate_next => negate_next = false,
            _ => return true,
        }
    }
    false
}

/// Builds the tantivy query for a query string plus filters, searching
/// articles (see [`build_for`]).
///
/// # Errors
/// As [`build_for`].
pub fn build(
    index: &NewsIndex,
    query: &str,
    filters: &Filters,
) -> Result<(Box<dyn Query>, Vec<String>)> {
    let f = &index.fields;
    build_for(index, query, filters, &[f.title, f.body])
}

/// The fields searched by words without a field on `searcher`'s commit:
/// `title` (boosted ×2) and `body`, or `body` alone when no article of the
/// index has a title (plain `.txt` inputs). Skipping the empty field halves
/// the term lookups per segment and leaves hits and scores unchanged.
///
/// # Errors
/// tantivy errors opening a segment's term dictionary.
pub fn article_fields(index: &NewsIndex, searcher: &Searcher) -> Result<Vec<Field>> {
    let f = &index.fields;
    for segment in searcher.segment_readers() {
        if segment.inverted_index(f.title)?.terms().num_terms() > 0 {
            return Ok(vec![f.title, f.body]);
        }
    }
    Ok(vec![f.body])
}

/// Builds the tantivy query for a query string plus filters, words without
/// a field searched in `default_fields` (`title` and `body` for articles,
/// `quote` for quotations). An empty query string (or `*`) matches every
/// document.
///
/// Returns the query and warnings to show the user (lenient parsing,
/// words read as text).
///
/// # Errors
/// [`Error::Usage`] for a bad `date:` value, a reversed date range, or
/// `since` after `until`.
pub fn build_for(
    index: &NewsIndex,
    query: &str,
    filters: &Filters,
    default_fields: &[Field],
) -> Result<(Box<dyn Query>, Vec<String>)> {
    let f = &index.fields;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if let (Some(since), Some(until)) = (filters.since, filters.until)
        && since > until
    {
        return Err(Error::Usage(format!(
            "--since {since} is after --until {until}: nothing can match; swap them"
        )));
    }
    let query = query.trim();
    let (text, mut warnings) = rewrite_with_warnings(query)?;
    if !query.is_empty() && query != "*" {
        let mut parser = QueryParser::for_index(&index.index, default_fields.to_vec());
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.title, 2.0);
        if query.matches('"').count() % 2 == 1 {
            warnings.push("unbalanced quotation mark ignored".to_string());
        }
        if !has_positive_term(&text) {
            warnings.push(format!(
                "the query {query:?} has no word to search for (only operators or excluded words): no hits"
            ));
            return Ok((Box::new(tantivy::query::EmptyQuery), warnings));
        }
        let q = match parser.parse_query(&text) {
            Ok(q) => q,
            Err(e) => {
                let (q, _) = parser.parse_query_lenient(&text);
                warnings.push(format!(
                    "could not read the query exactly ({e}); searched it leniently"
                ));
                q
            }
        };
        clauses.push((Occur::Must, q));
    } else {
        clauses.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
    }
    if filters.since.is_some() || filters.until.is_some() {
        let lo = filters.since.map_or(Bound::Unbounded, |d| {
            Bound::Included(Term::from_field_date_for_search(f.date, midnight(d)))
        });
        let hi = filters.until.map_or(Bound::Unbounded, |d| {
            Bound::Included(Term::from_field_date_for_search(f.date, midnight(d)))
        });
        clauses.push((Occur::Must, Box::new(RangeQuery::new(lo, hi))));
    }
    for h in &filters.handles {
        let h = h.trim().trim_start_matches('@').to_lowercase();
        clauses.push((
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(f.handle, &h),
                IndexRecordOption::Basic,
            )),
        ));
    }
    if !filters.speakers.is_empty() {
        let table = IdentityTable::of_index(index)?;
        for s in &filters.speakers {
            clauses.push((Occur::Must, speaker_query(index, &table, s)));
        }
    }
    if !filters.sources.is_empty() {
        let any: Vec<(Occur, Box<dyn Query>)> = filters
            .sources
            .iter()
            .map(|s| {
                let term = Term::from_field_text(f.source, &s.trim().to_lowercase());
                let q: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    let q: Box<dyn Query> = if clauses.len() == 1 {
        clauses.pop().expect("one clause").1
    } else {
        Box::new(BooleanQuery::new(clauses))
    };
    Ok((q, warnings))
}

/// `--speaker NAME`: a speaker whose name contains the words of `name`
/// consecutively (see [`name_query`]), or, when `name` is a speaker of the
/// index, any variant of its identity ("Nigel Lawson" also finds the bare
/// "Lawson" that the identity table resolved to Nigel Lawson).
fn speaker_query(index: &NewsIndex, table: &IdentityTable, name: &str) -> Box<dyn Query> {
    let words = name_query(index, name);
    match table.get(name) {
        Some(id) if id.variants.len() > 1 => Box::new(BooleanQuery::new(vec![
            (Occur::Should, words),
            (
                Occur::Should,
                Box::new(ExactSpeakers {
                    values: id.variants.clone(),
                }),
            ),
        ])),
        _ => words,
    }
}

/// A query matching documents with a speaker whose name contains the words
/// of `name` consecutively ("trump" and "Donald Trump" both match "Donald
/// J. Trump"? no: "Donald Trump" needs the two words adjacent).
fn name_query(index: &NewsIndex, name: &str) -> Box<dyn Query> {
    let f = index.fields.speaker;
    let mut analyzer = index
        .index
        .tokenizers()
        .get(NAME_ANALYZER)
        .expect("name analyzer registered");
    let mut stream = analyzer.token_stream(name);
    let mut terms = Vec::new();
    while let Some(t) = stream.next() {
        terms.push(Term::from_field_text(f, &t.text));
    }
    match terms.len() {
        0 => Box::new(tantivy::query::EmptyQuery),
        1 => Box::new(TermQuery::new(
            terms.pop().expect("one"),
            IndexRecordOption::Basic,
        )),
        _ => Box::new(PhraseQuery::new(terms)),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn title_is_searched_only_when_some_article_has_one() {
        use crate::index::NewsIndex;
        let index = NewsIndex::in_ram();
        let f = index.fields.clone();
        let mut w: tantivy::IndexWriter = index.index.writer(15_000_000).unwrap();
        w.add_document(tantivy::doc!(f.body => "oil prices"))
            .unwrap();
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(article_fields(&index, &searcher).unwrap(), vec![f.body]);
        w.add_document(tantivy::doc!(f.title => "Oil", f.body => "prices"))
            .unwrap();
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(
            article_fields(&index, &searcher).unwrap(),
            vec![f.title, f.body]
        );
        let (q, _) = build_for(&index, "oil", &Filters::default(), &[f.title, f.body]).unwrap();
        assert_eq!(searcher.search(&*q, &tantivy::collector::Count).unwrap(), 2);
    }

    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn date_bounds() {
        assert_eq!(
            parse_date_bound("2020", DateBound::Start).unwrap(),
            d("2020-01-01")
        );
        assert_eq!(
            parse_date_bound("2024-02", DateBound::End).unwrap(),
            d("2024-02-29")
        );
        assert_eq!(
            parse_date_bound("2024-3-10", DateBound::Start).unwrap(),
            d("2024-03-10")
        );
        for bad in ["10/03/2024", "2024-02-30", "", "20240310", "2024-13"] {
            let e = parse_date_bound(bad, DateBound::Start)
                .unwrap_err()
                .to_string();
            assert!(e.contains("YYYY-MM-DD"), "{bad}: {e}");
        }
    }

    #[test]
    fn rewrites_plain_text() {
        assert_eq!(
            rewrite("minister's budget").unwrap(),
            "\"minister's\" budget"
        );
        assert_eq!(rewrite("'budget").unwrap(), "budget");
        assert_eq!(rewrite("Update: port").unwrap(), "Update port");
        assert_eq!(rewrite("deadline:").unwrap(), "deadline");
        assert_eq!(
            rewrite("https://example.org/x").unwrap(),
            "https //example.org/x"
        );
        assert_eq!(rewrite("state -run").unwrap(), "state -run");
        assert_eq!(rewrite("(a OR b) AND c").unwrap(), "(a OR b) AND c");
    }

    #[test]
    fn rewrites_fields_and_dates() {
        assert_eq!(rewrite("handles:@Foo_Bar").unwrap(), "handle:Foo_Bar");
        assert_eq!(
            rewrite("speakers:\"Doe Mark\"").unwrap(),
            "speaker:\"Doe Mark\""
        );
        assert_eq!(
            rewrite("date:2024-03-10").unwrap(),
            "date:[2024-03-10T00:00:00Z TO 2024-03-10T00:00:00Z]"
        );
        assert_eq!(
            rewrite("bridge AND date:[2024-03-10 TO 2024-03]").unwrap(),
            "bridge AND date:[2024-03-10T00:00:00Z TO 2024-03-31T00:00:00Z]"
        );
        assert!(rewrite("date:2024-02-30").is_err());
    }

    #[test]
    fn operators_without_operands_are_dropped() {
        assert_eq!(rewrite("oil OR").unwrap(), "oil");
        assert_eq!(rewrite("AND oil").unwrap(), "oil");
        assert_eq!(rewrite("oil AND NOT gas").unwrap(), "oil NOT gas");
        assert_eq!(rewrite("oil AND OR gas").unwrap(), "oil OR gas");
        assert_eq!(rewrite("(oil OR) AND gas").unwrap(), "(oil) AND gas");
        assert_eq!(rewrite("oil NOT").unwrap(), "oil");
        assert_eq!(rewrite("\"AND OR\" x").unwrap(), "\"AND OR\" x");
    }

    #[test]
    fn boost_prefix_and_fuzzy_suffixes() {
        assert_eq!(rewrite("oil^2 gas").unwrap(), "oil^2 gas");
        assert_eq!(rewrite("oi*").unwrap(), "oi");
        assert_eq!(
            rewrite("\"big emb\"* \"a b\"~2").unwrap(),
            "\"big emb\"* \"a b\"~2"
        );
        let (text, warnings) = rewrite_with_warnings("oil~1").unwrap();
        assert_eq!(text, "oil");
        assert_eq!(warnings.len(), 1);
        assert_eq!(rewrite("o*l").unwrap(), "\"o*l\"");
    }

    #[test]
    fn positive_terms() {
        assert!(has_positive_term("state -run"));
        assert!(has_positive_term("-run \"a b\""));
        assert!(!has_positive_term("-run"));
        assert!(!has_positive_term("-a AND -\"b c\""));
        assert!(!has_positive_term("NOT a"));
    }
}

//! Query strings and filters → a tantivy [`Query`].
//!
//! User text goes through [`rewrite`] before tantivy's query parser sees it,
//! so that ordinary text never fails to parse: apostrophes (`minister's`),
//! unknown `word:` prefixes (`Update: port`, URLs), plain dates in
//! `date:2019-12-31`, and field aliases (`speakers:`, `handles:`).

use super::identity::{ExactSpeakers, IdentityTable};
use crate::index::NewsIndex;
use crate::index::schema::{MAX_TOKEN_BYTES, NAME_ANALYZER};
use crate::{Error, Result};
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::ops::Bound;
use std::sync::LazyLock;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query,
    QueryParser, QueryParserError, RangeQuery, TermQuery,
};
use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
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

/// Parses a date into the first or last day it covers: `YYYY`, `YYYY-MM`
/// (also `YYYY/MM`) or `YYYY-MM-DD`, or any form ingest reads in records
/// (see [`crate::source::dates`]: `1987/03/01`, `19870301`, RFC 3339
/// `1987-03-01T10:00:00Z`, RFC 2822, `March 1, 1987`, `1 Mar 1987`), which
/// name one day.
///
/// # Errors
/// [`Error::Usage`] naming the accepted forms, for anything else
/// (`10/03/2024`, whose order is ambiguous; `2024-02-30`).
pub fn parse_date_bound(s: &str, bound: DateBound) -> Result<NaiveDate> {
    let bad = || {
        Error::Usage(format!(
            "invalid date {s:?}: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019, 2019-12, 2019-12-31), or a date as ingest reads it (1987/03/01, 1987-03-01T10:00:00Z, March 1, 1987)"
        ))
    };
    let t = s.trim().trim_matches('"');
    let dashed = t.replace('/', "-");
    let parts: Vec<&str> = if dashed.len() <= 10 {
        dashed.split('-').collect()
    } else {
        Vec::new()
    };
    let num = |p: &str, len: std::ops::RangeInclusive<usize>| -> Result<u32> {
        if len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) {
            p.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let short = || -> Result<Option<NaiveDate>> {
        Ok(match parts.as_slice() {
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
            [y, m, d] => {
                NaiveDate::from_ymd_opt(num(y, 4..=4)? as i32, num(m, 1..=2)?, num(d, 1..=2)?)
            }
            _ => None,
        })
    };
    let date = short().ok().flatten();
    date.or_else(|| crate::source::dates::parse(t))
        .ok_or_else(bad)
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
    LazyLock::new(|| Regex::new(r#"(?i)\bdate:\s*("[^"]*"|[^\s\[{()]+)"#).unwrap());
static DATE_CMP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\bdate:\s*(>=|<=|>|<)\s*("[^"]*"|[^\s()]+)"#).unwrap());
/// A number with a percent sign or word (`3.5%`, `3.5 pct`, `10 per cent`).
static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[$€£¥]?(\d[\d,]*(?:\.\d+)?)\s*(?:%|pct\b|percent\b|per\s+cent\b)").unwrap()
});
/// A number and the scale or currency word after it (`$1.2 billion`,
/// `US$1.2 billion`, `500 mln`).
static SCALED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:(?:US|U\.S\.|A|C|HK|NZ|S)?[$€£¥])?(\d[\d,]*(?:\.\d+)?)\s+(thousand|million|mln|billion|bln|trillion|dlrs|dollars|yen|marks|stg|francs|tonnes)\b",
    )
    .unwrap()
});

/// Typographic double quotation marks and guillemets, read as `"`.
const DOUBLE_QUOTES: &[char] = &[
    '\u{201C}', '\u{201D}', '\u{201E}', '\u{201F}', '\u{00AB}', '\u{00BB}', '\u{2039}', '\u{203A}',
    '\u{301D}', '\u{301E}', '\u{301F}', '\u{FF02}', '\u{2033}',
];

/// `q` with typographic quotation marks turned into `"`: double marks
/// (“…”, „…“, «…», a mixed "…”) always; single marks (‘…’, ‚…‘) when
/// they open at the start of a word and close at the end of one, so that
/// the apostrophe of `minister’s` stays an apostrophe.
fn normalize_quotes(q: &str) -> String {
    if q.is_ascii() {
        return q.to_string();
    }
    let chars: Vec<char> = q.chars().collect();
    let mut out = String::with_capacity(q.len());
    let mut single_open = false;
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let starts_word = before.is_none_or(|b| b.is_whitespace() || b == '(');
        let ends_word = after.is_none_or(|a| {
            a.is_whitespace() || matches!(a, ')' | '*' | '~' | '^' | ',' | '.' | '?' | '!' | ';')
        });
        if DOUBLE_QUOTES.contains(&c) {
            out.push('"');
        } else if matches!(c, '\u{2018}' | '\u{201A}' | '\u{201B}') && starts_word && !single_open {
            single_open = true;
            out.push('"');
        } else if matches!(c, '\u{2019}' | '\u{2018}') && single_open && ends_word {
            single_open = false;
            out.push('"');
        } else {
            out.push(c);
        }
    }
    out
}

/// Applies `f` to the parts of `q` outside `"phrases"`.
fn outside_phrases(q: &str, f: impl Fn(&str) -> String) -> String {
    q.split('"')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 0 {
                f(part)
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\"")
}

/// Whether the match `m` of a number pattern in `text` stands alone (not
/// glued to a word, a field name or another number).
fn stands_alone(text: &str, m: &regex::Match) -> bool {
    let before = text[..m.start()].chars().next_back();
    let after = text[m.end()..].chars().next();
    before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '+'))
        && after.is_none_or(|c| !c.is_alphanumeric())
}

/// Numbers as people write them: `3.5%` (also `3.5 pct`, `3.5 percent`)
/// is the phrase "3.5%", which finds any of the four ways of writing it
/// (see [`phrase_alternatives`]); a number and its scale or currency word
/// (`$1.2 billion`, `US$1.2 billion`) is the phrase "1.2 billion".
fn number_phrases(part: &str) -> String {
    if !part.bytes().any(|b| b.is_ascii_digit()) {
        return part.to_string();
    }
    let part = PERCENT.replace_all(part, |c: &regex::Captures| {
        let m = c.get(0).expect("whole match");
        if !stands_alone(part, &m) {
            return m.as_str().to_string();
        }
        format!("\"{}%\"", &c[1])
    });
    let part = part.as_ref();
    SCALED
        .replace_all(part, |c: &regex::Captures| {
            let m = c.get(0).expect("whole match");
            if !stands_alone(part, &m) {
                return m.as_str().to_string();
            }
            format!("\"{} {}\"", &c[1], &c[2])
        })
        .into_owned()
}

/// Ways of writing a percentage after its number.
const PERCENT_FORMS: &[&str] = &["%", " pct", " percent", " per cent"];

/// Percentages in one phrase whose ways of writing are tried (4 each).
const MAX_PERCENTS_PER_PHRASE: usize = 2;

/// The phrases that `phrase` stands for: with each percentage (`3.5%`,
/// `3.5 pct`, …, the first [`MAX_PERCENTS_PER_PHRASE`]) written in each of
/// the ways of [`PERCENT_FORMS`] (`"rose 3.5%"` also finds "rose 3.5
/// pct"), and a currency before a scaled number left out (`"US$1.2
/// billion"` is "1.2 billion"). Just `phrase` when it has neither.
fn phrase_alternatives(phrase: &str) -> Vec<String> {
    if !phrase.bytes().any(|b| b.is_ascii_digit()) {
        return vec![phrase.to_string()];
    }
    let phrase = SCALED.replace_all(phrase, |c: &regex::Captures| {
        let m = c.get(0).expect("whole match");
        if !stands_alone(phrase, &m) {
            return m.as_str().to_string();
        }
        format!("{} {}", &c[1], &c[2])
    });
    let mut alts = vec![String::new()];
    let mut last = 0;
    let found = PERCENT
        .captures_iter(&phrase)
        .filter(|c| c.get(0).is_some_and(|m| stands_alone(&phrase, &m)))
        .take(MAX_PERCENTS_PER_PHRASE);
    for c in found {
        let m = c.get(0).expect("whole match");
        let before = &phrase[last..m.start()];
        let n = &c[1];
        alts = alts
            .iter()
            .flat_map(|a| {
                PERCENT_FORMS
                    .iter()
                    .map(move |f| format!("{a}{before}{n}{f}"))
            })
            .collect();
        last = m.end();
    }
    for a in &mut alts {
        a.push_str(&phrase[last..]);
    }
    alts
}

/// Query words that do not make a document fail to match when they are
/// written outside a phrase next to other words (`what is the trade
/// deficit with japan?` requires "trade", "deficit" and "japan"; the others
/// only add to the score). Compared lower-cased.
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did",
    "do", "does", "for", "from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "in",
    "into", "is", "it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "she", "so",
    "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "to", "us", "was", "we", "were", "what", "when", "where", "which", "who", "whom",
    "why", "will", "with", "would", "you", "your",
];

/// Prefix of the stand-in words that replace wildcard and fuzzy words in
/// the text handed to tantivy's query grammar (see [`Special`]).
const PLACEHOLDER: &str = "zqspecialzq";

/// A query word that tantivy's query grammar has no syntax for; it is
/// expanded to the index's own terms (see [`MAX_EXPANSIONS`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Special {
    /// `immigra*`, `immigr?nt`: the pattern as typed, lower-cased.
    Wildcard(String),
    /// `deficit~1`: the word as typed and the number of edits (1 or 2).
    Fuzzy(String, u8),
}

impl Special {
    /// How the user wrote it.
    fn display(&self) -> String {
        match self {
            Special::Wildcard(p) => p.clone(),
            Special::Fuzzy(w, d) => format!("{w}~{d}"),
        }
    }
}

/// Most index terms that one wildcard, fuzzy word or phrase prefix may
/// stand for; past it the query is refused with a usage error naming the
/// word (a longer prefix is needed).
pub const MAX_EXPANSIONS: usize = 1000;

/// A rewritten query: the text for tantivy's grammar (special words as
/// stand-ins), the warnings, and the special words in order.
#[derive(Debug, Clone, Default)]
pub struct Rewritten {
    /// Query text for tantivy's grammar.
    pub text: String,
    /// Warnings for the user (one line each).
    pub warnings: Vec<String>,
    /// The `n`-th special word stands in the text as `zqspecialzq{n}`.
    pub specials: Vec<Special>,
}

impl Rewritten {
    /// The text with each stand-in replaced by the special word as typed.
    pub fn display(&self) -> String {
        let mut t = self.text.clone();
        for (i, sp) in self.specials.iter().enumerate().rev() {
            t = t.replace(&format!("{PLACEHOLDER}{i}"), &sp.display());
        }
        t
    }
}

/// Lower-case `and`, `or` and `not` between two words: a hint that the
/// operator was probably meant (they are searched as ordinary words).
fn operator_hints(q: &str) -> Vec<String> {
    if !(q.contains(" and ") || q.contains(" or ") || q.contains(" not ")) {
        return Vec::new();
    }
    let flat: String = q
        .split('"')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { " P " } else { part })
        .collect();
    let words: Vec<&str> = flat.split_whitespace().collect();
    let mut hints = Vec::new();
    for w in words.windows(3).map(|t| t[1]) {
        if matches!(w, "and" | "or" | "not") {
            let op = w.to_uppercase();
            let hint = format!(
                "\"{w}\" is searched as an optional common word, not as an operator: did you mean {op}? (operators are upper case: oil {op} opec)"
            );
            if !hints.contains(&hint) {
                hints.push(hint);
            }
        }
    }
    hints
}

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
/// `word` is not a field (it is searched as plain words) and for each
/// lenient reading (see [`rewrite_full`]). Wildcard and fuzzy words are
/// shown as typed.
///
/// # Errors
/// As [`rewrite_full`].
pub fn rewrite_with_warnings(q: &str) -> Result<(String, Vec<String>)> {
    let r = rewrite_full(q)?;
    Ok((r.display(), r.warnings))
}

/// Rewrites a user query for tantivy's query grammar (see the module
/// documentation): typographic quotation marks become `"`, an unbalanced
/// `"` is closed at the end (with a warning), empty phrases are dropped,
/// numbers with `%` or a scale word become phrases, `date:` values in any
/// form ingest reads (and `date:>X`, `date:>=X`, `date:<X`, `date:<=X`)
/// become RFC 3339 ranges, and wildcard and fuzzy words become stand-ins
/// listed in [`Rewritten::specials`].
///
/// # Errors
/// [`Error::Usage`] for a `date:` value that is not a date, or a reversed
/// `date:[A TO B]` range.
pub fn rewrite_full(q: &str) -> Result<Rewritten> {
    let mut warnings = Vec::new();
    let mut specials = Vec::new();
    let mut q = normalize_quotes(q);
    if q.matches('"').count() % 2 == 1 {
        warnings.push(
            "unbalanced quotation mark: the phrase was closed at the end of the query".to_string(),
        );
        q.push('"');
    }
    warnings.extend(operator_hints(&q));
    // `oil || gas`, `oil && gas`: the operators of other search engines.
    let q = if q.contains("||") || q.contains("&&") {
        outside_phrases(&q, |part| part.replace("||", " OR ").replace("&&", " AND "))
    } else {
        q
    };
    let q = if q.bytes().any(|b| b.is_ascii_digit()) {
        outside_phrases(&q, number_phrases)
    } else {
        q
    };
    if let Some(word) = field_in_field(&q) {
        return Err(Error::Usage(format!(
            "{word}: a field cannot hold another field; write one per word (title:oil date:1987)"
        )));
    }
    // Dates first: `date:>1987-10-01`, `date:2019-12-31` and
    // `date:[2019-12-01 TO 2019-12-31]`.
    let q = if q
        .as_bytes()
        .windows(5)
        .any(|w| w.eq_ignore_ascii_case(b"date:"))
    {
        rewrite_dates(&q)?
    } else {
        q
    };
    // Angle brackets left after the dates are punctuation: a wire ticker
    // `<XON>` is the word XON, `a > b` the words a and b (tantivy would read
    // a range on no field).
    let q = if q.contains(['<', '>']) {
        outside_phrases(&q, |part| part.replace(['<', '>'], " "))
    } else {
        q
    };
    let mut out = String::with_capacity(q.len() + 8);
    let mut chars = q.char_indices().peekable();
    let mut word = String::new();
    let mut w =
        |word: &mut String, out: &mut String, next: Option<char>, warnings: &mut Vec<String>| {
            flush_word(word, out, next, warnings, &mut specials)
        };
    while let Some((i, c)) = chars.next() {
        match c {
            '"' if q[i + 1..].contains('"') => {
                w(&mut word, &mut out, Some('"'), &mut warnings);
                let mut phrase = String::new();
                for (_, c) in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    phrase.push(if c == '\\' { ' ' } else { c });
                }
                // Phrase suffixes: `"big emb"*` (prefix), `"a b"~2` (slop), `^2`.
                let mut suffix = String::new();
                while let Some(&(_, c)) = chars.peek() {
                    if matches!(c, '*' | '~' | '^' | '.') || c.is_ascii_digit() {
                        suffix.push(c);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if !phrase.chars().any(char::is_alphanumeric) {
                    // `""`: nothing to search for.
                    if out.ends_with(':') {
                        let cut = out
                            .rfind(|c: char| c.is_whitespace() || c == '(')
                            .map_or(0, |i| i + 1);
                        out.truncate(cut);
                    }
                    continue;
                }
                if suffix == "*" && phrase.trim().chars().all(char::is_alphanumeric) {
                    // `"crude"*`: a one-word phrase prefix is a prefix query.
                    let mut tmp = format!("{}*", phrase.trim());
                    w(&mut tmp, &mut out, None, &mut warnings);
                    continue;
                }
                let alts = phrase_alternatives(&phrase);
                if let [one] = alts.as_slice() {
                    out.push('"');
                    out.push_str(one);
                    out.push('"');
                    out.push_str(&suffix);
                    continue;
                }
                // `-body:"rose 3.5%"~1` → `-(body:"rose 3.5%"~1 OR …)`.
                let start = out
                    .rfind(|c: char| c.is_whitespace() || c == '(')
                    .map_or(0, |i| i + 1);
                let field = out[start..].trim_start_matches(['+', '-']).to_string();
                out.truncate(out.len() - field.len());
                let alts: Vec<String> = alts
                    .iter()
                    .map(|a| format!("{field}\"{a}\"{suffix}"))
                    .collect();
                out.push('(');
                out.push_str(&alts.join(" OR "));
                out.push(')');
            }
            '"' => {
                w(&mut word, &mut out, Some(' '), &mut warnings);
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
                w(&mut word, &mut out, Some(c), &mut warnings);
                out.push(c);
            }
            c if c.is_whitespace() => {
                w(&mut word, &mut out, Some(c), &mut warnings);
                out.push(' ');
            }
            c => word.push(c),
        }
    }
    w(&mut word, &mut out, None, &mut warnings);
    Ok(Rewritten {
        text: tidy_operators(&out),
        warnings,
        specials,
    })
}

/// The first word of `q` outside phrases that names a field inside a
/// field (`title:date:1987`), which tantivy cannot read.
fn field_in_field(q: &str) -> Option<String> {
    let is_field = |f: &str| FIELDS.iter().any(|(n, _)| n.eq_ignore_ascii_case(f));
    q.split('"').step_by(2).find_map(|part| {
        part.split_whitespace().find_map(|w| {
            let mut parts = w.trim_start_matches(['(', '+', '-']).splitn(3, ':');
            match (parts.next(), parts.next(), parts.next()) {
                (Some(a), Some(b), Some(_)) if is_field(a) && is_field(b) => Some(w.to_string()),
                _ => None,
            }
        })
    })
}

/// The `date:` values of `q` as RFC 3339 ranges (see [`rewrite_full`]).
///
/// # Errors
/// [`Error::Usage`] for a value that is not a date or a reversed range.
fn rewrite_dates(q: &str) -> Result<String> {
    let mut err = None;
    // `title:"date:1987"` is a phrase, not a date.
    let in_phrase = |text: &str, c: &regex::Captures| {
        let start = c.get(0).map_or(0, |m| m.start());
        text[..start].matches('"').count() % 2 == 1
    };
    let q = DATE_CMP.replace_all(q, |c: &regex::Captures| {
        if in_phrase(q, c) {
            return c[0].to_string();
        }
        let (op, v) = (&c[1], &c[2]);
        let bound = if op.starts_with('>') == (op.len() == 1) {
            DateBound::End
        } else {
            DateBound::Start
        };
        match parse_date_bound(v, bound).map(rfc3339_midnight) {
            Ok(d) => match op {
                ">" => format!("date:{{{d} TO *]"),
                ">=" => format!("date:[{d} TO *]"),
                "<" => format!("date:[* TO {d}}}"),
                _ => format!("date:[* TO {d}]"),
            },
            Err(e) => {
                err = Some(e);
                String::new()
            }
        }
    });
    let text = q.clone().into_owned();
    let q = DATE_RANGE.replace_all(&text, |c: &regex::Captures| {
        if in_phrase(&text, c) {
            return c[0].to_string();
        }
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
    let text = q.into_owned();
    let q = DATE_ONE.replace_all(&text, |c: &regex::Captures| {
        if in_phrase(&text, c) {
            return c[0].to_string();
        }
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
    match err {
        Some(e) => Err(e),
        None => Ok(q.into_owned()),
    }
}

/// Rewrites one bare word of a query (see [`rewrite`]); `next` is the
/// character that follows it (a `"` after `speaker:` keeps the field).
fn flush_word(
    word: &mut String,
    out: &mut String,
    next: Option<char>,
    warnings: &mut Vec<String>,
    specials: &mut Vec<Special>,
) {
    if word.is_empty() {
        return;
    }
    let w = std::mem::take(word);
    if matches!(w.as_str(), "-" | "+") && matches!(next, Some('(' | '"')) {
        // `-(gas opec)`, `-"crude oil"`: the sign of a group or phrase.
        out.push_str(&w);
        return;
    }
    let start = out.len();
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
                        flush_word(&mut tmp, out, Some(' '), warnings, specials);
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
    // `word^2` (boost) is tantivy's syntax; `word*`, `wo?d` (wildcards)
    // and `word~1` (fuzzy) become stand-ins (see `Special`).
    let (value, suffix, special) = split_suffix(value, warnings);
    if let Some(sp) = special {
        out.push_str(&format!("{PLACEHOLDER}{}", specials.len()));
        specials.push(sp);
        out.push_str(suffix);
        return;
    }
    if !value.chars().any(char::is_alphanumeric) {
        // `-`, `+`, `~`, `\`: no word to search for (the analyzer would
        // find none), so neither the sign nor the field stays.
        out.truncate(start);
        return;
    }
    if value
        .split(|c: char| !c.is_alphanumeric())
        .any(|run| run.len() > MAX_TOKEN_BYTES)
    {
        warnings.push(format!(
            "{}: words longer than {MAX_TOKEN_BYTES} letters are not indexed; left out",
            shorten(value)
        ));
        out.truncate(start);
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

/// `s` as shown in a warning: at most 40 characters, then `…`.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Splits a trailing `^N` boost off a word (kept for tantivy's parser:
/// `oil^2`; a boost that is not a positive number is dropped with a
/// warning), and recognises fuzzy words (`word~1`, `word~2`, `word~`: 1
/// edit up to 5 letters, else 2) and wildcards (`immigra*`, `colo?r`; a
/// trailing `?` is a question mark, not a wildcard): they are returned as
/// a [`Special`].
fn split_suffix<'a>(
    value: &'a str,
    warnings: &mut Vec<String>,
) -> (&'a str, &'a str, Option<Special>) {
    if let Some((base, n)) = value.rsplit_once('^')
        && !base.is_empty()
    {
        if !n.is_empty() && n.parse::<f32>().is_ok_and(|b| b.is_finite() && b > 0.0) {
            let (base, _, special) = split_suffix(base, warnings);
            return (base, &value[value.len() - n.len() - 1..], special);
        }
        warnings.push(format!(
            "{value}: a boost is a positive number (word^2); searched {base:?} without one"
        ));
        return split_suffix(base, warnings);
    }
    if let Some((base, n)) = value.split_once('~')
        && !base.is_empty()
        && !n.bytes().all(|b| b.is_ascii_digit())
    {
        // `oil~abc`, `oil~1.5`: not a number of edits.
        warnings.push(format!(
            "{value}: a fuzzy word takes 1 or 2 edits (oil~1, oil~2); searched {base:?} as written"
        ));
        return split_suffix(base, warnings);
    }
    if let Some((base, n)) = value.rsplit_once('~')
        && !base.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
    {
        let edits = match n.parse::<u32>() {
            Ok(d) => d,
            Err(_) if base.chars().count() > 5 => 2,
            Err(_) => 1,
        };
        if edits == 0 {
            return (base, "", None);
        }
        if edits > 2 {
            warnings.push(format!(
                "{value}: at most 2 edits are supported; searched {base}~2"
            ));
        }
        let base = base.trim_end_matches(['*', '?']);
        return (
            base,
            "",
            Some(Special::Fuzzy(base.to_lowercase(), edits.min(2) as u8)),
        );
    }
    // `japan?` in a question: the `?` is punctuation.
    let value = if value.ends_with('?') && !value.contains('*') {
        value.trim_end_matches('?')
    } else {
        value
    };
    if value.contains(['*', '?']) {
        if !value.chars().any(char::is_alphanumeric) {
            // A lone `*` means every document (no warning).
            if value != "*" {
                warnings.push(format!(
                    "{value}: a wildcard needs letters to go with (immigra*); ignored"
                ));
            }
            return ("", "", None);
        }
        // `immigra**` is `immigra*`.
        let mut pattern = value.to_lowercase();
        while pattern.contains("**") {
            pattern = pattern.replace("**", "*");
        }
        return (value, "", Some(Special::Wildcard(pattern)));
    }
    (value, "", None)
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
            '(' if !in_phrase && !in_range && matches!(cur.as_str(), "-" | "+") => {
                // `-(gas opec)`: the sign stays on its group.
                cur.push(c);
                flush(&mut cur, &mut tokens);
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
                        || prev.is_some_and(|p| p.ends_with('('))
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
            // `+(`: a sign with nothing to search for.
            w if !w.chars().any(char::is_alphanumeric) => {}
            _ => return true,
        }
    }
    false
}

/// What the warning for a query without a positive word says (after the
/// query): such a query matches nothing, and `delete --query` refuses it.
pub const NO_WORD: &str = "has no word to search for";

/// How the warning for a query without a positive word ends.
const NO_WORD_END: &str = "only operators, excluded words or punctuation; no hits";

/// Whether `warnings` (of [`build_for`]) say that the query has no
/// positive word, so that it matched nothing on purpose.
pub fn has_no_word(warnings: &[String]) -> bool {
    warnings
        .iter()
        .any(|w| w.starts_with("the query ") && w.ends_with(NO_WORD_END))
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
/// index has a title apart from its body (plain `.txt` inputs, whose
/// headline is also the body's first line). Skipping `title` then halves the
/// term lookups per segment and loses no hit; `title:` still searches it.
///
/// # Errors
/// tantivy errors opening a segment's term dictionary.
pub fn article_fields(index: &NewsIndex, searcher: &Searcher) -> Result<Vec<Field>> {
    let f = &index.fields;
    let marker = f.title_apart.unwrap_or(f.title);
    for segment in searcher.segment_readers() {
        if segment.inverted_index(marker)?.terms().num_terms() > 0 {
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
    let mut rewritten = rewrite_full(query)?;
    let mut warnings = std::mem::take(&mut rewritten.warnings);
    let text = rewritten.text.as_str();
    if !query.is_empty() && query != "*" {
        let mut parser = QueryParser::for_index(&index.index, default_fields.to_vec());
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.title, 2.0);
        let no_word = |mut warnings: Vec<String>| {
            warnings.push(format!("the query {query:?} {NO_WORD}: {NO_WORD_END}"));
            Ok((
                Box::new(tantivy::query::EmptyQuery) as Box<dyn Query>,
                warnings,
            ))
        };
        if !has_positive_term(text) {
            return no_word(warnings);
        }
        let q = if rewritten.specials.is_empty() && !text.contains("\"*") && !has_stop_word(text) {
            // The common case, read by tantivy's parser alone. A query
            // whose every word is excluded (or analyzed away) is never read
            // leniently: tantivy would then match every document.
            match parser.parse_query(text) {
                Ok(q) => q,
                Err(QueryParserError::AllButQueryForbidden) => return no_word(warnings),
                Err(e) => {
                    let (q, errors) = parser.parse_query_lenient(text);
                    if errors
                        .iter()
                        .any(|e| matches!(e, QueryParserError::AllButQueryForbidden))
                    {
                        return no_word(warnings);
                    }
                    warnings.push(format!(
                        "could not read the query exactly ({e}); searched it leniently"
                    ));
                    q
                }
            }
        } else {
            let ast = match tantivy::query_grammar::parse_query(text) {
                Ok(ast) => ast,
                Err(_) => {
                    warnings.push(
                        "could not read the query exactly; searched it leniently".to_string(),
                    );
                    tantivy::query_grammar::parse_query_lenient(text).0
                }
            };
            let mut b = AstBuilder {
                index,
                parser: &parser,
                default_fields,
                specials: &rewritten.specials,
                searcher: None,
                warnings: &mut warnings,
            };
            match b.build_top(optional_stop_words(ast))? {
                Some(q) => q,
                None => return no_word(warnings),
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
    Ok((safe_exclusions(q), warnings))
}

/// `q` with each excluded clause of its boolean queries wrapped in an
/// [`Exclusion`].
fn safe_exclusions(q: Box<dyn Query>) -> Box<dyn Query> {
    let Some(b) = q.downcast_ref::<BooleanQuery>() else {
        return q;
    };
    let clauses = b
        .clauses()
        .iter()
        .map(|(occur, c)| {
            let c = safe_exclusions(c.box_clone());
            if *occur == Occur::MustNot {
                (*occur, Box::new(Exclusion(c)) as Box<dyn Query>)
            } else {
                (*occur, c)
            }
        })
        .collect();
    let mut rebuilt = BooleanQuery::new(clauses);
    rebuilt.set_minimum_number_should_match(b.get_minimum_number_should_match());
    Box::new(rebuilt)
}

/// An excluded clause (`-"trade deficit"`, `NOT (a b)`) whose scorer
/// answers tantivy's `seek_danger` with plain forward seeks: tantivy 0.27's
/// phrase scorer asserts, in debug builds, on the backward `seek_danger`
/// that an exclusion may send it (tantivy issue #2811), and panicked on
/// `deficit NOT "trade deficit"`.
#[derive(Debug)]
struct Exclusion(Box<dyn Query>);

impl Clone for Exclusion {
    fn clone(&self) -> Self {
        Exclusion(self.0.box_clone())
    }
}

impl Query for Exclusion {
    fn weight(
        &self,
        scoring: tantivy::query::EnableScoring<'_>,
    ) -> tantivy::Result<Box<dyn tantivy::query::Weight>> {
        Ok(Box::new(ExclusionWeight(self.0.weight(scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

/// The weight of an [`Exclusion`].
struct ExclusionWeight(Box<dyn tantivy::query::Weight>);

impl tantivy::query::Weight for ExclusionWeight {
    fn scorer(
        &self,
        reader: &tantivy::SegmentReader,
        boost: tantivy::Score,
    ) -> tantivy::Result<Box<dyn tantivy::query::Scorer>> {
        Ok(Box::new(ForwardSeeks(self.0.scorer(reader, boost)?)))
    }

    fn explain(
        &self,
        reader: &tantivy::SegmentReader,
        doc: tantivy::DocId,
    ) -> tantivy::Result<tantivy::query::Explanation> {
        self.0.explain(reader, doc)
    }
}

/// A scorer that only ever seeks forward (`seek_danger` is the default,
/// through [`tantivy::DocSet::seek`]).
struct ForwardSeeks(Box<dyn tantivy::query::Scorer>);

impl tantivy::DocSet for ForwardSeeks {
    fn advance(&mut self) -> tantivy::DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: tantivy::DocId) -> tantivy::DocId {
        let doc = self.0.doc();
        if doc >= target {
            doc
        } else {
            self.0.seek(target)
        }
    }

    fn doc(&self) -> tantivy::DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }
}

impl tantivy::query::Scorer for ForwardSeeks {
    fn score(&mut self) -> tantivy::Score {
        self.0.score()
    }
}

/// Whether `word` as written is one of the [`STOP_WORDS`]: one written in
/// capitals (two letters or more: `US`, `IT`, `WHO`) is an acronym, not a
/// common word.
fn is_stop_word(word: &str) -> bool {
    let acronym = word.chars().count() >= 2 && word.chars().all(char::is_uppercase);
    !acronym && STOP_WORDS.iter().any(|s| s.eq_ignore_ascii_case(word))
}

/// Whether a bare word of the rewritten text (outside phrases) is one of
/// the [`STOP_WORDS`] (see [`is_stop_word`]).
fn has_stop_word(text: &str) -> bool {
    text.split('"').step_by(2).any(|part| {
        part.split(|c: char| c.is_whitespace() || c == '(' || c == ')')
            .any(is_stop_word)
    })
}

/// Whether `leaf` is a bare stop word (no field, no quotation marks).
fn is_stop_leaf(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Leaf(leaf) => matches!(leaf.as_ref(), UserInputLeaf::Literal(l)
            if l.field_name.is_none()
                && l.delimiter == Delimiter::None
                && is_stop_word(&l.phrase)),
        _ => false,
    }
}

/// Makes bare stop words written next to other words optional (they add
/// to the score but no longer make a document fail to match); a group of
/// only stop words (`to be or not to be`) keeps them required. Explicit
/// operators (`+the`, `the AND x`, `-the`) are kept.
fn optional_stop_words(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(children) => {
            let implicit_stop =
                |(o, a): &(Option<Occur>, UserInputAst)| o.is_none() && is_stop_leaf(a);
            let stops = children.iter().filter(|c| implicit_stop(c)).count();
            let required = children
                .iter()
                .filter(|(o, _)| matches!(o, None | Some(Occur::Must)))
                .count();
            let keep = stops == required;
            UserInputAst::Clause(
                children
                    .into_iter()
                    .map(|c| {
                        let optional = !keep && implicit_stop(&c);
                        let (o, a) = c;
                        let o = if optional { Some(Occur::Should) } else { o };
                        (o, optional_stop_words(a))
                    })
                    .collect(),
            )
        }
        UserInputAst::Boost(a, b) => UserInputAst::Boost(Box::new(optional_stop_words(*a)), b),
        leaf => leaf,
    }
}

/// Builds a query from the grammar's tree, handing every part without a
/// special word to tantivy's parser, and expanding wildcard and fuzzy
/// words and phrase prefixes to the index's terms.
struct AstBuilder<'a> {
    index: &'a NewsIndex,
    parser: &'a QueryParser,
    default_fields: &'a [Field],
    specials: &'a [Special],
    /// Opened on the first expansion.
    searcher: Option<Searcher>,
    warnings: &'a mut Vec<String>,
}

impl AstBuilder<'_> {
    fn is_special(ast: &UserInputAst) -> bool {
        match ast {
            UserInputAst::Clause(c) => c.iter().any(|(_, a)| Self::is_special(a)),
            UserInputAst::Boost(a, _) => Self::is_special(a),
            UserInputAst::Leaf(leaf) => matches!(leaf.as_ref(), UserInputLeaf::Literal(l)
                if l.prefix || l.phrase.starts_with(PLACEHOLDER)),
        }
    }

    /// [`Self::build`] for the whole query; `None` when the query has no
    /// positive word (tantivy would read it as every document but those
    /// excluded).
    fn build_top(&mut self, ast: UserInputAst) -> Result<Option<Box<dyn Query>>> {
        if !Self::is_special(&ast) {
            return self.plain(ast, true);
        }
        self.build(ast).map(Some)
    }

    /// A part without special words, read by tantivy's parser (leniently,
    /// with a warning, when it must be). At the `top` of the query, `None`
    /// when every word of it is excluded; inside a group (`immigra*
    /// (-japan)`) such a part is "every document but", as tantivy reads it.
    fn plain(&mut self, ast: UserInputAst, top: bool) -> Result<Option<Box<dyn Query>>> {
        let all_but = |e: &QueryParserError| matches!(e, QueryParserError::AllButQueryForbidden);
        match self.parser.build_query_from_user_input_ast(ast.clone()) {
            Ok(q) => Ok(Some(q)),
            Err(e) if top && all_but(&e) => Ok(None),
            Err(e) => {
                let (q, errors) = self.parser.build_query_from_user_input_ast_lenient(ast);
                if top && errors.iter().any(all_but) {
                    return Ok(None);
                }
                if !all_but(&e) {
                    self.warnings.push(format!(
                        "could not read the query exactly ({e}); searched it leniently"
                    ));
                }
                Ok(Some(q))
            }
        }
    }

    fn build(&mut self, ast: UserInputAst) -> Result<Box<dyn Query>> {
        if !Self::is_special(&ast) {
            let q = self.plain(ast, false)?;
            return Ok(q.unwrap_or_else(|| Box::new(tantivy::query::EmptyQuery)));
        }
        match ast {
            UserInputAst::Clause(children) => {
                let mut clauses = Vec::with_capacity(children.len());
                for (o, a) in children {
                    clauses.push((o.unwrap_or(Occur::Must), self.build(a)?));
                }
                Ok(Box::new(BooleanQuery::new(clauses)))
            }
            UserInputAst::Boost(a, b) => Ok(Box::new(BoostQuery::new(
                self.build(*a)?,
                b.into_inner() as f32,
            ))),
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Literal(l) => self.literal(l),
                other => self.build(UserInputAst::Leaf(Box::new(other))),
            },
        }
    }

    fn searcher(&mut self) -> Result<Searcher> {
        if self.searcher.is_none() {
            self.searcher = Some(self.index.reader()?.searcher());
        }
        Ok(self.searcher.clone().expect("opened"))
    }

    /// The fields a literal searches: its own, or the default ones.
    fn fields(&self, l: &UserInputLiteral) -> Result<Vec<Field>> {
        match &l.field_name {
            Some(name) => {
                let field =
                    self.index.index.schema().get_field(name).map_err(|_| {
                        Error::Usage(format!("{name:?} is not a field of the index"))
                    })?;
                Ok(vec![field])
            }
            None => Ok(self.default_fields.to_vec()),
        }
    }

    fn literal(&mut self, l: UserInputLiteral) -> Result<Box<dyn Query>> {
        let fields = self.fields(&l)?;
        let searcher = self.searcher()?;
        if let Some(n) = l.phrase.strip_prefix(PLACEHOLDER) {
            let special = n
                .parse::<usize>()
                .ok()
                .and_then(|i| self.specials.get(i))
                .cloned()
                .ok_or_else(|| Error::Usage(format!("cannot read {:?}", l.phrase)))?;
            let mut per_field = Vec::new();
            let mut count = 0;
            for &field in &fields {
                let terms = expand(self.index, &searcher, field, &special)?;
                count += terms.len();
                if terms.is_empty() {
                    continue;
                }
                let q = terms_query(field, &terms);
                let boost = if fields.len() > 1 && field == self.index.fields.title {
                    2.0
                } else {
                    1.0
                };
                per_field.push((Occur::Should, boosted(q, boost)));
            }
            if count == 0 {
                self.warnings.push(format!(
                    "{} matches no word of the index",
                    shorten(&special.display())
                ));
                return Ok(Box::new(tantivy::query::EmptyQuery));
            }
            return Ok(Box::new(BooleanQuery::new(per_field)));
        }
        // A phrase prefix: `"crude o"*`.
        let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for &field in &fields {
            let mut analyzer = self.index.index.tokenizer_for_field(field)?;
            let mut stream = analyzer.token_stream(&l.phrase);
            let mut terms = Vec::new();
            while let Some(t) = stream.next() {
                terms.push(Term::from_field_text(field, &t.text));
            }
            match terms.len() {
                0 => {}
                1 => {
                    let word = terms[0].value().as_str().unwrap_or_default().to_string();
                    let sp = Special::Wildcard(format!("{word}*"));
                    let found = expand(self.index, &searcher, field, &sp)?;
                    if !found.is_empty() {
                        per_field.push((Occur::Should, terms_query(field, &found)));
                    }
                }
                _ => {
                    let last = terms
                        .last()
                        .and_then(|t| t.value().as_str().map(str::to_string))
                        .unwrap_or_default();
                    let n = prefix_count(&searcher, field, &last, PHRASE_PREFIX_EXPANSIONS + 1)?;
                    let warning = format!(
                        "\"{}\"*: more than {PHRASE_PREFIX_EXPANSIONS} words start with {last:?} and only the first {PHRASE_PREFIX_EXPANSIONS} in alphabetical order were tried, so the results are incomplete: type more letters",
                        l.phrase
                    );
                    if n > PHRASE_PREFIX_EXPANSIONS && !self.warnings.contains(&warning) {
                        self.warnings.push(warning);
                    }
                    let mut q = PhrasePrefixQuery::new(terms);
                    q.set_max_expansions(PHRASE_PREFIX_EXPANSIONS as u32);
                    per_field.push((Occur::Should, Box::new(q)));
                }
            }
        }
        if per_field.is_empty() {
            self.warnings
                .push(format!("\"{}\"*: no word of the index starts so", l.phrase));
            return Ok(Box::new(tantivy::query::EmptyQuery));
        }
        Ok(Box::new(BooleanQuery::new(per_field)))
    }
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if boost == 1.0 {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

/// Any of `terms` of `field`, each scored by BM25.
fn terms_query(field: Field, terms: &[String]) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = terms
        .iter()
        .map(|t| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, t),
                IndexRecordOption::WithFreqs,
            ));
            (Occur::Should, q)
        })
        .collect();
    if clauses.len() == 1 {
        clauses.pop().expect("one").1
    } else {
        Box::new(BooleanQuery::new(clauses))
    }
}

/// Most terms the last word of a phrase prefix (`"crude o"*`) stands for
/// in one segment: tantivy expands it per segment, in alphabetical order;
/// past it the results are incomplete and a warning says so. All the terms
/// of a prefix of one letter on an index of 20,000 news articles (about
/// 3,000) take some 50 ms.
pub const PHRASE_PREFIX_EXPANSIONS: usize = 10_000;

/// How many terms of `field` start with `prefix` in the segment holding
/// the most of them (counting stops at `stop`).
fn prefix_count(searcher: &Searcher, field: Field, prefix: &str, stop: usize) -> Result<usize> {
    let mut most = 0;
    let re = format!("{}.*", regex::escape(prefix));
    for segment in searcher.segment_readers() {
        let mut n = 0;
        let inverted = segment.inverted_index(field)?;
        let automaton = tantivy_fst::Regex::new(&re)
            .map_err(|e| Error::Usage(format!("cannot read the prefix {prefix:?}: {e}")))?;
        let mut stream = inverted.terms().search(automaton).into_stream()?;
        while stream.advance() {
            n += 1;
            if n >= stop {
                return Ok(n);
            }
        }
        most = most.max(n);
    }
    Ok(most)
}

/// Endings tried after a wildcard prefix to find the stems of the words it
/// stands for that are shorter than the prefix itself (`immigra*` →
/// "immigration" → stem "immigr").
const SUFFIXES: &[&str] = &[
    "", "s", "e", "es", "ed", "ing", "er", "ers", "ion", "ions", "tion", "tions", "ation",
    "ations", "ant", "ants", "nt", "nts", "ent", "ents", "ence", "ance", "ment", "ments", "al",
    "ally", "ly", "ness", "ity", "ities", "ive", "ist", "ists", "ism", "ize", "ise", "ized",
    "ised", "ate", "ated", "ates", "ating", "te", "ted", "tes", "ting", "y", "ies", "ied", "ous",
    "ful", "able", "ible", "n", "ns", "d",
];

/// The terms of `field` in `searcher`'s index that `special` stands for,
/// sorted.
///
/// Terms are stems on stemmed fields, so a wildcard matches (1) every
/// term its pattern matches, through an automaton over each segment's
/// term dictionary, and (2) the stems of words the pattern matches that
/// are shorter than the pattern (`immigra*` also finds "immigr", the stem
/// of "immigration"), found by stemming the pattern with common English
/// endings in place of a final `*` and letters in place of one `?`. A
/// fuzzy word matches the terms within its number of edits of its stem
/// (tantivy's Levenshtein automaton, a transposition counting as one).
///
/// # Errors
/// [`Error::Usage`] past [`MAX_EXPANSIONS`] terms; tantivy errors.
fn expand(
    index: &NewsIndex,
    searcher: &Searcher,
    field: Field,
    special: &Special,
) -> Result<Vec<String>> {
    let mut analyzer = index.index.tokenizer_for_field(field)?;
    let analyze = analyze_one;
    let too_many = || {
        Error::Usage(format!(
            "{} stands for more than {MAX_EXPANSIONS} words of the index: type more letters",
            shorten(&special.display())
        ))
    };
    let mut found = std::collections::BTreeSet::new();
    match special {
        Special::Wildcard(pattern) => {
            let folded = fold(pattern);
            let re: String = folded
                .chars()
                .map(|c| match c {
                    '*' => ".*".to_string(),
                    '?' => ".".to_string(),
                    c => regex::escape(&c.to_string()),
                })
                .collect();
            // No term is longer than the analyzers keep.
            if folded
                .chars()
                .filter(|&c| c != '*')
                .map(char::len_utf8)
                .sum::<usize>()
                > MAX_TOKEN_BYTES
            {
                return Ok(Vec::new());
            }
            let over = matching_terms(searcher, field, &mut found, || {
                tantivy_fst::Regex::new(&re).map_err(|_| {
                    Error::Usage(format!(
                        "{}: too many wildcards to search for; use fewer * and ?",
                        shorten(pattern)
                    ))
                })
            })?;
            if over {
                return Err(too_many());
            }
            // Stems shorter than the pattern.
            let questions = folded.matches('?').count();
            let stars = folded.matches('*').count();
            if questions <= 1 && (stars == 0 || (stars == 1 && folded.ends_with('*'))) {
                let base = folded.trim_end_matches('*');
                let endings: &[&str] = if stars == 1 { SUFFIXES } else { &[""] };
                let letters: Vec<char> = if questions == 1 {
                    ('a'..='z').collect()
                } else {
                    vec!['?']
                };
                for &letter in &letters {
                    let word = base.replacen('?', &letter.to_string(), 1);
                    for ending in endings {
                        if let Some(stem) = analyze(&mut analyzer, &format!("{word}{ending}"))
                            && !found.contains(&stem)
                            && searcher.doc_freq(&Term::from_field_text(field, &stem))? > 0
                        {
                            found.insert(stem);
                        }
                    }
                }
            }
        }
        Special::Fuzzy(word, edits) => {
            let Some(stem) = analyze(&mut analyzer, word) else {
                return Ok(Vec::new());
            };
            let fuzzy = FuzzyTermQuery::new(Term::from_field_text(field, &stem), *edits, true);
            let over = matching_terms(searcher, field, &mut found, || Ok(fuzzy.automaton()?))?;
            if over {
                return Err(too_many());
            }
        }
    }
    if found.len() > MAX_EXPANSIONS {
        return Err(too_many());
    }
    Ok(found.into_iter().collect())
}

/// Adds to `found` the terms of `field` that the automaton made by
/// `automaton` accepts, in every segment of `searcher`; stops and returns
/// `true` once `found` holds more than [`MAX_EXPANSIONS`] terms.
fn matching_terms<A>(
    searcher: &Searcher,
    field: Field,
    found: &mut std::collections::BTreeSet<String>,
    automaton: impl Fn() -> Result<A>,
) -> Result<bool>
where
    A: tantivy_fst::Automaton,
    A::State: Clone,
{
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().search(automaton()?).into_stream()?;
        while stream.advance() {
            if let Ok(t) = std::str::from_utf8(stream.key()) {
                found.insert(t.to_string());
            }
            if found.len() > MAX_EXPANSIONS {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// `s` lower-cased and ASCII-folded like the analyzers (`café` → `cafe`).
fn fold(s: &str) -> String {
    let mut a =
        tantivy::tokenizer::TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
            .filter(tantivy::tokenizer::LowerCaser)
            .filter(tantivy::tokenizer::AsciiFoldingFilter)
            .build();
    let mut stream = a.token_stream(s);
    stream.next().map(|t| t.text.clone()).unwrap_or_default()
}

/// For a query that found nothing: the query with each word whose
/// analyzed form (its stem, through the analyzer of the field) is in no
/// document of `fields` replaced by a word one or two edits away that is
/// in the index, as one line for the user (`no hits; did you mean:
/// deficit japan`); `None` when no word could be replaced.
///
/// A word that is in the index is never replaced (the query found nothing
/// because its words do not occur together), nor are wildcard, fuzzy and
/// field words, operators, common words and words under `-` or `NOT`.
/// Suggestions are words the user can type: an index term (a stem) is
/// shown as the word closest to the one typed that has that stem
/// (`recesion` → "recession", not the stem `recess`), and a term with no
/// such word that searches as itself is not suggested.
///
/// # Errors
/// tantivy errors reading term dictionaries.
pub fn did_you_mean(
    index: &NewsIndex,
    searcher: &Searcher,
    query: &str,
    fields: &[Field],
) -> Result<Option<String>> {
    let Some(&field) = fields.last() else {
        return Ok(None);
    };
    let mut analyzer = index.index.tokenizer_for_field(field)?;
    let query = normalize_quotes(query);
    let mut changed = false;
    let mut out = Vec::new();
    for (token, excluded) in tokens_with_exclusion(&query) {
        let word = token.trim_matches(|c: char| !c.is_alphanumeric());
        let plain = !excluded
            && word.chars().count() >= 3
            && word.chars().all(char::is_alphabetic)
            && !token.contains([':', '*', '~'])
            && !matches!(word, "AND" | "OR" | "NOT")
            && !STOP_WORDS.contains(&word.to_lowercase().as_str());
        let mut replaced = None;
        if plain && let Some(stem) = analyze_one(&mut analyzer, word) {
            let mut seen = 0;
            for &f in fields {
                seen += searcher.doc_freq(&Term::from_field_text(f, &stem))?;
            }
            if seen == 0 {
                replaced = suggestion(&mut analyzer, searcher, field, word, &stem)?;
            }
        }
        match replaced {
            Some(r) => {
                changed = true;
                out.push(token.replacen(word, &r, 1));
            }
            None => out.push(token.to_string()),
        }
    }
    Ok(changed.then(|| format!("no hits; did you mean: {}", out.join(" "))))
}

/// The whitespace-separated tokens of `query`, each with whether it is
/// excluded: after `NOT`, with a leading `-`, inside a phrase or a group
/// so excluded (`-"a b"`, `NOT (a b)`).
fn tokens_with_exclusion(query: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut in_phrase = false;
    let mut phrase_excluded = false;
    let mut not_next = false;
    let mut depth = 0usize;
    // Depth of the innermost excluded group, if any.
    let mut excluded_group: Option<usize> = None;
    for token in query.split_whitespace() {
        let quotes = token.matches('"').count();
        if in_phrase {
            out.push((token, phrase_excluded));
            if quotes % 2 == 1 {
                in_phrase = false;
            }
            continue;
        }
        let opening = token.trim_start_matches(['(', '+']);
        let negated = opening.starts_with('-') || not_next || excluded_group.is_some();
        // `-(a b)`, `NOT (a b)`: the whole group (not `(-a b)`).
        let opens_group = token.starts_with("-(") || (not_next && token.starts_with('('));
        not_next = token == "NOT";
        out.push((token, negated));
        if quotes % 2 == 1 {
            in_phrase = true;
            phrase_excluded = negated;
        }
        if negated && excluded_group.is_none() && opens_group {
            excluded_group = Some(depth + 1);
        }
        depth += token.matches('(').count();
        depth = depth.saturating_sub(token.matches(')').count());
        if excluded_group.is_some_and(|g| depth < g) {
            excluded_group = None;
        }
    }
    out
}

/// The one term `analyzer` makes of `word`, if it makes exactly one.
fn analyze_one(analyzer: &mut tantivy::tokenizer::TextAnalyzer, word: &str) -> Option<String> {
    let mut stream = analyzer.token_stream(word);
    let first = stream.next().map(|t| t.text.clone())?;
    stream.next().is_none().then_some(first)
}

/// Edit distance between `a` and `b` (letters added, removed or changed).
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

/// Most edits between a typed word and the word suggested for it.
const MAX_SUGGESTION_EDITS: usize = 2;

/// What to suggest for `typed` (whose term `stem` is in no document): of
/// the terms of `field` within one edit of `stem` (else two), the one
/// whose typeable form (see [`typeable`]) is fewest edits from `typed`
/// (at most [`MAX_SUGGESTION_EDITS`]), the more frequent on a tie; that
/// form, capitalised like `typed`.
fn suggestion(
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    searcher: &Searcher,
    field: Field,
    typed: &str,
    stem: &str,
) -> Result<Option<String>> {
    let lower = fold(typed);
    for edits in 1..=2u8 {
        let mut candidates = near_terms(searcher, field, stem, edits)?;
        // The most frequent first; a bounded number of them.
        candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        candidates.truncate(20);
        let mut best = None;
        for (term, df) in candidates {
            let Some(form) = typeable(analyzer, searcher, field, &lower, &term)? else {
                continue;
            };
            let key = (levenshtein(&form, &lower), std::cmp::Reverse(df));
            if key.0 <= MAX_SUGGESTION_EDITS
                && best.as_ref().is_none_or(|(k, _): &(_, String)| key < *k)
            {
                best = Some((key, form));
            }
        }
        if let Some((_, form)) = best {
            let capital = typed.chars().next().is_some_and(char::is_uppercase);
            let all_caps = typed.chars().all(char::is_uppercase);
            return Ok(Some(if all_caps {
                form.to_uppercase()
            } else if capital {
                let mut c = form.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            } else {
                form
            }));
        }
    }
    Ok(None)
}

/// Documents read per candidate term to find the words written for it.
const FORM_DOCS: usize = 2;

/// A word the user can type that searches for `term` of `field`, as close
/// to `typed` as can be found: a word written in the first
/// [`FORM_DOCS`] documents holding the term that the analyzer makes into
/// it (`recess` ← "recession"), else (a field that is not stored) a word
/// made of the term and a common English ending (see [`surface`]).
fn typeable(
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    searcher: &Searcher,
    field: Field,
    typed: &str,
    term: &str,
) -> Result<Option<String>> {
    let stored = searcher.schema().get_field_entry(field).is_stored();
    if !stored {
        return Ok(surface(analyzer, typed, term));
    }
    let t = Term::from_field_text(field, term);
    let mut forms = std::collections::BTreeSet::new();
    let mut read = 0;
    'segments: for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let inverted = segment.inverted_index(field)?;
        let Some(mut postings) = inverted.read_postings(&t, IndexRecordOption::Basic)? else {
            continue;
        };
        let alive = segment.alive_bitset();
        let mut doc = tantivy::DocSet::doc(&postings);
        while doc != tantivy::TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                let stored: tantivy::TantivyDocument =
                    searcher.doc(tantivy::DocAddress::new(ord as u32, doc))?;
                for value in stored.get_all(field) {
                    let Some(text) = tantivy::schema::Value::as_str(&value) else {
                        continue;
                    };
                    for token in crate::index::tokenizer::tokenize(text) {
                        let word = fold(&token.text);
                        if !forms.contains(&word)
                            && analyze_one(analyzer, &word).as_deref() == Some(term)
                        {
                            forms.insert(word);
                        }
                    }
                }
                read += 1;
                if read >= FORM_DOCS {
                    break 'segments;
                }
            }
            doc = tantivy::DocSet::advance(&mut postings);
        }
    }
    Ok(forms
        .into_iter()
        .min_by_key(|w| (levenshtein(w, typed), w.len()))
        .or_else(|| surface(analyzer, typed, term)))
}

/// The terms of `field` other than `stem` within `edits` edits of it, with
/// their document frequencies.
fn near_terms(
    searcher: &Searcher,
    field: Field,
    stem: &str,
    edits: u8,
) -> Result<Vec<(String, u64)>> {
    let fuzzy = FuzzyTermQuery::new(Term::from_field_text(field, stem), edits, true);
    let mut freq: std::collections::BTreeMap<String, u64> = Default::default();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().search(fuzzy.automaton()?).into_stream()?;
        while stream.advance() {
            if let Ok(t) = std::str::from_utf8(stream.key())
                && t != stem
            {
                *freq.entry(t.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    Ok(freq.into_iter().collect())
}

/// A word that `analyzer` makes into `term`, as close to `typed` as can be
/// found: `term` (or `term` without its last letter, for stems such as
/// `economi` ← "economy") followed by the end of the typed word or by a
/// common English ending; `None` when no such word has the term (a stem
/// shown as it is would search for something else).
fn surface(
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    typed: &str,
    term: &str,
) -> Option<String> {
    let mut bases = vec![term.to_string()];
    let mut shorter = term.chars();
    if shorter.next_back().is_some() && shorter.as_str().chars().count() >= 2 {
        bases.push(shorter.as_str().to_string());
    }
    let tails: Vec<&str> = typed
        .char_indices()
        .map(|(i, _)| &typed[i..])
        .chain(SUFFIXES.iter().copied())
        .collect();
    let mut best: Option<(usize, usize, String)> = None;
    for base in &bases {
        for tail in &tails {
            let word = format!("{base}{tail}");
            if analyze_one(analyzer, &word).as_deref() != Some(term) {
                continue;
            }
            let key = (levenshtein(&word, typed), word.len());
            if best.as_ref().is_none_or(|(d, l, _)| key < (*d, *l)) {
                best = Some((key.0, key.1, word));
            }
        }
    }
    best.map(|(_, _, w)| w)
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
        // A title that is part of its body (a .txt headline) is not searched
        // by words without a field.
        w.add_document(tantivy::doc!(f.title => "Oil prices", f.body => "Oil prices\nrose"))
            .unwrap();
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(article_fields(&index, &searcher).unwrap(), vec![f.body]);
        // A title apart from the body (marked at ingest) is.
        w.add_document(
            tantivy::doc!(f.title => "Oil", f.body => "prices", f.title_apart.unwrap() => "1"),
        )
        .unwrap();
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(
            article_fields(&index, &searcher).unwrap(),
            vec![f.title, f.body]
        );
        let (q, _) = build_for(&index, "oil", &Filters::default(), &[f.title, f.body]).unwrap();
        assert_eq!(searcher.search(&*q, &tantivy::collector::Count).unwrap(), 3);
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
        // Forms ingest reads in records name one day.
        for (form, day) in [
            ("1987/03/01", "1987-03-01"),
            ("19870301", "1987-03-01"),
            ("1987-03-01T23:30:00-05:00", "1987-03-02"),
            ("March 1, 1987", "1987-03-01"),
            ("\"1 Mar 1987\"", "1987-03-01"),
        ] {
            assert_eq!(
                parse_date_bound(form, DateBound::End).unwrap(),
                d(day),
                "{form}"
            );
        }
        assert_eq!(
            parse_date_bound("1987/03", DateBound::End).unwrap(),
            d("1987-03-31")
        );
        for bad in ["10/03/2024", "2024-02-30", "", "2024-13", "yesterday"] {
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
        // Words without a letter or digit are left out; `||`, `&&` are
        // OR, AND.
        assert_eq!(rewrite("- - + ~ ^ { } \\").unwrap(), "");
        assert_eq!(rewrite("oil - -gas title:-").unwrap(), "oil -gas");
        assert_eq!(
            rewrite("oil || gas && opec").unwrap(),
            "oil OR gas AND opec"
        );
        assert_eq!(rewrite("oil -(gas OR opec)").unwrap(), "oil -(gas OR opec)");
        assert_eq!(rewrite("oil - (gas)").unwrap(), "oil (gas)");
        assert_eq!(rewrite("oil -\"crude oil\"").unwrap(), "oil -\"crude oil\"");
    }

    #[test]
    fn boost_prefix_and_fuzzy_suffixes() {
        assert_eq!(rewrite("oil^2 gas").unwrap(), "oil^2 gas");
        assert_eq!(
            rewrite("\"big emb\"* \"a b\"~2").unwrap(),
            "\"big emb\"* \"a b\"~2"
        );
        let r = rewrite_full("oi* o?l deficit~ defict~1 oil~0 colo?r? japan?").unwrap();
        assert_eq!(
            r.text,
            "zqspecialzq0 zqspecialzq1 zqspecialzq2 zqspecialzq3 oil zqspecialzq4 japan"
        );
        assert_eq!(
            r.specials,
            [
                Special::Wildcard("oi*".into()),
                Special::Wildcard("o?l".into()),
                Special::Fuzzy("deficit".into(), 2),
                Special::Fuzzy("defict".into(), 1),
                Special::Wildcard("colo?r".into()),
            ]
        );
        assert_eq!(r.display(), "oi* o?l deficit~2 defict~1 oil colo?r japan");
        assert!(r.warnings.is_empty());
        let (text, warnings) = rewrite_with_warnings("oil^abc word~5 *").unwrap();
        assert_eq!(text, "oil word~2");
        assert_eq!(rewrite("Exxon <XON>").unwrap(), "Exxon XON");
        assert_eq!(rewrite("a > b").unwrap(), "a b");
        // A lone `*` stands for every document: nothing to warn about.
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        let (_, warnings) = rewrite_with_warnings("oil ?*").unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        // A one-word phrase prefix is a prefix query.
        assert_eq!(rewrite("\"crude\"*").unwrap(), "crude*");
    }

    #[test]
    fn wildcards_past_the_expansion_limit_are_usage_errors() {
        let index = NewsIndex::in_ram();
        let f = index.fields.clone();
        let mut w: tantivy::IndexWriter = index.index.writer(15_000_000).unwrap();
        let words: Vec<String> = (0..=MAX_EXPANSIONS).map(|i| format!("t{i}x")).collect();
        w.add_document(tantivy::doc!(f.body => words.join(" ")))
            .unwrap();
        w.commit().unwrap();
        let e = build_for(&index, "t*", &Filters::default(), &[f.body]).expect_err("too many");
        assert!(matches!(e, Error::Usage(_)));
        assert_eq!(
            e.to_string(),
            "t* stands for more than 1000 words of the index: type more letters"
        );
        let (q, _) = build_for(&index, "t99*", &Filters::default(), &[f.body]).unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.search(&*q, &tantivy::collector::Count).unwrap(), 1);
        let mut terms = 0;
        q.query_terms(&mut |_, _| terms += 1);
        // t99x, t990x … t999x.
        assert_eq!(terms, 11);
    }

    #[test]
    fn phrase_prefixes_past_the_expansion_limit_say_results_are_incomplete() {
        let index = NewsIndex::in_ram();
        let f = index.fields.clone();
        let mut w: tantivy::IndexWriter = index.index.writer(50_000_000).unwrap();
        let words: Vec<String> = (0..=PHRASE_PREFIX_EXPANSIONS)
            .map(|i| format!("x{i:05}a"))
            .collect();
        w.add_document(tantivy::doc!(f.body => format!("{} crude xzz", words.join(" "))))
            .unwrap();
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let count = |q: &str| {
            let (q, warnings) = build_for(&index, q, &Filters::default(), &[f.body]).unwrap();
            (
                searcher.search(&*q, &tantivy::collector::Count).unwrap(),
                warnings,
            )
        };
        // "xzz" comes after the first 10,000 words starting with x.
        assert_eq!(
            count("\"crude x\"*"),
            (
                0,
                vec!["\"crude x\"*: more than 10000 words start with \"x\" and only the first 10000 in alphabetical order were tried, so the results are incomplete: type more letters".to_string()]
            )
        );
        assert_eq!(count("\"crude xz\"*"), (1, vec![]));
        // "x00001a", among the first 10,000, is found (with the warning).
        let (n, warnings) = count("\"x00000a x\"*");
        assert_eq!((n, warnings.len()), (1, 1));
    }

    #[test]
    fn quotation_marks_and_numbers_are_rewritten() {
        assert_eq!(
            rewrite("“a b” „c d“ «e» ‘f g’").unwrap(),
            "\"a b\" \"c d\" \"e\" \"f g\""
        );
        assert_eq!(
            rewrite("minister’s ‘x’s y’").unwrap(),
            "\"minister’s\" \"x’s y\""
        );
        assert_eq!(
            rewrite("3.5% $1.2 billion US$2 mln").unwrap(),
            "(\"3.5%\" OR \"3.5 pct\" OR \"3.5 percent\" OR \"3.5 per cent\") \"1.2 billion\" \"2 mln\""
        );
        // Inside phrases too.
        assert_eq!(
            rewrite("-body:\"rose 3.5 pct\"~1 \"US$1.2 billion loan\"").unwrap(),
            "-(body:\"rose 3.5%\"~1 OR body:\"rose 3.5 pct\"~1 OR body:\"rose 3.5 percent\"~1 OR body:\"rose 3.5 per cent\"~1) \"1.2 billion loan\""
        );
        assert_eq!(phrase_alternatives("1% and 2% and 3%").len(), 16);
        assert_eq!(rewrite("x3.5% 2.5 pcts").unwrap(), "x3.5% 2.5 pcts");
        assert_eq!(
            rewrite("date:>1987-10 date:<=1987/03/01").unwrap(),
            "date:{1987-10-31T00:00:00Z TO *] date:[* TO 1987-03-01T00:00:00Z]"
        );
        assert_eq!(rewrite("\"\" oil \" \"").unwrap(), "oil");
    }

    #[test]
    fn excluded_tokens_and_edit_distance() {
        let excluded: Vec<bool> =
            tokens_with_exclusion("a -b NOT c -\"d e\" f NOT (g (h) i) j (-k l)")
                .into_iter()
                .map(|(_, x)| x)
                .collect();
        assert_eq!(
            excluded,
            [
                false, true, false, true, true, true, false, false, true, true, true, false, true,
                false
            ]
        );
        assert_eq!(levenshtein("recesion", "recession"), 1);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("deficit", "deficit"), 0);
    }

    #[test]
    fn positive_terms() {
        assert!(has_positive_term("state -run"));
        assert!(has_positive_term("-run \"a b\""));
        assert!(!has_positive_term("-run"));
        assert!(!has_positive_term("-a AND -\"b c\""));
        assert!(!has_positive_term("NOT a"));
        assert!(!has_positive_term("+("));
        assert!(has_positive_term("+(a)"));
    }
}

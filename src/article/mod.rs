//! Stage 1 of the flow: article text → [`Article`].
//!
//! Pure functions of text: nothing here reads files, knows tantivy or
//! writes to stdout. The submodules each own one kind of extraction:
//! [`header`] (the ` date YYYY-MM-DD ` line), [`tweets`] (embedded tweet
//! bylines and `@handles`), [`quotes`] (quotation spans and their
//! attribution) and [`names`] (speaker names: titles, variants, merging).

pub mod header;
pub mod names;
pub mod quotes;
pub mod tweets;

use chrono::NaiveDate;
use serde::Serialize;

/// One news article, as extracted from its text.
///
/// Produced by [`Article::parse`]; every field is derived from the text
/// alone (no file system, no index).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Article {
    /// Publication date from the ` date YYYY-MM-DD ` header (a calendar day,
    /// indexed as UTC midnight); `None` when the header is missing or
    /// malformed.
    pub date: Option<NaiveDate>,
    /// What the header looked like; lets ingest count articles without a date.
    #[serde(skip)]
    pub header: HeaderStatus,
    /// Headline, when the input format carries one (JSON/CSV records);
    /// `None` for `.txt` articles.
    pub title: Option<String>,
    /// The article text after the header (all of the text when there is no
    /// header). Quote offsets are byte offsets into this string.
    #[serde(skip)]
    pub body: String,
    /// Every `@handle` in the body, without `@`, in order of first
    /// appearance, each once (compared case-insensitively, first-seen case
    /// kept). E-mail addresses are not handles.
    pub handles: Vec<String>,
    /// Embedded tweets, in order of appearance.
    pub tweets: Vec<Tweet>,
    /// Direct quotations, in order of appearance.
    pub quotes: Vec<Quote>,
    /// Who is directly quoted or whose tweet is embedded: full names without
    /// titles, variants merged, in order of first appearance, each once.
    pub speakers: Vec<String>,
}

/// Whether and how the ` date YYYY-MM-DD ` header was found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeaderStatus {
    /// A full header with a valid calendar date.
    #[default]
    Ok,
    /// The text does not start with ` date `.
    Missing,
    /// The text starts with ` date ` but what follows is not a valid
    /// `YYYY-MM-DD` date (e.g. ` date 2018-04 ` or ` date 2024-02-30 `).
    Malformed,
}

/// An embedded tweet: the byline `— Display Name (@handle) Month D, YYYY`
/// and the tweet text before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Tweet {
    /// Display name from the byline, cleaned of emoji and decorations.
    pub author: String,
    /// The handle from the byline, without `@`.
    pub handle: String,
    /// The date after the handle; `None` when it is missing or unparseable.
    pub date: Option<NaiveDate>,
    /// The tweet text before the byline (without the `pic.twitter.com/…` or
    /// `https://t.co/…` link).
    pub text: String,
}

/// A direct quotation and who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Quote {
    /// The attributed speaker (full name, no title); `None` when the
    /// quotation has no attribution the parser trusts.
    pub speaker: Option<String>,
    /// The text between the quotation marks.
    pub text: String,
    /// Byte offset of the first byte of `text` in [`Article::body`].
    pub start: usize,
    /// Byte offset one past the last byte of `text` in [`Article::body`].
    pub end: usize,
}

impl Article {
    /// Parses an article in the seed format: an optional ` date YYYY-MM-DD `
    /// header, then the body.
    ///
    /// Expects text already decoded and normalised (see `source::text`).
    /// Never fails: a missing or malformed header yields `date: None` and the
    /// whole text as body.
    ///
    /// ```
    /// let a = newsidx::article::Article::parse(" date 2024-03-10 \"We will appeal,\" said Jane Doe.");
    /// assert_eq!(a.date.unwrap().to_string(), "2024-03-10");
    /// assert_eq!(a.speakers, vec!["Jane Doe"]);
    /// ```
    pub fn parse(text: &str) -> Article {
        let (header, date, body) = header::split(text);
        Article::from_parts(date, header, None, body.to_string())
    }

    /// Builds an article from a body whose date and title came from
    /// elsewhere (a JSON or CSV record), running all extraction on `body`.
    pub fn from_parts(
        date: Option<NaiveDate>,
        header: HeaderStatus,
        title: Option<String>,
        body: String,
    ) -> Article {
        let handles = tweets::handles(&body);
        let tweets = tweets::tweets(&body);
        let quotes = quotes::quotations(&body);
        let speakers = names::speakers(&quotes, &tweets);
        Article {
            date,
            header,
            title,
            body,
            handles,
            tweets,
            quotes,
            speakers,
        }
    }
}

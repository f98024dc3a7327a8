//! Where articles come from: walking the input paths, reading and decoding
//! files, and turning them into [`SourceRecord`]s.
//!
//! This module (with `index`) is the only one that touches the file system.
//! It knows nothing of tantivy.

pub mod dates;
pub mod formats;
pub mod text;
pub mod walk;

use crate::article::{Article, HeaderStatus};
use chrono::NaiveDate;
use std::path::PathBuf;

/// One article as read from its source, before any extraction.
#[derive(Debug, Clone)]
pub struct SourceRecord {
    /// Stable document key: 16 hex digits of a BLAKE3 hash of the canonical
    /// absolute path and the record number, or the record's `id` field when
    /// it has one (so the same file reached by a relative or absolute path
    /// gets the same key).
    pub key: String,
    /// Canonical absolute path of the source file.
    pub path: PathBuf,
    /// Record number inside a multi-record file: the 1-based line where the
    /// record starts (JSONL, CSV, TSV) or the 1-based element of a JSON
    /// array; `None` for a one-article file.
    pub record: Option<u64>,
    /// Decoded, normalised text (see [`text::decode`]): the whole file for a
    /// one-article file, the body field for a structured record.
    pub text: String,
    /// Content hash: 32 hex digits of BLAKE3 over the decoded text (and,
    /// for a structured record, its title, date, URL and source); equal
    /// hashes mean identical articles.
    pub hash: String,
    /// What decoding had to repair (e.g. invalid UTF-8 read as Windows-1252).
    pub repairs: text::Repairs,
    /// Fields of a structured record (JSON, CSV); `None` for a text file,
    /// whose date comes from its ` date YYYY-MM-DD ` header.
    pub meta: Option<RecordMeta>,
}

/// The fields of a structured record besides its body, normalised like the
/// body (see [`text::normalize`]) and trimmed; empty values are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordMeta {
    /// The publication date.
    pub date: RecordDate,
    /// Headline.
    pub title: Option<String>,
    /// The article's URL.
    pub url: Option<String>,
    /// Outlet or publisher.
    pub source: Option<String>,
}

/// The date field of a structured record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum RecordDate {
    /// The record has no date field, or it is empty.
    #[default]
    Absent,
    /// The UTC calendar day of the date (see [`dates::parse`]).
    Day(NaiveDate),
    /// A date that was not understood (the raw value): the article is
    /// indexed without a date and the problem is reported.
    Unparseable(String),
}

impl SourceRecord {
    /// The article of this record: a text file is parsed in the seed format
    /// (optional ` date YYYY-MM-DD ` header, then the body; a headline on
    /// the header line is the title, see [`crate::article::header::parse`]); a structured
    /// record's date and title come from its fields and the whole text is
    /// the body. A structured record without a usable date has header
    /// status [`HeaderStatus::Missing`] (absent) or
    /// [`HeaderStatus::Malformed`] (not understood).
    pub fn article(&self) -> Article {
        match &self.meta {
            None => {
                let mut a = Article::parse(&self.text);
                a.title = crate::article::header::parse(&self.text)
                    .title
                    .map(str::to_string);
                a
            }
            Some(m) => {
                let (date, status) = match &m.date {
                    RecordDate::Day(d) => (Some(*d), HeaderStatus::Ok),
                    RecordDate::Absent => (None, HeaderStatus::Missing),
                    RecordDate::Unparseable(_) => (None, HeaderStatus::Malformed),
                };
                Article::from_parts(date, status, m.title.clone(), self.text.clone())
            }
        }
    }
}

impl SourceRecord {
    /// The date as written when the record has one that was not
    /// understood: a structured record's date field, or a text file's
    /// ` date … ` header (` date 1987-02-30 `). Such an article is indexed
    /// without a date, and the date is reported and counted.
    pub fn bad_date(&self) -> Option<String> {
        match &self.meta {
            Some(m) => match &m.date {
                RecordDate::Unparseable(raw) => Some(raw.clone()),
                _ => None,
            },
            None => crate::article::header::parse(&self.text)
                .bad_date()
                .map(str::to_string),
        }
    }
}

/// Why an input was skipped. Each reason is counted in the ingest summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(into = "&'static str")]
pub enum SkipReason {
    /// The file is empty or only whitespace.
    Empty,
    /// The file holds NUL bytes (not text).
    Binary,
    /// The file is larger than `--max-file-size`.
    TooLarge,
    /// The file or directory could not be read (permissions, I/O error).
    Unreadable,
    /// A symlink that points nowhere, or a symlink loop.
    BrokenLink,
    /// One record of a multi-record file (a JSONL line, a CSV row, a JSON
    /// array element) that is not valid, or a structured file that cannot
    /// be read as its format; the file's other records are indexed.
    BadRecord,
}

impl SkipReason {
    /// Machine name, as in `--report` files and JSON (`too-large`): the
    /// serialised form.
    pub fn name(self) -> &'static str {
        match self {
            SkipReason::Empty => "empty",
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too-large",
            SkipReason::Unreadable => "unreadable",
            SkipReason::BrokenLink => "broken-link",
            SkipReason::BadRecord => "bad-record",
        }
    }

    /// Short human label used in the summary.
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::Empty => "empty",
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too large",
            SkipReason::Unreadable => "unreadable",
            SkipReason::BrokenLink => "broken link",
            SkipReason::BadRecord => "bad record",
        }
    }
}

impl From<SkipReason> for &'static str {
    fn from(r: SkipReason) -> &'static str {
        r.name()
    }
}

/// A skipped input: where, why, and a one-line detail for the user.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Skip {
    /// The file (or directory) concerned.
    pub path: PathBuf,
    /// Line or record number inside the file, when the skip concerns one record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// Why it was skipped.
    pub reason: SkipReason,
    /// What went wrong, in words.
    pub detail: String,
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // One line, whatever the file name or the error text holds.
        write!(f, "{}", crate::output::one_line(&self.path))?;
        if let Some(r) = self.record {
            write!(f, ":{r}")?;
        }
        write!(
            f,
            ": skipped ({}): {}",
            self.reason.label(),
            crate::output::escape_controls(&self.detail)
        )
    }
}

/// The document key of record `record` in the file at canonical path `path`.
pub fn document_key(path: &std::path::Path, record: Option<u64>) -> String {
    let mut h = blake3::Hasher::new();
    h.update(path.as_os_str().as_encoded_bytes());
    if let Some(r) = record {
        h.update(b"\0");
        h.update(&r.to_le_bytes());
    }
    h.finalize().to_hex()[..16].to_string()
}

/// The document key of the record with identifier `id` (its `id` field) in
/// the file at canonical path `path`: stable when records are reordered.
pub fn document_key_with_id(path: &std::path::Path, id: &str) -> String {
    let mut h = blake3::Hasher::new();
    h.update(path.as_os_str().as_encoded_bytes());
    h.update(b"\0id\0");
    h.update(id.as_bytes());
    h.finalize().to_hex()[..16].to_string()
}

/// The content hash of a decoded article text.
pub fn content_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex()[..32].to_string()
}

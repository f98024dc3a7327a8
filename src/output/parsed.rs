//! `newsidx parse` rows as text, JSON, JSON lines or CSV.

use super::{Format, join};
use crate::article::{Quote, Tweet};
use chrono::NaiveDate;
use serde::Serialize;
use std::io::Write;

/// What `newsidx parse` prints for one article.
#[derive(Debug, Clone, Serialize)]
pub struct ParsedArticle {
    /// The file as given (or found under a given directory).
    pub path: String,
    /// Record number inside a multi-record file (the 1-based line of a
    /// JSONL/CSV/TSV record, the 1-based element of a JSON array); `null`
    /// for a one-article file.
    pub record: Option<u64>,
    /// The header date; `null` when missing or malformed.
    pub date: Option<NaiveDate>,
    /// Headline, when the input has one.
    pub title: Option<String>,
    /// `@handles`, first-seen case.
    pub handles: Vec<String>,
    /// Embedded tweets.
    pub tweets: Vec<Tweet>,
    /// Quotations with speaker and byte offsets into the body.
    pub quotes: Vec<Quote>,
    /// Quoted speakers and tweet authors, each once.
    pub speakers: Vec<String>,
}

/// Writes `newsidx parse` rows.
///
/// JSON lines (the default): one [`ParsedArticle`] per line; JSON: an
/// array; CSV: `path,record,date,title,handles,speakers,tweets,quotes` with lists
/// joined by `; ` (tweets and quotes as counts); text: one block per article.
///
/// # Errors
/// I/O errors of `w`.
pub fn parsed(w: &mut impl Write, rows: &[ParsedArticle], format: Format) -> crate::Result<()> {
    match format {
        Format::Jsonl => {
            for r in rows {
                serde_json::to_writer(&mut *w, r)?;
                writeln!(w)?;
            }
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut *w, rows)?;
            writeln!(w)?;
        }
        Format::Csv => {
            let mut c = csv::Writer::from_writer(w);
            c.write_record([
                "path", "record", "date", "title", "handles", "speakers", "tweets", "quotes",
            ])?;
            for r in rows {
                c.write_record([
                    r.path.clone(),
                    r.record.map(|n| n.to_string()).unwrap_or_default(),
                    r.date.map(|d| d.to_string()).unwrap_or_default(),
                    r.title.clone().unwrap_or_default(),
                    join(&r.handles),
                    join(&r.speakers),
                    r.tweets.len().to_string(),
                    r.quotes.len().to_string(),
                ])?;
            }
            c.flush()?;
        }
        Format::Text => {
            for r in rows {
                match r.record {
                    Some(n) => writeln!(w, "{}:{n}", r.path)?,
                    None => writeln!(w, "{}", r.path)?,
                }
                writeln!(
                    w,
                    "  date:     {}",
                    r.date.map_or("-".into(), |d| d.to_string())
                )?;
                if let Some(t) = &r.title {
                    writeln!(w, "  title:    {t}")?;
                }
                writeln!(w, "  handles:  {}", r.handles.join(", "))?;
                writeln!(w, "  speakers: {}", r.speakers.join(", "))?;
                for t in &r.tweets {
                    let d = t.date.map_or(String::new(), |d| format!(" {d}"));
                    writeln!(w, "  tweet:    {} (@{}){d}: {}", t.author, t.handle, t.text)?;
                }
                for q in &r.quotes {
                    let s = q.speaker.as_deref().unwrap_or("?");
                    writeln!(w, "  quote:    {s}: “{}” [{}..{}]", q.text, q.start, q.end)?;
                }
                writeln!(w)?;
            }
        }
    }
    Ok(())
}

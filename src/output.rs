//! Stage 4 of the flow: rows → bytes. Renderers for text (people), JSON,
//! JSON lines and CSV (scripts). Knows only the row types it renders and
//! writes to any `impl Write`.

use crate::article::{Quote, Tweet};
use crate::search::{Hit, SearchResult};
use chrono::NaiveDate;
use serde::Serialize;
use std::io::Write;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned text for people.
    Text,
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row; list fields joined with `; `.
    Csv,
}

/// How text output looks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Use ANSI colours (only when stdout is a terminal and `NO_COLOR` is unset).
    pub color: bool,
}

/// What `newsidx parse` prints for one article.
#[derive(Debug, Clone, Serialize)]
pub struct ParsedArticle {
    /// The file as given (or found under a given directory).
    pub path: String,
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

fn join(v: &[String]) -> String {
    v.join("; ")
}

/// Writes search results.
///
/// JSON: `{"total": N, "hits": [Hit…]}`; JSON lines: one `Hit` per line;
/// CSV: `rank,score,date,path,title,handles,speakers,snippet`; text: a
/// header line with the total, then one block per hit.
///
/// # Errors
/// I/O errors of `w`.
pub fn search_result(
    w: &mut impl Write,
    r: &SearchResult,
    format: Format,
    style: Style,
) -> crate::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *w, r)?;
            writeln!(w)?;
        }
        Format::Jsonl => {
            for h in &r.hits {
                serde_json::to_writer(&mut *w, h)?;
                writeln!(w)?;
            }
        }
        Format::Csv => {
            let mut c = csv::Writer::from_writer(w);
            c.write_record([
                "rank", "score", "date", "path", "title", "handles", "speakers", "snippet",
            ])?;
            for h in &r.hits {
                c.write_record([
                    h.rank.to_string(),
                    format!("{:.3}", h.score),
                    h.date.map(|d| d.to_string()).unwrap_or_default(),
                    h.path.clone(),
                    h.title.clone().unwrap_or_default(),
                    join(&h.handles),
                    join(&h.speakers),
                    h.snippet.text.clone(),
                ])?;
            }
            c.flush()?;
        }
        Format::Text => {
            let shown = if r.hits.is_empty() {
                String::new()
            } else {
                format!(
                    ", showing {}-{}",
                    r.hits[0].rank,
                    r.hits[r.hits.len() - 1].rank
                )
            };
            writeln!(
                w,
                "{} hit{}{shown}",
                r.total,
                if r.total == 1 { "" } else { "s" }
            )?;
            for h in &r.hits {
                hit_text(w, h, style)?;
            }
        }
    }
    Ok(())
}

fn hit_text(w: &mut impl Write, h: &Hit, style: Style) -> std::io::Result<()> {
    let date = h
        .date
        .map_or_else(|| "----------".to_string(), |d| d.to_string());
    writeln!(w)?;
    writeln!(
        w,
        "{:>3}. {:>7.3}  {date}  {}",
        h.rank,
        h.score,
        display_path(&h.path)
    )?;
    if let Some(t) = &h.title {
        writeln!(w, "     title:    {t}")?;
    }
    if !h.handles.is_empty() {
        writeln!(w, "     handles:  {}", h.handles.join(", "))?;
    }
    if !h.speakers.is_empty() {
        writeln!(w, "     speakers: {}", h.speakers.join(", "))?;
    }
    if !h.snippet.text.is_empty() {
        writeln!(
            w,
            "     {}",
            highlight(&h.snippet.text, &h.snippet.highlights, style)
        )?;
    }
    Ok(())
}

/// `text` with the byte ranges `marks` shown bold red (with colour) or
/// left plain (without).
pub fn highlight(text: &str, marks: &[[usize; 2]], style: Style) -> String {
    if !style.color {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + marks.len() * 10);
    let mut at = 0;
    for &[s, e] in marks {
        if s < at || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push_str(&text[at..s]);
        out.push_str("\x1b[1;31m");
        out.push_str(&text[s..e]);
        out.push_str("\x1b[0m");
        at = e;
    }
    out.push_str(&text[at..]);
    out
}

/// A stored absolute path shown relative to the working directory when it
/// lies below it.
pub fn display_path(path: &str) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            std::path::Path::new(path)
                .strip_prefix(&cwd)
                .ok()
                .map(|p| p.display().to_string())
        })
        .unwrap_or_else(|| path.to_string())
}

/// Writes `newsidx parse` rows.
///
/// JSON lines (the default): one [`ParsedArticle`] per line; JSON: an
/// array; CSV: `path,date,title,handles,speakers,tweets,quotes` with lists
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
                "path", "date", "title", "handles", "speakers", "tweets", "quotes",
            ])?;
            for r in rows {
                c.write_record([
                    r.path.clone(),
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
                writeln!(w, "{}", r.path)?;
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

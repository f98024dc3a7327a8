//! Search hits as text, JSON, JSON lines or CSV.

use super::{Format, Style, display_place, highlight, join, record_cell, structured};
use crate::search::{Hit, SearchResult};
use std::io::Write;

/// Writes search results.
///
/// JSON: `{"total": N, "hits": [Hit…]}`; JSON lines: one `Hit` per line;
/// CSV: `rank,score,date,path,record,title,handles,speakers,snippet`; text: a
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
        Format::Json | Format::Jsonl | Format::Csv => {
            let header = [
                "rank", "score", "date", "path", "record", "title", "handles", "speakers",
                "snippet",
            ];
            structured(w, format, r, &r.hits, &header, |h| {
                vec![
                    h.rank.to_string(),
                    format!("{:.3}", h.score),
                    h.date.map(|d| d.to_string()).unwrap_or_default(),
                    h.path.clone(),
                    record_cell(h.record),
                    h.title.clone().unwrap_or_default(),
                    join(&h.handles),
                    join(&h.speakers),
                    h.snippet.text.clone(),
                ]
            })?;
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
        display_place(&h.path, h.record)
    )?;
    if let Some(t) = &h.title {
        writeln!(w, "     title:    {t}")?;
    }
    if let Some(s) = &h.source {
        writeln!(w, "     source:   {s}")?;
    }
    if let Some(u) = &h.url {
        writeln!(w, "     url:      {u}")?;
    }
    if h.paths.len() > 1 {
        writeln!(w, "     copies:   {}", h.paths.len())?;
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

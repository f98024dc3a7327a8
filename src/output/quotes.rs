//! `newsidx quotes` results as text, JSON, JSON lines or CSV.

use super::{Format, Style, display_place, highlight, record_cell, structured};
use crate::search::quotes::QuotesResult;
use std::io::Write;

/// Writes quotation hits.
///
/// JSON: `{"total": N, "quotes": [QuoteHit…]}`; JSON lines: one `QuoteHit`
/// per line; CSV: `rank,score,date,speaker,kind,text,path,record`; text: a
/// header line with the total, then `date  speaker: “text”  path[:record]`
/// per quotation.
///
/// # Errors
/// I/O errors of `w`.
pub fn quotes_result(
    w: &mut impl Write,
    r: &QuotesResult,
    format: Format,
    style: Style,
) -> crate::Result<()> {
    match format {
        Format::Json | Format::Jsonl | Format::Csv => {
            let header = [
                "rank", "score", "date", "speaker", "kind", "text", "path", "record",
            ];
            structured(w, format, r, &r.quotes, &header, |q| {
                vec![
                    q.rank.to_string(),
                    format!("{:.3}", q.score),
                    q.date.map(|d| d.to_string()).unwrap_or_default(),
                    q.speaker.clone(),
                    q.kind.to_string(),
                    q.text.clone(),
                    q.path.clone(),
                    record_cell(q.record),
                ]
            })?;
        }
        Format::Text => {
            writeln!(
                w,
                "{} quotation{}",
                r.total,
                if r.total == 1 { "" } else { "s" }
            )?;
            for q in &r.quotes {
                let date = q
                    .date
                    .map_or_else(|| "----------".to_string(), |d| d.to_string());
                let tweet = if q.kind == "tweet" { " (tweet)" } else { "" };
                writeln!(
                    w,
                    "{:>3}. {date}  {}{tweet}: “{}”  {}",
                    q.rank,
                    q.speaker,
                    // One quotation per line: hard line breaks become spaces
                    // (one byte for one, so highlight offsets still hold).
                    highlight(&q.text.replace('\n', " "), &q.highlights, style),
                    display_place(&q.path, q.record)
                )?;
            }
        }
    }
    Ok(())
}

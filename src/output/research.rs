//! Research rows (counts, timelines, top lists, concordances, documents,
//! index statistics) as text, JSON, JSON lines or CSV.
//!
//! Field names of the JSON and CSV forms are stable; they are listed on
//! each renderer.

use super::{Format, Style, highlight, join, structured};
use crate::search::aggregate::Speakers;
use crate::search::aggregate::{Counts, Stats, Timeline, Top, TopKind, TopRow};
use crate::search::export::Document;
use crate::search::kwic::Kwic;
use serde_json::{Map, Value, json};
use std::io::Write;

/// Width of the longest timeline bar, in characters.
const BAR: usize = 40;

fn date_str(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// Writes `count`: JSON `{"articles": N, "quotations": M}` (quotations only
/// with `--quotes`); JSON lines: the same on one line; CSV
/// `articles[,quotations]`; text: one aligned `name  number` line each.
///
/// # Errors
/// I/O errors of `w`.
pub fn counts(w: &mut impl Write, c: &Counts, format: Format) -> crate::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *w, c)?;
            writeln!(w)?;
        }
        Format::Jsonl => {
            serde_json::to_writer(&mut *w, c)?;
            writeln!(w)?;
        }
        Format::Csv => {
            let mut out = csv::Writer::from_writer(w);
            match c.quotations {
                Some(q) => {
                    out.write_record(["articles", "quotations"])?;
                    out.write_record([c.articles.to_string(), q.to_string()])?;
                }
                None => {
                    out.write_record(["articles"])?;
                    out.write_record([c.articles.to_string()])?;
                }
            }
            out.flush()?;
        }
        Format::Text => {
            writeln!(w, "articles    {}", c.articles)?;
            if let Some(q) = c.quotations {
                writeln!(w, "quotations  {q}")?;
            }
        }
    }
    Ok(())
}

/// Writes a timeline.
///
/// JSON: `{"by", "matched", "undated", "rows": [{"period", "start", "end",
/// "articles", "total"?, "share"?}]}`; JSON lines: one row per line; CSV:
/// `period,start,end,articles[,total,share]`; text: one line per period
/// with a bar (proportional to `articles`, or to `share` when normalized).
///
/// # Errors
/// I/O errors of `w`.
pub fn timeline(w: &mut impl Write, t: &Timeline, format: Format) -> crate::Result<()> {
    let normalized = t.rows.first().is_some_and(|r| r.share.is_some());
    match format {
        Format::Json | Format::Jsonl | Format::Csv => {
            let mut header = vec!["period", "start", "end", "articles"];
            if normalized {
                header.extend(["total", "share"]);
            }
            structured(w, format, t, &t.rows, &header, |r| {
                let mut rec = vec![
                    r.period.clone(),
                    r.start.to_string(),
                    r.end.to_string(),
                    r.articles.to_string(),
                ];
                if normalized {
                    rec.push(r.total.unwrap_or(0).to_string());
                    rec.push(format!("{:.4}", r.share.unwrap_or(0.0)));
                }
                rec
            })?;
        }
        Format::Text => {
            let by = serde_json::to_value(t.by)?;
            let by = by.as_str().unwrap_or("period");
            let pw = t
                .rows
                .iter()
                .map(|r| r.period.len())
                .max()
                .unwrap_or(0)
                .max(by.len());
            let max_n = t.rows.iter().map(|r| r.articles).max().unwrap_or(0);
            let max_s = t.rows.iter().filter_map(|r| r.share).fold(0.0, f64::max);
            if normalized {
                writeln!(w, "{by:<pw$}  articles   total   share")?;
            } else {
                writeln!(w, "{by:<pw$}  articles")?;
            }
            for r in &t.rows {
                let len = if normalized {
                    let s = r.share.unwrap_or(0.0);
                    if max_s > 0.0 {
                        (s / max_s * BAR as f64).round() as usize
                    } else {
                        0
                    }
                } else if max_n > 0 {
                    ((r.articles as f64 / max_n as f64) * BAR as f64).round() as usize
                } else {
                    0
                };
                let len = if r.articles > 0 { len.max(1) } else { 0 };
                let bar = "█".repeat(len);
                let line = if normalized {
                    format!(
                        "{:<pw$}  {:>8}  {:>6}  {:>5.1}%  {bar}",
                        r.period,
                        r.articles,
                        r.total.unwrap_or(0),
                        r.share.unwrap_or(0.0) * 100.0
                    )
                } else {
                    format!("{:<pw$}  {:>8}  {bar}", r.period, r.articles)
                };
                writeln!(w, "{}", line.trim_end())?;
            }
            if t.matched == 0 {
                writeln!(w, "(no matching articles)")?;
            }
            if t.undated > 0 {
                writeln!(
                    w,
                    "({} matching article{} without a date not shown)",
                    t.undated,
                    if t.undated == 1 { "" } else { "s" }
                )?;
            }
        }
    }
    Ok(())
}

/// Writes a top list.
///
/// JSON: `{"kind", "matched", "corpus", "rows": [{"rank", "value",
/// "articles", "corpus_articles"?, "score"?}]}` (the last two for terms);
/// JSON lines: one row per line; CSV: `rank,value,articles` (terms:
/// `rank,value,articles,corpus_articles,score`); text: aligned columns.
///
/// # Errors
/// I/O errors of `w`.
pub fn top(w: &mut impl Write, t: &Top, format: Format) -> crate::Result<()> {
    let terms = t.kind == TopKind::Terms;
    match format {
        Format::Json | Format::Jsonl | Format::Csv => {
            let mut header = vec!["rank", "value", "articles"];
            if terms {
                header.extend(["corpus_articles", "score"]);
            }
            structured(w, format, t, &t.rows, &header, |r| {
                let mut rec = vec![r.rank.to_string(), r.value.clone(), r.articles.to_string()];
                if terms {
                    rec.push(r.corpus_articles.unwrap_or(0).to_string());
                    rec.push(format!("{:.3}", r.score.unwrap_or(0.0)));
                }
                rec
            })?;
        }
        Format::Text => {
            let what = match t.kind {
                TopKind::Handles => "handle",
                TopKind::Speakers => "speaker",
                TopKind::Terms => "term",
            };
            if terms {
                writeln!(w, "rank  articles  corpus  log-likelihood  {what}")?;
            } else {
                writeln!(w, "rank  articles  {what}")?;
            }
            for r in &t.rows {
                top_line(w, r, terms)?;
            }
            if t.rows.is_empty() {
                writeln!(w, "(none among {} matching articles)", t.matched)?;
            }
        }
    }
    Ok(())
}

/// Writes speaker identities (`newsidx speakers`).
///
/// JSON: `{"matched", "total", "speakers": [{"speaker", "variants",
/// "articles", "quotations", "first", "last"}]}`; JSON lines: one speaker
/// object per line; CSV: `speaker,variants,articles,quotations,first,last`
/// (variants joined with "; "); text: one line per identity.
///
/// # Errors
/// I/O and serialisation errors of `w`.
pub fn speakers(w: &mut impl Write, s: &Speakers, format: Format) -> crate::Result<()> {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    match format {
        Format::Json | Format::Jsonl | Format::Csv => {
            let header = [
                "speaker",
                "variants",
                "articles",
                "quotations",
                "first",
                "last",
            ];
            structured(w, format, s, &s.speakers, &header, |r| {
                vec![
                    r.speaker.clone(),
                    join(&r.variants),
                    r.articles.to_string(),
                    r.quotations.to_string(),
                    date(r.first),
                    date(r.last),
                ]
            })?;
        }
        Format::Text => {
            writeln!(
                w,
                "articles  quotes  first       last        speaker (variants)"
            )?;
            for r in &s.speakers {
                let others: Vec<&str> = r
                    .variants
                    .iter()
                    .filter(|v| **v != r.speaker)
                    .map(String::as_str)
                    .collect();
                let first = r.first.map_or_else(|| "-".to_string(), |d| d.to_string());
                let last = r.last.map_or_else(|| "-".to_string(), |d| d.to_string());
                write!(
                    w,
                    "{:>8}  {:>6}  {first:<10}  {last:<10}  {}",
                    r.articles, r.quotations, r.speaker
                )?;
                if others.is_empty() {
                    writeln!(w)?;
                } else {
                    writeln!(w, " ({})", others.join(", "))?;
                }
            }
            if s.speakers.is_empty() {
                writeln!(w, "(no speakers among {} matching articles)", s.matched)?;
            } else if s.total > s.speakers.len() {
                writeln!(w, "({} of {} speakers shown)", s.speakers.len(), s.total)?;
            }
        }
    }
    Ok(())
}

fn top_line(w: &mut impl Write, r: &TopRow, terms: bool) -> std::io::Result<()> {
    if terms {
        writeln!(
            w,
            "{:>4}  {:>8}  {:>6}  {:>14.3}  {}",
            r.rank,
            r.articles,
            r.corpus_articles.unwrap_or(0),
            r.score.unwrap_or(0.0),
            r.value
        )
    } else {
        writeln!(w, "{:>4}  {:>8}  {}", r.rank, r.articles, r.value)
    }
}

/// Writes concordance lines.
///
/// JSON: `{"total", "lines": [{"date", "path", "record", "key", "left", "match",
/// "right", "offset"}]}`; JSON lines: one line object per line; CSV:
/// `date,path,record,key,left,match,right,offset`; text: `date  path  left MATCH
/// right`, the left context right-aligned so that matches line up.
///
/// # Errors
/// I/O errors of `w`.
pub fn kwic(
    w: &mut impl Write,
    k: &Kwic,
    width: usize,
    format: Format,
    style: Style,
) -> crate::Result<()> {
    match format {
        Format::Json | Format::Jsonl | Format::Csv => {
            let header = [
                "date", "path", "record", "key", "left", "match", "right", "offset",
            ];
            structured(w, format, k, &k.lines, &header, |l| {
                vec![
                    date_str(l.date),
                    l.path.clone(),
                    super::record_cell(l.record),
                    l.key.clone(),
                    l.left.clone(),
                    l.hit.clone(),
                    l.right.clone(),
                    l.offset.to_string(),
                ]
            })?;
        }
        Format::Text => {
            let paths: Vec<String> = k
                .lines
                .iter()
                .map(|l| super::display_place(&l.path, l.record))
                .collect();
            let pw = paths.iter().map(|p| p.chars().count()).max().unwrap_or(0);
            for (l, p) in k.lines.iter().zip(&paths) {
                let date = l.date.map_or_else(|| "-".repeat(10), |d| d.to_string());
                let hit = highlight(&l.hit, &[[0, l.hit.len()]], style);
                // Padded by hand: `{:>width$}` panics for widths over u16::MAX.
                let pad = " ".repeat(width.saturating_sub(l.left.chars().count()));
                let line = format!("{date}  {p:<pw$}  {pad}{}{hit}{}", l.left, l.right);
                writeln!(w, "{}", line.trim_end())?;
            }
        }
    }
    Ok(())
}

/// The value of export field `name` of `d` as JSON.
fn field_json(d: &Document, name: &str) -> Value {
    let opt = |s: &Option<String>| s.as_ref().map_or(Value::Null, |s| json!(s));
    match name {
        "key" => json!(d.key),
        "date" => d.date.map_or(Value::Null, |x| json!(x.to_string())),
        "path" => json!(d.path()),
        "record" => d.record().map_or(Value::Null, |r| json!(r)),
        "title" => opt(&d.title),
        "source" => opt(&d.source),
        "url" => opt(&d.url),
        "handles" => json!(d.handles),
        "speakers" => json!(d.speakers),
        "quotes" => serde_json::to_value(&d.quotes).unwrap_or(Value::Null),
        "tweets" => serde_json::to_value(&d.tweets).unwrap_or(Value::Null),
        "body" => json!(d.body),
        _ => Value::Null,
    }
}

/// The value of export field `name` of `d` as one CSV cell: lists joined
/// with `; `, quotations and tweets as JSON arrays, missing values empty.
fn field_cell(d: &Document, name: &str) -> String {
    match name {
        "handles" => join(&d.handles),
        "speakers" => join(&d.speakers),
        _ => match field_json(d, name) {
            Value::Null => String::new(),
            Value::String(s) => s,
            v => v.to_string(),
        },
    }
}

/// Writes the chosen `fields` of `d` as one compact JSON object, keys in
/// the order of `fields`.
fn write_row(w: &mut impl Write, d: &Document, fields: &[&str]) -> crate::Result<()> {
    write!(w, "{{")?;
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            write!(w, ",")?;
        }
        serde_json::to_writer(&mut *w, f)?;
        write!(w, ":")?;
        serde_json::to_writer(&mut *w, &field_json(d, f))?;
    }
    write!(w, "}}")?;
    Ok(())
}

/// A streaming writer of exported documents: each [`Document`] is written
/// as it comes, so memory does not grow with the number of documents.
///
/// JSON lines: one object per document with the chosen fields (`key`,
/// `date`, `path`, `title`, `source`, `url`, `handles`, `speakers`,
/// `quotes` `[{speaker, text, start, end}]`, `tweets` `[{author, handle,
/// date, text}]`, `body`); JSON: an array of those objects; CSV: a header
/// row with the field names, then one row per document (lists joined with
/// `; `, quotes and tweets as JSON).
pub struct ExportWriter<W: Write> {
    out: ExportOut<W>,
    fields: Vec<&'static str>,
    rows: u64,
}

enum ExportOut<W: Write> {
    Json(W),
    Jsonl(W),
    Csv(Box<csv::Writer<W>>),
}

impl<W: Write> ExportWriter<W> {
    /// A writer of `fields` (see [`crate::search::export::EXPORT_FIELDS`])
    /// in `format`; text is written as JSON lines.
    ///
    /// # Errors
    /// I/O errors writing the CSV header or the JSON opening bracket.
    pub fn new(mut w: W, format: Format, fields: Vec<&'static str>) -> crate::Result<Self> {
        let out = match format {
            Format::Csv => {
                let mut c = csv::Writer::from_writer(w);
                c.write_record(&fields)?;
                ExportOut::Csv(Box::new(c))
            }
            Format::Json => {
                write!(w, "[")?;
                ExportOut::Json(w)
            }
            Format::Jsonl | Format::Text => ExportOut::Jsonl(w),
        };
        Ok(ExportWriter {
            out,
            fields,
            rows: 0,
        })
    }

    /// Writes one document.
    ///
    /// # Errors
    /// I/O errors of the underlying writer.
    pub fn write(&mut self, d: &Document) -> crate::Result<()> {
        match &mut self.out {
            ExportOut::Csv(c) => {
                c.write_record(self.fields.iter().map(|f| field_cell(d, f)))?;
            }
            ExportOut::Json(w) => {
                write!(w, "{}\n  ", if self.rows == 0 { "" } else { "," })?;
                write_row(w, d, &self.fields)?;
            }
            ExportOut::Jsonl(w) => {
                write_row(w, d, &self.fields)?;
                writeln!(w)?;
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Finishes the output (closing bracket, flush) and returns the number
    /// of documents written.
    ///
    /// # Errors
    /// I/O errors of the underlying writer.
    pub fn finish(self) -> crate::Result<u64> {
        match self.out {
            ExportOut::Csv(mut c) => c.flush()?,
            ExportOut::Json(mut w) => {
                writeln!(w, "{}]", if self.rows == 0 { "" } else { "\n" })?;
                w.flush()?;
            }
            ExportOut::Jsonl(mut w) => w.flush()?,
        }
        Ok(self.rows)
    }
}

/// Writes one document in full.
///
/// JSON: one object with every export field (see [`ExportWriter`]) plus
/// `paths` (all source paths); JSON lines: the same on one line; CSV: a
/// header and one row; text: labelled fields, the quotations with their
/// speakers, the tweets, then the body.
///
/// # Errors
/// I/O errors of `w`.
pub fn document(w: &mut impl Write, d: &Document, format: Format) -> crate::Result<()> {
    let fields = crate::search::export::EXPORT_FIELDS;
    match format {
        Format::Json | Format::Jsonl => {
            let mut obj: Map<String, Value> = fields
                .iter()
                .map(|f| (f.to_string(), field_json(d, f)))
                .collect();
            obj.insert("paths".into(), json!(d.paths));
            if format == Format::Json {
                serde_json::to_writer_pretty(&mut *w, &obj)?;
            } else {
                serde_json::to_writer(&mut *w, &obj)?;
            }
            writeln!(w)?;
        }
        Format::Csv => {
            let mut e = ExportWriter::new(w, Format::Csv, fields.to_vec())?;
            e.write(d)?;
            e.finish()?;
        }
        Format::Text => {
            writeln!(w, "key:       {}", d.key)?;
            for (i, p) in d.paths.iter().enumerate() {
                let record = d.records.get(i).copied().flatten();
                writeln!(w, "path:      {}", super::display_place(p, record))?;
            }
            writeln!(
                w,
                "date:      {}",
                d.date.map_or("-".into(), |x| x.to_string())
            )?;
            if let Some(t) = &d.title {
                writeln!(w, "title:     {t}")?;
            }
            if let Some(s) = &d.source {
                writeln!(w, "source:    {s}")?;
            }
            if let Some(u) = &d.url {
                writeln!(w, "url:       {u}")?;
            }
            writeln!(w, "handles:   {}", d.handles.join(", "))?;
            writeln!(w, "speakers:  {}", d.speakers.join(", "))?;
            writeln!(w, "quotes:    {}", d.quotes.len())?;
            for q in &d.quotes {
                let s = q.speaker.as_deref().unwrap_or("?");
                writeln!(w, "  {s}: “{}”", q.text)?;
            }
            writeln!(w, "tweets:    {}", d.tweets.len())?;
            for t in &d.tweets {
                let date = t.date.map_or(String::new(), |x| format!(" {x}"));
                writeln!(w, "  {} (@{}){date}: {}", t.author, t.handle, t.text)?;
            }
            writeln!(w)?;
            writeln!(w, "{}", d.body.trim_end())?;
        }
    }
    Ok(())
}

/// `bytes` as `123 B`, `4.5 KiB`, `6.7 MiB`, `8.9 GiB`.
pub fn human_bytes(bytes: u64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < units.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} B")
    } else {
        format!("{v:.1} {}", units[u])
    }
}

/// Writes index statistics.
///
/// JSON: `{"index", "documents", "deleted", "undated", "first_date",
/// "last_date", "years": [{"year", "articles"}], "size_bytes", "segments",
/// "top_speakers": [TopRow], "top_handles": [TopRow]}`; JSON lines: the same
/// on one line; CSV: `section,name,value` rows (`summary`, `year`,
/// `speaker`, `handle`); text: labelled lines and small tables.
///
/// # Errors
/// I/O errors of `w`.
pub fn stats(w: &mut impl Write, s: &Stats, format: Format) -> crate::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *w, s)?;
            writeln!(w)?;
        }
        Format::Jsonl => {
            serde_json::to_writer(&mut *w, s)?;
            writeln!(w)?;
        }
        Format::Csv => {
            let mut c = csv::Writer::from_writer(w);
            c.write_record(["section", "name", "value"])?;
            let summary = [
                ("documents", s.documents.to_string()),
                ("deleted", s.deleted.to_string()),
                ("undated", s.undated.to_string()),
                ("first_date", date_str(s.first_date)),
                ("last_date", date_str(s.last_date)),
                ("size_bytes", s.size_bytes.to_string()),
                ("segments", s.segments.to_string()),
            ];
            for (k, v) in summary {
                c.write_record(["summary", k, &v])?;
            }
            for y in &s.years {
                c.write_record(["year".into(), y.year.to_string(), y.articles.to_string()])?;
            }
            for r in &s.top_speakers {
                c.write_record(["speaker", &r.value, &r.articles.to_string()])?;
            }
            for r in &s.top_handles {
                c.write_record(["handle", &r.value, &r.articles.to_string()])?;
            }
            c.flush()?;
        }
        Format::Text => {
            writeln!(w, "index:      {}", s.index)?;
            writeln!(
                w,
                "documents:  {} ({} without a date, {} deleted not yet merged)",
                s.documents, s.undated, s.deleted
            )?;
            match (s.first_date, s.last_date) {
                (Some(a), Some(b)) => writeln!(w, "dates:      {a} .. {b}")?,
                _ => writeln!(w, "dates:      -")?,
            }
            writeln!(
                w,
                "size:       {} in {} segment{}",
                human_bytes(s.size_bytes),
                s.segments,
                if s.segments == 1 { "" } else { "s" }
            )?;
            writeln!(w, "\nyear  articles")?;
            for y in &s.years {
                writeln!(w, "{:<4}  {:>8}", y.year, y.articles)?;
            }
            writeln!(w, "\nrank  articles  speaker")?;
            for r in &s.top_speakers {
                top_line(w, r, false)?;
            }
            writeln!(w, "\nrank  articles  handle")?;
            for r in &s.top_handles {
                top_line(w, r, false)?;
            }
        }
    }
    Ok(())
}

//! Stage 4 of the flow: rows → bytes. Renderers for text (people), JSON,
//! JSON lines and CSV (scripts). Knows only the row types it renders and
//! writes to any `impl Write`.

pub mod deleted;
pub mod engines;
pub mod hits;
pub mod parsed;
pub mod push;
pub mod quotes;
pub mod research;

pub use hits::search_result;
pub use parsed::{ParsedArticle, parsed};

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

/// `path` as one-line messages show it: as [`std::path::Path::display`]
/// shows it, with control characters (a newline or tab in a file name)
/// escaped (see [`escape_controls`]) so that the message stays one line.
pub fn one_line(path: &std::path::Path) -> String {
    escape_controls(&path.display().to_string())
}

/// `s` with each control character written as Rust writes it in a string
/// literal (`\n`, `\t`, `\u{1b}`); everything else, other scripts
/// included, unchanged.
pub fn escape_controls(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
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

/// A hit's place as shown in text output: the path (see
/// [`display_path`]) with control characters escaped ([`escape_controls`]:
/// a file name holding a newline stays on its line), then `:RECORD` for a
/// record of a multi-record file (the form `newsidx show` takes).
pub fn display_place(path: &str, record: Option<u64>) -> String {
    let path = escape_controls(&display_path(path));
    match record {
        Some(r) => format!("{path}:{r}"),
        None => path,
    }
}

/// A record number as one CSV cell (empty for a one-article file).
pub fn record_cell(record: Option<u64>) -> String {
    record.map(|r| r.to_string()).unwrap_or_default()
}

/// List values joined for one CSV cell.
pub fn join(v: &[String]) -> String {
    v.join("; ")
}

/// Writes the machine-readable formats the same way for every command:
/// JSON is `whole`, pretty-printed; JSON lines are `rows`, one per line;
/// CSV is `header`, then `record(row)` for each row. [`Format::Text`]
/// writes nothing here: each command renders its own text.
///
/// # Errors
/// I/O and serialisation errors of `w`.
pub fn structured<T: serde::Serialize>(
    w: &mut impl std::io::Write,
    format: Format,
    whole: &impl serde::Serialize,
    rows: &[T],
    header: &[&str],
    record: impl Fn(&T) -> Vec<String>,
) -> crate::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *w, whole)?;
            writeln!(w)?;
        }
        Format::Jsonl => {
            for r in rows {
                serde_json::to_writer(&mut *w, r)?;
                writeln!(w)?;
            }
        }
        Format::Csv => {
            let mut out = csv::Writer::from_writer(w);
            out.write_record(header)?;
            for r in rows {
                out.write_record(record(r))?;
            }
            out.flush()?;
        }
        Format::Text => {}
    }
    Ok(())
}

//! Reading one input file into [`SourceRecord`]s, by format.
//!
//! | extension | format | records |
//! |-----------|--------|---------|
//! | `.txt` (and any other file given explicitly) | seed format: optional ` date YYYY-MM-DD ` header, then the body | one per file |
//! | `.jsonl`, `.ndjson` | one JSON object per line | one per non-blank line |
//! | `.json` | one JSON object, an array of objects, or an object without a body field wrapping an array of objects (see [`WRAPPER_KEYS`]) | one per object |
//! | `.csv`, `.tsv` | header row, then one row per article (TSV: no quoting) | one per row |
//!
//! Each may be compressed: `NAME.EXT.gz` (gzip) or `NAME.EXT.zst` (zstd).
//! Multi-record files are streamed record by record, never read whole.
//! Structured records find their fields by common names (see [`Field`]) or
//! by an explicit [`FieldMap`].

use super::{
    RecordDate, RecordMeta, Skip, SkipReason, SourceRecord, content_hash, dates, document_key,
    document_key_with_id, text,
};
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// A field of a structured record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Publication date: `date`, `published`, `publish_date`, `pubdate`,
    /// `published_at`, `publication_date`, `publishedAt`.
    Date,
    /// Article text (required): `body`, `text`, `content`, `article`,
    /// `description` (NewsAPI's summary, the last fallback).
    Body,
    /// Headline: `title`, `headline`.
    Title,
    /// URL: `url`, `link`.
    Url,
    /// Outlet: `source`, `outlet`, `publisher`.
    Source,
    /// Record identifier, used for the document key: `id`.
    Id,
}

impl Field {
    const ALL: [Field; 6] = [
        Field::Date,
        Field::Body,
        Field::Title,
        Field::Url,
        Field::Source,
        Field::Id,
    ];

    /// The name used in `--field NAME=COLUMN`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Date => "date",
            Field::Body => "body",
            Field::Title => "title",
            Field::Url => "url",
            Field::Source => "source",
            Field::Id => "id",
        }
    }

    /// Column names looked for, in order (compared case-insensitively).
    pub fn common_names(self) -> &'static [&'static str] {
        match self {
            Field::Date => &[
                "date",
                "published",
                "publish_date",
                "pubdate",
                "published_at",
                "publication_date",
                "publishedat",
            ],
            Field::Body => &["body", "text", "content", "article", "description"],
            Field::Title => &["title", "headline"],
            Field::Url => &["url", "link"],
            Field::Source => &["source", "outlet", "publisher"],
            Field::Id => &["id"],
        }
    }
}

/// Explicit column names for some fields (`--field body=maintext`); the
/// other fields are found by their common names.
#[derive(Debug, Clone, Default)]
pub struct FieldMap {
    explicit: HashMap<Field, String>,
}

impl FieldMap {
    /// Adds a mapping written `FIELD=COLUMN` (e.g. `date=published_at`).
    ///
    /// # Errors
    /// A one-line message naming the accepted fields when `spec` is not of
    /// that form.
    pub fn add(&mut self, spec: &str) -> Result<(), String> {
        let bad = || {
            format!(
                "bad --field {spec:?}: use FIELD=COLUMN with FIELD one of date, body, title, url, source, id (e.g. --field body=maintext)"
            )
        };
        let (name, column) = spec.split_once('=').ok_or_else(bad)?;
        let field = Field::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(bad)?;
        let column = column.trim();
        if column.is_empty() {
            return Err(bad());
        }
        self.explicit.insert(field, column.to_lowercase());
        Ok(())
    }

    /// The column names to look for `field`, in order (lower case).
    fn candidates(&self, field: Field) -> Vec<String> {
        match self.explicit.get(&field) {
            Some(c) => vec![c.clone()],
            None => field.common_names().iter().map(|s| s.to_string()).collect(),
        }
    }

    /// For each field, the index in `columns` (lower-cased names) of the
    /// first candidate present.
    fn resolve(&self, columns: &[String]) -> HashMap<Field, usize> {
        let mut out = HashMap::new();
        for f in Field::ALL {
            for c in self.candidates(f) {
                if let Some(i) = columns.iter().position(|col| *col == c) {
                    out.insert(f, i);
                    break;
                }
            }
        }
        out
    }
}

/// Reading limits and field names.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// One-article files larger than this many bytes (after decompression)
    /// are skipped, and so are records larger than this in multi-record
    /// files (which are streamed whatever their size).
    pub max_file_size: u64,
    /// Explicit field names for structured records.
    pub fields: FieldMap,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_file_size: 64 * 1024 * 1024,
            fields: FieldMap::default(),
        }
    }
}

/// The format of a file, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One article in the seed format.
    Txt,
    /// One JSON object per line.
    Jsonl,
    /// One JSON object or an array of them.
    Json,
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
}

/// Compression of a file, from its last extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Plain file.
    None,
    /// `.gz`.
    Gzip,
    /// `.zst`.
    Zstd,
}

/// The format and compression of `path`, or `None` when its extension is
/// none of the known ones.
pub fn detect(path: &Path) -> Option<(Format, Compression)> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let (stem, comp) = if let Some(s) = name.strip_suffix(".gz") {
        (s, Compression::Gzip)
    } else if let Some(s) = name.strip_suffix(".zst") {
        (s, Compression::Zstd)
    } else {
        (name.as_str(), Compression::None)
    };
    let ext = Path::new(stem).extension()?.to_str()?;
    let format = match ext {
        "txt" => Format::Txt,
        "jsonl" | "ndjson" => Format::Jsonl,
        "json" => Format::Json,
        "csv" => Format::Csv,
        "tsv" => Format::Tsv,
        _ => return None,
    };
    Some((format, comp))
}

/// Whether a directory walk should pick up the file at `path`: `.txt`,
/// `.jsonl`, `.ndjson`, `.json`, `.csv`, `.tsv`, each optionally `.gz` or
/// `.zst`.
pub fn is_article_file(path: &Path) -> bool {
    detect(path).is_some()
}

/// What [`read`] emits for each record of a file.
#[derive(Debug)]
pub enum Item {
    /// A record to index.
    Record(SourceRecord),
    /// A record that was skipped (the rest of the file goes on).
    Skip(Skip),
}

/// How reading a file ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileEnd {
    /// Records emitted (skipped records included).
    pub items: u64,
    /// Whether every record of the file was read: false when the consumer
    /// asked to stop or the file broke off (corrupt compression, JSON syntax
    /// error); its missing records must then not be taken as deleted.
    pub complete: bool,
}

/// Reads the file at canonical path `path`, calling `emit` for each record
/// (or skipped record) in file order. `emit` returns `false` to stop
/// reading. Files with an unknown extension are read as `.txt`.
///
/// # Errors
/// A [`Skip`] for the whole file when it is empty, binary, too large,
/// unreadable, or a structured file with no body column.
pub fn read(
    path: &Path,
    opts: &ReadOptions,
    emit: &mut dyn FnMut(Item) -> bool,
) -> Result<FileEnd, Skip> {
    let skip = |reason, detail: String| Skip {
        path: path.to_path_buf(),
        record: None,
        reason,
        detail,
    };
    let meta = std::fs::metadata(path).map_err(|e| skip(SkipReason::Unreadable, e.to_string()))?;
    if !meta.is_file() {
        return Err(skip(SkipReason::Unreadable, "not a regular file".into()));
    }
    let (format, comp) = detect(path).unwrap_or((Format::Txt, Compression::None));
    if format == Format::Txt && comp == Compression::None && meta.len() > opts.max_file_size {
        return Err(too_large(path, meta.len(), opts.max_file_size));
    }
    if meta.len() == 0 {
        return Err(skip(SkipReason::Empty, "the file is empty".into()));
    }
    let file =
        std::fs::File::open(path).map_err(|e| skip(SkipReason::Unreadable, e.to_string()))?;
    let raw = BufReader::with_capacity(64 * 1024, file);
    let inner: Box<dyn Read> = match comp {
        Compression::None => Box::new(raw),
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(raw)),
        Compression::Zstd => Box::new(
            zstd::Decoder::with_buffer(raw)
                .map_err(|e| skip(SkipReason::Unreadable, format!("zstd: {e}")))?,
        ),
    };
    let mut reader = BufReader::with_capacity(64 * 1024, inner);
    // Look at the start: byte-order mark, NUL bytes, nothing at all.
    let head = reader
        .fill_buf()
        .map_err(|e| skip(SkipReason::Unreadable, read_error(comp, &e)))?;
    if head.is_empty() {
        return Err(skip(SkipReason::Empty, "no content".into()));
    }
    if head.contains(&0) {
        return Err(skip(SkipReason::Binary, "contains NUL bytes".into()));
    }
    if head.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    let ctx = Ctx {
        path,
        opts,
        comp,
        ids: HashMap::new(),
    };
    match format {
        Format::Txt => read_txt(ctx, reader, emit),
        Format::Jsonl => read_jsonl(ctx, reader, emit),
        Format::Json => read_json(ctx, reader, emit),
        Format::Csv => read_csv(ctx, reader, b',', emit),
        Format::Tsv => read_csv(ctx, reader, b'\t', emit),
    }
}

/// Reads every record of `path` into a vector (for small inputs such as
/// `newsidx parse`); skipped records are returned alongside.
///
/// # Errors
/// As [`read`].
pub fn read_all(path: &Path, opts: &ReadOptions) -> Result<(Vec<SourceRecord>, Vec<Skip>), Skip> {
    let (mut records, mut skips) = (Vec::new(), Vec::new());
    read(path, opts, &mut |item| {
        match item {
            Item::Record(r) => records.push(r),
            Item::Skip(s) => skips.push(s),
        }
        true
    })?;
    Ok((records, skips))
}

struct Ctx<'a> {
    path: &'a Path,
    opts: &'a ReadOptions,
    comp: Compression,
    /// Ids seen in this file → the record that had it first.
    ids: HashMap<String, u64>,
}

impl Ctx<'_> {
    fn skip(&self, record: Option<u64>, reason: SkipReason, detail: String) -> Skip {
        Skip {
            path: self.path.to_path_buf(),
            record,
            reason,
            detail,
        }
    }

    /// A structured record from its fields (`get` looks one up), or the
    /// reason it is skipped.
    fn record(
        &mut self,
        n: u64,
        get: &dyn Fn(Field) -> Option<FieldValue>,
        repairs: text::Repairs,
    ) -> Result<SourceRecord, Skip> {
        let body = match get(Field::Body) {
            Some(v) => text::normalize(v.as_text().trim()),
            None => {
                return Err(self.skip(
                    Some(n),
                    SkipReason::BadRecord,
                    format!(
                        "no body field (looked for {}); name it with --field body=NAME",
                        self.opts.fields.candidates(Field::Body).join(", ")
                    ),
                ));
            }
        };
        if body.trim().is_empty() {
            return Err(self.skip(Some(n), SkipReason::Empty, "the body is empty".into()));
        }
        let text_field = |f| {
            get(f)
                .map(|v| text::normalize(v.as_text().trim()))
                .filter(|s| !s.is_empty())
        };
        let date = match get(Field::Date) {
            None => RecordDate::Absent,
            Some(FieldValue::Number(n)) => match dates::from_number(n) {
                Some(d) => RecordDate::Day(d),
                None => RecordDate::Unparseable(n.to_string()),
            },
            Some(v) => {
                let raw = v.as_text();
                let raw = raw.trim();
                if raw.is_empty() {
                    RecordDate::Absent
                } else {
                    match dates::parse(raw) {
                        Some(d) => RecordDate::Day(d),
                        None => RecordDate::Unparseable(raw.to_string()),
                    }
                }
            }
        };
        let meta = RecordMeta {
            date,
            title: text_field(Field::Title),
            url: text_field(Field::Url),
            source: text_field(Field::Source),
        };
        let key = match text_field(Field::Id) {
            Some(id) => {
                if let Some(first) = self.ids.get(&id) {
                    return Err(self.skip(
                        Some(n),
                        SkipReason::BadRecord,
                        format!("duplicate id {id:?} (first in record {first})"),
                    ));
                }
                self.ids.insert(id.clone(), n);
                document_key_with_id(self.path, &id)
            }
            None => document_key(self.path, Some(n)),
        };
        let date_repr = match &meta.date {
            RecordDate::Absent => String::new(),
            RecordDate::Day(d) => d.to_string(),
            RecordDate::Unparseable(s) => format!("?{s}"),
        };
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let hash = content_hash(&format!(
            "{body}\0{}\0{date_repr}\0{}\0{}",
            opt(&meta.title),
            opt(&meta.url),
            opt(&meta.source)
        ));
        Ok(SourceRecord {
            key,
            path: self.path.to_path_buf(),
            record: Some(n),
            text: body,
            hash,
            repairs,
            meta: Some(meta),
        })
    }
}

/// A field value of a structured record.
enum FieldValue {
    Text(String),
    Number(f64),
}

impl FieldValue {
    fn as_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            FieldValue::Text(s) => s.as_str().into(),
            FieldValue::Number(n) => n.to_string().into(),
        }
    }

    /// A JSON value as a field: strings and numbers as they are, arrays of
    /// strings as paragraphs, `{"name": …}` objects (NewsAPI's `source`)
    /// by their name; anything else is absent.
    fn from_json(v: &Value) -> Option<FieldValue> {
        match v {
            Value::String(s) => Some(FieldValue::Text(s.clone())),
            Value::Number(n) => n.as_f64().map(FieldValue::Number),
            Value::Bool(b) => Some(FieldValue::Text(b.to_string())),
            Value::Array(items) => {
                let parts: Vec<&str> = items.iter().filter_map(|i| i.as_str()).collect();
                (!parts.is_empty()).then(|| FieldValue::Text(parts.join("\n\n")))
            }
            Value::Object(o) => o
                .get("name")
                .and_then(|n| n.as_str())
                .map(|s| FieldValue::Text(s.to_string())),
            Value::Null => None,
        }
    }
}

fn too_large(path: &Path, size: u64, max: u64) -> Skip {
    Skip {
        path: path.to_path_buf(),
        record: None,
        reason: SkipReason::TooLarge,
        detail: format!("{size} bytes is over --max-file-size {max}"),
    }
}

fn read_error(comp: Compression, e: &std::io::Error) -> String {
    match comp {
        Compression::None => e.to_string(),
        Compression::Gzip => format!("corrupt gzip data: {e}"),
        Compression::Zstd => format!("corrupt zstd data: {e}"),
    }
}

fn read_txt(
    ctx: Ctx,
    reader: impl Read,
    emit: &mut dyn FnMut(Item) -> bool,
) -> Result<FileEnd, Skip> {
    let max = ctx.opts.max_file_size;
    let mut bytes = Vec::new();
    reader
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ctx.skip(None, SkipReason::Unreadable, read_error(ctx.comp, &e)))?;
    if bytes.len() as u64 > max {
        return Err(ctx.skip(
            None,
            SkipReason::TooLarge,
            format!("over --max-file-size {max} bytes after decompression"),
        ));
    }
    if bytes.contains(&0) {
        return Err(ctx.skip(None, SkipReason::Binary, "contains NUL bytes".into()));
    }
    let (text, repairs) = text::decode(&bytes);
    if text.trim().is_empty() {
        return Err(ctx.skip(None, SkipReason::Empty, "no text".into()));
    }
    if crate::article::header::split(&text).2.trim().is_empty() {
        return Err(ctx.skip(
            None,
            SkipReason::Empty,
            "no text after the date header".into(),
        ));
    }
    let complete = emit(Item::Record(SourceRecord {
        key: document_key(ctx.path, None),
        path: ctx.path.to_path_buf(),
        record: None,
        hash: content_hash(&text),
        text,
        repairs,
        meta: None,
    }));
    Ok(FileEnd { items: 1, complete })
}

/// Reads one line (up to and excluding `\n`) of at most `max` bytes into
/// `buf`; returns `Ok(None)` at the end, `Ok(Some(false))` for a line that
/// was too long (consumed and dropped).
fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: u64,
) -> std::io::Result<Option<bool>> {
    buf.clear();
    let n = reader.by_ref().take(max + 1).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        return Ok(Some(true));
    }
    if (buf.len() as u64) <= max {
        return Ok(Some(true)); // last line without a newline
    }
    // Too long: drop the rest of the line.
    let mut scratch = Vec::new();
    loop {
        scratch.clear();
        let n = reader
            .by_ref()
            .take(1 << 20)
            .read_until(b'\n', &mut scratch)?;
        if n == 0 || scratch.last() == Some(&b'\n') {
            break;
        }
    }
    buf.clear();
    Ok(Some(false))
}

fn read_jsonl(
    mut ctx: Ctx,
    mut reader: impl BufRead,
    emit: &mut dyn FnMut(Item) -> bool,
) -> Result<FileEnd, Skip> {
    let max = ctx.opts.max_file_size;
    let mut buf = Vec::new();
    let (mut line, mut items, mut records) = (0u64, 0u64, 0u64);
    loop {
        line += 1;
        let fits = match read_line(&mut reader, &mut buf, max) {
            Ok(None) => break,
            Ok(Some(fits)) => fits,
            Err(e) => {
                let s = ctx.skip(
                    Some(line),
                    SkipReason::Unreadable,
                    format!(
                        "{}; the rest of the file is not read",
                        read_error(ctx.comp, &e)
                    ),
                );
                emit(Item::Skip(s));
                return Ok(FileEnd {
                    items: items + 1,
                    complete: false,
                });
            }
        };
        let item = if !fits {
            Item::Skip(ctx.skip(
                Some(line),
                SkipReason::TooLarge,
                format!("line longer than --max-file-size {max} bytes"),
            ))
        } else {
            let (s, mut repairs) = text::decode_raw(&buf);
            let s = s.trim();
            if s.is_empty() {
                continue;
            }
            let (s, lone) = text::repair_json(s);
            repairs.lone_surrogates = lone > 0;
            match serde_json::from_str::<Value>(&s) {
                Ok(Value::Object(map)) => json_record(&mut ctx, line, &map, repairs),
                Ok(_) => Item::Skip(ctx.skip(
                    Some(line),
                    SkipReason::BadRecord,
                    "not a JSON object".into(),
                )),
                Err(e) => Item::Skip(ctx.skip(
                    Some(line),
                    SkipReason::BadRecord,
                    format!("invalid JSON: {e}"),
                )),
            }
        };
        items += 1;
        if matches!(item, Item::Record(_)) {
            records += 1;
        }
        if !emit(item) {
            return Ok(FileEnd {
                items,
                complete: false,
            });
        }
    }
    if items == 0 {
        return Err(ctx.skip(None, SkipReason::Empty, "no records".into()));
    }
    let _ = records;
    Ok(FileEnd {
        items,
        complete: true,
    })
}

fn json_record(ctx: &mut Ctx, n: u64, map: &Map<String, Value>, repairs: text::Repairs) -> Item {
    // A null value counts as absent, so that the next name is looked for
    // (NewsAPI's `"content": null` falls back to `description`).
    let present: Vec<(&String, &Value)> = map.iter().filter(|(_, v)| !v.is_null()).collect();
    let lower: Vec<String> = present
        .iter()
        .map(|(k, _)| k.trim().to_lowercase())
        .collect();
    let cols = ctx.opts.fields.resolve(&lower);
    let values: Vec<&Value> = present.iter().map(|(_, v)| *v).collect();
    let get = |f: Field| cols.get(&f).and_then(|&i| FieldValue::from_json(values[i]));
    match ctx.record(n, &get, repairs) {
        Ok(r) => Item::Record(r),
        Err(s) => Item::Skip(s),
    }
}

/// Keys under which a `.json` object without a body field may hold its
/// records (NewsAPI's `{"status": "ok", "articles": […]}` and the like).
pub const WRAPPER_KEYS: [&str; 5] = ["articles", "data", "items", "results", "documents"];

/// The records of a wrapper object: when `map` has no body field but an
/// array holding objects under one of [`WRAPPER_KEYS`] (any case; the
/// first found), its elements (taken out of `map`); an element that is
/// not an object is the caller's to skip, as in a top-level array.
fn wrapped_records(ctx: &Ctx, map: &mut Map<String, Value>) -> Option<Vec<Value>> {
    let lower: Vec<String> = map
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, _)| k.trim().to_lowercase())
        .collect();
    if ctx.opts.fields.resolve(&lower).contains_key(&Field::Body) {
        return None;
    }
    let key = WRAPPER_KEYS.iter().find_map(|w| {
        map.iter()
            .find(|(k, v)| {
                k.trim().eq_ignore_ascii_case(w)
                    && v.as_array().is_some_and(|a| a.iter().any(Value::is_object))
            })
            .map(|(k, _)| k.clone())
    })?;
    match map.remove(&key)? {
        Value::Array(items) => Some(items),
        _ => None,
    }
}

/// Streams the objects of a `.json` file: one object, or an array whose
/// elements are handed over one by one.
struct Top<'a, 'b> {
    ctx: &'a mut Ctx<'b>,
    emit: &'a mut dyn FnMut(Item) -> bool,
    items: u64,
    stopped: bool,
    /// Lone surrogate escapes repaired so far in the file, and the count
    /// when the last record was handed over.
    lone: std::rc::Rc<std::cell::Cell<usize>>,
    lone_seen: usize,
}

impl Top<'_, '_> {
    /// The repairs of the record just read: lone surrogates when some were
    /// repaired since the last record.
    fn repairs(&mut self) -> text::Repairs {
        let now = self.lone.get();
        let repairs = text::Repairs {
            lone_surrogates: now > self.lone_seen,
            ..Default::default()
        };
        self.lone_seen = now;
        repairs
    }
}

impl<'de> DeserializeSeed<'de> for &mut Top<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for &mut Top<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object or an array of objects")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let mut v: Map<String, Value> =
            serde::Deserialize::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        let whole = self.repairs();
        if let Some(records) = wrapped_records(self.ctx, &mut v) {
            for (i, value) in records.into_iter().enumerate() {
                self.items += 1;
                let n = i as u64 + 1;
                let Value::Object(map) = value else {
                    let item = Item::Skip(self.ctx.skip(
                        Some(n),
                        SkipReason::BadRecord,
                        format!("array element {n} is not a JSON object"),
                    ));
                    if !(self.emit)(item) {
                        self.stopped = true;
                        break;
                    }
                    continue;
                };
                // Read as one value: the records holding U+FFFD, when
                // the file had repairs.
                let repairs = text::Repairs {
                    lone_surrogates: whole.lone_surrogates && has_replacement(&map),
                    ..Default::default()
                };
                let item = json_record(self.ctx, n, &map, repairs);
                if !(self.emit)(item) {
                    self.stopped = true;
                    break;
                }
            }
            return Ok(());
        }
        self.items += 1;
        let item = json_record(self.ctx, 1, &v, whole);
        if !(self.emit)(item) {
            self.stopped = true;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0;
        while let Some(v) = seq.next_element::<Value>()? {
            n += 1;
            self.items += 1;
            let repairs = self.repairs();
            let item = match v {
                Value::Object(map) => json_record(self.ctx, n, &map, repairs),
                _ => Item::Skip(self.ctx.skip(
                    Some(n),
                    SkipReason::BadRecord,
                    format!("array element {n} is not a JSON object"),
                )),
            };
            if !(self.emit)(item) {
                self.stopped = true;
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

/// Whether a string of `map` holds U+FFFD.
fn has_replacement(map: &Map<String, Value>) -> bool {
    fn any(v: &Value) -> bool {
        match v {
            Value::String(s) => s.contains('\u{fffd}'),
            Value::Array(a) => a.iter().any(any),
            Value::Object(m) => m.values().any(any),
            _ => false,
        }
    }
    map.values().any(any)
}

fn read_json(
    mut ctx: Ctx,
    reader: impl BufRead,
    emit: &mut dyn FnMut(Item) -> bool,
) -> Result<FileEnd, Skip> {
    let path = ctx.path;
    let lone = std::rc::Rc::new(std::cell::Cell::new(0));
    let mut top = Top {
        ctx: &mut ctx,
        emit,
        items: 0,
        stopped: false,
        lone: lone.clone(),
        lone_seen: 0,
    };
    let reader = text::SurrogateRepair::new(reader, lone);
    let mut de = serde_json::Deserializer::from_reader(reader);
    let result = (&mut top).deserialize(&mut de).and_then(|()| de.end());
    let (items, stopped) = (top.items, top.stopped);
    match result {
        _ if stopped => Ok(FileEnd {
            items,
            complete: false,
        }),
        Ok(()) if items == 0 => Err(ctx.skip(None, SkipReason::Empty, "no records".into())),
        Ok(()) => Ok(FileEnd {
            items,
            complete: true,
        }),
        Err(e) => {
            let (reason, what) = if e.is_io() {
                (
                    SkipReason::Unreadable,
                    read_error(ctx.comp, &std::io::Error::other(e.to_string())),
                )
            } else {
                (SkipReason::BadRecord, format!("invalid JSON: {e}"))
            };
            let skip = Skip {
                path: path.to_path_buf(),
                record: None,
                reason,
                detail: if items > 0 {
                    format!("{what}; records after the first {items} are not read")
                } else {
                    what
                },
            };
            if items == 0 {
                return Err(skip);
            }
            emit(Item::Skip(skip));
            Ok(FileEnd {
                items: items + 1,
                complete: false,
            })
        }
    }
}

/// `1 field`, `3 fields`.
fn fields(n: &u64) -> String {
    if *n == 1 {
        "1 field".to_string()
    } else {
        format!("{n} fields")
    }
}

fn read_csv(
    mut ctx: Ctx,
    reader: impl BufRead,
    delimiter: u8,
    emit: &mut dyn FnMut(Item) -> bool,
) -> Result<FileEnd, Skip> {
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .quoting(delimiter != b'\t')
        .flexible(false)
        .from_reader(reader);
    let headers = match csv.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(ctx.skip(
                None,
                SkipReason::BadRecord,
                format!("cannot read the header row: {e}"),
            ));
        }
    };
    let columns: Vec<String> = headers
        .iter()
        .map(|h| {
            let (s, _) = text::decode_raw(h);
            s.trim().trim_start_matches('\u{FEFF}').to_lowercase()
        })
        .collect();
    let cols = ctx.opts.fields.resolve(&columns);
    if !cols.contains_key(&Field::Body) {
        return Err(ctx.skip(
            None,
            SkipReason::BadRecord,
            format!(
                "no body column among {:?} (looked for {}); name it with --field body=COLUMN",
                columns,
                ctx.opts.fields.candidates(Field::Body).join(", ")
            ),
        ));
    }
    let max = ctx.opts.max_file_size;
    let mut row = csv::ByteRecord::new();
    let mut items = 0u64;
    loop {
        let item = match csv.read_byte_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {
                let line = row.position().map_or(0, |p| p.line());
                if row.as_slice().len() as u64 > max {
                    Item::Skip(ctx.skip(
                        Some(line),
                        SkipReason::TooLarge,
                        format!("row longer than --max-file-size {max} bytes"),
                    ))
                } else {
                    let mut repairs = text::Repairs::default();
                    let fields: Vec<String> = row
                        .iter()
                        .map(|b| {
                            let (s, r) = text::decode_raw(b);
                            repairs.windows_1252 |= r.windows_1252;
                            s.into_owned()
                        })
                        .collect();
                    let get = |f: Field| {
                        cols.get(&f)
                            .and_then(|&i| fields.get(i))
                            .map(|s| FieldValue::Text(s.clone()))
                    };
                    match ctx.record(line, &get, repairs) {
                        Ok(r) => Item::Record(r),
                        Err(s) => Item::Skip(s),
                    }
                }
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                match e.kind() {
                    csv::ErrorKind::Io(io) => {
                        let s = ctx.skip(
                            Some(line),
                            SkipReason::Unreadable,
                            format!(
                                "{}; the rest of the file is not read",
                                read_error(ctx.comp, io)
                            ),
                        );
                        emit(Item::Skip(s));
                        return Ok(FileEnd {
                            items: items + 1,
                            complete: false,
                        });
                    }
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => Item::Skip(ctx.skip(
                        Some(line),
                        SkipReason::BadRecord,
                        format!(
                            "{} where the header has {}",
                            fields(len),
                            fields(expected_len)
                        ),
                    )),
                    _ => Item::Skip(ctx.skip(Some(line), SkipReason::BadRecord, e.to_string())),
                }
            }
        };
        items += 1;
        if !emit(item) {
            return Ok(FileEnd {
                items,
                complete: false,
            });
        }
    }
    if items == 0 {
        return Err(ctx.skip(
            None,
            SkipReason::Empty,
            "a header row but no records".into(),
        ));
    }
    Ok(FileEnd {
        items,
        complete: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats() {
        let d = |s: &str| detect(Path::new(s));
        assert_eq!(d("a.txt"), Some((Format::Txt, Compression::None)));
        assert_eq!(d("a.JSONL.gz"), Some((Format::Jsonl, Compression::Gzip)));
        assert_eq!(d("a.ndjson.zst"), Some((Format::Jsonl, Compression::Zstd)));
        assert_eq!(d("a.tsv"), Some((Format::Tsv, Compression::None)));
        assert_eq!(d("a.gz"), None);
        assert_eq!(d("a.md"), None);
    }

    #[test]
    fn field_map() {
        let mut m = FieldMap::default();
        m.add("body=MainText").unwrap();
        assert!(m.add("bogus=x").is_err());
        assert!(m.add("body").is_err());
        let cols = [
            "maintext".to_string(),
            "text".to_string(),
            "Headline".to_lowercase(),
        ];
        let r = m.resolve(&cols);
        assert_eq!(r[&Field::Body], 0);
        assert_eq!(r[&Field::Title], 2);
    }
}

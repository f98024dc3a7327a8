//! Export for distributed engines: Quickwit NDJSON and Elasticsearch /
//! OpenSearch `_bulk` NDJSON.
//!
//! The document shapes match the configs shipped in `scripts/`: an
//! article ([`EngineDoc`]) `scripts/quickwit/newsidx-index.yaml` and
//! `scripts/elasticsearch/newsidx-mapping.json`, a quotation
//! ([`QuotationDoc`]) `scripts/quickwit/newsidx-quotations.yaml` and
//! `scripts/elasticsearch/newsidx-quotations-mapping.json`; a test checks
//! that they agree field by field. [`ndjson`] renders one document's lines,
//! for a file or for [`super::push`].

use crate::article::{Quote, Tweet};
use crate::search::export::{Document, Quotation};
use crate::search::identity::IdentityTable;
use crate::search::query::rfc3339_midnight;
use crate::{Error, Result};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One article as exported to Quickwit or Elasticsearch.
#[derive(Debug, Clone, Serialize)]
pub struct EngineDoc {
    /// Stable document key (the Elasticsearch `_id`).
    pub key: String,
    /// Source file(s).
    pub paths: Vec<String>,
    /// Record number of the first path's copy in its file (JSON lines/CSV
    /// line, JSON array element); absent for a one-article file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// UTC midnight of the article's day, RFC 3339 (`2019-12-31T00:00:00Z`);
    /// absent when the article has no date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Headline; absent when the input had none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Article text.
    pub body: String,
    /// `@handles` without `@`, first-seen case.
    pub handles: Vec<String>,
    /// Speaker identities quoted in the article (quoted speakers and tweet
    /// authors, each as its identity's canonical name, once): the values
    /// `newsidx top speakers` counts.
    pub speakers: Vec<String>,
    /// Quotations with speakers and byte offsets into `body`.
    pub quotes: Vec<Quote>,
    /// Embedded tweets.
    pub tweets: Vec<Tweet>,
    /// Article URL; absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Outlet / publisher; absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl EngineDoc {
    /// The engine document of `d`, speakers resolved by `table`.
    pub fn new(d: &Document, table: &IdentityTable) -> EngineDoc {
        EngineDoc {
            key: d.key.clone(),
            paths: d.paths.clone(),
            record: d.record(),
            date: d.date.map(rfc3339_midnight),
            title: d.title.clone(),
            body: d.body.clone(),
            handles: d.handles.clone(),
            speakers: d.speaker_identities(table),
            quotes: d.quotes.clone(),
            tweets: d.tweets.clone(),
            url: d.url.clone(),
            source: d.source.clone(),
        }
    }
}

/// One quotation or tweet as exported to Quickwit or Elasticsearch
/// (`export --quotations`).
#[derive(Debug, Clone, Serialize)]
pub struct QuotationDoc {
    /// Canonical speaker name (as `newsidx quotes` prints it).
    pub speaker: String,
    /// `quote` or `tweet`.
    pub kind: &'static str,
    /// The quotation or tweet text.
    pub text: String,
    /// UTC midnight of the article's day, RFC 3339; absent when undated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The article's document key.
    pub key: String,
    /// The article's source path.
    pub path: String,
}

impl From<&Quotation> for QuotationDoc {
    fn from(q: &Quotation) -> QuotationDoc {
        QuotationDoc {
            speaker: q.speaker.clone(),
            kind: q.kind,
            text: q.text.clone(),
            date: q.date.map(rfc3339_midnight),
            key: q.key.clone(),
            path: q.path.clone(),
        }
    }
}

/// The NDJSON lines of one document for `engine`, each ending in `\n`:
/// the document alone (Quickwit), or an `index` action line naming the
/// index and `_id` = `id`, then the document (Elasticsearch `_bulk`).
///
/// # Errors
/// JSON serialisation errors.
pub fn ndjson(engine: &Engine, id: &str, doc: &impl Serialize) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(1024);
    if let Engine::Elasticsearch { index } = engine {
        let action = serde_json::json!({ "index": { "_index": index, "_id": id } });
        serde_json::to_writer(&mut out, &action)?;
        out.push(b'\n');
    }
    serde_json::to_writer(&mut out, doc)?;
    out.push(b'\n');
    Ok(out)
}

/// The target engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// Quickwit: one JSON document per line.
    Quickwit,
    /// Elasticsearch / OpenSearch `_bulk`: an `index` action line naming
    /// the index and `_id`, then the document.
    Elasticsearch {
        /// Target index name.
        index: String,
    },
}

/// Writes engine documents to stdout or, with `split_every`, to numbered
/// files `PREFIX-00001.ndjson`, `PREFIX-00002.ndjson`, … of at most that
/// many documents each.
pub struct EngineWriter<'w> {
    engine: Engine,
    split: Option<(usize, PathBuf)>,
    out: Box<dyn Write + 'w>,
    in_file: usize,
    files: Vec<PathBuf>,
    /// Documents written so far.
    pub written: usize,
}

impl<'w> EngineWriter<'w> {
    /// A writer to `out` (no splitting).
    pub fn new(engine: Engine, out: impl Write + 'w) -> EngineWriter<'w> {
        EngineWriter {
            engine,
            split: None,
            out: Box::new(out),
            in_file: 0,
            files: Vec::new(),
            written: 0,
        }
    }

    /// A writer to numbered files `prefix-NNNNN.ndjson` of at most `every`
    /// documents each.
    ///
    /// # Errors
    /// [`Error::Usage`] when `every` is 0 or the prefix's directory does not
    /// exist.
    pub fn split(engine: Engine, every: usize, prefix: &Path) -> Result<EngineWriter<'w>> {
        if every == 0 {
            return Err(Error::Usage("--split-every must be at least 1".into()));
        }
        if let Some(dir) = prefix.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(Error::Usage(format!(
                "--output {}: {} is not an existing directory; create it first",
                prefix.display(),
                dir.display()
            )));
        }
        Ok(EngineWriter {
            engine,
            split: Some((every, prefix.to_path_buf())),
            out: Box::new(std::io::sink()),
            in_file: every,
            files: Vec::new(),
            written: 0,
        })
    }

    /// Writes one document (and, for Elasticsearch, its action line with
    /// `_id` = `id`).
    ///
    /// # Errors
    /// I/O errors creating or writing the output.
    pub fn write(&mut self, id: &str, doc: &impl Serialize) -> Result<()> {
        let lines = ndjson(&self.engine, id, doc)?;
        self.write_lines(&lines)
    }

    /// Writes one document's NDJSON lines as [`ndjson`] renders them.
    ///
    /// # Errors
    /// I/O errors creating or writing the output.
    pub fn write_lines(&mut self, lines: &[u8]) -> Result<()> {
        if let Some((every, prefix)) = &self.split
            && self.in_file >= *every
        {
            self.out.flush()?;
            let name = format!("{}-{:05}.ndjson", prefix.display(), self.files.len() + 1);
            let path = PathBuf::from(name);
            let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
            self.out = Box::new(std::io::BufWriter::new(file));
            self.files.push(path);
            self.in_file = 0;
        }
        self.out.write_all(lines)?;
        self.in_file += 1;
        self.written += 1;
        Ok(())
    }

    /// Flushes the output and returns the files written (empty without
    /// splitting).
    ///
    /// # Errors
    /// I/O errors flushing.
    pub fn finish(mut self) -> Result<Vec<PathBuf>> {
        self.out.flush()?;
        Ok(self.files)
    }
}

/// The shipped Quickwit index config of the article documents (index id
/// [`QUICKWIT_ARTICLES_INDEX`]).
pub const QUICKWIT_ARTICLES_CONFIG: &str =
    include_str!("../../scripts/quickwit/newsidx-index.yaml");
/// The shipped Quickwit index config of the quotation documents (index id
/// [`QUICKWIT_QUOTATIONS_INDEX`]).
pub const QUICKWIT_QUOTATIONS_CONFIG: &str =
    include_str!("../../scripts/quickwit/newsidx-quotations.yaml");
/// The shipped Elasticsearch settings and mapping of the article documents.
pub const ES_ARTICLES_MAPPING: &str =
    include_str!("../../scripts/elasticsearch/newsidx-mapping.json");
/// The shipped Elasticsearch settings and mapping of the quotation documents.
pub const ES_QUOTATIONS_MAPPING: &str =
    include_str!("../../scripts/elasticsearch/newsidx-quotations-mapping.json");
/// The `index_id` of [`QUICKWIT_ARTICLES_CONFIG`] (and the default
/// Elasticsearch index of articles).
pub const QUICKWIT_ARTICLES_INDEX: &str = "newsidx";
/// The `index_id` of [`QUICKWIT_QUOTATIONS_CONFIG`] (and the default
/// Elasticsearch index of quotations).
pub const QUICKWIT_QUOTATIONS_INDEX: &str = "newsidx-quotations";

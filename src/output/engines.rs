//! Export for distributed engines: Quickwit NDJSON and Elasticsearch /
//! OpenSearch `_bulk` NDJSON.
//!
//! The document shape ([`EngineDoc`]) matches the configs shipped in
//! `scripts/quickwit/newsidx-index.yaml` and
//! `scripts/elasticsearch/newsidx-mapping.json`; a test checks that the
//! three agree field by field.

use crate::article::{Quote, Tweet};
use crate::search::export::Document;
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
    /// Quoted speakers and tweet authors.
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

impl From<&Document> for EngineDoc {
    fn from(d: &Document) -> EngineDoc {
        EngineDoc {
            key: d.key.clone(),
            paths: d.paths.clone(),
            record: d.record(),
            date: d.date.map(rfc3339_midnight),
            title: d.title.clone(),
            body: d.body.clone(),
            handles: d.handles.clone(),
            speakers: d.speakers.clone(),
            quotes: d.quotes.clone(),
            tweets: d.tweets.clone(),
            url: d.url.clone(),
            source: d.source.clone(),
        }
    }
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

    /// Writes one document (and its action line for Elasticsearch).
    ///
    /// # Errors
    /// I/O errors creating or writing the output.
    pub fn write(&mut self, doc: &EngineDoc) -> Result<()> {
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
        if let Engine::Elasticsearch { index } = &self.engine {
            let action = serde_json::json!({ "index": { "_index": index, "_id": doc.key } });
            serde_json::to_writer(&mut self.out, &action)?;
            self.out.write_all(b"\n")?;
        }
        serde_json::to_writer(&mut self.out, doc)?;
        self.out.write_all(b"\n")?;
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

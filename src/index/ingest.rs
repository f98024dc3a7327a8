//! The ingest pipeline: files → records → articles → documents →
//! `IndexWriter`, with periodic commits.
//!
//! Reading, decoding and parsing run in parallel on rayon's pool; the
//! prepared documents go to one tantivy `IndexWriter`, whose own indexing
//! threads build the segments. Memory is bounded by the writer's budget and
//! by the chunk of files in flight between two commits.

use super::NewsIndex;
use super::document::{Meta, to_document};
use crate::article::{Article, HeaderStatus};
use crate::source::formats::{self, ReadOptions};
use crate::source::{Skip, SkipReason};
use crate::{Error, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tantivy::{IndexWriter, Term};

/// How to run an ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Indexing threads of the tantivy writer.
    pub threads: usize,
    /// Total memory budget of the writer, in bytes (at least 15 MB per thread).
    pub memory_budget: usize,
    /// Commit after this many files.
    pub commit_every: usize,
    /// File reading limits.
    pub read: ReadOptions,
}

impl Default for IngestOptions {
    fn default() -> Self {
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        IngestOptions {
            threads: cpus.clamp(1, 8),
            memory_budget: 512 << 20,
            commit_every: 50_000,
            read: ReadOptions::default(),
        }
    }
}

/// What an ingest did; printed as the summary.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IngestStats {
    /// Files found under the input paths.
    pub files_seen: usize,
    /// Documents added (new or changed).
    pub indexed: usize,
    /// Of `indexed`, documents that replaced an older version of themselves.
    pub replaced: usize,
    /// Documents whose content was already indexed under the same key.
    pub unchanged: usize,
    /// Skipped inputs, per reason.
    pub skipped: BTreeMap<SkipReason, usize>,
    /// Indexed articles without a date (header missing or malformed).
    pub no_date: usize,
    /// Files decoded as Windows-1252 because they were not valid UTF-8.
    pub windows_1252: usize,
    /// Documents in the index after the final commit.
    pub total_documents: u64,
    /// Wall time of the whole ingest.
    #[serde(serialize_with = "secs")]
    pub elapsed: Duration,
}

fn secs<S: serde::Serializer>(d: &Duration, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

impl IngestStats {
    /// Total number of skipped inputs.
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }
}

/// Callbacks through which ingest reports as it goes (the command decides
/// how to show them).
pub trait Progress: Sync {
    /// `n` more files were processed.
    fn advance(&self, n: usize);
    /// An input was skipped.
    fn skipped(&self, skip: &Skip);
}

/// Ingests `files` (canonical paths) into `index`.
///
/// Documents whose key is already in the index with the same content hash
/// are counted as unchanged and not re-indexed; a changed document replaces
/// the old one. Skipped inputs (`walk_skips` and those found while reading)
/// never stop the run.
///
/// # Errors
/// [`Error::Locked`] when another process holds the writer lock; tantivy
/// and I/O errors while writing (the last commit then stays intact).
pub fn ingest(
    index: &NewsIndex,
    files: &[PathBuf],
    walk_skips: &[Skip],
    opts: &IngestOptions,
    progress: &dyn Progress,
) -> Result<IngestStats> {
    let start = Instant::now();
    let threads = opts.threads.clamp(1, 8);
    let budget = opts.memory_budget.max(threads * 15_000_000);
    let mut writer: IndexWriter = index
        .index
        .writer_with_num_threads(threads, budget)
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => Error::Locked(index.path.clone()),
            other => Error::Tantivy(other),
        })?;
    let known = known_hashes(index)?;
    let f = &index.fields;

    let mut stats = IngestStats {
        files_seen: files.len() + walk_skips.len(),
        ..Default::default()
    };
    for s in walk_skips {
        progress.skipped(s);
        *stats.skipped.entry(s.reason).or_default() += 1;
    }
    let indexed = AtomicUsize::new(0);
    let replaced = AtomicUsize::new(0);
    let unchanged = AtomicUsize::new(0);
    let no_date = AtomicUsize::new(0);
    let cp1252 = AtomicUsize::new(0);
    let skips: Mutex<Vec<Skip>> = Mutex::new(Vec::new());

    for chunk in files.chunks(opts.commit_every.max(1)) {
        let writer_ref = &writer;
        chunk.par_iter().for_each(|path| {
            let records = match formats::read(path, &opts.read) {
                Ok(r) => r,
                Err(skip) => {
                    progress.skipped(&skip);
                    skips.lock().expect("no panics while locked").push(skip);
                    progress.advance(1);
                    return;
                }
            };
            for record in records {
                match known.get(&record.key) {
                    Some(h) if *h == record.hash => {
                        unchanged.fetch_add(1, Ordering::Relaxed);
                        continue;
                    }
                    Some(_) => {
                        writer_ref.delete_term(Term::from_field_text(f.key, &record.key));
                        replaced.fetch_add(1, Ordering::Relaxed);
                    }
                    None => {}
                }
                let article = Article::parse(&record.text);
                if article.header != HeaderStatus::Ok {
                    no_date.fetch_add(1, Ordering::Relaxed);
                }
                if record.repairs.windows_1252 {
                    cp1252.fetch_add(1, Ordering::Relaxed);
                }
                let doc = to_document(f, &record, &article, &Meta::default());
                match writer_ref.add_document(doc) {
                    Ok(_) => {
                        indexed.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(e) => {
                        let skip = Skip {
                            path: record.path.clone(),
                            record: record.record,
                            reason: SkipReason::Unreadable,
                            detail: format!("index writer refused the document: {e}"),
                        };
                        progress.skipped(&skip);
                        skips.lock().expect("no panics while locked").push(skip);
                    }
                }
            }
            progress.advance(1);
        });
        writer.commit()?;
    }
    writer.wait_merging_threads()?;

    for s in skips.into_inner().expect("no panics while locked") {
        *stats.skipped.entry(s.reason).or_default() += 1;
    }
    stats.indexed = indexed.into_inner();
    stats.replaced = replaced.into_inner();
    stats.unchanged = unchanged.into_inner();
    stats.no_date = no_date.into_inner();
    stats.windows_1252 = cp1252.into_inner();
    let reader = index.reader()?;
    stats.total_documents = reader.searcher().num_docs();
    stats.elapsed = start.elapsed();
    Ok(stats)
}

/// Key → content hash of every live document, read from the fast fields.
fn known_hashes(index: &NewsIndex) -> Result<HashMap<String, String>> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let mut out = HashMap::with_capacity(searcher.num_docs() as usize);
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let (Some(keys), Some(hashes)) = (ff.str("key")?, ff.str("hash")?) else {
            continue;
        };
        let (mut k, mut h) = (String::new(), String::new());
        for doc in segment.doc_ids_alive() {
            let (Some(ko), Some(ho)) = (keys.term_ords(doc).next(), hashes.term_ords(doc).next())
            else {
                continue;
            };
            k.clear();
            h.clear();
            keys.ord_to_str(ko, &mut k)?;
            hashes.ord_to_str(ho, &mut h)?;
            out.insert(k.clone(), h.clone());
        }
    }
    Ok(out)
}

//! The ingest pipeline: files → records → articles → documents →
//! `IndexWriter`, with periodic commits.
//!
//! One reader walks the inputs in order and hands files and records out in
//! numbered units; preparing threads (as many as rayon's pool has:
//! `RAYON_NUM_THREADS`, default the CPUs) read, decode, parse and look them
//! up in the index, and send prepared documents to one consumer, which takes
//! the units in input order, owns the tantivy `IndexWriter` (whose own
//! threads build the segments), keeps track of document identity and
//! commits. Memory is bounded by the writer's budget, the units in flight
//! and the documents changed since the last commit, whatever the corpus
//! size.
//!
//! # Identity
//! Each record has a key (its file and record number) and a content hash.
//! A document holds one article and the (key, path) pairs of all its
//! copies: with de-duplication (the default) identical articles under
//! several keys are one document with several paths. When a copy changes
//! or disappears it leaves its document (which is rewritten with the other
//! copies, or deleted when none is left). Rewrites are delete-by-key then
//! add, both inside one commit, so every commit is consistent.

use super::NewsIndex;
use super::document::{Meta, add_member, base_document, members, rebuild_base};
use crate::article::HeaderStatus;
use crate::source::formats::{self, FileEnd, Item, ReadOptions};
use crate::source::walk::Found;
use crate::source::{Skip, SkipReason, SourceRecord};
use crate::{Error, Result};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tantivy::columnar::StrColumn;
use tantivy::schema::IndexRecordOption;
use tantivy::{
    DocAddress, DocSet, IndexReader, IndexWriter, InvertedIndexReader, Searcher, TERMINATED,
    TantivyDocument, Term,
};

/// How to run an ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Indexing threads of the tantivy writer.
    pub threads: usize,
    /// Total memory budget of the writer, in bytes (at least 15 MB per thread).
    pub memory_budget: usize,
    /// Commit after this many changed documents (added, replaced, removed).
    pub commit_every: usize,
    /// Commit at least this often while there are uncommitted changes.
    pub commit_interval: Duration,
    /// File reading limits and field names.
    pub read: ReadOptions,
    /// Index identical articles under different keys as separate documents
    /// instead of one document with several paths.
    pub keep_duplicates: bool,
    /// Remove documents whose source file lies under one of these
    /// (canonical) directories or files and no longer exists (`--prune`);
    /// empty: no pruning.
    pub prune_roots: Vec<PathBuf>,
}

impl Default for IngestOptions {
    fn default() -> Self {
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        IngestOptions {
            threads: cpus.clamp(1, 8),
            memory_budget: 512 << 20,
            commit_every: 10_000,
            commit_interval: Duration::from_secs(30),
            read: ReadOptions::default(),
            keep_duplicates: false,
            prune_roots: Vec::new(),
        }
    }
}

/// What an ingest did; printed as the summary.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IngestStats {
    /// Files found under the input paths (skipped ones included), and
    /// inputs skipped while walking (broken links, unreadable directories).
    pub files_seen: usize,
    /// Records (articles) read, not counting skipped records.
    pub records: usize,
    /// Records indexed as a new document (new or changed content).
    pub indexed: usize,
    /// Of the records `indexed`, those whose key held other content before
    /// (the old version is gone).
    pub replaced: usize,
    /// Documents all of whose records read were already indexed with the
    /// same content (an article stored once for several identical copies
    /// counts once).
    pub unchanged: usize,
    /// Records whose content was already indexed under the same key (each
    /// copy of an article counts).
    pub unchanged_copies: usize,
    /// Records identical to an article already indexed under another key:
    /// stored once, their path added to that document.
    pub duplicates: usize,
    /// Of the `duplicates`, those whose key held other content before.
    pub duplicates_replacing: usize,
    /// Copies removed: their file no longer exists (`--prune`) or their
    /// record no longer exists in a file that was read completely.
    pub removed: usize,
    /// Whole files skipped (nothing of them read), per reason; inputs
    /// skipped while walking included.
    pub files_skipped: BTreeMap<SkipReason, usize>,
    /// Records skipped inside files that were read (a bad JSON line, a
    /// CSV row, an oversized record, a read error part-way), per reason.
    pub records_skipped: BTreeMap<SkipReason, usize>,
    /// Indexed articles without a date (header missing or malformed, or no
    /// date field).
    pub no_date: usize,
    /// Structured records whose date was not understood (indexed without a
    /// date; each reported).
    pub bad_dates: usize,
    /// Files decoded as Windows-1252 because they were not valid UTF-8.
    pub windows_1252: usize,
    /// Documents with lone UTF-16 surrogate escapes read as U+FFFD.
    pub lone_surrogates: usize,
    /// Commits made.
    pub commits: usize,
    /// The run was stopped by Ctrl-C, SIGTERM or SIGHUP (what was done is
    /// committed).
    pub interrupted: bool,
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
    /// Total number of skipped inputs: files and records.
    pub fn skipped_total(&self) -> usize {
        self.files_skipped_total() + self.records_skipped_total()
    }

    /// Number of whole files skipped.
    pub fn files_skipped_total(&self) -> usize {
        self.files_skipped.values().sum()
    }

    /// Number of records skipped inside files that were read.
    pub fn records_skipped_total(&self) -> usize {
        self.records_skipped.values().sum()
    }
}

/// Callbacks through which ingest reports as it goes (the command decides
/// how to show them). Called from the consumer thread only.
pub trait Progress: Sync {
    /// `n` more files were processed.
    fn advance(&self, n: usize);
    /// An input was skipped.
    fn skipped(&self, skip: &Skip);
    /// A record's date (`raw`) was not understood; it is indexed without one.
    fn bad_date(&self, path: &Path, record: Option<u64>, raw: &str);
}

/// What the preparing threads send to the consumer.
enum Msg {
    /// A record whose key already holds the same content.
    Unchanged(DocAddress),
    /// A new or changed record, with its document (without members).
    Changed(Box<Prepared>),
    /// A skipped file (`file`: nothing of it was read) or record.
    Skip { skip: Skip, file: bool },
    /// An input skipped while walking.
    WalkSkip(Skip),
    /// A file was read to its end (or stopped).
    FileDone {
        path: PathBuf,
        end: Option<FileEnd>,
        /// Keys of a multi-record file's records (for stale records).
        keys: Option<HashSet<String>>,
    },
    /// Looking a record up in the index failed.
    Failed(Error),
}

struct Prepared {
    key: String,
    path: String,
    record: Option<u64>,
    hash: String,
    base: TantivyDocument,
    no_date: bool,
    bad_date: Option<String>,
    windows_1252: bool,
    /// The key was in the index when the ingest started.
    known_key: bool,
    /// The content hash was in the index when the ingest started.
    known_hash: bool,
    lone_surrogates: bool,
}

/// Files (one-article files) or records per unit of work.
const UNIT_ITEMS: usize = 64;
/// Text bytes of the records per unit of work.
const UNIT_BYTES: usize = 1 << 20;

/// Ingests the files of `inputs` (canonical paths, each once, in input
/// order: a lazy [`Walk`](crate::source::walk::Walk), so that the list of
/// files is never held) into `index`.
///
/// Records whose key is already in the index with the same content hash
/// are counted as unchanged and not re-indexed; a changed record replaces
/// the old version. Skipped inputs (those of `inputs` and those found
/// while reading) never stop the run. When `interrupt` becomes true the readers
/// stop, what was done is committed and the stats say `interrupted`.
///
/// One reader takes `inputs` in order: one-article files are handed out in
/// units of 64 to the preparing threads, which read and prepare them; a
/// multi-record file (JSONL, CSV, JSON) is streamed by the reader itself
/// and its records are handed out in units of at most 64 records or 1 MiB
/// of text. At most a few units per thread are
/// in flight, and the consumer takes their results in input order, so the
/// documents, reports, counts and commit points do not depend on the
/// number of threads.
///
/// # Errors
/// [`Error::Locked`] when another process holds the writer lock;
/// [`Error::IndexWrite`] when the index cannot be written (the last commit
/// then stays intact); other tantivy errors.
pub fn ingest(
    index: &NewsIndex,
    inputs: &mut (dyn Iterator<Item = Found> + Send),
    opts: &IngestOptions,
    progress: &dyn Progress,
    interrupt: &AtomicBool,
) -> Result<IngestStats> {
    let start = Instant::now();
    let threads = opts.threads.clamp(1, 8);
    let budget = opts.memory_budget.max(threads * 15_000_000);
    let writer: IndexWriter = index
        .index
        .writer_with_num_threads(threads, budget)
        .map_err(|e| write_error(index, e))?;
    // The snapshot is read after taking the lock: nobody else writes now.
    let reader = index.reader()?;
    let snapshot = Snapshot::open(reader.searcher(), &index.fields)?;
    let mut state = State {
        index,
        writer,
        reader,
        start: &snapshot,
        cur: Snapshot::open(snapshot.searcher.clone(), &index.fields)?,
        groups: Vec::new(),
        hash_group: HashMap::new(),
        key_group: HashMap::new(),
        snap_groups: HashMap::new(),
        run_hashes: HashSet::new(),
        dirty: BTreeSet::new(),
        dedup: !opts.keep_duplicates,
        stats: IngestStats::default(),
        pending: 0,
        unchanged_docs: HashSet::new(),
    };

    let workers = rayon::current_num_threads().clamp(1, 64);
    let units_in_flight = 4 * workers + 2;
    let (tx, rx) = channel::<(u64, Vec<Msg>)>();
    let (job_tx, job_rx) = channel::<(u64, Vec<Work>)>();
    let job_rx = Mutex::new(job_rx);
    let (token_tx, token_rx) = sync_channel::<()>(units_in_flight);
    for _ in 0..units_in_flight {
        token_tx.send(()).expect("the receiver is alive");
    }
    let ctx = WorkCtx {
        opts,
        start: &snapshot,
        fields: &index.fields,
        interrupt,
    };
    let ctx = &ctx;
    let result: Result<()> = std::thread::scope(|scope| {
        // Both dropped on any return, so that the reader and the preparing
        // threads stop at their next hand-over.
        let rx = rx;
        let token_tx = token_tx;
        for _ in 0..workers {
            let (tx, job_rx) = (tx.clone(), &job_rx);
            scope.spawn(move || prepare_units(ctx, job_rx, tx));
        }
        drop(tx);
        scope.spawn(move || read_inputs(inputs, ctx, job_tx, token_rx));
        let mut last_commit = Instant::now();
        let mut waiting: BTreeMap<u64, Vec<Msg>> = BTreeMap::new();
        let mut next = 0u64;
        'run: loop {
            if interrupt.load(Ordering::Relaxed) {
                state.stats.interrupted = true;
                break;
            }
            match rx.recv_timeout(Duration::from_millis(200)) {
                Ok((n, msgs)) => {
                    waiting.insert(n, msgs);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            // Units are handled in input order, whichever thread was first.
            while let Some(msgs) = waiting.remove(&next) {
                next += 1;
                for msg in msgs {
                    if interrupt.load(Ordering::Relaxed) {
                        state.stats.interrupted = true;
                        break 'run;
                    }
                    state.handle(msg, progress)?;
                    if state.pending >= opts.commit_every.max(1) {
                        state.commit()?;
                        last_commit = Instant::now();
                    }
                }
                let _ = token_tx.send(());
            }
            if state.pending > 0 && last_commit.elapsed() >= opts.commit_interval {
                state.commit()?;
                last_commit = Instant::now();
            }
        }
        Ok(())
    });
    result?;
    if !state.stats.interrupted && !opts.prune_roots.is_empty() {
        state.prune(&opts.prune_roots)?;
    }
    state.commit()?;
    let mut stats = std::mem::take(&mut state.stats);
    state
        .writer
        .wait_merging_threads()
        .map_err(|e| write_error(index, e))?;
    let reader = index.reader()?;
    stats.total_documents = reader.searcher().num_docs();
    stats.elapsed = start.elapsed();
    Ok(stats)
}

fn write_error(index: &NewsIndex, e: tantivy::TantivyError) -> Error {
    super::write_error(&index.path, e)
}

/// What the reader and the preparing threads share.
struct WorkCtx<'a> {
    opts: &'a IngestOptions,
    /// The index as it was when the ingest started.
    start: &'a Snapshot,
    fields: &'a super::schema::Fields,
    interrupt: &'a AtomicBool,
}

/// One step of a unit of work, in input order.
enum Work {
    /// A one-article file, read and prepared by the preparing thread.
    File(PathBuf),
    /// A record (or skipped record) of a multi-record file, to prepare.
    Item(Item),
    /// A message that needs no work (the end of a multi-record file).
    Msg(Msg),
}

/// The reader's side: units of work being filled and handed out.
struct Units<'a> {
    ctx: &'a WorkCtx<'a>,
    jobs: Sender<(u64, Vec<Work>)>,
    tokens: Receiver<()>,
    seq: u64,
    unit: Vec<Work>,
    bytes: usize,
}

impl Units<'_> {
    /// Adds one step; hands the unit out when it is full. False when the
    /// run stops (interrupted, or the consumer is gone).
    fn push(&mut self, work: Work) -> bool {
        if let Work::Item(Item::Record(r)) = &work {
            self.bytes += r.text.len();
        }
        self.unit.push(work);
        if self.unit.len() >= UNIT_ITEMS || self.bytes >= UNIT_BYTES {
            return self.flush();
        }
        true
    }

    /// Hands the unit out to the preparing threads, once a unit slot is
    /// free.
    fn flush(&mut self) -> bool {
        if self.unit.is_empty() {
            return true;
        }
        if self.ctx.interrupt.load(Ordering::Relaxed) || self.tokens.recv().is_err() {
            return false;
        }
        let unit = std::mem::take(&mut self.unit);
        self.bytes = 0;
        self.seq += 1;
        self.jobs.send((self.seq - 1, unit)).is_ok()
    }
}

/// A preparing thread: takes units of work until there are none (or the
/// consumer is gone) and sends back their messages, numbered as the unit.
/// (Blocking threads rather than rayon's pool: idle rayon workers spin,
/// taking CPU from tantivy's indexing threads on a small machine.)
fn prepare_units(
    ctx: &WorkCtx,
    jobs: &Mutex<Receiver<(u64, Vec<Work>)>>,
    tx: Sender<(u64, Vec<Msg>)>,
) {
    loop {
        let job = jobs.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok((n, unit)) = job else {
            return;
        };
        let mut out = Vec::with_capacity(unit.len() + 1);
        for work in unit {
            match work {
                Work::File(path) => read_file(&path, ctx, &mut out),
                Work::Item(item) => out.push(record_msg(ctx, item)),
                Work::Msg(msg) => out.push(msg),
            }
        }
        if tx.send((n, out)).is_err() {
            return;
        }
    }
}

/// The reader: takes `inputs` in order and hands out units of work (see
/// [`ingest`]); returns when all are prepared or the run stops.
fn read_inputs(
    inputs: &mut (dyn Iterator<Item = Found> + Send),
    ctx: &WorkCtx,
    jobs: Sender<(u64, Vec<Work>)>,
    tokens: Receiver<()>,
) {
    let mut units = Units {
        ctx,
        jobs,
        tokens,
        seq: 0,
        unit: Vec::new(),
        bytes: 0,
    };
    for found in inputs {
        let go_on = match found {
            Found::Skip(skip) => units.push(Work::Msg(Msg::WalkSkip(skip))),
            Found::File(path) => {
                if formats::detect(&path).is_none_or(|(f, _)| f == formats::Format::Txt) {
                    units.push(Work::File(path))
                } else {
                    stream_file(&path, &mut units)
                }
            }
        };
        if !go_on {
            return;
        }
    }
    units.flush();
}

/// Streams the records of a multi-record file into `units`.
fn stream_file(path: &Path, units: &mut Units) -> bool {
    let ctx = units.ctx;
    let mut keys: HashSet<String> = HashSet::new();
    let mut go_on = true;
    let mut emit = |item: Item| -> bool {
        if let Item::Record(r) = &item
            && r.record.is_some()
        {
            keys.insert(r.key.clone());
        }
        go_on = units.push(Work::Item(item));
        go_on
    };
    let end = formats::read(path, &ctx.opts.read, &mut emit);
    if !go_on {
        return false;
    }
    let end = match end {
        Ok(end) => Some(end),
        Err(skip) => {
            if !units.push(Work::Msg(Msg::Skip { skip, file: true })) {
                return false;
            }
            None
        }
    };
    units.push(Work::Msg(Msg::FileDone {
        path: path.to_path_buf(),
        end,
        keys: (!keys.is_empty()).then_some(keys),
    }))
}

/// Reads one file and appends its records (prepared documents) to `out`.
fn read_file(path: &Path, ctx: &WorkCtx, out: &mut Vec<Msg>) {
    if ctx.interrupt.load(Ordering::Relaxed) {
        return;
    }
    let mut keys: Option<HashSet<String>> = None;
    let mut emit = |item: Item| -> bool {
        if ctx.interrupt.load(Ordering::Relaxed) {
            return false;
        }
        if let Item::Record(r) = &item
            && r.record.is_some()
        {
            keys.get_or_insert_with(HashSet::new).insert(r.key.clone());
        }
        out.push(record_msg(ctx, item));
        true
    };
    let end = match formats::read(path, &ctx.opts.read, &mut emit) {
        Ok(end) => Some(end),
        Err(skip) => {
            out.push(Msg::Skip { skip, file: true });
            None
        }
    };
    out.push(Msg::FileDone {
        path: path.to_path_buf(),
        end,
        keys,
    });
}

/// The message for one record: unchanged, or its prepared document.
fn record_msg(ctx: &WorkCtx, item: Item) -> Msg {
    let r = match item {
        Item::Skip(skip) => return Msg::Skip { skip, file: false },
        Item::Record(r) => r,
    };
    let known = match ctx.start.key(&r.key) {
        Ok(k) => k,
        Err(e) => return Msg::Failed(e),
    };
    if let Some((h, addr)) = &known
        && *h == r.hash
    {
        return Msg::Unchanged(*addr);
    }
    let known_hash = if ctx.opts.keep_duplicates {
        false
    } else {
        match ctx.start.hash_doc(&r.hash) {
            Ok(d) => d.is_some(),
            Err(e) => return Msg::Failed(e),
        }
    };
    Msg::Changed(Box::new(prepare(
        ctx.fields,
        r,
        known.is_some(),
        known_hash,
    )))
}

fn prepare(
    f: &super::schema::Fields,
    r: SourceRecord,
    known_key: bool,
    known_hash: bool,
) -> Prepared {
    let article = r.article();
    let meta = r.meta.as_ref().map(Meta::from).unwrap_or_default();
    let bad_date = r.bad_date();
    Prepared {
        base: base_document(f, &r.hash, &article, &meta),
        no_date: article.header != HeaderStatus::Ok,
        bad_date,
        windows_1252: r.repairs.windows_1252,
        lone_surrogates: r.repairs.lone_surrogates,
        key: r.key,
        path: r.path.to_string_lossy().into_owned(),
        record: r.record,
        hash: r.hash,
        known_key,
        known_hash,
    }
}

/// A point-in-time view of the index with term lookups on the `key`,
/// `hash` and `path` fields (postings walks, no scoring): each lookup costs one term-dictionary probe per segment,
/// whatever the number of documents, and nothing is loaded up front.
struct Snapshot {
    searcher: Searcher,
    /// Per segment (in the searcher's order): the inverted indexes of
    /// `key`, `path` and `hash`, and the `hash` fast field.
    segments: Vec<SegmentLookup>,
    key_field: tantivy::schema::Field,
    hash_field: tantivy::schema::Field,
}

struct SegmentLookup {
    keys: Arc<InvertedIndexReader>,
    paths: Arc<InvertedIndexReader>,
    hashes: Arc<InvertedIndexReader>,
    hash_column: Option<StrColumn>,
}

impl Snapshot {
    /// Opens the lookups of every segment of `searcher`.
    fn open(searcher: Searcher, f: &super::schema::Fields) -> Result<Snapshot> {
        let mut segments = Vec::new();
        for segment in searcher.segment_readers() {
            segments.push(SegmentLookup {
                keys: segment.inverted_index(f.key)?,
                paths: segment.inverted_index(f.path)?,
                hashes: segment.inverted_index(f.hash)?,
                hash_column: segment.fast_fields().str("hash")?,
            });
        }
        Ok(Snapshot {
            searcher,
            segments,
            key_field: f.key,
            hash_field: f.hash,
        })
    }

    /// The first live document holding `text` in the field of `pick`.
    fn first_doc(
        &self,
        field: tantivy::schema::Field,
        pick: fn(&SegmentLookup) -> &InvertedIndexReader,
        text: &str,
    ) -> Result<Option<DocAddress>> {
        let mut found = None;
        self.walk_live(field, pick, text, |d| {
            found = Some(d);
            false
        })?;
        Ok(found)
    }

    /// Every live document holding `text` in the field of `pick`.
    fn live_docs(
        &self,
        field: tantivy::schema::Field,
        pick: fn(&SegmentLookup) -> &InvertedIndexReader,
        text: &str,
    ) -> Result<Vec<DocAddress>> {
        let mut out = Vec::new();
        self.walk_live(field, pick, text, |d| {
            out.push(d);
            true
        })?;
        Ok(out)
    }

    /// Calls `each` with the live documents holding `text` in the field of
    /// `pick`, segment by segment in doc order, until it returns `false`.
    fn walk_live(
        &self,
        field: tantivy::schema::Field,
        pick: fn(&SegmentLookup) -> &InvertedIndexReader,
        text: &str,
        mut each: impl FnMut(DocAddress) -> bool,
    ) -> Result<()> {
        let term = Term::from_field_text(field, text);
        for (ord, seg) in self.segments.iter().enumerate() {
            let Some(mut postings) = pick(seg).read_postings(&term, IndexRecordOption::Basic)?
            else {
                continue;
            };
            let reader = self.searcher.segment_reader(ord as u32);
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if !reader.is_deleted(doc) && !each(DocAddress::new(ord as u32, doc)) {
                    return Ok(());
                }
                doc = postings.advance();
            }
        }
        Ok(())
    }

    /// The content hash and the document of `key`, if it is indexed.
    fn key(&self, key: &str) -> Result<Option<(String, DocAddress)>> {
        let Some(addr) = self.first_doc(self.key_field, |s| &s.keys, key)? else {
            return Ok(None);
        };
        let seg = &self.segments[addr.segment_ord as usize];
        let mut hash = String::new();
        if let Some(col) = &seg.hash_column
            && let Some(ord) = col.term_ords(addr.doc_id).next()
        {
            col.ord_to_str(ord, &mut hash)?;
        }
        Ok(Some((hash, addr)))
    }

    /// A document holding the content hash `hash`, if any.
    fn hash_doc(&self, hash: &str) -> Result<Option<DocAddress>> {
        self.first_doc(self.hash_field, |s| &s.hashes, hash)
    }
}

/// A compact stand-in for a content hash (its first 64 bits), for the set
/// of hashes written in this run: a false match only costs a lookup.
fn short_hash(hash: &str) -> u64 {
    hash.get(..16)
        .and_then(|h| u64::from_str_radix(h, 16).ok())
        .unwrap_or(0)
}

/// One document being tracked in this run: an article and its copies.
struct Group {
    /// Members: key → (path, record number) (stored sorted by path).
    members: BTreeMap<String, (String, Option<u64>)>,
    /// The document without members, when at hand.
    base: Option<TantivyDocument>,
    /// Where the stored document of `cur` is, if it comes from there.
    snap: Option<DocAddress>,
    /// A key of the live document in the writer (to delete it by), if any.
    live_key: Option<String>,
}

type GroupId = usize;

/// The consumer: owns the writer and knows which document holds which key.
///
/// What it holds in memory is what changed since the last commit (and the
/// compact [`State::run_hashes`]): after each commit it reopens the index
/// and forgets its groups, so its size does not grow with the corpus.
struct State<'a> {
    index: &'a NewsIndex,
    writer: IndexWriter,
    reader: IndexReader,
    /// The index as it was when the ingest started: the only place where
    /// a copy not read in this run (stale, or pruned) can come from.
    start: &'a Snapshot,
    /// The index as of the last commit of this run (or its start).
    cur: Snapshot,
    groups: Vec<Group>,
    /// Content hash → group holding it (with de-duplication).
    hash_group: HashMap<String, GroupId>,
    /// Key → group, for keys moved in this run.
    key_group: HashMap<String, GroupId>,
    /// Documents of `cur` already loaded as groups.
    snap_groups: HashMap<DocAddress, GroupId>,
    /// Short hashes ([`short_hash`]) of the documents created in this run,
    /// so that a copy of one committed earlier is looked up in `cur`.
    run_hashes: HashSet<u64>,
    /// Groups to rewrite before the next commit.
    dirty: BTreeSet<GroupId>,
    dedup: bool,
    stats: IngestStats,
    /// Changes since the last commit.
    pending: usize,
    /// Documents seen unchanged (counted once however many copies).
    unchanged_docs: HashSet<DocAddress>,
}

impl State<'_> {
    fn handle(&mut self, msg: Msg, progress: &dyn Progress) -> Result<()> {
        match msg {
            Msg::Unchanged(addr) => {
                self.stats.records += 1;
                self.stats.unchanged_copies += 1;
                if self.unchanged_docs.insert(addr) {
                    self.stats.unchanged += 1;
                }
            }
            Msg::WalkSkip(skip) => {
                self.stats.files_seen += 1;
                progress.skipped(&skip);
                *self.stats.files_skipped.entry(skip.reason).or_default() += 1;
            }
            Msg::Skip { skip, file } => {
                progress.skipped(&skip);
                let counts = if file {
                    &mut self.stats.files_skipped
                } else {
                    &mut self.stats.records_skipped
                };
                *counts.entry(skip.reason).or_default() += 1;
            }
            Msg::Changed(p) => {
                self.stats.records += 1;
                if let Some(raw) = &p.bad_date {
                    self.stats.bad_dates += 1;
                    progress.bad_date(Path::new(&p.path), p.record, raw);
                }
                self.stats.no_date += usize::from(p.no_date);
                self.stats.windows_1252 += usize::from(p.windows_1252);
                self.stats.lone_surrogates += usize::from(p.lone_surrogates);
                self.add(*p)?;
            }
            Msg::Failed(e) => return Err(e),
            Msg::FileDone { path, end, keys } => {
                self.stats.files_seen += 1;
                progress.advance(1);
                if let (Some(end), Some(keys)) = (end, keys)
                    && end.complete
                {
                    self.remove_stale(&path.to_string_lossy(), Some(&keys))?;
                }
            }
        }
        Ok(())
    }

    /// The group currently holding `key`, if any.
    fn group_of_key(&mut self, key: &str) -> Result<Option<GroupId>> {
        if let Some(&g) = self.key_group.get(key) {
            return Ok(Some(g));
        }
        match self.cur.key(key)? {
            Some((_, addr)) => Ok(Some(self.snap_group(addr)?)),
            None => Ok(None),
        }
    }

    /// The group of a snapshot document, loaded on first use.
    fn snap_group(&mut self, addr: DocAddress) -> Result<GroupId> {
        if let Some(&g) = self.snap_groups.get(&addr) {
            return Ok(g);
        }
        let doc: TantivyDocument = self.cur.searcher.doc(addr)?;
        let f = &self.index.fields;
        let m = members(f, &doc);
        let g = self.groups.len();
        for (k, _, _) in &m {
            self.key_group.insert(k.clone(), g);
        }
        self.groups.push(Group {
            live_key: m.first().map(|(k, _, _)| k.clone()),
            members: m.into_iter().map(|(k, p, r)| (k, (p, r))).collect(),
            base: None,
            snap: Some(addr),
        });
        self.snap_groups.insert(addr, g);
        Ok(g)
    }

    /// Adds a new or changed record.
    fn add(&mut self, p: Prepared) -> Result<()> {
        // A key is read once per run: one that was not in the index at the
        // start can only be among the groups of this run.
        let old = if p.known_key {
            self.group_of_key(&p.key)?
        } else {
            self.key_group.get(&p.key).copied()
        };
        let replacing = match old {
            Some(old) => {
                self.groups[old].members.remove(&p.key);
                self.dirty.insert(old);
                self.pending += 1;
                true
            }
            None => false,
        };
        let target = if self.dedup {
            match self.hash_group.get(&p.hash) {
                Some(&g) => Some(g),
                None if p.known_hash || self.run_hashes.contains(&short_hash(&p.hash)) => {
                    match self.cur.hash_doc(&p.hash)? {
                        Some(addr) => {
                            let g = self.snap_group(addr)?;
                            self.hash_group.insert(p.hash.clone(), g);
                            Some(g)
                        }
                        None => None,
                    }
                }
                None => None,
            }
        } else {
            None
        };
        let g = match target {
            Some(g) => {
                let grp = &mut self.groups[g];
                if grp.members.is_empty() {
                    self.stats.indexed += 1;
                    self.stats.replaced += usize::from(replacing);
                } else {
                    self.stats.duplicates += 1;
                    self.stats.duplicates_replacing += usize::from(replacing);
                }
                if grp.base.is_none() {
                    grp.base = Some(p.base);
                }
                grp.members.insert(p.key.clone(), (p.path, p.record));
                g
            }
            None => {
                self.stats.indexed += 1;
                self.stats.replaced += usize::from(replacing);
                let g = self.groups.len();
                self.groups.push(Group {
                    members: BTreeMap::from([(p.key.clone(), (p.path, p.record))]),
                    base: Some(p.base),
                    snap: None,
                    live_key: None,
                });
                if self.dedup {
                    self.run_hashes.insert(short_hash(&p.hash));
                    self.hash_group.insert(p.hash, g);
                }
                g
            }
        };
        self.key_group.insert(p.key, g);
        self.dirty.insert(g);
        self.pending += 1;
        Ok(())
    }

    /// Removes `key` from its document (a copy that no longer exists).
    fn remove_key(&mut self, key: &str) -> Result<()> {
        if let Some(g) = self.group_of_key(key)?
            && self.groups[g].members.remove(key).is_some()
        {
            self.key_group.remove(key);
            self.dirty.insert(g);
            self.stats.removed += 1;
            self.pending += 1;
        }
        Ok(())
    }

    /// Removes the copies from the file `path` that are not in `seen`
    /// (`None`: all of them). A key is read from its own file only, so a
    /// key not in `seen` was not read in this run: it was in the index at
    /// the start, and only the start's documents are read (nothing, on a
    /// first ingest).
    fn remove_stale(&mut self, path: &str, seen: Option<&HashSet<String>>) -> Result<()> {
        let f = &self.index.fields;
        // A postings walk: a `TermQuery` would set up BM25 scoring for a
        // document set that is only iterated.
        let addrs = self.start.live_docs(f.path, |s| &s.paths, path)?;
        let mut stale = BTreeSet::new();
        for addr in addrs {
            let doc: TantivyDocument = self.start.searcher.doc(addr)?;
            for (k, p, _) in members(f, &doc) {
                if p == path && !seen.is_some_and(|s| s.contains(&k)) {
                    stale.insert(k);
                }
            }
        }
        for k in stale {
            self.remove_key(&k)?;
        }
        Ok(())
    }

    /// Removes the copies whose file lies under one of `roots` and no
    /// longer exists (files of the start's documents: one read in this
    /// run exists).
    fn prune(&mut self, roots: &[PathBuf]) -> Result<()> {
        let f = self.index.fields.path;
        let mut paths = BTreeSet::new();
        for segment in self.start.searcher.segment_readers() {
            let inverted = segment.inverted_index(f)?;
            let mut stream = inverted.terms().stream()?;
            while stream.advance() {
                if let Ok(p) = std::str::from_utf8(stream.key()) {
                    paths.insert(p.to_string());
                }
            }
        }
        for p in paths {
            let path = Path::new(&p);
            let under = roots.iter().any(|r| path.starts_with(r));
            if under && std::fs::symlink_metadata(path).is_err() {
                self.remove_stale(&p, None)?;
            }
        }
        Ok(())
    }

    /// Rewrites the changed documents and commits.
    fn commit(&mut self) -> Result<()> {
        let f = &self.index.fields;
        for g in std::mem::take(&mut self.dirty) {
            let grp = &mut self.groups[g];
            if !grp.members.is_empty() && grp.base.is_none() && grp.snap.is_none() {
                // Cannot happen (a group made in this run loses a copy only
                // when a key is read twice); keep the live document as is.
                continue;
            }
            if let Some(k) = grp.live_key.take() {
                self.writer.delete_term(Term::from_field_text(f.key, &k));
            }
            if grp.members.is_empty() {
                grp.base = None;
                continue;
            }
            let base = match grp.base.take() {
                Some(b) => b,
                None => match grp.snap {
                    Some(addr) => {
                        let doc: TantivyDocument = self.cur.searcher.doc(addr)?;
                        rebuild_base(f, &doc)
                    }
                    None => continue,
                },
            };
            let mut doc = base;
            let mut sorted: Vec<(&String, &(String, Option<u64>))> = grp.members.iter().collect();
            sorted.sort_by(|a, b| (&a.1.0, a.0).cmp(&(&b.1.0, b.0)));
            for (k, (p, r)) in sorted {
                add_member(f, &mut doc, k, p, *r);
            }
            grp.live_key = grp.members.keys().next().cloned();
            self.writer
                .add_document(doc)
                .map_err(|e| write_error(self.index, e))?;
            // A group created in this run never needs its base again unless
            // another copy arrives, which brings its own.
            if grp.snap.is_some() {
                grp.base = None;
            }
        }
        if self.pending > 0 || self.stats.commits == 0 {
            self.writer
                .commit()
                .map_err(|e| write_error(self.index, e))?;
            self.stats.commits += 1;
            // Everything is in the index now: look it up there.
            self.reader.reload()?;
            self.cur = Snapshot::open(self.reader.searcher(), f)?;
            self.groups.clear();
            self.hash_group.clear();
            self.key_group.clear();
            self.snap_groups.clear();
        }
        self.pending = 0;
        Ok(())
    }
}

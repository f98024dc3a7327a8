//! The ingest pipeline: files → records → articles → documents →
//! `IndexWriter`, with periodic commits.
//!
//! Reading, decoding and parsing run in parallel on rayon's pool and send
//! prepared documents through a bounded channel to one consumer, which owns
//! the tantivy `IndexWriter` (whose own threads build the segments), keeps
//! track of document identity and commits. Memory is bounded by the
//! writer's budget, the channel and the documents changed since the last
//! commit, whatever the corpus size.
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
use crate::source::{Skip, SkipReason, SourceRecord};
use crate::{Error, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{RecvTimeoutError, SyncSender, sync_channel};
use std::time::{Duration, Instant};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, IndexWriter, Searcher, TantivyDocument, Term};

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
    /// The run was stopped by Ctrl-C (what was done is committed).
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

/// What the readers send to the consumer.
enum Msg {
    /// A record whose key already holds the same content.
    Unchanged(DocAddress),
    /// A new or changed record, with its document (without members).
    Changed(Box<Prepared>),
    /// A skipped file (`file`: nothing of it was read) or record.
    Skip { skip: Skip, file: bool },
    /// A file was read to its end (or stopped).
    FileDone {
        path: PathBuf,
        end: Option<FileEnd>,
        /// Keys of a multi-record file's records (for stale records).
        keys: Option<HashSet<String>>,
    },
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
    lone_surrogates: bool,
}

/// Ingests `files` (canonical paths) into `index`.
///
/// Records whose key is already in the index with the same content hash
/// are counted as unchanged and not re-indexed; a changed record replaces
/// the old version. Skipped inputs (`walk_skips` and those found while
/// reading) never stop the run. When `interrupt` becomes true the readers
/// stop, what was done is committed and the stats say `interrupted`.
///
/// # Errors
/// [`Error::Locked`] when another process holds the writer lock;
/// [`Error::IndexWrite`] when the index cannot be written (the last commit
/// then stays intact); other tantivy errors.
pub fn ingest(
    index: &NewsIndex,
    files: &[PathBuf],
    walk_skips: &[Skip],
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
    let snapshot = Snapshot::load(reader.searcher())?;
    let mut state = State {
        index,
        writer,
        snap: &snapshot,
        groups: Vec::new(),
        hash_group: HashMap::new(),
        key_group: HashMap::new(),
        snap_groups: HashMap::new(),
        dirty: BTreeSet::new(),
        dedup: !opts.keep_duplicates,
        stats: IngestStats {
            files_seen: files.len() + walk_skips.len(),
            ..Default::default()
        },
        pending: 0,
        unchanged_docs: HashSet::new(),
    };
    for s in walk_skips {
        progress.skipped(s);
        *state.stats.files_skipped.entry(s.reason).or_default() += 1;
    }

    let (tx, rx) = sync_channel::<Msg>(1024);
    let known = &snapshot.key_hash;
    let f = &index.fields;
    let result: Result<()> = std::thread::scope(|scope| {
        let rx = rx; // dropped on any return, so that blocked readers stop
        scope.spawn(move || {
            files.par_iter().for_each_with(tx, |tx, path| {
                read_file(path, opts, known, f, tx, interrupt)
            });
        });
        let mut last_commit = Instant::now();
        loop {
            if interrupt.load(Ordering::Relaxed) {
                state.stats.interrupted = true;
                break;
            }
            match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(msg) => state.handle(msg, progress)?,
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if state.pending >= opts.commit_every.max(1)
                || (state.pending > 0 && last_commit.elapsed() >= opts.commit_interval)
            {
                state.commit()?;
                last_commit = Instant::now();
            }
        }
        drop(rx); // readers still running stop at their next send
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

/// Reads one file and sends its records (prepared documents) to the consumer.
fn read_file(
    path: &Path,
    opts: &IngestOptions,
    known: &HashMap<String, (String, DocAddress)>,
    f: &super::schema::Fields,
    tx: &mut SyncSender<Msg>,
    interrupt: &AtomicBool,
) {
    if interrupt.load(Ordering::Relaxed) {
        return;
    }
    let mut keys: Option<HashSet<String>> = None;
    let mut emit = |item: Item| -> bool {
        if interrupt.load(Ordering::Relaxed) {
            return false;
        }
        let msg = match item {
            Item::Skip(skip) => Msg::Skip { skip, file: false },
            Item::Record(r) => {
                if r.record.is_some() {
                    keys.get_or_insert_with(HashSet::new).insert(r.key.clone());
                }
                match known.get(&r.key) {
                    Some((h, addr)) if *h == r.hash => Msg::Unchanged(*addr),
                    _ => Msg::Changed(Box::new(prepare(f, r))),
                }
            }
        };
        tx.send(msg).is_ok()
    };
    let end = match formats::read(path, &opts.read, &mut emit) {
        Ok(end) => Some(end),
        Err(skip) => {
            if tx.send(Msg::Skip { skip, file: true }).is_err() {
                return;
            }
            None
        }
    };
    let _ = tx.send(Msg::FileDone {
        path: path.to_path_buf(),
        end,
        keys,
    });
}

fn prepare(f: &super::schema::Fields, r: SourceRecord) -> Prepared {
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
    }
}

/// The index as it was when the ingest started.
struct Snapshot {
    searcher: Searcher,
    /// Key → (content hash, document holding it).
    key_hash: HashMap<String, (String, DocAddress)>,
    /// Content hash → a document holding it.
    hash_doc: HashMap<String, DocAddress>,
}

impl Snapshot {
    /// Reads every live document's keys and hash from the fast fields.
    fn load(searcher: Searcher) -> Result<Snapshot> {
        let n = searcher.num_docs() as usize;
        let mut key_hash = HashMap::with_capacity(n);
        let mut hash_doc = HashMap::with_capacity(n);
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let ff = segment.fast_fields();
            let (Some(keys), Some(hashes)) = (ff.str("key")?, ff.str("hash")?) else {
                continue;
            };
            let (mut k, mut h) = (String::new(), String::new());
            for doc in segment.doc_ids_alive() {
                let Some(ho) = hashes.term_ords(doc).next() else {
                    continue;
                };
                h.clear();
                hashes.ord_to_str(ho, &mut h)?;
                let addr = DocAddress::new(ord as u32, doc);
                hash_doc.entry(h.clone()).or_insert(addr);
                for ko in keys.term_ords(doc) {
                    k.clear();
                    keys.ord_to_str(ko, &mut k)?;
                    key_hash.insert(k.clone(), (h.clone(), addr));
                }
            }
        }
        Ok(Snapshot {
            searcher,
            key_hash,
            hash_doc,
        })
    }
}

/// One document being tracked in this run: an article and its copies.
struct Group {
    /// Members: key → (path, record number) (stored sorted by path).
    members: BTreeMap<String, (String, Option<u64>)>,
    /// The document without members, when at hand.
    base: Option<TantivyDocument>,
    /// Where the stored document of the snapshot is, if it comes from there.
    snap: Option<DocAddress>,
    /// A key of the live document in the writer (to delete it by), if any.
    live_key: Option<String>,
}

type GroupId = usize;

/// The consumer: owns the writer and knows which document holds which key.
struct State<'a> {
    index: &'a NewsIndex,
    writer: IndexWriter,
    snap: &'a Snapshot,
    groups: Vec<Group>,
    /// Content hash → group holding it (with de-duplication).
    hash_group: HashMap<String, GroupId>,
    /// Key → group, for keys moved in this run.
    key_group: HashMap<String, GroupId>,
    /// Snapshot documents already loaded as groups.
    snap_groups: HashMap<DocAddress, GroupId>,
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
            Msg::FileDone { path, end, keys } => {
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
        match self.snap.key_hash.get(key) {
            Some(&(_, addr)) => Ok(Some(self.snap_group(addr)?)),
            None => Ok(None),
        }
    }

    /// The group of a snapshot document, loaded on first use.
    fn snap_group(&mut self, addr: DocAddress) -> Result<GroupId> {
        if let Some(&g) = self.snap_groups.get(&addr) {
            return Ok(g);
        }
        let doc: TantivyDocument = self.snap.searcher.doc(addr)?;
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
        let replacing = match self.group_of_key(&p.key)? {
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
                None => match self.snap.hash_doc.get(&p.hash) {
                    Some(&addr) => {
                        let g = self.snap_group(addr)?;
                        self.hash_group.insert(p.hash.clone(), g);
                        Some(g)
                    }
                    None => None,
                },
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
    /// (`None`: all of them) and not already moved in this run.
    fn remove_stale(&mut self, path: &str, seen: Option<&HashSet<String>>) -> Result<()> {
        let f = &self.index.fields;
        let term = Term::from_field_text(f.path, path);
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let addrs = self
            .snap
            .searcher
            .search(&query, &tantivy::collector::DocSetCollector)?;
        let mut stale = BTreeSet::new();
        for addr in addrs {
            let doc: TantivyDocument = self.snap.searcher.doc(addr)?;
            for (k, p, _) in members(f, &doc) {
                if p == path && !seen.is_some_and(|s| s.contains(&k)) {
                    stale.insert(k);
                }
            }
        }
        for k in stale {
            // A key moved by this run has been read again: not stale.
            let moved = self
                .key_group
                .get(&k)
                .is_some_and(|&g| self.groups[g].snap != self.snap.key_hash.get(&k).map(|e| e.1));
            if !moved {
                self.remove_key(&k)?;
            }
        }
        Ok(())
    }

    /// Removes the copies whose file lies under one of `roots` and no
    /// longer exists.
    fn prune(&mut self, roots: &[PathBuf]) -> Result<()> {
        let f = self.index.fields.path;
        let mut paths = BTreeSet::new();
        for segment in self.snap.searcher.segment_readers() {
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
                        let doc: TantivyDocument = self.snap.searcher.doc(addr)?;
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
        }
        self.pending = 0;
        Ok(())
    }
}

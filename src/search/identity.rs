//! One identity per speaker across the corpus.
//!
//! Each article indexes its own merged speaker names (`speaker` field), so
//! one article may say "Gerhard Stoltenberg" and another only
//! "Stoltenberg". The [`IdentityTable`] joins such variants, derived from
//! the index itself (the `speaker` fast column and the `date` column of the
//! live documents), so it follows every ingest, re-ingest and prune without
//! re-parsing anything. It is computed on the fly (one pass over two fast
//! columns; about 0.1 s on the 18,833 Reuters-21578 articles).
//!
//! The rule ([`resolve`]):
//! - names differing only in case ("ORTEGA", "Ortega") are one name;
//! - a shorter name joins a longer one when its words are a proper subset
//!   of the longer name's words and both end with the same word
//!   ("Stoltenberg" ⊂ "Gerhard Stoltenberg", "Paul Volcker" ⊂ "Paul A.
//!   Volcker"), the longer name is a person's (an organisation's shorter
//!   names stay apart: "Texaco Inc", "Texaco Canada Inc"), the dates are near (date ranges overlapping or less than a
//!   year apart; a name seen only in undated articles is near everything),
//!   and the corpus has exactly one such compatible longer identity;
//!   otherwise it stays on its own (in 1987 "Baker" is James Baker and
//!   Howard Baker: "Baker" stays "Baker");
//! - the identity's canonical form is its most frequent full (several
//!   words) variant; ties: the longer, then alphabetical.

use super::scan;
use crate::Result;
use crate::index::NewsIndex;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use tantivy::BitSet;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{
    AllQuery, BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// Articles and date range of one name or identity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameStat {
    /// Articles with the name (each counted once).
    pub articles: u64,
    /// Earliest article date.
    pub first: Option<NaiveDate>,
    /// Latest article date.
    pub last: Option<NaiveDate>,
}

impl NameStat {
    fn add(&mut self, date: Option<NaiveDate>) {
        self.articles += 1;
        if let Some(d) = date {
            self.first = Some(self.first.map_or(d, |f| f.min(d)));
            self.last = Some(self.last.map_or(d, |l| l.max(d)));
        }
    }

    fn merge(&mut self, o: &NameStat) {
        self.articles += o.articles;
        self.first = match (self.first, o.first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.last = match (self.last, o.last) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
}

/// One speaker identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The canonical name.
    pub name: String,
    /// Every spelling of every variant in the index, sorted.
    pub variants: Vec<String>,
}

/// Speaker identities of an index: every speaker spelling → its identity.
#[derive(Debug, Clone, Default)]
pub struct IdentityTable {
    /// The identities.
    pub identities: Vec<Identity>,
    by_name: HashMap<String, usize>,
}

impl IdentityTable {
    /// The identity of a speaker name (any case), if the index has it.
    pub fn get(&self, name: &str) -> Option<&Identity> {
        self.by_name
            .get(&name.trim().to_lowercase())
            .map(|&i| &self.identities[i])
    }

    /// The canonical form of `name` (itself when the index does not have it).
    pub fn canonical(&self, name: &str) -> String {
        self.get(name)
            .map_or_else(|| name.to_string(), |i| i.name.clone())
    }

    /// The identity table of the live documents of `searcher`.
    ///
    /// # Errors
    /// tantivy errors reading the fast columns.
    pub fn build(searcher: &Searcher) -> Result<IdentityTable> {
        let stats = name_stats(searcher, &AllQuery, Arc::new(|s: &str| s.to_string()))?;
        Ok(resolve(&stats))
    }

    /// The identity table of the last commit of `index`.
    ///
    /// # Errors
    /// tantivy errors.
    pub fn of_index(index: &NewsIndex) -> Result<IdentityTable> {
        IdentityTable::build(&scan::searcher(index)?)
    }
}

/// The words of a name, for comparing: lower-case, without trailing dots
/// or commas.
fn words(name: &str) -> Vec<String> {
    name.split_whitespace()
        .map(|w| w.trim_end_matches(['.', ',']).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Dates near enough to be one person's: overlapping ranges or less than
/// 366 days apart; undated names are near everything.
fn near(a: &NameStat, b: &NameStat) -> bool {
    match (a.first, a.last, b.first, b.last) {
        (Some(af), Some(al), Some(bf), Some(bl)) => {
            let gap = if al < bf {
                (bf - al).num_days()
            } else if bl < af {
                (af - bl).num_days()
            } else {
                0
            };
            gap <= 365
        }
        _ => true,
    }
}

/// Whether the most frequent spelling among `spellings` is a person's name
/// ([`crate::article::attribution::mentions::is_person`]): only people's
/// names take in their shorter forms; "Texaco Inc" is not a short form of
/// "Texaco Canada Inc", nor "Foreign Ministry" of "Foreign Trade Ministry".
fn person_name(spellings: &[(String, u64)]) -> bool {
    spellings
        .iter()
        .max_by_key(|(_, n)| *n)
        .is_some_and(|(s, _)| crate::article::attribution::mentions::is_person(s))
}

/// Whether a name's last word is a dictionary word ("Chamber", "Baker"):
/// as a surname alone it joins a longer name only when that one opens
/// with a given name ("James Baker", not "Malaya Chamber").
fn dictionary_surname(toks: &[String]) -> bool {
    toks.last()
        .is_some_and(|w| crate::lexicon::is_common_word(w))
}

/// Whether a name (lower-case words) holds a given name of the census
/// lists ([`crate::lexicon::is_given_name`]) or an initial before its last
/// word.
fn has_given_name(toks: &[String]) -> bool {
    toks[..toks.len().saturating_sub(1)]
        .iter()
        .any(|w| crate::lexicon::is_given_name(w) || w.trim_end_matches('.').chars().count() == 1)
}

/// Applies the rule of the module documentation to per-spelling
/// statistics (spelling as indexed → articles and dates).
pub fn resolve(stats: &BTreeMap<String, NameStat>) -> IdentityTable {
    // Case variants: lower-case key → (spellings with counts, stat).
    let mut names: BTreeMap<String, (Vec<(String, u64)>, NameStat)> = BTreeMap::new();
    for (spelling, st) in stats {
        let key = spelling.trim().to_lowercase();
        if words(&key).is_empty() {
            continue;
        }
        let e = names.entry(key).or_default();
        e.0.push((spelling.clone(), st.articles));
        e.1.merge(st);
    }
    let keys: Vec<&String> = names.keys().collect();
    let toks: Vec<Vec<String>> = keys.iter().map(|k| words(k)).collect();
    // Longer names first, so a shorter one sees its candidates resolved.
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| toks[b].len().cmp(&toks[a].len()).then(a.cmp(&b)));
    let mut root: Vec<usize> = (0..keys.len()).collect();
    let mut by_last: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, t) in toks.iter().enumerate() {
        by_last
            .entry(t.last().expect("non-empty"))
            .or_default()
            .push(i);
    }
    for &s in &order {
        let ts = &toks[s];
        let stat = &names[keys[s]].1;
        let mut roots: Vec<usize> = by_last[ts.last().expect("non-empty").as_str()]
            .iter()
            .copied()
            .filter(|&f| {
                let tf = &toks[f];
                tf.len() > ts.len()
                    && ts.iter().all(|w| tf.contains(w))
                    && near(stat, &names[keys[f]].1)
                    && person_name(&names[keys[f]].0)
                    && (!dictionary_surname(ts) || has_given_name(tf))
            })
            .map(|f| root[f])
            .collect();
        roots.sort_unstable();
        roots.dedup();
        if roots.len() == 1 {
            root[s] = roots[0];
        }
    }
    // Group by root (a name's root is final once it is processed, and
    // longer names are processed first).
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &r) in root.iter().enumerate() {
        groups.entry(r).or_default().push(i);
    }
    let mut table = IdentityTable::default();
    for members in groups.values() {
        let spellings: Vec<(String, u64, usize)> = members
            .iter()
            .flat_map(|&m| {
                let n = toks[m].len();
                names[keys[m]]
                    .0
                    .iter()
                    .map(move |(s, c)| (s.clone(), *c, n))
            })
            .collect();
        let full = spellings.iter().any(|s| s.2 > 1);
        let name = spellings
            .iter()
            .filter(|s| !full || s.2 > 1)
            .min_by(|a, b| {
                b.1.cmp(&a.1)
                    .then(b.0.len().cmp(&a.0.len()))
                    .then(a.0.cmp(&b.0))
            })
            .map(|s| s.0.clone())
            .unwrap_or_default();
        let mut variants: Vec<String> = spellings.into_iter().map(|s| s.0).collect();
        variants.sort();
        variants.dedup();
        let id = table.identities.len();
        for &m in members {
            table.by_name.insert(keys[m].clone(), id);
        }
        table.identities.push(Identity { name, variants });
    }
    table
}

/// Documents with one of `values` as an exact speaker value (any spelling
/// stored in the `speaker` fast column): how `--speaker` also finds the
/// variants of an identity ("Lawson" resolved to "Nigel Lawson").
#[derive(Debug, Clone)]
pub struct ExactSpeakers {
    /// Exact speaker values.
    pub values: Vec<String>,
}

impl Query for ExactSpeakers {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for ExactSpeakers {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let max = reader.max_doc();
        let mut bits = BitSet::with_max_value(max);
        if let Some(col) = reader.fast_fields().str("speaker")? {
            let mut ords = Vec::new();
            for v in &self.values {
                if let Some(o) = col.dictionary().term_ord(v.as_bytes())? {
                    ords.push(o);
                }
            }
            if !ords.is_empty() {
                for doc in 0..max {
                    if col.term_ords(doc).any(|o| ords.contains(&o)) {
                        bits.insert(doc);
                    }
                }
            }
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(bits), boost)))
    }

    fn explain(&self, _: &SegmentReader, _: DocId) -> tantivy::Result<Explanation> {
        Ok(Explanation::new("exact speaker variant", 1.0))
    }
}

/// A key for a speaker spelling (e.g. its identity's canonical name).
pub type KeyFn = Arc<dyn Fn(&str) -> String + Send + Sync>;

/// Articles and date range per key of the speakers of the documents
/// matching `query` (an article counted once per key).
///
/// # Errors
/// tantivy errors.
pub fn name_stats(
    searcher: &Searcher,
    query: &dyn Query,
    key: KeyFn,
) -> Result<BTreeMap<String, NameStat>> {
    Ok(searcher.search(query, &StatsCollector { key })?)
}

struct StatsCollector {
    key: KeyFn,
}

struct StatsSegment {
    speakers: Option<tantivy::columnar::StrColumn>,
    dates: Option<tantivy::columnar::Column<tantivy::DateTime>>,
    /// Term ordinal → index into `keys` (computed on demand).
    ord_key: HashMap<u64, usize>,
    keys: Vec<String>,
    key_index: HashMap<String, usize>,
    stats: Vec<NameStat>,
    key: KeyFn,
    seen: Vec<usize>,
}

impl Collector for StatsCollector {
    type Fruit = BTreeMap<String, NameStat>;
    type Child = StatsSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<StatsSegment> {
        let ff = reader.fast_fields();
        Ok(StatsSegment {
            speakers: ff.str("speaker")?,
            dates: ff.date("date").ok(),
            ord_key: HashMap::new(),
            keys: Vec::new(),
            key_index: HashMap::new(),
            stats: Vec::new(),
            key: self.key.clone(),
            seen: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<BTreeMap<String, NameStat>>,
    ) -> tantivy::Result<BTreeMap<String, NameStat>> {
        let mut out: BTreeMap<String, NameStat> = BTreeMap::new();
        for f in fruits {
            for (k, s) in f {
                out.entry(k).or_default().merge(&s);
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for StatsSegment {
    type Fruit = BTreeMap<String, NameStat>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(col) = &self.speakers else { return };
        self.seen.clear();
        let mut buf = String::new();
        for ord in col.term_ords(doc) {
            let k = match self.ord_key.get(&ord) {
                Some(&k) => k,
                None => {
                    buf.clear();
                    if !col.ord_to_str(ord, &mut buf).unwrap_or(false) {
                        continue;
                    }
                    let key = (self.key)(&buf);
                    let next = self.keys.len();
                    let k = *self.key_index.entry(key.clone()).or_insert(next);
                    if k == next {
                        self.keys.push(key);
                        self.stats.push(NameStat::default());
                    }
                    self.ord_key.insert(ord, k);
                    k
                }
            };
            if !self.seen.contains(&k) {
                self.seen.push(k);
            }
        }
        if self.seen.is_empty() {
            return;
        }
        let date = self
            .dates
            .as_ref()
            .and_then(|c| c.first(doc))
            .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
            .map(|d| d.date_naive());
        for &k in &self.seen {
            self.stats[k].add(date);
        }
    }

    fn harvest(self) -> BTreeMap<String, NameStat> {
        self.keys.into_iter().zip(self.stats).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(n: u64, first: &str, last: &str) -> NameStat {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        NameStat {
            articles: n,
            first: d(first),
            last: d(last),
        }
    }

    fn table(names: &[(&str, NameStat)]) -> IdentityTable {
        resolve(
            &names
                .iter()
                .map(|(n, s)| (n.to_string(), s.clone()))
                .collect(),
        )
    }

    #[test]
    fn organisations_do_not_take_in_shorter_names() {
        let t = table(&[
            ("Texaco Canada Inc", st(2, "1987-03-01", "1987-03-09")),
            ("Texaco Inc", st(5, "1987-03-01", "1987-03-09")),
            ("Foreign Trade Ministry", st(1, "1987-03-01", "1987-03-09")),
            ("Foreign Ministry", st(4, "1987-03-01", "1987-03-09")),
        ]);
        assert_eq!(t.canonical("Texaco Inc"), "Texaco Inc");
        assert_eq!(t.canonical("Foreign Ministry"), "Foreign Ministry");
        assert_eq!(t.canonical("Texaco Canada Inc"), "Texaco Canada Inc");
    }

    #[test]
    fn surname_joins_the_one_full_name() {
        let t = table(&[
            ("Gerhard Stoltenberg", st(3, "1987-02-01", "1987-03-01")),
            ("Stoltenberg", st(5, "1987-04-01", "1987-05-01")),
        ]);
        assert_eq!(t.identities.len(), 1);
        assert_eq!(t.canonical("stoltenberg"), "Gerhard Stoltenberg");
        assert_eq!(
            t.get("Stoltenberg").unwrap().variants,
            ["Gerhard Stoltenberg", "Stoltenberg"]
        );
    }

    #[test]
    fn a_dictionary_word_joins_only_a_name_with_a_given_name() {
        let t = table(&[
            ("Malaya Chamber", st(1, "1987-04-01", "1987-04-01")),
            ("Chamber", st(2, "1987-04-02", "1987-04-03")),
            ("James Baker", st(5, "1987-04-01", "1987-04-05")),
            ("Baker", st(3, "1987-04-02", "1987-04-04")),
        ]);
        assert_eq!(t.canonical("Chamber"), "Chamber");
        assert_eq!(t.canonical("Baker"), "James Baker");
    }

    #[test]
    fn ambiguous_surname_stays_apart() {
        let t = table(&[
            ("James Baker", st(3, "1987-02-01", "1987-03-01")),
            ("Howard Baker", st(2, "1987-02-01", "1987-03-01")),
            ("Baker", st(5, "1987-02-01", "1987-05-01")),
        ]);
        assert_eq!(t.identities.len(), 3);
        assert_eq!(t.canonical("Baker"), "Baker");
    }

    #[test]
    fn distant_dates_stay_apart_undated_joins() {
        let t = table(&[
            ("James Baker", st(3, "1987-02-01", "1987-03-01")),
            ("Baker", st(5, "1990-02-01", "1990-05-01")),
        ]);
        assert_eq!(t.canonical("Baker"), "Baker");
        let t = table(&[
            ("James Baker", st(3, "1987-02-01", "1987-03-01")),
            ("Baker", st(5, "", "")),
        ]);
        assert_eq!(t.canonical("Baker"), "James Baker");
    }

    #[test]
    fn middle_initial_and_case_variants_merge() {
        let t = table(&[
            ("Paul A. Volcker", st(2, "1987-01-01", "1987-02-01")),
            ("Paul Volcker", st(4, "1987-01-01", "1987-02-01")),
            ("VOLCKER", st(1, "1987-01-01", "1987-02-01")),
            ("Volcker", st(3, "1987-01-01", "1987-02-01")),
        ]);
        assert_eq!(t.identities.len(), 1);
        assert_eq!(t.canonical("volcker"), "Paul Volcker");
        assert_eq!(t.identities[0].variants.len(), 4);
    }

    #[test]
    fn canonical_ties_prefer_longer_then_alphabetical() {
        let t = table(&[
            ("Paul A. Volcker", st(2, "1987-01-01", "1987-02-01")),
            ("Paul Volcker", st(2, "1987-01-01", "1987-02-01")),
        ]);
        assert_eq!(t.canonical("Paul Volcker"), "Paul A. Volcker");
        let t = table(&[("ORTEGA", st(1, "", "")), ("Ortega", st(1, "", ""))]);
        assert_eq!(t.canonical("ortega"), "ORTEGA");
    }
}

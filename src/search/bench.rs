//! In-process query benchmark behind `newsidx bench`: every query of a
//! file is parsed and run against one open searcher (top 10 by score, with
//! scores, plus the total count), one warm-up round, then `rounds` timed
//! rounds. No process start-up, no index opening, no output formatting is
//! timed: only what a long-running program would pay per query.

use super::query::{self, Filters};
use crate::index::NewsIndex;
use crate::{Error, Result};
use serde::Serialize;
use std::time::{Duration, Instant};
use tantivy::collector::{Count, TopDocs};

/// The queries of a benchmark file: one per line; blank lines and lines
/// starting with `#` are ignored.
pub fn parse_queries(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Latency of one query over the timed rounds.
#[derive(Debug, Clone, Serialize)]
pub struct QueryTiming {
    /// The query as written in the file.
    pub query: String,
    /// Matching documents (the total count, not only the top 10).
    pub hits: usize,
    /// Median latency, in microseconds.
    pub median_us: f64,
    /// 95th-percentile latency (nearest rank), in microseconds.
    pub p95_us: f64,
}

/// The result of a benchmark run.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    /// Documents in the index.
    pub documents: u64,
    /// Timed rounds (the warm-up round excluded).
    pub rounds: usize,
    /// Per-query figures, in file order.
    pub queries: Vec<QueryTiming>,
    /// Median over every timed run of every query, in microseconds.
    pub median_us: f64,
    /// 95th percentile over every timed run of every query, in microseconds.
    pub p95_us: f64,
    /// Median of the per-query medians, in microseconds.
    pub median_of_medians_us: f64,
    /// Sum of the per-query medians: one pass over the file, in milliseconds.
    pub total_ms: f64,
}

/// Nearest-rank percentile `p` (0–100) of `samples` (sorted in place).
pub fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    samples.sort_unstable();
    let rank = ((p / 100.0) * samples.len() as f64).ceil() as usize;
    samples[rank.clamp(1, samples.len()) - 1]
}

/// Median of `samples` (the lower middle for an even count, sorted in place).
pub fn median(samples: &mut [Duration]) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    samples.sort_unstable();
    samples[(samples.len() - 1) / 2]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// Runs each of `queries` against `index`: one warm-up round, then
/// `rounds` timed rounds (at least one). Each run parses the query and
/// collects the top 10 by score and the count.
///
/// # Errors
/// [`Error::Usage`] when there are no queries or one has a bad `date:`;
/// tantivy errors.
pub fn run(index: &NewsIndex, queries: &[String], rounds: usize) -> Result<BenchReport> {
    if queries.is_empty() {
        return Err(Error::Usage("the queries file holds no query".into()));
    }
    let rounds = rounds.max(1);
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let filters = Filters::default();
    let collector = (TopDocs::with_limit(10).order_by_score(), Count);
    let fields = query::article_fields(index, &searcher)?;
    let mut samples: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds); queries.len()];
    let mut hits = vec![0usize; queries.len()];
    for round in 0..=rounds {
        for (i, q) in queries.iter().enumerate() {
            let t = Instant::now();
            let (query, _warnings) = query::build_for(index, q, &filters, &fields)?;
            let (top, count) = searcher.search(&*query, &collector)?;
            let elapsed = t.elapsed();
            std::hint::black_box(top);
            if round == 0 {
                hits[i] = count;
            } else {
                samples[i].push(elapsed);
            }
        }
    }
    let mut all: Vec<Duration> = samples.iter().flatten().copied().collect();
    let mut medians = Vec::with_capacity(queries.len());
    let per_query = queries
        .iter()
        .zip(samples.iter_mut())
        .zip(&hits)
        .map(|((q, s), &hits)| {
            let m = median(s);
            medians.push(m);
            QueryTiming {
                query: q.clone(),
                hits,
                median_us: micros(m),
                p95_us: micros(percentile(s, 95.0)),
            }
        })
        .collect();
    let total: Duration = medians.iter().sum();
    Ok(BenchReport {
        documents: searcher.num_docs(),
        rounds,
        queries: per_query,
        median_us: micros(median(&mut all)),
        p95_us: micros(percentile(&mut all, 95.0)),
        median_of_medians_us: micros(median(&mut medians)),
        total_ms: total.as_secs_f64() * 1e3,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(v: &[u64]) -> Vec<Duration> {
        v.iter().map(|&m| Duration::from_millis(m)).collect()
    }

    #[test]
    fn percentiles() {
        let mut s = ms(&[5, 1, 4, 2, 3]);
        assert_eq!(median(&mut s), Duration::from_millis(3));
        assert_eq!(percentile(&mut s, 95.0), Duration::from_millis(5));
        let mut s = ms(&(1..=100).collect::<Vec<_>>());
        assert_eq!(percentile(&mut s, 95.0), Duration::from_millis(95));
        assert_eq!(median(&mut s), Duration::from_millis(50));
    }

    #[test]
    fn queries_file() {
        let q = parse_queries("# header\noil\n\n  \"interest rates\"  \n# x\n");
        assert_eq!(q, ["oil", "\"interest rates\""]);
    }
}

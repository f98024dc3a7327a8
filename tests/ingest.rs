//! `newsidx ingest`: summaries, re-ingest, errors.

use crate::util::Workdir;

const SEED: &str = include_str!("../seeds/000_fbf6acf740d45b26.txt");

#[test]
fn ingest_twice_keeps_one_document() {
    let w = Workdir::new();
    w.write("seeds/seed.txt", SEED);
    let first = w.ingest(&["seeds"]);
    assert!(
        first.contains("files: 1 seen, 0 skipped\ndocuments: 1 indexed, 0 unchanged, 0 duplicates, 0 removed; 0 records skipped\n"),
        "{first}"
    );
    let second = w.ingest(&["seeds"]);
    assert!(
        second.contains("files: 1 seen, 0 skipped\ndocuments: 0 indexed, 1 unchanged,"),
        "{second}"
    );
    assert!(second.contains("documents in index 1;"), "{second}");
    assert_eq!(w.search_json("embassy", &[])["total"], 1);
}

#[test]
fn summary_counts_files_and_documents_apart() {
    let w = Workdir::new();
    w.write("c/a.txt", "Syndicated harbour story.");
    w.write("c/b.txt", "Syndicated harbour story.");
    w.write("c/empty.txt", "");
    w.write(
        "c/r.jsonl",
        "{\"body\":\"one\"}\n{broken\n{\"body\":\"two\"}\n",
    );
    w.ingest(&["c"]);
    let out = w.ingest(&["c"]);
    assert!(
        out.contains(
            "files: 4 seen, 1 skipped (empty 1)\n\
             documents: 0 indexed, 3 unchanged (4 copies), 0 duplicates, 0 removed; 1 record skipped (bad record 1)\n"
        ),
        "{out}"
    );
    // One of two identical files changes: 1 + 3 documents read from 4 files.
    w.write("c/b.txt", "Syndicated harbour story, corrected.");
    let out = w.ingest(&["c"]);
    assert!(
        out.contains(
            "files: 4 seen, 1 skipped (empty 1)\n\
             documents: 1 indexed (1 replacing an older version), 3 unchanged, 0 duplicates, 0 removed; 1 record skipped (bad record 1)\n"
        ),
        "{out}"
    );
}

/// The `newsidx ingest seeds/` example of the README is the real output
/// (timings aside).
#[test]
fn readme_ingest_example_is_the_real_output() {
    let readme = include_str!("../README.md");
    let start = readme.find("$ newsidx ingest seeds/\n").unwrap();
    let block = &readme[start..start + readme[start..].find("```").unwrap()];
    let mut runs = block.split("$ newsidx ingest seeds/").skip(1);
    let w = Workdir::new();
    w.write("seeds/000_fbf6acf740d45b26.txt", SEED);
    for _ in 0..2 {
        let want = runs.next().unwrap();
        let want = want.split_once('\n').unwrap().1;
        let got = w.ingest(&["seeds/"]);
        let strip = |s: &str| s.split("; elapsed").next().unwrap().to_string();
        assert_eq!(strip(&got), strip(want), "{got}");
        assert!(got.contains("; elapsed ") && want.contains("; elapsed "));
    }
}

#[test]
fn ingest_memory_and_threads_are_checked() {
    let w = Workdir::new();
    w.write("a.txt", " date 2024-01-01 \nThe harbour reopened.");
    for (args, msg) in [
        (
            ["--memory-mb", "99999999", "--threads", "2"],
            "newsidx: --memory-mb must be from 30 to 8190 with 2 writer threads (15 to 4095 MiB per thread; got 99999999); change --memory-mb or --threads\n",
        ),
        (
            ["--memory-mb", "1", "--threads", "2"],
            "newsidx: --memory-mb must be from 30 to 8190 with 2 writer threads (15 to 4095 MiB per thread; got 1); change --memory-mb or --threads\n",
        ),
        (
            ["--memory-mb", "100", "--threads", "0"],
            "newsidx: --threads must be from 1 to 8 (got 0)\n",
        ),
        (
            ["--memory-mb", "100", "--threads", "9"],
            "newsidx: --threads must be from 1 to 8 (got 9)\n",
        ),
    ] {
        let mut a = vec!["ingest", "a.txt"];
        a.extend(args);
        let (code, err) = w.err(&a);
        assert_eq!(code, 2, "{args:?}");
        assert_eq!(err, msg, "{args:?}");
    }
    assert!(!w.path().join("index").exists());
    w.ok(&["ingest", "a.txt", "--memory-mb", "15", "--threads", "1"]);
}

#[test]
fn the_summary_states_no_rate_when_nothing_was_indexed_or_in_no_time() {
    let w = Workdir::new();
    w.write("seeds/seed.txt", SEED);
    w.ingest(&["seeds"]);
    // Nothing indexed: "elapsed 0.01s" and no "0 documents/s".
    let again = w.ingest(&["seeds"]);
    let last = again.lines().last().unwrap();
    let re = regex::Regex::new(r"^documents in index 1; elapsed [0-9]+\.[0-9]{2}s$").unwrap();
    assert!(re.is_match(last), "{again}");
    assert!(!again.contains("documents/s"), "{again}");
    // The same rules, on the stats themselves.
    use newsidx::commands::ingest::summary;
    use newsidx::index::ingest::IngestStats;
    use std::time::Duration;
    let stats = |indexed, ms| IngestStats {
        indexed,
        total_documents: indexed as u64,
        elapsed: Duration::from_millis(ms),
        ..IngestStats::default()
    };
    let last_line = |s: IngestStats| summary(&s).lines().last().unwrap().to_string();
    assert_eq!(
        last_line(stats(10, 2000)),
        "documents in index 10; elapsed 2.00s, 5 documents/s"
    );
    // Under 0.01 s ("0.00s"): no rate of thousands per second.
    assert_eq!(
        last_line(stats(3, 1)),
        "documents in index 3; elapsed 0.00s"
    );
    // A rate that rounds to 0.
    assert_eq!(
        last_line(stats(1, 4000)),
        "documents in index 1; elapsed 4.00s"
    );
    assert_eq!(
        last_line(stats(0, 500)),
        "documents in index 0; elapsed 0.50s"
    );
}

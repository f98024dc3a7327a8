//! `newsidx ingest`: summaries, re-ingest, errors.

use crate::util::Workdir;

const SEED: &str = include_str!("../seeds/000_fbf6acf740d45b26.txt");

#[test]
fn ingest_twice_keeps_one_document() {
    let w = Workdir::new();
    w.write("seeds/seed.txt", SEED);
    let first = w.ingest(&["seeds"]);
    assert!(
        first.contains("files seen 1, indexed 1, unchanged 0"),
        "{first}"
    );
    let second = w.ingest(&["seeds"]);
    assert!(
        second.contains("files seen 1, indexed 0, unchanged 1"),
        "{second}"
    );
    assert!(second.contains("documents in index 1;"), "{second}");
    assert_eq!(w.search_json("embassy", &[])["total"], 1);
}

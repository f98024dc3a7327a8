//! Speaker identities across the corpus (`speakers`, `top speakers`,
//! `--speaker`, `quotes`) on tests/fixtures/identity: "Gerhard
//! Stoltenberg" (a1) and the bare "Stoltenberg" (a2, two quotations),
//! "James Baker" (a3), "Howard Baker" (a4) and the ambiguous bare "Baker"
//! (a5), all in March–April 1987.

use crate::util::{Workdir, sorted};
use serde_json::Value;

/// A workdir with the fixture articles copied to `corpus/` and ingested.
fn corpus() -> Workdir {
    let w = Workdir::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/identity");
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        w.write(&format!("corpus/{name}"), std::fs::read(&p).unwrap());
    }
    w.ingest(&["corpus"]);
    w
}

/// (speaker, variants, articles, quotations) of `speakers --format json`.
fn speakers(w: &Workdir, extra: &[&str]) -> Vec<(String, Vec<String>, u64, u64)> {
    let mut args = vec!["speakers", "--format", "json"];
    args.extend_from_slice(extra);
    let v: Value = serde_json::from_str(&w.ok(&args)).unwrap();
    v["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["speaker"].as_str().unwrap().to_string(),
                r["variants"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_string())
                    .collect(),
                r["articles"].as_u64().unwrap(),
                r["quotations"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn row(
    name: &str,
    variants: &[&str],
    articles: u64,
    quotations: u64,
) -> (String, Vec<String>, u64, u64) {
    (
        name.to_string(),
        variants.iter().map(|s| s.to_string()).collect(),
        articles,
        quotations,
    )
}

fn top_speakers(w: &Workdir) -> Vec<(String, u64)> {
    let v: Value = serde_json::from_str(&w.ok(&["top", "speakers", "--format", "json"])).unwrap();
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["value"].as_str().unwrap().to_string(),
                r["articles"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn identity_speakers_lists_merged_identities() {
    let w = corpus();
    assert_eq!(
        speakers(&w, &[]),
        vec![
            row(
                "Gerhard Stoltenberg",
                &["Gerhard Stoltenberg", "Stoltenberg"],
                2,
                3
            ),
            row("Baker", &["Baker"], 1, 1),
            row("Howard Baker", &["Howard Baker"], 1, 1),
            row("James Baker", &["James Baker"], 1, 1),
        ]
    );
    let v: Value = serde_json::from_str(&w.ok(&["speakers", "--format", "json"])).unwrap();
    assert_eq!(v["speakers"][0]["first"], "1987-03-02");
    assert_eq!(v["speakers"][0]["last"], "1987-03-10");
    assert_eq!(
        speakers(&w, &["--since", "1987-03-05", "--until", "1987-03-31"]),
        vec![row(
            "Gerhard Stoltenberg",
            &["Gerhard Stoltenberg", "Stoltenberg"],
            1,
            2
        )]
    );
    let csv = w.ok(&["speakers", "--format", "csv", "--limit", "1"]);
    assert_eq!(
        csv,
        "speaker,variants,articles,quotations,first,last\nGerhard Stoltenberg,Gerhard Stoltenberg; Stoltenberg,2,3,1987-03-02,1987-03-10\n"
    );
}

#[test]
fn identity_top_speakers_and_stats_count_identities() {
    let w = corpus();
    let want = vec![
        ("Gerhard Stoltenberg".to_string(), 2),
        ("Baker".to_string(), 1),
        ("Howard Baker".to_string(), 1),
        ("James Baker".to_string(), 1),
    ];
    assert_eq!(top_speakers(&w), want);
    let v: Value = serde_json::from_str(&w.ok(&["stats", "--format", "json"])).unwrap();
    assert_eq!(v["top_speakers"][0]["value"], "Gerhard Stoltenberg");
    assert_eq!(v["top_speakers"][0]["articles"], 2);
}

#[test]
fn identity_speaker_filter_finds_variants() {
    let w = corpus();
    assert_eq!(
        sorted(w.hits("*", &["--speaker", "Gerhard Stoltenberg"])),
        ["a1.txt", "a2.txt"]
    );
    assert_eq!(w.hits("*", &["--speaker", "James Baker"]), ["a3.txt"]);
    assert_eq!(
        sorted(w.hits("*", &["--speaker", "Baker"])),
        ["a3.txt", "a4.txt", "a5.txt"]
    );
    let q: Value = serde_json::from_str(&w.ok(&[
        "quotes",
        "--speaker",
        "Gerhard Stoltenberg",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(q["total"], 3);
    for hit in q["quotes"].as_array().unwrap() {
        assert_eq!(hit["speaker"], "Gerhard Stoltenberg");
    }
}

#[test]
fn identity_follows_incremental_ingest_and_prune() {
    let w = corpus();
    // A second full name ending in "Stoltenberg": the bare surname is
    // ambiguous again and splits off.
    w.write(
        "corpus/a6.txt",
        " date 1987-03-20 Oslo officials spoke on Friday. \"Oil output stays,\" Thorvald Stoltenberg said.\n",
    );
    w.ingest(&["corpus"]);
    assert_eq!(
        speakers(&w, &[]),
        vec![
            row("Baker", &["Baker"], 1, 1),
            row("Gerhard Stoltenberg", &["Gerhard Stoltenberg"], 1, 1),
            row("Howard Baker", &["Howard Baker"], 1, 1),
            row("James Baker", &["James Baker"], 1, 1),
            row("Stoltenberg", &["Stoltenberg"], 1, 2),
            row("Thorvald Stoltenberg", &["Thorvald Stoltenberg"], 1, 1),
        ]
    );
    assert_eq!(
        w.hits("*", &["--speaker", "Gerhard Stoltenberg"]),
        ["a1.txt"]
    );
    // Pruning it joins them again; pruning James Baker joins "Baker" to
    // Howard Baker.
    std::fs::remove_file(w.path().join("corpus/a6.txt")).unwrap();
    std::fs::remove_file(w.path().join("corpus/a3.txt")).unwrap();
    w.ingest(&["corpus", "--prune"]);
    assert_eq!(
        speakers(&w, &[]),
        vec![
            row(
                "Gerhard Stoltenberg",
                &["Gerhard Stoltenberg", "Stoltenberg"],
                2,
                3
            ),
            row("Howard Baker", &["Baker", "Howard Baker"], 2, 2),
        ]
    );
}

#[test]
fn quotes_of_a_full_variant_name_are_found_under_its_identity() {
    let w = Workdir::new();
    w.write(
        "c/v1.txt",
        " date 1987-03-02 \"Stocks are cheap,\" said Martin T. Sosnoff.\n",
    );
    w.write(
        "c/v2.txt",
        " date 1987-03-03 \"Buy now,\" said Martin Sosnoff. \"Prices will rise,\" Sosnoff said.\n",
    );
    w.write(
        "c/v3.txt",
        " date 1987-03-04 \"Sell later,\" said Martin Sosnoff.\n",
    );
    w.ingest(&["c"]);
    for name in ["Martin T. Sosnoff", "Martin Sosnoff"] {
        let q: Value =
            serde_json::from_str(&w.ok(&["quotes", "--speaker", name, "--format", "json"]))
                .unwrap();
        assert_eq!(q["total"], 4, "{name}");
        for hit in q["quotes"].as_array().unwrap() {
            assert_eq!(hit["speaker"], "Martin Sosnoff");
        }
    }
}

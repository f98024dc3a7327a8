//! `newsidx bench`: exact hit counts on a tiny fixture (no timing asserts).

use crate::util::Workdir;

fn fixture() -> Workdir {
    let w = Workdir::new();
    w.write(
        "a/1.txt",
        " date 1987-03-01 Oil prices rose as interest rates fell.\n\nCrude oil output was cut.",
    );
    w.write(
        "a/2.txt",
        " date 1987-03-02 Coffee exporters met in London.\n\nOil was not discussed.",
    );
    w.write("a/3.txt", " date 1987-03-03 Gold and coffee prices.");
    w.write(
        "queries.txt",
        "# a comment\noil\n\n\"interest rates\"\ncoffee OR gold\ncoffee AND oil\nboesky\n",
    );
    w.ingest(&["a"]);
    w
}

#[test]
fn bench_json_reports_exact_hit_counts() {
    let w = fixture();
    let v: serde_json::Value =
        serde_json::from_str(&w.ok(&["bench", "queries.txt", "--rounds", "2", "--format", "json"]))
            .unwrap();
    assert_eq!(v["rounds"], 2);
    assert_eq!(v["documents"], 3);
    let got: Vec<(String, u64)> = v["queries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["query"].as_str().unwrap().to_string(),
                q["hits"].as_u64().unwrap(),
            )
        })
        .collect();
    let want = [
        ("oil", 2),
        ("\"interest rates\"", 1),
        ("coffee OR gold", 2),
        ("coffee AND oil", 1),
        ("boesky", 0),
    ];
    let want: Vec<(String, u64)> = want.iter().map(|(q, n)| (q.to_string(), *n)).collect();
    assert_eq!(got, want);
    for q in v["queries"].as_array().unwrap() {
        assert!(q["median_us"].as_f64().unwrap() <= q["p95_us"].as_f64().unwrap());
    }
}

#[test]
fn bench_text_lists_every_query() {
    let w = fixture();
    let out = w.ok(&["bench", "queries.txt", "--rounds", "1"]);
    assert!(out.contains("5 queries, 3 documents"), "{out}");
    assert!(out.contains("overall: median"), "{out}");
    assert!(out.contains("coffee AND oil"), "{out}");
}

#[test]
fn bench_empty_queries_file_is_a_usage_error() {
    let w = fixture();
    w.write("empty.txt", "# nothing\n");
    let (code, err) = w.err(&["bench", "empty.txt"]);
    assert_eq!(code, 2, "{err}");
}

//! The ingest pipeline prepares records on several threads: its documents,
//! counts, skip reports and commit points do not depend on how many.

use crate::util::{Workdir, sorted};

/// JSON line number `i` of the corpus.
fn story(i: u32) -> String {
    format!(
        "{{\"body\":\"Harbour story number {i}.\",\"date\":\"2020-01-{:02}\"}}\n",
        i % 28 + 1
    )
}

/// A corpus of 250 JSON lines (one in 25 broken, one in 20 a copy of the
/// line 7 before it, the rest distinct), 120 CSV rows and 90 text files (one in
/// 30 empty), written the same way every time.
fn corpus(w: &Workdir) {
    let mut jsonl = String::new();
    for i in 1..=250 {
        if i % 25 == 0 {
            jsonl.push_str(&format!("{{broken line {i}\n"));
        } else if i % 20 == 0 {
            jsonl.push_str(&story(i - 7));
        } else {
            jsonl.push_str(&story(i));
        }
    }
    w.write("c/stories.jsonl", jsonl);
    let mut csv = String::from("id,title,body\n");
    for i in 1..=120 {
        csv.push_str(&format!(
            "r{i},Title {i},\"Dock report {i}, said the port.\"\n"
        ));
    }
    w.write("c/rows.csv", csv);
    for i in 1..=90 {
        let text = if i % 30 == 0 {
            String::new()
        } else {
            format!(" date 2021-03-{:02} Text file article {i}.\n", i % 28 + 1)
        };
        w.write(&format!("c/t/{i:03}.txt",), text);
    }
}

/// Runs `newsidx ingest c` with `threads` preparing threads; returns the
/// summary and the sorted export of all documents.
fn ingest_with(w: &Workdir, index: &str, threads: &str, extra: &[&str]) -> (String, Vec<String>) {
    let mut args = vec!["--index", index, "ingest", "--commit-every", "7"];
    args.extend_from_slice(extra);
    args.push("c");
    let out = w
        .cmd(&args)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let summary = String::from_utf8(out.stderr).unwrap();
    let export = w.ok(&["--index", index, "export"]);
    let docs = sorted(export.lines().map(str::to_string).collect());
    // Timings aside, the summary is the same whatever the thread count.
    let summary = summary
        .lines()
        .filter(|l| !l.contains("elapsed"))
        .map(|l| format!("{l}\n"))
        .collect::<String>();
    (summary, docs)
}

#[test]
fn record_level_parallel_ingest_does_not_depend_on_threads() {
    let w = Workdir::new();
    corpus(&w);
    let (one, docs_one) = ingest_with(&w, "i1", "1", &[]);
    let (two, docs_two) = ingest_with(&w, "i2", "2", &[]);
    let (four, docs_four) = ingest_with(&w, "i4", "4", &[]);
    // 250 lines: 10 broken (25, 50, ...), 10 copies (20, 40, ... but not
    // 100 and 200) of the line 7 before; 120 rows; 90 files, 3 of them empty.
    assert!(
        one.contains(
            "files: 92 seen, 3 skipped (empty 3)\n\
             documents: 437 indexed, 0 unchanged, 10 duplicates, 0 removed; 10 records skipped (bad record 10)\n"
        ),
        "{one}"
    );
    assert_eq!(docs_one.len(), 437);
    // The skip reports come in input order: files sorted, records in file order.
    let reports: Vec<&str> = one
        .lines()
        .filter(|l| l.starts_with("newsidx: ") && l.contains(": skipped ("))
        .collect();
    // (three per file are shown, the rest summed up).
    assert_eq!(reports.len(), 6, "{one}");
    assert!(
        reports[0].ends_with(
            "stories.jsonl:25: skipped (bad record): invalid JSON: key must be a string at line 1 column 2"
        ),
        "{one}"
    );
    assert!(reports[2].contains("stories.jsonl:75: skipped"), "{one}");
    assert!(reports[3].contains("/t/030.txt: skipped (empty)"), "{one}");
    assert!(reports[5].contains("/t/090.txt: skipped (empty)"), "{one}");
    assert!(
        one.contains("stories.jsonl: 7 more skipped records not shown"),
        "{one}"
    );
    assert_eq!(one, two);
    assert_eq!(one, four);
    // Keys are stable: the same documents whatever the thread count.
    assert_eq!(docs_one, docs_two);
    assert_eq!(docs_one, docs_four);
}

#[test]
fn parallel_re_ingest_finds_every_record_unchanged() {
    let w = Workdir::new();
    corpus(&w);
    ingest_with(&w, "index", "2", &[]);
    let (again, _) = ingest_with(&w, "index", "2", &[]);
    assert!(
        again.contains(
            "documents: 0 indexed, 437 unchanged (447 copies), 0 duplicates, 0 removed; 10 records skipped (bad record 10)\n"
        ),
        "{again}"
    );
    // A copy whose original goes away keeps its document; a line that
    // breaks is a removed record of a file read completely.
    let text = std::fs::read_to_string(w.path().join("c/stories.jsonl")).unwrap();
    // (Line 13 changes, line 20 keeps the old text.)
    let text = text.replacen(
        "{\"body\":\"Harbour story number 13.\",\"date\":\"2020-01-14\"}",
        "{\"body\":\"Harbour story number 13, corrected.\",\"date\":\"2020-01-14\"}",
        1,
    );
    let text = text.replace("{\"body\":\"Harbour story number 2.\"", "{broken");
    std::fs::write(w.path().join("c/stories.jsonl"), text).unwrap();
    let (changed, docs) = ingest_with(&w, "index", "2", &[]);
    assert!(
        changed.contains(
            "documents: 1 indexed (1 replacing an older version), 436 unchanged (445 copies), 0 duplicates, 1 removed; 11 records skipped (bad record 11)\n"
        ),
        "{changed}"
    );
    // Line 20 held a copy of line 13: that document stays, with one path.
    assert_eq!(docs.len(), 437);
    assert_eq!(
        docs.iter().filter(|d| d.contains("number 13.\"")).count(),
        1
    );
    assert_eq!(
        docs.iter()
            .filter(|d| d.contains("number 13, corrected."))
            .count(),
        1
    );
}

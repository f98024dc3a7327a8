//! Field cases F12, F13, F15, F17, F18, F20 of `../shared/field-cases.md`
//! (`newsidx index` → `newsidx ingest`, `--from/--to` → `--since/--until`).

use crate::robustness::{committed_segments, corpus, spawn, total, wait_first_commit};
use crate::util::Workdir;

#[test]
fn f12_bom_before_the_date_header() {
    let w = Workdir::new();
    w.write(
        "c/bom.txt",
        b"\xef\xbb\xbf date 2024-03-10 \nCouncil approves new park.\n",
    );
    w.ingest(&["c"]);
    let v = w.search_json("park", &[]);
    assert_eq!(v["total"], 1);
    assert_eq!(v["hits"][0]["date"], "2024-03-10");
    let snippet = v["hits"][0]["snippet"]["text"].as_str().unwrap();
    assert!(snippet.starts_with("Council"), "{snippet:?}");
    assert_eq!(
        w.hits("", &["--since", "2024-03-10", "--until", "2024-03-10"]),
        vec!["bom.txt"]
    );
    assert_eq!(w.hits("park", &[]), vec!["bom.txt"]);

    let w = Workdir::new();
    w.write(
        "c/bom.csv",
        b"\xef\xbb\xbfdate,body\n2024-03-10,Council approves new park.\n",
    );
    let out = w.ingest(&["c"]);
    assert!(out.contains("documents: 1 indexed,"), "{out}");
    let v = w.search_json("park", &[]);
    assert_eq!(v["hits"][0]["date"], "2024-03-10");
    assert_eq!(
        w.hits("park", &["--since", "2024-03-10", "--until", "2024-03-10"]),
        vec!["bom.csv"]
    );
}

#[test]
fn f13_crlf_and_lone_cr_line_endings() {
    let w = Workdir::new();
    w.write(
        "c/crlf.txt",
        " date 2024-03-10 \r\nThe ferry resumed service.\r\nPassengers welcomed the news.\r\n",
    );
    w.write(
        "c/mac.txt",
        " date 2024-03-11 \rThe tram resumed service.\rRiders welcomed the news.\r",
    );
    let out = w.ingest(&["c"]);
    assert!(!out.contains("without a date"), "{out}");
    assert_eq!(w.hits("ferry", &[]), vec!["crlf.txt"]);
    assert_eq!(w.hits("tram", &[]), vec!["mac.txt"]);
    let v = w.search_json("ferry", &[]);
    assert_eq!(v["hits"][0]["date"], "2024-03-10");
    assert_eq!(w.search_json("tram", &[])["hits"][0]["date"], "2024-03-11");
    for format in ["json", "jsonl", "csv", "text"] {
        let out = w.ok(&["search", "welcomed", "--format", format]);
        assert!(
            !out.contains('\r') && !out.contains("\\r"),
            "{format}: {out:?}"
        );
    }
    let parsed = w.ok(&["parse", "c/crlf.txt"]);
    assert!(parsed.contains("\"date\":\"2024-03-10\""), "{parsed}");
}

#[test]
fn f15_html_entities_are_decoded() {
    let w = Workdir::new();
    w.write(
        "c/html.txt",
        " date 2024-02-14 \nThe mayor&#8217;s office said &quot;no comment&quot; about the AT&amp;T deal.\n",
    );
    w.ingest(&["c"]);
    for q in ["quot", "8217", "amp"] {
        assert_eq!(w.search_json(q, &[])["total"], 0, "{q}");
    }
    assert_eq!(w.hits("mayor's office", &[]), vec!["html.txt"]);
    assert_eq!(w.hits("comment", &[]), vec!["html.txt"]);
    let v = w.search_json("comment", &[]);
    let snippet = v["hits"][0]["snippet"]["text"].as_str().unwrap();
    assert!(snippet.contains("mayor\u{2019}s"), "{snippet}");
    assert!(snippet.contains("\"no comment\""), "{snippet}");
    assert!(
        !snippet.contains("&#8217;") && !snippet.contains("&quot;"),
        "{snippet}"
    );
}

#[test]
fn f17_lock_busy_concurrent_runs_and_killed_runs() {
    let w = Workdir::new();
    corpus(&w, "dir", 200);
    w.write("other/x.txt", "Another harbour article.");
    // A slow first run: one commit per document.
    let mut first = spawn(
        &w,
        &["ingest", "dir", "--commit-every", "1", "--threads", "1"],
        "first.log",
    );
    wait_first_commit(&w, &mut first);
    // The second run fails at once with a plain message.
    let (code, err) = w.err(&["ingest", "other"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("is being written by another newsidx process"),
        "{err}"
    );
    assert!(!err.contains("LockBusy"), "{err}");
    // Search works meanwhile and sees the last commit.
    let during = w.search_json("harbour", &[])["total"].as_u64().unwrap();
    assert!(during >= 1);
    // kill -9 mid-way; the next run needs no manual lock removal.
    first.kill().unwrap();
    first.wait().unwrap();
    let out = w.ingest(&["dir"]);
    assert!(out.contains("files: 200 seen,"), "{out}");
    assert_eq!(total(&w), 200);
    assert_eq!(w.search_json("harbour", &[])["total"], 200);
    let out = w.ingest(&["dir"]);
    assert!(
        out.contains("documents: 0 indexed, 200 unchanged,"),
        "{out}"
    );
    assert_eq!(total(&w), 200);
}

#[test]
fn f18_reingest_and_update_by_id() {
    let w = Workdir::new();
    w.write(
        "c/2024-03-10-port-closure.txt",
        " date 2024-03-10 \nThe port closed because of the storm.\n",
    );
    w.ingest(&["c"]);
    w.ingest(&["c"]);
    assert_eq!(w.hits("port", &[]), vec!["2024-03-10-port-closure.txt"]);
    assert_eq!(total(&w), 1);
    w.write(
        "c/2024-03-10-port-closure.txt",
        " date 2024-03-10 \nThe port reopened because of the storm.\n",
    );
    let out = w.ingest(&["c"]);
    assert!(
        out.contains("documents: 1 indexed (1 replacing an older version), 0 unchanged,"),
        "{out}"
    );
    assert_eq!(w.search_json("reopened", &[])["total"], 1);
    assert_eq!(w.search_json("closed", &[])["total"], 0);
    assert_eq!(total(&w), 1);
}

#[test]
fn f20_many_small_files_few_segments_low_fd_limit() {
    let w = Workdir::new();
    corpus(&w, "gen", 5000);
    let out = w.ingest(&["gen"]);
    assert!(
        out.contains("files: 5000 seen, 0 skipped\ndocuments: 5000 indexed,"),
        "{out}"
    );
    let segments = committed_segments(&w);
    assert!((1..=10).contains(&segments), "{segments} segments");
    assert_eq!(w.search_json("harbour", &[])["total"], 5000);
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -n 64; exec '{}' search harbour --format json",
            env!("CARGO_BIN_EXE_newsidx")
        ))
        .current_dir(w.path())
        .env_remove("NEWSIDX_INDEX")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["total"], 5000);
    } else {
        assert!(
            stderr.to_lowercase().contains("too many open files"),
            "{stderr}"
        );
    }
    assert!(
        !stderr.contains("panicked") && !stderr.contains("corrupt"),
        "{stderr}"
    );
}

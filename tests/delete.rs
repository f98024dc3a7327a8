//! `newsidx delete`: by key, by path, by query; --dry-run.

use crate::util::Workdir;
use serde_json::Value;

fn setup() -> Workdir {
    let w = Workdir::new();
    w.write("keep/a.txt", " date 2024-01-02 \nThe harbour reopened.\n");
    w.write("keep/b.txt", " date 2024-01-03 \nThe bridge closed.\n");
    w.write("oops/c.txt", " date 2024-01-04 \nA harbour tender.\n");
    w.write("oops/sub/d.txt", " date 2024-01-05 \nA ferry strike.\n");
    w.write(
        "oops/e.jsonl",
        "{\"date\":\"2024-01-06\",\"body\":\"Harbour one\"}\n{\"date\":\"2024-01-07\",\"body\":\"Harbour two\"}\n",
    );
    // An identical copy of keep/a.txt: one document for both paths.
    w.write(
        "oops/copy-of-a.txt",
        " date 2024-01-02 \nThe harbour reopened.\n",
    );
    w.ingest(&["keep", "oops"]);
    assert_eq!(crate::robustness::total(&w), 6);
    w
}

fn keys(w: &Workdir, query: &str) -> Vec<String> {
    let mut k: Vec<String> = w.search_json(query, &[])["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["key"].as_str().unwrap().to_string())
        .collect();
    k.sort();
    k
}

#[test]
fn delete_by_directory_with_dry_run_first() {
    let w = setup();
    let out = w.cmd(&["delete", "oops", "--dry-run"]).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let paths: Vec<&str> = stdout
        .lines()
        .map(|l| l.rsplit("  ").next().unwrap())
        .collect();
    // Sorted by key (a hash): compared as a sorted list.
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            "oops/c.txt",
            "oops/e.jsonl",
            "oops/e.jsonl",
            "oops/sub/d.txt"
        ]
    );
    assert!(stderr.contains("newsidx: kept "), "{stderr}");
    assert!(
        stderr.contains(
            "one article for 2 identical copies, not all named (keep/a.txt, oops/copy-of-a.txt)"
        ),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("newsidx: --dry-run: would delete 4 documents; nothing deleted\n"),
        "{stderr}"
    );
    assert_eq!(crate::robustness::total(&w), 6);
    // Now for real.
    let stderr = w.ok_stderr(&["delete", "oops/"]);
    assert!(
        stderr.ends_with("newsidx: deleted 4 documents; documents in index 2\n"),
        "{stderr}"
    );
    assert_eq!(crate::robustness::total(&w), 2);
    assert_eq!(w.search_json("harbour", &[])["total"], 1);
    // Re-ingesting undoes the delete.
    let out = w.ingest(&["oops"]);
    assert!(out.contains("documents: 4 indexed,"), "{out}");
    assert_eq!(crate::robustness::total(&w), 6);
}

#[test]
fn delete_by_key_file_and_query() {
    let w = setup();
    // By key.
    let key = keys(&w, "bridge")[0].clone();
    let out = w.ok(&["delete", &key]);
    assert!(
        out.starts_with(&format!("{key}  2024-01-03  keep/b.txt\n")),
        "{out}"
    );
    assert_eq!(w.search_json("bridge", &[])["total"], 0);
    // By file: both records of a JSON lines file; the file may be gone.
    std::fs::remove_file(w.path().join("oops/e.jsonl")).unwrap();
    let v: Value =
        serde_json::from_str(&w.ok(&["delete", "oops/e.jsonl", "--format", "json"])).unwrap();
    assert_eq!(v["dry_run"], false);
    assert_eq!(v["deleted"].as_array().unwrap().len(), 2);
    assert_eq!(crate::robustness::total(&w), 3);
    // By query with a filter: the shared document goes with both copies.
    let out = w.ok(&[
        "delete",
        "--query",
        "harbour",
        "--until",
        "2024-01-02",
        "--format",
        "jsonl",
    ]);
    let rows: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["paths"].as_array().unwrap().len(), 2);
    assert_eq!(rows[0]["date"], "2024-01-02");
    assert_eq!(crate::robustness::total(&w), 2);
}

#[test]
fn delete_errors() {
    let w = setup();
    let (code, err) = w.err(&["delete", "keep/a.txt", "nothing/here"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        err,
        "newsidx: no document with key or path \"nothing/here\" in index; nothing deleted\n"
    );
    assert_eq!(crate::robustness::total(&w), 6);
    let (code, err) = w.err(&["delete"]);
    assert_eq!(code, 2, "{err}");
    let (code, err) = w.err(&["delete", "keep", "--since", "2024"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("select with --query only"), "{err}");
    let (code, err) = w.err(&["delete", "--query", "harbour", "--since", "2024-13"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn delete_by_a_query_without_a_word_deletes_nothing() {
    let w = setup();
    for q in ["- -", "+ +", "-harbour", "NOT harbour", "~"] {
        let (code, err) = w.err(&["delete", "--query", q]);
        assert_eq!(code, 2, "{q}: {err}");
        assert_eq!(
            err,
            format!(
                "newsidx: delete --query {q:?}: the query has no word to search for (only operators, excluded words or punctuation); nothing deleted\n"
            ),
            "{q}"
        );
        let (code, _) = w.err(&["delete", "--query", q, "--dry-run"]);
        assert_eq!(code, 2, "{q}");
    }
    assert_eq!(crate::robustness::total(&w), 6);
    // a.txt (and its copy), c.txt, the two records of e.jsonl.
    assert_eq!(w.search_json("harbour", &[])["total"], 4);
}

#[test]
fn delete_by_a_blank_query_is_a_usage_error_and_deletes_nothing() {
    let w = setup();
    for q in ["", " ", " \t  "] {
        for extra in [&[][..], &["--dry-run"][..], &["--since", "2024"][..]] {
            let mut args = vec!["delete", "--query", q];
            args.extend_from_slice(extra);
            let (code, err) = w.err(&args);
            assert_eq!(code, 2, "{q:?} {extra:?}: {err}");
            assert_eq!(
                err,
                format!(
                    "newsidx: delete --query {q:?}: the query is blank; nothing deleted: to delete every document, pass --query '*'\n"
                ),
                "{q:?} {extra:?}"
            );
        }
    }
    assert_eq!(crate::robustness::total(&w), 6);
    // Only common words: searched as words, not "every document".
    let err = w.ok_stderr(&["delete", "--query", "the", "--dry-run"]);
    assert!(
        err.ends_with("newsidx: --dry-run: would delete 2 documents; nothing deleted\n"),
        "{err}"
    );
    // '*' says "every document" in so many words.
    let err = w.ok_stderr(&["delete", "--query", "*", "--dry-run"]);
    assert!(
        err.ends_with("newsidx: --dry-run: would delete 6 documents; nothing deleted\n"),
        "{err}"
    );
    assert_eq!(crate::robustness::total(&w), 6);
}

#[test]
fn a_key_deleted_before_is_unknown_the_second_time() {
    let w = setup();
    let key = keys(&w, "bridge")[0].clone();
    w.cmd(&["delete", &key]).assert().success();
    let out = w.cmd(&["delete", &key]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with(&format!("newsidx: no document with key or path \"{key}\"")),
        "{err}"
    );
    assert_eq!(crate::robustness::total(&w), 5);
}

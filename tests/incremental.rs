//! `newsidx ingest` run again: unchanged, changed, duplicate, pruned and
//! relative/absolute inputs.

use crate::util::{Workdir, file_name, sorted};

fn total(w: &Workdir) -> u64 {
    w.search_json("", &[])["total"].as_u64().unwrap()
}

fn paths_of(w: &Workdir, word: &str) -> Vec<String> {
    let v = w.search_json(word, &[]);
    assert_eq!(v["total"], 1, "{word}: {v}");
    v["hits"][0]["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| file_name(p.as_str().unwrap()))
        .collect()
}

#[test]
fn unchanged_reingest_indexes_nothing() {
    let w = Workdir::new();
    w.write("c/a.txt", " date 2024-01-01 \nalpha");
    w.write("c/b.txt", " date 2024-01-02 \nbravo");
    w.write("c/r.jsonl", "{\"body\":\"one\"}\n{\"body\":\"two\"}\n");
    w.write("c/r.csv", "body\nthree\n");
    let first = w.ingest(&["c"]);
    assert!(
        first.contains("files: 4 seen, 0 skipped\ndocuments: 5 indexed, 0 unchanged,"),
        "{first}"
    );
    let second = w.ingest(&["c"]);
    assert!(
        second.contains(
            "files: 4 seen, 0 skipped\ndocuments: 0 indexed, 5 unchanged, 0 duplicates, 0 removed; 0 records skipped\n"
        ),
        "{second}"
    );
    assert!(second.contains("documents in index 5;"), "{second}");
}

#[test]
fn changed_files_replace_their_documents() {
    let w = Workdir::new();
    w.write("c/a.txt", " date 2024-01-01 \nThe port closed.");
    w.write(
        "c/r.jsonl",
        "{\"body\":\"first record\"}\n{\"body\":\"second record\"}\n{\"body\":\"third record\"}\n",
    );
    w.ingest(&["c"]);
    assert_eq!(total(&w), 4);
    w.write("c/a.txt", " date 2024-01-02 \nThe port reopened.");
    w.write(
        "c/r.jsonl",
        "{\"body\":\"first record\"}\n{\"body\":\"second edited\"}\n",
    );
    let out = w.ingest(&["c"]);
    // a.txt and line 2 replaced; line 3 is gone from a file read whole.
    assert!(
        out.contains("documents: 2 indexed (2 replacing an older version), 1 unchanged, 0 duplicates, 1 removed;"),
        "{out}"
    );
    assert_eq!(total(&w), 3);
    assert_eq!(w.search_json("closed", &[])["total"], 0);
    assert_eq!(w.hits("reopened", &[]), vec!["a.txt"]);
    assert_eq!(
        w.search_json("reopened", &[])["hits"][0]["date"],
        "2024-01-02"
    );
    assert_eq!(w.search_json("third", &[])["total"], 0);
    assert_eq!(w.search_json("second", &[])["total"], 1);
    assert_eq!(w.search_json("edited", &[])["total"], 1);
}

#[test]
fn identical_articles_are_stored_once_with_all_paths() {
    let w = Workdir::new();
    let text = " date 2024-02-02 \nSyndicated harbour story.";
    w.write("c/a.txt", text);
    w.write("c/sub/b.txt", text);
    w.write("d/c.txt", text);
    w.write("c/other.txt", "Another story.");
    let out = w.ingest(&["c", "d"]);
    assert!(
        out.contains("documents: 2 indexed, 0 unchanged, 2 duplicates,"),
        "{out}"
    );
    assert_eq!(total(&w), 2);
    assert_eq!(
        sorted(paths_of(&w, "syndicated")),
        vec!["a.txt", "b.txt", "c.txt"]
    );

    // Unchanged copies stay unchanged: 2 documents, 4 copies.
    let out = w.ingest(&["c", "d"]);
    assert!(
        out.contains("documents: 0 indexed, 2 unchanged (4 copies),"),
        "{out}"
    );

    // One copy changes: it leaves the shared document.
    w.write(
        "c/sub/b.txt",
        " date 2024-02-02 \nSyndicated harbour story, corrected.",
    );
    let out = w.ingest(&["c"]);
    assert!(out.contains("files: 3 seen, 0 skipped\ndocuments: 1 indexed (1 replacing an older version), 2 unchanged, 0 duplicates, 0 removed;"), "{out}");
    assert_eq!(total(&w), 3);
    assert_eq!(w.hits("corrected", &[]), vec!["b.txt"]);
    assert_eq!(
        sorted(paths_of(&w, "syndicated -corrected")),
        vec!["a.txt", "c.txt"]
    );

    // One copy is deleted and pruned: the document stays with the other.
    std::fs::remove_file(w.path().join("c/a.txt")).unwrap();
    let out = w.ingest(&["c", "--prune"]);
    assert!(out.contains(", 1 removed;"), "{out}");
    assert_eq!(total(&w), 3);
    assert_eq!(paths_of(&w, "syndicated -corrected"), vec!["c.txt"]);

    // The last copy is deleted and pruned: the document goes.
    std::fs::remove_file(w.path().join("d/c.txt")).unwrap();
    let out = w.ingest(&["d", "--prune"]);
    assert!(out.contains(", 1 removed;"), "{out}");
    assert_eq!(total(&w), 2);
    assert_eq!(w.search_json("syndicated -corrected", &[])["total"], 0);

    // A new copy of an indexed article joins it.
    w.write(
        "d/again.txt",
        " date 2024-02-02 \nSyndicated harbour story, corrected.",
    );
    let out = w.ingest(&["d"]);
    assert!(
        out.contains("documents: 0 indexed, 0 unchanged, 1 duplicate,"),
        "{out}"
    );
    assert_eq!(
        sorted(paths_of(&w, "corrected")),
        vec!["again.txt", "b.txt"]
    );
}

#[test]
fn keep_duplicates_indexes_each_copy() {
    let w = Workdir::new();
    w.write("c/a.txt", "Same words.");
    w.write("c/b.txt", "Same words.");
    w.write(
        "c/r.jsonl",
        "{\"body\":\"Same record\"}\n{\"body\":\"Same record\"}\n",
    );
    let out = w.ok_stderr(&["ingest", "c", "--keep-duplicates"]);
    assert!(
        out.contains("documents: 4 indexed, 0 unchanged, 0 duplicates,"),
        "{out}"
    );
    assert_eq!(total(&w), 4);

    let w = Workdir::new();
    w.write("c/a.txt", "Same words.");
    w.write("c/b.txt", "Same words.");
    w.write(
        "c/r.jsonl",
        "{\"body\":\"Same record\"}\n{\"body\":\"Same record\"}\n",
    );
    let out = w.ingest(&["c"]);
    assert!(
        out.contains("documents: 2 indexed, 0 unchanged, 2 duplicates,"),
        "{out}"
    );
    assert_eq!(total(&w), 2);
}

#[test]
fn prune_removes_only_missing_files_under_the_given_roots() {
    let w = Workdir::new();
    w.write("c/a.txt", "alpha");
    w.write("c/b.txt", "bravo");
    w.write("d/c.txt", "charlie");
    w.write("c/r.jsonl", "{\"body\":\"delta\"}\n{\"body\":\"echo\"}\n");
    w.ingest(&["c", "d"]);
    assert_eq!(total(&w), 5);
    std::fs::remove_file(w.path().join("c/a.txt")).unwrap();
    std::fs::remove_file(w.path().join("c/r.jsonl")).unwrap();
    std::fs::remove_file(w.path().join("d/c.txt")).unwrap();
    // Without --prune nothing is removed.
    let out = w.ingest(&["c"]);
    assert!(out.contains(", 0 removed;"), "{out}");
    assert_eq!(total(&w), 5);
    // With --prune, only below the given root.
    let out = w.ingest(&["c", "--prune"]);
    assert!(
        out.contains(
            "files: 1 seen, 0 skipped\ndocuments: 0 indexed, 1 unchanged, 0 duplicates, 3 removed;"
        ),
        "{out}"
    );
    assert_eq!(total(&w), 2);
    assert_eq!(w.search_json("charlie", &[])["total"], 1);
    assert_eq!(w.search_json("alpha OR delta OR echo", &[])["total"], 0);
}

#[test]
fn relative_absolute_and_other_cwd_are_the_same_document() {
    let w = Workdir::new();
    w.write("c/a.txt", "alpha");
    w.write("elsewhere/x", "");
    let out = w.ingest(&["c/a.txt"]);
    assert!(out.contains("documents: 1 indexed,"), "{out}");
    let abs = w.path().join("c/a.txt");
    let out = w.ingest(&[abs.to_str().unwrap()]);
    assert!(out.contains("documents: 0 indexed, 1 unchanged,"), "{out}");
    let out = w.ingest(&["./c/../c/a.txt"]);
    assert!(out.contains("documents: 0 indexed, 1 unchanged,"), "{out}");
    let out = w
        .cmd(&["--index", "../index", "ingest", "../c"])
        .current_dir(w.path().join("elsewhere"))
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{err}");
    assert!(err.contains("documents: 0 indexed, 1 unchanged,"), "{err}");
    assert_eq!(total(&w), 1);
}

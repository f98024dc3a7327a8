//! Errors: one clear line on stderr and a documented exit code.

use crate::util::Workdir;

#[test]
fn search_without_index_says_how_to_create_one() {
    let w = Workdir::new();
    let (code, err) = w.err(&["search", "embassy"]);
    assert_eq!(code, 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("newsidx: no index at index:"), "{err}");
    assert!(err.contains("newsidx ingest PATH"), "{err}");
}

#[test]
fn missing_input_path_is_named() {
    let w = Workdir::new();
    let (code, err) = w.err(&["ingest", "no/such/dir"]);
    assert_eq!(code, 1);
    assert_eq!(
        err.trim(),
        "newsidx: no/such/dir: no such file or directory"
    );
}

#[test]
fn index_env_variable_and_flag() {
    let w = Workdir::new();
    w.write("a.txt", " date 2024-01-01 \nharbour");
    w.cmd(&["ingest", "a.txt"])
        .env("NEWSIDX_INDEX", "elsewhere")
        .assert()
        .success();
    assert!(w.path().join("elsewhere/meta.json").is_file());
    let out = w.ok(&[
        "--index",
        "elsewhere",
        "search",
        "harbour",
        "--format",
        "jsonl",
    ]);
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn index_dir_with_other_files_is_refused() {
    let w = Workdir::new();
    w.write("notes/todo.txt", "keep me");
    w.write("a.txt", " date 2024-01-01 \nharbour");
    let (code, err) = w.err(&["--index", "notes", "ingest", "a.txt"]);
    assert_eq!(code, 1);
    assert!(err.contains("is not a newsidx index"), "{err}");
    assert!(w.path().join("notes/todo.txt").is_file());
}

#[test]
fn usage_errors_exit_2() {
    let w = Workdir::new();
    assert_eq!(w.err(&["search"]).0, 2);
    assert_eq!(w.err(&["search", "x", "--format", "xml"]).0, 2);
}

#[test]
fn index_path_that_is_a_file_is_named_as_such() {
    let w = Workdir::new();
    w.write("a.txt", " date 2024-01-01 \nharbour");
    for args in [
        &["--index", "a.txt", "search", "harbour"][..],
        &["--index", "a.txt", "ingest", "a.txt"][..],
    ] {
        let (code, err) = w.err(args);
        assert_eq!(code, 1);
        assert_eq!(
            err.trim(),
            "newsidx: a.txt is not a newsidx index (it is a file, not a directory); choose another --index directory"
        );
    }
}

#[test]
fn kwic_width_is_bounded() {
    let w = Workdir::new();
    w.write("a.txt", " date 2024-01-01 \nThe harbour reopened.");
    w.ingest(&["a.txt"]);
    let (code, err) = w.err(&["kwic", "harbour", "--width", "99999999999"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "newsidx: --width must be from 1 to 1000 characters (got 99999999999)\n"
    );
    let (code, err) = w.err(&["kwic", "harbour", "--width", "0"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "newsidx: --width must be from 1 to 1000 characters (got 0)\n"
    );
    let out = w.ok(&["kwic", "harbour", "--width", "1000"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.ends_with("The harbour reopened.\n"), "{out}");
}

#[test]
fn show_of_an_unknown_key_is_not_found_exit_1() {
    let w = Workdir::new();
    w.write("a.txt", " date 2024-01-01 \nThe harbour reopened.");
    w.ingest(&["a.txt"]);
    let (code, err) = w.err(&["show", "nosuchkey"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "newsidx: no document with key or path \"nosuchkey\" in index\n"
    );
}

#[test]
fn stats_limit_zero_is_a_usage_error() {
    let w = Workdir::new();
    w.write("a.txt", " date 2024-01-01 \nThe harbour reopened.");
    w.ingest(&["a.txt"]);
    let (code, err) = w.err(&["stats", "-n", "0"]);
    assert_eq!(code, 2);
    assert_eq!(err, "newsidx: --limit must be at least 1\n");
}

#[test]
fn empty_index_env_variable_means_the_default() {
    let w = Workdir::new();
    w.write("a.txt", " date 2024-01-01 \nThe harbour reopened.");
    w.cmd(&["ingest", "a.txt"])
        .env("NEWSIDX_INDEX", "")
        .assert()
        .success();
    assert!(w.path().join("index/meta.json").is_file());
    let out = w
        .cmd(&["search", "harbour", "--format", "jsonl"])
        .env("NEWSIDX_INDEX", "")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
}

#[test]
fn export_help_examples_are_indented() {
    let w = Workdir::new();
    let help = w.ok(&["export", "--help"]);
    let examples: Vec<&str> = help
        .split("Examples:\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(examples.len(), 7, "{help}");
    for l in examples {
        assert!(l.starts_with("  newsidx export "), "{l:?}");
    }
}

#[test]
fn commit_every_and_commit_secs_must_be_at_least_one() {
    let w = Workdir::new();
    w.write("c/a.txt", "alpha");
    for flag in ["--commit-every", "--commit-secs"] {
        let (code, err) = w.err(&["ingest", "c", flag, "0"]);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.starts_with(&format!("error: invalid value '0' for '{flag} <")),
            "{err}"
        );
        // In words, not as the range 1..18446744073709551615.
        assert_eq!(
            err.lines().next().unwrap(),
            format!(
                "error: invalid value '0' for '{flag} <{}>': must be at least 1",
                if flag == "--commit-every" {
                    "N"
                } else {
                    "SECS"
                }
            ),
            "{err}"
        );
        assert!(!err.contains("18446744073709551615"), "{err}");
        let (code, err) = w.err(&["ingest", "c", flag, "x"]);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("not a whole number (it must be at least 1)"),
            "{err}"
        );
    }
    assert!(!w.path().join("index").exists());
    let out = w.ingest(&["c", "--commit-every", "1", "--commit-secs", "1"]);
    assert!(out.contains("documents in index 1;"), "{out}");
}

#[test]
fn a_corrupt_meta_json_is_a_damaged_index() {
    let w = Workdir::new();
    w.write("c/a.txt", "alpha");
    w.ingest(&["c"]);
    let meta = w.path().join("index/meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    // Cut short, as a full disk or a crash of another tool leaves it.
    std::fs::write(&meta, &text[..text.len() / 2]).unwrap();
    let want = "newsidx: index index is damaged (its meta.json, the list of its segments, cannot be read); \
                rebuild it: move the directory aside and run `newsidx ingest` on the articles again (or restore it from a backup)\n";
    for args in [&["search", "alpha"][..], &["stats"], &["ingest", "c"]] {
        let (code, err) = w.err(args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert_eq!(err, want, "{args:?}");
    }
    // Garbage that is not JSON at all reads the same.
    std::fs::write(&meta, "\u{0}\u{1}garbage").unwrap();
    assert_eq!(w.err(&["count"]).1, want);
}

#[test]
fn a_truncated_or_missing_segment_file_is_a_damaged_index() {
    let w = Workdir::new();
    w.write("c/a.txt", " date 2020-01-02 alpha beta gamma delta");
    w.ingest(&["c"]);
    let index = w.path().join("index");
    let files = |ext: &str| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&index)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .collect()
    };
    for f in files("store") {
        let f = std::fs::OpenOptions::new().write(true).open(f).unwrap();
        f.set_len(10).unwrap();
    }
    let (code, err) = w.err(&["search", "alpha"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("newsidx: the index is damaged ("), "{err}");
    assert!(
        err.contains("rebuild it: move the directory aside"),
        "{err}"
    );
    assert!(!err.contains("IoError"), "{err}");
    // A fresh index with its term dictionaries deleted.
    std::fs::remove_dir_all(&index).unwrap();
    w.ingest(&["c"]);
    for f in files("idx") {
        std::fs::remove_file(f).unwrap();
    }
    let (code, err) = w.err(&["count", "alpha"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.starts_with("newsidx: the index is damaged ("), "{err}");
    assert!(err.contains(".idx is missing"), "{err}");
}

#[test]
fn an_output_file_inside_the_index_directory_is_refused_before_any_work() {
    use std::os::unix::fs::symlink;
    let w = Workdir::new();
    w.write("c/a.txt", " date 2024-01-01 \nharbour");
    w.write("d/b.txt", " date 2024-01-02 \nbridge");
    w.ingest(&["c"]);
    let meta = std::fs::read(w.path().join("index/meta.json")).unwrap();
    symlink("index", w.path().join("link")).unwrap();
    let abs = w.path().join("index/meta.json");
    let abs = abs.to_str().unwrap();
    for report in [
        "index/meta.json",
        "./index/../index/report.jsonl",
        "index",
        "link/report.jsonl",
        abs,
    ] {
        let (code, err) = w.err(&["ingest", "d", "--report", report]);
        assert_eq!(code, 2, "{report}: {err}");
        assert_eq!(
            err,
            format!(
                "newsidx: --report {report}: that writes inside the index directory index, over the index's own files; write it elsewhere\n"
            )
        );
    }
    // Nothing was done: the index is as it was, d/ was not read.
    assert_eq!(
        std::fs::read(w.path().join("index/meta.json")).unwrap(),
        meta
    );
    assert!(!w.path().join("index/report.jsonl").exists());
    assert_eq!(crate::robustness::total(&w), 1);
    // An index not created yet: refused all the same, and not created.
    let (code, err) = w.err(&["--index", "new", "ingest", "d", "--report", "new/r.jsonl"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("inside the index directory new,"), "{err}");
    assert!(!w.path().join("new").exists());
    // Beside the index (a name that starts like it) is fine.
    w.ok(&["ingest", "d", "--report", "index.jsonl"]);
    assert!(w.path().join("index.jsonl").is_file());
    assert_eq!(crate::robustness::total(&w), 2);
    // export --split-every writes PREFIX-00001.ndjson, …: not into the index.
    let export = |prefix: &str| {
        let args = [
            "export",
            "--to",
            "quickwit",
            "--split-every",
            "1",
            "--output",
            prefix,
        ];
        w.cmd(&args).output().unwrap()
    };
    let out = export("index/part");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "newsidx: --output index/part: that writes inside the index directory index, over the index's own files; write it elsewhere\n"
    );
    assert!(!w.path().join("index/part-00001.ndjson").exists());
    // The prefix `index` writes index-00001.ndjson beside it.
    let out = export("index");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(w.path().join("index-00002.ndjson").is_file());
    assert_eq!(crate::robustness::total(&w), 2);
}

#[test]
fn an_index_path_under_a_file_says_so_in_one_line() {
    // ENOTDIR: the same for root, which no permission test can say.
    let w = Workdir::new();
    w.write("a.txt", " date 2024-01-01 \nharbour");
    let want = "newsidx: cannot read index directory a.txt/idx: a.txt is a file, not a directory; choose another --index directory\n";
    for args in [
        &["--index", "a.txt/idx", "search", "harbour"][..],
        &["--index", "a.txt/idx", "count"][..],
        &["--index", "a.txt/idx", "ingest", "a.txt"][..],
        &["--index", "a.txt/idx", "delete", "--query", "harbour"][..],
    ] {
        let (code, err) = w.err(args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert_eq!(err, want, "{args:?}");
    }
    assert!(w.path().join("a.txt").is_file());
}

#[test]
fn an_output_file_in_a_missing_directory_says_what_to_do() {
    let w = Workdir::new();
    w.write("a.txt", " date 2024-01-01 \nharbour");
    let (code, err) = w.err(&["ingest", "a.txt", "--report", "nodir/r.jsonl"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "newsidx: nodir/r.jsonl: no such file or directory (check the path; its directories must \
         exist)\n"
    );
}

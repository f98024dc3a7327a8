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

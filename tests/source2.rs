//! Input side: what directory walks leave out, numeric dates, NewsAPI
//! responses, `parse --field/--max-file-size` and capped lines, CSV wording.

use crate::util::Workdir;
use serde_json::Value;

/// The `parse` rows (JSON lines) of `args`.
fn parsed(w: &Workdir, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["parse"];
    all.extend_from_slice(args);
    w.ok(&all)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn ingest_dot_leaves_out_index_and_hidden_files() {
    let w = Workdir::new();
    w.write("a.txt", " date 2024-01-02 \nAlpha story.\n");
    w.write(".hidden.txt", "Hiddenfile story.\n");
    w.write(".git/notes.txt", "Hiddendir story.\n");
    w.write("sub/.secret/x.json", "{\"body\":\"Secretdir story.\"}");
    w.write("sub/b.jsonl", "{\"body\":\"Bravo story.\"}\n");
    let first = w.ingest(&["."]);
    assert!(first.starts_with("files: 2 seen, 0 skipped\n"), "{first}");
    // Again: the index now exists under `.` and is not read as articles.
    let out = w.ingest(&["."]);
    assert!(!out.contains("skipped ("), "{out}");
    assert!(
        out.starts_with(
            "files: 2 seen, 0 skipped\ndocuments: 0 indexed, 2 unchanged, 0 duplicates, 0 removed; 0 records skipped\n"
        ),
        "{out}"
    );
    // Reached through another spelling, and with --index elsewhere.
    let name = w.path().file_name().unwrap().to_string_lossy().into_owned();
    let out = w.ingest(&[&format!("../{name}")]);
    assert!(out.starts_with("files: 2 seen, 0 skipped\n"), "{out}");
    // parse leaves out the same.
    let rows = parsed(&w, &["."]);
    assert_eq!(rows.len(), 2, "{rows:?}");
    // A hidden file named explicitly is read.
    let out = w.ingest(&[".hidden.txt"]);
    assert!(
        out.starts_with("files: 1 seen, 0 skipped\ndocuments: 1 indexed,"),
        "{out}"
    );
    assert_eq!(w.hits("hiddenfile", &[]), vec![".hidden.txt"]);
    assert!(w.hits("hiddendir", &[]).is_empty());
    assert!(w.hits("secretdir", &[]).is_empty());
    // With --index elsewhere, that index is left out (./index is not in
    // use then: it is gone first).
    std::fs::remove_dir_all(w.path().join("index")).unwrap();
    for _ in 0..2 {
        let out = w.ok_stderr(&["--index", "sub/idx", "ingest", "."]);
        assert!(out.starts_with("files: 2 seen, 0 skipped\n"), "{out}");
        assert!(!out.contains("skipped ("), "{out}");
    }
}

#[test]
fn ingest_help_documents_what_walks_leave_out() {
    let w = Workdir::new();
    let help = w.ok(&["ingest", "--help"]);
    assert!(
        help.contains("hidden files and directories (names\nstarting with `.`) and the index directory in use are left out"),
        "{help}"
    );
    assert!(
        help.contains("A file\nnamed on the command line is read whatever its name."),
        "{help}"
    );
    let help = w.ok(&["parse", "--help"]);
    assert!(help.contains("--field <FIELD=COLUMN>"), "{help}");
    assert!(help.contains("--max-file-size <SIZE>"), "{help}");
}

#[test]
fn yyyymmdd_numbers_and_strings_are_calendar_dates() {
    let w = Workdir::new();
    w.write(
        "d.jsonl",
        "{\"body\":\"one\",\"date\":20191231}\n\
         {\"body\":\"two\",\"date\":\"20191231\"}\n\
         {\"body\":\"three\",\"date\":1577836799}\n\
         {\"body\":\"four\",\"date\":20191332}\n\
         {\"body\":\"five\",\"date\":17991231}\n\
         {\"body\":\"six\",\"date\":\"20191332\"}\n",
    );
    let out = w.cmd(&["parse", "d.jsonl"]).output().unwrap();
    assert!(out.status.success());
    let rows: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let dates: Vec<&Value> = rows.iter().map(|r| &r["date"]).collect();
    assert_eq!(
        dates,
        [
            "2019-12-31",
            "2019-12-31",
            "2019-12-31",
            "1970-08-22",
            "1970-07-28",
        ]
        .iter()
        .map(|s| Value::from(*s))
        .chain([Value::Null])
        .collect::<Vec<_>>()
        .iter()
        .collect::<Vec<_>>()
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    let path = w.path().canonicalize().unwrap().join("d.jsonl");
    assert_eq!(
        stderr,
        format!(
            "newsidx: {}:6: date \"20191332\" not understood; indexed without a date\n",
            path.display()
        )
    );
}

#[test]
fn newsapi_response_published_at_and_description() {
    let w = Workdir::new();
    w.write(
        "n.json",
        r#"{"status":"ok","totalResults":2,"articles":[
            {"source":{"id":null,"name":"Wire"},"title":"First","description":"Short newsapione text.","publishedAt":"2024-03-01T10:00:00Z","content":"Full newsapione content."},
            {"source":{"id":null,"name":"Wire"},"title":"Second","description":"Only newsapitwo description.","PublishedAt":"2024-03-02T10:00:00Z","content":null}
        ]}"#,
    );
    w.write("e.json", r#"{"status":"ok","results":[]}"#);
    let rows = parsed(&w, &["n.json"]);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0]["record"], 1);
    assert_eq!(rows[0]["date"], "2024-03-01");
    assert_eq!(rows[0]["title"], "First");
    assert_eq!(rows[1]["record"], 2);
    assert_eq!(rows[1]["date"], "2024-03-02");
    let out = w.ingest(&["n.json"]);
    assert!(
        out.starts_with("files: 1 seen, 0 skipped\ndocuments: 2 indexed,"),
        "{out}"
    );
    // content wins over description; description is the last fallback.
    assert_eq!(w.search_json("newsapione", &[])["total"], 1);
    assert_eq!(w.search_json("short", &[])["total"], 0);
    assert_eq!(w.search_json("newsapitwo", &[])["total"], 1);
    // An empty wrapper array holds no article: the object is read as one.
    let out = w.cmd(&["parse", "e.json"]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("e.json:1: skipped (bad record): no body field (looked for body, text, content, article, description)"), "{stderr}");
}

#[test]
fn parse_takes_field_and_max_file_size() {
    let w = Workdir::new();
    w.write(
        "m.jsonl",
        "{\"maintext\":\"Mapped story.\",\"when\":\"2024-05-06\"}\n\
         {\"maintext\":\"Big story that is long enough to be over the limit.\"}\n",
    );
    let rows = parsed(
        &w,
        &[
            "m.jsonl",
            "--field",
            "body=maintext",
            "--field",
            "date=when",
        ],
    );
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0]["date"], "2024-05-06");
    let out = w
        .cmd(&[
            "parse",
            "m.jsonl",
            "--field",
            "body=maintext",
            "--max-file-size",
            "50",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("m.jsonl:2: skipped (too large)"),
        "{stderr}"
    );
    // Bad values are the same usage errors as for ingest (exit 2, one line).
    let (code, err) = w.err(&["parse", "m.jsonl", "--field", "nope"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "newsidx: bad --field \"nope\": use FIELD=COLUMN with FIELD one of date, body, title, url, source, id (e.g. --field body=maintext)\n"
    );
    let (code, err) = w.err(&["parse", "m.jsonl", "--max-file-size", "lots"]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("invalid size \"lots\""), "{err}");
}

#[test]
fn parse_caps_date_lines_per_file() {
    let w = Workdir::new();
    let text: String = (1..=5)
        .map(|i| format!("{{\"body\":\"story {i}\",\"date\":\"someday {i}\"}}\n"))
        .collect();
    w.write("b.jsonl", &text);
    let path = w.path().canonicalize().unwrap().join("b.jsonl");
    let out = w.cmd(&["parse", "b.jsonl"]).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let p = path.display();
    assert_eq!(
        stderr,
        format!(
            "newsidx: {p}:1: date \"someday 1\" not understood; indexed without a date\n\
             newsidx: {p}:2: date \"someday 2\" not understood; indexed without a date\n\
             newsidx: {p}:3: date \"someday 3\" not understood; indexed without a date\n\
             newsidx: {p}: 2 more dates not understood not shown (newsidx ingest --report FILE lists all)\n"
        )
    );
}

#[test]
fn csv_field_count_grammar() {
    let w = Workdir::new();
    w.write(
        "r.csv",
        "title,body,date\nOne,first story,2024-01-01\nlonely\n",
    );
    let out = w.ingest(&["r.csv"]);
    let path = w.path().canonicalize().unwrap().join("r.csv");
    assert!(
        out.contains(&format!(
            "newsidx: {}:3: skipped (bad record): 1 field where the header has 3 fields\n",
            path.display()
        )),
        "{out}"
    );
}

//! `newsidx ingest`: input formats, compression, field mapping, dates.

use crate::util::{Workdir, sorted};
use serde_json::{Value, json};
use std::io::Write;

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn zst(data: &[u8]) -> Vec<u8> {
    zstd::encode_all(data, 3).unwrap()
}

fn total(w: &Workdir) -> u64 {
    w.search_json("", &[])["total"].as_u64().unwrap()
}

/// The hit for a unique word.
fn hit(w: &Workdir, word: &str) -> Value {
    let v = w.search_json(word, &[]);
    assert_eq!(v["total"], 1, "{word}: {v}");
    v["hits"][0].clone()
}

#[test]
fn txt_with_and_without_header() {
    let w = Workdir::new();
    w.write("c/a.txt", " date 2024-03-10 \nAlpha story.\n");
    w.write("c/sub/b.txt", "Bravo story without a header.\n");
    let out = w.ingest(&["c"]);
    assert!(
        out.contains("files: 2 seen, 0 skipped\ndocuments: 2 indexed,"),
        "{out}"
    );
    assert!(out.contains("documents without a date: 1"), "{out}");
    assert_eq!(hit(&w, "alpha")["date"], "2024-03-10");
    assert_eq!(hit(&w, "bravo")["date"], Value::Null);
}

#[test]
fn structured_formats_and_fields() {
    let w = Workdir::new();
    w.write(
        "c/a.jsonl",
        "{\"title\":\"Jl one\",\"body\":\"jsonlone text\",\"date\":\"2020-01-02\",\"url\":\"https://ex.org/1\",\"source\":\"Reuters\"}\n\n\
         {\"headline\":\"Jl two\",\"text\":\"jsonltwo text\",\"published\":\"2020-01-03\",\"link\":\"https://ex.org/2\",\"outlet\":\"AP\"}\n",
    );
    w.write(
        "c/b.ndjson",
        "{\"content\":\"ndjsonone text\",\"pubdate\":\"2020-01-04\",\"publisher\":\"BBC\"}\n",
    );
    w.write(
        "c/c.json",
        "{\"article\":\"jsonobject text\",\"publish_date\":\"2020-01-05\",\"source\":{\"id\":null,\"name\":\"NewsAPI Outlet\"}}",
    );
    w.write(
        "c/d.json",
        "[{\"body\":\"arrayone text\",\"date\":\"2020-01-06\"},{\"body\":[\"arraytwo para\",\"second para\"],\"date\":\"2020-01-07\"}]",
    );
    w.write(
        "c/e.csv",
        "id,title,body,date,source\n1,Csv one,\"csvone text, with comma\",2020-01-08,Reuters\n2,Csv two,\"csvtwo\ntext on two lines\",2020-01-09,AP\n",
    );
    w.write(
        "c/f.tsv",
        "title\tbody\tdate\nTsv one\ttsvone \"text\"\t2020-01-10\n",
    );
    w.write("c/ignored.md", "not an article");
    let out = w.ingest(&["c"]);
    assert!(
        out.contains(
            "files: 6 seen, 0 skipped\ndocuments: 9 indexed, 0 unchanged, 0 duplicates, 0 removed; 0 records skipped\n"
        ),
        "{out}"
    );
    assert_eq!(total(&w), 9);
    let expect = [
        ("jsonlone", "2020-01-02", "Jl one"),
        ("jsonltwo", "2020-01-03", "Jl two"),
        ("ndjsonone", "2020-01-04", ""),
        ("jsonobject", "2020-01-05", ""),
        ("arrayone", "2020-01-06", ""),
        ("arraytwo", "2020-01-07", ""),
        ("csvone", "2020-01-08", "Csv one"),
        ("csvtwo", "2020-01-09", "Csv two"),
        ("tsvone", "2020-01-10", "Tsv one"),
    ];
    for (word, date, title) in expect {
        let h = hit(&w, word);
        assert_eq!(h["date"], date, "{word}");
        if !title.is_empty() {
            assert_eq!(h["title"], title, "{word}");
        }
    }
    let h = hit(&w, "jsonlone");
    assert_eq!(h["url"], "https://ex.org/1");
    assert_eq!(h["source"], "Reuters");
    assert_eq!(hit(&w, "jsonobject")["source"], "NewsAPI Outlet");
    // Titles are searchable; the source filter takes whole names, any case.
    assert_eq!(w.hits("title:\"csv two\"", &[]), vec!["e.csv"]);
    assert_eq!(
        sorted(w.hits("text", &["--source", "reuters"])),
        vec!["a.jsonl", "e.csv"]
    );
    assert_eq!(
        sorted(w.hits("text", &["--source", "AP", "--source", "bbc"])),
        vec!["a.jsonl", "b.ndjson", "e.csv"]
    );
    assert_eq!(w.search_json("text", &["--source", "nobody"])["total"], 0);
}

#[test]
fn every_format_gzip_and_zstd() {
    let w = Workdir::new();
    let inputs: [(&str, String); 5] = [
        ("txt", " date 2021-05-01 \nWORD plain text.\n".into()),
        (
            "jsonl",
            "{\"body\":\"WORD one\"}\n{\"body\":\"WORD two\"}\n".into(),
        ),
        (
            "json",
            "[{\"body\":\"WORD one\"},{\"body\":\"WORD two\"}]".into(),
        ),
        (
            "csv",
            "body,date\nWORD one,2021-05-01\nWORD two,2021-05-02\n".into(),
        ),
        ("tsv", "body\tdate\nWORD one\t2021-05-01\n".into()),
    ];
    let mut expected = 0;
    for (ext, text) in &inputs {
        let records = match *ext {
            "txt" | "tsv" => 1,
            _ => 2,
        };
        for comp in ["gz", "zst"] {
            let word = format!("{ext}{comp}word");
            let data = text.replace("WORD", &word);
            let bytes = if comp == "gz" {
                gz(data.as_bytes())
            } else {
                zst(data.as_bytes())
            };
            w.write(&format!("c/f.{ext}.{comp}"), bytes);
            expected += records;
            assert_eq!(w.ok(&["ingest", "-q", &format!("c/f.{ext}.{comp}")]), "");
            assert_eq!(w.search_json(&word, &[])["total"], records, "{ext}.{comp}");
        }
    }
    assert_eq!(total(&w), expected);
    // Walking the directory finds them all again, unchanged.
    let out = w.ingest(&["c"]);
    assert!(
        out.contains(&format!(
            "files: 10 seen, 0 skipped\ndocuments: 0 indexed, {expected} unchanged,"
        )),
        "{out}"
    );
}

#[test]
fn field_mapping() {
    let w = Workdir::new();
    w.write(
        "c/a.jsonl",
        "{\"maintext\":\"mapped body\",\"published_at_x\":\"2019-12-31\",\"text\":\"decoy\"}\n",
    );
    w.write(
        "c/b.csv",
        "maintext,published_at_x\nmapped csv,2019-12-30\n",
    );
    w.write("c/c.csv", "foo,bar\nno body here,2019-12-30\n");
    let (code, err) = w.err(&["ingest", "c", "--field", "body"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bad --field"), "{err}");
    let out = w.ok_stderr(&[
        "ingest",
        "c",
        "--field",
        "body=maintext",
        "--field",
        "date=Published_At_X",
    ]);
    assert!(out.contains("documents: 2 indexed,"), "{out}");
    assert!(
        out.contains("files: 3 seen, 1 skipped (bad record 1)\n"),
        "{out}"
    );
    assert!(
        out.contains("c.csv: skipped (bad record): no body column"),
        "{out}"
    );
    assert_eq!(w.search_json("decoy", &[])["total"], 0);
    assert_eq!(hit(&w, "body")["date"], "2019-12-31");
    assert_eq!(hit(&w, "csv")["date"], "2019-12-30");
}

#[test]
fn date_forms() {
    let w = Workdir::new();
    let forms = [
        ("isodate", "\"2019-12-31\"", Some("2019-12-31")),
        ("isodatetime", "\"2019-12-31T10:00:00\"", Some("2019-12-31")),
        (
            "rfcthreethreenine",
            "\"2019-12-31T23:30:00-05:00\"",
            Some("2020-01-01"),
        ),
        ("rfczulu", "\"2019-12-31T23:59:59Z\"", Some("2019-12-31")),
        (
            "rfcplus",
            "\"2020-01-01T00:30:00+01:00\"",
            Some("2019-12-31"),
        ),
        (
            "rfctwoeightytwo",
            "\"Tue, 31 Dec 2019 23:30:00 -0500\"",
            Some("2020-01-01"),
        ),
        ("longmonth", "\"December 31, 2019\"", Some("2019-12-31")),
        ("shortmonth", "\"Dec 31, 2019\"", Some("2019-12-31")),
        ("dayfirst", "\"31 December 2019\"", Some("2019-12-31")),
        ("slashed", "\"2019/12/31\"", Some("2019-12-31")),
        ("unixstring", "\"1577836799\"", Some("2019-12-31")),
        ("unixnumber", "1577836800", Some("2020-01-01")),
        ("ambiguous", "\"12/31/2019\"", None),
        ("nonsense", "\"last tuesday\"", None),
    ];
    let mut jsonl = String::new();
    for (word, date, _) in &forms {
        jsonl.push_str(&format!("{{\"body\":\"{word} story\",\"date\":{date}}}\n"));
    }
    w.write("c/dates.jsonl", jsonl);
    let out = w.ok_stderr(&["ingest", "c", "--report", "report.jsonl"]);
    assert!(out.contains("documents: 14 indexed,"), "{out}");
    assert!(
        out.contains("documents whose date was not understood (indexed without a date): 2"),
        "{out}"
    );
    assert!(
        out.contains("dates.jsonl:13: date \"12/31/2019\" not understood"),
        "{out}"
    );
    assert!(
        out.contains("dates.jsonl:14: date \"last tuesday\" not understood"),
        "{out}"
    );
    for (word, _, want) in &forms {
        let h = hit(&w, word);
        match want {
            Some(d) => assert_eq!(h["date"], *d, "{word}"),
            None => assert_eq!(h["date"], Value::Null, "{word}"),
        }
    }
    let report = std::fs::read_to_string(w.path().join("report.jsonl")).unwrap();
    let lines: Vec<Value> = report
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{report}");
    assert_eq!(lines[0]["reason"], "bad-date");
    assert_eq!(lines[0]["record"], 13);
    // Date filters see the UTC day.
    assert_eq!(
        sorted(w.hits("story", &["--since", "2020-01-01"])),
        vec!["dates.jsonl", "dates.jsonl", "dates.jsonl"]
    );
}

#[test]
fn paths_from_stdin_and_files_one_by_one() {
    let w = Workdir::new();
    w.write("c/a.txt", "alpha one");
    w.write("c/b.txt", "bravo two");
    w.write("c/notes.article", "charlie three");
    let out = w
        .cmd(&["ingest", "-"])
        .write_stdin("c/a.txt\n\nc/missing.txt\n")
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("files: 2 seen, 1 skipped (unreadable 1)\ndocuments: 1 indexed,"),
        "{err}"
    );
    assert!(err.contains("c/missing.txt: skipped (unreadable)"), "{err}");
    // A file given by name is read as text whatever its extension.
    let out = w.ingest(&["c/b.txt", "c/notes.article"]);
    assert!(
        out.contains("files: 2 seen, 0 skipped\ndocuments: 2 indexed,"),
        "{out}"
    );
    assert_eq!(total(&w), 3);
}

#[test]
fn text_output_shows_source_url_and_copies() {
    let w = Workdir::new();
    w.write(
        "c/a.jsonl",
        "{\"title\":\"Port\",\"body\":\"harbour news\",\"url\":\"https://ex.org/p\",\"source\":\"Reuters\"}\n",
    );
    w.write("c/b.txt", "Copied harbour text.");
    w.write("c/d/b.txt", "Copied harbour text.");
    w.ingest(&["c"]);
    let out = w.ok(&["search", "harbour", "--format", "text"]);
    assert!(out.contains("     source:   Reuters\n"), "{out}");
    assert!(out.contains("     url:      https://ex.org/p\n"), "{out}");
    assert!(out.contains("     copies:   2\n"), "{out}");
}

#[test]
fn a_date_header_without_text_is_skipped_as_empty() {
    let w = Workdir::new();
    w.write("c/h.txt", " date 2020-01-03 \n");
    w.write("c/ok.txt", " date 2020-01-03 \nThe harbour reopened.");
    w.write(
        "c/r.jsonl",
        "{\"body\":\"  \",\"date\":\"2020-01-03\"}\n{\"body\":\"text\"}\n",
    );
    let out = w.ingest(&["c"]);
    let dir = w.path().canonicalize().unwrap().join("c");
    assert!(
        out.contains(&format!(
            "newsidx: {}: skipped (empty): no text after the date header\n",
            dir.join("h.txt").display()
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "newsidx: {}:1: skipped (empty): the body is empty\n",
            dir.join("r.jsonl").display()
        )),
        "{out}"
    );
    assert!(
        out.contains(
            "files: 3 seen, 1 skipped (empty 1)\n\
             documents: 2 indexed, 0 unchanged, 0 duplicates, 0 removed; 1 record skipped (empty 1)\n"
        ),
        "{out}"
    );
    assert_eq!(
        w.ok(&["count", "--format", "jsonl"]).trim(),
        r#"{"articles":2}"#
    );
}

#[test]
fn many_bad_records_print_three_lines_per_file() {
    let w = Workdir::new();
    let mut text = String::from("{\"body\":\"good\"}\n");
    for _ in 0..10 {
        text.push_str("{broken\n");
    }
    w.write("c/bad.jsonl", &text);
    w.write("c/other.jsonl", "{broken\n{\"body\":\"fine\"}\n");
    let path = w.path().canonicalize().unwrap().join("c/bad.jsonl");
    let out = w.ingest(&["c"]);
    let bad_lines: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("skipped (bad record)"))
        .collect();
    assert_eq!(bad_lines.len(), 4, "{out}");
    for n in [2, 3, 4] {
        assert!(
            out.contains(&format!("newsidx: {}:{n}: skipped", path.display())),
            "{out}"
        );
    }
    assert!(
        out.contains(&format!(
            "newsidx: {}: 7 more skipped records not shown (see --report FILE for all)\n",
            path.display()
        )),
        "{out}"
    );
    assert_eq!(out.matches("not shown").count(), 1, "{out}");
    assert!(
        out.contains("; 11 records skipped (bad record 11)\n"),
        "{out}"
    );
    // With --report the line names the file, which has every skip.
    std::fs::remove_dir_all(w.path().join("index")).unwrap();
    let out = w.ingest(&["c", "--report", "r.jsonl"]);
    assert!(
        out.contains(&format!(
            "newsidx: {}: 7 more skipped records not shown (see r.jsonl for all)\n",
            path.display()
        )),
        "{out}"
    );
    let report = std::fs::read_to_string(w.path().join("r.jsonl")).unwrap();
    assert_eq!(report.lines().count(), 11);
}

#[test]
fn parse_numbers_records_and_reports_dates_like_ingest() {
    let w = Workdir::new();
    w.write(
        "c/r.jsonl",
        "{\"body\":\"first\",\"date\":\"2019-12-31\"}\n{\"body\":\"second\",\"date\":\"12/31/2019\"}\n",
    );
    w.write("c/a.txt", " date 2020-01-03 \nThe harbour reopened.");
    let out = w.cmd(&["parse", "c/r.jsonl", "c/a.txt"]).output().unwrap();
    assert!(out.status.success());
    let rows: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let records: Vec<&Value> = rows.iter().map(|r| &r["record"]).collect();
    assert_eq!(records, [&json!(null), &json!(1), &json!(2)]);
    assert_eq!(rows[1]["path"], "c/r.jsonl");
    let line = format!(
        "newsidx: {}:2: date \"12/31/2019\" not understood; indexed without a date\n",
        w.path().canonicalize().unwrap().join("c/r.jsonl").display()
    );
    assert_eq!(String::from_utf8(out.stderr).unwrap(), line);
    assert!(w.ingest(&["c"]).contains(&line));
}

#[test]
fn a_malformed_txt_date_header_is_counted_reported_and_removed() {
    let w = Workdir::new();
    w.write("c/feb30.txt", " date 1987-02-30 \nCocoa prices rose.\n");
    w.write("c/short.txt", " date 1987-3-1 \nSugar prices fell.\n");
    w.write("c/good.txt", " date 1987-03-01 \nCoffee was flat.\n");
    let out = w.ingest(&["c"]);
    let dir = w.path().canonicalize().unwrap().join("c");
    for (name, raw) in [("feb30.txt", "1987-02-30"), ("short.txt", "1987-3-1")] {
        let line = format!(
            "newsidx: {}: date \"{raw}\" not understood; indexed without a date\n",
            dir.join(name).display()
        );
        assert!(out.contains(&line), "{line}\n{out}");
    }
    assert!(out.contains("documents without a date: 2\n"), "{out}");
    assert!(
        out.contains("documents whose date was not understood (indexed without a date): 2\n"),
        "{out}"
    );
    // The header is not part of the body (nor searchable as words).
    let v: Value =
        serde_json::from_str(&w.ok(&["show", "c/feb30.txt", "--format", "json"])).unwrap();
    assert_eq!(v["body"], "Cocoa prices rose.\n");
    assert_eq!(v["date"], Value::Null);
    assert_eq!(w.search_json("1987", &[])["total"], 0);
    // `parse` says the same.
    let out = w.cmd(&["parse", "c/short.txt"]).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("date \"1987-3-1\" not understood"), "{err}");
    // The report has them (a fresh index, so that the files are read).
    w.ok(&["--index", "i2", "ingest", "c", "--report", "r.jsonl"]);
    let report = std::fs::read_to_string(w.path().join("r.jsonl")).unwrap();
    let mut reasons: Vec<String> = report
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            format!("{} {}", v["reason"], v["detail"])
        })
        .collect();
    reasons.sort();
    assert_eq!(
        reasons,
        [
            r#""bad-date" "date \"1987-02-30\" not understood; indexed without a date""#,
            r#""bad-date" "date \"1987-3-1\" not understood; indexed without a date""#,
        ]
    );
}

#[test]
fn a_headline_on_the_txt_header_line_is_the_title() {
    let w = Workdir::new();
    w.write(
        "c/r1.txt",
        " date 1987-04-01 SEIPP SAYS GERMAN INTEREST RATES SHOULD FALL\n\nBONN, April 1 - Rates should fall, Seipp said.\n",
    );
    w.write(
        "c/r2.txt",
        " date 1987-04-02 SAUDI OIL OUTPUT STEADY\n\nRIYADH, April 2 - Output was steady.\n",
    );
    // The seed format: a first paragraph on the date line is no headline.
    w.write(
        "c/seed.txt",
        " date 2019-12-31 Thousands of people gathered in the square.\n\nOil was not mentioned.\n",
    );
    w.ingest(&["c"]);
    assert_eq!(w.ok(&["count", "title:oil"]), "articles    1\n");
    assert_eq!(w.ok(&["count", "oil"]), "articles    2\n");
    assert_eq!(w.hits("title:oil", &[]), ["r2.txt"]);
    let v: Value = serde_json::from_str(&w.ok(&["show", "c/r1.txt", "--format", "json"])).unwrap();
    assert_eq!(v["title"], "SEIPP SAYS GERMAN INTEREST RATES SHOULD FALL");
    assert_eq!(v["date"], "1987-04-01");
    let v: Value =
        serde_json::from_str(&w.ok(&["show", "c/seed.txt", "--format", "json"])).unwrap();
    assert_eq!(v["title"], Value::Null);
    let parsed = w.ok(&["parse", "c/r2.txt"]);
    assert!(
        parsed.contains("\"title\":\"SAUDI OIL OUTPUT STEADY\""),
        "{parsed}"
    );
}

#[test]
fn lone_surrogate_escapes_are_read_as_replacement_characters_and_counted() {
    let w = Workdir::new();
    // A tweet cut inside an emoji: the high half of U+1F600 only.
    w.write(
        "c/tweets.jsonl",
        concat!(
            r#"{"date":"2024-01-02","body":"Harbour opens today \ud83d"}"#,
            "\n",
            r#"{"date":"2024-01-03","body":"Harbour party \ud83d\ude00 tonight"}"#,
            "\n",
            r#"{"date":"2024-01-04","body":"Harbour closed \ude00 and \\ud83d as text"}"#,
            "\n",
        ),
    );
    w.write(
        "c/array.json",
        r#"[{"body":"Ferry one"},{"body":"Ferry two \udbff"},{"body":"Ferry three"}]"#,
    );
    w.write(
        "c/wrapped.json",
        r#"{"status":"ok","articles":[{"content":"Bridge A"},{"content":"Bridge B \ud800!"}]}"#,
    );
    let out = w.ingest(&["c"]);
    assert!(out.contains("0 records skipped"), "{out}");
    assert!(
        out.contains("documents with lone UTF-16 surrogate escapes (read as U+FFFD): 4\n"),
        "{out}"
    );
    assert_eq!(w.search_json("harbour", &[])["total"], 3);
    let bodies: Vec<String> = w
        .ok(&["export", "--fields", "body", "--sort", "date"])
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["body"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    for want in [
        "Harbour opens today \u{fffd}",
        "Harbour party \u{1f600} tonight",
        "Harbour closed \u{fffd} and \\ud83d as text",
        "Ferry two \u{fffd}",
        "Bridge B \u{fffd}!",
    ] {
        assert!(bodies.iter().any(|b| b == want), "{want:?} in {bodies:?}");
    }
}

#[test]
fn record_numbers_appear_in_every_output_and_show_takes_file_colon_record() {
    let w = Workdir::new();
    w.write(
        "c/feed.jsonl",
        concat!(
            r#"{"date":"2024-01-02","body":"The mayor spoke."}"#,
            "\n\n",
            r#"{"date":"2024-01-03","body":"\"The harbour reopens,\" said Jane Doe."}"#,
            "\n",
        ),
    );
    w.write(
        "c/rows.csv",
        "date,body\n2024-01-04,Nothing here\n2024-01-05,A harbour strike\n",
    );
    w.write("c/one.txt", " date 2024-01-06 \nThe harbour is quiet.\n");
    w.ingest(&["c"]);
    // search: JSON, JSON lines, CSV, text.
    let v = w.search_json("harbour", &["--sort", "date"]);
    let records: Vec<Value> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["record"].clone())
        .collect();
    assert_eq!(records, [json!(3), json!(3), Value::Null]);
    let csv = w.ok(&["search", "harbour", "--sort", "date", "--format", "csv"]);
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let cells: Vec<(String, &str)> = rows
        .iter()
        .map(|r| (crate::util::file_name(&r[3]), r[4].as_str()))
        .collect();
    assert_eq!(
        cells,
        [
            ("feed.jsonl".to_string(), "3"),
            ("rows.csv".to_string(), "3"),
            ("one.txt".to_string(), "")
        ]
    );
    let text = w.ok(&["search", "harbour", "--sort", "date"]);
    for place in ["c/feed.jsonl:3\n", "c/rows.csv:3\n", "c/one.txt\n"] {
        assert!(text.contains(place), "{place}\n{text}");
    }
    // quotes, kwic, export.
    let q: Value = serde_json::from_str(&w.ok(&["quotes", "harbour", "--format", "json"])).unwrap();
    assert_eq!(q["quotes"][0]["record"], 3);
    assert!(w.ok(&["quotes", "harbour"]).contains("c/feed.jsonl:3"));
    let k = w.ok(&["kwic", "harbour", "--format", "jsonl"]);
    let krec: Vec<Value> = k
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["record"].clone())
        .collect();
    assert_eq!(krec, [json!(3), json!(3), Value::Null]);
    assert!(w.ok(&["kwic", "harbour"]).contains("c/rows.csv:3  "));
    let e = w.ok(&[
        "export",
        "--fields",
        "record,date",
        "--sort",
        "date",
        "--format",
        "csv",
    ]);
    assert_eq!(
        e,
        "record,date\n1,2024-01-02\n3,2024-01-03\n2,2024-01-04\n3,2024-01-05\n,2024-01-06\n"
    );
    // show FILE:RECORD, in text and JSON.
    let v: Value =
        serde_json::from_str(&w.ok(&["show", "c/feed.jsonl:3", "--format", "json"])).unwrap();
    assert_eq!(v["record"], 3);
    assert_eq!(v["date"], "2024-01-03");
    let t = w.ok(&["show", "c/rows.csv:2"]);
    assert!(t.contains("path:      c/rows.csv:2\n"), "{t}");
    assert!(t.ends_with("Nothing here\n"), "{t}");
    let (code, err) = w.err(&["show", "c/feed.jsonl:2"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with("newsidx: no record 2 of \"c/feed.jsonl\" in index"),
        "{err}"
    );
    let (code, err) = w.err(&["show", "c/feed.jsonl"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("or as c/feed.jsonl:RECORD"), "{err}");
}

#[test]
fn a_bad_element_of_a_wrapped_array_skips_only_itself() {
    let w = Workdir::new();
    w.write(
        "n.json",
        r#"{"status":"ok","articles":[{"title":"T1","content":"Harbour one"},5,{"content":"Harbour two"}]}"#,
    );
    let out = w.ingest(&["n.json"]);
    assert!(
        out.contains("n.json:2: skipped (bad record): array element 2 is not a JSON object"),
        "{out}"
    );
    assert!(out.contains("documents: 2 indexed"), "{out}");
    assert_eq!(w.search_json("harbour", &[])["total"], 2);
}

//! Research commands (`count`, `timeline`, `top`, `kwic`, `export`, `show`,
//! `stats`) on a fixture corpus: 15 articles from January to May 2024
//! (March empty), three handles, three speakers, two topics ("bridge" and
//! "trade deficit").

use crate::util::{Workdir, file_name};
use serde_json::{Value, json};

/// (file, date, text). Quotations end their article so that the naive
/// attribution (`"…," said NAME.`) reads the speaker exactly.
const ARTICLES: &[(&str, &str, &str)] = &[
    (
        "a01",
        "2024-01-03",
        r#"The city council approved the new river bridge on Monday, @CityDesk reported. "The bridge will open next year," said Jane Doe."#,
    ),
    (
        "a02",
        "2024-01-10",
        r#"Traffic on the old bridge doubled, according to @citydesk. "We need the bridges now," said Mark Lee."#,
    ),
    (
        "a03",
        "2024-01-22",
        r#"The trade deficit widened in January, @EconWatch reported. "The trade deficit is a worry," said Ana Ruiz."#,
    ),
    (
        "a04",
        "2024-01-29",
        r#"Harbor workers went on strike at the port. "The port must stay open," said Jane Doe."#,
    ),
    (
        "a05",
        "2024-02-02",
        r#"Engineers inspected the bridge cables, @CityDesk reported. "The cables are safe," said Mark Lee."#,
    ),
    (
        "a06",
        "2024-02-14",
        r#"Exports fell and the trade deficit grew again, @EconWatch reported. "Exports will recover," said Ana Ruiz."#,
    ),
    (
        "a07",
        "2024-02-20",
        r#"The harbor reopened after the strike, @PortNews reported. "Work resumes today," said Jane Doe."#,
    ),
    (
        "a08",
        "2024-02-27",
        r#"A storm closed the bridge for a day and drivers used the ferry, @CityDesk reported."#,
    ),
    (
        "a09",
        "2024-04-04",
        r#"The trade deficit narrowed in March, @EconWatch reported. "A good sign for exports," said Ana Ruiz."#,
    ),
    (
        "a10",
        "2024-04-11",
        r#"The council debated bridge tolls, @CityDesk reported. "Tolls on the bridge are unfair," said Mark Lee. "We will review the tolls," said Jane Doe."#,
    ),
    (
        "a11",
        "2024-04-18",
        r#"The port expanded its container terminal, @PortNews reported. "The port is growing," said Jane Doe."#,
    ),
    (
        "a12",
        "2024-04-25",
        r#"Ferry services resumed on the river, @PortNews reported."#,
    ),
    (
        "a13",
        "2024-05-02",
        r#"The bridge opened to traffic, @CityDesk and @EconWatch reported. "The bridge is finally open," said Jane Doe."#,
    ),
    (
        "a14",
        "2024-05-09",
        r#"Analysts expect the trade deficit to shrink. "Trade is improving," said Ana Ruiz."#,
    ),
    (
        "a15",
        "2024-05-16",
        r#"Harbor fees rose at the port, @PortNews reported. "Fees pay for the bridge repairs," said Mark Lee."#,
    ),
];

/// A workdir with the fixture corpus in `corpus/` ingested into `./index`.
fn corpus() -> Workdir {
    let w = Workdir::new();
    for (name, date, text) in ARTICLES {
        w.write(
            &format!("corpus/{name}.txt"),
            format!(" date {date} {text}\n"),
        );
    }
    w.ingest(&["corpus"]);
    w
}

fn json_of(w: &Workdir, args: &[&str]) -> Value {
    serde_json::from_str(&w.ok(args)).unwrap()
}

/// (value, articles) pairs of a `top … --format json` result.
fn top_pairs(v: &Value) -> Vec<(String, u64)> {
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
fn count_articles_and_quotations() {
    let w = corpus();
    assert_eq!(w.ok(&["count", "bridge"]), "articles    7\n");
    assert_eq!(
        w.ok(&["count", "bridge", "--quotes"]),
        "articles    7\nquotations  5\n"
    );
    // Quotations whose text contains "trade": a03 and a14, not a06/a09.
    assert_eq!(
        json_of(&w, &["count", "trade", "--quotes", "--format", "json"]),
        json!({"articles": 4, "quotations": 2})
    );
    // No query: every article; --speaker selects articles and quotations.
    assert_eq!(
        json_of(
            &w,
            &[
                "count",
                "--quotes",
                "--speaker",
                "jane doe",
                "--format",
                "json"
            ]
        ),
        json!({"articles": 6, "quotations": 6})
    );
    // a10 quotes Mark Lee and Jane Doe: only Mark Lee's quotation mentions the bridge.
    assert_eq!(
        json_of(
            &w,
            &[
                "count",
                "bridge",
                "--quotes",
                "--speaker",
                "lee",
                "--format",
                "json"
            ]
        ),
        json!({"articles": 4, "quotations": 3})
    );
    assert_eq!(w.ok(&["count", "*", "--format", "csv"]), "articles\n15\n");
    assert_eq!(
        w.ok(&[
            "count", "bridge", "--since", "2024-04", "--format", "csv", "--quotes"
        ]),
        "articles,quotations\n3,3\n"
    );
}

#[test]
fn timeline_by_month_includes_the_empty_month() {
    let w = corpus();
    let bar = |n: usize| "█".repeat(n);
    assert_eq!(
        w.ok(&["timeline", "bridge", "--by", "month"]),
        format!(
            "month    articles\n\
             2024-01         2  {}\n\
             2024-02         2  {}\n\
             2024-03         0\n\
             2024-04         1  {}\n\
             2024-05         2  {}\n",
            bar(40),
            bar(40),
            bar(20),
            bar(40)
        )
    );
    let v = json_of(
        &w,
        &["timeline", "bridge", "--normalize", "--format", "json"],
    );
    let rows: Vec<(String, u64, u64, f64)> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["period"].as_str().unwrap().to_string(),
                r["articles"].as_u64().unwrap(),
                r["total"].as_u64().unwrap(),
                r["share"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("2024-01".into(), 2, 4, 0.5),
            ("2024-02".into(), 2, 4, 0.5),
            ("2024-03".into(), 0, 0, 0.0),
            ("2024-04".into(), 1, 4, 0.25),
            ("2024-05".into(), 2, 3, 2.0 / 3.0),
        ]
    );
    assert_eq!(v["matched"], 7);
    assert_eq!(v["undated"], 0);
    // --since/--until extend the range with empty periods.
    assert_eq!(
        w.ok(&[
            "timeline", "harbor", "--by", "year", "--since", "2023", "--format", "csv"
        ]),
        "period,start,end,articles\n2023,2023-01-01,2023-12-31,0\n2024,2024-01-01,2024-12-31,3\n"
    );
    let weeks = w.ok(&[
        "timeline",
        "\"trade deficit\"",
        "--by",
        "week",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = weeks.lines().collect();
    assert_eq!(lines[0], "period,start,end,articles");
    assert_eq!(lines[1], "2024-W04,2024-01-22,2024-01-28,1");
    assert_eq!(lines[2], "2024-W05,2024-01-29,2024-02-04,0");
    assert_eq!(*lines.last().unwrap(), "2024-W19,2024-05-06,2024-05-12,1");
    assert_eq!(lines.len(), 1 + 16);
    assert_eq!(
        w.ok(&["timeline", "nomatch"]),
        "month  articles\n(no matching articles)\n"
    );
    let days = w.ok(&["timeline", "ferry", "--by", "day", "--format", "jsonl"]);
    assert_eq!(days.lines().count(), 59); // 2024-02-27 ..= 2024-04-25
}

#[test]
fn top_handles_and_speakers() {
    let w = corpus();
    // "citydesk" (a02) and "CityDesk" are merged, shown in the frequent spelling.
    assert_eq!(
        w.ok(&["top", "handles"]),
        "rank  articles  handle\n   1         6  CityDesk\n   2         4  EconWatch\n   3         4  PortNews\n"
    );
    let v = json_of(&w, &["top", "speakers", "bridge", "--format", "json"]);
    assert_eq!(
        top_pairs(&v),
        vec![("Mark Lee".into(), 4), ("Jane Doe".into(), 3)]
    );
    assert_eq!(v["matched"], 7);
    assert_eq!(
        w.ok(&["top", "speakers", "--limit", "2", "--format", "csv"]),
        "rank,value,articles\n1,Jane Doe,6\n2,Ana Ruiz,4\n"
    );
    let v = json_of(&w, &["top", "handles", "port", "--format", "json"]);
    assert_eq!(top_pairs(&v), vec![("PortNews".into(), 2)]);
    let v = json_of(
        &w,
        &[
            "top",
            "handles",
            "--handle",
            "econwatch",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        top_pairs(&v),
        vec![("EconWatch".into(), 4), ("CityDesk".into(), 1)]
    );
}

#[test]
fn top_terms_by_log_likelihood() {
    let w = corpus();
    let out = w.ok(&[
        "top",
        "terms",
        "\"trade deficit\"",
        "--limit",
        "6",
        "--format",
        "csv",
    ]);
    assert_eq!(
        out,
        "rank,value,articles,corpus_articles,score\n\
         1,ana,4,4,17.397\n\
         2,deficit,4,4,17.397\n\
         3,ruiz,4,4,17.397\n\
         4,trade,4,4,17.397\n\
         5,exports,2,2,6.235\n\
         6,econwatch,3,4,6.197\n"
    );
    let v = json_of(&w, &["top", "terms", "bridge", "--format", "json"]);
    let words: Vec<String> = top_pairs(&v).into_iter().map(|(w, _)| w).collect();
    assert_eq!(words[..2], ["bridge", "citydesk"]);
    assert!(
        !words.iter().any(|w| w == "the" || w == "said"),
        "{words:?}"
    );
}

#[test]
fn kwic_lines_are_aligned_on_the_match() {
    let w = corpus();
    assert_eq!(
        w.ok(&["kwic", "bridge", "--width", "20", "--until", "2024-01"]),
        "2024-01-03  corpus/a01.txt  roved the new river bridge on Monday, @CityDes\n\
         2024-01-03  corpus/a01.txt  Desk reported. \"The bridge will open next year\n\
         2024-01-10  corpus/a02.txt   Traffic on the old bridge doubled, according\n\
         2024-01-10  corpus/a02.txt  ydesk. \"We need the bridges now,\" said Mark Lee\n"
    );
    // Phrases are one match; sorted by the left context, nearest word first.
    assert_eq!(
        w.ok(&[
            "kwic",
            "\"trade deficit\"",
            "--width",
            "12",
            "--sort",
            "left"
        ]),
        "2024-01-22  corpus/a03.txt          The trade deficit widened in\n\
         2024-04-04  corpus/a09.txt          The trade deficit narrowed in\n\
         2024-02-14  corpus/a06.txt  ell and the trade deficit grew again,\n\
         2024-05-09  corpus/a14.txt   expect the trade deficit to shrink.\n\
         2024-01-22  corpus/a03.txt  orted. \"The trade deficit is a worry,\n"
    );
    let csv = w.ok(&[
        "kwic", "bridge", "--sort", "right", "--limit", "2", "--width", "10", "--format", "csv",
    ]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "date,path,record,key,left,match,right,offset");
    assert!(rows[1].starts_with("2024-04-11,"), "{csv}");
    assert!(
        rows[1].ends_with(",ls on the ,bridge, are unfai,68"),
        "{csv}"
    );
    assert!(
        rows[2].ends_with(",ected the ,bridge,\" cables, @\",24"),
        "{csv}"
    );
    let v = json_of(&w, &["kwic", "bridge", "--format", "json"]);
    assert_eq!(v["total"], 11);
    assert_eq!(v["lines"].as_array().unwrap().len(), 11);
    // In date order the limit stops the reading, so not all are counted.
    let v = json_of(&w, &["kwic", "bridge", "--limit", "1", "--format", "json"]);
    assert_eq!(v["total"], serde_json::Value::Null);
    assert_eq!(v["lines"].as_array().unwrap().len(), 1);
    assert_eq!(v["lines"][0]["match"], "bridge");
    let v = json_of(
        &w,
        &[
            "kwic", "bridge", "--limit", "1", "--sort", "left", "--format", "json",
        ],
    );
    assert_eq!(v["total"], 11);
}

/// Export rows with the workdir prefix removed from paths, sorted.
fn export_rows(w: &Workdir, args: &[&str]) -> Vec<String> {
    let prefix = format!("{}/", w.path().canonicalize().unwrap().display());
    let mut rows: Vec<String> = w.ok(args).lines().map(|l| l.replace(&prefix, "")).collect();
    rows.sort();
    rows
}

#[test]
fn export_streams_every_matching_document() {
    let w = corpus();
    assert_eq!(
        export_rows(
            &w,
            &[
                "export",
                "bridge",
                "--format",
                "csv",
                "--fields",
                "date,path,handles,speakers"
            ]
        ),
        [
            "2024-01-03,corpus/a01.txt,CityDesk,Jane Doe",
            "2024-01-10,corpus/a02.txt,citydesk,Mark Lee",
            "2024-02-02,corpus/a05.txt,CityDesk,Mark Lee",
            "2024-02-27,corpus/a08.txt,CityDesk,",
            "2024-04-11,corpus/a10.txt,CityDesk,Mark Lee; Jane Doe",
            "2024-05-02,corpus/a13.txt,CityDesk; EconWatch,Jane Doe",
            "2024-05-16,corpus/a15.txt,PortNews,Mark Lee",
            "date,path,handles,speakers",
        ]
    );
    assert_eq!(
        export_rows(&w, &["export", "harbor", "--fields", "date,quotes"]),
        [
            r#"{"date":"2024-01-29","quotes":[{"end":68,"speaker":"Jane Doe","start":44,"text":"The port must stay open,"}]}"#,
            r#"{"date":"2024-02-20","quotes":[{"end":78,"speaker":"Jane Doe","start":59,"text":"Work resumes today,"}]}"#,
            r#"{"date":"2024-05-16","quotes":[{"end":83,"speaker":"Mark Lee","start":51,"text":"Fees pay for the bridge repairs,"}]}"#,
        ]
    );
    // --sort date: oldest first, no sorting needed.
    let prefix = format!("{}/", w.path().canonicalize().unwrap().display());
    assert_eq!(
        w.ok(&[
            "export",
            "port",
            "--sort",
            "date",
            "--format",
            "csv",
            "--fields",
            "date,path,speakers"
        ])
        .replace(&prefix, ""),
        "date,path,speakers\n\
         2024-01-29,corpus/a04.txt,Jane Doe\n\
         2024-04-18,corpus/a11.txt,Jane Doe\n\
         2024-05-16,corpus/a15.txt,Mark Lee\n"
    );
    // All documents, every field, as a JSON array.
    let all = json_of(&w, &["export", "--format", "json"]);
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 15);
    let a12 = all
        .iter()
        .find(|d| file_name(d["path"].as_str().unwrap()) == "a12.txt")
        .unwrap();
    let keys: Vec<&str> = a12
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(keys.len(), 12);
    assert_eq!(a12["record"], Value::Null);
    assert_eq!(
        a12["body"],
        "Ferry services resumed on the river, @PortNews reported.\n"
    );
    assert_eq!(a12["quotes"], json!([]));
    assert_eq!(w.ok(&["export", "nomatch", "--format", "json"]), "[]\n");
    assert_eq!(
        w.ok(&["export", "nomatch", "--format", "csv", "--fields", "key"]),
        "key\n"
    );
}

#[test]
fn show_prints_one_document_in_full() {
    let w = corpus();
    let expected = "path:      corpus/a10.txt\n\
        date:      2024-04-11\n\
        handles:   CityDesk\n\
        speakers:  Mark Lee, Jane Doe\n\
        quotes:    2\n  \
        Mark Lee: “Tolls on the bridge are unfair,”\n  \
        Jane Doe: “We will review the tolls,”\n\
        tweets:    0\n\
        \n\
        The council debated bridge tolls, @CityDesk reported. \"Tolls on the bridge are unfair,\" said Mark Lee. \"We will review the tolls,\" said Jane Doe.\n";
    let by_path = w.ok(&["show", "corpus/a10.txt"]);
    let (first, rest) = by_path.split_once('\n').unwrap();
    assert!(first.starts_with("key:       "), "{by_path}");
    assert_eq!(rest, expected);
    let key = first.trim_start_matches("key:").trim();
    assert_eq!(w.ok(&["show", key]), by_path);
    let v = json_of(&w, &["show", key, "--format", "json"]);
    assert_eq!(v["speakers"], json!(["Mark Lee", "Jane Doe"]));
    assert_eq!(v["quotes"][1]["speaker"], "Jane Doe");
    let (code, err) = w.err(&["show", "nope"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no document with key or path \"nope\""),
        "{err}"
    );
}

#[test]
fn stats_summarise_the_index() {
    let w = corpus();
    let v = json_of(&w, &["stats", "--format", "json", "--limit", "2"]);
    assert_eq!(v["documents"], 15);
    assert_eq!(v["undated"], 0);
    assert_eq!(v["first_date"], "2024-01-03");
    assert_eq!(v["last_date"], "2024-05-16");
    assert_eq!(v["years"], json!([{"year": 2024, "articles": 15}]));
    assert!(v["segments"].as_u64().unwrap() >= 1);
    assert!(v["size_bytes"].as_u64().unwrap() > 0);
    let names = |k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|r| r["value"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names("top_speakers"), ["Jane Doe", "Ana Ruiz"]);
    assert_eq!(names("top_handles"), ["CityDesk", "EconWatch"]);
    let text = w.ok(&["stats"]);
    assert!(
        text.contains("dates:      2024-01-03 .. 2024-05-16\n"),
        "{text}"
    );
    assert!(
        text.contains("\nyear  articles\n2024        15\n"),
        "{text}"
    );
}

#[test]
fn undated_articles_are_counted_apart() {
    let w = Workdir::new();
    w.write("c/a.txt", " date 2024-01-05 The bridge opened.\n");
    w.write("c/b.txt", "A bridge without a date header.\n");
    w.ingest(&["c"]);
    assert_eq!(
        w.ok(&["timeline", "bridge"]),
        "month    articles\n2024-01         1  ████████████████████████████████████████\n(1 matching article without a date not shown)\n"
    );
    assert_eq!(json_of(&w, &["stats", "--format", "json"])["undated"], 1);
}

#[test]
fn research_errors_are_one_line_usage_errors() {
    let w = corpus();
    for (args, msg) in [
        (
            &["top", "handles", "--limit", "0"][..],
            "--limit must be at least 1",
        ),
        (
            &["export", "--fields", "date,bogus"][..],
            "unknown field \"bogus\"",
        ),
        (&["kwic", "speaker:doe"][..], "no word or phrase to find"),
        (
            &["kwic", "bridge", "--width", "0"][..],
            "--width must be from 1 to 1000 characters (got 0)",
        ),
        (
            &["timeline", "--by", "day", "--since", "1000"][..],
            "more than 100000 periods",
        ),
        (&["count", "--since", "2024-13"][..], "YYYY-MM-DD"),
    ] {
        let (code, err) = w.err(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(msg), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
    let (code, err) = Workdir::new().err(&["count", "x"]);
    assert_eq!(code, 1);
    assert!(err.contains("no index"), "{err}");
}

#[test]
fn every_research_command_has_an_example_in_help() {
    let w = Workdir::new();
    for cmd in [
        "count", "timeline", "top", "kwic", "export", "show", "stats",
    ] {
        let help = w.ok(&[cmd, "--help"]);
        assert!(
            help.contains(&format!("Examples:\n  newsidx {cmd}")),
            "{cmd}:\n{help}"
        );
    }
    assert!(w.ok(&["top", "--help"]).contains("log-likelihood"));
}

#[test]
fn kwic_limit_keeps_the_first_lines_of_each_order() {
    let w = Workdir::new();
    // One long article with 3,000 matches and two short ones around it.
    let mut long = String::from(" date 2024-02-01 \n");
    for i in 0..3000 {
        long.push_str(&format!("Clause {i} names Baker and the harbour. "));
    }
    w.write("c/long.txt", &long);
    w.write("c/early.txt", " date 2024-01-01 \nBaker spoke first.\n");
    w.write("c/late.txt", " date 2024-03-01 \nAnd Baker spoke last.\n");
    w.ingest(&["c"]);
    for sort in ["date", "left", "right"] {
        let all = w.ok(&["kwic", "baker", "--sort", sort, "--format", "jsonl"]);
        assert_eq!(all.lines().count(), 3002, "{sort}");
        for n in ["1", "2", "5"] {
            let some = w.ok(&[
                "kwic", "baker", "--sort", sort, "--limit", n, "--format", "jsonl",
            ]);
            let want: Vec<&str> = all.lines().take(n.parse().unwrap()).collect();
            assert_eq!(some.lines().collect::<Vec<_>>(), want, "{sort} {n}");
        }
    }
    let v = json_of(&w, &["kwic", "baker", "--limit", "2", "--format", "json"]);
    assert_eq!(v["total"], serde_json::Value::Null);
    let lines: Vec<(String, u64)> = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let path = crate::util::file_name(l["path"].as_str().unwrap());
            (path, l["offset"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(
        lines,
        [("early.txt".to_string(), 0), ("long.txt".to_string(), 15)]
    );
    let v = json_of(
        &w,
        &[
            "kwic", "baker", "--limit", "2", "--sort", "right", "--format", "json",
        ],
    );
    assert_eq!(v["total"], 3002);
}

/// File names of `kwic QUERY --sort SORT` lines, in order.
fn kwic_order(w: &Workdir, query: &str, sort: &str) -> Vec<String> {
    w.ok(&["kwic", query, "--sort", sort, "--format", "jsonl"])
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            file_name(v["path"].as_str().unwrap())
        })
        .collect()
}

#[test]
fn kwic_sorts_by_words_not_punctuation() {
    let w = Workdir::new();
    w.write(
        "k/a.txt",
        " date 2024-01-01 \nAlpha said: (the) harbour, closed.",
    );
    w.write(
        "k/b.txt",
        " date 2024-01-02 \nBeta and the harbour reopened.",
    );
    w.write("k/c.txt", " date 2024-01-03 \nGamma, a harbour \"town\".");
    w.write("k/e.txt", " date 2023-12-31 \nBeta AND THE harbour again.");
    w.ingest(&["k"]);
    // Left: "a" < "the"; then "and" < "said"; b and e tie on every word
    // (case ignored): the older first.
    assert_eq!(
        kwic_order(&w, "harbour", "left"),
        ["c.txt", "e.txt", "b.txt", "a.txt"]
    );
    // Right: the words after the match, punctuation ignored.
    assert_eq!(
        kwic_order(&w, "harbour", "right"),
        ["e.txt", "a.txt", "b.txt", "c.txt"]
    );
}

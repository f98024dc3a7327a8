//! `newsidx search`: ranking, filters, formats, errors, and the field cases
//! of query parsing and text normalisation (F01–F10, F22–F24 in
//! `shared/field-cases.md`).

use crate::util::{Workdir, sorted};

const SEED: &str = include_str!("../seeds/000_fbf6acf740d45b26.txt");

fn seeded() -> Workdir {
    let w = Workdir::new();
    w.write("seeds/seed.txt", SEED);
    w.ingest(&["seeds"]);
    w
}

/// A workdir with `files` (name, text) ingested from `docs/`.
fn corpus(files: &[(&str, &str)]) -> Workdir {
    let w = Workdir::new();
    for (name, text) in files {
        w.write(&format!("docs/{name}"), text);
    }
    w.ingest(&["docs"]);
    w
}

fn v(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn seed_is_top_hit_with_date_and_handles() {
    let w = seeded();
    let v = w.search_json("embassy Baghdad", &[]);
    assert_eq!(v["total"], 1);
    let hit = &v["hits"][0];
    assert_eq!(hit["date"], "2019-12-31");
    assert_eq!(
        hit["handles"],
        serde_json::json!(["Mustafa_salimb", "NewsBreaking", "realDonaldTrump"])
    );
    assert_eq!(hit["rank"], 1);
}

#[test]
fn handle_filter_any_case_with_or_without_at() {
    let w = seeded();
    assert_eq!(
        w.hits("embassy", &["--handle", "realdonaldtrump"]),
        v(&["seed.txt"])
    );
    assert_eq!(
        w.hits("embassy", &["--handle", "@RealDonaldTrump"]),
        v(&["seed.txt"])
    );
    assert_eq!(w.hits("handle:NEWSBREAKING", &[]), v(&["seed.txt"]));
    let none = w.search_json("embassy", &["--handle", "nobody"]);
    assert_eq!(none["total"], 0);
    assert_eq!(none["hits"], serde_json::json!([]));
}

#[test]
fn since_after_the_seed_returns_nothing_with_exit_0() {
    let w = seeded();
    assert_eq!(w.search_json("embassy", &["--since", "2020"])["total"], 0);
    assert_eq!(w.hits("embassy", &["--until", "2019-12"]), v(&["seed.txt"]));
    assert_eq!(
        w.hits(
            "embassy",
            &["--since", "2019-12-31", "--until", "2019-12-31"]
        ),
        v(&["seed.txt"])
    );
}

#[test]
fn stemming_and_ascii_folding() {
    let w = corpus(&[
        (
            "a.txt",
            " date 2024-01-01 \nThe embassies closed. We met at the café.",
        ),
        ("b.txt", " date 2024-01-02 \nNothing to see here."),
    ]);
    assert_eq!(w.hits("embassy", &[]), v(&["a.txt"]));
    assert_eq!(w.hits("cafe", &[]), v(&["a.txt"]));
    assert_eq!(w.hits("CAFÉ", &[]), v(&["a.txt"]));
}

#[test]
fn speaker_filter_and_field() {
    let w = seeded();
    assert_eq!(w.hits("iran", &["--speaker", "trump"]), v(&["seed.txt"]));
    assert_eq!(w.hits("speaker:trump", &[]), v(&["seed.txt"]));
    assert_eq!(w.search_json("iran", &["--speaker", "obama"])["total"], 0);
}

#[test]
fn quote_field_searches_quotations_only() {
    let w = corpus(&[(
        "q.txt",
        " date 2024-01-01 \n\"The harbour will reopen,\" said Ana Ruiz. Storms hit the coast.",
    )]);
    assert_eq!(w.hits("quote:harbour", &[]), v(&["q.txt"]));
    assert_eq!(w.search_json("quote:storms", &[])["total"], 0);
    assert_eq!(w.hits("storms", &[]), v(&["q.txt"]));
}

#[test]
fn sort_offset_limit_and_total() {
    let w = corpus(&[
        ("old.txt", " date 2020-01-01 \nport news"),
        ("mid.txt", " date 2021-01-01 \nport news port"),
        ("new.txt", " date 2022-01-01 \nport"),
    ]);
    assert_eq!(
        w.hits("port", &["--sort", "date"]),
        v(&["old.txt", "mid.txt", "new.txt"])
    );
    assert_eq!(
        w.hits("port", &["--sort", "-date"]),
        v(&["new.txt", "mid.txt", "old.txt"])
    );
    let page: serde_json::Value = serde_json::from_str(&w.ok(&[
        "search", "port", "--format", "json", "--sort", "date", "--offset", "1", "--limit", "1",
    ]))
    .unwrap();
    assert_eq!(page["total"], 3);
    assert_eq!(page["hits"][0]["rank"], 2);
    assert_eq!(
        crate::util::file_name(page["hits"][0]["path"].as_str().unwrap()),
        "mid.txt"
    );
}

#[test]
fn formats_jsonl_csv_text() {
    let w = seeded();
    let jsonl = w.ok(&["search", "embassy", "--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["date"], "2019-12-31");
    let csv = w.ok(&["search", "embassy", "--format", "csv"]);
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        rows.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "rank", "score", "date", "path", "record", "title", "handles", "speakers", "snippet"
        ]
    );
    let row = rows.records().next().unwrap().unwrap();
    assert_eq!(&row[2], "2019-12-31");
    assert_eq!(&row[4], "");
    assert_eq!(&row[6], "Mustafa_salimb; NewsBreaking; realDonaldTrump");
    let text = w.ok(&["search", "embassy"]);
    assert!(text.starts_with("1 hit, showing 1-1\n"), "{text}");
    assert!(text.contains("2019-12-31  seeds/seed.txt"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "no colour when not a terminal: {text}"
    );
}

// F01: apostrophes in queries.
#[test]
fn f01_apostrophe_in_query() {
    let w = corpus(&[(
        "a1.txt",
        " date 2024-05-02 \nThe minister's budget was published on Monday, officials confirmed.",
    )]);
    assert_eq!(w.hits("minister's budget", &[]), v(&["a1.txt"]));
    assert_eq!(w.hits("minister\u{2019}s budget", &[]), v(&["a1.txt"]));
    assert_eq!(w.search_json("don't", &[])["total"], 0);
    assert_eq!(w.hits("'budget", &[]), v(&["a1.txt"]));
}

// F02: colons and URLs in queries.
#[test]
fn f02_colon_and_url_in_query() {
    let w = corpus(&[(
        "k1.txt",
        " date 2024-06-11 \nUpdate: the port reopened at 6 a.m., according to https://example.org/port-notice.",
    )]);
    assert_eq!(w.hits("Update: port", &[]), v(&["k1.txt"]));
    assert_eq!(
        w.hits("https://example.org/port-notice", &[]),
        v(&["k1.txt"])
    );
    assert_eq!(w.search_json("deadline:", &[])["total"], 0);
    assert_eq!(w.hits("port notice:", &[]), v(&["k1.txt"]));
}

// F03: hyphenated words and a leading minus.
#[test]
fn f03_hyphens_and_exclusion() {
    let w = corpus(&[
        (
            "b1.txt",
            " date 2024-03-01 \nThe state-run broadcaster aired the debate.",
        ),
        (
            "b2.txt",
            " date 2024-03-01 \nThe state said the run was cancelled.",
        ),
        (
            "b3.txt",
            " date 2024-03-01 \nThe state budget was approved.",
        ),
    ]);
    assert_eq!(w.hits("state-run", &[]), v(&["b1.txt"]));
    assert_eq!(w.hits("state -run", &[]), v(&["b3.txt"]));
    assert_eq!(w.search_json("-run", &[])["total"], 0);
    assert_eq!(w.search_json("COVID-19", &[])["total"], 0);
}

// F06: dotted acronyms must not collapse into ordinary words.
#[test]
fn f06_dotted_acronyms() {
    let w = corpus(&[
        (
            "d1.txt",
            " date 2024-02-20 \nThe U.S. embassy in the capital closed early.",
        ),
        (
            "d2.txt",
            " date 2024-02-20 \nOfficials told us the embassy would reopen.",
        ),
        (
            "d3.txt",
            " date 2024-02-20 \nThe delegation returned to the U.S. on Sunday.",
        ),
    ]);
    assert_eq!(w.hits("U.S. embassy", &[])[0], "d1.txt");
    assert_eq!(w.hits("\"U.S. embassy\"", &[]), v(&["d1.txt"]));
    assert_eq!(sorted(w.hits("U.S.", &[])), v(&["d1.txt", "d3.txt"]));
    assert_eq!(w.hits("\"returned to the U.S.\"", &[]), v(&["d3.txt"]));
}

// F07: curly vs straight apostrophes, possessives.
#[test]
fn f07_apostrophe_variants() {
    let w = corpus(&[
        (
            "e1.txt",
            " date 2024-04-08 \nMayor Lee\u{2019}s plan was approved.\n",
        ),
        (
            "e2.txt",
            " date 2024-04-09 \nMayor Lee's plan was rejected.\n",
        ),
    ]);
    for q in ["Lee's plan", "Lee\u{2019}s plan", "Lee", "\"Lee's plan\""] {
        assert_eq!(
            sorted(w.hits(q, &[])),
            v(&["e1.txt", "e2.txt"]),
            "query {q}"
        );
    }
    let snippets = w.search_json("Lee", &["--sort", "date"]);
    assert!(
        snippets["hits"][0]["snippet"]["text"]
            .as_str()
            .unwrap()
            .contains("Lee\u{2019}s")
    );
    assert!(
        snippets["hits"][1]["snippet"]["text"]
            .as_str()
            .unwrap()
            .contains("Lee's")
    );
}

// F08: handles and hashtags.
#[test]
fn f08_handles_and_hashtags() {
    let w = corpus(&[
        (
            "f1.txt",
            " date 2024-07-01 \nFollow @CityHall_News for updates!!!@ana_ruiz replied: the #Budget2024 vote is today. Email press@example.org for details.",
        ),
        (
            "f2.txt",
            " date 2024-07-01 \nThe budget vote in 2024 was delayed.",
        ),
    ]);
    let hit = &w.search_json("vote", &["--handle", "ana_ruiz"])["hits"][0];
    assert_eq!(
        hit["handles"],
        serde_json::json!(["CityHall_News", "ana_ruiz"])
    );
    for h in ["cityhall_news", "@CityHall_News", "ana_ruiz"] {
        assert_eq!(
            w.hits("vote", &["--handle", h]),
            v(&["f1.txt"]),
            "handle {h}"
        );
    }
    assert_eq!(w.search_json("vote", &["--handle", "example"])["total"], 0);
    assert_eq!(w.hits("#Budget2024", &[]), v(&["f1.txt"]));
    assert_eq!(w.hits("Budget2024", &[]), v(&["f1.txt"]));
}

// F10: CJK text.
#[test]
fn f10_cjk_bigrams() {
    let w = corpus(&[(
        "h1.txt",
        " date 2024-10-02 \nDelegates from 北京和上海 attended the port summit in Busan.",
    )]);
    assert_eq!(w.hits("上海", &[]), v(&["h1.txt"]));
    assert_eq!(w.hits("北京", &[]), v(&["h1.txt"]));
    assert_eq!(w.hits("port summit", &[]), v(&["h1.txt"]));
}

// F22: multi-byte text, stemmed matches, highlight offsets.
#[test]
fn f22_highlights_are_exact_byte_ranges() {
    let w = corpus(&[(
        "s1.txt",
        " date 2024-09-09 \n\u{201c}Ça suffit,\u{201d} said Zoë Müller \u{2014} the café\u{2019}s owner \u{2014} as protesters marched through Kraków. Заседание совета прошло спокойно. The protests continued into the evening.",
    )]);
    let marked = |q: &str| -> Vec<String> {
        let v = w.search_json(q, &[]);
        let s = &v["hits"][0]["snippet"];
        let text = s["text"].as_str().unwrap();
        s["highlights"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                text[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize].to_string()
            })
            .collect()
    };
    assert_eq!(marked("owner"), v(&["owner"]));
    assert_eq!(marked("Kraków"), v(&["Kraków"]));
    assert_eq!(marked("совета"), v(&["совета"]));
    assert_eq!(marked("protest"), v(&["protesters", "protests"]));
}

// F23: date filters are calendar days in every time zone.
#[test]
fn f23_dates_in_any_time_zone() {
    let w = corpus(&[
        ("j1.txt", " date 2024-03-10 \nThe bridge reopened."),
        ("j2.txt", " date 2024-03-11 \nThe bridge closed again."),
    ]);
    for tz in ["UTC", "America/Los_Angeles", "Asia/Tokyo"] {
        let run = |args: &[&str]| -> Vec<String> {
            let mut a = vec!["search", "bridge", "--format", "json", "--sort", "date"];
            a.extend_from_slice(args);
            let out = w.cmd(&a).env("TZ", tz).output().unwrap();
            assert!(out.status.success(), "{tz} {args:?}");
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            v["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| {
                    format!(
                        "{}@{}",
                        crate::util::file_name(h["path"].as_str().unwrap()),
                        h["date"].as_str().unwrap()
                    )
                })
                .collect()
        };
        assert_eq!(
            run(&["--since", "2024-03-10", "--until", "2024-03-10"]),
            v(&["j1.txt@2024-03-10"]),
            "{tz}"
        );
        assert_eq!(
            run(&["--since", "2024-03-11"]),
            v(&["j2.txt@2024-03-11"]),
            "{tz}"
        );
        assert_eq!(
            run(&["--until", "2024-03-10"]),
            v(&["j1.txt@2024-03-10"]),
            "{tz}"
        );
    }
    assert_eq!(w.hits("bridge date:2024-03-10", &[]), v(&["j1.txt"]));
    assert_eq!(
        sorted(w.hits("date:[2024-03-10 TO 2024-03-11]", &[])),
        v(&["j1.txt", "j2.txt"])
    );
    assert_eq!(
        w.hits("bridge", &["--since", "2024-3-10", "--until", "2024-3-10"]),
        v(&["j1.txt"])
    );
    for bad in ["10/03/2024", "2024-02-30"] {
        let (code, err) = w.err(&["search", "bridge", "--since", bad]);
        assert_eq!(code, 2);
        assert!(err.contains("YYYY-MM-DD"), "{err}");
    }
}

// F24: a phrase never matches across two speakers.
#[test]
fn f24_speaker_phrase_does_not_cross_values() {
    let w = corpus(&[(
        "m1.txt",
        " date 2024-11-05 \n\"We will appeal,\" said Jane Doe. \"The ruling is fair,\" said Mark Lee.",
    )]);
    let v1 = w.search_json("appeal", &[]);
    assert_eq!(
        v1["hits"][0]["speakers"],
        serde_json::json!(["Jane Doe", "Mark Lee"])
    );
    assert_eq!(w.hits("appeal", &["--speaker", "Jane Doe"]), v(&["m1.txt"]));
    assert_eq!(w.hits("appeal", &["--speaker", "Mark Lee"]), v(&["m1.txt"]));
    assert_eq!(
        w.search_json("appeal", &["--speaker", "Doe Mark"])["total"],
        0
    );
    assert_eq!(w.search_json("speakers:\"Doe Mark\"", &[])["total"], 0);
    assert_eq!(
        w.search_json("appeal", &["--speaker", "Lee Jane"])["total"],
        0
    );
}

#[test]
fn unbalanced_query_is_searched_leniently_with_a_warning() {
    let w = seeded();
    // The phrase is closed at the end of the query.
    let out = w
        .cmd(&["search", "\"embassy baghdad", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["total"],
        w.search_json("\"embassy baghdad\"", &[])["total"]
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("unbalanced quotation mark"));
    assert_eq!(w.search_json("embassy \"baghdad", &[])["total"], 1);
    let out = w
        .cmd(&["search", "embassy AND (", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn huge_limit_and_offset_do_not_allocate_or_panic() {
    let w = corpus(&[
        ("a.txt", " date 2020-01-01 \nport news"),
        ("b.txt", " date 2021-01-01 \nport"),
    ]);
    let v: serde_json::Value = serde_json::from_str(&w.ok(&[
        "search",
        "port",
        "--format",
        "json",
        "--offset",
        "99999999999",
    ]))
    .unwrap();
    assert_eq!(v["total"], 2);
    assert_eq!(v["hits"], serde_json::json!([]));
    let v: serde_json::Value = serde_json::from_str(&w.ok(&[
        "search",
        "port",
        "--format",
        "json",
        "--limit",
        "18446744073709551615",
    ]))
    .unwrap();
    assert_eq!(v["hits"].as_array().unwrap().len(), 2);
}

#[test]
fn star_and_empty_query_match_every_article() {
    let w = corpus(&[
        ("a.txt", " date 2020-01-01 \nport news"),
        ("b.txt", " date 2021-01-01 \nbridge"),
    ]);
    assert_eq!(w.search_json("*", &[])["total"], 2);
    assert_eq!(w.search_json("", &[])["total"], 2);
    assert_eq!(w.hits("*", &["--since", "2021"]), v(&["b.txt"]));
}

#[test]
fn reversed_or_bad_dates_are_usage_errors() {
    let w = seeded();
    for args in [
        &[
            "search",
            "embassy",
            "--since",
            "2020-01-01",
            "--until",
            "2019-01-01",
        ][..],
        &["search", "date:[2020-01-01 TO 2019-01-01]"][..],
        &["search", "embassy date:foo"][..],
    ] {
        let (code, err) = w.err(args);
        assert_eq!(code, 2, "{args:?}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let (_, err) = w.err(&["search", "x", "--since", "2020", "--until", "2019"]);
    assert_eq!(
        err.trim(),
        "newsidx: --since 2020-01-01 is after --until 2019-12-31: nothing can match; swap them"
    );
}

#[test]
fn unknown_field_prefix_is_searched_as_words_with_a_warning() {
    let w = corpus(&[("a.txt", " date 2020-01-01 \nThe crude oil price rose.")]);
    let out = w
        .cmd(&["search", "crude:oil", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], 1);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("\"crude\" is not a field"), "{err}");
    let out = w.cmd(&["search", "Update: oil"]).output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "a trailing colon is ordinary text: {:?}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn hit_matched_by_handle_only_shows_the_opening_of_the_body() {
    let w = corpus(&[(
        "a.txt",
        " date 2020-01-01 \nFollow @PortDesk for the harbour news.",
    )]);
    let v = w.search_json("handle:portdesk", &[]);
    assert_eq!(
        v["hits"][0]["snippet"]["text"],
        "Follow @PortDesk for the harbour news."
    );
    assert_eq!(v["hits"][0]["snippet"]["highlights"], serde_json::json!([]));
}

#[test]
fn operators_not_boost_and_dangling() {
    let w = corpus(&[
        ("a.txt", " date 2020-01-01 \noil and gas prices"),
        ("b.txt", " date 2020-01-02 \noil prices"),
        ("c.txt", " date 2020-01-03 \ngas prices"),
    ]);
    assert_eq!(w.hits("oil AND NOT gas", &[]), v(&["b.txt"]));
    assert_eq!(w.hits("oil NOT gas", &[]), v(&["b.txt"]));
    assert_eq!(sorted(w.hits("oil OR", &[])), v(&["a.txt", "b.txt"]));
    assert_eq!(
        sorted(w.hits("oil^2 OR gas", &[])),
        v(&["a.txt", "b.txt", "c.txt"])
    );
    assert_eq!(w.hits("\"oil and ga\"*", &[]), v(&["a.txt"]));
    // Fuzzy: "oil" within one edit.
    assert_eq!(sorted(w.hits("oik~1", &[])), v(&["a.txt", "b.txt"]));
}

#[test]
fn empty_filter_values_are_usage_errors() {
    let w = seeded();
    for flag in ["--handle", "--speaker", "--source"] {
        let (code, err) = w.err(&["search", "embassy", flag, ""]);
        assert_eq!(code, 2);
        assert_eq!(
            err.trim(),
            format!("newsidx: {flag} needs a value (got an empty one)")
        );
    }
    assert_eq!(w.err(&["kwic", "embassy", "--limit", "0"]).0, 2);
    assert_eq!(w.err(&["export", "--to", "quickwit", "--output", "x"]).0, 2);
}

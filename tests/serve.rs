//! `newsidx serve`: the real binary started on a free port (`--addr
//! 127.0.0.1:0`) over the fixture corpus `tests/fixtures/serve/` (six
//! articles, January to April 2024, March empty; one of them, s06, holds
//! `<script>` and `"><img onerror=…>` in its text). Every endpoint is
//! checked for exact values and for answering what the command prints with
//! `--format json`; bad parameters for the command's error line.

use crate::serve_util::{Served, corpus, get, get_as, serve, serve_at};
use crate::util::{Workdir, file_name};
use serde_json::{Value, json};

/// The JSON of a GET of `path`, asserting `status`.
fn get_json(s: &Served, path: &str, status: u16) -> Value {
    let (st, _, body) = get(s, path);
    assert_eq!(st, status, "GET {path}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: {e}: {body}"))
}

/// The key of the fixture article `name` (keys depend on the path).
fn key_of(w: &Workdir, name: &str) -> String {
    let v: Value =
        serde_json::from_str(&w.ok(&["export", "--fields", "key,path", "--format", "json"]))
            .unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["path"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/{name}.txt"))
        })
        .unwrap()["key"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn every_endpoint_answers_what_the_command_prints_as_json() {
    let w = corpus();
    let s = serve(&w);
    let s06 = key_of(&w, "s06");
    let show = format!("/api/show/{s06}");
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("/api/search?q=bridge", vec!["search", "bridge"]),
        (
            "/api/search?q=bridge&sort=date&limit=2&offset=1",
            vec![
                "search", "bridge", "--sort", "date", "--limit", "2", "--offset", "1",
            ],
        ),
        (
            "/api/search?q=deficit&speaker=ana+ruiz&since=2024-02",
            vec![
                "search",
                "deficit",
                "--speaker",
                "ana ruiz",
                "--since",
                "2024-02",
            ],
        ),
        (
            "/api/quotes?speaker=Mark%20Lee",
            vec!["quotes", "--speaker", "Mark Lee"],
        ),
        ("/api/quotes?q=bridge", vec!["quotes", "bridge"]),
        (
            "/api/count?q=bridge&quotes=true",
            vec!["count", "bridge", "--quotes"],
        ),
        (
            "/api/count?handle=CityDesk&handle=econwatch",
            vec!["count", "--handle", "CityDesk", "--handle", "econwatch"],
        ),
        (
            "/api/timeline?q=bridge&normalize=1",
            vec!["timeline", "bridge", "--normalize"],
        ),
        ("/api/timeline?by=year", vec!["timeline", "--by", "year"]),
        ("/api/top/speakers", vec!["top", "speakers"]),
        (
            "/api/top/handles?q=bridge&limit=1",
            vec!["top", "handles", "bridge", "--limit", "1"],
        ),
        ("/api/top/terms?q=bridge", vec!["top", "terms", "bridge"]),
        (
            "/api/kwic?q=bridge&width=12&sort=left",
            vec!["kwic", "bridge", "--width", "12", "--sort", "left"],
        ),
        ("/api/speakers", vec!["speakers"]),
        (&show, vec!["show", &s06]),
        ("/api/stats", vec!["stats"]),
    ];
    for (path, args) in cases {
        let mut args = args.clone();
        args.extend(["--format", "json"]);
        let cli: Value = serde_json::from_str(&w.ok(&args)).unwrap();
        assert_eq!(
            get_json(&s, path, 200),
            cli,
            "GET {path} vs newsidx {args:?}"
        );
    }
}

#[test]
fn endpoints_give_exact_results_on_the_fixture() {
    let w = corpus();
    let s = serve(&w);

    let v = get_json(&s, "/api/search?q=bridge", 200);
    assert_eq!(v["total"], 4);
    let files: Vec<String> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| file_name(h["path"].as_str().unwrap()))
        .collect();
    assert_eq!(files, ["s01.txt", "s05.txt", "s06.txt", "s03.txt"]);

    let v = get_json(&s, "/api/search?q=bridge&sort=-date&limit=1&offset=1", 200);
    assert_eq!(v["total"], 4);
    assert_eq!(v["hits"][0]["rank"], 2);
    assert_eq!(v["hits"][0]["date"], "2024-04-11");

    let v = get_json(&s, "/api/quotes?speaker=Mark%20Lee&sort=date", 200);
    let texts: Vec<&str> = v["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "The cables are safe,",
            "Tolls on the bridge are unfair,",
            "The <b>bridge</b> is safe,"
        ]
    );

    assert_eq!(
        get_json(&s, "/api/count?q=bridge&quotes=1", 200),
        json!({"articles": 4, "quotations": 3})
    );
    assert_eq!(
        get_json(&s, "/api/count?since=2024-02&until=2024-02", 200),
        json!({"articles": 2})
    );

    let v = get_json(&s, "/api/timeline?q=bridge&normalize=true", 200);
    let bars: Vec<(String, u64, u64)> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["period"].as_str().unwrap().to_string(),
                r["articles"].as_u64().unwrap(),
                r["total"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        bars,
        [
            ("2024-01".to_string(), 1, 2),
            ("2024-02".to_string(), 1, 2),
            ("2024-03".to_string(), 0, 0),
            ("2024-04".to_string(), 2, 2),
        ]
    );

    let v = get_json(&s, "/api/top/speakers?q=bridge", 200);
    let rows: Vec<(String, u64)> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["value"].as_str().unwrap().into(),
                r["articles"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [("Mark Lee".to_string(), 3), ("Jane Doe".to_string(), 2)]
    );
    let v = get_json(&s, "/api/top/handles", 200);
    assert_eq!(v["rows"][0]["value"], "CityDesk");
    assert_eq!(v["rows"][0]["articles"], 3);
    assert_eq!(v["rows"][1]["value"], "EconWatch");
    assert_eq!(v["rows"][1]["articles"], 2);

    let v = get_json(&s, "/api/kwic?q=tolls&width=8", 200);
    let lines: Vec<String> = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{}[{}]{}",
                l["left"].as_str().unwrap(),
                l["match"].as_str().unwrap(),
                l["right"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            " bridge [tolls], @CityD",
            "orted. \"[Tolls] on the ",
            "iew the [tolls],\" said "
        ]
    );

    let v = get_json(&s, "/api/speakers", 200);
    let names: Vec<&str> = v["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["speaker"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Mark Lee", "Ana Ruiz", "Jane Doe"]);

    let s06 = key_of(&w, "s06");
    let v = get_json(&s, &format!("/api/show/{s06}"), 200);
    assert_eq!(v["date"], "2024-04-20");
    assert!(
        v["body"]
            .as_str()
            .unwrap()
            .contains("<script>alert(1)</script> and \"><img src=x onerror=alert(2)>")
    );
    assert_eq!(v["quotes"][0]["speaker"], "Mark Lee");

    let v = get_json(&s, "/api/stats?limit=1", 200);
    assert_eq!(v["documents"], 6);
    assert_eq!(v["first_date"], "2024-01-03");
    assert_eq!(v["last_date"], "2024-04-20");
}

/// (request, status, error line). Where the CLI has the same option, its
/// stderr line is checked to be the same message.
#[test]
fn bad_parameters_answer_400_with_the_command_line_message() {
    let w = corpus();
    let s = serve(&w);
    let cases: &[(&str, u16, &str, Option<&[&str]>)] = &[
        (
            "/api/search?q=bridge&limit=0",
            400,
            "--limit must be at least 1",
            Some(&["search", "bridge", "--limit", "0"]),
        ),
        (
            "/api/search?q=bridge&sort=best",
            400,
            "invalid value 'best' for '--sort <SORT>'",
            Some(&["search", "bridge", "--sort", "best"]),
        ),
        (
            "/api/count?since=2024-13",
            400,
            "invalid date \"2024-13\": use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019, 2019-12, 2019-12-31), or a date as ingest reads it (1987/03/01, 1987-03-01T10:00:00Z, March 1, 1987)",
            Some(&["count", "--since", "2024-13"]),
        ),
        (
            "/api/kwic?q=bridge&width=0",
            400,
            "--width must be from 1 to 1000 characters (got 0)",
            Some(&["kwic", "bridge", "--width", "0"]),
        ),
        (
            "/api/quotes?speaker=",
            400,
            "--speaker needs a value (got an empty one)",
            Some(&["quotes", "--speaker", ""]),
        ),
        (
            "/api/timeline?by=decade",
            400,
            "invalid value 'decade' for '--by <BY>'",
            Some(&["timeline", "--by", "decade"]),
        ),
        (
            "/api/top",
            400,
            "/api/top needs a kind: /api/top/handles, /api/top/speakers or /api/top/terms",
            None,
        ),
        (
            "/api/top/people",
            400,
            "invalid value 'people' for '<WHAT>'",
            Some(&["top", "people"]),
        ),
        (
            "/api/search?q=bridge&limit=1001",
            400,
            "--limit must be at most 1000 here (got 1001); page with --offset",
            None,
        ),
        (
            "/api/search?q=bridge&offset=10001",
            400,
            "--offset must be at most 10000 here (got 10001); narrow the query instead",
            None,
        ),
        (
            "/api/search?q=bridge&limit=ten",
            400,
            "invalid value 'ten' for '--limit <LIMIT>': invalid digit found in string",
            Some(&["search", "bridge", "--limit", "ten"]),
        ),
        (
            "/api/search",
            400,
            "/api/search needs a query: add q=WORDS",
            None,
        ),
        (
            "/api/search?q=x&format=csv",
            400,
            "unknown parameter \"format\" for /api/search (accepted: q, limit, offset, since, until, handle, speaker, source, sort)",
            None,
        ),
        (
            "/api/search?q=oil&q=gas",
            400,
            "parameter \"q\" is given twice; write one query (e.g. q=oil%20OR%20gas)",
            None,
        ),
        (
            "/api/count?quotes=maybe",
            400,
            "parameter \"quotes\" is a switch: give true or false (got \"maybe\")",
            None,
        ),
        (
            "/api/show/..%2F..%2Fetc%2Fpasswd",
            400,
            "\"../../etc/passwd\" is not a document key (16 hex digits, as in search output); the API shows documents by key only",
            None,
        ),
        (
            "/api/show/0123456789abcdef",
            404,
            "no document with key or path \"0123456789abcdef\" in index",
            Some(&["show", "0123456789abcdef"]),
        ),
        (
            "/api/export",
            404,
            "no endpoint /api/export; the API has /api/search, /api/quotes, /api/count, /api/timeline, /api/top/{handles,speakers,terms}, /api/kwic, /api/speakers, /api/show/KEY, /api/stats",
            None,
        ),
    ];
    for (path, status, message, cli) in cases {
        let v = get_json(&s, path, *status);
        assert_eq!(v, json!({ "error": message }), "GET {path}");
        if let Some(args) = cli {
            let (_, stderr) = w.err(args);
            let first = stderr.lines().next().unwrap();
            let first = first
                .strip_prefix("newsidx: ")
                .or_else(|| first.strip_prefix("error: "))
                .unwrap();
            assert_eq!(first, *message, "newsidx {args:?}");
        }
    }
    let long = format!("/api/search?q={}", "a".repeat(1001));
    assert_eq!(
        get_json(&s, &long, 400)["error"],
        "the query is longer than 1000 characters; shorten it"
    );
    let huge = format!("/api/search?q={}", "a".repeat(9000));
    assert_eq!(
        get_json(&s, &huge, 414)["error"],
        "request URL longer than 8 KiB; shorten the query"
    );
    let post = ureq2::post(&format!("{}/api/search?q=bridge", s.base)).send_string("x");
    match post {
        Err(ureq2::Error::Status(code, _)) => assert!(code == 405 || code == 413, "{code}"),
        other => panic!("POST answered {:?}", other.map(|r| r.status())),
    }
}

#[test]
fn the_page_and_its_assets_are_served_with_a_strict_policy() {
    let w = corpus();
    let s = serve(&w);
    for (path, needle) in [
        ("/", "<script src=\"/app.js\""),
        ("/app.js", "textContent"),
        ("/app.css", "@media"),
    ] {
        let (status, csp, body) = get(&s, path);
        assert_eq!(status, 200, "{path}");
        assert!(body.contains(needle), "{path} lacks {needle}");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
    }
    let (_, _, html) = get(&s, "/");
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains("<script>"), "no inline script in the page");
    let (status, _, body) = get(&s, "/etc/passwd");
    assert_eq!(status, 404);
    assert_eq!(
        body.trim(),
        r#"{"error":"no page at /etc/passwd; the page is at /"}"#
    );
}

#[test]
fn new_commits_are_seen_without_a_restart() {
    let w = corpus();
    let s = serve(&w);
    assert_eq!(
        get_json(&s, "/api/count?q=ferry", 200),
        json!({"articles": 0})
    );
    w.write(
        "more/s07.txt",
        " date 2024-05-02 The ferry replaced the bridge for a week, @CityDesk reported.\n",
    );
    w.ingest(&["more"]);
    assert_eq!(
        get_json(&s, "/api/count?q=ferry", 200),
        json!({"articles": 1})
    );
    assert_eq!(get_json(&s, "/api/search?q=bridge", 200)["total"], 5);
}

#[test]
fn loopback_by_default_and_a_warning_otherwise() {
    let w = corpus();
    let (_s, lines) = serve_at(&w, "127.0.0.1:0");
    assert!(lines.iter().all(|l| !l.contains("warning")), "{lines:?}");
    let (s, lines) = serve_at(&w, "0.0.0.0:0");
    assert!(
        lines[0].starts_with("newsidx: warning: listening on 0.0.0.0:")
            && lines[0].ends_with(
                "not a loopback address: anyone who can reach this machine can read the index"
            ),
        "{lines:?}"
    );
    drop(s);
    let (taken, _) = serve_at(&w, "127.0.0.1:0");
    let addr = taken.base.trim_start_matches("http://").to_string();
    let (code, stderr) = w.err(&["serve", "--addr", &addr]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(&format!("newsidx: cannot listen on {addr}: "))
            && stderr
                .trim_end()
                .ends_with("; choose another --addr (port 0 picks a free one)"),
        "{stderr}"
    );
    let (code, stderr) = Workdir::new().err(&["serve", "--addr", "127.0.0.1:0"]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with("newsidx: no index at index"), "{stderr}");
    let out = w.ok(&["serve", "--help"]);
    assert!(out.contains("--addr <IP:PORT>") && out.contains("[default: 127.0.0.1:7700]"));
}

#[test]
fn query_warnings_come_as_headers() {
    let w = corpus();
    let s = serve(&w);
    let host = s.base.trim_start_matches("http://").to_string();
    let r = get_as(&s, "/api/search?q=%28bridge", &host);
    assert_eq!(r.status(), 200);
    let warnings: Vec<&str> = r.all("X-Newsidx-Warning");
    assert_eq!(
        warnings,
        [
            "could+not+read+the+query+exactly+%28Syntax+Error%3A+%28bridge%29%3B+searched+it+leniently"
        ]
    );
    let cli = w.ok_stderr(&["search", "(bridge"]);
    assert_eq!(
        cli.trim(),
        "newsidx: warning: could not read the query exactly (Syntax Error: (bridge); searched it leniently"
    );
    let r = get_as(&s, "/api/count?q=bridge", &host);
    assert!(r.all("X-Newsidx-Warning").is_empty());
}

#[test]
fn requests_for_another_host_name_are_refused() {
    let w = corpus();
    let s = serve(&w);
    let port = s.base.rsplit(':').next().unwrap().to_string();
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        assert_eq!(get_as(&s, "/api/count", &host).status(), 200, "{host}");
    }
    let r = get_as(&s, "/api/count", &format!("rebound.example:{port}"));
    assert_eq!(r.status(), 403);
    let v: Value = serde_json::from_str(&r.into_string().unwrap()).unwrap();
    assert_eq!(
        v["error"],
        format!(
            "Host \"rebound.example:{port}\" is not this server: open http://127.0.0.1:{port}/ (requests addressed to other names are refused)"
        )
    );
}

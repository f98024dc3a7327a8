//! `newsidx export --to quickwit|elasticsearch`: every exported field and
//! its JSON type agree with the configs shipped in `scripts/` (issue 7);
//! what Quickwit 0.9 refuses is not in them, and `--url` pushes batches,
//! retries 429/503 and stops at the first rejected document, against a
//! local fake engine answering recorded responses (issue 14).

use crate::util::Workdir;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use yaml_rust2::YamlLoader;

const QUICKWIT: &str = include_str!("../scripts/quickwit/newsidx-index.yaml");
const QUICKWIT_QUOTES: &str = include_str!("../scripts/quickwit/newsidx-quotations.yaml");
const ELASTIC: &str = include_str!("../scripts/elasticsearch/newsidx-mapping.json");
const ELASTIC_QUOTES: &str =
    include_str!("../scripts/elasticsearch/newsidx-quotations-mapping.json");

/// A corpus exercising every field: dated and undated articles, tweets,
/// quotations, and a JSON-lines record with title, url and source.
fn corpus() -> Workdir {
    let w = Workdir::new();
    w.write(
        "docs/a.txt",
        " date 2024-03-10 \n\"The harbour must reopen,\" said Ana Ruiz.\n\nBoats wait pic.twitter.com/Xy12 \u{2014} Port Desk (@PortDesk) March 10, 2024\n",
    );
    w.write("docs/b.txt", "No date header here; the harbour is quiet.\n");
    w.write(
        "docs/c.jsonl",
        "{\"title\":\"Bridge tolls\",\"body\":\"Tolls rise on the bridge, @CityDesk says.\",\"date\":\"2024-04-01\",\"url\":\"https://example.org/t\",\"source\":\"Example Post\"}\n",
    );
    w.ingest(&["docs"]);
    w
}

fn lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("invalid JSON line {l:?}: {e}")))
        .collect()
}

/// Quickwit field name → declared type, from a shipped YAML config.
fn quickwit_fields(config: &str) -> BTreeMap<String, (String, Option<String>)> {
    let docs = YamlLoader::load_from_str(config).unwrap();
    let mappings = docs[0]["doc_mapping"]["field_mappings"].as_vec().unwrap();
    mappings
        .iter()
        .map(|m| {
            (
                m["name"].as_str().unwrap().to_string(),
                (
                    m["type"].as_str().unwrap().to_string(),
                    m["input_formats"][0].as_str().map(str::to_string),
                ),
            )
        })
        .collect()
}

fn is_rfc3339_utc(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok() && s.ends_with('Z')
}

#[test]
fn quickwit_export_matches_the_shipped_config() {
    let w = corpus();
    let declared = quickwit_fields(QUICKWIT);
    assert_eq!(
        declared.keys().cloned().collect::<Vec<_>>(),
        [
            "body", "date", "handles", "key", "paths", "quotes", "record", "source", "speakers",
            "title", "tweets", "url"
        ]
    );
    let docs = lines(&w.ok(&["export", "--to", "quickwit"]));
    assert_eq!(docs.len(), 3);
    check_quickwit(&docs, &declared);
    let dated: BTreeMap<&str, &str> = docs
        .iter()
        .filter_map(|d| Some((d["body"].as_str()?, d.get("date")?.as_str()?)))
        .collect();
    assert_eq!(dated.len(), 2, "the undated article has no date field");
    // The record number: line 1 of c.jsonl; none for the .txt files.
    let records: Vec<Option<u64>> = docs
        .iter()
        .map(|d| d.get("record").and_then(Value::as_u64))
        .collect();
    assert_eq!(
        records.iter().filter(|r| r.is_some()).collect::<Vec<_>>(),
        [&Some(1)]
    );
    assert!(
        dated
            .values()
            .all(|d| *d == "2024-03-10T00:00:00Z" || *d == "2024-04-01T00:00:00Z")
    );
}

/// Every field of every document is declared with a matching type, and
/// every declared field occurs.
fn check_quickwit(docs: &[Value], declared: &BTreeMap<String, (String, Option<String>)>) {
    let mut seen = BTreeSet::new();
    for d in docs {
        for (name, value) in d.as_object().unwrap() {
            let (ty, format) = declared
                .get(name)
                .unwrap_or_else(|| panic!("field {name} not in the config"));
            seen.insert(name.clone());
            let ok = match ty.as_str() {
                "text" => value.is_string(),
                "array<text>" => value.as_array().unwrap().iter().all(Value::is_string),
                "array<json>" => value.as_array().unwrap().iter().all(Value::is_object),
                "u64" => value.is_u64(),
                "datetime" => {
                    assert_eq!(format.as_deref(), Some("rfc3339"));
                    is_rfc3339_utc(value.as_str().unwrap())
                }
                other => panic!("type {other} not checked"),
            };
            assert!(ok, "{name}: {value} is not a {ty}");
        }
    }
    assert_eq!(
        seen,
        declared.keys().cloned().collect::<BTreeSet<_>>(),
        "every declared field is exported"
    );
}

#[test]
fn elasticsearch_bulk_pairs_actions_with_documents_matching_the_mapping() {
    let w = corpus();
    let mapping: Value = serde_json::from_str(ELASTIC).unwrap();
    let props = mapping["mappings"]["properties"].as_object().unwrap();
    let out = lines(&w.ok(&[
        "export",
        "harbour",
        "--to",
        "elasticsearch",
        "--es-index",
        "news",
    ]));
    assert_eq!(
        out.len(),
        4,
        "two matching articles, each an action line and a document"
    );
    for pair in out.chunks(2) {
        let (action, doc) = (&pair[0], &pair[1]);
        assert_eq!(action["index"]["_index"], "news");
        assert_eq!(action["index"]["_id"], doc["key"]);
        assert_eq!(action.as_object().unwrap().len(), 1);
        for (name, value) in doc.as_object().unwrap() {
            let m = props
                .get(name)
                .unwrap_or_else(|| panic!("field {name} not in the mapping"));
            check_es(name, value, m);
        }
        assert!(doc["body"].as_str().unwrap().contains("harbour"));
    }
}

/// Checks `value` against an Elasticsearch mapping entry (arrays allowed
/// for every scalar type, as in Elasticsearch).
fn check_es(name: &str, value: &Value, m: &Value) {
    let ty = m["type"].as_str().unwrap();
    if ty == "nested" {
        let inner = m["properties"].as_object().unwrap();
        for item in value.as_array().unwrap() {
            for (k, v) in item.as_object().unwrap() {
                let im = inner
                    .get(k)
                    .unwrap_or_else(|| panic!("{name}.{k} not in the mapping"));
                if !v.is_null() {
                    check_es(&format!("{name}.{k}"), v, im);
                }
            }
        }
        return;
    }
    if let Some(items) = value.as_array() {
        for v in items {
            check_es(name, v, m);
        }
        return;
    }
    let ok = match ty {
        "keyword" | "text" => value.is_string(),
        "long" => value.is_u64() || value.is_i64(),
        "date" => match m["format"].as_str().unwrap() {
            "strict_date_time_no_millis" => is_rfc3339_utc(value.as_str().unwrap()),
            "strict_date" => {
                chrono::NaiveDate::parse_from_str(value.as_str().unwrap(), "%Y-%m-%d").is_ok()
            }
            f => panic!("format {f} not checked"),
        },
        other => panic!("type {other} not checked"),
    };
    assert!(ok, "{name}: {value} is not a {ty}");
}

#[test]
fn query_export_holds_exactly_the_matches_and_splits_into_files() {
    let w = corpus();
    let keys = |q: &[&str]| -> BTreeSet<String> {
        let mut a = vec!["export"];
        a.extend_from_slice(q);
        a.extend_from_slice(&["--to", "quickwit"]);
        lines(&w.ok(&a))
            .iter()
            .map(|d| d["key"].as_str().unwrap().to_string())
            .collect()
    };
    let search_keys = |q: &str| -> BTreeSet<String> {
        w.search_json(q, &[])["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["key"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(keys(&["harbour"]).len(), 2);
    assert_eq!(keys(&["harbour"]), search_keys("harbour"));
    assert_eq!(keys(&["tolls"]), search_keys("tolls"));
    assert_eq!(keys(&["nothingmatches"]), BTreeSet::new());
    assert_eq!(keys(&[]).len(), 3);

    let (code, err) = w.err(&[
        "export",
        "--to",
        "quickwit",
        "--split-every",
        "2",
        "--output",
        "out/part",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("out is not an existing directory"), "{err}");
    std::fs::create_dir(w.path().join("out")).unwrap();
    let err = w.ok_stderr(&[
        "export",
        "--to",
        "elasticsearch",
        "--split-every",
        "2",
        "--output",
        "out/part",
    ]);
    assert!(err.contains("exported 3 articles into 2 files"), "{err}");
    let first = lines(&std::fs::read_to_string(w.path().join("out/part-00001.ndjson")).unwrap());
    let second = lines(&std::fs::read_to_string(w.path().join("out/part-00002.ndjson")).unwrap());
    assert_eq!((first.len(), second.len()), (4, 2));
    let (code, err) = w.err(&["export", "--to", "quickwit", "--split-every", "0"]);
    assert_eq!(code, 2);
    assert!(err.contains("--split-every must be at least 1"), "{err}");
}

#[test]
fn quickwit_configs_use_only_what_quickwit_0_9_accepts() {
    for (config, id) in [
        (QUICKWIT, "newsidx"),
        (QUICKWIT_QUOTES, "newsidx-quotations"),
    ] {
        let docs = YamlLoader::load_from_str(config).unwrap();
        assert_eq!(docs[0]["index_id"].as_str(), Some(id));
        let mapping = &docs[0]["doc_mapping"];
        assert!(
            mapping["timestamp_field"].is_badvalue(),
            "{id}: a timestamp_field makes Quickwit reject every undated document"
        );
        let tokenizers: BTreeSet<&str> = mapping["field_mappings"]
            .as_vec()
            .unwrap()
            .iter()
            .filter_map(|m| m["tokenizer"].as_str())
            .collect();
        assert_eq!(
            tokenizers,
            BTreeSet::from(["default", "raw"]),
            "{id}: Quickwit 0.9 has no en_stem"
        );
    }
}

/// Articles with quotations and a tweet, one of them undated.
fn quotes_corpus() -> Workdir {
    let w = Workdir::new();
    w.write(
        "q/a.txt",
        " date 2024-03-10 \n\"The harbour must reopen,\" said Ana Ruiz.\n\nBoats wait pic.twitter.com/Xy12 \u{2014} Port Desk (@PortDesk) March 10, 2024\n",
    );
    w.write(
        "q/b.txt",
        "\"Fees pay for the bridge,\" said Mark Lee. \"Tolls stay,\" Lee added.\n",
    );
    w.ingest(&["q"]);
    w
}

#[test]
fn quotation_export_has_one_document_per_quotation_as_quotes_lists_them() {
    let w = quotes_corpus();
    let docs = lines(&w.ok(&["export", "--quotations", "--to", "quickwit"]));
    check_quickwit(&docs, &quickwit_fields(QUICKWIT_QUOTES));
    let mut got: Vec<(String, String, String, Option<String>)> = docs
        .iter()
        .map(|d| {
            (
                d["speaker"].as_str().unwrap().to_string(),
                d["kind"].as_str().unwrap().to_string(),
                d["text"].as_str().unwrap().to_string(),
                d.get("date").map(|v| v.as_str().unwrap().to_string()),
            )
        })
        .collect();
    got.sort();
    let day = Some("2024-03-10T00:00:00Z".to_string());
    assert_eq!(
        got,
        [
            ("Ana Ruiz", "quote", "The harbour must reopen,", day.clone()),
            ("Mark Lee", "quote", "Fees pay for the bridge,", None),
            ("Mark Lee", "quote", "Tolls stay,", None),
            ("Port Desk", "tweet", "Boats wait", day),
        ]
        .map(|(a, b, c, d)| (a.into(), b.into(), c.into(), d))
    );
    // The same quotations as `newsidx quotes`, with the same keys and paths.
    let quotes: Value = serde_json::from_str(&w.ok(&["quotes", "--format", "json"])).unwrap();
    let listed: BTreeSet<(String, String, String, String)> = quotes["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let s = |k: &str| q[k].as_str().unwrap().to_string();
            (s("speaker"), s("text"), s("key"), s("path"))
        })
        .collect();
    let exported: BTreeSet<(String, String, String, String)> = docs
        .iter()
        .map(|q| {
            let s = |k: &str| q[k].as_str().unwrap().to_string();
            (s("speaker"), s("text"), s("key"), s("path"))
        })
        .collect();
    assert_eq!(exported, listed);
    // Elasticsearch: `_id` = article key + position, fields in the mapping.
    let mapping: Value = serde_json::from_str(ELASTIC_QUOTES).unwrap();
    let props = mapping["mappings"]["properties"].as_object().unwrap();
    let out = lines(&w.ok(&["export", "--quotations", "--to", "elasticsearch"]));
    assert_eq!(out.len(), 8);
    for pair in out.chunks(2) {
        let (action, doc) = (&pair[0], &pair[1]);
        assert_eq!(action["index"]["_index"], "newsidx-quotations");
        let id = action["index"]["_id"].as_str().unwrap();
        assert!(id.starts_with(doc["key"].as_str().unwrap()), "{id}");
        for (name, value) in doc.as_object().unwrap() {
            check_es(name, value, props.get(name).expect("field in the mapping"));
        }
    }
}

#[test]
fn exported_speakers_are_the_identities_top_speakers_counts() {
    let w = Workdir::new();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/identity");
    w.ingest(&[fixture.to_str().unwrap()]);
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for d in lines(&w.ok(&["export", "--to", "quickwit"])) {
        for s in d["speakers"].as_array().unwrap() {
            *counts.entry(s.as_str().unwrap().to_string()).or_default() += 1;
        }
    }
    // "Stoltenberg" alone in one article is Gerhard Stoltenberg's identity.
    assert_eq!(
        counts,
        BTreeMap::from(
            [
                ("Gerhard Stoltenberg", 2),
                ("Baker", 1),
                ("Howard Baker", 1),
                ("James Baker", 1)
            ]
            .map(|(k, v)| (k.to_string(), v))
        )
    );
    let top: Value = serde_json::from_str(&w.ok(&["top", "speakers", "--format", "json"])).unwrap();
    let top: BTreeMap<String, u64> = top["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["value"].as_str().unwrap().to_string(),
                r["articles"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(counts, top);
}

/// One request as the fake engine received it.
#[derive(Debug, Clone)]
struct Received {
    method: String,
    url: String,
    content_type: String,
    body: String,
}

/// A local HTTP server on 127.0.0.1 answering `responses` (status, body)
/// in order, one per request, and recording the requests.
struct FakeEngine {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl FakeEngine {
    fn start(responses: Vec<(u16, String)>) -> FakeEngine {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let port = server.server_addr().to_ip().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        std::thread::spawn(move || {
            for (status, body) in responses {
                let Ok(Some(mut rq)) = server.recv_timeout(Duration::from_secs(60)) else {
                    return;
                };
                let mut text = String::new();
                rq.as_reader().read_to_string(&mut text).unwrap();
                let content_type = rq
                    .headers()
                    .iter()
                    .find(|h| h.field.equiv("Content-Type"))
                    .map(|h| h.value.to_string())
                    .unwrap_or_default();
                log.lock().unwrap().push(Received {
                    method: rq.method().to_string(),
                    url: rq.url().to_string(),
                    content_type,
                    body: text,
                });
                let _ = rq.respond(tiny_http::Response::from_string(body).with_status_code(status));
            }
        });
        FakeEngine {
            url: format!("http://127.0.0.1:{port}"),
            received,
        }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/engines")
            .join(name),
    )
    .unwrap()
}

const INGEST_URL: &str = "/api/v1/newsidx/ingest?commit=force&detailed_response=true";

#[test]
fn push_to_quickwit_creates_the_index_retries_429_and_prints_a_summary() {
    let w = corpus();
    let ndjson = w.ok(&["export", "--to", "quickwit"]);
    let engine = FakeEngine::start(vec![
        (200, "{}".into()),
        (429, r#"{"message":"too many requests"}"#.into()),
        (200, fixture("quickwit-ingest-ok.json")),
    ]);
    let out = w.ok(&[
        "export",
        "--to",
        "quickwit",
        "--url",
        &engine.url,
        "--create-index",
    ]);
    assert_eq!(
        out.trim_end(),
        format!(
            "pushed 3 articles to Quickwit index newsidx at {}: 3 ingested, 0 rejected, 1 batches ({} bytes), 1 retries",
            engine.url,
            ndjson.len()
        )
    );
    let got = engine.received();
    assert_eq!(got.len(), 3);
    assert_eq!(
        (got[0].method.as_str(), got[0].url.as_str()),
        ("POST", "/api/v1/indexes")
    );
    assert_eq!(got[0].content_type, "application/yaml");
    assert_eq!(got[0].body, QUICKWIT);
    for r in &got[1..] {
        assert_eq!((r.method.as_str(), r.url.as_str()), ("POST", INGEST_URL));
        assert_eq!(
            r.body, ndjson,
            "the batch is the export, sent again after 429"
        );
    }
}

#[test]
fn push_to_quickwit_stops_at_the_first_rejected_document() {
    let w = corpus();
    let engine = FakeEngine::start(vec![(200, fixture("quickwit-ingest-rejected.json"))]);
    let (code, err) = w.err(&["export", "--to", "quickwit", "--url", &engine.url]);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            r#"Quickwit rejected 1 of 3 documents; first: the document contains a field that is not declared in the schema: "bogus" (invalid_schema)"#
        ),
        "{err}"
    );
    assert!(
        err.contains("0 documents were ingested before this batch"),
        "{err}"
    );
    let engine = FakeEngine::start(vec![(
        404,
        r#"{"message":"index `newsidx` not found"}"#.into(),
    )]);
    let (code, err) = w.err(&["export", "--to", "quickwit", "--url", &engine.url]);
    assert_eq!(code, 1);
    assert!(err.contains("HTTP 404: index `newsidx` not found"), "{err}");
}

#[test]
fn push_to_elasticsearch_checks_the_bulk_items() {
    let w = corpus();
    let ndjson = w.ok(&["export", "--to", "elasticsearch"]);
    let engine = FakeEngine::start(vec![
        (200, r#"{"acknowledged":true}"#.into()),
        (200, fixture("elasticsearch-bulk-429.json")),
        (200, fixture("elasticsearch-bulk-ok.json")),
    ]);
    let out = w.ok(&[
        "export",
        "--to",
        "elasticsearch",
        "--url",
        &format!("{}/", engine.url),
        "--create-index",
    ]);
    assert!(
        out.starts_with(&format!(
            "pushed 3 articles to Elasticsearch index newsidx at {}: 3 ingested, 0 rejected, 1 batches",
        engine.url
        )),
        "{out}"
    );
    assert!(out.trim_end().ends_with("1 retries"), "{out}");
    let got = engine.received();
    assert_eq!(
        (got[0].method.as_str(), got[0].url.as_str()),
        ("PUT", "/newsidx")
    );
    assert_eq!(got[0].body, ELASTIC);
    for r in &got[1..] {
        assert_eq!(
            (r.method.as_str(), r.url.as_str()),
            ("POST", "/_bulk?refresh=wait_for")
        );
        assert_eq!(r.content_type, "application/x-ndjson");
        assert_eq!(r.body, ndjson);
    }

    let engine = FakeEngine::start(vec![(200, fixture("elasticsearch-bulk-item-error.json"))]);
    let (code, err) = w.err(&["export", "--to", "elasticsearch", "--url", &engine.url]);
    assert_eq!(code, 1);
    assert!(
        err.contains("Elasticsearch rejected 1 of 3 documents; first: _id ID2 status 400: mapper_parsing_exception: failed to parse field [date]"),
        "{err}"
    );
}

#[test]
fn push_errors_are_one_clear_line() {
    let w = corpus();
    // A port nobody listens on: bind one, then free it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let (code, err) = w.err(&["export", "--to", "quickwit", "--url", &url]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("cannot reach {url}{INGEST_URL}")),
        "{err}"
    );
    assert!(err.contains("is the engine running there?"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let (code, err) = w.err(&[
        "export",
        "--to",
        "quickwit",
        "--url",
        "https://qw.example:7280",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("only http:// URLs are supported"), "{err}");
    let engine = FakeEngine::start(vec![(
        400,
        r#"{"message":"metastore error `index `newsidx` already exist(s)`"}"#.into(),
    )]);
    let (code, err) = w.err(&[
        "export",
        "--to",
        "quickwit",
        "--url",
        &engine.url,
        "--create-index",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("refused to create index newsidx: HTTP 400: metastore error `index `newsidx` already exist(s)`; drop --create-index"),
        "{err}"
    );
    let (code, _) = w.err(&["export", "--url", &url]);
    assert_eq!(code, 2, "--url needs --to");
}

//! `newsidx export --to quickwit|elasticsearch`: every exported field and
//! its JSON type agree with the configs shipped in `scripts/` (issue 7).

use crate::util::Workdir;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use yaml_rust2::YamlLoader;

const QUICKWIT: &str = include_str!("../scripts/quickwit/newsidx-index.yaml");
const ELASTIC: &str = include_str!("../scripts/elasticsearch/newsidx-mapping.json");

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

/// Quickwit field name → declared type, from the shipped YAML config.
fn quickwit_fields() -> BTreeMap<String, (String, Option<String>)> {
    let docs = YamlLoader::load_from_str(QUICKWIT).unwrap();
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
    let declared = quickwit_fields();
    assert_eq!(
        declared.keys().cloned().collect::<Vec<_>>(),
        [
            "body", "date", "handles", "key", "paths", "quotes", "record", "source", "speakers",
            "title", "tweets", "url"
        ]
    );
    let docs = lines(&w.ok(&["export", "--to", "quickwit"]));
    assert_eq!(docs.len(), 3);
    let mut seen = BTreeSet::new();
    for d in &docs {
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

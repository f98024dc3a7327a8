//! `newsidx quotes`: quotations (and embedded tweets) as results.

use crate::util::Workdir;

const SEED: &str = include_str!("../seeds/000_fbf6acf740d45b26.txt");

fn quotes(w: &Workdir, args: &[&str]) -> Vec<(String, String)> {
    let mut a = vec!["quotes", "--format", "json"];
    a.extend_from_slice(args);
    let v: serde_json::Value = serde_json::from_str(&w.ok(&a)).unwrap();
    v["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["speaker"].as_str().unwrap().to_string(),
                q["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn seed_iran_quotes_by_trump() {
    let w = Workdir::new();
    w.write("seeds/seed.txt", SEED);
    w.ingest(&["seeds"]);
    let got = quotes(&w, &["iran", "--speaker", "trump"]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "Donald J. Trump");
    assert!(
        got[0]
            .1
            .starts_with("Iran killed an American contractor, wounding many."),
        "{got:?}"
    );
}

#[test]
fn quotations_with_speakers_ranked_and_filtered() {
    let w = Workdir::new();
    w.write(
        "docs/a.txt",
        " date 2024-01-10 \n\"The harbour must reopen,\" said Ana Ruiz. \"Fishing boats are waiting,\" said Tom Berg.",
    );
    w.write(
        "docs/b.txt",
        " date 2024-02-10 \nStorms hit the harbour. \"The harbour is safe now, the harbour is open,\" said Tom Berg.",
    );
    w.ingest(&["docs"]);
    assert_eq!(
        quotes(&w, &["harbour"]),
        vec![
            (
                "Tom Berg".to_string(),
                "The harbour is safe now, the harbour is open,".to_string()
            ),
            (
                "Ana Ruiz".to_string(),
                "The harbour must reopen,".to_string()
            ),
        ]
    );
    assert_eq!(
        quotes(&w, &["harbour", "--speaker", "ruiz"]),
        vec![(
            "Ana Ruiz".to_string(),
            "The harbour must reopen,".to_string()
        )]
    );
    assert_eq!(
        quotes(&w, &["--speaker", "Tom Berg", "--sort", "date"]),
        vec![
            (
                "Tom Berg".to_string(),
                "Fishing boats are waiting,".to_string()
            ),
            (
                "Tom Berg".to_string(),
                "The harbour is safe now, the harbour is open,".to_string()
            ),
        ]
    );
    assert_eq!(quotes(&w, &["storms"]), vec![]);
    assert_eq!(quotes(&w, &["quote:harbour"]), quotes(&w, &["harbour"]));
    assert_eq!(quotes(&w, &["*"]).len(), 3);
    assert_eq!(quotes(&w, &["harbour", "--since", "2024-02"]).len(), 1);
    let text = w.ok(&["quotes", "fishing"]);
    assert_eq!(
        text,
        "1 quotation\n  1. 2024-01-10  Tom Berg: “Fishing boats are waiting,”  docs/a.txt\n"
    );
}

#[test]
fn hard_wrapped_quotations_print_on_one_line() {
    let w = Workdir::new();
    w.write(
        "docs/a.txt",
        " date 2024-01-10 \n\"The harbour must\nreopen soon,\" said Ana Ruiz.",
    );
    w.ingest(&["docs"]);
    assert_eq!(
        w.ok(&["quotes", "harbour"]),
        "1 quotation\n  1. 2024-01-10  Ana Ruiz: “The harbour must reopen soon,”  docs/a.txt\n"
    );
}

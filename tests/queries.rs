//! Queries as people type them (issue 12): wildcards, fuzzy words and
//! "did you mean", typographic quotation marks, stop words in questions,
//! numbers as written, dates in every form ingest reads, phrase snippets,
//! and lenient fallbacks that say what they did. Exact counts on the eight
//! articles of `tests/fixtures/queries/`.

use crate::util::{Workdir, sorted};

fn fixture() -> Workdir {
    let w = Workdir::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/queries");
    w.ingest(&[dir]);
    w
}

/// Articles matching `query` (`newsidx count --format json`).
fn count(w: &Workdir, query: &str, extra: &[&str]) -> u64 {
    let mut args = vec!["count", "--format", "json"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--", query]);
    let v: serde_json::Value = serde_json::from_str(&w.ok(&args)).unwrap();
    v["articles"].as_u64().unwrap()
}

/// Sorted file names of the hits of `query`.
fn names(w: &Workdir, query: &str) -> Vec<String> {
    sorted(w.hits(query, &[]))
}

fn v(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// stderr of `search query`.
fn warnings(w: &Workdir, query: &str) -> String {
    w.ok_stderr(&["search", "--format", "json", "--", query])
}

#[test]
fn prefix_and_wildcard_words_find_every_form() {
    let w = fixture();
    // "immigration", "Immigrants", "immigrant": stems immigr, immigr, immigr.
    assert_eq!(names(&w, "immigra*"), v(&["q01.txt", "q02.txt", "q03.txt"]));
    // Wildcards match the index's stems: "immigrant" and "immigration"
    // share the stem immigr, so IMMIGRANT* finds both.
    assert_eq!(
        names(&w, "IMMIGRANT*"),
        v(&["q01.txt", "q02.txt", "q03.txt"])
    );
    assert_eq!(names(&w, "colo?r"), v(&["q06.txt"]));
    assert_eq!(names(&w, "colo*r"), v(&["q05.txt", "q06.txt"]));
    assert_eq!(names(&w, "immigra* japan"), v(&["q01.txt", "q02.txt"]));
    assert_eq!(count(&w, "immigra* OR crude", &[]), 5);
    assert_eq!(count(&w, "immigra* -japan", &[]), 1);
    // No warning when the wildcard was understood.
    assert!(!warnings(&w, "immigra*").contains("warning"));
    let err = warnings(&w, "zebra*");
    assert!(err.contains("zebra* matches no word of the index"), "{err}");
    // A `?` at the end of a word is a question mark.
    assert_eq!(count(&w, "japan?", &[]), 2);
}

#[test]
fn fuzzy_words_and_did_you_mean() {
    let w = fixture();
    // One edit from "defict": deficit (q01 q02 q04 q08), deficits (q05),
    // defect (q06).
    assert_eq!(count(&w, "defict~1", &[]), 6);
    assert_eq!(names(&w, "defect~0"), v(&["q06.txt"]));
    // Stem ministr: one edit from ministri (Ministry, q01) and minist
    // (ministers, q07).
    assert_eq!(names(&w, "ministrs~1"), v(&["q01.txt", "q07.txt"]));
    assert_eq!(count(&w, "ministrs~", &[]), 2);
    // Nothing found: a line on stderr, never in the JSON on stdout.
    let out = w
        .cmd(&["search", "--format", "json", "--", "deficitt japan"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["total"], 0);
    assert!(!stdout.contains("did you mean"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("did you mean: deficit japan"), "{stderr}");
    assert_eq!(count(&w, "deficit japan", &[]), 2);
    let err = w.ok_stderr(&["count", "--", "deficitt japan"]);
    assert!(err.contains("did you mean: deficit japan"), "{err}");
    // A word that is found gets no suggestion.
    let err = w.ok_stderr(&["count", "--", "deficit zebra"]);
    assert!(!err.contains("deficit"), "{err}");
}

#[test]
fn typographic_quotation_marks_are_phrase_marks() {
    let w = fixture();
    assert_eq!(count(&w, "trade deficit", &[]), 4);
    for q in [
        "\"trade deficit\"",
        "“trade deficit”",
        "„trade deficit“",
        "«trade deficit»",
        "‘trade deficit’",
        "\"trade deficit”",
    ] {
        assert_eq!(count(&w, q, &[]), 3, "{q}");
    }
    // The apostrophe of a word is not a quotation mark.
    assert_eq!(count(&w, "‘trade ministry’", &[]), 1);
    assert_eq!(count(&w, "‘trade ministry’s’", &[]), 0);
    // Unbalanced: the phrase runs to the end, with a warning.
    assert_eq!(count(&w, "“trade deficit", &[]), 3);
    let err = warnings(&w, "“trade deficit");
    assert!(err.contains("unbalanced quotation mark"), "{err}");
    // kwic finds the phrase, not each word.
    let lines = w.ok(&["kwic", "--format", "jsonl", "--", "“trade deficit”"]);
    assert_eq!(lines.lines().count(), 3);
}

#[test]
fn stop_words_in_questions_are_optional() {
    let w = fixture();
    assert_eq!(
        names(&w, "what is the trade deficit with japan?"),
        names(&w, "trade deficit japan")
    );
    assert_eq!(count(&w, "what is the trade deficit with japan?", &[]), 2);
    // Inside a phrase they still count.
    assert_eq!(count(&w, "\"the trade deficit\"", &[]), 3);
    assert_eq!(count(&w, "\"deficit with japan\"", &[]), 2);
    // Only stop words: they are required.
    assert_eq!(count(&w, "with the", &[]), 2);
    // Explicitly required: `+`.
    assert_eq!(count(&w, "+with japan", &[]), 2);
    // Lower-case operators are words, with a hint.
    assert_eq!(count(&w, "oil not opec", &[]), 1);
    let err = warnings(&w, "oil not opec");
    assert!(err.contains("did you mean NOT?"), "{err}");
    let err = warnings(&w, "oil or opec");
    assert!(err.contains("did you mean OR?"), "{err}");
    assert_eq!(count(&w, "oil OR opec", &[]), 3);
}

#[test]
fn numbers_as_written() {
    let w = fixture();
    // 3.5 pct (q02), 3.5% (q04), 3.5 percent (q07); "3-5 years" (q03) is
    // not 3.5.
    assert_eq!(names(&w, "3.5%"), v(&["q02.txt", "q04.txt", "q07.txt"]));
    assert_eq!(count(&w, "3.5 pct", &[]), 3);
    assert_eq!(count(&w, "\"3.5\"", &[]), 3);
    assert_eq!(count(&w, "\"3 5\"", &[]), 1);
    assert_eq!(names(&w, "1,000"), v(&["q03.txt", "q05.txt"]));
    assert_eq!(names(&w, "1000"), v(&["q03.txt", "q05.txt"]));
    // `$1.2 billion` is the phrase "1.2 billion"; 1.2 alone is in three.
    assert_eq!(names(&w, "$1.2 billion"), v(&["q04.txt", "q07.txt"]));
    assert_eq!(count(&w, "1.2", &[]), 3);
    // U.S. is one word, not the pronoun.
    assert_eq!(names(&w, "U.S."), v(&["q05.txt"]));
    assert_eq!(names(&w, "us"), v(&["q06.txt"]));
}

#[test]
fn dates_in_every_form_and_comparisons() {
    let w = fixture();
    assert_eq!(count(&w, "date:>1987-10-01", &[]), 3);
    assert_eq!(count(&w, "date:>=1987-10-19", &[]), 2);
    assert_eq!(count(&w, "date:>1987-10-19", &[]), 1);
    assert_eq!(count(&w, "date:<1987-03-15", &[]), 2);
    assert_eq!(count(&w, "date:<=1987/03/15", &[]), 3);
    assert_eq!(count(&w, "date:>1987-03", &[]), 5);
    assert_eq!(count(&w, "date:\"March 2, 1987\"", &[]), 1);
    assert_eq!(count(&w, "date:1987-10-19T12:00:00Z", &[]), 1);
    assert_eq!(count(&w, "oil date:>=1987/10/19", &[]), 2);
    assert_eq!(count(&w, "", &["--since", "1987/10/19"]), 2);
    assert_eq!(count(&w, "", &["--until", "March 2, 1987"]), 2);
    assert_eq!(count(&w, "", &["--since", "19871002"]), 3);
    let (code, err) = w.err(&["count", "--", "date:>10/03/1987"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid date"), "{err}");
}

#[test]
fn phrase_snippets_are_centred_and_highlighted_as_one() {
    let w = fixture();
    let v = w.search_json("\"trade deficit\"", &[]);
    for hit in v["hits"].as_array().unwrap() {
        let text = hit["snippet"]["text"].as_str().unwrap();
        let hl = hit["snippet"]["highlights"].as_array().unwrap();
        assert_eq!(hl.len(), 1, "{text}");
        let (s, e) = (hl[0][0].as_u64().unwrap(), hl[0][1].as_u64().unwrap());
        assert_eq!(text[s as usize..e as usize].to_lowercase(), "trade deficit");
    }
    // q08: the phrase is 700 bytes into the body; the snippet is centred
    // on it.
    let hit = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["path"].as_str().unwrap().ends_with("q08.txt"))
        .unwrap();
    let text = hit["snippet"]["text"].as_str().unwrap();
    let s = hit["snippet"]["highlights"][0][0].as_u64().unwrap() as usize;
    assert!(text.len() <= 200, "{text}");
    assert!((70..=110).contains(&s), "{s}: {text}");
    // Two words: each highlighted, the passage holding both chosen.
    let v = w.search_json("ministry japan", &[]);
    let hit = &v["hits"][0];
    assert_eq!(hit["snippet"]["highlights"].as_array().unwrap().len(), 2);
}

#[test]
fn lenient_fallbacks_find_what_was_meant_or_say_so() {
    let w = fixture();
    // A one-word phrase prefix is a prefix.
    assert_eq!(count(&w, "\"crude\"*", &[]), 2);
    assert_eq!(count(&w, "\"crude o\"*", &[]), 2);
    assert_eq!(count(&w, "\"crude oi\"*", &[]), 2);
    // A boost that is not a number is dropped, with a warning.
    assert_eq!(count(&w, "oil^abc", &[]), count(&w, "oil", &[]));
    let err = warnings(&w, "oil^abc");
    assert!(err.contains("a boost is a positive number"), "{err}");
    // Empty phrases: nothing to search for, said plainly.
    assert_eq!(count(&w, "\"\" \"\"", &[]), 0);
    let err = warnings(&w, "\"\" \"\"");
    assert!(err.contains("has no word to search for"), "{err}");
    let err = warnings(&w, "*?");
    assert!(err.contains("a wildcard needs letters"), "{err}");
    assert_eq!(count(&w, "t*", &[]), 7);
}

#[test]
fn queries_without_a_word_find_nothing_and_say_so() {
    let w = fixture();
    // Operators, signs and punctuation alone were once read leniently as
    // "every document" (and `delete --query '- -'` emptied the index).
    for q in [
        "- -", "- - -", "+ +", "~", "^", "{", "}", "\\", "-oil", "NOT oil", "- -oil", "(-)", "+(",
        "||", "-(oil)",
    ] {
        assert_eq!(count(&w, q, &[]), 0, "{q}");
        let err = w.ok_stderr(&["count", "--", q]);
        assert_eq!(
            err,
            format!(
                "newsidx: warning: the query {q:?} has no word to search for: only operators, excluded words or punctuation; no hits\n"
            ),
            "{q}"
        );
    }
    // Every command that takes a query.
    assert_eq!(w.search_json("- -", &[])["total"], 0);
    assert_eq!(w.ok(&["export", "--format", "jsonl", "--", "- -"]), "");
    let quotes: serde_json::Value =
        serde_json::from_str(&w.ok(&["quotes", "--format", "json", "--", "+ +"])).unwrap();
    assert_eq!(quotes["total"], 0, "{quotes}");
    let (code, err) = w.err(&["kwic", "--", "- -"]);
    assert_eq!(code, 2, "{err}");
    // A punctuation word next to a real one is left out.
    assert_eq!(count(&w, "oil -", &[]), count(&w, "oil", &[]));
    // `||` and `&&` are OR and AND.
    assert_eq!(count(&w, "oil || opec", &[]), 3);
    assert_eq!(count(&w, "oil||opec", &[]), 3);
    assert_eq!(count(&w, "oil && opec", &[]), 1);
    // Inside a phrase they are punctuation: the phrase "oil opec".
    assert_eq!(count(&w, "\"oil || opec\"", &[]), 0);
}

#[test]
fn did_you_mean_replaces_only_words_not_in_the_index_by_words_one_can_type() {
    let w = fixture();
    let line = |q: &str| {
        assert_eq!(count(&w, q, &[]), 0, "{q}");
        w.ok_stderr(&["count", "--", q])
    };
    // A correctly spelt word next to a misspelt one is kept.
    assert_eq!(
        line("immigration deficitt"),
        "newsidx: warning: no hits; did you mean: immigration deficit\n"
    );
    // A query of correct words that never occur together: no suggestion.
    assert_eq!(line("immigration opec"), "");
    assert_eq!(line("harvest crude"), "");
    // Suggestions are words, not stems (inflat, ministr, report): the
    // word closest to the one typed, its capitals kept.
    assert_eq!(
        line("inflaton japan"),
        "newsidx: warning: no hits; did you mean: inflation japan\n"
    );
    assert_eq!(
        line("Harvst reportss"),
        "newsidx: warning: no hits; did you mean: Harvest reports\n"
    );
    assert_eq!(
        line("ministrs japan"),
        "newsidx: warning: no hits; did you mean: ministers japan\n"
    );
    // What was suggested finds what the line claims.
    assert_eq!(count(&w, "inflation japan", &[]), 0);
    assert_eq!(count(&w, "inflation", &[]), 1);
    assert_eq!(count(&w, "Harvest reports", &[]), 1);
    // Wildcards, fuzzy words, field words and excluded words are left alone.
    assert_eq!(
        line("\"trade defic*\" japann"),
        "newsidx: warning: no hits; did you mean: \"trade defic*\" japan\n"
    );
    assert_eq!(
        line("deficitt -japann NOT (koreaa OR chinaa) deficitt~1"),
        "newsidx: warning: no hits; did you mean: deficit -japann NOT (koreaa OR chinaa) deficitt~1\n"
    );
    assert_eq!(
        line("NOT immigra*"),
        "newsidx: warning: the query \"NOT immigra*\" has no word to search for: only operators, excluded words or punctuation; no hits\n"
    );
}

#[test]
fn stop_words_in_capitals_are_acronyms() {
    let w = fixture();
    // "us" is a common word, optional next to others; `US` is an acronym
    // and required (q06: "told us"; the index does not tell the two apart).
    assert_eq!(count(&w, "us oil", &[]), 3);
    assert_eq!(names(&w, "US oil"), v(&["q06.txt"]));
    assert_eq!(count(&w, "who oil", &[]), 3);
    assert_eq!(count(&w, "WHO oil", &[]), 0);
    assert_eq!(count(&w, "IT oil", &[]), 0);
    // One capital letter is not an acronym: `A` stays optional.
    assert_eq!(count(&w, "oil A", &[]), 3);
    // Mixed case is a common word.
    assert_eq!(count(&w, "Us oil", &[]), 3);
}

#[test]
fn unreadable_suffixes_and_patterns_say_what_was_searched() {
    let w = fixture();
    // `~` followed by something else than a number of edits.
    for q in ["oil~abc", "oil~1.5"] {
        assert_eq!(count(&w, q, &[]), 3, "{q}");
        assert_eq!(
            w.ok_stderr(&["count", "--", q]),
            format!(
                "newsidx: warning: {q}: a fuzzy word takes 1 or 2 edits (oil~1, oil~2); searched \"oil\" as written\n"
            )
        );
    }
    // A field inside a field is a usage error (was: tantivy's "Field does
    // not exist: '1987-12-31T00'").
    let (code, err) = w.err(&["count", "--", "title:date:1987"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "newsidx: title:date:1987: a field cannot hold another field; write one per word (title:oil date:1987)\n"
    );
    // `date:` inside a phrase is text, not a date range over every article.
    assert_eq!(count(&w, "\"date:1987\"", &[]), 0);
    assert_eq!(count(&w, "body:\"date:1987\" oil", &[]), 0);
    // A pattern longer than any indexed word (was: "Compiled regex exceeds
    // size limit of 1000 states").
    let long = format!("{}x", "?".repeat(300));
    assert_eq!(count(&w, &long, &[]), 0);
    assert_eq!(
        w.ok_stderr(&["count", "--", &long]),
        format!(
            "newsidx: warning: {}… matches no word of the index\n",
            "?".repeat(40)
        )
    );
    // So is a word: left out, with a warning.
    let word = "a".repeat(50);
    assert_eq!(count(&w, &format!("oil {word}"), &[]), 3);
    assert_eq!(
        w.ok_stderr(&["count", "--", &format!("oil {word}")]),
        format!(
            "newsidx: warning: {}…: words longer than 40 letters are not indexed; left out\n",
            "a".repeat(40)
        )
    );
    // Repeated stars are one.
    assert_eq!(names(&w, "immigra**"), names(&w, "immigra*"));
    assert_eq!(count(&w, "immigra***", &[]), 3);
}

#[test]
fn numbers_in_phrases_and_signs_before_phrases_and_groups() {
    let w = fixture();
    // A percentage inside a phrase is written any of the four ways.
    assert_eq!(names(&w, "\"3.5%\""), v(&["q02.txt", "q04.txt", "q07.txt"]));
    assert_eq!(names(&w, "\"was 3.5 pct\""), v(&["q04.txt"]));
    assert_eq!(names(&w, "\"at 3.5%\""), v(&["q07.txt"]));
    assert_eq!(names(&w, "\"to 3.5 percent\""), v(&["q02.txt"]));
    assert_eq!(count(&w, "-\"was 3.5%\" 3.5%", &[]), 2);
    // A currency written with its country.
    assert_eq!(names(&w, "US$1.2 billion"), v(&["q04.txt", "q07.txt"]));
    assert_eq!(names(&w, "\"US$1.2 billion loan\""), v(&["q04.txt"]));
    // `-` before a phrase or a group excludes all of it (was: the sign
    // was dropped, `-"trade deficit"` required the phrase).
    assert_eq!(
        names(&w, "deficit -\"trade deficit\""),
        v(&["q01.txt", "q05.txt"])
    );
    assert_eq!(names(&w, "oil -(opec OR colour)"), v(&["q05.txt"]));
    assert_eq!(
        names(&w, "oil NOT (opec OR colour)"),
        names(&w, "oil -(opec OR colour)")
    );
}

#[test]
fn excluded_phrases_do_not_panic() {
    let w = fixture();
    // tantivy 0.27's phrase scorer asserted (debug builds) under NOT.
    assert_eq!(
        names(&w, "deficit NOT \"trade deficit\""),
        v(&["q01.txt", "q05.txt"])
    );
    assert_eq!(count(&w, "oil NOT \"crude oil\"", &[]), 1);
    assert_eq!(
        count(
            &w,
            "(deficit OR oil) -(\"trade deficit\" OR \"crude oil\")",
            &[]
        ),
        2 // q01, q07
    );
}

#[test]
fn help_and_man_page_describe_the_query_syntax() {
    let w = Workdir::new();
    let pages = [
        w.ok(&["search", "--help"]),
        w.ok(&["count", "--help"]),
        // roff writes `-` as `\-`.
        w.ok(&["man", "search"]).replace("\\-", "-"),
    ];
    for page in &pages {
        assert!(!page.contains("Prefixes work on phrases"), "{page}");
        for rule in [
            "immigra*, colo?r",
            "deficit~1, deficit~",
            "date:>1987-10-01, date:>=X, date:<X, date:<=X",
            "in capitals (US, IT, WHO) they are acronyms",
            "(also ||; && is AND)",
            "finds nothing and says so",
        ] {
            assert!(page.contains(rule), "{rule}: {page}");
        }
    }
}

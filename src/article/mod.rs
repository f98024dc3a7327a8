//! Stage 1 of the flow: article text → [`Article`].
//!
//! Pure functions of text: nothing here reads files, knows tantivy or
//! writes to stdout. The submodules each own one kind of extraction:
//! [`header`] (the ` date YYYY-MM-DD ` line), [`tweets`] (embedded tweet
//! bylines and `@handles`), [`attribution`] (quotation spans and their
//! attribution, a pipeline of stages over tokens) and [`names`] (speaker names: titles, variants, merging).

pub mod attribution;
pub mod header;
pub mod names;
pub mod tweets;
pub mod wrap;

use chrono::NaiveDate;
use regex::{Regex, RegexBuilder};
use serde::Serialize;

/// One news article, as extracted from its text.
///
/// Produced by [`Article::parse`]; every field is derived from the text
/// alone (no file system, no index).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Article {
    /// Publication date from the ` date YYYY-MM-DD ` header (a calendar day,
    /// indexed as UTC midnight); `None` when the header is missing or
    /// malformed.
    pub date: Option<NaiveDate>,
    /// What the header looked like; lets ingest count articles without a date.
    #[serde(skip)]
    pub header: HeaderStatus,
    /// Headline, when the input format carries one (JSON/CSV records);
    /// `None` for `.txt` articles.
    pub title: Option<String>,
    /// The article text after the header (all of the text when there is no
    /// header). Quote offsets are byte offsets into this string.
    #[serde(skip)]
    pub body: String,
    /// Every `@handle` in the body, without `@`, in order of first
    /// appearance, each once (compared case-insensitively, first-seen case
    /// kept). E-mail addresses are not handles.
    pub handles: Vec<String>,
    /// Embedded tweets, in order of appearance.
    pub tweets: Vec<Tweet>,
    /// Direct quotations, in order of appearance.
    pub quotes: Vec<Quote>,
    /// Who is directly quoted or whose tweet is embedded: full names without
    /// titles, variants merged, in order of first appearance, each once.
    pub speakers: Vec<String>,
}

/// Whether and how the ` date YYYY-MM-DD ` header was found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeaderStatus {
    /// A full header with a valid calendar date.
    #[default]
    Ok,
    /// The text does not start with ` date `.
    Missing,
    /// The text starts with ` date ` but what follows is not a valid
    /// `YYYY-MM-DD` date (e.g. ` date 2018-04 ` or ` date 2024-02-30 `).
    Malformed,
}

/// An embedded tweet: the byline `— Display Name (@handle) Month D, YYYY`
/// and the tweet text before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Tweet {
    /// Display name from the byline, cleaned of emoji and decorations.
    pub author: String,
    /// The handle from the byline, without `@`.
    pub handle: String,
    /// The date after the handle; `None` when it is missing or unparseable.
    pub date: Option<NaiveDate>,
    /// The tweet text before the byline (without the `pic.twitter.com/…` or
    /// `https://t.co/…` link).
    pub text: String,
}

/// A direct quotation and who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Quote {
    /// The attributed speaker (full name, no title); `None` when the
    /// quotation has no attribution the parser trusts.
    pub speaker: Option<String>,
    /// The text between the quotation marks.
    pub text: String,
    /// Byte offset of the first byte of `text` in [`Article::body`].
    pub start: usize,
    /// Byte offset one past the last byte of `text` in [`Article::body`].
    pub end: usize,
}

impl Article {
    /// Parses an article in the seed format: an optional ` date YYYY-MM-DD `
    /// header, then the body.
    ///
    /// Expects text already decoded and normalised (see `source::text`).
    /// Never fails: a missing or malformed header yields `date: None` and the
    /// whole text as body.
    ///
    /// ```
    /// let a = newsidx::article::Article::parse(" date 2024-03-10 \"We will appeal,\" said Jane Doe.");
    /// assert_eq!(a.date.unwrap().to_string(), "2024-03-10");
    /// assert_eq!(a.speakers, vec!["Jane Doe"]);
    /// ```
    pub fn parse(text: &str) -> Article {
        let (header, date, body) = header::split(text);
        Article::from_parts(date, header, None, body.to_string())
    }

    /// Builds an article from a body whose date and title came from
    /// elsewhere (a JSON or CSV record), running all extraction on `body`.
    pub fn from_parts(
        date: Option<NaiveDate>,
        header: HeaderStatus,
        title: Option<String>,
        body: String,
    ) -> Article {
        let handles = tweets::handles(&body);
        let mut placed = tweets::tweets_at(&body);
        placed.extend(tweets::signed_lines_at(&body));
        placed.sort_by_key(|(at, _)| *at);
        // Attribution reads wire copy with its soft line breaks joined
        // (same byte offsets); quotation text comes from the body itself.
        let work = wrap::joined(&body);
        let legal_forms = std::cell::OnceCell::new();
        let mut quotes = attribution::quotations_sharing(&work, &legal_forms);
        if matches!(work, std::borrow::Cow::Owned(_)) {
            // Joined text: take each quotation's text, line breaks and all,
            // from the body (same offsets).
            for q in &mut quotes {
                if let Some(t) = body.get(q.start..q.end) {
                    t.clone_into(&mut q.text);
                }
            }
        }
        let acronyms = if placed.is_empty() && quotes.iter().all(|q| q.speaker.is_none()) {
            Default::default()
        } else {
            names::acronyms(&work)
        };
        let mut speakers = names::speakers(&quotes, &placed, &acronyms);
        let mut replaced = names::expand_surnames(&mut speakers, &work);
        replaced.extend(names::add_legal_forms(&mut speakers, &work, &legal_forms));
        replaced.extend(names::expand_organisations(&mut speakers, &work));
        drop(work);
        // Each quotation speaker in the form of its `speakers` entry.
        // Looked up, not scanned: an article can hold thousands of them.
        let mut completed: rustc_hash::FxHashMap<&str, &str> = Default::default();
        for (old, new) in &replaced {
            // The first replacement of a name is the one applied first.
            completed.entry(old.as_str()).or_insert(new.as_str());
        }
        let index = names::SpeakerIndex::new(&speakers);
        for q in &mut quotes {
            // A name completed from the article ("Li" → "Li Sangsu").
            // (A completion can itself be completed: "Mart" → "K Mart" →
            // "K Mart Corp".)
            for _ in 0..4 {
                match q.speaker.as_deref().and_then(|s| completed.get(s)) {
                    Some(new) if q.speaker.as_deref() != Some(*new) => {
                        q.speaker = Some((*new).to_string());
                    }
                    _ => break,
                }
            }
            if let Some(s) = q.speaker.as_deref()
                && let Some(c) = index.canonical(s, &acronyms)
            {
                q.speaker = Some(c.clone());
            }
        }
        let tweets = placed.into_iter().map(|(_, t)| t).collect();
        Article {
            date,
            header,
            title,
            body,
            handles,
            tweets,
            quotes,
            speakers,
        }
    }
}

/// Compiles one of the extraction patterns.
///
/// The patterns use Unicode classes and bounded repetitions, whose lazy
/// DFA needs more room than the regex crate's default cache: with the
/// default, the cache was cleared and rebuilt for nearly every article and
/// determinization took three quarters of the parse time. Each thread
/// keeps its own cache, so the limit bounds memory per thread.
///
/// # Errors
/// The regex crate's error for an invalid pattern (the patterns are
/// constants, so tests catch it).
fn regex(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern).dfa_size_limit(32 << 20).build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes_of(a: &Article) -> Vec<(Option<&str>, &str)> {
        a.quotes
            .iter()
            .map(|q| (q.speaker.as_deref(), q.text.as_str()))
            .collect()
    }

    #[test]
    fn f26_he_added_descriptive_clause_pronoun() {
        let a = Article::parse(
            " date 2024-02-02 \nTom Okafor, a harbour pilot, said: \"The channel needs dredging now.\n\n\"If it isn't done, ships will run aground,\" he added.\n\nLater, Priya Nair said she agreed.\n",
        );
        assert_eq!(a.speakers, vec!["Tom Okafor"]);
        assert_eq!(
            quotes_of(&a),
            vec![
                (Some("Tom Okafor"), "The channel needs dredging now."),
                (
                    Some("Tom Okafor"),
                    "If it isn't done, ships will run aground,"
                ),
            ]
        );
    }

    #[test]
    fn f27_quote_before_attribution_dash_and_other_verbs() {
        let a = Article::parse(
            " date 2024-06-30 \n\"The new schedule starts Monday,\" said Transit Director Lina Park.\n\"Fares will not change.\" —Councillor Omar Haddad\n\"It's about time,\" grumbled Sam Ito, a commuter.\n",
        );
        assert_eq!(a.speakers, vec!["Lina Park", "Omar Haddad", "Sam Ito"]);
        assert_eq!(
            quotes_of(&a),
            vec![
                (Some("Lina Park"), "The new schedule starts Monday,"),
                (Some("Omar Haddad"), "Fares will not change."),
                (Some("Sam Ito"), "It's about time,"),
            ]
        );
    }

    #[test]
    fn f28_colon_quote_in_next_paragraph() {
        let a = Article::parse(
            " date 2024-08-15 \nAnd from Board Chair Dana Cole:\n\n“The audit confirms our accounts are in order, and we will publish it in full.”\n",
        );
        assert_eq!(a.speakers, vec!["Dana Cole"]);
        assert_eq!(
            quotes_of(&a),
            vec![(
                Some("Dana Cole"),
                "The audit confirms our accounts are in order, and we will publish it in full."
            )]
        );
    }

    #[test]
    fn f29_straight_and_curly_quotes_with_apostrophes() {
        let a = Article::parse(
            " date 2024-12-01 \n\u{201c}We didn\u{2019}t expect this,\u{201d} said Rosa Vidal. Rick Stone said \"it\u{2019}s the council\u{2019}s call\" before leaving.\n",
        );
        assert_eq!(a.speakers, vec!["Rosa Vidal", "Rick Stone"]);
        assert_eq!(
            quotes_of(&a),
            vec![
                (Some("Rosa Vidal"), "We didn\u{2019}t expect this,"),
                (Some("Rick Stone"), "it\u{2019}s the council\u{2019}s call"),
            ]
        );
    }

    #[test]
    fn seed_article() {
        let text = include_str!("../../seeds/000_fbf6acf740d45b26.txt");
        let a = Article::parse(text);
        assert_eq!(a.date.unwrap().to_string(), "2019-12-31");
        assert_eq!(
            a.handles,
            vec!["Mustafa_salimb", "NewsBreaking", "realDonaldTrump"]
        );
        let authors: Vec<&str> = a.tweets.iter().map(|t| t.author.as_str()).collect();
        assert_eq!(
            authors,
            vec!["Mustafa Salim", "LIVE Breaking News", "Donald J. Trump"]
        );
        // "President Donald Trump", "he" and the tweet's "Donald J. Trump"
        // are one speaker, in the fullest form.
        assert_eq!(
            a.speakers,
            vec!["Mustafa Salim", "LIVE Breaking News", "Donald J. Trump"]
        );
        let q = a
            .quotes
            .iter()
            .find(|q| q.text == "We strongly responded, and always will,")
            .expect("quote");
        assert!(q.speaker.as_deref().unwrap().ends_with("Trump"));
    }

    #[test]
    fn tweets_are_ordered_among_quotes() {
        let a = Article::parse(
            "Hi all pic.twitter.com/AbCdEfGh12 — Kai Moe (@kaimoe) May 2, 2021\n\n\"Noted,\" said Lia Fenn.",
        );
        assert_eq!(a.speakers, vec!["Kai Moe", "Lia Fenn"]);
    }

    #[test]
    fn single_surname_speaker_takes_unique_full_name_from_text() {
        let a = Article::parse(
            "Talks began after Harbour Minister Elena Markov's visit.\n\nMarkov said \"We will not sign today.\"\n",
        );
        assert_eq!(a.speakers, vec!["Elena Markov"]);
        assert_eq!(
            quotes_of(&a),
            vec![(Some("Elena Markov"), "We will not sign today.")]
        );
    }

    #[test]
    fn single_surname_left_alone_when_ambiguous() {
        let a = Article::parse(
            "Anna Vega and Luis Vega arrived late.\n\nVega said \"The road was closed.\"\n",
        );
        assert_eq!(a.speakers, vec!["Vega"]);
    }

    #[test]
    fn dotted_initials_stay_in_the_name() {
        let a = Article::parse("\"The dam is safe,\" said B.K. Lorne, an engineer.\n");
        assert_eq!(a.speakers, vec!["B.K. Lorne"]);
    }

    #[test]
    fn plural_and_generic_nouns_are_not_speakers() {
        let a = Article::parse(
            "The aides met twice.\n\nAides said \"Nothing was decided.\"\n\none clerk at a local Bank said \"We are open.\"\n",
        );
        assert!(a.speakers.is_empty(), "{:?}", a.speakers);
        assert_eq!(
            quotes_of(&a),
            vec![(None, "Nothing was decided."), (None, "We are open.")]
        );
    }

    #[test]
    fn quote_speakers_use_the_merged_speaker_form() {
        let a = Article::parse("\"Ready,\" said Mara Quinn.\n\nMara T. Quinn said \"Go.\"\n");
        assert_eq!(a.speakers, vec!["Mara T. Quinn"]);
        assert_eq!(
            quotes_of(&a),
            vec![
                (Some("Mara T. Quinn"), "Ready,"),
                (Some("Mara T. Quinn"), "Go.")
            ]
        );
    }

    #[test]
    fn all_caps_and_mixed_case_variants_merge() {
        let a = Article::parse("ORTEGA: \"We won.\"\n\n\"It was close,\" said Ortega.\n");
        assert_eq!(a.speakers, vec!["Ortega"]);
        assert_eq!(
            quotes_of(&a),
            vec![
                (Some("Ortega"), "We won."),
                (Some("Ortega"), "It was close,")
            ]
        );
    }

    #[test]
    fn surname_first_names_are_completed_when_the_article_writes_one() {
        let a = Article::parse(
            " date 1987-06-19 \nChang Chi-Cheng, a central bank official, spoke.\n    \"Reserves rise slowly,\" Chang said.\n",
        );
        assert_eq!(a.speakers, vec!["Chang Chi-Cheng"]);
        // A Western given name after the word is not a surname-first name.
        let a = Article::parse(
            " date 1987-06-19 \nMorgan Stanley analysts met.\n    \"Rates will fall,\" Morgan said.\n",
        );
        assert_eq!(a.speakers, vec!["Morgan"]);
    }

    #[test]
    fn wire_copy_roles_places_and_descriptions() {
        let a = Article::parse(
            " date 1987-03-02 LAWSON SEES STABLE POUND
    Chancellor of the Exchequer Nigel
Lawson said the pound was \"very stable\" and would stay
so for the rest of the year, he told
parliament on Monday.
    He said the United States will \"press vigorously\" for
liberalization in all markets, he
said.
    \"We are worried,\" said another Japanese bank
official in Tokyo who declined to be named.
    \"Rates will fall,\" said Chase Manhattan Securities
economist Robin Marshall.
",
        );
        assert_eq!(a.speakers, vec!["Nigel Lawson", "Robin Marshall"]);
        assert_eq!(
            quotes_of(&a),
            vec![
                (Some("Nigel Lawson"), "very stable"),
                (Some("Nigel Lawson"), "press vigorously"),
                (None, "We are worried,"),
                (Some("Robin Marshall"), "Rates will fall,"),
            ]
        );
    }

    #[test]
    fn handles_as_subjects_and_list_bylines() {
        let a = Article::parse(
            "Reactions poured in.\n\n@mr_reddy commented: \u{201c}Nobody saw that coming.\u{201d}\n\n1. \u{201c}What a night.\u{201d} @MegsLeigh\n",
        );
        assert_eq!(a.speakers, vec!["mr_reddy", "MegsLeigh"]);
    }

    #[test]
    fn places_possessives_and_day_words_are_not_names() {
        let a = Article::parse(
            "\"We will act,\" Iran said.\n\n\"No comment,\" Baker's spokesman said.\n\n\"Talks go on,\" said Clayton Yeutter Monday.\n",
        );
        assert_eq!(a.speakers, vec!["Clayton Yeutter"]);
    }

    #[test]
    fn organisations_with_and_and_legal_forms() {
        let a = Article::parse(
            "Jones and Vining Inc said it was \"very pleased\" with the offer.\n\nK Mart Corp reported sales.\n\n\"Sales were strong,\" K Mart said.\n",
        );
        assert_eq!(a.speakers, vec!["Jones and Vining Inc", "K Mart Corp"]);
    }

    #[test]
    fn he_after_an_unnamed_source_is_not_an_earlier_name() {
        let a = Article::parse(
            "\"Costs are up,\" said Ana Ruiz.\n\n\"Profits will fall,\" an aide said.\n\n\"We expect a motion,\" he said.\n",
        );
        assert_eq!(
            quotes_of(&a),
            vec![
                (Some("Ana Ruiz"), "Costs are up,"),
                (None, "Profits will fall,"),
                (None, "We expect a motion,"),
            ]
        );
    }

    #[test]
    fn newline_before_header_gives_no_date() {
        assert_eq!(Article::parse("\n date 2020-01-01 Body").date, None);
    }

    mod prop {
        use super::super::Article;
        use proptest::prelude::*;

        fn piece() -> impl Strategy<Value = String> {
            prop_oneof![
                Just("\"".to_string()),
                Just("“".to_string()),
                Just("”".to_string()),
                Just("‘".to_string()),
                Just("’".to_string()),
                Just("''".to_string()),
                Just("—".to_string()),
                Just("–".to_string()),
                Just(" - ".to_string()),
                Just("@".to_string()),
                Just("(@a_b)".to_string()),
                Just("\n".to_string()),
                Just("\n\n".to_string()),
                Just(" said ".to_string()),
                Just(" he added".to_string()),
                Just("Ana Ruiz".to_string()),
                Just("é😀ツ".to_string()),
                Just(" date 2024-01-02 ".to_string()),
                Just("pic.twitter.com/".to_string()),
                "[a-zA-Z .,:]{0,8}",
                any::<char>().prop_map(|c| c.to_string()),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(
                std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000)
            ))]
            #[test]
            fn offsets_are_valid(parts in proptest::collection::vec(piece(), 0..60)) {
                let text: String = parts.concat();
                let a = Article::parse(&text);
                for q in &a.quotes {
                    prop_assert!(q.start <= q.end && q.end <= a.body.len());
                    prop_assert!(a.body.is_char_boundary(q.start));
                    prop_assert!(a.body.is_char_boundary(q.end));
                    prop_assert_eq!(&a.body[q.start..q.end], q.text.as_str());
                }
            }
        }
    }
}

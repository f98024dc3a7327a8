//! The schema: the one place that names fields and analyzers.
//!
//! | field     | type | options | why |
//! |-----------|------|---------|-----|
//! | `key`     | text, `raw` | indexed, stored, fast | stable key of each copy (the n-th `key` pairs with the n-th stored `path`); deletes and re-ingest find a document by it |
//! | `path`    | text, `raw` | indexed, stored | source file(s); several when syndicated copies were merged |
//! | `hash`    | text, `raw` | indexed, stored, fast | content hash; "unchanged" and duplicate detection |
//! | `date`    | date | indexed, stored, fast | UTC midnight of the article's day; range filters and timelines |
//! | `title`   | text, `news` | positions, stored | headline (JSON/CSV inputs, or the rest of a `.txt` date line); boosted ×2 in ranking |
//! | `body`    | text, `news` | positions, stored | the article text; phrases, snippets, concordance |
//! | `handle`  | text, `handle` | indexed, stored, fast (`raw`) | `@handles` without `@`, case-insensitive search, counts |
//! | `speaker` | text, `name` | positions, stored, fast (`raw`) | quoted speakers; any name word searchable, full names counted |
//! | `quote`   | text, `news` | positions | quotation texts, searchable on their own |
//! | `quotes`  | JSON text | stored | quotations with speakers and offsets, for display |
//! | `tweets`  | JSON text | stored | embedded tweets, for display |
//! | `url`     | text, `raw` | indexed, stored | the article's URL (JSON/CSV inputs) |
//! | `source`  | text, `handle` | indexed, stored, fast (`raw`) | outlet or publisher (JSON/CSV inputs) |
//! | `record`  | u64 | stored | record number in a JSON lines/CSV/JSON file (0: a one-article file); the n-th pairs with the n-th `key` |
//! | `title_apart` | text, `raw` | indexed | `1` when the title is not part of the body (JSON/CSV headlines): words without a field search `title` only then |
//!
//! Analyzers (registered under these names on every index this crate opens;
//! the number is the analyzer's version, see [`NEWS_ANALYZER`]):
//! - `news2`: [`NewsTokenizer`] (words; dotted acronyms kept; CJK bigrams),
//!   numbers as written, tokens over 40 bytes dropped, lower-cased, ASCII-folded ("café" →
//!   "cafe"), English Snowball stemming ("embassies" → "embassi" ←
//!   "embassy"); lower-casing, folding and stemming are one filter,
//!   [`CachedTerms`](super::stem::CachedTerms): the terms of tantivy's
//!   `LowerCaser`, `AsciiFoldingFilter` and English `Stemmer`, with a cache.
//! - `name2`: the same without stemming, for speaker names.
//! - `handle`: the whole value as one token, lower-cased.
//!
//! Values of a multi-valued field are separated by a position gap, so a
//! phrase never matches across two speakers ("Doe Mark" does not match
//! "Jane Doe", "Mark Lee").

use super::stem::CachedTerms;
use super::tokenizer::NewsTokenizer;
use tantivy::Index;
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, INDEXED, IndexRecordOption, STORED, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{LowerCaser, RawTokenizer, RemoveLongFilter, TextAnalyzer};

/// Name of the analyzer for article text. The number is the analyzer's
/// version: it changes whenever the analyzer indexes some text differently
/// (2: numbers as written, `3.5`, `1,000` = `1000`, `%`), so that an index
/// built with an older analyzer is recognised ([`SchemaError::Outdated`])
/// instead of silently giving wrong hits.
pub const NEWS_ANALYZER: &str = "news2";
/// Longest token the analyzers index, in bytes: longer ones are dropped
/// (so a query word longer than this can match nothing).
pub const MAX_TOKEN_BYTES: usize = 40;
/// Name of the analyzer for speaker names (versioned like
/// [`NEWS_ANALYZER`]).
pub const NAME_ANALYZER: &str = "name2";
/// Analyzer names of earlier versions of newsidx, with what changed since.
const OLD_ANALYZERS: &[(&str, &str)] = &[
    (
        "news",
        "numbers are now indexed as written: 3.5, 1,000 = 1000, %",
    ),
    (
        "name",
        "numbers are now indexed as written: 3.5, 1,000 = 1000, %",
    ),
];

/// Why an existing index's schema cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaError {
    /// Built by an older newsidx whose analyzers index text differently:
    /// the index must be re-ingested. The text says what changed.
    Outdated(String),
    /// Not newsidx's schema: the text names the first field that differs.
    Different(String),
}
/// Name of the analyzer for handles and other case-insensitive keywords.
pub const HANDLE_ANALYZER: &str = "handle";

/// Handles to every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Stable document key.
    pub key: Field,
    /// Source path(s).
    pub path: Field,
    /// Content hash.
    pub hash: Field,
    /// Article date (UTC midnight).
    pub date: Field,
    /// Headline.
    pub title: Field,
    /// Article text.
    pub body: Field,
    /// `@handles`.
    pub handle: Field,
    /// Quoted speakers.
    pub speaker: Field,
    /// Quotation texts (indexed only).
    pub quote: Field,
    /// Quotations as JSON (stored only).
    pub quotes: Field,
    /// Embedded tweets as JSON (stored only).
    pub tweets: Field,
    /// Article URL.
    pub url: Field,
    /// Outlet / publisher.
    pub source: Field,
    /// Record number of each copy in its file (0 for a one-article file);
    /// `None` in an index made before newsidx stored it.
    pub record: Option<Field>,
    /// `1` for an article whose title is not part of its body (a JSON/CSV
    /// headline; a `.txt` headline stays in the body): words without a
    /// field search `title` only when some article has this. `None` in an
    /// index made before newsidx wrote it.
    pub title_apart: Option<Field>,
}

impl Fields {
    /// Builds the schema and its field handles.
    pub fn build() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let raw = |stored: bool, fast: bool| {
            let mut o = TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("raw")
                    .set_index_option(IndexRecordOption::Basic),
            );
            if stored {
                o = o.set_stored();
            }
            if fast {
                o = o.set_fast("raw");
            }
            o
        };
        let text = |analyzer: &str| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(analyzer)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
        };
        let keyword = |analyzer: &str| {
            TextOptions::default()
                .set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(analyzer)
                        .set_index_option(IndexRecordOption::Basic),
                )
                .set_stored()
                .set_fast("raw")
        };
        let fields = Fields {
            key: b.add_text_field("key", raw(true, true)),
            path: b.add_text_field("path", raw(true, false)),
            hash: b.add_text_field("hash", raw(true, true)),
            date: b.add_date_field(
                "date",
                DateOptions::from(INDEXED)
                    .set_stored()
                    .set_fast()
                    .set_precision(DateTimePrecision::Seconds),
            ),
            title: b.add_text_field("title", text(NEWS_ANALYZER).set_stored()),
            body: b.add_text_field("body", text(NEWS_ANALYZER).set_stored()),
            handle: b.add_text_field("handle", keyword(HANDLE_ANALYZER)),
            speaker: b.add_text_field("speaker", text(NAME_ANALYZER).set_stored().set_fast("raw")),
            quote: b.add_text_field("quote", text(NEWS_ANALYZER)),
            quotes: b.add_text_field("quotes", TextOptions::default().set_stored()),
            tweets: b.add_text_field("tweets", TextOptions::default().set_stored()),
            url: b.add_text_field("url", raw(true, false)),
            source: b.add_text_field("source", keyword(HANDLE_ANALYZER)),
            record: Some(b.add_u64_field("record", STORED)),
            title_apart: Some(b.add_text_field("title_apart", raw(false, false))),
        };
        (b.build(), fields)
    }

    /// Field handles of an existing index's schema.
    ///
    /// # Errors
    /// [`SchemaError::Outdated`] when a text field uses an analyzer of an
    /// older newsidx; [`SchemaError::Different`] naming the first field that
    /// is missing or differs from the schema this version of newsidx builds.
    pub fn from_schema(schema: &Schema) -> Result<Fields, SchemaError> {
        let (expected, mut fields) = Fields::build();
        for (_, entry) in schema.fields() {
            if let tantivy::schema::FieldType::Str(o) = entry.field_type()
                && let Some(i) = o.get_indexing_options()
                && let Some((old, why)) = OLD_ANALYZERS.iter().find(|(n, _)| *n == i.tokenizer())
            {
                return Err(SchemaError::Outdated(format!(
                    "field `{}` uses the older `{old}` analyzer; {why}",
                    entry.name()
                )));
            }
        }
        for (field, entry) in expected.fields() {
            match schema.get_field(entry.name()) {
                Ok(f) if f == field && schema.get_field_entry(f) == entry => {}
                // Indexes made before record numbers were stored still open.
                Err(_) if entry.name() == "record" => fields.record = None,
                Err(_) if entry.name() == "title_apart" => fields.title_apart = None,
                _ => {
                    return Err(SchemaError::Different(format!(
                        "field `{}` is missing or different",
                        entry.name()
                    )));
                }
            }
        }
        Ok(fields)
    }
}

/// Registers newsidx's analyzers on `index` (they are not stored in the
/// index and must be registered every time it is opened).
pub fn register_analyzers(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(
        NEWS_ANALYZER,
        TextAnalyzer::builder(NewsTokenizer)
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(CachedTerms::stemmed())
            .build(),
    );
    tokenizers.register(
        NAME_ANALYZER,
        TextAnalyzer::builder(NewsTokenizer)
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(CachedTerms::unstemmed())
            .build(),
    );
    tokenizers.register(
        HANDLE_ANALYZER,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .build(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_made_before_record_numbers_still_opens() {
        let (full, _) = Fields::build();
        let mut old = Schema::builder();
        for (_, entry) in full
            .fields()
            .filter(|(_, e)| e.name() != "record" && e.name() != "title_apart")
        {
            old.add_field(entry.clone());
        }
        let fields = Fields::from_schema(&old.build()).unwrap();
        assert_eq!(fields.record, None);
        assert!(Fields::from_schema(&full).unwrap().record.is_some());
        // Any other field missing is not newsidx's schema.
        let mut other = Schema::builder();
        for (_, entry) in full.fields().filter(|(_, e)| e.name() != "title") {
            other.add_field(entry.clone());
        }
        assert_eq!(
            Fields::from_schema(&other.build()).err(),
            Some(SchemaError::Different(
                "field `title` is missing or different".into()
            ))
        );
    }

    #[test]
    fn an_index_of_an_older_analyzer_is_outdated() {
        let (schema, _) = Fields::build();
        assert!(Fields::from_schema(&schema).is_ok());
        let mut b = Schema::builder();
        b.add_text_field(
            "body",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("news")
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            ),
        );
        match Fields::from_schema(&b.build()) {
            Err(SchemaError::Outdated(why)) => assert!(why.contains("`news`"), "{why}"),
            other => panic!("{other:?}"),
        }
        let mut b = Schema::builder();
        b.add_text_field("x", TextOptions::default());
        assert_eq!(
            Fields::from_schema(&b.build()).err(),
            Some(SchemaError::Different(
                "field `key` is missing or different".into()
            ))
        );
    }
}

//! [`CachedTerms`]: lower-casing, ASCII folding and English Snowball
//! stemming in one token filter, with a cache of terms keyed on the raw
//! token.
//!
//! The analyzer chain `LowerCaser` → `AsciiFoldingFilter` → stemmer was
//! about a seventh of ingest CPU time, most of it in the stemmer's cache: a
//! 100,000-entry hash map (≈ 5 MB, larger than L2) looked up for every
//! token. Word frequencies in news text follow Zipf's law, so
//!
//! - a small two-way set-associative table (16,384 entries of 16 bytes in
//!   8,192 sets of 32 bytes, 256 KB: stays in L2) keyed on the token as
//!   written (`Embassies`) answers most tokens with one hash and at most two
//!   comparisons, skipping lower-casing and folding as well as stemming. An
//!   entry holds an ASCII word of up to 13 bytes and its term as the length
//!   of the lower-cased word it keeps plus the letters it ends with instead
//!   (`Embassies` → keep 6, add `i`: `embassi`);
//! - behind it, a bounded hash map (as before) holds the terms of all other
//!   words, and an ASCII word found there moves into the table (the least
//!   recently used entry of its set leaves);
//! - a word in neither runs tantivy's own `LowerCaser` and
//!   `AsciiFoldingFilter` and the `frostem` English stemmer (the algorithm of
//!   tantivy's `Stemmer::new(Language::English)`), so the terms are exactly
//!   those of the chain of separate filters;
//! - an ASCII token of at most 2 bytes is only lower-cased (the chain leaves
//!   such a word otherwise as it is: Snowball English does not stem words
//!   under 3 letters), without touching either cache.
//!
//! Each clone of the filter (tantivy clones the analyzer for every field
//! of every segment writer, and for every query) starts with empty caches;
//! the table is made only after the first [`TABLE_AFTER`] tokens, so that a
//! query does not allocate and clear 256 KB.

use rustc_hash::{FxHashMap, FxHasher};
use std::borrow::Cow;
use std::hash::Hasher;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Entries kept in the hash map behind the table before it is emptied and
/// refilled (bounds its memory to a few MB whatever the vocabulary).
const CAPACITY: usize = 100_000;
/// Longest word or term kept in the hash map, in bytes.
const INLINE: usize = 23;
/// Tokens an analyzer looks up in the hash map alone before it makes its
/// table: a query's analyzer (a fresh clone for every query) never makes
/// the 256 KB table, an indexing one makes it after its first few
/// documents.
const TABLE_AFTER: u32 = 4096;
/// log2 of the number of sets of the table.
const SET_BITS: u32 = 13;
/// Bytes of one table entry: key length (0: empty), bytes of the
/// lower-cased key the term keeps, length of the term's own ending, then
/// the key and that ending.
const ENTRY: usize = 16;
/// Most bytes of key plus ending that fit in one entry.
const ENTRY_DATA: usize = ENTRY - 3;

/// A word or term of at most [`INLINE`] bytes, zero-padded, its length in
/// the last byte.
type Inline = [u8; INLINE + 1];

fn inline(s: &[u8]) -> Option<Inline> {
    (s.len() <= INLINE).then(|| {
        let mut k = [0; INLINE + 1];
        k[..s.len()].copy_from_slice(s);
        k[INLINE] = s.len() as u8;
        k
    })
}

fn inline_bytes(k: &Inline) -> &[u8] {
    &k[..usize::from(k[INLINE])]
}

/// One set of the table: two entries, the most recently used first, in
/// half a cache line.
#[derive(Clone, Copy)]
#[repr(align(32))]
struct Set([[u8; ENTRY]; 2]);

/// The lower-casing and folding part of the chain, tantivy's filters over
/// a tokenizer that yields its whole input as one token.
type FoldChain = <AsciiFoldingFilter as TokenFilter>::Tokenizer<
    <LowerCaser as TokenFilter>::Tokenizer<RawTokenizer>,
>;

fn fold_chain() -> FoldChain {
    AsciiFoldingFilter.transform(LowerCaser.transform(RawTokenizer::default()))
}

/// A token filter that lower-cases, ASCII-folds and (for
/// [`CachedTerms::stemmed`]) stems each token with the English Snowball
/// stemmer, with caches; the terms are those of `LowerCaser`,
/// `AsciiFoldingFilter` and `Stemmer::new(Language::English)` in turn.
#[derive(Clone, Copy, Debug)]
pub struct CachedTerms {
    stem: bool,
    /// Tokens looked up in the hash map alone before the table is made.
    table_after: u32,
}

impl CachedTerms {
    /// Lower-cased, folded and stemmed terms (the `news` analyzer).
    pub fn stemmed() -> CachedTerms {
        CachedTerms {
            stem: true,
            table_after: TABLE_AFTER,
        }
    }

    /// Lower-cased and folded terms without stemming (the `name`
    /// analyzer).
    pub fn unstemmed() -> CachedTerms {
        CachedTerms {
            stem: false,
            table_after: TABLE_AFTER,
        }
    }
}

impl TokenFilter for CachedTerms {
    type Tokenizer<T: Tokenizer> = CachedTermsFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CachedTermsFilter<T> {
        CachedTermsFilter {
            inner,
            terms: Terms::new(self.stem, self.table_after),
        }
    }
}

/// The tokenizer produced by [`CachedTerms`]: owns the caches, which live
/// as long as the analyzer.
#[derive(Clone)]
pub struct CachedTermsFilter<T> {
    inner: T,
    terms: Terms,
}

impl<T: Tokenizer> Tokenizer for CachedTermsFilter<T> {
    type TokenStream<'a> = CachedTermsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedTermsStream {
            tail: self.inner.token_stream(text),
            terms: &mut self.terms,
        }
    }
}

/// The token stream of [`CachedTermsFilter`].
pub struct CachedTermsStream<'a, T> {
    tail: T,
    terms: &'a mut Terms,
}

impl<T: TokenStream> TokenStream for CachedTermsStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.terms.apply(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The caches and the uncached chain of one analyzer.
struct Terms {
    stem: bool,
    /// Tokens looked up in the hash map alone before the table is made
    /// (see [`TABLE_AFTER`]), and how many of them are still to come.
    table_after: u32,
    untabled_left: u32,
    /// The set-associative table, `1 << SET_BITS` sets (empty until made).
    table: Vec<Set>,
    /// Raw token → term, for the words not in the table.
    map: FxHashMap<Inline, Inline>,
    fold: FoldChain,
}

impl Clone for Terms {
    /// A fresh, empty cache (a clone is a new analyzer instance).
    fn clone(&self) -> Terms {
        Terms::new(self.stem, self.table_after)
    }
}

impl Terms {
    fn new(stem: bool, table_after: u32) -> Terms {
        Terms {
            stem,
            table_after,
            untabled_left: table_after,
            table: Vec::new(),
            map: FxHashMap::default(),
            fold: fold_chain(),
        }
    }

    /// Replaces `text` (a raw token) by its term.
    #[inline]
    fn apply(&mut self, text: &mut String) {
        let raw = text.as_bytes();
        let len = raw.len();
        if len <= 2 && raw.is_ascii() {
            text.make_ascii_lowercase();
            return;
        }
        if len > ENTRY_DATA {
            return self.slow(text, None);
        }
        if self.table.is_empty() {
            if self.untabled_left > 0 {
                self.untabled_left -= 1;
                return self.slow(text, None);
            }
            self.table = vec![Set([[0; ENTRY]; 2]); 1 << SET_BITS];
        }
        let at = set_of(raw);
        let set = &mut self.table[at];
        for way in 0..2 {
            let e = set.0[way];
            if usize::from(e[0]) == len && e[3..3 + len] == *raw {
                if way == 1 {
                    set.0.swap(0, 1);
                }
                // Only ASCII words are in the table.
                text.truncate(usize::from(e[1]));
                text.make_ascii_lowercase();
                let ending = &e[3 + len..3 + len + usize::from(e[2])];
                text.extend(ending.iter().map(|&b| char::from(b)));
                return;
            }
        }
        self.slow(text, Some(at))
    }

    /// The term of a token not in the table: from the hash map or the
    /// uncached chain; then kept in the map and, for an ASCII word that
    /// fits, in set `at` of the table.
    #[cold]
    fn slow(&mut self, text: &mut String, at: Option<usize>) {
        let key = inline(text.as_bytes());
        if let Some(term) = key.as_ref().and_then(|k| self.map.get(k)).copied() {
            let term = inline_bytes(&term);
            self.keep(at, text.as_bytes(), term);
            text.clear();
            text.push_str(std::str::from_utf8(term).expect("cached terms are UTF-8"));
            return;
        }
        let term = self.uncached(text);
        if let (Some(key), Some(value)) = (key, inline(term.as_bytes())) {
            if self.map.len() >= CAPACITY {
                self.map.clear();
            }
            self.map.insert(key, value);
        }
        self.keep(at, text.as_bytes(), term.as_bytes());
        *text = term;
    }

    /// Puts `key` and its term first in set `at` of the table (when
    /// there is a set and the entry fits).
    fn keep(&mut self, at: Option<usize>, key: &[u8], term: &[u8]) {
        if let Some(at) = at
            && let Some(entry) = entry(key, term)
        {
            let set = &mut self.table[at];
            set.0[1] = set.0[0];
            set.0[0] = entry;
        }
    }

    /// The chain of separate filters: tantivy's `LowerCaser` and
    /// `AsciiFoldingFilter`, then (when stemming) the English stemmer.
    fn uncached(&mut self, raw: &str) -> String {
        let mut stream = self.fold.token_stream(raw);
        let mut term = if stream.advance() {
            std::mem::take(&mut stream.token_mut().text)
        } else {
            String::new()
        };
        if self.stem {
            let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
            if let Cow::Owned(stem) = stemmer.stem(&term) {
                term = stem;
            }
        }
        term
    }
}

/// The table entry of an ASCII word `key` and its term; `None` when the
/// word is not ASCII or the entry would not fit.
fn entry(key: &[u8], term: &[u8]) -> Option<[u8; ENTRY]> {
    if !key.is_ascii() || !term.is_ascii() {
        return None;
    }
    let keep = key
        .iter()
        .zip(term)
        .take_while(|(k, t)| k.to_ascii_lowercase() == **t)
        .count();
    let ending = &term[keep..];
    if key.len() + ending.len() > ENTRY_DATA {
        return None;
    }
    let mut e = [0; ENTRY];
    e[0] = key.len() as u8;
    e[1] = keep as u8;
    e[2] = ending.len() as u8;
    e[3..3 + key.len()].copy_from_slice(key);
    e[3 + key.len()..3 + key.len() + ending.len()].copy_from_slice(ending);
    Some(e)
}

/// The table set of a raw token (the high bits of a multiplied FxHash).
#[inline]
fn set_of(raw: &[u8]) -> usize {
    let mut h = FxHasher::default();
    h.write(raw);
    (h.finish().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SET_BITS)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::tokenizer::NewsTokenizer;
    use proptest::prelude::*;
    use tantivy::tokenizer::{Language, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer};

    /// The analyzers of newsidx before this filter (`news2`, `name2`),
    /// exactly as they were built: separate lower-casing and folding
    /// filters, then [`old::CachedStemmer`].
    fn old_news() -> TextAnalyzer {
        TextAnalyzer::builder(NewsTokenizer)
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(old::CachedStemmer)
            .build()
    }

    fn old_name() -> TextAnalyzer {
        TextAnalyzer::builder(NewsTokenizer)
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build()
    }

    fn new_analyzer(f: CachedTerms) -> TextAnalyzer {
        TextAnalyzer::builder(NewsTokenizer)
            .filter(RemoveLongFilter::limit(40))
            .filter(f)
            .build()
    }

    /// The filter with its table made at once (the first token), so
    /// that short texts exercise it too.
    fn eager(stem: bool) -> CachedTerms {
        CachedTerms {
            stem,
            table_after: 0,
        }
    }

    #[test]
    fn the_table_is_made_after_table_after_tokens() {
        let mut t = Terms::new(true, 3);
        let mut s = String::new();
        for w in ["Embassies", "running", "said"] {
            s.clear();
            s.push_str(w);
            t.apply(&mut s);
        }
        assert!(t.table.is_empty());
        assert_eq!(t.map.len(), 3);
        for _ in 0..2 {
            s = "Embassies".into();
            t.apply(&mut s);
            assert_eq!(s, "embassi");
            assert_eq!(t.table.len(), 1 << SET_BITS);
        }
        let fresh = t.clone();
        assert!(fresh.table.is_empty() && fresh.map.is_empty());
        assert_eq!(fresh.untabled_left, 3);
    }

    fn tokens(a: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut s = a.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            let t = s.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    fn terms(a: &mut TextAnalyzer, text: &str) -> Vec<String> {
        tokens(a, text).into_iter().map(|t| t.0).collect()
    }

    /// A word list like a news corpus: every word of a Reuters-like text
    /// in three casings, accented and non-Latin words, words longer than
    /// a slot and than the hash map's keys, numbers, and 24,000 made-up
    /// words that collide in the table and push each other out.
    fn corpus() -> String {
        let base = "Showers continued throughout the week in the Bahia cocoa zone, \
            alleviating the drought since early January and improving prospects for \
            the coming temporao, although normal humidity levels have not been restored, \
            Comissaria Smith said in its weekly review. The U.S. embassy's spokesmen \
            said internationalisation of the consolidated generously running fishing \
            embassies ran 3.5% higher, 1,000 dlrs, 1.5bn, 10th; Café Müller, Zoë, \
            Ærøskøbing, straße STRASSE İstanbul ΣΊΣΥΦΟΣ Москва 北京和上海 ﬁnance \
            ＡＢＣ skis dying news lying ugly early gently sky ies ied \
            antidisestablishmentarianism incomprehensibilities \
            Counterrevolutionaries'Internationalizations a b I A ok OK Ok oK x1 9z";
        let mut out = String::new();
        for w in base.split_whitespace() {
            out.push_str(w);
            out.push(' ');
            out.push_str(&w.to_uppercase());
            out.push(' ');
            out.push_str(&w.to_lowercase());
            out.push(' ');
        }
        for i in 0..12_000u32 {
            let stem = ["nation", "run", "embass", "consolid", "gener", "fish"][i as usize % 6];
            let end = ["alities", "ies", "ing", "ed", "ly", "s", "ation", "é"][i as usize % 8];
            out.push_str(&format!("{stem}{i}{end} {stem}x{end}{i} "));
        }
        out
    }

    #[test]
    fn same_terms_as_the_old_chain_on_a_corpus_like_list() {
        let text = corpus();
        for (stem, eager) in [
            (CachedTerms::stemmed(), eager(true)),
            (CachedTerms::unstemmed(), eager(false)),
        ] {
            for f in [stem, eager] {
                let mut old = if f.stem { old_news() } else { old_name() };
                let mut new = new_analyzer(f);
                // Three passes over the same analyzers: the first fills the
                // caches, the later ones are answered from the table and the
                // map.
                for _ in 0..3 {
                    assert_eq!(tokens(&mut new, &text), tokens(&mut old, &text));
                }
            }
        }
        let mut new = new_analyzer(CachedTerms::stemmed());
        // (Snowball strips the `s` of `u.s`, as it always did.)
        assert_eq!(
            terms(&mut new, "Embassies EMBASSY embassy Café U.S. ok"),
            ["embassi", "embassi", "embassi", "cafe", "u.", "ok"]
        );
        let mut new = new_analyzer(CachedTerms::unstemmed());
        assert_eq!(
            terms(&mut new, "Embassies Café Ærø"),
            ["embassies", "cafe", "aero"]
        );
    }

    #[test]
    fn same_stems_as_tantivy_filters() {
        let text = "embassies embassy running runs ran generously generous the a \
                    embassies running fishing fished consolidation consolidated \
                    internationalisations internationalisations";
        let mut theirs = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut ours = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(CachedTerms::stemmed())
            .build();
        let want = terms(&mut theirs, text);
        assert_eq!(terms(&mut ours, text), want);
        assert_eq!(terms(&mut ours, text), want);
        assert_eq!(want[0], "embassi");
    }

    /// The bypass for ASCII tokens of at most 2 bytes (lower-casing only)
    /// is the chain's result for every such string.
    #[test]
    fn short_ascii_tokens_are_only_lower_cased_by_the_chain() {
        let mut chain = TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut checked = 0;
        for a in 0..128u8 {
            for b in std::iter::once(None).chain((0..128u8).map(Some)) {
                let s: String = std::iter::once(a).chain(b).map(char::from).collect();
                let want = terms(&mut chain, &s);
                assert_eq!(want, [s.to_ascii_lowercase()], "{s:?}");
                checked += 1;
            }
        }
        assert_eq!(checked, 128 * 129);
        assert_eq!(terms(&mut chain, ""), [""]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Arbitrary text through the whole analyzer, twice (the second
        /// time from the caches).
        #[test]
        fn any_text_gives_the_old_terms(text in "\\PC{0,80}") {
            let (mut old, mut new) = (old_news(), new_analyzer(eager(true)));
            let want = tokens(&mut old, &text);
            prop_assert_eq!(&tokens(&mut new, &text), &want);
            prop_assert_eq!(&tokens(&mut new, &text), &want);
            let (mut old, mut new) = (old_name(), new_analyzer(eager(false)));
            prop_assert_eq!(tokens(&mut new, &text), tokens(&mut old, &text));
        }

        /// Arbitrary strings as single tokens (any characters, including
        /// those the news tokenizer never leaves in a token).
        #[test]
        fn any_token_gives_the_old_term(words in prop::collection::vec("\\PC{0,12}|[a-zA-Z]{1,6}", 1..20)) {
            let raw = |f: Option<CachedTerms>| {
                let b = TextAnalyzer::builder(RawTokenizer::default());
                match f {
                    Some(f) => b.filter(f).build(),
                    None => b
                        .filter(LowerCaser)
                        .filter(AsciiFoldingFilter)
                        .filter(old::CachedStemmer)
                        .build(),
                }
            };
            let (mut old, mut new) = (raw(None), raw(Some(eager(true))));
            for _ in 0..2 {
                for w in &words {
                    prop_assert_eq!(terms(&mut new, w), terms(&mut old, w));
                }
            }
        }
    }

    /// The stemming filter newsidx used before [`CachedTerms`], kept
    /// verbatim as the reference of the tests.
    mod old {
        use rustc_hash::FxHashMap;
        use std::borrow::Cow;
        use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

        const CAPACITY: usize = 100_000;
        const INLINE: usize = 23;
        type Inline = [u8; INLINE + 1];

        fn inline(s: &[u8]) -> Option<Inline> {
            (s.len() <= INLINE).then(|| {
                let mut k = [0; INLINE + 1];
                k[..s.len()].copy_from_slice(s);
                k[INLINE] = s.len() as u8;
                k
            })
        }

        fn inline_str(k: &Inline) -> &str {
            std::str::from_utf8(&k[..usize::from(k[INLINE])]).expect("cached words are UTF-8")
        }

        #[derive(Clone, Copy, Default)]
        pub struct CachedStemmer;

        impl TokenFilter for CachedStemmer {
            type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

            fn transform<T: Tokenizer>(self, inner: T) -> CachedStemmerFilter<T> {
                CachedStemmerFilter {
                    inner,
                    cache: FxHashMap::default(),
                }
            }
        }

        #[derive(Clone)]
        pub struct CachedStemmerFilter<T> {
            inner: T,
            cache: FxHashMap<Inline, Inline>,
        }

        impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
            type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

            fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
                CachedStemmerStream {
                    tail: self.inner.token_stream(text),
                    cache: &mut self.cache,
                }
            }
        }

        pub struct CachedStemmerStream<'a, T> {
            tail: T,
            cache: &'a mut FxHashMap<Inline, Inline>,
        }

        impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
            fn advance(&mut self) -> bool {
                if !self.tail.advance() {
                    return false;
                }
                let token = self.tail.token_mut();
                let key = inline(token.text.as_bytes());
                if let Some(key) = &key
                    && let Some(stem) = self.cache.get(key)
                {
                    if stem != key {
                        token.text.clear();
                        token.text.push_str(inline_str(stem));
                    }
                    return true;
                }
                let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
                if let Cow::Owned(stem) = stemmer.stem(&token.text) {
                    token.text = stem;
                }
                if let (Some(key), Some(stem)) = (key, inline(token.text.as_bytes())) {
                    if self.cache.len() >= CAPACITY {
                        self.cache.clear();
                    }
                    self.cache.insert(key, stem);
                }
                true
            }

            fn token(&self) -> &Token {
                self.tail.token()
            }

            fn token_mut(&mut self) -> &mut Token {
                self.tail.token_mut()
            }
        }
    }
}

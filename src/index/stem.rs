//! [`CachedStemmer`]: English Snowball stemming with a cache of stems.
//!
//! Stemming was a fifth of ingest CPU time (the Snowball algorithm runs
//! for every token). Word frequencies in news text follow Zipf's law, so a
//! small per-analyzer map from word to stem answers nearly every token with
//! one hash lookup. The stems are exactly those of tantivy's
//! `Stemmer::new(Language::English)` (the same `frostem` algorithm).
//!
//! Words and stems of up to [`INLINE`] bytes are stored inline in the
//! table (no pointer to chase: one memory access per token, where boxed
//! strings cost three); longer words bypass the cache.

use rustc_hash::FxHashMap;
use std::borrow::Cow;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Entries kept per analyzer before the cache is emptied and refilled
/// (bounds its memory to a few MB whatever the vocabulary).
const CAPACITY: usize = 100_000;
/// Longest word or stem kept in the cache, in bytes.
const INLINE: usize = 23;

/// A word or stem of at most [`INLINE`] bytes, zero-padded, its length in
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

fn inline_str(k: &Inline) -> &str {
    std::str::from_utf8(&k[..usize::from(k[INLINE])]).expect("cached words are UTF-8")
}

/// A token filter stemming English words, with a cache of stems.
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

/// The tokenizer produced by [`CachedStemmer`]: owns the cache, which lives
/// as long as the analyzer (each indexing thread has its own clone).
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

/// The token stream of [`CachedStemmerFilter`].
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

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    fn stems(mut a: TextAnalyzer, text: &str) -> Vec<String> {
        let mut s = a.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            out.push(s.token().text.clone());
        }
        out
    }

    #[test]
    fn same_stems_as_tantivy_twice() {
        let text = "embassies embassy running runs ran generously generous the a \
                    embassies running fishing fished consolidation consolidated \
                    internationalisations internationalisations";
        let ours = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer)
            .build();
        let theirs = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut ours = ours;
        let want = stems(theirs, text);
        // Twice: the second pass is answered from the cache.
        assert_eq!(stems(ours.clone(), text), want);
        let mut s = ours.token_stream(text);
        while s.advance() {}
        drop(s);
        assert_eq!(stems(ours, text), want);
        assert_eq!(want[0], "embassi");
    }
}

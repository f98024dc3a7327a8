//! `NewsTokenizer`: the word splitter behind the `news` and `name`
//! analyzers.
//!
//! Like tantivy's `SimpleTokenizer` it splits on every character that is not
//! a letter or digit, with two differences that matter for news text:
//!
//! - dotted acronyms stay one token: `U.S.` → `U.S` (so that after
//!   lower-casing it does not collide with the pronoun "us");
//! - runs of CJK ideographs and kana, which are written without spaces, are
//!   cut into overlapping bigrams (`北京和上海` → `北京 京和 和上 上海`), so
//!   that a two-character word inside a run can be found.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The tokenizer; see the module documentation.
#[derive(Clone, Default)]
pub struct NewsTokenizer;

/// The token stream of [`NewsTokenizer`]: tokens are computed eagerly (the
/// texts are article-sized) and handed out one by one.
pub struct NewsTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for NewsTokenizer {
    type TokenStream<'a> = NewsTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> NewsTokenStream {
        NewsTokenStream {
            tokens: tokenize(text),
            next: 0,
        }
    }
}

impl TokenStream for NewsTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Han ideographs, hiragana and katakana: scripts written without spaces.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// If a dotted acronym of at least two single letters starts at `i`
/// (`U.S.`, `a.m.`, `U.S`), the index just after it (after its last dot,
/// when it has one).
fn acronym_end(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let letter = |k: usize| {
        chars
            .get(k)
            .is_some_and(|&(_, c)| c.is_alphabetic() && !is_cjk(c))
    };
    let dot = |k: usize| chars.get(k).is_some_and(|&(_, c)| c == '.');
    let boundary = |k: usize| chars.get(k).is_none_or(|&(_, c)| !is_word(c));
    let (mut k, mut letters) = (i, 0);
    while letter(k) {
        if dot(k + 1) {
            letters += 1;
            k += 2;
        } else {
            if letters >= 1 && boundary(k + 1) {
                letters += 1;
                k += 1;
            }
            break;
        }
    }
    (letters >= 2).then_some(k)
}

/// Splits `text` into tokens with byte offsets and positions.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(o, _)| o);
    let mut out: Vec<Token> = Vec::new();
    let push = |from: usize, to: usize, word: String, out: &mut Vec<Token>| {
        out.push(Token {
            offset_from: from,
            offset_to: to,
            position: out.len(),
            text: word,
            position_length: 1,
        });
    };
    let mut i = 0;
    while i < chars.len() {
        let (off, c) = chars[i];
        if is_cjk(c) {
            let start = i;
            while i < chars.len() && is_cjk(chars[i].1) {
                i += 1;
            }
            if i - start == 1 {
                push(off, end_of(i), c.to_string(), &mut out);
            }
            for j in start..i.saturating_sub(1) {
                let word: String = [chars[j].1, chars[j + 1].1].iter().collect();
                push(chars[j].0, end_of(j + 2), word, &mut out);
            }
        } else if is_word(c) {
            if (i == 0 || !is_word(chars[i - 1].1))
                && let Some(last) = acronym_end(&chars, i)
            {
                let word: String = chars[i..last].iter().map(|&(_, c)| c).collect();
                push(
                    off,
                    end_of(last),
                    word.trim_end_matches('.').to_string(),
                    &mut out,
                );
                i = last;
                continue;
            }
            while i < chars.len() && is_word(chars[i].1) {
                i += 1;
            }
            push(off, end_of(i), text[off..end_of(i)].to_string(), &mut out);
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn splits_like_simple_tokenizer() {
        assert_eq!(
            words("The minister's state-run café!"),
            ["The", "minister", "s", "state", "run", "café"]
        );
    }

    #[test]
    fn dotted_acronyms_are_one_token() {
        assert_eq!(words("The U.S. embassy"), ["The", "U.S", "embassy"]);
        assert_eq!(
            words("returned to the U.S."),
            ["returned", "to", "the", "U.S"]
        );
        assert_eq!(words("at 6 a.m., said"), ["at", "6", "a.m", "said"]);
        assert_eq!(words("U.S-led"), ["U.S", "led"]);
        assert_eq!(words("J. Trump"), ["J", "Trump"]);
        assert_eq!(words("example.org"), ["example", "org"]);
    }

    #[test]
    fn cjk_bigrams() {
        assert_eq!(
            words("from 北京和上海 attended"),
            ["from", "北京", "京和", "和上", "上海", "attended"]
        );
        assert_eq!(words("上海"), ["上海"]);
        assert_eq!(words("和"), ["和"]);
    }

    #[test]
    fn offsets_are_bytes() {
        let t = tokenize("Zoë Müller");
        assert_eq!((t[1].offset_from, t[1].offset_to), (5, 12));
        assert_eq!(t[1].position, 1);
    }
}

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
//!   that a two-character word inside a run can be found;
//! - numbers stay as written: a decimal point between digits is kept
//!   (`3.5` → `3.5`, so it no longer matches "3-5"), thousands separators
//!   are dropped (`1,000` → `1000`, the same token as `1000`), and a `%`
//!   right after a number is a token of its own (`3.5%` → `3.5 %`).

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The tokenizer; see the module documentation.
#[derive(Clone, Default)]
pub struct NewsTokenizer;

/// The token stream of [`NewsTokenizer`]: tokens are found lazily, one
/// per [`TokenStream::advance`], into one reused [`Token`] (no allocation
/// per token once the token's text buffer has grown to the longest word).
pub struct NewsTokenStream<'a> {
    text: &'a str,
    /// Byte offset where the search for the next token starts.
    pos: usize,
    /// Inside a CJK run of two or more characters: the byte offset where
    /// the run ends (bigrams are emitted until its last character).
    cjk_end: Option<usize>,
    /// Byte offset of a `%` that follows the number just emitted.
    percent: Option<usize>,
    token: Token,
}

impl Tokenizer for NewsTokenizer {
    type TokenStream<'a> = NewsTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> NewsTokenStream<'a> {
        NewsTokenStream {
            text,
            pos: 0,
            cjk_end: None,
            percent: None,
            token: Token::default(),
        }
    }
}

impl NewsTokenStream<'_> {
    fn emit(&mut self, from: usize, to: usize, text_to: usize) {
        // Positions count emitted tokens: the first one is 0.
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position_length = 1;
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..text_to]);
    }

    /// Emits the number that starts at `start` (an ASCII digit), with the
    /// word characters that follow it (`1.5bn`); see the module
    /// documentation.
    fn emit_number(&mut self, start: usize) {
        let text = self.text;
        let bytes = text.as_bytes();
        let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
        let (mut end, mut commas, mut decimal) = (start, Vec::<usize>::new(), false);
        loop {
            match bytes.get(end) {
                Some(b) if b.is_ascii_digit() => end += 1,
                Some(b'.') if !decimal && digit(end + 1) => {
                    decimal = true;
                    end += 1;
                }
                Some(b',')
                    if !decimal
                        && (1..=3).all(|k| digit(end + k))
                        && !digit(end + 4)
                        && commas.last().map_or(end - start <= 3, |&c| end - c == 4) =>
                {
                    commas.push(end);
                    end += 1;
                }
                _ => break,
            }
        }
        let grouped = !commas.is_empty();
        // Letters glued to the number (`1.5bn`, `10th`) stay in the token.
        end += text[end..]
            .char_indices()
            .find(|&(_, c)| !is_word(c))
            .map_or(text.len() - end, |(o, _)| o);
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.position_length = 1;
        self.token.text.clear();
        if grouped {
            self.token
                .text
                .extend(text[start..end].chars().filter(|&c| c != ','));
        } else {
            self.token.text.push_str(&text[start..end]);
        }
        if bytes.get(end) == Some(&b'%') && bytes[end - 1].is_ascii_digit() {
            self.percent = Some(end);
        }
        self.pos = end;
    }
}

impl TokenStream for NewsTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let text = self.text;
        if let Some(at) = self.percent.take() {
            self.emit(at, at + 1, at + 1);
            self.pos = at + 1;
            return true;
        }
        if let Some(run_end) = self.cjk_end {
            // Next bigram of a CJK run: chars at pos and pos + 1.
            let mut it = text[self.pos..run_end].chars();
            let first = it.next().map_or(0, char::len_utf8);
            match it.next() {
                Some(second) => {
                    let (from, to) = (self.pos, self.pos + first + second.len_utf8());
                    self.emit(from, to, to);
                    self.pos += first;
                    return true;
                }
                None => {
                    self.cjk_end = None;
                    self.pos = run_end;
                }
            }
        }
        let bytes = text.as_bytes();
        while self.pos < text.len() {
            let b = bytes[self.pos];
            // ASCII fast path: skip separators byte by byte.
            if b < 0x80 && !b.is_ascii_alphanumeric() {
                self.pos += 1;
                continue;
            }
            let c = text[self.pos..]
                .chars()
                .next()
                .expect("pos is a char boundary");
            let start = self.pos;
            if is_cjk(c) {
                let run_end = start
                    + text[start..]
                        .char_indices()
                        .find(|&(_, c)| !is_cjk(c))
                        .map_or(text.len() - start, |(o, _)| o);
                let first = c.len_utf8();
                if start + first == run_end {
                    self.pos = run_end;
                    self.emit(start, run_end, run_end);
                    return true;
                }
                self.cjk_end = Some(run_end);
                return self.advance();
            }
            if !is_word(c) {
                self.pos += c.len_utf8();
                continue;
            }
            // A word starts here (the previous char is never a word char).
            if c.is_ascii_digit() {
                self.emit_number(start);
                return true;
            }
            if let Some(len) = acronym_len(&text[start..]) {
                let end = start + len;
                let text_to = if text[..end].ends_with('.') {
                    end - 1
                } else {
                    end
                };
                self.pos = end;
                self.emit(start, end, text_to);
                return true;
            }
            let end = start
                + text[start..]
                    .char_indices()
                    .find(|&(_, c)| !is_word(c))
                    .map_or(text.len() - start, |(o, _)| o);
            self.pos = end;
            self.emit(start, end, end);
            return true;
        }
        false
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Han ideographs, hiragana and katakana: scripts written without spaces.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() && !is_cjk(c)
    }
}

/// If a dotted acronym of at least two single letters starts `s` (`U.S.`,
/// `a.m.`, `U.S`), its length in bytes (through its last dot, when it has
/// one).
fn acronym_len(s: &str) -> Option<usize> {
    let mut it = s.char_indices().peekable();
    let (mut letters, mut end) = (0, 0);
    while let Some((o, c)) = it.next() {
        if !c.is_alphabetic() || is_cjk(c) {
            break;
        }
        let after = o + c.len_utf8();
        match it.peek() {
            Some(&(_, '.')) => {
                it.next();
                letters += 1;
                end = after + 1;
            }
            next => {
                if letters >= 1 && next.is_none_or(|&(_, n)| !is_word(n)) {
                    letters += 1;
                    end = after;
                }
                break;
            }
        }
    }
    (letters >= 2).then_some(end)
}

/// Splits `text` into tokens with byte offsets and positions (the tokens
/// the [`NewsTokenizer`] stream yields, collected).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokenizer = NewsTokenizer;
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().clone());
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
    fn positions_count_tokens_across_kinds() {
        let t = tokenize("Zoë 北京 U.S. 上 a.b.cd, x");
        let got: Vec<(&str, usize, usize, usize)> = t
            .iter()
            .map(|t| (t.text.as_str(), t.position, t.offset_from, t.offset_to))
            .collect();
        assert_eq!(
            got,
            [
                ("Zoë", 0, 0, 4),
                ("北京", 1, 5, 11),
                ("U.S", 2, 12, 16),
                ("上", 3, 17, 20),
                ("a.b", 4, 21, 25),
                ("cd", 5, 25, 27),
                ("x", 6, 29, 30),
            ]
        );
        assert!(tokenize("").is_empty());
        assert!(tokenize(" ,. ").is_empty());
    }

    #[test]
    fn numbers_as_written() {
        assert_eq!(
            words("3.5% of 1,000 and 1,250,000.75 dlrs, 3-5 years"),
            [
                "3.5",
                "%",
                "of",
                "1000",
                "and",
                "1250000.75",
                "dlrs",
                "3",
                "5",
                "years"
            ]
        );
        assert_eq!(
            words("in 1987. The 1,00 x"),
            ["in", "1987", "The", "1", "00", "x"]
        );
        assert_eq!(
            words("$1.2 billion, 1.5bn, 10th"),
            ["1.2", "billion", "1.5bn", "10th"]
        );
        assert_eq!(words("5,000,00 1,2,3"), ["5000", "00", "1", "2", "3"]);
        assert_eq!(words("12345,678"), ["12345", "678"]);
        assert_eq!(words("50 % x%"), ["50", "x"]);
        let t = tokenize("a 1,000%");
        let got: Vec<(&str, usize, usize, usize)> = t
            .iter()
            .map(|t| (t.text.as_str(), t.position, t.offset_from, t.offset_to))
            .collect();
        assert_eq!(got, [("a", 0, 0, 1), ("1000", 1, 2, 7), ("%", 2, 7, 8)]);
    }

    #[test]
    fn offsets_are_bytes() {
        let t = tokenize("Zoë Müller");
        assert_eq!((t[1].offset_from, t[1].offset_to), (5, 12));
        assert_eq!(t[1].position, 1);
    }
}

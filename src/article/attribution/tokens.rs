//! Stage 1 of attribution: the body as tokens with byte offsets.
//!
//! One pass over the characters. A **word** is a run of letters, digits
//! and combining marks, with `.`, `'`, `’`, `-`, `&` and `_` kept inside it
//! when a letter or digit follows (`U.S`, `O'Brien`, `Chi-Cheng`, `AT&T`,
//! `Baker's`); a word may open with `@` (a handle). A final `.` stays on a
//! word made of single letters and dots (`J.`, `U.S.`), so initials and
//! such abbreviations are one token. Every other non-space character is a
//! **punctuation** token of its own, except that runs of `-` (`--`) and
//! of `.` (`...`) are one token. Each token records how many line breaks
//! the whitespace before it holds (0, 1, or 2 for two or more; a line
//! break followed by indentation counts as 2, a paragraph of wire copy).

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters and digits (see the module docs).
    Word,
    /// One punctuation mark (or a run of `-` or `.`).
    Punct,
}

/// A token: a slice of the body and where it starts.
#[derive(Debug, Clone, Copy)]
pub struct Token<'a> {
    /// The token's text, `&body[start..start + text.len()]`.
    pub text: &'a str,
    /// Byte offset of the first byte in the body.
    pub start: usize,
    /// Word or punctuation.
    pub kind: Kind,
    /// Line breaks in the whitespace right before the token: 0, 1 or 2
    /// (two or more, a paragraph break).
    pub breaks: u8,
}

impl<'a> Token<'a> {
    /// Byte offset one past the token's last byte.
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// Whether this is a word.
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    /// Whether this is the punctuation mark `c`.
    pub fn is(&self, c: &str) -> bool {
        self.kind == Kind::Punct && self.text == c
    }

    /// Whether this is a word whose first letter is upper case (`Baker`,
    /// `U.S.`, `@Reuters` counts by its first letter), or a name word
    /// opened by a hyphenated particle (`al-Chalabi`, `el-Baz`); never a
    /// `#hashtag`.
    pub fn is_capitalised(&self) -> bool {
        self.is_word()
            && !self.text.starts_with('#')
            && (self
                .text
                .chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(char::is_uppercase)
                || crate::lexicon::is_particle_prefixed(self.text))
    }

    /// Whether this is a word whose first character is a lower-case letter
    /// (`al-Chalabi` is not: see [`Token::is_capitalised`]).
    pub fn is_lower(&self) -> bool {
        self.is_word()
            && self.text.starts_with(char::is_lowercase)
            && !crate::lexicon::is_particle_prefixed(self.text)
    }

    /// Whether this is a quotation mark of any kind.
    pub fn is_quote_mark(&self) -> bool {
        self.kind == Kind::Punct && matches!(self.text, "\"" | "“" | "”" | "‘" | "’" | "'")
    }

    /// Whether this is a dash used as punctuation (`—`, `–`, `―`, `-`, `--`).
    pub fn is_dash(&self) -> bool {
        self.kind == Kind::Punct
            && (matches!(self.text, "—" | "–" | "―") || self.text.bytes().all(|b| b == b'-'))
    }
}

/// Characters kept inside a word when a letter or digit follows.
fn is_joiner(c: char) -> bool {
    matches!(c, '.' | '\'' | '’' | '-' | '&' | '_')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_mark(c)
}

/// Combining marks (accents written as separate code points).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Whether `w` is single letters each followed by a dot, but for the last
/// (`U.S`, `J`): such a word keeps its final `.`.
fn initials_so_far(w: &str) -> bool {
    let mut chars = w.chars();
    loop {
        match (chars.next(), chars.next()) {
            (Some(a), None) => return a.is_alphabetic(),
            (Some(a), Some('.')) if a.is_alphabetic() => {}
            _ => return false,
        }
    }
}

/// Splits `body` into tokens (see the module docs). Linear in the length
/// of `body`; offsets are on character boundaries.
pub fn tokenize(body: &str) -> Vec<Token<'_>> {
    let mut out = Vec::with_capacity(body.len() / 5);
    let mut breaks: u8 = 0;
    let mut it = body.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            if c == '\n' {
                breaks = breaks.saturating_add(1).min(2);
            } else if breaks == 1 && matches!(c, ' ' | '\t') {
                // An indented line opens a paragraph (wire copy).
                breaks = 2;
            }
            continue;
        }
        // `@handle` and `#hashtag` are one word each: a hashtag is no
        // capitalised name word (`#SciComm can be done …`).
        let starts_word = is_word_char(c)
            || (matches!(c, '@' | '#')
                && it
                    .peek()
                    .is_some_and(|&(_, n)| n.is_alphanumeric() || n == '_'));
        let mut end = i + c.len_utf8();
        let kind = if starts_word {
            while let Some(&(j, d)) = it.peek() {
                if is_word_char(d) {
                    it.next();
                    end = j + d.len_utf8();
                } else if is_joiner(d) {
                    let after = body[j + d.len_utf8()..].chars().next();
                    if after.is_some_and(|a| a.is_alphanumeric()) {
                        it.next();
                        end = j + d.len_utf8();
                    } else if d == '.' && initials_so_far(&body[i..end]) {
                        it.next();
                        end = j + 1;
                        break;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            Kind::Word
        } else {
            if c == '-' || c == '.' {
                while let Some(&(j, d)) = it.peek() {
                    if d == c {
                        it.next();
                        end = j + 1;
                    } else {
                        break;
                    }
                }
            }
            Kind::Punct
        };
        out.push(Token {
            text: &body[i..end],
            start: i,
            kind,
            breaks,
        });
        breaks = 0;
    }
    out
}

/// Index of the first token that starts at or after byte `offset`.
pub fn at_or_after(tokens: &[Token<'_>], offset: usize) -> usize {
    tokens.partition_point(|t| t.start < offset)
}

/// The tokens of `t` up to the first one on a new line (`max_breaks` 0) or
/// in a new paragraph (`max_breaks` 1); none when the first one is.
pub fn until_break<'a, 'b>(t: &'b [Token<'a>], max_breaks: u8) -> &'b [Token<'a>] {
    if t.first().is_some_and(|w| w.breaks > max_breaks) {
        return &t[..0];
    }
    let n = t
        .iter()
        .skip(1)
        .position(|w| w.breaks > max_breaks)
        .map_or(t.len(), |p| p + 1);
    &t[..n]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text).collect()
    }

    #[test]
    fn words_keep_inner_joiners_and_initials() {
        assert_eq!(
            texts("U.S. Sen. J. O'Brien's AT&T, Chi-Cheng -- said..."),
            vec![
                "U.S.",
                "Sen",
                ".",
                "J.",
                "O'Brien's",
                "AT&T",
                ",",
                "Chi-Cheng",
                "--",
                "said",
                "..."
            ]
        );
        assert_eq!(
            texts("“Yes,” @dan_r said."),
            vec!["“", "Yes", ",", "”", "@dan_r", "said", "."]
        );
    }

    #[test]
    fn offsets_and_line_breaks() {
        let t = tokenize("Ana Ruiz\nsaid\n\n  “No”");
        assert_eq!(
            t.iter().map(|t| (t.start, t.breaks)).collect::<Vec<_>>(),
            vec![(0, 0), (4, 0), (9, 1), (17, 2), (20, 0), (22, 0)]
        );
        assert_eq!(t[4].text, "No");
        assert!(t[0].is_capitalised() && t[2].is_lower() && t[3].is_quote_mark());
    }
}

//! Stage 2 of attribution: sentence and paragraph boundaries over tokens.
//!
//! A sentence ends at `.`, `!` or `?` when the next token is a capitalised
//! word or a quotation mark, except after an abbreviation: a word of at most
//! two letters that opens with a capital (`St.`, `Jr.`), a title (`Sen.`, `Gov.`) or a word with dots inside
//! (`U.S.`, `a.m.`); a Roman numeral (`III.`) does end one. A line break
//! ends a sentence unless the line ends in a word or a comma (a soft break
//! inside a sentence); a blank line always does, and so does a paragraph.

use super::tokens::Token;
use crate::article::names::is_title;

/// Whether a sentence (and with `paragraph`, a paragraph) starts at token
/// `i`. Token 0 starts both.
pub fn starts_sentence(tokens: &[Token<'_>], i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let t = &tokens[i];
    let prev = &tokens[i - 1];
    if t.breaks >= 2 {
        return true;
    }
    if t.breaks == 1 && !(prev.is_word() || prev.is(",")) {
        return true;
    }
    if !(prev.is(".") || prev.is("!") || prev.is("?") || prev.is("...")) {
        return false;
    }
    if !(t.is_capitalised() || t.is_quote_mark()) {
        return false;
    }
    if prev.is(".") && i >= 2 {
        let w = &tokens[i - 2];
        if w.is_word() && w.end() == prev.start {
            let letters = w.text.chars().filter(|c| c.is_alphabetic()).count();
            let roman = letters >= 2 && w.text.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
            if !roman
                && ((letters <= 2 && w.is_capitalised())
                    || is_title(w.text)
                    || w.text.contains('.'))
            {
                return false;
            }
        }
    }
    true
}

/// Index of the first token of the sentence holding token `i`, looking
/// back no further than `floor`.
pub fn sentence_start(tokens: &[Token<'_>], i: usize, floor: usize) -> usize {
    let mut j = i.min(tokens.len());
    while j > floor {
        if j < tokens.len() && starts_sentence(tokens, j) {
            return j;
        }
        j -= 1;
    }
    floor
}

/// Whether token `i` opens a paragraph: a blank line before it, or a line
/// break followed by indentation (wire copy), or the start of the text.
pub fn starts_paragraph(body: &str, tokens: &[Token<'_>], i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let t = &tokens[i];
    t.breaks >= 2 || (t.breaks == 1 && body[..t.start].ends_with([' ', '\t']))
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    #[test]
    fn abbreviations_and_soft_breaks_do_not_end_sentences() {
        let s = "Sen. Ada Moss of the U.S. said no. He left.\nThen, on\nMonday it rained";
        let t = tokenize(s);
        let starts: Vec<&str> = (0..t.len())
            .filter(|&i| starts_sentence(&t, i))
            .map(|i| t[i].text)
            .collect();
        assert_eq!(starts, vec!["Sen", "He", "Then"]);
        let monday = t.iter().position(|t| t.text == "Monday").unwrap();
        assert_eq!(t[sentence_start(&t, monday, 0)].text, "Then");
    }
}

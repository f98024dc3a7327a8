//! Hard-wrapped text (wire copy) joined back into running lines for
//! attribution.
//!
//! Wire services and e-mail archives break lines at a fixed width (about
//! 65–80 characters) and mark paragraphs with an indent or a blank line,
//! so a single line break is not a boundary of any kind: "Chancellor of
//! the Exchequer Nigel\nLawson said" is one noun phrase. Attribution reads
//! the joined text; the quotation text itself is still taken from the
//! original body.

use std::borrow::Cow;

/// Longest line (in characters) that still counts as a wrapped line.
const WRAP_WIDTH: usize = 80;

/// Lines needed before a text is judged hard-wrapped.
const MIN_LINES: usize = 4;

/// Whether `text` is hard-wrapped: at least [`MIN_LINES`] non-empty lines,
/// nine in ten at most [`WRAP_WIDTH`] characters long, and at least half of
/// them ending inside a sentence (not in `.`, `!`, `?`, `:` or a closing
/// quotation mark). Text whose short lines are paragraphs of their own
/// (web pages, live blogs) ends most lines with sentence punctuation and is
/// not wrapped.
pub fn is_hard_wrapped(text: &str) -> bool {
    let mut lines = 0usize;
    let mut short = 0usize;
    let mut open_end = 0usize;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        lines += 1;
        if line.chars().count() <= WRAP_WIDTH {
            short += 1;
        }
        if !t.ends_with(['.', '!', '?', ':', '"', '”', '’', '\'', ')']) {
            open_end += 1;
        }
    }
    lines >= MIN_LINES && short * 10 >= lines * 9 && open_end * 2 >= lines
}

/// The text attribution reads: for hard-wrapped text (see
/// [`is_hard_wrapped`]) every soft line break — a `\n` between two
/// non-blank characters, the next line not indented — becomes a space;
/// otherwise the text unchanged. The result has the same length as
/// `text`, so byte offsets carry over.
///
/// ```
/// use newsidx::article::wrap::joined;
/// let t = "Chancellor of the Exchequer Nigel\nLawson said the pound\nwas \"stable\" today and\nwould stay so, he\nadded.\n    Next paragraph here\n";
/// assert_eq!(joined(t).len(), t.len());
/// assert!(joined(t).contains("Nigel Lawson said"));
/// assert!(joined(t).contains("\n    Next"));
/// ```
pub fn joined(text: &str) -> Cow<'_, str> {
    if !text.contains('\n') || !is_hard_wrapped(text) {
        return Cow::Borrowed(text);
    }
    let b = text.as_bytes();
    let mut out = b.to_vec();
    for i in 0..b.len() {
        if b[i] != b'\n' || i == 0 || i + 1 >= b.len() {
            continue;
        }
        let prev = b[i - 1];
        let next = b[i + 1];
        if !prev.is_ascii_whitespace() && !next.is_ascii_whitespace() {
            out[i] = b' ';
        }
    }
    // Only ASCII newlines were replaced by ASCII spaces: still UTF-8.
    Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_copy_is_joined_and_paragraph_indents_kept() {
        let t = "    U.S. Trade Representative Clayton\nYeutter said the United\nStates would respond \"vigorously\" to\nprotect its trade rights and\naccess to markets.\n    De Croo said he\nthought so.\n";
        let j = joined(t);
        assert!(j.contains("Clayton Yeutter said the United States would"));
        assert!(j.contains("markets.\n    De Croo"));
        assert_eq!(j.len(), t.len());
    }

    #[test]
    fn web_paragraph_lines_are_left_alone() {
        let t = "First paragraph ends here.\nSecond one too.\n“A quote,” she said.\nAnother line.\nLast line!\n";
        assert!(!is_hard_wrapped(t));
        assert_eq!(joined(t), t);
    }

    #[test]
    fn long_lines_are_not_wrapped_text() {
        let long = "word ".repeat(40);
        let t = format!("{long}\n{long}\n{long}\n{long}\n");
        assert!(!is_hard_wrapped(&t));
    }
}

//! Stage 2b of attribution: quotation spans.
//!
//! A quotation is text between matching quotation marks: “ ”, straight
//! `"`, ‘ ’ (an `’` followed by a letter is an apostrophe, not a closing
//! mark) and doubled apostrophes `''…''`. Mixed pairs (“…" and "…”) are
//! accepted, and so is a `”` used as an opening mark. A straight `"`
//! between a letter or digit and a lower-case letter (`Japan"s`), or
//! before a possessive `s` (`GULF"S`), is an apostrophe. A quotation that is
//! not closed ends at the next blank line (or at the next `“`), so a
//! quotation cut off by the end of an excerpt still counts. Double quotes
//! nested in a ‘…’ quotation are quotations of their own. One pass over
//! the text.

/// A quotation span (byte offsets into the body).
#[derive(Debug, Clone, Copy)]
pub struct Span {
    /// Offset of the opening mark.
    pub open: usize,
    /// Offset of the first byte of the (trimmed) text.
    pub start: usize,
    /// Offset one past the last byte of the (trimmed) text.
    pub end: usize,
    /// Offset one past the closing mark (== `end` of the raw text when unclosed).
    pub close_end: usize,
    /// Whether a closing mark was found.
    pub closed: bool,
}

/// Which mark opened the current quotation.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mark {
    Double,
    Single,
    Apostrophes,
}

/// Whether a blank line starts at the newline at byte `i`.
fn blank_line_at(b: &[u8], i: usize) -> bool {
    let mut j = i + 1;
    while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r') {
        j += 1;
    }
    j < b.len() && b[j] == b'\n'
}

/// Quotation spans, in order of their opening marks (one pass).
pub fn spans(body: &str) -> Vec<Span> {
    let b = body.as_bytes();
    let mut out: Vec<Span> = Vec::new();
    let mut outer: Option<(Mark, usize, usize)> = None;
    let mut inner: Option<(usize, usize)> = None;
    let mut skip_to = 0usize;
    let mut emit = |open: usize, from: usize, to: usize, close_end: usize, closed: bool| {
        let raw = &body[from..to];
        let start = from + (raw.len() - raw.trim_start().len());
        let end = from + raw.trim_end().len();
        if start < end && body[start..end].chars().any(char::is_alphanumeric) {
            out.push(Span {
                open,
                start,
                end,
                close_end: if closed { close_end } else { end },
                closed,
            });
        }
    };
    // Only quotation marks and line breaks matter: other bytes are skipped
    // without decoding them (a `“”‘’` starts with the lead byte 0xE2).
    let mut i = 0;
    let mut next_newline = memchr::memchr(b'\n', b).unwrap_or(b.len());
    while i < b.len() {
        if next_newline < i {
            next_newline = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |p| i + p);
        }
        let mark = memchr::memchr3(b'"', b'\'', 0xE2, &b[i..]).map_or(b.len(), |p| i + p);
        // A line break matters only inside an open quotation.
        i = if outer.is_some() {
            mark.min(next_newline)
        } else {
            mark
        };
        if i >= b.len() {
            break;
        }
        if i < skip_to {
            i += 1;
            continue;
        }
        let Some(c) = body[i..].chars().next() else {
            break;
        };
        let prev = body[..i].chars().next_back();
        let next = body[i + c.len_utf8()..].chars().next();
        let after = i + c.len_utf8();
        if c == '\n' && blank_line_at(b, i) {
            if let Some((m, o, s)) = outer
                && m != Mark::Single
            {
                emit(o, s, i, i, false);
            }
            outer = None;
            inner = None;
            i = after;
            continue;
        }
        let prev_alnum = prev.is_some_and(char::is_alphanumeric);
        // `Japan"s`, `don"t`, `GULF"S`, `<QNB.QA>"s`: a straight double mark
        // between a letter or digit and a lower-case letter, or before a
        // possessive `s`, stands for an apostrophe (wire copy converted from
        // systems without one), not a quotation mark.
        let possessive_s = matches!(next, Some('s' | 'S'))
            && !body[after + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        if c == '"'
            && ((prev_alnum && next.is_some_and(char::is_lowercase))
                || ((prev_alnum || prev == Some('>')) && possessive_s))
        {
            i = after;
            continue;
        }
        match outer {
            None => match c {
                '“' => outer = Some((Mark::Double, i, after)),
                '"' if next.is_some_and(|n| !n.is_whitespace()) => {
                    outer = Some((Mark::Double, i, after));
                }
                '”' if !prev_alnum
                    && body[after..]
                        .trim_start_matches(' ')
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric) =>
                {
                    outer = Some((Mark::Double, i, after));
                }
                '‘' if !prev_alnum => outer = Some((Mark::Single, i, after)),
                '\'' if next == Some('\'') && !prev_alnum => {
                    outer = Some((Mark::Apostrophes, i, after + 1));
                    skip_to = after + 1;
                }
                _ => {}
            },
            Some((Mark::Double, o, s)) => match c {
                '”' | '"' => {
                    emit(o, s, i, after, true);
                    outer = None;
                }
                '“' => {
                    emit(o, s, i, i, false);
                    outer = Some((Mark::Double, i, after));
                }
                _ => {}
            },
            Some((Mark::Single, o, s)) => match (inner, c) {
                (Some((io, is)), '”' | '"') => {
                    emit(io, is, i, after, true);
                    inner = None;
                }
                (None, '“') | (None, '"') => inner = Some((i, after)),
                (_, '’') if !next.is_some_and(char::is_alphanumeric) => {
                    emit(o, s, i, after, true);
                    outer = None;
                    inner = None;
                }
                _ => {}
            },
            Some((Mark::Apostrophes, o, s)) => {
                if c == '\'' && next == Some('\'') {
                    emit(o, s, i, after + 1, true);
                    outer = None;
                    skip_to = after + 1;
                }
            }
        }
        i = after;
    }
    if let Some((m, o, s)) = outer
        && m != Mark::Single
    {
        emit(o, s, body.len(), body.len(), false);
    }
    out.sort_by_key(|s| s.start);
    out
}

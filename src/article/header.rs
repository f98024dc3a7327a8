//! The ` date YYYY-MM-DD ` header that opens an article in the seed format.

use super::HeaderStatus;
use chrono::NaiveDate;

/// The ` date … ` header line of a text article, read by [`parse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header<'a> {
    /// Whether the header is there and its date understood.
    pub status: HeaderStatus,
    /// The date, when understood.
    pub date: Option<NaiveDate>,
    /// The date as written, when the header is there (`"1987-02-30"`).
    pub raw_date: Option<&'a str>,
    /// The headline on the header line, when there is one (see [`parse`]).
    pub title: Option<&'a str>,
    /// The text after the date (or the whole text without a header),
    /// leading whitespace removed; a headline stays at its start.
    pub body: &'a str,
}

impl<'a> Header<'a> {
    /// The date as written when the header is there but its date was not
    /// understood (to be reported and counted).
    pub fn bad_date(&self) -> Option<&'a str> {
        match self.status {
            HeaderStatus::Malformed => self.raw_date,
            _ => None,
        }
    }
}

/// The longest headline taken from a header line, in characters; a longer
/// rest of the line is the article's first paragraph.
pub const MAX_TITLE_CHARS: usize = 200;

/// Reads the header of `text`.
///
/// The header is optional leading spaces or tabs (not newlines: a text
/// that starts with a line break has no header), the word `date`, spaces or
/// tabs, then the date: one run of ASCII digits, `-`, `.` and `/` starting
/// with a digit, ended by whitespace or the end of the text. A date in the
/// form `YYYY-MM-DD` naming a real day has status [`HeaderStatus::Ok`];
/// any other date (`1987-02-30`, `1987-3-1`, `2018-04`) is
/// [`HeaderStatus::Malformed`]: it is removed from the body all the same,
/// and [`Header::bad_date`] gives it. Anything else after `date ` (a word)
/// is no header ([`HeaderStatus::Missing`]) and the whole text is the body.
///
/// The rest of the header line is a headline (Reuters puts the headline
/// there: ` date 1987-04-01 SEIPP SAYS GERMAN INTEREST RATES SHOULD FALL`)
/// when it is not blank, the text goes on after it on a later line, it is
/// at most [`MAX_TITLE_CHARS`] characters, and it does not end like a
/// sentence (`.`, `!`, `?`, `:`, `;` or `,`, before any closing quotation
/// mark or bracket); the seed format's first paragraph on the date line is
/// no headline. The headline stays at the start of the body.
pub fn parse(text: &str) -> Header<'_> {
    let trimmed = text.trim_start();
    let missing = Header {
        status: HeaderStatus::Missing,
        date: None,
        raw_date: None,
        title: None,
        body: trimmed,
    };
    let Some(rest) = text
        .trim_start_matches([' ', '\t', '\u{feff}'])
        .strip_prefix("date")
    else {
        return missing;
    };
    if !rest.starts_with([' ', '\t']) {
        return missing;
    }
    let rest = rest.trim_start_matches([' ', '\t']);
    let len = rest
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '.' | '/')))
        .unwrap_or(rest.len());
    let raw = &rest[..len];
    let after = &rest[len..];
    if !raw.starts_with(|c: char| c.is_ascii_digit())
        || !(after.is_empty() || after.starts_with(char::is_whitespace))
    {
        return missing;
    }
    let date = (raw.len() == 10 && is_iso_shape(raw))
        .then(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok())
        .flatten();
    let body = after.trim_start();
    Header {
        status: if date.is_some() {
            HeaderStatus::Ok
        } else {
            HeaderStatus::Malformed
        },
        date,
        raw_date: Some(raw),
        title: headline(after),
        body,
    }
}

/// The headline at the start of `after` (the header line's rest), by the
/// rules of [`parse`].
fn headline(after: &str) -> Option<&str> {
    let (line, more) = after.split_once('\n')?;
    let line = line.trim();
    if line.is_empty() || more.trim().is_empty() || line.chars().count() > MAX_TITLE_CHARS {
        return None;
    }
    let last = line
        .trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ']', '\u{bb}'])
        .chars()
        .last()?;
    (!matches!(last, '.' | '!' | '?' | ':' | ';' | ',')).then_some(line)
}

/// Splits `text` into (status, date, body): [`parse`] without the raw date
/// and the headline. When the header is missing the body is the whole
/// text (leading whitespace removed) and the date is `None`; a malformed
/// date is removed from the body too.
pub fn split(text: &str) -> (HeaderStatus, Option<NaiveDate>, &str) {
    let h = parse(text);
    (h.status, h.date, h.body)
}

/// `YYYY-MM-DD` with ASCII digits (chrono alone accepts `2024-3-10`).
fn is_iso_shape(s: &str) -> bool {
    s.bytes().enumerate().all(|(i, b)| {
        if i == 4 || i == 7 {
            b == b'-'
        } else {
            b.is_ascii_digit()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }

    #[test]
    fn same_line_header() {
        assert_eq!(
            split(" date 2019-12-31 Thousands of people"),
            (HeaderStatus::Ok, d("2019-12-31"), "Thousands of people")
        );
    }

    #[test]
    fn header_on_its_own_line() {
        assert_eq!(
            split(" date 2024-03-10 \nThe ferry resumed."),
            (HeaderStatus::Ok, d("2024-03-10"), "The ferry resumed.")
        );
    }

    #[test]
    fn leading_newline_means_no_header() {
        assert_eq!(
            split("\n date 2020-01-01 Body"),
            (HeaderStatus::Missing, None, "date 2020-01-01 Body")
        );
    }

    #[test]
    fn missing_header_keeps_all_text() {
        assert_eq!(
            split("The ferry resumed."),
            (HeaderStatus::Missing, None, "The ferry resumed.")
        );
        assert_eq!(
            split("dated material"),
            (HeaderStatus::Missing, None, "dated material")
        );
    }

    #[test]
    fn partial_or_impossible_dates_are_malformed_and_removed() {
        assert_eq!(
            split(" date 2018-04 Body"),
            (HeaderStatus::Malformed, None, "Body")
        );
        let h = parse(" date 1987-02-30 \nThe body.");
        assert_eq!(h.status, HeaderStatus::Malformed);
        assert_eq!((h.bad_date(), h.body), (Some("1987-02-30"), "The body."));
        let h = parse(" date 1987-3-1 \nThe body.");
        assert_eq!((h.bad_date(), h.body), (Some("1987-3-1"), "The body."));
        assert_eq!(parse(" date 2024-02-29 x").bad_date(), None);
    }

    #[test]
    fn a_word_after_date_is_no_header() {
        assert_eq!(
            split(" date night is back"),
            (HeaderStatus::Missing, None, "date night is back")
        );
        assert_eq!(split(" date 2024-01-01x Body").0, HeaderStatus::Missing);
    }

    #[test]
    fn headline_on_the_header_line() {
        let h = parse(
            " date 1987-04-01 SEIPP SAYS GERMAN INTEREST RATES SHOULD FALL\n\nBONN, April 1 - ...",
        );
        assert_eq!(
            h.title,
            Some("SEIPP SAYS GERMAN INTEREST RATES SHOULD FALL")
        );
        assert!(h.body.starts_with("SEIPP SAYS"));
        let h = parse(" date 1987-02-30 BAHIA COCOA REVIEW\n\nShowers continued.");
        assert_eq!(
            (h.status, h.title),
            (HeaderStatus::Malformed, Some("BAHIA COCOA REVIEW"))
        );
    }

    #[test]
    fn no_headline_without_one() {
        // A first paragraph (sentence end), the only line, a blank rest.
        assert_eq!(
            parse(" date 2019-12-31 Thousands gathered.\n\nMore.").title,
            None
        );
        assert_eq!(
            parse(" date 2019-12-31 \"We will,\" he said.\nMore.").title,
            None
        );
        assert_eq!(parse(" date 2019-12-31 Only line").title, None);
        assert_eq!(parse(" date 2019-12-31 \nThe ferry.\nMore.").title, None);
        let long = format!(" date 2019-12-31 {}\nMore.", "word ".repeat(50));
        assert_eq!(parse(&long).title, None);
        assert_eq!(parse("HEADLINE\nBody").title, None);
    }
}

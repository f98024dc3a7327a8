//! The ` date YYYY-MM-DD ` header that opens an article in the seed format.

use super::HeaderStatus;
use chrono::NaiveDate;

/// Splits `text` into (status, date, body).
///
/// The header is optional leading spaces or tabs (not newlines: a text
/// that starts with a line break has no header), the word `date`, whitespace,
/// `YYYY-MM-DD`, then one whitespace character (space or newline) or the end
/// of the text. The body is what follows, with leading whitespace removed.
/// When the header is missing or malformed the body is the whole text
/// (leading whitespace removed) and the date is `None`.
pub fn split(text: &str) -> (HeaderStatus, Option<NaiveDate>, &str) {
    let trimmed = text.trim_start();
    let Some(rest) = text
        .trim_start_matches([' ', '\t', '\u{feff}'])
        .strip_prefix("date")
    else {
        return (HeaderStatus::Missing, None, trimmed);
    };
    if !rest.starts_with([' ', '\t']) {
        return (HeaderStatus::Missing, None, trimmed);
    }
    let rest = rest.trim_start_matches([' ', '\t']);
    let candidate = rest.get(..10).unwrap_or("");
    let after = &rest[candidate.len()..];
    let ends_cleanly = after.is_empty() || after.starts_with(char::is_whitespace);
    let date = if candidate.len() == 10 && ends_cleanly {
        is_iso_shape(candidate)
            .then(|| NaiveDate::parse_from_str(candidate, "%Y-%m-%d").ok())
            .flatten()
    } else {
        None
    };
    match date {
        Some(d) => (HeaderStatus::Ok, Some(d), after.trim_start()),
        None => (HeaderStatus::Malformed, None, trimmed),
    }
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
    fn partial_or_impossible_dates_are_malformed() {
        assert_eq!(
            split(" date 2018-04 Body"),
            (HeaderStatus::Malformed, None, "date 2018-04 Body")
        );
        assert_eq!(split(" date 2024-02-30 Body").0, HeaderStatus::Malformed);
        assert_eq!(split(" date 2024-3-10 Body").0, HeaderStatus::Malformed);
    }
}

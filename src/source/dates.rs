//! Publication dates as found in structured records (JSON, CSV).
//!
//! Accepted forms (a date-time with a time zone is converted to UTC and its
//! UTC calendar day is kept; a date-time without a zone is taken as UTC):
//!
//! | form | example |
//! |------|---------|
//! | ISO date | `2019-12-31`, `2019/12/31`, `20191231` (8 digits: a valid `YYYYMMDD` in 1800–2200, as text or JSON number) |
//! | ISO / RFC 3339 date-time | `2019-12-31T23:30:00Z`, `2019-12-31 23:30:00+01:00`, `2019-12-31T23:30` |
//! | RFC 2822 | `Tue, 31 Dec 2019 23:30:00 -0500` |
//! | month name | `December 31, 2019`, `Dec 31, 2019`, `31 December 2019`, `31 Dec 2019` |
//! | Unix seconds | `1577836800` (text of 9+ digits, or a JSON number that is not a `YYYYMMDD` date) |
//!
//! Anything else (`12/31/2019`, `31/12/2019`: the order is ambiguous) is
//! not understood: [`parse`] returns `None` rather than guess, so a date is
//! never wrong. Years outside 1700–2200 are refused for the same reason
//! (e.g. milliseconds taken for seconds).

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};

const DATE_FORMATS: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%B %d, %Y",
    "%B %d %Y",
    "%d %B %Y",
    "%d %B, %Y",
];

const NAIVE_DATETIME_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
];

const ZONED_DATETIME_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f%:z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f%:z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y-%m-%dT%H:%M%:z",
    "%Y-%m-%dT%H:%M%z",
];

/// The UTC calendar day of a date written in one of the forms of the
/// module documentation; `None` when it is not understood.
///
/// ```
/// use newsidx::source::dates::parse;
/// assert_eq!(parse("Dec 31, 2019").unwrap().to_string(), "2019-12-31");
/// assert_eq!(parse("2019-12-31T23:30:00-05:00").unwrap().to_string(), "2020-01-01");
/// assert_eq!(parse("12/31/2019"), None);
/// ```
pub fn parse(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let day = parse_any(s)?;
    (1700..=2200).contains(&day.year()).then_some(day)
}

/// The day of `n`, an 8-digit integer that is a valid `YYYYMMDD` date
/// with a year from 1800 to 2200; `None` for anything else.
pub fn from_yyyymmdd(n: f64) -> Option<NaiveDate> {
    if n.fract() != 0.0 || !(10_000_000.0..100_000_000.0).contains(&n) {
        return None;
    }
    let n = n as u32;
    let day = NaiveDate::from_ymd_opt((n / 10_000) as i32, n / 100 % 100, n % 100)?;
    (1800..=2200).contains(&day.year()).then_some(day)
}

/// The day of a numeric date (a JSON number): an 8-digit `YYYYMMDD` date
/// (see [`from_yyyymmdd`]), else Unix seconds (see [`from_unix_seconds`]).
///
/// ```
/// use newsidx::source::dates::from_number;
/// assert_eq!(from_number(20191231.0).unwrap().to_string(), "2019-12-31");
/// assert_eq!(from_number(1577836799.0).unwrap().to_string(), "2019-12-31");
/// assert_eq!(from_number(20191332.0).unwrap().to_string(), "1970-08-22");
/// ```
pub fn from_number(n: f64) -> Option<NaiveDate> {
    from_yyyymmdd(n).or_else(|| from_unix_seconds(n))
}

/// The UTC day of `secs` seconds after 1970-01-01 (within 1700–2200).
pub fn from_unix_seconds(secs: f64) -> Option<NaiveDate> {
    if !secs.is_finite() {
        return None;
    }
    let day = DateTime::<Utc>::from_timestamp(secs.floor() as i64, 0)?.date_naive();
    (1700..=2200).contains(&day.year()).then_some(day)
}

fn parse_any(s: &str) -> Option<NaiveDate> {
    match iso_day(s) {
        Some(day) => day,
        None => parse_other(s),
    }
}

/// The fast path of [`parse_any`] for the commonest form, `YYYY-MM-DD` in
/// ASCII digits: `Some` of its day (`Some(None)` for an impossible date such
/// as `2019-02-30`), the result `%Y-%m-%d` gives after every other form has
/// failed; `None` for text of any other shape.
fn iso_day(s: &str) -> Option<Option<NaiveDate>> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let mut n = [0u32; 10];
    for (i, &c) in b.iter().enumerate() {
        if i != 4 && i != 7 {
            if !c.is_ascii_digit() {
                return None;
            }
            n[i] = u32::from(c - b'0');
        }
    }
    let year = n[0] * 1000 + n[1] * 100 + n[2] * 10 + n[3];
    let (month, day) = (n[5] * 10 + n[6], n[8] * 10 + n[9]);
    Some(NaiveDate::from_ymd_opt(year as i32, month, day))
}

/// [`parse_any`] for every form but the fast path's.
fn parse_other(s: &str) -> Option<NaiveDate> {
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return match s.len() {
            8 => from_yyyymmdd(s.parse().ok()?),
            9.. => from_unix_seconds(s.parse().ok()?),
            _ => None,
        };
    }
    if let Some(rest) = s.strip_prefix('-')
        && rest.len() >= 9
        && rest.bytes().all(|b| b.is_ascii_digit())
    {
        return from_unix_seconds(s.parse().ok()?);
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc).date_naive());
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc).date_naive());
    }
    // A trailing `Z`, ` UTC` or ` GMT` means UTC.
    let (body, utc) = match s
        .strip_suffix('Z')
        .or_else(|| s.strip_suffix(" UTC"))
        .or_else(|| s.strip_suffix(" GMT"))
    {
        Some(b) => (b.trim_end(), true),
        None => (s, false),
    };
    if !utc {
        for f in ZONED_DATETIME_FORMATS {
            if let Ok(d) = DateTime::parse_from_str(body, f) {
                return Some(d.with_timezone(&Utc).date_naive());
            }
        }
    }
    for f in NAIVE_DATETIME_FORMATS {
        if let Ok(d) = NaiveDateTime::parse_from_str(body, f) {
            return Some(d.date());
        }
    }
    if utc {
        return None;
    }
    // "Dec. 31, 2019" → "Dec 31, 2019"; "Sept" is not a chrono month name.
    let cleaned = s.replacen('.', "", 1).replace("Sept ", "Sep ");
    for f in DATE_FORMATS {
        if let Ok(d) = NaiveDate::parse_from_str(&cleaned, f) {
            return Some(d);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str, want: &str) {
        assert_eq!(
            parse(s).map(|d| d.to_string()).as_deref(),
            Some(want),
            "{s}"
        );
    }

    #[test]
    fn forms() {
        ok("2019-12-31", "2019-12-31");
        ok("2019/12/31", "2019-12-31");
        ok("20191231", "2019-12-31");
        ok("2019-12-31T10:00:00", "2019-12-31");
        ok("2019-12-31 10:00", "2019-12-31");
        ok("2019-12-31T23:30:00Z", "2019-12-31");
        ok("2019-12-31T23:30:00.123Z", "2019-12-31");
        ok("2019-12-31T23:30:00-05:00", "2020-01-01");
        ok("2020-01-01T01:30:00+02:00", "2019-12-31");
        ok("2020-01-01 01:30:00+0200", "2019-12-31");
        ok("2019-12-31 23:30:00 UTC", "2019-12-31");
        ok("Tue, 31 Dec 2019 23:30:00 -0500", "2020-01-01");
        ok("Tue, 31 Dec 2019 10:00:00 GMT", "2019-12-31");
        ok("December 31, 2019", "2019-12-31");
        ok("Dec 31, 2019", "2019-12-31");
        ok("Dec. 31, 2019", "2019-12-31");
        ok("31 December 2019", "2019-12-31");
        ok("31 Dec 2019", "2019-12-31");
        ok("1577836799", "2019-12-31");
        ok("  2019-12-31  ", "2019-12-31");
    }

    proptest::proptest! {
        /// The `YYYY-MM-DD` fast path gives what the other forms give
        /// (the `%Y-%m-%d` format), valid or impossible dates alike.
        #[test]
        fn fast_path_agrees(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}") {
            proptest::prop_assert_eq!(iso_day(&s), Some(parse_other(&s)));
        }
    }

    #[test]
    fn fast_path_shapes() {
        let day = |s: &str| iso_day(s).map(|d| d.map(|d| d.to_string()));
        assert_eq!(day("2019-12-31"), Some(Some("2019-12-31".into())));
        assert_eq!(day("0000-01-01"), Some(Some("0000-01-01".into())));
        assert_eq!(day("2019-02-29"), Some(None));
        assert_eq!(day("2020-02-29"), Some(Some("2020-02-29".into())));
        assert_eq!(day("2019-00-10"), Some(None));
        for other in [
            "2019-1-05",
            "2019/12/31",
            "2019-12-3x",
            "２019-12-31",
            "2019-12-31T",
        ] {
            assert_eq!(day(other), None, "{other}");
        }
        assert_eq!(parse_other("2019-12-31").unwrap().to_string(), "2019-12-31");
        assert_eq!(parse_other("2019-02-29"), None);
    }

    #[test]
    fn refused() {
        for s in [
            "",
            "12/31/2019",
            "31/12/2019",
            "yesterday",
            "2019-02-30",
            "2019-13-01",
            "1577836799000",
            "2019",
            "Dec 2019",
            "17991231",
            "20191332",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }
}

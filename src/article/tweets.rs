//! Embedded tweets and `@handles`.
//!
//! A tweet embedded in an article appears as its text followed by a byline:
//! `… pic.twitter.com/XXXX — Display Name (@handle) December 31, 2019`.

use super::Tweet;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// `@` + handle characters. Whether the `@` starts a handle (and not an
/// e-mail address) is decided from the character before it.
static HANDLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"@([A-Za-z0-9_]+)").unwrap());

/// A tweet byline: a dash, the display name, `(@handle)`, an optional date.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        [\u{2014}\u{2013}-]\s*
        (?P<author>[^\n()\u{2014}\u{2013}]{1,100}?)\s*
        \(\s*@(?P<handle>[A-Za-z0-9_]{1,30})\s*\)
        (?:\s*(?P<date>[A-Z][a-z]+\.?\s+\d{1,2},\s*\d{4}))?",
    )
    .unwrap()
});

/// Links that precede a byline and are not part of the tweet text.
static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:https?://)?(?:pic\.twitter\.com|t\.co)/\S*").unwrap());

/// Every `@handle` in `text`, without the `@`, in order of first appearance,
/// each once (compared case-insensitively; the first-seen spelling is kept).
///
/// An `@` glued to a preceding letter, digit or one of `.`, `_`, `-`, `+` is
/// part of an e-mail address and is skipped.
pub fn handles(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in HANDLE.captures_iter(text) {
        let at = m.get(0).unwrap().start();
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+')) {
            continue;
        }
        let handle = &m[1];
        if !out.iter().any(|h| h.eq_ignore_ascii_case(handle)) {
            out.push(handle.to_string());
        }
    }
    out
}

/// Every embedded tweet byline in `text`, in order of appearance.
///
/// The tweet text is what precedes the byline in its paragraph, without the
/// `pic.twitter.com/…` or `t.co/…` link.
pub fn tweets(text: &str) -> Vec<Tweet> {
    let mut out = Vec::new();
    for c in BYLINE.captures_iter(text) {
        let whole = c.get(0).unwrap();
        let author = clean_display_name(&c["author"]);
        if author.is_empty() {
            continue;
        }
        let para_start = text[..whole.start()].rfind('\n').map_or(0, |i| i + 1);
        let raw = &text[para_start..whole.start()];
        let text_only = LINK.replace_all(raw, "");
        let date = c
            .name("date")
            .and_then(|d| parse_month_day_year(d.as_str()));
        out.push(Tweet {
            author,
            handle: c["handle"].to_string(),
            date,
            text: text_only.trim().to_string(),
        });
    }
    out
}

/// `December 31, 2019` or `Dec. 31, 2019` → a date.
fn parse_month_day_year(s: &str) -> Option<NaiveDate> {
    let s = s.replace('.', "");
    NaiveDate::parse_from_str(&s, "%B %d, %Y")
        .or_else(|_| NaiveDate::parse_from_str(&s, "%b %d, %Y"))
        .ok()
}

/// Drops emoji and decorative symbols from a display name, keeping letters,
/// digits, spaces and ordinary name punctuation.
pub fn clean_display_name(name: &str) -> String {
    let kept: String = name
        .chars()
        .filter(|c| {
            c.is_alphanumeric() || c.is_whitespace() || matches!(c, '.' | '\'' | '’' | '-' | '&')
        })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_skip_email_and_keep_first_case() {
        let t = "Follow @CityHall_News for updates!!!@ana_ruiz replied. Email press@example.org or @cityhall_news.";
        assert_eq!(handles(t), vec!["CityHall_News", "ana_ruiz"]);
    }

    #[test]
    fn byline_with_pic_link() {
        let t = "Crowds at the gate pic.twitter.com/AbC123 — Jo Bloggs (@jbloggs) March 3, 2021";
        let tw = tweets(t);
        assert_eq!(tw.len(), 1);
        assert_eq!(tw[0].author, "Jo Bloggs");
        assert_eq!(tw[0].handle, "jbloggs");
        assert_eq!(tw[0].date, NaiveDate::from_ymd_opt(2021, 3, 3));
        assert_eq!(tw[0].text, "Crowds at the gate");
    }
}

//! Direct quotations and their attribution.
//!
//! A quotation is text between matching quotation marks (“ ”, " ").
//! Attribution looks for a reporting verb next to a name right after the
//! closing mark (`“…,” said X` / `“…,” X said`) or right before the opening
//! mark (`X said, “…”`). A pronoun speaker (`he added`) is resolved to the
//! last named speaker.

use super::Quote;
use super::names;
use regex::Regex;
use std::sync::LazyLock;

const VERBS: &str =
    r"said|says|told|added|wrote|tweeted|posted|asked|explained|stated|continued|noted";

/// After the closing mark: `, said Jane Doe` or `, Jane Doe said` or `, he added`.
static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[,.!?]?\s*(?:(?:{VERBS})\s+(?P<n1>{NAME})|(?P<n2>{NAME})\s+(?:{VERBS})\b|(?P<pro>he|she|they)\s+(?:{VERBS})\b)",
        NAME = names::NAME_PATTERN
    ))
    .unwrap()
});

/// Before the opening mark: `Jane Doe said,` / `Jane Doe wrote that … `.
static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<n>{NAME})\s+(?:{VERBS})\b[^.“”\x22]{{0,120}}$",
        NAME = names::NAME_PATTERN
    ))
    .unwrap()
});

/// Every quotation in `body`, with a speaker when one is attributed.
///
/// Offsets are byte offsets into `body`. Runs in time linear in the input
/// (each mark is visited once; attribution looks at bounded windows).
pub fn quotations(body: &str) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut last_speaker: Option<String> = None;
    for (start, end) in spans(body) {
        let text = &body[start..end];
        let close_len = body[end..].chars().next().map_or(0, char::len_utf8);
        let after = window_after(body, end + close_len);
        let open_len = body[..start].chars().next_back().map_or(0, char::len_utf8);
        let before = window_before(body, start - open_len);
        let mut speaker = None;
        if let Some(c) = AFTER.captures(after) {
            if let Some(n) = c.name("n1").or(c.name("n2")) {
                speaker = Some(names::strip_titles(n.as_str()));
            } else if c.name("pro").is_some() {
                speaker = last_speaker.clone();
            }
        }
        if speaker.is_none()
            && let Some(c) = BEFORE.captures(before)
        {
            speaker = Some(names::strip_titles(&c["n"]));
        }
        let speaker = speaker.filter(|s| !s.is_empty());
        if speaker.is_some() {
            last_speaker = speaker.clone();
        }
        out.push(Quote {
            speaker,
            text: text.to_string(),
            start,
            end,
        });
    }
    out
}

/// Byte ranges of the text inside matching quotation marks: “…” pairs and
/// "…" pairs, never crossing a paragraph break.
fn spans(body: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for (i, c) in body.char_indices() {
        match (open, c) {
            (None, '“') | (None, '"') => open = Some((c, i + c.len_utf8())),
            (Some(('“', s)), '”') | (Some(('"', s)), '"') => {
                out.push((s, i));
                open = None;
            }
            (Some(_), '\n') => open = None,
            _ => {}
        }
    }
    out
}

fn window_after(body: &str, from: usize) -> &str {
    let mut to = (from + 80).min(body.len());
    while !body.is_char_boundary(to) {
        to -= 1;
    }
    &body[from..to]
}

fn window_before(body: &str, to: usize) -> &str {
    let mut from = to.saturating_sub(160);
    while !body.is_char_boundary(from) {
        from += 1;
    }
    let w = &body[from..to];
    match w.rfind('\n') {
        Some(i) => &w[i + 1..],
        None => w,
    }
}

//! Embedded tweets and `@handles`.
//!
//! A tweet embedded in an article appears as its text followed by a byline:
//! `… pic.twitter.com/XXXX — Display Name (@handle) December 31, 2019`.

use super::Tweet;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// `@` + handle characters. Whether the `@` starts a handle (and not an
/// e-mail address) is decided from the characters before it.
static HANDLE: LazyLock<Regex> =
    LazyLock::new(|| super::regex(r"@(?P<sp> )?(?P<h>[A-Za-z0-9_]+)").unwrap());

/// `(@handle)` or a broken `(@Display Name)` slot, then an optional date.
static BYLINE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    super::regex(
        r"(?x)
        \(\s*@(?P<handle>[A-Za-z0-9_]{1,30}(?:\ [A-Z][A-Za-z]{1,20})?)\s*(?:\)|$)
        (?:[\ \t]*(?:on\ )?(?P<date>[A-Z][a-z]+\.?\s+\d{1,2},\s*\d{4}|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}))?",
    )
    .unwrap()
});

/// Links that precede a byline and are not part of the tweet text.
static LINK: LazyLock<Regex> =
    LazyLock::new(|| super::regex(r"(?:https?://)?(?:pic\.twitter\.com|t\.co)/\S*").unwrap());

/// Links not counted in a tweet's length: the above and any `http(s)://` URL.
static ANY_LINK: LazyLock<Regex> =
    LazyLock::new(|| super::regex(r"https?://\S*|(?:pic\.twitter\.com|t\.co)/\S*").unwrap());

/// Longest tweet text, in characters, links not counted.
const MAX_TWEET_CHARS: usize = 280;

/// Longest display name looked at before `(@handle)` (bytes).
const NAME_WINDOW: usize = 160;

/// Every `@handle` in `text`, without the `@`, in order of first appearance,
/// each once (compared case-insensitively; the first-seen spelling is kept).
///
/// Not handles: e-mail addresses (the `@` follows a run of address
/// characters that contains a letter or digit), `@` followed by a space and
/// an ordinary word, and broken embeds whose handle slot holds a display
/// name (`(@President Biden)`). `@ PompiersParis` (one space, then a
/// handle-shaped token with an inner capital, digit or `_`) is a handle.
pub fn handles(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in HANDLE.captures_iter(text) {
        let at = m.get(0).unwrap().start();
        if is_email_at(text, at) {
            continue;
        }
        let handle = &m["h"];
        if m.name("sp").is_some() && !handle_shaped(handle) {
            continue;
        }
        let end = m.get(0).unwrap().end();
        if text[..at].ends_with('(') && broken_embed(&text[end..]) {
            continue;
        }
        if !out.iter().any(|h| h.eq_ignore_ascii_case(handle)) {
            out.push(handle.to_string());
        }
    }
    out
}

/// `@` glued to an address-like run (`press@example.org`, `a-b@c.d`).
fn is_email_at(text: &str, at: usize) -> bool {
    let mut from = at.saturating_sub(64);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    text[from..at]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
        .any(|c| c.is_ascii_alphanumeric())
}

/// A token that looks like a handle rather than a word: an inner capital,
/// a digit or an underscore.
fn handle_shaped(h: &str) -> bool {
    h.chars().skip(1).any(|c| c.is_ascii_uppercase())
        || h.chars().any(|c| c.is_ascii_digit() || c == '_')
}

/// After `(@Word`: ` Word)` means the slot holds a display name.
fn broken_embed(rest: &str) -> bool {
    let Some(r) = rest.strip_prefix(' ') else {
        return false;
    };
    let word: String = r.chars().take_while(|c| c.is_alphabetic()).collect();
    !word.is_empty() && r[word.len()..].starts_with(')')
}

/// Every embedded tweet byline in `text`, in order of appearance.
///
/// See [`tweets_at`]; this drops the offsets.
pub fn tweets(text: &str) -> Vec<Tweet> {
    tweets_at(text).into_iter().map(|(_, t)| t).collect()
}

/// Every embedded tweet byline in `text`, in order of appearance, with the
/// byte offset of the byline's dash (or display name).
///
/// A byline is `— Display Name (@handle) Month D, YYYY`: em dash, en dash
/// or hyphen (followed by a space; it may be glued to the text before it,
/// as in `support.— Name`), or no dash at all right after a
/// `pic.twitter.com/XXXXXXXXXX` link. The date may also be `D Month YYYY`;
/// a handle cut off by the end of the text is accepted. An author line
/// without a dash or link (`Jo Li (@jo) 5 minutes ago`) is not a tweet.
/// The tweet text is what precedes the byline (see [`tweet_text_before`]),
/// without the `pic.twitter.com/…` or `t.co/…` link.
pub fn tweets_at(text: &str) -> Vec<(usize, Tweet)> {
    let mut out = Vec::new();
    let mut prev_end = 0usize;
    for c in BYLINE_TAIL.captures_iter(text) {
        let whole = c.get(0).unwrap();
        let lo = whole.start().saturating_sub(NAME_WINDOW);
        let lo = (lo..whole.start())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(whole.start());
        let window = &text[lo..whole.start()];
        let window = match window.rfind('\n') {
            Some(i) => &window[i + 1..],
            None => window,
        };
        let wstart = whole.start() - window.len();
        let Some((name_at, raw_name)) = byline_name(window) else {
            continue;
        };
        let author = clean_display_name(raw_name);
        if author.is_empty() {
            continue;
        }
        let pos = wstart + name_at;
        // The tweet text: the lines before the byline, back to the previous
        // blank line or byline, at most `MAX_TWEET_CHARS` long.
        let raw = tweet_text_before(text, prev_end, pos);
        prev_end = whole.end();
        let text_only = LINK.replace_all(raw, "");
        let date = c
            .name("date")
            .and_then(|d| parse_month_day_year(d.as_str()));
        out.push((
            pos,
            Tweet {
                author,
                handle: c["handle"].to_string(),
                date,
                text: text_only
                    .trim()
                    .trim_end_matches(['—', '–', '-'])
                    .trim()
                    .to_string(),
            },
        ));
    }
    out
}

/// Posts quoted as a list of signed lines (`1. My money is on the capture.
/// @bydanielvictor`): each line that ends in an `@handle` after at least
/// four words of text, at most [`MAX_TWEET_CHARS`] long (links not
/// counted), with no `(@handle)` byline of its own. Taken only when the
/// text has two such lines or more (a list of reactions), so a sentence of
/// prose that happens to end in a handle is not a post. The author is the
/// handle; the offset is the handle's `@`. Linear in the text.
pub fn signed_lines_at(text: &str) -> Vec<(usize, Tweet)> {
    let mut out = Vec::new();
    let mut line_start = 0usize;
    for line in text.split_inclusive('\n') {
        let here = line_start;
        line_start += line.len();
        let mut l = line.trim_end();
        if l.contains("(@") || !l.contains('@') {
            continue;
        }
        // A remark in brackets after the handle (`@ana (I think so)`).
        if l.ends_with(')')
            && let Some(open) = l.rfind(" (")
        {
            l = l[..open].trim_end();
        }
        let Some(at) = l.rfind('@') else { continue };
        let handle = &l[at + 1..];
        // The word before the handle: a preposition or a verb of contact
        // makes the handle an object (`Write to @desk`), not a signature.
        let before_word = l[..at]
            .split_whitespace()
            .next_back()
            .unwrap_or("")
            .to_lowercase();
        if handle.is_empty()
            || handle.len() > 15
            || !handle
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            || !l[..at].ends_with(char::is_whitespace)
            || matches!(
                before_word.as_str(),
                "to" | "at"
                    | "by"
                    | "from"
                    | "with"
                    | "via"
                    | "on"
                    | "for"
                    | "of"
                    | "and"
                    | "or"
                    | "follow"
                    | "contact"
                    | "tweet"
                    | "email"
                    | "dm"
                    | "cc"
                    | "thanks"
            )
        {
            continue;
        }
        // The text, without a list number (`3.`) or bullet before it.
        let body = l[..at]
            .trim()
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches(['.', ')', '-', '•', '*'])
            .trim();
        let words = body
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        if words < 4 || tweet_len(body) > MAX_TWEET_CHARS {
            continue;
        }
        out.push((
            here + at,
            Tweet {
                author: handle.to_string(),
                handle: handle.to_string(),
                date: None,
                text: LINK.replace_all(body, "").trim().to_string(),
            },
        ));
    }
    if out.len() < 2 {
        out.clear();
    }
    out
}

/// The raw tweet text before a byline starting at `pos`, built from whole
/// lines collected backwards from the byline's line (blank lines directly
/// before the byline are skipped). Collection stops at `floor` (the end of
/// the previous byline), at a blank line, or before the line that would make
/// the text exceed [`MAX_TWEET_CHARS`] (links not counted): a tweet is at
/// most 280 characters plus links, so longer text is article prose. When
/// the first line alone is too long, only its longest tail that starts at a
/// sentence boundary and fits is kept (nothing if no such tail exists).
///
/// Each call scans only `floor..pos`, and successive calls get disjoint
/// ranges, so all bylines of a text are handled in linear time.
fn tweet_text_before(text: &str, floor: usize, pos: usize) -> &str {
    let region = text[floor.min(pos)..pos].trim_end();
    let mut start = region.rfind('\n').map_or(0, |i| i + 1);
    if tweet_len(&region[start..]) > MAX_TWEET_CHARS {
        return sentence_tail(&region[start..]);
    }
    while start > 0 {
        let prev = region[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        if region[prev..start - 1].trim().is_empty() || tweet_len(&region[prev..]) > MAX_TWEET_CHARS
        {
            break;
        }
        start = prev;
    }
    &region[start..]
}

/// The longest tail of `line` that starts at a sentence boundary (`. `,
/// `! ` or `? ` followed by a capital or an opening quote) and is at most
/// [`MAX_TWEET_CHARS`] long; empty if there is none.
fn sentence_tail(line: &str) -> &str {
    let mut chars = line.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') || chars.next_if(|&(_, c)| c == ' ').is_none() {
            continue;
        }
        while chars.next_if(|&(_, c)| c == ' ').is_some() {}
        let Some(&(at, next)) = chars.peek() else {
            break;
        };
        let opens = next.is_uppercase() || matches!(next, '"' | '\'' | '“' | '‘' | '«');
        if opens && tweet_len(&line[at..]) <= MAX_TWEET_CHARS {
            return &line[at..];
        }
    }
    ""
}

/// The length of tweet text in characters, as stored (trimmed, without a
/// trailing dash) and without any links.
fn tweet_len(raw: &str) -> usize {
    ANY_LINK
        .replace_all(raw, "")
        .trim()
        .trim_end_matches(['—', '–', '-'])
        .trim()
        .chars()
        .count()
}

/// The display name in the text before `(@handle)`: after the last dash
/// that is followed by a space, after `shared by` (an Instagram embed), or
/// after a `pic.twitter.com/` link ID.
/// Returns the offset (in `window`) where the byline starts, and the name.
fn byline_name(window: &str) -> Option<(usize, &str)> {
    let mut best: Option<usize> = None;
    for (i, ch) in window.char_indices() {
        if matches!(ch, '—' | '–' | '-') {
            let after = &window[i + ch.len_utf8()..];
            let prev = window[..i].chars().next_back();
            let glued_ok = ch != '-' || prev.is_none_or(|p| p.is_whitespace());
            if after.starts_with([' ', '\u{a0}']) && glued_ok {
                best = Some(i);
            }
        }
    }
    if let Some(i) = best {
        let dash_len = window[i..].chars().next().map_or(1, char::len_utf8);
        return Some((i, window[i + dash_len..].trim()));
    }
    // An Instagram embed: `A post shared by Name (@handle) on Apr 1, 2020`.
    if let Some(p) = window.rfind("shared by ") {
        let name = window[p + "shared by ".len()..].trim();
        if !name.is_empty() && name.split_whitespace().count() <= 5 {
            // The byline starts at `A post shared by` (the text is before).
            let start = window[..p].rfind("A post ").unwrap_or(p);
            return Some((start, name));
        }
    }
    // No dash: `pic.twitter.com/XXXXXXXXXXName (@handle)`.
    let p = window.rfind("pic.twitter.com/")?;
    let id_start = p + "pic.twitter.com/".len();
    let id_end = id_start + 10;
    if id_end <= window.len() && window.is_char_boundary(id_end) {
        let name = window[id_end..].trim();
        if !name.is_empty() && name.split_whitespace().count() <= 4 {
            return Some((id_end, name));
        }
    }
    None
}

/// `December 31, 2019`, `Dec. 31, 2019` or `31 December 2019` → a date.
fn parse_month_day_year(s: &str) -> Option<NaiveDate> {
    let s = s.replace('.', "");
    NaiveDate::parse_from_str(&s, "%B %d, %Y")
        .or_else(|_| NaiveDate::parse_from_str(&s, "%b %d, %Y"))
        .or_else(|_| NaiveDate::parse_from_str(&s, "%d %B %Y"))
        .or_else(|_| NaiveDate::parse_from_str(&s, "%d %b %Y"))
        .ok()
}

/// Whether a display name looks like mojibake (UTF-8 decoded as cp1252):
/// Latin-1 symbols such as `¯ ¾ •` among letters. Such names are kept
/// verbatim.
fn is_mojibake(name: &str) -> bool {
    name.chars()
        .any(|c| matches!(c, '\u{a1}'..='\u{bf}') || matches!(c, '•' | '†' | '‡' | '€' | '™'))
        && name
            .chars()
            .any(|c| matches!(c, 'Ã' | 'â' | 'ð' | 'š' | 'Â' | 'Å'))
}

/// Decorative characters that are letters to Unicode but not part of a name.
const DECORATIONS: &[char] = &['ツ', 'シ', '°', 'ᵕ', '̈'];

/// Cleans a tweet display name: drops a parenthetical (`(WHO)`,
/// `(she/her)`), credentials after a comma (`, PhD`), everything from the
/// first emoji on when letters precede it (`Chenchen Zhang🤦 is social
/// distancing` → `Chenchen Zhang`), emoji, decorative symbols and combining
/// marks, and leading titles (`Dr`, `Senator`, `Rep.`). A name made only of
/// emoji is kept as is; mojibake is kept verbatim.
pub fn clean_display_name(name: &str) -> String {
    let name = name.trim();
    if is_mojibake(name) {
        return name.to_string();
    }
    let mut s = String::new();
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => s.push(c),
            _ => {}
        }
    }
    let s = s.split(',').next().unwrap_or("");
    let keep = |c: char| {
        (c.is_alphanumeric() && !DECORATIONS.contains(&c))
            || c.is_whitespace()
            || matches!(c, '.' | '\'' | '’' | '-' | '&' | '!' | '_')
    };
    // Cut at the first symbol that follows letters (emoji and what follows).
    // A slash between letters is part of the name (`B/R Football`).
    let mut kept = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let inner_slash = c == '/'
            && i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if keep(c) || inner_slash {
            kept.push(c);
        } else if c.is_alphanumeric() || is_joiner(c) {
            continue;
        } else if kept.chars().any(char::is_alphabetic) {
            break;
        }
    }
    let cleaned = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    let cleaned = super::names::strip_titles(&cleaned);
    if cleaned.chars().any(char::is_alphanumeric) {
        cleaned
    } else if name.chars().any(|c| !c.is_whitespace()) {
        name.to_string()
    } else {
        String::new()
    }
}

/// Zero-width joiners, variation selectors and skin-tone modifiers.
fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '\u{200d}' | '\u{fe0f}' | '\u{fe0e}' | '\u{1f3fb}'..='\u{1f3ff}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slash_between_letters_stays_in_a_display_name() {
        assert_eq!(clean_display_name("B/R Football"), "B/R Football");
        assert_eq!(clean_display_name("Beth Linas (she/her)"), "Beth Linas");
        assert_eq!(clean_display_name("Ana Ruiz / CNN"), "Ana Ruiz");
    }

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

    #[test]
    fn text_on_lines_before_byline_without_link() {
        let t = "Intro paragraph of the story.\n\nThe bridge reopens at noon.\nBring a bike!\n— Mia Holt (@miaholt) June 4, 2022\nTomorrow the market is closed.\n— Ed Park (@edpark) June 5, 2022";
        let tw = tweets(t);
        assert_eq!(tw.len(), 2);
        assert_eq!(tw[0].author, "Mia Holt");
        assert_eq!(tw[0].text, "The bridge reopens at noon.\nBring a bike!");
        assert_eq!(tw[1].author, "Ed Park");
        assert_eq!(tw[1].text, "Tomorrow the market is closed.");
    }

    #[test]
    fn glued_byline_keeps_earlier_lines_of_the_block() {
        let t = "Story so far.\n\nWe counted every vote.\nThe result stands.— Noor Aziz (@nooraziz) July 9, 2020";
        let tw = tweets(t);
        assert_eq!(tw.len(), 1);
        assert_eq!(tw[0].author, "Noor Aziz");
        assert_eq!(tw[0].text, "We counted every vote.\nThe result stands.");
    }

    /// A sentence of 252 characters.
    fn prose_sentence() -> String {
        let s = format!(
            "The council debated the budget {}until late.",
            "at length ".repeat(21)
        );
        assert_eq!(s.chars().count(), 252);
        s
    }

    #[test]
    fn tweet_after_long_prose_on_the_same_line_starts_at_a_sentence() {
        let prose = vec![prose_sentence(); 4].join(" ");
        assert_eq!(prose.len(), 1011);
        let t = format!(
            "{prose} The bridge reopens at noon. Bring a bike! pic.twitter.com/AbC12 — Mia Holt (@miaholt) June 4, 2022"
        );
        let tw = tweets(&t);
        assert_eq!(tw.len(), 1);
        assert_eq!(tw[0].author, "Mia Holt");
        assert_eq!(tw[0].text, "The bridge reopens at noon. Bring a bike!");
    }

    #[test]
    fn prose_line_right_before_the_tweet_line_is_not_tweet_text() {
        let t = format!(
            "{}\nThe bridge reopens at noon, finally. pic.twitter.com/AbC12 — Mia Holt (@miaholt) June 4, 2022",
            prose_sentence()
        );
        let tw = tweets(&t);
        assert_eq!(tw.len(), 1);
        assert_eq!(tw[0].text, "The bridge reopens at noon, finally.");
    }

    #[test]
    fn back_to_back_tweets_keep_their_own_text() {
        let t = "Stay inside. pic.twitter.com/AbC12 — Mia Holt (@miaholt) June 4, 2022 \
                 Roads are closed. pic.twitter.com/XyZ34 — Ed Park (@edpark) June 5, 2022\n\
                 Power is back. — Noor Aziz (@nooraziz) June 6, 2022";
        let tw = tweets(t);
        let texts: Vec<&str> = tw.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Stay inside.", "Roads are closed.", "Power is back."]
        );
        let handles: Vec<&str> = tw.iter().map(|t| t.handle.as_str()).collect();
        assert_eq!(handles, ["miaholt", "edpark", "nooraziz"]);
    }
}

#[cfg(test)]
mod signed_line_tests {
    use super::*;

    #[test]
    fn a_list_of_signed_lines_is_a_list_of_posts() {
        let text = "Reactions poured in:\n  1. My money is on the capture tonight. @ana_ruiz (he owes me)\n  2. I was this close to finishing the page. @LeePark\nThat was all. Write to @desk\n";
        let got: Vec<(String, String)> = signed_lines_at(text)
            .into_iter()
            .map(|(_, t)| (t.author, t.text))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "ana_ruiz".to_string(),
                    "My money is on the capture tonight.".to_string()
                ),
                (
                    "LeePark".to_string(),
                    "I was this close to finishing the page.".to_string()
                ),
            ]
        );
        // One signed line alone is prose.
        assert!(signed_lines_at("He wrote that he would call back soon. @desk\n").is_empty());
    }
}

#[cfg(test)]
mod instagram_tests {
    use super::*;

    #[test]
    fn an_instagram_embed_is_a_post_by_its_byline() {
        let text = "Look at this.\n\nSo happy to be home with my family today!\n\nA post shared by Ana Ruiz (@anaruiz) on Apr 1, 2020 at 10:02am PDT\n\nShe said more.\n";
        let t = tweets(text);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].author, "Ana Ruiz");
        assert_eq!(t[0].handle, "anaruiz");
        assert_eq!(t[0].text, "So happy to be home with my family today!");
        assert_eq!(
            t[0].date.map(|d| d.to_string()).as_deref(),
            Some("2020-04-01")
        );
    }
}

//! Speaker names: titles removed, variants of one person merged.

use super::{Quote, Tweet};

/// A regex fragment for a personal or organisational name: one to four
/// capitalised words, with optional middle initials.
pub const NAME_PATTERN: &str = r"(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})";

/// Titles and honorifics dropped from the front of a name.
const TITLES: &[&str] = &[
    "President",
    "Vice",
    "Sen.",
    "Senator",
    "Rep.",
    "Representative",
    "Gov.",
    "Governor",
    "Dr.",
    "Dr",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Prime",
    "Minister",
    "Secretary",
    "Chief",
    "Congressman",
    "Congresswoman",
    "Bishop",
    "Mayor",
    "Judge",
    "General",
    "Gen.",
    "Speaker",
    "Director",
    "Councillor",
    "Councilor",
    "Transit",
    "Board",
    "Chair",
    "Sir",
];

/// Removes leading titles from `name` ("President Donald Trump" → "Donald Trump").
pub fn strip_titles(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = words
        .iter()
        .position(|w| !TITLES.contains(w))
        .unwrap_or(words.len());
    let name = words[first..].join(" ");
    let trimmed = name.trim_end_matches(['.', ',', '’', '\'']);
    // Keep the dot of a final initial ("Donald J."), drop sentence punctuation.
    if trimmed
        .rsplit(' ')
        .next()
        .is_some_and(|w| w.chars().count() == 1)
        && name.ends_with('.')
    {
        name
    } else {
        trimmed.to_string()
    }
}

/// The speakers of an article: quotation speakers and tweet authors, in
/// order of first appearance, variants of one name merged into the fullest
/// form.
///
/// Two names are variants when one's words are a subset of the other's and
/// their last words agree ("Trump" ~ "Donald J. Trump").
pub fn speakers(quotes: &[Quote], tweets: &[Tweet]) -> Vec<String> {
    let mut found: Vec<(usize, String)> = quotes
        .iter()
        .filter_map(|q| q.speaker.clone().map(|s| (q.start, s)))
        .collect();
    found.extend(
        tweets
            .iter()
            .enumerate()
            .map(|(i, t)| (usize::MAX - tweets.len() + i, t.author.clone())),
    );
    found.sort_by_key(|(pos, _)| *pos);
    let mut out: Vec<String> = Vec::new();
    for (_, name) in found {
        match out.iter().position(|o| same_person(o, &name)) {
            Some(i) => {
                if name.split_whitespace().count() > out[i].split_whitespace().count() {
                    out[i] = name;
                }
            }
            None => out.push(name),
        }
    }
    out
}

/// Whether two names denote the same person: equal last words and one
/// name's words a subset of the other's (case-insensitive).
pub fn same_person(a: &str, b: &str) -> bool {
    let wa: Vec<String> = a.split_whitespace().map(str::to_lowercase).collect();
    let wb: Vec<String> = b.split_whitespace().map(str::to_lowercase).collect();
    if wa.is_empty() || wb.is_empty() || wa.last() != wb.last() {
        return false;
    }
    wa.iter().all(|w| wb.contains(w)) || wb.iter().all(|w| wa.contains(w))
}

//! Stage 5 of attribution: resolution of pronouns, `it` and handles, and
//! speakers shared by a quotation continued over paragraphs.
//!
//! **Mentions** are the names an article uses as subjects: the subject of
//! every cue outside quotations (`Ongpin told a meeting`, `said Ana Ruiz`)
//! and every capitalised run of two or more words followed by a verb-like
//! lower-case word (`Clayton Yeutter announced`). Persons and
//! organisations are kept apart ([`super::mentions::is_person`]): `he` and
//! `she` resolve to the nearest person before the quotation, `it` and `the
//! company` to the nearest organisation.

use super::Doc;
use super::cues::{cue_at, is_verb_form};
use super::mentions::{self, Who, is_person, text};
use super::sentences::sentence_start;
use super::spans::Span;
use super::tokens::{Token, until_break};
use crate::article::Quote;
use crate::article::names::{self, clean_name};
use crate::lexicon::{Gender, name_gender};

/// Named subjects of an article in order of their offsets.
#[derive(Debug, Default)]
pub struct Mentions {
    /// `(byte offset, name)` of persons; `None` for an unnamed source
    /// (`a central bank spokesman said`).
    persons: Vec<(usize, Option<String>)>,
    /// `(byte offset, name)` of organisations.
    organisations: Vec<(usize, String)>,
}

impl Mentions {
    /// Finds the mentions of `doc`, leaving out those inside quotation
    /// `spans` and common nouns ([`names::is_generic_noun`]).
    pub fn find(doc: &Doc<'_>, spans: &[Span]) -> Mentions {
        let (body, tokens) = (doc.body, doc.tokens);
        // `(offset, name)`, `None` for an unnamed source.
        let mut found: Vec<(usize, Option<String>)> = Vec::new();
        let mut k = 0;
        let mut i = 0;
        // The end (token index) of the reported clause of the latest cue
        // (`Owen Bieber said he was pleased Paul Volcker is leaving`, `It
        // quoted Simon Keswick as saying Jardine Matheson achieved`): names
        // there are what was said, not who says it, and a later `he` does
        // not refer to them.
        let mut reported_until = 0;
        while i < tokens.len() {
            let at = tokens[i].start;
            while k < spans.len() && spans[k].close_end <= at {
                k += 1;
            }
            if spans.get(k).is_some_and(|s| s.open <= at) {
                // Inside a quotation: jump past it.
                i = super::tokens::at_or_after(tokens, spans[k].close_end).max(i + 1);
                continue;
            }
            let t = &tokens[i];
            // `A foreign exchange analyst at a major Japanese bank shared
            // Baker's doubts.`: a sentence whose subject is an indefinite
            // description of a person is an unnamed source's, and a
            // later `he said` is that source, not a name before it.
            if matches!(t.text, "A" | "An" | "One" | "Another")
                && super::sentences::starts_sentence(tokens, i)
                && let Some(j) = (i + 1..tokens.len().min(i + 10))
                    .take_while(|&j| tokens[j].is_word())
                    .find(|&j| tokens[j].is_lower() && mentions::is_people_singular(tokens[j].text))
                && tokens[j + 1..tokens.len().min(j + 10)]
                    .iter()
                    .take_while(|w| !w.is(".") && !w.is_quote_mark())
                    .any(|w| {
                        w.is_lower()
                            && is_verb_form(w.text)
                            && !super::cues::is_verb_form_ambiguous(w.text)
                            && super::cues::cue(w.text).is_none()
                    })
            {
                found.push((t.start, None));
            }
            if t.is_lower() && super::cues::cue(t.text).is_some() {
                let mut ss = sentence_start(tokens, i, i.saturating_sub(40));
                // The subject starts after a quotation that closed earlier in
                // the sentence: words inside it (`"We want the Arabs …," the
                // official, who asked`) name nobody outside it.
                if let Some(prev) = k.checked_sub(1).map(|p| &spans[p]) {
                    ss = ss.max(super::tokens::at_or_after(tokens, prev.close_end).min(i));
                }
                if cue_at(tokens, i, ss).is_some() {
                    let according = t.text == "according";
                    // `…, according to Ana Ruiz`: the words before name no
                    // source.
                    let subject = if according {
                        None
                    } else {
                        mentions::before_verb(doc, &tokens[ss..i])
                    };
                    // Not a passive participle (`a session called by
                    // William Gray`).
                    let reports = !according
                        && tokens
                            .get(i + 1)
                            .is_some_and(|w| w.is_word() && !(w.is_lower() && w.text == "by"));
                    if reports {
                        reported_until = (i + 1..tokens.len().min(i + 80))
                            .find(|&j| {
                                super::sentences::starts_sentence(tokens, j)
                                    || tokens[j].is_quote_mark()
                            })
                            .unwrap_or(tokens.len().min(i + 80));
                    }
                    match &subject {
                        Some(Who::Named(n)) => found.push((t.start, Some(n.clone()))),
                        // `a central bank spokesman said`: a later `he` is
                        // this unnamed source (`the President said` refers
                        // back to a named person instead).
                        Some(Who::Unnamed)
                            if mentions::is_indefinite(last_clause(&tokens[ss..i])) =>
                        {
                            found.push((t.start, None));
                        }
                        _ => {}
                    }
                    // `said Ana Ruiz`: only a cue with no subject before it
                    // (`he said Eurotunnel would` names no speaker).
                    let inverted =
                        according || i == ss || tokens[i - 1].kind == super::tokens::Kind::Punct;
                    // `according to Dale Mohler, …`: the name after `to`.
                    let from = i + 1 + usize::from(according);
                    let after = until_break(
                        tokens
                            .get(from..(from + 16).min(tokens.len()))
                            .unwrap_or(&[]),
                        1,
                    );
                    // `said Yugoslavia would cut`: a name followed by a verb
                    // is the subject of the reported clause, not the speaker.
                    let run = after
                        .iter()
                        .take_while(|w| w.is_capitalised() || w.is("."))
                        .count();
                    let reported = after
                        .get(run)
                        .is_some_and(|w| w.is_lower() && is_verb_form(w.text));
                    if inverted
                        && !reported
                        && after.first().is_some_and(Token::is_capitalised)
                        && let Who::Named(n) = mentions::after_verb(doc, after)
                    {
                        found.push((after[0].start, Some(n)));
                    }
                }
            } else if i >= reported_until
                && t.is_capitalised()
                && tokens.get(i + 1).is_some_and(Token::is_capitalised)
                && (i == 0 || !tokens[i - 1].is_capitalised() || t.breaks > 0)
            {
                let mut j = i;
                // A line break ends the run (a headline above the text).
                while j < tokens.len()
                    && j - i < 6
                    && tokens[j].is_capitalised()
                    && (j == i || tokens[j].breaks == 0)
                {
                    j += 1;
                }
                // An adverb may stand between the name and its verb
                // (`Justin Bieber also paid`).
                let mut v = j;
                let after_preposition = i > 0
                    && tokens[i - 1].is_lower()
                    && matches!(
                        tokens[i - 1].text,
                        "of" | "at" | "from" | "with" | "for" | "and"
                    );
                while !after_preposition
                    && v < j + 1
                    && tokens
                        .get(v)
                        .is_some_and(|w| w.is_lower() && mentions::is_adverb(w.text))
                {
                    v += 1;
                }
                // So may a time (`Margaret Thatcher last month seemed`,
                // `Ana Ruiz on Monday said`).
                if !after_preposition
                    && v == j
                    && tokens.get(j).is_some_and(|w| {
                        w.is_lower()
                            && matches!(w.text, "last" | "next" | "this" | "on" | "earlier")
                    })
                    && tokens.get(j + 1).is_some_and(|w| {
                        crate::lexicon::is_day_word(w.text)
                            || crate::lexicon::is_calendar_word(w.text)
                            || matches!(w.text, "week" | "month" | "year" | "weekend" | "night")
                    })
                {
                    v = j + 2;
                } else if !after_preposition
                    && v == j
                    && tokens
                        .get(j)
                        .is_some_and(|w| crate::lexicon::is_day_word(w.text))
                {
                    v = j + 1;
                }
                // `John Huff, president of Oceaneering, was optimistic`: a
                // name, an appositive between commas, then its verb.
                if tokens.get(j).is_some_and(|w| w.is(","))
                    && let Some(c) = tokens[j + 1..tokens.len().min(j + 17)]
                        .iter()
                        .position(|w| w.is(",") || w.is(".") || w.is_quote_mark())
                    && tokens[j + 1 + c].is(",")
                    && tokens.get(j + 1).is_some_and(|w| {
                        w.is_lower() && !matches!(w.text, "he" | "she" | "they" | "it" | "we")
                    })
                    && !tokens[j + 1..j + 1 + c].iter().any(|w| {
                        w.is_lower()
                            && (matches!(w.text, "which" | "that" | "and")
                                || super::cues::cue(w.text).is_some())
                    })
                {
                    v = j + 2 + c;
                }
                // (`East European countries`, `Latin American economies`:
                // a plural in -ies is a noun the run modifies.)
                let verbish = tokens.get(v).is_some_and(|w| {
                    w.is_lower()
                        && is_verb_form(w.text)
                        && !mentions::is_people_plural(w.text)
                        && !(w.text.ends_with("ies") && super::cues::cue(w.text).is_none())
                });
                if verbish && let Some(n) = doc.clean(text(body, &tokens[i..j])) {
                    found.push((at, Some(n)));
                }
            }
            i += 1;
        }
        found.sort_by_key(|(at, _)| *at);
        let mut m = Mentions::default();
        for (at, n) in found {
            let Some(n) = n else {
                m.persons.push((at, None));
                continue;
            };
            if names::is_generic_noun(&n, |w| doc.writes_lower(w)) {
                continue;
            }
            if is_person(&n) && !doc.written_with_legal_form(&n) {
                m.persons.push((at, Some(n)));
            } else if !n.starts_with('@')
                && (n.contains(' ') || !crate::lexicon::is_common_word(&n))
            {
                // Not one dictionary word ("U.S.\nMoves towards"): a
                // capitalised common noun is no organisation's name.
                m.organisations.push((at, n));
            }
        }
        m
    }

    /// The person `he`/`she` at byte `at` refers to: the latest person
    /// mentioned before it, unless the latest attributed quotation
    /// (`last`: its offset and speaker, `None` for an explicit unnamed
    /// source) is later, in which case its speaker.
    ///
    /// With a `gender` (`he`, `she`), a named person whose given name
    /// belongs to the other sex is passed over ("Margaret Thatcher" is not
    /// `he`); an unnamed source or a name of unknown sex is compatible.
    pub fn person_before(
        &self,
        at: usize,
        last: Option<&(usize, Option<String>)>,
        gender: Option<Gender>,
    ) -> Option<String> {
        // A surname alone takes the sex of the article's one full name that
        // ends with it ("Kissinger" after "Henry Kissinger").
        let sex_of = |n: &str| {
            name_gender(n).or_else(|| {
                if n.contains(' ') {
                    return None;
                }
                let suffix = format!(" {n}");
                let mut full = self
                    .persons
                    .iter()
                    .filter_map(|(_, p)| p.as_deref())
                    .filter(|p| p.ends_with(&suffix));
                match (full.next(), full.next()) {
                    (Some(f), None) => name_gender(f),
                    _ => None,
                }
            })
        };
        let fits = |n: &Option<String>| match (gender, n) {
            (Some(g), Some(n)) => sex_of(n).is_none_or(|x| x == g),
            _ => true,
        };
        let ix = self.persons.partition_point(|(p, _)| *p < at);
        // The latest compatible mention, looking back at most 8 mentions.
        let latest = self.persons[ix.saturating_sub(8)..ix]
            .iter()
            .rev()
            .find(|(_, n)| fits(n));
        let last = last.filter(|(_, n)| fits(n));
        match (latest, last) {
            (Some((mp, mn)), Some((sp, _))) if mp > sp => mn.clone(),
            (_, Some((_, sn))) => sn.clone(),
            (Some((_, mn)), None) => mn.clone(),
            (None, None) => None,
        }
    }

    /// The organisation `it` at byte `at` refers to: the latest one
    /// mentioned before it, or the latest quotation's speaker when that is
    /// an organisation quoted later.
    pub fn organisation_before(
        &self,
        at: usize,
        last: Option<&(usize, Option<String>)>,
    ) -> Option<String> {
        let ix = self.organisations.partition_point(|(p, _)| *p < at);
        let latest = ix.checked_sub(1).map(|i| &self.organisations[i]);
        let last_org = last.and_then(|(p, s)| {
            s.as_ref()
                .filter(|s| !is_person(s) && !s.starts_with('@'))
                .map(|s| (*p, s))
        });
        let short = match (latest, last_org) {
            (Some((mp, mn)), Some((sp, _))) if mp > &sp => mn,
            (_, Some((_, sn))) => sn,
            (Some((_, mn)), None) => mn,
            (None, None) => return None,
        };
        // "Decision" for "Decision Industries Corp": an organisation's short
        // form is the start of its full name.
        let prefix = format!("{short} ");
        let full = self
            .organisations
            .iter()
            .filter(|(p, n)| *p < at && n.starts_with(&prefix))
            .max_by_key(|(_, n)| n.len())
            .map_or(short, |(_, n)| n);
        Some(full.clone())
    }
}

impl Mentions {
    /// The latest named person or organisation mentioned at a byte offset
    /// in `a..b`; `None` when there is none.
    pub fn named_between(&self, a: usize, b: usize) -> Option<String> {
        let person = self
            .persons
            .iter()
            .filter(|(p, n)| a <= *p && *p < b && n.is_some())
            .max_by_key(|(p, _)| *p);
        let org = self
            .organisations
            .iter()
            .filter(|(p, _)| a <= *p && *p < b)
            .max_by_key(|(p, _)| *p);
        match (person, org) {
            (Some((pp, pn)), Some((op, on))) => {
                if pp > op {
                    pn.clone()
                } else {
                    Some(on.clone())
                }
            }
            (Some((_, pn)), None) => pn.clone(),
            (None, Some((_, on))) => Some(on.clone()),
            (None, None) => None,
        }
    }

    /// The organisation `the <head>` at byte `at` refers to: the latest one
    /// named before it whose name holds `head` (lower case) in one of its
    /// words ("bank" in "Bundesbank", "commission" in "European
    /// Commission"), in its fullest form; for a medium's noun
    /// ([`mentions::MEDIUM_ANAPHORS`]: `the newspaper`) the latest news
    /// medium ("China Daily"); `None` when no such name.
    pub fn institution_before(&self, at: usize, head: &str) -> Option<String> {
        let ix = self.organisations.partition_point(|(p, _)| *p < at);
        // `the newspaper`, `the radio`: the latest medium ("China Daily").
        let medium = mentions::MEDIUM_ANAPHORS.contains(&head);
        let holds = |n: &str| {
            if medium {
                return mentions::is_medium_name(n);
            }
            n.split_whitespace()
                .any(|w| w.to_lowercase().contains(head))
        };
        let (_, short) = self.organisations[..ix]
            .iter()
            .rev()
            .find(|(_, n)| holds(n))?;
        let prefix = format!("{short} ");
        let full = self.organisations[..ix]
            .iter()
            .filter(|(_, n)| n.starts_with(&prefix))
            .max_by_key(|(_, n)| n.len())
            .map_or(short, |(_, n)| n);
        Some(full.clone())
    }
}

impl Mentions {
    /// The fullest form of the organisation `short` (`Novo`, `Treasury`)
    /// named before byte `at`: the longest organisation mention that
    /// starts or ends with it as whole words ("Novo Industri A/S", "U.S.
    /// Treasury"); `short` itself when there is none.
    pub fn fullest_organisation(&self, at: usize, short: &str) -> String {
        let ix = self.organisations.partition_point(|(p, _)| *p < at);
        let (prefix, suffix) = (format!("{short} "), format!(" {short}"));
        self.organisations[..ix]
            .iter()
            .filter(|(_, n)| n.starts_with(&prefix) || n.ends_with(&suffix))
            .max_by_key(|(_, n)| n.len())
            .map_or_else(|| short.to_string(), |(_, n)| n.clone())
    }
}

/// The tokens after the last comma of `t` (all of `t` without one).
fn last_clause<'a, 'b>(t: &'b [Token<'a>]) -> &'b [Token<'a>] {
    t.iter().rposition(|w| w.is(",")).map_or(t, |c| &t[c + 1..])
}

/// Every capitalised run of two or more words in `body` that is a clean
/// name, with its offset (for [`resolve_handles`]).
pub fn names_in(body: &str, tokens: &[Token<'_>]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !tokens[i].is_capitalised() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len() && j - i < 6 && tokens[j].is_capitalised() && tokens[j].breaks == 0 {
            j += 1;
        }
        if j - i >= 2
            && let Some(n) = clean_name(text(body, &tokens[i..j]))
        {
            out.push((tokens[i].start, n));
        }
        i = j;
    }
    out
}

/// `"…" -@handle`: the speaker is the person the article names whose
/// name contains a word of the handle (`@DrTedros` → "Tedros Adhanom
/// Ghebreyesus"), otherwise the bare handle.
pub fn resolve_handles(mentions: &[(usize, String)], out: &mut [Quote]) {
    for (n, q) in out.iter_mut().enumerate() {
        if n > 64 {
            break;
        }
        let Some(h) = q.speaker.as_deref().and_then(|s| s.strip_prefix('@')) else {
            continue;
        };
        let lower = h.to_lowercase();
        let named = mentions
            .iter()
            .filter(|(_, n)| {
                n.split_whitespace()
                    .any(|w| w.chars().count() >= 4 && lower.contains(&w.to_lowercase()))
            })
            .max_by_key(|(_, n)| n.split_whitespace().count())
            .map(|(_, n)| n.clone());
        q.speaker = Some(named.unwrap_or_else(|| h.to_string()));
    }
}

/// Rule 8: an unclosed quotation followed by one that opens the next
/// paragraph form one quotation; members without a speaker take the
/// speaker of the group.
pub fn share_over_paragraphs(body: &str, spans: &[Span], out: &mut [Quote]) {
    let mut i = 0;
    while i < spans.len() {
        let mut j = i;
        while j + 1 < spans.len()
            && !spans[j].closed
            && body[spans[j].end..spans[j + 1].open].trim().is_empty()
        {
            j += 1;
        }
        if j > i {
            let speaker = out[i..=j].iter().find_map(|q| q.speaker.clone());
            for q in &mut out[i..=j] {
                if q.speaker.is_none() {
                    q.speaker.clone_from(&speaker);
                }
            }
        }
        i = j + 1;
    }
}

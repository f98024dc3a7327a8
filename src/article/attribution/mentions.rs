//! Stage 4 of attribution: the speaker mention that a cue governs.
//!
//! Given the tokens of a subject (before the cue: `Tom Okafor, a harbour
//! pilot, said`) or of the words after a verb-first cue (`said Transit
//! Director Lina Park`), decide who the source is: a name (cleaned by
//! [`crate::article::names::clean_name`]), a pronoun (`he`, `she`), an
//! organisation referred to as `it` or `the company`, or an explicit
//! unnamed source (`a dealer`, `another Japanese bank official`), which is
//! never turned into a name.
//!
//! How news writes a subject, and what is taken from it:
//! - titles, roles and descriptors before the name are dropped (`industry
//!   analyst Peter Appert`, `Chase Manhattan Securities economist Robin
//!   Marshall`);
//! - a title with `of` belongs to the role (`Secretary of State George
//!   Shultz`, `Chancellor of the Exchequer Nigel Lawson`);
//! - a person's employer after `of`/`at` is not the speaker (`Peter
//!   Appert of C.J. Lawrence said` → Peter Appert), but an organisation
//!   named with `of` is one name (`the Bank of England said`);
//! - an appositive between commas is skipped (`Robin Marshall, chief
//!   economist at Chase Manhattan Securities, said`), also when its
//!   closing comma is missing (`James Mandelbaum, a Los Angeles-based
//!   attorney said`);
//! - a possessive is a modifier (`Barclays de Zoete Wedd's Brett` → Brett).

use super::Doc;
use super::tokens::Token;
use crate::article::names::{self, is_title};
use crate::lexicon as lx;

/// Who a subject names as the source.
#[derive(Debug, Clone, PartialEq)]
pub enum Who {
    /// A named person or organisation, cleaned.
    Named(String),
    /// `they`, a left-out subject, a definite description (`the Utah
    /// senator`): the latest named person.
    Pronoun,
    /// `he` or `she`: the latest named person whose given name does not
    /// belong to the other sex ([`lx::name_gender`]).
    Gendered(lx::Gender),
    /// `it`, `the company`: the latest organisation named as a source or
    /// subject.
    It,
    /// `the statement`, `the communique` (the noun, lower case): the
    /// author of the statement the article named before (`Novo said in a
    /// statement`: Novo), else as [`Who::It`].
    Document(String),
    /// `the commission`, `the bank`: a definite description by the head
    /// noun of an institution (lower case), the latest organisation named
    /// before whose name holds that noun ("Securities and Exchange
    /// Commission", "Bundesbank").
    Institution(String),
    /// An organisation by a short name (`the Novo statement`): the
    /// fullest form of that name among the organisations named before.
    Organisation(String),
    /// An explicit unnamed source (`a witness`, `the official`): no speaker,
    /// and no other rule is tried.
    Unnamed,
}

/// The mention a personal pronoun token makes: `he`/`she` with their sex,
/// any other (`they`, `I`, `we`) without.
fn pronoun(t: &Token<'_>) -> Who {
    if t.text.eq_ignore_ascii_case("he") {
        Who::Gendered(lx::Gender::Male)
    } else if t.text.eq_ignore_ascii_case("she") {
        Who::Gendered(lx::Gender::Female)
    } else {
        Who::Pronoun
    }
}

/// The text of a run of tokens, as written in `body` (empty for no tokens).
pub fn text<'a>(body: &'a str, t: &[Token<'_>]) -> &'a str {
    match (t.first(), t.last()) {
        (Some(a), Some(b)) => &body[a.start..b.end()],
        _ => "",
    }
}

fn lower_is(t: &Token<'_>, words: &[&str]) -> bool {
    t.is_word() && words.iter().any(|w| t.text.eq_ignore_ascii_case(w))
}

const PERSONAL: &[&str] = &["he", "she", "they", "i", "we"];
const INDEFINITE: &[&str] = &[
    "a", "an", "another", "one", "some", "several", "two", "three",
];
/// Determiners and plural nouns that open an unnamed source.
const UNNAMED_HEADS: &[&str] = &[
    "a",
    "an",
    "the",
    "one",
    "some",
    "another",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "several",
    "many",
    "two",
    "three",
    "officials",
    "police",
    "protesters",
    "witnesses",
    "sources",
    "critics",
    "experts",
    "residents",
    "analysts",
    "dealers",
    "traders",
    "economists",
    "bankers",
];
/// Plural nouns of people (`Wall Street analysts said`): after a
/// capitalised run they are its head, not a verb of which it is the subject.
const PEOPLE_PLURALS: &[&str] = &[
    "officials",
    "sources",
    "analysts",
    "dealers",
    "traders",
    "economists",
    "bankers",
    "brokers",
    "executives",
    "diplomats",
    "investors",
    "observers",
    "experts",
    "critics",
    "residents",
    "lawmakers",
    "legislators",
    "delegates",
    "shareholders",
    "stockholders",
    "producers",
    "exporters",
    "importers",
    "farmers",
    "workers",
    "members",
    "leaders",
    "ministers",
    "spokesmen",
    "authorities",
];

/// Whether `w` (as written) is the singular of a plural noun of people
/// ([`PEOPLE_PLURALS`]: `analyst`, `official`) or `spokesman`,
/// `spokeswoman`, `spokesperson`.
pub fn is_people_singular(w: &str) -> bool {
    matches!(w, "spokesman" | "spokeswoman" | "spokesperson")
        || PEOPLE_PLURALS
            .iter()
            .any(|p| p.len() == w.len() + 1 && p.starts_with(w) && p.ends_with('s'))
}

/// Whether `w` (as written) is a plural noun of people ([`PEOPLE_PLURALS`]).
pub fn is_people_plural(w: &str) -> bool {
    PEOPLE_PLURALS.contains(&w)
}

/// Nouns after `the` that refer back to the latest organisation named
/// before, whatever its name.
const ORG_ANAPHORS: &[&str] = &[
    "company",
    "firm",
    "group",
    "agency",
    "corporation",
    "concern",
    "app",
    "platform",
    "carrier",
    "airline",
    "retailer",
    "automaker",
    "carmaker",
];
use crate::article::names::INSTITUTION_HEADS;
/// Words that end a name after a verb-first cue (`said Isro on X`).
const NAME_ENDERS: &[&str] = &[
    "on", "in", "at", "as", "of", "for", "to", "and", "after", "before", "with", "from", "about",
    "during", "who", "which", "when", "while", "that", "because", "but", "via", "into", "over",
    "told", "said", "wrote", "tweeted", "adding", "saying", "is", "was",
];
/// Adverbs and auxiliaries between a subject and its verb.
const BETWEEN: &[&str] = &[
    "also", "just", "later", "then", "has", "had", "have", "once", "again", "earlier", "recently",
    "would", "will", "has", "further",
];

/// Whether a lower-case word is an adverb that may stand between a
/// subject and its verb (`also`, `later`, `quickly`).
pub fn is_adverb(w: &str) -> bool {
    (w.ends_with("ly") && w.len() > 4)
        || matches!(
            w,
            "also"
                | "later"
                | "then"
                | "once"
                | "again"
                | "earlier"
                | "recently"
                | "just"
                | "further"
        )
}

/// Whether `w` is a sentence adverb or conjunction that opens a sentence
/// before a comma (`However,`, `Meanwhile,`, `Separately,`); a closed class
/// of English function words, compared case-insensitively.
pub fn is_sentence_adverb(w: &str) -> bool {
    const ADVERBS: &[&str] = &[
        "however",
        "nevertheless",
        "nonetheless",
        "meanwhile",
        "still",
        "instead",
        "separately",
        "moreover",
        "furthermore",
        "indeed",
        "yet",
        "also",
        "again",
        "earlier",
        "later",
        "then",
        "now",
        "thus",
        "otherwise",
        "overall",
        "finally",
        "previously",
        "elsewhere",
        "but",
        "and",
        "so",
        "today",
        "yesterday",
        "similarly",
        "likewise",
        "besides",
        "additionally",
    ];
    ADVERBS.iter().any(|a| a.eq_ignore_ascii_case(w))
}

/// Whether a lower-case word is an auxiliary that may stand between a
/// subject and its verb (`has said`, `would tell`).
pub fn is_auxiliary(w: &str) -> bool {
    matches!(
        w,
        "has"
            | "had"
            | "have"
            | "was"
            | "is"
            | "would"
            | "will"
            | "can"
            | "could"
            | "may"
            | "might"
    )
}

/// Words allowed inside an organisation's name between capitalised words.
fn is_connector(t: &Token<'_>) -> bool {
    lower_is(t, &["of", "for", "and", "the", "&"]) || t.is("&")
}

fn is_particle(t: &Token<'_>) -> bool {
    t.is_lower() && lx::is_particle(t.text)
}

/// Rule for a verb-first cue: `said [role words] Name[, …]`. The name is
/// the last capitalised run before a comma, full stop or a preposition; a
/// run that is only a role followed by `, Name` gives way to that name.
/// `t` holds the tokens after the verb (one line).
pub fn after_verb(doc: &Doc<'_>, t: &[Token<'_>]) -> Who {
    if let Some(first) = t.first() {
        if lower_is(first, PERSONAL) {
            return pronoun(first);
        }
        if lower_is(first, INDEFINITE) {
            // `said one supporter, Mary Jones.`: an indefinite description
            // and then the name.
            if let Some(c) = t.iter().take(8).position(|w| w.is(","))
                && t[..c].iter().all(|w| w.breaks < 2 && !w.is_quote_mark())
                && let Who::Named(n) = after_verb(doc, &t[c + 1..])
                && is_person(&n)
                && n.contains(' ')
            {
                return Who::Named(n);
            }
            return Who::Unnamed;
        }
        // `tweeted the Foreign Minister who was in Bishkek`, `said the
        // minister.`: a definite description by a title of office refers
        // back to the person named before, as before the verb (a
        // spokesman or an official stays unnamed).
        if lower_is(first, &["the"]) {
            let k = t[1..]
                .iter()
                .take(4)
                .take_while(|w| {
                    w.is_word()
                        && w.breaks < 2
                        && (is_title(w.text)
                            || (lx::is_common_word(&w.text.to_lowercase())
                                && !names::is_stop(w.text)
                                && !lower_is(w, &["who", "which", "that"])))
                })
                .count();
            let ends = t.get(1 + k).is_none_or(|w| {
                w.kind == super::tokens::Kind::Punct || lower_is(w, &["who", "in", "on", "at"])
            });
            if (1..=3).contains(&k)
                && ends
                && is_title(t[k].text)
                && !lower_is(&t[k], UNNAMED_ROLES)
                && !asks_anonymity(&t[1 + k..])
            {
                return Who::Pronoun;
            }
        }
        // `said head of equities at Jardine Fleming, Mario Malt.`: a role
        // written before the name and set off by a comma.
        if first.is_lower()
            && !lower_is(first, &["his", "her", "their", "its"])
            && (lx::is_common_word(first.text) || lower_is(first, &["the"]))
            && let Some(c) = t.iter().take(12).position(|w| w.is(","))
            && t[..c].iter().all(|w| w.breaks < 2 && !w.is_quote_mark())
            && let Who::Named(n) = after_verb(doc, &t[c + 1..])
            && is_person(&n)
            && n.contains(' ')
        {
            return Who::Named(n);
        }
    }
    let mut run: Option<(usize, usize)> = None;
    let mut previous_run: Option<(usize, usize)> = None;
    let run_text = |r: Option<(usize, usize)>| r.map_or("", |(a, b)| text(doc.body, &t[a..b]));
    let mut n = 0;
    while n < t.len().min(16) {
        let tok = &t[n];
        // A line break ends the name unless it wraps inside one (`said
        // Andrew\nSheaf`).
        if n > 0
            && tok.breaks > 0
            && (tok.breaks > 1
                || run.is_none()
                || !tok.is_capitalised()
                || names::is_stop(tok.text))
        {
            break;
        }
        if tok.kind == super::tokens::Kind::Punct {
            // "Nikko Securities' Kasuhiza Okamoto": a plural possessive is
            // a modifier; the name follows.
            if (tok.is("'") || tok.is("’"))
                && n > 0
                && t[n - 1].end() == tok.start
                && t[n - 1].text.ends_with('s')
                && t.get(n + 1)
                    .is_some_and(|w| w.is_capitalised() && w.start > tok.end())
            {
                run = None;
                n += 1;
                continue;
            }
            if tok.is("(") || tok.is_quote_mark() {
                break;
            }
            if [",", ";", ":", "!", "?", ")"].iter().any(|p| tok.is(p)) {
                // "Labour MP, Chris Bryant": a run that is only a role yields.
                if tok.is(",") && run.is_some_and(|(_, b)| is_title(t[b - 1].text)) {
                    previous_run = run.take();
                    n += 1;
                    continue;
                }
                break;
            }
            if tok.is(".") {
                let prev = &t[n.saturating_sub(1)];
                let abbreviation = n > 0
                    && prev.end() == tok.start
                    && (prev.text.chars().count() <= 2 || is_title(prev.text));
                if abbreviation && run.is_some() {
                    run = run.map(|(a, _)| (a, n + 1));
                    n += 1;
                    continue;
                }
                break;
            }
            break;
        }
        let next_cap = t.get(n + 1).is_some_and(Token::is_capitalised);
        if tok.is_capitalised() {
            run = Some(run.map_or((n, n + 1), |(a, _)| (a, n + 1)));
        } else if run.is_some()
            && next_cap
            && (is_particle(tok)
                || (lower_is(tok, &["of"])
                    && doc.clean(run_text(run)).is_none_or(|r| !is_person(&r))))
        {
            // "Barclays de Zoete Wedd", "Bank of England Governor …".
            run = run.map(|(a, _)| (a, n + 1));
        } else {
            // "former Nevada Sen. and Reagan confidant Paul Laxalt": roles
            // joined by `and` before one name; the run that is only a role
            // yields, as before a comma.
            if lower_is(tok, &["and"])
                && run.is_some_and(|(_, b)| {
                    let w = if t[b - 1].is(".") && b >= 2 {
                        &t[b - 2]
                    } else {
                        &t[b - 1]
                    };
                    is_title(w.text)
                })
            {
                previous_run = run.take();
                n += 1;
                continue;
            }
            if lower_is(tok, NAME_ENDERS) {
                break;
            }
            // An employer or place before a role noun and the name ("said
            // Chase Manhattan Securities economist Robin Marshall"): the
            // capitalised run was a modifier; the name follows.
            if run.is_some() && next_cap && lx::is_common_word(tok.text) {
                run = None;
                n += 1;
                continue;
            }
            // The same with a role of several lower-case words ("said
            // Kleinwort Benson Ltd financial analyst Simon Smithson").
            if run.is_some() {
                let k = t[n..t.len().min(n + 3)]
                    .iter()
                    .take_while(|w| {
                        w.is_lower() && lx::is_common_word(w.text) && !names::is_stop(w.text)
                    })
                    .count();
                if k > 1
                    && is_title(t[n + k - 1].text)
                    && t.get(n + k)
                        .is_some_and(|w| w.is_capitalised() && w.breaks < 2)
                {
                    run = None;
                    n += k;
                    continue;
                }
            }
            if run.is_some() && !is_title(tok.text) && doc.clean(run_text(run)).is_some() {
                break;
            }
            run = None;
        }
        n += 1;
    }
    let name = if run.is_some() {
        doc.clean(run_text(run))
    } else {
        doc.clean(run_text(previous_run))
    };
    name.map_or(Who::Unnamed, Who::Named)
}

/// Whether the words after a description ask for anonymity (`who asked
/// not to be named`, `who requested anonymity`, `speaking on condition of
/// anonymity`): an unnamed source, whatever the description.
pub fn asks_anonymity(t: &[Token<'_>]) -> bool {
    let clause = t
        .iter()
        .take(12)
        .take_while(|w| !w.is(".") && !w.is_quote_mark() && w.breaks < 2);
    let mut previous_not = false;
    for w in clause {
        if lower_is(w, &["anonymity", "anonymous", "unnamed", "unidentified"]) {
            return true;
        }
        if previous_not && lower_is(w, &["named", "identified", "quoted"]) {
            return true;
        }
        // `not to be named`, `declined to be identified`.
        if lower_is(w, &["not", "declined", "refused"]) {
            previous_not = true;
        }
    }
    false
}

/// The subject of a cue, from the tokens before it in its clause (`t`
/// ends right before the verb). `None` when nothing there is a source.
pub fn before_verb(doc: &Doc<'_>, t: &[Token<'_>]) -> Option<Who> {
    let mut end = t.len();
    // Adverbs and auxiliaries between subject and verb.
    while end > 0 {
        let w = &t[end - 1];
        // `Yates today said`, `Baker Monday said`: a day word after the
        // subject is an adverb of time.
        let day = end >= 2 && lx::is_day_word(w.text) && t[end - 2].is_capitalised();
        if (w.is_lower() && (w.text.ends_with("ly") || lower_is(w, BETWEEN))) || day {
            end -= 1;
        } else {
            break;
        }
    }
    let mut t = strip_groups(strip_adverbial(&t[..end]));
    // A sentence-opening adverbial phrase (`In a statement, Ana Ruiz, the
    // chairman said`) is not part of the subject.
    if t.first().is_some_and(|w| {
        w.is_capitalised()
            && matches!(
                w.text,
                "In" | "On" | "At" | "After" | "During" | "Earlier" | "Later"
            )
    }) && let Some(c) = t.iter().take(14).position(|w| w.is(","))
        && c + 1 < t.len()
    {
        t = &t[c + 1..];
    }
    // So is a sentence adverb set off by a comma (`However, Billington`,
    // `Nevertheless, New York analyst William Raferty`).
    if t.len() > 2 && t[1].is(",") && t[0].is_capitalised() && is_sentence_adverb(t[0].text) {
        t = &t[2..];
    }
    // A relative clause without commas (`Musk who had bought 9.2 percent
    // of Twitter said`): the person named before `who`.
    if let Some(w) = t.iter().position(|w| w.is_lower() && w.text == "who")
        && w >= 1
        && !t[..w].iter().any(|x| x.is(","))
        && t[w - 1].is_capitalised()
        && let Some(n) = leading_name(doc, &t[..w]).or_else(|| role_and_name(doc, &t[..w]))
    {
        return Some(Who::Named(n));
    }
    // Appositive: `Tom Okafor, a harbour pilot,` → `Tom Okafor`. But when
    // the part between the commas is itself a role and a name and the part
    // before it names no one, the name is the appositive (`a top Foreign
    // Ministry official, Helmut Schaefer,`; `When NYMEX announced it,
    // NYMEX President Rosemary McFadden,`).
    if t.last().is_some_and(|w| w.is(",")) {
        let inner = &t[..t.len() - 1];
        match inner.iter().rposition(|w| w.is(",")) {
            Some(i)
                if inner.len() - i <= 16
                    || (inner.len() - i <= 32
                        && leading_name(doc, strip_groups(&inner[..i])).is_some()) =>
            {
                let head = strip_groups(&inner[..i]);
                let apposed = strip_groups(&inner[i + 1..]);
                let head_person = leading_name(doc, head).is_some()
                    || matches!(final_noun_phrase(doc, head), Some(Who::Named(_)));
                // A person's full name: two words or more, none an acronym.
                let full_name = |n: &String| {
                    n.contains(' ')
                        && !n.split(' ').any(|w| {
                            w.chars().filter(|c| c.is_alphabetic()).count() > 1
                                && !w.chars().any(char::is_lowercase)
                        })
                };
                if !head_person && let Some(n) = role_and_name(doc, apposed).filter(full_name) {
                    return Some(Who::Named(n));
                }
                t = head;
            }
            _ => t = inner,
        }
    }
    let last = t.last()?;
    if lower_is(last, &["he", "she", "they"]) {
        return Some(pronoun(last));
    }
    if lower_is(last, &["it"]) {
        return Some(Who::It);
    }
    if let Some(h) = handle(last) {
        return Some(Who::Named(format!("@{h}")));
    }
    // `the President`, `the prime minister`: a definite description by a
    // title of office refers back to the person named before.
    if let Some(d) = t.iter().rposition(|w| lower_is(w, &["the"]))
        && t.len() - d >= 2
        && t.len() - d <= 3
        && t[d + 1..].iter().all(|w| is_title(w.text))
        && !lower_is(last, UNNAMED_ROLES)
        && !lower_is(last, &["source"])
    {
        return Some(Who::Pronoun);
    }
    // `the Utah senator`, `the Illinois Democrat`: a title or a party
    // member after places refers back to the person named before.
    if let Some(d) = t.iter().rposition(|w| lower_is(w, &["the"]))
        && t.len() - d >= 3
        && t.len() - d <= 4
        && (is_title(last.text) || lower_is(last, PARTY_MEMBERS))
        && (t[d + 1..t.len() - 1]
            .iter()
            .all(|w| lx::is_place(w.text) || lx::is_demonym(w.text))
            // `the West Virginia Democrat`: a place of several words.
            || lx::is_place(text(doc.body, &t[d + 1..t.len() - 1])))
        && !lower_is(last, UNNAMED_ROLES)
    {
        return Some(Who::Pronoun);
    }
    // `the Bank said`, `the Commission said`: one capitalised head noun of
    // an institution after `the` (British style) refers back as `the bank`.
    if t.len() == 2
        && last.is_capitalised()
        && lower_is(&t[0], &["the"])
        && lower_is(last, INSTITUTION_HEADS)
        && !lower_is(
            last,
            &[
                "union", "party", "army", "police", "court", "office", "team", "club", "network",
                "exchange",
            ],
        )
    {
        return Some(Who::Institution(last.text.to_lowercase()));
    }
    // `the Dean Witter economist`, `the Texaco chairman`: an employer and
    // a role after `the` refer back to the person named before (a
    // spokesman or an official stays unnamed).
    if t.len() >= 3
        && t.len() <= 5
        && lower_is(&t[0], &["the"])
        && last.is_lower()
        && is_title(last.text)
        && t[1..t.len() - 1]
            .iter()
            .all(|w| w.is_capitalised() || w.is("."))
        && !lower_is(last, UNNAMED_ROLES)
    {
        return Some(Who::Pronoun);
    }
    // `the company`, `the rating agency`, `The company` opening a
    // sentence: a definite description of an organisation named before.
    if let Some(d) = t.iter().rposition(|w| lower_is(w, &["the"]))
        && t.len() - d >= 2
        && t.len() - d <= 4
        && (t[d].is_lower() || d == 0)
        && t[d + 1..].iter().all(Token::is_lower)
    {
        if lower_is(last, ORG_ANAPHORS) {
            return Some(Who::It);
        }
        if lower_is(last, DOCUMENTS) {
            return Some(Who::Document(last.text.to_lowercase()));
        }
        if lower_is(last, INSTITUTION_HEADS) || lower_is(last, MEDIUM_ANAPHORS) {
            return Some(Who::Institution(last.text.to_string()));
        }
    }
    // `the Novo statement said`, `a Texaco Inc release said`: a medium
    // named after its organisation speaks for it (a `Novo spokesman` stays
    // unnamed).
    let acronym_body = t.len() == 3
        && last.is_lower()
        && lower_is(last, INSTITUTION_HEADS)
        && t[1].text.len() > 1
        && t[1].text.chars().all(|c| c.is_ascii_uppercase());
    // `the Brookehill group told the SEC`, `the Bass group said`.
    let named_firm = last.is_lower() && lower_is(last, &["group", "company", "firm", "consortium"]);
    if t.len() >= 3
        && (lower_is(last, STATEMENTS) || acronym_body || named_firm)
        && lower_is(&t[0], &["the", "a", "an"])
        && t[1..t.len() - 1]
            .iter()
            .all(|w| w.is_capitalised() || w.is("."))
        && let Some(n) = doc.clean(text(doc.body, &t[1..t.len() - 1]))
        && !doc.is_place_or_nationality(&n)
    {
        return Some(Who::Organisation(n));
    }
    // `Name, appositive said` with the closing comma missing (`James
    // Mandelbaum, a Los Angeles-based entertainment attorney said`, `Mark
    // Brett, economist at … Barclays de Zoete Wedd said`, `Richard Burgon,
    // Labour MP tweeted`): when the words after the last comma do not end
    // in a person's name, the person named before the first comma is the
    // subject.
    if let (Some(first), Some(last)) = (
        t.iter().position(|w| w.is(",")),
        t.iter().rposition(|w| w.is(",")),
    ) && first > 0
        && t.len() - last <= 14
        && t.len() <= 24
    {
        // The words after the last comma name a person when their phrase
        // is one (`co-Chairman Alastair Morton`), not an employer after a
        // preposition (`economist at … Barclays de Zoete Wedd`).
        let tail = &t[last + 1..];
        let start = noun_phrase_start(tail);
        let tail_person = start < tail.len()
            && !tail[..start].iter().any(|w| lower_is(w, PREPOSITIONS))
            && matches!(final_noun_phrase(doc, tail), Some(Who::Named(n)) if is_person(&n));
        if !tail_person && let Some(n) = leading_name(doc, &t[..first]) {
            return Some(Who::Named(n));
        }
        // `Ways and Means chairman Dan Rostenkowski, an Illinois Democrat
        // said`, `New York analyst William Raferty, of Smith Barney said`:
        // an indefinite or employer appositive after a name a role opens.
        if !tail_person
            && tail
                .first()
                .is_some_and(|w| lower_is(w, &["a", "an", "of", "at", "with", "from"]))
            && let Some(n) = role_and_name(doc, &t[..first])
        {
            return Some(Who::Named(n));
        }
    }
    // `The firm is sound, Robert Conway, managing director of Goldman Sachs
    // said`: the reported clause first (however long), then a full name
    // between the last two commas and a role that names no one.
    if let Some(last) = t.iter().rposition(|w| w.is(","))
        && t.len() - last <= 14
        && let Some(prev) = t[..last].iter().rposition(|w| w.is(","))
        && last - prev <= 6
        && t[prev + 1..last]
            .iter()
            .all(|w| w.is_capitalised() || w.is("."))
        && !matches!(final_noun_phrase(doc, &t[last + 1..]), Some(Who::Named(n)) if is_person(&n))
        && let Some(n) = leading_name(doc, &t[prev + 1..last])
        && is_person(&n)
        && n.contains(' ')
    {
        return Some(Who::Named(n));
    }
    final_noun_phrase(doc, t)
}

/// Roles whose holder a definite description leaves unnamed (`the
/// spokesman said` never refers back to a named person).
const UNNAMED_ROLES: &[&str] = &["spokesman", "spokeswoman", "spokesperson", "official"];

/// Whether a one-word "name" is a participle that opened the sentence
/// (`Following a meeting …`, `Asked about …`), not a name.
fn is_opening_participle(n: &str) -> bool {
    !n.contains(' ') && lx::is_common_word(n) && (n.ends_with("ing") || n.ends_with("ed"))
}

/// Members of a party, written as a person's description after a place
/// (`the Illinois Democrat`).
const PARTY_MEMBERS: &[&str] = &[
    "democrat",
    "republican",
    "conservative",
    "socialist",
    "liberal",
];

/// Nouns of a written statement that, after `the`, speaks for whoever
/// issued the statement named before (`Novo said in a statement. "…," the
/// statement added`).
pub(super) const DOCUMENTS: &[&str] = &[
    "statement",
    "communique",
    "announcement",
    "release",
    "report",
    "letter",
    "study",
    "editorial",
];

/// Nouns of a written statement that speaks for the organisation named
/// before it (`the Novo statement said`).
const STATEMENTS: &[&str] = &[
    "statement",
    "release",
    "communique",
    "announcement",
    "report",
    "filing",
    "study",
    "brief",
];

/// Nouns of the medium or occasion of speech: a phrase `in a statement`,
/// `in an interview`, `on Twitter` between a subject and its verb says
/// how the subject spoke, not who.
const OCCASIONS: &[&str] = &[
    "statement",
    "interview",
    "tweet",
    "post",
    "letter",
    "speech",
    "message",
    "release",
    "video",
    "email",
    "e-mail",
    "briefing",
    "conference",
    "remarks",
    "address",
    "report",
    "note",
    "podcast",
    "broadcast",
    "telephone",
    "phone",
];

/// Social platforms written as the place of a post (`on Twitter`).
const PLATFORMS: &[&str] = &[
    "Twitter",
    "Facebook",
    "Instagram",
    "TikTok",
    "YouTube",
    "LinkedIn",
    "X",
    "Weibo",
    "Telegram",
];

/// `t` without a closing adverbial phrase of occasion or time after a
/// subject (`FDA commissioner Stephen Hahn in a statement`, `Ana Ruiz on
/// Twitter`, `Ana Ruiz on Monday`): a preposition, at most four words, and
/// a noun of [`OCCASIONS`], a platform or a day word. Phrases that attach to
/// the subject's noun (`analysts at Salomon Brothers`) are kept.
fn strip_adverbial<'a, 'b>(t: &'b [Token<'a>]) -> &'b [Token<'a>] {
    let Some(last) = t.last() else { return t };
    // `Hans Peter Ast of Sogenal in Zurich`: a place after `in` where the
    // subject's noun phrase ends says where, not who.
    if t.len() >= 4
        && last.is_capitalised()
        && lx::is_place(last.text)
        && lower_is(&t[t.len() - 2], &["in"])
        && (t[t.len() - 3].is_capitalised() || t[t.len() - 3].is(")") || t[t.len() - 3].is(">"))
    {
        return &t[..t.len() - 2];
    }
    let closes = (last.is_lower() && lower_is(last, OCCASIONS))
        || (last.is_capitalised()
            && (PLATFORMS.contains(&last.text) || lx::is_day_word(last.text)));
    if !closes {
        return t;
    }
    let lo = t.len().saturating_sub(6);
    let Some(p) = t[lo..t.len() - 1]
        .iter()
        .rposition(|w| lower_is(w, &["in", "on", "at", "during", "via", "through", "over"]))
        .map(|p| lo + p)
    else {
        return t;
    };
    // Only words between the preposition and the noun, and a name before.
    let inside_ok = t[p + 1..t.len() - 1]
        .iter()
        .all(|w| w.is_word() && (w.is_lower() || w.is_capitalised()));
    if p > 0 && inside_ok && t[p - 1].is_capitalised() {
        &t[..p]
    } else {
        t
    }
}

/// `t` without the bracketed groups that close it: an acronym, a ticker
/// or an aside after a name (`Den Norske Creditbank (DNC) <NCBO.OL>`,
/// `the World Health Organization (WHO)`) is not part of the subject. A
/// group is at most 8 tokens; anything else is left as it is.
fn strip_groups<'a, 'b>(t: &'b [Token<'a>]) -> &'b [Token<'a>] {
    let mut t = t;
    loop {
        let open = match t.last() {
            Some(w) if w.is(")") => "(",
            Some(w) if w.is(">") => "<",
            _ => return t,
        };
        let lo = t.len().saturating_sub(10);
        match t[lo..t.len() - 1].iter().rposition(|w| w.is(open)) {
            Some(i) if lo + i > 0 => t = &t[..lo + i],
            _ => return t,
        }
    }
}

/// A clause made only of a role and a person's name (`Ways and Means
/// chairman Dan Rostenkowski`, `Treasury Secretary James Baker`): every word
/// before the name is capitalised, a connector between capitalised words,
/// or a lower-case role noun; no verb, preposition or function word.
fn role_and_name(doc: &Doc<'_>, t: &[Token<'_>]) -> Option<String> {
    let start = noun_phrase_start(t);
    let head = t.get(..start)?;
    let descriptive = head.iter().all(|w| {
        w.is_capitalised()
            || is_connector(w)
            || (w.is_lower()
                && lx::is_common_word(w.text)
                && !names::is_stop(w.text)
                && !lower_is(w, PREPOSITIONS)
                && !w.text.ends_with("ed")
                && !w.text.ends_with("ing"))
    });
    if !descriptive || start == t.len() {
        return None;
    }
    match final_noun_phrase(doc, t) {
        Some(Who::Named(n)) if is_person(&n) => Some(n),
        _ => None,
    }
}

/// A clause-opening name: capitalised words (conjunctions such as `But`
/// before them dropped), not opening with a dictionary word unless that is
/// a title or a given name ("Besides Smith" is not a name).
fn leading_name(doc: &Doc<'_>, t: &[Token<'_>]) -> Option<String> {
    let mut t = t;
    while t.len() > 1 && t[0].is_word() && names::is_stop(t[0].text) {
        t = &t[1..];
    }
    let first = t.first()?;
    // An initial (`J. Ana Ruiz`) opens a name.
    let letter = first.text.trim_end_matches('.');
    let initial = letter.chars().count() == 1
        && letter.chars().all(char::is_uppercase)
        && (first.text.ends_with('.') || t.get(1).is_some_and(|w| w.is(".")));
    if t.len() > 6
        || !t
            .iter()
            .enumerate()
            .all(|(i, w)| w.is_capitalised() || w.is(".") || is_particle(w) || (i == 0 && initial))
    {
        return None;
    }
    if !initial
        && lx::is_common_word(first.text)
        && !is_title(first.text)
        && !lx::is_given_name(first.text)
    {
        return None;
    }
    doc.clean(text(doc.body, t)).filter(|n| is_person(n))
}

/// Prepositions that attach a phrase to the noun before them.
const PREPOSITIONS: &[&str] = &["with", "at", "of", "from", "for", "in", "on", "by"];

/// Where the capitalised noun phrase that ends `t` starts (`t.len()` when
/// `t` does not end in one): capitalised words with particles and
/// connectors between them (`Chancellor of the Exchequer Nigel Lawson`).
fn noun_phrase_start(t: &[Token<'_>]) -> usize {
    let mut i = t.len();
    while i > 0 && t.len() - i < 12 {
        let w = &t[i - 1];
        // "of the" in "Chancellor of the Exchequer".
        let inner = i < t.len()
            && i >= 2
            && (t[i - 2].is_capitalised()
                || t[i - 2].is(".")
                || (i >= 3 && is_connector(&t[i - 2]) && t[i - 3].is_capitalised()));
        let ok = w.is_capitalised()
            || (w.is(".") && i >= 2 && t[i - 2].end() == w.start && t[i - 2].is_capitalised())
            || (inner && (is_particle(w) || is_connector(w)));
        if !ok {
            break;
        }
        i -= 1;
    }
    // Connectors never open the phrase, nor does a sentence-initial `The`
    // ("The Bank of England").
    while i < t.len() && (!t[i].is_capitalised() || (t[i].text == "The" && i + 1 < t.len())) {
        i += 1;
    }
    i
}

/// The source named by the noun phrase that ends `t`.
fn final_noun_phrase(doc: &Doc<'_>, t: &[Token<'_>]) -> Option<Who> {
    let i = noun_phrase_start(t);
    if i == t.len() {
        return unnamed_description(t);
    }
    // A phrase after a preposition is not the subject: `a dealer with a
    // U.K. Bank`, `analysts at Salomon Brothers`.
    // `one U.S. Official said`: a capitalised phrase after an indefinite
    // determiner is a description.
    if i >= 1 && lower_is(&t[i - 1], INDEFINITE) {
        return Some(Who::Unnamed);
    }
    let mut p = i;
    if p >= 1 && lower_is(&t[p - 1], &["a", "an", "the"]) {
        p -= 1;
    }
    // But a medium speaks for its owner: `the official account for the
    // Academy`, `a statement from the ministry`.
    const MEDIA: &[&str] = &[
        "account",
        "statement",
        "website",
        "feed",
        "page",
        "blog",
        "release",
    ];
    // `an aide to Daniel Amstutz`: a description of someone's staff.
    if p >= 1 && lower_is(&t[p - 1], &["to"]) && unnamed_description(&t[..p - 1]).is_some() {
        return Some(Who::Unnamed);
    }
    // `a statement issued by the Treasury`.
    let media_before = |k: usize| {
        k >= 1
            && (lower_is(&t[k - 1], MEDIA)
                || (k >= 2
                    && lower_is(&t[k - 1], &["issued", "released", "signed", "published"])
                    && lower_is(&t[k - 2], MEDIA)))
    };
    if p >= 1 && lower_is(&t[p - 1], PREPOSITIONS) && !media_before(p - 1) {
        if let Some(who) = unnamed_description(&t[..p - 1]) {
            return Some(who);
        }
        // `Walsh at First Marathon`: a person and their employer.
        if lower_is(&t[p - 1], &["at", "of", "from", "with"])
            && let Some(Who::Named(n)) = final_noun_phrase(doc, &t[..p - 1])
            && is_person(&n)
        {
            return Some(Who::Named(n));
        }
    }
    let np = &t[i..];
    noun_phrase(doc, np).or_else(|| unnamed_description(t))
}

/// Sentence adverbs and conjunctions before a description (`Later a
/// spokesman said`, `But one dealer said`).
const OPENERS: &[&str] = &[
    "later",
    "then",
    "also",
    "but",
    "and",
    "meanwhile",
    "however",
    "separately",
    "earlier",
    "yesterday",
    "today",
    "still",
    "so",
    "now",
];

/// Whether `t` opens with an indefinite determiner (`a spokesman`,
/// `another official`): a source the text has not named before.
pub fn is_indefinite(t: &[Token<'_>]) -> bool {
    t.iter()
        .filter(|w| w.is_word())
        .find(|w| !lower_is(w, OPENERS))
        .is_some_and(|w| lower_is(w, INDEFINITE))
}

/// A lower-case description (`a dealer with a U.K. bank`, `the official`,
/// `another Japanese bank official`): an explicit unnamed source.
fn unnamed_description(t: &[Token<'_>]) -> Option<Who> {
    // The clause next to the verb: after the last comma.
    let t = t.iter().rposition(|w| w.is(",")).map_or(t, |c| &t[c + 1..]);
    let first = t
        .iter()
        .filter(|w| w.is_word())
        .find(|w| !lower_is(w, OPENERS))?;
    lower_is(first, UNNAMED_HEADS).then_some(Who::Unnamed)
}

/// The source a capitalised noun phrase names (see the module docs).
fn noun_phrase(doc: &Doc<'_>, np: &[Token<'_>]) -> Option<Who> {
    let whole = text(doc.body, np);
    let split = np
        .iter()
        .position(|w| lower_is(w, &["of", "at", "from", "with"]));
    let Some(k) = split else {
        if let Some(n) = doc.clean(whole) {
            return Some(Who::Named(n));
        }
        // "Jones and Vining": one company when the article writes it with a
        // legal form ("Jones and Vining Inc"); two people otherwise.
        let ends_in_form = np.last().is_some_and(|w| lx::is_legal_form(w.text));
        let company = org_name(np).filter(|_| ends_in_form || doc.written_with_legal_form(whole));
        return company.map(Who::Named);
    };
    // A role after the organisation it belongs to: `Office of Management
    // and Budget Director James Miller` → the person after the last title.
    if let Some(ti) = np[..np.len() - 1]
        .iter()
        .rposition(|w| w.is_word() && (is_title(w.text) || lx::is_title(w.text)))
        && ti > k
        && let Some(n) = doc.clean(text(doc.body, &np[ti + 1..]))
        && is_person(&n)
    {
        return Some(Who::Named(n));
    }
    let (left, right) = (&np[..k], &np[k + 1..]);
    let left_words: Vec<&str> = left
        .iter()
        .filter(|w| w.is_word())
        .map(|w| w.text)
        .collect();
    // A role with "of": the name follows it.
    let role = |w: &&str| is_title(w) || lx::is_title(w);
    let modifier = |w: &&str| {
        role(w)
            || lx::is_place(w)
            || lx::is_demonym(w)
            || lx::is_common_word(w)
            || names::is_initials(w)
    };
    if left_words.last().is_some_and(role) && left_words.iter().all(modifier) {
        return noun_phrase(doc, right);
    }
    // A person and their employer.
    if let Some(n) = doc.clean(text(doc.body, left))
        && is_person(&n)
    {
        return Some(Who::Named(n));
    }
    org_name(np).map(Who::Named)
}

/// An organisation's name written with connectors (`Bank of England`,
/// `Organisation for Economic Cooperation and Development`): first and last
/// word capitalised, every other word capitalised or a connector; `None`
/// for a place.
fn org_name(np: &[Token<'_>]) -> Option<String> {
    let words: Vec<&Token<'_>> = np.iter().filter(|w| w.is_word()).collect();
    if words.len() < 3 || words.len() > 8 {
        return None;
    }
    let ok = words[0].is_capitalised()
        && words[words.len() - 1].is_capitalised()
        && words.iter().all(|w| w.is_capitalised() || is_connector(w));
    if !ok || names::is_stop(words[0].text) {
        return None;
    }
    let name = words.iter().map(|w| w.text).collect::<Vec<_>>().join(" ");
    (!lx::is_place(&name)).then_some(name)
}

/// Last words of the names of news media ("Kyodo News Service", "China
/// Daily", "Tehran Radio").
const MEDIUM_HEADS: &[&str] = &[
    "service",
    "news",
    "radio",
    "television",
    "tv",
    "times",
    "post",
    "daily",
    "herald",
    "journal",
    "gazette",
    "tribune",
    "press",
    "wire",
    "agency",
];

/// Nouns by which news refers back to a medium it named (`the newspaper
/// said` after "China Daily").
pub const MEDIUM_ANAPHORS: &[&str] = &[
    "newspaper",
    "paper",
    "daily",
    "magazine",
    "weekly",
    "radio",
    "television",
    "broadcaster",
];

/// Whether an organisation's name is that of a news medium: its last word
/// is a medium's ("China Daily", "Kyodo News Service", "Tass news agency").
pub fn is_medium_name(name: &str) -> bool {
    let last = name.rsplit(' ').next().unwrap_or(name).to_lowercase();
    name.contains(' ') && MEDIUM_HEADS.contains(&last.as_str())
}

/// Whether a cleaned name can be a person: person-like (see
/// [`names::is_person_like`]), not a place, and not one dictionary word
/// ("Bank", "Ministry").
pub fn is_person(name: &str) -> bool {
    let one_common = !name.contains(' ') && lx::is_common_word(name);
    // "European Community", "Japanese Finance Ministry": nationality and
    // dictionary words without a given name.
    let descriptive = name.contains(' ')
        && name.split_whitespace().all(|w| {
            (lx::is_common_word(w) || lx::is_demonym(w) || lx::is_place(w)) && !lx::is_given_name(w)
        });
    // "UBS-Phillips and Drew", "Jones and Vining": two names or a firm.
    let joined = name.contains(" and ") || name.contains(" & ");
    // "Den Norske Creditbank", "Kestrel Commission": an institution's head
    // noun ends the name.
    let last = name.rsplit(' ').next().unwrap_or(name).to_lowercase();
    // "Kyodo News Service", "Lakeside Herald": a news medium, unless a
    // given name says it is a person ("Emily Post").
    let medium =
        MEDIUM_HEADS.contains(&last.as_str()) && !name.split_whitespace().any(lx::is_given_name);
    let institution = name.contains(' ')
        && (INSTITUTION_HEADS.contains(&last.as_str()) || last.ends_with("bank") || medium);
    if institution {
        return false;
    }
    // "USDA", "IMF": one word of two to five capitals is an acronym.
    let acronym = !name.contains(' ')
        && (2..=5).contains(&name.chars().count())
        && name.chars().all(|c| c.is_ascii_uppercase());
    names::is_person_like(name)
        && !one_common
        && !descriptive
        && !joined
        && !acronym
        && !lx::is_place(name)
}

/// The handle of a token written `@handle`, without the `@`.
pub fn handle<'a>(t: &Token<'a>) -> Option<&'a str> {
    let h = t.text.strip_prefix('@')?;
    (!h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).then_some(h)
}

/// The subject that opens a sentence: a pronoun, or a capitalised run
/// followed by a lower-case word (`Swedish teenage activist Ana Ruiz said`
/// → Ana Ruiz; `Ruiz wrote`).
pub fn sentence_subject(doc: &Doc<'_>, t: &[Token<'_>]) -> Option<Who> {
    let first = t.iter().find(|w| w.is_word())?;
    if lower_is(first, &["he", "she"]) {
        return Some(pronoun(first));
    }
    let t = &t[..t.len().min(20)];
    // The phrase before the first verb-like word (`Acclaimed Hollywood
    // director M Night Shyamalan also took to Twitter`).
    let verbish = |w: &Token<'_>| w.is_lower() && super::cues::is_verb_form(w.text);
    if let Some(v) = t.iter().position(verbish)
        && v > 0
        && let Some(Who::Named(n)) = before_verb(doc, &t[..v])
        // Not a participle opening the sentence (`Following a meeting …`).
        && !is_opening_participle(&n)
    {
        return Some(Who::Named(n));
    }
    let mut i = 0;
    while i < t.len() {
        if !t[i].is_capitalised() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < t.len() && j - i < 7 && (t[j].is_capitalised() || (t[j].is(".") && j > i)) {
            j += 1;
        }
        if let Some(n) = doc.clean(text(doc.body, &t[i..j]))
            && !is_opening_participle(&n)
        {
            let verbish = t.get(j).is_some_and(verbish);
            if n.contains(' ') || verbish {
                return Some(Who::Named(n));
            }
        }
        i = j.max(i + 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn before(s: &str) -> Option<Who> {
        let t = tokenize(s);
        before_verb(&Doc::new(s, &t), &t)
    }

    fn after(s: &str) -> Who {
        let t = tokenize(s);
        after_verb(&Doc::new(s, &t), &t)
    }

    fn named(s: &str) -> Option<Who> {
        Some(Who::Named(s.to_string()))
    }

    #[test]
    fn subjects_before_the_cue() {
        assert_eq!(before("Tom Okafor, a harbour pilot,"), named("Tom Okafor"));
        assert_eq!(
            before("industry analyst Peter Appert of C.J. Lawrence"),
            named("Peter Appert")
        );
        assert_eq!(before("the Bank of England"), named("Bank of England"));
        assert_eq!(
            before("U.S. Secretary of State George Shultz"),
            named("George Shultz")
        );
        assert_eq!(
            before("But James Mandelbaum, a Los Angeles-based entertainment attorney"),
            named("James Mandelbaum")
        );
        assert_eq!(
            before("Mark Brett, economist at securities house Barclays de Zoete Wedd"),
            named("Mark Brett")
        );
        assert_eq!(
            before("Office of Management and Budget Director James Miller"),
            named("James Miller")
        );
        assert_eq!(before("another Japanese bank official"), Some(Who::Unnamed));
        assert_eq!(
            before("when he visits, one U.S. Official"),
            Some(Who::Unnamed)
        );
        assert_eq!(
            before("Ways and Means chairman Dan Rostenkowski, an Illinois Democrat"),
            named("Dan Rostenkowski")
        );
        assert_eq!(
            before("When asked about Lawson, a spokesman"),
            Some(Who::Unnamed)
        );
        assert_eq!(before("a dealer with a U.K. Bank"), Some(Who::Unnamed));
        assert_eq!(before("Lawson also"), named("Lawson"));
        assert_eq!(
            before("FDA commissioner Dr. Stephen Hahn in a statement"),
            named("Stephen Hahn")
        );
        assert_eq!(before("Ana Ruiz on Twitter"), named("Ana Ruiz"));
        assert_eq!(before("Walsh at First Marathon"), named("Walsh"));
        assert_eq!(before("analysts at Salomon Brothers"), Some(Who::Unnamed));
        assert_eq!(
            before("Christiania Bank (CBK) <XCBK.OL>,\nNorway's second biggest commercial bank,"),
            named("Christiania Bank")
        );
        assert_eq!(
            before("the World Health Organization (WHO)"),
            named("World Health Organization")
        );
        assert_eq!(before("It"), Some(Who::It));
        assert_eq!(before("the company"), Some(Who::It));
        assert_eq!(
            before("the central bank"),
            Some(Who::Institution("bank".into()))
        );
        assert_eq!(before("he"), Some(Who::Gendered(lx::Gender::Male)));
        assert_eq!(before("they"), Some(Who::Pronoun));
    }

    #[test]
    fn names_after_a_verb_first_cue() {
        assert_eq!(
            after("Transit Director Lina Park on Monday."),
            Who::Named("Lina Park".into())
        );
        assert_eq!(
            after("Barclays de Zoete Wedd's Brett."),
            Who::Named("Brett".into())
        );
        assert_eq!(
            after("Chase Manhattan Securities economist Robin Marshall"),
            Who::Named("Robin Marshall".into())
        );
        assert_eq!(
            after("Labour MP, Chris Bryant."),
            Who::Named("Chris Bryant".into())
        );
        assert_eq!(
            after("Peter Appert of C.J. Lawrence."),
            Who::Named("Peter Appert".into())
        );
        assert_eq!(after("another Japanese bank official"), Who::Unnamed);
        assert_eq!(after("he"), Who::Gendered(lx::Gender::Male));
        assert_eq!(after("she"), Who::Gendered(lx::Gender::Female));
    }
}

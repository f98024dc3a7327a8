//! Direct quotations and their attribution, as a pipeline of small
//! stages run once per article, each linear in the text:
//!
//! 1. [`tokens`]: the body as word and punctuation tokens with byte
//!    offsets and the line breaks before each;
//! 2. [`sentences`]: sentence and paragraph boundaries over the tokens;
//!    [`spans`]: quotation spans between matching marks;
//! 3. [`cues`]: reporting verbs in every tense, `according to`;
//! 4. [`mentions`]: the speaker mention a cue governs (a name, a pronoun,
//!    `it`/`the company`, or an unnamed description);
//! 5. [`resolve`]: pronouns to the nearest compatible named person, `it`
//!    to the nearest organisation; an unnamed source stays unattributed.
//!
//! **Rules**, tried in this order for each quotation, each looking only at
//! the tokens between the neighbouring quotations (bounded windows):
//! 1. a dash right after the closing mark: `"…" —Councillor Omar Haddad`;
//! 2. a handle closing the line: `"…" @handle`;
//! 3. cue first after the quote: `"…," said Transit Director Lina Park`;
//! 4. subject first after the quote: `"…," Sam Ito said` / `"…," he added`;
//! 5. a label before the quote: `Dana Cole: "…"`, `SAM ITO COACH "…"`;
//! 6. a cue earlier in the same sentence: `Jo Li said, "…"`, `Jo Li
//!    dismissed it as "…"` (partial quotes), `according to Jo Li, "…"`;
//! 7. a quotation that opens its sentence takes the speaker of the line
//!    before when that line ends in a colon or reports speech (`Ana Ruiz
//!    took to Twitter:` / `He wrote on Facebook.`);
//! 8. a quotation continuing over several paragraphs shares its speaker;
//! 9. a quotation with no attribution of its own that opens the sentence
//!    after the previous quotation's sentence continues its speaker (`"…,"
//!    Baker said. "…"`, a paragraph that is only a quotation after one).

pub mod cues;
pub mod mentions;
pub mod resolve;
pub mod sentences;
pub mod spans;
pub mod tokens;

use super::Quote;
use super::names::{self, clean_name};
use cues::{Cue, cue_at};
use mentions::{Who, text};
use std::cell::OnceCell;
use std::collections::HashSet;
use tokens::{Kind, Token, at_or_after, until_break};

/// Most tokens looked at before an opening mark.
const PRE_TOKENS: usize = 60;
/// Most tokens looked at after a closing mark.
const POST_TOKENS: usize = 40;

/// One article as the stages see it: its text, its tokens, and what the
/// whole article says about names.
pub struct Doc<'a> {
    /// The text (the article body, soft line breaks joined).
    pub body: &'a str,
    /// The tokens of `body` ([`tokens::tokenize`]).
    pub tokens: &'a [Token<'a>],
    /// Lexicon keys of the words of the multi-word person names the
    /// article writes, found when first needed.
    person_words: OnceCell<HashSet<String>>,
    /// The words the text writes in lower case, found when first needed.
    lower_words: OnceCell<rustc_hash::FxHashSet<&'a str>>,
    /// The names the text writes before a legal form ([`names::legal_forms_after`]),
    /// found when first needed.
    legal_forms: LegalForms<'a>,
}

/// The names before legal forms of a text: computed by the [`Doc`] or
/// shared with the caller, who needs them after attribution too
/// ([`names::add_legal_forms`]).
enum LegalForms<'a> {
    Own(OnceCell<rustc_hash::FxHashMap<String, String>>),
    Shared(&'a OnceCell<rustc_hash::FxHashMap<String, String>>),
}

impl<'a> Doc<'a> {
    /// Wraps a text and its tokens.
    pub fn new(body: &'a str, tokens: &'a [Token<'a>]) -> Doc<'a> {
        Doc {
            body,
            tokens,
            person_words: OnceCell::new(),
            lower_words: OnceCell::new(),
            legal_forms: LegalForms::Own(OnceCell::new()),
        }
    }

    /// Wraps a text and its tokens, with a cell for the names it writes
    /// before legal forms that the caller also reads.
    fn sharing(
        body: &'a str,
        tokens: &'a [Token<'a>],
        legal_forms: &'a OnceCell<rustc_hash::FxHashMap<String, String>>,
    ) -> Doc<'a> {
        Doc {
            legal_forms: LegalForms::Shared(legal_forms),
            ..Doc::new(body, tokens)
        }
    }

    /// Whether the text has the word `word` (lower case) in lower case.
    /// The set of such words is built once per text, so each call is
    /// constant time (a scan per call made long articles quadratic).
    pub fn writes_lower(&self, word: &str) -> bool {
        // `is_lower` is a property of the text alone: the set keeps every
        // word that opens in lower case, the particle check runs on lookup.
        self.lower_words
            .get_or_init(|| {
                self.tokens
                    .iter()
                    .filter(|t| t.is_word() && t.text.starts_with(char::is_lowercase))
                    .map(|t| t.text)
                    .collect()
            })
            .contains(word)
            && !crate::lexicon::is_particle_prefixed(word)
    }

    /// Whether the text writes `name` followed by a company's legal form
    /// ("Chrysler" in "Chrysler Corp said").
    pub fn written_with_legal_form(&self, name: &str) -> bool {
        let cell = match &self.legal_forms {
            LegalForms::Own(c) => c,
            LegalForms::Shared(c) => c,
        };
        let forms = cell.get_or_init(|| names::legal_forms_after(self.body));
        if name.contains(|c: char| c.is_whitespace() && c != ' ') || name.contains("  ") {
            forms.contains_key(&name.split_whitespace().collect::<Vec<_>>().join(" "))
        } else {
            forms.contains_key(name)
        }
    }

    /// Whether `name` is a place or a nationality ("Soviet Union",
    /// "Japanese"), unless the article writes it inside a multi-word person
    /// name ("Gao" of "Gao Jianming").
    pub fn is_place_or_nationality(&self, name: &str) -> bool {
        (crate::lexicon::is_place(name) || crate::lexicon::is_demonym(name))
            && (name.contains(' ') || !self.person_words().contains(&crate::lexicon::key(name)))
    }

    /// Lexicon keys of the words of the article's multi-word person names.
    fn person_words(&self) -> &HashSet<String> {
        self.person_words.get_or_init(|| {
            resolve::names_in(self.body, self.tokens)
                .into_iter()
                .filter(|(_, n)| n.contains(' ') && mentions::is_person(n))
                .flat_map(|(_, n)| {
                    n.split_whitespace()
                        .map(crate::lexicon::key)
                        .collect::<Vec<_>>()
                })
                .collect()
        })
    }

    /// [`clean_name`], except that one word the lexicon rejects as a
    /// place ("Gao", "Chad") is a name when the article also writes it
    /// inside a multi-word person name ("Gao Jianming").
    pub fn clean(&self, raw: &str) -> Option<String> {
        if let Some(n) = clean_name(raw) {
            return Some(n);
        }
        let w = raw.trim().trim_end_matches(['.', ',']);
        if w.is_empty() || w.contains(char::is_whitespace) || !w.starts_with(char::is_uppercase) {
            return None;
        }
        self.person_words()
            .contains(&crate::lexicon::key(w))
            .then(|| w.to_string())
    }
}

/// Every quotation in `body`, with a speaker when one is attributed.
///
/// Offsets are byte offsets into `body` on character boundaries, and
/// `body[q.start..q.end] == q.text`. Runs in time linear in the input.
pub fn quotations(body: &str) -> Vec<Quote> {
    quotations_sharing(body, &OnceCell::new())
}

/// [`quotations`], with the cell of [`names::legal_forms_after`] of `body`
/// shared with the caller, so that the text is indexed once.
pub fn quotations_sharing(
    body: &str,
    legal_forms: &OnceCell<rustc_hash::FxHashMap<String, String>>,
) -> Vec<Quote> {
    let spans = spans::spans(body);
    if spans.is_empty() {
        return Vec::new();
    }
    let tokens = tokens::tokenize(body);
    let doc = Doc::sharing(body, &tokens, legal_forms);
    let found = std::cell::OnceCell::new();
    let mentions = || found.get_or_init(|| resolve::Mentions::find(&doc, &spans));
    let mut out: Vec<Quote> = Vec::with_capacity(spans.len());
    let mut last_speaker: Option<(usize, Option<String>)> = None;
    // The closing token and speaker of the previous quotation (rule 9).
    let mut previous: Option<(usize, Option<String>)> = None;
    let mut prev_close = 0usize;
    let mut prev_start = 0usize;
    // The left bound of the previous quotation when it was a short term
    // (`the new "B" shares will give the group "…"`): the reporting
    // clause before the term also governs the next quotation.
    let mut prev_term_left: Option<usize> = None;
    for (k, s) in spans.iter().enumerate() {
        let left = if prev_close <= s.open {
            prev_term_left.unwrap_or(prev_close)
        } else {
            prev_start
        };
        let next_open = spans.get(k + 1).map_or(body.len(), |n| n.open);
        let right = if next_open >= s.close_end {
            next_open
        } else {
            body.len()
        };
        let open_i = at_or_after(&tokens, s.open);
        let left_i = at_or_after(&tokens, left).max(open_i.saturating_sub(PRE_TOKENS));
        let close_i = at_or_after(&tokens, s.close_end).max(open_i);
        let right_i = at_or_after(&tokens, right)
            .min(close_i + POST_TOKENS)
            .max(close_i);
        let post = &tokens[close_i..right_i];
        let ss = sentences::sentence_start(&tokens, open_i, left_i);
        let opens_sentence = ss == open_i;
        let quote_text = &body[s.start..s.end];
        // `so-called "mixed credits"`: a term, not speech.
        // A name or code in quotes (`new "B" shares`, `the "Legend"`): one
        // or two capitalised words, nothing ending the phrase inside the
        // marks, no comma after them.
        let words: Vec<&str> = quote_text.split_whitespace().collect();
        let label = words.len() <= 2
            && words
                .iter()
                .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
            && !quote_text.ends_with(['.', ',', '!', '?'])
            && !body[s.close_end..].starts_with(',');
        // A title: three to eight words, each capitalised but for short
        // connectors, no punctuation at the end (`a report headed
        // "Exchange Rate Targets Set"`, `"Brazil Economic Program"`).
        let title = (3..=8).contains(&words.len())
            && words.iter().all(|w| {
                w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                    || matches!(
                        *w,
                        "of" | "the" | "and" | "a" | "an" | "in" | "on" | "for" | "to"
                    )
            })
            && words
                .first()
                .is_some_and(|w| w.starts_with(char::is_uppercase))
            && words
                .last()
                .is_some_and(|w| w.starts_with(char::is_uppercase))
            && !quote_text.ends_with(['.', ',', '!', '?', ':', ';'])
            && !body[s.close_end..].starts_with(',');
        let term = label
            || title
            || (open_i > 0 && tokens[open_i - 1].text.eq_ignore_ascii_case("so-called"));
        let mut who = if term {
            None
        } else {
            // `Khamenei said the U.S. had to act, "but …," the radio
            // reported`: a medium reporting after the quotation passes on
            // the words of the person the sentence names as saying them.
            match after(&doc, post, quote_text) {
                Some(Who::Institution(h)) if mentions::MEDIUM_ANAPHORS.contains(&h.as_str()) => {
                    match before(&doc, &tokens, ss, open_i) {
                        Some(Who::Named(n)) if mentions::is_person(&n) => Some(Who::Named(n)),
                        _ => Some(Who::Institution(h)),
                    }
                }
                who => who,
            }
            .or_else(|| before(&doc, &tokens, ss, open_i))
            .or_else(|| {
                if opens_sentence {
                    previous_line(&doc, &tokens, open_i)
                } else {
                    None
                }
            })
        };
        let unattributed = who.is_none();
        // Rule 9 below: the previous quotation ends the sentence before.
        let continues = previous.as_ref().is_some_and(|(pc, _)| {
            *pc <= open_i
                && sentences::sentence_start(&tokens, open_i.saturating_sub(1), *pc) == *pc
        });
        // Rule 10: a quotation that opens a sentence, with no attribution
        // of its own, right after a sentence of reported speech without
        // quotation marks (`Petricioli said the debt would not be solved.
        // "There will be no solution …"`) is that sentence's speaker's.
        if unattributed && !term && opens_sentence && !continues && ss > 0 {
            let ps = sentences::sentence_start(&tokens, ss - 1, ss.saturating_sub(60));
            if ps < ss
                && sentences::starts_sentence(&tokens, ps)
                && !tokens[ps..ss].iter().any(Token::is_quote_mark)
            {
                who = reporting_clause(&doc, &tokens, ps, ss - 1)
                    .filter(|w| !matches!(w, Who::Unnamed));
            }
        }
        let unnamed = matches!(who, Some(Who::Unnamed));
        let mut speaker = match who {
            // A dictionary word the text also writes in lower case is no
            // name ("Management said"), unless it is a given name too: as
            // the subject of a cue it is a surname (`"…," Rose said`).
            Some(Who::Named(n))
                if names::is_generic_noun(&n, |w| doc.writes_lower(w))
                    && (n.contains(' ')
                        || names::is_listed_generic_noun(&n)
                        || !crate::lexicon::is_given_name(&n)
                        || !crate::lexicon::is_common_word(&n)
                        || crate::lexicon::is_day_word(&n)) =>
            {
                None
            }
            // A place or a nationality is not a speaker ("the Soviet Union
            // said"), however it was reached.
            Some(Who::Named(n)) if doc.is_place_or_nationality(&n) => None,
            Some(Who::Named(n)) => Some(n),
            Some(Who::Pronoun) => mentions().person_before(s.open, last_speaker.as_ref(), None),
            Some(Who::Gendered(g)) => {
                let p = mentions().person_before(s.open, last_speaker.as_ref(), Some(g));
                // `President Reagan has threatened retaliation. "He took these
                // steps as a last resort," he said.`: a quotation that opens
                // on a third-person pronoun speaks about the person just
                // mentioned, so `he` is the one quoted before.
                // Not when the sentence before reports that person's
                // speech (`Marshall said he was not surprised. "His remarks
                // …," he said`): the pronoun there is someone else.
                let reported_before = ss > 0 && {
                    let ps = sentences::sentence_start(&tokens, ss - 1, ss.saturating_sub(60));
                    (ps..ss).any(|i| cue_at(&tokens, i, ps).is_some())
                };
                let about = !reported_before
                    && quote_text
                        .split_whitespace()
                        .next()
                        .is_some_and(|w| matches!(w, "He" | "She" | "His" | "Her"));
                match (&last_speaker, &p) {
                    (Some((_, Some(prev))), Some(now))
                        if about
                            && prev != now
                            && crate::lexicon::name_gender(prev).is_none_or(|x| x == g) =>
                    {
                        Some(prev.clone())
                    }
                    _ => p,
                }
            }
            // `A statement released by Ost said … It added the council
            // believed "…"`: `it` after a sentence opened by a document is
            // that document, and speaks for its author.
            Some(Who::It) => document_opening_previous(&tokens, ss)
                .and_then(|(ps, noun)| document_author(&doc, ps + 3, &noun, &out, mentions()))
                .or_else(|| mentions().organisation_before(s.open, last_speaker.as_ref()))
                .filter(|n| !doc.is_place_or_nationality(n)),
            // `the statement` with no statement named before it: the
            // latest organisation, as `the company`.
            Some(Who::Document(noun)) => document_author(&doc, ss, &noun, &out, mentions())
                .or_else(|| {
                    (noun == "statement")
                        .then(|| mentions().organisation_before(s.open, last_speaker.as_ref()))
                        .flatten()
                })
                .filter(|n| !doc.is_place_or_nationality(n)),
            Some(Who::Organisation(short)) => Some(mentions().fullest_organisation(s.open, &short)),
            Some(Who::Institution(head)) => mentions()
                .institution_before(s.open, &head)
                .filter(|n| !doc.is_place_or_nationality(n)),
            _ => None,
        };
        // Rule 9: a quotation that opens a sentence right after the
        // sentence of the previous quotation, with no attribution of its
        // own, continues that quotation's speaker (`"…," Baker said. "…"`,
        // or a paragraph that is only a quotation after one).
        if unattributed
            && !term
            && opens_sentence
            && continues
            && let Some((_, ps)) = &previous
        {
            speaker.clone_from(ps);
        }
        // A term (`NBC's "Today" program`) does not break a continuation.
        if !term {
            previous = Some((close_i, speaker.clone()));
        }
        if speaker.is_some() || unnamed {
            last_speaker = Some((s.start, speaker.clone()));
        }
        out.push(Quote {
            speaker,
            text: quote_text.to_string(),
            start: s.start,
            end: s.end,
        });
        if s.close_end > prev_close {
            prev_term_left = (s.closed
                && quote_text.split_whitespace().count() <= 3
                && !quote_text.ends_with(['.', ',', '!', '?']))
            .then_some(left);
            prev_close = s.close_end;
            prev_start = s.start;
        }
    }
    resolve::share_over_paragraphs(body, &spans, &mut out);
    if out
        .iter()
        .any(|q| q.speaker.as_deref().is_some_and(|s| s.starts_with('@')))
    {
        resolve::resolve_handles(&resolve::names_in(body, &tokens), &mut out);
    }
    out
}

/// Who issued the statement `the <noun>` refers to, for a quotation whose
/// sentence starts at token `ss`. The nearest earlier mention of the noun
/// outside quotation marks (within 400 tokens) that names an author gives
/// it, tried in this order:
/// - a name right before the noun (`the Tower Commission report`, `the
///   U.S. Embassy report`);
/// - a name after `by`, `from` or `of` right after it (`a statement by the
///   Iranian High Command`);
/// - the speaker of a quotation in that sentence (`"…," Novo said in a
///   statement`), else the latest named subject before the noun in it
///   (`the OECD said in its latest report`).
///
/// A mention that names no one (`The report says …`) passes to the one
/// before it. `None` when none names an author.
fn document_author(
    doc: &Doc<'_>,
    ss: usize,
    noun: &str,
    out: &[Quote],
    mentions: &resolve::Mentions,
) -> Option<String> {
    let (body, tokens) = (doc.body, doc.tokens);
    // The quotations are in order of their offsets: the one that could
    // hold `b` is the last one starting at or before it.
    let inside = |b: usize| {
        let k = out.partition_point(|q| q.start <= b);
        out[..k].iter().rev().take(4).any(|q| b < q.end)
    };
    let floor = ss.saturating_sub(1200);
    let mut m = ss;
    while let Some(found) = (floor..m)
        .rev()
        .find(|&i| tokens[i].is_lower() && tokens[i].text == noun && !inside(tokens[i].start))
    {
        m = found;
        let name = |run: &[Token<'_>]| {
            trailing_capitalised_run(body, run)
                .and_then(|r| doc.clean(r))
                .filter(|n| {
                    !doc.is_place_or_nationality(n)
                        && !names::is_generic_noun(n, |w| doc.writes_lower(w))
                })
        };
        // `the Tower Commission report` (not `its Financial Market Trends
        // report`: a possessive names the author elsewhere, the words the
        // title).
        let lo = m.saturating_sub(8).max(floor);
        // (A full stop that ends a sentence ends the run: `in BP. The
        // Treasury statement`.)
        let run_start = (lo..m)
            .rev()
            .take_while(|&i| {
                tokens[i].is_capitalised()
                    || (tokens[i].is(".") && !sentences::starts_sentence(tokens, i + 1))
            })
            .last();
        if let Some(r) = run_start
            && tokens[m - 1].is_capitalised()
            && tokens[m - 1].breaks == 0
            && !tokens[r.saturating_sub(2)..r]
                .iter()
                .any(|w| w.is_lower() && matches!(w.text, "its" | "his" | "her" | "their" | "our"))
            && let Some(n) = name(&tokens[r..m])
        {
            return Some(n);
        }
        // `a statement by the Iranian High Command`, `a statement released
        // by Ost`.
        let by = if tokens.get(m + 1).is_some_and(|w| {
            w.is_lower() && matches!(w.text, "issued" | "released" | "signed" | "published")
        }) {
            m + 2
        } else {
            m + 1
        };
        if let Some(w) = tokens.get(by)
            && w.is_lower()
            && matches!(w.text, "by" | "from" | "of")
        {
            let mut k = by + 1;
            if tokens
                .get(k)
                .is_some_and(|w| w.is_lower() && w.text == "the")
            {
                k += 1;
            }
            // Connectives inside a body's name: `the Institute of
            // Economic Affairs`, `the Organisation for Economic Cooperation
            // and Development`.
            let rest = &tokens[k.min(tokens.len())..];
            let mut run = 0;
            while run < rest.len().min(12) {
                let w = &rest[run];
                let connective = run > 0
                    && w.is_lower()
                    && matches!(w.text, "of" | "for" | "and" | "on" | "de")
                    && rest.get(run + 1).is_some_and(Token::is_capitalised);
                if w.is_capitalised() || w.is(".") || connective {
                    run += 1;
                } else {
                    break;
                }
            }
            if run > 0 {
                // The body's name as written when the name rules, made for
                // people (`Secretary of State James Baker`), find no one in
                // it.
                let raw = text(body, &tokens[k..k + run]);
                let as_written = || {
                    (run >= 3 && tokens[k..k + run].iter().any(Token::is_lower))
                        .then(|| raw.split_whitespace().collect::<Vec<_>>().join(" "))
                };
                match clean_name(raw)
                    .or_else(as_written)
                    .filter(|n| !doc.is_place_or_nationality(n))
                {
                    Some(n) => return Some(n),
                    // `The study by the FTC's bureau`: look further back;
                    // but `Raymond Levy said in a statement issued by the
                    // French state car group`: the sentence's speaker.
                    None if by == m + 1 => continue,
                    None => {}
                }
            }
        }
        let ms = sentences::sentence_start(tokens, m, m.saturating_sub(80));
        let me = (m + 1..tokens.len().min(m + 80))
            .find(|&i| sentences::starts_sentence(tokens, i))
            .unwrap_or(tokens.len().min(m + 80));
        let (a, b) = (tokens[ms].start, tokens[me - 1].end());
        let quoted = out
            .iter()
            .rev()
            .find(|q| a <= q.start && q.start < b && q.speaker.is_some())
            .and_then(|q| q.speaker.clone());
        if let Some(n) = quoted.or_else(|| mentions.named_between(a, tokens[m].start)) {
            return Some(n);
        }
    }
    None
}

/// The document noun (`statement`, `report`, see
/// [`mentions::DOCUMENTS`]) that opens the sentence before token `ss` as
/// its subject's head (`A statement released by Ost said …`), with that
/// sentence's first token; `None` otherwise.
fn document_opening_previous(tokens: &[Token<'_>], ss: usize) -> Option<(usize, String)> {
    if ss == 0 {
        return None;
    }
    let ps = sentences::sentence_start(tokens, ss - 1, ss.saturating_sub(80));
    let opening = &tokens[ps..ss.min(ps + 3)];
    let at = opening
        .iter()
        .position(|w| w.is_lower() && mentions::DOCUMENTS.contains(&w.text))?;
    let noun = ps + at;
    // Only a document whose author the phrase names: a name before the
    // noun (`The Asean communique`) or `by` after it (`A statement
    // released by Ost`); `The report may also undermine …` names none.
    let named_before = at > 0 && tokens[noun - 1].is_capitalised() && noun - 1 > ps;
    let by_after = tokens[noun + 1..tokens.len().min(noun + 3)]
        .iter()
        .any(|w| w.is_lower() && matches!(w.text, "by" | "from"));
    (named_before || by_after).then(|| (ps, tokens[noun].text.to_string()))
}

/// A form of *be* that makes `quoted` passive (`was quoted as saying`).
fn is_be_form(w: &str) -> bool {
    matches!(w, "was" | "is" | "were" | "been")
}

/// `him` or `her` as the person quoted: `he`/`she` with their sex.
fn object_pronoun(t: &Token<'_>) -> Who {
    Who::Gendered(if t.text == "her" {
        crate::lexicon::Gender::Female
    } else {
        crate::lexicon::Gender::Male
    })
}

/// Leading tokens of `t` that are among `marks`, skipped.
fn skip_marks<'a, 'b>(t: &'b [Token<'a>], marks: &[&str]) -> &'b [Token<'a>] {
    let n = t
        .iter()
        .take_while(|w| w.kind == Kind::Punct && marks.contains(&w.text))
        .count();
    &t[n..]
}

/// Rules 1–4: attribution in the tokens right after the closing mark.
fn after(doc: &Doc<'_>, post: &[Token<'_>], quote_text: &str) -> Option<Who> {
    let body = doc.body;
    // Rule 1: a dash, possibly on the next line.
    let para = skip_marks(until_break(post, 1), &[",", ".", "!", "?"]);
    if para.first().is_some_and(Token::is_dash) {
        let rest = until_break(&para[1..], 0);
        let n = rest
            .iter()
            .position(|w| w.is(",") || w.is("("))
            .unwrap_or(rest.len());
        let who = &rest[..n];
        if rest.get(n).is_some_and(|w| w.is("("))
            && rest.get(n + 1).is_some_and(|w| w.text.starts_with('@'))
        {
            // A tweet byline (`— Name (@handle)`): the quotation is the
            // tweet, its author the speaker (the tweet itself is found
            // with the tweets).
            return last_capitalised_run(body, who)
                .and_then(|r| doc.clean(r))
                .map(Who::Named);
        }
        if let Some(h) = who.first().and_then(mentions::handle) {
            return Some(Who::Named(format!("@{h}")));
        }
        return last_capitalised_run(body, who)
            .and_then(|r| doc.clean(r))
            .map(Who::Named);
    }
    let para_line = until_break(post, 1);
    let line = until_break(post, 0);
    // Rule 2: `"…" @handle` closing a line.
    if line.len() == 1
        && let Some(h) = mentions::handle(&line[0])
    {
        return Some(Who::Named(format!("@{h}")));
    }
    let marks = line
        .iter()
        .take_while(|w| w.kind == Kind::Punct && [",", ".", "!", "?", ";", ":"].contains(&w.text))
        .count();
    let ends_sentence = line[..marks]
        .iter()
        .any(|w| w.is(".") || w.is("!") || w.is("?"));
    let line = &line[marks..];
    let first = line.first()?;
    // `"…". Investigators said`: a sentence ended after the marks.
    if ends_sentence && first.is_capitalised() {
        return None;
    }
    // A full stop inside the marks and a new sentence after them: the
    // words that follow are not this quotation's attribution.
    if quote_text.ends_with('.')
        && first.is_capitalised()
        && ["The", "A", "An", "It", "This", "But", "In"].contains(&first.text)
    {
        return None;
    }
    // Rule 3: cue first.
    if first.is_lower()
        && let Some(c) = cues::cue(first.text)
    {
        // The name after the cue may wrap onto the next line.
        let line = &para_line[marks..];
        let rest = if c == Cue::According {
            match line.get(1) {
                Some(w) if w.text.eq_ignore_ascii_case("to") => &line[2..],
                _ => return None,
            }
        } else {
            // `said said Beth Reiners`: a doubled cue word is a typo.
            let n = if line.get(1).is_some_and(|w| w.text == first.text) {
                2
            } else {
                1
            };
            &line[n.min(line.len())..]
        };
        if rest.is_empty() {
            return None;
        }
        let who = mentions::after_verb(doc, rest);
        // `"…," adding that …`: a participle continues the clause the
        // quotation sits in and names no speaker; the attribution is
        // before the quotation.
        if c == Cue::Participle && !matches!(who, Who::Named(_)) {
            return None;
        }
        return Some(who);
    }
    // Rule 4: subject first, then the cue.
    let mut commas = 0;
    let mut group_end = 0;
    // A name with two appositives (`Mark Olson, president of the ABA, the
    // largest U.S. bankers group, said`) has three commas before its cue.
    let (max_commas, window) = if first.is_capitalised() {
        (3, 22)
    } else {
        (2, 18)
    };
    for (i, w) in line.iter().enumerate().take(window) {
        if i < group_end {
            continue;
        }
        if w.kind == Kind::Punct {
            // An acronym or ticker in brackets inside the subject
            // (`Confederation of Portuguese Industry (CIP) president …`).
            if w.is("(")
                && let Some(k) = line[i + 1..(i + 6).min(line.len())]
                    .iter()
                    .position(|c| c.is(")"))
                && line[i + 1..i + 1 + k].iter().all(|c| !c.is_lower())
            {
                group_end = i + k + 2;
                continue;
            }
            if w.is(",") {
                commas += 1;
                if commas > max_commas {
                    return None;
                }
                continue;
            }
            // A full stop only after an abbreviation (`Sen.`, `St.`).
            let abbreviation = i > 0
                && line[i - 1].end() == w.start
                && line[i - 1].is_capitalised()
                && (line[i - 1].text.chars().count() <= 2 || names::is_title(line[i - 1].text));
            // A full stop before a lower-case word ends an abbreviation
            // (`Shearson Lehman Bros. said`), not a sentence.
            let before_lower = line.get(i + 1).is_some_and(Token::is_lower);
            if (w.is(".") && (abbreviation || before_lower)) || w.is("-") || w.is("&") {
                continue;
            }
            return None;
        }
        if i > 0
            && (w.is_lower() || cues::after_abbreviation(line, i))
            && cues::cue(w.text).is_some_and(|c| c == Cue::Verb)
        {
            return mentions::before_verb(doc, &line[..i]);
        }
        // `"…," the Daily Telegraph quoted Lawson as saying`: the person
        // quoted.
        if i > 0
            && matches!(w.text, "quoted" | "quotes")
            && let Some(a) = line[i + 1..line.len().min(i + 10)]
                .iter()
                .position(|n| n.is_lower() && n.text == "as")
            && line
                .get(i + 2 + a)
                .is_some_and(|n| cues::cue(n.text) == Some(Cue::Participle))
            && a > 0
            && !is_be_form(line[i - 1].text)
        {
            let object = &line[i + 1..i + 1 + a];
            if object.len() == 1 && matches!(object[0].text, "him" | "her") {
                return Some(object_pronoun(&object[0]));
            }
            return mentions::before_verb(doc, object);
        }
        // `"…," Iacocca was quoted as saying`: the subject of the passive.
        if i > 1
            && w.text == "quoted"
            && is_be_form(line[i - 1].text)
            && line.get(i + 1).is_some_and(|n| n.text == "as")
        {
            return mentions::before_verb(doc, &line[..i - 1]);
        }
        // After a quotation that ends its sentence, another verb outside an
        // appositive: the words after it are a sentence of their own (`"…."
        // Joe Biden even made an appearance, where he stated`), not a
        // subject waiting for its cue.
        if i > 0
            && quote_text.ends_with(['.', '!', '?'])
            && commas % 2 == 0
            && w.is_lower()
            && cues::is_verb_form(w.text)
            && !mentions::is_auxiliary(w.text)
        {
            return None;
        }
    }
    None
}

/// The last run of capitalised words in `t` ("Canadian swimmer Penny
/// Oleksiak" → "Penny Oleksiak"), with name particles inside.
fn last_capitalised_run<'a>(body: &'a str, t: &[Token<'_>]) -> Option<&'a str> {
    let mut run: Option<(usize, usize)> = None;
    for (i, w) in t.iter().enumerate() {
        if w.is_capitalised() || (w.is(".") && run.is_some_and(|(_, b)| b == i)) {
            run = Some(run.map_or((i, i + 1), |(a, _)| (a, i + 1)));
        } else if w.is_lower() && crate::lexicon::is_particle(w.text) && run.is_some() {
        } else {
            run = None;
        }
    }
    run.map(|(a, b)| text(body, &t[a..b]))
}

/// The trailing capitalised run of `t` ("Later, Sen. Ada Moss" → "Sen. Ada
/// Moss"), with particles and, inside an organisation's name, `and`.
fn trailing_capitalised_run<'a>(body: &'a str, t: &[Token<'_>]) -> Option<&'a str> {
    let mut i = t.len();
    while i > 0 && t.len() - i < 9 {
        let w = &t[i - 1];
        let ok = w.is_capitalised()
            || (w.is(".") && i >= 2 && t[i - 2].end() == w.start)
            || (w.is_lower() && crate::lexicon::is_particle(w.text) && i < t.len());
        if !ok {
            break;
        }
        i -= 1;
    }
    // "Securities and Exchange Commission": `and` between capitalised words
    // when the run ends in an organisation's head.
    if i >= 2 && i < t.len() && t[i - 1].text == "and" && t[i - 2].is_capitalised() {
        let last = t[t.len() - 1].text;
        let head = crate::lexicon::is_legal_form(last)
            || (t.len() - i >= 2 && crate::lexicon::is_common_word(last));
        if head {
            i -= 2;
        }
    }
    while i < t.len() && !t[i].is_capitalised() {
        i += 1;
    }
    (i < t.len()).then(|| text(body, &t[i..]))
}

/// Rules 5 and 6: attribution in the sentence before the opening mark
/// (tokens `ss..open_i`).
fn before(doc: &Doc<'_>, tokens: &[Token<'_>], ss: usize, open_i: usize) -> Option<Who> {
    let body = doc.body;
    let sentence = &tokens[ss..open_i];
    let last = sentence.last()?;
    // Colon label: `Name: "…"`.
    if last.is(":") {
        let label = &sentence[..sentence.len() - 1];
        // `Lawson told Thatcher: "…"`, `Baker said in a speech to the Press
        // Club: "…"`: with a cue in the clause, the name before the colon
        // is who was addressed; the cue's subject speaks.
        let has_cue = (ss..ss + label.len()).any(|i| cue_at(tokens, i, ss).is_some());
        if has_cue && let Some(Who::Named(n)) = reporting_clause(doc, tokens, ss, open_i - 1) {
            return Some(Who::Named(n));
        }
        if !has_cue
            && label.last().is_some_and(Token::is_capitalised)
            && let Some(n) = trailing_capitalised_run(body, label).and_then(|r| doc.clean(r))
        {
            return Some(Who::Named(n));
        }
    }
    // All-capitals label line: `ANA RUIZ CITY COACH "…"`.
    if let Some(n) = caps_label(doc, sentence) {
        return Some(Who::Named(n));
    }
    reporting_clause(doc, tokens, ss, open_i)
}

/// Whether the capitalised run opening `after` (the words after a verb) is
/// followed by a verb of its own (`said Yugoslavia would cut`): the
/// subject of the reported clause, not the speaker.
fn names_a_reported_subject(after: &[Token<'_>]) -> bool {
    let run = after
        .iter()
        .take_while(|w| w.is_capitalised() || w.is("."))
        .count();
    after.get(run).is_some_and(|w| {
        w.is_lower() && (cues::is_verb_form(w.text) || mentions::is_auxiliary(w.text))
    })
}

/// A cue in the sentence `tokens[ss..end]` and its subject.
fn reporting_clause(doc: &Doc<'_>, tokens: &[Token<'_>], ss: usize, end: usize) -> Option<Who> {
    let v = (ss..end).rev().find(|&i| cue_at(tokens, i, ss).is_some())?;
    let cue = cue_at(tokens, v, ss)?;
    let after = until_break(&tokens[v + 1..end], 0);
    if cue == Cue::According {
        return match mentions::after_verb(doc, after.get(1..).unwrap_or(&[])) {
            Who::Named(n) => Some(Who::Named(n)),
            _ => None,
        };
    }
    let before = &tokens[ss..v];
    if before.iter().all(|w| w.kind == Kind::Punct) {
        // Cue first: `Said Sen. Ada Moss, "…"`.
        return match mentions::after_verb(doc, after) {
            Who::Named(n) => Some(Who::Named(n)),
            // `"…," adding "…"`: a participle continuing the previous
            // quotation's clause has that clause's subject.
            _ if cue == Cue::Participle => Some(Who::Pronoun),
            _ => None,
        };
    }
    // `But added: "…"`: a subject left out after a conjunction is the
    // subject of the sentence before (the latest person).
    if before
        .iter()
        .all(|w| w.kind == Kind::Punct || (w.is_word() && matches!(w.text, "But" | "And")))
    {
        return Some(Who::Pronoun);
    }
    // `Raimond said …, and added: "…"`: verbs joined by `and` share their
    // subject.
    if before
        .last()
        .is_some_and(|w| w.is_lower() && matches!(w.text, "and" | "but"))
        && v >= ss + 2
    {
        // `He declined to comment but said, "…"`: the first verb's subject.
        return reporting_clause(doc, tokens, ss, v - 1)
            .or_else(|| mentions::sentence_subject(doc, &tokens[ss..v - 1]));
    }
    // `Trump went on to say`, `Ana Ruiz took to Twitter to write`: the
    // subject of the clause the infinitive completes.
    if before.last().is_some_and(|w| w.text == "to") {
        return mentions::sentence_subject(doc, before);
    }
    // `The Free Press quoted GM's Alfred Warren as saying "…"`, `Tehran
    // Radio quoted Ali Rafsanjani telling …`: the person quoted is the
    // speaker, not the medium that quotes them.
    if cue == Cue::Participle
        && let Some(q) = before
            .iter()
            .rposition(|w| w.is_lower() && matches!(w.text, "quoted" | "quotes" | "quoting"))
    {
        // `Iacocca was quoted (by PAP) as saying`: the subject of the passive.
        if q >= 1 && (is_be_form(before[q - 1].text) || before[q - 1].text == "being") {
            return mentions::before_verb(doc, &before[..q - 1]);
        }
        let mut object = &before[q + 1..];
        if object.last().is_some_and(|w| w.text == "as") {
            object = &object[..object.len() - 1];
        }
        // `quoted Oil Minister Issam al-Chalabi, who returned Sunday, as`.
        if let Some(c) = object.iter().position(|w| w.is(","))
            && object
                .get(c + 1)
                .is_some_and(|w| matches!(w.text, "who" | "which"))
        {
            object = &object[..c];
        }
        // `Kyodo quoted him as telling reporters`.
        if object.len() == 1 && matches!(object[0].text, "him" | "her") {
            return Some(object_pronoun(&object[0]));
        }
        return mentions::before_verb(doc, object);
    }
    // `…, with Reagan describing France as "…"`: the subject of an
    // absolute participle clause.
    if cue == Cue::Participle
        && let Some(w) = before
            .iter()
            .rposition(|w| w.is_lower() && w.text == "with")
        && (1..=4).contains(&(before.len() - w - 1))
        && before[w + 1..]
            .iter()
            .all(|t| t.is_capitalised() || t.is("."))
        && let Some(n) = doc.clean(mentions::text(doc.body, &before[w + 1..]))
        && mentions::is_person(&n)
    {
        return Some(Who::Named(n));
    }
    // `Tamm said he would not … on the Bank noting that …`: after a
    // finite verb, a participle's subject is the sentence subject, not the
    // noun before it.
    let finite = |w: &Token<'_>| w.is_lower() && cues::is_verb_form(w.text);
    if cue == Cue::Participle
        && (before.last().is_some_and(|w| w.is(",")) || before.iter().any(finite))
    {
        // `The ministry said …, but France's foreign ministry later
        // clarified this, saying …`: the subject of the last clause joined
        // by a contrasting conjunction.
        // A clause there whose subject names no one (`but the ministry
        // later clarified this, saying …`) gives no speaker.
        if let Some(c) = before.iter().rposition(|w| {
            (w.is_lower() && matches!(w.text, "but" | "while" | "whereas")) || w.is(";")
        }) && before[c + 1..]
            .iter()
            .position(|w| finite(w) && !cues::is_verb_form_ambiguous(w.text))
            .is_some_and(|v| v > 0)
        {
            return mentions::sentence_subject(doc, &before[c + 1..]);
        }
        // `He joked about it, saying …`: the sentence subject.
        return mentions::sentence_subject(doc, before);
    }
    // `Some 80 pct of shares are held by corporations, said Keikichi Honda,
    // general manager …`: a verb right after the reported clause's comma
    // is inverted; its subject is the name after it.
    // Not when the words before the comma name the subject (`Michael Hammes,
    // vice president, said Chrysler planned`), nor when the name after the
    // verb is followed by its own verb (`said Chrysler planned`).
    let subject = mentions::before_verb(doc, before);
    if !matches!(subject, Some(Who::Named(_)))
        && cue == Cue::Verb
        && before.last().is_some_and(|w| w.is(","))
        && after.first().is_some_and(Token::is_capitalised)
        && !names_a_reported_subject(after)
        && let Who::Named(n) = mentions::after_verb(doc, after)
    {
        return Some(Who::Named(n));
    }
    subject.or_else(|| {
        if cue == Cue::Participle {
            mentions::sentence_subject(doc, before)
        } else {
            None
        }
    })
}

/// `PAUL POGBA FRANCE MIDFIELDER` right before a quote: the longest
/// leading part of the label that the article also writes in normal case.
fn caps_label(doc: &Doc<'_>, t: &[Token<'_>]) -> Option<String> {
    let body = doc.body;
    let words: Vec<&str> = t.iter().filter(|w| w.is_word()).map(|w| w.text).collect();
    if words.len() < 2
        || words.len() > 8
        || words.len() != t.len()
        || !words
            .iter()
            .all(|w| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase))
    {
        return None;
    }
    for k in (2..=words.len().min(4)).rev() {
        let cand: Vec<String> = words[..k].iter().map(|w| names::title_case(w)).collect();
        let cand = cand.join(" ");
        if body.contains(&cand) {
            return doc.clean(&cand);
        }
    }
    None
}

/// Rule 7: the line before a quotation that opens its sentence.
fn previous_line(doc: &Doc<'_>, tokens: &[Token<'_>], open_i: usize) -> Option<Who> {
    let body = doc.body;
    let lo = open_i.saturating_sub(PRE_TOKENS);
    let mut ls = open_i;
    while ls > lo {
        ls -= 1;
        if tokens[ls].breaks > 0 {
            break;
        }
    }
    // The line that ends right before the mark (the one above it when the
    // mark opens a line).
    let end = open_i;
    let line = &tokens[ls..end];
    let double_mark = |w: &Token<'_>| w.is_quote_mark() && !matches!(w.text, "'" | "’");
    if line.is_empty() || line.iter().any(double_mark) {
        return None;
    }
    if line.last().is_some_and(|w| w.is(":")) {
        let label_end = ls + line.len() - 1;
        if let Some(Who::Named(n)) = reporting_clause(doc, tokens, ls, label_end) {
            return Some(Who::Named(n));
        }
        let label = &tokens[ls..label_end];
        return trailing_capitalised_run(body, label)
            .and_then(|r| doc.clean(r))
            .map(Who::Named)
            .or_else(|| mentions::sentence_subject(doc, label));
    }
    let ss = sentences::sentence_start(tokens, end.saturating_sub(1), ls);
    let sentence = &tokens[ss..end];
    let intro = sentence.iter().enumerate().any(|(i, w)| {
        cue_at(tokens, ss + i, ss).is_some()
            || (w.is_lower() && matches!(w.text, "statement" | "following" | "shared"))
            || (w.text == "took" && sentence.get(i + 1).is_some_and(|n| n.text == "to"))
    });
    if !intro {
        return None;
    }
    match reporting_clause(doc, tokens, ss, end) {
        None => mentions::sentence_subject(doc, sentence),
        who => who,
    }
}

#[cfg(test)]
mod tests;

//! Stage 3 of attribution: cues, the words that report speech.
//!
//! A cue is a reporting verb in any of its tenses (`say`, `says`, `said`,
//! `saying`; `tell`, `told`; `add`, `added`, …) or the preposition phrase
//! `according to`. The list follows the reporting verbs of English news
//! (speech, writing and posting verbs, verbs of stance such as `warned`,
//! `insisted`, `conceded`, and of manner such as `joked`, `shouted`); a
//! verb of thinking (`believed`) is not a cue. Colon introductions and
//! `Name: "…"` labels are found by the rules in [`super`], not here.

use super::tokens::Token;

/// What kind of cue a word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// A finite reporting verb (`said`, `says`, `told`, `added`).
    Verb,
    /// A present participle continuing a clause (`saying`, `adding`):
    /// its subject is the clause's subject.
    Participle,
    /// `according` (followed by `to`).
    According,
}

/// The cue that `word` is, compared in lower case; `None` for any other
/// word. A capitalised verb inside a sentence is a name word ("Bill
/// Says"), which callers check with [`cue_at`].
pub fn cue(word: &str) -> Option<Cue> {
    if word.len() > 14 || !word.is_ascii() {
        return None;
    }
    let mut buf = [0u8; 14];
    let lw = &mut buf[..word.len()];
    lw.copy_from_slice(word.as_bytes());
    lw.make_ascii_lowercase();
    let lw = std::str::from_utf8(lw).ok()?;
    Some(match lw {
        "said" | "says" | "say" | "told" | "tells" | "added" | "adds" | "wrote" | "writes"
        | "tweeted" | "tweets" | "posted" | "posts" | "asked" | "asks" | "explained"
        | "explains" | "stated" | "states" | "continued" | "continues" | "noted" | "notes"
        | "replied" | "replies" | "responded" | "responds" | "declared" | "declares"
        | "claimed" | "claims" | "announced" | "announces" | "warned" | "warns" | "urged"
        | "urges" | "insisted" | "insists" | "argued" | "argues" | "joked" | "jokes"
        | "quipped" | "recalled" | "recalls" | "remarked" | "commented" | "comments"
        | "concluded" | "answered" | "stressed" | "emphasised" | "emphasized" | "acknowledged"
        | "admitted" | "admits" | "exclaimed" | "grumbled" | "sighed" | "shouted" | "yelled"
        | "spoke" | "speaks" | "laughed" | "observed" | "predicted" | "predicts" | "cautioned"
        | "conceded" | "confirmed" | "demanded" | "boasted" | "vowed" | "promised" | "pleaded"
        | "whispered" | "muttered" | "snapped" | "reported" | "reports" | "reiterated"
        | "assured" | "captioned" | "wondered" | "texted" | "testified" | "described"
        | "describes" | "dismissed" | "cited" | "cites" | "called" | "calls" | "maintained"
        | "contended" | "countered" | "complained" | "asserted" | "asserts" | "affirmed"
        | "disclosed" | "revealed" | "suggested" | "suggests" | "denied" | "denies" | "charged"
        | "alleged" | "retorted" | "objected" | "protested" | "reasoned" | "reminded" | "mused"
        | "elaborated" | "recounted" | "repeated" | "termed" | "labelled" | "labeled"
        | "branded" | "characterised" | "characterized" | "hailed" | "praised" | "criticised"
        | "criticized" | "blasted" | "lamented" => Cue::Verb,
        "saying" | "speaking" | "telling" | "adding" | "writing" | "tweeting" | "posting"
        | "calling" | "claiming" | "warning" | "arguing" | "noting" | "describing"
        | "insisting" | "explaining" | "stressing" | "asking" | "suggesting" | "declaring"
        | "urging" | "denying" | "acknowledging" | "admitting" | "recalling" | "stating" => {
            Cue::Participle
        }
        "according" => Cue::According,
        _ => return None,
    })
}

/// The cue at token `i` of `tokens`, with the rules of position: a
/// capitalised form counts only when it opens its sentence (`sentence_start`
/// is the index of the sentence's first token), and `according` only
/// before `to`.
pub fn cue_at(tokens: &[Token<'_>], i: usize, sentence_start: usize) -> Option<Cue> {
    let t = tokens.get(i)?;
    if !t.is_word() {
        return None;
    }
    let c = cue(t.text)?;
    if t.is_capitalised() && i != sentence_start && !after_abbreviation(tokens, i) {
        return None;
    }
    if c == Cue::According
        && !tokens
            .get(i + 1)
            .is_some_and(|n| n.text.eq_ignore_ascii_case("to"))
    {
        return None;
    }
    if c == Cue::Verb && is_plural_noun_too(t.text) && reads_as_noun(tokens, i) {
        return None;
    }
    Some(c)
}

/// Whether token `i` follows an abbreviation's full stop, with or without
/// a comma (`Chase Manhattan Bank N.A., Told`, `the U.S. Said`): wire copy
/// converted from capitals writes the next word capitalised, so a
/// capitalised verb there is still a verb.
pub fn after_abbreviation(tokens: &[Token<'_>], i: usize) -> bool {
    let mut j = i;
    if j >= 1 && tokens[j - 1].is(",") {
        j -= 1;
    }
    // Initials are one token with their full stops (`U.S.`, `N.A.`).
    j >= 1 && {
        let w = tokens[j - 1].text;
        w.len() >= 4
            && w.ends_with('.')
            && w.split_terminator('.')
                .all(|p| p.len() == 1 && p.chars().all(|c| c.is_ascii_uppercase()))
    }
}

/// Whether a cue in `-s` is as common a plural noun (`Arab states`, `press
/// reports`, `the claims`, `phone calls`).
fn is_plural_noun_too(w: &str) -> bool {
    matches!(
        w,
        "states"
            | "notes"
            | "claims"
            | "reports"
            | "comments"
            | "calls"
            | "posts"
            | "tweets"
            | "urges"
            | "recalls"
            | "replies"
            | "jokes"
    )
}

/// Whether the plural-noun reading of the cue at `i` is the one the
/// context gives: a determiner before it (`the reports`, `his comments`)
/// or a word after it that follows a noun, not a reporting verb (`Arab
/// states to buy`, `member states have`, `reports of`).
fn reads_as_noun(tokens: &[Token<'_>], i: usize) -> bool {
    const DETERMINERS: &[&str] = &[
        "the", "a", "an", "these", "those", "some", "many", "several", "such", "his", "her",
        "their", "its", "our", "my", "your", "no", "other", "any", "all", "two", "three",
    ];
    const AFTER_NOUN: &[&str] = &[
        "of",
        "to",
        "and",
        "or",
        "for",
        "from",
        "about",
        "by",
        "with",
        "have",
        "had",
        "are",
        "were",
        "will",
        "would",
        "could",
        "can",
        "should",
        "may",
        "might",
        "must",
        "remain",
        "show",
        "showed",
        "suggest",
        "indicate",
        "indicated",
    ];
    let lower_in = |t: Option<&Token<'_>>, words: &[&str]| {
        t.is_some_and(|w| w.is_lower() && words.contains(&w.text))
    };
    (i > 0 && lower_in(tokens.get(i - 1), DETERMINERS)) || lower_in(tokens.get(i + 1), AFTER_NOUN)
}

/// Whether `w`, though [`is_verb_form`], is as often a plural noun or an
/// adjective as a verb (`-s` endings: `prices`, `shares`): only `-ed`
/// forms and the irregular past forms are taken as a clause's verb.
pub fn is_verb_form_ambiguous(w: &str) -> bool {
    w.ends_with('s') && !w.ends_with("ed")
}

/// Whether a lower-case word after a name reads as its verb: a regular
/// past tense or third person (`-ed`, `-s`), or one of the common
/// irregular past tenses of English.
pub fn is_verb_form(w: &str) -> bool {
    w.ends_with("ed")
        || w.ends_with('s')
        || matches!(
            w,
            "made"
                | "gave"
                | "took"
                | "told"
                | "said"
                | "spoke"
                | "wrote"
                | "met"
                | "went"
                | "came"
                | "sent"
                | "held"
                | "led"
                | "left"
                | "put"
                | "set"
                | "won"
                | "began"
                | "brought"
                | "bought"
                | "sold"
                | "thought"
                | "knew"
                | "saw"
                | "became"
                | "felt"
                | "kept"
                | "ran"
                | "stood"
                | "struck"
                | "chose"
                | "drew"
                | "fell"
                | "flew"
                | "grew"
                | "hit"
                | "lost"
                | "paid"
                | "rose"
                | "sat"
                | "sought"
                | "spent"
                | "threw"
                | "tweeted"
                | "will"
                | "would"
                | "can"
                | "could"
                | "may"
                | "might"
        )
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    #[test]
    fn verbs_participles_and_according_to() {
        assert_eq!(cue("said"), Some(Cue::Verb));
        assert_eq!(cue("Told"), Some(Cue::Verb));
        assert_eq!(cue("adding"), Some(Cue::Participle));
        assert_eq!(cue("believed"), None);
        assert_eq!(cue("saidx"), None);
        let t = tokenize("Bill Says according to Ana, according him");
        assert_eq!(cue_at(&t, 1, 0), None);
        assert_eq!(cue_at(&t, 2, 0), Some(Cue::According));
        assert_eq!(cue_at(&t, 6, 0), None);
        let t = tokenize("Said Ada Moss");
        assert_eq!(cue_at(&t, 0, 0), Some(Cue::Verb));
    }
}

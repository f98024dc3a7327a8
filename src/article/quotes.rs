//! Direct quotations and their attribution.
//!
//! **Spans.** A quotation is text between matching quotation marks: “ ”,
//! straight `"`, ‘ ’ (an `’` followed by a letter is an apostrophe, not a
//! closing mark) and doubled apostrophes `''…''`. Mixed pairs (“…" and
//! "…”) are accepted, and so is a `”` used as an opening mark. A quotation
//! that is not closed ends at the next blank line (or at the next `“`), so
//! a quotation cut off by the end of an excerpt still counts. Double quotes
//! nested in a ‘…’ quotation are quotations of their own. Spans are found
//! in one pass over the text.
//!
//! **Attribution**, tried in this order for each quotation, each rule
//! looking only at a bounded window around the marks:
//! 1. a dash right after the closing mark: `"…" —Councillor Omar Haddad`;
//! 2. verb first after the quote: `"…," said Transit Director Lina Park`;
//! 3. name first after the quote: `"…," Sam Ito said` / `"…," he added`;
//! 4. a label before the quote: `Dana Cole: "…"`, `SAM ITO COACH "…"`;
//! 5. a reporting construction earlier in the same sentence:
//!    `Jo Li said, "…"`, `Jo Li dismissed it as "…"` (partial quotes);
//! 6. a quotation that opens its own line takes the speaker of the line
//!    before when that line ends in a colon or reports speech
//!    (`Ana Ruiz took to Twitter:` / `He wrote on Facebook.`);
//! 7. a quotation continuing over several paragraphs shares its speaker.
//!
//! Pronouns (`he added`) resolve to the most recent named person mentioned
//! as a speaker or sentence subject before the quote. Unnamed sources
//! (`a witness said`, `the minister said`) give no speaker.

use super::Quote;
use super::names::{self, clean_name, is_title};
use regex::Regex;
use std::sync::LazyLock;

/// Reporting verbs and constructions (alternation, for regexes).
const VERBS: &str = r"said|says|say|told|tells|added|adds|wrote|writes|tweeted|tweets|posted|posts|asked|asks|explained|explains|stated|states|continued|continues|noted|notes|replied|replies|responded|declared|declares|claimed|claims|claiming|announced|warned|warns|urged|insisted|insists|argued|argues|joked|jokes|quipped|recalled|remarked|commented|concluded|answered|stressed|emphasised|emphasized|acknowledged|admitted|exclaimed|grumbled|sighed|shouted|yelled|laughed|observed|predicted|cautioned|conceded|confirmed|demanded|boasted|vowed|promised|pleaded|whispered|muttered|snapped|reported|reports|reiterated|assured|captioned|wondered|texted|testified|described|dismissed|cited|cites|called|calling|saying|telling|adding|writing|tweeting|posting|according\s+to";

/// Longest stretch of text looked at before an opening mark (bytes).
const PRE_WINDOW: usize = 300;
/// Longest stretch of text looked at after a closing mark (bytes).
const POST_WINDOW: usize = 250;

/// A capitalised run of name words (with particles and initials).
const NAME_RUN: &str = r"[\p{Lu}][\p{L}\p{M}'’.&-]*(?:[ \t]+(?:[\p{Lu}][\p{L}\p{M}'’.&-]*|de|van|von|der|al|bin|la|le|da|del|du)){0,5}";

/// [`NAME_RUN`] that may also continue over a single line break (wire copy
/// hard-wrapped inside a name: `said Andrew\nSheaf`); see [`unwrap_run`].
const NAME_RUN_WRAPPED: &str = r"[\p{Lu}][\p{L}\p{M}'’.&-]*(?:(?:[ \t]+|[ \t]*\r?\n[ \t]*)(?:[\p{Lu}][\p{L}\p{M}'’.&-]*|de|van|von|der|al|bin|la|le|da|del|du)){0,5}";

static VERB_RE: LazyLock<Regex> =
    LazyLock::new(|| super::regex(&format!(r"(?i)(?-u:\b)(?:{VERBS})(?-u:\b)")).unwrap());

/// Verb first, right after the closing mark.
static AFTER_VERB: LazyLock<Regex> =
    LazyLock::new(|| super::regex(&format!(r"^[ \t,.!?;:]*(?:{VERBS})\s+")).unwrap());

/// Name (or pronoun) first, right after the closing mark, then a verb.
static AFTER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    super::regex(&format!(
        r"^[ \t,.!?;:]*(?P<subj>[^\s,;:!?“”‘(\x22][^,;:!?“”\x22(\n]{{0,60}}?)(?:,[ \t]*[^,;:“”\x22\n]{{1,60}}?,?)?\s+(?:(?:also|later|then|just|once|again|earlier|recently|\w+ly)\s+){{0,2}}(?:{VERBS})(?-u:\b)"
    ))
    .unwrap()
});

/// Dash attribution right after the closing mark.
static AFTER_DASH: LazyLock<Regex> = LazyLock::new(|| {
    super::regex(r"^[\s,.!?]*(?:[—–―]|-{1,2})[ \t]*(?P<who>[^\n,(]{1,80})").unwrap()
});

/// Mentions of people used to resolve pronouns: `Name said`, `said Name`
/// and a name opening a sentence followed by a lower-case word.
static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    super::regex(&format!(
        r"(?P<a>{NAME_RUN_WRAPPED})(?:,[^,\n]{{1,60}},)?\s+(?:(?:also|just|later|then|\w+ly)\s+)?(?:{VERBS}|took|released|believes)(?-u:\b)|(?:{VERBS})\s+(?P<b>{NAME_RUN_WRAPPED})|(?P<g>[\p{{Lu}}][\p{{L}}\p{{M}}'’.&-]*[ \t]+{NAME_RUN})\s+(?:also\s+|just\s+)?(?:[a-z]+ed|[a-z]+s)(?-u:\b)"
    ))
    .unwrap()
});

/// Cues that the line before a stand-alone quotation introduces it.
static INTRO_CUE: LazyLock<Regex> = LazyLock::new(|| {
    super::regex(&format!(
        r"(?i)(?-u:\b)(?:{VERBS}|took\s+to|statement|following|shared)(?-u:\b)"
    ))
    .unwrap()
});

/// A quotation span (byte offsets into the body).
#[derive(Debug, Clone, Copy)]
struct Span {
    /// Offset of the opening mark.
    open: usize,
    /// Offset of the first byte of the (trimmed) text.
    start: usize,
    /// Offset one past the last byte of the (trimmed) text.
    end: usize,
    /// Offset one past the closing mark (== `end` of the raw text when unclosed).
    close_end: usize,
    /// Whether a closing mark was found.
    closed: bool,
}

/// Who a window of text names as the source.
#[derive(Debug, Clone, PartialEq)]
enum Who {
    /// A named person or organisation.
    Named(String),
    /// `he`, `she`: resolve to the latest mention.
    Pronoun,
    /// An explicit but unnamed source (`a witness said`): no speaker, and
    /// no other rule is tried.
    Unnamed,
}

/// Every quotation in `body`, with a speaker when one is attributed.
///
/// Offsets are byte offsets into `body` on character boundaries, and
/// `body[q.start..q.end] == q.text`. Runs in time linear in the input:
/// spans are found in one pass and attribution looks at bounded windows.
pub fn quotations(body: &str) -> Vec<Quote> {
    let spans = spans(body);
    if spans.is_empty() {
        return Vec::new();
    }
    let lower_words = names::lower_case_words(body);
    // Person mentions for pronoun resolution, found only when a pronoun
    // needs them (most quotations name their speaker).
    let mentions_cell: std::cell::OnceCell<Vec<(usize, String)>> = std::cell::OnceCell::new();
    let all_mentions = || {
        mentions_cell.get_or_init(|| {
            let mut m = mentions(body, &spans);
            m.retain(|(_, n)| !names::is_generic_noun(n, &lower_words) && names::is_person_like(n));
            m.sort_by_key(|(at, _)| *at);
            m
        })
    };
    let mut out: Vec<Quote> = Vec::with_capacity(spans.len());
    // The latest attributed quotation: its offset and speaker (`None` for
    // an explicit unnamed source, which a later `he said` refers to as
    // well, so it must not fall back to an earlier name).
    let mut last_speaker: Option<(usize, Option<String>)> = None;
    let mut prev_close = 0usize;
    let mut prev_start = 0usize;
    for (k, s) in spans.iter().enumerate() {
        // Left boundary of the "before" window: the previous quotation's
        // closing mark, or the start of an enclosing quotation.
        let left = if prev_close <= s.open {
            prev_close
        } else {
            prev_start
        };
        let next_open = spans.get(k + 1).map_or(body.len(), |n| n.open);
        let right = if next_open >= s.close_end {
            next_open
        } else {
            body.len()
        };
        let pre = window_before(body, left, s.open);
        let post = window_after(body, s.close_end, right);
        let resolve = || -> Option<String> {
            let mentions = all_mentions();
            let ix = mentions.partition_point(|(at, _)| *at < s.open);
            let latest_mention = ix.checked_sub(1).map(|i| &mentions[i]);
            match (latest_mention, &last_speaker) {
                (Some((mp, mn)), Some((sp, _))) if mp > sp => Some(mn.clone()),
                (_, Some((_, sn))) => sn.clone(),
                (Some((_, mn)), None) => Some(mn.clone()),
                (None, None) => None,
            }
        };
        let line_start_quote = pre[sentence_start(pre)..].trim().is_empty();
        let who = attribute_after(post)
            .or_else(|| attribute_before(body, pre))
            .or_else(|| {
                if line_start_quote {
                    attribute_previous_sentence(body, s.open)
                } else {
                    None
                }
            });
        let unnamed = matches!(who, Some(Who::Unnamed));
        let speaker = match who {
            Some(Who::Named(n)) if names::is_generic_noun(&n, &lower_words) => None,
            Some(Who::Named(n)) => Some(n),
            Some(Who::Pronoun) => resolve(),
            _ => None,
        };
        if speaker.is_some() || unnamed {
            last_speaker = Some((s.start, speaker.clone()));
        }
        out.push(Quote {
            speaker,
            text: body[s.start..s.end].to_string(),
            start: s.start,
            end: s.end,
        });
        if s.close_end > prev_close {
            prev_close = s.close_end;
            prev_start = s.start;
        }
    }
    share_over_paragraphs(body, &spans, &mut out);
    if out
        .iter()
        .any(|q| q.speaker.as_deref().is_some_and(|s| s.starts_with('@')))
    {
        resolve_handles(&names_in(body), &mut out);
    }
    out
}

/// `"…" -@handle`: the speaker is the person the article names whose
/// name contains a word of the handle (`@DrTedros` → "Tedros Adhanom
/// Ghebreyesus"), otherwise the bare handle.
fn resolve_handles(mentions: &[(usize, String)], out: &mut [Quote]) {
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

/// Rule 7: an unclosed quotation followed by one that opens the next
/// paragraph form one quotation; members without a speaker take the
/// speaker of the group.
fn share_over_paragraphs(body: &str, spans: &[Span], out: &mut [Quote]) {
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

/// Rules 1–3: attribution in the text right after the closing mark.
fn attribute_after(post: &str) -> Option<Who> {
    if let Some(c) = AFTER_DASH.captures(post) {
        let who = c.name("who").unwrap();
        let rest = &post[who.end()..];
        // A tweet byline (`— Name (@handle)`) is handled with the tweets.
        if rest.trim_start().starts_with("(@") {
            return None;
        }
        let who = who.as_str().trim();
        if let Some(h) = who.strip_prefix('@') {
            let h: String = h
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !h.is_empty() {
                return Some(Who::Named(format!("@{h}")));
            }
        }
        return last_capitalised_run(who)
            .and_then(|r| clean_name(&r))
            .map(Who::Named);
    }
    // `"…" @handle` closing a line: a tweet quoted in a list.
    let line = post.split('\n').next().unwrap_or("").trim();
    if let Some(h) = line.strip_prefix('@').and(handle_word(line))
        && line.len() == h.len() + 1
    {
        return Some(Who::Named(format!("@{h}")));
    }
    if let Some(m) = AFTER_VERB.find(post) {
        return Some(subject_after_verb(&post[m.end()..]));
    }
    if let Some(c) = AFTER_NAME.captures(post) {
        return classify_subject(&c["subj"]);
    }
    None
}

/// The handle of a word written `@handle` (letters, digits, `_`; trailing
/// punctuation ignored), without the `@`.
fn handle_word(word: &str) -> Option<&str> {
    let h = word
        .strip_prefix('@')?
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '_');
    (!h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).then_some(h)
}

/// A subject chunk as a name, a pronoun or an unnamed source.
fn classify_subject(subj: &str) -> Option<Who> {
    let subj = subj.trim();
    let first = subj.split_whitespace().next().unwrap_or("").to_lowercase();
    if matches!(first.as_str(), "he" | "she" | "they" | "i" | "we") && !subj.contains(' ') {
        return Some(Who::Pronoun);
    }
    if let Some(n) = clean_name(subj) {
        return Some(Who::Named(n));
    }
    // "ruling Radical Party Deputy Raul Baglini said": lower-case
    // modifiers before the name that heads the subject.
    // Only modifiers: at most three lower-case words, none a function
    // word ("impeachment in the House" is not a subject of this kind).
    if subj.starts_with(char::is_lowercase)
        && let Some(run) = trailing_capitalised_run(subj)
    {
        let head = subj[..subj.len() - run.len()].split_whitespace();
        let ok = head.clone().count() <= 3
            && head.clone().all(|w| {
                w.starts_with(char::is_lowercase)
                    && !NAME_ENDERS.contains(&w)
                    && !names::is_stop(w)
                    && !matches!(w, "the" | "a" | "an")
            });
        if ok && let Some(n) = clean_name(&run) {
            return Some(Who::Named(n));
        }
    }
    // An explicit unnamed source stops the search; anything else (`and
    // stated`, `This is what`) is not an attribution at all.
    let unnamed = matches!(
        first.as_str(),
        "a" | "an"
            | "the"
            | "one"
            | "some"
            | "another"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "several"
            | "many"
            | "two"
            | "three"
            | "officials"
            | "police"
            | "protesters"
            | "witnesses"
            | "sources"
            | "critics"
            | "experts"
            | "residents"
    );
    unnamed.then_some(Who::Unnamed)
}

/// Words that end the name after a verb (`said Isro on X`).
const NAME_ENDERS: &[&str] = &[
    "on", "in", "at", "as", "of", "for", "to", "and", "after", "before", "with", "from", "about",
    "during", "who", "which", "when", "while", "that", "because", "but", "via", "into", "over",
    "in", "told", "said", "wrote", "tweeted", "adding", "saying", "is", "was",
];

/// Rule 2: `said [role words] Name[, …]`. The name is the last capitalised
/// run before a comma, full stop or a preposition; a run that is only a
/// role followed by `, Name` gives way to that name.
fn subject_after_verb(rest: &str) -> Who {
    let mut run: Vec<&str> = Vec::new();
    let mut previous_run: Option<String> = None;
    let words: Vec<&str> = rest.split_whitespace().take(13).collect();
    for (n, &raw) in words.iter().enumerate() {
        if n >= 12 {
            break;
        }
        if n == 0 {
            let lw = raw
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            if matches!(lw.as_str(), "he" | "she" | "they" | "i" | "we") {
                return Who::Pronoun;
            }
            // "said a European banker", "said another Japanese bank
            // official": an indefinite description is an unnamed source;
            // its modifiers are not a name.
            if matches!(
                lw.as_str(),
                "a" | "an" | "another" | "one" | "some" | "several" | "two" | "three"
            ) {
                return Who::Unnamed;
            }
        }
        if raw.starts_with('(') || raw.starts_with(['“', '"', '‘']) {
            break;
        }
        let word = raw.trim_end_matches([',', ';', ':', '!', '?', ')']);
        let ends_clause = word.len() != raw.len();
        let word_core = word.trim_end_matches('.');
        let ends_sentence = word.ends_with('.')
            && word_core.chars().count() > 2
            && !is_title(word)
            && !names::is_initials(word_core);
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        if capitalised {
            run.push(if ends_sentence { word_core } else { word });
        } else {
            if NAME_ENDERS.contains(&word.to_lowercase().as_str()) {
                break;
            }
            // A role word ("chief") lets a name follow; any other word
            // after a name ends it ("Ana Ruiz\nactress and …").
            // An employer or place before a role noun and the name
            // ("said Chase Manhattan Securities economist Robin Marshall"):
            // the capitalised run was a modifier; the name follows.
            let name_follows = words
                .get(n + 1)
                .is_some_and(|w| w.starts_with(char::is_uppercase));
            if !run.is_empty()
                && name_follows
                && !ends_clause
                && crate::lexicon::is_common_word(word)
            {
                run.clear();
                continue;
            }
            if !run.is_empty() && !is_title(word) && clean_name(&run.join(" ")).is_some() {
                break;
            }
            run.clear();
        }
        if ends_clause || ends_sentence {
            // "Labour MP, Chris Bryant": a run that is only a role yields.
            let joined = run.join(" ");
            if ends_clause && run.last().is_some_and(|w| is_title(w)) {
                previous_run = Some(joined);
                run.clear();
                continue;
            }
            break;
        }
    }
    let name = if run.is_empty() {
        previous_run.and_then(|r| clean_name(&r))
    } else {
        clean_name(&run.join(" "))
    };
    name.map_or(Who::Unnamed, Who::Named)
}

/// The last run of capitalised words in `s` ("Canadian swimmer Penny
/// Oleksiak" → "Penny Oleksiak").
fn last_capitalised_run(s: &str) -> Option<String> {
    let mut run: Vec<&str> = Vec::new();
    for w in s.split_whitespace() {
        if w.chars().next().is_some_and(char::is_uppercase) {
            run.push(w);
        } else if !run.is_empty() && !names_particle(w) {
            run.clear();
        }
    }
    (!run.is_empty()).then(|| run.join(" "))
}

fn names_particle(w: &str) -> bool {
    matches!(
        w,
        "de" | "van" | "von" | "der" | "al" | "bin" | "da" | "del"
    )
}

/// The trailing capitalised run of `s` (words read backwards while they
/// are capitalised), e.g. "Later, Sen. Ada Moss" → "Sen. Ada Moss".
fn trailing_capitalised_run(s: &str) -> Option<String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut i = words.len();
    while i > 0 {
        let w = words[i - 1];
        let cap = w.chars().next().is_some_and(char::is_uppercase);
        if (cap || names_particle(w)) && !w.ends_with(',') || (cap && i == words.len()) {
            i -= 1;
        } else {
            break;
        }
        if words.len() - i >= 7 {
            break;
        }
    }
    // An organisation named with "and" ("Securities and Exchange
    // Commission", "Jones and Vining Inc"): the run ends in an
    // organisation's head (a legal form or a dictionary noun) and a
    // capitalised word stands before the "and".
    if i >= 2 && i < words.len() && words[i - 1] == "and" {
        let before = words[i - 2];
        let last = words[words.len() - 1].trim_end_matches(['.', ',']);
        let org_head = crate::lexicon::is_legal_form(last)
            || (words.len() - i >= 2 && crate::lexicon::is_common_word(last));
        if org_head && before.starts_with(char::is_uppercase) && !before.ends_with(',') {
            i -= 2;
        }
    }
    (i < words.len()).then(|| words[i..].join(" "))
}

/// Rules 4 and 5: attribution in the sentence before the opening mark.
fn attribute_before(body: &str, pre: &str) -> Option<Who> {
    let sentence = &pre[sentence_start(pre)..];
    let trimmed = sentence.trim_end();
    // Colon label: `Name: "…"`.
    if let Some(label) = trimmed.strip_suffix(':') {
        let label = label.trim_end();
        if label
            .split_whitespace()
            .next_back()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
            && let Some(n) = trailing_capitalised_run(label).and_then(|r| clean_name(&r))
        {
            return Some(Who::Named(n));
        }
    }
    // All-capitals label line: `ANA RUIZ CITY COACH "…"`.
    if let Some(n) = caps_label(body, trimmed) {
        return Some(Who::Named(n));
    }
    reporting_clause(sentence)
}

/// A reporting verb in `sentence` and its subject.
fn reporting_clause(sentence: &str) -> Option<Who> {
    // A capitalised verb form inside the sentence is a name word
    // ("the United States would", "Bill Says"), not a cue.
    let verb = VERB_RE
        .find_iter(sentence)
        .filter(|m| {
            !m.as_str().starts_with(char::is_uppercase) || sentence[..m.start()].trim().is_empty()
        })
        .last()?;
    if verb.as_str().starts_with("according") {
        let after = &sentence[verb.end()..];
        return match subject_after_verb(after) {
            Who::Named(n) => Some(Who::Named(n)),
            _ => None,
        };
    }
    let mut before = sentence[..verb.start()].trim_end();
    if before.is_empty() {
        // Verb first: `Said Sen. Ada Moss, "…"`.
        return match subject_after_verb(&sentence[verb.end()..]) {
            Who::Named(n) => Some(Who::Named(n)),
            // `"…," adding "…"`: a participle continuing the previous
            // quotation's clause has that clause's subject.
            _ if matches!(
                verb.as_str(),
                "adding" | "saying" | "calling" | "claiming" | "telling" | "writing"
            ) =>
            {
                Some(Who::Pronoun)
            }
            _ => None,
        };
    }
    // Adverbs and auxiliaries between subject and verb.
    while let Some((head, last)) = before.rsplit_once(char::is_whitespace) {
        let lw = last.to_lowercase();
        if lw.ends_with("ly")
            || matches!(
                lw.as_str(),
                "also" | "just" | "later" | "then" | "has" | "had" | "have" | "once" | "again"
            )
        {
            before = head.trim_end();
        } else {
            break;
        }
    }
    // Appositive: `Tom Okafor, a harbour pilot,` → `Tom Okafor`.
    if let Some(head) = before.strip_suffix(',')
        && let Some(i) = head.rfind(',')
    {
        before = head[..i].trim_end();
    }
    let last_word = before.split_whitespace().next_back().unwrap_or("");
    match last_word.to_lowercase().as_str() {
        "he" | "she" | "they" => return Some(Who::Pronoun),
        _ => {}
    }
    // `@mr_reddy commented: "…"`: a handle as the subject.
    if let Some(h) = handle_word(last_word) {
        return Some(Who::Named(format!("@{h}")));
    }
    if let Some(n) = trailing_capitalised_run(before).and_then(|r| clean_name(&r)) {
        return Some(Who::Named(n));
    }
    // `He joked about it, saying …` : the sentence subject.
    if matches!(
        verb.as_str(),
        "saying" | "adding" | "calling" | "claiming" | "telling" | "writing"
    ) {
        return sentence_subject(before);
    }
    None
}

/// The subject that opens a sentence: a pronoun, or a capitalised run
/// followed by a lower-case word.
fn sentence_subject(sentence: &str) -> Option<Who> {
    let words: Vec<&str> = sentence.split_whitespace().take(14).collect();
    let first = words.first()?;
    if matches!(first.to_lowercase().as_str(), "he" | "she") {
        return Some(Who::Pronoun);
    }
    // The first run of capitalised words that is a name of two or more
    // words ("Swedish teenage activist Ana Ruiz said" → "Ana Ruiz"), or a
    // one-word name followed by a verb-like word ("Ruiz wrote").
    let mut i = 0;
    while i < words.len() {
        let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        if !cap(words[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < words.len() && cap(words[j]) && j - i < 7 {
            j += 1;
            if words[j - 1].ends_with([',', ';', ':']) {
                break;
            }
        }
        if let Some(n) = clean_name(&words[i..j].join(" ")) {
            let verbish = words
                .get(j)
                .is_some_and(|w| w.ends_with("ed") || w.ends_with('s') || *w == "took");
            if n.contains(' ') || verbish {
                return Some(Who::Named(n));
            }
        }
        i = j.max(i + 1);
    }
    None
}

/// `PAUL POGBA FRANCE MIDFIELDER` right before a quote: the longest
/// leading part of the label that the article also writes in normal case.
fn caps_label(body: &str, line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() < 2
        || words.len() > 8
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
            return clean_name(&cand);
        }
    }
    None
}

/// Rule 6: the sentence (on the same line or the line before) before a
/// quotation that opens a sentence.
fn attribute_previous_sentence(body: &str, open: usize) -> Option<Who> {
    let head = body[..open].trim_end();
    let lo = floor_boundary(body, head.len().saturating_sub(PRE_WINDOW));
    let window = &head[lo..];
    let line = window.rsplit('\n').next().unwrap_or(window).trim();
    if line.is_empty() || line.contains(['“', '”', '"', '‘']) {
        return None;
    }
    if let Some(label) = line.strip_suffix(':') {
        if let Some(Who::Named(n)) = reporting_clause(label) {
            return Some(Who::Named(n));
        }
        return trailing_capitalised_run(label)
            .and_then(|r| clean_name(&r))
            .map(Who::Named)
            .or_else(|| sentence_subject(label));
    }
    let sentence = &line[sentence_start(line)..];
    if !INTRO_CUE.is_match(sentence) {
        return None;
    }
    match reporting_clause(sentence) {
        Some(Who::Unnamed) | None => sentence_subject(sentence),
        who => who,
    }
}

/// Names mentioned as speakers or sentence subjects, with their offsets,
/// for resolving pronouns.
/// Mentions inside quotations are skipped.
fn mentions(body: &str, spans: &[Span]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut k = 0;
    for c in MENTION.captures_iter(body) {
        let m = c
            .name("a")
            .or_else(|| c.name("b"))
            .or_else(|| c.name("g"))
            .unwrap();
        while k < spans.len() && spans[k].end <= m.start() {
            k += 1;
        }
        let inside = spans[k..]
            .iter()
            .take(2)
            .any(|s| s.start <= m.start() && m.start() < s.end);
        if inside {
            continue;
        }
        let (at, run) = if c.name("a").is_some() {
            let line_start = body[..m.start()].rfind('\n').map_or(0, |i| i + 1);
            let starts_line = body[line_start..m.start()].trim().is_empty();
            let cut = unwrap_run_left(m.as_str(), starts_line);
            (m.end() - cut.len(), cut)
        } else {
            (m.start(), unwrap_run(m.as_str()))
        };
        if let Some(n) = clean_name(run) {
            out.push((at, n));
        }
    }
    out
}

/// A name run before a verb (`Andrew\nSheaf said`) with what precedes a
/// line break that is not a wrap inside the name removed: a line that
/// ends in `.`, `,`, `:` or `;`, or a run that fills its line from the
/// start (`starts_line`: a headline above `Ana Ruiz said`).
fn unwrap_run_left(run: &str, starts_line: bool) -> &str {
    let mut out = run;
    let mut first = true;
    while let Some(nl) = out.find('\n') {
        let before = out[..nl].trim_end();
        let last = before.rsplit(' ').next().unwrap_or("");
        let wrap = !(first && starts_line)
            && (!before.ends_with(['.', ',', ':', ';']) || names::is_initials(last));
        first = false;
        if wrap {
            // Keep the whole run from here on: no other break is cut.
            break;
        }
        out = out[nl + 1..].trim_start();
    }
    out
}

/// A name run cut at a line break that ends a sentence or clause (the
/// line ends in `.`, `,` or `:`, as in `said Ana Ruiz.\nThe …`) or
/// before a next line that opens with a stop word (`The`, `But`); a line
/// break between two name words (`Andrew\nSheaf`) is kept.
fn unwrap_run(run: &str) -> &str {
    let mut from = 0;
    while let Some(i) = run[from..].find('\n') {
        let nl = from + i;
        let before = run[..nl].trim_end();
        let next = run[nl + 1..].split_whitespace().next().unwrap_or("");
        let wrapped = !before.ends_with(['.', ',', ':', ';'])
            || names::is_initials(before.rsplit(' ').next().unwrap_or(""));
        if !wrapped || names::is_stop(next) {
            return before;
        }
        from = nl + 1;
    }
    run
}

/// Every capitalised run of two or more words in `body` that is a clean
/// name, with its offset.
fn names_in(body: &str) -> Vec<(usize, String)> {
    static RUN: LazyLock<Regex> = LazyLock::new(|| super::regex(NAME_RUN).unwrap());
    RUN.find_iter(body)
        .filter(|m| m.as_str().contains([' ', '\t']))
        .filter_map(|m| clean_name(m.as_str()).map(|n| (m.start(), n)))
        .collect()
}

/// Offset in `s` where its last sentence begins (after `. `, `! `, `? `
/// followed by a capital, or a line break; not after abbreviations such as
/// `Sen.` or initials).
fn sentence_start(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = b.len();
    while i > 0 {
        i -= 1;
        match b[i] {
            b'\n' => {
                // Soft line break inside a sentence (wire copy) when the
                // line does not end with sentence punctuation.
                let before = s[..i].trim_end_matches([' ', '\t', '\r']);
                let soft = before
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == ',');
                if !soft {
                    return i + 1;
                }
            }
            b'.' | b'!' | b'?' if i + 1 < b.len() && b[i + 1] == b' ' => {
                let next = s[i + 1..].trim_start().chars().next();
                if !next.is_some_and(|c| c.is_uppercase() || matches!(c, '“' | '"' | '‘')) {
                    continue;
                }
                if b[i] == b'.' {
                    let word = s[..i].rsplit([' ', '\n']).next().unwrap_or("");
                    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
                    let roman = letters >= 2 && word.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
                    if !roman && (letters <= 2 || is_title(word) || word.contains('.')) {
                        continue;
                    }
                }
                return i + 1;
            }
            _ => {}
        }
    }
    0
}

/// The text before an opening mark, from `left` (bounded to
/// [`PRE_WINDOW`] bytes).
fn window_before(body: &str, left: usize, open: usize) -> &str {
    let from = floor_boundary(body, left.max(open.saturating_sub(PRE_WINDOW)));
    let from = if from < left {
        ceil_boundary(body, left)
    } else {
        ceil_boundary(body, from)
    };
    &body[from.min(open)..open]
}

/// The text after a closing mark, up to `right` (bounded to
/// [`POST_WINDOW`] bytes) and to the next blank line.
fn window_after(body: &str, from: usize, right: usize) -> &str {
    let to = floor_boundary(body, right.min(from + POST_WINDOW)).max(from);
    let w = &body[from..to];
    match w.find("\n\n").or_else(|| w.find("\n \n")) {
        Some(i) => &w[..i],
        None => w,
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Which mark opened the current quotation.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mark {
    Double,
    Single,
    Apostrophes,
}

/// Whether a blank line starts at the newline at byte `i`.
fn blank_line_at(b: &[u8], i: usize) -> bool {
    let mut j = i + 1;
    while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r') {
        j += 1;
    }
    j < b.len() && b[j] == b'\n'
}

/// Quotation spans, in order of their opening marks (one pass).
fn spans(body: &str) -> Vec<Span> {
    let b = body.as_bytes();
    let mut out: Vec<Span> = Vec::new();
    let mut outer: Option<(Mark, usize, usize)> = None;
    let mut inner: Option<(usize, usize)> = None;
    let mut prev: Option<char> = None;
    let mut skip_to = 0usize;
    let mut emit = |open: usize, from: usize, to: usize, close_end: usize, closed: bool| {
        let raw = &body[from..to];
        let start = from + (raw.len() - raw.trim_start().len());
        let end = from + raw.trim_end().len();
        if start < end && body[start..end].chars().any(char::is_alphanumeric) {
            out.push(Span {
                open,
                start,
                end,
                close_end: if closed { close_end } else { end },
                closed,
            });
        }
    };
    let mut iter = body.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        if i < skip_to {
            prev = Some(c);
            continue;
        }
        let after = i + c.len_utf8();
        if c == '\n' && blank_line_at(b, i) {
            if let Some((m, o, s)) = outer
                && m != Mark::Single
            {
                emit(o, s, i, i, false);
            }
            outer = None;
            inner = None;
            prev = Some(c);
            continue;
        }
        let prev_alnum = prev.is_some_and(char::is_alphanumeric);
        match outer {
            None => match c {
                '“' => outer = Some((Mark::Double, i, after)),
                '"' if next.is_some_and(|n| !n.is_whitespace()) => {
                    outer = Some((Mark::Double, i, after));
                }
                '”' if !prev_alnum
                    && body[after..]
                        .trim_start_matches(' ')
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric) =>
                {
                    outer = Some((Mark::Double, i, after));
                }
                '‘' if !prev_alnum => outer = Some((Mark::Single, i, after)),
                '\'' if next == Some('\'') && !prev_alnum => {
                    outer = Some((Mark::Apostrophes, i, after + 1));
                    skip_to = after + 1;
                }
                _ => {}
            },
            Some((Mark::Double, o, s)) => match c {
                '”' | '"' => {
                    emit(o, s, i, after, true);
                    outer = None;
                }
                '“' => {
                    emit(o, s, i, i, false);
                    outer = Some((Mark::Double, i, after));
                }
                _ => {}
            },
            Some((Mark::Single, o, s)) => match (inner, c) {
                (Some((io, is)), '”' | '"') => {
                    emit(io, is, i, after, true);
                    inner = None;
                }
                (None, '“') | (None, '"') => inner = Some((i, after)),
                (_, '’') if !next.is_some_and(char::is_alphanumeric) => {
                    emit(o, s, i, after, true);
                    outer = None;
                    inner = None;
                }
                _ => {}
            },
            Some((Mark::Apostrophes, o, s)) => {
                if c == '\'' && next == Some('\'') {
                    emit(o, s, i, after + 1, true);
                    outer = None;
                    skip_to = after + 1;
                }
            }
        }
        prev = Some(c);
    }
    if let Some((m, o, s)) = outer
        && m != Mark::Single
    {
        emit(o, s, body.len(), body.len(), false);
    }
    out.sort_by_key(|s| s.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speakers_of(body: &str) -> Vec<(Option<String>, String)> {
        quotations(body)
            .into_iter()
            .map(|q| (q.speaker, q.text))
            .collect()
    }

    fn named(s: &str, t: &str) -> (Option<String>, String) {
        (Some(s.to_string()), t.to_string())
    }

    #[test]
    fn verb_first_after_quote_with_title() {
        assert_eq!(
            speakers_of("\"Docks open at noon,\" said Harbour Master Ida Berg."),
            vec![named("Ida Berg", "Docks open at noon,")]
        );
    }

    #[test]
    fn name_first_after_quote_with_role_apposition() {
        assert_eq!(
            speakers_of("“We lost power twice,” Omar Lind, a baker, told reporters."),
            vec![named("Omar Lind", "We lost power twice,")]
        );
    }

    #[test]
    fn reporting_clause_before_quote_and_partial_quote() {
        assert_eq!(
            speakers_of("Mayor Rita Solis dismissed the plan as “a costly detour.”"),
            vec![named("Rita Solis", "a costly detour.")]
        );
        assert_eq!(
            speakers_of("Coach Ben Ode said, \"We play to win.\""),
            vec![named("Ben Ode", "We play to win.")]
        );
    }

    #[test]
    fn pronoun_resolves_to_latest_named_person() {
        let body = "Ana Ruiz wrote that the vote was “a mess.”\n\n“We will recount,” she added.";
        assert_eq!(
            speakers_of(body),
            vec![
                named("Ana Ruiz", "a mess."),
                named("Ana Ruiz", "We will recount,")
            ]
        );
    }

    #[test]
    fn unnamed_sources_and_scare_quotes_have_no_speaker() {
        let body = "“It shook,” a witness said. The so-called \"quiet zone\" was loud.";
        assert_eq!(
            speakers_of(body),
            vec![(None, "It shook,".into()), (None, "quiet zone".into())]
        );
    }

    #[test]
    fn dash_attribution_and_handle() {
        assert_eq!(
            speakers_of("\"Bring water.\" — Park Ranger Lou Tam\n"),
            vec![named("Lou Tam", "Bring water.")]
        );
        assert_eq!(
            speakers_of("\"Stay home\" -@cityfire"),
            vec![named("cityfire", "Stay home")]
        );
    }

    #[test]
    fn colon_label_same_line_and_caps_label() {
        assert_eq!(
            speakers_of("Nia Obi: \"Not today.\""),
            vec![named("Nia Obi", "Not today.")]
        );
        let body = "Striker Leo Marsh scored twice.\nLEO MARSH CITY STRIKER \"It felt great.\"";
        assert_eq!(
            speakers_of(body),
            vec![named("Leo Marsh", "It felt great.")]
        );
    }

    #[test]
    fn previous_line_introduces_standalone_quote() {
        let body = "Rep. Kim Dale took to Twitter on Monday.\n\n“The bridge must be rebuilt.”";
        assert_eq!(
            speakers_of(body),
            vec![named("Kim Dale", "The bridge must be rebuilt.")]
        );
    }

    #[test]
    fn doubled_apostrophes_and_verb_first_sentence() {
        let body = "Said Governor Eli Park, ''we are ready'' and left.";
        assert_eq!(speakers_of(body), vec![named("Eli Park", "we are ready")]);
    }

    #[test]
    fn single_curly_quotes_with_apostrophes() {
        let body = "‘We can’t wait,’ Jo Kerr tweets.";
        assert_eq!(speakers_of(body), vec![named("Jo Kerr", "We can’t wait,")]);
    }

    #[test]
    fn nested_double_inside_single_is_a_quote() {
        let body = "Radio Nine reports: ‘Mr. Vale said it was “fine” today.’";
        let q = quotations(body);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].speaker.as_deref(), Some("Radio Nine"));
        assert_eq!(q[1].text, "fine");
        assert_eq!(q[1].speaker.as_deref(), Some("Vale"));
    }

    #[test]
    fn closing_mark_used_as_opening_mark() {
        let body = "Then Lee Wu tweeted,” The match is off.”";
        assert_eq!(
            speakers_of(body),
            vec![named("Lee Wu", "The match is off.")]
        );
    }

    #[test]
    fn unclosed_quote_is_cut_at_blank_line_and_shares_speaker() {
        let body = "Ola Berg said: \"First part.\n\n\"Second part,\" she added.";
        assert_eq!(
            speakers_of(body),
            vec![
                named("Ola Berg", "First part."),
                named("Ola Berg", "Second part,")
            ]
        );
    }

    #[test]
    fn wire_copy_line_breaks_inside_names() {
        let body = "\"Gone too soon,\" tweeted singer Mae\nVoss (@maevoss).";
        assert_eq!(speakers_of(body), vec![named("Mae Voss", "Gone too soon,")]);
    }

    #[test]
    fn hard_wrapped_names_after_the_verb() {
        let body = "\"Prices will rise,\" said Andrew\nSheaf, a grain trader.\n";
        assert_eq!(
            speakers_of(body),
            vec![named("Andrew Sheaf", "Prices will rise,")]
        );
        let body = "Stocks fell, said Mira\nTobin of the fund.\n\"It is not over,\" she added.\n";
        assert_eq!(
            speakers_of(body),
            vec![named("Mira Tobin", "It is not over,")]
        );
        let body = "The plant shut. Andrew\nSheaf said it was final.\n\"It is over,\" he added.\n";
        assert_eq!(
            speakers_of(body),
            vec![named("Andrew Sheaf", "It is over,")]
        );
        let body = "Mill Shuts Down\nAndrew Sheaf said it was final.\n\"It is over,\" he added.\n";
        assert_eq!(
            speakers_of(body),
            vec![named("Andrew Sheaf", "It is over,")]
        );
        let body =
            "The vote passed, said Ana Ruiz.\nThe count was close.\n\"We won,\" she added.\n";
        assert_eq!(speakers_of(body), vec![named("Ana Ruiz", "We won,")]);
    }

    #[test]
    fn empty_and_punctuation_only_marks_are_not_quotes() {
        assert!(quotations("\"\" “” ‘’ '''' \"...\"").is_empty());
    }

    #[test]
    fn many_quote_marks_are_fast() {
        let big = "“a” \"b\" ".repeat(200_000);
        let t = std::time::Instant::now();
        let q = quotations(&big);
        assert!(!q.is_empty());
        assert!(t.elapsed().as_secs() < 20);
        let marks = "\"“”‘’''".repeat(300_000);
        let _ = quotations(&marks);
    }
}

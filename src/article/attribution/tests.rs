//! Rule-level tests of the attribution pipeline on small texts.

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
    let body = "The vote passed, said Ana Ruiz.\nThe count was close.\n\"We won,\" she added.\n";
    assert_eq!(speakers_of(body), vec![named("Ana Ruiz", "We won,")]);
}

#[test]
fn empty_and_punctuation_only_marks_are_not_quotes() {
    assert!(quotations("\"\" “” ‘’ '''' \"...\"").is_empty());
}

#[test]
fn many_quote_marks_are_read_whole() {
    // 400,000 one-word quotations: every one is found (its speed is
    // measured in BENCHMARKS.md, not here).
    let big = "“a” \"b\" ".repeat(200_000);
    let q = quotations(&big);
    assert_eq!(q.len(), 400_000);
    assert!(q.iter().all(|q| q.speaker.is_none()));
    let marks = "\"“”‘’''".repeat(300_000);
    let _ = quotations(&marks);
}

#[test]
fn employer_after_of_and_appositive_without_closing_comma() {
    assert_eq!(
        speakers_of("\"Entry is hard,\" industry analyst Peter Appert of C.J. Lawrence said."),
        vec![named("Peter Appert", "Entry is hard,")]
    );
    assert_eq!(
        speakers_of("But James Mandelbaum, a Los Angeles-based attorney said, \"They can win.\""),
        vec![named("James Mandelbaum", "They can win.")]
    );
    assert_eq!(
        speakers_of(
            "\"We are back,\" Mark Brett, economist at securities house Barclays de Zoete Wedd said."
        ),
        vec![named("Mark Brett", "We are back,")]
    );
}

#[test]
fn a_phrase_after_a_preposition_is_not_the_subject() {
    assert_eq!(
        speakers_of("\"A storm in a teacup,\" a dealer with a U.K. Bank commented."),
        vec![(None, "A storm in a teacup,".to_string())]
    );
    assert_eq!(
        speakers_of(
            "The official account for the Academy of Motion Picture Arts stated that it \"does not condone violence.\""
        ),
        vec![named(
            "Academy of Motion Picture Arts",
            "does not condone violence."
        )]
    );
}

#[test]
fn it_and_the_company_resolve_to_the_organisation() {
    let body = "Decision Industries Corp said it expects a loss.\n    Decision also said it sold a unit.\n    It said it expects \"significant savings\" this year.\n    \"We are pleased,\" the company said.";
    assert_eq!(
        speakers_of(body),
        vec![
            named("Decision Industries Corp", "significant savings"),
            named("Decision Industries Corp", "We are pleased,"),
        ]
    );
}

#[test]
fn an_indefinite_unnamed_source_takes_the_next_pronoun() {
    let body = "Ana Ruiz spoke first. Later a central bank spokesman said the rules would change.\n    \"The measures lift restrictions,\" he said.";
    assert_eq!(
        speakers_of(body),
        vec![(None, "The measures lift restrictions,".to_string())]
    );
    let body = "Barack Obama arrived on Monday. The President said he would not speculate.\n\n\"This is heartbreaking,\" he added.";
    assert_eq!(
        speakers_of(body),
        vec![named("Barack Obama", "This is heartbreaking,")]
    );
}

#[test]
fn so_called_terms_and_places_written_as_names() {
    assert_eq!(
        speakers_of("The rules tighten so-called \"mixed credits,\" the OECD said."),
        vec![(None, "mixed credits,".to_string())]
    );
    // "Gao" is also a city; the article writes it as a person's name.
    let body = "Gao Jianming, an official, spoke.\n    \"Electricity is short,\" Gao said.";
    assert_eq!(
        speakers_of(body),
        vec![named("Gao", "Electricity is short,")]
    );
}

#[test]
fn a_name_followed_by_a_verb_after_said_is_not_a_speaker_mention() {
    let body = "The minister, presenting the program, said Yugoslavia would cut repayments.\n    \"We have decided to coordinate repayment,\" he said.";
    assert_eq!(
        speakers_of(body),
        vec![(None, "We have decided to coordinate repayment,".to_string())]
    );
}

#[test]
fn a_quotation_after_an_attributed_one_continues_its_speaker() {
    let q = speakers_of(
        "\"Rates will fall,\" Ana Ruiz said last week. \"We see no risk.\"\n\n\"Nor do we expect one.\"\n\nPrices rose. \"It is over,\" a dealer said. \"Sell.\"",
    );
    assert_eq!(
        q,
        vec![
            named("Ana Ruiz", "Rates will fall,"),
            named("Ana Ruiz", "We see no risk."),
            named("Ana Ruiz", "Nor do we expect one."),
            (None, "It is over,".to_string()),
            (None, "Sell.".to_string()),
        ]
    );
    // A sentence between the two quotations ends the continuation.
    let q = speakers_of("\"Rates will fall,\" Ana Ruiz said. Prices rose. \"We see no risk.\"");
    assert_eq!(q[1], (None, "We see no risk.".to_string()));
}

#[test]
fn a_name_in_apposition_after_a_description_or_clause_is_the_speaker() {
    assert_eq!(
        speakers_of(
            "\"Talks are stuck,\" a senior port authority official, Ines Moreau, told reporters."
        ),
        vec![named("Ines Moreau", "Talks are stuck,")]
    );
    assert_eq!(
        speakers_of(
            "When the board met in May, Harbour Director Tomas Vik, said, \"Fees will rise.\""
        ),
        vec![named("Tomas Vik", "Fees will rise.")]
    );
    // An acronym in apposition is no person: the organisation it
    // abbreviates is the speaker.
    assert_eq!(
        speakers_of("The Lakeside Grain Board, LGB, said the plan was \"unworkable.\""),
        vec![named("Lakeside Grain Board", "unworkable.")]
    );
}

#[test]
fn roles_joined_by_and_brackets_and_abbreviations_in_the_subject() {
    assert_eq!(
        speakers_of(
            "\"We are ready,\" said former Ohio Sen. and party elder Carl Brant. \"We always were.\""
        ),
        vec![
            named("Carl Brant", "We are ready,"),
            named("Carl Brant", "We always were.")
        ]
    );
    assert_eq!(
        speakers_of("\"Orders are up,\" Federation of Tile Makers (FTM) president Ana Lobo said."),
        vec![named("Ana Lobo", "Orders are up,")]
    );
    assert_eq!(
        speakers_of("\"Orders are up,\" Lee Park, an analyst with Dunmore Bros. said."),
        vec![named("Lee Park", "Orders are up,")]
    );
}

#[test]
fn according_to_names_a_mention_and_an_elided_subject_continues_it() {
    let q = speakers_of(
        "Frost is likely, according to Rui Sato, a forecaster with Skyline Weather.\n    \"Cover the crops tonight,\" he said.",
    );
    assert_eq!(q, vec![named("Rui Sato", "Cover the crops tonight,")]);
    let q = speakers_of("Ivo Tamm said the talks were slow. But added: \"A deal is close.\"");
    assert_eq!(q, vec![named("Ivo Tamm", "A deal is close.")]);
}

#[test]
fn a_statement_named_after_an_organisation_speaks_for_it() {
    let q = speakers_of(
        "Kestrel Mining Corp said sales rose. \"Demand was strong,\" the Kestrel statement said.",
    );
    assert_eq!(q, vec![named("Kestrel Mining Corp", "Demand was strong,")]);
    // A spokesman named after it does not.
    let q = speakers_of("\"Demand was strong,\" a Kestrel spokesman said.");
    assert_eq!(q, vec![(None, "Demand was strong,".to_string())]);
}

#[test]
fn a_double_mark_inside_a_word_is_an_apostrophe() {
    let q = speakers_of("The yen\"s rise hurt Japan\"s makers. \"We are worried,\" said Aki Mori.");
    assert_eq!(q, vec![named("Aki Mori", "We are worried,")]);
}

#[test]
fn an_employer_and_a_role_of_several_words_before_the_name() {
    assert_eq!(
        speakers_of("\"Sell,\" said Dunmore Trust Ltd senior market analyst Pia Holm."),
        vec![named("Pia Holm", "Sell,")]
    );
    // Staff of a named person are not that person.
    assert_eq!(
        speakers_of("\"Not in July,\" an aide to Deputy Minister Ola Berg said."),
        vec![(None, "Not in July,".to_string())]
    );
}

#[test]
fn a_role_before_a_comma_then_the_name_after_a_verb_first_cue() {
    assert_eq!(
        speakers_of("\"Hold,\" said head of research at Dunmore Trust, Pia Holm."),
        vec![named("Pia Holm", "Hold,")]
    );
}

#[test]
fn a_place_and_a_title_or_party_refer_back_to_the_person() {
    let q = speakers_of(
        "Sen. Ada Moss opposed the bill. \"It is time to stop,\" the Ohio senator said. \"We agree,\" the Ohio Democrat said.",
    );
    assert_eq!(
        q,
        vec![
            named("Ada Moss", "It is time to stop,"),
            named("Ada Moss", "We agree,")
        ]
    );
}

#[test]
fn a_verb_after_but_shares_the_first_verbs_subject() {
    let q = speakers_of(
        "Finance Minister Ivo Tamm met bankers. He declined to give figures but said, \"Talks went well.\"",
    );
    assert_eq!(q, vec![named("Ivo Tamm", "Talks went well.")]);
}

#[test]
fn an_acronym_body_speaks_for_its_organisation() {
    let q = speakers_of(
        "The Tile Makers Federation (TMF) met. \"Costs are too high,\" the TMF council said.",
    );
    assert_eq!(q, vec![named("TMF", "Costs are too high,")]);
}

#[test]
fn an_opening_adverbial_is_not_part_of_the_subject() {
    let q = speakers_of(
        "In a statement, J. Ana Ruiz, Kestrel chairman said the sale \"is a milestone.\"",
    );
    assert_eq!(q, vec![named("J. Ana Ruiz", "is a milestone.")]);
}

#[test]
fn a_double_mark_before_a_possessive_s_in_capitals_is_an_apostrophe() {
    let q = speakers_of(
        "GULF\"S BANKS WAIT\n\n<Kestrel Bank KBQ>\"s chief, Ana Ruiz, said: \"Times are hard.\"",
    );
    assert_eq!(q, vec![named("Ana Ruiz", "Times are hard.")]);
}

#[test]
fn a_participle_after_the_quote_leaves_the_attribution_before_it() {
    let q = speakers_of(
        "However, Ivo Tamm said \"it is not that simple,\" adding that more funds may be needed.",
    );
    assert_eq!(q, vec![named("Ivo Tamm", "it is not that simple,")]);
    let q = speakers_of("\"Sales are strong,\" said said Lee Park of Dunmore Bros.");
    assert_eq!(q, vec![named("Lee Park", "Sales are strong,")]);
}

#[test]
fn the_capitalised_head_of_an_institution_refers_back() {
    let q = speakers_of(
        "The Bank of Lakeland said it set new rules. In its note, the Bank said \"dealers must report daily.\"",
    );
    assert_eq!(
        q,
        vec![named("Bank of Lakeland", "dealers must report daily.")]
    );
}

#[test]
fn a_sentence_adverb_and_an_employer_appositive_around_the_subject() {
    let q = speakers_of(
        "Nevertheless, Boston analyst Lee Park, of Dunmore Trust said \"We are in a bull market,\" adding that dips are normal.",
    );
    assert_eq!(q, vec![named("Lee Park", "We are in a bull market,")]);
    // `the Bank` deep inside a clause is not the subject of the cue.
    let q = speakers_of(
        "The Bank of Lakeland said it would act. Ivo Tamm said he would not leave his mark on the Bank noting that \"I am here to help.\"",
    );
    assert_eq!(q, vec![named("Ivo Tamm", "I am here to help.")]);
}

#[test]
fn quoted_as_saying_credits_the_person_quoted_not_the_medium() {
    let q = speakers_of(
        "The Lakeside Free Press quoted Kestrel vice-president Alfred Warren as saying \"we have three years.\"",
    );
    assert_eq!(q, vec![named("Alfred Warren", "we have three years.")]);
    let q = speakers_of(
        "Radio Lakeland quoted spokesman Ali Rahimi telling visitors, \"We are calm.\"",
    );
    assert_eq!(q, vec![named("Ali Rahimi", "We are calm.")]);
    let q = speakers_of("\"We welcome them,\" Ana Ruiz was quoted as saying.");
    assert_eq!(q, vec![named("Ana Ruiz", "We welcome them,")]);
    let q = speakers_of("The Post quoted a source close to Ana Ruiz as saying she \"will stay.\"");
    assert_eq!(q, vec![(None, "will stay.".to_string())]);
}

#[test]
fn passive_quoted_by_a_medium_and_absolute_participles() {
    let q =
        speakers_of("Ana Ruiz was quoted by the daily Tageblatt as saying: \"None of us asked.\"");
    assert_eq!(q, vec![named("Ana Ruiz", "None of us asked.")]);
    let q = speakers_of(
        "Prime Minister Ivo Tamm spoke. \"We must wait,\" Radio Lakeland quoted him as telling reporters.",
    );
    assert_eq!(q, vec![named("Ivo Tamm", "We must wait,")]);
    let q = speakers_of(
        "The leaders stressed their ties at a ceremony, with Ivo Tamm describing Lakeland as \"our oldest ally.\"",
    );
    assert_eq!(q, vec![named("Ivo Tamm", "our oldest ally.")]);
    let q = speakers_of(
        "In an article in Monday's edition of the Lakeside Herald, Tamm also criticised the plan, calling it a \"dramatic fix.\"",
    );
    assert_eq!(q, vec![named("Tamm", "dramatic fix.")]);
}

#[test]
fn names_with_hyphenated_particles_are_names() {
    let q =
        speakers_of("\"We will adhere to it,\" Oil Minister Issam Abdul-Rahim al-Chalabi said.");
    assert_eq!(
        q,
        vec![named(
            "Issam Abdul-Rahim al-Chalabi",
            "We will adhere to it,"
        )]
    );
    let q = speakers_of("Ali al-Khalifa al-Sabah was quoted as saying: \"No one asked.\"");
    assert_eq!(q, vec![named("Ali al-Khalifa al-Sabah", "No one asked.")]);
}

#[test]
fn a_term_in_quotes_does_not_cut_the_reporting_clause_and_employer_roles_refer_back() {
    let q = speakers_of("Ana Ruiz said the new \"B\" shares will give the group \"room to grow.\"");
    assert_eq!(q[1], named("Ana Ruiz", "room to grow."));
    let q = speakers_of(
        "\"Rates will rise,\" said Lee Park, an economist at Dunmore Trust. The Dunmore Trust economist said the rise \"may be small.\"",
    );
    assert_eq!(
        q,
        vec![
            named("Lee Park", "Rates will rise,"),
            named("Lee Park", "may be small.")
        ]
    );
}

#[test]
fn a_name_with_an_appositive_before_its_verb_is_a_mention() {
    let q = speakers_of(
        "Lee Park, president of Dunmore Trust Inc, was more hopeful. \"We are past the worst,\" he said.",
    );
    assert_eq!(q, vec![named("Lee Park", "We are past the worst,")]);
}

#[test]
fn names_in_quotes_are_terms_not_speech() {
    let q = speakers_of(
        "\"No, he was clear,\" Ivo Tamm said on the \"Morning\" show. \"He will not give in.\"",
    );
    assert_eq!(
        q,
        vec![
            named("Ivo Tamm", "No, he was clear,"),
            (None, "Morning".to_string()),
            named("Ivo Tamm", "He will not give in."),
        ]
    );
    let q = speakers_of("\"We are glad,\" said Ana Ruiz, head of sales, \"but we need more.\"");
    assert_eq!(
        q,
        vec![
            named("Ana Ruiz", "We are glad,"),
            named("Ana Ruiz", "but we need more.")
        ]
    );
}

#[test]
fn places_statements_by_a_body_and_long_participle_appositives() {
    let q = speakers_of("Ana Ruiz of Banque Lyonnaise (BL) in Zurich said: \"It is very risky.\"");
    assert_eq!(q, vec![named("Ana Ruiz", "It is very risky.")]);
    let q = speakers_of(
        "A statement issued by the Lakeland Treasury said \"the sale makes no difference.\"",
    );
    assert_eq!(
        q,
        vec![named("Lakeland Treasury", "the sale makes no difference.")]
    );
    let q = speakers_of(
        "Ivo Tamm, responding to weekend remarks by Finance Minister Ana Ruiz that the board would take another look at the pact, said \"I want firm adherence.\"",
    );
    assert_eq!(q, vec![named("Ivo Tamm", "I want firm adherence.")]);
}

#[test]
fn day_words_after_the_subject_and_firms_named_before_their_head() {
    let q = speakers_of("But Ivo Tamm today said, \"a big company has stopped buying.\"");
    assert_eq!(
        q,
        vec![named("Ivo Tamm", "a big company has stopped buying.")]
    );
    let q =
        speakers_of("\"This is a breakthrough,\" said the group's chief executive, Kjell Nilsson.");
    assert_eq!(q, vec![named("Kjell Nilsson", "This is a breakthrough,")]);
    let q = speakers_of(
        "Kestrel Partners bought shares. \"The shares are cheap,\" the Kestrel group told the regulator.",
    );
    assert_eq!(q, vec![named("Kestrel Partners", "The shares are cheap,")]);
}

#[test]
fn a_bank_named_with_a_particle_is_an_organisation() {
    let q = speakers_of(
        "Den Lille Sparebank (DLS) <DLS.OL>, a savings bank, said profits rose.\n    \"Losses were reduced,\" the bank said.",
    );
    assert_eq!(
        q,
        vec![named("Den Lille Sparebank", "Losses were reduced,")]
    );
}

#[test]
fn a_time_between_a_name_and_its_verb_keeps_the_mention() {
    let q = speakers_of(
        "Lee Park spoke first. Ana Ruiz last month seemed to rule it out. She said it would happen \"Eventually. But not soon.\"",
    );
    assert_eq!(q, vec![named("Ana Ruiz", "Eventually. But not soon.")]);
}

#[test]
fn he_and_she_skip_a_person_of_the_other_sex() {
    let q = speakers_of(
        "Margaret Ruiz met the board. Analyst Robert Park said it went well. \"We have work to do,\" she said. \"It was fine,\" he said.",
    );
    assert_eq!(
        q,
        vec![
            named("Margaret Ruiz", "We have work to do,"),
            named("Robert Park", "It was fine,")
        ]
    );
    // A name of both sexes (or unknown) fits either pronoun.
    let q = speakers_of("Leslie Moss spoke. \"We are ready,\" she said.");
    assert_eq!(q, vec![named("Leslie Moss", "We are ready,")]);
}

#[test]
fn the_name_before_a_colon_after_a_cue_is_the_addressee() {
    for (text, who) in [
        ("Ivo Tamm told Ana Ruiz: \"I must resign.\"", "Ivo Tamm"),
        (
            "Ivo Tamm said in a letter to Ana Ruiz: \"I must resign.\"",
            "Ivo Tamm",
        ),
        (
            "Ivo Tamm told the Lakeland Press Club: \"I must resign.\"",
            "Ivo Tamm",
        ),
        (
            "Ana Ruiz said of Ivo Tamm: \"He was a great minister.\"",
            "Ana Ruiz",
        ),
        (
            "Ambassador Ivo Tamm told Radio Lakeland: \"We are calm.\"",
            "Ivo Tamm",
        ),
    ] {
        let q = speakers_of(text);
        assert_eq!(q[0].0.as_deref(), Some(who), "{text}");
    }
    // A bare label still names the speaker.
    assert_eq!(
        speakers_of("Dana Cole: \"We are ready.\"")[0].0.as_deref(),
        Some("Dana Cole")
    );
}

#[test]
fn offices_places_in_names_possessives_and_headlines() {
    let q = speakers_of("The New York Stock Exchange said it is \"strongly opposed to the tax.\"");
    assert_eq!(
        q,
        vec![named(
            "New York Stock Exchange",
            "strongly opposed to the tax."
        )]
    );
    let q = speakers_of("\"We must act now,\" said the Senate Majority Leader.");
    assert_eq!(q, vec![(None, "We must act now,".to_string())]);
    let q = speakers_of("\"We must act now,\" said Adm. William Crowe.");
    assert_eq!(q, vec![named("William Crowe", "We must act now,")]);
    let q = speakers_of("\"Buy,\" said Nikko Securities' Kasuhiza Okamoto.");
    assert_eq!(q, vec![named("Kasuhiza Okamoto", "Buy,")]);
    let q = speakers_of(
        "Following meetings with lawmakers, the groups issued a statement saying Congress should \"leave the law alone.\"",
    );
    assert_eq!(q, vec![(None, "leave the law alone.".to_string())]);
    let q = speakers_of(
        "ETHIOPIA SAYS\n\nTesfay Dinka accused the West.\n    \"Many will go hungry,\" he said.",
    );
    assert_eq!(q, vec![named("Tesfay Dinka", "Many will go hungry,")]);
}

#[test]
fn a_suffix_after_a_surname_that_is_also_a_title() {
    let q = speakers_of("\"We need help,\" said Martin Luther King Jr.");
    assert_eq!(q[0].0.as_deref(), Some("Martin Luther King Jr"));
}

#[test]
fn quoted_as_saying_after_the_quote_and_an_indefinite_then_a_name() {
    let q = speakers_of("\"I must resign,\" the Lakeside Herald quoted Ivo Tamm as saying.");
    assert_eq!(q, vec![named("Ivo Tamm", "I must resign,")]);
    let q = speakers_of("\"We will win,\" said one supporter, Mary Jones.");
    assert_eq!(q, vec![named("Mary Jones", "We will win,")]);
    let q = speakers_of("\"We will win,\" said one supporter.");
    assert_eq!(q, vec![(None, "We will win,".to_string())]);
}

#[test]
fn a_news_medium_is_not_the_person_a_pronoun_refers_to() {
    let q = speakers_of(
        "Prime Minister Ivo Tamm was quoted by Lakeside News Service as saying he was watching.\n    \"We must wait,\" Lakeside quoted him as telling reporters.",
    );
    assert_eq!(q[0], named("Ivo Tamm", "We must wait,"));
}

#[test]
fn a_place_before_a_persons_name_is_not_part_of_it() {
    let q = speakers_of("\"Talks went well,\" general manager for Canada Hajimu Watanabe said.");
    assert_eq!(q, vec![named("Hajimu Watanabe", "Talks went well,")]);
    // An organisation named after a place keeps it.
    let q = speakers_of("\"Rates are fine,\" the Hong Kong Stock Exchange said.");
    assert_eq!(
        q,
        vec![named("Hong Kong Stock Exchange", "Rates are fine,")]
    );
}

#[test]
fn a_surname_alone_takes_the_sex_of_its_full_name() {
    let q = speakers_of(
        "Jane Moss met Henry Kestrel. Kestrel said little. \"I was disappointed,\" she said.",
    );
    assert_eq!(q, vec![named("Jane Moss", "I was disappointed,")]);
}

#[test]
fn the_statement_speaks_for_whoever_issued_it() {
    // The statement named before: its author, a person or an organisation.
    let q = speakers_of(
        "Brightwater said profits fell.\n\"Costs rose,\" Brightwater said in a statement.\n\"Sales held up,\" the statement added.",
    );
    assert_eq!(
        q,
        vec![
            named("Brightwater", "Costs rose,"),
            named("Brightwater", "Sales held up,")
        ]
    );
    let q = speakers_of(
        "Mayor Ada Quell issued a long statement on Monday.\nHarbor Works Inc said it would reply.\n\"The port stays open,\" the statement said.",
    );
    assert_eq!(q, vec![named("Ada Quell", "The port stays open,")]);
    // A communique that no sentence before names has no author here.
    let q =
        speakers_of("Harbor Works Inc said it would reply.\n\"Talks go on,\" the communique said.");
    assert_eq!(q, vec![(None, "Talks go on,".to_string())]);
}

#[test]
fn the_company_opening_a_sentence_before_its_quotation() {
    let q = speakers_of(
        "Halvard Gas Corp said a ruling could cut earnings.\nThe company said \"this could bring earnings below the dividend.\"\nThe company said, however, it expects \"positive\" results.",
    );
    assert_eq!(
        q,
        vec![
            named(
                "Halvard Gas Corp",
                "this could bring earnings below the dividend."
            ),
            named("Halvard Gas Corp", "positive"),
        ]
    );
}

#[test]
fn a_plural_of_people_after_a_name_is_no_verb() {
    // `Wall Street analysts said`: no organisation "Wall Street" for a
    // later `the company` to refer to.
    let q = speakers_of(
        "Kellan's unit is for sale, Wall Street analysts said.\nThe company said it aims at \"maximizing value.\"",
    );
    assert_eq!(q, vec![(None, "maximizing value.".to_string())]);
}

#[test]
fn a_report_speaks_for_the_body_that_wrote_it() {
    // A name before the noun.
    let q = speakers_of(
        "Critics were muted until the Harlow Commission report came out.\n\"The duty was clear,\" the report said.",
    );
    assert_eq!(q, vec![named("Harlow Commission", "The duty was clear,")]);
    // A body after `by`, its connectives kept; a later `The report says`
    // with no author passes to it.
    let q = speakers_of(
        "A report by the Institute of Coastal Affairs (ICA) came out on Monday.\nThe report says fares are high.\n\"Airlines keep their costs secret,\" the report said.",
    );
    assert_eq!(
        q,
        vec![named(
            "Institute of Coastal Affairs",
            "Airlines keep their costs secret,"
        )]
    );
    // `its … report`: the words before the noun are a title; the subject
    // of the sentence wrote it.
    let q = speakers_of(
        "The Brenner Council said in its latest Market Trends report that volume rose.\n\"Demand will hold,\" the report said.",
    );
    assert_eq!(q, vec![named("Brenner Council", "Demand will hold,")]);
}

#[test]
fn a_quotation_after_reported_speech_is_its_speakers() {
    // Rule 10: the sentence before reports speech without quotation marks.
    let q = speakers_of(
        "Finance Minister Ana Ruiz said on Monday the debt would not be solved soon.\n    \"There will be no solution without trade.\"",
    );
    assert_eq!(
        q,
        vec![named(
            "Ana Ruiz",
            "There will be no solution without trade."
        )]
    );
    // An unnamed source there stays unnamed.
    let q = speakers_of(
        "Ana Ruiz spoke first. One banker said the debt would not be solved soon.\n    \"There will be no solution without trade.\"",
    );
    assert_eq!(
        q,
        vec![(None, "There will be no solution without trade.".to_string())]
    );
    // A sentence that reports nothing gives no speaker.
    let q = speakers_of(
        "Ana Ruiz spoke first. The debt will not be solved soon.\n    \"There will be no solution without trade.\"",
    );
    assert_eq!(
        q,
        vec![(None, "There will be no solution without trade.".to_string())]
    );
}

#[test]
fn a_given_name_that_is_also_a_word_is_a_surname_as_a_subject() {
    let q = speakers_of("Shares rose 5 pct.\n\"The job is done,\" Rose said.");
    assert_eq!(q, vec![named("Rose", "The job is done,")]);
    // A plain word so written stays no name.
    let q = speakers_of("The management met.\n\"The job is done,\" Management said.");
    assert_eq!(q, vec![(None, "The job is done,".to_string())]);
}

#[test]
fn a_participle_after_a_contrasting_clause_has_that_clauses_subject() {
    let q = speakers_of(
        "Treasury Secretary Ivo Tamm told the committee the deficit had levelled off, but Mara Quist said she was more hopeful, adding, \"We turned the corner.\"",
    );
    assert_eq!(q, vec![named("Mara Quist", "We turned the corner.")]);
    // That clause's subject names no one: no speaker, not the first one.
    let q = speakers_of(
        "The Transport Ministry said the data came as images but the foreign ministry later clarified this, saying it came as \"radar echoes\".",
    );
    assert_eq!(q, vec![(None, "radar echoes".to_string())]);
}

#[test]
fn a_quotation_about_the_person_just_named_is_not_theirs() {
    let q = speakers_of(
        "\"Trade laws are sound,\" Ivo Tamm said.\n    President Karl Berg has imposed tariffs eight times.\n    \"He took these steps as a last resort,\" he said.",
    );
    assert_eq!(
        q,
        vec![
            named("Ivo Tamm", "Trade laws are sound,"),
            named("Ivo Tamm", "He took these steps as a last resort,"),
        ]
    );
    // After a sentence reporting the newer person's speech, `he` is that
    // person.
    let q = speakers_of(
        "\"Trade laws are sound,\" Ivo Tamm said.\n    Karl Berg said he was not surprised by Lawson.\n    \"His remarks gave markets a target,\" he said.",
    );
    assert_eq!(
        q,
        vec![
            named("Ivo Tamm", "Trade laws are sound,"),
            named("Karl Berg", "His remarks gave markets a target,"),
        ]
    );
}

#[test]
fn a_name_between_commas_after_the_reported_clause() {
    // `…, Name, role said` with the closing comma missing.
    let q = speakers_of(
        "The firm is sound, Rolf Anker, managing director of Brisk Holdings Corp said.\n    \"There is no truth to the rumours,\" he said.",
    );
    assert_eq!(
        q,
        vec![named("Rolf Anker", "There is no truth to the rumours,")]
    );
    // A place between commas is not the subject.
    let q = speakers_of(
        "Ivo Tamm said he and a Tampa, Fla., firm he controls \"may buy more shares.\"",
    );
    assert_eq!(q, vec![named("Ivo Tamm", "may buy more shares.")]);
}

#[test]
fn plural_nouns_in_s_are_not_cues() {
    // `Arab states to buy`: a plural noun, not `states` as a reporting verb;
    // the unnamed official of the sentence before is no one's name.
    let body = "Egypt is trying to persuade Arab states and banks to buy its debts, an \
                Egyptian official said.\n    \"We want the Arabs to buy the debt,\" the official, \
                who asked not to be named, told Reuters.";
    assert_eq!(
        speakers_of(body),
        vec![(None, "We want the Arabs to buy the debt,".to_string())]
    );
    // `the contract calls for "…"`: the clause's reporting verb is `said`.
    let body = "Warner Communications Inc said its board approved a contract.\n    It said \
                the new contract calls for \"new bonus awards to be paid out,\" based on the \
                stock.";
    assert_eq!(
        speakers_of(body),
        vec![named(
            "Warner Communications Inc",
            "new bonus awards to be paid out,"
        )]
    );
}

#[test]
fn a_mention_ends_at_the_quotation_before_it() {
    // The words inside `"…"` before `he added` name nobody outside it.
    let body = "Regulation should bring results, Watanabe said. \"I am optimistic,\" he added.";
    assert_eq!(
        speakers_of(body),
        vec![named("Watanabe", "I am optimistic,")]
    );
}

#[test]
fn inverted_cue_after_the_reported_clause() {
    let body = "Some 80 pct of shares are held by corporations, said Keikichi Honda, general \
                manager of the bank's research division. \"This is a tightly woven textile.\"";
    assert_eq!(
        speakers_of(body),
        vec![named("Keikichi Honda", "This is a tightly woven textile.")]
    );
    // The name after the verb has a verb of its own: it is reported, not
    // the speaker.
    let body = "Michael Hammes, vice president, said Chrysler planned to sell \"a few hundred \
                vehicles\" by year end.";
    assert_eq!(
        speakers_of(body),
        vec![named("Michael Hammes", "a few hundred vehicles")]
    );
}

#[test]
fn a_name_with_two_appositives_after_the_quotation() {
    let body = "\"The basics are still strong,\" Mark Olson, president of the ABA, the largest \
                U.S. bankers group, said.";
    assert_eq!(
        speakers_of(body),
        vec![named("Mark Olson", "The basics are still strong,")]
    );
}

#[test]
fn a_capitalised_verb_after_initials_is_still_a_verb() {
    // Wire copy converted from capitals: `N.A., Told`.
    let body = "\"Tokyo will need a new environment,\" Robert Binney, senior vice-president of \
                Chase Manhattan Bank N.A., Told a group of members of parliament.";
    assert_eq!(
        speakers_of(body),
        vec![named("Robert Binney", "Tokyo will need a new environment,")]
    );
}

#[test]
fn the_newspaper_refers_back_to_the_medium_named_before() {
    let body = "The Washington Post said the deficit was smaller.\n    The newspaper said: \"News \
                of the deficit battered the dollar.\"";
    assert_eq!(
        speakers_of(body),
        vec![named(
            "Washington Post",
            "News of the deficit battered the dollar."
        )]
    );
    // A medium reporting what the sentence's subject said passes on that
    // person's words.
    let body = "Tehran Radio quoted Ali Khamenei.\n    Khamenei said the U.S. had to act, \"but \
                any violent act will harm U.S. interests,\" the radio reported.";
    assert_eq!(
        speakers_of(body),
        vec![named(
            "Khamenei",
            "but any violent act will harm U.S. interests,"
        )]
    );
}

#[test]
fn a_title_after_a_verb_refers_back_unless_anonymity_is_asked() {
    let body = "\"Many congratulations,\" Foreign Minister Sushma Swaraj tweeted. \"I express my \
                gratitude,\" tweeted the Foreign Minister who was in Bishkek.";
    assert_eq!(
        speakers_of(body),
        vec![
            named("Sushma Swaraj", "Many congratulations,"),
            named("Sushma Swaraj", "I express my gratitude,")
        ]
    );
    let body = "Drew Robertson says the stock may fall.\n    \"It's hard to call,\" said the \
                analyst who requested anonymity.";
    assert_eq!(
        speakers_of(body),
        vec![(None, "It's hard to call,".to_string())]
    );
}

#[test]
fn names_in_a_reported_clause_are_not_who_he_is() {
    let body = "United Automobile Workers union president Owen Bieber said he was pleased Paul \
                Volcker is leaving the Fed.\n    \"That troubles me,\" the UAW leader told \
                reporters.";
    assert_eq!(
        speakers_of(body),
        vec![named("Owen Bieber", "That troubles me,")]
    );
    let body = "Central bank governor Jose Fernandez said the package he and Finance Secretary \
                Jaime Ongpin negotiated was better.\n    \"We got a better deal,\" he told \
                Reuters.";
    assert_eq!(
        speakers_of(body),
        vec![named("Jose Fernandez", "We got a better deal,")]
    );
}

#[test]
fn a_hashtag_is_never_a_speaker() {
    let body = "#SciComm can be done for any outlet- @aetiology does a great job explaining \
                differences: \"Treating it as one underestimates a lot.\"";
    assert_eq!(
        speakers_of(body),
        vec![(None, "Treating it as one underestimates a lot.".to_string())]
    );
}

#[test]
fn it_after_a_sentence_opened_by_a_document_is_its_author() {
    let body = "A statement released by Friedhelm Ost after a meeting said growth was \
                achievable.\n    It added the council believed \"an intensification of policy is \
                not called for.\"";
    assert_eq!(
        speakers_of(body),
        vec![named(
            "Friedhelm Ost",
            "an intensification of policy is not called for."
        )]
    );
    // A statement issued by a body the text names only by description:
    // the sentence's speaker.
    let body = "Renault President Raymond Levy said in a statement issued by the French state \
                car group the agreement was important. \"It will allow Renault to export,\" the \
                statement said.";
    assert_eq!(
        speakers_of(body),
        vec![named("Raymond Levy", "It will allow Renault to export,")]
    );
}

#[test]
fn a_relative_clause_without_commas_after_the_subject() {
    let body = "On 13 April, Elon Musk who had bought 9.2 percent of Twitter said he was ready to \
                \u{201c}transform\u{201d} it.";
    assert_eq!(speakers_of(body), vec![named("Elon Musk", "transform")]);
}

#[test]
fn the_automaker_and_the_app_refer_back_to_the_company() {
    let body = "General Motors Corp said its truck plant will close.\n    At Flint, \"layoffs \
                could reach 2,000,\" the automaker said.";
    assert_eq!(
        speakers_of(body),
        vec![named("General Motors Corp", "layoffs could reach 2,000,")]
    );
}

#[test]
fn titles_descriptions_and_acronyms_found_by_a_fresh_user() {
    // A headline held up is a title, not speech.
    let body = "Nigel Lawson held up a newspaper report headed \"Exchange Rate Targets Set\" \
                and said it was wrong.";
    assert_eq!(
        speakers_of(body),
        vec![(None, "Exchange Rate Targets Set".to_string())]
    );
    // A place of several words before a party member refers back.
    let body = "Senate leader Robert Byrd spoke first.\n    \"We will act,\" the West Virginia \
                Democrat said.";
    assert_eq!(
        speakers_of(body),
        vec![named("Robert Byrd", "We will act,")]
    );
    // An acronym is no person a `he` refers to.
    let body = "If USDA decides to offer a subsidy, the State Department official said. \"Shultz \
                will not wage war,\" he said.";
    assert_eq!(
        speakers_of(body),
        vec![(None, "Shultz will not wage war,".to_string())]
    );
    // `the Chamber` refers back to the chamber named before.
    let body = "The Chamber of Mines said the union refused.\n    \"The union is adamant,\" the \
                Chamber said.";
    assert_eq!(
        speakers_of(body),
        vec![named("Chamber of Mines", "The union is adamant,")]
    );
}

#[test]
fn an_indefinite_description_opening_a_sentence_is_an_unnamed_source() {
    let body = "Treasury Secretary James Baker doubted the dollar would fall. \"It will hold,\" \
                Baker said.\n    A foreign exchange analyst at a major Japanese bank here shared \
                Baker's doubts. \"Dollar defending measures are unlikely,\" he said.";
    assert_eq!(
        speakers_of(body),
        vec![
            named("Baker", "It will hold,"),
            (None, "Dollar defending measures are unlikely,".to_string())
        ]
    );
}

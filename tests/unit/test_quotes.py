"""Quotes: marks, kinds, speakers, paraphrases, and spans that always slice the article."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.article import Article, ArticleError, parse_text
from dashboard.quotes import MAX_QUOTE_CHARS, Quote, extract_quotes

UK_AMBASSADOR = (
    "United Kingdom’s ambassador to the Organization for Security and Co-operation in Europe (OSCE)"
)


def quotes_of(text: str) -> tuple[Quote, ...]:
    return extract_quotes(parse_text(text))


def quoted(quotes: tuple[Quote, ...]) -> list[Quote]:
    return [q for q in quotes if q.kind != "paraphrase"]


def paraphrases(quotes: tuple[Quote, ...]) -> list[Quote]:
    return [q for q in quotes if q.kind == "paraphrase"]


def assert_spans_slice(article: Article, quotes: tuple[Quote, ...]) -> None:
    size = len(article.text)
    for q in quotes:
        assert 0 <= q.start <= q.end <= size
        assert article.text[q.start : q.end] == q.text
        assert q.kind in ("direct", "partial", "paraphrase")
        assert q.end - q.start <= MAX_QUOTE_CHARS
        assert 0 <= q.sentence_start <= q.start <= q.end <= q.sentence_end <= size
        for start, end in ((q.speaker_start, q.speaker_end), (q.cue_start, q.cue_end)):
            assert (start is None) == (end is None)
            if start is not None:
                assert 0 <= start <= end <= size
        if q.cue is not None:
            assert article.text[q.cue_start : q.cue_end] == q.cue


# --- the founding article: expectations written from reading it -------------------------------------

FM, JS, UK = "Ukraine’s Foreign Ministry", "Jens Stoltenberg", UK_AMBASSADOR

# One row per quote a reader finds, in text order:
# first words | last words | kind | canonical speaker | the mention as written | cue
SAMPLE_QUOTES = [
    row.split(" | ")
    for row in f"""
its blatant disregard | for international law. | partial | {FM} | {FM} | said
The holding of ‘elections’ | will not have legal validity, | direct | {FM} | the ministry | said
The current campaign | principles of international law, | direct | {FM} | the ministry | said
completely illegal | a violation of international law, | partial | {JS} | Stoltenberg | said
Free and fair elections | As we already know. | direct | {JS} | He | said
illegal | illegal | partial | {UK} | The {UK} | described
violation of Ukraine’s | sovereignty and territorial integrity | partial | {UK} | The {UK} | saying
Russia has no legitimate basis | on the territory of Ukraine, | direct | {UK} | he | said
The United Kingdom has been clear: | false election. will not give. | direct | {UK} | He | said
Almost all Russian armed forces | on NATO borders. Does. | direct | {JS} | He | said
appear | appear | partial | Vladimir Putin | Putin | said
""".strip().splitlines()
]

# (reported clause, canonical speaker, the mention as written, cue)
SAMPLE_PARAPHRASES = [
    (
        "there is no reason to believe that the situation has improved since the last election",
        JS,
        "he",
        "stressed",
    ),
    ("Finland is safer now than before joining the alliance", JS, "Stoltenberg", "said"),
    (
        "due to Finland’s entry into NATO, Russian military and weapons systems would “appear” "
        "near its borders",
        "Vladimir Putin",
        "Putin",
        "said",
    ),
]


def test_sample_has_eleven_quotes_and_three_paraphrases(sample_article):
    quotes = extract_quotes(sample_article)
    assert len(quoted(quotes)) == 11
    assert len(paraphrases(quotes)) == 3
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    for q, row in zip(quoted(quotes), SAMPLE_QUOTES, strict=True):  # in the reader's order
        assert q.text.startswith(row[0])


@pytest.mark.parametrize("expected", SAMPLE_QUOTES, ids=[row[0] for row in SAMPLE_QUOTES])
def test_sample_quote_kind_speaker_and_cue(sample_article, expected):
    first, last, kind, speaker, mention, cue = expected
    text = sample_article.text
    matches = [q for q in quoted(extract_quotes(sample_article)) if q.text.startswith(first)]
    assert len(matches) == 1, first
    q = matches[0]
    assert q.text.endswith(last)
    assert (q.kind, q.speaker, q.cue) == (kind, speaker, cue)
    assert text[q.speaker_start : q.speaker_end] == mention
    assert text[q.start - 1] in '“"'  # the span excludes the opening mark


def test_sample_paraphrases(sample_article):
    text = sample_article.text
    found = [
        (q.text, q.speaker, text[q.speaker_start : q.speaker_end], q.cue)
        for q in paraphrases(extract_quotes(sample_article))
    ]
    assert found == SAMPLE_PARAPHRASES


def test_sample_speaker_roles(sample_article):
    roles = {q.speaker: q.speaker_role for q in extract_quotes(sample_article)}
    assert roles["Jens Stoltenberg"] == "NATO Secretary General"
    assert roles[UK_AMBASSADOR] == "ambassador to the OSCE"
    assert roles["Ukraine’s Foreign Ministry"] is None
    assert roles["Vladimir Putin"] == "President"


def test_sample_writer_text_is_not_a_quote(sample_article):
    quotes = extract_quotes(sample_article)
    for words in ("Opposition politicians are in jail", "urged international observers", "He also advised"):
        assert not any(words in q.text for q in quotes)


def test_sample_quote_after_stray_mark_keeps_its_sentence_and_paragraph(sample_article):
    text = sample_article.text
    q = next(q for q in extract_quotes(sample_article) if q.text.startswith("Almost all"))
    sentence = text[q.sentence_start : q.sentence_end]
    assert sentence.startswith("“Almost all") and sentence.endswith("” He said.")
    paragraph = sample_article.paragraphs[q.paragraph]
    assert paragraph.start < q.start < q.end <= paragraph.end
    heading = sample_article.section_heading(paragraph)
    assert heading is not None and sample_article.paragraph_text(heading) == "border with finland"


def test_sample_spans_slice(sample_article):
    assert_spans_slice(sample_article, extract_quotes(sample_article))


# --- quote marks ---------------------------------------------------------------------------------------


def test_stray_closing_mark_does_not_swallow_article():
    text = (
        "The mayor said the bridge would reopen in May. ” Traffic has been heavy since the closure.\n\n"
        "Shops on the riverside have lost customers for months.\n\n"
        "“We are on schedule,” the mayor said."
    )
    found = quoted(quotes_of(text))
    assert [q.text for q in found] == ["We are on schedule,"]


def test_unclosed_opening_mark_ends_at_its_paragraph():
    text = (
        "Protesters gathered outside parliament, chanting “no more cuts.\n\n"
        "Police said the crowd of about 3,000 people dispersed peacefully by evening.\n\n"
        "The budget vote is expected next week."
    )
    found = quoted(quotes_of(text))
    assert [q.text for q in found] == ["no more cuts."]
    assert found[0].kind == "partial"


def test_unclosed_mark_in_a_huge_paragraph_is_capped():
    text = "He said “" + "word " * 2000 + "\n\nNext paragraph."
    found = quoted(quotes_of(text))
    assert len(found) == 1
    assert len(found[0].text) <= MAX_QUOTE_CHARS
    assert "Next paragraph" not in found[0].text


def test_nested_single_quotes_stay_inside():
    text = (
        "WARSAW (Reuters) - Poland’s opposition rejected the government’s plan on Friday.\n\n"
        "“The so-called ‘reforms’ don’t fix the courts,” said Anna Kowalski, a spokeswoman for the Civic "
        "Platform party."
    )
    found = quoted(quotes_of(text))
    assert [q.text for q in found] == ["The so-called ‘reforms’ don’t fix the courts,"]
    q = found[0]
    assert (q.kind, q.speaker, q.cue) == ("direct", "Anna Kowalski", "said")
    assert q.speaker_role == "spokeswoman for the Civic Platform party"


def test_apostrophes_are_not_quote_marks():
    text = "The city’s mayor didn’t comment. Residents’ groups say it’s the council’s fault."
    assert quoted(quotes_of(text)) == []


def test_multi_paragraph_quote_continues():
    text = (
        "Officials unveiled the second stage of the housing programme on Thursday.\n\n"
        "“The first phase is complete. We moved 2,000 families into new homes.\n\n"
        "“The second phase starts in June,” said Housing Secretary Priya Natarajan.\n\n"
        "Critics said the programme was too slow."
    )
    article = parse_text(text)
    found = quoted(extract_quotes(article))
    assert len(found) == 1
    q = found[0]
    assert q.text.startswith("The first phase is complete.")
    assert q.text.endswith("The second phase starts in June,")
    assert "\n\n“The second phase" in q.text
    assert (q.kind, q.speaker, q.speaker_role) == ("direct", "Priya Natarajan", "Housing Secretary")
    assert q.paragraph == 1
    assert_spans_slice(article, extract_quotes(article))


def test_straight_quotes():
    text = (
        'The company said in a statement that profits rose 4% in the quarter. "We are pleased with the '
        'quarter," Chief Financial Officer Mark Ellis told analysts. "Demand stayed strong."'
    )
    quotes = quotes_of(text)
    found = quoted(quotes)
    assert [q.text for q in found] == ["We are pleased with the quarter,", "Demand stayed strong."]
    assert [(q.kind, q.speaker, q.cue) for q in found] == [
        ("direct", "Mark Ellis", "told"),
        ("direct", "Mark Ellis", "told"),  # a quote standing alone continues the last speaker
    ]
    assert found[0].speaker_role == "Chief Financial Officer"
    assert [q.text for q in paraphrases(quotes)] == ["profits rose 4% in the quarter"]


def test_straight_mark_glued_to_a_number_is_not_a_quote():
    text = 'The new phone has a 6.1" screen and costs $799, the company said.'
    assert quoted(quotes_of(text)) == []


# --- kinds ---------------------------------------------------------------------------------------------


def test_fragment_inside_writers_sentence_is_partial():
    text = "The senator called the bill “a disaster for farmers” and promised to vote against it."
    (q,) = quoted(quotes_of(text))
    assert (q.text, q.kind) == ("a disaster for farmers", "partial")


def test_capitalised_fragment_after_writers_words_is_partial():
    text = "Critics have called the project “The Wall of Shame” since it was announced."
    (q,) = quoted(quotes_of(text))
    assert q.kind == "partial"


def test_quote_introduced_by_colon_is_direct():
    text = "Senator Ruth Adams said: “The bill is a disaster for farmers.”"
    (q,) = quoted(quotes_of(text))
    assert (q.kind, q.speaker, q.cue) == ("direct", "Ruth Adams", "said")
    assert q.speaker_role == "Senator"


def test_interrupted_quote_keeps_its_kind():
    text = "“I think,” Adams said, “that we can still fix it before the vote.”"
    found = quoted(quotes_of(text))
    assert [(q.text, q.kind, q.speaker) for q in found] == [
        ("I think,", "direct", "Adams"),
        ("that we can still fix it before the vote.", "direct", "Adams"),
    ]


# --- speakers ------------------------------------------------------------------------------------------


def test_pronoun_he_resolves_to_last_named_speaker():
    text = (
        "Finance Minister Maria Lopez presented the budget on Tuesday.\n\n"
        "“This budget protects families,” Lopez said.\n\n"
        "Opposition leader Tom Becker criticised the plan.\n\n"
        "“It will hurt small businesses,” he said."
    )
    article = parse_text(text)
    found = quoted(extract_quotes(article))
    assert [(q.speaker, q.speaker_role) for q in found] == [
        ("Maria Lopez", "Finance Minister"),
        ("Tom Becker", "Opposition leader"),
    ]
    assert text[found[1].speaker_start : found[1].speaker_end] == "he"


def test_pronoun_she_skips_institutions():
    text = (
        "Health Minister Karen Holt visited the hospital on Monday. The ministry said the wards would "
        "reopen in April.\n\n"
        "“Staff have worked tirelessly,” she said."
    )
    found = quoted(quotes_of(text))
    assert found[0].speaker == "Karen Holt"


def test_surname_resolves_to_fullest_name_and_role():
    text = (
        "Chancellor Olaf Scholz met union leaders in Berlin.\n\n"
        "“We will not let the plants close,” Scholz said after the meeting."
    )
    (q,) = quoted(quotes_of(text))
    assert (q.speaker, q.speaker_role) == ("Olaf Scholz", "Chancellor")


def test_institution_definite_description_resolves():
    text = (
        "Brazil’s Environment Ministry said deforestation in the Amazon had fallen by a third last year.\n\n"
        "“These results show that enforcement works,” the ministry said in a statement.\n\n"
        "A statement from the ministry said: “Illegal logging remains a threat.”"
    )
    article = parse_text(text)
    quotes = extract_quotes(article)
    found = quoted(quotes)
    assert [q.speaker for q in found] == ["Brazil’s Environment Ministry"] * 2
    assert [text[q.speaker_start : q.speaker_end] for q in found] == ["the ministry", "the ministry"]
    (para,) = paraphrases(quotes)
    assert para.text == "deforestation in the Amazon had fallen by a third last year"
    assert para.speaker == "Brazil’s Environment Ministry"


def test_speaker_after_cue_with_appositive():
    text = "“Prices will keep rising,” said Lena Ortiz, the chief economist at Banco Central."
    (q,) = quoted(quotes_of(text))
    assert (q.speaker, q.speaker_role, q.cue) == ("Lena Ortiz", "chief economist at Banco Central", "said")


def test_appositive_between_name_and_cue():
    text = "Joe Carter, the mayor of Springfield, said: “The water is safe to drink.”"
    (q,) = quoted(quotes_of(text))
    assert (q.speaker, q.speaker_role) == ("Joe Carter", "mayor of Springfield")


def test_role_only_speaker_drops_leading_article():
    text = "The French ambassador to the United Nations described the vote as “a turning point”."
    (q,) = quoted(quotes_of(text))
    assert q.speaker == "French ambassador to the United Nations"
    assert q.cue == "described"
    assert q.speaker_role == "ambassador to the United Nations"


def test_unattributed_scare_quote_has_no_speaker():
    text = "The so-called “peace plan” was never published."
    (q,) = quoted(quotes_of(text))
    assert (q.kind, q.speaker, q.cue, q.speaker_start) == ("partial", None, None, None)


def test_generic_noun_phrase_before_cue_is_a_speaker():
    text = "Officials say more than 60% of reefs are damaged. “It's heartbreaking,” one diver said."
    (q,) = quoted(quotes_of(text))
    assert (q.speaker, q.cue) == ("one diver", "said")


def test_who_clause_makes_a_single_name_an_antecedent():
    text = (
        "Defense Secretary Lloyd Austin said allies would stay united.\n\n"
        "Zelenskyy, who addressed senators by video, thanked them. "
        "He said Russia was preparing a new offensive."
    )
    found = paraphrases(quotes_of(text))
    assert [(q.text, q.speaker) for q in found] == [
        ("allies would stay united", "Lloyd Austin"),
        ("Russia was preparing a new offensive", "Zelenskyy"),
    ]


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        ("“We must leave,” former Prime Minister John Major said.", "John Major", "former Prime Minister"),
        ("“It is time,” said singer Carole King.", "Carole King", "singer"),
        ("“No,” Labour’s Rachel Reeves said.", "Rachel Reeves", None),
        (
            "President Joe Biden on Tuesday met Congress leaders. “History is watching,” Biden said.",
            "Joe Biden",
            "President",
        ),
        (
            "The data added to pressure on finance minister Jeremy Hunt. “The plan works,” Hunt said.",
            "Jeremy Hunt",
            "finance minister",
        ),
        ("“Wet weather hit retail,” ONS director Darren Morgan said.", "Darren Morgan", "ONS director"),
    ],
)
def test_titles_possessors_and_days_are_not_part_of_a_name(text, speaker, role):
    (q,) = quoted(quotes_of(text))
    assert (q.speaker, q.speaker_role) == (speaker, role)


# --- paraphrases ---------------------------------------------------------------------------------------


def test_said_with_finite_clause_is_a_paraphrase():
    text = "Prime Minister Anthony Albanese said Australia would double its clean energy target by 2030."
    (q,) = paraphrases(quotes_of(text))
    assert q.text == "Australia would double its clean energy target by 2030"
    assert (q.speaker, q.cue) == ("Anthony Albanese", "said")


def test_according_to_is_a_paraphrase():
    text = (
        "According to the World Health Organization, measles cases rose sharply in 2023.\n\n"
        "The storm killed at least 12 people, according to local officials."
    )
    found = paraphrases(quotes_of(text))
    assert [(q.text, q.speaker, q.cue) for q in found] == [
        ("measles cases rose sharply in 2023", "World Health Organization", "According to"),
        ("The storm killed at least 12 people", "local officials", "according to"),
    ]


def test_clause_before_closing_attribution_is_a_paraphrase():
    text = (
        "Coral reefs around the world are undergoing a mass bleaching event, the fourth on record, the "
        "U.S. National Oceanic and Atmospheric Administration said on Monday."
    )
    (q,) = paraphrases(quotes_of(text))
    assert (
        q.text == "Coral reefs around the world are undergoing a mass bleaching event, the fourth on record"
    )
    assert q.speaker == "U.S. National Oceanic and Atmospheric Administration"


def test_told_skips_its_listener():
    text = "Mayor Ana Ruiz told reporters the flood barriers had held overnight."
    (q,) = paraphrases(quotes_of(text))
    assert (q.text, q.speaker, q.cue) == ("the flood barriers had held overnight", "Ana Ruiz", "told")


def test_irregular_past_verb_makes_a_finite_clause():
    text = "The Office for National Statistics said gross domestic product fell 0.3% in October."
    (q,) = paraphrases(quotes_of(text))
    assert (q.text, q.speaker) == (
        "gross domestic product fell 0.3% in October",
        "Office for National Statistics",
    )


def test_statement_names_its_source():
    text = "According to a Pentagon statement, the latest package includes air defense interceptors."
    (q,) = paraphrases(quotes_of(text))
    assert (q.text, q.speaker) == ("the latest package includes air defense interceptors", "Pentagon")


def test_infinitive_and_passive_cues_are_not_paraphrases():
    text = (
        "The union urged members to accept the offer. Residents were told to leave their homes. "
        "It is said that the mine will close. Asked about the delay, the minister declined to comment. "
        "The president responded in the same spirit during a visit to Lagos."
    )
    assert paraphrases(quotes_of(text)) == []


def test_mostly_quoted_clause_is_only_a_partial_quote():
    text = "The agency said that the decision shows “a complete disregard for the safety of workers.”"
    quotes = quotes_of(text)
    assert paraphrases(quotes) == []
    (q,) = quoted(quotes)
    assert (q.kind, q.speaker) == ("partial", "agency")


def test_short_fragment_in_reported_clause_is_both():
    text = "The governor said the new dam would “transform” farming in the valley within a decade."
    quotes = quotes_of(text)
    assert [q.text for q in quoted(quotes)] == ["transform"]
    assert [q.text for q in paraphrases(quotes)] == [
        "the new dam would “transform” farming in the valley within a decade"
    ]


def test_quote_inside_quote_marks_is_not_a_paraphrase():
    text = "“He said the war would end soon, but it did not,” the veteran recalled, Smith said."
    assert paraphrases(quotes_of(text)) == []


# --- robustness ----------------------------------------------------------------------------------------


def article_of(text: str) -> Article:
    try:
        return parse_text(text)
    except ArticleError:
        return Article(text=text, paragraphs=())


# Quote marks, apostrophes, line breaks and the words the rules look for, glued in any order.
FRAGMENTS = [
    *"“ ” \" ‘ ’ ' , . : — ( )".split(),
    *"said says told saying that he He She they The ambassador illegal is would appear".split(),
    "\n", "\n\n", " ", "according to", "According to", "the ministry", "A statement from", "(OSCE)",
    "Stoltenberg", "Jens Stoltenberg", "NATO Secretary General", "Ukraine’s", "don't", "it's", "x" * 50,
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_never_raises_and_spans_slice(text):
    article = article_of(text)
    assert_spans_slice(article, extract_quotes(article))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=80).map(" ".join))
def test_quote_like_text_never_raises_and_spans_slice(text):
    article = article_of(text)
    assert_spans_slice(article, extract_quotes(article))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=80).map("".join))
def test_glued_fragments_never_raise_and_spans_slice(text):
    article = article_of(text)
    assert_spans_slice(article, extract_quotes(article))


def test_empty_article_has_no_quotes():
    assert extract_quotes(Article(text="", paragraphs=())) == ()


def test_british_single_quotes_are_quotes_and_apostrophes_are_not():
    text = (
        "The minister spoke on Monday.\n\n"
        "‘We will not give up on the people of Kyiv,’ Mr Sunak told reporters. ‘It’s the right thing.’\n\n"
        "The students’ union disagreed, and Labour’s spokesperson called it ‘a shambles’."
    )
    article = parse_text(text)
    quotes = [q for q in extract_quotes(article) if q.kind != "paraphrase"]
    assert [q.text for q in quotes] == [
        "We will not give up on the people of Kyiv,",
        "It’s the right thing.",
        "a shambles",
    ]
    assert quotes[0].speaker.endswith("Sunak") and quotes[2].kind == "partial"
    for q in quotes:
        assert text[q.start : q.end] == q.text


def test_single_quotes_inside_double_quoted_article_stay_nested():
    text = "“The holding of ‘elections’ is illegal,” the ministry said. ‘Not here’ either."
    quotes = extract_quotes(parse_text(text))
    assert [q.text for q in quotes if q.kind != "paraphrase"] == ["The holding of ‘elections’ is illegal,"]


def test_she_and_he_follow_the_titles_of_address():
    text = (
        "“We will act,” Mr Sunak told reporters. Ms Truss disagreed. "
        "“It is wrong,” she said. “We will see,” he said."
    )
    speakers = [q.speaker for q in extract_quotes(parse_text(text)) if q.kind == "direct"]
    assert speakers == ["Sunak", "Truss", "Sunak"]

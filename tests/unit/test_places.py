"""Place recognition and resolution, against what a person reads in the text."""

from __future__ import annotations

import pytest

from dashboard.article import parse_text
from dashboard.places import find_borders, find_collective_references, find_mentions

FOUNDING_REGIONS = {"UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65"}


def _resolved(text, gazetteer):
    return [
        (m.surface, m.place.kind, m.place.iso or m.place.country)
        for m in find_mentions(parse_text(text), gazetteer)
    ]


def test_founding_article_places(sample_analysis):
    named = [m for m in sample_analysis.mentions if not m.weak]
    regions = {m.place.iso for m in named if m.place.kind == "region"}
    countries = {m.place.iso for m in named if m.place.kind == "country"}
    assert regions == FOUNDING_REGIONS
    assert countries == {"RU", "UA", "FI", "GB"}
    assert not [m for m in named if m.place.kind == "city"]  # not the cities Donetsk, Luhansk, Kherson
    assert [b.border.key for b in sample_analysis.borders] and {
        b.border.key for b in sample_analysis.borders
    } == {"border:FI-RU"}


def test_founding_article_has_no_europe_and_kremlin_is_a_metonym(sample_analysis):
    surfaces = {m.surface for m in sample_analysis.mentions}
    assert "Europe" not in surfaces
    kremlin = [m for m in sample_analysis.mentions if m.surface == "Kremlin"]
    assert kremlin and kremlin[0].metonym and kremlin[0].weak and kremlin[0].place.iso == "RU"


def test_byline_names_are_not_places(sample_analysis, sample_text):
    byline_start = sample_text.index("With reporting from")
    assert not [m for m in sample_analysis.mentions if m.start >= byline_start]


def test_every_span_slices_to_its_surface(sample_analysis, sample_text):
    for m in sample_analysis.mentions:
        assert sample_text[m.start : m.end] == m.surface
    for b in sample_analysis.borders:
        assert sample_text[b.start : b.end] == b.surface


def test_region_list_beats_cities_of_the_same_name(gazetteer):
    text = "Fighting continued in the Donetsk, Luhansk and Kherson regions on Monday."
    assert _resolved(text, gazetteer) == [
        ("Donetsk", "region", "UA-14"),
        ("Luhansk", "region", "UA-09"),
        ("Kherson", "region", "UA-65"),
    ]


def test_city_without_region_cue_is_the_city(gazetteer):
    text = "Shelling hit the centre of Donetsk, the city's mayor said."
    ((surface, kind, country),) = _resolved(text, gazetteer)
    assert (surface, kind, country) == ("Donetsk", "city", "UA")


@pytest.mark.parametrize(
    "variant,code",
    [
        ("Zaporizhia", "UA-23"),
        ("Zaporizhzhia", "UA-23"),
        ("Zaporozhye", "UA-23"),
        ("Lugansk", "UA-09"),
        ("Luhansk", "UA-09"),
    ],
)
def test_transliteration_variants_resolve_to_one_region(gazetteer, variant, code):
    resolved = _resolved(f"Officials in the {variant} region said.", gazetteer)
    assert resolved == [(variant, "region", code)]


@pytest.mark.parametrize("variant", ["Kyiv", "Kiev"])
def test_kyiv_spellings_resolve_to_the_capital(gazetteer, variant):
    resolved = _resolved(f"Talks were held in {variant} on Friday.", gazetteer)
    assert resolved[0][0] == variant and resolved[0][2] in ("UA", "UA-30")


@pytest.mark.parametrize("variant", ["Sevastopol", "Sebastopol"])
def test_sevastopol_spellings(gazetteer, variant):
    resolved = _resolved(f"Ships left the port city of {variant} at dawn.", gazetteer)
    assert resolved[0][0] == variant and resolved[0][2] in ("UA", "UA-40")


def test_diacritics_and_case_are_ignored_but_spans_kept(gazetteer):
    text = "The delegation flew from Zürich to CHIȘINĂU."
    resolved = _resolved(text, gazetteer)
    assert [r[0] for r in resolved] == ["Zürich", "CHIȘINĂU"]


def test_georgia_the_us_state_after_a_us_city(gazetteer):
    assert ("Georgia", "region", "US-GA") in _resolved("He grew up in Atlanta, Georgia.", gazetteer)


def test_georgia_the_country_by_default(gazetteer):
    assert _resolved("Georgia held elections on Saturday.", gazetteer)[0] == ("Georgia", "country", "GE")


def test_person_and_organisation_names_are_not_places(gazetteer):
    text = (
        "George Washington studied the Bank of England report. The University of Texas "
        "and the Organization for Security and Co-operation in Europe replied."
    )
    assert _resolved(text, gazetteer) == []


def test_us_pronoun_is_not_the_united_states(gazetteer):
    assert _resolved("Give us the facts, the US envoy said.", gazetteer) == [("US", "country", "US")]


def test_demonym_is_weak_evidence(gazetteer):
    (mention,) = find_mentions(parse_text("Russian armed forces advanced."), gazetteer)
    assert mention.weak and mention.place.iso == "RU" and not mention.metonym


def test_collective_reference_links_the_listed_occupied_regions(sample_analysis, sample_text):
    refs = {r.surface: r for r in sample_analysis.collectives}
    ref = refs["Ukrainian-occupied territories"]
    keys = set(ref.place_keys)
    by_key = {m.place.key: m.place.iso for m in sample_analysis.mentions}
    assert {by_key[k] for k in keys} == FOUNDING_REGIONS
    assert "those areas" in refs


def test_border_with_finland_resolves_to_finland_russia(sample_analysis, sample_text):
    surfaces = {b.surface for b in sample_analysis.borders}
    assert "border with Finland" in surfaces
    assert "its borders" in surfaces
    assert "border with finland" in surfaces  # the lower-case section heading


@pytest.mark.parametrize(
    "text",
    [
        "Poland's border with Belarus was closed.",
        "Troops gathered on the Poland-Belarus border.",
        "Trade across the border between Poland and Belarus fell.",
    ],
)
def test_border_phrasings(gazetteer, boundaries, text):
    article = parse_text(text)
    mentions = find_mentions(article, gazetteer)
    (border,) = find_borders(article, mentions, boundaries, gazetteer)
    assert border.border.key == "border:BY-PL"
    assert 300 < border.border.length_km < 600  # Belarus–Poland is ~400 km


def test_border_of_countries_that_do_not_touch_is_not_drawn(gazetteer, boundaries):
    article = parse_text("Finland's border with Ukraine is a fiction.")
    assert find_borders(article, find_mentions(article, gazetteer), boundaries, gazetteer) == ()


def test_collective_reference_needs_listed_regions(gazetteer):
    article = parse_text("Russia holds the occupied territories.")
    assert find_collective_references(article, find_mentions(article, gazetteer)) == ()


def test_the_city_is_not_the_city_of_london(gazetteer):
    assert _resolved("“The city is calm this morning,” the mayor of Kyiv said.", gazetteer) == [
        ("Kyiv", "city", "UA")
    ]


def test_everyday_word_opening_a_sentence_is_not_a_town(gazetteer):
    assert _resolved("More than a dozen advertisers left. Since then, sales fell.", gazetteer) == []


def test_bare_common_first_name_is_not_a_town_but_in_it_is(gazetteer):
    assert _resolved("Nelson said he would resign.", gazetteer) == []
    assert [r[1] for r in _resolved("The storm hit homes in Bryant overnight.", gazetteer)] == ["city"]


def test_surname_seen_with_first_name_is_a_person_throughout(gazetteer):
    text = "Paul Allen founded the company. Allen said the plan worked."
    assert _resolved(text, gazetteer) == []


def test_dateline_place_is_kept(gazetteer):
    assert _resolved("WASHINGTON (AP) — Lawmakers met on Friday.", gazetteer)[0][:2] == ("WASHINGTON", "city")


def test_everyday_word_after_another_word_is_not_a_town(gazetteer):
    assert _resolved("The lorry crashed near the bridge. Read More about the crash.", gazetteer) == []
    assert [r[0] for r in _resolved("Flooding closed roads in Reading overnight.", gazetteer)] == ["Reading"]


def test_country_that_is_also_a_surname(gazetteer):
    text = "The title went to his teammates, Colin Turkington and then Andrew Jordan, in the last race."
    assert _resolved(text, gazetteer) == []
    assert _resolved("King Abdullah of Jordan met the envoy.", gazetteer) == [("Jordan", "country", "JO")]


def test_uk_constituent_countries_are_places(gazetteer):
    assert _resolved("Officers in England and Wales are fewer.", gazetteer) == [
        ("England", "region", "GB-ENG"),
        ("Wales", "region", "GB-WLS"),
    ]


def test_unambiguous_places_set_the_country_context(gazetteer):
    text = (
        "The series visits Donington Park in Leicestershire, then Thruxton in Hampshire "
        "and Brands Hatch, Kent."
    )
    kent = [r for r in _resolved(text, gazetteer) if r[0] == "Kent"]
    assert kent and kent[0][1] == "region" and kent[0][2].startswith("GB-")


def test_ap_state_abbreviation_in_a_dateline(gazetteer):
    assert _resolved("ALBANY, N.Y. — Lawmakers met on Friday.", gazetteer) == [
        ("ALBANY", "city", "US"),
        ("N.Y.", "region", "US-NY"),
    ]
    assert [r[2] for r in _resolved("He grew up in Lafayette, Ind., and moved.", gazetteer)] == [
        "US",
        "US-IN",
    ]


def test_state_abbreviation_alone_is_not_a_place(gazetteer):
    assert _resolved("Ms. Smith told Ga. officials nothing; La. was quiet.", gazetteer) == []

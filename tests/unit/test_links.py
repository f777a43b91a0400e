"""Quote -> place links for the founding article, as a person reads them (from the issue)."""

from __future__ import annotations

from dashboard.links import COLLECTIVE, HEADING, IN_ATTRIBUTION, IN_QUOTE

FOUNDING_REGIONS = {"UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65"}


def _quote(analysis, starts_with):
    hits = [i for i, q in enumerate(analysis.quotes) if q.text.startswith(starts_with)]
    assert len(hits) == 1, f"expected one quote starting {starts_with!r}, got {len(hits)}"
    return hits[0]


def _links(analysis, index):
    iso = {m.place.key: m.place.iso for m in analysis.mentions}
    return {iso.get(link.place_key, link.place_key): link for link in analysis.links if link.quote == index}


def test_ministry_statement_links_all_six_regions_named_in_it(sample_analysis):
    links = _links(sample_analysis, _quote(sample_analysis, "The holding of ‘elections’"))
    for code in FOUNDING_REGIONS:
        assert links[code].evidence == IN_QUOTE


def test_stoltenberg_links_regions_through_collective_reference(sample_analysis):
    links = _links(sample_analysis, _quote(sample_analysis, "completely illegal"))
    for code in FOUNDING_REGIONS:
        assert links[code].evidence == COLLECTIVE
        assert "Ukrainian-occupied territories" in links[code].detail


def test_finland_quotes_link_to_the_border(sample_analysis):
    border = "border:FI-RU"
    armed = _links(sample_analysis, _quote(sample_analysis, "Almost all Russian armed forces"))
    assert armed[border].evidence == HEADING
    appear = _links(sample_analysis, _quote(sample_analysis, "appear"))
    assert appear[border].evidence in (IN_ATTRIBUTION, IN_QUOTE)
    safer = [
        i
        for i, q in enumerate(sample_analysis.quotes)
        if q.kind == "paraphrase" and "Finland is safer" in q.text
    ]
    assert len(safer) == 1
    assert _links(sample_analysis, safer[0])[border].evidence == IN_ATTRIBUTION
    entry = [
        i
        for i, q in enumerate(sample_analysis.quotes)
        if q.kind == "paraphrase" and "entry into NATO" in q.text
    ]
    assert len(entry) == 1
    assert border in _links(sample_analysis, entry[0])


def test_link_evidence_points_at_real_words(sample_analysis, sample_text):
    for link in sample_analysis.links:
        words = sample_text[link.start : link.end]
        assert words and words in link.detail


def test_first_quote_links_to_ukraine_and_russia_in_its_sentence(sample_analysis):
    links = _links(sample_analysis, _quote(sample_analysis, "its blatant disregard"))
    assert links["UA"].evidence == IN_ATTRIBUTION
    assert links["RU"].evidence == IN_ATTRIBUTION

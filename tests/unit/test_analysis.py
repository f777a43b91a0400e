"""The whole text pipeline on any input: it never raises, and every span is exact."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.analysis import extract_record

WORDS = [
    "Kyiv", "Kiev", "Donetsk", "region", "regions", "oblast", "Russia", "Russia’s", "Ukraine", "Finland",
    "border", "with", "the", "its", "borders", "said", "he", "He", "said,", "“", "”", '"', "‘", "’", "'",
    "occupied", "territories", "—", "-", "and", ",", ".", "\n", "\n\n", "U.S.", "US", "us", "Georgia",
    "Atlanta,", "New", "York", "Times", "Paul", "Allen", "Kremlin", "Ukrainian-occupied", "<script>", "`",
]  # fmt: skip

article_like = st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join)


def _check(record: dict, text: str) -> None:
    for place in record["places"]:
        assert 0 <= place["start"] <= place["end"] <= len(text)
        assert text[place["start"] : place["end"]] == place["surface"]
    for quote in record["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]
    for link in record["links"]:
        start, end = link["span"]
        assert 0 <= start <= end <= len(text)
        assert 0 <= link["quote"] < len(record["quotes"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_never_raises_and_spans_slice(text):
    record = extract_record("x", text)
    if "error" not in record:
        _check(record, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_like)
def test_article_like_text_never_raises_and_spans_slice(text):
    record = extract_record("x", text)
    if "error" not in record:
        _check(record, text)


def test_article_without_places_is_a_record_with_no_places():
    record = extract_record("x", "The committee met on Tuesday and agreed on nothing.")
    assert record["places"] == [] and "error" not in record


def test_unreadable_text_is_an_error_record_not_an_exception():
    assert "empty" in extract_record("x", "   ")["error"]

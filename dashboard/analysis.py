"""The text pipeline in one call: article -> places, borders, quotes, links (pure, no drawing)."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.article import Article, ArticleError, parse_text
from dashboard.boundaries import Boundaries, load_boundaries
from dashboard.gazetteer import Gazetteer, load_gazetteer
from dashboard.links import Link, link_quotes
from dashboard.places import (
    BorderMention,
    CollectiveReference,
    PlaceMention,
    find_borders,
    find_collective_references,
    find_mentions,
    occupied_places,
    subject_country,
)
from dashboard.quotes import Quote, extract_quotes


@dataclass(frozen=True)
class Analysis:
    """Everything the article says about places, ready for the map and the exports."""

    article: Article
    mentions: tuple[PlaceMention, ...]
    borders: tuple[BorderMention, ...]
    collectives: tuple[CollectiveReference, ...]
    quotes: tuple[Quote, ...]
    links: tuple[Link, ...]
    occupied: frozenset[str]  # region keys the article calls occupied or annexed
    subject: str | None  # ISO alpha-2 of the country the article is most about

    @property
    def place_mentions(self) -> tuple[PlaceMention, ...]:
        """Mentions that name a place (not demonyms or metonyms)."""
        return tuple(m for m in self.mentions if not m.weak)


def analyze(
    article: Article, gazetteer: Gazetteer | None = None, boundaries: Boundaries | None = None
) -> Analysis:
    """Run every text stage on an article."""
    gazetteer = gazetteer or load_gazetteer()
    boundaries = boundaries or load_boundaries()
    mentions = find_mentions(article, gazetteer)
    borders = find_borders(article, mentions, boundaries, gazetteer)
    collectives = find_collective_references(article, mentions)
    quotes = extract_quotes(article)
    links = link_quotes(article, quotes, mentions, borders, collectives)
    return Analysis(
        article=article,
        mentions=mentions,
        borders=borders,
        collectives=collectives,
        quotes=quotes,
        links=links,
        occupied=occupied_places(article, mentions),
        subject=subject_country(mentions),
    )


def to_record(analysis: Analysis, record_id: str) -> dict:
    """The batch JSON object for one article (schema in the README)."""
    places = [
        {
            "start": m.start,
            "end": m.end,
            "surface": m.surface,
            "kind": m.place.kind,
            "name": m.place.name,
            "iso": m.place.iso,
            "geonameid": m.place.geonameid,
            "lat": m.place.lat,
            "lon": m.place.lon,
            "weak": m.weak,
            "metonym": m.metonym,
            "key": m.place.key,
            "evidence": m.evidence,
        }
        for m in analysis.mentions
    ]
    places += [
        {
            "start": b.start,
            "end": b.end,
            "surface": b.surface,
            "kind": "border",
            "name": b.border.name,
            "iso": None,
            "geonameid": None,
            "lat": b.border.lat,
            "lon": b.border.lon,
            "weak": False,
            "metonym": False,
            "key": b.border.key,
            "evidence": b.evidence,
            "countries": [b.border.a, b.border.b],
            "length_km": b.border.length_km,
        }
        for b in analysis.borders
    ]
    places.sort(key=lambda p: (p["start"], p["end"]))
    quotes = [
        {
            "index": i,
            "start": q.start,
            "end": q.end,
            "text": q.text,
            "kind": q.kind,
            "speaker": q.speaker,
            "speaker_role": q.speaker_role,
            "speaker_span": [q.speaker_start, q.speaker_end] if q.speaker_start is not None else None,
            "cue": q.cue,
            "cue_span": [q.cue_start, q.cue_end] if q.cue_start is not None else None,
            "paragraph": q.paragraph,
        }
        for i, q in enumerate(analysis.quotes)
    ]
    links = [
        {
            "quote": link.quote,
            "place": link.place_key,
            "evidence": link.evidence,
            "detail": link.detail,
            "span": [link.start, link.end],
            "weak": link.weak,
        }
        for link in analysis.links
    ]
    article = analysis.article
    return {
        "id": record_id,
        "outlet": article.outlet,
        "date": article.date,
        "places": places,
        "quotes": quotes,
        "links": links,
    }


def extract_record(record_id: str, text: str) -> dict:
    """Analyse one text and return its batch record; unreadable text gives an "error" field."""
    try:
        article = parse_text(text, source=record_id)
    except ArticleError as exc:
        return {"id": record_id, "error": str(exc), "places": [], "quotes": [], "links": []}
    return to_record(analyze(article), record_id)

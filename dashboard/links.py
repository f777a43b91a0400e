"""Stage 4: link each quote to the places it is about, with evidence a reader can check."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.article import Article
from dashboard.places import BorderMention, CollectiveReference, PlaceMention
from dashboard.quotes import Quote

# Evidence kinds, strongest first. The first that applies is the one a link keeps.
IN_QUOTE = "named in the quote"
IN_ATTRIBUTION = "named in the attribution sentence"
COLLECTIVE = "through a collective reference"
SAME_PARAGRAPH = "named in the same paragraph"
HEADING = "named in the section heading"
EVIDENCE_ORDER = (IN_QUOTE, IN_ATTRIBUTION, COLLECTIVE, SAME_PARAGRAPH, HEADING)


@dataclass(frozen=True)
class Link:
    """A quote is about a place: the evidence kind, and the words that show it."""

    quote: int  # index into Analysis.quotes
    place_key: str
    evidence: str  # one of EVIDENCE_ORDER
    detail: str  # what a reader can check, e.g. 'the quote says “Crimea”'
    start: int  # span of the words that carry the evidence
    end: int
    weak: bool = False  # only a demonym or adjective carries it


def link_quotes(
    article: Article,
    quotes: tuple[Quote, ...],
    mentions: tuple[PlaceMention, ...],
    borders: tuple[BorderMention, ...],
    collectives: tuple[CollectiveReference, ...],
) -> tuple[Link, ...]:
    """Every (quote, place) pair with its strongest evidence."""
    spans = [(m.start, m.end, m.place.key, m.surface, m.weak) for m in mentions if not m.metonym]
    spans += [(b.start, b.end, b.border.key, b.surface, False) for b in borders]
    links: list[Link] = []
    for qi, quote in enumerate(quotes):
        best: dict[str, Link] = {}

        def offer(link: Link, best: dict[str, Link] = best) -> None:
            old = best.get(link.place_key)
            rank = EVIDENCE_ORDER.index
            if (
                old is None
                or (old.weak and not link.weak and rank(link.evidence) <= rank(old.evidence) + 2)
                or (old.weak == link.weak and rank(link.evidence) < rank(old.evidence))
            ):
                best[link.place_key] = link

        words = "the reported speech" if quote.kind == "paraphrase" else "the quote"
        paragraph = article.paragraphs[quote.paragraph] if quote.paragraph < len(article.paragraphs) else None
        para_start, para_end = _quote_paragraphs(article, quote) if paragraph else (0, 0)
        heading = article.section_heading(paragraph) if paragraph else None
        for start, end, key, surface, weak in spans:
            if quote.start <= start and end <= quote.end:
                offer(Link(qi, key, IN_QUOTE, f"{words} says “{surface}”", start, end, weak))
            elif quote.sentence_start <= start and end <= quote.sentence_end:
                offer(Link(qi, key, IN_ATTRIBUTION, f"its sentence says “{surface}”", start, end, weak))
            elif paragraph and para_start <= start and end <= para_end:
                offer(
                    Link(
                        qi,
                        key,
                        SAME_PARAGRAPH,
                        f"paragraph {paragraph.index + 1} says “{surface}”",
                        start,
                        end,
                        weak,
                    )
                )
            elif heading and heading.start <= start and end <= heading.end:
                offer(
                    Link(
                        qi,
                        key,
                        HEADING,
                        f"under the heading “{article.paragraph_text(heading)}”",
                        start,
                        end,
                        weak,
                    )
                )
        for ref in collectives:
            inside = quote.start <= ref.start and ref.end <= quote.end
            near = quote.sentence_start <= ref.start and ref.end <= quote.sentence_end
            if inside or near:
                where = words if inside else "its sentence"
                for key in ref.place_keys:
                    offer(
                        Link(
                            qi,
                            key,
                            COLLECTIVE,
                            f"{where} says “{ref.surface}”; {ref.evidence}",
                            ref.start,
                            ref.end,
                        )
                    )
        links.extend(sorted(best.values(), key=lambda link: link.start))
    return tuple(links)


def _quote_paragraphs(article: Article, quote: Quote) -> tuple[int, int]:
    """The span of the paragraphs a quote runs over (a quote may run over several)."""
    first = article.paragraphs[quote.paragraph]
    last = article.paragraph_at(max(quote.end - 1, quote.start)) or first
    return first.start, max(last.end, first.end)

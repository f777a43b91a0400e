"""Helpers for the Streamlit app: upload reading, filters, tables and the escaped article view.

Everything here is plain Python (no Streamlit calls), so it is unit-tested directly. Every piece
of article text that reaches HTML goes through ``markupsafe.escape`` here.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
from markupsafe import escape
from xstatic.pkg import leaflet as xstatic_leaflet

from dashboard import mapping
from dashboard.analysis import Analysis
from dashboard.article import MAX_BYTES, Article, ArticleError, parse_input
from dashboard.features import ISO, KEY, KIND, MENTIONS, NAME, QUOTES

log = logging.getLogger(__name__)

UPLOAD_TYPES = ("txt", "html", "htm", "md")
UPLOAD_LIMIT_MB = MAX_BYTES // (1024 * 1024)
UNATTRIBUTED = "Unattributed"
LEAFLET_FILES = ("leaflet.js", "leaflet.js.map", "leaflet.css")


def read_upload(name: str, data: bytes) -> Article:
    """An uploaded file as an Article. Raises ArticleError (user-facing) for a wrong type or bad bytes."""
    if Path(name).suffix.lower().lstrip(".") not in UPLOAD_TYPES:
        raise ArticleError(f"{name} is not a .txt, .html or .md file. Upload the article in one of those.")
    return parse_input(data, name=name)


def file_stem(source: str) -> str:
    """A download file name stem from a file name or URL: its last path part, letters and digits only."""
    last = source.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
    stem = Path(last).stem if "." in last else last
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem).strip("-_")
    return safe[:80] or "article"


def install_leaflet(target: Path) -> bool:
    """Copy xstatic-leaflet's files into ``target`` (a Streamlit static folder) unless already there.

    Returns False when the folder cannot be written (the caller then inlines Leaflet instead).
    """
    source = Path(xstatic_leaflet.BASE_DIR)
    files = [source / name for name in LEAFLET_FILES] + sorted((source / "images").glob("*.png"))
    try:
        for path in files:
            dest = target / path.relative_to(source)
            if dest.exists() and dest.stat().st_size == path.stat().st_size:
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(dest.name + ".tmp")
            shutil.copyfile(path, tmp)
            tmp.replace(dest)  # atomic: a concurrent session never sees half a file
    except OSError:
        log.warning("Cannot write Leaflet assets to %s; the map will inline them", target, exc_info=True)
        return False
    return True


def speaker_label(speaker: str | None) -> str:
    return speaker or UNATTRIBUTED


def speakers(analysis: Analysis) -> list[str]:
    """The speakers of the article's quotes, in order of first quote."""
    return list(dict.fromkeys(speaker_label(q.speaker) for q in analysis.quotes))


def filter_features(
    features: gpd.GeoDataFrame, speakers: list[str] | None = None, places: list[str] | None = None
) -> gpd.GeoDataFrame:
    """Apply the dashboard's filters to the drawn features.

    places: keep only these place keys. speakers: keep only quotes by these speakers, and only the
    places that still have a quote. An empty or None filter keeps everything.
    """
    frame = features
    if places:
        frame = frame[frame[KEY].isin(places)]
    if speakers:
        chosen = set(speakers)
        frame = frame.copy()
        frame[QUOTES] = [[q for q in quotes if q["speaker"] in chosen] for quotes in frame[QUOTES]]
        frame = frame[frame[QUOTES].map(len) > 0]
    frame = frame.reset_index(drop=True)
    frame.attrs = dict(features.attrs)
    return frame


def place_labels(features: gpd.GeoDataFrame) -> dict[str, str]:
    """Place key -> "Name (kind)", in drawing order: the options of the place widgets."""
    return {
        key: f"{name} ({kind})"
        for key, name, kind in zip(features[KEY], features[NAME], features[KIND], strict=True)
    }


def feature_record(features: gpd.GeoDataFrame, key: str) -> dict:
    """One drawn feature's attributes (no geometry) as a dict."""
    row = features[features[KEY] == key].iloc[0]
    return {column: row[column] for column in features.columns if column != "geometry"}


def downloads(stem: str) -> list[tuple[str, str, str, str]]:
    """(format, file name, MIME type, button label) of the three downloads."""
    return [
        ("html", f"{stem}-map.html", "text/html", "Download map (HTML)"),
        ("geojson", f"{stem}.geojson", "application/geo+json", "Download places (GeoJSON)"),
        ("csv", f"{stem}-quotes.csv", "text/csv", "Download quotes (CSV)"),
    ]


def places_table(features: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per drawn place: name, kind, ISO code, how often the article names it, linked quotes."""
    return pd.DataFrame(
        {
            "Place": features[NAME].tolist(),
            "Kind": features[KIND].tolist(),
            "Code": [iso if isinstance(iso, str) else "" for iso in features[ISO]],
            "Mentions": features[MENTIONS].astype(int).tolist(),
            "Quotes": features[QUOTES].map(len).astype(int).tolist(),
        }
    )


def quotes_table(
    analysis: Analysis,
    features: gpd.GeoDataFrame,
    speakers: list[str] | None = None,
    places: list[str] | None = None,
) -> pd.DataFrame:
    """One row per quote: speaker, text, kind and the drawn places it is linked to; filters as on the map."""
    names = dict(zip(features[KEY], features[NAME], strict=True))
    linked: dict[int, list[str]] = {}
    for link in analysis.links:
        if link.place_key in names:
            linked.setdefault(link.quote, []).append(link.place_key)
    rows = []
    for i, quote in enumerate(analysis.quotes):
        who = speaker_label(quote.speaker)
        keys = linked.get(i, [])
        if speakers and who not in speakers:
            continue
        if places and not set(keys) & set(places):
            continue
        rows.append(
            {
                "#": i + 1,
                "Speaker": who,
                "Quote": quote.text,
                "Kind": quote.kind,
                "Places": ", ".join(dict.fromkeys(names[k] for k in keys)),
                "Paragraph": quote.paragraph + 1,
            }
        )
    columns = ["#", "Speaker", "Quote", "Kind", "Places", "Paragraph"]
    return pd.DataFrame(rows, columns=columns)


def clicked_key(value: dict | None) -> str | None:
    """The place key of the feature last clicked on the map, from st_folium's returned value.

    streamlit-folium returns the clicked layer as GeoJSON in ``last_active_drawing``; our
    features carry their key in its properties.
    """
    drawing = (value or {}).get("last_active_drawing") or {}
    key = (drawing.get("properties") or {}).get("key")
    return key if isinstance(key, str) else None


def paragraph_text(article: Article, number: int) -> str:
    """The text of a paragraph by its 1-based number ('' when out of range)."""
    if 1 <= number <= len(article.paragraphs):
        return article.paragraph_text(article.paragraphs[number - 1])
    return ""


def quote_html(quote: dict) -> str:
    """A quote of the side panel: the popup's quote entry (escaped there), set larger."""
    return f'<div class="ngd-card">{mapping.quote_html(quote)}</div>'


ARTICLE_CSS = """<style>
.ngd-article p { margin: 0 0 0.8em; line-height: 1.55; }
.ngd-article .ngd-h { font-weight: 700; }
.ngd-article .ngd-q { background: #fff3b0; }
.ngd-article .ngd-place { background: #fdd0a2; border-bottom: 2px solid #a63603; padding: 0 1px; }
.ngd-article .ngd-weak { border-bottom: 2px dotted #3182bd; }
.ngd-article .ngd-border { border-bottom: 3px dashed #d7191c; }
.ngd-card { margin: 0 0 0.3em; }
.ngd-card .ngd-quote { font-size: 1.08em; font-style: italic; white-space: pre-wrap; }
.ngd-card .ngd-who { color: #333; margin-top: 2px; }
.ngd-card .ngd-why { color: #666; font-size: 0.85em; }
</style>"""

ARTICLE_LEGEND = (
    '<div class="ngd-article"><p><span class="ngd-q">quote</span> · '
    '<span class="ngd-place">place named</span> · <span class="ngd-weak">demonym or metonym</span> · '
    '<span class="ngd-border">border</span></p></div>'
)


def article_html(analysis: Analysis) -> str:
    """The article as HTML paragraphs, quotes and place mentions highlighted, every text piece escaped."""
    article = analysis.article
    text = article.text
    layers = {
        "q": _non_overlapping(
            [(q.start, q.end, "ngd-q", f"{speaker_label(q.speaker)} ({q.kind})") for q in analysis.quotes]
        ),
        "place": _non_overlapping(
            [
                (
                    m.start,
                    m.end,
                    "ngd-weak" if (m.weak or m.metonym) else "ngd-place",
                    f"{m.place.name}: {m.evidence}" if m.evidence else m.place.name,
                )
                for m in analysis.mentions
            ]
        ),
        "border": _non_overlapping([(b.start, b.end, "ngd-border", b.border.name) for b in analysis.borders]),
    }
    cuts = {0, len(text)}
    for spans in layers.values():
        for start, end, _, _ in spans:
            cuts.update((start, end))
    parts = [ARTICLE_CSS, '<div class="ngd-article">']
    for para in article.paragraphs:
        points = sorted({para.start, para.end} | {c for c in cuts if para.start < c < para.end})
        body = []
        for start, end in itertools.pairwise(points):
            piece = str(escape(text[start:end])).replace("\n", "<br>")
            # Innermost first: a place inside a border phrase inside a quote.
            for name in ("place", "border", "q"):
                span = _span_at(layers[name], start)
                if span and end <= span[1]:
                    piece = f'<span class="{span[2]}" title="{escape(span[3])}">{piece}</span>'
            body.append(piece)
        css = ' class="ngd-h"' if para.heading else ""
        parts.append(f"<p{css}>{''.join(body)}</p>")
    parts.append("</div>")
    return "".join(parts)


def _non_overlapping(spans: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Spans sorted by start, dropping any that overlaps one already kept (longer spans win ties)."""
    kept: list[tuple[int, int, str, str]] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if span[0] < span[1] and (not kept or span[0] >= kept[-1][1]):
            kept.append(span)
    return kept


def _span_at(spans: list[tuple[int, int, str, str]], offset: int):
    """The span covering ``offset`` in a sorted, non-overlapping list, or None."""
    i = bisect.bisect_right(spans, offset, key=lambda s: s[0]) - 1
    if i >= 0 and spans[i][0] <= offset < spans[i][1]:
        return spans[i]
    return None


def plain_markdown(text: str) -> str:
    """Text shown literally by st.markdown / st.caption: Markdown's special characters backslash-escaped."""
    specials = set("\\`*_{}[]()#+-.!|<>~$&")
    return "".join("\\" + ch if ch in specials else ch for ch in text)

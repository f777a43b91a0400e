"""Stage 7: take the map away: one standalone HTML file, GeoJSON of the features, CSV of the quotes."""

from __future__ import annotations

import base64
import csv
import functools
import io
import json
import re
from pathlib import Path

import folium
import geopandas as gpd
from xstatic.pkg import leaflet as xstatic_leaflet

from dashboard.analysis import Analysis
from dashboard.features import COLUMNS, KEY, NAME

LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)


@functools.cache
def inline_leaflet() -> str:
    """Leaflet 1.9.3's CSS and JS (from xstatic-leaflet) as inline tags, images as data: URIs."""
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")

    def data_uri(match: re.Match) -> str:
        path = LEAFLET_DIR / match.group(1)
        return f"url(data:image/png;base64,{base64.b64encode(path.read_bytes()).decode()})"

    css = re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, css)
    js = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    js = js.replace("</script", "<\\/script")
    return f"<style>{css}</style>\n<script>{js}</script>"


def export_html(fmap: folium.Map) -> str:
    """The map as one HTML document. With assets="inline" it loads nothing but map tiles."""
    return fmap.get_root().render()


def export_geojson(features: gpd.GeoDataFrame, analysis: Analysis) -> str:
    """A FeatureCollection of the drawn features, their quotes and links as properties."""
    collection = {
        "type": "FeatureCollection",
        "metadata": {
            "pov": features.attrs.get("pov"),
            "outlet": analysis.article.outlet,
            "date": analysis.article.date,
            "title": analysis.article.title,
            "boundaries": "Natural Earth 1:10m (public domain)",
        },
        "features": [],
    }
    for _, row in features.iterrows():
        properties = {column: _plain(row[column]) for column in COLUMNS}
        collection["features"].append(
            {"type": "Feature", "properties": properties, "geometry": row.geometry.__geo_interface__}
        )
    return json.dumps(collection, ensure_ascii=False, indent=1)


def _plain(value):
    """numpy and pandas scalars to JSON-able Python values."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "item"):
        return value.item()
    if value != value:  # NaN
        return None
    return value


CSV_FIELDS = [
    "quote", "speaker", "speaker_role", "kind", "cue", "text", "paragraph", "places", "evidence", "view",
]  # fmt: skip


def export_csv(analysis: Analysis, features: gpd.GeoDataFrame | None = None) -> str:
    """One row per quote: who said what, of which kind, and the places it is linked to (with why)."""
    names = {}
    view = features.attrs.get("pov", "") if features is not None else ""
    if features is not None:
        names = dict(zip(features[KEY], features[NAME], strict=True))
    for m in analysis.mentions:
        names.setdefault(m.place.key, m.place.name)
    for b in analysis.borders:
        names.setdefault(b.border.key, b.border.name)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for i, quote in enumerate(analysis.quotes):
        links = [link for link in analysis.links if link.quote == i]
        row = {
            "quote": i + 1,
            "speaker": quote.speaker or "",
            "speaker_role": quote.speaker_role or "",
            "kind": quote.kind,
            "cue": quote.cue or "",
            "text": quote.text,
            "paragraph": quote.paragraph + 1,
            "places": "; ".join(names.get(link.place_key, link.place_key) for link in links),
            "evidence": "; ".join(
                f"{names.get(link.place_key, link.place_key)}: {link.evidence}" for link in links
            ),
            "view": view,
        }
        writer.writerow(
            {key: _csv_safe(value) if isinstance(value, str) else value for key, value in row.items()}
        )
    return out.getvalue()


def _csv_safe(text: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: prefix those with an apostrophe."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


FORMATS = ("html", "geojson", "csv")


def export_all(
    analysis: Analysis,
    boundaries,
    *,
    pov: str,
    basemap: str = "light",
    layers: tuple[str, ...] = ("country", "region", "border", "city"),
    include_weak: bool = False,
) -> dict[str, str]:
    """The three downloads for one article: {"html", "geojson", "csv"} -> text.

    The CLI writes these and the dashboard offers them, so both give the same bytes.
    """
    from dashboard.features import build_features
    from dashboard.mapping import build_map

    features = build_features(analysis, boundaries, pov=pov, include_weak=include_weak)
    fmap = build_map(
        features,
        boundaries,
        pov=pov,
        basemap=basemap,
        outlet=analysis.article.outlet,
        date=analysis.article.date,
        layers=layers,
        assets="inline",
    )
    return {
        "html": export_html(fmap),
        "geojson": export_geojson(features, analysis),
        "csv": export_csv(analysis, features),
    }

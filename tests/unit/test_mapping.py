"""The Folium map object first, then its rendered HTML (random ids normalised), then the exports."""

from __future__ import annotations

import csv
import io
import json
import re

import folium
import pytest
from bs4 import BeautifulSoup

from dashboard.analysis import analyze
from dashboard.article import parse_text
from dashboard.boundaries import DE_FACTO, DE_JURE
from dashboard.export import export_all, export_csv, export_geojson, export_html
from dashboard.features import build_features
from dashboard.mapping import build_map, esc, popup_html

FOUNDING_REGIONS = {"UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65"}


@pytest.fixture(scope="module")
def features(sample_analysis, boundaries):
    return build_features(sample_analysis, boundaries, pov=DE_JURE)


@pytest.fixture(scope="module")
def fmap(features, boundaries, sample_article):
    return build_map(
        features,
        boundaries,
        pov=DE_JURE,
        basemap="offline",
        outlet=sample_article.outlet,
        date=sample_article.date,
        assets="inline",
    )


def _geojson_layers(fmap):
    found = {}
    for child in fmap._children.values():
        if isinstance(child, folium.FeatureGroup):
            for sub in child._children.values():
                if isinstance(sub, folium.GeoJson):
                    found[child.layer_name] = sub.data
    return found


def test_features_are_the_founding_places(features):
    regions = set(features.loc[features["kind"] == "region", "iso"])
    assert regions == FOUNDING_REGIONS
    assert set(features.loc[features["kind"] == "country", "iso"]) == {"RU", "UA", "FI", "GB"}
    assert list(features.loc[features["kind"] == "border", "key"]) == ["border:FI-RU"]
    assert (features["kind"] == "city").sum() == 0


def test_map_has_one_layer_per_role_with_feature_counts(fmap):
    layers = _geojson_layers(fmap)
    counts = {name.rsplit(" (", 1)[0]: len(data["features"]) for name, data in layers.items()}
    assert counts == {"Countries (context)": 4, "Regions": 6, "Borders": 1}


def test_map_is_framed_on_the_article_not_all_of_russia(fmap):
    (fit,) = [c for c in fmap._children.values() if type(c).__name__ == "FitBounds"]
    (south, west), (north, east) = fit.bounds
    # The six regions and the Finland–Russia border: roughly 44–70°N, 28–41°E.
    assert 43 < south < 46 and 68 < north < 71
    assert 27 < west < 31 and 38 < east < 42


def test_popup_of_crimea_carries_the_ministry_quote(features):
    crimea = features[features["iso"] == "UA-43"].iloc[0]
    soup = BeautifulSoup(popup_html(crimea), "html.parser")
    text = soup.get_text(" ")
    assert "The holding of ‘elections’" in text
    assert "Ukraine’s Foreign Ministry" in text
    assert "named in the quote" in text
    assert "ISO UA-43" in text


def test_rendered_html_is_standalone_and_names_the_view(fmap):
    html = re.sub(r"_[0-9a-f]{32}", "_ID", export_html(fmap))
    soup = BeautifulSoup(html, "html.parser")
    external = [
        t.get("src") or t.get("href")
        for t in soup.find_all(["script", "link"])
        if t.get("src") or t.get("href")
    ]
    assert external == []
    assert "L.map(" in html and "Leaflet 1.9.3" in html
    assert "jquery" not in html.lower().replace("jquery-free", "")
    assert "UN GA resolution 68/262" in html
    assert "Boundaries: Natural Earth" in html and "CNN" in html and "2024-01-15" in html


def test_default_export_is_under_400_kb(sample_analysis, boundaries):
    outputs = export_all(sample_analysis, boundaries, pov=DE_JURE, basemap="light")
    assert len(outputs["html"].encode()) < 400 * 1024


def test_de_facto_view_moves_crimea_and_says_so(sample_analysis, boundaries):
    features = build_features(sample_analysis, boundaries, pov=DE_FACTO)
    crimea = features[features["iso"] == "UA-43"].iloc[0]
    assert crimea["status"].startswith("Administered by Russia")
    html = export_html(build_map(features, boundaries, pov=DE_FACTO, basemap="offline", assets="inline"))
    assert "De facto" in html


def test_geojson_export_has_features_quotes_and_view(sample_analysis, features):
    data = json.loads(export_geojson(features, sample_analysis))
    assert data["type"] == "FeatureCollection" and data["metadata"]["pov"] == DE_JURE
    by_iso = {f["properties"]["iso"]: f for f in data["features"]}
    assert set(by_iso) >= FOUNDING_REGIONS
    crimea_quotes = [q["text"] for q in by_iso["UA-43"]["properties"]["quotes"]]
    assert any(t.startswith("The holding of ‘elections’") for t in crimea_quotes)


def test_csv_export_has_one_row_per_quote(sample_analysis, features):
    rows = list(csv.DictReader(io.StringIO(export_csv(sample_analysis, features))))
    assert len(rows) == len(sample_analysis.quotes) >= 14
    speakers = {r["speaker"] for r in rows}
    assert "Jens Stoltenberg" in speakers


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "</div><img src=x onerror=alert(1)>",
        "it's",
        "`tick`",
        "${alert(1)}",
        "a\\b",
    ],
)
def test_escaping_neutralises_html_and_template_literals(payload):
    out = esc(payload)
    assert "<" not in out and ">" not in out and "`" not in out and "${" not in out and "\\" not in out


def test_article_payloads_reach_the_page_only_escaped(gazetteer, boundaries):
    text = "“Kyiv is safe <script>alert(1)</script> `x` ${y} </div> it's fine,” said O'Brien."
    analysis = analyze(parse_text(text), gazetteer, boundaries)
    features = build_features(analysis, boundaries, pov=DE_JURE)
    html = export_html(build_map(features, boundaries, pov=DE_JURE, basemap="offline", assets="inline"))
    assert "<script>alert(1)</script>" not in html
    assert "alert(1)" in html  # still there, as text


def test_article_without_places_says_so_on_the_map(gazetteer, boundaries):
    analysis = analyze(
        parse_text("The committee met on Tuesday and agreed on nothing."), gazetteer, boundaries
    )
    features = build_features(analysis, boundaries, pov=DE_JURE)
    assert features.empty
    html = export_html(build_map(features, boundaries, pov=DE_JURE, basemap="offline", assets="inline"))
    assert "No places were found in this article." in html


def test_csv_names_the_view_and_defuses_formulas(gazetteer, boundaries):
    text = "“=HYPERLINK(1) is safe in Kyiv,” said =Evil Person, a spokesman, on Monday."
    analysis = analyze(parse_text(text), gazetteer, boundaries)
    features = build_features(analysis, boundaries, pov=DE_FACTO)
    rows = list(csv.DictReader(io.StringIO(export_csv(analysis, features))))
    assert rows and all(row["view"] == DE_FACTO for row in rows)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@")), value

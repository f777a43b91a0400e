"""The exported standalone HTML of the founding article, opened from disk in chromium.

Golden expectations come from the article (the places it names, the Foreign Ministry's statement)
and from geography (Crimea lies south of Kherson, Luhansk east of Donetsk, the Finland–Russia
border far north of all six regions).
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

SIX_REGIONS = ("Crimea", "Sevastopol", "Donetsk", "Luhansk", "Zaporizhzhia", "Kherson")
BORDER = "Finland–Russia border"
# Paragraph 3 of the article: the Foreign Ministry's statement, which names Crimea.
MINISTRY_QUOTE_START = "The holding of ‘elections’ of the President of the Russian Federation"
MINISTRY_QUOTE_END = "is illegal and will not have legal validity"
MINISTRY = "Ukraine’s Foreign Ministry"
TILE_PATH = re.compile(r"/\d+/\d+/\d+(?:@2x)?(?:\.(?:png|jpg|jpeg|webp))?$")


@pytest.fixture(scope="module")
def founding_export(founding_analysis, boundaries):
    """export_all of the founding article, memoised per (pov, basemap)."""
    from dashboard import export_all

    @functools.cache
    def export(pov: str = "de-jure", basemap: str = "offline") -> dict[str, str]:
        return export_all(founding_analysis, boundaries, pov=pov, basemap=basemap)

    return export


@pytest.fixture
def open_export(page, tmp_path, founding_export):
    """Write one export to tmp_path and open it via file://; returns the file URL."""

    def open_(pov: str = "de-jure", basemap: str = "offline") -> str:
        path = tmp_path / f"founding-{pov}-{basemap}.html"
        path.write_text(founding_export(pov, basemap)["html"], encoding="utf-8")
        url = path.as_uri()
        page.goto(url, wait_until="load")
        page.wait_for_selector("path.leaflet-interactive", state="attached", timeout=10_000)
        return url

    return open_


def _centre(box: dict) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_seven_founding_features_render_as_svg_paths_inside_the_viewport(
    page, open_export, leaflet, founding_keys
):
    open_export()
    drawn = leaflet.features(page)
    by_key = {f["key"]: f for f in drawn["features"]}
    for name, key in founding_keys.items():
        assert key in by_key, f"{name} ({key}) is not drawn"
        feature = by_key[key]
        assert feature["svgPath"], f"{name} is not an SVG path.leaflet-interactive in the document"
        box = feature["box"]
        assert box["width"] > 0 and box["height"] > 0, f"{name} has an empty bounding box: {box}"
        # fit_bounds frames the article's regions and border, so each lies wholly on screen.
        assert box["x"] >= -1 and box["y"] >= -1, f"{name} starts off screen: {box}"
        assert box["x"] + box["width"] <= drawn["width"] + 1, f"{name} ends off screen: {box}"
        assert box["y"] + box["height"] <= drawn["height"] + 1, f"{name} ends off screen: {box}"
    assert page.locator("svg path.leaflet-interactive").count() >= len(founding_keys)


def test_the_article_names_exactly_these_regions_and_countries(page, open_export, leaflet, founding_keys):
    open_export()
    by_key = leaflet.by_key(page)
    regions = {k for k, f in by_key.items() if f["kind"] == "region"}
    assert regions == {founding_keys[name] for name in SIX_REGIONS}
    borders = {k for k, f in by_key.items() if f["kind"] == "border"}
    assert borders == {founding_keys[BORDER]}
    countries = {k for k, f in by_key.items() if f["kind"] == "country"}
    assert countries == {"country:RU", "country:UA", "country:FI", "country:GB"}


def test_founding_features_sit_where_the_geography_puts_them(page, open_export, leaflet, founding_keys):
    open_export()
    by_key = leaflet.by_key(page)
    f = {name: by_key[key] for name, key in founding_keys.items()}
    x = {name: _centre(feature["box"])[0] for name, feature in f.items()}
    y = {name: _centre(feature["box"])[1] for name, feature in f.items()}

    # Screen y grows southwards, x eastwards.
    assert y["Crimea"] > y["Kherson"], "Crimea must lie south of Kherson"
    assert y["Crimea"] > y["Zaporizhzhia"], "Crimea must lie south of Zaporizhzhia"
    assert x["Luhansk"] > x["Donetsk"], "Luhansk must lie east of Donetsk"
    assert y["Luhansk"] < y["Donetsk"], "Luhansk must lie north of Donetsk"
    assert x["Zaporizhzhia"] > x["Kherson"], "Zaporizhzhia must lie east of Kherson"
    assert x["Donetsk"] > x["Zaporizhzhia"], "Donetsk must lie east of Zaporizhzhia"
    assert x["Sevastopol"] < x["Crimea"] and y["Sevastopol"] > y["Crimea"], "Sevastopol: Crimea's south-west"
    crimea = f["Crimea"]["box"]
    assert crimea["x"] <= x["Sevastopol"] <= crimea["x"] + crimea["width"]
    assert crimea["y"] <= y["Sevastopol"] <= crimea["y"] + crimea["height"]
    for name in SIX_REGIONS:
        assert y[BORDER] < y[name], f"the Finland–Russia border must lie north of {name}"

    # Lat/lng bounds: the six regions lie between 44°N and 51°N, 31°E and 41°E (south-east Ukraine);
    # the Finland–Russia border runs from about 60°N to 70°N between 27°E and 32°E.
    for name in SIX_REGIONS:
        feature = f[name]
        assert 44 <= feature["south"] < feature["north"] <= 51, (name, feature)
        assert 31 <= feature["west"] < feature["east"] <= 41, (name, feature)
    border = f[BORDER]
    assert 59 <= border["south"] <= 61 and 69 <= border["north"] <= 71, border
    assert 27 <= border["west"] < border["east"] <= 33, border
    assert f["Crimea"]["north"] < f["Kherson"]["north"] and f["Crimea"]["south"] < f["Kherson"]["south"]
    assert f["Luhansk"]["east"] > f["Donetsk"]["east"]


def test_click_on_crimea_shows_the_foreign_ministry_quote_and_speaker(
    page, page_log, open_export, leaflet, founding_keys
):
    open_export()
    crimea = founding_keys["Crimea"]
    leaflet.click(page, page, crimea)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible", timeout=5_000)
    root = popup.locator(".ngd-popup")
    assert root.get_attribute("data-key") == crimea
    assert "Crimea" in root.locator("h4").inner_text()

    quotes = root.locator("li").filter(has_text=MINISTRY_QUOTE_START)
    assert quotes.count() == 1, popup.inner_text()
    item = quotes.first
    quote = item.locator(".ngd-quote").inner_text()
    assert MINISTRY_QUOTE_START in quote and MINISTRY_QUOTE_END in quote
    assert "Crimea" in quote
    assert MINISTRY.replace("’", "'") in item.locator(".ngd-who").inner_text().replace("’", "'")
    assert item.locator(".ngd-why").inner_text().strip(), "the popup must say why the quote is here"
    # And it is what a reader sees: visible text of the popup, not just markup.
    assert MINISTRY_QUOTE_START in popup.inner_text()
    assert page_log.page_errors == []


def test_no_console_errors_and_no_page_errors(page, page_log, open_export, leaflet, founding_keys):
    open_export("de-jure", "offline")
    leaflet.click(page, page, founding_keys["Crimea"])
    page.locator(".leaflet-popup-content").wait_for(state="visible", timeout=5_000)
    open_export("de-facto", "light")  # tiles are blocked: their load failures are not the page's errors
    assert page_log.page_errors == []
    assert page_log.own_console_errors() == []


def test_offline_basemap_makes_no_network_request_at_all(page, page_log, open_export):
    url = open_export("de-jure", "offline")
    page.mouse.move(640, 400)
    page.mouse.wheel(0, 400)  # zoom out: an offline map must not fetch tiles for the new view either
    page.wait_for_function("() => document.readyState === 'complete'")
    assert page_log.aborted == []
    assert page_log.network_requests() == []
    # Standalone: the page loads no sibling file either, only itself.
    assert [u for u in page_log.requests if urlsplit(u).scheme == "file"] == [url]


def test_light_basemap_requests_only_map_tiles(page, page_log, open_export, leaflet):
    open_export("de-jure", "light")
    leaflet.settle(page)  # the opening zoom animation asks for a second set of tiles
    # Wait (bounded) until Leaflet's tile images have all settled; blocked ones settle as errors.
    page.wait_for_function(
        "() => { const t = [...document.querySelectorAll('img.leaflet-tile')];"
        " return t.length > 0 && t.every(i => i.complete); }",
        timeout=10_000,
    )
    attempted = page_log.network_requests()
    assert attempted, "the light basemap should ask for tiles"
    # Every request the page made (as chromium reports them) went through the route and was blocked.
    assert set(attempted) <= set(page_log.aborted), "a non-local request was not blocked"
    hosts = {urlsplit(u).hostname for u in attempted}
    assert len(hosts) == 1, f"requests went to several hosts (CDN assets?): {hosts}"
    not_tiles = [u for u in attempted if not TILE_PATH.search(urlsplit(u).path)]
    assert not_tiles == [], "only tile images may come from the network"


def test_default_export_is_under_400_kb(founding_export):
    html = founding_export("de-jure", "light")["html"]
    assert len(html.encode("utf-8")) < 400_000


def test_screenshot_of_the_offline_export(page, page_log, open_export, leaflet, founding_keys, artifacts):
    open_export("de-jure", "offline")
    # The offline basemap draws land: non-interactive paths under the article's features.
    assert page.locator("path:not(.leaflet-interactive)").count() > 0
    leaflet.click(page, page, founding_keys["Crimea"])
    page.locator(".leaflet-popup-content").wait_for(state="visible", timeout=5_000)
    leaflet.wait_for_popup(page)
    leaflet.settle(page)  # the popup's autoPan
    page.screenshot(path=str(artifacts / "export-founding.png"))
    assert page_log.page_errors == []


def test_de_facto_export_names_its_view_and_russian_administration_of_crimea(
    page, page_log, open_export, leaflet, founding_keys
):
    open_export("de-facto", "offline")
    legend = page.locator(".ngd-legend")
    assert legend.is_visible()
    assert "de facto" in legend.inner_text().lower()
    leaflet.click(page, page, founding_keys["Crimea"])
    popup = page.locator(".leaflet-popup-content .ngd-popup")
    popup.wait_for(state="visible", timeout=5_000)
    assert popup.get_attribute("data-key") == founding_keys["Crimea"]
    status = popup.locator(".ngd-status").inner_text()
    assert "administered by russia" in status.lower(), status
    assert page_log.page_errors == []


def test_de_jure_export_shows_crimea_as_part_of_ukraine(page, open_export, leaflet, founding_keys):
    open_export("de-jure", "offline")
    assert "de jure" in page.locator(".ngd-legend").inner_text().lower()
    leaflet.click(page, page, founding_keys["Crimea"])
    popup = page.locator(".leaflet-popup-content .ngd-popup")
    popup.wait_for(state="visible", timeout=5_000)
    assert "part of ukraine" in popup.locator(".ngd-status").inner_text().lower()


CITY_ARTICLE = """KYIV (Wire) — Air raid sirens sounded overnight.

“Kyiv is calm this morning,” said Vitali Klitschko, the mayor.
"""


def test_city_marker_is_filled_and_clickable_at_its_centre(page, page_log, leaflet, tmp_path):
    """A reader clicks the middle of a city's dot, not its 2 px outline."""
    from dashboard import analyze, export_all, load_boundaries, parse_text

    boundaries = load_boundaries()
    analysis = analyze(parse_text(CITY_ARTICLE), boundaries=boundaries)
    path = tmp_path / "city.html"
    path.write_text(
        export_all(analysis, boundaries, pov="de-jure", basemap="offline")["html"], encoding="utf-8"
    )
    page.goto(path.as_uri(), wait_until="load")
    cities = [f for f in leaflet.features(page)["features"] if f["kind"] == "city"]
    assert [f["name"] for f in cities] == ["Kyiv"]
    box = cities[0]["box"]
    x, y = _centre(box)
    assert page.evaluate(
        "([x, y]) => { const el = document.elementFromPoint(x, y);"
        " return el.tagName.toLowerCase() === 'path' && el.classList.contains('leaflet-interactive'); }",
        [x, y],
    ), "the centre of the Kyiv marker does not hit the marker (is the circle unfilled?)"
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content .ngd-popup")
    popup.wait_for(state="visible", timeout=5_000)
    assert popup.locator("h4").inner_text() == "Kyiv"
    assert "Kyiv is calm this morning" in popup.locator(".ngd-quote").first.inner_text()
    assert page_log.page_errors == []

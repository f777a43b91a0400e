"""Article text reaches the exported map only as text: markup and JavaScript in it never run.

Folium's own popups put strings into JavaScript template literals, where a backtick or ``${``
breaks the map (Folium's test_popup_backticks); these articles carry those characters, HTML tags,
``</div>``, backslashes and apostrophes in the quote, the speaker's name, the outlet and the
surrounding text, next to a real place so the quote lands in that place's popup.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
TEMPLATE = "${alert(1)}"
BACKTICK = "`backtick`"
CLOSE_DIV = "</div>"
BACKSLASH = "C:\\temp\\new"
APOSTROPHE = "it's fine"

QUOTE_ARTICLE = f"""date 2024-03-01 (Rock'n'Roll News) — Officials gave reporters an update {SCRIPT}.

“Kyiv is safe {SCRIPT} {BACKTICK} {TEMPLATE} {CLOSE_DIV} {APOSTROPHE} {BACKSLASH} {IMG},” said Liam O'Brien \
<img src=x onerror=alert(2)>, a spokesman.

He added that the night had been quiet `${{document.title}}` and that schools would reopen.
"""

# A place named on a line that is otherwise backticks, template syntax and tags.
NAME_ARTICLE = """(Wire) — Markets were calm.

```js ${alert(1)} `Kyiv` ``` Kyiv\\`s `${Kyiv}` </script><script>alert(1)</script> '`Kyiv'`

Exporters in Côte d'Ivoire said ‘prices’ were up.
"""


def _export_and_open(page, tmp_path, text: str, name: str) -> str:
    from dashboard import analyze, export_all, load_boundaries, parse_text

    boundaries = load_boundaries()
    analysis = analyze(parse_text(text), boundaries=boundaries)
    html = export_all(analysis, boundaries, pov="de-jure", basemap="offline")["html"]
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_selector("path.leaflet-interactive", state="attached", timeout=10_000)
    return path.as_uri()


def _kyiv_key(leaflet, page) -> str:
    keys = [f["key"] for f in leaflet.features(page)["features"] if f["name"] == "Kyiv"]
    assert len(keys) == 1, f"Kyiv should be drawn once: {keys}"
    return keys[0]


def test_quote_payloads_show_literally_in_the_popup_and_never_run(
    page, page_log, leaflet, tmp_path, artifacts
):
    url = _export_and_open(page, tmp_path, QUOTE_ARTICLE, "xss-quote.html")
    assert page.locator("svg path.leaflet-interactive").count() >= 1
    leaflet.click(page, page, _kyiv_key(leaflet, page))
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible", timeout=5_000)

    text = popup.inner_text()
    for payload in (SCRIPT, IMG, TEMPLATE, BACKTICK, CLOSE_DIV, BACKSLASH, APOSTROPHE):
        assert payload in text, f"{payload!r} is not shown literally in the popup:\n{text}"
    assert "O'Brien" in popup.locator(".ngd-who").first.inner_text()
    # The payloads stayed text: no element was made from them, and the popup's structure is intact.
    assert popup.locator("script, img").count() == 0
    assert popup.locator(".ngd-popup .ngd-quote").count() >= 1
    assert popup.locator(".ngd-popup h4").inner_text() == "Kyiv"
    assert "Rock'n'Roll News" in page.locator(".ngd-legend").inner_text()
    leaflet.wait_for_popup(page)
    page.screenshot(path=str(artifacts / "xss-popup.png"))

    assert page_log.dialogs == []
    assert page_log.page_errors == []
    assert page_log.own_console_errors() == []
    # An injected <img src=x> would have asked for file:///.../x.
    assert [u for u in page_log.requests if urlsplit(u).scheme != "data"] == [url]


def test_place_names_among_backticks_and_apostrophes_do_not_break_the_page(page, page_log, leaflet, tmp_path):
    _export_and_open(page, tmp_path, NAME_ARTICLE, "xss-names.html")
    features = leaflet.by_key(page)
    names = {f["name"] for f in features.values()}
    assert "Kyiv" in names
    assert "Côte d'Ivoire" in names

    leaflet.click(page, page, _kyiv_key(leaflet, page))
    popup = page.locator(".leaflet-popup-content .ngd-popup")
    popup.wait_for(state="visible", timeout=5_000)
    assert popup.locator("h4").inner_text() == "Kyiv"
    assert "“Kyiv”" in popup.locator(".ngd-named").inner_text()

    # Côte d'Ivoire is context, far outside the article's focus: open its popup through Leaflet.
    page.evaluate(
        """() => {
            const name = Object.keys(window).find(k => k.startsWith("map_") && window[k] instanceof L.Map);
            window[name].eachLayer(l => {
                if (l.feature && l.feature.properties.key === "country:CI") l.openPopup();
            });
        }"""
    )
    ci = page.locator('.leaflet-popup-content .ngd-popup[data-key="country:CI"]')
    ci.wait_for(state="visible", timeout=5_000)
    assert ci.locator("h4").inner_text() == "Côte d'Ivoire"

    assert page_log.dialogs == []
    assert page_log.page_errors == []
    assert page_log.own_console_errors() == []

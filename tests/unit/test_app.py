"""The Streamlit dashboard through AppTest (widgets found by key), and its helpers in dashboard/ui.py.

Expectations come from reading the founding article
(dashboard/samples/cnn-2024-01-15-russia-elections-occupied-ukraine.txt). AppTest does not
render the map: its content is tested in test_mapping and in the browser tests; here we check
the arguments the app hands to streamlit-folium.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from dashboard import ui
from dashboard.analysis import analyze
from dashboard.article import MAX_BYTES, ArticleError, parse_input, parse_text
from dashboard.boundaries import DE_JURE, GeodataError
from dashboard.export import export_all

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
TIMEOUT = 90  # the first run loads boundaries and gazetteer
FOUNDING_REGIONS = {"UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65"}  # Crimea ... Kherson
BORDER = "border:FI-RU"
SAMPLE_NAME = "cnn-2024-01-15-russia-elections-occupied-ukraine.txt"


def _app() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=TIMEOUT)


@pytest.fixture(scope="module")
def loaded() -> AppTest:
    """The app as it opens (shared by the read-only tests)."""
    return _app().run()


def _places(at: AppTest):
    return at.dataframe[0].value


def _quotes(at: AppTest):
    return at.dataframe[1].value


def _ids(html: str) -> str:
    return re.sub(r"_[0-9a-f]{32}", "_ID", html)


def _no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


# --- Opening on the founding article ---


def test_default_load_shows_the_founding_article_without_errors(loaded):
    _no_errors(loaded)
    assert loaded.radio(key="input_mode").value == "Sample"
    assert loaded.selectbox(key="sample").value == SAMPLE_NAME
    caption = loaded.caption[0].value.replace("\\", "")
    assert "CNN" in caption and "2024-01-15" in caption and "Boundaries: Natural Earth" in caption


def test_places_table_lists_the_places_the_article_names(loaded):
    places = _places(loaded)
    assert list(places.columns) == ["Place", "Kind", "Code", "Mentions", "Quotes"]
    codes = set(places["Code"])
    assert codes >= FOUNDING_REGIONS
    assert {"RU", "UA", "FI", "GB"} <= codes
    names = set(places["Place"])
    assert {"Russia", "Ukraine", "Finland", "United Kingdom", "Sevastopol", "Donetsk", "Luhansk"} <= names
    assert any("Crimea" in name for name in names)
    borders = places[places["Kind"] == "border"]
    assert len(borders) == 1
    assert "Finland" in borders["Place"].iloc[0] and "Russia" in borders["Place"].iloc[0]
    # "the Kremlin" stands for the Russian government, it is not a place on the map.
    assert not any("Kremlin" in name for name in names)
    # "Vladimir Putin" is a person, not the Russian city of Vladimir.
    assert "Vladimir" not in names
    # Each occupied region is named once, in the ministry's statement, which is quoted.
    regions = places[places["Code"].isin(FOUNDING_REGIONS)]
    assert (regions["Mentions"] >= 1).all() and (regions["Quotes"] >= 1).all()


def test_quotes_table_attributes_the_quotes_to_their_speakers(loaded):
    quotes = _quotes(loaded)
    assert list(quotes.columns) == ["#", "Speaker", "Quote", "Kind", "Places", "Paragraph"]

    def speaker_of(words: str) -> str:
        rows = quotes[quotes["Quote"].str.contains(words, regex=False)]
        assert len(rows) == 1, f"one quote with {words!r}, got {len(rows)}"
        return rows["Speaker"].iloc[0]

    assert "Foreign Ministry" in speaker_of("its blatant disregard for international law.")
    assert "Stoltenberg" in speaker_of("completely illegal and a violation of international law")
    assert "Stoltenberg" in speaker_of("Free and fair elections are fundamental to any democracy")
    assert "ambassador" in speaker_of("Russia has no legitimate basis for any such actions")
    statement = quotes[quotes["Quote"].str.contains("temporarily occupied territories", regex=False)]
    assert "Crimea" in statement["Places"].iloc[0] and "Kherson" in statement["Places"].iloc[0]


def test_map_loads_leaflet_from_the_app_not_a_cdn(loaded):
    (component,) = loaded.get("component_instance")
    assert component.proto.component_name == "streamlit_folium.st_folium"
    args = json.loads(component.proto.json_args)
    assert args["js_links"] == ["/app/static/leaflet/leaflet.js"]
    assert args["css_links"] == ["/app/static/leaflet/leaflet.css"]
    assert args["height"] == 560 and args["width"] is None  # full width of its column
    assert set(args["returned_objects"]) <= {"last_active_drawing", "last_object_clicked"}
    assert "region:" in args["script"] and BORDER in args["script"]
    static = APP.parent / "static" / "leaflet"
    assert (static / "leaflet.js").stat().st_size > 100_000
    assert (static / "images" / "layers.png").exists()


def test_download_buttons_carry_the_export_all_files(monkeypatch, sample_text, gazetteer, boundaries):
    stores = []

    class RecordingStorage(app_test_module.MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            stores.append(self)

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", RecordingStorage)
    at = _app().run()
    _no_errors(at)
    buttons = {b.key: b.proto for b in at.get("download_button")}
    assert set(buttons) == {"download_html", "download_geojson", "download_csv"}

    def content(key: str) -> str:
        return stores[-1].get_file(buttons[key].url.rsplit("/", 1)[-1]).content.decode("utf-8")

    analysis = analyze(parse_input(sample_text.encode("utf-8"), SAMPLE_NAME), gazetteer, boundaries)
    expected = export_all(analysis, boundaries, pov=DE_JURE, basemap="light")
    assert content("download_geojson") == expected["geojson"]
    assert content("download_csv") == expected["csv"]
    # Folium gives each render new random element ids; everything else is the same file.
    assert _ids(content("download_html")) == _ids(expected["html"])
    assert buttons["download_html"].url.endswith(".html")
    geojson = json.loads(content("download_geojson"))
    assert {f["properties"]["iso"] for f in geojson["features"]} >= FOUNDING_REGIONS
    rows = list(csv.DictReader(io.StringIO(content("download_csv"))))
    assert any("its blatant disregard" in row["text"] for row in rows)


# --- Filters and the side panel ---


def test_speaker_filter_narrows_the_quotes_table_and_the_places():
    at = _app().run()
    everyone = len(_quotes(at))
    stoltenberg = [s for s in at.multiselect(key="speaker_filter").options if "Stoltenberg" in s]
    assert len(stoltenberg) == 1
    at.multiselect(key="speaker_filter").set_value(stoltenberg).run()
    _no_errors(at)
    quotes = _quotes(at)
    assert 0 < len(quotes) < everyone
    assert (quotes["Speaker"] == stoltenberg[0]).all()
    assert not quotes["Quote"].str.contains("its blatant disregard", regex=False).any()
    # He is asked about the border with Finland: that border stays on the map; the UK does not.
    places = _places(at)
    assert "border" in set(places["Kind"]) and "Finland" in set(places["Place"])
    assert "United Kingdom" not in set(places["Place"])


def test_place_filter_keeps_that_place_and_its_quotes():
    at = _app().run()
    at.multiselect(key="place_filter").set_value([BORDER]).run()
    _no_errors(at)
    assert list(_places(at)["Kind"]) == ["border"]
    quotes = _quotes(at)
    assert len(quotes) >= 1
    assert quotes["Places"].str.contains("Finland–Russia", regex=False).all()


def test_choosing_a_place_shows_its_quotes_with_their_paragraphs():
    at = _app().run()
    map_id = at.get("component_instance")[0].proto.id
    at.selectbox(key="place_select").set_value(BORDER).run()
    _no_errors(at)
    assert "border" in at.subheader[0].value
    texts = [t.value for t in at.text]
    assert any(
        t.startswith("Asked about the possibility of President Vladimir Putin deploying troops")
        for t in texts
    )
    assert any(
        "we will monitor and follow closely what Russia does on NATO borders" in h.proto.body for h in at.html
    )
    # Choosing a place does not touch the map: the same component, so no reload and no zoom reset.
    assert at.get("component_instance")[0].proto.id == map_id


def test_a_map_click_selects_the_place_in_the_panel():
    """What the component's on_change callback does with streamlit-folium's value."""
    at = _app().run()
    at.session_state["place_select"] = ui.clicked_key(
        {"last_active_drawing": {"type": "Feature", "properties": {"key": "country:FI", "name": "Finland"}}}
    )
    at.run()
    _no_errors(at)
    assert not at.warning
    assert at.subheader[0].value == "Finland"


# --- Other inputs and their errors ---


def test_pasting_only_whitespace_shows_an_error():
    at = _app().run()
    at.radio(key="input_mode").set_value("Paste text").run()
    assert not at.error and at.info  # nothing pasted yet: a prompt, not an error
    at.text_area(key="paste_text").input("   \n  ")
    at.button(key="paste_text_submit").click().run()
    assert not at.exception
    assert len(at.error) == 1 and "empty" in at.error[0].value


def test_pasting_an_article_maps_it():
    at = _app().run()
    at.radio(key="input_mode").set_value("Paste text").run()
    at.text_area(key="paste_text").input(
        "KYIV (Reuters) — Drones struck Odesa overnight, officials in Ukraine said.\n\n"
        "“The port was the target,” the governor of Odesa said."
    )
    at.button(key="paste_text_submit").click().run()
    _no_errors(at)
    assert "Ukraine" in set(_places(at)["Place"])
    assert {b.proto.url.rsplit(".", 1)[-1] for b in at.get("download_button")} == {"html", "geojson", "csv"}


def test_an_article_without_places_says_so_next_to_the_map():
    at = _app().run()
    at.radio(key="input_mode").set_value("Paste text").run()
    at.text_area(key="paste_text").input("The committee met on Tuesday and agreed to meet again next week.")
    at.button(key="paste_text_submit").click().run()
    _no_errors(at)
    assert any("No places were found" in info.value for info in at.info)
    assert len(_places(at)) == 0


def test_a_bad_web_address_shows_an_error():
    at = _app().run()
    at.radio(key="input_mode").set_value("Web address").run()
    at.text_input(key="url").input("not a web address")
    at.button(key="url_submit").click().run()
    assert not at.exception
    assert len(at.error) == 1 and "http" in at.error[0].value


@pytest.mark.parametrize(
    ("data", "words"),
    [(b"\x89PNG\r\n\x1a\n" + bytes(4000), "not a text file"), (b"a" * (MAX_BYTES + 1), "limit")],
    ids=["binary", "oversized"],
)
def test_uploading_a_bad_file_shows_an_error(data, words):
    at = _app().run()
    at.radio(key="input_mode").set_value("Upload a file").run()
    at.file_uploader(key="upload").upload("article.txt", data, "text/plain")
    at.run()
    assert not at.exception
    assert len(at.error) == 1 and words in at.error[0].value


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (RuntimeError("internal detail"), "Something went wrong (RuntimeError)"),
        (GeodataError("geodata/regions.parquet is missing."), "geodata/regions.parquet is missing."),
    ],
    ids=["unexpected", "geodata"],
)
def test_a_failing_stage_shows_an_error_not_a_traceback(monkeypatch, caplog, error, shown):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr("dashboard.analysis.analyze", fail)
    at = _app().run()
    at.radio(key="input_mode").set_value("Paste text").run()
    # Text no other test pastes, so the cached analysis cannot answer for the failing stage.
    at.text_area(key="paste_text").input(f"Officials in Kyiv spoke on Monday ({type(error).__name__}).")
    at.button(key="paste_text_submit").click().run()
    assert not at.exception
    assert len(at.error) == 1 and shown in at.error[0].value
    assert "internal detail" not in at.error[0].value
    if type(error) is RuntimeError:  # GeodataError is a RuntimeError too, but an expected one
        assert "internal detail" in caplog.text  # the traceback goes to the server log


# --- dashboard/ui.py ---


ENGLISH = "Officials in Crimea said the vote was illegal.\n\nThe ministry in Kyiv agreed."
CYRILLIC = "Официальные лица в Крыму заявили, что голосование незаконно. " * 5


def test_read_upload_decodes_utf8_utf16_and_cp1251():
    assert ui.read_upload("a.txt", ENGLISH.encode("utf-8")).text == ENGLISH
    assert ui.read_upload("a.txt", ENGLISH.encode("utf-16")).text == ENGLISH
    assert ui.read_upload("a.md", CYRILLIC.encode("cp1251")).text == CYRILLIC


def test_read_upload_extracts_the_article_from_html():
    page = (
        "<!DOCTYPE html><html><head><title>Vote in Crimea</title></head><body><nav>Home | World</nav>"
        "<article><h1>Vote in Crimea</h1>"
        + "<p>Officials in Crimea said the vote was illegal, and the ministry in Kyiv agreed with them.</p>"
        * 3
        + "</article></body></html>"
    )
    article = ui.read_upload("page.html", page.encode("utf-8"))
    assert "Officials in Crimea said the vote was illegal" in article.text
    assert "<p>" not in article.text


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("big.txt", b"a" * (MAX_BYTES + 1), "the limit is 5 MB"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(4000), "not a text file"),
        ("empty.txt", b" \n ", "empty"),
        ("sheet.xlsx", ENGLISH.encode(), ".txt, .html or .md"),
    ],
)
def test_read_upload_refuses_bad_files_with_a_message(name, data, words):
    with pytest.raises(ArticleError, match=words.replace(".", r"\.")):
        ui.read_upload(name, data)


def test_article_html_escapes_the_article_and_highlights_places_and_quotes(gazetteer, boundaries):
    text = (
        "Officials in Crimea met on Monday.\n\n"
        "“<script>alert('x')</script> Crimea is ours `${x}` </div>,” the governor of Sevastopol said."
    )
    analysis = analyze(parse_text(text), gazetteer, boundaries)
    html = ui.article_html(analysis)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    article = soup.select_one("div.ngd-article")
    assert len(article.find_all("div")) == 0  # the article's "</div>" is text, not markup
    assert article.get_text() == text.replace("\n\n", "")
    assert {s.get_text() for s in article.select(".ngd-place")} >= {"Crimea", "Sevastopol"}
    assert any("<script>" in q.get_text() for q in article.select(".ngd-q"))


def test_quote_html_escapes_every_field():
    html = ui.quote_html(
        {
            "text": "<b>x</b>",
            "speaker": "<i>A</i>",
            "role": "R&D",
            "kind": "direct",
            "evidence": "e",
            "detail": "<img src=x>",
        }
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(["b", "i", "img"]) is None
    assert "<b>x</b>" in soup.get_text() and "R&D" in soup.get_text()


def test_clicked_key_reads_the_feature_streamlit_folium_returns():
    assert ui.clicked_key(None) is None
    assert ui.clicked_key({"last_active_drawing": None}) is None
    assert ui.clicked_key({"last_active_drawing": {"properties": {"key": BORDER}}}) == BORDER


def test_file_stem_makes_safe_download_names():
    assert ui.file_stem("cnn-2024-01-15-russia.txt") == "cnn-2024-01-15-russia"
    assert ui.file_stem("https://example.com/news/some-story.html?x=1") == "some-story"
    assert ui.file_stem("https://example.com/") == "example"
    assert ui.file_stem("../../etc/passwd") == "passwd"
    assert ui.file_stem("???") == "article"


def test_install_leaflet_copies_once_and_reports_an_unwritable_folder(tmp_path):
    target = tmp_path / "leaflet"
    assert ui.install_leaflet(target)
    stamp = (target / "leaflet.js").stat().st_mtime_ns
    assert ui.install_leaflet(target)
    assert (target / "leaflet.js").stat().st_mtime_ns == stamp
    assert {p.name for p in (target / "images").iterdir()} >= {"layers.png", "marker-icon.png"}
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert not ui.install_leaflet(blocked / "leaflet")

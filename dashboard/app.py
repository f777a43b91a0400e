"""The dashboard: ``streamlit run dashboard/app.py``. A thin shell over the pipeline (see README).

The map is rebuilt on every rerun from cached data, so unchanged inputs give the same script and
streamlit-folium keeps the same component (no flicker, zoom kept). A click on the map reaches the
side panel through the component's on_change callback, which sets the place selectbox.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the project root.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import ui  # noqa: E402
from dashboard.analysis import Analysis, analyze  # noqa: E402
from dashboard.article import Article, ArticleError, fetch_url, parse_input  # noqa: E402
from dashboard.boundaries import DE_FACTO, DE_JURE, POV_LABELS, GeodataError, load_boundaries  # noqa: E402
from dashboard.export import export_all  # noqa: E402
from dashboard.features import build_features  # noqa: E402
from dashboard.gazetteer import load_gazetteer  # noqa: E402
from dashboard.mapping import BASEMAPS, LAYER_NAMES, build_map  # noqa: E402

log = logging.getLogger("dashboard.app")
SAMPLES = Path(__file__).resolve().parent / "samples"
FOUNDING = "cnn-2024-01-15-russia-elections-occupied-ukraine.txt"
STATIC_LEAFLET = Path(__file__).resolve().parent / "static" / "leaflet"
ASSETS_URL = "/app/static/leaflet"  # absolute: a relative URL resolves under /component/... and 404s
MODES = ("Sample", "Paste text", "Upload a file", "Web address")
KINDS = tuple(LAYER_NAMES)
MAP_HEIGHT = 560
# Only a click on a feature reruns the app: the clicked feature, and where (so a repeat click counts).
RETURNED = ["last_active_drawing", "last_object_clicked"]


@st.cache_resource(show_spinner="Loading boundaries and gazetteer (once per server)…")
def _geodata():
    return load_boundaries(), load_gazetteer()


@st.cache_resource(show_spinner=False)
def _leaflet_assets() -> str:
    return ASSETS_URL if ui.install_leaflet(STATIC_LEAFLET) else "inline"


@st.cache_data(max_entries=32, show_spinner=False)
def _parse(data: str | bytes, name: str) -> Article:
    return parse_input(data, name=name)


@st.cache_data(max_entries=8, show_spinner=False)
def _read_upload(name: str, data: bytes) -> Article:
    return ui.read_upload(name, data)


@st.cache_data(ttl=900, max_entries=32, show_spinner="Fetching the page…")
def _fetch(url: str) -> Article:
    return fetch_url(url)


@st.cache_data(max_entries=32, show_spinner="Finding places and quotes…")
def _analyse(article: Article) -> Analysis:
    boundaries, gazetteer = _geodata()
    return analyze(article, gazetteer, boundaries)


@st.cache_data(max_entries=64, show_spinner=False)
def _features(article: Article, pov: str, include_weak: bool):
    return build_features(_analyse(article), _geodata()[0], pov=pov, include_weak=include_weak)


@st.cache_data(max_entries=32, show_spinner="Preparing the downloads…")
def _exports(article: Article, *, pov: str, basemap: str, layers: tuple[str, ...], include_weak: bool):
    return export_all(
        _analyse(article), _geodata()[0], pov=pov, basemap=basemap, layers=layers, include_weak=include_weak
    )


def _remember(target: str, widget: str) -> None:
    st.session_state[target] = st.session_state[widget]


def _on_map_click() -> None:
    key = ui.clicked_key(st.session_state.get("map"))
    if key:
        st.session_state["place_select"] = key


def _keep_valid(key: str, options: list, multi: bool) -> None:
    """Drop a remembered choice that the current article no longer offers."""
    value = st.session_state.get(key)
    if multi and value:
        st.session_state[key] = [v for v in value if v in options]
    elif not multi and value is not None and value not in options:
        st.session_state[key] = None


def input_article() -> tuple[Article, str] | None:
    """The article chosen in the input section, and a stem for download file names."""
    mode = st.radio("Article", MODES, horizontal=True, key="input_mode")
    if mode == "Sample":
        names = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".txt", ".html", ".md"))
        first = names.index(FOUNDING) if FOUNDING in names else 0
        name = st.selectbox("Sample article", names, index=first, key="sample")
        return _parse((SAMPLES / name).read_bytes(), name), ui.file_stem(name)
    if mode == "Upload a file":
        upload = st.file_uploader(
            f"Article file (.txt, .html or .md, up to {ui.UPLOAD_LIMIT_MB} MB)",
            type=list(ui.UPLOAD_TYPES),
            key="upload",
            max_upload_size=ui.UPLOAD_LIMIT_MB,
        )
        if upload is None:
            st.info("Upload the article as a .txt, .html or .md file.")
            return None
        return _read_upload(upload.name, upload.getvalue()), ui.file_stem(upload.name)
    paste = mode == "Paste text"
    widget, target = ("paste_text", "pasted") if paste else ("url", "fetched_url")
    with st.form("paste_form" if paste else "url_form"):
        if paste:
            st.text_area("Article text", key=widget, height=200, placeholder="Paste the article here")
        else:
            st.text_input("Web address of the article", key=widget, placeholder="https://…")
        st.form_submit_button(
            "Map this article" if paste else "Fetch and map",
            key=f"{widget}_submit",
            on_click=_remember,
            args=(target, widget),
        )
    if target not in st.session_state:
        st.info(
            "Paste the article's text and press **Map this article**."
            if paste
            else "Enter the article's web address and press **Fetch and map**."
        )
        return None
    if paste:
        return _parse(st.session_state[target], "pasted text"), "pasted-article"
    return _fetch(st.session_state[target]), ui.file_stem(st.session_state[target])


def map_controls() -> dict:
    st.sidebar.header("Map")
    return {
        "pov": st.sidebar.radio(
            "Point of view",
            (DE_JURE, DE_FACTO),
            key="pov",
            format_func=lambda p: POV_LABELS[p].split(" (")[0],
            help=" · ".join(POV_LABELS.values()),
        ),
        "basemap": st.sidebar.selectbox(
            "Basemap", list(BASEMAPS), key="basemap", format_func=lambda b: BASEMAPS[b][0]
        ),
        "layers": tuple(
            st.sidebar.multiselect("Layers", KINDS, default=KINDS, key="layers", format_func=LAYER_NAMES.get)
        ),
        "include_weak": st.sidebar.checkbox(
            "Include countries named only by a demonym (“Russian forces”)", key="include_weak"
        ),
    }


def place_panel(shown, article: Article) -> None:
    """The clicked (or chosen) place's quotes, each with the paragraph it comes from."""
    labels = ui.place_labels(shown)
    _keep_valid("place_select", list(labels), multi=False)
    key = st.selectbox(
        "Place",
        list(labels),
        index=None,
        format_func=labels.get,
        key="place_select",
        placeholder="Click the map or choose a place",
    )
    if key is None:
        st.caption("Click a region, border or city on the map to read the article's quotes about it here.")
        return
    place = ui.feature_record(shown, key)
    st.subheader(ui.plain_markdown(place["name"]))
    st.caption(ui.plain_markdown(place["status"]))
    if not place["quotes"]:
        st.info("The article quotes no one about this place.")
    for quote in place["quotes"]:
        with st.container(border=True):
            st.html(ui.ARTICLE_CSS + ui.quote_html(quote))
            st.caption(f"Paragraph {quote['paragraph']} of the article")
            st.text(ui.paragraph_text(article, quote["paragraph"]))


def show(article: Article, stem: str, controls: dict) -> None:
    analysis = _analyse(article)
    features = _features(article, controls["pov"], controls["include_weak"])
    about = " · ".join(ui.plain_markdown(x) for x in (article.title, article.outlet, article.date) if x)
    st.caption(f"{about or 'Outlet and date unknown'} · Boundaries: Natural Earth")
    for note in article.notes:
        st.caption(ui.plain_markdown(note))

    st.sidebar.header("Filters")
    speakers = ui.speakers(analysis)
    labels = ui.place_labels(features)
    _keep_valid("speaker_filter", speakers, multi=True)
    _keep_valid("place_filter", list(labels), multi=True)
    chosen_speakers = st.sidebar.multiselect("Speakers", speakers, key="speaker_filter")
    chosen_places = st.sidebar.multiselect("Places", list(labels), format_func=labels.get, key="place_filter")
    st.sidebar.caption(
        "Filters narrow the map, the panel and the tables: a speaker filter keeps only those speakers' "
        "quotes and the places they are linked to. Downloads hold the whole article."
    )
    shown = ui.filter_features(features, chosen_speakers, chosen_places)

    map_col, panel_col = st.columns([5, 2])
    with map_col:
        if features.empty:  # the map is still drawn: its legend says the same
            st.info(
                "No places were found in this article, so the map has nothing to draw. "
                "Check that the text is an English news article."
            )
        elif shown.empty:
            st.info("No place matches the filters. Clear them in the sidebar to see the map.")
        filtered_out = "No place matches the filters." if shown.empty and not features.empty else None
        # The map is always drawn: an empty one says why in its legend.
        fmap = build_map(
            shown,
            _geodata()[0],
            pov=controls["pov"],
            basemap=controls["basemap"],
            outlet=article.outlet,
            date=article.date,
            layers=controls["layers"],
            assets=_leaflet_assets(),
            height=MAP_HEIGHT,
            compact=True,
            message=filtered_out,
        )
        st_folium(
            fmap,
            key="map",
            height=MAP_HEIGHT,
            use_container_width=True,
            returned_objects=RETURNED,
            on_change=_on_map_click,
        )
    with panel_col:
        place_panel(shown, article)

    files = _exports(article, **controls)
    columns = st.columns(3)
    for column, (fmt, name, mime, label) in zip(columns, ui.downloads(stem), strict=True):
        column.download_button(
            label,
            files[fmt],
            file_name=name,
            mime=mime,
            key=f"download_{fmt}",
            on_click="ignore",
            width="stretch",
        )

    places_tab, quotes_tab, text_tab = st.tabs(["Places", "Quotes", "Article text"])
    places_tab.dataframe(ui.places_table(shown), hide_index=True)
    quotes_tab.dataframe(ui.quotes_table(analysis, shown, chosen_speakers, chosen_places), hide_index=True)
    with text_tab:
        st.html(ui.ARTICLE_CSS + ui.ARTICLE_LEGEND)
        st.html(ui.article_html(analysis))


def main() -> None:
    st.set_page_config(page_title="News geography", page_icon="🗺️", layout="wide")
    st.title("News geography")
    controls = map_controls()
    try:
        chosen = input_article()
        if chosen is not None:
            show(*chosen, controls)
    except (ArticleError, GeodataError) as exc:
        st.error(str(exc))
    except Exception as exc:
        log.exception("Unexpected error while mapping an article")
        st.error(
            f"Something went wrong ({type(exc).__name__}). Try another article or reload the page; "
            "the details are in the server log."
        )


main()

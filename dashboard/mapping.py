"""Stage 6: draw the features on a Folium map: layers by role, quote popups, legend, basemaps.

Everything from the article reaches the page only as HTML escaped here and carried
inside GeoJSON properties, so it is shown literally: Folium's own Popup and
Tooltip put strings into JavaScript template literals, where a backtick or
``${`` breaks the map, and its popups need jQuery. This module uses neither.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import shapely
import xyzservices.providers as xyz
from branca.element import Element, MacroElement
from jinja2 import Template
from markupsafe import escape

from dashboard.boundaries import DE_FACTO, POV_LABELS, Boundaries
from dashboard.features import (
    ISO,
    KEY,
    KIND,
    LENGTH_KM,
    LOCAL_NAME,
    MENTIONS,
    NAME,
    QUOTES,
    STATUS,
    SURFACES,
    bounds_of_focus,
)

# CartoDB Positron needs an API key since xyzservices 2026 (requires_token() is True), so the
# light basemap is Esri's World Light Gray Canvas; "positron" stays accepted as its alias.
BASEMAPS = {
    "light": ("Light gray (Esri World Gray Canvas)", xyz.Esri.WorldGrayCanvas),
    "osm": ("OpenStreetMap", xyz.OpenStreetMap.Mapnik),
    "offline": ("Offline (Natural Earth outlines, no network)", None),
}
BASEMAP_ALIASES = {"positron": "light"}
SEA = "#cfe0ec"
LAND = "#f4f1ea"

# One style per role; the legend is drawn from the same table.
STYLES = {
    "region": {"color": "#a63603", "weight": 2, "fillColor": "#e6550d", "fillOpacity": 0.45},
    "region_de_facto": {"color": "#54278f", "weight": 2, "fillColor": "#9e9ac8", "fillOpacity": 0.55},
    "region_occupied": {
        "color": "#a63603",
        "weight": 2,
        "fillColor": "#e6550d",
        "fillOpacity": 0.3,
        "dashArray": "6 4",
    },
    "country": {"color": "#3182bd", "weight": 1, "fillColor": "#9ecae1", "fillOpacity": 0.18},
    "border": {"color": "#d7191c", "weight": 6, "opacity": 0.9, "dashArray": "10 6"},
    "city": {"color": "#08519c", "weight": 2, "fill": True, "fillColor": "#3182bd", "fillOpacity": 0.9},
}
LAYER_NAMES = {
    "country": "Countries (context)",
    "region": "Regions",
    "border": "Borders",
    "city": "Cities",
}
LEGEND_LABELS = {
    "region": "Region the article names",
    "region_de_facto": "Region administered by another country (de facto)",
    "region_occupied": "Region the article calls occupied (de facto view)",
    "country": "Country the article names (context)",
    "border": "Land border the article refers to",
    "city": "City",
}


def esc(value) -> str:
    """HTML-escape article text, and neutralise characters JavaScript template strings treat specially."""
    text = str(escape("" if value is None else value))
    return text.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def popup_html(row) -> str:
    """The popup of one feature: names, codes, how the article names it, and its quotes."""
    parts = [f'<div class="ngd-popup" data-key="{esc(row[KEY])}">', f"<h4>{esc(row[NAME])}</h4>"]
    sub = []
    if row[LOCAL_NAME] and row[LOCAL_NAME] != row[NAME]:
        sub.append(f"Local name: {esc(row[LOCAL_NAME])}")
    if row[ISO]:
        sub.append(f"ISO {esc(row[ISO])}")
    if row[KIND] == "border" and row[LENGTH_KM]:
        sub.append(f"{row[LENGTH_KM]:,.0f} km")
    if sub:
        parts.append(f'<div class="ngd-sub">{" · ".join(sub)}</div>')
    parts.append(f'<div class="ngd-status">{esc(row[STATUS])}</div>')
    surfaces = ", ".join(f"“{esc(s)}”" for s in row[SURFACES])
    times = "once" if row[MENTIONS] == 1 else f"{row[MENTIONS]} times"
    parts.append(f'<div class="ngd-named">The article names it {times}: {surfaces}</div>')
    quotes = row[QUOTES]
    if quotes:
        parts.append(f'<div class="ngd-qhead">{len(quotes)} quote{"s" if len(quotes) != 1 else ""}</div><ol>')
        parts.extend(f"<li>{quote_html(q)}</li>" for q in quotes)
        parts.append("</ol>")
    else:
        parts.append('<div class="ngd-qhead">No quote is linked to this place.</div>')
    parts.append("</div>")
    return "".join(parts)


def quote_html(q: dict) -> str:
    """One linked quote (an entry of a feature's ``quotes``): words, speaker, kind, and why it is here."""
    who = esc(q["speaker"]) + (f", {esc(q['role'])}" if q.get("role") else "")
    where = f" · paragraph {int(q['paragraph'])}" if q.get("paragraph") else ""
    return (
        f'<div class="ngd-quote">“{esc(q["text"])}”</div>'
        f'<div class="ngd-who">— {who} · {esc(q["kind"])}{where}</div>'
        f'<div class="ngd-why">Why here: {esc(q["evidence"])} ({esc(q["detail"])})</div>'
    )


def tooltip_html(row) -> str:
    count = len(row[QUOTES])
    return f"{esc(row[NAME])} — {count} quote{'s' if count != 1 else ''}"


def _style_name(row, pov: str) -> str:
    if row[KIND] != "region":
        return row[KIND]
    status = row[STATUS] or ""
    if "Administered by" in status or (pov != DE_FACTO and "administered by" in status):
        return "region_de_facto" if pov == DE_FACTO else "region"
    if pov == DE_FACTO and "occupied" in status:
        return "region_occupied"
    return "region"


def _feature_collection(frame: gpd.GeoDataFrame, pov: str) -> dict:
    features = []
    for _, row in frame.iterrows():
        style = _style_name(row, pov)
        features.append(
            {
                "type": "Feature",
                "geometry": shapely.geometry.mapping(row.geometry),
                "properties": {
                    "key": row[KEY],
                    "kind": row[KIND],
                    "name": row[NAME],
                    "style": style,
                    "popup": popup_html(row),
                    "tooltip": tooltip_html(row),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


_BIND = folium.JsCode(
    """
    function(feature, layer) {
        layer.bindPopup(feature.properties.popup, {maxWidth: 380, minWidth: 220, autoPanPadding: [20, 20]});
        layer.bindTooltip(feature.properties.tooltip, {sticky: true});
    }
    """
)


def _style_function(feature):
    return STYLES[feature["properties"]["style"]]


class RawHTML(Element):
    """HTML put into the page as it is. folium.Element would compile it as a Jinja template:
    slow for Leaflet's 150 KB, and wrong for any text holding "{{" or "{%"."""

    def __init__(self, html: str):
        super().__init__()
        self.html = html

    def render(self, **kwargs) -> str:
        return self.html


class _Legend(MacroElement):
    """A Leaflet control with the legend; its HTML is built and escaped in Python."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function() {
                var div = L.DomUtil.create("div", "ngd-legend");
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, open_: bool = True):
        super().__init__()
        self._name = "Legend"
        self.html = f"<details{' open' if open_ else ''}><summary>Legend</summary>{html}</details>"


CSS = f"""
.ngd-popup {{ max-height: 320px; overflow-y: auto; font: 13px/1.4 system-ui, sans-serif; }}
.leaflet-popup-content {{ max-width: calc(100vw - 80px); }}
.ngd-popup h4 {{ margin: 0 0 2px; font-size: 15px; }}
.ngd-sub, .ngd-status, .ngd-named {{ color: #444; margin: 2px 0; }}
.ngd-qhead {{ font-weight: 600; margin-top: 6px; }}
.ngd-popup ol {{ padding-left: 18px; margin: 4px 0; }}
.ngd-quote {{ font-style: italic; white-space: pre-wrap; }}
.ngd-who {{ color: #333; }} .ngd-why {{ color: #666; font-size: 12px; margin-bottom: 6px; }}
.ngd-legend {{ background: rgba(255,255,255,.92); padding: 6px 9px; font: 12px/1.35 system-ui, sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 300px; }}
.ngd-legend i {{ display: inline-block; width: 14px; height: 10px; margin-right: 5px; vertical-align: middle;
  border: 2px solid; }}
.ngd-legend .ngd-line {{ height: 0; border-width: 3px 0 0; border-style: dashed; width: 16px; }}
.ngd-legend .ngd-note {{ color: #555; margin-top: 4px; }}
.ngd-legend summary {{ cursor: pointer; font-weight: 600; }}
.ngd-empty {{ font-weight: 600; color: #a50f15; }}
.ngd-offline.leaflet-container {{ background: {SEA}; }}
"""


def legend_html(
    features: gpd.GeoDataFrame,
    pov: str,
    outlet: str | None,
    date: str | None,
    basemap: str,
    message: str | None = None,
) -> str:
    """The legend: the colours in use, the point of view and the sources."""
    used = sorted({_style_name(row, pov) for _, row in features.iterrows()}, key=list(STYLES).index)
    rows = []
    for name in used:
        style = STYLES[name]
        if name == "border":
            swatch = f'<i class="ngd-line" style="border-color:{style["color"]}"></i>'
        else:
            dash = "dashed" if style.get("dashArray") else "solid"
            swatch = (
                f'<i style="background:{style["fillColor"]};border-color:{style["color"]};'
                f'border-style:{dash}"></i>'
            )
        rows.append(f"<div>{swatch}{esc(LEGEND_LABELS[name])}</div>")
    if message:
        rows.insert(0, f'<div class="ngd-empty">{esc(message)}</div>')
    article = " · ".join(esc(x) for x in (outlet, date) if x) or "pasted text"
    basemap = BASEMAP_ALIASES.get(basemap, basemap)
    tiles = "" if basemap == "offline" else f" · Tiles: {esc(BASEMAPS[basemap][0])}"
    rows.append(f'<div class="ngd-note"><b>View:</b> {esc(POV_LABELS[pov])}</div>')
    rows.append(f'<div class="ngd-note">Article: {article} · Boundaries: Natural Earth{tiles}</div>')
    return "".join(rows)


def build_map(
    features: gpd.GeoDataFrame,
    boundaries: Boundaries,
    *,
    pov: str,
    basemap: str = "light",
    outlet: str | None = None,
    date: str | None = None,
    layers: tuple[str, ...] = ("country", "region", "border", "city"),
    assets: str = "cdn",
    height: str | int = "100%",
    compact: bool = False,
    message: str | None = None,
) -> folium.Map:
    """A Folium map of the features.

    ``assets``: "cdn", "inline" (no external script) or a URL prefix serving leaflet.js/css.
    ``compact`` folds the layer list and the legend (for a small embedded map); ``message``
    is shown at the top of the legend, which then stays open (an empty map says why).
    """
    basemap = BASEMAP_ALIASES.get(basemap, basemap)
    if basemap not in BASEMAPS:
        raise ValueError(f"Unknown basemap {basemap!r}; choose one of {', '.join(BASEMAPS)}")
    # Quarter zoom steps let fit_bounds frame the article's places tightly instead of one
    # whole zoom level too far out.
    fmap = folium.Map(
        location=[30, 10],
        zoom_start=2,
        tiles=None,
        control_scale=True,
        height=height,
        prefer_canvas=False,
        zoom_snap=0.25,
        zoom_delta=0.5,
    )
    _set_assets(fmap, assets)
    fmap.get_root().header.add_child(RawHTML(f"<style>{CSS}</style>"))
    bounds = bounds_of_focus(features)
    if basemap == "offline":
        _add_offline_basemap(fmap, boundaries, bounds)
    else:
        label, provider = BASEMAPS[basemap]
        folium.TileLayer(provider, name=label, control=False).add_to(fmap)
    for kind in ("country", "region", "border", "city"):
        frame = features[features[KIND] == kind]
        if frame.empty or kind not in layers:
            continue
        group = folium.FeatureGroup(name=f"{LAYER_NAMES[kind]} ({len(frame)})", show=True)
        folium.GeoJson(
            _feature_collection(frame, pov),
            name=LAYER_NAMES[kind],
            style_function=_style_function,
            highlight_function=lambda f: {"weight": 4, "fillOpacity": 0.6},
            marker=folium.CircleMarker(radius=7) if kind == "city" else None,
            on_each_feature=_BIND,
            embed=True,
        ).add_to(group)
        group.add_to(fmap)
    # compact: a small embedded map keeps the layer list and the legend folded until asked for.
    folium.LayerControl(collapsed=compact).add_to(fmap)
    if message is None and features.empty:
        message = "No places were found in this article."
    _Legend(
        legend_html(features, pov, outlet, date, basemap, message), open_=not compact or bool(message)
    ).add_to(fmap)
    if bounds:
        south, west, north, east = bounds
        fmap.fit_bounds([[south, west], [north, east]], padding=(30, 30), max_zoom=8)
    _number_elements(fmap)
    return fmap


def _number_elements(fmap: folium.Map) -> None:
    """Give every element a sequential id instead of a random one.

    The same article and settings then render the same HTML, byte for byte: the dashboard's
    download equals the CLI's file, and streamlit-folium sees an unchanged map as unchanged.
    """
    figure = fmap.get_root()
    roots = [figure, figure.header, figure.html, figure.script]
    seen: set[int] = set()
    order: list[Element] = []

    def walk(element: Element) -> None:
        if id(element) in seen:
            return
        seen.add(id(element))
        order.append(element)
        for child in element._children.values():
            walk(child)

    for root in roots:
        walk(root)
    for number, element in enumerate(order, start=1):
        element._id = f"{number:032x}"
    for element in order:  # children are keyed by name, which holds the id
        element._children = type(element._children)(
            (child.get_name(), child) for child in element._children.values()
        )


def _add_offline_basemap(fmap: folium.Map, boundaries: Boundaries, bounds) -> None:
    """Natural Earth land outlines on a sea colour: a basemap that needs no network."""
    south, west, north, east = bounds or (-60, -180, 85, 180)
    # Generous padding: the user pans and zooms out, and a wide screen shows far more longitude.
    pad_lat, pad_lon = max(30, 2 * (north - south)), max(70, 3 * (east - west))
    box = (west - pad_lon, max(-85, south - pad_lat), east + pad_lon, min(85, north + pad_lat))
    land = boundaries.basemap.clip_by_rect(*box)
    land = land[~land.is_empty]
    data = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(g)}
            for g in land.values
        ],
    }
    folium.GeoJson(
        data,
        name="Offline basemap",
        control=False,
        interactive=False,
        style_function=lambda f: {"color": "#a8a8a8", "weight": 0.7, "fillColor": LAND, "fillOpacity": 1},
    ).add_to(fmap)
    fmap.add_child(_ClassName("ngd-offline"))


class _ClassName(MacroElement):
    """Adds a CSS class to the map container (for the offline sea colour inside an iframe)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.getContainer().classList.add({{ this.name|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, name: str):
        super().__init__()
        self.name = name


def _set_assets(fmap: folium.Map, assets: str) -> None:
    """Only Leaflet is needed: no jQuery, Bootstrap or Font Awesome (nothing here uses them)."""
    if assets == "cdn":
        fmap.default_js = [js for js in fmap.default_js if js[0] == "leaflet"]
        fmap.default_css = [css for css in fmap.default_css if css[0] == "leaflet_css"]
    elif assets == "inline":
        fmap.default_js, fmap.default_css = [], []
        from dashboard.export import inline_leaflet

        fmap.get_root().header.add_child(RawHTML(inline_leaflet()))
    else:
        base = assets.rstrip("/")
        fmap.default_js = [("leaflet", f"{base}/leaflet.js")]
        fmap.default_css = [("leaflet_css", f"{base}/leaflet.css")]

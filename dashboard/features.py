"""Stage 5: join the analysis to the boundary data: one GeoDataFrame row per drawn feature."""

from __future__ import annotations

from collections import defaultdict

import geopandas as gpd
import shapely

from dashboard.analysis import Analysis
from dashboard.boundaries import DE_FACTO, DE_JURE, Boundaries

# Column names, defined once.
KEY, KIND, ROLE, NAME, LOCAL_NAME, ISO = "key", "kind", "role", "name", "local_name", "iso"
GEONAMEID, COUNTRY, MENTIONS, SURFACES, WEAK, STATUS = (
    "geonameid",
    "country",
    "mentions",
    "surfaces",
    "weak",
    "status",
)
QUOTES, LENGTH_KM, LAT, LON = "quotes", "length_km", "lat", "lon"
COLUMNS = [
    KEY,
    KIND,
    ROLE,
    NAME,
    LOCAL_NAME,
    ISO,
    GEONAMEID,
    COUNTRY,
    MENTIONS,
    SURFACES,
    WEAK,
    STATUS,
    QUOTES,
    LENGTH_KM,
    LAT,
    LON,
]

# Drawing order and layer roles: what the article is about, then context.
KIND_ORDER = {"country": 0, "region": 1, "border": 2, "city": 3}


def build_features(
    analysis: Analysis, boundaries: Boundaries, pov: str = DE_JURE, include_weak: bool = False
) -> gpd.GeoDataFrame:
    """Every place to draw, with its outline, the ways the article names it and its linked quotes.

    Countries known only from a demonym ("Russian forces") are left out unless ``include_weak``.
    Metonyms ("the Kremlin") are never drawn.
    """
    mentions = defaultdict(list)
    for m in analysis.mentions:
        if not m.metonym:
            mentions[m.place.key].append(m)
    for b in analysis.borders:
        mentions[b.border.key].append(b)
    quotes = _quotes_by_place(analysis)

    rows = []
    for key, found in mentions.items():
        weak = all(getattr(m, "weak", False) for m in found)
        if weak and not include_weak:
            continue
        first = found[0]
        surfaces = list(dict.fromkeys(m.surface for m in found))
        common = {KEY: key, MENTIONS: len(found), SURFACES: surfaces, QUOTES: quotes.get(key, [])}
        if key.startswith("border:"):
            border = first.border
            rows.append(
                _row(
                    **common, kind="border", name=border.name, weak=False,
                    status=f"Land border, {border.length_km:,.0f} km (Natural Earth 1:10m)",
                    length_km=border.length_km, lat=border.lat, lon=border.lon,
                    geometry=boundaries.border(border.a, border.b).geometry,
                )
            )  # fmt: skip
            continue
        place = first.place
        geometry, status = _geometry_and_status(place, boundaries, pov, key in analysis.occupied)
        if geometry is None:
            continue
        rows.append(
            _row(
                **common, kind=place.kind, name=place.name, local_name=place.local_name, iso=place.iso,
                geonameid=place.geonameid, country=place.country, weak=weak, status=status,
                lat=place.lat, lon=place.lon, geometry=geometry,
            )
        )  # fmt: skip
    frame = gpd.GeoDataFrame(rows, columns=[*COLUMNS, "geometry"], geometry="geometry", crs="EPSG:4326")
    frame["_order"] = frame[KIND].map(KIND_ORDER)
    frame = frame.sort_values(["_order", NAME], kind="stable").drop(columns="_order").reset_index(drop=True)
    frame.attrs["pov"] = pov
    return frame


def _row(
    *, kind: str, geometry, local_name=None, iso=None, geonameid=None, country=None, length_km=None, **values
) -> dict:
    """One feature row: every column, the role derived from the kind."""
    role = "context" if kind == "country" else "focus"
    return {
        **values, KIND: kind, ROLE: role, LOCAL_NAME: local_name, ISO: iso, GEONAMEID: geonameid,
        COUNTRY: country, LENGTH_KM: length_km, "geometry": geometry,
    }  # fmt: skip


def _geometry_and_status(place, boundaries: Boundaries, pov: str, occupied: bool):
    if place.kind == "city":
        country = boundaries.country(place.country) if place.country else None
        return shapely.Point(
            place.lon, place.lat
        ), f"City in {country['name'] if country is not None else '?'}"
    if place.kind == "country":
        return boundaries.context_geometry(place.adm0_a3, pov), "Country"
    region = boundaries.by_ne_id(place.ne_id)
    if region is None:
        return None, ""
    de_jure, de_facto = region["adm0_a3"], region["adm0_a3_de_facto"]
    jure_name = _country_name(boundaries, de_jure)
    facto_name = _country_name(boundaries, de_facto)
    if de_jure != de_facto:
        status = (
            f"Administered by {facto_name} (de facto); part of {jure_name} de jure"
            if pov == DE_FACTO
            else f"Part of {jure_name}; administered by {facto_name} de facto"
        )
    elif occupied:
        status = f"Part of {jure_name}; the article describes it as occupied" + (
            " (partly occupied, per the article)" if pov == DE_FACTO else ""
        )
    else:
        status = f"Region of {jure_name}"
    return region.geometry, status


def _country_name(boundaries: Boundaries, adm0_a3: str) -> str:
    row = boundaries.country(adm0_a3)
    return adm0_a3 if row is None else row["name"]


def _quotes_by_place(analysis: Analysis) -> dict[str, list[dict]]:
    """Place key -> the quotes linked to it, each with the link's evidence."""
    out: dict[str, list[dict]] = defaultdict(list)
    for link in analysis.links:
        quote = analysis.quotes[link.quote]
        out[link.place_key].append(
            {
                "quote": link.quote,
                "speaker": quote.speaker or "Unattributed",
                "role": quote.speaker_role,
                "text": quote.text,
                "kind": quote.kind,
                "cue": quote.cue,
                "evidence": link.evidence,
                "detail": link.detail,
                "paragraph": quote.paragraph + 1,
                "weak": link.weak,
            }
        )
    return dict(out)


def bounds_of_focus(features: gpd.GeoDataFrame) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) of what the article is about: regions, borders and cities first."""
    focus = features[features[ROLE] == "focus"]
    frame = focus if not focus.empty else features
    if frame.empty:
        return None
    minx, miny, maxx, maxy = frame.total_bounds
    return float(miny), float(minx), float(maxy), float(maxx)

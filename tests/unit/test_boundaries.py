"""Boundary data: the founding features, points of view, borders, validity, and clear errors."""

from __future__ import annotations

import json

import pytest
import shapely

from dashboard.boundaries import (
    DE_FACTO,
    DE_JURE,
    GeodataError,
    NoSharedBorder,
    _load_cached,
    load_boundaries,
)

# ISO 3166-2 code -> a name a reader would recognise (from the issue and the article).
FOUNDING = {
    "UA-43": "Crimea",
    "UA-40": "Sevastopol",
    "UA-14": "Donetsk",
    "UA-09": "Luhansk",
    "UA-23": "Zaporizhzhia",
    "UA-65": "Kherson",
}


@pytest.mark.parametrize("code,name", FOUNDING.items())
def test_founding_regions_load_with_code_and_name(boundaries, code, name):
    region = boundaries.region(code)
    assert region is not None
    assert name.lower() in region["names"].lower()
    assert region["adm0_a3"] == "UKR"  # de jure: all six are Ukrainian


def test_transliteration_variants_are_kept_as_names(boundaries):
    names = boundaries.region("UA-23")["names"].split("|")
    assert "Zaporizhia" in names
    assert "Lugansk" in boundaries.region("UA-09")["names"].split("|")


def test_crimea_is_ukrainian_de_jure_and_russian_de_facto(boundaries):
    crimea = boundaries.region("UA-43")
    inside = shapely.point_on_surface(crimea.geometry)
    assert boundaries.country_geometry("UKR", DE_JURE).contains(inside)
    assert not boundaries.country_geometry("RUS", DE_JURE).contains(inside)
    assert boundaries.country_geometry("RUS", DE_FACTO).contains(inside)
    assert not boundaries.country_geometry("UKR", DE_FACTO).contains(inside)
    assert boundaries.region_country(crimea, DE_JURE) == "UKR"
    assert boundaries.region_country(crimea, DE_FACTO) == "RUS"


def test_sevastopol_is_normalised_not_inherited(boundaries):
    # Raw Natural Earth admin-1 gives UA-40 to RUS; the build must record both.
    sevastopol = boundaries.region("UA-40")
    assert sevastopol["adm0_a3"] == "UKR"
    assert sevastopol["adm0_a3_de_facto"] == "RUS"


def test_finland_russia_border_length_in_range(boundaries):
    border = boundaries.border("FI", "RU")
    assert 1150 <= border["length_km"] <= 1400
    assert border.geometry.geom_type in ("LineString", "MultiLineString")
    assert boundaries.border("RUS", "FIN")["length_km"] == border["length_km"]


def test_countries_that_do_not_touch_have_no_border(boundaries):
    with pytest.raises(NoSharedBorder, match="do not share a land border"):
        boundaries.border("FI", "UA")


def test_unknown_country_code_is_a_key_error(boundaries):
    with pytest.raises(KeyError):
        boundaries.border("FI", "XX")


def test_lookups_by_iso3_ne_id_and_name(boundaries):
    finland = boundaries.country("FIN")
    assert finland["iso_a2"] == "FI"
    assert boundaries.by_ne_id(int(finland["ne_id"]))["name"] == "Finland"
    assert any(row["iso_3166_2"] == "UA-09" for row in boundaries.find("Lugansk"))


def test_no_geometry_is_invalid(boundaries):
    for frame in (
        boundaries.countries,
        boundaries.regions,
        boundaries.countries_de_facto,
        boundaries.basemap,
    ):
        assert frame.is_valid.all()
        assert not frame.is_empty.any()


def test_every_region_has_a_country(boundaries):
    known = set(boundaries.countries["adm0_a3"])
    assert boundaries.regions["adm0_a3"].isin(known).all()


def test_russia_does_not_span_the_antimeridian_as_a_band(boundaries):
    # Chukotka is moved past 180°E, so no ring jumps from +180 to -180.
    russia = boundaries.country_geometry("RUS")
    minx, _, maxx, _ = russia.bounds
    assert minx > 0 and maxx > 180
    for polygon in shapely.get_parts(russia):
        xs = shapely.get_coordinates(polygon.exterior)[:, 0]
        assert (abs(xs[1:] - xs[:-1]) < 180).all()


def test_founding_features_are_small_as_geojson(boundaries):
    shapes = [boundaries.region(code).geometry for code in FOUNDING]
    shapes.append(boundaries.border("FI", "RU").geometry)
    text = json.dumps({"type": "GeometryCollection", "geometries": [s.__geo_interface__ for s in shapes]})
    assert len(text) < 100_000


def test_neighbouring_regions_share_edges_without_gaps(boundaries):
    donetsk, luhansk = boundaries.region("UA-14").geometry, boundaries.region("UA-09").geometry
    shared = donetsk.boundary.intersection(luhansk.boundary)
    assert shared.length > 1.0  # degrees: a real shared edge, not a touching point
    assert donetsk.intersection(luhansk).area < 1e-6  # no overlap


def test_missing_file_names_it_and_says_how_to_rebuild(tmp_path):
    with pytest.raises(GeodataError) as info:
        load_boundaries(tmp_path)
    message = str(info.value)
    assert "countries.parquet" in message and "geodata/build.py" in message


def test_corrupt_file_names_it_and_says_how_to_rebuild(tmp_path, boundaries):
    from dashboard.boundaries import GEODATA

    for item in GEODATA.glob("*.parquet"):
        (tmp_path / item.name).write_bytes(item.read_bytes())
    (tmp_path / "regions.parquet").write_bytes(b"PAR1 this is not parquet")
    _load_cached.cache_clear()
    with pytest.raises(GeodataError) as info:
        load_boundaries(tmp_path)
    assert "regions.parquet" in str(info.value) and "rebuild" in str(info.value)


@pytest.mark.parametrize("code,name", [("GB-ENG", "England"), ("GB-SCT", "Scotland"), ("GB-WLS", "Wales")])
def test_uk_countries_are_regions_made_of_their_admin1_units(boundaries, code, name):
    region = boundaries.region(code)
    assert region["name"] == name and region["adm0_a3"] == "GBR"
    assert region.geometry.is_valid and boundaries.country_geometry("GBR").intersects(region.geometry)


def test_london_lies_in_england_not_scotland(boundaries):
    london = shapely.Point(-0.1276, 51.5072)
    assert boundaries.region("GB-ENG").geometry.contains(london)
    assert not boundaries.region("GB-SCT").geometry.contains(london)

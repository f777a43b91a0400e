"""Boundary data: Natural Earth countries, first-level regions, land borders and cities.

I/O lives here: the committed GeoParquet files in ``geodata/`` are read once per
process (``functools.cache``) and looked up by ISO code, Natural Earth id or name.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
import shapely

GEODATA = Path(__file__).resolve().parent.parent / "geodata"
REBUILD_HINT = "Restore it with `git checkout -- geodata/` or rebuild it with `python geodata/build.py`."

CONTEXT_TOLERANCE = 0.05  # degrees; context outlines need no more
DE_JURE = "de-jure"
DE_FACTO = "de-facto"
POV_LABELS = {
    DE_JURE: "De jure (internationally recognised borders, UN GA resolution 68/262)",
    DE_FACTO: "De facto (areas shown under the country that administers them)",
}


class GeodataError(RuntimeError):
    """A geodata file is missing or unreadable; the message names it and says how to restore it."""


class NoSharedBorder(LookupError):
    """Two countries that do not share a land border."""


@dataclass(frozen=True)
class Boundaries:
    """The boundary layers of one geodata folder, each read on first use and then kept.

    Frames are read-only by convention. Every file's footer is checked when the folder is
    opened (``load_boundaries``), so a missing or damaged file is reported up front.
    """

    folder: Path

    @functools.cached_property
    def countries(self) -> gpd.GeoDataFrame:
        return _read(self.folder / _FILES["countries"], geo=True)

    @functools.cached_property
    def country_table(self) -> pd.DataFrame:
        """Country attributes without their outlines: quick to read, enough for every lookup."""
        path = self.folder / _FILES["countries"]
        _check(path)
        columns = [name for name in pq.read_schema(path).names if name != "geometry"]
        return pd.read_parquet(path, columns=columns)

    @functools.cached_property
    def countries_de_facto(self) -> gpd.GeoDataFrame:
        return _read(self.folder / _FILES["countries_de_facto"], geo=True)

    @functools.cached_property
    def regions(self) -> gpd.GeoDataFrame:
        return _read(self.folder / _FILES["regions"], geo=True)

    @functools.cached_property
    def borders(self) -> gpd.GeoDataFrame:
        return _read(self.folder / _FILES["borders"], geo=True)

    @functools.cached_property
    def basemap(self) -> gpd.GeoDataFrame:
        return _read(self.folder / _FILES["basemap"], geo=True)

    @functools.cached_property
    def cities(self) -> pd.DataFrame:
        return _read(self.folder / _FILES["cities"], geo=False)

    @functools.cached_property
    def _ne_rows(self) -> dict[int, tuple[str, int]]:
        index = {int(ne): ("regions", i) for i, ne in enumerate(self.regions["ne_id"])}
        index.update({int(ne): ("country_table", i) for i, ne in enumerate(self.country_table["ne_id"])})
        return index

    @functools.cached_property
    def _country_rows(self) -> dict[str, int]:
        """Code -> row position; adm0_a3 first, so a clash resolves to the Natural Earth code."""
        index: dict[str, int] = {}
        for column in ("adm0_a3", "iso_a2", "iso_a3"):
            for position, code in enumerate(self.country_table[column]):
                if isinstance(code, str) and code:
                    index.setdefault(code, position)
        return index

    @functools.cached_property
    def _border_rows(self) -> dict[tuple[str, str], int]:
        pairs = zip(self.borders["a_adm0_a3"], self.borders["b_adm0_a3"], strict=True)
        return {pair: position for position, pair in enumerate(pairs)}

    def country(self, code: str) -> pd.Series | None:
        """A country by ISO 3166-1 alpha-2 or alpha-3 (or Natural Earth ADM0_A3) code."""
        position = self._country_rows.get(code.upper())
        return None if position is None else self.country_table.iloc[position]

    def region(self, iso_3166_2: str) -> pd.Series | None:
        """A first-level region by ISO 3166-2 code (the first one where Natural Earth repeats a code)."""
        rows = self.regions[self.regions["iso_3166_2"] == iso_3166_2.upper()]
        return None if rows.empty else rows.iloc[0]

    def by_ne_id(self, ne_id: int) -> pd.Series | None:
        """A region (with its outline) or a country (attributes only) by Natural Earth id."""
        hit = self._ne_rows.get(int(ne_id))
        return None if hit is None else getattr(self, hit[0]).iloc[hit[1]]

    def find(self, name: str) -> list[pd.Series]:
        """Countries and regions whose name or any spelling variant equals ``name`` (case-insensitive)."""
        wanted = name.casefold()
        hits = []
        for frame in (self.countries, self.regions):
            names = frame["names"].str.casefold().str.split("|")
            mask = names.map(lambda variants: wanted in variants)
            hits.extend(row for _, row in frame[mask].iterrows())
        return hits

    def country_geometry(self, adm0_a3: str, pov: str = DE_JURE):
        """A country's outline in the chosen point of view."""
        if pov == DE_FACTO:
            rows = self.countries_de_facto[self.countries_de_facto["adm0_a3"] == adm0_a3]
            if not rows.empty:
                return rows.geometry.iloc[0]
        rows = self.countries[self.countries["adm0_a3"] == adm0_a3]
        return None if rows.empty else rows.geometry.iloc[0]

    def context_geometry(self, adm0_a3: str, pov: str = DE_JURE):
        """A light outline of a country for the context layer (basemap detail keeps maps small)."""
        if pov == DE_FACTO and (self.countries_de_facto["adm0_a3"] == adm0_a3).any():
            return shapely.simplify(self.country_geometry(adm0_a3, pov), CONTEXT_TOLERANCE)
        rows = self.basemap[self.basemap["adm0_a3"] == adm0_a3]
        return rows.geometry.iloc[0] if not rows.empty else self.country_geometry(adm0_a3, pov)

    def region_country(self, region: pd.Series, pov: str = DE_JURE) -> str:
        """The adm0_a3 of the country a region belongs to in the chosen point of view."""
        return region["adm0_a3_de_facto"] if pov == DE_FACTO else region["adm0_a3"]

    def border(self, a: str, b: str) -> pd.Series:
        """The land border of two countries (ISO alpha-2 or adm0_a3 codes).

        Raises NoSharedBorder when they do not touch, and KeyError for an unknown code.
        """
        codes = []
        for code in (a, b):
            position = self._country_rows.get(code.upper())
            if position is None:
                raise KeyError(f"Unknown country code {code!r}")
            codes.append(self.country_table["adm0_a3"].iat[position])
        position = self._border_rows.get(tuple(sorted(codes)))
        if position is None:
            first, second = (self.country(code)["name"] for code in codes)
            raise NoSharedBorder(f"{first} and {second} do not share a land border.")
        return self.borders.iloc[position]

    def neighbours(self, adm0_a3: str) -> set[str]:
        """The adm0_a3 codes of the countries sharing a land border with this one."""
        frame = self.borders
        return set(frame.loc[frame["a_adm0_a3"] == adm0_a3, "b_adm0_a3"]) | set(
            frame.loc[frame["b_adm0_a3"] == adm0_a3, "a_adm0_a3"]
        )


_FILES = {
    "countries": "countries.parquet",
    "countries_de_facto": "countries_de_facto.parquet",
    "regions": "regions.parquet",
    "borders": "borders.parquet",
    "basemap": "basemap.parquet",
    "cities": "cities.parquet",
}


def _read(path: Path, geo: bool):
    _check(path)
    try:
        return gpd.read_parquet(path) if geo else pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise GeodataError(f"Boundary file {path} cannot be read ({exc}). {REBUILD_HINT}") from exc


def _check(path: Path) -> None:
    """Fail early and clearly on a missing file or one whose Parquet footer is damaged."""
    if not path.exists():
        raise GeodataError(f"Boundary file {path} is missing. {REBUILD_HINT}")
    try:
        pq.read_metadata(path)
    except Exception as exc:
        raise GeodataError(f"Boundary file {path} cannot be read ({exc}). {REBUILD_HINT}") from exc


def load_boundaries(folder: Path | str = GEODATA) -> Boundaries:
    """The boundary layers of ``folder`` (one object per folder for the process).

    Raises GeodataError naming the file, and how to restore it, when one is missing or damaged.
    """
    return _load_cached(str(Path(folder).resolve()))


@functools.cache
def _load_cached(folder: str) -> Boundaries:
    base = Path(folder)
    for name in _FILES.values():
        _check(base / name)
    return Boundaries(base)

"""The gazetteer: every name of every country, region and city, in one Aho-Corasick automaton.

Built from the boundary files (Natural Earth names, ``name_alt`` variants and Latin
translations; GeoNames cities of 15,000+ people with their alternate names). Text
is folded (case, diacritics, apostrophes and dashes) without changing its length,
so a match in the folded text has the same span in the original.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import pickle
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from dashboard.boundaries import GEODATA, Boundaries, load_boundaries

CACHE_VERSION = 26
SMALL_CITY = 100_000  # below this, a city is known by its GeoNames name only


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: one country, region or city."""

    key: str  # "country:UA", "region:<ne_id>", "city:<geonameid>"
    kind: str  # country | region | city
    name: str  # English display name
    local_name: str | None
    iso: str | None  # ISO 3166-1 alpha-2 for countries, ISO 3166-2 for regions
    country: str | None  # ISO alpha-2 of the country it belongs to (de jure)
    adm0_a3: str | None
    geonameid: int | None
    ne_id: int | None
    lat: float
    lon: float
    population: int = 0
    region_type: str | None = None
    region_iso: str | None = None  # for cities: the ISO 3166-2 region holding them

    @property
    def prior(self) -> float:
        """How likely this reading is before any context: countries first, then by size."""
        if self.kind == "country":
            return 100.0
        if self.kind == "region":
            return 45.0
        return 10.0 * math.log10(max(self.population, 10))


# Hand-kept aliases Natural Earth lacks: short forms journalists use. ISO alpha-2 codes.
COUNTRY_ALIASES = {
    "US": "US",
    "U.S.": "US",
    "USA": "US",
    "U.S.A.": "US",
    "America": "US",
    "United States of America": "US",
    "the States": "US",
    "UK": "GB",
    "U.K.": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "Holland": "NL",
    "the Netherlands": "NL",
    "UAE": "AE",
    "U.A.E.": "AE",
    "Emirates": "AE",
    "DRC": "CD",
    "DR Congo": "CD",
    "Congo-Kinshasa": "CD",
    "Congo-Brazzaville": "CG",
    "Ivory Coast": "CI",
    "Czechia": "CZ",
    "Burma": "MM",
    "Swaziland": "SZ",
    "South Korea": "KR",
    "North Korea": "KP",
    "Russian Federation": "RU",
    "Vatican": "VA",
    "Vatican City": "VA",
    "East Timor": "TL",
    "Cape Verde": "CV",
    "Macedonia": "MK",
    "Turkiye": "TR",
    "Türkiye": "TR",
    "Gaza": "PS",
    "Gaza Strip": "PS",
    "West Bank": "PS",
    "Palestinian territories": "PS",
    "PRC": "CN",
    "Mainland China": "CN",
}

# AP-style abbreviations of US states, read only in a dateline or address ("OAKLAND, Calif.",
# "Lafayette, Ind."), where they follow a place and a comma. ISO 3166-2 codes.
STATE_ABBREVIATIONS = {
    "Ala.": "US-AL", "Ariz.": "US-AZ", "Ark.": "US-AR", "Calif.": "US-CA", "Colo.": "US-CO",
    "Conn.": "US-CT", "Del.": "US-DE", "Fla.": "US-FL", "Ga.": "US-GA", "Ill.": "US-IL",
    "Ind.": "US-IN", "Kan.": "US-KS", "Kans.": "US-KS", "Ky.": "US-KY", "La.": "US-LA",
    "Md.": "US-MD", "Mass.": "US-MA", "Mich.": "US-MI", "Minn.": "US-MN", "Miss.": "US-MS",
    "Mo.": "US-MO", "Mont.": "US-MT", "Neb.": "US-NE", "Nebr.": "US-NE", "Nev.": "US-NV",
    "N.H.": "US-NH", "N.J.": "US-NJ", "N.M.": "US-NM", "N.Y.": "US-NY", "N.C.": "US-NC",
    "N.D.": "US-ND", "Okla.": "US-OK", "Ore.": "US-OR", "Pa.": "US-PA", "R.I.": "US-RI",
    "S.C.": "US-SC", "S.D.": "US-SD", "Tenn.": "US-TN", "Tex.": "US-TX", "Vt.": "US-VT",
    "Va.": "US-VA", "Wash.": "US-WA", "W.Va.": "US-WV", "Wis.": "US-WI", "Wyo.": "US-WY",
}  # fmt: skip

# Adjectives and demonyms: weaker evidence of a country ("Russian armed forces").
DEMONYMS = {
    "AF": "Afghan|Afghans",
    "AL": "Albanian|Albanians",
    "DZ": "Algerian|Algerians",
    "AR": "Argentine|Argentinian|Argentinians",
    "AM": "Armenian|Armenians",
    "AU": "Australian|Australians",
    "AT": "Austrian|Austrians",
    "AZ": "Azerbaijani|Azerbaijanis",
    "BD": "Bangladeshi|Bangladeshis",
    "BY": "Belarusian|Belarusians",
    "BE": "Belgian|Belgians",
    "BO": "Bolivian|Bolivians",
    "BA": "Bosnian|Bosnians",
    "BR": "Brazilian|Brazilians",
    "BG": "Bulgarian|Bulgarians",
    "KH": "Cambodian|Cambodians",
    "CM": "Cameroonian|Cameroonians",
    "CA": "Canadian|Canadians",
    "CL": "Chilean|Chileans",
    "CN": "Chinese",
    "CO": "Colombian|Colombians",
    "HR": "Croatian|Croatians|Croat|Croats",
    "CU": "Cuban|Cubans",
    "CY": "Cypriot|Cypriots",
    "CZ": "Czech|Czechs",
    "DK": "Danish|Dane|Danes",
    "EC": "Ecuadorian|Ecuadorians",
    "EG": "Egyptian|Egyptians",
    "EE": "Estonian|Estonians",
    "ET": "Ethiopian|Ethiopians",
    "FI": "Finnish|Finn|Finns",
    "FR": "French",
    "GE": "Georgian|Georgians",
    "DE": "German|Germans",
    "GH": "Ghanaian|Ghanaians",
    "GR": "Greek|Greeks",
    "GT": "Guatemalan|Guatemalans",
    "HT": "Haitian|Haitians",
    "HN": "Honduran|Hondurans",
    "HU": "Hungarian|Hungarians",
    "IS": "Icelandic|Icelanders",
    "IN": "Indian|Indians",
    "ID": "Indonesian|Indonesians",
    "IR": "Iranian|Iranians",
    "IQ": "Iraqi|Iraqis",
    "IE": "Irish",
    "IL": "Israeli|Israelis",
    "IT": "Italian|Italians",
    "JM": "Jamaican|Jamaicans",
    "JP": "Japanese",
    "JO": "Jordanian|Jordanians",
    "KZ": "Kazakh|Kazakhs|Kazakhstani",
    "KE": "Kenyan|Kenyans",
    "KW": "Kuwaiti|Kuwaitis",
    "KG": "Kyrgyz",
    "LV": "Latvian|Latvians",
    "LB": "Lebanese",
    "LY": "Libyan|Libyans",
    "LT": "Lithuanian|Lithuanians",
    "MY": "Malaysian|Malaysians",
    "ML": "Malian|Malians",
    "MX": "Mexican|Mexicans",
    "MD": "Moldovan|Moldovans",
    "MN": "Mongolian|Mongolians",
    "MA": "Moroccan|Moroccans",
    "MM": "Burmese",
    "NP": "Nepali|Nepalese",
    "NL": "Dutch",
    "NZ": "New Zealander|New Zealanders",
    "NI": "Nicaraguan|Nicaraguans",
    "NG": "Nigerian|Nigerians",
    "KP": "North Korean|North Koreans",
    "NO": "Norwegian|Norwegians",
    "PK": "Pakistani|Pakistanis",
    "PS": "Palestinian|Palestinians",
    "PA": "Panamanian|Panamanians",
    "PY": "Paraguayan|Paraguayans",
    "PE": "Peruvian|Peruvians",
    "PH": "Filipino|Filipinos|Philippine",
    "PL": "Polish|Pole|Poles",
    "PT": "Portuguese",
    "QA": "Qatari|Qataris",
    "RO": "Romanian|Romanians",
    "RU": "Russian|Russians",
    "RW": "Rwandan|Rwandans",
    "SA": "Saudi|Saudis|Saudi Arabian",
    "RS": "Serbian|Serbians|Serb|Serbs",
    "SG": "Singaporean|Singaporeans",
    "SK": "Slovak|Slovaks",
    "SI": "Slovenian|Slovenians",
    "SO": "Somali|Somalis",
    "ZA": "South African|South Africans",
    "KR": "South Korean|South Koreans",
    "SS": "South Sudanese",
    "ES": "Spanish|Spaniard|Spaniards",
    "LK": "Sri Lankan|Sri Lankans",
    "SD": "Sudanese",
    "SE": "Swedish|Swede|Swedes",
    "CH": "Swiss",
    "SY": "Syrian|Syrians",
    "TW": "Taiwanese",
    "TJ": "Tajik|Tajiks",
    "TZ": "Tanzanian|Tanzanians",
    "TH": "Thai",
    "TN": "Tunisian|Tunisians",
    "TR": "Turkish|Turk|Turks",
    "TM": "Turkmen",
    "UG": "Ugandan|Ugandans",
    "UA": "Ukrainian|Ukrainians",
    "AE": "Emirati|Emiratis",
    "GB": "British|Briton|Britons",
    "US": "American|Americans",
    "UY": "Uruguayan|Uruguayans",
    "UZ": "Uzbek|Uzbeks",
    "VE": "Venezuelan|Venezuelans",
    "VN": "Vietnamese",
    "YE": "Yemeni|Yemenis",
    "ZM": "Zambian|Zambians",
    "ZW": "Zimbabwean|Zimbabweans",
    "SV": "Salvadoran|Salvadorans",
    "DO": "Dominican|Dominicans",
    "CR": "Costa Rican|Costa Ricans",
    "LU": "Luxembourgish",
    "MT": "Maltese",
    "ME": "Montenegrin|Montenegrins",
    "MK": "Macedonian|Macedonians",
    "XK": "Kosovar|Kosovars",
    "BH": "Bahraini|Bahrainis",
    "OM": "Omani|Omanis",
    "SN": "Senegalese",
    "CD": "Congolese",
    "MZ": "Mozambican|Mozambicans",
    "AO": "Angolan|Angolans",
    "NE": "Nigerien|Nigeriens",
    "BF": "Burkinabe",
    "TD": "Chadian|Chadians",
    "ER": "Eritrean|Eritreans",
}

# Buildings and streets that stand for a government ("the Kremlin said"): metonymy,
# kept as weak evidence of the country, never drawn as a place.
METONYMS = {
    "Kremlin": "RU",
    "White House": "US",
    "Pentagon": "US",
    "Capitol Hill": "US",
    "Downing Street": "GB",
    "Whitehall": "GB",
    "Elysee": "FR",
    "Élysée": "FR",
    "Elysee Palace": "FR",
    "Zhongnanhai": "CN",
    "Quai d'Orsay": "FR",
    "Foggy Bottom": "US",
    "Bankova": "UA",
}

# Names that collide with everyday words or titles; matched only in an exact case
# and never alone at a sentence start. Generic region names ("Central", "North")
# come from Natural Earth's admin-1 list.
GENERIC_NAMES = {
    "central",
    "centre",
    "center",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "capital",
    "coast",
    "islands",
    "island",
    "lakes",
    "river",
    "mountain",
    "highlands",
    "lowlands",
    "plateau",
    "valley",
    "city",
    "metropolitan",
    "interior",
    "border",
    "frontier",
    "upper",
    "lower",
    "middle",
    "greater",
    "federal",
    "national",
    "union",
    "independence",
    "liberty",
    "victoria",
    "of",
    "the",
    "and",
    "sale",
    "split",
    "bath",
    "mobile",
    "buffalo",
    "orange",
    "marine",
    "university",
    "college",
    "media",
    "police",
    "union city",
    "march",
    "may",
    "june",
    "july",
    "august",
    "april",
    "monday",
    "friday",
    "sunday",
    "asia",
    "europe",
    "africa",
    "republic",
    "people",
    "president",
    "hope",
    "paradise",
    "progress",
    "unity",
    "concord",
    "commerce",
    "industry",
    "enterprise",
    "providence",
    "temple",
    "tribune",
    "herald",
    "sun",
    "star",
    "post",
    "globe",
    "mirror",
    "guardian",
    "telegraph",
    "independent",
}


_NON_WORD = re.compile(r"\W")
WORD_EDGE = "\x01"


def mark_word_edges(folded: str) -> str:
    """The folded text with every non-word character replaced by a mark, and a mark added at
    each end: "in Paris." becomes "|in|paris||" (| for the mark), two characters longer."""
    return WORD_EDGE + _NON_WORD.sub(WORD_EDGE, folded) + WORD_EDGE


_ABBREVIATION = re.compile(r"(?:\w\.)+")


def _marked_key(folded_name: str) -> str:
    """A name as the automaton holds it: marks before and after it, so it matches whole words.

    Separators at either end are dropped ("Sevastopol'" is "Sevastopol"): in the marked text
    they would match any punctuation after the name. Abbreviations keep their dots ("u.s.").
    """
    if not _ABBREVIATION.fullmatch(folded_name):
        folded_name = folded_name.strip("".join({c for c in folded_name if not c.isalnum()}))
    return mark_word_edges(folded_name)


def fold(text: str) -> str:
    """Lower-case, strip diacritics, unify apostrophes and dashes; same length as ``text``."""
    if len(text) < 200:  # a name or a phrase: the table alone is quickest
        return text.translate(_FOLD_TABLE)
    lowered = text.lower()
    if len(lowered) != len(text):  # "İ" lowers to two characters: fold char by char instead
        return text.translate(_FOLD_TABLE)
    # News text is mostly ASCII: lower() does that part in C, str.replace the punctuation news
    # uses most, and only what is left (accented letters) goes through the table.
    for old, new in _COMMON_FOLDS:
        if old in lowered:
            lowered = lowered.replace(old, new)
    return _FOLD_REST.sub(_fold_match, lowered)


def _fold_match(match: re.Match) -> str:
    return match.group().translate(_FOLD_TABLE)


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20, 0x2100):
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        low = base.lower()
        if len(low) == 1 and low != ch:
            table[code] = low
        elif len(ch.lower()) == 1 and ch.lower() != ch:
            table[code] = ch.lower()  # "ǈ": as str.lower() has it, so both ways of folding agree
    for ch in "’‘ʼ`´":
        table[ord(ch)] = "'"
    for ch in "‐‑‒–—―":
        table[ord(ch)] = "-"
    table.update(
        {
            ord("ł"): "l",
            ord("Ł"): "l",
            ord("ø"): "o",
            ord("Ø"): "o",
            ord("đ"): "d",
            ord("Đ"): "d",
            ord("ı"): "i",
            ord("\u00a0"): " ",
            ord("\n"): " ",
            ord("\t"): " ",
        }
    )
    return table


_FOLD_TABLE = _fold_table()
_COMMON_FOLDS = [(ch, _FOLD_TABLE[ord(ch)]) for ch in "’‘“”–—\n\t\u00a0" if ord(ch) in _FOLD_TABLE]


def _char_class(codes: list[int]) -> str:
    """A regex character class matching exactly these code points (as ranges)."""
    ranges, start, prev = [], None, None
    for code in sorted(codes):
        if start is None:
            start = prev = code
        elif code == prev + 1:
            prev = code
        else:
            ranges.append((start, prev))
            start = prev = code
    if start is not None:
        ranges.append((start, prev))
    return (
        "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges) + "]"
    )


# What lower() and the replacements leave for the table: the characters it still changes.
_FOLD_REST = re.compile(
    _char_class([c for c, v in _FOLD_TABLE.items() if c >= 0x80 and chr(c).lower() != v]) + "+|`+"
)


class PlaceTable(Sequence):
    """The gazetteer's places, kept as plain tuples and made into Place objects when first read.

    Unpickling 38,000 dataclass instances took longer than the rest of the cache together;
    an article reads a few dozen of them.
    """

    def __init__(self, places: list[Place]):
        self._rows = [tuple(getattr(p, f.name) for f in dataclasses.fields(Place)) for p in places]
        self._made: dict[int, Place] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index: int) -> Place:  # type: ignore[override]
        place = self._made.get(index)
        if place is None:
            place = self._made[index] = Place(*self._rows[index])
        return place

    def __getstate__(self):
        return self._rows

    def __setstate__(self, rows) -> None:
        self._rows = rows
        self._made = {}


@dataclass
class Gazetteer:
    """Places, and an automaton from folded names to the places they may mean."""

    places: PlaceTable
    automaton: ahocorasick.Automaton  # folded name -> (name, tuple of place indices, name kind)
    by_key: dict[str, int]
    region_keys: dict[str, str]  # ISO 3166-2 -> key of the first region with that code
    common_words: frozenset[str] = frozenset()  # everyday words that are also city names
    person_names: frozenset[str] = frozenset()  # common given names and surnames that are also places

    def lookup(self, name: str):
        """The automaton's entry for exactly this name, (length, place indices, kind), or None."""
        marked = _marked_key(fold(" ".join(name.split())))
        return self.automaton.get(marked, None)

    def place(self, key: str) -> Place | None:
        index = self.by_key.get(key)
        return None if index is None else self.places[index]

    def country(self, iso_a2: str) -> Place | None:
        return self.place(f"country:{iso_a2}")

    def iter_matches(self, folded: str):
        """Yield (start, end, name kind, place indices) for every name that is whole words.

        Keys and text carry marks at word edges (see ``mark_word_edges``), so the automaton
        never reports the "ina" inside "China" nor "Bra" at the start of "Brazil".
        """
        for end_index, (length, indices, name_kind) in self.automaton.iter(mark_word_edges(folded)):
            # In the marked text index i holds folded[i - 1]: the first mark stands on the
            # separator before the name, the last one on the separator after it.
            yield end_index - length + 1, end_index - 1, name_kind, indices


def _places(b: Boundaries) -> list[Place]:
    places: list[Place] = []
    for row in b.countries.itertuples(index=False):
        places.append(
            Place(
                key=f"country:{row.iso_a2 or row.adm0_a3}",
                kind="country",
                name=row.name,
                local_name=None,
                iso=row.iso_a2,
                country=row.iso_a2,
                adm0_a3=row.adm0_a3,
                geonameid=int(row.geonameid) if row.geonameid > 0 else None,
                ne_id=int(row.ne_id),
                lat=round(row.label_lat, 4),
                lon=round(row.label_lon, 4),
                population=int(row.population),
            )
        )
    iso_of = dict(zip(b.countries["adm0_a3"], b.countries["iso_a2"], strict=True))
    for row in b.regions.itertuples(index=False):
        places.append(
            Place(
                key=f"region:{row.ne_id}",
                kind="region",
                name=row.name_en or row.name,
                local_name=row.name_local if isinstance(row.name_local, str) and row.name_local else None,
                iso=row.iso_3166_2 if "-99" not in row.iso_3166_2 else None,
                country=iso_of.get(row.adm0_a3),
                adm0_a3=row.adm0_a3,
                geonameid=int(row.gn_id) if row.gn_id > 0 else None,
                ne_id=int(row.ne_id),
                lat=round(row.lat, 4),
                lon=round(row.lon, 4),
                region_type=row.type_en,
            )
        )
    for row in b.cities.itertuples(index=False):
        places.append(
            Place(
                key=f"city:{row.geonameid}",
                kind="city",
                name=row.name,
                local_name=None,
                iso=None,
                country=row.iso_a2,
                adm0_a3=None,
                geonameid=int(row.geonameid),
                ne_id=None,
                lat=row.lat,
                lon=row.lon,
                population=int(row.population),
                region_iso=row.region_iso,
            )
        )
    return places


def _names(b: Boundaries, places: list[Place]) -> dict[str, list[tuple[int, str, str]]]:
    """Folded name -> [(place index, name as written, "name" | "alias" | "demonym" | "metonym")]."""
    names: dict[str, list[tuple[int, str, str]]] = {}
    index_of = {p.key: i for i, p in enumerate(places)}

    def add(name: str, index: int, kind: str) -> None:
        name = " ".join(name.split())
        key = fold(name)
        # "The City" (of London) is as generic as "City".
        bare = key[4:] if key.startswith("the ") else key
        # One- and two-letter names ("IN", "Wa") are never read as places; "US", "UK" are aliases.
        if len(key) < (2 if kind in ("alias", "abbreviation") else 3) or (
            bare in GENERIC_NAMES and kind == "name" and places[index].kind != "country"
        ):
            return
        entries = names.setdefault(key, [])
        if all(existing[0] != index for existing in entries):
            entries.append((index, name, kind))

    country_rows = {f"country:{r.iso_a2 or r.adm0_a3}": r for r in b.countries.itertuples(index=False)}
    region_rows = {f"region:{r.ne_id}": r for r in b.regions.itertuples(index=False)}
    city_rows = {f"city:{r.geonameid}": r for r in b.cities.itertuples(index=False)}
    for i, place in enumerate(places):
        row = country_rows.get(place.key) or region_rows.get(place.key) or city_rows.get(place.key)
        variants = row.names.split("|")
        if place.kind == "city" and place.population < SMALL_CITY:
            # A small town's foreign spellings ("Sebastopoli") only add false matches and load time.
            variants = variants[:1]
        for name in variants:
            if name.endswith(".") and len(name) <= 6:  # "Ukr.", "Fin.": abbreviations, not names
                continue
            add(name, i, "name")
            if name.startswith("The "):
                add(name[4:], i, "name")
    for alias, iso in COUNTRY_ALIASES.items():
        if f"country:{iso}" in index_of:
            add(alias, index_of[f"country:{iso}"], "alias")
    region_index = {}
    for i, place in enumerate(places):
        if place.kind == "region" and place.iso:
            region_index.setdefault(place.iso, i)
    for abbreviation, iso in STATE_ABBREVIATIONS.items():
        if iso in region_index:
            add(abbreviation, region_index[iso], "abbreviation")
    for iso, words in DEMONYMS.items():
        if f"country:{iso}" in index_of:
            for word in words.split("|"):
                add(word, index_of[f"country:{iso}"], "demonym")
    for word, iso in METONYMS.items():
        add(word, index_of[f"country:{iso}"], "metonym")
    return names


def build_gazetteer(b: Boundaries, folder: Path = GEODATA) -> Gazetteer:
    """Build the gazetteer from loaded boundaries (about a second; cached on disk by load_gazetteer)."""
    places = _places(b)
    # Names differing only in their separators ("Co-operation", "Co operation") are one key.
    merged: dict[str, list] = {}
    for key, entries in _names(b, places).items():
        old_entries = merged.setdefault(_marked_key(key), [])
        seen = {e[0] for e in old_entries}
        old_entries.extend(e for e in entries if e[0] not in seen)
    automaton = ahocorasick.Automaton()
    for marked, entries in merged.items():
        kinds = {"name" if kind == "alias" else kind for _, _, kind in entries}
        # "White House" is a metonym before it is Casablanca's alternate name; a word that is
        # both a name and a demonym ("Chinese") is read as the name. Aliases are names.
        name_kind = next(k for k in ("metonym", "name", "abbreviation", "demonym") if k in kinds)
        indices = tuple(i for i, _, kind in entries if ("name" if kind == "alias" else kind) == name_kind)
        automaton.add_word(marked, (len(marked), indices, name_kind))
    automaton.make_automaton()
    region_keys: dict[str, str] = {}
    for p in places:
        if p.kind == "region" and p.iso:
            region_keys.setdefault(p.iso, p.key)
    return Gazetteer(
        places=PlaceTable(places),
        automaton=automaton,
        by_key={p.key: i for i, p in enumerate(places)},
        region_keys=region_keys,
        common_words=frozenset((folder / "common_words.txt").read_text(encoding="utf-8").split()),
        person_names=frozenset((folder / "person_names.txt").read_text(encoding="utf-8").split()),
    )


def _cache_path(folder: Path) -> Path:
    # The build's checksums name the exact data: a rebuilt geodata/ gets a new cache file.
    stamp = b"".join(
        (folder / name).read_bytes() for name in ("checksums.json", "common_words.txt", "person_names.txt")
    )
    return (
        Path.home()
        / ".cache"
        / "news-geography"
        / f"gazetteer-v{CACHE_VERSION}-{hashlib.sha1(stamp).hexdigest()[:12]}.pickle"
    )


@functools.cache
def load_gazetteer(folder: Path | str = GEODATA) -> Gazetteer:
    """The gazetteer for a geodata folder: from the on-disk cache, or built and cached."""
    folder = Path(folder).resolve()
    try:
        cache = _cache_path(folder)
    except OSError:
        cache = None
    if cache is not None and cache.exists():
        try:
            with cache.open("rb") as fh:
                return pickle.load(fh)
        except Exception:  # a stale or damaged cache is rebuilt, never fatal
            pass
    gazetteer = build_gazetteer(load_boundaries(folder), folder)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(".tmp")
            with tmp.open("wb") as fh:
                pickle.dump(gazetteer, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(cache)
            for stale in cache.parent.glob("gazetteer-*.pickle"):
                if stale != cache:  # caches of older code or data are never read again
                    stale.unlink(missing_ok=True)
        except OSError:
            pass
    return gazetteer

"""Stage 2: find the places an article names, resolve each to one gazetteer entry, find borders.

Every decision keeps a short human-readable ``evidence`` string, because users see it.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass, replace

from dashboard.article import Article
from dashboard.boundaries import Boundaries, NoSharedBorder
from dashboard.gazetteer import GENERIC_NAMES, Gazetteer, Place, fold


@dataclass(frozen=True)
class PlaceMention:
    """One place named in the text: its exact span, what it resolved to, and why."""

    start: int
    end: int
    surface: str
    place: Place
    weak: bool = False  # a demonym, adjective or metonym: evidence of a country, not a name of it
    metonym: bool = False  # "the Kremlin": stands for a government, never drawn as a place
    evidence: str = ""


@dataclass(frozen=True)
class Border:
    """A land border between two countries (ISO alpha-2, alphabetical), as named in the text."""

    a: str
    b: str
    name: str
    length_km: float
    lat: float
    lon: float

    @property
    def key(self) -> str:
        return f"border:{self.a}-{self.b}"


@dataclass(frozen=True)
class BorderMention:
    """A phrase that refers to a border, with how the two countries were found."""

    start: int
    end: int
    surface: str
    border: Border
    evidence: str


@dataclass(frozen=True)
class CollectiveReference:
    """A phrase such as "the occupied territories" standing for regions the article lists."""

    start: int
    end: int
    surface: str
    place_keys: tuple[str, ...]
    evidence: str


_REGION_CUE_AFTER = re.compile(
    r"^\s*(?:regions?|oblasts?|provinces?|states?|governorates?|prefectures?|counties|county|"
    r"districts?|territor(?:y|ies)|krai|republics?|cantons?|departments?|voivodeships?)\b",
    re.I,
)
_REGION_CUE_BEFORE = re.compile(
    r"\b(?:region|oblast|province|state|governorate|prefecture|county|district|territory)\s+of\s+(?:the\s+)?$",
    re.I,
)
_CITY_CUE_BEFORE = re.compile(r"\b(?:city|town|village|port|capital|suburb)\s+of\s+(?:the\s+)?$", re.I)
_CITY_CUE_AFTER = re.compile(r"^\s*(?:city|town|mayor|airport|residents)\b|^,?\s*D\.\s?C\.", re.I)
_LIST_GLUE = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*/\s*)$")
_OCCUPIED = re.compile(r"\b(?:occupied|occupation|annex(?:ed|ation)|seized|captured|controlled)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+|\n")
# A capitalised word before a place that still lets the place be a place ("In Kyiv", "President of").
_FUNCTION_WORDS = frozenset(
    (
        "a an and as at but by for from if in into near of off on or outside over since so than that the "
        "then there these this those through to under until via when where while with within without "
        "after before across against along among around behind beside between beyond during inside north "
        "south east west northern southern eastern western central greater upper lower new old said says "
        "told meanwhile also however according like unlike both "
    ).split()
)
_ORG_WORDS = frozenset(
    (
        "organization organisation ministry council charter bank university college institute party "
        "committee commission agency association corporation company corp inc ltd times post news network "
        "club fc airlines airways court department office foundation fund forum assembly school hospital "
        "museum church cathedral stadium federation league group journal herald tribune gazette press "
        "observer chronicle review magazine radio tv television broadcasting service services authority "
        "board exchange festival award awards prize summit conference centre center program programme "
        "project initiative alliance movement front army navy guard police brigade battalion regiment "
        "division corps command university's "
    ).split()
)
_ORG_RUN = re.compile(
    r"(?:[A-Z][\w’'.&-]*|\((?:[A-Z]{2,})\))(?:\s+(?:(?:of|for|and|the|de|du|des|la|le|&)\s+)*"
    r"(?:[A-Z][\w’'.&-]*|\((?:[A-Z]{2,})\)))+"  # two words at least: one is never a name of both
)
_BYLINE = re.compile(
    r"^(?:with\s+)?(?:additional\s+)?(?:reporting|writing|editing)\s+(?:by|from)\b|"
    r"^(?:contributed|contributors?)\b|\bcontributed to this report\b",
    re.I,
)
_COLLECTIVE = re.compile(
    r"(?=[A-Ztinpoascd])"  # the possible first letters: lets the engine skip ahead
    r"\b(?:(?:the|those|these)\s+)?(?:(?:temporarily|illegally|newly|partially|partly)\s+)?"
    r"(?:(?:[A-Z][a-z]+-)?(?:occupied|annexed|seized|captured|contested|disputed)\s+)"
    r"(?:territor(?:y|ies)|regions|areas|lands|provinces|oblasts)\b|"
    r"\b(?:those|these)\s+(?:areas|regions|territories|provinces|oblasts)\b"
)
_COLLECTIVE_CORE = re.compile(r"occupied|annexed|seized|captured|contested|disputed|those|these")
_BORDER_WORD = re.compile(r"borders?\b", re.I)
_BORDER_WITH = re.compile(r"\bborders?\s+(?:with|between)\s+$", re.I)
_BORDER_POSSESSIVE = re.compile(
    r"^['’]s\s+(?:(?:land|eastern|western|northern|southern)\s+)?borders?\b", re.I
)
_BORDER_PAIR = re.compile(r"^\s*[-–—/]\s*$")
_BORDER_AFTER = re.compile(r"^\s+borders?\b", re.I)
_ITS_BORDERS = re.compile(
    r"\b(?:its|their|our)\s+(?:own\s+)?(?:(?:land|eastern|western|northern|southern)\s+)?borders?\b", re.I
)


def find_mentions(article: Article, gazetteer: Gazetteer) -> tuple[PlaceMention, ...]:
    """Place mentions, longest match first, resolved with the article's context."""
    text = article.text
    folded = fold(text)
    raw = _raw_matches(text, folded, gazetteer, article)
    # Context: countries named outright, used to pick between same-named candidates.
    # Context: the countries of the places named without ambiguity (a country, or a region or
    # city with one reading: "Leicestershire" puts the article in the UK), used to pick between
    # same-named candidates ("Kent" the county over Kent, Washington).
    named_countries = Counter(
        gazetteer.places[indices[0]].country
        for _, _, kind, indices in raw
        if kind in ("name", "alias") and len(indices) == 1 and gazetteer.places[indices[0]].country
    )
    mentions = [_resolve(text, m, raw, gazetteer, named_countries) for m in raw]
    mentions = [m for m in mentions if m is not None]
    return tuple(_harmonise_lists(text, mentions, raw, gazetteer))


def _raw_matches(text: str, folded: str, gazetteer: Gazetteer, article: Article):
    """All accepted (start, end, name kind, candidate indices), non-overlapping, longest first."""
    found = list(gazetteer.iter_matches(folded))  # whole words only
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    taken = bytearray(len(text))
    kept = []
    excluded = _excluded_spans(text, article)
    person_words: set[str] = set()  # words seen as part of a person's name: "Paul Allen" -> "allen"
    line_case: dict = {}  # line start -> headline case or not; "starts" -> the line starts
    for start, end, kind, indices in found:
        if any(taken[start:end]):
            continue
        surface = text[start:end]
        if kind == "abbreviation":
            # "Calif." only right after "Oakland, ": a dateline or an address, never on its own.
            if surface[:1].isupper() and _AFTER_A_PLACE.search(text[max(0, start - 40) : start]):
                taken[start:end] = b"\x01" * (end - start)
                kept.append((start, end, kind, indices))
            continue
        if not _case_ok(surface, text, start, kind, gazetteer, indices):
            continue
        # From here on a refused name also blocks the shorter names inside it: when "New Jersey"
        # is part of a person's or an organisation's name, "Jersey" is too.
        refused = any(
            s <= start and end <= e and _org_word_outside(text, s, e, start, end) for s, e in excluded
        ) or (
            kind == "name"
            and (
                _names_an_institution(surface, gazetteer, indices)
                or _is_everyday_word(text, start, surface, gazetteer, indices)
                or _is_bare_person_name(text, start, end, surface, gazetteer, indices)
                or _names_an_unmapped_unit(text, end, gazetteer, indices)
            )
        )
        # Title-case and all-capital lines (headlines) capitalise every word: no clue there.
        if (
            not refused
            and kind == "name"
            and _mixed_case_line(text, start, line_case)
            and not _is_dateline(text, start, end)
        ):
            why = _inside_name_of_other_thing(text, start, end, gazetteer, indices)
            places = [gazetteer.places[i] for i in indices]
            if why == "surname" and all(p.kind == "city" and p.population < 300_000 for p in places):
                person_words.add(fold(surface))
            refused = bool(why)
        taken[start:end] = b"\x01" * (end - start)
        if not refused:
            kept.append((start, end, kind, indices))
    # A surname seen once with its first name is the person everywhere ("Allen said").
    kept = [
        m
        for m in kept
        if fold(text[m[0] : m[1]]) not in person_words
        or any(gazetteer.places[i].kind == "country" for i in m[3])
    ]
    kept.sort()
    return kept


def _case_ok(surface: str, text: str, start: int, kind: str, gazetteer: Gazetteer, indices) -> bool:
    """Proper nouns are capitalised; an all-lower-case heading line may name places in lower case."""
    letters = surface.replace(".", "").replace(" ", "")
    if len(letters) <= 4 and surface.upper() == surface:
        # "US", "UK", "UAE", "U.S.": country aliases only; never "us", nor codes like "WA" or "CT".
        return letters.isalpha() and any(gazetteer.places[i].kind == "country" for i in indices)
    if len(surface) <= 3:
        return False
    if surface[0].isupper():
        return not (kind == "name" and fold(surface) in GENERIC_NAMES)
    line = _line(text, start)
    return kind == "name" and not any(c.isupper() for c in line) and len(line.split()) <= 12


def _line(text: str, offset: int) -> str:
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    return text[line_start : line_end if line_end >= 0 else len(text)]


def _is_dateline(text: str, start: int, end: int) -> bool:
    """ "WASHINGTON (AP) —", "KYIV, Ukraine —": a capitalised place opening a report."""
    surface = text[start:end]
    return surface.isupper() and bool(re.match(r"\s*(?:\(|,|—|–|-)", text[end : end + 3]))


def _mixed_case_line(text: str, offset: int, memo: dict[int, bool]) -> bool:
    """False for a headline-style line where most words are capitalised (memo: per line start)."""
    if "starts" not in memo:
        memo["starts"] = [0, *(m.end() for m in _NEWLINE.finditer(text))]
    starts = memo["starts"]
    line_start = starts[bisect.bisect_right(starts, offset) - 1]
    if line_start not in memo:
        memo[line_start] = _is_mixed_case(_line(text, offset))
    return memo[line_start]


_NEWLINE = re.compile(r"\n")
_WORD_INITIAL = re.compile(r"(?<!\S)[^\W\d_]")
_CAPITAL_INITIAL = re.compile(r"(?<!\S)[A-ZÀ-ÖØ-Þ]")


def _is_mixed_case(line: str) -> bool:
    words = len(_WORD_INITIAL.findall(line))
    if words < 4:
        return True
    return len(_CAPITAL_INITIAL.findall(line)) / words < 0.6


_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|from|to|near|outside|into|across|around|towards?|via|of|between|within|throughout|"
    r"inside|through|visited|visiting|based|born)\s+(?:the\s+|downtown\s+|central\s+)?$",
    re.I,
)


def _is_bare_person_name(
    text: str, start: int, end: int, surface: str, gazetteer: Gazetteer, indices
) -> bool:
    """ "Nelson said", "Mary told": a common personal name is a small town's name only after
    a locative word ("in Nelson") or with its region or country ("Nelson, New Zealand")."""
    if fold(surface) not in gazetteer.person_names:
        return False
    places = [gazetteer.places[i] for i in indices]
    # Regions named after such a town ("Nelson", New Zealand) count with it; countries never do.
    if not any(p.kind == "city" for p in places) or any(
        p.kind == "country" or p.population >= 300_000 for p in places
    ):
        return False
    before = text[max(0, start - 30) : start]
    if _LOCATIVE_BEFORE.search(before) or _AFTER_A_PLACE.search(before):
        return False
    return not (_CITY_CUE_AFTER.match(text[end : end + 20]) or _apposition_container(text, end, gazetteer))


# "Maidstone, Kent": a capitalised word and a comma before a name make it the place's region.
_AFTER_A_PLACE = re.compile(r"[A-Z][\w’'.-]*,\s+$")


_UNMAPPED_UNIT_AFTER = re.compile(r"^\s+(?:County|District|Township|Parish|Borough)\b")


def _names_an_unmapped_unit(text: str, end: int, gazetteer: Gazetteer, indices) -> bool:
    """ "Morris County": a second-level unit Natural Earth admin-1 does not hold; not the city."""
    if not _UNMAPPED_UNIT_AFTER.match(text[end : end + 12]):
        return False
    return all(gazetteer.places[i].kind == "city" for i in indices)


def _is_everyday_word(text: str, start: int, surface: str, gazetteer: Gazetteer, indices) -> bool:
    """ "More", "Since", "Time" are words, not the small towns of those names, unless a locative
    word comes first ("in Reading")."""
    if fold(surface) not in gazetteer.common_words:
        return False
    places = [gazetteer.places[i] for i in indices]
    if any(p.kind == "country" or p.population >= 500_000 for p in places):
        return False
    # At a sentence start ("More than ...") or after any other word ("Read More") it is the word;
    # only a locative cue ("in Reading") makes it the town.
    return not _LOCATIVE_BEFORE.search(text[max(0, start - 30) : start])


def _excluded_spans(text: str, article: Article) -> list[tuple[int, int]]:
    """Spans whose words are not places: bylines and organisation names."""
    spans = []
    for para in article.paragraphs:
        block = text[para.start : para.end]
        if _BYLINE.search(block[:200]) and len(block) < 400:
            spans.append((para.start, para.end))
    for run in _ORG_RUN.finditer(text):
        if not _ORG_WORDS.isdisjoint(w.strip("().,").lower() for w in run.group(0).split()):
            spans.append(_trim_possessive_owner(text, run.start(), run.end()))
    return spans


def _org_word_outside(text: str, run_start: int, run_end: int, start: int, end: int) -> bool:
    """The organisation word is not part of the place name itself ("Russian Federation")."""
    rest = f"{text[run_start:start]} {text[end:run_end]}"
    return any(w.strip("().,’'s").lower() in _ORG_WORDS for w in rest.split())


def _trim_possessive_owner(text: str, start: int, end: int) -> tuple[int, int]:
    """In "Ukraine’s Foreign Ministry" the owner is a place: the organisation starts after ’s."""
    chunk = text[start:end]
    cut = max(chunk.rfind("’s "), chunk.rfind("'s "))
    return (start + cut + 3, end) if cut >= 0 else (start, end)


_PLACE_WORDS = frozenset(
    "city county province region oblast state district airport river bay island islands mountains "
    "valley port harbour harbor strait sea lake governorate prefecture krai "
    # Offices named after a place keep it a place: "Kyiv Mayor Vitali Klitschko".
    "mayor governor archbishop bishop officials authorities residents prosecutors".split()
)


def _inside_name_of_other_thing(text: str, start: int, end: int, gazetteer: Gazetteer, indices) -> str:
    """ "surname" or "first name" when a city or region name is part of a longer proper name
    ("George Washington", "Simon Kalin", "Dubai Police"), else "".

    Only a surname carries over to the name's other mentions ("Allen said"): a first word
    ("Dubai Police") is as often an organisation named after the place.
    """
    places = [gazetteer.places[i] for i in indices]
    country = any(p.kind == "country" for p in places)
    # A country is part of a name only when it is also a common personal name ("Andrew Jordan").
    if country and fold(text[start:end]) not in gazetteer.person_names:
        return ""
    before = text[max(0, start - 40) : start]
    prev = re.search(r"([A-Za-z][\w’'.-]*)\s+$", before)
    if prev and not re.search(r"[.!?:;\"“”]\s*\S*\s+$", before):
        word = prev.group(1)
        if word[0].isupper() and word.lower().strip(".") not in _FUNCTION_WORDS:
            return "surname"
    nxt = None if country else re.match(r"\s+([A-Z][a-z][\w’'-]*)", text[end : end + 40])
    if nxt:
        word = nxt.group(1).lower()
        if word not in _PLACE_WORDS and word not in _FUNCTION_WORDS:
            return "first name"
    return ""


def _names_an_institution(surface: str, gazetteer: Gazetteer, indices) -> bool:
    """GeoNames lists some campuses as cities ("University of Texas"): not places in news."""
    if any(gazetteer.places[i].kind == "country" for i in indices):
        return False
    return any(w.lower() in _ORG_WORDS for w in surface.split())


def _resolve(text, match, raw, gazetteer: Gazetteer, named_countries: Counter) -> PlaceMention | None:
    start, end, kind, indices = match
    surface = text[start:end]
    candidates = [gazetteer.places[i] for i in indices]
    if kind in ("demonym", "metonym"):
        place = candidates[0]
        what = "metonym for the government" if kind == "metonym" else "adjective or demonym"
        return PlaceMention(
            start,
            end,
            surface,
            place,
            weak=True,
            metonym=kind == "metonym",
            evidence=f"{what} of {place.name}",
        )
    if kind in ("alias", "abbreviation") or (len(candidates) == 1 and candidates[0].kind != "city"):
        place = candidates[0]
        return PlaceMention(start, end, surface, place, evidence=f"named as “{surface}”")
    before, after = text[max(0, start - 40) : start], text[end : end + 30]
    region_cue = bool(_REGION_CUE_AFTER.match(after) or _REGION_CUE_BEFORE.search(before))
    first_level_cue = region_cue and not re.match(r"^\s*(?:count(?:y|ies)|districts?)\b", after, re.I)
    city_cue = bool(_CITY_CUE_BEFORE.search(before) or _CITY_CUE_AFTER.match(after))
    apposition = _apposition_container(text, end, gazetteer)
    contained = _apposition_contained(text, start, raw, gazetteer)
    scored = []
    for rank, place in enumerate(candidates):
        score, why = place.prior, []
        if place.kind == "region" and region_cue:
            score += 120
            why.append("the text calls it a region")
        if place.kind == "region" and city_cue and "city" in (place.region_type or "").lower():
            score += 120
            why.append("a city that is itself a first-level region")
        if place.kind == "city" and city_cue:
            score += 100
            why.append("the text calls it a city")
        if place.kind == "city" and region_cue:
            score -= 60
        if place.country and named_countries.get(place.country):
            score += 40 + 5 * min(named_countries[place.country], 4)
            country = gazetteer.country(place.country)
            why.append(f"the article names places in {country.name if country else place.country}")
        if apposition and (place.country == apposition.iso or place.region_iso == apposition.iso):
            score += 150
            why.append(f"written as “…, {apposition.name}”")
        if place.kind in ("region", "country") and place.iso in contained:
            score += 150
            why.append("written after a place it holds (“City, Region”)")
        scored.append((score, -rank, place, why))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    best = scored[0]
    if best[2].kind == "city" and first_level_cue and best[2].region_iso:
        # "Zaporozhye region": a spelling only the city carries names the city's own region.
        region = _region_by_iso(gazetteer, best[2].region_iso)
        if region is not None:
            return PlaceMention(
                start,
                end,
                surface,
                region,
                evidence=f"the text calls it a region; the region of the city of {best[2].name}",
            )
    reason = "; ".join(best[3]) or _default_reason(best[2])
    return PlaceMention(start, end, surface, best[2], evidence=reason)


def _region_by_iso(gazetteer: Gazetteer, iso: str) -> Place | None:
    key = gazetteer.region_keys.get(iso)
    return gazetteer.place(key) if key else None


def _default_reason(place: Place) -> str:
    if place.kind == "country":
        return "a country name takes precedence"
    if place.kind == "city":
        return f"the most populous place of that name ({place.population:,} people)"
    return "the first-level region of that name"


def _apposition_container(text: str, end: int, gazetteer: Gazetteer) -> Place | None:
    """In "Atlanta, Georgia" or "Donetsk, Ukraine", the place after the comma holds the first."""
    m = re.match(r",\s+([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)?)", text[end : end + 40])
    if not m:
        return None
    for length in (2, 1):
        words = m.group(1).split()[:length]
        hit = gazetteer.lookup(" ".join(words))
        if hit:
            for i in hit[1]:
                place = gazetteer.places[i]
                if place.kind in ("country", "region"):
                    return place
    return None


def _apposition_contained(text: str, start: int, raw, gazetteer: Gazetteer) -> set[str]:
    """In "Atlanta, Georgia", the regions and countries that could hold the place before the comma."""
    for _, prev_end, _, indices in raw:
        if prev_end <= start and re.fullmatch(r",\s+", text[prev_end:start]):
            places = [gazetteer.places[i] for i in indices]
            return {p.region_iso for p in places if p.region_iso} | {p.country for p in places if p.country}
    return set()


def _holds(outer: Place, inner: Place) -> bool:
    """ "Albany, N.Y.", "Kyiv, Ukraine": the second place holds the first (an apposition, not a list)."""
    if outer.kind == "country":
        return inner.kind != "country" and inner.country == outer.iso
    return outer.kind == "region" and inner.kind == "city" and inner.region_iso == outer.iso


def _harmonise_lists(
    text: str, mentions: list[PlaceMention], raw, gazetteer: Gazetteer
) -> list[PlaceMention]:
    """Names listed together are of one kind: "Donetsk, Luhansk, Zaporizhia and Kherson regions"."""
    candidates_at = {m[0]: m[3] for m in raw}
    groups: list[list[int]] = []
    for i, mention in enumerate(mentions):
        if (
            i
            and _LIST_GLUE.match(text[mentions[i - 1].end : mention.start])
            and not mention.weak
            and not _holds(mention.place, mentions[i - 1].place)
        ):
            groups[-1].append(i)
        else:
            groups.append([i])
    out = list(mentions)
    for group in groups:
        if len(group) < 2:
            continue
        last = mentions[group[-1]]
        listed_as_regions = bool(_REGION_CUE_AFTER.match(text[last.end : last.end + 30])) or any(
            mentions[i].place.kind == "region" for i in group
        )
        if not listed_as_regions:
            continue
        countries = Counter(mentions[i].place.country for i in group if mentions[i].place.kind == "region")
        home = countries.most_common(1)[0][0] if countries else None
        for i in group:
            mention = mentions[i]
            if mention.place.kind != "city":
                continue
            regions = [gazetteer.places[j] for j in candidates_at.get(mention.start, ())]
            regions = [p for p in regions if p.kind == "region"]
            regions.sort(key=lambda p: p.country != (home or mention.place.country))
            if regions:
                out[i] = replace(mention, place=regions[0], evidence="listed with other regions")
    return out


def find_collective_references(
    article: Article, mentions: tuple[PlaceMention, ...]
) -> tuple[CollectiveReference, ...]:
    """Phrases like "the occupied territories", linked to the regions the article lists as such."""
    text = article.text
    regions = [m for m in mentions if m.place.kind == "region" and not m.weak]
    if not regions:
        return ()
    occupied = [m for m in regions if _OCCUPIED.search(_sentence(text, m.start))]
    refs = []
    for match in _collective_matches(text):
        qualified = bool(_OCCUPIED.search(match.group(0)))
        targets = occupied if (qualified and occupied) else (occupied or regions)
        keys = tuple(dict.fromkeys(m.place.key for m in targets))
        names = ", ".join(dict.fromkeys(m.place.name for m in targets))
        refs.append(
            CollectiveReference(
                match.start(),
                match.end(),
                match.group(0),
                keys,
                evidence=f"“{match.group(0)}” refers to the regions the article lists"
                + (" as occupied" if qualified and occupied else "")
                + f": {names}",
            )
        )
    return tuple(refs)


def _collective_matches(text: str):
    """_COLLECTIVE's matches, found from its key words: the full pattern, whose first words are
    optional, would otherwise be tried at every character of the article."""
    end = 0
    for core in _COLLECTIVE_CORE.finditer(text):
        if core.start() < end:
            continue
        match = _COLLECTIVE.search(text, max(end, core.start() - 40), core.end() + 30)
        if match and match.start() <= core.start() < match.end():
            end = match.end()
            yield match


def occupied_places(article: Article, mentions: tuple[PlaceMention, ...]) -> frozenset[str]:
    """Keys of regions named in a sentence about occupation or annexation."""
    return frozenset(
        m.place.key
        for m in mentions
        if m.place.kind == "region" and not m.weak and _OCCUPIED.search(_sentence(article.text, m.start))
    )


@functools.lru_cache(maxsize=4)
def _sentence_bounds(text: str) -> tuple[list[int], list[int]]:
    """Start offsets and end offsets of the text's sentences (one scan per article)."""
    starts, ends = [0], []
    for m in _SENTENCE_END.finditer(text):
        ends.append(m.start())
        starts.append(m.end())
    ends.append(len(text))
    return starts, ends


def _sentence_span(text: str, offset: int) -> tuple[int, int]:
    starts, ends = _sentence_bounds(text)
    i = bisect.bisect_right(starts, offset) - 1
    return starts[i], ends[i]


def _sentence(text: str, offset: int) -> str:
    start, end = _sentence_span(text, offset)
    return text[start:end]


def subject_country(mentions: tuple[PlaceMention, ...]) -> str | None:
    """The country the article is most about: most named, demonyms counting half."""
    score: Counter = Counter()
    for m in mentions:
        if m.place.kind == "country":
            score[m.place.iso] += 0.5 if m.weak else 1.0
    return score.most_common(1)[0][0] if score else None


def find_borders(
    article: Article, mentions: tuple[PlaceMention, ...], boundaries: Boundaries, gazetteer: Gazetteer
) -> tuple[BorderMention, ...]:
    """Phrases naming a land border, resolved to the two countries that share it."""
    text = article.text
    if not _BORDER_WORD.search(text):
        return ()  # most articles never say "border": skip every per-country test
    countries = [m for m in mentions if m.place.kind == "country" and not m.metonym]
    named = [m for m in countries if not m.weak]
    subject = subject_country(tuple(countries))
    ranking = [iso for iso, _ in Counter(m.place.iso for m in countries).most_common()]
    found: list[BorderMention] = []

    cache: dict[tuple[str, str], Border | None] = {}

    def border(a: str, b: str) -> Border | None:
        if not a or not b or a == b:
            return None
        if (a, b) not in cache:
            cache[(a, b)] = _border(a, b)
        return cache[(a, b)]

    def _border(a: str, b: str) -> Border | None:
        try:
            row = boundaries.border(a, b)
        except (NoSharedBorder, KeyError):
            return None
        first, second = sorted([a, b])
        na, nb = gazetteer.country(first).name, gazetteer.country(second).name
        mid = row.geometry.interpolate(0.5, normalized=True)
        return Border(
            first, second, f"{na}–{nb} border", float(row.length_km), round(mid.y, 4), round(mid.x, 4)
        )

    def partner_for(b: str, sentence_countries: list[str]) -> tuple[str | None, str]:
        """The country on the other side: named nearby, else the article's main country."""
        for iso in [*sentence_countries, subject, *ranking]:
            if iso and iso != b and border(iso, b):
                why = (
                    "named in the same sentence"
                    if iso in sentence_countries
                    else "the country the article is about"
                )
                return iso, why
        return None, ""

    for m in named:
        before, after = text[max(0, m.start - 30) : m.start], text[m.end : m.end + 40]
        sentence_isos = _countries_in_sentence(text, m.start, countries)
        pair = None
        if _BORDER_WITH.search(before):
            other = re.match(r"\s+and\s+(?:the\s+)?", after)
            partner_mention = next((c for c in named if other and c.start == m.end + other.end()), None)
            if partner_mention:
                pair = (partner_mention.place.iso, m.place.iso, "both named")
            else:
                a, why = partner_for(m.place.iso, [i for i in sentence_isos if i != m.place.iso])
                pair = (a, m.place.iso, f"“border with {m.surface}”; the other side is {why}")
            span = (m.start - len(_BORDER_WITH.search(before).group(0)), m.end)
        elif _BORDER_POSSESSIVE.match(after):
            poss = _BORDER_POSSESSIVE.match(after)
            with_b = re.match(r"\s+with\s+(?:the\s+)?", after[poss.end() :])
            partner_mention = None
            if with_b:
                at = m.end + poss.end() + with_b.end()
                partner_mention = next((c for c in named if c.start == at), None)
            if partner_mention:
                pair = (m.place.iso, partner_mention.place.iso, "both named")
                span = (m.start, partner_mention.end)
            else:
                b, why = partner_for(m.place.iso, [i for i in sentence_isos if i != m.place.iso])
                pair = (m.place.iso, b, f"“{m.surface}’s border”; the other side is {why}")
                span = (m.start, m.end + poss.end())
        else:
            dash = re.match(r"\s*[-–—/]\s*", after)
            if dash:
                nxt = next((c for c in named if c.start == m.end + dash.end()), None)
                if nxt and _BORDER_AFTER.match(text[nxt.end : nxt.end + 12]):
                    pair = (m.place.iso, nxt.place.iso, "both named")
                    span = (m.start, nxt.end + _BORDER_AFTER.match(text[nxt.end :]).end())
        if pair:
            line = border(pair[0], pair[1])
            if line and not any(f.start <= span[0] < f.end for f in found):
                found.append(BorderMention(span[0], span[1], text[span[0] : span[1]], line, pair[2]))

    for match in _ITS_BORDERS.finditer(text):
        if any(f.start <= match.start() < f.end for f in found):
            continue
        sentence_isos = _countries_in_sentence(text, match.start(), countries)
        if not subject:
            continue
        others = [i for i in sentence_isos if i != subject]
        line = next((border(subject, o) for o in others if border(subject, o)), None)
        if line:
            found.append(
                BorderMention(
                    match.start(),
                    match.end(),
                    match.group(0),
                    line,
                    f"“{match.group(0)}”: {gazetteer.country(subject).name}, the country the "
                    "article is about, and a neighbour named in the same sentence",
                )
            )
    return tuple(sorted(found, key=lambda f: f.start))


def _countries_in_sentence(text: str, offset: int, countries) -> list[str]:
    start, end = _sentence_span(text, offset)
    return list(dict.fromkeys(m.place.iso for m in countries if start <= m.start < end))

"""Place recognition and resolution on the GeoWebNews devset, printed as a table.

Usage (from the repo root):
    python benchmarks/evaluate.py [--devset PATH] [--include-weak] [--errors N] [--json OUT]
                                  [--impl module:function]

Recognition: precision/recall/F1 with span overlap and one-to-one matching (greedy by
largest overlap). Resolution, over matched pairs: the share of predictions within 161 km of
the gold point, mean/median error, the same share by predicted kind, and the share of equal
GeoNames ids (a country's or region's representative point can be far from the gold point).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.harness import (
    DEFAULT_DEVSET,
    DEFAULT_IMPL,
    ExtractRecord,
    format_table,
    load_devset,
    load_impl,
    machine_info,
    machine_lines,
)

KM_THRESHOLD = 161.0  # 100 miles: the customary geoparsing "accuracy@161km"
EARTH_RADIUS_KM = 6371.0088
DEFAULT_KINDS = ("country", "region", "city")


@dataclass(frozen=True)
class Pair:
    """A gold toponym matched to a predicted place."""

    article_id: str
    gold: dict[str, Any]
    pred: dict[str, Any]
    overlap: int


@dataclass
class Evaluation:
    """Everything counted over the devset; the figures are derived from it."""

    articles: int = 0
    seconds: float = 0.0
    gold: int = 0
    predicted: int = 0
    pairs: list[Pair] = field(default_factory=list)
    false_positives: Counter[str] = field(default_factory=Counter)
    false_negatives: Counter[str] = field(default_factory=Counter)
    gold_by_type: Counter[str] = field(default_factory=Counter)
    found_by_type: Counter[str] = field(default_factory=Counter)
    skipped_by_kind: Counter[str] = field(default_factory=Counter)
    skipped_weak: int = 0
    bad_spans: int = 0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two WGS84 points (spherical Earth)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def match_spans(gold: Sequence[dict[str, Any]], pred: Sequence[dict[str, Any]]) -> list[tuple[int, int, int]]:
    """Match overlapping spans one-to-one, greedily by largest overlap.

    Returns ``(gold_index, pred_index, overlap_chars)`` triples. Ties go to the pair whose
    starts are closest, then to document order, so the result does not depend on list order.
    """
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            overlap = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if overlap > 0:
                candidates.append((-overlap, abs(g["start"] - p["start"]), g["start"], p["start"], gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches = []
    for neg_overlap, _, _, _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        matches.append((gi, pi, -neg_overlap))
    return matches


def select_places(
    record: dict[str, Any], kinds: Sequence[str], include_weak: bool, ev: Evaluation
) -> list[dict[str, Any]]:
    """The predicted places that count as toponyms; tallies what was left out and why."""
    chosen = []
    for place in record.get("places", []):
        kind = place.get("kind")
        if kind not in kinds:
            ev.skipped_by_kind[str(kind)] += 1
        elif place.get("weak") and not include_weak:
            ev.skipped_weak += 1
        else:
            chosen.append(place)
    return chosen


def evaluate(
    articles: Sequence[dict[str, Any]],
    extract: ExtractRecord,
    kinds: Sequence[str] = DEFAULT_KINDS,
    include_weak: bool = False,
) -> Evaluation:
    """Run ``extract`` on every article (after one warm-up call) and count against the gold toponyms."""
    ev = Evaluation(articles=len(articles))
    if articles:
        extract("warm-up", articles[0]["text"])  # loads gazetteers etc. outside the timed loop
    records = []
    started = time.perf_counter()
    for article in articles:
        try:
            records.append(extract(article["id"], article["text"]))
        except Exception as exc:
            raise RuntimeError(f"extract_record failed on article {article['id']}") from exc
    ev.seconds = time.perf_counter() - started

    for article, record in zip(articles, records, strict=True):
        text = article["text"]
        gold = article["toponyms"]
        pred = select_places(record, kinds, include_weak, ev)
        ev.gold += len(gold)
        ev.predicted += len(pred)
        ev.bad_spans += sum(1 for p in pred if text[p["start"] : p["end"]] != p.get("surface"))
        matches = match_spans(gold, pred)
        matched_gold = {gi for gi, _, _ in matches}
        matched_pred = {pi for _, pi, _ in matches}
        for gi, pi, overlap in matches:
            ev.pairs.append(Pair(article["id"], gold[gi], pred[pi], overlap))
        for gi, g in enumerate(gold):
            gtype = g.get("gwn_type") or "unknown"
            ev.gold_by_type[gtype] += 1
            if gi in matched_gold:
                ev.found_by_type[gtype] += 1
            else:
                ev.false_negatives[g["surface"]] += 1
        for pi, p in enumerate(pred):
            if pi not in matched_pred:
                ev.false_positives[text[p["start"] : p["end"]]] += 1
    return ev


def _has_point(place: dict[str, Any]) -> bool:
    return place.get("lat") is not None and place.get("lon") is not None


def _distance(pair: Pair) -> float:
    return haversine_km(pair.gold["lat"], pair.gold["lon"], pair.pred["lat"], pair.pred["lon"])


def _share(hits: int, total: int) -> float | None:
    return hits / total if total else None


def figures(ev: Evaluation, kinds: Sequence[str]) -> dict[str, Any]:
    """The headline numbers of an evaluation, JSON-able."""
    tp = len(ev.pairs)
    precision = _share(tp, ev.predicted)
    recall = _share(tp, ev.gold)
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else 0.0

    located = [p for p in ev.pairs if _has_point(p.gold) and _has_point(p.pred)]
    km = [_distance(p) for p in located]
    within = [d <= KM_THRESHOLD for d in km]
    by_kind = {}
    for kind in kinds:
        hits = [w for p, w in zip(located, within, strict=True) if p.pred.get("kind") == kind]
        ided = [p for p in ev.pairs if p.pred.get("kind") == kind and _both_ids(p)]
        by_kind[kind] = {
            "acc_161km": _share(sum(hits), len(hits)),
            "n_located": len(hits),
            "geonameid_match": _share(sum(_same_id(p) for p in ided), len(ided)),
            "n_with_ids": len(ided),
        }
    ided = [p for p in ev.pairs if _both_ids(p)]
    either = [p for p in ev.pairs if _both_ids(p) or (_has_point(p.gold) and _has_point(p.pred))]
    return {
        "articles": ev.articles,
        "gold": ev.gold,
        "predicted": ev.predicted,
        "matched": tp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "acc_161km": _share(sum(within), len(within)),
        "n_located": len(located),
        "mean_km": statistics.fmean(km) if km else None,
        "median_km": statistics.median(km) if km else None,
        "geonameid_match": _share(sum(_same_id(p) for p in ided), len(ided)),
        "n_with_ids": len(ided),
        "resolved_id_or_161km": _share(sum(_resolved(p) for p in either), len(either)),
        "n_id_or_point": len(either),
        "by_kind": by_kind,
        "recall_by_gold_type": {t: _share(ev.found_by_type[t], n) for t, n in ev.gold_by_type.most_common()},
        "skipped_by_kind": dict(ev.skipped_by_kind),
        "skipped_weak": ev.skipped_weak,
        "spans_not_matching_surface": ev.bad_spans,
        "seconds": ev.seconds,
        "articles_per_s": ev.articles / ev.seconds if ev.seconds else None,
    }


def _both_ids(pair: Pair) -> bool:
    return pair.gold.get("geonameid") is not None and pair.pred.get("geonameid") is not None


def _same_id(pair: Pair) -> bool:
    return int(pair.gold["geonameid"]) == int(pair.pred["geonameid"])


def _resolved(pair: Pair) -> bool:
    """Right place by either test: equal GeoNames id, or within 161 km."""
    if _both_ids(pair) and _same_id(pair):
        return True
    return _has_point(pair.gold) and _has_point(pair.pred) and _distance(pair) <= KM_THRESHOLD


def _pct(value: float | None, n: int | None = None) -> str:
    text = "n/a" if value is None else f"{100 * value:.1f} %"
    return text if n is None else f"{text}  (n={n})"


def _km(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} km"


def _rate(per_s: float | None, seconds: float) -> str:
    return "n/a" if per_s is None else f"{per_s:,.1f} articles/s ({seconds:.2f} s, after warm-up)"


def summary_rows(fig: dict[str, Any]) -> list[tuple[str, str]]:
    """The metric | value rows of the main table."""
    rows = [
        ("articles", str(fig["articles"])),
        ("gold toponyms", str(fig["gold"])),
        ("predicted places counted", str(fig["predicted"])),
        ("matched (true positives)", str(fig["matched"])),
        ("precision", _pct(fig["precision"])),
        ("recall", _pct(fig["recall"])),
        ("F1", _pct(fig["f1"])),
        ("accuracy@161km", _pct(fig["acc_161km"], fig["n_located"])),
        ("mean error", _km(fig["mean_km"])),
        ("median error", _km(fig["median_km"])),
    ]
    for kind, sub in fig["by_kind"].items():
        rows.append((f"accuracy@161km, predicted {kind}", _pct(sub["acc_161km"], sub["n_located"])))
    rows.append(("geonameid match", _pct(fig["geonameid_match"], fig["n_with_ids"])))
    for kind, sub in fig["by_kind"].items():
        rows.append((f"geonameid match, predicted {kind}", _pct(sub["geonameid_match"], sub["n_with_ids"])))
    rows.append(("resolved (same id or <=161 km)", _pct(fig["resolved_id_or_161km"], fig["n_id_or_point"])))
    skipped = ", ".join(f"{k} {n}" for k, n in sorted(fig["skipped_by_kind"].items())) or "none"
    rows += [
        ("places not counted: other kinds", skipped),
        ("places not counted: weak", str(fig["skipped_weak"])),
        ("predicted spans != surface", str(fig["spans_not_matching_surface"])),
        ("throughput", _rate(fig["articles_per_s"], fig["seconds"])),
    ]
    return rows


def error_tables(ev: Evaluation, n: int) -> str:
    """The n most frequent false positives and negatives, and the n worst resolutions."""
    fp = [(s, str(c)) for s, c in ev.false_positives.most_common(n)]
    fn = [(s, str(c)) for s, c in ev.false_negatives.most_common(n)]
    # Group repeats of one error (same surface read as the same wrong place) into one row.
    worst: dict[tuple[str, str, str, str], tuple[float, int, str]] = {}
    for p in ev.pairs:
        if not (_has_point(p.gold) and _has_point(p.pred)):
            continue
        key = (
            p.gold["surface"],
            str(p.gold.get("name") or ""),
            str(p.pred.get("name") or ""),
            str(p.pred.get("kind")),
        )
        km, count, article = worst.get(key, (0.0, 0, p.article_id))
        worst[key] = (max(km, _distance(p)), count + 1, article)
    ranked = sorted(worst.items(), key=lambda item: item[1][0], reverse=True)[:n]
    worst_rows = [(*key, f"{km:,.0f}", str(count), article) for key, (km, count, article) in ranked]
    return "\n\n".join(
        [
            f"False positives ({sum(ev.false_positives.values())} in all)\n"
            + format_table(fp, ("surface", "count")),
            f"False negatives ({sum(ev.false_negatives.values())} in all)\n"
            + format_table(fn, ("surface", "count")),
            "Worst resolutions\n"
            + format_table(
                worst_rows, ("surface", "gold name", "predicted name", "kind", "km", "times", "first in")
            ),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Evaluate the analysis on the devset and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--devset", type=Path, default=DEFAULT_DEVSET, help="GeoWebNews JSON Lines file")
    parser.add_argument(
        "--impl", default=DEFAULT_IMPL, help="module:function under test (default: %(default)s)"
    )
    parser.add_argument("--include-weak", action="store_true", help="count weak (demonym/adjective) places")
    parser.add_argument(
        "--kinds", default=",".join(DEFAULT_KINDS), help="predicted kinds counted (default: %(default)s)"
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print the N most frequent errors")
    parser.add_argument("--json", type=Path, default=None, metavar="OUT", help="write the figures as JSON")
    args = parser.parse_args(argv)

    kinds = tuple(k.strip() for k in args.kinds.split(",") if k.strip())
    articles = load_devset(args.devset)[: args.limit]
    extract = load_impl(args.impl)
    ev = evaluate(articles, extract, kinds=kinds, include_weak=args.include_weak)
    fig = figures(ev, kinds)

    print("\n".join(machine_lines()))
    print(f"impl    {args.impl}")
    print(f"devset  {args.devset} ({len(articles)} articles)")
    print(f"counted kinds {', '.join(kinds)}; weak places {'included' if args.include_weak else 'excluded'}")
    print()
    print(format_table(summary_rows(fig)))
    print()
    print("Recall by GeoWebNews gold type")
    type_rows = [(t, _pct(r, ev.gold_by_type[t])) for t, r in fig["recall_by_gold_type"].items()]
    print(format_table(type_rows, ("gold type", "recall")))
    if args.errors > 0:
        print()
        print(error_tables(ev, args.errors))
    if args.json:
        report = {
            "machine": machine_info(),
            "impl": args.impl,
            "devset": str(args.devset),
            "kinds": list(kinds),
            "include_weak": args.include_weak,
            **fig,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

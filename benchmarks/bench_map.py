"""Boundary data and map benchmarks: load time, sizes on disk, map build time, export sizes.

    python benchmarks/bench_map.py

Prints one table. Cold figures come from fresh interpreters; warm ones are medians.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.harness import print_report  # noqa: E402

SAMPLE = ROOT / "dashboard" / "samples" / "cnn-2024-01-15-russia-elections-occupied-ukraine.txt"
FOUNDING = ["UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65"]
COLD_LOAD = (
    "import time; t = time.perf_counter(); "
    "from dashboard.boundaries import load_boundaries; b = load_boundaries(); "
    "print(time.perf_counter() - t)"
)
# Every layer a map draws (cities are read only to build the gazetteer, which is cached on disk).
COLD_LOAD_ONLY = (
    "from dashboard import boundaries as m; import time; t = time.perf_counter(); "
    "b = m.load_boundaries(); b.countries, b.regions, b.borders, b.basemap, b.countries_de_facto; "
    "print(time.perf_counter() - t)"
)


def _cold(code: str, runs: int = 3) -> list[float]:
    out = []
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        )
        out.append(float(result.stdout.strip().splitlines()[-1]))
    return out


def _median_ms(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    from dashboard import analyze, build_features, build_map, export_html, load_boundaries, parse_text
    from dashboard.boundaries import DE_JURE, GEODATA
    from dashboard.export import export_all
    from dashboard.gazetteer import load_gazetteer

    rows = []
    load_only = _cold(COLD_LOAD_ONLY)
    rows.append(
        (
            "geodata: cold load of the map layers (import excluded, median of 3)",
            f"{statistics.median(load_only) * 1000:.0f} ms",
        )
    )
    with_import = _cold(COLD_LOAD)
    rows.append(
        ("geodata: cold import + load (median of 3)", f"{statistics.median(with_import) * 1000:.0f} ms")
    )
    for path in sorted(GEODATA.glob("*.parquet")) + sorted(GEODATA.glob("*.txt")):
        rows.append((f"geodata on disk: {path.name}", f"{path.stat().st_size / 1024:,.0f} KB"))
    total = sum(p.stat().st_size for p in GEODATA.iterdir() if p.suffix in (".parquet", ".txt"))
    rows.append(("geodata on disk: total", f"{total / 1024 / 1024:.1f} MB"))

    boundaries = load_boundaries()
    shapes = [boundaries.region(code).geometry.__geo_interface__ for code in FOUNDING]
    shapes.append(boundaries.border("FI", "RU").geometry.__geo_interface__)
    seven = json.dumps({"type": "GeometryCollection", "geometries": shapes})
    rows.append(("seven founding features as GeoJSON", f"{len(seven) / 1024:.1f} KB"))

    gazetteer = load_gazetteer()
    article = parse_text(SAMPLE.read_text(encoding="utf-8"))
    analysis = analyze(article, gazetteer, boundaries)

    def to_html(basemap: str = "light", assets: str = "inline") -> str:
        features = build_features(analysis, boundaries, pov=DE_JURE)
        fmap = build_map(
            features,
            boundaries,
            pov=DE_JURE,
            basemap=basemap,
            outlet=article.outlet,
            date=article.date,
            assets=assets,
        )
        return export_html(fmap)

    to_html()
    rows.append(("map: analysis -> HTML string, warm (median of 30)", f"{_median_ms(to_html, 30):.0f} ms"))
    rows.append(("map: same, offline basemap", f"{_median_ms(lambda: to_html('offline'), 30):.0f} ms"))
    for basemap in ("light", "offline"):
        inline = len(to_html(basemap, "inline").encode())
        cdn = len(to_html(basemap, "cdn").encode())
        rows.append((f"export size, {basemap} basemap, assets inlined", f"{inline / 1024:.0f} KB"))
        rows.append((f"export size, {basemap} basemap, assets from CDN", f"{cdn / 1024:.0f} KB"))
    files = export_all(analysis, boundaries, pov=DE_JURE)
    rows.append(("GeoJSON export (all drawn features)", f"{len(files['geojson'].encode()) / 1024:.0f} KB"))
    rows.append(("CSV export (quotes)", f"{len(files['csv'].encode()) / 1024:.1f} KB"))

    print_report(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

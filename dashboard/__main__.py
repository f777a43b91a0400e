"""Command line: ``python -m dashboard map ...`` and ``python -m dashboard extract ...``.

A thin shell over the same calls the dashboard makes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tqdm import tqdm

from dashboard.analysis import analyze, extract_record
from dashboard.article import ArticleError, parse_input
from dashboard.boundaries import DE_FACTO, DE_JURE, GeodataError, load_boundaries
from dashboard.export import FORMATS, export_all
from dashboard.mapping import BASEMAP_ALIASES, BASEMAPS

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".md")


def _articles(paths: list[str]) -> list[Path]:
    """Files named, and the article files inside folders named."""
    found = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES))
        else:
            found.append(path)
    return found


def _read(path: Path):
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return parse_input(data, name=path.name)


def run_map(args: argparse.Namespace) -> int:
    """Write map HTML / GeoJSON / CSV for each article; a failing article does not stop the others."""
    paths = _articles(args.articles)
    if not paths:
        print("error: no article files given (.txt, .html, .htm or .md)", file=sys.stderr)
        return 2
    boundaries = load_boundaries()
    out = Path(args.out)
    single_file = len(paths) == 1 and out.suffix.lower() in (".html", ".geojson", ".json", ".csv")
    if not single_file:
        out.mkdir(parents=True, exist_ok=True)
    formats = FORMATS if args.format == "all" else (args.format,)
    failures = 0
    progress = tqdm(paths, unit="article", disable=len(paths) < 2 or not sys.stderr.isatty(), file=sys.stderr)
    for path in progress:
        try:
            analysis = analyze(_read(path))
            outputs = export_all(analysis, boundaries, pov=args.pov, basemap=args.basemap)
        except ArticleError as exc:
            failures += 1
            print(f"error: {path}: {exc}", file=sys.stderr)
            continue
        if not analysis.place_mentions and not analysis.borders:
            print(f"note: {path}: no places found; the map is empty and its legend says so.", file=sys.stderr)
        for fmt in formats:
            target = out if single_file else out / f"{path.stem}.{fmt}"
            target.write_text(outputs[fmt], encoding="utf-8")
            print(target)
    if failures:
        print(f"{failures} of {len(paths)} article(s) failed; the others were written.", file=sys.stderr)
    return 1 if failures else 0


def run_extract(args: argparse.Namespace) -> int:
    """JSON Lines out, one object per article: places, quotes and links (schema in README)."""
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    failures = 0
    try:
        if args.jsonl:
            source = sys.stdin if args.jsonl == "-" else open(args.jsonl, encoding="utf-8")  # noqa: SIM115
            for number, line in enumerate(source, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    record = extract_record(str(item["id"]), item["text"])
                except (json.JSONDecodeError, KeyError, TypeError) as exc:
                    record = {"id": None, "error": f"line {number}: not an {{id, text}} object ({exc})"}
                failures += "error" in record
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        for path in _articles(args.files):
            try:
                text = _read(path).text
                record = extract_record(path.stem, text)
            except ArticleError as exc:
                record = {"id": path.stem, "error": str(exc), "places": [], "quotes": [], "links": []}
            failures += "error" in record
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    mapper = sub.add_parser("map", help="write the map (HTML), GeoJSON or quotes CSV of articles")
    mapper.add_argument("articles", nargs="+", help="article files (.txt .html .md) or folders")
    mapper.add_argument("--out", default="out", help="output folder, or a file name for one article")
    mapper.add_argument("--pov", choices=[DE_JURE, DE_FACTO], default=DE_JURE)
    mapper.add_argument("--basemap", choices=[*BASEMAPS, *BASEMAP_ALIASES], default="light")
    mapper.add_argument("--format", choices=[*FORMATS, "all"], default="html")
    extract = sub.add_parser("extract", help="places, quotes and links as JSON Lines")
    extract.add_argument("files", nargs="*", help="article files or folders")
    extract.add_argument("--jsonl", help='JSON Lines input of {"id", "text"} objects ("-" for stdin)')
    extract.add_argument("--output", "-o", help="write here instead of standard output")
    args = parser.parse_args(argv)
    try:
        if args.command == "map":
            return run_map(args)
        if not args.files and not args.jsonl:
            parser.error("extract needs article files or --jsonl")
        return run_extract(args)
    except GeodataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())

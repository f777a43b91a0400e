"""What both benchmarks share: the implementation under test, the devset, the machine header, the table."""

from __future__ import annotations

import importlib
import json
import os
import platform
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# The devset is measured, never bundled: it stays in shared/ beside the repo (see its README).
DEFAULT_DEVSET = ROOT.parent / "shared" / "devsets" / "geowebnews.jsonl"
DEFAULT_IMPL = "dashboard.analysis:extract_record"

ExtractRecord = Callable[[str, str], dict[str, Any]]


def load_impl(spec: str) -> ExtractRecord:
    """Import ``module:function`` (the analysis under test) only when a benchmark runs."""
    module_name, sep, function_name = spec.partition(":")
    if not sep or not module_name or not function_name:
        raise SystemExit(f"--impl must look like module:function, got {spec!r}")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise SystemExit(f"cannot import {module_name!r} for --impl {spec}: {exc}") from exc
    try:
        return getattr(module, function_name)
    except AttributeError as exc:
        raise SystemExit(f"{module_name!r} has no {function_name!r} (--impl {spec})") from exc


def load_devset(path: Path) -> list[dict[str, Any]]:
    """Read the GeoWebNews JSON Lines devset: one article with gold toponyms per line."""
    if not path.is_file():
        raise SystemExit(f"devset not found: {path} (pass --devset PATH)")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def machine_lines() -> list[str]:
    """Date, CPU, cores and Python: the header every benchmark table starts with."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"date    {datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"machine {_cpu_model()}, {os.cpu_count()} cores ({usable} usable), {platform.system()}",
        f"python  {platform.python_implementation()} {platform.python_version()}",
    ]


def machine_info() -> dict[str, Any]:
    """The same facts as ``machine_lines`` for a JSON report."""
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
    }


def format_table(rows: Iterable[Sequence[str]], headers: Sequence[str] = ("metric", "value")) -> str:
    """A plain text table with ``|`` between columns and a rule under the header."""
    table = [list(headers), *(list(row) for row in rows)]
    widths = [max(len(row[col]) for row in table) for col in range(len(headers))]

    def line(row: list[str]) -> str:
        return " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()

    rule = "-+-".join("-" * width for width in widths)
    return "\n".join([line(table[0]), rule, *(line(row) for row in table[1:])])


def print_report(rows: Iterable[Sequence[str]]) -> None:
    """The machine header, a blank line, then the table."""
    print("\n".join(machine_lines()))
    print()
    print(format_table(rows))

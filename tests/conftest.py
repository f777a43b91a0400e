"""Shared fixtures: the founding article and the loaded data, once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "dashboard" / "samples" / "cnn-2024-01-15-russia-elections-occupied-ukraine.txt"


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def boundaries():
    from dashboard.boundaries import load_boundaries

    return load_boundaries()


@pytest.fixture(scope="session")
def gazetteer():
    from dashboard.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def sample_article(sample_text):
    from dashboard.article import parse_text

    return parse_text(sample_text)


@pytest.fixture(scope="session")
def sample_analysis(sample_article, gazetteer, boundaries):
    from dashboard.analysis import analyze

    return analyze(sample_article, gazetteer, boundaries)

"""The command line: map exports, batch extraction, and failing articles that do not stop the rest."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from dashboard.__main__ import main

ROOT = Path(__file__).resolve().parents[2]


def test_map_writes_html_geojson_and_csv(tmp_path, sample_text):
    article = tmp_path / "founding.txt"
    article.write_text(sample_text, encoding="utf-8")
    assert (
        main(["map", str(article), "--out", str(tmp_path / "out"), "--format", "all", "--basemap", "offline"])
        == 0
    )
    html = (tmp_path / "out" / "founding.html").read_text(encoding="utf-8")
    assert "L.map(" in html
    geo = json.loads((tmp_path / "out" / "founding.geojson").read_text(encoding="utf-8"))
    assert any(f["properties"]["iso"] == "UA-43" for f in geo["features"])
    assert (tmp_path / "out" / "founding.csv").read_text(encoding="utf-8").startswith("quote,speaker")


def test_cli_and_export_all_give_the_same_bytes(tmp_path, sample_text, sample_analysis, boundaries):
    from dashboard.export import export_all

    article = tmp_path / "a.txt"
    article.write_text(sample_text, encoding="utf-8")
    main(["map", str(article), "--out", str(tmp_path / "a.geojson"), "--format", "geojson"])
    expected = export_all(sample_analysis, boundaries, pov="de-jure", basemap="light")["geojson"]
    assert (tmp_path / "a.geojson").read_text(encoding="utf-8") == expected


def test_a_failing_article_exits_non_zero_and_the_others_are_written(tmp_path, sample_text, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(sample_text, encoding="utf-8")
    (folder / "empty.txt").write_text("   ", encoding="utf-8")
    code = main(["map", str(folder), "--out", str(tmp_path / "out")])
    assert code == 1
    assert (tmp_path / "out" / "good.html").exists()
    assert not (tmp_path / "out" / "empty.html").exists()
    assert "empty.txt" in capsys.readouterr().err


def test_extract_jsonl_schema(tmp_path, sample_text):
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "a", "text": sample_text}) + "\n" + json.dumps({"id": "b", "text": ""}) + "\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "extract", "--jsonl", str(source)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", "b"]
    assert result.returncode == 1 and "error" in records[1]
    place = next(p for p in records[0]["places"] if p["iso"] == "UA-43")
    assert set(place) >= {"start", "end", "surface", "kind", "name", "iso", "geonameid", "lat", "lon", "weak"}
    assert place["kind"] == "region"
    assert sample_text[place["start"] : place["end"]] == place["surface"]
    assert any(p["kind"] == "border" for p in records[0]["places"])
    assert records[0]["quotes"] and records[0]["links"]


def test_article_without_places_is_written_with_a_note(tmp_path, capsys):
    article = tmp_path / "minutes.txt"
    article.write_text("The committee met on Tuesday and agreed on nothing at all.", encoding="utf-8")
    assert main(["map", str(article), "--out", str(tmp_path / "out"), "--basemap", "offline"]) == 0
    assert "No places were found" in (tmp_path / "out" / "minutes.html").read_text(encoding="utf-8")
    assert "no places found" in capsys.readouterr().err


def test_cli_html_is_the_same_bytes_as_the_dashboard_download(
    tmp_path, sample_text, sample_analysis, boundaries
):
    from dashboard.export import export_all

    article = tmp_path / "a.txt"
    article.write_text(sample_text, encoding="utf-8")
    main(["map", str(article), "--out", str(tmp_path / "a.html"), "--format", "html"])
    expected = export_all(sample_analysis, boundaries, pov="de-jure", basemap="light")["html"]
    assert (tmp_path / "a.html").read_text(encoding="utf-8") == expected

"""Dashboard benchmarks: server-side rerun time after a filter change, and time to first map.

    python benchmarks/bench_dashboard.py [--runs 3]

The first figure drives the app with streamlit.testing.v1.AppTest (server side only). The
second starts a real ``streamlit run`` and measures, in Debian's headless chromium, the time
from starting the server until the map's iframe shows the article's shapes.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.harness import print_report  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def rerun_times(repeats: int) -> tuple[float, float]:
    """(first load, median rerun after a speaker-filter change), in ms."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
    start = time.perf_counter()
    app.run()
    first = (time.perf_counter() - start) * 1000
    speakers = app.multiselect(key="speaker_filter")
    options = list(speakers.options)
    times = []
    for i in range(repeats):
        choice = [options[i % len(options)]] if i % 2 == 0 else []
        app.multiselect(key="speaker_filter").set_value(choice)
        start = time.perf_counter()
        app.run()
        times.append((time.perf_counter() - start) * 1000)
        assert not app.exception, app.exception
    return first, statistics.median(times)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def first_map_seconds() -> float:
    """Seconds from starting `streamlit run` until the map iframe shows the article's paths."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1",
    ]  # fmt: skip
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        start = time.perf_counter()
        server = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        try:
            for _ in range(600):
                try:
                    page.goto(f"http://127.0.0.1:{port}/", timeout=2000)
                    break
                except Exception:
                    time.sleep(0.05)
            frame = page.wait_for_selector('iframe[title*="streamlit_folium"]', timeout=60_000)
            frame.content_frame().wait_for_selector("path.leaflet-interactive", timeout=60_000)
            return time.perf_counter() - start
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="server starts to time")
    parser.add_argument("--reruns", type=int, default=10, help="filter changes to time")
    args = parser.parse_args()
    first, rerun = rerun_times(args.reruns)
    rows = [
        ("AppTest: first run of the app (gazetteer cached on disk)", f"{first:.0f} ms"),
        (f"AppTest: rerun after a speaker filter change (median of {args.reruns})", f"{rerun:.0f} ms"),
    ]
    if Path(CHROMIUM).exists():
        seconds = [first_map_seconds() for _ in range(args.runs)]
        rows.append(
            (f"server start -> map visible in chromium (median of {args.runs})",
             f"{statistics.median(seconds):.1f} s (min {min(seconds):.1f}, max {max(seconds):.1f})")
        )  # fmt: skip
    else:
        rows.append(("server start -> map visible", f"skipped: {CHROMIUM} not installed"))
    print_report(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

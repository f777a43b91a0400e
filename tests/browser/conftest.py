"""Browser fixtures: one Debian chromium per session, pages that record errors and block the internet.

Every page runs in a fresh context whose requests are routed: file:, data:, blob:, about: and
http(s)://127.0.0.1 / localhost go through; anything else is aborted and recorded, so a test can say
exactly which requests a page tried to make. Chromium is also started with a host-resolver rule that
resolves no other host, so nothing reaches the network even if a request slipped past the route.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Frame, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Belt and braces: even a request the route missed cannot resolve a public host.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
VIEWPORT = {"width": 1280, "height": 800}
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
REPO = Path(__file__).resolve().parent.parent.parent
FOUNDING = REPO / "dashboard" / "samples" / "cnn-2024-01-15-russia-elections-occupied-ukraine.txt"

LOCAL_SCHEMES = ("file", "data", "blob", "about", "chrome-error")
LOCAL_HOSTS = ("127.0.0.1", "localhost")


def is_local(url: str) -> bool:
    """A URL that stays on this machine (or inside the page)."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname in LOCAL_HOSTS


@dataclass
class PageLog:
    """What a page did: every request it made, the ones aborted, console errors, uncaught errors."""

    requests: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)
    console_errors: list[tuple[str, str]] = field(default_factory=list)  # (text, source URL)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def own_console_errors(self) -> list[str]:
        """Console errors, leaving out the "Failed to load resource" lines of requests we aborted."""
        blocked = set(self.aborted)
        return [text for text, url in self.console_errors if url not in blocked]

    def network_requests(self) -> list[str]:
        """Requests that would leave the page: everything but file: and in-page (data:, blob:) URLs."""
        return [u for u in self.requests if urlsplit(u).scheme not in ("file", "data", "blob", "about")]


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


def _route(log: PageLog, route) -> None:
    url = route.request.url
    if is_local(url):
        route.continue_()
    else:
        log.aborted.append(url)
        route.abort("blockedbyclient")


def _watch(log: PageLog, page: Page) -> None:
    page.on("request", lambda request: log.requests.append(request.url))

    def on_console(msg) -> None:
        if msg.type == "error":
            log.console_errors.append((msg.text, msg.location.get("url", "")))

    page.on("console", on_console)
    page.on("pageerror", lambda exc: log.page_errors.append(f"{exc.name}: {exc.message}"))

    def on_dialog(dialog) -> None:
        log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)


@pytest.fixture
def context(browser: Browser, page_log: PageLog) -> BrowserContext:
    """A fresh context; its route covers every page and frame opened in it."""
    ctx = browser.new_context(viewport=VIEWPORT, accept_downloads=True, service_workers="block")
    ctx.route("**/*", functools.partial(_route, page_log))

    def close_foreign_socket(ws) -> None:
        page_log.aborted.append(ws.url)
        ws.close()

    ctx.route_web_socket(lambda url: not is_local(url), close_foreign_socket)
    ctx.on("page", functools.partial(_watch, page_log))
    yield ctx
    # Let requests still waiting on the route die quietly when the context closes.
    ctx.unroute_all(behavior="ignoreErrors")
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A page whose console errors, uncaught errors, dialogs and requests land in ``page_log``."""
    return context.new_page()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


# --- The pipeline, loaded once (imported lazily so collection works while a module is missing) ---


@pytest.fixture(scope="session")
def boundaries():
    from dashboard import load_boundaries

    return load_boundaries()


@pytest.fixture(scope="session")
def founding_analysis(boundaries):
    from dashboard import analyze, parse_text

    return analyze(
        parse_text(FOUNDING.read_text(encoding="utf-8"), source=FOUNDING.name), boundaries=boundaries
    )


@pytest.fixture(scope="session")
def founding_keys(boundaries) -> dict[str, str]:
    """Place keys of the founding article's regions and border, looked up by their ISO 3166-2 codes."""
    codes = {
        "Crimea": "UA-43",
        "Sevastopol": "UA-40",
        "Donetsk": "UA-14",
        "Luhansk": "UA-09",
        "Zaporizhzhia": "UA-23",
        "Kherson": "UA-65",
    }
    keys = {name: f"region:{int(boundaries.region(code)['ne_id'])}" for name, code in codes.items()}
    keys["Finland–Russia border"] = "border:FI-RU"
    return keys


# --- Leaflet helpers, usable on a Page or on the Frame streamlit-folium draws into ---

_FIND_MAP = """
    const mapName = Object.keys(window).find(
        k => k.startsWith("map_") && window.L && window[k] instanceof window.L.Map);
    if (!mapName) throw new Error("no Leaflet map on this page");
    const theMap = window[mapName];
"""

FEATURES_JS = (
    "() => {"
    + _FIND_MAP
    + """
    const out = [];
    theMap.eachLayer(l => {
        const props = l.feature && l.feature.properties;
        if (!props || !props.key) return;
        const path = l._path;
        const r = path ? path.getBoundingClientRect() : null;
        const b = l.getBounds ? l.getBounds() : L.latLngBounds([l.getLatLng(), l.getLatLng()]);
        out.push({
            key: props.key, name: props.name, kind: props.kind,
            svgPath: !!path && path.tagName.toLowerCase() === "path"
                && path.classList.contains("leaflet-interactive") && document.contains(path),
            box: r && {x: r.x, y: r.y, width: r.width, height: r.height},
            south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast(),
        });
    });
    return {features: out, width: window.innerWidth, height: window.innerHeight};
}"""
)

CLICK_POINT_JS = (
    "(key) => {"
    + _FIND_MAP
    + """
    let layer = null;
    theMap.eachLayer(l => { if (l.feature && l.feature.properties.key === key) layer = l; });
    if (!layer || !layer._path) return null;
    const path = layer._path;
    const r = path.getBoundingClientRect();
    const cx = r.x + r.width / 2, cy = r.y + r.height / 2;
    const n = 30;
    // Prefer a point whose neighbours `margin` px away hit the path too (not on an edge); small or
    // hollow shapes (a ring-only circle marker) fall back to any pixel of the path.
    for (const margin of [6, 2, 0]) {
        let best = null;
        for (let i = 1; i < n; i++) {
            for (let j = 1; j < n; j++) {
                const x = Math.round(r.x + r.width * i / n), y = Math.round(r.y + r.height * j / n);
                if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight) continue;
                // The point must hit this feature's own path: not a neighbour, control or legend on top.
                const hits = [[0, 0], [margin, 0], [-margin, 0], [0, margin], [0, -margin]].every(
                    ([dx, dy]) => document.elementFromPoint(x + dx, y + dy) === path);
                if (!hits) continue;
                const d = (x - cx) ** 2 + (y - cy) ** 2;
                if (!best || d < best.d) best = {x, y, d, margin};
            }
        }
        if (best) return best;
    }
    return null;
}"""
)

ELEMENT_KEY_AT_JS = (
    "([x, y]) => {"
    + _FIND_MAP
    + """
    const el = document.elementFromPoint(x, y);
    let key = null;
    theMap.eachLayer(l => { if (l._path && l._path === el && l.feature) key = l.feature.properties.key; });
    return key;
}"""
)


# folium calls fitBounds right after creating the map at zoom 2, so the map opens with an animated
# zoom (and a popup's autoPan pans): positions are only meaningful once the view has stopped moving.
# Idle = no zoom or pan animation and the same view for five consecutive animation frames (the first
# frame after fitBounds is still idle-looking, before Leaflet's requestAnimFrame starts the zoom).
SETTLED_JS = """() => {
    const mapName = Object.keys(window).find(
        k => k.startsWith("map_") && window.L && window[k] instanceof window.L.Map);
    if (!mapName) return false;
    const m = window[mapName];
    const busy = m._animatingZoom || (m._panAnim && m._panAnim._inProgress)
        || m._mapPane.classList.contains("leaflet-zoom-anim");
    const c = m.getCenter();
    const view = [m.getZoom(), c.lat, c.lng].join(",");
    if (busy || view !== window.__ngdView) {
        window.__ngdView = view;
        window.__ngdIdle = 0;
        return false;
    }
    window.__ngdIdle += 1;
    return window.__ngdIdle >= 5;
}"""


class Leaflet:
    """Reads the drawn features of the Leaflet map in a page or frame, and clicks them with the mouse."""

    def settle(self, target: Page | Frame) -> None:
        """Wait (bounded) until the map exists and its view has stopped moving."""
        target.evaluate("() => { window.__ngdView = null; window.__ngdIdle = 0; }")
        target.wait_for_function(SETTLED_JS, polling="raf", timeout=10_000)

    def features(self, target: Page | Frame) -> dict:
        """{"features": [{key, name, kind, svgPath, box, south, west, north, east}], "width", "height"}."""
        self.settle(target)
        return target.evaluate(FEATURES_JS)

    def by_key(self, target: Page | Frame) -> dict[str, dict]:
        return {f["key"]: f for f in self.features(target)["features"]}

    def wait_for_popup(self, target: Page | Frame) -> None:
        """Wait (bounded) until a popup is open and its fade-in has finished (for screenshots)."""
        target.wait_for_function(
            """() => { const p = document.querySelector(".leaflet-popup");
                       return !!p && getComputedStyle(p).opacity === "1"; }""",
            polling="raf",
            timeout=5_000,
        )

    def hit_point(self, target: Page | Frame, key: str) -> dict | None:
        """A point (in the target's viewport) where the feature's own path is on top, or None."""
        self.settle(target)
        return target.evaluate(CLICK_POINT_JS, key)

    def click(self, page: Page, target: Page | Frame, key: str) -> tuple[float, float]:
        """Click a point well inside the feature's path with the real mouse; returns the page point."""
        if isinstance(target, Frame) and target.parent_frame is not None:
            target.frame_element().scroll_into_view_if_needed()
        self.settle(target)
        point = target.evaluate(CLICK_POINT_JS, key)
        assert point is not None, f"no point of {key} is clickable (hidden, covered or not drawn)"
        hit = target.evaluate(ELEMENT_KEY_AT_JS, [point["x"], point["y"]])
        assert hit == key, f"the point picked for {key} hits {hit}"
        dx = dy = 0.0
        if isinstance(target, Frame) and target.parent_frame is not None:
            box = target.frame_element().bounding_box()
            dx, dy = box["x"], box["y"]
        size = page.viewport_size
        assert 0 <= point["x"] + dx < size["width"] and 0 <= point["y"] + dy < size["height"], (
            f"{key} is drawn outside the visible part of the page"
        )
        page.mouse.click(point["x"] + dx, point["y"] + dy)
        return point["x"] + dx, point["y"] + dy


@pytest.fixture(scope="session")
def leaflet() -> Leaflet:
    return Leaflet()

"""Write the README's screenshots (docs/img/*.png) from the bundled corpus graph.

Each view is rendered from ``pg.load()``, opened offline in Debian's headless Chromium
(every request but the page's own is aborted, and counted as a failure, as are console
errors), hovered or clicked where a card shows the evidence, captured, and reduced to a
256-colour palette PNG (Pillow) so that the repository stays small.

Run it after a change that alters a view::

    .venv/bin/python scripts/screenshots.py            # every screenshot
    .venv/bin/python scripts/screenshots.py map        # only docs/img/map.png
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "img"
CHROMIUM = Path("/usr/bin/chromium")
VIEWPORT = {"width": 1280, "height": 760}
SERIES = "digital-economy-share-of-gdp"  # the corpus's longest series, with its 2025 target

# Screen boxes of the Vega items whose datum carries a card: {id, box}.
VEGA_ITEMS = """() => {
  var svg = pgView.container().querySelector('svg').getBoundingClientRect();
  var pad = pgView.padding();
  var origin = [pgView.origin()[0] + pad.left, pgView.origin()[1] + pad.top];
  var found = [];
  (function walk(node) {
    (node.items || []).forEach(function (item) {
      var datum = item.datum || {};
      var card = datum.card || (datum.properties && datum.properties.card);
      if (node.marktype && node.marktype !== 'group' && card) {
        var b = item.bounds;
        found.push({id: card.id || '', x: svg.left + origin[0] + (b.x1 + b.x2) / 2,
                    y: svg.top + origin[1] + (b.y1 + b.y2) / 2});
      } else { walk(item); }
    });
  })(pgView.scenegraph().root);
  return found;
}"""

# Points on lineage edges stated in documents, most documents first, that no node covers.
STATED_EDGES = """() => {
  var box = document.getElementById('mynetwork').getBoundingClientRect();
  var found = [];
  edges.getIds().forEach(function (id) {
    var record = edges.get(id);
    var stated = (record.pg.documents || []).filter(function (d) { return d.basis === 'stated'; });
    if (!stated.length) return;
    var dom = network.canvasToDOM(network.body.edges[id].edgeType.getPoint(0.5));
    if (network.getNodeAt(dom) !== undefined || network.getEdgeAt(dom) !== id) return;
    if (dom.x < 40 || dom.y < 40 || dom.x > box.width - 40 || dom.y > box.height - 40) return;
    found.push({id: id, n: stated.length, x: dom.x + box.left, y: dom.y + box.top});
  });
  return found.sort(function (a, b) { return b.n - a.n; });
}"""


def _hover_lineage(page: Any) -> None:
    for point in page.evaluate(STATED_EDGES):
        page.mouse.move(point["x"], point["y"])
        shown = page.evaluate(
            "(document.querySelector('#pg-tooltip:not([hidden]) [data-edge]') || {}).dataset"
        )
        if shown and shown.get("edge") == point["id"]:
            return
    raise SystemExit("lineage: no edge stated in a document could be hovered")


def _hover_map(page: Any) -> None:
    from policygraph import PGID

    wanted = str(PGID["deqing-county"])  # a county with a link of its own
    for item in page.evaluate(VEGA_ITEMS):
        if item["id"] == wanted:
            page.mouse.move(item["x"], item["y"])
            page.wait_for_selector("#pg-tooltip:not([hidden])", timeout=5_000)
            return
    raise SystemExit(f"map: no shape of {wanted}")


def _hover_chart(page: Any) -> None:
    items = page.evaluate(VEGA_ITEMS)
    if not items:
        raise SystemExit("series: nothing drawn")
    point = items[len(items) // 2]
    page.mouse.move(point["x"], point["y"])


def _click_timeline(page: Any) -> None:
    page.evaluate("pgTimeline.setWindow('2019-06-01', '2022-03-01', {animation: false})")
    page.locator(".vis-item.pg-in_force .pg-item").first.click()
    page.mouse.move(5, 5)  # the card stays in the details panel


def _pages(kg: Any, folder: Path) -> dict[str, tuple[Path, Callable[[Any], None]]]:
    from policygraph import views

    lineage = views.write_html(views.lineage(kg), folder / "lineage.html")
    cities = views.write_html(views.cities(kg), folder / "cities.html")
    return {
        "lineage": (lineage, _hover_lineage),
        "map": (views.write_page(views.map(kg), folder / "map.html"), _hover_map),
        "series": (
            views.write_page(views.series(kg, SERIES), folder / "series.html"),
            _hover_chart,
        ),
        "timeline": (
            views.write_page(views.timeline(kg), folder / "timeline.html"),
            _click_timeline,
        ),
        "cities": (cities, lambda page: None),
    }


def _palette_png(raw: bytes) -> bytes:
    from PIL import Image

    image = Image.open(io.BytesIO(raw)).convert("RGB")
    reduced = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    reduced.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _shoot(browser: Any, name: str, path: Path, action: Callable[[Any], None]) -> bytes:
    """Open ``path`` offline, act on it, and return its screenshot as a palette PNG."""
    problems: list[str] = []
    page = browser.new_page(viewport=VIEWPORT)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    url = path.resolve().as_uri()

    def route(request_route: Any) -> None:
        if request_route.request.url == url:
            request_route.continue_()
        else:
            problems.append(f"request {request_route.request.url}")
            request_route.abort()

    page.route("**/*", route)
    page.goto(url)
    page.wait_for_function("window.pgReady === true", timeout=60_000)
    action(page)
    page.wait_for_timeout(300)
    shot = _palette_png(page.screenshot())
    page.close()
    if problems:
        raise SystemExit(f"{name}: {problems}")
    return shot


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="lineage, map, series, timeline, cities")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        raise SystemExit(f"needs Debian's chromium at {CHROMIUM} (scripts/install-system-deps.sh)")
    from playwright.sync_api import sync_playwright

    import policygraph as pg

    kg = pg.load()
    with tempfile.TemporaryDirectory(prefix="policygraph-shots-") as tmp:
        pages = _pages(kg, Path(tmp))
        unknown = sorted(set(args.names) - set(pages))
        if unknown:
            raise SystemExit(f"unknown screenshot(s) {unknown}; choose from {sorted(pages)}")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"]
            )
            for name, (path, action) in pages.items():
                if not args.names or name in args.names:
                    target = OUT / f"{name}.png"
                    target.write_bytes(_shoot(browser, name, path, action))
                    print(f"{target.relative_to(REPO)}: {target.stat().st_size // 1024} KB")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

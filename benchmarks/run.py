"""Benchmark policygraph on rdflib's memory store and on Oxigraph, at growing sizes.

For every size (synthetic corpora from `policygraph.synth`) and every store it measures:

* load time and peak memory, each load in a fresh subprocess (clean peak RSS);
* for Oxigraph, loading into an on-disk store and reopening it;
* the map, chart and timeline pages (issue #16) on the bundled graph: page size and the
  median time until drawn in headless Chromium, offline (``--pages-only`` runs just these);
* the median of every named query (``queries/*.rq`` through ``kg.run``), of the
  benchmark queries in ``benchmarks/queries/`` (join, aggregates, text filter, lineage at
  all depths), of a few API calls, of the lineage and city analytics and of rendering a
  view of up to 5,000 nodes, all in a worker subprocess per size and store;
* extraction (``policygraph extract``): the median time to draft a 5,000-character text
  with the bundled graph loaded, and the scores on the development set
  (tests/fixtures/extract-dev/), in a worker subprocess.

Every measurement has a timeout: a worker that exceeds it is killed, the measurement is
reported as "timeout (> N s)" and a new worker goes on with the rest. A table with the
ratio of each time to rdflib's memory store is printed and written to RESULTS.md, with
the machine described.

Usage::

    python benchmarks/run.py                        # 10^4, 10^5, 10^6 on both stores
    python benchmarks/run.py --quick                # 10^4 and 10^5, 3 runs
    python benchmarks/run.py --sizes 1e5 --stores oxigraph --runs 9
    python benchmarks/run.py --extract-only         # extraction speed and scores only
    python benchmarks/run.py --pages-only           # map, chart, timeline pages only
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import queue
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any

HERE = Path(__file__).resolve().parent
BENCH_QUERIES = HERE / "queries"
STORES = ("memory", "oxigraph")
TARGET_QUERY_SECONDS = 0.5
TARGET_SPEEDUP = 20.0
# benchmark queries whose Oxigraph speed-up over rdflib has a target (issue #8)
SPEEDUP_QUERIES = {
    "bench: join-city-programme-firm": "join",
    "bench: aggregate-figures-by-indicator-year": "aggregate",
    "bench: aggregate-evidence-per-section": "aggregate",
    "bench: text-filter-labels": "text filter",
}
VIEW_NODES = 5000
EXTRACT_DEV = HERE.parent / "tests" / "fixtures" / "extract-dev"
EXTRACT_HELDOUT = HERE.parent / "tests" / "fixtures" / "extract-heldout"
EXTRACT_CHARACTERS = 5000
TARGET_EXTRACT_SECONDS = 1.0
CHROMIUM = Path("/usr/bin/chromium")
PAGE_TARGET_BYTES = 2_000_000
PAGE_TARGET_SECONDS = 1.0


# -- the worker: runs in a subprocess ----------------------------------------------------------


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _emit(**record: Any) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


def worker_load(data: Path | None, store: str) -> None:
    """Import, load once, report seconds and memory."""
    started = time.perf_counter()
    import policygraph as pg
    from policygraph import graph  # noqa: F401 - the import is part of what a user pays

    imported = time.perf_counter()
    before = _rss_mb()
    kg = pg.load(data, store=store, progress=False)
    loaded = time.perf_counter()
    _emit(
        event="load",
        seconds=loaded - imported,
        import_seconds=imported - started,
        triples=len(kg),
        rss_before_mb=before,
        peak_mb=_peak_mb(),
    )


def worker_bundled(store: str) -> None:
    """``import policygraph``, load the bundled graph and run every named query."""
    started = time.perf_counter()
    import policygraph as pg
    from policygraph.queries import list_queries

    imported = time.perf_counter()
    kg = pg.load(store=store, progress=False)
    loaded = time.perf_counter()
    for query in list_queries():
        kg.run(query)
    done = time.perf_counter()
    _emit(
        event="bundled",
        import_seconds=imported - started,
        load_seconds=loaded - imported,
        queries_seconds=done - loaded,
        total_seconds=done - started,
        queries=len(list_queries()),
    )


def worker_extract(runs: int) -> None:
    """Draft a 5,000-character text (development texts, repeated) with the bundled graph
    loaded and its resolver built once, as `policygraph extract` does; score the
    development set."""
    import policygraph as pg
    from policygraph.extract import draft_annotations, evaluate, load_dev_set, scan
    from policygraph.resolve import Resolver

    kg = pg.load()
    started = time.perf_counter()
    resolver = Resolver.from_graph(kg)
    resolver_seconds = time.perf_counter() - started
    texts = load_dev_set(EXTRACT_DEV)
    text = ""
    while len(text) < EXTRACT_CHARACTERS:
        text += "\n\n".join(t.text for t in texts) + "\n\n"
    text = text[:EXTRACT_CHARACTERS]
    started = time.perf_counter()
    draft_annotations(text, "bench", kg=kg, resolver=resolver)
    first_seconds = time.perf_counter() - started  # loads pypinyin, OpenCC, the gazetteer
    draft_times, scan_times = [], []
    for _ in range(runs):
        started = time.perf_counter()
        scan(text, resolver=resolver)
        scan_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        draft_annotations(text, "bench", kg=kg, resolver=resolver)
        draft_times.append(time.perf_counter() - started)
    score = evaluate(texts, resolver=resolver)
    heldout = evaluate(EXTRACT_HELDOUT, resolver=resolver)
    _emit(
        characters=len(text),
        scan_seconds=statistics.median(scan_times),
        draft_seconds=statistics.median(draft_times),
        resolver_seconds=resolver_seconds,
        first_seconds=first_seconds,
        texts=len(texts),
        summary=score.summary(),
        table=score.table(),
        heldout_texts=len(heldout.texts),
        heldout_summary=heldout.summary(),
        heldout_table=heldout.table(),
    )


def _parameters(kg: Any, query: Any) -> dict[str, Any]:
    """Parameters for a named query on a synthetic graph: defaults that name nothing there
    are replaced by a node of the same role (the root of the first lineage chain …)."""
    from rdflib import URIRef

    import policygraph as pg

    params: dict[str, Any] = {}
    for param in query.params:
        if param.type != "iri" or param.default in (None, "*"):
            continue
        default = param.default_value()
        if isinstance(default, URIRef) and (default, None, None) in kg.graph:
            continue
        if param.name == "indicator":
            indicators = kg.entities("Indicator").iri
            if len(indicators):
                params[param.name] = URIRef(sorted(indicators)[0])
        else:
            params[param.name] = pg.PGID["policy-0"]
    return params


Measure = Callable[[], int]  # one timed run; returns a row or node count


def _measurements(kg: Any, workdir: Path) -> list[tuple[str, Callable[[], Any]]]:
    """(name, setup): ``setup()`` is untimed but under the measurement's timeout, and
    returns the timed callable and, for Oxigraph queries, the engine-only callable."""
    import networkx as nx

    from policygraph import analytics, views
    from policygraph._sparql import bind_values
    from policygraph._stores import select_table
    from policygraph.analytics import _rdf
    from policygraph.queries import get_query, list_queries

    def query_setup(label: str, query: Any) -> Callable[[], Any]:
        def setup() -> tuple[Measure, Measure | None]:
            params = _parameters(kg, query)
            if params:
                _emit(event="params", name=label, params={k: str(v) for k, v in params.items()})

            def run() -> int:
                return len(kg.run(query, **params))

            if not kg.store.startswith("oxigraph"):
                return run, None
            text = bind_values(query.text, query.bindings(params, resolve=kg.resolve))

            def engine() -> int:
                found = select_table(kg.graph, text)
                return 0 if found is None else len(found[1])

            return run, engine

        return setup

    # the benchmark queries first: a slow store may run out of timeouts on the named ones
    items: list[tuple[str, Callable[[], Any]]] = []
    named = [(f"bench: {p.stem}", get_query(str(p))) for p in sorted(BENCH_QUERIES.glob("*.rq"))]
    named += [(f"query: {q.name}", q) for q in list_queries()]
    items += [(label, query_setup(label, query)) for label, query in named]

    def plain(run: Measure) -> Callable[[], Any]:
        return lambda: (run, None)

    items.append(("api: entities()", plain(lambda: len(kg.entities()))))
    items.append(("api: observations()", plain(lambda: len(kg.observations()))))
    items.append(("api: search('数字')", plain(lambda: len(kg.search("数字")))))

    def snapshot() -> int:
        _rdf._CACHE.clear()
        return len(_rdf.snapshot(kg).nodes)

    def lineage() -> int:
        _rdf._CACHE.clear()
        graph = analytics.lineage_graph(kg)
        analytics.main_path(graph)
        analytics.longest_chain(graph)
        return int(graph.number_of_nodes())

    def cities() -> int:
        _rdf._CACHE.clear()
        graph = analytics.city_initiative_graph(kg)
        analytics.place_summary(graph)
        analytics.place_projection(graph)
        return int(graph.number_of_nodes())

    items.append(("analytics: read the graph (snapshot)", plain(snapshot)))
    items.append(("analytics: lineage (graph, main path, longest chain)", plain(lineage)))
    items.append(("analytics: cities (bipartite graph, summary, projection)", plain(cities)))

    def view_setup() -> tuple[Measure, None]:
        whole = analytics.to_networkx(kg)
        keep = sorted(whole.nodes, key=lambda n: (-whole.degree(n), str(n)))[:VIEW_NODES]
        shown = nx.MultiDiGraph(whole.subgraph(keep))
        shown.graph.update(whole.graph)

        def render() -> int:
            views.write_html(views.overview(shown), workdir / "view.html")
            return int(shown.number_of_nodes())

        return render, None

    items.append((f"views: render the overview (≤ {VIEW_NODES:,} nodes)", view_setup))
    return items


def worker_work(data: Path, store: str, runs: int, slow: float, skip: set[str]) -> None:
    """Load once, then time every measurement not in ``skip``."""
    import policygraph as pg

    started = time.perf_counter()
    kg = pg.load(data, store=store, progress=False)
    _emit(event="loaded", seconds=time.perf_counter() - started)
    kg.run("suspect-figures")  # warm up: pandas and the query files
    with tempfile.TemporaryDirectory(prefix="pg-bench-") as folder:
        for name, setup in _measurements(kg, Path(folder)):
            if name in skip:
                continue
            _emit(event="start", name=name)
            times: list[float] = []
            raw: list[float] = []
            rows = 0
            try:
                run, engine = setup()
                for _ in range(runs):
                    began = time.perf_counter()
                    rows = run()
                    times.append(time.perf_counter() - began)
                    if times[0] > slow:
                        break  # one run of something this slow says enough
                for _ in range(len(times) if engine is not None else 0):
                    began = time.perf_counter()
                    engine()
                    raw.append(time.perf_counter() - began)
            except Exception as exc:  # report and go on with the next measurement
                _emit(event="error", name=name, message=f"{type(exc).__name__}: {exc}"[:300])
                continue
            _emit(event="result", name=name, times=times, rows=rows, engine=raw)


# -- the parent: drives workers with timeouts ---------------------------------------------------


@dataclass
class Cell:
    """What one measurement gave on one store at one size."""

    times: list[float] = field(default_factory=list)
    rows: int | None = None
    engine: list[float] = field(default_factory=list)
    note: str = ""  # "timeout (> N s)", "error: …", "skipped …"

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times and not self.note else None


@dataclass
class Run:
    """Everything measured, keyed by (size, store, measurement)."""

    cells: dict[tuple[int, str, str], Cell] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    params: dict[str, dict[str, str]] = field(default_factory=dict)
    loads: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict)
    bundled: dict[str, dict[str, Any]] = field(default_factory=dict)
    extract: dict[str, Any] = field(default_factory=dict)
    corpora: dict[int, dict[str, Any]] = field(default_factory=dict)
    push: tuple[int, list[dict[str, Any]]] | None = None
    pages: list[dict[str, Any]] = field(default_factory=list)

    def cell(self, size: int, store: str, name: str) -> Cell:
        if name not in self.order:
            self.order.append(name)
        return self.cells.setdefault((size, store, name), Cell())


def _python() -> list[str]:
    return [sys.executable, str(Path(__file__).resolve())]


def _one_shot(args: list[str], timeout: float) -> dict[str, Any] | str:
    """Run a worker that prints one JSON record; the record, or why there is none."""
    try:
        done = subprocess.run(
            _python() + args, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return f"timeout (> {timeout:g} s)"
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return f"error: {tail[:200]}"
    record: dict[str, Any] = json.loads(lines[-1])
    return record


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure_loads(
    run: Run, size: int, data: Path, store: str, repeats: int, timeout: float
) -> None:
    records = []
    for _ in range(repeats):
        record = _one_shot(["--worker", "load", "--data", str(data), "--store", store], timeout)
        if isinstance(record, str):
            run.loads[(size, store)] = {"note": record}
            _progress(f"  load {store}: {record}")
            return
        records.append(record)
    run.loads[(size, store)] = {
        "seconds": statistics.median(r["seconds"] for r in records),
        "peak_mb": max(r["peak_mb"] for r in records),
        "rss_before_mb": statistics.median(r["rss_before_mb"] for r in records),
        "triples": records[0]["triples"],
        "repeats": len(records),
    }
    _progress(
        f"  load {store}: {run.loads[(size, store)]['seconds']:.2f} s, "
        f"peak {run.loads[(size, store)]['peak_mb']:.0f} MB"
    )
    if store == "oxigraph":
        folder = Path(tempfile.mkdtemp(prefix="pg-bench-store-"))
        try:
            disk = f"oxigraph:{folder / 'store'}"
            first = _one_shot(["--worker", "load", "--data", str(data), "--store", disk], timeout)
            again = _one_shot(["--worker", "load", "--data", str(data), "--store", disk], timeout)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        for key, record in (("disk_load", first), ("disk_reopen", again)):
            if isinstance(record, str):
                run.loads[(size, f"{store}-{key}")] = {"note": record}
            else:
                run.loads[(size, f"{store}-{key}")] = {
                    "seconds": record["seconds"],
                    "peak_mb": record["peak_mb"],
                }


def _lines_of(stream: IO[str]) -> queue.Queue[str | None]:
    """The lines of ``stream`` as a reader thread gets them; None at the end.

    (``select`` on a buffered pipe misses lines already read into the buffer.)
    """
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return lines


def measure_work(
    run: Run,
    size: int,
    data: Path,
    store: str,
    runs: int,
    slow: float,
    timeout: float,
    max_timeouts: int,
) -> None:
    """Run workers until every measurement has a result, an error or a timeout."""
    finished: set[str] = set()
    timeouts = 0
    while True:
        skip_file = Path(tempfile.mkstemp(suffix=".json")[1])
        skip_file.write_text(json.dumps(sorted(finished)), encoding="utf-8")
        args = ["--worker", "work", "--data", str(data), "--store", store]
        args += ["--runs", str(runs), "--slow", str(slow), "--skip-file", str(skip_file)]
        process = subprocess.Popen(
            _python() + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert process.stdout is not None
        current = "load"
        deadline = time.monotonic() + timeout
        timed_out = False
        lines = _lines_of(process.stdout)
        while True:
            wait = deadline - time.monotonic()
            if wait <= 0:
                timed_out = True
                break
            try:
                line = lines.get(timeout=wait)
            except queue.Empty:
                continue
            if line is None:
                break
            if not line.startswith("{"):
                continue
            record = json.loads(line)
            event = record["event"]
            if event == "loaded":
                deadline = time.monotonic() + timeout
            elif event == "start":
                current = record["name"]
                deadline = time.monotonic() + timeout
            elif event == "params":
                run.params[record["name"]] = record["params"]
            elif event in ("result", "error"):
                cell = run.cell(size, store, record["name"])
                if event == "result":
                    cell.times, cell.rows = record["times"], record["rows"]
                    cell.engine = record.get("engine") or []
                    shown = f"{statistics.median(cell.times) * 1000:.0f} ms"
                else:
                    cell.note = f"error: {record['message']}"
                    shown = cell.note
                finished.add(record["name"])
                current = ""
                _progress(f"  {store:8s} {record['name']}: {shown}")
        skip_file.unlink(missing_ok=True)
        if timed_out:
            process.kill()
            process.wait()
            note = f"timeout (> {timeout:g} s)"
            if current == "load":
                run.cell(size, store, "(load for the measurements)").note = note
                _progress(f"  {store:8s} load: {note}; nothing measured")
                return
            run.cell(size, store, current).note = note
            finished.add(current)
            timeouts += 1
            _progress(f"  {store:8s} {current}: {note}")
            if timeouts >= max_timeouts:
                run.cell(
                    size, store, "(the remaining measurements)"
                ).note = f"skipped after {timeouts} timeouts"
                return
            continue
        process.wait()
        if process.returncode != 0 and process.stderr is not None:
            tail = (process.stderr.read().strip().splitlines() or ["?"])[-1]
            run.cell(size, store, current or "(worker)").note = f"error: {tail[:200]}"
        return


def measure_bundled(run: Run, stores: list[str], repeats: int, timeout: float) -> None:
    for store in stores:
        records = []
        for _ in range(repeats):
            record = _one_shot(["--worker", "bundled", "--store", store], timeout)
            if isinstance(record, str):
                run.bundled[store] = {"note": record}
                break
            records.append(record)
        else:
            run.bundled[store] = {
                key: statistics.median(r[key] for r in records)
                for key in ("import_seconds", "load_seconds", "queries_seconds", "total_seconds")
            }
            run.bundled[store]["queries"] = records[0]["queries"]
        _progress(f"bundled graph, {store}: {run.bundled[store]}")


def measure_extract(run: Run, runs: int, timeout: float) -> None:
    record = _one_shot(["--worker", "extract", "--runs", str(runs)], timeout)
    run.extract = {"note": record} if isinstance(record, str) else record
    shown = run.extract.get("note") or f"draft {run.extract['draft_seconds']:.3f} s"
    _progress(f"extraction: {shown}")


def _extract_section(run: Run) -> list[str]:
    e = run.extract
    out = ["## Extraction (`policygraph extract`, issue #14)", ""]
    if "note" in e:
        return [*out, f"Not measured: {e['note']}", ""]
    verdict = "met" if e["draft_seconds"] < TARGET_EXTRACT_SECONDS else "NOT met"
    out += [
        f"A {e['characters']:,}-character text with the bundled graph loaded (its resolver, "
        f"built once per session, takes {_seconds(e['resolver_seconds'])}): scan "
        f"{_seconds(e['scan_seconds'])}, full draft (scan, document facts, relations, "
        f"linking) {_seconds(e['draft_seconds'])} warm (median of the runs after the first); "
        f"the first draft of the process, which loads the pinyin and OpenCC dictionaries and "
        f"reads the gazetteer, took {_seconds(e['first_seconds'])}; target < 1 s: {verdict}.",
        "",
        f"Scores on the development set (tests/fixtures/extract-dev/, {e['texts']} real "
        "texts; edits per figure, or the edits of a text without figures in brackets):",
        "",
        e["table"],
        "",
    ]
    if "heldout_table" in e:
        out += [
            f"Scores on the held-out set (tests/fixtures/extract-heldout/, "
            f"{e['heldout_texts']} real texts labelled before the extractor ran on them):",
            "",
            e["heldout_table"],
            "",
        ]
    return out


def _offline_route(url: str, blocked: list[str]) -> Callable[[Any], None]:
    """A Playwright route handler: the page itself loads, every other request is aborted."""

    def route(request_route: Any) -> None:
        if request_route.request.url == url:
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    return route


# pgReady is set once vis-network has the data, before it draws on the next animation
# frame: two frames later the page has drawn (network pages have no pgReadyAt).
_DRAWN_AT = """Object.defineProperty(window, "pgReady", {configurable: true,
  get: function () { return this.pgReadyValue; },
  set: function (value) {
    this.pgReadyValue = value;
    if (value) requestAnimationFrame(function () {
      requestAnimationFrame(function () { window.pgDrawnAt = performance.now(); });
    });
  }});"""


def drawn_in_chromium(path: Path, runs: int) -> float | None:
    """Median seconds from navigation until a network page (`views.write_html`) has
    drawn, in a fresh tab of headless Chromium, offline; None without Chromium."""
    if not CHROMIUM.exists():
        return None
    from playwright.sync_api import sync_playwright

    url = path.resolve().as_uri()
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for _ in range(runs):
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            tab.route("**/*", _offline_route(url, []))
            tab.add_init_script(_DRAWN_AT)
            tab.goto(url)
            tab.wait_for_function("window.pgDrawnAt !== undefined", timeout=120_000)
            times.append(float(tab.evaluate("window.pgDrawnAt")) / 1000)
            tab.close()
        browser.close()
    return statistics.median(times)


def measure_pages(run: Run, runs: int) -> None:
    """Size and time until drawn of the map, a series chart and the timeline, offline.

    Each page is opened ``runs`` times in a fresh tab of headless Chromium with every
    request but the page's own aborted; "drawn" is the page's ``pgReadyAt``
    (``performance.now()`` when the library has drawn every mark), the median is kept.
    """
    if not CHROMIUM.exists():
        run.pages.append({"name": "(pages)", "note": f"skipped: no {CHROMIUM}"})
        return
    from playwright.sync_api import sync_playwright

    import policygraph as pg
    from policygraph import analytics, views

    kg = pg.load()
    programme = analytics.most_adopted(kg)
    made = {
        "map of Zhejiang (counts, 11 prefectures + 90 counties)": views.map(kg),
        "diffusion map (one programme)": views.map(kg, programme),
        "series chart": views.series(kg),
        "timeline": views.timeline(kg),
    }
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for name, page in made.items():
            path = views.write_page(page, Path(folder) / "page.html")
            url = path.resolve().as_uri()
            times, requests = [], 0
            for _ in range(runs):
                tab = browser.new_page(viewport={"width": 1400, "height": 900})
                blocked: list[str] = []

                tab.route("**/*", _offline_route(url, blocked))
                tab.goto(url)
                tab.wait_for_function("window.pgReady === true", timeout=60_000)
                times.append(float(tab.evaluate("window.pgReadyAt")) / 1000)
                requests += len(blocked)
                tab.close()
            run.pages.append(
                {
                    "name": name,
                    "bytes": path.stat().st_size,
                    "items": len(page.items),
                    "seconds": statistics.median(times),
                    "fastest": min(times),
                    "requests": requests,
                }
            )
            _progress(
                f"page {name}: {path.stat().st_size:,} bytes, {statistics.median(times):.3f} s"
            )
        browser.close()


def pages_section(run: Run, runs: int) -> list[str]:
    out = ["## Map, chart and timeline pages (bundled graph, headless Chromium, offline)", ""]
    out += [
        f"Median of {runs} loads in a fresh tab; *drawn* is `performance.now()` when the "
        "library has drawn every mark (parsing the inlined libraries included). Targets: "
        "under 2 MB and drawn in under 1 s. On a shared machine the fastest load shows "
        "what the page costs without contention.",
        "",
        "| page | marks | size | drawn (median) | fastest | requests | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for page in run.pages:
        if "note" in page:
            out.append(f"| {page['name']} | {page['note']} | | | | | |")
            continue
        ok = page["bytes"] < PAGE_TARGET_BYTES and page["seconds"] < PAGE_TARGET_SECONDS
        out.append(
            f"| {page['name']} | {page['items']} | {page['bytes'] / 1e6:.2f} MB "
            f"| {page['seconds']:.3f} s | {page['fastest']:.3f} s | {page['requests']} "
            f"| {'met' if ok else 'missed'} |"
        )
    return [*out, ""]


def corpus_path(folder: Path, size: int) -> Path:
    """Where `corpus` keeps the synthetic corpus of ``size`` triples."""
    return folder / f"synth-{size}.nt"


def corpus(folder: Path, size: int) -> Path:
    """The synthetic corpus of ``size`` triples (seed 0), generated once."""
    from policygraph.synth import write_synthetic

    path = corpus_path(folder, size)
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        stats = write_synthetic(path, size, seed=0)
        _progress(f"generated {path.name}: {stats.triples:,} triples in "
                  f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    return path


# -- the report ----------------------------------------------------------------------------------


def _seconds(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 1:
        return f"{value * 1000:.0f} ms" if value >= 0.01 else f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def _shown(cell: Cell | None) -> str:
    if cell is None:
        return "not run"
    if cell.note:
        return cell.note
    text = _seconds(cell.median)
    return f"{text} (1 run)" if len(cell.times) == 1 else text


def _ratio(slow: float | None, fast: float | None) -> str:
    if slow is None or fast is None or fast <= 0:
        return "–"
    return f"{slow / fast:,.0f}×" if slow / fast >= 10 else f"{slow / fast:.1f}×"


def _megabytes(load: dict[str, Any]) -> str:
    return f"{load['peak_mb']:,.0f} MB" if "peak_mb" in load else "–"


def _row(name: str, memory: Cell | None, oxigraph: Cell | None) -> str:
    share = ""
    if oxigraph and oxigraph.engine and oxigraph.median:
        share = f"{min(1.0, statistics.median(oxigraph.engine) / oxigraph.median):.0%}"
    rows = next((c.rows for c in (oxigraph, memory) if c and c.rows is not None), None)
    if rows is not None and name.startswith(("query", "bench")):
        name = f"{name} ({rows:,} rows)"
    elif rows is not None and name.startswith("views"):
        name = f"{name}: {rows:,} nodes"
    ratio = _ratio(memory.median if memory else None, oxigraph.median if oxigraph else None)
    return f"| {name} | {_shown(memory)} | {_shown(oxigraph)} | {ratio} | {share} |"


def machine() -> list[str]:
    model = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        total_kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    versions = []
    for name in ("policygraph", "rdflib", "pyoxigraph", "oxrdflib", "networkx", "pandas",
                 "pyvis", "numpy", "scipy"):  # fmt: skip
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{name} {metadata.version(name)}")
    return [
        f"- CPU: {model}; {len(os.sched_getaffinity(0))} cores usable ({os.cpu_count()} online)",
        f"- memory: {total_kb / 2**20:.1f} GiB",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()})",
        f"- {', '.join(versions)}",
    ]


def _targets(run: Run, sizes: list[int]) -> list[str]:
    lines = []

    def verdict(ok: bool | None) -> str:
        return "**met**" if ok else ("**missed**" if ok is False else "not measured")

    for store in STORES:
        b = run.bundled.get(store)
        if b and "total_seconds" in b:
            lines.append(
                f"- bundled graph on {store}: import + load + {b['queries']} named queries "
                f"{_seconds(b['total_seconds'])} (target < 2 s): {verdict(b['total_seconds'] < 2)}"
            )
    imports = [b["import_seconds"] for b in run.bundled.values() if "import_seconds" in b]
    if imports:
        value = min(imports)
        lines.append(
            f"- `import policygraph`: {_seconds(value)} (target < 0.5 s): {verdict(value < 0.5)}"
        )
    top = max(sizes)
    load = run.loads.get((top, "oxigraph"), {})
    if "seconds" in load:
        lines.append(
            f"- 10^{len(str(top)) - 1} triples on Oxigraph: load {_seconds(load['seconds'])} "
            f"(target < 10 s): {verdict(load['seconds'] < 10)}; peak memory "
            f"{load['peak_mb']:,.0f} MB (target < 1,536 MB): {verdict(load['peak_mb'] < 1536)}"
        )
    slow = []
    medians = []
    for name in run.order:
        if name.startswith("query: "):
            cell = run.cells.get((top, "oxigraph", name))
            if cell is not None and cell.median is not None:
                medians.append(cell.median)
                if cell.median >= TARGET_QUERY_SECONDS:
                    slow.append(f"{name.removeprefix('query: ')} {_seconds(cell.median)}")
    if medians:
        lines.append(
            f"- every named query on Oxigraph at 10^{len(str(top)) - 1} under 0.5 s "
            f"(median): {verdict(not slow)}" + (f"; slower: {', '.join(slow)}" if slow else "")
        )
    compared = [s for s in sizes if any(k[0] == s and k[1] == "memory" for k in run.cells)]
    if compared:
        size = max(compared)
        speedups = []
        for name, kind in SPEEDUP_QUERIES.items():
            memory = run.cells.get((size, "memory", name))
            oxigraph = run.cells.get((size, "oxigraph", name))
            if memory and oxigraph and memory.median and oxigraph.median:
                speedups.append(
                    (kind, name.removeprefix("bench: "), memory.median / oxigraph.median)
                )
        if speedups:
            ok = all(value >= TARGET_SPEEDUP for _, _, value in speedups)
            shown = ", ".join(f"{kind} `{name}` {value:,.0f}×" for kind, name, value in speedups)
            lines.append(
                f"- Oxigraph ≥ 20× faster than rdflib (10^{len(str(size)) - 1} triples, the "
                f"largest size rdflib finished) on join, aggregate and text-filter queries: "
                f"{verdict(ok)} ({shown})"
            )
    for label in ("analytics: lineage", "analytics: cities"):
        found = next((n for n in run.order if n.startswith(label)), None)
        cell = run.cells.get((top, "oxigraph", found)) if found else None
        if cell is not None and cell.median is not None:
            lines.append(
                f"- {found} on Oxigraph at 10^{len(str(top)) - 1}: {_seconds(cell.median)} "
                f"(target < 5 s): {verdict(cell.median < 5)}"
            )
    return lines


def report(run: Run, args: argparse.Namespace, sizes: list[int], started: datetime,
           load_start: tuple[float, ...], wall: float) -> str:  # fmt: skip
    out = ["# policygraph benchmark results", ""]
    out.append(
        f"Generated by `python benchmarks/run.py {' '.join(sys.argv[1:])}` on "
        f"{started:%Y-%m-%d %H:%M} UTC in {wall / 60:.0f} min. Medians of {args.runs} runs "
        f"(one run when the first takes over {args.slow:g} s); per-measurement timeout "
        f"{args.timeout:g} s. Ratios are rdflib's memory store time over Oxigraph's, "
        "measured in this run. The machine is shared: load average "
        f"{' / '.join(f'{x:.1f}' for x in load_start)} at the start and "
        f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} at the end (1/5/15 min), "
        "so single numbers are noisy; ratios are steadier."
    )
    out += ["", "## Machine", "", *machine(), ""]
    if sizes:
        out += ["## Targets", "", *_targets(run, sizes), ""]
    if run.extract:
        out += _extract_section(run)
    if run.bundled:
        out += ["## The bundled graph", ""]
        out += ["| store | import | load | all named queries | total |", "|---|---|---|---|---|"]
        for store, b in run.bundled.items():
            if "note" in b:
                out.append(f"| {store} | {b['note']} | | | |")
            else:
                out.append(
                    f"| {store} | {_seconds(b['import_seconds'])} | {_seconds(b['load_seconds'])} "
                    f"| {_seconds(b['queries_seconds'])} ({b['queries']}) "
                    f"| {_seconds(b['total_seconds'])} |"
                )
        out.append("")
    if run.pages:
        out += pages_section(run, args.runs)
    for size in sizes:
        info = run.corpora.get(size, {})
        out += [f"## 10^{len(str(size)) - 1} triples", ""]
        if info:
            out += [f"Synthetic corpus `{info['file']}` (seed 0): {info['triples']:,} triples "
                    f"({info['mb']:.0f} MB of N-Triples), plus the ontology.", ""]  # fmt: skip
        out += ["| measurement | memory (rdflib) | oxigraph | ratio | oxigraph engine share |",
                "|---|---|---|---|---|"]  # fmt: skip
        memory = run.loads.get((size, "memory"), {})
        oxigraph = run.loads.get((size, "oxigraph"), {})
        out.append(
            f"| load | {memory.get('note') or _seconds(memory.get('seconds'))} "
            f"| {oxigraph.get('note') or _seconds(oxigraph.get('seconds'))} "
            f"| {_ratio(memory.get('seconds'), oxigraph.get('seconds'))} | |"
        )
        out.append(
            f"| peak memory (whole process) | {_megabytes(memory)} | {_megabytes(oxigraph)} "
            f"| {_ratio(memory.get('peak_mb'), oxigraph.get('peak_mb'))} | |"
        )
        for key, label in (("oxigraph-disk_load", "load into an on-disk store"),
                           ("oxigraph-disk_reopen", "reopen the on-disk store")):  # fmt: skip
            disk = run.loads.get((size, key))
            if disk:
                out.append(
                    f"| {label} | | {disk.get('note') or _seconds(disk.get('seconds'))} | | |"
                )
        for name in run.order:
            memory_cell = run.cells.get((size, "memory", name))
            oxigraph_cell = run.cells.get((size, "oxigraph", name))
            if memory_cell is None and oxigraph_cell is None:
                continue
            out.append(_row(name, memory_cell, oxigraph_cell))
        out.append("")
    if run.push:
        from push import push_lines

        size, results = run.push
        out += [f"## Push to a SPARQL server (10^{len(str(size)) - 1} triples)", ""]
        out += ["`policygraph push` of the synthetic corpus to a local Oxigraph server "
                "(`/store`) and to OpenLink Virtuoso 7.2 (`/sparql-graph-crud-auth`, "
                "digest authentication), both through the Graph Store Protocol in batches of "
                "50,000 triples (`benchmarks/push.py`).", ""]  # fmt: skip
        out += [*push_lines(results), ""]
    named = [n.removeprefix("query: ") for n in run.order if n.startswith("query: ")]
    out += ["## What was run", ""]
    out.append(f"Named queries (`queries/*.rq`, through `kg.run`): {', '.join(named) or 'none'}.")
    bench = [n.removeprefix("bench: ") for n in run.order if n.startswith("bench: ")]
    out.append(f"Benchmark queries (`benchmarks/queries/*.rq`): {', '.join(bench) or 'none'}.")
    if run.params:
        shown = "; ".join(
            f"{name.split(': ', 1)[1]}: "
            + ", ".join(f"{k} = {v.rsplit('/', 1)[-1]}" for k, v in params.items())
            for name, params in sorted(run.params.items())
        )
        out.append(
            f"Parameters whose default names nothing in the synthetic graph were replaced: {shown}."
        )
    out += [
        "",
        "The *engine share* is the part of Oxigraph's time spent inside the engine and in "
        "reading its rows (`policygraph._stores.select_table`); the rest is building the "
        "DataFrame and, for parameters, resolving names. A slow query with a high share "
        "needs a better plan, not faster Python (see benchmarks/README.md).",
        "",
    ]
    return "\n".join(out)


# -- issue #18 (scale): analytics that read only what they need, the quick command line,
# the 5,000-node overview, 10^7 triples. `--scale` writes its own section of RESULTS.md.

SCALE_MARK = ("<!-- scale: begin -->", "<!-- scale: end -->")


def _median_of(run: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def worker_scale_analytics(data: Path, runs: int, analytics_only: bool = False) -> None:
    """Lineage, cities and diffusion at one size: reading the whole graph with its
    evidence (before) and asking the store for the part each algorithm needs, without
    evidence (after); then what evidence costs: every evidence of a graph, or one item's
    on demand. The algorithms are the same. ``analytics_only``: no overview page."""
    import importlib

    import networkx as nx

    import policygraph as pg
    from policygraph import analytics, views
    from policygraph.analytics import _rdf

    # importlib: ``analytics.lineage`` is the function, which shadows its module
    lineage = importlib.import_module("policygraph.analytics.lineage")
    cities = importlib.import_module("policygraph.analytics.cities")
    kg = pg.load(data, progress=False)
    whole = _rdf.snapshot

    def lineage_run() -> None:
        _rdf._CACHE.clear()
        graph = analytics.lineage_graph(kg, evidence=False)
        analytics.main_path(graph)
        analytics.longest_chain(graph)

    def cities_run() -> None:
        _rdf._CACHE.clear()
        graph = analytics.city_initiative_graph(kg, evidence=False)
        analytics.place_summary(graph)
        analytics.place_projection(graph)

    def as_before(module: Any, run: Callable[[], None]) -> Callable[[], None]:
        def before() -> None:
            module.snapshot = lambda kg, scope=None, **_: whole(kg)
            try:
                run()
            finally:
                module.snapshot = whole

        return before

    def diffusion_run() -> None:
        _rdf._CACHE.clear()
        programme = analytics.most_adopted(kg)
        if programme is not None:
            analytics.diffusion(kg, programme)

    for name, module, run in (("lineage", lineage, lineage_run), ("cities", cities, cities_run)):
        _emit(
            event="analytics",
            name=name,
            before=_median_of(as_before(module, run), runs),
            after=_median_of(run, runs),
        )
    _emit(event="analytics", name="diffusion", before=None, after=_median_of(diffusion_run, runs))
    for name, builder in (
        ("lineage", analytics.lineage_graph),
        ("cities", analytics.city_initiative_graph),
    ):

        def with_evidence(builder: Callable[..., Any] = builder) -> None:
            _rdf._CACHE.clear()
            builder(kg, evidence=True)

        _emit(event="evidence", name=name, seconds=_median_of(with_evidence, runs))
    bare = analytics.lineage_graph(kg, evidence=False)  # a card's worth: 20 nodes, 20 edges
    assertions = [data["assertion"] for *_, data in bare.edges(data=True) if data["assertion"]]
    asked = sorted(bare.nodes)[:20] + assertions[:20]
    one = _median_of(lambda: [analytics.evidence_of(kg, iri) for iri in asked], runs)
    _emit(event="evidence-of", items=len(asked), seconds=one)
    for scope in (None, *_rdf.SCOPES):

        def read(scope: str | None = scope) -> None:
            _rdf._CACHE.clear()
            _rdf.snapshot(kg, scope, evidence=False)

        _emit(event="read", scope=scope or "whole graph", seconds=_median_of(read, runs))
    if analytics_only:
        return

    everything = analytics.to_networkx(kg)
    keep = sorted(everything.nodes, key=lambda n: (-everything.degree(n), str(n)))[:VIEW_NODES]
    shown = nx.MultiDiGraph(everything.subgraph(keep))
    shown.graph.update(everything.graph)
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "overview.html"
        build = _median_of(lambda: views.overview(shown), runs)
        write = _median_of(lambda: views.write_html(views.overview(shown), page), runs)
        drawn = drawn_in_chromium(page, runs)
        size = page.stat().st_size
    _emit(
        event="overview",
        nodes=shown.number_of_nodes(),
        build=build,
        build_and_write=write,
        drawn=drawn,
        bytes=size,
    )


def worker_scale_queries(data: Path, runs: int, skip: set[str]) -> None:
    """Every named query at one size (but those in ``skip``): ``kg.rows`` against bare
    pyoxigraph on the same store with the same query text (reading every term's value),
    and the conversion rate of ``kg.rows`` on a large result."""
    import pyoxigraph as ox

    import policygraph as pg
    from policygraph._sparql import bind_values
    from policygraph._stores import _inner
    from policygraph.queries import list_queries

    kg = pg.load(data, progress=False)
    store = _inner(kg.graph)
    prefixes = {prefix: str(namespace) for prefix, namespace in kg.graph.namespaces()}

    def bare(text: str) -> int:
        found = store.query(text, default_graph=ox.DefaultGraph(), prefixes=prefixes)
        assert isinstance(found, ox.QuerySolutions)
        rows = [[None if t is None else t.value for t in solution] for solution in found]
        return len(rows)

    _emit(event="loaded")
    for query in list_queries():
        if query.name in skip:
            continue
        _emit(event="start", name=query.name)
        params = _parameters(kg, query)
        text = bind_values(query.text, query.bindings(params))
        rows = len(kg.rows(query, **params)[1])

        def ours(query: Any = query, params: dict[str, Any] = params) -> None:
            kg.rows(query, **params)

        def theirs(text: str = text) -> None:
            bare(text)

        _emit(
            event="named",
            name=query.name,
            rows=rows,
            policygraph=_median_of(ours, runs),
            bare=_median_of(theirs, runs),
        )
    _emit(event="start", name="(conversion)")
    big = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 300000"
    rows = len(kg.rows(big)[1])
    _emit(
        event="conversion",
        rows=rows,
        policygraph=_median_of(lambda: kg.rows(big), runs),
        bare=_median_of(lambda: bare(big), runs),
    )


_BARE_SCRIPT = """
import sys, pyoxigraph as ox
store = ox.Store()
for path in sys.argv[2:]:
    fmt = ox.RdfFormat.TURTLE if path.endswith(".ttl") else ox.RdfFormat.N_TRIPLES
    store.bulk_load(path=path, format=fmt)
query = open(sys.argv[1], encoding="utf-8").read()
for row in store.query(query):
    print("\\t".join("" if term is None else term.value for term in row))
"""


def _time_v(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of a whole process, from ``/usr/bin/time -v``."""
    done = subprocess.run(
        ["/usr/bin/time", "-v", *command], capture_output=True, text=True, check=True
    )
    fields = dict(line.strip().rsplit(": ", 1) for line in done.stderr.splitlines() if ": " in line)
    clock = fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")
    seconds = sum(float(part) * 60**i for i, part in enumerate(reversed(clock)))
    return seconds, int(fields["Maximum resident set size (kbytes)"]) / 1024


def measure_one_shot_cli(runs: int, name: str = "policy-lineage") -> dict[str, Any]:
    """``policygraph query NAME`` as a whole process, against a bare pyoxigraph script
    that loads the same files and runs the same query text (medians of ``runs``)."""
    from policygraph import _paths
    from policygraph.queries import get_query

    cli = [str(Path(sys.executable).with_name("policygraph")), "query", name]
    files = [str(_paths.ontology_file()), str(_paths.release_file("nt"))]
    with tempfile.TemporaryDirectory() as folder:
        script, query = Path(folder) / "bare.py", Path(folder) / "query.rq"
        script.write_text(_BARE_SCRIPT, encoding="utf-8")
        query.write_text(get_query(name).text, encoding="utf-8")
        bare = [sys.executable, str(script), str(query), *files]
        timings: dict[str, list[tuple[float, float]]] = {"cli": [], "bare": []}
        for _ in range(runs):  # in turns, so that both see the same load
            timings["cli"].append(_time_v(cli))
            timings["bare"].append(_time_v(bare))
    return {
        key: {
            "seconds": statistics.median(t for t, _ in found),
            "peak_mb": statistics.median(m for _, m in found),
        }
        for key, found in timings.items()
    }


def worker_scale_disk(data: Path, location: Path, stage: str, skip: set[str]) -> None:
    """10^7 on disk: ``load`` fills an on-disk store from ``data``; ``work`` reopens it
    and runs every named query, the lineage and city analytics once each (but ``skip``);
    ``memory`` does the same work on an in-memory store (``location`` unused)."""
    import policygraph as pg

    began = time.perf_counter()
    store = "oxigraph" if stage == "memory" else f"oxigraph:{location}"
    kg = pg.load(data, store=store, progress=stage == "load")
    opened = time.perf_counter() - began
    _emit(event=stage, seconds=opened, triples=len(kg), peak_mb=_peak_mb())
    if stage == "load":
        return
    from policygraph import analytics
    from policygraph.queries import list_queries

    for query in list_queries():
        if query.name in skip:
            continue
        _emit(event="start", name=query.name)
        params = _parameters(kg, query)
        began = time.perf_counter()
        rows = len(kg.run(query, **params))
        _emit(event="query", name=query.name, seconds=time.perf_counter() - began, rows=rows)
    for name, run in (
        (
            "analytics: lineage",
            lambda: analytics.main_path(analytics.lineage_graph(kg, evidence=False)),
        ),
        (
            "analytics: cities",
            lambda: analytics.place_summary(analytics.city_initiative_graph(kg, evidence=False)),
        ),
    ):
        if name in skip:
            continue
        _emit(event="start", name=name)
        began = time.perf_counter()
        run()
        _emit(event="analytics", name=name, seconds=time.perf_counter() - began)
    _emit(event="peak", peak_mb=_peak_mb())


def _records(args: list[str], timeout: float) -> list[dict[str, Any]]:
    """Every JSON record a worker prints (its progress bar goes to the terminal)."""
    done = subprocess.run(
        _python() + args, stdout=subprocess.PIPE, text=True, timeout=timeout, check=True
    )
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def _records_with_timeouts(args: list[str], timeout: float) -> list[dict[str, Any]]:
    """`_records` of a worker that announces each item (``start``) and takes a skip file:
    an item over ``timeout`` seconds is recorded as ``timeout`` and the worker restarted
    without it (the load before the first item gets the same time again)."""
    records: list[dict[str, Any]] = []
    finished: set[str] = set()
    while True:
        skip_file = Path(tempfile.mkstemp(suffix=".json")[1])
        skip_file.write_text(json.dumps(sorted(finished)), encoding="utf-8")
        process = subprocess.Popen(
            [*_python(), *args, "--skip-file", str(skip_file)], stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None
        lines = _lines_of(process.stdout)
        current, deadline, timed_out = "load", time.monotonic() + timeout, False
        while (line := _next_line(lines, deadline)) is not None:
            if line == "":
                timed_out = True
                break
            if not line.startswith("{"):
                continue
            record = json.loads(line)
            deadline = time.monotonic() + timeout  # every record is progress
            if record["event"] in ("loaded", "start"):
                current = record.get("name", current)
            else:
                records.append(record)
                finished.add(current)
        skip_file.unlink(missing_ok=True)
        if not timed_out:
            process.wait()
            return records
        process.kill()
        process.wait()
        _progress(f"  {current}: timeout (> {timeout:g} s)")
        records.append({"event": "timeout", "name": current, "seconds": timeout})
        if current == "load":
            return records
        finished.add(current)


def _next_line(lines: queue.Queue[str | None], deadline: float) -> str | None:
    """The next line, "" when ``deadline`` passes first, None at the end."""
    while (wait := deadline - time.monotonic()) > 0:
        try:
            return lines.get(timeout=wait)
        except queue.Empty:
            continue
    return ""


def _disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def scale_section(args: argparse.Namespace) -> list[str]:
    """Measure the issue #18 targets and return their section of RESULTS.md."""
    lines: list[str] = [SCALE_MARK[0], "## Scale (issue #18)", ""]
    load = os.getloadavg()
    lines.append(
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores shared "
        f"with other work (load average {load[0]:.1f} at the start); medians of {args.runs} "
        "runs unless a row says otherwise, all in one run of `python benchmarks/run.py --scale`."
    )
    lines += ["", "| measurement | before | after | target |", "|---|---|---|---|"]
    size = int(float(args.sizes or "1e6"))
    data = corpus(args.data_dir, size)
    only = ["--analytics-only"] if args.analytics_only else []
    found = _records(
        ["--worker", "scale-analytics", "--data", str(data), "--runs", str(args.runs), *only],
        args.timeout * 10,
    )
    if not args.analytics_only:
        found += _records_with_timeouts(
            ["--worker", "scale-queries", "--data", str(data), "--runs", str(args.runs)],
            args.timeout,
        )
    for record in found:
        if record["event"] == "analytics":
            lines.append(
                f"| analytics: {record['name']} at {size:,} triples (graph + algorithms) | "
                f"{_seconds(record['before'])} | {_seconds(record['after'])} | < 1 s |"
            )
        elif record["event"] == "named":
            ratio = record["policygraph"] / max(record["bare"], 1e-9)
            lines.append(
                f"| query: {record['name']} at {size:,} triples ({record['rows']:,} rows) | "
                f"bare pyoxigraph: {_seconds(record['bare'])} | "
                f"{_seconds(record['policygraph'])} ({ratio:.2f}×) | < 0.5 s, ≤ 1.25× |"
            )
        elif record["event"] == "timeout":
            lines.append(
                f"| query: {record['name']} at {size:,} triples | | "
                f"timeout (> {record['seconds']:g} s) | < 0.5 s |"
            )
        elif record["event"] == "conversion":
            rate, bare_rate = (record["rows"] / record[key] for key in ("policygraph", "bare"))
            lines.append(
                f"| result conversion (`kg.rows`, {record['rows']:,} rows of 3 terms) | "
                f"bare pyoxigraph: {bare_rate:,.0f} rows/s | {rate:,.0f} rows/s | "
                "≥ 200,000 rows/s |"
            )
        elif record["event"] == "read":
            lines.append(
                f"| analytics: read {record['scope']} without evidence at {size:,} triples | | "
                f"{_seconds(record['seconds'])} | |"
            )
        elif record["event"] == "evidence":
            lines.append(
                f"| analytics: {record['name']} graph with every evidence at {size:,} triples "
                f"(graph only) | | {_seconds(record['seconds'])} | |"
            )
        elif record["event"] == "evidence-of":
            lines.append(
                f"| analytics: evidence of {record['items']} nodes and edges on demand "
                f"(`evidence_of`) at {size:,} triples | | {_seconds(record['seconds'])} | |"
            )
        elif record["event"] == "overview":
            lines.append(
                f"| views: build the overview page in Python ({record['nodes']:,} nodes) | | "
                f"{_seconds(record['build'])} | < 1 s |"
            )
            lines.append(
                f"| views: build and write the overview page ({record['nodes']:,} nodes) | | "
                f"{_seconds(record['build_and_write'])} | |"
            )
            drawn = record.get("drawn")
            lines.append(
                f"| views: the overview page drawn in headless Chromium ({record['nodes']:,} "
                f"nodes, {record['bytes'] / 1e6:.1f} MB, offline) | | "
                f"{_seconds(drawn) if drawn is not None else f'skipped: no {CHROMIUM}'} | < 2 s |"
            )
    if args.analytics_only:
        lines.append(SCALE_MARK[1])
        return lines
    shot = measure_one_shot_cli(args.runs)
    cli, bare = shot["cli"], shot["bare"]
    lines.append(
        f"| one-shot `policygraph query policy-lineage` (whole process, `/usr/bin/time -v`) | "
        f"bare pyoxigraph script: {_seconds(bare['seconds'])}, {bare['peak_mb']:.0f} MB | "
        f"{_seconds(cli['seconds'])}, {cli['peak_mb']:.0f} MB "
        f"({cli['seconds'] / bare['seconds']:.1f}× the bare script) | < 0.5 s |"
    )
    lines.append("")
    if not args.no_push:
        from push import measure_push

        pushed = measure_push(data, 1)
        lines += ["| push (Graph Store protocol, one run) | triples | seconds | triples/s |"]
        lines += ["|---|---|---|---|"]
        lines += [
            f"| {p['server']} at {size:,} | {p['triples']:,} | {_seconds(p['seconds'])} | "
            f"{p['per_second']:,.0f} |"
            for p in pushed
        ]
        lines.append("")
    if args.ten_million:
        lines += scale_ten_million(args)
    lines.append(SCALE_MARK[1])
    return lines


def scale_ten_million(args: argparse.Namespace) -> list[str]:
    """Generate 10^7 triples, load them into an on-disk store, reopen it and run the
    named queries and the analytics on it; every stage in a fresh process. For where
    the time goes, the same work on 10^6 triples on disk and on 10^7 in memory."""
    size = 10**7
    cached = corpus_path(args.data_dir, size).exists()
    began = time.perf_counter()
    data = corpus(args.data_dir, size)
    generated = time.perf_counter() - began
    location = args.data_dir / "store-1e7"
    loaded, work = _on_disk(data, location, args.timeout)
    disk = _disk_mb(location)
    shutil.rmtree(location, ignore_errors=True)
    _, million = _on_disk(corpus(args.data_dir, 10**6), args.data_dir / "store-1e6", args.timeout)
    shutil.rmtree(args.data_dir / "store-1e6", ignore_errors=True)
    memory = _records_with_timeouts(
        ["--worker", "scale-disk", "--data", str(data), "--store", "-", "--stage", "memory"],
        args.timeout,
    )
    made = "reused from an earlier run" if cached else _seconds(generated)
    lines = [
        f"### 10^7 triples on disk ({loaded['triples']:,} triples with the ontology; one run)",
        "",
        "| measurement | result | target |",
        "|---|---|---|",
        f"| generate (`policygraph synth --triples 10000000`) | {made}, "
        f"{data.stat().st_size / 2**20:,.0f} MB of N-Triples | |",
        f"| bulk load into the on-disk store | {_seconds(loaded['seconds'])}, peak "
        f"{loaded['peak_mb']:,.0f} MB, {disk:,.0f} MB on disk | < 3 min, < 4 GB |",
        f"| reopen without parsing (fresh process) | {_seconds(_opened(work))} | < 1 s |",
        f"| peak memory of the reopen-and-query process | {_peak_of(work):,.0f} MB | < 4 GB |",
        "",
        "Each query and analytic once, in a fresh process per store (over the timeout: "
        "stopped, the process restarted without it). The 10^6 on-disk column and the 10^7 "
        "in-memory column say where the time goes: the growth of the data and the on-disk "
        f"store's reads. The in-memory store at 10^7 loads in {_seconds(_opened(memory))} "
        f"and peaks at {_peak_of(memory):,.0f} MB.",
        "",
        "| query or analytic | rows at 10^7 | 10^6 on disk | 10^7 in memory | 10^7 on disk "
        "| target (10^7 on disk) |",
        "|---|---|---|---|---|---|",
    ]
    columns = [_by_name(million), _by_name(memory), _by_name(work)]
    for name in dict.fromkeys(n for column in columns for n in column):
        found = [column.get(name) for column in columns]
        on_disk = found[2]
        rows = next((r["rows"] for r in (on_disk, found[1]) if r and "rows" in r), None)
        cells = " | ".join("not run" if r is None else _cell(r) for r in found)
        met = on_disk is not None and on_disk["event"] != "timeout" and on_disk["seconds"] < 2
        target = "" if name.startswith("analytics:") else f"< 2 s: {'met' if met else 'missed'}"
        lines.append(f"| {name} | {'' if rows is None else f'{rows:,}'} | {cells} | {target} |")
    lines.append("")
    return lines


def _on_disk(
    data: Path, location: Path, timeout: float
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Load ``data`` into a new on-disk store at ``location`` (one process), then reopen
    it and run the named queries and analytics (another): the two workers' records."""
    shutil.rmtree(location, ignore_errors=True)
    worker = ["--worker", "scale-disk", "--data", str(data), "--store", str(location)]
    loaded = _records([*worker, "--stage", "load"], timeout * 20)[0]
    return loaded, _records_with_timeouts([*worker, "--stage", "work"], timeout)


def _by_name(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each query's or analytic's record in a worker's records (its time, or its timeout)."""
    kinds = ("query", "analytics", "timeout")
    return {r["name"]: r for r in records if r["event"] in kinds}


def _cell(record: dict[str, Any]) -> str:
    if record["event"] == "timeout":
        return f"timeout (> {record['seconds']:g} s)"
    return _seconds(record["seconds"])


def _opened(records: list[dict[str, Any]]) -> float:
    return float(next(r["seconds"] for r in records if r["event"] in ("work", "memory")))


def _peak_of(records: list[dict[str, Any]]) -> float:
    return float(next((r["peak_mb"] for r in records if r["event"] == "peak"), float("nan")))


def write_scale_section(path: Path, lines: list[str]) -> None:
    """Put the scale section into RESULTS.md, replacing an earlier one, keeping the rest."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    section = "\n".join(lines)
    begin, end = SCALE_MARK
    if begin in text and end in text:
        head, _, rest = text.partition(begin)
        text = head + section + rest.partition(end)[2]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    temporary = path.with_suffix(".md.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help="comma-separated sizes, e.g. 1e4,1e5 (default 1e4,1e5,1e6)")
    parser.add_argument("--stores", default="memory,oxigraph", help="memory, oxigraph or both")
    parser.add_argument("--quick", action="store_true", help="10^4 and 10^5, 3 runs, 1 load")
    parser.add_argument("--runs", type=int, help="runs per measurement (default 5; quick 3)")
    parser.add_argument("--load-repeats", type=int, help="loads per size and store (default 3)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per measurement")
    parser.add_argument("--slow", type=float, default=30, help="one run if the first is slower")
    parser.add_argument("--max-timeouts", type=int, default=3, help="per size and store")
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled-graph run")
    parser.add_argument("--no-load", action="store_true", help="skip the endpoint load test")
    parser.add_argument("--no-push", action="store_true", help="skip push to Oxigraph/Virtuoso")
    parser.add_argument("--no-extract", action="store_true", help="skip the extraction run")
    parser.add_argument("--extract-only", action="store_true", help="only the extraction run")
    parser.add_argument("--no-pages", action="store_true", help="skip the map/chart/timeline pages")
    parser.add_argument(
        "--pages-only", action="store_true", help="only the pages; report to RESULTS-pages.md"
    )
    parser.add_argument("--data-dir", type=Path, default=HERE / ".data", help="corpus cache")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md", help="Markdown report")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--skip-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument(
        "--scale", action="store_true", help="only the issue #18 section (10^6 unless --sizes)"
    )
    parser.add_argument("--ten-million", action="store_true", help="with --scale: 10^7 on disk")
    parser.add_argument(
        "--analytics-only", action="store_true", help="with --scale: only the analytics rows"
    )
    args = parser.parse_args(argv)

    if args.worker == "load":
        worker_load(args.data, args.store)
        return 0
    if args.worker == "bundled":
        worker_bundled(args.store)
        return 0
    if args.worker == "extract":
        worker_extract(args.runs)
        return 0
    if args.worker == "scale-analytics":
        worker_scale_analytics(args.data, args.runs, args.analytics_only)
        return 0
    if args.worker == "scale-queries":
        skip = set(json.loads(args.skip_file.read_text(encoding="utf-8")))
        worker_scale_queries(args.data, args.runs, skip)
        return 0
    if args.worker == "scale-disk":
        skip = set()
        if args.skip_file is not None:
            skip = set(json.loads(args.skip_file.read_text(encoding="utf-8")))
        worker_scale_disk(args.data, Path(args.store), args.stage, skip)
        return 0
    if args.scale:
        args.runs = args.runs or 5
        section = scale_section(args)
        print("\n".join(section))
        write_scale_section(args.out, section)
        return 0
    if args.worker == "work":
        skip = set(json.loads(args.skip_file.read_text(encoding="utf-8")))
        worker_work(args.data, args.store, args.runs, args.slow, skip)
        return 0

    chosen = args.sizes or ("1e4,1e5" if args.quick else "1e4,1e5,1e6")
    sizes = [] if args.extract_only else [int(float(size)) for size in chosen.split(",")]
    stores = [s for s in args.stores.split(",") if s]
    if unknown := [s for s in stores if s not in STORES]:
        parser.error(f"unknown store(s) {', '.join(unknown)}; choose memory, oxigraph")
    args.runs = args.runs or (3 if args.quick else 5)
    repeats = args.load_repeats or (1 if args.quick else 3)
    started = datetime.now(UTC)
    load_start = os.getloadavg()
    began = time.perf_counter()
    run = Run()
    if args.pages_only:
        measure_pages(run, args.runs)
        text = "\n".join(
            [
                "# policygraph page benchmark",
                "",
                f"Generated by `python benchmarks/run.py {' '.join(sys.argv[1:])}` on "
                f"{started:%Y-%m-%d %H:%M} UTC; load average "
                f"{' / '.join(f'{x:.1f}' for x in load_start)} at the start (shared machine).",
                "",
                *machine(),
                "",
                *pages_section(run, args.runs),
            ]
        )
        print(text)
        target = args.out if args.out != HERE / "RESULTS.md" else HERE / "RESULTS-pages.md"
        target.write_text(text, encoding="utf-8")
        return 0
    if not args.no_bundled and not args.extract_only:
        measure_bundled(run, stores, repeats, args.timeout)
    if not args.no_extract:
        measure_extract(run, args.runs, args.timeout)
    if not args.no_pages and not args.extract_only:
        measure_pages(run, args.runs)
    for size in sizes:
        data = corpus(args.data_dir, size)
        with data.open("rb") as handle:
            lines = sum(1 for _ in handle)
        run.corpora[size] = {"file": data.name, "triples": lines, "mb": data.stat().st_size / 2**20}
        _progress(f"10^{len(str(size)) - 1} triples ({data.name})")
        for store in stores:
            measure_loads(run, size, data, store, 1 if size >= 10**6 else repeats, args.timeout)
            note = run.loads[(size, store)].get("note")
            if note:
                run.cell(size, store, "(load for the measurements)").note = note
                continue
            measure_work(
                run, size, data, store, args.runs, args.slow, args.timeout, args.max_timeouts
            )
    served: list[str] = []
    # benchmarks/load.py: latency of `policygraph serve` under clients
    if not args.no_load and not args.extract_only:
        import load

        _progress("the endpoint under 20 and 50 clients")
        served = ["## The endpoint under load", "", *load.table(load.measure()), ""]
    if not args.no_push and not args.extract_only:
        from push import measure_push

        largest = max(sizes)
        _progress(f"push of 10^{len(str(largest)) - 1} triples to Oxigraph and Virtuoso")
        run.push = (
            largest,
            measure_push(corpus(args.data_dir, largest), 1 if largest >= 10**6 else 3),
        )
    text = report(run, args, sizes, started, load_start, time.perf_counter() - began)
    text = text.replace("## What was run", "\n".join([*served, "## What was run"]), 1)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    temporary = args.out.with_suffix(".md.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, args.out)
    _progress(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

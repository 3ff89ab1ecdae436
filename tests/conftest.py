"""Shared fixtures: the bundled graph on every backend, and paths to the real data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import policygraph as pg
from policygraph import _paths

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "kg" / "sources" / "zhejiang-digital-economy.txt"


@pytest.fixture(scope="session", params=["memory", "oxigraph"])
def kg(request: pytest.FixtureRequest) -> pg.KnowledgeGraph:
    """The bundled graph, once per storage backend."""
    return pg.load(store=request.param)


@pytest.fixture(scope="session")
def kg_memory() -> pg.KnowledgeGraph:
    """The bundled graph in rdflib's memory store."""
    return pg.load(store="memory")


@pytest.fixture(scope="session")
def source_text() -> str:
    """The original source document, as committed under kg/sources/."""
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def source_texts() -> list[str]:
    """Every source document of the corpus, as committed under kg/sources/."""
    return [path.read_text(encoding="utf-8") for path in sorted(SOURCE.parent.glob("*.txt"))]


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture(scope="session")
def data_root() -> Path:
    """Where the package finds ontology/, kg/ and queries/."""
    return _paths.data_root()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium, through Playwright (never a browser of its own)."""
    from browser import ARGS, CHROMIUM

    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """Open a file offline: every other request is aborted and recorded, as are console
    errors and dialogs; waits for ``window.pgReady`` unless ``ready=False``."""
    from browser import Opened

    opened: list[Opened] = []

    def _open(path: Path, *, ready: bool = True) -> Opened:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        state = Opened(page)
        page.on("console", lambda m: state.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: state.errors.append(str(error)))
        page.on("dialog", lambda d: (state.dialogs.append(d.message), d.dismiss()))
        url = path.resolve().as_uri()

        def route(request_route: Any) -> None:
            if request_route.request.url == url:
                request_route.continue_()
            else:
                state.blocked.append(request_route.request.url)
                request_route.abort()

        page.route("**/*", route)
        page.goto(url)
        if ready:
            page.wait_for_function("window.pgReady === true", timeout=60_000)
        opened.append(state)
        return state

    yield _open
    for state in opened:
        state.page.close()

"""Pages drawn with Vega-Lite (map, charts) or vis-timeline, offline and escaped.

Both libraries come from npm and are vendored in ``static/vendor/`` with their licences
(vega 5, vega-lite 5, vega-embed 6: BSD-3-Clause; vis-timeline 7: Apache-2.0 or MIT).
They are inlined into each page like vis-network in `policygraph.views._html`: no
remote URL, data only as `script_json`, strings from data set with ``textContent``
by ``pgpage.js`` (vega-tooltip escapes ``<`` and ``&`` in its own hover card).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .._files import write_atomic
from . import _html

__all__ = ["Page", "write_page"]

# vendored once, under static/ so that the server can also serve them (static/results.html)
_VENDOR = Path(__file__).resolve().parents[1] / "static" / "vendor"
_LIBRARIES = {
    "vega": ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"),
    "timeline": ("vis-timeline-graph2d.min.js",),
}
_STYLES = {"vega": (), "timeline": ("vis-timeline-graph2d.min.css",)}
_SOURCE_NOTE = (
    "Every quote is an exact slice of the source text; offsets count Unicode code points. "
    "引文均为原文片段，位置按 Unicode 码位计。"
)


@cache
def _vendored(name: str) -> str:
    """A vendored file made URL-free and inert inside ``<script>``/``<style>``."""
    text = (_VENDOR / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("//# sourceMappingURL=")]
    text = "\n".join(lines).replace("://", ":\\/\\/")  # same string, nothing a reader fetches
    closing = "</style" if name.endswith(".css") else "</script"
    if closing in text.lower() or _html.REMOTE_URL.search(text):
        raise RuntimeError(f"cannot inline {_VENDOR / name}: unexpected content")
    return text


@dataclass
class Page:
    """One self-contained HTML page: a Vega-Lite map or chart, or a vis-timeline.

    ``items`` are the data drawn (places, points, timeline items), one dict each;
    ``spec`` is the Vega-Lite specification (``library="vega"``) or the timeline's
    options and groups (``library="timeline"``).

    Examples
    --------
    >>> page = Page(view="demo", heading="演示 <b>", library="vega",
    ...             spec={"mark": "point", "data": {"values": []}})
    >>> html = page.generate_html()
    >>> "演示 &lt;b&gt;" in html and _html.remote_urls(html) == []
    True
    """

    view: str
    heading: str
    library: str
    spec: dict[str, Any]
    subtitle: str = ""
    items: list[dict[str, Any]] = field(default_factory=list)
    legend_note: str = ""
    empty_message: str = "Nothing to draw. 无可绘制的内容。"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def nodes(self) -> list[dict[str, Any]]:
        """The drawn items (the name the network views use, for the index and the CLI)."""
        return self.items

    @property
    def edges(self) -> list[dict[str, Any]]:
        """No edges: these pages draw marks, not links."""
        return []

    def generate_html(self) -> str:
        """The whole page as one string."""
        env = _html.environment()
        scripts = Markup("\n").join(
            Markup(f"<script>{_vendored(name)}</script>") for name in _LIBRARIES[self.library]
        )
        styles = Markup("\n").join(
            Markup(f"<style>{_vendored(name)}</style>") for name in _STYLES[self.library]
        )
        return env.get_template("page.html").render(
            page=self,
            libraries=scripts,
            library_styles=styles,
            page_data={
                "view": self.view,
                "library": self.library,
                "spec": self.spec,
                "items": self.items,
                **self.extra,
            },
            pgpage_js=Markup(_own("pgpage.js")),
            source_note=_SOURCE_NOTE,
        )

    def write_html(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to ``path`` atomically; returns the path."""
        return write_page(self, path)

    def _repr_html_(self) -> str:
        return _html.iframe(self.generate_html(), height="760px")

    def __repr__(self) -> str:
        return f"<Page {self.view!r} items={len(self.items)}>"


@cache
def _own(name: str) -> str:
    return (Path(__file__).resolve().parent / "_templates" / name).read_text(encoding="utf-8")


def write_page(page: Page, path: str | os.PathLike[str]) -> Path:
    """Write ``page`` to ``path`` (UTF-8, atomically, parents created); return the path."""
    return write_atomic(Path(path), page.generate_html())

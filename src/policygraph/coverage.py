"""Coverage: does the graph model every quoted term, title and figure of its sources?

The same scanner as ``policygraph extract`` lists the items; an item is

- ``modelled``: a quoted term or title is a label or alias of an entity (compared
  by `policygraph.resolve.normal_form`); a figure lies inside the evidence span
  of an observation of the same source;
- ``waived``: not modelled, but listed in ``kg/waivers.yaml`` with a reason;
- ``missing``: neither.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .errors import InputError
from .resolve import Resolver, normal_form
from .sources import Source, UniqueKeyLoader, read_text
from .spans import ObservationSpan, observation_spans

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

__all__ = [
    "COVERED_KINDS",
    "CoverageItem",
    "CoverageReport",
    "ObservationSpan",
    "Waiver",
    "check_coverage",
    "load_waivers",
    "observation_spans",
]

COVERED_KINDS = ("quoted", "title", "figure")


@dataclass(frozen=True)
class Waiver:
    """An item deliberately not modelled, with the reason (``kg/waivers.yaml``)."""

    text: str
    kind: str
    reason: str
    line: int = 0

    @property
    def key(self) -> tuple[str, str]:
        """What the waiver matches: the kind and the normal form of the text."""
        return self.kind, normal_form(self.text)


def load_waivers(path: str | os.PathLike[str]) -> list[Waiver]:
    """Read a waivers file: a YAML list of ``{text, kind, reason}``; a missing file is empty.

    Examples
    --------
    >>> from policygraph import _paths
    >>> waivers = load_waivers(_paths.kg_dir() / "waivers.yaml")
    >>> all(waiver.reason for waiver in waivers)
    True
    """
    path = Path(path)
    if not path.exists():
        return []
    text = read_text(path) if path.stat().st_size else ""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        items = yaml.load(text, Loader=UniqueKeyLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise InputError(f"malformed YAML: {exc.problem}", path=path, line=line) from exc
    except yaml.YAMLError as exc:  # e.g. a control character (ReaderError)
        raise InputError(f"malformed YAML: {exc}", path=path) from exc
    if items is None:
        return []
    if not isinstance(items, list) or not isinstance(node, yaml.SequenceNode):
        raise InputError("expected a list of {text, kind, reason}", path=path)
    waivers = []
    for item, item_node in zip(items, node.value, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            raise InputError(
                "each waiver must be a mapping {text, kind, reason}", path=path, line=line
            )
        unknown = sorted(set(item) - {"text", "kind", "reason"})
        if unknown:
            raise InputError(f"unknown keys: {', '.join(unknown)}", path=path, line=line)
        text_value, kind, reason = (item.get(key) for key in ("text", "kind", "reason"))
        if not isinstance(text_value, str | int | float) or not str(text_value).strip():
            raise InputError("a waiver needs a non-empty `text`", path=path, line=line)
        if kind not in COVERED_KINDS:
            raise InputError(
                f"kind {kind!r} is not one of {', '.join(COVERED_KINDS)}", path=path, line=line
            )
        if not isinstance(reason, str) or not reason.strip():
            raise InputError(
                f"waiver {text_value!r} needs a `reason` (why it is not modelled)",
                path=path,
                line=line,
            )
        waivers.append(Waiver(str(text_value), kind, " ".join(reason.split()), line))
    return waivers


@dataclass(frozen=True)
class CoverageItem:
    """One quoted term, title or figure of a source, and whether the graph models it."""

    source: str
    kind: str
    text: str
    start: int
    end: int
    status: str  # "modelled", "waived" or "missing"
    detail: str  # what models it (ids), or the waiver's reason


@dataclass
class CoverageReport:
    """Every coverage item, and the waivers that matched nothing."""

    items: list[CoverageItem]
    unused_waivers: list[Waiver]

    def _count(self, status: str) -> int:
        return sum(item.status == status for item in self.items)

    @property
    def missing(self) -> list[CoverageItem]:
        """Items neither modelled nor waived."""
        return [item for item in self.items if item.status == "missing"]

    @property
    def ratio(self) -> float:
        """Share of items modelled or waived (1.0 when there are none)."""
        if not self.items:
            return 1.0
        return 1 - len(self.missing) / len(self.items)

    def summary(self) -> str:
        """One line: the coverage and its parts."""
        return (
            f"coverage {self.ratio:.1%}: {len(self.items)} items, "
            f"{self._count('modelled')} modelled, {self._count('waived')} waived, "
            f"{self._count('missing')} missing"
        )


def check_coverage(
    kg: KnowledgeGraph,
    sources: Mapping[str, Source] | Iterable[Source],
    waivers: Sequence[Waiver] = (),
) -> CoverageReport:
    """List the quoted terms, titles and figures of the sources, and what models each.

    Examples
    --------
    >>> import policygraph as pg
    >>> from policygraph import _paths
    >>> from policygraph.sources import load_sources
    >>> report = check_coverage(pg.load(), load_sources(_paths.kg_dir() / "sources"),
    ...                         load_waivers(_paths.kg_dir() / "waivers.yaml"))
    >>> {item.kind for item in report.items} == {"quoted", "title", "figure"}
    True
    """
    from .extract import scan

    resolver = Resolver.from_graph(kg)
    spans = observation_spans(kg)
    waived = {waiver.key: waiver for waiver in waivers}
    used: set[tuple[str, str]] = set()
    listed = sources.values() if isinstance(sources, Mapping) else sources
    items = []
    for source in sorted(listed, key=lambda source: source.id):
        for candidate in scan(source.text, gazetteer=()):
            if candidate.kind not in COVERED_KINDS:
                continue
            if candidate.kind == "figure":
                covering = sorted(
                    span.slug
                    for span in spans.get(source.id, [])
                    if span.start <= candidate.start and candidate.end <= span.end
                )
                detail = ", ".join(dict.fromkeys(covering))
            else:
                detail = "; ".join(match.explain() for match in resolver.lookup(candidate.text))
            status = "modelled" if detail else "missing"
            key = (candidate.kind, normal_form(candidate.text))
            if not detail and key in waived:
                status, detail = "waived", waived[key].reason
                used.add(key)
            items.append(
                CoverageItem(
                    source.id,
                    candidate.kind,
                    candidate.text,
                    candidate.start,
                    candidate.end,
                    status,
                    detail,
                )
            )
    unused = [waiver for waiver in waivers if waiver.key not in used]
    return CoverageReport(items, unused)

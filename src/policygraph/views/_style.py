"""Colours of classes and styles of relations, shared by every view and its legend."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from .._namespaces import local_name

__all__ = [
    "HEADING_LIMIT",
    "LABEL_LIMIT",
    "EdgeStyle",
    "clamp",
    "class_colour",
    "local_name",
    "plain",
    "relation_style",
]

LABEL_LIMIT = 32
"""Longest label drawn on a node or an edge, in characters; hover shows the full text."""
HEADING_LIMIT = 80
"""Longest page heading, in characters; the heading's tooltip holds the full text."""

# Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) would reorder the
# text around them; U+200E, U+200F and U+061C marks are harmless and kept.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def plain(text: object) -> str:
    """``text`` without bidirectional embedding, override and isolate controls.

    Examples
    --------
    >>> plain("abc\u202edef")
    'abcdef'
    """
    return _BIDI_CONTROLS.sub("", "" if text is None else str(text))


def clamp(text: object, limit: int = LABEL_LIMIT) -> str:
    """``text`` for display: bidi controls removed, cut to ``limit`` characters with "…".

    Examples
    --------
    >>> clamp("城市大脑")
    '城市大脑'
    >>> clamp("x" * 5000, 8)
    'xxxxxxx…'
    >>> clamp("\u202eevil", 8)
    'evil'
    """
    shown = plain(text)
    if len(shown) <= limit:
        return shown
    return shown[: max(1, limit - 1)].rstrip() + "…"


# Families share a hue so that a reader sees "policy", "place", "actor" at a glance;
# the subclasses are shades of it.
_CLASS_COLOURS = {
    # policy-like things: blues and teals
    "PolicyThing": "#4e79a7",
    "Strategy": "#1f4e79",
    "NationalStrategy": "#13294b",
    "Policy": "#2f6fb0",
    "Programme": "#5b9bd5",
    "Project": "#3f8fc5",
    "Action": "#6aaed6",
    "Reform": "#4a90a4",
    "System": "#2a9d8f",
    "Platform": "#48b5a8",
    "DemonstrationZone": "#7fc8c0",
    "Goal": "#8e7cc3",
    "PolicyDocument": "#9fb6cd",
    "GuidingOpinion": "#7f9db9",
    "Plan": "#a9c4de",
    "ImplementationPlan": "#c3d5e8",
    # actors: oranges and reds
    "Organisation": "#f28e2b",
    "PartyCommittee": "#c0392b",
    "Government": "#e15759",
    "LeadingGroup": "#ff9d76",
    "Firm": "#f4a259",
    "Person": "#b07aa1",
    "Post": "#d4a6c8",
    # places: greens
    "Place": "#59a14f",
    "Country": "#2d6a2d",
    "Province": "#3f8f3f",
    "PrefectureCity": "#59a14f",
    "County": "#8cc084",
    "Town": "#b5d99c",
    # things: yellows and browns
    "Industry": "#edc948",
    "Infrastructure": "#9c755f",
    "BusinessForm": "#e8b04b",
    "Product": "#ff9da7",
    "Indicator": "#bab0ac",
    "Observation": "#d7d2cc",
    # events
    "Event": "#76b7b2",
    "Proposal": "#76b7b2",
    "Launch": "#5fa8a2",
    "Creation": "#8fc7c2",
    "Designation": "#4f9690",
    "Deepening": "#a3d3cf",
    "Meeting": "#6b9e9a",
}
_FALLBACK = ("#17becf", "#bcbd22", "#7f7f7f", "#8c564b", "#e377c2", "#9467bd", "#d62728")


def class_colour(kind: str | None) -> str:
    """The fill colour of a node of class ``kind`` (a local name such as ``"Firm"``).

    Unknown classes get a stable colour from a small palette.

    Examples
    --------
    >>> class_colour("PrefectureCity")
    '#59a14f'
    >>> class_colour("SomethingNew") == class_colour("SomethingNew")
    True
    """
    name = local_name(kind or "")
    if name in _CLASS_COLOURS:
        return _CLASS_COLOURS[name]
    return _FALLBACK[zlib.crc32(name.encode("utf-8")) % len(_FALLBACK)]


@dataclass(frozen=True)
class EdgeStyle:
    """How one relation type is drawn: colour, dash pattern (empty for solid) and width."""

    colour: str
    dashes: tuple[int, ...] = ()
    width: float = 1.5

    def vis(self) -> dict[str, object]:
        """The vis-network edge options for this style."""
        return {
            "color": {"color": self.colour, "highlight": self.colour, "hover": self.colour},
            "dashes": list(self.dashes) if self.dashes else False,
            "width": self.width,
        }

    def svg_dasharray(self) -> str:
        """The SVG ``stroke-dasharray`` of this style (``"none"`` when solid)."""
        return " ".join(str(step) for step in self.dashes) if self.dashes else "none"


# Lineage relations differ in dash pattern as well as colour, so that they stay
# distinct in print and for colour-blind readers.
_RELATION_STYLES = {
    "buildsOn": EdgeStyle("#4e79a7", (), 2.0),
    "elevates": EdgeStyle("#e15759", (), 3.5),
    "isPartOf": EdgeStyle("#59a14f", (8, 5), 2.0),
    "implements": EdgeStyle("#f28e2b", (2, 4), 2.5),
    "succeeds": EdgeStyle("#b07aa1", (12, 4, 2, 4), 2.0),
    "descendsFrom": EdgeStyle("#7f7f7f", (4, 4), 1.5),
    "proposed": EdgeStyle("#9c755f"),
    "launched": EdgeStyle("#9c755f", (6, 3)),
    "created": EdgeStyle("#9c755f", (2, 3)),
    "designated": EdgeStyle("#9c755f", (10, 3, 2, 3)),
    "deepened": EdgeStyle("#9c755f", (4, 2)),
    "hosts": EdgeStyle("#59a14f", (), 1.2),
    "locatedIn": EdgeStyle("#8cc084", (3, 3), 1.2),
    "appliesTo": EdgeStyle("#3f8f3f", (6, 3), 1.2),
    "develops": EdgeStyle("#edc948", (), 1.5),
    "about": EdgeStyle("#bab0ac", (2, 3), 1.2),
    "leads": EdgeStyle("#f28e2b", (), 1.5),
    "drives": EdgeStyle("#2a9d8f", (), 1.5),
    "serves": EdgeStyle("#13294b", (6, 3), 1.5),
    "setsUp": EdgeStyle("#7f9db9", (), 1.5),
    "holds": EdgeStyle("#b07aa1", (), 1.2),
    "postIn": EdgeStyle("#d4a6c8", (), 1.2),
}


def relation_style(relation: str | None) -> EdgeStyle:
    """The style of a relation type (a property local name or IRI, or a role).

    Examples
    --------
    >>> relation_style("elevates").width > relation_style("buildsOn").width
    True
    >>> relation_style("isPartOf").svg_dasharray()
    '8 5'
    """
    name = local_name(relation or "")
    if name in _RELATION_STYLES:
        return _RELATION_STYLES[name]
    return EdgeStyle(_FALLBACK[zlib.crc32(name.encode("utf-8")) % len(_FALLBACK)], (), 1.2)

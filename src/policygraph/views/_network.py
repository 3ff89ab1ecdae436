"""`PolicyNetwork`, a pyvis `Network` that writes offline, escaped, bilingual pages,
and `from_networkx`, which turns a policygraph NetworkX graph into one."""

from __future__ import annotations

import copy
import json
import os
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import networkx as nx
from pyvis.network import Network

from .._files import write_atomic
from .._namespaces import prefixed_name
from ..errors import InputError
from . import _html, _layout
from ._style import (
    HEADING_LIMIT,
    LABEL_LIMIT,
    clamp,
    class_colour,
    local_name,
    plain,
    relation_style,
)

__all__ = [
    "LANGUAGES",
    "Legend",
    "PolicyNetwork",
    "compact",
    "from_networkx",
    "lean_items",
    "write_html",
]

Language = Literal["zh", "en", "both"]
LANGUAGES: tuple[Language, ...] = ("zh", "en", "both")
"""Label languages of the switch on every page: Chinese, English, or both."""

_FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
_EDGE_LABELS = 24  # a spread layout with more edges, or a hub with more, labels
_HUB_LABELS = 8  # its edges on hover only
_READABLE_SCALE = 0.8  # 14 px labels drawn at 11 px or more
_SECTION = re.compile(r"section/(?P<doc>.+)-s?(?P<number>\d+)$")
_DOCUMENT_KEYS = ("basis", "document", "title", "date")


def compact(iri: object) -> str:
    """A short name for an IRI with the project's prefixes (see `prefixed_name`).

    Examples
    --------
    >>> compact("https://w3id.org/policygraph/id/hangzhou")
    'pgid:hangzhou'
    """
    return prefixed_name(iri)


def _section(value: object) -> str | None:
    """``pgid:section/<doc>-<n>`` → ``<doc> §<n>``; other values as short text."""
    if value is None or value == "":
        return None
    match = _SECTION.search(str(value))
    if match:
        return f"{match['doc']} §{match['number']}"
    return compact(value)


def _text(value: object) -> str:
    if not isinstance(value, str):  # strings, most values, need no conversion
        value = _html.to_json_value(value)
    return "" if value is None else plain(value).strip()


def _year(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    value = _html.to_json_value(value)
    if value is None or value == "":
        return None
    try:
        return int(float(str(value)))
    except ValueError:
        return None


def _strings(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [plain(value)] if value.strip() else []
    if isinstance(value, Iterable):
        return [plain(item) for item in value if item is not None and str(item).strip()]
    return [plain(value)]


def _records(items: object) -> list[Mapping[str, Any]]:
    """The mappings in a list of them (anything else: none)."""
    if not isinstance(items, list | tuple):  # lists, as a rule; ABC checks are slow
        if isinstance(items, str) or not isinstance(items, Iterable):
            return []
        items = list(items)
    return [item for item in items if isinstance(item, dict | Mapping)]  # dict first: fast


def _evidence(items: object) -> list[dict[str, Any]]:
    return [
        {
            "quote": _text(item.get("quote")),
            "start": _year(item.get("start")),
            "end": _year(item.get("end")),
            "section": _section(item.get("section")),
        }
        for item in _records(items)
    ]


def _documents(items: object) -> list[dict[str, Any]]:
    """The documents behind an edge: ``basis`` (stated, inferred), identifier, title, date."""
    return [
        {key: _text(item.get(key)) or None for key in _DOCUMENT_KEYS} for item in _records(items)
    ]


def _pinyin(zh: str, given: object) -> list[str]:
    readings = _strings(given)
    if readings or not zh:
        return readings
    from .._text import pinyin

    reading = pinyin(zh)
    return [reading] if reading else []


def node_info(node: Hashable, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """What a page shows about a node: labels, kind, year, pinyin, aliases, evidence."""
    zh = _text(attrs.get("label_zh"))
    en = _text(attrs.get("label_en"))
    aliases = _strings(attrs.get("alt_labels")) + _strings(attrs.get("alt_zh"))
    aliases += _strings(attrs.get("alt_en"))
    return {
        "name": compact(node),
        "zh": zh,
        "en": en,
        "kind": local_name(_text(attrs.get("kind"))),
        "year": _year(attrs.get("year")),
        "pinyin": _pinyin(zh, attrs.get("pinyin")),
        "alt": aliases,
        "evidence": _evidence(attrs.get("evidence")),
    }


def label_for(info: Mapping[str, Any], lang: Language) -> str:
    """The label drawn on a node in language ``lang`` (the page script does the same).

    Examples
    --------
    >>> info = {"zh": "杭州", "en": "Hangzhou", "name": "pgid:hangzhou"}
    >>> [label_for(info, lang) for lang in LANGUAGES]
    ['杭州', 'Hangzhou', '杭州\\nHangzhou']
    """
    zh, en = clamp(info.get("zh") or ""), clamp(info.get("en") or "")
    fallback = clamp(info.get("name") or "")
    if lang == "zh":
        return str(zh or en or fallback)
    if lang == "en":
        return str(en or zh or fallback)
    if zh and en and zh != en:
        return f"{zh}\n{en}"
    return str(zh or en or fallback)


@dataclass
class Legend:
    """What the legend explains: class colours and relation styles, with counts."""

    classes: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""

    @classmethod
    def of(cls, kinds: Iterable[str], relations: Iterable[str], note: str = "") -> Legend:
        """A legend for these node kinds and relation types, the most frequent first."""
        kind_counts = Counter(kind or "(no class)" for kind in kinds)
        relation_counts = Counter(relation or "(unnamed)" for relation in relations)
        legend = cls(note=note)
        for kind, count in sorted(kind_counts.items(), key=lambda item: (-item[1], item[0])):
            legend.classes.append({"name": kind, "colour": class_colour(kind), "count": count})
        for relation, count in sorted(
            relation_counts.items(), key=lambda item: (-item[1], item[0])
        ):
            style = relation_style(relation)
            legend.relations.append(
                {
                    "name": relation,
                    "colour": style.colour,
                    "width": style.width,
                    "dasharray": style.svg_dasharray(),
                    "count": count,
                }
            )
        return legend


class PolicyNetwork(Network):  # type: ignore[misc]
    """A pyvis `Network` whose pages work offline, escape all data and speak zh and en.

    Build one with the view functions (`policygraph.views.lineage` …) or
    `from_networkx`; it is an ordinary pyvis `Network` (``net.nodes``, ``net.edges``,
    ``net.options``), except that `generate_html` renders policygraph's template:
    vis-network inlined, no remote URL, every data string escaped, a search box for
    Chinese, English and pinyin, a language switch, hover cards with evidence quotes,
    and a legend. In Jupyter it displays itself in an ``<iframe srcdoc>``.

    Examples
    --------
    >>> net = PolicyNetwork(view="demo", heading="<b>演示</b>")
    >>> page = net.generate_html()
    >>> "&lt;b&gt;演示&lt;/b&gt;" in page and "<b>演示" not in page
    True
    >>> _html.remote_urls(page)
    []
    """

    def __init__(
        self,
        *,
        view: str,
        heading: str,
        subtitle: str = "",
        directed: bool = True,
        lang: Language = "both",
    ) -> None:
        if lang not in LANGUAGES:
            raise InputError(f"unknown label language {lang!r}; choose one of zh, en, both")
        super().__init__(
            height="100%",  # the page's stylesheet sizes the canvas to the window
            width="100%",
            directed=directed,
            heading=clamp(heading, HEADING_LIMIT),
            cdn_resources="in_line",
        )
        self.full_heading = plain(heading)
        self.templateEnv = _html.environment()
        self.path = "graph.html"
        self.view = view
        self.subtitle = clamp(subtitle, 2 * HEADING_LIMIT)
        self.lang: Language = lang
        self.legend = Legend()
        self.empty_message = "Nothing to draw: the graph is empty. 无可绘制的内容：图为空。"
        self.year_axis = False
        self.column_labels: dict[int, int] = {}
        self.source_note = (
            "Every quote is an exact slice of the source text; offsets count Unicode "
            "code points. 引文均为原文片段，位置按 Unicode 码位计。"
        )
        self.options = _options(directed=directed, physics=True)
        self.lean = False  # large graphs: cards apart from the drawn items (`lean_items`)

    def __repr__(self) -> str:
        return f"<PolicyNetwork {self.view!r} nodes={len(self.nodes)} edges={len(self.edges)}>"

    def _page(self) -> dict[str, Any]:
        page: dict[str, Any] = {
            "view": self.view,
            "subtitle": self.subtitle,
            "lang": self.lang,
            "legend": self.legend,
            "empty_message": self.empty_message,
            "source_note": self.source_note,
            "full_heading": self.full_heading,
            "page": {
                "view": self.view,
                "lang": self.lang,
                "labelLimit": LABEL_LIMIT,
                "bandLabel": "Year not given in the source 原文未给年份 (placed by relations)",
                "yearAxis": self.year_axis,
                "minScale": _READABLE_SCALE if self.year_axis else None,
                "columnLabels": {str(column): year for column, year in self.column_labels.items()},
            },
            "cards": None,
            "node_count": len(self.nodes),
            "edge_count": len(self.edges),
        }
        if self.lean:  # labels and arrowheads too small to see at first: drawn zoomed in
            page["page"]["lateLabels"] = True
            arrows = self.options["edges"].get("arrows", {}).get("to", {})
            page["page"]["lateArrows"] = bool(arrows.get("enabled"))
        return page

    def get_network_data(self) -> tuple[Any, ...]:
        """What pyvis renders: for a `lean` network, the lean items and their options."""
        if not self.lean:
            return super().get_network_data()  # type: ignore[no-any-return]
        nodes, edges, options, cards = lean_items(self.nodes, self.edges, self.options)
        page = cast(dict[str, Any], self.templateEnv.globals["pg"])  # set by generate_html
        page["cards"] = _dense_json(cards)
        return (
            _dense_json(nodes),
            _dense_json(edges),
            self.heading,
            self.height,
            self.width,
            options,
        )

    def generate_html(
        self, name: str = "index.html", local: bool = True, notebook: bool = False
    ) -> str:
        """The complete, self-contained HTML page (pyvis's notebook mode is not used)."""
        self.templateEnv.globals["pg"] = self._page()
        page: str = super().generate_html(name=name, local=local, notebook=False)
        return page

    def write_html(
        self, name: str, local: bool = True, notebook: bool = False, open_browser: bool = False
    ) -> None:
        """Write the page to ``name`` (UTF-8, atomically); see `policygraph.views.write_html`."""
        write_html(self, name)
        if open_browser:
            import webbrowser

            webbrowser.open(Path(name).resolve().as_uri())

    def show(
        self, name: str = "policygraph.html", local: bool = True, notebook: bool = False
    ) -> Any:
        """Write the page to ``name`` and open it in a browser; in a notebook
        (``notebook=True``) display it inline instead (pyvis's notebook mode is not used)."""
        path = write_html(self, name)
        if notebook:
            return self  # Jupyter shows it through _repr_html_
        import webbrowser

        webbrowser.open(path.resolve().as_uri())
        return None

    def _repr_html_(self) -> str:
        return _html.iframe(self.generate_html(), height="760px")


def _dense_json(value: object) -> str:
    """JSON without spaces and without empty values in mappings (a card shows those
    as missing either way)."""

    def dense(item: object) -> object:
        if isinstance(item, dict):
            return {k: dense(v) for k, v in item.items() if v is not None and v != "" and v != []}
        if isinstance(item, list):
            return [dense(v) for v in item]
        return item

    return json.dumps(dense(value), ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def lean_items(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], options: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any], dict[str, Any]]:
    """Nodes and edges that a large page draws, its options and the card table.

    The cards (``pg``: labels, evidence …) leave the items for a table that the page
    parses only when a card, the search, a filter or a label needs it; node labels,
    unreadable at the scale that fits thousands of nodes, are drawn from the cards
    once zoomed in; what equals a default is left out: node colours become groups,
    edge styles the defaults of the most frequent one.

    Examples
    --------
    >>> node = {"id": "a", "label": "A", "shape": "dot", "color": {"background": "#fff"},
    ...         "pg": {"zh": "甲"}}
    >>> edge = {"id": "e0", "from": "a", "to": "a", "width": 2.0, "dashes": False,
    ...         "color": {"color": "#000", "highlight": "#000", "hover": "#000"}, "pg": {}}
    >>> lean_nodes, lean_edges, options, cards = lean_items(
    ...     [node], [edge], {"nodes": {"shape": "dot"}, "edges": {}})
    >>> lean_nodes, options["groups"], cards["nodes"]
    ([{'id': 'a', 'group': 'c0'}], {'c0': {'color': {'background': '#fff'}}}, {'a': {'zh': '甲'}})
    >>> lean_edges, options["edges"]
    ([{'id': 'e0', 'from': 'a', 'to': 'a'}], {'color': '#000', 'width': 2.0})
    """
    drawn: dict[str, Any] = copy.deepcopy(dict(options))
    shape = drawn["nodes"].get("shape")
    groups: dict[str, str] = {}
    colours: dict[str, Any] = {}
    lean_nodes = []
    cards: dict[str, Any] = {"nodes": {}, "edges": {}}
    for record in nodes:
        lean = {key: value for key, value in record.items() if key != "pg"}
        if "pg" in record:  # the page script draws its label from the card
            cards["nodes"][str(record["id"])] = record["pg"]
            lean.pop("label", None)
        if lean.get("shape") == shape:
            del lean["shape"]
        if isinstance(lean.get("color"), dict):
            key = json.dumps(lean.pop("color"), sort_keys=True)
            if key not in groups:
                groups[key] = f"c{len(groups)}"
                colours[groups[key]] = {"color": json.loads(key)}
            lean["group"] = groups[key]
        if isinstance(lean.get("size"), float):
            lean["size"] = round(lean["size"], 1)
        lean_nodes.append(lean)
    if colours:
        drawn["groups"] = colours
    arrows = drawn["edges"].get("arrows", {}).get("to", {})
    if arrows.get("enabled"):  # under a pixel at first: drawn with the labels (lateArrows)
        drawn["edges"]["arrows"] = {"to": {**arrows, "enabled": False}}

    def style(edge: Mapping[str, Any]) -> tuple[str, object]:
        colour = edge.get("color")
        if (  # vis reads a string as colour, highlight and hover
            isinstance(colour, dict)
            and set(colour) == {"color", "highlight", "hover"}
            and colour["color"] == colour["highlight"] == colour["hover"]
        ):
            colour = colour["color"]
        return json.dumps(colour), edge.get("width")

    styles = [style(edge) for edge in edges]
    common = Counter(styles).most_common(1)
    default = common[0][0] if common else ("null", None)
    if default[0] != "null":
        drawn["edges"]["color"] = json.loads(default[0])
    if default[1] is not None:
        drawn["edges"]["width"] = default[1]
    lean_edges = []
    for edge, (colour, width) in zip(edges, styles, strict=True):
        lean = {key: value for key, value in edge.items() if key != "pg"}
        if "pg" in edge:
            cards["edges"][str(edge["id"])] = edge["pg"]
        if colour == default[0]:
            lean.pop("color", None)
        elif "color" in lean:
            lean["color"] = json.loads(colour)
        if width == default[1]:
            lean.pop("width", None)
        if lean.get("dashes") is False:
            del lean["dashes"]
        lean_edges.append(lean)
    return lean_nodes, lean_edges, drawn, cards


def write_html(net: PolicyNetwork, path: str | os.PathLike[str]) -> Path:
    """Write the page of ``net`` to ``path`` atomically (temporary file, then rename).

    Returns the path written. Parent folders are created.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_html(PolicyNetwork(view="demo", heading="演示"), folder / "demo.html").name
    'demo.html'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(target, net.generate_html())


def _options(
    *, directed: bool, physics: bool, columns: bool = False, large: bool = False
) -> dict[str, Any]:
    options: dict[str, Any] = {
        "autoResize": True,
        "nodes": {
            "shape": "dot",
            "size": 14,
            "borderWidth": 1,
            "widthConstraint": {"maximum": 170},
            "font": {"face": _FONT, "size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {
            "arrows": {"to": {"enabled": directed, "scaleFactor": 0.6}},
            "smooth": False if large else {"type": "continuous", "roundness": 0.3},
            "font": {"face": _FONT, "size": 11, "align": "middle", "strokeWidth": 3},
            "selectionWidth": 2,
            "hoverWidth": 1.5,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "keyboard": False,
        },
        "layout": {"randomSeed": 7, "improvedLayout": not large},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -90,
                "centralGravity": 0.01,
                "springLength": 120,
                "springConstant": 0.06,
                "avoidOverlap": 0.6,
            },
            "stabilization": {"enabled": physics, "iterations": 400, "fit": True},
        },
    }
    if columns and not large:  # left-to-right columns: edges leave and enter sideways
        options["edges"]["smooth"] = {
            "type": "cubicBezier",
            "forceDirection": "horizontal",
            "roundness": 0.4,
        }
    return options


def _edges(graph: nx.Graph) -> Iterator[tuple[Hashable, Hashable, Mapping[str, Any]]]:
    if graph.is_multigraph():
        for source, target, _key, data in graph.edges(keys=True, data=True):
            yield source, target, data
    else:
        yield from graph.edges(data=True)


def _unique_ids(nodes: list[Hashable]) -> dict[Hashable, str]:
    ids = {node: compact(node) for node in nodes}
    if len(set(ids.values())) == len(ids):
        return ids
    return {node: f"n{index}" for index, node in enumerate(nodes)}


def from_networkx(
    graph: nx.Graph,
    *,
    view: str = "graph",
    heading: str = "policygraph",
    subtitle: str = "",
    lang: Language = "both",
    layout: Literal["force", "years", "spread"] = "force",
    edge_labels: bool | Literal["auto"] = False,
    relation_attr: str = "relation",
    physics: bool | None = None,
    threshold: int = _layout.LARGE_GRAPH,
    legend_note: str = "",
    empty_message: str | None = None,
    highlight: Iterable[Hashable] = (),
    shape: str = "dot",
    shapes: Mapping[Hashable, str] | None = None,
) -> PolicyNetwork:
    """A `PolicyNetwork` drawing a policygraph NetworkX graph.

    Parameters
    ----------
    graph : networkx.Graph
        Nodes carry ``label_zh``, ``label_en``, ``kind``, ``year``, ``evidence``
        (a list of ``{quote, start, end, section}``) and optionally ``pinyin``;
        edges carry ``relation_attr``, ``year`` and ``evidence``. Missing
        attributes are shown as missing.
    view, heading, subtitle : str
        Name of the view, and the page's title and subtitle (escaped on the page).
    lang : {"both", "zh", "en"}
        Initial node labels; the page has a switch.
    layout : {"force", "years", "spread"}
        ``"years"`` places nodes in one column per ``year``, left to right;
        ``"spread"`` (for crowded and hub-heavy graphs) places them in Python so
        that no two labels overlap, with physics off.
    edge_labels : bool or "auto"
        Draw the relation (or role) on every edge. ``"auto"``: do so, except in a
        crowded ``"spread"`` layout (many edges, or a hub), where an edge shows its
        label only while the pointer is on it.
    relation_attr : str
        The edge attribute that names the relation type (``"role"`` for cities).
    physics : bool, optional
        Force in-browser physics on or off. By default it is on up to ``threshold``
        nodes; above, positions are computed in Python and physics is off.
    highlight : iterable
        Nodes drawn larger, with a thick border (the centre of an ego view).
    shape, shapes : str, mapping
        The vis-network shape of the nodes (``"dot"``, ``"box"`` …), and of some nodes.

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_node("a", label_zh="甲", label_en="A", kind="Policy", year=2003, evidence=[])
    >>> g.add_node("b", label_zh="乙", label_en="B", kind="Policy", year=2014, evidence=[])
    >>> g.add_edge("b", "a", relation="buildsOn", year=2014, evidence=[])
    >>> net = from_networkx(g, layout="years")
    >>> [node["label"] for node in net.nodes], net.edges[0]["pg"]["relation"]
    (['甲\\nA', '乙\\nB'], 'buildsOn')
    """
    directed = graph.is_directed()
    net = PolicyNetwork(view=view, heading=heading, subtitle=subtitle, directed=directed, lang=lang)
    if empty_message is not None:
        net.empty_message = empty_message
    large = _layout.is_large(graph, threshold)
    use_physics = (not large) if physics is None else physics
    columns_layout = layout == "years"
    spread = layout == "spread" and not large and physics is not True
    net.options = _options(
        directed=directed,
        physics=use_physics and not columns_layout and not spread,
        columns=columns_layout,
        large=large,
    )
    net.lean = large
    order = sorted(graph.nodes, key=str)
    ids = _unique_ids(order)
    columns: dict[Hashable, int] = {}
    positions: dict[Hashable, tuple[float, float]] = {}
    if layout == "years":
        net.year_axis = True
        dated = {node: _year(graph.nodes[node].get("year")) for node in order}
        columns, net.column_labels = _layout.lineage_columns(nx.DiGraph(graph), dated)
        undated = {node for node, year in dated.items() if year is None}
        positions = _layout.column_positions(nx.DiGraph(graph), columns, band=undated)
    elif large or physics is False:
        positions = _layout.force_layout(graph)
    chosen = set(highlight)
    degree = dict(graph.degree())
    most = max(degree.values(), default=1) or 1
    kinds = []
    for node in order:
        info = node_info(node, graph.nodes[node])
        kinds.append(info["kind"])
        colour = class_colour(info["kind"])
        record: dict[str, Any] = {
            "id": ids[node],
            "label": label_for(info, lang),
            "shape": (shapes or {}).get(node, shape),
            "color": {
                "background": colour,
                "border": "#333333",
                "highlight": {"background": colour, "border": "#000000"},
                "hover": {"background": colour, "border": "#000000"},
            },
            "size": 10 + 14 * (degree.get(node, 0) / most) ** 0.5,
            "pg": info,
        }
        if shape == "box":
            record["color"]["border"] = colour
            record["font"] = {"color": "#ffffff" if _dark(colour) else "#111111", "strokeWidth": 0}
            record["margin"] = 7
            record["widthConstraint"] = {"maximum": 220}
        if node in chosen:
            record["borderWidth"] = 4
            record["size"] = 30
            record["color"]["border"] = "#000000"
            info["centre"] = True
        if columns:
            info["column"] = columns[node]
            if info["year"] is None:  # placed by its relations, not by a year: say so
                record["shapeProperties"] = {"borderDashes": [5, 4]}
                record["borderWidth"] = 2
                record["color"]["border"] = "#1d2433"
        if node in positions:
            record["x"], record["y"] = positions[node]
        net.nodes.append(record)  # filled directly: pyvis's add_node checks are quadratic
        net.node_ids.append(record["id"])
        net.node_map[record["id"]] = record
    if spread:  # boxes of the longest labels ("both"), so that every language fits
        boxes = {
            node: _layout.node_box(label_for(record["pg"], "both"), record["size"])
            for node, record in zip(order, net.nodes, strict=True)
        }
        placed = _layout.spread_layout(graph, boxes)
        for node, record in zip(order, net.nodes, strict=True):
            record["x"], record["y"] = placed[node]
    crowded = (
        edge_labels == "auto"
        and spread
        and (graph.number_of_edges() > _EDGE_LABELS or most > _HUB_LABELS)
    )
    relations = []
    for index, (source, target, data) in enumerate(_edges(graph)):
        relation = _text(data.get(relation_attr)) or _text(data.get("relation"))
        relation = local_name(relation) if "://" in relation else relation
        relations.append(relation)
        style = relation_style(relation)
        edge: dict[str, Any] = {
            "id": f"e{index}",
            "from": ids[source],
            "to": ids[target],
            **style.vis(),
            "pg": {
                "relation": relation,
                "year": _year(data.get("year")),
                "evidence": _evidence(data.get("evidence")),
                "event": _text(data.get("event")),
            },
        }
        documents = _documents(data.get("documents"))
        inferred = bool(documents) and all(d["basis"] == "inferred" for d in documents)
        if documents:
            edge["pg"]["documents"] = documents
        if inferred:  # read off a narrative, stated nowhere: faint, and labelled so
            edge["pg"]["inferred"] = True
            edge["color"] = {**edge["color"], "opacity": 0.35}
        if edge_labels and relation:
            if crowded:  # dozens of labels at a hub would pile up: shown on hover only
                edge["pg"]["hoverLabel"] = clamp(relation)
            else:
                edge["label"] = clamp(relation)
        if inferred:
            edge["label"] = f"{edge.get('label', '')} inferred 推断".strip()
        if use_physics and not columns_layout and not spread:
            # Longer springs at hubs, so that their many neighbours find room around them.
            hub = max(degree.get(source, 0), degree.get(target, 0))
            edge["length"] = min(450, 90 + 12 * hub)
        net.edges.append(edge)
    net.legend = Legend.of(kinds, relations, note=legend_note)
    return net


def _dark(colour: str) -> bool:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue < 140

"""Interactive HTML views of a policy graph: networks (pyvis), a map, charts, a timeline.

Each view function takes a `KnowledgeGraph` (or a NetworkX graph with the
attributes of `policygraph.analytics`) and returns a `PolicyNetwork`, a pyvis
`Network`; `write_html` writes it to a file. The pages open from ``file://``
without a network, show Chinese and English labels with a switch, find nodes by
Chinese, English or pinyin, and show the evidence quote of every node and edge.

Examples
--------
>>> import policygraph as pg
>>> from policygraph import views
>>> kg = pg.load()
>>> net = views.lineage(kg)
>>> net.view, len(net.nodes) > 5
('lineage', True)
>>> sorted(VIEWS)
['cities', 'entity', 'lineage', 'map', 'overview', 'query', 'series', 'shares', 'targets', \
'timeline']
"""

from __future__ import annotations

import difflib
import itertools
import os
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import networkx as nx
from pandas.api.types import is_numeric_dtype

from .._files import write_atomic
from ..errors import InputError, NotFoundError, QueryError
from ..resolve import Resolver
from . import _html
from ._charts import result_chart, series, shares, targets
from ._layout import LARGE_GRAPH
from ._map import place_map, result_map
from ._network import (
    LANGUAGES,
    Language,
    PolicyNetwork,
    compact,
    from_networkx,
    write_html,
)
from ._pages import Page, write_page
from ._style import local_name
from ._timeline import policy_timeline, result_timeline

if TYPE_CHECKING:
    import pandas as pd

    from ..graph import KnowledgeGraph

__all__ = [
    "LANGUAGES",
    "LARGE_GRAPH",
    "VIEWS",
    "Language",
    "Page",
    "PolicyNetwork",
    "cities",
    "entity",
    "from_networkx",
    "lineage",
    "map",
    "overview",
    "query",
    "render",
    "render_all",
    "series",
    "shares",
    "targets",
    "timeline",
    "write_html",
    "write_page",
]

map = place_map  # views.map(kg, programme=None), as the issue and the CLI name it
timeline = policy_timeline

G = TypeVar("G", bound=nx.Graph)
Source = Any  # a KnowledgeGraph or a NetworkX graph

_LINEAGE_NOTE = (
    "Columns run left to right by year. Policies whose year the source does not give "
    "stand in the band below the dashed rule, with a dashed border: each stands right "
    "of what it comes from, and groups without any year stand at the right (columns "
    "marked ·). An arrow A → B reads “A buildsOn B”: the later thing points to what it "
    "comes from. A faint edge marked “inferred” is read off a document's narrative; no "
    "document states it. Hover over an edge for the documents that state it. "
    "各列按年份自左向右排列；原文未给年份的政策位于虚线下方的区域（虚线框），"
    "排在其来源右侧，全无年份的组排在最右（列标 ·）。箭头由后者指向其来源。"
    "浅色并标“推断”的边仅由文件叙述推断，并无文件明言。"
)


def _graph(source: Source, build: Callable[[KnowledgeGraph], G]) -> G:
    if isinstance(source, nx.Graph):
        graph: G = source
        return graph
    return _with_search_names(build(source), source)


def _with_documents(graph: G, kg: KnowledgeGraph) -> G:
    """A copy of ``graph`` whose edges also carry ``documents``: those that state the
    edge's assertion and those it is only inferred from (``basis``)."""
    from .._sparql import read_query

    found: dict[str, list[dict[str, Any]]] = {}
    for row in kg.query(read_query("views/lineage-documents")).to_dict("records"):
        found.setdefault(str(row["assertion"]), []).append(
            {
                "basis": str(row["basis"]),
                "document": row["identifier"] if isinstance(row["identifier"], str) else None,
                "title": row["title"] if isinstance(row["title"], str) else None,
                "date": row["date"] if isinstance(row["date"], str) else None,
            }
        )
    enriched: G = graph.copy()
    for _, _, data in enriched.edges(data=True):
        if data.get("assertion") in found:
            data["documents"] = found[data["assertion"]]
    return enriched


def _with_search_names(graph: G, kg: KnowledgeGraph) -> G:
    """A copy of ``graph`` whose nodes also carry ``pinyin`` and ``alt_labels``."""
    from .._sparql import read_query

    names = kg.query(read_query("views/search-names"))
    found: dict[str, dict[str, list[str]]] = {}
    for iri, kind, name in names.itertuples(index=False, name=None):
        if iri in graph:
            found.setdefault(iri, {"pinyin": [], "alias": []})[kind].append(str(name))
    enriched: G = graph.copy()
    for iri, named in found.items():
        if named["pinyin"]:
            enriched.nodes[iri]["pinyin"] = sorted(named["pinyin"])
        enriched.nodes[iri]["alt_labels"] = sorted(named["alias"])
    return enriched


def _span(graph: nx.Graph) -> str:
    years = sorted(
        int(year) for _, year in graph.nodes(data="year") if isinstance(year, int | float)
    )
    return f", {years[0]}–{years[-1]}" if years else ""


def lineage(source: Source, *, lang: Language = "both", isolates: bool = False) -> PolicyNetwork:
    """The policy lineage: policies left to right by year, relation types as edge styles.

    Parameters
    ----------
    source : KnowledgeGraph or networkx.DiGraph
        A knowledge graph, or the result of `policygraph.analytics.lineage_graph`.
    lang : {"both", "zh", "en"}
        Initial node labels; the page has a switch.
    isolates : bool
        Also draw the policies that have no lineage relation (default: leave them out;
        the subtitle says how many).

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_node("a", label_zh="八八战略", kind="Strategy", year=2003)
    >>> g.add_node("b", label_zh="数字浙江", kind="Policy", year=2003)
    >>> g.add_node("c", label_zh="一号工程", kind="Project", year=2017)
    >>> g.add_node("d", label_zh="未来社区", kind="Goal")
    >>> g.add_edge("b", "a", relation="isPartOf")
    >>> g.add_edge("c", "b", relation="buildsOn")
    >>> net = lineage(g)
    >>> [(node["id"], node["x"]) for node in net.nodes], net.subtitle
    ([('a', 0.0), ('b', 0.0), ('c', 300.0)], '3 policies, ..., 2003–2017; 1 without lineage ...')
    """
    from ..analytics import lineage_graph

    graph = _graph(source, lineage_graph)
    if not isinstance(source, nx.Graph):
        graph = _with_documents(graph, source)
    left_out = [] if isolates else list(nx.isolates(graph))
    if left_out:
        graph = graph.subgraph(node for node in graph if node not in set(left_out)).copy()
    note = f"; {len(left_out)} without lineage relations not drawn" if left_out else ""
    return from_networkx(
        graph,
        view="lineage",
        heading="政策谱系 Policy lineage",
        subtitle=(
            f"{graph.number_of_nodes()} policies, programmes and strategies, "
            f"{graph.number_of_edges()} lineage relations{_span(graph)}{note}"
        ),
        lang=lang,
        layout="years",
        shape="box",
        legend_note=_LINEAGE_NOTE,
        empty_message="The graph has no lineage relations. 图中没有政策谱系关系。",
    )


def cities(source: Source, *, lang: Language = "both") -> PolicyNetwork:
    """Places and the initiatives they carry, with the place's role on each edge.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("hz", label_zh="杭州市", label_en="Hangzhou", kind="PrefectureCity", bipartite=0)
    >>> g.add_node("cb", label_zh="城市大脑", label_en="City Brain", kind="Project", bipartite=1)
    >>> g.add_edge("hz", "cb", role="deepened", evidence=[])
    >>> net = cities(g)
    >>> [(node["label"], node["shape"]) for node in net.nodes]
    [('城市大脑\\nCity Brain', 'dot'), ('杭州市\\nHangzhou', 'diamond')]
    >>> net.edges[0]["label"]
    'deepened'
    """
    from ..analytics import city_initiative_graph

    graph = _graph(source, city_initiative_graph)
    places = [node for node, side in graph.nodes(data="bipartite") if side == 0]
    return from_networkx(
        graph,
        view="cities",
        heading="城市与政策 Places and initiatives",
        subtitle=(
            f"{graph.number_of_nodes()} places and initiatives, "
            f"{graph.number_of_edges()} links; each edge names the role"
        ),
        lang=lang,
        relation_attr="role",
        edge_labels=True,
        layout="spread",
        legend_note=(
            "Places are diamonds, initiatives dots; edge labels give the place's role. "
            "菱形为地方，圆点为政策；边上标注地方的角色。"
        ),
        shapes=dict.fromkeys(places, "diamond"),
        empty_message="The graph links no place to an initiative. 图中没有地方与政策的关联。",
    )


def overview(source: Source, *, lang: Language = "both") -> PolicyNetwork:
    """The whole graph, coloured by class, with a legend of classes and relation types.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label_zh="阿里巴巴", label_en="Alibaba", kind="Firm")
    >>> g.add_node("b", label_zh="数字经济", label_en="Digital Economy", kind="Industry")
    >>> _ = g.add_edge("a", "b", relation="leads")
    >>> net = overview(g)
    >>> [item["name"] for item in net.legend.classes], net.legend.relations[0]["name"]
    (['Firm', 'Industry'], 'leads')
    """
    from ..analytics import to_networkx

    graph = _graph(source, to_networkx)
    return from_networkx(
        graph,
        view="overview",
        heading="全图 The whole graph",
        subtitle=(
            f"{graph.number_of_nodes()} nodes and {graph.number_of_edges()} relations, "
            "coloured by class"
        ),
        lang=lang,
        layout="spread",
    )


def entity(source: Source, name: str, *, hops: int = 1, lang: Language = "both") -> PolicyNetwork:
    """The neighbourhood of one entity, ``hops`` relations out (edges in both directions).

    Parameters
    ----------
    source : KnowledgeGraph or networkx.Graph
        A knowledge graph, or a graph like `policygraph.analytics.to_networkx` makes.
    name : str
        IRI, slug, Chinese or English label, alias or pinyin of the entity.
    hops : int
        How many relations away from the entity to go (at least 1).

    Raises
    ------
    NotFoundError
        No entity (or several) has that name; the message lists close names.

    Examples
    --------
    >>> import policygraph as pg
    >>> net = entity(pg.load(), "城市大脑", hops=1)
    >>> [node["pg"]["en"] for node in net.nodes if node["pg"].get("centre")]
    ['City Brain']
    """
    from ..analytics import to_networkx

    if hops < 1:
        raise InputError(f"hops must be at least 1, got {hops}")
    if isinstance(source, nx.Graph):
        graph = source
        centre = Resolver.from_networkx(graph).find(str(_loose(name)), graph.nodes, what="entity")
    else:
        graph = _with_search_names(to_networkx(source), source)
        centre = str(source.resolve(str(_loose(name))))  # pgid:slug as well as names
        if centre not in graph:
            raise NotFoundError(
                f"{name!r} ({compact(centre)}) is not an entity of the graph "
                "(observations and evidence have no neighbourhood view)"
            )
    ego = nx.ego_graph(graph, centre, radius=hops, undirected=True)
    data = graph.nodes[centre]
    title = " ".join(str(part) for part in (data.get("label_zh"), data.get("label_en")) if part)
    title = title or compact(centre)
    return from_networkx(
        ego,
        view="entity",
        heading=f"{title}",
        subtitle=(
            f"{compact(centre)}: {ego.number_of_nodes() - 1} neighbours within {hops} "
            f"hop{'s' if hops > 1 else ''} 邻域"
        ),
        lang=lang,
        highlight=[centre],
    )


# -- query view ----------------------------------------------------------------------

_NOT_NODES = re.compile(
    r"(?i)^(section|source_document|evidence|kind|kind_iri|class|type|property|predicate"
    r"|relation|role|qualifier|unit)$"
)
_RELATION_COLUMNS = ("relation", "property", "predicate", "role")
_IRI = re.compile(r"^(https?://|urn:)\S+$")


def _is_iri_column(frame: pd.DataFrame, column: str) -> bool:
    if _NOT_NODES.match(column) or column.endswith(("_label", "_label_en", "_kind", "_year")):
        return False
    values = [value for value in frame[column].tolist() if value is not None and value == value]
    return bool(values) and all(isinstance(v, str) and _IRI.match(v) for v in values)


def _node_columns(frame: pd.DataFrame, view: str) -> list[str]:
    """``source`` and ``target`` for a graph query; else every column of IRIs."""
    if view == "graph" and {"source", "target"} <= set(frame.columns):
        return ["source", "target"]
    return [str(c) for c in frame.columns if _is_iri_column(frame, str(c))]


def _row_labels(row: Mapping[Hashable, Any], column: str) -> dict[str, Any]:
    """Labels and class of a node that is not in the graph, from the result row."""
    found: dict[str, Any] = {"label_zh": None, "label_en": None, "kind": column, "evidence": []}
    for key, value in ((f"{column}_label", "label_zh"), (f"{column}_label_en", "label_en")):
        text = row.get(key)
        if isinstance(text, str) and text:
            found[value] = text
    kind = row.get(f"{column}_kind")
    if isinstance(kind, str) and kind:
        found["kind"] = kind
    if found["label_zh"] and not re.search(r"[\u3400-\u9fff]", found["label_zh"]):
        found["label_en"] = found["label_en"] or found["label_zh"]
        found["label_zh"] = None
    return found


def _result_graph(
    frame: pd.DataFrame, columns: Sequence[str], full: nx.MultiDiGraph
) -> nx.MultiDiGraph:
    """Each row links its node columns in order; graph nodes and edges keep their data."""
    graph = nx.MultiDiGraph()
    relation_column = next((c for c in _RELATION_COLUMNS if c in frame.columns), None)
    for row in frame.to_dict("records"):
        present = [c for c in columns if isinstance(row.get(c), str) and row[c]]
        for column in present:
            node = row[column]
            if node not in graph:
                attributes = full.nodes[node] if node in full else _row_labels(row, column)
                graph.add_node(node, **attributes)
        for first, second in itertools.pairwise(present):
            source, target = row[first], row[second]
            named = row.get(relation_column) if relation_column else None
            relation = local_name(named) if isinstance(named, str) and named else None
            if graph.has_edge(source, target) and any(
                data.get("relation") == (relation or second)
                for data in graph.get_edge_data(source, target).values()
            ):
                continue
            known = [
                data
                for data in (full.get_edge_data(source, target) or {}).values()
                if relation is None or data.get("relation") == relation
            ]
            for data in known or [{"relation": relation or second, "evidence": []}]:
                graph.add_edge(source, target, **data)
    return graph


def _loose(value: object) -> object:
    """A parameter of a query without a header: ``pgid:x``, ``<…>`` and URLs are IRIs."""
    from rdflib import URIRef

    from .._namespaces import PREFIXES

    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if _IRI.match(text):
        return URIRef(text)
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and re.fullmatch(r"[\w./-]*", local):
        return PREFIXES[prefix][local]
    return value


def _all_places(frame: pd.DataFrame, column: str) -> bool:
    from ..geometry import load_geometry

    places = load_geometry().places
    values = [v for v in frame[column].tolist() if isinstance(v, str)]
    return bool(values) and all(v in places for v in values)


def _place_column(frame: pd.DataFrame, columns: Sequence[str]) -> str:
    """The IRI column with the most places that have a boundary."""
    from ..geometry import load_geometry

    places = load_geometry().places
    counts = {c: sum(1 for v in frame[c].tolist() if v in places) for c in columns}
    best = max(counts, key=lambda c: counts[c], default=None)
    if best is None or counts[best] == 0:
        raise QueryError(
            "a map view needs a column of places with a boundary (pgid:hangzhou …); "
            f"columns: {', '.join(str(c) for c in frame.columns)}"
        )
    return best


def _has_numbers(frame: pd.DataFrame) -> bool:
    return any(
        str(c) != "year" and len(frame[c].dropna()) and is_numeric_dtype(frame[c].dropna())
        for c in frame.columns
    )


def _pick_view(frame: pd.DataFrame, declared: str, columns: Sequence[str]) -> str:
    """The view a result is drawn with: the header's, or for ``table`` one that fits.

    A ``table`` result is drawn as a map when a column holds only places with a
    boundary, as a timeline when it has ``year`` and ``label`` but no node column, as
    a bar chart when it is an aggregate (no node column, a numeric one), else as a graph.
    """
    if declared in {"line", "bar", "map", "timeline"}:
        return declared
    if declared != "table":
        return "graph"
    if any(_all_places(frame, c) for c in columns):
        return "map"
    if columns:
        return "graph"
    if {"year", "label"} <= set(frame.columns):
        return "timeline"
    return "bar" if _has_numbers(frame) else "graph"


def query(
    source: KnowledgeGraph,
    name: str | os.PathLike[str],
    *,
    lang: Language = "both",
    **params: object,
) -> PolicyNetwork | Page:
    """The result of a named query or an ``.rq`` file, drawn with the view it asks for.

    The ``# view:`` header picks the drawing (see `policygraph.queries`): ``graph``
    draws an edge from ``source`` to ``target`` for each row; ``line`` and ``bar``
    draw a chart, ``map`` colours the places of the result, ``timeline`` puts the rows
    on a time axis. A ``table`` result (and a file without a header) is drawn as a map
    when a column holds only places, as a timeline when it has ``year`` and ``label``
    columns and no IRIs, as a bar chart when it is an aggregate, else as a graph of its
    IRI columns, each row linking them in order. Nodes and edges that are in the graph
    carry their labels, class, year and evidence.

    Parameters
    ----------
    source : KnowledgeGraph
        The graph to query.
    name : str or path
        A query name under ``queries/`` (``"policy-lineage"``) or an ``.rq`` file.
    **params
        Values for the query's parameters (IRIs also as labels).

    Raises
    ------
    NotFoundError
        No query has that name; lists the nearest names.
    QueryError
        A bad parameter, or a result that has rows but nothing to draw.

    Examples
    --------
    >>> import policygraph as pg
    >>> net = query(pg.load(), "policy-lineage")
    >>> {edge["pg"]["relation"] for edge in net.edges} <= {
    ...     "buildsOn", "elevates", "isPartOf", "implements", "succeeds"}
    True
    """
    from ..analytics import to_networkx
    from ..queries import get_query

    named = get_query(name)
    # typed as Callable: mypy cannot tell **params from their keyword split_languages
    run: Callable[..., pd.DataFrame] = source.run
    run_text: Callable[..., pd.DataFrame] = source.query
    if named.params or not params:
        frame = run(named, **params)
    else:  # a file without a header declares no parameter: IRIs as IRIs, text as text
        frame = run_text(named.text, **{key: _loose(value) for key, value in params.items()})
    shown = ", ".join(f"{key}={value}" for key, value in sorted(params.items()))
    title = named.title_zh or named.title_en or named.name
    columns = _node_columns(frame, named.view)
    picked = _pick_view(frame, named.view, columns)
    if picked != "graph":
        heading = f"查询 Query: {title}"
        about = f"{named.name}{' (' + shown + ')' if shown else ''}: {len(frame)} rows"
        if picked == "timeline":
            return result_timeline(frame, title=heading, subtitle=about)
        if picked == "map":
            place = _place_column(frame, columns)
            return result_map(frame, place, title=heading, subtitle=f"{about}; places: {place}")
        return result_chart(frame, picked, title=heading, subtitle=about)
    if not columns and len(frame):
        raise QueryError(
            f"query {named.name!r} has no node columns to draw (columns: "
            f"{', '.join(str(c) for c in frame.columns)}); a graph view needs IRI columns"
        )
    graph = _result_graph(frame, columns, to_networkx(source))
    return from_networkx(
        graph,
        view="query",
        heading=f"查询 Query: {title}",
        subtitle=(
            f"{named.name}{' (' + shown + ')' if shown else ''}: {len(frame)} rows, "
            f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
            + (f". {named.title_en}" if named.title_en and named.title_en != title else "")
        ),
        lang=lang,
        edge_labels="auto",
        layout="spread",
        empty_message=f"The query {named.name} returned no rows. 查询无结果。",
    )


# -- dispatch, render all ------------------------------------------------------------

VIEWS: dict[str, Callable[..., PolicyNetwork | Page]] = {
    "lineage": lineage,
    "cities": cities,
    "overview": overview,
    "entity": entity,
    "query": query,
    "map": place_map,
    "series": series,
    "targets": targets,
    "shares": shares,
    "timeline": policy_timeline,
}
"""Every view by name."""


def render(view: str, source: Source, *args: Any, **kwargs: Any) -> PolicyNetwork | Page:
    """The view named ``view``; an unknown name raises `NotFoundError` listing the views.

    Examples
    --------
    >>> render("lineages", nx.DiGraph())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    policygraph.errors.NotFoundError: unknown view 'lineages'. Did you mean: lineage, cities, ...?
    """
    function = VIEWS.get(view)
    if function is None:
        close = difflib.get_close_matches(view, list(VIEWS), n=1, cutoff=0.5)
        choices = close + sorted(set(VIEWS) - set(close))
        raise NotFoundError(f"unknown view {view!r}", suggestions=choices)
    if view not in _NETWORKS:
        kwargs.pop("lang", None)  # the map, charts and timeline have no label switch
    return function(source, *args, **kwargs)


_NETWORKS = ("lineage", "cities", "overview", "entity", "query")


@dataclass(frozen=True)
class _Page:
    file: str
    title: str
    description: str
    nodes: int
    edges: int


def _graph_queries() -> list[str]:
    """Named queries whose header asks for a graph view and that need no parameter."""
    from ..queries import list_queries

    return [
        named.name
        for named in list_queries()
        if named.view == "graph" and not any(param.required for param in named.params)
    ]


def _default_entity(kg: KnowledgeGraph) -> str:
    """The most connected policy (or, without lineage, the most connected entity)."""
    from ..analytics import lineage_graph, to_networkx

    graph: nx.Graph = lineage_graph(kg)
    if graph.number_of_edges() == 0:
        graph = to_networkx(kg)
    if graph.number_of_nodes() == 0:
        raise NotFoundError("the graph has no entity to centre an entity view on")
    return str(max(graph.nodes, key=lambda node: (graph.degree(node), str(node))))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", compact(text).split(":", 1)[-1].lower()).strip("-") or "x"


def render_all(
    kg: KnowledgeGraph,
    out: str | os.PathLike[str] = "out",
    *,
    lang: Language = "both",
    entities: Sequence[str] | None = None,
    queries: Sequence[str] | None = None,
    hops: int = 1,
    programmes: Sequence[str] | None = None,
) -> list[Path]:
    """Write every view and an ``index.html`` that links them, into folder ``out``.

    Parameters
    ----------
    kg : KnowledgeGraph
    out : path
        The folder; created if needed.
    entities : list of str, optional
        Entities to draw an ego view of (default: the most connected policy).
    queries : list of str, optional
        Named queries to draw (default: those whose header says ``# view: graph``).
    programmes : list of str, optional
        Programmes to draw a diffusion map of (default: the one most places adopted).

    Returns
    -------
    list of Path
        The files written, ``index.html`` last. All pages are rendered before the
        first is written, and each is written atomically.
    """
    from ..queries import get_query

    folder = Path(out)
    targets: list[tuple[str, PolicyNetwork | Page, str]] = [
        ("lineage.html", lineage(kg, lang=lang), "Policies left to right by year 政策谱系"),
        ("cities.html", cities(kg, lang=lang), "Places and the initiatives they carry 城市与政策"),
        ("overview.html", overview(kg, lang=lang), "Every entity and relation 全图"),
    ]
    for name in entities if entities is not None else [_default_entity(kg)]:
        ego = entity(kg, name, hops=hops, lang=lang)
        centre = next(node["id"] for node in ego.nodes if node["pg"].get("centre"))
        reach = f"{hops} hop{'s' if hops > 1 else ''}"
        targets.append((f"entity-{_slug(centre)}.html", ego, f"Neighbourhood 邻域 ({reach})"))
    for name in queries if queries is not None else _graph_queries():
        drawn = query(kg, name, lang=lang)
        what = f"{get_query(name).title_en} (query {Path(name).stem})".lstrip()
        targets.append((f"query-{_slug(Path(name).stem)}.html", drawn, what))
    targets += _map_chart_timeline_pages(kg, programmes)
    pages = [(file, net.generate_html(), net) for file, net, _ in targets]
    index = _index_page(
        [
            _Page(file, net.heading, description, len(net.nodes), len(net.edges))
            for (file, net, description) in targets
        ],
        kg,
    )
    folder.mkdir(parents=True, exist_ok=True)
    written = [write_atomic(folder / file, page) for file, page, _net in pages]
    return [*written, write_atomic(folder / "index.html", index)]


def _map_chart_timeline_pages(
    kg: KnowledgeGraph, programmes: Sequence[str] | None
) -> list[tuple[str, PolicyNetwork | Page, str]]:
    """The map (and a diffusion map per programme), the charts and the timeline."""
    from ..analytics import most_adopted

    pages: list[tuple[str, PolicyNetwork | Page, str]] = [
        ("map.html", place_map(kg), "Counties and prefectures by initiatives, year slider 地图"),
    ]
    chosen = list(programmes) if programmes is not None else [most_adopted(kg)]
    for name in (p for p in chosen if p):
        page = place_map(kg, name)
        slug = _slug(str(kg.resolve(name)))
        pages.append((f"map-{slug}.html", page, "Where and when it was adopted 政策扩散"))
    pages += [
        ("series.html", series(kg), "An indicator over the years 指标序列"),
        ("targets.html", targets(kg), "Targets against actuals, gap labelled 目标与实绩"),
        ("shares.html", shares(kg), "Share figures 比重"),
        ("timeline.html", policy_timeline(kg), "Events and start years by level 时间线"),
    ]
    return pages


def _index_page(pages: Sequence[_Page], kg: KnowledgeGraph) -> str:
    from ..analytics import to_networkx

    whole = to_networkx(kg)
    kinds: dict[str, int] = {}
    for _, kind in whole.nodes(data="kind"):
        kinds[str(kind)] = kinds.get(str(kind), 0) + 1
    # The count `policygraph stats` prints, and what the overview leaves out of it.
    entities = kg.entities()
    undrawn = entities[~entities["iri"].isin(set(whole.nodes))]["kind"].map(local_name)
    left_out = ", ".join(
        f"{count} {kind}" for kind, count in sorted(undrawn.value_counts().items())
    )
    env = _html.environment()
    return env.get_template("index.html").render(
        pages=pages,
        entities=len(entities),
        drawn=whole.number_of_nodes(),
        left_out=left_out,
        relations=whole.number_of_edges(),
        triples=len(kg),
        kinds=sorted(kinds.items(), key=lambda item: (-item[1], item[0])),
    )

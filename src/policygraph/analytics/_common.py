"""Helpers shared by the analytics modules: finding nodes by name, node tables."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import networkx as nx

from ..errors import NotFoundError

if TYPE_CHECKING:
    import pandas as pd

    from ..graph import KnowledgeGraph

__all__ = ["NODE_COLUMNS", "as_graph", "find_node", "node_key", "node_label", "node_rows"]

NODE_COLUMNS = ["iri", "label_zh", "label_en", "kind", "year"]
_QUOTES = re.compile(r"[\s“”\"'‘’《》「」]")

G = TypeVar("G", bound=nx.Graph)


def is_knowledge_graph(value: object) -> bool:
    """Whether ``value`` is a `KnowledgeGraph` (without importing rdflib eagerly)."""
    from ..graph import KnowledgeGraph

    return isinstance(value, KnowledgeGraph)


def as_graph(source: KnowledgeGraph | G, build: Callable[[KnowledgeGraph], G]) -> G:
    """``source`` itself if it is a NetworkX graph, else ``build(source)``."""
    if isinstance(source, nx.Graph):
        return cast("G", source)
    if is_knowledge_graph(source):
        return build(cast("KnowledgeGraph", source))
    raise TypeError(f"expected a KnowledgeGraph or a NetworkX graph, got {type(source).__name__}")


def node_label(graph: nx.Graph, node: Any) -> str:
    """The Chinese label of a node, else its English label, else its id."""
    data = graph.nodes[node]
    return str(data.get("label_zh") or data.get("label_en") or node)


def node_key(graph: nx.Graph, node: Any) -> tuple[float, str]:
    """Sort key: year (undated last), then id. Makes every tie-break deterministic."""
    year = graph.nodes[node].get("year")
    return (math.inf if year is None else float(year), str(node))


def node_rows(graph: nx.Graph, nodes: Iterable[Any]) -> list[dict[str, Any]]:
    """One dict per node with the `NODE_COLUMNS`."""
    return [
        {
            "iri": str(node),
            "label_zh": graph.nodes[node].get("label_zh"),
            "label_en": graph.nodes[node].get("label_en"),
            "kind": graph.nodes[node].get("kind"),
            "year": graph.nodes[node].get("year"),
        }
        for node in nodes
    ]


def _fold(text: str) -> str:
    return _QUOTES.sub("", text).casefold()


def find_node(
    graph: nx.Graph,
    name: str,
    *,
    what: str = "node",
    kg: KnowledgeGraph | None = None,
) -> Any:
    """The node of ``graph`` called ``name``: its id, slug, or zh/en label.

    Quotation marks and spaces are ignored, so ``3386`` finds ``“3386”建设体系`` if that
    is its label. With ``kg``, aliases and pinyin known to the knowledge graph count too.

    Raises
    ------
    NotFoundError
        No node or several nodes carry the name; the message lists close names.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.DiGraph()
    >>> graph.add_node("urn:x:a", label_zh="八八战略", label_en="Eight-Eight Strategy")
    >>> find_node(graph, "eight-eight strategy")
    'urn:x:a'
    >>> find_node(graph, "八八战")
    Traceback (most recent call last):
    ...
    policygraph.errors.NotFoundError: no node is named '八八战'. Did you mean: 八八战略?
    """
    text = str(name).strip()
    if text in graph:
        return text
    slug_hits = [node for node in graph if str(node).rsplit("/", 1)[-1] == text]
    if len(slug_hits) == 1:
        return slug_hits[0]
    wanted = _fold(text)
    names: dict[str, set[Any]] = {}
    for node, data in graph.nodes(data=True):
        for key in ("label_zh", "label_en"):
            if data.get(key):
                names.setdefault(str(data[key]), set()).add(node)
    hits = {node for label, nodes in names.items() if _fold(label) == wanted for node in nodes}
    if len(hits) == 1:
        return hits.pop()
    if len(hits) > 1:
        raise NotFoundError(
            f"{text!r} names several {what}s", suggestions=sorted(str(n) for n in hits)
        )
    elsewhere = None
    if kg is not None:  # aliases and pinyin live in the knowledge graph only
        from ._rdf import names as known_names

        named = sorted(known_names(kg, _fold).get(wanted, set()))
        inside = [iri for iri in named if iri in graph]
        if len(inside) == 1:
            return inside[0]
        if len(inside) > 1:
            raise NotFoundError(f"{text!r} names several {what}s", suggestions=inside)
        elsewhere = named[0] if named else None
    close = difflib.get_close_matches(text, sorted(names), n=5, cutoff=0.4)
    contains = sorted(label for label in names if wanted and wanted in _fold(label))
    suggestions = list(dict.fromkeys([*close, *contains]))[:5]
    if elsewhere is not None:
        raise NotFoundError(
            f"{text!r} is {elsewhere.rsplit('/', 1)[-1]}, which is not a {what}",
            suggestions=suggestions,
        )
    raise NotFoundError(f"no {what} is named {text!r}", suggestions=suggestions)


def frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """A DataFrame with exactly ``columns`` (also when there are no rows); columns of
    whole numbers with gaps (years, offsets) become pandas' nullable ``Int64``."""
    import pandas as pd

    table = pd.DataFrame(rows, columns=columns)
    for column in columns:
        values = [row.get(column) for row in rows if row.get(column) is not None]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            table[column] = table[column].astype("Int64")
    return table

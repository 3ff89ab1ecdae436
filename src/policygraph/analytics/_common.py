"""Helpers shared by the analytics modules: finding nodes by name, node tables."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import networkx as nx

from ..errors import NotFoundError

if TYPE_CHECKING:
    import pandas as pd

    from ..graph import KnowledgeGraph

__all__ = ["NODE_COLUMNS", "as_graph", "find_node", "node_key", "node_label", "node_rows"]

NODE_COLUMNS = ["iri", "label_zh", "label_en", "kind", "year"]

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


def find_node(
    graph: nx.Graph,
    name: str,
    *,
    what: str = "node",
    kg: KnowledgeGraph | None = None,
) -> Any:
    """The node of ``graph`` called ``name``: its id, slug, zh/en label, alias or pinyin.

    Names are matched by `policygraph.resolve.Resolver`, the one entity finder:
    quotation marks, spaces, full-width forms and traditional characters are folded,
    so ``３３８６建设体系`` finds ``“3386”建设体系``. With ``kg``, the names the
    knowledge graph knows (aliases, pinyin) count too.

    Raises
    ------
    NotFoundError
        No node or several nodes carry the name; the message lists near misses.

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
    from ..resolve import Resolver

    try:
        return Resolver.from_networkx(graph).find(name, graph.nodes, what=what)
    except NotFoundError as error:
        if kg is None:
            raise
        missed = error
    try:  # aliases and pinyin live in the knowledge graph only
        return Resolver.from_graph(kg).find(name, graph.nodes, what=what)
    except NotFoundError as error:
        raise (error if "which is not a" in str(error) else missed) from None


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

"""policygraph: an open, evidence-grounded knowledge graph of Chinese public policy.

Start with ``kg = policygraph.load()``; see `KnowledgeGraph` for what it offers.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import (
    DataError,
    InputError,
    NotFoundError,
    PolicygraphError,
    QueryError,
    RemoteError,
)

if TYPE_CHECKING:
    __version__: str
    from ._namespaces import PG, PGID
    from .entity import Entity
    from .graph import KnowledgeGraph, load
    from .queries import NamedQuery, get_query, list_queries
    from .remote import connect

__all__ = [
    "PG",
    "PGID",
    "DataError",
    "Entity",
    "InputError",
    "KnowledgeGraph",
    "NamedQuery",
    "NotFoundError",
    "PolicygraphError",
    "QueryError",
    "RemoteError",
    "__version__",
    "connect",
    "get_query",
    "list_queries",
    "load",
]


def _version() -> str:
    """The one version string: the installed package's metadata (from pyproject.toml)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("policygraph")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


# Heavy modules (rdflib among them) load on first use, so that `import policygraph`
# and a one-shot `policygraph query` stay fast.
_LAZY = {"KnowledgeGraph": "graph", "load": "graph", "connect": "remote"}
_LAZY.update({"PG": "_namespaces", "PGID": "_namespaces"})
_LAZY.update(
    {"Entity": "entity", "NamedQuery": "queries", "get_query": "queries", "list_queries": "queries"}
)


def __getattr__(name: str) -> Any:
    if name == "__version__":  # importlib.metadata costs a one-shot command 0.05-0.1 s
        globals()[name] = _version()
        return globals()[name]
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'policygraph' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value

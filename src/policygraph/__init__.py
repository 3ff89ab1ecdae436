"""policygraph: an open, evidence-grounded knowledge graph of Chinese public policy.

Start with ``kg = policygraph.load()``; see `KnowledgeGraph` for what it offers.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._namespaces import PG, PGID
from .errors import (
    DataError,
    InputError,
    NotFoundError,
    PolicygraphError,
    QueryError,
    RemoteError,
)

if TYPE_CHECKING:
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


__version__ = _version()

# Heavy modules load on first use, so that `import policygraph` stays fast.
_LAZY = {"KnowledgeGraph": "graph", "load": "graph", "connect": "remote"}
_LAZY.update(
    {"Entity": "entity", "NamedQuery": "queries", "get_query": "queries", "list_queries": "queries"}
)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'policygraph' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value

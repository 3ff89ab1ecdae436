"""The `KnowledgeGraph`: an RDF graph with a researcher's API around it."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.query import Result

from . import _paths
from ._namespaces import PG, PGID, bind_prefixes
from ._sparql import bind_values, python_value, read_query
from .errors import InputError, NotFoundError, QueryError
from .loading import guess_format, parse_file

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["STORES", "KnowledgeGraph", "load"]

STORES = ("memory", "oxigraph")
_ROLES = {
    PG.Actual: "actual",
    PG.Target: "target",
    PG.Growth: "growth",
    PG.Share: "share",
    PG.Rank: "rank",
    PG.PercentagePointChange: "pp_change",
}
_QUALIFIERS = {PG.Exact: "exact", PG.LowerBound: "lower_bound", PG.UpperBound: "upper_bound"}
_OXIGRAPH_FORMATS = {
    "turtle": "ox-turtle",
    "nt": "ox-nt",
    "trig": "ox-trig",
    "nquads": "ox-nquads",
    "xml": "ox-xml",
}


class KnowledgeGraph:
    """A policy knowledge graph: the ontology plus instance data, queryable with SPARQL.

    Create one with `policygraph.load`.

    Examples
    --------
    >>> import policygraph as pg
    >>> kg = pg.load()
    >>> row = kg.observations().query("indicator.str.endswith('digital-economy-size')").iloc[0]
    >>> (row.value, row.unit, row.value_base)
    (2.33, '万亿元', 2330000000000.0)
    """

    def __init__(self, graph: Graph, *, store: str = "memory") -> None:
        self.graph = graph
        self.store = store

    def __repr__(self) -> str:
        return f"<KnowledgeGraph store={self.store!r} triples={len(self.graph)}>"

    def __len__(self) -> int:
        return len(self.graph)

    # -- SPARQL ----------------------------------------------------------------------

    def execute(self, sparql: str, **bindings: object) -> Result:
        """Run SPARQL and return rdflib's raw `Result` (terms, not Python values)."""
        text = bind_values(sparql, bindings)
        try:
            return self.graph.query(text)
        except Exception as exc:
            raise _query_error(exc) from exc

    def query(self, sparql: str, **bindings: object) -> pd.DataFrame:
        """Run a SELECT query and return a DataFrame of Python values.

        Parameters
        ----------
        sparql : str
            SPARQL 1.1 query text. Prefixes ``pg:``, ``pgid:``, ``rdfs:`` … are predeclared.
        **bindings
            Values for variables, bound with ``VALUES`` (str → literal, int, URIRef …).

        Examples
        --------
        >>> import policygraph as pg
        >>> kg = pg.load()
        >>> kg.query("SELECT ?label WHERE { ?x rdfs:label ?label FILTER(lang(?label)='en') }",
        ...          x=pg.PGID["hangzhou"]).label.tolist()
        ['Hangzhou']
        """
        import pandas as pd

        result = self.execute(sparql, **bindings)
        if result.type != "SELECT":
            raise QueryError(f"query() expects SELECT, got {result.type}; use execute()")
        columns = [str(var) for var in result.vars or []]
        rows = [[python_value(term) for term in row] for row in result]  # type: ignore[union-attr]
        return pd.DataFrame(rows, columns=columns)

    def _named(self, name: str, **bindings: object) -> pd.DataFrame:
        return self.query(read_query(name), **bindings)

    # -- entities, observations, evidence --------------------------------------------

    def entities(self, kind: str | URIRef | None = None) -> pd.DataFrame:
        """Entities (not observations or evidence) with their kind and labels.

        Parameters
        ----------
        kind : str or URIRef, optional
            A class local name such as ``"Firm"``; subclasses are included.

        Examples
        --------
        >>> import policygraph as pg
        >>> firms = pg.load().entities("Firm")
        >>> sorted(firms.label_zh)[:3]
        ['网易', '阿里巴巴', '海康威视']
        """
        frame = self._named("api/entities")
        if kind is not None:
            wanted = kind if isinstance(kind, URIRef) else PG[str(kind)]
            classes = set(self._named("api/subclasses", wanted=wanted)["cls"])
            if not classes:
                raise NotFoundError(f"unknown kind {kind!r}", suggestions=self._kinds(str(kind)))
            frame = frame[frame["kind_iri"].isin(classes)]
        return frame.sort_values(["kind", "iri"]).reset_index(drop=True)

    def _kinds(self, near: str) -> list[str]:
        kinds = self._named("api/classes")["name"].tolist()
        return difflib.get_close_matches(near, kinds, n=5, cutoff=0.5)

    def observations(self) -> pd.DataFrame:
        """Every figure: indicator, place, period, value as printed and normalised, role,
        qualifier, evidence quote with offsets, and the reason it is suspect (or empty).

        Examples
        --------
        >>> import policygraph as pg
        >>> obs = pg.load().observations()
        >>> obs.loc[obs.suspect != "", "unit"].tolist().count("亿元") >= 1
        True
        """
        frame = self._named("api/observations")
        frame["role"] = frame["role"].map(lambda iri: _ROLES.get(URIRef(iri), iri))
        frame["qualifier"] = frame["qualifier"].map(lambda iri: _QUALIFIERS.get(URIRef(iri), iri))
        frame["suspect"] = frame["suspect"].fillna("")
        frame["year"] = frame["year"].astype("Int64")
        frame["start"] = frame["start"].astype("Int64")
        frame["end"] = frame["end"].astype("Int64")
        return frame.sort_values(["start", "observation"]).reset_index(drop=True)

    def resolve(self, name: str | URIRef) -> URIRef:
        """The IRI of the one node named ``name``: IRI, slug, label, alias or pinyin.

        Raises
        ------
        NotFoundError
            No node or several nodes carry that name; lists the closest names.
        """
        text = str(name).strip()
        if text.startswith(str(PGID)) or text.startswith("http"):
            if (URIRef(text), None, None) in self.graph:
                return URIRef(text)
        elif (PGID[text], None, None) in self.graph:
            return PGID[text]
        names = self._named("api/names")
        folded = text.casefold()
        hits = sorted(set(names.loc[names["name"].str.casefold() == folded, "iri"]))
        if len(hits) == 1:
            return URIRef(hits[0])
        if len(hits) > 1:
            raise NotFoundError(f"{text!r} is ambiguous", suggestions=hits)
        close = difflib.get_close_matches(text, names["name"].unique().tolist(), n=5, cutoff=0.4)
        raise NotFoundError(f"nothing is named {text!r}", suggestions=close)

    def evidence(self, name: str | URIRef) -> pd.DataFrame:
        """Evidence of an entity, assertion or observation: quote, offsets, section, source.

        Examples
        --------
        >>> import policygraph as pg
        >>> ev = pg.load().evidence("八八战略")
        >>> "八八战略" in "".join(ev.quote)
        True
        """
        iri = self.resolve(name)
        return (
            self._named("api/evidence", subject=iri)
            .sort_values(["source", "start"])
            .reset_index(drop=True)
        )


def _query_error(exc: Exception) -> QueryError:
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "col", None) or getattr(exc, "column", None)
    where = f" at line {line}, column {column}" if line is not None else ""
    message = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
    error = QueryError(f"SPARQL error{where}: {message}")
    error.line, error.column = line, column  # type: ignore[attr-defined]
    return error


def _new_graph(store: str) -> Graph:
    if store == "memory":
        graph = Graph()
    elif store == "oxigraph":
        graph = Graph(store="Oxigraph")
    else:
        raise InputError(f"unknown store {store!r}; choose one of {', '.join(STORES)}")
    bind_prefixes(graph.namespace_manager)
    return graph


def _parse_into(graph: Graph, path: Path, store: str) -> None:
    fmt = guess_format(path)
    if fmt in {"trig", "nquads"}:
        from rdflib import Dataset

        dataset = Dataset()
        parse_file(path, graph=dataset, format=fmt)
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        return
    if store == "oxigraph" and fmt in _OXIGRAPH_FORMATS:
        parse_file(path, graph=graph, format=_OXIGRAPH_FORMATS[fmt])
        return
    parse_file(path, graph=graph, format=fmt)


def load(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
    *,
    store: str = "memory",
    ontology: bool = True,
) -> KnowledgeGraph:
    """Load a knowledge graph: the bundled Zhejiang graph, or your own RDF files.

    Parameters
    ----------
    paths : path or list of paths, optional
        Turtle, TriG, N-Triples or JSON-LD files. Default: the bundled release graph.
    store : {"memory", "oxigraph"}
        rdflib's in-memory store, or Oxigraph (through oxrdflib) for large graphs.
    ontology : bool
        Load the policygraph ontology alongside the data (default ``True``).

    Examples
    --------
    >>> import policygraph as pg
    >>> kg = pg.load()
    >>> len(kg) > 5000
    True
    """
    graph = _new_graph(store)
    files: Iterable[str | os.PathLike[str]]
    if paths is None:
        files = [_paths.release_file("nt")]
    elif isinstance(paths, str | os.PathLike):
        files = [paths]
    else:
        files = list(paths)
    if ontology:
        _parse_into(graph, _paths.ontology_file(), store)
    for path in files:
        _parse_into(graph, Path(path), store)
    return KnowledgeGraph(graph, store=store)

"""The `KnowledgeGraph`: an RDF graph with a researcher's API around it."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from . import _paths
from ._namespaces import PG, PGID
from ._sparql import bind_values, python_value, read_query
from ._stores import (
    DEFAULT_STORE,
    STORE_KINDS,
    bulk_load,
    load_graph,
    parse_into_memory,
    parse_store,
    select_table,
)
from .errors import NotFoundError, QueryError
from .queries import NamedQuery, get_query

if TYPE_CHECKING:
    import pandas as pd

    from .entity import Entity
    from .resolve import Resolver
    from .stats import GraphStats

__all__ = ["STORES", "KnowledgeGraph", "load"]

STORES = STORE_KINDS
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
    >>> (float(row.value), row.unit, float(row.value_base))
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
            raise _query_error(_located(exc, text)) from exc

    def query(
        self, sparql: str, *, split_languages: bool = False, **bindings: object
    ) -> pd.DataFrame:
        """Run a SELECT query and return a DataFrame of Python values.

        Cells hold int, float, str, `datetime.date` (or None); IRIs become str.

        Parameters
        ----------
        sparql : str
            SPARQL 1.1 query text. Prefixes ``pg:``, ``pgid:``, ``rdfs:`` … are predeclared.
        split_languages : bool
            Split a column of language-tagged literals into one column per language
            (``label`` → ``label_zh``, ``label_en``), merging the rows that differ only
            in those literals. Untagged values stay in the original column.
        **bindings
            Values for variables, bound with ``VALUES`` (str → literal, int, URIRef …).

        Raises
        ------
        QueryError
            The query is malformed (the message gives line and column) or not a SELECT.

        Examples
        --------
        >>> import policygraph as pg
        >>> kg = pg.load()
        >>> kg.query("SELECT ?label WHERE { ?x rdfs:label ?label FILTER(lang(?label)='en') }",
        ...          x=pg.PGID["hangzhou"]).label.tolist()
        ['Hangzhou']
        >>> kg.query("SELECT ?x ?label WHERE { ?x rdfs:label ?label }",
        ...          x=pg.PGID["hangzhou"], split_languages=True).columns.tolist()
        ['x', 'label_zh', 'label_en']
        """
        if not split_languages:  # Oxigraph: Python values without rdflib terms, 3× faster
            fast = select_table(self.graph, bind_values(sparql, bindings))
            if fast is not None:
                return _typed(fast[1], fast[0])
        result = self.execute(sparql, **bindings)
        if result.type != "SELECT":
            raise QueryError(f"query() expects SELECT, got {result.type}; use execute()")
        return _frame(result, split_languages=split_languages)

    def run(
        self,
        name: str | os.PathLike[str] | NamedQuery,
        *,
        split_languages: bool = False,
        **params: object,
    ) -> pd.DataFrame:
        """Run a named query from ``queries/`` with typed parameters and defaults.

        Parameters
        ----------
        name : str, path or NamedQuery
            A query name (see `policygraph.queries.list_queries`), the path of an
            ``.rq`` file, or a `NamedQuery`.
        split_languages : bool
            As in `query`.
        **params
            Parameter values, typed or as text (``year="2018"``). IRI parameters also
            take a label, alias, pinyin or slug (``policy="一号工程"``).

        Raises
        ------
        NotFoundError
            No query has that name (lists the nearest names), or an IRI parameter
            names no entity.
        QueryError
            An unknown, missing or wrongly typed parameter, named in the message.

        Examples
        --------
        >>> import policygraph as pg
        >>> kg = pg.load()
        >>> figures = kg.run("figures-for-year", year=2022)
        >>> figures[["indicator_label", "value", "unit", "role"]].values.tolist()
        [['数字经济增加值', 4.0, '万亿元', 'Target']]
        >>> kg.run("figures-for-year", year="last year")
        Traceback (most recent call last):
        ...
        policygraph.errors.QueryError: parameter 'year' expects int, got 'last year': ...
        """
        named = name if isinstance(name, NamedQuery) else get_query(name)
        bindings = named.bindings(params, resolve=self.resolve)
        try:
            result = self.execute(named.text, **bindings)
        except QueryError as exc:
            raise QueryError(f"{named.path}: {exc}") from exc
        if result.type != "SELECT":
            raise QueryError(f"{named.path}: run() expects SELECT, got {result.type}")
        return _frame(result, split_languages=split_languages)

    def _named(self, name: str, **bindings: object) -> pd.DataFrame:
        return _frame(self.execute(read_query(name), **bindings), split_languages=False)

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
        >>> sorted(firms.label_en)
        ['Alibaba', 'Hikvision', 'NetEase']
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
        """The IRI of the one node named ``name``.

        ``name`` may be an IRI (``https://…``, ``<https://…>``, ``pgid:slug``), a slug,
        or a name: zh or en label, alias, or pinyin (spaces and case ignored). An exact
        label or alias wins over a looser match (quotes, widths and case folded), which
        wins over pinyin (see `policygraph.resolve`). Names of other nodes (figures,
        sections) are matched last, exactly.

        Raises
        ------
        NotFoundError
            No node or several nodes carry that name; lists the closest names.

        Examples
        --------
        >>> import policygraph as pg
        >>> kg = pg.load()
        >>> [str(kg.resolve(n)).rsplit("/", 1)[1] for n in ("杭州", "hangzhou", "pgid:hangzhou")]
        ['hangzhou', 'hangzhou', 'hangzhou']
        """
        text = str(name).strip()
        if not text:
            raise NotFoundError("an empty name names nothing")
        iri = self._known_iri(text)
        if iri is not None:
            return iri
        matches = self._resolver().lookup(text)
        if len(matches) == 1:
            return URIRef(matches[0].iri)
        if matches:
            raise NotFoundError(
                f"{text!r} is ambiguous: it names {len(matches)} entities ({matches[0].via})",
                suggestions=[f"{m.label_zh or m.label_en} ({m.slug}, {m.kind})" for m in matches],
            )
        names = self._named("api/names")
        folded = text.casefold()
        hits = sorted(set(names.loc[names["name"].str.casefold() == folded, "iri"]))
        if len(hits) == 1:
            return URIRef(hits[0])
        if len(hits) > 1:
            raise NotFoundError(f"{text!r} is ambiguous", suggestions=hits)
        raise NotFoundError(f"nothing is named {text!r}", suggestions=self._suggestions(text))

    def _known_iri(self, text: str) -> URIRef | None:
        """The node ``text`` names as an IRI, a ``pgid:``/``pg:`` name or a slug, if any."""
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]
        candidates = []
        if text.startswith(("http://", "https://", "urn:")):
            candidates.append(URIRef(text))
        elif text.startswith("pgid:"):
            candidates.append(PGID[text.removeprefix("pgid:")])
        elif text.startswith("pg:"):
            candidates.append(PG[text.removeprefix("pg:")])
        elif " " not in text and text.isascii():
            candidates.append(PGID[text])
        for iri in candidates:
            if (iri, None, None) in self.graph:
                return iri
        return None

    def _resolver(self) -> Resolver:
        """The name index of the entities, rebuilt when the graph's size changes."""
        from .resolve import Resolver

        size = len(self.graph)
        cached: tuple[int, Resolver] | None = getattr(self, "_resolver_cache", None)
        if cached is None or cached[0] != size:
            cached = (size, Resolver.from_graph(self))
            self._resolver_cache = cached
        return cached[1]

    def _suggestions(self, text: str, limit: int = 5) -> list[str]:
        hits = self.search(text, limit=limit).to_dict("records")
        return [f"{_cell(h['label_zh']) or _cell(h['label_en'])} ({h['slug']})" for h in hits]

    def entity(self, name: str | URIRef) -> Entity:
        """One entity with its labels, kind, facts (both ways), figures and evidence.

        Parameters
        ----------
        name : str or URIRef
            zh or en label, alias, pinyin, slug or IRI (see `resolve`).

        Raises
        ------
        NotFoundError
            Unknown or ambiguous name; ``suggestions`` lists the closest entities.

        Examples
        --------
        >>> import policygraph as pg
        >>> kg = pg.load()
        >>> [kg.entity(n).slug for n in ("一号工程", "yi hao gong cheng", "No. 1 Project")]
        ['number-one-project', 'number-one-project', 'number-one-project']
        >>> hangzhou = kg.entity("Hangzhou")
        >>> hangzhou.label_zh, hangzhou.kind
        ('杭州市', 'PrefectureCity')
        >>> kg.entity("Hangzou")
        Traceback (most recent call last):
        ...
        policygraph.errors.NotFoundError: nothing is named 'Hangzou'. Did you mean: 杭州市 ...
        """
        from .entity import Entity, Fact, Figure, Quote

        iri = self.resolve(name)
        card = self._named("api/entity-card", entity=iri)

        def values(field: str, lang: str | None = None) -> list[object]:
            rows = card[card["field"] == field]
            if lang is not None:
                rows = rows[rows["lang"] == lang]
            return sorted(set(rows["value"]), key=str)

        classes = [str(c) for c in values("class") if str(c).startswith(str(PG))]
        kinds = tuple(sorted(c.removeprefix(str(PG)) for c in classes))
        specific = [k for k in kinds if k not in ("Assertion", "Evidence")] or list(kinds)
        labels_zh, labels_en = values("label", "zh"), values("label", "en")
        years = [int(str(y)) for y in values("year")]
        facts = self._named("api/entity-facts", entity=iri)
        fact_records = sorted(
            (
                Fact(
                    direction="out" if row["direction"] == "out" else "in",
                    relation=_short_name(str(row["property"])),
                    relation_label=_cell(row["relation_label"]),
                    other=str(row["other"]),
                    other_label_zh=_cell(row["other_label_zh"]),
                    other_label_en=_cell(row["other_label_en"]),
                    year=None if _cell(row["year"]) == "" else int(row["year"]),
                )
                for row in facts.to_dict("records")
            ),
            key=lambda f: (f.direction != "out", f.relation, f.year or 0, f.other_label),
        )
        figures = self._named("api/entity-figures", entity=iri).sort_values("start")
        evidence = self._named("api/evidence", subject=iri).sort_values(["source", "start"])
        return Entity(
            iri=str(iri),
            kind=specific[0] if specific else "",
            label_zh=str(labels_zh[0]) if labels_zh else "",
            label_en=str(labels_en[0]) if labels_en else "",
            kinds=kinds,
            aliases=tuple(str(a) for a in values("alias")),
            pinyin=tuple(str(p) for p in values("pinyin")),
            year=min(years) if years else None,
            same_as=tuple(str(s) for s in values("same_as")),
            facts=tuple(fact_records),
            figures=tuple(
                Figure(
                    observation=str(row["observation"]),
                    indicator=_cell(row["indicator_label"]),
                    place=_cell(row["place_label"]),
                    period=str(row["period"]),
                    value=float(row["value"]),
                    unit=str(row["unit"]),
                    role=str(row["role"]),
                )
                for row in figures.to_dict("records")
            ),
            evidence=tuple(
                Quote(
                    quote=str(row["quote"]),
                    start=int(row["start"]),
                    end=int(row["end"]),
                    section=_cell(row["section_label"]),
                    source=str(row["source"]),
                )
                for row in evidence.to_dict("records")
            ),
        )

    def search(self, text: str, *, limit: int = 20, kind: str | None = None) -> pd.DataFrame:
        """Fuzzy search over every entity's labels (zh, en), aliases and pinyin.

        Exact names rank first, then names that start with ``text``, then names that
        contain it, then similar names. Case, spaces, quote marks and full-width forms
        are ignored.

        Parameters
        ----------
        text : str
            What to look for, in Chinese, English or pinyin.
        limit : int
            At most this many entities (default 20).
        kind : str, optional
            Only entities of this class (local name, e.g. ``"Industry"``).

        Returns
        -------
        DataFrame
            ``iri``, ``slug``, ``label_zh``, ``label_en``, ``kind``, ``matched`` (the
            name that matched), ``field`` (label, alias, pinyin) and ``score`` (0–1),
            best first, one row per entity.

        Examples
        --------
        >>> import policygraph as pg
        >>> hits = pg.load().search("城市大脑")
        >>> hits.label_zh.iloc[0], float(hits.score.iloc[0])
        ('城市大脑', 1.0)
        >>> pg.load().search("chengshi danao").label_zh.iloc[0]
        '城市大脑'
        """
        import pandas as pd

        from .resolve import normal_form

        wanted = normal_form(text)
        best: dict[str, tuple[float, str, str, object]] = {}
        for name in self._resolver().names:
            if kind is not None and kind not in name.kinds:
                continue
            score = _match_score(wanted, normal_form(name.name))
            if score > best.get(name.iri, (0.0,))[0]:
                best[name.iri] = (score, name.name, name.property, name)
        rows = [
            (
                iri,
                iri.removeprefix(str(PGID)),
                found.label_zh,  # type: ignore[attr-defined]
                found.label_en,  # type: ignore[attr-defined]
                "/".join(found.kinds),  # type: ignore[attr-defined]
                matched,
                field,
                round(score, 3),
            )
            for iri, (score, matched, field, found) in best.items()
            if score >= _MIN_SCORE
        ]
        rows.sort(key=lambda row: (-row[7], len(row[5]), row[1]))
        columns = ["iri", "slug", "label_zh", "label_en", "kind", "matched", "field", "score"]
        return pd.DataFrame(rows[:limit], columns=columns)

    def export(self, path: str | os.PathLike[str], format: str | None = None) -> list[Path]:
        """Write the graph to a file (or, for CSV, a folder of tables), atomically.

        Parameters
        ----------
        path : path
            The file to write; for ``csv``, the folder that receives ``entities.csv``,
            ``relations.csv`` and ``observations.csv``.
        format : str, optional
            ``turtle``, ``nt``, ``json-ld``, ``trig`` (every triple), ``graphml``,
            ``gexf`` (the entity network) or ``csv``. Default: from the suffix.

        Returns
        -------
        list of Path
            The files written.

        Raises
        ------
        InputError
            Unknown format, or a target that cannot be written.

        Examples
        --------
        >>> import policygraph as pg, tempfile, pathlib
        >>> kg = pg.load()
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> [p.name for p in kg.export(folder / "graph.ttl")]
        ['graph.ttl']
        >>> len(pg.load(folder / "graph.ttl", ontology=False)) == len(kg)
        True
        >>> sorted(p.name for p in kg.export(folder / "tables", "csv"))
        ['entities.csv', 'observations.csv', 'relations.csv']
        """
        from .export import export

        return export(self, path, format)

    def stats(self) -> GraphStats:
        """Counts by class and by property, figures by role, and the sources.

        Examples
        --------
        >>> import policygraph as pg
        >>> stats = pg.load().stats()
        >>> stats.count("sources") >= 1, "class" in stats.classes.columns
        (True, True)
        """
        from .stats import graph_stats

        return graph_stats(self)

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


_MIN_SCORE = 0.35


def _match_score(wanted: str, name: str) -> float:
    """How well ``name`` matches the search text, both in `normal_form`: 1 is exact."""
    if not wanted or not name:
        return 0.0
    if wanted == name:
        return 1.0
    coverage = len(wanted) / len(name)
    if name.startswith(wanted):
        return 0.7 + 0.25 * coverage
    if wanted in name:
        return 0.6 + 0.25 * coverage
    return 0.6 * difflib.SequenceMatcher(None, wanted, name).ratio()


def _short_name(iri: str) -> str:
    """``buildsOn`` for pg: properties, ``org:holds`` for org:, else the IRI."""
    if iri.startswith(str(PG)):
        return iri.removeprefix(str(PG))
    if iri.startswith("http://www.w3.org/ns/org#"):
        return "org:" + iri.removeprefix("http://www.w3.org/ns/org#")
    return iri


def _cell(value: object) -> str:
    """A DataFrame cell as text; missing values (None, NaN, NA) become ``""``."""
    missing = value is None or value != value  # NaN and NaT differ from themselves
    if not missing and type(value).__name__ == "NAType":  # pandas.NA
        missing = True
    return "" if missing else str(value)


def _frame(result: Result, *, split_languages: bool) -> pd.DataFrame:
    """A DataFrame of Python values from a SELECT result (see `KnowledgeGraph.query`)."""
    columns = [str(var) for var in result.vars or []]
    rows: list[tuple[Node | None, ...]] = [tuple(row) for row in result]  # type: ignore[arg-type]
    tagged = [
        index
        for index in range(len(columns))
        if any(isinstance(row[index], Literal) and row[index].language for row in rows)  # type: ignore[union-attr]
    ]
    if not split_languages or not tagged:
        table = [[python_value(t) for t in row] for row in rows]
        return _typed(table, columns)
    languages = {index: _languages(row[index] for row in rows) for index in tagged}
    groups: dict[tuple[Node | None, ...], dict[tuple[int, str], list[str]]] = {}
    for row in rows:
        key = tuple(term for index, term in enumerate(row) if index not in languages)
        cells = groups.setdefault(key, {})
        for index in tagged:
            term = row[index]
            if term is None:
                continue
            language = term.language if isinstance(term, Literal) and term.language else ""
            values = cells.setdefault((index, language), [])
            if str(term) not in values:
                values.append(str(term))
    names: list[str] = []
    for index, column in enumerate(columns):
        if index in languages:
            names += [f"{column}_{lang}" if lang else column for lang in languages[index]]
        else:
            names.append(column)
    table = []
    for key, cells in groups.items():
        plain = iter(key)
        record: list[object] = []
        for index in range(len(columns)):
            if index in languages:
                record += [
                    "; ".join(cells.get((index, lang), [])) or None for lang in languages[index]
                ]
            else:
                record.append(python_value(next(plain)))
        table.append(record)
    return _typed(table, names)


def _typed(table: list[list[object]], columns: list[str]) -> pd.DataFrame:
    """A frame whose columns take their natural dtype; integers with gaps become ``Int64``."""
    import pandas as pd

    series = {}
    for index in range(len(columns)):
        values = [row[index] for row in table]
        present = [v for v in values if v is not None]
        integral = all(isinstance(v, int) and not isinstance(v, bool) for v in present)
        if present and integral and len(present) < len(values):
            series[index] = pd.Series(values, dtype="Int64")
        else:
            series[index] = pd.Series(values, dtype=None if present else object)
    frame = pd.DataFrame(series, index=range(len(table)))
    frame.columns = pd.Index(columns)
    return frame


def _languages(terms: Iterable[Node | None]) -> list[str]:
    """Languages of the literals, ``zh`` and ``en`` first, ``""`` (untagged) last."""
    found = {
        term.language or "" if isinstance(term, Literal) else ""
        for term in terms
        if term is not None
    }
    first = [lang for lang in ("zh", "en") if lang in found]
    rest = sorted(found - {"zh", "en", ""})
    return first + rest + ([""] if "" in found else [])


def _located(exc: Exception, text: str) -> Exception:
    """rdflib's parse error for ``text`` when it locates a syntax error better than ``exc``.

    Oxigraph reports where its parser gave up, often the end of the query; rdflib's
    parser points at the offending token. Only called once a query has failed.
    """
    if getattr(exc, "lineno", None) is not None or not isinstance(exc, SyntaxError):
        return exc
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseException as parse_error:
        return parse_error
    except Exception:
        return exc
    return exc


def _query_error(exc: Exception) -> QueryError:
    """A `QueryError` naming the line and column, from rdflib's or Oxigraph's error."""
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "col", None) or getattr(exc, "column", None)
    message = str(getattr(exc, "msg", None) or str(exc) or type(exc).__name__)
    # Oxigraph: "error at 3:18: expected one of …"
    located = re.match(r"error at (\d+):(\d+):\s*(.*)", message, re.DOTALL)
    if line is None and located:
        line, column, message = int(located[1]), int(located[2]), located[3]
    message = " ".join(message.split())
    if "Prefix not found" in message:
        message = "a prefix is not declared (add a PREFIX line for it)"
    if len(message) > 300:
        message = message[:300] + " …"
    where = f" at line {line}, column {column}" if line is not None else ""
    error = QueryError(f"SPARQL error{where}: {message}")
    error.line, error.column = line, column  # type: ignore[attr-defined]
    return error


def _new_graph(store: str) -> Graph:
    """An empty graph on ``store`` (an on-disk Oxigraph store opens as it is)."""
    return load_graph(store, [])


def _parse_into(graph: Graph, path: Path, store: str) -> None:
    """Parse one more file into a graph made by `_new_graph` (Oxigraph: its own parser)."""
    if parse_store(store)[0] == "oxigraph":
        bulk_load(graph, path)
    else:
        parse_into_memory(graph, path)


def load(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
    *,
    store: str = DEFAULT_STORE,
    ontology: bool = True,
    progress: bool | None = None,
) -> KnowledgeGraph:
    """Load a knowledge graph: the bundled Zhejiang graph, or your own RDF files.

    Parameters
    ----------
    paths : path or list of paths, optional
        Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML files (format from the
        suffix; the quads of TriG and N-Quads are merged). Default: the bundled graph.
    store : {"oxigraph", "memory", "oxigraph:PATH"}
        ``"oxigraph"`` (default): an Oxigraph store in memory, filled by Oxigraph's own
        parsers; tens of times faster than rdflib to query, and the only choice for
        10^6 triples and more. ``"memory"``: rdflib's pure-Python store (every rdflib
        feature, slow beyond 10^4 triples). ``"oxigraph:PATH"``: an Oxigraph store on
        disk at PATH: the first load parses the files, a later load of the same files
        (same paths, sizes and times) reopens the store in well under a second, and
        changed files are loaded again. On Oxigraph, SPARQL ``FROM`` is ignored, queries
        have no timeout, and typed literals come back in canonical form (``"1.00"``
        as ``"1"``, same value).
    ontology : bool
        Load the policygraph ontology alongside the data (default ``True``).
    progress : bool, optional
        Show a progress bar on stderr; default: for large files when stderr is a terminal.

    Raises
    ------
    InputError
        An unknown store, a missing or malformed file (naming the file and line), or
        an on-disk store that cannot be opened or holds data policygraph did not load.

    Examples
    --------
    >>> import policygraph as pg
    >>> kg = pg.load()
    >>> len(kg) > 5000
    True
    >>> len(pg.load(store="oxigraph")) == len(kg)
    True
    """
    files: list[str | os.PathLike[str]]
    if paths is None:
        files = [_paths.release_file("nt")]
    elif isinstance(paths, str | os.PathLike):
        files = [paths]
    else:
        files = list(paths)
    if ontology:
        files.insert(0, _paths.ontology_file())
    graph = load_graph(store, [Path(path) for path in files], progress=progress)
    return KnowledgeGraph(graph, store=store)

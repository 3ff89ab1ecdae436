"""The `KnowledgeGraph`: an RDF graph with a researcher's API around it."""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.query import Result

from ._namespaces import PG, PGID, prefixed_name
from ._sparql import bind_values, frame, query_error, read_query, result_rows, typed_frame
from ._stores import (
    DEFAULT_STORE,
    is_oxigraph,
    load_files,
    load_graph,
    select_table,
    store_generation,
)
from ._text import normal_form, sound
from .errors import NotFoundError, QueryError
from .queries import NamedQuery, get_query

if TYPE_CHECKING:
    import pandas as pd

    from .entity import Entity
    from .resolve import Resolver
    from .stats import GraphStats

__all__ = ["KnowledgeGraph", "load"]

Rows = tuple[list[str], list[list[object]]]


class KnowledgeGraph:
    """A policy knowledge graph: the ontology plus instance data, queryable with SPARQL.

    Create one with `policygraph.load`.

    Examples
    --------
    >>> import policygraph as pg
    >>> kg = pg.load()
    >>> obs = kg.observations()
    >>> row = obs[obs.observation.str.endswith("/digital-economy-total-2018")].iloc[0]
    >>> (float(row.value), row.unit, float(row.value_base))
    (2.33, '万亿元', 2330000000000.0)
    """

    def __init__(self, graph: Graph, *, store: str | None = None) -> None:
        self.graph = graph
        self.store = store or ("oxigraph" if is_oxigraph(graph) else "memory")
        self._dropped = 0

    def __repr__(self) -> str:
        return f"<KnowledgeGraph store={self.store!r} triples={len(self.graph)}>"

    def __len__(self) -> int:
        return len(self.graph)

    @property
    def generation(self) -> int:
        """A number that changes whenever the graph does (a triple added or removed,
        a SPARQL update) or `invalidate` is called: the key of every cache over the graph.

        Examples
        --------
        >>> import policygraph as pg
        >>> kg = pg.load()
        >>> before = kg.generation
        >>> kg.invalidate()
        >>> kg.generation != before
        True
        """
        return store_generation(self.graph) + self._dropped

    def invalidate(self) -> None:
        """Drop what is cached about the graph (after changing it behind rdflib's back)."""
        self._dropped += 1

    # -- SPARQL ----------------------------------------------------------------------

    def execute(self, sparql: str, **bindings: object) -> Result:
        """Run SPARQL and return rdflib's raw `Result` (terms, not Python values)."""
        text = bind_values(sparql, bindings)
        try:
            return self.graph.query(text)
        except Exception as exc:
            raise query_error(exc, text) from exc

    def rows(self, query: str | os.PathLike[str] | NamedQuery, **params: object) -> Rows:
        """Column names and rows of plain Python values of a SELECT, without pandas.

        The one path from the store to Python values: `query`, `run`, the analytics
        and the views all read results through it. Cells hold int, float, str,
        `datetime.date` or None; IRIs become str.

        Parameters
        ----------
        query : str, path or NamedQuery
            A query name (see `policygraph.queries.list_queries`), an ``.rq`` file, a
            `NamedQuery`, or SPARQL text.
        **params
            Parameters of a named query (as in `run`), or values bound into SPARQL
            text with ``VALUES`` (as in `query`).

        Examples
        --------
        >>> import policygraph as pg
        >>> columns, rows = pg.load().rows("figures-for-year", year=2022)
        >>> columns[:3], sorted({row[columns.index("role")] for row in rows})
        (['observation', 'indicator', 'indicator_label'], ['actual', 'growth', 'share', 'target'])
        """
        named = _as_named(query)
        if named is None:
            return self._rows(str(query), params)
        return self._named_rows(named, params, "rows")

    def _named_rows(self, named: NamedQuery, params: dict[str, object], caller: str) -> Rows:
        bindings = named.bindings(params, resolve=self.resolve)
        try:
            return self._rows(named.text, bindings, caller)
        except QueryError as exc:
            raise QueryError(f"{named.path}: {exc}") from exc

    def _rows(self, sparql: str, bindings: dict[str, object], caller: str = "rows") -> Rows:
        text = bind_values(sparql, bindings)
        fast = select_table(self.graph, text)  # Oxigraph: no rdflib terms on the way
        if fast is not None:
            return fast
        result = self.execute(sparql, **bindings)
        if result.type != "SELECT":
            raise QueryError(f"{caller}() expects SELECT, got {result.type}; use execute()")
        return result_rows(result)

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
        if split_languages:
            return self._split(sparql, bindings)
        columns, rows = self._rows(sparql, bindings, "query")
        return typed_frame(rows, columns)

    def _split(self, sparql: str, bindings: dict[str, object]) -> pd.DataFrame:
        result = self.execute(sparql, **bindings)
        if result.type != "SELECT":
            raise QueryError(f"query() expects SELECT, got {result.type}; use execute()")
        return frame(result, split_languages=True)

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
        >>> figures = kg.run("figures-for-year", year=2010)
        >>> figures[["indicator_label", "value", "unit", "role"]].values.tolist()[0]
        ['信息产业全行业销售收入', 8000.0, '亿元', 'target']
        >>> kg.run("figures-for-year", year="last year")
        Traceback (most recent call last):
        ...
        policygraph.errors.QueryError: parameter 'year' expects int, got 'last year': ...
        """
        named = name if isinstance(name, NamedQuery) else get_query(name)
        if split_languages:
            bindings = named.bindings(params, resolve=self.resolve)
            try:
                return self._split(named.text, bindings)
            except QueryError as exc:
                raise QueryError(f"{named.path}: {exc}") from exc
        columns, rows = self._named_rows(named, params, "run")
        return typed_frame(rows, columns)

    def _named(self, name: str, **bindings: object) -> pd.DataFrame:
        columns, rows = self._rows(read_query(name), bindings)
        return typed_frame(rows, columns)

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
        qualifier, first evidence quote with offsets, and the reason it is suspect (or empty).

        Examples
        --------
        >>> import policygraph as pg
        >>> obs = pg.load().observations()
        >>> obs.loc[obs.suspect != "", "unit"].tolist().count("亿元") >= 1
        True
        """
        frame = self._named("api/observations")
        frame["suspect"] = frame["suspect"].fillna("")
        frame["year"] = frame["year"].astype("Int64")
        frame["start"] = frame["start"].astype("Int64")
        frame["end"] = frame["end"].astype("Int64")
        # one row per figure: a figure printed twice keeps its first quote
        frame = frame.sort_values(["start", "observation"]).drop_duplicates("observation")
        return frame.reset_index(drop=True)

    def documents(self) -> pd.DataFrame:
        """One row per source document: identifier, title, issuer, publisher, document
        number, date, type, script, address, retrieval date, whether the stored text is
        an excerpt, and the quotes, entities, statements and figures drawn from it.

        Examples
        --------
        >>> import policygraph as pg
        >>> docs = pg.load().documents()
        >>> plan = docs.set_index("identifier").loc["digital-economy-doubling-plan-2018"]
        >>> plan.title, plan.date, int(plan.figures) >= 45
        ('浙江省数字经济五年倍增计划', '2018-09-29', True)
        """
        frame = self._named("api/documents")
        for column in ("quotes", "entities", "statements", "figures", "characters"):
            frame[column] = frame[column].astype("Int64")
        for column in ("date", "retrieved", "adopted", "in_force"):
            present = frame[column].notna()
            frame[column] = frame[column].astype(str).astype(object).where(present, None)
        return frame.reset_index(drop=True)

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
        """The name index of the entities (kept until the graph changes)."""
        from .resolve import Resolver

        return Resolver.from_graph(self)

    def _suggestions(self, text: str, limit: int = 5) -> list[str]:
        near = self._resolver().suggest(text, limit=limit)
        found = [f"{n.label_zh or n.label_en} ({n.iri.removeprefix(str(PGID))})" for n in near]
        hits = self.search(text, limit=limit).to_dict("records")
        found += [f"{_cell(h['label_zh']) or _cell(h['label_en'])} ({h['slug']})" for h in hits]
        return list(dict.fromkeys(found))[:limit]

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
                    relation=prefixed_name(row["property"], bare="pg"),
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
        sound the same (杭洲 finds 杭州), then names that contain it, then similar names.
        Case, spaces, quote marks, full-width forms and traditional characters are ignored.

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
        >>> pg.load().search("杭洲").label_zh.iloc[0]
        '杭州市'
        """
        import pandas as pd

        wanted, heard = normal_form(text), sound(text)
        best: dict[str, tuple[float, str, str, object]] = {}
        for name in self._resolver().names:
            if kind is not None and kind not in name.kinds:
                continue
            score = _match_score(wanted, normal_form(name.name))
            if score < _SOUND_SCORE and heard and heard == sound(name.name):
                score = _SOUND_SCORE  # a typo that sounds the same: 杭洲 for 杭州
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
_SOUND_SCORE = 0.68


def _as_named(query: str | os.PathLike[str] | NamedQuery) -> NamedQuery | None:
    """The named query ``query`` refers to; None for SPARQL text."""
    if isinstance(query, NamedQuery):
        return query
    text = os.fspath(query)
    if not isinstance(query, str) or (text.endswith(".rq") and "\n" not in text):
        return get_query(text)
    if any(char.isspace() or char == "{" for char in text.strip()):
        return None
    return get_query(text)


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


def _cell(value: object) -> str:
    """A DataFrame cell as text; missing values (None, NaN, NA) become ``""``."""
    missing = value is None or value != value  # NaN and NaT differ from themselves
    if not missing and type(value).__name__ == "NAType":  # pandas.NA
        missing = True
    return "" if missing else str(value)


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
    graph = load_graph(store, load_files(paths, ontology=ontology), progress=progress)
    return KnowledgeGraph(graph, store=store)

"""Storage backends behind `policygraph.load`: rdflib's memory store and Oxigraph.

``"memory"`` is rdflib's pure-Python store. ``"oxigraph"`` is an in-memory Oxigraph
store seen through oxrdflib, filled by Oxigraph's own (Rust) parsers with its bulk
loader. ``"oxigraph:PATH"`` keeps the Oxigraph store on disk at ``PATH``: the first
`load` parses the files, later loads of the same files (same paths, sizes and
modification times) only reopen the store. With no files
(``pg.load([], store="oxigraph:PATH", ontology=False)``) a store is opened as it
is and never changed. A load writes a "loading" mark before the data and the
manifest after it, so a load killed in between is found and done again (with a
`RuntimeWarning`), never mistaken for a complete or a foreign store.

Both Oxigraph variants hold the data in the store's default graph. Limits worth
knowing: SPARQL ``FROM`` clauses do not select graphs (queries always read the
default graph), and Oxigraph has no query timeout.
"""

from __future__ import annotations

import functools
import gc
import io
import json
import os
import re
import shutil
import sys
import traceback
import warnings
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .errors import InputError
from .loading import check_rdf_file, guess_format, parse_file

if TYPE_CHECKING:  # rdflib loads with the first Graph: `select_files` never needs it
    import pyoxigraph as ox
    from rdflib import Graph

__all__ = [
    "DEFAULT_STORE",
    "PROGRESS_BYTES",
    "STORE_KINDS",
    "is_oxigraph",
    "load_files",
    "load_graph",
    "parse_store",
    "paused_collection",
    "select_files",
    "select_table",
    "store_generation",
]

STORE_KINDS = ("memory", "oxigraph")
DEFAULT_STORE = "oxigraph"
PROGRESS_BYTES = 32 * 2**20
"""Files larger than this in total get a progress bar (when stderr is a terminal)."""

_MANIFEST_GRAPH = "urn:policygraph:store"
_MANIFEST_PREDICATE = "urn:policygraph:loaded"
_LOADING_PREDICATE = "urn:policygraph:loading"
_on_stage: Callable[[str], None] | None = None
"""Test hook, called at "marked" (loading mark written, old data still there) and
"loaded" (after the bulk load, before the manifest)."""
_MANIFEST_VERSION = 1
_LINE = re.compile(r"line (\d+)|:(\d+):")
_QUADS = {"trig", "nquads"}
_XSD_STRING: list[Any] = []  # pyoxigraph's xsd:string, made on first use
_OPEN: weakref.WeakValueDictionary[str, Any] = weakref.WeakValueDictionary()
"""On-disk stores open in this process, by resolved path (RocksDB locks them)."""


def parse_store(store: str) -> tuple[str, Path | None]:
    """The backend kind and the on-disk location named by a ``store=`` value.

    Examples
    --------
    >>> parse_store("memory")
    ('memory', None)
    >>> parse_store("oxigraph:/tmp/corpus.db")
    ('oxigraph', PosixPath('/tmp/corpus.db'))
    >>> parse_store("sqlite")
    Traceback (most recent call last):
    ...
    policygraph.errors.InputError: unknown store 'sqlite'; choose memory, oxigraph or oxigraph:PATH
    """
    if store in STORE_KINDS:
        return store, None
    kind, colon, location = store.partition(":")
    if kind == "oxigraph" and colon and location:
        return kind, Path(location).expanduser()
    raise InputError(f"unknown store {store!r}; choose memory, oxigraph or oxigraph:PATH")


def load_graph(store: str, files: Sequence[Path], *, progress: bool | None = None) -> Graph:
    """A new rdflib `Graph` on ``store`` holding the triples of ``files``.

    Quads (TriG, N-Quads) are merged into the one graph.

    Parameters
    ----------
    store : str
        ``"memory"``, ``"oxigraph"`` or ``"oxigraph:PATH"`` (see `parse_store`).
    files : sequence of Path
        RDF files; the format comes from the suffix.
    progress : bool, optional
        Show a progress bar on stderr. Default: when stderr is a terminal and the
        files hold more than `PROGRESS_BYTES`.

    Raises
    ------
    InputError
        Unknown store, a missing or malformed file (naming file and line), or an
        on-disk store that cannot be opened or holds data policygraph did not load.
    """
    kind, location = parse_store(store)
    for path in files:
        check_rdf_file(path)
        guess_format(path)
    if location is not None:
        return _persistent(location, files, progress)
    from rdflib import Graph

    from ._namespaces import bind_prefixes

    if kind == "memory":
        graph = Graph(store=_counting_memory()())
    else:
        graph = _graph_on(_store_class()(store=_new_store()))
    bind_prefixes(graph.namespace_manager)
    with _progress_bar(files, progress) as advance:
        for path in files:
            if kind == "memory":
                _parse_memory(graph, path, advance)
            else:
                _bulk_load(_inner(graph), path, advance)
    return graph


def is_oxigraph(graph: Graph) -> bool:
    """Whether ``graph`` lives on an Oxigraph store made by `load_graph`."""
    return "oxrdflib" in sys.modules and isinstance(graph.store, _store_class())


def _parse_memory(graph: Graph, path: Path, advance: Callable[[int], None] | None) -> None:
    fmt = guess_format(path)
    try:
        if fmt in _QUADS:
            from rdflib import Dataset

            dataset = Dataset()
            parse_file(path, graph=dataset, format=fmt)
            quads = dataset.quads((None, None, None, None))
            graph.addN((s, p, o, graph) for s, p, o, _ in quads)
            if advance is not None:
                advance(path.stat().st_size)
        elif advance is None:
            parse_file(path, graph=graph, format=fmt)
        else:
            with _counting(path, advance) as stream:
                graph.parse(source=stream, format=fmt, publicID=path.resolve().as_uri())
    except InputError as exc:
        raise _located(exc, path, fmt) from exc
    except Exception as exc:
        raise _located(_input_error(exc, path, fmt), path, fmt) from exc


def _located(error: InputError, path: Path, fmt: str) -> InputError:
    """``error`` with the line Oxigraph's parser finds, where rdflib gives none or a wrong one.

    rdflib's N-Triples parser reports no line, and its Turtle parser counts lines
    after the error; Oxigraph's parsers accept the same grammar and know the line.
    """
    import pyoxigraph as ox

    if error.path != str(path) or fmt == "json-ld":
        return error
    try:
        for _ in ox.parse(path=path, format=_rdf_format(fmt)):
            pass
    except SyntaxError as exc:
        if exc.lineno and exc.lineno != error.line:
            return InputError(error.reason, path=path, line=exc.lineno)
    except (OSError, ValueError):
        pass
    return error


# -- change tracking -----------------------------------------------------------------------


class _Counting:
    """Mixin for a store: ``generation`` goes up with every change (add, remove, update),
    so caches keyed by it go stale on a remove plus an add that keep the size."""

    generation = 0

    def add(self, *args: Any, **kwargs: Any) -> Any:
        self.generation += 1
        return super().add(*args, **kwargs)  # type: ignore[misc]

    def addN(self, *args: Any, **kwargs: Any) -> Any:
        self.generation += 1
        return super().addN(*args, **kwargs)  # type: ignore[misc]

    def remove(self, *args: Any, **kwargs: Any) -> Any:
        self.generation += 1
        return super().remove(*args, **kwargs)  # type: ignore[misc]

    def update(self, *args: Any, **kwargs: Any) -> Any:
        self.generation += 1
        return super().update(*args, **kwargs)  # type: ignore[misc]


@functools.cache
def _counting_memory() -> type:
    from rdflib.plugins.stores.memory import Memory

    class _CountingMemory(_Counting, Memory):  # type: ignore[misc]
        pass

    return _CountingMemory


def store_generation(graph: Graph) -> int:
    """A number that changes whenever triples are added to or removed from ``graph``.

    Stores made by `load_graph` count their changes; rdflib's plain memory store is
    switched to its counting subclass on first use. Other stores (a remote endpoint)
    report 0: caches over them last until dropped explicitly.

    Examples
    --------
    >>> from rdflib import Graph, URIRef
    >>> graph = Graph()
    >>> before = store_generation(graph)
    >>> _ = graph.add((URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")))
    >>> store_generation(graph) > before
    True
    """
    from rdflib.plugins.stores.memory import Memory

    store = graph.store
    if type(store) is Memory:
        store.__class__ = _counting_memory()
    return int(getattr(store, "generation", 0))


# -- Oxigraph ------------------------------------------------------------------------------


@functools.cache  # one class, so that isinstance works
def _store_class() -> type:
    import pyoxigraph as ox
    from oxrdflib.store import OxigraphStore

    if not _XSD_STRING:
        _XSD_STRING.append(ox.NamedNode("http://www.w3.org/2001/XMLSchema#string"))

    class _OxigraphStore(_Counting, OxigraphStore):  # type: ignore[misc]
        """oxrdflib's store, counting the default graph without a SPARQL DISTINCT."""

        def __len__(self, context: Any = None) -> int:
            from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

            if context is None or getattr(context, "identifier", None) != DATASET_DEFAULT_GRAPH_ID:
                return int(super().__len__(context))
            inner: ox.Store = self._inner
            named = sum(
                1
                for graph in inner.named_graphs()
                for _ in inner.quads_for_pattern(None, None, None, graph)
            )
            return len(inner) - named

        def query(
            self,
            query: Any,
            initNs: Mapping[str, Any],
            initBindings: Mapping[str, Any],
            queryGraph: Any,
            **kwargs: object,
        ) -> Any:
            import pyoxigraph as ox
            from oxrdflib._converter import to_ox
            from rdflib import Graph
            from rdflib.query import Result
            from rdflib.term import Node, Variable

            if not isinstance(query, str) or kwargs:
                return super().query(query, initNs, initBindings, queryGraph, **kwargs)
            convert: Callable[[Any], Any] = to_ox  # oxrdflib's converter is loosely typed
            found = self._inner.query(
                query,
                use_default_graph_as_union=queryGraph == "__UNION__",
                default_graph=convert(queryGraph) if isinstance(queryGraph, Node) else None,
                prefixes=dict(self._namespace_for_prefix, **initNs),
                substitutions={ox.Variable(k): convert(v) for k, v in initBindings.items()},
            )
            if isinstance(found, ox.QueryBoolean):
                result = Result("ASK")
                result.askAnswer = bool(found)
            elif isinstance(found, ox.QuerySolutions):
                result = _select_result(found, [Variable(v.value) for v in found.variables])
            else:
                result = Result("CONSTRUCT")
                result.graph = Graph()
                result.graph += (_from_ox(triple) for triple in found)
            return result

        def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[Any]:
            from oxrdflib._converter import from_ox_graph_name, to_ox_quad_pattern

            try:
                pattern = to_ox_quad_pattern(triple_pattern, context)
            except (TypeError, ValueError):
                return iter(())
            return (
                (
                    (_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)),
                    iter((from_ox_graph_name(q.graph_name, self),)),
                )
                for q in self._inner.quads_for_pattern(*pattern)
            )

    return _OxigraphStore


def _from_ox(term: Any) -> Any:
    """An rdflib term for an Oxigraph term; plain literals stay plain, as rdflib parses them.

    (oxrdflib gives ``"x"^^xsd:string``, which rdflib does not consider equal to ``"x"``.)
    """
    import pyoxigraph as ox
    from oxrdflib._converter import from_ox
    from rdflib import Literal

    if type(term) is ox.Literal and not term.language and term.datatype == _XSD_STRING[0]:
        return Literal(term.value)
    return from_ox(term)


def _select_result(solutions: Iterable[Sequence[Any]], variables: list[Any]) -> Any:
    """An rdflib SELECT `Result` that converts each distinct Oxigraph term once.

    oxrdflib makes a new rdflib term for every cell (an rdflib Literal costs about
    ten microseconds) and rdflib a new `ResultRow` with its own label map for every
    row; results repeat labels, classes and years a lot, and all rows share labels.
    The rows are read at once: pyoxigraph's iterators must stay in their thread.
    """
    from rdflib.query import Result, ResultRow

    labels = {str(variable): index for index, variable in enumerate(variables)}
    cache: dict[Any, Any] = {}
    rows = []
    for solution in solutions:
        converted = []
        for value in solution:
            term = None if value is None else cache.get(value)
            if term is None and value is not None:
                term = cache[value] = _from_ox(value)
            converted.append(term)
        values = tuple(converted)
        if values.count(None) == len(values):
            continue  # as rdflib: no row for an empty solution
        row = tuple.__new__(ResultRow, values)
        row.labels = labels
        rows.append(row)

    class _SelectResult(Result):
        def __init__(self) -> None:
            super().__init__("SELECT")
            self.vars = variables

        @property  # type: ignore[misc]
        def bindings(self) -> list[dict[Any, Any]]:  # type: ignore[override]
            return [
                {v: value for v, value in zip(variables, row, strict=True) if value is not None}
                for row in rows
            ]

        def __iter__(self) -> Iterator[Any]:
            return iter(rows)

        def __len__(self) -> int:
            return len(rows)

    return _SelectResult()


def select_table(graph: Graph, sparql: str) -> tuple[list[str], list[list[object]]] | None:
    """Column names and rows of Python values of a SELECT, straight from Oxigraph.

    The values are those `policygraph._sparql.python_value` gives for the rdflib terms
    (IRIs as str, numbers as int or float …), without making rdflib terms at all:
    about three times faster on large results. Returns None when ``graph`` is not on
    an Oxigraph store or the query is not a SELECT, and leaves errors to rdflib's
    path (which reports them with line and column).
    """
    if not is_oxigraph(graph):
        return None
    prefixes = {prefix: str(namespace) for prefix, namespace in graph.namespaces()}
    return _select_rows(_inner(graph), sparql, prefixes)


def select_files(files: Sequence[Path], sparql: str) -> tuple[list[str], list[list[object]]] | None:
    """What ``select_table`` gives on a default ``load(files)``, without rdflib at all.

    The files go into a new in-memory Oxigraph store as `load_graph` puts them there;
    the query sees the project's prefixes. A one-shot command (``policygraph query``)
    starts in a fraction of the time: rdflib and its SPARQL parser are never imported.
    Returns None where `select_table` does (not a SELECT, a SPARQL error): the caller
    takes the full path, which reports errors with line and column.

    Raises
    ------
    InputError
        A missing or malformed file, as `load_graph`.

    Examples
    --------
    >>> files = load_files(None, ontology=True)
    >>> select_files(files, "SELECT (COUNT(*) AS ?n) WHERE { ?s a pg:PrefectureCity }")[0]
    ['n']
    """
    from ._prefixes import PREFIX_IRIS

    for path in files:
        check_rdf_file(path)
        guess_format(path)
    inner = _new_store()
    for path in files:
        _bulk_load(inner, path, None)
    return _select_rows(inner, sparql, PREFIX_IRIS)


def load_files(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None, *, ontology: bool
) -> list[Path]:
    """The files `policygraph.load` reads: ``paths`` (default: the bundled release),
    with the ontology first if ``ontology``.

    Examples
    --------
    >>> [path.name for path in load_files(None, ontology=True)]
    ['policygraph.ttl', 'policygraph.nt']
    """
    from . import _paths

    files: list[str | os.PathLike[str]]
    if paths is None:
        files = [_paths.release_file("nt")]
    elif isinstance(paths, str | os.PathLike):
        files = [paths]
    else:
        files = list(paths)
    if ontology:
        files.insert(0, _paths.ontology_file())
    return [Path(path) for path in files]


@contextmanager
def paused_collection() -> Iterator[None]:
    """No cyclic garbage collection inside.

    Building many small rows, records and dicts that hold no cycles, the collector would
    only walk the growing heap again and again.

    Examples
    --------
    >>> import gc
    >>> with paused_collection():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _select_rows(
    inner: ox.Store, sparql: str, prefixes: Mapping[str, str]
) -> tuple[list[str], list[list[object]]] | None:
    import pyoxigraph as ox

    try:
        found = inner.query(sparql, default_graph=ox.DefaultGraph(), prefixes=dict(prefixes))
    except (SyntaxError, ValueError, OSError):
        return None
    if not isinstance(found, ox.QuerySolutions):
        return None
    columns = [variable.value for variable in found.variables]
    convert = _python_converter()
    iri = ox.NamedNode
    cache: dict[Any, object] = {}  # literals repeat (labels, years); IRIs are cheap to read
    get = cache.get
    table = []
    # a third of the time on 300,000 rows went to the collector walking the growing table
    with paused_collection():
        for solution in found:
            row: list[object] = []
            add = row.append
            empty = True
            for term in solution:
                if type(term) is iri:
                    add(term.value)
                    empty = False
                elif term is None:
                    add(None)
                else:
                    value = get(term, cache)
                    if value is cache:  # the cache itself marks a miss
                        value = cache[term] = convert(term)
                    add(value)
                    empty = False
            if not empty:  # as rdflib: no row for an empty solution
                table.append(row)
    return columns, table


def _python_converter() -> Callable[[Any], object]:
    import pyoxigraph as ox

    xsd = "http://www.w3.org/2001/XMLSchema#"
    string, integer, decimal = (
        ox.NamedNode(xsd + name) for name in ("string", "integer", "decimal")
    )

    def convert(term: Any) -> object:
        kind = type(term)
        if kind is ox.NamedNode:
            return term.value
        if kind is ox.Literal:
            if term.language:
                return term.value
            datatype = term.datatype
            try:
                if datatype == string:
                    return term.value
                if datatype == integer:
                    return int(term.value)
                if datatype == decimal:
                    return float(term.value)
            except ValueError:
                pass  # ill-formed: as rdflib gives it
        from ._sparql import python_value

        return python_value(_from_ox(term))

    return convert


def _graph_on(store: Any) -> Graph:
    """An rdflib Graph on the default graph of an (oxrdflib) Oxigraph store."""
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from ._namespaces import bind_prefixes

    graph = Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID)
    bind_prefixes(graph.namespace_manager)
    return graph


def _inner(graph: Graph) -> ox.Store:
    inner: ox.Store = graph.store._inner  # type: ignore[attr-defined]
    return inner


def _new_store() -> ox.Store:
    import pyoxigraph as ox

    return ox.Store()


def _rdf_format(fmt: str) -> ox.RdfFormat:
    import pyoxigraph as ox

    return {
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS,
        "json-ld": ox.RdfFormat.JSON_LD,
        "xml": ox.RdfFormat.RDF_XML,
    }[fmt]


def _bulk_load(inner: ox.Store, path: Path, advance: Callable[[int], None] | None) -> None:
    """Parse one file with Oxigraph's parser straight into the default graph."""
    import pyoxigraph as ox

    fmt = guess_format(path)
    base = path.resolve().as_uri()
    try:
        with _counting(path, advance) as stream:
            if fmt in _QUADS:
                default = ox.DefaultGraph()
                quads = ox.parse(stream, _rdf_format(fmt), base_iri=base)
                inner.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in quads)
            else:
                inner.bulk_load(stream, _rdf_format(fmt), base_iri=base)
    except (SyntaxError, ValueError) as exc:
        raise _input_error(exc, path, fmt) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from exc


def _manifest(files: Sequence[Path]) -> str:
    """What a persistent store was filled from: each file's path, size and mtime."""
    entries = []
    for path in files:
        status = path.stat()
        entries.append([str(path.resolve()), status.st_size, status.st_mtime_ns])
    return json.dumps({"version": _MANIFEST_VERSION, "files": entries})


def _read_manifest(inner: ox.Store, predicate: str = _MANIFEST_PREDICATE) -> str | None:
    import pyoxigraph as ox

    graph = ox.NamedNode(_MANIFEST_GRAPH)
    for quad in inner.quads_for_pattern(None, ox.NamedNode(predicate), None, graph):
        if isinstance(quad.object, ox.Literal):
            return quad.object.value
    return None


def _write_manifest(inner: ox.Store, manifest: str, predicate: str = _MANIFEST_PREDICATE) -> None:
    """Replace the bookkeeping graph by one statement (the manifest, or the loading mark).

    The new statement is added before the old ones go, so that a kill in between
    leaves the loading mark (and a reload), never a store without either.
    """
    import pyoxigraph as ox

    graph = ox.NamedNode(_MANIFEST_GRAPH)
    new = ox.Quad(graph, ox.NamedNode(predicate), ox.Literal(manifest), graph)
    inner.add(new)
    for quad in list(inner.quads_for_pattern(None, None, None, graph)):
        if quad != new:
            inner.remove(quad)


def _interrupted(inner: ox.Store) -> bool:
    """Whether a load into this store began and never wrote its manifest."""
    return _read_manifest(inner, _LOADING_PREDICATE) is not None


def _check_location(location: Path) -> None:
    """Refuse a path that is a file, or a folder of other things, before Oxigraph writes to it."""
    if location.is_dir():
        names = {path.name for path in location.iterdir()}
        if names and not {"CURRENT", "IDENTITY"} <= names:
            raise InputError(
                "is a folder that is not an Oxigraph store; give a new or empty folder "
                "for the store",
                path=location,
            )
    elif location.exists() or location.is_symlink():
        raise InputError(
            "is a file, not an Oxigraph store folder; give a new or empty folder for the store",
            path=location,
        )


def _persistent(location: Path, files: Sequence[Path], progress: bool | None) -> Graph:
    """Reopen the store at ``location`` if it holds ``files``; otherwise (re)fill it.

    With no files the store is opened as it is and never changed. One process
    opens each location once: later loads share that store (and a load of other
    files replaces its content for every graph on it). A store locked by another
    process is opened read-only when it already holds ``files``. A load that was
    interrupted (a loading mark without a manifest) is loaded again.
    """
    manifest = _manifest(files)
    key = str(location.resolve())
    shared = _OPEN.get(key)
    if shared is not None:
        inner = shared._inner
    else:
        _check_location(location)
        created = not location.exists()
        try:
            inner = _open_store(location)
        except OSError as exc:
            if created:
                raise InputError(
                    f"cannot create an Oxigraph store here ({exc}); check that the folder "
                    "above it is writable, or choose another path",
                    path=location,
                ) from exc
            return _read_only(location, manifest, as_is=not files)
    try:
        if not files:
            if _interrupted(inner):
                raise InputError(
                    "a load into this Oxigraph store was interrupted, so it holds part of its "
                    "files; load them again to rebuild it (or delete the folder)",
                    path=location,
                )
        elif _interrupted(inner) or _read_manifest(inner) != manifest:
            if _interrupted(inner):
                warnings.warn(
                    f"{location}: the last load into this Oxigraph store was interrupted; "
                    "loading its files again",
                    RuntimeWarning,
                    stacklevel=4,
                )
            elif _read_manifest(inner) is None and _has_data(inner):
                raise InputError(
                    "the Oxigraph store holds data that policygraph did not load; refusing to "
                    "replace it (open it as it is with paths=[] and ontology=False, or choose "
                    "another path)",
                    path=location,
                )
            _fill(inner, files, manifest, progress)
    except BaseException as exc:
        if shared is None:  # close the store: the traceback's frames would keep it open
            traceback.clear_frames(exc.__traceback__)
            del inner
            if created:
                shutil.rmtree(location, ignore_errors=True)
        raise
    if shared is None:
        shared = _store_class()(store=inner)
        _OPEN[key] = shared
    return _graph_on(shared)


def _has_data(inner: ox.Store) -> bool:
    return next(inner.quads_for_pattern(None, None, None, None), None) is not None


def _open_store(location: Path) -> ox.Store:
    import pyoxigraph as ox

    try:
        return ox.Store(str(location))
    except OSError:
        gc.collect()  # a dropped KnowledgeGraph may still hold the lock until collected
        return ox.Store(str(location))


def _read_only(location: Path, manifest: str, *, as_is: bool) -> Graph:
    """The store at ``location``, locked by another process, if it holds these files."""
    import pyoxigraph as ox

    try:
        inner = ox.Store.read_only(str(location))
        found = _read_manifest(inner)
        interrupted = _interrupted(inner)
    except (OSError, RuntimeError) as exc:
        raise InputError(
            f"cannot open the Oxigraph store, not even read-only ({exc}); if another process "
            "is using it, close it there; if it is damaged, delete the folder and load the "
            "files again",
            path=location,
        ) from None
    if interrupted:
        raise InputError(
            "another process is using this Oxigraph store and a load into it is unfinished "
            "or was interrupted; wait for it, or close it there and load the files again",
            path=location,
        )
    if found != manifest and not as_is:
        raise InputError(
            "the Oxigraph store is in use by another process and holds other files; "
            "close it there or choose another path",
            path=location,
        )
    return _graph_on(_store_class()(store=inner))


def _fill(inner: ox.Store, files: Sequence[Path], manifest: str, progress: bool | None) -> None:
    """Replace the content of ``inner`` by ``files``; on failure leave it empty.

    A loading mark replaces the manifest (and is flushed) before anything else and
    is replaced by the new manifest last, so that a kill at any point in between is
    seen as an interrupted load.
    """
    import pyoxigraph as ox

    try:
        _write_manifest(inner, manifest, _LOADING_PREDICATE)
        inner.flush()  # first, so that a kill at any later point is seen
        _stage("marked")
        bookkeeping = ox.NamedNode(_MANIFEST_GRAPH)
        for graph in list(inner.named_graphs()):
            if graph != bookkeeping:
                inner.remove_graph(graph)
        inner.clear_graph(ox.DefaultGraph())
        with _progress_bar(files, progress) as advance:
            for path in files:
                _bulk_load(inner, path, advance)
        inner.optimize()  # compacts what the load left unsorted: 10^6 on disk queries 1.3x faster
        _stage("loaded")
        _write_manifest(inner, manifest)
        inner.flush()
    except BaseException:
        inner.clear()  # never leave a half-loaded store that looks complete
        raise


def _stage(name: str) -> None:
    if _on_stage is not None:
        _on_stage(name)


# -- errors and progress -----------------------------------------------------------------


def _input_error(exc: Exception, path: Path, fmt: str) -> InputError:
    lines = str(exc).strip().splitlines()
    line = getattr(exc, "lineno", None) or getattr(exc, "lines", None)
    if not isinstance(line, int):
        match = _LINE.search(str(exc))
        line = int(next(g for g in match.groups() if g)) if match else None
    reason = lines[-1] if lines else type(exc).__name__
    reason = re.sub(r"\s*\((?:[^()]*, )?line \d+\)$", "", reason)  # SyntaxError's "(file, line n)"
    return InputError(f"malformed {fmt}: {reason}", path=path, line=line)


class _CountingReader(io.RawIOBase):
    """A binary file that reports how many bytes were read."""

    def __init__(self, raw: IO[bytes], advance: Callable[[int], None]) -> None:
        self.raw = raw
        self.advance = advance

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self.raw.readinto(buffer)  # type: ignore[attr-defined]
        if count:
            self.advance(count)
        return int(count or 0)


@contextmanager
def _counting(path: Path, advance: Callable[[int], None] | None) -> Iterator[IO[bytes]]:
    with path.open("rb", buffering=0) as raw:
        if advance is None:
            with io.BufferedReader(raw, buffer_size=2**20) as stream:
                yield stream
            return
        with io.BufferedReader(_CountingReader(raw, advance), buffer_size=2**20) as stream:
            yield stream


@contextmanager
def _progress_bar(
    files: Sequence[Path], progress: bool | None
) -> Iterator[Callable[[int], None] | None]:
    total = sum(path.stat().st_size for path in files)
    if progress is None:
        progress = total > PROGRESS_BYTES and sys.stderr.isatty()
    if not progress:
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    columns = (
        TextColumn("loading"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    console = Console(stderr=True)
    with Progress(*columns, console=console, transient=console.is_terminal) as bar:
        task = bar.add_task("loading", total=total)
        yield lambda count: bar.advance(task, count)

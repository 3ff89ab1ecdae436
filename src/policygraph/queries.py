"""Named research questions: ``.rq`` files that start with a small, strict comment header.

Every file under ``queries/`` (and the checks under ``queries/qc/``) opens with a
header of ``# key: value`` lines; the header ends at the first line that is not a
comment. A line ``#`` followed by three or more spaces continues the previous value.

=========== ===== ==============================================================
key         count value
=========== ===== ==============================================================
title_zh    1     the question in Chinese
title_en    1     the question in English
description 1     what the query answers, and how to read the result
param       0..n  ``NAME TYPE [= DEFAULT] — what it means`` (see below)
columns     1     the result columns, comma-separated, in ``SELECT`` order
view        1     ``table``, ``graph``, ``timeline``, ``map``, ``line`` or ``bar``
=========== ===== ==============================================================

Parameters
    ``NAME`` is the SPARQL variable (``?NAME``) the value is bound to, with a
    ``VALUES`` block (`policygraph._sparql.bind_values`). ``TYPE`` is one of
    ``iri``, ``string``, ``int``, ``float``, ``date`` or ``bool``. Without a
    default the parameter is required; the default ``*`` leaves the variable
    unbound, so that it matches anything. IRI values are written ``pgid:slug``,
    ``pg:Class`` or ``<https://…>``; `KnowledgeGraph.run` also accepts a label,
    alias or pinyin for them.

Views
    ``graph``: every row is an edge, with the columns ``source`` and ``target``
    (node IRIs), ``source_label`` and ``target_label`` (their zh labels); optional
    ``relation`` (the edge's name), ``source_label_en``/``target_label_en`` and
    ``source_kind``/``target_kind``. ``timeline``: every row is dated by an integer
    ``year`` column and named by a ``label`` column. ``line``: a ``year`` column and a
    numeric one; ``bar``: a numeric column (bars named by the first text column).
    ``map``: a column of place IRIs (`policygraph.geometry`). ``table``: no constraint;
    ``render query`` picks a map, timeline, bar chart or graph that fits the result.

Example header::

    # title_zh: 政策的祖先与后代
    # title_en: Ancestors and descendants of a policy
    # description: Every policy the given policy descends from, and every policy
    #    that descends from it.
    # param: policy iri = pgid:number-one-project — the policy to start from
    # columns: direction, policy, policy_label, year
    # view: table
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
import re
import sys
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Literal as TypingLiteral

from . import _paths
from ._prefixes import PREFIX_IRIS
from .errors import InputError, NotFoundError, QueryError

__all__ = [
    "PARAM_TYPES",
    "VIEWS",
    "NamedQuery",
    "Param",
    "QueryHeaderWarning",
    "ad_hoc_query",
    "get_query",
    "list_queries",
    "parse_query",
]

PARAM_TYPES = ("iri", "string", "int", "float", "date", "bool")
VIEWS = ("table", "graph", "timeline", "map", "line", "bar")
GRAPH_COLUMNS = ("source", "source_label", "target", "target_label")
TIMELINE_COLUMNS = ("year", "label")
ANY = "*"
_STRICT_FOLDERS = ("", "qc")

ParamType = TypingLiteral["iri", "string", "int", "float", "date", "bool"]
if TYPE_CHECKING:  # rdflib loads only when a parameter needs a term
    from rdflib import URIRef
    from rdflib.term import Node

Resolver = Callable[[str], "URIRef"]

_SINGLE_KEYS = ("title_zh", "title_en", "description", "columns", "view")
_KEYS = (*_SINGLE_KEYS, "param")
_LINE = re.compile(r"#\s?([a-z_]+):\s*(.*)$")
_CONTINUATION = re.compile(r"#\s{3,}(\S.*)$")
_HEADER_KEY = re.compile(rf"(?i)#\s*({'|'.join(_KEYS)})\s*:")
_PARAM = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>[a-z]+)"
    r"(?:\s*=\s*(?P<default>\S+))?\s+(?:—|--)\s+(?P<description>\S.*)$"
)
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
_PREFIXED = re.compile(r"([A-Za-z][\w-]*):([\w./-]*)$")
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


@dataclass(frozen=True)
class Param:
    """One parameter of a named query.

    Examples
    --------
    >>> p = Param("year", "int", "2018", "the year of the figures")
    >>> p.required, p.convert("2017")
    (False, 2017)
    """

    name: str
    type: ParamType
    default: str | None
    description: str

    @property
    def required(self) -> bool:
        """True when the parameter has no default."""
        return self.default is None

    def convert(self, value: object, resolve: Resolver | None = None) -> object:
        """A Python value of this parameter's type (a `URIRef` for ``iri``).

        Parameters
        ----------
        value : object
            A value of the right type, or its text (as typed on the command line).
        resolve : callable, optional
            Turns a name (label, alias, pinyin) into an IRI, for ``iri`` parameters.

        Raises
        ------
        QueryError
            The value does not fit the type; the message names the parameter.
        """
        try:
            return _CONVERTERS[self.type](value, resolve)
        except (ValueError, TypeError) as exc:
            raise QueryError(
                f"parameter {self.name!r} expects {self.type}, got {value!r}: {exc}"
            ) from None

    def default_value(self) -> object:
        """The default converted to its type; `None` for ``*`` (unbound) or no default."""
        if self.default is None or self.default == ANY:
            return None
        return self.convert(self.default)

    def _check_default(self) -> None:
        """`default_value`'s errors, without making an rdflib term for an IRI default
        (reading the query headers stays free of rdflib)."""
        if self.type != "iri" or self.default is None or self.default == ANY:
            self.default_value()
        elif _iri_text(self.default) is None:
            raise QueryError(
                f"parameter {self.name!r} expects iri, got {self.default!r}: "
                "not an IRI (write pgid:slug or <https://…>)"
            )

    def describe(self) -> str:
        """``name (type, default …): description``, for help texts."""
        if self.default is None:
            default = "required"
        elif self.default == ANY:
            default = "default: any"
        else:
            default = f"default {self.default}"
        return f"{self.name} ({self.type}, {default}): {self.description}"


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query read from an ``.rq`` file, with its parsed header.

    Examples
    --------
    >>> q = get_query("policy-lineage")
    >>> q.view, q.columns[:2]
    ('graph', ('source', 'source_label'))
    """

    name: str
    path: Path
    text: str
    title_zh: str = ""
    title_en: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    columns: tuple[str, ...] = ()
    view: str = "table"
    header_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def title(self) -> str:
        """``title_en / title_zh``, or the name when the file has no header."""
        titles = [t for t in (self.title_en, self.title_zh) if t]
        return " / ".join(titles) or self.name

    def param(self, name: str) -> Param:
        """The parameter called ``name``.

        Raises
        ------
        QueryError
            No such parameter; lists the query's parameters.
        """
        for param in self.params:
            if param.name == name:
                return param
        known = [p.name for p in self.params]
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        listed = ", ".join(known) if known else "none"
        raise QueryError(
            f"query {self.name!r} has no parameter {name!r} (parameters: {listed}){hint}"
        )

    def bindings(
        self, values: Mapping[str, object], resolve: Resolver | None = None
    ) -> dict[str, object]:
        """Check ``values`` against the parameters and add the defaults.

        Parameters
        ----------
        values : mapping
            Parameter values by name, typed or as text.
        resolve : callable, optional
            Turns a name into an IRI, for ``iri`` parameters given as labels.

        Returns
        -------
        dict
            Variable name → Python value or RDF term, ready for `bind_values`.
            Parameters left at ``*`` are absent (unbound).

        Raises
        ------
        QueryError
            An unknown or missing parameter, or a value of the wrong type.

        Examples
        --------
        >>> q = get_query("figures-for-year")
        >>> q.bindings({"year": "2022"})
        {'year': 2022}
        >>> q.bindings({"yaer": 2018})
        Traceback (most recent call last):
        ...
        policygraph.errors.QueryError: query 'figures-for-year' has no parameter 'yaer' ...
        """
        for name in values:
            self.param(name)
        bound: dict[str, object] = {}
        for param in self.params:
            if param.name in values and values[param.name] is not None:
                bound[param.name] = param.convert(values[param.name], resolve)
            elif param.required:
                raise QueryError(
                    f"query {self.name!r} needs parameter {param.name!r} "
                    f"({param.type}: {param.description})"
                )
            elif param.default != ANY:
                bound[param.name] = param.convert(param.default, resolve)
        return bound


def parse_query(path: str | os.PathLike[str], *, name: str | None = None) -> NamedQuery:
    """Read an ``.rq`` file and parse its header strictly.

    Parameters
    ----------
    path : path
        The ``.rq`` file.
    name : str, optional
        The query's name (default: the file name without ``.rq``).

    Raises
    ------
    InputError
        The file cannot be read, or its header breaks the format; names the file and line.
    """
    path = Path(path)
    text = _read(path)
    fields, lines = _header(text, path)
    for key in _SINGLE_KEYS:
        if not fields[key]:
            raise InputError(f"header lacks '# {key}: …'", path=path, line=1)
    params = tuple(
        _param(raw, path, line) for raw, line in zip(fields["param"], lines["param"], strict=True)
    )
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise InputError("a parameter is declared twice", path=path, line=lines["param"][0])
    for param, line in zip(params, lines["param"], strict=True):
        if not re.search(rf"\?{param.name}\b", _body(text)):
            raise InputError(
                f"parameter {param.name!r} is not used as ?{param.name} in the query",
                path=path,
                line=line,
            )
    columns = tuple(c.strip() for c in fields["columns"][0].split(","))
    bad = [c for c in columns if not _VARIABLE.match(c)]
    if bad or not columns:
        raise InputError(f"bad column names {bad}", path=path, line=lines["columns"][0])
    view = fields["view"][0].strip()
    if view not in VIEWS:
        raise InputError(
            f"unknown view {view!r}; choose one of {', '.join(VIEWS)}",
            path=path,
            line=lines["view"][0],
        )
    needed = {"graph": GRAPH_COLUMNS, "timeline": TIMELINE_COLUMNS, "line": ("year",)}.get(view, ())
    missing = [c for c in needed if c not in columns]
    if missing:
        raise InputError(
            f"a {view} view needs the columns {', '.join(missing)}",
            path=path,
            line=lines["columns"][0],
        )
    return NamedQuery(
        name=name or path.stem,
        path=path,
        text=text,
        title_zh=fields["title_zh"][0],
        title_en=fields["title_en"][0],
        description=fields["description"][0],
        params=params,
        columns=columns,
        view=view,
        header_lines={key: value[0] for key, value in lines.items() if value},
    )


def ad_hoc_query(path: str | os.PathLike[str]) -> NamedQuery:
    """A query file of the user's: its header is used if it has one, else ignored.

    A header that is meant as one (its first line is ``# key: value``, or a leading
    comment names a header key) but breaks the format is ignored with a
    `QueryHeaderWarning` that names the file and line.

    Raises
    ------
    InputError
        The file cannot be read.

    Examples
    --------
    >>> import tempfile, warnings, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mine.rq"
    >>> _ = path.write_text("# title_en: Mine\\n# colums: x\\nSELECT ?x WHERE {}\\n")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     query = ad_hoc_query(path)
    >>> query.title_en, str(caught[0].message).split(": ", 1)[1]
    ('', "unknown header key 'colums'; known: ...; the header is ignored ...")
    """
    path = Path(path)
    text = _read(path)
    if _LINE.match(text.lstrip().split("\n", 1)[0]) or _mentions_header_key(text):
        try:
            return parse_query(path)
        except InputError as exc:
            warnings.warn(
                f"{exc}; the header is ignored (no titles, parameters or view)",
                QueryHeaderWarning,
                stacklevel=2,
            )
    return NamedQuery(name=path.stem, path=path, text=text)


class QueryHeaderWarning(UserWarning):
    """A query file's header was meant as one but breaks the format: it is ignored."""


def _mentions_header_key(text: str) -> bool:
    """Whether a leading comment line names a header key (``# title_en: …``)."""
    for line in text.lstrip().splitlines():
        if not line.startswith("#"):
            return False
        if _HEADER_KEY.match(line):
            return True
    return False


@cache
def _bundled(folder: str) -> tuple[NamedQuery, ...]:
    root = _paths.queries_dir()
    directory = root / folder if folder else root
    prefix = f"{folder}/" if folder else ""
    if folder not in _STRICT_FOLDERS:  # internal queries (api/, views/ …): header optional
        return tuple(
            replace(ad_hoc_query(path), name=prefix + path.stem)
            for path in sorted(directory.glob("*.rq"))
        )
    return tuple(
        parse_query(path, name=prefix + path.stem) for path in sorted(directory.glob("*.rq"))
    )


def list_queries(folder: str = "") -> list[NamedQuery]:
    """The bundled named queries, sorted by name.

    Parameters
    ----------
    folder : str
        ``""`` for the research questions in ``queries/``, ``"qc"`` for the
        quality checks in ``queries/qc/``.

    Examples
    --------
    >>> names = [q.name for q in list_queries()]
    >>> len(names) >= 15 and "policy-lineage" in names
    True
    >>> all(q.name.endswith("-violation") for q in list_queries("qc"))
    True
    """
    return list(_bundled(folder))


def get_query(name: str | os.PathLike[str]) -> NamedQuery:
    """A named query by name (``policy-lineage``, ``qc/missing-label-violation``) or
    by the path of an ``.rq`` file.

    Raises
    ------
    NotFoundError
        No query has that name; lists the nearest names.
    InputError
        A file path that cannot be read.

    Examples
    --------
    >>> get_query("policy-lineage").title_en
    'The policy lineage chain, with years'
    >>> get_query("policy-linage")
    Traceback (most recent call last):
    ...
    policygraph.errors.NotFoundError: no query named 'policy-linage'. Did you mean: ...
    """
    text = os.fspath(name)
    if text.endswith(".rq"):
        path = Path(text)
        return ad_hoc_query(path)
    folder, _, _ = text.rpartition("/")
    for query in _bundled(folder):
        if query.name == text:
            return query
    every = [q.name for folder in ("", "qc") for q in _bundled(folder)]
    close = difflib.get_close_matches(text, every, n=5, cutoff=0.5)
    raise NotFoundError(f"no query named {text!r}", suggestions=close)


# -- header parsing -------------------------------------------------------------------


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text: {exc.reason}", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from None


def _header(text: str, path: Path) -> tuple[dict[str, list[str]], dict[str, list[int]]]:
    fields: dict[str, list[str]] = {key: [] for key in _KEYS}
    lines: dict[str, list[int]] = {key: [] for key in _KEYS}
    last: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.startswith("#"):
            break
        continuation = _CONTINUATION.match(line)
        if continuation and last is not None:
            fields[last][-1] = f"{fields[last][-1]} {continuation.group(1).strip()}"
            continue
        match = _LINE.match(line)
        if match is None:
            raise InputError(
                "header lines are '# key: value' (or '#    continuation')", path=path, line=number
            )
        key, value = match.group(1), match.group(2).strip()
        if key not in _KEYS:
            raise InputError(
                f"unknown header key {key!r}; known: {', '.join(_KEYS)}", path=path, line=number
            )
        if key in _SINGLE_KEYS and fields[key]:
            raise InputError(f"header key {key!r} appears twice", path=path, line=number)
        if not value:
            raise InputError(f"header key {key!r} has no value", path=path, line=number)
        fields[key].append(value)
        lines[key].append(number)
        last = key
    return fields, lines


def _param(raw: str, path: Path, line: int) -> Param:
    match = _PARAM.match(raw)
    if match is None:
        raise InputError(
            f"bad parameter {raw!r}; write 'NAME TYPE [= DEFAULT] — description'",
            path=path,
            line=line,
        )
    kind = match.group("type")
    if kind not in PARAM_TYPES:
        raise InputError(
            f"unknown parameter type {kind!r}; choose one of {', '.join(PARAM_TYPES)}",
            path=path,
            line=line,
        )
    param = Param(match.group("name"), kind, match.group("default"), match.group("description"))  # type: ignore[arg-type]
    try:
        param._check_default()
    except QueryError as exc:
        raise InputError(f"bad default: {exc}", path=path, line=line) from None
    return param


def _body(text: str) -> str:
    """The query without its comment lines."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


# -- value conversion -----------------------------------------------------------------


def _to_iri(value: object, resolve: Resolver | None) -> Node:
    if "rdflib" in sys.modules:  # only then can ``value`` be an rdflib term
        from rdflib import BNode, URIRef

        if isinstance(value, URIRef | BNode):
            return value
    text = _iri_text(value)
    if text is None:
        if resolve is None:
            raise ValueError("not an IRI (write pgid:slug or <https://…>)")
        return resolve(str(value).strip())
    from rdflib import URIRef

    return URIRef(text)


def _iri_text(value: object) -> str | None:
    """The IRI written as ``value`` (``<…>``, ``https://…`` or prefixed), or None for a name."""
    if not isinstance(value, str):
        raise TypeError("an IRI is written pgid:slug, <https://…> or as a name")
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if re.match(r"https?://", text):
        return text
    prefixed = _PREFIXED.match(text)
    if prefixed and prefixed.group(1) in PREFIX_IRIS:
        return PREFIX_IRIS[prefixed.group(1)] + prefixed.group(2)
    return None


def _to_int(value: object, _: Resolver | None) -> int:
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise TypeError("not an integer")
    if isinstance(value, int | float):
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
        return int(value)
    raise ValueError("not an integer")


def _to_float(value: object, _: Resolver | None) -> float:
    if isinstance(value, bool):
        raise TypeError("not a number")
    if isinstance(value, int | float | str):
        return float(value)
    raise TypeError("not a number")


def _to_string(value: object, _: Resolver | None) -> str:
    if isinstance(value, str):
        return value
    from rdflib import Literal

    if isinstance(value, Literal):
        return str(value)
    raise TypeError("not a string")


def _to_date(value: object, _: Resolver | None) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        return _dt.date.fromisoformat(value.strip())
    raise TypeError("not a date (write YYYY-MM-DD)")


def _to_bool(value: object, _: Resolver | None) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError("not a boolean (write true or false)")


_CONVERTERS: dict[str, Callable[[object, Resolver | None], object]] = {
    "iri": _to_iri,
    "int": _to_int,
    "float": _to_float,
    "string": _to_string,
    "date": _to_date,
    "bool": _to_bool,
}

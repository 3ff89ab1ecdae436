"""Read curated annotation files (``kg/annotations/*.yaml``) into typed records.

Every record keeps the file and line it came from, so that every later error can
name them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, InputError
from .sources import UniqueKeyLoader, load_yaml, unique_mapping
from .units import normalise

__all__ = [
    "QUALIFIERS",
    "ROLES",
    "AnnotationFile",
    "EntitySpec",
    "ObservationSpec",
    "RelationSpec",
    "load_annotations",
    "refuse_draft",
]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ROLES = ("actual", "target", "growth", "share", "rank", "pp_change")
QUALIFIERS = ("exact", "lower_bound", "upper_bound", "approximate")
BASES = ("stated", "inferred")
_LINE = "__line__"
_DRAFT_LINE = re.compile(r"^draft:\s*(?:true|yes|on)\s*(?:#.*)?$", re.MULTILINE | re.IGNORECASE)
_PLACEHOLDER = re.compile(
    r"^\s*(?:-\s+)?([A-Za-z_]+):\s*['\"]?TODO['\"]?\s*(?:#.*)?$", re.MULTILINE
)


class _LineLoader(UniqueKeyLoader):
    """A safe loader that refuses duplicate keys and records the line of every mapping."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = unique_mapping(loader, node)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass(frozen=True)
class Located:
    """Where a record was written."""

    path: Path
    line: int

    def error(self, entry: str, reason: str) -> DataError:
        """A `DataError` naming the file, line and entry."""
        return DataError(f"{self.path}:{self.line}: {entry}: {reason}")


@dataclass(frozen=True)
class EntitySpec:
    """One curated entity."""

    id: str
    kind: str
    zh: str
    en: str
    quotes: tuple[str, ...]
    where: Located
    alt_zh: tuple[str, ...] = ()
    alt_en: tuple[str, ...] = ()
    year: int | None = None
    wikidata: str | None = None


@dataclass(frozen=True)
class RelationSpec:
    """One curated relation between two entities."""

    subject: str
    predicate: str
    object: str
    quotes: tuple[str, ...]
    where: Located
    year: int | None = None
    # "stated" (the document says so) or "inferred" (read off the document's narrative)
    basis: str = "stated"

    @property
    def id(self) -> str:
        """A stable identifier derived from the triple."""
        predicate = self.predicate.replace(":", "-").lower()
        return f"{self.subject}--{predicate}--{self.object}"


@dataclass(frozen=True)
class ObservationSpec:
    """One curated figure, as printed, with its normalised value."""

    id: str
    indicator: str
    place: str
    period: str
    value: Decimal
    unit: str
    value_base: Decimal
    unit_base: str
    role: str
    qualifier: str
    quotes: tuple[str, ...]
    where: Located
    year: int | None = None
    part_of: str | None = None
    share_of: tuple[str, str] | None = None
    flag: str | None = None
    correction: str | None = None
    """Why ``value``/``unit`` differ from what the quote prints (else they must agree)."""


@dataclass
class AnnotationFile:
    """The records of one annotation file, for one source."""

    path: Path
    source: str
    entities: list[EntitySpec] = field(default_factory=list)
    relations: list[RelationSpec] = field(default_factory=list)
    observations: list[ObservationSpec] = field(default_factory=list)


def _quotes(raw: dict[str, Any], where: Located, entry: str) -> tuple[str, ...]:
    quotes: list[Any] = []
    if raw.get("quote") is not None:
        quotes.append(raw["quote"])
    quotes.extend(raw.get("quotes") or [])
    if not quotes:
        raise where.error(entry, "no evidence quote (give `quote:` or `quotes:`)")
    if not all(isinstance(quote, str) and quote.strip() for quote in quotes):
        raise where.error(entry, "every quote must be non-empty text")
    return tuple(quotes)


def _year(raw: dict[str, Any], where: Located, entry: str) -> int | None:
    year = raw.get("year")
    if year is None:
        return None
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
        raise where.error(entry, f"year must be a four-digit integer, got {year!r}")
    return year


def _text(raw: dict[str, Any], key: str, where: Located, entry: str) -> str:
    value = raw.get(key)
    if (
        not isinstance(value, str | int | float)
        or isinstance(value, bool)
        or not str(value).strip()
    ):
        raise where.error(entry, f"missing or empty `{key}`")
    return str(value)


def _texts(raw: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(str(item) for item in raw.get(key) or [])


def _slug(raw: dict[str, Any], key: str, where: Located, entry: str) -> str:
    slug = _text(raw, key, where, entry)
    if not SLUG.match(slug):
        raise where.error(entry, f"`{key}` {slug!r} is not an ASCII slug like 'city-brain'")
    return slug


_KEYS = {
    "entity": {"id", "kind", "zh", "en", "alt_zh", "alt_en", "year", "wikidata", "quote", "quotes"},
    "relation": {"s", "p", "o", "year", "quote", "quotes", "basis"},
    "observation": {
        "id",
        "indicator",
        "place",
        "period",
        "year",
        "value",
        "unit",
        "role",
        "qualifier",
        "quote",
        "quotes",
        "part_of",
        "share_of",
        "flag",
        "correction",
    },
}


def _check_keys(raw: dict[str, Any], record: str, where: Located, entry: str) -> None:
    unknown = sorted(set(raw) - _KEYS[record] - {_LINE})
    if unknown:
        allowed = ", ".join(sorted(_KEYS[record]))
        raise where.error(entry, f"unknown keys {', '.join(unknown)} (allowed: {allowed})")


def _entity(raw: dict[str, Any], where: Located) -> EntitySpec:
    entry = f"entity {raw.get('id')!r}"
    _check_keys(raw, "entity", where, entry)
    wikidata = raw.get("wikidata")
    if wikidata is not None and not re.fullmatch(r"Q[1-9][0-9]*", str(wikidata)):
        raise where.error(entry, f"wikidata must be a QID like Q4970, got {wikidata!r}")
    return EntitySpec(
        id=_slug(raw, "id", where, entry),
        kind=_text(raw, "kind", where, entry),
        zh=_text(raw, "zh", where, entry),
        en=_text(raw, "en", where, entry),
        quotes=_quotes(raw, where, entry),
        where=where,
        alt_zh=_texts(raw, "alt_zh"),
        alt_en=_texts(raw, "alt_en"),
        year=_year(raw, where, entry),
        wikidata=None if wikidata is None else str(wikidata),
    )


def _relation(raw: dict[str, Any], where: Located) -> RelationSpec:
    entry = f"relation {raw.get('s')!r} {raw.get('p')!r} {raw.get('o')!r}"
    _check_keys(raw, "relation", where, entry)
    return RelationSpec(
        subject=_slug(raw, "s", where, entry),
        predicate=_text(raw, "p", where, entry),
        object=_slug(raw, "o", where, entry),
        quotes=_quotes(raw, where, entry),
        where=where,
        year=_year(raw, where, entry),
        basis=_basis(raw, where, entry),
    )


def _basis(raw: dict[str, Any], where: Located, entry: str) -> str:
    basis = str(raw.get("basis", "stated"))
    if basis not in BASES:
        raise where.error(entry, f"basis {basis!r} is not one of {', '.join(BASES)}")
    return basis


def _observation(raw: dict[str, Any], where: Located) -> ObservationSpec:
    entry = f"observation {raw.get('id')!r}"
    _check_keys(raw, "observation", where, entry)
    role = _text(raw, "role", where, entry)
    if role not in ROLES:
        raise where.error(entry, f"role {role!r} is not one of {', '.join(ROLES)}")
    qualifier = str(raw.get("qualifier") or "exact")
    if qualifier not in QUALIFIERS:
        raise where.error(entry, f"qualifier {qualifier!r} is not one of {', '.join(QUALIFIERS)}")
    unit = _text(raw, "unit", where, entry)
    try:
        value_base, unit_base = normalise(raw.get("value"), unit)
    except DataError as exc:
        raise where.error(entry, str(exc)) from None
    share_of = raw.get("share_of")
    if share_of is not None and (
        not isinstance(share_of, list) or len(share_of) != 2 or not all(share_of)
    ):
        raise where.error(entry, "share_of must be a list [part-id, whole-id]")
    return ObservationSpec(
        id=_slug(raw, "id", where, entry),
        indicator=_slug(raw, "indicator", where, entry),
        place=_slug(raw, "place", where, entry),
        period=_text(raw, "period", where, entry),
        value=Decimal(str(raw["value"]).replace(",", "")),
        unit=unit,
        value_base=value_base,
        unit_base=unit_base,
        role=role,
        qualifier=qualifier,
        quotes=_quotes(raw, where, entry),
        where=where,
        year=_year(raw, where, entry),
        part_of=None if raw.get("part_of") is None else str(raw["part_of"]),
        share_of=None if share_of is None else (str(share_of[0]), str(share_of[1])),
        flag=None if raw.get("flag") is None else str(raw["flag"]).strip(),
        correction=_correction(raw, where, entry),
    )


def _correction(raw: dict[str, Any], where: Located, entry: str) -> str | None:
    if "correction" not in raw:
        return None
    reason = raw["correction"]
    if not isinstance(reason, str) or not reason.strip():
        raise where.error(
            entry, "`correction` must say why the value or unit differs from the quote"
        )
    return reason.strip()


def _section(document: dict[str, Any], key: str, path: Path) -> Sequence[dict[str, Any]]:
    items = document.get(key) or []
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise InputError(f"`{key}` must be a list of mappings", path=path)
    return items


def load_annotations(path: str | os.PathLike[str]) -> AnnotationFile:
    """Read one annotation file; raise naming the file, line and entry on bad input."""
    path = Path(path)
    document = load_yaml(path, _LineLoader)
    if not isinstance(document, dict) or not document.get("source"):
        raise InputError("expected a mapping with a `source:` id", path=path)
    known = {"source", "entities", "relations", "observations", _LINE}
    unknown = sorted(set(document) - known)
    if unknown:
        raise InputError(f"unknown top-level keys: {', '.join(unknown)}", path=path)
    result = AnnotationFile(path=path, source=str(document["source"]))

    def located(raw: dict[str, Any]) -> Located:
        return Located(path, int(raw.get(_LINE, 0)))

    result.entities = [_entity(raw, located(raw)) for raw in _section(document, "entities", path)]
    result.relations = [
        _relation(raw, located(raw)) for raw in _section(document, "relations", path)
    ]
    result.observations = [
        _observation(raw, located(raw)) for raw in _section(document, "observations", path)
    ]
    return result


def refuse_draft(path: str | os.PathLike[str]) -> None:
    """Raise `InputError` naming the line if an annotation file is still a draft.

    A draft has a ``draft: true`` line or a ``TODO`` placeholder value.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return  # the annotation reader reports unreadable files
    marker = _DRAFT_LINE.search(text)
    if marker:
        raise InputError(
            "is a draft from `policygraph extract`: confirm, edit or delete every entry, "
            "replace every TODO, then delete the `draft: true` line",
            path=path,
            line=text.count("\n", 0, marker.start()) + 1,
        )
    placeholder = _PLACEHOLDER.search(text)
    if placeholder:
        raise InputError(
            f"`{placeholder.group(1)}: TODO` is a placeholder left from `policygraph extract`; "
            "fill it in",
            path=path,
            line=text.count("\n", 0, placeholder.start()) + 1,
        )

"""The policy timeline: dated events, start years and documents on a vis-timeline, by level.

Rows come from `policygraph.analytics.timeline` (dated assertions and the years things
first appear), from the source documents' dates (`KnowledgeGraph.documents`: issued or
published, adopted, in force) and from ELI dates where the graph has them
(``queries/views/timeline-dates.rq``). A row's level is that of the place it involves
(country, province, prefecture or county), or of a national strategy; a document's is
that of the most specific place its title names (else its issuer). Rows that involve no
place are grouped as "level not stated". A document's date carries, as evidence, the
passage of its text that prints the date where its metadata records one.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._pages import Page

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["DOCUMENT_DATES", "GROUPS", "policy_timeline", "result_timeline"]

GROUPS = (
    ("national", "国家 National"),
    ("provincial", "省 Provincial"),
    ("city", "市县 City and county"),
    ("unstated", "层级未注明 Level not stated"),
)
DOCUMENT_DATES = (
    ("date", "issued or published 发布"),
    ("adopted", "adopted 通过"),
    ("in_force", "in force 施行"),
)
"""The columns of `KnowledgeGraph.documents` drawn on the timeline, with their names."""
# the metadata field whose quote prints each date (an adoption on the document's date
# is printed where that date is)
_DATE_QUOTES = {"date": "date_quote", "adopted": "date_quote", "in_force": "in_force_quote"}
_LEVEL_OF_KIND = {
    "Country": "national",
    "NationalStrategy": "national",
    "Province": "provincial",
    "PrefectureCity": "city",
    "County": "city",
    "Town": "city",
}


def _text(value: Any) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _level(kinds: list[str | None]) -> str:
    levels = [_LEVEL_OF_KIND[k] for k in kinds if k in _LEVEL_OF_KIND]
    order = [name for name, _ in GROUPS]
    return min(levels, key=order.index) if levels else "unstated"


def _document_level(texts: list[str | None], places: list[tuple[str, str]]) -> str:
    """The most specific level of a place named in the first text that names one."""
    order = [name for name, _ in GROUPS]
    for text in texts:
        levels = [_LEVEL_OF_KIND[kind] for label, kind in places if text and label in text]
        if levels:
            return max(levels, key=order.index)
    return "unstated"


def _date_quotes(documents: pd.DataFrame) -> dict[tuple[str, str], dict[str, Any]]:
    """(document, date column) → the passage printing that date, from the bundled sources.

    Only for documents whose bundled text is the one the graph was built from (same
    SHA-256); a document without a recorded quote gets none.
    """
    from .. import _paths
    from ..sources import load_source

    found: dict[tuple[str, str], dict[str, Any]] = {}
    for row in documents.to_dict("records"):
        identifier = str(row["identifier"])
        path = _paths.kg_dir() / "sources" / f"{identifier}.yaml"
        if not path.is_file():
            continue
        source = load_source(path)
        if source.metadata.get("sha256") != row["sha256"]:
            continue
        for column, key in _DATE_QUOTES.items():
            quote = source.metadata.get(key)
            if column == "adopted" and row["adopted"] != row["date"]:
                continue
            spans = source.find_all(str(quote)) if quote else []
            if spans:
                start, end = spans[0].start, spans[0].end
                found[(identifier, column)] = {
                    "quote": source.text[start:end],
                    "start": start,
                    "end": end,
                    "document": identifier,
                }
    return found


def _document_items(kg: KnowledgeGraph, places: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """One item per document and distinct date: issued or published, adopted, in force."""
    documents = kg.documents()
    quotes = _date_quotes(documents)
    items: list[dict[str, Any]] = []
    for row in documents.to_dict("records"):
        identifier = str(row["identifier"])
        title = _text(row["title"]) or identifier
        level = _document_level([title, _text(row["issuer"])], places)
        by_date: dict[str, list[str]] = {}
        for column, _ in DOCUMENT_DATES:
            if _text(row[column]):
                by_date.setdefault(str(row[column]), []).append(column)
        for printed, columns in by_date.items():
            what = " · ".join(dict(DOCUMENT_DATES)[c] for c in columns)
            year = int(printed[:4])
            # a year or month as printed starts the item at its first day
            start = {10: printed, 7: f"{printed}-01"}.get(len(printed), f"{year}-01-01")
            evidence: list[dict[str, Any]] = []
            for column in columns:
                quote = quotes.get((identifier, column))
                same = [e for e in evidence if quote and e["start"] == quote["start"]]
                if same:  # one passage printing two dates of the same day
                    same[0]["label"] += " · " + dict(DOCUMENT_DATES)[column]
                elif quote:
                    evidence.append({**quote, "label": dict(DOCUMENT_DATES)[column]})
            meta = [
                f"{printed} · {what}" + ("" if len(printed) == 10 else " (as printed: no day)"),
                f"{dict(GROUPS)[level]} · "
                + " · ".join(
                    part
                    for part in (
                        _text(row["issuer"]),
                        _text(row["document_number"]),
                        _text(row["document_type"]),
                    )
                    if part
                ),
            ]
            if _text(row["url"]):
                meta.append(f"{row['url']} (retrieved {row['retrieved']})")
            items.append(
                {
                    "id": f"document-{identifier}-{columns[0]}",
                    "group": level,
                    "start": start,
                    "year": year,
                    "label": f"{title} ({what})",
                    "document": identifier,
                    "dates": columns,
                    "event": "Document",
                    "className": "pg-document " + " ".join(f"pg-{c}" for c in columns),
                    "card": {
                        "id": f"document-{identifier}-{columns[0]}",
                        "zh": title,
                        "en": identifier,
                        "meta": meta,
                        "evidence": evidence,
                    },
                }
            )
    return items


def _groups() -> list[dict[str, Any]]:
    return [{"id": name, "label": label, "order": n} for n, (name, label) in enumerate(GROUPS)]


def _window(years: list[int]) -> dict[str, str]:
    first, last = (min(years), max(years)) if years else (2000, 2001)
    return {"start": f"{first - 1}-07-01", "end": f"{last + 1}-07-01"}


def policy_timeline(kg: KnowledgeGraph, *, events_only: bool = False) -> Page:
    """Policies, programmes and events on a time axis, grouped by level, evidence on click.

    Parameters
    ----------
    events_only : bool
        Only the dated events (proposals, launches …), without start years.

    Examples
    --------
    >>> import policygraph as pg
    >>> from policygraph import analytics
    >>> kg = pg.load()
    >>> page = policy_timeline(kg)
    >>> len(page.items) >= len(analytics.timeline(kg))
    True
    >>> page.items[0]["start"]
    '2003-01-01'
    """
    from .._sparql import read_query
    from ..analytics import timeline
    from ..analytics._rdf import snapshot

    snap = snapshot(kg, evidence=False)  # for the kinds only

    def kind(iri: Any) -> str | None:
        text = _text(iri)
        return str(snap.nodes[text].get("kind")) if text and text in snap.nodes else None

    rows = timeline(kg, events_only=events_only)
    items: list[dict[str, Any]] = []
    for number, row in enumerate(rows.to_dict("records")):
        subject = " ".join(p for p in (_text(row["subject_zh"]), _text(row["subject_en"])) if p)
        if row["event"] == "Appearance":
            label = f"{_text(row['subject_zh']) or _text(row['subject_en'])} (first appears 始见)"
        else:
            label = " ".join(
                p
                for p in (_text(row["subject_zh"]), _text(row["relation"]), _text(row["object_zh"]))
                if p
            )
        level = _level([kind(row["subject"]), kind(row["object"])])
        items.append(
            {
                "id": f"event-{number}",
                "group": level,
                "start": f"{int(row['year'])}-01-01",
                "year": int(row["year"]),
                "label": label,
                "subject": _text(row["subject"]),
                "object": _text(row["object"]),
                "event": row["event"],
                "className": f"pg-{str(row['event']).lower()}",
                "card": {
                    "id": f"event-{number}",
                    "zh": label,
                    "en": subject if row["event"] == "Appearance" else _english(row),
                    "meta": [f"{int(row['year'])} · {row['event']} · {dict(GROUPS)[level]}"],
                    "evidence": [
                        {"quote": _text(row["quote"]), "start": row["start"], "end": row["end"]}
                    ]
                    if _text(row["quote"])
                    else [],
                },
            }
        )
    if not events_only:
        places = sorted(
            (str(attrs["label_zh"]), str(attrs["kind"]))
            for attrs in snap.nodes.values()
            if attrs.get("kind") in _LEVEL_OF_KIND and attrs.get("label_zh")
        )
        items.extend(_document_items(kg, places))
        dates = kg.query(read_query("views/timeline-dates"))
        for number, row in enumerate(dates.to_dict("records")):
            label = f"{_text(row['label_zh']) or _text(row['label_en'])} ({row['what']})"
            level = _level([kind(row["entity"])])
            date = str(row["date"])[:10]
            items.append(
                {
                    "id": f"date-{number}",
                    "group": level,
                    "start": date,
                    "year": int(date[:4]),
                    "label": label,
                    "event": str(row["what"]),
                    "className": "pg-date",
                    "card": {
                        "id": f"date-{number}",
                        "zh": label,
                        "en": _text(row["label_en"]),
                        "meta": [f"{date} · {row['what']}"],
                        "evidence": [],
                    },
                }
            )
    years = sorted({int(item["year"]) for item in items})
    return Page(
        view="timeline",
        heading="政策时间线 Policy timeline",
        subtitle=(
            f"{len(items)} dated items"
            + (f", {years[0]}–{years[-1]}" if years else "")
            + "; grouped by level; click an item for its evidence"
        ),
        library="timeline",
        spec={},
        items=items,
        empty_message="The graph has no dated item. 图中没有标明日期的事件。",
        legend_note=(
            "Documents (bold, amber; in force: green) stand at their dates. "
            "A row's level is that of the place it involves, or national for a national "
            "strategy; a document's, that of the place its title (else its issuer) names; "
            "rows without a place stand under “level not stated”. "
            "文件（粗体；施行日期为绿色）按其日期排列。事件的层级取其所涉地方，文件的层级取其标题"
            "（或发文机关）所涉地方；不涉地方者列为“层级未注明”。"
        ),
        extra={"groups": _groups(), "window": _window(years)},
    )


def _english(row: Mapping[Hashable, Any]) -> str | None:
    parts = [_text(row["subject_en"]), _text(row["relation"]), _text(row["object_en"])]
    return " ".join(p for p in parts if p) or None


def result_timeline(frame: pd.DataFrame, *, title: str, subtitle: str = "") -> Page:
    """A query result with ``year`` and ``label`` columns on a timeline, one item per row.

    Examples
    --------
    >>> frame = pd.DataFrame({"year": [2003, 2017], "label": ["八八战略", "一号工程"]})
    >>> [item["start"] for item in result_timeline(frame, title="t").items]
    ['2003-01-01', '2017-01-01']
    """
    items: list[dict[str, Any]] = []
    for number, row in enumerate(frame.to_dict("records")):
        if row.get("year") is None or pd.isna(row.get("year")):
            continue
        year = int(row["year"])
        label = _text(row.get("label")) or ""
        quote = _text(row.get("quote"))
        items.append(
            {
                "id": f"row-{number}",
                "group": "unstated",
                "start": f"{year}-01-01",
                "year": year,
                "label": label,
                "card": {
                    "id": f"row-{number}",
                    "zh": label,
                    "en": _text(row.get("label_en")),
                    "meta": [f"{key} = {_text(cell) or '—'}" for key, cell in row.items()],
                    "evidence": [{"quote": quote}] if quote else [],
                },
            }
        )
    years = sorted({int(item["year"]) for item in items})
    return Page(
        view="timeline",
        heading=title,
        subtitle=subtitle or f"{len(items)} dated rows",
        library="timeline",
        spec={},
        items=items,
        empty_message="The query returned no dated rows. 查询无标明年份的结果。",
        extra={"groups": [{"id": "unstated", "label": "", "order": 0}], "window": _window(years)},
    )

"""Candidate extraction: propose entities and figures from a new source text.

`scan` finds the candidates (quoted terms, 《titles》, periods, figures, places,
organisations), each with offsets and a quote that is unique in the text;
`draft_annotations` turns them into a draft annotation file for a person to
confirm. `policygraph coverage` uses the same scanner.
"""

from __future__ import annotations

from ._draft import (
    TODO,
    Draft,
    DraftEntry,
    FigureAgreement,
    KnownCandidate,
    compare_figures,
    draft_annotations,
    printed_label,
    refuse_draft,
    slug,
    write_draft,
)
from ._numbers import parse_number, parse_year
from ._scan import (
    KINDS,
    Candidate,
    Figure,
    GazetteerPlace,
    Period,
    Place,
    load_gazetteer,
    scan,
    unique_quote,
)

__all__ = [
    "KINDS",
    "TODO",
    "Candidate",
    "Draft",
    "DraftEntry",
    "Figure",
    "FigureAgreement",
    "GazetteerPlace",
    "KnownCandidate",
    "Period",
    "Place",
    "compare_figures",
    "draft_annotations",
    "load_gazetteer",
    "parse_number",
    "parse_year",
    "printed_label",
    "refuse_draft",
    "scan",
    "slug",
    "unique_quote",
    "write_draft",
]

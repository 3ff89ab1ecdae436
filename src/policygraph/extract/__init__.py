"""Candidate extraction: propose entities and figures from a new source text.

`scan` finds the candidates (quoted terms, 《titles》, periods, figures, places,
organisations), each with offsets and a quote that is unique in the text, in
simplified or traditional script; `document_facts` reads an official document's
title, number, body, dates and chapters; `propose_relations` proposes relations
from cue words; `draft_annotations` turns all of it into a draft annotation file
for a person to confirm, each proposal with a confidence and its reasons.
`evaluate` measures all of it on a hand-labelled development set.
`policygraph coverage` uses the same scanner.
"""

from __future__ import annotations

from ..numbers import parse_number, parse_year
from ._document import DocumentFacts, document_facts
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
from ._evaluate import DevScore, GoldText, TextScore, evaluate, load_dev_set
from ._indicators import IndicatorLink, IndicatorLinker, clean_indicator
from ._periods import PeriodReading, average_over, document_year, read_period
from ._relations import RelationProposal, propose_relations
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
    "DevScore",
    "DocumentFacts",
    "Draft",
    "DraftEntry",
    "Figure",
    "FigureAgreement",
    "GazetteerPlace",
    "GoldText",
    "IndicatorLink",
    "IndicatorLinker",
    "KnownCandidate",
    "Period",
    "PeriodReading",
    "Place",
    "RelationProposal",
    "TextScore",
    "average_over",
    "clean_indicator",
    "compare_figures",
    "document_facts",
    "document_year",
    "draft_annotations",
    "evaluate",
    "load_dev_set",
    "load_gazetteer",
    "parse_number",
    "parse_year",
    "printed_label",
    "propose_relations",
    "read_period",
    "refuse_draft",
    "scan",
    "slug",
    "unique_quote",
    "write_draft",
]

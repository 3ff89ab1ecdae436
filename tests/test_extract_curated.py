"""From draft to passing build on a traditional-script text: edits counted by a whole-file diff.

tests/fixtures/extract-curated/ holds the worked example of docs/add-a-document.md:
a traditional-script news report (the development set's gz-bigdata-2016-trad), its
source metadata, and the annotation file a curator made from the draft of
`policygraph extract`. The test drafts the text again, diffs the draft against the
curated file line by line (comments and blank lines aside: a curator may keep them)
and counts the lines changed, added or deleted per figure; then builds the graph
with the curated file added.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import policygraph as pg
from policygraph import PG, PGID
from policygraph.build import build
from policygraph.extract import draft_annotations, write_draft

CURATED = Path(__file__).parent / "fixtures" / "extract-curated"
SOURCE = "guizhou-big-data-2016"


def _content(text: str) -> list[str]:
    return [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]


def changed_lines(draft: str, curated: str) -> list[str]:
    """The curated lines that differ from the draft, and the draft lines removed."""
    old, new = _content(draft), _content(curated)
    changes = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":  # a changed line counts once; added or removed lines each
            changes.extend(new[j1:j2] if j2 - j1 >= i2 - i1 else old[i1:i2])
    return changes


def test_whole_file_diff_is_at_most_one_line_per_figure(
    kg_memory: pg.KnowledgeGraph, tmp_path: Path
) -> None:
    text = (CURATED / f"{SOURCE}.txt").read_text(encoding="utf-8")
    draft = draft_annotations(text, SOURCE, kg=kg_memory, date="2016-01-26")
    drafted = write_draft(draft, tmp_path / "draft.yaml", accept_above=0.9).read_text("utf-8")
    curated = (CURATED / f"{SOURCE}.yaml").read_text(encoding="utf-8")
    figures = len(draft.observations)
    changes = changed_lines(drafted, curated)
    assert figures == 8
    # measured: 8 lines for 8 figures (draft: true; the English of the meeting, the
    # forecasting service and 大鳄; a kind; the period and year of the 近两年 growth;
    # the county of the flood losses); 3 of them translations
    assert len(changes) / figures <= 1.0, changes
    translations = [line for line in changes if line.strip().startswith("en:")]
    assert (len(changes) - len(translations)) / figures <= 0.75, changes


def test_the_curated_file_builds(repo: Path, tmp_path: Path) -> None:
    kg_dir = tmp_path / "kg"
    shutil.copytree(repo / "kg", kg_dir, ignore=shutil.ignore_patterns("release"))
    shutil.copy(CURATED / f"{SOURCE}.txt", kg_dir / "sources" / f"{SOURCE}.txt")
    shutil.copy(CURATED / f"{SOURCE}.source.yaml", kg_dir / "sources" / f"{SOURCE}.yaml")
    shutil.copy(CURATED / f"{SOURCE}.yaml", kg_dir / "annotations" / f"{SOURCE}.yaml")
    result = build(kg_dir)
    graph = result.union()
    total = PGID["big-data-industry-total-size-2016"]
    assert str(graph.value(total, PG.unit)) == "亿元"
    assert set(graph.objects(total, PG.qualifier)) == {PG.LowerBound}
    assert SOURCE in result.sources

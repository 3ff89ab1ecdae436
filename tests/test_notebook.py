"""The tutorial notebook executes top to bottom, so that it cannot rot (issue #20)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TUTORIAL = REPO / "notebooks" / "tutorial.ipynb"

pytestmark = pytest.mark.slow


def test_tutorial_runs_and_shows_graph_entity_question_analytics_and_view() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")

    notebook = nbformat.read(TUTORIAL, as_version=4)
    assert not any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(REPO)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, on any error

    def shown(source_start: str) -> str:
        cell = next(c for c in notebook.cells if c.source.lstrip().startswith(source_start))
        parts = []
        for output in cell.outputs:
            parts.append(output.get("text", ""))
            for kind in ("text/plain", "text/html"):
                parts.append(str(output.get("data", {}).get(kind, "")))
        return "\n".join(parts)

    assert "entities" in shown("import policygraph as pg")  # the graph is loaded: stats
    assert "一号工程" in shown('card = kg.entity("一号工程")')
    assert "source_label" in shown('kg.run("policy-lineage")')  # a table of the lineage
    assert "ancestor" in shown("from policygraph import analytics")
    view = shown("from policygraph import views")
    assert "<iframe srcdoc=" in view and "vis.Network" in view  # the view, inline and offline

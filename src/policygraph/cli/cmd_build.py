"""``policygraph build``: sources and annotations → release files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ._app import app, err, out


@app.command(
    epilog=(
        "Examples:\n\n"
        "  policygraph build            # rebuild kg/release/*\n\n"
        "  policygraph build --check    # fail if the release files are stale\n\n"
        "  policygraph build --kg my-kg --out build/"
    )
)
def build(
    kg: Annotated[
        Path | None, typer.Option(help="A kg/ folder (sources/, annotations/, gazetteer/).")
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Where to write the release files.")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Build in memory; exit 1 if release files are stale.")
    ] = False,
) -> None:
    """Build the graph: resolve every quote, check every figure, write release files."""
    from ..build import build as run_build
    from ..release import stale_release_files, write_release

    with err.status("building the graph…"):
        result = run_build(kg)
    union = result.union()
    summary = Table(title="policygraph build", show_header=False)
    summary.add_row("sources", ", ".join(sorted(result.sources)))
    summary.add_row("triples", str(len(union)))
    summary.add_row("named graphs", str(len(result.graphs)))
    summary.add_row("flagged figures", str(len({flag.observation for flag in result.flags})))
    err.print(summary)
    if check:
        stale = stale_release_files(result, out_dir)
        if stale:
            for path in stale:
                err.print(f"stale: {path}")
            err.print("run `policygraph build` to refresh the release files")
            raise typer.Exit(1)
        err.print("release files are up to date")
        return
    for path in write_release(result, out_dir):
        out.print(str(path))

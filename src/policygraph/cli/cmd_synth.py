"""``policygraph synth``: a synthetic corpus with the real graph's shape, for scale tests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._app import app, err, out


@app.command(
    epilog=(
        "Examples:\n\n"
        "  policygraph synth --triples 100000 -o corpus-1e5.nt\n\n"
        "  policygraph synth --triples 1000000 --seed 7 -o corpus-1e6.nt\n\n"
        '  python -c "import policygraph as pg; '
        "print(pg.load('corpus-1e6.nt', store='oxigraph'))\""
    )
)
def synth(
    triples: Annotated[
        int, typer.Option("--triples", "-n", min=1, help="How many triples to generate.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The N-Triples file to write.")],
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same file.")] = 0,
) -> None:
    """Generate a synthetic corpus: provinces, cities and counties; documents with
    sections and evidence; policies in lineage chains up to 20 deep; programmes
    adopted by places; firms, industries and observations; zh and en labels.

    The output follows the vocabulary and evidence model of `policygraph build`
    and conforms to the SHACL shapes. It is streamed, so any size fits in memory.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from ..synth import write_synthetic

    with Progress(
        "generating",
        BarColumn(),
        MofNCompleteColumn(),
        "triples",
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=triples < 200_000,
    ) as bar:
        task = bar.add_task("synth", total=triples)
        stats = write_synthetic(
            output, triples, seed=seed, progress=lambda done: bar.update(task, completed=done)
        )
    err.print(
        f"{stats.triples:,} triples: {stats.documents:,} documents, {stats.places:,} places, "
        f"{stats.policies:,} policies (lineage up to {stats.deepest_chain} deep), "
        f"{stats.firms:,} firms, {stats.observations:,} observations (seed {stats.seed})",
        highlight=False,
    )
    out.print(str(output), highlight=False, soft_wrap=True)

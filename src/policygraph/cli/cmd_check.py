"""``policygraph validate`` (SHACL) and ``policygraph reason`` (OWL, HermiT)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._app import app, err, out
from ._options import GraphOption, graph_files

if TYPE_CHECKING:
    from rdflib import Graph


@app.command(
    epilog=(
        "Examples:\n\n"
        "  policygraph validate                      # the bundled graph\n\n"
        "  policygraph validate my-data.ttl          # your own data\n\n"
        "  policygraph validate --all --format csv   # every result, infos too, as CSV"
    )
)
def validate(
    files: Annotated[
        list[Path] | None, typer.Argument(help="RDF files to validate (default: bundled graph).")
    ] = None,
    graph: GraphOption = None,
    shapes: Annotated[Path | None, typer.Option(help="SHACL shapes file.")] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also list informational results.")
    ] = False,
    output: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
) -> None:
    """Check instance data against the SHACL shapes; exit 1 on any violation."""
    from ..validation import Severity
    from ..validation import validate as run_validate

    data = _parse_all(graph_files(files, graph))
    with err.status("validating with SHACL…"):
        report = run_validate(data, shapes=shapes)
    shown = report
    if not show_all:
        shown = type(report)([r for r in report.results if r.severity is not Severity.INFO])
    if output == "table":
        if shown.results:
            out.print(shown.to_table())
    elif output == "csv":
        out.print(shown.to_frame().to_csv(index=False), end="")
    elif output == "json":
        out.print(shown.to_frame().to_json(orient="records", force_ascii=False, indent=1))
    else:
        raise typer.BadParameter(f"unknown format {output!r}; choose table, csv or json")
    err.print(report.summary())
    if not report.conforms:
        raise typer.Exit(1)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  policygraph reason                               # ontology + bundled graph\n\n"
        "  policygraph reason --inferred out/inferred.nt    # also write what HermiT infers\n\n"
        "  policygraph reason broken.ttl                    # names the clashing individuals"
    )
)
def reason(
    files: Annotated[
        list[Path] | None, typer.Argument(help="RDF files to reason over (default: bundled graph).")
    ] = None,
    graph: GraphOption = None,
    inferred: Annotated[
        Path | None, typer.Option(help="Write the inferred triples to this file.")
    ] = None,
    closure: Annotated[
        bool,
        typer.Option(
            "--closure/--no-closure",
            help="Also infer property values (transitive closure); slower.",
        ),
    ] = False,
) -> None:
    """Check consistency with HermiT (owlready2); exit 1 and name the clashes if inconsistent."""
    from ..reasoning import reason as run_reason

    data = _parse_all(graph_files(files, graph))
    with err.status("reasoning with HermiT…"):
        report = run_reason(data, infer=closure)
    out.print(report.explain(), highlight=False, markup=False)
    if inferred is not None and report.consistent:
        out.print(f"inferred triples: {report.write_inferred(inferred)}")
    if not report.consistent:
        raise typer.Exit(1)


def _parse_all(files: list[Path] | None) -> Graph | None:
    """The files merged into one graph; None for the bundled graph."""
    from ..loading import parse_file

    if not files:
        return None
    data = parse_file(files[0])
    for path in files[1:]:
        parse_file(path, graph=data)
    return data

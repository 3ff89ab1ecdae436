"""``policygraph extract``, ``coverage``, ``resolve`` and ``conflicts``: adding a document."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ._app import app, err, out

if TYPE_CHECKING:
    from ..build import BuildResult
    from ..graph import KnowledgeGraph

_KG_HELP = "A kg/ folder to build in memory (default: the bundled one)."


def _built(kg_dir: Path | None) -> tuple[KnowledgeGraph, BuildResult]:
    from ..build import build
    from ..graph import KnowledgeGraph

    with err.status("building the graph…"):
        result = build(kg_dir)
    return KnowledgeGraph(result.union()), result


@app.command(
    epilog=(
        "Examples:\n\n"
        "  policygraph extract kg/sources/my-report.txt -o kg/annotations/my-report.yaml\n\n"
        "  policygraph extract report.txt --id my-report -o draft.yaml --force\n\n"
        "  policygraph extract report.txt -o draft.yaml --no-graph   # no look-up\n\n"
        "  policygraph extract report.txt -o draft.yaml --kg my-kg   # known = my-kg's graph\n\n"
        "  policygraph extract news.txt -o draft.yaml --date 2021-07-28 --accept-above 0.9"
    )
)
def extract(
    source: Annotated[Path, typer.Argument(help="A Chinese policy text, UTF-8.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write the draft annotation file.")
    ],
    doc_id: Annotated[
        str | None,
        typer.Option("--id", help="The source id (default: the file name without .txt)."),
    ] = None,
    kg: Annotated[
        Path | None,
        typer.Option(help="Recognise the entities of this kg/ folder (default: the release)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing draft.")] = False,
    no_graph: Annotated[
        bool, typer.Option("--no-graph", help="Do not look up what the graph already knows.")
    ] = False,
    date: Annotated[
        str | None,
        typer.Option(
            help="The document's date (2021-07-28), for 今年, 上半年 …; "
            "default: the first full date in the text."
        ),
    ] = None,
    accept_above: Annotated[
        float | None,
        typer.Option(
            "--accept-above",
            min=0.0,
            max=1.0,
            help="Accept entries at least this confident (0–1) in bulk; review the rest.",
        ),
    ] = None,
) -> None:
    """Propose candidates from a source text and write a draft annotation file.

    Simplified or traditional script. Prints every candidate with its offsets, its
    confidence and whether the graph already knows it; every entry of the draft says
    how sure the extractor is and why.
    """
    from ..errors import InputError
    from ..extract import Figure, compare_figures, draft_annotations, write_draft
    from ..extract._input import read_source
    from ..graph import load

    source_id = doc_id or source.stem
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", source_id):
        raise InputError(
            f"source id {source_id!r} is not an ASCII slug like 'my-report'; pass --id",
            path=source,
        )
    read = read_source(source)
    text = read.text
    if output.exists() and not force:
        raise InputError("exists; pass --force to overwrite it", path=output)
    graph = None if no_graph else (_built(kg)[0] if kg is not None else load())
    draft = draft_annotations(text, source_id, kg=graph, date=date)
    path = write_draft(draft, output, force=force, accept_above=accept_above)
    known = {id(item.candidate): item for item in draft.known}
    table = Table(title=f"candidates in {source}", show_lines=False)
    for column in ("kind", "text", "offsets", "known"):
        table.add_column(column, overflow="fold")
    for candidate in draft.candidates:
        match = known.get(id(candidate))
        table.add_row(
            candidate.kind,
            escape(candidate.text),
            f"{candidate.start}-{candidate.end}",
            escape(match.short) if match else "",
        )
    out.print(table)
    figures = [c for c in draft.candidates if isinstance(c, Figure) and not c.modifier]
    if figures:
        sure = sum(figure.confidence >= 0.9 for figure in figures)
        err.print(
            f"figures: {len(figures)}, {sure} with confidence >= 0.9 (each entry of the "
            "draft gives its confidence and why)"
        )
    if read.script != "simplified":
        err.print(
            f"script: {read.script} ({read.traditional:.0%} traditional); matched in "
            "simplified form, quotes and offsets point into the text as printed"
        )
    if draft.document is not None:
        facts = draft.document
        found = [
            f"{name} {getattr(facts, name)}"
            for name in ("title", "number", "body", "adopted", "issued", "in_force")
            if getattr(facts, name)
        ]
        err.print(f"document: {escape('; '.join(found))} ({len(facts.sections)} sections)")
    counts = {kind: 0 for kind in ("entities", "relations", "observations")}
    for entry in draft.entries:
        counts[entry.section] += 1
    accepted = sum(entry.accepted(accept_above) for entry in draft.entries)
    err.print(
        f"wrote {path}: {counts['entities']} entities, {counts['relations']} relations, "
        f"{counts['observations']} observations"
        + (f"; {accepted} accepted (confidence >= {accept_above})" if accept_above else "")
        + " (draft: confirm, edit or delete each entry; replace every TODO)"
    )
    err.print(f"the graph already knows {len(known)} of {len(draft.candidates)} candidates")
    if graph is None:
        return
    agreement = compare_figures(graph, source_id, draft.candidates)
    if agreement.observations:
        err.print(
            f"against the graph's {len(agreement.observations)} observations of {source_id}: "
            f"recall {agreement.recall:.1%}, precision {agreement.precision:.1%} "
            f"({len(agreement.figures)} figures found)"
        )


@app.command(
    epilog=(
        "Examples:\n\n"
        "  policygraph coverage              # every item, with what models it\n\n"
        "  policygraph coverage --missing    # only what is neither modelled nor waived\n\n"
        "  policygraph coverage --kg my-kg"
    )
)
def coverage(
    kg: Annotated[Path | None, typer.Option(help=_KG_HELP)] = None,
    missing: Annotated[
        bool, typer.Option("--missing", help="List only the missing items.")
    ] = False,
) -> None:
    """Check that the graph models every quoted term, 《title》 and figure of its sources.

    Lists each item and what models it; exits 1 if any is neither modelled nor waived
    (kg/waivers.yaml).
    """
    from .. import _paths
    from ..coverage import check_coverage, load_waivers
    from ..sources import load_sources

    root = kg if kg is not None else _paths.kg_dir()
    graph, _ = _built(kg)
    waivers = load_waivers(root / "waivers.yaml")
    report = check_coverage(graph, load_sources(root / "sources"), waivers)
    table = Table(title="coverage")
    for column in ("source", "kind", "text", "offsets", "status", "modelled by / reason"):
        table.add_column(column, overflow="fold")
    for item in report.items:
        if missing and item.status != "missing":
            continue
        style = {"missing": "bold red", "waived": "yellow"}.get(item.status, "")
        table.add_row(
            item.source,
            item.kind,
            escape(item.text),
            f"{item.start}-{item.end}",
            f"[{style}]{item.status}[/]" if style else item.status,
            escape(item.detail),
        )
    out.print(table)
    for waiver in report.unused_waivers:
        err.print(
            f"warning: {root / 'waivers.yaml'}:{waiver.line}: waiver {waiver.text!r} "
            f"({waiver.kind}) matches no unmodelled item"
        )
    err.print(report.summary())
    if report.missing:
        raise typer.Exit(1)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  policygraph resolve 城市大脑\n\n"
        "  policygraph resolve '数字经济\"一号工程\"' 一号工程   # one entity? why?\n\n"
        "  policygraph resolve 'yi hao gong cheng'"
    )
)
def resolve(
    names: Annotated[list[str], typer.Argument(help="Mentions, labels, aliases, ids or pinyin.")],
    kg: Annotated[Path | None, typer.Option(help=_KG_HELP)] = None,
) -> None:
    """Show which entity each name resolves to, and why.

    Says which label, alias, normal form or pinyin matched; with several names, says
    whether they are one entity.
    """
    from ..errors import NotFoundError
    from ..graph import load
    from ..resolve import Resolver, normal_form

    graph = _built(kg)[0] if kg is not None else load()
    resolver = Resolver.from_graph(graph)
    resolved: dict[str, set[str]] = {}  # name -> ids
    for name in names:
        matches = resolver.lookup(name)
        out.print(f"{escape(name)}  (normal form: {escape(normal_form(name))})")
        for match in matches:
            out.print(f"  → {escape(match.explain())}")
        if not matches:
            out.print("  → no entity")
        resolved[name] = {match.slug for match in matches}
    unresolved = [name for name, iris in resolved.items() if not iris]
    if len(names) > 1 and not unresolved:
        shared = set.intersection(*resolved.values())
        if shared and all(len(iris) == 1 for iris in resolved.values()):
            out.print(f"one entity: {escape(next(iter(shared)))}")
        else:
            out.print("not one entity")
    if unresolved:
        import difflib

        labels = sorted({name.name for name in resolver.names if name.property != "pinyin"})
        close = [
            near for name in unresolved for near in difflib.get_close_matches(name, labels, n=3)
        ]
        raise NotFoundError(
            f"nothing is named {', '.join(map(repr, unresolved))}", suggestions=close
        )


@app.command(epilog=("Examples:\n\n  policygraph conflicts\n\n  policygraph conflicts --kg my-kg"))
def conflicts(kg: Annotated[Path | None, typer.Option(help=_KG_HELP)] = None) -> None:
    """List conflicting figures across documents, with both quotes.

    A conflict is the same indicator, place, period and role with values that cannot
    both be true. Both figures stay in the graph, each with its own evidence.
    """
    _, result = _built(kg)
    found = [flag for flag in result.flags if flag.rule == "conflicting-values"]
    for flag in found:
        out.print(f"{flag.observation}: {escape(flag.reason)}")
    err.print(f"{len(found)} conflicting figures")

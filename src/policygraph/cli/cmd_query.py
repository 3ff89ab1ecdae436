"""``policygraph queries | query | entity | search | export | stats``: the researcher's API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from .._prefixes import prefixed_name
from ._app import app, err, out
from ._options import DEFAULT_STORE, FormatOption, GraphOption, StoreOption, load_graph
from ._output import Format, emit, print_wide
from ._query_run import run_query

if TYPE_CHECKING:
    import pandas as pd


def _emit(frame: pd.DataFrame, output: Format, *, title: str | None = None) -> None:
    emit(frame, output, title=title, short=True)


@app.command(
    "queries",
    epilog=(
        "Examples:\n\n"
        "  policygraph queries            # the research questions\n\n"
        "  policygraph queries --qc       # the quality checks\n\n"
        "  policygraph queries --format json"
    ),
)
def queries_command(
    qc: Annotated[bool, typer.Option("--qc", help="List the quality checks instead.")] = False,
    output: FormatOption = Format.table,
) -> None:
    """List the named queries with their titles, parameters and views."""
    import pandas as pd

    from ..queries import list_queries

    rows = [
        {
            "name": query.name,
            "title_zh": query.title_zh,
            "title_en": query.title_en,
            "params": "; ".join(p.describe() for p in query.params),
            "view": query.view,
        }
        for query in list_queries("qc" if qc else "")
    ]
    _emit(pd.DataFrame(rows), output)


@app.command(
    "query",
    epilog=(
        "Examples:\n\n"
        "  policygraph query policy-lineage\n\n"
        "  policygraph query figures-for-year --param year=2022 --format csv\n\n"
        "  policygraph query policy-ancestors-descendants --param policy=一号工程\n\n"
        "  policygraph query my-question.rq --graph my-data.ttl --format json\n\n"
        "  policygraph query qc/missing-label-violation"
    ),
)
def query_command(
    name: Annotated[
        str, typer.Argument(help="A query name (see `policygraph queries`) or an .rq file.")
    ],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="A parameter as NAME=VALUE (repeatable)."),
    ] = None,
    output: FormatOption = Format.table,
    split_languages: Annotated[
        bool, typer.Option("--split-languages", help="One column per language for tagged labels.")
    ] = False,
    graph: GraphOption = None,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Run a named query, or a SPARQL file, and print its result."""
    run_query(name, param or [], output, split_languages, graph, store)


@app.command(
    "entity",
    epilog=(
        "Examples:\n\n"
        "  policygraph entity 一号工程\n\n"
        "  policygraph entity Hangzhou\n\n"
        "  policygraph entity 'yi hao gong cheng' --format json"
    ),
)
def entity_command(
    name: Annotated[str, typer.Argument(help="zh or en label, alias, pinyin, slug or IRI.")],
    output: Annotated[str, typer.Option("--format", "-f", help="card (default) or json.")] = "card",
    graph: GraphOption = None,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Show an entity's card: labels, kind, facts, figures and evidence quotes."""
    if output not in ("card", "json"):
        raise typer.BadParameter(f"unknown format {output!r}; choose card or json")
    kg = load_graph(graph, store)
    entity = kg.entity(name)
    if output == "json":
        record = {
            "iri": entity.iri,
            "kind": entity.kind,
            "label_zh": entity.label_zh,
            "label_en": entity.label_en,
            "aliases": list(entity.aliases),
            "pinyin": list(entity.pinyin),
            "year": entity.year,
            "same_as": list(entity.same_as),
            "facts": [
                {**fact.__dict__, "sentence": fact.sentence(entity.label)} for fact in entity.facts
            ],
            "figures": [figure.__dict__ for figure in entity.figures],
            "evidence": [quote.__dict__ for quote in entity.evidence],
        }
        out.print_json(json.dumps(record, ensure_ascii=False))
        return
    head = Table.grid(padding=(0, 2))
    head.add_row("[bold]" + escape(entity.label_zh), "[bold]" + escape(entity.label_en))
    head.add_row("kind", escape(entity.kind))
    head.add_row("id", escape(prefixed_name(entity.iri)))
    for label, values in (
        ("aliases", entity.aliases),
        ("pinyin", entity.pinyin),
        ("same as", tuple(prefixed_name(s) for s in entity.same_as)),
    ):
        if values:
            head.add_row(label, escape(", ".join(values)))
    if entity.year is not None:
        head.add_row("year", str(entity.year))
    out.print(head)
    if entity.facts:
        facts = Table(title="facts", title_justify="left", header_style="bold")
        for column in ("subject", "relation", "object", "year"):
            facts.add_column(column, overflow="fold")
        for fact in entity.facts:
            ends = (entity.label, fact.other_label)
            subject, obj = ends if fact.direction == "out" else ends[::-1]
            year = "" if fact.year is None else str(fact.year)
            relation = fact.relation_label or fact.relation
            facts.add_row(escape(subject), escape(relation), escape(obj), year)
        print_wide(facts)
    if entity.figures:
        figures = Table(title="figures", title_justify="left", header_style="bold")
        for column in ("indicator", "place", "period", "value", "unit", "role"):
            figures.add_column(column, overflow="fold")
        for figure in entity.figures:
            figures.add_row(
                escape(figure.indicator),
                escape(figure.place),
                escape(figure.period),
                f"{figure.value:g}",
                escape(figure.unit),
                figure.role,
            )
        print_wide(figures)
    if entity.evidence:
        quotes = Table(title="evidence", title_justify="left", header_style="bold")
        for column in ("quote", "offsets", "section"):
            quotes.add_column(column, overflow="fold")
        for quote in entity.evidence:
            quotes.add_row(escape(quote.text), f"{quote.start}–{quote.end}", escape(quote.section))
        print_wide(quotes)


@app.command(
    "search",
    epilog=(
        "Examples:\n\n"
        "  policygraph search 城市大脑\n\n"
        "  policygraph search 'digital economy' --limit 5\n\n"
        "  policygraph search hangzhou --kind PrefectureCity --format csv"
    ),
)
def search_command(
    text: Annotated[str, typer.Argument(help="What to look for: Chinese, English or pinyin.")],
    limit: Annotated[int, typer.Option(min=1, help="At most this many entities.")] = 20,
    kind: Annotated[str | None, typer.Option(help="Only this class, e.g. Industry.")] = None,
    output: FormatOption = Format.table,
    graph: GraphOption = None,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Fuzzy search over every label (zh, en), alias and pinyin, best match first."""
    kg = load_graph(graph, store)
    hits = kg.search(text, limit=limit, kind=kind)
    if output is Format.table:
        hits = hits.drop(columns=["iri"])
    _emit(hits, output)
    if hits.empty:
        err.print(f"nothing matches {text!r}")


@app.command(
    "export",
    epilog=(
        "Examples:\n\n"
        "  policygraph export -o graph.ttl\n\n"
        "  policygraph export --format gexf -o policygraph.gexf     # for Gephi\n\n"
        "  policygraph export --format csv -o tables/               # entities, relations, "
        "observations\n\n"
        "  policygraph export --format parquet -o tables/           # the same, typed, "
        "and evidence\n\n"
        "  policygraph export --format json-ld -o my.jsonld --graph my-data.ttl"
    ),
)
def export_command(
    output_path: Annotated[
        Path, typer.Option("--output", "-o", help="File to write (a folder for csv, parquet).")
    ],
    export_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="turtle, nt, json-ld, trig, graphml, gexf, csv or parquet (default: from the "
            "suffix).",
        ),
    ] = None,
    graph: GraphOption = None,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Export the graph: RDF (every triple), a network for Gephi/yEd, or CSV/Parquet tables."""
    from ..export import guess_export_format

    name = guess_export_format(output_path, export_format)
    kg = load_graph(graph, store)
    with err.status(f"writing {name}…"):
        written = kg.export(output_path, name)
    for path in written:
        out.print(str(path), highlight=False)


@app.command(
    "stats",
    epilog=(
        "Examples:\n\n"
        "  policygraph stats\n\n"
        "  policygraph stats --format csv\n\n"
        "  policygraph stats --graph my-data.ttl"
    ),
)
def stats_command(
    output: FormatOption = Format.table,
    graph: GraphOption = None,
    store: StoreOption = DEFAULT_STORE,
    brief: Annotated[
        bool, typer.Option("--brief", help="Only the summary and the figures by role.")
    ] = False,
) -> None:
    """Counts: triples, entities, statements, figures; by class, by property; sources."""
    import pandas as pd

    kg = load_graph(graph, store)
    with err.status("counting…"):
        stats = kg.stats()
    if output is Format.table:
        _emit(stats.summary, output, title="policygraph")
        _emit(stats.figures, output, title="figures by role")
        if brief:
            return
        _emit(stats.sources.drop(columns=["sha256"]), output, title="sources")
        _emit(stats.classes, output, title="instances by class")
        _emit(stats.properties, output, title="triples by property")
        return
    tables = {
        "summary": stats.summary,
        "figures": stats.figures,
        "sources": stats.sources,
        "classes": stats.classes,
        "properties": stats.properties,
    }
    if output is Format.json:
        record = {
            name: json.loads(frame.to_json(orient="records", force_ascii=False))
            for name, frame in tables.items()
        }
        out.print_json(json.dumps(record, ensure_ascii=False))
        return
    long = pd.concat(
        [
            pd.DataFrame(
                {
                    "table": name,
                    "item": frame.iloc[:, 0].astype(str),
                    "count": frame["count"],
                }
            )
            for name, frame in tables.items()
            if name != "sources"
        ],
        ignore_index=True,
    )
    _emit(long, output)

"""``policygraph render``: interactive HTML views (networks, map, charts, timeline), offline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError, NotFoundError
from ._app import app, err, out
from ._options import DEFAULT_STORE, DataAlias, GraphOption, StoreOption, graph_files, load_graph
from ._query_run import params_of

_TAKES_TARGET = {"entity", "query", "map", "series"}


@app.command(
    epilog=(
        "Views: lineage, cities, overview, entity NAME, query NAME|FILE.rq, map [PROGRAMME], "
        "series [INDICATOR], targets, shares, timeline, all.\n\n"
        "Examples:\n\n"
        "  policygraph render all --out out            # every view, out/index.html and "
        "out/ontology.html\n\n"
        "  policygraph render lineage -o lineage.html\n\n"
        "  policygraph render cities --lang en -o cities.html\n\n"
        "  policygraph render entity 城市大脑 --hops 2 -o city-brain.html\n\n"
        "  policygraph render query policy-lineage -o q.html\n\n"
        "  policygraph render query my.rq --param year=2018 -o mine.html\n\n"
        "  policygraph render map 城市大脑 -o city-brain-map.html   # adoption by year\n\n"
        "  policygraph render series 数字经济总量 -o series.html\n\n"
        "  policygraph render timeline -o timeline.html\n\n"
        "  policygraph render overview --graph my-graph.ttl -o mine-overview.html"
    )
)
def render(
    view: Annotated[
        str,
        typer.Argument(
            help="lineage, cities, overview, entity, query, map, series, targets, shares, "
            "timeline or all."
        ),
    ],
    target: Annotated[
        str | None,
        typer.Argument(
            help="The entity (entity), query name or .rq file (query), programme (map) or "
            "indicator (series)."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The HTML file to write (default: [--out/]VIEW.html)."),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Folder to write into (`render all`: default out)."),
    ] = None,
    hops: Annotated[int, typer.Option(help="Entity view: relations out from the entity.")] = 1,
    lang: Annotated[
        str, typer.Option(help="Initial node labels: both, zh or en (the page has a switch).")
    ] = "both",
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="Query view: a parameter NAME=VALUE (repeatable)."),
    ] = None,
    graph: GraphOption = None,
    data: DataAlias = None,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Write interactive HTML views of the graph: self-contained, offline, zh and en.

    Every node and edge shows its labels, class, year and evidence quote on hover;
    a search box finds nodes by Chinese, English or pinyin.
    """
    from .. import views

    choices = [*views.VIEWS, "all"]  # views.VIEWS is the one table of views
    if view not in choices:
        raise NotFoundError(f"unknown view {view!r}", suggestions=choices)
    if lang not in views.LANGUAGES:
        raise InputError(f"unknown --lang {lang!r}; choose one of both, zh, en")
    if hops < 1:
        raise InputError(f"--hops must be at least 1, got {hops}")
    if view in {"entity", "query"} and not target:
        from ..queries import list_queries

        hint = (
            "name one, e.g. `policygraph render entity 城市大脑`"
            if view == "entity"
            else "named queries: " + ", ".join(q.name for q in list_queries())
        )
        what = "an entity name" if view == "entity" else "a query name or .rq file"
        raise InputError(f"the {view} view needs {what}; {hint}")
    if view == "all" and output is not None:
        raise InputError("`render all` writes a folder: give it with --out, not -o")
    if target and view not in _TAKES_TARGET:
        raise InputError(
            f"the {view} view takes no {target!r}; only entity, query, map and series do"
        )
    kg = load_graph(graph_files(graph, data), store)
    language = lang  # narrowed to a Language by the check above
    if view == "all":
        with err.status(f"rendering every view into {out_dir or 'out'}…"):
            paths = views.render_all(kg, out_dir or Path("out"), lang=language, hops=hops)
        with err.status("documenting the ontology (pyLODE)…"):
            from ..linked import write_ontology_documentation

            documentation = write_ontology_documentation(out_dir or Path("out"), kg)
        paths[-1:-1] = [documentation]  # index.html stays the last line
        for path in paths:
            out.print(str(path), highlight=False)
        return
    net: views.PolicyNetwork | views.Page
    with err.status(f"rendering the {view} view…"):
        if view == "entity":
            net = views.entity(kg, str(target), hops=hops, lang=language)
        elif view == "query":
            net = views.query(kg, str(target), lang=language, **params_of(param or []))
        elif view in {"map", "series"}:
            net = views.render(view, kg, target)
        else:
            net = views.render(view, kg, lang=language)
    target_path = output or (out_dir or Path()) / f"{view}.html"
    if isinstance(net, views.Page):
        path = views.write_page(net, target_path)
        err.print(f"{view}: a {net.view} view, {len(net.items)} drawn", highlight=False)
    else:
        path = views.write_html(net, target_path)
        err.print(f"{view}: {len(net.nodes)} nodes, {len(net.edges)} edges", highlight=False)
    out.print(str(path), highlight=False)

"""``policygraph analyze …``: lineage, cities, centrality, communities, timeline, targets,
diffusion."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ._app import app, err
from ._options import DEFAULT_STORE, FormatOption, GraphOption, StoreOption, load_graph
from ._output import Format, emit

if TYPE_CHECKING:
    import pandas as pd


analyze_app = typer.Typer(
    help="Analyse the graph with NetworkX: lineage, places, centrality, communities, "
    "timeline, targets.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(analyze_app, name="analyze")


class Direction(StrEnum):
    both = "both"
    ancestors = "ancestors"
    descendants = "descendants"


class PathMethod(StrEnum):
    chain = "chain"
    global_ = "global"
    greedy = "greedy"


class CityView(StrEnum):
    places = "places"
    initiatives = "initiatives"
    edges = "edges"
    place_pairs = "place-pairs"
    initiative_pairs = "initiative-pairs"


class SortBy(StrEnum):
    pagerank = "pagerank"
    degree = "degree"
    betweenness = "betweenness"


ClassOption = Annotated[
    list[str] | None,
    typer.Option("--class", help="Only instances of this class (repeatable), e.g. Programme."),
]
PropertyOption = Annotated[
    list[str] | None,
    typer.Option("--property", help="Only this property (repeatable), e.g. descendsFrom."),
]


def _emit(
    table: pd.DataFrame,
    output: Format,
    *,
    title: str,
    columns: list[str] | None = None,
    percent: tuple[str, ...] = (),
    vertical: bool = False,
) -> None:
    emit(
        table,
        output,
        title=title,
        columns=columns,
        percent=percent,
        vertical=vertical,
        digits=".4g",
        count=True,
    )


@analyze_app.command(
    "lineage",
    epilog=(
        "Examples:\n\n"
        "  policygraph analyze lineage                        # the longest dated chain\n\n"
        "  policygraph analyze lineage --path global          # main path by search path count\n\n"
        "  policygraph analyze lineage 一号工程                # its ancestors and descendants\n\n"
        "  policygraph analyze lineage 一号工程 --direction ancestors\n\n"
        "  policygraph analyze lineage 八八战略 --to 3386      # from one to the other\n\n"
        "  policygraph analyze lineage --issues               # cycles, edges backwards in time"
    ),
)
def lineage_command(
    name: Annotated[
        str | None, typer.Argument(help="A policy: label, alias, pinyin, slug or IRI.")
    ] = None,
    direction: Annotated[
        Direction, typer.Option(help="With NAME: what it grew out of, what grew out of it.")
    ] = Direction.both,
    to: Annotated[
        str | None, typer.Option("--to", help="With NAME: the chain from NAME to this one.")
    ] = None,
    path: Annotated[
        PathMethod,
        typer.Option(
            help="Without NAME: longest dated chain, or main path (global or greedy SPC)."
        ),
    ] = PathMethod.chain,
    issues: Annotated[
        bool, typer.Option("--issues", help="List cycles and backward-in-time edges.")
    ] = False,
    graph: GraphOption = None,
    store: StoreOption = DEFAULT_STORE,
    output: FormatOption = Format.table,
) -> None:
    """What grew out of what: chains, main paths and the lineage of one policy."""
    from .. import analytics

    kg = load_graph(graph, store)
    lineage = analytics.lineage_graph(kg, evidence=False)  # the tables show none
    problems = analytics.lineage_issues(lineage)
    if issues:
        _emit(
            problems,
            output,
            title="lineage issues",
            columns=["issue", "source_label", "target_label", "relation", "detail"],
        )
        return
    if len(problems):
        err.print(
            f"[yellow]warning:[/] {len(problems)} lineage issue(s) left out of the analysis; "
            "see --issues"
        )
    node_columns = ["step", "label_zh", "label_en", "kind", "year", "relation"]
    if name is not None and to is not None:
        steps = analytics.lineage_chain(kg, name, to)
        _emit(
            analytics.path_table(lineage, steps),
            output,
            title=f"lineage chain: {name} → {to}",
            columns=node_columns,
        )
    elif name is not None:
        table = analytics.lineage(kg, name, direction=direction.value)
        _emit(
            table,
            output,
            title=f"lineage of {name} ({direction.value})",
            columns=["side", "distance", "label_zh", "label_en", "kind", "year", "path"],
        )
    else:
        if path is PathMethod.chain:
            steps = analytics.longest_chain(lineage)
            title = "longest dated lineage chain"
        else:
            steps = analytics.main_path(lineage, method=path.value)  # type: ignore[arg-type]
            title = f"main path ({path.value} search path count)"
        _emit(
            analytics.path_table(lineage, steps),
            output,
            title=title,
            columns=[*node_columns, "spc"],
        )


@analyze_app.command(
    "cities",
    epilog=(
        "Examples:\n\n"
        "  policygraph analyze cities                         # one row per place\n\n"
        "  policygraph analyze cities --view initiatives      # one row per initiative\n\n"
        "  policygraph analyze cities --view place-pairs      # places sharing initiatives\n\n"
        "  policygraph analyze cities --view edges --format csv\n\n"
        "  policygraph analyze cities --role launched --role deepened"
    ),
)
def cities_command(
    view: Annotated[CityView, typer.Option(help="Which table to show.")] = CityView.places,
    role: Annotated[
        list[str] | None,
        typer.Option(
            help="Only these roles (repeatable): proposed, created, designated, launched, "
            "deepened, hosts, appliesTo."
        ),
    ] = None,
    graph: GraphOption = None,
    store: StoreOption = DEFAULT_STORE,
    output: FormatOption = Format.table,
) -> None:
    """Which places carry which initiatives: the bipartite graph and its projections."""
    import pandas as pd

    from .. import analytics
    from ..errors import InputError

    unknown = [r for r in role or [] if r not in analytics.ROLES]
    if unknown:
        raise InputError(
            f"unknown role(s) {', '.join(unknown)}; choose from {', '.join(analytics.ROLES)}"
        )
    kg = load_graph(graph, store)
    bipartite = analytics.city_initiative_graph(
        kg,
        roles=role or None,
        evidence=view is CityView.edges,  # only that table quotes
    )
    roles = [r for r in analytics.ROLES if r in (role or analytics.DEFAULT_ROLES)]
    if view is CityView.places:
        table = analytics.place_summary(bipartite)
        columns = ["label_zh", "label_en", "kind", "initiatives", *roles, "names"]
        _emit(table, output, title="places and the initiatives they carry", columns=columns)
        return
    if view is CityView.initiatives:
        table = analytics.initiative_summary(bipartite)
        columns = ["label_zh", "label_en", "kind", "places", *roles, "names"]
        _emit(table, output, title="initiatives and the places that carry them", columns=columns)
        return

    def label(node: str) -> str:
        return str(bipartite.nodes[node].get("label_zh") or node)

    rows: list[dict[str, Any]] = []
    if view is CityView.edges:
        for place in analytics.cities.places(bipartite):
            for item in sorted(bipartite[place], key=str):
                data = bipartite.edges[place, item]
                first = (data.get("evidence") or [{}])[0]
                rows.append(
                    {
                        "place": place,
                        "place_zh": label(place),
                        "initiative": item,
                        "initiative_zh": label(item),
                        "role": data.get("role"),
                        "year": data.get("year"),
                        "quote": first.get("quote"),
                        "start": first.get("start"),
                        "end": first.get("end"),
                    }
                )
        table = pd.DataFrame(rows)
        _emit(
            table,
            output,
            title="place–initiative links",
            columns=["place_zh", "initiative_zh", "role", "year", "quote"] if rows else None,
        )
        return
    project = (
        analytics.place_projection
        if view is CityView.place_pairs
        else analytics.initiative_projection
    )
    for u, v, data in sorted(
        project(bipartite).edges(data=True), key=lambda e: (-e[2]["weight"], str(e[0]), str(e[1]))
    ):
        rows.append(
            {
                "a": u,
                "a_zh": label(u),
                "b": v,
                "b_zh": label(v),
                "shared": data["weight"],
                "shared_zh": "、".join(data["shared_labels"]),
            }
        )
    table = pd.DataFrame(rows, columns=["a", "a_zh", "b", "b_zh", "shared", "shared_zh"])
    _emit(
        table,
        output,
        title=f"{view.value}: linked by what they share",
        columns=["a_zh", "b_zh", "shared", "shared_zh"],
    )


@analyze_app.command(
    "centrality",
    epilog=(
        "Examples:\n\n"
        "  policygraph analyze centrality --top 15\n\n"
        "  policygraph analyze centrality --kind Programme --sort betweenness\n\n"
        "  policygraph analyze centrality --class PolicyThing --property descendsFrom"
    ),
)
def centrality_command(
    kind: Annotated[
        list[str] | None,
        typer.Option(help="Only report nodes of this kind (repeatable; sub-kinds count)."),
    ] = None,
    top: Annotated[int | None, typer.Option(min=1, help="Show the first N rows.")] = None,
    sort: Annotated[SortBy, typer.Option(help="Rank by this measure.")] = SortBy.pagerank,
    classes: ClassOption = None,
    properties: PropertyOption = None,
    graph: GraphOption = None,
    store: StoreOption = DEFAULT_STORE,
    output: FormatOption = Format.table,
) -> None:
    """Which things are central: degree, betweenness and PageRank."""
    from .. import analytics

    kg = load_graph(graph, store)
    whole = analytics.to_networkx(kg, classes=classes or None, properties=properties or None)
    table = analytics.centrality(whole, kinds=kind or None, top=top, sort=sort.value)
    _emit(
        table,
        output,
        title=f"centrality (by {sort.value})",
        columns=["label_zh", "label_en", "kind", "year", "degree", "betweenness", "pagerank"],
    )


@analyze_app.command(
    "communities",
    epilog=(
        "Examples:\n\n"
        "  policygraph analyze communities\n\n"
        "  policygraph analyze communities --seed 7 --resolution 1.5 --format csv\n\n"
        "  policygraph analyze communities --class PolicyThing --class Place"
    ),
)
def communities_command(
    seed: Annotated[int, typer.Option(help="Random seed of the Louvain method.")] = 42,
    resolution: Annotated[
        float, typer.Option(min=0.0, help="Louvain resolution: higher, smaller communities.")
    ] = 1.0,
    classes: ClassOption = None,
    properties: PropertyOption = None,
    graph: GraphOption = None,
    store: StoreOption = DEFAULT_STORE,
    output: FormatOption = Format.table,
) -> None:
    """Louvain communities of the graph (fixed seed, reproducible)."""
    from .. import analytics

    kg = load_graph(graph, store)
    whole = analytics.to_networkx(kg, classes=classes or None, properties=properties or None)
    table = analytics.communities(whole, seed=seed, resolution=resolution)
    _emit(
        table,
        output,
        title=f"Louvain communities (seed {seed}, resolution {resolution})",
        columns=["community", "size", "label_zh", "label_en", "kind", "year"],
    )


@analyze_app.command(
    "timeline",
    epilog=(
        "Examples:\n\n"
        "  policygraph analyze timeline\n\n"
        "  policygraph analyze timeline --events-only\n\n"
        "  policygraph analyze timeline --since 2014 --until 2017 --format json"
    ),
)
def timeline_command(
    since: Annotated[int | None, typer.Option(help="First year shown.")] = None,
    until: Annotated[int | None, typer.Option(help="Last year shown.")] = None,
    events_only: Annotated[
        bool,
        typer.Option(
            "--events-only", help="Only proposals, creations, designations, launches, deepenings."
        ),
    ] = False,
    graph: GraphOption = None,
    store: StoreOption = DEFAULT_STORE,
    output: FormatOption = Format.table,
) -> None:
    """Dated events in year order, each with its quote from the source."""
    from .. import analytics

    kg = load_graph(graph, store)
    table = analytics.timeline(kg, since=since, until=until, events_only=events_only)
    _emit(
        table,
        output,
        title="timeline",
        columns=["year", "event", "subject_zh", "relation", "object_zh", "quote"],
    )


@analyze_app.command(
    "targets",
    epilog=(
        "Examples:\n\n"
        "  policygraph analyze targets                  # growth each target needs\n\n"
        "  policygraph analyze targets --checks         # the source's own arithmetic\n\n"
        "  policygraph analyze targets --target digital-economy-value-added-target-2022 "
        "--actual digital-economy-total-2018"
    ),
)
def targets_command(
    target: Annotated[
        str | None, typer.Option(help="One target observation (slug or IRI).")
    ] = None,
    actual: Annotated[
        str | None, typer.Option(help="The actual observation to compare it with.")
    ] = None,
    checks: Annotated[
        bool, typer.Option("--checks", help="Show the arithmetic checks of the source instead.")
    ] = False,
    graph: GraphOption = None,
    store: StoreOption = DEFAULT_STORE,
    output: FormatOption = Format.table,
) -> None:
    """Targets against actuals: the yearly growth needed, next to the growth reported."""
    from .. import analytics

    kg = load_graph(graph, store)
    if checks:
        table = analytics.source_checks(kg)
        _emit(
            table,
            output,
            title="the source's arithmetic (policygraph.checks)",
            columns=["observation", "value", "unit", "checks", "status", "reason"],
        )
        return
    table = analytics.target_gaps(kg, target=target, actual=actual)
    _emit(
        table,
        output,
        title="targets against actuals",
        columns=[
            "target_indicator",
            "target_year",
            "target_value",
            "target_unit",
            "actual_indicator",
            "actual_year",
            "actual_value",
            "actual_unit",
            "years",
            "required_growth",
            "reported_growth",
            "reported_growth_year",
            "pairing",
        ],
        percent=("required_growth", "reported_growth"),
        vertical=True,
    )


class DiffusionPart(StrEnum):
    events = "events"
    curve = "curve"
    neighbours = "neighbours"


@analyze_app.command(
    "diffusion",
    epilog=(
        "Examples:\n\n"
        "  policygraph analyze diffusion 城市大脑                 # who adopted it, when\n\n"
        "  policygraph analyze diffusion city-brain --part curve  # cumulative adoptions\n\n"
        "  policygraph analyze diffusion 城市大脑 --part neighbours --format csv"
    ),
)
def diffusion_command(
    programme: Annotated[str, typer.Argument(help="The programme: label, alias, pinyin or IRI.")],
    part: Annotated[
        DiffusionPart,
        typer.Option(help="events (by place), curve (by year) or neighbours (after a neighbour)."),
    ] = DiffusionPart.events,
    graph: GraphOption = None,
    store: StoreOption = DEFAULT_STORE,
    output: FormatOption = Format.table,
) -> None:
    """Where and when places adopted a programme (proposed, launched, deepened, piloted)."""
    from .. import analytics

    kg = load_graph(graph, store)
    spread = analytics.diffusion(kg, programme)
    name = " ".join(p for p in (spread.label_zh, spread.label_en) if p)
    if part is DiffusionPart.curve:
        _emit(spread.curve, output, title=f"adoption curve: {name}")
    elif part is DiffusionPart.neighbours:
        _emit(spread.after_neighbour, output, title=f"adopted after a neighbour: {name}")
    else:
        events = spread.events.copy()
        events["quotes"] = [[e["quote"] for e in found] for found in events.evidence]
        _emit(
            events.drop(columns=["evidence"]) if output is not Format.json else events,
            output,
            title=f"adoptions: {name}",
            columns=["order", "place_zh", "place_en", "level", "year", "roles", "quotes"],
        )

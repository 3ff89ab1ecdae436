"""``policygraph serve`` (a SPARQL endpoint) and ``policygraph push`` (upload to a store)."""

from __future__ import annotations

import ipaddress
import signal
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ._app import app, err

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph


def _load(files: list[Path] | None, ontology: bool) -> KnowledgeGraph:
    from ..graph import load

    return load(files or None, ontology=ontology)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _stop_on_signal(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@app.command(
    epilog=(
        "Examples:\n\n"
        "  policygraph serve                          # http://127.0.0.1:8787/\n\n"
        "  policygraph serve --port 9000 --timeout 10 --max-rows 1000\n\n"
        "  policygraph serve --cors                   # let other web pages query\n\n"
        "  policygraph serve my-data.ttl --no-ontology\n\n"
        "  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' "
        "http://127.0.0.1:8787/sparql\n\n"
        "See docs/serving.md."
    )
)
def serve(
    files: Annotated[
        list[Path] | None, typer.Argument(help="RDF files to serve (default: the bundled graph).")
    ] = None,
    host: Annotated[
        str, typer.Option(help="Interface to listen on; anything but loopback is public.")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(help="TCP port (0: any free port).", min=0, max=65535)
    ] = 8787,
    timeout: Annotated[
        float, typer.Option(help="Seconds a query may run before it gets 503.", min=0.1)
    ] = 30.0,
    max_rows: Annotated[
        int,
        typer.Option(help="Rows (or triples) returned at most; more are cut and marked.", min=1),
    ] = 10_000,
    max_request_kb: Annotated[
        int, typer.Option(help="Largest request accepted, in KiB (larger: 413).", min=1)
    ] = 256,
    max_concurrent: Annotated[
        int,
        typer.Option(help="Queries running at once, each in a worker process of its own.", min=1),
    ] = 4,
    max_memory_mb: Annotated[
        int,
        typer.Option(help="Memory one query may use, in MiB (more: 502); 0: no limit.", min=0),
    ] = 2048,
    ontology: Annotated[
        bool, typer.Option(help="Serve the policygraph ontology along with the data.")
    ] = True,
    cors: Annotated[
        bool,
        typer.Option(
            help="Let web pages on other origins query (CORS); "
            "without it, cross-site requests get 403."
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not log requests.")] = False,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint, with a query page and the views."""
    from ..server import Limits, SparqlServer

    with err.status("loading the graph…"):
        kg = _load(files, ontology)
    limits = Limits(
        timeout=timeout,
        max_rows=max_rows,
        max_request_bytes=max_request_kb * 1024,
        max_concurrent=max_concurrent,
        max_memory_mb=max_memory_mb or None,
    )
    server = SparqlServer(
        kg,
        host=host,
        port=port,
        limits=limits,
        cors=cors,
        prerender_views=True,
        log=None if quiet else lambda line: err.print(line, highlight=False, markup=False),
    )
    if not _is_loopback(host):
        err.print(
            f"[bold yellow]warning:[/] listening on {host}: anyone who can reach this machine "
            "can query it"
        )

    def ready() -> None:
        err.print(f"{len(kg)} triples; time limit {timeout:g} s; at most {max_rows} rows")
        err.print(f"SPARQL endpoint  {server.endpoint}")
        err.print(f"query page       {server.url}")
        err.print(f"HTML views       {server.url}views/")
        err.print("press Ctrl-C to stop")

    # SIGTERM and SIGHUP (the terminal closed) stop the server as Ctrl-C does: cleanly.
    previous = {
        signum: signal.signal(signum, _stop_on_signal) for signum in (signal.SIGTERM, signal.SIGHUP)
    }
    try:
        server.serve_forever(ready=ready)
    except KeyboardInterrupt:
        err.print("stopped")
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


class Protocol(StrEnum):
    gsp = "gsp"
    update = "update"


@app.command(
    epilog=(
        "Examples:\n\n"
        "  policygraph push --endpoint http://localhost:7878/store            # Oxigraph\n\n"
        "  policygraph push --endpoint http://localhost:3030/policygraph/data \\\n"
        "      --graph https://w3id.org/policygraph/graph/zhejiang          # Fuseki\n\n"
        "  policygraph push --endpoint http://localhost:7878/update --protocol update\n\n"
        "Credentials go in the URL (http://user:password@host/…); they are never printed."
    )
)
def push(
    endpoint: Annotated[
        str,
        typer.Option(
            help="Graph Store endpoint (Oxigraph /store, Fuseki /<dataset>/data), "
            "or the Update endpoint with --protocol update."
        ),
    ],
    files: Annotated[
        list[Path] | None, typer.Argument(help="RDF files to push (default: the bundled graph).")
    ] = None,
    graph: Annotated[
        str | None, typer.Option(help="Named graph to replace (default: the default graph).")
    ] = None,
    protocol: Annotated[
        Protocol, typer.Option(help="gsp: Graph Store Protocol; update: SPARQL Update.")
    ] = Protocol.gsp,
    batch_size: Annotated[int, typer.Option(help="Triples per request.", min=1)] = 50_000,
    timeout: Annotated[
        float, typer.Option(help="Seconds to wait for a connection or an answer.", min=0.1)
    ] = 120.0,
    ontology: Annotated[
        bool, typer.Option(help="Push the policygraph ontology along with the data.")
    ] = True,
) -> None:
    """Upload the graph to a SPARQL store, replacing the target graph (never duplicating it)."""
    from ..remote import push as run_push

    with err.status("loading the graph…"):
        kg = _load(files, ontology)
    with Progress(
        TextColumn("pushing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("triples"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("push", total=len(kg))

        def advance(sent: int, total: int) -> None:
            bar.update(task, completed=sent, total=total)

        report = run_push(
            kg,
            endpoint,
            graph=graph,
            protocol=protocol.value,
            batch_size=batch_size,
            timeout=(min(timeout, 30.0), timeout),
            progress=advance,
        )
    target = f"graph <{report.graph}>" if report.graph else "the default graph"
    err.print(
        f"replaced {target} with {report.triples} triples "
        f"in {report.batches} batch{'es' if report.batches != 1 else ''} "
        f"({report.seconds:.1f} s)"
    )

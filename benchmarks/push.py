"""Push throughput: ``policygraph push`` of a synthetic corpus to Oxigraph and to Virtuoso.

Each server is started on loopback from a temporary folder (``tests/servers.py``), the
corpus is loaded once into an embedded Oxigraph store, and the same graph is pushed to
each server through its Graph Store endpoint (Virtuoso: digest authentication) and
through SPARQL Update. The median of ``runs`` pushes is reported with triples a second.

Usage::

    python benchmarks/push.py --size 1e6 --runs 3     # also run by benchmarks/run.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from servers import (  # type: ignore[import-not-found]  # noqa: E402 - tests/ is put on the path first
    oxigraph_server,
    virtuoso_available,
    virtuoso_server,
)

__all__ = ["measure_push", "push_lines"]

GRAPH = "https://w3id.org/policygraph/graph/benchmark"
GSP_BATCH = 50_000
# Virtuoso compiles each update into SQL, with a size limit: updates go in small batches.
UPDATE_BATCH = {"oxigraph": 50_000, "virtuoso": 400}


def _targets() -> Iterator[tuple[str, Callable[[], AbstractContextManager[Any]]]]:
    yield "oxigraph", oxigraph_server
    if virtuoso_available():
        yield "virtuoso", virtuoso_server


def _endpoints(name: str, server: Any) -> dict[str, tuple[str, tuple[str, str] | None]]:
    if name == "oxigraph":
        return {"gsp": (f"{server}/store", None), "update": (f"{server}/update", None)}
    return {"gsp": (server.graph_store, server.auth), "update": (server.sparql, server.auth)}


def measure_push(
    data: Path, runs: int, *, protocols: tuple[str, ...] = ("gsp",)
) -> list[dict[str, Any]]:
    """Median push time of ``data`` (N-Triples) to each server, per protocol."""
    import policygraph as pg
    from policygraph.remote import push

    kg = pg.load([data], ontology=False, progress=False)
    results: list[dict[str, Any]] = []
    for name, start in _targets():
        with start() as server:
            for protocol in protocols:
                endpoint, auth = _endpoints(name, server)[protocol]
                batch = GSP_BATCH if protocol == "gsp" else UPDATE_BATCH[name]
                seconds: list[float] = []
                for _ in range(runs):
                    began = time.perf_counter()
                    report = push(
                        kg, endpoint, graph=GRAPH, protocol=protocol,  # type: ignore[arg-type]
                        batch_size=batch, auth=auth, timeout=(10, 600),
                    )  # fmt: skip
                    seconds.append(time.perf_counter() - began)
                median = statistics.median(seconds)
                results.append({
                    "server": name, "protocol": protocol, "triples": report.triples,
                    "batches": report.batches, "seconds": median,
                    "per_second": report.triples / median, "runs": runs,
                })  # fmt: skip
    if not virtuoso_available():
        results.append({"server": "virtuoso", "note": "not installed (virtuoso-opensource)"})
    return results


def push_lines(results: list[dict[str, Any]]) -> list[str]:
    """The Markdown table of `measure_push` results."""
    lines = ["| server | protocol | triples | batches | median | triples/s |",
             "|---|---|---|---|---|---|"]  # fmt: skip
    for row in results:
        if "note" in row:
            lines.append(f"| {row['server']} | {row['note']} | | | | |")
            continue
        lines.append(
            f"| {row['server']} | {row['protocol']} | {row['triples']:,} | {row['batches']} "
            f"| {row['seconds']:.1f} s ({row['runs']} runs) | {row['per_second']:,.0f} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    from run import corpus  # type: ignore[import-not-found]

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1e6", help="triples in the synthetic corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--update", action="store_true", help="also push by SPARQL Update")
    parser.add_argument("--data-dir", type=Path, default=HERE / ".data", help="corpus cache")
    args = parser.parse_args(argv)
    data = corpus(args.data_dir, int(float(args.size)))
    protocols = ("gsp", "update") if args.update else ("gsp",)
    print("\n".join(push_lines(measure_push(data, args.runs, protocols=protocols))))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Load test of ``policygraph serve``: latency under 20 and 50 concurrent clients, on loopback.

It starts ``policygraph serve`` (the bundled graph) in a subprocess on a free
loopback port, and runs closed-loop clients in threads: each sends its next
request when the last one is answered. Two kinds of client: *keep-alive* (one
connection reused) and *new connection* (a fresh TCP connection per request, which
exercises the listen backlog: a full backlog drops SYNs, and the kernel retries
after 1 s and 3 s, which shows as connect times of about 1 s or 3 s).

Bounded: every round stops after ``--requests`` per client or ``--seconds``,
whichever comes first. Only 127.0.0.1 is contacted.

    python benchmarks/load.py                 # 20 and 50 clients, both kinds
    python benchmarks/load.py --clients 20 --requests 50
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

QUERY = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(LANG(?label) = 'zh') } LIMIT 100"
)
# A connect this slow means a dropped SYN and a kernel retry (1 s, then 3 s).
SYN_STALL_SECONDS = 0.9


@dataclass
class Round:
    """What one round of clients saw."""

    clients: int
    keep_alive: bool
    latencies: list[float] = field(default_factory=list)
    connects: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    seconds: float = 0.0

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

    @property
    def stalls(self) -> int:
        return sum(1 for seconds in self.connects if seconds >= SYN_STALL_SECONDS)


def start_server(max_concurrent: int) -> tuple[subprocess.Popen[str], str]:
    """``policygraph serve`` on a free loopback port; its process and base URL."""
    command = [
        sys.executable, "-m", "policygraph", "serve", "--host", "127.0.0.1", "--port", "0",
        "--quiet", "--max-concurrent", str(max_concurrent),
    ]  # fmt: skip
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    for line in process.stderr:
        match = re.search(r"SPARQL endpoint\s+(\S+)", line)
        if match:
            threading.Thread(target=process.stderr.read, daemon=True).start()  # drain
            return process, match.group(1)
    raise RuntimeError(f"policygraph serve did not start (exit {process.wait()})")


def _client(
    endpoint: str, result: Round, requests: int, stop_at: float, lock: threading.Lock
) -> None:
    parts = urllib.parse.urlsplit(endpoint)
    target = parts.path + "?" + urllib.parse.urlencode({"query": QUERY})
    connection: http.client.HTTPConnection | None = None
    for _ in range(requests):
        if time.monotonic() >= stop_at:
            break
        started = time.perf_counter()
        try:
            if connection is None:
                connection = http.client.HTTPConnection(
                    parts.hostname or "", parts.port, timeout=30
                )
                connection.connect()
                connected = time.perf_counter() - started
                with lock:
                    result.connects.append(connected)
            connection.request("GET", target, headers={"Accept": "application/sparql-results+json"})
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                result.latencies.append(elapsed)
                result.statuses[response.status] = result.statuses.get(response.status, 0) + 1
            if not result.keep_alive or response.will_close:
                connection.close()
                connection = None
        except OSError:
            with lock:
                result.errors += 1
            if connection is not None:
                connection.close()
            connection = None
    if connection is not None:
        connection.close()


def run_round(
    endpoint: str, clients: int, keep_alive: bool, requests: int, seconds: float
) -> Round:
    """``clients`` closed-loop clients, each sending up to ``requests`` requests."""
    result = Round(clients, keep_alive)
    lock = threading.Lock()
    began = time.monotonic()
    stop_at = began + seconds
    threads = [
        threading.Thread(target=_client, args=(endpoint, result, requests, stop_at, lock))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - began
    return result


def measure(
    clients: tuple[int, ...] = (20, 50),
    requests: int = 40,
    seconds: float = 30.0,
    max_concurrent: int = 4,
) -> list[Round]:
    """Start a server, run every round, stop the server."""
    process, endpoint = start_server(max_concurrent)
    try:
        run_round(endpoint, 4, True, 5, seconds)  # warm up the workers
        rounds = []
        for count in clients:
            for keep_alive in (True, False):
                rounds.append(run_round(endpoint, count, keep_alive, requests, seconds))
        baseline = run_round(endpoint, 1, True, 20, seconds)
        rounds.insert(0, baseline)
        return rounds
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def table(rounds: list[Round], max_concurrent: int = 4) -> list[str]:
    """The rounds as a Markdown table, with how it was measured."""
    out = [
        f"`policygraph serve` on loopback (bundled graph, {max_concurrent} query workers), "
        "closed-loop clients in threads of one process, a 100-row SELECT per request. "
        f"A *SYN stall* is a connect of {SYN_STALL_SECONDS:g} s or more (a dropped SYN, retried "
        "by the kernel after 1 s or 3 s). 503s are the endpoint saying it is busy "
        "(`Retry-After: 1`), counted, not retried.",
        "",
        "| clients | connections | requests | p50 | p99 | max | requests/s | 200 | 503 | "
        "errors | SYN stalls |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in rounds:
        total = len(result.latencies)
        out.append(
            f"| {result.clients} | {'keep-alive' if result.keep_alive else 'new per request'} "
            f"| {total} | {result.percentile(0.5) * 1000:.0f} ms "
            f"| {result.percentile(0.99) * 1000:.0f} ms "
            f"| {max(result.latencies, default=float('nan')) * 1000:.0f} ms "
            f"| {total / result.seconds:.0f} | {result.statuses.get(200, 0)} "
            f"| {result.statuses.get(503, 0)} | {result.errors} | {result.stalls} |"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="20,50", help="comma-separated client counts")
    parser.add_argument("--requests", type=int, default=40, help="requests per client")
    parser.add_argument("--seconds", type=float, default=30, help="cap per round")
    parser.add_argument("--max-concurrent", type=int, default=4, help="query workers")
    args = parser.parse_args(argv)
    counts = tuple(int(count) for count in args.clients.split(","))
    rounds = measure(counts, args.requests, args.seconds, args.max_concurrent)
    print("\n".join(table(rounds, args.max_concurrent)))
    print(f"load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())}", file=sys.stderr)
    return 1 if any(result.stalls or result.errors for result in rounds) else 0


if __name__ == "__main__":
    sys.exit(main())

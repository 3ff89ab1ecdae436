"""Real SPARQL servers on loopback for the tests and the benchmark: Oxigraph and Virtuoso.

Each runs from a temporary folder of its own, on free ports, and is stopped (its folder
removed) when the ``with`` block ends.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from policygraph.server import oxigraph_binary
from policygraph.server._engine import free_port

__all__ = ["Virtuoso", "free_port", "oxigraph_server", "virtuoso_available", "virtuoso_server"]

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
_PACKAGED_DB = "/var/lib/virtuoso-opensource-7/db"


def _wait_for(url: str, process: subprocess.Popen[bytes], seconds: float, log: Path | None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"the server exited with {process.returncode}: {tail}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {seconds:g} s")


@contextmanager
def oxigraph_server() -> Iterator[str]:
    """A read-write Oxigraph server; yields its base URL (``/query``, ``/update``, ``/store``)."""
    with tempfile.TemporaryDirectory(prefix="policygraph-test-store-") as folder:
        port = free_port()
        process = subprocess.Popen(
            [str(oxigraph_binary()), "serve", "--location", folder, "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for(f"{base}/query?query=ASK%7B%7D", process, 20, None)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=10)


@dataclass(frozen=True)
class Virtuoso:
    """Where a running Virtuoso answers."""

    base: str  # http://127.0.0.1:PORT
    sql_port: int
    auth: tuple[str, str] = ("dba", "dba")

    @property
    def sparql(self) -> str:
        """The query and update endpoint."""
        return f"{self.base}/sparql"

    @property
    def graph_store(self) -> str:
        """The Graph Store Protocol endpoint (digest authentication)."""
        return f"{self.base}/sparql-graph-crud-auth"


def virtuoso_available() -> bool:
    """Whether the Debian package virtuoso-opensource is installed."""
    return VIRTUOSO_INI.exists() and shutil.which("virtuoso-t") is not None


@contextmanager
def virtuoso_server(*, memory_buffers: int = 170_000) -> Iterator[Virtuoso]:
    """OpenLink Virtuoso from the Debian package, in a temporary folder on free ports.

    The packaged ``virtuoso.ini`` is copied with its own database paths, ports and buffer
    sizes; SPARQL updates over HTTP are granted to the ``SPARQL`` user.
    """
    with tempfile.TemporaryDirectory(prefix="policygraph-test-virtuoso-") as name:
        folder = Path(name)
        sql_port, http_port = free_port(), free_port()
        ini = VIRTUOSO_INI.read_text(encoding="utf-8").replace(_PACKAGED_DB, str(folder))
        ini = re.sub(r"(?m)^(ServerPort\s*=\s*)1111\b", rf"\g<1>{sql_port}", ini)
        ini = re.sub(r"(?m)^(ServerPort\s*=\s*)8890\b", rf"\g<1>{http_port}", ini)
        ini = re.sub(r"(?m)^(NumberOfBuffers\s*=\s*)\d+", rf"\g<1>{memory_buffers}", ini)
        ini = re.sub(r"(?m)^(MaxDirtyBuffers\s*=\s*)\d+", rf"\g<1>{memory_buffers * 3 // 4}", ini)
        # Its cost estimates for our OPTIONAL-heavy queries run to hours while the queries
        # take milliseconds: no refusal by estimate, a real time limit instead.
        ini = re.sub(r"(?m)^(MaxQueryCostEstimationTime\s*=)", r";\1", ini)
        ini = re.sub(r"(?m)^(MaxQueryExecutionTime\s*=\s*)\d+", r"\g<1>300", ini)
        ini = re.sub(r"(?m)^(ResultSetMaxRows\s*=\s*)\d+", r"\g<1>1000000", ini)
        config = folder / "virtuoso.ini"
        config.write_text(ini, encoding="utf-8")
        process = subprocess.Popen(
            ["virtuoso-t", "+foreground", "+configfile", str(config)],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        server = Virtuoso(f"http://127.0.0.1:{http_port}", sql_port)
        try:
            _wait_for(f"{server.sparql}?query=ASK%7B%7D", process, 120, folder / "virtuoso.log")
            subprocess.run(
                ["isql-vt", str(sql_port), *server.auth, 'exec=grant SPARQL_UPDATE to "SPARQL";'],
                check=True,
                capture_output=True,
                timeout=60,
            )
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

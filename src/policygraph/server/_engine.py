"""The SPARQL engine behind ``policygraph serve``: an Oxigraph server in a child process."""

from __future__ import annotations

import math
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from rdflib import Graph

from ..errors import PolicygraphError

__all__ = ["OxigraphEngine", "free_port", "oxigraph_binary"]

_STARTUP_SECONDS = 30.0


def oxigraph_binary() -> Path:
    """The ``oxigraph`` command-line server (PyPI package ``oxigraph``).

    Raises
    ------
    PolicygraphError
        It is not installed; says how to install it.
    """
    beside_python = Path(sys.executable).with_name("oxigraph")
    if beside_python.is_file():
        return beside_python
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise PolicygraphError(
        "the Oxigraph server is not installed; install it with "
        "`pip install 'policygraph[server]'` (PyPI package `oxigraph`)"
    )


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


class OxigraphEngine:
    """A read-only Oxigraph server on loopback, holding one graph in a temporary store.

    Parameters
    ----------
    graph : rdflib.Graph
        The triples to serve (loaded into the default graph).
    timeout : float
        Oxigraph's own query timeout in seconds. It only bounds the work of a
        query nobody waits for any more; the front end keeps the real deadline.
    """

    def __init__(self, graph: Graph, *, timeout: float) -> None:
        self.graph = graph
        self.timeout = timeout
        self.port = 0
        self.triples = 0
        self._workdir: tempfile.TemporaryDirectory[str] | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def query_url(self) -> str:
        """The engine's SPARQL query endpoint."""
        return f"http://127.0.0.1:{self.port}/query"

    def __enter__(self) -> OxigraphEngine:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Load the graph into a fresh store and start the server; wait until it answers."""
        binary = oxigraph_binary()
        self._workdir = tempfile.TemporaryDirectory(prefix="policygraph-engine-")
        try:
            self._start(binary, Path(self._workdir.name))
        except BaseException:
            self.stop()
            raise

    def _start(self, binary: Path, workdir: Path) -> None:
        data = workdir / "data.nt"
        self.graph.serialize(destination=data, format="nt", encoding="utf-8")
        self.triples = len(self.graph)
        loaded = subprocess.run(
            [str(binary), "load", "--location", str(workdir / "store"), "--file", str(data)],
            capture_output=True,
            text=True,
            check=False,
        )
        if loaded.returncode != 0:
            raise PolicygraphError(f"oxigraph load failed: {loaded.stderr.strip()}")
        data.unlink()
        for _attempt in range(3):  # another process may take the free port in between
            self.port = free_port()
            if self._spawn(binary, workdir):
                return
        raise PolicygraphError(f"the Oxigraph server did not start: {self._log_tail(workdir)}")

    def _spawn(self, binary: Path, workdir: Path) -> bool:
        log = (workdir / "oxigraph.log").open("ab")
        command = [
            str(binary),
            "serve-read-only",
            "--location",
            str(workdir / "store"),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout-s",
            str(max(1, math.ceil(self.timeout))),
        ]
        self._process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, close_fds=True
        )
        log.close()
        ready = time.monotonic() + _STARTUP_SECONDS
        probe = f"{self.query_url}?query=ASK%7B%7D"
        while time.monotonic() < ready:
            if self._process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(probe, timeout=2) as answer:
                    if answer.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        self._terminate()
        return False

    @staticmethod
    def _log_tail(workdir: Path) -> str:
        try:
            lines = (workdir / "oxigraph.log").read_text(errors="replace").strip().splitlines()
        except OSError:
            return "no log"
        return " | ".join(lines[-5:]) or "no output"

    def running(self) -> bool:
        """Whether the server process is alive."""
        return self._process is not None and self._process.poll() is None

    def _terminate(self) -> None:
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def stop(self) -> None:
        """Stop the server and delete its store."""
        self._terminate()
        if self._workdir is not None:
            self._workdir.cleanup()
            self._workdir = None

"""Query workers for ``policygraph serve``: processes that can be killed at the deadline.

The graph is written once into an on-disk Oxigraph store in a scratch folder;
each worker (``_worker.py``) opens it read-only. A query runs in one idle worker;
when it passes the deadline the worker is killed (its CPU and memory are freed at
once) and a replacement is started. Workers are the concurrency limit: a query
needs an idle one, and a killed worker is replaced only after it is gone.

Scratch folders are named ``policygraph-serve-<pid>-…`` and hold an ``owner``
file with the pid and its start time, so that the next start can remove the
folders of processes that died without cleaning up (SIGKILL), and only those.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any

from rdflib import Graph

from ..errors import PolicygraphError
from ._worker import read_frame, write_frame

__all__ = [
    "QueryTimeout",
    "WorkerLost",
    "WorkerPool",
    "load_store",
    "make_scratch",
    "remove_stale_scratch",
]

SCRATCH_PREFIX = "policygraph-serve-"
_WORKER_SCRIPT = Path(__file__).with_name("_worker.py")
_STARTUP_SECONDS = 60.0
_RETRY_SECONDS = 1.0


class QueryTimeout(Exception):
    """The deadline passed before the worker answered."""


class WorkerLost(Exception):
    """The worker died or broke the protocol while answering."""


def _start_time(pid: int) -> str | None:
    """The start time of a process (clock ticks since boot), or ``None`` if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def make_scratch() -> Path:
    """A new scratch folder owned by this process (see the module docstring)."""
    folder = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-"))
    (folder / "owner").write_text(f"{os.getpid()} {_start_time(os.getpid()) or ''}\n")
    return folder


def remove_stale_scratch(root: Path | None = None) -> list[Path]:
    """Remove the scratch folders of ``serve`` processes that no longer exist.

    A folder is stale when it belongs to this user and the process named in its
    ``owner`` file is gone (or is another process that reused the pid). Returns
    the folders removed.
    """
    root = Path(root or tempfile.gettempdir())
    removed = []
    for folder in root.glob(f"{SCRATCH_PREFIX}*"):
        try:
            if not folder.is_dir() or folder.is_symlink() or folder.stat().st_uid != os.getuid():
                continue
            owner = (folder / "owner").read_text().split()
            pid, started = int(owner[0]), owner[1] if len(owner) > 1 else ""
        except (OSError, ValueError, IndexError):
            continue  # not ours to judge: being created, or not a policygraph folder
        alive = _start_time(pid)
        if alive is not None and (not started or alive == started):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def load_store(graph: Graph, folder: Path) -> int:
    """Write ``graph`` into a new Oxigraph store at ``folder``; the number of triples."""
    import pyoxigraph

    data = graph.serialize(format="nt", encoding="utf-8")
    store = pyoxigraph.Store(str(folder))
    store.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.flush()
    count = len(store)
    del store  # closes it, so that the workers open a settled store
    return count


class Worker:
    """One worker process and its pipes."""

    def __init__(self, store: Path, log: Path, isolate: bool, memory_mb: int | None) -> None:
        command = [sys.executable, "-I", str(_WORKER_SCRIPT), str(store), str(os.getpid())]
        if not isolate:
            command.append("--no-isolation")
        if memory_mb is not None:
            command.append(f"--max-memory-mb={memory_mb}")
        with log.open("ab") as stderr:
            self.process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr
            )
        self.pid = self.process.pid
        self.isolated = False

    def wait_ready(self, timeout: float) -> None:
        """Wait for the worker's first frame (it has opened the store).

        Raises
        ------
        WorkerLost
            It exited or did not answer in time.
        """
        self._wait(time.monotonic() + timeout)
        ready = json.loads(self._frame())
        self.isolated = bool(ready.get("isolated"))

    def run(self, request: dict[str, Any], deadline: float) -> tuple[dict[str, Any], bytes]:
        """Send one request and read its answer before ``deadline`` (monotonic seconds).

        Raises
        ------
        QueryTimeout
            The deadline passed; the worker is still busy and must be killed.
        WorkerLost
            The worker died.
        """
        assert self.process.stdin is not None
        try:
            write_frame(self.process.stdin, json.dumps(request).encode())
            self.process.stdin.flush()
        except OSError as exc:
            raise WorkerLost(f"the query worker is gone: {exc}") from exc
        self._wait(deadline)
        # The worker writes an answer's two frames at once, so the rest comes without waiting.
        header = json.loads(self._frame())
        return header, self._frame()

    def _wait(self, deadline: float) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise QueryTimeout
        assert self.process.stdout is not None
        readable, _, _ = select.select([self.process.stdout.fileno()], [], [], remaining)
        if not readable:
            raise QueryTimeout

    def _frame(self) -> bytes:
        assert self.process.stdout is not None
        frame = read_frame(self.process.stdout)
        if frame is None:
            raise WorkerLost("the query worker stopped (it may have run out of memory)")
        return frame

    def kill(self) -> None:
        """Kill the process and wait until it is gone."""
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


class WorkerPool:
    """A fixed number of query workers over one read-only store.

    Workers are started by one long-lived thread, because the kernel sends a
    worker its parent-death signal when the *thread* that started it ends.
    """

    def __init__(
        self, store: Path, size: int, *, isolate: bool = True, memory_mb: int | None = None
    ) -> None:
        self.store = store
        self.size = size
        self.isolate = isolate
        self.memory_mb = memory_mb
        self.log = store.parent / "workers.log"
        self._idle: deque[Worker] = deque()
        self._all: set[Worker] = set()
        self._changed = threading.Condition()
        self._to_start = 0
        self._stopping = False
        self._failure: str | None = None
        self._spawner = threading.Thread(target=self._spawn_loop, name="policygraph-workers")

    def start(self) -> None:
        """Start every worker; return once all are ready.

        Raises
        ------
        PolicygraphError
            A worker did not start (the message quotes its error output).
        """
        with self._changed:
            self._to_start = self.size
        self._spawner.start()
        deadline = time.monotonic() + _STARTUP_SECONDS * 2
        with self._changed:
            while len(self._idle) < self.size and self._failure is None:
                if not self._changed.wait(timeout=deadline - time.monotonic()):
                    break
            failure = self._failure
            ready = len(self._idle)
        if ready < self.size:
            self.stop()
            raise PolicygraphError(f"the query workers did not start: {failure or 'timed out'}")

    def _spawn_loop(self) -> None:
        while True:
            with self._changed:
                while not self._stopping and self._to_start == 0:
                    self._changed.wait()
                if self._stopping:
                    return
            worker = Worker(self.store, self.log, self.isolate, self.memory_mb)
            with self._changed:
                self._all.add(worker)
            try:
                worker.wait_ready(_STARTUP_SECONDS)
            except (WorkerLost, QueryTimeout, ValueError):
                worker.kill()
                with self._changed:
                    self._all.discard(worker)
                    self._failure = self._log_tail()
                    self._changed.notify_all()
                time.sleep(_RETRY_SECONDS)
                continue
            with self._changed:
                if self._stopping:
                    self._all.discard(worker)
                    worker.kill()
                    return
                self._to_start -= 1
                self._failure = None
                self._idle.append(worker)
                self._changed.notify_all()

    def _log_tail(self) -> str:
        try:
            lines = self.log.read_text(errors="replace").strip().splitlines()
        except OSError:
            return "no output"
        return " | ".join(lines[-3:]) or "no output"

    def acquire(self, wait: float) -> Worker | None:
        """An idle worker, waiting up to ``wait`` seconds; ``None`` if none came free."""
        deadline = time.monotonic() + wait
        with self._changed:
            while not self._idle:
                remaining = deadline - time.monotonic()
                if self._stopping or remaining <= 0:
                    return None
                self._changed.wait(timeout=remaining)
            return self._idle.popleft()

    def release(self, worker: Worker) -> None:
        """Give back a worker that finished its query."""
        with self._changed:
            if self._stopping:
                return
            self._idle.append(worker)
            self._changed.notify_all()

    def discard(self, worker: Worker) -> None:
        """Kill a worker (its query overran or it broke) and start a replacement."""
        worker.kill()
        with self._changed:
            self._all.discard(worker)
            if not self._stopping:
                self._to_start += 1
                self._changed.notify_all()

    def pids(self) -> list[int]:
        """The process ids of the live workers."""
        with self._changed:
            return sorted(worker.pid for worker in self._all)

    def idle(self) -> int:
        """How many workers are waiting for a query."""
        with self._changed:
            return len(self._idle)

    def isolated(self) -> bool:
        """Whether every ready worker runs without network access."""
        with self._changed:
            return bool(self._idle) and all(worker.isolated for worker in self._idle)

    def stop(self) -> None:
        """Kill every worker and stop the spawner."""
        with self._changed:
            self._stopping = True
            workers = list(self._all)
            self._all.clear()
            self._idle.clear()
            self._changed.notify_all()
        for worker in workers:
            worker.kill()
        if self._spawner.is_alive() and self._spawner is not threading.current_thread():
            self._spawner.join(timeout=_STARTUP_SECONDS)

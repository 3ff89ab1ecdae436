"""The ``oxigraph`` command-line server (PyPI package ``oxigraph``), for ``push`` targets and tests.

``policygraph serve`` itself runs no engine server: queries run in worker processes
on the pyoxigraph library (``_pool``).
"""

from __future__ import annotations

import shutil
import socket
import sys
from pathlib import Path

from ..errors import PolicygraphError

__all__ = ["free_port", "oxigraph_binary"]


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

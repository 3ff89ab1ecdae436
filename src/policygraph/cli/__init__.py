"""The ``policygraph`` command line: a thin layer over the library.

Each ``cmd_*`` module registers its commands on the shared Typer `app`.
"""

from __future__ import annotations

from ._app import app, main

__all__ = ["app", "main"]

"""The ``policygraph`` command line: a thin layer over the library.

Each ``cmd_*`` module registers its commands on the shared Typer `app`. Typer is
imported only when a command needs it: the one-shot ``policygraph query NAME``
answers without it (`_app_quick`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._app_quick import main

if TYPE_CHECKING:
    from ._app import app

__all__ = ["app", "main"]


def __getattr__(name: str) -> Any:
    if name == "app":
        from ._app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

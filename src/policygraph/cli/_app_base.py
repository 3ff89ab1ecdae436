"""The consoles of the command line and its mapping of errors to exit codes.

Without Typer: the one-shot ``policygraph query NAME`` (`_app_quick`) starts with
this module alone, and the Typer application (`_app`) shares it.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.markup import escape

from ..errors import PolicygraphError

__all__ = ["err", "out", "run_guarded", "state"]

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
state = {"debug": False}
"""Options of the whole command line that its error handling needs (``--debug``)."""


def run_guarded(action: Callable[[], object]) -> int:
    """Run ``action`` and return the exit code: policygraph errors printed as one line
    with their own exit codes, without a traceback unless ``--debug`` is given."""
    try:
        action()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except PolicygraphError as exc:
        if state["debug"]:
            raise
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        return exc.exit_code
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130
    except Exception as exc:
        if state["debug"]:
            raise
        err.print(
            f"[bold red]internal error:[/] {type(exc).__name__}: {escape(str(exc))} "
            "(rerun with --debug for the traceback)"
        )
        return 70
    return 0

"""The Typer application, its consoles and the error-to-exit-code mapping."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import PolicygraphError

__all__ = ["app", "err", "main", "out"]

app = typer.Typer(
    name="policygraph",
    help="An evidence-grounded knowledge graph of Chinese public policy.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
_state = {"debug": False}


def _show_version(value: bool) -> None:
    if value:
        from .. import __version__

        out.print(f"policygraph {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show Python tracebacks.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    _state["debug"] = debug


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code.

    Usage errors are reported by Typer itself (exit code 2); policygraph errors
    are printed as one line and mapped to their exit codes, without a traceback
    unless ``--debug`` is given.
    """
    from . import _commands  # noqa: F401 - registers the commands on `app`
    from ._warnings import route_warnings

    _state["debug"] = False
    route_warnings(err)
    try:
        app(args=argv, prog_name="policygraph")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except PolicygraphError as exc:
        if _state["debug"]:
            raise
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        return exc.exit_code
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130
    except Exception as exc:
        if _state["debug"]:
            raise
        err.print(
            f"[bold red]internal error:[/] {type(exc).__name__}: {escape(str(exc))} "
            "(rerun with --debug for the traceback)"
        )
        return 70
    return 0

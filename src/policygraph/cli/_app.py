"""The Typer application, its consoles and the error-to-exit-code mapping."""

from __future__ import annotations

import sys
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


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show Python tracebacks.")] = False,
) -> None:
    _state["debug"] = debug


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; map policygraph errors to their exit codes without tracebacks."""
    from . import _commands  # noqa: F401 - registers the commands on `app`

    try:
        result = app(args=argv, standalone_mode=False)
    except PolicygraphError as exc:
        if _state["debug"]:
            raise
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        return exc.exit_code
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except (typer.Abort, EOFError):
        return 1
    except Exception as exc:  # click usage errors come through here in non-standalone mode
        import click

        if isinstance(exc, click.ClickException):
            exc.show(file=sys.stderr)
            return exc.exit_code
        if _state["debug"]:
            raise
        err.print(
            f"[bold red]internal error:[/] {type(exc).__name__}: {escape(str(exc))} "
            "(rerun with --debug for the traceback)"
        )
        return 70
    return result if isinstance(result, int) else 0

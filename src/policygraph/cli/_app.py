"""The Typer application; its consoles and error handling are `_app_base`'s."""

from __future__ import annotations

from typing import Annotated

import typer

from ._app_base import err, out, run_guarded, state

__all__ = ["app", "err", "main", "out"]

app = typer.Typer(
    name="policygraph",
    help="An evidence-grounded knowledge graph of Chinese public policy.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


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
    state["debug"] = debug


def main(argv: list[str] | None = None) -> int:
    """Run the CLI through Typer and return its exit code.

    Usage errors are reported by Typer itself (exit code 2); policygraph errors
    are printed as one line and mapped to their exit codes, without a traceback
    unless ``--debug`` is given.
    """
    from . import _commands  # noqa: F401 - registers the commands on `app`
    from ._warnings import route_warnings

    state["debug"] = False
    route_warnings(err)
    return run_guarded(lambda: app(args=argv, prog_name="policygraph"))

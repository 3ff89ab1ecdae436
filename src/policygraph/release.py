"""Write the release files of the graph: deterministic and atomic."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from . import _paths
from ._files import write_all_atomic
from ._serialize import canonical_jsonld, canonical_nt, canonical_trig, canonical_turtle
from .build import BuildResult

__all__ = ["RELEASE_FORMATS", "render_release", "stale_release_files", "write_release"]

RELEASE_FORMATS: dict[str, Callable[[BuildResult], str]] = {
    "ttl": lambda result: canonical_turtle(result.union()),
    "nt": lambda result: canonical_nt(result.union()),
    "jsonld": lambda result: canonical_jsonld(result.union()),
    "trig": lambda result: canonical_trig(result.graphs.values()),
}


def render_release(result: BuildResult) -> dict[str, str]:
    """The text of every release file, by suffix."""
    return {suffix: render(result) for suffix, render in RELEASE_FORMATS.items()}


def write_release(
    result: BuildResult, folder: str | os.PathLike[str] | None = None, *, stem: str = "policygraph"
) -> list[Path]:
    """Write every release file; all-or-nothing, so a failed build keeps the last good one.

    Every file is rendered and written to a temporary file first; only when all of
    them exist are they moved into place.
    """
    target = Path(folder) if folder is not None else _paths.kg_dir() / "release"
    target.mkdir(parents=True, exist_ok=True)
    texts = render_release(result)
    return write_all_atomic({target / f"{stem}.{suffix}": text for suffix, text in texts.items()})


def stale_release_files(
    result: BuildResult, folder: str | os.PathLike[str] | None = None, *, stem: str = "policygraph"
) -> list[Path]:
    """Release files that differ from what ``result`` would write (empty when up to date)."""
    target = Path(folder) if folder is not None else _paths.kg_dir() / "release"
    stale = []
    for suffix, text in render_release(result).items():
        path = target / f"{stem}.{suffix}"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
    return stale

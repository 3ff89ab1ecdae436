"""Write the release files of the graph: deterministic, and published as one unit.

The release folder (``kg/release`` by default) is switched as a whole: every file
is written and synced into a new sibling folder, which then takes the old one's
place in one atomic exchange (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere two
renames, with the old folder restored by the next run if a kill falls between
them). A reader, or a build killed at any moment, sees either the old set or the
new one, never formats from two builds.
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import _paths
from ._serialize import canonical_jsonld, canonical_nt, canonical_trig, canonical_turtle
from .build import BuildResult
from .errors import InputError

__all__ = ["RELEASE_FORMATS", "render_release", "stale_release_files", "write_release"]

RELEASE_FORMATS: dict[str, Callable[[BuildResult], str]] = {
    "ttl": lambda result: canonical_turtle(result.union()),
    "nt": lambda result: canonical_nt(result.union()),
    "jsonld": lambda result: canonical_jsonld(result.union()),
    "trig": lambda result: canonical_trig(result.graphs.values()),
}
_NEW = ".new-"  # a folder being written: .release.new-<pid>-<random>
_OLD = ".old-"  # the replaced folder, until it is removed
_on_stage: Callable[[str], None] | None = None
"""Test hook, called at "written" (before the switch) and "switched" (before cleanup)."""


def render_release(result: BuildResult) -> dict[str, str]:
    """The text of every release file, by suffix."""
    return {suffix: render(result) for suffix, render in RELEASE_FORMATS.items()}


def write_release(
    result: BuildResult, folder: str | os.PathLike[str] | None = None, *, stem: str = "policygraph"
) -> list[Path]:
    """Publish every release file at once; a failed or killed build keeps the last good set.

    The files come out with the modes the umask allows (0644 under umask 022). Other
    files in the folder are kept; a folder that holds subfolders is refused, since
    it is not a release folder.

    Raises
    ------
    InputError
        ``folder`` is a file, holds subfolders, or cannot be written; the message
        names it.
    """
    target = Path(folder) if folder is not None else _paths.kg_dir() / "release"
    if target.is_symlink():
        target = target.resolve()  # switch the folder it names, not the link
    if target.exists() and not target.is_dir():
        raise InputError("is a file, not a folder for the release files", path=target)
    texts = render_release(result)  # before touching the disk: a failure here changes nothing
    parent = target.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _recover(target)
        kept = _foreign_files(target, stem)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}{_NEW}{os.getpid()}-", dir=parent))
    except OSError as exc:
        raise InputError(f"cannot write the release: {exc.strerror or exc}", path=target) from exc
    try:
        written = _write_set(staging, texts, stem, kept, target)
        _stage("written")
        _switch(staging, target)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise InputError(
                f"cannot write the release: {exc.strerror or exc}", path=target
            ) from exc
        raise
    _stage("switched")
    shutil.rmtree(staging, ignore_errors=True)  # now the old folder
    return written


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


# -- publishing ---------------------------------------------------------------------------


def _stage(name: str) -> None:
    if _on_stage is not None:
        _on_stage(name)


def _recover(target: Path) -> None:
    """Undo what a killed run left: restore a folder moved aside, drop its temporaries."""
    leftovers = sorted(target.absolute().parent.glob(f".{target.name}.*-*"))
    for path in leftovers:
        kind = _NEW if path.name.startswith(f".{target.name}{_NEW}") else _OLD
        if not path.name.startswith(f".{target.name}{kind}") or _alive(path.name):
            continue
        if kind == _OLD and not target.exists():
            os.rename(path, target)  # killed between the two renames of the fallback
        else:
            shutil.rmtree(path, ignore_errors=True)


def _alive(name: str) -> bool:
    """Whether the process that made a temporary (pid in its name) still runs."""
    pid = name.rpartition("-")[0].rpartition("-")[2]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _foreign_files(target: Path, stem: str) -> list[Path]:
    """Files in the folder that are not this release's: they move with the new set."""
    if not target.is_dir():
        return []
    ours = {f"{stem}.{suffix}" for suffix in RELEASE_FORMATS}
    kept = []
    for path in sorted(target.iterdir()):
        if path.name in ours or (path.name.startswith("tmp") and path.name.endswith(".tmp")):
            continue  # tmp*.tmp: orphans of the file-by-file writer this replaced
        if path.is_symlink() or not path.is_file():
            raise InputError(
                f"holds {path.name!r}, which is not a file; write the release into a folder "
                "of its own",
                path=target,
            )
        kept.append(path)
    return kept


def _write_set(
    staging: Path, texts: dict[str, str], stem: str, kept: list[Path], target: Path
) -> list[Path]:
    umask = os.umask(0)
    os.umask(umask)
    folder_mode = stat.S_IMODE(target.stat().st_mode) if target.is_dir() else 0o777 & ~umask
    os.chmod(staging, folder_mode)
    written = []
    for suffix, text in texts.items():
        path = staging / f"{stem}.{suffix}"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # umask applies
        with open(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        written.append(target / path.name)
    for path in kept:
        try:
            os.link(path, staging / path.name)
        except OSError:
            shutil.copy2(path, staging / path.name)
    _sync_folder(staging)
    return written


def _switch(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target`` in one step; ``staging`` then holds the old folder."""
    if not target.exists():
        os.rename(staging, target)
    elif not _exchange(staging, target):
        aside = staging.with_name(f".{target.name}{_OLD}{os.getpid()}-{secrets.token_hex(4)}")
        os.rename(target, aside)
        _stage("aside")
        os.rename(staging, target)
        os.rename(aside, staging)
    _sync_folder(target.absolute().parent)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with renameat2; False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), os.fspath(second))


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)

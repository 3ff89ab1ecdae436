"""The one atomic file writer: a temporary file next to the target, then a rename.

Readers never see a half-written file, a failed write leaves the old file as it was,
and the file comes out with the mode the umask allows (0644 under umask 022), like
any file ``open(path, "w")`` creates, not the 0600 of a `tempfile.mkstemp` file.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(folder / "a.txt", "一号工程\\n").read_text(encoding="utf-8")
'一号工程\\n'
>>> write_all_atomic({folder / "b.bin": b"1", folder / "c.txt": "2"})[1].name
'c.txt'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

from .errors import InputError, WriteError

__all__ = ["atomic_writer", "write_all_atomic", "write_atomic"]


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _cannot_write(target: Path, exc: OSError) -> WriteError:
    return WriteError(f"cannot write: {exc.strerror or exc}", path=target)


def _stage(target: Path) -> tuple[int, Path]:
    """A new temporary file beside ``target``; errors name ``target``, not the temporary."""
    if not target.parent.is_dir():
        raise InputError("the folder does not exist", path=target.parent)
    try:
        descriptor, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
        os.chmod(name, 0o666 & ~_umask())
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    return descriptor, Path(name)


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], *, binary: bool = False) -> Iterator[IO[str]]:
    """Open ``path`` for writing (UTF-8, ``\\n`` line ends); it appears only on success.

    For writers that stream (``synth``); everything else calls `write_atomic`.
    """
    target = Path(path)
    descriptor, temporary = _stage(target)
    try:
        mode = "wb" if binary else "w"
        encoding = None if binary else "utf-8"
        newline = None if binary else "\n"
        with os.fdopen(descriptor, mode, encoding=encoding, newline=newline) as handle:
            yield handle
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise _cannot_write(target, exc) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` atomically and return the path.

    Raises
    ------
    InputError
        The folder does not exist (names it).
    WriteError
        The file cannot be written (an `InputError` and an `OSError`; names ``path``).
    """
    return write_all_atomic({Path(path): data})[0]


def write_all_atomic(files: Mapping[Path, str | bytes]) -> list[Path]:
    """Write every file or none: stage each next to its target, then rename them all."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            descriptor, temporary = _stage(Path(target))
            staged.append((temporary, Path(target)))
            raw = data.encode("utf-8") if isinstance(data, str) else data
            try:
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(raw)
            except OSError as exc:
                raise _cannot_write(Path(target), exc) from None
        for temporary, target in staged:
            try:
                os.replace(temporary, target)
            except OSError as exc:
                raise _cannot_write(target, exc) from None
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    return [target for _, target in staged]

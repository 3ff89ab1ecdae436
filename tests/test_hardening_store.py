"""Issue 19 (12): an on-disk store opened as it is never changes; an interrupted load is rebuilt."""

from __future__ import annotations

import gc
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import policygraph as pg
from policygraph import InputError, _paths, _stores

DATA = _paths.release_file("nt")

_LOADER = textwrap.dedent(
    """
    import os, signal, sys
    import policygraph as pg
    from policygraph import _stores

    _stores._on_stage = lambda stage: (
        os.kill(os.getpid(), signal.SIGKILL) if stage == sys.argv[3] else None
    )
    pg.load(sys.argv[2], store="oxigraph:" + sys.argv[1], ontology=False)
    """
)


def _release(location: Path) -> None:
    """Let this process close the store (RocksDB holds a lock while it is open)."""
    _stores._OPEN.pop(str(location.resolve()), None)
    gc.collect()


@pytest.fixture(scope="module")
def size() -> int:
    return len(pg.load(DATA, ontology=False))


def test_opening_a_filled_store_as_it_is_changes_nothing(
    tmp_path: Path, size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = tmp_path / "store"
    pg.load(DATA, store=f"oxigraph:{location}", ontology=False)
    _release(location)
    opened = pg.load([], store=f"oxigraph:{location}", ontology=False)
    assert len(opened) == size
    del opened
    _release(location)

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the store should still hold its files, not be loaded again")

    monkeypatch.setattr(_stores, "_bulk_load", no_parsing)
    assert len(pg.load(DATA, store=f"oxigraph:{location}", ontology=False)) == size


def test_opening_as_it_is_in_the_same_process_changes_nothing(tmp_path: Path, size: int) -> None:
    location = tmp_path / "store"
    first = pg.load(DATA, store=f"oxigraph:{location}", ontology=False)
    second = pg.load([], store=f"oxigraph:{location}", ontology=False)
    assert len(first) == len(second) == size


@pytest.mark.parametrize("stage", ["marked", "loaded"])
def test_an_interrupted_load_is_detected_and_rebuilt(tmp_path: Path, size: int, stage: str) -> None:
    """Killed before the old content is cleared, or after the bulk load (before the manifest)."""
    location = tmp_path / "store"
    other = tmp_path / "other.nt"
    other.write_text('<urn:a> <urn:b> "c" .\n', encoding="utf-8")
    pg.load(other, store=f"oxigraph:{location}", ontology=False)
    _release(location)
    killed = subprocess.run(
        [sys.executable, "-c", _LOADER, str(location), str(DATA), stage], check=False
    )
    assert killed.returncode == -signal.SIGKILL
    with pytest.raises(InputError, match=r"interrupted.*load them again") as caught:
        pg.load([], store=f"oxigraph:{location}", ontology=False)
    assert caught.value.path == str(location)
    _release(location)
    with pytest.warns(RuntimeWarning, match="interrupted; loading its files again"):
        rebuilt = pg.load(DATA, store=f"oxigraph:{location}", ontology=False)
    assert len(rebuilt) == size
    del rebuilt
    _release(location)
    assert len(pg.load([], store=f"oxigraph:{location}", ontology=False)) == size


def test_a_store_path_that_is_a_file_is_named(tmp_path: Path) -> None:
    location = tmp_path / "store"
    location.write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="is a file, not an Oxigraph store folder") as caught:
        pg.load(DATA, store=f"oxigraph:{location}", ontology=False)
    assert caught.value.path == str(location)
    assert location.read_text(encoding="utf-8") == "mine"


def test_a_folder_of_other_files_is_not_made_a_store(tmp_path: Path) -> None:
    location = tmp_path / "notes"
    location.mkdir()
    (location / "todo.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not an Oxigraph store"):
        pg.load([], store=f"oxigraph:{location}", ontology=False)
    assert [path.name for path in location.iterdir()] == ["todo.txt"]


def test_the_cli_reports_a_bad_store_path_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from policygraph.cli import main

    location = tmp_path / "store"
    location.write_text("mine", encoding="utf-8")
    code = main(["query", "policy-lineage", "--store", f"oxigraph:{location}"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "another process" not in err and "is a file" in err

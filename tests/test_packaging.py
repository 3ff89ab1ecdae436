"""The wheel carries the ontology, graph and queries, and the package finds them there."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(dist),
            str(repo),
        ],
        check=True,
    )
    (built,) = dist.glob("policygraph-*.whl")
    return built


def test_wheel_ships_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "policygraph/_data/ontology/policygraph.ttl",
        "policygraph/_data/ontology/shapes.ttl",
        "policygraph/_data/kg/release/policygraph.nt",
        "policygraph/_data/kg/sources/zhejiang-digital-economy.txt",
        "policygraph/_data/queries/api/entities.rq",
        "policygraph/py.typed",  # type checkers read our annotations (PEP 561)
    ):
        assert required in names


def test_installed_wheel_loads_its_own_ontology(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            str(wheel),
        ],
        check=True,
    )
    # dependencies come from the test environment, the package itself from the wheel
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    script = (
        "import policygraph as pg, policygraph._paths as p\n"
        "kg = pg.load()\n"
        "print(p.ontology_file())\n"
        "print(len(kg.entities()))\n"
    )
    done = subprocess.run(
        [str(python), "-c", script], cwd=tmp_path, check=True, capture_output=True, text=True
    )
    ontology, entities = done.stdout.split()
    assert ontology.startswith(site) and ontology.endswith("_data/ontology/policygraph.ttl")
    assert int(entities) > 100

"""The layers are enforced by import-linter, and a wrong import breaks them."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "policygraph"


def _lint_imports(src: Path) -> subprocess.CompletedProcess[str]:
    """Run `lint-imports` with the project's contracts on the package under ``src``."""
    linter = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(linter), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=src,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package, to break on purpose."""
    src = tmp_path_factory.mktemp("scratch")
    shutil.copytree(PACKAGE, src / "policygraph", ignore=shutil.ignore_patterns("static"))
    return src


def test_the_package_keeps_every_contract(scratch: Path) -> None:
    run = _lint_imports(scratch)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


@pytest.mark.parametrize(
    ("module", "wrong_import", "contract"),
    [
        ("_text.py", "import policygraph.cli", "Layers point one way"),
        ("build.py", "import policygraph.extract", "never imports the extraction tool"),
        ("views/_style.py", "import policygraph.build", "Views never import the build"),
    ],
)
def test_a_wrong_import_breaks_a_contract(
    scratch: Path, tmp_path: Path, module: str, wrong_import: str, contract: str
) -> None:
    broken = tmp_path / "src"
    shutil.copytree(scratch, broken)
    target = broken / "policygraph" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{wrong_import}\n", "utf-8")
    run = _lint_imports(broken)
    assert run.returncode != 0
    assert "BROKEN" in run.stdout
    text = " ".join(run.stdout.split())  # the report wraps long contract names
    assert re.search(re.escape(contract) + r"(?:(?!KEPT).)*? BROKEN", text), run.stdout


def test_no_import_circles_between_modules() -> None:
    graph = grimp.build_graph("policygraph", exclude_type_checking_imports=True)

    def top(module: str) -> str:
        return ".".join(module.split(".")[:2])

    imports = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if top(module) != top(imported) and top(imported) != "policygraph":
                imports.add_edge(top(module), top(imported))
    assert list(nx.simple_cycles(imports)) == []


def test_no_private_name_is_imported_from_another_module() -> None:
    crossing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module is not None:
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        crossing.append(f"{path.relative_to(PACKAGE)}: {alias.name}")
    assert crossing == []

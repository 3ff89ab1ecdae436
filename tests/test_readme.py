"""The README against the real thing: its command list against the CLI's commands, its
`make` targets against the Makefile, and the way in for a new user (issue #20)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer.main

from policygraph.cli import app, main

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _cli_commands() -> set[str]:
    """Every command of the CLI, groups as ``group sub`` (Typer's click tree, at test time)."""
    from policygraph.cli import _commands  # noqa: F401 - registers the commands

    found: set[str] = set()

    def walk(command: Any, prefix: str) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            if getattr(sub, "hidden", False):
                continue
            if getattr(sub, "commands", None):
                walk(sub, f"{prefix}{name} ")
            else:
                found.add(f"{prefix}{name}")

    walk(typer.main.get_command(app), "")
    return found


def _readme_commands() -> set[str]:
    """The commands the README's list names; ``analyze a|b`` names ``analyze a`` and ``b``."""
    block = re.search(r"<!-- commands -->\n```sh\n(.*?)```\n<!-- /commands -->", README, re.S)
    assert block, "README.md lost its <!-- commands --> block"
    named: set[str] = set()
    groups = {command.split()[0] for command in _cli_commands() if " " in command}
    for line in block.group(1).splitlines():
        words = line.split("#", 1)[0].split()
        assert words[:1] == ["policygraph"], f"not a command line: {line!r}"
        if words[1] in groups:
            named.update(f"{words[1]} {sub}" for sub in words[2].split("|"))
        else:
            named.add(words[1])
    return named


def test_readme_lists_every_command_of_the_cli_and_no_other() -> None:
    cli, readme = _cli_commands(), _readme_commands()
    assert len(cli) >= 20  # the walk found the real tree, not an empty one
    assert not cli - readme, f"commands missing from README.md: {sorted(cli - readme)}"
    assert not readme - cli, f"README.md names commands the CLI lacks: {sorted(readme - cli)}"


def test_readme_names_every_view_that_render_accepts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "no-such-view"]) != 0
    listed = re.search(r"Did you mean: (.*)\?", capsys.readouterr().err)
    assert listed, "render no longer lists its views on an unknown one"
    accepted = {name.strip() for name in listed.group(1).split(",")}
    sentence = re.search(r"`policygraph render` draws (.*?)\.", README, re.S)
    assert sentence, "README.md lost the sentence that lists the views"
    documented = {word.split()[0] for word in re.findall(r"`([^`]+)`", sentence.group(1))}
    assert accepted >= {"lineage", "overview", "all"}
    assert accepted == documented


def test_readme_make_targets_exist_and_demo_prints_the_way_in() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.M))
    for target in re.findall(r"^make (\w+)", README, re.M):
        assert target in targets, f"README.md runs `make {target}`, which the Makefile lacks"
    assert {"demo", "test", "shell", "notebook"} <= targets
    demo = re.search(r"^demo:.*?(?=^\S)", makefile, re.M | re.S)
    assert demo and "make notebook" in demo.group() and "make shell" in demo.group()
    assert "source .venv/bin/activate" in README and (REPO / "notebooks/tutorial.ipynb").exists()


def test_readme_says_how_long_make_test_takes() -> None:
    assert re.search(r"took about \d+\s+minutes", README), "state the measured `make test` time"

"""Issue 19 (10, 11): figures checked against their quotes, duplicate keys, release as a unit."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from policygraph.build import build
from policygraph.cli import main
from policygraph.errors import DataError, InputError
from policygraph.numbers import agrees, printed_figures, printed_numbers

ANNOTATIONS = "annotations/zhejiang-digital-economy.yaml"
TOTAL_2018 = "digital-economy-total-2018"  # quote: 全省数字经济总量达2.33万亿元


@pytest.fixture()
def kg_copy(repo: Path, tmp_path: Path) -> Path:
    target = tmp_path / "kg"
    shutil.copytree(repo / "kg", target, ignore=shutil.ignore_patterns("release"))
    return target


def _edit_observation(kg_dir: Path, observation: str, **changes: Any) -> None:
    path = kg_dir / ANNOTATIONS
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    (entry,) = [item for item in document["observations"] if item["id"] == observation]
    entry.update(changes)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")


# -- 10: a value or unit the quote does not print --------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [{"value": 2.34}, {"value": 233}, {"value": "2,33"}, {"unit": "亿元"}],
    ids=["2.34", "233", "2,33", "unit"],
)
def test_a_figure_that_contradicts_its_quote_is_refused(kg_copy: Path, changes: Any) -> None:
    _edit_observation(kg_copy, TOTAL_2018, **changes)
    with pytest.raises(DataError) as caught:
        build(kg_copy)
    message = str(caught.value)
    assert "zhejiang-digital-economy.yaml:" in message
    assert TOTAL_2018 in message
    assert "the quote prints (2.33万亿元)" in message


def test_a_flagged_correction_builds_and_is_flagged(kg_copy: Path) -> None:
    reason = "a test: the value is deliberately not the printed one"
    _edit_observation(kg_copy, TOTAL_2018, value=2.34, correction=reason)
    result = build(kg_copy)
    flags = [(flag.rule, flag.reason) for flag in result.flags if flag.observation == TOTAL_2018]
    assert ("corrected", reason) in flags


def test_a_correction_the_quote_does_not_need_is_refused(kg_copy: Path) -> None:
    _edit_observation(kg_copy, TOTAL_2018, correction="not needed")
    with pytest.raises(DataError, match="delete the correction"):
        build(kg_copy)


def test_an_empty_correction_is_refused(kg_copy: Path) -> None:
    _edit_observation(kg_copy, TOTAL_2018, value=2.34, correction=" ")
    with pytest.raises(DataError, match="`correction` must say why"):
        build(kg_copy)


def test_every_bundled_figure_is_what_its_quote_prints(repo: Path) -> None:
    document = yaml.safe_load((repo / "kg" / ANNOTATIONS).read_text(encoding="utf-8"))
    observations = document["observations"]
    assert len(observations) >= 57
    for entry in observations:
        quotes = [entry["quote"]] if "quote" in entry else entry["quotes"]
        value, unit = Decimal(str(entry["value"])), entry["unit"]
        figures = [f for quote in quotes for f in printed_figures(quote)]
        assert any(agrees(f, value, unit) for f in figures), entry["id"]  # all with units


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("居全国第三位", [("3", "位")]),
        ("11个设区市均制定", [("11", "个")]),
        ("新增上云企业10万余家", [("10", "万家")]),
        ("全员劳动生产率达22.5万元/人·年", [("22.5", "万元/人·年")]),
        ("培育超千亿元企业1家", [("1000", "亿元"), ("1", "家")]),
        ("提高0.7个百分点", [("0.7", "个百分点")]),
        ("第一个“淘宝村”", []),
        ("增长１９．２６％", [("19.26", "%")]),
        ("在役工業機器人8.9萬臺，提升12.4個百分點", [("8.9", "万台"), ("12.4", "个百分点")]),
        ("跃居中国第三，位居全国前5位，3位专家", [("3", "位"), ("5", "位")]),
    ],
)
def test_printed_figures(text: str, expected: list[tuple[str, str]]) -> None:
    found = [(f.value, f.unit) for f in printed_figures(text)]
    assert found == [(Decimal(value), unit) for value, unit in expected]


@pytest.mark.parametrize(
    ("quote", "value", "unit", "supported"),
    [
        ("从2002年的0.583", "0.583", "点", True),  # an index printed without a unit
        ("首次突破8000亿", "8000", "亿元", True),
        ("首次突破8000亿", "8000", "万元", False),
        ("数字经济增加值(亿元) 20658 30000 40000", "30000", "亿元", True),
        ("数字经济增加值(亿元) 20658 30000 40000", "30000", "万元", False),
        ("劳动生产率(万元/ 人年) 34 38", "38", "万元/人·年", True),
        ("达2.33\n万亿元", "2.33", "亿元", False),  # a line break does not hide the unit
        ("2018年", "2018", "个", False),
    ],
)
def test_what_a_quote_supports(quote: str, value: str, unit: str, supported: bool) -> None:
    figures = printed_numbers(quote)
    assert any(agrees(f, Decimal(value), unit) for f in figures) is supported


def test_duplicate_yaml_key_names_file_and_line(kg_copy: Path) -> None:
    path = kg_copy / ANNOTATIONS
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {TOTAL_2018}")
    value_line = next(
        i for i in range(number, number + 12) if lines[i].strip().startswith("value:")
    )
    lines.insert(value_line + 1, lines[value_line].replace("2.33", "2.34"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build(kg_copy)
    assert caught.value.path == str(path)
    assert caught.value.line == value_line + 2
    assert "duplicate key 'value'" in str(caught.value)


def test_duplicate_key_in_source_metadata(kg_copy: Path) -> None:
    path = kg_copy / "sources" / "zhejiang-digital-economy.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "language: en\n", encoding="utf-8")
    with pytest.raises(InputError, match="duplicate key 'language'") as caught:
        build(kg_copy)
    assert caught.value.path == str(path)


# -- 11: the release set as a unit ------------------------------------------------------------

_WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from rdflib import Graph, Literal, URIRef
    from policygraph import release
    from policygraph.build import BuildResult

    folder, label, stage = sys.argv[1], sys.argv[2], sys.argv[3]
    graph = Graph(identifier=URIRef("urn:test:graph"))
    graph.add((URIRef("urn:test:s"), URIRef("urn:test:p"), Literal(label)))
    if stage != "none":
        release._on_stage = lambda now: (
            os.kill(os.getpid(), signal.SIGKILL) if now == stage else None
        )
    release.write_release(BuildResult(graphs={graph.identifier: graph}), folder)
    """
)


def _publish(folder: Path, label: str, stage: str = "none") -> int:
    return subprocess.run(
        [sys.executable, "-c", _WRITER, str(folder), label, stage], check=False
    ).returncode


def _labels(folder: Path) -> dict[str, str]:
    """Which build each release file comes from (the one literal it holds)."""
    found = {}
    for path in sorted(folder.iterdir()):
        text = path.read_text(encoding="utf-8")
        found[path.name] = next(label for label in ("old", "new") if f"build-{label}" in text)
    return found


@pytest.mark.parametrize("stage", ["written", "switched"])
def test_a_kill_during_publishing_leaves_one_whole_set(tmp_path: Path, stage: str) -> None:
    folder = tmp_path / "release"
    assert _publish(folder, "build-old") == 0
    assert _publish(folder, "build-new", stage) == -signal.SIGKILL
    labels = _labels(folder)
    assert len(labels) == 4
    assert set(labels.values()) == ({"old"} if stage == "written" else {"new"})
    # the next publish removes what the killed one left beside the folder
    assert [p.name for p in tmp_path.iterdir() if p.name != "release"]
    assert _publish(folder, "build-new") == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release"]
    assert set(_labels(folder).values()) == {"new"}


def test_a_kill_in_the_fallback_between_renames_is_undone(tmp_path: Path) -> None:
    """Without renameat2 the switch is two renames; a kill between them loses nothing."""
    folder = tmp_path / "release"
    assert _publish(folder, "build-old") == 0
    script = _WRITER.replace(
        "from policygraph import release",
        "from policygraph import release\nrelease._exchange = lambda first, second: False",
    )
    killed = subprocess.run(
        [sys.executable, "-c", script, str(folder), "build-new", "aside"], check=False
    )
    assert killed.returncode == -signal.SIGKILL
    assert not folder.exists()  # moved aside, the new one not yet in place
    (aside,) = [p for p in tmp_path.iterdir() if ".old-" in p.name]
    assert set(_labels(aside).values()) == {"old"} and len(_labels(aside)) == 4
    # the next run puts the old set back before it publishes
    from policygraph.release import _recover

    _recover(folder)
    assert set(_labels(folder).values()) == {"old"}
    assert _publish(folder, "build-new") == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release"]
    assert set(_labels(folder).values()) == {"new"}


def test_release_files_keep_ordinary_modes(tmp_path: Path) -> None:
    folder = tmp_path / "release"
    previous = os.umask(0o022)
    try:
        assert _publish(folder, "build-old") == 0
        assert _publish(folder, "build-new") == 0
    finally:
        os.umask(previous)
    modes = {path.name: path.stat().st_mode & 0o777 for path in folder.iterdir()}
    assert modes and set(modes.values()) == {0o644}
    assert folder.stat().st_mode & 0o777 == 0o755


def test_other_files_in_the_folder_are_kept_and_orphans_removed(tmp_path: Path) -> None:
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "README.txt").write_text("keep me", encoding="utf-8")
    (folder / "tmpab12cd.tmp").write_text("an orphan of the old writer", encoding="utf-8")
    assert _publish(folder, "build-old") == 0
    assert (folder / "README.txt").read_text(encoding="utf-8") == "keep me"
    assert not (folder / "tmpab12cd.tmp").exists()


def test_build_out_an_existing_file_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "release.nt"
    target.write_text("not a folder", encoding="utf-8")
    assert main(["build", "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert "internal error" not in err and str(target) in err and "not a folder" in err
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_the_build_imports_no_extraction_code() -> None:
    code = (
        "import sys, policygraph.build, policygraph.release; "
        "print(sorted(m for m in sys.modules if m.startswith('policygraph.extract')))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_the_build_refuses_a_draft_naming_the_line(kg_copy: Path) -> None:
    path = kg_copy / ANNOTATIONS
    path.write_text("draft: true\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match="is a draft") as caught:
        build(kg_copy)
    assert (caught.value.path, caught.value.line) == (str(path), 1)


def test_a_release_folder_behind_a_symlink_stays_behind_it(tmp_path: Path) -> None:
    real = tmp_path / "real"
    link = tmp_path / "release"
    assert _publish(real, "build-old") == 0
    link.symlink_to(real)
    assert _publish(link, "build-new") == 0
    assert link.is_symlink() and set(_labels(real).values()) == {"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["real", "release"]

"""Issue 19 (13, 14): bad input gets one clean line and exit code 2, and binary files are
refused before a slow parser sees them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import policygraph as pg
from policygraph.build import build
from policygraph.cli import main
from policygraph.errors import InputError
from policygraph.loading import parse_file

ANNOTATIONS = "annotations/zhejiang-digital-economy.yaml"
GAZETTEER = "gazetteer/china.csv"


@pytest.fixture()
def kg_copy(repo: Path, tmp_path: Path) -> Path:
    target = tmp_path / "kg"
    shutil.copytree(repo / "kg", target, ignore=shutil.ignore_patterns("release"))
    return target


def _cli_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "internal error" not in err
    assert len(err.strip().splitlines()) == 1, err
    return err


# -- 13: errors that escaped as "internal error" ---------------------------------------------


def test_a_non_utf8_annotation_file_names_file_and_line(
    kg_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = kg_copy / ANNOTATIONS
    lines = path.read_bytes().split(b"\n")
    lines[20] += " 杭州".encode("gb18030")
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(InputError) as caught:
        build(kg_copy)
    assert caught.value.path == str(path) and caught.value.line == 21
    err = _cli_error(["build", "--kg", str(kg_copy), "--out", str(kg_copy / "out")], capsys)
    assert f"{path}:21:" in err and "UTF-8" in err


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        # id,zh,en,en_source,level,parent,adcode,wikidata,former
        ("nowhere,无处,Nowhere,curated,county,zhejiang,,", "8 columns where the header has 9"),
        ("nowhere,无处,Nowhere,curated,county,zhejiang,,,,", "10 columns where the header has 9"),
        ("nowhere,无处,Nowhere,curated,galaxy,zhejiang,,,", "unknown level 'galaxy'"),
        ("nowhere,无处,Nowhere,curated,county,atlantis,,,", "parent 'atlantis'"),
        ("Nowhere Town,无处,Nowhere,curated,county,zhejiang,,,", "not an ASCII slug"),
        ("hangzhou,杭州,Hangzhou,curated,prefecture,zhejiang,,,", "already used on line 909"),
        ("nowhere,无处,Nowhere,curated,county,zhejiang,,4970,", "QID"),
    ],
    ids=["missing-column", "extra-column", "level", "parent", "slug", "duplicate", "qid"],
)
def test_every_gazetteer_row_is_checked(kg_copy: Path, row: str, reason: str) -> None:
    """The row names a place no annotation mentions: it is checked all the same."""
    path = kg_copy / GAZETTEER
    text = path.read_text(encoding="utf-8")
    path.write_text(text + row + "\n", encoding="utf-8")
    line = len(text.splitlines()) + 1
    with pytest.raises(InputError) as caught:
        build(kg_copy)
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert reason in str(caught.value)


def test_a_folder_given_as_a_data_file_is_named_as_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data.nt"
    folder.mkdir()
    for store in ("memory", "oxigraph"):
        with pytest.raises(InputError, match="is a folder, not an RDF file"):
            pg.load(folder, store=store, ontology=False)
    err = _cli_error(["query", "policy-lineage", "--graph", str(folder)], capsys)
    assert "is a folder" in err and "no such file" not in err


# -- 14: binary input is refused before rdflib's parsers see it ------------------------------


@pytest.mark.parametrize("suffix", [".nt", ".ttl", ".jsonld", ".rdf"])
@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_nul_filled_file_is_refused_naming_it(tmp_path: Path, suffix: str, store: str) -> None:
    path = tmp_path / f"zeros{suffix}"
    with path.open("wb") as handle:
        handle.truncate(1 << 30)  # 1 GiB of NUL bytes, sparse: costs no disk
    with pytest.raises(InputError, match="binary file") as caught:
        pg.load(path, store=store, ontology=False)
    assert caught.value.path == str(path)


def test_a_nul_byte_in_the_middle_of_a_large_file_is_found(tmp_path: Path) -> None:
    path = tmp_path / "data.nt"
    line = b'<urn:a> <urn:b> "c" .\n'
    with path.open("wb") as handle:
        handle.write(line * 100_000)
        handle.write(b"\x00" * 16)
        handle.write(line * 100_000)
    with pytest.raises(InputError, match="NUL byte at byte 2200000"):
        pg.load(path, store="memory", ontology=False)


def test_a_device_is_not_read() -> None:
    with pytest.raises(InputError, match="not a regular file"):
        parse_file("/dev/zero", format="nt")


def test_plain_rdf_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "ok.nt"
    path.write_text('<urn:a> <urn:b> "c" .\n', encoding="utf-8")
    assert len(pg.load(path, store="memory", ontology=False)) == 1


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_file_in_another_encoding_is_refused_naming_the_line(tmp_path: Path, store: str) -> None:
    path = tmp_path / "gbk.ttl"
    path.write_bytes('<urn:a> <urn:b> "a" .\n<urn:a> <urn:b> "杭州" .\n'.encode("gb18030"))
    with pytest.raises(InputError, match="not UTF-8") as caught:
        pg.load(path, store=store, ontology=False)
    assert (caught.value.path, caught.value.line) == (str(path), 2)


def test_rdf_xml_may_declare_another_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.rdf"
    text = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="urn:ex:"><rdf:Description rdf:about="urn:a">'
        "<ex:name>Zürich</ex:name></rdf:Description></rdf:RDF>\n"
    )
    path.write_bytes(text.encode("latin-1"))
    assert len(pg.load(path, store="memory", ontology=False)) == 1


def test_a_multibyte_character_cut_by_a_probe_is_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "zh.nt"
    line = '<urn:a> <urn:b> "数字经济一号工程" .\n'.encode()
    path.write_bytes(line * 20_000)  # probes at the middle and end start inside characters
    assert len(pg.load(path, store="memory", ontology=False)) == 1


def test_synth_into_an_unwritable_place_names_the_target(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = _cli_error(["synth", "--triples", "10", "-o", "/proc/x.nt"], capsys)
    assert "/proc/x.nt" in err and ".tmp" not in err and "/proc/." not in err

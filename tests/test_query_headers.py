"""A user's .rq with a malformed header warns, naming the file and line; the command line
shows warnings and library chatter as one line each (issue #20, points 4 and 6)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from policygraph.cli import main
from policygraph.queries import QueryHeaderWarning, ad_hoc_query

GOOD = """# title_zh: 企业
# title_en: Firms
# description: Every firm.
# param: kind iri = pg:Firm — the class
# columns: firm
# view: table
SELECT ?firm WHERE { ?firm a ?kind }
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.rq"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("broken", "line", "reason"),
    [
        (GOOD.replace("# columns:", "# colums:"), 5, "unknown header key 'colums'"),
        (GOOD.replace("# view: table", "# view: tabel"), 6, "unknown view 'tabel'"),
        (GOOD.replace("# param: kind iri", "# param: kind url"), 4, "parameter"),
        (GOOD.replace("# title_en: Firms", "# title_en:"), 2, "has no value"),
        ("# my own notes\n" + GOOD, 1, "header lines are '# key: value'"),
        (GOOD.replace("# view: table\n", ""), 1, "header lacks '# view"),
    ],
)
def test_a_broken_header_warns_with_file_and_line(
    tmp_path: Path, broken: str, line: int, reason: str
) -> None:
    path = _write(tmp_path, broken)
    with pytest.warns(QueryHeaderWarning) as caught:
        query = ad_hoc_query(path)
    message = str(caught[0].message)
    assert message.startswith(f"{path}:{line}: ") and reason in message
    assert "header is ignored" in message
    assert query.title_en == "" and query.params == ()  # it still runs, without the header


def test_a_good_header_and_a_plain_comment_do_not_warn(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ad_hoc_query(_write(tmp_path, GOOD)).title_en == "Firms"
        plain = ad_hoc_query(_write(tmp_path, "# firms, by me\nSELECT ?f WHERE { ?f ?p ?o }\n"))
    assert plain.title_en == ""


def test_the_command_line_prints_the_warning_as_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, GOOD.replace("# columns:", "# colums:"))
    assert main(["query", str(path), "--format", "csv"]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    warning = [line for line in lines if "colums" in line]
    assert warning == [f"warning: {path}:5: " + warning[0].split(":5: ", 1)[1]]
    assert "Traceback" not in err and "QueryHeaderWarning" not in err


def test_an_ill_typed_literal_is_one_warning_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "typed.ttl"
    data.write_text(
        "@prefix ex: <http://example.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'ex:a ex:b "12x"^^xsd:integer .\nex:a ex:c "x\n',
        encoding="utf-8",
    )
    assert main(["query", "policy-lineage", "--graph", str(data), "--store", "memory"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Failed to convert" not in err
    assert "warning: a literal is not a valid xsd:integer" in err
    assert err.strip().splitlines()[-1].startswith(f"error: {data}:4: ")


def test_messages_read_as_english(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["render", "entity"]) != 0
    assert "needs an entity name" in capsys.readouterr().err
    construct = tmp_path / "construct.rq"
    construct.write_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1\n", encoding="utf-8")
    assert main(["query", str(construct)]) != 0
    err = capsys.readouterr().err
    assert "this is a CONSTRUCT query" in err and "needs a SELECT" in err and "run()" not in err

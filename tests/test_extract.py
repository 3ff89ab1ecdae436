"""Candidate extraction: recall against the curated graph, the scanner's rules, the draft."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import yaml

import policygraph as pg
from policygraph.annotations import load_annotations
from policygraph.cli import main
from policygraph.errors import InputError
from policygraph.extract import (
    Candidate,
    Figure,
    Period,
    Place,
    compare_figures,
    draft_annotations,
    refuse_draft,
    scan,
    write_draft,
)
from policygraph.sources import Source

SOURCE_ID = "zhejiang-digital-economy"


def _figures(text: str) -> list[Figure]:
    return [candidate for candidate in scan(text) if isinstance(candidate, Figure)]


def _year(value: object) -> int | None:
    return None if pd.isna(value) else int(value)  # type: ignore[call-overload]


def confirm(draft_text: str) -> str:
    """What a person does to a draft, mechanically: fill every TODO, drop the marker."""
    text = re.sub(r"^draft: true\n", "", draft_text, flags=re.MULTILINE)
    return re.sub(r"^(\s*)en: TODO$", r"\1en: (to translate)", text, flags=re.MULTILINE)


# -- recall and precision on the bundled source ------------------------------------------


@pytest.fixture(scope="module")
def figures(source_text: str) -> list[Figure]:
    return _figures(source_text)


def test_recall_of_curated_observations_is_complete(
    kg_memory: pg.KnowledgeGraph, figures: list[Figure]
) -> None:
    observations = kg_memory.observations()
    # the first report's figures: its evidence lies in its sections (the scanner here
    # reads that report; the other documents are measured in test_corpus.py)
    in_report = observations.section.fillna("").str.contains(f"/section/{SOURCE_ID}-")
    observations = observations[in_report]
    assert len(observations) == 60
    missed = []
    for row in observations.itertuples():
        found = [
            figure
            for figure in figures
            if row.start <= figure.start
            and figure.end <= row.end
            and float(figure.value) == row.value
            and figure.unit == row.unit
            and figure.year == _year(row.year)
        ]
        if not found:
            missed.append((row.observation, row.quote, row.value, row.unit, row.year))
    assert missed == []


def test_precision_is_reported_and_only_names_are_extra(
    kg_memory: pg.KnowledgeGraph, figures: list[Figure]
) -> None:
    agreement = compare_figures(kg_memory, SOURCE_ID, figures)
    assert agreement.recall == 1.0
    assert agreement.precision >= 0.95
    # what no observation holds is a figure inside a name (超千亿元企业), marked as such
    extra = agreement.unmatched_figures
    assert extra and all(figure.modifier for figure in extra)
    assert {figure.text for figure in extra} == {"千亿元", "百亿元"}


def test_every_quote_is_unique_and_holds_its_candidate(source_text: str) -> None:
    source = Source(id=SOURCE_ID, path=Path("x.txt"), text=source_text, metadata={})
    candidates = scan(source_text)
    assert {candidate.kind for candidate in candidates} == {
        "quoted",
        "title",
        "period",
        "figure",
        "place",
        "organisation",
    }
    for candidate in candidates:
        span = source.locate(candidate.quote)  # raises unless exactly one occurrence
        assert span.start <= candidate.start and candidate.end <= span.end, candidate
        assert "".join(source_text[candidate.start : candidate.end].split()) == candidate.text


# -- the scanner's rules, on short texts --------------------------------------------------


def test_pdf_breaks_inside_numbers_and_units() -> None:
    text = "2018\n\n年底，浙江网民数达 3956 万\n人，普及率达 70.8%。"
    total, share = _figures(text)
    assert (total.value, total.unit, total.year, total.period) == (
        Decimal(3956),
        "万人",
        2018,
        "2018年底",
    )
    assert text[total.start : total.end] == "3956 万\n人"
    assert (total.place, total.indicator, share.role) == ("zhejiang", "网民数", "share")


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("新增上云企业 10万余家。", "10", "万家", "lower_bound"),
        ("累计超过 28万家。", "28", "万家", "lower_bound"),
        ("突破 4万亿元。", "4", "万亿元", "lower_bound"),
        ("总量达 2.33万亿元。", "2.33", "万亿元", "exact"),
        ("建有基地 40 余个。", "40", "个", "lower_bound"),
        ("不到 3 个。", "3", "个", "upper_bound"),
        ("企业 500家以上。", "500", "家", "lower_bound"),
        ("规上工业企业全员劳动生产率达 22.5万元/人·年。", "22.5", "万元/人·年", "exact"),
        ("年均提高 0.7个百分点。", "0.7", "个百分点", "exact"),
        ("交易 1.5亿笔。", "1.5", "亿笔", "exact"),
        ("居全国第四位。", "4", "位", "exact"),
        ("共有一百二十家。", "120", "家", "exact"),
    ],
)
def test_figures_with_units_and_qualifiers(
    text: str, value: str, unit: str, qualifier: str
) -> None:
    (figure,) = _figures(text)
    assert (figure.value, figure.unit, figure.qualifier) == (Decimal(value), unit, qualifier)


def test_what_is_not_a_figure() -> None:
    text = "开工建设全国第一个产业园，连续四年增长，推动5G+4K和IPv6规模部署，“3386”体系。"
    assert _figures(text) == []


def test_list_of_figures_tied_to_their_indicators() -> None:
    text = (
        "入选 2018 年全国电子信息百强、软件百强、电子元件百强和互联网百强企业分别达 14 家、10家、"
        "20家和 6家。总量和占比分别居全国第四位和第五位。"
    )
    found = _figures(text)
    assert [(f.value, f.unit) for f in found[:4]] == [
        (Decimal(14), "家"),
        (Decimal(10), "家"),
        (Decimal(20), "家"),
        (Decimal(6), "家"),
    ]
    assert [f.indicator for f in found[:4]] == [
        "全国电子信息百强企业",
        "软件百强企业",
        "电子元件百强企业",
        "互联网百强企业",
    ]
    assert [(f.indicator, f.value, f.role) for f in found[4:]] == [
        ("总量", Decimal(4), "rank"),
        ("占比", Decimal(5), "rank"),
    ]


def test_a_list_in_parentheses_takes_the_subject_before_it() -> None:
    text = "全省固定宽带家庭普及率和移动宽带普及率率先突破 100%（分别达到 126.9%和 121.8%）。"
    bound, fixed, mobile = _figures(text)
    assert bound.qualifier == "lower_bound"
    assert (fixed.indicator, fixed.value) == ("固定宽带家庭普及率", Decimal("126.9"))
    assert (mobile.indicator, mobile.value) == ("移动宽带普及率", Decimal("121.8"))


def test_a_list_of_places_gives_each_figure_its_place() -> None:
    yiwu, deqing = _figures("2019年，义乌市、德清县分别建成 5G 基站 3200个和 1500个。")
    assert (yiwu.place, yiwu.value, deqing.place, deqing.value) == (
        "yiwu",
        Decimal(3200),
        "deqing-county",
        Decimal(1500),
    )
    assert yiwu.indicator == deqing.indicator == "5G基站"


def test_periods_and_how_far_they_reach() -> None:
    text = (
        "2018年，全省网络零售额达 1.67万亿元，同比增长 25.4%。全省拥有 1172个“淘宝村”。"
        "2014 年以来，核心产业增加值年均增长 18.1%，连续四年增速超过 13%；软件业务收入达 51亿元。"
        "力争到 2022年全省数字经济增加值突破 4万亿元。截至目前，全省建有基地 40 余个。"
        "二〇一九年，新建车间 60个。\n"
        "新的标题\n"
        "拥有上市企业 67 家。"
    )
    periods = [c for c in scan(text) if isinstance(c, Period)]
    assert [(p.text, p.year) for p in periods] == [
        ("2018年", 2018),
        ("2014年以来", None),
        ("连续四年", None),
        ("到2022年", 2022),
        ("截至目前", None),
        ("二〇一九年", 2019),
    ]
    by_value = {figure.value: figure for figure in _figures(text)}
    assert (by_value[Decimal("1.67")].year, by_value[Decimal("25.4")].role) == (2018, "growth")
    assert by_value[Decimal(1172)].period == "2018年"  # carried from the sentence before
    assert by_value[Decimal(1172)].indicator == "淘宝村"
    assert by_value[Decimal("18.1")].period == "2014年以来"
    assert by_value[Decimal("13")].period == "连续四年"  # a span reaches only its clause
    assert by_value[Decimal("51")].period == "2014年以来"
    assert (by_value[Decimal(4)].role, by_value[Decimal(4)].year) == ("target", 2022)
    assert by_value[Decimal(40)].period == "截至目前"
    assert by_value[Decimal(60)].year == 2019
    assert by_value[Decimal(67)].period is None  # a heading stops the carried period


def test_quoted_terms_titles_places_and_organisations() -> None:
    text = (
        '实施数字经济"一号工程"，推进“城市大脑”建设。省数字经济发展领导小组印发《浙江省数字经济'
        "促进条例》；2017年省委经济工作会议提出，启动杭州、义乌市、德清县试点，建成国家新型"
        "互联网交换中心，打造“七中心一示范区”。"
    )
    found = scan(text)
    by_kind: dict[str, list[Candidate]] = {}
    for candidate in found:
        by_kind.setdefault(candidate.kind, []).append(candidate)
    assert [c.text for c in by_kind["quoted"]] == ["一号工程", "城市大脑", "七中心一示范区"]
    assert [c.text for c in by_kind["title"]] == ["浙江省数字经济促进条例"]
    places = [c for c in found if isinstance(c, Place)]
    assert [(p.text, p.place_id) for p in places] == [
        ("浙江省", "zhejiang"),
        ("杭州", "hangzhou"),
        ("义乌市", "yiwu"),
        ("德清县", "deqing-county"),
    ]
    assert [c.text for c in by_kind["organisation"]] == [
        "省数字经济发展领导小组",
        "省委经济工作会议",
        "国家新型互联网交换中心",
    ]


# -- the draft ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def draft_text(kg_memory: pg.KnowledgeGraph, source_text: str) -> str:
    return draft_annotations(source_text, SOURCE_ID, kg=kg_memory).to_yaml()


def test_draft_reports_what_the_graph_knows(kg_memory: pg.KnowledgeGraph, source_text: str) -> None:
    draft = draft_annotations(source_text, SOURCE_ID, kg=kg_memory)
    known = {item.iri.rsplit("/", 1)[1] for item in draft.known}
    assert {"eight-eight-strategy", "number-one-project", "city-brain", "deqing-county"} <= known
    assert {
        "guiding-opinion-on-information-economy",
        "provincial-economic-work-conference",
    } <= known
    # every figure is known: an observation of this source holds it, or it is part of a name
    known_figures = {id(item.candidate) for item in draft.known}
    for figure in (c for c in draft.candidates if isinstance(c, Figure)):
        assert id(figure) in known_figures or figure.modifier


def test_draft_is_an_annotation_file_once_confirmed(
    draft_text: str, figures: list[Figure], tmp_path: Path
) -> None:
    document = yaml.safe_load(draft_text)
    assert document["draft"] is True
    assert document["source"] == SOURCE_ID
    # one entry per figure; an amount inside a name (超千亿元企业) is not one
    assert len(document["observations"]) == len([f for f in figures if not f.modifier])
    assert sum(f.modifier for f in figures) == 2
    for entry in document["entities"]:
        assert "zh" in entry and "en" in entry and "quote" in entry
    path = tmp_path / "draft.yaml"
    path.write_text(confirm(draft_text), encoding="utf-8")
    annotated = load_annotations(path)
    assert len(annotated.observations) == len([f for f in figures if not f.modifier])
    assert len(annotated.entities) == len(document["entities"])


def test_build_refuses_a_draft_naming_the_line(draft_text: str, tmp_path: Path) -> None:
    path = tmp_path / "draft.yaml"
    path.write_text(draft_text, encoding="utf-8")
    with pytest.raises(InputError, match="draft") as raised:
        refuse_draft(path)
    assert raised.value.line == draft_text.splitlines().index("draft: true") + 1
    path.write_text(draft_text.replace("draft: true\n", ""), encoding="utf-8")
    with pytest.raises(InputError, match="en: TODO") as raised:
        refuse_draft(path)
    line = path.read_text(encoding="utf-8").splitlines()[raised.value.line - 1]  # type: ignore[operator]
    assert line.strip() == "en: TODO"
    path.write_text(confirm(draft_text), encoding="utf-8")
    refuse_draft(path)  # confirmed: no error


def test_values_keep_their_printed_precision(tmp_path: Path) -> None:
    draft = draft_annotations("2019年，全省网络零售额达 1.70万亿元，同比增长 10.50%。", "demo")
    path = tmp_path / "demo.yaml"
    write_draft(draft, path)
    annotated = load_annotations(_confirmed(path))
    assert [spec.value for spec in annotated.observations] == [Decimal("1.70"), Decimal("10.50")]


def _confirmed(path: Path) -> Path:
    text = confirm(path.read_text(encoding="utf-8"))
    path.write_text(text.replace("place: TODO", "place: zhejiang"), encoding="utf-8")
    return path


# -- the command --------------------------------------------------------------------------


def test_extract_command_writes_the_draft_and_reports(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = repo / "kg" / "sources" / f"{SOURCE_ID}.txt"
    output = tmp_path / "draft.yaml"
    assert main(["extract", str(source), "-o", str(output)]) == 0
    captured = capsys.readouterr()
    assert "eight-eight-strategy" in captured.out
    assert "recall 100.0%" in captured.err
    assert output.read_text(encoding="utf-8").startswith("# DRAFT")
    # an existing draft is not overwritten without --force
    output.write_text("edited by hand", encoding="utf-8")
    assert main(["extract", str(source), "-o", str(output)]) == 2
    assert "--force" in capsys.readouterr().err
    assert output.read_text(encoding="utf-8") == "edited by hand"
    assert main(["extract", str(source), "-o", str(output), "--force", "--no-graph"]) == 0
    assert output.read_text(encoding="utf-8").startswith("# DRAFT")
    assert list(tmp_path.iterdir()) == [output]  # no temporary file left behind


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("浙江".encode("gbk") + b"\xff\xfe", "not valid UTF-8"),
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_extract_rejects_bad_input_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    source = tmp_path / "bad.txt"
    source.write_bytes(content)
    output = tmp_path / "draft.yaml"
    assert main(["extract", str(source), "-o", str(output)]) == 2
    err = capsys.readouterr().err
    assert message in err and "bad.txt" in err
    assert not output.exists()


def test_extract_needs_a_slug_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "My Report.txt"
    source.write_text("2019年，新建车间 60个。", encoding="utf-8")
    assert main(["extract", str(source), "-o", str(tmp_path / "d.yaml")]) == 2
    assert "--id" in capsys.readouterr().err
    args = ["extract", str(source), "--id", "my-report", "-o", str(tmp_path / "d.yaml")]
    assert main([*args, "--no-graph"]) == 0
    assert "source: my-report" in (tmp_path / "d.yaml").read_text(encoding="utf-8")


def test_help_shows_examples(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("extract", "coverage", "resolve", "conflicts"):
        assert main([command, "--help"]) == 0
        assert "Examples" in capsys.readouterr().out

"""Entity resolution: normal forms, known aliases, and an explanation for every match."""

from __future__ import annotations

import pytest

import policygraph as pg
from policygraph.cli import main
from policygraph.resolve import Name, Resolver, normal_form


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ('数字经济"一号工程"', "数字经济“一号工程”"),  # straight and curly quotes
        ("数字经济「一号工程」", "数字经济一号工程"),
        ("ＩＰｖ６规模部署", "IPv6规模部署"),  # full-width and half-width
        ("浙江省信息经济发展规划（2014—2020）", "浙江省信息经济发展规划(2014-2020)"),
        ("城市\n\n大脑", "城市 大脑"),  # PDF line breaks and stray spaces
        ("《关于加快发展信息经济的指导意见》", "关于加快发展信息经济的指导意见"),
        ("5G＋4K", "5G+4K"),
    ],
)
def test_normal_form_folds_widths_quotes_and_whitespace(one: str, other: str) -> None:
    assert normal_form(one) == normal_form(other)


@pytest.mark.parametrize(("one", "other"), [("一号工程", "二号工程"), ("5G", "5G+")])
def test_normal_form_keeps_what_differs(one: str, other: str) -> None:
    assert normal_form(one) != normal_form(other)


@pytest.fixture(scope="module")
def resolver(kg_memory: pg.KnowledgeGraph) -> Resolver:
    return Resolver.from_graph(kg_memory)


@pytest.mark.parametrize(
    ("mention", "slug", "via", "matched"),
    [
        ('数字经济"一号工程"', "number-one-project", "alias (normal form)", "数字经济“一号工程”"),
        ("一号工程", "number-one-project", "label", "一号工程"),
        ("数字经济一号工程", "number-one-project", "alias", "数字经济一号工程"),
        ("number-one-project", "number-one-project", "id", "number-one-project"),
        ("yihaogongcheng", "number-one-project", "pinyin", "yi hao gong cheng"),
        ("ＩＰｖ６", "ipv6", "label (normal form)", "IPv6"),
        ("“城市大脑”", "city-brain", "alias", "“城市大脑”"),
        ("杭州", "hangzhou", "alias", "杭州"),
    ],
)
def test_known_names_resolve_and_say_why(
    resolver: Resolver, mention: str, slug: str, via: str, matched: str
) -> None:
    (match,) = resolver.lookup(mention)
    assert (match.slug, match.via, match.matched) == (slug, via, matched)
    assert slug in match.explain() and matched.split()[0] in match.explain()


def test_observations_and_assertions_are_not_entities(
    resolver: Resolver, kg_memory: pg.KnowledgeGraph
) -> None:
    entities = set(kg_memory.entities().iri)
    assert {name.iri for name in resolver.names} == entities


def test_kinds_narrow_the_lookup(resolver: Resolver) -> None:
    assert [match.slug for match in resolver.lookup("淘宝村")] == ["taobao-village"]
    assert resolver.lookup("淘宝村", ["Indicator"]) == []
    assert [m.slug for m in resolver.lookup("网民数", ["Indicator"])] == ["internet-users"]


def test_an_ambiguous_name_returns_every_node() -> None:
    base = "https://w3id.org/policygraph/id/"
    resolver = Resolver(
        [
            Name(base + "a", ("Project",), "label", "“云”上银行", "云上银行", "A"),
            Name(base + "b", ("BusinessForm",), "label", "云上银行", "云上银行", "B"),
        ]
    )
    # written the same way: the exact label wins over a normal-form match
    assert [match.slug for match in resolver.lookup("云上银行")] == ["b"]
    assert [match.slug for match in resolver.lookup('"云"上银行')] == ["a", "b"]
    assert resolver.lookup("云下银行") == []


def test_resolve_command_explains_one_entity(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resolve", '数字经济"一号工程"', "一号工程"]) == 0
    out = capsys.readouterr().out
    assert "alias 数字经济“一号工程” has the same normal form 数字经济一号工程" in out
    assert "label 一号工程 is written the same way" in out
    assert "one entity: number-one-project" in out


def test_resolve_command_different_entities_and_unknown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["resolve", "杭州", "绍兴市"]) == 0
    assert "not one entity" in capsys.readouterr().out
    assert main(["resolve", "城市大恼"]) == 4
    captured = capsys.readouterr()
    assert "no entity" in captured.out
    assert "城市大脑" in captured.err  # a suggestion

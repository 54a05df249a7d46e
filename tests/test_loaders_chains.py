"""chains.yaml: clusters, chains, links, sub-links, codes, keywords, feeds and cycles."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chaingap.loaders.chains import read_chains

DATA = Path(__file__).parent / "data"


def chains_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "chains.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_fixture_chain_file_reads_completely():
    chains = read_chains(DATA / "basic" / "chains.yaml")
    assert chains.problems == []
    assert list(chains.clusters) == ["newenergy", "health"]
    assert chains.clusters["newenergy"].chains == ["battery"]
    assert chains.chains["battery"].feeds == [("B01", "B02"), ("B02", "B03"), ("B03", "B04")]
    assert chains.links["B01"].codes == ("2613",) and chains.links["B01"].keywords == ("正极",)


def test_sub_link_inherits_its_parents_segment():
    chains = read_chains(DATA / "basic" / "chains.yaml")
    assert chains.links["B02a"].parent == "B02"
    assert chains.links["B02a"].segment == "midstream"


def test_chinese_segment_names_are_accepted(tmp_path):
    chains = read_chains(chains_file(tmp_path, """
        chains:
          - id: c
            name: 链
            links:
              - {id: a, name: 甲, segment: 上游}
    """))
    assert chains.problems == [] and chains.links["a"].segment == "upstream"


def test_feeds_cycle_is_reported_with_its_links(tmp_path):
    chains = read_chains(chains_file(tmp_path, """
        chains:
          - id: c
            name: 链
            links:
              - {id: a, name: 甲, segment: upstream}
              - {id: b, name: 乙, segment: midstream}
              - {id: d, name: 丙, segment: downstream}
            feeds: [[a, b], [b, d], [d, a]]
    """))
    [problem] = chains.problems
    assert problem.file == "chains.yaml" and problem.column == "feeds"
    assert "cycle" in problem.message and "a -> b -> d -> a" in problem.message


def test_cycle_is_allowed_when_the_chain_says_so(tmp_path):
    chains = read_chains(chains_file(tmp_path, """
        chains:
          - id: c
            name: 回收链
            acyclic: false
            links:
              - {id: a, name: 甲, segment: upstream}
              - {id: b, name: 乙, segment: downstream}
            feeds: [[a, b], [b, a]]
    """))
    assert chains.problems == [] and chains.chains["c"].acyclic is False


@pytest.mark.parametrize("body, line, column, fragment", [
    ("""
        chains:
          - id: c
            name: 链
            links:
              - {id: a, name: 甲, segment: upstream}
          - id: e
            name: 另一链
            links:
              - {id: a, name: 重复, segment: upstream}
    """, 10, "id", "duplicate link id 'a'"),
    ("""
        chains:
          - id: c
            name: 链
            links:
              - {id: a, name: 甲, segment: sideways}
    """, 6, "segment", "unknown segment 'sideways'"),
    ("""
        chains:
          - id: c
            name: 链
            links:
              - {id: a, name: 甲, segment: upstream}
              - {id: b, name: 乙, parent: nope}
    """, 7, "parent", "unknown link id 'nope'"),
    ("""
        chains:
          - id: c
            name: 链
            links:
              - {id: a, name: 甲, segment: upstream}
            feeds: [[a, zz]]
    """, None, "feeds", "unknown link id 'zz'"),
])
def test_bad_chain_files_name_line_and_key(tmp_path, body, line, column, fragment):
    [problem] = read_chains(chains_file(tmp_path, body)).problems
    assert (problem.row, problem.column) == (line, column)
    assert fragment in problem.message


@pytest.mark.parametrize("text", ["", "# nothing\n", "[]\n", "clusters: []\n", "clusters: [\n"])
def test_empty_or_broken_chain_file_is_a_problem(tmp_path, text):
    assert read_chains(chains_file(tmp_path, text)).problems



_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=6),
                     st.sampled_from(["upstream", "B01", "上游", "a", "b"]))
_KEYS = st.sampled_from(["clusters", "chains", "links", "feeds", "id", "name", "segment", "parent", "codes",
                         "keywords", "acyclic", "from", "to", "name_en"])
_YAML_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                               st.dictionaries(_KEYS, inner, max_size=5)),
                            max_leaves=25)


@pytest.mark.parametrize("text, fragment", [
    ("clusters: [{id: a, chains: 5}]", "chains must be a list"),
    ("chains: [{id: c, links: 5}]", "links must be a list"),
    ("chains: [{id: c, links: [{id: a, segment: upstream}], feeds: 7}]", "feeds must be a list"),
    ("chains: [{id: c, links: [{id: [1, 2], segment: upstream}]}]", "a link without an id"),
    ("clusters: [{id: {x: 1}}]", "a cluster without an id"),
    ("chains: [{id: c, links: [{id: a, name: 甲, parent: a}]}]", "its own ancestor"),
    ("chains: [{id: c, links: [{id: a, parent: b}, {id: b, parent: a}]}]", "its own ancestor"),
])
def test_malformed_shapes_are_problems(tmp_path, text, fragment):
    problems = read_chains(chains_file(tmp_path, text)).problems
    assert any(fragment in problem.message for problem in problems), problems


@settings(max_examples=200, deadline=None)
@given(document=st.dictionaries(_KEYS, _YAML_VALUES, max_size=3))
def test_any_yaml_shape_gives_problems_never_a_crash(tmp_path_factory, document):
    import yaml

    path = tmp_path_factory.mktemp("chains") / "chains.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    result = read_chains(path)
    assert all(problem.file == "chains.yaml" for problem in result.problems)


def test_feeds_may_cross_chains_and_keep_weight_source_and_confidence(tmp_path):
    chains = read_chains(chains_file(tmp_path, """
        chains:
          - id: cells
            name: 电芯
            links:
              - {id: a, name: 甲}
          - id: cars
            name: 整车
            links:
              - {id: b, name: 乙}
              - {id: d, name: 丙}
            feeds:
              - {from: a, to: b, weight: 4, source: 抽取, confidence: 0.8}
              - [a, d, 1]
              - [b, d]
    """))
    assert chains.problems == []
    cars = chains.chains["cars"]
    assert cars.feeds == [("a", "b"), ("a", "d"), ("b", "d")]  # a is a link of another chain
    assert cars.feed_facts[("a", "b")] == {"weight": 4, "evidence": "抽取", "confidence": Decimal("0.8")}
    assert cars.feed_facts[("a", "d")] == {"weight": 1} and ("b", "d") not in cars.feed_facts

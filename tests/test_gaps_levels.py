"""Nested links: ``gaps --level N`` and ``--leaves`` show one level of a classification."""

from __future__ import annotations

import json

from click.testing import CliRunner
from toycity import ToyCity

from chaingap.cli import cli
from chaingap.graph.store import ChainStore
from chaingap.queries.levels import link_levels


def nested() -> ToyCity:
    """Three levels: T > M1 > (S1, S2), T > M2 (a leaf at level 2); U alone."""
    toy = ToyCity(region_province="江苏省").chain("C")
    toy.link("T", "C").link("M1", "C", parent="T").link("M2", "C", parent="T")
    toy.link("S1", "C", parent="M1").link("S2", "C", parent="M1").link("U", "C")
    toy.enterprise("E1", ["S1"], local=True).enterprise("E2", ["S2"]).enterprise("E3", ["M2"]).enterprise("E4", ["U"])
    return toy


def test_levels_and_leaves():
    assert link_levels(nested().tables()) == {"T": (1, False), "M1": (2, False), "M2": (2, True),
                                              "S1": (3, True), "S2": (3, True), "U": (1, True)}


def test_gaps_filters_by_level_and_leaves(tmp_path):
    with ChainStore(tmp_path / "store") as store:
        store.load(nested().dataset())

    def links(*args):
        result = CliRunner().invoke(cli, ["gaps", "--home", str(tmp_path), "--format", "json", *args])
        assert result.exit_code == 0, result.output
        return sorted(row["link"] for row in json.loads(result.output))

    assert links("--level", "1") == ["T", "U"]
    assert links("--level", "3") == ["S1", "S2"]
    assert links("--leaves") == ["M2", "S1", "S2", "U"]
    assert links("--level", "2", "--leaves") == ["M2"]
    # a parent counts its sub-links' firms
    rows = {row["link"]: row for row in json.loads(CliRunner().invoke(
        cli, ["gaps", "--home", str(tmp_path), "--format", "json"]).output)}
    assert rows["T"]["local_enterprises"] == 1 and rows["T"]["benchmark_enterprises"] == 3


def test_parents_are_rollups_of_their_leaves_and_count_in_no_total():
    from chaingap.queries.gaps import analyse
    from chaingap.queries.rollups import at_level, completeness, leaf_links

    analysis = analyse(nested().tables())
    shown = {link.id: link for link in analysis.links}
    assert {link.id for link in analysis.by_status("rollup")} == {"T", "M1"}
    # leaf descendants by status, at any depth; the parent keeps its own counts and gets no targets
    assert shown["T"].rollup == {"missing": 2, "weak": 1} and shown["M1"].rollup == {"missing": 1, "weak": 1}
    assert shown["T"].metrics["local_enterprises"] == 1 and not shown["T"].extension
    assert "T" not in analysis.targets and "M1" not in analysis.targets
    assert [link.id for link in leaf_links(analysis.links)] == ["M2", "S1", "S2", "U"]
    assert sum(len(analysis.by_status(s)) for s in ("missing", "weak")) == 4
    assert completeness(analysis.links) == 1 / 4  # S1 of M2, S1, S2, U has a local firm
    # --level judges a level's links as links: the parents' own statuses, from their sub-links' firms
    assert {link.id: link.status for link in at_level(analysis, 1)} == {"T": "weak", "U": "missing"}
    assert analysis.as_links["T"].status == "weak" and analysis.as_links["T"].metrics == {
        **shown["T"].metrics, "supply_gap": analysis.as_links["T"].metrics["supply_gap"],
        "single_firm": analysis.as_links["T"].metrics["single_firm"]}


def test_gaps_shows_rollups_by_default_and_own_statuses_by_level(tmp_path):
    with ChainStore(tmp_path / "store") as store:
        store.load(nested().dataset())

    def rows(*args):
        result = CliRunner().invoke(cli, ["gaps", "--home", str(tmp_path), "--format", "json", *args])
        assert result.exit_code == 0, result.output
        return {row["link"]: row for row in json.loads(result.output)}

    with ChainStore(tmp_path / "store") as store:
        figures = store.stats()
    assert (figures["links"], figures["link_rollups"]) == (4, 2)  # leaf links; parents apart
    default = rows()
    assert {link: row["status"] for link, row in default.items()} == {
        "T": "rollup", "M1": "rollup", "M2": "missing", "S1": "weak", "S2": "missing", "U": "missing"}
    assert default["T"]["rollup"] == {"missing": 2, "weak": 1} and default["T"]["level"] == 1
    assert {link: row["status"] for link, row in rows("--level", "2").items()} == {"M1": "weak", "M2": "missing"}
    assert set(rows("--status", "missing")) == {"M2", "S2", "U"}
    result = CliRunner().invoke(cli, ["gaps", "--home", str(tmp_path)])
    assert result.exit_code == 0 and "汇总" in result.output and "rollup" not in result.output

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

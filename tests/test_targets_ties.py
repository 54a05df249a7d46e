"""Ranking on what is known: when every candidate of a link scores the same, ``targets`` says so."""

from __future__ import annotations

from click.testing import CliRunner
from toycity import ToyCity

from chaingap.cli import cli
from chaingap.graph.store import ChainStore


def test_candidates_that_all_tie_are_said_to_have_no_ranking_basis(tmp_path):
    toy = ToyCity(region_province="江苏省").chain("C").link("L1", "C").link("L2", "C")
    toy.enterprise("H0", ["L1"], local=True)
    for i in range(3):  # no revenue, no flag, no province: nothing tells them apart
        toy.enterprise(f"P{i}", ["L2"])
    toy.enterprise("Q0", ["L1"]).enterprise("Q1", ["L1"], revenue=50000, listed=True)
    with ChainStore(tmp_path / "store") as store:
        store.load(toy.dataset())
    result = CliRunner().invoke(cli, ["targets", "--home", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "link L2: all 3 candidates score" in result.stderr and "no basis to rank" in result.stderr
    assert "link L1" not in result.stderr

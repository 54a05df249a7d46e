"""explain --evidence: every counted firm, project and edge names the row of record it came from.

The rows named are checked against the input files themselves (row numbers as Excel shows
them: the header is row 1).
"""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner
from toycity import ToyCity

from chaingap.cli import cli
from chaingap.queries.evidence import evidence
from chaingap.queries.gaps import analyse


def read_row(path, number: int) -> dict[str, str]:
    """Row ``number`` of a CSV file, counting the header as row 1."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for index, row in enumerate(csv.DictReader(handle), start=2):
            if index == number:
                return row
    raise AssertionError(f"{path.name} has no row {number}")


@pytest.fixture()
def explain(tmp_path, monkeypatch):
    monkeypatch.setenv("CHAINGAP_HOME", str(tmp_path / "home"))

    def run(link: str, *more: str) -> dict:
        result = CliRunner().invoke(cli, ["explain", link, "--sample", "--evidence", "--format", "json", *more],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return run


def test_each_counted_firm_names_its_dataset_file_row_and_date(explain, sample_dir):
    document = explain("nm-pipes")
    firms = document["evidence"]["firms"]
    assert len({firm["enterprise"] for firm in firms}) == document["link"]["metrics"]["local_enterprises"]
    for firm in firms:
        assert firm["dataset"] == "zhenjiang" and firm["as_of"] == "2025-06-30"
        row = read_row(sample_dir / firm["file"], firm["row"])
        assert (row["id"], row["name"]) == (firm["enterprise"], firm["name"])
        assert "nm-pipes" in row["links"]


def test_each_project_names_its_row_and_the_row_of_its_stage(explain, sample_dir):
    [project] = [p for p in explain("nm-pipes")["evidence"]["projects"] if p["project"] == "ZJP2024-001"]
    row = read_row(sample_dir / project["file"], project["row"])
    assert (row["id"], row["stage"]) == ("ZJP2024-001", project["stage"])
    stage = read_row(sample_dir / project["stage_file"], project["stage_row"])
    assert (stage["project"], stage["stage"], stage["date"]) == ("ZJP2024-001", "started", project["stage_date"])


def test_feeds_edges_are_listed_with_their_dataset(explain):
    edges = explain("aero-prepreg")["evidence"]["feeds"]
    assert ("aero-prepreg", "aero-composite-parts") in {(e["source"], e["target"]) for e in edges}
    assert all(edge["file"] == "chains.yaml" and edge["dataset"] == "zhenjiang" for edge in edges)


def test_a_firm_of_a_sub_link_counts_and_says_through_which_link():
    toy = ToyCity().chain("C").link("L1", "C").link("L1a", "C", parent="L1")
    toy.enterprise("E1", {"L1a": 0.4}, local=True, revenue=10).enterprise("P1", ["L1"], revenue=5)
    for row, item in enumerate(toy.rows["enterprises"], start=2):
        item.update(_file="enterprises.csv", _row=row)
    con = toy.tables()
    assert analyse(con).link("L1").metrics["local_enterprises"] == 1
    [firm] = evidence(con, "L1")["firms"]
    assert (firm["enterprise"], firm["links"], float(firm["share"]), firm["file"], firm["row"]) == (
        "E1", ["L1a"], 0.4, "enterprises.csv", 2)


def test_text_output_lists_the_evidence(tmp_path, monkeypatch):
    monkeypatch.setenv("CHAINGAP_HOME", str(tmp_path / "home"))
    result = CliRunner().invoke(cli, ["explain", "nm-pipes", "--sample", "--evidence", "--lang", "en"],
                                catch_exceptions=False)
    assert result.exit_code == 0 and "enterprises.csv:" in result.output and "projects.csv:" in result.output


def test_each_counted_firm_has_its_role_in_the_link_and_the_link_lists_its_products():
    toy = ToyCity().chain("C").link("L1", "C").link("L1a", "C", parent="L1").link("L2", "C")
    toy.enterprise("A", ["L2"], local=True, chain_leader=True).enterprise("L", ["L1"], local=True, chain_leader=True)
    toy.enterprise("S", ["L1a"], local=True).enterprise("M", ["L1"], local=True).enterprise("P", ["L1"])
    toy.supplies("S", "A").supplies("M", "P")          # S supplies a local 链主; M only a pool firm
    toy.product("PR1", "S", "L1a", name="电芯").product("PR2", "A", "L2")
    found = evidence(toy.tables(), "L1")
    assert {(f["enterprise"], f["role"]) for f in found["firms"]} == {
        ("L", "chain_leader"), ("S", "key_supplier"), ("M", "member")}
    assert [(p["product"], p["name"], p["enterprise"]) for p in found["products"]] == [("PR1", "电芯", "S")]

"""A candidate that already invests in a link is not ranked there, and says why (docs/pipeline.md):
"已有项目 P 在「阶段」", with the link and the stage; the ranked lists stay as every engine gives them."""

from __future__ import annotations

import pytest
from toycity import ToyCity

from chaingap.queries.held_back import held_back


def toy(**project):
    city = ToyCity(region_province="江苏省").chain("C1").link("L1", "C1").link("L2", "C1").feeds("L1", "L2")
    city.enterprise("E1", ["L2"], local=True, revenue=100).enterprise("E2", ["L1", "L2"], revenue=100)
    return city.project("X1", ["L1"], "started", **project)


def test_the_investor_of_a_counted_project_is_listed_with_the_project_and_its_stage():
    found = held_back(toy(investor="E2").tables())
    assert list(found) == ["L1"]
    [item] = found["L1"]
    assert (item.enterprise, item.project, item.stage) == ("E2", "X1", "started")
    assert item.note() == "已有项目 X1 在「开工」"
    assert item.note("en") == "already has project X1 at stage 'construction started'"


@pytest.mark.parametrize("project", [{"investor": "E2", "agreement": "framework"}, {"investor": "E2", "investment": 500},
                                     {}])
def test_a_project_that_does_not_count_holds_no_one_back(project):
    assert held_back(toy(**project).tables()) == {}


def test_the_held_back_candidate_is_not_in_the_ranked_list():
    from chaingap.queries.gaps import analyse

    city = toy(investor="E2")
    targets = analyse(city.tables(), engine="sql").targets
    assert "E2" not in [target.enterprise for target in targets.get("L1", [])]


def test_chaingap_targets_notes_the_held_back_candidate_and_does_not_rank_it(tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from chaingap.cli import cli

    monkeypatch.setenv("CHAINGAP_HOME", str(tmp_path / "home"))
    result = CliRunner().invoke(cli, ["targets", "--sample", "--link", "aero-chips", "--format", "json"],
                                catch_exceptions=False)
    assert "(link aero-chips: X00098 常州帆凯机载元器件有限公司 已有项目 ZJP-I001 在「签约」, 不参与排名)" in result.stderr
    assert "X00098" not in [row["enterprise"] for row in json.loads(result.stdout)]

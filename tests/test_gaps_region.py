"""Regions of every level: a province of a national pool analysed as the region, in every engine.

``region_view(source, "JS")`` makes exactly the firms located in JS or its parts local,
whether their rows are in the local table or the pool (docs/gap-rules.md, Words).
"""

from __future__ import annotations

import pytest
from toycity import ToyCity

from chaingap.ontology.vocab import DISTRICT_KINDS
from chaingap.queries.gaps import analyse
from chaingap.queries.region import region_view

ENGINES = ["sql", "sparql", "python"]


def source(toy: ToyCity, engine: str):
    return toy.graph() if engine == "sparql" else toy.tables()


def national() -> ToyCity:
    """A national pool: JS (province) > NJ (city) > JN (district) and ZJ (province), region CN.

    L1: 3 firms in JS (one in JN, two in NJ), 1 in ZJ. L2: 1 in ZJ, 2 nowhere. None is local."""
    toy = ToyCity(region="CN").chain("C").link("L1", "C").link("L2", "C").feeds("L2", "L1")
    toy.district("JS", kind="province").district("NJ", "JS", kind="city").district("JN", "NJ")
    toy.district("ZJ", kind="province")
    toy.rows["districts"][-4]["name"] = "江苏省"
    toy.rows["districts"][-1]["name"] = "浙江省"
    toy.enterprise("A", ["L1"], district="JN", province="江苏省")
    toy.enterprise("B", ["L1"], district="NJ", province="江苏省")
    toy.enterprise("C", ["L1"], district="NJ", province="江苏省")
    toy.enterprise("D", ["L1"], district="ZJ", province="浙江省")
    toy.enterprise("E", ["L2"], district="ZJ", province="浙江省")
    toy.enterprise("F", ["L2"], province="安徽省").enterprise("G", ["L2"])
    return toy


@pytest.mark.parametrize("kind", ["province", "省", "自治区", "直辖市", "地级市", "prefecture", "县", "区", "zone", "园区"])
def test_every_level_is_a_district_kind(kind):
    assert DISTRICT_KINDS.parse(kind) in DISTRICT_KINDS


@pytest.mark.parametrize("engine", ENGINES)
def test_a_province_of_the_pool_is_a_region(engine):
    analysis = analyse(region_view(source(national(), engine), "JS"), engine=engine)
    assert analysis.region == "江苏省"
    l1, l2 = analysis.link("L1"), analysis.link("L2")
    assert (l1.metrics["local_enterprises"], l1.metrics["benchmark_enterprises"]) == (3, 4)
    assert (l2.metrics["local_enterprises"], l2.metrics["benchmark_enterprises"]) == (0, 3)
    # 3 local of 7: L1 (3/3)/(4/7) = 1.75 on counts
    assert l1.status == "strong" and l2.status == "missing" and l2.metrics["supply_gap"] is True
    # targets of L2 come from outside JS, the neighbouring province first
    assert [t.enterprise for t in analysis.targets["L2"]][0] == "E"
    assert "proximity:neighbouring" in analysis.targets["L2"][0].reasons


@pytest.mark.parametrize("engine", ENGINES)
def test_a_city_inside_the_province_counts_its_parts(engine):
    analysis = analyse(region_view(source(national(), engine), "NJ"), engine=engine)
    assert analysis.link("L1").metrics["local_enterprises"] == 3
    analysis = analyse(region_view(source(national(), engine), "JN"), engine=engine)
    assert analysis.link("L1").metrics["local_enterprises"] == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_without_a_region_view_nothing_in_the_pool_is_local(engine):
    analysis = analyse(source(national(), engine), engine=engine)
    assert {link.metrics["local_enterprises"] for link in analysis.links} == {0}


def test_an_unknown_region_is_refused():
    with pytest.raises(ValueError, match="no district"):
        region_view(national().tables(), "XX")


def test_gaps_region_on_the_cli(tmp_path):
    from click.testing import CliRunner

    from chaingap.cli import cli
    from chaingap.graph.store import ChainStore

    with ChainStore(tmp_path / "store") as store:
        store.load(national().dataset())
    result = CliRunner().invoke(cli, ["gaps", "--home", str(tmp_path), "--region", "JS", "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    rows = {row["link"]: row for row in json.loads(result.output)}
    assert rows["L1"]["local_enterprises"] == 3 and rows["L1"]["benchmark_enterprises"] == 4
    assert rows["L1"]["lq_basis"] in {"count", "revenue"}

"""``chaingap compare``: peer regions side by side, each link once per region, as ``gaps --region`` says."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner
from toycity import ToyCity

from chaingap.cli import cli
from chaingap.graph.store import ChainStore
from chaingap.queries.compare import compare

PROVINCES = {"320000": "江苏省", "330000": "浙江省", "340000": "安徽省"}
LINKS = [f"L{i}" for i in range(1, 9)]


def generated_pool(seed: int = 3, firms: int = 240) -> ToyCity:
    """A national pool of ``firms`` firms in three provinces (and some in none), 8 links, no local table."""
    rng = random.Random(seed)
    toy = ToyCity(dataset="pool", region="CN").chain("C")
    for link in LINKS:
        toy.link(link, "C")
    for a, b in zip(LINKS, LINKS[1:]):
        toy.feeds(a, b)
    for code, name in PROVINCES.items():
        toy.district(code, kind="province")
        toy.rows["districts"][-1]["name"] = name
    weights = {"320000": [8, 1, 1, 4, 1, 1, 6, 1], "330000": [1, 8, 1, 1, 4, 1, 1, 6], "340000": [1] * 8}
    for i in range(firms):
        province = rng.choice([*PROVINCES, None])
        link = rng.choices(LINKS, weights=weights.get(province, [1] * 8))[0]
        toy.enterprise(f"F{i:04d}", [link], district=province, province=PROVINCES.get(province),
                       revenue=rng.choice([None, 500, 5000, 50000]))
    return toy


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    folder = tmp_path_factory.mktemp("home")
    with ChainStore(folder / "store") as store:
        store.load(generated_pool().dataset())
    return folder


def _cli(home, *args):
    result = CliRunner().invoke(cli, [*args, "--home", str(home), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_compare_lists_each_link_once_per_region_with_the_counts_of_gaps_region(home):
    rows = _cli(home, "compare", "--region", "320000", "--region", "浙江省")
    assert [(row["link"], row["region"]) for row in rows] == [(link, region) for link in LINKS
                                                              for region in ("320000", "330000")]
    for region in ("320000", "330000"):
        gaps = {row["link"]: row for row in _cli(home, "gaps", "--region", region)}
        for row in (row for row in rows if row["region"] == region):
            expected = gaps[row["link"]]
            assert (row["local_enterprises"], row["benchmark_enterprises"], row["status"], row["lq_basis"]) == \
                (expected["local_enterprises"], expected["benchmark_enterprises"], expected["status"],
                 expected["lq_basis"]), (region, row["link"])
            assert row["lq"] == pytest.approx(expected["lq"])


def test_a_link_strong_in_a_peer_and_missing_here_is_flagged():
    toy = generated_pool()
    for i in range(6):  # L3 only in Zhejiang
        toy.enterprise(f"Z{i}", ["L3"], district="330000", province="浙江省")
    toy.rows["operations"] = [row for row in toy.rows["operations"]
                              if not (row["link"] == "L3" and row["enterprise"].startswith("F"))]
    comparison = compare(toy.tables(), ["320000", "330000", "340000"])
    flagged = {row["link"] for row in comparison.rows() if row["peer_strong"]}
    assert "L3" in flagged
    for row in comparison.rows():
        if row["peer_strong"]:
            assert row["region"] == "320000" and row["status"] == "missing"
    assert comparison.analyses["330000"].link("L3").status == "strong"


def test_compare_needs_two_regions(home):
    result = CliRunner().invoke(cli, ["compare", "--region", "320000", "--home", str(home)])
    assert result.exit_code == 2
    with pytest.raises(ValueError, match="two or more"):
        compare(generated_pool().tables(), ["320000", "320000"])

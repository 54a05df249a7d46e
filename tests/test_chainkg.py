"""Real public data: A-share listed companies in the Shenwan classification, Jiangsu as the region.

The dataset is built from ``../shared/data/chainkg/`` by ``benchmarks/chainkg.py`` (the
mapping is in docs/real-data.md); nothing in it is invented. The test skips only when that
folder is absent (it is present on this machine, where CI runs too).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from chaingap.loaders import load_dataset
from chaingap.loaders.tables_of_record import write_tables
from chaingap.queries.gaps import analyse
from chaingap.queries.region import region_view

_SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "chainkg.py"
_spec = importlib.util.spec_from_file_location("chainkg_mapping", _SCRIPT)
chainkg = sys.modules.setdefault("chainkg_mapping", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(chainkg)

pytestmark = pytest.mark.skipif(chainkg.SOURCE is None, reason="../shared/data/chainkg/ is absent")
HONEST = {"status": {"evidence": {"local_min": 2, "benchmark_min": 5}}}


def _jsonl(name: str) -> list[dict]:
    with (chainkg.SOURCE / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="module")
def jiangsu(tmp_path_factory):
    mapped = chainkg.write_dataset(chainkg.SOURCE, tmp_path_factory.mktemp("chainkg") / "jiangsu", "江苏省")
    con = duckdb.connect()
    write_tables(load_dataset(mapped.folder), con)
    return mapped, con


def test_the_region_is_a_province(jiangsu):
    _, con = jiangsu
    assert con.execute("SELECT d.region, x.kind, x.name FROM dataset d JOIN districts x ON x.id = d.region").fetchall() \
        == [("320000", "province", "江苏省")]
    assert analyse(con).region == "江苏省"


def test_links_are_the_level_three_industries_and_only_leaves_get_statuses(jiangsu):
    _, con = jiangsu
    level3 = {row["code"] for row in _jsonl("industry.json") if not row["code"].endswith("00")}
    links = analyse(con).links
    assert {link.id for link in links} == level3 and len(links) == 346
    assert con.execute("SELECT count(*) FROM links WHERE parent IS NOT NULL").fetchone()[0] == 0
    # 31 level-1 industries are clusters, the level-2 ones with level-3 children chains
    assert con.execute("SELECT count(*) FROM clusters").fetchone()[0] == 31


def test_feeds_carry_their_extraction_counts_as_weights(jiangsu, tmp_path):
    _, con = jiangsu
    total, weighted, lightest = con.execute("SELECT count(*), count(weight), min(weight) FROM feeds").fetchone()
    assert total == weighted > 5000 and lightest == 1
    # feeds cross chains (an upstream industry of another level-2 industry)
    assert con.execute("""SELECT count(*) FROM feeds f JOIN links a ON a.id = f.source JOIN links b ON b.id = f.target
                          WHERE a.chain <> b.chain""").fetchone()[0] > 0
    heavy = chainkg.write_dataset(chainkg.SOURCE, tmp_path / "heavy", "江苏省", min_weight=2)
    con2 = duckdb.connect()
    write_tables(load_dataset(heavy.folder), con2)
    kept, smallest = con2.execute("SELECT count(*), min(weight) FROM feeds").fetchone()
    assert smallest == 2 and kept == sum(1 for row in _jsonl("industry_up.json") for w in row["ups"].values() if w >= 2) \
        - _unmapped_heavy()


def test_criticality_tells_the_links_of_a_cycle_apart(jiangsu):
    """The extracted relations run both ways: most links form one cycle group, to which the
    old rule (reachable / component size) gave one value (226 of 346 links shared 0.876812)."""
    import networkx as nx

    from chaingap.graph.measures import kept_feeds, link_graph

    _, con = jiangsu
    links = analyse(con).links
    crit = {link.id: link.metrics["criticality"] for link in links}
    graph = link_graph(crit, kept_feeds(con.execute("SELECT source, target, weight FROM feeds").fetchall()))
    group = max(nx.strongly_connected_components(graph), key=len)
    assert len(group) > len(crit) / 2
    value, shared = Counter(crit.values()).most_common(1)[0]
    # the largest tie left is the links nothing depends on (0): no rule can tell those apart
    assert value == 0 and shared == sum(1 for link in links if link.metrics["downstream_count"] == 0)
    assert shared < len(group) / 2
    # inside the group two links share a value exactly when they supply the group equally
    strength = {node: sum(data["weight"] or 1 for _, other, data in graph.out_edges(node, data=True) if other in group)
                for node in group}
    assert len({crit[node] for node in group}) == len(set(strength.values())) > len(group) / 10
    assert max(group, key=lambda node: (crit[node], node)) in {n for n in group if strength[n] == max(strength.values())}


def _unmapped_heavy() -> int:
    names = {row["name"] for row in _jsonl("industry.json")}
    return sum(1 for row in _jsonl("industry_up.json") for name, w in row["ups"].items()
               if w >= 2 and (name not in names or row["industry"] not in names or name == row["industry"]))


def test_nothing_is_invented(jiangsu):
    _, con = jiangsu
    assert con.execute("SELECT count(*) FROM links WHERE segment IS NOT NULL").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM enterprises WHERE revenue IS NOT NULL").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM enterprises WHERE source NOT LIKE 'chainkg%'").fetchone()[0] == 0


def test_counts_are_those_of_the_data(jiangsu):
    mapped, con = jiangsu
    analysis = analyse(con)
    local = con.execute("SELECT count(*) FROM enterprises WHERE is_local").fetchone()[0]
    assert local == mapped.counts["local"] > 300
    assert con.execute("SELECT count(DISTINCT province) FROM enterprises WHERE is_local").fetchone()[0] == 1
    industry = {row["company_code"][:6]: row["industry_code"] for row in _jsonl("company_industry.json")}
    firms: dict[str, str] = {}
    for row in _jsonl("company.json"):  # a company listed twice counts once, as first listed
        firms.setdefault(row["code"][:6], row["fullname"])
    per_link = Counter(industry[code] for code, name in firms.items()
                       if code in industry and chainkg.province_of_name(name) == "江苏省")
    nationally = Counter(industry[code] for code in firms if code in industry)
    for link in analysis.links:
        assert link.metrics["local_enterprises"] == per_link.get(link.id, 0), link.id
        assert link.metrics["benchmark_enterprises"] == nationally.get(link.id, 0), link.id


def test_small_numbers_are_honest_on_real_data(jiangsu):
    _, con = jiangsu
    analysis = analyse(con, profile=HONEST)
    statuses = Counter(link.status for link in analysis.links)
    assert statuses["no_data"] > 0 and statuses["insufficient_evidence"] > 0
    for link in analysis.links:
        if link.status in ("no_data", "insufficient_evidence"):
            assert not link.extension and not link.metrics["supply_gap"] and link.id not in analysis.targets
        if link.status == "no_data":
            assert link.metrics["benchmark_enterprises"] == 0
        if link.status == "insufficient_evidence":
            assert 0 < link.metrics["local_enterprises"] < 2 or link.metrics["benchmark_enterprises"] < 5


def test_another_province_of_the_pool_is_a_region(jiangsu):
    _, con = jiangsu
    analysis = analyse(region_view(con, "330000"))
    assert analysis.region == "浙江省"
    zhejiang = con.execute("SELECT count(*) FROM enterprises WHERE district = '330000'").fetchone()[0]
    assert sum(link.metrics["local_enterprises"] for link in analysis.links) == zhejiang > 300


def test_nested_classification_judges_leaves_and_counts_them_only(jiangsu, tmp_path):
    """With the level-2 industries written as parent links, statuses stay on the 346 level-3
    industries: every parent is a rollup, none is counted among 缺链 or any other status."""
    from chaingap.queries.rollups import at_level, completeness, leaf_links

    mapped = chainkg.write_dataset(chainkg.SOURCE, tmp_path / "nested", "江苏省", nested=True)
    con = duckdb.connect()
    write_tables(load_dataset(mapped.folder), con)
    analysis, flat = analyse(con), analyse(jiangsu[1])
    parents = [link for link in analysis.links if not link.leaf]
    assert len(parents) == con.execute("SELECT count(DISTINCT parent) FROM links").fetchone()[0] > 50
    assert {link.status for link in parents} == {"rollup"} and not any(link.id in analysis.targets for link in parents)
    leaves = leaf_links(analysis.links)
    assert len(leaves) == 346 and all(link.leaf and link.level == 2 for link in leaves)
    # the leaves are judged as in the flat mapping, so the totals are the flat totals
    assert Counter(link.status for link in leaves) == Counter(link.status for link in flat.links)
    assert len(analysis.by_status("missing")) == len(flat.by_status("missing"))
    assert sum(sum(link.rollup.values()) for link in parents) == 346
    assert completeness(analysis.links) == completeness(flat.links)
    # gaps --level 1: the level-2 industries judged as links, on their sub-links' firms
    level1 = at_level(analysis, 1)
    assert {link.id for link in level1} == {link.id for link in parents}
    assert "rollup" not in {link.status for link in level1}

"""The networkx view: links and feeds-into edges, and per-link enterprise counts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chaingap.graph.nxview import enterprise_aggregates, link_graph
from chaingap.graph.store import ChainStore

CHAINS = """chains:
  - id: battery
    name: 电池
    links:
      - {id: A, name: 环节A, segment: upstream}
      - {id: A1, name: 环节A1, parent: A}
      - {id: B, name: 环节B, segment: midstream}
      - {id: C, name: 环节C, segment: downstream}
    feeds: [[A, B], [B, C]]
  - id: solar
    name: 光伏
    links:
      - {id: S, name: 环节S, segment: upstream}
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """Two chains: battery (A -> B -> C, with A1 a sub-link of A) and solar (S alone).

    Firms: two local in B (revenue 10 and 5.5), one pool firm in B and C (revenue 3), one
    local firm in C without revenue.
    """
    folder = tmp_path_factory.mktemp("chains")
    (folder / "dataset.yaml").write_text("id: chains\nname: chains\n", encoding="utf-8")
    (folder / "chains.yaml").write_text(CHAINS, encoding="utf-8")
    (folder / "districts.csv").write_text("id,name,kind\nd1,江北区,district\n", encoding="utf-8")
    (folder / "enterprises.csv").write_text("id,name,links,revenue,district\nf1,甲,B,10,d1\nf2,乙,B,5.5,d1\n"
                                            "f3,丙,C,,d1\n", encoding="utf-8")
    (folder / "pool.csv").write_text("id,name,links,revenue\np1,丁,B;C,3\n", encoding="utf-8")
    with ChainStore() as chain_store:
        chain_store.load(folder)
        yield chain_store


def test_link_graph_holds_every_link_and_feeds_into_edge(store):
    graph = link_graph(store)

    assert sorted(graph.nodes) == ["A", "A1", "B", "C", "S"]
    assert sorted(graph.edges) == [("A", "B"), ("B", "C")]
    assert graph.nodes["A1"] == {"id": "A1", "name": "环节A1", "chain": "battery", "segment": "upstream",
                                 "parent": "A"}
    assert graph.nodes["C"]["segment"] == "downstream"
    assert graph.nodes["B"]["parent"] is None


@pytest.mark.parametrize(("chain_id", "links", "edges"), [
    ("battery", ["A", "A1", "B", "C"], [("A", "B"), ("B", "C")]),
    ("solar", ["S"], []),
    ("nowhere", [], []),
])
def test_link_graph_of_one_chain(store, chain_id, links, edges):
    graph = link_graph(store, chain_id=chain_id)
    assert sorted(graph.nodes) == links
    assert sorted(graph.edges) == edges


def test_enterprise_aggregates_split_local_and_pool(store):
    figures = enterprise_aggregates(store)

    assert figures["B"] == {"local_count": 2, "local_revenue": Decimal("15.5"), "pool_count": 1,
                            "pool_revenue": Decimal("3")}
    assert figures["C"] == {"local_count": 1, "local_revenue": Decimal("0"), "pool_count": 1,
                            "pool_revenue": Decimal("3")}
    assert "A" not in figures

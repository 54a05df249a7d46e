"""The networkx view: links and feeds-into edges, and per-link enterprise counts."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest

from chaingap.graph.nxview import enterprise_aggregates, link_graph
from chaingap.graph.store import ChainStore
from chaingap.ontology.namespace import CG_NS
from chaingap.ontology.terms import graph_iri, iri

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"


class ChainDataset:
    """Two chains: battery (A -> B -> C, with A1 a sub-link of A) and solar (S alone).

    Firms: two local in B (revenue 10 and 5.5), one pool firm in B and C (revenue 3), one
    local firm in C without revenue.
    """

    id = "chains"
    graph_iri = graph_iri("chains")

    def quads(self):
        graph = ox.NamedNode(self.graph_iri)

        def node(kind, id_):
            return ox.NamedNode(iri(kind, id_))

        def term(name):
            return ox.NamedNode(CG_NS + name)

        def fact(s, p, o):
            return ox.Quad(s, ox.NamedNode(RDF_TYPE) if p == "a" else term(p), o, graph)

        links = {"battery": [("A", "upstream", None), ("A1", "upstream", "A"), ("B", "midstream", None),
                             ("C", "downstream", None)],
                 "solar": [("S", "upstream", None)]}
        for chain, members in links.items():
            yield fact(node("chain", chain), "a", term("IndustryChain"))
            for link, segment, parent in members:
                yield fact(node("chain", chain), "hasLink", node("link", link))
                yield fact(node("link", link), "a", term("Link"))
                yield fact(node("link", link), "name", ox.Literal(f"环节{link}"))
                yield fact(node("link", link), "inSegment", term(segment))
                if parent:
                    yield fact(node("link", link), "subLinkOf", node("link", parent))
        for source, target in (("A", "B"), ("B", "C")):
            yield fact(node("link", source), "feedsInto", node("link", target))
        firms = [("f1", True, "10", ["B"]), ("f2", True, "5.5", ["B"]), ("p1", False, "3", ["B", "C"]),
                 ("f3", True, None, ["C"])]
        for firm, local, revenue, where in firms:
            subject = node("enterprise", firm)
            yield fact(subject, "a", term("Enterprise"))
            yield fact(subject, "isLocal", ox.Literal(str(local).lower(), datatype=ox.NamedNode(XSD + "boolean")))
            if revenue:
                yield fact(subject, "revenue", ox.Literal(revenue, datatype=ox.NamedNode(XSD + "decimal")))
            for link in where:
                yield fact(subject, "operatesIn", node("link", link))


@pytest.fixture(scope="module")
def store():
    with ChainStore() as chain_store:
        chain_store.load(ChainDataset())
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

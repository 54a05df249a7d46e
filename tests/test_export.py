"""Exports parse back into what the store holds: RDF formats with rdflib, GraphML with networkx."""

from __future__ import annotations

import io
import importlib.util
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib

from chaingap.graph.errors import ExportError, UnknownDatasetError
from chaingap.graph.export import FORMATS, export
from chaingap.graph.store import ChainStore
from chaingap.ontology.terms import graph_iri, iri


def _store_test_helpers():
    """The store tests' dataset writer (imported by path: tests are not a package)."""
    spec = importlib.util.spec_from_file_location("_store_tests", Path(__file__).with_name("test_store.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.tiny


tiny = _store_test_helpers()

#: Read back by rdflib, an independent parser; JSON-LD by pyoxigraph, since rdflib's JSON-LD
#: (and TriG) parser builds a deprecated ConjunctiveGraph on every call.
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt"}


@pytest.fixture()
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    with ChainStore() as chain_store:
        chain_store.load(tiny(folder, "city", 3, revenue="12.5"))
        chain_store.load(tiny(folder, "pool", 2, local=False))  # the same chain and links, written once
        yield chain_store


def store_triples(store: ChainStore) -> set[str]:
    """The union's distinct triples, in pyoxigraph's canonical N-Triples spelling."""
    return {str(quad.triple) for quad in store.quads()}


def graph_sizes(store: ChainStore) -> dict[str, int]:
    return {info.id: sum(1 for _ in store.quads(info.id)) for info in store.datasets()}


def canonical(graph: rdflib.Graph) -> set[str]:
    """rdflib's triples re-read by pyoxigraph, so both sides are spelt the same way
    (rdflib writes a plain string without ``^^xsd:string``; pyoxigraph makes it explicit)."""
    text = graph.serialize(format="nt", encoding="utf-8")
    return {str(triple) for triple in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)}


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_merged_formats_parse_back_to_the_union(store, tmp_path, fmt):
    out = tmp_path / f"kg.{fmt}"

    written = export(store, fmt, out)

    if fmt in RDFLIB_FORMAT:
        back = rdflib.Graph().parse(out, format=RDFLIB_FORMAT[fmt])
    else:
        back = rdflib.Graph().parse(data=ox.serialize((q.triple for q in ox.parse(path=out, format=ox.RdfFormat.JSON_LD)),
                                                     format=ox.RdfFormat.N_TRIPLES), format="nt")
    expected = store_triples(store)
    assert written == len(expected) == len(back) < sum(1 for _ in store.quads())  # shared link triples written once
    assert canonical(back) == expected


@pytest.mark.parametrize(("fmt", "ox_format"), [("trig", ox.RdfFormat.TRIG), ("nq", ox.RdfFormat.N_QUADS)])
def test_graph_keeping_formats_keep_each_dataset_apart(store, tmp_path, fmt, ox_format):
    out = tmp_path / f"kg.{fmt}"

    written = export(store, fmt, out)

    back = ox.Store()
    back.load(path=out, format=ox_format)
    sizes = graph_sizes(store)
    assert written == sum(1 for _ in store.quads())
    for dataset_id, triples in sizes.items():
        assert len(list(back.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri(dataset_id))))) == triples


@pytest.mark.parametrize("fmt", ["ttl", "nq", "graphml"])
def test_one_dataset_only(store, fmt):
    buffer = io.BytesIO()
    written = export(store, fmt, buffer, dataset_id="pool")
    text = buffer.getvalue().decode("utf-8")
    assert "pool-1" in text and "city-1" not in text
    assert written == (1 + 2 + 1 + 2 + 2 + 1 if fmt == "graphml" else graph_sizes(store)["pool"])
    # graphml: the chain, its 2 links, the dataset node, 2 firms and their 2 operations, the feeds relation


def test_an_unknown_dataset_or_format_is_refused(store, tmp_path):
    with pytest.raises(UnknownDatasetError):
        export(store, "ttl", tmp_path / "x.ttl", dataset_id="nowhere")
    with pytest.raises(ExportError, match="unknown export format 'xml'"):
        export(store, "xml", tmp_path / "x.xml")
    assert set(FORMATS) == {"ttl", "nt", "jsonld", "trig", "nq", "graphml"}


def test_graphml_is_the_property_graph_gephi_reads(store, tmp_path):
    out = tmp_path / "kg.graphml"
    link = iri("link", "L01")

    nodes = export(store, "graphml", out, node_attributes={link: {"status": "weak", "lq": 0.5}})

    back = nx.read_graphml(out)
    firm = iri("enterprise", "city-0")
    assert nodes == back.number_of_nodes() == 1 + 2 + 2 + 1 + 5 + 5 + 1
    # the chain, 2 links, 2 dataset nodes, a district, 5 firms and their 5 operations, the feeds relation
    assert back.nodes[firm]["label"] == "企业0"
    assert back.nodes[firm]["type"] == "Enterprise"
    assert back.nodes[firm]["revenue"] == 12.5
    assert back.nodes[firm]["isLocal"] is True
    expected_link = {"label": "正极材料", "type": "Link", "status": "weak", "lq": 0.5}
    assert {key: back.nodes[link].get(key) for key in expected_link} == expected_link
    edges = list(back.edges(firm, data=True))
    assert sorted(data["label"] for _, target, data in edges) == ["hasOperation", "locatedIn", "operatesIn"]
    assert back.nodes[iri("dataset", "city")]["asOf"] == "2024-03-31"


def test_graphml_attribute_with_mixed_types_becomes_text(tmp_path):
    from chaingap.graph.export import _unify_types

    view = nx.MultiDiGraph()
    view.add_node("a", industryCode="3841")
    view.add_node("b", industryCode=12)
    view.add_node("c", revenue=1)
    view.add_node("d", revenue=2.5)
    _unify_types(view)
    assert {view.nodes[n]["industryCode"] for n in "ab"} == {"3841", "12"}
    assert {view.nodes[n]["revenue"] for n in "cd"} == {1.0, 2.5}
    nx.write_graphml(view, tmp_path / "m.graphml")
    assert nx.read_graphml(tmp_path / "m.graphml").number_of_nodes() == 4

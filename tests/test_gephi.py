"""`chaingap export --format gephi|gexf`: direct edges Gephi can lay out, one name per measure."""

from __future__ import annotations

import networkx as nx
import pytest
from click.testing import CliRunner

from chaingap.cli import cli


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gephi")
    runner = CliRunner()
    home = str(tmp / "home")
    for args in (["sample", str(tmp / "zj")], ["load", str(tmp / "zj"), "--home", home],
                 ["export", "--format", "gephi", "-o", str(tmp / "g.graphml"), "--home", home],
                 ["export", "--format", "gexf", "-o", str(tmp / "g.gexf"), "--home", home]):
        result = runner.invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return nx.read_graphml(tmp / "g.graphml"), nx.read_gexf(tmp / "g.gexf")


def test_only_chains_links_enterprises_and_projects_are_nodes(exported):
    graphml, _ = exported
    assert {data["type"] for _, data in graphml.nodes(data=True)} == {"Chain", "Link", "Enterprise", "Project"}


@pytest.mark.parametrize(("label", "source", "target"), [
    ("works_in", "Enterprise", "Link"), ("supplies", "Enterprise", "Enterprise"), ("feeds", "Link", "Link"),
    ("has_link", "Chain", "Link"), ("invests_in", "Project", "Link"),
])
def test_edges_join_what_they_name_directly(exported, label, source, target):
    graphml, _ = exported
    edges = [(u, v) for u, v, data in graphml.edges(data=True) if data["label"] == label]
    assert edges
    assert {(graphml.nodes[u]["type"], graphml.nodes[v]["type"]) for u, v in edges} == {(source, target)}


def test_an_enterprise_link_edge_carries_its_share_and_amount(exported):
    graphml, _ = exported
    edges = [(u, data) for u, _, data in graphml.edges(data=True) if data["label"] == "works_in"]
    assert all(0 < data["share"] <= 1 for _, data in edges)
    with_amount = [(u, data) for u, data in edges if "amount" in data]
    assert with_amount
    for u, data in with_amount[:50]:
        assert data["amount"] == pytest.approx(graphml.nodes[u]["revenue"] * data["share"], rel=1e-6)


def test_a_link_node_has_one_name_per_measure(exported):
    graphml, _ = exported
    node = graphml.nodes["link/aero-prepreg"]
    assert node["status"] == "weak" and node["local_enterprises"] == 1
    assert not [key for key in node if key.startswith("m_") or any(ch.isupper() for ch in key)]


def test_gexf_holds_the_same_graph(exported):
    graphml, gexf = exported
    assert gexf.number_of_nodes() == graphml.number_of_nodes()
    assert gexf.number_of_edges() == graphml.number_of_edges()

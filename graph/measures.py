"""Measures of links in the feeds-into graph (networkx): how much of the chain depends on a link.

SPARQL cannot count reachable nodes per start node cheaply, so this is computed once in Python
with networkx and written back as ``cg:downstreamCount`` / ``cg:criticality`` facts; every
engine (SPARQL, Python, Cypher) then reads the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Decimal

import networkx as nx

__all__ = ["link_graph", "criticality"]


def link_graph(links: Iterable[str], feeds: Iterable[tuple[str, str]]) -> nx.DiGraph:
    """Directed graph of links with an edge upstream -> downstream for each cg:feedsInto."""
    graph = nx.DiGraph()
    graph.add_nodes_from(links)
    graph.add_edges_from((a, b) for a, b in feeds if a != b)
    return graph


def criticality(graph: nx.DiGraph) -> dict[str, tuple[int, Decimal]]:
    """``{link: (downstream_count, criticality)}`` for every link of ``graph``.

    downstream_count = links reachable from the link along feeds-into (itself excluded);
    criticality = downstream_count / (size of the link's weakly connected component - 1),
    rounded half-even to 6 decimals, 0 for an isolated link: the share of the links it is
    connected to that depend on it. Cycles are fine (reachability, not depth).
    """
    component_size: dict[str, int] = {}
    for component in nx.weakly_connected_components(graph):
        for node in component:
            component_size[node] = len(component)
    result: dict[str, tuple[int, Decimal]] = {}
    for node in graph.nodes:
        downstream = len(nx.descendants(graph, node))
        others = component_size[node] - 1
        value = Decimal(downstream) / Decimal(others) if others else Decimal(0)
        result[node] = (downstream, value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN))
    return result

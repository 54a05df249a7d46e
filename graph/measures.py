"""Measures of links in the feeds-into graph (networkx): how much of the chain depends on a link.

SPARQL cannot count reachable nodes per start node cheaply, so this is computed once in Python
with networkx and written back as ``cg:downstreamCount`` / ``cg:criticality`` facts; every
engine (SQL, SPARQL, Python, Cypher) then reads the same numbers. The rules are those of
docs/gap-rules.md (Step 1, criticality, and the minimum feed weight).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import networkx as nx

__all__ = ["kept_feeds", "link_graph", "criticality", "link_measures"]

#: Weight of an unweighted feeds-into edge inside a cycle group (the within-group rule).
UNWEIGHTED = Fraction(1)


def kept_feeds(rows: Iterable[tuple[Any, ...]], min_weight: Any = None) -> dict[tuple[str, str], Decimal | None]:
    """``{(source, target): weight}`` of the feeds-into edges that count at ``min_weight``.

    ``rows`` are ``(source, target)`` or ``(source, target, weight)``, one per row of record.
    An edge's weight is the largest weight any row gives it (as every figure of several
    datasets, docs/gap-rules.md), None when no row weighs it. An unweighted edge always
    counts; a weighted one counts when its weight is at least ``min_weight`` (None or 0:
    every edge; weights are never negative). Self-loops are kept here (neighbour facts use
    them) and left out by :func:`link_graph`.

    Examples
    --------
    >>> kept_feeds([("a", "b", Decimal(1)), ("b", "c", None), ("a", "b", Decimal(3)), ("c", "d", Decimal(1))], 2)
    {('a', 'b'): Decimal('3'), ('b', 'c'): None}
    """
    weights: dict[tuple[str, str], Decimal | None] = {}
    for row in rows:
        edge, weight = (row[0], row[1]), (row[2] if len(row) > 2 else None)
        weight = None if weight is None else Decimal(str(weight))
        known = weights.get(edge)
        weights[edge] = weight if known is None else (known if weight is None else max(known, weight))
    if not min_weight:
        return weights
    floor = Decimal(str(min_weight))
    return {edge: weight for edge, weight in weights.items() if weight is None or weight >= floor}


def link_graph(links: Iterable[str], feeds: Iterable[tuple[str, str]] | Mapping[tuple[str, str], Any]) -> nx.DiGraph:
    """Directed graph of links with an edge upstream -> downstream for each cg:feedsInto.

    ``feeds`` are pairs, or the mapping of :func:`kept_feeds` (edge -> weight); each edge
    carries ``weight`` (None when unweighted). Self-loops are ignored.
    """
    graph = nx.DiGraph()
    graph.add_nodes_from(links)
    pairs = feeds.items() if isinstance(feeds, Mapping) else ((edge, None) for edge in feeds)
    graph.add_edges_from((a, b, {"weight": weight}) for (a, b), weight in pairs if a != b)
    return graph


def _strength(graph: nx.DiGraph, node: str, group: set[str]) -> Fraction:
    """Weighted out-strength of ``node`` towards the other members of its cycle group."""
    total = Fraction(0)
    for _, other, data in graph.out_edges(node, data=True):
        if other in group:
            weight = data.get("weight")
            total += UNWEIGHTED if weight is None else Fraction(weight)
    return total


def _rounded(value: Fraction) -> Decimal:
    """Half-even to 6 decimals, exactly (``round`` of a Fraction is half-even)."""
    return Decimal(round(value * 1_000_000)).scaleb(-6).quantize(Decimal("0.000001"))


def criticality(graph: nx.DiGraph) -> dict[str, tuple[int, Decimal]]:
    """``{link: (downstream_count, criticality)}`` for every link of ``graph``.

    downstream_count = links reachable from the link along feeds-into (itself excluded).

    criticality is computed on the condensation (each strongly connected component, a
    *cycle group*, collapsed to one node), so that on a cyclic graph it still tells links
    apart. For a link L in cycle group C and weakly connected component W:

    - outside(L) = links downstream of C that are not in C (they depend on the whole group);
    - inside(L) = (|C| - 1) x s(L) / max over M in C of s(M), where s is the weighted
      out-strength towards the other members of C (an unweighted edge weighs 1; when every
      s is 0 the share is 1): the group's members depend on L as much as L supplies them,
      relative to the group's strongest supplier;
    - criticality = (outside + inside) / (|W| - 1), 0 for an isolated link, computed exactly
      and rounded half-even to 6 decimals.

    On an acyclic graph every group is one link (inside = 0), so criticality is
    downstream_count / (|W| - 1): "x of the y links connected to it depend on it". On a cycle
    the strongest supplier keeps that reading; the others count their share of it. The rule
    is deterministic: it depends on the edges and weights only, not on any order.

    Examples
    --------
    A chain a -> b -> c, and a cycle x <-> y where x feeds y three times as much as y feeds x:

    >>> g = link_graph("abcxyz", {("a", "b"): None, ("b", "c"): None,
    ...                            ("x", "y"): Decimal(3), ("y", "x"): Decimal(1), ("y", "z"): None})
    >>> {k: str(v[1]) for k, v in sorted(criticality(g).items())}
    {'a': '1.000000', 'b': '0.500000', 'c': '0.000000', 'x': '1.000000', 'y': '0.666667', 'z': '0.000000'}
    >>> criticality(g)["y"][0]
    2
    """
    component_size: dict[str, int] = {}
    for component in nx.weakly_connected_components(graph):
        for node in component:
            component_size[node] = len(component)
    condensed = nx.condensation(graph)
    members: dict[int, set[str]] = {group: set(data["members"]) for group, data in condensed.nodes(data=True)}
    outside: dict[int, int] = {group: sum(len(members[other]) for other in nx.descendants(condensed, group))
                               for group in condensed.nodes}
    result: dict[str, tuple[int, Decimal]] = {}
    for group, nodes in members.items():
        strengths = {node: _strength(graph, node, nodes) for node in nodes} if len(nodes) > 1 else {}
        strongest = max(strengths.values(), default=Fraction(0))
        for node in nodes:
            share = strengths[node] / strongest if strongest else Fraction(1)
            inside = (len(nodes) - 1) * share
            others = component_size[node] - 1
            value = (outside[group] + inside) / others if others else Fraction(0)
            result[node] = (outside[group] + len(nodes) - 1, _rounded(value))
    return {node: result[node] for node in graph.nodes}


def link_measures(links: Iterable[str], rows: Iterable[tuple[Any, ...]],
                  min_weight: Any = None) -> dict[str, tuple[int, Decimal]]:
    """:func:`criticality` of ``links`` over the feeds ``rows`` that count at ``min_weight``:
    the one call every engine makes, so each reads the same measures."""
    return criticality(link_graph(links, kept_feeds(rows, min_weight)))

"""A networkx view of the chain structure, for the Python algorithms (paths, centrality…).

Kept deliberately small: links and their feeds-into edges, plus per-link enterprise counts.
The gap engine (``chaingap.queries``) owns the real metrics.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import networkx as nx

from .store import ChainStore

__all__ = ["link_graph", "enterprise_aggregates"]

_LINKS = "SELECT DISTINCT id, name, chain, segment, parent FROM links ORDER BY id, chain"
_FEEDS = "SELECT DISTINCT source, target FROM feeds"
_AGGREGATES = """
SELECT o.link, bool_or(e.is_local) AS local, count(DISTINCT e.id) AS firms, sum(coalesce(e.revenue, 0)) AS total
FROM (SELECT DISTINCT enterprise, link FROM operations) o JOIN enterprises e ON e.id = o.enterprise
GROUP BY o.link, e.is_local"""


def link_graph(store: ChainStore, chain_id: str | None = None) -> nx.DiGraph:
    """Links as nodes (keyed by link id), feeds-into as edges, over the union of datasets.

    Node attributes: ``id``, ``name``, ``chain`` (chain id; a link listed by two chains keeps
    the first), ``segment`` (``upstream``/``midstream``/``downstream`` or ``None``),
    ``parent`` (parent link id for a sub-link, else ``None``). With ``chain_id`` only that
    chain's links and the edges between them.

    Examples
    --------
    >>> graph = link_graph(ChainStore())
    >>> graph.number_of_nodes()
    0
    """
    rows = store.sql(_LINKS)
    if chain_id is not None:
        rows = [row for row in rows if row["chain"] == chain_id]
    graph = nx.DiGraph()
    for row in rows:
        if row["id"] not in graph:
            graph.add_node(row["id"], id=row["id"], name=row["name"] or row["id"], chain=row["chain"],
                           segment=row["segment"], parent=row["parent"])
    for row in store.sql(_FEEDS):
        if row["source"] in graph and row["target"] in graph:
            graph.add_edge(row["source"], row["target"])
    return graph


def enterprise_aggregates(store: ChainStore) -> dict[str, dict[str, Any]]:
    """Per link id: ``local_count``, ``local_revenue`` (万元, ``Decimal``), ``pool_count``,
    ``pool_revenue``, from the tables of record. A firm operating in several links counts in
    each (shares are the gap engine's business)."""
    figures: dict[str, dict[str, Any]] = {}
    for row in store.sql(_AGGREGATES):
        link = row["link"]
        entry = figures.setdefault(link, {"local_count": 0, "local_revenue": Decimal(0),
                                          "pool_count": 0, "pool_revenue": Decimal(0)})
        side = "local" if row["local"] is True else "pool"
        entry[f"{side}_count"] += row["firms"]
        entry[f"{side}_revenue"] += Decimal(row["total"] or 0)
    return figures


"""A networkx view of the chain structure, for the Python algorithms (paths, centrality…).

Kept deliberately small: links and their feeds-into edges, plus per-link enterprise counts.
The gap engine (``chaingap.queries``) owns the real metrics.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import networkx as nx

from chaingap.ontology.terms import iri, local_id

from .store import ChainStore

__all__ = ["link_graph", "enterprise_aggregates"]

_LINKS = """
SELECT ?link ?name ?chain ?segment ?parent WHERE {
  ?link a cg:Link .
  OPTIONAL { ?link cg:name ?name }
  OPTIONAL { ?chainNode cg:hasLink ?link BIND(?chainNode AS ?chain) }
  OPTIONAL { ?link cg:inSegment ?segment }
  OPTIONAL { ?link cg:subLinkOf ?parent }
} ORDER BY ?link ?chain"""

_FEEDS = "SELECT DISTINCT ?source ?target WHERE { ?source cg:feedsInto ?target }"

_AGGREGATES = """
SELECT ?link ?local (COUNT(?firm) AS ?firms) (SUM(COALESCE(?revenue, 0)) AS ?total) WHERE {
  { SELECT ?firm ?link (SAMPLE(?flag) AS ?isLocal) (SAMPLE(?r) AS ?revenue) WHERE {
      ?firm cg:operatesIn ?link .
      OPTIONAL { ?firm cg:isLocal ?flag }
      OPTIONAL { ?firm cg:revenue ?r }
    } GROUP BY ?firm ?link }
  BIND(COALESCE(?isLocal, false) AS ?local)
} GROUP BY ?link ?local"""


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
    rows = store.query(_LINKS)
    if chain_id is not None:
        wanted = iri("chain", chain_id)
        rows = [row for row in rows if row["chain"] == wanted]
    graph = nx.DiGraph()
    for row in rows:
        link = local_id(row["link"])
        if link in graph:
            continue
        graph.add_node(
            link, id=link, name=row["name"] or link,
            chain=local_id(row["chain"]) if row["chain"] else None,
            segment=_tail(row["segment"]),
            parent=local_id(row["parent"]) if row["parent"] else None,
        )
    for row in store.query(_FEEDS):
        source, target = local_id(row["source"]), local_id(row["target"])
        if source in graph and target in graph:
            graph.add_edge(source, target)
    return graph


def enterprise_aggregates(store: ChainStore) -> dict[str, dict[str, Any]]:
    """Per link id: ``local_count``, ``local_revenue`` (万元, ``Decimal``), ``pool_count``,
    ``pool_revenue``. An enterprise without ``cg:isLocal`` counts in the pool; one operating
    in several links counts in each (shares are the gap engine's business)."""
    figures: dict[str, dict[str, Any]] = {}
    for row in store.query(_AGGREGATES):
        link = local_id(row["link"])
        entry = figures.setdefault(link, {"local_count": 0, "local_revenue": Decimal(0),
                                          "pool_count": 0, "pool_revenue": Decimal(0)})
        side = "local" if row["local"] is True else "pool"
        entry[f"{side}_count"] += row["firms"]
        entry[f"{side}_revenue"] += Decimal(row["total"] or 0)
    return figures


def _tail(value: str | None) -> str | None:
    return value.rsplit("#", 1)[-1] if value else None

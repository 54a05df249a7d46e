"""Analysing one district (板块) of the region: only its enterprises count as local.

A district bureau asks the city's question about its own patch: enterprises elsewhere in the
city then count as outside (and may be recruited across districts: 项目流转). The view is an
in-memory copy of the store with ``cg:isLocal`` rewritten, so every engine and query runs on
it unchanged; it costs a copy of the store, fine for city-sized data.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from chaingap.ontology import terms
from chaingap.ontology.namespace import CG_NS

from .backend import XSD, oxigraph_of, select
from .derived import DERIVED_GRAPH

__all__ = ["district_view"]


def district_view(store: Any, district_id: str) -> ox.Store:
    """Copy of ``store`` where only enterprises located in ``district_id`` (or its parts) are local."""
    district = terms.iri("district", district_id)
    rows = select(store, "SELECT ?e ?district WHERE { ?e cg:isLocal true ; cg:locatedIn ?d . ?d cg:partOf* ?district }",
                  {"district": district})
    inside = {row["e"] for row in rows}
    exists = select(store, "SELECT ?x ?district WHERE { ?district ?p ?x } LIMIT 1", {"district": district})
    if not exists:
        raise ValueError(f"no district {district_id!r} in the store")
    is_local = ox.NamedNode(CG_NS + "isLocal")
    false = ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean"))
    derived = ox.NamedNode(DERIVED_GRAPH)
    view = ox.Store()
    quads = []
    for quad in oxigraph_of(store).quads_for_pattern(None, None, None):
        if quad.graph_name == derived:
            continue
        if quad.predicate == is_local and quad.object.value == "true" and quad.subject.value not in inside:
            quad = ox.Quad(quad.subject, quad.predicate, false, quad.graph_name)
        quads.append(quad)
    view.extend(quads)
    return view

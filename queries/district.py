"""Analysing one district (板块) of the region: only its enterprises count as local.

A district bureau asks the city's question about its own patch: enterprises elsewhere in the
city then count as outside (and may be recruited across districts: 项目流转). The SQL engine
and the Python oracle take the district as a parameter (a firm is local when the data says
so and it is located in the district or one of its parts); the SPARQL engine runs on an
in-memory copy of the graph with ``cg:isLocal`` rewritten (:func:`.sources.district_graph`),
fine for city-sized graphs.
"""

from __future__ import annotations

from typing import Any

from chaingap.ontology import terms

from .backend import select
from .sources import DistrictView, sparql_of, tables_of

__all__ = ["DistrictView", "district_view"]


def _district_exists(source: Any, district_id: str) -> bool:
    try:
        tables = tables_of(source)
    except TypeError:
        return bool(select(sparql_of(source), "SELECT ?x ?district WHERE { ?district ?p ?x } LIMIT 1",
                           {"district": terms.iri("district", district_id)}))
    return tables.con.execute("SELECT count(*) FROM districts WHERE id = ?", [district_id]).fetchone()[0] > 0


def district_view(source: Any, district_id: str) -> DistrictView:
    """``source`` where only enterprises located in ``district_id`` (or its parts) are local.

    Raises ValueError when the source knows no such district.
    """
    if not _district_exists(source, district_id):
        raise ValueError(f"no district {district_id!r} in the store")
    return DistrictView(source, district_id)

"""What the engines read: the tables of record (SQL, Python) or the graph (SPARQL), from any source.

A *source* is what callers hand to :func:`chaingap.queries.gaps.analyse`: the store facade
(:class:`chaingap.graph.store.ChainStore`: ``.tables`` is a DuckDB connection whose views
hold every current dataset, ``.query(sparql)`` answers over the graph built from them), a
bare DuckDB connection holding the tables of record, a pyoxigraph Store or rdflib Dataset
(SPARQL only), or a :class:`DistrictView` of any of these. :func:`tables_of` and
:func:`sparql_of` are the only place that knows these kinds apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
import pyoxigraph as ox

from chaingap.ontology import terms
from chaingap.ontology.namespace import CG_NS, XSD

from .backend import select

__all__ = ["Tables", "DistrictView", "RegionView", "tables_of", "sparql_of", "district_graph", "region_graph"]


@dataclass(frozen=True)
class Tables:
    """A DuckDB connection holding the tables of record (tables or views), and whose firms are local.

    ``district`` None: every firm the data marks local is local; else only those located in
    that district or one of its parts (a district bureau analysing its own patch).
    """

    con: duckdb.DuckDBPyConnection
    district: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class DistrictView:
    """``source`` seen from one district (made by :func:`chaingap.queries.district.district_view`)."""

    source: Any
    district: str


@dataclass(frozen=True)
class RegionView:
    """``source`` seen from another region it covers (made by :func:`chaingap.queries.region.region_view`).

    Every firm located in ``region`` or one of its parts is local, whether its row is in the
    local table or the pool (a province of a national pool); every other firm is outside.
    """

    source: Any
    region: str


def tables_of(source: Any) -> Tables:
    """The tables of record behind ``source``; TypeError when it has none (a bare graph)."""
    if isinstance(source, Tables):
        return source
    if isinstance(source, DistrictView):
        return Tables(tables_of(source.source).con, source.district)
    if isinstance(source, RegionView):
        return Tables(tables_of(source.source).con, None, source.region)
    if isinstance(source, duckdb.DuckDBPyConnection):
        return Tables(source)
    con = getattr(source, "tables", None)
    if isinstance(con, duckdb.DuckDBPyConnection):
        return Tables(con)
    raise TypeError(f"a {type(source).__name__} holds no tables of record: use engine='sparql' "
                    "or pass the store (or a DuckDB connection holding the tables)")


def sparql_of(source: Any) -> Any:
    """Something :func:`chaingap.queries.backend.select` runs SPARQL on, behind ``source``."""
    if isinstance(source, DistrictView):
        return district_graph(sparql_of(source.source), source.district)
    if isinstance(source, RegionView):
        return region_graph(sparql_of(source.source), source.region)
    if isinstance(source, (duckdb.DuckDBPyConnection, Tables)):
        raise TypeError("a DuckDB connection holds no graph: use engine='sql' or 'python', "
                        "or pass the store (its graph is built from the tables)")
    return source


def _quads(graph: Any):
    if isinstance(graph, ox.Store):
        return graph.quads_for_pattern(None, None, None)
    quads = getattr(graph, "quads", None)
    if callable(quads):  # the store facade: the current graphs only
        return quads()
    raise TypeError(f"cannot copy the graph of a {type(graph).__name__}")


def district_graph(graph: Any, district_id: str) -> ox.Store:
    """An in-memory copy of ``graph`` where only firms located in the district (or its parts) are local."""
    rows = select(graph, "SELECT ?e ?district WHERE { ?e cg:isLocal true ; cg:locatedIn ?d . ?d cg:partOf* ?district }",
                  {"district": terms.iri("district", district_id)})
    inside = {row["e"] for row in rows}
    is_local = ox.NamedNode(CG_NS + "isLocal")
    false = ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean"))
    view = ox.Store()
    quads = []
    for quad in _quads(graph):
        if quad.predicate == is_local and quad.object.value == "true" and quad.subject.value not in inside:
            quad = ox.Quad(quad.subject, quad.predicate, false, quad.graph_name)
        quads.append(quad)
    view.extend(quads)
    return view


def region_graph(graph: Any, region_id: str) -> ox.Store:
    """An in-memory copy of ``graph`` where exactly the firms located in the region (or its parts) are local."""
    rows = select(graph, "SELECT ?e ?region WHERE { ?e cg:locatedIn ?d . ?d cg:partOf* ?region }",
                  {"region": terms.iri("district", region_id)})
    inside = {row["e"] for row in rows}
    is_local = ox.NamedNode(CG_NS + "isLocal")
    boolean = ox.NamedNode(XSD + "boolean")
    region, here = ox.NamedNode(CG_NS + "region"), ox.NamedNode(str(terms.iri("district", region_id)))
    view = ox.Store()
    quads = []
    for quad in _quads(graph):
        if quad.predicate == region:  # the region asked about is the region of the view
            quad = ox.Quad(quad.subject, quad.predicate, here, quad.graph_name)
        elif quad.predicate == is_local:
            value = "true" if quad.subject.value in inside else "false"
            quad = ox.Quad(quad.subject, quad.predicate, ox.Literal(value, datatype=boolean), quad.graph_name)
        quads.append(quad)
    view.extend(quads)
    return view

"""SELECT over a SPARQL source: a ChainStore's graph, a bare pyoxigraph Store, or an rdflib Dataset.

The SPARQL engine only ever *selects* over the union of the graphs, so that one verb is all
this adapter offers. Parameters travel as SPARQL substitutions (SEP-0007) or as rendered
``VALUES`` rows (:mod:`.params`), never pasted into query text; every term becomes a Python
value through :func:`chaingap.graph.values.to_python`, so every source answers alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from chaingap.graph.values import to_python, to_term
from chaingap.ontology.namespace import PREFIXES

__all__ = ["select"]


def _is_rdflib(store: Any) -> bool:
    return type(store).__module__.startswith("rdflib")


def _select_rdflib(store: Any, text: str, bindings: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The same query on an rdflib Dataset (``default_union=True``): the naive baseline."""
    from rdflib import Literal, URIRef, Variable

    init = {}
    for name, value in (bindings or {}).items():
        term = to_term(value)
        init[Variable(name)] = URIRef(term.value) if isinstance(term, ox.NamedNode) else Literal(
            term.value, datatype=URIRef(term.datatype.value) if term.datatype else None)
    result = store.query(text, initNs=PREFIXES, initBindings=init or None)
    names = [str(v) for v in result.vars]
    return [{name: to_python(row[name]) for name in names} for row in result]


def select(store: Any, text: str, bindings: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Rows of a SELECT over the union of all graphs of ``store``, as Python values.

    ``store`` is a pyoxigraph Store (its named graphs as one default graph), an object with
    a ``query(sparql, bindings)`` method answering in Python values (the ChainStore facade:
    its current graphs, built first when stale), or an rdflib ``Dataset`` with
    ``default_union=True`` (the benchmark's naive baseline runs the very same text on it).
    """
    if _is_rdflib(store):
        return _select_rdflib(store, text, bindings)
    if not isinstance(store, ox.Store):
        if not callable(getattr(store, "query", None)):
            raise TypeError(f"cannot run SPARQL on a {type(store).__name__}")
        return store.query(text, dict(bindings or {}))
    substitutions = {ox.Variable(name): to_term(value) for name, value in (bindings or {}).items()}
    solutions = store.query(
        text, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=substitutions or None
    )
    names = [variable.value for variable in solutions.variables]
    return [{name: to_python(solution[name]) for name in names} for solution in solutions]

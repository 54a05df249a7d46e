"""The few store operations the gap engine needs, over either a ChainStore or a raw pyoxigraph Store.

The engine only ever *selects* over the union of named graphs and *replaces* its own derived
graph, so those two verbs are all this adapter offers. Parameters travel as SPARQL
substitutions (SEP-0007), never pasted into query text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from chaingap.ontology.namespace import CG_NS

__all__ = ["PREFIXES", "oxigraph_of", "select", "replace_graph", "append_to_graph", "to_term", "to_python", "XSD"]

XSD = "http://www.w3.org/2001/XMLSchema#"
#: Prefixes every bundled query may use without declaring them.
PREFIXES = {
    "cg": CG_NS,
    "cgd": "https://w3id.org/chaingap/derived#",
    "xsd": XSD,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}


def oxigraph_of(store: Any) -> ox.Store:
    """The pyoxigraph Store behind ``store`` (a ChainStore or a Store itself)."""
    if isinstance(store, ox.Store):
        return store
    for name in ("oxigraph", "_oxigraph", "store", "_store", "_ox", "ox"):
        inner = getattr(store, name, None)
        if isinstance(inner, ox.Store):
            return inner
    raise TypeError(f"cannot find a pyoxigraph Store inside {type(store).__name__}")


def to_term(value: Any) -> ox.NamedNode | ox.Literal:
    """A Python value as an RDF term (str starting with http is an IRI)."""
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, Decimal):
        text = format(value, "f")
        return ox.Literal(text if "." in text else text + ".0", datatype=ox.NamedNode(XSD + "decimal"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(XSD + "double"))
    text = str(value)
    if text.startswith(("http://", "https://", "urn:")):
        return ox.NamedNode(text)
    return ox.Literal(text)


_INTEGER_TYPES = {XSD + name for name in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}


def _boolean(text: str) -> bool:
    return text in ("true", "1")


_CONVERTERS: dict[str, Any] = {XSD + "decimal": Decimal, XSD + "boolean": _boolean,
                               XSD + "double": float, XSD + "float": float,
                               **{name: int for name in _INTEGER_TYPES}}


def to_python(term: Any) -> Any:
    """An RDF term as a Python value: IRIs as str, numbers as int/Decimal/float."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype
        convert = _CONVERTERS.get(datatype.value) if datatype is not None else None
        if convert is None:
            return term.value
        try:
            return convert(term.value)
        except (ArithmeticError, ValueError):
            return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def _is_rdflib(store: Any) -> bool:
    return type(store).__module__.startswith("rdflib")


def _rdflib_python(term: Any) -> Any:
    from rdflib import Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, (bool, int, Decimal, float, str)) else str(term)
    return str(term)


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
    return [{name: _rdflib_python(row[name]) for name in names} for row in result]


def select(store: Any, text: str, bindings: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Rows of a SELECT over the union of all named graphs, terms converted by :func:`to_python`.

    ``store`` may also be an rdflib ``Dataset`` with ``default_union=True`` (the benchmark's
    naive baseline runs the very same query text on it).
    """
    if _is_rdflib(store):
        return _select_rdflib(store, text, bindings)
    substitutions = {ox.Variable(name): to_term(value) for name, value in (bindings or {}).items()}
    solutions = oxigraph_of(store).query(
        text, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=substitutions or None
    )
    names = [variable.value for variable in solutions.variables]
    return [{name: to_python(solution[name]) for name in names} for solution in solutions]


def append_to_graph(store: Any, graph: str, triples: Iterable[tuple[Any, Any, Any]]) -> int:
    """Add ``triples`` to named graph ``graph`` (kept as it is otherwise)."""
    rows = list(triples)
    if _is_rdflib(store):
        from rdflib import URIRef

        context = store.graph(URIRef(graph))
        added = replace_graph(store, graph + "#staging", rows)
        for triple in store.graph(URIRef(graph + "#staging")):
            context.add(triple)
        store.remove_graph(URIRef(graph + "#staging"))
        return added
    graph_node = ox.NamedNode(graph)
    oxigraph_of(store).extend([ox.Quad(to_term(s), to_term(p), to_term(o), graph_node) for s, p, o in rows])
    return len(rows)


def replace_graph(store: Any, graph: str, triples: Iterable[tuple[Any, Any, Any]]) -> int:
    """Drop named graph ``graph`` and write ``triples`` (subject, predicate, object) into it."""
    if _is_rdflib(store):
        from rdflib import Literal, URIRef

        def convert(value: Any) -> Any:
            term = to_term(value)
            if isinstance(term, ox.NamedNode):
                return URIRef(term.value)
            return Literal(term.value, datatype=URIRef(term.datatype.value) if term.datatype else None)

        context = store.graph(URIRef(graph))
        context.remove((None, None, None))
        rows = [(convert(s), convert(p), convert(o)) for s, p, o in triples]
        for row in rows:
            context.add(row)
        return len(rows)
    oxi = oxigraph_of(store)
    graph_node = ox.NamedNode(graph)
    quads = [ox.Quad(to_term(s), to_term(p), to_term(o), graph_node) for s, p, o in triples]
    oxi.remove_graph(graph_node) if graph_node in set(oxi.named_graphs()) else None
    oxi.extend(quads)
    return len(quads)

"""The one conversion between RDF terms, SPARQL JSON results, Python values and graph properties.

Every layer turns values through these functions, so an answer read from the embedded
store, from a SPARQL server, from the tables or from Neo4j is the same Python value:

============================  ==========================  =============================
RDF (xsd)                     Python                      Neo4j / GraphML property
============================  ==========================  =============================
IRI                           ``Iri`` (a ``str``)         ``str``
xsd:string, rdf:langString    ``str``                     ``str``
xsd:decimal                   ``Decimal``                 ``float``
xsd:integer (and subtypes)    ``int``                     ``int``
xsd:double, xsd:float         ``float``                   ``float``
xsd:boolean                   ``bool``                    ``bool``
xsd:date                      ``datetime.date``           ``date`` (GraphML: ISO text)
xsd:dateTime                  ``datetime.datetime``       ``datetime`` (GraphML: text)
============================  ==========================  =============================

A plain ``str`` always becomes a string literal: text from users can never turn into an
IRI. IRIs come only from the ontology's minting (``chaingap.ontology.terms.iri``) and are
passed as :class:`Iri` (or a pyoxigraph ``NamedNode`` / rdflib ``URIRef``).

>>> to_python(to_term(Decimal("1.50")))
Decimal('1.5')
>>> to_term("https://example.org/x").__class__.__name__
'Literal'
>>> to_term(Iri("https://example.org/x")).__class__.__name__
'NamedNode'
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from chaingap.ontology.namespace import XSD
from chaingap.ontology.terms import Iri

__all__ = [
    "Iri",
    "to_python",
    "to_term",
    "from_sparql_json",
    "canonical_decimal",
    "nquads_string",
    "to_property",
    "to_graphml",
    "to_json",
]


_INTEGER_TYPES = frozenset(
    XSD + name
    for name in (
        "integer int long short byte nonNegativeInteger positiveInteger nonPositiveInteger "
        "negativeInteger unsignedLong unsignedInt unsignedShort unsignedByte"
    ).split()
)
_FLOAT_TYPES = frozenset((XSD + "double", XSD + "float"))
_BOOLEAN = ox.NamedNode(XSD + "boolean")
_INTEGER = ox.NamedNode(XSD + "integer")
_DECIMAL = ox.NamedNode(XSD + "decimal")
_DOUBLE = ox.NamedNode(XSD + "double")
_DATE = ox.NamedNode(XSD + "date")
_DATETIME = ox.NamedNode(XSD + "dateTime")


def _literal_value(text: str, datatype: str) -> Any:
    """A typed literal's lexical form as a Python value; malformed ones stay text."""
    try:
        if datatype == XSD + "decimal":
            return Decimal(text)
        if datatype in _INTEGER_TYPES:
            return int(text)
        if datatype in _FLOAT_TYPES:
            return float(text)
        if datatype == XSD + "boolean":
            return text.strip() in ("true", "1")
        if datatype == XSD + "date":
            return dt.date.fromisoformat(text[:10])
        if datatype == XSD + "dateTime":
            return dt.datetime.fromisoformat(text)
    except (ValueError, InvalidOperation):
        return text
    return text


def to_python(term: Any) -> Any:
    """An RDF term (pyoxigraph or rdflib) as a Python value (see the module table).

    Blank nodes become ``"_:id"``, unbound (None) stays None.
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Iri(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return _literal_value(term.value, term.datatype.value)
    kind = type(term).__name__
    if kind == "URIRef":
        return Iri(str(term))
    if kind == "BNode":
        return f"_:{term}"
    if kind == "Literal":
        datatype = getattr(term, "datatype", None)
        return _literal_value(str(term), str(datatype)) if datatype else str(term)
    return str(term)


def to_term(value: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A Python value as a pyoxigraph term, for query substitutions and rendered parameters.

    pyoxigraph terms pass through; rdflib ``URIRef``/``BNode``/``Literal`` are converted;
    :class:`Iri` becomes a NamedNode and any other ``str`` a string literal; numbers,
    booleans and dates become typed literals.
    """
    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return value
    if isinstance(value, Iri):
        return ox.NamedNode(value)
    kind = type(value).__name__
    if kind == "URIRef":
        return ox.NamedNode(str(value))
    if kind == "BNode":
        return ox.BlankNode(str(value))
    if kind == "Literal" and hasattr(value, "datatype"):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype or XSD + "string")))
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=_BOOLEAN)
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_INTEGER)
    if isinstance(value, Decimal):
        return ox.Literal(canonical_decimal(value), datatype=_DECIMAL)
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=_DOUBLE)
    if isinstance(value, dt.datetime):
        return ox.Literal(value.isoformat(), datatype=_DATETIME)
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=_DATE)
    if isinstance(value, str):
        return ox.Literal(value)
    raise TypeError(f"cannot turn a {kind} into an RDF term")


def from_sparql_json(binding: dict[str, Any] | None) -> Any:
    """One binding of a SPARQL 1.1 JSON result (``{"type": "literal", ...}``) as a Python value."""
    if binding is None:
        return None
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return Iri(value)
    if kind == "bnode":
        return f"_:{value}"
    datatype = binding.get("datatype")
    return _literal_value(value, datatype) if datatype else value


def canonical_decimal(value: Decimal | int) -> str:
    """The xsd:decimal lexical form every engine reads the same: ``100``, ``100.5``, ``-0.25``."""
    value = Decimal(value)
    text = format(value.normalize(), "f") if value else "0"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def nquads_string(text: str) -> str:
    """A string literal in N-Quads syntax, quotes included (the graph build's SQL does the same)."""
    if "\\" in text or '"' in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{text}"'


def to_property(value: Any) -> Any:
    """A Python value as a Neo4j property: Decimals become floats, the rest is native."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [to_property(item) for item in value]
    return value


def to_graphml(value: Any) -> Any:
    """A Python value as a GraphML attribute (which knows str, int, float and bool only)."""
    if isinstance(value, bool) or isinstance(value, (int, str)):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return "" if value is None else str(value)


def to_json(value: Any) -> Any:
    """A JSON-ready copy: Decimals become floats rounded to 6 places, dates ISO text, containers recurse."""
    if isinstance(value, Decimal):
        return float(round(value, 6))
    if isinstance(value, float):
        return round(value, 6) if math.isfinite(value) else None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_json(item) for item in value]
    return value

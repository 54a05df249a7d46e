"""Check a chaingap graph against the SHACL shapes of ``ontology/shapes.ttl``.

The ontology is mixed into a copy of the data before validation, because SHACL looks up
``rdfs:subClassOf`` in the data graph: that is how ``sh:class cg:District`` accepts a node
typed only ``cg:City``. No RDFS/OWL inference is run: it would type every subject of
``cg:operatesIn`` as an enterprise by its domain and so hide the very mistakes the shapes
are there to catch, and it costs more than the validation itself on large pools.
A dataset's named graphs are validated as one union graph, like the queries see them, so
a pool dataset may point at links defined by another dataset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

import pyshacl
import rdflib
from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from .namespace import CG_NS, ID_BASE

__all__ = ["ShaclProblem", "ValidationResult", "validate", "ontology_graph", "shapes_graph"]

_PACKAGE = "chaingap.ontology"


@dataclass(frozen=True)
class ShaclProblem:
    """One SHACL validation result, in plain strings so callers need not speak RDF."""

    focus_node: str
    path: str | None
    message: str
    severity: str
    value: str | None = None
    shape: str | None = None

    def __str__(self) -> str:
        where = _short(self.focus_node)
        if self.path:
            where += f" {self.path}"
        value = f" (value {self.value})" if self.value is not None else ""
        return f"{where}: {self.message}{value} [{self.severity}]"


@dataclass
class ValidationResult:
    """Whether the data conforms, every problem found, and pySHACL's own report text."""

    conforms: bool
    problems: list[ShaclProblem] = field(default_factory=list)
    text: str = ""


@cache
def ontology_graph() -> Graph:
    """The OWL ontology ``chaingap.ttl`` (parsed once; treat it as read-only)."""
    return _parse("chaingap.ttl")


@cache
def shapes_graph() -> Graph:
    """The SHACL shapes ``shapes.ttl`` (parsed once; treat it as read-only)."""
    return _parse("shapes.ttl")


def validate(data: Graph | rdflib.Dataset) -> ValidationResult:
    """Validate ``data`` (a graph, or a dataset whose named graphs are taken together).

    The input is not modified. Every violation is reported, not just the first.
    """
    work = Graph()
    for triple in ontology_graph():
        work.add(triple)
    for triple in _triples(data):
        work.add(triple)
    conforms, report, text = pyshacl.validate(
        work,
        shacl_graph=shapes_graph(),
        inference="none",
        advanced=False,
        inplace=True,
        allow_infos=True,
        allow_warnings=True,
    )
    return ValidationResult(conforms=bool(conforms), problems=_problems(report), text=str(text))


def _parse(name: str) -> Graph:
    graph = Graph()
    graph.parse(data=files(_PACKAGE).joinpath(name).read_text(encoding="utf-8"), format="turtle")
    return graph


def _triples(data: Graph | rdflib.Dataset):
    """All triples of a plain graph, or of every graph of a quad store (the union).

    Strings typed ``xsd:string`` explicitly (as oxrdflib returns them) are made plain: in
    RDF 1.1 they are the same term, but rdflib compares them as different, and ``sh:in``
    lists would then reject ``"table"^^xsd:string``.
    """
    if isinstance(data, rdflib.ConjunctiveGraph):  # rdflib.Dataset is one too
        triples = ((s, p, o) for s, p, o, _ in data.quads((None, None, None, None)))
    else:
        triples = iter(data)
    for subject, predicate, obj in triples:
        if isinstance(obj, Literal) and obj.datatype == XSD.string:
            obj = Literal(str(obj))
        yield subject, predicate, obj


def _problems(report: Graph) -> list[ShaclProblem]:
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        value = report.value(result, SH.value)
        if value == focus:  # node-level constraints repeat the focus node as the value
            value = None
        problems.append(
            ShaclProblem(
                focus_node=str(focus),
                path=_path_text(report, report.value(result, SH.resultPath)),
                message=str(report.value(result, SH.resultMessage) or "does not conform"),
                severity=_local(report.value(result, SH.resultSeverity)),
                value=None if value is None else _term_text(value),
                shape=_shape_text(report.value(result, SH.sourceShape)),
            )
        )
    problems.sort(key=lambda p: (p.focus_node, p.path or "", p.message))
    return problems


def _path_text(report: Graph, path) -> str | None:
    """A SHACL path as text: ``cg:name``, ``^cg:hasLink`` (inverse), ``cg:a|cg:b`` (either)."""
    if path is None:
        return None
    if isinstance(path, BNode):
        inverse = report.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + _term_text(inverse)
        alternatives = report.value(path, SH.alternativePath)
        if alternatives is not None:
            return "|".join(_term_text(step) for step in Collection(report, alternatives))
        return "(complex path)"
    return _term_text(path)


def _shape_text(shape) -> str | None:
    return None if shape is None or isinstance(shape, BNode) else _term_text(shape)


def _term_text(term) -> str:
    if isinstance(term, Literal):
        return str(term)
    if isinstance(term, URIRef):
        text = str(term)
        if text.startswith(CG_NS):
            return "cg:" + text[len(CG_NS):]
        if text == str(RDF.type):
            return "rdf:type"
        return _short(text)
    return str(term)


def _short(iri: str) -> str:
    """``https://w3id.org/chaingap/id/link/L01`` -> ``link/L01``: readable in a terminal."""
    return iri[len(ID_BASE):] if iri.startswith(ID_BASE) else iri


def _local(term) -> str:
    text = str(term or SH.Violation)
    return text.rsplit("#", 1)[-1]

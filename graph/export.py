"""Exports of the knowledge graph: RDF files for other tools, GraphML for Gephi.

Formats
-------
``ttl``, ``nt``, ``jsonld``
    The union of the loaded datasets as one merged graph (a triple asserted by two datasets
    is written once): what most tools expect of a single file.
``trig``, ``nq``
    Every named graph kept, so provenance (which dataset said what) survives the trip.
``graphml``
    The knowledge graph as a property graph: nodes are the resources that have an
    ``rdf:type`` (``label`` = ``cg:name``, ``type`` = class local name, every literal
    property as an attribute), edges are the object properties between them (``label`` =
    property local name). ``node_attributes`` lets the gap engine add statuses and metrics to
    link nodes, so Gephi can colour by them.

``dataset_id`` restricts any format to one dataset's named graph. Exports read the graph the
store builds from the tables of record (built first if it is not yet), and name each
dataset's graph ``…/graph/{dataset}`` (the store's version number is an internal matter).
The link measures go in as ``…/graph/_derived/links``. The RDF formats are streamed by
pyoxigraph, so an export of a large pool does not go through Python objects (except
``jsonld``, which is small-data only in practice).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import networkx as nx
import pyoxigraph as ox

from chaingap.ontology.namespace import CG_NS, PREFIXES
from chaingap.ontology.terms import graph_iri

from .errors import ExportError, UnknownDatasetError
from .store import DERIVED_GRAPH, ChainStore
from .values import to_graphml, to_python

__all__ = ["FORMATS", "export", "property_graph"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

_MERGED = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
_GRAPHS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}
#: Every format :func:`export` writes.
FORMATS = (*_MERGED, *_GRAPHS, "graphml")

#: Classes too general to name a node's ``type`` when a more specific one is present.
_GENERAL_CLASSES = frozenset({"District", "AdministrativeDistrict", "FunctionalZone", "Entity", "Concept",
                              "Organization", "Thing", "Resource"})
#: GraphML attribute names that carry the node's identity; a property of that name is renamed.
_RESERVED = frozenset({"label", "type", "iri", "id"})


def export(store: ChainStore, fmt: str, out: str | os.PathLike[str] | IO[bytes], dataset_id: str | None = None,
           node_attributes: Mapping[str, Mapping[str, Any]] | None = None) -> int:
    """Write the store (or one dataset) to ``out`` (a path or a binary file) in ``fmt``.

    Returns the number of triples (RDF formats: quads for ``trig``/``nq``) or of nodes
    (``graphml``) written.
    """
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if dataset_id is not None and dataset_id not in {info.id for info in store.datasets()}:
        raise UnknownDatasetError(f"no dataset {dataset_id!r} is loaded")
    if fmt == "graphml":
        view = property_graph(store, dataset_id=dataset_id, node_attributes=node_attributes)
        _write(out, lambda stream: nx.write_graphml(view, stream, encoding="utf-8"))
        return view.number_of_nodes()
    if fmt in _GRAPHS:
        counted = _Counter(_named_quads(store, dataset_id))
        _write(out, lambda stream: ox.serialize(counted, stream, _GRAPHS[fmt], prefixes=PREFIXES))
        return counted.count
    counted = _Counter(store.query_terms(
        "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }", dataset_id=dataset_id))
    options = {} if fmt == "nt" else {"prefixes": PREFIXES}
    _write(out, lambda stream: ox.serialize(counted, stream, _MERGED[fmt], **options))
    return counted.count


def _named_quads(store: ChainStore, dataset_id: str | None) -> Iterator[ox.Quad]:
    """The current graphs, each under its export name (``…/graph/{dataset}``, ``…/_derived/links``)."""
    graph = store.graph()
    names = [(info.graph_iri, graph_iri(info.id)) for info in store.datasets() if dataset_id in (None, info.id)]
    if dataset_id is None:
        names.append((DERIVED_GRAPH, DERIVED_GRAPH))
    for source, name in names:
        target = ox.NamedNode(name)
        for quad in graph.quads_for_pattern(None, None, None, ox.NamedNode(source)):
            yield ox.Quad(quad.subject, quad.predicate, quad.object, target)


def property_graph(store: ChainStore, dataset_id: str | None = None,
                   node_attributes: Mapping[str, Mapping[str, Any]] | None = None) -> nx.MultiDiGraph:
    """The knowledge graph as a networkx ``MultiDiGraph`` ready for GraphML (see module doc).

    Node keys are resource IRIs; edge keys are property local names. Attribute values are
    GraphML types only (str, int, float, bool); a key holding mixed types becomes text.
    """
    types: dict[str, list[str]] = {}
    for subject, cls in _pairs(store, dataset_id, "?s a ?o FILTER(isIRI(?s) && isIRI(?o))"):
        types.setdefault(subject, []).append(cls)
    view = nx.MultiDiGraph()
    for subject, classes in types.items():
        view.add_node(subject, iri=subject, type=_main_type(classes), types=";".join(sorted(map(_local, classes))))
    labels: dict[str, str] = {}
    for subject, predicate, obj in _rows(store, dataset_id, "?s ?p ?o FILTER(isLiteral(?o))"):
        if subject not in types:
            continue
        if predicate == CG_NS + "name" or (predicate == RDFS_LABEL and subject not in labels):
            labels[subject] = str(obj.value)
        if predicate == RDFS_LABEL:
            continue
        key = _local(predicate)
        key = f"p_{key}" if key in _RESERVED else key
        attributes = view.nodes[subject]
        value = to_graphml(to_python(obj))
        attributes[key] = value if key not in attributes else f"{attributes[key]};{value}"
    for subject, predicate, obj in _rows(store, dataset_id, "?s ?p ?o FILTER(isIRI(?o) && ?p != rdf:type)"):
        target = obj.value
        if subject in types and target in types:
            name = _local(predicate)
            view.add_edge(subject, target, key=name, label=name)
    for subject, label in labels.items():
        view.nodes[subject]["label"] = label
    for subject in types:
        view.nodes[subject].setdefault("label", _local(subject))
    for subject, extra in (node_attributes or {}).items():
        if subject in view:
            view.nodes[subject].update({key: to_graphml(value) for key, value in extra.items()})
    _unify_types(view)
    return view


# --- internals ------------------------------------------------------------------------------


class _Counter:
    def __init__(self, items) -> None:
        self._items = items
        self.count = 0

    def __iter__(self):
        for item in self._items:
            self.count += 1
            yield item


def _rows(store: ChainStore, dataset_id: str | None, pattern: str) -> Iterator[tuple[str, str, Any]]:
    for row in store.query_terms(f"SELECT DISTINCT ?s ?p ?o WHERE {{ {pattern} }}", dataset_id=dataset_id):
        yield _key(row["s"]), row["p"].value, row["o"]


def _pairs(store: ChainStore, dataset_id: str | None, pattern: str) -> Iterator[tuple[str, str]]:
    for row in store.query_terms(f"SELECT DISTINCT ?s ?o WHERE {{ {pattern} }}", dataset_id=dataset_id):
        yield _key(row["s"]), row["o"].value


def _key(term: Any) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _local(iri: str) -> str:
    for separator in ("#", "/"):
        if separator in iri:
            tail = iri.rsplit(separator, 1)[1]
            if tail:
                return tail
    return iri


def _main_type(classes: list[str]) -> str:
    """The most telling class: chaingap's own over others, specific over general."""
    ranked = sorted(classes, key=lambda c: (not c.startswith(CG_NS), _local(c) in _GENERAL_CLASSES, c))
    return _local(ranked[0])


def _unify_types(view: nx.MultiDiGraph) -> None:
    """GraphML declares one type per attribute key: a key with mixed types becomes text."""
    seen: dict[str, set[type]] = {}
    for _node, attributes in view.nodes(data=True):
        for key, value in attributes.items():
            seen.setdefault(key, set()).add(type(value))
    mixed = {key for key, kinds in seen.items() if len(kinds) > 1 and not kinds <= {int, float}}
    numeric = {key for key, kinds in seen.items() if kinds == {int, float}}
    for _node, attributes in view.nodes(data=True):
        for key in mixed & attributes.keys():
            attributes[key] = str(attributes[key])
        for key in numeric & attributes.keys():
            attributes[key] = float(attributes[key])


def _write(out: str | os.PathLike[str] | IO[bytes], writer) -> None:
    if isinstance(out, (str, os.PathLike)):
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as stream:
            writer(stream)
    else:
        writer(out)

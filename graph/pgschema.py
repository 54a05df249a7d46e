"""The property-graph schema (Neo4j labels, relationship types, properties), derived from the ontology.

One rule, written down in ``docs/property-graph.md``, maps RDF onto a property graph so that
no module invents its own labels: every label, relationship type and property name Neo4j
ever sees comes out of :func:`property_graph_schema`, which reads ``ontology/chaingap.ttl``
(and the SHACL shapes, for which properties hold one value). Data never names a label or a
type; it only fills parameter values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef

from chaingap.ontology.namespace import CG_NS

__all__ = [
    "RESOURCE_LABEL",
    "Reification",
    "PropertyGraphSchema",
    "property_graph_schema",
    "relationship_type",
    "cypher_name",
]

RESOURCE_LABEL = "Resource"
"""Label on every pushed node; ``Resource.iri`` is the unique key every MERGE matches on."""

SH = Namespace("http://www.w3.org/ns/shacl#")
XSD = "http://www.w3.org/2001/XMLSchema#"
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Reification:
    """A class whose nodes are the qualified form of a direct relationship.

    Their nodes are not pushed; their datatype properties go onto the direct relationship
    between ``source`` and ``target`` instead (e.g. ``share`` on ``OPERATES_IN``), and their
    other object properties become lists of ids on it.
    """

    cls: str
    direct: str
    source: str
    source_inverse: bool
    target: str


# The ontology's comments call these "qualified form of ..."; RDF cannot say which end is
# which, so this table says it, and tests check each term against the ontology.
REIFICATIONS = (
    Reification("Operation", direct="operatesIn", source="hasOperation", source_inverse=True, target="operationLink"),
    Reification("SupplyRelation", direct="suppliesTo", source="supplier", source_inverse=False, target="customer"),
    Reification("FeedRelation", direct="feedsInto", source="feedSource", source_inverse=False, target="feedTarget"),
)


def relationship_type(local_name: str) -> str:
    """``feedsInto`` -> ``FEEDS_INTO``: the relationship type of an object property."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", local_name).upper()


def cypher_name(name: str) -> str:
    """A schema name back-quoted for Cypher text, refusing anything that is not a plain identifier.

    Schema names come from the ontology only; this check makes sure even a broken ontology
    can never smuggle Cypher into a query.
    """
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a safe property-graph name: {name!r}")
    return f"`{name}`"


@dataclass(frozen=True)
class PropertyGraphSchema:
    """Everything the Neo4j layer may name, keyed by cg: local name."""

    labels: frozenset[str]
    superclasses: dict[str, frozenset[str]]
    relationship_types: dict[str, str]
    datatype_properties: dict[str, str]
    list_properties: frozenset[str]
    reifications: tuple[Reification, ...]

    def labels_for(self, classes: set[str]) -> tuple[str, ...]:
        """Neo4j labels of a node typed with ``classes``: them, their cg: superclasses and ``Resource``."""
        found: set[str] = set()
        for cls in classes:
            if cls in self.labels:
                found.add(cls)
                found.update(self.superclasses.get(cls, ()))
        return tuple(sorted(found)) + (RESOURCE_LABEL,)

    def reification_of(self, cls: str) -> Reification | None:
        return next((item for item in self.reifications if item.cls == cls), None)


def _local(term: URIRef) -> str | None:
    text = str(term)
    return text[len(CG_NS):] if text.startswith(CG_NS) else None


def _single_valued(ontology: Graph, shapes: Graph | None) -> set[str]:
    single = {_local(p) for p in ontology.subjects(RDF.type, OWL.FunctionalProperty)}
    if shapes is not None:
        for shape, count in shapes.subject_objects(SH.maxCount):
            path = shapes.value(shape, SH.path)
            if isinstance(path, URIRef) and int(count) == 1:
                single.add(_local(path))
    single.discard(None)
    return single  # type: ignore[return-value]


def schema_from_graphs(ontology: Graph, shapes: Graph | None = None) -> PropertyGraphSchema:
    """Apply the mapping rule to an ontology (and optional SHACL shapes) graph."""
    classes = {name for c in ontology.subjects(RDF.type, OWL.Class) if (name := _local(c))}
    direct_supers = {
        cls: {name for s in ontology.objects(URIRef(CG_NS + cls), RDFS.subClassOf) if (name := _local(s))}
        for cls in classes
    }

    def closure(cls: str) -> frozenset[str]:
        seen: set[str] = set()
        todo = list(direct_supers.get(cls, ()))
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(direct_supers.get(current, ()))
        return frozenset(seen)

    object_properties = sorted(n for p in ontology.subjects(RDF.type, OWL.ObjectProperty) if (n := _local(p)))
    datatype_properties = {}
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        name = _local(prop)
        if name:
            rng = ontology.value(prop, RDFS.range)
            datatype_properties[name] = str(rng)[len(XSD):] if rng and str(rng).startswith(XSD) else "string"
    single = _single_valued(ontology, shapes)
    for name in [*classes, *object_properties, *datatype_properties]:
        cypher_name(name)
    return PropertyGraphSchema(
        labels=frozenset(classes),
        superclasses={cls: closure(cls) for cls in classes},
        relationship_types={name: relationship_type(name) for name in object_properties},
        datatype_properties=datatype_properties,
        list_properties=frozenset(n for n, rng in datatype_properties.items() if n not in single and rng == "string"),
        reifications=tuple(r for r in REIFICATIONS if r.cls in classes),
    )


@cache
def property_graph_schema() -> PropertyGraphSchema:
    """The schema of chaingap's own ontology (computed once)."""
    from chaingap.ontology.shacl import ontology_graph, shapes_graph

    return schema_from_graphs(ontology_graph(), shapes_graph())


# --- applying the rule to statements --------------------------------------------------

RDF_TYPE = str(RDF.type)


@dataclass
class NodeRow:
    """One property-graph node: its IRI key, data id, labels and property map."""

    iri: str
    id: str
    labels: tuple[str, ...]
    props: dict


@dataclass
class RelationshipRow:
    """One relationship of type ``type`` between two IRIs, with its property map."""

    type: str
    source: str
    target: str
    source_id: str
    target_id: str
    props: dict


def node_id(resource: str) -> str:
    """The ``id`` property: the data id of a minted resource, the local name of a cg: term."""
    from chaingap.ontology.terms import local_id
    from chaingap.ontology.namespace import ID_BASE

    if resource.startswith(ID_BASE):
        return local_id(resource)
    if resource.startswith(CG_NS):
        return resource[len(CG_NS):]
    return resource


def convert_literal(lexical: str, datatype: str):
    """A literal's Neo4j value: decimals become floats, dates ``datetime.date``, and so on."""
    import datetime

    kind = datatype[len(XSD):] if datatype.startswith(XSD) else "string"
    if kind in ("decimal", "double", "float"):
        return float(lexical)
    if kind in ("integer", "int", "long", "nonNegativeInteger", "positiveInteger"):
        return int(lexical)
    if kind == "boolean":
        return lexical.strip() in ("true", "1")
    if kind == "date":
        return datetime.date.fromisoformat(lexical)
    return lexical


def property_graph_rows(
    statements, schema: PropertyGraphSchema | None = None
) -> tuple[list[NodeRow], list[RelationshipRow]]:
    """Nodes and relationships of ``statements``: ``(subject, predicate, object)`` where the
    object is an IRI string or a ``(lexical, datatype)`` pair for a literal.

    Statements may come in any order and from several graphs: a node's properties are
    gathered first, so a resource described in two datasets becomes one node.
    """
    schema = schema or property_graph_schema()
    classes: dict[str, set[str]] = {}
    props: dict[str, dict] = {}
    edges: dict[tuple[str, str, str], dict] = {}
    outgoing: dict[str, list[tuple[str, str]]] = {}
    incoming: dict[str, list[tuple[str, str]]] = {}
    for subject, predicate, obj in statements:
        if predicate == RDF_TYPE:
            name = obj[len(CG_NS):] if isinstance(obj, str) and obj.startswith(CG_NS) else None
            classes.setdefault(subject, set())
            if name:
                classes[subject].add(name)
            continue
        if not predicate.startswith(CG_NS):
            continue
        name = predicate[len(CG_NS):]
        if isinstance(obj, tuple):
            if name not in schema.datatype_properties:
                continue
            value = convert_literal(*obj)
            node_props = props.setdefault(subject, {})
            if name in schema.list_properties:
                values = node_props.setdefault(name, [])
                if value not in values:
                    values.append(value)
            else:
                node_props[name] = value
        elif name in schema.relationship_types:
            edges.setdefault((name, subject, obj), {})
            outgoing.setdefault(subject, []).append((name, obj))
            incoming.setdefault(obj, []).append((name, subject))
    reified = _fold_reifications(schema, classes, props, edges, outgoing, incoming)
    nodes = []
    for resource in sorted(set(classes) | set(props)):
        if resource in reified:
            continue
        for values in props.get(resource, {}).values():
            if isinstance(values, list):
                values.sort(key=str)
        nodes.append(NodeRow(resource, node_id(resource), schema.labels_for(classes.get(resource, set())),
                             props.get(resource, {})))
    relationships = [
        RelationshipRow(schema.relationship_types[name], source, target, node_id(source), node_id(target), rel_props)
        for (name, source, target), rel_props in sorted(edges.items())
    ]
    return nodes, relationships


def _fold_reifications(schema, classes, props, edges, outgoing, incoming) -> set[str]:
    """Turn qualified nodes (Operation, SupplyRelation) into properties of their direct edge."""
    reified: set[str] = set()
    for rule in schema.reifications:
        for resource, resource_classes in classes.items():
            if rule.cls not in resource_classes:
                continue
            reified.add(resource)
            out = outgoing.get(resource, [])
            if rule.source_inverse:
                sources = [s for p, s in incoming.get(resource, []) if p == rule.source]
            else:
                sources = [o for p, o in out if p == rule.source]
            targets = [o for p, o in out if p == rule.target]
            extra: dict = dict(props.get(resource, {}))
            for name, other in out:
                if name not in (rule.source, rule.target):
                    extra.setdefault(name, []).append(node_id(other))
            for name, other in out:
                edges.pop((name, resource, other), None)
            for name, other in incoming.get(resource, []):
                edges.pop((name, other, resource), None)
            for source in sources:
                for target in targets:
                    edge = edges.setdefault((rule.direct, source, target), {})
                    for key, value in extra.items():
                        if isinstance(value, list):
                            merged = edge.setdefault(key, [])
                            merged.extend(v for v in value if v not in merged)
                            merged.sort()
                        else:
                            edge[key] = value
    return reified

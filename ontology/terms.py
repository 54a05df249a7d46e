"""Minting and reading chaingap resource IRIs: one place, so every layer agrees."""

from __future__ import annotations

from urllib.parse import quote, unquote

from .namespace import GRAPH_BASE, ID_BASE

__all__ = ["KINDS", "Iri", "iri", "local_id", "kind_of", "graph_iri", "dataset_of_graph"]


class Iri(str):
    """An IRI minted here (or by the ontology): the only ``str`` that becomes an RDF NamedNode.

    Every other string is data and becomes a literal (``chaingap.graph.values.to_term``).
    """

    __slots__ = ()

KINDS = frozenset(
    "cluster chain link segment enterprise project district product brand stage "
    "dataset event operation supply base transfer target commitment".split()
)


def iri(kind: str, id_: str) -> Iri:
    """IRI of the resource of ``kind`` with data id ``id_`` (percent-encoded, so any id is safe)."""
    if kind not in KINDS:
        raise ValueError(f"unknown resource kind {kind!r}")
    return Iri(f"{ID_BASE}{kind}/{quote(str(id_), safe='')}")


def local_id(resource: str) -> str:
    """The data id back from a resource IRI minted by :func:`iri`."""
    text = str(resource)
    if not text.startswith(ID_BASE):
        raise ValueError(f"not a chaingap resource IRI: {text}")
    return unquote(text[len(ID_BASE):].split("/", 1)[1])


def kind_of(resource: str) -> str:
    """The kind (``link``, ``enterprise`` …) of a resource IRI minted by :func:`iri`."""
    return str(resource)[len(ID_BASE):].split("/", 1)[0]


def graph_iri(dataset_id: str, version: int | None = None) -> Iri:
    """Named graph holding one dataset: ``…/graph/{id}`` (on SPARQL servers), or one version of it
    in the embedded store (``…/graph/{id}/{version}``), so a new version is built beside the old."""
    base = f"{GRAPH_BASE}{quote(str(dataset_id), safe='')}"
    return Iri(base if version is None else f"{base}/{int(version)}")


def dataset_of_graph(graph: str) -> str:
    """The dataset id of a graph IRI made by :func:`graph_iri` (with or without its version)."""
    return unquote(str(graph)[len(GRAPH_BASE):].split("/", 1)[0])

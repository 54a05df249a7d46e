"""Push a chaingap graph to a SPARQL 1.1 server and query it over the union of its graphs.

Writes use the SPARQL 1.1 Graph Store HTTP Protocol: each named graph of the source (one per
dataset, ``…/graph/{dataset}``, plus the link measures' graph) goes to that graph IRI on the server as
N-Triples, the first batch with ``PUT`` (which replaces the graph, so pushing twice changes
nothing) and the rest with ``POST`` (append). A push that fails midway leaves the graph being
written partial and the graphs before it complete; pushing again replaces it whole.

Reads send the query with the protocol's own ``default-graph-uri`` / ``named-graph-uri``
parameters listing every named graph, so the default graph is their union on any standard
server (Oxigraph, Fuseki, GraphDB, Virtuoso) without a server-side union setting, and the
same ``.rq`` files answer as on the embedded store. Only ``urllib`` is used, with timeouts.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from chaingap.ontology.namespace import sparql_prefixes
from chaingap.ontology.terms import graph_iri

from .errors import GraphError
from .values import from_sparql_json

__all__ = [
    "SparqlEndpoint",
    "EndpointError",
    "EndpointPushStats",
    "push",
    "push_quads",
    "query",
    "named_graphs",
    "run_endpoint_query",
    "DEFAULT_BATCH_TRIPLES",
]

DEFAULT_BATCH_TRIPLES = 50_000
TIMEOUT_S = 120


class EndpointError(GraphError):
    """The SPARQL server could not be reached or refused a request."""


@dataclass(frozen=True)
class SparqlEndpoint:
    """The three URLs of a SPARQL 1.1 server: query, update and graph store."""

    query_url: str
    store_url: str
    update_url: str | None = None

    @classmethod
    def from_url(cls, base: str, query_path: str = "query", store_path: str = "store",
                 update_path: str = "update") -> "SparqlEndpoint":
        """Oxigraph's layout by default (``/query``, ``/store``); Fuseki: ``sparql``, ``data``."""
        root = base.rstrip("/") + "/"
        return cls(urllib.parse.urljoin(root, query_path), urllib.parse.urljoin(root, store_path),
                   urllib.parse.urljoin(root, update_path))


@dataclass
class EndpointPushStats:
    graphs: int = 0
    triples: int = 0
    requests: int = 0
    seconds: float = 0.0

    @property
    def triples_per_second(self) -> float:
        return self.triples / self.seconds if self.seconds else 0.0


def _endpoint(endpoint: SparqlEndpoint | str) -> SparqlEndpoint:
    return endpoint if isinstance(endpoint, SparqlEndpoint) else SparqlEndpoint.from_url(endpoint)


def _request(request: urllib.request.Request, what: str) -> bytes:
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace")[:500]
        raise EndpointError(f"{what}: the server answered {error.code} {error.reason}: {detail}") from error
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        raise EndpointError(f"{what}: cannot reach {request.full_url} ({error}); is the server running?") from error


def _graphs_of(source, measures: bool = True) -> Iterator[tuple[str, Iterable[ox.Triple]]]:
    """``(graph IRI on the server, triples)`` of a ChainStore (its datasets and the link measures),
    a validated dataset or a dataset folder (its graph)."""
    from .store import DERIVED_GRAPH, ChainStore

    if not isinstance(source, ChainStore):  # one dataset: its graph only (the store's measures need every dataset)
        with ChainStore() as store:
            store.load(source)
            yield from _graphs_of(store, measures=False)
        return
    graph = source.graph()
    for info in source.datasets():
        yield graph_iri(info.id), (q.triple for q in graph.quads_for_pattern(None, None, None, ox.NamedNode(info.graph_iri)))
    if measures:
        yield DERIVED_GRAPH, (q.triple for q in graph.quads_for_pattern(None, None, None, ox.NamedNode(DERIVED_GRAPH)))


def _chunks(triples: Iterable[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    chunk: list[ox.Triple] = []
    for triple in triples:
        chunk.append(triple)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def push_quads(graphs: Iterable[tuple[str, Iterable[ox.Triple]]], endpoint: SparqlEndpoint | str,
               batch_triples: int = DEFAULT_BATCH_TRIPLES, progress: bool = False) -> EndpointPushStats:
    """Replace each ``(graph IRI, triples)`` on the server, in batches (see module docstring)."""
    from tqdm import tqdm

    target = _endpoint(endpoint)
    stats = EndpointPushStats()
    started = time.perf_counter()
    bar = tqdm(unit="triple", desc="sparql push", disable=not progress)
    try:
        for graph, triples in graphs:
            stats.graphs += 1
            url = f"{target.store_url}?{urllib.parse.urlencode({'graph': graph})}"
            method = "PUT"
            for chunk in _chunks(triples, batch_triples):
                body = ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES)
                request = urllib.request.Request(url, data=body, method=method,
                                                 headers={"Content-Type": "application/n-triples"})
                _request(request, f"writing graph <{graph}>")
                method = "POST"
                stats.requests += 1
                stats.triples += len(chunk)
                bar.update(len(chunk))
            if method == "PUT":  # an empty graph still replaces what the server had
                _request(urllib.request.Request(url, data=b"", method="PUT",
                                                headers={"Content-Type": "application/n-triples"}),
                         f"clearing graph <{graph}>")
                stats.requests += 1
    finally:
        bar.close()
    stats.seconds = time.perf_counter() - started
    return stats


def push(source, endpoint: SparqlEndpoint | str, batch_triples: int = DEFAULT_BATCH_TRIPLES,
         progress: bool = False) -> EndpointPushStats:
    """Write every dataset graph of ``source`` (a ChainStore, a validated dataset or a dataset folder)."""
    return push_quads(_graphs_of(source), endpoint, batch_triples=batch_triples, progress=progress)


def _post_query(target: SparqlEndpoint, sparql: str, dataset: list[str] | None) -> dict:
    fields = [("query", sparql)]
    for graph in dataset or ():
        fields += [("default-graph-uri", graph), ("named-graph-uri", graph)]
    request = urllib.request.Request(
        target.query_url, data=urllib.parse.urlencode(fields).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Accept": "application/sparql-results+json"})
    return json.loads(_request(request, "querying"))


def named_graphs(endpoint: SparqlEndpoint | str) -> list[str]:
    """Every named graph the server holds."""
    answer = _post_query(_endpoint(endpoint), "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", None)
    return sorted(row["g"]["value"] for row in answer["results"]["bindings"])


def query(endpoint: SparqlEndpoint | str, sparql: str) -> list[dict[str, Any]]:
    """SELECT rows over the union of all named graphs, values converted exactly as the embedded
    store's (:mod:`chaingap.graph.values`), so results compare equal. chaingap's prefixes
    (``namespace.PREFIXES``) are declared unless the query declares them itself."""
    target = _endpoint(endpoint)
    graphs = named_graphs(target)
    answer = _post_query(target, sparql_prefixes(sparql) + sparql, graphs)
    variables = answer["head"].get("vars", [])
    return [{name: from_sparql_json(binding.get(name)) for name in variables}
            for binding in answer["results"]["bindings"]]


def run_endpoint_query(endpoint: SparqlEndpoint | str, sparql: str) -> list[dict[str, Any]]:
    """What ``chaingap query --endpoint URL FILE.rq`` calls: :func:`query` under the CLI's name."""
    return query(endpoint, sparql)

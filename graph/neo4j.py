"""Push a chaingap graph into Neo4j over Bolt, and run Cypher files against it.

The push is RESUMABLE, not all-or-nothing: constraints and indexes first, then nodes, then
relationships, each batch a parameterised ``UNWIND $rows ... MERGE`` in its own write
transaction. A push that fails midway leaves every batch before the failing one committed
and nothing of the failing batch; running the same push again completes it, because every
write is a MERGE on the node's IRI (so pushing twice changes nothing). One transaction for
a million enterprises would hold the whole graph in the server's memory; batches do not.

Labels and relationship types come only from :mod:`chaingap.graph.pgschema` (derived from
the ontology); values from the data travel only as parameters.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

from .pgschema import (
    RESOURCE_LABEL,
    NodeRow,
    RelationshipRow,
    cypher_name,
    property_graph_rows,
    property_graph_schema,
)

__all__ = [
    "Neo4jSettings",
    "PushStats",
    "Neo4jPushError",
    "Neo4jConnectionError",
    "Neo4jCredentialsError",
    "connect",
    "push",
    "push_rows",
    "source_rows",
    "statements_of",
    "ontology_statements",
    "schema_statements",
    "node_statement",
    "relationship_statement",
    "run_cypher",
    "run_cypher_file",
    "DEFAULT_BATCH_SIZE",
]

DEFAULT_BATCH_SIZE = 5_000


class Neo4jPushError(RuntimeError):
    """A push or a query against Neo4j failed; the message says what to do next."""


class Neo4jConnectionError(Neo4jPushError):
    """The server could not be reached."""


class Neo4jCredentialsError(Neo4jPushError):
    """The server refused the user name or password."""


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect. The password comes from the environment or a prompt, never argv."""

    uri: str = "bolt://localhost:7687"
    username: str = "neo4j"
    password: str | None = None
    database: str = "neo4j"

    @classmethod
    def from_env(cls, **overrides: str | None) -> "Neo4jSettings":
        """``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``; non-None overrides win."""
        values = {
            "uri": os.environ.get("NEO4J_URI", cls.uri),
            "username": os.environ.get("NEO4J_USERNAME", cls.username),
            "password": os.environ.get("NEO4J_PASSWORD"),
            "database": os.environ.get("NEO4J_DATABASE", cls.database),
        }
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)

    def __repr__(self) -> str:  # never print the password
        return f"Neo4jSettings(uri={self.uri!r}, username={self.username!r}, database={self.database!r})"


@dataclass
class PushStats:
    """What a push wrote, from the server's own counters."""

    nodes: int = 0
    relationships: int = 0
    batches: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    seconds: float = 0.0
    by_label: dict[str, int] = field(default_factory=dict)

    @property
    def rows_per_second(self) -> float:
        return (self.nodes + self.relationships) / self.seconds if self.seconds else 0.0


def connect(settings: Neo4jSettings):
    """An open, verified driver; clear errors for a server that is down or refuses the login."""
    if settings.password is None:
        raise Neo4jCredentialsError("no Neo4j password: set NEO4J_PASSWORD (it is never taken on the command line)")
    driver = GraphDatabase.driver(settings.uri, auth=(settings.username, settings.password),
                                  connection_timeout=15, max_transaction_retry_time=30,
                                  notifications_min_severity="OFF")
    try:
        driver.verify_connectivity()
    except AuthError as error:
        driver.close()
        raise Neo4jCredentialsError(
            f"Neo4j at {settings.uri} refused user {settings.username!r}: wrong user name or password "
            "(check NEO4J_USERNAME and NEO4J_PASSWORD)") from error
    except (ServiceUnavailable, OSError) as error:
        driver.close()
        raise Neo4jConnectionError(
            f"cannot reach Neo4j at {settings.uri}: is the server running and is NEO4J_URI right? ({error})") from error
    except ValueError as error:
        driver.close()
        raise Neo4jConnectionError(f"bad Neo4j URI {settings.uri!r}: {error}") from error
    return driver


def statements_of(source) -> Iterator[tuple[str, str, object]]:
    """``(subject, predicate, object)`` of a LoadedDataset, a ChainStore, a pyoxigraph Store or
    an iterable of pyoxigraph Quads; literals become ``(lexical, datatype)`` pairs."""
    import pyoxigraph as ox

    if isinstance(source, ox.Store):
        quads = source.quads_for_pattern(None, None, None, None)
    elif hasattr(source, "graph_iri") and hasattr(source, "quads"):
        quads = source.quads()
    elif hasattr(source, "__iter__") and not hasattr(source, "query"):
        quads = source
    else:
        from chaingap.queries.backend import oxigraph_of

        quads = oxigraph_of(source).quads_for_pattern(None, None, None, None)
    for quad in quads:
        obj = quad.object
        if isinstance(obj, ox.Literal):
            yield quad.subject.value, quad.predicate.value, (obj.value, obj.datatype.value)
        else:
            yield quad.subject.value, quad.predicate.value, obj.value


def ontology_statements() -> Iterator[tuple[str, str, object]]:
    """The cg: individuals (segments, stages) with their properties, so edges to them land on real nodes."""
    from chaingap.ontology.namespace import CG_NS
    from chaingap.ontology.shacl import ontology_graph
    from rdflib import OWL, RDF, Literal, XSD

    graph = ontology_graph()
    classes = set(graph.subjects(RDF.type, OWL.Class))
    for subject, cls in graph.subject_objects(RDF.type):
        if cls in classes and str(subject).startswith(CG_NS):
            for predicate, obj in graph.predicate_objects(subject):
                if isinstance(obj, Literal):
                    yield str(subject), str(predicate), (str(obj), str(obj.datatype or XSD.string))
                else:
                    yield str(subject), str(predicate), str(obj)


def _batches(rows: list, size: int) -> Iterator[list]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def schema_statements() -> list[str]:
    """Uniqueness constraint on the MERGE key, and an ``id`` index per label (all IF NOT EXISTS)."""
    schema = property_graph_schema()
    statements = [
        f"CREATE CONSTRAINT chaingap_resource_iri IF NOT EXISTS "
        f"FOR (n:{cypher_name(RESOURCE_LABEL)}) REQUIRE n.iri IS UNIQUE"
    ]
    for label in sorted(schema.labels):
        statements.append(
            f"CREATE INDEX chaingap_{label.lower()}_id IF NOT EXISTS FOR (n:{cypher_name(label)}) ON (n.id)")
    return statements


def node_statement(labels: tuple[str, ...]) -> str:
    extra = "".join(f":{cypher_name(label)}" for label in labels if label != RESOURCE_LABEL)
    set_labels = f"SET n{extra} " if extra else ""
    return (f"UNWIND $rows AS row MERGE (n:{cypher_name(RESOURCE_LABEL)} {{iri: row.iri}}) "
            f"{set_labels}SET n += row.props, n.id = row.id")


def relationship_statement(rel_type: str) -> str:
    resource = cypher_name(RESOURCE_LABEL)
    return (f"UNWIND $rows AS row "
            f"MERGE (a:{resource} {{iri: row.source}}) ON CREATE SET a.id = row.source_id "
            f"MERGE (b:{resource} {{iri: row.target}}) ON CREATE SET b.id = row.target_id "
            f"MERGE (a)-[r:{cypher_name(rel_type)}]->(b) SET r += row.props")


def push(
    source,
    settings: Neo4jSettings,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: bool = True,
    include_ontology: bool = True,
) -> PushStats:
    """Write ``source`` (LoadedDataset, ChainStore, pyoxigraph Store or Quads) into Neo4j.

    Resumable and idempotent: see the module docstring.
    """
    nodes, relationships = source_rows(source, include_ontology=include_ontology)
    return push_rows(nodes, relationships, settings, batch_size=batch_size, progress=progress)


def source_rows(source, include_ontology: bool = True) -> tuple[list[NodeRow], list[RelationshipRow]]:
    """The property-graph rows :func:`push` writes for ``source`` (ontology individuals first)."""
    statements: Iterable = statements_of(source)
    if include_ontology:
        statements = itertools.chain(ontology_statements(), statements)
    return property_graph_rows(statements)


def push_rows(
    nodes: list[NodeRow],
    relationships: list[RelationshipRow],
    settings: Neo4jSettings,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: bool = True,
) -> PushStats:
    """Write already converted rows; the batching and transactions of :func:`push`."""
    from tqdm import tqdm

    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    stats = PushStats()
    started = time.perf_counter()
    work: list[tuple[str, list[dict], str]] = []
    by_labels: dict[tuple[str, ...], list[dict]] = {}
    for node in nodes:
        by_labels.setdefault(node.labels, []).append({"iri": node.iri, "id": node.id, "props": node.props})
    for labels, rows in sorted(by_labels.items()):
        stats.by_label[":".join(labels)] = len(rows)
        work.extend((node_statement(labels), batch, "nodes") for batch in _batches(rows, batch_size))
    by_type: dict[str, list[dict]] = {}
    for rel in relationships:
        by_type.setdefault(rel.type, []).append({"source": rel.source, "target": rel.target, "source_id": rel.source_id,
                                                 "target_id": rel.target_id, "props": rel.props})
    for rel_type, rows in sorted(by_type.items()):
        work.extend((relationship_statement(rel_type), batch, "relationships") for batch in _batches(rows, batch_size))

    with connect(settings) as driver:
        for statement in schema_statements():
            _write(driver, settings, statement, None)
        bar = tqdm(total=len(nodes) + len(relationships), unit="row", desc="neo4j push", disable=not progress)
        try:
            for statement, batch, kind in work:
                counters = _write(driver, settings, statement, batch)
                stats.batches += 1
                stats.nodes_created += counters.nodes_created
                stats.relationships_created += counters.relationships_created
                stats.properties_set += counters.properties_set
                if kind == "nodes":
                    stats.nodes += len(batch)
                else:
                    stats.relationships += len(batch)
                bar.update(len(batch))
        finally:
            bar.close()
    stats.seconds = time.perf_counter() - started
    return stats


def _write(driver, settings: Neo4jSettings, statement: str, rows: list[dict] | None):
    """One batch in one write transaction (retried by the driver on transient errors)."""
    parameters = {} if rows is None else {"rows": rows}
    try:
        with driver.session(database=settings.database) as session:
            summary = session.execute_write(lambda tx: tx.run(statement, parameters).consume())
    except ServiceUnavailable as error:
        raise Neo4jConnectionError(f"lost the connection to Neo4j at {settings.uri} mid-push; "
                                   "the batches before this one are committed, push again to finish") from error
    except (Neo4jError, TypeError, ValueError, OverflowError) as error:
        raise Neo4jPushError(f"Neo4j rejected a batch ({error}); the batches before it are committed, "
                             "push again after fixing the data to finish") from error
    return summary.counters


def run_cypher(statement: str, settings: Neo4jSettings, **parameters) -> list[dict]:
    """Rows of a read query as plain dicts (Neo4j temporal values become ``datetime`` objects)."""
    with connect(settings) as driver:
        try:
            records, _, _ = driver.execute_query(statement, parameters, database_=settings.database,
                                                 routing_=RoutingControl.READ)
        except Neo4jError as error:
            raise Neo4jPushError(f"Neo4j rejected the query: {error}") from error
    return [{key: _native(value) for key, value in record.items()} for record in records]


def _native(value):
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [_native(item) for item in value]
    return value


def run_cypher_file(path_or_name: str | Path, settings: Neo4jSettings, **parameters) -> list[dict]:
    """Run a ``.cypher`` file (a path, or the name of one bundled in ``queries/cypher``)."""
    path = Path(path_or_name)
    if path.suffix == ".cypher" and path.is_file():
        text = path.read_text(encoding="utf-8")
    else:
        resource = files("chaingap.queries").joinpath("cypher", f"{path.stem if path.suffix else path_or_name}.cypher")
        if not resource.is_file():
            raise FileNotFoundError(f"no Cypher file {path_or_name!s} (neither a path nor a bundled query name)")
        text = resource.read_text(encoding="utf-8")
    return run_cypher(text, settings, **parameters)

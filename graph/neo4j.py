"""Push the tables of record into Neo4j over Bolt, and run Cypher files against it.

The push reads the tables (``loaders/sql/tables.sql``) in DuckDB and sends what
:mod:`chaingap.graph.pgtables` selects from them straight from DuckDB's Arrow record batches:
Python holds one batch of rows at a time, never the pool. The link measures
(``downstreamCount``, ``criticality``, :mod:`chaingap.graph.measures`) go onto the Link
nodes, so the Cypher queries need no derived graph.

The push is RESUMABLE, not all-or-nothing: constraints and indexes first, then nodes, then
relationships, each batch a parameterised ``UNWIND $rows ... MERGE`` in its own write
transaction. A push that fails midway leaves every batch before the failing one committed
and nothing of the failing batch; running the same push again completes it, because every
write is a MERGE on the node's IRI (so pushing twice changes nothing). One transaction for
a million enterprises would hold the whole graph in the server's memory; batches do not.

Labels and relationship types come only from :mod:`chaingap.graph.pgschema` (derived from
the ontology); values from the data travel only as parameters, converted by
:func:`chaingap.graph.values.to_property`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

from . import pgtables
from .errors import GraphError
from .pgschema import (
    RESOURCE_LABEL,
    NodeRow,
    RelationshipRow,
    cypher_name,
    property_graph_rows,
    property_graph_schema,
)
from .values import to_property

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
    "tables_of",
    "link_measures",
    "cypher_measures",
    "prepared_tables",
    "ontology_rows",
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


class Neo4jPushError(GraphError):
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
    """``(subject, predicate, object)`` of a pyoxigraph Store, anything with ``quads()`` or an
    iterable of pyoxigraph Quads; literals become ``(lexical, datatype)`` pairs."""
    import pyoxigraph as ox

    if isinstance(source, ox.Store):
        quads = source.quads_for_pattern(None, None, None, None)
    elif hasattr(source, "id") and isinstance(getattr(source, "con", None), duckdb.DuckDBPyConnection):
        from .build import dataset_quads

        quads = dataset_quads(source.con, source.id)
    elif hasattr(source, "__iter__"):
        quads = source
    else:
        raise TypeError(f"no RDF statements in a {type(source).__name__}")
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


# --- where the tables come from ------------------------------------------------------------

@contextmanager
def tables_of(source) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection holding the tables of record of ``source``.

    ``source``: such a connection; a store (its ``tables``); a validated
    :class:`~chaingap.loaders.dataset.LoadedDataset`; or a dataset folder (loaded and
    validated here, into an in-memory connection closed afterwards). The one place that
    knows where tables come from.
    """
    if isinstance(source, duckdb.DuckDBPyConnection):
        yield source
        return
    if hasattr(source, "tables") and isinstance(getattr(type(source), "tables", None), property):
        yield source.tables
        return
    from chaingap.loaders import load_dataset

    if isinstance(source, (str, os.PathLike)):
        dataset = load_dataset(source)
        try:
            yield dataset.con
        finally:
            dataset.con.close()
        return
    if not isinstance(getattr(source, "con", None), duckdb.DuckDBPyConnection):
        raise TypeError(f"cannot read tables of record from a {type(source).__name__}")
    yield source.con


def _scope_filter(scoped: bool) -> str:
    return f" WHERE dataset IN (SELECT dataset FROM {pgtables.SCOPE_TABLE})" if scoped else ""


def link_measures(con: duckdb.DuckDBPyConnection, scoped: bool = False) -> pa.Table:
    """``downstreamCount`` and ``criticality`` of every link (:mod:`chaingap.graph.measures`)
    from the links and feeds tables, as an Arrow table (link, downstream_count, criticality)."""
    from .measures import link_measures as measures_of

    where = _scope_filter(scoped)
    links = [row[0] for row in con.execute(f"SELECT DISTINCT id FROM links{where} ORDER BY id").fetchall()]
    feeds = con.execute(f"SELECT source, target, weight FROM feeds{where}").fetchall()
    measures = measures_of(links, feeds)
    return pa.table({"link": pa.array(list(measures), pa.string()),
                     "downstream_count": pa.array([count for count, _ in measures.values()], pa.int64()),
                     "criticality": pa.array([value for _, value in measures.values()], pa.decimal128(18, 6))})


@contextmanager
def prepared_tables(con: duckdb.DuckDBPyConnection, datasets: Iterable[str] | None = None):
    """``con`` with what :mod:`chaingap.graph.pgtables`' SQL reads beside the tables registered:
    the link measures, and the datasets to keep when ``datasets`` is given (as data, never as SQL)."""
    scoped = datasets is not None
    registered = []
    try:
        if scoped:
            con.register(pgtables.SCOPE_TABLE, pa.table({"dataset": pa.array(list(datasets), pa.string())}))
            registered.append(pgtables.SCOPE_TABLE)
        con.register(pgtables.MEASURES_TABLE, link_measures(con, scoped))
        registered.append(pgtables.MEASURES_TABLE)
        yield con
    finally:
        for name in registered:
            con.unregister(name)


def ontology_rows() -> list[NodeRow]:
    """The cg: individuals (segments, stages) with their properties, so edges to them land on real
    nodes; a vocabulary code whose individual the ontology lacks gets a bare ``Resource`` node."""
    from chaingap.ontology.namespace import CG_NS
    from chaingap.ontology.vocab import SEGMENTS, STAGES

    nodes, _ = property_graph_rows(ontology_statements())
    known = {node.iri for node in nodes}
    for vocabulary in (SEGMENTS, STAGES):
        for term in vocabulary:
            if term.iri_name and CG_NS + term.iri_name not in known:
                nodes.append(NodeRow(CG_NS + term.iri_name, term.iri_name, (RESOURCE_LABEL,), {}))
    return sorted(nodes, key=lambda node: node.iri)


# --- the push ------------------------------------------------------------------------------

def _node_rows(batch: pa.RecordBatch) -> list[dict]:
    rows = []
    for row in batch.to_pylist():
        iri, id_ = row.pop("iri"), row.pop("id")
        rows.append({"iri": iri, "id": id_,
                     "props": {key: to_property(value) for key, value in row.items() if value is not None}})
    return rows


def _relationship_rows(batch: pa.RecordBatch) -> list[dict]:
    rows = []
    for row in batch.to_pylist():
        ends = {key: row.pop(key) for key in ("source", "target", "source_id", "target_id")}
        ends["props"] = {key: to_property(value) for key, value in row.items() if value is not None}
        rows.append(ends)
    return rows


@dataclass(frozen=True)
class _Step:
    """One statement and where its rows come from: a SQL query over the tables, or a list."""

    statement: str
    kind: str  # "nodes" | "relationships"
    key: str  # labels or type, for the stats
    sql: str | None = None
    rows: list[dict] | None = None


def _steps(include_ontology: bool, scoped: bool = False) -> list[_Step]:
    """Nodes before relationships, each group in label / type order (as the old push did)."""
    schema = property_graph_schema()
    pgtables.check(schema)
    steps = []
    if include_ontology:
        by_labels: dict[tuple[str, ...], list[dict]] = {}
        for node in ontology_rows():
            by_labels.setdefault(node.labels, []).append({"iri": node.iri, "id": node.id, "props": node.props})
        steps += [_Step(node_statement(labels), "nodes", ":".join(labels), rows=rows)
                  for labels, rows in sorted(by_labels.items())]
    nodes = sorted(pgtables.NODES, key=lambda node: (pgtables.labels_of(node, schema), node.cls))
    steps += [_Step(node_statement(pgtables.labels_of(node, schema)), "nodes",
                    ":".join(pgtables.labels_of(node, schema)), sql=pgtables.node_sql(node, scoped, schema))
              for node in nodes]
    rels = sorted(pgtables.RELATIONSHIPS, key=lambda rel: schema.relationship_types[rel.prop])
    steps += [_Step(relationship_statement(schema.relationship_types[rel.prop]), "relationships",
                    schema.relationship_types[rel.prop], sql=pgtables.relationship_sql(rel, scoped, schema))
              for rel in rels]
    return steps


def _step_batches(con: duckdb.DuckDBPyConnection, step: _Step, batch_size: int) -> Iterator[list[dict]]:
    if step.rows is not None:
        yield from _batches(step.rows, batch_size)
        return
    convert = _node_rows if step.kind == "nodes" else _relationship_rows
    reader = con.sql(step.sql).to_arrow_reader(batch_size)
    try:
        for batch in reader:
            try:
                rows = convert(batch)
            except (ValueError, OverflowError, TypeError) as error:
                raise Neo4jPushError(f"a {step.key} row cannot become a Neo4j value ({error}); the batches "
                                     "before it are committed, push again after fixing the data to finish") from error
            if rows:
                yield rows
    finally:
        reader.close()  # the connection takes other queries only once the result is done with


def push(
    source,
    settings: Neo4jSettings,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: bool = True,
    include_ontology: bool = True,
) -> PushStats:
    """Write the tables of record of ``source`` (see :func:`tables_of`) into Neo4j.

    Resumable and idempotent: see the module docstring.
    """
    from tqdm import tqdm

    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    stats = PushStats()
    started = time.perf_counter()
    with connect(settings) as driver, tables_of(source) as con, prepared_tables(con):
        steps = _steps(include_ontology)
        total = None
        if progress:
            total = sum(len(step.rows) if step.rows is not None
                        else con.execute(f"SELECT count(*) FROM ({step.sql})").fetchall()[0][0] for step in steps)
        for statement in schema_statements():
            _write(driver, settings, statement, None)
        bar = tqdm(total=total, unit="row", desc="neo4j push", disable=not progress)
        try:
            for step in steps:
                for batch in _step_batches(con, step, batch_size):
                    _count(stats, _write(driver, settings, step.statement, batch), step, len(batch))
                    bar.update(len(batch))
        finally:
            bar.close()
    stats.seconds = time.perf_counter() - started
    return stats


def _count(stats: PushStats, counters, step: _Step, rows: int) -> None:
    stats.batches += 1
    stats.nodes_created += counters.nodes_created
    stats.relationships_created += counters.relationships_created
    stats.properties_set += counters.properties_set
    if step.kind == "nodes":
        stats.nodes += rows
        stats.by_label[step.key] = stats.by_label.get(step.key, 0) + rows
    else:
        stats.relationships += rows


# --- the RDF rule, for rows already in memory (tests, small graphs) ------------------------

def source_rows(source, include_ontology: bool = True) -> tuple[list[NodeRow], list[RelationshipRow]]:
    """The property-graph rows the rule of docs/property-graph.md gives for ``source``'s RDF graph.

    A pyoxigraph Store or Quads are read as they are; anything :func:`tables_of` reads is
    first rendered as RDF from its tables (:mod:`chaingap.graph.build`) with its link
    measures, so these rows are what :func:`push` must write: the tests compare the two.
    """
    statements: Iterable = _rdf_statements(source)
    rows = property_graph_rows(statements)
    if include_ontology:
        nodes = ontology_rows()
        known = {node.iri for node in rows[0]}
        rows = ([node for node in nodes if node.iri not in known] + rows[0], rows[1])
    return rows


def _rdf_statements(source) -> Iterator[tuple[str, str, object]]:
    import pyoxigraph as ox

    if isinstance(source, ox.Store) or (hasattr(source, "__iter__") and not isinstance(source, (str, os.PathLike))
                                        and not hasattr(source, "con")):
        yield from statements_of(source)
        return
    from chaingap.ontology.namespace import CG_NS, XSD
    from chaingap.ontology.terms import graph_iri, iri

    from .build import nquad_batches
    from .values import canonical_decimal

    with tables_of(source) as con:
        schema = con.execute("SELECT table_catalog || '.' || table_schema FROM information_schema.tables "
                             "WHERE table_name = 'enterprises' LIMIT 1").fetchall()[0][0]
        for chunk, _ in nquad_batches(con, schema, graph_iri("tables")):
            yield from statements_of(ox.parse(chunk, format=ox.RdfFormat.N_QUADS))
        measures = link_measures(con).to_pylist()
    for row in measures:
        link = iri("link", row["link"])
        yield link, CG_NS + "downstreamCount", (str(row["downstream_count"]), XSD + "integer")
        yield link, CG_NS + "criticality", (canonical_decimal(row["criticality"]), XSD + "decimal")


def push_rows(
    nodes: list[NodeRow],
    relationships: list[RelationshipRow],
    settings: Neo4jSettings,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: bool = True,
) -> PushStats:
    """Write rows already in memory (:func:`source_rows`) with the statements and batching of :func:`push`."""
    from tqdm import tqdm

    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    stats = PushStats()
    started = time.perf_counter()
    steps: list[_Step] = []
    by_labels: dict[tuple[str, ...], list[dict]] = {}
    for node in nodes:
        by_labels.setdefault(node.labels, []).append({"iri": node.iri, "id": node.id, "props": node.props})
    steps += [_Step(node_statement(labels), "nodes", ":".join(labels), rows=rows)
              for labels, rows in sorted(by_labels.items())]
    by_type: dict[str, list[dict]] = {}
    for rel in relationships:
        by_type.setdefault(rel.type, []).append({"source": rel.source, "target": rel.target, "source_id": rel.source_id,
                                                 "target_id": rel.target_id, "props": rel.props})
    steps += [_Step(relationship_statement(rel_type), "relationships", rel_type, rows=rows)
              for rel_type, rows in sorted(by_type.items())]
    with connect(settings) as driver:
        for statement in schema_statements():
            _write(driver, settings, statement, None)
        bar = tqdm(total=len(nodes) + len(relationships), unit="row", desc="neo4j push", disable=not progress)
        try:
            for step in steps:
                for batch in _batches(step.rows or [], batch_size):
                    _count(stats, _write(driver, settings, step.statement, batch), step, len(batch))
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
            values = {name: to_property(value) for name, value in parameters.items()}
            records, _, _ = driver.execute_query(statement, values, database_=settings.database,
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


def cypher_measures(settings: Neo4jSettings, min_weight: Any = None) -> dict[str, list]:
    """``$measures`` of ``link_status.cypher``: ``{link IRI: [downstreamCount, criticality]}`` over
    the server's FEEDS_INTO relationships that count at ``min_weight`` ({} when every one counts:
    the Link nodes carry those measures from the push)."""
    from .measures import link_measures as measures_of

    if not min_weight:
        return {}
    links = [row["link"] for row in run_cypher("MATCH (l:Link) RETURN DISTINCT l.iri AS link", settings)]
    feeds = [(row["a"], row["b"], row["w"]) for row in run_cypher(
        "MATCH (a:Link)-[f:FEEDS_INTO]->(b:Link) RETURN a.iri AS a, b.iri AS b, f.weight AS w", settings)]
    return {link: [count, float(value)] for link, (count, value) in measures_of(links, feeds, min_weight).items()}


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

"""The RDF graph of a dataset version, rendered from its tables of record as N-Quads, in SQL.

Why SQL: a national pool has a million enterprises and some fifteen million quads. Building
pyoxigraph terms (or even N-Quads lines) one by one in Python costs more than Oxigraph's own
bulk loader. Here DuckDB renders every line in columns (IRIs with ``url_encode``, literals
escaped as N-Quads wants), and the lines go to ``Store.bulk_load`` in slices, straight from
the Arrow buffers: Python never holds a row.

The mapping (:data:`MAPPING`) is declarative: per table, how its subject IRI is minted and
which column becomes which ``cg:`` property. It writes exactly the statements documented in
docs/architecture.md and described by ``ontology/shapes.ttl``; ``tests/test_graph_build.py``
checks the SQL rendering of IRIs and literals against :mod:`chaingap.ontology.terms` and
:mod:`chaingap.graph.values`, and the whole graph against the shapes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa

from chaingap.ontology.namespace import CG, CG_NS, ID_BASE, XSD
from chaingap.ontology.terms import KINDS
from chaingap.ontology.vocab import DISTRICT_KINDS, SEGMENTS, STAGES

if TYPE_CHECKING:
    import duckdb
    import pyoxigraph as ox

__all__ = ["MAPPING", "quads_sql", "nquad_batches", "bulk_load", "dataset_quads", "Statement", "TableMapping"]

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
PROV_ENTITY = "<http://www.w3.org/ns/prov#Entity>"
DCT_SOURCE = "<http://purl.org/dc/terms/source>"

#: Lines per bulk-loader call: pyoxigraph's loader holds about one call's input in memory
#: (measured: 1.3 GiB for 1.5M quads in one call, 0.36 GiB in slices of 250k).
SLICE = 250_000


def _cg(name: str) -> str:
    return f"<{getattr(CG, name)}>"


def _sql_text(value: str) -> str:
    """A Python string as a SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def iri_sql(kind: str, column: str) -> str:
    """SQL for the ``<iri>`` of a resource whose id is in ``column`` (same IRI as ``terms.iri``)."""
    if kind not in KINDS:
        raise ValueError(f"unknown resource kind {kind!r}")
    return f"('<{ID_BASE}{kind}/' || url_encode({column}) || '>')"


def string_sql(column: str) -> str:
    """SQL for an xsd:string literal of ``column`` in N-Quads syntax (as ``values.nquads_string``)."""
    escaped = (f"replace(replace(replace(replace({column}, '\\', '\\\\'), '\"', '\\\"'), "
               f"chr(10), '\\n'), chr(13), '\\r')")
    return f"('\"' || {escaped} || '\"')"


def decimal_sql(column: str) -> str:
    """SQL for an xsd:decimal literal in the canonical form of ``values.canonical_decimal``."""
    text = f"CAST({column} AS VARCHAR)"
    trimmed = f"CASE WHEN contains({text}, '.') THEN rtrim(rtrim({text}, '0'), '.') ELSE {text} END"
    canonical = f"CASE WHEN {column} = 0 THEN '0' ELSE {trimmed} END"
    return f"('\"' || {canonical} || '\"^^<{XSD}decimal>')"


def integer_sql(column: str) -> str:
    return f"('\"' || CAST({column} AS VARCHAR) || '\"^^<{XSD}integer>')"


def date_sql(column: str) -> str:
    return f"('\"' || strftime({column}, '%Y-%m-%d') || '\"^^<{XSD}date>')"


def boolean_sql(column: str) -> str:
    return (f"(CASE WHEN {column} THEN '\"true\"^^<{XSD}boolean>' "
            f"ELSE '\"false\"^^<{XSD}boolean>' END)")


def code_sql(column: str, vocabulary, local: Callable) -> str:
    """SQL mapping a vocabulary code in ``column`` to the ``cg:`` individual it names."""
    cases = " ".join(f"WHEN {_sql_text(term.code)} THEN '<{CG_NS}{local(term)}>'" for term in vocabulary)
    return f"(CASE {column} {cases} END)"


@dataclass(frozen=True)
class Statement:
    """One kind of statement of a table's rows: ``subject predicate object``, all SQL expressions.

    ``where`` limits the rows (e.g. only when the column is set); ``rows`` replaces the
    table by a derived row source (e.g. a join) for this statement only, with ``{schema}``
    standing for the version's schema.
    """

    subject: str
    predicate: str
    object: str
    where: str | None = None
    rows: str | None = None


@dataclass(frozen=True)
class TableMapping:
    table: str
    statements: tuple[Statement, ...]


def _const(term: str) -> str:
    return _sql_text(term)


def _named(subject: str, cls: str, name: str = "name", where: str | None = None) -> list[Statement]:
    """rdf:type, cg:name and rdfs:label@zh of a named resource (``cls`` an SQL expression)."""
    return [Statement(subject, _const(RDF_TYPE), cls, where),
            Statement(subject, _const(_cg("name")), string_sql(name), where),
            Statement(subject, _const(RDFS_LABEL), f"({string_sql(name)} || '@zh')", where)]


def _optional(subject: str, prop: str, render: Callable[[str], str], column: str) -> Statement:
    return Statement(subject, _const(_cg(prop)), render(column), where=f"{column} IS NOT NULL")


def _provenance(subject: str) -> list[Statement]:
    return [Statement(subject, _const(_cg("illustrative")), boolean_sql("illustrative"), where="illustrative"),
            Statement(subject, _const(DCT_SOURCE), string_sql("source"), where="source IS NOT NULL AND source <> ''")]


def _money(subject: str, prop: str, column: str) -> list[Statement]:
    return [_optional(subject, prop, decimal_sql, column),
            Statement(subject, _const(_cg(prop + "Original")), string_sql(f"{column}_original"),
                      where=f"{column} IS NOT NULL")]


_DATASET = iri_sql("dataset", "dataset")
_CLUSTER, _CHAIN, _LINK = iri_sql("cluster", "id"), iri_sql("chain", "id"), iri_sql("link", "id")
_DISTRICT, _ENTERPRISE = iri_sql("district", "id"), iri_sql("enterprise", "id")
_PROJECT, _PRODUCT, _BASE = iri_sql("project", "id"), iri_sql("product", "id"), iri_sql("base", "id")
_SPECIFIC = code_sql("kind", DISTRICT_KINDS, lambda term: term.extra[0])
_BROADER = code_sql("kind", DISTRICT_KINDS, lambda term: term.extra[1])
_FLAGS = (("listed", "isListed"), ("specialised", "isSpecialised"), ("high_tech", "isHighTech"),
          ("above_scale", "isAboveScale"), ("chain_leader", "isChainLeader"))
_ENTERPRISE_TEXT = (("province", "province"), ("city", "city"), ("county", "county"), ("address", "address"),
                    ("business_scope", "businessScope"), ("industry_code", "industryCode"),
                    ("expansion_signal", "expansionSignal"))
_OPERATION = "('<" + ID_BASE + "operation/' || url_encode(enterprise || '|' || link) || '>')"
_EVENT = ("('<" + ID_BASE + "event/' || url_encode(project || '|' || stage || '|' || "
          "strftime(on_date, '%Y-%m-%d')) || '>')")
_SUPPLY = "('<" + ID_BASE + "supply/' || url_encode(supplier || '|' || customer || '|' || coalesce(product, '')) || '>')"
_FEED = "('<" + ID_BASE + "feed/' || url_encode(source || '|' || target) || '>')"
#: One row per feeds-into edge of the version: several rows of record of one edge (declared in two
#: chains) make one cg:FeedRelation, with the largest weight and confidence and the smallest evidence.
_FEED_ROWS = ("(SELECT source, target, max(weight) AS weight, min(evidence) AS evidence, "
              "max(confidence) AS confidence FROM {schema}.feeds GROUP BY source, target) f")
_STAGE = code_sql("stage", STAGES, lambda term: term.iri_name)
_TRANSFER = ("('<" + ID_BASE + "transfer/' || url_encode(project || '|' || strftime(on_date, '%Y-%m-%d') || '|' || "
             "to_district) || '>')")
_TARGET = "('<" + ID_BASE + "target/' || url_encode(CAST(year AS VARCHAR) || '|' || coalesce(district, '')) || '>')"
_COMMITMENT = ("('<" + ID_BASE + "commitment/' || url_encode(project || '|' || kind || '|' || record || '|' || "
               "strftime(on_date, '%Y-%m-%d') || '|' || CAST(_row AS VARCHAR)) || '>')")
_OUTREACH = ("('<" + ID_BASE + "outreach/' || url_encode(dataset || '|' || enterprise || '|' || "
             "strftime(on_date, '%Y-%m-%d') || '|' || CAST(_row AS VARCHAR)) || '>')")


#: What each table of record says in RDF.
MAPPING: tuple[TableMapping, ...] = (
    TableMapping("dataset", (
        *_named(_DATASET, _const(_cg("Dataset"))),
        Statement(_DATASET, _const(RDF_TYPE), _const(PROV_ENTITY)),
        Statement(_DATASET, _const(_cg("region")), iri_sql("district", "region"), where="region IS NOT NULL"),
        _optional(_DATASET, "asOf", date_sql, "as_of"),
        *_provenance(_DATASET),
    )),
    TableMapping("clusters", (
        *_named(_CLUSTER, _const(_cg("IndustryCluster"))),
        _optional(_CLUSTER, "nameEn", string_sql, "name_en"),
    )),
    TableMapping("chains", (
        Statement(iri_sql("cluster", "cluster"), _const(_cg("hasChain")), _CHAIN, where="cluster IS NOT NULL"),
        *_named(_CHAIN, _const(_cg("IndustryChain"))),
        _optional(_CHAIN, "nameEn", string_sql, "name_en"),
        Statement(_CHAIN, _const(_cg("acyclic")), boolean_sql("acyclic")),
    )),
    TableMapping("links", (
        Statement(iri_sql("chain", "chain"), _const(_cg("hasLink")), _LINK),
        *_named(_LINK, _const(_cg("Link"))),
        _optional(_LINK, "nameEn", string_sql, "name_en"),
        Statement(_LINK, _const(_cg("inSegment")), code_sql("segment", SEGMENTS, lambda term: term.iri_name),
                  where="segment IS NOT NULL"),
        Statement(_LINK, _const(_cg("subLinkOf")), iri_sql("link", "parent"), where="parent IS NOT NULL"),
    )),
    TableMapping("feeds", (
        Statement(iri_sql("link", "source"), _const(_cg("feedsInto")), iri_sql("link", "target")),
        Statement(_FEED, _const(RDF_TYPE), _const(_cg("FeedRelation")), rows=_FEED_ROWS),
        Statement(_FEED, _const(_cg("feedSource")), iri_sql("link", "source"), rows=_FEED_ROWS),
        Statement(_FEED, _const(_cg("feedTarget")), iri_sql("link", "target"), rows=_FEED_ROWS),
        Statement(_FEED, _const(_cg("weight")), decimal_sql("weight"), "weight IS NOT NULL", _FEED_ROWS),
        Statement(_FEED, _const(_cg("evidence")), string_sql("evidence"), "evidence IS NOT NULL", _FEED_ROWS),
        Statement(_FEED, _const(_cg("confidence")), decimal_sql("confidence"), "confidence IS NOT NULL", _FEED_ROWS),
    )),
    TableMapping("link_codes", (
        Statement(iri_sql("link", "link"), _const(_cg("industryCode")), string_sql("code")),
    )),
    TableMapping("link_keywords", (
        Statement(iri_sql("link", "link"), _const(_cg("keyword")), string_sql("keyword")),
    )),
    TableMapping("districts", (
        *_named(_DISTRICT, _SPECIFIC),
        Statement(_DISTRICT, _const(RDF_TYPE), _BROADER),
        Statement(_DISTRICT, _const(RDF_TYPE), _const(_cg("District"))),
        Statement(_DISTRICT, _const(_cg("partOf")), iri_sql("district", "parent"), where="parent IS NOT NULL"),
        _optional(_DISTRICT, "adminCode", string_sql, "admin_code"),
        _optional(_DISTRICT, "province", string_sql, "province"),
        *_provenance(_DISTRICT),
    )),
    TableMapping("enterprises", (
        *_named(_ENTERPRISE, _const(_cg("Enterprise"))),
        Statement(_ENTERPRISE, _const(_cg("isLocal")), boolean_sql("is_local")),
        _optional(_ENTERPRISE, "creditCode", string_sql, "credit_code"),
        *(_optional(_ENTERPRISE, prop, string_sql, column) for column, prop in _ENTERPRISE_TEXT),
        Statement(_ENTERPRISE, _const(_cg("locatedIn")), iri_sql("district", "district"), where="district IS NOT NULL"),
        *_money(_ENTERPRISE, "revenue", "revenue"),
        *_money(_ENTERPRISE, "registeredCapital", "registered_capital"),
        _optional(_ENTERPRISE, "employees", integer_sql, "employees"),
        _optional(_ENTERPRISE, "foundedOn", date_sql, "founded"),
        *(Statement(_ENTERPRISE, _const(_cg(prop)), boolean_sql(column)) for column, prop in _FLAGS),
        Statement(_ENTERPRISE, _const(_cg("parentGroup")), iri_sql("enterprise", "parent_group"),
                  where="parent_group IS NOT NULL"),
        *_provenance(_ENTERPRISE),
    )),
    TableMapping("operations", (
        Statement(iri_sql("enterprise", "enterprise"), _const(_cg("operatesIn")), iri_sql("link", "link")),
        Statement(iri_sql("enterprise", "enterprise"), _const(_cg("hasOperation")), _OPERATION),
        Statement(_OPERATION, _const(RDF_TYPE), _const(_cg("Operation"))),
        Statement(_OPERATION, _const(_cg("operationLink")), iri_sql("link", "link")),
        Statement(_OPERATION, _const(_cg("share")), decimal_sql("share"), where="share IS NOT NULL"),
        Statement(_OPERATION, _const(_cg("assignedBy")), string_sql("assigned_by")),
    )),
    TableMapping("projects", (
        *_named(_PROJECT, _const(_cg("Project"))),
        Statement(_PROJECT, _const(_cg("locatedIn")), iri_sql("district", "district"), where="district IS NOT NULL"),
        Statement(_PROJECT, _const(_cg("targetsChain")), iri_sql("chain", "chain"), where="chain IS NOT NULL"),
        _optional(_PROJECT, "signedOn", date_sql, "signed_on"),
        _optional(_PROJECT, "agreement", string_sql, "agreement"),
        Statement(_PROJECT, _const(_cg("investorName")), string_sql("investor"),
                  where="investor IS NOT NULL AND investor <> ''"),
        Statement(_PROJECT, _const(_cg("hasInvestor")), iri_sql("enterprise", "investor_id"),
                  where="investor_id IS NOT NULL"),
        *_money(_PROJECT, "investment", "investment"),
        Statement(_PROJECT, _const(_cg("currentStage")), _STAGE, where="stage IS NOT NULL"),
        *_provenance(_PROJECT),
    )),
    TableMapping("project_links", (
        Statement(iri_sql("project", "project"), _const(_cg("targetsLink")), iri_sql("link", "link")),
    )),
    TableMapping("stage_events", (
        Statement(iri_sql("project", "project"), _const(_cg("hasStageEvent")), _EVENT),
        Statement(_EVENT, _const(RDF_TYPE), _const(_cg("StageEvent"))),
        Statement(_EVENT, _const(_cg("stage")), _STAGE),
        Statement(_EVENT, _const(_cg("onDate")), date_sql("on_date")),
    )),
    TableMapping("project_terms", (
        Statement(iri_sql("project", "project"), _const(_cg("investmentOrigin")), string_sql("origin")),
        _optional(iri_sql("project", "project"), "investmentCurrency", string_sql, "currency"),
        _optional(iri_sql("project", "project"), "investmentUsd", decimal_sql, "investment_usd"),
        _optional(iri_sql("project", "project"), "industryCode", string_sql, "industry_code"),
        Statement(iri_sql("project", "project"), _const(_cg("manufacturing")), boolean_sql("manufacturing")),
        Statement(iri_sql("project", "project"), _const(_cg("inKeyChain")), boolean_sql("key_chain")),
        _optional(iri_sql("project", "project"), "landArea", decimal_sql, "land_mu"),
    )),
    TableMapping("project_transfers", (
        Statement(iri_sql("project", "project"), _const(_cg("hasTransfer")), _TRANSFER),
        Statement(_TRANSFER, _const(RDF_TYPE), _const(_cg("ProjectTransfer"))),
        Statement(_TRANSFER, _const(_cg("onDate")), date_sql("on_date")),
        Statement(_TRANSFER, _const(_cg("fromDistrict")), iri_sql("district", "from_district")),
        Statement(_TRANSFER, _const(_cg("toDistrict")), iri_sql("district", "to_district")),
        Statement(_TRANSFER, _const(_cg("creditShare")), decimal_sql("credit")),
        *_provenance(_TRANSFER),
    )),
    TableMapping("targets", (
        Statement(_TARGET, _const(RDF_TYPE), _const(_cg("AnnualTarget"))),
        Statement(_TARGET, _const(_cg("targetYear")), integer_sql("year")),
        Statement(_TARGET, _const(_cg("targetDistrict")), iri_sql("district", "district"), where="district IS NOT NULL"),
        _optional(_TARGET, "targetProjects", integer_sql, "projects"),
        _optional(_TARGET, "targetInvestment", decimal_sql, "investment"),
        *_provenance(_TARGET),
    )),
    TableMapping("products", (
        *_named(_PRODUCT, _const(_cg("Product"))),
        Statement(iri_sql("enterprise", "enterprise"), _const(_cg("makes")), _PRODUCT),
        Statement(_PRODUCT, _const(_cg("productOfLink")), iri_sql("link", "link")),
        Statement(_PRODUCT, _const(_cg("hasBrand")), iri_sql("brand", "brand"), where="brand IS NOT NULL"),
        *_named(iri_sql("brand", "brand"), _const(_cg("Brand")), "brand", where="brand IS NOT NULL"),
        *_provenance(_PRODUCT),
    )),
    TableMapping("supply", (
        Statement(iri_sql("enterprise", "supplier"), _const(_cg("suppliesTo")), iri_sql("enterprise", "customer")),
        Statement(_SUPPLY, _const(RDF_TYPE), _const(_cg("SupplyRelation"))),
        Statement(_SUPPLY, _const(_cg("supplier")), iri_sql("enterprise", "supplier")),
        Statement(_SUPPLY, _const(_cg("customer")), iri_sql("enterprise", "customer")),
        Statement(_SUPPLY, _const(_cg("suppliedProduct")), iri_sql("product", "product"), where="product IS NOT NULL"),
    )),
    TableMapping("bases", (
        *_named(_BASE, _const(_cg("Base"))),
        Statement(_BASE, _const(_cg("locatedIn")), iri_sql("district", "district")),
        Statement(_BASE, _const(_cg("baseForChain")), iri_sql("chain", "chain")),
        *_provenance(_BASE),
    )),
    TableMapping("benchmarks", (
        Statement(iri_sql("link", "link"), _const(_cg("benchmarkEnterprises")), integer_sql("enterprises"),
                  where="enterprises IS NOT NULL"),
        Statement(iri_sql("link", "link"), _const(_cg("benchmarkRevenue")), decimal_sql("revenue"),
                  where="revenue IS NOT NULL"),
    )),
    TableMapping("project_commitments", (
        Statement(iri_sql("project", "project"), _const(_cg("hasCommitment")), _COMMITMENT),
        Statement(_COMMITMENT, _const(RDF_TYPE), _const(_cg("ProjectCommitment"))),
        Statement(_COMMITMENT, _const(_cg("commitmentKind")), string_sql("kind")),
        Statement(_COMMITMENT, _const(_cg("commitmentRecord")), string_sql("record")),
        Statement(_COMMITMENT, _const(_cg("onDate")), date_sql("on_date")),
        Statement(_COMMITMENT, _const(_cg("commitmentAmount")), decimal_sql("amount")),
        *_provenance(_COMMITMENT),
    )),
    TableMapping("outreach", (
        Statement(iri_sql("enterprise", "enterprise"), _const(_cg("hasOutreach")), _OUTREACH),
        Statement(_OUTREACH, _const(RDF_TYPE), _const(_cg("Outreach"))),
        Statement(_OUTREACH, _const(_cg("outreachKind")), string_sql("kind")),
        Statement(_OUTREACH, _const(_cg("onDate")), date_sql("on_date")),
        Statement(_OUTREACH, _const(_cg("recordedIn")), _DATASET),
        Statement(_OUTREACH, _const(_cg("outreachNote")), string_sql("note"), where="note IS NOT NULL AND note <> ''"),
        *_provenance(_OUTREACH),
    )),
)


def quads_sql(schema: str, graph_iri: str, tables: tuple[TableMapping, ...] = MAPPING) -> Iterator[str]:
    """One ``SELECT line`` per table: every statement of the table as an N-Quads line (with ``\\n``).

    ``schema`` is the attached database (or schema) holding the version's tables.
    """
    suffix = _sql_text(f" <{graph_iri}> .\n")
    for mapping in tables:
        parts = []
        for statement in mapping.statements:
            source = statement.rows.format(schema=schema) if statement.rows else f"{schema}.{mapping.table}"
            where = f" WHERE {statement.where}" if statement.where else ""
            parts.append(f"SELECT {statement.subject} || ' ' || {statement.predicate} || ' ' || "
                         f"{statement.object} || {suffix} AS line FROM {source}{where}")
        yield "\nUNION ALL\n".join(parts)


def nquad_batches(con: duckdb.DuckDBPyConnection, schema: str, graph_iri: str,
                  slice_lines: int = SLICE) -> Iterator[tuple[bytes, int]]:
    """N-Quads text in slices of at most ``slice_lines`` lines: (bytes, number of lines)."""
    for text in quads_sql(schema, graph_iri):
        reader = con.sql(text).to_arrow_reader(slice_lines)
        for batch in reader:
            lines = batch.column(0)
            if len(lines) == 0:
                continue
            yield _joined(lines), len(lines)


def _joined(lines: pa.Array) -> bytes:
    """The concatenation of a string array's values (each already ends in a newline), from its buffer."""
    if lines.null_count:
        lines = lines.drop_null()
    if pa.types.is_string(lines.type):
        offsets = lines.buffers()[1]
        import numpy as np

        bounds = np.frombuffer(offsets, dtype=np.int32, count=len(lines) + 1, offset=lines.offset * 4)
    else:
        lines = lines.cast(pa.large_string())
        import numpy as np

        bounds = np.frombuffer(lines.buffers()[1], dtype=np.int64, count=len(lines) + 1, offset=lines.offset * 8)
    data = lines.buffers()[2]
    return data.to_pybytes()[int(bounds[0]):int(bounds[-1])] if bounds[0] or len(data) != bounds[-1] else data.to_pybytes()


def bulk_load(store: ox.Store, con: duckdb.DuckDBPyConnection, schema: str, graph_iri: str,
              tick: Callable[[int], None] | None = None) -> int:
    """Render the version's quads into ``graph_iri`` of ``store`` with the bulk loader; returns the count."""
    import pyoxigraph as ox

    count = 0
    for chunk, lines in nquad_batches(con, schema, graph_iri):
        store.bulk_load(chunk, format=ox.RdfFormat.N_QUADS, lenient=True)
        count += lines
        if tick is not None:
            tick(lines)
    return count


def dataset_quads(con: duckdb.DuckDBPyConnection, dataset_id: str, schema: str = "main") -> Iterator[ox.Quad]:
    """The quads of the dataset whose tables of record are in ``schema`` of ``con``, in its
    unversioned graph (as exports and servers name it): for tests, pushes and small datasets."""
    import pyoxigraph as ox

    from chaingap.ontology.terms import graph_iri

    for chunk, _ in nquad_batches(con, schema, graph_iri(dataset_id)):
        yield from ox.parse(chunk, format=ox.RdfFormat.N_QUADS)

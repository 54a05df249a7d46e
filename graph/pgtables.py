"""The property graph of the tables of record, as SQL: what ``push`` and the CSV export both send.

The rule of docs/property-graph.md (labels, relationship types and property names derived
from the ontology, :mod:`chaingap.graph.pgschema`) applied to the tables of record
(``loaders/sql/tables.sql``) directly, so that neither the push to Neo4j nor the bulk-import
files need the RDF graph or a Python object per enterprise: DuckDB computes every node and
relationship row, and the callers stream them out in Arrow batches.

:data:`NODES` and :data:`RELATIONSHIPS` are declarative: per table, the cg: class (hence the
labels) or object property (hence the type), the IRI of each end (minted as
:func:`chaingap.ontology.terms.iri` mints it) and which cg: datatype property each column
fills. Names are checked against the ontology when the SQL is made (:func:`check`), and
``tests/servers/test_neo4j_push.py`` checks that the rows equal what the RDF rule gives for
the RDF graph built from the same tables.

A resource in several datasets (the tables of a store are the union of its datasets) becomes
one node with the properties of the dataset whose id sorts last; a relationship is written once.
"""

from __future__ import annotations

from dataclasses import dataclass

from chaingap.ontology.namespace import CG_NS, ID_BASE
from chaingap.ontology.terms import KINDS
from chaingap.ontology.vocab import DISTRICT_KINDS, SEGMENTS, STAGES, Vocabulary

from .pgschema import PropertyGraphSchema, cypher_name, property_graph_schema

__all__ = [
    "MEASURES_TABLE",
    "SCOPE_TABLE",
    "Prop",
    "End",
    "NodeMap",
    "RelationshipMap",
    "NODES",
    "RELATIONSHIPS",
    "check",
    "labels_of",
    "node_sql",
    "relationship_sql",
    "minted",
    "individual",
]

MEASURES_TABLE = "chaingap_link_measures"
"""Name under which callers register the link measures (link, downstream_count, criticality)."""

SCOPE_TABLE = "chaingap_scope"
"""Name under which a caller may register the dataset ids to keep (one column ``dataset``)."""


def _text(value: str) -> str:
    """A constant of the code (never data) as a SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class End:
    """One end of a relationship: SQL for its IRI and for its ``id`` property."""

    iri: str
    id: str


def minted(kind: str, column: str) -> End:
    """The resource of ``kind`` whose data id is in ``column``: ``{ID_BASE}{kind}/{percent-encoded id}``."""
    if kind not in KINDS:
        raise ValueError(f"unknown resource kind {kind!r}")
    return End(f"({_text(ID_BASE + kind + '/')} || url_encode({column}))", f"CAST({column} AS VARCHAR)")


def individual(vocabulary: Vocabulary, column: str) -> End:
    """The cg: individual named by the vocabulary code in ``column`` (a segment, a stage)."""
    iris = " ".join(f"WHEN {_text(t.code)} THEN {_text(CG_NS + t.iri_name)}" for t in vocabulary if t.iri_name)
    ids = " ".join(f"WHEN {_text(t.code)} THEN {_text(t.iri_name)}" for t in vocabulary if t.iri_name)
    return End(f"(CASE {column} {iris} END)", f"(CASE {column} {ids} END)")


@dataclass(frozen=True)
class Prop:
    """The cg: datatype property ``name`` filled by the SQL expression ``sql``.

    ``many``: the expression already gives a list (e.g. the codes of a link); otherwise a
    list-valued property (docs/property-graph.md) gets the one value as a one-element list.
    """

    name: str
    sql: str
    many: bool = False


@dataclass(frozen=True)
class NodeMap:
    """Nodes of class ``cls`` (and ``extra`` classes), one per row of ``source`` (alias ``t``)."""

    cls: str
    end: End
    props: tuple[Prop, ...]
    source: str
    where: str | None = None
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelationshipMap:
    """Relationships of the object property ``prop`` from ``start`` to ``end``, one per row of ``source``."""

    prop: str
    start: End
    end: End
    source: str
    where: str | None = None
    props: tuple[Prop, ...] = ()


def _opt(name: str, column: str) -> Prop:
    return Prop(name, column)


def _when(condition: str, value: str) -> str:
    return f"(CASE WHEN {condition} THEN {value} END)"


def _list_of(table: str, column: str) -> str:
    """The sorted distinct values of ``column`` of ``table`` rows of this link (NULL when none)."""
    return (f"(SELECT CASE WHEN count(*) = 0 THEN NULL ELSE list_sort(list_distinct(list(x.{column}))) END "
            f"FROM {{{table}}} x WHERE x.link = t.id AND x.dataset = t.dataset)")


def _benchmark(column: str) -> str:
    return f"(SELECT max(b.{column}) FROM {{benchmarks}} b WHERE b.link = t.id AND b.dataset = t.dataset)"


_ILLUSTRATIVE = Prop("illustrative", _when("t.illustrative", "true"))
_FLAGS = (("listed", "isListed"), ("specialised", "isSpecialised"), ("high_tech", "isHighTech"),
          ("above_scale", "isAboveScale"), ("chain_leader", "isChainLeader"))
_ENTERPRISE_TEXT = (("province", "province"), ("city", "city"), ("county", "county"), ("address", "address"),
                    ("business_scope", "businessScope"), ("industry_code", "industryCode"),
                    ("expansion_signal", "expansionSignal"))


def _money(name: str, column: str) -> tuple[Prop, Prop]:
    return Prop(name, f"t.{column}"), Prop(name + "Original", _when(f"t.{column} IS NOT NULL", f"t.{column}_original"))


_EVENT_ID = "(t.project || '|' || t.stage || '|' || strftime(t.on_date, '%Y-%m-%d'))"
_EVENT = End(f"({_text(ID_BASE + 'event/')} || url_encode({_EVENT_ID}))", _EVENT_ID)
_TRANSFER_ID = "(t.project || '|' || strftime(t.on_date, '%Y-%m-%d') || '|' || t.to_district)"
_TRANSFER = End(f"({_text(ID_BASE + 'transfer/')} || url_encode({_TRANSFER_ID}))", _TRANSFER_ID)
_COMMITMENT_ID = ("(t.project || '|' || t.kind || '|' || t.record || '|' || strftime(t.on_date, '%Y-%m-%d') || '|' "
                  "|| CAST(t._row AS VARCHAR))")
_COMMITMENT = End(f"({_text(ID_BASE + 'commitment/')} || url_encode({_COMMITMENT_ID}))", _COMMITMENT_ID)
_OUTREACH_ID = ("(t.dataset || '|' || t.enterprise || '|' || strftime(t.on_date, '%Y-%m-%d') || '|' "
                "|| CAST(t._row AS VARCHAR))")
_OUTREACH = End(f"({_text(ID_BASE + 'outreach/')} || url_encode({_OUTREACH_ID}))", _OUTREACH_ID)
_TARGET_ID = "(CAST(t.year AS VARCHAR) || '|' || coalesce(t.district, ''))"
_TARGET = End(f"({_text(ID_BASE + 'target/')} || url_encode({_TARGET_ID}))", _TARGET_ID)

#: Every kind of node the tables hold (the ontology's own individuals are added by the callers).
NODES: tuple[NodeMap, ...] = (
    NodeMap("Dataset", minted("dataset", "t.dataset"), (
        Prop("name", "t.name"), _opt("asOf", "t.as_of"), _ILLUSTRATIVE), "{dataset} t"),
    NodeMap("IndustryCluster", minted("cluster", "t.id"), (
        Prop("name", "t.name"), _opt("nameEn", "t.name_en")), "{clusters} t"),
    NodeMap("IndustryChain", minted("chain", "t.id"), (
        Prop("name", "t.name"), _opt("nameEn", "t.name_en"), Prop("acyclic", "t.acyclic")), "{chains} t"),
    NodeMap("Link", minted("link", "t.id"), (
        Prop("name", "t.name"), _opt("nameEn", "t.name_en"),
        Prop("industryCode", _list_of("link_codes", "code"), many=True),
        Prop("keyword", _list_of("link_keywords", "keyword"), many=True),
        Prop("benchmarkEnterprises", _benchmark("enterprises")), Prop("benchmarkRevenue", _benchmark("revenue")),
        Prop("downstreamCount", "m.downstream_count"), Prop("criticality", "m.criticality")),
        f"{{links}} t LEFT JOIN {MEASURES_TABLE} m ON m.link = t.id"),
    *(NodeMap(term.extra[0], minted("district", "t.id"), (
        Prop("name", "t.name"), _opt("adminCode", "t.admin_code"), _opt("province", "t.province"), _ILLUSTRATIVE),
        "{districts} t", where=f"t.kind = {_text(term.code)}", extra=(term.extra[1], "District"))
      for term in DISTRICT_KINDS),
    NodeMap("Enterprise", minted("enterprise", "t.id"), (
        Prop("name", "t.name"), Prop("isLocal", "t.is_local"), _opt("creditCode", "t.credit_code"),
        *(_opt(name, f"t.{column}") for column, name in _ENTERPRISE_TEXT),
        *_money("revenue", "revenue"), *_money("registeredCapital", "registered_capital"), _opt("employees", "t.employees"),
        _opt("foundedOn", "t.founded"), *(Prop(name, f"t.{column}") for column, name in _FLAGS),
        _ILLUSTRATIVE), "{enterprises} t"),
    NodeMap("Project", minted("project", "t.id"), (
        Prop("name", "t.name"), _opt("signedOn", "t.signed_on"), _opt("agreement", "t.agreement"),
        Prop("investorName", _when("t.investor <> ''", "t.investor")), *_money("investment", "investment"),
        Prop("investmentOrigin", "pt.origin"), _opt("investmentCurrency", "pt.currency"),
        _opt("investmentUsd", "pt.investment_usd"), _opt("industryCode", "pt.industry_code"),
        Prop("manufacturing", "pt.manufacturing"), Prop("inKeyChain", "pt.key_chain"), _opt("landArea", "pt.land_mu"),
        _ILLUSTRATIVE),
        "{projects} t LEFT JOIN {project_terms} pt ON pt.dataset = t.dataset AND pt.project = t.id"),
    NodeMap("StageEvent", _EVENT, (Prop("onDate", "t.on_date"),), "{stage_events} t"),
    NodeMap("ProjectTransfer", _TRANSFER, (Prop("onDate", "t.on_date"), Prop("creditShare", "t.credit"), _ILLUSTRATIVE),
            "{project_transfers} t"),
    NodeMap("ProjectCommitment", _COMMITMENT, (Prop("commitmentKind", "t.kind"), Prop("commitmentRecord", "t.record"),
                                               Prop("onDate", "t.on_date"), Prop("commitmentAmount", "t.amount"),
                                               _ILLUSTRATIVE), "{project_commitments} t"),
    NodeMap("Outreach", _OUTREACH, (Prop("outreachKind", "t.kind"), Prop("onDate", "t.on_date"),
                                    Prop("outreachNote", _when("t.note <> ''", "t.note")), _ILLUSTRATIVE),
            "{outreach} t"),
    NodeMap("AnnualTarget", _TARGET, (Prop("targetYear", "t.year"), _opt("targetProjects", "t.projects"),
                                      _opt("targetInvestment", "t.investment"), _ILLUSTRATIVE), "{targets} t"),
    NodeMap("Product", minted("product", "t.id"), (Prop("name", "t.name"), _ILLUSTRATIVE), "{products} t"),
    NodeMap("Brand", minted("brand", "t.brand"), (Prop("name", "t.brand"),), "{products} t",
            where="t.brand IS NOT NULL"),
    NodeMap("Base", minted("base", "t.id"), (Prop("name", "t.name"), _ILLUSTRATIVE), "{bases} t"),
)

_SUPPLY = ("(SELECT dataset, supplier, customer, CASE WHEN count(product) = 0 THEN NULL "
           "ELSE list_sort(list_distinct(list(product) FILTER (WHERE product IS NOT NULL))) END AS products "
           "FROM {supply} GROUP BY dataset, supplier, customer) t")

#: One row per feeds-into edge, as the graph build's cg:FeedRelation (graph/build.py), over every
#: dataset: the largest weight, as the gap engines weigh an edge several datasets give.
_FEEDS = ("(SELECT max(dataset) AS dataset, source, target, max(weight) AS weight, min(evidence) AS evidence, "
          "max(confidence) AS confidence FROM {feeds} GROUP BY source, target) t")

#: Every kind of relationship the tables hold.
RELATIONSHIPS: tuple[RelationshipMap, ...] = (
    RelationshipMap("region", minted("dataset", "t.dataset"), minted("district", "t.region"), "{dataset} t",
                    "t.region IS NOT NULL"),
    RelationshipMap("hasChain", minted("cluster", "t.cluster"), minted("chain", "t.id"), "{chains} t",
                    "t.cluster IS NOT NULL"),
    RelationshipMap("hasLink", minted("chain", "t.chain"), minted("link", "t.id"), "{links} t"),
    RelationshipMap("inSegment", minted("link", "t.id"), individual(SEGMENTS, "t.segment"), "{links} t",
                    "t.segment IS NOT NULL"),
    RelationshipMap("subLinkOf", minted("link", "t.id"), minted("link", "t.parent"), "{links} t",
                    "t.parent IS NOT NULL"),
    RelationshipMap("feedsInto", minted("link", "t.source"), minted("link", "t.target"), _FEEDS,
                    props=(Prop("weight", "t.weight"), Prop("evidence", "t.evidence"), Prop("confidence", "t.confidence"))),
    RelationshipMap("partOf", minted("district", "t.id"), minted("district", "t.parent"), "{districts} t",
                    "t.parent IS NOT NULL"),
    RelationshipMap("locatedIn", minted("enterprise", "t.id"), minted("district", "t.district"), "{enterprises} t",
                    "t.district IS NOT NULL"),
    RelationshipMap("parentGroup", minted("enterprise", "t.id"), minted("enterprise", "t.parent_group"),
                    "{enterprises} t", "t.parent_group IS NOT NULL"),
    RelationshipMap("operatesIn", minted("enterprise", "t.enterprise"), minted("link", "t.link"), "{operations} t",
                    props=(Prop("share", "t.share"), Prop("assignedBy", "t.assigned_by"))),
    RelationshipMap("locatedIn", minted("project", "t.id"), minted("district", "t.district"), "{projects} t",
                    "t.district IS NOT NULL"),
    RelationshipMap("targetsChain", minted("project", "t.id"), minted("chain", "t.chain"), "{projects} t",
                    "t.chain IS NOT NULL"),
    RelationshipMap("hasInvestor", minted("project", "t.id"), minted("enterprise", "t.investor_id"), "{projects} t",
                    "t.investor_id IS NOT NULL"),
    RelationshipMap("currentStage", minted("project", "t.id"), individual(STAGES, "t.stage"), "{projects} t",
                    "t.stage IS NOT NULL"),
    RelationshipMap("targetsLink", minted("project", "t.project"), minted("link", "t.link"), "{project_links} t"),
    RelationshipMap("hasStageEvent", minted("project", "t.project"), _EVENT, "{stage_events} t"),
    RelationshipMap("stage", _EVENT, individual(STAGES, "t.stage"), "{stage_events} t"),
    RelationshipMap("hasTransfer", minted("project", "t.project"), _TRANSFER, "{project_transfers} t"),
    RelationshipMap("hasCommitment", minted("project", "t.project"), _COMMITMENT, "{project_commitments} t"),
    RelationshipMap("hasOutreach", minted("enterprise", "t.enterprise"), _OUTREACH, "{outreach} t"),
    RelationshipMap("recordedIn", _OUTREACH, minted("dataset", "t.dataset"), "{outreach} t"),
    RelationshipMap("fromDistrict", _TRANSFER, minted("district", "t.from_district"), "{project_transfers} t"),
    RelationshipMap("toDistrict", _TRANSFER, minted("district", "t.to_district"), "{project_transfers} t"),
    RelationshipMap("targetDistrict", _TARGET, minted("district", "t.district"), "{targets} t", "t.district IS NOT NULL"),
    RelationshipMap("makes", minted("enterprise", "t.enterprise"), minted("product", "t.id"), "{products} t"),
    RelationshipMap("productOfLink", minted("product", "t.id"), minted("link", "t.link"), "{products} t"),
    RelationshipMap("hasBrand", minted("product", "t.id"), minted("brand", "t.brand"), "{products} t",
                    "t.brand IS NOT NULL"),
    RelationshipMap("suppliesTo", minted("enterprise", "t.supplier"), minted("enterprise", "t.customer"), _SUPPLY,
                    props=(Prop("suppliedProduct", "t.products", many=True),)),
    RelationshipMap("locatedIn", minted("base", "t.id"), minted("district", "t.district"), "{bases} t"),
    RelationshipMap("baseForChain", minted("base", "t.id"), minted("chain", "t.chain"), "{bases} t"),
)


def labels_of(node: NodeMap, schema: PropertyGraphSchema | None = None) -> tuple[str, ...]:
    """The Neo4j labels of a node map's nodes (the rule's ``labels_for``)."""
    return (schema or property_graph_schema()).labels_for({node.cls, *node.extra})


def check(schema: PropertyGraphSchema | None = None) -> None:
    """Refuse a mapping that names anything the ontology does not (or as the wrong kind)."""
    schema = schema or property_graph_schema()
    for node in NODES:
        if node.cls not in schema.labels or not set(node.extra) <= schema.labels:
            raise ValueError(f"{node.cls}: not a class of the ontology")
        _check_props(node.cls, node.props, schema)
    for rel in RELATIONSHIPS:
        if rel.prop not in schema.relationship_types:
            raise ValueError(f"{rel.prop}: not an object property of the ontology")
        _check_props(rel.prop, rel.props, schema, ids=True)


def _check_props(owner: str, props: tuple[Prop, ...], schema: PropertyGraphSchema, ids: bool = False) -> None:
    """Datatype properties as the ontology has them; on a relationship also the ids list of
    an object property of its qualified form (``suppliedProduct`` of a supply relation)."""
    for prop in props:
        cypher_name(prop.name)
        if ids and prop.many and prop.name in schema.relationship_types:
            continue
        if prop.name not in schema.datatype_properties:
            raise ValueError(f"{owner}.{prop.name}: not a datatype property of the ontology")
        if prop.many and prop.name not in schema.list_properties:
            raise ValueError(f"{owner}.{prop.name}: a list, but the ontology makes it a single value")


def _value(prop: Prop, schema: PropertyGraphSchema) -> str:
    if prop.name in schema.list_properties and not prop.many:
        return f"(CASE WHEN {prop.sql} IS NULL THEN NULL ELSE [{prop.sql}] END)"
    return prop.sql


def _refs(scoped: bool) -> dict[str, str]:
    from chaingap.loaders.tables_of_record import TABLES

    if not scoped:
        return {table: table for table in TABLES}
    return {table: f"(SELECT * FROM {table} WHERE dataset IN (SELECT dataset FROM {SCOPE_TABLE}))"
            for table in TABLES}


def node_sql(node: NodeMap, scoped: bool = False, schema: PropertyGraphSchema | None = None) -> str:
    """``SELECT iri, id, <one column per property>`` of the node map, one row per IRI, in IRI order."""
    schema = schema or property_graph_schema()
    refs = _refs(scoped)
    columns = ", ".join(f'{_value(p, schema).format(**refs)} AS "{p.name}"' for p in node.props)
    where = f" WHERE {node.where}" if node.where else ""
    names = ", ".join(f'"{p.name}"' for p in node.props)
    return (f"SELECT iri, id, {names} FROM (SELECT {node.end.iri} AS iri, {node.end.id} AS id, {columns}, "
            f"t.dataset AS _dataset FROM {node.source.format(**refs)}{where}) "
            f"QUALIFY row_number() OVER (PARTITION BY iri ORDER BY _dataset DESC) = 1 ORDER BY iri")


def relationship_sql(rel: RelationshipMap, scoped: bool = False, schema: PropertyGraphSchema | None = None) -> str:
    """``SELECT source, target, source_id, target_id, <properties>``: one row per pair of ends, in order."""
    schema = schema or property_graph_schema()
    refs = _refs(scoped)
    columns = "".join(f', {_value(p, schema).format(**refs)} AS "{p.name}"' for p in rel.props)
    names = "".join(f', "{p.name}"' for p in rel.props)
    where = f" WHERE {rel.where}" if rel.where else ""
    return (f"SELECT source, target, source_id, target_id{names} FROM (SELECT {rel.start.iri} AS source, "
            f"{rel.end.iri} AS target, {rel.start.id} AS source_id, {rel.end.id} AS target_id{columns}, "
            f"t.dataset AS _dataset FROM {rel.source.format(**refs)}{where}) "
            f"QUALIFY row_number() OVER (PARTITION BY source, target ORDER BY _dataset DESC) = 1 "
            f"ORDER BY source, target")

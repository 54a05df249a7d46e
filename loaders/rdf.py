"""Map a validated dataset to RDF: one stream of triples, two outputs.

``dataset_quads`` builds pyoxigraph ``Quad`` objects; ``write_nquads`` writes the same
statements as N-Quads text for pyoxigraph's bulk loader. Only ``CG`` terms (plus rdf:type,
rdfs:label, prov:Entity and dcterms:source named in docs/architecture.md) are used, and
every resource IRI is minted by ``chaingap.ontology.terms.iri``.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import IO, TYPE_CHECKING, NamedTuple

import pyoxigraph as ox

from chaingap.ontology.namespace import CG
from chaingap.ontology.terms import iri

from .money import Money, canonical_decimal
from .records import FLAG_COLUMNS, EnterpriseRecord, fill_shares
from .vocab import DISTRICT_KINDS, STAGES

if TYPE_CHECKING:
    from .dataset import LoadedDataset

__all__ = ["Lit", "dataset_triples", "dataset_quads", "write_nquads"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PROV_ENTITY = "http://www.w3.org/ns/prov#Entity"
DCT_SOURCE = "http://purl.org/dc/terms/source"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING, XSD_DECIMAL, XSD_BOOLEAN = XSD + "string", XSD + "decimal", XSD + "boolean"
XSD_DATE, XSD_INTEGER = XSD + "date", XSD + "integer"


class Lit(NamedTuple):
    """A literal: lexical form plus a datatype IRI or a language tag."""

    value: str
    datatype: str = XSD_STRING
    language: str | None = None


TRUE, FALSE = Lit("true", XSD_BOOLEAN), Lit("false", XSD_BOOLEAN)
Triple = tuple[str, str, "str | Lit"]


class _P:
    """CG IRIs as plain strings, looked up once (``CG.x`` checks the closed namespace)."""

    def __getattr__(self, name: str) -> str:
        value = str(getattr(CG, name))
        setattr(self, name, value)
        return value


P = _P()


def _decimal(value: Decimal) -> Lit:
    return Lit(canonical_decimal(value), XSD_DECIMAL)


def _named(subject: str, kind_class: str, name: str) -> Iterator[Triple]:
    yield subject, RDF_TYPE, kind_class
    yield subject, P.name, Lit(name)
    yield subject, RDFS_LABEL, Lit(name, language="zh")


def _provenance(subject: str, illustrative: bool, source: str) -> Iterator[Triple]:
    if illustrative:
        yield subject, P.illustrative, TRUE
    if source:
        yield subject, DCT_SOURCE, Lit(source)


def _money(subject: str, value_property: str, original_property: str, money: Money | None) -> Iterator[Triple]:
    if money is not None:
        yield subject, value_property, _decimal(money.wan_yuan)
        yield subject, original_property, Lit(money.original)


def dataset_triples(dataset: LoadedDataset) -> Iterator[Triple]:
    """Every statement of the dataset, in a deterministic order."""
    yield from _dataset_node(dataset)
    yield from _chain_triples(dataset)
    yield from _district_triples(dataset)
    resolve = dataset.resolve_enterprise
    for record in dataset.enterprise_records():
        yield from _enterprise_triples(record, resolve)
    yield from _project_triples(dataset)
    yield from _small_table_triples(dataset)


def _dataset_node(dataset: LoadedDataset) -> Iterator[Triple]:
    node = iri("dataset", dataset.id)
    yield from _named(node, P.Dataset, dataset.name)
    yield node, RDF_TYPE, PROV_ENTITY
    if dataset.region:
        yield node, P.region, iri("district", dataset.region)
    if dataset.as_of:
        yield node, P.asOf, Lit(dataset.as_of.isoformat(), XSD_DATE)
    yield from _provenance(node, dataset.illustrative, dataset.source)


def _chain_triples(dataset: LoadedDataset) -> Iterator[Triple]:
    chains = dataset.chains
    for cluster in chains.clusters.values():
        node = iri("cluster", cluster.id)
        yield from _named(node, P.IndustryCluster, cluster.name)
        if cluster.name_en:
            yield node, P.nameEn, Lit(cluster.name_en)
        for chain_id in cluster.chains:
            yield node, P.hasChain, iri("chain", chain_id)
    for chain in chains.chains.values():
        node = iri("chain", chain.id)
        yield from _named(node, P.IndustryChain, chain.name)
        if chain.name_en:
            yield node, P.nameEn, Lit(chain.name_en)
        yield node, P.acyclic, TRUE if chain.acyclic else FALSE
        for link_id in chain.links:
            yield node, P.hasLink, iri("link", link_id)
        for source, target in chain.feeds:
            yield iri("link", source), P.feedsInto, iri("link", target)
    for link in chains.links.values():
        node = iri("link", link.id)
        yield from _named(node, P.Link, link.name)
        if link.name_en:
            yield node, P.nameEn, Lit(link.name_en)
        if link.segment:
            yield node, P.inSegment, getattr(P, link.segment)
        if link.parent:
            yield node, P.subLinkOf, iri("link", link.parent)
        for code in link.codes:
            yield node, P.industryCode, Lit(code)
        for keyword in link.keywords:
            yield node, P.keyword, Lit(keyword)


def _district_triples(dataset: LoadedDataset) -> Iterator[Triple]:
    for district in dataset.districts.values():
        node = iri("district", district.id)
        specific, broader, _ = DISTRICT_KINDS[district.kind]
        yield from _named(node, getattr(P, specific), district.name)
        for extra in dict.fromkeys((broader, "District")):
            if extra != specific:
                yield node, RDF_TYPE, getattr(P, extra)
        if district.parent:
            yield node, P.partOf, iri("district", district.parent)
        if district.admin_code:
            yield node, P.adminCode, Lit(district.admin_code)
        yield from _provenance(node, district.illustrative, district.source)


def _enterprise_triples(record: EnterpriseRecord, resolve) -> Iterator[Triple]:
    node = iri("enterprise", record.id)
    yield from _named(node, P.Enterprise, record.name)
    yield node, P.isLocal, TRUE if record.is_local else FALSE
    if record.credit_code:
        yield node, P.creditCode, Lit(record.credit_code)
    for column, prop in (("province", P.province), ("city", P.city), ("county", P.county),
                         ("address", P.address), ("business_scope", P.businessScope),
                         ("industry_code", P.industryCode), ("expansion_signal", P.expansionSignal)):
        value = getattr(record, column)
        if value:
            yield node, prop, Lit(value)
    if record.district:
        yield node, P.locatedIn, iri("district", record.district)
    yield from _money(node, P.revenue, P.revenueOriginal, record.revenue)
    yield from _money(node, P.registeredCapital, P.registeredCapitalOriginal, record.registered_capital)
    if record.founded:
        yield node, P.foundedOn, Lit(record.founded.isoformat(), XSD_DATE)
    for column, local in FLAG_COLUMNS.items():
        yield node, getattr(P, local), TRUE if record.flags.get(column) else FALSE
    for link_id, share in fill_shares(record.links):
        link = iri("link", link_id)
        operation = iri("operation", f"{record.id}|{link_id}")
        yield node, P.operatesIn, link
        yield node, P.hasOperation, operation
        yield operation, RDF_TYPE, P.Operation
        yield operation, P.operationLink, link
        yield operation, P.share, _decimal(share)
        yield operation, P.assignedBy, Lit(record.method or "table")
    if record.parent_group:
        groups = resolve(record.parent_group)
        if len(groups) == 1 and groups[0] != record.id:
            yield node, P.parentGroup, iri("enterprise", groups[0])
    yield from _provenance(node, record.illustrative, record.source)


def _project_triples(dataset: LoadedDataset) -> Iterator[Triple]:
    for project in dataset.projects.values():
        node = iri("project", project.id)
        yield from _named(node, P.Project, project.name)
        if project.district:
            yield node, P.locatedIn, iri("district", project.district)
        for link_id in project.links:
            yield node, P.targetsLink, iri("link", link_id)
        if project.chain:
            yield node, P.targetsChain, iri("chain", project.chain)
        if project.signed_on:
            yield node, P.signedOn, Lit(project.signed_on.isoformat(), XSD_DATE)
        if project.agreement:
            yield node, P.agreement, Lit(project.agreement)
        if project.investor:
            yield node, P.investorName, Lit(project.investor)
        if project.investor_id:
            yield node, P.hasInvestor, iri("enterprise", project.investor_id)
        yield from _money(node, P.investment, P.investmentOriginal, project.investment)
        if project.stage:
            yield node, P.currentStage, getattr(P, STAGES[project.stage][0])
        for stage, date in project.events:
            event = iri("event", f"{project.id}|{stage}|{date.isoformat()}")
            yield node, P.hasStageEvent, event
            yield event, RDF_TYPE, P.StageEvent
            yield event, P.stage, getattr(P, STAGES[stage][0])
            yield event, P.onDate, Lit(date.isoformat(), XSD_DATE)
        yield from _provenance(node, project.illustrative, project.source)


def _small_table_triples(dataset: LoadedDataset) -> Iterator[Triple]:
    for product in dataset.products:
        node = iri("product", product["id"])
        yield from _named(node, P.Product, product["name"])
        yield iri("enterprise", product["enterprise"]), P.makes, node
        yield node, P.productOfLink, iri("link", product["link"])
        if product["brand"]:
            brand = iri("brand", product["brand"])
            yield node, P.hasBrand, brand
            yield from _named(brand, P.Brand, product["brand"])
        yield from _provenance(node, product["illustrative"], product["source"])
    for supplier, customer, product in dataset.supply:
        supplier_node, customer_node = iri("enterprise", supplier), iri("enterprise", customer)
        yield supplier_node, P.suppliesTo, customer_node
        relation = iri("supply", f"{supplier}|{customer}|{product or ''}")
        yield relation, RDF_TYPE, P.SupplyRelation
        yield relation, P.supplier, supplier_node
        yield relation, P.customer, customer_node
        if product:
            yield relation, P.suppliedProduct, iri("product", product)
    for base in dataset.bases:
        node = iri("base", base["id"])
        yield from _named(node, P.Base, base["name"])
        yield node, P.locatedIn, iri("district", base["district"])
        yield node, P.baseForChain, iri("chain", base["chain"])
        yield from _provenance(node, base["illustrative"], base["source"])
    for benchmark in dataset.benchmarks:
        node = iri("link", benchmark["link"])
        if benchmark["enterprises"] is not None:
            yield node, P.benchmarkEnterprises, Lit(str(benchmark["enterprises"]), XSD_INTEGER)
        if benchmark["revenue"] is not None:
            yield node, P.benchmarkRevenue, _decimal(benchmark["revenue"].wan_yuan)


def dataset_quads(dataset: LoadedDataset) -> Iterator[ox.Quad]:
    """pyoxigraph quads of :func:`dataset_triples` in the dataset's named graph."""
    graph = ox.NamedNode(dataset.graph_iri)
    cache: dict[str, ox.NamedNode] = {}
    datatypes: dict[str, ox.NamedNode] = {}
    last_subject, subject_node = "", None
    Quad, NamedNode, Literal = ox.Quad, ox.NamedNode, ox.Literal
    for subject, predicate, obj in dataset_triples(dataset):
        if subject != last_subject:
            last_subject, subject_node = subject, NamedNode(subject)
        predicate_node = cache.get(predicate)
        if predicate_node is None:
            predicate_node = cache[predicate] = NamedNode(predicate)
        if obj.__class__ is Lit:
            if obj.language:
                object_node = Literal(obj.value, language=obj.language)
            else:
                datatype = datatypes.get(obj.datatype)
                if datatype is None:
                    datatype = datatypes[obj.datatype] = NamedNode(obj.datatype)
                object_node = Literal(obj.value, datatype=datatype)
        else:
            object_node = cache.get(obj)
            if object_node is None:
                if len(cache) > 100_000:
                    cache.clear()
                object_node = cache[obj] = NamedNode(obj)
        yield Quad(subject_node, predicate_node, object_node, graph)


def _escape(text: str) -> str:
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if '"' in text:
        text = text.replace('"', '\\"')
    if "\n" in text or "\r" in text:
        text = text.replace("\n", "\\n").replace("\r", "\\r")
    return text


def write_nquads(dataset: LoadedDataset, stream: IO[bytes], batch: int = 10_000) -> int:
    """Write :func:`dataset_triples` as N-Quads to a binary stream; returns the number written."""
    graph = f"<{dataset.graph_iri}> .\n"
    lines: list[str] = []
    count = 0
    for subject, predicate, obj in dataset_triples(dataset):
        if obj.__class__ is Lit:
            if obj.language:
                term = f'"{_escape(obj.value)}"@{obj.language}'
            elif obj.datatype == XSD_STRING:
                term = f'"{_escape(obj.value)}"'
            else:
                term = f'"{_escape(obj.value)}"^^<{obj.datatype}>'
        else:
            term = f"<{obj}>"
        lines.append(f"<{subject}> <{predicate}> {term} {graph}")
        if len(lines) >= batch:
            stream.write("".join(lines).encode("utf-8"))
            count += len(lines)
            lines.clear()
    stream.write("".join(lines).encode("utf-8"))
    return count + len(lines)

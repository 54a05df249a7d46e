"""Map a validated dataset to RDF, rendered straight to N-Quads text.

Building pyoxigraph ``Quad`` objects one by one from Python costs several microseconds each
(the object term goes through a union conversion), while pyoxigraph's own N-Quads parser
makes them several times faster. So statements are rendered once as N-Quads lines;
``write_nquads`` streams the text (for ``Store.bulk_load``) and ``dataset_quads`` parses it
back in batches. Only ``CG`` terms (plus rdf:type, rdfs:label, prov:Entity and
dcterms:source, named in docs/architecture.md) are used; resource IRIs are exactly those of
``chaingap.ontology.terms.iri``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import IO, TYPE_CHECKING
from urllib.parse import quote

import pyoxigraph as ox

from chaingap.ontology.namespace import CG, ID_BASE
from chaingap.ontology.terms import KINDS

from .money import Money, canonical_decimal
from .records import FLAG_COLUMNS, EnterpriseRecord, fill_shares
from .vocab import DISTRICT_KINDS, STAGES

if TYPE_CHECKING:
    from .dataset import LoadedDataset

__all__ = ["ref", "dataset_lines", "dataset_quads", "write_nquads"]

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
PROV_ENTITY = "<http://www.w3.org/ns/prov#Entity>"
DCT_SOURCE = "<http://purl.org/dc/terms/source>"
_DECIMAL, _DATE, _INTEGER = f"^^<{XSD}decimal>", f"^^<{XSD}date>", f"^^<{XSD}integer>"
TRUE, FALSE = f'"true"^^<{XSD}boolean>', f'"false"^^<{XSD}boolean>'
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")


class _Terms:
    """``<iri>`` of each CG term, looked up once (``CG.x`` checks the closed namespace)."""

    def __getattr__(self, name: str) -> str:
        value = f"<{getattr(CG, name)}>"
        setattr(self, name, value)
        return value


P = _Terms()


def ref(kind: str, id_: str) -> str:
    """``<iri>`` of a resource: the same IRI as ``terms.iri`` (tested), with a fast path for plain ids."""
    if kind not in KINDS:
        raise ValueError(f"unknown resource kind {kind!r}")
    text = str(id_)
    if not _UNRESERVED.fullmatch(text):
        text = quote(text, safe="")
    return f"<{ID_BASE}{kind}/{text}>"


def text(value: str) -> str:
    """An xsd:string literal in N-Quads syntax."""
    if "\\" in value or '"' in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{value}"'


def decimal(value: Decimal) -> str:
    return f'"{canonical_decimal(value)}"{_DECIMAL}'


def _named(lines: list[str], subject: str, kind_class: str, name: str) -> None:
    literal = text(name)
    lines.append(f"{subject} {RDF_TYPE} {kind_class}")
    lines.append(f"{subject} {P.name} {literal}")
    lines.append(f"{subject} {RDFS_LABEL} {literal}@zh")


def _provenance(lines: list[str], subject: str, illustrative: bool, source: str) -> None:
    if illustrative:
        lines.append(f"{subject} {P.illustrative} {TRUE}")
    if source:
        lines.append(f"{subject} {DCT_SOURCE} {text(source)}")


def _money(lines: list[str], subject: str, value_property: str, original_property: str, money: Money | None) -> None:
    if money is not None:
        lines.append(f"{subject} {value_property} {decimal(money.wan_yuan)}")
        lines.append(f"{subject} {original_property} {text(money.original)}")


def dataset_lines(dataset: LoadedDataset) -> Iterator[list[str]]:
    """Batches of ``subject predicate object`` strings (N-Quads terms, no graph, no dot)."""
    for part in (_dataset_node, _chain_lines, _district_lines):
        yield part(dataset)
    resolve = dataset.resolve_enterprise
    batch: list[str] = []
    for record in dataset.enterprise_records():
        _enterprise_lines(batch, record, resolve)
        if len(batch) >= 20_000:
            yield batch
            batch = []
    yield batch
    yield _project_lines(dataset)
    yield _small_table_lines(dataset)


def _dataset_node(dataset: LoadedDataset) -> list[str]:
    lines: list[str] = []
    node = ref("dataset", dataset.id)
    _named(lines, node, P.Dataset, dataset.name)
    lines.append(f"{node} {RDF_TYPE} {PROV_ENTITY}")
    if dataset.region:
        lines.append(f"{node} {P.region} {ref('district', dataset.region)}")
    if dataset.as_of:
        lines.append(f'{node} {P.asOf} "{dataset.as_of.isoformat()}"{_DATE}')
    _provenance(lines, node, dataset.illustrative, dataset.source)
    return lines


def _chain_lines(dataset: LoadedDataset) -> list[str]:
    lines: list[str] = []
    chains = dataset.chains
    for cluster in chains.clusters.values():
        node = ref("cluster", cluster.id)
        _named(lines, node, P.IndustryCluster, cluster.name)
        if cluster.name_en:
            lines.append(f"{node} {P.nameEn} {text(cluster.name_en)}")
        lines.extend(f"{node} {P.hasChain} {ref('chain', chain_id)}" for chain_id in cluster.chains)
    for chain in chains.chains.values():
        node = ref("chain", chain.id)
        _named(lines, node, P.IndustryChain, chain.name)
        if chain.name_en:
            lines.append(f"{node} {P.nameEn} {text(chain.name_en)}")
        lines.append(f"{node} {P.acyclic} {TRUE if chain.acyclic else FALSE}")
        lines.extend(f"{node} {P.hasLink} {ref('link', link_id)}" for link_id in chain.links)
        lines.extend(f"{ref('link', source)} {P.feedsInto} {ref('link', target)}" for source, target in chain.feeds)
    for link in chains.links.values():
        node = ref("link", link.id)
        _named(lines, node, P.Link, link.name)
        if link.name_en:
            lines.append(f"{node} {P.nameEn} {text(link.name_en)}")
        if link.segment:
            lines.append(f"{node} {P.inSegment} {getattr(P, link.segment)}")
        if link.parent:
            lines.append(f"{node} {P.subLinkOf} {ref('link', link.parent)}")
        lines.extend(f"{node} {P.industryCode} {text(code)}" for code in link.codes)
        lines.extend(f"{node} {P.keyword} {text(keyword)}" for keyword in link.keywords)
    return lines


def _district_lines(dataset: LoadedDataset) -> list[str]:
    lines: list[str] = []
    for district in dataset.districts.values():
        node = ref("district", district.id)
        specific, broader, _ = DISTRICT_KINDS[district.kind]
        _named(lines, node, getattr(P, specific), district.name)
        for extra in dict.fromkeys((broader, "District")):
            if extra != specific:
                lines.append(f"{node} {RDF_TYPE} {getattr(P, extra)}")
        if district.parent:
            lines.append(f"{node} {P.partOf} {ref('district', district.parent)}")
        if district.admin_code:
            lines.append(f"{node} {P.adminCode} {text(district.admin_code)}")
        _provenance(lines, node, district.illustrative, district.source)
    return lines


_TEXT_COLUMNS = (("province", "province"), ("city", "city"), ("county", "county"), ("address", "address"),
                 ("business_scope", "businessScope"), ("industry_code", "industryCode"),
                 ("expansion_signal", "expansionSignal"))


def _enterprise_lines(lines: list[str], record: EnterpriseRecord, resolve: Callable[[str], list[str]]) -> None:
    node = ref("enterprise", record.id)
    add = lines.append
    _named(lines, node, P.Enterprise, record.name)
    add(f"{node} {P.isLocal} {TRUE if record.is_local else FALSE}")
    if record.credit_code:
        add(f"{node} {P.creditCode} {text(record.credit_code)}")
    for column, local in _TEXT_COLUMNS:
        value = getattr(record, column)
        if value:
            add(f"{node} {getattr(P, local)} {text(value)}")
    if record.district:
        add(f"{node} {P.locatedIn} {ref('district', record.district)}")
    _money(lines, node, P.revenue, P.revenueOriginal, record.revenue)
    _money(lines, node, P.registeredCapital, P.registeredCapitalOriginal, record.registered_capital)
    if record.founded:
        add(f'{node} {P.foundedOn} "{record.founded.isoformat()}"{_DATE}')
    for column, local in FLAG_COLUMNS.items():
        add(f"{node} {getattr(P, local)} {TRUE if record.flags.get(column) else FALSE}")
    method = text(record.method or "table")
    for link_id, share in fill_shares(record.links):
        link = ref("link", link_id)
        operation = ref("operation", f"{record.id}|{link_id}")
        add(f"{node} {P.operatesIn} {link}")
        add(f"{node} {P.hasOperation} {operation}")
        add(f"{operation} {RDF_TYPE} {P.Operation}")
        add(f"{operation} {P.operationLink} {link}")
        add(f"{operation} {P.share} {decimal(share)}")
        add(f"{operation} {P.assignedBy} {method}")
    if record.parent_group:
        groups = resolve(record.parent_group)
        if len(groups) == 1 and groups[0] != record.id:
            add(f"{node} {P.parentGroup} {ref('enterprise', groups[0])}")
    _provenance(lines, node, record.illustrative, record.source)


def _project_lines(dataset: LoadedDataset) -> list[str]:
    lines: list[str] = []
    for project in dataset.projects.values():
        node = ref("project", project.id)
        _named(lines, node, P.Project, project.name)
        if project.district:
            lines.append(f"{node} {P.locatedIn} {ref('district', project.district)}")
        lines.extend(f"{node} {P.targetsLink} {ref('link', link_id)}" for link_id in project.links)
        if project.chain:
            lines.append(f"{node} {P.targetsChain} {ref('chain', project.chain)}")
        if project.signed_on:
            lines.append(f'{node} {P.signedOn} "{project.signed_on.isoformat()}"{_DATE}')
        if project.agreement:
            lines.append(f"{node} {P.agreement} {text(project.agreement)}")
        if project.investor:
            lines.append(f"{node} {P.investorName} {text(project.investor)}")
        if project.investor_id:
            lines.append(f"{node} {P.hasInvestor} {ref('enterprise', project.investor_id)}")
        _money(lines, node, P.investment, P.investmentOriginal, project.investment)
        if project.stage:
            lines.append(f"{node} {P.currentStage} {getattr(P, STAGES[project.stage][0])}")
        for stage, date in project.events:
            event = ref("event", f"{project.id}|{stage}|{date.isoformat()}")
            lines.append(f"{node} {P.hasStageEvent} {event}")
            lines.append(f"{event} {RDF_TYPE} {P.StageEvent}")
            lines.append(f"{event} {P.stage} {getattr(P, STAGES[stage][0])}")
            lines.append(f'{event} {P.onDate} "{date.isoformat()}"{_DATE}')
        _provenance(lines, node, project.illustrative, project.source)
    return lines


def _small_table_lines(dataset: LoadedDataset) -> list[str]:
    lines: list[str] = []
    for product in dataset.products:
        node = ref("product", product["id"])
        _named(lines, node, P.Product, product["name"])
        lines.append(f"{ref('enterprise', product['enterprise'])} {P.makes} {node}")
        lines.append(f"{node} {P.productOfLink} {ref('link', product['link'])}")
        if product["brand"]:
            brand = ref("brand", product["brand"])
            lines.append(f"{node} {P.hasBrand} {brand}")
            _named(lines, brand, P.Brand, product["brand"])
        _provenance(lines, node, product["illustrative"], product["source"])
    for supplier, customer, product, *_ in dataset.supply:
        supplier_node, customer_node = ref("enterprise", supplier), ref("enterprise", customer)
        relation = ref("supply", f"{supplier}|{customer}|{product or ''}")
        lines.append(f"{supplier_node} {P.suppliesTo} {customer_node}")
        lines.append(f"{relation} {RDF_TYPE} {P.SupplyRelation}")
        lines.append(f"{relation} {P.supplier} {supplier_node}")
        lines.append(f"{relation} {P.customer} {customer_node}")
        if product:
            lines.append(f"{relation} {P.suppliedProduct} {ref('product', product)}")
    for base in dataset.bases:
        node = ref("base", base["id"])
        _named(lines, node, P.Base, base["name"])
        lines.append(f"{node} {P.locatedIn} {ref('district', base['district'])}")
        lines.append(f"{node} {P.baseForChain} {ref('chain', base['chain'])}")
        _provenance(lines, node, base["illustrative"], base["source"])
    for benchmark in dataset.benchmarks:
        node = ref("link", benchmark["link"])
        if benchmark["enterprises"] is not None:
            lines.append(f'{node} {P.benchmarkEnterprises} "{benchmark["enterprises"]}"{_INTEGER}')
        if benchmark["revenue"] is not None:
            lines.append(f"{node} {P.benchmarkRevenue} {decimal(benchmark['revenue'].wan_yuan)}")
    return lines


def _chunks(dataset: LoadedDataset) -> Iterator[tuple[bytes, int]]:
    """N-Quads bytes per batch, and the number of statements in it."""
    suffix = f" <{dataset.graph_iri}> .\n"
    for lines in dataset_lines(dataset):
        if lines:
            yield (suffix.join(lines) + suffix).encode("utf-8"), len(lines)


def write_nquads(dataset: LoadedDataset, stream: IO[bytes]) -> int:
    """Write every statement as N-Quads to a binary stream; returns how many were written."""
    count = 0
    for chunk, size in _chunks(dataset):
        stream.write(chunk)
        count += size
    return count


def dataset_quads(dataset: LoadedDataset) -> Iterator[ox.Quad]:
    """pyoxigraph quads of the dataset's named graph, in a stable order.

    The text is parsed leniently (no IRI re-validation): every IRI comes from :func:`ref`
    or the closed ``CG`` namespace and every literal from :func:`text`, both tested.
    """
    for chunk, _ in _chunks(dataset):
        yield from ox.parse(chunk, format=ox.RdfFormat.N_QUADS, lenient=True)

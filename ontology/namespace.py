"""The closed Python namespace of chaingap's ontology terms.

A typo such as ``CG.Enterprize`` raises instead of minting a silent new IRI.
``tests/test_ontology.py`` checks that every name here is declared in ``chaingap.ttl``
and every term declared there is listed here, so the two cannot drift.
"""

import re

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["CG", "CG_NS", "CGD_NS", "ID_BASE", "GRAPH_BASE", "XSD", "RDF", "RDFS", "PREFIXES", "sparql_prefixes"]

CG_NS = "https://w3id.org/chaingap/ontology#"
#: Terms of facts chaingap derives (never loaded from data).
CGD_NS = "https://w3id.org/chaingap/derived#"
ID_BASE = "https://w3id.org/chaingap/id/"
GRAPH_BASE = "https://w3id.org/chaingap/graph/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

#: The one prefix table: every SPARQL text chaingap runs or shows may use these undeclared
#: (the embedded store, SPARQL servers, exports and the docs all read this table).
PREFIXES = {
    "cg": CG_NS,
    "cgd": CGD_NS,
    "xsd": XSD,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
}


def sparql_prefixes(text: str = "") -> str:
    """``PREFIX`` lines for the table, for servers that take no prefix option (skipping any ``text`` declares)."""
    declared = {match.lower() for match in re.findall(r"(?i)PREFIX\s+([A-Za-z][\w-]*)?:", text)}
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items() if name not in declared)


class CG(DefinedNamespace):
    """Terms of ``ontology/chaingap.ttl``."""

    _NS = Namespace(CG_NS)
    _fail = True

    # classes
    IndustryCluster: URIRef
    IndustryChain: URIRef
    Segment: URIRef
    Link: URIRef
    Product: URIRef
    Brand: URIRef
    Enterprise: URIRef
    Project: URIRef
    ProjectStage: URIRef
    StageEvent: URIRef
    Operation: URIRef
    SupplyRelation: URIRef
    FeedRelation: URIRef
    District: URIRef
    AdministrativeDistrict: URIRef
    Province: URIRef
    City: URIRef
    CountyLevelCity: URIRef
    UrbanDistrict: URIRef
    County: URIRef
    FunctionalZone: URIRef
    DevelopmentZone: URIRef
    HighTechZone: URIRef
    Park: URIRef
    Base: URIRef
    Dataset: URIRef
    ProjectTransfer: URIRef
    ProjectCommitment: URIRef
    Outreach: URIRef
    AnnualTarget: URIRef

    # concept schemes and individuals
    SegmentScheme: URIRef
    StageScheme: URIRef
    upstream: URIRef
    midstream: URIRef
    downstream: URIRef
    preEvaluation: URIRef
    signed: URIRef
    landed: URIRef
    started: URIRef
    inDatabase: URIRef
    inStatistics: URIRef
    producing: URIRef
    reachedOutput: URIRef

    # object properties
    hasChain: URIRef
    hasLink: URIRef
    inSegment: URIRef
    subLinkOf: URIRef
    feedsInto: URIRef
    feedSource: URIRef
    feedTarget: URIRef
    operatesIn: URIRef
    hasOperation: URIRef
    operationLink: URIRef
    locatedIn: URIRef
    partOf: URIRef
    suppliesTo: URIRef
    parentGroup: URIRef
    targetsLink: URIRef
    hasInvestor: URIRef
    currentStage: URIRef
    hasStageEvent: URIRef
    stage: URIRef
    makes: URIRef
    productOfLink: URIRef
    hasBrand: URIRef
    baseForChain: URIRef
    region: URIRef
    targetsChain: URIRef
    supplier: URIRef
    customer: URIRef
    hasTransfer: URIRef
    hasCommitment: URIRef
    hasOutreach: URIRef
    recordedIn: URIRef
    fromDistrict: URIRef
    toDistrict: URIRef
    targetDistrict: URIRef
    suppliedProduct: URIRef

    # datatype properties
    name: URIRef
    nameEn: URIRef
    industryCode: URIRef
    keyword: URIRef
    creditCode: URIRef
    adminCode: URIRef
    province: URIRef
    city: URIRef
    county: URIRef
    address: URIRef
    businessScope: URIRef
    revenue: URIRef
    revenueOriginal: URIRef
    registeredCapital: URIRef
    registeredCapitalOriginal: URIRef
    employees: URIRef
    foundedOn: URIRef
    isLocal: URIRef
    isListed: URIRef
    isSpecialised: URIRef
    isHighTech: URIRef
    isAboveScale: URIRef
    isChainLeader: URIRef
    share: URIRef
    assignedBy: URIRef
    weight: URIRef
    evidence: URIRef
    confidence: URIRef
    investment: URIRef
    investmentOriginal: URIRef
    investorName: URIRef
    onDate: URIRef
    signedOn: URIRef
    agreement: URIRef
    investmentOrigin: URIRef
    investmentCurrency: URIRef
    investmentUsd: URIRef
    manufacturing: URIRef
    inKeyChain: URIRef
    landArea: URIRef
    creditShare: URIRef
    commitmentKind: URIRef
    commitmentRecord: URIRef
    commitmentAmount: URIRef
    outreachKind: URIRef
    outreachNote: URIRef
    targetYear: URIRef
    targetProjects: URIRef
    targetInvestment: URIRef
    stageOrder: URIRef
    asOf: URIRef
    acyclic: URIRef
    benchmarkEnterprises: URIRef
    benchmarkRevenue: URIRef
    criticality: URIRef
    downstreamCount: URIRef
    expansionSignal: URIRef
    illustrative: URIRef

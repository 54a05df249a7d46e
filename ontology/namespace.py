"""The closed Python namespace of chaingap's ontology terms.

A typo such as ``CG.Enterprize`` raises instead of minting a silent new IRI.
``tests/test_ontology.py`` checks that every name here is declared in ``chaingap.ttl``
and every term declared there is listed here, so the two cannot drift.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["CG", "CG_NS", "ID_BASE", "GRAPH_BASE"]

CG_NS = "https://w3id.org/chaingap/ontology#"
ID_BASE = "https://w3id.org/chaingap/id/"
GRAPH_BASE = "https://w3id.org/chaingap/graph/"


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
    District: URIRef
    AdministrativeDistrict: URIRef
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

    # concept schemes and individuals
    SegmentScheme: URIRef
    StageScheme: URIRef
    upstream: URIRef
    midstream: URIRef
    downstream: URIRef
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
    foundedOn: URIRef
    isLocal: URIRef
    isListed: URIRef
    isSpecialised: URIRef
    isHighTech: URIRef
    isAboveScale: URIRef
    isChainLeader: URIRef
    share: URIRef
    assignedBy: URIRef
    investment: URIRef
    investmentOriginal: URIRef
    investorName: URIRef
    onDate: URIRef
    signedOn: URIRef
    agreement: URIRef
    stageOrder: URIRef
    asOf: URIRef
    acyclic: URIRef
    benchmarkEnterprises: URIRef
    benchmarkRevenue: URIRef
    criticality: URIRef
    downstreamCount: URIRef
    expansionSignal: URIRef
    illustrative: URIRef

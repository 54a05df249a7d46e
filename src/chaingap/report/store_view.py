"""Fill the map's :class:`CityView` from the gap engine's Analysis and the knowledge graph.

The Analysis says each link's status and numbers; the store says what the map also draws:
feeds-into edges, sub-links, local enterprises, projects, products, brands and bases.
All queries here are SELECTs over the union of named graphs; nothing from data is pasted
into query text.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from chaingap.ontology import terms
from chaingap.ontology.namespace import CG_NS, ID_BASE

from .model import (
    BaseRow,
    ChainView,
    CityView,
    EnterpriseRow,
    LinkView,
    ProductRow,
    ProjectRow,
    TargetRow,
    as_list,
    pick,
)

__all__ = ["city_view", "select_rows", "oxigraph_store"]

_PREFIXES = {"cg": CG_NS}
_FLAGS = {
    "isChainLeader": "chain_leader",
    "isListed": "listed",
    "isSpecialised": "specialised",
    "isHighTech": "high_tech",
    "isAboveScale": "above_scale",
}

Q_LINKS = """
SELECT ?chain ?chainName ?chainNameEn ?clusterName ?link ?name ?nameEn ?segment ?parent WHERE {
  ?chain cg:hasLink ?link .
  OPTIONAL { ?chain cg:name ?chainName }
  OPTIONAL { ?chain cg:nameEn ?chainNameEn }
  OPTIONAL { ?cluster cg:hasChain ?chain . ?cluster cg:name ?clusterName }
  OPTIONAL { ?link cg:name ?name }
  OPTIONAL { ?link cg:nameEn ?nameEn }
  OPTIONAL { ?link cg:inSegment ?segment }
  OPTIONAL { ?link cg:subLinkOf ?parent }
}"""

Q_FEEDS = "SELECT ?from ?to WHERE { ?from cg:feedsInto ?to }"

Q_ENTERPRISES = """
SELECT ?e ?name ?link ?district ?revenue ?isChainLeader ?isListed ?isSpecialised ?isHighTech ?isAboveScale WHERE {
  ?e cg:operatesIn ?link ; cg:isLocal true .
  OPTIONAL { ?e cg:name ?name }
  OPTIONAL { ?e cg:locatedIn ?district }
  OPTIONAL { ?e cg:revenue ?revenue }
  OPTIONAL { ?e cg:isChainLeader ?isChainLeader }
  OPTIONAL { ?e cg:isListed ?isListed }
  OPTIONAL { ?e cg:isSpecialised ?isSpecialised }
  OPTIONAL { ?e cg:isHighTech ?isHighTech }
  OPTIONAL { ?e cg:isAboveScale ?isAboveScale }
}"""

Q_PROJECTS = """
SELECT ?p ?name ?link ?district ?investment ?stage ?investor WHERE {
  ?p cg:targetsLink ?link .
  OPTIONAL { ?p cg:name ?name }
  OPTIONAL { ?p cg:locatedIn ?district }
  OPTIONAL { ?p cg:investment ?investment }
  OPTIONAL { ?p cg:currentStage ?stage }
  OPTIONAL { ?p cg:investorName ?investor }
}"""

Q_PRODUCTS = """
SELECT ?p ?name ?link ?maker ?brand WHERE {
  ?p cg:productOfLink ?link .
  OPTIONAL { ?p cg:name ?name }
  OPTIONAL { ?e cg:makes ?p . ?e cg:name ?maker }
  OPTIONAL { ?p cg:hasBrand ?b . ?b cg:name ?brand }
}"""

Q_BASES = """
SELECT ?b ?name ?chain ?district WHERE {
  ?b cg:baseForChain ?chain .
  OPTIONAL { ?b cg:name ?name }
  OPTIONAL { ?b cg:locatedIn ?district }
}"""

# The IRI prefix is chaingap's own constant, not data.
Q_DISTRICTS = f"""
SELECT ?d ?name ?parent WHERE {{
  ?d cg:name ?name .
  OPTIONAL {{ ?d cg:partOf ?parent }}
  FILTER(STRSTARTS(STR(?d), "{ID_BASE}district/"))
}}"""

Q_REGION = """
SELECT ?regionName ?asOf WHERE {
  ?dataset cg:region ?region .
  OPTIONAL { ?region cg:name ?regionName }
  OPTIONAL { ?dataset cg:asOf ?asOf }
} ORDER BY ?dataset LIMIT 1"""


def oxigraph_store(store: Any) -> ox.Store:
    """The pyoxigraph Store inside a ChainStore (or the Store itself); the gap engine's finder."""
    from chaingap.queries.backend import oxigraph_of

    return oxigraph_of(store)


def _value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype is not None else ""
        if datatype.endswith(("#decimal", "#double", "#float", "#integer", "#int", "#long")):
            try:
                return float(term.value)
            except ValueError:
                return term.value
        if datatype.endswith("#boolean"):
            return term.value in ("true", "1")
        return term.value
    return getattr(term, "value", str(term))


def select_rows(store: Any, text: str, **bindings: str) -> list[dict[str, Any]]:
    """Rows of a SELECT as dicts of plain values; ``bindings`` are substituted, never pasted."""
    substitutions = {ox.Variable(k): ox.Literal(v) for k, v in bindings.items()} or None
    solutions = oxigraph_store(store).query(
        text, prefixes=_PREFIXES, use_default_graph_as_union=True, substitutions=substitutions
    )
    names = [variable.value for variable in solutions.variables]
    return [{name: _value(solution[name]) for name in names} for solution in solutions]


def _plain(value: Any) -> Any:
    """Decimals from the engine as floats: the views format numbers, they do not do sums."""
    return float(value) if isinstance(value, Decimal) else value


def _id(value: Any) -> str:
    """Data id of an IRI (or the value itself when it already is one)."""
    text = str(value or "")
    return terms.local_id(text) if text.startswith(ID_BASE) else text


def _local_name(value: Any) -> str:
    """``…#inDatabase`` -> ``in_database``: ontology individuals as the map's snake-case keys."""
    text = re.split(r"[#/]", str(value or ""))[-1]
    return re.sub(r"(?<!^)(?=[A-Z])", "_", text).lower()


def _structure(store: Any) -> tuple[dict[str, ChainView], dict[str, LinkView], dict[str, str]]:
    chains: dict[str, ChainView] = {}
    links: dict[str, LinkView] = {}
    link_chain: dict[str, str] = {}
    for row in sorted(select_rows(store, Q_LINKS), key=lambda r: (str(r["chain"]), str(r["link"]))):
        chain_id, link_id = _id(row["chain"]), _id(row["link"])
        chain = chains.setdefault(
            chain_id,
            ChainView(id=chain_id, name=row["chainName"] or chain_id, name_en=row["chainNameEn"] or "", cluster=row["clusterName"] or ""),
        )
        if link_id in links:
            continue
        link = LinkView(
            id=link_id,
            name=row["name"] or link_id,
            name_en=row["nameEn"] or "",
            segment=_local_name(row["segment"]) if row["segment"] else "",
            parent=_id(row["parent"]) if row["parent"] else None,
        )
        links[link_id] = link
        link_chain[link_id] = chain_id
        chain.links.append(link)
    for row in select_rows(store, Q_FEEDS):
        source, target = _id(row["from"]), _id(row["to"])
        if source in links and target not in links[source].feeds:
            links[source].feeds.append(target)
    for link in links.values():
        link.feeds.sort()
    return chains, links, link_chain


def _place_enterprises(store: Any, chains: dict[str, ChainView], link_chain: dict[str, str]) -> None:
    merged: dict[tuple[str, str], EnterpriseRow] = {}
    for row in select_rows(store, Q_ENTERPRISES):
        link_id = _id(row["link"])
        chain_id = link_chain.get(link_id)
        if chain_id is None:
            continue
        key = (chain_id, _id(row["e"]))
        if key not in merged:
            flags = [flag for prop, flag in _FLAGS.items() if row.get(prop) is True]
            revenue = row["revenue"] if isinstance(row["revenue"], float) else None
            merged[key] = EnterpriseRow(key[1], row["name"] or key[1], _id(row["district"]), [], revenue, flags)
            chains[chain_id].enterprises.append(merged[key])
        if link_id not in merged[key].links:
            merged[key].links.append(link_id)
    for chain in chains.values():
        chain.enterprises.sort(key=lambda e: (-(e.revenue or 0), e.id))


def _place_projects(store: Any, chains: dict[str, ChainView], link_chain: dict[str, str]) -> None:
    merged: dict[tuple[str, str], ProjectRow] = {}
    for row in select_rows(store, Q_PROJECTS):
        link_id = _id(row["link"])
        chain_id = link_chain.get(link_id)
        if chain_id is None:
            continue
        key = (chain_id, _id(row["p"]))
        if key not in merged:
            investment = row["investment"] if isinstance(row["investment"], float) else None
            merged[key] = ProjectRow(key[1], row["name"] or key[1], _id(row["district"]), [], investment,
                                     _local_name(row["stage"]) if row["stage"] else "", row["investor"] or "")
            chains[chain_id].projects.append(merged[key])
        if link_id not in merged[key].links:
            merged[key].links.append(link_id)
    for chain in chains.values():
        chain.projects.sort(key=lambda p: (-(p.investment or 0), p.id))


def _place_products_and_bases(store: Any, chains: dict[str, ChainView], link_chain: dict[str, str]) -> None:
    seen: set[tuple[str, str]] = set()
    for row in sorted(select_rows(store, Q_PRODUCTS), key=lambda r: str(r["p"])):
        link_id = _id(row["link"])
        chain_id = link_chain.get(link_id)
        key = (str(chain_id), _id(row["p"]))
        if chain_id is None or key in seen:
            continue
        seen.add(key)
        chains[chain_id].products.append(ProductRow(key[1], row["name"] or key[1], row["maker"] or "", link_id, row["brand"] or ""))
    for row in sorted(select_rows(store, Q_BASES), key=lambda r: str(r["b"])):
        chain_id = _id(row["chain"])
        if chain_id in chains and all(b.id != _id(row["b"]) for b in chains[chain_id].bases):
            chains[chain_id].bases.append(BaseRow(_id(row["b"]), row["name"] or _id(row["b"]), _id(row["district"])))


def _apply_analysis(analysis: Any, chains: dict[str, ChainView], links: dict[str, LinkView], link_chain: dict[str, str]) -> None:
    """Statuses, metrics and targets from the gap engine onto the structure from the store."""
    for result in as_list(pick(analysis, "links", default=[])):
        link_id = _id(pick(result, "id", "link", "link_id", default=""))
        if link_id not in links:
            chain_id = _id(pick(result, "chain", default="")) or "chain"
            chain = chains.setdefault(chain_id, ChainView(id=chain_id, name=pick(result, "chain_name", default="") or chain_id))
            links[link_id] = LinkView(id=link_id, name=pick(result, "name", default=link_id),
                                      name_en=pick(result, "name_en", default=""),
                                      segment=_local_name(pick(result, "segment", default="")))
            link_chain[link_id] = chain_id
            chain.links.append(links[link_id])
        link = links[link_id]
        link.status = pick(result, "status", default=link.status)
        link.extension = bool(pick(result, "extension", default=False))
        link.metrics = {key: _plain(value) for key, value in (pick(result, "metrics", default={}) or {}).items()}
        link.reason = str(pick(result, "rule", "reason", default="") or "")
    targets = pick(analysis, "targets", default={}) or {}
    items = [t for group in targets.values() for t in group] if isinstance(targets, dict) else as_list(targets)
    for target in items:
        link_id = _id(pick(target, "link", default=""))
        chain_id = link_chain.get(link_id)
        if chain_id is None:
            continue
        reasons = pick(target, "reasons", default=[])
        chains[chain_id].targets.append(TargetRow(
            link=link_id,
            enterprise=_id(pick(target, "enterprise", default="")),
            name=str(pick(target, "name", default="")),
            score=float(pick(target, "score", default=0) or 0),
            place=" ".join(str(p) for p in (pick(target, "province", default=""), pick(target, "city", default="")) if p),
            reasons=", ".join(map(str, reasons)) if isinstance(reasons, list) else str(reasons),
        ))
    for chain in chains.values():
        chain.targets.sort(key=lambda t: (-t.score, t.link, t.enterprise))


def _upstream_first(chain: ChainView) -> None:
    """Order links as the chain runs (feeds-into depth, then id), so every chart and list reads
    from materials to end products."""
    from .chain_graph import link_levels

    levels = link_levels(chain)
    chain.links.sort(key=lambda link: (levels[link.id], link.id))


def city_view(analysis: Any, store: Any = None) -> CityView:
    """A :class:`CityView` from an Analysis, enriched from ``store`` when one is given.

    Without a store the map still shows every link's status and numbers, but no feeds-into
    edges, enterprises, projects, products or bases.
    """
    store = store if store is not None else pick(analysis, "store", default=None)
    city = CityView()
    if store is not None:
        chains, links, link_chain = _structure(store)
        _place_enterprises(store, chains, link_chain)
        _place_projects(store, chains, link_chain)
        _place_products_and_bases(store, chains, link_chain)
        rows = select_rows(store, Q_DISTRICTS)
        city.districts = {_id(r["d"]): r["name"] for r in rows}
        city.parents = {_id(r["d"]): _id(r["parent"]) for r in rows if r["parent"]}
        region = select_rows(store, Q_REGION)
        if region:
            city.name = region[0]["regionName"] or ""
            city.as_of = str(region[0]["asOf"] or "")
    else:
        chains, links, link_chain = {}, {}, {}
    _apply_analysis(analysis, chains, links, link_chain)
    city.chains = [chains[key] for key in sorted(chains)]
    for chain in city.chains:
        _upstream_first(chain)
    if not city.name:
        city.name = city.district_name(_id(pick(analysis, "region", default="")))
    return city

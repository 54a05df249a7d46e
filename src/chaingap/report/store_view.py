"""Fill the map's :class:`CityView` from the gap engine's Analysis and the tables of record.

The Analysis says each link's status and numbers; the tables say what the map also draws:
feeds-into edges, sub-links, local enterprises, projects, products, brands and bases.
The map reads the tables (not the RDF graph), so it never waits for a graph build; nothing
from data is pasted into query text.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from chaingap.ontology import terms
from chaingap.ontology.namespace import ID_BASE

from .i18n import reason_sentence, rule_sentence
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

__all__ = ["city_view"]

_FLAGS = ("chain_leader", "listed", "specialised", "high_tech", "above_scale")

Q_LINKS = """
SELECT l.chain, c.name AS chain_name, c.name_en AS chain_name_en, k.name AS cluster_name,
       l.id AS link, l.name, l.name_en, l.segment, l.parent
FROM links l LEFT JOIN chains c ON c.id = l.chain LEFT JOIN clusters k ON k.id = c.cluster
ORDER BY l.chain, l.id"""

Q_FEEDS = "SELECT DISTINCT source, target FROM feeds"

Q_ENTERPRISES = """
SELECT e.id, e.name, o.link, e.district, e.revenue, e.chain_leader, e.listed, e.specialised, e.high_tech, e.above_scale
FROM enterprises e JOIN operations o ON o.enterprise = e.id
WHERE e.is_local"""

Q_PROJECTS = """
SELECT p.id, p.name, pl.link, p.district, p.investment, p.stage, p.investor
FROM projects p JOIN project_links pl ON pl.project = p.id"""

Q_PRODUCTS = """
SELECT p.id, p.name, p.link, e.name AS maker, p.brand
FROM products p LEFT JOIN enterprises e ON e.id = p.enterprise ORDER BY p.id"""

Q_BASES = "SELECT id, name, chain, district FROM bases ORDER BY id"

Q_DISTRICTS = "SELECT DISTINCT id, name, parent FROM districts"

Q_REGION = """
SELECT d.name AS region_name, s.as_of FROM dataset s LEFT JOIN districts d ON d.id = s.region
WHERE s.region IS NOT NULL ORDER BY s.dataset LIMIT 1"""


def select_rows(store: Any, text: str) -> list[dict[str, Any]]:
    """Rows of a SQL query over the store's tables, money as floats (the views format, they do not sum)."""
    return [{key: float(value) if isinstance(value, Decimal) else value for key, value in row.items()}
            for row in store.sql(text)]


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
    for row in select_rows(store, Q_LINKS):
        chain_id, link_id = row["chain"], row["link"]
        chain = chains.setdefault(chain_id, ChainView(id=chain_id, name=row["chain_name"] or chain_id,
                                                      name_en=row["chain_name_en"] or "",
                                                      cluster=row["cluster_name"] or ""))
        if link_id in links:
            continue
        link = LinkView(id=link_id, name=row["name"] or link_id, name_en=row["name_en"] or "",
                        segment=row["segment"] or "", parent=row["parent"])
        links[link_id] = link
        link_chain[link_id] = chain_id
        chain.links.append(link)
    for row in select_rows(store, Q_FEEDS):
        source, target = row["source"], row["target"]
        if source in links and target not in links[source].feeds:
            links[source].feeds.append(target)
    for link in links.values():
        link.feeds.sort()
    return chains, links, link_chain


def _place_enterprises(store: Any, chains: dict[str, ChainView], link_chain: dict[str, str]) -> None:
    merged: dict[tuple[str, str], EnterpriseRow] = {}
    for row in select_rows(store, Q_ENTERPRISES):
        chain_id = link_chain.get(row["link"])
        if chain_id is None:
            continue
        key = (chain_id, row["id"])
        if key not in merged:
            flags = [flag for flag in _FLAGS if row.get(flag) is True]
            merged[key] = EnterpriseRow(row["id"], row["name"] or row["id"], row["district"] or "", [],
                                        row["revenue"], flags)
            chains[chain_id].enterprises.append(merged[key])
        if row["link"] not in merged[key].links:
            merged[key].links.append(row["link"])
    for chain in chains.values():
        chain.enterprises.sort(key=lambda e: (-(e.revenue or 0), e.id))
        for enterprise in chain.enterprises:
            enterprise.links.sort()


def _place_projects(store: Any, chains: dict[str, ChainView], link_chain: dict[str, str]) -> None:
    merged: dict[tuple[str, str], ProjectRow] = {}
    for row in select_rows(store, Q_PROJECTS):
        chain_id = link_chain.get(row["link"])
        if chain_id is None:
            continue
        key = (chain_id, row["id"])
        if key not in merged:
            merged[key] = ProjectRow(row["id"], row["name"] or row["id"], row["district"] or "", [],
                                     row["investment"], row["stage"] or "", row["investor"] or "")
            chains[chain_id].projects.append(merged[key])
        if row["link"] not in merged[key].links:
            merged[key].links.append(row["link"])
    for chain in chains.values():
        chain.projects.sort(key=lambda p: (-(p.investment or 0), p.id))


def _place_products_and_bases(store: Any, chains: dict[str, ChainView], link_chain: dict[str, str]) -> None:
    seen: set[tuple[str, str]] = set()
    for row in select_rows(store, Q_PRODUCTS):
        chain_id = link_chain.get(row["link"])
        key = (str(chain_id), row["id"])
        if chain_id is None or key in seen:
            continue
        seen.add(key)
        chains[chain_id].products.append(ProductRow(row["id"], row["name"] or row["id"], row["maker"] or "",
                                                    row["link"], row["brand"] or ""))
    for row in select_rows(store, Q_BASES):
        chain_id = row["chain"]
        if chain_id in chains and all(b.id != row["id"] for b in chains[chain_id].bases):
            chains[chain_id].bases.append(BaseRow(row["id"], row["name"] or row["id"], row["district"] or ""))


def _apply_analysis(analysis: Any, chains: dict[str, ChainView], links: dict[str, LinkView], link_chain: dict[str, str],
                    lang: str = "zh") -> None:
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
        rule = pick(result, "rule", "reason", default="")
        link.reason = rule if isinstance(rule, str) else rule_sentence(result, lang)
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
            reasons=reason_sentence(reasons, lang),
        ))
    for chain in chains.values():
        chain.targets.sort(key=lambda t: (-t.score, t.link, t.enterprise))


def _upstream_first(chain: ChainView) -> None:
    """Order links as the chain runs (feeds-into depth, then id), so every chart and list reads
    from materials to end products."""
    from .chain_graph import link_levels

    levels = link_levels(chain)
    chain.links.sort(key=lambda link: (levels[link.id], link.id))


def city_view(analysis: Any, store: Any = None, lang: str = "zh") -> CityView:
    """A :class:`CityView` from an Analysis, enriched from ``store`` when one is given.

    ``lang`` is the language of each link's rule sentence.

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
        city.districts = {r["id"]: r["name"] for r in rows}
        city.parents = {r["id"]: r["parent"] for r in rows if r["parent"]}
        region = select_rows(store, Q_REGION)
        if region:
            city.name = region[0]["region_name"] or ""
            city.as_of = str(region[0]["as_of"] or "")
    else:
        chains, links, link_chain = {}, {}, {}
    _apply_analysis(analysis, chains, links, link_chain, lang)
    city.chains = [chains[key] for key in sorted(chains)]
    for chain in city.chains:
        _upstream_first(chain)
    if not city.name:
        city.name = city.district_name(_id(pick(analysis, "region", default="")))
    return city

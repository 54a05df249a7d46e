"""The gap engine in plain Python: the independent check on the SPARQL queries.

It reads only simple facts (one triple pattern per query, no aggregates), rebuilds the link
graph in networkx and computes every aggregate, ratio, status and score with ``Decimal``
arithmetic following docs/gap-rules.md. Agreement with :mod:`.sparql_engine` is what the
tests prove; a disagreement means one of the two misreads the rules.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import networkx as nx

from chaingap.ontology.namespace import CG_NS

from .backend import select
from .profile import STAGE_ORDER, Profile

__all__ = ["Facts", "read_facts", "link_rows", "target_rows", "expand_rows", "forget"]

_STAGE_IRIS = {CG_NS + name: order for name, order in zip(
    ("signed", "landed", "started", "inDatabase", "inStatistics", "producing", "reachedOutput"),
    sorted(STAGE_ORDER.values()))}
_SIZE_STEPS = (100, 1000, 10000, 100000, 1000000)
_FLAGS = ("isListed", "isSpecialised", "isHighTech", "isChainLeader")


@dataclass
class Facts:
    """The plain facts the rules need, indexed for lookups."""

    links: list[str]
    sub_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    feeds: set[tuple[str, str]] = field(default_factory=set)
    operates: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    shares: dict[tuple[str, str], list[Decimal]] = field(default_factory=lambda: defaultdict(list))
    values: dict[str, dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))
    supplies: set[tuple[str, str]] = field(default_factory=set)
    parent_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    projects: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    project_stage: dict[str, int] = field(default_factory=dict)
    signals: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    names: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    provinces: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    proximity: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def descendants_or_self(self, link: str) -> set[str]:
        """Every l0 with ``l0 cg:subLinkOf* link``."""
        found, todo = {link}, [link]
        children: dict[str, set[str]] = self._children()
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return found

    def _children(self) -> dict[str, set[str]]:
        cache = getattr(self, "_children_cache", None)
        if cache is None:
            cache = defaultdict(set)
            for child, parents in self.sub_of.items():
                for parent in parents:
                    cache[parent].add(child)
            self._children_cache = cache
        return cache

    def is_local(self, enterprise: str) -> bool:
        return self.values[enterprise].get("isLocal") is True

    def revenue(self, enterprise: str) -> Decimal:
        value = self.values[enterprise].get("revenue")
        return Decimal(value) if value is not None else Decimal("0.0")

    def flag(self, enterprise: str, name: str) -> bool:
        return self.values[enterprise].get(name) is True


def _pairs(store: Any, predicate: str) -> list[tuple[Any, Any]]:
    return [(row["s"], row["o"]) for row in select(store, f"SELECT ?s ?o WHERE {{ ?s {predicate} ?o }}")]


def read_facts(store: Any) -> Facts:
    """Read every fact the rules use, each with a one-pattern query."""
    links = [row["link"] for row in select(store, "SELECT DISTINCT ?link WHERE { ?c cg:hasLink ?link }")]
    facts = Facts(links=links)
    for child, parent in _pairs(store, "cg:subLinkOf"):
        facts.sub_of[child].add(parent)
    facts.feeds = set(_pairs(store, "cg:feedsInto"))
    for enterprise, link in _pairs(store, "cg:operatesIn"):
        facts.operates[enterprise].add(link)
    share_of = {op: Decimal(value) for op, value in _pairs(store, "cg:share")}
    rows = select(store, "SELECT ?e ?l ?op WHERE { ?e cg:hasOperation ?op . ?op cg:operationLink ?l }")
    for row in rows:
        facts.shares[(row["e"], row["l"])].append(share_of.get(row["op"], Decimal("1.0")))
    for name in ("isLocal", "revenue", "benchmarkEnterprises", "benchmarkRevenue", "downstreamCount", "criticality") + _FLAGS:
        for subject, value in _pairs(store, f"cg:{name}"):
            facts.values[subject][name] = value
    facts.supplies = set(_pairs(store, "cg:suppliesTo"))
    for branch, group in _pairs(store, "cg:parentGroup"):
        facts.parent_of[group].add(branch)
    for project, link in _pairs(store, "cg:targetsLink"):
        facts.projects[link].add(project)
    for project, stage in _pairs(store, "cg:currentStage"):
        if stage in _STAGE_IRIS:
            facts.project_stage[project] = max(facts.project_stage.get(project, 0), _STAGE_IRIS[stage])
    for subject, value in _pairs(store, "cg:expansionSignal"):
        if str(value):
            facts.signals[subject].append(str(value))
    for subject, value in _pairs(store, "cg:name"):
        facts.names[subject].append(str(value))
    for subject, value in _pairs(store, "cg:province"):
        facts.provinces[subject].append(str(value))
    for subject, value in _pairs(store, "cgd:proximityClass"):
        facts.proximity[subject].append(str(value))
    return facts


def _share(facts: Facts, enterprise: str, sublinks: set[str]) -> Decimal:
    """Largest share over the enterprise's links among ``sublinks`` (1 where none is given)."""
    best = None
    for link in facts.operates[enterprise] & sublinks:
        given = facts.shares.get((enterprise, link))
        value = max(given) if given else Decimal("1.0")
        best = value if best is None or value > best else best
    return best if best is not None else Decimal("1.0")


def _members(facts: Facts, link: str) -> dict[str, Decimal]:
    """``{enterprise: share}`` of enterprises working in the link or a sub-link."""
    sublinks = facts.descendants_or_self(link)
    return {e: _share(facts, e, sublinks) for e, links in facts.operates.items() if links & sublinks}


def _div(a: Decimal | int, b: Decimal | int) -> Decimal | None:
    return None if b == 0 else Decimal(a) / Decimal(b)


def _aggregate(facts: Facts, profile: Profile) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    aggregates = {}
    for link in facts.links:
        n = key = count_all = 0
        e_r = local_max = sum_sq = e_n = Decimal(0)
        for enterprise, share in _members(facts, link).items():
            x = facts.revenue(enterprise) * share
            count_all += 1
            e_n += x
            if facts.is_local(enterprise):
                n += 1
                e_r += x
                local_max = max(local_max, x)
                sum_sq += x * x
                raw = facts.revenue(enterprise)
                if any(facts.flag(enterprise, f) for f in ("isListed", "isSpecialised", "isChainLeader")) \
                        or raw >= profile.key_revenue_min:
                    key += 1
        projects = set().union(*(facts.projects.get(l0, set()) for l0 in facts.descendants_or_self(link)))
        staged = [facts.project_stage[p] for p in projects if p in facts.project_stage]
        # a project counts only with a known current stage (as the SPARQL pattern requires)
        aggregates[link] = {"n": n, "eR": e_r, "max": local_max, "sumSq": sum_sq, "nKey": key,
                            "nN": count_all, "eN": e_n, "projects": len(staged),
                            "maxStage": max(staged, default=0)}
    working = [e for e, links in facts.operates.items() if links]
    totals = {
        "NR": sum(1 for e in working if facts.is_local(e)),
        "ER": sum((facts.revenue(e) for e in working if facts.is_local(e)), Decimal(0)),
        "NN": len(working),
        "EN": sum((facts.revenue(e) for e in working), Decimal(0)),
    }
    leaves = [l for l in facts.values if not facts._children().get(l)]
    bench_counts = [facts.values[l]["benchmarkEnterprises"] for l in leaves if "benchmarkEnterprises" in facts.values[l]]
    bench_revenues = [facts.values[l]["benchmarkRevenue"] for l in leaves if "benchmarkRevenue" in facts.values[l]]
    totals["BN"] = sum(bench_counts) or None
    totals["BE"] = sum((Decimal(v) for v in bench_revenues), Decimal(0)) or None
    return aggregates, totals


def _lq(agg: dict[str, Any], totals: dict[str, Any], values: dict[str, Any], profile: Profile) -> tuple[Any, Any, Any, str]:
    w = Decimal(10000)
    count_graph = _div(agg["n"] * totals["NN"], totals["NR"] * agg["nN"])
    revenue_graph = None
    if totals["ER"] and agg["eN"]:
        revenue_graph = ((agg["eR"] / w) * (totals["EN"] / w)) / ((totals["ER"] / w) * (agg["eN"] / w))
    count_data = revenue_data = None
    bn, be = values.get("benchmarkEnterprises"), values.get("benchmarkRevenue")
    if bn is not None and totals["BN"] is not None and bn and totals["NR"]:
        count_data = _div(agg["n"] * totals["BN"], totals["NR"] * bn)
    if be is not None and totals["BE"] is not None and be and totals["ER"]:
        revenue_data = ((agg["eR"] / w) * (totals["BE"] / w)) / ((totals["ER"] / w) * (Decimal(be) / w))
    dataset = profile.benchmark == "dataset"
    lq_count = (count_data if count_data is not None else count_graph) if dataset else count_graph
    lq_revenue = (revenue_data if revenue_data is not None else revenue_graph) if dataset else revenue_graph
    basis = "count" if profile.lq_basis == "count" or (
        profile.lq_basis == "auto" and (agg["eR"] == 0 or lq_revenue is None)) else "revenue"
    return lq_count, lq_revenue, (lq_count if basis == "count" else lq_revenue), basis


def _strong(n: int, lq: Decimal | None, profile: Profile) -> bool:
    return n >= profile.strong_count_min and lq is not None and lq >= profile.strong_lq_min


def link_rows(store: Any, profile: Profile) -> dict[str, tuple[str, bool, dict[str, Any]]]:
    """``{link IRI: (status, extension, metrics)}``, same keys as the SPARQL engine."""
    facts = read_facts(store)
    aggregates, totals = _aggregate(facts, profile)
    known = set(facts.links)
    lqs = {link: _lq(aggregates[link], totals, facts.values[link], profile) for link in facts.links}
    strong = {link for link in facts.links if _strong(aggregates[link]["n"], lqs[link][2], profile)}
    graph = nx.DiGraph()
    graph.add_nodes_from(facts.links)
    graph.add_edges_from((a, b) for a, b in facts.feeds if a in known and b in known)
    result = {}
    for link in facts.links:
        agg, (lq_count, lq_revenue, lq, basis) = aggregates[link], lqs[link]
        n = agg["n"]
        if n == 0:
            status = "being_filled" if agg["maxStage"] >= profile.being_filled_order else "missing"
        elif link in strong:
            status = "strong"
        elif n < profile.weak_count_below or (lq is not None and lq < profile.weak_lq_below):
            status = "weak"
        else:
            status = "normal"
        downstream = set(graph.successors(link)) if link in graph else set()
        upstream = set(graph.predecessors(link)) if link in graph else set()
        strong_neighbours = len((downstream | upstream) & strong)
        feeds_strong = bool(downstream & strong)
        values = facts.values[link]
        metrics = {
            "local_enterprises": n, "local_revenue": agg["eR"], "local_key_enterprises": agg["nKey"],
            "benchmark_enterprises": agg["nN"], "benchmark_revenue": agg["eN"],
            "dataset_benchmark_enterprises": values.get("benchmarkEnterprises"),
            "dataset_benchmark_revenue": values.get("benchmarkRevenue"),
            "lq_count": lq_count, "lq_revenue": lq_revenue, "lq": lq, "lq_basis": basis,
            "top_share": (agg["max"] / agg["eR"]) if agg["eR"] > 0 else _div(1, n),
            "hhi": (agg["sumSq"] / (agg["eR"] * agg["eR"])) if agg["eR"] > 0 else _div(1, n),
            "projects": agg["projects"], "max_stage_order": agg["maxStage"],
            "downstream_count": values.get("downstreamCount", 0),
            "criticality": values.get("criticality", Decimal("0.0")),
            "strong_neighbours": strong_neighbours, "feeds_strong": feeds_strong,
            "supply_gap": feeds_strong and n == 0,
        }
        extension = status in ("missing", "being_filled", "weak") and strong_neighbours > 0
        result[link] = (status, extension, metrics)
    return result


def _parts(facts: Facts, enterprise: str, share: Decimal, profile: Profile, external: bool) -> tuple[dict[str, Decimal], dict[str, Any]]:
    w = profile.weights
    revenue = facts.values[enterprise].get("revenue")
    r = Decimal(revenue) if revenue is not None else Decimal(0)
    size = Decimal(sum(1 for step in _SIZE_STEPS if r >= step)) / 5
    flags = sum(1 for name in _FLAGS if facts.flag(enterprise, name))
    signals = [s for s in facts.signals.get(enterprise, []) if s]
    parts = {"fit": w["fit"] * share, "size": w["size"] * size,
             "quality": w["quality"] * (Decimal(flags) / 4)}
    details: dict[str, Any] = {"signal": min(signals) if signals else None, "revenue": revenue}
    if external:
        customers = {b for a, b in facts.supplies if a == enterprise and facts.is_local(b)}
        suppliers = {a for a, b in facts.supplies if b == enterprise and facts.is_local(a)}
        branches = {b for b in facts.parent_of.get(enterprise, set()) if facts.is_local(b)}
        classes = facts.proximity.get(enterprise)
        klass = min(classes) if classes else None
        proximity_value = {"same_province": profile.proximity["same_province"],
                           "neighbouring": profile.proximity["neighbouring"],
                           "same_region": profile.proximity["same_region"]}.get(klass, profile.proximity["other"])
        parts["ties"] = w["ties"] * (Decimal(min(len(customers) + len(suppliers), 2)) / 2)
        parts["group"] = w["group"] * (1 if branches else 0)
        parts["proximity"] = w["proximity"] * proximity_value
        provinces = facts.provinces.get(enterprise)
        details.update(local_customers=len(customers), local_suppliers=len(suppliers), local_branches=len(branches),
                       proximity_class=klass or "other", province=min(provinces) if provinces else None)
    parts["expansion"] = w["expansion"] * (1 if signals else 0)
    return parts, details


def _ranked(store: Any, profile: Profile, link: str, top: int, external: bool) -> list[tuple[str, str, Decimal, dict[str, Decimal], dict[str, Any]]]:
    facts = _cached_facts(store)
    rows = []
    for enterprise, share in _members(facts, link).items():
        if facts.is_local(enterprise) == external:
            continue
        parts, details = _parts(facts, enterprise, share, profile, external)
        names = facts.names.get(enterprise)
        rows.append((enterprise, min(names) if names else None, sum(parts.values(), Decimal(0)), parts, details))
    rows.sort(key=lambda row: (-row[2], row[0]))
    return rows[:top]


def target_rows(store: Any, profile: Profile, link_iri: str, top: int) -> list[tuple[str, str, Decimal, dict[str, Decimal], dict[str, Any]]]:
    """Ranked external candidates for one link (never a local enterprise)."""
    return _ranked(store, profile, link_iri, top, external=True)


def expand_rows(store: Any, profile: Profile, link_iri: str, top: int) -> list[tuple[str, str, Decimal, dict[str, Decimal], dict[str, Any]]]:
    """Ranked local enterprises of one link able to expand."""
    return _ranked(store, profile, link_iri, top, external=False)


_CACHE: dict[int, Facts] = {}


def _cached_facts(store: Any) -> Facts:
    """Facts read once per analysis: the cache holds only the last store seen."""
    key = id(store)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = read_facts(store)
    return _CACHE[key]


def forget(store: Any | None = None) -> None:
    """Drop cached facts (the analysis calls it before ranking)."""
    _CACHE.clear()


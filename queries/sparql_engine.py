"""The gap engine on SPARQL: statuses and rankings computed by the bundled ``.rq`` files.

Python passes only values: the profile's (the marked VALUES rows), three small tables (the
link measures from networkx, the stage orders of the vocabulary, the province classes near
the region) and a link IRI per ranking query. Aggregates, ratios, statuses and scores are
all computed by the queries, over the graph as loaded: an analysis writes nothing into it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from chaingap.graph.measures import link_measures
from chaingap.ontology import terms
from chaingap.ontology.namespace import CG_NS
from chaingap.ontology.terms import Iri
from chaingap.ontology.vocab import STAGES

from . import load_query
from .backend import select
from .common import LOCAL_PART_NAMES, METRICS, PART_NAMES, LinkInfo, Row, safe_local_id
from .params import render
from .profile import Profile
from .proximity import choose_region_province, province_classes

__all__ = ["METRIC_NAMES", "status_params", "threshold_params", "target_params", "expand_params", "stage_table", "measure_table",
           "status_query", "SparqlEngine"]

#: SPARQL variable -> metrics key of :class:`~chaingap.queries.results.LinkResult`.
METRIC_NAMES = dict(zip(
    ("n", "eR", "nKey", "nN", "eN", "bn", "be", "lqCount", "lqRevenue", "lq", "lqBasisUsed", "topShare", "hhi",
     "projects", "maxStageOrder", "downstreamCount", "criticality", "strongNeighbours", "feedsStrong", "supplyGap",
     "topFirm", "singleFirm"),
    METRICS))


def status_params(profile: Profile) -> dict[str, Any]:
    """Values of link_status.rq's marked rows (the neighbour subquery repeats them as ?nb_...)."""
    values = {
        "benchmark": profile.benchmark, "lqBasis": profile.lq_basis,
        "strongLqMin": profile.strong_lq_min, "strongCountMin": profile.strong_count_min,
        "weakLqBelow": profile.weak_lq_below, "weakCountBelow": profile.weak_count_below,
        "filledStageOrder": profile.being_filled_order,
        "localMin": profile.evidence_local_min, "benchmarkMin": profile.evidence_benchmark_min,
        "minFeedWeight": profile.min_feed_weight or Decimal(0),
    }
    values.update({f"nb_{name}": value for name, value in list(values.items())})
    values["keyRevenueMin"] = profile.key_revenue_min
    values.update(topShareAbove=profile.top_share_above, hhiAbove=profile.hhi_above)
    values.update(threshold_params(profile))
    return values


def threshold_params(profile: Profile) -> dict[str, Any]:
    """Which projects count (docs/pipeline.md): the values of the ``?domesticMin ?foreignMinUsd
    ?frameworkCounts`` rows (the same names are the Cypher parameters)."""
    return {"domesticMin": profile.domestic_min, "foreignMinUsd": profile.foreign_min_usd,
            "frameworkCounts": profile.framework_counts}


def expand_params(profile: Profile, link_iri: str | None) -> dict[str, Any]:
    """Values of expand_locally.rq (for one link when ``link_iri`` is given)."""
    weights = profile.weights
    values = {"wFit": weights["fit"], "wSize": weights["size"], "wQuality": weights["quality"],
              "wExpansion": weights["expansion"]}
    values.update(threshold_params(profile))
    return {**values, "link": Iri(link_iri)} if link_iri else values


def target_params(profile: Profile, link_iri: str | None) -> dict[str, Any]:
    """Values of targets.rq (for one link when ``link_iri`` is given)."""
    weights = profile.weights
    values = {
        "wFit": weights["fit"], "wSize": weights["size"], "wQuality": weights["quality"],
        "wTies": weights["ties"], "wGroup": weights["group"], "wProximity": weights["proximity"],
        "wExpansion": weights["expansion"],
        "pSame": profile.proximity["same_province"], "pNeighbouring": profile.proximity["neighbouring"],
        "pRegion": profile.proximity["same_region"], "pOther": profile.proximity["other"],
        "declinedHoldDays": profile.declined_hold_days,
    }
    values.update(threshold_params(profile))
    return {**values, "link": Iri(link_iri)} if link_iri else values


def stage_table() -> list[tuple[Iri, int]]:
    """Rows of the ``stages`` table: each stage individual with its order (the vocabulary's)."""
    return [(Iri(CG_NS + term.iri_name), term.order) for term in STAGES if term.iri_name]


#: Every feeds-into edge with the weights of its qualified form (cg:FeedRelation), one row per weight.
_FEEDS = """SELECT DISTINCT ?a ?b ?w WHERE { ?a cg:feedsInto ?b
    OPTIONAL { ?f cg:feedSource ?a ; cg:feedTarget ?b ; cg:weight ?w } }"""


def measure_table(graph: Any, min_weight: Any = None) -> list[tuple[Iri, int, Any]]:
    """Rows of the ``measures`` table: downstream count and criticality of every link (networkx),
    over the feeds-into edges that count at ``min_weight``."""
    links = [row["link"] for row in select(graph, "SELECT DISTINCT ?link WHERE { ?c cg:hasLink ?link }")]
    feeds = [(row["a"], row["b"], row["w"]) for row in select(graph, _FEEDS)]
    found = link_measures(links, feeds, min_weight)
    return [(Iri(link), count, value) for link, (count, value) in sorted(found.items())]


def status_query(graph: Any, profile: Profile) -> str:
    """``link_status.rq`` with the profile's values and the tables filled: ready to run on ``graph``."""
    return render(load_query("link_status"), status_params(profile),
                  {"stages": stage_table(), "measures": measure_table(graph, profile.min_feed_weight)})


class SparqlEngine:
    """One analysis in SPARQL over ``graph`` with ``profile`` (see :class:`chaingap.queries.gaps.GapEngine`)."""

    name = "sparql"

    def __init__(self, graph: Any, profile: Profile) -> None:
        self.graph = graph
        self.profile = profile

    def parents(self) -> dict[str, set[str]]:
        """``{link id: ids of its parent links}`` (every link of a chain; ``cg:subLinkOf``)."""
        found: dict[str, set[str]] = {}
        for row in select(self.graph, "SELECT DISTINCT ?link ?parent WHERE { ?c cg:hasLink ?link "
                                      "OPTIONAL { ?link cg:subLinkOf ?parent } }"):
            parents = found.setdefault(safe_local_id(row["link"]), set())
            if row["parent"]:
                parents.add(safe_local_id(row["parent"]))
        return found

    def links(self) -> LinkInfo:
        chains = {row["chain"]: row for row in select(self.graph, load_query("chains"))}
        info: LinkInfo = {}
        for row in select(self.graph, load_query("links")):
            chain = row["chain"] or ""
            link = safe_local_id(row["link"])
            info[link] = {
                "id": link, "name": row["name"] or link, "name_en": row["nameEn"] or "",
                "chain": safe_local_id(chain) if chain else "",
                "chain_name": (chains.get(chain) or {}).get("name") or "",
                "segment": str(row["segment"]).rsplit("#", 1)[-1] if row["segment"] else "",
            }
        return info

    def _regions(self) -> list[dict[str, Any]]:
        # a province district is its own province
        return select(self.graph, """SELECT ?d (MIN(?name0) AS ?name)
            (COALESCE(MIN(STR(?province0)), MIN(?ownName)) AS ?province)
            (MIN(STR(?code0)) AS ?code) WHERE { ?dataset cg:region ?d . OPTIONAL { ?d cg:name ?name0 }
            OPTIONAL { ?d cg:province ?province0 } OPTIONAL { ?d cg:adminCode ?code0 }
            OPTIONAL { ?d a cg:Province ; cg:name ?ownName } }
            GROUP BY ?d ORDER BY STR(?d)""")

    def names(self, enterprises: Sequence[str]) -> dict[str, str]:
        """``{enterprise id: its smallest name}`` of ``enterprises``."""
        text = render("SELECT ?e (MIN(?n) AS ?name) WHERE { VALUES (?e) { } #@table firms\n ?e cg:name ?n } GROUP BY ?e",
                      {}, {"firms": [(Iri(terms.iri("enterprise", e)),) for e in enterprises]})
        return {safe_local_id(row["e"]): row["name"] for row in select(self.graph, text)}

    def region(self) -> str:
        rows = self._regions()
        return str(rows[0]["name"] or safe_local_id(rows[0]["d"])) if rows else ""

    def region_province(self) -> str | None:
        if self.profile.region_province:
            return self.profile.region_province
        local = select(self.graph, "SELECT ?p (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e cg:isLocal true ; cg:province ?p0 "
                                   "BIND (STR(?p0) AS ?p) FILTER (?p != \"\") } GROUP BY ?p")
        return choose_region_province(None, [(row["province"], row["code"]) for row in self._regions()],
                                      {row["p"]: row["n"] for row in local})

    def statuses(self) -> dict[str, tuple[str, bool, dict[str, Any]]]:
        """``{link id: (status, extension, metrics)}`` from ``link_status.rq``."""
        result = {}
        for row in select(self.graph, status_query(self.graph, self.profile)):
            metrics = {key: row.get(var) for var, key in METRIC_NAMES.items()}
            metrics["strong_neighbours"] = metrics["strong_neighbours"] or 0
            metrics["top_firm"] = safe_local_id(metrics["top_firm"]) if metrics["top_firm"] else None
            metrics["single_firm"] = bool(metrics["single_firm"])
            result[safe_local_id(row["link"])] = (row["status"], bool(row["extension"]), metrics)
        return result

    def rankings(self, target_links: Sequence[str], expand_links: Sequence[str]) -> tuple[dict[str, list[Row]], dict[str, list[Row]]]:
        """One ``targets.rq`` per link of ``target_links``, one ``expand_locally.rq`` per link of ``expand_links``."""
        external: dict[str, list[Row]] = {}
        local: dict[str, list[Row]] = {}
        if target_links:
            texts = select(self.graph, "SELECT DISTINCT ?p WHERE { ?e cg:province ?p0 BIND (STR(?p0) AS ?p) }")
            near = province_classes(self.region_province(), [row["p"] for row in texts])
            tables = {"provinces": sorted(near.items())}
            for link in target_links:
                params = target_params(self.profile, terms.iri("link", link))
                text = _limited(render(load_query("targets"), params, tables), self.profile.top_n)
                external[link] = [_row(row, PART_NAMES) for row in select(self.graph, text)]
        if self.profile.expand_top_n:
            for link in expand_links:
                params = expand_params(self.profile, terms.iri("link", link))
                text = _limited(render(load_query("expand_locally"), params), self.profile.expand_top_n)
                local[link] = [_row(row, LOCAL_PART_NAMES) for row in select(self.graph, text)]
        return ({k: v for k, v in external.items() if v}, {k: v for k, v in local.items() if v})


def _limited(text: str, top: int) -> str:
    return f"{text.rstrip()}\nLIMIT {int(top)}\n"


def _row(row: dict[str, Any], names: Sequence[str]) -> Row:
    parts = {name: row[f"{name}Part"] for name in names}
    details = {"local_customers": row.get("localCustomers"), "local_suppliers": row.get("localSuppliers"),
               "local_branches": row.get("localBranches"), "proximity_class": row.get("proximityClass") or "other",
               "signal": row.get("signal"), "province": row.get("province"), "revenue": row.get("revenue"),
               "size_basis": row.get("sizeBasis")}
    return (safe_local_id(row["e"]), row.get("name"), row["score"], parts, details)

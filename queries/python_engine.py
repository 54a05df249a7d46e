"""The gap engine in plain Python: the independent check (oracle) on the SQL and SPARQL engines.

It reads the tables of record with one ``SELECT * FROM <table>`` each (nothing computed in
SQL), rebuilds the link graph in networkx and computes every aggregate, ratio, status and
score with ``Decimal`` arithmetic (60 significant digits, so sums and products are exact)
following docs/gap-rules.md. Agreement with :mod:`.sql_engine` and :mod:`.sparql_engine` is
what the tests prove; a disagreement means one of them misreads the rules. It holds every
row in memory: meant for tests and city-sized data, not for a national pool.
"""

from __future__ import annotations

import datetime as dt

import decimal
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from typing import Any

import networkx as nx

from chaingap.graph.measures import criticality, kept_feeds, link_graph
from chaingap.ontology import terms
from chaingap.ontology.vocab import STAGES

from .common import LOCAL_PART_NAMES, METRICS, PART_NAMES, LinkInfo, Row
from .profile import Profile
from .proximity import choose_region_province, classifier_for
from .region import place_of
from .sources import Tables
from .thresholds import project_counts

__all__ = ["Facts", "read_facts", "PythonEngine"]

#: The tables the rules read; each is read whole, as stored.
_TABLES = ("dataset", "districts", "chains", "links", "feeds", "enterprises", "operations", "projects",
           "project_links", "benchmarks", "supply", "project_terms", "outreach")
_SIZE_STEPS = (100, 1000, 10000, 100000, 1000000)
_QUALITY = ("listed", "specialised", "high_tech", "chain_leader")
_LISTED_STEPS = 3   # a listed firm with no revenue, registered capital or head count counts as 1亿元
_PERSON = 10        # a head count is measured on the same decades, one person as 10万元


def _size_of(firm: Firm) -> tuple[str, Decimal]:
    """The size basis and size (0..1) of a firm, on what is known (docs/gap-rules.md, step 4).

    Revenue when the firm has one (so scores with revenue never move), else registered capital
    on the same decades, else the head count (one person as 10万元, so 10 people reach the first
    step), else 3 decades for a listed firm, else 0 with basis ``none``."""
    known = [(basis, amount) for basis, amount in (("revenue", firm.revenue), ("registered_capital", firm.capital),
                                                   ("employees", None if firm.employees is None
                                                    else Decimal(firm.employees) * _PERSON)) if amount is not None]
    if known:
        basis, amount = known[0]
        return basis, Decimal(sum(1 for step in _SIZE_STEPS if amount >= step)) / 5
    if "listed" in firm.flags:
        return "listed", Decimal(_LISTED_STEPS) / 5
    return "none", Decimal(0)
_PRECISION = 60
_MILLION = Decimal(1000000)


def _read(con: Any, table: str) -> list[dict[str, Any]]:
    cursor = con.execute(f'SELECT * FROM "{table}"')  # a name from _TABLES, never from data
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


@dataclass
class Firm:
    """Everything the rows of one enterprise id say (several datasets may list the same firm)."""

    local: bool = False
    revenue: Decimal | None = None
    capital: Decimal | None = None   # registered capital: the size basis when revenue is absent
    employees: int | None = None     # head count: the size basis when revenue and capital are absent
    flags: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    provinces: set[str] = field(default_factory=set)
    signals: set[str] = field(default_factory=set)
    shares: dict[str, Decimal] = field(default_factory=dict)   # link -> largest share (NULL counts 1)


@dataclass
class Facts:
    """The tables of record, indexed for the rules."""

    rows: dict[str, list[dict[str, Any]]]
    district: str | None = None
    links: list[str] = field(default_factory=list)
    parents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: (source, target, weight) of every feeds row of record
    feeds: list[tuple[str, str, Any]] = field(default_factory=list)
    firms: dict[str, Firm] = field(default_factory=lambda: defaultdict(Firm))
    customers_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    suppliers_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    branches_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def ancestors_or_self(self, link: str) -> set[str]:
        """Every link L with ``link`` cg:subLinkOf* L (links of the tables only)."""
        found, todo = {link}, [link]
        while todo:
            for parent in self.parents.get(todo.pop(), ()):
                if parent not in found:
                    found.add(parent)
                    todo.append(parent)
        known = set(self.links)
        return found & known if link in known else set()

    def local(self, enterprise: str) -> bool:
        firm = self.firms.get(enterprise)
        return firm is not None and firm.local


def _district_parts(rows: list[dict[str, Any]], district: str) -> set[str]:
    children: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["parent"]:
            children[row["parent"]].add(row["id"])
    found, todo = {district}, [district]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def read_facts(tables: Tables) -> Facts:
    """Read every table the rules use, whole, and index it."""
    rows = {table: _read(tables.con, table) for table in _TABLES}
    facts = Facts(rows=rows, district=tables.district)
    facts.links = sorted({row["id"] for row in rows["links"]})
    for row in rows["links"]:
        if row["parent"]:
            facts.parents[row["id"]].add(row["parent"])
    facts.feeds = [(row["source"], row["target"], row["weight"]) for row in rows["feeds"]]
    seen_from = tables.region or tables.district
    parts = _district_parts(rows["districts"], seen_from) if seen_from else None
    for row in rows["enterprises"]:
        firm = facts.firms[row["id"]]
        firm.local = firm.local or ((row["is_local"] or tables.region is not None)
                                    and (parts is None or row["district"] in parts))
        if row["revenue"] is not None:
            firm.revenue = row["revenue"] if firm.revenue is None else max(firm.revenue, row["revenue"])
        if row.get("registered_capital") is not None:
            capital = row["registered_capital"]
            firm.capital = capital if firm.capital is None else max(firm.capital, capital)
        if row.get("employees") is not None:
            firm.employees = row["employees"] if firm.employees is None else max(firm.employees, row["employees"])
        firm.flags.update(flag for flag in ("listed", "specialised", "high_tech", "chain_leader") if row[flag])
        firm.names.add(row["name"])
        if row["province"] is not None:
            firm.provinces.add(row["province"])
        if row["expansion_signal"]:
            firm.signals.add(row["expansion_signal"])
        if row["parent_group"]:
            facts.branches_of[row["parent_group"]].add(row["id"])
    for row in rows["operations"]:
        firm = facts.firms[row["enterprise"]]
        share = row["share"] if row["share"] is not None else Decimal(1)
        firm.shares[row["link"]] = max(firm.shares.get(row["link"], share), share)
    for row in rows["supply"]:
        facts.customers_of[row["supplier"]].add(row["customer"])
        facts.suppliers_of[row["customer"]].add(row["supplier"])
    return facts


def _rounded(lq: Decimal | None) -> Decimal | None:
    """The LQ the thresholds see: half-up to 6 decimals (docs/gap-rules.md)."""
    if lq is None:
        return None
    return (lq * _MILLION + Decimal("0.5")).to_integral_value(rounding=ROUND_FLOOR) / _MILLION


def _div(a: Decimal | int, b: Decimal | int) -> Decimal | None:
    return None if b == 0 else Decimal(a) / Decimal(b)


class PythonEngine:
    """One analysis in Python over ``tables`` with ``profile`` (see :class:`chaingap.queries.gaps.GapEngine`)."""

    name = "python"

    def __init__(self, tables: Tables, profile: Profile) -> None:
        self.tables = tables
        self.profile = profile
        self._facts: Facts | None = None
        self._members: dict[str, dict[str, Decimal]] | None = None

    @property
    def facts(self) -> Facts:
        if self._facts is None:
            self._facts = read_facts(self.tables)
        return self._facts

    def members(self) -> dict[str, dict[str, Decimal]]:
        """``{link: {enterprise: share(e, link)}}``: firms working in the link or a sub-link."""
        if self._members is None:
            members: dict[str, dict[str, Decimal]] = {link: {} for link in self.facts.links}
            for enterprise, firm in self.facts.firms.items():
                for link0, share in firm.shares.items():
                    for link in self.facts.ancestors_or_self(link0):
                        held = members[link].get(enterprise)
                        members[link][enterprise] = share if held is None else max(held, share)
            self._members = members
        return self._members

    # --- what the links are called ------------------------------------------------------------

    def parents(self) -> dict[str, set[str]]:
        """``{link id: ids of its parent links}`` (every link)."""
        return {link: set(self.facts.parents.get(link, ())) for link in self.facts.links}

    def links(self) -> LinkInfo:
        by_id: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in self.facts.rows["links"]:
            by_id[row["id"]].append(row)
        chain_names: dict[str, set[str]] = defaultdict(set)
        for row in self.facts.rows["chains"]:
            chain_names[row["id"]].add(row["name"])
        info: LinkInfo = {}
        for link, rows in sorted(by_id.items()):
            chain = min((row["chain"] for row in rows), key=lambda c: terms.iri("chain", c))
            segments = [row["segment"] for row in rows if row["segment"] is not None]
            names_en = [row["name_en"] for row in rows if row["name_en"] is not None]
            info[link] = {"id": link, "name": min(row["name"] for row in rows) or link,
                          "name_en": min(names_en, default=""), "chain": chain,
                          "chain_name": min(chain_names.get(chain, ()), default=""),
                          "segment": min(segments, default="")}
        return info

    def _regions(self) -> list[tuple[str, dict[str, Any]]]:
        districts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in self.facts.rows["districts"]:
            districts[row["id"]].append(row)
        found = []
        for region in sorted({row["region"] for row in self.facts.rows["dataset"] if row["region"] is not None},
                             key=lambda r: terms.iri("district", r)):
            rows = districts.get(region, [])

            def smallest(column: str) -> Any:
                return min((row[column] for row in rows if row[column] is not None), default=None)

            found.append((region, {"name": smallest("name"), "province": place_of(rows)[0],
                                   "admin_code": smallest("admin_code")}))
        return found

    def _region_rows(self) -> list[dict[str, Any]]:
        return [row for row in self.facts.rows["districts"] if row["id"] == self.tables.region]

    def names(self, enterprises: Sequence[str]) -> dict[str, str]:
        """``{enterprise id: its smallest name}`` of ``enterprises``."""
        firms = self.facts.firms
        return {e: min(firms[e].names) for e in enterprises if e in firms and firms[e].names}

    def region(self) -> str:
        if self.tables.region:
            return min((str(r["name"]) for r in self._region_rows() if r["name"]), default=self.tables.region)
        regions = self._regions()
        return str(regions[0][1]["name"] or regions[0][0]) if regions else ""

    def region_province(self) -> str | None:
        if self.profile.region_province:
            return self.profile.region_province
        region = self.tables.region
        seen_from = region or self.tables.district
        parts = _district_parts(self.facts.rows["districts"], seen_from) if seen_from else None
        local = Counter(row["province"] for row in self.facts.rows["enterprises"]
                        if (row["is_local"] or region) and row["province"] and (parts is None or row["district"] in parts))
        places = ([place_of(self._region_rows())] if region else
                  [(item["province"], item["admin_code"]) for _, item in self._regions()])
        return choose_region_province(None, places, local)

    # --- steps 1 to 3: aggregates, quotients, statuses ----------------------------------------

    def _aggregates(self) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
        facts, profile = self.facts, self.profile
        orders = {term.code: term.order for term in STAGES}
        stages: dict[str, int] = {}
        terms_of = {(row["dataset"], row["project"]): row for row in facts.rows["project_terms"]}
        for row in facts.rows["projects"]:
            if row["stage"] in orders and project_counts(row, terms_of.get((row["dataset"], row["id"])), profile):
                stages[row["id"]] = max(stages.get(row["id"], -1), orders[row["stage"]])
        projects: dict[str, set[str]] = defaultdict(set)
        for row in facts.rows["project_links"]:
            if row["project"] in stages:
                for link in facts.ancestors_or_self(row["link"]):
                    projects[link].add(row["project"])
        aggregates = {}
        for link, members in self.members().items():
            n = key = 0
            e_r = local_max = sum_sq = e_n = Decimal(0)
            top: tuple[Decimal, str] | None = None   # the local member with the largest x, smallest IRI on ties
            for enterprise, share in members.items():
                firm = facts.firms[enterprise]
                revenue = firm.revenue if firm.revenue is not None else Decimal(0)
                x = revenue * share
                e_n += x
                if firm.local:
                    n += 1
                    e_r += x
                    local_max = max(local_max, x)
                    sum_sq += x * x
                    iri = terms.iri("enterprise", enterprise)
                    if top is None or x > top[0] or (x == top[0] and iri < terms.iri("enterprise", top[1])):
                        top = (x, enterprise)
                    if firm.flags & {"listed", "specialised", "chain_leader"} or revenue >= profile.key_revenue_min:
                        key += 1
            staged = [stages[p] for p in projects.get(link, ())]
            aggregates[link] = {"n": n, "eR": e_r, "max": local_max, "sumSq": sum_sq, "nKey": key,
                                "top": top[1] if top else None,
                                "nN": len(members), "eN": e_n, "projects": len(staged), "maxStage": max(staged, default=0)}
        working = [firm for firm in facts.firms.values() if firm.shares]

        def revenue(firm: Firm) -> Decimal:
            return firm.revenue if firm.revenue is not None else Decimal(0)

        totals: dict[str, Any] = {
            "NR": sum(1 for firm in working if firm.local),
            "ER": sum((revenue(firm) for firm in working if firm.local), Decimal(0)),
            "NN": len(working),
            "EN": sum((revenue(firm) for firm in working), Decimal(0)),
        }
        bench: dict[str, dict[str, Any]] = defaultdict(lambda: {"bn": None, "be": None})
        for row in facts.rows["benchmarks"]:
            held = bench[row["link"]]
            for key, column in (("bn", "enterprises"), ("be", "revenue")):
                if row[column] is not None:
                    held[key] = row[column] if held[key] is None else max(held[key], row[column])
        parents = {parent for ps in facts.parents.values() for parent in ps}
        leaves = [values for link, values in bench.items() if link not in parents]
        totals["BN"] = sum(v["bn"] for v in leaves if v["bn"] is not None) or None
        totals["BE"] = sum((v["be"] for v in leaves if v["be"] is not None), Decimal(0)) or None
        totals["bench"] = bench
        return aggregates, totals

    def _lq(self, agg: dict[str, Any], totals: dict[str, Any], bench: dict[str, Any]) -> tuple[Any, Any, Any, str]:
        profile = self.profile
        count_graph = _div(agg["n"] * totals["NN"], totals["NR"] * agg["nN"])
        revenue_graph = None
        if totals["ER"] and agg["eN"]:
            revenue_graph = (agg["eR"] * totals["EN"]) / (totals["ER"] * agg["eN"])
        count_data = revenue_data = None
        bn, be = bench.get("bn"), bench.get("be")
        if totals["BN"] is not None and bn and totals["NR"]:
            count_data = Decimal(agg["n"] * totals["BN"]) / Decimal(totals["NR"] * bn)
        if totals["BE"] is not None and be and totals["ER"]:
            revenue_data = (agg["eR"] * totals["BE"]) / (totals["ER"] * be)
        dataset = profile.benchmark == "dataset"
        lq_count = (count_data if count_data is not None else count_graph) if dataset else count_graph
        lq_revenue = (revenue_data if revenue_data is not None else revenue_graph) if dataset else revenue_graph
        basis = "count" if profile.lq_basis == "count" or (
            profile.lq_basis == "auto" and (agg["eR"] == 0 or lq_revenue is None)) else "revenue"
        return lq_count, lq_revenue, (lq_count if basis == "count" else lq_revenue), basis

    def _benchmark_count(self, agg: dict[str, Any], bench: dict[str, Any]) -> int:
        """The benchmark firms a link's evidence rests on: the dataset's count when used, else the graph's."""
        if self.profile.benchmark == "dataset" and bench.get("bn"):
            return int(bench["bn"])
        return int(agg["nN"])

    def _strong(self, n: int, lq: Decimal | None, benchmark_count: int) -> bool:
        rounded, profile = _rounded(lq), self.profile
        return (n >= profile.strong_count_min and n >= profile.evidence_local_min
                and benchmark_count >= profile.evidence_benchmark_min
                and rounded is not None and rounded >= profile.strong_lq_min)

    def statuses(self) -> dict[str, tuple[str, bool, dict[str, Any]]]:
        """``{link id: (status, extension, metrics)}``, as the SQL engine's."""
        with decimal.localcontext(prec=_PRECISION):
            return self._statuses()

    def _statuses(self) -> dict[str, tuple[str, bool, dict[str, Any]]]:
        facts, profile = self.facts, self.profile
        aggregates, totals = self._aggregates()
        links = facts.links
        lqs = {link: self._lq(aggregates[link], totals, totals["bench"].get(link, {})) for link in links}
        counts = {link: self._benchmark_count(aggregates[link], totals["bench"].get(link, {})) for link in links}
        strong = {link for link in links if self._strong(aggregates[link]["n"], lqs[link][2], counts[link])}
        graph = nx.DiGraph()
        graph.add_nodes_from(links)
        feeds = kept_feeds(facts.feeds, profile.min_feed_weight)  # lighter edges are ignored
        graph.add_edges_from((a, b) for a, b in feeds if a in graph and b in graph)
        measures = criticality(link_graph(links, feeds))
        result = {}
        for link in links:
            agg, (lq_count, lq_revenue, lq, basis) = aggregates[link], lqs[link]
            n, rounded = agg["n"], _rounded(lq)
            if counts[link] == 0:
                status = "no_data"
            elif n == 0 and agg["maxStage"] >= profile.being_filled_order:
                status = "being_filled"
            elif counts[link] < profile.evidence_benchmark_min or 0 < n < profile.evidence_local_min:
                status = "insufficient_evidence"
            elif n == 0:
                status = "missing"
            elif link in strong:
                status = "strong"
            elif n < profile.weak_count_below or (rounded is not None and rounded < profile.weak_lq_below):
                status = "weak"
            else:
                status = "normal"
            downstream, upstream = set(graph.successors(link)), set(graph.predecessors(link))
            strong_neighbours = len((downstream | upstream) & strong)
            feeds_strong = bool(downstream & strong)
            bench = totals["bench"].get(link, {})
            top_share = (agg["max"] / agg["eR"]) if agg["eR"] > 0 else _div(1, n)
            hhi = (agg["sumSq"] / (agg["eR"] * agg["eR"])) if agg["eR"] > 0 else _div(1, n)
            single_firm = status in ("strong", "normal") and (
                (top_share is not None and _rounded(top_share) > profile.top_share_above)
                or (hhi is not None and _rounded(hhi) > profile.hhi_above))
            values = (
                n, agg["eR"], agg["nKey"], agg["nN"], agg["eN"], bench.get("bn"), bench.get("be"),
                lq_count, lq_revenue, lq, basis,
                top_share, hhi,
                agg["projects"], agg["maxStage"], measures[link][0], measures[link][1],
                strong_neighbours, feeds_strong, feeds_strong and n == 0 and status in ("missing", "being_filled"),
                agg["top"], single_firm,
            )
            extension = status in ("missing", "being_filled", "weak") and strong_neighbours > 0
            result[link] = (status, extension, dict(zip(METRICS, values)))
        return result

    # --- step 4: rankings ---------------------------------------------------------------------

    def rankings(self, target_links: Sequence[str], expand_links: Sequence[str]) -> tuple[dict[str, list[Row]], dict[str, list[Row]]]:
        """Ranked candidates of ``target_links`` and local firms able to expand in ``expand_links``."""
        classify = classifier_for(self.region_province()) if target_links else None
        external = {link: self._ranked(link, self.profile.top_n, classify) for link in target_links}
        top = self.profile.expand_top_n
        local = {link: self._ranked(link, top, None) for link in expand_links} if top else {}
        return ({link: rows for link, rows in external.items() if rows},
                {link: rows for link, rows in local.items() if rows})

    def _ranked(self, link: str, top: int, classify: Any) -> list[Row]:
        external = classify is not None
        rows = []
        held = (self._held_back().get(link, set()) | self._declined()) if external else set()
        for enterprise, share in self.members().get(link, {}).items():
            if self.facts.local(enterprise) == external or enterprise in held:
                continue
            parts, details = self._parts(enterprise, share, classify)
            firm = self.facts.firms[enterprise]
            rows.append((enterprise, min(firm.names) if firm.names else None, sum(parts.values(), Decimal(0)),
                         parts, details))
        rows.sort(key=lambda row: (-row[2], terms.iri("enterprise", row[0])))
        return rows[:top]

    def _held_back(self) -> dict[str, set[str]]:
        """link -> investors of projects that count for it or a sub-link: not ranked there."""
        if getattr(self, "_held", None) is None:
            facts = self.facts
            terms_of = {(row["dataset"], row["project"]): row for row in facts.rows["project_terms"]}
            investors = {row["id"]: row["investor_id"] for row in facts.rows["projects"]
                         if row["investor_id"] and project_counts(row, terms_of.get((row["dataset"], row["id"])),
                                                                  self.profile)}
            held: dict[str, set[str]] = defaultdict(set)
            for row in facts.rows["project_links"]:
                if row["project"] in investors:
                    for link in facts.ancestors_or_self(row["link"]):
                        held[link].add(investors[row["project"]])
            self._held = held
        return self._held

    def _declined(self) -> set[str]:
        """Firms whose latest contact is a decline less than ``declined_hold_days`` days before
        their dataset's as_of (docs/pipeline.md, outreach): not ranked as candidates anywhere."""
        if getattr(self, "_declines", None) is None:
            as_of = {row["dataset"]: row["as_of"] for row in self.facts.rows["dataset"]}
            hold = dt.timedelta(days=self.profile.declined_hold_days)
            contacts = self.facts.rows["outreach"]
            latest_other: dict[str, dt.date] = {}
            for row in contacts:
                if row["kind"] != "declined":
                    latest_other[row["enterprise"]] = max(row["on_date"], latest_other.get(row["enterprise"], row["on_date"]))
            self._declines = {
                row["enterprise"] for row in contacts
                if row["kind"] == "declined" and as_of.get(row["dataset"]) is not None
                and row["on_date"] + hold > as_of[row["dataset"]]
                and not latest_other.get(row["enterprise"], row["on_date"]) > row["on_date"]}
        return self._declines

    def _parts(self, enterprise: str, share: Decimal, classify: Any) -> tuple[dict[str, Decimal], dict[str, Any]]:
        facts, w = self.facts, self.profile.weights
        firm = facts.firms[enterprise]
        basis, size = _size_of(firm)
        quality = Decimal(sum(1 for flag in _QUALITY if flag in firm.flags)) / 4
        signal = min(firm.signals) if firm.signals else None
        parts = {"fit": w["fit"] * share, "size": w["size"] * size, "quality": w["quality"] * quality}
        details: dict[str, Any] = {"signal": signal, "revenue": firm.revenue, "size_basis": basis}
        if classify is not None:
            customers = {c for c in facts.customers_of.get(enterprise, ()) if facts.local(c)}
            suppliers = {s for s in facts.suppliers_of.get(enterprise, ()) if facts.local(s)}
            branches = {b for b in facts.branches_of.get(enterprise, ()) if facts.local(b)}
            classes = {classify(p) for p in firm.provinces} - {"other"}
            klass = min(classes) if classes else "other"
            parts["ties"] = w["ties"] * (Decimal(min(len(customers) + len(suppliers), 2)) / 2)
            parts["group"] = w["group"] * (1 if branches else 0)
            parts["proximity"] = w["proximity"] * self.profile.proximity[klass]
            details.update(local_customers=len(customers), local_suppliers=len(suppliers), local_branches=len(branches),
                           proximity_class=klass, province=min(firm.provinces) if firm.provinces else None)
        parts["expansion"] = w["expansion"] * (1 if signal else 0)
        order = PART_NAMES if classify is not None else LOCAL_PART_NAMES
        return {name: parts[name] for name in order}, details

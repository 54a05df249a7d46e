"""Leads (招商线索): whom to approach through the firms the city already has, as structure.

Four kinds (docs/gap-rules.md, "Leads"):

- ``suppliers`` / ``customers`` (以商招商): non-local firms that supply the city's anchor
  firms (链主/龙头: a local enterprise marked ``chain_leader``), or that an anchor supplies,
  one lead per firm, anchor, link and product;
- ``groups``: parent groups of local branches, the group itself outside the region, that
  work in a link the city lacks or is weak in (the profile's ``targets.statuses``);
- ``expansion``: the local firms able to expand (the analysis's ``expand_locally`` list),
  with their expansion signal and the as-of date of the data that states it.

Engines: ``sql`` (``sql/leads_*.sql`` on the tables of record), ``sparql``
(``sparql/leads_*.rq`` on the graph built from them) and ``python`` (plain Python over the
same tables, the oracle). They return the same rows; this module turns rows into
:class:`Lead` objects in one way, with the link statuses of an :class:`~.results.Analysis`.
Each lead carries its reasons as codes (``supplies_anchor``, ``buys_from_anchor``,
``group_of_local``, ``status:<code>``, ``expansion_signal``); the sentences are written by
``chaingap.report.leads``. Leads change no score: see docs/gap-rules.md for the parts of the
targets ranking that already count the same facts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from chaingap.ontology import terms
from chaingap.ontology.terms import Iri

from . import load_query
from .backend import select
from .common import safe_local_id
from .params import render
from .profile import load_profile
from .results import Analysis, plain
from .sources import Tables, sparql_of, tables_of

__all__ = ["LEAD_KINDS", "LEAD_ENGINES", "Lead", "leads", "supply_rows", "group_rows"]

LEAD_KINDS = ("suppliers", "customers", "groups", "expansion")
LEAD_ENGINES = ("sql", "sparql", "python")

#: One supply lead row: (lead, lead name, lead province, anchor, anchor name, link, product, product name).
SupplyRow = tuple[str, Any, Any, str, Any, Any, Any, Any]
#: One group lead row: (group, group name, group province, link, branch, branch name).
GroupRow = tuple[str, Any, Any, str, str, Any]


@dataclass
class Lead:
    """One lead: a firm to approach, the link it would fill, and why (``reasons``, codes).

    ``anchor`` is the local 链主 a supplier/customer lead is tied to; ``product`` the product
    of the supply row when it names one; ``branches`` the local branches of a group lead
    (ids, with ``branch_names``); ``signal`` and ``as_of`` the expansion signal and the date
    of the data stating it; ``score`` the expand-locally score of an expansion lead. The
    supply table states no amount, so a lead carries none.
    """

    kind: str
    enterprise: str
    name: str
    link: str | None
    link_name: str = ""
    link_status: str | None = None
    province: str = ""
    anchor: str | None = None
    anchor_name: str = ""
    product: str | None = None
    product_name: str = ""
    branches: list[str] = field(default_factory=list)
    branch_names: list[str] = field(default_factory=list)
    signal: str | None = None
    as_of: Any = None
    score: Decimal | None = None
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return plain(asdict(self))


def _text(value: Any) -> Any:
    return None if value is None else str(value)


# --- the rows, by engine ---------------------------------------------------------------------

def _sql(tables: Tables, name: str, params: dict[str, Any]) -> list[tuple]:
    return [tuple(row) for row in tables.con.execute(load_query(name, "sql"), params).fetchall()]


def _read(tables: Tables, table: str) -> list[dict[str, Any]]:
    cursor = tables.con.execute(f'SELECT * FROM "{table}"')  # a name from this module, never from data
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _python_firms(tables: Tables) -> dict[str, dict[str, Any]]:
    """Per enterprise id: local (any row, within the district), chain leader (any row), smallest name and province."""
    from .python_engine import _district_parts  # the oracle's own reading of the district rule

    parts = _district_parts(_read(tables, "districts"), tables.district) if tables.district else None
    firms: dict[str, dict[str, Any]] = {}
    for row in _read(tables, "enterprises"):
        firm = firms.setdefault(row["id"], {"local": False, "leader": False, "names": set(), "provinces": set(),
                                            "group": set()})
        firm["local"] |= bool(row["is_local"]) and (parts is None or row["district"] in parts)
        firm["leader"] |= bool(row["chain_leader"])
        firm["names"].add(row["name"])
        if row["province"] is not None:
            firm["provinces"].add(row["province"])
        if row["parent_group"] is not None:
            firm["group"].add(row["parent_group"])
    return firms


def _smallest(values: set[str]) -> str | None:
    return min(values) if values else None


def _python_supply(tables: Tables, kind: str) -> list[SupplyRow]:
    firms = _python_firms(tables)
    products: dict[str, dict[str, Any]] = {}
    for row in _read(tables, "products"):
        held = products.setdefault(row["id"], {"names": set(), "links": set()})
        held["names"].add(row["name"])
        held["links"].add(row["link"])
    works: dict[str, set[str]] = defaultdict(set)
    for row in _read(tables, "operations"):
        works[row["enterprise"]].add(row["link"])
    found: set[SupplyRow] = set()
    for row in _read(tables, "supply"):
        lead, anchor = (row["supplier"], row["customer"]) if kind == "suppliers" else (row["customer"], row["supplier"])
        a, f = firms.get(anchor), firms.get(lead)
        if a is None or not (a["local"] and a["leader"]) or (f is not None and f["local"]):
            continue
        product = products.get(row["product"]) if row["product"] is not None else None
        links = (product["links"] if product else None) or works.get(lead) or {None}
        for link in links:
            found.add((lead, _smallest(f["names"]) if f else None, _smallest(f["provinces"]) if f else None,
                       anchor, _smallest(a["names"]), link, row["product"],
                       _smallest(product["names"]) if product else None))
    return list(found)


def _python_groups(tables: Tables, links: Sequence[str]) -> list[GroupRow]:
    firms = _python_firms(tables)
    parents: dict[str, set[str]] = defaultdict(set)
    for row in _read(tables, "links"):
        if row["parent"] is not None:
            parents[row["id"]].add(row["parent"])

    def ancestors_or_self(link: str) -> set[str]:
        found, todo = {link}, [link]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in found:
                    found.add(parent)
                    todo.append(parent)
        return found

    member_of: dict[str, set[str]] = defaultdict(set)
    for row in _read(tables, "operations"):
        member_of[row["enterprise"]] |= ancestors_or_self(row["link"])
    wanted = set(links)
    found: set[GroupRow] = set()
    for branch, firm in firms.items():
        if not firm["local"]:
            continue
        for group in firm["group"]:
            g = firms.get(group)
            if g is not None and g["local"]:
                continue
            for link in member_of.get(group, set()) & wanted:
                found.add((group, _smallest(g["names"]) if g else None, _smallest(g["provinces"]) if g else None,
                           link, branch, _smallest(firm["names"])))
    return list(found)


def supply_rows(source: Any, kind: str, engine: str = "sql") -> list[SupplyRow]:
    """The supplier (or customer) lead rows of ``source`` by ``engine``, in no particular order."""
    if kind not in ("suppliers", "customers"):
        raise ValueError(f"kind must be suppliers or customers, not {kind!r}")
    if engine == "sql":
        tables = tables_of(source)
        return _sql(tables, "leads_supply", {"kind": kind, "district": tables.district})
    if engine == "python":
        return _python_supply(tables_of(source), kind)
    if engine == "sparql":
        rows = select(sparql_of(source), render(load_query("leads_supply"), {"kind": kind}))
        return [(safe_local_id(r["lead"]), r["leadName"], r["leadProvince"], safe_local_id(r["anchor"]),
                 r["anchorName"], safe_local_id(r["link"]) if r["link"] else None,
                 safe_local_id(r["product"]) if r["product"] else None, r["productName"]) for r in rows]
    raise ValueError(f"engine must be one of {LEAD_ENGINES}, not {engine!r}")


def group_rows(source: Any, links: Sequence[str], engine: str = "sql") -> list[GroupRow]:
    """The group lead rows of ``source`` for ``links`` by ``engine``, in no particular order."""
    if engine == "sql":
        tables = tables_of(source)
        return _sql(tables, "leads_groups", {"links": list(links), "district": tables.district})
    if engine == "python":
        return _python_groups(tables_of(source), links)
    if engine == "sparql":
        table = {"links": [(Iri(terms.iri("link", link)),) for link in links]}
        rows = select(sparql_of(source), render(load_query("leads_groups"), {}, table))
        return [(safe_local_id(r["group"]), r["groupName"], r["groupProvince"], safe_local_id(r["link"]),
                 safe_local_id(r["branch"]), r["branchName"]) for r in rows]
    raise ValueError(f"engine must be one of {LEAD_ENGINES}, not {engine!r}")


# --- rows -> leads ---------------------------------------------------------------------------

def _order(link: str | None, enterprise: str, *more: str | None) -> tuple:
    """Link id (unknown last), then IRIs: one order for every engine's rows."""
    return (link is None, link or "", terms.iri("enterprise", enterprise),
            *(("" if item is None else terms.iri("enterprise", item)) for item in more))


def _supply_leads(rows: list[SupplyRow], kind: str, analysis: Analysis) -> list[Lead]:
    statuses = {link.id: link for link in analysis.links}
    tag = "supplies_anchor" if kind == "suppliers" else "buys_from_anchor"
    found = []
    for lead, name, province, anchor, anchor_name, link, product, product_name in set(rows):
        info = statuses.get(link) if link else None
        reasons = [f"{tag}:{anchor}"] + ([f"status:{info.status}"] if info else [])
        found.append(Lead(kind=kind, enterprise=lead, name=_text(name) or lead, link=link,
                          link_name=info.name if info else "", link_status=info.status if info else None,
                          province=_text(province) or "", anchor=anchor, anchor_name=_text(anchor_name) or anchor,
                          product=product, product_name=_text(product_name) or "", reasons=reasons))
    found.sort(key=lambda item: (*_order(item.link, item.enterprise, item.anchor), item.product or ""))
    return found


def _group_leads(rows: list[GroupRow], analysis: Analysis) -> list[Lead]:
    statuses = {link.id: link for link in analysis.links}
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for group, name, province, link, branch, branch_name in set(rows):
        held = grouped.setdefault((group, link), {"name": _text(name) or group, "province": _text(province) or "",
                                                  "branches": {}})
        held["branches"][branch] = _text(branch_name) or branch
    found = []
    for (group, link), held in grouped.items():
        info = statuses[link]
        branches = sorted(held["branches"], key=lambda b: terms.iri("enterprise", b))
        found.append(Lead(kind="groups", enterprise=group, name=held["name"], link=link, link_name=info.name,
                          link_status=info.status, province=held["province"], branches=branches,
                          branch_names=[held["branches"][b] for b in branches],
                          reasons=[f"group_of_local:{len(branches)}", f"status:{info.status}"]))
    found.sort(key=lambda item: _order(item.link, item.enterprise))
    return found


def _expansion_leads(source: Any, analysis: Analysis) -> list[Lead]:
    statuses = {link.id: link for link in analysis.links}
    ids = sorted({target.enterprise for target in analysis.expand_locally})
    signals = {}
    if ids:
        signals = {row[0]: (row[1], row[2]) for row in _sql(tables_of(source), "leads_signals", {"enterprises": ids})}
    found = []
    for target in analysis.expand_locally:
        info = statuses[target.link]
        signal, as_of = signals.get(target.enterprise, (None, None))
        found.append(Lead(kind="expansion", enterprise=target.enterprise, name=target.name, link=target.link,
                          link_name=info.name, link_status=info.status, score=target.score,
                          signal=signal, as_of=as_of,
                          reasons=(["expansion_signal"] if signal else []) + [f"status:{info.status}"]))
    return found


def leads(source: Any, analysis: Analysis, kind: str, engine: str = "sql",
          statuses: Sequence[str] | None = None) -> list[Lead]:
    """The leads of ``kind`` in ``source``, with the link statuses of ``analysis``.

    ``statuses`` (groups only): the link statuses that ask for recruitment; default the
    default profile's ``targets.statuses`` (missing and weak); pass the run's own.
    Expansion leads come from ``analysis.expand_locally`` whatever the engine; their signal
    and date are read from the tables.
    """
    if kind in ("suppliers", "customers"):
        return _supply_leads(supply_rows(source, kind, engine), kind, analysis)
    if kind == "groups":
        wanted = tuple(statuses) if statuses is not None else load_profile().target_statuses
        links = [link.id for link in analysis.links if link.status in wanted]
        return _group_leads(group_rows(source, links, engine), analysis) if links else []
    if kind == "expansion":
        return _expansion_leads(source, analysis)
    raise ValueError(f"kind must be one of {LEAD_KINDS}, not {kind!r}")

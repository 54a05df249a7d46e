"""The recruitment pipeline's figures (docs/pipeline.md): projects signed in a period, and the
landing, start and statistics-entry rates of a signing cohort, for the city or one district.

The SQL files are the engine (``queries/sql/pipeline_projects.sql`` for the projects that
count and their credit, ``pipeline_signed.sql`` and ``pipeline_rates.sql`` for the figures);
``queries/sparql/pipeline_signed.rq`` and ``pipeline_rates.rq`` answer the same over the graph
and are held equal to them by the tests, and so do ``pipeline_month`` (the month's signings,
stage changes and transfers) and ``pipeline_stage_on`` (each project's stage on a day) in SQL,
SPARQL and Cypher: ``f`` runs the SQL, ``sparql_f`` the ``.rq``, ``cypher_f`` the ``.cypher``. Counts are credit-weighted sums (docs/pipeline.md:
transfers); ratios are exact decimals, rounded only where they are shown.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterator

import pyarrow as pa

from chaingap.ontology.vocab import STAGES

from . import load_query
from .profile import Profile, load_profile
from .sql_engine import threshold_parameters
from .sources import tables_of

__all__ = ["SignedFigures", "Rate", "signed", "rates", "sparql_signed", "sparql_rates", "cypher_signed", "cypher_rates",
           "credited", "month_facts", "excluded", "sparql_month_facts", "cypher_month_facts", "stages_on", "sparql_stages_on",
           "cypher_stages_on", "RATE_STAGES", "cohort_period"]

#: Each rate and the stage a cohort project must have reached by the as-of date.
RATE_STAGES = {"landing": "landed", "start": "started", "statistics": "in_statistics"}


@dataclass(frozen=True)
class SignedFigures:
    """What ``chaingap projects signed`` reports for one period (docs/pipeline.md)."""

    period_from: dt.date
    period_to: dt.date
    district: str | None
    projects: Decimal
    investment: Decimal
    projects_before: Decimal
    investment_before: Decimal
    projects_growth: Decimal | None
    investment_growth: Decimal | None
    target_projects: int | None
    projects_of_target: Decimal | None
    target_investment: Decimal | None
    investment_of_target: Decimal | None
    manufacturing: Decimal
    manufacturing_share: Decimal | None
    key_chain: Decimal
    key_chain_share: Decimal | None
    project_ids: tuple[str, ...] = field(default_factory=tuple)
    project_ids_before: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Rate:
    """One rate of a cohort: numerator / denominator, and the project ids of both."""

    rate: str
    stage: str
    numerator: Decimal
    denominator: Decimal
    value: Decimal | None
    reached: tuple[str, ...]
    cohort: tuple[str, ...]


def cohort_period(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _stage_orders() -> pa.Table:
    return pa.table({"stage": [term.code for term in STAGES], "stage_order": [term.order for term in STAGES]})


@contextmanager
def _base(con: Any, profile: Profile, as_of: dt.date, district: str | None) -> Iterator[None]:
    """``pipeline_base``: the rows of pipeline_projects.sql, registered for the figure queries."""
    con.register("gap_stage_orders", _stage_orders())
    try:
        params = {**threshold_parameters(profile), "as_of": as_of, "district": district}
        base = con.sql(load_query("pipeline_projects", "sql"), params=params).to_arrow_table()
    finally:
        con.unregister("gap_stage_orders")
    con.register("pipeline_base", base)
    try:
        yield
    finally:
        con.unregister("pipeline_base")


def _dec(value: Any) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def signed(source: Any, period_from: dt.date, period_to: dt.date, district: str | None = None,
           profile: Profile | None = None) -> SignedFigures:
    """Projects signed in ``[period_from, period_to]`` that count, for ``district`` or the city."""
    profile = load_profile(profile)
    con = tables_of(source).con
    with _base(con, profile, period_to, district):
        cursor = con.execute(load_query("pipeline_signed", "sql"),
                             {"period_from": period_from, "period_to": period_to, "district": district})
        names = [column[0] for column in cursor.description]
        [values] = cursor.fetchall()
        row = dict(zip(names, values))
    ids = {key: tuple(row.pop(key) or ()) for key in ("project_ids", "project_ids_before")}
    values = {key: (_dec(value) if key != "target_projects" else value) for key, value in row.items()}
    return SignedFigures(period_from, period_to, district, **values, **ids)


def rates(source: Any, cohort_year: int, as_of: dt.date, district: str | None = None,
          profile: Profile | None = None) -> list[Rate]:
    """The landing, start and statistics rates of the ``cohort_year`` cohort as of ``as_of``."""
    profile = load_profile(profile)
    con = tables_of(source).con
    first, last = cohort_period(cohort_year)
    with _base(con, profile, as_of, district):
        rows = con.execute(load_query("pipeline_rates", "sql"),
                           {"cohort_from": first, "cohort_to": last,
                            **{name: STAGES.order(stage) for name, stage in
                               (("landed", "landed"), ("started", "started"), ("in_statistics", "in_statistics"))}}
                           ).fetchall()
    return [Rate(rate, RATE_STAGES[rate], _dec(numerator), _dec(denominator), _dec(value), tuple(reached), tuple(cohort))
            for rate, numerator, denominator, value, reached, cohort in rows]


# --- the same figures over the graph (queries/sparql/pipeline_*.rq) ----------------------------------

def _sparql_params(profile: Profile, district: str | None) -> dict[str, Any]:
    from chaingap.ontology.terms import iri

    from .sparql_engine import threshold_params

    return {**threshold_params(profile), "district": iri("district", district) if district else None}


def _ids(text: str | None) -> tuple[str, ...]:
    from chaingap.ontology.terms import local_id

    return tuple(sorted(local_id(item) for item in (text or "").split()))


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:                     # 29 February
        return day.replace(year=day.year - 1, day=28)


def sparql_signed(graph: Any, period_from: dt.date, period_to: dt.date, district: str | None = None,
                  profile: Profile | None = None) -> SignedFigures:
    """:func:`signed` from ``pipeline_signed.rq`` over ``graph`` (a store or a pyoxigraph Store)."""
    from .backend import select
    from .params import render

    profile = load_profile(profile)
    params = {**_sparql_params(profile, district), "periodFrom": period_from, "periodTo": period_to,
              "beforeFrom": _year_before(period_from), "beforeTo": _year_before(period_to), "year": period_to.year}
    [row] = select(graph, render(load_query("pipeline_signed"), params))
    value = {name: _dec(row.get(name)) for name in row if name not in ("ids", "idsBefore")}
    target = row.get("targetProjects")
    return SignedFigures(period_from, period_to, district, value["projects"], value["investment"],
                         value["projectsBefore"], value["investmentBefore"], value.get("projectsGrowth"),
                         value.get("investmentGrowth"), int(target) if target is not None else None,
                         value.get("projectsOfTarget"), value.get("targetInvestment"), value.get("investmentOfTarget"),
                         value["manufacturing"], value.get("manufacturingShare"), value["keyChain"],
                         value.get("keyChainShare"), _ids(row.get("ids")), _ids(row.get("idsBefore")))


def sparql_rates(graph: Any, cohort_year: int, as_of: dt.date, district: str | None = None,
                 profile: Profile | None = None) -> list[Rate]:
    """:func:`rates` from ``pipeline_rates.rq`` over ``graph``."""
    from .backend import select
    from .params import render
    from .sparql_engine import stage_table

    profile = load_profile(profile)
    first, last = cohort_period(cohort_year)
    params = {**_sparql_params(profile, district), "cohortFrom": first, "cohortTo": last, "asOf": as_of}
    rows = {row["rate"]: row for row in select(graph, render(load_query("pipeline_rates"), params,
                                                             {"stages": stage_table()}))}
    found = []
    for rate, stage in RATE_STAGES.items():
        row = rows.get(rate, {})
        found.append(Rate(rate, stage, _dec(row.get("numerator", 0)), _dec(row.get("denominator", 0)),
                          _dec(row.get("value")), _ids(row.get("reached")), _ids(row.get("cohort"))))
    return found


# --- what the monthly report lists ------------------------------------------------------------

def credited(source: Any, as_of: dt.date, district: str | None = None,
             profile: Profile | None = None) -> dict[str, Decimal]:
    """project id -> its weight for ``district`` (1 for the city), of the projects that count
    signed by ``as_of`` (pipeline_projects.sql)."""
    profile = load_profile(profile)
    con = tables_of(source).con
    with _base(con, profile, as_of, district):
        return {project: _dec(weight) for project, weight in
                con.execute("SELECT project, weight FROM pipeline_base ORDER BY project").fetchall()}


def month_facts(source: Any, period_from: dt.date, period_to: dt.date,
                profile: Profile | None = None) -> list[dict[str, Any]]:
    """Signings, stage events and transfers of the projects that count in the period
    (pipeline_month.sql), as dicts."""
    profile = load_profile(profile)
    con = tables_of(source).con
    cursor = con.execute(load_query("pipeline_month", "sql"),
                         {**threshold_parameters(profile), "period_from": period_from, "period_to": period_to})
    names = [column[0] for column in cursor.description]
    return _facts_ordered([dict(zip(names, row)) for row in cursor.fetchall()])


def excluded(source: Any, period_from: dt.date, period_to: dt.date,
             profile: Profile | None = None) -> list[dict[str, Any]]:
    """The projects signed in the period that do not count, each with its reason (``framework``,
    ``no_amount``, ``below_threshold``; pipeline_excluded.sql): kept and shown, never counted."""
    profile = load_profile(profile)
    con = tables_of(source).con
    cursor = con.execute(load_query("pipeline_excluded", "sql"),
                         {**threshold_parameters(profile), "period_from": period_from, "period_to": period_to})
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _facts_ordered(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """pipeline_month.sql's order (kind, date, project), ties broken alike in every engine."""
    return sorted(facts, key=lambda f: (f["kind"], f["on_date"], f["project"], f["stage"] or "",
                                        f["to_district"] or ""))


def _stage_code(value: Any) -> str | None:
    """A stage individual's IRI (cg:landed) -> its code (landed)."""
    return None if value is None else STAGES.by_iri_name(str(value).rsplit("#", 1)[-1].rsplit("/", 1)[-1])


def _fact(kind: str, project: str, name: str, district: str, stage: Any, on: Any, moved_from: str | None,
          moved_to: str | None, credit: Decimal | None, investment: Decimal | None) -> dict[str, Any]:
    """One row of month_facts from a graph engine: ids back from IRIs, stages as codes."""
    from chaingap.ontology.terms import local_id

    return {"kind": kind, "project": local_id(project), "name": name, "district": local_id(district),
            "stage": _stage_code(stage), "on_date": _native_day(on),
            "from_district": local_id(moved_from) if moved_from else None,
            "to_district": local_id(moved_to) if moved_to else None, "credit": credit, "investment": investment}


def _native_day(value: Any) -> Any:
    """A Neo4j date as a ``datetime.date`` (a Python date unchanged)."""
    return value.to_native() if hasattr(value, "to_native") else value


def sparql_month_facts(graph: Any, period_from: dt.date, period_to: dt.date,
                       profile: Profile | None = None) -> list[dict[str, Any]]:
    """:func:`month_facts` from ``pipeline_month.rq`` over ``graph``."""
    from .backend import select
    from .params import render

    profile = load_profile(profile)
    params = {**_sparql_params(profile, None), "periodFrom": period_from, "periodTo": period_to}
    params.pop("district")
    rows = select(graph, render(load_query("pipeline_month"), params))
    return _facts_ordered([_fact(r["kind"], r["p"], r["name"], r["d"], r.get("stage"), r["on"], r.get("fromDistrict"),
                                 r.get("toDistrict"), _dec(r.get("credit")), _dec(r.get("inv"))) for r in rows])


def cypher_month_facts(settings: Any, period_from: dt.date, period_to: dt.date,
                       profile: Profile | None = None) -> list[dict[str, Any]]:
    """:func:`month_facts` from ``pipeline_month.cypher`` on the Neo4j at ``settings`` (amounts as floats)."""
    from chaingap.graph.neo4j import run_cypher_file

    profile = load_profile(profile)
    params = {**_cypher_params(profile, None), "periodFrom": period_from, "periodTo": period_to}
    params.pop("district")
    rows = run_cypher_file("pipeline_month", settings, **params)
    return _facts_ordered([_fact(r["kind"], r["project"], r["name"], r["district"], r["stage"], r["on"],
                                 r["fromDistrict"], r["toDistrict"], _float_dec(r["credit"]),
                                 _float_dec(r["investment"])) for r in rows])


def stages_on(source: Any, as_of: dt.date) -> dict[str, str]:
    """project id -> its stage on ``as_of`` (the furthest stage with an event by then;
    pipeline_stage_on.sql), for every project with an event by then, counted or not."""
    con = tables_of(source).con
    con.register("gap_stage_orders", _stage_orders())
    try:
        rows = con.execute(load_query("pipeline_stage_on", "sql"), {"as_of": as_of}).fetchall()
    finally:
        con.unregister("gap_stage_orders")
    return {project: stage for project, stage, _order in rows}


def sparql_stages_on(graph: Any, as_of: dt.date) -> dict[str, str]:
    """:func:`stages_on` from ``pipeline_stage_on.rq`` over ``graph``."""
    from chaingap.ontology.terms import local_id

    from .backend import select
    from .params import render
    from .sparql_engine import stage_table

    text = render(load_query("pipeline_stage_on"), {"asOf": as_of}, {"stages": stage_table()})
    return {local_id(row["p"]): _stage_code(row["stage"]) for row in select(graph, text)}


def cypher_stages_on(settings: Any, as_of: dt.date) -> dict[str, str]:
    """:func:`stages_on` from ``pipeline_stage_on.cypher`` on the Neo4j at ``settings``."""
    from chaingap.graph.neo4j import run_cypher_file
    from chaingap.ontology.terms import local_id

    return {local_id(row["project"]): _stage_code(row["stage"])
            for row in run_cypher_file("pipeline_stage_on", settings, asOf=as_of)}


# --- the same figures from Neo4j (queries/cypher/pipeline_*.cypher) -----------------------------------

def _cypher_params(profile: Profile, district: str | None) -> dict[str, Any]:
    params = {key: float(value) if isinstance(value, Decimal) else value
              for key, value in _sparql_params(profile, district).items()}
    params["district"] = str(params["district"]) if params["district"] is not None else None
    return params


def _float_dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(repr(float(value)))


def cypher_signed(settings: Any, period_from: dt.date, period_to: dt.date, district: str | None = None,
                  profile: Profile | None = None) -> SignedFigures:
    """:func:`signed` from ``pipeline_signed.cypher`` on the Neo4j at ``settings`` (figures as
    floats there: compare rounded)."""
    from chaingap.graph.neo4j import run_cypher_file

    profile = load_profile(profile)
    params = {**_cypher_params(profile, district), "periodFrom": period_from, "periodTo": period_to,
              "beforeFrom": _year_before(period_from), "beforeTo": _year_before(period_to), "year": period_to.year}
    [row] = run_cypher_file("pipeline_signed", settings, **params)
    f = {key: _float_dec(value) for key, value in row.items() if key not in ("ids", "idsBefore", "targetProjects")}
    target = row.get("targetProjects")
    return SignedFigures(period_from, period_to, district, f["projects"], f["investment"], f["projectsBefore"],
                         f["investmentBefore"], f["projectsGrowth"], f["investmentGrowth"],
                         int(target) if target is not None else None, f["projectsOfTarget"], f["targetInvestment"],
                         f["investmentOfTarget"], f["manufacturing"], f["manufacturingShare"], f["keyChain"],
                         f["keyChainShare"], _ids(" ".join(row["ids"])), _ids(" ".join(row["idsBefore"])))


def cypher_rates(settings: Any, cohort_year: int, as_of: dt.date, district: str | None = None,
                 profile: Profile | None = None) -> list[Rate]:
    """:func:`rates` from ``pipeline_rates.cypher`` on the Neo4j at ``settings``."""
    from chaingap.graph.neo4j import run_cypher_file

    profile = load_profile(profile)
    first, last = cohort_period(cohort_year)
    params = {**_cypher_params(profile, district), "cohortFrom": first, "cohortTo": last, "asOf": as_of}
    rows = {row["rate"]: row for row in run_cypher_file("pipeline_rates", settings, **params)}
    found = []
    for rate, stage in RATE_STAGES.items():
        row = rows.get(rate, {})
        found.append(Rate(rate, stage, _float_dec(row.get("numerator", 0)), _float_dec(row.get("denominator", 0)),
                          _float_dec(row.get("value")), _ids(" ".join(row.get("reached", []))),
                          _ids(" ".join(row.get("cohort", [])))))
    return found

"""Laggards (未按约定推进项目, docs/pipeline.md): projects that count, past a committed date,
whose contracted commitment (investment by a date, output per mu, tax per year) is not met as
of a day, with the gap. The SQL is ``queries/sql/pipeline_laggards.sql``; it reads the same
``pipeline_base`` as the other pipeline figures, so a project that does not count is never a
laggard and a district sees the projects credited to it. ``queries/sparql/pipeline_laggards.rq``
(:func:`sparql_laggards`) and ``queries/cypher/pipeline_laggards.cypher`` (:func:`cypher_laggards`)
give the same rows over the graph, as signed/rates do (queries/pipeline.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import load_query
from .pipeline import _base, _cypher_params, _dec, _float_dec, _native_day, _sparql_params
from .profile import Profile, load_profile
from .sources import tables_of

__all__ = ["Laggard", "laggards", "sparql_laggards", "cypher_laggards"]


@dataclass(frozen=True)
class Laggard:
    """One commitment of one project not met: ``gap = committed - actual`` (万元; output per mu in 万元/亩)."""

    project: str
    name: str
    district: str
    kind: str
    due_on: dt.date
    committed: Decimal
    actual: Decimal
    actual_on: dt.date | None
    gap: Decimal
    weight: Decimal


def laggards(source: Any, as_of: dt.date, district: str | None = None,
             profile: Profile | None = None) -> list[Laggard]:
    """The commitments due by ``as_of`` and not met, of the projects that count for ``district``
    (the city when None), largest gap first within each district."""
    profile = load_profile(profile)
    con = tables_of(source).con
    with _base(con, profile, as_of, district):
        rows = con.execute(load_query("pipeline_laggards", "sql"), {"as_of": as_of}).fetchall()
    return [Laggard(project, name, where, kind, due_on, _dec(committed), _dec(actual), actual_on, _dec(gap), _dec(weight))
            for project, name, where, kind, due_on, committed, actual, actual_on, gap, weight in rows]


def _ordered(found: list[Laggard]) -> list[Laggard]:
    """The SQL's order (pipeline_laggards.sql): district, largest gap first, project, kind."""
    return sorted(found, key=lambda lag: (lag.district, -lag.gap, lag.project, lag.kind))


def sparql_laggards(graph: Any, as_of: dt.date, district: str | None = None,
                    profile: Profile | None = None) -> list[Laggard]:
    """:func:`laggards` from ``pipeline_laggards.rq`` over ``graph`` (a store or a pyoxigraph Store)."""
    from chaingap.ontology.terms import local_id

    from .backend import select
    from .params import render

    profile = load_profile(profile)
    text = render(load_query("pipeline_laggards"), {**_sparql_params(profile, district), "asOf": as_of})
    return _ordered([Laggard(local_id(row["p"]), row["name"], local_id(row["d"]), row["kind"], row["dueOn"],
                             _dec(row["committed"]), _dec(row["actual"]), row.get("actualOn"), _dec(row["gap"]),
                             _dec(row["w"])) for row in select(graph, text)])


def cypher_laggards(settings: Any, as_of: dt.date, district: str | None = None,
                    profile: Profile | None = None) -> list[Laggard]:
    """:func:`laggards` from ``pipeline_laggards.cypher`` on the Neo4j at ``settings`` (amounts as
    floats there: compare rounded)."""
    from chaingap.graph.neo4j import run_cypher_file
    from chaingap.ontology.terms import local_id

    profile = load_profile(profile)
    rows = run_cypher_file("pipeline_laggards", settings, **_cypher_params(profile, district), asOf=as_of)
    return _ordered([Laggard(local_id(row["project"]), row["name"], local_id(row["district"]), row["kind"],
                             _native_day(row["dueOn"]), _float_dec(row["committed"]), _float_dec(row["actual"]),
                             _native_day(row["actualOn"]), _float_dec(row["gap"]), _float_dec(row["w"])) for row in rows])

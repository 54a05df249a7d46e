"""Laggards (未按约定推进项目, docs/pipeline.md): projects that count, past a committed date,
whose contracted commitment (investment by a date, output per mu, tax per year) is not met as
of a day, with the gap. The SQL is ``queries/sql/pipeline_laggards.sql``; it reads the same
``pipeline_base`` as the other pipeline figures, so a project that does not count is never a
laggard and a district sees the projects credited to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import load_query
from .pipeline import _base, _dec
from .profile import Profile, load_profile
from .sources import tables_of

__all__ = ["Laggard", "laggards"]


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

"""Candidates held back from a link's targets because they already invest there (docs/pipeline.md).

The ranked lists of every engine leave out the investor of a project that counts for the link
or a sub-link; this says who was left out and why ("已有项目 P 在「阶段」"), from
``queries/sql/held_back.sql``, without touching the rankings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chaingap.ontology.vocab import STAGES

from . import load_query
from .profile import Profile, load_profile
from .sql_engine import threshold_parameters
from .sources import tables_of

__all__ = ["HeldBack", "held_back"]


@dataclass(frozen=True)
class HeldBack:
    """One candidate not ranked for ``link``: it invests in ``project``, now at ``stage``."""

    link: str
    enterprise: str
    enterprise_name: str | None
    project: str
    project_name: str
    stage: str | None

    def note(self, lang: str = "zh") -> str:
        stage = getattr(STAGES[self.stage], lang) if self.stage else "—"
        if lang == "zh":
            return f"已有项目 {self.project} 在「{stage}」"
        return f"already has project {self.project} at stage '{stage}'"


def held_back(source: Any, profile: Profile | None = None) -> dict[str, list[HeldBack]]:
    """link id -> the candidates held back from its ranked list, by enterprise then project."""
    profile = load_profile(profile)
    con = tables_of(source).con
    params = threshold_parameters(profile)
    found: dict[str, list[HeldBack]] = {}
    for row in con.execute(load_query("held_back", "sql"), params).fetchall():
        found.setdefault(row[0], []).append(HeldBack(*row))
    return found

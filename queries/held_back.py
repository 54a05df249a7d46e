"""Candidates held back from a link's targets, and why (docs/pipeline.md).

The ranked lists of every engine leave out (1) the investor of a project that counts for the
link or a sub-link, and (2) a pool firm whose latest outreach (走访记录) is a decline less than
the profile's ``targets.declined_hold_days`` before its dataset's as_of. This says who was left
out and why ("已有项目 P 在「阶段」", "2025-03-10婉拒，暂缓至2026-03-10"), from
``queries/sql/held_back.sql``, without touching the rankings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from chaingap.ontology.vocab import OUTREACH_KINDS, PIPELINE_WORDS, STAGES

from . import load_query
from .profile import Profile, load_profile
from .sql_engine import threshold_parameters
from .sources import tables_of

__all__ = ["HeldBack", "held_back", "HELD_REASONS"]

#: Why a candidate is held back: it invests in the link already, or it declined lately.
HELD_REASONS = ("project", "declined")


@dataclass(frozen=True)
class HeldBack:
    """One candidate not ranked for ``link``: it invests in ``project``, now at ``stage``
    (``reason`` project), or it declined on ``declined_on`` and is held back until
    ``held_until`` (``reason`` declined)."""

    link: str
    enterprise: str
    enterprise_name: str | None
    project: str | None
    project_name: str | None
    stage: str | None
    reason: str = "project"
    declined_on: dt.date | None = None
    held_until: dt.date | None = None

    def note(self, lang: str = "zh") -> str:
        """The reason in the vocabulary's words."""
        if self.reason == "declined":
            return PIPELINE_WORDS.label("held_declined", lang).format(
                kind=OUTREACH_KINDS.label("declined", lang), date=_day(self.declined_on), until=_day(self.held_until))
        stage = STAGES.label(self.stage, lang) if self.stage else "—"
        return PIPELINE_WORDS.label("held_project", lang).format(project=self.project, stage=stage)

    def as_dict(self) -> dict[str, Any]:
        """JSON fields: codes and ISO dates (the note stays out: JSON keeps codes)."""
        return {"link": self.link, "enterprise": self.enterprise, "name": self.enterprise_name, "reason": self.reason,
                "project": self.project, "stage": self.stage, "declined_on": _day(self.declined_on) or None,
                "held_until": _day(self.held_until) or None}


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def held_back(source: Any, profile: Profile | None = None) -> dict[str, list[HeldBack]]:
    """link id -> the candidates held back from its ranked list, by enterprise, projects before declines."""
    profile = load_profile(profile)
    con = tables_of(source).con
    params = {**threshold_parameters(profile), "declined_hold_days": profile.declined_hold_days}
    found: dict[str, list[HeldBack]] = {}
    for row in con.execute(load_query("held_back", "sql"), params).fetchall():
        found.setdefault(row[0], []).append(HeldBack(*row))
    return found

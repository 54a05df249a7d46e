"""Records of the small tables, and how each enterprise row was assigned to links."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .money import Money

__all__ = ["Assignment", "DistrictRecord", "ProjectRecord"]


@dataclass(frozen=True, slots=True)
class Assignment:
    """How one enterprise row got its links: ``table``, ``industry-code``, ``keyword`` or None."""

    file: str
    row: int
    enterprise: str
    method: str | None
    links: tuple[str, ...]

    @property
    def assigned_by(self) -> str:
        """The method as written in ``cg:assignedBy``, or ``none`` for a row that matched no link."""
        return self.method or "none"


@dataclass
class DistrictRecord:
    id: str
    name: str
    kind: str
    parent: str | None
    admin_code: str
    illustrative: bool
    source: str
    file: str | None = None
    row: int | None = None


@dataclass
class ProjectRecord:
    id: str
    name: str
    district: str | None
    links: list[str]
    chain: str | None
    investor: str
    investor_credit_code: str | None
    investor_id: str | None
    investment: Money | None
    stage: str | None
    signed_on: dt.date | None
    agreement: str | None
    illustrative: bool
    source: str
    events: list[tuple[str, dt.date]] = field(default_factory=list)
    event_rows: list[tuple[str | None, int | None]] = field(default_factory=list)
    file: str | None = None
    row: int | None = None

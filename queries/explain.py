"""Extra detail for explanations: the project pipeline of a link by stage."""

from __future__ import annotations

from typing import Any

from chaingap.ontology.vocab import STAGES

from . import load_query
from .sources import tables_of

__all__ = ["pipeline_by_stage"]


def pipeline_by_stage(source: Any, link_id: str) -> dict[str, int]:
    """``{stage code: projects}`` targeting the link or its sub-links, in pipeline order."""
    con = tables_of(source).con
    counts = dict(con.execute(load_query("pipeline_by_stage", "sql"), {"link": link_id}).fetchall())
    return {term.code: int(counts[term.code]) for term in STAGES if term.code in counts}

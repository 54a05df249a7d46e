"""Extra detail for explanations: the project pipeline of a link by stage."""

from __future__ import annotations

from typing import Any

from chaingap.ontology import terms

from . import load_query
from .backend import select

__all__ = ["pipeline_by_stage"]

_ORDER = ("signed", "landed", "started", "inDatabase", "inStatistics", "producing", "reachedOutput")


def pipeline_by_stage(store: Any, link_id: str) -> dict[str, int]:
    """``{stage: projects}`` targeting the link or its sub-links, in pipeline order."""
    link = terms.iri("link", link_id)
    counts = {}
    for row in select(store, load_query("pipeline_by_stage")):
        if row["link"] == link:
            counts[row["stage"].rsplit("#", 1)[-1]] = row["projects"]
    return {stage: counts[stage] for stage in _ORDER if stage in counts}



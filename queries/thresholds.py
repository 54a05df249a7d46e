"""Which projects count (docs/pipeline.md), in Python: the oracle's reading of the rule that
``counted`` in queries/sql/link_status.sql and the pipeline queries apply.

A project counts when it is not a framework agreement (unless the profile says framework
agreements count) and its investment reaches the threshold of its origin: ``domestic_min``
万元 for domestic money, ``foreign_min_usd`` 万美元 (at the dataset's USD rate) for foreign.
A project without an amount, or foreign without a USD rate, is not shown to pass: it does
not count.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .profile import Profile

__all__ = ["project_counts"]


def project_counts(project: Mapping[str, Any], terms: Mapping[str, Any] | None, profile: Profile) -> bool:
    """Whether one project (a ``projects`` row and its ``project_terms`` row) counts."""
    if terms is None:
        return False
    if project.get("agreement") == "framework" and not profile.framework_counts:
        return False
    if terms["origin"] == "foreign":
        amount, minimum = terms["investment_usd"], profile.foreign_min_usd
    else:
        amount, minimum = project.get("investment"), profile.domestic_min
    return amount is not None and amount >= minimum

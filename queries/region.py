"""Analysing another region the data covers: a province of a national pool, a city, a park.

A dataset's region is the place its local table describes; a national pool covers every
other region too. ``chaingap gaps --region JS`` asks the region's question of district JS
(any level: province, prefecture-level city, county, district, zone, park): every firm
located in JS or one of its parts (``districts.parent``, ``cg:partOf*``) is local, whether
its row is in the local table or in the pool, and every other firm is outside (a benchmark
member and a possible target). The SQL engine and the Python oracle take the region as a
parameter; the SPARQL engine runs on an in-memory copy of the graph with ``cg:isLocal``
rewritten (:func:`.sources.region_graph`).
"""

from __future__ import annotations

from typing import Any

from .district import _district_exists
from .sources import RegionView

__all__ = ["RegionView", "region_view", "region_name", "region_place", "place_of"]


def region_view(source: Any, region_id: str) -> RegionView:
    """``source`` where exactly the enterprises located in ``region_id`` (or its parts) are local.

    Raises ValueError when the source knows no such district.
    """
    if not _district_exists(source, region_id):
        raise ValueError(f"no district {region_id!r} in the store")
    return RegionView(source, region_id)


def place_of(rows: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    """(province, admin code) of a district from its rows: a province district is its own province."""
    province = min((r["province"] for r in rows if r.get("province")), default=None)
    if province is None:
        province = min((r["name"] for r in rows if r.get("kind") == "province" and r.get("name")), default=None)
    code = min((r["admin_code"] for r in rows if r.get("admin_code")), default=None)
    return province, code


def _rows(con: Any, region_id: str) -> list[dict[str, Any]]:
    cursor = con.execute("SELECT name, kind, province, admin_code FROM districts WHERE id = ?", [region_id])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def region_name(con: Any, region_id: str) -> str:
    """The name of district ``region_id`` (the smallest when datasets differ), or its id."""
    return min((str(r["name"]) for r in _rows(con, region_id) if r["name"]), default=region_id)


def region_place(con: Any, region_id: str) -> tuple[str | None, str | None]:
    """(province, admin code) of district ``region_id``, for the proximity of candidates."""
    return place_of(_rows(con, region_id))

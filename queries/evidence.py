"""The facts behind one link's status (``chaingap explain LINK --evidence``), each with its source.

For a link: the local firms counted (members of the link or a sub-link, each with its role:
链主 ``chain_leader``, ``key_supplier`` of a local 链主, or ``member``), the projects of its
pipeline, its feeds-into edges and its products, one entry per row of record, each naming the dataset, the
file and row it was read from (``_file``/``_row`` of the tables of record; the chain file's
line for an edge) and the dataset's as-of date. Structure only; the CLI prints it.
"""

from __future__ import annotations

from typing import Any

from . import load_query
from .sources import tables_of

__all__ = ["evidence"]


def _rows(con: Any, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    cursor = con.execute(load_query(name, "sql"), params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def evidence(source: Any, link_id: str) -> dict[str, list[dict[str, Any]]]:
    """``{"firms": [...], "projects": [...], "feeds": [...], "products": [...]}`` behind ``link_id``.

    A firm listed by two datasets appears twice, once per source row; its ``share`` is the
    largest of its operations in the link or its sub-links (``links``), as the rules count it.
    """
    tables = tables_of(source)
    return {"firms": _rows(tables.con, "evidence_firms", {"link": link_id, "district": tables.district}),
            "projects": _rows(tables.con, "evidence_projects", {"link": link_id}),
            "feeds": _rows(tables.con, "evidence_feeds", {"link": link_id}),
            "products": _rows(tables.con, "evidence_products", {"link": link_id})}

"""Checks across rows, run on the tables of record once the row checks have filled them.

Each row may be fine alone and wrong with another: one credit code under two enterprise
ids, link shares adding up past 1, an enterprise supplying itself, districts that are each
other's parent, a founding or outreach date after the dataset's ``as_of``, and ids that differ from
another only by full-width or zero-width characters (compared by :func:`.limits.id_key`).
The SQL is ``sql/integrity.sql``; the words are in :mod:`.problems`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from .errors import Problem
from .limits import id_key
from .problems import message

if TYPE_CHECKING:
    import duckdb

__all__ = ["integrity_problems"]

@cache
def _queries() -> dict[str, str]:
    text = files(__package__).joinpath("sql", "integrity.sql").read_text(encoding="utf-8")
    queries = {}
    for block in re.split(r"^-- name: ", text, flags=re.M)[1:]:
        title, _, body = block.partition("\n")
        queries[title.strip()] = body.strip().rstrip(";")
    return queries


def integrity_problems(con: duckdb.DuckDBPyConnection, dataset_id: str, as_of: dt.date | None,
                       labels: dict[str, dict[str, str]]) -> list[Problem]:
    """The problems across rows of ``dataset_id``'s tables in ``con`` (``labels``: file -> column -> header)."""
    rows: list[tuple] = []
    params = {"dataset": dataset_id}
    for name in ("credit_codes", "shares", "self_supply"):
        rows += con.execute(_queries()[name], params).fetchall()
    rows += con.execute(_queries()["founded"], {**params, "as_of": as_of}).fetchall()
    rows += con.execute(_queries()["outreach_dates"], {**params, "as_of": as_of}).fetchall()
    rows += _district_cycles(con.execute(_queries()["district_parents"], params).fetchall())
    rows += _similar_ids(con, params)
    problems = []
    for file, row, column, kind, value, detail in rows:
        text, expected = message(kind, value, detail)
        shown = labels.get(file, {}).get(column, column) if column else None
        problems.append(Problem(file, row, shown, text, expected))
    return problems


def _district_cycles(rows: list[tuple]) -> list[tuple]:
    """One problem per district on a cycle of parents (the cycle named from that district)."""
    parent = {district: up for district, up, _, _ in rows}
    found = []
    for district, _, file, row in rows:
        seen, step = [district], parent.get(district)
        while step is not None and step in parent and step not in seen:
            seen.append(step)
            step = parent.get(step)
        if step == district:
            found.append((file, row, "parent", "district_cycle", district, " -> ".join([*seen, district])))
    return found


def _similar_ids(con: duckdb.DuckDBPyConnection, params: dict) -> list[tuple]:
    """Ids equal to another of their kind once width and zero-width characters are set aside
    (local and pool enterprises are one kind). Only ids beyond printable ASCII are keyed in Python."""
    import pyarrow as pa

    def query(name: str) -> str:
        return f"WITH _l_all_ids AS ({_queries()['ids']}) {_queries()[name]}"

    odd = con.execute(query("odd_ids"), params).fetchall()
    if not odd:
        return []
    keys = {(kind, id_key(ident)) for kind, ident, _, _ in odd}
    con.register("_l_id_keys", pa.table({"kind": [k for k, _ in keys], "key": [key for _, key in keys]}))
    try:
        first = {(kind, key): (ident, file, row)
                 for kind, key, ident, file, row in con.execute(query("plain_matches"), params).fetchall()}
    finally:
        con.unregister("_l_id_keys")
    found = []
    for kind, ident, file, row in odd:
        key = (kind, id_key(ident))
        other = first.get(key)
        if other is None:
            first[key] = (ident, file, row)
        elif other[0] != ident:
            found.append((file, row, "id", "similar_id", ident, f"{other[0]!r} at {other[1]} row {other[2]}"))
    return found

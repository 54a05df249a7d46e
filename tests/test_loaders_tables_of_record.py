"""The columnar loader writes exactly the tables of record the row-wise loader wrote.

``tests/data/tables_of_record.json`` holds, per case, every table of record (row count and
digest of its rows in order; the rows themselves for tests/data/basic), the warnings, counts,
assignment counts and problems, as the row-wise loader this one replaced produced them
(``write_tables(load_dataset(folder), con)`` at commit 63cd495). The cases: the bundled
sample, tests/data/basic alone and with each bad case laid over it, and synthetic data of
every chain shape. Both paths of the checks are compared with them: the SQL fast path, and
every cell sent to the Python parsers (``checks.FAST = False``), so the two cannot drift apart.

After an intended change, record the snapshots again with
``CHAINGAP_RECORD_SNAPSHOTS=1 pytest tests/test_loaders_tables_of_record.py`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from chaingap.loaders import checks, load_dataset, read_dataset
from chaingap.loaders.tables_of_record import TABLES, create_tables, write_tables

DATA = Path(__file__).parent / "data"
SNAPSHOTS = DATA / "tables_of_record.json"
RECORD = os.environ.get("CHAINGAP_RECORD_SNAPSHOTS") == "1"

#: Tables whose every row is kept in the snapshot (small enough to read in a diff).
FULL = ("dataset", "rates", "warnings", "districts", "projects", "project_links", "stage_events",
        "products", "supply", "bases", "benchmarks")
_SKIP = {("dataset", "folder"), ("dataset", "loaded_at")}


def _value(value: object) -> object:
    if isinstance(value, Decimal):
        return f"d:{value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"t:{value.isoformat()}"
    return value


def table_rows(con, table: str) -> list[list[object]]:
    """Rows of ``table`` in physical order, as JSON values (decimals and dates as tagged text)."""
    cursor = con.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
    names = [column[0] for column in cursor.description]
    keep = [index for index, name in enumerate(names) if (table, name) not in _SKIP]
    return [[_value(row[index]) for index in keep] for row in cursor.fetchall()]


def snapshot(con, tables: list[str], dataset, problems, full: bool = False) -> dict:
    """What one load produced: per table its row count and digest (with ``full``, the rows of
    the small tables too, so a difference can be read in the diff)."""
    result: dict = {"problems": [str(problem) for problem in problems]}
    if problems or dataset is None:
        return result
    result.update(warnings=list(dataset.warnings), counts=dict(dataset.counts),
                  assignment_counts={str(k): v for k, v in sorted(dataset.assignment_counts.items(), key=str)})
    digests = {}
    for table in tables:
        rows = table_rows(con, table)
        text = json.dumps(rows, ensure_ascii=False, sort_keys=True)
        digests[table] = {"rows": len(rows), "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
        if full and table in FULL:
            digests[table]["data"] = rows
    result["tables"] = digests
    return result


def _overlay(case: str) -> Callable[[Path], Path]:
    def build(dest: Path) -> Path:
        shutil.copytree(DATA / "basic", dest)
        for path in (DATA / "bad" / case).iterdir():
            shutil.copy(path, dest / path.name)
        return dest
    return build


def _synthetic(**options) -> Callable[[Path], Path]:
    def build(dest: Path) -> Path:
        from chaingap.sample.synthetic import generate

        return generate(dest, **options)
    return build


def _sample(dest: Path) -> Path:
    from chaingap.sample import write_sample

    return write_sample(dest)


def _basic(dest: Path) -> Path:
    shutil.copytree(DATA / "basic", dest)
    return dest


#: case -> a function writing the dataset folder into the path it is given.
CASES: dict[str, Callable[[Path], Path]] = {
    "basic": _basic,
    "sample": _sample,
    **{f"synthetic-{shape}": _synthetic(enterprises=1_500, seed=2, shape=shape)
       for shape in ("layered", "chain", "tree", "dense")},
    "synthetic-local": _synthetic(enterprises=800, seed=5, local_share=0.5, chains=3, links_per_chain=(4, 9)),
    **{f"bad-{path.name}": _overlay(path.name) for path in sorted((DATA / "bad").iterdir())},
}

RECORDED = json.loads(SNAPSHOTS.read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    built: dict = {}

    def folder(case: str):
        if case not in built:
            built[case] = CASES[case](tmp_path_factory.mktemp("case") / case)
        return built[case]
    return folder


def _load(folder, fast: bool):
    checks.FAST = fast
    try:
        con = duckdb.connect()
        dataset, problems = read_dataset(folder, con)
        return con, dataset, problems
    finally:
        checks.FAST = True


@pytest.mark.parametrize("fast", [True, False], ids=["sql", "python"])
@pytest.mark.parametrize("case", list(CASES))
def test_tables_of_record_are_those_of_the_row_wise_loader(folders, case, fast):
    con, dataset, problems = _load(folders(case), fast)
    found = snapshot(con, list(TABLES), dataset, problems, full=case == "basic")
    if RECORD and fast:
        recorded = json.loads(SNAPSHOTS.read_text(encoding="utf-8"))
        recorded["cases"][case] = found
        SNAPSHOTS.write_text(json.dumps(recorded, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                       encoding="utf-8")
        return
    assert found == RECORDED[case]


def test_write_tables_copies_a_loaded_dataset_into_another_connection(folders):
    dataset = load_dataset(folders("basic"))
    con = duckdb.connect()
    counts = write_tables(dataset, con, version=7)
    assert counts["enterprises"] == 6 and counts["operations"] == 7
    for table in TABLES:
        if table != "dataset":
            assert table_rows(con, table) == table_rows(dataset.con, table), table
    assert con.execute("SELECT version FROM dataset").fetchall() == [(7,)]


def test_read_dataset_fills_the_connection_it_is_given(folders, tmp_path):
    con = duckdb.connect(str(tmp_path / "tables.duckdb"))
    dataset, problems = read_dataset(folders("basic"), con, version=3)
    assert problems == [] and dataset.con is con
    assert con.execute("SELECT dataset, version FROM dataset").fetchall() == [("test-basic", 3)]
    assert con.execute("SELECT count(*) FROM enterprises").fetchone() == (6,)
    leftovers = con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary "
                            "UNION ALL SELECT view_name FROM duckdb_views() WHERE temporary "
                            "UNION ALL SELECT function_name FROM duckdb_functions() WHERE database_name = 'temp'").fetchall()
    leftovers = [name for (name,) in leftovers if name.startswith("_l_")]
    assert leftovers == []


def test_the_tables_are_created_with_the_ddl_of_record(folders):
    dataset = load_dataset(folders("basic"))
    reference = duckdb.connect()
    create_tables(reference)
    def columns(con):
        return con.execute("SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
                           "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position").fetchall()
    assert columns(dataset.con) == columns(reference)


def test_dataset_table_gives_rows_as_dicts(folders):
    dataset = load_dataset(folders("basic"))
    [district] = [row for row in dataset.table("districts") if row["id"] == "dy"]
    assert (district["kind"], district["parent"], district["_file"]) == ("county_city", "zj", "districts.csv")
    with pytest.raises(KeyError, match="no table of record"):
        dataset.table("nothing")

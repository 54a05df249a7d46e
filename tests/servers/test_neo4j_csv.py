"""The neo4j-csv export, imported by the REAL ``neo4j-admin database import full`` into a fresh
database and served by a real Neo4j, is the graph ``push`` writes: same nodes, labels,
properties and relationships, and the same link_status.cypher and targets.cypher rows."""

from __future__ import annotations

import csv
import math
from decimal import Decimal

import duckdb
import pytest

from chaingap.graph.neo4j import push, run_cypher, run_cypher_file
from chaingap.graph.errors import UnknownDatasetError
from chaingap.graph.neo4j_csv import Neo4jCsvError, write_neo4j_csv
from chaingap.loaders.tables_of_record import write_tables
from chaingap.ontology.terms import iri
from chaingap.queries.profile import load_profile
from chaingap.queries.sparql_engine import status_params

from .conftest import neo4j_import, running_neo4j
from .test_neo4j_push import HOSTILE_NAMES, snapshot

pytestmark = pytest.mark.neo4j

#: Text the CSV writer must quote and the importer must read back verbatim.
AWKWARD = [*HOSTILE_NAMES, 'a,b "c" d', "  leading and trailing  ", "line\r\nbreak", "tab\there", "反斜杠\\"]


@pytest.fixture(scope="module")
def tables(sample_dataset):
    """The bundled sample's tables of record, plus pool firms with awkward names working in its links."""
    con = duckdb.connect()
    write_tables(sample_dataset, con)
    link = con.execute("SELECT id FROM links ORDER BY id LIMIT 1").fetchall()[0][0]
    for index, name in enumerate(AWKWARD):
        con.execute("INSERT INTO enterprises (dataset, id, name, is_local, address, revenue, listed, specialised, "
                    "high_tech, above_scale, chain_leader, illustrative) VALUES "
                    "(?, ?, ?, false, ?, 12.5, false, false, false, false, false, false)",
                    [sample_dataset.id, f"awkward-{index}", name, name])
        con.execute("INSERT INTO operations (dataset, enterprise, link, share, assigned_by) VALUES (?, ?, ?, 0.25, 'table')",
                    [sample_dataset.id, f"awkward-{index}", link])
    yield con
    con.close()


@pytest.fixture(scope="module")
def imported(tables, tmp_path_factory):
    """A real Neo4j serving the database the importer built from the export of ``tables``."""
    folder = tmp_path_factory.mktemp("neo4j-csv") / "export"
    write_neo4j_csv(tables, folder)
    home = tmp_path_factory.mktemp("imported") / "home"
    result = neo4j_import(folder, home)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert "IMPORT DONE" in result.stdout
    with running_neo4j(home, memory="-Xmx1g") as settings:
        yield settings


def cypher_params() -> dict:
    profile = load_profile(None)
    params = {key: float(value) if isinstance(value, Decimal) else value for key, value in status_params(profile).items()}
    params["keyRevenueMin"] = float(profile.key_revenue_min)
    params["measures"] = {}  # the Link nodes' own (every feed counts under the default profile)
    return params


def assert_same_rows(got: list[dict], expected: list[dict]) -> None:
    """Equal rows, floats to 12 significant digits: sums over the pool are taken in storage order,
    which differs between an imported and a pushed database in the last bits, never in a
    status, a count or a rank."""
    assert [sorted(row) for row in got] == [sorted(row) for row in expected]
    for row, other in zip(got, expected):
        exact = {key: value for key, value in row.items() if not isinstance(value, float)}
        assert exact == {key: other[key] for key in exact}, row
        for key, value in row.items():
            if isinstance(value, float):
                assert math.isclose(value, other[key], rel_tol=1e-12, abs_tol=1e-12), (key, row)


def test_the_imported_database_is_the_pushed_graph(imported, empty_neo4j, tables):
    push(tables, empty_neo4j, progress=False)
    assert snapshot(imported) == snapshot(empty_neo4j)


def test_link_status_gives_the_same_rows_on_both(imported, empty_neo4j, tables):
    push(tables, empty_neo4j, progress=False)
    on_import = run_cypher_file("link_status", imported, **cypher_params())
    assert_same_rows(on_import, run_cypher_file("link_status", empty_neo4j, **cypher_params()))
    assert len({row["status"] for row in on_import}) >= 3


def test_ranked_targets_are_the_same_on_both(imported, empty_neo4j, tables):
    from chaingap.queries.sparql_engine import target_params

    push(tables, empty_neo4j, progress=False)
    profile = load_profile(None)
    ranked = 0
    for (link,) in tables.execute("SELECT id FROM links ORDER BY id LIMIT 12").fetchall():
        params = {key: float(value) if isinstance(value, Decimal) else value
                  for key, value in target_params(profile, iri("link", link)).items()}
        params.update(provinceClass={"江苏省": "same_province", "上海市": "neighbouring"}, top=profile.top_n)
        rows = run_cypher_file("targets", imported, **params)
        assert_same_rows(rows, run_cypher_file("targets", empty_neo4j, **params))
        ranked += len(rows)
    assert ranked > 12


@pytest.mark.parametrize("name", AWKWARD)
def test_awkward_text_comes_back_verbatim(imported, name):
    rows = run_cypher("MATCH (e:Enterprise {name: $name}) RETURN e.address AS address, e.revenue AS revenue",
                      imported, name=name)
    assert rows == [{"address": [name], "revenue": 12.5}]


def test_one_file_per_label_and_type_with_typed_headers(tables, tmp_path):
    export = write_neo4j_csv(tables, tmp_path / "out")
    assert "nodes-Enterprise.csv" in export.nodes and "relationships-OPERATES_IN.csv" in export.relationships
    with (tmp_path / "out" / "nodes-Enterprise.csv").open(encoding="utf-8", newline="") as stream:
        header = next(csv.reader(stream))
    assert header[:2] == ["iri:ID", "id"] and header[-1] == ":LABEL"
    assert {"revenue:double", "employees:long", "isLocal:boolean", "foundedOn:date", "province:string[]",
            "name"} <= set(header)
    with (tmp_path / "out" / "relationships-OPERATES_IN.csv").open(encoding="utf-8", newline="") as stream:
        assert next(csv.reader(stream)) == [":START_ID", ":END_ID", ":TYPE", "assignedBy", "share:double"]
    assert export.nodes["nodes-Enterprise.csv"] == tables.execute("SELECT count(*) FROM enterprises").fetchall()[0][0]


def test_a_folder_that_holds_files_is_refused(tables, tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(Neo4jCsvError, match="not an empty folder"):
        write_neo4j_csv(tables, tmp_path)
    assert [path.name for path in tmp_path.iterdir()] == ["keep.txt"]


def test_one_dataset_only(tables, tmp_path):
    export = write_neo4j_csv(tables, tmp_path / "one", datasets=["zhenjiang"])
    assert export.nodes["nodes-Enterprise.csv"] == tables.execute("SELECT count(*) FROM enterprises").fetchall()[0][0]
    with pytest.raises(UnknownDatasetError, match="no-such-dataset"):
        write_neo4j_csv(tables, tmp_path / "none", datasets=["no-such-dataset"])
    assert not (tmp_path / "none").exists()


def test_chaingap_export_writes_the_import_folder(tmp_path, sample_dir):
    from click.testing import CliRunner

    from chaingap.cli import cli

    home = tmp_path / "home"
    runner = CliRunner()
    assert runner.invoke(cli, ["load", str(sample_dir), "--home", str(home), "-q"]).exit_code == 0
    result = runner.invoke(cli, ["export", "--format", "neo4j-csv", "-o", str(tmp_path / "csv"), "--home", str(home)],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "csv" / "nodes-Enterprise.csv").is_file() and (tmp_path / "csv" / "import.args").is_file()
    unknown = runner.invoke(cli, ["export", "--format", "neo4j-csv", "-o", str(tmp_path / "other"),
                                  "--home", str(home), "--dataset", "nope"])
    assert unknown.exit_code != 0 and "nope" in unknown.output


def test_schema_cypher_runs_on_the_import_and_a_push_then_changes_nothing(imported, tables, tmp_path):
    """The two ways in are one graph: after the import (and its schema.cypher), pushing the same
    tables creates no node and no relationship."""
    from neo4j import GraphDatabase

    write_neo4j_csv(tables, tmp_path / "again")
    statements = [text.strip() for text in (tmp_path / "again" / "schema.cypher").read_text().split(";")]
    with GraphDatabase.driver(imported.uri, auth=(imported.username, imported.password)) as driver:
        for statement in filter(None, statements):
            driver.execute_query(statement, database_=imported.database)
    [constraint] = run_cypher("SHOW CONSTRAINTS YIELD name WHERE name = 'chaingap_resource_iri' RETURN name", imported)
    before = snapshot(imported)
    stats = push(tables, imported, progress=False)
    assert (stats.nodes_created, stats.relationships_created) == (0, 0)
    assert snapshot(imported) == before

"""``chaingap query --cypher`` and ``--endpoint`` give the embedded store's answers."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from chaingap.cli import cli


def rows_of(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def statuses(rows) -> dict[str, str]:
    return {str(row["link"]).rsplit("/", 1)[-1]: row["status"] for row in rows}


@pytest.mark.neo4j
@pytest.mark.endpoint
def test_query_answers_the_same_on_every_engine(tmp_path, empty_neo4j, sparql_endpoint, synthetic_dataset):
    home = tmp_path / "home"
    env = {"NEO4J_URI": empty_neo4j.uri, "NEO4J_USERNAME": empty_neo4j.username,
           "NEO4J_PASSWORD": empty_neo4j.password, "NEO4J_DATABASE": empty_neo4j.database}
    runner = CliRunner(env=env)
    path = str(synthetic_dataset.path)
    assert runner.invoke(cli, ["load", path, "--home", str(home), "-q"]).exit_code == 0
    assert runner.invoke(cli, ["gaps", "--home", str(home)]).exit_code == 0  # writes the derived facts
    for command in (["neo4j", "push", "--home", str(home), "--no-progress"],
                    ["sparql", "push", "--home", str(home), "--endpoint", sparql_endpoint]):
        pushed = runner.invoke(cli, command, catch_exceptions=False)
        assert pushed.exit_code == 0, pushed.output

    embedded = rows_of(runner.invoke(cli, ["query", "link_status", "--home", str(home), "--format", "json"]))
    endpoint = rows_of(runner.invoke(cli, ["query", "link_status", "--endpoint", sparql_endpoint,
                                           "--format", "json"]))
    cypher = rows_of(runner.invoke(cli, ["query", "--cypher", "link_status", "--format", "json"]))

    assert len(embedded) > 10
    assert statuses(endpoint) == statuses(embedded)
    assert statuses(cypher) == statuses(embedded)


def test_cypher_without_a_server_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    result = CliRunner().invoke(cli, ["query", "--cypher", "link_status"])
    assert result.exit_code == 2  # a server unreachable is a runtime error (README)
    assert "Traceback" not in result.output
    assert "127.0.0.1:9" in result.output or "connect" in result.output.lower()

"""``chaingap neo4j push|query`` and ``chaingap sparql push|query`` against the real servers."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from chaingap.cli import cli

COMMANDS = [["neo4j", "push"], ["neo4j", "query"], ["sparql", "push"], ["sparql", "query"]]


def neo4j_env(settings, password=None) -> dict:
    return {"NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.username,
            "NEO4J_PASSWORD": password if password is not None else settings.password,
            "NEO4J_DATABASE": settings.database}


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli, [*command, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_the_password_is_not_an_option():
    result = CliRunner().invoke(cli, ["neo4j", "push", "--password", "x"])
    assert result.exit_code == 2 and "No such option" in result.output


@pytest.mark.neo4j
def test_neo4j_push_then_query(empty_neo4j, synthetic_dataset):
    runner = CliRunner(env=neo4j_env(empty_neo4j))
    pushed = runner.invoke(cli, ["neo4j", "push", str(synthetic_dataset.path), "--no-progress"], catch_exceptions=False)
    assert pushed.exit_code == 0, pushed.output
    assert "pushed" in pushed.output and "relationships" in pushed.output
    query = runner.invoke(cli, ["neo4j", "query", "link_status"], catch_exceptions=False)
    assert query.exit_code == 0, query.output
    rows = [json.loads(line) for line in query.output.splitlines()]
    assert len(rows) == len(synthetic_dataset.chains.links)
    assert {row["status"] for row in rows} <= {"missing", "being_filled", "weak", "normal", "strong"}
    stricter = runner.invoke(cli, ["neo4j", "query", "link_status", "--param", "strongCountMin=1000000"],
                             catch_exceptions=False)
    assert "strong" not in {json.loads(line)["status"] for line in stricter.output.splitlines()}


@pytest.mark.neo4j
@pytest.mark.parametrize("password, message", [("wrong", "wrong user name or password"), ("", "NEO4J_PASSWORD")])
def test_neo4j_push_explains_bad_credentials(neo4j_settings, synthetic_dataset, password, message):
    env = neo4j_env(neo4j_settings, password)
    if not password:
        env["NEO4J_PASSWORD"] = None  # unset: no prompt without a terminal, a clear error instead
    result = CliRunner(env=env).invoke(cli, ["neo4j", "push", str(synthetic_dataset.path)])
    assert result.exit_code == 2  # credentials refused: a runtime error (README)
    assert message in result.output


@pytest.mark.endpoint
def test_sparql_push_then_query(sparql_endpoint, synthetic_dataset):
    from chaingap.graph import endpoint

    for graph in endpoint.named_graphs(sparql_endpoint):
        endpoint.push_quads([(graph, [])], sparql_endpoint)
    runner = CliRunner()
    pushed = runner.invoke(cli, ["sparql", "push", str(synthetic_dataset.path), "--endpoint", sparql_endpoint,
                                 "--batch-size", "2000"], catch_exceptions=False)
    assert pushed.exit_code == 0, pushed.output
    query = runner.invoke(cli, ["sparql", "query", "totals", "--endpoint", sparql_endpoint], catch_exceptions=False)
    assert query.exit_code == 0, query.output
    [totals] = [json.loads(line) for line in query.output.splitlines()]
    assert totals["allCount"] == len({row["id"] for row in synthetic_dataset.table("enterprises")})

"""The analysis commands, driven through click's CliRunner on the bundled sample."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from chaingap.cli import cli

COMMANDS = ["gaps", "targets", "explain", "query", "report"]


@pytest.fixture()
def run(tmp_path, monkeypatch):
    """Invoke the CLI with an empty home (so nothing of the developer's store is touched)."""
    monkeypatch.setenv("CHAINGAP_HOME", str(tmp_path / "home"))

    def invoke(*args: str, ok: bool = True):
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(run, command):
    result = run(command, "--help")
    assert "Example:" in result.output


def test_gaps_lists_every_link_with_its_status(run):
    rows = json.loads(run("gaps", "--sample", "--format", "json").stdout)
    statuses = {row["link"]: row["status"] for row in rows}
    assert statuses["aero-chips"] == "missing"
    assert statuses["aero-al-parts"] == "strong"
    assert statuses["aero-prepreg"] == "weak"
    assert all(row["rule"] for row in rows)


@pytest.mark.parametrize(("option", "value", "column", "expected"), [
    ("--status", "missing", "状态", {"缺链"}),
    ("--status", "extension", "延链机会", {"是"}),
    ("--chain", "aero", "产业链", {"aero"}),
])
def test_gaps_filters(run, option, value, column, expected):
    """The CSV is a Chinese output: Chinese headers and words (JSON keeps the codes)."""
    text = run("gaps", "--sample", option, value, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {row[column] for row in rows} == expected


def test_an_empty_store_falls_back_to_the_sample_and_says_so(run):
    result = run("gaps", "--format", "json")
    assert "store is empty" in result.stderr
    assert json.loads(result.stdout)


def test_targets_for_one_link_are_ranked(run):
    rows = json.loads(run("targets", "--sample", "--link", "aero-chips", "--top", "3", "--format", "json").stdout)
    assert [row["rank"] for row in rows] == [1, 2, 3]
    scores = [row["score"] for row in rows]
    assert scores == sorted(scores, reverse=True)
    assert {row["link"] for row in rows} == {"aero-chips"}


def test_targets_shortlist_lists_each_enterprise_once(run):
    rows = json.loads(run("targets", "--sample", "--shortlist", "--format", "json").stdout)
    assert len(rows) == len({row["enterprise"] for row in rows}) > 0


def test_targets_for_an_unknown_link_is_an_error(run):
    result = run("targets", "--sample", "--link", "no-such-link", ok=False)
    assert result.exit_code == 2 and "no link" in result.output  # an unknown id is a usage error (README)


@pytest.mark.parametrize(("lang", "words"), [("en", ["weak", "LQ", "lq_count ="]), ("zh", ["弱链", "区位商"])])
def test_explain_gives_the_rule_and_every_number(run, lang, words):
    output = run("explain", "aero-prepreg", "--sample", "--lang", lang).stdout
    for word in words:
        assert word in output


def test_explain_json(run):
    data = json.loads(run("explain", "aero-chips", "--sample", "--json").stdout)
    assert data["link"]["status"] == "missing" and data["targets"]


def test_query_runs_text_and_bundled_queries(run):
    rows = json.loads(run("query", "--sample", "--format", "json", "--text",
                          "SELECT (COUNT(*) AS ?n) WHERE { ?c cg:hasLink ?l }").stdout)
    assert rows[0]["n"] > 10
    rows = json.loads(run("query", "--sample", "--format", "json", "links").stdout)
    assert any(row["link"].endswith("/aero-chips") for row in rows)


def test_query_params_fill_the_marked_values(run, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT ?x WHERE { VALUES (?x) { (1) } #@params\n}", encoding="utf-8")
    rows = json.loads(run("query", "--sample", str(rq), "--param", "x=42", "--format", "json").stdout)
    assert rows == [{"x": 42}]


def test_query_on_an_unreachable_endpoint_is_a_clear_error(run):
    result = run("query", "--text", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", "http://127.0.0.1:9", ok=False)
    assert result.exit_code == 2 and "cannot reach" in result.output  # a server unreachable (README)


def test_cypher_takes_a_file_or_name_not_sparql_text(run):
    result = run("query", "--cypher", "--text", "MATCH (n) RETURN n", ok=False)
    assert result.exit_code == 2


def test_a_bad_query_is_a_clear_error(run):
    result = run("query", "--sample", "--text", "SELECT WHERE {", ok=False)
    assert result.exit_code == 2 and "query failed" in result.output


@pytest.mark.parametrize(("lang", "heading"), [("zh", "缺链"), ("en", "missing")])
def test_report_writes_markdown_json_and_csv_with_bom(run, tmp_path, lang, heading):
    out = tmp_path / "report"
    run("report", "--sample", "--out", str(out), "--lang", lang, "--no-html")
    for name in ("report.md", "analysis.json", "gaps.csv", "targets.csv", "shortlist.csv", "expand_locally.csv"):
        assert (out / name).is_file()
    assert (out / "gaps.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert heading in (out / "report.md").read_text(encoding="utf-8")
    data = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert {"links", "targets", "shortlist", "expand_locally"} <= set(data)
    rows = list(csv.DictReader(io.StringIO((out / "targets.csv").read_text(encoding="utf-8-sig"))))
    assert rows and {"zh": "得分", "en": "score"}[lang] in rows[0]


def test_gaps_for_one_district_counts_only_its_firms_as_local(run):
    city = {row["link"]: row for row in json.loads(run("gaps", "--sample", "--format", "json").stdout)}
    district = {row["link"]: row for row in json.loads(
        run("gaps", "--sample", "--district", "danyang", "--format", "json").stdout)}
    assert set(district) == set(city)
    assert all(district[link]["local_enterprises"] <= city[link]["local_enterprises"] for link in city)
    assert sum(r["local_enterprises"] for r in district.values()) < sum(r["local_enterprises"] for r in city.values())


def test_an_unknown_district_is_an_error(run):
    result = run("gaps", "--sample", "--district", "atlantis", ok=False)
    assert result.exit_code == 2 and "atlantis" in result.output


def test_report_html_draws_feeds_into_edges(tmp_path):
    """`chaingap report` hands the store to the HTML writer, so chain maps have their edges."""
    from click.testing import CliRunner

    from chaingap.cli import cli

    out = tmp_path / "report"
    result = CliRunner().invoke(cli, ["report", "--sample", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    page = (out / "aero.html").read_text(encoding="utf-8")
    assert page.count('"from": "https://w3id.org/chaingap/id/link/') >= 5


@pytest.mark.parametrize("typed", ["aero-prepreg", "AERO-PREPREG", "航空预浸料"])
def test_a_link_is_found_by_its_id_in_any_case_or_by_its_name(run, typed):
    data = json.loads(run("explain", typed, "--sample", "--format", "json").stdout)
    assert data["link"]["id"] == "aero-prepreg"


@pytest.mark.parametrize(("args", "guess"), [
    (["explain", "aero-prepeg"], "aero-prepreg"),
    (["gaps", "--chain", "aerospace"], "aero"),
    (["gaps", "--district", "danyan"], "danyang"),
])
def test_an_unknown_id_says_what_was_probably_meant_and_exits_2(run, args, guess):
    result = run(*args, "--sample", ok=False)
    assert result.exit_code == 2
    assert "did you mean" in result.output and guess in result.output


def test_query_params_take_iris_json_and_text_and_rows_can_be_json_lines(run, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT ?link ?n WHERE { VALUES (?link) { (<urn:x>) } #@params\n"
                  " ?link cg:name ?n }", encoding="utf-8")
    out = run("query", "--sample", str(rq), "--param", "link=<https://w3id.org/chaingap/id/link/aero-prepreg>",
              "--format", "jsonl").stdout
    [row] = [json.loads(line) for line in out.splitlines()]
    assert row["n"] == "航空预浸料"
    text = run("query", "--sample", str(rq), "--param", "link=https://w3id.org/chaingap/id/link/aero-prepreg",
               "--format", "json").stdout
    assert json.loads(text) == [], "text is a literal, never an IRI"
    bad = run("query", "--sample", str(rq), "--param", "nolink", ok=False)
    assert bad.exit_code == 2 and "NAME=VALUE" in bad.output


def test_a_minimum_feed_weight_leaves_unweighted_feeds_counting(run, tmp_path):
    """The sample's chain file gives no weights: every edge counts at any --min-weight, and the
    option says the same as the profile key it sets."""
    plain = json.loads(run("gaps", "--sample", "--format", "json").stdout)
    assert json.loads(run("gaps", "--sample", "--min-weight", "5", "--format", "json").stdout) == plain
    profile = tmp_path / "heavy.yaml"
    profile.write_text("min_feed_weight: 5\n", encoding="utf-8")
    assert json.loads(run("gaps", "--sample", "--profile", str(profile), "--format", "json").stdout) == plain
    assert run("gaps", "--sample", "--min-weight", "-1", ok=False).exit_code == 2

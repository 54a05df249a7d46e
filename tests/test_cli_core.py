"""The core commands, as a user types them (click's CliRunner)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from chaingap.cli import cli


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def all_commands(group=cli, prefix=()):
    """Every command path, groups and their subcommands alike."""
    import click

    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


@pytest.mark.parametrize("path", list(all_commands()), ids=" ".join)
def test_every_command_has_help_with_an_example(path):
    result = run(*path, "--help")
    assert "Example" in result.output


@pytest.mark.parametrize("name", ["load", "validate", "stats", "export", "sample", "template"])
def test_core_commands_exist(name):
    assert name in cli.commands


def test_sample_load_stats(tmp_path: Path):
    home = tmp_path / "home"
    run("sample", tmp_path / "zj")
    assert (tmp_path / "zj" / "chains.yaml").is_file()
    run("load", tmp_path / "zj", "--home", home)
    result = run("stats", "--home", home, "--json")
    figures = json.loads(result.output)
    text = json.dumps(figures)
    assert "zhenjiang" in text.lower()


def test_sample_refuses_a_non_empty_folder(tmp_path: Path):
    (tmp_path / "x.txt").write_text("keep me")
    result = run("sample", tmp_path, ok=False)
    assert result.exit_code != 0
    assert (tmp_path / "x.txt").read_text() == "keep me"


def test_home_from_environment(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CHAINGAP_HOME", str(tmp_path / "envhome"))
    run("sample", tmp_path / "zj")
    run("load", tmp_path / "zj", "-q")
    assert (tmp_path / "envhome" / "store").is_dir()


def test_a_bad_dataset_exits_1_and_leaves_the_store_unchanged(tmp_path: Path):
    home = tmp_path / "home"
    run("sample", tmp_path / "zj")
    run("load", tmp_path / "zj", "--home", home)
    before = run("stats", "--home", home, "--json").output

    bad = tmp_path / "bad"
    shutil.copytree(tmp_path / "zj", bad)
    enterprises = bad / "enterprises.csv"
    lines = enterprises.read_text(encoding="utf-8-sig").splitlines()
    lines.append(lines[1])  # a duplicate enterprise id
    enterprises.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = run("load", bad, "--home", home, ok=False)
    assert result.exit_code == 1
    assert "enterprises.csv" in result.output
    assert run("stats", "--home", home, "--json").output == before

    result = run("validate", bad, ok=False)
    assert result.exit_code == 1


def test_validate_the_sample(tmp_path: Path):
    run("sample", tmp_path / "zj")
    result = run("validate", tmp_path / "zj")
    assert "valid" in result.output


def test_template_is_an_xlsx(tmp_path: Path):
    from openpyxl import load_workbook

    run("template", tmp_path / "模板.xlsx")
    book = load_workbook(tmp_path / "模板.xlsx")
    assert len(book.sheetnames) >= 5
    result = run("template", tmp_path / "x.csv", ok=False)
    assert result.exit_code == 2


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "graphml"])
def test_export_formats(tmp_path: Path, fmt: str):
    home = tmp_path / "home"
    run("sample", tmp_path / "zj")
    run("load", tmp_path / "zj", "--home", home, "-q")
    out = tmp_path / f"kg.{fmt}"
    run("export", "--format", fmt, "-o", out, "--home", home)
    assert out.stat().st_size > 1000


def test_graphml_link_nodes_carry_their_status(tmp_path: Path):
    import networkx as nx

    home = tmp_path / "home"
    run("sample", tmp_path / "zj")
    run("load", tmp_path / "zj", "--home", home, "-q")
    run("export", "--format", "graphml", "-o", tmp_path / "kg.graphml", "--home", home)
    graph = nx.read_graphml(tmp_path / "kg.graphml")
    statuses = {data.get("status") for _, data in graph.nodes(data=True) if data.get("type") == "Link"}
    assert {"missing", "weak", "strong"} <= statuses


def test_load_reports_how_links_were_assigned(tmp_path: Path):
    run("sample", tmp_path / "zj")
    result = run("load", tmp_path / "zj", "--home", tmp_path / "home")
    assert "行业代码匹配" in result.output and "industry" not in result.output  # Chinese by default
    assert len(result.output.splitlines()) < 10
    english = run("load", tmp_path / "zj", "--home", tmp_path / "home", "--lang", "en")
    assert "assigned by: industry code" in english.output and "as version 2" in english.output


def test_ci_runs_the_readme_test_command():
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/test.sh\n" in readme
    assert "\nbash scripts/test.sh\n" in (root / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest" in (root / "scripts" / "test.sh").read_text(encoding="utf-8")

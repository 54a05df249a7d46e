"""History and what-if: versions kept by as_of answer for their day; a what-if never writes the store."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from chaingap.cli import cli
from chaingap.graph.store import ChainStore
from chaingap.queries.history import as_of_view, history
from chaingap.queries.gaps import analyse

from .test_store import CHAINS  # the same two-link chain file


def city(folder: Path, as_of: str, firms: dict[str, str], projects: str = "") -> Path:
    """A dataset folder ``city`` as of ``as_of``: ``firms`` maps firm id -> its link (revenue 100 each)."""
    folder = folder / f"city-{as_of}"
    folder.mkdir(parents=True)
    (folder / "dataset.yaml").write_text(f"id: city\nname: city\nas_of: {as_of}\n", encoding="utf-8")
    (folder / "chains.yaml").write_text(CHAINS, encoding="utf-8")
    rows = ["id,name,links,revenue,district"] + [f"{firm},企业{firm},{link},100,d1" for firm, link in firms.items()]
    (folder / "enterprises.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "districts.csv").write_text("id,name,kind\nd1,江北区,district\n", encoding="utf-8")
    pool = ["id,name,links,revenue,province"] + [f"P{n}{link},外地{n}{link},{link},500,浙江省"
                                                  for n in range(3) for link in ("L01", "L02")]
    (folder / "pool.csv").write_text("\n".join(pool) + "\n", encoding="utf-8")
    if projects:
        (folder / "projects.csv").write_text(
            "id,name,district,links,investor,investment,stage,signed_on,agreement\n" + projects, encoding="utf-8")
    return folder


@pytest.fixture
def two_versions(tmp_path):
    """2023-12-31: only L01 has a firm (L02 missing); 2024-03-31: a firm arrived in L02."""
    store = ChainStore(tmp_path / "store")
    store.load(city(tmp_path, "2023-12-31", {"E1": "L01"}))
    store.load(city(tmp_path, "2024-03-31", {"E1": "L01", "E2": "L02"}))
    yield store
    store.close()


def statuses(source) -> dict[str, str]:
    return {link.id: link.status for link in analyse(source).links}


def test_tables_as_of_picks_each_datasets_latest_version_on_or_before_the_date(two_versions):
    assert statuses(two_versions)["L02"] != "missing"
    for day, expected in [("2023-12-31", "missing"), ("2024-01-15", "missing"), ("2024-03-31", statuses(two_versions)["L02"])]:
        view = as_of_view(two_versions, day)
        assert statuses(view)["L02"] == expected
        view.close()
    with pytest.raises(ValueError):
        as_of_view(two_versions, "2020-01-01")


def test_history_shows_completeness_per_version_and_what_changed_a_link(two_versions):
    chains, changes = history(two_versions)
    assert [(row["as_of"], row["completeness"], row["missing"]) for row in chains] == [
        ("2023-12-31", 0.5, 1), ("2024-03-31", 1, 0)]
    (change,) = changes
    assert (change["link"], change["status_before"], change["firms_added"], change["firms_removed"]) == (
        "L02", "missing", ["E2"], [])
    assert change["revenue_before"] in (0, None) and change["revenue_after"] == 100


def test_cli_gaps_as_of_and_history(two_versions):
    home = str(two_versions.path.parent)
    two_versions.close()
    runner = CliRunner()
    result = runner.invoke(cli, ["gaps", "--home", home, "--as-of", "2024-01-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {row["link"]: row["status"] for row in json.loads(result.stdout)}["L02"] == "missing"
    result = runner.invoke(cli, ["history", "--home", home, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [row["link"] for row in data["changes"]] == ["L02"]
    result = runner.invoke(cli, ["history", "--home", home])
    assert result.exit_code == 0 and "完整度" in result.stdout and "E2" in result.stdout


def store_files(folder: Path) -> dict[str, bytes]:
    """Every file of the store but its locks: what a what-if must leave as it was."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and not path.name.endswith(".lock")}


@pytest.fixture
def planned(tmp_path):
    """L02 is missing; project X2 for L02 (3亿元) is only at pre-evaluation, so it fills nothing yet."""
    store = ChainStore(tmp_path / "store")
    store.load(city(tmp_path, "2024-03-31", {"E1": "L01"},
                    "X2,电芯项目,d1,L02,某公司,3亿元,pre_evaluation,,formal\n"))
    yield store
    store.close()


def test_whatif_on_a_project_for_a_missing_link_turns_it_being_filled_and_leaves_the_store(planned):
    from chaingap.queries.whatif import Hypothesis, whatif

    assert statuses(planned)["L02"] == "missing"  # (keeps this answer in the store's cache)
    before = store_files(planned.path)
    links, chains = whatif(planned, Hypothesis(project="X2"))
    assert [(row["link"], row["status_before"], row["status"], row["effect"]) for row in links] == [
        ("L02", "missing", "being_filled", "turns_filling")]
    # completeness counts leaf links with a local firm; "after" is once the project has landed
    assert [(row["completeness_before"], row["completeness_after"]) for row in chains] == [(0.5, 1)]
    assert store_files(planned.path) == before
    assert statuses(planned)["L02"] == "missing"


@pytest.mark.parametrize("investment, effect", [("3亿元", "turns_filling"), ("500万元", None)])
def test_whatif_new_project_counts_only_above_the_threshold(planned, investment, effect):
    from chaingap.queries.whatif import Hypothesis, whatif

    links, chains = whatif(planned, Hypothesis(links=("L02",), investment=investment, district="d1"))
    assert [row["effect"] for row in links] == ([effect] if effect else [])
    # a project that does not count would not change the chain once landed either
    assert [row["completeness_after"] for row in chains] == [1 if effect else 0.5]


def test_cli_whatif(planned):
    home = str(planned.path.parent)
    planned.close()
    result = CliRunner().invoke(cli, ["whatif", "--home", home, "--link", "L02", "--investment", "3亿元"])
    assert result.exit_code == 0, result.output
    assert "转为补链中" in result.stdout and "补链中" in result.stdout
    result = CliRunner().invoke(cli, ["whatif", "--home", home])
    assert result.exit_code == 2


def test_tables_as_of_keeps_timeless_datasets_and_leaves_the_current_tables(two_versions, tmp_path):
    folder = tmp_path / "timeless"
    folder.mkdir()
    (folder / "dataset.yaml").write_text("id: pool\nname: pool\n", encoding="utf-8")
    (folder / "chains.yaml").write_text(CHAINS, encoding="utf-8")
    (folder / "pool.csv").write_text("id,name,links,revenue,province\nQ1,外地Q1,L02,500,浙江省\n", encoding="utf-8")
    two_versions.load(folder)
    current = two_versions.tables
    con = two_versions.tables_as_of(dt.date(2023, 12, 31))
    assert con.execute("SELECT count(*) FROM enterprises WHERE id IN ('Q1', 'E2')").fetchone()[0] == 1
    con.close()
    assert current.execute("SELECT count(*) FROM enterprises WHERE id IN ('Q1', 'E2')").fetchone()[0] == 2

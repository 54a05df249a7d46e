"""The bundled Zhenjiang sample: complete, valid, honest about what is invented, and holding
exactly the findings PLANTED.md promises (checked from the CSVs themselves; that the gap
engine finds them is tests/test_gaps_sample.py)."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
import yaml

from chaingap.sample import sample_path, with_sample_dir, write_sample
from chaingap.sample.creditcode import is_valid

REPO = Path(__file__).resolve().parents[1]
TABLES = ["districts", "enterprises", "pool", "projects", "project_stages", "products", "supply", "bases",
          "benchmarks"]
STATUSES = {"missing", "being_filled", "weak", "normal", "strong"}


def read_csv(name: str) -> list[dict[str, str]]:
    text = sample_path().joinpath(f"{name}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def read_yaml(name: str) -> dict:
    return yaml.safe_load(sample_path().joinpath(name).read_text(encoding="utf-8"))


def chain_links() -> dict[str, dict]:
    """Link id -> link entry (with its chain id) from chains.yaml."""
    result = {}
    for cluster in read_yaml("chains.yaml")["clusters"]:
        for chain in cluster["chains"]:
            for link in chain["links"]:
                result[link["id"]] = {**link, "chain": chain["id"]}
    return result


def firm_links(row: dict[str, str], code_to_link: dict[str, str]) -> list[str]:
    """Links of an enterprise row as the loader reads them: the links cell, else the code."""
    if row["links"]:
        return [item.split(":")[0] for item in row["links"].split(";")]
    return [code_to_link[row["industry_code"]]] if row["industry_code"] in code_to_link else []


def planted() -> dict[str, dict[str, str]]:
    rows = {}
    for line in sample_path().joinpath("PLANTED.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 9 and cells[3] in STATUSES:
            rows[cells[1]] = {"chain": cells[0], "status": cells[3], "extension": cells[8] == "yes"}
    return rows


def link_counts() -> tuple[Counter, Counter]:
    """Firms per link: local and pool, each firm once in every link it lists."""
    code_to_link = {code: link_id for link_id, link in chain_links().items() for code in link.get("codes", [])}
    local = Counter(l for row in read_csv("enterprises") for l in firm_links(row, code_to_link))
    pool = Counter(l for row in read_csv("pool") for l in firm_links(row, code_to_link))
    return local, pool


def test_sample_folder_has_every_file():
    names = {entry.name for entry in sample_path().iterdir()}
    assert {f"{t}.csv" for t in TABLES} | {"dataset.yaml", "chains.yaml", "PLANTED.md"} <= names


def test_sample_is_small_enough_to_commit():
    total = sum(len(entry.read_bytes()) for entry in sample_path().iterdir() if entry.is_file())
    assert total < 1.5 * 2**20


@pytest.mark.parametrize("table", ["enterprises", "pool"])
def test_every_credit_code_passes_the_check(table):
    rows = read_csv(table)
    assert rows
    bad = [row["credit_code"] for row in rows if not is_valid(row["credit_code"])]
    assert bad == []


def test_credit_codes_pass_the_loaders_independent_check():
    creditcode = pytest.importorskip("chaingap.loaders.creditcode")
    codes = [row["credit_code"] for table in ("enterprises", "pool") for row in read_csv(table)]
    assert all(creditcode.is_valid_credit_code(code) for code in codes)
    assert all(creditcode.credit_code_error(code) is None for code in codes)


def test_enterprise_ids_names_and_codes_are_unique():
    rows = read_csv("enterprises") + read_csv("pool")
    for column in ("id", "name", "credit_code"):
        values = [row[column] for row in rows]
        assert len(values) == len(set(values)), column


@pytest.mark.parametrize("table, low, high", [("enterprises", 300, 450), ("pool", 2500, 3600)])
def test_sample_sizes(table, low, high):
    assert low <= len(read_csv(table)) <= high


def test_eight_chains_in_four_clusters_with_10_to_25_links_and_acyclic_feeds():
    clusters = read_yaml("chains.yaml")["clusters"]
    chains = [chain for cluster in clusters for chain in cluster["chains"]]
    assert len(clusters) == 4 and len(chains) == 8
    for chain in chains:
        ids = {link["id"] for link in chain["links"]}
        assert 10 <= len(ids) <= 25, chain["id"]
        graph = nx.DiGraph([tuple(edge) for edge in chain["feeds"]])
        assert set(graph.nodes) <= ids
        assert nx.is_directed_acyclic_graph(graph), chain["id"]


def test_industry_codes_on_links_are_unique_four_digit_codes():
    codes = [code for link in chain_links().values() for code in link.get("codes", [])]
    assert len(codes) == len(set(codes)) >= 40
    assert all(len(code) == 4 and code.isdigit() for code in codes)


@pytest.mark.parametrize("district_id, name, kind, admin_code", [
    ("zhenjiang", "镇江市", "city", "321100"), ("jingkou", "京口区", "district", "321102"),
    ("runzhou", "润州区", "district", "321111"), ("dantu", "丹徒区", "district", "321112"),
    ("danyang", "丹阳市", "county_city", "321181"), ("yangzhong", "扬中市", "county_city", "321182"),
    ("jurong", "句容市", "county_city", "321183"), ("zjxq", "镇江新区", "dev_zone", ""),
    ("zjgx", "镇江高新区", "hightech_zone", ""),
])
def test_districts_follow_the_public_divisions(district_id, name, kind, admin_code):
    rows = {row["id"]: row for row in read_csv("districts")}
    assert (rows[district_id]["name"], rows[district_id]["kind"], rows[district_id]["admin_code"]) == (
        name, kind, admin_code)


def test_invented_rows_say_so_and_name_their_source():
    settings = read_yaml("dataset.yaml")
    assert settings["illustrative"] is True and settings["sources"] and settings["note"]
    for table in ("enterprises", "pool", "bases", "benchmarks"):
        assert all(row["illustrative"] == "1" and "illustrative" in row["source"] for row in read_csv(table)), table
    for row in read_csv("projects"):
        assert row["source"], row["id"]
        assert (row["illustrative"] == "1") == ("illustrative" in row["source"].split(";")[0]), row["id"]


@pytest.mark.parametrize("fragment, district, investment, signed_on", [
    ("日丰集团新型应用材料华东研发生产基地", "zjxq", "60亿元", None),
    ("诺贝丽斯轻量化高端汽车铝板", "jingkou", "3亿美元", None),
    ("英弗耐斯第三代半导体功率驱动芯片", "zjxq", "", "2024-03-30"),
    ("金宇(丹阳)生物医药基地", "danyang", "", None),
    ("年产50万辆国民乘用车", "jurong", "", None),
    ("蜂巢易创产业园二期", "yangzhong", "", None),
    ("碳纤维产品制造", "dantu", "", None),
    ("数据湖产业园", "runzhou", "", None),
    ("PD协议芯片设计及制造", "zjgx", "", None),
])
def test_the_public_projects_are_there(fragment, district, investment, signed_on):
    matches = [row for row in read_csv("projects") if fragment in row["name"]]
    assert len(matches) == 1
    row = matches[0]
    assert row["district"] == district and row["illustrative"] == ""
    assert row["investment"] == investment
    if signed_on:
        assert row["signed_on"] == signed_on


def test_stage_events_run_in_order_up_to_the_current_stage():
    order = ["signed", "landed", "started", "in_database", "in_statistics", "producing", "reached_output"]
    events: dict[str, list[tuple[str, str]]] = {}
    for row in read_csv("project_stages"):
        events.setdefault(row["project"], []).append((row["stage"], row["date"]))
    for project in read_csv("projects"):
        stages = [stage for stage, _ in events[project["id"]]]
        assert stages == order[: order.index(project["stage"]) + 1], project["id"]
        dates = [day for _, day in events[project["id"]]]
        assert dates == sorted(dates) and dates[0] == project["signed_on"]


def test_planted_table_covers_every_link():
    assert set(planted()) == set(chain_links())


def test_every_chain_has_planted_missing_weak_and_strong_links():
    by_chain: dict[str, Counter] = {}
    for row in planted().values():
        status = "missing" if row["status"] == "being_filled" else row["status"]
        by_chain.setdefault(row["chain"], Counter())[status] += 1
    for chain, counts in by_chain.items():
        assert 2 <= counts["missing"] <= 3 and counts["weak"] >= 2 and counts["strong"] >= 2, chain


def test_planted_statuses_hold_in_the_csvs():
    """Count local firms per link and compute the location quotient (by count) directly."""
    local, pool = link_counts()
    local_total = sum(local.values())
    all_total = local_total + sum(pool.values())
    for link_id, row in planted().items():
        n, p = local[link_id], pool[link_id]
        lq = (n / local_total) / ((n + p) / all_total)
        status = row["status"]
        if status in ("missing", "being_filled"):
            assert n == 0 and p >= 10, link_id
        elif status == "weak":
            assert 1 <= n <= 2 and lq < 0.5, (link_id, n, lq)
        elif status == "strong":
            assert n >= 5 and lq > 2.0, (link_id, n, lq)
        else:
            assert 3 <= n <= 4 and 0.8 < lq < 1.25, (link_id, n, lq)


def test_planted_statuses_hold_against_benchmarks_csv():
    local, _ = link_counts()
    local_total = sum(local.values())
    benchmark = {row["link"]: int(row["enterprises"]) for row in read_csv("benchmarks")}
    bench_total = sum(benchmark.values())
    bounds = {"weak": (0, 0.5), "normal": (0.8, 1.25), "strong": (2.0, 10.0)}
    for link_id, row in planted().items():
        if row["status"] in bounds:
            lq = (local[link_id] / local_total) / (benchmark[link_id] / bench_total)
            low, high = bounds[row["status"]]
            assert low < lq < high, (link_id, lq)


def test_being_filled_is_the_only_missing_link_with_a_started_project():
    started = {"started", "in_database", "in_statistics", "producing", "reached_output"}
    filled = {row["links"] for row in read_csv("projects") if row["stage"] in started}
    marks = planted()
    being_filled = {link for link, row in marks.items() if row["status"] == "being_filled"}
    missing = {link for link, row in marks.items() if row["status"] == "missing"}
    assert being_filled == {"nm-cf-products"}
    assert being_filled <= filled and not (missing & filled)


def test_extension_marks_follow_the_feeds():
    statuses = {link: row["status"] for link, row in planted().items()}
    neighbours: dict[str, set[str]] = {}
    for cluster in read_yaml("chains.yaml")["clusters"]:
        for chain in cluster["chains"]:
            for a, b in chain["feeds"]:
                neighbours.setdefault(a, set()).add(b)
                neighbours.setdefault(b, set()).add(a)
    for link, row in planted().items():
        expected = statuses[link] in ("missing", "being_filled", "weak") and any(
            statuses[n] == "strong" for n in neighbours.get(link, ()))
        assert row["extension"] == expected, link
    assert sum(row["extension"] for row in planted().values()) >= 8


def test_supply_ties_reach_local_firms_from_the_pool():
    local = {row["id"] for row in read_csv("enterprises")}
    pool = {row["id"] for row in read_csv("pool")}
    ties = read_csv("supply")
    assert all(t["supplier"] in local | pool and t["customer"] in local | pool for t in ties)
    assert sum(t["supplier"] in pool and t["customer"] in local for t in ties) >= 100


def test_write_sample_copies_the_folder(tmp_path):
    dest = write_sample(tmp_path / "copy")
    assert (dest / "dataset.yaml").read_bytes() == sample_path().joinpath("dataset.yaml").read_bytes()
    assert {p.name for p in dest.iterdir()} == {e.name for e in sample_path().iterdir() if not e.name.startswith(("_", "."))}


def test_with_sample_dir_gives_a_real_folder():
    with with_sample_dir() as folder:
        assert folder.is_dir() and (folder / "chains.yaml").is_file()


def test_make_sample_script_is_deterministic(tmp_path):
    subprocess.run([sys.executable, str(REPO / "scripts" / "make_sample.py"), str(tmp_path / "again")],
                   check=True, capture_output=True)
    for entry in sample_path().iterdir():
        assert (tmp_path / "again" / entry.name).read_bytes() == entry.read_bytes(), entry.name


def test_the_sample_loads_with_no_problems():
    from chaingap.loaders import load_dataset

    with with_sample_dir() as folder:
        dataset = load_dataset(folder)
    assert dataset.warnings == []
    assert dataset.counts["enterprises"] == len(read_csv("enterprises"))
    assert dataset.counts["pool"] == len(read_csv("pool"))
    assert dataset.assignment_counts["industry-code"] > 0 and dataset.assignment_counts[None] == 0


def test_write_sample_also_copies_from_a_zipped_install(tmp_path, monkeypatch):
    import zipfile

    import chaingap.sample as sample

    archive = tmp_path / "chaingap.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for entry in sample_path().iterdir():
            zipped.writestr(f"zhenjiang/{entry.name}", entry.read_bytes())
    monkeypatch.setattr(sample, "sample_path", lambda: zipfile.Path(archive, "zhenjiang/"))
    dest = sample.write_sample(tmp_path / "out")
    assert (dest / "pool.csv").read_bytes() == sample_path().joinpath("pool.csv").read_bytes()
    with sample.with_sample_dir() as folder:
        assert (Path(folder) / "chains.yaml").is_file()

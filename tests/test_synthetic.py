"""The synthetic generator: deterministic per seed, honours the sizes it is asked for, draws
the chain shapes it names, and writes datasets the loader accepts."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chaingap.sample.creditcode import is_valid
from chaingap.sample.synthetic import SHAPES, SIGNED_STAGES, chain_edges, generate, generate_in_memory

FILES = ["dataset.yaml", "chains.yaml", "districts.csv", "enterprises.csv", "pool.csv", "projects.csv",
         "project_stages.csv", "products.csv", "supply.csv", "bases.csv", "benchmarks.csv",
         "project_transfers.csv", "targets.csv", "project_commitments.csv", "outreach.csv"]


def rows(folder: Path, table: str) -> list[dict[str, str]]:
    with open(folder / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    a = generate(tmp_path / "a", enterprises=400, seed=7)
    b = generate(tmp_path / "b", enterprises=400, seed=7)
    c = generate(tmp_path / "c", enterprises=400, seed=8)
    assert sorted(p.name for p in a.iterdir()) == sorted(FILES)
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert (a / "pool.csv").read_bytes() != (c / "pool.csv").read_bytes()


@pytest.mark.parametrize("enterprises, local_share, projects", [
    (1, 0.0, 0), (50, 0.2, 3), (1_000, 0.05, None), (2_000, 0.5, 7),
])
def test_generation_honours_the_sizes(tmp_path, enterprises, local_share, projects):
    folder = generate(tmp_path / "d", enterprises=enterprises, local_share=local_share, projects=projects,
                      chains=3, links_per_chain=(4, 6))
    local, pool = rows(folder, "enterprises"), rows(folder, "pool")
    assert len(local) == round(enterprises * local_share)
    assert len(local) + len(pool) == enterprises
    expected_projects = max(3, min(5_000, enterprises // 100)) if projects is None else projects
    assert len(rows(folder, "projects")) == expected_projects


@pytest.mark.parametrize("chains, low, high", [(1, 10, 10), (8, 10, 25), (12, 3, 5)])
def test_chain_and_link_counts(chains, low, high):
    data = generate_in_memory(enterprises=20, chains=chains, links_per_chain=(low, high))
    found = [chain for cluster in data.chains["clusters"] for chain in cluster["chains"]]
    assert len(found) == chains
    assert all(low <= len(chain["links"]) <= high for chain in found)
    ids = [link["id"] for chain in found for link in chain["links"]]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("n_links", [2, 5, 12, 25])
def test_every_shape_is_a_connected_dag(shape, n_links):
    import random

    edges = chain_edges(n_links, shape, random.Random(n_links))
    graph = nx.DiGraph(edges)
    graph.add_nodes_from(range(n_links))
    assert nx.is_directed_acyclic_graph(graph)
    assert nx.is_weakly_connected(graph)


def test_shapes_differ_as_named():
    import random

    n = 12
    chain = chain_edges(n, "chain", random.Random(1))
    tree = chain_edges(n, "tree", random.Random(1))
    dense = chain_edges(n, "dense", random.Random(1))
    assert chain == [(i, i + 1) for i in range(n - 1)]
    out_degree = nx.DiGraph(tree).out_degree()
    assert all(out_degree[i] == 1 for i in range(n - 1))
    assert len(dense) > 2 * len(chain)


def test_unknown_shape_is_refused():
    with pytest.raises(ValueError, match="unknown shape"):
        generate_in_memory(enterprises=5, shape="star")


def test_credit_codes_are_valid_and_unique():
    data = generate_in_memory(enterprises=3_000, seed=3)
    codes = [r["credit_code"] for t in ("enterprises", "pool") for r in data.records(t)]
    assert len(codes) == len(set(codes)) == 3_000
    assert all(is_valid(code) for code in codes)


def test_missing_links_have_no_local_firm_and_projects_run_in_stage_order():
    data = generate_in_memory(enterprises=2_000, seed=5, chains=4, links_per_chain=(8, 12))
    missing = {link for link, status in data.plan.items() if status == "missing"}
    assert missing
    local_links = {item.split(":")[0] for r in data.records("enterprises") for item in r["links"].split(";") if item}
    assert not (missing & local_links)
    events: dict[str, list[str]] = {}
    for r in data.records("project_stages"):
        events.setdefault(r["project"], []).append(r["stage"])
    for project in data.records("projects"):
        assert events[project["id"]] == list(SIGNED_STAGES[: SIGNED_STAGES.index(project["stage"]) + 1])


def test_in_memory_and_written_forms_match(tmp_path):
    data = generate_in_memory(enterprises=300, seed=11, chains=8, links_per_chain=(10, 25), local_share=0.05)
    written = data.write(tmp_path / "mem")
    streamed = generate(tmp_path / "file", enterprises=300, seed=11)
    for name in FILES:
        assert (written / name).read_bytes() == (streamed / name).read_bytes(), name


@given(enterprises=st.integers(0, 120), seed=st.integers(0, 10_000), shape=st.sampled_from(SHAPES),
       chains=st.integers(1, 4))
@settings(max_examples=40, deadline=None)
def test_references_always_resolve(enterprises, seed, shape, chains):
    data = generate_in_memory(enterprises=enterprises, seed=seed, shape=shape, chains=chains)
    links = {l["id"] for k in data.chains["clusters"] for c in k["chains"] for l in c["links"]}
    firms = {r["id"] for t in ("enterprises", "pool") for r in data.records(t)}
    districts = {r["id"] for r in data.records("districts")}
    assert len(firms) == enterprises
    for t in ("enterprises", "pool"):
        for r in data.records(t):
            assert {item.split(":")[0] for item in r["links"].split(";") if item} <= links
            assert not r["parent_group"] or r["parent_group"] in firms
    assert all(r["supplier"] in firms and r["customer"] in firms for r in data.records("supply"))
    assert all(r["links"] in links and r["district"] in districts for r in data.records("projects"))


@pytest.mark.parametrize("shape", SHAPES)
def test_generated_datasets_load_with_no_problems(tmp_path, shape):
    from chaingap.loaders import load_dataset

    folder = generate(tmp_path / shape, enterprises=1_500, seed=2, shape=shape)
    dataset = load_dataset(folder)
    assert dataset.warnings == []
    assert dataset.counts["enterprises"] + dataset.counts["pool"] == 1_500
    assert dataset.assignment_counts[None] == 0

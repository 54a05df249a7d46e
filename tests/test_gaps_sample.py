"""On the bundled sample, the gap engine finds exactly what the sample planted (PLANTED.md)."""

from __future__ import annotations

from importlib.resources import files

import pytest

from chaingap.ontology import terms
from chaingap.queries.gaps import analyse

PLANTED = files("chaingap.sample").joinpath("zhenjiang", "PLANTED.md")


def planted_rows() -> list[dict[str, str]]:
    """The findings table of PLANTED.md as dicts (header row gives the keys)."""
    lines = [line for line in PLANTED.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return [dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")))) for line in lines[2:]]


@pytest.fixture(scope="module")
def sample_analyses(tmp_path_factory):
    if not PLANTED.is_file():
        pytest.skip("the bundled sample (src/chaingap/sample/zhenjiang) is not there yet")
    import pyoxigraph as ox

    from chaingap.loaders import load_dataset
    from chaingap.sample import write_sample

    dataset = load_dataset(write_sample(tmp_path_factory.mktemp("sample") / "zhenjiang"))
    store = ox.Store()
    store.extend(list(dataset.quads()))
    return store, {engine: analyse(store, engine=engine) for engine in ("sparql", "python")}


@pytest.mark.parametrize("engine", ["sparql", "python"])
def test_every_planted_status_and_extension_is_found(sample_analyses, engine):
    _, analyses = sample_analyses
    analysis = analyses[engine]
    expected = {row["link"]: (row["status"], row["extension"] == "yes") for row in planted_rows()}
    found = {link.id: (link.status, link.extension) for link in analysis.links}
    wrong = {link: (want, found.get(link)) for link, want in expected.items() if found.get(link) != want}
    assert not wrong, f"planted vs found: {wrong}"


@pytest.mark.parametrize("benchmark", ["graph", "dataset"])
def test_planted_statuses_hold_against_the_dataset_benchmark_too(sample_analyses, benchmark):
    store, _ = sample_analyses
    analysis = analyse(store, profile={"benchmark": benchmark})
    expected = {row["link"]: row["status"] for row in planted_rows()}
    assert {link.id: link.status for link in analysis.links if link.id in expected} == expected


def test_every_explanation_cites_its_numbers(sample_analyses):
    _, analyses = sample_analyses
    for link in analyses["sparql"].links:
        assert link.name in link.rule
        assert str(link.metrics["local_enterprises"]) in link.rule or link.status == "being_filled"


def test_targets_exist_for_missing_and_weak_links_and_are_never_local(sample_analyses):
    store, analyses = sample_analyses
    from chaingap.queries.backend import select

    local = {row["e"] for row in select(store, "SELECT ?e WHERE { ?e cg:isLocal true }")}
    analysis = analyses["sparql"]
    for link in analysis.links:
        if link.status in ("missing", "weak"):
            assert analysis.targets[link.id], f"no candidates for {link.id}"
    listed = {terms.iri("enterprise", t.enterprise) for items in analysis.targets.values() for t in items}
    assert listed and not listed & local


def test_links_carry_chain_and_segment_ids(sample_analyses):
    _, analyses = sample_analyses
    links = analyses["sparql"].links
    assert {link.segment for link in links} <= {"upstream", "midstream", "downstream", ""}
    assert {link.chain for link in links} >= {"aero", "ship"}

"""On the bundled sample, the gap engine finds exactly what the sample planted (PLANTED.md)."""

from __future__ import annotations

from importlib.resources import files

import pytest

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
    from chaingap.graph.store import ChainStore
    from chaingap.loaders import load_dataset
    from chaingap.sample import write_sample

    dataset = load_dataset(write_sample(tmp_path_factory.mktemp("sample") / "zhenjiang"))
    store = ChainStore(None)
    store.load(dataset)
    yield store, {engine: analyse(store, engine=engine) for engine in ("sql", "sparql", "python")}
    store.close()


@pytest.mark.parametrize("engine", ["sql", "sparql", "python"])
def test_every_planted_status_and_extension_is_found(sample_analyses, engine):
    _, analyses = sample_analyses
    analysis = analyses[engine]
    expected = {row["link"]: (row["status"], row["extension"] == "yes") for row in planted_rows()}
    # PLANTED.md gives every link's own status; a parent is shown as a rollup (see the next test)
    found = {link.id: (own.status, own.extension) for link in analysis.links for own in [analysis.as_links.get(link.id, link)]}
    wrong = {link: (want, found.get(link)) for link, want in expected.items() if found.get(link) != want}
    assert not wrong, f"planted vs found: {wrong}"


@pytest.mark.parametrize("benchmark", ["graph", "dataset"])
def test_planted_statuses_hold_against_the_dataset_benchmark_too(sample_analyses, benchmark):
    store, _ = sample_analyses
    analysis = analyse(store, profile={"benchmark": benchmark})
    expected = {row["link"]: row["status"] for row in planted_rows()}
    own = {link.id: analysis.as_links.get(link.id, link).status for link in analysis.links}
    assert {link: status for link, status in own.items() if link in expected} == expected


@pytest.mark.parametrize("engine", ["sql", "sparql", "python"])
def test_the_sample_parents_are_rollups_of_their_sub_links(sample_analyses, engine):
    """elec-switchgear, bio-device and bio-eyewear have sub-links: shown as rollups, their leaves judged."""
    analysis = sample_analyses[1][engine]
    rollups = {link.id: link for link in analysis.by_status("rollup")}
    assert set(rollups) == {"elec-switchgear", "bio-device", "bio-eyewear"} == set(analysis.as_links)
    for link in rollups.values():
        assert sum(link.rollup.values()) >= 1 and link.id not in analysis.targets and not link.extension
        assert link.metrics["local_enterprises"] == analysis.as_links[link.id].metrics["local_enterprises"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_explanation_cites_its_numbers(sample_analyses, lang):
    from chaingap.report.i18n import rule_sentence

    _, analyses = sample_analyses
    for link in analyses["sql"].links:
        rule = rule_sentence(link, lang)
        assert (link.name_en if lang == "en" and link.name_en else link.name) in rule
        assert str(link.metrics["local_enterprises"]) in rule or link.status == "being_filled"


def test_targets_exist_for_missing_and_weak_links_and_are_never_local(sample_analyses):
    store, analyses = sample_analyses
    local = {row["id"] for row in store.sql("SELECT id FROM enterprises WHERE is_local")}
    analysis = analyses["sql"]
    for link in analysis.links:
        if link.status in ("missing", "weak"):
            assert analysis.targets[link.id], f"no candidates for {link.id}"
    listed = {t.enterprise for items in analysis.targets.values() for t in items}
    assert listed and not listed & local


def test_links_carry_chain_and_segment_ids(sample_analyses):
    _, analyses = sample_analyses
    links = analyses["sql"].links
    assert {link.segment for link in links} <= {"upstream", "midstream", "downstream", ""}
    assert {link.chain for link in links} >= {"aero", "ship"}

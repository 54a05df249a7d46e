"""Every chain page of the bundled sample, opened as a user would: fitted, labelled, filterable.

"Fitted": the drawn graph fills most of its canvas and none of it is cut off. "Labelled":
every visible link's label is drawn at a readable size (>= 12 px on screen) and no two
labels overlap, with key enterprises hidden (the default) and shown. "Filterable": each
status box hides exactly that status's links, and a district dims the links without a firm
there. Screenshots of two chain pages and of the overview go to ``tests/artifacts/``
(committed, so a reader of the repository sees the map without running anything).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
import yaml

from chaingap.ontology.vocab import MAP_WORDS, STATUSES

from .conftest import canvas_ink

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Smallest on-screen size of a link label, and of a key enterprise's or project's.
MIN_LINK_PX = 12
MIN_ITEM_PX = 9
#: The chain pages (and the overview) whose screenshots are committed.
SCREENSHOTS = ("bio", "aero")


def _sample_chains() -> list[str]:
    from chaingap.sample import sample_path

    text = sample_path().joinpath("chains.yaml").read_text(encoding="utf-8")
    return [chain["id"] for cluster in yaml.safe_load(text)["clusters"] for chain in cluster["chains"]]


CHAINS = _sample_chains()


@pytest.fixture(scope="module")
def sample_site(sample_dataset, tmp_path_factory):
    """The sample's HTML map, written by the real pipeline: store, gap engine, writer."""
    from chaingap.graph.store import ChainStore
    from chaingap.queries.gaps import analyse
    from chaingap.report.html import write_html

    out = tmp_path_factory.mktemp("zhenjiang-map")
    store = ChainStore(None)
    store.load(sample_dataset)
    try:
        write_html(analyse(store), out, lang="zh", store=store)
    finally:
        store.close()
    return out


def _ready(page) -> None:
    page.wait_for_selector("#cg-graph[data-drawn='true']", timeout=20000)
    _redrawn(page)


def _redrawn(page) -> None:
    """Wait for the next full draw (label boxes are measured while drawing)."""
    page.evaluate("""() => new Promise(done => {
        const network = window.chaingapGraph.network;
        network.once('afterDrawing', () => done());
        network.redraw();
    })""")


def _fill(page) -> dict:
    found = page.evaluate("() => window.chaingapGraph.drawnBox()")
    box, width, height = found["box"], found["width"], found["height"]
    return {"inside": box["left"] >= -2 and box["top"] >= -2 and box["right"] <= width + 2 and box["bottom"] <= height + 2,
            "width": (box["right"] - box["left"]) / width, "height": (box["bottom"] - box["top"]) / height,
            "box": box, "canvas": (width, height)}


def _assert_fitted(page) -> None:
    fill = _fill(page)
    assert fill["inside"], fill
    assert max(fill["width"], fill["height"]) >= 0.85, fill
    assert fill["width"] * fill["height"] >= 0.4, fill


def _overlaps(labels: list[dict]) -> list[tuple[str, str]]:
    boxes = [(label["id"], label["box"]) for label in labels if label["box"] and label["box"]["width"] > 0]
    found = []
    for index, (first, a) in enumerate(boxes):
        for second, b in boxes[index + 1:]:
            if (a["left"] + 1 < b["left"] + b["width"] and b["left"] + 1 < a["left"] + a["width"]
                    and a["top"] + 1 < b["top"] + b["height"] and b["top"] + 1 < a["top"] + a["height"]):
                found.append((first, second))
    return found


def _assert_labelled(page, expected_links: int) -> None:
    labels = page.evaluate("() => window.chaingapGraph.screenLabels()")
    links = [label for label in labels if label["kind"] == "link"]
    assert len(links) == expected_links
    assert min(label["px"] for label in links) >= MIN_LINK_PX, links
    items = [label for label in labels if label["kind"] in ("enterprise", "project", "base")]
    assert all(label["px"] >= MIN_ITEM_PX for label in items), items
    assert _overlaps([label for label in labels if label["kind"] != "header"]) == []


def _statuses(page) -> Counter:
    return Counter(page.evaluate(
        "() => window.chaingapGraph.nodes.get({filter: n => n.cg.kind === 'link' && !n.hidden}).map(n => n.cg.status)"))


@pytest.mark.parametrize("chain_id", CHAINS)
def test_chain_page_opens_fitted_and_labelled(open_page, sample_site, artifacts, chain_id):
    page, log = open_page(sample_site / f"{chain_id}.html")
    _ready(page)
    assert log.remote_requests == [] and log.console_errors == [] and log.page_errors == []
    assert canvas_ink(page) > 5000
    links = int(page.get_attribute("#cg-graph", "data-visible-links"))
    assert links == page.evaluate("() => window.chaingapGraph.nodes.get({filter: n => n.cg.kind === 'link'}).length")
    _assert_fitted(page)
    _assert_labelled(page, links)
    if chain_id in SCREENSHOTS:
        _small_png(page, artifacts / f"map-{chain_id}.png")
    page.check("#cg-show-enterprises")  # key enterprises stacked under their links
    _redrawn(page)
    assert page.evaluate("() => window.chaingapGraph.nodes.get({filter: n => n.cg.kind === 'enterprise' && !n.hidden}).length") > 0
    _assert_fitted(page)
    _assert_labelled(page, links)


@pytest.mark.parametrize("chain_id", CHAINS)
def test_chain_page_filters_change_what_is_shown(open_page, sample_site, chain_id):
    page, _ = open_page(sample_site / f"{chain_id}.html")
    _ready(page)
    counts = _statuses(page)
    shown = sum(counts.values())
    for status, count in counts.items():
        page.uncheck(f".cg-status-filter[value='{status}']")
        assert int(page.get_attribute("#cg-graph", "data-visible-links")) == shown - count
        assert status not in _statuses(page)
        _redrawn(page)
        _assert_fitted(page)  # the view refits to what is left
        page.check(f".cg-status-filter[value='{status}']")
    assert int(page.get_attribute("#cg-graph", "data-visible-links")) == shown
    districts = page.eval_on_selector_all("#cg-district-filter option", "options => options.map(o => o.value).filter(Boolean)")
    assert districts
    dimmed = {}
    for district in districts:
        page.select_option("#cg-district-filter", district)
        dimmed[district] = int(page.get_attribute("#cg-graph", "data-dimmed-links"))
    assert any(0 < n < shown for n in dimmed.values()), dimmed
    page.select_option("#cg-district-filter", "")
    assert int(page.get_attribute("#cg-graph", "data-dimmed-links")) == 0


@pytest.mark.parametrize("chain_id", CHAINS[:2])
def test_chain_page_has_a_complete_legend_a_section_menu_and_downloads(open_page, sample_site, chain_id):
    page, _ = open_page(sample_site / f"{chain_id}.html")
    legend = page.inner_text("#cg-legend")
    for word in [*(STATUSES.label(code) for code in STATUSES.codes),
                 *(MAP_WORDS.label(code) for code in ("edge_feeds", "edge_part_of", "edge_works_in", "edge_invests_in"))]:
        assert word in legend
    for word in ("企业", "项目", "基地", "延链机会", "虚线边框"):
        assert word in legend
    targets = page.evaluate("() => [...document.querySelectorAll('#cg-toc a')].map(a => a.getAttribute('href'))")
    assert len(targets) >= 12 and all(page.locator(target).count() == 1 for target in targets)
    page.click("#cg-toc a[href='#list_enterprises']")
    assert page.evaluate("() => document.querySelector('#list_enterprises details').open")
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    assert abs(page.evaluate("() => document.querySelector('#cg-toc').getBoundingClientRect().top")) < 2  # sticky
    headers = page.locator("table[data-list='list_targets'] thead th").all_text_contents()  # folded: not rendered
    assert headers[:2] == ["环节", "排名"]
    for href in page.eval_on_selector_all("#list_targets .cg-downloads a", "links => links.map(a => a.getAttribute('href'))"):
        assert (sample_site / href).stat().st_size > 0
    with (sample_site / chain_id / "list_targets.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:2] == ["环节", "排名"] and len(rows) > 1


def test_overview_and_city_map(open_page, sample_site, artifacts):
    page, log = open_page(sample_site / "index.html")
    assert log.remote_requests == [] and log.console_errors == [] and log.page_errors == []
    assert page.locator("#cg-overview tbody tr").count() == len(CHAINS)
    assert page.locator("#cg-targets thead th").first.inner_text() == "排名"
    for href in page.eval_on_selector_all("a[download]", "links => links.map(a => a.getAttribute('href'))"):
        assert (sample_site / href).stat().st_size > 0
    _small_png(page, artifacts / "map-overview.png", full_page=True)
    page, log = open_page(sample_site / "map.html")
    _ready(page)
    assert log.console_errors == [] and log.page_errors == []
    for chain_id in CHAINS:
        page.select_option("#cg-chain-filter", chain_id)
        _redrawn(page)
        _assert_fitted(page)
        _assert_labelled(page, int(page.get_attribute("#cg-graph", "data-visible-links")))


def _small_png(page, path: Path, full_page: bool = False) -> None:
    """A screenshot down to the graph's legend (or the whole page), in a 256-colour palette to stay small."""
    from PIL import Image

    if full_page:
        page.screenshot(path=str(path), full_page=True)
    else:
        bottom = page.evaluate("() => document.querySelector('.cg-graph-panel').getBoundingClientRect().bottom + 8")
        page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": 1400, "height": bottom})
    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            path, optimize=True)

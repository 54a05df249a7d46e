"""The interactive chain graph opened from disk in headless chromium, offline."""

from __future__ import annotations

import pytest

from chaingap.report.chain_graph import write_chain_graph
from chaingap.report.demo import HOSTILE_NAME, demo_city

from .conftest import canvas_ink

pytestmark = pytest.mark.browser


@pytest.fixture()
def graph_file(tmp_path):
    city = demo_city()
    return write_chain_graph(tmp_path / "graph.html", city.chains, city)


def _links_shown(page) -> int:
    return int(page.get_attribute("#cg-graph", "data-visible-links"))


def test_graph_page_draws_offline_without_errors(open_page, graph_file, artifacts):
    page, log = open_page(graph_file)
    page.wait_for_selector("#cg-graph[data-drawn='true']", timeout=15000)
    page.screenshot(path=str(artifacts / "chain-graph-all.png"), full_page=True)
    assert log.remote_requests == []
    assert log.console_errors == [] and log.page_errors == []
    assert canvas_ink(page) > 1000
    assert _links_shown(page) == sum(len(chain.links) for chain in demo_city().chains)


def test_hostile_name_is_text_not_markup(open_page, graph_file):
    page, _ = open_page(graph_file)
    assert page.evaluate("() => window.__pwned === undefined")
    labels = page.evaluate("() => window.chaingapGraph.nodes.get().map(n => n.label)")
    assert HOSTILE_NAME in labels
    assert page.locator("script:not([type])").count() == 2  # vis-network and ours, none injected


@pytest.mark.parametrize(
    ("unchecked", "expected_hidden"),
    [(["missing"], 2), (["strong"], 2), (["missing", "weak", "being_filled"], 5)],
)
def test_status_filter_hides_links(open_page, graph_file, artifacts, unchecked, expected_hidden):
    page, log = open_page(graph_file)
    page.wait_for_selector("#cg-graph[data-drawn='true']", timeout=15000)
    before = _links_shown(page)
    for status in unchecked:
        page.uncheck(f".cg-status-filter[value='{status}']")
    assert _links_shown(page) == before - expected_hidden
    hidden = page.evaluate("() => window.chaingapGraph.nodes.get({filter: n => n.hidden && n.cg.kind === 'link'}).length")
    assert hidden == expected_hidden
    page.screenshot(path=str(artifacts / f"chain-graph-without-{'-'.join(unchecked)}.png"))
    assert log.console_errors == []


def test_chain_filter_shows_one_chain(open_page, graph_file, artifacts):
    page, _ = open_page(graph_file)
    page.select_option("#cg-chain-filter", "ship")
    assert _links_shown(page) == 3
    page.wait_for_timeout(200)
    page.screenshot(path=str(artifacts / "chain-graph-ship-only.png"))


def test_district_filter_hides_enterprises_elsewhere(open_page, graph_file):
    page, _ = open_page(graph_file)
    # what hangs off links (projects, bases; enterprises once shown), not the column headers
    visible = ("() => window.chaingapGraph.nodes.get({filter: n => !n.hidden && !['link', 'header'].includes(n.cg.kind)})"
               ".map(n => n.cg.district)")
    assert set(page.evaluate(visible)) == {"zjxq", "dy"}
    page.select_option("#cg-district-filter", "dy")
    assert set(page.evaluate(visible)) == {"dy"}
    page.select_option("#cg-district-filter", "zj")  # the city holds both districts
    assert set(page.evaluate(visible)) == {"zjxq", "dy"}

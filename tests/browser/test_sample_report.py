"""The HTML industry map of the bundled Zhenjiang sample, opened from disk as a user would."""

from __future__ import annotations

import pytest

from .conftest import canvas_ink

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def sample_report(sample_dataset, tmp_path_factory):
    from chaingap.graph.store import ChainStore
    from chaingap.queries.gaps import analyse
    from chaingap.report.html import write_html

    store = ChainStore(None)
    store.load(sample_dataset)
    try:
        index = write_html(analyse(store), tmp_path_factory.mktemp("zhenjiang-html"), lang="zh", store=store)
    finally:
        store.close()
    return index.parent


def test_sample_overview_lists_every_chain(open_page, sample_report, artifacts):
    page, log = open_page(sample_report / "index.html")
    page.screenshot(path=str(artifacts / "sample-index.png"), full_page=True)
    assert log.remote_requests == [] and log.console_errors == [] and log.page_errors == []
    rows = page.locator("#cg-overview tbody tr").count()
    assert rows == len(list(sample_report.glob("*.html"))) - 2  # minus index.html and map.html
    assert page.locator("#cg-targets tbody tr").count() > 0


@pytest.mark.parametrize("page_name", ["map.html", "nev.html", "aero.html"])
def test_sample_pages_draw_offline(open_page, sample_report, artifacts, page_name):
    page, log = open_page(sample_report / page_name)
    page.wait_for_selector("#cg-graph[data-drawn='true']", timeout=20000)
    assert canvas_ink(page) > 1000
    page.screenshot(path=str(artifacts / f"sample-{page_name}.png"))
    assert log.remote_requests == [] and log.console_errors == [] and log.page_errors == []
    broken = page.evaluate("() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).length")
    assert broken == 0
    shown = int(page.get_attribute("#cg-graph", "data-visible-links"))
    page.uncheck(".cg-status-filter[value='normal']")
    assert int(page.get_attribute("#cg-graph", "data-visible-links")) < shown

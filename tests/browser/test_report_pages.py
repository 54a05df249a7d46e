"""The HTML report opened from disk in headless chromium: every page offline and error-free."""

from __future__ import annotations

import pytest

from chaingap.report.demo import HOSTILE_NAME, demo_city
from chaingap.report.html import write_html

from .conftest import canvas_ink

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=["zh", "en"])
def report(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"report-{request.param}")
    write_html(demo_city(), out, lang=request.param)
    return request.param, out


@pytest.mark.parametrize("page_name", ["index.html", "map.html", "nev.html", "ship.html"])
def test_page_loads_offline_without_errors(open_page, report, artifacts, page_name):
    lang, out = report
    page, log = open_page(out / page_name)
    page.wait_for_load_state("load")
    if page_name != "index.html":
        page.wait_for_selector("#cg-graph[data-drawn='true']", timeout=15000)
        assert canvas_ink(page) > 1000
    page.screenshot(path=str(artifacts / f"report-{lang}-{page_name}.png"), full_page=page_name == "index.html")
    assert log.remote_requests == []
    assert log.console_errors == [] and log.page_errors == []
    broken = page.evaluate("() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
    assert broken == []


def test_hostile_names_show_as_text(open_page, report):
    _, out = report
    page, _ = open_page(out / "nev.html")
    assert page.evaluate("() => window.__pwned === undefined")
    cells = page.locator("table.cg-list td").all_inner_texts()
    assert HOSTILE_NAME in cells
    assert page.locator("b").count() == 0  # the project's "<b>" stayed text


def test_status_filter_on_chain_page(open_page, report, artifacts):
    lang, out = report
    page, _ = open_page(out / "nev.html")
    page.wait_for_selector("#cg-graph[data-drawn='true']", timeout=15000)
    shown = int(page.get_attribute("#cg-graph", "data-visible-links"))
    page.uncheck(".cg-status-filter[value='normal']")
    assert int(page.get_attribute("#cg-graph", "data-visible-links")) == shown - 2
    page.wait_for_timeout(200)
    page.locator(".cg-graph-panel").screenshot(path=str(artifacts / f"report-{lang}-nev-without-normal.png"))

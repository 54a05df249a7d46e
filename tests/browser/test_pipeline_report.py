"""The monthly district report of the sample for 2024-03, opened in a real (headless) Chromium."""

from __future__ import annotations

import pytest

from chaingap.report.pipeline_report import write_report


@pytest.fixture(scope="module")
def report(tmp_path_factory, sample_dataset):
    from chaingap.graph.store import ChainStore

    with ChainStore() as store:
        store.load(sample_dataset)
        yield write_report(store, "2024-03", tmp_path_factory.mktemp("report"))


def test_the_report_reads_in_chinese_offline_with_the_published_figures(report, open_page, artifacts):
    page, log = open_page(report["html"], width=1200, height=900)
    assert page.locator("h1").inner_text() == "镇江市 招商项目月度通报 2024-03"
    ranking = page.locator("#ranking + table tbody tr")
    assert ranking.count() == 8                                   # the eight 板块 (districts and zones)
    city = page.locator("#city-figures + table tbody tr").first.inner_text().split("\t")
    assert city == ["签约项目数", "38", "106", "46", "+130.4%", "248", "42.7%"]
    rates = page.locator("#city-rates + table").inner_text()
    assert "82.6%" in rates and "53.9%" in rates and "40.6%" in rates
    assert not log.remote_requests and not log.console_errors and not log.page_errors
    page.screenshot(path=str(artifacts / "pipeline-report-2024-03.png"), full_page=False)
    page.locator("#zjxq-figures").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "pipeline-report-2024-03-zjxq.png"), full_page=False)

"""Charts and the static chain diagram: Chinese renders with a real CJK font, files are written."""

from __future__ import annotations

import matplotlib
import pytest

from chaingap.report import charts, fonts
from chaingap.report.chain_graph import draw_chain_graph, link_levels
from chaingap.report.demo import demo_city
from chaingap.ontology.vocab import VOCABULARIES
from chaingap.report.model import ChainView, LinkView


@pytest.fixture(scope="module")
def font_path() -> str:
    try:
        return fonts.cjk_font_path()
    except fonts.NoCJKFont as exc:
        pytest.skip(str(exc))  # conftest turns this into a failure under CI=true


def _all_chinese_labels() -> str:
    city = demo_city()
    names = [term.zh for vocabulary in VOCABULARIES.values() for term in vocabulary]
    names += [city.name, *city.districts.values()]
    for chain in city.chains:
        names += [chain.name, *(link.name for link in chain.links), *(e.name for e in chain.enterprises)]
        names += [p.name for p in chain.projects]
    return "".join(names)


def test_cjk_font_has_a_glyph_for_every_label(font_path):
    assert fonts.missing_glyphs(font_path, _all_chinese_labels()) == []


def test_default_font_would_draw_boxes_so_the_check_can_fail():
    dejavu = matplotlib.font_manager.findfont("DejaVu Sans")
    assert fonts.missing_glyphs(dejavu, "产业链") == ["业", "产", "链"]


def test_use_cjk_font_puts_it_first_for_matplotlib(font_path):
    family = fonts.use_cjk_font()
    assert matplotlib.rcParams["font.sans-serif"][0] == family
    resolved = matplotlib.font_manager.findfont(matplotlib.font_manager.FontProperties(family=family))
    assert fonts.missing_glyphs(resolved, "产业链条图") == []


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        # a straight chain: one column per step
        ([("a", "upstream", ["b"]), ("b", "midstream", ["c"]), ("c", "downstream", [])], {"a": 0, "b": 1, "c": 2}),
        # a fork joins: the join sits after its longest input
        ([("a", "upstream", ["b", "c"]), ("b", "midstream", ["c"]), ("c", "downstream", [])], {"a": 0, "b": 1, "c": 2}),
        # an isolated downstream link goes right, an isolated upstream link left
        ([("a", "upstream", ["b"]), ("b", "midstream", ["c"]), ("c", "downstream", []), ("x", "downstream", []),
          ("y", "upstream", [])], {"a": 0, "b": 1, "c": 2, "x": 2, "y": 0}),
        # a cycle cannot be layered: segments decide
        ([("a", "upstream", ["b"]), ("b", "downstream", ["a"])], {"a": 0, "b": 2}),
    ],
)
def test_link_levels_run_upstream_to_downstream(links, expected):
    chain = ChainView("c", "c", links=[LinkView(i, i, segment=s, feeds=f) for i, s, f in links])
    assert link_levels(chain) == expected


def test_district_link_matrix_counts_enterprises_per_cell():
    chain = demo_city().chains[0]
    districts, links, matrix = charts.district_link_matrix(chain)
    assert districts == ["dy", "zjxq"]
    cell = dict(zip(links, zip(*matrix)))
    assert cell["nev-cell"] == (1, 1)
    assert cell["nev-pack"] == (1, 1)
    assert cell["nev-li"] == (0, 0)
    assert sum(map(sum, matrix)) == sum(len(e.links) for e in chain.enterprises)


@pytest.mark.parametrize(
    "draw",
    [
        lambda chain, city: draw_chain_graph(chain),
        lambda chain, city: charts.region_heatmap(chain, city),
        lambda chain, city: charts.key_enterprise_chart(chain),
        lambda chain, city: charts.project_pipeline_chart(chain),
        lambda chain, city: charts.product_brand_chart(chain, "en"),
    ],
    ids=["chain_map", "region_map", "enterprise_map", "project_map", "product_map"],
)
@pytest.mark.parametrize("chain_index", [0, 1])
def test_each_chart_saves_png_and_svg(font_path, tmp_path, draw, chain_index):
    city = demo_city()
    png, svg = charts.save_figure(draw(city.chains[chain_index], city), tmp_path / "chart")
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and png.stat().st_size > 5000
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "<script" not in text


def test_chain_charts_writes_all_five_maps(font_path, tmp_path):
    city = demo_city()
    written = charts.chain_charts(city.chains[0], tmp_path, city)
    assert sorted(written) == ["chain_map", "enterprise_map", "product_map", "project_map", "region_map"]
    assert all(path.exists() for paths in written.values() for path in paths)


def test_empty_chain_still_draws(font_path, tmp_path):
    empty = ChainView("e", "空链", links=[LinkView("l1", "环节一")])
    for figure in (charts.region_heatmap(empty), charts.project_pipeline_chart(empty), draw_chain_graph(empty)):
        charts.save_figure(figure, tmp_path / "empty")

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


def _long_names_chain() -> ChainView:
    """A chain whose names are long and whose values are partly unknown: what spilled before."""
    from chaingap.report.model import EnterpriseRow, ProjectRow

    links = [LinkView(f"l{i}", f"很长很长的环节名称第{i}号环节", segment=("upstream", "midstream", "downstream")[i % 3],
                      status=("missing", "weak", "normal", "strong", "being_filled")[i % 5], feeds=[f"l{i + 1}"] if i < 9 else [])
             for i in range(10)]
    enterprises = [EnterpriseRow(f"E{i}", f"江苏省镇江市某某某新材料科技股份有限公司第{i}分公司", "d", [f"l{i % 10}"],
                                 None if i % 4 == 0 else 1000.0 * i, ["listed"]) for i in range(24)]
    projects = [ProjectRow(f"P{i}", f"年产十万吨高性能新材料及配套设施建设项目（二期）第{i}号", "d", [f"l{i % 10}"],
                           None if i % 3 == 0 else 5000.0 * (i + 1), "signed") for i in range(9)]
    return ChainView("long", "很长的产业链", links=links, enterprises=enterprises, projects=projects)


def _extents(figure):
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    return renderer, figure.bbox


def _inside(inner, outer, slack: float = 1.0) -> bool:
    return (inner.x0 >= outer.x0 - slack and inner.x1 <= outer.x1 + slack
            and inner.y0 >= outer.y0 - slack and inner.y1 <= outer.y1 + slack)


@pytest.mark.parametrize("chain", [demo_city().chains[0], demo_city().chains[1], _long_names_chain()], ids=["nev", "ship", "long"])
@pytest.mark.parametrize("draw", [charts.key_enterprise_chart, charts.project_pipeline_chart, charts.product_brand_chart],
                         ids=["enterprise_map", "project_map", "product_map"])
def test_chart_texts_stay_inside_their_frame(font_path, chain, draw):
    """Names and values beside bars stay inside the axes they belong to; nothing leaves the figure."""
    figure = draw(chain)
    renderer, frame = _extents(figure)
    for axes in figure.axes:
        box = axes.get_window_extent(renderer)
        for text in axes.texts:
            if text.get_visible() and text.get_text():
                assert _inside(text.get_window_extent(renderer), box), (draw.__name__, text.get_text())
    assert _inside(figure.get_tightbbox(renderer), figure.bbox_inches, slack=0.02)  # inches
    matplotlib.pyplot.close(figure)


def test_project_chart_says_how_many_amounts_are_unknown(font_path):
    chain = _long_names_chain()
    figure = charts.project_pipeline_chart(chain)
    right = figure.axes[1]
    assert right.get_title().endswith(": 3")  # P0, P3 and P6 have no amount
    assert len(right.patches) == 6  # only the projects with an amount are bars
    assert right.get_legend() is not None  # the stage colours are explained
    matplotlib.pyplot.close(figure)


def test_key_enterprise_chart_says_when_revenue_is_unknown(font_path):
    from chaingap.report.model import EnterpriseRow

    chain = ChainView("c", "链", links=[LinkView("a", "甲"), LinkView("b", "乙"), LinkView("c", "丙")],
                      enterprises=[EnterpriseRow("E1", "某公司", "d", ["a"], None, ["listed"]),
                                   EnterpriseRow("E2", "另一公司", "d", ["b"], 500.0, [])])
    figure = charts.key_enterprise_chart(chain)
    texts = [t.get_text().strip() for t in figure.axes[0].texts]
    assert texts == ["营收未知", "500", "本地暂无企业"]
    matplotlib.pyplot.close(figure)


@pytest.mark.parametrize("chain", [*demo_city().chains, _long_names_chain()], ids=["nev", "ship", "long"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_static_chain_diagram_has_no_overlaps(font_path, chain, lang):
    """No two circles, no two labels and no label and circle overlap; all inside the figure."""
    from matplotlib.patches import Circle

    figure = draw_chain_graph(chain, lang)
    renderer, frame = _extents(figure)
    axes = figure.axes[0]
    circles = [p.get_window_extent(renderer) for p in axes.patches if isinstance(p, Circle)]
    labels = [t.get_window_extent(renderer) for t in axes.texts if (t.get_gid() or "").startswith("label:")]
    assert len(labels) == len(chain.links)
    boxes = [("circle", box) for box in circles] + [("label", box) for box in labels]
    for index, (kind, first) in enumerate(boxes):
        assert _inside(first, frame)
        for other, second in boxes[index + 1:]:
            ring = kind == other == "circle" and (_inside(first, second, 0) or _inside(second, first, 0))
            if not ring:  # an extension ring holds its own circle; nothing else may touch
                assert not first.overlaps(second), (kind, first, other, second)
    matplotlib.pyplot.close(figure)

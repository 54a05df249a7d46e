"""The HTML industry map on disk: every page, map and list is written, escaped and offline."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from chaingap.ontology import terms
from chaingap.report import fonts
from chaingap.report.assets import script_json
from chaingap.report.demo import HOSTILE_NAME, demo_city
from chaingap.report.html import analysis_node_attributes, chain_slug, write_html
from chaingap.report.lists import Table, write_csv, write_xlsx
from chaingap.ontology.vocab import STATUSES
from chaingap.queries.rollups import LEAF_STATUSES

MAPS = ("chain_map", "region_map", "project_map", "enterprise_map", "product_map")
LISTS = ("list_enterprises", "list_projects", "list_products", "list_bases", "list_strengths", "list_weaknesses")


@pytest.fixture(scope="module", autouse=True)
def _cjk_font():
    try:
        fonts.cjk_font_path()
    except fonts.NoCJKFont as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module", params=["zh", "en"])
def report(request, tmp_path_factory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp(f"html-{request.param}")
    write_html(demo_city(), out, lang=request.param)
    return request.param, out


def test_every_page_map_and_list_is_written(report):
    _, out = report
    assert (out / "index.html").exists() and (out / "map.html").exists()
    for chain in demo_city().chains:
        slug = chain_slug(chain.id)
        assert (out / f"{slug}.html").exists()
        for name in MAPS:
            assert (out / slug / f"{name}.png").stat().st_size > 0
            assert (out / slug / f"{name}.svg").stat().st_size > 0
        for name in LISTS:
            assert (out / slug / f"{name}.csv").exists() and (out / slug / f"{name}.xlsx").exists()


@pytest.mark.parametrize(("lang", "title", "header"), [("zh", "产业链条图", "名称"), ("en", "Chain diagram", "Name")])
def test_language_of_pages_and_lists(tmp_path, lang, title, header):
    write_html(demo_city(), tmp_path, lang=lang)
    page = (tmp_path / "nev.html").read_text(encoding="utf-8")
    assert title in page
    with (tmp_path / "nev" / "list_enterprises.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle))[0] == header


def test_csv_has_a_bom_for_excel(report):
    _, out = report
    raw = (out / "nev" / "list_projects.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "年产1亿平方米隔膜项目".encode("utf-8") in raw


def test_pages_have_no_remote_reference(report):
    _, out = report
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.IGNORECASE), page.name
        assert "cdnjs." not in text and "cdn.jsdelivr" not in text and "bootstrap.min" not in text
        assert "sourceMappingURL" not in text
        assert not re.search(r"<script[^>]+src=", text), page.name


def test_hostile_names_are_escaped_everywhere(report):
    _, out = report
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert HOSTILE_NAME not in text, page.name
        assert "</script><b>" not in text, page.name
    chain_page = (out / "nev.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in chain_page  # in the HTML tables
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in chain_page  # in the graph JSON


@pytest.mark.parametrize("value", [HOSTILE_NAME, "</script><!--", "a & b > c", "\u2028line"])
def test_script_json_cannot_close_its_element(value):
    text = str(script_json({"name": value}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    import json

    assert json.loads(text) == {"name": value}


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)"])
def test_lists_never_write_formulas(tmp_path, value):
    table = Table("t", "t", ["name", "revenue"], [[value, -5.0]])
    write_xlsx(table, tmp_path / "t.xlsx")
    cell = load_workbook(tmp_path / "t.xlsx").active["A2"]
    assert cell.value == value and cell.data_type == "s"
    assert load_workbook(tmp_path / "t.xlsx").active["B2"].value == -5.0
    write_csv(table, tmp_path / "t.csv")
    with (tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1] == ["'" + value, "-5.0"]


def test_overview_counts_links_by_status(report):
    lang, out = report
    text = (out / "index.html").read_text(encoding="utf-8")
    row = re.search(r"<tr><td><a href=\"nev.html\">.*?</tr>", text, re.DOTALL).group(0)
    numbers = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)]
    chain = demo_city().chains[0]
    assert numbers == [len(chain.leaves), *(chain.count(s) for s in LEAF_STATUSES)]
    assert "57%" in row  # 4 of 7 links have a local enterprise


def test_a_rollup_counts_in_no_total_of_the_map():
    """A parent link (rollup) is neither a link of the count nor of completeness: its leaves are."""
    from chaingap.report.model import ChainView, LinkView

    chain = ChainView(id="c", name="c", links=[
        LinkView(id="p", name="p", status="rollup", metrics={"local_enterprises": 3}),
        LinkView(id="a", name="a", parent="p", status="strong", metrics={"local_enterprises": 3}),
        LinkView(id="b", name="b", parent="p", status="being_filled", metrics={"local_enterprises": 0})])
    assert [link.id for link in chain.leaves] == ["a", "b"] and chain.completeness == 0.5


def test_strengths_and_weaknesses_lists_follow_statuses(tmp_path):
    write_html(demo_city(), tmp_path, lang="en")
    sheets = {name: load_workbook(tmp_path / "nev" / f"{name}.xlsx").active for name in ("list_strengths", "list_weaknesses")}
    strengths = [row[0] for row in sheets["list_strengths"].iter_rows(min_row=2, values_only=True)]
    weaknesses = [row[0] for row in sheets["list_weaknesses"].iter_rows(min_row=2, values_only=True)]
    assert strengths == ["Cells"]
    # as the chain runs: upstream sources (lithium, separator), then cathode, fed by lithium
    assert weaknesses == ["Lithium", "Separator", "Cathode", "Charging"]


@pytest.mark.parametrize(
    ("district", "expected"),
    [("dy", ["dy", "zj"]), ("zj", ["zj"]), ("unknown", ["unknown"])],
)
def test_within_walks_up_the_district_tree(district, expected):
    assert demo_city().within(district) == expected


def test_within_survives_a_cycle():
    from chaingap.report.model import CityView

    assert CityView(parents={"a": "b", "b": "a"}).within("a") == ["a", "b"]


def test_chain_slug_is_a_safe_unique_file_name():
    assert chain_slug("nev") == "nev"
    odd = [chain_slug(x) for x in ("../etc", "新能源", "a b", "a_b")]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", s) for s in odd)
    assert len(set(odd)) == len(odd)


def _link_result(link_id: str, status: str, **metrics):
    from chaingap.queries.results import LinkResult

    return LinkResult(id=link_id, name=link_id, chain="c", segment="upstream", status=status,
                      extension=status == "missing", metrics=metrics)


def test_analysis_node_attributes_are_typed_graphml_values(tmp_path):
    from chaingap.queries.results import Analysis

    analysis = Analysis(
        links=[_link_result("L1", "weak", lq=Decimal("0.5"), local_enterprises=2, lq_basis="revenue", supply_gap=True),
               _link_result("L2", "missing", lq=None)],
        targets={}, shortlist=[], expand_locally=[],
    )
    attributes = analysis_node_attributes(analysis)
    first = attributes[terms.iri("link", "L1")]
    assert first == {"status": "weak", "extension": False, "m_lq": 0.5, "m_local_enterprises": 2,
                     "m_lq_basis": "revenue", "m_supply_gap": True}
    assert attributes[terms.iri("link", "L2")] == {"status": "missing", "extension": True}
    graph = nx.DiGraph()
    for iri, row in attributes.items():
        graph.add_node(iri, **row)
    nx.write_graphml(graph, tmp_path / "links.graphml")
    back = nx.read_graphml(tmp_path / "links.graphml")
    assert back.nodes[terms.iri("link", "L1")]["m_lq"] == 0.5


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory):
    """A small generated dataset loaded into a store (its tables, and the graph built from them)."""
    from chaingap.graph.store import ChainStore
    from chaingap.loaders import load_dataset
    from chaingap.sample.synthetic import generate

    folder = generate(tmp_path_factory.mktemp("synthetic"), enterprises=300, chains=2, links_per_chain=(5, 8), seed=7)
    store = ChainStore(None)
    store.load(load_dataset(folder))
    yield store, folder
    store.close()


def test_city_view_from_engine_and_store(synthetic_store):
    import yaml

    from chaingap.queries.gaps import analyse
    from chaingap.report.store_view import city_view

    store, folder = synthetic_store
    analysis = analyse(store)
    city = city_view(analysis, store)
    view_status = {link.id: link.status for chain in city.chains for link in chain.links}
    assert view_status == {link.id: link.status for link in analysis.links}
    chains_file = yaml.safe_load((folder / "chains.yaml").read_text(encoding="utf-8"))
    assert sorted(chain.id for chain in city.chains) == sorted(
        chain["id"] for cluster in chains_file["clusters"] for chain in cluster["chains"])
    feeds = {(link.id, target) for chain in city.chains for link in chain.links for target in link.feeds}
    assert feeds  # the generator always draws feeds-into edges
    assert all(e.district in city.districts for chain in city.chains for e in chain.enterprises)
    targeted = {t.link for chain in city.chains for t in chain.targets}
    assert targeted == {link for link, found in analysis.targets.items() if found}


def test_cli_map_and_html_write_offline_pages(synthetic_store, tmp_path, monkeypatch):
    from chaingap.cli import analysis as analysis_cli
    from chaingap.cli import cli

    store, _ = synthetic_store
    monkeypatch.setattr(analysis_cli, "open_analysis_store", lambda home, use_sample: store)
    runner = CliRunner()
    result = runner.invoke(cli, ["map", "--chain", "C01", "--out", str(tmp_path / "m.html"), "--png", "--lang", "en"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m.html").exists() and (tmp_path / "m-C01.png").exists() and (tmp_path / "m-C01.svg").exists()
    bad = runner.invoke(cli, ["map", "--chain", "nope", "--out", str(tmp_path / "x.html")])
    assert bad.exit_code == 2 and "unknown chain nope" in bad.output
    result = runner.invoke(cli, ["html", str(tmp_path / "site")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "index.html").exists() and (tmp_path / "site" / "C02.html").exists()


def test_graphml_export_carries_statuses_and_metrics(synthetic_store, tmp_path):
    """Gephi can colour link nodes by status: the exporter writes our attributes on them."""
    from chaingap.graph.export import export
    from chaingap.graph.store import ChainStore
    from chaingap.loaders import load_dataset
    from chaingap.queries.gaps import analyse

    _, folder = synthetic_store
    store = ChainStore(None)
    try:
        store.load(load_dataset(folder))
        analysis = analyse(store)
        export(store, "graphml", tmp_path / "kg.graphml", node_attributes=analysis_node_attributes(analysis))
    finally:
        store.close()
    graph = nx.read_graphml(tmp_path / "kg.graphml")
    for link in analysis.links:
        node = graph.nodes[terms.iri("link", link.id)]
        assert node["status"] == link.status
        assert node["extension"] == link.extension
        assert node["m_local_enterprises"] == link.metrics["local_enterprises"]


def _data_strings(city) -> list[str]:
    """Every name the demo's data brings (Chinese whatever the language of the page)."""
    found = [city.name, *city.districts.values()]
    for chain in city.chains:
        found += [chain.cluster, *(link.reason for link in chain.links)]
        found += [e.name for e in chain.enterprises] + [p.name for p in chain.projects] + [p.investor for p in chain.projects]
        found += [p.name for p in chain.products] + [p.enterprise for p in chain.products] + [p.brand for p in chain.products]
        found += [b.name for b in chain.bases] + [t.name for t in chain.targets] + [t.place for t in chain.targets]
    return sorted({s for s in found if s}, key=len, reverse=True)


def _page_text(html_text: str) -> str:
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts, self.skip = [], 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style")

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style")

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(html_text)
    return "\n".join(parser.parts)


CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def test_english_pages_have_no_chinese_word_of_their_own(tmp_path):
    """With --lang en every word the map writes is English; only names from the data stay Chinese."""
    import json

    city = demo_city()
    write_html(city, tmp_path, lang="en")
    names = _data_strings(city)
    for page in sorted(tmp_path.glob("*.html")):
        raw = page.read_text(encoding="utf-8")
        text = _page_text(raw)
        for name in names:
            text = text.replace(name, "")
        text = text.replace("万元", "")  # the vocabulary's money unit, in English headers too
        assert not CJK.findall(text), (page.name, sorted(set(CJK.findall(text))))
        match = re.search(r'<script type="application/json" id="cg-graph-data">(.*?)</script>', raw, re.DOTALL)
        if match:
            graph = json.loads(match.group(1))
            own = [n["label"] for n in graph["nodes"] if n["cg"]["kind"] in ("link", "header")]
            own += [item["label"] for item in graph["legend"]] + [s["label"] for s in graph["statuses"]]
            assert not [w for w in own if CJK.search(w)], page.name
    for sheet in sorted(tmp_path.glob("*/*.csv")):
        with sheet.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle))
        assert not [h for h in header if CJK.search(h.replace("万元", ""))], sheet.name


def test_map_words_and_headers_do_not_share_a_code():
    """MAP_WORDS (titles, controls, legend) adds to WORDS (headers); one code never has two words."""
    from chaingap.ontology.vocab import FLAGS, MAP_WORDS, SEGMENTS, STAGES, WORDS

    seen: dict[str, str] = {}
    for vocabulary in (MAP_WORDS, WORDS, STATUSES, SEGMENTS, STAGES, FLAGS):
        for code in vocabulary.codes:
            assert code not in seen, f"{code} in {seen.get(code)} and {vocabulary.name}"
            seen[code] = vocabulary.name


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_link_list_runs_upstream_to_downstream(tmp_path, lang):
    from chaingap.ontology.vocab import SEGMENTS

    city = demo_city()
    write_html(city, tmp_path, lang=lang)
    chain = city.chains[0]
    segment = {link.label(lang): SEGMENTS.order(link.segment) for link in chain.links}
    for name in ("list_weaknesses", "list_targets"):
        with (tmp_path / "nev" / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))[1:]
        order = [segment[row[0]] for row in rows]
        assert order == sorted(order) and order, name
    matrix = (tmp_path / "nev.html").read_text(encoding="utf-8")
    positions = [matrix.index(f"<th>{link.label(lang)}</th>") for link in chain.links]
    assert [segment[link.label(lang)] for _, link in sorted(zip(positions, chain.links))] == sorted(segment.values())


def test_targets_list_has_a_rank_per_link(tmp_path):
    write_html(demo_city(), tmp_path, lang="zh")
    sheet = load_workbook(tmp_path / "nev" / "list_targets.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("环节", "排名", "名称")
    assert [(r[0], r[1]) for r in rows[1:]] == [("锂资源", 1), ("正极材料", 1), ("充电设施", 1)]
    assert sheet.freeze_panes == "A2"
    page = (tmp_path / "nev.html").read_text(encoding="utf-8")
    assert 'href="nev/list_targets.csv"' in page and 'href="nev/list_targets.xlsx"' in page
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="city-shortlist.csv"' in index and (tmp_path / "city-shortlist.xlsx").exists()

"""Registry exports as they come: 登记状态, money as registries write it, rows without any id.

A registry export (企查查, 天眼查, a market-regulation download) gives 登记状态 (存续, 在业, 注销,
吊销 …), money such as ``100万(元)`` and rows with a name only. Such a pool loads as it is: an
inactive firm is kept with its status but counts in no link and is never a target.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from chaingap.loaders import load_dataset
from chaingap.loaders.money import parse_money
from chaingap.loaders.tables_of_record import write_tables
from chaingap.queries.gaps import analyse

BASIC = Path(__file__).parent / "data" / "basic"
POOL = """企业名称,统一社会信用代码,所属省份,所属城市,所属区县,国标行业,营业收入,注册资本,上市,登记状态
宁德某电芯有限公司,91350902MA2DX06F34,福建省,宁德市,蕉城区,3841,5亿元,100万(元),是,存续（在营、开业、在册）
深圳某正极有限公司,91440305MA5PJ07G8G,广东省,深圳市,南山区,2613,1.2亿美元,5000万元人民币,是,注销
常州 某正极（集团）有限公司,,江苏省,常州市,,2613,2亿元,1.2亿美元,,在业
杭州某正极有限公司,,浙江省,杭州市,,2613,3亿元,,是,吊销，未注销
苏州某锂电池正极材料有限公司,,江苏省,苏州市,,,3亿元,,,在业
"""


@pytest.mark.parametrize(("cell", "wan_yuan"), [
    ("100万(元)", "100"), ("100万（元）", "100"), ("100(万元)", "100"), ("5000万元人民币", "5000"),
    ("1.2亿美元", "85200"), ("50万(美元)", "355"), ("3亿元", "30000"),
])
def test_money_as_registries_write_it(cell, wan_yuan):
    assert parse_money(cell, {"USD": "7.1"}).wan_yuan == Decimal(wan_yuan)


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    folder = tmp_path_factory.mktemp("registry") / "ds"
    shutil.copytree(BASIC, folder)
    (folder / "pool.csv").write_text(POOL, encoding="utf-8")
    dataset = load_dataset(folder)
    con = duckdb.connect()
    write_tables(dataset, con)
    return dataset, con


def test_the_status_is_kept_and_inactive_firms_work_in_no_link(registry):
    dataset, con = registry
    rows = dict(con.execute("SELECT name, registration_status FROM enterprises WHERE NOT is_local").fetchall())
    assert rows["深圳某正极有限公司"] == "注销" and rows["杭州某正极有限公司"] == "吊销，未注销"
    inactive = con.execute("""SELECT count(*) FROM operations o JOIN enterprises e ON e.id = o.enterprise
                              WHERE e.registration_status IN ('注销', '吊销，未注销')""").fetchone()[0]
    assert inactive == 0
    assert any("no longer operate" in warning and "rows 3, 5" in warning for warning in dataset.warnings)


def test_an_inactive_firm_is_never_a_target(registry):
    _, con = registry
    analysis = analyse(con, profile={"targets": {"statuses": ["missing", "weak", "normal", "strong"]}})
    targets = {t.name for items in analysis.targets.values() for t in items}
    assert "常州 某正极（集团）有限公司" in targets
    assert not targets & {"深圳某正极有限公司", "杭州某正极有限公司"}


def test_a_row_without_id_or_credit_code_gets_a_stable_id_from_its_name(registry, tmp_path):
    dataset, con = registry
    [(found,)] = con.execute("SELECT id FROM enterprises WHERE name = '常州 某正极（集团）有限公司'").fetchall()
    assert found.startswith("name-")
    assert any("neither id nor credit code" in warning for warning in dataset.warnings)
    # the same firm written another way (spaces, half-width brackets) gets the same id
    folder = tmp_path / "again"
    shutil.copytree(BASIC, folder)
    (folder / "pool.csv").write_text(POOL.replace("常州 某正极（集团）", "常州某正极(集团)"), encoding="utf-8")
    again = duckdb.connect()
    write_tables(load_dataset(folder), again)
    assert again.execute("SELECT id FROM enterprises WHERE name = '常州某正极(集团)有限公司'").fetchone()[0] == found


def test_keywords_assign_by_the_longest_exclusive_match_with_a_confidence(registry):
    dataset, con = registry
    rows = con.execute("""SELECT o.link, o.share, o.confidence FROM operations o JOIN enterprises e ON e.id = o.enterprise
                          WHERE e.name = '苏州某锂电池正极材料有限公司'""").fetchall()
    # 锂电池 (B02, 3 characters) is longer than 正极 (B01, 2): one link, the whole share, 3 / (3 + 2)
    assert rows == [("B02", Decimal(1), Decimal("0.6"))]
    assert any("keywords of several links (rows 6)" in warning and "review" in warning for warning in dataset.warnings)
    # a given link or an industry code is certain
    assert {c for (c,) in con.execute("SELECT DISTINCT confidence FROM operations WHERE assigned_by <> 'keyword'").fetchall()} \
        == {Decimal(1)}

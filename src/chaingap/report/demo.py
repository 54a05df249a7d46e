"""A tiny hand-made city for tests and for trying the views without loading any data.

It has one link of every status, an extension opportunity, a feeds-into chain, two
districts, and names that try to break out of HTML and JSON (``<script>…``), so every view
can be checked against escaping.
"""

from __future__ import annotations

from .model import (
    BaseRow,
    ChainView,
    CityView,
    EnterpriseRow,
    LinkView,
    ProductRow,
    ProjectRow,
    TargetRow,
)

__all__ = ["HOSTILE_NAME", "demo_city"]

HOSTILE_NAME = "<script>alert(1)</script>"


def demo_city() -> CityView:
    """Two chains in two districts; every status appears at least once."""
    battery = ChainView(
        id="nev",
        name="新能源汽车",
        name_en="New-energy vehicles",
        cluster="新能源",
        links=[
            LinkView("nev-li", "锂资源", "Lithium", "upstream", status="missing", feeds=["nev-cathode"],
                     metrics={"local_enterprises": 0, "lq": 0.0}, reason="本地无企业"),
            LinkView("nev-cathode", "正极材料", "Cathode", "upstream", status="weak", feeds=["nev-cell"],
                     metrics={"local_enterprises": 1, "local_revenue": 800.0, "lq": 0.42}),
            LinkView("nev-sep", "隔膜", "Separator", "upstream", status="being_filled", extension=True,
                     feeds=["nev-cell"], metrics={"local_enterprises": 0, "projects": 1}),
            LinkView("nev-cell", "电芯", "Cells", "midstream", status="strong", feeds=["nev-pack"],
                     metrics={"local_enterprises": 3, "local_revenue": 250000.0, "lq": 2.4}),
            LinkView("nev-pack", "电池包", "Battery packs", "midstream", status="normal", feeds=["nev-car"],
                     metrics={"local_enterprises": 2, "local_revenue": 40000.0, "lq": 1.0}),
            LinkView("nev-car", "整车", "Vehicles", "downstream", status="normal",
                     metrics={"local_enterprises": 1, "local_revenue": 90000.0, "lq": 0.9}),
            LinkView("nev-charge", "充电设施", "Charging", "downstream", status="missing", extension=True,
                     metrics={"local_enterprises": 0}),
        ],
        enterprises=[
            EnterpriseRow("E1", HOSTILE_NAME, "zjxq", ["nev-cell"], 200000.0, ["chain_leader", "listed"]),
            EnterpriseRow("E2", "镇江电池科技有限公司", "dy", ["nev-cell", "nev-pack"], 50000.0, ["specialised"]),
            EnterpriseRow("E3", "丹阳正极材料有限公司", "dy", ["nev-cathode"], 800.0, ["high_tech"]),
            EnterpriseRow("E4", "镇江新区整车制造有限公司", "zjxq", ["nev-car"], 90000.0, ["above_scale"]),
            EnterpriseRow("E5", "某电池包有限公司", "zjxq", ["nev-pack"], 10000.0, []),
        ],
        projects=[
            ProjectRow("P1", "年产1亿平方米隔膜项目", "zjxq", ["nev-sep"], 300000.0, "started", "某隔膜集团"),
            ProjectRow("P2", "电芯扩产</script><b>项目</b>", "dy", ["nev-cell"], 60000.0, "signed", "镇江电池科技"),
            ProjectRow("P3", "电池包二期", "zjxq", ["nev-pack"], 20000.0, "producing", ""),
        ],
        products=[
            ProductRow("PR1", "磷酸铁锂电芯", HOSTILE_NAME, "nev-cell", "镇电"),
            ProductRow("PR2", "三元正极", "丹阳正极材料有限公司", "nev-cathode", ""),
        ],
        bases=[BaseRow("B1", "镇江新区新能源产业基地", "zjxq")],
        targets=[
            TargetRow("nev-li", "X1", "江西某锂业股份有限公司", 0.82, "江西省宜春市", "fit 1.0; listed"),
            TargetRow("nev-charge", "X2", "常州某充电科技有限公司", 0.74, "江苏省常州市", "same province"),
            TargetRow("nev-cathode", "X3", HOSTILE_NAME, 0.51, "湖南省长沙市", "supplies E2"),
        ],
    )
    ships = ChainView(
        id="ship",
        name="船舶海工",
        name_en="Ships and offshore",
        cluster="高端装备",
        links=[
            LinkView("ship-steel", "船用钢材", "Marine steel", "upstream", status="normal", feeds=["ship-hull"],
                     metrics={"local_enterprises": 2, "local_revenue": 30000.0}),
            LinkView("ship-engine", "船用动力", "Marine engines", "upstream", status="weak", feeds=["ship-hull"],
                     metrics={"local_enterprises": 1, "local_revenue": 3000.0}),
            LinkView("ship-hull", "船舶总装", "Shipbuilding", "downstream", status="strong",
                     metrics={"local_enterprises": 2, "local_revenue": 120000.0}),
        ],
        enterprises=[
            EnterpriseRow("S1", "扬中船用钢材有限公司", "dy", ["ship-steel"], 30000.0, ["above_scale"]),
            EnterpriseRow("S2", "镇江船舶重工", "zjxq", ["ship-hull"], 120000.0, ["chain_leader"]),
            EnterpriseRow("S3", "镇江动力有限公司", "zjxq", ["ship-engine"], 3000.0, ["specialised"]),
        ],
    )
    return CityView(
        name="镇江市",
        as_of="2024-03-31",
        chains=[battery, ships],
        districts={"zj": "镇江市", "zjxq": "镇江新区", "dy": "丹阳市"},
        parents={"zjxq": "zj", "dy": "zj"},
    )

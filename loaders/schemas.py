"""The tables of a dataset folder: canonical columns, accepted headers, required columns.

The aliases follow docs/architecture.md plus the headers of common enterprise-registry
exports, so a user's existing export loads without renaming columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["TableSpec", "TABLES", "ENTERPRISE_COLUMNS"]


@dataclass(frozen=True)
class TableSpec:
    """One table: file stem, Chinese title, columns (canonical -> accepted headers)."""

    name: str
    title_zh: str
    columns: dict[str, tuple[str, ...]]
    required: frozenset[str] = field(default_factory=frozenset)

    def header_zh(self, column: str) -> str:
        """The Chinese header written in templates (first alias, else the canonical name)."""
        aliases = self.columns[column]
        return aliases[0] if aliases else column


_PROVENANCE = {"illustrative": ("示例数据", "是否示例"), "source": ("来源", "数据来源")}

ENTERPRISE_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("编号", "企业编号"),
    "name": ("企业名称", "名称", "公司名称"),
    "credit_code": ("统一社会信用代码", "信用代码", "社会信用代码"),
    "district": ("所在板块", "所属板块", "板块"),
    "province": ("所属省份", "省份", "省"),
    "city": ("所属城市", "城市", "市"),
    "county": ("所属区县", "区县", "县区"),
    "links": ("所属环节", "环节", "产业链环节"),
    "industry_code": ("国标行业", "行业代码", "国民经济行业代码", "行业门类代码"),
    "revenue": ("营业收入", "营收", "产值", "年产值"),
    "revenue_unit": ("营业收入单位", "营收单位"),
    "registered_capital": ("注册资本",),
    "registered_capital_unit": ("注册资本单位",),
    "employees": ("员工人数", "从业人数", "职工人数", "参保人数"),
    "founded": ("成立日期", "成立时间"),
    "listed": ("是否上市", "上市"),
    "specialised": ("专精特新",),
    "high_tech": ("高新技术企业", "高新技术"),
    "above_scale": ("规上企业", "规上"),
    "chain_leader": ("龙头企业", "龙头", "链主"),
    "parent_group": ("所属集团", "母公司"),
    "business_scope": ("经营范围",),
    "address": ("企业地址", "地址", "注册地址"),
    "expansion_signal": ("扩张信号",),
    "registration_status": ("登记状态", "经营状态", "企业状态", "登记状况"),
    **_PROVENANCE,
}

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "districts", "板块",
            {"id": ("编号", "代码", "区划代码"), "name": ("名称", "区县名称", "板块名称"), "kind": ("类型",),
             "parent": ("上级",), "admin_code": ("行政区划代码",), **_PROVENANCE},
            frozenset({"id", "name", "kind"}),
        ),
        TableSpec("enterprises", "本地企业", dict(ENTERPRISE_COLUMNS), frozenset({"name"})),
        TableSpec("pool", "外部企业库", dict(ENTERPRISE_COLUMNS), frozenset({"name"})),
        TableSpec(
            "projects", "招商项目",
            {"id": ("项目编号", "编号"), "name": ("项目名称", "名称"), "district": ("所在板块", "落地板块", "板块"),
             "links": ("目标环节", "环节"), "chain": ("产业链",), "investor": ("投资方", "投资主体"),
             "investor_credit_code": ("投资方统一社会信用代码",), "investment": ("总投资", "投资额"),
             "investment_unit": ("投资额单位", "总投资单位"),
             "stage": ("当前阶段", "阶段"), "signed_on": ("签约日期",), "agreement": ("协议类型",),
             "origin": ("内外资", "资金来源"), "industry_code": ("国标行业", "行业代码"),
             "land_mu": ("用地面积", "用地亩数", "用地"),
             **_PROVENANCE},
            frozenset({"id", "name", "district"}),
        ),
        TableSpec(
            "project_stages", "项目阶段",
            {"project": ("项目编号", "项目"), "stage": ("阶段",), "date": ("日期",), **_PROVENANCE},
            frozenset({"project", "stage", "date"}),
        ),
        TableSpec(
            "project_transfers", "项目流转",
            {"project": ("项目编号", "项目"), "date": ("流转日期", "日期"), "from": ("转出板块",),
             "to": ("转入板块",), "credit": ("转入分成", "分成比例"), **_PROVENANCE},
            frozenset({"project", "date", "from", "to"}),
        ),
        TableSpec(
            "project_commitments", "项目承诺",
            {"project": ("项目编号", "项目"), "kind": ("约定事项", "类别"), "record": ("约定或实际", "记录类型"),
             "date": ("日期", "约定日期"), "amount": ("金额", "数值"), "amount_unit": ("金额单位",), **_PROVENANCE},
            frozenset({"project", "kind", "record", "date", "amount"}),
        ),
        TableSpec(
            "outreach", "走访记录",
            {"enterprise": ("企业编号", "企业", "企业名称"), "date": ("日期", "走访日期"),
             "kind": ("类型", "结果", "走访结果"), "note": ("备注", "说明"), **_PROVENANCE},
            frozenset({"enterprise", "date", "kind"}),
        ),
        TableSpec(
            "targets", "年度目标",
            {"year": ("年度", "年份"), "district": ("板块",), "projects": ("签约项目数", "项目数"),
             "investment": ("协议投资额", "总投资", "投资额"), "investment_unit": ("投资额单位",), **_PROVENANCE},
            frozenset({"year"}),
        ),
        TableSpec(
            "products", "产品",
            {"id": ("产品编号", "编号"), "name": ("产品名称", "名称"), "enterprise": ("企业编号", "企业"),
             "link": ("环节",), "brand": ("品牌",), **_PROVENANCE},
            frozenset({"id", "name", "enterprise", "link"}),
        ),
        TableSpec(
            "supply", "供应关系",
            {"supplier": ("供应商",), "customer": ("客户",), "product": ("产品",), **_PROVENANCE},
            frozenset({"supplier", "customer"}),
        ),
        TableSpec(
            "bases", "基地",
            {"id": ("基地编号", "编号"), "name": ("基地名称", "名称"), "district": ("所在板块", "板块"),
             "chain": ("产业链",), **_PROVENANCE},
            frozenset({"id", "name", "district", "chain"}),
        ),
        TableSpec(
            "benchmarks", "全国基准",
            {"link": ("环节",), "enterprises": ("企业数",), "revenue": ("营业收入", "营收"),
             "revenue_unit": ("营业收入单位",), **_PROVENANCE},
            frozenset({"link"}),
        ),
    )
}

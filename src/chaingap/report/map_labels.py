"""Words of the industry map in Chinese (default) and English, and the status colours.

Kept apart from the gap engine's text (``i18n.py``) because these are the map's own words:
titles of the five maps and six lists, legend entries, column headers.
"""

from __future__ import annotations

__all__ = ["STATUS_COLOURS", "LANGS", "label", "status_label"]

LANGS = ("zh", "en")

#: Colour-blind-safe-ish palette: red missing, amber being filled, orange weak, grey-blue normal, green strong.
STATUS_COLOURS = {
    "missing": "#d62728",
    "being_filled": "#f2b701",
    "weak": "#ff7f0e",
    "normal": "#7f9fbf",
    "strong": "#2ca02c",
}

_WORDS: dict[str, tuple[str, str]] = {
    # statuses
    "missing": ("缺链", "missing"),
    "being_filled": ("在补", "being filled"),
    "weak": ("弱链", "weak"),
    "normal": ("一般", "normal"),
    "strong": ("强链", "strong"),
    "extension": ("延链机会", "extension opportunity"),
    # segments
    "upstream": ("上游", "upstream"),
    "midstream": ("中游", "midstream"),
    "downstream": ("下游", "downstream"),
    # stages
    "signed": ("签约", "signed"),
    "landed": ("落地", "landed"),
    "started": ("开工", "started"),
    "in_database": ("入库", "in database"),
    "in_statistics": ("列统", "in statistics"),
    "producing": ("投产", "producing"),
    "reached_output": ("达效", "reached output"),
    # titles
    "report_title": ("产业图谱", "Industry map"),
    "overview": ("全市产业链总览", "City overview"),
    "chain_map": ("产业链条图", "Chain diagram"),
    "region_map": ("区域分布图", "Regional distribution"),
    "project_map": ("重大项目图", "Major projects"),
    "enterprise_map": ("重点企业图", "Key enterprises"),
    "product_map": ("产品品牌图", "Products and brands"),
    "list_enterprises": ("重点企业清单", "Key enterprises"),
    "list_projects": ("项目清单", "Projects"),
    "list_products": ("产品清单", "Products"),
    "list_bases": ("基地清单", "Bases"),
    "list_strengths": ("长板清单", "Strengths"),
    "list_weaknesses": ("短板清单", "Weaknesses"),
    "top_targets": ("重点招商目标", "Top recruitment targets"),
    "legend": ("图例", "Legend"),
    "filter_status": ("按状态筛选", "Filter by status"),
    "filter_chain": ("产业链", "Chain"),
    "filter_district": ("板块", "District"),
    "all": ("全部", "All"),
    "shown": ("显示环节数", "Links shown"),
    "show_enterprises": ("显示企业", "Show enterprises"),
    "download": ("下载", "Download"),
    "static_image": ("静态图", "Static image"),
    "back": ("返回总览", "Back to overview"),
    "as_of": ("数据截至", "Data as of"),
    "no_rows": ("暂无数据", "No data"),
    # columns
    "chain": ("产业链", "Chain"),
    "cluster": ("产业集群", "Cluster"),
    "completeness": ("完整度", "Completeness"),
    "links": ("环节数", "Links"),
    "link": ("环节", "Link"),
    "segment": ("所处环节段", "Segment"),
    "status": ("状态", "Status"),
    "name": ("名称", "Name"),
    "enterprise": ("企业", "Enterprise"),
    "district": ("板块", "District"),
    "revenue": ("营业收入(万元)", "Revenue (10k CNY)"),
    "flags": ("标签", "Flags"),
    "investment": ("总投资(万元)", "Investment (10k CNY)"),
    "stage": ("阶段", "Stage"),
    "investor": ("投资方", "Investor"),
    "brand": ("品牌", "Brand"),
    "score": ("得分", "Score"),
    "place": ("所在地", "Location"),
    "reasons": ("理由", "Reasons"),
    "local_enterprises": ("本地企业数", "Local enterprises"),
    "local_revenue": ("本地营收(万元)", "Local revenue (10k CNY)"),
    "lq": ("区位商", "Location quotient"),
    "hhi": ("集中度HHI", "HHI"),
    "top_share": ("最大企业占比", "Largest firm share"),
    "criticality": ("关键度", "Criticality"),
    "projects": ("项目数", "Projects"),
    "count": ("数量", "Count"),
    "enterprises_by_district": ("各板块企业数", "Enterprises by district"),
    "revenue_by_link": ("各环节本地营收", "Local revenue by link"),
    "pipeline_by_stage": ("项目阶段分布", "Project pipeline by stage"),
    "products_by_link": ("各环节产品与品牌数", "Products and brands by link"),
    "district_by_link": ("板块 × 环节 企业数", "Enterprises: district × link"),
    "products": ("产品", "Products"),
    "brands": ("品牌", "Brands"),
    # flags
    "chain_leader": ("链主", "chain leader"),
    "listed": ("上市", "listed"),
    "specialised": ("专精特新", "specialised SME"),
    "high_tech": ("高新技术", "high-tech"),
    "above_scale": ("规上", "above scale"),
    # metric keys written by the gap engine under other names
    "local_count": ("本地企业数", "Local enterprises"),
    "enterprises": ("企业数", "Enterprises"),
}


def label(key: str, lang: str = "zh") -> str:
    """The word for ``key`` in ``lang``; unknown keys come back as they are (e.g. metric names)."""
    pair = _WORDS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


def status_label(status: str, lang: str = "zh") -> str:
    return label(status, lang)


_WORDS.update({
    "local_key_enterprises": ("本地重点企业数", "Local key enterprises"),
    "lq_basis": ("区位商口径", "LQ basis"),
    "downstream_count": ("下游依赖环节数", "Downstream links depending"),
    "supply_gap": ("配套缺口", "Supply gap"),
    "benchmark_enterprises": ("基准企业数", "Benchmark enterprises"),
    "benchmark_revenue": ("基准营收(万元)", "Benchmark revenue"),
})

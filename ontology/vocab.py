"""The one vocabulary: every coded concept chaingap shows a user, in order, with zh/en labels.

Statuses, stages, segments, district kinds, agreement types, proximity classes, score
parts, assignment methods and the words of table headers are defined here once. Loaders
parse input with it, the engines return its codes, profiles name its codes, and every output
(terminal, Markdown, HTML, CSV, xlsx) labels them from it, so one concept has one word.
JSON keeps the codes. ``tests/test_vocab.py`` checks the labels against the ontology's SKOS
concepts in ``chaingap.ttl``, so the two cannot drift.

>>> STATUSES.label("strong")
'长板'
>>> STATUSES.label("strong", "en")
'strong'
>>> STAGES.parse("开工")
'started'
>>> [term.code for term in SEGMENTS][:3]
['upstream', 'midstream', 'downstream']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "LANGS",
    "Term",
    "Vocabulary",
    "normalise_name",
    "normalise_header",
    "STATUSES",
    "ACTIONS",
    "STAGES",
    "SEGMENTS",
    "DISTRICT_KINDS",
    "AGREEMENTS",
    "ORIGINS",
    "COMMITMENT_KINDS",
    "COMMITMENT_RECORDS",
    "OUTREACH_KINDS",
    "PROXIMITY",
    "SCORE_PARTS",
    "LEAD_KINDS",
    "REASONS",
    "ASSIGNMENT_METHODS",
    "LQ_BASES",
    "SIZE_BASES",
    "WORDS",
    "FLAGS",
    "MAP_WORDS",
    "PIPELINE_WORDS",
    "VOCABULARIES",
]

LANGS = ("zh", "en")

_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]", "〔": "(", "〕": ")", "［": "[", "］": "]"})
_SPACES = re.compile(r"\s+")


def normalise_name(text: str) -> str:
    """Matching key of a name or a coded word: NFKC, ASCII brackets, no whitespace, case-folded.

    Registry exports and hand-typed ledgers differ in full-/half-width characters, bracket
    styles, spaces and letter case: ``镇江 ＡＢＣ（集团）有限公司`` and ``镇江abc(集团)有限公司`` are one firm.

    >>> normalise_name("镇江 ＡＢＣ（集团）") == normalise_name("镇江abc(集团)")
    True
    """
    value = unicodedata.normalize("NFKC", str(text)).translate(_BRACKETS)
    return unicodedata.normalize("NFKC", _SPACES.sub("", value).casefold())


def normalise_header(text: str) -> str:
    """Matching key of a column header (as names, with ``-`` and ``_`` ignored as well)."""
    return normalise_name(text).replace("_", "").replace("-", "")


@dataclass(frozen=True)
class Term:
    """One coded concept: its code (tables, JSON, profiles), labels and accepted spellings.

    ``iri_name`` is the concept's local name in the ontology (``cg:inDatabase``) where the
    ontology models it; ``extra`` holds what one vocabulary needs beyond labels (the cg
    classes of a district kind).
    """

    code: str
    zh: str
    en: str
    order: int
    iri_name: str | None = None
    aliases: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    def label(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


class Vocabulary:
    """An ordered, closed set of terms: ``vocab["weak"]``, ``vocab.label(code, lang)``, ``vocab.parse(text)``."""

    def __init__(self, name: str, terms: list[Term]) -> None:
        self.name = name
        self._terms = {term.code: term for term in sorted(terms, key=lambda t: t.order)}
        index: dict[str, str] = {}
        for term in self._terms.values():
            for spelling in (term.code, term.zh, term.en, term.iri_name or "", *term.aliases):
                if spelling:
                    index.setdefault(normalise_header(spelling), term.code)
        self._index = index

    def __iter__(self) -> Iterator[Term]:
        return iter(self._terms.values())

    def __len__(self) -> int:
        return len(self._terms)

    def __contains__(self, code: object) -> bool:
        return code in self._terms

    def __getitem__(self, code: str) -> Term:
        try:
            return self._terms[code]
        except KeyError:
            raise KeyError(f"no {self.name} {code!r} (known: {', '.join(self._terms)})") from None

    def __repr__(self) -> str:
        return f"Vocabulary({self.name!r}, {list(self._terms)})"

    @property
    def codes(self) -> tuple[str, ...]:
        """Codes in order."""
        return tuple(self._terms)

    def label(self, code: str | None, lang: str = "zh") -> str:
        """The word a user reads for ``code``; an unknown code is shown as it is."""
        term = self._terms.get(code) if code is not None else None
        return term.label(lang) if term is not None else ("" if code is None else str(code))

    def labels(self, lang: str = "zh") -> dict[str, str]:
        return {code: term.label(lang) for code, term in self._terms.items()}

    def order(self, code: str) -> int:
        return self._terms[code].order

    def parse(self, text: object) -> str:
        """The code for ``text`` in any accepted spelling (code, zh, en, alias); ValueError otherwise."""
        code = self._index.get(normalise_header(str(text)))
        if code is None:
            raise ValueError(f"unknown {self.name} {text!r}")
        return code

    def by_iri_name(self, local: str) -> str:
        """The code of the ontology individual ``cg:{local}``."""
        for term in self._terms.values():
            if term.iri_name == local:
                return term.code
        raise KeyError(local)


def _terms(rows: list[tuple]) -> list[Term]:
    return [Term(row[0], row[1], row[2], order, *row[3:]) for order, row in enumerate(rows)]


#: Link statuses, worst first (the order reports list them in). Words as bureaus use them:
#: 缺链 (fill it: 补链), 弱链 (strengthen it: 强链), 长板 (a strength).
STATUSES = Vocabulary("status", _terms([
    ("missing", "缺链", "missing"),
    ("being_filled", "补链中", "being filled", None, ("在补",)),
    ("weak", "弱链", "weak", None, ("短板",)),
    ("normal", "一般", "normal"),
    ("strong", "长板", "strong", None, ("强项",)),
    # too few firms locally or in the benchmark to call the link weak, strong or missing
    ("insufficient_evidence", "证据不足", "insufficient evidence", None, ("样本不足",)),
    # no firm anywhere in the data (local, pool or benchmark): nothing can be said
    ("no_data", "无数据", "no data"),
    # a parent link shown as the sum of its leaf links (counted in no total; gaps --level N evaluates it)
    ("rollup", "汇总", "rollup"),
]))

#: What a bureau does about a link: 补链 a missing one, 强链 a weak one, 延链 next to a strength.
ACTIONS = Vocabulary("action", _terms([
    ("fill", "补链", "fill the gap"),
    ("strengthen", "强链", "strengthen"),
    ("extend", "延链", "extend the chain"),
]))

#: Project stages in the order a project passes them (``order`` = ``cg:stageOrder``).
STAGES = Vocabulary("stage", [
    Term("pre_evaluation", "预评估", "pre-evaluation", 0, "preEvaluation", ("preevaluation",)),
    Term("signed", "签约", "signed", 1, "signed"),
    Term("landed", "落地", "landed", 2, "landed"),
    Term("started", "开工", "construction started", 3, "started", ("开建", "started")),
    Term("in_database", "入库", "in the project database", 4, "inDatabase", ("indatabase",)),
    Term("in_statistics", "列统", "in statistics", 5, "inStatistics", ("instatistics", "纳统")),
    Term("producing", "投产", "producing", 6, "producing"),
    Term("reached_output", "达效", "reached committed output", 7, "reachedOutput", ("reachedoutput",)),
])

#: Segments of a chain, upstream first.
SEGMENTS = Vocabulary("segment", _terms([
    ("upstream", "上游", "upstream", "upstream"),
    ("midstream", "中游", "midstream", "midstream"),
    ("downstream", "下游", "downstream", "downstream"),
]))

#: District kinds: ``extra`` = (most specific cg class, broader cg class).
DISTRICT_KINDS = Vocabulary("district kind", _terms([
    ("city", "市", "city", None, ("地级市", "城市", "prefecture", "prefecture_city", "prefecture-level city", "地级"),
     ("City", "AdministrativeDistrict")),
    ("county_city", "县级市", "county-level city", None, ("countycity",), ("CountyLevelCity", "AdministrativeDistrict")),
    ("district", "市辖区", "urban district", None, ("区",), ("UrbanDistrict", "AdministrativeDistrict")),
    ("county", "县", "county", None, ("县级", "旗", "county-level"), ("County", "AdministrativeDistrict")),
    ("dev_zone", "开发区", "development zone", None, ("经开区", "经济开发区", "新区", "devzone", "zone", "功能区"),
     ("DevelopmentZone", "FunctionalZone")),
    ("hightech_zone", "高新区", "high-tech zone", None, ("高新技术开发区", "hightechzone"), ("HighTechZone", "FunctionalZone")),
    ("park", "园区", "park", None, ("产业园",), ("Park", "FunctionalZone")),
    ("base", "基地", "base", None, (), ("Base", "FunctionalZone")),
    # a province-level division (the region of a national pool); listed last to keep the codes' order
    ("province", "省", "province", None, ("省级", "省份", "自治区", "直辖市", "省级行政区"), ("Province", "AdministrativeDistrict")),
]))

#: Agreement types of a project: only formal agreements count in the statistics.
AGREEMENTS = Vocabulary("agreement type", _terms([
    ("formal", "正式协议", "formal agreement", None, ("正式", "正式合同")),
    ("framework", "框架协议", "framework agreement", None, ("框架",)),
]))

#: Where a project's money comes from: the pipeline thresholds differ (1亿元 / 1000万美元).
ORIGINS = Vocabulary("investment origin", _terms([
    ("domestic", "内资", "domestic investment", None, ("内资项目", "国内")),
    ("foreign", "外资", "foreign investment", None, ("外资项目", "外商投资", "港澳台资", "境外")),
]))

#: What a project's contract commits it to (project_commitments; docs/pipeline.md, laggards).
COMMITMENT_KINDS = Vocabulary("commitment kind", _terms([
    ("investment", "投资进度", "investment", None, ("投资", "投资额", "累计投资", "固定资产投资")),
    ("output_per_mu", "亩均产出", "output per mu", None, ("亩均", "亩均产值")),
    ("tax", "年税收", "tax per year", None, ("税收", "纳税", "亩均税收")),
]))

#: A project_commitments row is the contracted amount or an amount reached.
COMMITMENT_RECORDS = Vocabulary("commitment record", _terms([
    ("committed", "约定", "committed", None, ("承诺", "合同约定", "约定值")),
    ("actual", "实际", "actual", None, ("实际值", "完成", "实绩")),
]))

#: What one contact with a firm came to (the outreach log, 走访记录; docs/pipeline.md), in the order
#: a courtship runs. A firm whose latest contact is ``declined`` is held back from targets for the
#: profile's ``targets.declined_hold_days``.
OUTREACH_KINDS = Vocabulary("outreach kind", _terms([
    ("visit", "拜访", "visit", None, ("走访", "上门拜访", "调研")),
    ("talk", "洽谈", "talk", None, ("会谈", "接洽", "对接", "商谈")),
    ("declined", "婉拒", "declined", None, ("拒绝", "谢绝", "无意向", "暂无意向")),
    ("signed", "签约", "signed", None, ("已签约", "签订")),
]))

#: Proximity of a candidate's province to the region's.
PROXIMITY = Vocabulary("proximity class", _terms([
    ("same_province", "同省", "same province"),
    ("neighbouring", "邻省", "neighbouring province"),
    ("same_region", "同区域", "same region"),
    ("other", "其他地区", "elsewhere"),
]))

#: Parts of a candidate's score, in the order they are listed.
SCORE_PARTS = Vocabulary("score part", _terms([
    ("fit", "契合度", "fit"),
    ("size", "规模", "size"),
    ("quality", "资质", "quality"),
    ("ties", "本地关联", "local ties"),
    ("group", "集团关联", "group tie"),
    ("proximity", "地理邻近", "proximity"),
    ("expansion", "扩张信号", "expansion signal"),
]))

#: Kinds of lead (招商线索) of ``chaingap leads``, in the order they are listed.
LEAD_KINDS = Vocabulary("lead kind", _terms([
    ("suppliers", "链主供应商", "suppliers of anchor firms"),
    ("customers", "链主客户", "customers of anchor firms"),
    ("groups", "本地分支所属集团", "groups of local branches"),
    ("expansion", "增资扩产", "local expansion"),
]))

#: Why a candidate is proposed (the engines' reason tags ``code[:value]``); ``{n}`` is the count
#: and ``{value}`` a proximity class's word (``chaingap.report.i18n.reason_sentence`` fills them).
REASONS = Vocabulary("reason", _terms([
    ("supplies_local", "为本地{n}家企业供货", "supplies {n} local firm(s)"),
    ("buys_from_local", "向本地{n}家企业采购", "buys from {n} local firm(s)"),
    ("group_of_local", "与本地{n}家企业同属一个集团", "in one group with {n} local firm(s)"),
    ("proximity", "{value}", "{value}"),
    ("expansion_signal", "近期有扩张信号", "recent expansion signal"),
]))

#: How an enterprise row was assigned to its links.
ASSIGNMENT_METHODS = Vocabulary("assignment method", _terms([
    ("table", "表内填写", "given in the table"),
    ("industry-code", "行业代码匹配", "industry code"),
    ("keyword", "关键词匹配", "keyword"),
    ("none", "未匹配", "no link"),
]))

#: What the location quotient of a link was computed on.
LQ_BASES = Vocabulary("LQ basis", _terms([
    ("revenue", "营收", "revenue"),
    ("count", "企业数", "firm count"),
]))

#: What the size part of a target's score was measured on: revenue when the firm has one, else
#: the first known of registered capital, employees (员工人数 / 参保人数) and listing
#: (docs/gap-rules.md, step 4); ``none`` says the size part has no basis at all.
SIZE_BASES = Vocabulary("size basis", _terms([
    ("revenue", "营收", "revenue"),
    ("registered_capital", "注册资本", "registered capital"),
    ("employees", "员工人数", "employees"),
    ("listed", "上市", "listed"),
    ("none", "无依据", "no basis"),
]))

#: Words of headers and labels (the location quotient is 区位商 everywhere).
WORDS = Vocabulary("word", _terms([
    ("wrote", "已写入", "wrote"),
    ("wrote_sample", "已写入示例数据集", "wrote the sample dataset to"),
    ("nodes_edges", "{nodes} 个节点，{edges} 条边", "{nodes} nodes, {edges} edges"),
    ("link", "环节", "link"),
    ("chain", "产业链", "chain"),
    ("cluster", "产业集群", "cluster"),
    ("segment", "位置", "segment"),
    ("status", "状态", "status"),
    ("extension", "延链机会", "extension"),
    ("local_enterprises", "本地企业数", "local firms"),
    ("local_revenue", "本地营收(万元)", "local revenue (万元)"),
    ("local_key_enterprises", "重点企业数", "key firms"),
    ("benchmark_enterprises", "基准企业数", "benchmark firms"),
    ("benchmark_revenue", "基准营收(万元)", "benchmark revenue (万元)"),
    ("lq", "区位商", "LQ"),
    ("lq_count", "区位商(企业数)", "LQ (firm count)"),
    ("lq_revenue", "区位商(营收)", "LQ (revenue)"),
    ("lq_basis", "区位商口径", "LQ basis"),
    ("top_share", "最大企业占比", "top share"),
    ("hhi", "HHI", "HHI"),
    ("projects", "招商项目", "projects"),
    ("max_stage_order", "项目最高阶段", "furthest project stage"),
    ("criticality", "关键度", "criticality"),
    ("downstream_count", "下游环节数", "downstream links"),
    ("feed_weight", "上下游权重", "feed weight"),
    ("strong_neighbours", "相邻长板数", "strong neighbours"),
    ("feeds_strong", "为长板供货", "feeds a strength"),
    ("supply_gap", "配套缺口", "supply gap"),
    ("rule", "判定依据", "rule"),
    ("enterprise", "企业", "enterprise"),
    ("name", "名称", "name"),
    ("score", "得分", "score"),
    ("rank", "排名", "rank"),
    ("reasons", "理由", "reasons"),
    ("province", "省份", "province"),
    ("revenue", "营收(万元)", "revenue (万元)"),
    ("district", "板块", "district"),
    ("project", "项目", "project"),
    ("stage", "阶段", "stage"),
    ("investment", "投资额(万元)", "investment (万元)"),
    ("yes", "是", "yes"),
    ("no", "否", "no"),
    ("title", "产业链缺链补链分析报告", "Industry-chain gap report"),
    ("gaps", "环节诊断", "Links"),
    ("targets", "招商目标", "Recruitment targets"),
    ("shortlist", "全市重点招商名单", "City-wide shortlist"),
    ("expand_locally", "本地增资扩产建议", "Local firms able to expand"),
    ("summary", "概览", "Summary"),
    # headers of the industry map's tables and charts
    ("completeness", "完整度", "completeness"),
    ("link_count", "环节数", "links"),
    ("flags", "资质标签", "flags"),
    ("investor", "投资方", "investor"),
    ("product", "产品", "product"),
    ("brand", "品牌", "brand"),
    ("base", "基地", "base"),
    ("place", "所在地", "location"),
    ("count", "数量", "count"),
    ("amount_unknown", "金额未知", "amount unknown"),
    ("revenue_unknown", "营收未知", "revenue unknown"),
    ("no_local_firm", "本地暂无企业", "no local firm yet"),
    # leads (chaingap leads), fragility and evidence
    ("lead_kind", "线索类型", "lead kind"),
    ("anchor", "链主企业", "anchor firm"),
    ("branches", "本地分支", "local branches"),
    ("signal", "扩张信号", "expansion signal"),
    ("signal_date", "信号日期", "signal date"),
    ("why", "线索说明", "why"),
    ("via_firms", "以商招商", "recruiting through local firms"),
    ("single_firm", "单一企业依赖", "single-firm dependence"),
    ("top_firm", "最大企业", "top firm"),
    ("dataset", "数据集", "dataset"),
    ("source_file", "来源文件", "source file"),
    ("source_row", "行号", "row"),
    # rows of `stats` and `explain`
    ("what", "指标", "what"),
    ("value", "数值", "value"),
    ("none", "无", "none"),
    ("datasets", "数据集", "datasets"),
    ("version", "版本", "version"),
    ("clusters", "产业集群数", "clusters"),
    ("chains", "产业链数", "chains"),
    ("links", "环节总数", "links"),
    ("enterprises", "企业总数", "enterprises"),
    ("enterprises_local", "本地企业总数", "local enterprises"),
    ("enterprises_pool", "外地候选企业数", "candidate pool"),
    ("districts", "板块数", "districts"),
    ("products", "产品总数", "products"),
    ("bases", "基地总数", "bases"),
    ("dataset_benchmark_enterprises", "全部基准企业数", "all benchmark firms"),
    ("dataset_benchmark_revenue", "全部基准营收(万元)", "all benchmark revenue (万元)"),
    ("pipeline", "项目进度", "pipeline"),
    ("thresholds", "判定阈值", "thresholds"),
    ("method", "匹配方式", "method"),
    ("kind", "类型", "kind"),
    ("agreement", "协议类型", "agreement type"),
    ("yes_no", "是/否", "yes/no"),
    ("size_basis", "规模依据", "size basis"),
    ("unknown_segment", "未知", "unknown"),
    # history (chaingap history) and what-if (chaingap whatif)
    ("from", "自", "from"),
    ("to", "至", "to"),
    ("status_before", "原状态", "status before"),
    ("firms_added", "新增本地企业", "local firms added"),
    ("firms_removed", "减少本地企业", "local firms removed"),
    ("revenue_before", "原本地营收(万元)", "local revenue before (万元)"),
    ("revenue_after", "现本地营收(万元)", "local revenue after (万元)"),
    ("project_changes", "项目变化", "project changes"),
    ("completeness_before", "原完整度", "completeness before"),
    ("completeness_after", "落地后完整度", "completeness once landed"),
    ("effect", "影响", "effect"),
    ("turns_filling", "转为补链中", "turns being filled"),
    ("strengthens", "增强", "strengthens"),
    ("status_changes", "状态变化的环节", "links whose status changed"),
    ("hypothetical", "假设项目", "hypothetical project"),
    # nested links (a classification's levels): 1 = a link without parent
    ("level", "层级", "level"),
    ("leaf_links", "末级环节数", "leaf links"),
    ("link_rollups", "汇总环节数", "rollup links"),
]))

#: Quality flags of an enterprise (a key enterprise, 重点企业, has at least one).
FLAGS = Vocabulary("enterprise flag", _terms([
    ("chain_leader", "链主", "chain leader", None, ("龙头企业", "龙头")),
    ("listed", "上市", "listed"),
    ("specialised", "专精特新", "specialised SME"),
    ("high_tech", "高新技术企业", "high-tech enterprise", None, ("高新技术",)),
    ("above_scale", "规上企业", "above designated size", None, ("规上",)),
]))

#: The recruitment pipeline's figures and the monthly district report (docs/pipeline.md).
PIPELINE_WORDS = Vocabulary("pipeline word", _terms([
    ("signed_projects", "签约项目数", "projects signed"),
    ("signed_investment", "协议投资额(亿元)", "investment signed (亿元)"),
    ("manufacturing_share", "制造业项目占比", "manufacturing share"),
    ("key_chain_share", "重点产业链项目占比", "key-chain share"),
    ("same_period", "去年同期", "same period last year"),
    ("growth", "同比增长", "growth on the same period"),
    ("annual_target", "全年目标", "annual target"),
    ("of_target", "完成全年目标", "share of the annual target"),
    ("share", "占比", "share"),
    ("figure", "指标", "figure"),
    ("value", "数值", "value"),
    ("landing_rate", "落地率", "landing rate"),
    ("start_rate", "开工率", "start rate"),
    ("statistics_rate", "列统率", "statistics-entry rate"),
    ("numerator", "分子", "numerator"),
    ("denominator", "分母", "denominator"),
    ("cohort", "签约批次", "signing cohort"),
    ("projects", "项目", "projects"),
    ("report_title", "招商项目月度通报", "Monthly recruitment report"),
    ("city", "全市", "whole city"),
    ("new_signings", "本月新签约项目", "new signings this month"),
    ("stage_changes", "本月阶段变化", "stage changes this month"),
    ("transfers_in", "流转转入", "transfers in"),
    ("transfers_out", "流转转出", "transfers out"),
    ("ranking", "板块排名", "district ranking"),
    ("rates_of", "项目推进情况(当年考核落地，往年考核开工)", "progress of signed projects (this year: landing; last year: start)"),
    ("year_to_date", "本年累计", "year to date"),
    ("credit", "分成", "credit"),
    ("from_district", "转出板块", "from"),
    ("to_district", "转入板块", "to"),
    ("date", "日期", "date"),
    ("none", "无", "none"),
    ("illustrative_note", "示例数据：除公开报道的项目外均为虚构", "sample data: every project not in the public report is invented"),
    ("laggards", "未按约定推进项目", "projects behind their commitments"),
    ("commitment", "约定事项", "commitment"),
    ("due", "约定日期", "due"),
    ("committed", "约定值", "committed"),
    ("actual", "实际值", "actual"),
    ("gap", "差距", "gap"),
    ("excluded", "未计入项目", "projects not counted"),
    ("excluded_list", "未计入项目明细(本年累计)", "projects not counted (year to date)"),
    ("reason", "原因", "reason"),
    ("rule", "计入标准", "rule"),
    ("total", "合计", "total"),
    ("excluded_framework", "框架协议", "framework agreement"),
    ("excluded_below_threshold", "投资额未达标准", "investment below the threshold"),
    ("excluded_no_amount", "未载明投资额", "no investment amount"),
    ("rule_framework", "仅正式协议计入", "only formal agreements count"),
    ("rule_below_threshold", "内资≥{domestic}亿元，外资≥{foreign}万美元", "domestic ≥ {domestic} 亿元, foreign ≥ {foreign} 万美元"),
    ("rule_no_amount", "须载明投资额(外资须有美元汇率)", "an amount must be stated (foreign: with a USD rate)"),
    ("excluded_note", "已录入、不计入任何指标", "kept, counted in no figure"),
    ("outreach", "走访记录", "outreach log"),
    ("held_back", "暂不参与排名的候选企业", "Candidates held back"),
    ("not_ranked", "不参与排名", "not ranked"),
    ("held_reason", "原因", "reason"),
    ("held_project", "已有项目 {project} 在「{stage}」", "already has project {project} at stage '{stage}'"),
    ("held_declined", "{date}{kind}，暂缓至{until}", "{kind} on {date}, held back until {until}"),
]))

#: Titles, controls and legend of the industry map (产业图谱); headers are in WORDS.
MAP_WORDS = Vocabulary("map word", _terms([
    ("report_title", "产业图谱", "Industry map"),
    ("overview", "全市产业链总览", "City overview"),
    ("contents", "目录", "Contents"),
    ("chain_map", "产业链条图", "Chain diagram"),
    ("city_map", "全市产业链条图", "City chain diagram"),
    ("region_map", "区域分布图", "Regional distribution"),
    ("project_map", "重大项目图", "Major projects"),
    ("enterprise_map", "重点企业图", "Key enterprises"),
    ("product_map", "产品品牌图", "Products and brands"),
    ("list_enterprises", "重点企业清单", "Key enterprise list"),
    ("list_projects", "项目清单", "Project list"),
    ("list_products", "产品清单", "Product list"),
    ("list_bases", "基地清单", "Base list"),
    ("list_strengths", "长板清单", "Strengths"),
    ("list_weaknesses", "缺链弱链清单", "Weaknesses"),
    ("list_targets", "招商目标清单", "Recruitment target list"),
    ("top_targets", "前三位招商目标", "top three targets"),
    ("pipeline_by_stage", "各阶段项目数", "Projects by stage"),
    ("largest_projects", "投资额最大的项目", "Largest projects"),
    ("district_by_link", "板块 × 环节 企业数", "Enterprises: district × link"),
    ("product_count", "产品数", "products"),
    ("brand_count", "品牌数", "brands"),
    ("legend", "图例", "Legend"),
    ("filter_status", "按状态筛选", "Filter by status"),
    ("all", "全部", "All"),
    ("shown", "显示环节数", "Links shown"),
    ("show_enterprises", "显示重点企业", "Show key enterprises"),
    ("fit_view", "适应窗口", "Fit to window"),
    ("download", "下载", "Download"),
    ("static_image", "静态图", "Static image"),
    ("back", "返回总览", "Back to overview"),
    ("as_of", "数据截至", "Data as of"),
    ("no_rows", "暂无数据", "No data"),
    ("rows", "行", "rows"),
    ("larger_attention", "缺链、弱链放大显示", "missing and weak links drawn larger"),
    ("dashed_outline", "虚线边框：本地暂无企业", "dashed outline: no local firm yet"),
    ("edge_feeds", "上游供给下游", "feeds into"),
    ("edge_part_of", "细分环节", "sub-link"),
    ("edge_works_in", "企业所在环节", "works in"),
    ("edge_invests_in", "项目投向环节", "invests in"),
    ("projects_without_amount", "金额未知、未列入的项目", "projects with amount unknown, not drawn"),
    ("more_firms", "更多企业见重点企业清单", "more in the key enterprise list"),
]))

#: Every vocabulary by name (for the scan tests and the docs).
VOCABULARIES = {vocabulary.name: vocabulary for vocabulary in (
    STATUSES, ACTIONS, STAGES, SEGMENTS, DISTRICT_KINDS, AGREEMENTS, ORIGINS, PROXIMITY, SCORE_PARTS, LEAD_KINDS,
    REASONS, ASSIGNMENT_METHODS, LQ_BASES, SIZE_BASES, WORDS, FLAGS, MAP_WORDS, PIPELINE_WORDS)}

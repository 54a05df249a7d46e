"""Words and sentences of reports in Chinese (default) and English.

Kept apart from the writers so a translator edits one table, and so the gap engine's
one-sentence explanations read the same in the CLI, Markdown and HTML.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chaingap.ontology.vocab import LQ_BASES, STAGES

__all__ = ["LANGS", "STATUS_LABELS", "label", "status_label", "rule_sentence", "fmt"]

LANGS = ("zh", "en")

STATUS_LABELS = {
    "zh": {"missing": "缺链", "being_filled": "补链中", "weak": "弱链", "normal": "一般", "strong": "长板"},
    "en": {"missing": "missing", "being_filled": "being filled", "weak": "weak", "normal": "normal", "strong": "strong"},
}

_WORDS = {
    "zh": {
        "link": "环节", "chain": "产业链", "segment": "位置", "status": "状态", "extension": "延链机会",
        "local_enterprises": "本地企业数", "local_revenue": "本地营收(万元)", "lq": "区位熵",
        "local_key_enterprises": "重点企业数", "top_share": "最大企业占比", "hhi": "HHI",
        "projects": "在谈/在建项目", "criticality": "关键度", "downstream_count": "下游环节数",
        "rule": "判定依据", "enterprise": "企业", "score": "得分", "rank": "排名", "reasons": "理由",
        "province": "省份", "revenue": "营收(万元)", "yes": "是", "no": "否",
        "upstream": "上游", "midstream": "中游", "downstream": "下游",
        "fit": "契合度", "size": "规模", "quality": "资质", "ties": "本地关联", "group": "集团关联",
        "proximity": "地理邻近", "expansion": "扩张信号",
        "title": "产业链缺链补链分析报告", "gaps": "环节诊断", "targets": "招商目标",
        "shortlist": "全市重点招商名单", "expand_locally": "本地增资扩产建议", "summary": "概览",
    },
    "en": {
        "link": "link", "chain": "chain", "segment": "segment", "status": "status", "extension": "extension",
        "local_enterprises": "local firms", "local_revenue": "local revenue (万元)", "lq": "LQ",
        "local_key_enterprises": "key firms", "top_share": "top share", "hhi": "HHI",
        "projects": "projects", "criticality": "criticality", "downstream_count": "downstream links",
        "rule": "rule", "enterprise": "enterprise", "score": "score", "rank": "rank", "reasons": "reasons",
        "province": "province", "revenue": "revenue (万元)", "yes": "yes", "no": "no",
        "upstream": "upstream", "midstream": "midstream", "downstream": "downstream",
        "fit": "fit", "size": "size", "quality": "quality", "ties": "local ties", "group": "group tie",
        "proximity": "proximity", "expansion": "expansion signal",
        "title": "Industry-chain gap report", "gaps": "Links", "targets": "Recruitment targets",
        "shortlist": "City-wide shortlist", "expand_locally": "Local firms able to expand", "summary": "Summary",
    },
}


def label(word: str, lang: str = "zh") -> str:
    return _WORDS.get(lang, _WORDS["zh"]).get(word, word)


def status_label(status: str, lang: str = "zh") -> str:
    return STATUS_LABELS.get(lang, STATUS_LABELS["zh"]).get(status, status)


def fmt(value: Any, places: int = 2) -> str:
    """A number as text: integers plain, decimals rounded, None as a dash."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (Decimal, float)):
        return f"{float(value):.{places}f}"
    return str(value)


def _field(item: Any, name: str, default: Any = None) -> Any:
    """``item.name`` or ``item[name]``: a LinkResult, a Rule, or their JSON form."""
    if isinstance(item, dict):
        return item.get(name, default)
    return getattr(item, name, default)


def rule_sentence(link: Any, lang: str = "zh") -> str:
    """The sentence naming ``link``'s numbers and the rule that set its status (see docs/gap-rules.md).

    ``link`` is a :class:`chaingap.queries.results.LinkResult` (or its ``to_dict()``): the
    sentence is written from its status, metrics and ``rule`` (which rule fired, the
    thresholds it quotes), so the engine itself holds no words.
    """
    metrics = _field(link, "metrics", {}) or {}
    status = _field(link, "status")
    t = _field(_field(link, "rule"), "thresholds", {}) or {}
    name = (_field(link, "name_en") if lang == "en" and _field(link, "name_en") else _field(link, "name")) or ""
    n = metrics.get("local_enterprises") or 0
    lq = fmt(metrics.get("lq"))
    basis = metrics.get("lq_basis") or "count"
    stage = t.get("being_filled_stage", "started")
    projects = metrics.get("projects") or 0
    if lang == "en":
        basis_text = "revenue" if basis == "revenue" else "firm count"
        if status == "missing":
            text = f"{name}: no local enterprise (0 firms) and no project has reached '{stage}' ({projects} projects): missing."
        elif status == "being_filled":
            text = f"{name}: no local enterprise yet, but a project reached stage {metrics.get('max_stage_order')} (>= '{stage}'): being filled."
        elif status == "strong":
            text = f"{name}: {n} local firms (>= {t['strong_count_min']}) and LQ {lq} on {basis_text} (>= {fmt(t['strong_lq_min'])}): strong."
        elif status == "weak":
            text = f"{name}: {n} local firms and LQ {lq} on {basis_text} (weak when LQ < {fmt(t['weak_lq_below'])} or firms < {t['weak_count_below']}): weak."
        else:
            text = f"{name}: {n} local firms and LQ {lq} on {basis_text}, between the weak and strong thresholds: normal."
        if metrics.get("supply_gap"):
            text += " It feeds a strong local link: a supply gap (补链)."
        elif metrics.get("strong_neighbours") and status in ("missing", "being_filled", "weak"):
            text += f" Next to {metrics['strong_neighbours']} strong link(s): an extension opportunity (延链)."
        return text
    basis_text = LQ_BASES.label(basis)
    stage = STAGES.label(stage)
    if status == "missing":
        text = f"{name}：本地无企业（0家），且无项目达到「{stage}」阶段（项目{projects}个），判定为缺链。"
    elif status == "being_filled":
        text = f"{name}：本地尚无企业，但已有项目达到第{metrics.get('max_stage_order')}阶段（不低于「{stage}」），判定为补链中。"
    elif status == "strong":
        text = f"{name}：本地企业{n}家（≥{t['strong_count_min']}），按{basis_text}计区位熵{lq}（≥{fmt(t['strong_lq_min'])}），判定为长板。"
    elif status == "weak":
        text = f"{name}：本地企业{n}家，按{basis_text}计区位熵{lq}（区位熵<{fmt(t['weak_lq_below'])}或企业数<{t['weak_count_below']}即为弱链），判定为弱链。"
    else:
        text = f"{name}：本地企业{n}家，按{basis_text}计区位熵{lq}，介于弱链与长板阈值之间，判定为一般。"
    if metrics.get("supply_gap"):
        text += "该环节为本地长板环节供货，属本地配套缺口（补链）。"
    elif metrics.get("strong_neighbours") and status in ("missing", "being_filled", "weak"):
        text += f"与{metrics['strong_neighbours']}个长板环节相邻，属延链机会。"
    return text

"""Words and sentences of reports in Chinese (default) and English.

The words are the vocabulary's (:mod:`chaingap.ontology.vocab`), so a status or a header
reads the same in the CLI, Markdown and HTML; the gap engine's one-sentence explanations
are written here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chaingap.ontology.vocab import LANGS, LQ_BASES, PROXIMITY, REASONS, SCORE_PARTS, SEGMENTS, STAGES, STATUSES, WORDS

__all__ = ["LANGS", "label", "status_label", "rule_sentence", "fragility_sentence", "reason_sentence", "fmt"]


def label(word: str, lang: str = "zh") -> str:
    """The vocabulary's word for a header, segment or score part; an unknown key comes back as it is."""
    for vocabulary in (WORDS, SEGMENTS, SCORE_PARTS):
        if word in vocabulary:
            return vocabulary.label(word, lang)
    return word


def status_label(status: str, lang: str = "zh") -> str:
    return STATUSES.label(status, lang)


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


def fragility_sentence(link: Any, lang: str = "zh") -> str:
    """The 单一企业依赖 note of a flagged link (empty when not flagged): the firm and its share."""
    metrics = _field(link, "metrics", {}) or {}
    if not metrics.get("single_firm"):
        return ""
    firm = _field(link, "top_firm_name") or metrics.get("top_firm") or ""
    share = metrics.get("top_share")
    percent = f"{float(share) * 100:.0f}%" if share is not None else "-"
    hhi = fmt(metrics.get("hhi"))
    if lang == "en":
        return f" {firm} holds {percent} of its local revenue (HHI {hhi}): {WORDS.label('single_firm', 'en')}."
    return f"{firm}一家占本地营收{percent}（HHI {hhi}），属{WORDS.label('single_firm')}。"


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
    bench = metrics.get("dataset_benchmark_enterprises") or metrics.get("benchmark_enterprises") or 0
    if status == "rollup":
        return _rollup_sentence(name, n, metrics.get("benchmark_enterprises") or 0, _field(link, "rollup", {}) or {}, lang)
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
        elif status == "insufficient_evidence":
            text = (f"{name}: {n} local firms of {bench} in the benchmark (needs >= {t.get('local_min')} local when any "
                    f"and >= {t.get('benchmark_min')} in the benchmark); LQ {lq} on {basis_text} is too noisy: insufficient evidence.")
        elif status == "no_data":
            text = f"{name}: no firm anywhere in the data (0 local, 0 in the benchmark): no data, nothing to judge."
        else:
            text = f"{name}: {n} local firms and LQ {lq} on {basis_text}, between the weak and strong thresholds: normal."
        if metrics.get("supply_gap"):
            text += " It feeds a strong local link: a supply gap (补链)."
        elif metrics.get("strong_neighbours") and status in ("missing", "being_filled", "weak"):
            text += f" Next to {metrics['strong_neighbours']} strong link(s): an extension opportunity (延链)."
        return text + fragility_sentence(link, lang)
    basis_text = LQ_BASES.label(basis)
    stage = STAGES.label(stage)
    lq_word = WORDS.label("lq")
    verdict = f"判定为{STATUSES.label(status)}。"
    if status == "missing":
        text = f"{name}：本地无企业（0家），且无项目达到「{stage}」阶段（项目{projects}个），{verdict}"
    elif status == "being_filled":
        text = f"{name}：本地尚无企业，但已有项目达到第{metrics.get('max_stage_order')}阶段（不低于「{stage}」），{verdict}"
    elif status == "strong":
        text = f"{name}：本地企业{n}家（≥{t['strong_count_min']}），按{basis_text}计{lq_word}{lq}（≥{fmt(t['strong_lq_min'])}），{verdict}"
    elif status == "weak":
        text = (f"{name}：本地企业{n}家，按{basis_text}计{lq_word}{lq}（{lq_word}<{fmt(t['weak_lq_below'])}或企业数<"
                f"{t['weak_count_below']}即为{STATUSES.label('weak')}），{verdict}")
    elif status == "insufficient_evidence":
        text = (f"{name}：本地企业{n}家，基准企业{bench}家（本地有企业时需≥{t.get('local_min')}家，基准需≥{t.get('benchmark_min')}家），"
                f"按{basis_text}计{lq_word}{lq}不足为据，{verdict}")
    elif status == "no_data":
        text = f"{name}：数据中无任何企业（本地0家，基准0家），{verdict[:-1]}，不作判断。"
    else:
        text = (f"{name}：本地企业{n}家，按{basis_text}计{lq_word}{lq}，介于{STATUSES.label('weak')}与"
                f"{STATUSES.label('strong')}阈值之间，{verdict}")
    if metrics.get("supply_gap"):
        text += f"该环节为本地{STATUSES.label('strong')}环节供货，属本地配套缺口（补链）。"
    elif metrics.get("strong_neighbours") and status in ("missing", "being_filled", "weak"):
        text += f"与{metrics['strong_neighbours']}个{STATUSES.label('strong')}环节相邻，属延链机会。"
    return text + fragility_sentence(link, lang)


def _rollup_sentence(name: str, n: int, bench: int, counts: dict[str, int], lang: str) -> str:
    """A parent link shown as the sum of its leaf links: what they are, and that it counts in no total."""
    leaves = sum(counts.values())
    parts = [f"{STATUSES.label(code, lang)} {counts[code]}" for code in STATUSES.codes if counts.get(code)]
    if lang == "en":
        return (f"{name}: rollup of {leaves} leaf link(s) ({', '.join(parts)}); {n} local firms, {bench} in the "
                "benchmark; judged through its leaf links and counted in no total (gaps --level shows its own status).")
    return (f"{name}：{STATUSES.label('rollup')}环节，下辖末级环节{leaves}个（{'、'.join(parts)}），本地企业{n}家，"
            f"基准企业{bench}家；由末级环节判定，不计入合计（gaps --level 可看其本身状态）。")


def reason_sentence(reasons: Any, lang: str = "zh") -> str:
    """The engine's reason tags (``supplies_local:2``, ``proximity:same_province`` …) as one
    sentence: "为本地2家企业供货；同省" (English: "supplies 2 local firm(s); same province").

    The engines return tags (codes, the same in every engine and in JSON); only here do they
    become words. A tag no vocabulary knows is shown as it is. A string is taken as tags
    joined by commas (the form the HTML model once held).
    """
    if reasons is None:
        return ""
    tags = [part.strip() for part in reasons.split(",")] if isinstance(reasons, str) else [str(r) for r in reasons]
    words = []
    for tag in filter(None, tags):
        code, _, value = tag.partition(":")
        if code not in REASONS:
            words.append(tag)
            continue
        template = REASONS.label(code, lang)
        shown = PROXIMITY.label(value, lang) if code == "proximity" else value
        words.append(template.replace("{n}", value).replace("{value}", shown))
    return ("；" if lang != "en" else "; ").join(words)

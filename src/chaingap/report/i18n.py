"""Words and sentences of reports in Chinese (default) and English.

The words are the vocabulary's (:mod:`chaingap.ontology.vocab`), so a status or a header
reads the same in the CLI, Markdown and HTML; the gap engine's one-sentence explanations
are written here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chaingap.ontology.vocab import LANGS, SCORE_PARTS, SEGMENTS, STATUSES, WORDS

__all__ = ["LANGS", "label", "status_label", "rule_sentence", "fmt"]


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


#: Project stages as the bureaus name them (docs/architecture.md, the ontology's StageScheme).
STAGE_ZH = {"signed": "签约", "landed": "落地", "started": "开工", "in_database": "入库",
            "in_statistics": "列统", "producing": "投产", "reached_output": "达效"}


def rule_sentence(name: str, status: str, metrics: dict[str, Any], thresholds: dict[str, Any], lang: str = "zh") -> str:
    """One sentence with the numbers and the rule that set ``status`` (see docs/gap-rules.md)."""
    n = metrics.get("local_enterprises") or 0
    lq = fmt(metrics.get("lq"))
    basis = metrics.get("lq_basis") or "count"
    stage = thresholds.get("being_filled_stage", "started")
    projects = metrics.get("projects") or 0
    t = thresholds
    if lang == "en":
        basis_text = "revenue" if basis == "revenue" else "firm count"
        texts = {
            "missing": f"{name}: no local enterprise (0 firms) and no project has reached '{stage}' ({projects} projects): missing.",
            "being_filled": f"{name}: no local enterprise yet, but a project reached stage {metrics.get('max_stage_order')} (>= '{stage}'): being filled.",
            "strong": f"{name}: {n} local firms (>= {t['strong_count_min']}) and LQ {lq} on {basis_text} (>= {fmt(t['strong_lq_min'])}): strong.",
            "weak": f"{name}: {n} local firms and LQ {lq} on {basis_text} (weak when LQ < {fmt(t['weak_lq_below'])} or firms < {t['weak_count_below']}): weak.",
            "normal": f"{name}: {n} local firms and LQ {lq} on {basis_text}, between the weak and strong thresholds: normal.",
        }
        extra = ""
        if metrics.get("supply_gap"):
            extra += " It feeds a strong local link: a supply gap (补链)."
        elif metrics.get("strong_neighbours") and status in ("missing", "being_filled", "weak"):
            extra += f" Next to {metrics['strong_neighbours']} strong link(s): an extension opportunity (延链)."
        return texts[status] + extra
    basis_text = "营收" if basis == "revenue" else "企业数"
    stage = STAGE_ZH.get(stage, stage)
    texts = {
        "missing": f"{name}：本地无企业（0家），且无项目达到「{stage}」阶段（项目{projects}个），判定为缺链。",
        "being_filled": f"{name}：本地尚无企业，但已有项目达到第{metrics.get('max_stage_order')}阶段（不低于「{stage}」），判定为补链中。",
        "strong": f"{name}：本地企业{n}家（≥{t['strong_count_min']}），按{basis_text}计区位熵{lq}（≥{fmt(t['strong_lq_min'])}），判定为长板。",
        "weak": f"{name}：本地企业{n}家，按{basis_text}计区位熵{lq}（区位熵<{fmt(t['weak_lq_below'])}或企业数<{t['weak_count_below']}即为弱链），判定为弱链。",
        "normal": f"{name}：本地企业{n}家，按{basis_text}计区位熵{lq}，介于弱链与长板阈值之间，判定为一般。",
    }
    extra = ""
    if metrics.get("supply_gap"):
        extra = "该环节为本地长板环节供货，属本地配套缺口（补链）。"
    elif metrics.get("strong_neighbours") and status in ("missing", "being_filled", "weak"):
        extra = f"与{metrics['strong_neighbours']}个长板环节相邻，属延链机会。"
    return texts[status] + extra

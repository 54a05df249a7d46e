"""What ``chaingap explain`` prints: the rule sentence, the status and every number behind it.

Chinese by default (each metric under its vocabulary word, 本地企业数 = 1); with ``lang="en"``
the metric codes themselves (``lq_count = 0.11``), which read as English and are what the
profile and the JSON name.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chaingap.ontology.vocab import STAGES, STATUSES, WORDS

from .display import display_value, header
from .i18n import rule_sentence

__all__ = ["explain_lines", "metric_rows"]


def _show(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(round(value, 6).normalize(), "f")
    return "-" if value is None else str(value)


def metric_rows(link: Any, lang: str = "zh") -> list[dict[str, Any]]:
    """``{what, value}`` rows: the status first, then each metric, worded in ``lang`` (metric codes in English)."""
    pairs = [("status", link.status), *link.metrics.items()]
    return [{"what": key if lang == "en" else header(key, lang), "value": display_value(key, value, lang)}
            for key, value in pairs]


def _thresholds(profile: dict[str, Any], lang: str) -> str:
    strong, weak, stage = profile["strong"], profile["weak"], profile["being_filled_stage"]
    if lang == "en":
        return (f"thresholds: strong LQ >= {strong['lq_min']} and n >= {strong['count_min']}; "
                f"weak LQ < {weak['lq_below']} or n < {weak['count_below']}; being filled from stage {stage}")
    lq, n = WORDS.label("lq"), WORDS.label("local_enterprises")
    return (f"{WORDS.label('thresholds')}：{STATUSES.label('strong')} {lq}≥{strong['lq_min']}且{n}≥{strong['count_min']}；"
            f"{STATUSES.label('weak')} {lq}<{weak['lq_below']}或{n}<{weak['count_below']}；"
            f"{STATUSES.label('being_filled')} 项目达到「{STAGES.label(stage)}」阶段起")


def explain_lines(link: Any, pipeline: dict[str, int], profile: dict[str, Any], lang: str = "zh") -> list[str]:
    """The lines of the terminal answer, in ``lang``."""
    status = STATUSES.label(link.status, lang)
    extension = f"  ({WORDS.label('extension', lang)})" if link.extension else ""
    lines = [rule_sentence(link, lang), f"{header('status', lang)}: {status}{extension}"]
    for key, value in link.metrics.items():
        name = key if lang == "en" else header(key, lang)
        lines.append(f"  {name} = {_show(display_value(key, value, lang) if lang != 'en' else value)}")
    if pipeline:
        stages = ", ".join(f"{stage} {count}" for stage, count in pipeline.items()) if lang == "en" else \
            "、".join(f"{STAGES.label(stage)} {count}" for stage, count in pipeline.items())
        lines.append(f"  {'pipeline' if lang == 'en' else WORDS.label('pipeline')}: {stages}")
    lines.append("  " + _thresholds(profile, lang))
    if profile.get("min_feed_weight"):  # lighter feeds-into edges were ignored (unweighted ones count)
        lines.append(f"  {WORDS.label('feed_weight', lang)} >= {profile['min_feed_weight']}")
    return lines

"""The sentences and rows of leads (``chaingap leads``): why each firm is worth a call.

The engine (:mod:`chaingap.queries.leads`) returns leads as structure; the words here come
from the vocabulary (statuses, flags, lead kinds, headers), Chinese by default, English
with ``lang="en"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chaingap.ontology.vocab import FLAGS, LEAD_KINDS, STATUSES, WORDS
from chaingap.queries.leads import Lead

__all__ = ["lead_sentence", "lead_rows", "LEAD_COLUMNS"]

LEAD_COLUMNS = ("kind", "link", "link_name", "link_status", "enterprise", "name", "province", "anchor",
                "anchor_name", "product", "product_name", "branches", "branch_names", "signal", "as_of",
                "score", "reasons", "why")


def _link(lead: Lead, lang: str) -> str:
    if not lead.link:
        return "link unknown" if lang == "en" else f"{WORDS.label('link')}未知"
    name = lead.link_name or lead.link
    status = STATUSES.label(lead.link_status, lang) if lead.link_status else ""
    if lang == "en":
        return f"link {name} ({status})" if status else f"link {name}"
    return f"{name}{WORDS.label('link')}（{status}）" if status else f"{name}{WORDS.label('link')}"


def _place(lead: Lead, lang: str) -> str:
    if not lead.province:
        return ""
    return f" ({lead.province})" if lang == "en" else f"（{lead.province}）"


def lead_sentence(lead: Lead, lang: str = "zh") -> str:
    """Why ``lead`` is listed, in one sentence naming the firm, the anchor or branches, and the link."""
    leader = FLAGS.label("chain_leader", lang)
    product = ""
    if lead.product:
        name = lead.product_name or lead.product
        product = f" ({WORDS.label('product', lang)}: {name})" if lang == "en" else f"「{name}」"
    link = _link(lead, lang)
    place = _place(lead, lang)
    if lead.kind == "suppliers":
        if lang == "en":
            return (f"{lead.name}{place} supplies the local {leader} {lead.anchor_name}{product}; "
                    f"it works in the {link}: {WORDS.label('via_firms', lang)}.")
        return (f"{lead.name}{place}为本地{leader}{lead.anchor_name}供应{product or '产品'}，"
                f"属{link}，可{WORDS.label('via_firms')}。")
    if lead.kind == "customers":
        if lang == "en":
            return (f"The local {leader} {lead.anchor_name} supplies {lead.name}{place}{product}; "
                    f"{lead.name} works in the {link}: {WORDS.label('via_firms', lang)}.")
        return (f"本地{leader}{lead.anchor_name}向{lead.name}{place}供应{product or '产品'}，"
                f"该客户属{link}，可{WORDS.label('via_firms')}。")
    if lead.kind == "groups":
        branches = "、".join(lead.branch_names) if lang == "zh" else ", ".join(lead.branch_names)
        if lang == "en":
            return (f"{lead.name}{place} is the group of the local branch(es) {branches} "
                    f"and works in the {link}: approach it through its branch.")
        return f"{lead.name}{place}是本地企业{branches}的所属集团，在{link}有布局，可经本地分支对接。"
    if lang == "en":
        signal = (f"; {WORDS.label('signal', lang)}: {lead.signal}"
                  + (f" (data as of {lead.as_of})" if lead.as_of else "")) if lead.signal else ""
        return f"{lead.name} is among the strongest local firms of the {link}{signal}: able to expand."
    signal = (f"，{WORDS.label('signal')}：{lead.signal}" + (f"（数据截至{lead.as_of}）" if lead.as_of else "")
              ) if lead.signal else ""
    return f"{lead.name}是{link}中规模、资质居前的本地企业{signal}，可争取{LEAD_KINDS.label('expansion')}。"


def lead_rows(leads: Sequence[Lead], lang: str = "zh") -> list[dict[str, Any]]:
    """One row per lead, codes as the engine gives them, plus the sentence (``why``)."""
    rows = []
    for lead in leads:
        row = {column: getattr(lead, column) for column in LEAD_COLUMNS if hasattr(lead, column)}
        row["why"] = lead_sentence(lead, lang)
        rows.append(row)
    return rows

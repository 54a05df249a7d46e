"""The report folder in text formats: Markdown, JSON and CSV of gaps and targets.

CSV files start with a UTF-8 byte-order mark because Excel on Chinese Windows otherwise
opens UTF-8 as GBK and garbles every name. Chinese is the default language; ``lang="en"``
switches headings and rule sentences (written here from each link's rule, by
:func:`.i18n.rule_sentence`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from chaingap.queries.results import Analysis, LinkResult, Target, plain
from chaingap.queries.rollups import LEAF_STATUSES, ROLLUP, leaf_links

from .cells import markdown_text, spreadsheet_text
from .display import chain_order, display_rows
from .i18n import fmt, label, reason_sentence, rule_sentence, status_label

__all__ = ["write_report", "gap_rows", "target_rows", "markdown", "REPORT_FILES", "chain_order"]

REPORT_FILES = ("report.md", "analysis.json", "gaps.csv", "targets.csv", "shortlist.csv", "expand_locally.csv")

GAP_COLUMNS = ("chain", "link", "name", "segment", "status", "extension", "local_enterprises",
               "local_revenue", "local_key_enterprises", "benchmark_enterprises", "lq", "lq_basis", "top_share", "hhi",
               "top_firm", "single_firm", "projects", "downstream_count", "criticality", "supply_gap", "level", "rule")
TARGET_COLUMNS = ("link", "rank", "enterprise", "name", "score", "fit", "size", "quality", "ties",
                  "group", "proximity", "expansion", "province", "revenue", "size_basis", "reasons")


def _targets_in_chain_order(analysis: Analysis) -> list[Target]:
    return [t for link in chain_order(analysis.links) for t in analysis.targets.get(link.id, [])]


def gap_rows(analysis: Analysis, lang: str = "zh", links: Sequence[LinkResult] | None = None) -> list[dict[str, Any]]:
    """One row per link with the numbers behind its status (links as each chain runs).

    ``links`` defaults to the analysis' links (leaves, parents as rollups); ``gaps --level``
    passes :func:`chaingap.queries.rollups.at_level`. ``rollup`` is a rollup's leaf links per
    status (None for a link judged as a link; JSON only, the rule sentence says it in words).
    """
    rows = []
    for link in chain_order(analysis.links if links is None else links):
        m = link.metrics
        rows.append({
            "chain": link.chain, "link": link.id, "name": link.name_en if lang == "en" and link.name_en else link.name,
            "level": link.level, "segment": link.segment, "status": link.status, "extension": link.extension,
            **{key: m.get(key) for key in GAP_COLUMNS if key in m},
            "rule": rule_sentence(link, lang),
            "rollup": dict(link.rollup) if link.status == ROLLUP else None,
        })
    return rows


def target_rows(targets: Sequence[Target]) -> list[dict[str, Any]]:
    """One row per candidate with its weighted score parts."""
    return [{"link": t.link, "rank": t.rank, "enterprise": t.enterprise, "name": t.name, "score": t.score,
             **t.parts, "province": t.province, "revenue": t.revenue, "size_basis": t.size_basis,
             "reasons": t.reasons} for t in targets]


def _write_csv(path: Path, rows: list[dict[str, Any]], columns: Sequence[str], lang: str = "zh") -> None:
    """Headers and coded values in ``lang`` (:func:`.display.display_rows`)."""
    columns, rows = display_rows(rows, columns, lang)
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([spreadsheet_text(c) for c in columns])
        for row in rows:
            writer.writerow([spreadsheet_text("; ".join(map(str, v)) if isinstance(v, list) else
                                              ("" if v is None else plain(v))) for v in (row.get(c) for c in columns)])


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(markdown_text(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(markdown_text(c) for c in row) + " |" for row in rows]
    return lines + [""]


def markdown(analysis: Analysis, lang: str = "zh", held: Sequence[Any] = ()) -> str:
    """The human-readable report: summary, statuses by chain, explanations, targets (and the
    candidates ``held`` back from them, :mod:`.held`)."""
    L = lambda word: label(word, lang)  # noqa: E731
    out = [f"# {L('title')}", ""]
    if analysis.region:
        out += [f"{'区域' if lang == 'zh' else 'Region'}: {markdown_text(analysis.region)}", ""]
    counts = {status: len(analysis.by_status(status)) for status in LEAF_STATUSES}
    out += [f"## {L('summary')}", ""]
    out += _table([L("status"), "#"], [[status_label(s, lang), n] for s, n in counts.items()])
    out += [f"{L('leaf_links')}: {len(leaf_links(analysis.links))}"
            + (f"; {L('link_rollups')}: {len(analysis.by_status(ROLLUP))}" if analysis.by_status(ROLLUP) else ""), ""]
    extension = [link for link in analysis.links if link.extension]
    out += [f"{L('extension')}: {len(extension)}", ""]
    out += [f"## {L('gaps')}", ""]
    chains = sorted({link.chain for link in analysis.links})
    for chain in chains:
        links = chain_order(link for link in analysis.links if link.chain == chain)
        title = links[0].chain_name or chain
        out += [f"### {markdown_text(title)}", ""]
        out += _table([L("link"), L("segment"), L("status"), L("local_enterprises"), L("lq"), L("hhi"), L("criticality"), L("extension")],
                      [[link.name_en if lang == "en" and link.name_en else link.name, L(link.segment) if link.segment else "",
                        status_label(link.status, lang), link.metrics.get("local_enterprises"), fmt(link.metrics.get("lq")),
                        fmt(link.metrics.get("hhi")), fmt(link.metrics.get("criticality")),
                        L("yes") if link.extension else ""] for link in links])
        out += [f"- {markdown_text(rule_sentence(link, lang))}" for link in links if link.status != "normal"] + [""]
    out += [f"## {L('targets')}", ""]
    name = lambda link: link.name_en if lang == "en" and link.name_en else link.name  # noqa: E731
    for link in chain_order(analysis.links):
        items = analysis.targets.get(link.id)
        if not items:
            continue
        out += [f"### {markdown_text(name(link))} ({status_label(link.status, lang)})", ""]
        out += _table([L("rank"), L("enterprise"), L("score"), L("province"), L("reasons")],
                      [[t.rank, t.name, fmt(t.score, 3), t.province, reason_sentence(t.reasons, lang)] for t in items])
    if held:
        from .held import HELD_COLUMNS, held_headers, held_rows, held_title

        out += [f"## {markdown_text(held_title(lang))}", ""]
        out += _table(held_headers(lang), [[row[c] for c in HELD_COLUMNS] for row in held_rows(held, analysis, lang)])
    out += [f"## {L('shortlist')}", ""]
    out += _table([L("rank"), L("enterprise"), L("link"), L("score"), L("reasons")],
                  [[t.rank, t.name, name(analysis.link(t.link)), fmt(t.score, 3), reason_sentence(t.reasons, lang)]
                   for t in analysis.shortlist])
    out += [f"## {L('expand_locally')}", ""]
    out += _table([L("link"), L("enterprise"), L("score"), L("revenue")],
                  [[name(analysis.link(t.link)), t.name, fmt(t.score, 3), fmt(t.revenue)] for t in analysis.expand_locally])
    return "\n".join(out)


def write_report(analysis: Analysis, out_dir: str | Path, lang: str = "zh", held: Sequence[Any] = ()) -> list[Path]:
    """Write :data:`REPORT_FILES` into ``out_dir`` (created); returns the paths written.

    ``held``: the candidates held back from the targets (:func:`.held.held_items`), in the
    Markdown and as ``held_back`` in analysis.json (codes and ISO dates)."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / name for name in REPORT_FILES]
    paths[0].write_text(markdown(analysis, lang, held), encoding="utf-8")
    data = {**analysis.to_dict(), "held_back": [item.as_dict() for item in held]}
    paths[1].write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    _write_csv(paths[2], gap_rows(analysis, lang), GAP_COLUMNS, lang)
    _write_csv(paths[3], target_rows(_targets_in_chain_order(analysis)), TARGET_COLUMNS, lang)
    _write_csv(paths[4], target_rows(analysis.shortlist), TARGET_COLUMNS, lang)
    _write_csv(paths[5], target_rows(analysis.expand_locally), TARGET_COLUMNS, lang)
    return paths

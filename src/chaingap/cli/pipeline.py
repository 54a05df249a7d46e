"""``chaingap projects signed|rates``: the recruitment pipeline's figures (docs/pipeline.md).

The figures come from :mod:`chaingap.queries.pipeline` (the SQL files); this layer only picks
the store, resolves the district and shows the rows. Table and Markdown output show the
figures as bureaus publish them (one decimal, 亿元); JSON and CSV carry the exact values, the
numerators and denominators and the project ids behind them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import click

from chaingap.ontology.vocab import PIPELINE_WORDS

from .analysis import open_analysis_store
from .core import home_option
from .ids import resolve_id
from .output import emit, output_options

__all__ = ["register", "percent", "yi"]

_TENTH = Decimal("0.1")


def percent(value: Decimal | None, signed: bool = False) -> str:
    """``0.4274`` -> ``42.7%`` (half up, as published); ``signed`` adds the sign of growth."""
    if value is None:
        return ""
    shown = (Decimal(value) * 100).quantize(_TENTH, ROUND_HALF_UP)
    return f"{'+' if signed and shown > 0 else ''}{shown}%"


def yi(wan: Decimal | None) -> str:
    """万元 -> 亿元 with one decimal (``6415000`` -> ``641.5``)."""
    if wan is None:
        return ""
    return str((Decimal(wan) / 10_000).quantize(_TENTH, ROUND_HALF_UP))


def _count(value: Decimal | None) -> str:
    if value is None:
        return ""
    value = Decimal(value)
    return str(int(value)) if value == value.to_integral_value() else str(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


def _word(code: str, lang: str) -> str:
    return getattr(PIPELINE_WORDS[code], lang)


def _district(store: Any, district: str | None) -> str | None:
    if not district:
        return None
    names = {row["id"]: row["name"] for row in store.sql("SELECT DISTINCT id, name FROM districts")}
    return resolve_id("district", district, names, "see districts.csv for district ids")


def signed_rows(figures: Any, lang: str, exact: bool) -> list[dict[str, Any]]:
    """The rows of ``projects signed``: projects, investment, manufacturing and key-chain shares."""
    f = figures
    if exact:
        return [
            {"figure": "signed_projects", "label": _word("signed_projects", lang), "value": f.projects,
             "same_period": f.projects_before, "growth": f.projects_growth, "annual_target": f.target_projects,
             "of_target": f.projects_of_target, "share": None, "projects": list(f.project_ids)},
            {"figure": "signed_investment", "label": _word("signed_investment", lang), "value": f.investment,
             "same_period": f.investment_before, "growth": f.investment_growth, "annual_target": f.target_investment,
             "of_target": f.investment_of_target, "share": None, "projects": list(f.project_ids)},
            {"figure": "manufacturing_share", "label": _word("manufacturing_share", lang), "value": f.manufacturing,
             "same_period": None, "growth": None, "annual_target": None, "of_target": None,
             "share": f.manufacturing_share, "projects": None},
            {"figure": "key_chain_share", "label": _word("key_chain_share", lang), "value": f.key_chain,
             "same_period": None, "growth": None, "annual_target": None, "of_target": None,
             "share": f.key_chain_share, "projects": None},
        ]
    return [
        {"figure": _word("signed_projects", lang), "value": _count(f.projects), "same_period": _count(f.projects_before),
         "growth": percent(f.projects_growth, True), "annual_target": _count(f.target_projects),
         "of_target": percent(f.projects_of_target), "share": ""},
        {"figure": _word("signed_investment", lang), "value": yi(f.investment), "same_period": yi(f.investment_before),
         "growth": percent(f.investment_growth, True), "annual_target": yi(f.target_investment),
         "of_target": percent(f.investment_of_target), "share": ""},
        {"figure": _word("manufacturing_share", lang), "value": _count(f.manufacturing), "same_period": "",
         "growth": "", "annual_target": "", "of_target": "", "share": percent(f.manufacturing_share)},
        {"figure": _word("key_chain_share", lang), "value": _count(f.key_chain), "same_period": "",
         "growth": "", "annual_target": "", "of_target": "", "share": percent(f.key_chain_share)},
    ]


def rate_rows(found: list[Any], lang: str, exact: bool) -> list[dict[str, Any]]:
    """The rows of ``projects rates``: each rate with its numerator, denominator and ids."""
    rows = []
    for rate in found:
        label = _word(f"{rate.rate}_rate", lang)
        if exact:
            rows.append({"rate": rate.rate, "label": label, "stage": rate.stage, "numerator": rate.numerator,
                         "denominator": rate.denominator, "value": rate.value, "reached": list(rate.reached),
                         "cohort": list(rate.cohort)})
        else:
            rows.append({"rate": label, "value": percent(rate.value), "numerator": _count(rate.numerator),
                         "denominator": _count(rate.denominator)})
    return rows


_DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.group()
def projects() -> None:
    """The recruitment pipeline: projects signed, cohort rates, the monthly report (docs/pipeline.md).

    \b
    Example:
        chaingap projects signed --from 2024-01-01 --to 2024-03-31
        chaingap projects rates --cohort 2023 --as-of 2024-03-31 --district zjxq
        chaingap projects report --month 2024-03 --out reports/
    """


def _common(func):
    func = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
                        help="Language of the labels.")(func)
    func = click.option("--district", help="A district id or name (default: the whole city).")(func)
    func = click.option("--profile", "profile_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                        help="Profile YAML (its pipeline section sets the thresholds).")(func)
    func = click.option("--sample", "use_sample", is_flag=True, help="Use the bundled sample in memory.")(func)
    return home_option(func)


@projects.command("signed")
@_common
@click.option("--from", "period_from", type=_DATE, required=True, help="First day of the period (YYYY-MM-DD).")
@click.option("--to", "period_to", type=_DATE, required=True, help="Last day of the period (YYYY-MM-DD).")
@output_options
def signed_command(home, use_sample, profile_path, district, lang, period_from, period_to, fmt):
    """Projects signed in a period that count: count, investment, growth, share of target.

    \b
    Example:
        chaingap projects signed --from 2024-01-01 --to 2024-03-31
        chaingap projects signed --from 2024-01-01 --to 2024-03-31 --district zjxq --format json
    """
    from chaingap.queries.pipeline import signed
    from chaingap.queries.profile import load_profile

    store = open_analysis_store(home, use_sample)
    figures = signed(store, period_from.date(), period_to.date(), _district(store, district), load_profile(profile_path))
    emit(signed_rows(figures, lang, fmt not in ("table", "md")), fmt)


@projects.command("rates")
@_common
@click.option("--cohort", type=click.IntRange(1900, 2999), required=True, help="Signing year of the cohort.")
@click.option("--as-of", "as_of", type=_DATE, required=True, help="Stages reached by this date (YYYY-MM-DD).")
@output_options
def rates_command(home, use_sample, profile_path, district, lang, cohort, as_of, fmt):
    """Landing, start and statistics-entry rates of a signing cohort, with numerators and ids.

    \b
    Example:
        chaingap projects rates --cohort 2023 --as-of 2024-03-31
    """
    from chaingap.queries.pipeline import rates
    from chaingap.queries.profile import load_profile

    store = open_analysis_store(home, use_sample)
    found = rates(store, cohort, as_of.date(), _district(store, district), load_profile(profile_path))
    emit(rate_rows(found, lang, fmt not in ("table", "md")), fmt)


@projects.command("report")
@_common
@click.option("--month", required=True, help="The month reported on (YYYY-MM), e.g. 2024-03.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for report-<month>.md, .html, .xlsx and .json.")
def report_command(home, use_sample, profile_path, district, lang, month, out_dir):
    """Monthly district report: signings, stage changes, rates, transfers, a ranking of districts.

    \b
    Example:
        chaingap projects report --month 2024-03 --out reports/
    """
    import re

    from chaingap.queries.profile import load_profile
    from chaingap.report.pipeline_report import write_report

    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise click.BadParameter("a month such as 2024-03", param_hint="--month")
    if district:
        raise click.BadParameter("the report covers every district; leave --district out", param_hint="--district")
    store = open_analysis_store(home, use_sample)
    for kind, path in write_report(store, month, out_dir, load_profile(profile_path), lang).items():
        click.echo(f"{kind}: {path}")


def register(group: click.Group) -> None:
    """Add ``projects`` to the main group."""
    group.add_command(projects)

